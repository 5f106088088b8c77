#!/usr/bin/env bash
# Windows, checked on every change (issue 20): cross-builds minhbach.exe, packs it as a release
# zip would be, unpacks the zip into an empty folder and, under Wine in a fresh prefix, runs:
#   - `build` of the example site, compared byte for byte with the Linux build of the same copy,
#     with `--root`/`--output` given as Windows paths (drive letter, backslashes);
#   - `check` (exit 0), and `check` of a broken copy (exit 1, the file named in the message);
#   - `new` (a Vietnamese title) and `init` (files equal to the Linux binary's);
#   - `import` of the five seed plans (the files written equal Linux's);
#   - `serve`, answering a request, and rebuilding after a save (the file watcher).
# Needs: Debian's gcc-mingw-w64-x86-64 and wine64, and the rustup target x86_64-pc-windows-gnu
# (installed when missing). The Linux binary compared with is target/debug/minhbach (built here
# when missing). Prints the time of each step.
#
# Wine 8 (Debian 12) lacks ProcessPrng, which Rust's std calls at start-up: a stub
# bcryptprimitives.dll (scripts/wine/processprng.c, built here with MinGW) is put beside the .exe
# for the tests only. It is never in a release zip.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
target=x86_64-pc-windows-gnu
# The cheapest profile that still proves the point: the dev profile's code, without debug info
# (linking a Windows .exe with full debug info is most of a debug build's time).
profile=wincheck
took() { echo "   -- $1: $((SECONDS - $2))s"; }

t=$SECONDS
if ! command -v x86_64-w64-mingw32-gcc >/dev/null || [ ! -x /usr/lib/wine/wine64 ]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    gcc-mingw-w64-x86-64 wine64
fi
rustup target list --installed | grep -qx "$target" || rustup target add "$target"
took "install" "$t"

t=$SECONDS
cargo build --quiet --target "$target" --profile "$profile"
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
exe="$target_dir/$target/$profile/minhbach.exe"
cargo build --quiet
linux="$target_dir/debug/minhbach"
took "build" "$t"

work=$(mktemp -d)
trap 'WINEPREFIX="$work/prefix" /usr/lib/wine/wineserver -k 2>/dev/null || true; rm -rf "$work"' EXIT

# The download a webmaster gets, unpacked into an empty folder.
t=$SECONDS
MINHBACH_EXE="$exe" scripts/release.sh --windows-only --out "$work/dist" >/dev/null
mkdir "$work/app"
(cd "$work/app" && unzip -q "$work/dist"/minhbach-*-windows-x86_64.zip)
app=$(echo "$work/app"/minhbach-*-windows-x86_64)
ls "$app"
x86_64-w64-mingw32-gcc -shared -O2 -o "$app/bcryptprimitives.dll" scripts/wine/processprng.c -lbcrypt
took "zip and stub" "$t"

# A fresh Wine prefix: nothing installed but Wine itself.
t=$SECONDS
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="bcryptprimitives=n,b;mscoree,mshtml=" LANG=C.UTF-8
wine=/usr/lib/wine/wine64
"$wine" wineboot --init >/dev/null 2>&1 || true
took "wine prefix" "$t"
win() { "$wine" "$app/minhbach.exe" "$@"; }
# Z: is Wine's drive for /; this is how a webmaster's path looks: Z:\tmp\...\site
winpath() { echo "Z:$1" | tr / '\\'; }
fail() { echo "windows-check: $*" >&2; exit 1; }

# 1. The example site, byte for byte.
t=$SECONDS
mkdir "$work/site"
cp -r site.yaml content "$work/site/"
[ -d static ] && cp -r static "$work/site/"
# (-q still prints the example's one warning: into a log, not on CI's screen)
"$linux" -q build --root "$work/site" --output "$work/linux-public" 2>"$work/linux.log"
win -q build --root "$(winpath "$work/site")" --output "$(winpath "$work/win-public")" 2>"$work/win.log" \
  || { cat "$work/win.log"; fail "the example did not build under Wine"; }
diff -r "$work/linux-public" "$work/win-public" >/dev/null \
  || { diff -rq "$work/linux-public" "$work/win-public" | head -20; fail "the .exe built another site"; }
echo "build: $(find "$work/win-public" -type f | wc -l) files, identical to the Linux build"
took "build under Wine" "$t"

