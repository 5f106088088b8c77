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
//! `content/` are kept, each under its path at `HEAD`, newest version first, as NFC text.
//!
//! The result is written to `.minhbach-cache/history/<HEAD id>.json` in the site folder (the
//! folder is git-ignored): a rebuild without a new commit reads that file instead of walking.
//! Without a repository, in a shallow clone, or with `--no-history`, the history is off and
//! [`HistoryState::Off`] says why, once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diag::Text;
use crate::read::text::decode;
use crate::t;

/// Bumped when the cached format changes (old cache files are then ignored).
const CACHE_FORMAT: u32 = 1;

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

/// One version of a file: its text after a commit, or its deletion.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub(crate) struct Version {
    /// Index of the commit in [`History::commits`].
    pub(crate) commit: usize,
    /// The file's path at that commit, relative to the site folder (`content/…`).
    pub(crate) path: String,
    /// The text (NFC), or `None` when the commit deleted the file (or its text could not be read).
    pub(crate) text: Option<Arc<str>>,
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
        Ok((repo, prefix)) => match head_id(&repo) {
            Ok(head) => {
                if let Some(p) = previous.filter(|p| p.head == head) {
                    return HistoryState::On(p);
                }
                let cache = cache_file(root, &head);
                if let Some(h) = read_cache(&cache) {
                    return HistoryState::On(Arc::new(h));
                }
                match walk(&repo, &prefix, &head) {
                    Ok(h) => {
                        write_cache(root, &cache, &h);
                        HistoryState::On(Arc::new(h))
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
            let text = match blob {
                Some(b) => read_blob(repo, b, &path[prefix.len()..]),
                None => None,
            };
            let site_path = path[prefix.len()..].to_string();
            history.files.entry(at_head.clone()).or_default().push(Version {
                commit: index,
                path: site_path,
                text,
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
/// history at all.
pub(crate) fn uncommitted(root: &Path, h: &History) -> std::collections::HashSet<String> {
    use rayon::prelude::*;
    h.files
        .par_iter()
        .filter_map(|(path, versions)| {
            let committed = versions.first()?.text.as_deref()?;
            let now = crate::read::text::read_text(&root.join(path), Path::new(path)).ok()?;
            (now != committed).then(|| path.clone())
        })
        .collect()
}
