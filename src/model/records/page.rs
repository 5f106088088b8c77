//! Pages (Markdown files) and sections (`_index.md`: a folder that lists its pages).
//!
//! These are the kinds a Hugo or Zola site is made of, so they read those engines' front matter
//! as it is: their compatible keys are accepted, `taxonomies` (Zola) and `params` (Hugo) are
//! unfolded, and any other key is the page's own data, read as `extra` (the typed kinds, whose
//! keys are checked, still refuse unknown keys).

use serde::Serialize;

use super::meta::{DateView, Meta, check_slug, folder_path, meta, stem};
use crate::diag::{Diagnostic, Pos};
use crate::load::Source;
use crate::model::common::{Photo, read_photo};
use crate::read::fields::MapReader;
use crate::read::yaml::{Key, Node, Value, node_to_json};
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
    /// The photo shown at the top of the page and used as its share preview.
    pub(crate) photo: Option<Photo>,
    /// Keys of the front matter that minhbach does not know, read into `extra` (for the note
    /// that lists them once per build).
    #[serde(skip)]
    pub(crate) custom_keys: Vec<(String, Pos)>,
}

/// Hugo and Zola keys accepted and not used (their effect is the engine's own, or minhbach's
/// default already does it).
const PAGE_COMPAT_KEYS: &[&str] = &[
    "lastmod",
    "updated",
    "linkTitle",
    "in_search_index",
    "insert_anchor_links",
    "transparent",
    "page_template",
    "generate_feeds",
    "paginate_path",
    "sort_by",
    "paginate_by",
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

/// The keys a misspelt custom key is compared with: those whose loss changes the page.
const PAGE_CORE_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "draft",
    "slug",
    "aliases",
    "tags",
    "categories",
    "extra",
    "template",
    "weight",
];

/// Keys of other engines that set a page's address, which minhbach builds from the folder and
/// `slug` (permalinks stay stable): a warning says what to write instead.
const ADDRESS_KEYS: &[&str] = &["url", "path", "redirect_to"];

/// Reads a page.
pub(crate) fn read_page(src: &Source, diags: &mut Vec<Diagnostic>) -> Option<Page> {
    let front = src.front.as_ref()?;
    let mut r = MapReader::new(front, &src.rel, "trang / page", diags)?;
    let title = r.req_text("title", "Giới thiệu");
    let (mut m, slug) = meta(&mut r, src, title);
    let weight = r.int("weight");
    let lastmod = r.date("lastmod").or_else(|| r.date("updated")).map(DateView::from);
    let mut authors = r.text_list("authors");
    authors.extend(r.text_list("author"));
    if m.description.is_none() {
        m.description = r.text("summary");
    }
    let photo = read_photo(&mut r);
    let custom_keys = foreign_keys(r, &mut m);
    let fallback = vi::slugify(&stem(src));
    m.slug = check_slug(slug, fallback, &src.rel, diags);
    let section = folder_path(&src.content_rel);
    m.url = format!("{section}{}/", m.slug);
    Some(Page { meta: m, weight, section, lastmod, authors, photo, custom_keys })
}