# 2. check, on the example and on a broken copy.
t=$SECONDS
win -q check --root "$(winpath "$work/site")" 2>/dev/null || fail "check failed on the example"
cp -r "$work/site" "$work/bad"
printf -- '---\ntitle: [broken\n---\n' > "$work/bad/content/hong.md"
set +e
msg=$(win --lang en check --root "$(winpath "$work/bad")" 2>&1)
code=$?
set -e
[ "$code" = 1 ] || fail "check of a broken site exited $code, not 1"
grep -q 'content/hong.md:2' <<<"$msg" || fail "the message does not name content/hong.md:2: $msg"
echo "check: ok; broken copy: exit 1, $(grep -m1 'hong.md' <<<"$msg")"
took "check" "$t"

# 3. new and init: the same files as on Linux.
t=$SECONDS
out=$(cd "$work/site" && win new exemplar "Điểu Thị Hồng")
[ -f "$work/site/content/guong-dien-hinh/dieu-thi-hong.md" ] || fail "new wrote $out"
[ "$(tr -d '\r' <<<"$out")" = '.\content\guong-dien-hinh\dieu-thi-hong.md' ] || fail "new printed $out"
echo "new: $out"
(cd "$work" && win -q init win-init && "$linux" -q init linux-init)
diff -r "$work/linux-init" "$work/win-init" || fail "init made other files than on Linux"
win -q build --root "$(winpath "$work/win-init")" 2>/dev/null || fail "the site made by init does not build"
echo "init: identical to Linux, builds"
took "new and init" "$t"

# 4. import: the five seed plans into a copy of the import fixture site, with Windows paths; the
# files written equal those the Linux binary writes.
t=$SECONDS
cp -r tests/fixtures/import "$work/imp-linux"
cp -r tests/fixtures/import "$work/imp-win"
seeds=(tests/data/import/*.txt)
lin_rc=0; "$linux" -q import --root "$work/imp-linux" "${seeds[@]}" >"$work/imp-linux.log" 2>&1 || lin_rc=$?
win_seeds=()
for f in "${seeds[@]}"; do win_seeds+=("$(winpath "$repo/$f")"); done
win_rc=0; win -q import --root "$(winpath "$work/imp-win")" "${win_seeds[@]}" >"$work/imp-win.log" 2>&1 || win_rc=$?
[ "$lin_rc" = "$win_rc" ] || { cat "$work/imp-win.log"; fail "import exits $win_rc under Wine, $lin_rc on Linux"; }
diff -r "$work/imp-linux" "$work/imp-win" >/dev/null \
  || { diff -rq "$work/imp-linux" "$work/imp-win" | head -20; fail "import under Wine wrote other files"; }
echo "import: ${#seeds[@]} seed plans, the same files as on Linux (exit $win_rc)"
took "import" "$t"

# 5. serve answers a request.
t=$SECONDS
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
win serve --root "$(winpath "$work/site")" --port "$port" >"$work/serve.log" 2>&1 &
served=""
for _ in $(seq 1 120); do
  if served=$(curl -sf "http://127.0.0.1:$port/" 2>/dev/null); then break; fi
  sleep 0.5
done
grep -q '<html lang=vi>' <<<"$served" || { cat "$work/serve.log"; fail "serve did not answer"; }
echo "serve: answered GET / ($(wc -c <<<"$served") bytes)"
# The watcher, on a folder given as a Windows path: a saved file makes a new build.
status() { curl -sf "http://127.0.0.1:$port/__minhbach/status" || true; }
grep -q '"generation":1,' <<<"$(status)" || fail "serve's first build is not generation 1: $(status)"
sed -i 's/^title: .*/title: "Sửa trên Windows"/' "$work/site/content/_index.md"
for _ in $(seq 1 60); do
  grep -q '"generation":2,' <<<"$(status)" && break
  sleep 0.5
done
grep -q '"generation":2,' <<<"$(status)" || fail "serve did not rebuild after a save: $(status)"
curl -sf "http://127.0.0.1:$port/" | grep -q 'Sửa trên Windows' || fail "the page does not show the save"
echo "serve: rebuilt after a save (file watcher on a Windows path)"
"/usr/lib/wine/wineserver" -k 2>/dev/null || true
wait 2>/dev/null || true
took "serve" "$t"
echo "windows-check: all passed"
