//! Search index: built from the model with the site, deterministic, split into shards and
//! record chunks, every kind searchable (pages, documents, exemplars, recipients, donors).

use crate::util::Site;

fn built() -> Site {
    let s = Site::fixture("search");
    let r = s.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    s
}

/// The index files under `search/<part>` (`s`: shards, `r`: record files), concatenated.
fn index_part(s: &Site, part: &str) -> String {
    let prefix = format!("search/{part}");
    s.files("public")
        .iter()
        .filter(|p| p.starts_with(&prefix))
        .map(|p| s.read(p.to_str().unwrap()))
        .collect()
}

/// The text of every shard, joined.
fn shards(s: &Site) -> String {
    index_part(s, "s")
}

#[test]
fn index_files_and_search_page_are_written() {
    let s = built();
    assert!(s.exists("search/meta.js"));
    assert!(s.exists("search/s/0.js"));
    assert!(s.exists("search/r/0.js"));
    assert!(s.exists("search.js"));
    let page = s.read("tim-kiem/index.html");
    assert!(page.contains("search/meta.js") && page.contains("/search.js"), "{page}");
    // Without JavaScript: links to the listings.
    assert!(page.contains("/van-ban/"), "{page}");
    // The header box on other pages: a GET form to the search page.
    let home = s.read("index.html");
    assert!(home.contains("/tim-kiem/") && home.contains("name=q"), "{home}");
    let meta = s.read("search/meta.js");
    assert!(meta.starts_with("(window.__mbSearch=window.__mbSearch||[]).push([\"m\""), "{meta}");
}

#[test]
fn keys_are_folded_with_d_and_keep_surface_forms() {
    let s = built();
    let idx = shards(&s);
    // "điển hình" folds to dien / hinh; the pair for adjacency; the surface with the tone.
    assert!(idx.contains("~dien:") || idx.contains("\"dien:"), "no key dien");
    assert!(idx.contains("dien hinh:"), "no pair");
    assert!(idx.contains(";điên2="), "no surface of điển");
    assert!(idx.contains("nguoi ngheo:"));
    // Symbols, folded.
    assert!(idx.contains("666/qd-ttg:"));
    assert!(idx.contains("263/kh-ubnd:"));
    // tỷ and tỉ share a key and a surface.
    assert!(idx.contains(";ti2="));
    assert!(!idx.contains(";ty2="));
}

/// Issue 16, class 8: numbers are keyed ungrouped (`1.000` is the key `1000`, as `search.js`
/// reads a query `1000` or `1.000`), decimals as their two joined parts.
#[test]
fn grouped_numbers_are_keyed_ungrouped() {
    let s = built();
    let idx = shards(&s);
    assert!(idx.contains("~1000:") || idx.contains("\"1000:"), "no key 1000");
    assert!(idx.contains("1000 ho:"), "no pair 1000 ho");
    assert!(idx.contains("2 5:"), "no pair of 2,5");
    assert!(!idx.contains("1 000:"), "1.000 still cut in two");
}

#[test]
fn every_kind_is_searchable_with_its_link() {
    let s = built();
    let records = index_part(&s, "r");
    for needle in [
        "\"/khen-thuong/2105-qd-ubnd-2023/#pham-thi-nguyet-anh\"", // recipient row
        "\"/guong-dien-hinh/dieu-khanh/\"",                        // exemplar
        "\"/van-ban/263-kh-ubnd-2022/\"",                          // document
        "\"Công ty Cổ phần Cao su Sông Bé Xanh\",\"/quy-vi-nguoi-ngheo/nha-hao-tam/#nht-cong-ty-co-phan-cao-su-song-be-xanh\"", // donor
        "\"/tin-tuc/a/\"", // page
    ] {
        assert!(records.contains(needle), "missing {needle} in {records}");
    }
    // Anonymous donors are never named.
    assert!(!records.contains("giấu tên"));
    let meta = s.read("search/meta.js");
    for facet in [
        "\"Ninh Thuận\"",
        "\"Bình Phước\"",
        "\"Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh\"",
        "2025",
    ] {
        assert!(meta.contains(facet), "{facet} in {meta}");
    }
}

