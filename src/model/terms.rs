//! The taxonomies (tags, categories): each term once, with the pages carrying it.

use std::collections::{BTreeMap, HashMap};

use crate::model::common::Link;
use crate::model::order::newest_first;
use crate::model::records::Meta;
use crate::model::site::{Site, Term};
use crate::vi;

pub(crate) fn terms(site: &Site, root: &str, get: impl Fn(&Meta) -> &Vec<String>) -> Vec<Term> {
    let mut map: BTreeMap<String, Term> = BTreeMap::new();
    let mut metas = site.metas();
    metas.sort_by(|a, b| newest_first(a.sort_date, b.sort_date).then_with(|| a.url.cmp(&b.url)));
    // Many pages share a few terms: slugify each name once.
    let mut slugs: HashMap<&str, String> = HashMap::new();
    for m in metas {
        for name in get(m) {
            let slug = slugs.entry(name.as_str()).or_insert_with(|| vi::slugify(name)).clone();
            if slug.is_empty() {
                continue;
            }
            let t = map.entry(slug.clone()).or_insert_with(|| Term {
                name: name.clone(),
                url: format!("{root}{slug}/"),
                slug: slug.clone(),
                pages: Vec::new(),
            });
            t.pages.push(Link {
                title: m.title.clone(),
                url: m.url.clone(),
                note: m.date.as_ref().map(|d| d.short.clone()),
            });
        }
    }
    let mut v: Vec<Term> = map.into_values().collect();
    v.sort_by(|a, b| vi::cmp_vi(&a.name, &b.name));
    v
}
