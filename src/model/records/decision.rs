//! Award decisions (quyết định khen thưởng) and their recipient rows.

use std::path::Path;

use serde::Serialize;

use super::document::{KeyPositions, document_slug};
use super::meta::{Meta, check_id, check_slug, meta};
use crate::config::award_forms::{AwardForms, KIND_CHOICES, RecipientKind, read_form};
use crate::diag::{Diagnostic, Pos};
use crate::load::Source;
use crate::model::common::*;
use crate::read::fields::MapReader;
use crate::read::yaml::Node;
use crate::t;
use crate::vi;

/// The result of one rule on one decision, in plain Vietnamese.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Finding {
    /// `quota`, `leader-share`, `prerequisite`, `once-per-round` or `kind-allowed`.
    pub(crate) rule: &'static str,
    /// Whether the rule is met.
    pub(crate) ok: bool,
    /// What was checked and the result (`05/5 tập thể, 09/10 cá nhân`).
    pub(crate) text: String,
    /// The recipient row concerned (its anchor), when the finding is about one row.
    pub(crate) row: Option<String>,
}

/// One recipient row of an award decision's annex.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Recipient {
    /// Row number in the annex (STT), from 1.
    pub(crate) stt: usize,
    /// Stable id (also the row's anchor).
    pub(crate) id: String,
    /// Kind.
    pub(crate) kind: RecipientKind,
    /// Kind label.
    pub(crate) kind_label: &'static str,
    /// Name.
    pub(crate) name: String,
    /// Position.
    pub(crate) position: Option<String>,
    /// Unit.
    pub(crate) unit: Option<String>,
    /// Place.
    pub(crate) locality: Locality,
    /// Leader (phó trưởng phòng and above).
    pub(crate) leader: bool,
    /// Achievement.
    pub(crate) achievement: Option<String>,
    /// Exemplar id.
    pub(crate) exemplar: Option<String>,
    /// Resolved exemplar page.
    pub(crate) exemplar_url: Option<String>,
    /// Position in the file.
    #[serde(skip)]
    pub(crate) pos: Pos,
}

/// An award decision (quyết định khen thưởng) with its recipients.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Decision {
    /// Common fields (title = trích yếu).
    #[serde(flatten)]
    pub(crate) meta: Meta,
    /// Stable id (= slug).
    pub(crate) id: String,
    /// Số và ký hiệu.
    pub(crate) number: Option<DocNumber>,
    /// The decision as people name it ([`document_name`]): `Quyết định 2105/QĐ-UBND`, or with
    /// a blank number `Quyết định của Ủy ban nhân dân tỉnh Bình Phước, ngày 16/9/2022 (không số)`.
    pub(crate) name: String,
    /// Issuer.
    pub(crate) issuer: String,
    /// Place.
    pub(crate) place: Option<String>,
    /// Date line.
    pub(crate) date_line: String,
    /// Signer.
    pub(crate) signer: Option<Signer>,
    /// Award form code.
    pub(crate) form: String,
    /// Award form name.
    pub(crate) form_label: String,
    /// Round.
    pub(crate) round: Option<Round>,
    /// Campaign id.
    pub(crate) campaign: Option<String>,
    /// Resolved.
    pub(crate) campaign_link: Option<Link>,
    /// Plan reference.
    pub(crate) plan: Option<String>,
    /// Resolved.
    pub(crate) plan_link: Option<Link>,
    /// Recipients in annex order.
    pub(crate) recipients: Vec<Recipient>,
    /// Counts by kind, for the summary line.
    pub(crate) counts: Vec<(String, usize)>,
    /// The plan's rules checked against this decision (filled by `model::rules`).
    pub(crate) findings: Vec<Finding>,
    /// One line: `05/5 tập thể, 09/10 cá nhân; lãnh đạo 3/9 = 33,33% (tối đa 40%): đúng quy định`.
    pub(crate) findings_summary: Option<String>,
    /// Whether every rule is met (`None` when no rule applies).
    pub(crate) findings_ok: Option<bool>,
    /// The issuer's current name after a reorganisation (`site.yaml` `organizations`).
    pub(crate) issuer_now: Option<String>,
    /// Positions.
    #[serde(skip)]
    pub(crate) key_pos: KeyPositions,
}

