package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/objectvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The Zero Trust Access schemas: cloudflare_zero_trust_access_policy
// (internal/services/zero_trust_access_policy/schema.go) and
// cloudflare_zero_trust_access_application (.../zero_trust_access_application/schema.go).

// App types, as upstream's plan_modifiers.go groups them.
var (
	selfHostedAppTypes                    = []string{"self_hosted", "ssh", "vnc", "rdp", "mcp_portal"}
	destinationCompatibleAppTypes         = []string{"self_hosted", "ssh", "vnc", "rdp", "mcp_portal", "mcp"}
	saasAppTypes                          = []string{"saas", "dash_sso"}
	appLauncherVisibleAppTypes            = []string{"self_hosted", "ssh", "vnc", "rdp", "saas", "bookmark"}
	targetCompatibleAppTypes              = []string{"rdp", "infrastructure"}
	sessionDurationCompatibleAppTypes     = []string{"saas", "dash_sso", "self_hosted", "ssh", "vnc", "rdp", "app_launcher", "warp", "mcp_portal", "mcp", "proxy_endpoint"}
	authenticateViaWarpCompatibleAppTypes = []string{"self_hosted", "ssh", "vnc", "rdp", "saas", "dash_sso"}
	accessAppTypes                        = []string{"self_hosted", "saas", "ssh", "vnc", "app_launcher", "warp", "biso", "bookmark", "dash_sso", "infrastructure", "rdp", "mcp", "mcp_portal", "proxy_endpoint"}
	accessDurationRegex                   = regexp.MustCompile(`^(?:0|[-+]?(\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h)(?:(\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))*)$`)
)

// accessRuleJSONNames are the rule kinds whose API key differs from the attribute name.
var accessRuleJSONNames = map[string]string{"azure_ad": "azureAD", "github_organization": "github-organization"}

// accessRuleKinds lists each kind of Access rule and its fields (R required, O optional).
var accessRuleKinds = map[string]map[string]string{
	"group": {"id": "R"}, "any_valid_service_token": {}, "auth_context": {"id": "R", "ac_id": "R", "identity_provider_id": "R"},
	"auth_method": {"auth_method": "R"}, "azure_ad": {"id": "R", "identity_provider_id": "R"}, "certificate": {},
	"common_name": {"common_name": "R"}, "geo": {"country_code": "R"}, "device_posture": {"integration_uid": "R"},
	"email_domain": {"domain": "R"}, "email_list": {"id": "R"}, "email": {"email": "R"}, "everyone": {},
	"external_evaluation": {"evaluate_url": "R", "keys_url": "R"}, "github_organization": {"identity_provider_id": "R", "name": "R", "team": "O"},
	"gsuite": {"email": "R", "identity_provider_id": "R"}, "login_method": {"id": "R"}, "ip_list": {"id": "R"}, "ip": {"ip": "R"},
	"okta": {"identity_provider_id": "R", "name": "R"}, "saml": {"attribute_name": "R", "attribute_value": "R", "identity_provider_id": "R"},
	"oidc": {"claim_name": "R", "claim_value": "R", "identity_provider_id": "R"}, "service_token": {"token_id": "R"},
	"linked_app_token": {"app_uid": "R"},
}

// accessRuleObject is one element of include/exclude/require: one kind of rule set.
func accessRuleObject() schema.NestedAttributeObject {
	attrs := map[string]schema.Attribute{}
	for kind, fields := range accessRuleKinds {
		inner := map[string]schema.Attribute{}
		for name, flag := range fields {
			inner[name] = schema.StringAttribute{Description: "Rule field.", Required: flag == "R", Optional: flag == "O"}
		}
		attrs[kind] = schema.SingleNestedAttribute{Description: "A " + kind + " rule.", Optional: true, Attributes: inner}
	}
	return schema.NestedAttributeObject{Validators: []validator.Object{objectSizeAtMost{max: 1}}, Attributes: attrs}
}

func accessRuleSet(desc string, v ...validator.Set) schema.SetNestedAttribute {
	return schema.SetNestedAttribute{Description: desc, Optional: true, NestedObject: accessRuleObject(), Validators: v}
}

var accessDecision = stringvalidator.OneOfCaseInsensitive("allow", "deny", "non_identity", "bypass")

