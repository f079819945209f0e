"""Real Terraform + the real hashicorp/aws provider against the emulator: apply, re-plan, destroy.

Needs `terraform` on PATH and the provider: the filesystem mirror tools/terraform-providers
builds (TF_CLI_CONFIG_FILE, as `eval "$(node tools/terraform-providers/bin/terraform-providers.cjs env)"`
and .ci/run set it), or a provider binary (LQ3_TF_AWS_PROVIDER) installed into a mirror of our
own as 6.25.0, the version the stacks pin; skips with the reason otherwise. The second test also
needs `npx nx run staging01:synth` to have written the staging01-network stack.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REGION, STAGING, STATE_BUCKET, client, start_emulator, stop_emulator

from lq3_aws_emulator.terraform import backend_hcl, provider_settings, stack_override

PROVIDER = Path(os.environ.get("LQ3_TF_AWS_PROVIDER", "/nonexistent/terraform-provider-aws"))
# The mirror tools/terraform-providers built, when the caller set it up.
PROVIDER_MIRROR_CONFIG = os.environ.get("TF_CLI_CONFIG_FILE", "")
PROVIDER_VERSION = "6.25.0"
REPO = Path(__file__).resolve().parents[3]
NETWORK_STACK = REPO / "live/staging01/cdktf.out/stacks/staging01-network/cdk.tf.json"
TF_TIMEOUT = 1200

SMALL_CONFIG = """
terraform {
  required_version = ">= 1.10"
  required_providers {
    aws = { source = "hashicorp/aws", version = "%(version)s" }
  }
  backend "s3" {
    bucket       = "%(bucket)s"
    key          = "e2e/small.tfstate"
    region       = "%(region)s"
    encrypt      = true
    use_lockfile = true
    assume_role = { role_arn = "arn:aws:iam::%(account)s:role/lq3-terraform" }
  }
}

