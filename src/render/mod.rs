//! Render stage: Markdown bodies, then every output file (pages, listings, feeds, sitemap) from the model and the theme.
//!
//! Rendering is a pure function of the model: it produces an in-memory list of output files that
//! the write stage puts on disk atomically. Pages render in parallel; templates are compiled once.

pub mod fund;
pub mod jsmin;
pub mod markdown;
pub mod opendata;
pub mod search;
pub mod templates;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::config::Config;
use crate::diag::{Diagnostic, Pos};
use crate::model::common::Link;
use crate::model::records::kind_root;
use crate::model::{Meta, Site, fund_root};
use crate::t;
use markdown::MarkdownOptions;
use templates::{StaticFile, Theme};

/// Options of the render stage.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Links end in `index.html` and are relative, so the folder browses from disk.
    pub offline: bool,
    /// Render only these output files (paths relative to the output folder, such as
    /// `van-ban/index.html`), and nothing site-wide: the preview server's first pass after an
    /// edit, for the pages open in a browser.
    pub only: Option<Arc<HashSet<String>>>,
    /// When set (from another thread), stop at the next page: [`RenderFailure::Cancelled`].
    pub cancel: Option<Arc<std::sync::atomic::AtomicBool>>,
    /// Pages rendered by earlier runs (kept by `minhbach serve`): a page whose template and
    /// values are the same is not rendered again.
    pub cache: Option<Arc<RenderCache>>,
}

/// Pages rendered by earlier runs, by output path, with the fingerprint of what made them (the
/// theme's templates, the site settings and every value the template received). A page is
/// rendered again only when its fingerprint changes, so after an edit only the pages whose
/// values depend on the edited file are rendered.
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: Mutex<rustc_hash::FxHashMap<String, CachedPage>>,
    /// Pages (rendered, taken from the cache) by the last run.
    last: Mutex<(usize, usize)>,
}

impl RenderCache {
    /// How many pages the last run rendered and how many it took from the cache.
    pub fn last_run(&self) -> (usize, usize) {
        self.last.lock().map(|l| *l).unwrap_or_default()
    }
}

/// A page's fingerprint and bytes.
type CachedPage = (u128, Arc<[u8]>);

/// A 128-bit fingerprint made of two SipHash states fed the same bytes.
#[derive(Clone)]
struct Fingerprint(std::hash::DefaultHasher, std::hash::DefaultHasher);

impl Fingerprint {
    fn new() -> Fingerprint {
        use std::hash::Hasher;
        let mut second = std::hash::DefaultHasher::new();
        second.write_u64(0x6d69_6e68_6261_6368);
        Fingerprint(std::hash::DefaultHasher::new(), second)
    }
    fn text(&mut self, s: &str) {
        use std::io::Write;
        let _ = self.write_all(s.as_bytes());
        let _ = self.write_all(&[0xff]);
    }
    fn value(&mut self, v: &Value) {
        use std::io::Write;
        let _ = serde_json::to_writer(&mut *self, v);
        let _ = self.write_all(&[0xff]);
    }
    fn finish(&self) -> u128 {
        use std::hash::Hasher;
        (u128::from(self.0.finish()) << 64) | u128::from(self.1.finish())
    }
}

