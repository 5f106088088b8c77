//! Write stage: puts the rendered files into a temporary folder, then swaps it with the output in one step.
//!
//! The previous output stays whole until the new one is complete: on Linux the two folders are
//! exchanged atomically with `renameat2(RENAME_EXCHANGE)`; elsewhere the old folder is renamed
//! aside first, which leaves a window of a few microseconds where neither name exists. Windows
//! refuses to rename a folder while another program holds a file in it: the build then stops
//! with a message saying so ([`WriteError::Busy`]) and the previous output stays as it was.
//! Folders an earlier build left beside the output (killed, or unable to remove the old output)
//! are removed by the next build once the process that made them has ended.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diag::Text;
use crate::render::{FileData, OutFile};
use crate::t;

/// Why the output could not be written (public: the pipeline's `SystemError` carries it).
#[derive(Debug)]
pub enum WriteError {
    /// The output folder is the site itself, or holds it, or sits inside its sources.
    UnsafeOutput(PathBuf),
    /// The output folder exists, is not empty and does not look like a site minhbach built.
    NotAnOutput(PathBuf),
    /// A file path of the output would leave the output folder.
    UnsafePath(String),
    /// The output could not be moved aside: on Windows, a file in it is open in another program.
    Busy(PathBuf, io::Error),
    /// Input/output error.
    Io(PathBuf, io::Error),
}

impl WriteError {
    /// What went wrong and what to do, in both languages (the command line prints the one
    /// asked for).
    pub fn message(&self) -> Text {
        match self {
            WriteError::UnsafeOutput(p) => {
                let p = shown(p);
                t!(
                    "không ghi trang vào {p}: đó là thư mục trang, một thư mục nguồn, hoặc thư mục chứa chúng",
                    "refusing to write the site into {p}: it is the site folder, one of its sources, or a folder holding them"
                )
            }
            WriteError::NotAnOutput(p) => {
                let p = shown(p);
                t!(
                    "không thay {p}: thư mục này có tệp nhưng không có index.html, nên không giống một trang đã dựng; chọn --output khác hoặc làm trống nó",
                    "refusing to replace {p}: it is not empty and has no index.html, so it does not look like a built site; choose another --output or empty it"
                )
            }
            WriteError::UnsafePath(p) => t!(
                "không ghi {p}: đường dẫn đi ra ngoài thư mục xuất",
                "refusing to write {p}: the path leaves the output folder"
            ),
            WriteError::Busy(p, e) => {
                let p = shown(p);
                t!(
                    "không thay được {p} ({e}): có lẽ một tệp trong đó, hoặc chính thư mục đó, đang mở ở chương trình khác (trình soạn thảo, trình duyệt, phần mềm diệt virus, cửa sổ File Explorer hay cửa sổ lệnh đang đứng trong thư mục); trang cũ vẫn nguyên vẹn. Đóng tệp hoặc cửa sổ đó rồi dựng lại",
                    "cannot replace {p} ({e}): a file in it, or the folder itself, is probably open in another program (an editor, a browser, antivirus, a File Explorer or command window standing in the folder); the previous site is intact. Close that file or window and build again"
                )
            }
            WriteError::Io(p, e) => {
                let p = shown(p);
                t!("{p}: {e}", "{p}: {e}")
            }
        }
    }
}

/// A path as a webmaster reads it: on Windows without the `\\?\` prefix that resolving a path
/// adds (`\\?\C:\Trang\public` is shown `C:\Trang\public`, `\\?\UNC\server\x` as
/// `\\server\x`).
fn shown(p: &Path) -> String {
    let s = p.display().to_string();
    if let Some(unc) = s.strip_prefix(r"\\?\UNC\") {
        format!(r"\\{unc}")
    } else if let Some(rest) = s.strip_prefix(r"\\?\") {
        rest.to_string()
    } else {
        s
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().en)
    }
}

impl std::error::Error for WriteError {}

fn io_err(p: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |e| WriteError::Io(p.to_path_buf(), e)
}

/// Checks that `output` may be replaced by a build of the site at `root`.
pub(crate) fn check_output(root: &Path, output: &Path) -> Result<(), WriteError> {
    let canon_root = root.canonicalize().map_err(io_err(root))?;
    let abs_out = absolute(output);
    if canon_root.starts_with(&abs_out) {
        return Err(WriteError::UnsafeOutput(output.to_path_buf()));
    }
    for src in ["content", "themes", "templates", "static"] {
        if abs_out.starts_with(canon_root.join(src)) {
            return Err(WriteError::UnsafeOutput(output.to_path_buf()));
        }
    }
    if abs_out.is_dir() {
        let mut entries = fs::read_dir(&abs_out).map_err(io_err(output))?;
        let empty = entries.next().is_none();
        if !empty && !abs_out.join("index.html").is_file() {
            return Err(WriteError::NotAnOutput(output.to_path_buf()));
        }
    } else if abs_out.exists() {
        return Err(WriteError::NotAnOutput(output.to_path_buf()));
    }
    Ok(())
}

