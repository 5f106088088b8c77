//! Markdown to HTML: CommonMark plus tables and footnotes, raw HTML escaped, unsafe links neutralised.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use super::links::UniqueIds;
use crate::read::url::is_safe_url;
use crate::vi;

/// How Markdown is rendered for this site.
#[derive(Clone, Debug)]
pub(crate) struct MarkdownOptions {
    /// Let raw HTML through (off by default: it is escaped and shown as text).
    pub(crate) allow_html: bool,
    /// Prefix for site-absolute links (`/van-ban/…` -> `/thi-dua/van-ban/…`).
    pub(crate) base_path: String,
}

fn rebase(url: CowStr<'_>, opts: &MarkdownOptions) -> CowStr<'static> {
    if !is_safe_url(&url) {
        return CowStr::Borrowed("#");
    }
    if url.starts_with('/') && !url.starts_with("//") && opts.base_path != "/" {
        return CowStr::from(format!("{}{}", opts.base_path, &url[1..]));
    }
    CowStr::from(url.into_string())
}

/// Deepest nesting of Markdown elements (quotes, lists, emphasis…) rendered as elements; deeper
/// ones keep their text but lose their markup.
pub(crate) const MAX_NESTING: usize = 32;

/// Renders Markdown to HTML. Headings get stable `id`s from their text (folded, without
/// diacritics) so readers can link to a section.
pub(crate) fn render(md: &str, opts: &MarkdownOptions) -> String {
    let mut o = Options::empty();
    o.insert(Options::ENABLE_TABLES);
    o.insert(Options::ENABLE_FOOTNOTES);
    o.insert(Options::ENABLE_STRIKETHROUGH);
    o.insert(Options::ENABLE_SMART_PUNCTUATION);
    // Elements nested deeper than MAX_NESTING are flattened (their text stays): 100 000 `>` or
    // `*_` would otherwise make HTML deep enough to overflow the stack of later stages.
    let mut kept: Vec<bool> = Vec::new();
    let mut depth = 0usize;
    let parser = Parser::new_ext(md, o).filter(move |ev| match ev {
        Event::Start(_) => {
            let keep = depth < MAX_NESTING;
            depth += usize::from(keep);
            kept.push(keep);
            keep
        }
        Event::End(_) => {
            let keep = kept.pop().unwrap_or(true);
            depth -= usize::from(keep && depth > 0);
            keep
        }
        _ => true,
    });
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading_start: Option<usize> = None;
    let mut ids = UniqueIds::default();
    for ev in parser {
        let ev = match ev {
            Event::Html(h) | Event::InlineHtml(h) if !opts.allow_html => Event::Text(h),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                Event::Start(Tag::Link { link_type, dest_url: rebase(dest_url, opts), title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                Event::Start(Tag::Image { link_type, dest_url: rebase(dest_url, opts), title, id })
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                heading_start = Some(events.len());
                Event::Start(Tag::Heading { level: demote(level), id, classes, attrs })
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading_start.take() {
                    let text: String = events[start + 1..]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let mut slug = vi::slugify(&text);
                    if slug.is_empty() {
                        slug = "muc".into();
                    }
                    let candidate = ids.unique(slug);
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start]
                        && id.is_none()
                    {
                        *id = Some(CowStr::from(candidate));
                    }
                }
                Event::End(TagEnd::Heading(demote(level)))
            }
            other => other,
        };
        events.push(ev);
    }
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// The page title is the only `h1`: body headings start at `h2`.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        l => l,
    }
}

/// Plain text of Markdown (for descriptions and search), at most `max` characters, cut at a word.
pub(crate) fn plain_text(md: &str, max: usize) -> String {
    let mut out = String::new();
    for ev in Parser::new(md) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock,
            ) if !out.ends_with(' ') => {
                out.push(' ');
            }
            _ => {}
        }
        if out.len() > max * 4 {
            break;
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.chars().count() <= max {
        return out;
    }
    let cut: String = out.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> MarkdownOptions {
        MarkdownOptions { allow_html: false, base_path: "/thi-dua/".into() }
    }

    #[test]
    fn raw_html_is_escaped_by_default() {
        let h = render("a <script>alert(1)</script> b\n\n<img src=x onerror=alert(1)>\n", &opts());
        assert!(!h.contains("<script>"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("&lt;script&gt;"), "{h}");
        let h = render("<b>ok</b>", &MarkdownOptions { allow_html: true, ..opts() });
        assert!(h.contains("<b>ok</b>"));
    }

    #[test]
    fn dangerous_links_are_neutralised_and_site_links_rebased() {
        let h = render(
            "[a](javascript:alert(1)) [b](JaVa%0aScript:x) [c](data:text/html,x) [d](/van-ban/)",
            &opts(),
        );
        assert!(!h.to_lowercase().contains("javascript:"), "{h}");
        assert!(!h.contains("data:"), "{h}");
        assert!(h.contains("href=\"/thi-dua/van-ban/\""), "{h}");
        assert!(!is_safe_url("java\tscript:alert(1)"));
        assert!(is_safe_url("https://example.gov.vn/"));
    }

    #[test]
    fn headings_get_folded_ids_and_start_at_h2() {
        let h = render("# Mục tiêu\n\n## Chỉ tiêu\n\n## Chỉ tiêu\n", &opts());
        assert!(h.contains("<h2 id=\"muc-tieu\">Mục tiêu</h2>"), "{h}");
        assert!(h.contains("id=\"chi-tieu-2\""), "{h}");
    }

    /// Issue 16, class 5: identical headings got their ids in quadratic (cubic) time; 20 000
    /// of them (minutes before, in a debug build) get 20 000 distinct ids.
    #[test]
    fn many_identical_headings_get_distinct_ids() {
        let h = render(&"## Mục\n\n".repeat(20_000), &opts());
        assert!(h.contains("<h2 id=\"muc\">"), "{}", &h[..100]);
        assert!(h.contains("<h2 id=\"muc-20000\">"));
        let ids: std::collections::HashSet<&str> =
            h.split("id=\"").skip(1).map(|s| &s[..s.find('"').unwrap_or(0)]).collect();
        assert_eq!(ids.len(), 20_000);
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let h = render(&format!("{} x", ">".repeat(10_000)), &opts());
        assert_eq!(h.matches("<blockquote>").count(), MAX_NESTING, "{}", &h[..200]);
        assert!(h.contains('x'));
        let h = render(&format!("{}x{}", "*_".repeat(5_000), "_*".repeat(5_000)), &opts());
        let (mut depth, mut deepest) = (0usize, 0usize);
        for (i, _) in h.match_indices('<') {
            if h[i + 1..].starts_with('/') {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
        assert!(deepest <= MAX_NESTING + 1, "nested {deepest} deep");
    }

    #[test]
    fn plain_text_is_cut_at_a_word() {
        assert_eq!(plain_text("**Người nghèo** được hỗ trợ", 14), "Người nghèo…");
    }
}
