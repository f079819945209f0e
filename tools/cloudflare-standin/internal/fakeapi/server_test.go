package fakeapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

const testToken = "test-token-0123456789"

type apiResp struct {
	Status     int
	Success    bool              `json:"success"`
	Errors     []ErrorItem       `json:"errors"`
	Messages   []json.RawMessage `json:"messages"`
	Result     json.RawMessage   `json:"result"`
	ResultInfo *resultInfo       `json:"result_info"`
}

type harness struct {
	t   *testing.T
	srv *Server
	ts  *httptest.Server
}

func newHarness(t *testing.T, zones ...string) *harness {
	t.Helper()
	var specs []ZoneSpec
	for _, z := range zones {
		s, err := ParseZoneSpec(z)
		if err != nil {
			t.Fatal(err)
		}
		specs = append(specs, s)
	}
	srv, err := NewServer(Options{Token: testToken, Zones: specs})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &harness{t: t, srv: srv, ts: ts}
}

func (h *harness) do(method, path, token string, body any) apiResp {
	h.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, h.ts.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := h.ts.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out apiResp
	if err := json.Unmarshal(raw, &out); err != nil {
		h.t.Fatalf("%s %s: not JSON: %s", method, path, raw)
	}
	out.Status = res.StatusCode
	return out
}

func (h *harness) api(method, path string, body any) apiResp {
	h.t.Helper()
	return h.do(method, APIPrefix+path, testToken, body)
}

func (h *harness) zoneID(name string) string {
	h.t.Helper()
	z, ok := h.srv.Store().ZoneByIDOrName(name)
	if !ok {
		h.t.Fatalf("no zone %s", name)
	}
	return z.ID
}

func (h *harness) create(zone string, body map[string]any) (recordJSON, apiResp) {
	h.t.Helper()
	r := h.api("POST", "/zones/"+h.zoneID(zone)+"/dns_records", body)
	var rec recordJSON
	if r.Success {
		if err := json.Unmarshal(r.Result, &rec); err != nil {
			h.t.Fatal(err)
		}
	}
	return rec, r
}

func wantError(t *testing.T, r apiResp, status, code int) {
	t.Helper()
	if r.Success || r.Status != status {
		t.Fatalf("want HTTP %d error %d, got HTTP %d success=%v errors=%+v", status, code, r.Status, r.Success, r.Errors)
	}
	for _, e := range r.Errors {
		if e.Code == code {
			return
		}
		for _, c := range e.ErrorChain {
			if c.Code == code {
				return
			}
		}
	}
	t.Fatalf("want error code %d, got %+v", code, r.Errors)
}

func wantOK(t *testing.T, r apiResp) {
	t.Helper()
	if !r.Success || r.Status != http.StatusOK || len(r.Errors) != 0 {
		t.Fatalf("want success, got HTTP %d errors=%+v", r.Status, r.Errors)
	}
}

func cname(name, target string) map[string]any {
	return map[string]any{"type": "CNAME", "name": name, "content": target, "proxied": true, "ttl": 1}
}

func TestAuth(t *testing.T) {
	h := newHarness(t, "example.com")
	for _, tok := range []string{"", "wrong", testToken + "x"} {
		r := h.do("GET", APIPrefix+"/zones", tok, nil)
		wantError(t, r, http.StatusUnauthorized, 10000)
		if r.Result == nil || string(r.Result) != "null" || r.Messages == nil {
			t.Fatalf("error envelope shape: %+v", r)
		}
	}
	wantOK(t, h.api("GET", "/zones", nil))
	// Admin endpoints need no token.
	if r := h.do("GET", AdminPrefix+"/state", "", nil); r.Status != http.StatusOK {
		t.Fatalf("admin state: %d", r.Status)
	}
	if _, err := NewServer(Options{}); err == nil {
		t.Fatal("a server without token must be refused")
	}
}

