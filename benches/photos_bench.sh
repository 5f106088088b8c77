#!/usr/bin/env bash
# Photo benchmark: a site of N exemplars, each with its own photo of 4 000 x 3 000 pixels
# (12 megapixels, drawn by examples/draw_photos.rs), built twice: the first build makes every
# photo's files, the second finds them all in the cache. Prints wall time and peak memory of
# each build. Not a test: nothing here runs under cargo test or CI.
#
#   benches/photos_bench.sh            # 200 photos
#   benches/photos_bench.sh 20         # a quick check of the harness
set -euo pipefail
n="${1:-200}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
work="$(mktemp -d "${TMPDIR:-/tmp}/minhbach-photos.XXXXXX")"
trap 'rm -rf "$work"' EXIT
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install -y time" >&2; exit 2; }
(cd "$repo" && cargo build --release --quiet && cargo build --release --quiet --example draw_photos)
bin="$target/release/minhbach"
site="$work/site"
mkdir -p "$site/content/guong-dien-hinh"
printf 'title: Ảnh\nbase_url: https://example.gov.vn/\n' > "$site/site.yaml"
echo "drawing $n photos of 4000x3000…"
(cd "$site" && "$target/release/examples/draw_photos" bench static/anh "$n" > /dev/null)
du -sh "$site/static/anh" | sed 's/^/originals: /'
for i in $(seq 0 $((n - 1))); do
  f=$(printf 'anh-%03d' "$i")
  printf -- '---\nid: htx-%s\nname: Hợp tác xã %s\nkind: cooperative\nphoto: { src: /anh/%s.jpg, alt: Cánh đồng của hợp tác xã, consent: true }\n---\nCâu chuyện.\n' \
    "$f" "$i" "$f" > "$site/content/guong-dien-hinh/$f.md"
done
for run in "first build (empty cache)" "rebuild (every photo cached)"; do
  /usr/bin/time -f "$run: %e s wall, %U s user, %M KB peak" "$bin" -q build --root "$site" 2>&1 | tail -1
done
du -sh "$site/public" | sed 's/^/output: /'
du -sh "$site/.minhbach-cache" | sed 's/^/cache: /'
