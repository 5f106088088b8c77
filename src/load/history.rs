//! The site's git history: one first-parent walk from `HEAD` that keeps every version of every
//! content file, following renames, cached by the `HEAD` commit id.
//!
//! Why first-parent: the history a reader sees is the main line of publication. A branch merged
//! into it shows as its merge commit (the state the public saw), not as the drafts made on the
//! branch; the walk is then linear, so one tree diff per commit is enough.
//!
//! The walk reads the repository with gitoxide (`gix`, pure Rust: no `git` command is run). Each
//! commit's tree is compared with its first parent's, with git's rename detection (50 %
//! similarity), so a file moved to another folder keeps its history. Only files under
//! `content/` are kept, each under its path at `HEAD`, newest version first, as the id of its
//! content (the blob). The text of a version is read from the repository only when the model
//! asks for it ([`History::text`]): most records are published once and never changed, and
//! saying so needs no text, so a 10 000-record site reads a few texts, not 10 000.
//!
//! The result is written to `.minhbach-cache/history/<HEAD id>.json` in the site folder (the
//! folder is git-ignored): a rebuild without a new commit reads that file instead of walking.
//! Without a repository, in a shallow clone, or with `--no-history`, the history is off and
//! [`HistoryState::Off`] says why, once.
//!
//! For the preview, [`uncommitted`] tells which content files changed since their last commit.
//! It reads the git index's stat data through gitoxide, as `git status` does, and reads only the
//! files whose stat data say they may have changed (gitoxide's own status would also walk the
//! folders for untracked files and compare every staged entry, which the build does not need:
//! files never committed are known from the model).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::diag::Text;
use crate::read::text::decode;
use crate::t;

/// Bumped when the cached format changes (old cache files are then ignored).
const CACHE_FORMAT: u32 = 2;

/// One commit of the main line.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub(crate) struct Commit {
    /// Full hexadecimal id.
    pub(crate) id: String,
    /// Commit time, seconds since 1970 (UTC).
    pub(crate) time: i64,
    /// Author's name (never the e-mail address).
    pub(crate) author: String,
    /// The message's first line.
    pub(crate) summary: String,
}

/// One version of a file: its content after a commit, or its deletion.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub(crate) struct Version {
    /// Index of the commit in [`History::commits`].
    pub(crate) commit: usize,
    /// The file's path at that commit, relative to the site folder (`content/…`).
    pub(crate) path: String,
    /// The id of its content in the repository (hexadecimal), or `None` when the commit deleted
    /// the file. Its text: [`History::text`].
    pub(crate) blob: Option<String>,
}

/// Reads the text of versions from the repository, once each (the model compares each version
/// with the one before it, and a fund's ledgers are read for each of its periods).
/// The repository is opened once per thread (gitoxide's handle is not shared between threads
/// in the build we use, which leaves out its `parallel` feature).
#[derive(Clone, Default)]
struct Blobs {
    /// The repository's `.git` folder.
    git_dir: Option<PathBuf>,
    texts: Arc<Mutex<HashMap<String, Option<Arc<str>>>>>,
    /// How many texts were read from the repository (not from `texts`).
    reads: Arc<std::sync::atomic::AtomicUsize>,
}

thread_local! {
    /// This thread's handle on the repository last read: (its `.git` folder, the handle).
    static REPO: std::cell::RefCell<Option<(PathBuf, gix::Repository)>> =
        const { std::cell::RefCell::new(None) };
}

impl Blobs {
    /// The text of a blob, read through this thread's handle on the repository.
    fn read(&self, id: gix::ObjectId, rel: &str) -> Option<Arc<str>> {
        let dir = self.git_dir.as_ref()?;
        self.reads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        REPO.with(|cell| {
            let mut slot = cell.borrow_mut();
            if slot.as_ref().is_none_or(|(d, _)| d != dir) {
                *slot = Some((dir.clone(), gix::open(dir).ok()?));
            }
            let (_, repo) = slot.as_ref()?;
            read_blob(repo, id, rel)
        })
    }
}

