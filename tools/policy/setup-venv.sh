#!/usr/bin/env bash
# Creates the repo-root .venv and installs the repo's pinned Python tools into it:
# the policy gate's (checkov, tools/policy/requirements.lock) and the AWS emulator's
# (moto + cbor2 + pytest, tools/aws-emulator/requirements.lock, resolved on top of the
# policy lock). Idempotent: when the venv already holds exactly these lock files'
# packages it exits at once, so CI and developers can call it before every run.
#
#   bash tools/policy/setup-venv.sh
#
# Needs python3 >= 3.10 (moto, cbor2) with the venv module and access to PyPI (first run only).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.venv"
lock="$here/requirements.lock"
emulator_lock="$root/tools/aws-emulator/requirements.lock"
stamp="$venv/.lq3-policy-lock.sha256"

python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
  echo "setup-venv: $python not found; install Python 3.10+ (with venv) or set PYTHON=/path/to/python3" >&2
  exit 1
fi

want="$(cat "$lock" "$emulator_lock" | sha256sum | cut -d' ' -f1)"
if [[ -x "$venv/bin/checkov" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi

if [[ ! -x "$venv/bin/python" ]]; then
  echo "setup-venv: creating $venv"
  "$python" -m venv "$venv"
fi
echo "setup-venv: installing $(grep -E '^checkov==' "$lock"), $(grep -E '^moto==' "$emulator_lock") and their pinned dependencies"
# The locks pin every transitive dependency; --no-deps makes a missing pin an
# import error instead of a silent unpinned download.
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --no-deps -r "$lock" -r "$emulator_lock"
"$venv/bin/pip" check --disable-pip-version-check >/dev/null
"$venv/bin/checkov" --version >/dev/null
"$venv/bin/python" -c 'import moto, cbor2, pytest' >/dev/null
echo "$want" > "$stamp"
echo "setup-venv: checkov $("$venv/bin/checkov" --version), moto $("$venv/bin/python" -c 'import moto; print(moto.__version__)') ready in $venv"
