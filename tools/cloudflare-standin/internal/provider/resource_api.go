package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"lq3/cloudflare-standin/internal/cfclient"
)

// apiResource is the stand-in's implementation of the v5 resources that are a
// plain object in the API (create, read, update, delete by path): what
// upstream's generated resource.go does with apijson's field tags, driven by a
// spec instead of generated code. Type-specific behaviour (upstream's
// normalizations.go and plan_modifiers.go) lives in the spec's hooks.

const kindHook fieldKind = 100 // filled by the spec's hooks only (e.g. an `id` that is not in the body)

// apiField is a top-level attribute's apijson tag: how it is sent and filled.
type apiField struct {
	kind      fieldKind
	noRefresh bool // `no_refresh`: a read keeps the state's value (the API does not return it)
}

type attributes = map[string]tftypes.Value

type apiResourceSpec struct {
	typeName string // after "cloudflare", e.g. "_zone_setting"
	schema   func(context.Context) schema.Schema
	fields   map[string]apiField
	names    jsonNames
	// itemPath is the object's path from its attributes (ids known); collectionPath, when set,
	// is where a create POSTs; without it a create writes to itemPath with createMethod.
	itemPath       func(a attributes) (string, error)
	collectionPath func(a attributes) (string, error)
	createMethod   string
	updateMethod   string
	// deleteForgets: upstream's Delete is empty (settings): destroy only drops the state.
	deleteForgets bool
	// importAttributes turns an import id into the attributes the read needs; nil: no import.
	importAttributes func(id string) (attributes, error)
	prepareBody      func(body map[string]any, plan attributes)
	// afterWrite / afterRead adjust the new state (plan-side or state-side normalizations).
	afterWrite func(out, plan, prior attributes, body map[string]json.RawMessage)
	afterRead  func(out, prior attributes, body map[string]json.RawMessage, imported bool)
	modifyPlan func(ctx context.Context, plan, state, config attributes, diags *diag.Diagnostics)
}

type apiResource struct {
	spec   *apiResourceSpec
	client *cfclient.Client
}

var (
	_ resource.ResourceWithConfigure   = (*apiResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*apiResource)(nil)
	_ resource.ResourceWithImportState = (*apiResource)(nil)
)

func newAPIResource(spec *apiResourceSpec) func() resource.Resource {
	return func() resource.Resource { return &apiResource{spec: spec} }
}

func (r *apiResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.spec.typeName
}

func (r *apiResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.spec.schema(ctx)
}

func (r *apiResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, err := clientFrom(req.ProviderData)
	if err != nil {
		resp.Diagnostics.AddError("unexpected resource configure type", err.Error())
		return
	}
	r.client = c
}

func (r *apiResource) objectType(ctx context.Context) tftypes.Object {
	return r.spec.schema(ctx).Type().TerraformType(ctx).(tftypes.Object)
}

func (r *apiResource) ready(diags *diag.Diagnostics) bool {
	if r.client == nil {
		diags.AddError("provider not configured", "The stand-in Cloudflare provider was not configured (no base URL?).")
		return false
	}
	return true
}

// body encodes what apijson sends: every non-computed attribute with a known value; on update,
// one that became null is sent as an explicit null.
func (r *apiResource) body(plan, prior attributes, update bool) ([]byte, error) {
	body := map[string]any{}
	for name, f := range r.spec.fields {
		if f.kind == kindComputed || f.kind == kindPath || f.kind == kindHook {
			continue
		}
		pv := plan[name]
		if !pv.IsKnown() {
			continue
		}
		if pv.IsNull() {
			if update && prior[name].IsKnown() && !prior[name].IsNull() {
				body[r.spec.names.key(name)] = nil
			}
			continue
		}
		j, ok, err := jsonFromTFNamed(pv, r.spec.names)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if ok {
			body[r.spec.names.key(name)] = j
		}
	}
	if r.spec.prepareBody != nil {
		r.spec.prepareBody(body, plan)
	}
	return json.Marshal(body)
}

