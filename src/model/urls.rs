//! Every record's site path from its folder and slug, and no two records with the same path,
//! alias, id or document identity.

use std::collections::HashMap;
use std::path::Path;

use crate::config::Config;
use crate::diag::{Diagnostic, Pos};
use crate::model::orgs;
use crate::model::records::{Campaign, Decision, Document, Exemplar, kind_root};
use crate::model::site::Site;
use crate::read::names;
use crate::t;
use crate::vi;

/// Sets final URLs from slugs and folders.
pub(crate) fn assign_urls(
    config: &Config,
    documents: &mut [Document],
    exemplars: &mut [Exemplar],
    decisions: &mut [Decision],
    campaigns: &mut [Campaign],
) {
    let f = &config.folders;
    for d in documents {
        d.meta.url = format!("{}{}/", kind_root(&f.documents), d.meta.slug);
    }
    for e in exemplars {
        e.meta.url = format!("{}{}/", kind_root(&f.exemplars), e.meta.slug);
    }
    for d in decisions {
        d.meta.url = format!("{}{}/", kind_root(&f.decisions), d.meta.slug);
    }
    for c in campaigns {
        c.meta.url = format!("{}{}/", kind_root(&f.campaigns), c.meta.slug);
    }
}

/// Every record's page, alias and copied file can be created on Windows (issue 20): aliases and
/// the names of files in `content/` are given by hand, and nested sections can make long paths.
pub(crate) fn check_portable(site: &Site, diags: &mut Vec<Diagnostic>) {
    for m in site.metas() {
        for u in std::iter::once(&m.url).chain(m.aliases.iter()) {
            let rel = names::output_file(u);
            if let Some(p) = names::problem(&rel) {
                diags.push(names::diagnostic(Path::new(&m.source), m.pos, &rel, &p));
            }
        }
    }
    for a in &site.assets {
        let rel = a.out_rel.to_string_lossy().replace('\\', "/");
        if let Some(p) = names::problem(&rel) {
            diags.push(names::diagnostic(
                &Path::new("content").join(&a.out_rel),
                Pos::default(),
                &rel,
                &p,
            ));
        }
    }
}

/// Two records must not share a URL, an alias, or (per kind) an id.
pub(crate) fn check_unique(site: &Site, diags: &mut Vec<Diagnostic>) {
    let mut urls: rustc_hash::FxHashMap<&str, &str> = Default::default();
    for m in site.metas() {
        for u in std::iter::once(&m.url).chain(m.aliases.iter()) {
            if let Some(other) = urls.insert(u.as_str(), m.source.as_str()) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-url",
                        Path::new(&m.source),
                        m.pos,
                        t!("địa chỉ {u} trùng với {other}", "address {u} is also used by {other}"),
                    )
                    .with_hint(t!(
                        "đặt `slug:` khác cho một trong hai tệp (ví dụ thêm năm hoặc tên cơ quan)",
                        "give one of the two files a different `slug:` (e.g. add the year or the issuer)"
                    )),
                );
            }
        }
    }
    let mut ids: rustc_hash::FxHashMap<&str, &str> = Default::default();
    for c in &site.campaigns {
        if let Some(other) = ids.insert(c.id.as_str(), c.meta.source.as_str()) {
            let id = &c.id;
            diags.push(Diagnostic::error(
                "duplicate-id",
                Path::new(&c.meta.source),
                c.meta.pos,
                t!(
                    "mã phong trào `{id}` trùng với {other}",
                    "campaign id `{id}` is also used by {other}"
                ),
            ));
        }
    }
    let mut ex: rustc_hash::FxHashMap<&str, &str> = Default::default();
    for e in &site.exemplars {
        if let Some(other) = ex.insert(e.id.as_str(), e.meta.source.as_str()) {
            let id = &e.id;
            diags.push(
                Diagnostic::error(
                    "duplicate-id",
                    Path::new(&e.meta.source),
                    e.meta.pos,
                    t!(
                        "mã gương điển hình `{id}` trùng với {other}",
                        "exemplar id `{id}` is also used by {other}"
                    ),
                )
                .with_hint(t!(
                    "đặt `id:` khác nhau (ví dụ thêm tên thôn, xã)",
                    "give each its own `id:` (e.g. add the hamlet or commune)"
                )),
            );
        }
    }
    // Document identity: (issuer, number, symbol, year) for numbered documents.
    // The issuer is the listed organisation when `organizations` knows its name, short name or
    // alias, so `UBND tỉnh Bình Phước` and `Ủy ban nhân dân tỉnh Bình Phước` are one issuer.
    let org_idx = orgs::OrgIndex::new(&site.config.organizations);
    let mut keys: HashMap<(String, String, i32), &str> = HashMap::new();
    for d in site.documents.iter() {
        let (Some(n), Some(date)) = (&d.number, d.meta.sort_date) else { continue };
        if n.number.is_none() {
            continue;
        }
        let issuer =
            org_idx.find(&d.issuer).map(|o| o.id.clone()).unwrap_or_else(|| vi::fold(&d.issuer));
        let k = (issuer, n.key.clone(), n.year.unwrap_or(date.year));
        if let Some(other) = keys.insert(k, d.meta.source.as_str()) {
            let num = &n.written;
            diags.push(
                Diagnostic::error(
                    "duplicate-document",
                    Path::new(&d.meta.source),
                    d.key_pos.number,
                    t!(
                        "văn bản số {num} của cùng cơ quan, cùng năm đã có ở {other}",
                        "document {num} of the same issuer and year already exists in {other}"
                    ),
                )
                .with_hint(t!(
                    "số văn bản là duy nhất trong một năm: kiểm tra lại số hoặc năm",
                    "a number is unique within a year: check the number or the year"
                )),
            );
        }
    }
}
