//! Lines of a document as it came out of a PDF or Word file to blocks (headings, list items,
//! paragraphs re-flowed where lines were broken), and those blocks to clean Markdown.
//!
//! A PDF copy breaks every line at the page edge, sometimes with a blank line after each one, and
//! leaves page numbers between paragraphs. A block ends where its text ends a sentence (`.`, `;`,
//! `:`, `./.`) or where the next line starts a heading (`I.`, `1.`, `2.1.`, `a)`) or a list item
//! (`-`, `+`); other lines continue the block. Headings are short numbered lines that do not end
//! a sentence: a long numbered line is a numbered paragraph.

use std::sync::LazyLock;

use regex::Regex;

use super::formats::{Line, Origin};

/// What a block is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// `I.` (level 2), `1.` (3), `1.1.` or `a)` (4).
    Heading(u8),
    /// `-` (level 0) or `+` (level 1).
    Item(u8),
    /// A paragraph (also a numbered one too long to be a heading).
    Para,
}

/// A re-flowed block of text with the line it starts on.
#[derive(Clone, Debug)]
pub(crate) struct Block {
    pub(crate) kind: BlockKind,
    pub(crate) text: String,
    pub(crate) origin: Origin,
}

static ROMAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)\.\s").expect("regex"));
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})((?:\.\d{1,2})*)\.\s").expect("regex"));
static LETTERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-zđ]\)\s").expect("regex"));

/// Longest heading, in characters: a longer numbered line is a paragraph.
const HEADING_MAX: usize = 90;

/// A line cleaned of bold markers and surrounding spaces; `None` for blank lines and page
/// numbers.
pub(crate) fn clean(line: &str) -> Option<String> {
    let t = line.replace("**", "").replace('\u{a0}', " ");
    let t = t.trim();
    if t.is_empty() || (t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    Some(t.to_string())
}

/// Collapses runs of spaces and tabs to one space.
pub(crate) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn starts_block(t: &str) -> Option<BlockKind> {
    if ROMAN.is_match(t) {
        return Some(BlockKind::Heading(2));
    }
    if let Some(c) = NUMBERED.captures(t) {
        return Some(BlockKind::Heading(if c[2].is_empty() { 3 } else { 4 }));
    }
    if LETTERED.is_match(t) {
        return Some(BlockKind::Heading(4));
    }
    if t.starts_with("- ") || t.starts_with("– ") || t == "-" {
        return Some(BlockKind::Item(0));
    }
    if t.starts_with("+ ") {
        return Some(BlockKind::Item(1));
    }
    None
}

fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end();
    t.ends_with(['.', ';', ':', '!', '?']) || t.ends_with("./.")
}

/// Re-flows lines into blocks.
pub(crate) fn blocks(lines: &[Line]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for line in lines {
        let Some(t) = clean(&line.text) else { continue };
        let t = squash(&t);
        let mut starts = starts_block(&t);
        let lower_after = |skip: usize| t.chars().nth(skip).is_some_and(char::is_lowercase);
        let join = match out.last() {
            None => false,
            Some(prev) => {
                let prev_heading = matches!(prev.kind, BlockKind::Heading(_));
                let prev_heading_done = prev_heading
                    && prev.text.chars().count() <= HEADING_MAX
                    && t.chars().next().is_some_and(char::is_uppercase);
                // `kinh tế` / `- xã hội`: a hyphen at the start of a line inside a sentence.
                if starts == Some(BlockKind::Item(0))
                    && lower_after(2)
                    && !ends_sentence(&prev.text)
                {
                    starts = None;
                }
                // A line starting in lowercase goes on the sentence before, even after `;`.
                let continues =
                    !prev_heading && lower_after(0) && !prev.text.ends_with(['.', ':', '!', '?']);
                starts.is_none() && (continues || !ends_sentence(&prev.text)) && !prev_heading_done
            }
        };
        if join {
            if let Some(prev) = out.last_mut() {
                if prev.text.ends_with('-') && t.chars().next().is_some_and(char::is_uppercase) {
                    // `2357/HD-` + `BTĐKT`: a symbol broken at its hyphen.
                    prev.text.push_str(&t);
                } else {
                    prev.text.push(' ');
                    prev.text.push_str(&t);
                }
            }
            continue;
        }
        let kind = starts.unwrap_or(BlockKind::Para);
        out.push(Block { kind, text: t, origin: line.origin.clone() });
    }
    for b in &mut out {
        if let BlockKind::Heading(_) = b.kind {
            // A long numbered line, or one ending a sentence, is a numbered paragraph.
            let long = b.text.chars().count() > HEADING_MAX;
            if long || (b.text.ends_with(['.', ';']) && !b.text.ends_with("..")) {
                b.kind = BlockKind::Para;
            }
        }
    }
    out
}

