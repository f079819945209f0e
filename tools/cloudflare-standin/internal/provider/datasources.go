package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"lq3/cloudflare-standin/internal/cfclient"
)

// ---- data "cloudflare_zone" ----------------------------------------------

var (
	_ datasource.DataSourceWithConfigure        = (*zoneDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*zoneDataSource)(nil)
)

type zoneDataSource struct{ client *cfclient.Client }

func newZoneDataSource() datasource.DataSource { return &zoneDataSource{} }

func (d *zoneDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_zone"
}

func (d *zoneDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = zoneDataSourceSchema()
}

func (d *zoneDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("zone_id"), path.MatchRoot("filter")),
	}
}

func (d *zoneDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	c, err := clientFrom(req.ProviderData)
	if err != nil {
		resp.Diagnostics.AddError("unexpected data source configure type", err.Error())
		return
	}
	d.client = c
}

// zoneListQuery turns the filter block into the list endpoint's query parameters.
func zoneListQuery(filter tftypes.Value) (url.Values, error) {
	f, err := attrs(filter)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	for _, k := range []string{"direction", "match", "name", "order", "status"} {
		if v := f[k]; !unknownOrNull(v) {
			q.Set(k, strOf(v))
		}
	}
	if acct := f["account"]; !unknownOrNull(acct) {
		a, err := attrs(acct)
		if err != nil {
			return nil, err
		}
		for _, k := range []string{"id", "name"} {
			if v := a[k]; !unknownOrNull(v) {
				q.Set("account."+k, strOf(v))
			}
		}
	}
	return q, nil
}

func (d *zoneDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.client == nil {
		resp.Diagnostics.AddError("provider not configured", "The stand-in Cloudflare provider was not configured (no base URL?).")
		return
	}
	objType := req.Config.Raw.Type().(tftypes.Object)
	cfg, err := attrs(req.Config.Raw)
	if err != nil {
		resp.Diagnostics.AddError("failed to read config", err.Error())
		return
	}
	zoneID := strOf(cfg["zone_id"])
	if filter := cfg["filter"]; !filter.IsNull() {
		q, err := zoneListQuery(filter)
		if err != nil {
			resp.Diagnostics.AddError("failed to read filter", err.Error())
			return
		}
		res, err := d.client.Do(ctx, http.MethodGet, "zones", q, nil)
		if err != nil {
			resp.Diagnostics.AddError("failed to make http request", err.Error())
			return
		}
		var zones []struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(res.Result, &zones); err != nil {
			resp.Diagnostics.AddError("failed to unmarshal http request", err.Error())
			return
		}
		if len(zones) != 1 {
			resp.Diagnostics.AddError("failed to find exactly one result", fmt.Sprint(len(zones))+" found")
			return
		}
		zoneID = zones[0].ID
	}
	res, err := d.client.Do(ctx, http.MethodGet, "zones/"+url.PathEscape(zoneID), nil, nil)
	if err != nil {
		resp.Diagnostics.AddError("failed to make http request", err.Error())
		return
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(res.Result, &body); err != nil || body == nil {
		resp.Diagnostics.AddError("failed to deserialize http request", fmt.Sprintf("result is not a zone object: %s", res.Result))
		return
	}
	out := map[string]tftypes.Value{}
	for name, at := range objType.AttributeTypes {
		switch name {
		case "filter":
			out[name] = cfg[name]
		case "zone_id", "id":
			out[name] = tftypes.NewValue(tftypes.String, zoneID)
		default:
			v, err := tfFromJSON(body[name], at)
			if err != nil {
				resp.Diagnostics.AddError("failed to deserialize http request", fmt.Sprintf("%s: %s", name, err))
				return
			}
			out[name] = v
		}
	}
	resp.State.Raw = tftypes.NewValue(objType, out)
}

// ---- data "cloudflare_ip_ranges" -----------------------------------------

var _ datasource.DataSourceWithConfigure = (*ipRangesDataSource)(nil)

type ipRangesDataSource struct{ client *cfclient.Client }

func newIPRangesDataSource() datasource.DataSource { return &ipRangesDataSource{} }

func (d *ipRangesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ip_ranges"
}

func (d *ipRangesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = ipRangesDataSourceSchema()
}

func (d *ipRangesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	c, err := clientFrom(req.ProviderData)
	if err != nil {
		resp.Diagnostics.AddError("unexpected data source configure type", err.Error())
		return
	}
	d.client = c
}

func (d *ipRangesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if d.client == nil {
		resp.Diagnostics.AddError("provider not configured", "The stand-in Cloudflare provider was not configured (no base URL?).")
		return
	}
	objType := req.Config.Raw.Type().(tftypes.Object)
	cfg, err := attrs(req.Config.Raw)
	if err != nil {
		resp.Diagnostics.AddError("failed to read config", err.Error())
		return
	}
	q := url.Values{}
	if n := cfg["networks"]; !unknownOrNull(n) {
		q.Set("networks", strOf(n))
	}
	res, err := d.client.Do(ctx, http.MethodGet, "ips", q, nil)
	if err != nil {
		resp.Diagnostics.AddError("failed to make http request", err.Error())
		return
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(res.Result, &body); err != nil || body == nil {
		resp.Diagnostics.AddError("failed to deserialize http request", fmt.Sprintf("result is not an object: %s", res.Result))
		return
	}
	out := map[string]tftypes.Value{}
	for name, at := range objType.AttributeTypes {
		if name == "networks" {
			out[name] = cfg[name]
			continue
		}
		v, err := tfFromJSON(body[name], at)
		if err != nil {
			resp.Diagnostics.AddError("failed to deserialize http request", fmt.Sprintf("%s: %s", name, err))
			return
		}
		out[name] = v
	}
	resp.State.Raw = tftypes.NewValue(objType, out)
}
