#!/usr/bin/env bash
# Builds the downloads of a release into dist/ (or --out DIR):
#   minhbach-<version>-windows-x86_64.zip   minhbach.exe + README-vi.txt (a Vietnamese quick start)
#   minhbach-<version>-linux-x86_64.tar.gz  a static Linux binary (musl) + README-vi.txt
#   SHA256SUMS                              the SHA-256 of both, for `sha256sum -c`
# Options: --windows-only (no Linux binary), --out DIR. MINHBACH_EXE=path packs that .exe instead
# of building one (scripts/windows-check.sh packs its quicker test build that way).
# Needs Debian's gcc-mingw-w64-x86-64, musl-tools and zip, and the rustup targets
# x86_64-pc-windows-gnu and x86_64-unknown-linux-musl: installed when missing.
# The archives are reproducible: fixed file times (the last commit's) and order. The Linux binary
# is checked before it is packed: static (`file`, `ldd`), and the example site it builds equal,
# byte for byte, to the one the glibc debug build makes.
set -euo pipefail
cd "$(dirname "$0")/.."
out=dist
windows_only=false
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --windows-only) windows_only=true; shift ;;
    *) echo "usage: scripts/release.sh [--windows-only] [--out DIR]" >&2; exit 2 ;;
  esac
done
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
win_target=x86_64-pc-windows-gnu
linux_target=x86_64-unknown-linux-musl
epoch=$(git log -1 --format=%ct 2>/dev/null || echo 1700000000)

need=()
command -v zip >/dev/null || need+=(zip)
$windows_only || command -v file >/dev/null || need+=(file)
if [ -z "${MINHBACH_EXE:-}" ]; then
  command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
fi
$windows_only || command -v musl-gcc >/dev/null || need+=(musl-tools)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')

mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# README-vi.txt with Windows line ends and a BOM, so that every Notepad shows it right.
readme() {
  printf '\xef\xbb\xbf' >"$1/README-vi.txt"
  sed 's/$/\r/' scripts/release/README-vi.txt >>"$1/README-vi.txt"
}

# Windows: the .exe and the quick start, in a folder named like the zip.
exe=${MINHBACH_EXE:-}
if [ -z "$exe" ]; then
  rustup target list --installed | grep -qx "$win_target" || rustup target add "$win_target"
  cargo build --quiet --release --target "$win_target"
  exe="$target_dir/$win_target/release/minhbach.exe"
fi
name="minhbach-$version-windows-x86_64"
mkdir "$stage/$name"
cp "$exe" "$stage/$name/minhbach.exe"
readme "$stage/$name"
touch -d "@$epoch" "$stage/$name" "$stage/$name"/*
rm -f "$out/$name.zip"
(cd "$stage" && TZ=UTC zip -q -X -r "$out/$name.zip" "$name/minhbach.exe" "$name/README-vi.txt")
files=("$name.zip")

# Linux: one static binary (musl), runs on any x86_64 Linux.
if ! $windows_only; then
  rustup target list --installed | grep -qx "$linux_target" || rustup target add "$linux_target"
  cargo build --quiet --release --target "$linux_target"
  lname="minhbach-$version-linux-x86_64"
  static="$target_dir/$linux_target/release/minhbach"
  # Static, or it is not the download promised: `file` says so, and `ldd` finds nothing to load.
  file "$static" | grep -Eq 'static(-pie)? linked|statically linked' \
    || { file "$static"; echo "release: the Linux binary is not static" >&2; exit 1; }
  if ldd "$static" 2>&1 | grep -q '=>'; then
    ldd "$static"; echo "release: the Linux binary loads libraries" >&2; exit 1
  fi
  # And it builds the example as the usual (glibc) build does, byte for byte.
  cargo build --quiet
  site=$stage/example
  mkdir "$site"
  cp -r site.yaml content static "$site/"
  "$target_dir/debug/minhbach" -q build --root "$site" --output "$stage/glibc-public" 2>/dev/null
  "$static" -q build --root "$site" --output "$stage/musl-public" 2>/dev/null
  diff -r "$stage/glibc-public" "$stage/musl-public" >/dev/null \
    || { diff -rq "$stage/glibc-public" "$stage/musl-public" | head; echo "release: the static binary builds another site" >&2; exit 1; }
  echo "static Linux binary: $(file -b "$static" | grep -Eo 'static(-pie)? linked|statically linked' | head -1); the example: $(find "$stage/musl-public" -type f | wc -l) files, identical to the glibc build" >&2
  mkdir "$stage/$lname"
  cp "$static" "$stage/$lname/minhbach"
  readme "$stage/$lname"
  touch -d "@$epoch" "$stage/$lname" "$stage/$lname"/*
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$stage" -czf "$out/$lname.tar.gz" "$lname"
  files+=("$lname.tar.gz")
fi

(cd "$out" && sha256sum "${files[@]}" >SHA256SUMS && cat SHA256SUMS)
