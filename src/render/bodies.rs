//! Markdown bodies: every record's body rendered to HTML (in parallel), missing descriptions filled, unchanged bodies taken from the cache.

use std::collections::HashSet;
use std::sync::Arc;

use rayon::prelude::*;

use super::markdown::{self, MarkdownOptions};
use crate::model::common::BodyImage;
use crate::model::{Meta, Site};

/// Markdown already rendered by an earlier run (kept by `minhbach serve`), by source file: a
/// rebuild renders only the bodies that changed. An entry is used when its body is the same
/// text (the same shared string when the file was not re-read, so the test is one comparison).
#[derive(Debug, Default)]
pub struct MarkdownCache {
    /// The options the entries were rendered with.
    options: Option<(bool, String)>,
    entries: rustc_hash::FxHashMap<String, RenderedBody>,
}

/// One body's Markdown, its HTML and its plain-text summary (made when first needed).
#[derive(Debug, Clone)]
struct RenderedBody {
    markdown: Arc<str>,
    /// The body's images as they were shown (their files, and whether the first loads at once):
    /// a photo made again with other sizes renders the body again.
    images: Vec<BodyImage>,
    eager_first: bool,
    html: Arc<str>,
    /// Where the minifier may cut `html` (`markdown::BodyHtml::cuts`).
    cuts: Arc<[usize]>,
    plain: Option<String>,
}

/// Renders every Markdown body in the model (in parallel) and fills missing descriptions, taking
/// unchanged bodies from `cache` (when given) and adding the new ones to it.
pub(crate) fn render_bodies(site: &mut Site, mut cache: Option<&mut MarkdownCache>) {
    let opts = MarkdownOptions {
        allow_html: site.config.allow_html,
        base_path: site.config.base_path.clone(),
    };
    if let Some(c) = cache.as_deref_mut() {
        let key = Some((opts.allow_html, opts.base_path.clone()));
        if c.options != key {
            c.entries.clear();
            c.options = key;
        }
    }
    let old = cache.as_deref().map(|c| &c.entries);
    // Returns the body to keep in the cache when it was rendered now.
    // `photo`: the record shows a photo above its body (then no body image is on the first
    // screen).
    let fill = |m: &mut Meta, photo: bool| -> Option<(String, RenderedBody)> {
        let wants_plain = m.description.is_none() && !m.body_md.trim().is_empty();
        let hit = old.and_then(|e| e.get(&m.source)).filter(|r| {
            (Arc::ptr_eq(&r.markdown, &m.body_md) || *r.markdown == *m.body_md)
                && (r.plain.is_some() || !wants_plain)
                && r.images == m.body_images
                && r.eager_first != photo
        });
        let rendered;
        let r = match hit {
            Some(r) => r,
            None => {
                let body = markdown::render_with_images(&m.body_md, &opts, &m.body_images, !photo);
                rendered = RenderedBody {
                    markdown: Arc::clone(&m.body_md),
                    images: m.body_images.clone(),
                    eager_first: !photo,
                    html: body.html.into(),
                    cuts: body.cuts.into(),
                    plain: wants_plain.then(|| markdown::plain_text(&m.body_md, 180)),
                };
                &rendered
            }
        };
        m.content = Arc::clone(&r.html);
        m.content_cuts = Arc::clone(&r.cuts);
        if wants_plain {
            m.description = r.plain.clone();
        }
        (old.is_some() && hit.is_none()).then(|| (m.source.clone(), r.clone()))
    };
    let mut fresh: Vec<(String, RenderedBody)> = Vec::new();
    fresh
        .par_extend(site.pages.par_iter_mut().filter_map(|p| fill(&mut p.meta, p.photo.is_some())));
    fresh.par_extend(site.sections.par_iter_mut().filter_map(|p| fill(&mut p.meta, false)));
    fresh.par_extend(
        site.campaigns.par_iter_mut().filter_map(|p| fill(&mut p.meta, p.photo.is_some())),
    );
    fresh.par_extend(site.documents.par_iter_mut().filter_map(|p| fill(&mut p.meta, false)));
    fresh.par_extend(
        site.exemplars.par_iter_mut().filter_map(|p| fill(&mut p.meta, p.photo.is_some())),
    );
    fresh.par_extend(site.decisions.par_iter_mut().filter_map(|p| fill(&mut p.meta, false)));
    if let Some(h) = site.home.as_mut()
        && let Some(f) = fill(&mut h.meta, false)
    {
        fresh.push(f);
    }
    if let Some(c) = cache {
        c.entries.extend(fresh);
        // Files removed since: drop their entries once they outnumber the live ones.
        let metas = || {
            site.pages
                .iter()
                .map(|p| &p.meta)
                .chain(site.sections.iter().map(|p| &p.meta))
                .chain(site.campaigns.iter().map(|p| &p.meta))
                .chain(site.documents.iter().map(|p| &p.meta))
                .chain(site.exemplars.iter().map(|p| &p.meta))
                .chain(site.decisions.iter().map(|p| &p.meta))
                .chain(site.home.iter().map(|p| &p.meta))
        };
        if c.entries.len() > 2 * metas().count() + 64 {
            let keep: HashSet<&str> = metas().map(|m| m.source.as_str()).collect();
            c.entries.retain(|k, _| keep.contains(k.as_str()));
        }
    }
}
