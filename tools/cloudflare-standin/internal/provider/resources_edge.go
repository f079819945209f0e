package provider

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The zone-wide settings and Zero Trust Access types, as apiResource specs. The
// hooks restate upstream v5.14.0's per-type behaviour: zone_setting and
// authenticated_origin_pulls_settings cannot be destroyed (delete forgets, with
// upstream's warnings), a service token's secret is only ever in the create (or
// rotation) answer, and Access policies and applications normalise the API's
// empty lists and false booleans back to the null the configuration had
// (upstream's normalizations.go) and plan the app-type defaults
// (plan_modifiers.go).

func warnCannotDestroy(plan, state attributes, diags *diag.Diagnostics) {
	if state == nil {
		diags.AddWarning("Resource Destruction Considerations",
			"This resource cannot be destroyed from Terraform. If you create this resource, it will be present in the API until manually deleted.")
	}
	if len(plan) == 0 {
		diags.AddWarning("Resource Destruction Considerations",
			"Applying this resource destruction will remove the resource from the Terraform state but will not change it in the API. If you would like to destroy or reset this resource in the API, refer to the documentation for how to do it manually.")
	}
}

func requireString(a attributes, name string) (string, error) {
	v := strOf(a[name])
	if v == "" {
		return "", errors.New(name + " is required")
	}
	return url.PathEscape(v), nil
}

// ---- cloudflare_zone_setting -----------------------------------------------------

var zoneSettingSpec = &apiResourceSpec{
	typeName: "_zone_setting",
	schema:   zoneSettingSchema,
	fields: map[string]apiField{
		"id": {kind: kindHook}, "setting_id": {kind: kindPath}, "zone_id": {kind: kindPath}, "value": {kind: kindUser},
		"enabled": {kind: kindComputedOptional}, "editable": {kind: kindComputed}, "modified_on": {kind: kindComputed}, "time_remaining": {kind: kindComputed},
	},
	itemPath: func(a attributes) (string, error) {
		zone, err := requireString(a, "zone_id")
		if err != nil {
			return "", err
		}
		setting, err := requireString(a, "setting_id")
		return "zones/" + zone + "/settings/" + setting, err
	},
	createMethod:  http.MethodPatch,
	updateMethod:  http.MethodPatch,
	deleteForgets: true,
	importAttributes: func(id string) (attributes, error) {
		parts, err := segments(id, "<zone_id>/<setting_id>", 2)
		if err != nil {
			return nil, err
		}
		return attributes{"zone_id": tftypes.NewValue(tftypes.String, parts[0]), "setting_id": tftypes.NewValue(tftypes.String, parts[1])}, nil
	},
	afterWrite: func(out, _, _ attributes, _ map[string]json.RawMessage) {
		out["id"] = out["setting_id"]
	},
	afterRead: func(out, prior attributes, body map[string]json.RawMessage, _ bool) {
		out["id"] = out["setting_id"]
		// The value is dynamic: keep the state's when it means the same (upstream's NormalizedDynamicValue).
		if prev, ok := prior["value"]; ok && prev.IsKnown() && !prev.IsNull() && sameJSON(prev, body["value"]) {
			out["value"] = prev
		} else {
			out["value"] = inferFromJSON(body["value"])
		}
	},
	modifyPlan: func(_ context.Context, plan, state, _ attributes, diags *diag.Diagnostics) {
		warnCannotDestroy(plan, state, diags)
		if state != nil && len(plan) > 0 && plan["value"].IsKnown() {
			if j, ok, err := jsonFromTF(plan["value"]); err == nil && ok {
				raw, _ := json.Marshal(j)
				if sameJSON(state["value"], raw) {
					plan["value"] = state["value"]
				}
			}
		}
	},
}

// ---- cloudflare_authenticated_origin_pulls_settings --------------------------------

