//! What a successful build writes: every kind's pages, links, Vietnamese formatting, base paths.

use crate::util::{Site, has_href, links, run, script_tags};

#[test]
fn every_kind_gets_its_pages() {
    let s = Site::fixture("mini");
    let r = s.build(&[]).ok();
    assert!(r.stdout.contains("minhbach: đã dựng"), "{}", r.stdout);
    for f in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "van-ban/index.html",
        "van-ban/263-kh-ubnd-2022/index.html",
        "van-ban/666-qd-ttg-2022/index.html",
        "guong-dien-hinh/index.html",
        "guong-dien-hinh/tran-van-binh/index.html",
        "khen-thuong/2105-qd-ubnd-2023/index.html",
        "phong-trao/vnn-2021-2025/index.html",
        "quy-vi-nguoi-ngheo/index.html",
        "quy-vi-nguoi-ngheo/2024/index.html",
        "tin-tuc/index.html",
        "tin-tuc/trang/2/index.html",
        "tin-tuc/tin-1/index.html",
        "gioi-thieu/index.html",
        "the/giam-ngheo/index.html",
        "chuyen-muc/tin-hoat-dong/index.html",
        "van-ban/atom.xml",
        "khen-thuong/atom.xml",
        "tin-tuc/atom.xml",
    ] {
        assert!(s.exists(f), "missing {f}; have {:?}", s.files("public"));
    }
    // Drafts are left out unless asked for.
    assert!(!s.exists("guong-dien-hinh/dang-van-yen/index.html"));
    s.build(&["--drafts"]).ok();
    assert!(s.exists("guong-dien-hinh/dang-van-yen/index.html"));
}

#[test]
fn pages_are_vietnamese_and_accessible_basics() {
    let s = Site::fixture("mini");
    s.build(&[]).ok();
    let plan = s.read("van-ban/263-kh-ubnd-2022/index.html");
    assert!(
        plan.contains("<html lang=vi>") || plan.contains("<html lang=\"vi\">"),
        "lang attribute"
    );
    assert!(plan.contains("Bình Phước, ngày 16 tháng 9 năm 2022"), "official date line");
    assert!(plan.contains("16/9/2022"), "short date");
    assert!(plan.contains("2.000–2.500 hộ/năm"), "range target with thousands dots");
    assert!(plan.contains("1,5–2%/năm"), "decimal comma target");
    assert!(plan.contains("Mục đích</h2>"), "body heading demoted to h2");
    assert!(plan.contains("property=og:title"));
    assert!(plan.contains("application/ld+json"));
    let fund = s.read("quy-vi-nguoi-ngheo/2024/thu/index.html");
    assert!(fund.contains("1.234.567 đồng"), "amount format");
    assert!(fund.contains("Nhà hảo tâm ẩn danh"), "anonymous donor not named");
    assert!(fund.contains("Trường Tiểu học A"), "CSV row with BOM and ; separator is read");
    let fund = s.read("quy-vi-nguoi-ngheo/2024/index.html");
    assert!(fund.contains("1.034.567 đồng"), "closing balance");
    let home = s.read("index.html");
    assert!(home.contains("1,34%"), "percent key figure: {home}");
    assert!(home.contains("14.627 hộ"));
    assert!(home.contains("Dữ liệu minh họa"), "illustrative notice");
}

#[test]
fn references_resolve_both_ways() {
    let s = Site::fixture("mini");
    s.build(&[]).ok();
    let plan = s.read("van-ban/263-kh-ubnd-2022/index.html");
    // basis -> page, implementing plan listed, decisions under the plan listed
    assert!(has_href(&plan, "/van-ban/666-qd-ttg-2022/"), "basis link");
    assert!(
        plan.contains(
            "/van-ban/kh-ban-dan-toc-tinh-binh-phuoc-2022-trien-khai-thuc-hien-phong-trao-thi-dua/"
        ),
        "implemented by"
    );
    assert!(has_href(&plan, "/khen-thuong/2105-qd-ubnd-2023/"), "decision under plan");
    let qd = s.read("van-ban/666-qd-ttg-2022/index.html");
    assert!(qd.contains("Được căn cứ bởi"), "cited-by list");
    let dec = s.read("khen-thuong/2105-qd-ubnd-2023/index.html");
    assert!(
        dec.contains("id=tran-van-binh>") || dec.contains("id=\"tran-van-binh\""),
        "stable row anchor"
    );
    assert!(has_href(&dec, "/guong-dien-hinh/tran-van-binh/"), "row links to exemplar");
    assert!(dec.contains("01 tập thể, 02 cá nhân"), "counts padded as in official prose");
    let ex = s.read("guong-dien-hinh/tran-van-binh/index.html");
    assert!(
        has_href(&ex, "/khen-thuong/2105-qd-ubnd-2023/#tran-van-binh"),
        "award history links the row"
    );
    let camp = s.read("phong-trao/vnn-2021-2025/index.html");
    assert!(has_href(&camp, "/van-ban/666-qd-ttg-2022/"), "launched_by resolved");
}

