package provider

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"lq3/cloudflare-standin/internal/fakeapi"
)

// These tests drive the provider through the framework's protocol-6 server,
// the same calls Terraform makes, against the fake API on 127.0.0.1.

const testToken = "standin-test-token-0123456789abcdefghijkl"

type env struct {
	t       *testing.T
	ctx     context.Context
	srv     tfprotov6.ProviderServer
	fake    *fakeapi.Running
	schemas *tfprotov6.GetProviderSchemaResponse
	zoneID  string
}

func startFake(t *testing.T) *fakeapi.Running {
	t.Helper()
	fake, err := fakeapi.Start("127.0.0.1:0", fakeapi.Options{Token: testToken, Zones: []fakeapi.ZoneSpec{
		{Name: "lq3.example.com", Plan: fakeapi.PlanFree},
		{Name: "ent.example", Plan: fakeapi.PlanEnterprise},
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := fake.Close(); err != nil {
			t.Errorf("closing fake API: %v", err)
		}
	})
	return fake
}

func newServer(t *testing.T) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	srv := providerserver.NewProtocol6(New("test")())()
	schemas, err := srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if d := diagErrors(schemas.Diagnostics); d != "" {
		t.Fatal(d)
	}
	return srv, schemas
}

// newEnv starts the fake API and a provider configured from the environment
// (CLOUDFLARE_BASE_URL / CLOUDFLARE_API_TOKEN), as the repository's stacks are.
func newEnv(t *testing.T) *env {
	t.Helper()
	fake := startFake(t)
	t.Setenv(EnvBaseURL, fake.BaseURL)
	t.Setenv(EnvAPIToken, testToken)
	srv, schemas := newServer(t)
	e := &env{t: t, ctx: context.Background(), srv: srv, fake: fake, schemas: schemas}
	if d := e.configure(nil); d != "" {
		t.Fatal(d)
	}
	z, ok := fake.Store().ZoneByIDOrName("lq3.example.com")
	if !ok {
		t.Fatal("zone missing")
	}
	e.zoneID = z.ID
	return e
}

func diagErrors(diags []*tfprotov6.Diagnostic) string {
	var parts []string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			parts = append(parts, d.Summary+": "+d.Detail)
		}
	}
	return strings.Join(parts, "\n")
}

func diagWarnings(diags []*tfprotov6.Diagnostic) string {
	var parts []string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityWarning {
			parts = append(parts, d.Summary+": "+d.Detail)
		}
	}
	return strings.Join(parts, "\n")
}

// object builds a value of the given object type; attributes not given are null.
func object(typ tftypes.Type, vals map[string]tftypes.Value) tftypes.Value {
	ot := typ.(tftypes.Object)
	full := map[string]tftypes.Value{}
	for k, at := range ot.AttributeTypes {
		if v, ok := vals[k]; ok {
			full[k] = v
		} else {
			full[k] = tftypes.NewValue(at, nil)
		}
	}
	return tftypes.NewValue(ot, full)
}

func str(s string) tftypes.Value   { return tftypes.NewValue(tftypes.String, s) }
func num(f float64) tftypes.Value  { return tftypes.NewValue(tftypes.Number, f) }
func boolean(b bool) tftypes.Value { return tftypes.NewValue(tftypes.Bool, b) }

func (e *env) dv(typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	e.t.Helper()
	d, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		e.t.Fatal(err)
	}
	return &d
}