func accessPolicySchema(context.Context) schema.Schema {
	return schema.Schema{
		Description: "A reusable Zero Trust Access policy. STAND-IN: a test double against a fake API on loopback.",
		Attributes: map[string]schema.Attribute{
			"id":                             computedID("The policy's UUID."),
			"account_id":                     scopeID("Account identifier.", true),
			"decision":                       reqString("What Access does for a match: allow, deny, non_identity or bypass.", accessDecision),
			"name":                           reqString("The policy's name."),
			"approval_required":              optBool("Ask an administrator at the start of each session."),
			"isolation_required":             optBool("Serve the application in an isolated browser."),
			"purpose_justification_prompt":   optStringV("Message on the purpose justification screen."),
			"purpose_justification_required": optBool("Ask users why they log in."),
			"approval_groups": schema.SetNestedAttribute{
				Description: "Who may approve a temporary authentication request.",
				Optional:    true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"approvals_needed": schema.Float64Attribute{Description: "Approvals needed.", Required: true, Validators: []validator.Float64{float64validator.AtLeast(0)}},
					"email_addresses":  optStringList("Who may approve."),
					"email_list_uuid":  optStringV("A reusable email list."),
				}},
			},
			"session_duration": schema.StringAttribute{
				Description: "How long tokens issued under the policy last, e.g. 24h.",
				Optional:    true,
				Computed:    true,
				Default:     stringdefault.StaticString("24h"),
			},
			"exclude": accessRuleSet("Rules of which a user may match none (NOT)."),
			"include": accessRuleSet("Rules of which a user must match one (OR)."),
			"require": accessRuleSet("Rules a user must all match (AND)."),
		},
	}
}

