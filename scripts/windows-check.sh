#!/usr/bin/env bash
# Windows, checked on every change (issue 20): cross-builds minhbach.exe, packs it as a release
# zip would be, unpacks the zip into an empty folder and, under Wine in a fresh prefix, runs:
#   - `build` of the example site, compared byte for byte with the Linux build of the same copy,
#     with `--root`/`--output` given as Windows paths (drive letter, backslashes);
#   - `check` (exit 0), and `check` of a broken copy (exit 1, the file named in the message);
#   - `new` (a Vietnamese title);
#   - README-vi.txt's quick start in the unzipped folder, with nothing but the zip's files:
#     `minhbach init trang-thi-dua` (files equal to the Linux binary's), then in it
#     `..\minhbach build` (output equal to Linux's) and `..\minhbach serve --open`: the browser
#     is started at the address served (Wine's winebrowser hands the address to `xdg-open`, here
#     a script that writes it down), a request is answered and a save rebuilds (the file watcher);
#   - the swap of `public\` while a program holds it open (exit 2, the message, the old site
#     whole), and the folders a failed swap leaves beside it removed by the next build;
#   - `import` of the five seed plans (the files written equal Linux's).
# Needs: Debian's gcc-mingw-w64-x86-64 and wine64, and the rustup target x86_64-pc-windows-gnu
# (installed when missing). The Linux binary compared with is target/debug/minhbach (built here
# when missing). Prints the time of each step.
#
# Wine 8 (Debian 12) lacks ProcessPrng, which Rust's std calls at start-up: a stub
# bcryptprimitives.dll (scripts/wine/processprng.c, built here with MinGW) is put beside the .exe
# for the tests only. It is never in a release zip. scripts/wine/holdfolder.c (also test-only,
# kept outside the unzipped folder) holds `public\` open as a command window standing in it does.
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
mkdir "$work/tools"
x86_64-w64-mingw32-gcc -O2 -o "$work/tools/holdfolder.exe" scripts/wine/holdfolder.c
# The "browser": Wine's winebrowser starts the first of its browsers found on PATH, xdg-open.
cat >"$work/tools/xdg-open" <<EOF_BROWSER
#!/bin/sh
printf '%s' "\$1" >"$work/browser.tmp" && mv "$work/browser.tmp" "$work/browser-saw"
EOF_BROWSER
chmod +x "$work/tools/xdg-open"
took "zip and test tools" "$t"

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

# 3. new, with a Vietnamese title.
t=$SECONDS
out=$(cd "$work/site" && win new exemplar "Điểu Thị Hồng")
[ -f "$work/site/content/guong-dien-hinh/dieu-thi-hong.md" ] || fail "new wrote $out"
[ "$(tr -d '\r' <<<"$out")" = '.\content\guong-dien-hinh\dieu-thi-hong.md' ] || fail "new printed $out"
echo "new: $out"
took "new" "$t"

# README-vi.txt's quick start, in the unzipped folder, with nothing but the zip's files: the
# commands typed in a command window there (cmd.exe runs them, `..\minhbach` found as on Windows).
typed() { (cd "$1" && "$wine" cmd /c "$2"); }
t=$SECONDS
typed "$app" 'minhbach -q init trang-thi-dua' || fail "init failed"
site="$app/trang-thi-dua"
(cd "$work" && "$linux" -q init linux-init)
diff -r "$work/linux-init" "$site" || fail "init made other files than on Linux"
typed "$site" '..\minhbach -q build' 2>"$work/init-build.log" \
  || { cat "$work/init-build.log"; fail "the site made by init does not build"; }
"$linux" -q build --root "$work/linux-init" 2>/dev/null
diff -r "$work/linux-init/public" "$site/public" >/dev/null \
  || { diff -rq "$work/linux-init/public" "$site/public" | head; fail "init's site built otherwise than on Linux"; }
rm -rf "$work/linux-init/public"
echo "init: in the unzipped folder, identical to Linux; ..\\minhbach build: $(find "$site/public" -type f | wc -l) files, identical to Linux"
took "init and build" "$t"

