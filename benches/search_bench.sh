#!/usr/bin/env bash
# Search benchmark: minhbach's index vs Pagefind on the same generated site.
#
#   benches/search_bench.sh [--pages N] [--exemplars N] [--seed S] [--no-cargo-build] [--keep]
#
# Generates the site (benches/gen_site.py), builds it with minhbach (the search index is part
# of the build), runs Pagefind (npm `pagefind`, installed in a temporary folder, never in the
# repository) on the same output, then measures both in headless Chromium
# (benches/search_bench.mjs): index build time, index bytes, the first cold query's requests
# and bytes, every query of the list cold (median, max), and recall on a list of unaccented
# queries. Needs python3, node/npm, cargo and /usr/bin/chromium (apt-get install -y chromium);
# `npm install` in the repo for playwright-core.
set -euo pipefail

PAGES=10000; EXEMPLARS=10000; SEED=1; CARGO_BUILD=1; KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --pages) PAGES="$2"; shift 2 ;;
    --exemplars) EXEMPLARS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --no-cargo-build) CARGO_BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "search_bench.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/minhbach-search-bench.XXXXXX")"
cleanup() { if [ "$KEEP" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
say() { printf '==> %s\n' "$*"; }
now() { date +%s.%N; }

[ -d "$REPO/node_modules/playwright-core" ] || (cd "$REPO" && npm install --no-audit --no-fund >/dev/null)
if [ "$CARGO_BUILD" = 1 ]; then say "cargo build --release"; (cd "$REPO" && cargo build --release --quiet); fi
MB="${CARGO_TARGET_DIR:-$REPO/target}/release/minhbach"

say "generating $PAGES pages + $EXEMPLARS exemplars (seed $SEED)"
python3 "$REPO/benches/gen_site.py" "$WORK/site" --pages "$PAGES" --exemplars "$EXEMPLARS" --seed "$SEED" >/dev/null

say "installing pagefind into $WORK/pf (npm install pagefind)"
mkdir -p "$WORK/pf" && (cd "$WORK/pf" && npm init -y >/dev/null && npm install --no-audit --no-fund pagefind >/dev/null 2>&1)
PF_VERSION="$("$WORK/pf/node_modules/.bin/pagefind" --version 2>/dev/null || echo '?')"

say "minhbach build (MINHBACH_TIMINGS=1)"
T0=$(now)
MINHBACH_TIMINGS=1 "$MB" build --root "$WORK/site" --output "$WORK/out" --quiet 2>"$WORK/mb.timings"
T1=$(now)
MB_INDEX_MS="$(sed -n 's/.*search index: \([0-9]*\) ms.*/\1/p' "$WORK/mb.timings")"
say "pagefind --site out"
T2=$(now)
"$WORK/pf/node_modules/.bin/pagefind" --site "$WORK/out" >"$WORK/pf.log" 2>&1
T3=$(now)
PF_MS="$(awk -v a="$T2" -v b="$T3" 'BEGIN { printf "%d", (b - a) * 1000 }')"
MB_BYTES="$(( $(du -sb "$WORK/out/search" | cut -f1) + $(stat -c %s "$WORK/out/search.js") ))"
PF_BYTES="$(du -sb "$WORK/out/pagefind" | cut -f1)"
MB_FILES="$(( $(find "$WORK/out/search" -type f | wc -l) + 1 ))"
PF_FILES="$(find "$WORK/out/pagefind" -type f | wc -l)"

say "measuring in headless Chromium"
(cd "$REPO" && node benches/search_bench.mjs "$WORK/out" "$WORK/site") >"$WORK/report.json"

python3 - "$WORK/report.json" "$MB_INDEX_MS" "$PF_MS" "$MB_BYTES" "$PF_BYTES" "$MB_FILES" "$PF_FILES" "$PF_VERSION" "$PAGES" "$EXEMPLARS" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
mb_ms, pf_ms, mb_b, pf_b, mb_f, pf_f, pfv, pages, ex = sys.argv[2:]
m, p = r["minhbach"], r["pagefind"]
kb = lambda b: f"{int(b) / 1024:,.0f} KB"
print(f"\nsite: {pages} pages + {ex} exemplars; pagefind {pfv}; first query: \"{r['first_query']}\"\n")
rows = [
    ("index build time", f"{int(mb_ms) / 1000:.1f} s (inside the build)", f"{int(pf_ms) / 1000:.1f} s (second pass over the HTML)"),
    ("index bytes (files)", f"{kb(mb_b)} ({mb_f})", f"{kb(pf_b)} ({pf_f})"),
    ("engine loaded with the page", f"{m['page_load']['requests']} req, {kb(m['page_load']['bytes'])}", "0 (loaded by the query)"),
    ("first query: requests", str(m["first_query"]["requests"]), str(p["first_query"]["requests"])),
    ("first query: bytes", kb(m["first_query"]["bytes"]), kb(p["first_query"]["bytes"])),
    ("first query incl. engine", f"{m['page_load']['requests'] + m['first_query']['requests']} req, {kb(m['page_load']['bytes'] + m['first_query']['bytes'])}", f"{p['first_query']['requests']} req, {kb(p['first_query']['bytes'])}"),
    ("6-word phrase, cold", f"{m['phrase_query']['requests']} req, {kb(m['phrase_query']['bytes'])}", "-"),
    (f"each query cold ({m['cold_summary']['queries']}): median", f"{m['cold_summary']['median_requests']:g} req, {kb(m['cold_summary']['median_bytes'])}", f"{p['cold_summary']['median_requests']:g} req, {kb(p['cold_summary']['median_bytes'])}"),
    ("each query cold: max", f"{m['cold_summary']['max_requests']} req, {kb(m['cold_summary']['max_bytes'])}", f"{p['cold_summary']['max_requests']} req, {kb(p['cold_summary']['max_bytes'])}"),
    ("queries in <= 3 requests", f"{m['cold_summary']['at_most_3_requests']}/{m['cold_summary']['queries']}", f"{p['cold_summary']['at_most_3_requests']}/{p['cold_summary']['queries']}"),
    ("keystroke to results (warm)", f"{m['keystroke_ms']:.0f} ms", "-"),
    ("recall (unaccented, top 10)", m["recall"], p["recall"]),
]
print(f"{'':30} | {'minhbach':36} | pagefind")
print("-" * 31 + "+" + "-" * 38 + "+" + "-" * 36)
for name, a, b in rows:
    print(f"{name:30} | {a:36} | {b}")
print(f"\nminhbach misses: {m['misses']}\npagefind misses: {p['misses']}")
print("\neach query cold (requests, KB): minhbach | pagefind")
for a, b in zip(m["cold"], p["cold"]):
    print(f"  {a['query'][:40]:40} {a['requests']:3} {a['bytes'] / 1024:6.0f} | {b['requests']:3} {b['bytes'] / 1024:6.0f}")
PY
