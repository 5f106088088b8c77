//! Documents (kế hoạch and every other administrative document): number, type, issuer, bases,
//! targets, and a plan's rules as data (quotas, leader share, prerequisites).

use std::path::Path;

use serde::Serialize;

use super::meta::{DateView, Meta, check_slug, meta};
use crate::config::award_forms::{AwardForms, read_form};
use crate::diag::{Diagnostic, Pos};
use crate::load::Source;
use crate::model::common::*;
use crate::read::fields::{MAX_COUNT, MapReader, YEAR_MAX, YEAR_MIN};
use crate::read::yaml::Node;
use crate::t;
use crate::vi::{self, PartialDate};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct PlanFinding {
    /// The decision.
    pub(crate) decision: Link,
    /// Its one-line summary.
    pub(crate) summary: String,
    /// Whether every rule is met.
    pub(crate) ok: bool,
}

/// One line of the implementation tree shown on a document page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct TreeItem {
    /// The document.
    pub(crate) link: Link,
    /// Depth from the root (0).
    pub(crate) depth: usize,
    /// This is the page being shown.
    pub(crate) current: bool,
    /// The next item is a child of this one (open a nested list).
    pub(crate) nest: bool,
    /// How many nested lists close after this item (one element per list).
    pub(crate) close: Vec<u8>,
}

/// A legal basis (căn cứ): a reference to another document.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Basis {
    /// Number as written.
    pub(crate) number: String,
    /// Lookup key.
    #[serde(skip)]
    pub(crate) key: String,
    /// Date.
    pub(crate) date: Option<DateView>,
    /// Parsed date.
    #[serde(skip)]
    pub(crate) sort_date: Option<PartialDate>,
    /// Issuer.
    pub(crate) issuer: Option<String>,
    /// Summary.
    pub(crate) title: Option<String>,
    /// Page of the cited document when the site has it.
    pub(crate) url: Option<String>,
    /// Position in the file.
    #[serde(skip)]
    pub(crate) pos: Pos,
}

/// A quota per (round, award form).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Quota {
    /// Round.
    pub(crate) round: Round,
    /// Award form code.
    pub(crate) form: String,
    /// Award form name.
    pub(crate) form_label: String,
    /// Most collectives.
    pub(crate) collective: Option<i64>,
    /// Most individuals.
    pub(crate) individual: Option<i64>,
    /// Bucket households count in (`individual`, `collective` or none).
    pub(crate) households_count_as: Option<String>,
}

/// One required earlier award.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Need {
    /// Award form code.
    pub(crate) form: String,
    /// How many.
    pub(crate) count: i64,
}

/// A prerequisite rule: a form in a round needs earlier awards.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Prerequisite {
    /// Award form code.
    pub(crate) form: String,
    /// Round (all rounds when absent).
    pub(crate) round: Option<Round>,
    /// All of these.
    pub(crate) needs: Vec<Need>,
    /// Or any one of these.
    pub(crate) needs_any: Vec<Need>,
    /// Plain-language statement.
    pub(crate) display: String,
}

/// Provenance of inferred facts.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct SourceNote {
    /// What was inferred and from where.
    pub(crate) note: Option<String>,
    /// Where the original is.
    pub(crate) url: Option<String>,
}