var originPullsSettingsSpec = &apiResourceSpec{
	typeName: "_authenticated_origin_pulls_settings",
	schema:   originPullsSettingsSchema,
	fields:   map[string]apiField{"zone_id": {kind: kindPath}, "enabled": {kind: kindUser}},
	itemPath: func(a attributes) (string, error) {
		zone, err := requireString(a, "zone_id")
		return "zones/" + zone + "/origin_tls_client_auth/settings", err
	},
	createMethod:  http.MethodPut,
	updateMethod:  http.MethodPut,
	deleteForgets: true,
	modifyPlan: func(_ context.Context, plan, state, _ attributes, diags *diag.Diagnostics) {
		warnCannotDestroy(plan, state, diags)
	},
}

// ---- Access: scope paths -----------------------------------------------------------

// accessScopePath is accounts/<account_id> or zones/<zone_id>, whichever is set.
func accessScopePath(a attributes) (string, error) {
	if id := strOf(a["account_id"]); id != "" {
		return "accounts/" + url.PathEscape(id), nil
	}
	if id := strOf(a["zone_id"]); id != "" {
		return "zones/" + url.PathEscape(id), nil
	}
	return "", errors.New("either account_id or zone_id must be set")
}

func accessPaths(collection string) (func(attributes) (string, error), func(attributes) (string, error)) {
	coll := func(a attributes) (string, error) {
		scope, err := accessScopePath(a)
		return scope + "/access/" + collection, err
	}
	item := func(a attributes) (string, error) {
		base, err := coll(a)
		if err != nil {
			return "", err
		}
		id, err := requireString(a, "id")
		return base + "/" + id, err
	}
	return coll, item
}

// scopedImport parses "<{accounts|zones}/{account_id|zone_id}>/<id>".
func scopedImport(id string) (attributes, error) {
	const format = "<{accounts|zones}/{account_id|zone_id}>/<id>"
	parts, err := segments(id, format, 3)
	if err != nil {
		return nil, err
	}
	out := attributes{"id": tftypes.NewValue(tftypes.String, parts[2])}
	switch parts[0] {
	case "accounts":
		out["account_id"] = tftypes.NewValue(tftypes.String, parts[1])
	case "zones":
		out["zone_id"] = tftypes.NewValue(tftypes.String, parts[1])
	default:
		return nil, errors.New("invalid discriminator segment - <{accounts|zones}/{account_id|zone_id}>: expected discriminator to be one of {accounts|zones}")
	}
	return out, nil
}

// ---- cloudflare_zero_trust_access_service_token -----------------------------------------

var serviceTokenCollection, serviceTokenItem = accessPaths("service_tokens")

var accessServiceTokenSpec = &apiResourceSpec{
	typeName: "_zero_trust_access_service_token",
	schema:   accessServiceTokenSchema,
	fields: map[string]apiField{
		"id": {kind: kindComputed}, "account_id": {kind: kindPath}, "zone_id": {kind: kindPath}, "name": {kind: kindUser},
		"previous_client_secret_expires_at": {kind: kindUser, noRefresh: true},
		"client_secret_version":             {kind: kindComputedOptional, noRefresh: true},
		"duration":                          {kind: kindComputedOptional},
		"client_id":                         {kind: kindComputed}, "client_secret": {kind: kindComputed, noRefresh: true}, "expires_at": {kind: kindComputed},
	},
	collectionPath:   serviceTokenCollection,
	itemPath:         serviceTokenItem,
	updateMethod:     http.MethodPut,
	importAttributes: scopedImport,
	afterWrite: func(out, _, prior attributes, _ map[string]json.RawMessage) {
		// Only a create or a rotation answers with a secret; otherwise the state keeps its own.
		if out["client_secret"].IsNull() && prior != nil {
			out["client_secret"] = prior["client_secret"]
		}
	},
	modifyPlan: func(_ context.Context, plan, state, _ attributes, _ *diag.Diagnostics) {
		if len(plan) == 0 || state == nil {
			return
		}
		if !plan["client_secret_version"].Equal(state["client_secret_version"]) {
			plan["client_secret"] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
		} else if state["client_secret"].IsNull() && !plan["client_secret"].IsKnown() {
			plan["client_secret"] = state["client_secret"]
		}
	},
}

