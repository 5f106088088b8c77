#!/usr/bin/env bash
# Linear-cost benchmark (issue 16, class 5): build a site whose one page has N identical
# headings (default 100 000 `## Mục`, 900 KB) and N links, online and offline, and report the
# build time of each. Identical headings used to get their ids in quadratic time (5 000 took
# 55 s); the target is well under a second in release.
#
#   benches/headings_bench.sh [--headings N] [--runs R] [--no-cargo-build] [--keep] [--baseline BIN]
#
# Uses $CARGO_TARGET_DIR/release/minhbach (target/release/minhbach when unset); --baseline runs
# another binary too, alternately with it (run 1 of each, run 2 of each...). Each run prints wall
# time, user and system CPU and peak memory (from /usr/bin/time when installed). Exits 1 when a build fails
# or a page lacks the last heading's id (`muc-N`).
set -uo pipefail

N=100000
RUNS=3
CARGO_BUILD=1
KEEP=0
BASELINE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --headings) N="${2:?--headings needs a number}"; shift 2 ;;
    --runs) RUNS="${2:?--runs needs a number}"; shift 2 ;;
    --no-cargo-build) CARGO_BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    --baseline) BASELINE="${2:?--baseline needs a binary}"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "headings_bench.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$N$RUNS" in ''|*[!0-9]*) echo "headings_bench.sh: --headings and --runs take whole numbers" >&2; exit 2 ;; esac

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/minhbach"
if [ "$CARGO_BUILD" = 1 ]; then
  (cd "$ROOT" && cargo build --release -q) || { echo "headings_bench.sh: cargo build --release failed" >&2; exit 2; }
fi
[ -x "$BIN" ] || { echo "headings_bench.sh: $BIN missing" >&2; exit 2; }
[ -z "$BASELINE" ] || [ -x "$BASELINE" ] || { echo "headings_bench.sh: $BASELINE missing" >&2; exit 2; }
TIME=""; [ -x /usr/bin/time ] && TIME=/usr/bin/time

WORK="$(mktemp -d "${TMPDIR:-/tmp}/headings-bench.XXXXXX")"
[ "$KEEP" = 1 ] || trap 'rm -rf "$WORK"' EXIT
"$BIN" --quiet init "$WORK/site" >/dev/null || { echo "headings_bench.sh: init failed" >&2; exit 2; }
python3 - "$WORK/site/content/muc-lon.md" "$N" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w", encoding="utf-8") as f:
    f.write("---\ntitle: Trang có nhiều mục giống nhau\n---\n\n")
    for _ in range(n):
        f.write("## Mục\n\nXem [trang chủ](/).\n\n")
PY
echo "page: $N identical headings and $N links, $(du -k "$WORK/site/content/muc-lon.md" | cut -f1) KB"
status=0
# One timed build with binary $1 ("new" or "baseline" in the report) and flags $3...
one() {
  local label="$1" bin="$2"; shift 2
  rm -rf "$WORK/out"
  sync
  local start end
  start=$(date +%s%N)
  if [ -n "$TIME" ]; then
    "$TIME" -o "$WORK/time" -f '%U %S %M' "$bin" --quiet build --root "$WORK/site" --output "$WORK/out" "$@" >/dev/null 2>"$WORK/err"
  else
    "$bin" --quiet build --root "$WORK/site" --output "$WORK/out" "$@" >/dev/null 2>"$WORK/err"
  fi || { echo "$label $mode run $r: build failed"; cat "$WORK/err"; status=1; return; }
  end=$(date +%s%N)
  grep -Eq "id=\"?muc-$N\"?[ >]" "$WORK/out/muc-lon/index.html" || { echo "$label $mode run $r: muc-$N missing"; status=1; }
  local extra=""
  if [ -n "$TIME" ]; then
    read -r user sys peak < "$WORK/time"
    extra=", user $(awk -v u="$user" 'BEGIN { printf "%d", u * 1000 }') ms, sys $(awk -v s="$sys" 'BEGIN { printf "%d", s * 1000 }') ms, peak $(( peak / 1024 )) MiB"
  fi
  echo "$label $mode run $r: $(( (end - start) / 1000000 )) ms$extra"
}
for mode in online offline; do
  flag=""; [ "$mode" = offline ] && flag="--offline"
  for r in $(seq 1 "$RUNS"); do
    one new "$BIN" $flag
    [ -z "$BASELINE" ] || one baseline "$BASELINE" $flag
  done
done
exit $status
