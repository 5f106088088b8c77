//! Files read by an earlier run, kept by `minhbach serve`: a rebuild re-reads only the files whose size or modification time changed, or only those a file watcher named.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use super::source::{Source, read_source};
use crate::config::Config;
use crate::diag::Diagnostic;

/// A walk of `content/`: (absolute path, path under `content/`) of each file, and its problems.
type CachedWalk = (Vec<(PathBuf, PathBuf)>, Vec<Diagnostic>);

/// A file's modification time and size.
type Stamp = (SystemTime, u64);

/// Files read by an earlier run, kept by `minhbach serve` so that a rebuild re-reads only the
/// files whose size or modification time changed. Cleared when `site.yaml` changes (it decides
/// how files are classified).
#[derive(Debug, Default)]
pub struct SourceCache {
    config_stamp: Option<Stamp>,
    entries: HashMap<PathBuf, CachedSource>,
    /// The walk of the last run: (absolute path, path under `content/`), and its problems.
    walk: Option<CachedWalk>,
    /// Files known to have changed since the last run, when a watcher said so and no file was
    /// added or removed (then the folder is not walked again). `None`: walk and compare stamps.
    changed: Option<HashSet<PathBuf>>,
    /// Files read (not taken from the cache) by the last run.
    pub last_reads: usize,
}

#[derive(Debug)]
struct CachedSource {
    stamp: Stamp,
    result: Result<Arc<Source>, Vec<Diagnostic>>,
}

fn stamp(p: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(p).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// A stamp that never matches: the file is read again next time.
const UNKNOWN: Stamp = (SystemTime::UNIX_EPOCH, u64::MAX);

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

    /// When a watcher said which files changed and none was added or removed: re-reads only
    /// those (no walk) and returns every source in walk order. `None`: the caller walks.
    pub(super) fn reread_changed(
        &mut self,
        root: &Path,
        config: &Config,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Vec<Arc<Source>>> {
        let changed = self.changed.take()?;
        let (files, walk_diags) = self.walk.as_ref()?;
        if self.config_stamp != stamp(&root.join("site.yaml"))
            || !changed.iter().all(|p| self.entries.contains_key(p))
        {
            return None;
        }
        diags.extend(walk_diags.iter().cloned());
        let content = root.join("content");
        let reread: Vec<(PathBuf, CachedSource)> = changed
            .par_iter()
            .filter_map(|abs| {
                let content_rel = abs.strip_prefix(&content).ok()?;
                let st = stamp(abs).unwrap_or(UNKNOWN);
                let result = read_source(abs, content_rel, config).map(Arc::new);
                Some((abs.clone(), CachedSource { stamp: st, result }))
            })
            .collect();
        self.last_reads = reread.len();
        for (abs, e) in reread {
            self.entries.insert(abs, e);
        }
        let mut out = Vec::with_capacity(files.len());
        for (abs, _) in files {
            match self.entries.get(abs).map(|e| &e.result) {
                Some(Ok(s)) => out.push(Arc::clone(s)),
                Some(Err(ds)) => diags.extend(ds.iter().cloned()),
                None => {}
            }
        }
        // The watcher keeps reporting: until it does, nothing changed since this run.
        self.changed = Some(HashSet::new());
        Some(out)
    }

    /// Forgets what a watcher said: the next run walks and compares stamps.
    pub(super) fn forget_changes(&mut self) {
        self.changed = None;
    }

    /// Reads the walked `files`, taking unchanged ones from the cache, and keeps this run's
    /// walk (`walk_diags`: its problems) and files for the next one.
    pub(super) fn read(
        &mut self,
        root: &Path,
        files: Vec<(PathBuf, PathBuf)>,
        walk_diags: Vec<Diagnostic>,
        config: &Config,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<Arc<Source>> {
        let config_stamp = stamp(&root.join("site.yaml"));
        if self.config_stamp != config_stamp {
            self.entries.clear();
            self.config_stamp = config_stamp;
        }
        let fresh: Vec<(PathBuf, CachedSource, bool)> = files
            .par_iter()
            .map(|(abs, content_rel)| {
                let st = stamp(abs);
                if let (Some(st), Some(c)) = (st, self.entries.get(abs))
                    && c.stamp == st
                {
                    return (
                        abs.clone(),
                        CachedSource { stamp: st, result: c.result.clone() },
                        false,
                    );
                }
                let result = read_source(abs, content_rel, config).map(Arc::new);
                (abs.clone(), CachedSource { stamp: st.unwrap_or(UNKNOWN), result }, true)
            })
            .collect();
        self.walk = Some((files, walk_diags));
        self.store(fresh, diags)
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