func (r *apiResource) decodeBody(result json.RawMessage) (map[string]json.RawMessage, error) {
	var body map[string]json.RawMessage
	if err := json.Unmarshal(result, &body); err != nil || body == nil {
		return nil, fmt.Errorf("result is not an object: %s", result)
	}
	return body, nil
}

// fromWrite is apijson.UnmarshalComputed: computed attributes from the answer, the others as
// planned with whatever the plan left unknown filled from the answer.
func (r *apiResource) fromWrite(ctx context.Context, plan attributes, body map[string]json.RawMessage) (attributes, error) {
	objType := r.objectType(ctx)
	out := attributes{}
	for name, at := range objType.AttributeTypes {
		f := r.spec.fields[name]
		pv, ok := plan[name]
		if !ok {
			pv = tftypes.NewValue(at, nil)
		}
		switch f.kind {
		case kindPath, kindHook:
			out[name] = pv
			continue
		}
		fromBody, err := tfFromJSONNamed(body[r.spec.names.key(name)], at, r.spec.names)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if f.kind == kindComputed {
			out[name] = fromBody
			continue
		}
		out[name] = fillUnknown(pv, fromBody)
	}
	return out, nil
}

// fromRead is apijson.Unmarshal: every attribute from the answer (a missing key is null) but
// path parameters and `no_refresh` ones, which keep their current value.
func (r *apiResource) fromRead(ctx context.Context, cur attributes, body map[string]json.RawMessage) (attributes, error) {
	objType := r.objectType(ctx)
	out := attributes{}
	for name, at := range objType.AttributeTypes {
		f := r.spec.fields[name]
		cv, ok := cur[name]
		if !ok {
			cv = tftypes.NewValue(at, nil)
		}
		if f.kind == kindPath || f.kind == kindHook || f.noRefresh {
			out[name] = cv
			continue
		}
		v, err := tfFromJSONNamed(body[r.spec.names.key(name)], at, r.spec.names)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = v
	}
	return out, nil
}

// fillUnknown keeps the planned value and takes the answer's wherever the plan was unknown.
func fillUnknown(planned, answer tftypes.Value) tftypes.Value {
	if !planned.IsKnown() {
		return answer
	}
	if planned.IsNull() || answer.IsNull() || !answer.IsKnown() {
		return planned
	}
	switch t := planned.Type().(type) {
	case tftypes.Object:
		var p, a map[string]tftypes.Value
		if planned.As(&p) != nil || answer.As(&a) != nil {
			return planned
		}
		for k, v := range p {
			if av, ok := a[k]; ok {
				p[k] = fillUnknown(v, av)
			}
		}
		return tftypes.NewValue(t, p)
	case tftypes.List, tftypes.Set:
		var p, a []tftypes.Value
		if planned.As(&p) != nil || answer.As(&a) != nil || len(p) != len(a) {
			return planned
		}
		for i := range p {
			p[i] = fillUnknown(p[i], a[i])
		}
		return tftypes.NewValue(t, p)
	}
	return planned
}

func (r *apiResource) state(ctx context.Context, vals attributes) tftypes.Value {
	return tftypes.NewValue(r.objectType(ctx), vals)
}

func (r *apiResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.ready(&resp.Diagnostics) {
		return
	}
	plan, err := attrs(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("failed to read plan", err.Error())
		return
	}
	payload, err := r.body(plan, nil, false)
	if err != nil {
		resp.Diagnostics.AddError("failed to serialize http request", err.Error())
		return
	}
	method, pathOf := r.spec.createMethod, r.spec.itemPath
	if r.spec.collectionPath != nil {
		method, pathOf = http.MethodPost, r.spec.collectionPath
	}
	path, err := pathOf(plan)
	if err != nil {
		resp.Diagnostics.AddError("missing identifier", err.Error())
		return
	}
	res, err := r.client.Do(ctx, method, path, nil, payload)
	if err != nil {
		resp.Diagnostics.AddError("failed to make http request", err.Error())
		return
	}
	r.finishWrite(ctx, plan, nil, res.Result, &resp.Diagnostics, func(v tftypes.Value) { resp.State.Raw = v })
}

