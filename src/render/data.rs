//! Steps that call the search and open data modules: the search page and index, the open data page and files.

use super::context::Run;
use super::jobs;
use super::opendata::{self, OpenData};
use super::output::{FileData, Origin, OutFile, RenderFailure};
use super::search;
use super::values::value;
use crate::model::Site;

/// The search page (its index is made by [`search_index`]).
pub(crate) fn search_page<E: Send>(r: &mut Run<'_, E>) -> Result<(), RenderFailure<E>> {
    let job = jobs::job(r, search::PAGE_URL, "search.html", "search", None, vec![]);
    jobs::render(r, vec![job]);
    Ok(())
}

/// The open data page; the data it lists is kept for [`open_data_files`].
pub(crate) fn open_data_page<E: Send>(r: &mut Run<'_, E>) -> Result<(), RenderFailure<E>> {
    r.open_data = if r.wanted(opendata::ROOT) {
        opendata::build(r.site, r.opts.history.as_deref(), !r.opts.discard)
    } else {
        OpenData::default()
    };
    let datasets = value(&r.open_data.datasets);
    let job = jobs::job(
        r,
        opendata::ROOT,
        "opendata.html",
        "opendata",
        None,
        vec![("datasets", datasets)],
    );
    jobs::render(r, vec![job]);
    Ok(())
}

/// Writes the search index's files, built beside the page steps ([`search_ahead`]). Not made by
/// `check`: the index cannot hold a content problem, and no other file may take its paths
/// ([`search::writes`]).
pub(crate) fn search_index<E: Send>(r: &mut Run<'_, E>) -> Result<(), RenderFailure<E>> {
    if r.cancelled() {
        return Err(RenderFailure::Cancelled);
    }
    if r.opts.discard {
        return Ok(());
    }
    // Built beside the page steps; missing only when the run was stopped meanwhile.
    let Some(index) = r.search.take() else { return Err(RenderFailure::Cancelled) };
    let files = index
        .into_iter()
        .map(|(path, text)| {
            let origin = Origin::Generated("search index".into());
            (OutFile { path, data: FileData::Bytes(text.into_bytes()) }, origin)
        })
        .collect();
    if r.cancelled() {
        return Err(RenderFailure::Cancelled);
    }
    r.emit_all(files)
}

/// The search index's files (path, text) of a whole build, made while the page steps run (it
/// needs only the model, so the serial parts of either keep the other core busy): `None` for
/// `check`, which makes no index, and when `stop` says the run ended first (a cancel, or pages
/// that failed).
pub(crate) fn search_ahead(
    site: &Site,
    discard: bool,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<(String, String)>> {
    if discard {
        return None;
    }
    search::build_unless(site, stop).map(|index| index.files)
}

/// The open data files and their manifest.
pub(crate) fn open_data_files<E: Send>(r: &mut Run<'_, E>) -> Result<(), RenderFailure<E>> {
    let files = std::mem::take(&mut r.open_data.files)
        .into_iter()
        .map(|(path, bytes)| {
            (OutFile { path, data: FileData::Bytes(bytes) }, Origin::Generated("open data".into()))
        })
        .collect();
    r.emit_all(files)
}
