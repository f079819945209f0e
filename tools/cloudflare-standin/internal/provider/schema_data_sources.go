package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func cStr(desc string) schema.StringAttribute {
	return schema.StringAttribute{Description: desc, Computed: true}
}

func cBool(desc string) schema.BoolAttribute {
	return schema.BoolAttribute{Description: desc, Computed: true}
}

func cInt(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{Description: desc, Computed: true}
}

func cTime(desc string) schema.StringAttribute {
	return schema.StringAttribute{Description: desc, Computed: true, CustomType: timetypes.RFC3339Type{}}
}

func cStrList(desc string) schema.ListAttribute {
	return schema.ListAttribute{Description: desc, Computed: true, ElementType: types.StringType}
}

func oneOfCI(v ...string) []validator.String {
	return []validator.String{stringvalidator.OneOfCaseInsensitive(v...)}
}

var zoneStatuses = []string{"initializing", "pending", "active", "moved"}

// zoneDataSourceSchema mirrors data "cloudflare_zone" of v5.14.0.
func zoneDataSourceSchema() schema.Schema {
	return schema.Schema{
		Description: "Looks up one zone by id or by filter. STAND-IN: served by a test double against a fake API on loopback.",
		Attributes: map[string]schema.Attribute{
			"id":                 cStr("Zone identifier."),
			"zone_id":            schema.StringAttribute{Description: "Zone identifier.", Optional: true, Computed: true},
			"activated_on":       cTime("When ownership was last proven and the zone made active."),
			"cname_suffix":       cStr("Custom apex suffix (tenants only)."),
			"created_on":         cTime("When the zone was created."),
			"development_mode":   schema.Float64Attribute{Description: "Seconds until development mode expires (negative: since it expired).", Computed: true},
			"modified_on":        cTime("When the zone last changed."),
			"name":               cStr("The domain name."),
			"original_dnshost":   cStr("DNS host before moving to Cloudflare."),
			"original_registrar": cStr("Registrar before moving to Cloudflare."),
			"paused":             cBool("Whether the zone only uses Cloudflare DNS."),
			"status":             schema.StringAttribute{Description: "Zone status.", Computed: true, Validators: oneOfCI(zoneStatuses...)},
			"type": schema.StringAttribute{Description: "Zone type.", Computed: true,
				Validators: oneOfCI("full", "partial", "secondary", "internal")},
			"verification_key":      cStr("Verification key for partial setups."),
			"name_servers":          cStrList("Name servers Cloudflare assigns to the zone."),
			"original_name_servers": cStrList("Name servers before moving to Cloudflare."),
			"permissions": schema.ListAttribute{Description: "Legacy permissions.", Computed: true, ElementType: types.StringType,
				DeprecationMessage: "This has been replaced by Account memberships."},
			"vanity_name_servers": cStrList("Custom name servers (Business and Enterprise)."),
			"account": schema.SingleNestedAttribute{Description: "The zone's account.", Computed: true,
				Attributes: map[string]schema.Attribute{"id": cStr("Account identifier."), "name": cStr("Account name.")}},
			"meta": schema.SingleNestedAttribute{Description: "Zone metadata.", Computed: true,
				Attributes: map[string]schema.Attribute{
					"cdn_only":                 cBool("CDN only."),
					"custom_certificate_quota": cInt("Custom certificate quota."),
					"dns_only":                 cBool("DNS only."),
					"foundation_dns":           cBool("Foundation DNS."),
					"page_rule_quota":          cInt("Page rule quota."),
					"phishing_detected":        cBool("Flagged for phishing."),
					"step":                     schema.Int64Attribute{Computed: true},
				}},
			"owner": schema.SingleNestedAttribute{Description: "The zone's owner.", Computed: true,
				Attributes: map[string]schema.Attribute{"id": cStr("Owner identifier."), "name": cStr("Owner name."), "type": cStr("Owner type.")}},
			"plan": schema.SingleNestedAttribute{Description: "Subscription plan.", Computed: true,
				DeprecationMessage: "Please use the `/zones/{zone_id}/subscription` API\nto update a zone's plan.",
				Attributes: map[string]schema.Attribute{
					"id":                 cStr("Plan identifier."),
					"can_subscribe":      cBool("Whether the subscription can be activated."),
					"currency":           cStr("Currency."),
					"externally_managed": cBool("Managed by another company."),
					"frequency":          cStr("Billing frequency."),
					"is_subscribed":      cBool("Whether the subscription is active."),
					"legacy_discount":    cBool("Legacy discount."),
					"legacy_id":          cStr("Legacy plan name."),
					"name":               cStr("Plan name."),
					"price":              schema.Float64Attribute{Description: "Price.", Computed: true},
				}},
			"tenant": schema.SingleNestedAttribute{Description: "Root organisational unit.", Computed: true,
				Attributes: map[string]schema.Attribute{"id": cStr("Tenant identifier."), "name": cStr("Tenant name.")}},
			"tenant_unit": schema.SingleNestedAttribute{Description: "Immediate parent organisational unit.", Computed: true,
				Attributes: map[string]schema.Attribute{"id": cStr("Tenant unit identifier.")}},
			"filter": schema.SingleNestedAttribute{
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"account": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{
						"id":   schema.StringAttribute{Description: "Account id to filter by.", Optional: true},
						"name": schema.StringAttribute{Description: "Account name to filter by (operators like contains:x allowed).", Optional: true},
					}},
					"direction": schema.StringAttribute{Description: "Sort direction.", Optional: true, Validators: oneOfCI("asc", "desc")},
					"match":     schema.StringAttribute{Description: "Match all or any filters.", Optional: true, Computed: true, Validators: oneOfCI("any", "all")},
					"name":      schema.StringAttribute{Description: "Domain name to filter by (operators like starts_with:x allowed).", Optional: true},
					"order": schema.StringAttribute{Description: "Sort field.", Optional: true,
						Validators: oneOfCI("name", "status", "account.id", "account.name", "plan.id")},
					"status": schema.StringAttribute{Description: "Zone status to filter by.", Optional: true, Validators: oneOfCI(zoneStatuses...)},
				},
			},
		},
	}
}

// ipRangesDataSourceSchema mirrors data "cloudflare_ip_ranges" of v5.14.0.
func ipRangesDataSourceSchema() schema.Schema {
	return schema.Schema{
		Description: "Cloudflare's edge IP ranges. STAND-IN: served by a test double against a fake API on loopback.",
		Attributes: map[string]schema.Attribute{
			"networks":      schema.StringAttribute{Description: "Set to jdcloud to also list JD Cloud ranges.", Optional: true},
			"etag":          cStr("Digest of the IP data."),
			"ipv4_cidrs":    cStrList("Cloudflare IPv4 CIDRs."),
			"ipv6_cidrs":    cStrList("Cloudflare IPv6 CIDRs."),
			"jdcloud_cidrs": cStrList("JD Cloud CIDRs; only with networks = \"jdcloud\"."),
		},
	}
}
