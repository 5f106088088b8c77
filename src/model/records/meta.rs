//! What every record has (`Meta`: site path, title, date, body, aliases, taxonomies) and how it is
//! read; dates as templates see them; slugs, ids and site paths checked.

use std::path::Path;

use serde::Serialize;

use crate::diag::{Diagnostic, Pos};
use crate::load::Source;
use crate::model::common::{BodyImage, body_images};
use crate::read::fields::{MapReader, checked_slug};
use crate::read::yaml::node_to_json;
use crate::t;
use crate::vi::{self, PartialDate};

/// A date as templates see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct DateView {
    /// `2022-09-16`, `2022-09` or `2022`.
    pub(crate) iso: String,
    /// `16/9/2022`.
    pub(crate) short: String,
    /// `ngày 16 tháng 9 năm 2022`.
    pub(crate) line: String,
    /// The year.
    pub(crate) year: i32,
    /// RFC 3339 for feeds and JSON-LD.
    pub(crate) rfc3339: String,
}

impl From<PartialDate> for DateView {
    fn from(d: PartialDate) -> DateView {
        DateView {
            iso: d.iso(),
            short: d.short_vi(),
            line: d.line_vi(),
            year: d.year,
            rfc3339: d.rfc3339(),
        }
    }
}

/// What every record has: where it lives, its title and its body.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Meta {
    /// Site path, e.g. `/van-ban/263-kh-ubnd-2022/`.
    pub(crate) url: String,
    /// Last URL segment.
    pub(crate) slug: String,
    /// Source file relative to the site root.
    pub(crate) source: String,
    /// Title.
    pub(crate) title: String,
    /// Summary for listings and share previews.
    pub(crate) description: Option<String>,
    /// Date (publication, issue).
    pub(crate) date: Option<DateView>,
    /// Parsed date for sorting.
    #[serde(skip)]
    pub(crate) sort_date: Option<PartialDate>,
    /// Not published unless `--drafts`.
    pub(crate) draft: bool,
    /// Old paths that redirect here.
    pub(crate) aliases: Vec<String>,
    /// Tags.
    pub(crate) tags: Vec<String>,
    /// Categories.
    pub(crate) categories: Vec<String>,
    /// Free data.
    pub(crate) extra: serde_json::Value,
    /// Template override.
    pub(crate) template: Option<String>,
    /// Markdown body.
    #[serde(skip)]
    pub(crate) body_md: std::sync::Arc<str>,
    /// The images of the body, with their positions (their files are filled by the render
    /// stage's `photos` step).
    #[serde(skip)]
    pub(crate) body_images: Vec<BodyImage>,
    /// Rendered body (filled by the render stage).
    pub(crate) content: std::sync::Arc<str>,
    /// Where the minifier may cut a long `content` into pieces (filled with it; empty for most
    /// bodies).
    #[serde(skip)]
    pub(crate) content_cuts: std::sync::Arc<[usize]>,
    /// Position of the front matter (for messages).
    #[serde(skip)]
    pub(crate) pos: Pos,
    /// Position of `template:` (a template that cannot be found is reported there).
    #[serde(skip)]
    pub(crate) template_pos: Pos,
}

pub(crate) fn meta(
    r: &mut MapReader<'_, '_>,
    src: &Source,
    title: Option<String>,
) -> (Meta, Option<(String, Pos)>) {
    let title = title.or_else(|| r.text("title")).unwrap_or_default();
    let description = r.text("description");
    let date = r.date("date");
    let draft = r.bool("draft").unwrap_or(false);
    let slug_node = r.node("slug");
    let slug = slug_node.and_then(|n| n.as_text().map(|s| (s, n.pos)));
    let aliases = read_aliases(r);
    let tags = r.text_list("tags");
    let categories = r.text_list("categories");
    let extra = r.node("extra").map(node_to_json).unwrap_or(serde_json::Value::Null);
    let template_pos = r.node("template").map(|n| n.pos).unwrap_or_default();
    let template = r.text("template");
    let body_images = images(r, src);
    (
        Meta {
            url: String::new(),
            slug: String::new(),
            source: src.rel.to_string_lossy().replace('\\', "/"),
            title,
            description,
            date: date.map(DateView::from),
            sort_date: date,
            draft,
            aliases,
            tags,
            categories,
            extra,
            template,
            body_md: src.body.clone(),
            body_images,
            content: std::sync::Arc::from(""),
            content_cuts: std::sync::Arc::from([]),
            pos: r.pos(),
            template_pos,
        },
        slug,
    )
}

