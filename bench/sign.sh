#!/usr/bin/env bash
# Signing benchmarks: a 1 GiB file signed by hallmark-sign against `openssl dgst -sha256` of the
# same file (the file is read once, streaming), and 1,000 small blobs signed in one process.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
WORK=${BENCH_WORK:-$PWD/bench/work}/sign
RUNS=${RUNS:-5}
mkdir -p "$WORK"
export HALLMARK_PASSWORD=bench
[ -f "$WORK/big.bin" ] || head -c 1073741824 /dev/urandom > "$WORK/big.bin"
[ -f "$WORK/key.key" ] || "$BUILD/sign/hallmark-sign" keygen --output-key-prefix "$WORK/key" 2>/dev/null

median() { sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"; }
time_of() {
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e' -o "$WORK/t" "$@" > /dev/null 2>&1
    cat "$WORK/t"
  done | median
}
cat "$WORK/big.bin" > /dev/null
openssl=$(time_of openssl dgst -sha256 "$WORK/big.bin")
hallmark=$(time_of "$BUILD/sign/hallmark-sign" blob --key "$WORK/key.key" --bundle "$WORK/big.json" "$WORK/big.bin")
echo "1 GiB: openssl dgst -sha256 ${openssl} s, hallmark-sign blob (P-256, bundle) ${hallmark} s," \
  "ratio $(awk "BEGIN{printf \"%.2f\", $hallmark/$openssl}")"
"$BUILD/bench/hallmark-sign-throughput" 1000 4096
