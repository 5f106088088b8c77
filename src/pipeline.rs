//! The build pipeline: load, model, render, write, in that order, with every problem collected on the way.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
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

/// A failure that is not about content: the output could not be written.
#[derive(Debug)]
pub struct SystemError(pub String);

impl std::fmt::Display for SystemError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SystemError {}

fn finish(diags: Vec<Diagnostic>, strict: bool) -> Vec<Diagnostic> {
    let mut d = diags;
    if strict {
        for x in &mut d {
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
}

/// [`build_into`] with caches kept between runs and, optionally, only some output files
/// rendered (`only`: paths relative to the output folder; nothing site-wide is made then).
pub fn build_incremental(
    opts: &BuildOptions,
    target: Target<'_>,
    mut caches: Option<&mut Caches>,
    only: Option<std::sync::Arc<std::collections::HashSet<String>>>,
) -> Result<BuildReport, SystemError> {
    let start = Instant::now();
    let timings = std::env::var_os("MINHBACH_TIMINGS").is_some();
    let lap = |what: &'static str| {
        if let Some(p) = opts.progress {
            p(what);
        }
        if timings {
            eprintln!("[timings] {what}: {} ms", start.elapsed().as_millis());
        }
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
        output: output.clone(),
        elapsed: Duration::ZERO,
    };
    if !root.is_dir() {
        return Err(SystemError(format!(
            "{}: không có thư mục này / no such folder",
            root.display()
        )));
    }
    if matches!(target, Target::Disk) {
        write::check_output(root, &output).map_err(|e| SystemError(e.to_string()))?;
    }
    let mut diags = Vec::new();
    let Some(mut config) = Config::load(root, &mut diags) else {
        report.diagnostics = finish(diags, opts.strict);
        report.elapsed = start.elapsed();
        return Ok(report);
    };
    if let Some(u) = &opts.base_url {
        config.set_base_url(u);
    }
    let theme = render::templates::Theme::load(root, &config);
    lap("config and theme");
    let sources = load::load_content_cached(
        root,
        &config,
        &mut diags,
        caches.as_deref_mut().map(|c| &mut c.sources),
    );
    lap("load");
    // A partial render (the pages open in the preview) needs the taxonomies only for their pages.
    let taxonomy_page = |p: &String| {
        [model::TAG_ROOT, model::CATEGORY_ROOT]
            .iter()
            .any(|r| p.starts_with(r.trim_start_matches('/')))
    };
    let skip_terms = only.as_ref().is_some_and(|o| !o.iter().any(taxonomy_page));
    let model_opts = model::ModelOptions { drafts: opts.drafts, strict: opts.strict, skip_terms };
    let mut site = match caches.as_deref_mut() {
        Some(c) => model::build_cached(&config, &sources, model_opts, &mut diags, &mut c.model),
        None => model::build(&config, &sources, model_opts, &mut diags),
    };
    drop(sources);
    lap("model");
    report.records = site.record_count();
    let theme = match theme {
        Ok(t) => Some(t),
        Err(ds) => {
            diags.extend(ds);
            None
        }
    };
    let has_errors =
        |d: &[Diagnostic]| d.iter().any(|x| x.severity == Severity::Error || opts.strict);
    if has_errors(&diags) || theme.is_none() {
        report.diagnostics = finish(diags, opts.strict);
        report.elapsed = start.elapsed();
        return Ok(report);
    }
    let theme = theme.expect("checked above");
    let render_cache = caches.as_deref().map(|c| Arc::clone(&c.render));
    render::render_bodies_cached(&mut site, caches.map(|c| &mut c.markdown));
    lap("markdown");
    let staging = match target {
        Target::Disk => Some(write::Staging::new(&output).map_err(|e| SystemError(e.to_string()))?),
        _ => None,
    };
    let memory: MemoryOutput = Mutex::new(BTreeMap::new());
    let in_memory = matches!(target, Target::Memory(_));
    let sink = |f: &render::OutFile| -> Result<(), String> {
        if let Some(st) = &staging {
            return st.put(f).map_err(|e| e.to_string());
        }
        if in_memory {
            let bytes = match &f.data {
                render::FileData::Bytes(b) => Arc::from(b.as_slice()),
                render::FileData::Shared(b) => Arc::clone(b),
                render::FileData::Static(s) => Arc::from(s.as_bytes()),
                render::FileData::Copy(p) => {
                    Arc::from(std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?)
                }
            };
            if let Ok(mut m) = memory.lock() {
                m.insert(f.path.clone(), bytes);
            }
        }
        Ok(())
    };
    let rendered = render::render_site(
        &site,
        root,
        &theme,
        render::RenderOptions {
            offline: opts.offline,
            only,
            cancel: opts.cancel.clone(),
            cache: render_cache.clone(),
        },
        &sink,
    );
    if render_cache.is_some() {
        // Freeing tens of thousands of records takes a while: the preview server does not wait
        // for it to reload the page.
        std::thread::spawn(move || drop(site));
    } else {
        drop(site);
    }
    match rendered {
        Ok(pages) => report.pages = pages,
        Err(render::RenderFailure::Content(ds)) => {
            // `staging` is dropped here: the temporary folder goes, the old output stays.
            diags.extend(ds);
            report.diagnostics = finish(diags, opts.strict);
            report.elapsed = start.elapsed();
            return Ok(report);
        }
        Err(render::RenderFailure::Io(e)) => return Err(SystemError(e)),
        Err(render::RenderFailure::Cancelled) => {
            report.cancelled = true;
            report.diagnostics = finish(diags, opts.strict);
            report.elapsed = start.elapsed();
            return Ok(report);
        }
    }
    lap("render");
    if timings && let Some(c) = render_cache.as_ref() {
        let (rendered, reused) = c.last_run();
        eprintln!("[timings] pages rendered: {rendered}, taken from the render cache: {reused}");
    }
    if let Some(st) = staging {
        report.files_written = st.commit().map_err(|e| SystemError(e.to_string()))?;
        report.wrote = true;
        lap("write");
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
    report.elapsed = start.elapsed();
    Ok(report)
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
