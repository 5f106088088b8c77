//! Markdown to HTML: CommonMark plus tables and footnotes, raw HTML escaped, unsafe links
//! neutralised, and images whose files the photos step made shown as `<picture>`.

use std::cell::Cell;
use std::collections::{HashMap, VecDeque};
use std::fmt;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd, html};

use super::links::{UniqueIds, xml_escape};
use crate::model::common::{BodyImage, Picture, markdown_options};
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

/// Bytes of HTML in one piece of a long body for the minifier: a body is cut at the first
/// boundary between two top-level blocks after every `PIECE` bytes ([`BodyHtml::cuts`]).
pub(crate) const PIECE: usize = 64 * 1024;

/// A body's HTML, and where the minifier may cut it.
#[derive(Debug)]
pub(crate) struct BodyHtml {
    /// The HTML.
    pub(crate) html: String,
    /// Byte offsets in `html` where it may be cut into pieces that are minified one by one: each
    /// before a top-level block, between the end tag of one element and the start tag of the
    /// next (never inside a `<pre>`, a paragraph or a list, never beside the text of an HTML
    /// block shown as text), at least a piece apart. None for a body shorter than a piece, or
    /// one with raw HTML let through (`allow_html`), whose tags need not be balanced.
    pub(crate) cuts: Vec<usize>,
}

/// Renders Markdown to HTML. Headings get stable `id`s from their text (folded, without
/// diacritics) so readers can link to a section.
#[cfg(test)]
pub(crate) fn render(md: &str, opts: &MarkdownOptions) -> String {
    render_with_images(md, opts, &[], false).html
}

/// [`render`], showing each image of `images` that has its files made (`picture`) as a
/// `<picture>` with WebP and JPEG in every width, its size and `loading="lazy"`; the body's first
/// image loads at once when `eager_first` (nothing else is above it on the page). Cut every
/// [`PIECE`] bytes.
pub(crate) fn render_with_images(
    md: &str,
    opts: &MarkdownOptions,
    images: &[BodyImage],
    eager_first: bool,
) -> BodyHtml {
    render_in_pieces(md, opts, images, eager_first, PIECE)
}

/// [`render_with_images`], its cuts at least `piece` bytes apart (1: before every top-level block
/// where a cut may fall).
pub(crate) fn render_in_pieces(
    md: &str,
    opts: &MarkdownOptions,
    images: &[BodyImage],
    eager_first: bool,
    piece: usize,
) -> BodyHtml {
    let pictures: HashMap<&str, &Picture> =
        images.iter().filter_map(|i| Some((i.src.as_str(), i.picture.as_ref()?))).collect();
    // Elements nested deeper than MAX_NESTING are flattened (their text stays): 100 000 `>` or
    // `*_` would otherwise make HTML deep enough to overflow the stack of later stages.
    let mut kept: Vec<bool> = Vec::new();
    let mut depth = 0usize;
    let parser = Parser::new_ext(md, markdown_options()).filter(move |ev| match ev {
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
    let raw = Cell::new(false);
    let raw_seen = &raw;
    let mut shown = Shown { pictures, open: None, seen: 0, eager_first, opts };
    let events = parser.filter_map(move |ev| match shown.image(ev)? {
        Ok(ev) => {
            if opts.allow_html && matches!(ev, Event::Html(_) | Event::InlineHtml(_)) {
                raw_seen.set(true);
            }
            Some(site_event(ev, opts))
        }
        // Our own markup: not escaped as webmasters' raw HTML is.
        Err(picture) => Some(Event::InlineHtml(picture.into())),
    });
    // Streamed: only one heading's events are held at a time, so memory stays proportional to
    // the output, not to the number of events (100 000 headings once held ~400 MB).
    let events = HeadingIds { inner: events, held: VecDeque::new(), ids: UniqueIds::default() };
    let written = Cell::new(0);
    let mut cuts = Vec::new();
    let events = Cuts {
        inner: events,
        written: &written,
        cuts: &mut cuts,
        piece: piece.max(1),
        depth: 0,
        after_text: false,
    };
    let mut out = Counted { html: String::with_capacity(md.len() * 3 / 2), written: &written };
    // Writing into a String cannot fail.
    let _ = html::write_html_fmt(&mut out, events);
    if raw.get() {
        cuts.clear();
    }
    BodyHtml { html: out.html, cuts }
}

/// The HTML being written, and its length so far for [`Cuts`].
struct Counted<'c> {
    html: String,
    written: &'c Cell<usize>,
}

impl fmt::Write for Counted<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.html.push_str(s);
        self.written.set(self.html.len());
        Ok(())
    }
}

