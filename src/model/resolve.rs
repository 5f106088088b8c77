//! Cross-references resolved through indexes built once: documents' bases, parents and campaigns;
//! campaigns' launching documents and neighbours; exemplars' campaigns; decisions' plans,
//! campaigns and recipients (which give the exemplars their award history). Dangling references
//! and dates earlier than what they cite are reported.

use std::collections::HashMap;
use std::path::Path;

use super::cycles::cycles;
use crate::config::AwardForms;
use crate::diag::{Diagnostic, Pos};
use crate::model::common::{DocNumber, Link};
use crate::model::records::{AwardEntry, Campaign, Decision, Document, Exemplar, Meta};
use crate::model::site::Site;
use crate::t;
use crate::vi;

/// Document lookup by number (spaces removed) and by id, built once.
struct DocIndex {
    by_key: HashMap<String, Vec<usize>>,
    by_id: HashMap<String, usize>,
}

impl DocIndex {
    fn new(docs: &[Document]) -> DocIndex {
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_id = HashMap::new();
        for (i, d) in docs.iter().enumerate() {
            if let Some(n) = &d.number
                && n.number.is_some()
            {
                by_key.entry(n.key.clone()).or_default().push(i);
            }
            by_id.insert(d.id.clone(), i);
        }
        DocIndex { by_key, by_id }
    }

    /// Finds a document from a reference: its number (`263/KH-UBND`), optionally narrowed by a
    /// year, or its id/slug.
    fn find(&self, docs: &[Document], reference: &str, year: Option<i32>) -> Option<usize> {
        let key: String = reference.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(c) = self.by_key.get(&key) {
            if c.len() == 1 || year.is_none() {
                return c.first().copied();
            }
            return c
                .iter()
                .copied()
                .find(|&i| docs[i].meta.sort_date.map(|d| d.year) == year)
                .or(c.first().copied());
        }
        self.by_id.get(&vi::slugify(reference)).copied()
    }
}

/// The number of a document as shown, or its id when it has none.
fn p_display(d: &Document) -> String {
    d.reference()
}

fn link_doc(d: &Document) -> Link {
    let mut l = numbered_link(&d.meta, d.number.as_ref());
    if d.number.as_ref().is_none_or(|n| n.number.is_none()) {
        l.note = Some(d.name.clone());
    }
    l
}

/// A link to a numbered record, its note "number, date" (either may be missing).
fn numbered_link(meta: &Meta, number: Option<&DocNumber>) -> Link {
    Link {
        title: meta.title.clone(),
        url: meta.url.clone(),
        note: Some(
            [number.map(|n| n.display()), meta.date.as_ref().map(|x| x.short.clone())]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
        ),
    }
}

/// A record that names itself where it must name another (`self-reference`).
fn self_reference(file: &str, pos: Pos, key: &str, reference: &str) -> Diagnostic {
    Diagnostic::error(
        "self-reference",
        Path::new(file),
        pos,
        t!(
            "`{key}: {reference}` tự trỏ tới chính nó",
            "`{key}: {reference}` names this very record"
        ),
    )
    .with_hint(t!(
        "ghi số hoặc mã của văn bản, phong trào khác mà `{key}` muốn nói tới, hoặc xóa dòng này",
        "write the number or id of the other record `{key}` means, or delete the line"
    ))
}

/// A chain of references that comes back to where it started (`reference-cycle`); `names` are
/// the members in reference order, each with its file.
fn cycle_error(
    file: &str,
    pos: Pos,
    key: &str,
    names: &[(String, &str)],
    hint: crate::diag::Text,
) -> Diagnostic {
    let mut chain: Vec<String> = names.iter().map(|(n, f)| format!("{n} ({f})")).collect();
    chain.push(names.first().map(|(n, _)| n.clone()).unwrap_or_default());
    let chain = chain.join(" → ");
    Diagnostic::error(
        "reference-cycle",
        Path::new(file),
        pos,
        t!("vòng tham chiếu `{key}` khép kín: {chain}", "`{key}` references loop: {chain}"),
    )
    .with_hint(hint)
}

