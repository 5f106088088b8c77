//! Page step for Atom feeds: documents, decisions and every dated section, 50 entries each.

use serde::Serialize;

use super::context::Run;
use super::jobs;
use super::output::RenderFailure;
use super::values::{is_kind_root, value};
use crate::model::Meta;
use crate::model::records::kind_root;

/// A feed entry.
#[derive(Serialize, Clone)]
struct Entry {
    title: String,
    url: String,
    updated: String,
    summary: String,
}

/// The feeds (when the site has `feeds` on): (site path, title, entries), empty ones left out.
fn feeds<E>(r: &Run<'_, E>) -> Vec<(String, String, Vec<Entry>)> {
    let (site, config) = (r.site, r.config);
    let f = &config.folders;
    let entry = |m: &Meta| Entry {
        title: m.title.clone(),
        url: config.absolute(&m.url),
        updated: m
            .sort_date
            .map(|d| d.rfc3339())
            .unwrap_or_else(|| "1970-01-01T00:00:00+07:00".into()),
        summary: m.description.clone().unwrap_or_default(),
    };
    let mut feeds: Vec<(String, String, Vec<Entry>)> = Vec::new();
    feeds.push((
        kind_root(&f.documents),
        "Văn bản".into(),
        site.documents.iter().map(|d| entry(&d.meta)).take(50).collect(),
    ));
    feeds.push((
        kind_root(&f.decisions),
        "Quyết định khen thưởng".into(),
        site.decisions.iter().map(|d| entry(&d.meta)).take(50).collect(),
    ));
    for s in &site.sections {
        if is_kind_root(config, &s.meta.url) {
            continue;
        }
        let mut items: Vec<&crate::model::Page> = site
            .pages
            .iter()
            .filter(|p| p.section == s.meta.url && p.meta.sort_date.is_some())
            .collect();
        if items.is_empty() {
            continue;
        }
        items.sort_by(|a, b| {
            b.meta.sort_date.cmp(&a.meta.sort_date).then_with(|| a.meta.url.cmp(&b.meta.url))
        });
        feeds.push((
            s.meta.url.clone(),
            s.meta.title.clone(),
            items.iter().map(|p| entry(&p.meta)).take(50).collect(),
        ));
    }
    feeds.retain(|(_, _, e)| !e.is_empty());
    feeds
}

/// Every feed's `atom.xml`.
pub(crate) fn atom<E: Send>(r: &mut Run<'_, E>) -> Result<(), RenderFailure<E>> {
    if !r.config.feeds {
        return Ok(());
    }
    let config = r.config;
    let mut list = Vec::new();
    for (url, title, entries) in &feeds(r) {
        let updated = entries.iter().map(|e| e.updated.clone()).max().unwrap_or_default();
        let feed_url = format!("{url}atom.xml");
        list.push(jobs::job(
            r,
            &feed_url,
            "atom.xml",
            "feed",
            None,
            vec![
                ("feed_title", value(&format!("{} – {}", title, config.title))),
                ("feed_url", value(&config.absolute(&feed_url))),
                ("feed_home", value(&config.absolute(url))),
                ("updated", value(&updated)),
                ("entries", value(entries)),
            ],
        ));
    }
    jobs::render(r, list);
    Ok(())
}
