#!/usr/bin/env bash
# The pipeline's release step on main (bitbucket-pipelines.yml, .github/workflows/infra.yml),
# after the staging apply: `nx release` for what merged (versions, changelogs, lockfile,
# artifacts under releases/, tags <project>@<version>; all-or-nothing), the release commit
# and its tags pushed back to main in one atomic push, then the artifacts published to
# CodeArtifact when LQ3_CODEARTIFACT_DOMAIN is set (AWS credentials from OIDC). Nothing to
# release is success. See docs/operations.md and docs/decisions/0011-module-releases-and-env-pins.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
git config user.name "${LQ3_RELEASE_GIT_NAME:-LQ3 release}"
git config user.email "${LQ3_RELEASE_GIT_EMAIL:-release@lq3.invalid}"
# nx release reads the previous versions' tags.
git fetch --quiet --tags origin

before="$(git rev-parse HEAD)"
npx nx release --skip-publish
if [ "$(git rev-parse HEAD)" = "$before" ]; then
  echo "release: no module or shared-layer change to release"
  exit 0
fi
mapfile -t tags < <(git tag --points-at HEAD)
# One atomic push: the commit and its tags land together or not at all (a concurrent merge
# fails it; the next pipeline on main releases both).
git push --atomic origin "HEAD:${LQ3_RELEASE_BRANCH:-main}" "${tags[@]/#/refs/tags/}"

if [ -n "${LQ3_CODEARTIFACT_DOMAIN:-}" ]; then
  if ! command -v aws > /dev/null; then
    apt-get update -qq && apt-get install -y -qq awscli > /dev/null
  fi
  # Writes the @lq3 registry and a 12-hour token into ~/.npmrc.
  aws codeartifact login --tool npm --namespace lq3 \
    --domain "$LQ3_CODEARTIFACT_DOMAIN" --domain-owner "$LQ3_CODEARTIFACT_OWNER" --repository "$LQ3_CODEARTIFACT_REPOSITORY"
  LQ3_NPM_REGISTRY="$(npm config get @lq3:registry)" npx nx release publish
else
  echo "release: LQ3_CODEARTIFACT_DOMAIN not set, nothing published (the artifacts are committed under releases/)"
fi
