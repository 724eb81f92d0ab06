#!/usr/bin/env bash
# The registry part of `make demo`: Debian's docker-registry started on 127.0.0.1 (a free port,
# a temporary storage folder, stopped at the end), the demo image pushed to it with skopeo, then
# SBOM + attestation, signature and verification of the image where it lives.
#   tests/tools/demo-registry.sh BUILD DEMO_OUT
set -euo pipefail
BUILD=$1
OUT=$2
TMP=$(mktemp -d)
REGISTRY_PID=
cleanup() {
  { set +x; } 2> /dev/null
  if [ -n "$REGISTRY_PID" ]; then
    kill "$REGISTRY_PID" 2> /dev/null || true
    wait "$REGISTRY_PID" 2> /dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
HOST=127.0.0.1:$PORT
cat > "$TMP/config.yml" << CONFIG
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $TMP/storage}}
http: {addr: $HOST}
CONFIG
/usr/bin/docker-registry serve "$TMP/config.yml" > "$TMP/registry.log" 2>&1 &
REGISTRY_PID=$!
for _ in $(seq 100); do curl -sf "http://$HOST/v2/" > /dev/null && break; sleep 0.1; done
curl -sf "http://$HOST/v2/" > /dev/null || { cat "$TMP/registry.log" >&2; exit 1; }

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
cleanup
REGISTRY_PID=
"$BUILD/verify/hallmark-verify" evidence check --key "$OUT/demo.pub" "$OUT/evidence.tar.gz"
echo "== evidence bundle: $OUT/evidence.tar.gz (report.html and report.md inside:" \
  "tar xzf $OUT/evidence.tar.gz report.html)"
