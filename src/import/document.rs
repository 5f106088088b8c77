//! A plan or other document's draft: the frame, the citations and the rules put together as
//! the front matter of `content/van-ban/<slug>.md`, with what was inferred said in `source:`.
//!
//! A number or date the document leaves blank is proposed when another document (of this run or
//! of the site) cites a document with the same title and a compatible date: `Kế hoạch số
//! 263/KH-UBND ngày 16/9/2022` in the Ban Dân tộc plan gives the provincial plan its number.

use std::path::PathBuf;
use std::sync::LazyLock;

use regex::Regex;

use super::body::{self, Block};
use super::cites::{self, Cite, same_title};
use super::draft::{Draft, Field, ImportKind, Item, Value};
use super::formats::{Origin, Source};
use super::plan::{self, Frame, expand_org, org_of_symbol};
use super::plan_rules::{self, Years};
use super::plan_targets;
use crate::diag::Text;
use crate::t;
use crate::vi::{self, PartialDate};

/// A document cited somewhere (this run or the site), to propose a missing number or date.
#[derive(Clone, Debug)]
pub(crate) struct Known {
    pub(crate) number: String,
    pub(crate) date: Option<PartialDate>,
    pub(crate) title: Option<String>,
    /// Where it is cited: `content/van-ban/x.md` or the imported file's name.
    pub(crate) cited_in: String,
}

/// What the site has that a draft refers to.
#[derive(Clone, Debug, Default)]
pub(crate) struct SiteFacts {
    /// Documents cited by the site's documents (and by the other files of this run).
    pub(crate) known: Vec<Known>,
    /// Campaign ids.
    pub(crate) campaigns: Vec<String>,
}

/// Everything read from one document before it is put together.
#[derive(Clone, Debug)]
pub(crate) struct Facts {
    pub(crate) name: String,
    pub(crate) frame: Frame,
    pub(crate) blocks: Vec<Block>,
    pub(crate) cites: Vec<Cite>,
    pub(crate) province: Option<String>,
}

static PROVINCE_IN_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"trên địa bàn tỉnh ([\p{Lu}][\p{L}]*(?: [\p{Lu}][\p{L}]*)*)").expect("regex")
});
static ISSUED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:Chủ tịch )?(?:Ủy ban nhân dân|UBND) tỉnh (?:đã )?ban hành (?:Kế hoạch|Quyết định)",
    )
    .expect("regex")
});
static PERIOD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"giai đoạn (\d{4}) - (\d{4})").expect("regex"));
static ONE_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"năm (\d{4})$").expect("regex"));

/// Reads the facts of a document.
pub(crate) fn facts(src: &Source, name: &str) -> Facts {
    let frame = plan::frame(&src.lines);
    let blocks = body::blocks(&src.lines[frame.body_start..frame.body_end]);
    let title = frame.title.as_ref().map(|t| t.value.clone()).unwrap_or_default();
    let province = frame
        .place
        .as_ref()
        .map(|p| p.value.clone())
        .or_else(|| PROVINCE_IN_TITLE.captures(&title).map(|c| c[1].to_string()))
        .or_else(|| {
            let first = frame.orgs.first()?;
            let org = expand_org(&first.value);
            org.split_once(" tỉnh ").map(|(_, p)| p.to_string())
        });
    let cites = cites::cites(&blocks, province.as_deref());
    Facts { name: name.to_string(), frame, blocks, cites, province }
}

/// The citations of a document, for the others of the run.
pub(crate) fn known_of(f: &Facts) -> Vec<Known> {
    f.cites
        .iter()
        .map(|c| Known {
            number: c.number.clone(),
            date: c.date,
            title: c.title.clone(),
            cited_in: f.name.clone(),
        })
        .collect()
}

fn compatible(ours: Option<PartialDate>, theirs: Option<PartialDate>) -> bool {
    match (ours, theirs) {
        (Some(a), Some(b)) => {
            a.year == b.year
                && a.month.is_none_or(|m| b.month == Some(m))
                && a.day.is_none_or(|d| b.day == Some(d))
        }
        _ => true,
    }
}

/// A number proposed for a document whose number is blank.
fn propose<'a>(f: &Facts, site: &'a SiteFacts, symbol: Option<&str>) -> Option<&'a Known> {
    let title = &f.frame.title.as_ref()?.value;
    let date = f.frame.date.as_ref().map(|d| d.value);
    site.known.iter().find(|k| {
        k.cited_in != f.name
            && k.title.as_deref().is_some_and(|t| same_title(t, title))
            && compatible(date, k.date)
            && symbol.is_none_or(|s| k.number.ends_with(&format!("/{s}")))
    })
}