/// A document: a plan (kế hoạch) or any other administrative document.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Document {
    /// Common fields (title = trích yếu).
    #[serde(flatten)]
    pub(crate) meta: Meta,
    /// Stable id (= slug).
    pub(crate) id: String,
    /// Số và ký hiệu.
    pub(crate) number: Option<DocNumber>,
    /// Type code (`KH`).
    pub(crate) type_code: Option<String>,
    /// Type name (`Kế hoạch`).
    pub(crate) type_name: String,
    /// The document as people name it ([`document_name`]): `Kế hoạch 263/KH-UBND`, or with a
    /// blank number `Kế hoạch của Ban Dân tộc tỉnh Bình Phước, năm 2022 (không số)`.
    pub(crate) name: String,
    /// Issuing body.
    pub(crate) issuer: String,
    /// Short issuer name.
    pub(crate) issuer_short: Option<String>,
    /// Parent body (cơ quan chủ quản).
    pub(crate) parent_issuer: Option<String>,
    /// Place (địa danh).
    pub(crate) place: Option<String>,
    /// `Bình Phước, ngày 16 tháng 9 năm 2022`.
    pub(crate) date_line: String,
    /// Signature block.
    pub(crate) signer: Option<Signer>,
    /// Nơi nhận.
    pub(crate) recipients: Vec<String>,
    /// Căn cứ.
    pub(crate) bases: Vec<Basis>,
    /// Reference to the plan this one carries out.
    pub(crate) implements: Option<String>,
    /// Resolved.
    pub(crate) implements_link: Option<Link>,
    /// Documents that carry this one out (filled by the model).
    pub(crate) implemented_by: Vec<Link>,
    /// Documents citing this one as a basis.
    pub(crate) cited_by: Vec<Link>,
    /// Award decisions under this plan.
    pub(crate) decisions: Vec<Link>,
    /// Campaign id.
    pub(crate) campaign: Option<String>,
    /// Resolved campaign.
    pub(crate) campaign_link: Option<Link>,
    /// Period years.
    pub(crate) period: Option<(i32, i32)>,
    /// Chỉ tiêu.
    pub(crate) targets: Vec<Target>,
    /// How many targets have reported actuals (filled by `model::progress`).
    pub(crate) targets_with_progress: usize,
    /// Award forms (codes).
    pub(crate) award_forms: Vec<String>,
    /// Award form names.
    pub(crate) award_form_labels: Vec<String>,
    /// Quotas.
    pub(crate) quotas: Vec<Quota>,
    /// Leaders at most this % of individuals.
    pub(crate) leader_share_max: Option<f64>,
    /// Prerequisites.
    pub(crate) prerequisites: Vec<Prerequisite>,
    /// Timeline.
    pub(crate) milestones: Vec<Milestone>,
    /// Provenance.
    pub(crate) provenance: Option<SourceNote>,
    /// Whether this is a plan (type KH).
    pub(crate) is_plan: bool,
    /// Rule results of the award decisions under this plan (filled by `model::rules`).
    pub(crate) rule_results: Vec<PlanFinding>,
    /// (decisions checked, decisions meeting every rule).
    pub(crate) rule_totals: Option<(usize, usize)>,
    /// The implementation chain this document belongs to, as a tree.
    pub(crate) tree: Vec<TreeItem>,
    /// The issuer's current name after a reorganisation (`site.yaml` `organizations`).
    pub(crate) issuer_now: Option<String>,
    /// Positions for messages.
    #[serde(skip)]
    pub(crate) key_pos: KeyPositions,
}

/// Where some keys are, for messages from later stages.
#[derive(Clone, Debug, Default)]
pub(crate) struct KeyPositions {
    /// `number:`.
    pub(crate) number: Pos,
    /// `date:`.
    pub(crate) date: Pos,
    /// `implements:` / `plan:`.
    pub(crate) reference: Pos,
    /// `campaign:`.
    pub(crate) campaign: Pos,
}