// ---- normalisations shared by policies and applications --------------------------

func emptyOrNull(v tftypes.Value) bool {
	return v.IsKnown() && (v.IsNull() || collectionLen(v) == 0)
}

// normalizeEmptyAndNull: an empty answer where the source had null (or the reverse) takes the source's.
func normalizeEmptyAndNull(out, source attributes, name string) {
	if emptyOrNull(out[name]) && emptyOrNull(source[name]) {
		out[name] = source[name]
	}
}

// normalizeFalseAndNull: false in the answer where the source had null (or the reverse) takes the source's.
func normalizeFalseAndNull(out, source attributes, name string) {
	if !boolOf(out[name]) && !boolOf(source[name]) && source[name].IsKnown() {
		out[name] = source[name]
	}
}

// normalizeTrueAndNull: true in the answer where the source had null takes the null.
func normalizeTrueAndNull(out, source attributes, name string) {
	o, s := out[name], source[name]
	if (!o.IsNull() && !boolOf(o)) || (!s.IsNull() && !boolOf(s)) || !s.IsKnown() {
		return
	}
	out[name] = s
}

// ---- cloudflare_zero_trust_access_policy ------------------------------------------

var policyCollection, policyItem = accessPaths("policies")

func normalizePolicy(out, source attributes, imported bool) {
	for _, rules := range []string{"include", "require", "exclude"} {
		if imported || source[rules].IsNull() {
			if emptyOrNull(out[rules]) {
				out[rules] = nullOf(out[rules])
			}
			continue
		}
		normalizeEmptyAndNull(out, source, rules)
	}
	if imported {
		return
	}
	normalizeEmptyAndNull(out, source, "approval_groups")
	for _, flag := range []string{"purpose_justification_required", "approval_required", "isolation_required"} {
		normalizeFalseAndNull(out, source, flag)
	}
}

var accessPolicySpec = &apiResourceSpec{
	typeName: "_zero_trust_access_policy",
	schema:   accessPolicySchema,
	fields: map[string]apiField{
		"id": {kind: kindComputed}, "account_id": {kind: kindPath}, "decision": {kind: kindUser}, "name": {kind: kindUser},
		"approval_required": {kind: kindUser}, "isolation_required": {kind: kindUser}, "purpose_justification_prompt": {kind: kindUser},
		"purpose_justification_required": {kind: kindUser}, "approval_groups": {kind: kindUser}, "session_duration": {kind: kindComputedOptional},
		"exclude": {kind: kindComputedOptional}, "include": {kind: kindComputedOptional}, "require": {kind: kindComputedOptional},
	},
	names:          accessRuleJSONNames,
	collectionPath: policyCollection,
	itemPath:       policyItem,
	updateMethod:   http.MethodPut,
	importAttributes: func(id string) (attributes, error) {
		parts, err := segments(id, "<account_id>/<policy_id>", 2)
		if err != nil {
			return nil, err
		}
		return attributes{"account_id": tftypes.NewValue(tftypes.String, parts[0]), "id": tftypes.NewValue(tftypes.String, parts[1])}, nil
	},
	afterWrite: func(out, plan, _ attributes, _ map[string]json.RawMessage) { normalizePolicy(out, plan, false) },
	afterRead: func(out, prior attributes, _ map[string]json.RawMessage, imported bool) {
		normalizePolicy(out, prior, imported)
	},
}

// ---- cloudflare_zero_trust_access_application ---------------------------------------

var appCollection, appItem = accessPaths("apps")

