//! Load stage: walks the site folder and reads every content file as NFC text with its front matter parsed.
//!
//! In: the site folder and the [`Config`] (which names the folders of each kind). Out: one
//! [`Source`] per file, in name order, classified by the folder it sits in, and the problems
//! found. Nothing here knows what a plan or an exemplar is: files are read with the checks every
//! webmaster file needs (size, binary, legacy Vietnamese encodings, BOM, CRLF, NFD; see
//! [`crate::read::text`]) and handed to the model stage.
//!
//! [`walk`] lists the files, [`source`] reads one, [`cache`] keeps them between the preview's
//! rebuilds, [`history`] reads every earlier version of them from git.

mod cache;
pub(crate) mod history;
mod source;
mod walk;

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

pub(crate) use cache::SourceCache;
pub(crate) use source::{Source, SourceKind, source_from_text};
pub(crate) use walk::is_ignored;

use crate::config::Config;
use crate::diag::Diagnostic;

/// Walks `<root>/content`, classifies, reads and parses every file in parallel. Problems go to
/// `diags`; files that fail to read are left out. With a `cache` (the preview server's), only
/// what changed since the run that filled it is read again.
pub(crate) fn load_content_cached(
    root: &Path,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
    mut cache: Option<&mut SourceCache>,
) -> Vec<Arc<Source>> {
    if let Some(c) = cache.as_deref_mut() {
        if let Some(sources) = c.reread_changed(root, config, diags) {
            return sources;
        }
        c.forget_changes();
    }
    let walk_start = diags.len();
    let Some(files) = walk::content_files(root, diags) else { return Vec::new() };
    match cache {
        Some(cache) => {
            let walk_diags = diags[walk_start..].to_vec();
            cache.read(root, files, walk_diags, config, diags)
        }
        None => {
            let results: Vec<Result<Arc<Source>, Vec<Diagnostic>>> = files
                .par_iter()
                .map(|(abs, content_rel)| {
                    source::read_source(abs, content_rel, config).map(Arc::new)
                })
                .collect();
            let mut out = Vec::with_capacity(results.len());
            for r in results {
                match r {
                    Ok(s) => out.push(s),
                    Err(ds) => diags.extend(ds),
                }
            }
            out
        }
    }
}