func TestZones(t *testing.T) {
	h := newHarness(t, "example.com", "big.example=enterprise")
	r := h.api("GET", "/zones?name=example.com", nil)
	wantOK(t, r)
	var zones []map[string]any
	if err := json.Unmarshal(r.Result, &zones); err != nil {
		t.Fatal(err)
	}
	if len(zones) != 1 || zones[0]["name"] != "example.com" || zones[0]["id"] != h.zoneID("example.com") {
		t.Fatalf("zones: %+v", zones)
	}
	if id := zones[0]["id"].(string); len(id) != 32 || id != hexID("zone", "example.com") {
		t.Fatalf("zone id %q is not the deterministic 32-hex id", id)
	}
	if r.ResultInfo == nil || r.ResultInfo.TotalCount != 1 || r.ResultInfo.Page != 1 {
		t.Fatalf("result_info: %+v", r.ResultInfo)
	}
	for q, want := range map[string]int{"": 2, "?name=nope.example": 0, "?name=ends_with:.example": 1, "?name=contains:example": 2, "?per_page=1": 1} {
		r := h.api("GET", "/zones"+q, nil)
		wantOK(t, r)
		var zs []any
		_ = json.Unmarshal(r.Result, &zs)
		if len(zs) != want {
			t.Errorf("zones%s: %d results, want %d", q, len(zs), want)
		}
	}
	r = h.api("GET", "/zones/"+h.zoneID("big.example"), nil)
	wantOK(t, r)
	var z map[string]any
	_ = json.Unmarshal(r.Result, &z)
	if z["plan"].(map[string]any)["legacy_id"] != "enterprise" || z["status"] != "active" || z["account"].(map[string]any)["id"] != AccountID {
		t.Fatalf("zone: %+v", z)
	}
	wantError(t, h.api("GET", "/zones/0123456789abcdef0123456789abcdef", nil), http.StatusNotFound, 7003)
	wantError(t, h.api("GET", "/no/such/route", nil), http.StatusNotFound, 7000)
}

func TestIPs(t *testing.T) {
	h := newHarness(t)
	r := h.api("GET", "/ips", nil)
	wantOK(t, r)
	var ips map[string]any
	_ = json.Unmarshal(r.Result, &ips)
	if len(ips["ipv4_cidrs"].([]any)) == 0 || len(ips["ipv6_cidrs"].([]any)) == 0 || ips["etag"] == "" {
		t.Fatalf("ips: %+v", ips)
	}
	if _, ok := ips["jdcloud_cidrs"]; ok {
		t.Fatal("jdcloud_cidrs only with networks=jdcloud")
	}
	r = h.api("GET", "/ips?networks=jdcloud", nil)
	_ = json.Unmarshal(r.Result, &ips)
	if _, ok := ips["jdcloud_cidrs"]; !ok {
		t.Fatal("networks=jdcloud must add jdcloud_cidrs")
	}
}

func TestRecordCRUD(t *testing.T) {
	h := newHarness(t, "example.com")
	zid := h.zoneID("example.com")
	rec, r := h.create("example.com", map[string]any{
		"type": "CNAME", "name": "WWW.Example.com.", "content": "lb-1.eu-central-1.elb.amazonaws.com.",
		"proxied": true, "ttl": 1, "comment": "managed",
	})
	wantOK(t, r)
	if rec.Name != "www.example.com" || rec.Content != "lb-1.eu-central-1.elb.amazonaws.com" || !rec.Proxied || !rec.Proxiable || rec.TTL != 1 {
		t.Fatalf("normalisation: %+v", rec)
	}
	if len(rec.ID) != 32 || rec.CreatedOn == "" || rec.CreatedOn != rec.ModifiedOn || rec.CommentModifiedOn == "" || rec.TagsModifiedOn != "" {
		t.Fatalf("computed fields: %+v", rec)
	}
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(r.Result, &raw)
	for _, k := range []string{"settings", "meta", "tags", "comment", "proxiable"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("record JSON lacks %q", k)
		}
	}
	if string(raw["tags"]) != "[]" || string(raw["settings"]) != "{}" {
		t.Errorf("tags/settings: %s %s", raw["tags"], raw["settings"])
	}

	// Relative and apex names become FQDNs.
	a, r := h.create("example.com", map[string]any{"type": "A", "name": "api", "content": "198.51.100.7", "ttl": 300})
	wantOK(t, r)
	if a.Name != "api.example.com" || a.Proxied || a.Comment != nil {
		t.Fatalf("relative name: %+v", a)
	}
	apex, r := h.create("example.com", map[string]any{"type": "TXT", "name": "@", "content": "v=spf1 -all", "ttl": 3600})
	wantOK(t, r)
	if apex.Name != "example.com" {
		t.Fatalf("apex: %+v", apex)
	}

	// Get, list with filters.
	r = h.api("GET", "/zones/"+zid+"/dns_records/"+rec.ID, nil)
	wantOK(t, r)
	for q, want := range map[string]int{"": 3, "?type=CNAME": 1, "?name=api.example.com": 1, "?name=api.example.com&type=CNAME": 0, "?type=txt": 1} {
		r := h.api("GET", "/zones/"+zid+"/dns_records"+q, nil)
		wantOK(t, r)
		var list []recordJSON
		_ = json.Unmarshal(r.Result, &list)
		if len(list) != want {
			t.Errorf("list%s: %d, want %d", q, len(list), want)
		}
	}

	// PATCH merges; PUT replaces (absent comment is removed).
	r = h.api("PATCH", "/zones/"+zid+"/dns_records/"+a.ID, map[string]any{"content": "198.51.100.8"})
	wantOK(t, r)
	var patched recordJSON
	_ = json.Unmarshal(r.Result, &patched)
	if patched.Content != "198.51.100.8" || patched.TTL != 300 || patched.Name != "api.example.com" || patched.CreatedOn != a.CreatedOn {
		t.Fatalf("patch: %+v", patched)
	}
	r = h.api("PUT", "/zones/"+zid+"/dns_records/"+rec.ID, map[string]any{
		"type": "CNAME", "name": "www.example.com", "content": "lb-2.eu-central-1.elb.amazonaws.com", "proxied": true, "ttl": 1, "tags": []string{"team:web"},
	})
	wantOK(t, r)
	var put recordJSON
	_ = json.Unmarshal(r.Result, &put)
	if put.Comment != nil || put.CommentModifiedOn != "" || put.TagsModifiedOn == "" || len(put.Tags) != 1 || put.ID != rec.ID || put.CreatedOn != rec.CreatedOn {
		t.Fatalf("put: %+v", put)
	}

	// Delete, then 404 with Cloudflare's code.
	wantOK(t, h.api("DELETE", "/zones/"+zid+"/dns_records/"+rec.ID, nil))
	wantError(t, h.api("GET", "/zones/"+zid+"/dns_records/"+rec.ID, nil), http.StatusNotFound, 81044)
	wantError(t, h.api("DELETE", "/zones/"+zid+"/dns_records/"+rec.ID, nil), http.StatusNotFound, 81044)
	wantError(t, h.api("PUT", "/zones/"+zid+"/dns_records/"+rec.ID, cname("www", "x.example.net")), http.StatusNotFound, 81044)
}

