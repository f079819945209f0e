#!/usr/bin/env bash
# Creates the repo-root .venv and installs the policy gate's pinned Python tools
# (checkov) into it. Idempotent: when the venv already holds exactly this lock
# file's packages it exits at once, so CI and developers can call it before
# every policy run.
#
#   bash tools/policy/setup-venv.sh
#
# Needs python3 >= 3.9 with the venv module and access to PyPI (first run only).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.venv"
lock="$here/requirements.lock"
stamp="$venv/.lq3-policy-lock.sha256"

python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
  echo "setup-venv: $python not found; install Python 3.9+ (with venv) or set PYTHON=/path/to/python3" >&2
  exit 1
fi

# The AWS emulator (moto) has its own venv, tools/aws-emulator/.venv: checkov pins
# boto3==1.35.49, and moto serves the API of whatever botocore is installed (see
# tools/aws-emulator/README.md). This script stays the one entry point for both.
bash "$root/tools/aws-emulator/setup-venv.sh"

want="$(sha256sum "$lock" | cut -d' ' -f1)"
if [[ -x "$venv/bin/checkov" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi

if [[ ! -x "$venv/bin/python" ]]; then
  echo "setup-venv: creating $venv"
  "$python" -m venv "$venv"
fi
echo "setup-venv: installing $(grep -E '^checkov==' "$lock") and its pinned dependencies"
# The lock pins every transitive dependency; --no-deps makes a missing pin an
# import error instead of a silent unpinned download.
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --no-deps -r "$lock"
"$venv/bin/pip" check --disable-pip-version-check >/dev/null
"$venv/bin/checkov" --version >/dev/null
echo "$want" > "$stamp"
echo "setup-venv: checkov $("$venv/bin/checkov" --version) ready in $venv"
