//! Template values from the model: any record as a Tera value, the menu, which sections are kind roots, every record's metadata.

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use super::opendata;
use crate::config::Config;
use crate::model::common::Link;
use crate::model::records::kind_root;
use crate::model::{Meta, Site, fund_root};

/// Template values of `items`, or none when the listing they feed is not wanted.
pub(crate) fn values_if<T: Serialize + Sync>(wanted: bool, items: &[T]) -> Vec<Value> {
    if wanted { items.par_iter().map(value).collect() } else { Vec::new() }
}

/// A value as the templates see it.
pub(crate) fn value<T: Serialize + ?Sized>(v: &T) -> Value {
    Value::from_serializable(v)
}

/// The default menu: one entry per kind that has content, then sections.
pub(crate) fn menu(site: &Site) -> Vec<Link> {
    if !site.config.menu.is_empty() {
        return site
            .config
            .menu
            .iter()
            .map(|m| Link { title: m.title.clone(), url: m.url.clone(), note: None })
            .collect();
    }
    let f = &site.config.folders;
    let mut m = vec![Link { title: "Trang chủ".into(), url: "/".into(), note: None }];
    let mut add = |has: bool, title: &str, url: String| {
        if has {
            m.push(Link { title: title.into(), url, note: None });
        }
    };
    add(!site.campaigns.is_empty(), "Phong trào", kind_root(&f.campaigns));
    add(!site.documents.is_empty(), "Văn bản", kind_root(&f.documents));
    add(!site.exemplars.is_empty(), "Gương điển hình", kind_root(&f.exemplars));
    add(!site.decisions.is_empty(), "Khen thưởng", kind_root(&f.decisions));
    add(!site.fund.is_empty(), "Quỹ Vì người nghèo", fund_root(&site.config));
    add(!site.decisions.is_empty(), "Người được khen", opendata::RECIPIENTS_ROOT.to_string());
    add(true, "Dữ liệu mở", opendata::ROOT.to_string());
    for s in &site.sections {
        if s.meta.url.matches('/').count() == 2 && !is_kind_root(&site.config, &s.meta.url) {
            add(true, &s.meta.title, s.meta.url.clone());
        }
    }
    m
}

/// Whether the section at `url` is the root of a kind (documents, exemplars, …) or of the
/// fund: those have their own listing pages.
pub(crate) fn is_kind_root(config: &Config, url: &str) -> bool {
    let f = &config.folders;
    [&f.documents, &f.exemplars, &f.decisions, &f.campaigns, &f.fund]
        .iter()
        .any(|k| kind_root(k) == url)
        || url == fund_root(config)
}

/// The metadata of every record and of the sections that are not kind roots.
pub(crate) fn all_metas(site: &Site) -> Vec<&Meta> {
    let mut v: Vec<&Meta> = Vec::new();
    v.extend(site.pages.iter().map(|p| &p.meta));
    v.extend(
        site.sections.iter().filter(|s| !is_kind_root(&site.config, &s.meta.url)).map(|p| &p.meta),
    );
    v.extend(site.campaigns.iter().map(|p| &p.meta));
    v.extend(site.documents.iter().map(|p| &p.meta));
    v.extend(site.exemplars.iter().map(|p| &p.meta));
    v.extend(site.decisions.iter().map(|p| &p.meta));
    v
}
