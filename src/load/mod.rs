//! Load stage: walks the site folder, reads files safely as NFC text and splits front matter.
//!
//! Nothing here knows what a plan or an exemplar is: files are classified by the folder they sit
//! in, read with the checks every webmaster file needs (size, binary, legacy Vietnamese encodings,
//! BOM, CRLF, NFD) and handed to the model stage.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Pos};
use crate::read::text::{io_diag, read_text, split_front_matter};
use crate::read::yaml::{self, Node};
use crate::t;

/// What a content file is, from where it sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceKind {
    /// A Markdown page.
    Page,
    /// A section's `_index.md` (also the home page's `content/_index.md`).
    Section,
    /// A document or plan (`van-ban/*.md`).
    Document,
    /// An exemplar (`guong-dien-hinh/*.md`).
    Exemplar,
    /// An award decision (`khen-thuong/*.md` or `.yaml`).
    Decision,
    /// A fund period (`quy/*.yaml`).
    FundPeriod,
    /// Fund rows in CSV (`quy/*.csv`), read through a period file.
    FundCsv,
    /// A campaign (`phong-trao/*.md`).
    Campaign,
    /// A targets data file: actuals per year (`chi-tieu/*.yaml`).
    Targets,
    /// Any other file: copied next to the pages (images, PDFs).
    Asset,
}

/// One file of the content folder, read and split.
#[derive(Clone, Debug)]
pub struct Source {
    /// What it is.
    pub kind: SourceKind,
    /// Path relative to the site root (for messages), with `/` separators.
    pub rel: PathBuf,
    /// Path relative to `content/`.
    pub content_rel: PathBuf,
    /// Absolute path.
    pub abs: PathBuf,
    /// Front matter (or the whole YAML file), when it parsed.
    pub front: Option<Node>,
    /// Markdown body (empty for YAML files).
    pub body: Arc<str>,
    /// Line of the body's first line in the file.
    pub body_line: u32,
    /// Raw text for CSV files.
    pub text: Option<String>,
}

/// Walks `<root>/content`, classifies, reads and parses every file in parallel. Problems go to
/// `diags`; files that fail to read are left out.
pub fn load_content(root: &Path, config: &Config, diags: &mut Vec<Diagnostic>) -> Vec<Source> {
    load_content_cached(root, config, diags, None)
        .into_iter()
        .map(|s| Arc::try_unwrap(s).unwrap_or_else(|s| (*s).clone()))
        .collect()
}

/// A walk of `content/`: (absolute path, path under `content/`) of each file, and its problems.
type CachedWalk = (Vec<(PathBuf, PathBuf)>, Vec<Diagnostic>);

/// Files read by an earlier run, kept by `minhbach serve` so that a rebuild re-reads only the
/// files whose size or modification time changed. Cleared when `site.yaml` changes (it decides
/// how files are classified).
#[derive(Debug, Default)]
pub struct SourceCache {
    config_stamp: Option<(std::time::SystemTime, u64)>,
    entries: std::collections::HashMap<PathBuf, CachedSource>,
    /// The walk of the last run: (absolute path, path under `content/`), and its problems.
    walk: Option<CachedWalk>,
    /// Files known to have changed since the last run, when a watcher said so and no file was
    /// added or removed (then the folder is not walked again). `None`: walk and compare stamps.
    changed: Option<std::collections::HashSet<PathBuf>>,
    /// Files read (not taken from the cache) by the last run.
    pub last_reads: usize,
}

impl SourceCache {
    /// Tells the cache which files changed, as a file watcher reports them. With
    /// `structural` (files or folders were created, removed or renamed) the next run walks
    /// `content/` again; otherwise it re-reads only `paths` (absolute).
    pub fn note_changes(&mut self, paths: impl IntoIterator<Item = PathBuf>, structural: bool) {
        if structural || self.walk.is_none() {
            self.changed = None;
            return;
        }
        // Until a run consumes the set, changes accumulate.
        if let Some(set) = &mut self.changed {
            set.extend(paths);
        } else if !self.entries.is_empty() {
            self.changed = Some(paths.into_iter().collect());
        }
    }

