package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// cloudflare_zone_setting (upstream internal/services/zone_setting/schema.go).
func zoneSettingSchema(context.Context) schema.Schema {
	return schema.Schema{
		Description: "One setting of a zone (ssl, min_tls_version, always_use_https, security_header, ...). STAND-IN: a test double against a fake API on loopback.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "The setting's name.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"setting_id": schema.StringAttribute{
				Description:   "The setting's name.",
				Required:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()},
			},
			"zone_id": scopeID("Zone identifier.", true),
			"value": schema.DynamicAttribute{
				Description: "The setting's value: a string, or an object for settings like security_header.",
				Required:    true,
			},
			"enabled":        schema.BoolAttribute{Description: "ssl-recommender enrollment.", Optional: true, Computed: true},
			"editable":       schema.BoolAttribute{Description: "Whether the zone's plan lets the setting be changed.", Computed: true},
			"modified_on":    schema.StringAttribute{Description: "When the setting last changed.", Computed: true, CustomType: timetypes.RFC3339Type{}},
			"time_remaining": schema.Float64Attribute{Description: "Development mode only: seconds until it ends.", Computed: true},
		},
	}
}

// cloudflare_authenticated_origin_pulls_settings (upstream internal/services/authenticated_origin_pulls_settings/schema.go).
func originPullsSettingsSchema(context.Context) schema.Schema {
	return schema.Schema{
		Description: "Zone-level Authenticated Origin Pulls on or off. STAND-IN: a test double against a fake API on loopback.",
		Attributes: map[string]schema.Attribute{
			"zone_id": scopeID("Zone identifier.", true),
			"enabled": schema.BoolAttribute{Description: "Whether zone-level Authenticated Origin Pulls is on.", Required: true},
		},
	}
}

// cloudflare_zero_trust_access_service_token (upstream internal/services/zero_trust_access_service_token/schema.go).
func accessServiceTokenSchema(context.Context) schema.Schema {
	return schema.Schema{
		Description: "A Zero Trust Access service token. STAND-IN: a test double against a fake API on loopback.",
		Attributes: map[string]schema.Attribute{
			"id":         computedID("The token's id."),
			"account_id": scopeID("Account id; mutually exclusive with zone_id.", false),
			"zone_id":    scopeID("Zone id; mutually exclusive with account_id.", false),
			"name":       reqString("The token's name."),
			"previous_client_secret_expires_at": schema.StringAttribute{
				Description: "When the previous client_secret stops working after a rotation.",
				Optional:    true,
				CustomType:  timetypes.RFC3339Type{},
				Validators:  []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("client_secret_version"))},
			},
			"client_secret_version": schema.Float64Attribute{
				Description: "Version of the current client_secret; incrementing it rotates the secret.",
				Optional:    true,
				Computed:    true,
				Default:     float64default.StaticFloat64(1),
				Validators:  []validator.Float64{float64validator.AlsoRequires(path.MatchRoot("previous_client_secret_expires_at"))},
			},
			"duration": schema.StringAttribute{
				Description: "How long the token is valid, e.g. 8760h.",
				Optional:    true,
				Computed:    true,
				Default:     stringdefault.StaticString("8760h"),
			},
			"client_id":     schema.StringAttribute{Description: "Sent as CF-Access-Client-Id.", Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"client_secret": schema.StringAttribute{Description: "Sent as CF-Access-Client-Secret; only known after create or rotation.", Computed: true, Sensitive: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"expires_at":    schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}},
		},
	}
}