/// An absolute, lexically normalised path (the output may not exist yet).
fn absolute(p: &Path) -> PathBuf {
    let base =
        if p.is_absolute() { PathBuf::new() } else { std::env::current_dir().unwrap_or_default() };
    let joined = base.join(p);
    // Resolve the longest existing ancestor through symlinks, keep the rest lexically.
    let mut existing = joined.clone();
    let mut tail = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|s| s.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                tail.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in tail.into_iter().rev() {
        if name == ".." {
            out.pop();
        } else if name != "." {
            out.push(name);
        }
    }
    out
}

/// Whether a relative output path stays inside the output folder.
pub(crate) fn is_safe_rel(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && path.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
}

/// A temporary folder beside the output that files are written into while the site renders;
/// [`Staging::commit`] swaps it in. Dropped without commit, it is removed and the previous output
/// stays as it was.
pub(crate) struct Staging {
    tmp: PathBuf,
    out: PathBuf,
    committed: bool,
    dirs: Mutex<HashSet<PathBuf>>,
    count: AtomicUsize,
}

impl Staging {
    /// Creates the temporary folder beside `output`.
    pub(crate) fn new(output: &Path) -> Result<Staging, WriteError> {
        let out = absolute(output);
        let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        remove_stale(&parent, &name);
        let tmp = parent.join(format!(".{name}.minhbach-{}-{}", std::process::id(), nanos()));
        fs::create_dir(&tmp).map_err(io_err(&tmp))?;
        Ok(Staging {
            tmp,
            out,
            committed: false,
            dirs: Mutex::new(HashSet::new()),
            count: AtomicUsize::new(0),
        })
    }

