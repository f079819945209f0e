package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"lq3/cloudflare-standin/internal/fakeapi"
)

// edgeConfig has the shape of an edge stack after ADR 0015: the zone's security
// settings, Authenticated Origin Pulls, and Access (service token, two reusable
// policies, one application over the env's hostnames).
func edgeConfig(maxAge int, emails string) string {
	return fmt.Sprintf(`
terraform {
  required_providers {
    cloudflare = { source = "cloudflare/cloudflare", version = "5.14.0" }
  }
}

provider "cloudflare" {}

data "cloudflare_zone" "zone" {
  filter = { name = "lq3.example.com" }
}

resource "cloudflare_zone_setting" "ssl" {
  zone_id    = data.cloudflare_zone.zone.id
  setting_id = "ssl"
  value      = "strict"
}

resource "cloudflare_zone_setting" "min_tls_version" {
  zone_id    = data.cloudflare_zone.zone.id
  setting_id = "min_tls_version"
  value      = "1.2"
}

resource "cloudflare_zone_setting" "always_use_https" {
  zone_id    = data.cloudflare_zone.zone.id
  setting_id = "always_use_https"
  value      = "on"
}

resource "cloudflare_zone_setting" "security_header" {
  zone_id    = data.cloudflare_zone.zone.id
  setting_id = "security_header"
  value = {
    strict_transport_security = { enabled = true, max_age = %d, include_subdomains = false, preload = false, nosniff = true }
  }
}

resource "cloudflare_authenticated_origin_pulls_settings" "aop" {
  zone_id = data.cloudflare_zone.zone.id
  enabled = true
}

resource "cloudflare_zero_trust_access_service_token" "checks" {
  account_id = data.cloudflare_zone.zone.account.id
  name       = "lq3-staging01 checks"
  duration   = "8760h"
}

resource "cloudflare_zero_trust_access_policy" "people" {
  account_id       = data.cloudflare_zone.zone.account.id
  name             = "lq3-staging01 people"
  decision         = "allow"
  include          = concat([{ email_domain = { domain = "lq3.example.com" } }], [for e in %s : { email = { email = e } }])
  session_duration = "24h"
}

resource "cloudflare_zero_trust_access_policy" "checks" {
  account_id       = data.cloudflare_zone.zone.account.id
  name             = "lq3-staging01 checks"
  decision         = "non_identity"
  include          = [{ service_token = { token_id = cloudflare_zero_trust_access_service_token.checks.id } }]
  session_duration = "24h"
}

resource "cloudflare_zero_trust_access_application" "app" {
  account_id   = data.cloudflare_zone.zone.account.id
  name         = "lq3-staging01"
  type         = "self_hosted"
  destinations = [{ type = "public", uri = "staging.lq3.example.com" }, { type = "public", uri = "staging-api.lq3.example.com" }]
  policies = [
    { id = cloudflare_zero_trust_access_policy.people.id, precedence = 1 },
    { id = cloudflare_zero_trust_access_policy.checks.id, precedence = 2 },
  ]
  session_duration           = "24h"
  options_preflight_bypass   = true
  service_auth_401_redirect  = true
  http_only_cookie_attribute = true
  same_site_cookie_attribute = "lax"
  app_launcher_visible       = true
}

output "client_id" { value = cloudflare_zero_trust_access_service_token.checks.client_id }
`, maxAge, emails)
}

func (h *tfHarness) adminState() fakeapi.AdminState {
	h.t.Helper()
	res, err := http.Get(h.fake.URL + fakeapi.AdminPrefix + "/state")
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	var st fakeapi.AdminState
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
		h.t.Fatal(err)
	}
	return st
}

// zoneNamed is the admin state's entry of one zone.
func zoneNamed(t *testing.T, st fakeapi.AdminState, name string) fakeapi.AdminZone {
	t.Helper()
	for _, z := range st.Zones {
		if z.Name == name {
			return z
		}
	}
	t.Fatalf("no zone %s in %+v", name, st.Zones)
	return fakeapi.AdminZone{}
}

