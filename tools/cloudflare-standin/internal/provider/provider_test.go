package provider

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"lq3/cloudflare-standin/internal/fakeapi"
)

const rec = "cloudflare_dns_record"

var hex32 = regexp.MustCompile(`^[0-9a-f]{32}$`)

func TestConfigureRefusesNonLoopbackAndMissingBaseURL(t *testing.T) {
	fake := startFake(t)
	t.Setenv(EnvAPIToken, testToken)
	cases := []struct {
		name, env string
		cfg       map[string]tftypes.Value
		want      string // substring of the error; "" = must succeed
	}{
		{"no base URL at all", "", nil, "no base URL"},
		{"real Cloudflare in config", "", map[string]tftypes.Value{"base_url": str("https://api.cloudflare.com/client/v4")}, "not loopback"},
		{"real Cloudflare in env", "https://api.cloudflare.com/client/v4", nil, "not loopback"},
		{"private address", "http://10.1.2.3:8080/client/v4", nil, "not loopback"},
		{"config wins over env", fake.BaseURL, map[string]tftypes.Value{"base_url": str("http://192.0.2.1/client/v4")}, "not loopback"},
		{"env loopback", fake.BaseURL, nil, ""},
		{"config loopback", "", map[string]tftypes.Value{"base_url": str(fake.BaseURL)}, ""},
		{"localhost", "", map[string]tftypes.Value{"base_url": str(strings.Replace(fake.BaseURL, "127.0.0.1", "localhost", 1))}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv(EnvBaseURL, c.env)
			if c.env == "" {
				// t.Setenv then unset: LookupEnv must report it missing.
				unsetenv(t, EnvBaseURL)
			}
			srv, schemas := newServer(t)
			e := &env{t: t, ctx: t.Context(), srv: srv, schemas: schemas}
			got := e.configure(c.cfg)
			if c.want == "" && got != "" {
				t.Fatalf("unexpected error: %s", got)
			}
			if c.want != "" && !strings.Contains(got, c.want) {
				t.Fatalf("want error containing %q, got %q", c.want, got)
			}
			if c.want != "" && !strings.Contains(got, "TEST DOUBLE") {
				t.Fatalf("the refusal must say this is a test double: %q", got)
			}
		})
	}
}

func TestProviderConfigValidation(t *testing.T) {
	srv, schemas := newServer(t)
	e := &env{t: t, ctx: t.Context(), srv: srv, schemas: schemas}
	typ := schemas.Provider.ValueType()
	for _, c := range []struct {
		cfg  map[string]tftypes.Value
		fail bool
	}{
		{map[string]tftypes.Value{"api_token": str("short")}, true},
		{map[string]tftypes.Value{"api_token": str(strings.Repeat("a", 40))}, false},
		{map[string]tftypes.Value{"api_key": str(strings.Repeat("a", 37))}, true}, // needs email
		{map[string]tftypes.Value{"api_key": str(strings.Repeat("a", 37)), "email": str("ops@example.com")}, false},
	} {
		res, err := srv.ValidateProviderConfig(e.ctx, &tfprotov6.ValidateProviderConfigRequest{Config: e.dv(typ, object(typ, c.cfg))})
		if err != nil {
			t.Fatal(err)
		}
		if got := diagErrors(res.Diagnostics) != ""; got != c.fail {
			t.Errorf("%v: failed=%v, want %v (%s)", c.cfg, got, c.fail, diagErrors(res.Diagnostics))
		}
	}
}

func (e *env) cnameConfig(name, target, comment string) tftypes.Value {
	vals := map[string]tftypes.Value{
		"zone_id": str(e.zoneID), "name": str(name), "type": str("CNAME"), "content": str(target),
		"proxied": boolean(true), "ttl": num(1),
	}
	if comment != "" {
		vals["comment"] = str(comment)
	}
	return object(e.resourceType(rec), vals)
}

