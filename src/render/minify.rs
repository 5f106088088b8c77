//! HTML minifying of rendered pages; a page with a long Markdown body is minified in pieces.
//!
//! minify-html builds a tree of all it is given: for a page with a 6 MB body that tree was
//! 265 MB of a 390 MB build, and half its time. So a long body is minified apart from its page:
//! the page with a placeholder element where the body goes, then the body in pieces cut between
//! its top-level blocks ([`super::markdown::BodyHtml::cuts`]), in parallel, spliced together.
//!
//! The result is byte for byte what minifying the whole page gives, because of how minify-html
//! works (read in its source, version 0.18): what it does to whitespace depends only on the
//! element that holds it (`pre` and its descendants kept as they are, `div`, `section` and other
//! layout elements dropping whitespace-only text between elements and trimming text at their
//! ends, the root of a document treated as a layout element); and with closing tags kept, no
//! element's output depends on its siblings. A piece is minified at the root, so a body is cut
//! only when it is the whole content of a layout element (the themes' `<div class="prose">`)
//! outside any `pre`, `svg` or raw-text element; a cut falls only between the end tag of one
//! top-level block and the start tag of the next, so the whitespace there is dropped either
//! way and no `<pre>`, paragraph or inline run is ever split. Anything else (a body the
//! template changed, shows twice or puts elsewhere) is minified with its page as before.

use rayon::prelude::*;

use super::links::relativize;

/// Minified HTML (CSS too; scripts are left as they are).
pub(crate) fn minify(bytes: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.minify_js = false;
    cfg.minify_css = true;
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_doctype = false;
    minify_html::minify(bytes, &cfg)
}

/// Stands for the body while the page around it is minified (an element with no attributes,
/// which minify-html writes back as it is).
const MARK: &str = "<minhbach-body-piece></minhbach-body-piece>";

/// Elements a body cut into pieces may fill: minify-html treats whitespace in them as at the
/// root of a document.
const LAYOUT: &[&str] = &[
    "article",
    "aside",
    "blockquote",
    "div",
    "figure",
    "footer",
    "header",
    "main",
    "nav",
    "section",
];

/// Elements whose content is not minified as elements at the root are: `pre` (whitespace kept
/// in every descendant), `svg` and `math` (another namespace), raw text.
const CONTEXTS: &[&str] = &["pre", "svg", "math", "textarea", "script", "style", "title"];

/// The page `page` minified, its body `body` (which may be cut at `cuts`) in pieces; `offline`
/// (the page's output file and the site's base path) makes site links relative first, as for
/// the whole page. `None` when the body's first place in the page is not the whole content of a
/// layout element: then the whole page is to be minified. (Any place that is gives the same
/// result; another copy of the body elsewhere is minified with the page.)
pub(crate) fn minify_with_body(
    page: &str,
    body: &str,
    cuts: &[usize],
    offline: Option<(&str, &str)>,
) -> Option<Vec<u8>> {
    if cuts.is_empty() || body.is_empty() || page.contains(MARK) {
        return None;
    }
    let at = find_str(page, body)?;
    let (before, after) = (&page[..at], &page[at + body.len()..]);
    let parent = layout_parent(before, after)?;
    let relink = |html: &str| match offline {
        Some((out, base_path)) => relativize(html, out, base_path),
        None => html.to_string(),
    };
    let shell = minify(relink(&[before, MARK, after].concat()).as_bytes());
    let mark = find(&shell, MARK.as_bytes())?;
    let rest = &shell[mark + MARK.len()..];
    // The whitespace around the placeholder was dropped: it sits right in its parent.
    let close = format!("</{parent}>");
    if !shell[..mark].ends_with(b">")
        || !rest.starts_with(close.as_bytes())
        || find(rest, MARK.as_bytes()).is_some()
    {
        return None;
    }
    let mut bounds = Vec::with_capacity(cuts.len() + 2);
    bounds.push(0);
    bounds.extend(cuts.iter().copied().filter(|&c| c > 0 && c < body.len()));
    bounds.push(body.len());
    let pieces: Option<Vec<Vec<u8>>> = bounds
        .par_windows(2)
        .map(|w| body.get(w[0]..w[1]).map(|piece| minify(relink(piece).as_bytes())))
        .collect();
    let pieces = pieces?;
    let mut out = Vec::with_capacity(shell.len() + pieces.iter().map(Vec::len).sum::<usize>());
    out.extend_from_slice(&shell[..mark]);
    for p in pieces {
        out.extend_from_slice(&p);
    }
    out.extend_from_slice(rest);
    Some(out)
}

/// The name of the layout element that holds exactly what lies between `before` and `after`
/// (its start tag ends `before`, its end tag starts `after`, whitespace aside), when no element
/// of [`CONTEXTS`] is open around it.
fn layout_parent<'a>(before: &str, after: &'a str) -> Option<&'a str> {
    let html_space = |c: char| c.is_ascii_whitespace();
    let open = before.trim_end_matches(html_space).strip_suffix('>')?;
    let tag = &open[open.rfind('<')? + 1..];
    let name_len = tag.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(tag.len());
    let (name, attrs) = tag.split_at(name_len);
    if !(attrs.is_empty() || attrs.starts_with(html_space)) || attrs.ends_with('/') {
        return None;
    }
    let close = after.trim_start_matches(html_space).strip_prefix("</")?;
    let parent = close.get(..name.len())?;
    let layout = LAYOUT.iter().any(|l| l.eq_ignore_ascii_case(name));
    if !layout || !parent.eq_ignore_ascii_case(name) || !close[name.len()..].starts_with('>') {
        return None;
    }
    let lower = before.to_ascii_lowercase();
    CONTEXTS.iter().all(|c| opened(&lower, c) <= closed(&lower, c)).then_some(parent)
}