/// Reads a document.
pub(crate) fn read_document(
    src: &Source,
    strict: bool,
    forms: &AwardForms,
    diags: &mut Vec<Diagnostic>,
) -> Option<Document> {
    let front = src.front.as_ref()?;
    let file = &src.rel;
    let mut r = MapReader::new(front, file, "văn bản / document", diags)?;
    let title = r.req_text("title", "Tổ chức thực hiện phong trào thi đua ...");
    let (mut m, slug) = meta(&mut r, src, title);
    let key_pos = KeyPositions::of(front, "implements");
    let number = read_number(&mut r, strict);
    let type_node = r.node("type");
    let declared_type = r.text("type");
    let type_name_given = r.text("type_name");
    let issuer = r.req_text("issuer", "Ủy ban nhân dân tỉnh Bình Phước").unwrap_or_default();
    let issuer_short = r.text("issuer_short");
    let parent_issuer = r.text("parent_issuer");
    let place = r.text("place");
    let signer = Signer::read(&mut r, "signer");
    let recipients = r.text_list("recipients");
    let bases = read_bases(&mut r);
    let implements = r.text("implements");
    let campaign = r.text("campaign");
    let period = read_period(&mut r);
    let targets = read_targets(&mut r);
    let award_forms = read_award_forms(&mut r, forms, front);
    let quotas = read_quotas(&mut r, forms);
    let leader_share_max = r.number("leader_share_max");
    let prerequisites = read_prerequisites(&mut r, forms);
    let milestones = read_milestones(&mut r);
    let provenance = read_provenance(&mut r);
    r.finish();
    check_date_given(&m, front, file, diags);
    let type_code = checked_type(declared_type, &number, type_node, front, file, diags);
    let type_name_s = type_name_given
        .or_else(|| type_code.as_deref().and_then(type_name).map(str::to_string))
        .unwrap_or_else(|| "Văn bản".to_string());
    let year = m.sort_date.map(|d| d.year).or(number.as_ref().and_then(|n| n.year));
    let fallback = document_slug(
        number.as_ref(),
        type_code.as_deref(),
        issuer_short.as_deref().unwrap_or(&issuer),
        year,
        &m.title,
    );
    m.slug = check_slug(slug, fallback, file, diags);
    let date_line = match (&place, &m.sort_date) {
        (Some(p), Some(d)) => format!("{p}, {}", d.line_vi()),
        (None, Some(d)) => d.line_vi(),
        (Some(p), None) => p.clone(),
        (None, None) => String::new(),
    };
    let is_plan = type_code.as_deref() == Some("KH");
    let award_form_labels =
        award_forms.iter().filter_map(|c| forms.get(c)).map(|f| f.label.clone()).collect();
    let name = document_name(&type_name_s, number.as_ref(), &issuer, m.sort_date.as_ref());
    Some(Document {
        id: m.slug.clone(),
        meta: m,
        number,
        type_code,
        name,
        type_name: type_name_s,
        issuer,
        issuer_short,
        parent_issuer,
        place,
        date_line,
        signer,
        recipients,
        bases,
        implements,
        implements_link: None,
        implemented_by: Vec::new(),
        cited_by: Vec::new(),
        decisions: Vec::new(),
        campaign,
        campaign_link: None,
        period,
        targets,
        targets_with_progress: 0,
        award_forms,
        award_form_labels,
        quotas,
        leader_share_max,
        prerequisites,
        milestones,
        provenance,
        is_plan,
        rule_results: Vec::new(),
        rule_totals: None,
        tree: Vec::new(),
        issuer_now: None,
        key_pos,
    })
}

fn read_period(r: &mut MapReader<'_, '_>) -> Option<(i32, i32)> {
    let p = r.map("period")?;
    let file = r.file();
    let mut pr = MapReader::new(p, file, "period", r.diags())?;
    let from = pr.int_in("from", YEAR_MIN, YEAR_MAX);
    let to = pr.int_in("to", YEAR_MIN, YEAR_MAX);
    pr.finish();
    Some((from? as i32, to? as i32))
}

impl Document {
    /// Its number as written when it has one; `None` for a blank number (`/KH-BDT`), which
    /// open data leaves empty rather than publish as a number (the `name` column says it).
    pub(crate) fn number_written(&self) -> Option<&str> {
        self.number.as_ref().filter(|n| n.number.is_some()).map(|n| n.written.as_str())
    }

