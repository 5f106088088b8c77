//! Typed records read from front matter: pages, sections, campaigns, documents, exemplars, award decisions.

use std::path::Path;

use serde::Serialize;

use super::common::*;
use crate::config::Config;
use crate::config::award_forms::{AwardForms, KIND_CHOICES, RecipientKind, read_form};
use crate::diag::{Diagnostic, Pos};
use crate::load::Source;
use crate::read::fields::MapReader;
use crate::read::yaml::{Node, node_to_json};
use crate::t;
use crate::vi::{self, PartialDate};

/// A date as templates see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DateView {
    /// `2022-09-16`, `2022-09` or `2022`.
    pub iso: String,
    /// `16/9/2022`.
    pub short: String,
    /// `ngày 16 tháng 9 năm 2022`.
    pub line: String,
    /// The year.
    pub year: i32,
    /// RFC 3339 for feeds and JSON-LD.
    pub rfc3339: String,
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
pub struct Meta {
    /// Site path, e.g. `/van-ban/263-kh-ubnd-2022/`.
    pub url: String,
    /// Last URL segment.
    pub slug: String,
    /// Source file relative to the site root.
    pub source: String,
    /// Title.
    pub title: String,
    /// Summary for listings and share previews.
    pub description: Option<String>,
    /// Date (publication, issue).
    pub date: Option<DateView>,
    /// Parsed date for sorting.
    #[serde(skip)]
    pub sort_date: Option<PartialDate>,
    /// Not published unless `--drafts`.
    pub draft: bool,
    /// Old paths that redirect here.
    pub aliases: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Categories.
    pub categories: Vec<String>,
    /// Free data.
    pub extra: serde_json::Value,
    /// Template override.
    pub template: Option<String>,
    /// Markdown body.
    #[serde(skip)]
    pub body_md: std::sync::Arc<str>,
    /// Line of the body's first line.
    #[serde(skip)]
    pub body_line: u32,
    /// Rendered body (filled by the render stage).
    pub content: std::sync::Arc<str>,
    /// Position of the front matter (for messages).
    #[serde(skip)]
    pub pos: Pos,
}

/// Keys every record kind accepts.
pub const COMMON_KEYS: &[&str] = &[
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
];

