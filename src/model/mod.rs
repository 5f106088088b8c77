//! Model stage: typed records from the loaded files, cross-references resolved through indexes, rules checked.
//!
//! Every lookup goes through a hash index built once, so resolving references is linear in the
//! number of records. Dangling references, duplicate ids and duplicate URLs are reported here.

pub mod cache;
pub mod common;
pub mod fund;
pub mod orgs;
pub mod privacy;
pub mod progress;
pub mod records;
pub mod rules;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::diag::{Diagnostic, Pos};
use crate::load::{Source, SourceKind};
use crate::t;
use crate::vi;
use common::Link;
pub use records::*;

/// Options of the model stage.
#[derive(Clone, Copy, Debug, Default)]
pub struct ModelOptions {
    /// Keep drafts.
    pub drafts: bool,
    /// Warnings about document formalities become errors.
    pub strict: bool,
    /// Leave the taxonomies (`tags`, `categories`) empty: for a partial render that makes no
    /// tag or category page (they are used nowhere else).
    pub skip_terms: bool,
}

/// A taxonomy term and the pages carrying it.
#[derive(Clone, Debug, Serialize)]
pub struct Term {
    /// Name as written.
    pub name: String,
    /// URL segment.
    pub slug: String,
    /// Page.
    pub url: String,
    /// Pages with it.
    pub pages: Vec<Link>,
}

/// A copied file from `content/` (an image next to its page).
#[derive(Clone, Debug)]
pub struct Asset {
    /// Absolute source.
    pub abs: PathBuf,
    /// Output path relative to the output root.
    pub out_rel: PathBuf,
}

/// The whole site as typed records.
#[derive(Clone, Debug)]
pub struct Site {
    /// Configuration.
    pub config: Config,
    /// The home page's `_index.md`, if any.
    pub home: Option<Section>,
    /// Pages.
    pub pages: Vec<Page>,
    /// Sections other than the home.
    pub sections: Vec<Section>,
    /// Campaigns, newest first.
    pub campaigns: Vec<Campaign>,
    /// Documents, newest first.
    pub documents: Vec<Document>,
    /// Exemplars, by Vietnamese name order.
    pub exemplars: Vec<Exemplar>,
    /// Award decisions, newest first.
    pub decisions: Vec<Decision>,
    /// Fund periods, oldest first.
    pub fund: Vec<fund::Period>,
    /// Tags.
    pub tags: Vec<Term>,
    /// Categories.
    pub categories: Vec<Term>,
    /// Files to copy.
    pub assets: Vec<Asset>,
}

/// Site path of the tag pages (`/the/<slug>/`).
pub const TAG_ROOT: &str = "/the/";
/// Site path of the category pages (`/chuyen-muc/<slug>/`).
pub const CATEGORY_ROOT: &str = "/chuyen-muc/";

impl Site {
    /// The two taxonomies: (site path of their pages, Vietnamese name, terms).
    pub fn taxonomies(&self) -> [(&'static str, &'static str, &[Term]); 2] {
        [(TAG_ROOT, "Thẻ", &self.tags), (CATEGORY_ROOT, "Chuyên mục", &self.categories)]
    }

    /// Number of records of every kind.
    pub fn record_count(&self) -> usize {
        self.pages.len()
            + self.campaigns.len()
            + self.documents.len()
            + self.exemplars.len()
            + self.decisions.len()
            + self.fund.iter().map(|p| p.receipts.len() + p.disbursements.len()).sum::<usize>()
    }
}

#[derive(Clone)]
enum Rec {
    Page(Box<Page>),
    Section(Box<Section>),
    Campaign(Box<Campaign>),
    Document(Box<Document>),
    Exemplar(Box<Exemplar>),
    Decision(Box<Decision>),
}

/// A file read as a record, with the problems found reading it.
type Parsed = (Option<Rec>, Vec<Diagnostic>);

/// What the model stage of a long-running process (`minhbach serve`) keeps between builds:
/// the typed records and the privacy findings of the files that did not change.
#[derive(Default)]
pub struct ModelCache {
    /// Records read from unchanged files, valid under the same settings (strictness, forms).
    records: cache::PerSource<(bool, crate::config::AwardForms), Parsed>,
    /// Privacy findings of unchanged files.
    pub privacy: privacy::PrivacyCache,
}