/// Builds the draft of a document.
pub(crate) fn draft(f: &Facts, site: &SiteFacts) -> Draft {
    let mut fields = header_fields(f, site);
    let fr = &f.frame;
    if !fr.recipients.is_empty() {
        let items = fr
            .recipients
            .iter()
            .map(|r| Item::sure(Value::Text(r.value.clone()), r.origin.clone()))
            .collect();
        let at = fields.iter().position(|x| x.key == "source").unwrap_or(fields.len());
        fields.insert(
            at,
            Field::new("recipients", Value::List(items), fr.recipients[0].origin.clone()),
        );
    }
    let number = text_of(&fields, "number").map(str::to_string);
    let at = fields.iter().position(|x| x.key == "source").unwrap_or(fields.len());
    let date = fields.iter().find(|x| x.key == "date").and_then(|x| match &x.value {
        Value::Date(d) => PartialDate::parse(d).ok(),
        _ => None,
    });
    let mut rest = Vec::new();
    rest_fields(f, number.as_deref(), date, site, &mut rest);
    fields.splice(at..at, rest);
    let slug = slug_of(&fields);
    Draft {
        kind: ImportKind::Plan,
        target: PathBuf::from("content/van-ban").join(format!("{slug}.md")),
        fields,
        body: Some(body::markdown(&f.blocks)),
        extra: Vec::new(),
        notes: Vec::new(),
    }
}

/// The fields every administrative document has: number (proposed when blank), type, issuer,
/// place, date, title, signer; and `source:` when something was inferred.
pub(crate) fn header_fields(f: &Facts, site: &SiteFacts) -> Vec<Field> {
    let mut fields = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let fr = &f.frame;
    let written = fr.number.as_ref().map(|n| n.value.clone());
    let blank = written.as_ref().is_none_or(|n| n.starts_with('/'));
    let symbol = written.as_ref().and_then(|n| n.strip_prefix('/')).map(str::to_string);
    let proposal = if blank { propose(f, site, symbol.as_deref()) } else { None };
    let number = proposal.map(|k| k.number.clone()).or(written.clone());
    match (proposal, &fr.number) {
        (Some(k), _) => {
            let (n, at) = (&k.number, &k.cited_in);
            let date = k.date.map(|d| d.short_vi()).unwrap_or_default();
            notes.push(format!(
                "Số {n} lấy từ trích dẫn “{n} ngày {date}” trong {at}; văn bản không ghi số."
            ));
            fields.push(Field::new("number", Value::Text(n.clone()), Origin::Inferred).unsure(t!(
                "văn bản không ghi số; đề xuất từ trích dẫn trong {at}",
                "the document has no number; proposed from the citation in {at}"
            )));
        }
        (None, Some(n)) => {
            fields.push(Field::new("number", Value::Text(n.value.clone()), n.origin.clone()))
        }
        (None, None) => {}
    }
    type_fields(f, number.as_deref(), &mut fields);
    issuer_fields(f, number.as_deref(), &mut fields, &mut notes);
    date_field(f, proposal, &mut fields, &mut notes);
    if let Some(t) = &fr.title {
        fields.push(Field::new("title", Value::Text(t.value.clone()), t.origin.clone()));
    }
    if let Some(s) = &fr.signer {
        let v = &s.value;
        let kv: Vec<(&'static str, Value)> = [
            ("authority", &v.authority),
            ("superior", &v.superior),
            ("title", &v.title),
            ("name", &v.name),
        ]
        .into_iter()
        .filter_map(|(k, x)| x.clone().map(|x| (k, Value::Text(x))))
        .collect();
        let field = Field::new("signer", Value::Map(kv), s.origin.clone());
        fields.push(if v.name.is_none() {
            field.unsure(t!("không thấy họ tên người ký", "no signer's name found"))
        } else {
            field
        });
    }
    if !notes.is_empty() {
        let note = Value::Map(vec![("note", Value::Text(notes.join(" ")))]);
        fields.push(Field::new("source", note, Origin::Inferred));
    }
    fields
}

fn text_of<'a>(fields: &'a [Field], key: &str) -> Option<&'a str> {
    fields.iter().find(|f| f.key == key).and_then(|f| match &f.value {
        Value::Text(s) | Value::Date(s) => Some(s.as_str()),
        _ => None,
    })
}

/// The slug the site gives the document (so the file name is its address).
pub(crate) fn slug_of(fields: &[Field]) -> String {
    let number = text_of(fields, "number").map(|n| crate::model::common::DocNumber::parse(n).0);
    let year = text_of(fields, "date").and_then(|d| PartialDate::parse(d).ok()).map(|d| d.year);
    crate::model::records::document_slug(
        number.as_ref(),
        text_of(fields, "type"),
        text_of(fields, "issuer").unwrap_or(""),
        year,
        text_of(fields, "title").unwrap_or(""),
    )
}