impl std::io::Write for Fingerprint {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        use std::hash::Hasher;
        self.0.write(b);
        self.1.write(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One file of the output.
#[derive(Debug)]
pub struct OutFile {
    /// Path relative to the output folder, with `/`.
    pub path: String,
    /// Contents.
    pub data: FileData,
}

/// Where an output file's bytes come from.
#[derive(Debug)]
pub enum FileData {
    /// Generated.
    Bytes(Vec<u8>),
    /// Generated, shared with the render cache.
    Shared(Arc<[u8]>),
    /// Copied from a file.
    Copy(PathBuf),
    /// Built into the binary.
    Static(&'static str),
}

/// A paginated listing page.
#[derive(Serialize)]
struct Paginator {
    current: usize,
    total: usize,
    total_items: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
    items: Vec<Value>,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    /// Pages were skipped before this one ("…").
    gap: bool,
}

/// The pages of a listing at `base` (`base`, `base/trang/2/`, …) holding `items`, `per` to a
/// page (always at least one page, empty for an empty listing). `items` may be empty while
/// `total_items` counts rows the template gets otherwise (the fund ledgers).
fn paginate(
    base: &str,
    items: Vec<Value>,
    total_items: usize,
    per: usize,
) -> impl Iterator<Item = (String, Paginator)> + '_ {
    let total = total_items.div_ceil(per).max(1);
    let mut chunks = items.into_iter();
    (1..=total).map(move |n| {
        let page_items: Vec<Value> = chunks.by_ref().take(per).collect();
        let pg = Paginator {
            current: n,
            total,
            total_items,
            prev: (n > 1).then(|| page_url(base, n - 1)),
            next: (n < total).then(|| page_url(base, n + 1)),
            pages: window(n, total, base),
            items: page_items,
        };
        (page_url(base, n), pg)
    })
}

/// Links to the first, last and nearby pages only, so a listing of 500 pages does not carry 500
/// links on each of its pages.
fn window(current: usize, total: usize, base: &str) -> Vec<PageLink> {
    let mut out: Vec<PageLink> = Vec::new();
    let mut last = 0;
    for k in 1..=total {
        if k == 1 || k == total || k.abs_diff(current) <= 2 {
            out.push(PageLink { number: k, url: page_url(base, k), gap: last + 1 != k });
            last = k;
        }
    }
    out
}

/// A feed entry.
#[derive(Serialize, Clone)]
struct Entry {
    title: String,
    url: String,
    updated: String,
    summary: String,
}

struct Job<'a> {
    out: String,
    url: String,
    template: String,
    /// Ready context, or a record whose context is built when the page renders (so the
    /// contexts of thousands of records are never all in memory at once).
    ctx: Ctx<'a>,
    /// Fingerprint of a ready context (when a render cache is used).
    fp: Option<u128>,
}

enum Ctx<'a> {
    Ready(Context),
    Record(Rec<'a>),
}

#[derive(Clone, Copy)]
enum Rec<'a> {
    Page(&'a crate::model::Page),
    Campaign(&'a crate::model::Campaign),
    Document(&'a crate::model::Document),
    Exemplar(&'a crate::model::Exemplar),
    Decision(&'a crate::model::Decision),
}

impl Rec<'_> {
    fn kind(self) -> &'static str {
        match self {
            Rec::Page(_) => "page",
            Rec::Campaign(_) => "campaign",
            Rec::Document(_) => "document",
            Rec::Exemplar(_) => "exemplar",
            Rec::Decision(_) => "decision",
        }
    }

    fn value(self) -> Value {
        match self {
            Rec::Page(r) => value(r),
            Rec::Campaign(r) => value(r),
            Rec::Document(r) => value(r),
            Rec::Exemplar(r) => value(r),
            Rec::Decision(r) => value(r),
        }
    }
}

fn record_job<'a>(m: &Meta, default_tpl: &str, rec: Rec<'a>) -> Job<'a> {
    let template = m.template.clone().unwrap_or_else(|| default_tpl.to_string());
    Job { out: out_path(&m.url), url: m.url.clone(), template, ctx: Ctx::Record(rec), fp: None }
}

fn out_path(url: &str) -> String {
    let u = url.trim_start_matches('/');
    if u.ends_with(".html") || u.ends_with(".xml") {
        u.to_string()
    } else {
        format!("{u}index.html")
    }
}

fn page_url(base: &str, n: usize) -> String {
    if n <= 1 { base.to_string() } else { format!("{base}trang/{n}/") }
}

/// Markdown already rendered by an earlier run (kept by `minhbach serve`), by source file: a
/// rebuild renders only the bodies that changed. An entry is used when its body is the same
/// text (the same shared string when the file was not re-read, so the test is one comparison).
#[derive(Debug, Default)]
pub struct MarkdownCache {
    /// The options the entries were rendered with.
    options: Option<(bool, String)>,
    entries: rustc_hash::FxHashMap<String, RenderedBody>,
}

/// One body's Markdown, its HTML and its plain-text summary (made when first needed).
#[derive(Debug, Clone)]
struct RenderedBody {
    markdown: Arc<str>,
    html: Arc<str>,
    plain: Option<String>,
}

/// Renders every Markdown body in the model (in parallel) and fills missing descriptions.
pub fn render_bodies(site: &mut Site) {
    render_bodies_cached(site, None);
}

/// [`render_bodies`], taking unchanged bodies from `cache` and adding the new ones to it.
pub fn render_bodies_cached(site: &mut Site, mut cache: Option<&mut MarkdownCache>) {
    let opts = MarkdownOptions {
        allow_html: site.config.allow_html,
        base_path: site.config.base_path.clone(),
    };
    if let Some(c) = cache.as_deref_mut() {
        let key = Some((opts.allow_html, opts.base_path.clone()));
        if c.options != key {
            c.entries.clear();
            c.options = key;
        }
    }
    let old = cache.as_deref().map(|c| &c.entries);
    // Returns the body to keep in the cache when it was rendered now.
    let fill = |m: &mut Meta| -> Option<(String, RenderedBody)> {
        let wants_plain = m.description.is_none() && !m.body_md.trim().is_empty();
        let hit = old.and_then(|e| e.get(&m.source)).filter(|r| {
            (Arc::ptr_eq(&r.markdown, &m.body_md) || *r.markdown == *m.body_md)
                && (r.plain.is_some() || !wants_plain)
        });
        let rendered;
        let r = match hit {
            Some(r) => r,
            None => {
                rendered = RenderedBody {
                    markdown: Arc::clone(&m.body_md),
                    html: markdown::render(&m.body_md, &opts).into(),
                    plain: wants_plain.then(|| markdown::plain_text(&m.body_md, 180)),
                };
                &rendered
            }
        };
        m.content = Arc::clone(&r.html);
        if wants_plain {
            m.description = r.plain.clone();
        }
        (old.is_some() && hit.is_none()).then(|| (m.source.clone(), r.clone()))
    };
    let mut fresh: Vec<(String, RenderedBody)> = Vec::new();
    fresh.par_extend(site.pages.par_iter_mut().filter_map(|p| fill(&mut p.meta)));
    fresh.par_extend(site.sections.par_iter_mut().filter_map(|p| fill(&mut p.meta)));
    fresh.par_extend(site.campaigns.par_iter_mut().filter_map(|p| fill(&mut p.meta)));
    fresh.par_extend(site.documents.par_iter_mut().filter_map(|p| fill(&mut p.meta)));
    fresh.par_extend(site.exemplars.par_iter_mut().filter_map(|p| fill(&mut p.meta)));
    fresh.par_extend(site.decisions.par_iter_mut().filter_map(|p| fill(&mut p.meta)));
    if let Some(h) = site.home.as_mut()
        && let Some(f) = fill(&mut h.meta)
    {
        fresh.push(f);
    }
    if let Some(c) = cache {
        c.entries.extend(fresh);
        // Files removed since: drop their entries once they outnumber the live ones.
        let metas = || {
            site.pages
                .iter()
                .map(|p| &p.meta)
                .chain(site.sections.iter().map(|p| &p.meta))
                .chain(site.campaigns.iter().map(|p| &p.meta))
                .chain(site.documents.iter().map(|p| &p.meta))
                .chain(site.exemplars.iter().map(|p| &p.meta))
                .chain(site.decisions.iter().map(|p| &p.meta))
                .chain(site.home.iter().map(|p| &p.meta))
        };
        if c.entries.len() > 2 * metas().count() + 64 {
            let keep: HashSet<&str> = metas().map(|m| m.source.as_str()).collect();
            c.entries.retain(|k, _| keep.contains(k.as_str()));
        }
    }
}

/// Template values of `items`, or none when the listing they feed is not wanted.
fn values_if<T: Serialize + Sync>(wanted: bool, items: &[T]) -> Vec<Value> {
    if wanted { items.par_iter().map(value).collect() } else { Vec::new() }
}

fn value<T: Serialize + ?Sized>(v: &T) -> Value {
    Value::from_serializable(v)
}

/// The default menu: one entry per kind that has content, then sections.
fn menu(site: &Site) -> Vec<Link> {
    if !site.config.menu.is_empty() {
        return site
            .config
            .menu
            .iter()
            .map(|m| Link { title: m.title.clone(), url: m.url.clone(), note: None })
            .collect();
    }
    let f = &site.config.folders;
    let mut m = vec![Link { title: "Trang chủ".into(), url: "/".into(), note: None }];
    let mut add = |has: bool, title: &str, url: String| {
        if has {
            m.push(Link { title: title.into(), url, note: None });
        }
    };
    add(!site.campaigns.is_empty(), "Phong trào", kind_root(&f.campaigns));
    add(!site.documents.is_empty(), "Văn bản", kind_root(&f.documents));
    add(!site.exemplars.is_empty(), "Gương điển hình", kind_root(&f.exemplars));
    add(!site.decisions.is_empty(), "Khen thưởng", kind_root(&f.decisions));
    add(!site.fund.is_empty(), "Quỹ Vì người nghèo", fund_root(&site.config));
    add(
        !site.decisions.is_empty(),
        "Người được khen",
        crate::render::opendata::RECIPIENTS_ROOT.to_string(),
    );
    add(true, "Dữ liệu mở", crate::render::opendata::ROOT.to_string());
    for s in &site.sections {
        if s.meta.url.matches('/').count() == 2 && !is_kind_root(&site.config, &s.meta.url) {
            add(true, &s.meta.title, s.meta.url.clone());
        }
    }
    m
}

fn is_kind_root(config: &Config, url: &str) -> bool {
    let f = &config.folders;
    [&f.documents, &f.exemplars, &f.decisions, &f.campaigns, &f.fund]
        .iter()
        .any(|k| kind_root(k) == url)
        || url == fund_root(config)
}

/// Why rendering stopped.
#[derive(Debug)]
pub enum RenderFailure {
    /// Problems in templates or static files, for the webmaster.
    Content(Vec<Diagnostic>),
    /// The sink could not store a file.
    Io(String),
    /// [`RenderOptions::cancel`] was set.
    Cancelled,
}

/// Where rendered files go (the write stage's staging folder, or nowhere for `check`).
pub type Sink<'a> = &'a (dyn Fn(&OutFile) -> Result<(), String> + Sync);

/// Renders the whole site, handing each output file to `sink` as soon as it is ready (so the
/// whole site is never held in memory). Returns the number of HTML pages.
pub fn render_site(
    site: &Site,
    root: &Path,
    theme: &Theme,
    opts: RenderOptions,
    sink: Sink<'_>,
) -> Result<usize, RenderFailure> {
    let config = &site.config;
    let mut base = Context::new();
    let (site_value, menu_value) = (value(config), value(&menu(site)));
    // What every page depends on, for the render cache.
    let base_fp = opts.cache.as_ref().map(|_| {
        let mut h = Fingerprint::new();
        h.text(&format!("{}|{}|{}|{config:?}", theme.fingerprint, opts.offline, config.minify));
        h.value(&site_value);
        h.value(&menu_value);
        h
    });
    base.insert_value("site", site_value);
    base.insert_value("menu", menu_value);
    base.insert("lang", "vi");
    base.insert("offline", &opts.offline);
    let f = &config.folders;
    let section_intro = |url: &str| site.sections.iter().find(|s| s.meta.url == url).map(value);
    // With `opts.only`, skip the work of pages nobody asked for: `wanted` for one page,
    // `wanted_under` for a listing's pages or a whole family of pages.
    let wanted = |url: &str| opts.only.as_ref().is_none_or(|o| o.contains(&out_path(url)));
    let wanted_under = |url: &str| {
        let prefix = url.trim_start_matches('/');
        opts.only.as_ref().is_none_or(|o| o.iter().any(|p| p.starts_with(prefix)))
    };
    // A paginated listing's own pages (`/x/`, `/x/trang/N/`), not the records under it.
    let wanted_listing = |url: &str| wanted(url) || wanted_under(&format!("{url}trang/"));

    let mut jobs: Vec<Job<'_>> = Vec::new();
    let mut push = |out_url: &str,
                    template: &str,
                    kind: &str,
                    page: Option<Value>,
                    extra: Vec<(&'static str, Value)>| {
        let mut ctx = base.clone();
        ctx.insert("current_path", out_url);
        ctx.insert("kind", kind);
        let mut fp = base_fp.clone();
        if let Some(h) = fp.as_mut() {
            h.text(template);
            h.text(out_url);
            h.text(kind);
            if let Some(p) = &page {
                h.value(p);
            }
            for (k, v) in &extra {
                h.text(k);
                h.value(v);
            }
        }
        if let Some(p) = page {
            ctx.insert_value("page", p);
        }
        for (k, v) in extra {
            ctx.insert_value(k, v);
        }
        jobs.push(Job {
            out: out_path(out_url),
            url: out_url.to_string(),
            template: template.to_string(),
            ctx: Ctx::Ready(ctx),
            fp: fp.map(|h| h.finish()),
        });
    };

    // Home.
    if wanted("/") {
        let news: Vec<&crate::model::Page> = {
            let mut v: Vec<_> = site.pages.iter().filter(|p| p.meta.sort_date.is_some()).collect();
            v.sort_by(|a, b| {
                b.meta.sort_date.cmp(&a.meta.sort_date).then_with(|| a.meta.url.cmp(&b.meta.url))
            });
            v.truncate(5);
            v
        };
        let latest_fund = site.fund.last().map(|p| {
            let mut p = p.clone();
            p.receipts.clear();
            p.disbursements.clear();
            p
        });
        push(
            "/",
            "index.html",
            "home",
            site.home.as_ref().map(value),
            vec![
                ("campaigns", value(&site.campaigns)),
                ("documents", value(&site.documents.iter().take(6).collect::<Vec<_>>())),
                ("decisions", value(&site.decisions.iter().take(5).collect::<Vec<_>>())),
                ("exemplars", value(&site.exemplars.iter().take(6).collect::<Vec<_>>())),
                ("news", value(&news)),
                ("fund", value(&latest_fund)),
                ("fund_url", value(&fund_root(config))),
            ],
        );
    }

    // Records: contexts are built when each page renders.
    let mut record_jobs: Vec<Job<'_>> = Vec::new();
    record_jobs.extend(site.pages.iter().map(|p| record_job(&p.meta, "page.html", Rec::Page(p))));
    record_jobs.extend(
        site.campaigns.iter().map(|p| record_job(&p.meta, "campaign.html", Rec::Campaign(p))),
    );
    record_jobs.extend(
        site.documents.iter().map(|p| record_job(&p.meta, "document.html", Rec::Document(p))),
    );
    record_jobs.extend(
        site.exemplars.iter().map(|p| record_job(&p.meta, "exemplar.html", Rec::Exemplar(p))),
    );
    record_jobs.extend(
        site.decisions.iter().map(|p| record_job(&p.meta, "decision.html", Rec::Decision(p))),
    );

    // Listings of the special kinds, paginated.
    let per = config.paginate;
    let mut listing =
        |root_url: String, template: &str, kind: &str, items: Vec<Value>, title: &str| {
            if items.is_empty() && !wanted_listing(&root_url) {
                // The items were skipped (see `values_if`): nobody asked for this listing.
                return;
            }
            let intro = section_intro(&root_url);
            let total_items = items.len();
            for (url, pg) in paginate(&root_url, items, total_items, per) {
                push(
                    &url,
                    template,
                    kind,
                    intro.clone(),
                    vec![
                        ("paginator", value(&pg)),
                        ("listing_title", value(title)),
                        ("listing_url", value(&root_url)),
                    ],
                );
            }
        };
    listing(
        kind_root(&f.campaigns),
        "campaigns.html",
        "campaigns",
        values_if(wanted_listing(&kind_root(&f.campaigns)), &site.campaigns),
        "Phong trào thi đua",
    );
    listing(
        kind_root(&f.documents),
        "documents.html",
        "documents",
        values_if(wanted_listing(&kind_root(&f.documents)), &site.documents),
        "Văn bản",
    );
    listing(
        kind_root(&f.exemplars),
        "exemplars.html",
        "exemplars",
        values_if(wanted_listing(&kind_root(&f.exemplars)), &site.exemplars),
        "Gương điển hình tiên tiến",
    );
    listing(
        kind_root(&f.decisions),
        "decisions.html",
        "decisions",
        values_if(wanted_listing(&kind_root(&f.decisions)), &site.decisions),
        "Quyết định khen thưởng",
    );

    // Sections.
    for s in &site.sections {
        if is_kind_root(config, &s.meta.url) || !wanted_under(&s.meta.url) {
            continue;
        }
        let mut items: Vec<&crate::model::Page> =
            site.pages.iter().filter(|p| p.section == s.meta.url).collect();
        match s.sort_by.as_str() {
            "weight" => items.sort_by(|a, b| {
                a.weight
                    .unwrap_or(i64::MAX)
                    .cmp(&b.weight.unwrap_or(i64::MAX))
                    .then_with(|| crate::vi::cmp_vi(&a.meta.title, &b.meta.title))
            }),
            "title" => items.sort_by(|a, b| crate::vi::cmp_vi(&a.meta.title, &b.meta.title)),
            _ => items.sort_by(|a, b| {
                b.meta.sort_date.cmp(&a.meta.sort_date).then_with(|| a.meta.url.cmp(&b.meta.url))
            }),
        }
        let per_s = s.paginate.unwrap_or(per);
        let values: Vec<Value> = items.par_iter().map(|p| value(*p)).collect();
        let total_items = values.len();
        for (url, pg) in paginate(&s.meta.url, values, total_items, per_s) {
            let tpl = s.meta.template.clone().unwrap_or_else(|| "section.html".into());
            push(&url, &tpl, "section", Some(value(s)), vec![("paginator", value(&pg))]);
        }
    }

    // Fund.
    if !site.fund.is_empty() && wanted_under(&fund_root(config)) {
        for fp in fund::pages(site) {
            push(&fp.url, fp.template, fp.kind, fp.page, fp.extra);
        }
    }

    // Taxonomies.
    for (root_url, title, terms) in site.taxonomies() {
        if terms.is_empty() || !wanted_under(root_url) {
            continue;
        }
        push(
            root_url,
            "taxonomy.html",
            "taxonomy",
            None,
            vec![("terms", value(terms)), ("taxonomy_title", value(title))],
        );
        for t in terms {
            push(
                &t.url,
                "term.html",
                "term",
                None,
                vec![
                    ("term", value(t)),
                    ("taxonomy_title", value(title)),
                    ("taxonomy_url", value(root_url)),
                ],
            );
        }
    }

    // Search page (the index files are written with the other generated files below).
    push(crate::render::search::PAGE_URL, "search.html", "search", None, vec![]);

    // Open data page (the data files are written with the other generated files below).
    let open_data = if wanted(crate::render::opendata::ROOT) {
        crate::render::opendata::build(site)
    } else {
        crate::render::opendata::OpenData::default()
    };
    push(
        crate::render::opendata::ROOT,
        "opendata.html",
        "opendata",
        None,
        vec![("datasets", value(&open_data.datasets))],
    );

    // Recipients index: everyone awarded, with every award, browsable by facet (pre-rendered).
    if !site.decisions.is_empty() && wanted_under(crate::render::opendata::RECIPIENTS_ROOT) {
        let list = crate::render::opendata::recipients(site);
        let (pages, facets) = crate::render::opendata::recipient_pages(&list);
        let facets = value(&facets);
        let rroot = crate::render::opendata::RECIPIENTS_ROOT;
        for (root_url, title, members) in pages {
            let items: Vec<Value> = members.iter().map(|&i| value(&list[i])).collect();
            let total_items = items.len();
            for (url, pg) in paginate(&root_url, items, total_items, per) {
                push(
                    &url,
                    "recipients.html",
                    "recipients",
                    None,
                    vec![
                        ("paginator", value(&pg)),
                        ("listing_title", value(&title)),
                        ("listing_url", value(&root_url)),
                        ("recipients_root", value(rroot)),
                        ("facets", facets.clone()),
                    ],
                );
            }
        }
    }

    // 404.
    push("/404.html", "404.html", "404", None, vec![]);

    // Feeds.
    let mut feeds: Vec<(String, String, Vec<Entry>)> = Vec::new();
    if config.feeds {
        let entry = |m: &Meta| Entry {
            title: m.title.clone(),
            url: config.absolute(&m.url),
            updated: m
                .sort_date
                .map(|d| d.rfc3339())
                .unwrap_or_else(|| "1970-01-01T00:00:00+07:00".into()),
            summary: m.description.clone().unwrap_or_default(),
        };
        feeds.push((
            kind_root(&f.documents),
            "Văn bản".into(),
            site.documents.iter().map(|d| entry(&d.meta)).take(50).collect(),
        ));
        feeds.push((
            kind_root(&f.decisions),
            "Quyết định khen thưởng".into(),
            site.decisions.iter().map(|d| entry(&d.meta)).take(50).collect(),
        ));
        for s in &site.sections {
            if is_kind_root(config, &s.meta.url) {
                continue;
            }
            let mut items: Vec<&crate::model::Page> = site
                .pages
                .iter()
                .filter(|p| p.section == s.meta.url && p.meta.sort_date.is_some())
                .collect();
            if items.is_empty() {
                continue;
            }
            items.sort_by(|a, b| {
                b.meta.sort_date.cmp(&a.meta.sort_date).then_with(|| a.meta.url.cmp(&b.meta.url))
            });
            feeds.push((
                s.meta.url.clone(),
                s.meta.title.clone(),
                items.iter().map(|p| entry(&p.meta)).take(50).collect(),
            ));
        }
        feeds.retain(|(_, _, e)| !e.is_empty());
        for (url, title, entries) in &feeds {
            let updated = entries.iter().map(|e| e.updated.clone()).max().unwrap_or_default();
            let feed_url = format!("{url}atom.xml");
            push(
                &feed_url,
                "atom.xml",
                "feed",
                None,
                vec![
                    ("feed_title", value(&format!("{} – {}", title, config.title))),
                    ("feed_url", value(&config.absolute(&feed_url))),
                    ("feed_home", value(&config.absolute(url))),
                    ("updated", value(&updated)),
                    ("entries", value(entries)),
                ],
            );
        }
    }

    // Render everything in parallel, straight into the sink.
    jobs.extend(record_jobs);
    if let Some(only) = &opts.only {
        jobs.retain(|j| only.contains(&j.out));
    }
    let generated: std::collections::HashSet<String> = jobs.iter().map(|j| j.out.clone()).collect();
    let io_error: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
    let cancelled =
        || opts.cancel.as_ref().is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed));
    // The cache's pages are read in place during the run; new ones are added after it.
    let old_pages = opts.cache.as_ref().map(|c| match c.entries.lock() {
        Ok(mut e) => std::mem::take(&mut *e),
        Err(_) => Default::default(),
    });
    let new_pages: Mutex<Vec<(String, CachedPage)>> = Mutex::new(Vec::new());
    let reused = std::sync::atomic::AtomicUsize::new(0);
    let emit = |path: String, data: FileData| {
        if let Err(e) = sink(&OutFile { path, data })
            && let Ok(mut slot) = io_error.lock()
        {
            slot.get_or_insert(e);
        }
    };
    let results: Vec<Result<bool, Box<Diagnostic>>> = jobs
        .into_par_iter()
        .map(|j| {
            if cancelled() {
                return Ok(false);
            }
            let is_html = j.out.ends_with(".html");
            let (ctx, fp) = match j.ctx {
                Ctx::Ready(c) => (c, j.fp),
                Ctx::Record(r) => {
                    let v = r.value();
                    let fp = base_fp.clone().map(|mut h| {
                        h.text(&j.template);
                        h.text(&j.url);
                        h.text(r.kind());
                        h.value(&v);
                        h.finish()
                    });
                    let mut c = base.clone();
                    c.insert("current_path", &j.url);
                    c.insert("kind", r.kind());
                    c.insert_value("page", v);
                    (c, fp)
                }
            };
            if let (Some(fp), Some(old)) = (fp, &old_pages)
                && let Some((f, bytes)) = old.get(&j.out)
                && *f == fp
            {
                emit(j.out, FileData::Shared(Arc::clone(bytes)));
                reused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                return Ok(is_html);
            }
            let html = theme
                .tera
                .render(&j.template, &ctx)
                .map_err(|e| render_error(&j.template, &j.url, &e))?;
            drop(ctx);
            let mut bytes = html.into_bytes();
            if is_html && opts.offline {
                bytes = relativize(&String::from_utf8_lossy(&bytes), &j.out, &config.base_path)
                    .into_bytes();
            }
            if is_html && config.minify && !fund::UNMINIFIED.contains(&j.template.as_str()) {
                bytes = minify(&bytes);
            }
            match fp {
                Some(fp) if old_pages.is_some() => {
                    let shared: Arc<[u8]> = bytes.into();
                    if let Ok(mut n) = new_pages.lock() {
                        n.push((j.out.clone(), (fp, Arc::clone(&shared))));
                    }
                    emit(j.out, FileData::Shared(shared));
                }
                _ => emit(j.out, FileData::Bytes(bytes)),
            }
            Ok(is_html)
        })
        .collect();
    if let (Some(c), Some(mut pages)) = (&opts.cache, old_pages) {
        if opts.only.is_none() && !cancelled() {
            // A whole run: pages no longer made are forgotten.
            pages.retain(|k, _| generated.contains(k));
        }
        let rendered = new_pages.into_inner().unwrap_or_default();
        if let Ok(mut l) = c.last.lock() {
            *l = (rendered.len(), reused.load(std::sync::atomic::Ordering::Relaxed));
        }
        pages.extend(rendered);
        if let Ok(mut e) = c.entries.lock() {
            *e = pages;
        }
    }
    if let Some(e) = io_error.into_inner().ok().flatten() {
        return Err(RenderFailure::Io(e));
    }
    if cancelled() {
        return Err(RenderFailure::Cancelled);
    }
    let mut errors = Vec::new();
    let mut pages = 0;
    for r in results {
        match r {
            Ok(true) => pages += 1,
            Ok(false) => {}
            Err(d) => errors.push(*d),
        }
    }
    if !errors.is_empty() {
        errors.truncate(20);
        return Err(RenderFailure::Content(errors));
    }
    if opts.only.is_some() {
        return Ok(pages);
    }
    let mut files: Vec<OutFile> = Vec::new();
    if cancelled() {
        return Err(RenderFailure::Cancelled);
    }

    // Search index, from the model.
    let Some(index) = crate::render::search::build_unless(site, &cancelled) else {
        return Err(RenderFailure::Cancelled);
    };
    for (path, text) in index.files {
        files.push(OutFile { path, data: FileData::Bytes(text.into_bytes()) });
    }
    if cancelled() {
        return Err(RenderFailure::Cancelled);
    }

    // Open data files and their manifest.
    for (path, bytes) in open_data.files {
        files.push(OutFile { path, data: FileData::Bytes(bytes) });
    }

    // Redirects for aliases.
    for m in all_metas(site) {
        for a in &m.aliases {
            let target = if opts.offline { String::new() } else { config.link(&m.url) };
            let out = out_path(a);
            let target = if opts.offline { relative_target(&out, &m.url) } else { target };
            let html = redirect_page(&target, &m.title);
            files.push(OutFile { path: out, data: FileData::Bytes(html.into_bytes()) });
        }
    }

    // sitemap.xml and robots.txt.
    let mut urls: Vec<(String, Option<String>)> = vec![("/".into(), None)];
    for m in all_metas(site) {
        urls.push((
            m.url.clone(),
            m.date.as_ref().map(|d| d.iso.clone()).filter(|d| d.len() == 10),
        ));
    }
    for p in &site.fund {
        urls.push((p.url.clone(), None));
    }
    if !site.fund.is_empty() {
        urls.push((fund_root(config), None));
        urls.push((fund::donors_root(config), None));
    }
    urls.push((crate::render::opendata::ROOT.to_string(), None));
    if !site.decisions.is_empty() {
        urls.push((crate::render::opendata::RECIPIENTS_ROOT.to_string(), None));
    }
    urls.sort();
    urls.dedup();
    let mut sm = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (u, d) in &urls {
        sm.push_str("<url><loc>");
        sm.push_str(&xml_escape(&config.absolute(u)));
        sm.push_str("</loc>");
        if let Some(d) = d {
            sm.push_str("<lastmod>");
            sm.push_str(d);
            sm.push_str("</lastmod>");
        }
        sm.push_str("</url>\n");
    }
    sm.push_str("</urlset>\n");
    files.push(OutFile { path: "sitemap.xml".into(), data: FileData::Bytes(sm.into_bytes()) });
    let robots = format!("User-agent: *\nAllow: /\nSitemap: {}\n", config.absolute("/sitemap.xml"));
    files.push(OutFile { path: "robots.txt".into(), data: FileData::Bytes(robots.into_bytes()) });

    // Static files: theme, then the site's static/ (wins), then content assets.
    let mut statics: BTreeMap<String, FileData> = BTreeMap::new();
    for (rel, s) in &theme.statics {
        let key = rel.to_string_lossy().replace('\\', "/");
        statics.insert(
            key,
            match s {
                StaticFile::Disk(p) => FileData::Copy(p.clone()),
                StaticFile::Builtin(t) => FileData::Static(t),
            },
        );
    }
    let static_dir = root.join("static");
    if static_dir.is_dir() {
        let canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let mut walk =
            walkdir::WalkDir::new(&static_dir).follow_links(true).sort_by_file_name().into_iter();
        while let Some(e) = walk.next() {
            // A linked folder outside the site is not entered (its files would be refused one
            // by one, and a link to `/` would walk the whole disk).
            if let Ok(d) = &e
                && d.file_type().is_dir()
                && d.path_is_symlink()
                && !d.path().canonicalize().is_ok_and(|c| c.starts_with(&canon))
            {
                let rel = d.path().strip_prefix(&static_dir).unwrap_or(d.path());
                errors.push(Diagnostic::outside_static(&Path::new("static").join(rel)));
                walk.skip_current_dir();
                continue;
            }
            match e {
                Ok(e) if e.file_type().is_file() => {
                    let Ok(rel) = e.path().strip_prefix(&static_dir) else { continue };
                    let key = rel.to_string_lossy().replace('\\', "/");
                    if key.split('/').any(|p| p.starts_with('.')) {
                        continue;
                    }
                    let inside =
                        e.path().canonicalize().map(|c| c.starts_with(&canon)).unwrap_or(false);
                    if !inside || key.chars().any(char::is_control) || key.contains('\\') {
                        errors.push(Diagnostic::outside_static(&Path::new("static").join(rel)));
                        continue;
                    }
                    statics.insert(key, FileData::Copy(e.path().to_path_buf()));
                }
                Ok(_) => {}
                Err(err) => errors.push(Diagnostic::error(
                    "walk",
                    Path::new("static"),
                    Pos::default(),
                    t!("không đọc được static/: {err}", "cannot read static/: {err}"),
                )),
            }
        }
    }
    for a in &site.assets {
        statics
            .insert(a.out_rel.to_string_lossy().replace('\\', "/"), FileData::Copy(a.abs.clone()));
    }
    if !errors.is_empty() {
        return Err(RenderFailure::Content(errors));
    }
    for (path, data) in statics {
        if !generated.contains(&path) {
            let data =
                if config.minify { crate::render::jsmin::minify_static(&path, data) } else { data };
            files.push(OutFile { path, data });
        }
    }
    files.par_iter().try_for_each(sink).map_err(RenderFailure::Io)?;
    Ok(pages)
}

