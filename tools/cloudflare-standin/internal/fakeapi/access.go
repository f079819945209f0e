package fakeapi

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Zero Trust Access: service tokens, reusable policies and applications, under
// /accounts/{account_id}/access/... (or /zones/{zone_id}/access/...), kept per
// scope. What the real API refuses and this fake refuses too: unknown decisions
// and application types, rules of an unknown kind or without their fields, a
// policy without include rules, a service token or policy id that does not
// exist in the scope, duplicate policy precedences, destinations outside the
// account's zones, and deleting a policy or token an application or policy still
// uses. The error codes are the fake's own (12xxx, like Access's).

var accessRuleFields = map[string][]string{
	"group": {"id"}, "any_valid_service_token": {}, "auth_context": {"id", "ac_id", "identity_provider_id"},
	"auth_method": {"auth_method"}, "azureAD": {"id", "identity_provider_id"}, "certificate": {},
	"common_name": {"common_name"}, "geo": {"country_code"}, "device_posture": {"integration_uid"},
	"email_domain": {"domain"}, "email_list": {"id"}, "email": {"email"}, "everyone": {},
	"external_evaluation": {"evaluate_url", "keys_url"}, "github-organization": {"identity_provider_id", "name"},
	"gsuite": {"email", "identity_provider_id"}, "login_method": {"id"}, "ip_list": {"id"}, "ip": {"ip"},
	"okta": {"identity_provider_id", "name"}, "saml": {"attribute_name", "attribute_value", "identity_provider_id"},
	"oidc": {"claim_name", "claim_value", "identity_provider_id"}, "service_token": {"token_id"},
	"linked_app_token": {"app_uid"},
}

var (
	accessDecisions = map[string]bool{"allow": true, "deny": true, "non_identity": true, "bypass": true}
	accessAppTypes  = map[string]bool{"self_hosted": true, "saas": true, "ssh": true, "vnc": true, "app_launcher": true, "warp": true,
		"biso": true, "bookmark": true, "dash_sso": true, "infrastructure": true, "rdp": true, "mcp": true, "mcp_portal": true, "proxy_endpoint": true}
	durationPattern = regexp.MustCompile(`^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$`)
)

type accessObject = map[string]any

type accessScope struct {
	tokens   map[string]accessObject
	secrets  map[string]string // token id -> current client secret
	policies map[string]accessObject
	apps     map[string]accessObject
}

type accessState struct{ scopes map[string]*accessScope }

func newAccessState() *accessState { return &accessState{scopes: map[string]*accessScope{}} }

func (a *accessState) scope(key string) *accessScope {
	sc, ok := a.scopes[key]
	if !ok {
		sc = &accessScope{tokens: map[string]accessObject{}, secrets: map[string]string{}, policies: map[string]accessObject{}, apps: map[string]accessObject{}}
		a.scopes[key] = sc
	}
	return sc
}

func accessError(status, code int, format string, args ...any) *APIError {
	return apiErr(status, code, fmt.Sprintf(format, args...))
}