fn dangling(
    file: &str,
    pos: Pos,
    what_vi: &str,
    what_en: &str,
    reference: &str,
    hint: crate::diag::Text,
) -> Diagnostic {
    Diagnostic::error(
        "dangling-reference",
        Path::new(file),
        pos,
        t!(
            "{what_vi} `{reference}` không có trong trang",
            "{what_en} `{reference}` does not exist in the site"
        ),
    )
    .with_hint(hint)
}

/// Links every reference of the site; dangling ones and dates earlier than what they cite are
/// reported. Each step fills the links of one record kind and the back-links they imply.
pub(crate) fn resolve(site: &mut Site, diags: &mut Vec<Diagnostic>) {
    let idx = Indexes::new(site);
    documents(site, &idx, diags);
    campaigns(site, &idx, diags);
    exemplars(site, &idx, diags);
    decisions(site, &idx, diags);
}

/// The lookups of one resolution, built once before any link is filled.
struct Indexes {
    docs: DocIndex,
    campaigns: HashMap<String, usize>,
    exemplars: HashMap<String, usize>,
}

impl Indexes {
    fn new(site: &Site) -> Indexes {
        Indexes {
            docs: DocIndex::new(&site.documents),
            campaigns: site.campaigns.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect(),
            exemplars: site.exemplars.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect(),
        }
    }
}

fn campaign_hint() -> crate::diag::Text {
    t!(
        "dùng `id` của một tệp trong phong-trao/, ví dụ `vi-nguoi-ngheo-2021-2025`",
        "use the `id` of a file in phong-trao/, e.g. `vi-nguoi-ngheo-2021-2025`"
    )
}

fn campaign_link(c: &Campaign) -> Link {
    Link { title: c.short_title.clone(), url: c.meta.url.clone(), note: None }
}

/// Back-links found while resolving documents, added once every document is done.
#[derive(Default)]
struct DocBackLinks {
    implemented_by: Vec<(usize, Link)>,
    cited_by: Vec<(usize, Link)>,
    campaign_docs: Vec<(usize, Link)>,
}

/// Documents: bases, implements, campaign; dates not before what they cite.
fn documents(site: &mut Site, idx: &Indexes, diags: &mut Vec<Diagnostic>) {
    let mut back = DocBackLinks::default();
    let mut parents: Vec<Vec<usize>> = Vec::with_capacity(site.documents.len());
    let mut bases: Vec<Vec<(usize, Pos)>> = Vec::with_capacity(site.documents.len());
    for i in 0..site.documents.len() {
        bases.push(document_bases(site, idx, i, &mut back, diags));
        parents.push(document_parent(site, idx, i, &mut back, diags).into_iter().collect());
        document_campaign(site, idx, i, &mut back, diags);
    }
    implements_cycles(site, &parents, diags);
    bases_cycles(site, &bases, diags);
    for (j, l) in back.implemented_by {
        site.documents[j].implemented_by.push(l);
    }
    for (j, l) in back.cited_by {
        site.documents[j].cited_by.push(l);
    }
    for (ci, l) in back.campaign_docs {
        site.campaigns[ci].documents.push(l);
    }
}

/// A cycle of documents turned to start at the member whose file sorts first (so the
/// message is stable), with each member's name and file.
fn doc_cycle(site: &Site, mut c: Vec<usize>) -> (Vec<usize>, Vec<(String, &str)>) {
    let first = c.iter().copied().min_by_key(|&i| &site.documents[i].meta.source).unwrap_or(c[0]);
    let at = c.iter().position(|&i| i == first).unwrap_or(0);
    c.rotate_left(at);
    let names = c
        .iter()
        .map(|&i| (p_display(&site.documents[i]), site.documents[i].meta.source.as_str()))
        .collect();
    (c, names)
}