func TestRecordValidation(t *testing.T) {
	h := newHarness(t, "example.com", "ent.example=enterprise")
	cases := []struct {
		name string
		zone string
		body map[string]any
		code int // 0: must succeed
	}{
		{"ttl 30 on a free zone", "example.com", map[string]any{"type": "A", "name": "a1", "content": "198.51.100.1", "ttl": 30}, CodeTTL},
		{"ttl 30 on an enterprise zone", "ent.example", map[string]any{"type": "A", "name": "a1", "content": "198.51.100.1", "ttl": 30}, 0},
		{"ttl 29 on an enterprise zone", "ent.example", map[string]any{"type": "A", "name": "a2", "content": "198.51.100.1", "ttl": 29}, CodeTTL},
		{"ttl 60 (ACM validation)", "example.com", map[string]any{"type": "CNAME", "name": "_x.example.com", "content": "_y.acm-validations.aws.", "ttl": 60, "proxied": false}, 0},
		{"ttl 86400", "example.com", map[string]any{"type": "TXT", "name": "t1", "content": "x", "ttl": 86400}, 0},
		{"ttl 86401", "example.com", map[string]any{"type": "TXT", "name": "t2", "content": "x", "ttl": 86401}, CodeTTL},
		{"ttl 2", "example.com", map[string]any{"type": "TXT", "name": "t3", "content": "x", "ttl": 2}, CodeTTL},
		{"ttl 1 (automatic)", "example.com", map[string]any{"type": "TXT", "name": "t4", "content": "x", "ttl": 1}, 0},
		{"proxied TXT", "example.com", map[string]any{"type": "TXT", "name": "t5", "content": "x", "ttl": 1, "proxied": true}, CodeNotProxiable},
		{"proxied MX", "example.com", map[string]any{"type": "MX", "name": "m1", "content": "mx.example.net", "priority": 10, "ttl": 1, "proxied": true}, CodeNotProxiable},
		{"proxied private A", "example.com", map[string]any{"type": "A", "name": "p1", "content": "10.0.0.1", "ttl": 1, "proxied": true}, CodeTargetNotAllowed},
		{"proxied AAAA", "example.com", map[string]any{"type": "AAAA", "name": "v6", "content": "2001:db8::1", "ttl": 1, "proxied": true}, 0},
		{"bad A content", "example.com", map[string]any{"type": "A", "name": "b1", "content": "not-an-ip", "ttl": 1}, CodeInvalidA},
		{"bad AAAA content", "example.com", map[string]any{"type": "AAAA", "name": "b2", "content": "1.2.3.4", "ttl": 1}, CodeInvalidAAAA},
		{"name in another zone", "example.com", map[string]any{"type": "A", "name": "www.example.org", "content": "198.51.100.1", "ttl": 1}, CodeNameNotInZone},
		{"name that only ends like the zone", "example.com", map[string]any{"type": "A", "name": "badexample.com", "content": "198.51.100.1", "ttl": 1}, CodeNameNotInZone},
		{"unknown type", "example.com", map[string]any{"type": "SPF", "name": "s", "content": "x", "ttl": 1}, CodeInvalidType},
		{"CAA without data", "example.com", map[string]any{"type": "CAA", "name": "@", "ttl": 1}, CodeInvalidContent},
		{"MX without priority", "example.com", map[string]any{"type": "MX", "name": "m2", "content": "mx.example.net", "ttl": 1}, CodeInvalidField},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, r := h.create(c.zone, c.body)
			if c.code == 0 {
				wantOK(t, r)
			} else {
				wantError(t, r, http.StatusBadRequest, c.code)
			}
		})
	}

	// Proxied records always carry the automatic TTL.
	rec, r := h.create("example.com", map[string]any{"type": "A", "name": "px", "content": "198.51.100.9", "ttl": 300, "proxied": true})
	wantOK(t, r)
	if rec.TTL != 1 {
		t.Fatalf("proxied ttl: %v", rec.TTL)
	}
	// CAA content is rendered from data.
	rec, r = h.create("example.com", map[string]any{"type": "CAA", "name": "@", "ttl": 1, "data": map[string]any{"flags": 0, "tag": "issue", "value": "amazon.com"}})
	wantOK(t, r)
	if rec.Content != `0 issue "amazon.com"` {
		t.Fatalf("CAA content %q", rec.Content)
	}
}