func (r *apiResource) finishWrite(ctx context.Context, plan, prior attributes, result json.RawMessage, diags *diag.Diagnostics, set func(tftypes.Value)) {
	body, err := r.decodeBody(result)
	if err == nil {
		var out attributes
		out, err = r.fromWrite(ctx, plan, body)
		if err == nil {
			if r.spec.afterWrite != nil {
				r.spec.afterWrite(out, plan, prior, body)
			}
			set(r.state(ctx, out))
			return
		}
	}
	diags.AddError("failed to deserialize http request", err.Error())
}

func (r *apiResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	cur, err := attrs(req.State.Raw)
	if err != nil {
		resp.Diagnostics.AddError("failed to read state", err.Error())
		return
	}
	r.get(ctx, cur, false, &resp.Diagnostics, func(v tftypes.Value) { resp.State.Raw = v }, func() {
		resp.Diagnostics.AddWarning("Resource not found", "The resource was not found on the server and will be removed from state.")
		resp.State.RemoveResource(ctx)
	})
}

// get reads the object named by cur into the state (set); notFound handles a 404 (nil: an error).
func (r *apiResource) get(ctx context.Context, cur attributes, imported bool, diags *diag.Diagnostics, set func(tftypes.Value), notFound func()) {
	if !r.ready(diags) {
		return
	}
	path, err := r.spec.itemPath(cur)
	if err != nil {
		diags.AddError("missing identifier", err.Error())
		return
	}
	res, err := r.client.Do(ctx, http.MethodGet, path, nil, nil)
	if notFound != nil && cfclient.IsNotFound(err) {
		notFound()
		return
	}
	if err != nil {
		diags.AddError("failed to make http request", err.Error())
		return
	}
	r.finishRead(ctx, cur, res.Result, imported, diags, set)
}

func (r *apiResource) finishRead(ctx context.Context, cur attributes, result json.RawMessage, imported bool, diags *diag.Diagnostics, set func(tftypes.Value)) {
	body, err := r.decodeBody(result)
	if err == nil {
		var out attributes
		out, err = r.fromRead(ctx, cur, body)
		if err == nil {
			if r.spec.afterRead != nil {
				r.spec.afterRead(out, cur, body, imported)
			}
			set(r.state(ctx, out))
			return
		}
	}
	diags.AddError("failed to deserialize http request", err.Error())
}

func (r *apiResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.ready(&resp.Diagnostics) {
		return
	}
	plan, err := attrs(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("failed to read plan", err.Error())
		return
	}
	prior, err := attrs(req.State.Raw)
	if err != nil {
		resp.Diagnostics.AddError("failed to read state", err.Error())
		return
	}
	payload, err := r.body(plan, prior, true)
	if err != nil {
		resp.Diagnostics.AddError("failed to serialize http request", err.Error())
		return
	}
	ids := attributes{}
	for k, v := range plan {
		ids[k] = v
	}
	if id, ok := prior["id"]; ok && unknownOrNull(ids["id"]) {
		ids["id"] = id
	}
	path, err := r.spec.itemPath(ids)
	if err != nil {
		resp.Diagnostics.AddError("missing identifier", err.Error())
		return
	}
	res, err := r.client.Do(ctx, r.spec.updateMethod, path, nil, payload)
	if err != nil {
		resp.Diagnostics.AddError("failed to make http request", err.Error())
		return
	}
	r.finishWrite(ctx, plan, prior, res.Result, &resp.Diagnostics, func(v tftypes.Value) { resp.State.Raw = v })
}

func (r *apiResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if r.spec.deleteForgets || !r.ready(&resp.Diagnostics) {
		return
	}
	cur, err := attrs(req.State.Raw)
	if err != nil {
		resp.Diagnostics.AddError("failed to read state", err.Error())
		return
	}
	path, err := r.spec.itemPath(cur)
	if err != nil {
		resp.Diagnostics.AddError("missing identifier", err.Error())
		return
	}
	if _, err := r.client.Do(ctx, http.MethodDelete, path, nil, nil); err != nil {
		resp.Diagnostics.AddError("failed to make http request", err.Error())
	}
}