fn all_metas(site: &Site) -> Vec<&Meta> {
    let mut v: Vec<&Meta> = Vec::new();
    v.extend(site.pages.iter().map(|p| &p.meta));
    v.extend(
        site.sections.iter().filter(|s| !is_kind_root(&site.config, &s.meta.url)).map(|p| &p.meta),
    );
    v.extend(site.campaigns.iter().map(|p| &p.meta));
    v.extend(site.documents.iter().map(|p| &p.meta));
    v.extend(site.exemplars.iter().map(|p| &p.meta));
    v.extend(site.decisions.iter().map(|p| &p.meta));
    v
}

fn render_error(template: &str, url: &str, e: &tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut src: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    let msg = msg.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ");
    Diagnostic::error(
        "render",
        &Path::new("templates").join(template),
        Pos::default(),
        t!(
            "không dựng được trang {url} bằng {template}: {msg}",
            "cannot render {url} with {template}: {msg}"
        ),
    )
}

fn minify(bytes: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.minify_js = false;
    cfg.minify_css = true;
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_doctype = false;
    minify_html::minify(bytes, &cfg)
}

/// Escapes text for XML.
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn redirect_page(target: &str, title: &str) -> String {
    let t = xml_escape(target);
    let title = xml_escape(title);
    format!(
        "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Đã chuyển: {title}</title>\
<link rel=\"canonical\" href=\"{t}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={t}\"></head>\
<body><p>Trang này đã chuyển tới <a href=\"{t}\">{title}</a>.</p></body></html>\n"
    )
}

