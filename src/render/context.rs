//! The state of one render run, shared by every step: the model, theme, options, sink, render cache and cancel flag.
//!
//! [`Run::new`] prepares what every page has in common; the page steps render their pages into
//! it; [`Run::end_pages`] puts the render cache back and says whether the run goes
//! on to the site-wide files.

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use tera::Context;

use super::cache::{CachedPage, Fingerprint, Pages, RenderCache};
use super::links::out_path;
use super::opendata::OpenData;
use super::output::{Claims, FileData, Origin, OutFile, RenderFailure, Sink};
use super::templates::Theme;
use super::values::{menu, value};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::Site;

/// Options of the render stage.
#[derive(Clone, Debug, Default)]
pub(crate) struct RenderOptions {
    /// Links end in `index.html` and are relative, so the folder browses from disk.
    pub(crate) offline: bool,
    /// Render only these output files (paths relative to the output folder, such as
    /// `van-ban/index.html`), and nothing site-wide: the preview server's first pass after an
    /// edit, for the pages open in a browser.
    pub(crate) only: Option<Arc<HashSet<String>>>,
    /// When set (from another thread), stop at the next page: [`RenderFailure::Cancelled`].
    pub(crate) cancel: Option<Arc<AtomicBool>>,
    /// Pages rendered by earlier runs (kept by `minhbach serve`): a page whose template and
    /// values are the same is not rendered again.
    pub(crate) cache: Option<Arc<RenderCache>>,
    /// Every record's update history, when the site's git history is read.
    pub(crate) history: Option<Arc<crate::model::history::SiteHistory>>,
    /// The output is thrown away (`check`): every page is still rendered, since a template can
    /// fail on any page's values, and every output path is still claimed, since two producers
    /// of one path are an error; what cannot find a problem is skipped: minifying pages, the
    /// search index, the open data files' bytes.
    pub(crate) discard: bool,
}

/// One render run: what the steps read, and what they leave for the ones after them.
pub(crate) struct Run<'a, E> {
    pub(crate) site: &'a Site,
    pub(crate) config: &'a Config,
    /// The site folder (for `static/`).
    pub(crate) root: &'a Path,
    pub(crate) theme: &'a Theme,
    pub(crate) opts: RenderOptions,
    sink: Sink<'a, E>,
    /// What every page's context holds (site, menu, …).
    pub(super) base: Context,
    /// Fingerprint of `base` and the theme, when a render cache is used.
    pub(super) base_fp: Option<Fingerprint>,
    /// The render cache's pages, read in place during the run; new ones are added after it.
    pub(super) old_pages: Option<Pages>,
    pub(super) new_pages: Mutex<Vec<(String, CachedPage)>>,
    /// Pages taken from the cache.
    pub(super) reused: AtomicUsize,
    /// Output paths of every page made so far.
    pub(super) generated: HashSet<String>,
    /// Every output file's producer: two for one path is an error.
    pub(super) claims: Claims,
    /// The sink's first error.
    io_error: Mutex<Option<E>>,
    /// Pages that failed to render, in the order the steps made them.
    pub(super) errors: Vec<Diagnostic>,
    /// HTML pages made so far.
    pub(super) pages: usize,
    /// The open data, made with its page and written with the site-wide files.
    pub(crate) open_data: OpenData,
    /// The search index's files (path, text), built beside the page steps
    /// (`data::search_ahead`) and written by the search step.
    pub(crate) search: Option<Vec<(String, String)>>,
}