impl std::fmt::Debug for ModelCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelCache").finish_non_exhaustive()
    }
}

/// Builds the model from loaded sources. Problems go to `diags`.
pub fn build(
    config: &Config,
    sources: &[impl std::borrow::Borrow<Source> + Sync],
    opts: ModelOptions,
    diags: &mut Vec<Diagnostic>,
) -> Site {
    let started = std::time::Instant::now();
    let parsed: Vec<Parsed> = sources
        .par_iter()
        .map(|s| s.borrow())
        .filter(|s| is_record(s))
        .map(|s| read_record(s, config, opts))
        .collect();
    build_with(config, sources, opts, diags, started, parsed, &mut |d| {
        privacy::check(config, sources, d)
    })
}

/// [`build`] for a long-running process: the records and privacy scan of a file read by an
/// earlier run (the same `Arc`) are taken from `cache`.
pub fn build_cached(
    config: &Config,
    sources: &[std::sync::Arc<Source>],
    opts: ModelOptions,
    diags: &mut Vec<Diagnostic>,
    cache: &mut ModelCache,
) -> Site {
    let started = std::time::Instant::now();
    let parsed = cache.records.map(
        (opts.strict, config.award_forms.clone()),
        sources.par_iter().filter(|s| is_record(s)),
        |s| read_record(s, config, opts),
    );
    build_with(config, sources, opts, diags, started, parsed, &mut |d| {
        privacy::check_cached(config, sources, d, &mut cache.privacy)
    })
}

/// Files that hold one record each (the fund, targets and assets are read otherwise).
fn is_record(s: &Source) -> bool {
    !matches!(
        s.kind,
        SourceKind::FundPeriod | SourceKind::FundCsv | SourceKind::Asset | SourceKind::Targets
    )
}

/// The typed record of one file.
fn read_record(s: &Source, config: &Config, opts: ModelOptions) -> Parsed {
    let mut ds = Vec::new();
    let rec = match s.kind {
        SourceKind::Page => read_page(s, &mut ds).map(|r| Rec::Page(Box::new(r))),
        SourceKind::Section => read_section(s, &mut ds).map(|r| Rec::Section(Box::new(r))),
        SourceKind::Campaign => read_campaign(s, &mut ds).map(|r| Rec::Campaign(Box::new(r))),
        SourceKind::Document => read_document(s, opts.strict, &config.award_forms, &mut ds)
            .map(|r| Rec::Document(Box::new(r))),
        SourceKind::Exemplar => read_exemplar(s, &mut ds).map(|r| Rec::Exemplar(Box::new(r))),
        SourceKind::Decision => read_decision(s, opts.strict, &config.award_forms, &mut ds)
            .map(|r| Rec::Decision(Box::new(r))),
        _ => None,
    };
    (rec, ds)
}

