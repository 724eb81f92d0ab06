#!/usr/bin/env bash
# Verification benchmarks, on the Sigstore conformance suite's keyless v0.3 bundle (public-good
# root): one whole-process verification from a cold start by hallmark-verify and by sigstore-js
# (node, @sigstore/verify, installed by `make test`), and 1,000 verifications in one process.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
RUNS=${RUNS:-11}
SHARED=${SHARED:-../shared/upstream}
CASE=$SHARED/sigstore-conformance/test/assets/bundle-verify/happy-path-v0.3-new-mediaType
BUNDLE=$CASE/bundle.sigstore.json
ARTIFACT=$SHARED/sigstore-conformance/test/assets/bundle-verify/a.txt
ROOT=$SHARED/trust/public-good/trusted_root.json
IDENTITY=https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main
ISSUER=https://token.actions.githubusercontent.com
NODE_MODULES=$BUILD/interop/sigstore-js/node_modules
[ -d "$NODE_MODULES" ] || make "$BUILD/interop/sigstore-js/.npm-ci.stamp"
cp bench/verify-sigstore-js.mjs "$BUILD/interop/sigstore-js/"

median() { sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"; }
time_of() {
  for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    end=$(date +%s.%N)
    echo "$end - $start" | awk '{ split($0, a, " - "); printf "%.4f\n", a[1] - a[2] }'
  done | median
}
hallmark=$(time_of "$BUILD/verify/hallmark-verify" blob --bundle "$BUNDLE" --trusted-root "$ROOT" \
  --certificate-identity "$IDENTITY" --certificate-oidc-issuer "$ISSUER" "$ARTIFACT")
js=$(time_of node "$BUILD/interop/sigstore-js/verify-sigstore-js.mjs" "$ROOT" "$BUNDLE" "$ARTIFACT" "$IDENTITY" "$ISSUER")
echo "one keyless v0.3 bundle, whole process: hallmark-verify ${hallmark} s, sigstore-js ${js} s," \
  "$(awk "BEGIN{printf \"%.1f\", $js/$hallmark}")x"
"$BUILD/bench/hallmark-verify-throughput" "$ROOT" "$BUNDLE" "$ARTIFACT" "$IDENTITY" "$ISSUER" 1000
