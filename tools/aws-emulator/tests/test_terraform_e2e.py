"""Real Terraform + the real hashicorp/aws provider against the emulator: apply, re-plan, destroy.

Needs `terraform` on PATH and the provider: the filesystem mirror tools/terraform-providers
builds (TF_CLI_CONFIG_FILE, as `eval "$(node tools/terraform-providers/bin/terraform-providers.cjs env)"`
and .ci/run set it), or a provider binary (LQ3_TF_AWS_PROVIDER) installed into a mirror of our
own as 6.25.0, the version the stacks pin; skips with the reason otherwise (fails instead when CI is
set: in CI a missing requirement is a missing install step). The second test also
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

# terraform (S3 backend with a lock file) and provider blocks as our stacks have them
CONFIG_HEADER = """
terraform {
  required_version = ">= 1.10"
  required_providers {
    aws = { source = "hashicorp/aws", version = "%(version)s" }
  }
  backend "s3" {
    bucket       = "%(bucket)s"
    key          = "e2e/%(state)s.tfstate"
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
"""

SMALL_CONFIG = CONFIG_HEADER + """
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


def skip_outside_ci(reason: str) -> None:
    """Skip on a developer machine that lacks a requirement; in CI (CI set, as .ci/run does) fail instead,
    so a missing install step can never pass as fewer tests."""
    if os.environ.get("CI"):
        pytest.fail(f"CI has everything these tests need, but: {reason}", pytrace=False)
    pytest.skip(reason)


missing = _requirements()


@pytest.fixture(scope="module", autouse=True)
def _requirements_present() -> None:
    if missing:
        skip_outside_ci(f"Terraform end-to-end tests: {missing}")


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


def cycle(workdir: Path, tf_home: Path, emu, before_destroy=None) -> dict:
    (workdir / "emulator.s3.tfbackend").write_text(backend_hcl(emu.url))
    terraform(workdir, tf_home, "init", "-input=false", "-backend-config=emulator.s3.tfbackend")
    terraform(workdir, tf_home, "apply", "-auto-approve", "-input=false")
    plan = terraform(workdir, tf_home, "plan", "-detailed-exitcode", "-input=false", ok=(0, 2))
    assert plan.returncode == 0, f"re-plan after apply is not empty:\n{plan.stdout[-8000:]}"
    outputs = json.loads(terraform(workdir, tf_home, "output", "-json").stdout)
    if before_destroy is not None:
        before_destroy(outputs)
    terraform(workdir, tf_home, "destroy", "-auto-approve", "-input=false")
    return outputs


def test_small_config_apply_replan_destroy(tmp_path, tf_home, tf_emulator):
    work = tmp_path / "small"
    work.mkdir()
    (work / "main.tf").write_text(SMALL_CONFIG % {"state": "small", "version": PROVIDER_VERSION, "bucket": STATE_BUCKET,
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


def test_staging01_network_stack_apply_replan_destroy(tmp_path, tf_home, tf_emulator):
    if not NETWORK_STACK.is_file():
        skip_outside_ci(f"{NETWORK_STACK} not synthesized (npx nx run staging01:synth)")
    work = tmp_path / "network"
    work.mkdir()
    stack = json.loads(NETWORK_STACK.read_text())
    (work / "cdk.tf.json").write_text(json.dumps(stack))
    (work / "emulator_override.tf.json").write_text(json.dumps(stack_override(stack, tf_emulator.url)))
    cycle(work, tf_home, tf_emulator)


# --- what the edge, services and data units added: mutual TLS, WAF, SSM, dashboards, deployment events, backups ---

# The edge, services and data units' new resources, in parts by what the provider build must register.
EDGE_CONFIG = CONFIG_HEADER + """
resource "aws_vpc" "v" { cidr_block = "10.77.0.0/16" }
resource "aws_internet_gateway" "v" { vpc_id = aws_vpc.v.id }
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.77.0.0/24"
  availability_zone = "%(region)sa"
}
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.77.1.0/24"
  availability_zone = "%(region)sb"
}
resource "aws_security_group" "alb" {
  name   = "lq3-e2e-alb"
  vpc_id = aws_vpc.v.id
}
resource "aws_lb" "alb" {
  name               = "lq3-e2e"
  load_balancer_type = "application"
  subnets            = [aws_subnet.a.id, aws_subnet.b.id]
  security_groups    = [aws_security_group.alb.id]
  depends_on         = [aws_internet_gateway.v]
}
resource "aws_acm_certificate" "c" {
  domain_name       = "e2e-edge.lq3.example"
  validation_method = "DNS"
}
resource "aws_acm_certificate_validation" "c" { certificate_arn = aws_acm_certificate.c.arn }

# client certificates: the CA bundle in a versioned private bucket, a trust store, a verifying listener
resource "aws_s3_bucket" "ca" {
  bucket        = "lq3-e2e-client-ca"
  force_destroy = true
}
resource "aws_s3_bucket_versioning" "ca" {
  bucket = aws_s3_bucket.ca.id
  versioning_configuration { status = "Enabled" }
}
resource "aws_s3_bucket_policy" "ca" {
  bucket = aws_s3_bucket.ca.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid = "DenyInsecureTransport", Effect = "Deny", Principal = "*", Action = "s3:*"
      Resource  = [aws_s3_bucket.ca.arn, "${aws_s3_bucket.ca.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
resource "aws_s3_object" "ca" {
  bucket       = aws_s3_bucket.ca.id
  key          = "client-ca/bundle.pem"
  content      = <<-PEM
%(ca_pem)s
PEM
  content_type = "application/x-pem-file"
  depends_on   = [aws_s3_bucket_versioning.ca, aws_s3_bucket_policy.ca]
}
resource "aws_lb_trust_store" "clients" {
  name                                     = "lq3-e2e"
  ca_certificates_bundle_s3_bucket         = aws_s3_bucket.ca.bucket
  ca_certificates_bundle_s3_key            = aws_s3_object.ca.key
  ca_certificates_bundle_s3_object_version = aws_s3_object.ca.version_id
  tags                                     = { Name = "lq3-e2e" }
}
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.alb.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = aws_acm_certificate_validation.c.certificate_arn
  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      message_body = "Forbidden"
      status_code  = "403"
    }
  }
  mutual_authentication {
    mode                             = "verify"
    trust_store_arn                  = aws_lb_trust_store.clients.arn
    ignore_client_certificate_expiry = false
    advertise_trust_store_ca_names   = "off"
  }
}

resource "aws_kms_key" "k" {
  description         = "lq3 e2e edge"
  enable_key_rotation = true
}
# the Access service token's parameter, the env's dashboard, deployment events to the alarm topic
resource "aws_ssm_parameter" "token" {
  name        = "/lq3/e2e/access-service-token"
  description = "Cloudflare Access service token of e2e"
  type        = "SecureString"
  key_id      = aws_kms_key.k.arn
  value       = jsonencode({ client_id = "id.access", client_secret = "not-a-secret" })
}
resource "aws_cloudwatch_dashboard" "env" {
  dashboard_name = "lq3-e2e"
  dashboard_body = jsonencode({ widgets = [
    { x = 0, y = 0, width = 8, height = 6, type = "text", properties = { markdown = "# e2e" } },
    { x = 8, y = 0, width = 16, height = 6, type = "metric", properties = {
      title = "5xx", region = "%(region)s", stat = "Sum", period = 60,
      metrics = [["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", aws_lb.alb.arn_suffix]] } },
  ] })
}
resource "aws_sns_topic" "alarms" { name = "lq3-e2e-edge-alarms" }
resource "aws_cloudwatch_event_rule" "deploy_failed" {
  name        = "lq3-e2e-web-deploy-failed"
  description = "web in e2e: ECS deployment failed"
  event_pattern = jsonencode({
    source        = ["aws.ecs"]
    "detail-type" = ["ECS Deployment State Change"]
    resources     = ["arn:aws:ecs:%(region)s:%(account)s:service/lq3-e2e/lq3-e2e-web"]
    detail        = { eventName = ["SERVICE_DEPLOYMENT_IN_PROGRESS"], reason = [{ "anything-but" = { prefix = "ECS deployment circuit breaker" } }] }
  })
}
resource "aws_cloudwatch_event_target" "deploy_failed" {
  rule = aws_cloudwatch_event_rule.deploy_failed.name
  arn  = aws_sns_topic.alarms.arn
  input_transformer {
    input_paths    = { deployment = "$.detail.deploymentId", reason = "$.detail.reason", time = "$.time" }
    input_template = "{\\"version\\":\\"1.0\\",\\"source\\":\\"custom\\",\\"content\\":{\\"title\\":\\"e2e: deployment failed\\",\\"description\\":\\"Deployment <deployment> failed at <time>: <reason>\\"}}"
  }
}

output "trust_store_arn" { value = aws_lb_trust_store.clients.arn }
output "listener_arn" { value = aws_lb_listener.https.arn }
output "lb_arn" { value = aws_lb.alb.arn }
"""

EDGE_PARTS = {
    "waf": (("aws_wafv2_web_acl", "aws_wafv2_web_acl_association", "aws_wafv2_web_acl_logging_configuration"), """
# AWS WAF on the ALB: managed rule groups, a per-client rate limit on two hosts, encrypted logs
resource "aws_wafv2_web_acl" "waf" {
  name        = "lq3-e2e"
  description = "lq3-e2e: AWS managed rules and a per-client rate limit"
  scope       = "REGIONAL"
  default_action {
    allow {}
  }
  dynamic "rule" {
    for_each = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet"]
    content {
      name     = rule.value
      priority = (rule.key + 1) * 10
      override_action {
        none {}
      }
      statement {
        managed_rule_group_statement {
          name        = rule.value
          vendor_name = "AWS"
        }
      }
      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "lq3-e2e-${rule.value}"
        sampled_requests_enabled   = true
      }
    }
  }
  rule {
    name     = "rate-limit"
    priority = 40
    action {
      block {
        custom_response { response_code = 429 }
      }
    }
    statement {
      rate_based_statement {
        limit                 = 2000
        evaluation_window_sec = 300
        aggregate_key_type    = "FORWARDED_IP"
        forwarded_ip_config {
          header_name       = "CF-Connecting-IP"
          fallback_behavior = "MATCH"
        }
        scope_down_statement {
          or_statement {
            statement {
              byte_match_statement {
                field_to_match {
                  single_header { name = "host" }
                }
                positional_constraint = "EXACTLY"
                search_string         = "api.lq3.example"
                text_transformation {
                  priority = 0
                  type     = "LOWERCASE"
                }
              }
            }
            statement {
              byte_match_statement {
                field_to_match {
                  single_header { name = "host" }
                }
                positional_constraint = "EXACTLY"
                search_string         = "admin.lq3.example"
                text_transformation {
                  priority = 0
                  type     = "LOWERCASE"
                }
              }
            }
          }
        }
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "lq3-e2e-rate-limit"
      sampled_requests_enabled   = true
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "lq3-e2e-web-acl"
    sampled_requests_enabled   = true
  }
  tags = { Name = "lq3-e2e" }
}
resource "aws_wafv2_web_acl_association" "alb" {
  resource_arn = aws_lb.alb.arn
  web_acl_arn  = aws_wafv2_web_acl.waf.arn
}
resource "aws_cloudwatch_log_group" "waf" {
  name              = "aws-waf-logs-lq3-e2e"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.k.arn
}
resource "aws_wafv2_web_acl_logging_configuration" "waf" {
  resource_arn            = aws_wafv2_web_acl.waf.arn
  log_destination_configs = [aws_cloudwatch_log_group.waf.arn]
  redacted_fields {
    single_header { name = "authorization" }
  }
  redacted_fields {
    single_header { name = "cookie" }
  }
}

output "web_acl_arn" { value = aws_wafv2_web_acl.waf.arn }
"""),
    "backup": (("aws_backup_vault", "aws_backup_plan", "aws_backup_selection", "aws_backup_vault_notifications"), """
# the data unit's AWS Backup: a vault with its own key, daily + continuous rules, a selection, notifications
resource "aws_backup_vault" "v" {
  name        = "lq3-e2e-backup"
  kms_key_arn = aws_kms_key.k.arn
}
resource "aws_backup_plan" "daily" {
  name = "lq3-e2e-daily"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.v.name
    schedule          = "cron(0 3 * * ? *)"
    start_window      = 60
    completion_window = 480
    lifecycle { delete_after = 7 }
  }
  rule {
    rule_name                = "continuous"
    target_vault_name        = aws_backup_vault.v.name
    schedule                 = "cron(0 3 * * ? *)"
    start_window             = 60
    completion_window        = 480
    enable_continuous_backup = true
    lifecycle { delete_after = 7 }
  }
}
resource "aws_iam_role" "backup" {
  name = "lq3-e2e-backup"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "backup.amazonaws.com" } }]
  })
}
resource "aws_iam_role_policy_attachment" "backup" {
  role       = aws_iam_role.backup.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"
}
resource "aws_backup_selection" "s" {
  name         = "lq3-e2e-resources"
  plan_id      = aws_backup_plan.daily.id
  iam_role_arn = aws_iam_role.backup.arn
  resources    = [aws_s3_bucket.ca.arn, "arn:aws:rds:%(region)s:%(account)s:db:lq3-e2e"]
  depends_on   = [aws_iam_role_policy_attachment.backup]
}
resource "aws_backup_vault_notifications" "v" {
  backup_vault_name   = aws_backup_vault.v.name
  sns_topic_arn       = aws_sns_topic.alarms.arn
  backup_vault_events = ["BACKUP_JOB_COMPLETED", "COPY_JOB_FAILED", "RESTORE_JOB_COMPLETED", "S3_BACKUP_OBJECT_FAILED"]
}

"""),
}

EDGE_TYPES = ("aws_lb_trust_store", "aws_ssm_parameter", "aws_cloudwatch_dashboard")


def _provider_binary(tf_home: Path) -> Path | None:
    """The AWS provider binary the CLI config installs (mirror or LQ3_TF_AWS_PROVIDER)."""
    text = (tf_home / "cli.tfrc").read_text()
    for line in text.splitlines():
        if line.strip().startswith("path"):
            mirror = Path(json.loads(line.split("=", 1)[1].strip()))
            found = sorted(mirror.glob("registry.terraform.io/hashicorp/aws/*/*/terraform-provider-aws_*"))
            if found:
                return found[0]
    return None


def _missing_types(binary: Path | None, types: tuple[str, ...]) -> list[str]:
    """Resource types a trimmed provider build does not register (their names are not in the binary)."""
    if binary is None:
        return list(types)
    data = binary.read_bytes()
    return [t for t in types if t.encode() not in data]


def test_edge_and_data_features_apply_replan_destroy(tmp_path, tf_home, tf_emulator):
    binary = _provider_binary(tf_home)
    missing_types = _missing_types(binary, EDGE_TYPES)
    if missing_types:
        skip_outside_ci(f"the provider build does not register {', '.join(missing_types)} (tools/terraform-providers builds only "
                    "what the synthesized stacks use; LQ3_TF_AWS_PROVIDER can name a build that has them)")
    parts = {}
    for part, (types, config) in EDGE_PARTS.items():
        missing = _missing_types(binary, types)
        if missing:  # e.g. no stack has a WAF yet, so the trimmed build has no wafv2
            print(f"\nedge e2e without its {part} part: the provider build does not register {', '.join(missing)}")
        else:
            parts[part] = config
    from test_patches import ca_pem

    work = tmp_path / "edge"
    work.mkdir()
    pem = (ca_pem("lq3 e2e client CA 1") + ca_pem("lq3 e2e client CA 2")).decode().strip()
    config = EDGE_CONFIG + "".join(parts.values())
    (work / "main.tf").write_text(config % {"state": "edge", "version": PROVIDER_VERSION, "bucket": STATE_BUCKET, "region": REGION,
                                            "account": STAGING, "ca_pem": pem})
    (work / "emulator_override.tf.json").write_text(json.dumps({"provider": {"aws": [provider_settings(tf_emulator.url)]}}))

    def checks(outputs: dict) -> None:
        from conftest import assume

        credentials = assume(tf_emulator)
        elbv2 = client(tf_emulator, "elbv2", credentials)
        [store] = elbv2.describe_trust_stores(TrustStoreArns=[outputs["trust_store_arn"]["value"]])["TrustStores"]
        assert (store["Status"], store["NumberOfCaCertificates"]) == ("ACTIVE", 2)
        [listener] = elbv2.describe_listeners(ListenerArns=[outputs["listener_arn"]["value"]])["Listeners"]
        assert listener["MutualAuthentication"]["TrustStoreArn"] == store["TrustStoreArn"]
        associations = elbv2.describe_trust_store_associations(TrustStoreArn=store["TrustStoreArn"])["TrustStoreAssociations"]
        assert associations == [{"ResourceArn": outputs["lb_arn"]["value"]}]
        token = client(tf_emulator, "ssm", credentials).get_parameter(Name="/lq3/e2e/access-service-token", WithDecryption=True)
        assert json.loads(token["Parameter"]["Value"]) == {"client_id": "id.access", "client_secret": "not-a-secret"}
        if "waf" in parts:
            wafv2 = client(tf_emulator, "wafv2", credentials)
            acl = outputs["web_acl_arn"]["value"]
            assert wafv2.get_web_acl_for_resource(ResourceArn=outputs["lb_arn"]["value"])["WebACL"]["ARN"] == acl
            logging = wafv2.get_logging_configuration(ResourceArn=acl)["LoggingConfiguration"]
            assert logging["RedactedFields"] == [{"SingleHeader": {"Name": "authorization"}}, {"SingleHeader": {"Name": "cookie"}}]
        if "backup" in parts:
            events = client(tf_emulator, "backup", credentials).get_backup_vault_notifications(BackupVaultName="lq3-e2e-backup")
            assert events["SNSTopicArn"].endswith(":lq3-e2e-edge-alarms")

    cycle(work, tf_home, tf_emulator, before_destroy=checks)