#[allow(clippy::too_many_arguments)]
fn build_with(
    config: &Config,
    sources: &[impl std::borrow::Borrow<Source> + Sync],
    opts: ModelOptions,
    diags: &mut Vec<Diagnostic>,
    started: std::time::Instant,
    parsed: Vec<Parsed>,
    privacy_check: &mut dyn FnMut(&mut Vec<Diagnostic>),
) -> Site {
    let timings = std::env::var_os("MINHBACH_TIMINGS").is_some();
    let lap = |what: &str| {
        if timings {
            eprintln!("[timings]   model {what}: {} ms", started.elapsed().as_millis());
        }
    };
    lap("read records");
    let mut site = Site {
        config: config.clone(),
        home: None,
        pages: Vec::new(),
        sections: Vec::new(),
        campaigns: Vec::new(),
        documents: Vec::new(),
        exemplars: Vec::new(),
        decisions: Vec::new(),
        fund: Vec::new(),
        tags: Vec::new(),
        categories: Vec::new(),
        assets: Vec::new(),
    };
    // Room for every record up front: records are large, and growing a vector moves them.
    let count =
        |f: fn(&Rec) -> bool| parsed.iter().filter(|(r, _)| r.as_ref().is_some_and(f)).count();
    site.pages.reserve_exact(count(|r| matches!(r, Rec::Page(_))));
    site.exemplars.reserve_exact(count(|r| matches!(r, Rec::Exemplar(_))));
    site.documents.reserve_exact(count(|r| matches!(r, Rec::Document(_))));
    site.decisions.reserve_exact(count(|r| matches!(r, Rec::Decision(_))));
    for (rec, ds) in parsed {
        diags.extend(ds);
        let keep = |draft: bool| opts.drafts || !draft;
        match rec {
            Some(Rec::Page(p)) if keep(p.meta.draft) => site.pages.push(*p),
            Some(Rec::Section(s)) if keep(s.meta.draft) => {
                if s.meta.url == "/" {
                    site.home = Some(*s);
                } else {
                    site.sections.push(*s);
                }
            }
            Some(Rec::Campaign(c)) if keep(c.meta.draft) => site.campaigns.push(*c),
            Some(Rec::Document(d)) if keep(d.meta.draft) => site.documents.push(*d),
            Some(Rec::Exemplar(e)) if keep(e.meta.draft) => site.exemplars.push(*e),
            Some(Rec::Decision(d)) if keep(d.meta.draft) => site.decisions.push(*d),
            _ => {}
        }
    }
    // Fund.
    let periods: Vec<&Source> =
        sources.iter().map(|s| s.borrow()).filter(|s| s.kind == SourceKind::FundPeriod).collect();
    let csvs: HashMap<PathBuf, &Source> = sources
        .iter()
        .map(|s| s.borrow())
        .filter(|s| s.kind == SourceKind::FundCsv)
        .map(|s| (s.content_rel.clone(), s))
        .collect();
    site.fund = fund::read_fund(&periods, &csvs, &fund_root(config), &config.fund, diags);
    lap("fund");
    privacy_check(diags);
    lap("privacy");
    // Assets.
    for s in sources.iter().map(|s| s.borrow()).filter(|s| s.kind == SourceKind::Asset) {
        let rel = folder_path(&s.content_rel);
        let name = s.content_rel.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        site.assets.push(Asset {
            abs: s.abs.clone(),
            out_rel: PathBuf::from(rel.trim_start_matches('/')).join(name),
        });
    }

    lap("assets");
    assign_urls(
        config,
        &mut site.documents,
        &mut site.exemplars,
        &mut site.decisions,
        &mut site.campaigns,
    );
    lap("urls");
    check_unique(&site, diags);
    lap("unique");
    resolve(&mut site, diags);
    lap("resolve");
    orgs::apply(&mut site, diags);
    let target_files: Vec<&Source> =
        sources.iter().map(|s| s.borrow()).filter(|s| s.kind == SourceKind::Targets).collect();
    progress::apply(&mut site, &target_files, diags);
    fund::link_decisions(&mut site.fund, &site.decisions);
    lap("orgs, progress");
    rules::check(&mut site, diags);
    lap("rules");
    rules::implementation_trees(&mut site);
    lap("trees");
    sort(&mut site);
    lap("sort");
    if !opts.skip_terms {
        site.tags = terms(&site, TAG_ROOT, |m| &m.tags);
        site.categories = terms(&site, CATEGORY_ROOT, |m| &m.categories);
    }
    lap("terms");
    site
}

/// The fund's site path root (`/quy-vi-nguoi-ngheo/`).
pub fn fund_root(_config: &Config) -> String {
    "/quy-vi-nguoi-ngheo/".to_string()
}

fn all_metas(site: &Site) -> Vec<&Meta> {
    let mut v: Vec<&Meta> = Vec::new();
    v.extend(site.pages.iter().map(|p| &p.meta));
    v.extend(site.sections.iter().map(|p| &p.meta));
    v.extend(site.campaigns.iter().map(|p| &p.meta));
    v.extend(site.documents.iter().map(|p| &p.meta));
    v.extend(site.exemplars.iter().map(|p| &p.meta));
    v.extend(site.decisions.iter().map(|p| &p.meta));
    v
}