# The swap of public\ while a program holds it open (a command window or File Explorer standing
# in it): exit 2, a message saying so, the old site whole, no folder left beside it. Then the
# folders a swap leaves when it cannot remove the old output (pid 99996: no Wine process)
# removed by the next build.
t=$SECONDS
cp "$site/public/index.html" "$work/index-before.html"
sed -i 's/^title: .*/title: "Trang chủ mới"/' "$site/content/_index.md"
"$wine" "$work/tools/holdfolder.exe" "$(winpath "$site/public")" 120 >"$work/hold.log" 2>&1 &
hold=$!
for _ in $(seq 1 60); do grep -qs held "$work/hold.log" && break; sleep 0.5; done
grep -q held "$work/hold.log" || { cat "$work/hold.log"; fail "could not hold public open"; }
set +e
msg=$(win --lang en -q build --root "$(winpath "$site")" 2>&1)
code=$?
set -e
kill "$hold" 2>/dev/null || true
wait "$hold" 2>/dev/null || true
[ "$code" = 2 ] || fail "a build with public held open exited $code, not 2: $msg"
grep -q 'or the folder itself, is probably open in another program' <<<"$msg" || fail "no message about the held folder: $msg"
grep -qF "cannot replace $(winpath "$site/public") (" <<<"$msg" || fail "the message does not name public as typed on Windows: $msg"
cmp -s "$work/index-before.html" "$site/public/index.html" || fail "the old site changed while held"
left=$(cd "$site" && ls -A | grep '^\.public\.' || true)
[ -z "$left" ] || fail "the refused swap left $left"
echo "held public: exit 2, the old site whole: $(tr -d '\r' <<<"$msg" | grep -m1 'cannot replace' | cut -c1-100)..."
mkdir -p "$site/.public.old-99996-1/tin-tuc" "$site/.public.minhbach-99996-2"
echo cu >"$site/.public.old-99996-1/tin-tuc/index.html"
win -q build --root "$(winpath "$site")" 2>/dev/null || fail "the build after the hold failed"
grep -q 'Trang chủ mới' "$site/public/index.html" || fail "the build after the hold did not replace the site"
left=$(cd "$site" && ls -A | grep '^\.public\.' || true)
[ -z "$left" ] || fail "the next build left $left"
echo "next build: the site replaced, the folders left beside public removed"
took "held public" "$t"

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

# 5. `..\minhbach serve --open` in the site made by init, as README-vi.txt says: the browser is
# started at the address served, which answers; a save rebuilds (the watcher on a Windows path).
t=$SECONDS
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$site" && PATH="$work/tools:$PATH" "$wine" cmd /c "..\\minhbach serve --open --port $port") >"$work/serve.log" 2>&1 &
served=""
for _ in $(seq 1 120); do
  if served=$(curl -sf "http://127.0.0.1:$port/" 2>/dev/null); then break; fi
  sleep 0.5
done
grep -q '<html lang=vi>' <<<"$served" || { cat "$work/serve.log"; fail "serve did not answer"; }
echo "serve: answered GET / ($(wc -c <<<"$served") bytes)"
for _ in $(seq 1 60); do [ -f "$work/browser-saw" ] && break; sleep 0.5; done
[ -f "$work/browser-saw" ] || { cat "$work/serve.log"; fail "serve --open started no browser"; }
[ "$(cat "$work/browser-saw")" = "http://127.0.0.1:$port/" ] || fail "the browser was given $(cat "$work/browser-saw")"
echo "serve --open: the default browser (winebrowser) was given $(cat "$work/browser-saw")"
status() { curl -sf "http://127.0.0.1:$port/__minhbach/status" || true; }
grep -q '"generation":1,' <<<"$(status)" || fail "serve's first build is not generation 1: $(status)"
sed -i 's/^title: .*/title: "Sửa trên Windows"/' "$site/content/_index.md"
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
