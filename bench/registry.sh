#!/usr/bin/env bash
# Images where they live (issue 7): Debian's docker-registry started on 127.0.0.1 with a
# temporary storage folder, the bench Debian image (bench/run.sh's "tools" flavour, made first)
# pushed to it as its OCI layout is (gzip layer) with skopeo. Measures
#   - hallmark-sbom from the registry against hallmark-sbom from the OCI layout on disk (target:
#     at most 1.2x), median wall time and peak RSS of $RUNS runs;
#   - hallmark-verify image --key on the signed image: tag resolve + signature fetch + verify
#     (target: under 50 ms), median of $VERIFY_RUNS runs.
#   bench/registry.sh [minbase|tools]   (default: tools)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
FLAVOUR=${1:-tools}
WORK=${BENCH_WORK:-$PWD/bench/work}/$FLAVOUR
RUNS=${RUNS:-5}
VERIFY_RUNS=${VERIFY_RUNS:-21}
[ -d "$WORK/debian-oci" ] || bench/run.sh "$FLAVOUR" > /dev/null
for program in /usr/bin/docker-registry /usr/bin/skopeo; do
  [ -x "$program" ] || { echo "$program is missing: make deps" >&2; exit 1; }
done

TMP=$(mktemp -d)
# shellcheck source=tests/tools/local-registry.sh
. tests/tools/local-registry.sh
cleanup() {
  stop_local_registry
  rm -rf "$TMP"
}
trap cleanup EXIT
start_local_registry

skopeo --insecure-policy copy --quiet --dest-tls-verify=false "oci:$WORK/debian-oci" \
  "docker://$HOST/bench/debian:bookworm"
REF=$HOST/bench/debian:bookworm
FLAGS=(--insecure-registry "$HOST")
export DOCKER_CONFIG=$TMP/docker-config HALLMARK_PASSWORD=bench
mkdir -p "$DOCKER_CONFIG"

# shellcheck source=bench/measure.sh
. bench/measure.sh

echo "== $FLAVOUR image, registry on $HOST"
measure "hallmark-sbom OCI layout on disk" "$BUILD/sbom/hallmark-sbom" "oci-dir:$WORK/debian-oci" -o cyclonedx-json
LAYOUT=$MEDIAN
measure "hallmark-sbom from the loopback registry" "$BUILD/sbom/hallmark-sbom" "$REF" "${FLAGS[@]}" -o cyclonedx-json
REGISTRY=$MEDIAN
echo "registry / layout: $(awk "BEGIN{printf \"%.2f\", $REGISTRY/$LAYOUT}")x (target: at most 1.2x)"

"$BUILD/sign/hallmark-sign" keygen --output-key-prefix "$TMP/release" 2> /dev/null
"$BUILD/sign/hallmark-sign" image --key "$TMP/release.key" "${FLAGS[@]}" "$REF" 2> /dev/null
times=()
for _ in $(seq "$VERIFY_RUNS"); do
  start=$(date +%s%N)
  "$BUILD/verify/hallmark-verify" image --key "$TMP/release.pub" "${FLAGS[@]}" "$REF" 2> /dev/null
  times+=($(( ($(date +%s%N) - start) / 1000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (VERIFY_RUNS + 1) / 2 ))p")
printf '%-46s %8.1f ms (target: under 50 ms; median of %d, whole process)\n' \
  "hallmark-verify image --key (signed image)" "$(awk "BEGIN{print $median/1000}")" "$VERIFY_RUNS"