/// Two records must not share a URL, an alias, or (per kind) an id.
fn check_unique(site: &Site, diags: &mut Vec<Diagnostic>) {
    let mut urls: rustc_hash::FxHashMap<&str, &str> = Default::default();
    for m in all_metas(site) {
        for u in std::iter::once(&m.url).chain(m.aliases.iter()) {
            if let Some(other) = urls.insert(u.as_str(), m.source.as_str()) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-url",
                        Path::new(&m.source),
                        m.pos,
                        t!("địa chỉ {u} trùng với {other}", "address {u} is also used by {other}"),
                    )
                    .with_hint(t!(
                        "đặt `slug:` khác cho một trong hai tệp (ví dụ thêm năm hoặc tên cơ quan)",
                        "give one of the two files a different `slug:` (e.g. add the year or the issuer)"
                    )),
                );
            }
        }
    }
    let mut ids: rustc_hash::FxHashMap<&str, &str> = Default::default();
    for c in &site.campaigns {
        if let Some(other) = ids.insert(c.id.as_str(), c.meta.source.as_str()) {
            let id = &c.id;
            diags.push(Diagnostic::error(
                "duplicate-id",
                Path::new(&c.meta.source),
                c.meta.pos,
                t!(
                    "mã phong trào `{id}` trùng với {other}",
                    "campaign id `{id}` is also used by {other}"
                ),
            ));
        }
    }
    let mut ex: rustc_hash::FxHashMap<&str, &str> = Default::default();
    for e in &site.exemplars {
        if let Some(other) = ex.insert(e.id.as_str(), e.meta.source.as_str()) {
            let id = &e.id;
            diags.push(
                Diagnostic::error(
                    "duplicate-id",
                    Path::new(&e.meta.source),
                    e.meta.pos,
                    t!(
                        "mã gương điển hình `{id}` trùng với {other}",
                        "exemplar id `{id}` is also used by {other}"
                    ),
                )
                .with_hint(t!(
                    "đặt `id:` khác nhau (ví dụ thêm tên thôn, xã)",
                    "give each its own `id:` (e.g. add the hamlet or commune)"
                )),
            );
        }
    }
    // Document identity: (issuer, number, symbol, year) for numbered documents.
    // The issuer is the listed organisation when `organizations` knows its name, short name or
    // alias, so `UBND tỉnh Bình Phước` and `Ủy ban nhân dân tỉnh Bình Phước` are one issuer.
    let org_idx = orgs::OrgIndex::new(&site.config.organizations);
    let mut keys: HashMap<(String, String, i32), &str> = HashMap::new();
    for d in site.documents.iter() {
        let (Some(n), Some(date)) = (&d.number, d.meta.sort_date) else { continue };
        if n.number.is_none() {
            continue;
        }
        let issuer =
            org_idx.find(&d.issuer).map(|o| o.id.clone()).unwrap_or_else(|| vi::fold(&d.issuer));
        let k = (issuer, n.key.clone(), n.year.unwrap_or(date.year));
        if let Some(other) = keys.insert(k, d.meta.source.as_str()) {
            let num = &n.written;
            diags.push(
                Diagnostic::error(
                    "duplicate-document",
                    Path::new(&d.meta.source),
                    d.key_pos.number,
                    t!(
                        "văn bản số {num} của cùng cơ quan, cùng năm đã có ở {other}",
                        "document {num} of the same issuer and year already exists in {other}"
                    ),
                )
                .with_hint(t!(
                    "số văn bản là duy nhất trong một năm: kiểm tra lại số hoặc năm",
                    "a number is unique within a year: check the number or the year"
                )),
            );
        }
    }
}

/// Document lookup by number (spaces removed) and by id, built once.
struct DocIndex {
    by_key: HashMap<String, Vec<usize>>,
    by_id: HashMap<String, usize>,
}

impl DocIndex {
    fn new(docs: &[Document]) -> DocIndex {
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_id = HashMap::new();
        for (i, d) in docs.iter().enumerate() {
            if let Some(n) = &d.number
                && n.number.is_some()
            {
                by_key.entry(n.key.clone()).or_default().push(i);
            }
            by_id.insert(d.id.clone(), i);
        }
        DocIndex { by_key, by_id }
    }

