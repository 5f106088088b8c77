//! The model's steps after the records are read, in order, each timed under
//! `MINHBACH_TIMINGS`: gather, fund, privacy, assets, URLs, uniqueness, references,
//! organisations and progress, rules, implementation trees, order, taxonomies.

use std::borrow::Borrow;
use std::time::Instant;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::load::Source;
use crate::model::gather::{self, Parsed};
use crate::model::site::{CATEGORY_ROOT, ModelOptions, Site, TAG_ROOT};
use crate::model::{fund, order, orgs, progress, resolve, rules, terms, trees, urls};

/// Prints how long the model has run after each step when `MINHBACH_TIMINGS` is set.
struct Laps {
    started: Instant,
    on: bool,
}

impl Laps {
    fn lap(&self, what: &str) {
        if self.on {
            eprintln!("[timings]   model {what}: {} ms", self.started.elapsed().as_millis());
        }
    }
}

/// Builds the site from the records read (`parsed`, started at `started`) and the other
/// sources; `privacy_check` scans the sources for personal data.
pub(crate) fn assemble(
    config: &Config,
    sources: &[impl Borrow<Source> + Sync],
    opts: ModelOptions,
    diags: &mut Vec<Diagnostic>,
    started: Instant,
    parsed: Vec<Parsed>,
    privacy_check: &mut dyn FnMut(&mut Vec<Diagnostic>),
) -> Site {
    let laps = Laps { started, on: std::env::var_os("MINHBACH_TIMINGS").is_some() };
    laps.lap("read records");
    let mut site = gather::records(config, parsed, opts, diags);
    site.fund = gather::fund_periods(config, sources, diags);
    laps.lap("fund");
    privacy_check(diags);
    laps.lap("privacy");
    site.assets = gather::assets(sources);
    laps.lap("assets");
    urls::assign_urls(
        config,
        &mut site.documents,
        &mut site.exemplars,
        &mut site.decisions,
        &mut site.campaigns,
    );
    laps.lap("urls");
    urls::check_unique(&site, diags);
    urls::check_portable(&site, diags);
    laps.lap("unique");
    resolve::resolve(&mut site, diags);
    laps.lap("resolve");
    orgs::apply(&mut site, diags);
    progress::apply(&mut site, &gather::target_files(sources), diags);
    fund::link_decisions(&mut site.fund, &site.decisions);
    laps.lap("orgs, progress");
    rules::check(&mut site, diags);
    laps.lap("rules");
    trees::implementation_trees(&mut site);
    laps.lap("trees");
    order::sort(&mut site);
    laps.lap("sort");
    if !opts.skip_terms {
        site.tags = terms::terms(&site, TAG_ROOT, |m| &m.tags);
        site.categories = terms::terms(&site, CATEGORY_ROOT, |m| &m.categories);
    }
    laps.lap("terms");
    site
}