/// Reads an award decision.
pub(crate) fn read_decision(
    src: &Source,
    strict: bool,
    forms: &AwardForms,
    diags: &mut Vec<Diagnostic>,
) -> Option<Decision> {
    let front = src.front.as_ref()?;
    let file = &src.rel;
    let mut r = MapReader::new(front, file, "quyết định khen thưởng / award decision", diags)?;
    let title = r.req_text("title", "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh");
    let (mut m, slug) = meta(&mut r, src, title);
    let key_pos = KeyPositions::of(front, "plan");
    let number = read_number(&mut r, strict);
    check_decision_type(&mut r, number.as_ref(), key_pos.number, strict);
    let issuer = r.req_text("issuer", "Ủy ban nhân dân tỉnh Bình Phước").unwrap_or_default();
    let place = r.text("place");
    let signer = Signer::read(&mut r, "signer");
    let form_node = r.node("form");
    let form_code = r.req_text("form", "BKTINH");
    let form =
        form_code.and_then(|c| read_form(forms, &c, form_node.unwrap_or(front), file, r.diags()));
    let round = if r.node("round").is_some() { read_round(&mut r, "round") } else { None };
    let campaign = r.text("campaign");
    let plan = r.text("plan");
    let mut recipients: Vec<Recipient> = Vec::new();
    let list = r.list("recipients");
    for (i, n) in list.iter().enumerate() {
        if let Some(rec) = read_recipient(n, i + 1, file, r.diags()) {
            recipients.push(rec);
        }
    }
    r.finish();
    check_recipients(list.is_empty(), &recipients, front, file, diags);
    let year = m.sort_date.map(|d| d.year);
    let fallback = document_slug(number.as_ref(), Some("QĐ"), &issuer, year, &m.title);
    m.slug = check_slug(slug, fallback, file, diags);
    let date_line = match (&place, &m.sort_date) {
        (Some(p), Some(d)) => format!("{p}, {}", d.line_vi()),
        (None, Some(d)) => d.line_vi(),
        _ => String::new(),
    };
    let counts = counts_by_kind(&recipients);
    let name = document_name("Quyết định", number.as_ref(), &issuer, m.sort_date.as_ref());
    Some(Decision {
        id: m.slug.clone(),
        meta: m,
        number,
        name,
        issuer,
        place,
        date_line,
        signer,
        form: form.map(|f| f.code.to_string()).unwrap_or_default(),
        form_label: form.map(|f| f.label.to_string()).unwrap_or_default(),
        round,
        campaign,
        campaign_link: None,
        plan,
        plan_link: None,
        recipients,
        counts,
        findings: Vec::new(),
        findings_summary: None,
        findings_ok: None,
        issuer_now: None,
        key_pos,
    })
}

/// A decision's number should carry the type `QĐ`; another type is a warning (an error with
/// `--strict`).
fn check_decision_type(
    r: &mut MapReader<'_, '_>,
    number: Option<&DocNumber>,
    pos: Pos,
    strict: bool,
) {
    let file = r.file();
    if let Some(n) = number
        && let Some(code) = n.type_code.as_deref()
        && code != "QĐ"
    {
        let (w, tn) = (&n.written, type_name(code).unwrap_or(code));
        let d = Diagnostic::warning(
            "decision-type",
            file,
            pos,
            t!(
                "số `{w}` là của một {tn} (`{code}`), không phải quyết định khen thưởng (`QĐ`)",
                "`{w}` is the number of a {tn} (`{code}`), not of an award decision (`QĐ`)"
            ),
        )
        .with_hint(t!(
            "chép đúng số, ký hiệu của quyết định, ví dụ `2105/QĐ-UBND`; văn bản khác đặt trong van-ban/",
            "copy the decision's own number, e.g. `2105/QĐ-UBND`; other documents go in van-ban/"
        ));
        r.report(if strict {
            Diagnostic { severity: crate::diag::Severity::Error, ..d }
        } else {
            d
        });
    }
}