fn meta(
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
    let template = r.text("template");
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
            body_line: src.body_line,
            content: std::sync::Arc::from(""),
            pos: r.pos(),
        },
        slug,
    )
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
pub fn clean_site_path(p: &str) -> Option<String> {
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
fn check_slug(
    given: Option<(String, Pos)>,
    fallback: String,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> String {
    check_key_slug("slug", given, fallback, file, diags)
}

/// [`check_slug`] for an `id:` (ids are slugs too: they become URLs and anchors).
fn check_id(
    given: Option<(String, Pos)>,
    fallback: String,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> String {
    check_key_slug("id", given, fallback, file, diags)
}

fn check_key_slug(
    key: &str,
    given: Option<(String, Pos)>,
    fallback: String,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let Some((s, pos)) = given else { return fallback };
    let clean = vi::slugify(&s);
    if clean == s && !clean.is_empty() {
        return clean;
    }
    let fix = if clean.is_empty() { fallback.clone() } else { clean };
    diags.push(
        Diagnostic::error(
            "bad-slug",
            file,
            pos,
            t!(
                "`{key}: {s}` chỉ được gồm a-z, 0-9 và dấu -",
                "`{key}: {s}` may contain only a-z, 0-9 and -"
            ),
        )
        .with_hint(t!("viết `{key}: {fix}`", "write `{key}: {fix}`")),
    );
    fix
}

fn stem(src: &Source) -> String {
    src.content_rel.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string()
}

/// Site path of the folder a source sits in (`content/tin-tuc/a.md` -> `/tin-tuc/`), slugified.
pub fn folder_path(content_rel: &Path) -> String {
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

// ---- pages and sections ----------------------------------------------------------------------

/// A Markdown page.
#[derive(Clone, Debug, Serialize)]
pub struct Page {
    /// Common fields.
    #[serde(flatten)]
    pub meta: Meta,
    /// Order within its section (lower first).
    pub weight: Option<i64>,
    /// Site path of the section it belongs to.
    pub section: String,
    /// Hugo compatibility: last modification date.
    pub lastmod: Option<DateView>,
    /// Author(s).
    pub authors: Vec<String>,
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
pub fn read_page(src: &Source, diags: &mut Vec<Diagnostic>) -> Option<Page> {
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
pub struct Section {
    /// Common fields (url is the folder's path).
    #[serde(flatten)]
    pub meta: Meta,
    /// `date` (newest first, default), `weight` or `title`.
    pub sort_by: String,
    /// Items per page (default: site setting).
    pub paginate: Option<usize>,
}

/// Reads a section.
pub fn read_section(src: &Source, diags: &mut Vec<Diagnostic>) -> Option<Section> {
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

// ---- campaigns -------------------------------------------------------------------------------

/// A key figure shown on the home and campaign pages.
#[derive(Clone, Debug, Serialize)]
pub struct KeyFigure {
    /// What it is.
    pub label: String,
    /// The number.
    pub value: f64,
    /// Unit.
    pub unit: String,
    /// Formatted number and unit.
    pub display: String,
    /// Context (year, source).
    pub note: Option<String>,
}

/// A campaign (phong trào thi đua) and its period.
#[derive(Clone, Debug, Serialize)]
pub struct Campaign {
    /// Common fields.
    #[serde(flatten)]
    pub meta: Meta,
    /// Stable id.
    pub id: String,
    /// Short name.
    pub short_title: String,
    /// First year.
    pub from: Option<i32>,
    /// Last year.
    pub to: Option<i32>,
    /// `ended`, `active` or `planned`.
    pub status: String,
    /// Number of the document that launched it.
    pub launched_by: Option<String>,
    /// Resolved link to it.
    pub launched_by_link: Option<Link>,
    /// Previous campaign id.
    pub predecessor: Option<String>,
    /// Next campaign id.
    pub successor: Option<String>,
    /// Resolved links.
    pub predecessor_link: Option<Link>,
    /// Resolved links.
    pub successor_link: Option<Link>,
    /// Other spellings.
    pub names: Vec<String>,
    /// Key figures.
    pub key_figures: Vec<KeyFigure>,
    /// Documents of this campaign (filled by the model).
    pub documents: Vec<Link>,
    /// Award decisions of this campaign.
    pub decisions: Vec<Link>,
    /// Exemplars of this campaign.
    pub exemplars: Vec<Link>,
    /// Targets of its documents that have reported actuals (filled by `model::progress`).
    pub targets: Vec<super::progress::CampaignTarget>,
    /// Position of keys for messages.
    #[serde(skip)]
    pub ref_pos: Pos,
}

/// Reads a campaign.
pub fn read_campaign(src: &Source, diags: &mut Vec<Diagnostic>) -> Option<Campaign> {
    let front = src.front.as_ref()?;
    let mut r = MapReader::new(front, &src.rel, "phong trào / campaign", diags)?;
    let title = r.req_text(
        "title",
        "Phong trào thi đua \"Vì người nghèo - Không để ai bị bỏ lại phía sau\"",
    );
    let (mut m, slug) = meta(&mut r, src, title);
    let id_node = r.node("id");
    let id = r.text("id").unwrap_or_else(|| vi::slugify(&stem(src)));
    let short_title = r.text("short_title").unwrap_or_else(|| m.title.clone());
    let (mut from, mut to) = (None, None);
    if let Some(p) = r.map("period") {
        let file = r.file();
        if let Some(mut pr) = MapReader::new(p, file, "period", r.diags()) {
            from = pr.int("from").map(|v| v as i32);
            to = pr.int("to").map(|v| v as i32);
            pr.finish();
        }
    }
    let status =
        r.choice("status", &["ended", "active", "planned"]).unwrap_or("active").to_string();
    let launched_by = r.text("launched_by");
    let predecessor = r.text("predecessor");
    let successor = r.text("successor");
    let names = r.text_list("names");
    let mut key_figures = Vec::new();
    for n in r.list("key_figures") {
        let file = r.file();
        let Some(mut kr) = MapReader::new(n, file, "key_figures", r.diags()) else { continue };
        let label = kr.req_text("label", "Hộ nghèo giảm mỗi năm");
        let value = kr.number("value");
        let unit = kr.text("unit").unwrap_or_default();
        let note = kr.text("note");
        kr.finish();
        if let (Some(label), Some(value)) = (label, value) {
            let num = if value.fract() == 0.0 {
                vi::format_int(value as i64)
            } else {
                vi::format_decimal(value, 2)
            };
            let sep = if unit.is_empty() || unit == "%" { "" } else { " " };
            key_figures.push(KeyFigure {
                label,
                value,
                display: format!("{num}{sep}{unit}"),
                unit,
                note,
            });
        }
    }
    r.finish();
    let checked = check_id(
        id_node.and_then(|n| n.as_text().map(|s| (s, n.pos))),
        vi::slugify(&id),
        &src.rel,
        diags,
    );
    m.slug = check_slug(slug, checked.clone(), &src.rel, diags);
    Some(Campaign {
        meta: m,
        id: checked,
        short_title,
        from,
        to,
        status,
        launched_by,
        launched_by_link: None,
        predecessor,
        successor,
        predecessor_link: None,
        successor_link: None,
        names,
        key_figures,
        documents: Vec::new(),
        decisions: Vec::new(),
        exemplars: Vec::new(),
        targets: Vec::new(),
        ref_pos: front.pos,
    })
}

// ---- documents -------------------------------------------------------------------------------

/// A legal basis (căn cứ): a reference to another document.
#[derive(Clone, Debug, Serialize)]
pub struct Basis {
    /// Number as written.
    pub number: String,
    /// Lookup key.
    #[serde(skip)]
    pub key: String,
    /// Date.
    pub date: Option<DateView>,
    /// Parsed date.
    #[serde(skip)]
    pub sort_date: Option<PartialDate>,
    /// Issuer.
    pub issuer: Option<String>,
    /// Summary.
    pub title: Option<String>,
    /// Page of the cited document when the site has it.
    pub url: Option<String>,
    /// Position in the file.
    #[serde(skip)]
    pub pos: Pos,
}

/// A quota per (round, award form).
#[derive(Clone, Debug, Serialize)]
pub struct Quota {
    /// Round.
    pub round: Round,
    /// Award form code.
    pub form: String,
    /// Award form name.
    pub form_label: String,
    /// Most collectives.
    pub collective: Option<i64>,
    /// Most individuals.
    pub individual: Option<i64>,
    /// Bucket households count in (`individual`, `collective` or none).
    pub households_count_as: Option<String>,
    /// Position.
    #[serde(skip)]
    pub pos: Pos,
}

/// One required earlier award.
#[derive(Clone, Debug, Serialize)]
pub struct Need {
    /// Award form code.
    pub form: String,
    /// How many.
    pub count: i64,
}

/// A prerequisite rule: a form in a round needs earlier awards.
#[derive(Clone, Debug, Serialize)]
pub struct Prerequisite {
    /// Award form code.
    pub form: String,
    /// Round (all rounds when absent).
    pub round: Option<Round>,
    /// All of these.
    pub needs: Vec<Need>,
    /// Or any one of these.
    pub needs_any: Vec<Need>,
    /// Plain-language statement.
    pub display: String,
    /// Position.
    #[serde(skip)]
    pub pos: Pos,
}

/// Provenance of inferred facts.
#[derive(Clone, Debug, Serialize)]
pub struct SourceNote {
    /// What was inferred and from where.
    pub note: Option<String>,
    /// Where the original is.
    pub url: Option<String>,
}

/// A document: a plan (kế hoạch) or any other administrative document.
#[derive(Clone, Debug, Serialize)]
pub struct Document {
    /// Common fields (title = trích yếu).
    #[serde(flatten)]
    pub meta: Meta,
    /// Stable id (= slug).
    pub id: String,
    /// Số và ký hiệu.
    pub number: Option<DocNumber>,
    /// Type code (`KH`).
    pub type_code: Option<String>,
    /// Type name (`Kế hoạch`).
    pub type_name: String,
    /// Issuing body.
    pub issuer: String,
    /// Short issuer name.
    pub issuer_short: Option<String>,
    /// Parent body (cơ quan chủ quản).
    pub parent_issuer: Option<String>,
    /// Place (địa danh).
    pub place: Option<String>,
    /// `Bình Phước, ngày 16 tháng 9 năm 2022`.
    pub date_line: String,
    /// Signature block.
    pub signer: Option<Signer>,
    /// Nơi nhận.
    pub recipients: Vec<String>,
    /// Căn cứ.
    pub bases: Vec<Basis>,
    /// Reference to the plan this one carries out.
    pub implements: Option<String>,
    /// Resolved.
    pub implements_link: Option<Link>,
    /// Documents that carry this one out (filled by the model).
    pub implemented_by: Vec<Link>,
    /// Documents citing this one as a basis.
    pub cited_by: Vec<Link>,
    /// Award decisions under this plan.
    pub decisions: Vec<Link>,
    /// Campaign id.
    pub campaign: Option<String>,
    /// Resolved campaign.
    pub campaign_link: Option<Link>,
    /// Period years.
    pub period: Option<(i32, i32)>,
    /// Chỉ tiêu.
    pub targets: Vec<Target>,
    /// How many targets have reported actuals (filled by `model::progress`).
    pub targets_with_progress: usize,
    /// Award forms (codes).
    pub award_forms: Vec<String>,
    /// Award form names.
    pub award_form_labels: Vec<String>,
    /// Quotas.
    pub quotas: Vec<Quota>,
    /// Leaders at most this % of individuals.
    pub leader_share_max: Option<f64>,
    /// Prerequisites.
    pub prerequisites: Vec<Prerequisite>,
    /// Timeline.
    pub milestones: Vec<Milestone>,
    /// Provenance.
    pub provenance: Option<SourceNote>,
    /// Whether this is a plan (type KH).
    pub is_plan: bool,
    /// Rule results of the award decisions under this plan (filled by `model::rules`).
    pub rule_results: Vec<super::rules::PlanFinding>,
    /// (decisions checked, decisions meeting every rule).
    pub rule_totals: Option<(usize, usize)>,
    /// The implementation chain this document belongs to, as a tree.
    pub tree: Vec<super::rules::TreeItem>,
    /// The issuer's current name after a reorganisation (`site.yaml` `organizations`).
    pub issuer_now: Option<String>,
    /// Positions for messages.
    #[serde(skip)]
    pub key_pos: KeyPositions,
}

/// Where some keys are, for messages from later stages.
#[derive(Clone, Debug, Default)]
pub struct KeyPositions {
    /// `number:`.
    pub number: Pos,
    /// `date:`.
    pub date: Pos,
    /// `implements:` / `plan:`.
    pub reference: Pos,
    /// `campaign:`.
    pub campaign: Pos,
}

/// Keys a document accepts (documented in README).
pub const DOCUMENT_KEYS: &[&str] = &[
    "number",
    "type",
    "type_name",
    "issuer",
    "issuer_short",
    "parent_issuer",
    "place",
    "signer",
    "recipients",
    "bases",
    "implements",
    "campaign",
    "period",
    "targets",
    "award_forms",
    "quotas",
    "leader_share_max",
    "prerequisites",
    "milestones",
    "source",
];

/// Reads a document.
pub fn read_document(
    src: &Source,
    strict: bool,
    forms: &AwardForms,
    diags: &mut Vec<Diagnostic>,
) -> Option<Document> {
    let front = src.front.as_ref()?;
    let file = &src.rel;
    let mut r = MapReader::new(front, file, "văn bản / document", diags)?;
    let title = r.req_text("title", "Tổ chức thực hiện phong trào thi đua ...");
    let (mut m, slug) = meta(&mut r, src, title);
    let key_pos = KeyPositions {
        number: front.get("number").map(|n| n.pos).unwrap_or(front.pos),
        date: front.get("date").map(|n| n.pos).unwrap_or(front.pos),
        reference: front.get("implements").map(|n| n.pos).unwrap_or(front.pos),
        campaign: front.get("campaign").map(|n| n.pos).unwrap_or(front.pos),
    };
    let number = read_number(&mut r, strict);
    let type_node = r.node("type");
    let declared_type = r.text("type");
    let type_name_given = r.text("type_name");
    let issuer = r.req_text("issuer", "Ủy ban nhân dân tỉnh Bình Phước").unwrap_or_default();
    let issuer_short = r.text("issuer_short");
    let parent_issuer = r.text("parent_issuer");
    let place = r.text("place");
    let signer = Signer::read(&mut r, "signer");
    let recipients = r.text_list("recipients");
    let bases = read_bases(&mut r);
    let implements = r.text("implements");
    let campaign = r.text("campaign");
    let period = read_period(&mut r);
    let mut targets = Vec::new();
    for n in r.list("targets") {
        if let Some(t) = Target::read(n, file, r.diags()) {
            // Targets data files name a target by its id: one id per document.
            if targets.iter().any(|x: &Target| x.id == t.id) {
                let id = &t.id;
                r.report(
                    Diagnostic::error(
                        "duplicate-id",
                        file,
                        n.pos,
                        t!("hai chỉ tiêu cùng mã `{id}`", "two targets share the id `{id}`"),
                    )
                    .with_hint(t!(
                        "đặt `id:` khác nhau cho từng chỉ tiêu, ví dụ `id: giam-ho-ngheo-dtts`",
                        "give each target its own `id:`, e.g. `id: giam-ho-ngheo-dtts`"
                    )),
                );
            }
            targets.push(t);
        }
    }
    let mut award_forms = Vec::new();
    let forms_node = r.node("award_forms");
    for code in r.text_list("award_forms") {
        let at = forms_node.unwrap_or(front);
        if let Some(f) = read_form(forms, &code, at, file, r.diags()) {
            award_forms.push(f.code.to_string());
        }
    }
    let quotas = read_quotas(&mut r, forms);
    let leader_share_max = r.number("leader_share_max");
    let prerequisites = read_prerequisites(&mut r, forms);
    let mut milestones = Vec::new();
    for n in r.list("milestones") {
        if let Some(ms) = Milestone::read(n, file, r.diags()) {
            milestones.push(ms);
        }
    }
    let provenance = r.map("source").and_then(|n| {
        let mut sr = MapReader::new(n, file, "source", r.diags())?;
        let s = SourceNote { note: sr.text("note"), url: sr.url("url") };
        sr.finish();
        Some(s)
    });
    r.finish();

    if m.sort_date.is_none() && front.get("date").is_none() {
        diags.push(
            Diagnostic::error("missing-key", file, front.pos, t!("văn bản thiếu `date` (ngày ban hành)", "the document has no `date` (issue date)"))
                .with_hint(t!(
                    "thêm `date: 2022-09-16`; nếu văn bản để trống ngày, ghi phần đã biết: `date: 2022` hoặc `date: 2023-02`",
                    "add `date: 2022-09-16`; when the copy leaves it blank, give what is known: `date: 2022` or `date: 2023-02`"
                )),
        );
    }
    // Type: from the symbol, checked against the declared one.
    let symbol_type = number.as_ref().and_then(|n| n.type_code.clone());
    let type_code = match (&declared_type, &symbol_type) {
        (Some(d), Some(s)) if d != s => {
            let pos = type_node.map(|n| n.pos).unwrap_or(front.pos);
            let (dn, sn) = (type_name(d).unwrap_or(d), type_name(s).unwrap_or(s));
            diags.push(
                Diagnostic::error(
                    "type-mismatch",
                    file,
                    pos,
                    t!(
                        "`type: {d}` ({dn}) không khớp ký hiệu `{s}` ({sn}) trong số văn bản",
                        "`type: {d}` ({dn}) does not match the symbol's type `{s}` ({sn})"
                    ),
                )
                .with_hint(t!(
                    "loại văn bản lấy theo ký hiệu (phân biệt HD và HĐ): sửa `type` hoặc bỏ dòng này",
                    "the type comes from the symbol (HD is not HĐ): fix `type` or delete the line"
                )),
            );
            Some(s.clone())
        }
        (Some(d), _) => {
            if type_name(d).is_none() {
                let pos = type_node.map(|n| n.pos).unwrap_or(front.pos);
                let list = TYPE_CODES.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ");
                diags.push(
                    Diagnostic::error(
                        "unknown-type",
                        file,
                        pos,
                        t!(
                            "loại văn bản `{d}` không có trong danh mục",
                            "document type `{d}` is not known"
                        ),
                    )
                    .with_hint(t!(
                        "dùng mã theo Nghị định 30/2020 (phân biệt hoa thường): {list}",
                        "use a Decree 30/2020 code (case-sensitive): {list}"
                    )),
                );
            }
            Some(d.clone())
        }
        (None, s) => s.clone(),
    };
    let type_name_s = type_name_given
        .or_else(|| type_code.as_deref().and_then(type_name).map(str::to_string))
        .unwrap_or_else(|| "Văn bản".to_string());
    let year = m.sort_date.map(|d| d.year).or(number.as_ref().and_then(|n| n.year));
    let fallback = document_slug(
        number.as_ref(),
        type_code.as_deref(),
        issuer_short.as_deref().unwrap_or(&issuer),
        year,
        &m.title,
    );
    m.slug = check_slug(slug, fallback, file, diags);
    let date_line = match (&place, &m.sort_date) {
        (Some(p), Some(d)) => format!("{p}, {}", d.line_vi()),
        (None, Some(d)) => d.line_vi(),
        (Some(p), None) => p.clone(),
        (None, None) => String::new(),
    };
    let is_plan = type_code.as_deref() == Some("KH");
    let award_form_labels =
        award_forms.iter().filter_map(|c| forms.get(c)).map(|f| f.label.clone()).collect();
    Some(Document {
        id: m.slug.clone(),
        meta: m,
        number,
        type_code,
        type_name: type_name_s,
        issuer,
        issuer_short,
        parent_issuer,
        place,
        date_line,
        signer,
        recipients,
        bases,
        implements,
        implements_link: None,
        implemented_by: Vec::new(),
        cited_by: Vec::new(),
        decisions: Vec::new(),
        campaign,
        campaign_link: None,
        period,
        targets,
        targets_with_progress: 0,
        award_forms,
        award_form_labels,
        quotas,
        leader_share_max,
        prerequisites,
        milestones,
        provenance,
        is_plan,
        rule_results: Vec::new(),
        rule_totals: None,
        tree: Vec::new(),
        issuer_now: None,
        key_pos,
    })
}

fn read_number(r: &mut MapReader<'_, '_>, strict: bool) -> Option<DocNumber> {
    let n = r.node("number")?;
    let written = n.as_text().unwrap_or_default();
    if written.trim().is_empty() {
        return None;
    }
    let (num, issues) = DocNumber::parse(&written);
    let file = r.file();
    number_diags(&issues, &written, file, n.pos, r.diags(), strict);
    Some(num)
}

fn read_period(r: &mut MapReader<'_, '_>) -> Option<(i32, i32)> {
    let p = r.map("period")?;
    let file = r.file();
    let mut pr = MapReader::new(p, file, "period", r.diags())?;
    let from = pr.int("from");
    let to = pr.int("to");
    pr.finish();
    Some((from? as i32, to? as i32))
}

/// Slug of a document: `263-kh-ubnd-2022`; blank number: type, issuer, year and title.
pub fn document_slug(
    number: Option<&DocNumber>,
    type_code: Option<&str>,
    issuer: &str,
    year: Option<i32>,
    title: &str,
) -> String {
    let y = year.map(|y| y.to_string()).unwrap_or_default();
    let base = match number {
        Some(n) if n.number.is_some() => {
            // The year is part of the identity of administrative numbers, not of normative ones.
            if n.year.is_some() {
                vi::slugify(&n.key)
            } else {
                vi::slugify(&format!("{} {y}", n.key))
            }
        }
        _ => vi::slugify(&format!("{} {issuer} {y} {title}", type_code.unwrap_or(""))),
    };
    if base.is_empty() { "van-ban".into() } else { base }
}

fn read_bases(r: &mut MapReader<'_, '_>) -> Vec<Basis> {
    let mut out = Vec::new();
    let file = r.file();
    for n in r.list("bases") {
        let Some(mut br) = MapReader::new(n, file, "bases", r.diags()) else { continue };
        let number = br.req_text("number", "666/QĐ-TTg");
        let date = br.date("date");
        let issuer = br.text("issuer");
        let title = br.text("title");
        br.finish();
        if let Some(number) = number {
            let (dn, _) = DocNumber::parse(&number);
            out.push(Basis {
                number,
                key: dn.key,
                date: date.map(DateView::from),
                sort_date: date,
                issuer,
                title,
                url: None,
                pos: n.pos,
            });
        }
    }
    out
}

fn read_quotas(r: &mut MapReader<'_, '_>, forms: &AwardForms) -> Vec<Quota> {
    let mut out = Vec::new();
    let file = r.file();
    for n in r.list("quotas") {
        let Some(mut qr) = MapReader::new(n, file, "quotas", r.diags()) else { continue };
        let round = read_round(&mut qr, "round");
        if qr.node("round").is_none() {
            qr.report(Diagnostic::error(
                "missing-key",
                file,
                n.pos,
                t!("định mức thiếu `round`", "quota has no `round`"),
            ));
        }
        let form_node = qr.node("form");
        let form = qr.req_text("form", "BKTINH");
        let collective = qr.int("collective");
        let individual = qr.int("individual");
        let households_count_as =
            qr.choice("households_count_as", &["individual", "collective"]).map(str::to_string);
        qr.finish();
        let form = form.and_then(|f| read_form(forms, &f, form_node.unwrap_or(n), file, r.diags()));
        if let (Some(round), Some(form)) = (round, form) {
            out.push(Quota {
                round,
                form: form.code.clone(),
                form_label: form.label.clone(),
                collective,
                individual,
                households_count_as,
                pos: n.pos,
            });
        }
    }
    out
}

fn read_needs(r: &mut MapReader<'_, '_>, key: &'static str, forms: &AwardForms) -> Vec<Need> {
    let mut out = Vec::new();
    let file = r.file();
    for n in r.list(key) {
        let Some(mut nr) = MapReader::new(n, file, key, r.diags()) else { continue };
        let form_node = nr.node("form");
        let form = nr.req_text("form", "BKTINH");
        let count = nr.int("count").unwrap_or(1);
        nr.finish();
        if let Some(f) =
            form.and_then(|f| read_form(forms, &f, form_node.unwrap_or(n), file, r.diags()))
        {
            out.push(Need { form: f.code.clone(), count });
        }
    }
    out
}

fn read_prerequisites(r: &mut MapReader<'_, '_>, forms: &AwardForms) -> Vec<Prerequisite> {
    let mut out = Vec::new();
    let file = r.file();
    for n in r.list("prerequisites") {
        let Some(mut pr) = MapReader::new(n, file, "prerequisites", r.diags()) else { continue };
        let form_node = pr.node("form");
        let form = pr.req_text("form", "BKTTG");
        let round = if pr.node("round").is_some() { read_round(&mut pr, "round") } else { None };
        let needs = read_needs(&mut pr, "needs", forms);
        let needs_any = read_needs(&mut pr, "needs_any", forms);
        pr.finish();
        let Some(form) =
            form.and_then(|f| read_form(forms, &f, form_node.unwrap_or(n), file, r.diags()))
        else {
            continue;
        };
        let describe = |v: &[Need]| {
            v.iter()
                .map(|nd| format!("{} {}", vi::pad2(nd.count as u32), forms.label(&nd.form)))
                .collect::<Vec<_>>()
        };
        let mut display = form.label.to_string();
        if let Some(rd) = &round {
            display.push_str(&format!(" ({})", rd.label.to_lowercase()));
        }
        display.push_str(": cần ");
        let all = describe(&needs);
        let any = describe(&needs_any);
        display.push_str(&all.join(" và "));
        if !any.is_empty() {
            if !all.is_empty() {
                display.push_str(" và ");
            }
            display.push_str(&any.join(" hoặc "));
        }
        out.push(Prerequisite {
            form: form.code.clone(),
            round,
            needs,
            needs_any,
            display,
            pos: n.pos,
        });
    }
    out
}

// ---- exemplars -------------------------------------------------------------------------------

/// A photo with its consent record.
#[derive(Clone, Debug, Serialize)]
pub struct Photo {
    /// Image path.
    pub src: String,
    /// Text alternative.
    pub alt: String,
    /// The person agreed to publication.
    pub consent: bool,
}

/// An award received, as listed on an exemplar's page.
#[derive(Clone, Debug, Serialize)]
pub struct AwardEntry {
    /// Award form name.
    pub form: String,
    /// Round label.
    pub round: String,
    /// Decision number.
    pub number: String,
    /// Decision date.
    pub date: Option<DateView>,
    /// Link to the row on the decision page.
    pub url: String,
}

/// An exemplar (gương điển hình tiên tiến).
#[derive(Clone, Debug, Serialize)]
pub struct Exemplar {
    /// Common fields (title = headline, default the name).
    #[serde(flatten)]
    pub meta: Meta,
    /// Stable recipient id.
    pub id: String,
    /// Name as published.
    pub name: String,
    /// Sort name override.
    #[serde(skip)]
    pub sort_name: Option<String>,
    /// Collation key of the sort name (made when the file is read, so that a rebuild from
    /// cached records does not make it again).
    #[serde(skip)]
    pub sort_key: crate::vi::SortKey,
    /// Kind.
    pub kind: RecipientKind,
    /// Kind label.
    pub kind_label: &'static str,
    /// Position.
    pub position: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// Place.
    pub locality: Locality,
    /// Campaign id.
    pub campaign: Option<String>,
    /// Resolved campaign.
    pub campaign_link: Option<Link>,
    /// Achievements.
    pub achievements: Vec<String>,
    /// Photo.
    pub photo: Option<Photo>,
    /// Ethnicity, only with consent.
    pub ethnicity: Option<String>,
    /// Awards found in decisions (filled by the model).
    pub awards: Vec<AwardEntry>,
    /// Position of `campaign:`.
    #[serde(skip)]
    pub campaign_pos: Pos,
}

/// Reads an exemplar.
pub fn read_exemplar(src: &Source, diags: &mut Vec<Diagnostic>) -> Option<Exemplar> {
    let front = src.front.as_ref()?;
    let file = &src.rel;
    let mut r = MapReader::new(front, file, "gương điển hình / exemplar", diags)?;
    let name = r.req_text("name", "Nguyễn Văn A");
    let title = r.text("title").or_else(|| name.clone());
    let (mut m, slug) = meta(&mut r, src, title);
    let id_node = r.node("id");
    let sort_name = r.text("sort_name");
    let kind_node = r.node("kind");
    let kind = r.choice("kind", KIND_CHOICES).map(RecipientKind::from_choice);
    if kind_node.is_none() {
        r.report(
            Diagnostic::error(
                "missing-key",
                file,
                front.pos,
                t!("thiếu `kind` (loại điển hình)", "`kind` is missing"),
            )
            .with_hint(t!(
                "thêm `kind: individual` (hoặc collective, household, enterprise, cooperative)",
                "add `kind: individual` (or collective, household, enterprise, cooperative)"
            )),
        );
    }
    let position = r.text("position");
    let unit = r.text("unit");
    let locality = Locality::read(&mut r, "locality");
    let campaign = r.text("campaign");
    let achievements = r.text_list("achievements");
    let photo = r.map("photo").and_then(|n| {
        let mut pr = MapReader::new(n, file, "photo", r.diags())?;
        let src_ = pr.req_text("src", "/anh/ten-anh.jpg").and(pr.url("src"));
        let alt = pr.req_text("alt", "Ông Nguyễn Văn A bên vườn cà phê");
        let consent = pr.bool("consent").unwrap_or(false);
        pr.finish();
        Some(Photo { src: src_?, alt: alt.unwrap_or_default(), consent })
    });
    let ethnicity_node = r.node("ethnicity");
    let ethnicity = r.text("ethnicity");
    let ethnicity_consent = r.bool("ethnicity_consent").unwrap_or(false);
    r.finish();
    let name = name?;
    let kind = kind.unwrap_or(RecipientKind::Individual);
    if let (Some(_), false, Some(n)) = (&ethnicity, ethnicity_consent, ethnicity_node) {
        diags.push(
            Diagnostic::error(
                "privacy-ethnicity",
                file,
                n.pos,
                t!("dân tộc của một người là dữ liệu nhạy cảm: chỉ công bố khi có đồng ý", "a named person's ethnicity is sensitive data: publish it only with consent"),
            )
            .with_hint(t!("thêm `ethnicity_consent: true` khi đã có đồng ý bằng văn bản, hoặc xóa `ethnicity`", "add `ethnicity_consent: true` once written consent exists, or delete `ethnicity`")),
        );
    }
    if let Some(p) = &photo
        && !p.consent
        && kind.is_person()
    {
        let pos = front.get("photo").map(|n| n.pos).unwrap_or(front.pos);
        diags.push(
            Diagnostic::error(
                "privacy-photo",
                file,
                pos,
                t!("ảnh của một người cần có sự đồng ý", "a photo of a person needs consent"),
            )
            .with_hint(t!(
                "thêm `consent: true` trong `photo:` khi đã có đồng ý, hoặc bỏ ảnh",
                "add `consent: true` under `photo:` once consent exists, or remove the photo"
            )),
        );
    }
    let default_id =
        vi::slugify(&format!("{} {}", name, locality.commune.as_deref().unwrap_or("")));
    let id =
        check_id(id_node.and_then(|n| n.as_text().map(|s| (s, n.pos))), default_id, file, diags);
    m.slug = check_slug(slug, id.clone(), file, diags);
    let sort_key = match (&sort_name, kind.is_person()) {
        (Some(s), _) => vi::sort_key(s),
        (None, true) => vi::name_sort_key(&name),
        (None, false) => vi::sort_key(&name),
    };
    Some(Exemplar {
        meta: m,
        id,
        name,
        sort_name,
        sort_key,
        kind,
        kind_label: kind.label(),
        position,
        unit,
        locality,
        campaign,
        campaign_link: None,
        achievements,
        photo: photo.filter(|p| p.consent || !kind.is_person()),
        ethnicity: ethnicity.filter(|_| ethnicity_consent),
        awards: Vec::new(),
        campaign_pos: front.get("campaign").map(|n| n.pos).unwrap_or(front.pos),
    })
}

// ---- award decisions -------------------------------------------------------------------------

/// One recipient row of an award decision's annex.
#[derive(Clone, Debug, Serialize)]
pub struct Recipient {
    /// Row number in the annex (STT), from 1.
    pub stt: usize,
    /// Stable id (also the row's anchor).
    pub id: String,
    /// Kind.
    pub kind: RecipientKind,
    /// Kind label.
    pub kind_label: &'static str,
    /// Name.
    pub name: String,
    /// Position.
    pub position: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// Place.
    pub locality: Locality,
    /// Leader (phó trưởng phòng and above).
    pub leader: bool,
    /// Achievement.
    pub achievement: Option<String>,
    /// Exemplar id.
    pub exemplar: Option<String>,
    /// Resolved exemplar page.
    pub exemplar_url: Option<String>,
    /// Position in the file.
    #[serde(skip)]
    pub pos: Pos,
}

/// An award decision (quyết định khen thưởng) with its recipients.
#[derive(Clone, Debug, Serialize)]
pub struct Decision {
    /// Common fields (title = trích yếu).
    #[serde(flatten)]
    pub meta: Meta,
    /// Stable id (= slug).
    pub id: String,
    /// Số và ký hiệu.
    pub number: Option<DocNumber>,
    /// Issuer.
    pub issuer: String,
    /// Place.
    pub place: Option<String>,
    /// Date line.
    pub date_line: String,
    /// Signer.
    pub signer: Option<Signer>,
    /// Award form code.
    pub form: String,
    /// Award form name.
    pub form_label: String,
    /// Round.
    pub round: Option<Round>,
    /// Campaign id.
    pub campaign: Option<String>,
    /// Resolved.
    pub campaign_link: Option<Link>,
    /// Plan reference.
    pub plan: Option<String>,
    /// Resolved.
    pub plan_link: Option<Link>,
    /// Recipients in annex order.
    pub recipients: Vec<Recipient>,
    /// Counts by kind, for the summary line.
    pub counts: Vec<(String, usize)>,
    /// The plan's rules checked against this decision (filled by `model::rules`).
    pub findings: Vec<super::rules::Finding>,
    /// One line: `05/5 tập thể, 09/10 cá nhân; lãnh đạo 3/9 = 33,33% (tối đa 40%): đúng quy định`.
    pub findings_summary: Option<String>,
    /// Whether every rule is met (`None` when no rule applies).
    pub findings_ok: Option<bool>,
    /// The issuer's current name after a reorganisation (`site.yaml` `organizations`).
    pub issuer_now: Option<String>,
    /// Positions.
    #[serde(skip)]
    pub key_pos: KeyPositions,
}

/// Reads an award decision.
pub fn read_decision(
    src: &Source,
    strict: bool,
    forms: &AwardForms,
    diags: &mut Vec<Diagnostic>,
) -> Option<Decision> {
    let front = src.front.as_ref()?;
    let file = &src.rel;
    let mut r = MapReader::new(front, file, "quyết định khen thưởng / award decision", diags)?;
    let title = r.req_text("title", "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh");
    let (mut m, slug) = meta(&mut r, src, title);
    let key_pos = KeyPositions {
        number: front.get("number").map(|n| n.pos).unwrap_or(front.pos),
        date: front.get("date").map(|n| n.pos).unwrap_or(front.pos),
        reference: front.get("plan").map(|n| n.pos).unwrap_or(front.pos),
        campaign: front.get("campaign").map(|n| n.pos).unwrap_or(front.pos),
    };
    let number = read_number(&mut r, strict);
    if let Some(n) = &number
        && let Some(code) = n.type_code.as_deref()
        && code != "QĐ"
    {
        let (w, tn) = (&n.written, type_name(code).unwrap_or(code));
        let d = Diagnostic::warning(
            "decision-type",
            file,
            key_pos.number,
            t!(
                "số `{w}` là của một {tn} (`{code}`), không phải quyết định khen thưởng (`QĐ`)",
                "`{w}` is the number of a {tn} (`{code}`), not of an award decision (`QĐ`)"
            ),
        )
        .with_hint(t!(
            "chép đúng số, ký hiệu của quyết định, ví dụ `2105/QĐ-UBND`; văn bản khác đặt trong van-ban/",
            "copy the decision's own number, e.g. `2105/QĐ-UBND`; other documents go in van-ban/"
        ));
        r.report(if strict {
            Diagnostic { severity: crate::diag::Severity::Error, ..d }
        } else {
            d
        });
    }
    let issuer = r.req_text("issuer", "Ủy ban nhân dân tỉnh Bình Phước").unwrap_or_default();
    let place = r.text("place");
    let signer = Signer::read(&mut r, "signer");
    let form_node = r.node("form");
    let form_code = r.req_text("form", "BKTINH");
    let form =
        form_code.and_then(|c| read_form(forms, &c, form_node.unwrap_or(front), file, r.diags()));
    let round = if r.node("round").is_some() { read_round(&mut r, "round") } else { None };
    let campaign = r.text("campaign");
    let plan = r.text("plan");
    let mut recipients: Vec<Recipient> = Vec::new();
    let list = r.list("recipients");
    for (i, n) in list.iter().enumerate() {
        if let Some(rec) = read_recipient(n, i + 1, file, r.diags()) {
            recipients.push(rec);
        }
    }
    r.finish();
    if list.is_empty() {
        diags.push(
            Diagnostic::error(
                "no-recipients",
                file,
                front.pos,
                t!(
                    "quyết định không có danh sách `recipients`",
                    "the decision has no `recipients` list"
                ),
            )
            .with_hint(t!(
                "thêm danh sách người, tập thể được khen theo thứ tự STT của phụ lục",
                "add the people and collectives in the annex's order (STT)"
            )),
        );
    }
    // Recipient ids are row anchors: unique within the decision.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for rec in &recipients {
        if let Some(first) = seen.insert(rec.id.clone(), rec.stt) {
            let id = &rec.id;
            diags.push(
                Diagnostic::error(
                    "duplicate-id",
                    file,
                    rec.pos,
                    t!("mã người nhận `{id}` trùng với dòng STT {first}", "recipient id `{id}` repeats row {first}"),
                )
                .with_hint(t!(
                    "mỗi người, tập thể chỉ ghi một lần trong một quyết định; nếu là hai người trùng tên, đặt `id` khác nhau",
                    "list each recipient once per decision; for two people with the same name, give each its own `id`"
                )),
            );
        }
    }
    let year = m.sort_date.map(|d| d.year);
    let fallback = document_slug(number.as_ref(), Some("QĐ"), &issuer, year, &m.title);
    m.slug = check_slug(slug, fallback, file, diags);
    let date_line = match (&place, &m.sort_date) {
        (Some(p), Some(d)) => format!("{p}, {}", d.line_vi()),
        (None, Some(d)) => d.line_vi(),
        _ => String::new(),
    };
    let mut counts: Vec<(String, usize)> = Vec::new();
    for k in [
        RecipientKind::Collective,
        RecipientKind::Individual,
        RecipientKind::Household,
        RecipientKind::Enterprise,
        RecipientKind::Cooperative,
    ] {
        let c = recipients.iter().filter(|r| r.kind == k).count();
        if c > 0 {
            counts.push((k.label().to_lowercase(), c));
        }
    }
    Some(Decision {
        id: m.slug.clone(),
        meta: m,
        number,
        issuer,
        place,
        date_line,
        signer,
        form: form.map(|f| f.code.to_string()).unwrap_or_default(),
        form_label: form.map(|f| f.label.to_string()).unwrap_or_default(),
        round,
        campaign,
        campaign_link: None,
        plan,
        plan_link: None,
        recipients,
        counts,
        findings: Vec::new(),
        findings_summary: None,
        findings_ok: None,
        issuer_now: None,
        key_pos,
    })
}

fn read_recipient(
    n: &Node,
    stt: usize,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Recipient> {
    let mut r = MapReader::new(n, file, "recipient", diags)?;
    let id_node = r.node("id");
    let kind = r.choice("kind", KIND_CHOICES).map(RecipientKind::from_choice);
    if n.get("kind").is_none() {
        r.report(
            Diagnostic::error(
                "missing-key",
                file,
                n.pos,
                t!("người nhận STT {stt} thiếu `kind`", "recipient row {stt} has no `kind`"),
            )
            .with_hint(t!(
                "thêm `kind: individual` hoặc `collective`, `household`",
                "add `kind: individual` or `collective`, `household`"
            )),
        );
    }
    let name = r.req_text("name", "Nguyễn Văn A");
    let position = r.text("position");
    let unit = r.text("unit");
    let locality = Locality::read(&mut r, "locality");
    let leader = r.bool("leader").unwrap_or(false);
    let achievement = r.text("achievement");
    let exemplar = r.text("exemplar");
    r.finish();
    let name = name?;
    let kind = kind.unwrap_or(RecipientKind::Individual);
    let default_id =
        vi::slugify(&format!("{} {}", name, locality.commune.as_deref().unwrap_or("")));
    let id =
        check_id(id_node.and_then(|x| x.as_text().map(|s| (s, x.pos))), default_id, file, diags);
    Some(Recipient {
        stt,
        id,
        kind,
        kind_label: kind.label(),
        name,
        position,
        unit,
        locality,
        leader,
        achievement,
        exemplar,
        exemplar_url: None,
        pos: n.pos,
    })
}

/// The URL prefix of a special folder (`/van-ban/`).
pub fn kind_root(folder: &str) -> String {
    format!("/{}/", vi::slugify(folder))
}

/// Sets final URLs from slugs and folders.
pub fn assign_urls(
    config: &Config,
    documents: &mut [Document],
    exemplars: &mut [Exemplar],
    decisions: &mut [Decision],
    campaigns: &mut [Campaign],
) {
    let f = &config.folders;
    for d in documents {
        d.meta.url = format!("{}{}/", kind_root(&f.documents), d.meta.slug);
    }
    for e in exemplars {
        e.meta.url = format!("{}{}/", kind_root(&f.exemplars), e.meta.slug);
    }
    for d in decisions {
        d.meta.url = format!("{}{}/", kind_root(&f.decisions), d.meta.slug);
    }
    for c in campaigns {
        c.meta.url = format!("{}{}/", kind_root(&f.campaigns), c.meta.slug);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_slugs() {
        let (n, _) = DocNumber::parse("263/KH-UBND");
        assert_eq!(
            document_slug(Some(&n), Some("KH"), "UBND", Some(2022), "x"),
            "263-kh-ubnd-2022"
        );
        let (n, _) = DocNumber::parse("24/2021/QĐ-TTg");
        assert_eq!(document_slug(Some(&n), Some("QĐ"), "TTg", Some(2021), "x"), "24-2021-qd-ttg");
        let (n, _) = DocNumber::parse("/KH-BDT");
        assert_eq!(
            document_slug(Some(&n), Some("KH"), "Ban Dân tộc", Some(2022), "Triển khai"),
            "kh-ban-dan-toc-2022-trien-khai"
        );
    }

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