func (r *apiResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if r.spec.importAttributes == nil {
		resp.Diagnostics.AddError("Resource Import Not Implemented", "This resource does not support import.")
		return
	}
	cur, err := r.spec.importAttributes(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("invalid ID", err.Error())
		return
	}
	r.get(ctx, cur, true, &resp.Diagnostics, func(v tftypes.Value) { resp.State.Raw = v }, nil)
}

func (r *apiResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.spec.modifyPlan == nil || req.Plan.Raw.IsNull() && req.State.Raw.IsNull() {
		return
	}
	plan, err := attrs(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("failed to read plan", err.Error())
		return
	}
	var state, config attributes
	if !req.State.Raw.IsNull() {
		if state, err = attrs(req.State.Raw); err != nil {
			resp.Diagnostics.AddError("failed to read state", err.Error())
			return
		}
	}
	if config, err = attrs(req.Config.Raw); err != nil {
		resp.Diagnostics.AddError("failed to read config", err.Error())
		return
	}
	destroying := req.Plan.Raw.IsNull()
	r.spec.modifyPlan(ctx, plan, state, config, &resp.Diagnostics)
	if !destroying {
		resp.Plan.Raw = r.state(ctx, plan)
	}
}

// ---- helpers for hooks ---------------------------------------------------------

// inferFromJSON builds a value whose type follows the JSON (for dynamic attributes).
func inferFromJSON(raw json.RawMessage) tftypes.Value {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return tftypes.NewValue(tftypes.DynamicPseudoType, nil)
	}
	return inferValue(v)
}

func inferValue(v any) tftypes.Value {
	switch x := v.(type) {
	case string:
		return tftypes.NewValue(tftypes.String, x)
	case bool:
		return tftypes.NewValue(tftypes.Bool, x)
	case json.Number:
		f, _, _ := big.ParseFloat(x.String(), 10, 512, big.ToNearestEven)
		return tftypes.NewValue(tftypes.Number, f)
	case map[string]any:
		types, vals := map[string]tftypes.Type{}, map[string]tftypes.Value{}
		for k, e := range x {
			vals[k] = inferValue(e)
			types[k] = vals[k].Type()
		}
		return tftypes.NewValue(tftypes.Object{AttributeTypes: types}, vals)
	case []any:
		types, vals := []tftypes.Type{}, []tftypes.Value{}
		for _, e := range x {
			ev := inferValue(e)
			vals, types = append(vals, ev), append(types, ev.Type())
		}
		return tftypes.NewValue(tftypes.Tuple{ElementTypes: types}, vals)
	}
	return tftypes.NewValue(tftypes.DynamicPseudoType, nil)
}

// sameJSON reports whether a value and a JSON document mean the same (numbers compared as numbers).
func sameJSON(v tftypes.Value, raw json.RawMessage) bool {
	j, ok, err := jsonFromTF(v)
	if err != nil {
		return false
	}
	var a, b any
	encoded, _ := json.Marshal(j)
	if !ok {
		encoded = []byte("null")
	}
	if json.Unmarshal(encoded, &a) != nil || json.Unmarshal(raw, &b) != nil {
		return false
	}
	ea, _ := json.Marshal(a)
	eb, _ := json.Marshal(b)
	return string(ea) == string(eb)
}

// segments splits an import id of n URL-encoded segments ("<a>/<b>") into their values.
func segments(id, format string, n int) ([]string, error) {
	parts := strings.Split(id, "/")
	if len(parts) != n {
		return nil, fmt.Errorf("expected urlencoded segments %q, got %q", format, id)
	}
	for i, p := range parts {
		v, err := url.PathUnescape(p)
		if err != nil || v == "" {
			return nil, fmt.Errorf("invalid urlencoded segment %d of %q in %q", i+1, format, id)
		}
		parts[i] = v
	}
	return parts, nil
}
