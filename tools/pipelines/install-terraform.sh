#!/usr/bin/env bash
# Installs a pinned Terraform release after verifying it, for both CI pipelines
# (bitbucket-pipelines.yml and .github/actions/setup-workspace):
#
#   1. downloads terraform_<v>_<platform>.zip, terraform_<v>_SHA256SUMS and its
#      detached signature terraform_<v>_SHA256SUMS.sig;
#   2. checks the signature with HashiCorp's public key committed next to this
#      script (hashicorp.asc), in a temporary keyring, and that the signing key's
#      primary fingerprint is HashiCorp's (C874 011F 0AB4 0511 0D02 1055 3436 5D94 72D7 468F);
#   3. checks the zip against its line of the now-trusted SHA256SUMS;
#   4. unzips the terraform binary into --dest.
#
# Any failure stops with one `install-terraform: ...` line on stderr and exit 1
# (2 for a usage error); nothing is installed unless every check passed.
#
#   bash tools/pipelines/install-terraform.sh --version 1.10.5 --dest /usr/local/bin
#
# Options (defaults in brackets):
#   --version V       Terraform version, e.g. 1.10.5 (required)
#   --dest DIR        where the terraform binary goes (required; created if missing)
#   --platform P      release platform [from uname, e.g. linux_amd64]
#   --base-url URL    release root holding <v>/terraform_<v>_* [https://releases.hashicorp.com/terraform];
#                     a local directory or file:// URL works too (the tests use one)
#   --key FILE        armored public key [hashicorp.asc next to this script]
#   --fingerprint F   primary key fingerprint the signature must chain to [HashiCorp's]
#
# When HashiCorp rotates or extends its key, replace hashicorp.asc with
# https://www.hashicorp.com/.well-known/pgp-key.txt and check the fingerprint with
# `gpg --show-keys tools/pipelines/hashicorp.asc`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

fail() { echo "install-terraform: $*" >&2; exit 1; }
usage() { echo "install-terraform: $* (usage: install-terraform.sh --version V --dest DIR [--platform P] [--base-url URL] [--key FILE] [--fingerprint F])" >&2; exit 2; }

version=''
dest=''
platform=''
base_url='https://releases.hashicorp.com/terraform'
key="$here/hashicorp.asc"
fingerprint='C874011F0AB405110D02105534365D9472D7468F'

while [[ $# -gt 0 ]]; do
  case "$1" in
    --version | --dest | --platform | --base-url | --key | --fingerprint)
      [[ $# -ge 2 && -n "$2" ]] || usage "$1 needs a value"
      case "$1" in
        --version) version="$2" ;;
        --dest) dest="$2" ;;
        --platform) platform="$2" ;;
        --base-url) base_url="${2%/}" ;;
        --key) key="$2" ;;
        --fingerprint) fingerprint="$2" ;;
      esac
      shift 2
      ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) usage "unknown argument \"$1\"" ;;
  esac
done

[[ -n "$version" ]] || usage "--version is required"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]] || usage "--version must look like 1.10.5, got \"$version\""
[[ -n "$dest" ]] || usage "--dest is required"
fingerprint="$(printf '%s' "$fingerprint" | tr -d ' ' | tr '[:lower:]' '[:upper:]')"
[[ "$fingerprint" =~ ^[0-9A-F]{40}$ ]] || usage "--fingerprint must be 40 hex digits"

if [[ -z "$platform" ]]; then
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *) fail "unsupported OS $(uname -s); pass --platform" ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) fail "unsupported CPU $(uname -m); pass --platform" ;;
  esac
  platform="${os}_${arch}"
fi
[[ "$platform" =~ ^[a-z0-9]+_[a-z0-9]+$ ]] || usage "--platform must look like linux_amd64, got \"$platform\""

for tool in gpg sha256sum unzip; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool not found; install it (Debian/Ubuntu: apt-get install gnupg coreutils unzip)"
done
[[ -r "$key" ]] || fail "public key $key not found or unreadable"

zip="terraform_${version}_${platform}.zip"
sums="terraform_${version}_SHA256SUMS"