func accessApplicationSchema(context.Context) schema.Schema {
	onlyFor := func(types ...string) []validator.Bool { return []validator.Bool{requiresTypeOneOf(types...)} }
	onlyForString := func(types ...string) []validator.String { return []validator.String{requiresTypeOneOf(types...)} }
	alsoInclude := path.MatchRelative().AtParent().AtName("include")
	policyElement := schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
		"id": optStringV("A reusable policy's UUID.", stringvalidator.ExactlyOneOf(alsoInclude)),
		"precedence": schema.Int64Attribute{
			Description: "Order of evaluation, unique within the application.",
			Optional:    true,
			Computed:    true,
			Validators:  []validator.Int64{int64validator.AtLeast(1)},
		},
		"decision": optStringV("What Access does for a match (application-scoped policy).", accessDecision, stringvalidator.AlsoRequires(alsoInclude)),
		"include":  accessRuleSet("Rules of which a user must match one (OR).", setvalidator.AlsoRequires(path.MatchRelative().AtParent().AtName("decision"))),
		"name":     optStringV("Name of an application-scoped policy.", stringvalidator.AlsoRequires(alsoInclude)),
		"connection_rules": optObject("How users may connect to infrastructure targets.", map[string]schema.Attribute{
			"ssh": optObject("SSH rules.", map[string]schema.Attribute{
				"usernames":         schema.ListAttribute{Description: "Unix user names allowed.", Required: true, ElementType: types.StringType},
				"allow_email_alias": optBool("Use the identity provider's email alias as user name."),
			}),
		}, objectvalidator.AlsoRequires(alsoInclude)),
		"exclude": accessRuleSet("Rules of which a user may match none (NOT).", setvalidator.AlsoRequires(alsoInclude)),
		"require": accessRuleSet("Rules a user must all match (AND).", setvalidator.AlsoRequires(alsoInclude)),
	}}
	mustBeType := func(types ...string) typeIsOneOf { return requiresTypeOneOf(types...) }
	return schema.Schema{
		Description: "A Zero Trust Access application. STAND-IN: a test double against a fake API on loopback.",
		Attributes: map[string]schema.Attribute{
			"id":                              computedID("The application's UUID."),
			"account_id":                      scopeID("Account id; mutually exclusive with zone_id.", false),
			"zone_id":                         scopeID("Zone id; mutually exclusive with account_id.", false),
			"allow_authenticate_via_warp":     optBool("Let users authenticate with their WARP session.", onlyFor(authenticateViaWarpCompatibleAppTypes...)...),
			"allow_iframe":                    optBool("Allow the application in an iframe.", onlyFor(selfHostedAppTypes...)...),
			"app_launcher_logo_url":           optStringV("Logo of the App Launcher header.", onlyForString("app_launcher")...),
			"bg_color":                        optStringV("Background colour of the App Launcher.", onlyForString("app_launcher")...),
			"custom_deny_message":             optStringV("Message shown when access is denied."),
			"custom_deny_url":                 optStringV("Where a user denied by identity rules is sent."),
			"custom_non_identity_deny_url":    optStringV("Where a request denied by non-identity rules is sent."),
			"domain":                          schema.StringAttribute{Description: "Primary hostname and path protected.", Optional: true, Computed: true},
			"header_bg_color":                 optStringV("Header colour of the App Launcher.", onlyForString("app_launcher")...),
			"logo_url":                        optStringV("Logo shown in the App Launcher."),
			"name":                            schema.StringAttribute{Description: "The application's name.", Optional: true, Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"options_preflight_bypass":        optBool("Let CORS preflight requests through to the origin.", onlyFor(selfHostedAppTypes...)...),
			"read_service_tokens_from_header": optStringV("A single header carrying both service token values.", onlyForString(selfHostedAppTypes...)...),
			"same_site_cookie_attribute":      optStringV("SameSite attribute of the session cookie.", onlyForString(selfHostedAppTypes...)...),
			"service_auth_401_redirect":       optBool("Answer 401 when a service auth policy blocks a request.", onlyFor(selfHostedAppTypes...)...),
			"skip_interstitial":               optBool("Automatic authentication through cloudflared.", onlyFor(selfHostedAppTypes...)...),
			"type":                            optStringV("The application type.", stringvalidator.OneOfCaseInsensitive(accessAppTypes...)),
			"allowed_idps":                    optStringSet("Identity providers users may pick."),
			"custom_pages":                    optStringList("Custom pages shown when applicable."),
			"cors_headers": optObject("CORS settings Access answers with.", map[string]schema.Attribute{
				"allow_all_headers": optBool("Allow every header."),
				"allow_all_methods": optBool("Allow every method."),
				"allow_all_origins": optBool("Allow every origin."),
				"allow_credentials": optBool("Allow credentials."),
				"allowed_headers":   optStringSet("Allowed headers."),
				"allowed_methods":   optStringSet("Allowed methods."),
				"allowed_origins":   optStringSet("Allowed origins."),
				"max_age":           schema.Float64Attribute{Description: "Preflight cache seconds.", Optional: true, Validators: []validator.Float64{float64validator.Between(-1, 86400)}},
			}, mustBeType(selfHostedAppTypes...)),
			"footer_links": schema.ListNestedAttribute{
				Description:  "Links in the App Launcher footer.",
				Optional:     true,
				Validators:   []validator.List{mustBeType("app_launcher")},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{"name": reqString("Link text."), "url": reqString("Link target.")}},
			},
			"scim_config":                accessSCIMConfigAttribute(),
			"target_criteria":            accessTargetCriteriaAttribute(mustBeType(targetCompatibleAppTypes...)),
			"app_launcher_visible":       optComputedBool("Show the application in the App Launcher.", onlyFor(appLauncherVisibleAppTypes...)...),
			"auto_redirect_to_identity":  optBool("Skip the identity provider choice (needs exactly one allowed_idps)."),
			"enable_binding_cookie":      optBool("Use the binding cookie.", onlyFor(selfHostedAppTypes...)...),
			"http_only_cookie_attribute": optComputedBool("HttpOnly session cookie.", onlyFor(selfHostedAppTypes...)...),
			"path_cookie_attribute":      optBool("Scope the session cookie to the application path.", onlyFor(selfHostedAppTypes...)...),
			"session_duration": schema.StringAttribute{
				Description: "How long tokens issued for the application last, e.g. 24h.",
				Optional:    true,
				Computed:    true,
				Validators: []validator.String{
					stringvalidator.RegexMatches(accessDurationRegex, `"session_duration" only supports "ns", "us" (or "µs"), "ms", "s", "m", or "h" as valid units`),
					requiresTypeOneOf(sessionDurationCompatibleAppTypes...),
				},
			},
			"skip_app_launcher_login_page": optComputedBool("Skip the App Launcher landing page.", onlyFor("app_launcher")...),
			"self_hosted_domains": schema.ListAttribute{
				Description:        "Public domains protected (superseded by destinations).",
				Optional:           true,
				Computed:           true,
				DeprecationMessage: "This attribute is deprecated.",
				ElementType:        types.StringType,
				Validators:         []validator.List{mustBeType(selfHostedAppTypes...), listvalidator.ConflictsWith(path.MatchRoot("destinations"))},
			},
			"tags": optStringSet("Tags to filter applications in the App Launcher."),
			"destinations": schema.ListNestedAttribute{
				Description: "What the application protects; public destinations are hostnames and paths.",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.List{mustBeType(destinationCompatibleAppTypes...), listvalidator.ConflictsWith(path.MatchRoot("self_hosted_domains"))},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"type": schema.StringAttribute{
						Description: "public, private or via_mcp_server_portal.",
						Optional:    true,
						Computed:    true,
						Default:     stringdefault.StaticString("public"),
						Validators:  []validator.String{stringvalidator.OneOfCaseInsensitive("public", "private", "via_mcp_server_portal")},
					},
					"uri":           optStringV("A public destination's host and path."),
					"cidr":          optStringV("A private destination's range."),
					"hostname":      optStringV("A private destination's SNI."),
					"l4_protocol":   optStringV("tcp or udp.", stringvalidator.OneOfCaseInsensitive("tcp", "udp")),
					"port_range":    optStringV("A private destination's ports."),
					"vnet_id":       optStringV("A private destination's virtual network."),
					"mcp_server_id": optStringV("An MCP server reached through a portal."),
				}},
			},
			"landing_page_design": optObject("App Launcher landing page.", map[string]schema.Attribute{
				"button_color":      optStringV("Login button colour."),
				"button_text_color": optStringV("Login button text colour."),
				"image_url":         optStringV("Image."),
				"message":           optStringV("Message."),
				"title":             schema.StringAttribute{Description: "Title.", Optional: true, Computed: true, Default: stringdefault.StaticString("Welcome!")},
			}, mustBeType("app_launcher")),
			"policies": schema.ListNestedAttribute{
				Description:  "Policies in ascending precedence: references to reusable policies (id) or application-scoped ones.",
				Optional:     true,
				NestedObject: policyElement,
			},
			"saas_app": accessSaaSAppAttribute(mustBeType(saasAppTypes...)),
			"aud":      schema.StringAttribute{Description: "Audience tag.", Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		},
	}
}

