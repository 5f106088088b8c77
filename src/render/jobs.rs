//! Pages to render (template, output path, context) and their parallel rendering into the sink, through the render cache.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use rayon::prelude::*;
use tera::{Context, Value};

use super::context::Run;
use super::links::{out_path, relativize};
use super::minify::{minify, minify_with_body};
use super::output::{FileData, Origin};
use super::templates::error_chain;
use super::values::value;
use crate::diag::{Diagnostic, Pos};
use crate::model::Meta;
use crate::t;

/// Templates whose pages skip the HTML minifier: their bulk is the fund's ledger rows, which
/// the fund module already writes compactly, and minifying 200 000 rows in several orders would
/// triple the build time.
const UNMINIFIED: &[&str] = &["fund_ledger.html"];

/// One page to render.
pub(crate) struct Job<'a> {
    out: String,
    url: String,
    template: String,
    /// Ready context, or a record whose context is built when the page renders (so the
    /// contexts of thousands of records are never all in memory at once).
    ctx: Ctx<'a>,
    /// Fingerprint of a ready context (when a render cache is used).
    fp: Option<u128>,
    /// The content file and line whose `template:` chose the template, if one did.
    asked_by: Option<(String, Pos)>,
    /// Who makes this page (for the message when another file has its path).
    origin: Origin,
}

enum Ctx<'a> {
    Ready(Context),
    Record(Rec<'a>),
}

/// A record whose page is rendered with its own value as `page`.
#[derive(Clone, Copy)]
pub(crate) enum Rec<'a> {
    Page(&'a crate::model::Page),
    Campaign(&'a crate::model::Campaign),
    Document(&'a crate::model::Document),
    Exemplar(&'a crate::model::Exemplar),
    Decision(&'a crate::model::Decision),
}

impl<'a> Rec<'a> {
    fn kind(self) -> &'static str {
        match self {
            Rec::Page(_) => "page",
            Rec::Campaign(_) => "campaign",
            Rec::Document(_) => "document",
            Rec::Exemplar(_) => "exemplar",
            Rec::Decision(_) => "decision",
        }
    }

    /// The record's metadata.
    fn meta(self) -> &'a Meta {
        match self {
            Rec::Page(r) => &r.meta,
            Rec::Campaign(r) => &r.meta,
            Rec::Document(r) => &r.meta,
            Rec::Exemplar(r) => &r.meta,
            Rec::Decision(r) => &r.meta,
        }
    }

    fn value(self) -> Value {
        match self {
            Rec::Page(r) => value(r),
            Rec::Campaign(r) => value(r),
            Rec::Document(r) => value(r),
            Rec::Exemplar(r) => value(r),
            Rec::Decision(r) => value(r),
        }
    }
}

/// The page of a record with metadata `m`, with its own template or `default_tpl`.
pub(crate) fn record_job<'a>(m: &Meta, default_tpl: &str, rec: Rec<'a>) -> Job<'a> {
    let template = m.template.clone().unwrap_or_else(|| default_tpl.to_string());
    let asked_by = m.template.as_ref().map(|_| (m.source.clone(), m.template_pos));
    let origin = Origin::Content { file: m.source.clone(), pos: m.pos };
    Job {
        out: out_path(&m.url),
        url: m.url.clone(),
        template,
        ctx: Ctx::Record(rec),
        fp: None,
        asked_by,
        origin,
    }
}

/// A page at site path `url` rendered with `template`, given `kind`, `page` and `extra` on top
/// of what every page gets.
pub(crate) fn job<E>(
    r: &Run<'_, E>,
    url: &str,
    template: &str,
    kind: &str,
    page: Option<Value>,
    extra: Vec<(&'static str, Value)>,
) -> Job<'static> {
    let mut ctx = r.base.clone();
    ctx.insert("current_path", url);
    ctx.insert("kind", kind);
    let mut fp = r.base_fp.clone();
    if let Some(h) = fp.as_mut() {
        h.text(template);
        h.text(url);
        h.text(kind);
        if let Some(p) = &page {
            h.value(p);
        }
        for (k, v) in &extra {
            h.text(k);
            h.value(v);
        }
    }
    if let Some(p) = page {
        ctx.insert_value("page", p);
    }
    for (k, v) in extra {
        ctx.insert_value(k, v);
    }
    Job {
        out: out_path(url),
        url: url.to_string(),
        template: template.to_string(),
        ctx: Ctx::Ready(ctx),
        fp: fp.map(|h| h.finish()),
        asked_by: None,
        origin: Origin::Generated(template.to_string()),
    }
}

/// Renders `jobs` in parallel straight into the sink (those asked for, with
/// [`super::context::RenderOptions::only`]); failures are kept for [`Run::end_pages`].
pub(crate) fn render<E: Send>(r: &mut Run<'_, E>, mut jobs: Vec<Job<'_>>) {
    if let Some(only) = &r.opts.only {
        jobs.retain(|j| only.contains(&j.out));
    }
    // One producer per output file: a page whose path another page already has is not made.
    let mut claimed = Vec::with_capacity(jobs.len());
    for mut j in jobs {
        let origin = std::mem::replace(&mut j.origin, Origin::Generated(String::new()));
        match r.claims.claim(&j.out, origin) {
            Ok(()) => claimed.push(j),
            Err(d) => r.errors.push(*d),
        }
    }
    let jobs = claimed;
    r.generated.extend(jobs.iter().map(|j| j.out.clone()));
    let run = &*r;
    let results: Vec<Result<bool, Box<Diagnostic>>> =
        jobs.into_par_iter().map(|j| render_one(run, j)).collect();
    for res in results {
        match res {
            Ok(true) => r.pages += 1,
            Ok(false) => {}
            Err(d) => r.errors.push(*d),
        }
    }
}