func TestSameNameRules(t *testing.T) {
	h := newHarness(t, "example.com")
	_, r := h.create("example.com", map[string]any{"type": "A", "name": "legacy", "content": "203.0.113.10", "ttl": 300})
	wantOK(t, r)
	_, r = h.create("example.com", map[string]any{"type": "A", "name": "legacy", "content": "203.0.113.11", "ttl": 300})
	wantOK(t, r) // round-robin A records are fine
	_, r = h.create("example.com", map[string]any{"type": "AAAA", "name": "legacy", "content": "2001:db8::10", "ttl": 300})
	wantOK(t, r)
	_, r = h.create("example.com", map[string]any{"type": "A", "name": "legacy.example.com", "content": "203.0.113.10", "ttl": 60})
	wantError(t, r, http.StatusBadRequest, CodeIdentical)

	_, r = h.create("example.com", cname("legacy.example.com", "lb.example.net"))
	wantError(t, r, http.StatusBadRequest, CodeAddressOrCNAME)
	if !strings.Contains(r.Errors[0].Message, "An A, AAAA, or CNAME record with that host already exists.") {
		t.Fatalf("81053 message: %q", r.Errors[0].Message)
	}

	c, r := h.create("example.com", cname("app", "lb.example.net"))
	wantOK(t, r)
	_, r = h.create("example.com", cname("app", "other.example.net"))
	wantError(t, r, http.StatusBadRequest, CodeAddressOrCNAME)
	_, r = h.create("example.com", map[string]any{"type": "A", "name": "app", "content": "198.51.100.1", "ttl": 1})
	wantError(t, r, http.StatusBadRequest, CodeCNAMEExists)
	if !strings.Contains(r.Errors[0].Message, "A CNAME record with that host already exists.") {
		t.Fatalf("81054 message: %q", r.Errors[0].Message)
	}
	_, r = h.create("example.com", map[string]any{"type": "TXT", "name": "app", "content": "x", "ttl": 1})
	wantError(t, r, http.StatusBadRequest, CodeCNAMEExists)

	// Updating a record never conflicts with itself, but does with others.
	wantOK(t, h.api("PUT", "/zones/"+h.zoneID("example.com")+"/dns_records/"+c.ID, cname("app", "lb2.example.net")))
	wantError(t, h.api("PATCH", "/zones/"+h.zoneID("example.com")+"/dns_records/"+c.ID, map[string]any{"name": "legacy"}),
		http.StatusBadRequest, CodeAddressOrCNAME)
}