func TestDNSRecordLifecycle(t *testing.T) {
	e := newEnv(t)
	null := tftypes.NewValue(e.resourceType(rec), nil)
	cfg := e.cnameConfig("staging.lq3.example.com", "lq3-staging01-alb-1.eu-central-1.elb.amazonaws.com", "managed by test")

	// Plan for create: computed values unknown except those the real provider pins.
	p := e.plan(rec, null, cfg)
	if p.errs != "" {
		t.Fatal(p.errs)
	}
	for _, a := range []string{"id", "created_on", "modified_on", "proxiable", "meta", "tags", "settings", "comment_modified_on", "tags_modified_on"} {
		if get(t, p.planned, a).IsKnown() {
			t.Errorf("planned %s should be unknown on create, got %v", a, get(t, p.planned, a))
		}
	}

	state, errs := e.apply(rec, null, p.planned, cfg)
	if errs != "" {
		t.Fatal(errs)
	}
	id := strOf(get(t, state, "id"))
	if !hex32.MatchString(id) {
		t.Fatalf("id %q", id)
	}
	if strOf(get(t, state, "name")) != "staging.lq3.example.com" || !boolOf(get(t, state, "proxiable")) ||
		collectionLen(get(t, state, "tags")) != 0 || get(t, state, "tags").IsNull() ||
		!get(t, state, "tags_modified_on").IsNull() || get(t, state, "comment_modified_on").IsNull() {
		t.Fatalf("state after create: %v", state)
	}
	if _, err := time.Parse(time.RFC3339, strOf(get(t, state, "created_on"))); err != nil {
		t.Fatalf("created_on: %v", err)
	}
	var meta map[string]any
	if err := json.Unmarshal([]byte(strOf(get(t, state, "meta"))), &meta); err != nil {
		t.Fatalf("meta is not JSON: %v", err)
	}
	if s := get(t, state, "settings"); s.IsNull() || !settingsAllUnset(s) {
		t.Fatalf("settings: %v", s)
	}
	stored, apiErr := e.fake.Store().Record(e.zoneID, id)
	if apiErr != nil || stored.Type != "CNAME" || !stored.Proxied || *stored.Comment != "managed by test" {
		t.Fatalf("fake API record: %+v %v", stored, apiErr)
	}

	// Refresh finds no drift, and the next plan is empty.
	refreshed, _ := e.read(rec, state)
	if !refreshed.Equal(state) {
		t.Fatalf("refresh changed state:\n%v\n%v", state, refreshed)
	}
	if p := e.plan(rec, state, cfg); p.errs != "" || !p.planned.Equal(state) {
		t.Fatalf("second plan is not empty: %s\n%v\n%v", p.errs, state, p.planned)
	}

	// CNAME content differing only in case is not a change.
	upper := e.cnameConfig("staging.lq3.example.com", "LQ3-STAGING01-ALB-1.eu-central-1.elb.amazonaws.com", "managed by test")
	if p := e.plan(rec, state, upper); !p.planned.Equal(state) {
		t.Fatalf("case-only CNAME change must plan no change:\n%v", p.planned)
	}

	// Update in place: comment changes; id and created_on stay, modified_on is recomputed.
	cfg2 := e.cnameConfig("staging.lq3.example.com", "lq3-staging01-alb-2.eu-central-1.elb.amazonaws.com", "changed")
	p = e.plan(rec, state, cfg2)
	if p.errs != "" || len(p.requiresReplace) != 0 {
		t.Fatalf("update plan: %s %v", p.errs, p.requiresReplace)
	}
	if get(t, p.planned, "modified_on").IsKnown() || get(t, p.planned, "comment_modified_on").IsKnown() ||
		!get(t, p.planned, "created_on").Equal(get(t, state, "created_on")) || !get(t, p.planned, "id").Equal(get(t, state, "id")) ||
		!get(t, p.planned, "tags_modified_on").IsNull() {
		t.Fatalf("update plan values: %v", p.planned)
	}
	state2, errs := e.apply(rec, state, p.planned, cfg2)
	if errs != "" {
		t.Fatal(errs)
	}
	if strOf(get(t, state2, "id")) != id || strOf(get(t, state2, "content")) != "lq3-staging01-alb-2.eu-central-1.elb.amazonaws.com" ||
		!get(t, state2, "created_on").Equal(get(t, state, "created_on")) {
		t.Fatalf("after update: %v", state2)
	}
	if p := e.plan(rec, state2, cfg2); !p.planned.Equal(state2) {
		t.Fatalf("plan after update is not empty:\n%v", p.planned)
	}

	// zone_id and type force replacement, like upstream.
	other := with(t, cfg2, map[string]tftypes.Value{"zone_id": str(strings.Repeat("0", 32))})
	if p := e.plan(rec, state2, other); !replaces(p.requiresReplace, "zone_id") {
		t.Fatalf("zone_id change must force replacement: %v", p.requiresReplace)
	}
	asA := with(t, cfg2, map[string]tftypes.Value{"type": str("A"), "content": str("198.51.100.4")})
	if p := e.plan(rec, state2, asA); !replaces(p.requiresReplace, "type") {
		t.Fatalf("type change must force replacement: %v", p.requiresReplace)
	}

	// Import by <zone_id>/<record_id> gives the same state; the plan after it is empty.
	typ := e.resourceType(rec)
	imp, err := e.srv.ImportResourceState(e.ctx, &tfprotov6.ImportResourceStateRequest{TypeName: rec, ID: e.zoneID + "/" + id})
	if err != nil || diagErrors(imp.Diagnostics) != "" || len(imp.ImportedResources) != 1 {
		t.Fatalf("import: %v %s", err, diagErrors(imp.Diagnostics))
	}
	imported := e.decode(typ, imp.ImportedResources[0].State)
	imported, _ = e.read(rec, imported)
	if !imported.Equal(state2) {
		t.Fatalf("imported state differs:\n%v\n%v", imported, state2)
	}
	for _, bad := range []string{id, e.zoneID + "/" + id + "/x"} {
		imp, _ := e.srv.ImportResourceState(e.ctx, &tfprotov6.ImportResourceStateRequest{TypeName: rec, ID: bad})
		if !strings.Contains(diagErrors(imp.Diagnostics), "invalid ID") {
			t.Fatalf("import %q: %s", bad, diagErrors(imp.Diagnostics))
		}
	}

	// Destroy.
	if _, errs := e.apply(rec, state2, null, null); errs != "" {
		t.Fatal(errs)
	}
	if recs, _ := e.fake.Store().Records(e.zoneID); len(recs) != 0 {
		t.Fatalf("records left: %+v", recs)
	}

	// Drift: a record deleted outside Terraform leaves the state on refresh, with a warning.
	gone, res := e.read(rec, state2)
	if !gone.IsNull() || !strings.Contains(diagWarnings(res.Diagnostics), "Resource not found") || diagErrors(res.Diagnostics) != "" {
		t.Fatalf("read of a deleted record: %v %v", gone, res.Diagnostics)
	}
}

