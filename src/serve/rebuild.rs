//! Rebuilding the preview after a change: open pages first, then the whole site, then the report.
//!
//! In goes the site folder (and the caches of the last build); out comes a new generation in
//! [`Shared`]: the last good files, the errors for the overlay, and the summary line printed in
//! the language asked for. A whole rebuild gives up when a newer save is waiting; the watcher
//! then starts it again at once.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::state::{ErrorView, ServeOptions, Shared};
use crate::diag::Severity;
use crate::pipeline::{self, BuildOptions, BuildReport, Caches, MemoryOutput, SystemError, Target};

/// Rebuilds after a change: first only the pages open in a browser (they reload at once), then
/// the whole site in memory. The first build, and any build while content has errors, is whole.
pub(crate) fn rebuild(opts: &ServeOptions, shared: &Shared, origin: &str, caches: &mut Caches) {
    rebuild_or_give_up(opts, shared, origin, caches, None);
}

/// [`rebuild`]; the whole rebuild gives up when `cancel` is set (a newer save is waiting: the
/// caller rebuilds again at once, open pages first).
pub(crate) fn rebuild_or_give_up(
    opts: &ServeOptions,
    shared: &Shared,
    origin: &str,
    caches: &mut Caches,
    cancel: Option<&Arc<AtomicBool>>,
) {
    let started = Instant::now();
    shared.building.store(true, Ordering::SeqCst);
    // Read base_url's path from site.yaml so sub-path sites are served where they will live.
    let mut ignored = Vec::new();
    let base_path = crate::config::Config::load(&opts.root, &mut ignored)
        .map(|c| c.base_path)
        .unwrap_or_else(|| "/".into());
    let bopts = BuildOptions {
        root: opts.root.clone(),
        base_url: Some(format!("{origin}{base_path}")),
        drafts: opts.drafts,
        no_history: opts.no_history,
        preview: true,
        ..BuildOptions::default()
    };
    let same_base = shared.base_path.lock().map(|b| *b == base_path).unwrap_or(false);
    let reloaded = same_base && reload_open_pages(opts, shared, &bopts, caches, started);
    let fresh: MemoryOutput = Mutex::new(BTreeMap::new());
    let bopts = BuildOptions { cancel: cancel.cloned(), ..bopts };
    let report = pipeline::build_incremental(&bopts, Target::Memory(&fresh), Some(caches), None);
    if matches!(&report, Ok(r) if r.cancelled) {
        // The pages open were reloaded above; the next rebuild does the rest.
        shared.building.store(false, Ordering::SeqCst);
        return;
    }
    publish(opts, shared, report, fresh, base_path, started);
    shared.building.store(false, Ordering::SeqCst);
    if !reloaded {
        shared.bump();
    }
}

/// Renders only the pages open in a browser and, when they have no errors, serves them at once
/// and tells their tabs to reload. False when there was nothing to do or it did not succeed
/// (errors, or a system error: the whole build reports them).
fn reload_open_pages(
    opts: &ServeOptions,
    shared: &Shared,
    bopts: &BuildOptions,
    caches: &mut Caches,
    started: Instant,
) -> bool {
    let had_errors = shared.errors.lock().map(|e| !e.is_empty()).unwrap_or(true);
    let open = shared.open_keys();
    if had_errors || open.is_empty() || shared.generation.load(Ordering::SeqCst) == 0 {
        return false;
    }
    let fresh: MemoryOutput = Mutex::new(BTreeMap::new());
    let report = pipeline::build_incremental(
        bopts,
        Target::Memory(&fresh),
        Some(caches),
        Some(Arc::new(open)),
    );
    if !matches!(&report, Ok(r) if r.errors() == 0) {
        return false;
    }
    if let (Ok(mut f), Ok(new)) = (shared.files.lock(), fresh.into_inner()) {
        f.extend(new);
    }
    shared.bump();
    if !opts.quiet {
        let ms = started.elapsed().as_millis();
        let text = crate::t!(
            "minhbach: đã tải lại trang đang mở ({ms} ms); đang dựng lại toàn bộ…",
            "minhbach: reloaded the open pages ({ms} ms); rebuilding the rest…",
        );
        println!("{}", text.get(opts.lang));
    }
    true
}

/// Takes a whole build's result: prints its report, serves its files when it has no errors, and
/// keeps its errors for the overlay.
fn publish(
    opts: &ServeOptions,
    shared: &Shared,
    report: Result<BuildReport, SystemError>,
    fresh: MemoryOutput,
    base_path: String,
    started: Instant,
) {
    let errors = match report {
        Ok(r) => {
            let first = shared.generation.load(Ordering::SeqCst) == 0;
            print_report(&r, opts, started, first);
            let errors: Vec<ErrorView> = r
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| ErrorView {
                    location: d.location(),
                    message: d.message.get(opts.lang).to_string(),
                    hint: d.hint.as_ref().map(|h| h.get(opts.lang).to_string()).unwrap_or_default(),
                })
                .collect();
            if errors.is_empty() {
                if let (Ok(mut f), Ok(new)) = (shared.files.lock(), fresh.into_inner()) {
                    *f = new;
                }
                if let Ok(mut b) = shared.base_path.lock() {
                    *b = base_path;
                }
            }
            errors
        }
        Err(e) => {
            let message = e.message().get(opts.lang).to_string();
            eprintln!("minhbach: {message}");
            vec![ErrorView {
                location: opts.root.display().to_string(),
                message,
                hint: String::new(),
            }]
        }
    };
    if let Ok(mut e) = shared.errors.lock() {
        *e = errors;
    }
}

/// The diagnostics and the one-line summary of a whole rebuild.
fn print_report(r: &BuildReport, opts: &ServeOptions, started: Instant, first: bool) {
    // Why the update history is off is said once, after the first build.
    if first && !opts.quiet {
        for n in &r.notes {
            eprintln!("minhbach: {}", n.get(opts.lang));
        }
    }
    for d in &r.diagnostics {
        eprintln!("{}", d.render(opts.lang));
    }
    let ms = started.elapsed().as_millis();
    let (errors, warnings, pages, records) = (r.errors(), r.warnings(), r.pages, r.records);
    if errors > 0 {
        let text = crate::t!(
            "minhbach: {errors} lỗi, {warnings} cảnh báo; vẫn phục vụ bản dựng tốt gần nhất ({ms} ms)",
            "minhbach: {errors} errors, {warnings} warnings; still serving the last good build ({ms} ms)",
        );
        eprintln!("{}", text.get(opts.lang));
    } else if !opts.quiet {
        let text = crate::t!(
            "minhbach: đã dựng {pages} trang, {records} bản ghi; {warnings} cảnh báo ({ms} ms)",
            "minhbach: built {pages} pages, {records} records; {warnings} warnings ({ms} ms)",
        );
        println!("{}", text.get(opts.lang));
    }
}