    /// How messages, links and listings refer to the document: its number when it has one
    /// (`263/KH-UBND`), else its [`Document::name`] (never `…/KH-BDT`).
    pub(crate) fn reference(&self) -> String {
        match &self.number {
            Some(n) if n.number.is_some() => n.display(),
            _ => self.name.clone(),
        }
    }
}

impl KeyPositions {
    /// The positions of a record's keys; `reference` is the key naming the plan it follows
    /// (`implements` or `plan`). A key not written points at the front matter.
    pub(crate) fn of(front: &Node, reference: &str) -> KeyPositions {
        let at = |k: &str| front.get(k).map(|n| n.pos).unwrap_or(front.pos);
        KeyPositions {
            number: at("number"),
            date: at("date"),
            reference: at(reference),
            campaign: at("campaign"),
        }
    }
}

/// `targets:`, each id once per document (targets data files name a target by its id).
fn read_targets(r: &mut MapReader<'_, '_>) -> Vec<Target> {
    let file = r.file();
    let mut targets = Vec::new();
    // Ids seen (a set: looking through the list for each target was quadratic).
    let mut seen = rustc_hash::FxHashSet::default();
    for n in r.list("targets") {
        if let Some(t) = Target::read(n, file, r.diags()) {
            // Targets data files name a target by its id: one id per document.
            if !seen.insert(t.id.clone()) {
                let id = &t.id;
                r.report(
                    Diagnostic::error(
                        "duplicate-id",
                        file,
                        n.pos,
                        t!("hai chỉ tiêu cùng mã `{id}`", "two targets share the id `{id}`"),
                    )
                    .with_hint(t!(
                        "đặt `id:` khác nhau cho từng chỉ tiêu, ví dụ `id: giam-ho-ngheo-dtts`",
                        "give each target its own `id:`, e.g. `id: giam-ho-ngheo-dtts`"
                    )),
                );
            }
            targets.push(t);
        }
    }
    targets
}

/// `award_forms:`, as codes of forms `site.yaml` knows.
fn read_award_forms(r: &mut MapReader<'_, '_>, forms: &AwardForms, front: &Node) -> Vec<String> {
    let file = r.file();
    let mut award_forms = Vec::new();
    let forms_node = r.node("award_forms");
    for code in r.text_list("award_forms") {
        let at = forms_node.unwrap_or(front);
        if let Some(f) = read_form(forms, &code, at, file, r.diags()) {
            award_forms.push(f.code.to_string());
        }
    }
    award_forms
}

/// `milestones:`.
fn read_milestones(r: &mut MapReader<'_, '_>) -> Vec<Milestone> {
    let file = r.file();
    let mut milestones = Vec::new();
    for n in r.list("milestones") {
        if let Some(ms) = Milestone::read(n, file, r.diags()) {
            milestones.push(ms);
        }
    }
    milestones
}

/// `source:`: where inferred facts come from.
fn read_provenance(r: &mut MapReader<'_, '_>) -> Option<SourceNote> {
    let file = r.file();
    r.map("source").and_then(|n| {
        let mut sr = MapReader::new(n, file, "source", r.diags())?;
        let s = SourceNote { note: sr.text("note"), url: sr.url("url") };
        sr.finish();
        Some(s)
    })
}

/// A document must have a `date:` (a partial one when the copy leaves it blank).
fn check_date_given(m: &Meta, front: &Node, file: &Path, diags: &mut Vec<Diagnostic>) {
    if m.sort_date.is_none() && front.get("date").is_none() {
        diags.push(
            Diagnostic::error("missing-key", file, front.pos_of("date"), t!("văn bản thiếu `date` (ngày ban hành)", "the document has no `date` (issue date)"))
                .with_hint(t!(
                    "thêm `date: 2022-09-16`; nếu văn bản để trống ngày, ghi phần đã biết: `date: 2022` hoặc `date: 2023-02`",
                    "add `date: 2022-09-16`; when the copy leaves it blank, give what is known: `date: 2022` or `date: 2023-02`"
                )),
        );
    }
}