/// The images of the body; one without a text alternative is an error at its line, as an
/// exemplar's `photo` without `alt` is.
fn images(r: &mut MapReader<'_, '_>, src: &Source) -> Vec<BodyImage> {
    let found = body_images(&src.body, src.body_line);
    let file = r.file();
    for im in found.iter().filter(|im| im.alt.is_empty()) {
        let s = &im.src;
        r.report(
            Diagnostic::error(
                "image-alt",
                file,
                im.pos,
                t!(
                    "ảnh `{s}` không có lời mô tả (chữ trong `![...]`): người khiếm thị và người mạng chậm không biết ảnh nói gì",
                    "the image `{s}` has no text alternative (the words in `![...]`): blind readers and slow connections cannot tell what it shows"
                ),
            )
            .with_hint(t!(
                "viết điều ảnh cho thấy giữa `![` và `]`, ví dụ `![Bà con nhận bò giống tại xã Phước Hà]({s})`",
                "write what the image shows between `![` and `]`, e.g. `![Families receive breeding cows in Phước Hà]({s})`"
            )),
        );
    }
    found
}

fn read_aliases(r: &mut MapReader<'_, '_>) -> Vec<String> {
    let pos = r.node("aliases").map(|n| n.pos).unwrap_or_default();
    let list = r.text_list("aliases");
    let file = r.file();
    let mut out = Vec::new();
    for a in list {
        match clean_site_path(&a) {
            Some(p) => out.push(p),
            None => r.report(
                Diagnostic::error("bad-alias", file, pos, t!("đường dẫn cũ `{a}` không hợp lệ", "alias `{a}` is not a valid site path"))
                    .with_hint(t!(
                        "viết đường dẫn trong trang, bắt đầu bằng /, không có `..`, ví dụ `/tin-tuc/bai-cu/`",
                        "write a path inside the site starting with /, without `..`, e.g. `/tin-tuc/old-post/`"
                    )),
            ),
        }
    }
    out
}

/// Normalises a site path given by a webmaster; `None` when it could leave the output folder.
pub(crate) fn clean_site_path(p: &str) -> Option<String> {
    let p = p.trim();
    if !p.starts_with('/')
        || p.contains("..")
        || p.contains('\\')
        || p.contains("//")
        || p.chars().any(char::is_control)
    {
        return None;
    }
    if p.contains(['?', '#', '"', '<', '>', '\'']) {
        return None;
    }
    let mut s = p.to_string();
    if !s.ends_with('/') && !s.ends_with(".html") {
        s.push('/');
    }
    if s == "/" { None } else { Some(s) }
}

/// Validates a webmaster-given slug; reports and falls back to its slugified form.
pub(crate) fn check_slug(
    given: Option<(String, Pos)>,
    fallback: String,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> String {
    checked_slug("slug", given, fallback, file, diags)
}

/// [`check_slug`] for an `id:` (ids are slugs too: they become URLs and anchors).
pub(crate) fn check_id(
    given: Option<(String, Pos)>,
    fallback: String,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> String {
    checked_slug("id", given, fallback, file, diags)
}

pub(crate) fn stem(src: &Source) -> String {
    src.content_rel.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string()
}

/// Site path of the folder a source sits in (`content/tin-tuc/a.md` -> `/tin-tuc/`), slugified.
pub(crate) fn folder_path(content_rel: &Path) -> String {
    let mut out = String::from("/");
    if let Some(parent) = content_rel.parent() {
        for c in parent.components() {
            let s = vi::slugify(&c.as_os_str().to_string_lossy());
            if !s.is_empty() {
                out.push_str(&s);
                out.push('/');
            }
        }
    }
    out
}

/// The URL prefix of a special folder (`/van-ban/`).
pub(crate) fn kind_root(folder: &str) -> String {
    format!("/{}/", vi::slugify(folder))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_cannot_escape() {
        assert_eq!(clean_site_path("/tin-tuc/cu"), Some("/tin-tuc/cu/".into()));
        assert_eq!(clean_site_path("/a/b.html"), Some("/a/b.html".into()));
        for bad in
            ["../x", "/a/../../x", "tin-tuc", "/a\\b", "/", "//evil.com/", "/a\u{0}b", "/a\"onload"]
        {
            assert_eq!(clean_site_path(bad), None, "{bad:?}");
        }
    }
}
