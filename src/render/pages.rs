//! Page steps for single pages: the home page, every record's page, the 404 page.

use tera::Value;

use super::context::Run;
use super::jobs::{self, Rec, record_job};
use super::output::RenderFailure;
use super::values::value;
use crate::model::fund_root;

/// The home page: the latest of each kind, the news and the fund's latest period.
pub(crate) fn home<E: Send>(r: &mut Run<'_, E>) -> Result<(), RenderFailure<E>> {
    if !r.wanted("/") {
        return Ok(());
    }
    let site = r.site;
    let news: Vec<&crate::model::Page> = {
        let mut v: Vec<_> = site.pages.iter().filter(|p| p.meta.sort_date.is_some()).collect();
        v.sort_by(|a, b| {
            b.meta.sort_date.cmp(&a.meta.sort_date).then_with(|| a.meta.url.cmp(&b.meta.url))
        });
        v.truncate(5);
        v
    };
    let latest_fund = site.fund.last().map(|p| {
        let mut p = p.clone();
        p.receipts.clear();
        p.disbursements.clear();
        p
    });
    let extra: Vec<(&'static str, Value)> = vec![
        ("campaigns", value(&site.campaigns)),
        ("documents", value(&site.documents.iter().take(6).collect::<Vec<_>>())),
        ("decisions", value(&site.decisions.iter().take(5).collect::<Vec<_>>())),
        ("exemplars", value(&site.exemplars.iter().take(6).collect::<Vec<_>>())),
        ("news", value(&news)),
        ("fund", value(&latest_fund)),
        ("fund_url", value(&fund_root(r.config))),
    ];
    let job = jobs::job(r, "/", "index.html", "home", site.home.as_ref().map(value), extra);
    jobs::render(r, vec![job]);
    Ok(())
}

/// The page of every record (pages, campaigns, documents, exemplars, decisions); each one's
/// context is made when it renders.
pub(crate) fn records<E: Send>(r: &mut Run<'_, E>) -> Result<(), RenderFailure<E>> {
    let site = r.site;
    let mut list = Vec::new();
    list.extend(site.pages.iter().map(|p| record_job(&p.meta, "page.html", Rec::Page(p))));
    list.extend(
        site.campaigns.iter().map(|p| record_job(&p.meta, "campaign.html", Rec::Campaign(p))),
    );
    list.extend(
        site.documents.iter().map(|p| record_job(&p.meta, "document.html", Rec::Document(p))),
    );
    list.extend(
        site.exemplars.iter().map(|p| record_job(&p.meta, "exemplar.html", Rec::Exemplar(p))),
    );
    list.extend(
        site.decisions.iter().map(|p| record_job(&p.meta, "decision.html", Rec::Decision(p))),
    );
    jobs::render(r, list);
    Ok(())
}

/// The 404 page.
pub(crate) fn not_found<E: Send>(r: &mut Run<'_, E>) -> Result<(), RenderFailure<E>> {
    let job = jobs::job(r, "/404.html", "404.html", "404", None, vec![]);
    jobs::render(r, vec![job]);
    Ok(())
}
