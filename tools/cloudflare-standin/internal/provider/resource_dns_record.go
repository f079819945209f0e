package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"lq3/cloudflare-standin/internal/cfclient"
)

var (
	_ resource.ResourceWithConfigure   = (*dnsRecordResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*dnsRecordResource)(nil)
	_ resource.ResourceWithImportState = (*dnsRecordResource)(nil)
)

type dnsRecordResource struct {
	client *cfclient.Client
}

func newDNSRecordResource() resource.Resource { return &dnsRecordResource{} }

func (r *dnsRecordResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dns_record"
}

func (r *dnsRecordResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = dnsRecordSchema(ctx)
}

func (r *dnsRecordResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, err := clientFrom(req.ProviderData)
	if err != nil {
		resp.Diagnostics.AddError("unexpected resource configure type", err.Error())
		return
	}
	r.client = c
}

func dnsRecordObjectType(ctx context.Context) tftypes.Object {
	return dnsRecordSchema(ctx).Type().TerraformType(ctx).(tftypes.Object)
}

func recordPath(zoneID, id string) string {
	p := "zones/" + url.PathEscape(zoneID) + "/dns_records"
	if id != "" {
		p += "/" + url.PathEscape(id)
	}
	return p
}

// dnsRecordBody encodes the non-computed attributes of the plan. Unknown values
// are left out; on update, a value removed since the last state is sent as an
// explicit null (as the real provider's encoder does).
func dnsRecordBody(plan, state map[string]tftypes.Value, update bool) ([]byte, error) {
	body := map[string]any{}
	for name, kind := range dnsRecordFields {
		if kind == kindComputed || kind == kindPath {
			continue
		}
		pv, sv := plan[name], state[name]
		if !pv.IsKnown() {
			continue
		}
		if pv.IsNull() {
			if update && sv.IsKnown() && !sv.IsNull() {
				body[name] = nil
			}
			continue
		}
		j, ok, err := jsonFromTF(pv)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if ok {
			body[name] = j
		}
	}
	return json.Marshal(body)
}

// applyDNSRecord fills attributes from an API answer. With refresh, every
// attribute the body carries is taken from it (a missing key becomes null), as
// on read/import; otherwise (create/update) only computed attributes, and
// optional+computed ones the plan left unset, are taken.
func applyDNSRecord(ctx context.Context, cur map[string]tftypes.Value, result json.RawMessage, refresh bool) (tftypes.Value, error) {
	objType := dnsRecordObjectType(ctx)
	var body map[string]json.RawMessage
	if err := json.Unmarshal(result, &body); err != nil || body == nil {
		return tftypes.Value{}, fmt.Errorf("result is not a DNS record object: %s", result)
	}
	out := make(map[string]tftypes.Value, len(objType.AttributeTypes))
	for name, at := range objType.AttributeTypes {
		v, ok := cur[name]
		if !ok {
			v = tftypes.NewValue(at, nil)
		}
		out[name] = v
	}
	for name, kind := range dnsRecordFields {
		at := objType.AttributeTypes[name]
		take := false
		switch kind {
		case kindComputed:
			take = true
		case kindUser:
			take = refresh
		case kindComputedOptional:
			take = refresh || unknownOrNull(out[name])
		}
		if take {
			v, err := tfFromJSON(body[name], at)
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("%s: %w", name, err)
			}
			out[name] = v
			continue
		}
		if kind == kindComputedOptional && name == "settings" {
			// Known settings object: fill only the inner values the plan left unset.
			inner, err := attrs(out[name])
			if err != nil {
				return tftypes.Value{}, err
			}
			var bodySettings map[string]json.RawMessage
			_ = json.Unmarshal(body[name], &bodySettings)
			st := at.(tftypes.Object)
			for k, kt := range st.AttributeTypes {
				if unknownOrNull(inner[k]) {
					v, err := tfFromJSON(bodySettings[k], kt)
					if err != nil {
						return tftypes.Value{}, fmt.Errorf("settings.%s: %w", k, err)
					}
					inner[k] = v
				}
			}
			out[name] = tftypes.NewValue(st, inner)
		}
	}
	return tftypes.NewValue(objType, out), nil
}

func (r *dnsRecordResource) requireClient(diags interface{ AddError(string, string) }) bool {
	if r.client == nil {
		diags.AddError("provider not configured", "The stand-in Cloudflare provider was not configured (no base URL?).")
		return false
	}
	return true
}