/// Type: from the symbol, checked against the declared one.
fn checked_type(
    declared_type: Option<String>,
    number: &Option<DocNumber>,
    type_node: Option<&Node>,
    front: &Node,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let symbol_type = number.as_ref().and_then(|n| n.type_code.clone());
    match (&declared_type, &symbol_type) {
        (Some(d), Some(s)) if d != s => {
            let pos = type_node.map(|n| n.pos).unwrap_or(front.pos);
            let (dn, sn) = (type_name(d).unwrap_or(d), type_name(s).unwrap_or(s));
            diags.push(
                Diagnostic::error(
                    "type-mismatch",
                    file,
                    pos,
                    t!(
                        "`type: {d}` ({dn}) không khớp ký hiệu `{s}` ({sn}) trong số văn bản",
                        "`type: {d}` ({dn}) does not match the symbol's type `{s}` ({sn})"
                    ),
                )
                .with_hint(t!(
                    "loại văn bản lấy theo ký hiệu (phân biệt HD và HĐ): sửa `type` hoặc bỏ dòng này",
                    "the type comes from the symbol (HD is not HĐ): fix `type` or delete the line"
                )),
            );
            Some(s.clone())
        }
        (Some(d), _) => {
            if type_name(d).is_none() {
                let pos = type_node.map(|n| n.pos).unwrap_or(front.pos);
                let list = TYPE_CODES.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ");
                diags.push(
                    Diagnostic::error(
                        "unknown-type",
                        file,
                        pos,
                        t!(
                            "loại văn bản `{d}` không có trong danh mục",
                            "document type `{d}` is not known"
                        ),
                    )
                    .with_hint(t!(
                        "dùng mã theo Nghị định 30/2020 (phân biệt hoa thường): {list}",
                        "use a Decree 30/2020 code (case-sensitive): {list}"
                    )),
                );
            }
            Some(d.clone())
        }
        (None, s) => s.clone(),
    }
}

/// Slug of a document: `263-kh-ubnd-2022`; blank number: type, issuer, year and title.
pub(crate) fn document_slug(
    number: Option<&DocNumber>,
    type_code: Option<&str>,
    issuer: &str,
    year: Option<i32>,
    title: &str,
) -> String {
    let y = year.map(|y| y.to_string()).unwrap_or_default();
    let base = match number {
        Some(n) if n.number.is_some() => {
            // The year is part of the identity of administrative numbers, not of normative ones.
            if n.year.is_some() {
                vi::slugify(&n.key)
            } else {
                vi::slugify(&format!("{} {y}", n.key))
            }
        }
        _ => vi::slugify(&format!("{} {issuer} {y} {title}", type_code.unwrap_or(""))),
    };
    if base.is_empty() { "van-ban".into() } else { base }
}

fn read_bases(r: &mut MapReader<'_, '_>) -> Vec<Basis> {
    let mut out = Vec::new();
    let file = r.file();
    for n in r.list("bases") {
        let Some(mut br) = MapReader::new(n, file, "bases", r.diags()) else { continue };
        let number = br.req_text("number", "666/QĐ-TTg");
        let date = br.date("date");
        let issuer = br.text("issuer");
        let title = br.text("title");
        br.finish();
        if let Some(number) = number {
            let (dn, _) = DocNumber::parse(&number);
            out.push(Basis {
                number,
                key: dn.key,
                date: date.map(DateView::from),
                sort_date: date,
                issuer,
                title,
                url: None,
                pos: n.pos,
            });
        }
    }
    out
}

