//! Search index: built from the model in the same build, written as small JavaScript files that
//! load with `<script>` (so the `--offline` copy searches from `file://` too).
//!
//! In: the [`Site`]. Out: the index files under `search/` (shards of keys with their postings,
//! record files, `search/meta.js`), which `themes/default/static/search.js` reads on the page at
//! `PAGE_URL`. `build_unless` runs the steps, in the order data meets them:
//!
//! 1. `entries`: which records become search entries (pages, campaigns, documents, decisions,
//!    exemplars, recipients, donors, tag and category pages), with the texts each indexes.
//! 2. `keys`: how an entry's text becomes index terms (folded keys, surface forms with tone
//!    digits, adjacency pairs, document symbols).
//! 3. `postings`: the entries of each key by field class, and their base-64 encoding.
//! 4. `index`: the keys cut into shards, the records and facets, the files.

mod entries;
mod index;
mod keys;
mod postings;

use crate::model::Site;

/// Site path of the search page.
pub(crate) const PAGE_URL: &str = "/tim-kiem/";

/// Whether the index may write `path` (relative to the output folder, `/`-separated):
/// `search/meta.js` and any file of `search/s/` and `search/r/`. Which of those a build makes
/// depends on the content (the number of shards), so no other file may take one of these paths:
/// a static file there is refused whatever the index holds, and `check`, which does not build
/// the index, refuses it the same way.
pub(crate) fn writes(path: &str) -> bool {
    let p = path.to_lowercase();
    p == "search/meta.js" || p.starts_with("search/s/") || p.starts_with("search/r/")
}

/// Builds the index files of `site`, giving up (`None`) as soon as `stop` says so: it is checked
/// between blocks of entries and between stages (the preview server stops a whole rebuild when a
/// file is saved).
pub(crate) fn build_unless(site: &Site, stop: &(dyn Fn() -> bool + Sync)) -> Option<index::Built> {
    let start = std::time::Instant::now();
    let built = index::build(&entries::entries(site), stop)?;
    if std::env::var_os("MINHBACH_TIMINGS").is_some() {
        let bytes: usize = built.files.iter().map(|f| f.1.len()).sum();
        eprintln!(
            "[timings] search index: {} ms, {} entries, {} files, {bytes} bytes",
            start.elapsed().as_millis(),
            built.entries,
            built.files.len()
        );
    }
    Some(built)
}
