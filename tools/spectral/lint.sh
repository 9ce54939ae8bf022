#!/usr/bin/env bash
# Lints spec/isolate.openapi.yaml with Spectral's built-in `spectral:oas` ruleset, an
# independent check beside kin-openapi's. Installs the pinned Spectral from package-lock.json
# on first use. Fails on any error or warning: the document has none, and a new one must be
# fixed or justified here, next to an explicit rule override in .spectral.yaml.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x node_modules/.bin/spectral ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
node_modules/.bin/spectral lint --ruleset .spectral.yaml --fail-severity warn ../../spec/isolate.openapi.yaml