func TestAdmin(t *testing.T) {
	h := newHarness(t, "example.com")
	r := h.do("POST", AdminPrefix+"/zones/example.com/dns_records", "", map[string]any{"type": "A", "name": "old", "content": "203.0.113.5", "ttl": 300})
	wantOK(t, r)
	var rec recordJSON
	_ = json.Unmarshal(r.Result, &rec)
	// The pre-created record is visible through the API and blocks a CNAME.
	_, r = h.create("example.com", cname("old", "lb.example.net"))
	wantError(t, r, http.StatusBadRequest, CodeAddressOrCNAME)
	// Admin validates like the API does.
	wantError(t, h.do("POST", AdminPrefix+"/zones/example.com/dns_records", "", map[string]any{"type": "A", "name": "x", "content": "1.1.1.1", "ttl": 5}),
		http.StatusBadRequest, CodeTTL)
	wantError(t, h.do("POST", AdminPrefix+"/zones/nope.example/dns_records", "", map[string]any{}), http.StatusNotFound, 7003)

	wantOK(t, h.do("POST", AdminPrefix+"/zones", "", map[string]any{"name": "second.example", "plan": "enterprise"}))
	wantError(t, h.do("POST", AdminPrefix+"/zones", "", map[string]any{"name": "second.example"}), http.StatusBadRequest, 1001)

	res, err := http.Get(h.ts.URL + AdminPrefix + "/state")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var st AdminState
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	if len(st.Zones) != 2 || st.Zones[0].Name != "example.com" || len(st.Zones[0].Records) != 1 || st.Zones[0].Records[0].ID != rec.ID || st.Zones[1].Plan != PlanEnterprise {
		t.Fatalf("state: %+v", st)
	}
	wantOK(t, h.do("DELETE", AdminPrefix+"/zones/"+h.zoneID("example.com")+"/dns_records/"+rec.ID, "", nil))
	wantError(t, h.api("GET", "/zones/"+h.zoneID("example.com")+"/dns_records/"+rec.ID, nil), http.StatusNotFound, 81044)
}

// Concurrent writers see one consistent store: distinct names all succeed,
// and of many racing CNAMEs on one name exactly one wins.
func TestConcurrency(t *testing.T) {
	h := newHarness(t, "example.com")
	const n = 24
	var wg sync.WaitGroup
	results := make(chan apiResp, 2*n)
	for i := 0; i < n; i++ {
		wg.Add(2)
		go func(i int) {
			defer wg.Done()
			_, r := h.create("example.com", cname(fmt.Sprintf("host%d", i), "lb.example.net"))
			results <- r
		}(i)
		go func(i int) {
			defer wg.Done()
			_, r := h.create("example.com", cname("contended", fmt.Sprintf("lb%d.example.net", i)))
			r.Status = -r.Status // mark as contended
			results <- r
		}(i)
	}
	wg.Wait()
	close(results)
	distinct, won, lost := 0, 0, 0
	for r := range results {
		switch {
		case r.Status > 0 && r.Success:
			distinct++
		case r.Status < 0 && r.Success:
			won++
		case r.Status < 0 && !r.Success && r.Errors[0].Code == CodeAddressOrCNAME:
			lost++
		default:
			t.Errorf("unexpected result %+v", r)
		}
	}
	if distinct != n || won != 1 || lost != n-1 {
		t.Fatalf("distinct=%d won=%d lost=%d", distinct, won, lost)
	}
	recs, _ := h.srv.Store().Records(h.zoneID("example.com"))
	if len(recs) != n+1 {
		t.Fatalf("%d records stored", len(recs))
	}
}

func TestParseZoneSpec(t *testing.T) {
	for in, want := range map[string]ZoneSpec{
		"Example.COM.":         {Name: "example.com", Plan: PlanFree},
		"lq3.example.com=pro":  {Name: "lq3.example.com", Plan: PlanPro},
		"e.example=Enterprise": {Name: "e.example", Plan: PlanEnterprise},
		"b.example=business":   {Name: "b.example", Plan: PlanBusiness},
	} {
		got, err := ParseZoneSpec(in)
		if err != nil || got != want {
			t.Errorf("ParseZoneSpec(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "localhost", "a..b", "x.example=gold", "bad_zone!.com"} {
		if _, err := ParseZoneSpec(bad); err == nil {
			t.Errorf("ParseZoneSpec(%q) must fail", bad)
		}
	}
}

func TestStartRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "[::]:0", "example.com:80"} {
		if r, err := Start(addr, Options{Token: "t"}); err == nil {
			r.Close()
			t.Errorf("Start(%q) must be refused", addr)
		}
	}
	r, err := Start("127.0.0.1:0", Options{Token: "t", Zones: []ZoneSpec{{Name: "example.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !strings.HasPrefix(r.URL, "http://127.0.0.1:") || r.BaseURL != r.URL+APIPrefix {
		t.Fatalf("urls: %s %s", r.URL, r.BaseURL)
	}
}