/// Notes [`BodyHtml::cuts`] as the events go to the writer: where the HTML written so far ends
/// when a top-level block starts (the writer has written every event before it), once `piece`
/// bytes have passed since the last cut, unless the top-level item before it or the block
/// itself is text (an HTML block shown as text): a cut there would split that text from the
/// whitespace beside it, which the minifier treats together.
struct Cuts<'c, I> {
    inner: I,
    written: &'c Cell<usize>,
    cuts: &'c mut Vec<usize>,
    piece: usize,
    /// How many elements are open.
    depth: usize,
    /// The last top-level item was text.
    after_text: bool,
}

impl<'e, I: Iterator<Item = Event<'e>>> Iterator for Cuts<'_, I> {
    type Item = Event<'e>;

    fn next(&mut self) -> Option<Event<'e>> {
        let ev = self.inner.next()?;
        match &ev {
            Event::Start(tag) => {
                if self.depth == 0 {
                    let text = matches!(tag, Tag::HtmlBlock);
                    let at = self.written.get();
                    let last = self.cuts.last().copied().unwrap_or(0);
                    if !text && !self.after_text && at >= last + self.piece {
                        self.cuts.push(at);
                    }
                    self.after_text = text;
                }
                self.depth += 1;
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::Rule if self.depth == 0 => self.after_text = false,
            _ if self.depth == 0 => self.after_text = true,
            _ => {}
        }
        Some(ev)
    }
}

/// One event as this site shows it: raw HTML as text unless allowed, links and images under the
/// base path (unsafe ones neutralised), headings one level down.
fn site_event<'e>(ev: Event<'e>, opts: &MarkdownOptions) -> Event<'e> {
    match ev {
        Event::Html(h) | Event::InlineHtml(h) if !opts.allow_html => Event::Text(h),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: rebase(dest_url, opts), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: rebase(dest_url, opts), title, id })
        }
        Event::Start(Tag::Heading { level, id, classes, attrs }) => {
            Event::Start(Tag::Heading { level: demote(level), id, classes, attrs })
        }
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        other => other,
    }
}

/// Gives each heading without an `{#id}` a stable id from its text (folded, without
/// diacritics; `muc`, when it has no letters), unique on the page. Holds one heading's events
/// until its end, passes every other event straight through.
struct HeadingIds<'e, I> {
    inner: I,
    held: VecDeque<Event<'e>>,
    ids: UniqueIds,
}

impl<'e, I: Iterator<Item = Event<'e>>> Iterator for HeadingIds<'e, I> {
    type Item = Event<'e>;

    fn next(&mut self) -> Option<Event<'e>> {
        if let Some(ev) = self.held.pop_front() {
            return Some(ev);
        }
        let ev = self.inner.next()?;
        if !matches!(ev, Event::Start(Tag::Heading { .. })) {
            return Some(ev);
        }
        self.held.push_back(ev);
        for ev in self.inner.by_ref() {
            let end = matches!(ev, Event::End(TagEnd::Heading(_)));
            self.held.push_back(ev);
            if end {
                break;
            }
        }
        let text: String = self
            .held
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
        // The slug is taken even when the heading has its own `{#id}` (ids stay as they were).
        let candidate = self.ids.unique(slug);
        if let Some(Event::Start(Tag::Heading { id, .. })) = self.held.front_mut()
            && id.is_none()
        {
            *id = Some(CowStr::from(candidate));
        }
        self.held.pop_front()
    }
}

/// The images of one body on their way through [`render_with_images`].
struct Shown<'a> {
    /// Pictures by `src` as written.
    pictures: HashMap<&'a str, &'a Picture>,
    /// The picture being shown, its text alternative so far, and how many images deep its alt
    /// text is.
    open: Option<(&'a Picture, Option<String>, String, usize)>,
    /// Images met so far.
    seen: usize,
    eager_first: bool,
    opts: &'a MarkdownOptions,
}

