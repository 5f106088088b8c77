//! Watching the site folder: which saves trigger a rebuild, and running the rebuilds one after another.
//!
//! In go the file system's notifications; out come rebuilds ([`super::rebuild`]). Notifications
//! come from `notify` (inotify, FSEvents, ReadDirectoryChangesW), or from its `PollWatcher` where
//! the system refuses (too many watches, a network drive), and are debounced by
//! `notify-debouncer-full`, which keeps each event's kind (a new or removed file makes the next
//! build walk the folders again; a changed one does not).
//!
//! Swap, backup and lock files of editors, and files no build reads, trigger nothing. A save that
//! comes while a whole rebuild runs cancels it, and the rebuild starts again at once with every
//! change so far.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

use notify::event::ModifyKind;
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache};

use super::rebuild::{rebuild, rebuild_or_give_up};
use super::state::{ServeOptions, Shared};
use crate::pipeline::Caches;

/// What a build reads, under the site folder.
const WATCHED: [&str; 5] = ["content", "themes", "templates", "static", "site.yaml"];

/// Quiet time after a change before it is reported, so that the events of one save (truncate +
/// write, or write + rename, a millisecond apart) make one rebuild. A write that comes later
/// triggers another rebuild, so a short window never leaves a half-written file built. The
/// debouncer checks every quarter of it, so a save is reported 12 to 15 ms after its last event
/// (`benches/serve_bench.py` measures the whole save-to-reload time).
const DEBOUNCE: Duration = Duration::from_millis(12);

/// How often the polling fallback looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// Changes that can change the site, from one or more debounced batches.
#[derive(Debug, Default)]
struct Change {
    paths: Vec<PathBuf>,
    /// A file or folder was created, removed or renamed (or the watcher lost track): the next
    /// build walks the folders again.
    structural: bool,
}

/// The debouncer over either kind of watcher.
enum Source {
    Notify(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, RecommendedCache>),
}

impl Source {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Source::Notify(d) => d.watch(path, mode),
            Source::Poll(d) => d.watch(path, mode),
        }
    }
}

/// The watcher and what it reports to. Started before the first build, so that a file saved
/// while the site is being built is not missed.
pub(crate) struct Watch {
    root: PathBuf,
    tx: Sender<Change>,
    rx: Receiver<Change>,
    source: Option<Source>,
    /// The top-level folders watched so far (a folder created later is added then).
    watched: Vec<&'static str>,
    /// Set when a file changes: a whole rebuild under way gives up, so that the next save is
    /// shown at once instead of after the rebuild.
    pending: Arc<AtomicBool>,
}

impl Watch {
    /// Watches the site folder `root`: with the system's notifications, or by polling.
    pub(crate) fn start(root: &Path) -> Watch {
        let (tx, rx) = std::sync::mpsc::channel();
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let pending = Arc::new(AtomicBool::new(false));
        let mut w = Watch { root, tx, rx, source: None, watched: Vec::new(), pending };
        let handler = w.handler();
        w.source =
            notify_debouncer_full::new_debouncer(DEBOUNCE, None, handler).ok().map(Source::Notify);
        if !w.watch_root() || !w.add_folders() {
            w.poll();
        }
        w
    }

    /// What the debouncer calls with each batch: keeps the changes that can change the site,
    /// marks a rebuild under way as outdated, and hands them to the rebuild loop.
    fn handler(&self) -> impl FnMut(DebounceEventResult) + Send + 'static {
        let (root, tx, pending) = (self.root.clone(), self.tx.clone(), Arc::clone(&self.pending));
        move |batch| {
            let change = classify(&root, batch);
            if !change.paths.is_empty() {
                pending.store(true, Ordering::SeqCst);
                let _ = tx.send(change);
            }
        }
    }

    /// The root itself (not recursively) sees site.yaml and new top-level folders.
    fn watch_root(&mut self) -> bool {
        let root = self.root.clone();
        self.source.as_mut().is_some_and(|s| s.watch(&root, RecursiveMode::NonRecursive).is_ok())
    }

    /// From now on, poll (no notifications here, or the system ran out of watches).
    fn poll(&mut self) {
        self.source = None;
        self.watched.clear();
        let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
        let handler = self.handler();
        self.source = notify_debouncer_full::new_debouncer_opt(
            DEBOUNCE,
            None,
            handler,
            RecommendedCache::new(),
            config,
        )
        .ok()
        .map(Source::Poll);
        self.watch_root();
        self.add_folders();
    }

    /// Watches the folders a build reads that exist and are not watched yet; false when the
    /// system refused (too many watches).
    fn add_folders(&mut self) -> bool {
        let Some(source) = &mut self.source else { return true };
        for top in WATCHED.iter().take(4) {
            let p = self.root.join(top);
            if !self.watched.contains(top) && p.is_dir() {
                if source.watch(&p, RecursiveMode::Recursive).is_err() {
                    return false;
                }
                self.watched.push(top);
            }
        }
        true
    }

    /// The next change, with whatever else the debouncer has already reported (one save's
    /// events can straddle two of its ticks). `None` when the watcher is gone.
    fn next_change(&self) -> Option<Change> {
        let mut change = self.rx.recv().ok()?;
        // Batches of one save that the debouncer let out on consecutive ticks (a tick is a
        // quarter of its timeout) are taken together; waiting longer only delays the reload.
        while let Ok(more) = self.rx.recv_timeout(DEBOUNCE / 4) {
            change.paths.extend(more.paths);
            change.structural |= more.structural;
        }
        Some(change)
    }
}