// persistNullPolicyFields keeps, per policy reference, the nulls of the state: the API expands a
// reusable policy, whose source of truth is its own resource (upstream: normalizeZeroTrustApplicationPolicyAPIData).
func persistNullPolicyFields(out, source tftypes.Value, imported bool) tftypes.Value {
	var outItems, srcItems []tftypes.Value
	if out.IsNull() || !out.IsKnown() || out.As(&outItems) != nil {
		return out
	}
	if !imported && (source.IsNull() || !source.IsKnown() || source.As(&srcItems) != nil) {
		return out
	}
	elemType := out.Type().(tftypes.List).ElementType
	for i := range outItems {
		var o map[string]tftypes.Value
		if outItems[i].As(&o) != nil {
			continue
		}
		if imported {
			if !o["id"].IsNull() {
				for _, k := range []string{"decision", "name", "include", "require", "exclude"} {
					o[k] = nullOf(o[k])
				}
			}
		} else {
			if i >= len(srcItems) {
				break
			}
			var s map[string]tftypes.Value
			if srcItems[i].As(&s) != nil {
				continue
			}
			for _, k := range []string{"id", "decision", "name", "include", "require", "exclude"} {
				if s[k].IsNull() {
					o[k] = s[k]
				}
			}
		}
		outItems[i] = tftypes.NewValue(elemType, o)
	}
	return tftypes.NewValue(out.Type(), outItems)
}

func normalizeApplication(out, source attributes, imported bool) {
	if imported {
		for _, name := range []string{"allowed_idps", "policies", "tags"} {
			if emptyOrNull(out[name]) {
				out[name] = nullOf(out[name])
			}
		}
		out["policies"] = persistNullPolicyFields(out["policies"], tftypes.Value{}, true)
		return
	}
	for _, name := range []string{"allowed_idps", "policies", "tags"} {
		normalizeEmptyAndNull(out, source, name)
	}
	for _, name := range []string{"service_auth_401_redirect", "enable_binding_cookie", "options_preflight_bypass", "auto_redirect_to_identity"} {
		normalizeFalseAndNull(out, source, name)
	}
	if slices.Contains(selfHostedAppTypes, strOf(out["type"])) {
		normalizeTrueAndNull(out, source, "http_only_cookie_attribute")
		for _, name := range []string{"skip_interstitial", "allow_iframe", "path_cookie_attribute"} {
			normalizeFalseAndNull(out, source, name)
		}
	}
	out["policies"] = persistNullPolicyFields(out["policies"], source["policies"], false)
}

// defaultForTypes sets an unknown planned attribute to one value for the given app types, another otherwise.
func defaultForTypes(plan attributes, name string, appTypes []string, forThem, forOthers tftypes.Value) {
	if plan[name].IsKnown() {
		return
	}
	if slices.Contains(appTypes, strOf(plan["type"])) {
		plan[name] = forThem
	} else {
		plan[name] = forOthers
	}
}

func unknownOf(v tftypes.Value) tftypes.Value {
	return tftypes.NewValue(v.Type(), tftypes.UnknownValue)
}

