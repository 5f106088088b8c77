//! Entry points for the fuzz targets in `fuzz/` (cargo fuzz) and their stable replay test: each takes arbitrary bytes and checks that nothing panics and the output stays safe.
//!
//! Not part of the public API: kept here so the nightly fuzz targets and the stable test run
//! exactly the same code.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::load::{Source, SourceKind};
use crate::model::{fund, privacy};
use crate::read::text::{decode, split_front_matter};
use crate::read::yaml;
use crate::render::markdown::{self, MarkdownOptions};
use crate::render::minify::{minify, minify_with_body};

fn config() -> Config {
    let node = yaml::parse(
        "title: Fuzz\nbase_url: https://thidua.example.gov.vn/\norganization: { name: Ban, phone: \"0271 3879 123\" }\n",
        1,
        Path::new("site.yaml"),
    )
    .ok()
    .and_then(|n| Config::from_node(&n, Path::new("site.yaml"), &mut Vec::new()));
    match node {
        Some(c) => c,
        None => unreachable!("the fixed fuzz configuration parses"),
    }
}

fn source(kind: SourceKind, name: &str, front: Option<yaml::Node>, body: String) -> Source {
    Source {
        kind,
        rel: Path::new("content").join(name),
        content_rel: PathBuf::from(name),
        abs: PathBuf::from(name),
        front,
        body: body.into(),
        body_line: 1,
        text: None,
    }
}

/// Every diagnostic has a position inside the input and prints without control characters.
fn check_diags(diags: &[Diagnostic], lines: usize) {
    for d in diags {
        assert!(d.pos.line as usize <= lines + 1, "line {} past the end ({lines})", d.pos.line);
        let text = d.render(crate::diag::Lang::Vi);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "control character in {text:?}"
        );
    }
}

/// Front matter and YAML: decode (encodings, BOM, NFC), split, parse, read as a page and scan
/// for personal data.
pub fn front_matter(data: &[u8]) {
    let rel = Path::new("content/fuzz.md");
    let Ok(text) = decode(data, rel) else { return };
    let lines = text.lines().count();
    let mut diags = Vec::new();
    match split_front_matter(&text, rel) {
        Ok(split) => match crate::read::front_matter(&split, rel) {
            Ok(node) => {
                let mut src = source(SourceKind::Page, "fuzz.md", Some(node), split.body);
                src.body_line = split.body_line;
                let cfg = config();
                let srcs = [src];
                let _ = crate::model::build(&cfg, &srcs, Default::default(), &mut diags);
                privacy::check(&cfg, &srcs, &mut diags);
            }
            Err(d) => diags.push(*d),
        },
        Err(d) => diags.push(*d),
    }
    check_diags(&diags, lines);
}

/// A fund ledger: the bytes are a receipts CSV read through a fixed period file.
pub fn csv_ledger(data: &[u8]) {
    let rel = Path::new("content/quy/thu.csv");
    let Ok(text) = decode(data, rel) else { return };
    let lines = text.lines().count().max(12);
    let period = yaml::parse(
        "fund: Quỹ\nlevel: tinh\nperiod: { id: 2024, from: 2024-01-01, to: 2024-12-31 }\nopening: 0\nreceipts_csv: [thu.csv]\nclosing: 0\n",
        1,
        Path::new("content/quy/2024.yaml"),
    )
    .ok();
    let period = source(SourceKind::FundPeriod, "quy/2024.yaml", period, String::new());
    let mut csv = source(SourceKind::FundCsv, "quy/thu.csv", None, String::new());
    csv.text = Some(text);
    let mut csvs = HashMap::new();
    csvs.insert(csv.content_rel.clone(), &csv);
    let mut diags = Vec::new();
    let _ = fund::read_fund(
        &[&period],
        &csvs,
        "/quy-vi-nguoi-ngheo/",
        &crate::config::FundConfig::default(),
        &mut diags,
    );
    privacy::check(&config(), &[csv.clone()], &mut diags);
    check_diags(&diags, lines);
}

/// Markdown: rendered without raw HTML, the output has no element that runs script and no
/// `javascript:`/`data:` link; minified in pieces (cut before every block where a cut may fall)
/// it is byte for byte what minifying it whole gives; plain text and the privacy scan never
/// panic.
pub fn markdown(data: &[u8]) {
    let Ok(md) = std::str::from_utf8(data) else { return };
    let opts = MarkdownOptions { allow_html: false, base_path: "/thi-dua/".into() };
    let body = markdown::render_in_pieces(md, &opts, &[], false, 1);
    let page = format!("<main>\n<div class=\"prose\">\n{}</div>\n</main>", body.html);
    if let Some(pieced) = minify_with_body(&page, &body.html, &body.cuts, None) {
        let whole = minify(page.as_bytes());
        assert!(pieced == whole, "minified in pieces differs from whole for {md:?}");
    }
    let html = body.html;
    let lower = html.to_ascii_lowercase();
    // Text `<` is escaped, so every `<` left starts a real tag: check each one.
    for (i, _) in lower.match_indices('<') {
        let tag = &lower[i + 1..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let name: String =
            tag.trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
        let bad = ["script", "iframe", "object", "embed", "svg", "style", "math", "form", "base"];
        assert!(!bad.contains(&name.as_str()), "<{name}> in output of {md:?}: {html}");
        // Attribute names only: quoted values (escaped by the renderer) are dropped.
        let names: String = tag.split('"').step_by(2).collect::<Vec<_>>().join(" ");
        let handler = names
            .split(|c: char| c.is_ascii_whitespace() || c == '=')
            .skip(1)
            .any(|a| a.starts_with("on") && a.len() > 2);
        assert!(!handler, "event handler in <{tag}> from {md:?}");
        let raw_tag = &html[i + 1..i + 1 + tag.len()];
        for attr in ["href=\"", "src=\""] {
            for (j, _) in tag.match_indices(attr) {
                let v = &raw_tag[j + attr.len()..];
                let v = &v[..v.find('"').unwrap_or(v.len())];
                let decoded = v.replace("&amp;", "&").replace("&#x09;", "\t");
                assert!(crate::read::url::is_safe_url(&decoded), "unsafe link {v:?} from {md:?}");
            }
        }
    }
    let _ = markdown::plain_text(md, 160);
    let _ = privacy::Guard::default().scan(md);
}