impl<'a> Shown<'a> {
    /// The event to keep (`Ok`), a picture's HTML when its image ends (`Err`), or `None` for an
    /// event inside a picture.
    fn image<'e>(&mut self, ev: Event<'e>) -> Option<Result<Event<'e>, String>> {
        let lazy = self.lazy();
        if let Some((pic, title, alt, depth)) = &mut self.open {
            match ev {
                Event::Start(Tag::Image { .. }) => *depth += 1,
                Event::End(TagEnd::Image) if *depth > 0 => *depth -= 1,
                Event::End(TagEnd::Image) => {
                    let html = picture_html(pic, alt, title.as_deref(), lazy, self.opts);
                    self.open = None;
                    return Some(Err(html));
                }
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                _ => {}
            }
            return None;
        }
        if let Event::Start(Tag::Image { dest_url, title, .. }) = &ev {
            self.seen += 1;
            if let Some(pic) = self.pictures.get(dest_url.as_ref()) {
                let title = (!title.is_empty()).then(|| title.to_string());
                self.open = Some((pic, title, String::new(), 0));
                return None;
            }
        }
        Some(Ok(ev))
    }

    /// Whether the image being shown loads lazily (all but a first one on the first screen).
    fn lazy(&self) -> bool {
        !(self.eager_first && self.seen == 1)
    }
}

/// Width of a body image in the page's layout: the text column (`main`, at most 62rem less its
/// padding), the whole screen less the padding on a phone.
const BODY_SIZES: &str = "(max-width: 62rem) calc(100vw - 2rem), 60rem";

/// A body image's `<picture>`: WebP and JPEG in every width made, with its size so the page does
/// not move when it arrives.
fn picture_html(
    pic: &Picture,
    alt: &str,
    title: Option<&str>,
    lazy: bool,
    opts: &MarkdownOptions,
) -> String {
    let site = |url: &str| xml_escape(&rebase(CowStr::from(url.to_string()), opts));
    let set = |webp: bool| {
        let files = pic.files.iter().map(|f| {
            let url = if webp { &f.webp } else { &f.jpeg };
            format!("{} {}w", site(url), f.width)
        });
        files.collect::<Vec<_>>().join(", ")
    };
    let title = title.map(|t| format!(" title=\"{}\"", xml_escape(t))).unwrap_or_default();
    let loading = if lazy { " loading=\"lazy\"" } else { "" };
    format!(
        "<picture><source type=\"image/webp\" sizes=\"{BODY_SIZES}\" srcset=\"{}\"><img src=\"{}\" sizes=\"{BODY_SIZES}\" srcset=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\"{title}{loading} decoding=\"async\"></picture>",
        set(true),
        site(&pic.src),
        set(false),
        pic.width,
        pic.height,
        xml_escape(alt.trim()),
    )
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
    for ev in Parser::new(text_prefix(md, max)) {
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
    shorten(&out, max)
}

/// `text` with its whitespace collapsed, cut at a word to at most `max` characters and `…`.
/// Only the words that can be shown are joined (a search entry's body is thousands of words).
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let mut joined = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
            chars += 1;
        }
        joined.push_str(word);
        chars += word.chars().count();
        if chars > max {
            break;
        }
    }
    if chars <= max {
        return joined;
    }
    let cut: String = joined.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

