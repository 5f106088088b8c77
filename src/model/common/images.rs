//! Images in Markdown bodies (`![alt](anh.jpg)`): found once, when the record is read, with
//! the line and column of each in its file, so that the render stage's photo step can make
//! their files and the Markdown renderer can show them as `<picture>` without reading the
//! body twice. Goes in: a body and the line it starts at; comes out: [`BodyImage`]s.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::picture::Picture;
use crate::diag::Pos;

/// The Markdown extensions every body is read with (the scan here and the renderer must agree,
/// or an image inside a table would be found by one and not the other).
pub(crate) fn markdown_options() -> Options {
    let mut o = Options::empty();
    o.insert(Options::ENABLE_TABLES);
    o.insert(Options::ENABLE_FOOTNOTES);
    o.insert(Options::ENABLE_STRIKETHROUGH);
    o.insert(Options::ENABLE_SMART_PUNCTUATION);
    o
}

/// One image of a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BodyImage {
    /// The address as written (`anh.jpg`, `/anh/a.jpg`, `https://…`).
    pub(crate) src: String,
    /// The text alternative (the words between `![` and `]`), trimmed.
    pub(crate) alt: String,
    /// Where `![` is in the file.
    pub(crate) pos: Pos,
    /// The files made from it (filled by the render stage's `photos` step; `None` for an image
    /// on another site, a drawing, or one not processed yet).
    pub(crate) picture: Option<Picture>,
}

/// The images of `body`, whose first line is line `first_line` of its file, in the order they
/// appear. Linear in the body: a body without `![` is not parsed at all, and positions are found
/// by one pass over the text.
pub(crate) fn body_images(body: &str, first_line: u32) -> Vec<BodyImage> {
    if !body.contains("![") {
        return Vec::new();
    }
    let mut found: Vec<(usize, String, String)> = Vec::new();
    let mut open: Option<(usize, String, String, usize)> = None;
    for (ev, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::Image { dest_url, .. }) => match &mut open {
                // An image inside another's alt text (`![a ![b](b.jpg)](a.jpg)`): only its words
                // count, as in the HTML.
                Some((.., depth)) => *depth += 1,
                None => open = Some((range.start, dest_url.to_string(), String::new(), 0)),
            },
            Event::End(TagEnd::Image) => match &mut open {
                Some((.., depth)) if *depth > 0 => *depth -= 1,
                Some(_) => {
                    if let Some((at, src, alt, _)) = open.take() {
                        found.push((at, src, alt.trim().to_string()));
                    }
                }
                None => {}
            },
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, alt, _)) = &mut open {
                    alt.push_str(&t);
                }
            }
            _ => {}
        }
    }
    // Offsets come in document order: one walk gives each line and column.
    let (mut line, mut line_start, mut scanned) = (first_line, 0usize, 0usize);
    found
        .into_iter()
        .map(|(at, src, alt)| {
            for (i, b) in body.as_bytes()[scanned..at].iter().enumerate() {
                if *b == b'\n' {
                    line += 1;
                    line_start = scanned + i + 1;
                }
            }
            scanned = at.max(scanned);
            let col = body[line_start..at].chars().count() as u32 + 1;
            BodyImage { src, alt, pos: Pos { line, col }, picture: None }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_found_with_their_line_column_and_alt() {
        let body = "Đoạn đầu.\n\n| a | b |\n|---|---|\n| ![Ô *vườn*](a.jpg) | x |\n\n  ![](/anh/b.png \"t\")\n";
        let v = body_images(body, 7);
        assert_eq!(v.len(), 2, "{v:?}");
        assert_eq!((v[0].src.as_str(), v[0].alt.as_str()), ("a.jpg", "Ô vườn"));
        assert_eq!(v[0].pos, Pos { line: 11, col: 3 });
        assert_eq!((v[1].src.as_str(), v[1].alt.as_str()), ("/anh/b.png", ""));
        assert_eq!(v[1].pos, Pos { line: 13, col: 3 });
    }

    #[test]
    fn a_body_without_images_is_not_parsed_and_links_are_not_images() {
        assert!(body_images("[ảnh](a.jpg) và `![x](y.jpg)`", 1).is_empty());
        assert!(body_images("không có ảnh", 1).is_empty());
    }

    /// Positions are found in one pass: 20 000 images on 20 000 lines, the last at its line.
    #[test]
    fn many_images_keep_their_lines() {
        let body = "![a](x.jpg)\n\n".repeat(20_000);
        let v = body_images(&body, 3);
        assert_eq!(v.len(), 20_000);
        assert_eq!(v[19_999].pos, Pos { line: 3 + 2 * 19_999, col: 1 });
    }
}
