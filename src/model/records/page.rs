//! Pages (Markdown files) and sections (`_index.md`: a folder that lists its pages).

use serde::Serialize;

use super::meta::{DateView, Meta, check_slug, folder_path, meta, stem};
use crate::diag::Diagnostic;
use crate::load::Source;
use crate::read::fields::MapReader;
use crate::t;
use crate::vi;

/// A Markdown page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Page {
    /// Common fields.
    #[serde(flatten)]
    pub(crate) meta: Meta,
    /// Order within its section (lower first).
    pub(crate) weight: Option<i64>,
    /// Site path of the section it belongs to.
    pub(crate) section: String,
    /// Hugo compatibility: last modification date.
    pub(crate) lastmod: Option<DateView>,
    /// Author(s).
    pub(crate) authors: Vec<String>,
}

const PAGE_COMPAT_KEYS: &[&str] = &[
    "lastmod",
    "author",
    "authors",
    "summary",
    "keywords",
    "images",
    "toc",
    "layout",
    "type",
    "publishDate",
    "expiryDate",
];

/// Reads a page.
pub(crate) fn read_page(src: &Source, diags: &mut Vec<Diagnostic>) -> Option<Page> {
    let front = src.front.as_ref()?;
    let mut r = MapReader::new(front, &src.rel, "trang / page", diags)?;
    let title = r.req_text("title", "Giới thiệu");
    let (mut m, slug) = meta(&mut r, src, title);
    let weight = r.int("weight");
    let lastmod = r.date("lastmod").map(DateView::from);
    let mut authors = r.text_list("authors");
    authors.extend(r.text_list("author"));
    if m.description.is_none() {
        m.description = r.text("summary");
    }
    r.accept(PAGE_COMPAT_KEYS);
    r.finish();
    let fallback = vi::slugify(&stem(src));
    m.slug = check_slug(slug, fallback, &src.rel, diags);
    let section = folder_path(&src.content_rel);
    m.url = format!("{section}{}/", m.slug);
    Some(Page { meta: m, weight, section, lastmod, authors })
}

/// A section (`_index.md`): a folder that lists its pages.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Section {
    /// Common fields (url is the folder's path).
    #[serde(flatten)]
    pub(crate) meta: Meta,
    /// `date` (newest first, default), `weight` or `title`.
    pub(crate) sort_by: String,
    /// Items per page (default: site setting).
    pub(crate) paginate: Option<usize>,
}

/// Reads a section.
pub(crate) fn read_section(src: &Source, diags: &mut Vec<Diagnostic>) -> Option<Section> {
    let front = src.front.as_ref()?;
    let mut r = MapReader::new(front, &src.rel, "mục / section", diags)?;
    let (mut m, slug) = meta(&mut r, src, None);
    let sort_by = r.choice("sort_by", &["date", "weight", "title"]).unwrap_or("date").to_string();
    let paginate = r.int("paginate").filter(|n| *n > 0).map(|n| n as usize);
    r.accept(PAGE_COMPAT_KEYS);
    r.accept(&["weight"]);
    r.finish();
    if let Some((_, pos)) = slug {
        diags.push(Diagnostic::warning(
            "section-slug",
            &src.rel,
            pos,
            t!(
                "`slug` không dùng cho _index.md: địa chỉ của mục là tên thư mục",
                "`slug` is ignored in _index.md: a section's address is its folder name"
            ),
        ));
    }
    m.url = folder_path(&src.content_rel);
    m.slug = m.url.trim_matches('/').rsplit('/').next().unwrap_or("").to_string();
    Some(Section { meta: m, sort_by, paginate })
}
