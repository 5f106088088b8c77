//! Organisations with validity dates and successors (`site.yaml` `organizations`): an issuer is shown as issued, then "(nay là …)" after a reorganisation.
//!
//! Documents keep the issuer's name as it was written on the day they were issued. When the site
//! lists that body in `organizations` with a `successor`, pages and open data add the name of
//! today's body at the end of the successor chain (Ủy ban nhân dân tỉnh Bình Phước → Ủy ban nhân
//! dân tỉnh Đồng Nai after the 2025 merger; Ban Dân tộc → Sở Dân tộc và Tôn giáo). A document
//! dated outside its issuer's validity is reported. Provinces may be listed the same way
//! (`name: tỉnh Bình Phước`): addresses then read "tỉnh Bình Phước (nay thuộc tỉnh Đồng Nai)".

use std::collections::HashMap;
use std::path::Path;

use crate::config::Org;
use crate::diag::{Diagnostic, Pos};
use crate::model::site::Site;
use crate::t;
use crate::vi::{self, PartialDate};

/// Organisations looked up by folded name, short name, alias and id, built once.
pub(crate) struct OrgIndex<'a> {
    orgs: &'a [Org],
    by_name: HashMap<String, usize>,
}

impl<'a> OrgIndex<'a> {
    /// Indexes the organisations.
    pub(crate) fn new(orgs: &'a [Org]) -> OrgIndex<'a> {
        let mut by_name = HashMap::new();
        for (i, o) in orgs.iter().enumerate() {
            for n in std::iter::once(&o.name).chain(o.short.iter()).chain(o.aliases.iter()) {
                by_name.entry(vi::fold(n)).or_insert(i);
            }
            by_name.entry(o.id.clone()).or_insert(i);
        }
        OrgIndex { orgs, by_name }
    }

    /// The organisation named `name`, if listed.
    pub(crate) fn find(&self, name: &str) -> Option<&'a Org> {
        self.by_name.get(&vi::fold(name)).map(|&i| &self.orgs[i])
    }

    /// The end of the successor chain of `name`, when the body was reorganised.
    pub(crate) fn now(&self, name: &str) -> Option<&'a Org> {
        let start = self.find(name)?;
        let mut cur = start;
        for _ in 0..self.orgs.len() {
            let Some(next) = cur.successor.as_deref().and_then(|s| self.find(s)) else { break };
            cur = next;
        }
        (cur.id != start.id).then_some(cur)
    }
}

/// Fills `issuer_now` of documents and decisions, and reports records dated outside their
/// issuer's validity (warnings, errors with `--strict`).
pub(crate) fn apply(site: &mut Site, diags: &mut Vec<Diagnostic>) {
    let orgs = site.config.organizations.clone();
    if orgs.is_empty() {
        return;
    }
    let idx = OrgIndex::new(&orgs);
    let check = |issuer: &str,
                 date: Option<PartialDate>,
                 file: &str,
                 pos: Pos,
                 diags: &mut Vec<Diagnostic>| {
        let (Some(o), Some(d)) = (idx.find(issuer), date) else { return };
        let now = idx.now(issuer);
        let ds = d.short_vi();
        if let Some(to) = o.to
            && to.surely_before(d)
        {
            let (name, ts) = (&o.name, to.short_vi());
            let mut diag = Diagnostic::warning(
                "issuer-not-valid",
                Path::new(file),
                pos,
                t!(
                    "văn bản ngày {ds} do {name} ban hành, nhưng cơ quan này chỉ hoạt động đến ngày {ts}",
                    "document dated {ds} is issued by {name}, which existed only until {ts}"
                ),
            );
            diag = match now {
                Some(n) => {
                    let nn = &n.name;
                    diag.with_hint(t!(
                        "kiểm tra lại ngày, hoặc ghi cơ quan ban hành mới: `issuer: {nn}`",
                        "check the date, or write the new issuer: `issuer: {nn}`"
                    ))
                }
                None => diag.with_hint(t!(
                    "kiểm tra lại ngày hoặc `valid_to` của cơ quan trong site.yaml",
                    "check the date or the body's `valid_to` in site.yaml"
                )),
            };
            diags.push(diag);
        }
        if let Some(from) = o.from
            && d.surely_before(from)
        {
            let (name, fs) = (&o.name, from.short_vi());
            diags.push(
                Diagnostic::warning(
                    "issuer-not-valid",
                    Path::new(file),
                    pos,
                    t!(
                        "văn bản ngày {ds} do {name} ban hành, nhưng cơ quan này được thành lập từ ngày {fs}",
                        "document dated {ds} is issued by {name}, which was set up on {fs}"
                    ),
                )
                .with_hint(t!(
                    "kiểm tra lại ngày, hoặc ghi tên cơ quan trước khi sắp xếp",
                    "check the date, or write the body's name before the reorganisation"
                )),
            );
        }
    };
    // Places: a province listed with a successor reads "(nay thuộc …)" after the address.
    let place = |l: &mut crate::model::common::Locality| {
        if let Some(p) = &l.province
            && let Some(now) = idx.now(p)
        {
            l.province_now = Some(now.name.clone());
            l.display.push_str(&format!(" (nay thuộc {})", now.name));
        }
    };
    for e in &mut site.exemplars {
        place(&mut e.locality);
    }
    for d in &mut site.decisions {
        for r in &mut d.recipients {
            place(&mut r.locality);
        }
    }
    for d in &mut site.documents {
        d.issuer_now = idx.now(&d.issuer).map(|o| o.name.clone());
        check(&d.issuer, d.meta.sort_date, &d.meta.source, d.key_pos.date, diags);
    }
    for d in &mut site.decisions {
        d.issuer_now = idx.now(&d.issuer).map(|o| o.name.clone());
        check(&d.issuer, d.meta.sort_date, &d.meta.source, d.key_pos.date, diags);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(id: &str, name: &str, successor: Option<&str>) -> Org {
        Org {
            id: id.into(),
            name: name.into(),
            short: None,
            aliases: Vec::new(),
            valid_from: None,
            valid_to: None,
            successor: successor.map(str::to_string),
            note: None,
            from: None,
            to: None,
            pos: Pos::default(),
        }
    }

    #[test]
    fn successor_chain_ends_at_todays_body() {
        let orgs = vec![
            org("bdt-bp", "Ban Dân tộc tỉnh Bình Phước", Some("sdttg-bp")),
            org("sdttg-bp", "Sở Dân tộc và Tôn giáo tỉnh Bình Phước", Some("sdttg-dn")),
            org("sdttg-dn", "Sở Dân tộc và Tôn giáo tỉnh Đồng Nai", None),
        ];
        let idx = OrgIndex::new(&orgs);
        assert_eq!(
            idx.now("Ban Dân tộc tỉnh Bình Phước").map(|o| o.name.as_str()),
            Some("Sở Dân tộc và Tôn giáo tỉnh Đồng Nai")
        );
        assert!(idx.now("Sở Dân tộc và Tôn giáo tỉnh Đồng Nai").is_none());
        assert!(idx.now("Ủy ban nhân dân tỉnh Ninh Thuận").is_none());
    }
}
