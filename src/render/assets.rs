//! Site-wide step for static files: the theme's, then the site's `static/` (wins), then content assets; JavaScript minified by [`super::jsmin`]; names Windows cannot create refused; images stripped of metadata, and photos' originals left out.

use std::collections::BTreeMap;
use std::path::Path;

use super::context::Run;
use super::jsmin::minify_static;
use super::output::{FileData, Origin, OutFile, RenderFailure};
use super::photos::clean_copy;
use super::search;
use super::templates::StaticFile;
use crate::diag::{Diagnostic, Pos};
use crate::read::names;
use crate::t;

/// Every static file. A file of the site's `static/` replaces the theme's file of the same path
/// (that is how a theme file is changed); any other second producer of a path (a content asset
/// at a `static/` path, a static file at a page's path) is an error naming both. Files of
/// `static/` that leave the site folder are refused (content errors).
pub(crate) fn assets<E: Send>(r: &mut Run<'_, E>) -> Result<(), RenderFailure<E>> {
    let mut statics: BTreeMap<String, FileData> = BTreeMap::new();
    for (rel, s) in &r.theme.statics {
        let key = rel.to_string_lossy().replace('\\', "/");
        statics.insert(
            key,
            match s {
                StaticFile::Disk(p) => FileData::Copy(p.clone()),
                StaticFile::Builtin(t) => FileData::Static(t),
            },
        );
    }
    let errors = site_static(r.root, &mut statics);
    if !errors.is_empty() {
        return Err(RenderFailure::Content(errors));
    }
    let minify = r.config.minify && !r.opts.discard;
    let assets =
        r.site.assets.iter().map(|a| {
            (a.out_rel.to_string_lossy().replace('\\', "/"), FileData::Copy(a.abs.clone()))
        });
    let roots = [r.root.to_path_buf(), r.root.canonicalize().unwrap_or_default()];
    // An original made into resized files by the photos step is not published: pages show only
    // those files, and the original is the heaviest file and the one a phone wrote.
    let originals = &r.site.photo_originals;
    // Files where the search index writes are refused, and not claimed as well (once each).
    let (in_index, mut files): (Vec<_>, Vec<_>) = statics
        .into_iter()
        .chain(assets)
        .filter(|(path, data)| !(matches!(data, FileData::Copy(_)) && originals.contains(path)))
        .map(|(path, data)| {
            let origin = static_origin(&roots, &path, &data);
            (path, data, origin)
        })
        .partition(|(path, _, _)| search::writes(path));
    let mut errors = in_search_folder(&in_index);
    errors.extend(strip_images(r.root, &mut files, &r.theme.statics));
    let files: Vec<(OutFile, Origin)> = files
        .into_iter()
        .map(|(path, data, origin)| {
            let data = if minify { minify_static(&path, data) } else { data };
            (OutFile { path, data }, origin)
        })
        .collect();
    if errors.is_empty() {
        return r.emit_all(files);
    }
    // Paths taken twice are reported with the other problems (nothing is handed to the sink).
    if let Err(taken) = r.claim_all(files) {
        errors.extend(taken);
    }
    Err(RenderFailure::Content(errors))
}

/// Static files at a path the search index may write ([`search::writes`]): an error each,
/// whether or not this build's index reaches that file, so that `check` and every build agree.
fn in_search_folder(files: &[(String, FileData, Origin)]) -> Vec<Diagnostic> {
    files
        .iter()
        .map(|(path, _, origin)| {
            let file = match origin {
                Origin::Static(f) => f.as_str(),
                _ => path.as_str(),
            };
            Diagnostic::error(
                "duplicate-output",
                Path::new(file),
                Pos::default(),
                t!(
                    "tệp tĩnh `{path}` nằm ở chỗ bộ chỉ mục tìm kiếm ghi tệp của nó (search/meta.js, search/s/, search/r/)",
                    "the static file `{path}` is where the search index writes its files (search/meta.js, search/s/, search/r/)"
                ),
            )
            .with_hint(t!(
                "đổi tên hoặc chuyển tệp sang thư mục khác, ví dụ static/tai-lieu/",
                "rename the file or move it to another folder, e.g. static/tai-lieu/"
            ))
        })
        .collect()
}

/// Images of the site (not of the theme) published without their metadata
/// ([`super::photos::clean_copy`]): the problems found.
fn strip_images(
    root: &Path,
    files: &mut [(String, FileData, Origin)],
    theme: &BTreeMap<std::path::PathBuf, StaticFile>,
) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    files
        .par_iter_mut()
        .filter_map(|(_, data, _)| {
            let FileData::Copy(abs) = &*data else { return None };
            if theme.values().any(|t| matches!(t, StaticFile::Disk(p) if p == abs)) {
                return None;
            }
            let shown = abs.strip_prefix(root).unwrap_or(abs).to_path_buf();
            match clean_copy(abs, &shown) {
                Ok(Some(bytes)) => {
                    *data = FileData::Bytes(bytes);
                    None
                }
                Ok(None) => None,
                Err(d) => Some(*d),
            }
        })
        .collect()
}

/// Names a static file by its path relative to the site (or as the theme's built-in file).
fn static_origin(roots: &[std::path::PathBuf], path: &str, data: &FileData) -> Origin {
    match data {
        FileData::Copy(p) => {
            let rel = roots.iter().find_map(|r| p.strip_prefix(r).ok()).unwrap_or(p);
            Origin::Static(rel.to_string_lossy().replace('\\', "/"))
        }
        _ => Origin::Static(format!("{path} (theme)")),
    }
}

/// Adds the files of the site's `static/` folder to `statics`; returns the problems found.
fn site_static(root: &Path, statics: &mut BTreeMap<String, FileData>) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let static_dir = root.join("static");
    if !static_dir.is_dir() {
        return errors;
    }
    let canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut walk =
        walkdir::WalkDir::new(&static_dir).follow_links(true).sort_by_file_name().into_iter();
    while let Some(e) = walk.next() {
        // A linked folder outside the site is not entered (its files would be refused one by
        // one, and a link to `/` would walk the whole disk).
        if let Ok(d) = &e
            && d.file_type().is_dir()
            && d.path_is_symlink()
            && !d.path().canonicalize().is_ok_and(|c| c.starts_with(&canon))
        {
            let rel = d.path().strip_prefix(&static_dir).unwrap_or(d.path());
            errors.push(Diagnostic::outside_static(&Path::new("static").join(rel)));
            walk.skip_current_dir();
            continue;
        }
        match e {
            Ok(e) if e.file_type().is_file() => {
                let Ok(rel) = e.path().strip_prefix(&static_dir) else { continue };
                let key = rel.to_string_lossy().replace('\\', "/");
                if key.split('/').any(|p| p.starts_with('.')) {
                    continue;
                }
                let inside =
                    e.path().canonicalize().map(|c| c.starts_with(&canon)).unwrap_or(false);
                if !inside || key.chars().any(char::is_control) || key.contains('\\') {
                    errors.push(Diagnostic::outside_static(&Path::new("static").join(rel)));
                    continue;
                }
                if let Some(p) = names::problem(&key) {
                    let file = Path::new("static").join(rel);
                    errors.push(names::diagnostic(&file, Pos::default(), &key, &p));
                    continue;
                }
                statics.insert(key, FileData::Copy(e.path().to_path_buf()));
            }
            Ok(_) => {}
            Err(err) => errors.push(Diagnostic::error(
                "walk",
                Path::new("static"),
                Pos::default(),
                t!("không đọc được static/: {err}", "cannot read static/: {err}"),
            )),
        }
    }
    errors
}