impl std::fmt::Debug for Blobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Blobs")
    }
}

impl PartialEq for Blobs {
    /// Two histories are the same whatever they have read so far.
    fn eq(&self, _: &Blobs) -> bool {
        true
    }
}

/// Every version of every content file on the main line.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub(crate) struct History {
    /// Format of the cache file.
    format: u32,
    /// The `HEAD` commit id.
    pub(crate) head: String,
    /// Commits, newest first.
    pub(crate) commits: Vec<Commit>,
    /// Versions of each file, keyed by its path at `HEAD` (`content/…`), newest first.
    pub(crate) files: HashMap<String, Vec<Version>>,
    /// Where texts are read from (not cached: the repository is opened by each build).
    #[serde(skip)]
    blobs: Blobs,
}

impl History {
    /// The text (NFC) of a version, `None` when the commit deleted the file or its content is
    /// not text. Read from the repository on first use, then kept.
    pub(crate) fn text(&self, v: &Version) -> Option<Arc<str>> {
        let blob = v.blob.as_deref()?;
        if let Some(t) = self.blobs.texts.lock().ok()?.get(blob) {
            return t.clone();
        }
        let id = gix::ObjectId::from_hex(blob.as_bytes()).ok()?;
        let text = self.blobs.read(id, &v.path);
        if let Ok(mut m) = self.blobs.texts.lock() {
            m.insert(blob.to_string(), text.clone());
        }
        text
    }

    /// How many version texts this history has read from the repository so far.
    pub(crate) fn texts_read(&self) -> usize {
        self.blobs.reads.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Whether `bytes` (a file on disk) are exactly the content of version `v`, by the
    /// repository's own id of that content (no text is read).
    fn same_content(v: &Version, bytes: &[u8]) -> bool {
        let Some(blob) = v.blob.as_deref().and_then(|b| gix::ObjectId::from_hex(b.as_bytes()).ok())
        else {
            return false;
        };
        gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Blob, bytes)
            .is_ok_and(|id| id == blob)
    }
}

/// Whether the build has a history, and if not, why.
#[derive(Clone, Debug)]
pub(crate) enum HistoryState {
    /// History is on.
    On(Arc<History>),
    /// History is off, for this reason (said once by the build).
    Off(Text),
}

/// The history of the site at `root`: `previous` (the one an earlier build of the same process
/// read) or the cache file when `HEAD` has not moved, else walked (and cached).
pub(crate) fn load_history_after(root: &Path, previous: Option<Arc<History>>) -> HistoryState {
    match open(root) {
        Ok((mut repo, prefix)) => match head_id(&repo) {
            Ok(head) => {
                if let Some(p) = previous.filter(|p| p.head == head) {
                    return HistoryState::On(p);
                }
                let cache = cache_file(root, &head);
                let blobs =
                    Blobs { git_dir: Some(repo.git_dir().to_path_buf()), ..Blobs::default() };
                if let Some(h) = read_cache(&cache) {
                    return HistoryState::On(Arc::new(History { blobs, ..h }));
                }
                with_walk_caches(&mut repo);
                match walk(&repo, &prefix, &head) {
                    Ok(h) => {
                        write_cache(root, &cache, &h);
                        HistoryState::On(Arc::new(History { blobs, ..h }))
                    }
                    Err(e) => HistoryState::Off(t!(
                        "không đọc được lịch sử git: {e}",
                        "cannot read the git history: {e}"
                    )),
                }
            }
            Err(why) => HistoryState::Off(why),
        },
        Err(why) => HistoryState::Off(why),
    }
}

/// Memory for decoded objects during the walk (trees: a folder of 10 000 files is a 360 KB
/// tree), and for the bases of packed deltas.
const WALK_CACHE_BYTES: usize = 64 * 1024 * 1024;

