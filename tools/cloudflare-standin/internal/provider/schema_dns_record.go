package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/objectvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// dnsRecordTypes are the record types cloudflare_dns_record accepts in v5.14.0.
var dnsRecordTypes = []string{"A", "AAAA", "CNAME", "MX", "NS", "OPENPGPKEY", "PTR", "TXT", "CAA", "CERT",
	"DNSKEY", "DS", "HTTPS", "LOC", "NAPTR", "SMIMEA", "SRV", "SSHFP", "SVCB", "TLSA", "URI"}

// How each top-level attribute of cloudflare_dns_record is filled from an API
// answer; this mirrors the field tags of the real provider's model.
type fieldKind int

const (
	kindPath             fieldKind = iota // from the request path, never from the body (zone_id)
	kindUser                              // required / optional: from the body only on refresh
	kindComputedOptional                  // from the body on refresh, or when unset in the plan
	kindComputed                          // always from the body
)

var dnsRecordFields = map[string]fieldKind{
	"id": kindComputed, "zone_id": kindPath,
	"name": kindUser, "type": kindUser, "comment": kindUser, "priority": kindUser, "data": kindUser, "ttl": kindUser,
	"content": kindComputedOptional, "proxied": kindComputedOptional, "tags": kindComputedOptional, "settings": kindComputedOptional,
	"comment_modified_on": kindComputed, "created_on": kindComputed, "modified_on": kindComputed,
	"proxiable": kindComputed, "tags_modified_on": kindComputed, "meta": kindComputed,
}

func between(lo, hi float64) []validator.Float64 {
	return []validator.Float64{float64validator.Between(lo, hi)}
}

func optFloat(desc string, v ...validator.Float64) schema.Float64Attribute {
	return schema.Float64Attribute{Description: desc, Optional: true, Validators: v}
}

func optString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Description: desc, Optional: true}
}

func dnsRecordSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		Description: "A DNS record in a zone. STAND-IN: served by a test double against a fake API on loopback.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Description:   "Identifier.",
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"zone_id": schema.StringAttribute{
				Description:   "Zone identifier.",
				Required:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"comment": optString("Free-text comment; no effect on DNS answers."),
			"content": schema.StringAttribute{
				Description: "Record content (address, target host, text...).",
				Optional:    true,
				Computed:    true,
				Validators:  []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("data"))},
			},
			"priority": optFloat("Priority for MX, SRV and URI records.", between(0, 65535)...),
			"type": schema.StringAttribute{
				Description:   "Record type.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOfCaseInsensitive(dnsRecordTypes...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"data": schema.SingleNestedAttribute{
				Description: "Structured content for CAA, CERT, DNSKEY, DS, HTTPS, LOC, NAPTR, SMIMEA, SRV, SSHFP, SVCB, TLSA and URI records.",
				Optional:    true,
				Validators:  []validator.Object{objectvalidator.ConflictsWith(path.MatchRoot("content"))},
				Attributes: map[string]schema.Attribute{
					"flags": schema.DynamicAttribute{
						Description: "CAA flags (number or string).",
						Optional:    true,
						Validators:  []validator.Dynamic{numberOrStringValidator{}},
					},
					"tag":            optString("CAA property tag."),
					"value":          optString("CAA value."),
					"algorithm":      optFloat("Algorithm.", between(0, 255)...),
					"certificate":    optString("Certificate."),
					"key_tag":        optFloat("Key tag.", between(0, 65535)...),
					"type":           optFloat("Type.", float64validator.AtLeast(0)),
					"protocol":       optFloat("Protocol.", between(0, 255)...),
					"public_key":     optString("Public key."),
					"digest":         optString("Digest."),
					"digest_type":    optFloat("Digest type.", between(0, 255)...),
					"priority":       optFloat("Priority.", between(0, 65535)...),
					"target":         optString("Target."),
					"altitude":       optFloat("Altitude in meters.", between(-100000, 42849672.95)...),
					"lat_degrees":    optFloat("Latitude degrees.", between(0, 90)...),
					"lat_direction":  direction("N", "S"),
					"lat_minutes":    optFloat("Latitude minutes.", between(0, 59)...),
					"lat_seconds":    optFloat("Latitude seconds.", between(0, 59.999)...),
					"long_degrees":   optFloat("Longitude degrees.", between(0, 180)...),
					"long_direction": direction("E", "W"),
					"long_minutes":   optFloat("Longitude minutes.", between(0, 59)...),
					"long_seconds":   optFloat("Longitude seconds.", between(0, 59.999)...),
					"precision_horz": optFloat("Horizontal precision.", between(0, 90000000)...),
					"precision_vert": optFloat("Vertical precision.", between(0, 90000000)...),
					"size":           optFloat("Size in meters.", between(0, 90000000)...),
					"order":          optFloat("Order.", between(0, 65535)...),
					"preference":     optFloat("Preference.", between(0, 65535)...),
					"regex":          optString("Regex."),
					"replacement":    optString("Replacement."),
					"service":        optString("Service."),
					"matching_type":  optFloat("Matching type.", between(0, 255)...),
					"selector":       optFloat("Selector.", between(0, 255)...),
					"usage":          optFloat("Usage.", between(0, 255)...),
					"port":           optFloat("Port.", between(0, 65535)...),
					"weight":         optFloat("Weight.", between(0, 65535)...),
					"fingerprint":    optString("Fingerprint."),
				},
			},
			"proxied": schema.BoolAttribute{
				Description: "Whether traffic goes through Cloudflare's proxy.",
				Optional:    true,
				Computed:    true,
				Default:     booldefault.StaticBool(false),
			},
			"ttl": schema.Float64Attribute{
				Description: "TTL in seconds; 1 means automatic. 60..86400 (30..86400 on Enterprise zones).",
				Required:    true,
			},
			"tags": schema.SetAttribute{
				Description: "Custom tags (name or name:value); no effect on DNS answers.",
				Optional:    true,
				Computed:    true,
				ElementType: types.StringType,
			},
			"settings": schema.SingleNestedAttribute{
				Description: "Per-record settings.",
				Optional:    true,
				Computed:    true,
				Attributes: map[string]schema.Attribute{
					"ipv4_only":     schema.BoolAttribute{Description: "Only answer A for this proxied record.", Optional: true, Computed: true},
					"ipv6_only":     schema.BoolAttribute{Description: "Only answer AAAA for this proxied record.", Optional: true, Computed: true},
					"flatten_cname": schema.BoolAttribute{Description: "Flatten this CNAME record.", Optional: true, Computed: true},
				},
			},
			"comment_modified_on": schema.StringAttribute{Description: "When the comment last changed; null without a comment.", Computed: true, CustomType: timetypes.RFC3339Type{}},
			"created_on":          schema.StringAttribute{Description: "When the record was created.", Computed: true, CustomType: timetypes.RFC3339Type{}},
			"modified_on":         schema.StringAttribute{Description: "When the record last changed.", Computed: true, CustomType: timetypes.RFC3339Type{}},
			"proxiable":           schema.BoolAttribute{Description: "Whether the record can be proxied.", Computed: true},
			"tags_modified_on":    schema.StringAttribute{Description: "When the tags last changed; null without tags.", Computed: true, CustomType: timetypes.RFC3339Type{}},
			"meta":                schema.StringAttribute{Description: "Extra Cloudflare information about the record (JSON).", Computed: true, CustomType: jsontypes.NormalizedType{}},
			"name": schema.StringAttribute{
				Description: "Record name (or @ for the zone apex), in Punycode.",
				Required:    true,
			},
		},
	}
}

func direction(allowed ...string) schema.StringAttribute {
	return schema.StringAttribute{
		Description: "Direction.",
		Optional:    true,
		Validators:  []validator.String{stringvalidator.OneOfCaseInsensitive(allowed...)},
	}
}

// numberOrStringValidator accepts a dynamic value whose underlying value is a number or a string.
type numberOrStringValidator struct{}

func (numberOrStringValidator) Description(context.Context) string {
	return "value must be a number or a string"
}

func (v numberOrStringValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (numberOrStringValidator) ValidateDynamic(_ context.Context, req validator.DynamicRequest, resp *validator.DynamicResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.IsUnderlyingValueNull() || req.ConfigValue.IsUnderlyingValueUnknown() {
		return
	}
	switch req.ConfigValue.UnderlyingValue().(type) {
	case basetypes.NumberValue, basetypes.Float64Value, basetypes.Int64Value, basetypes.StringValue:
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid attribute type",
		fmt.Sprintf("%s: got %s", "value must be a number or a string", req.ConfigValue.UnderlyingValue().Type(context.Background())))
}
