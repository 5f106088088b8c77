//! The build pipeline: load, model, render, write, in that order, with every problem collected on the way.

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::diag::{Diagnostic, Severity, Text};
use crate::render::context::{RenderOptions, Run};
use crate::render::output::{FileData, OutFile, RenderFailure};
use crate::render::templates::Theme;
use crate::t;
use crate::write::{Staging, WriteError};
use crate::{load, model, render, write};

/// What to build and how.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Site folder.
    pub root: PathBuf,
    /// Output folder (default `<root>/public`).
    pub output: Option<PathBuf>,
    /// Override `base_url`.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Relative links ending in `index.html`, to browse from disk.
    pub offline: bool,
    /// Warnings count as errors.
    pub strict: bool,
    /// Check only: nothing is written.
    pub check_only: bool,
    /// Called as each stage ends, with its name (`config and theme`, `load`, `model`,
    /// `markdown`, `render`, `write`): the command line shows it in a progress bar.
    pub progress: Option<fn(&'static str)>,
    /// Set from elsewhere to give up: the build stops at the next page and writes nothing
    /// (`minhbach serve` does so when a file is saved again during a whole rebuild).
    pub cancel: Option<Arc<AtomicBool>>,
    /// Leave out the update history read from git (`--no-history`).
    pub no_history: bool,
    /// A preview (`minhbach serve`): files changed since the last commit show in their history
    /// as not yet published.
    pub preview: bool,
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Every problem found, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Files written (0 when nothing was written).
    pub files_written: usize,
    /// HTML pages among them.
    pub pages: usize,
    /// Records in the model.
    pub records: usize,
    /// Whether the output was replaced.
    pub wrote: bool,
    /// The build was given up ([`BuildOptions::cancel`]): nothing was written.
    pub cancelled: bool,
    /// Things to say once that are not problems with the content (why the update history is
    /// off).
    pub notes: Vec<Text>,
    /// Where.
    pub output: PathBuf,
    /// How long.
    pub elapsed: Duration,
}

impl BuildReport {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count()
    }
}

/// A failure that is not about content: the site folder is missing, or the output (or the preview
/// server's socket) could not be written. Its text is the same in both languages (the paths and
/// the system's own message).
#[derive(Debug)]
pub enum SystemError {
    /// The site folder does not exist.
    NoSiteFolder(PathBuf),
    /// The output could not be written.
    Write(WriteError),
    /// The preview server could not listen at this address (`host:port`).
    Listen(String, io::Error),
    /// Another input/output error.
    Io(io::Error),
}

impl SystemError {
    /// What went wrong, in both languages (the command line prints the one asked for).
    pub fn message(&self) -> Text {
        match self {
            SystemError::NoSiteFolder(p) => {
                let p = p.display();
                t!("{p}: không có thư mục này", "{p}: no such folder")
            }
            SystemError::Write(e) => e.message(),
            SystemError::Listen(addr, e) => {
                t!("không mở được cổng {addr}: {e}", "cannot listen on {addr}: {e}")
            }
            SystemError::Io(e) => t!("lỗi đọc ghi: {e}", "input/output error: {e}"),
        }
    }
}

impl std::fmt::Display for SystemError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().en)
    }
}

impl std::error::Error for SystemError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SystemError::NoSiteFolder(_) => None,
            SystemError::Write(e) => Some(e),
            SystemError::Listen(_, e) | SystemError::Io(e) => Some(e),
        }
    }
}

impl From<WriteError> for SystemError {
    fn from(e: WriteError) -> SystemError {
        SystemError::Write(e)
    }
}

fn finish(diags: Vec<Diagnostic>, strict: bool) -> Vec<Diagnostic> {
    let mut d = diags;
    if strict {
        for x in d.iter_mut().filter(|x| x.severity == Severity::Warning) {
            x.severity = Severity::Error;
        }
    }
    d.sort_by(|a, b| {
        (&a.file, a.pos, a.code, &a.message.en).cmp(&(&b.file, b.pos, b.code, &b.message.en))
    });
    d.dedup();
    d
}

/// Where a build puts its files.
pub enum Target<'a> {
    /// The output folder, swapped in atomically.
    Disk,
    /// A map from output path to bytes (for `serve`). Filled only when the build succeeds.
    Memory(&'a MemoryOutput),
    /// Nowhere (`check`).
    Nowhere,
}

/// A built site held in memory: output path (`van-ban/x/index.html`) -> bytes (shared with the
/// render cache, so keeping both costs no copy).
pub type MemoryOutput = Mutex<BTreeMap<String, Arc<[u8]>>>;