/// Turns on gitoxide's object and delta-base caches, which it leaves off unless asked. Each
/// commit's tree is compared with its parent's, and that parent is the next commit looked at: without
/// the object cache every tree (and each folder's tree inside it) is inflated twice; without the
/// delta-base cache a packed tree (as in any clone) inflates its whole chain of deltas each time.
fn with_walk_caches(repo: &mut gix::Repository) {
    repo.object_cache_size_if_unset(WALK_CACHE_BYTES);
    repo.objects.set_pack_cache(|| {
        Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(WALK_CACHE_BYTES))
    });
}

/// The repository holding `root` and the site folder's path inside it (`""` or `site/`).
fn open(root: &Path) -> Result<(gix::Repository, String), Text> {
    let repo = gix::discover(root).map_err(|_| {
        t!(
            "thư mục trang không nằm trong kho git nên không có lịch sử cập nhật",
            "the site folder is not in a git repository, so there is no update history"
        )
    })?;
    if repo.is_shallow().unwrap_or(false) {
        return Err(t!(
            "kho git là bản sao nông (shallow clone): lịch sử không đủ để so sánh các phiên bản; \
             trên máy CI hãy lấy đủ lịch sử (`fetch-depth: 0` hoặc `git fetch --unshallow`)",
            "the git repository is a shallow clone: the history is too short to compare versions; \
             on CI fetch the whole history (`fetch-depth: 0` or `git fetch --unshallow`)"
        ));
    }
    let Some(workdir) = repo.workdir() else {
        return Err(t!("kho git không có thư mục làm việc", "the git repository has no work tree"));
    };
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let (root, workdir) = (canon(root), canon(workdir));
    let rel = root.strip_prefix(&workdir).map(Path::to_path_buf).unwrap_or_default();
    let mut prefix: String = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    if !prefix.is_empty() {
        prefix.push('/');
    }
    Ok((repo, prefix))
}

/// The `HEAD` commit id, or why there is none.
fn head_id(repo: &gix::Repository) -> Result<String, Text> {
    match repo.head_id() {
        Ok(id) => Ok(id.to_string()),
        Err(_) => Err(t!(
            "kho git chưa có lần ghi (commit) nào nên chưa có lịch sử cập nhật",
            "the git repository has no commit yet, so there is no update history"
        )),
    }
}

/// `.minhbach-cache/history/v<format>-<head>.json` in the site folder.
fn cache_file(root: &Path, head: &str) -> PathBuf {
    root.join(".minhbach-cache").join("history").join(format!("v{CACHE_FORMAT}-{head}.json"))
}

/// The cached history, if the file is there and readable.
fn read_cache(path: &Path) -> Option<History> {
    let bytes = std::fs::read(path).ok()?;
    let h: History = serde_json::from_slice(&bytes).ok()?;
    (h.format == CACHE_FORMAT).then_some(h)
}

/// Writes the cache (best effort: a read-only site folder only makes the next build walk
/// again) and removes the files of older heads.
fn write_cache(root: &Path, path: &Path, h: &History) {
    let dir = root.join(".minhbach-cache").join("history");
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let _ = std::fs::remove_file(e.path());
        }
    }
    let Ok(bytes) = serde_json::to_vec(h) else { return };
    let tmp = path.with_extension("json.tmp");
    if std::fs::write(&tmp, bytes).is_ok() {
        let _ = std::fs::rename(&tmp, path);
    }
}

/// `.minhbach-cache/history-records.json` in the site folder: what the model worked out from
/// the versions of each record, kept across commits (its entries say which versions they are of).
fn records_cache_file(root: &Path) -> PathBuf {
    root.join(".minhbach-cache").join("history-records.json")
}