    /// Keeps this run's files and hands out their sources in walk order.
    fn store(
        &mut self,
        fresh: Vec<(PathBuf, CachedSource, bool)>,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<Arc<Source>> {
        self.last_reads = fresh.iter().filter(|f| f.2).count();
        self.entries.clear();
        let mut out = Vec::with_capacity(fresh.len());
        for (abs, c, _) in fresh {
            match &c.result {
                Ok(s) => out.push(Arc::clone(s)),
                Err(ds) => diags.extend(ds.iter().cloned()),
            }
            self.entries.insert(abs, c);
        }
        out
    }
}

#[derive(Debug)]
struct CachedSource {
    stamp: (std::time::SystemTime, u64),
    result: Result<Arc<Source>, Vec<Diagnostic>>,
}

fn stamp(p: &Path) -> Option<(std::time::SystemTime, u64)> {
    let m = std::fs::metadata(p).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// [`load_content`], re-reading only what changed since the run that filled `cache`.
pub fn load_content_cached(
    root: &Path,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
    mut cache: Option<&mut SourceCache>,
) -> Vec<Arc<Source>> {
    // A watcher said which files changed and none was added or removed: no walk.
    if let Some(c) = cache.as_deref_mut()
        && let (Some(changed), Some((files, walk_diags))) = (c.changed.take(), &c.walk)
        && c.config_stamp == stamp(&root.join("site.yaml"))
        && changed.iter().all(|p| c.entries.contains_key(p))
    {
        diags.extend(walk_diags.iter().cloned());
        // Only the changed files are read again; the map is updated in place.
        let content = root.join("content");
        let reread: Vec<(PathBuf, CachedSource)> = changed
            .par_iter()
            .filter_map(|abs| {
                let content_rel = abs.strip_prefix(&content).ok()?;
                let st = stamp(abs).unwrap_or((std::time::SystemTime::UNIX_EPOCH, u64::MAX));
                let result = read_source(abs, content_rel, config).map(Arc::new);
                Some((abs.clone(), CachedSource { stamp: st, result }))
            })
            .collect();
        c.last_reads = reread.len();
        for (abs, e) in reread {
            c.entries.insert(abs, e);
        }
        let mut out = Vec::with_capacity(files.len());
        for (abs, _) in files {
            match c.entries.get(abs).map(|e| &e.result) {
                Some(Ok(s)) => out.push(Arc::clone(s)),
                Some(Err(ds)) => diags.extend(ds.iter().cloned()),
                None => {}
            }
        }
        // The watcher keeps reporting: until it does, nothing changed since this run.
        c.changed = Some(std::collections::HashSet::new());
        return out;
    }
    if let Some(c) = cache.as_deref_mut() {
        c.changed = None;
    }
    let walk_start = diags.len();
    let content = root.join("content");
    let Ok(canon_root) = root.canonicalize() else {
        diags.push(Diagnostic::error(
            "io",
            Path::new("."),
            Pos::default(),
            t!("không mở được thư mục trang", "cannot open the site folder"),
        ));
        return Vec::new();
    };
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(
                "no-content",
                Path::new("content"),
                Pos::default(),
                t!("không có thư mục content/", "there is no content/ folder"),
            )
            .with_hint(t!(
                "tạo trang mới bằng `minhbach init THƯ-MỤC`",
                "create a new site with `minhbach init DIR`"
            )),
        );
        return Vec::new();
    }
    let mut files: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut linked_dirs: Vec<PathBuf> = Vec::new();
    let walker = walkdir::WalkDir::new(&content).follow_links(true).sort_by_file_name().into_iter();
    let mut walker = walker
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_str().unwrap_or("")));
    while let Some(entry) = walker.next() {
        match entry {
            Ok(e) => {
                if e.file_type().is_dir() && e.path_is_symlink() {
                    // A linked folder outside the site is reported once and not entered (a link
                    // to `/` would otherwise walk the whole disk).
                    if !e.path().canonicalize().is_ok_and(|c| c.starts_with(&canon_root)) {
                        let rel = Path::new("content")
                            .join(e.path().strip_prefix(&content).unwrap_or(e.path()));
                        diags.push(Diagnostic::outside_link(&rel));
                        walker.skip_current_dir();
                        continue;
                    }
                    linked_dirs.push(e.path().to_path_buf());
                }
                if !e.file_type().is_file() {
                    continue;
                }
                let abs = e.path().to_path_buf();
                let Ok(content_rel) = abs.strip_prefix(&content).map(Path::to_path_buf) else {
                    continue;
                };
                let rel = Path::new("content").join(&content_rel);
                // Files reached through a link may lie outside the site: check where they point.
                if e.path_is_symlink() || linked_dirs.iter().any(|d| e.path().starts_with(d)) {
                    match abs.canonicalize() {
                        Ok(c) if c.starts_with(&canon_root) => {}
                        Ok(_) => {
                            diags.push(Diagnostic::outside_link(&rel));
                            continue;
                        }
                        Err(err) => {
                            diags.push(*io_diag(&rel, &err));
                            continue;
                        }
                    }
                }
                if let Some(d) = unsafe_name(&content_rel, &rel) {
                    diags.push(d);
                    continue;
                }
                files.push((abs, content_rel));
            }
            Err(err) => {
                let rel = err
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| PathBuf::from("content"));
                let msg = if err.loop_ancestor().is_some() {
                    t!("vòng lặp liên kết tượng trưng", "symbolic link loop")
                } else {
                    t!("không đọc được: {err}", "cannot read: {err}")
                };
                diags.push(Diagnostic::error("walk", &rel, Pos::default(), msg).with_hint(t!(
                    "xóa liên kết vòng lặp hoặc liên kết hỏng",
                    "remove the looping or broken link"
                )));
            }
        }
    }
    let results: Vec<Result<Arc<Source>, Vec<Diagnostic>>> = match cache {
        None => files
            .par_iter()
            .map(|(abs, content_rel)| read_source(abs, content_rel, config).map(Arc::new))
            .collect(),
        Some(cache) => {
            let config_stamp = stamp(&root.join("site.yaml"));
            if cache.config_stamp != config_stamp {
                cache.entries.clear();
                cache.config_stamp = config_stamp;
            }
            let fresh: Vec<(PathBuf, CachedSource, bool)> = files
                .par_iter()
                .map(|(abs, content_rel)| {
                    let st = stamp(abs);
                    if let (Some(st), Some(c)) = (st, cache.entries.get(abs))
                        && c.stamp == st
                    {
                        return (
                            abs.clone(),
                            CachedSource { stamp: st, result: c.result.clone() },
                            false,
                        );
                    }
                    let result = read_source(abs, content_rel, config).map(Arc::new);
                    let st = st.unwrap_or((std::time::SystemTime::UNIX_EPOCH, u64::MAX));
                    (abs.clone(), CachedSource { stamp: st, result }, true)
                })
                .collect();
            cache.walk = Some((files, diags[walk_start..].to_vec()));
            return cache.store(fresh, diags);
        }
    };
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(s) => out.push(s),
            Err(ds) => diags.extend(ds),
        }
    }
    out
}