/// The changes of a debounced batch that can change the site.
fn classify(root: &Path, batch: DebounceEventResult) -> Change {
    let mut change = Change::default();
    match batch {
        Ok(events) => {
            for ev in events {
                let kind = ev.event.kind;
                // Reads (ours included) change nothing.
                if matches!(kind, EventKind::Access(_)) {
                    continue;
                }
                // The system dropped events: look at everything.
                if ev.event.need_rescan() {
                    change.structural = true;
                    change.paths.push(root.join("content"));
                    continue;
                }
                let before = change.paths.len();
                let paths = ev.event.paths.iter().filter(|p| triggers_build(root, p));
                change.paths.extend(paths.cloned());
                let data = matches!(
                    kind,
                    EventKind::Modify(ModifyKind::Data(_)) | EventKind::Modify(ModifyKind::Any)
                );
                if change.paths.len() > before && !data {
                    change.structural = true;
                }
            }
        }
        // The watcher lost track (queue overflow): look at everything.
        Err(_) => {
            change.structural = true;
            change.paths.push(root.join("content"));
        }
    }
    change
}

/// Rebuilds whenever something the build reads changes, until the process ends.
pub(crate) fn watch(
    opts: &ServeOptions,
    shared: &Shared,
    origin: &str,
    mut caches: Caches,
    mut w: Watch,
) {
    while let Some(change) = w.next_change() {
        // Every change so far is in `change`; one that comes during the rebuild sets it again.
        w.pending.store(false, Ordering::SeqCst);
        if change.structural && !w.add_folders() {
            // Out of watches: from now on, poll, and look at everything.
            w.poll();
            caches.sources.note_changes([], true);
            rebuild(opts, shared, origin, &mut caches);
            continue;
        }
        caches.sources.note_changes(change.paths, change.structural);
        rebuild_or_give_up(opts, shared, origin, &mut caches, Some(&w.pending));
    }
}

/// Whether a change to `p` can change the site: it lies in a folder a build reads (or is
/// `site.yaml`) and is not an editor's swap, lock or backup file.
fn triggers_build(root: &Path, p: &Path) -> bool {
    let read = p
        .strip_prefix(root)
        .ok()
        .and_then(|r| r.components().next())
        .is_some_and(|c| WATCHED.iter().any(|w| c.as_os_str() == *w));
    read && !p.file_name().and_then(|n| n.to_str()).is_some_and(crate::load::is_ignored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, DataChange};
    use notify_debouncer_full::DebouncedEvent;

    fn batch(events: &[(EventKind, &str)]) -> DebounceEventResult {
        let at = std::time::Instant::now();
        Ok(events
            .iter()
            .map(|(kind, p)| {
                DebouncedEvent::new(notify::Event::new(*kind).add_path(PathBuf::from(p)), at)
            })
            .collect())
    }

    #[test]
    fn only_files_a_build_reads_trigger_it() {
        let root = Path::new("/site");
        let edit = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        let c = classify(
            root,
            batch(&[
                (edit, "/site/content/a/.a.md.swp"),
                (edit, "/site/content/a/a.md~"),
                (edit, "/site/ghi-chu.txt"),
                (edit, "/site/public/index.html"),
                (EventKind::Access(AccessKind::Any), "/site/content/a/a.md"),
            ]),
        );
        assert!(c.paths.is_empty(), "{c:?}");
        let c = classify(root, batch(&[(edit, "/site/content/a/a.md"), (edit, "/site/site.yaml")]));
        assert_eq!(c.paths.len(), 2);
        assert!(!c.structural, "an edit does not need a new walk");
        let c =
            classify(root, batch(&[(EventKind::Create(CreateKind::File), "/site/static/x.png")]));
        assert!(c.structural, "a new file does");
        let c = classify(root, Err(vec![notify::Error::generic("overflow")]));
        assert!(c.structural && !c.paths.is_empty(), "lost events: look at everything");
    }
}