func replaces(paths []*tftypes.AttributePath, name string) bool {
	for _, p := range paths {
		if p.Equal(tftypes.NewAttributePath().WithAttributeName(name)) {
			return true
		}
	}
	return false
}

func TestDNSRecordValidationRecordTTL60AndTags(t *testing.T) {
	e := newEnv(t)
	typ := e.resourceType(rec)
	cfg := object(typ, map[string]tftypes.Value{
		"zone_id": str(e.zoneID), "name": str("_abc123.staging.lq3.example.com"), "type": str("CNAME"),
		"content": str("_def456.xdkl.acm-validations.aws"), "proxied": boolean(false), "ttl": num(60),
		"comment": str("ACM certificate validation"),
		"tags":    tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{str("team:platform")}),
	})
	state := e.create(rec, cfg)
	if f, _ := floatOf(get(t, state, "ttl")); f != 60 || boolOf(get(t, state, "proxied")) || get(t, state, "tags_modified_on").IsNull() {
		t.Fatalf("state: %v", state)
	}
	refreshed, _ := e.read(rec, state)
	if !refreshed.Equal(state) {
		t.Fatalf("refresh drift:\n%v\n%v", state, refreshed)
	}
	if p := e.plan(rec, state, cfg); !p.planned.Equal(state) {
		t.Fatalf("second plan not empty:\n%v", p.planned)
	}
	// Emptying the tags clears tags_modified_on in the plan. (Removing the
	// attribute would keep the prior tags: it is optional+computed.)
	noTags := with(t, cfg, map[string]tftypes.Value{"tags": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{})})
	p := e.plan(rec, state, noTags)
	if !get(t, p.planned, "tags_modified_on").IsNull() {
		t.Fatalf("tags_modified_on: %v", get(t, p.planned, "tags_modified_on"))
	}
}

func TestDNSRecordEmptyCommentAndApexName(t *testing.T) {
	e := newEnv(t)
	typ := e.resourceType(rec)
	cfg := object(typ, map[string]tftypes.Value{
		"zone_id": str(e.zoneID), "name": str("lq3.example.com"), "type": str("TXT"),
		"content": str("v=spf1 -all"), "ttl": num(3600), "comment": str(""),
	})
	state := e.create(rec, cfg)
	if !get(t, state, "comment_modified_on").IsNull() || strOf(get(t, state, "comment")) != "" {
		t.Fatalf("state: %v", state)
	}
	refreshed, _ := e.read(rec, state)
	if p := e.plan(rec, refreshed, cfg); !p.planned.Equal(state) {
		t.Fatalf("second plan not empty:\n%v\n%v", state, p.planned)
	}
}