    /// Finds a document from a reference: its number (`263/KH-UBND`), optionally narrowed by a
    /// year, or its id/slug.
    fn find(&self, docs: &[Document], reference: &str, year: Option<i32>) -> Option<usize> {
        let key: String = reference.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(c) = self.by_key.get(&key) {
            if c.len() == 1 || year.is_none() {
                return c.first().copied();
            }
            return c
                .iter()
                .copied()
                .find(|&i| docs[i].meta.sort_date.map(|d| d.year) == year)
                .or(c.first().copied());
        }
        self.by_id.get(&vi::slugify(reference)).copied()
    }
}

/// The number of a document as shown, or its id when it has none.
fn p_display(d: &Document) -> String {
    d.number.as_ref().map(|n| n.display()).unwrap_or_else(|| d.id.clone())
}

fn link_doc(d: &Document) -> Link {
    Link {
        title: d.meta.title.clone(),
        url: d.meta.url.clone(),
        note: Some(
            [d.number.as_ref().map(|n| n.display()), d.meta.date.as_ref().map(|x| x.short.clone())]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
        ),
    }
}

fn dangling(
    file: &str,
    pos: Pos,
    what_vi: &str,
    what_en: &str,
    reference: &str,
    hint: crate::diag::Text,
) -> Diagnostic {
    Diagnostic::error(
        "dangling-reference",
        Path::new(file),
        pos,
        t!(
            "{what_vi} `{reference}` không có trong trang",
            "{what_en} `{reference}` does not exist in the site"
        ),
    )
    .with_hint(hint)
}

