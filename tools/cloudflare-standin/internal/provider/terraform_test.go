package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// These tests run the real Terraform CLI against the provider served
// in-process (Terraform reattaches to it, so nothing is installed or
// downloaded) and the fake API on 127.0.0.1. They run when a terraform binary
// is on PATH (or named by TF_ACC_TERRAFORM_PATH) and are skipped otherwise.

type tfHarness struct {
	*env
	bin      string
	dir      string
	baseEnv  []string
	reattach string
}

// serveInProcess serves the provider in test mode and returns the value for
// TF_REATTACH_PROVIDERS. The server stops when the test ends.
func serveInProcess(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cfgCh := make(chan *plugin.ReattachConfig)
	closeCh := make(chan struct{})
	serveErr := make(chan error, 1)
	go func() {
		serveErr <- tf6server.Serve(Address, providerserver.NewProtocol6(New("test")()),
			tf6server.WithDebug(ctx, cfgCh, closeCh), tf6server.WithLoggingSink(t),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()))
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-cfgCh:
	case err := <-serveErr:
		cancel()
		t.Fatalf("provider server stopped before it was ready: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		<-closeCh
	})
	if cfg == nil {
		t.Fatal("no reattach config")
	}
	type addr struct{ Network, String string }
	type reattach struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            addr
	}
	b, err := json.Marshal(map[string]reattach{Address: {
		Protocol: string(cfg.Protocol), ProtocolVersion: cfg.ProtocolVersion, Pid: cfg.Pid, Test: true,
		Addr: addr{Network: cfg.Addr.Network(), String: cfg.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func newTF(t *testing.T) *tfHarness {
	t.Helper()
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		p, err := exec.LookPath("terraform")
		if err != nil {
			t.Skip("no terraform binary on PATH (set TF_ACC_TERRAFORM_PATH to run these tests)")
		}
		bin = p
	}
	e := newEnv(t)
	dir := t.TempDir()
	cli := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(cli, []byte("# empty: the provider under test is reattached, nothing is installed\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(dir, "work")
	if err := os.Mkdir(work, 0o700); err != nil {
		t.Fatal(err)
	}
	var base []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "TF_") || strings.HasPrefix(k, "CLOUDFLARE_") {
			continue // nothing from the caller's Terraform/Cloudflare setup leaks in
		}
		base = append(base, kv)
	}
	// The provider itself runs in this process (configured by newEnv); the
	// terraform child only needs to find it.
	base = append(base, "TF_CLI_CONFIG_FILE="+cli, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	return &tfHarness{env: e, bin: bin, dir: work, baseEnv: base, reattach: serveInProcess(t)}
}

// run executes terraform in the working directory and returns its exit code and combined output.
func (h *tfHarness) run(extraEnv []string, args ...string) (int, string) {
	h.t.Helper()
	cmd := exec.CommandContext(h.t.Context(), h.bin, args...)
	cmd.Dir = h.dir
	cmd.Env = append(append(append([]string{}, h.baseEnv...), "TF_REATTACH_PROVIDERS="+h.reattach), extraEnv...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	h.t.Logf("terraform %v took %s", args, time.Since(start))
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String()
	case errors.As(err, &exitErr):
		// Terraform wraps long diagnostics; callers match on single-spaced text.
		return exitErr.ExitCode(), strings.Join(strings.Fields(out.String()), " ")
	}
	h.t.Fatalf("terraform %v: %v", args, err)
	return -1, ""
}

func (h *tfHarness) must(args ...string) string {
	h.t.Helper()
	code, out := h.run(nil, args...)
	if code != 0 {
		h.t.Fatalf("terraform %s exited %d:\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// planExit runs plan -detailed-exitcode: 0 = no changes, 2 = changes.
func (h *tfHarness) planExit(want int) string {
	h.t.Helper()
	code, out := h.run(nil, "plan", "-input=false", "-detailed-exitcode", "-no-color")
	if code != want {
		h.t.Fatalf("plan exited %d, want %d:\n%s", code, want, out)
	}
	return out
}

func (h *tfHarness) write(config string) {
	h.t.Helper()
	if err := os.WriteFile(filepath.Join(h.dir, "main.tf"), []byte(config), 0o600); err != nil {
		h.t.Fatal(err)
	}
}

// stateIDs maps resource addresses to their id attribute.
func (h *tfHarness) stateIDs() map[string]string {
	h.t.Helper()
	var st struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(h.must("show", "-json")), &st); err != nil {
		h.t.Fatal(err)
	}
	ids := map[string]string{}
	for _, r := range st.Values.RootModule.Resources {
		if id, ok := r.Values["id"].(string); ok {
			ids[r.Address] = id
		}
	}
	return ids
}

// stacksConfig has the shape of the staging01 dns/edge stacks: the zone looked
// up by name, proxied CNAMEs for the hostnames, and unproxied ttl-60 ACM
// validation CNAMEs made with for_each.
func stacksConfig(comment string) string {
	return fmt.Sprintf(`
terraform {
  required_providers {
    cloudflare = { source = "cloudflare/cloudflare", version = "5.14.0" }
  }
}

provider "cloudflare" {}

data "cloudflare_zone" "zone" {
  filter = { name = "lq3.example.com" }
}

data "cloudflare_ip_ranges" "ranges" {}

locals {
  hostnames = ["staging.lq3.example.com", "staging-api.lq3.example.com"]
  domain_validation_options = [for h in local.hostnames : {
    domain_name           = h
    resource_record_name  = "_${substr(sha1(h), 0, 12)}.${h}."
    resource_record_type  = "CNAME"
    resource_record_value = "_${substr(sha1("v${h}"), 0, 12)}.xdkl.acm-validations.aws."
  }]
}

resource "cloudflare_dns_record" "hostname" {
  for_each = toset(local.hostnames)
  zone_id  = data.cloudflare_zone.zone.id
  name     = each.value
  type     = "CNAME"
  content  = "lq3-staging01-alb-1.eu-central-1.elb.amazonaws.com"
  proxied  = true
  ttl      = 1
  comment  = %q
}

resource "cloudflare_dns_record" "validation" {
  for_each = { for v in local.domain_validation_options : v.domain_name => v }
  zone_id  = data.cloudflare_zone.zone.id
  name     = trimsuffix(each.value.resource_record_name, ".")
  type     = each.value.resource_record_type
  content  = trimsuffix(each.value.resource_record_value, ".")
  proxied  = false
  ttl      = 60
  comment  = "ACM certificate validation"
}

output "ipv4" { value = data.cloudflare_ip_ranges.ranges.ipv4_cidrs }
`, comment)
}

func TestTerraformStacksPattern(t *testing.T) {
	h := newTF(t)
	const hostname = `cloudflare_dns_record.hostname["staging.lq3.example.com"]`
	h.write(stacksConfig("managed by lq3-infrastructure (staging01); origin: alb"))
	h.must("init", "-input=false", "-no-color")
	h.must("validate", "-no-color")
	h.planExit(2)
	h.must("apply", "-input=false", "-auto-approve", "-no-color")
	h.planExit(0) // no perpetual diff

	recs, _ := h.fake.Store().Records(h.zoneID)
	if len(recs) != 4 {
		t.Fatalf("fake API holds %d records, want 4", len(recs))
	}
	for _, r := range recs {
		validation := strings.HasPrefix(r.Name, "_")
		if validation && (r.Proxied || r.TTL != 60) || !validation && (!r.Proxied || r.TTL != 1) || r.Type != "CNAME" {
			t.Errorf("record %+v", r)
		}
	}
	ids := h.stateIDs()
	first := ids[hostname]
	if !hex32.MatchString(first) {
		t.Fatalf("state ids: %v", ids)
	}

	// In-place update keeps the id; then no changes again.
	h.write(stacksConfig("changed comment"))
	out := h.planExit(2)
	if !strings.Contains(out, "2 to change, 0 to destroy") {
		t.Fatalf("comment change must update in place:\n%s", out)
	}
	h.must("apply", "-input=false", "-auto-approve", "-no-color")
	h.planExit(0)
	if got := h.stateIDs()[hostname]; got != first {
		t.Fatalf("record replaced: %s -> %s", first, got)
	}

	// Drift: deleted outside Terraform -> refresh drops it, apply recreates it.
	if apiErr := h.fake.Store().DeleteRecord(h.zoneID, first); apiErr != nil {
		t.Fatal(apiErr)
	}
	out = h.planExit(2)
	if !strings.Contains(out, "1 to add, 0 to change, 0 to destroy") {
		t.Fatalf("drift plan:\n%s", out)
	}
	h.must("apply", "-input=false", "-auto-approve", "-no-color")
	h.planExit(0)
	recreated := h.stateIDs()[hostname]
	if recreated == first || recreated == "" {
		t.Fatalf("not recreated: %q", recreated)
	}

	// Import by <zone_id>/<record_id>; the plan after it is empty.
	h.must("state", "rm", "-no-color", hostname)
	h.must("import", "-input=false", "-no-color", hostname, h.zoneID+"/"+recreated)
	h.planExit(0)

	h.must("destroy", "-input=false", "-auto-approve", "-no-color")
	if recs, _ := h.fake.Store().Records(h.zoneID); len(recs) != 0 {
		t.Fatalf("%d records left after destroy", len(recs))
	}
}

func TestTerraformLegacyRecordBlocksCreate(t *testing.T) {
	h := newTF(t)
	if _, apiErr := h.fake.Store().CreateRecord(h.zoneID, mustInput(t, `{"type":"A","name":"staging","content":"203.0.113.10","ttl":300}`)); apiErr != nil {
		t.Fatal(apiErr)
	}
	h.write(stacksConfig("c"))
	h.must("init", "-input=false", "-no-color")
	code, out := h.run(nil, "apply", "-input=false", "-auto-approve", "-no-color")
	if code == 0 || !strings.Contains(out, "81053") {
		t.Fatalf("apply must fail with 81053 (exit %d):\n%s", code, out)
	}
	recs, _ := h.fake.Store().Records(h.zoneID)
	for _, r := range recs {
		if r.Name == "staging.lq3.example.com" && r.Type == "CNAME" {
			t.Fatalf("CNAME created next to the legacy A record: %+v", r)
		}
	}
	h.must("destroy", "-input=false", "-auto-approve", "-no-color")
}

func TestTerraformRefusesNonLoopback(t *testing.T) {
	h := newTF(t)
	// The provider runs inside this test process, so its configuration comes
	// from this process's environment and from the provider block.
	withBaseURL := strings.Replace(stacksConfig("c"), `provider "cloudflare" {}`,
		`provider "cloudflare" { base_url = "https://api.cloudflare.com/client/v4" }`, 1)
	h.write(withBaseURL)
	h.must("init", "-input=false", "-no-color")
	code, out := h.run(nil, "plan", "-input=false", "-no-color")
	if code == 0 || !strings.Contains(out, "is not loopback") || !strings.Contains(out, "TEST DOUBLE") {
		t.Errorf("base_url of real Cloudflare: exit %d, want a refusal:\n%s", code, out)
	}

	h.write(stacksConfig("c"))
	unsetenv(t, EnvBaseURL)
	code, out = h.run(nil, "plan", "-input=false", "-no-color")
	if code == 0 || !strings.Contains(out, "no base URL") || !strings.Contains(out, "TEST DOUBLE") {
		t.Errorf("no base URL: exit %d, want a refusal:\n%s", code, out)
	}
	if recs, _ := h.fake.Store().Records(h.zoneID); len(recs) != 0 {
		t.Fatalf("records created: %+v", recs)
	}
}