func modifyApplicationPlan(_ context.Context, plan, state, config attributes, _ *diag.Diagnostics) {
	if len(plan) == 0 {
		return
	}
	if config != nil && config["tags"].IsNull() {
		plan["tags"] = nullOf(plan["tags"])
	}
	// domain, self_hosted_domains and destinations are tied together in the API: a change of one
	// changes the others, so they are unknown together, or all taken from the state.
	for _, name := range []string{"self_hosted_domains", "destinations"} {
		defaultForTypes(plan, name, selfHostedAppTypes, unknownOf(plan[name]), nullOf(plan[name]))
	}
	changed := func(name string) bool { return plan[name].IsKnown() && !plan[name].Equal(state[name]) }
	if state == nil || changed("domain") || changed("self_hosted_domains") || changed("destinations") {
		for _, name := range []string{"domain", "self_hosted_domains", "destinations"} {
			if plan[name].IsNull() {
				plan[name] = unknownOf(plan[name])
			}
		}
	} else {
		for _, name := range []string{"domain", "self_hosted_domains", "destinations"} {
			plan[name] = state[name]
		}
	}
	boolean := func(b bool) tftypes.Value { return tftypes.NewValue(tftypes.Bool, b) }
	defaultForTypes(plan, "http_only_cookie_attribute", append(slices.Clone(selfHostedAppTypes), "mcp"), boolean(true), tftypes.NewValue(tftypes.Bool, nil))
	defaultForTypes(plan, "app_launcher_visible", appLauncherVisibleAppTypes, boolean(true), tftypes.NewValue(tftypes.Bool, nil))
	defaultForTypes(plan, "skip_app_launcher_login_page", []string{"app_launcher"}, boolean(false), tftypes.NewValue(tftypes.Bool, nil))
	defaultForTypes(plan, "session_duration", sessionDurationCompatibleAppTypes, tftypes.NewValue(tftypes.String, "24h"), tftypes.NewValue(tftypes.String, nil))
	plan["policies"] = fillPrecedences(plan["policies"])
}

// fillPrecedences numbers policies without a precedence after the one before them.
func fillPrecedences(policies tftypes.Value) tftypes.Value {
	var items []tftypes.Value
	if !policies.IsKnown() || policies.IsNull() || policies.As(&items) != nil {
		return policies
	}
	elemType := policies.Type().(tftypes.List).ElementType
	last := 0.0
	for i := range items {
		var o map[string]tftypes.Value
		if !items[i].IsKnown() || items[i].As(&o) != nil {
			continue
		}
		if !o["precedence"].IsKnown() {
			o["precedence"] = tftypes.NewValue(tftypes.Number, big.NewFloat(last+1))
		}
		if f, ok := floatOf(o["precedence"]); ok {
			last = f
		}
		items[i] = tftypes.NewValue(elemType, o)
	}
	return tftypes.NewValue(policies.Type(), items)
}

var accessApplicationSpec = &apiResourceSpec{
	typeName: "_zero_trust_access_application",
	schema:   accessApplicationSchema,
	fields: func() map[string]apiField {
		f := map[string]apiField{"id": {kind: kindComputed}, "aud": {kind: kindComputed}, "account_id": {kind: kindPath}, "zone_id": {kind: kindPath}}
		for _, name := range strings.Fields("domain name app_launcher_visible http_only_cookie_attribute session_duration skip_app_launcher_login_page self_hosted_domains destinations") {
			f[name] = apiField{kind: kindComputedOptional}
		}
		for _, name := range strings.Fields(`allow_authenticate_via_warp allow_iframe app_launcher_logo_url bg_color custom_deny_message custom_deny_url
			custom_non_identity_deny_url header_bg_color logo_url options_preflight_bypass read_service_tokens_from_header same_site_cookie_attribute
			service_auth_401_redirect skip_interstitial type allowed_idps custom_pages cors_headers footer_links scim_config target_criteria
			auto_redirect_to_identity enable_binding_cookie path_cookie_attribute tags landing_page_design policies saas_app`) {
			f[name] = apiField{kind: kindUser}
		}
		return f
	}(),
	names:            accessRuleJSONNames,
	collectionPath:   appCollection,
	itemPath:         appItem,
	updateMethod:     http.MethodPut,
	importAttributes: scopedImport,
	prepareBody: func(body map[string]any, _ attributes) {
		// A null policies list leaves the application's policies as they were (API history): send [].
		if v, ok := body["policies"]; !ok || v == nil {
			body["policies"] = []any{}
		}
	},
	afterWrite: func(out, plan, prior attributes, _ map[string]json.RawMessage) {
		if prior != nil {
			normalizeApplication(out, plan, false)
		}
	},
	afterRead: func(out, prior attributes, _ map[string]json.RawMessage, imported bool) {
		normalizeApplication(out, prior, imported)
	},
	modifyPlan: modifyApplicationPlan,
}