impl<'a, E: Send> Run<'a, E> {
    /// A run of `site` with `theme`, handing every file to `sink`.
    pub(crate) fn new(
        site: &'a Site,
        root: &'a Path,
        theme: &'a Theme,
        opts: RenderOptions,
        sink: Sink<'a, E>,
    ) -> Run<'a, E> {
        let config = &site.config;
        let mut base = Context::new();
        let (site_value, menu_value) = (value(config), value(&menu(site)));
        // What every page depends on, for the render cache.
        let base_fp = opts.cache.as_ref().map(|_| {
            let mut h = Fingerprint::new();
            h.text(&format!("{}|{}|{}|{config:?}", theme.fingerprint, opts.offline, config.minify));
            h.value(&site_value);
            h.value(&menu_value);
            h
        });
        base.insert_value("site", site_value);
        base.insert_value("menu", menu_value);
        base.insert("lang", "vi");
        base.insert("offline", &opts.offline);
        let old_pages = opts.cache.as_ref().map(|c| c.take());
        Run {
            site,
            config,
            root,
            theme,
            opts,
            sink,
            base,
            base_fp,
            old_pages,
            new_pages: Mutex::new(Vec::new()),
            reused: AtomicUsize::new(0),
            generated: HashSet::new(),
            claims: Claims::default(),
            io_error: Mutex::new(None),
            errors: Vec::new(),
            pages: 0,
            open_data: OpenData::default(),
            search: None,
        }
    }

    /// The `history` value of the record at site path `url` for its template: its changes,
    /// newest first (`null` without history).
    pub(crate) fn history_of(&self, url: &str) -> tera::Value {
        match self.opts.history.as_ref().and_then(|h| h.records.get(url)) {
            Some(rh) => value(rh.as_ref()),
            None => value(&()),
        }
    }

    /// Whether the page at site path `url` is to be made (with [`RenderOptions::only`], skip the
    /// work of pages nobody asked for).
    pub(crate) fn wanted(&self, url: &str) -> bool {
        self.opts.only.as_ref().is_none_or(|o| o.contains(&out_path(url)))
    }

    /// Whether any page under `url` is to be made (a listing's pages or a family of pages).
    pub(crate) fn wanted_under(&self, url: &str) -> bool {
        let prefix = url.trim_start_matches('/');
        self.opts.only.as_ref().is_none_or(|o| o.iter().any(|p| p.starts_with(prefix)))
    }

    /// Whether a paginated listing's own pages (`/x/`, `/x/trang/N/`, not the records under it)
    /// are to be made.
    pub(crate) fn wanted_listing(&self, url: &str) -> bool {
        self.wanted(url) || self.wanted_under(&format!("{url}trang/"))
    }

    /// Whether only some pages are made (the preview's first pass): nothing site-wide then.
    pub(crate) fn partial(&self) -> bool {
        self.opts.only.is_some()
    }

    /// Whether [`RenderOptions::cancel`] is set.
    pub(crate) fn cancelled(&self) -> bool {
        self.opts.cancel.as_ref().is_some_and(|c| c.load(Ordering::Relaxed))
    }

    /// HTML pages made.
    pub(crate) fn pages(&self) -> usize {
        self.pages
    }

    /// Hands one file to the sink; its first error is kept for [`Run::end_pages`].
    pub(super) fn emit(&self, path: String, data: FileData) {
        if let Err(e) = (self.sink)(&OutFile { path, data })
            && let Ok(mut slot) = self.io_error.lock()
        {
            slot.get_or_insert(e);
        }
    }

    /// Hands site-wide files to the sink, in parallel, once each has its one producer (the
    /// [`Origin`] beside it): a file another producer already made stops the run with both named.
    pub(crate) fn emit_all(
        &mut self,
        made: Vec<(OutFile, Origin)>,
    ) -> Result<(), RenderFailure<E>> {
        let files = self.claim_all(made).map_err(RenderFailure::Content)?;
        files.par_iter().try_for_each(self.sink).map_err(RenderFailure::Io)
    }

    /// Claims the paths of site-wide files without handing them to the sink: the files, or the
    /// paths another producer already made (the first 20).
    pub(crate) fn claim_all(
        &mut self,
        made: Vec<(OutFile, Origin)>,
    ) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut files = Vec::with_capacity(made.len());
        for (f, origin) in made {
            match self.claims.claim(&f.path, origin) {
                Ok(()) => files.push(f),
                Err(d) => errors.push(*d),
            }
        }
        if errors.is_empty() {
            return Ok(files);
        }
        errors.truncate(20);
        Err(errors)
    }

    /// After the page steps: the render cache gets the new pages, and the run stops on a sink
    /// error, a cancel or pages that failed to render (the first 20).
    pub(crate) fn end_pages(&mut self) -> Result<(), RenderFailure<E>> {
        if let (Some(c), Some(mut pages)) = (&self.opts.cache, self.old_pages.take()) {
            if self.opts.only.is_none() && !self.cancelled() {
                // A whole run: pages no longer made are forgotten.
                pages.retain(|k, _| self.generated.contains(k));
            }
            let rendered = std::mem::take(&mut self.new_pages).into_inner().unwrap_or_default();
            let (made, reused) = (rendered.len(), self.reused.load(Ordering::Relaxed));
            pages.extend(rendered);
            c.put_back(pages, made, reused);
        }
        if let Some(e) = self.io_error.get_mut().ok().and_then(Option::take) {
            return Err(RenderFailure::Io(e));
        }
        if self.cancelled() {
            return Err(RenderFailure::Cancelled);
        }
        if !self.errors.is_empty() {
            let mut errors = std::mem::take(&mut self.errors);
            errors.truncate(20);
            return Err(RenderFailure::Content(errors));
        }
        Ok(())
    }
}
