//! Page steps for paginated listings: the listings of each kind, the sections' pages, the recipients index.

use rayon::prelude::*;
use tera::Value;

use super::context::Run;
use super::jobs::{self, Job};
use super::opendata;
use super::output::RenderFailure;
use super::paginate::paginate;
use super::values::{is_kind_root, value, values_if};
use crate::model::records::kind_root;

/// The listings of the campaigns, documents, exemplars and decisions.
pub(crate) fn kinds<E: Send>(r: &mut Run<'_, E>) -> Result<(), RenderFailure<E>> {
    let (site, config) = (r.site, r.config);
    let f = &config.folders;
    let mut list = Vec::new();
    let root = kind_root(&f.campaigns);
    let items = values_if(r.wanted_listing(&root), &site.campaigns);
    listing(r, &mut list, root, "campaigns.html", "campaigns", items, "Phong trào thi đua");
    let root = kind_root(&f.documents);
    let items = values_if(r.wanted_listing(&root), &site.documents);
    listing(r, &mut list, root, "documents.html", "documents", items, "Văn bản");
    let root = kind_root(&f.exemplars);
    let items = values_if(r.wanted_listing(&root), &site.exemplars);
    let title = "Gương điển hình tiên tiến";
    listing(r, &mut list, root, "exemplars.html", "exemplars", items, title);
    let root = kind_root(&f.decisions);
    let items = values_if(r.wanted_listing(&root), &site.decisions);
    listing(r, &mut list, root, "decisions.html", "decisions", items, "Quyết định khen thưởng");
    jobs::render(r, list);
    Ok(())
}

/// The pages of one kind's listing at `root_url`, `items` paginated.
fn listing<E: Send>(
    r: &Run<'_, E>,
    out: &mut Vec<Job<'_>>,
    root_url: String,
    template: &str,
    kind: &str,
    items: Vec<Value>,
    title: &str,
) {
    if items.is_empty() && !r.wanted_listing(&root_url) {
        // The items were skipped (see `values_if`): nobody asked for this listing.
        return;
    }
    let intro = r.site.sections.iter().find(|s| s.meta.url == root_url).map(value);
    let total_items = items.len();
    for (url, pg) in paginate(&root_url, items, total_items, r.config.paginate) {
        out.push(jobs::job(
            r,
            &url,
            template,
            kind,
            intro.clone(),
            vec![
                ("paginator", value(&pg)),
                ("listing_title", value(title)),
                ("listing_url", value(&root_url)),
            ],
        ));
    }
}

/// The pages of every section (except the kinds' roots), its pages sorted as it says.
pub(crate) fn sections<E: Send>(r: &mut Run<'_, E>) -> Result<(), RenderFailure<E>> {
    let site = r.site;
    let mut list = Vec::new();
    for s in &site.sections {
        if is_kind_root(r.config, &s.meta.url) || !r.wanted_under(&s.meta.url) {
            continue;
        }
        let mut items: Vec<&crate::model::Page> =
            site.pages.iter().filter(|p| p.section == s.meta.url).collect();
        match s.sort_by.as_str() {
            "weight" => items.sort_by(|a, b| {
                a.weight
                    .unwrap_or(i64::MAX)
                    .cmp(&b.weight.unwrap_or(i64::MAX))
                    .then_with(|| crate::vi::cmp_vi(&a.meta.title, &b.meta.title))
            }),
            "title" => items.sort_by(|a, b| crate::vi::cmp_vi(&a.meta.title, &b.meta.title)),
            _ => items.sort_by(|a, b| {
                b.meta.sort_date.cmp(&a.meta.sort_date).then_with(|| a.meta.url.cmp(&b.meta.url))
            }),
        }
        let per_s = s.paginate.unwrap_or(r.config.paginate);
        let values: Vec<Value> = items.par_iter().map(|p| value(*p)).collect();
        let total_items = values.len();
        for (url, pg) in paginate(&s.meta.url, values, total_items, per_s) {
            let tpl = s.meta.template.clone().unwrap_or_else(|| "section.html".into());
            let extra = vec![("paginator", value(&pg))];
            list.push(jobs::job(r, &url, &tpl, "section", Some(value(s)), extra));
        }
    }
    jobs::render(r, list);
    Ok(())
}

/// The recipients index: everyone awarded, with every award, browsable by facet.
pub(crate) fn recipients<E: Send>(r: &mut Run<'_, E>) -> Result<(), RenderFailure<E>> {
    let rroot = opendata::RECIPIENTS_ROOT;
    if r.site.decisions.is_empty() || !r.wanted_under(rroot) {
        return Ok(());
    }
    let list = opendata::recipients(r.site);
    let (pages, facets) = opendata::recipient_pages(&list);
    let facets = value(&facets);
    let mut out = Vec::new();
    for (root_url, title, members) in pages {
        let items: Vec<Value> = members.iter().map(|&i| value(&list[i])).collect();
        let total_items = items.len();
        for (url, pg) in paginate(&root_url, items, total_items, r.config.paginate) {
            out.push(jobs::job(
                r,
                &url,
                "recipients.html",
                "recipients",
                None,
                vec![
                    ("paginator", value(&pg)),
                    ("listing_title", value(&title)),
                    ("listing_url", value(&root_url)),
                    ("recipients_root", value(rroot)),
                    ("facets", facets.clone()),
                ],
            ));
        }
    }
    jobs::render(r, out);
    Ok(())
}