/// A decision lists its recipients, each id (the row's anchor) once.
fn check_recipients(
    none: bool,
    recipients: &[Recipient],
    front: &Node,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) {
    if none {
        diags.push(
            Diagnostic::error(
                "no-recipients",
                file,
                front.pos,
                t!(
                    "quyết định không có danh sách `recipients`",
                    "the decision has no `recipients` list"
                ),
            )
            .with_hint(t!(
                "thêm danh sách người, tập thể được khen theo thứ tự STT của phụ lục",
                "add the people and collectives in the annex's order (STT)"
            )),
        );
    }
    // Recipient ids are row anchors: unique within the decision.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for rec in recipients {
        if let Some(first) = seen.insert(rec.id.clone(), rec.stt) {
            let id = &rec.id;
            diags.push(
                Diagnostic::error(
                    "duplicate-id",
                    file,
                    rec.pos,
                    t!("mã người nhận `{id}` trùng với dòng STT {first}", "recipient id `{id}` repeats row {first}"),
                )
                .with_hint(t!(
                    "mỗi người, tập thể chỉ ghi một lần trong một quyết định; nếu là hai người trùng tên, đặt `id` khác nhau",
                    "list each recipient once per decision; for two people with the same name, give each its own `id`"
                )),
            );
        }
    }
}

/// Recipients counted by kind, for the summary line (kinds without recipients left out).
fn counts_by_kind(recipients: &[Recipient]) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for k in [
        RecipientKind::Collective,
        RecipientKind::Individual,
        RecipientKind::Household,
        RecipientKind::Enterprise,
        RecipientKind::Cooperative,
    ] {
        let c = recipients.iter().filter(|r| r.kind == k).count();
        if c > 0 {
            counts.push((k.label().to_lowercase(), c));
        }
    }
    counts
}

fn read_recipient(
    n: &Node,
    stt: usize,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Recipient> {
    let mut r = MapReader::new(n, file, "recipient", diags)?;
    let id_node = r.node("id");
    let kind = r.choice("kind", KIND_CHOICES).map(RecipientKind::from_choice);
    if n.get("kind").is_none() {
        r.report(
            Diagnostic::error(
                "missing-key",
                file,
                n.pos_of("kind"),
                t!("người nhận STT {stt} thiếu `kind`", "recipient row {stt} has no `kind`"),
            )
            .with_hint(t!(
                "thêm `kind: individual` hoặc `collective`, `household`",
                "add `kind: individual` or `collective`, `household`"
            )),
        );
    }
    let name = r.req_text("name", "Nguyễn Văn A");
    let position = r.text("position");
    let unit = r.text("unit");
    let locality = Locality::read(&mut r, "locality");
    let leader = r.bool("leader").unwrap_or(false);
    let achievement = r.text("achievement");
    let exemplar = r.text("exemplar");
    r.finish();
    let name = name?;
    let kind = kind.unwrap_or(RecipientKind::Individual);
    let default_id =
        vi::slugify(&format!("{} {}", name, locality.commune.as_deref().unwrap_or("")));
    let id =
        check_id(id_node.and_then(|x| x.as_text().map(|s| (s, x.pos))), default_id, file, diags);
    Some(Recipient {
        stt,
        id,
        kind,
        kind_label: kind.label(),
        name,
        position,
        unit,
        locality,
        leader,
        achievement,
        exemplar,
        exemplar_url: None,
        pos: n.pos,
    })
}

impl Decision {
    /// How messages, links and listings refer to the decision: its number when it has one
    /// (`2105/QĐ-UBND`), else its [`Decision::name`] (never `/QĐ-UBND`).
    pub(crate) fn reference(&self) -> String {
        match &self.number {
            Some(n) if n.number.is_some() => n.display(),
            _ => self.name.clone(),
        }
    }

    /// Its number as written when it has one; `None` for a blank number (`/QĐ-UBND`), which
    /// open data leaves empty rather than publish as a number.
    pub(crate) fn number_written(&self) -> Option<&str> {
        self.number.as_ref().filter(|n| n.number.is_some()).map(|n| n.written.as_str())
    }
}