work="$(mktemp -d "${TMPDIR:-/tmp}/install-terraform.XXXXXX")"
cleanup() {
  gpgconf --homedir "$work/gnupg" --kill all >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

fetch() { # fetch <file name>: from $base_url/<version>/ into $work
  local source="$base_url/$version/$1"
  if [[ "$base_url" =~ ^[a-zA-Z][a-zA-Z0-9+.-]*:// ]]; then
    command -v curl >/dev/null 2>&1 || fail "curl not found; install it"
    curl --fail --silent --show-error --location --retry 3 --output "$work/$1" "$source" 2>"$work/curl.err" ||
      fail "could not download $source: $(tail -n 1 "$work/curl.err")"
  else
    cp "$source" "$work/$1" 2>/dev/null || fail "could not read $source"
  fi
}

fetch "$sums"
fetch "$sums.sig"

# 1. The signature, against a temporary keyring holding only the committed key.
export GNUPGHOME="$work/gnupg"
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --import "$key" 2>"$work/gpg.err" || fail "cannot import $key: $(tail -n 1 "$work/gpg.err")"
gpg --batch --with-colons --fingerprint 2>/dev/null | awk -F: '$1 == "pub" { primary = 1; next } $1 == "sub" { primary = 0 } $1 == "fpr" && primary { print $10 }' >"$work/primaries"
grep -qx "$fingerprint" "$work/primaries" || fail "$key does not hold the key $fingerprint (it holds: $(paste -sd' ' "$work/primaries"))"

status="$work/gpg.status"
gpg --batch --trust-model always --status-file "$status" --verify "$work/$sums.sig" "$work/$sums" 2>"$work/gpg.err" && verified=yes || verified=no
# Only a GOODSIG (valid, unexpired, unrevoked key) whose primary key is HashiCorp's counts.
signer="$(awk '$1 == "[GNUPG:]" && $2 == "VALIDSIG" { print ($12 != "" ? $12 : $3); exit }' "$status")"
if [[ "$verified" != yes ]] || ! grep -q '^\[GNUPG:\] GOODSIG ' "$status" || [[ "$signer" != "$fingerprint" ]]; then
  code="$(awk '$1 == "[GNUPG:]" && $2 ~ /^(BADSIG|EXPKEYSIG|EXPSIG|REVKEYSIG|NO_PUBKEY|ERRSIG|NODATA)$/ { print $2; exit }' "$status")"
  case "$code" in
    BADSIG) why="bad signature: $sums was altered, or the signature is of another file" ;;
    NO_PUBKEY | ERRSIG) why="not signed by the key in $key" ;;
    EXPKEYSIG | EXPSIG) why="signed with an expired key; refresh $key from https://www.hashicorp.com/.well-known/pgp-key.txt" ;;
    REVKEYSIG) why="signed with a revoked key" ;;
    NODATA) why="$sums.sig holds no signature" ;;
    *) if [[ -n "$signer" && "$signer" != "$fingerprint" ]]; then why="signed by $signer, not by $fingerprint"; else why="$(tail -n 1 "$work/gpg.err")"; fi ;;
  esac
  fail "signature check of $sums FAILED: $why"
fi

# 2. The zip, against its line of the signed sums.
expected="$(awk -v name="$zip" '$2 == name || $2 == "*" name { print $1 }' "$work/$sums")"
[[ -n "$expected" ]] || fail "$sums lists no $zip (is $platform a Terraform platform?)"
[[ "$(printf '%s\n' "$expected" | wc -l)" -eq 1 && "$expected" =~ ^[0-9a-f]{64}$ ]] || fail "$sums has a malformed line for $zip"
fetch "$zip"
actual="$(sha256sum "$work/$zip" | cut -d' ' -f1)"
[[ "$actual" == "$expected" ]] || fail "checksum MISMATCH for $zip: SHA256SUMS says $expected, the download is $actual"

# 3. Install.
mkdir -p "$dest"
unzip -o -q "$work/$zip" terraform -d "$work/unzipped" 2>"$work/unzip.err" || fail "cannot unzip terraform from $zip: $(tail -n 1 "$work/unzip.err")"
install -m 0755 "$work/unzipped/terraform" "$dest/terraform" 2>"$work/install.err" || fail "cannot install into $dest: $(tail -n 1 "$work/install.err")"
echo "install-terraform: terraform $version ($platform) installed to $dest/terraform; SHA256SUMS signed by $signer, zip sha256 $actual"