/// The start of a long body that holds its first `max` characters of text: cut at a blank line
/// once 64 bytes per character wanted have passed. The parser reads a whole document before
/// its first event, so a description of a 3 MB page would otherwise parse all of it.
fn text_prefix(md: &str, max: usize) -> &str {
    let enough = max.saturating_mul(64).max(4096);
    if md.len() <= enough {
        return md;
    }
    let mut from = enough;
    while !md.is_char_boundary(from) {
        from += 1;
    }
    match md[from..].find("\n\n") {
        Some(i) => &md[..from + i],
        None => md,
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

    /// Issue 18: a body image whose files were made is a `<picture>` under the base path, its
    /// alt text escaped; other images stay `<img>`; raw HTML is still escaped.
    #[test]
    fn made_images_become_pictures() {
        use crate::diag::Pos;
        use crate::model::common::PictureFile;
        let file = |w: u32| PictureFile {
            width: w,
            height: w / 2,
            jpeg: format!("/anh/a-{w}w.jpg"),
            webp: format!("/anh/a-{w}w.webp"),
        };
        let picture = Picture {
            width: 720,
            height: 360,
            src: "/anh/a-720w.jpg".into(),
            files: vec![file(360), file(720)],
            share: None,
        };
        let images = [BodyImage {
            src: "a.jpg".into(),
            alt: String::new(),
            pos: Pos::default(),
            picture: Some(picture),
        }];
        let md = "![Ruộng <lúa> & **đồi**](a.jpg) ![Sơ đồ](b.svg) <b>x</b>\n\n![Lần nữa](a.jpg)";
        let h = render_with_images(md, &opts(), &images, true).html;
        assert!(h.contains("<picture><source type=\"image/webp\""), "{h}");
        assert!(
            h.contains("srcset=\"/thi-dua/anh/a-360w.webp 360w, /thi-dua/anh/a-720w.webp 720w\""),
            "{h}"
        );
        assert!(h.contains("src=\"/thi-dua/anh/a-720w.jpg\""), "{h}");
        assert!(
            h.contains("width=\"720\" height=\"360\" alt=\"Ruộng &lt;lúa&gt; &amp; đồi\" decoding"),
            "{h}"
        );
        assert!(h.contains("<img src=\"b.svg\" alt=\"Sơ đồ\""), "{h}");
        assert!(h.contains("&lt;b&gt;x&lt;/b&gt;"), "{h}");
        // Only the first image of the body loads at once.
        assert_eq!(h.matches("<picture>").count(), 2, "{h}");
        assert_eq!(h.matches("loading=\"lazy\"").count(), 1, "{h}");
        let h = render_with_images(md, &opts(), &images, false).html;
        assert_eq!(h.matches("loading=\"lazy\"").count(), 2, "{h}");
    }

    /// A body is cut only before a top-level block, never inside a `<pre>` or a paragraph's
    /// inline run, never beside the text of an HTML block shown as text; a cut before a block
    /// once a piece has passed.
    #[test]
    fn bodies_are_cut_between_top_level_blocks() {
        let md = "# A\n\nx `a  b`\ny\n\n```\nl1\n\nl2\n```\n\n> q\n\n<div>raw</div>\n\np\n\n---\n\nlast\n";
        let body = render_in_pieces(md, &opts(), &[], false, 1);
        let mut pieces = Vec::new();
        let mut from = 0;
        for &c in body.cuts.iter().chain([body.html.len()].iter()) {
            pieces.push(&body.html[from..c]);
            from = c;
        }
        assert_eq!(
            pieces,
            [
                "<h2 id=\"a\">A</h2>\n",
                "<p>x <code>a  b</code>\ny</p>\n",
                "<pre><code>l1\n\nl2\n</code></pre>\n",
                "<blockquote>\n<p>q</p>\n</blockquote>\n&lt;div&gt;raw&lt;/div&gt;\n<p>p</p>\n<hr />\n",
                "<p>last</p>\n",
            ]
        );
        // Cut once a piece has passed: a short body not at all, a long one at every piece.
        assert!(render_with_images(md, &opts(), &[], false).cuts.is_empty());
        let md = "## Mục\n\nXem [trang chủ](/).\n\n".repeat(5_000);
        let body = render_with_images(&md, &opts(), &[], false);
        let pieces = body.html.len() / PIECE;
        assert!((pieces - 1..=pieces).contains(&body.cuts.len()), "{:?}", body.cuts);
        let mut last = 0;
        for &c in &body.cuts {
            assert!(c >= last + PIECE && body.html[..c].ends_with(">\n"), "{c}");
            assert!(body.html[c..].starts_with("<h2") || body.html[c..].starts_with("<p>"));
            last = c;
        }
    }

    #[test]
    fn plain_text_is_cut_at_a_word() {
        assert_eq!(plain_text("**Người nghèo** được hỗ trợ", 14), "Người nghèo…");
    }

    /// A long body's description comes from its start only, and is the same as from the
    /// whole text (a cut never falls inside a paragraph).
    #[test]
    fn plain_text_of_a_long_body_reads_its_start() {
        let para = "Hộ nghèo được hỗ trợ **xây nhà** đại đoàn kết, ".repeat(40);
        let md = format!("{para}\n\n").repeat(2_000);
        let cut = text_prefix(&md, 180);
        assert!(cut.len() < 20_000, "{}", cut.len());
        assert!(md.starts_with(cut) && md[cut.len()..].starts_with("\n\n"));
        let whole: String = {
            let mut out = String::new();
            for ev in Parser::new(&md[..md.len().min(40_000)]) {
                if let Event::Text(t) = ev {
                    out.push_str(&t);
                }
            }
            out
        };
        let got = plain_text(&md, 180);
        assert!(got.ends_with('…') && got.chars().count() <= 181, "{got}");
        let start: String =
            got.trim_end_matches('…').split_whitespace().collect::<Vec<_>>().join(" ");
        let whole = whole.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(whole.starts_with(&start), "{start}");
        // One line of 1 MB without a blank line: read whole, still cut at a word.
        let one = "chữ ".repeat(250_000);
        assert_eq!(text_prefix(&one, 180).len(), one.len());
        assert!(plain_text(&one, 180).ends_with("chữ…"));
    }
}