#[test]
fn exemplars_are_listed_by_given_name_the_vietnamese_way() {
    let s = Site::fixture("mini");
    s.build(&[]).ok();
    // paginate: 2 -> page 1 holds An, Bình (Lê Bình: no middle name first), page 2 Trần Văn Bình
    let p1 = s.read("guong-dien-hinh/index.html");
    let p2 = s.read("guong-dien-hinh/trang/2/index.html");
    let an = p1.find("Nguyễn Thị An").expect("An on page 1");
    let le = p1.find("Lê Bình").expect("Lê Bình on page 1");
    assert!(an < le);
    assert!(p2.contains("Trần Văn Bình"));
}

#[test]
fn old_urls_redirect() {
    let s = Site::fixture("mini");
    s.build(&[]).ok();
    let r = s.read("ke-hoach-263/index.html");
    assert!(r.contains("http-equiv=\"refresh\""));
    assert!(r.contains("url=/van-ban/263-kh-ubnd-2022/"), "{r}");
}

#[test]
fn sub_path_base_url_prefixes_every_link() {
    let s = Site::fixture("mini");
    s.build(&["--base-url", "https://example.gov.vn/thi-dua/"]).ok();
    for page in [
        "index.html",
        "van-ban/263-kh-ubnd-2022/index.html",
        "khen-thuong/2105-qd-ubnd-2023/index.html",
        "tin-tuc/trang/2/index.html",
    ] {
        let html = s.read(page);
        for l in links(&html) {
            if l.starts_with('/') {
                assert!(l.starts_with("/thi-dua/"), "{page}: link {l} lacks the sub-path");
            }
        }
    }
    // Markdown links in bodies are rebased too.
    assert!(has_href(
        &s.read("van-ban/263-kh-ubnd-2022/index.html"),
        "/thi-dua/van-ban/666-qd-ttg-2022/"
    ));
    let feed = s.read("van-ban/atom.xml");
    assert!(feed.contains("https://example.gov.vn/thi-dua/van-ban/263-kh-ubnd-2022/"));
    assert!(s.read("sitemap.xml").contains("<loc>https://example.gov.vn/thi-dua/</loc>"));
}

#[test]
fn offline_copy_uses_relative_links_to_index_html() {
    let s = Site::fixture("mini");
    s.build(&["--offline"]).ok();
    let html = s.read("van-ban/263-kh-ubnd-2022/index.html");
    let ls = links(&html);
    assert!(ls.iter().any(|l| l == "../../style.css"), "{ls:?}");
    assert!(ls.iter().any(|l| l == "../../van-ban/666-qd-ttg-2022/index.html"), "{ls:?}");
    for l in &ls {
        assert!(!l.starts_with('/'), "absolute link {l} breaks when opened from disk");
    }
}

#[test]
fn rebuilds_are_byte_identical() {
    let s = Site::fixture("mini");
    let (o1, o2) = (s.root().join("out1"), s.root().join("out2"));
    s.build(&["--output", o1.to_str().unwrap()]).ok();
    s.build(&["--output", o2.to_str().unwrap()]).ok();
    let (a, b) = (s.files("out1"), s.files("out2"));
    assert_eq!(a, b);
    for f in &a {
        let x = std::fs::read(s.root().join("out1").join(f)).unwrap();
        let y = std::fs::read(s.root().join("out2").join(f)).unwrap();
        assert!(x == y, "{} differs between builds", f.display());
    }
}

#[test]
fn raw_html_is_escaped_unless_the_site_opts_in() {
    let s = Site::fixture("mini");
    s.write("content/gioi-thieu.md", "---\ntitle: \"<script>alert(1)</script>\"\n---\n<script>window.__xss=1</script>\n\n[x](javascript:alert(1))\n");
    s.build(&[]).ok();
    let html = s.read("gioi-thieu/index.html");
    assert_eq!(script_tags(&html), 0, "no executable script tag: {html}");
    assert!(!html.contains("javascript:"), "javascript: link neutralised");
    assert!(html.contains("&lt;script"), "escaped text shown");
}

