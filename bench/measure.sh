# Sourced by the benchmarks: measure LABEL COMMAND... runs COMMAND once to check it works, then
# $RUNS times with a warm cache under /usr/bin/time, and prints the median wall time and the
# largest peak RSS; the median is also left in MEDIAN.
measure() {
  local label=$1; shift
  "$@" > /dev/null 2>&1 || { echo "$label: command failed: $*" >&2; exit 1; }
  local walls=() rss=0 times wall kib
  times=$(mktemp)
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %M' -o "$times" "$@" > /dev/null 2> /dev/null
    read -r wall kib < "$times"
    walls+=("$wall")
    [ "$kib" -gt "$rss" ] && rss=$kib
  done
  rm -f "$times"
  MEDIAN=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  printf '%-46s %8.2f s %8.1f MiB\n' "$label" "$MEDIAN" "$(awk "BEGIN{print $rss/1024}")"
}
