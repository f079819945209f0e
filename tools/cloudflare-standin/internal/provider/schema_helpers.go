package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Short constructors for the attribute shapes the v5 schemas repeat; flags,
// types and validators are what upstream declares, descriptions are paraphrased.

func reqString(desc string, v ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{Description: desc, Required: true, Validators: v}
}

func optStringV(desc string, v ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{Description: desc, Optional: true, Validators: v}
}

func optBool(desc string, v ...validator.Bool) schema.BoolAttribute {
	return schema.BoolAttribute{Description: desc, Optional: true, Validators: v}
}

func optComputedBool(desc string, v ...validator.Bool) schema.BoolAttribute {
	return schema.BoolAttribute{Description: desc, Optional: true, Computed: true, Validators: v}
}

func optStringList(desc string) schema.ListAttribute {
	return schema.ListAttribute{Description: desc, Optional: true, ElementType: types.StringType}
}

func optStringSet(desc string) schema.SetAttribute {
	return schema.SetAttribute{Description: desc, Optional: true, ElementType: types.StringType}
}

func optObject(desc string, attrs map[string]schema.Attribute, v ...validator.Object) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{Description: desc, Optional: true, Attributes: attrs, Validators: v}
}

// computedID is the `id` every API object has: computed, kept across plans.
func computedID(desc string) schema.StringAttribute {
	return schema.StringAttribute{Description: desc, Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

// scopeID is an account_id/zone_id path parameter: changing it replaces the object.
func scopeID(desc string, required bool) schema.StringAttribute {
	return schema.StringAttribute{Description: desc, Required: required, Optional: !required, PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}}
}

// ---- validators upstream writes as custom ones ------------------------------

// typeIsOneOf mirrors upstream's RequiresOtherStringAttributeToBeOneOf on the root `type`:
// the attribute may only be set when `type` is one of the given values.
type typeIsOneOf struct{ types []string }

func requiresTypeOneOf(types ...string) typeIsOneOf { return typeIsOneOf{types: types} }

func (v typeIsOneOf) Description(context.Context) string {
	return fmt.Sprintf("may only be set when type is one of: %s", strings.Join(v.types, ", "))
}

func (v typeIsOneOf) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v typeIsOneOf) run(ctx context.Context, config tfsdk.Config, at path.Path, configIsNullOrUnknown bool, addError func(path.Path, string, string)) {
	if configIsNullOrUnknown {
		return
	}
	var appType types.String
	if diags := config.GetAttribute(ctx, path.Root("type"), &appType); diags.HasError() || appType.IsUnknown() {
		return
	}
	for _, t := range v.types {
		if strings.EqualFold(appType.ValueString(), t) {
			return
		}
	}
	addError(at, "Invalid Attribute Combination", fmt.Sprintf("%s may only be set when type is one of %s, got %q", at, strings.Join(v.types, ", "), appType.ValueString()))
}

func (v typeIsOneOf) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	v.run(ctx, req.Config, req.Path, req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown(), resp.Diagnostics.AddAttributeError)
}

func (v typeIsOneOf) ValidateBool(ctx context.Context, req validator.BoolRequest, resp *validator.BoolResponse) {
	v.run(ctx, req.Config, req.Path, req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown(), resp.Diagnostics.AddAttributeError)
}

func (v typeIsOneOf) ValidateList(ctx context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	v.run(ctx, req.Config, req.Path, req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown(), resp.Diagnostics.AddAttributeError)
}

func (v typeIsOneOf) ValidateObject(ctx context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	v.run(ctx, req.Config, req.Path, req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown(), resp.Diagnostics.AddAttributeError)
}

// objectSizeAtMost mirrors upstream's ObjectSizeAtMost: at most n attributes of an object may be set
// (an Access rule is exactly one kind of rule).
type objectSizeAtMost struct{ max int }

func (v objectSizeAtMost) Description(context.Context) string {
	return fmt.Sprintf("at most %d attribute(s) may be set", v.max)
}

func (v objectSizeAtMost) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v objectSizeAtMost) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	set := 0
	for _, a := range req.ConfigValue.Attributes() {
		if !a.IsNull() {
			set++
		}
	}
	if set > v.max {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Object Size", fmt.Sprintf("%d attributes are set; an object here may have at most %d", set, v.max))
	}
}
