package fakeapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// APIPrefix is where the v4 API is served, matching the real default base URL
// https://api.cloudflare.com/client/v4 (the provider's base_url is
// http://127.0.0.1:<port>/client/v4).
const APIPrefix = "/client/v4"

// AdminPrefix serves the test-only endpoints; they need no token.
const AdminPrefix = "/__admin"

// Options configure a Server.
type Options struct {
	Token  string      // API token required as "Authorization: Bearer <token>"
	Zones  []ZoneSpec  // zones to seed
	Logger *log.Logger // request log; nil for none
}

// Server is the fake API's HTTP handler.
type Server struct {
	store  *Store
	edge   *edgeState
	token  string
	logger *log.Logger
	mux    *http.ServeMux
}

// NewServer builds a server; it refuses an empty token.
func NewServer(opts Options) (*Server, error) {
	if opts.Token == "" {
		return nil, fmt.Errorf("an API token is required")
	}
	st, err := NewStore(opts.Zones)
	if err != nil {
		return nil, err
	}
	s := &Server{store: st, edge: newEdgeState(), token: opts.Token, logger: opts.Logger, mux: http.NewServeMux()}
	s.routes()
	return s, nil
}

// Store exposes the state (for tests in this module).
func (s *Server) Store() *Store { return s.store }

func (s *Server) routes() {
	api := func(pattern string, h http.HandlerFunc) {
		method, path, _ := strings.Cut(pattern, " ")
		s.mux.HandleFunc(method+" "+APIPrefix+path, s.authed(h))
	}
	api("GET /zones", s.listZones)
	api("GET /zones/{zone_id}", s.getZone)
	api("GET /ips", s.getIPs)
	api("GET /zones/{zone_id}/dns_records", s.listRecords)
	api("POST /zones/{zone_id}/dns_records", s.createRecord)
	api("GET /zones/{zone_id}/dns_records/{id}", s.getRecord)
	api("PUT /zones/{zone_id}/dns_records/{id}", s.updateRecord(false))
	api("PATCH /zones/{zone_id}/dns_records/{id}", s.updateRecord(true))
	api("DELETE /zones/{zone_id}/dns_records/{id}", s.deleteRecord)
	api("GET /zones/{zone_id}/settings/{setting_id}", s.getZoneSetting)
	api("PATCH /zones/{zone_id}/settings/{setting_id}", s.editZoneSetting)
	api("GET /zones/{zone_id}/origin_tls_client_auth/settings", s.getOriginPulls)
	api("PUT /zones/{zone_id}/origin_tls_client_auth/settings", s.putOriginPulls)
	s.accessRoutes(api)
	s.mux.HandleFunc(APIPrefix+"/", s.authed(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, apiErr(http.StatusNotFound, 7000, "No route for that URI"))
	}))

	s.mux.HandleFunc("GET "+AdminPrefix+"/state", s.adminState)
	s.mux.HandleFunc("POST "+AdminPrefix+"/zones", s.adminAddZone)
	s.mux.HandleFunc("POST "+AdminPrefix+"/zones/{zone}/dns_records", s.adminCreateRecord)
	s.mux.HandleFunc("DELETE "+AdminPrefix+"/zones/{zone}/dns_records/{id}", s.adminDeleteRecord)
	s.mux.HandleFunc("PATCH "+AdminPrefix+"/zones/{zone}/settings/{setting_id}", s.adminSetZoneSetting)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, apiErr(http.StatusNotFound, 7000, "No route for that URI"))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	s.mux.ServeHTTP(rec, r)
	if s.logger != nil {
		s.logger.Printf("%s %s -> %d", r.Method, r.URL.RequestURI(), rec.status)
	}
}

func (s *Server) authed(h http.HandlerFunc) http.HandlerFunc {
	want := []byte("Bearer " + s.token)
	return func(w http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get("Authorization"))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			writeError(w, &APIError{Status: http.StatusUnauthorized, Errors: []ErrorItem{{
				Code: 10000, Message: "Authentication error",
			}}})
			return
		}
		h(w, r)
	}
}

// ---- envelope -------------------------------------------------------------

type resultInfo struct {
	Page       int `json:"page"`
	PerPage    int `json:"per_page"`
	Count      int `json:"count"`
	TotalCount int `json:"total_count"`
	TotalPages int `json:"total_pages"`
}