/// Reads what other engines write beside minhbach's keys: Zola's `taxonomies` (tags and
/// categories), Hugo's `params`, and every other key, all merged into `extra` (an explicit
/// `extra` key wins over `params`, which wins over a top-level key of the same name). Returns
/// the custom keys with their positions.
fn foreign_keys(mut r: MapReader<'_, '_>, m: &mut Meta) -> Vec<(String, Pos)> {
    if let Some(tax) = r.map("taxonomies") {
        let mut other = Vec::new();
        for (k, v) in tax.entries().unwrap_or_default() {
            match k.name.as_str() {
                "tags" => m.tags.extend(texts(v)),
                "categories" => m.categories.extend(texts(v)),
                _ => other.push((k.clone(), v.clone())),
            }
        }
        if !other.is_empty() {
            let node = Node { value: Value::Map(other), pos: tax.pos, raw: None };
            merge_extra(m, &[(Key { name: "taxonomies".into(), pos: tax.pos }, node)]);
        }
    }
    let params = r.map("params").and_then(Node::entries).unwrap_or_default().to_vec();
    for key in ADDRESS_KEYS {
        if let Some(n) = r.node(key) {
            address_warning(&mut r, key, n.pos);
        }
    }
    r.accept(PAGE_COMPAT_KEYS);
    let (rest, misspelt): (Vec<_>, Vec<_>) =
        r.rest(PAGE_CORE_KEYS).into_iter().map(|(k, v, misspelt)| ((k, v), misspelt)).unzip();
    // A likely misspelling was warned about already; the note lists the page's own keys.
    let custom = rest
        .iter()
        .zip(&misspelt)
        .filter(|(_, m)| !**m)
        .map(|((k, _), _)| (k.name.clone(), k.pos))
        .collect();
    merge_extra(m, &params);
    merge_extra(m, &rest);
    custom
}

/// The texts of a list (or of a single text).
fn texts(n: &Node) -> Vec<String> {
    match &n.value {
        Value::Seq(v) => v.iter().filter_map(Node::as_text).map(|s| s.trim().to_string()).collect(),
        _ => n.as_text().map(|s| vec![s.trim().to_string()]).unwrap_or_default(),
    }
}

/// Adds `entries` to the page's `extra` without replacing a key it already has. An `extra` that
/// is not a mapping is left as written.
fn merge_extra(m: &mut Meta, entries: &[(Key, Node)]) {
    if entries.is_empty() {
        return;
    }
    if m.extra.is_null() {
        m.extra = serde_json::Value::Object(serde_json::Map::new());
    }
    let Some(obj) = m.extra.as_object_mut() else { return };
    for (k, v) in entries {
        if !obj.contains_key(&k.name) {
            obj.insert(k.name.clone(), node_to_json(v));
        }
    }
}

fn address_warning(r: &mut MapReader<'_, '_>, key: &str, pos: Pos) {
    let file = r.file();
    r.report(
        Diagnostic::warning(
            "address-key",
            file,
            pos,
            t!(
                "`{key}` không được dùng: địa chỉ của trang là thư mục cộng với `slug`",
                "`{key}` is not used: a page's address is its folder plus its `slug`"
            ),
        )
        .with_hint(t!(
            "đặt `slug:` cho phần cuối của địa chỉ; giữ địa chỉ cũ bằng `aliases:`",
            "set `slug:` for the last part of the address; keep the old address with `aliases:`"
        )),
    );
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
    /// Keys of the front matter read into `extra` (see [`Page::custom_keys`]).
    #[serde(skip)]
    pub(crate) custom_keys: Vec<(String, Pos)>,
}

/// Reads a section.
pub(crate) fn read_section(src: &Source, diags: &mut Vec<Diagnostic>) -> Option<Section> {
    let front = src.front.as_ref()?;
    let mut r = MapReader::new(front, &src.rel, "mục / section", diags)?;
    let (mut m, slug) = meta(&mut r, src, None);
    let sort_by = sort_order(&mut r);
    let paginate =
        r.int("paginate").or_else(|| r.int("paginate_by")).filter(|n| *n > 0).map(|n| n as usize);
    r.accept(&["weight"]);
    let custom_keys = foreign_keys(r, &mut m);
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
    Some(Section { meta: m, sort_by, paginate, custom_keys })
}

/// `sort_by`: minhbach's `date`, `weight`, `title`, and Zola's names for the same orders
/// (`update_date` is by date, `slug` and `title_bytes` by title, `none` is minhbach's default).
fn sort_order(r: &mut MapReader<'_, '_>) -> String {
    let choices = ["date", "weight", "title", "update_date", "slug", "title_bytes", "none"];
    let order = match r.choice("sort_by", &choices).unwrap_or("date") {
        "weight" => "weight",
        "title" | "slug" | "title_bytes" => "title",
        _ => "date",
    };
    order.to_string()
}