provider "aws" {
  region              = "%(region)s"
  allowed_account_ids = ["%(account)s"]
  assume_role {
    role_arn     = "arn:aws:iam::%(account)s:role/lq3-terraform"
    session_name = "lq3-e2e"
  }
  default_tags { tags = { Project = "LQ3", ManagedBy = "cdktf" } }
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "b" {
  bucket = "lq3-e2e-bucket"
  tags   = { Name = "lq3-e2e-bucket" }
}

resource "aws_sns_topic" "alarms" { name = "lq3-e2e-alarms" }

resource "aws_cloudwatch_metric_alarm" "a" {
  alarm_name          = "lq3-e2e-5xx"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 2
  metric_name         = "HTTPCode_Target_5XX_Count"
  namespace           = "AWS/ApplicationELB"
  period              = 60
  statistic           = "Sum"
  threshold           = 5
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  dimensions          = { LoadBalancer = "app/lq3/0123456789abcdef" }
  tags                = { Name = "lq3-e2e-5xx" }
}

resource "aws_iam_role" "r" {
  name = "lq3-e2e-task-execution"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "r" {
  role       = aws_iam_role.r.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_acm_certificate" "c" {
  domain_name       = "e2e.lq3.example"
  validation_method = "DNS"
}

resource "aws_acm_certificate_validation" "c" { certificate_arn = aws_acm_certificate.c.arn }

resource "aws_kms_key" "k" {
  description         = "lq3 e2e"
  enable_key_rotation = true
}

output "account_id" { value = data.aws_caller_identity.current.account_id }
output "bucket_tags" { value = aws_s3_bucket.b.tags }
output "alarm_arn" { value = aws_cloudwatch_metric_alarm.a.arn }
"""


def _requirements() -> str | None:
    if shutil.which("terraform") is None:
        return "terraform is not on PATH"
    if _mirror_config() is None and not PROVIDER.is_file():
        return ("no provider mirror in TF_CLI_CONFIG_FILE (eval \"$(node tools/terraform-providers/bin/terraform-providers.cjs env)\") "
                "and no AWS provider binary in LQ3_TF_AWS_PROVIDER")
    return None


def _mirror_config() -> Path | None:
    config = Path(PROVIDER_MIRROR_CONFIG) if PROVIDER_MIRROR_CONFIG else None
    if config and config.is_file() and "registry.terraform.io/hashicorp/aws" in config.read_text():
        return config
    return None


missing = _requirements()
if missing:
    print(f"\nskipping the Terraform end-to-end tests: {missing}")
pytestmark = pytest.mark.skipif(missing is not None, reason=missing or "")


@pytest.fixture(scope="module")
def tf_home(tmp_path_factory) -> Path:
    """A CLI config (cli.tfrc) installing the provider as 6.25.0 from a filesystem mirror."""
    home = tmp_path_factory.mktemp("terraform")
    mirror_config = _mirror_config()
    if mirror_config is not None:
        shutil.copy2(mirror_config, home / "cli.tfrc")
        return home
    target = home / f"mirror/registry.terraform.io/hashicorp/aws/{PROVIDER_VERSION}/linux_amd64"
    target.mkdir(parents=True)
    shutil.copy2(PROVIDER, target / f"terraform-provider-aws_v{PROVIDER_VERSION}_x5")
    (home / "cli.tfrc").write_text(f"""provider_installation {{
  filesystem_mirror {{
    path    = "{home / 'mirror'}"
    include = ["registry.terraform.io/hashicorp/aws"]
  }}
  direct {{
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }}
}}
""")
    return home


@pytest.fixture()
def tf_emulator(tmp_path):
    emu = start_emulator("--create-bucket", f"{STAGING}:{STATE_BUCKET}:{REGION}", tmp=tmp_path)
    try:
        yield emu
    finally:
        stop_emulator(emu.process)


def terraform(workdir: Path, tf_home: Path, *args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TF_"))}
    env.update(TF_CLI_CONFIG_FILE=str(tf_home / "cli.tfrc"), TF_IN_AUTOMATION="1", AWS_EC2_METADATA_DISABLED="true",
               TF_DATA_DIR=str(workdir / ".terraform"))
    result = subprocess.run(["terraform", *args, "-no-color"], cwd=workdir, env=env, capture_output=True, text=True,
                            timeout=TF_TIMEOUT)
    if result.returncode not in ok:
        hint = ""
        if "unknown service package: s3control" in result.stdout + result.stderr:
            hint = ("\nHINT: the provider binary was built without the s3control service package; "
                    "aws_s3_bucket reads and writes tags through S3 Control, so the trimmed build must register it.")
        raise AssertionError(f"terraform {' '.join(args)} exited {result.returncode}{hint}\n"
                             f"{result.stdout[-6000:]}\n{result.stderr[-6000:]}")
    return result


def cycle(workdir: Path, tf_home: Path, emu) -> dict:
    (workdir / "emulator.s3.tfbackend").write_text(backend_hcl(emu.url))
    terraform(workdir, tf_home, "init", "-input=false", "-backend-config=emulator.s3.tfbackend")
    terraform(workdir, tf_home, "apply", "-auto-approve", "-input=false")
    plan = terraform(workdir, tf_home, "plan", "-detailed-exitcode", "-input=false", ok=(0, 2))
    assert plan.returncode == 0, f"re-plan after apply is not empty:\n{plan.stdout[-8000:]}"
    outputs = json.loads(terraform(workdir, tf_home, "output", "-json").stdout)
    terraform(workdir, tf_home, "destroy", "-auto-approve", "-input=false")
    return outputs


def test_small_config_apply_replan_destroy(tmp_path, tf_home, tf_emulator):
    work = tmp_path / "small"
    work.mkdir()
    (work / "main.tf").write_text(SMALL_CONFIG % {"version": PROVIDER_VERSION, "bucket": STATE_BUCKET,
                                                  "region": REGION, "account": STAGING})
    (work / "emulator_override.tf.json").write_text(json.dumps({"provider": {"aws": [provider_settings(tf_emulator.url)]}}))
    outputs = cycle(work, tf_home, tf_emulator)
    assert outputs["account_id"]["value"] == STAGING
    assert outputs["bucket_tags"]["value"] == {"Name": "lq3-e2e-bucket"}
    assert outputs["alarm_arn"]["value"] == f"arn:aws:cloudwatch:{REGION}:{STAGING}:alarm:lq3-e2e-5xx"

    from conftest import assume
    s3 = client(tf_emulator, "s3", assume(tf_emulator), s3={"addressing_style": "path"})
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=STATE_BUCKET).get("Contents", [])]
    assert keys == ["e2e/small.tfstate"], keys  # state kept, lock file released
    state = json.loads(s3.get_object(Bucket=STATE_BUCKET, Key="e2e/small.tfstate")["Body"].read())
    assert state["resources"] == []  # destroyed
    assert "lq3-e2e-bucket" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


@pytest.mark.skipif(not NETWORK_STACK.is_file(), reason=f"{NETWORK_STACK} not synthesized (npx nx run staging01:synth)")
def test_staging01_network_stack_apply_replan_destroy(tmp_path, tf_home, tf_emulator):
    work = tmp_path / "network"
    work.mkdir()
    stack = json.loads(NETWORK_STACK.read_text())
    (work / "cdk.tf.json").write_text(json.dumps(stack))
    (work / "emulator_override.tf.json").write_text(json.dumps(stack_override(stack, tf_emulator.url)))
    cycle(work, tf_home, tf_emulator)
