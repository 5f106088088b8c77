#!/usr/bin/env bash
# Benchmark of the update history (issue 19): what reading the git history adds to a build.
#
#   benches/history_bench.sh [--exemplars N] [--commits N] [--runs R] [--no-cargo-build]
#                            [--bin PATH] [--site DIR] [--keep]
#
# Generates a site with benches/gen_site.py (N exemplars, default 10 000, plus 100 pages and
# the campaign), commits it, then makes the history longer, one commit at a time (default 500
# commits in all): each edits two exemplars (a field and a line of the story). Then builds it R
# times (median) three ways, interleaved round by round: `--no-history`; with history and no cache (the first build after
# a new commit: one whole walk); with history and the cache of this HEAD (a rebuild with no new
# commit). Prints, for each, the medians of wall time and of CPU time spent in user mode (by
# `perf stat` when it is installed, else GNU `time`), and the overheads against `--no-history`.
# User CPU is the figure to compare on a shared machine: wall time grows with others' load.
# `--site DIR` keeps the generated repository in DIR and reuses it when it is there already (to
# compare two binaries on the same history: `--bin` picks the binary, no cargo build then).
# Needs python3 and git.
set -euo pipefail

EXEMPLARS=10000
COMMITS=500
RUNS=3
CARGO_BUILD=1
KEEP=0
BIN=
SITE=
while [ $# -gt 0 ]; do
  case "$1" in
    --exemplars) EXEMPLARS="${2:?}"; shift 2 ;;
    --commits) COMMITS="${2:?}"; shift 2 ;;
    --runs) RUNS="${2:?}"; shift 2 ;;
    --no-cargo-build) CARGO_BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    --bin) BIN="${2:?}"; CARGO_BUILD=0; shift 2 ;;
    --site) SITE="${2:?}"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "history_bench.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${BIN:-${CARGO_TARGET_DIR:-$REPO/target}/release/minhbach}"
if [ "$CARGO_BUILD" = 1 ]; then
  (cd "$REPO" && cargo build --release --quiet)
fi
[ -x "$BIN" ] || { echo "history_bench.sh: no binary at $BIN" >&2; exit 1; }

TMP="$(mktemp -d)"
[ "$KEEP" = 1 ] || trap 'rm -rf "$TMP"' EXIT
if [ -z "$SITE" ]; then
  SITE="$TMP/site"
elif [ -d "$SITE/.git" ]; then
  REUSE=1
fi
g() { git -C "$SITE" -c user.name=Bench -c user.email=bench@example.org -c commit.gpgsign=false "$@"; }
if [ "${REUSE:-0}" = 1 ]; then
  echo "==> reusing $SITE ($(g rev-list --count HEAD) commits)"
else
  python3 "$REPO/benches/gen_site.py" "$SITE" --pages 100 --exemplars "$EXEMPLARS" --seed 1 >/dev/null
  rm -rf "$SITE/hugo"
  g init -q
  g add -A
  g commit -q -m "Công bố"
  echo "==> making $COMMITS commits"
  python3 - "$SITE" "$COMMITS" "$EXEMPLARS" <<'PY'
import os, subprocess, sys
site, commits, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
folder = os.path.join(site, "content", "guong-dien-hinh")
files = sorted(os.listdir(folder))
env = dict(os.environ)
for i in range(1, commits):
    for f in (files[(i * 7) % len(files)], files[(i * 13 + 1) % len(files)]):
        p = os.path.join(folder, f)
        text = open(p, encoding="utf-8").read()
        if "\nunit:" in text:
            head, rest = text.split("\nunit:", 1)
            line, tail = rest.split("\n", 1)
            text = f"{head}\nunit:{line} (cập nhật {i})\n{tail}"
        text += f"\nBổ sung thông tin lần {i}.\n"
        open(p, "w", encoding="utf-8").write(text)
    subprocess.run(["git", "-C", site, "-c", "user.name=Bench", "-c", "user.email=bench@example.org",
                    "-c", "commit.gpgsign=false", "commit", "-q", "-am", f"Cập nhật {i}"], check=True)
PY
fi

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# One build: prints "<wall ms> <user CPU ms>".
measure() {
  local s e stats
  stats="$TMP/stats"
  s=$(date +%s%N)
  if command -v perf >/dev/null 2>&1; then
    perf stat -x, -e user_time -o "$stats" "$BIN" build --root "$SITE" --output "$TMP/out" --quiet "$@" >/dev/null 2>&1
    e=$(date +%s%N)
    echo "$(( (e - s) / 1000000 )) $(awk -F, '$3 == "user_time" {printf "%d", $1 / 1000000}' "$stats")"
  else
    /usr/bin/time -f '%U' -o "$stats" "$BIN" build --root "$SITE" --output "$TMP/out" --quiet "$@" >/dev/null 2>&1
    e=$(date +%s%N)
    echo "$(( (e - s) / 1000000 )) $(awk '{printf "%d", $1 * 1000}' "$stats")"
  fi
}
# The three ways are interleaved, one round at a time (off, cold, warm, off, ...), so that a
# drift of the machine during the series (other load, the page cache, memory) falls on all three
# alike; a cold build removes the cache first, the warm build after it finds the cache it left.
rounds() { # -> "<off wall> <off user> <cold wall> <cold user> <warm wall> <warm user>" (medians)
  local ow=() ou=() cw=() cu=() ww=() wu=() m
  for _ in $(seq "$RUNS"); do
    sync; m=$(measure --no-history); ow+=("${m% *}"); ou+=("${m#* }")
    rm -rf "$SITE/.minhbach-cache"
    sync; m=$(measure); cw+=("${m% *}"); cu+=("${m#* }")
    sync; m=$(measure); ww+=("${m% *}"); wu+=("${m#* }")
  done
  local out=() a
  for a in ow ou cw cu ww wu; do
    local -n arr="$a"
    out+=("$(printf '%s\n' "${arr[@]}" | median)")
  done
  echo "${out[*]}"
}
pct() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%+.1f%%", (a - b) * 100 / b}'; }
echo "==> building $RUNS times each with $BIN"
"$BIN" build --root "$SITE" --output "$TMP/out" --quiet >/dev/null 2>&1 # fills the cache
read -r off_w off_u cold_w cold_u warm_w warm_u < <(rounds)
echo "exemplars: $EXEMPLARS, commits: $COMMITS, runs: $RUNS (medians; wall ms / user CPU ms)"
printf '  %-31s %7s ms / %7s ms\n' "--no-history:" "$off_w" "$off_u"
printf '  %-31s %7s ms / %7s ms  (wall %s, user CPU %s)\n' "history, first build (walk):" \
  "$cold_w" "$cold_u" "$(pct "$cold_w" "$off_w")" "$(pct "$cold_u" "$off_u")"
printf '  %-31s %7s ms / %7s ms  (wall %s, user CPU %s)\n' "history, rebuild (cache):" \
  "$warm_w" "$warm_u" "$(pct "$warm_w" "$off_w")" "$(pct "$warm_u" "$off_u")"
