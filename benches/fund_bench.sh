#!/usr/bin/env bash
# Fund benchmark: build a site whose ledger has N rows (default 200 000) and report the build
# time, peak memory, page count and the largest page.
#
#   benches/fund_bench.sh [--rows N] [--runs R] [--no-cargo-build] [--keep]
#
# Generates the site with benches/gen_fund.py in a temporary folder, builds it R times with
# target/release/minhbach under GNU time, prints each run and the largest HTML page, and fails
# (exit 1) when any HTML page is 200 KB (204 800 bytes) or more.
set -uo pipefail

ROWS=200000
RUNS=1
CARGO_BUILD=1
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS="${2:?--rows needs a number}"; shift 2 ;;
    --runs) RUNS="${2:?--runs needs a number}"; shift 2 ;;
    --no-cargo-build) CARGO_BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fund_bench.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$ROWS$RUNS" in ''|*[!0-9]*) echo "fund_bench.sh: --rows and --runs take whole numbers" >&2; exit 2 ;; esac

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/target/release/minhbach"
[ -x /usr/bin/time ] || { echo "fund_bench.sh: needs GNU time (apt-get install -y time)" >&2; exit 2; }
if [ "$CARGO_BUILD" = 1 ]; then
  (cd "$ROOT" && cargo build --release -q) || { echo "fund_bench.sh: cargo build --release failed" >&2; exit 2; }
fi
[ -x "$BIN" ] || { echo "fund_bench.sh: $BIN missing" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/fund-bench.XXXXXX")"
[ "$KEEP" = 1 ] || trap 'rm -rf "$WORK"' EXIT
python3 "$ROOT/benches/gen_fund.py" "$WORK/site" --rows "$ROWS" || exit 2
echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$RUNS"); do
  /usr/bin/time -f "run $r: wall %e s, user %U s, sys %S s, max RSS %M KB" \
    "$BIN" build --root "$WORK/site" --output "$WORK/out" 2>&1 | tail -2
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
PAGES=$(find "$WORK/out" -name '*.html' | wc -l)
echo "html pages: $PAGES; output: $(du -sh "$WORK/out" | cut -f1)"
find "$WORK/out" -name '*.html' -printf '%s %P\n' | sort -n | tail -3 | sed 's/^/largest: /'
BIG=$(find "$WORK/out" -name '*.html' -size +199k | wc -l)
for f in du-lieu/fund-receipts.csv du-lieu/fund-receipts.json; do
  [ -f "$WORK/out/$f" ] && echo "open data $f: $(stat -c %s "$WORK/out/$f") bytes"
done
if [ "$BIG" -gt 0 ]; then echo "fund_bench.sh: $BIG page(s) of 200 KB or more" >&2; exit 1; fi