fn resolve(site: &mut Site, diags: &mut Vec<Diagnostic>) {
    let idx = DocIndex::new(&site.documents);
    let campaign_idx: HashMap<String, usize> =
        site.campaigns.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
    let exemplar_idx: HashMap<String, usize> =
        site.exemplars.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
    let campaign_hint = || {
        t!(
            "dùng `id` của một tệp trong phong-trao/, ví dụ `vi-nguoi-ngheo-2021-2025`",
            "use the `id` of a file in phong-trao/, e.g. `vi-nguoi-ngheo-2021-2025`"
        )
    };
    let campaign_link =
        |c: &Campaign| Link { title: c.short_title.clone(), url: c.meta.url.clone(), note: None };

    // Documents: bases, implements, campaign; dates not before what they cite.
    let mut implemented_by: Vec<(usize, Link)> = Vec::new();
    let mut cited_by: Vec<(usize, Link)> = Vec::new();
    let mut campaign_docs: Vec<(usize, Link)> = Vec::new();
    for i in 0..site.documents.len() {
        let (doc_link, date, source) = {
            let d = &site.documents[i];
            (link_doc(d), d.meta.sort_date, d.meta.source.clone())
        };
        for b in 0..site.documents[i].bases.len() {
            let (key, year, pos, mut bdate) = {
                let basis = &site.documents[i].bases[b];
                (basis.key.clone(), basis.sort_date.map(|d| d.year), basis.pos, basis.sort_date)
            };
            if let Some(j) = idx.find(&site.documents, &key, year)
                && j != i
            {
                site.documents[i].bases[b].url = Some(site.documents[j].meta.url.clone());
                cited_by.push((j, doc_link.clone()));
                // A basis written without its date is dated by the page the site has for it.
                if bdate.is_none() {
                    bdate = site.documents[j].meta.sort_date;
                }
            }
            if let (Some(d), Some(bd)) = (date, bdate)
                && (d.is_complete() && bd.is_complete() && d < bd || (d.year < bd.year))
            {
                let (ds, bs, num) = (d.short_vi(), bd.short_vi(), key.clone());
                diags.push(
                        Diagnostic::error(
                            "date-before-basis",
                            Path::new(&source),
                            pos,
                            t!("văn bản ngày {ds} không thể căn cứ văn bản {num} ban hành sau đó ({bs})", "a document dated {ds} cannot cite {num}, issued later ({bs})"),
                        )
                        .with_hint(t!("kiểm tra lại ngày của văn bản hoặc của căn cứ", "check the date of the document or of the basis")),
                    );
            }
        }
        if let Some(r) = site.documents[i].implements.clone() {
            match idx.find(&site.documents, &r, None) {
                Some(j) if j != i => {
                    let parent = link_doc(&site.documents[j]);
                    let pdate = site.documents[j].meta.sort_date;
                    site.documents[i].implements_link = Some(parent);
                    implemented_by.push((j, doc_link.clone()));
                    if let (Some(d), Some(p)) = (date, pdate)
                        && (d.year < p.year || (d.is_complete() && p.is_complete() && d < p))
                    {
                        let (ds, ps) = (d.short_vi(), p.short_vi());
                        diags.push(Diagnostic::error(
                                "date-before-parent",
                                Path::new(&source),
                                site.documents[i].key_pos.reference,
                                t!("kế hoạch ngày {ds} sớm hơn kế hoạch cấp trên mà nó thực hiện ({ps})", "plan dated {ds} is earlier than the parent plan it carries out ({ps})"),
                            ));
                    }
                }
                _ => diags.push(dangling(
                    &source,
                    site.documents[i].key_pos.reference,
                    "văn bản được thực hiện",
                    "implemented document",
                    &r,
                    t!(
                        "thêm văn bản đó vào van-ban/, hoặc sửa số cho đúng như ghi trên văn bản",
                        "add that document to van-ban/, or fix the number as written on it"
                    ),
                )),
            }
        }
        if let Some(c) = site.documents[i].campaign.clone() {
            match campaign_idx.get(&c) {
                Some(&ci) => {
                    site.documents[i].campaign_link = Some(campaign_link(&site.campaigns[ci]));
                    campaign_docs.push((ci, doc_link.clone()));
                }
                None => diags.push(dangling(
                    &source,
                    site.documents[i].key_pos.campaign,
                    "phong trào",
                    "campaign",
                    &c,
                    campaign_hint(),
                )),
            }
        }
    }
    for (j, l) in implemented_by {
        site.documents[j].implemented_by.push(l);
    }
    for (j, l) in cited_by {
        site.documents[j].cited_by.push(l);
    }
    for (ci, l) in campaign_docs {
        site.campaigns[ci].documents.push(l);
    }

    // Campaigns: launched_by, predecessor/successor.
    for ci in 0..site.campaigns.len() {
        let (source, pos) = (site.campaigns[ci].meta.source.clone(), site.campaigns[ci].ref_pos);
        if let Some(r) = site.campaigns[ci].launched_by.clone() {
            match idx.find(&site.documents, &r, None) {
                Some(j) => site.campaigns[ci].launched_by_link = Some(link_doc(&site.documents[j])),
                None => diags.push(
                    Diagnostic::warning(
                        "unresolved-reference",
                        Path::new(&source),
                        pos,
                        t!(
                            "văn bản phát động `{r}` chưa có trong trang",
                            "launching document `{r}` is not in the site"
                        ),
                    )
                    .with_hint(t!(
                        "thêm văn bản vào van-ban/ để người đọc mở được",
                        "add it to van-ban/ so readers can open it"
                    )),
                ),
            }
        }
        for which in [0, 1] {
            let r = if which == 0 {
                site.campaigns[ci].predecessor.clone()
            } else {
                site.campaigns[ci].successor.clone()
            };
            let Some(r) = r else { continue };
            match campaign_idx.get(&r) {
                Some(&k) => {
                    let l = campaign_link(&site.campaigns[k]);
                    if which == 0 {
                        site.campaigns[ci].predecessor_link = Some(l);
                    } else {
                        site.campaigns[ci].successor_link = Some(l);
                    }
                }
                None => diags.push(dangling(
                    &source,
                    pos,
                    "phong trào",
                    "campaign",
                    &r,
                    campaign_hint(),
                )),
            }
        }
    }

    // Exemplars: campaign.
    let mut campaign_ex: Vec<(usize, Link)> = Vec::new();
    for e in &mut site.exemplars {
        if let Some(c) = &e.campaign {
            match campaign_idx.get(c) {
                Some(&ci) => {
                    e.campaign_link = Some(campaign_link(&site.campaigns[ci]));
                    campaign_ex.push((
                        ci,
                        Link {
                            title: e.name.clone(),
                            url: e.meta.url.clone(),
                            note: Some(e.kind_label.to_string()),
                        },
                    ));
                }
                None => diags.push(dangling(
                    &e.meta.source,
                    e.campaign_pos,
                    "phong trào",
                    "campaign",
                    c,
                    campaign_hint(),
                )),
            }
        }
    }
    for (ci, l) in campaign_ex {
        site.campaigns[ci].exemplars.push(l);
    }

    // Decisions: plan, campaign, recipients -> exemplars; award history.
    let forms = site.config.award_forms.clone();
    let mut awards: Vec<(usize, AwardEntry)> = Vec::new();
    let mut campaign_dec: Vec<(usize, Link)> = Vec::new();
    let mut plan_dec: Vec<(usize, Link)> = Vec::new();
    for d in &mut site.decisions {
        let dlink = Link {
            title: d.meta.title.clone(),
            url: d.meta.url.clone(),
            note: Some(
                [
                    d.number.as_ref().map(|n| n.display()),
                    d.meta.date.as_ref().map(|x| x.short.clone()),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
            ),
        };
        if let Some(p) = &d.plan {
            match idx.find(&site.documents, p, None) {
                Some(j) => {
                    d.plan_link = Some(link_doc(&site.documents[j]));
                    plan_dec.push((j, dlink.clone()));
                    if let (Some(x), Some(p)) = (d.meta.sort_date, site.documents[j].meta.sort_date)
                        && (x.year < p.year || (x.is_complete() && p.is_complete() && x < p))
                    {
                        let (xs, ps, pn) =
                            (x.short_vi(), p.short_vi(), p_display(&site.documents[j]));
                        diags.push(
                            Diagnostic::warning(
                                "decision-before-plan",
                                Path::new(&d.meta.source),
                                d.key_pos.date,
                                t!(
                                    "quyết định ngày {xs} sớm hơn kế hoạch {pn} ({ps}) mà nó áp dụng",
                                    "decision dated {xs} is earlier than the plan {pn} ({ps}) it applies"
                                ),
                            )
                            .with_hint(t!(
                                "kiểm tra lại ngày của quyết định, hoặc `plan:` (có thể là kế hoạch của giai đoạn khác)",
                                "check the decision's date, or `plan:` (it may be another period's plan)"
                            )),
                        );
                    }
                }
                None => diags.push(dangling(
                    &d.meta.source,
                    d.key_pos.reference,
                    "kế hoạch",
                    "plan",
                    p,
                    t!(
                        "ghi số kế hoạch như trên văn bản (`263/KH-UBND`) hoặc `slug` của nó",
                        "write the plan's number as on it (`263/KH-UBND`) or its `slug`"
                    ),
                )),
            }
        }
        if let Some(c) = &d.campaign {
            match campaign_idx.get(c) {
                Some(&ci) => {
                    d.campaign_link = Some(campaign_link(&site.campaigns[ci]));
                    campaign_dec.push((ci, dlink.clone()));
                }
                None => diags.push(dangling(
                    &d.meta.source,
                    d.key_pos.campaign,
                    "phong trào",
                    "campaign",
                    c,
                    campaign_hint(),
                )),
            }
        }
        let form_label = forms.get(&d.form).map(|f| f.label.clone()).unwrap_or_default();
        for r in &mut d.recipients {
            if let Some(form) = forms.get(&d.form)
                && !form.allowed.contains(&r.kind)
            {
                let (k, f) = (r.kind.label(), &form.label);
                diags.push(
                    Diagnostic::error(
                        "kind-not-allowed",
                        Path::new(&d.meta.source),
                        r.pos,
                        t!("{f} không tặng cho {k}", "{f} is not awarded to {k}"),
                    )
                    .with_hint(t!(
                        "kiểm tra `kind` của dòng này hoặc hình thức khen thưởng của quyết định",
                        "check this row's `kind` or the decision's award form"
                    )),
                );
            }
            let Some(x) = &r.exemplar else { continue };
            match exemplar_idx.get(x) {
                Some(&ei) => {
                    r.exemplar_url = Some(site.exemplars[ei].meta.url.clone());
                    awards.push((
                        ei,
                        AwardEntry {
                            form: form_label.clone(),
                            round: d.round.as_ref().map(|r| r.label.clone()).unwrap_or_default(),
                            number: d.number.as_ref().map(|n| n.display()).unwrap_or_default(),
                            date: d.meta.date.clone(),
                            url: format!("{}#{}", d.meta.url, r.id),
                        },
                    ));
                }
                None => diags.push(dangling(
                    &d.meta.source,
                    r.pos,
                    "gương điển hình",
                    "exemplar",
                    x,
                    t!(
                        "dùng `id` của một tệp trong guong-dien-hinh/",
                        "use the `id` of a file in guong-dien-hinh/"
                    ),
                )),
            }
        }
    }
    for (ei, a) in awards {
        site.exemplars[ei].awards.push(a);
    }
    for (ci, l) in campaign_dec {
        site.campaigns[ci].decisions.push(l);
    }
    for (j, l) in plan_dec {
        site.documents[j].decisions.push(l);
    }
}

fn newest_first(a: Option<vi::PartialDate>, b: Option<vi::PartialDate>) -> std::cmp::Ordering {
    b.cmp(&a)
}

fn sort(site: &mut Site) {
    site.documents.sort_by(|a, b| {
        newest_first(a.meta.sort_date, b.meta.sort_date).then_with(|| a.id.cmp(&b.id))
    });
    site.decisions.sort_by(|a, b| {
        newest_first(a.meta.sort_date, b.meta.sort_date).then_with(|| a.id.cmp(&b.id))
    });
    site.campaigns.sort_by(|a, b| b.from.cmp(&a.from).then_with(|| a.id.cmp(&b.id)));
    sort_by_index(&mut site.exemplars, |(_, a), (_, b)| {
        a.sort_key.cmp(&b.sort_key).then_with(|| a.id.cmp(&b.id))
    });
    for e in &mut site.exemplars {
        e.awards
            .sort_by(|a, b| a.date.as_ref().map(|d| &d.iso).cmp(&b.date.as_ref().map(|d| &d.iso)));
    }
    sort_by_index(&mut site.pages, |(_, a), (_, b)| a.meta.url.cmp(&b.meta.url));
    site.sections.sort_by(|a, b| a.meta.url.cmp(&b.meta.url));
}

/// Sorts `v` (stable) by comparing (position, element) pairs, then moves each element once:
/// records are large, and a comparison sort would move them many times.
fn sort_by_index<T: Send + Sync>(
    v: &mut Vec<T>,
    cmp: impl Fn((usize, &T), (usize, &T)) -> std::cmp::Ordering + Sync,
) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.par_sort_by(|&a, &b| cmp((a, &v[a]), (b, &v[b])));
    let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

fn terms(site: &Site, root: &str, get: impl Fn(&Meta) -> &Vec<String>) -> Vec<Term> {
    let mut map: BTreeMap<String, Term> = BTreeMap::new();
    let mut metas = all_metas(site);
    metas.sort_by(|a, b| newest_first(a.sort_date, b.sort_date).then_with(|| a.url.cmp(&b.url)));
    // Many pages share a few terms: slugify each name once.
    let mut slugs: HashMap<&str, String> = HashMap::new();
    for m in metas {
        for name in get(m) {
            let slug = slugs.entry(name.as_str()).or_insert_with(|| vi::slugify(name)).clone();
            if slug.is_empty() {
                continue;
            }
            let t = map.entry(slug.clone()).or_insert_with(|| Term {
                name: name.clone(),
                url: format!("{root}{slug}/"),
                slug: slug.clone(),
                pages: Vec::new(),
            });
            t.pages.push(Link {
                title: m.title.clone(),
                url: m.url.clone(),
                note: m.date.as_ref().map(|d| d.short.clone()),
            });
        }
    }
    let mut v: Vec<Term> = map.into_values().collect();
    v.sort_by(|a, b| vi::cmp_vi(&a.name, &b.name));
    v
}
