#!/usr/bin/env bash
# Benchmark of the update history (issue 19): what reading the git history adds to a build.
#
#   benches/history_bench.sh [--exemplars N] [--commits N] [--runs R] [--no-cargo-build] [--keep]
#
# Generates a site with benches/gen_site.py (N exemplars, default 10 000, plus 100 pages and
# the campaign), commits it, then makes the history longer, one commit at a time (default 500
# commits in all): each edits two exemplars (a field and a line of the story). Then builds it R
# times (median) three ways: `--no-history`; with history and no cache (the first build after
# a new commit: one whole walk); with history and the cache of this HEAD (a rebuild with no new
# commit). Prints the three medians and the two overheads. Needs python3 and git.
set -euo pipefail

EXEMPLARS=10000
COMMITS=500
RUNS=3
CARGO_BUILD=1
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --exemplars) EXEMPLARS="${2:?}"; shift 2 ;;
    --commits) COMMITS="${2:?}"; shift 2 ;;
    --runs) RUNS="${2:?}"; shift 2 ;;
    --no-cargo-build) CARGO_BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "history_bench.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/minhbach"
if [ "$CARGO_BUILD" = 1 ]; then
  (cd "$REPO" && cargo build --release --quiet)
fi
[ -x "$BIN" ] || { echo "history_bench.sh: no binary at $BIN" >&2; exit 1; }

TMP="$(mktemp -d)"
[ "$KEEP" = 1 ] || trap 'rm -rf "$TMP"' EXIT
SITE="$TMP/site"
python3 "$REPO/benches/gen_site.py" "$SITE" --pages 100 --exemplars "$EXEMPLARS" --seed 1 >/dev/null
rm -rf "$SITE/hugo"
g() { git -C "$SITE" -c user.name=Bench -c user.email=bench@example.org -c commit.gpgsign=false "$@"; }
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

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() { # label, args...
  local label="$1"; shift
  local times=()
  for _ in $(seq "$RUNS"); do
    [ "$label" = cold ] && rm -rf "$SITE/.minhbach-cache"
    sync
    local s e
    s=$(date +%s%N)
    "$BIN" build --root "$SITE" --output "$TMP/out" --quiet "$@" >/dev/null 2>&1
    e=$(date +%s%N)
    times+=("$(( (e - s) / 1000000 ))")
  done
  printf '%s\n' "${times[@]}" | median
}
echo "==> building $RUNS times each"
"$BIN" build --root "$SITE" --output "$TMP/out" --quiet >/dev/null 2>&1 # fills the cache
off=$(run off --no-history)
cold=$(run cold)
warm=$(run warm)
echo "exemplars: $EXEMPLARS, commits: $COMMITS, runs: $RUNS (median ms)"
echo "  --no-history:                  $off ms"
echo "  history, first build (walk):   $cold ms  (+$(( (cold - off) * 100 / off ))%)"
echo "  history, rebuild (cache):      $warm ms  (+$(( (warm - off) * 100 / off ))%)"
