// Package provider is a STAND-IN for the cloudflare/cloudflare Terraform
// provider (v5.14.0 schemas) used only in tests: it declares the same schemas
// for the few types this repository uses and talks to the fake Cloudflare API
// on loopback. It refuses any base URL that is not loopback, and refuses to run
// without one, so it can never reach real Cloudflare.
package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"lq3/cloudflare-standin/internal/cfclient"
)

// Names the real v5 provider reads from its configuration and environment.
const (
	EnvAPIToken                = "CLOUDFLARE_API_TOKEN"
	EnvAPIKey                  = "CLOUDFLARE_API_KEY"
	EnvEmail                   = "CLOUDFLARE_EMAIL"
	EnvAPIUserServiceKey       = "CLOUDFLARE_API_USER_SERVICE_KEY"
	EnvBaseURL                 = "CLOUDFLARE_BASE_URL"
	EnvUserAgentOperatorSuffix = "CLOUDFLARE_USER_AGENT_OPERATOR_SUFFIX"
)

// Address is the provider source address the stand-in is served as.
const Address = "registry.terraform.io/cloudflare/cloudflare"

var _ provider.ProviderWithConfigValidators = (*cloudflareProvider)(nil)

type cloudflareProvider struct {
	version string
	getenv  func(string) (string, bool)
}

// New returns the provider factory. version is reported to Terraform.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &cloudflareProvider{version: version, getenv: os.LookupEnv} }
}

type providerModel struct {
	APIKey                  types.String `tfsdk:"api_key"`
	APIUserServiceKey       types.String `tfsdk:"api_user_service_key"`
	Email                   types.String `tfsdk:"email"`
	APIToken                types.String `tfsdk:"api_token"`
	UserAgentOperatorSuffix types.String `tfsdk:"user_agent_operator_suffix"`
	BaseURL                 types.String `tfsdk:"base_url"`
}

func (p *cloudflareProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "cloudflare"
	resp.Version = p.version
}

// providerSchema mirrors the v5.14.0 provider block (none of its attributes is marked sensitive upstream).
func providerSchema() schema.Schema {
	return schema.Schema{
		Description: "STAND-IN for cloudflare/cloudflare 5.14.0: a test double that only talks to a fake Cloudflare API on loopback.",
		Attributes: map[string]schema.Attribute{
			"email": schema.StringAttribute{
				Optional:    true,
				Description: "Account email, with api_key. Env: " + EnvEmail + ".",
			},
			"api_key": schema.StringAttribute{
				Optional:    true,
				Description: "Legacy global API key (needs email). Env: " + EnvAPIKey + ".",
				Validators: []validator.String{
					stringvalidator.RegexMatches(regexp.MustCompile(`[0-9a-f]{37}`),
						"API key must be 37 characters long and only contain characters 0-9 and a-f (all lowercased)"),
					stringvalidator.AlsoRequires(path.MatchRoot("email")),
				},
			},
			"api_token": schema.StringAttribute{
				Optional:    true,
				Description: "API token. Env: " + EnvAPIToken + ".",
				Validators: []validator.String{
					stringvalidator.RegexMatches(regexp.MustCompile(`[A-Za-z0-9-_]{40}`),
						"API tokens must be 40 characters long and only contain characters a-z, A-Z, 0-9, hyphens and underscores"),
				},
			},
			"api_user_service_key": schema.StringAttribute{
				Optional:    true,
				Description: "User service key. Env: " + EnvAPIUserServiceKey + ".",
			},
			"user_agent_operator_suffix": schema.StringAttribute{
				Optional:    true,
				Description: "Appended to the User-Agent. Env: " + EnvUserAgentOperatorSuffix + ".",
			},
			"base_url": schema.StringAttribute{
				Optional:    true,
				Description: "API base URL. Env: " + EnvBaseURL + ". The stand-in REQUIRES one and accepts only loopback hosts (127.0.0.1, ::1, localhost), e.g. http://127.0.0.1:PORT/client/v4.",
			},
		},
	}
}

func (p *cloudflareProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerSchema()
}

func (p *cloudflareProvider) ConfigValidators(context.Context) []provider.ConfigValidator {
	return nil
}

// pick returns the configured value, else the environment variable.
func (p *cloudflareProvider) pick(v types.String, env string) string {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueString()
	}
	if s, ok := p.getenv(env); ok {
		return s
	}
	return ""
}

func (p *cloudflareProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	base := p.pick(m.BaseURL, EnvBaseURL)
	if base == "" {
		resp.Diagnostics.AddError("Stand-in Cloudflare provider: no base URL",
			"This is a TEST DOUBLE of the cloudflare/cloudflare provider and never talks to real Cloudflare. "+
				"Set base_url or "+EnvBaseURL+" to the fake API, e.g. http://127.0.0.1:PORT/client/v4.")
		return
	}
	ua := fmt.Sprintf("terraform-provider-cloudflare-standin/%s (test double) terraform/%s", p.version, req.TerraformVersion)
	// Upstream documents CLOUDFLARE_USER_AGENT_OPERATOR_SUFFIX but only reads the attribute.
	if !m.UserAgentOperatorSuffix.IsNull() && !m.UserAgentOperatorSuffix.IsUnknown() {
		ua = fmt.Sprintf("terraform-provider-cloudflare-standin/%s (test double) %s", p.version, m.UserAgentOperatorSuffix.ValueString())
	}
	client, err := cfclient.New(cfclient.Config{
		BaseURL:        base,
		APIToken:       p.pick(m.APIToken, EnvAPIToken),
		APIKey:         p.pick(m.APIKey, EnvAPIKey),
		Email:          p.pick(m.Email, EnvEmail),
		UserServiceKey: p.pick(m.APIUserServiceKey, EnvAPIUserServiceKey),
		UserAgent:      ua,
	})
	if err != nil {
		resp.Diagnostics.AddError("Stand-in Cloudflare provider refuses this base URL",
			err.Error()+". This is a TEST DOUBLE of the cloudflare/cloudflare provider: it only talks to a fake API on a loopback address.")
		return
	}
	resp.ResourceData = client
	resp.DataSourceData = client
}

func (p *cloudflareProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newDNSRecordResource,
		newAPIResource(zoneSettingSpec),
		newAPIResource(originPullsSettingsSpec),
		newAPIResource(accessServiceTokenSpec),
		newAPIResource(accessPolicySpec),
		newAPIResource(accessApplicationSpec),
	}
}

func (p *cloudflareProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newZoneDataSource, newIPRangesDataSource}
}

// clientFrom extracts the client handed over by Configure.
func clientFrom(data any) (*cfclient.Client, error) {
	if data == nil {
		return nil, nil
	}
	c, ok := data.(*cfclient.Client)
	if !ok {
		return nil, fmt.Errorf("expected *cfclient.Client, got %T", data)
	}
	return c, nil
}