#[test]
fn theme_templates_are_overridden_file_by_file() {
    let s = Site::fixture("mini");
    s.write("templates/404.html", "{% extends \"base.html\" %}{% block content %}<h1>Trang riêng 404</h1>{% endblock content %}");
    s.build(&[]).ok();
    assert!(s.read("404.html").contains("Trang riêng 404"));
    assert!(
        s.read("index.html").contains("Trang chủ thử nghiệm"),
        "other templates still from the theme"
    );
}

#[test]
fn check_writes_nothing() {
    let s = Site::fixture("mini");
    let r = run(&["check", "--root", s.root().to_str().unwrap()], &[]).ok();
    assert!(r.stdout.contains("không có lỗi"), "{}", r.stdout);
    assert!(!s.root().join("public").exists());
}

/// The diagnostic lines of a run's stderr (`file:line:col: lỗi[...]`), without the summary line
/// that names the command.
fn problems(stderr: &str) -> Vec<String> {
    let mut v: Vec<String> = stderr
        .lines()
        .filter(|l| !l.starts_with("minhbach") && !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

/// `check` skips what cannot hold a problem (minifying pages, the search index, the open data
/// files' bytes) yet reports exactly what a build reports, render-time problems and output
/// paths taken twice included; and a static file where the search index writes is refused by
/// both, whatever the index holds.
#[test]
fn check_reports_exactly_what_a_build_reports() {
    // A template missing only for one page (found while rendering pages, which stops the run).
    let missing_template = |s: &Site| {
        let p = s.root().join("content/guong-dien-hinh/a.md");
        let a = std::fs::read_to_string(p).unwrap();
        s.write(
            "content/guong-dien-hinh/a.md",
            a.replacen("kind: individual", "kind: individual\ntemplate: khong-co.html", 1),
        );
        vec!["khong-co.html"]
    };
    // A static file taking an open data file's path (found among the site-wide files), and
    // static files where the search index writes: the mini site's index has one shard, so
    // only the rule, not a collision, can find `search/s/7.js`.
    let taken_paths = |s: &Site| {
        s.write("static/du-lieu/documents.csv", "x");
        s.write("static/search/s/7.js", "x");
        s.write("static/Search/meta.js", "x");
        vec!["du-lieu/documents.csv", "search/s/7.js", "Search/meta.js"]
    };
    type Case<'a> = &'a dyn Fn(&Site) -> Vec<&'static str>;
    let cases: [Case<'_>; 2] = [&missing_template, &taken_paths];
    for case in cases {
        let s = Site::fixture("mini");
        let needles = case(&s);
        let built = s.build(&[]).content_error();
        let root = s.root().to_str().unwrap();
        let checked = run(&["check", "--root", root], &[]).content_error();
        let (b, c) = (problems(&built.stderr), problems(&checked.stderr));
        assert_eq!(b, c, "build:\n{}\ncheck:\n{}", built.stderr, checked.stderr);
        for needle in needles {
            assert!(c.iter().any(|l| l.contains(needle)), "{needle}:\n{}", checked.stderr);
        }
        assert!(!s.root().join("public").exists(), "nothing written");
    }
}

/// Issue 16, class 5: a long body is minified in pieces cut between its top-level blocks (one
/// tree of a 6 MB body was most of a build's memory). The page has the same elements,
/// attributes and text as without minifying (both parsed by Python's `html.parser`), online and
/// offline; a `<pre>` longer than a piece and inline code with runs of spaces keep every
/// character wherever the cuts fall. Runs when `python3` is present (it is on CI).
#[test]
fn long_bodies_minified_in_pieces_keep_their_structure() {
    if std::process::Command::new("python3").arg("--version").output().is_err() {
        eprintln!("python3 not found: skipped");
        return;
    }
    let s = Site::fixture("mini");
    let mut md = String::from("---\ntitle: Trang rất dài\n---\n\n");
    let code: String = (0..3_000).map(|i| format!("  dòng {i}\t<b>  &amp;\n\n")).collect();
    for i in 0..1_500 {
        md.push_str(&format!(
            "## Mục\n\nĐoạn {i} có `mã   {i}  x` và [trang chủ](/), **đậm** *nghiêng*.\n\n```\n  khối {i}\n\n\tthụt  lề <i>\n```\n\n- một\n- hai {i}\n\n> trích {i}\n\n"
        ));
        if i == 700 {
            md.push_str(&format!("```text\n{code}```\n\n"));
        }
    }
    s.write("content/tin-tuc/dai.md", md);
    let read = |out: &str| {
        let p = s.root().join(out).join("tin-tuc/dai/index.html");
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    let mut pages = Vec::new();
    let (on, off) = (s.root().join("on"), s.root().join("off"));
    let (on, off) = (on.to_str().unwrap(), off.to_str().unwrap());
    for offline in [false, true] {
        let flag: &[&str] = if offline { &["--offline"] } else { &[] };
        s.build(&[&["--output", on], flag].concat()).ok();
        let config = std::fs::read_to_string(s.root().join("site.yaml")).unwrap();
        s.write("site.yaml", format!("{config}\nminify: false\n"));
        s.build(&[&["--output", off], flag].concat()).ok();
        s.write("site.yaml", config);
        pages.push((read(on), read(off)));
    }
    let script = r#"
import json, sys
from html.parser import HTMLParser
class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens, self.text, self.raw, self.keep, self.inside = [], "", [], 0, 0
    # The body: what the theme's <div class="prose"> holds (the minifier also rewrites the
    # page's own attributes, such as the viewport's `content`).
    def flush(self):
        # Whitespace outside <pre> and <code> is not content: runs count as one space.
        t = self.text if self.keep else " ".join(self.text.split())
        if t:
            self.tokens.append(["text", t])
            if self.keep:
                self.raw.append(t)
        self.text = ""
    def handle_starttag(self, tag, attrs):
        self.flush()
        if self.inside or ("class", "prose") in attrs:
            self.tokens.append(["start", tag, sorted([k, v or ""] for k, v in attrs)])
            self.inside += tag not in ("hr", "br", "img", "input", "source", "wbr")
        self.keep += tag in ("pre", "code")
    handle_startendtag = handle_starttag
    def handle_endtag(self, tag):
        self.flush()
        if self.inside:
            self.tokens.append(["end", tag])
            self.inside -= 1
        self.keep -= tag in ("pre", "code")
    def handle_data(self, d):
        if self.inside:
            self.text += d
def parse(path):
    p = Page()
    p.feed(open(path, encoding="utf-8").read())
    p.close()
    p.flush()
    return p
on, off = parse(sys.argv[1]), parse(sys.argv[2])
assert on.tokens == off.tokens, next(
    (i, a, b) for i, (a, b) in enumerate(zip(on.tokens, off.tokens)) if a != b) if len(on.tokens) == len(off.tokens) else (len(on.tokens), len(off.tokens))
print(json.dumps({"tokens": len(on.tokens), "raw": on.raw}))
"#;
    let dir = tempfile::tempdir().unwrap();
    for (k, (on, off)) in pages.iter().enumerate() {
        // Long enough for several pieces of 64 KiB; minifying did something.
        assert!(off.len() > 5 * 64 * 1024 && on.len() < off.len(), "{}", on.len());
        let (a, b) =
            (dir.path().join(format!("on{k}.html")), dir.path().join(format!("off{k}.html")));
        std::fs::write(&a, on).unwrap();
        std::fs::write(&b, off).unwrap();
        let res = std::process::Command::new("python3")
            .args(["-c", script])
            .arg(&a)
            .arg(&b)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&res.stdout);
        assert!(res.status.success(), "{}", String::from_utf8_lossy(&res.stderr));
        let got: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert!(got["tokens"].as_u64() > Some(1_500 * 20), "{}", got["tokens"]);
        let raw: Vec<&str> =
            got["raw"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
        // The long block and every inline code, to the character.
        assert!(raw.contains(&code.as_str()), "the long <pre> changed");
        assert!(raw.contains(&"mã   1499  x") && raw.contains(&"  khối 0\n\n\tthụt  lề <i>\n"));
        assert_eq!(raw.iter().filter(|t| t.starts_with("mã   ")).count(), 1_500);
    }
    // Both builds offline link the home page relatively from the long page.
    assert!(pages[1].0.contains("href=../../index.html"), "offline links");
    assert!(pages[0].0.contains("id=muc-1500"));
}