func errAccessNotFound(what string) *APIError {
	return accessError(http.StatusNotFound, 12100, "access.api.error.not_found: %s not found", what)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func uuid() string {
	h := randomHex(16)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

// accessScopeKey validates the path's account or zone and returns the scope key.
func (s *Server) accessScopeKey(r *http.Request) (string, *APIError) {
	if id := r.PathValue("account_id"); id != "" {
		if id != AccountID {
			return "", apiErr(http.StatusNotFound, 7003, fmt.Sprintf("Could not route to /accounts/%s, perhaps your object identifier is invalid?", id))
		}
		return "accounts/" + id, nil
	}
	id := r.PathValue("zone_id")
	if _, ok := s.store.ZoneByID(id); !ok {
		return "", errZoneNotFound(id)
	}
	return "zones/" + id, nil
}

// accessHandler decodes the body (for writes), resolves the scope and runs fn under the lock.
func (s *Server) accessHandler(write bool, fn func(sc *accessScope, id string, body accessObject) (any, *APIError)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key, e := s.accessScopeKey(r)
		if e != nil {
			writeError(w, e)
			return
		}
		var body accessObject
		if write {
			raw, e := readBody(r)
			if e != nil {
				writeError(w, e)
				return
			}
			if err := json.Unmarshal(raw, &body); err != nil || body == nil {
				writeError(w, accessError(http.StatusBadRequest, 12000, "access.api.error.invalid_request: request body must be a JSON object"))
				return
			}
		}
		s.edge.mu.Lock()
		defer s.edge.mu.Unlock()
		result, e := fn(s.edge.access.scope(key), r.PathValue("id"), body)
		if e != nil {
			writeError(w, e)
			return
		}
		writeResult(w, http.StatusOK, result, nil)
	}
}

func (s *Server) accessRoutes(api func(string, http.HandlerFunc)) {
	for _, scope := range []string{"/accounts/{account_id}", "/zones/{zone_id}"} {
		api("POST "+scope+"/access/service_tokens", s.accessHandler(true, s.createToken))
		api("GET "+scope+"/access/service_tokens/{id}", s.accessHandler(false, getFrom(func(sc *accessScope) map[string]accessObject { return sc.tokens }, "service token")))
		api("PUT "+scope+"/access/service_tokens/{id}", s.accessHandler(true, s.updateToken))
		api("DELETE "+scope+"/access/service_tokens/{id}", s.accessHandler(false, deleteToken))
		api("POST "+scope+"/access/policies", s.accessHandler(true, s.writePolicy))
		api("GET "+scope+"/access/policies/{id}", s.accessHandler(false, getPolicy))
		api("PUT "+scope+"/access/policies/{id}", s.accessHandler(true, s.writePolicy))
		api("DELETE "+scope+"/access/policies/{id}", s.accessHandler(false, deletePolicy))
		api("POST "+scope+"/access/apps", s.accessHandler(true, s.writeApp))
		api("GET "+scope+"/access/apps/{id}", s.accessHandler(false, getApp))
		api("PUT "+scope+"/access/apps/{id}", s.accessHandler(true, s.writeApp))
		api("DELETE "+scope+"/access/apps/{id}", s.accessHandler(false, deleteApp))
	}
}

func getFrom(objects func(*accessScope) map[string]accessObject, what string) func(*accessScope, string, accessObject) (any, *APIError) {
	return func(sc *accessScope, id string, _ accessObject) (any, *APIError) {
		o, ok := objects(sc)[id]
		if !ok {
			return nil, errAccessNotFound(what)
		}
		return o, nil
	}
}

func stringField(body accessObject, name string) (string, bool) {
	s, ok := body[name].(string)
	return s, ok
}

// ---- service tokens ---------------------------------------------------------

func tokenDuration(body accessObject, current string) (string, time.Duration, *APIError) {
	d := current
	if v, ok := body["duration"]; ok && v != nil {
		s, ok := v.(string)
		if !ok {
			return "", 0, accessError(http.StatusBadRequest, 12001, "duration must be a string")
		}
		d = s
	}
	parsed, err := time.ParseDuration(d)
	if err != nil || parsed <= 0 || !durationPattern.MatchString(d) {
		return "", 0, accessError(http.StatusBadRequest, 12001, "access.api.error.invalid_request: invalid duration %q", d)
	}
	return d, parsed, nil
}

func (s *Server) createToken(sc *accessScope, _ string, body accessObject) (any, *APIError) {
	name, ok := stringField(body, "name")
	if !ok || strings.TrimSpace(name) == "" {
		return nil, accessError(http.StatusBadRequest, 12001, "access.api.error.invalid_request: name is required")
	}
	duration, parsed, e := tokenDuration(body, "8760h")
	if e != nil {
		return nil, e
	}
	now := s.edge.now().Truncate(time.Second)
	version := float64(1)
	if v, ok := body["client_secret_version"].(float64); ok {
		version = v
	}
	id := uuid()
	token := accessObject{
		"id": id, "name": name, "client_id": randomHex(16) + ".access", "duration": duration,
		"created_at": ts(now), "updated_at": ts(now), "expires_at": ts(now.Add(parsed)), "last_seen_at": nil,
		"client_secret_version": version,
	}
	sc.tokens[id] = token
	sc.secrets[id] = randomHex(32)
	return withField(token, "client_secret", sc.secrets[id]), nil
}

func (s *Server) updateToken(sc *accessScope, id string, body accessObject) (any, *APIError) {
	token, ok := sc.tokens[id]
	if !ok {
		return nil, errAccessNotFound("service token")
	}
	if name, ok := stringField(body, "name"); ok && strings.TrimSpace(name) != "" {
		token["name"] = name
	}
	duration, parsed, e := tokenDuration(body, token["duration"].(string))
	if e != nil {
		return nil, e
	}
	now := s.edge.now().Truncate(time.Second)
	token["duration"], token["updated_at"], token["expires_at"] = duration, ts(now), ts(now.Add(parsed))
	// A higher client_secret_version rotates the secret; the answer carries the new one once.
	if v, ok := body["client_secret_version"].(float64); ok && v > token["client_secret_version"].(float64) {
		token["client_secret_version"] = v
		sc.secrets[id] = randomHex(32)
		return withField(token, "client_secret", sc.secrets[id]), nil
	}
	return token, nil
}

func deleteToken(sc *accessScope, id string, _ accessObject) (any, *APIError) {
	if _, ok := sc.tokens[id]; !ok {
		return nil, errAccessNotFound("service token")
	}
	for _, p := range sc.policies {
		if strings.Contains(mustJSON(p["include"])+mustJSON(p["exclude"])+mustJSON(p["require"]), `"token_id":"`+id+`"`) {
			return nil, accessError(http.StatusBadRequest, 12130, "access.api.error.service_token_in_use: policy %s still names this service token", p["name"])
		}
	}
	delete(sc.tokens, id)
	delete(sc.secrets, id)
	return accessObject{"id": id}, nil
}

// withField returns a copy of o with key set to v.
func withField(o accessObject, key string, v any) accessObject {
	out := accessObject{}
	for k, val := range o {
		out[k] = val
	}
	out[key] = v
	return out
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// ---- policies ---------------------------------------------------------------

func validRules(sc *accessScope, field string, v any, required bool) ([]any, *APIError) {
	if v == nil {
		if required {
			return nil, accessError(http.StatusBadRequest, 12002, "access.api.error.invalid_request: %s must have at least one rule", field)
		}
		return []any{}, nil
	}
	rules, ok := v.([]any)
	if !ok || (required && len(rules) == 0) {
		return nil, accessError(http.StatusBadRequest, 12002, "access.api.error.invalid_request: %s must be a non-empty list of rules", field)
	}
	for i, raw := range rules {
		rule, ok := raw.(map[string]any)
		if !ok || len(rule) != 1 {
			return nil, accessError(http.StatusBadRequest, 12002, "access.api.error.invalid_request: %s[%d] must be an object with exactly one rule", field, i)
		}
		for kind, body := range rule {
			fields, known := accessRuleFields[kind]
			content, isObject := body.(map[string]any)
			if !known || !isObject {
				return nil, accessError(http.StatusBadRequest, 12002, "access.api.error.invalid_request: %s[%d]: unknown rule %q", field, i, kind)
			}
			for _, f := range fields {
				if s, ok := content[f].(string); !ok || s == "" {
					return nil, accessError(http.StatusBadRequest, 12002, "access.api.error.invalid_request: %s[%d].%s.%s is required", field, i, kind, f)
				}
			}
			if kind == "service_token" {
				if _, ok := sc.tokens[content["token_id"].(string)]; !ok {
					return nil, accessError(http.StatusBadRequest, 12003, "access.api.error.invalid_request: %s[%d]: service token %s does not exist", field, i, content["token_id"])
				}
			}
			if kind == "email" && !strings.Contains(content["email"].(string), "@") {
				return nil, accessError(http.StatusBadRequest, 12002, "access.api.error.invalid_request: %s[%d]: %q is not an email address", field, i, content["email"])
			}
		}
	}
	return rules, nil
}

func (s *Server) writePolicy(sc *accessScope, id string, body accessObject) (any, *APIError) {
	var existing accessObject
	if id != "" {
		var ok bool
		if existing, ok = sc.policies[id]; !ok {
			return nil, errAccessNotFound("policy")
		}
	}
	name, ok := stringField(body, "name")
	if !ok || strings.TrimSpace(name) == "" {
		return nil, accessError(http.StatusBadRequest, 12001, "access.api.error.invalid_request: name is required")
	}
	decision, _ := stringField(body, "decision")
	if !accessDecisions[decision] {
		return nil, accessError(http.StatusBadRequest, 12001, "access.api.error.invalid_request: decision must be one of allow, deny, non_identity, bypass")
	}
	include, e := validRules(sc, "include", body["include"], true)
	if e != nil {
		return nil, e
	}
	exclude, e := validRules(sc, "exclude", body["exclude"], false)
	if e != nil {
		return nil, e
	}
	require, e := validRules(sc, "require", body["require"], false)
	if e != nil {
		return nil, e
	}
	session := "24h"
	if v, ok := stringField(body, "session_duration"); ok {
		if !durationPattern.MatchString(v) {
			return nil, accessError(http.StatusBadRequest, 12001, "access.api.error.invalid_request: invalid session_duration %q", v)
		}
		session = v
	}
	now := ts(s.edge.now().Truncate(time.Second))
	policy := accessObject{
		"name": name, "decision": decision, "include": include, "exclude": exclude, "require": require,
		"session_duration": session, "reusable": true, "updated_at": now,
	}
	// Like the API, false booleans are left out of the answer.
	for _, flag := range []string{"approval_required", "isolation_required", "purpose_justification_required"} {
		if body[flag] == true {
			policy[flag] = true
		}
	}
	for _, optional := range []string{"purpose_justification_prompt", "approval_groups"} {
		if v, ok := body[optional]; ok && v != nil {
			policy[optional] = v
		}
	}
	if existing == nil {
		id = uuid()
		policy["created_at"] = now
	} else {
		policy["created_at"] = existing["created_at"]
	}
	policy["id"] = id
	sc.policies[id] = policy
	return policyView(sc, policy), nil
}

// policyView adds how many applications use the policy.
func policyView(sc *accessScope, policy accessObject) accessObject {
	count := 0
	for _, app := range sc.apps {
		for _, ref := range app["policies"].([]any) {
			if ref.(map[string]any)["id"] == policy["id"] {
				count++
			}
		}
	}
	return withField(policy, "app_count", float64(count))
}

func getPolicy(sc *accessScope, id string, _ accessObject) (any, *APIError) {
	p, ok := sc.policies[id]
	if !ok {
		return nil, errAccessNotFound("policy")
	}
	return policyView(sc, p), nil
}

func deletePolicy(sc *accessScope, id string, _ accessObject) (any, *APIError) {
	p, ok := sc.policies[id]
	if !ok {
		return nil, errAccessNotFound("policy")
	}
	if n := policyView(sc, p)["app_count"].(float64); n > 0 {
		return nil, accessError(http.StatusBadRequest, 12131, "access.api.error.policy_in_use: the policy is used by %d application(s); remove it from them first", int(n))
	}
	delete(sc.policies, id)
	return accessObject{"id": id}, nil
}

// ---- applications -----------------------------------------------------------

// appDefaults are what the API reports for fields the request left out (self-hosted apps);
// false booleans are left out of answers.
var appDefaults = map[string]any{"session_duration": "24h", "app_launcher_visible": true, "http_only_cookie_attribute": true}

func (s *Server) zoneOfHost(host string) bool {
	for _, z := range s.store.Zones() {
		if host == z.Name || strings.HasSuffix(host, "."+z.Name) {
			return true
		}
	}
	return false
}

func (s *Server) writeApp(sc *accessScope, id string, body accessObject) (any, *APIError) {
	var existing accessObject
	if id != "" {
		var ok bool
		if existing, ok = sc.apps[id]; !ok {
			return nil, errAccessNotFound("application")
		}
	}
	appType, _ := stringField(body, "type")
	if appType == "" {
		appType = "self_hosted"
	}
	if !accessAppTypes[appType] {
		return nil, accessError(http.StatusBadRequest, 12001, "access.api.error.invalid_request: unknown application type %q", appType)
	}
	app := accessObject{}
	for k, v := range body {
		if v != nil && v != false {
			app[k] = v
		}
	}
	app["type"] = appType
	// Destinations (or the legacy domain list) decide domain and self_hosted_domains.
	var uris []any
	if dests, ok := body["destinations"].([]any); ok && len(dests) > 0 {
		for i, raw := range dests {
			d, _ := raw.(map[string]any)
			if d == nil {
				return nil, accessError(http.StatusBadRequest, 12004, "access.api.error.invalid_request: destinations[%d] must be an object", i)
			}
			if d["type"] == nil {
				d["type"] = "public"
			}
			uri, _ := d["uri"].(string)
			host := strings.ToLower(strings.SplitN(uri, "/", 2)[0])
			if d["type"] == "public" && (uri == "" || !s.zoneOfHost(host)) {
				return nil, accessError(http.StatusBadRequest, 12004, "access.api.error.invalid_domain: destinations[%d] %q is not in a zone of this account", i, uri)
			}
			uris = append(uris, uri)
		}
	} else if domains, ok := body["self_hosted_domains"].([]any); ok && len(domains) > 0 {
		uris = domains
		dests := []any{}
		for _, d := range domains {
			dests = append(dests, map[string]any{"type": "public", "uri": d})
		}
		app["destinations"] = dests
	} else if domain, ok := stringField(body, "domain"); ok && domain != "" {
		uris = []any{domain}
		app["destinations"] = []any{map[string]any{"type": "public", "uri": domain}}
	}
	if appType == "self_hosted" {
		if len(uris) == 0 {
			return nil, accessError(http.StatusBadRequest, 12004, "access.api.error.invalid_request: a self_hosted application needs destinations")
		}
		if _, ok := stringField(app, "domain"); !ok {
			app["domain"] = uris[0]
		}
		app["self_hosted_domains"] = uris
		for k, v := range appDefaults {
			if _, set := app[k]; !set {
				app[k] = v
			}
		}
	}
	if name, ok := stringField(app, "name"); !ok || name == "" {
		app["name"] = app["domain"]
	}
	refs, e := appPolicies(sc, body["policies"])
	if e != nil {
		return nil, e
	}
	app["policies"] = refs
	for _, empty := range []string{"allowed_idps", "tags"} {
		if _, set := app[empty]; !set {
			app[empty] = []any{}
		}
	}
	now := ts(s.edge.now().Truncate(time.Second))
	if existing == nil {
		id = uuid()
		app["aud"] = randomHex(32)
		app["created_at"] = now
	} else {
		app["aud"], app["created_at"] = existing["aud"], existing["created_at"]
	}
	app["id"], app["updated_at"] = id, now
	sc.apps[id] = app
	return appView(sc, app), nil
}

// appPolicies checks the references to reusable policies and fills in missing precedences.
func appPolicies(sc *accessScope, v any) ([]any, *APIError) {
	refs := []any{}
	if v == nil {
		return refs, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, accessError(http.StatusBadRequest, 12005, "access.api.error.invalid_request: policies must be a list")
	}
	seen := map[float64]bool{}
	for i, raw := range list {
		ref, _ := raw.(map[string]any)
		id, _ := ref["id"].(string)
		if _, ok := sc.policies[id]; !ok {
			return nil, accessError(http.StatusBadRequest, 12005, "access.api.error.invalid_request: policies[%d]: reusable policy %q does not exist", i, id)
		}
		precedence, ok := ref["precedence"].(float64)
		if !ok {
			precedence = float64(i + 1)
		}
		if precedence < 1 || seen[precedence] {
			return nil, accessError(http.StatusBadRequest, 12005, "access.api.error.invalid_request: policies[%d]: precedence %v is taken or below 1", i, precedence)
		}
		seen[precedence] = true
		refs = append(refs, map[string]any{"id": id, "precedence": precedence})
	}
	return refs, nil
}

// appView expands each referenced policy, as the API does.
func appView(sc *accessScope, app accessObject) accessObject {
	expanded := []any{}
	refs := append([]any{}, app["policies"].([]any)...)
	sort.SliceStable(refs, func(i, j int) bool {
		return refs[i].(map[string]any)["precedence"].(float64) < refs[j].(map[string]any)["precedence"].(float64)
	})
	for _, raw := range refs {
		ref := raw.(map[string]any)
		policy := withField(sc.policies[ref["id"].(string)], "precedence", ref["precedence"])
		expanded = append(expanded, policy)
	}
	return withField(app, "policies", expanded)
}

func getApp(sc *accessScope, id string, _ accessObject) (any, *APIError) {
	app, ok := sc.apps[id]
	if !ok {
		return nil, errAccessNotFound("application")
	}
	return appView(sc, app), nil
}

func deleteApp(sc *accessScope, id string, _ accessObject) (any, *APIError) {
	if _, ok := sc.apps[id]; !ok {
		return nil, errAccessNotFound("application")
	}
	delete(sc.apps, id)
	return accessObject{"id": id}, nil
}

// adminAccess is what GET /__admin/state reports per scope.
type adminAccess struct {
	Scope    string         `json:"scope"`
	Tokens   []accessObject `json:"service_tokens"`
	Policies []accessObject `json:"policies"`
	Apps     []accessObject `json:"apps"`
}

func (s *Server) adminAccessState() []adminAccess {
	s.edge.mu.Lock()
	defer s.edge.mu.Unlock()
	out := []adminAccess{}
	keys := []string{}
	for k := range s.edge.access.scopes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	byName := func(m map[string]accessObject, view func(accessObject) accessObject) []accessObject {
		list := []accessObject{}
		for _, o := range m {
			list = append(list, view(o))
		}
		sort.Slice(list, func(i, j int) bool { return fmt.Sprint(list[i]["name"]) < fmt.Sprint(list[j]["name"]) })
		return list
	}
	for _, k := range keys {
		sc := s.edge.access.scopes[k]
		same := func(o accessObject) accessObject { return o }
		out = append(out, adminAccess{
			Scope:    k,
			Tokens:   byName(sc.tokens, same),
			Policies: byName(sc.policies, func(o accessObject) accessObject { return policyView(sc, o) }),
			Apps:     byName(sc.apps, func(o accessObject) accessObject { return appView(sc, o) }),
		})
	}
	return out
}