/// How many start tags of element `name` (lower case) `html` (lower case) has.
fn opened(html: &str, name: &str) -> usize {
    let tag = format!("<{name}");
    html.match_indices(&tag)
        .filter(|(i, _)| {
            html[i + tag.len()..]
                .starts_with(|c: char| c == '>' || c == '/' || c.is_ascii_whitespace())
        })
        .count()
}

/// How many end tags of element `name` (lower case) `html` (lower case) has.
fn closed(html: &str, name: &str) -> usize {
    html.matches(&format!("</{name}")).count()
}

/// Where `body` first occurs in `page`: the places of its first 256 bytes, each compared in
/// full until one matches (finding a 6 MB needle as a whole prepares a searcher as long as it,
/// a tenth of a build's time). A comparison stops at the first byte that differs.
fn find_str(page: &str, body: &str) -> Option<usize> {
    let mut n = body.len().min(256);
    while !body.is_char_boundary(n) {
        n -= 1;
    }
    page.match_indices(&body[..n])
        .map(|(at, _)| at)
        .find(|&at| page.as_bytes()[at..].starts_with(body.as_bytes()))
}

/// Where `needle` first occurs in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markdown::{MarkdownOptions, render_in_pieces};

    /// A page as the default theme lays one out, around `body`.
    fn page(body: &str) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>Trang   dài</title>\n  <style>\n  body {{ color: #111 ; }}\n  </style>\n</head>\n<body>\n  <header><a href=\"/thi-dua/\">Trang chủ</a>  </header>\n  <main>\n    <h1>  Trang dài </h1>\n    <div class=\"prose\">\n{body}\n    </div>\n    <p>Cập nhật  <time>16/9/2022</time> </p>\n  </main>\n</body>\n</html>\n"
        )
    }

    /// Markdown of every kind of top-level block, with whitespace that matters (in code, in
    /// `pre`) and whitespace that does not (between blocks, inside paragraphs).
    fn markdown() -> String {
        let mut md = String::new();
        for i in 0..12 {
            md.push_str(&format!(
                "## Mục {i}\n\nXem [trang chủ](/) và `mã   {i}`  rồi\n**đậm** *nghiêng*.\n\n```\n  dòng  một\n\n\tdòng <hai> & ba\n```\n\n- một\n- hai\n\n  đoạn   trong mục\n\n> trích\n> dẫn\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<div>khối   HTML</div>\n\nsau khối[^{i}]\n\n---\n\n    thụt lề\n      code\n\n[^{i}]: chú thích {i}\n\n"
            ));
        }
        md
    }

    fn opts(allow_html: bool) -> MarkdownOptions {
        MarkdownOptions { allow_html, base_path: "/thi-dua/".into() }
    }

    /// A body cut before every block where a cut may fall gives, byte for byte, what minifying
    /// the whole page gives, online and offline.
    #[test]
    fn pieces_give_what_the_whole_page_gives() {
        let body = render_in_pieces(&markdown(), &opts(false), &[], false, 1);
        assert!(body.cuts.len() > 50, "{} cuts", body.cuts.len());
        let html = page(&body.html);
        let whole = minify(html.as_bytes());
        let pieced = minify_with_body(&html, &body.html, &body.cuts, None).expect("cut");
        assert_eq!(String::from_utf8_lossy(&pieced), String::from_utf8_lossy(&whole));
        let out = "trang-dai/index.html";
        let whole = minify(relativize(&html, out, "/thi-dua/").as_bytes());
        let pieced = minify_with_body(&html, &body.html, &body.cuts, Some((out, "/thi-dua/")));
        assert_eq!(pieced.as_deref(), Some(&whole[..]));
        assert!(String::from_utf8_lossy(&whole).contains("href=../index.html"));
    }

    /// A body the page does not hold once as the whole content of a layout element outside
    /// `pre` is not cut.
    #[test]
    fn other_places_are_minified_whole() {
        let body = render_in_pieces(&markdown(), &opts(false), &[], false, 1);
        let (b, cuts) = (body.html.as_str(), &body.cuts[..]);
        let pieced = |html: String| minify_with_body(&html, b, cuts, None);
        assert!(pieced(format!("<div class=prose>{b}</div>")).is_some());
        assert!(pieced(format!("<p>{b}</p>")).is_none());
        assert!(pieced(format!("<div>x {b}</div>")).is_none());
        assert!(pieced(format!("<div>{b}<hr></div>")).is_none());
        assert!(pieced(format!("<pre><div>{b}</div></pre>")).is_none());
        assert!(pieced(format!("<svg><div>{b}</div></svg>")).is_none());
        // A body shown twice: the first place is cut, the other minified with the page.
        let twice = format!("<div>{b}</div><section>{b}</section>");
        assert_eq!(pieced(twice.clone()), Some(minify(twice.as_bytes())));
        assert!(pieced(format!("<p>{b}</p><div>{b}</div>")).is_none());
        assert!(pieced(format!("<div title=\"a<b\">{b}</div>")).is_none());
        assert!(pieced(format!("<pre>x</pre><section>{b}</section>")).is_some());
        assert!(minify_with_body(&format!("<div>{b}</div>"), b, &[], None).is_none());
    }

    /// Raw HTML let through is not cut (its tags need not be balanced).
    #[test]
    fn raw_html_bodies_are_not_cut() {
        assert!(render_in_pieces(&markdown(), &opts(true), &[], false, 1).cuts.is_empty());
        assert!(!render_in_pieces("a\n\nb\n\nc", &opts(true), &[], false, 1).cuts.is_empty());
    }
}
