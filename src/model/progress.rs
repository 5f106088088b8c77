//! Targets with progress: actuals per year from the targets data files (`chi-tieu/*.yaml`), each year's status (đạt, chưa đạt, vượt), direction-aware.
//!
//! A data file names a document (`plan:`) and, for each of its targets (`target:` = the
//! target's `id`, by default the slug of its label), the values reported per year. How a value
//! is compared depends on the target:
//!
//! - most targets: the value is what was achieved (households lifted out of poverty that year,
//!   the share of poor people with a health card) and more is better: below the target (or the
//!   range's minimum) is *chưa đạt*, inside is *đạt*, above the value (or the maximum) is *vượt*;
//! - `direction: decrease` with `per:` (a rate that must fall 1,5-2 points a year): the value is
//!   the level of the indicator at the end of each year, and the fall from the previous year (or
//!   from `baseline`) is compared with the target;
//! - `direction: decrease` without `per:` (a level to stay under): lower is better.
//!
//! Each row carries the geometry of a progress bar (percentages of the bar's width) and a text
//! equivalent, so the theme can draw an SVG bar without JavaScript and readers of every kind get
//! the same facts.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use crate::diag::{Diagnostic, Pos};
use crate::load::Source;
use crate::model::common::{Link, Progress, ProgressRow, Target};
use crate::model::records::{CampaignTarget, Document};
use crate::model::site::Site;
use crate::read::fields::{MapReader, YEAR_MAX, YEAR_MIN};
use crate::read::yaml::Node;
use crate::t;
use crate::vi;

/// Whether a value meets its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Status {
    /// Đạt: inside the target.
    Dat,
    /// Chưa đạt: short of it.
    ChuaDat,
    /// Vượt: beyond it.
    Vuot,
}

impl Status {
    /// The key used in classes and data (`dat`, `chua-dat`, `vuot`).
    pub(crate) fn key(self) -> &'static str {
        match self {
            Status::Dat => "dat",
            Status::ChuaDat => "chua-dat",
            Status::Vuot => "vuot",
        }
    }

    /// Vietnamese label.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Status::Dat => "đạt",
            Status::ChuaDat => "chưa đạt",
            Status::Vuot => "vượt",
        }
    }
}

const EPS: f64 = 1e-9;

/// The status of `a` against a target (`lo`..`hi`; a single value has both equal).
pub(crate) fn status_of(a: f64, lo: Option<f64>, hi: Option<f64>, lower_is_better: bool) -> Status {
    let (a, lo, hi) =
        if lower_is_better { (-a, hi.map(|x| -x), lo.map(|x| -x)) } else { (a, lo, hi) };
    if lo.is_some_and(|l| a < l - EPS) {
        Status::ChuaDat
    } else if hi.is_some_and(|h| a > h + EPS) {
        Status::Vuot
    } else {
        Status::Dat
    }
}

fn bounds(t: &Target) -> (Option<f64>, Option<f64>) {
    match (t.value, t.min, t.max) {
        (Some(v), _, _) => (Some(v), Some(v)),
        (None, a, b) => (a, b),
    }
}