fn read_quotas(r: &mut MapReader<'_, '_>, forms: &AwardForms) -> Vec<Quota> {
    let mut out = Vec::new();
    let file = r.file();
    for n in r.list("quotas") {
        let Some(mut qr) = MapReader::new(n, file, "quotas", r.diags()) else { continue };
        let round = read_round(&mut qr, "round");
        if qr.node("round").is_none() {
            qr.report(Diagnostic::error(
                "missing-key",
                file,
                n.pos_of("round"),
                t!("định mức thiếu `round`", "quota has no `round`"),
            ));
        }
        let form_node = qr.node("form");
        let form = qr.req_text("form", "BKTINH");
        let collective = qr.int_in("collective", 0, MAX_COUNT);
        let individual = qr.int_in("individual", 0, MAX_COUNT);
        let households_count_as =
            qr.choice("households_count_as", &["individual", "collective"]).map(str::to_string);
        qr.finish();
        let form = form.and_then(|f| read_form(forms, &f, form_node.unwrap_or(n), file, r.diags()));
        if let (Some(round), Some(form)) = (round, form) {
            out.push(Quota {
                round,
                form: form.code.clone(),
                form_label: form.label.clone(),
                collective,
                individual,
                households_count_as,
            });
        }
    }
    out
}

fn read_needs(r: &mut MapReader<'_, '_>, key: &'static str, forms: &AwardForms) -> Vec<Need> {
    let mut out = Vec::new();
    let file = r.file();
    for n in r.list(key) {
        let Some(mut nr) = MapReader::new(n, file, key, r.diags()) else { continue };
        let form_node = nr.node("form");
        let form = nr.req_text("form", "BKTINH");
        let count = nr.int_in("count", 1, MAX_COUNT).unwrap_or(1);
        nr.finish();
        if let Some(f) =
            form.and_then(|f| read_form(forms, &f, form_node.unwrap_or(n), file, r.diags()))
        {
            out.push(Need { form: f.code.clone(), count });
        }
    }
    out
}

fn read_prerequisites(r: &mut MapReader<'_, '_>, forms: &AwardForms) -> Vec<Prerequisite> {
    let mut out = Vec::new();
    let file = r.file();
    for n in r.list("prerequisites") {
        let Some(mut pr) = MapReader::new(n, file, "prerequisites", r.diags()) else { continue };
        let form_node = pr.node("form");
        let form = pr.req_text("form", "BKTTG");
        let round = if pr.node("round").is_some() { read_round(&mut pr, "round") } else { None };
        let needs = read_needs(&mut pr, "needs", forms);
        let needs_any = read_needs(&mut pr, "needs_any", forms);
        pr.finish();
        let Some(form) =
            form.and_then(|f| read_form(forms, &f, form_node.unwrap_or(n), file, r.diags()))
        else {
            continue;
        };
        let describe = |v: &[Need]| {
            v.iter()
                .map(|nd| format!("{} {}", vi::pad2(nd.count as u32), forms.label(&nd.form)))
                .collect::<Vec<_>>()
        };
        let mut display = form.label.to_string();
        if let Some(rd) = &round {
            display.push_str(&format!(" ({})", rd.label.to_lowercase()));
        }
        display.push_str(": cần ");
        let all = describe(&needs);
        let any = describe(&needs_any);
        display.push_str(&all.join(" và "));
        if !any.is_empty() {
            if !all.is_empty() {
                display.push_str(" và ");
            }
            display.push_str(&any.join(" hoặc "));
        }
        out.push(Prerequisite { form: form.code.clone(), round, needs, needs_any, display });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_slugs() {
        let (n, _) = DocNumber::parse("263/KH-UBND");
        assert_eq!(
            document_slug(Some(&n), Some("KH"), "UBND", Some(2022), "x"),
            "263-kh-ubnd-2022"
        );
        let (n, _) = DocNumber::parse("24/2021/QĐ-TTg");
        assert_eq!(document_slug(Some(&n), Some("QĐ"), "TTg", Some(2021), "x"), "24-2021-qd-ttg");
        let (n, _) = DocNumber::parse("/KH-BDT");
        assert_eq!(
            document_slug(Some(&n), Some("KH"), "Ban Dân tộc", Some(2022), "Triển khai"),
            "kh-ban-dan-toc-2022-trien-khai"
        );
    }
}
