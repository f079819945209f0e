package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Shapes read off upstream v5.14.0: internal/services/{zone_setting,
// authenticated_origin_pulls_settings, zero_trust_access_service_token,
// zero_trust_access_policy, zero_trust_access_application}/schema.go.

var wantZoneSetting = map[string]string{
	"id": "C", "setting_id": "R", "zone_id": "R", "value": "R", "enabled": "OC", "editable": "C", "modified_on": "C", "time_remaining": "C",
}

var wantOriginPullsSettings = map[string]string{"zone_id": "R", "enabled": "R"}

var wantServiceToken = map[string]string{
	"id": "C", "account_id": "O", "zone_id": "O", "name": "R", "previous_client_secret_expires_at": "O",
	"client_secret_version": "OC", "duration": "OC", "client_id": "C", "client_secret": "C", "expires_at": "C",
}

var wantAccessPolicy = map[string]string{
	"id": "C", "account_id": "R", "decision": "R", "name": "R", "approval_required": "O", "isolation_required": "O",
	"purpose_justification_prompt": "O", "purpose_justification_required": "O", "approval_groups": "O",
	"session_duration": "OC", "exclude": "O", "include": "O", "require": "O",
}

var wantAccessApplication = map[string]string{
	"id": "C", "account_id": "O", "zone_id": "O", "allow_authenticate_via_warp": "O", "allow_iframe": "O", "app_launcher_logo_url": "O",
	"bg_color": "O", "custom_deny_message": "O", "custom_deny_url": "O", "custom_non_identity_deny_url": "O", "domain": "OC",
	"header_bg_color": "O", "logo_url": "O", "name": "OC", "options_preflight_bypass": "O", "read_service_tokens_from_header": "O",
	"same_site_cookie_attribute": "O", "service_auth_401_redirect": "O", "skip_interstitial": "O", "type": "O", "allowed_idps": "O",
	"custom_pages": "O", "cors_headers": "O", "footer_links": "O", "scim_config": "O", "target_criteria": "O", "app_launcher_visible": "OC",
	"auto_redirect_to_identity": "O", "enable_binding_cookie": "O", "http_only_cookie_attribute": "OC", "path_cookie_attribute": "O",
	"session_duration": "OC", "skip_app_launcher_login_page": "OC", "self_hosted_domains": "OC", "tags": "O", "destinations": "OC",
	"landing_page_design": "O", "policies": "O", "saas_app": "O", "aud": "C",
}

var wantAccessRuleKinds = []string{"group", "any_valid_service_token", "auth_context", "auth_method", "azure_ad", "certificate",
	"common_name", "geo", "device_posture", "email_domain", "email_list", "email", "everyone", "external_evaluation",
	"github_organization", "gsuite", "login_method", "ip_list", "ip", "okta", "saml", "oidc", "service_token", "linked_app_token"}

func TestEdgeSchemasMirrorUpstream(t *testing.T) {
	_, schemas := newServer(t)
	resource := func(name string) []*tfprotov6.SchemaAttribute { return schemas.ResourceSchemas[name].Block.Attributes }

	setting := checkAttrs(t, "cloudflare_zone_setting", resource("cloudflare_zone_setting"), wantZoneSetting)
	if !setting["value"].Type.Equal(tftypes.DynamicPseudoType) || !setting["time_remaining"].Type.Equal(tftypes.Number) {
		t.Errorf("zone_setting value is dynamic, time_remaining a number: %s %s", setting["value"].Type, setting["time_remaining"].Type)
	}
	checkAttrs(t, "cloudflare_authenticated_origin_pulls_settings", resource("cloudflare_authenticated_origin_pulls_settings"), wantOriginPullsSettings)
	token := checkSensitiveAttrs(t, "cloudflare_zero_trust_access_service_token", resource("cloudflare_zero_trust_access_service_token"), wantServiceToken, map[string]bool{"client_secret": true})
	if !token["client_secret_version"].Type.Equal(tftypes.Number) {
		t.Errorf("client_secret_version is a number")
	}

	policy := checkAttrs(t, "cloudflare_zero_trust_access_policy", resource("cloudflare_zero_trust_access_policy"), wantAccessPolicy)
	for _, rules := range []string{"include", "exclude", "require"} {
		nested := policy[rules].NestedType
		if nested == nil || nested.Nesting != tfprotov6.SchemaObjectNestingModeSet {
			t.Fatalf("policy %s must be a set of rule objects", rules)
		}
		want := map[string]string{}
		for _, kind := range wantAccessRuleKinds {
			want[kind] = "O"
		}
		kinds := checkAttrs(t, "cloudflare_zero_trust_access_policy."+rules, nested.Attributes, want)
		checkAttrs(t, rules+".github_organization", kinds["github_organization"].NestedType.Attributes, map[string]string{"identity_provider_id": "R", "name": "R", "team": "O"})
		checkAttrs(t, rules+".service_token", kinds["service_token"].NestedType.Attributes, map[string]string{"token_id": "R"})
		checkAttrs(t, rules+".everyone", kinds["everyone"].NestedType.Attributes, map[string]string{})
	}

	app := checkAttrs(t, "cloudflare_zero_trust_access_application", resource("cloudflare_zero_trust_access_application"), wantAccessApplication)
	checkAttrs(t, "application.destinations", app["destinations"].NestedType.Attributes, map[string]string{
		"type": "OC", "uri": "O", "cidr": "O", "hostname": "O", "l4_protocol": "O", "port_range": "O", "vnet_id": "O", "mcp_server_id": "O",
	})
	if app["policies"].NestedType.Nesting != tfprotov6.SchemaObjectNestingModeList {
		t.Errorf("application policies are a list")
	}
	checkAttrs(t, "application.policies", app["policies"].NestedType.Attributes, map[string]string{
		"id": "O", "precedence": "OC", "decision": "O", "include": "O", "name": "O", "connection_rules": "O", "exclude": "O", "require": "O",
	})
	checkSensitiveAttrs(t, "application.scim_config.authentication", nestedOf(t, app["scim_config"], "authentication"), map[string]string{
		"password": "O", "scheme": "R", "user": "O", "token": "O", "authorization_url": "O", "client_id": "O", "client_secret": "O", "token_url": "O", "scopes": "O",
	}, map[string]bool{"password": true, "token": true, "client_secret": true})
	saas := app["saas_app"].NestedType.Attributes
	checkSensitiveAttrs(t, "application.saas_app", saas, map[string]string{
		"auth_type": "OC", "consumer_service_url": "O", "custom_attributes": "O", "default_relay_state": "O", "idp_entity_id": "OC",
		"name_id_format": "OC", "name_id_transform_jsonata": "O", "public_key": "C", "saml_attribute_transform_jsonata": "O",
		"sp_entity_id": "O", "sso_endpoint": "OC", "access_token_lifetime": "OC", "allow_pkce_without_client_secret": "O",
		"app_launcher_url": "O", "client_id": "C", "client_secret": "C", "custom_claims": "O", "grant_types": "O",
		"group_filter_regex": "O", "hybrid_and_implicit_options": "O", "redirect_uris": "O", "refresh_token_options": "O", "scopes": "O",
	}, map[string]bool{"client_secret": true})
	if !app["self_hosted_domains"].Deprecated {
		t.Error("self_hosted_domains is deprecated upstream")
	}
}

func nestedOf(t *testing.T, a *tfprotov6.SchemaAttribute, name string) []*tfprotov6.SchemaAttribute {
	t.Helper()
	for _, inner := range a.NestedType.Attributes {
		if inner.Name == name {
			return inner.NestedType.Attributes
		}
	}
	t.Fatalf("%s has no %s", a.Name, name)
	return nil
}