/// The blocks as Markdown: headings with `#`, items as list items, paragraphs separated by blank
/// lines; Markdown's special characters at the start of a paragraph escaped.
pub(crate) fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut prev_item = false;
    for b in blocks {
        let is_item = matches!(b.kind, BlockKind::Item(_));
        if !(out.is_empty() || is_item && prev_item) {
            out.push('\n');
        }
        match b.kind {
            BlockKind::Heading(level) => {
                out.push_str(&"#".repeat(level as usize));
                out.push(' ');
                out.push_str(&b.text);
            }
            BlockKind::Item(level) => {
                let text = b.text.trim_start_matches(['-', '–', '+']).trim_start();
                out.push_str(if level == 0 { "- " } else { "  - " });
                out.push_str(text);
            }
            BlockKind::Para => {
                // `1. Text` would become an ordered list starting anywhere: keep the number.
                if let Some(c) = NUMBERED.captures(&b.text) {
                    let n = c.get(0).map(|m| m.end()).unwrap_or(0);
                    let num = b.text[..n].trim_end().trim_end_matches('.');
                    out.push_str(&format!("{num}\\. {}", &b.text[n..]));
                } else {
                    out.push_str(&b.text);
                }
            }
        }
        out.push('\n');
        prev_item = is_item;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::formats::numbered_lines as lines;

    #[test]
    fn reflows_broken_lines_and_drops_page_numbers() {
        let b = blocks(&lines(
            "I. MỤC ĐÍCH, YÊU CẦU \n\n1. Mục đích \n\n- Đẩy mạnh tuyên truyền, nâng cao \n\n7\n\nnhận thức của **công chức**. \n2. Yêu cầu\nViệc thực hiện là nhiệm vụ.\n+ chi tiết",
        ));
        let kinds: Vec<_> = b.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Heading(2),
                BlockKind::Heading(3),
                BlockKind::Item(0),
                BlockKind::Heading(3),
                BlockKind::Para,
                BlockKind::Item(1)
            ]
        );
        assert_eq!(b[2].text, "- Đẩy mạnh tuyên truyền, nâng cao nhận thức của công chức.");
        assert_eq!(b[4].origin, Origin::Line(11));
        let md = markdown(&b);
        assert!(md.starts_with("## I. MỤC ĐÍCH, YÊU CẦU\n\n### 1. Mục đích\n\n- Đẩy mạnh"), "{md}");
        assert!(md.contains("\n  - chi tiết\n"), "{md}");
    }

    #[test]
    fn long_numbered_lines_are_paragraphs_with_their_number_kept() {
        let b = blocks(&lines("3. Năm 2023: Sơ kết giữa kỳ và khen thưởng theo thẩm quyền."));
        assert_eq!(b[0].kind, BlockKind::Para);
        assert_eq!(markdown(&b), "3\\. Năm 2023: Sơ kết giữa kỳ và khen thưởng theo thẩm quyền.\n");
    }

    #[test]
    fn lowercase_lines_continue_the_sentence_before() {
        let b = blocks(&lines(
            "- Huy động nguồn lực xã hội;\ntham mưu giải pháp trợ giúp, phát triển kinh tế\n- xã hội vùng khó khăn.",
        ));
        assert_eq!(b.len(), 1, "{b:?}");
        assert!(b[0].text.ends_with("kinh tế - xã hội vùng khó khăn."), "{}", b[0].text);
    }

    #[test]
    fn a_symbol_broken_at_its_hyphen_is_joined() {
        let b = blocks(&lines("Công văn số 2357/HD-\nBTĐKT ngày 31/8/2022"));
        assert_eq!(b[0].text, "Công văn số 2357/HD-BTĐKT ngày 31/8/2022");
    }
}
