//! Site-wide step for crawlers: `sitemap.xml` (every page, with its date when it has one) and `robots.txt`.

use super::context::Run;
use super::fund::donors_root;
use super::links::xml_escape;
use super::opendata;
use super::output::{FileData, Origin, OutFile, RenderFailure};
use super::values::all_metas;
use crate::model::fund_root;

/// `sitemap.xml` and `robots.txt`.
pub(crate) fn sitemap<E: Send>(r: &mut Run<'_, E>) -> Result<(), RenderFailure<E>> {
    let (site, config) = (r.site, r.config);
    let mut urls: Vec<(String, Option<String>)> = vec![("/".into(), None)];
    for m in all_metas(site) {
        urls.push((
            m.url.clone(),
            m.date.as_ref().map(|d| d.iso.clone()).filter(|d| d.len() == 10),
        ));
    }
    for p in &site.fund {
        urls.push((p.url.clone(), None));
    }
    if !site.fund.is_empty() {
        urls.push((fund_root(config), None));
        urls.push((donors_root(config), None));
    }
    urls.push((opendata::ROOT.to_string(), None));
    if !site.decisions.is_empty() {
        urls.push((opendata::RECIPIENTS_ROOT.to_string(), None));
    }
    urls.sort();
    urls.dedup();
    let mut sm = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (u, d) in &urls {
        sm.push_str("<url><loc>");
        sm.push_str(&xml_escape(&config.absolute(u)));
        sm.push_str("</loc>");
        if let Some(d) = d {
            sm.push_str("<lastmod>");
            sm.push_str(d);
            sm.push_str("</lastmod>");
        }
        sm.push_str("</url>\n");
    }
    sm.push_str("</urlset>\n");
    let robots = format!("User-agent: *\nAllow: /\nSitemap: {}\n", config.absolute("/sitemap.xml"));
    r.emit_all(vec![
        (
            OutFile { path: "sitemap.xml".into(), data: FileData::Bytes(sm.into_bytes()) },
            Origin::Generated("sitemap".into()),
        ),
        (
            OutFile { path: "robots.txt".into(), data: FileData::Bytes(robots.into_bytes()) },
            Origin::Generated("robots.txt".into()),
        ),
    ])
}
