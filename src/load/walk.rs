//! The walk of `content/`: every file in name order, with hidden and editor files skipped, links that leave the site refused and names that cannot be URLs reported.

use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Pos};
use crate::read::text::io_diag;
use crate::t;
use crate::vi;

/// The files under `<root>/content`, as (absolute path, path under `content/` in NFC), in name order.
/// Problems go to `diags`; `None` when there is no readable `content/` folder at all.
pub(super) fn content_files(
    root: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<(PathBuf, PathBuf)>> {
    let content = root.join("content");
    let Ok(canon_root) = root.canonicalize() else {
        diags.push(Diagnostic::error(
            "io",
            Path::new("."),
            Pos::default(),
            t!("không mở được thư mục trang", "cannot open the site folder"),
        ));
        return None;
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
        return None;
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
                let place =
                    Place { content: &content, canon_root: &canon_root, linked_dirs: &linked_dirs };
                if let Some(f) = accept_file(&e, &place, diags) {
                    files.push(f);
                }
            }
            Err(err) => diags.push(walk_error(&err, root)),
        }
    }
    // By the NFC names, so that a folder copied from a Mac (NFD names) builds like the same
    // folder in NFC.
    files.sort_by(|a, b| a.1.cmp(&b.1));
    Some(files)
}

/// `p` with its names in NFC: every path the later stages see, and so every id, slug, link
/// target and message, is the same for NFD file names (macOS) as for NFC ones (Windows, Linux).
/// Files are still opened by their real path.
fn nfc_path(p: &Path) -> PathBuf {
    match p.to_str() {
        Some(s) if !vi::is_nfc(s) => PathBuf::from(vi::nfc(s)),
        _ => p.to_path_buf(),
    }
}

/// Where the walk is: the content folder, the site's real path, and the linked folders entered.
struct Place<'a> {
    content: &'a Path,
    canon_root: &'a Path,
    linked_dirs: &'a [PathBuf],
}

/// A walked entry as (absolute path, path under `content/`) when it is a file the site may use.
fn accept_file(
    e: &walkdir::DirEntry,
    place: &Place<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(PathBuf, PathBuf)> {
    if !e.file_type().is_file() {
        return None;
    }
    let abs = e.path().to_path_buf();
    let content_rel = nfc_path(abs.strip_prefix(place.content).ok()?);
    let rel = Path::new("content").join(&content_rel);
    // Files reached through a link may lie outside the site: check where they point.
    if e.path_is_symlink() || place.linked_dirs.iter().any(|d| e.path().starts_with(d)) {
        match abs.canonicalize() {
            Ok(c) if c.starts_with(place.canon_root) => {}
            Ok(_) => {
                diags.push(Diagnostic::outside_link(&rel));
                return None;
            }
            Err(err) => {
                diags.push(*io_diag(&rel, &err));
                return None;
            }
        }
    }
    if let Some(d) = unsafe_name(&content_rel, &rel) {
        diags.push(d);
        return None;
    }
    Some((abs, content_rel))
}

/// The message for an entry the walk could not read (a link loop, a broken link).
fn walk_error(err: &walkdir::Error, root: &Path) -> Diagnostic {
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
    Diagnostic::error("walk", &rel, Pos::default(), msg).with_hint(t!(
        "xóa liên kết vòng lặp hoặc liên kết hỏng",
        "remove the looping or broken link"
    ))
}

/// Names skipped when walking `content/`: hidden files, editor backups, swap and lock files.
pub(crate) fn is_ignored(name: &str) -> bool {
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