/// Runs the whole pipeline. Content problems are in the report (nothing is written when there
/// is an error); `Err` is only for system errors such as an unwritable output folder.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, SystemError> {
    build_into(opts, if opts.check_only { Target::Nowhere } else { Target::Disk })
}

/// [`build`] with an explicit target.
pub fn build_into(opts: &BuildOptions, target: Target<'_>) -> Result<BuildReport, SystemError> {
    build_incremental(opts, target, None, None)
}

/// What a long-running process (the preview server) keeps between builds so that a rebuild
/// after a small edit redoes little: files are re-read and Markdown re-rendered only when they
/// changed.
#[derive(Debug, Default)]
pub struct Caches {
    /// Files read by earlier builds.
    pub sources: load::SourceCache,
    /// Markdown rendered by earlier builds.
    pub markdown: render::MarkdownCache,
    /// Records and privacy scans of earlier builds.
    pub model: model::ModelCache,
    /// Pages rendered by earlier builds.
    pub render: Arc<render::RenderCache>,
    /// The git history read by an earlier build (kept while `HEAD` does not move).
    pub(crate) history: Option<Arc<load::history::History>>,
}

/// A render step: one family of output files made from the model (see [`PAGE_STEPS`] and
/// [`SITE_STEPS`]).
type Step = fn(&mut Run<'_, WriteError>) -> Result<(), RenderFailure<WriteError>>;

/// The render steps that make pages from templates, in the order they run (a partial render for
/// the preview runs only these, for the pages asked for).
const PAGE_STEPS: &[(&str, Step)] = &[
    ("home", render::pages::home),
    ("listings", render::listings::kinds),
    ("sections", render::listings::sections),
    ("fund", render::fund::fund),
    ("taxonomies", render::taxonomies::taxonomies),
    ("search page", render::data::search_page),
    ("open data page", render::data::open_data_page),
    ("recipients", render::listings::recipients),
    ("404", render::pages::not_found),
    ("feeds", render::feeds::atom),
    ("history", render::history::history),
    ("records", render::pages::records),
];

/// The site-wide steps, after the pages of a whole build.
const SITE_STEPS: &[(&str, Step)] = &[
    ("search", render::data::search_index),
    ("open data", render::data::open_data_files),
    ("redirects", render::redirects::redirects),
    ("sitemap", render::sitemap::sitemap),
    ("static files", render::assets::assets),
];

/// Marks the end of each stage and step: the progress bar hears of stages, and with
/// `MINHBACH_TIMINGS` set each one prints `[timings] <name>: <ms since the start> ms`.
struct Laps {
    start: Instant,
    timings: bool,
    progress: Option<fn(&'static str)>,
}

impl Laps {
    /// The end of a stage (`load`, `model`, …).
    fn stage(&self, what: &'static str) {
        if let Some(p) = self.progress {
            p(what);
        }
        self.step(what);
    }

    /// The end of a render step.
    fn step(&self, what: &str) {
        if self.timings {
            eprintln!("[timings] {what}: {} ms", self.start.elapsed().as_millis());
        }
    }
}

/// [`build_into`] with caches kept between runs and, optionally, only some output files
/// rendered (`only`: paths relative to the output folder; nothing site-wide is made then).
pub fn build_incremental(
    opts: &BuildOptions,
    target: Target<'_>,
    mut caches: Option<&mut Caches>,
    only: Option<Arc<HashSet<String>>>,
) -> Result<BuildReport, SystemError> {
    let laps = Laps {
        start: Instant::now(),
        timings: std::env::var_os("MINHBACH_TIMINGS").is_some(),
        progress: opts.progress,
    };
    let root = &opts.root;
    let output = opts.output.clone().unwrap_or_else(|| root.join("public"));
    let mut report = BuildReport {
        diagnostics: Vec::new(),
        files_written: 0,
        pages: 0,
        records: 0,
        wrote: false,
        cancelled: false,
        notes: Vec::new(),
        output: output.clone(),
        elapsed: Duration::ZERO,
    };
    if !root.is_dir() {
        return Err(SystemError::NoSiteFolder(root.clone()));
    }
    if matches!(target, Target::Disk) {
        write::check_output(root, &output)?;
    }
    let mut diags = Vec::new();
    let prepared =
        prepare(opts, caches.as_deref_mut(), only.as_deref(), &mut diags, &mut report, &laps);
    let Some((mut site, theme, history)) = prepared else {
        report.diagnostics = finish(diags, opts.strict);
        report.elapsed = laps.start.elapsed();
        return Ok(report);
    };
    let render_cache = caches.as_deref().map(|c| Arc::clone(&c.render));
    // Photos first: the Markdown of a body shows its images with the sizes made here.
    let photo_files = render::photos::photos(&mut site, root, only.as_deref(), &mut diags);
    laps.step("photos");
    render::bodies::render_bodies(&mut site, caches.map(|c| &mut c.markdown));
    laps.stage("markdown");
    if diags.iter().any(|x| x.severity == Severity::Error || opts.strict) {
        report.diagnostics = finish(diags, opts.strict);
        report.elapsed = laps.start.elapsed();
        return Ok(report);
    }
    let staging = match target {
        Target::Disk => Some(Staging::new(&output)?),
        _ => None,
    };
    let memory: MemoryOutput = Mutex::new(BTreeMap::new());
    let in_memory = matches!(target, Target::Memory(_)).then_some(&memory);
    let sink = |f: &OutFile| store(f, staging.as_ref(), in_memory);
    let keep = render_cache.is_some();
    let ropts = RenderOptions {
        offline: opts.offline,
        only,
        cancel: opts.cancel.clone(),
        cache: render_cache.clone(),
        history,
        discard: matches!(target, Target::Nowhere),
    };
    let rendered = render_steps(&site, root, &theme, ropts, &sink, &laps)
        .and_then(|pages| emit_files(photo_files, &sink).map(|()| pages));
    if keep {
        // Freeing tens of thousands of records takes a while: the preview server does not wait
        // for it to reload the page.
        std::thread::spawn(move || drop(site));
    } else {
        drop(site);
    }
    match rendered {
        Ok(pages) => report.pages = pages,
        Err(RenderFailure::Content(ds)) => {
            // `staging` is dropped here: the temporary folder goes, the old output stays.
            diags.extend(ds);
            report.diagnostics = finish(diags, opts.strict);
            report.elapsed = laps.start.elapsed();
            return Ok(report);
        }
        Err(RenderFailure::Io(e)) => return Err(SystemError::Write(e)),
        Err(RenderFailure::Cancelled) => {
            report.cancelled = true;
            report.diagnostics = finish(diags, opts.strict);
            report.elapsed = laps.start.elapsed();
            return Ok(report);
        }
    }
    laps.stage("render");
    if laps.timings
        && let Some(c) = render_cache.as_ref()
    {
        let (rendered, reused) = c.last_run();
        eprintln!("[timings] pages rendered: {rendered}, taken from the render cache: {reused}");
    }
    if let Some(st) = staging {
        report.files_written = st.commit()?;
        report.wrote = true;
        laps.stage("write");
    }
    if let Target::Memory(out) = target {
        let files = memory.into_inner().unwrap_or_default();
        report.files_written = files.len();
        report.wrote = true;
        if let Ok(mut o) = out.lock() {
            *o = files;
        }
    }
    report.diagnostics = finish(diags, opts.strict);
    report.elapsed = laps.start.elapsed();
    Ok(report)
}

/// The site, its theme and its update history (when on).
type Prepared = (model::Site, Theme, Option<Arc<model::history::SiteHistory>>);

/// Config, theme, content and model: the site, theme and history to render, or `None` when a
/// problem stops the build here (in `diags`).
fn prepare(
    opts: &BuildOptions,
    mut caches: Option<&mut Caches>,
    only: Option<&HashSet<String>>,
    diags: &mut Vec<Diagnostic>,
    report: &mut BuildReport,
    laps: &Laps,
) -> Option<Prepared> {
    let root = &opts.root;
    let mut config = Config::load(root, diags)?;
    if let Some(u) = &opts.base_url {
        config.set_base_url(u);
    }
    let theme = Theme::load(root, &config);
    laps.stage("config and theme");
    let sources = load::load_content_cached(
        root,
        &config,
        diags,
        caches.as_deref_mut().map(|c| &mut c.sources),
    );
    laps.stage("load");
    // A partial render (the pages open in the preview) needs the taxonomies only for their pages.
    let taxonomy_page = |p: &String| {
        [model::TAG_ROOT, model::CATEGORY_ROOT]
            .iter()
            .any(|r| p.starts_with(r.trim_start_matches('/')))
    };
    let skip_terms = only.is_some_and(|o| !o.iter().any(taxonomy_page));
    let model_opts = model::ModelOptions { drafts: opts.drafts, strict: opts.strict, skip_terms };
    let site = match caches.as_deref_mut() {
        Some(c) => model::build_cached(&config, &sources, model_opts, diags, &mut c.model),
        None => model::build(&config, &sources, model_opts, diags),
    };
    drop(sources);
    laps.stage("model");
    let history = site_history(opts, &config, &site, caches, diags, report, model_opts);
    laps.stage("history");
    report.records = site.record_count();
    let theme = match theme {
        Ok(t) => Some(t),
        Err(ds) => {
            diags.extend(ds);
            None
        }
    };
    let has_errors = diags
        .iter()
        .any(|x| x.severity == Severity::Error || (opts.strict && x.severity == Severity::Warning));
    if has_errors || theme.is_none() {
        return None;
    }
    theme.map(|t| (site, t, history))
}

/// The update history of every record from git, unless `--no-history`; why it is off goes to
/// the report's notes. With `caches`, the history read by the previous build is kept while
/// `HEAD` has not moved.
fn site_history(
    opts: &BuildOptions,
    config: &Config,
    site: &model::Site,
    caches: Option<&mut Caches>,
    diags: &mut Vec<Diagnostic>,
    report: &mut BuildReport,
    model_opts: model::ModelOptions,
) -> Option<Arc<model::history::SiteHistory>> {
    use load::history::{HistoryState, load_history_after};
    if opts.no_history {
        return None;
    }
    let root = &opts.root;
    let previous = caches.as_deref().and_then(|c| c.history.clone());
    let history = match load_history_after(root, previous) {
        HistoryState::On(h) => h,
        HistoryState::Off(why) => {
            report.notes.push(why);
            return None;
        }
    };
    if let Some(c) = caches {
        c.history = Some(Arc::clone(&history));
    }
    let dirty = opts.preview.then(|| load::history::uncommitted(root, &history));
    let h = model::history::build_history(config, site, &history, dirty.as_ref(), root, model_opts);
    if opts.check_only {
        model::history::suggest_aliases(site, &h, diags);
    }
    Some(Arc::new(h))
}

/// Hands one output file to the staging folder, or to memory, or nowhere (`check`).
fn store(
    f: &OutFile,
    staging: Option<&Staging>,
    memory: Option<&MemoryOutput>,
) -> Result<(), WriteError> {
    if let Some(st) = staging {
        return st.put(f);
    }
    if let Some(memory) = memory {
        let bytes = match &f.data {
            FileData::Bytes(b) => Arc::from(b.as_slice()),
            FileData::Shared(b) => Arc::clone(b),
            FileData::Static(s) => Arc::from(s.as_bytes()),
            FileData::Copy(p) => {
                Arc::from(std::fs::read(p).map_err(|e| WriteError::Io(p.clone(), e))?)
            }
        };
        if let Ok(mut m) = memory.lock() {
            m.insert(f.path.clone(), bytes);
        }
    }
    Ok(())
}

/// Hands files made before the render steps (the photos' files) to the sink, in parallel.
fn emit_files(
    files: Vec<OutFile>,
    sink: render::output::Sink<'_, WriteError>,
) -> Result<(), RenderFailure<WriteError>> {
    use rayon::prelude::*;
    files.par_iter().try_for_each(sink).map_err(RenderFailure::Io)
}

/// Runs the render steps one after another (only the page steps for a partial render), timing
/// each: the number of HTML pages made. A whole run builds the search index beside the page
/// steps ([`render::data::search_ahead`]); the search step then only writes it.
fn render_steps(
    site: &model::Site,
    root: &Path,
    theme: &Theme,
    opts: RenderOptions,
    sink: render::output::Sink<'_, WriteError>,
    laps: &Laps,
) -> Result<usize, RenderFailure<WriteError>> {
    let mut run = Run::new(site, root, theme, opts, sink);
    if run.partial() {
        page_steps(&mut run, laps)?;
        return Ok(run.pages());
    }
    let pages_ended = AtomicBool::new(false);
    let cancel = run.opts.cancel.clone();
    let stop = || {
        pages_ended.load(Ordering::Relaxed)
            || cancel.as_ref().is_some_and(|c| c.load(Ordering::Relaxed))
    };
    let discard = run.opts.discard;
    let (pages, index) = rayon::join(
        || {
            let done = page_steps(&mut run, laps);
            // Pages that failed end the run: the index is not needed then.
            pages_ended.store(done.is_err(), Ordering::Relaxed);
            done
        },
        || render::data::search_ahead(site, discard, &stop),
    );
    pages?;
    run.search = index;
    for (name, step) in SITE_STEPS {
        step(&mut run)?;
        laps.step(name);
    }
    Ok(run.pages())
}

/// The page steps, then the end of the pages (the run stops there on pages that failed).
fn page_steps(run: &mut Run<'_, WriteError>, laps: &Laps) -> Result<(), RenderFailure<WriteError>> {
    for (name, step) in PAGE_STEPS {
        step(run)?;
        laps.step(name);
    }
    run.end_pages()
}

/// The site folder found from `start` upwards (the first folder holding `site.yaml`).
pub fn find_root(start: &Path) -> Option<PathBuf> {
    let mut p = start.canonicalize().ok()?;
    loop {
        if p.join("site.yaml").is_file() {
            return Some(p);
        }
        if !p.pop() {
            return None;
        }
    }
}