/// Bases (căn cứ) that loop: a document can only cite one issued before it, so A citing B
/// citing A (however long the chain) means a number or a date was copied wrong. Reported at
/// the basis of the first member (by file) that leads into the loop.
fn bases_cycles(site: &Site, bases: &[Vec<(usize, Pos)>], diags: &mut Vec<Diagnostic>) {
    let next: Vec<Vec<usize>> = bases.iter().map(|b| b.iter().map(|&(j, _)| j).collect()).collect();
    for c in cycles(&next) {
        let (c, names) = doc_cycle(site, c);
        let to = c.get(1).copied().unwrap_or(c[0]);
        let pos = bases[c[0]].iter().find(|&&(j, _)| j == to).map(|&(_, p)| p).unwrap_or_default();
        diags.push(cycle_error(&site.documents[c[0]].meta.source, pos, "bases", &names, t!(
            "sửa số hoặc ngày của một căn cứ trong vòng: văn bản chỉ căn cứ văn bản ban hành trước nó, nên không thể (gián tiếp) căn cứ chính nó",
            "fix the number or date of one basis in the loop: a document cites only documents issued before it, so it cannot (even indirectly) cite itself"
        )));
    }
}

/// `implements:` chains that loop.
fn implements_cycles(site: &Site, parents: &[Vec<usize>], diags: &mut Vec<Diagnostic>) {
    for c in cycles(parents) {
        let (c, names) = doc_cycle(site, c);
        let d = &site.documents[c[0]];
        diags.push(cycle_error(&d.meta.source, d.key_pos.reference, "implements", &names, t!(
            "sửa `implements:` của một văn bản trong vòng: mỗi kế hoạch thực hiện kế hoạch cấp trên, không thể (gián tiếp) thực hiện chính nó",
            "fix `implements:` of one document in the loop: a plan carries out its parent plan and cannot (even indirectly) carry out itself"
        )));
    }
}