fn type_fields(f: &Facts, number: Option<&str>, fields: &mut Vec<Field>) {
    let from_symbol = number.and_then(|n| crate::model::common::DocNumber::parse(n).0.type_code);
    let (code, origin) = match (&f.frame.type_line, from_symbol) {
        (Some(t), _) => (t.value.0.clone(), t.origin.clone()),
        (None, Some(c)) => (c, Origin::Inferred),
        (None, None) => return,
    };
    if let Some(name) = crate::model::common::type_name(&code) {
        fields.push(Field::new("type", Value::Text(code.clone()), origin.clone()));
        fields.push(Field::new("type_name", Value::Text(name.to_string()), origin));
    }
}

fn issuer_fields(
    f: &Facts,
    number: Option<&str>,
    fields: &mut Vec<Field>,
    notes: &mut Vec<String>,
) {
    let fr = &f.frame;
    let prov = f.province.as_deref();
    let with_prov = |org: String| match prov {
        Some(p) if !org.contains(" tỉnh ") && !org.starts_with("Ủy ban nhân dân") => {
            format!("{org} tỉnh {p}")
        }
        _ => org,
    };
    let symbol_org = number.and_then(|n| n.split_once('/')).and_then(|(_, s)| org_of_symbol(s));
    let (issuer, parent, origin, unsure): (String, Option<String>, Origin, Option<Text>) = match fr
        .orgs
        .as_slice()
    {
        [parent, issuer, ..] => (
            with_prov(expand_org(&issuer.value)),
            Some(expand_org(&parent.value)),
            issuer.origin.clone(),
            None,
        ),
        [one] => (with_prov(expand_org(&one.value)), None, one.origin.clone(), None),
        [] => {
            let (Some(p), org) = (
                prov,
                symbol_org.or_else(|| {
                    f.blocks.iter().find(|b| ISSUED_BY.is_match(&b.text)).map(|_| "Ủy ban nhân dân")
                }),
            ) else {
                return;
            };
            let Some(org) = org else { return };
            let issuer = format!("{org} tỉnh {p}");
            let parent = (org != "Ủy ban nhân dân").then(|| format!("Ủy ban nhân dân tỉnh {p}"));
            notes.push(format!("Văn bản không có tên cơ quan ở phần đầu; cơ quan ban hành “{issuer}” suy ra từ nội dung, ký hiệu và địa danh."));
            (
                issuer,
                parent,
                Origin::Inferred,
                Some(t!("suy ra từ ký hiệu và địa danh", "inferred from the symbol and the place")),
            )
        }
    };
    let mut field = Field::new("issuer", Value::Text(issuer.clone()), origin.clone());
    field.unsure = unsure.clone();
    fields.push(field);
    if let Some(rest) = issuer.strip_prefix("Ủy ban nhân dân ") {
        fields.push(Field::new(
            "issuer_short",
            Value::Text(format!("UBND {rest}")),
            origin.clone(),
        ));
    }
    if let Some(p) = parent {
        let mut field = Field::new("parent_issuer", Value::Text(p), origin);
        field.unsure = unsure;
        fields.push(field);
    }
    match (&fr.place, prov) {
        (Some(p), _) => {
            fields.push(Field::new("place", Value::Text(p.value.clone()), p.origin.clone()))
        }
        (None, Some(p)) => fields.push(
            Field::new("place", Value::Text(p.to_string()), Origin::Inferred).unsure(t!(
                "văn bản không có dòng địa danh; suy ra từ cơ quan ban hành",
                "no place line; inferred from the issuer"
            )),
        ),
        _ => {}
    }
}

fn date_field(
    f: &Facts,
    proposal: Option<&Known>,
    fields: &mut Vec<Field>,
    notes: &mut Vec<String>,
) {
    let fr = &f.frame;
    let ours = fr.date.as_ref();
    if let (Some(k), Some(d)) = (proposal, proposal.and_then(|k| k.date))
        && ours.is_none_or(|o| !o.value.is_complete())
    {
        let at = &k.cited_in;
        fields.push(Field::new("date", Value::Date(d.iso()), Origin::Inferred).unsure(t!(
            "văn bản không ghi đủ ngày; lấy từ trích dẫn trong {at}",
            "the document's date is incomplete; taken from the citation in {at}"
        )));
        return;
    }
    if let Some(d) = ours {
        fields.push(Field::new("date", Value::Date(d.value.iso()), d.origin.clone()));
        return;
    }
    // No date at all: the year of the latest document it cites, as the earliest it can be.
    if let Some(latest) = f.cites.iter().filter_map(|c| c.date.map(|d| (d, &c.number))).max() {
        let (d, n) = (latest.0, latest.1);
        let (y, shown) = (d.year, d.short_vi());
        notes.push(format!("Văn bản không có số và ngày; viện dẫn văn bản {n} ngày {shown} nên được ban hành sau ngày đó; năm {y} là suy luận."));
        fields.push(Field::new("date", Value::Date(y.to_string()), Origin::Inferred).unsure(t!(
            "văn bản không có ngày; năm lấy từ văn bản mới nhất được viện dẫn ({n} ngày {shown})",
            "the document has no date; the year is that of the latest document it cites ({n} of {shown})"
        )));
    }
}