    /// Writes one file (safe to call from many threads).
    pub(crate) fn put(&self, f: &OutFile) -> Result<(), WriteError> {
        if !is_safe_rel(&f.path) {
            return Err(WriteError::UnsafePath(f.path.clone()));
        }
        let p = self.tmp.join(&f.path);
        if let Some(parent) = p.parent() {
            let known = self.dirs.lock().map(|d| d.contains(parent)).unwrap_or(false);
            if !known {
                fs::create_dir_all(parent).map_err(io_err(parent))?;
                if let Ok(mut d) = self.dirs.lock() {
                    d.insert(parent.to_path_buf());
                }
            }
        }
        match &f.data {
            FileData::Bytes(b) => fs::write(&p, b),
            FileData::Shared(b) => fs::write(&p, &**b),
            FileData::Static(s) => fs::write(&p, s.as_bytes()),
            FileData::Copy(src) => fs::copy(src, &p).map(|_| ()),
        }
        .map_err(io_err(&p))?;
        self.count.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Files written so far.
    pub(crate) fn count(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }

    /// Replaces the output with what was written, in one step.
    pub(crate) fn commit(mut self) -> Result<usize, WriteError> {
        swap(&self.tmp, &self.out)?;
        self.committed = true;
        Ok(self.count())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Removes the folders that earlier builds left beside the output and could not clean up:
/// `.<name>.minhbach-<pid>-…` (a build killed by `kill -9` or a power cut) and
/// `.<name>.old-<pid>-…` (a previous output moved aside by a swap on Windows or macOS and not
/// removed, because a file in it was held or the build was killed). Only the folders of processes
/// that are gone are touched, so a build running at the same time keeps its own. When the output
/// itself is missing (a swap failed halfway and could not put the old output back), the newest
/// old output is renamed back to it instead of removed: the last good site, whole.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(rd) = fs::read_dir(parent) else { return };
    let tmp_prefix = format!(".{name}.minhbach-");
    let old_prefix = format!(".{name}.old-");
    let mut olds = Vec::new();
    for e in rd.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let (rest, old) = match (file.strip_prefix(&tmp_prefix), file.strip_prefix(&old_prefix)) {
            (Some(rest), _) => (rest, false),
            (None, Some(rest)) => (rest, true),
            (None, None) => continue,
        };
        let mut parts = rest.split('-');
        let Some(pid) = parts.next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid == std::process::id() || process_alive(pid) {
            continue;
        }
        if old {
            let time = parts.next().and_then(|n| n.parse::<u128>().ok()).unwrap_or(0);
            olds.push((time, e.path()));
        } else {
            remove_tree(&e.path());
        }
    }
    olds.sort();
    let out = parent.join(name);
    if !out.exists()
        && let Some((_, newest)) = olds.pop()
    {
        // Kept where it is when it cannot be put back.
        let _ = fs::rename(&newest, &out);
    }
    for (_, old) in olds {
        remove_tree(&old);
    }
}

/// Whether process `pid` is running (signal 0 checks without sending anything). When in doubt
/// (no permission to ask), it is taken as running: its folders are left alone.
#[cfg(unix)]
#[allow(unsafe_code)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return true };
    // SAFETY: no pointers; signal 0 sends nothing, it only reports whether `pid` exists.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Whether process `pid` is running: it can be opened and has no exit code yet. When in doubt
/// (access denied: another user's process), it is taken as running.
#[cfg(windows)]
#[allow(unsafe_code)]
fn process_alive(pid: u32) -> bool {
    use windows_sys::Win32::Foundation::{
        CloseHandle, ERROR_ACCESS_DENIED, GetLastError, STILL_ACTIVE,
    };
    use windows_sys::Win32::System::Threading::{
        GetExitCodeProcess, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION,
    };
    // SAFETY: the handle comes from OpenProcess, is checked for null, used only while open and
    // closed once; `code` outlives the call that writes it.
    unsafe {
        let h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
        if h.is_null() {
            return GetLastError() == ERROR_ACCESS_DENIED;
        }
        let mut code = 0u32;
        let known = GetExitCodeProcess(h, &mut code) != 0;
        CloseHandle(h);
        !known || code == STILL_ACTIVE as u32
    }
}

/// Elsewhere there is no portable way to ask: every process is taken as running.
#[cfg(not(any(unix, windows)))]
fn process_alive(_pid: u32) -> bool {
    true
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

fn swap(tmp: &Path, out: &Path) -> Result<(), WriteError> {
    if !out.exists() {
        return fs::rename(tmp, out).map_err(io_err(out));
    }
    if exchange(tmp, out).is_ok() {
        // `tmp` now holds the previous output.
        remove_tree(tmp);
        return Ok(());
    }
    swap_by_renames(tmp, out)
}

/// The swap where folders cannot be exchanged (Windows, macOS): the output is renamed aside,
/// the new one renamed in, the old one removed; on a failure the old one is put back.
fn swap_by_renames(tmp: &Path, out: &Path) -> Result<(), WriteError> {
    let old = out.with_file_name(format!(
        ".{}.old-{}-{}",
        out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        std::process::id(),
        nanos()
    ));
    fs::rename(out, &old).map_err(|e| moving_error(out, e))?;
    if let Err(e) = fs::rename(tmp, out) {
        let _ = fs::rename(&old, out);
        return Err(moving_error(out, e));
    }
    remove_tree(&old);
    Ok(())
}

/// Why a folder could not be renamed: [`WriteError::Busy`] when another program holds a file
/// in it (Windows refuses to rename a folder then: access denied, sharing or lock violation).
fn moving_error(p: &Path, e: io::Error) -> WriteError {
    let held = e.kind() == io::ErrorKind::PermissionDenied
        || (cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33)));
    if held { WriteError::Busy(p.to_path_buf(), e) } else { WriteError::Io(p.to_path_buf(), e) }
}