func (e *env) decode(typ tftypes.Type, d *tfprotov6.DynamicValue) tftypes.Value {
	e.t.Helper()
	if d == nil {
		return tftypes.NewValue(typ, nil)
	}
	v, err := d.Unmarshal(typ)
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

func (e *env) configure(vals map[string]tftypes.Value) string {
	e.t.Helper()
	typ := e.schemas.Provider.ValueType()
	res, err := e.srv.ConfigureProvider(e.ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.4",
		Config:           e.dv(typ, object(typ, vals)),
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return diagErrors(res.Diagnostics)
}

func (e *env) resourceType(name string) tftypes.Type {
	return e.schemas.ResourceSchemas[name].ValueType()
}

func (e *env) dataType(name string) tftypes.Type {
	return e.schemas.DataSourceSchemas[name].ValueType()
}

// proposedNew approximates Terraform core's proposed new state for the
// flat attributes used here: config values, with computed attributes the
// config leaves null taken from the prior state.
func (e *env) proposedNew(name string, prior, config tftypes.Value) tftypes.Value {
	e.t.Helper()
	if prior.IsNull() {
		return config
	}
	var p, c map[string]tftypes.Value
	if err := prior.As(&p); err != nil {
		e.t.Fatal(err)
	}
	if err := config.As(&c); err != nil {
		e.t.Fatal(err)
	}
	out := map[string]tftypes.Value{}
	for _, a := range e.schemas.ResourceSchemas[name].Block.Attributes {
		out[a.Name] = c[a.Name]
		if a.Computed && c[a.Name].IsNull() {
			out[a.Name] = p[a.Name]
		}
	}
	return tftypes.NewValue(config.Type(), out)
}

type planResult struct {
	planned         tftypes.Value
	requiresReplace []*tftypes.AttributePath
	errs            string
}

func (e *env) plan(name string, prior, config tftypes.Value) planResult {
	e.t.Helper()
	typ := e.resourceType(name)
	proposed := config
	if !config.IsNull() {
		proposed = e.proposedNew(name, prior, config)
	}
	res, err := e.srv.PlanResourceChange(e.ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName:         name,
		PriorState:       e.dv(typ, prior),
		ProposedNewState: e.dv(typ, proposed),
		Config:           e.dv(typ, config),
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return planResult{planned: e.decode(typ, res.PlannedState), requiresReplace: res.RequiresReplace, errs: diagErrors(res.Diagnostics)}
}

func (e *env) apply(name string, prior, planned, config tftypes.Value) (tftypes.Value, string) {
	e.t.Helper()
	typ := e.resourceType(name)
	res, err := e.srv.ApplyResourceChange(e.ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName:     name,
		PriorState:   e.dv(typ, prior),
		PlannedState: e.dv(typ, planned),
		Config:       e.dv(typ, config),
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return e.decode(typ, res.NewState), diagErrors(res.Diagnostics)
}

func (e *env) read(name string, state tftypes.Value) (tftypes.Value, *tfprotov6.ReadResourceResponse) {
	e.t.Helper()
	typ := e.resourceType(name)
	res, err := e.srv.ReadResource(e.ctx, &tfprotov6.ReadResourceRequest{TypeName: name, CurrentState: e.dv(typ, state)})
	if err != nil {
		e.t.Fatal(err)
	}
	return e.decode(typ, res.NewState), res
}

func (e *env) readData(name string, config tftypes.Value) (tftypes.Value, string) {
	e.t.Helper()
	typ := e.dataType(name)
	res, err := e.srv.ReadDataSource(e.ctx, &tfprotov6.ReadDataSourceRequest{TypeName: name, Config: e.dv(typ, config)})
	if err != nil {
		e.t.Fatal(err)
	}
	return e.decode(typ, res.State), diagErrors(res.Diagnostics)
}

// create runs plan + apply for a new resource and fails the test on error.
func (e *env) create(name string, config tftypes.Value) tftypes.Value {
	e.t.Helper()
	null := tftypes.NewValue(e.resourceType(name), nil)
	p := e.plan(name, null, config)
	if p.errs != "" {
		e.t.Fatal(p.errs)
	}
	st, errs := e.apply(name, null, p.planned, config)
	if errs != "" {
		e.t.Fatal(errs)
	}
	return st
}

func get(t *testing.T, v tftypes.Value, path ...string) tftypes.Value {
	t.Helper()
	cur := v
	for _, p := range path {
		var m map[string]tftypes.Value
		if err := cur.As(&m); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		next, ok := m[p]
		if !ok {
			t.Fatalf("no attribute %q", p)
		}
		cur = next
	}
	return cur
}

func with(t *testing.T, v tftypes.Value, changes map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	var m map[string]tftypes.Value
	if err := v.As(&m); err != nil {
		t.Fatal(err)
	}
	for k, nv := range changes {
		if _, ok := m[k]; !ok {
			t.Fatalf("no attribute %q", k)
		}
		m[k] = nv
	}
	return tftypes.NewValue(v.Type(), m)
}

// unsetenv removes a variable for the rest of the test (after t.Setenv
// registered its restoration).
func unsetenv(t *testing.T, key string) {
	t.Helper()
	if err := os.Unsetenv(key); err != nil {
		t.Fatal(err)
	}
}

func mustInput(t *testing.T, body string) fakeapi.RecordInput {
	t.Helper()
	in, apiErr := fakeapi.ParseRecordInput([]byte(body))
	if apiErr != nil {
		t.Fatal(apiErr)
	}
	return in
}

func regexpMust(s string) *regexp.Regexp { return regexp.MustCompile(s) }