fn rest_fields(
    f: &Facts,
    number: Option<&str>,
    date: Option<PartialDate>,
    site: &SiteFacts,
    fields: &mut Vec<Field>,
) {
    let bases: Vec<Item> = f
        .cites
        .iter()
        .filter(|c| Some(c.number.as_str()) != number)
        .map(|c| {
            let mut kv = vec![("number", Value::Text(c.number.clone()))];
            if let Some(d) = c.date {
                kv.push(("date", Value::Date(d.iso())));
            }
            if let Some(i) = &c.issuer {
                kv.push(("issuer", Value::Text(i.clone())));
            }
            if let Some(t) = &c.title {
                kv.push(("title", Value::Text(t.clone())));
            }
            Item { value: Value::Map(kv), origin: c.origin.clone(), unsure: c.unsure.clone() }
        })
        .collect();
    if !bases.is_empty() {
        let origin = bases[0].origin.clone();
        fields.push(Field::new("bases", Value::List(bases), origin));
    }
    let title = f.frame.title.as_ref().map(|t| t.value.as_str()).unwrap_or("");
    let tf = vi::fold(title).to_lowercase();
    let period = PERIOD
        .captures(title)
        .and_then(|c| Some((c[1].parse::<i32>().ok()?, c[2].parse::<i32>().ok()?)))
        .or_else(|| ONE_YEAR.captures(title).and_then(|c| c[1].parse().ok()).map(|y| (y, y)));
    if tf.contains("vi nguoi ngheo") {
        let implements = f.cites.iter().find(|c| {
            let t = vi::fold(c.title.as_deref().unwrap_or("")).to_lowercase();
            matches!(c.kind.as_str(), "Kế hoạch" | "Quyết định")
                && t.contains("vi nguoi ngheo")
                && period.is_none_or(|(a, z)| t.contains(&format!("{a} - {z}")))
        });
        if let Some(c) = implements {
            fields.push(Field::new("implements", Value::Text(c.number.clone()), c.origin.clone()));
        }
        if let Some((a, z)) = period {
            let id = format!("vi-nguoi-ngheo-{a}-{z}");
            if site.campaigns.contains(&id) {
                let origin =
                    f.frame.title.as_ref().map(|t| t.origin.clone()).unwrap_or(Origin::Inferred);
                fields.push(Field::new("campaign", Value::Text(id), origin));
            }
        }
    }
    if let Some((a, z)) = period {
        let origin = f.frame.title.as_ref().map(|t| t.origin.clone()).unwrap_or(Origin::Inferred);
        fields.push(Field::new(
            "period",
            Value::Map(vec![("from", Value::Int(a.into())), ("to", Value::Int(z.into()))]),
            origin,
        ));
    }
    rule_fields(f, period, date, fields);
}

fn rule_fields(
    f: &Facts,
    period: Option<(i32, i32)>,
    date: Option<PartialDate>,
    fields: &mut Vec<Field>,
) {
    let years = Years { date, to: period.map(|p| p.1) };
    let targets = plan_targets::targets(&f.blocks);
    if !targets.is_empty() {
        let origin = targets[0].origin.clone();
        fields.push(Field::new("targets", Value::List(targets), origin));
    }
    let forms = plan_targets::award_forms(&f.blocks);
    if !forms.is_empty() {
        let origin = forms[0].origin.clone();
        fields.push(Field::new("award_forms", Value::List(forms), origin));
    }
    let (quotas, _notes) = plan_rules::quotas(&f.blocks, years);
    if !quotas.is_empty() {
        let origin = quotas[0].origin.clone();
        fields.push(Field::new("quotas", Value::List(quotas), origin));
    }
    if let Some((n, b)) = plan_rules::leader_share(&f.blocks) {
        fields.push(Field::new("leader_share_max", Value::Int(n), b.origin.clone()));
    }
    let deadlines = plan_rules::deadlines(&f.blocks, years);
    if !deadlines.is_empty() {
        let origin = deadlines[0].origin.clone();
        fields.push(Field::new("milestones", Value::List(deadlines), origin));
    }
}
