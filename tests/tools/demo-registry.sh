#!/usr/bin/env bash
# The registry part of `make demo`: Debian's docker-registry started on 127.0.0.1 (a free port,
# a temporary storage folder, stopped at the end), the demo image pushed to it with skopeo, then
# SBOM + attestation, signature and verification of the image where it lives.
#   tests/tools/demo-registry.sh BUILD DEMO_OUT
set -euo pipefail
BUILD=$1
OUT=$2
TMP=$(mktemp -d)
# shellcheck source=tests/tools/local-registry.sh
. "$(dirname "$0")/local-registry.sh"
cleanup() {
  { set +x; } 2> /dev/null
  stop_local_registry
  rm -rf "$TMP"
}
trap cleanup EXIT
start_local_registry

REF=$HOST/demo/app:1.0
export DOCKER_CONFIG=$TMP/docker-config HALLMARK_PASSWORD=demo
mkdir -p "$DOCKER_CONFIG"
set -x
skopeo --insecure-policy copy --quiet --dest-tls-verify=false "docker-archive:$OUT/demo-image.tar" "docker://$REF"
"$BUILD/sbom/hallmark-sbom" "$REF" --insecure-registry "$HOST" \
  -o "cyclonedx-json=$OUT/registry-sbom.cdx.json" --attest --key "$OUT/demo.key"
"$BUILD/sign/hallmark-sign" image --key "$OUT/demo.key" --insecure-registry "$HOST" "$REF"
"$BUILD/verify/hallmark-verify" image --key "$OUT/demo.pub" --insecure-registry "$HOST" \
  --attestation-type cyclonedx --decision-log "$OUT/decisions.jsonl" "$REF"
"$BUILD/verify/hallmark-verify" evidence "$REF" --insecure-registry "$HOST" \
  --trust-key "$OUT/demo.pub" --attestation-type cyclonedx --key "$OUT/demo.key" \
  -o "$OUT/evidence.tar.gz"
{ set +x; } 2> /dev/null
echo "== the registry is stopped; the evidence bundle re-verifies offline from its own content"
stop_local_registry
"$BUILD/verify/hallmark-verify" evidence check --key "$OUT/demo.pub" "$OUT/evidence.tar.gz"
echo "== evidence bundle: $OUT/evidence.tar.gz (report.html and report.md inside:" \
  "tar xzf $OUT/evidence.tar.gz report.html)"