/// The bases (căn cứ) of document `i` that the site has, and a date not before any basis;
/// returns the documents cited, each with where the basis is written.
fn document_bases(
    site: &mut Site,
    idx: &Indexes,
    i: usize,
    back: &mut DocBackLinks,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(usize, Pos)> {
    let mut cited = Vec::new();
    let (doc_link, date, source) = {
        let d = &site.documents[i];
        (link_doc(d), d.meta.sort_date, d.meta.source.clone())
    };
    for b in 0..site.documents[i].bases.len() {
        let (key, year, pos, mut bdate) = {
            let basis = &site.documents[i].bases[b];
            (basis.key.clone(), basis.sort_date.map(|d| d.year), basis.pos, basis.sort_date)
        };
        let found = idx.docs.find(&site.documents, &key, year);
        if found == Some(i) {
            diags.push(self_reference(&source, pos, "bases", &key));
            continue;
        }
        if let Some(j) = found {
            cited.push((j, pos));
            site.documents[i].bases[b].url = Some(site.documents[j].meta.url.clone());
            back.cited_by.push((j, doc_link.clone()));
            // A basis written without its date is dated by the page the site has for it.
            if bdate.is_none() {
                bdate = site.documents[j].meta.sort_date;
            }
        }
        if let (Some(d), Some(bd)) = (date, bdate)
            && (d.is_complete() && bd.is_complete() && d < bd || (d.year < bd.year))
        {
            let (ds, bs, num) = (d.short_vi(), bd.short_vi(), key.clone());
            diags.push(
                Diagnostic::error(
                    "date-before-basis",
                    Path::new(&source),
                    pos,
                    t!(
                        "văn bản ngày {ds} không thể căn cứ văn bản {num} ban hành sau đó ({bs})",
                        "a document dated {ds} cannot cite {num}, issued later ({bs})"
                    ),
                )
                .with_hint(t!(
                    "kiểm tra lại ngày của văn bản hoặc của căn cứ",
                    "check the date of the document or of the basis"
                )),
            );
        }
    }
    cited
}

/// The plan document `i` carries out (`implements:`), not dated after it; its index.
fn document_parent(
    site: &mut Site,
    idx: &Indexes,
    i: usize,
    back: &mut DocBackLinks,
    diags: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let r = site.documents[i].implements.clone()?;
    let (doc_link, date, source) = {
        let d = &site.documents[i];
        (link_doc(d), d.meta.sort_date, d.meta.source.clone())
    };
    match idx.docs.find(&site.documents, &r, None) {
        Some(j) if j == i => {
            diags.push(self_reference(
                &source,
                site.documents[i].key_pos.reference,
                "implements",
                &r,
            ));
            None
        }
        Some(j) => {
            let parent = link_doc(&site.documents[j]);
            let pdate = site.documents[j].meta.sort_date;
            site.documents[i].implements_link = Some(parent);
            back.implemented_by.push((j, doc_link));
            if let (Some(d), Some(p)) = (date, pdate)
                && (d.year < p.year || (d.is_complete() && p.is_complete() && d < p))
            {
                let (ds, ps) = (d.short_vi(), p.short_vi());
                diags.push(Diagnostic::error(
                    "date-before-parent",
                    Path::new(&source),
                    site.documents[i].key_pos.reference,
                    t!(
                        "kế hoạch ngày {ds} sớm hơn kế hoạch cấp trên mà nó thực hiện ({ps})",
                        "plan dated {ds} is earlier than the parent plan it carries out ({ps})"
                    ),
                ));
            }
            Some(j)
        }
        None => {
            diags.push(dangling(
                &source,
                site.documents[i].key_pos.reference,
                "văn bản được thực hiện",
                "implemented document",
                &r,
                t!(
                    "thêm văn bản đó vào van-ban/, hoặc sửa số cho đúng như ghi trên văn bản",
                    "add that document to van-ban/, or fix the number as written on it"
                ),
            ));
            None
        }
    }
}

/// The campaign of document `i`.
fn document_campaign(
    site: &mut Site,
    idx: &Indexes,
    i: usize,
    back: &mut DocBackLinks,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(c) = site.documents[i].campaign.clone() else { return };
    match idx.campaigns.get(&c) {
        Some(&ci) => {
            site.documents[i].campaign_link = Some(campaign_link(&site.campaigns[ci]));
            back.campaign_docs.push((ci, link_doc(&site.documents[i])));
        }
        None => diags.push(dangling(
            &site.documents[i].meta.source,
            site.documents[i].key_pos.campaign,
            "phong trào",
            "campaign",
            &c,
            campaign_hint(),
        )),
    }
}

/// Campaigns: launched_by, predecessor/successor.
fn campaigns(site: &mut Site, idx: &Indexes, diags: &mut Vec<Diagnostic>) {
    // Campaign → the campaigns that come before it, from both `predecessor:` and `successor:`.
    let mut earlier = vec![Vec::new(); site.campaigns.len()];
    for ci in 0..site.campaigns.len() {
        let (source, pos) = (site.campaigns[ci].meta.source.clone(), site.campaigns[ci].ref_pos);
        if let Some(r) = site.campaigns[ci].launched_by.clone() {
            match idx.docs.find(&site.documents, &r, None) {
                Some(j) => site.campaigns[ci].launched_by_link = Some(link_doc(&site.documents[j])),
                None => diags.push(
                    Diagnostic::warning(
                        "unresolved-reference",
                        Path::new(&source),
                        pos,
                        t!(
                            "văn bản phát động `{r}` chưa có trong trang",
                            "launching document `{r}` is not in the site"
                        ),
                    )
                    .with_hint(t!(
                        "thêm văn bản vào van-ban/ để người đọc mở được",
                        "add it to van-ban/ so readers can open it"
                    )),
                ),
            }
        }
        for which in [0, 1] {
            let r = if which == 0 {
                site.campaigns[ci].predecessor.clone()
            } else {
                site.campaigns[ci].successor.clone()
            };
            let Some(r) = r else { continue };
            let key = if which == 0 { "predecessor" } else { "successor" };
            match idx.campaigns.get(&r) {
                Some(&k) if k == ci => diags.push(self_reference(&source, pos, key, &r)),
                Some(&k) => {
                    let l = campaign_link(&site.campaigns[k]);
                    if which == 0 {
                        earlier[ci].push(k);
                    } else {
                        earlier[k].push(ci);
                    }
                    if which == 0 {
                        site.campaigns[ci].predecessor_link = Some(l);
                    } else {
                        site.campaigns[ci].successor_link = Some(l);
                    }
                }
                None => diags.push(dangling(
                    &source,
                    pos,
                    "phong trào",
                    "campaign",
                    &r,
                    campaign_hint(),
                )),
            }
        }
    }
    for mut c in cycles(&earlier) {
        let first =
            c.iter().copied().min_by_key(|&k| &site.campaigns[k].meta.source).unwrap_or(c[0]);
        let at = c.iter().position(|&k| k == first).unwrap_or(0);
        c.rotate_left(at);
        let names: Vec<(String, &str)> = c
            .iter()
            .map(|&k| (site.campaigns[k].id.clone(), site.campaigns[k].meta.source.as_str()))
            .collect();
        let cp = &site.campaigns[first];
        diags.push(cycle_error(&cp.meta.source, cp.ref_pos, "predecessor", &names, t!(
            "sửa `predecessor:` hoặc `successor:` của một phong trào trong vòng: một phong trào không thể (gián tiếp) đi trước chính nó",
            "fix `predecessor:` or `successor:` of one campaign in the loop: a campaign cannot (even indirectly) come before itself"
        )));
    }
}

/// Exemplars: campaign.
fn exemplars(site: &mut Site, idx: &Indexes, diags: &mut Vec<Diagnostic>) {
    let mut campaign_ex: Vec<(usize, Link)> = Vec::new();
    for e in &mut site.exemplars {
        if let Some(c) = &e.campaign {
            match idx.campaigns.get(c) {
                Some(&ci) => {
                    e.campaign_link = Some(campaign_link(&site.campaigns[ci]));
                    campaign_ex.push((
                        ci,
                        Link {
                            title: e.name.clone(),
                            url: e.meta.url.clone(),
                            note: Some(e.kind_label.to_string()),
                        },
                    ));
                }
                None => diags.push(dangling(
                    &e.meta.source,
                    e.campaign_pos,
                    "phong trào",
                    "campaign",
                    c,
                    campaign_hint(),
                )),
            }
        }
    }
    for (ci, l) in campaign_ex {
        site.campaigns[ci].exemplars.push(l);
    }
}

/// Back-links found while resolving decisions, added once every decision is done.
#[derive(Default)]
struct DecisionBackLinks {
    awards: Vec<(usize, AwardEntry)>,
    campaign_dec: Vec<(usize, Link)>,
    plan_dec: Vec<(usize, Link)>,
}

/// Decisions: plan, campaign, recipients -> exemplars; award history.
fn decisions(site: &mut Site, idx: &Indexes, diags: &mut Vec<Diagnostic>) {
    let forms = site.config.award_forms.clone();
    let mut back = DecisionBackLinks::default();
    for d in &mut site.decisions {
        let dlink = link_decision(d);
        decision_plan(d, &site.documents, idx, &dlink, &mut back, diags);
        decision_campaign(d, &site.campaigns, idx, &dlink, &mut back, diags);
        decision_recipients(d, &forms, &site.exemplars, idx, &mut back, diags);
    }
    for (ei, a) in back.awards {
        site.exemplars[ei].awards.push(a);
    }
    for (ci, l) in back.campaign_dec {
        site.campaigns[ci].decisions.push(l);
    }
    for (j, l) in back.plan_dec {
        site.documents[j].decisions.push(l);
    }
}

fn link_decision(d: &Decision) -> Link {
    let mut l = numbered_link(&d.meta, d.number.as_ref());
    if d.number.as_ref().is_none_or(|n| n.number.is_none()) {
        l.note = Some(d.name.clone());
    }
    l
}

/// The plan a decision applies (`plan:`), not dated after the decision.
fn decision_plan(
    d: &mut Decision,
    documents: &[Document],
    idx: &Indexes,
    dlink: &Link,
    back: &mut DecisionBackLinks,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(p) = &d.plan else { return };
    match idx.docs.find(documents, p, None) {
        Some(j) => {
            d.plan_link = Some(link_doc(&documents[j]));
            back.plan_dec.push((j, dlink.clone()));
            if let (Some(x), Some(p)) = (d.meta.sort_date, documents[j].meta.sort_date)
                && (x.year < p.year || (x.is_complete() && p.is_complete() && x < p))
            {
                let (xs, ps, pn) = (x.short_vi(), p.short_vi(), p_display(&documents[j]));
                diags.push(
                    Diagnostic::warning(
                        "decision-before-plan",
                        Path::new(&d.meta.source),
                        d.key_pos.date,
                        t!(
                            "quyết định ngày {xs} sớm hơn kế hoạch {pn} ({ps}) mà nó áp dụng",
                            "decision dated {xs} is earlier than the plan {pn} ({ps}) it applies"
                        ),
                    )
                    .with_hint(t!(
                        "kiểm tra lại ngày của quyết định, hoặc `plan:` (có thể là kế hoạch của giai đoạn khác)",
                        "check the decision's date, or `plan:` (it may be another period's plan)"
                    )),
                );
            }
        }
        None => diags.push(dangling(
            &d.meta.source,
            d.key_pos.reference,
            "kế hoạch",
            "plan",
            p,
            t!(
                "ghi số kế hoạch như trên văn bản (`263/KH-UBND`) hoặc `slug` của nó",
                "write the plan's number as on it (`263/KH-UBND`) or its `slug`"
            ),
        )),
    }
}

/// The campaign of a decision.
fn decision_campaign(
    d: &mut Decision,
    campaigns: &[Campaign],
    idx: &Indexes,
    dlink: &Link,
    back: &mut DecisionBackLinks,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(c) = &d.campaign else { return };
    match idx.campaigns.get(c) {
        Some(&ci) => {
            d.campaign_link = Some(campaign_link(&campaigns[ci]));
            back.campaign_dec.push((ci, dlink.clone()));
        }
        None => diags.push(dangling(
            &d.meta.source,
            d.key_pos.campaign,
            "phong trào",
            "campaign",
            c,
            campaign_hint(),
        )),
    }
}

/// A decision's recipient rows: each kind allowed by the award form, each `exemplar:` linked
/// (and the award added to that exemplar's history).
fn decision_recipients(
    d: &mut Decision,
    forms: &AwardForms,
    exemplars: &[Exemplar],
    idx: &Indexes,
    back: &mut DecisionBackLinks,
    diags: &mut Vec<Diagnostic>,
) {
    let form_label = forms.get(&d.form).map(|f| f.label.clone()).unwrap_or_default();
    let (number, name) = (d.number_written().unwrap_or_default().to_string(), d.name.clone());
    for r in &mut d.recipients {
        if let Some(form) = forms.get(&d.form)
            && !form.allowed.contains(&r.kind)
        {
            let (k, f) = (r.kind.label(), &form.label);
            diags.push(
                Diagnostic::error(
                    "kind-not-allowed",
                    Path::new(&d.meta.source),
                    r.pos,
                    t!("{f} không tặng cho {k}", "{f} is not awarded to {k}"),
                )
                .with_hint(t!(
                    "kiểm tra `kind` của dòng này hoặc hình thức khen thưởng của quyết định",
                    "check this row's `kind` or the decision's award form"
                )),
            );
        }
        let Some(x) = &r.exemplar else { continue };
        match idx.exemplars.get(x) {
            Some(&ei) => {
                r.exemplar_url = Some(exemplars[ei].meta.url.clone());
                back.awards.push((
                    ei,
                    AwardEntry {
                        form: form_label.clone(),
                        round: d.round.as_ref().map(|r| r.label.clone()).unwrap_or_default(),
                        number: number.clone(),
                        name: name.clone(),
                        date: d.meta.date.clone(),
                        url: format!("{}#{}", d.meta.url, r.id),
                    },
                ));
            }
            None => diags.push(dangling(
                &d.meta.source,
                r.pos,
                "gương điển hình",
                "exemplar",
                x,
                t!(
                    "dùng `id` của một tệp trong guong-dien-hinh/",
                    "use the `id` of a file in guong-dien-hinh/"
                ),
            )),
        }
    }
}
