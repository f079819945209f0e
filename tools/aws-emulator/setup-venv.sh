#!/usr/bin/env bash
# Creates tools/aws-emulator/.venv and installs the emulator's pinned Python packages
# (moto[server], cbor2, pytest and their closure, requirements.lock) into it.
# Idempotent: exits at once when the venv already holds exactly this lock file's packages.
# tools/policy/setup-venv.sh (what .ci/run calls) runs this script too.
#
#   bash tools/aws-emulator/setup-venv.sh
#
# A venv of its own, not the repo-root .venv: checkov (the policy gate) pins
# boto3==1.35.49, and moto parses requests and writes responses with the service models
# of the installed botocore, so next to checkov it would drop every field AWS added since
# January 2025 (see README.md, "Why a separate venv").
#
# Needs python3 >= 3.10 with the venv module and access to PyPI (first run only).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
lock="$here/requirements.lock"
stamp="$venv/.lq3-aws-emulator-lock.sha256"

python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
  echo "setup-venv: $python not found; install Python 3.10+ (with venv) or set PYTHON=/path/to/python3" >&2
  exit 1
fi

want="$(sha256sum "$lock" | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi

if [[ ! -x "$venv/bin/python" ]]; then
  echo "setup-venv: creating $venv"
  "$python" -m venv "$venv"
fi
echo "setup-venv: installing $(grep -E '^moto==' "$lock"), $(grep -E '^botocore==' "$lock") and their pinned dependencies"
# The lock pins every transitive dependency; --no-deps makes a missing pin an
# import error instead of a silent unpinned download.
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --no-deps -r "$lock"
"$venv/bin/pip" check --disable-pip-version-check >/dev/null
"$venv/bin/python" -c 'import moto.moto_server.werkzeug_app, cbor2, pytest' >/dev/null
echo "$want" > "$stamp"
echo "setup-venv: moto $("$venv/bin/python" -c 'import moto; print(moto.__version__)') ready in $venv"