type envelope struct {
	Success    bool        `json:"success"`
	Errors     []ErrorItem `json:"errors"`
	Messages   []ErrorItem `json:"messages"`
	Result     any         `json:"result"`
	ResultInfo *resultInfo `json:"result_info,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func writeResult(w http.ResponseWriter, status int, result any, info *resultInfo) {
	writeJSON(w, status, envelope{Success: true, Errors: []ErrorItem{}, Messages: []ErrorItem{}, Result: result, ResultInfo: info})
}

func writeError(w http.ResponseWriter, e *APIError) {
	writeJSON(w, e.Status, envelope{Success: false, Errors: e.Errors, Messages: []ErrorItem{}, Result: nil})
}

// paginate applies page/per_page query parameters.
func paginate[T any](r *http.Request, items []T, defPer, maxPer int) ([]T, *resultInfo, *APIError) {
	page, per := 1, defPer
	if v := r.URL.Query().Get("page"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 {
			return nil, nil, apiErr(http.StatusBadRequest, 1001, "Invalid page number")
		}
		page = p
	}
	if v := r.URL.Query().Get("per_page"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 || p > maxPer {
			return nil, nil, apiErr(http.StatusBadRequest, 1001, fmt.Sprintf("per_page must be between 1 and %d", maxPer))
		}
		per = p
	}
	total := len(items)
	start := min((page-1)*per, total)
	end := min(start+per, total)
	pages := int(math.Ceil(float64(total) / float64(per)))
	out := items[start:end]
	return out, &resultInfo{Page: page, PerPage: per, Count: len(out), TotalCount: total, TotalPages: pages}, nil
}

// ---- zones ----------------------------------------------------------------

var planIDs = map[Plan]string{
	PlanFree: hexID("plan", "free"), PlanPro: hexID("plan", "pro"),
	PlanBusiness: hexID("plan", "business"), PlanEnterprise: hexID("plan", "enterprise"),
}

var planNames = map[Plan]string{
	PlanFree: "Free Website", PlanPro: "Pro Website", PlanBusiness: "Business Website", PlanEnterprise: "Enterprise Website",
}

var planPrices = map[Plan]float64{PlanFree: 0, PlanPro: 25, PlanBusiness: 250, PlanEnterprise: 5000}

func ts(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

func zoneView(z Zone) map[string]any {
	nsSeed := hexID("ns", z.Name)
	names := []string{"ada", "bob", "cody", "dina", "elle", "fred", "gina", "hank"}
	n1, _ := strconv.ParseUint(nsSeed[:2], 16, 8)
	ns := []string{names[int(n1)%len(names)] + ".ns.cloudflare.com", names[(int(n1)+3)%len(names)] + ".ns.cloudflare.com"}
	created := ts(z.CreatedOn)
	return map[string]any{
		"id":                    z.ID,
		"name":                  z.Name,
		"status":                "active",
		"paused":                false,
		"type":                  "full",
		"development_mode":      0,
		"name_servers":          ns,
		"original_name_servers": nil,
		"original_registrar":    nil,
		"original_dnshost":      nil,
		"vanity_name_servers":   []string{},
		"created_on":            created,
		"modified_on":           created,
		"activated_on":          created,
		"cname_suffix":          nil,
		"verification_key":      nil,
		"permissions":           []string{"#dns_records:edit", "#dns_records:read", "#zone:read"},
		"meta": map[string]any{
			"step": 2, "custom_certificate_quota": 0, "page_rule_quota": 3,
			"phishing_detected": false, "cdn_only": false, "dns_only": false, "foundation_dns": false,
		},
		"owner":       map[string]any{"id": nil, "type": "organization", "name": nil},
		"account":     map[string]any{"id": z.AccountID, "name": z.AccountName},
		"tenant":      map[string]any{"id": nil, "name": nil},
		"tenant_unit": map[string]any{"id": nil},
		"plan": map[string]any{
			"id": planIDs[z.Plan], "name": planNames[z.Plan], "price": planPrices[z.Plan], "currency": "USD",
			"frequency": "monthly", "is_subscribed": z.Plan != PlanFree, "can_subscribe": false,
			"legacy_id": string(z.Plan), "legacy_discount": false, "externally_managed": false,
		},
	}
}

// matchFilter applies Cloudflare's "op:value" filter syntax (default equal).
func matchFilter(filter, value string) bool {
	op, arg, ok := strings.Cut(filter, ":")
	known := map[string]bool{"equal": true, "not_equal": true, "starts_with": true, "ends_with": true, "contains": true,
		"starts_with_case_sensitive": true, "ends_with_case_sensitive": true, "contains_case_sensitive": true}
	if !ok || !known[op] {
		op, arg = "equal", filter
	}
	lv, la := strings.ToLower(value), strings.ToLower(arg)
	switch op {
	case "not_equal":
		return lv != la
	case "starts_with":
		return strings.HasPrefix(lv, la)
	case "ends_with":
		return strings.HasSuffix(lv, la)
	case "contains":
		return strings.Contains(lv, la)
	case "starts_with_case_sensitive":
		return strings.HasPrefix(value, arg)
	case "ends_with_case_sensitive":
		return strings.HasSuffix(value, arg)
	case "contains_case_sensitive":
		return strings.Contains(value, arg)
	}
	return lv == la
}

func (s *Server) listZones(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var out []map[string]any
	matchAny := q.Get("match") == "any"
	for _, z := range s.store.Zones() {
		checks := []bool{}
		if v := q.Get("name"); v != "" {
			checks = append(checks, matchFilter(v, z.Name))
		}
		if v := q.Get("status"); v != "" {
			checks = append(checks, v == "active")
		}
		if v := q.Get("account.id"); v != "" {
			checks = append(checks, v == z.AccountID)
		}
		if v := q.Get("account.name"); v != "" {
			checks = append(checks, matchFilter(v, z.AccountName))
		}
		ok := !matchAny || len(checks) == 0
		for _, c := range checks {
			if matchAny {
				ok = ok || c
			} else {
				ok = ok && c
			}
		}
		if ok {
			out = append(out, zoneView(z))
		}
	}
	if q.Get("direction") == "desc" {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	if out == nil {
		out = []map[string]any{}
	}
	page, info, e := paginate(r, out, 20, 50)
	if e != nil {
		writeError(w, e)
		return
	}
	writeResult(w, http.StatusOK, page, info)
}

func (s *Server) getZone(w http.ResponseWriter, r *http.Request) {
	z, ok := s.store.ZoneByID(r.PathValue("zone_id"))
	if !ok {
		writeError(w, errZoneNotFound(r.PathValue("zone_id")))
		return
	}
	writeResult(w, http.StatusOK, zoneView(z), nil)
}

// ---- ips ------------------------------------------------------------------

// Cloudflare's published edge ranges (https://www.cloudflare.com/ips/), as of the
// time this fake was written; the fake serves them as fixed data.
var ipv4CIDRs = []string{"173.245.48.0/20", "103.21.244.0/22", "103.22.200.0/22", "103.31.4.0/22",
	"141.101.64.0/18", "108.162.192.0/18", "190.93.240.0/20", "188.114.96.0/20", "197.234.240.0/22",
	"198.41.128.0/17", "162.158.0.0/15", "104.16.0.0/13", "104.24.0.0/14", "172.64.0.0/13", "131.0.72.0/22"}

var ipv6CIDRs = []string{"2400:cb00::/32", "2606:4700::/32", "2803:f800::/32", "2405:b500::/32",
	"2405:8100::/32", "2a06:98c0::/29", "2c0f:f248::/32"}

// jdcloudCIDRs are documentation ranges (RFC 5737 / RFC 3849): the fake does not know JD Cloud's.
var jdcloudCIDRs = []string{"192.0.2.0/24", "198.51.100.0/24", "2001:db8::/32"}

func (s *Server) getIPs(w http.ResponseWriter, r *http.Request) {
	sum := sha256.Sum256([]byte(strings.Join(ipv4CIDRs, ",") + "|" + strings.Join(ipv6CIDRs, ",")))
	result := map[string]any{
		"ipv4_cidrs": ipv4CIDRs,
		"ipv6_cidrs": ipv6CIDRs,
		"etag":       hex.EncodeToString(sum[:16]),
	}
	if n := r.URL.Query().Get("networks"); n != "" {
		if n != "jdcloud" {
			writeError(w, apiErr(http.StatusBadRequest, 1001, fmt.Sprintf("unknown networks value %q", n)))
			return
		}
		result["jdcloud_cidrs"] = jdcloudCIDRs
	}
	writeResult(w, http.StatusOK, result, nil)
}

// ---- DNS records ----------------------------------------------------------

type settingsView struct {
	IPv4Only     *bool `json:"ipv4_only,omitempty"`
	IPv6Only     *bool `json:"ipv6_only,omitempty"`
	FlattenCNAME *bool `json:"flatten_cname,omitempty"`
}

type metaView struct {
	AutoAdded           bool `json:"auto_added"`
	ManagedByApps       bool `json:"managed_by_apps"`
	ManagedByArgoTunnel bool `json:"managed_by_argo_tunnel"`
}

type recordJSON struct {
	ID                string         `json:"id"`
	Name              string         `json:"name"`
	Type              string         `json:"type"`
	Content           string         `json:"content"`
	Priority          *float64       `json:"priority,omitempty"`
	Data              map[string]any `json:"data,omitempty"`
	Proxiable         bool           `json:"proxiable"`
	Proxied           bool           `json:"proxied"`
	TTL               float64        `json:"ttl"`
	Settings          settingsView   `json:"settings"`
	Meta              metaView       `json:"meta"`
	Comment           *string        `json:"comment"`
	Tags              []string       `json:"tags"`
	CreatedOn         string         `json:"created_on"`
	ModifiedOn        string         `json:"modified_on"`
	CommentModifiedOn string         `json:"comment_modified_on,omitempty"`
	TagsModifiedOn    string         `json:"tags_modified_on,omitempty"`
}

func recordView(r Record) recordJSON {
	v := recordJSON{
		ID: r.ID, Name: r.Name, Type: r.Type, Content: r.Content, Priority: r.Priority, Data: r.Data,
		Proxiable: r.Proxiable, Proxied: r.Proxied, TTL: r.TTL,
		Settings: settingsView{IPv4Only: r.Settings.IPv4Only, IPv6Only: r.Settings.IPv6Only, FlattenCNAME: r.Settings.FlattenCNAME},
		Comment:  r.Comment, Tags: append([]string{}, r.Tags...),
		CreatedOn: ts(r.CreatedOn), ModifiedOn: ts(r.ModifiedOn),
	}
	if r.CommentModifiedOn != nil {
		v.CommentModifiedOn = ts(*r.CommentModifiedOn)
	}
	if r.TagsModifiedOn != nil {
		v.TagsModifiedOn = ts(*r.TagsModifiedOn)
	}
	return v
}

func readBody(r *http.Request) ([]byte, *APIError) {
	b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return nil, apiErr(http.StatusBadRequest, 9207, "Request body is invalid.")
	}
	return b, nil
}

func (s *Server) listRecords(w http.ResponseWriter, r *http.Request) {
	recs, ok := s.store.Records(r.PathValue("zone_id"))
	if !ok {
		writeError(w, errZoneNotFound(r.PathValue("zone_id")))
		return
	}
	q := r.URL.Query()
	out := []recordJSON{}
	for _, rec := range recs {
		if v := q.Get("type"); v != "" && !strings.EqualFold(v, rec.Type) {
			continue
		}
		if v := firstNonEmpty(q.Get("name.exact"), q.Get("name")); v != "" && normaliseDomain(v) != rec.Name {
			continue
		}
		if v := firstNonEmpty(q.Get("content.exact"), q.Get("content")); v != "" && v != rec.Content {
			continue
		}
		if v := q.Get("proxied"); v != "" && v != strconv.FormatBool(rec.Proxied) {
			continue
		}
		out = append(out, recordView(rec))
	}
	page, info, e := paginate(r, out, 100, 5000000)
	if e != nil {
		writeError(w, e)
		return
	}
	writeResult(w, http.StatusOK, page, info)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (s *Server) createRecord(w http.ResponseWriter, r *http.Request) {
	body, e := readBody(r)
	if e != nil {
		writeError(w, e)
		return
	}
	in, e := ParseRecordInput(body)
	if e != nil {
		writeError(w, e)
		return
	}
	rec, e := s.store.CreateRecord(r.PathValue("zone_id"), in)
	if e != nil {
		writeError(w, e)
		return
	}
	writeResult(w, http.StatusOK, recordView(rec), nil)
}

func (s *Server) getRecord(w http.ResponseWriter, r *http.Request) {
	rec, e := s.store.Record(r.PathValue("zone_id"), r.PathValue("id"))
	if e != nil {
		writeError(w, e)
		return
	}
	writeResult(w, http.StatusOK, recordView(rec), nil)
}

func (s *Server) updateRecord(patch bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, e := readBody(r)
		if e != nil {
			writeError(w, e)
			return
		}
		in, e := ParseRecordInput(body)
		if e != nil {
			writeError(w, e)
			return
		}
		rec, e := s.store.UpdateRecord(r.PathValue("zone_id"), r.PathValue("id"), in, patch)
		if e != nil {
			writeError(w, e)
			return
		}
		writeResult(w, http.StatusOK, recordView(rec), nil)
	}
}

func (s *Server) deleteRecord(w http.ResponseWriter, r *http.Request) {
	if e := s.store.DeleteRecord(r.PathValue("zone_id"), r.PathValue("id")); e != nil {
		writeError(w, e)
		return
	}
	writeResult(w, http.StatusOK, map[string]string{"id": r.PathValue("id")}, nil)
}

// ---- admin (test-only) ----------------------------------------------------

// AdminZone is one zone of GET /__admin/state.
type AdminZone struct {
	ID      string       `json:"id"`
	Name    string       `json:"name"`
	Plan    Plan         `json:"plan"`
	Records []recordJSON `json:"records"`
	adminZoneEdge
}

// AdminState is the document GET /__admin/state returns.
type AdminState struct {
	Zones  []AdminZone   `json:"zones"`
	Access []adminAccess `json:"access"`
}

func (s *Server) adminState(w http.ResponseWriter, r *http.Request) {
	st := AdminState{Zones: []AdminZone{}, Access: s.adminAccessState()}
	for _, z := range s.store.Zones() {
		recs, _ := s.store.Records(z.ID)
		az := AdminZone{ID: z.ID, Name: z.Name, Plan: z.Plan, Records: []recordJSON{}, adminZoneEdge: s.adminZoneEdge(z.ID)}
		for _, rec := range recs {
			az.Records = append(az.Records, recordView(rec))
		}
		st.Zones = append(st.Zones, az)
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) adminAddZone(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name string `json:"name"`
		Plan string `json:"plan"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeError(w, apiErr(http.StatusBadRequest, 9207, "Request body is invalid."))
		return
	}
	spec := ZoneSpec{Name: body.Name, Plan: PlanFree}
	if body.Plan != "" {
		p, err := ParsePlan(body.Plan)
		if err != nil {
			writeError(w, apiErr(http.StatusBadRequest, 1001, err.Error()))
			return
		}
		spec.Plan = p
	}
	z, err := s.store.AddZone(spec)
	if err != nil {
		writeError(w, apiErr(http.StatusBadRequest, 1001, err.Error()))
		return
	}
	writeResult(w, http.StatusOK, zoneView(*z), nil)
}

func (s *Server) adminCreateRecord(w http.ResponseWriter, r *http.Request) {
	z, ok := s.store.ZoneByIDOrName(r.PathValue("zone"))
	if !ok {
		writeError(w, errZoneNotFound(r.PathValue("zone")))
		return
	}
	body, e := readBody(r)
	if e != nil {
		writeError(w, e)
		return
	}
	in, e := ParseRecordInput(body)
	if e != nil {
		writeError(w, e)
		return
	}
	rec, e := s.store.CreateRecord(z.ID, in)
	if e != nil {
		writeError(w, e)
		return
	}
	writeResult(w, http.StatusOK, recordView(rec), nil)
}

func (s *Server) adminDeleteRecord(w http.ResponseWriter, r *http.Request) {
	z, ok := s.store.ZoneByIDOrName(r.PathValue("zone"))
	if !ok {
		writeError(w, errZoneNotFound(r.PathValue("zone")))
		return
	}
	if e := s.store.DeleteRecord(z.ID, r.PathValue("id")); e != nil {
		writeError(w, e)
		return
	}
	writeResult(w, http.StatusOK, map[string]string{"id": r.PathValue("id")}, nil)
}
