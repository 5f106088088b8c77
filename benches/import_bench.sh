#!/usr/bin/env bash
# Times `minhbach import` on the five seed plans (tests/data/import/), which the issue wants
# under a second together. A script, not a test: nothing here runs under `cargo test`.
#
#   benches/import_bench.sh              # 5 runs, release build
#   benches/import_bench.sh --runs 10 --no-cargo-build
#
# Each run copies the `import` fixture site to a temporary folder and imports the five seeds into
# it; the time printed is the whole command (reading, recognising, writing, and the site's check
# after writing), and, separately, the same with --dry-run (no writing, no check).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs=5
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --no-cargo-build) build=0; shift ;;
    *) echo "unknown flag: $1" >&2; exit 2 ;;
  esac
done
if [ "$build" = 1 ]; then
  (cd "$here" && cargo build --release --quiet)
fi
bin="${CARGO_TARGET_DIR:-$here/target}/release/minhbach"
seeds=("$here"/tests/data/import/*.txt)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
ms() { date +%s%N | cut -c1-13; }
for mode in write dry-run; do
  times=()
  for i in $(seq 1 "$runs"); do
    rm -rf "$tmp/site" && cp -r "$here/tests/fixtures/import" "$tmp/site"
    extra=()
    [ "$mode" = dry-run ] && extra=(--dry-run)
    t0=$(ms)
    "$bin" import -q --root "$tmp/site" "${extra[@]}" "${seeds[@]}" > /dev/null
    t1=$(ms)
    times+=($((t1 - t0)))
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
  echo "import of ${#seeds[@]} seeds ($mode): runs in ms, sorted: $sorted"
done