/// Renders one page (or takes it from the render cache) into the sink: whether it is an HTML
/// page (false when the run was cancelled before it).
fn render_one<E: Send>(r: &Run<'_, E>, j: Job<'_>) -> Result<bool, Box<Diagnostic>> {
    if r.cancelled() {
        return Ok(false);
    }
    let config = r.config;
    let is_html = j.out.ends_with(".html");
    // A long body that may be minified in pieces.
    let long_body = match &j.ctx {
        Ctx::Record(rec) => Some(rec.meta()).filter(|m| !m.content_cuts.is_empty()),
        Ctx::Ready(_) => None,
    };
    let (ctx, fp) = match j.ctx {
        Ctx::Ready(c) => (c, j.fp),
        Ctx::Record(rec) => {
            let v = rec.value();
            let history = r.history_of(&j.url);
            let fp = r.base_fp.clone().map(|mut h| {
                h.text(&j.template);
                h.text(&j.url);
                h.text(rec.kind());
                h.value(&v);
                h.value(&history);
                h.finish()
            });
            let mut c = r.base.clone();
            c.insert("current_path", &j.url);
            c.insert("kind", rec.kind());
            c.insert_value("page", v);
            c.insert_value("history", history);
            (c, fp)
        }
    };
    if let (Some(fp), Some(old)) = (fp, &r.old_pages)
        && let Some((f, bytes)) = old.get(&j.out)
        && *f == fp
    {
        r.emit(j.out, FileData::Shared(Arc::clone(bytes)));
        r.reused.fetch_add(1, Ordering::Relaxed);
        return Ok(is_html);
    }
    let html = r
        .theme
        .tera
        .render(&j.template, &ctx)
        .map_err(|e| render_error(&j.template, &j.url, j.asked_by.as_ref(), &e))?;
    drop(ctx);
    if r.opts.discard {
        r.emit(j.out, FileData::Bytes(html.into_bytes()));
        return Ok(is_html);
    }
    let minified = is_html && config.minify && !UNMINIFIED.contains(&j.template.as_str());
    let offline = (is_html && r.opts.offline).then_some((j.out.as_str(), &*config.base_path));
    let pieced = long_body
        .filter(|_| minified)
        .and_then(|m| minify_with_body(&html, &m.content, &m.content_cuts, offline));
    let bytes = match pieced {
        Some(bytes) => bytes,
        None => {
            let mut bytes = html.into_bytes();
            if let Some((out, base_path)) = offline {
                bytes = relativize(&String::from_utf8_lossy(&bytes), out, base_path).into_bytes();
            }
            if minified { minify(&bytes) } else { bytes }
        }
    };
    match fp {
        Some(fp) if r.old_pages.is_some() => {
            let shared: Arc<[u8]> = bytes.into();
            if let Ok(mut n) = r.new_pages.lock() {
                n.push((j.out.clone(), (fp, Arc::clone(&shared))));
            }
            r.emit(j.out, FileData::Shared(shared));
        }
        _ => r.emit(j.out, FileData::Bytes(bytes)),
    }
    Ok(is_html)
}

/// A page that failed to render, for the webmaster.
fn render_error(
    template: &str,
    url: &str,
    asked_by: Option<&(String, Pos)>,
    e: &tera::Error,
) -> Box<Diagnostic> {
    let msg = error_chain(e);
    // A template named by a content file's `template:` that does not exist: the fix is in that
    // file (or in templates/), so the message points at the line that asked for it.
    if let (Some((file, pos)), tera::ErrorKind::TemplateNotFound(_)) = (asked_by, e.kind()) {
        return Box::new(
            Diagnostic::error(
                "template-not-found",
                Path::new(file),
                *pos,
                t!(
                    "`template: {template}` không có trong templates/ của trang hay của giao diện",
                    "`template: {template}` is neither in the site's templates/ nor in the theme"
                ),
            )
            .with_hint(t!(
                "sửa tên cho đúng một tệp có sẵn (ví dụ `page.html`), tạo templates/{template}, hoặc xóa dòng `template:` để dùng giao diện mặc định",
                "fix the name to an existing template (e.g. `page.html`), create templates/{template}, or delete the `template:` line to use the default"
            )),
        );
    }
    Box::new(
        Diagnostic::error(
            "render",
            &Path::new("templates").join(template),
            Pos::default(),
            t!(
                "không dựng được trang {url} bằng {template}: {msg}",
                "cannot render {url} with {template}: {msg}"
            ),
        )
        .with_hint(runaway_hint(&msg, template)),
    )
}

/// The fix for a render error. Tera stops a runaway template itself: a component calling itself
/// without end after 20 levels ("recursion depth"), an include loop when the theme loads, a
/// `range` of more than 100 000 items; the hint says what to change.
fn runaway_hint(msg: &str, template: &str) -> crate::diag::Text {
    if msg.contains("recursion depth") {
        t!(
            "trong {template}, một component gọi lại chính nó không dừng (Tera dừng ở 20 tầng): thêm điều kiện dừng, ví dụ `{{% if n < 5 %}}` quanh lời gọi",
            "in {template}, a component calls itself without end (Tera stops at 20 levels): add a condition that stops it, e.g. `{{% if n < 5 %}}` around the call"
        )
    } else {
        t!(
            "sửa {template} (cú pháp Tera: https://keats.github.io/tera/)",
            "fix {template} (Tera syntax: https://keats.github.io/tera/)"
        )
    }
}