func accessSCIMConfigAttribute() schema.SingleNestedAttribute {
	sensitive := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Optional: true, Sensitive: true}
	}
	return optObject("SCIM provisioning to the application.", map[string]schema.Attribute{
		"idp_uid":    reqString("Identity provider whose users are provisioned."),
		"remote_uri": reqString("SCIM endpoint of the application."),
		"authentication": optObject("How Access authenticates to the SCIM endpoint.", map[string]schema.Attribute{
			"password":          sensitive("Basic auth password."),
			"scheme":            reqString("httpbasic, oauthbearertoken, oauth2 or access_service_token.", stringvalidator.OneOfCaseInsensitive("httpbasic", "oauthbearertoken", "oauth2", "access_service_token")),
			"user":              optStringV("Basic auth user."),
			"token":             sensitive("Bearer token."),
			"authorization_url": optStringV("OAuth authorization URL."),
			"client_id":         optStringV("OAuth client id."),
			"client_secret":     sensitive("OAuth client secret."),
			"token_url":         optStringV("OAuth token URL."),
			"scopes":            optStringList("OAuth scopes."),
		}),
		"deactivate_on_delete": optBool("Deactivate rather than delete users."),
		"enabled":              optBool("Provisioning on."),
		"mappings": schema.ListNestedAttribute{
			Description: "Resource mappings.",
			Optional:    true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"schema":  reqString("SCIM schema."),
				"enabled": optBool("Mapping on."),
				"filter":  optStringV("Filter."),
				"operations": optObject("Operations.", map[string]schema.Attribute{
					"create": optBool("Create."), "delete": optBool("Delete."), "update": optBool("Update."),
				}),
				"strictness":        optStringV("strict or passthrough.", stringvalidator.OneOfCaseInsensitive("strict", "passthrough")),
				"transform_jsonata": optStringV("JSONata transform."),
			}},
		},
	})
}