fn fmt(x: f64, unit: &str) -> String {
    let n = vi::format_decimal(x, 2);
    if unit.is_empty() {
        n
    } else if unit == "%" {
        format!("{n}%")
    } else {
        format!("{n} {unit}")
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Computes the progress of a target from its reported years (`(year, value, note)`, any order)
/// and an optional baseline level.
pub(crate) fn compute(
    t: &Target,
    years: &[(i32, f64, Option<String>)],
    baseline: Option<(i32, f64)>,
    source: Option<String>,
    file: &str,
) -> Progress {
    let decrease = t.direction.as_deref() == Some("decrease");
    let falls = decrease && t.per.is_some();
    let lower_is_better = decrease && !falls;
    let (lo, hi) = bounds(t);
    let mut sorted: Vec<&(i32, f64, Option<String>)> = years.iter().collect();
    sorted.sort_by_key(|r| r.0);
    // What each year is compared on, then one scale for every bar of the target.
    let mut prev = baseline;
    let mut amounts = Vec::new();
    for (year, value, _) in &sorted {
        amounts.push(if falls {
            prev.map(|(_, p)| ((p - value) * 1e6).round() / 1e6)
        } else {
            Some(*value)
        });
        prev = Some((*year, *value));
    }
    let scale = [lo, hi]
        .into_iter()
        .chain(amounts.iter().copied())
        .flatten()
        .map(f64::abs)
        .fold(0.0_f64, f64::max)
        * 1.25;
    let pct = |x: f64| {
        if scale > 0.0 { round1((x / scale * 100.0).clamp(0.0, 100.0)) } else { 0.0 }
    };
    let mut rows = Vec::new();
    for ((year, value, note), amount) in sorted.into_iter().zip(amounts) {
        let status = amount.map(|a| status_of(a, lo, hi, lower_is_better));
        let amount_display = amount.map(|a| {
            if falls {
                if a >= 0.0 {
                    format!("giảm {}", fmt(a, &t.unit))
                } else {
                    format!("tăng {}", fmt(-a, &t.unit))
                }
            } else {
                fmt(a, &t.unit)
            }
        });
        let value_display = fmt(*value, &t.unit);
        let what = match (falls, &amount_display) {
            (true, Some(a)) => format!("{value_display} ({a})"),
            (true, None) => value_display.clone(),
            (false, _) => value_display.clone(),
        };
        let verdict = match status {
            Some(s) => format!("{} (chỉ tiêu {})", s.label(), t.display),
            None => "chưa so sánh được: thiếu số liệu năm trước".to_string(),
        };
        rows.push(ProgressRow {
            year: *year,
            value: *value,
            value_display,
            amount,
            amount_display,
            status: status.map(Status::key).unwrap_or(""),
            status_label: status.map(Status::label).unwrap_or("chưa so sánh được"),
            fill: amount.map(|a| pct(a.max(0.0))).unwrap_or(0.0),
            lo: lo.map(pct),
            hi: hi.map(pct),
            text: format!("Năm {year}: {what}, {verdict}"),
            note: note.clone(),
        });
    }
    let compared: Vec<&ProgressRow> = rows.iter().filter(|r| !r.status.is_empty()).collect();
    let met = compared.iter().filter(|r| r.status != "chua-dat").count();
    let latest = compared.last();
    let mut summary = match latest {
        Some(r) => {
            let what = r.amount_display.clone().unwrap_or_else(|| r.value_display.clone());
            format!("Năm {}: {what}, {}", r.year, r.status_label)
        }
        None => "Chưa có số liệu so sánh được".to_string(),
    };
    if t.per.is_some() && compared.len() > 1 {
        summary.push_str(&format!("; đạt chỉ tiêu {met}/{} năm", compared.len()));
    }
    Progress {
        status: latest.map(|r| r.status).unwrap_or(""),
        status_label: latest.map(|r| r.status_label).unwrap_or(""),
        summary,
        years_met: (met, compared.len()),
        rows,
        source,
        lower_is_better,
        file: file.to_string(),
    }
}

/// A target's actuals as a data file gives them: the target's id, where it is named, the
/// baseline level and the reported years (year, value, note, position).
struct Actuals {
    target: String,
    pos: Pos,
    baseline: Option<(i32, f64)>,
    years: Vec<(i32, f64, Option<String>, Pos)>,
}

/// A targets data file: the plan it reports on, where, the source of its figures, the actuals.
struct DataFile {
    plan: String,
    plan_pos: Pos,
    source: Option<String>,
    items: Vec<Actuals>,
}

/// Reads the targets data files and fills `progress` of the targets they report on, then lists
/// the targets with progress on their campaign's page.
pub(crate) fn apply(site: &mut Site, files: &[&Source], diags: &mut Vec<Diagnostic>) {
    let by_ref = plan_index(&site.documents);
    let mut done: HashSet<(usize, String)> = HashSet::new();
    for src in files {
        let Some(data) = read_file(src, diags) else { continue };
        let Some(j) = find_plan(&by_ref, &data, &src.rel, diags) else { continue };
        let rel = src.rel.to_string_lossy().replace('\\', "/");
        for item in data.items {
            apply_actuals(
                &mut site.documents[j],
                j,
                item,
                &data.source,
                &src.rel,
                &rel,
                &mut done,
                diags,
            );
        }
    }
    campaign_targets(site);
}

/// Documents by number (spaces removed) and by id.
fn plan_index(documents: &[Document]) -> HashMap<String, usize> {
    let mut by_ref: HashMap<String, usize> = HashMap::new();
    for (i, d) in documents.iter().enumerate() {
        if let Some(n) = &d.number
            && n.number.is_some()
        {
            by_ref.entry(n.key.clone()).or_insert(i);
        }
        by_ref.entry(d.id.clone()).or_insert(i);
    }
    by_ref
}

/// One targets data file as written; `None` when it names no plan.
fn read_file(src: &Source, diags: &mut Vec<Diagnostic>) -> Option<DataFile> {
    let front = src.front.as_ref()?;
    let file = &src.rel;
    let mut r = MapReader::new(front, file, "chỉ tiêu / targets data", diags)?;
    let plan_node = r.node("plan");
    let plan = r.req_text("plan", "263/KH-UBND");
    let source = r.text("source");
    let list = r.list("actuals");
    let mut items = Vec::new();
    for n in list {
        if let Some(a) = read_actuals(n, file, r.diags()) {
            items.push(a);
        }
    }
    r.finish();
    Some(DataFile {
        plan: plan?,
        plan_pos: plan_node.map(|x| x.pos).unwrap_or(front.pos),
        source,
        items,
    })
}

/// One item of `actuals:`.
fn read_actuals(n: &Node, file: &Path, diags: &mut Vec<Diagnostic>) -> Option<Actuals> {
    let mut ar = MapReader::new(n, file, "actuals", diags)?;
    let tnode = ar.node("target");
    let target = ar.req_text("target", "giam-ho-ngheo");
    let mut baseline = None;
    if let Some(b) = ar.map("baseline")
        && let Some(mut br) = MapReader::new(b, file, "baseline", ar.diags())
    {
        let y = br.require("year", "2020").then(|| br.int_in("year", YEAR_MIN, YEAR_MAX)).flatten();
        let v = br.req_number("value", "2150");
        br.finish();
        if let (Some(y), Some(v)) = (y, v) {
            baseline = Some((y as i32, v));
        }
    }
    let years = read_years(&mut ar, file);
    ar.finish();
    Some(Actuals { target: target?, pos: tnode.map(|x| x.pos).unwrap_or(n.pos), baseline, years })
}

/// `years:` of an actuals item; a year without `year` or `value` is reported and left out.
fn read_years(ar: &mut MapReader<'_, '_>, file: &Path) -> Vec<(i32, f64, Option<String>, Pos)> {
    let mut years = Vec::new();
    for yn in ar.list("years") {
        let Some(mut yr) = MapReader::new(yn, file, "years", ar.diags()) else { continue };
        let y = yr.int_in("year", YEAR_MIN, YEAR_MAX);
        let v = yr.number("value");
        let note = yr.text("note");
        yr.finish();
        if let (Some(y), Some(v)) = (y, v) {
            years.push((y as i32, v, note, yn.pos));
        } else {
            let missing = if yn.get("year").is_none() { "year" } else { "value" };
            ar.report(
                Diagnostic::error(
                    "missing-key",
                    file,
                    yn.pos_of(missing),
                    t!(
                        "số liệu năm thiếu `year` hoặc `value`",
                        "a reported year has no `year` or `value`"
                    ),
                )
                .with_hint(t!(
                    "viết `{{ year: 2023, value: 2150 }}`",
                    "write `{{ year: 2023, value: 2150 }}`"
                )),
            );
        }
    }
    years
}

/// The document a data file reports on; reported when the site has none.
fn find_plan(
    by_ref: &HashMap<String, usize>,
    data: &DataFile,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let plan = &data.plan;
    let key: String = plan.chars().filter(|c| !c.is_whitespace()).collect();
    let found = by_ref.get(&key).or_else(|| by_ref.get(&vi::slugify(plan))).copied();
    if found.is_none() {
        diags.push(
            Diagnostic::error(
                "dangling-reference",
                file,
                data.plan_pos,
                t!(
                    "kế hoạch `{plan}` không có trong trang",
                    "plan `{plan}` does not exist in the site"
                ),
            )
            .with_hint(t!(
                "ghi số kế hoạch như trên văn bản (`263/KH-UBND`) hoặc `slug` của nó",
                "write the plan's number as on it (`263/KH-UBND`) or its `slug`"
            )),
        );
    }
    found
}

/// Fills the progress of the target of document `doc` (number `j`) that `item` reports on.
#[allow(clippy::too_many_arguments)]
fn apply_actuals(
    doc: &mut Document,
    j: usize,
    item: Actuals,
    source: &Option<String>,
    file: &Path,
    rel: &str,
    done: &mut HashSet<(usize, String)>,
    diags: &mut Vec<Diagnostic>,
) {
    let Actuals { target, pos: tpos, baseline, years } = item;
    let plan_no = doc.reference();
    let tid = vi::slugify(&target);
    let Some(ti) = doc.targets.iter().position(|t| t.id == tid) else {
        let ids = doc.targets.iter().map(|t| t.id.as_str()).collect::<Vec<_>>().join(", ");
        let mut d = Diagnostic::error(
            "unknown-target",
            file,
            tpos,
            t!("{plan_no} không có chỉ tiêu `{target}`", "{plan_no} has no target `{target}`"),
        );
        d = match crate::diag::suggest(&tid, doc.targets.iter().map(|t| t.id.as_str())) {
                Some(s) => d.with_hint(t!(
                    "có phải ý bạn là `{s}`? Mã chỉ tiêu là `id:` của chỉ tiêu, hoặc tên viết không dấu: {ids}",
                    "did you mean `{s}`? A target's id is its `id:`, or its label as a slug: {ids}"
                )),
                None => d.with_hint(t!(
                    "mã chỉ tiêu là `id:` của chỉ tiêu, hoặc tên viết không dấu: {ids}",
                    "a target's id is its `id:`, or its label as a slug: {ids}"
                )),
            };
        diags.push(d);
        return;
    };
    if !done.insert((j, tid.clone())) {
        diags.push(Diagnostic::error(
            "duplicate-actuals",
            file,
            tpos,
            t!(
                "số liệu của chỉ tiêu `{tid}` ({plan_no}) đã khai báo ở chỗ khác",
                "actuals of target `{tid}` ({plan_no}) are given elsewhere too"
            ),
        ));
        return;
    }
    let clean = checked_years(years, doc.period, &plan_no, file, diags);
    let t = &mut doc.targets[ti];
    t.progress = Some(compute(t, &clean, baseline, source.clone(), rel));
    doc.targets_with_progress += 1;
}

/// The reported years without repeats; a year outside the plan's period is reported.
fn checked_years(
    years: Vec<(i32, f64, Option<String>, Pos)>,
    period: Option<(i32, i32)>,
    plan_no: &str,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(i32, f64, Option<String>)> {
    let mut seen: HashMap<i32, u32> = HashMap::new();
    let mut clean = Vec::new();
    for (y, v, note, pos) in years {
        if let Some(line) = seen.insert(y, pos.line) {
            diags.push(Diagnostic::error(
                "duplicate-year",
                file,
                pos,
                t!(
                    "năm {y} đã có số liệu ở dòng {line}",
                    "year {y} is already reported on line {line}"
                ),
            ));
            continue;
        }
        if let Some((from, to)) = period
            && (y < from || y > to)
        {
            diags.push(Diagnostic::warning(
                "actual-outside-period",
                file,
                pos,
                t!(
                    "năm {y} nằm ngoài giai đoạn {from} - {to} của {plan_no}",
                    "year {y} is outside {plan_no}'s period {from}-{to}"
                ),
            ));
        }
        clean.push((y, v, note));
    }
    clean
}

/// Campaign pages list the targets with progress of their documents.
fn campaign_targets(site: &mut Site) {
    let mut per_campaign: Vec<(String, CampaignTarget)> = Vec::new();
    let mut docs: Vec<&Document> = site.documents.iter().collect();
    docs.sort_by(|a, b| a.meta.sort_date.cmp(&b.meta.sort_date).then_with(|| a.id.cmp(&b.id)));
    for d in docs {
        let Some(c) = &d.campaign else { continue };
        for t in d.targets.iter().filter(|t| t.progress.is_some()) {
            per_campaign.push((
                c.clone(),
                CampaignTarget {
                    document: Link {
                        title: d.meta.title.clone(),
                        url: d.meta.url.clone(),
                        note: Some(d.reference()),
                    },
                    target: t.clone(),
                },
            ));
        }
    }
    for (c, ct) in per_campaign {
        if let Some(camp) = site.campaigns.iter_mut().find(|x| x.id == c) {
            camp.targets.push(ct);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(
        value: Option<f64>,
        min: Option<f64>,
        max: Option<f64>,
        per: bool,
        dir: Option<&str>,
    ) -> Target {
        Target {
            id: "x".into(),
            label: "X".into(),
            value,
            min,
            max,
            unit: "%".into(),
            per: per.then(|| "năm".to_string()),
            by: None,
            direction: dir.map(str::to_string),
            display: "d".into(),
            note: None,
            progress: None,
        }
    }

    #[test]
    fn statuses_follow_the_direction() {
        assert_eq!(status_of(1900.0, Some(2000.0), Some(2500.0), false), Status::ChuaDat);
        assert_eq!(status_of(2000.0, Some(2000.0), Some(2500.0), false), Status::Dat);
        assert_eq!(status_of(2600.0, Some(2000.0), Some(2500.0), false), Status::Vuot);
        // A level to stay under 3%: 2,5% is beyond the target, 3,2% short of it.
        assert_eq!(status_of(2.5, Some(3.0), Some(3.0), true), Status::Vuot);
        assert_eq!(status_of(3.2, Some(3.0), Some(3.0), true), Status::ChuaDat);
    }

    #[test]
    fn a_rate_that_must_fall_is_compared_by_its_fall() {
        let t = target(None, Some(1.5), Some(2.0), true, Some("decrease"));
        let p = compute(
            &t,
            &[(2023, 6.0, None), (2022, 7.2, None), (2024, 5.0, None)],
            Some((2021, 9.0)),
            None,
            "f",
        );
        let s: Vec<&str> = p.rows.iter().map(|r| r.status).collect();
        // 9 -> 7,2 = 1,8 (đạt); 7,2 -> 6 = 1,2 (chưa đạt); 6 -> 5 = 1 (chưa đạt).
        assert_eq!(s, ["dat", "chua-dat", "chua-dat"]);
        assert_eq!(p.rows[0].amount_display.as_deref(), Some("giảm 1,8%"));
        assert_eq!(p.years_met, (1, 3));
        // Without a baseline the first year cannot be compared.
        let p = compute(&t, &[(2022, 7.2, None), (2023, 5.0, None)], None, None, "f");
        assert_eq!(p.rows[0].status, "");
        assert_eq!(p.rows[1].status, "vuot");
    }
}