#[test]
fn rebuilds_are_byte_identical() {
    let s = built();
    let a: Vec<String> = s
        .files("public")
        .iter()
        .filter(|p| p.starts_with("search"))
        .map(|p| s.read(p.to_str().unwrap()))
        .collect();
    let r = s.build(&[]);
    assert_eq!(r.code, 0);
    let b: Vec<String> = s
        .files("public")
        .iter()
        .filter(|p| p.starts_with("search"))
        .map(|p| s.read(p.to_str().unwrap()))
        .collect();
    assert_eq!(a, b);
}

#[test]
fn offline_search_page_loads_the_index_relatively() {
    let s = Site::fixture("search");
    let r = s.build(&["--offline"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = s.read("tim-kiem/index.html");
    assert!(page.contains("src=../search/meta.js") && page.contains("src=../search.js"), "{page}");
    assert!(page.contains("data-offline=1"), "{page}");
}

/// Budget of the shipped search engine (`search.js` as written to the output, minified), in
/// bytes: issue 5 asks for "about 15 KB minified". A change that pushes the engine over it must
/// make room elsewhere first.
const SEARCH_JS_BUDGET: usize = 15 * 1024;

#[test]
fn shipped_search_js_is_minified_and_under_budget() {
    let s = built();
    let shipped = s.read("search.js");
    let source = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search.js"),
    )
    .unwrap();
    assert!(
        shipped.len() <= SEARCH_JS_BUDGET,
        "search.js is {} bytes, budget {SEARCH_JS_BUDGET}",
        shipped.len()
    );
    assert!(shipped.len() < source.len() * 3 / 4, "{} of {}", shipped.len(), source.len());
    // Minified: no comment left, a few long lines; the name the engine finds its root by stays.
    assert!(!shipped.contains("/* minhbach search") && !shipped.contains("// ---"), "{shipped}");
    assert!(shipped.lines().count() <= 3, "{} lines", shipped.lines().count());
    assert!(shipped.contains("search\\.js"), "the root regex is gone");
    assert!(shipped.contains("window.__mbSearch"));
}

#[test]
fn static_js_is_shipped_as_is_without_minify_or_when_broken() {
    let s = Site::fixture("search");
    let yaml = std::fs::read_to_string(s.root().join("site.yaml")).unwrap();
    s.write("site.yaml", format!("{yaml}minify: false\n"));
    // A site script the minifier cannot parse is copied unchanged, and the build goes on.
    let broken = "function ( { // not JavaScript\n";
    s.write("static/js/broken.js", broken);
    // An already minified file is not touched.
    let min = "var  a = 1 ;\n";
    s.write("static/js/lib.min.js", min);
    s.build(&[]).ok();
    let source = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search.js"),
    )
    .unwrap();
    assert_eq!(s.read("search.js"), source);
    assert_eq!(s.read("js/broken.js"), broken);
    // With minify on (the default), the broken file still ships unchanged, a good one shrinks.
    s.write("site.yaml", yaml);
    s.write(
        "static/js/ok.js",
        "(function () {\n  var answer = 40 + 2;\n  window.x = answer;\n})();\n",
    );
    s.build(&[]).ok();
    assert_eq!(s.read("js/broken.js"), broken);
    assert_eq!(s.read("js/lib.min.js"), min);
    assert_eq!(s.read("js/ok.js"), "(function(){var e=42;window.x=e})();\n");
    assert!(s.read("search.js").len() < source.len());
}

#[test]
fn shards_carry_the_records_of_their_rarest_title_words() {
    let s = built();
    let idx = shards(&s);
    // The exemplar "Điểu Khanh": its record rides with the shard of its rarest title word, and
    // stays in its record file (the fallback for results whose shard is not loaded).
    assert!(idx.contains("\"/guong-dien-hinh/dieu-khanh/\""), "{idx}");
    let records = index_part(&s, "r");
    assert!(records.contains("\"/guong-dien-hinh/dieu-khanh/\""));
    // A pair never opens a shard: every shard's first key (in meta.js) is a word or a symbol.
    let meta = s.read("search/meta.js");
    let shards_at = meta.find("\"shards\":[").unwrap();
    let table = &meta[shards_at..meta[shards_at..].find(']').unwrap() + shards_at];
    assert!(!table.contains(' '), "{table}");
}