fn relative_target(from_out: &str, to_url: &str) -> String {
    let depth = from_out.matches('/').count();
    let mut s = "../".repeat(depth);
    s.push_str(&out_path(to_url));
    s
}

/// Rewrites site links in `html` (written for `base_path`) to relative links ending in
/// `index.html`, for a copy opened from disk.
pub fn relativize(html: &str, out: &str, base_path: &str) -> String {
    let depth = out.matches('/').count();
    let up = "../".repeat(depth);
    let mut result = String::with_capacity(html.len() + 1024);
    let mut rest = html;
    let attrs = ["href=\"", "src=\"", "action=\""];
    loop {
        let next = attrs.iter().filter_map(|a| rest.find(a).map(|i| (i, a.len()))).min();
        let Some((i, alen)) = next else {
            result.push_str(rest);
            break;
        };
        let start = i + alen;
        result.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('"').unwrap_or(rest.len());
        let val = &rest[..end];
        if val.starts_with(base_path) && !val.starts_with("//") {
            let inner = &val[base_path.len()..];
            let (path, frag) = match inner.find(['#', '?']) {
                Some(k) => (&inner[..k], &inner[k..]),
                None => (inner, ""),
            };
            let file = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_string()
            };
            result.push_str(&up);
            result.push_str(&file);
            result.push_str(frag);
        } else {
            result.push_str(val);
        }
        rest = &rest[end..];
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offline_links_are_relative_and_end_in_index_html() {
        let h = "<a href=\"/van-ban/x/\">x</a><a href=\"/#top\">t</a><link href=\"/style.css\"><a href=\"https://a.vn/\">e</a>";
        let r = relativize(h, "van-ban/x/index.html", "/");
        assert_eq!(
            r,
            "<a href=\"../../van-ban/x/index.html\">x</a><a href=\"../../index.html#top\">t</a><link href=\"../../style.css\"><a href=\"https://a.vn/\">e</a>"
        );
        let r = relativize("<a href=\"/thi-dua/van-ban/\">", "index.html", "/thi-dua/");
        assert_eq!(r, "<a href=\"van-ban/index.html\">");
    }

    #[test]
    fn output_paths() {
        assert_eq!(out_path("/"), "index.html");
        assert_eq!(out_path("/van-ban/a/"), "van-ban/a/index.html");
        assert_eq!(out_path("/404.html"), "404.html");
        assert_eq!(out_path("/van-ban/atom.xml"), "van-ban/atom.xml");
        assert_eq!(page_url("/van-ban/", 3), "/van-ban/trang/3/");
    }
}
