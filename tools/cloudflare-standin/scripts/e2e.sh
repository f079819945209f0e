#!/usr/bin/env bash
# End-to-end check of the Cloudflare STAND-IN provider with real Terraform:
# builds the provider into a filesystem mirror, starts the fake API on
# loopback, and runs init/validate/plan/apply/plan (must be empty)/destroy on
#   1. the staging01-dns stack reduced to its Cloudflare parts, and
#   2. the for_each ACM-validation-record pattern of the staging01-edge stack,
# plus a negative check: a pre-existing ("legacy") record makes apply fail with
# Cloudflare's 81053 error. Nothing here talks to anything but 127.0.0.1.
#
# Usage: tools/cloudflare-standin/scripts/e2e.sh   (needs go, terraform >= 1.10, python3,
#        and synthesized stacks: npx nx run-many -t synth)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
dns_stack="$repo/live/staging01/cdktf.out/stacks/staging01-dns/cdk.tf.json"
edge_stack="$repo/live/staging01/cdktf.out/stacks/staging01-edge/cdk.tf.json"
for f in "$dns_stack" "$edge_stack"; do
  [[ -f "$f" ]] || { echo "missing $f: run 'npx nx run-many -t synth' first" >&2; exit 1; }
done

work="$(mktemp -d)"
fake_pid=""
cleanup() {
  if [[ -n "$fake_pid" ]]; then kill -TERM "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

goos="$(go env GOOS)"; goarch="$(go env GOARCH)"
mirror="$work/mirror"
plugin_dir="$mirror/registry.terraform.io/cloudflare/cloudflare/5.14.0/${goos}_${goarch}"
mkdir -p "$plugin_dir"
echo "== building the stand-in provider and the fake API"
(cd "$here" && GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$plugin_dir/terraform-provider-cloudflare_v5.14.0" ./cmd/terraform-provider-cloudflare)
(cd "$here" && GOFLAGS=-mod=mod go build -trimpath -o "$work/fake-cloudflare-api" ./cmd/fake-cloudflare-api)

cat > "$work/terraformrc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/cloudflare/cloudflare"]
  }
  direct {
    exclude = ["registry.terraform.io/cloudflare/cloudflare"]
  }
}
EOF
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export CLOUDFLARE_API_TOKEN="standin-e2e-token-0123456789abcdefghijklmn"

echo "== starting the fake API"
exec 3< <(exec "$work/fake-cloudflare-api" --token "$CLOUDFLARE_API_TOKEN" --zone lq3.example.com 2>"$work/fake-api.log")
fake_pid=$!
read -r ready <&3
[[ "$ready" == "listening on http://127.0.0.1:"* ]] || { echo "unexpected ready line: $ready" >&2; exit 1; }
api="${ready#listening on }"
export CLOUDFLARE_BASE_URL="$api/client/v4"
echo "   $ready"

echo "== writing the reduced configurations"
python3 - "$dns_stack" "$edge_stack" "$work" <<'PY'
import json, os, re, sys
dns_path, edge_path, work = sys.argv[1:4]

def cloudflare_only(stack):
    out = {"terraform": {"required_providers": {"cloudflare": stack["terraform"]["required_providers"]["cloudflare"]}},
           "provider": {"cloudflare": stack["provider"]["cloudflare"]}}
    data = {k: v for k, v in stack.get("data", {}).items() if k.startswith("cloudflare_")}
    res = {k: v for k, v in stack.get("resource", {}).items() if k.startswith("cloudflare_")}
    if data: out["data"] = data
    if res: out["resource"] = res
    return out

# 1. staging01-dns: the remote-state reference to the ALB becomes a literal.
dns = cloudflare_only(json.load(open(dns_path)))
text = re.sub(r"\$\{data\.terraform_remote_state\.[^}]*\}",
              "lq3-staging01-alb-1234567890.eu-central-1.elb.amazonaws.com", json.dumps(dns, indent=2))
assert "terraform_remote_state" not in text
os.makedirs(f"{work}/dns"); open(f"{work}/dns/main.tf.json", "w").write(text)