/// Removes a folder, its top-level entries in parallel (an old output has thousands of files).
fn remove_tree(dir: &Path) {
    if let Ok(rd) = fs::read_dir(dir) {
        let entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
        entries.par_iter().for_each(|p| {
            if p.is_dir() && !p.is_symlink() {
                let _ = fs::remove_dir_all(p);
            } else {
                let _ = fs::remove_file(p);
            }
        });
    }
    let _ = fs::remove_dir_all(dir);
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let cb = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call; the syscall
    // only reads them. RENAME_EXCHANGE swaps the two directory entries atomically.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "no atomic exchange"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` into a fresh folder beside `output` and swaps it in.
    fn write_atomically(files: &[OutFile], output: &Path) -> Result<usize, WriteError> {
        let staging = Staging::new(output)?;
        files.par_iter().try_for_each(|f| staging.put(f))?;
        staging.commit()
    }

    #[test]
    fn relative_output_paths_cannot_escape() {
        assert!(is_safe_rel("van-ban/a/index.html"));
        for bad in ["", "/etc/passwd", "../x", "a/../../x", "a\\b", "a//b", "a/./b", "a\u{0}b"] {
            assert!(!is_safe_rel(bad), "{bad:?}");
        }
    }

    #[test]
    fn swap_replaces_the_previous_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let f = |p: &str, s: &str| OutFile {
            path: p.into(),
            data: FileData::Bytes(s.as_bytes().to_vec()),
        };
        write_atomically(&[f("index.html", "old"), f("old/index.html", "x")], &out).unwrap();
        write_atomically(&[f("index.html", "new")], &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert!(!out.join("old").exists());
        let leftovers: Vec<_> =
            fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    /// Issue 20: on Windows a file open in `public/` makes the swap fail; the message says what
    /// to do and the previous output is left whole. The refusal is simulated with a folder in
    /// the way of the second rename (a held file cannot be simulated on Linux).
    #[test]
    fn a_failed_swap_says_why_and_keeps_the_old_site() {
        let e = io::Error::from(io::ErrorKind::PermissionDenied);
        let busy = moving_error(Path::new("public"), e);
        assert!(matches!(busy, WriteError::Busy(..)));
        assert!(
            busy.message().en.contains("or the folder itself, is probably open in another program")
        );
        assert!(busy.message().vi.contains("trang cũ vẫn nguyên vẹn"));
        let other = moving_error(Path::new("public"), io::Error::from(io::ErrorKind::NotFound));
        assert!(matches!(other, WriteError::Io(..)));

        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("index.html"), "old").unwrap();
        // The new output vanished (as if held): the second rename fails, the first is undone.
        let failed = swap_by_renames(&dir.path().join("gone"), &out);
        assert!(matches!(failed, Err(WriteError::Io(..))));
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
    }

    #[test]
    fn paths_in_messages_lose_the_verbatim_prefix() {
        let busy = WriteError::Busy(
            PathBuf::from(r"\\?\Z:\tmp\site\public"),
            io::Error::from(io::ErrorKind::PermissionDenied),
        );
        assert!(busy.message().en.starts_with(r"cannot replace Z:\tmp\site\public ("));
        assert_eq!(shown(Path::new(r"\\?\UNC\server\web\public")), r"\\server\web\public");
        assert_eq!(shown(Path::new("/srv/site/public")), "/srv/site/public");
    }

    /// The id of a process that has ended.
    #[cfg(unix)]
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    /// A folder with one file in it.
    #[cfg(unix)]
    fn folder(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        fs::create_dir_all(&p).unwrap();
        fs::write(p.join("index.html"), text).unwrap();
        p
    }

    #[cfg(unix)]
    #[test]
    fn processes_are_told_alive_or_gone() {
        assert!(process_alive(std::process::id()));
        assert!(process_alive(std::os::unix::process::parent_id()));
        assert!(!process_alive(dead_pid()));
    }

    /// Issue 20: a swap by renames (Windows, macOS) that could not remove the old output leaves
    /// `.public.old-<pid>-<time>`; the next build removes it, and the temporary folder of a
    /// killed build, but never those of a build still running (here: this test's parent).
    #[cfg(unix)]
    #[test]
    fn leftovers_of_ended_builds_are_removed_those_of_running_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (dead, live) = (dead_pid(), std::os::unix::process::parent_id());
        folder(dir.path(), "public", "current");
        let gone = [
            folder(dir.path(), &format!(".public.old-{dead}-100"), "old"),
            folder(dir.path(), &format!(".public.minhbach-{dead}-100"), "half"),
        ];
        let kept = [
            folder(dir.path(), &format!(".public.old-{live}-100"), "old"),
            folder(dir.path(), &format!(".public.minhbach-{live}-100"), "half"),
            folder(dir.path(), &format!(".docs.old-{dead}-100"), "another output"),
        ];
        let staging = Staging::new(&dir.path().join("public")).unwrap();
        for p in &gone {
            assert!(!p.exists(), "{} left", p.display());
        }
        for p in &kept {
            assert!(p.exists(), "{} removed", p.display());
        }
        assert_eq!(fs::read_to_string(dir.path().join("public/index.html")).unwrap(), "current");
        drop(staging);
    }

    /// When the output is missing beside old outputs of ended builds (a swap that failed halfway
    /// and could not put the old one back), the newest is put back and the others removed.
    #[cfg(unix)]
    #[test]
    fn a_missing_output_gets_the_newest_old_one_back() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dead_pid();
        let older = folder(dir.path(), &format!(".public.old-{dead}-100"), "older");
        let newest = folder(dir.path(), &format!(".public.old-{dead}-900"), "newest");
        drop(Staging::new(&dir.path().join("public")).unwrap());
        assert_eq!(fs::read_to_string(dir.path().join("public/index.html")).unwrap(), "newest");
        assert!(!older.exists() && !newest.exists());
    }

    #[test]
    fn refuses_to_replace_the_site_or_a_foreign_folder() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("content")).unwrap();
        assert!(matches!(check_output(dir.path(), dir.path()), Err(WriteError::UnsafeOutput(_))));
        assert!(matches!(
            check_output(dir.path(), &dir.path().join("content/x")),
            Err(WriteError::UnsafeOutput(_))
        ));
        let docs = dir.path().join("docs");
        fs::create_dir_all(&docs).unwrap();
        fs::write(docs.join("report.docx"), "x").unwrap();
        assert!(matches!(check_output(dir.path(), &docs), Err(WriteError::NotAnOutput(_))));
        assert!(check_output(dir.path(), &dir.path().join("public")).is_ok());
    }
}
