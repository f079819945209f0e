"""The Terraform settings that point a synthesized stack at the emulator.

A reference for the runner, and what the end-to-end test uses:

    python -m lq3_aws_emulator.terraform override --endpoint http://127.0.0.1:PORT cdk.tf.json > emulator_override.tf.json
    python -m lq3_aws_emulator.terraform backend  --endpoint http://127.0.0.1:PORT > emulator.s3.tfbackend
    terraform init -backend-config=emulator.s3.tfbackend

README.md explains each setting and which are necessary.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

# Every AWS service the stacks use, by the provider's `endpoints` argument name.
PROVIDER_ENDPOINT_NAMES = (
    "acm", "appautoscaling", "backup", "cloudwatch", "ec2", "ecs", "elb", "elbv2", "events", "iam", "kms",
    "logs", "rds", "s3", "s3control", "scheduler", "sns", "sqs", "ssm", "sts", "wafv2",
)

# Static credentials moto accepts (any value works; they map to moto's default account
# 123456789012, from which the stacks' assume_role switches to 111111111111 / 222222222222).
CREDENTIALS = {"access_key": "test", "secret_key": "test"}


def provider_settings(endpoint: str) -> dict[str, Any]:
    """Arguments merged into the stack's `provider "aws"` block (via an override file)."""
    return {
        **CREDENTIALS,
        "skip_metadata_api_check": True,
        "s3_use_path_style": True,
        # S3 Control calls http://<account>.127.0.0.1:PORT (see account_host.py); Go sends
        # them through this proxy (the emulator itself) and never proxies 127.0.0.1.
        "http_proxy": endpoint,
        "https_proxy": "",
        "endpoints": [{name: endpoint for name in PROVIDER_ENDPOINT_NAMES}],
    }


def s3_state_settings(endpoint: str) -> dict[str, Any]:
    """Arguments added to the S3 backend and to each terraform_remote_state `config`."""
    return {
        **CREDENTIALS,
        "skip_metadata_api_check": True,
        "use_path_style": True,
        "endpoints": {"s3": endpoint, "sts": endpoint},
    }


def stack_override(stack: dict[str, Any], endpoint: str) -> dict[str, Any]:
    """A `*_override.tf.json` for one synthesized stack (provider + remote state; not the backend).

    Terraform merges an override's provider block argument by argument, but a `config`
    attribute (terraform_remote_state) is replaced whole, so those repeat the stack's own
    config with the emulator settings added. The backend is not overridden here: a backend
    block in an override file replaces the stack's whole backend block, so the emulator
    settings go to `terraform init -backend-config=<file>` instead (see backend_hcl).
    """
    override: dict[str, Any] = {}
    providers = stack.get("provider", {}).get("aws", [])
    if providers:
        override["provider"] = {"aws": [
            {**({"alias": p["alias"]} if p.get("alias") else {}), **provider_settings(endpoint)} for p in providers
        ]}
    remote = {}
    for name, block in stack.get("data", {}).get("terraform_remote_state", {}).items():
        if block.get("backend") == "s3":
            remote[name] = {"config": {**block.get("config", {}), **s3_state_settings(endpoint)}}
    if remote:
        override["data"] = {"terraform_remote_state": remote}
    return override


def backend_hcl(endpoint: str) -> str:
    """The emulator settings as a `-backend-config` file (merged into the stack's S3 backend)."""
    settings = s3_state_settings(endpoint)
    lines = []
    for key, value in settings.items():
        if isinstance(value, dict):
            inner = "\n".join(f"  {k} = {json.dumps(v)}" for k, v in value.items())
            lines.append(f"{key} = {{\n{inner}\n}}")
        else:
            lines.append(f"{key} = {json.dumps(value)}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lq3_aws_emulator.terraform")
    sub = parser.add_subparsers(dest="command", required=True)
    over = sub.add_parser("override", help="print a *_override.tf.json for a synthesized stack")
    over.add_argument("--endpoint", required=True)
    over.add_argument("stack_json")
    back = sub.add_parser("backend", help="print a -backend-config file for the S3 backend")
    back.add_argument("--endpoint", required=True)
    args = parser.parse_args(argv)
    if args.command == "override":
        with open(args.stack_json, encoding="utf-8") as f:
            stack = json.load(f)
        json.dump(stack_override(stack, args.endpoint), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(backend_hcl(args.endpoint))
    return 0


if __name__ == "__main__":
    sys.exit(main())
