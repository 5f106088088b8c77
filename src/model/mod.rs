//! Model stage: typed records from the loaded files, cross-references resolved through indexes,
//! the plans' rules checked, the fund's ledger read and checked, personal data refused.
//!
//! Goes in: the `Config` and the loaded `Source`s. Comes out: the `Site`, every record typed,
//! linked and sorted, and the problems found (in `diags`).
//!
//! Every lookup goes through a hash index built once, so resolving references is linear in the
//! number of records. Dangling references, duplicate ids and duplicate URLs are reported here.
//!
//! The modules in the order data meets them: `common` (shared vocabulary: numbers, rounds,
//! places, targets, links) and `records` (one module per record kind) read each file;
//! `gather` collects them into the `Site` (`site`) with the `fund`'s ledger; `privacy` scans
//! every source; `urls` gives each record its path and checks they are unique; `resolve` links
//! the references and refuses the chains of them that loop (`cycles`); `orgs` and `progress` add reorganisations and reported actuals; `rules`
//! checks award decisions against their plans; `trees` draws implementation chains; `order`
//! and `terms` sort and build the taxonomies. `assemble` runs these steps one after another;
//! `cache` and `cached` keep per-file results for the preview server. `history` tells what
//! each commit changed in each record, from the versions the load stage read from git.

mod assemble;
mod cache;
mod cached;
pub(crate) mod common;
mod cycles;
pub(crate) mod fund;
mod gather;
pub(crate) mod history;
mod order;
mod orgs;
pub(crate) mod privacy;
mod progress;
pub(crate) mod records;
mod resolve;
mod rules;
mod site;
mod terms;
mod trees;
mod urls;

use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::load::Source;

pub(crate) use cached::ModelCache;
pub(crate) use records::{Campaign, DateView, Decision, Document, Exemplar, Meta, Page};
pub(crate) use site::ModelOptions;
pub(crate) use site::Site;
pub(crate) use site::{CATEGORY_ROOT, TAG_ROOT, fund_root};

/// Builds the model from loaded sources. Problems go to `diags`.
pub(crate) fn build(
    config: &Config,
    sources: &[impl std::borrow::Borrow<Source> + Sync],
    opts: ModelOptions,
    diags: &mut Vec<Diagnostic>,
) -> Site {
    let started = Instant::now();
    let parsed: Vec<gather::Parsed> = sources
        .par_iter()
        .map(|s| s.borrow())
        .filter(|s| gather::is_record(s))
        .map(|s| gather::read_record(s, config, opts))
        .collect();
    assemble::assemble(config, sources, opts, diags, started, parsed, &mut |d| {
        privacy::check(config, sources, d)
    })
}

/// [`build`] for a long-running process: the records and privacy scan of a file read by an
/// earlier run (the same `Arc`) are taken from `cache`.
pub(crate) fn build_cached(
    config: &Config,
    sources: &[std::sync::Arc<Source>],
    opts: ModelOptions,
    diags: &mut Vec<Diagnostic>,
    cache: &mut ModelCache,
) -> Site {
    let started = Instant::now();
    let parsed = cache.records.map(
        (opts.strict, config.award_forms.clone()),
        sources.par_iter().filter(|s| gather::is_record(s)),
        |s| gather::read_record(s, config, opts),
    );
    assemble::assemble(config, sources, opts, diags, started, parsed, &mut |d| {
        privacy::check_cached(config, sources, d, &mut cache.privacy)
    })
}