func TestDNSRecordCreateErrors(t *testing.T) {
	e := newEnv(t)
	typ := e.resourceType(rec)
	null := tftypes.NewValue(typ, nil)
	try := func(vals map[string]tftypes.Value) string {
		t.Helper()
		vals["zone_id"] = str(e.zoneID)
		cfg := object(typ, vals)
		p := e.plan(rec, null, cfg)
		if p.errs != "" {
			return p.errs
		}
		_, errs := e.apply(rec, null, p.planned, cfg)
		return errs
	}
	cases := []struct {
		vals map[string]tftypes.Value
		want string
	}{
		{map[string]tftypes.Value{"name": str("a.lq3.example.com"), "type": str("A"), "content": str("198.51.100.1"), "proxied": boolean(true), "ttl": num(300)},
			"ttl must be set to 1 when `proxied` is true"},
		{map[string]tftypes.Value{"name": str("b.lq3.example.com"), "type": str("A"), "content": str("198.51.100.1"), "ttl": num(30)},
			`"code":9021`},
		{map[string]tftypes.Value{"name": str("c.lq3.example.com"), "type": str("TXT"), "content": str("x"), "proxied": boolean(true), "ttl": num(1)},
			`"code":9004`},
		{map[string]tftypes.Value{"name": str("d.example.org"), "type": str("A"), "content": str("198.51.100.1"), "ttl": num(1)},
			"not within zone"},
	}
	for _, c := range cases {
		if got := try(c.vals); !strings.Contains(got, c.want) || !strings.Contains(got, "failed to make http request") && !strings.HasPrefix(c.want, "ttl must") {
			t.Errorf("want %q, got %q", c.want, got)
		}
	}

	// A legacy record on the same name makes the CNAME fail with 81053.
	if _, apiErr := e.fake.Store().CreateRecord(e.zoneID, fakeapi.RecordInput{Fields: map[string]json.RawMessage{
		"type": json.RawMessage(`"A"`), "name": json.RawMessage(`"legacy.lq3.example.com"`),
		"content": json.RawMessage(`"203.0.113.10"`), "ttl": json.RawMessage(`300`),
	}}); apiErr != nil {
		t.Fatal(apiErr)
	}
	got := try(map[string]tftypes.Value{"name": str("legacy.lq3.example.com"), "type": str("CNAME"), "content": str("lb.example.net"), "proxied": boolean(true), "ttl": num(1)})
	if !strings.Contains(got, "81053") || !strings.Contains(got, "An A, AAAA, or CNAME record with that host already exists.") {
		t.Fatalf("legacy conflict: %s", got)
	}
}

func TestDNSRecordConfigValidation(t *testing.T) {
	e := newEnv(t)
	typ := e.resourceType(rec)
	validate := func(vals map[string]tftypes.Value) string {
		vals["zone_id"] = str(e.zoneID)
		res, err := e.srv.ValidateResourceConfig(e.ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: rec, Config: e.dv(typ, object(typ, vals))})
		if err != nil {
			t.Fatal(err)
		}
		return diagErrors(res.Diagnostics)
	}
	if d := validate(map[string]tftypes.Value{"name": str("x"), "type": str("cname"), "content": str("y.example.net"), "ttl": num(1)}); d != "" {
		t.Errorf("type is case-insensitive upstream: %s", d)
	}
	if d := validate(map[string]tftypes.Value{"name": str("x"), "type": str("SPF"), "content": str("y"), "ttl": num(1)}); d == "" {
		t.Error("SPF is not a v5 record type")
	}
	dataType := typ.(tftypes.Object).AttributeTypes["data"]
	data := object(dataType, map[string]tftypes.Value{"tag": str("issue"), "value": str("amazon.com"), "flags": num(0)})
	if d := validate(map[string]tftypes.Value{"name": str("x"), "type": str("CAA"), "content": str("y"), "data": data, "ttl": num(1)}); !strings.Contains(d, "conflict") && !strings.Contains(d, "Invalid Attribute Combination") {
		t.Errorf("content and data conflict: %q", d)
	}
	if d := validate(map[string]tftypes.Value{"name": str("x"), "type": str("MX"), "content": str("mx.example.net"), "priority": num(70000), "ttl": num(1)}); d == "" {
		t.Error("priority above 65535 must fail")
	}
}

func TestCAARecordRoundTrip(t *testing.T) {
	e := newEnv(t)
	typ := e.resourceType(rec)
	dataType := typ.(tftypes.Object).AttributeTypes["data"]
	cfg := object(typ, map[string]tftypes.Value{
		"zone_id": str(e.zoneID), "name": str("lq3.example.com"), "type": str("CAA"), "ttl": num(3600),
		"data": object(dataType, map[string]tftypes.Value{"flags": num(0), "tag": str("issue"), "value": str("amazon.com")}),
	})
	state := e.create(rec, cfg)
	if strOf(get(t, state, "content")) != `0 issue "amazon.com"` {
		t.Fatalf("content computed from data: %v", get(t, state, "content"))
	}
	refreshed, _ := e.read(rec, state)
	if p := e.plan(rec, refreshed, cfg); p.errs != "" || len(p.requiresReplace) != 0 {
		t.Fatalf("plan after refresh: %s %v", p.errs, p.requiresReplace)
	}
}