/// Names skipped when walking `content/`: hidden files, editor backups, swap and lock files.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('~')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || matches!(name, "Thumbs.db" | "desktop.ini" | "node_modules")
}

/// File and folder names become URLs: refuse names that cannot be one safely.
fn unsafe_name(content_rel: &Path, rel: &Path) -> Option<Diagnostic> {
    for c in content_rel.components() {
        let Component::Normal(s) = c else {
            return Some(Diagnostic::error(
                "unsafe-name",
                rel,
                Pos::default(),
                t!("đường dẫn không hợp lệ", "invalid path"),
            ));
        };
        let s = s.to_string_lossy();
        if s.chars().any(|ch| ch.is_control()) || s.contains('\\') {
            return Some(
                Diagnostic::error(
                    "unsafe-name",
                    rel,
                    Pos::default(),
                    t!(
                        "tên tệp có ký tự điều khiển hoặc dấu \\",
                        "the file name contains control characters or a backslash"
                    ),
                )
                .with_hint(t!(
                    "đổi tên tệp, chỉ dùng chữ, số và dấu -",
                    "rename the file using letters, digits and -"
                )),
            );
        }
    }
    None
}

fn classify(content_rel: &Path, config: &Config) -> SourceKind {
    let ext = content_rel.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let name = content_rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let top = content_rel.components().next().and_then(|c| c.as_os_str().to_str()).unwrap_or("");
    let depth = content_rel.components().count();
    let f = &config.folders;
    if name == "_index.md" {
        return SourceKind::Section;
    }
    let is_md = ext == "md" || ext == "markdown";
    let is_yaml = ext == "yaml" || ext == "yml";
    if depth >= 2 {
        if top == f.documents && is_md {
            return SourceKind::Document;
        }
        if top == f.exemplars && is_md {
            return SourceKind::Exemplar;
        }
        if top == f.decisions && (is_md || is_yaml) {
            return SourceKind::Decision;
        }
        if top == f.campaigns && is_md {
            return SourceKind::Campaign;
        }
        if top == f.fund && is_yaml {
            return SourceKind::FundPeriod;
        }
        if top == f.fund && ext == "csv" {
            return SourceKind::FundCsv;
        }
        if top == f.targets && is_yaml {
            return SourceKind::Targets;
        }
    }
    if is_md { SourceKind::Page } else { SourceKind::Asset }
}