func TestTerraformEdgeSecurity(t *testing.T) {
	h := newTF(t)
	h.write(edgeConfig(31536000, "[]"))
	h.must("init", "-input=false", "-no-color")
	h.must("validate", "-no-color")
	h.planExit(2)
	h.must("apply", "-input=false", "-auto-approve", "-no-color")
	// Everything reads back as configured: the API's expanded policies, empty lists and false
	// booleans, and the dynamic setting values are normalised away.
	h.planExit(0)

	st := h.adminState()
	zone := zoneNamed(t, st, "lq3.example.com")
	hsts := zone.Settings["security_header"].(map[string]any)["strict_transport_security"].(map[string]any)
	if zone.Settings["ssl"] != "strict" || zone.Settings["min_tls_version"] != "1.2" || zone.Settings["always_use_https"] != "on" || hsts["max_age"] != float64(31536000) || !zone.OriginPulls {
		t.Fatalf("zone after apply: %+v", zone)
	}
	if len(st.Access) != 1 || len(st.Access[0].Apps) != 1 || len(st.Access[0].Policies) != 2 || len(st.Access[0].Tokens) != 1 {
		t.Fatalf("access after apply: %+v", st.Access)
	}
	var secret struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(h.must("show", "-json")), &secret); err != nil {
		t.Fatal(err)
	}
	for _, r := range secret.Values.RootModule.Resources {
		if r.Address == "cloudflare_zero_trust_access_service_token.checks" && len(fmt.Sprint(r.Values["client_secret"])) != 64 {
			t.Fatalf("the token's secret is kept in state after reads: %v", r.Values["client_secret"])
		}
	}

	// In-place changes: a shorter HSTS max-age and someone added to the people policy.
	h.write(edgeConfig(15552000, `["tester@agency.example"]`))
	plan := h.planExit(2)
	for _, want := range []string{"cloudflare_zone_setting.security_header will be updated in-place", "cloudflare_zero_trust_access_policy.people will be updated in-place"} {
		if !strings.Contains(plan, want) {
			t.Fatalf("plan lacks %q:\n%s", want, plan)
		}
	}
	if strings.Contains(plan, "must be replaced") || strings.Contains(plan, "cloudflare_zero_trust_access_application.app will be") {
		t.Fatalf("only the setting and the policy change:\n%s", plan)
	}
	h.must("apply", "-input=false", "-auto-approve", "-no-color")
	h.planExit(0)

	// Drift: SSL switched back to Flexible in the dashboard; the plan puts it back.
	res, err := http.NewRequest(http.MethodPatch, h.fake.URL+fakeapi.AdminPrefix+"/zones/lq3.example.com/settings/ssl", strings.NewReader(`{"value":"flexible"}`))
	if err != nil {
		t.Fatal(err)
	}
	answer, err := http.DefaultClient.Do(res)
	if err != nil || answer.StatusCode != http.StatusOK {
		t.Fatalf("admin drift: %v %v", err, answer)
	}
	answer.Body.Close()
	if plan := h.planExit(2); !strings.Contains(plan, `~ value          = "flexible" -> "strict"`) && !strings.Contains(plan, `"flexible" -> "strict"`) {
		t.Fatalf("drift plan:\n%s", plan)
	}
	h.must("apply", "-input=false", "-auto-approve", "-no-color")

	// Destroy removes the Access objects and only forgets the zone-wide switches (upstream's delete is a no-op).
	out := h.must("destroy", "-input=false", "-auto-approve", "-no-color")
	if !strings.Contains(out, "Resource Destruction Considerations") {
		t.Fatalf("destroy warns that settings stay:\n%s", out)
	}
	st = h.adminState()
	if zone := zoneNamed(t, st, "lq3.example.com"); zone.Settings["ssl"] != "strict" || !zone.OriginPulls {
		t.Fatalf("settings stay after destroy: %+v", zone)
	}
	for _, scope := range st.Access {
		if len(scope.Apps)+len(scope.Policies)+len(scope.Tokens) != 0 {
			t.Fatalf("access objects left after destroy: %+v", scope)
		}
	}
}

func TestTerraformAccessRefusals(t *testing.T) {
	h := newTF(t)
	h.write(strings.Replace(edgeConfig(31536000, "[]"), `uri = "staging-api.lq3.example.com"`, `uri = "staging.other.example"`, 1))
	h.must("init", "-input=false", "-no-color")
	code, out := h.run(nil, "apply", "-input=false", "-auto-approve", "-no-color")
	if code == 0 || !strings.Contains(out, "is not in a zone of this account") {
		t.Fatalf("a destination outside the account's zones: exit %d\n%s", code, out)
	}
	h.write(strings.Replace(edgeConfig(31536000, "[]"), `type         = "self_hosted"`, `type         = "selfhosted"`, 1))
	code, out = h.run(nil, "validate", "-no-color")
	if code == 0 || !strings.Contains(out, "value must be one of") {
		t.Fatalf("an unknown application type fails validate: exit %d\n%s", code, out)
	}
}

func TestTerraformEdgeImport(t *testing.T) {
	h := newTF(t)
	h.write(edgeConfig(31536000, "[]"))
	h.must("init", "-input=false", "-no-color")
	h.must("apply", "-input=false", "-auto-approve", "-no-color")
	ids := h.stateIDs()
	zoneID := zoneNamed(t, h.adminState(), "lq3.example.com").ID
	imports := map[string]string{
		"cloudflare_zone_setting.ssl":                  zoneID + "/ssl",
		"cloudflare_zero_trust_access_policy.people":   fakeapi.AccountID + "/" + ids["cloudflare_zero_trust_access_policy.people"],
		"cloudflare_zero_trust_access_application.app": "accounts/" + fakeapi.AccountID + "/" + ids["cloudflare_zero_trust_access_application.app"],
	}
	for address, id := range imports {
		h.must("state", "rm", address)
		h.must("import", "-input=false", "-no-color", address, id)
	}
	// They read back exactly as configured.
	h.planExit(0)
	// A token imports too, but without its secret or version (only a create answers with them), as upstream.
	h.must("state", "rm", "cloudflare_zero_trust_access_service_token.checks")
	h.must("import", "-input=false", "-no-color", "cloudflare_zero_trust_access_service_token.checks", "accounts/"+fakeapi.AccountID+"/"+ids["cloudflare_zero_trust_access_service_token.checks"])
	if plan := h.planExit(2); !strings.Contains(plan, "+ client_secret_version = 1") {
		t.Fatalf("an imported token plans its version back:\n%s", plan)
	}
	code, out := h.run(nil, "import", "-input=false", "-no-color", "cloudflare_zone_setting.min_tls_version", "not-a-valid-id")
	if code == 0 || !strings.Contains(out, `expected urlencoded segments "<zone_id>/<setting_id>"`) {
		t.Fatalf("a malformed import id: exit %d\n%s", code, out)
	}
}
