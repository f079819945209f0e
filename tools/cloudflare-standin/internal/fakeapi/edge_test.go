package fakeapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func resultOf(t *testing.T, r apiResp) map[string]any {
	t.Helper()
	if !r.Success {
		t.Fatalf("request failed (%d): %+v", r.Status, r.Errors)
	}
	var m map[string]any
	if err := json.Unmarshal(r.Result, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func wantMessage(t *testing.T, r apiResp, status int, fragment string) {
	t.Helper()
	if r.Success || r.Status != status || len(r.Errors) == 0 || !strings.Contains(r.Errors[0].Message, fragment) {
		t.Fatalf("want %d with %q, got %d %+v", status, fragment, r.Status, r.Errors)
	}
}

func TestZoneSettingsDefaultsEditAndValidation(t *testing.T) {
	h := newHarness(t, "example.com")
	zone := hexID("zone", "example.com")
	ssl := resultOf(t, h.api("GET", "/zones/"+zone+"/settings/ssl", nil))
	if ssl["value"] != "flexible" || ssl["id"] != "ssl" || ssl["modified_on"] != nil || ssl["editable"] != true {
		t.Fatalf("a new zone starts on Flexible, never modified: %v", ssl)
	}
	edited := resultOf(t, h.api("PATCH", "/zones/"+zone+"/settings/ssl", map[string]any{"value": "strict"}))
	if edited["value"] != "strict" || edited["modified_on"] == nil {
		t.Fatalf("edit: %v", edited)
	}
	if got := resultOf(t, h.api("GET", "/zones/"+zone+"/settings/ssl", nil)); got["value"] != "strict" {
		t.Fatalf("read back: %v", got)
	}

	hsts := map[string]any{"strict_transport_security": map[string]any{"enabled": true, "max_age": 31536000, "nosniff": true}}
	header := resultOf(t, h.api("PATCH", "/zones/"+zone+"/settings/security_header", map[string]any{"value": hsts}))
	sts := header["value"].(map[string]any)["strict_transport_security"].(map[string]any)
	if sts["enabled"] != true || sts["max_age"] != float64(31536000) || sts["include_subdomains"] != false || sts["preload"] != false {
		t.Fatalf("missing fields are stored as false/0: %v", sts)
	}

	for _, bad := range []struct {
		setting string
		value   any
		status  int
		message string
	}{
		{"ssl", "flexibel", 400, "Invalid value for zone setting"},
		{"min_tls_version", "1.4", 400, "Invalid value for zone setting"},
		{"always_use_https", true, 400, "Invalid value for zone setting"},
		{"security_header", map[string]any{"strict_transport_security": map[string]any{"max_age": 63072000}}, 400, "max_age"},
		{"security_header", map[string]any{"strict_transport_security": map[string]any{"preload": true}}, 400, "preload requires"},
		{"security_header", map[string]any{"strict_transport_security": map[string]any{"colour": "red"}}, 400, "unknown field"},
		{"rocket_loader", "on", 404, "unknown zone setting"},
	} {
		wantMessage(t, h.api("PATCH", "/zones/"+zone+"/settings/"+bad.setting, map[string]any{"value": bad.value}), bad.status, bad.message)
	}
	wantMessage(t, h.api("GET", "/zones/0000/settings/ssl", nil), 404, "Could not route")

	// Drift: a setting changed in the dashboard.
	res := h.do("PATCH", AdminPrefix+"/zones/example.com/settings/min_tls_version", "", map[string]any{"value": "1.0"})
	if !res.Success {
		t.Fatalf("admin edit: %+v", res.Errors)
	}
}

func TestOriginPullsSetting(t *testing.T) {
	h := newHarness(t, "example.com")
	zone := hexID("zone", "example.com")
	if got := resultOf(t, h.api("GET", "/zones/"+zone+"/origin_tls_client_auth/settings", nil)); got["enabled"] != false {
		t.Fatalf("off by default: %v", got)
	}
	if got := resultOf(t, h.api("PUT", "/zones/"+zone+"/origin_tls_client_auth/settings", map[string]any{"enabled": true})); got["enabled"] != true {
		t.Fatalf("put: %v", got)
	}
	wantMessage(t, h.api("PUT", "/zones/"+zone+"/origin_tls_client_auth/settings", map[string]any{"enabled": "yes"}), 400, "enabled must be a boolean")
	var state AdminState
	res, err := http.Get(h.ts.URL + AdminPrefix + "/state")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(&state); err != nil {
		t.Fatal(err)
	}
	if !state.Zones[0].OriginPulls || state.Zones[0].Settings["ssl"] != "flexible" {
		t.Fatalf("admin state: %+v", state.Zones[0])
	}
}

func TestAccessTokensPoliciesAndApps(t *testing.T) {
	h := newHarness(t, "example.com")
	base := "/accounts/" + AccountID + "/access"

	token := resultOf(t, h.api("POST", base+"/service_tokens", map[string]any{"name": "checks"}))
	tokenID := token["id"].(string)
	if token["duration"] != "8760h" || len(token["client_secret"].(string)) != 64 || !strings.HasSuffix(token["client_id"].(string), ".access") {
		t.Fatalf("token: %v", token)
	}
	if read := resultOf(t, h.api("GET", base+"/service_tokens/"+tokenID, nil)); read["client_secret"] != nil {
		t.Fatalf("a read never returns the secret: %v", read)
	}
	same := resultOf(t, h.api("PUT", base+"/service_tokens/"+tokenID, map[string]any{"name": "checks", "duration": "720h", "client_secret_version": 1}))
	if same["client_secret"] != nil || same["duration"] != "720h" {
		t.Fatalf("an update without a new version keeps the secret: %v", same)
	}
	rotated := resultOf(t, h.api("PUT", base+"/service_tokens/"+tokenID, map[string]any{"name": "checks", "client_secret_version": 2}))
	if rotated["client_secret"] == nil || rotated["client_secret"] == token["client_secret"] {
		t.Fatalf("a higher version rotates the secret: %v", rotated)
	}

	people := resultOf(t, h.api("POST", base+"/policies", map[string]any{
		"name": "people", "decision": "allow", "include": []any{map[string]any{"email_domain": map[string]any{"domain": "example.com"}}},
	}))
	checks := resultOf(t, h.api("POST", base+"/policies", map[string]any{
		"name": "checks", "decision": "non_identity", "include": []any{map[string]any{"service_token": map[string]any{"token_id": tokenID}}},
	}))
	if people["session_duration"] != "24h" || people["reusable"] != true || people["approval_required"] != nil || len(people["exclude"].([]any)) != 0 {
		t.Fatalf("policy defaults (false booleans left out): %v", people)
	}

	app := resultOf(t, h.api("POST", base+"/apps", map[string]any{
		"name": "staging", "type": "self_hosted",
		"destinations": []any{map[string]any{"type": "public", "uri": "staging.example.com"}, map[string]any{"uri": "staging-api.example.com"}},
		"policies":     []any{map[string]any{"id": people["id"], "precedence": 1}, map[string]any{"id": checks["id"]}},
	}))
	if app["domain"] != "staging.example.com" || len(app["aud"].(string)) != 64 || app["http_only_cookie_attribute"] != true || app["session_duration"] != "24h" {
		t.Fatalf("app computed fields: %v", app)
	}
	if domains := app["self_hosted_domains"].([]any); len(domains) != 2 || domains[1] != "staging-api.example.com" {
		t.Fatalf("self_hosted_domains follow destinations: %v", domains)
	}
	policies := app["policies"].([]any)
	if len(policies) != 2 || policies[1].(map[string]any)["decision"] != "non_identity" || policies[1].(map[string]any)["precedence"] != float64(2) {
		t.Fatalf("policies are expanded, precedence filled in order: %v", policies)
	}
	appID := app["id"].(string)
	if got := resultOf(t, h.api("GET", base+"/policies/"+people["id"].(string), nil)); got["app_count"] != float64(1) {
		t.Fatalf("app_count: %v", got)
	}

	wantMessage(t, h.api("DELETE", base+"/policies/"+people["id"].(string), nil), 400, "policy_in_use")
	wantMessage(t, h.api("DELETE", base+"/service_tokens/"+tokenID, nil), 400, "service_token_in_use")
	for _, bad := range []struct {
		path    string
		body    map[string]any
		message string
	}{
		{"/policies", map[string]any{"name": "x", "decision": "permit", "include": []any{map[string]any{"everyone": map[string]any{}}}}, "decision must be one of"},
		{"/policies", map[string]any{"name": "x", "decision": "allow", "include": []any{}}, "include must be a non-empty list"},
		{"/policies", map[string]any{"name": "x", "decision": "allow", "include": []any{map[string]any{"email_domain": map[string]any{}}}}, "email_domain.domain is required"},
		{"/policies", map[string]any{"name": "x", "decision": "allow", "include": []any{map[string]any{"azure_ad": map[string]any{"id": "a"}}}}, `unknown rule "azure_ad"`},
		{"/policies", map[string]any{"name": "x", "decision": "non_identity", "include": []any{map[string]any{"service_token": map[string]any{"token_id": "nope"}}}}, "service token nope does not exist"},
		{"/apps", map[string]any{"name": "x", "type": "self_hosted", "destinations": []any{map[string]any{"uri": "www.other.org"}}}, "not in a zone of this account"},
		{"/apps", map[string]any{"name": "x", "type": "selfhosted"}, "unknown application type"},
		{"/apps", map[string]any{"name": "x", "type": "self_hosted"}, "needs destinations"},
		{"/apps", map[string]any{"name": "x", "domain": "a.example.com", "policies": []any{map[string]any{"id": "missing"}}}, `reusable policy "missing" does not exist`},
		{"/apps", map[string]any{"name": "x", "domain": "a.example.com", "policies": []any{map[string]any{"id": people["id"], "precedence": 1}, map[string]any{"id": checks["id"], "precedence": 1}}}, "precedence 1 is taken"},
	} {
		wantMessage(t, h.api("POST", base+bad.path, bad.body), 400, bad.message)
	}
	wantMessage(t, h.api("GET", "/accounts/0123/access/apps/"+appID, nil), 404, "Could not route to /accounts/0123")

	if r := h.api("DELETE", base+"/apps/"+appID, nil); !r.Success {
		t.Fatalf("delete app: %+v", r.Errors)
	}
	for _, id := range []string{people["id"].(string), checks["id"].(string)} {
		if r := h.api("DELETE", base+"/policies/"+id, nil); !r.Success {
			t.Fatalf("delete policy: %+v", r.Errors)
		}
	}
	if r := h.api("DELETE", base+"/service_tokens/"+tokenID, nil); !r.Success {
		t.Fatalf("delete token: %+v", r.Errors)
	}
	wantMessage(t, h.api("GET", base+"/apps/"+appID, nil), 404, "not found")
}