fn read_source(abs: &Path, content_rel: &Path, config: &Config) -> Result<Source, Vec<Diagnostic>> {
    let rel = Path::new("content").join(content_rel);
    let kind = classify(content_rel, config);
    let mut src = Source {
        kind,
        rel: rel.clone(),
        content_rel: content_rel.to_path_buf(),
        abs: abs.to_path_buf(),
        front: None,
        body: Arc::from(""),
        body_line: 1,
        text: None,
    };
    if kind == SourceKind::Asset {
        return Ok(src);
    }
    let text = read_text(abs, &rel).map_err(|d| vec![*d])?;
    if text.trim().is_empty() && !matches!(kind, SourceKind::Section | SourceKind::FundCsv) {
        return Err(vec![
            Diagnostic::error(
                "empty-file",
                &rel,
                Pos::new(1, 0),
                t!("tệp rỗng (không có nội dung)", "the file is empty"),
            )
            .with_hint(t!(
                "điền nội dung (xem `minhbach new`), hoặc xóa tệp nếu tạo nhầm",
                "fill it in (see `minhbach new`), or delete it if it was created by mistake"
            )),
        ]);
    }
    let is_yaml_file =
        matches!(content_rel.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
    match kind {
        SourceKind::FundCsv => {
            src.text = Some(text);
            Ok(src)
        }
        _ if is_yaml_file => {
            src.front = Some(yaml::parse(&text, 1, &rel).map_err(|d| vec![*d])?);
            Ok(src)
        }
        _ => {
            let (front, front_line, body, body_line) =
                split_front_matter(&text, &rel).map_err(|d| vec![*d])?;
            src.front = Some(yaml::parse(&front, front_line, &rel).map_err(|d| vec![*d])?);
            src.body = Arc::from(body);
            src.body_line = body_line;
            Ok(src)
        }
    }
}