func accessTargetCriteriaAttribute(onlyFor validator.List) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Description: "Infrastructure targets.",
		Optional:    true,
		Validators:  []validator.List{onlyFor},
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"port":              schema.Int64Attribute{Description: "Port.", Required: true},
			"protocol":          reqString("SSH or RDP.", stringvalidator.OneOfCaseInsensitive("SSH", "RDP")),
			"target_attributes": schema.MapAttribute{Description: "Target attribute values by key.", Required: true, ElementType: types.ListType{ElemType: types.StringType}},
		}},
	}
}

func accessSaaSAppAttribute(onlyFor validator.Object) schema.SingleNestedAttribute {
	computedKept := func(desc string, sensitive bool) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Computed: true, Sensitive: sensitive, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	optComputedKept := func(desc string, v ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{Description: desc, Optional: true, Computed: true, Validators: v, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	source := func(byIDP schema.Attribute) schema.SingleNestedAttribute {
		return optObject("Where the value comes from.", map[string]schema.Attribute{"name": optStringV("Source name."), "name_by_idp": byIDP})
	}
	return schema.SingleNestedAttribute{
		Description: "SaaS application settings (saas, dash_sso).",
		Optional:    true,
		Validators:  []validator.Object{onlyFor},
		Attributes: map[string]schema.Attribute{
			"auth_type":            schema.StringAttribute{Description: "saml or oidc.", Optional: true, Computed: true, Default: stringdefault.StaticString("saml"), Validators: []validator.String{stringvalidator.OneOfCaseInsensitive("saml", "oidc")}},
			"consumer_service_url": optStringV("SAML ACS URL."),
			"custom_attributes": schema.ListNestedAttribute{
				Description: "SAML attributes.",
				Optional:    true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"friendly_name": optStringV("Friendly name."),
					"name":          optStringV("Name."),
					"name_format":   optStringV("SAML name format."),
					"required":      optBool("Required."),
					"source": source(schema.ListNestedAttribute{Description: "Per identity provider.", Optional: true, NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
						"idp_id": optStringV("Identity provider."), "source_name": optStringV("Attribute there."),
					}}}),
				}},
			},
			"default_relay_state":              optStringV("SAML relay state."),
			"idp_entity_id":                    optComputedKept("SAML IdP entity id."),
			"name_id_format":                   optComputedKept("id or email.", stringvalidator.OneOfCaseInsensitive("id", "email")),
			"name_id_transform_jsonata":        optStringV("JSONata for the name id."),
			"public_key":                       computedKept("SAML signing key.", false),
			"saml_attribute_transform_jsonata": optStringV("JSONata for the attributes."),
			"sp_entity_id":                     optStringV("SAML SP entity id."),
			"sso_endpoint":                     optComputedKept("SAML SSO endpoint."),
			"access_token_lifetime":            schema.StringAttribute{Description: "OIDC access token lifetime.", Optional: true, Computed: true},
			"allow_pkce_without_client_secret": optBool("OIDC PKCE without secret."),
			"app_launcher_url":                 optStringV("App Launcher URL."),
			"client_id":                        computedKept("OIDC client id.", false),
			"client_secret":                    computedKept("OIDC client secret.", true),
			"custom_claims": schema.ListNestedAttribute{
				Description: "OIDC claims.",
				Optional:    true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":     optStringV("Name."),
					"required": optBool("Required."),
					"scope":    optStringV("Scope.", stringvalidator.OneOfCaseInsensitive("groups", "profile", "email", "openid")),
					"source":   source(schema.MapAttribute{Description: "Per identity provider.", Optional: true, ElementType: types.StringType}),
				}},
			},
			"grant_types":        optStringList("OIDC grant types."),
			"group_filter_regex": optStringV("OIDC group filter."),
			"hybrid_and_implicit_options": optObject("OIDC hybrid/implicit flow.", map[string]schema.Attribute{
				"return_access_token_from_authorization_endpoint": optBool("Access token from the authorization endpoint."),
				"return_id_token_from_authorization_endpoint":     optBool("ID token from the authorization endpoint."),
			}),
			"redirect_uris":         optStringList("OIDC redirect URIs."),
			"refresh_token_options": optObject("OIDC refresh tokens.", map[string]schema.Attribute{"lifetime": optStringV("Lifetime.")}),
			"scopes":                optStringList("OIDC scopes."),
		},
	}
}