/// The model's cached results of an earlier build, if the file is there and readable.
pub(crate) fn read_records_cache<T: DeserializeOwned>(root: &Path) -> Option<T> {
    let bytes = std::fs::read(records_cache_file(root)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Writes the model's results for the next build (best effort, like the history's cache).
pub(crate) fn write_records_cache<T: Serialize>(root: &Path, value: &T) {
    let path = records_cache_file(root);
    let Some(dir) = path.parent() else { return };
    let Ok(bytes) = serde_json::to_vec(value) else { return };
    let tmp = path.with_extension("json.tmp");
    if std::fs::create_dir_all(dir).is_ok() && std::fs::write(&tmp, bytes).is_ok() {
        let _ = std::fs::rename(&tmp, &path);
    }
}

/// A file changed by a commit: its path, its new content (`None`: deleted) and, for a rename,
/// the path it came from.
type FileChange = (String, Option<gix::ObjectId>, Option<String>);

/// Walks the first-parent line from `head`, diffing each commit's tree with its parent's.
///
/// The line is read first (commit objects only, which are small), then the tree diffs, which are
/// most of the work (a folder of 10 000 files is a 360 KB tree to inflate and compare in each
/// commit), run in contiguous runs of commits on every core, each run on its own handle on the
/// repository with its own object cache: a commit's parent tree is the next commit's tree, so
/// only the tree at each run's end is read twice. The changes are then put together in the
/// line's order, newest first, where renames are followed (a file's later path is known only
/// from the newer commits).
fn walk(repo: &gix::Repository, prefix: &str, head: &str) -> Result<History, String> {
    use rayon::prelude::*;
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let mut history =
        History { format: CACHE_FORMAT, head: head.to_string(), ..History::default() };
    // Each commit's tree and its first parent's (`None` for the root commit), newest first.
    let mut trees: Vec<(gix::ObjectId, Option<gix::ObjectId>)> = Vec::new();
    let mut id = repo.head_id().map_err(|e| err(&e))?.detach();
    loop {
        let commit = repo.find_commit(id).map_err(|e| err(&e))?;
        let tree = commit.tree_id().map_err(|e| err(&e))?.detach();
        let parent = commit.parent_ids().next().map(|p| p.detach());
        let parent_tree = match parent {
            Some(p) => {
                Some(repo.find_commit(p).and_then(|c| c.tree_id()).map_err(|e| err(&e))?.detach())
            }
            None => None,
        };
        trees.push((tree, parent_tree));
        history.commits.push(commit_info(&commit).map_err(|e| err(&e))?);
        match parent {
            Some(p) => id = p,
            None => break,
        }
    }
    let git_dir = repo.git_dir().to_path_buf();
    let runs = (rayon::current_num_threads() * 2).max(1);
    let per_run = trees.len().div_ceil(runs).max(1);
    let diffs: Vec<Vec<Vec<FileChange>>> = trees
        .par_chunks(per_run)
        .map(|run| {
            let mut repo = gix::open(&git_dir).map_err(|e| err(&e))?;
            with_walk_caches(&mut repo);
            let mut resources = repo
                .diff_resource_cache(gix::diff::blob::pipeline::Mode::ToGit, Default::default())
                .map_err(|e| err(&e))?;
            run.iter()
                .map(|&(tree, parent)| tree_changes(&repo, tree, parent, &mut resources))
                .collect::<Result<Vec<_>, String>>()
        })
        .collect::<Result<_, String>>()?;
    let content = format!("{prefix}content/");
    // Path at the commit being looked at -> path at HEAD, for files renamed later.
    let mut current: HashMap<String, String> = HashMap::new();
    for (index, changes) in diffs.into_iter().flatten().enumerate() {
        for (path, blob, renamed_from) in changes {
            if !path.starts_with(&content) {
                continue;
            }
            let at_head = current.get(&path).cloned().unwrap_or_else(|| path.clone());
            let site_path = path[prefix.len()..].to_string();
            history.files.entry(at_head.clone()).or_default().push(Version {
                commit: index,
                path: site_path,
                blob: blob.map(|b| b.to_string()),
            });
            if let Some(from) = renamed_from
                && from.starts_with(&content)
            {
                current.insert(from, at_head);
            }
        }
    }
    // The keys above are paths in the repository; the model knows paths in the site folder.
    Ok(rekey(history, prefix))
}

/// The files a commit changed: its tree (`tree`) compared with its parent's (`parent`, `None`
/// for the root commit: every file is added), with git's rename detection.
fn tree_changes(
    repo: &gix::Repository,
    tree: gix::ObjectId,
    parent: Option<gix::ObjectId>,
    resources: &mut gix::diff::blob::Platform,
) -> Result<Vec<FileChange>, String> {
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let tree = repo.find_tree(tree).map_err(|e| err(&e))?;
    let parent_tree = match parent {
        Some(p) => repo.find_tree(p).map_err(|e| err(&e))?,
        None => repo.empty_tree(),
    };
    let mut changes: Vec<FileChange> = Vec::new();
    parent_tree
        .changes()
        .map_err(|e| err(&e))?
        .options(|o| {
            o.track_path().track_rewrites(Some(gix::diff::Rewrites::default()));
        })
        .for_each_to_obtain_tree_with_cache(&tree, resources, |change| {
            use gix::object::tree::diff::ChangeDetached as C;
            match change.detach() {
                C::Addition { location, entry_mode, id, .. }
                | C::Modification { location, entry_mode, id, .. }
                    if entry_mode.is_blob() =>
                {
                    changes.push((location.to_string(), Some(id), None));
                }
                C::Deletion { location, entry_mode, .. } if entry_mode.is_blob() => {
                    changes.push((location.to_string(), None, None));
                }
                C::Rewrite { source_location, location, id, entry_mode, copy, .. }
                    if entry_mode.is_blob() =>
                {
                    let from = (!copy).then(|| source_location.to_string());
                    changes.push((location.to_string(), Some(id), from));
                }
                _ => {}
            }
            Ok(std::ops::ControlFlow::Continue(()))
        })
        .map_err(|e| err(&e))?;
    resources.clear_resource_cache();
    Ok(changes)
}

/// Keys of [`History::files`] relative to the site folder.
fn rekey(mut h: History, prefix: &str) -> History {
    if prefix.is_empty() {
        return h;
    }
    h.files = h
        .files
        .into_iter()
        .map(|(k, v)| (k.strip_prefix(prefix).map(str::to_string).unwrap_or(k), v))
        .collect();
    h
}

/// A blob's text, decoded like a content file (`None` when it is not text).
fn read_blob(repo: &gix::Repository, id: gix::ObjectId, rel: &str) -> Option<Arc<str>> {
    let blob = repo.find_blob(id).ok()?;
    decode(&blob.data, Path::new(rel)).ok().map(Arc::from)
}

/// Id, time, author's name and first line of a commit.
fn commit_info(c: &gix::Commit<'_>) -> Result<Commit, gix::Error> {
    let time = c.time()?.seconds;
    let author = c.author()?.name.to_string();
    let summary = c.message()?.summary().to_string();
    Ok(Commit { id: c.id.to_string(), time, author, summary })
}

/// Content files whose text on disk differs from their last committed version (the preview shows
/// their changes as not yet published), or that were deleted since. Files never committed are
/// not listed: they have no history at all (the model tells them as not yet published itself).
///
/// As `git status` does, the git index's stat data (size, modification time, inode) say which
/// files cannot have changed since they were staged: such a file whose staged content is the
/// committed one is unchanged without reading it. Only files whose stat differs from the index,
/// that the index marks racy (changed in the same second the index was written), or that are
/// staged with other content are read: a rebuild with no edit reads no file. A file whose bytes
/// are the committed ones is unchanged without reading its committed text; otherwise both texts
/// are compared as the build reads them (a checkout with CRLF line endings is not a change).
/// With `MINHBACH_TIMINGS` set, says how many files were read (`uncommitted check: N files
/// hashed`).
pub(crate) fn uncommitted(root: &Path, h: &History) -> std::collections::HashSet<String> {
    let (dirty, hashed) = uncommitted_counted(root, h);
    if std::env::var_os("MINHBACH_TIMINGS").is_some() {
        eprintln!("[timings]   uncommitted check: {hashed} files hashed");
    }
    dirty
}

/// [`uncommitted`], and how many files it read.
fn uncommitted_counted(root: &Path, h: &History) -> (std::collections::HashSet<String>, usize) {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let index = Staged::open(root);
    let hashed = AtomicUsize::new(0);
    let dirty = h
        .files
        .par_iter()
        .filter_map(|(path, versions)| {
            let last = versions.first()?;
            let abs = root.join(path);
            let Ok(meta) = gix::index::fs::Metadata::from_path_no_follow(&abs) else {
                // Gone from the disk: deleted since its last commit (unless that commit did).
                return last.blob.is_some().then(|| path.clone());
            };
            if index.as_ref().is_some_and(|ix| ix.unchanged(path, &meta, last)) {
                return None;
            }
            hashed.fetch_add(1, Ordering::Relaxed);
            let Ok(bytes) = std::fs::read(&abs) else { return Some(path.clone()) };
            if History::same_content(last, &bytes) {
                return None;
            }
            // Deleted by its last commit and there again: a change.
            let Some(committed) = h.text(last) else { return Some(path.clone()) };
            let now = decode(&bytes, Path::new(path)).ok()?;
            (now != *committed).then(|| path.clone())
        })
        .collect();
    (dirty, hashed.into_inner())
}

/// The git index of the repository holding the site folder, to tell unchanged files by their
/// stat data.
struct Staged {
    index: gix::index::File,
    /// The site folder's path in the repository (`""` or `site/`).
    prefix: String,
    /// How stat data are compared: the repository's settings (`core.checkStat`,
    /// `core.trustCTime`), with nanoseconds.
    options: gix::index::entry::stat::Options,
}

impl Staged {
    /// The index, or `None` when there is none to read (every file is then read).
    fn open(root: &Path) -> Option<Staged> {
        let (repo, prefix) = open(root).ok()?;
        let index = repo.open_index().ok()?;
        let mut options = repo.stat_options().unwrap_or_default();
        // Git records nanoseconds in the index wherever the system has them: comparing them too
        // tells a save in the same second as the last one (size and modification time kept).
        // Where an index holds none, every file differs and is read: slower, never wrong.
        options.use_nsec = true;
        Some(Staged { index, prefix, options })
    }

    /// Whether the file at site path `path`, with stat data `meta`, is known to hold the content
    /// of version `last` without reading it: its index entry has that content and the same stat
    /// data, and the entry is not racy.
    fn unchanged(&self, path: &str, meta: &gix::index::fs::Metadata, last: &Version) -> bool {
        use gix::bstr::ByteSlice;
        let Some(blob) = last.blob.as_deref() else { return false };
        let full = format!("{}{path}", self.prefix);
        let Some(entry) = self.index.entry_by_path(full.as_bytes().as_bstr()) else {
            return false;
        };
        let flags =
            gix::index::entry::Flags::INTENT_TO_ADD | gix::index::entry::Flags::SKIP_WORKTREE;
        if entry.stage() != gix::index::entry::Stage::Unconflicted || entry.flags.intersects(flags)
        {
            return false;
        }
        let Ok(stat) = gix::index::entry::Stat::from_fs(meta) else { return false };
        entry.stat.matches(&stat, self.options)
            && !entry.stat.is_racy(self.index.timestamp(), self.options)
            && gix::ObjectId::from_hex(blob.as_bytes()).is_ok_and(|b| b == entry.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;
    use std::time::{Duration, SystemTime};

    /// Runs `git ARGS` in `dir`.
    fn git(dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
            .args(["-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(dir)
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .output()
            .expect("the git command (installed by .ci/run)");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// Sets the modification time of the file `rel` in `dir` to `t`.
    fn set_mtime(dir: &Path, rel: &str, t: SystemTime) {
        let f = std::fs::File::options().write(true).open(dir.join(rel)).unwrap();
        f.set_modified(t).unwrap();
    }

    /// A repository with three committed content files whose index entries are not racy (their
    /// modification times a minute before the index was written, as after any `git status` a
    /// second after an edit).
    fn repository() -> (tempfile::TempDir, Arc<History>, SystemTime) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        for name in ["a", "b", "c"] {
            std::fs::write(root.join(format!("content/{name}.md")), format!("# {name}\n")).unwrap();
        }
        git(root, &["init", "-q"]);
        git(root, &["add", "-A"]);
        git(root, &["commit", "-q", "-m", "Công bố"]);
        let old = SystemTime::now() - Duration::from_secs(60);
        for name in ["a", "b", "c"] {
            set_mtime(root, &format!("content/{name}.md"), old);
        }
        git(root, &["update-index", "-q", "--refresh"]);
        let HistoryState::On(h) = load_history_after(root, None) else { panic!("no history") };
        (dir, h, old)
    }

    #[test]
    fn files_unchanged_since_the_index_are_not_read() {
        let (dir, h, _) = repository();
        let (dirty, hashed) = uncommitted_counted(dir.path(), &h);
        assert!(dirty.is_empty(), "{dirty:?}");
        assert_eq!(hashed, 0, "files the index knows unchanged were read");
    }

    #[test]
    fn edited_and_deleted_files_are_uncommitted_a_touched_one_is_not() {
        let (dir, h, old) = repository();
        let root = dir.path();
        // Same size, and its old modification time put back: only its inode change time (in the
        // same second, told by its nanoseconds) says it was written.
        std::fs::write(root.join("content/a.md"), "# A\n").unwrap();
        set_mtime(root, "content/a.md", old);
        std::fs::remove_file(root.join("content/b.md")).unwrap();
        set_mtime(root, "content/c.md", SystemTime::now());
        std::fs::write(root.join("content/d.md"), "# d\n").unwrap();
        let (dirty, hashed) = uncommitted_counted(root, &h);
        let mut dirty: Vec<String> = dirty.into_iter().collect();
        dirty.sort();
        assert_eq!(dirty, ["content/a.md", "content/b.md"]);
        assert_eq!(hashed, 2, "the edited and the touched file are read, no other");
    }

    #[test]
    fn a_racy_entry_is_read() {
        let (dir, h, _) = repository();
        let root = dir.path();
        let path = "content/a.md";
        let mut staged = Staged::open(root).unwrap();
        let ts = staged.index.timestamp();
        // The file staged at the time `at` with its stat data as they are now (as `git add`
        // leaves them).
        let stage_at = |staged: &mut Staged, at: SystemTime| {
            set_mtime(root, path, at);
            let meta = gix::index::fs::Metadata::from_path_no_follow(&root.join(path)).unwrap();
            let entry = staged
                .index
                .entry_mut_by_path_and_stage(path.into(), gix::index::entry::Stage::Unconflicted)
                .unwrap();
            entry.stat = gix::index::entry::Stat::from_fs(&meta).unwrap();
            meta
        };
        let index_time =
            SystemTime::UNIX_EPOCH + Duration::new(ts.unix_seconds() as u64, ts.nanoseconds());
        let before = stage_at(&mut staged, index_time - Duration::from_secs(2));
        assert!(staged.unchanged(path, &before, &h.files[path][0]), "a settled entry is trusted");
        // Staged at the instant the index was written: a write later in that same instant (the
        // clock of file times is coarse), of the same size, would leave the stat data as they
        // are, so the file must be read.
        let racy = stage_at(&mut staged, index_time);
        assert!(!staged.unchanged(path, &racy, &h.files[path][0]), "a racy entry was trusted");
    }
}