# 2. staging01-edge: the validation records' for_each over ACM's
#    domain_validation_options reads a local list of the same shape instead.
edge = cloudflare_only(json.load(open(edge_path)))
names = set()
for r in edge["resource"]["cloudflare_dns_record"].values():
    if "for_each" in r: names |= set(r["for_each"].keys())
assert names, "no for_each cloudflare_dns_record in the edge stack"
text = re.sub(r"aws_acm_certificate\.[A-Za-z0-9_-]+\.domain_validation_options", "local.domain_validation_options", json.dumps(edge, indent=2))
assert "aws_" not in text, "edge config still references AWS resources"
edge = json.loads(text)
edge["locals"] = {"domain_validation_options": [
    {"domain_name": n, "resource_record_name": f"_{abs(hash(n)) % 10**12:012x}.{n}.",
     "resource_record_type": "CNAME", "resource_record_value": f"_{abs(hash(n + 'v')) % 10**12:012x}.xdkl.acm-validations.aws."}
    for n in sorted(names)]}
edge["output"] = {"cloudflare_ipv4": {"value": "${data.cloudflare_ip_ranges." + next(iter(edge["data"]["cloudflare_ip_ranges"])) + ".ipv4_cidrs}"}}
os.makedirs(f"{work}/edge"); open(f"{work}/edge/main.tf.json", "w").write(json.dumps(edge, indent=2))
PY

records() { curl -fsS "$api/__admin/state" | python3 -c 'import json,sys; print(sum(len(z["records"]) for z in json.load(sys.stdin)["zones"]))'; }

plan_expect() { # dir expected-detailed-exitcode
  local rc=0
  terraform -chdir="$1" plan -input=false -lock=false -detailed-exitcode -out=tfplan >"$work/plan.log" 2>&1 || rc=$?
  if [[ "$rc" != "$2" ]]; then cat "$work/plan.log" >&2; echo "FAIL: plan in $1 exited $rc, expected $2" >&2; exit 1; fi
}

run_cycle() {
  local dir="$1" want="$2"
  echo "== $dir: init / validate / plan / apply / plan (expect no changes) / destroy"
  terraform -chdir="$dir" init -input=false -backend=false >/dev/null
  terraform -chdir="$dir" validate -no-color
  plan_expect "$dir" 2
  terraform -chdir="$dir" apply -input=false -lock=false -auto-approve tfplan >/dev/null
  [[ "$(records)" == "$want" ]] || { echo "FAIL: fake API holds $(records) records, expected $want" >&2; exit 1; }
  plan_expect "$dir" 0
  echo "   second plan: no changes"
  terraform -chdir="$dir" destroy -input=false -lock=false -auto-approve >/dev/null
  [[ "$(records)" == "0" ]] || { echo "FAIL: records left after destroy" >&2; exit 1; }
}

dns_count=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["resource"]["cloudflare_dns_record"]))' "$work/dns/main.tf.json")
edge_count=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["locals"]["domain_validation_options"]))' "$work/edge/main.tf.json")
run_cycle "$work/dns" "$dns_count"
run_cycle "$work/edge" "$edge_count"

echo "== legacy record: apply must fail with 81053"
legacy=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["resource"]["cloudflare_dns_record"]; print(sorted(v["name"] for v in r.values())[0])' "$work/dns/main.tf.json")
curl -fsS -X POST "$api/__admin/zones/lq3.example.com/dns_records" \
  -d "{\"type\":\"A\",\"name\":\"$legacy\",\"content\":\"203.0.113.10\",\"ttl\":300,\"comment\":\"legacy EC2 host\"}" >/dev/null
rc=0; terraform -chdir="$work/dns" apply -input=false -lock=false -auto-approve >"$work/apply.log" 2>&1 || rc=$?
if [[ "$rc" == 0 ]] || ! grep -q 81053 "$work/apply.log"; then cat "$work/apply.log" >&2; echo "FAIL: expected 81053" >&2; exit 1; fi
echo "   apply failed as expected: $(grep -o '"code":81053,"message":"[^"]*' "$work/apply.log" | head -1)"
terraform -chdir="$work/dns" destroy -input=false -lock=false -auto-approve >/dev/null

echo "e2e: all checks passed"