func TestZoneDataSource(t *testing.T) {
	e := newEnv(t)
	typ := e.dataType("cloudflare_zone")
	filterType := typ.(tftypes.Object).AttributeTypes["filter"]
	byName := object(typ, map[string]tftypes.Value{"filter": object(filterType, map[string]tftypes.Value{"name": str("lq3.example.com")})})
	st, errs := e.readData("cloudflare_zone", byName)
	if errs != "" {
		t.Fatal(errs)
	}
	if strOf(get(t, st, "id")) != e.zoneID || strOf(get(t, st, "zone_id")) != e.zoneID || strOf(get(t, st, "name")) != "lq3.example.com" ||
		strOf(get(t, st, "status")) != "active" || strOf(get(t, st, "account", "id")) != fakeapi.AccountID ||
		collectionLen(get(t, st, "name_servers")) != 2 || strOf(get(t, st, "plan", "legacy_id")) != "free" {
		t.Fatalf("zone: %v", st)
	}
	byID, errs := e.readData("cloudflare_zone", object(typ, map[string]tftypes.Value{"zone_id": str(e.zoneID)}))
	if errs != "" || strOf(get(t, byID, "name")) != "lq3.example.com" || !get(t, byID, "filter").IsNull() {
		t.Fatalf("by id: %s %v", errs, byID)
	}
	none := object(typ, map[string]tftypes.Value{"filter": object(filterType, map[string]tftypes.Value{"name": str("missing.example")})})
	if _, errs := e.readData("cloudflare_zone", none); !strings.Contains(errs, "failed to find exactly one result: 0 found") {
		t.Fatalf("missing zone: %q", errs)
	}
	many := object(typ, map[string]tftypes.Value{"filter": object(filterType, map[string]tftypes.Value{"name": str("contains:example")})})
	if _, errs := e.readData("cloudflare_zone", many); !strings.Contains(errs, "2 found") {
		t.Fatalf("two zones: %q", errs)
	}
	for _, cfg := range []tftypes.Value{object(typ, nil), object(typ, map[string]tftypes.Value{"zone_id": str(e.zoneID),
		"filter": object(filterType, map[string]tftypes.Value{"name": str("lq3.example.com")})})} {
		res, err := e.srv.ValidateDataResourceConfig(e.ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: "cloudflare_zone", Config: e.dv(typ, cfg)})
		if err != nil || diagErrors(res.Diagnostics) == "" {
			t.Errorf("exactly one of zone_id and filter must be set: %v", cfg)
		}
	}
}

func TestIPRangesDataSource(t *testing.T) {
	e := newEnv(t)
	typ := e.dataType("cloudflare_ip_ranges")
	st, errs := e.readData("cloudflare_ip_ranges", object(typ, nil))
	if errs != "" {
		t.Fatal(errs)
	}
	if collectionLen(get(t, st, "ipv4_cidrs")) == 0 || collectionLen(get(t, st, "ipv6_cidrs")) == 0 || strOf(get(t, st, "etag")) == "" ||
		!get(t, st, "jdcloud_cidrs").IsNull() {
		t.Fatalf("ip ranges: %v", st)
	}
	st, errs = e.readData("cloudflare_ip_ranges", object(typ, map[string]tftypes.Value{"networks": str("jdcloud")}))
	if errs != "" || collectionLen(get(t, st, "jdcloud_cidrs")) == 0 {
		t.Fatalf("jdcloud: %s %v", errs, st)
	}
}

func TestUnauthenticatedCallsFail(t *testing.T) {
	e := newEnv(t)
	t.Setenv(EnvAPIToken, "wrong-token")
	srv, schemas := newServer(t)
	bad := &env{t: t, ctx: e.ctx, srv: srv, schemas: schemas, fake: e.fake, zoneID: e.zoneID}
	if d := bad.configure(nil); d != "" {
		t.Fatal(d)
	}
	_, errs := bad.readData("cloudflare_ip_ranges", object(bad.dataType("cloudflare_ip_ranges"), nil))
	if !strings.Contains(errs, "401") || !strings.Contains(errs, "Authentication error") {
		t.Fatalf("want 401, got %q", errs)
	}
}