func (r *dnsRecordResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !r.requireClient(&resp.Diagnostics) {
		return
	}
	plan, err := attrs(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("failed to read plan", err.Error())
		return
	}
	if ttl, _ := floatOf(plan["ttl"]); boolOf(plan["proxied"]) && ttl != 1 {
		resp.Diagnostics.AddError("ttl must be set to 1 when `proxied` is true",
			"When a DNS record is marked as `proxied` the TTL must be 1 as Cloudflare will control the TTL internally.")
		return
	}
	body, err := dnsRecordBody(plan, plan, false)
	if err != nil {
		resp.Diagnostics.AddError("failed to serialize http request", err.Error())
		return
	}
	res, err := r.client.Do(ctx, http.MethodPost, recordPath(strOf(plan["zone_id"]), ""), nil, body)
	if err != nil {
		resp.Diagnostics.AddError("failed to make http request", err.Error())
		return
	}
	state, err := applyDNSRecord(ctx, plan, res.Result, false)
	if err != nil {
		resp.Diagnostics.AddError("failed to deserialize http request", err.Error())
		return
	}
	resp.State.Raw = state
}

func (r *dnsRecordResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !r.requireClient(&resp.Diagnostics) {
		return
	}
	cur, err := attrs(req.State.Raw)
	if err != nil {
		resp.Diagnostics.AddError("failed to read state", err.Error())
		return
	}
	res, err := r.client.Do(ctx, http.MethodGet, recordPath(strOf(cur["zone_id"]), strOf(cur["id"])), nil, nil)
	if cfclient.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Resource not found", "The resource was not found on the server and will be removed from state.")
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("failed to make http request", err.Error())
		return
	}
	state, err := applyDNSRecord(ctx, cur, res.Result, true)
	if err != nil {
		resp.Diagnostics.AddError("failed to deserialize http request", err.Error())
		return
	}
	resp.State.Raw = state
}

func (r *dnsRecordResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !r.requireClient(&resp.Diagnostics) {
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
	body, err := dnsRecordBody(plan, prior, true)
	if err != nil {
		resp.Diagnostics.AddError("failed to serialize http request", err.Error())
		return
	}
	id := strOf(plan["id"])
	if id == "" {
		id = strOf(prior["id"])
	}
	res, err := r.client.Do(ctx, http.MethodPut, recordPath(strOf(plan["zone_id"]), id), nil, body)
	if err != nil {
		resp.Diagnostics.AddError("failed to make http request", err.Error())
		return
	}
	state, err := applyDNSRecord(ctx, plan, res.Result, false)
	if err != nil {
		resp.Diagnostics.AddError("failed to deserialize http request", err.Error())
		return
	}
	resp.State.Raw = state
}

func (r *dnsRecordResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !r.requireClient(&resp.Diagnostics) {
		return
	}
	cur, err := attrs(req.State.Raw)
	if err != nil {
		resp.Diagnostics.AddError("failed to read state", err.Error())
		return
	}
	if _, err := r.client.Do(ctx, http.MethodDelete, recordPath(strOf(cur["zone_id"]), strOf(cur["id"])), nil, nil); err != nil {
		resp.Diagnostics.AddError("failed to make http request", err.Error())
	}
}

// ImportState accepts "<zone_id>/<dns_record_id>" (URL-encoded segments), like the real provider.
func (r *dnsRecordResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	const format = "<zone_id>/<dns_record_id>"
	segs := strings.Split(req.ID, "/")
	if len(segs) != 2 {
		resp.Diagnostics.AddError("invalid ID", fmt.Sprintf("expected urlencoded segments %q, got %q", format, req.ID))
		return
	}
	var ids [2]string
	for i, s := range segs {
		v, err := url.PathUnescape(s)
		if err != nil {
			resp.Diagnostics.AddError("invalid urlencoded segment", fmt.Sprintf("for %q : %s -> %q", strings.Split(format, "/")[i], err.Error(), s))
			return
		}
		ids[i] = v
	}
	if !r.requireClient(&resp.Diagnostics) {
		return
	}
	res, err := r.client.Do(ctx, http.MethodGet, recordPath(ids[0], ids[1]), nil, nil)
	if err != nil {
		resp.Diagnostics.AddError("failed to make http request", err.Error())
		return
	}
	cur := map[string]tftypes.Value{
		"zone_id": tftypes.NewValue(tftypes.String, ids[0]),
		"id":      tftypes.NewValue(tftypes.String, ids[1]),
	}
	state, err := applyDNSRecord(ctx, cur, res.Result, true)
	if err != nil {
		resp.Diagnostics.AddError("failed to deserialize http request", err.Error())
		return
	}
	resp.State.Raw = state
}
