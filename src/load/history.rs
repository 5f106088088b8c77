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

/// Walks the first-parent line from `head`, diffing each commit's tree with its parent's.
fn walk(repo: &gix::Repository, prefix: &str, head: &str) -> Result<History, String> {
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let mut history =
        History { format: CACHE_FORMAT, head: head.to_string(), ..History::default() };
    let content = format!("{prefix}content/");
    // Path at the commit being looked at -> path at HEAD, for files renamed later.
    let mut current: HashMap<String, String> = HashMap::new();
    let mut resources = repo
        .diff_resource_cache(gix::diff::blob::pipeline::Mode::ToGit, Default::default())
        .map_err(|e| err(&e))?;
    let mut id = repo.head_id().map_err(|e| err(&e))?.detach();
    loop {
        let commit = repo.find_commit(id).map_err(|e| err(&e))?;
        let tree = commit.tree().map_err(|e| err(&e))?;
        let parent = commit.parent_ids().next().map(|p| p.detach());
        let parent_tree = match parent {
            Some(p) => repo.find_commit(p).and_then(|c| c.tree()).map_err(|e| err(&e))?,
            None => repo.empty_tree(),
        };
        let index = history.commits.len();
        let mut changes: Vec<(String, Option<gix::ObjectId>, Option<String>)> = Vec::new();
        parent_tree
            .changes()
            .map_err(|e| err(&e))?
            .options(|o| {
                o.track_path().track_rewrites(Some(gix::diff::Rewrites::default()));
            })
            .for_each_to_obtain_tree_with_cache(&tree, &mut resources, |change| {
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
        history.commits.push(commit_info(&commit).map_err(|e| err(&e))?);
        match parent {
            Some(p) => id = p,
            None => break,
        }
    }
    // The keys above are paths in the repository; the model knows paths in the site folder.
    Ok(rekey(history, prefix))
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
/// their changes as not yet published). Files never committed are not listed: they have no
/// history at all. A file whose bytes are the committed ones is known unchanged without reading
/// its committed text; otherwise both texts are compared as the build reads them (a checkout
/// with CRLF line endings is not a change).
pub(crate) fn uncommitted(root: &Path, h: &History) -> std::collections::HashSet<String> {
    use rayon::prelude::*;
    h.files
        .par_iter()
        .filter_map(|(path, versions)| {
            let last = versions.first()?;
            let bytes = std::fs::read(root.join(path)).ok()?;
            if History::same_content(last, &bytes) {
                return None;
            }
            let committed = h.text(last)?;
            let now = decode(&bytes, Path::new(path)).ok()?;
            (now != *committed).then(|| path.clone())
        })
        .collect()
}
