#!/usr/bin/env bash
# The admission webhook (issue 8): Debian's docker-registry started on 127.0.0.1, a small test
# image (tests/data/images/debian/base) pushed with skopeo, signed and given SLSA provenance with
# hallmark-sign, and `hallmark-verify serve` over HTTPS with a policy requiring both. ApacheBench
# (ab, apache2-utils) posts a Pod AdmissionReview naming the image, over keep-alive connections:
#   - cached verdicts: one client, $CACHED_REQUESTS reviews after a warm-up (target: under 1 ms
#     at the server; ab's time is the whole round trip, so an upper bound of it);
#   - uncached verdicts (--cache-ttl 0s: every review resolves the tag, fetches the signature and
#     attestation manifests and blobs, and verifies them): 16 concurrent clients,
#     $UNCACHED_REQUESTS reviews, p50 and p99 (target: p99 under 50 ms), and the CPU time a
#     verdict costs the server and the registry (which bounds how many verdicts a second the
#     machine can give, whatever the clients).
#   bench/webhook.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
CACHED_REQUESTS=${CACHED_REQUESTS:-5000}
UNCACHED_REQUESTS=${UNCACHED_REQUESTS:-2000}
for program in /usr/bin/docker-registry /usr/bin/skopeo /usr/bin/ab; do
  [ -x "$program" ] || { echo "$program is missing: make deps" >&2; exit 1; }
done

TMP=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# shellcheck source=tests/tools/local-registry.sh
. tests/tools/local-registry.sh
start_local_registry
PIDS+=($REGISTRY_PID)

export DOCKER_CONFIG=$TMP/docker-config HALLMARK_PASSWORD=bench
mkdir -p "$DOCKER_CONFIG"
REF=$HOST/team/app:1.0
FLAGS=(--insecure-registry "$HOST")
"$BUILD/tests/hallmark-testimage" --format docker-archive --out "$TMP/app.tar" \
  --name bench.example/team/app:1.0 --image linux/amd64=tests/data/images/debian/base
skopeo --insecure-policy copy --quiet --dest-tls-verify=false "docker-archive:$TMP/app.tar" \
  "docker://$REF"
"$BUILD/sign/hallmark-sign" keygen --output-key-prefix "$TMP/release" 2> /dev/null
"$BUILD/sign/hallmark-sign" image --key "$TMP/release.key" "${FLAGS[@]}" "$REF" 2> /dev/null
echo '{"buildDefinition": {"buildType": "https://example.com/b"}, "runDetails": {"builder": {"id": "https://ci.example"}}}' \
  > "$TMP/provenance.json"
"$BUILD/sign/hallmark-sign" attest --key "$TMP/release.key" --predicate "$TMP/provenance.json" \
  --type slsaprovenance1 "${FLAGS[@]}" --image "$REF" 2> /dev/null

cat > "$TMP/policy.json" << EOF
{"apiVersion": "hallmark.dev/v1", "kind": "Policy", "defaultAction": "deny",
 "keys": {"release": "$TMP/release.pub"},
 "rules": [{"name": "team", "images": ["$HOST/team/**"],
            "signatures": {"anyOf": [{"key": "release"}]},
            "attestations": [{"predicateType": "https://slsa.dev/provenance/v1",
                              "signedBy": {"key": "release"}}]}]}
EOF
cat > "$TMP/review.json" << EOF
{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
 "request": {"uid": "bench", "kind": {"group": "", "version": "v1", "kind": "Pod"},
             "operation": "CREATE", "namespace": "default",
             "object": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "bench"},
                        "spec": {"containers": [{"name": "app", "image": "$REF"}]}}}}
EOF
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TMP/tls.key" \
  -out "$TMP/tls.crt" -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2> /dev/null

# Starts serve with the extra flags given; sets URL.
serve() {
  local port
  port=$(free_port)
  "$BUILD/verify/hallmark-verify" serve --policy "$TMP/policy.json" --listen "127.0.0.1:$port" \
    --tls-cert "$TMP/tls.crt" --tls-key "$TMP/tls.key" "${FLAGS[@]}" "$@" 2>> "$TMP/serve.log" &
  SERVER_PID=$!
  PIDS+=($SERVER_PID)
  URL=https://127.0.0.1:$port/validate
  for _ in $(seq 100); do curl -skf "https://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.05; done
  # The image must be allowed: otherwise the figures would time a denial.
  curl -sk -H 'Content-Type: application/json' --data-binary "@$TMP/review.json" "$URL" \
    | grep -q '"allowed":true' || { echo "the bench image is not allowed" >&2; exit 1; }
}

# ab's figures for N reviews from C clients over keep-alive connections; its CSV has the
# percentiles to the microsecond (its report rounds them to whole milliseconds).
bench() {
  ab -q -k -n "$1" -c "$2" -e "$TMP/ab.csv" -p "$TMP/review.json" -T application/json "$URL" \
    > "$TMP/ab.txt"
  if ! grep -q '^Failed requests: *0$' "$TMP/ab.txt" || grep -q '^Non-2xx' "$TMP/ab.txt"; then
    cat "$TMP/ab.txt" >&2
    exit 1
  fi
}
percentile() { awk -F, -v p="$1" '$1 == p { printf "%.3f", $2 }' "$TMP/ab.csv"; }
mean() { awk '/^Time per request:.*\(mean\)$/ { print $4 }' "$TMP/ab.txt"; }
# CPU time (user + system) a process has used, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

echo "== registry on $HOST; $(nproc) cores"
serve
bench 500 1
bench "$CACHED_REQUESTS" 1
printf '%-52s %7.3f ms mean, p50 %s ms, p99 %s ms (target: under 1 ms)\n' \
  "cached verdict, 1 client, $CACHED_REQUESTS reviews" "$(mean)" "$(percentile 50)" "$(percentile 99)"
bench "$CACHED_REQUESTS" 16
printf '%-52s p50 %s ms, p99 %s ms\n' "cached verdict, 16 clients" "$(percentile 50)" \
  "$(percentile 99)"

serve --cache-ttl 0s
server_cpu=$(cpu_ticks "$SERVER_PID") registry_cpu=$(cpu_ticks "$REGISTRY_PID")
bench "$UNCACHED_REQUESTS" 16
printf '%-52s p50 %s ms, p99 %s ms (target: p99 under 50 ms)\n' \
  "uncached verdict, 16 clients, $UNCACHED_REQUESTS reviews" "$(percentile 50)" "$(percentile 99)"
printf '%-52s %s reviews/s; CPU per verdict: server %.2f ms, registry %.2f ms\n' "" \
  "$(awk '/^Requests per second:/ { print $4 }' "$TMP/ab.txt")" \
  "$(awk "BEGIN { print ($(cpu_ticks "$SERVER_PID") - $server_cpu) * 1000 / $(getconf CLK_TCK) / $UNCACHED_REQUESTS }")" \
  "$(awk "BEGIN { print ($(cpu_ticks "$REGISTRY_PID") - $registry_cpu) * 1000 / $(getconf CLK_TCK) / $UNCACHED_REQUESTS }")"
bench 200 1
printf '%-52s p50 %s ms, p99 %s ms\n' "uncached verdict, 1 client" "$(percentile 50)" \
  "$(percentile 99)"
