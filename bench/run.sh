#!/usr/bin/env bash
# Benchmarks hallmark-sbom on real Debian images: debootstrap --variant=minbase bookworm into a
# folder (and, as a second, bigger image, the same with common tools included), packed as a
# docker-archive (uncompressed layer) and an OCI layout (gzip layer), scanned under
# /usr/bin/time. Prints the median wall time and the peak RSS of several runs, beside the floors
# of the same machine (reading, hashing and inflating the same bytes). See bench/README.md.
#   bench/run.sh [minbase|tools|manyfiles]...   (default: minbase tools)
# manyfiles: images of 25,000 and 250,000 small files (100 MB and 1 GiB): peak memory must not
# grow with the number of files.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
WORK_ROOT=${BENCH_WORK:-$PWD/bench/work}
RUNS=${RUNS:-5}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

for package in debootstrap time; do
  dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q '^install ok installed' ||
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package"
done
TOOLS=python3,perl,curl,git,ca-certificates,gnupg,less,vim-tiny,procps,iproute2,xz-utils,openssh-client,wget

# Makes $WORK/rootfs and the two packed images of one flavour, once.
prepare() {
  local include=$1
  mkdir -p "$WORK"
  if [ ! -f "$WORK/rootfs/var/lib/dpkg/status" ]; then
    echo "debootstrap --variant=minbase ${include:+--include=$include }bookworm (minutes, once)"
    rm -rf "$WORK/rootfs"
    $SUDO debootstrap --variant=minbase ${include:+--include=$include} bookworm "$WORK/rootfs" \
      "$MIRROR" > "$WORK/debootstrap.log"
    # The package caches are not part of an image.
    $SUDO rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb "$WORK/rootfs/var/lib/apt/lists/"*
  fi
  if [ ! -f "$WORK/debian.tar" ] || [ ! -d "$WORK/debian-oci" ]; then
    echo "packing the image"
    "$BUILD/tests/hallmark-testimage" --format docker-archive --out "$WORK/debian.tar" \
      --name bench.example/debian:bookworm --image "linux/amd64=$WORK/rootfs"
    rm -rf "$WORK/debian-oci"
    "$BUILD/tests/hallmark-testimage" --format oci-dir --out "$WORK/debian-oci" \
      --name bench.example/debian:bookworm --image "linux/amd64=$WORK/rootfs"
  fi
}

# shellcheck source=bench/measure.sh
. bench/measure.sh

# Floors and hallmark-sbom on the images of one flavour.
run_flavour() {
  local layer_gz packages found
  layer_gz=$(python3 -c "import json,sys; d='$WORK/debian-oci'; i=json.load(open(d+'/index.json')); m=json.load(open(d+'/blobs/sha256/'+i['manifests'][0]['digest'][7:])); print(d+'/blobs/sha256/'+m['layers'][0]['digest'][7:])")
  packages=$(grep -c '^Package:' "$WORK/rootfs/var/lib/dpkg/status")
  echo "image: $(du -m "$WORK/debian.tar" | cut -f1) MB docker-archive, $(du -m "$layer_gz" | cut -f1) MB gzip layer, $packages packages"
  echo
  cat "$WORK/debian.tar" > /dev/null
  measure "floor: cat docker-archive" cat "$WORK/debian.tar"
  measure "floor: sha256 of the docker-archive (OpenSSL)" openssl dgst -sha256 "$WORK/debian.tar"
  measure "floor: inflate the gzip layer (zlib, zcat)" zcat "$layer_gz"
  measure "hallmark-sbom docker-archive" "$BUILD/sbom/hallmark-sbom" "docker-archive:$WORK/debian.tar" -o cyclonedx-json
  measure "hallmark-sbom OCI layout (gzip)" "$BUILD/sbom/hallmark-sbom" "oci-dir:$WORK/debian-oci" -o cyclonedx-json
  found=$("$BUILD/sbom/hallmark-sbom" "docker-archive:$WORK/debian.tar" -o table | tail -n +2 | wc -l)
  echo
  echo "packages found: $found (dpkg status lists $packages)"
}

# Images of COUNT files of 4 KiB in nested folders, with an npm package among them.
many_files() {
  local count=$1
  WORK=$WORK_ROOT/manyfiles-$count
  mkdir -p "$WORK"
  if [ ! -f "$WORK/many.tar" ]; then
    rm -rf "$WORK/rootfs"
    python3 - "$WORK/rootfs" "$count" <<'PY'
import os, sys
root, count = sys.argv[1], int(sys.argv[2])
block = os.urandom(4096)
for i in range(count):
    folder = os.path.join(root, "srv", "data", f"{i // 1000:04d}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"f{i}.bin"), "wb") as out:
        out.write(block)
package = os.path.join(root, "app", "node_modules", "left-pad")
os.makedirs(package, exist_ok=True)
open(os.path.join(package, "package.json"), "w").write('{"name":"left-pad","version":"1.3.0","license":"WTFPL"}')
PY
    "$BUILD/tests/hallmark-testimage" --format docker-archive --out "$WORK/many.tar" \
      --name bench.example/many:$count --image "linux/amd64=$WORK/rootfs"
    rm -rf "$WORK/rootfs"
  fi
  echo "image: $count files, $(du -m "$WORK/many.tar" | cut -f1) MB docker-archive"
  measure "hallmark-sbom docker-archive, $count files" "$BUILD/sbom/hallmark-sbom" \
    "docker-archive:$WORK/many.tar" -o cyclonedx-json
}

for flavour in "${@:-minbase tools}"; do
  for name in $flavour; do
    WORK=$WORK_ROOT/$name
    echo "== $name"
    case $name in
      minbase) prepare "" ;;
      tools) prepare "$TOOLS" ;;
      manyfiles) many_files 25000; many_files 250000; echo; continue ;;
      *) echo "unknown flavour $name (minbase, tools, manyfiles)" >&2; exit 2 ;;
    esac
    run_flavour
    echo
  done
done