#[test]
fn tag_and_category_pages_are_searchable() {
    let s = Site::fixture("search");
    s.write(
        "content/tin-tuc/so-hoa.md",
        "---\ntitle: Xã điểm về số hóa\ndate: 2024-05-02\ntags: [Chuyển đổi số]\ncategories: [Tin địa phương]\n---\nBài viết.\n",
    );
    let r = s.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let records = index_part(&s, "r");
    assert!(records.contains("\"Chuyển đổi số\",\"/the/chuyen-doi-so/\""), "{records}");
    assert!(records.contains("\"Tin địa phương\",\"/chuyen-muc/tin-dia-phuong/\""), "{records}");
    // The kind has its label in the facets.
    assert!(s.read("search/meta.js").contains("Chủ đề (thẻ, chuyên mục)"));
    // The folded words lead to it: the shard of `chuyen` holds the pair `chuyen doi`.
    assert!(shards(&s).contains("chuyen doi:"));
}

/// The JSON array a search file pushes (`(window.__mbSearch=…).push([…]);`).
fn pushed(js: &str) -> serde_json::Value {
    let inner = js
        .trim_end()
        .strip_prefix("(window.__mbSearch=window.__mbSearch||[]).push(")
        .and_then(|x| x.strip_suffix(");"))
        .unwrap_or_else(|| panic!("not a search file: {js}"));
    serde_json::from_str(inner).unwrap()
}

/// Entry numbers of one posting set, read as `search.js` reads them: delta varints in base 64
/// (`0`–`31` end a number) or `!` and a bitmap.
fn decode_set(set: &str) -> Vec<u32> {
    const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let digit = |c: char| u32::try_from(B64.find(c).unwrap()).unwrap();
    if let Some(bits) = set.strip_prefix('!') {
        let mut out = Vec::new();
        for (i, c) in (0u32..).zip(bits.chars()) {
            out.extend((0..6).filter(|b| digit(c) >> b & 1 == 1).map(|b| i * 6 + b));
        }
        return out;
    }
    let (mut out, mut v, mut next) = (Vec::new(), 0, 0);
    for d in set.chars().map(digit) {
        v = v * 32 + (d & 31);
        if d < 32 {
            out.push(next + v);
            next += v + 1;
            v = 0;
        }
    }
    out
}

/// Titles of the entries whose postings hold `key` (any class), from the shards and the record
/// files.
fn titles_with(s: &Site, key: &str) -> Vec<String> {
    let mut ids: Vec<u32> = Vec::new();
    for p in s.files("public").iter().filter(|p| p.starts_with("search/s")) {
        let shard = pushed(&s.read(p.to_str().unwrap()));
        for line in shard[2].as_str().unwrap().split('~') {
            let (k, rest) = line.split_once(':').unwrap();
            if k == key {
                let all = rest.split(';').next().unwrap();
                ids.extend(all.split('|').flat_map(decode_set));
            }
        }
    }
    ids.sort_unstable();
    let mut titles: Vec<String> = ids
        .iter()
        .map(|id| {
            let chunk = pushed(&s.read(&format!("search/r/{}.js", id / 32)));
            chunk[2][(id % 32) as usize][0].as_str().unwrap().to_string()
        })
        .collect();
    titles.sort();
    titles
}

/// Issue 15: the key table is filled in parts, in parallel, a block of 256 entries at a time. A
/// word's postings still list exactly the entries that hold it, across blocks.
#[test]
fn postings_list_exactly_the_entries_of_a_word_across_blocks() {
    let s = Site::fixture("search");
    let words = [("zaphira", "zaphira"), ("quoxen", "quoxen"), ("Đulvàm", "dulvam")];
    let pages = 700;
    for i in 0..pages {
        let body: Vec<&str> =
            (0..words.len()).filter(|j| i % (j + 2) == 0).map(|j| words[j].0).collect();
        s.write(
            &format!("content/tin-tuc/thu-{i:03}.md"),
            format!(
                "---\ntitle: Trang thử {i:03}\ndate: 2024-01-01\n---\nMở đầu {}.\n",
                body.join(" ")
            ),
        );
    }
    let r = s.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (j, (_, key)) in words.iter().enumerate() {
        let want: Vec<String> =
            (0..pages).filter(|i| i % (j + 2) == 0).map(|i| format!("Trang thử {i:03}")).collect();
        assert_eq!(titles_with(&s, key), want, "{key}");
    }
}
