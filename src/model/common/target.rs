//! Targets (chỉ tiêu) with the progress reported against them, and milestones: read from a
//! document's `targets:` and `milestones:`; `model::progress` fills the progress.

use std::path::Path;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::read::fields::MapReader;
use crate::read::yaml::Node;
use crate::t;
use crate::vi::{self, PartialDate};

/// A target (chỉ tiêu): a value or a range, a unit, per year or by a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Target {
    /// Stable id within its document (`id:`, default the slug of the label); actuals name it.
    pub(crate) id: String,
    /// What is measured.
    pub(crate) label: String,
    /// Single value.
    pub(crate) value: Option<f64>,
    /// Lower bound of a range.
    pub(crate) min: Option<f64>,
    /// Upper bound of a range.
    pub(crate) max: Option<f64>,
    /// Unit (`hộ`, `%`, `mô hình`).
    pub(crate) unit: String,
    /// `năm` when per year.
    pub(crate) per: Option<String>,
    /// Deadline year or date.
    pub(crate) by: Option<String>,
    /// `increase`, `decrease` or `maintain`.
    pub(crate) direction: Option<String>,
    /// Formatted: `2.000–2.500 hộ/năm`, `1,5–2%/năm`, `100%`.
    pub(crate) display: String,
    /// Free note.
    pub(crate) note: Option<String>,
    /// Actuals reported against it, with status (filled from the targets data files).
    pub(crate) progress: Option<Progress>,
}

impl Target {
    /// Reads one target item.
    pub(crate) fn read(n: &Node, file: &Path, diags: &mut Vec<Diagnostic>) -> Option<Target> {
        let mut r = MapReader::new(n, file, "target", diags)?;
        let id = r.id("id");
        let label = r.req_text("label", "Giảm số hộ nghèo");
        let value = r.number("value");
        let min = r.number("min");
        let max = r.number("max");
        let unit = r.text("unit").unwrap_or_default();
        let per = r.text("per");
        let by = r.text("by");
        let direction =
            r.choice("direction", &["increase", "decrease", "maintain"]).map(str::to_string);
        let note = r.text("note");
        r.finish();
        if value.is_none() && min.is_none() && max.is_none() {
            diags.push(
                Diagnostic::error(
                    "target-value",
                    file,
                    n.pos,
                    t!("chỉ tiêu thiếu giá trị", "target has no value"),
                )
                .with_hint(t!(
                    "thêm `value: 100` hoặc `min: 2000` và `max: 2500`",
                    "add `value: 100` or `min: 2000` and `max: 2500`"
                )),
            );
        }
        let num = |x: f64| vi::format_decimal(x, 2);
        let amount = match (value, min, max) {
            (Some(v), _, _) => num(v),
            (None, Some(a), Some(b)) => format!("{}–{}", num(a), num(b)),
            (None, Some(a), None) => format!("từ {}", num(a)),
            (None, None, Some(b)) => format!("tối đa {}", num(b)),
            _ => String::new(),
        };
        let sep = if unit.is_empty() || unit == "%" { "" } else { " " };
        let mut display = format!("{amount}{sep}{unit}");
        if let Some(p) = &per {
            display.push('/');
            display.push_str(p);
        }
        if let Some(b) = &by {
            display.push_str(&format!(" (đến {b})"));
        }
        let label = label?;
        let id = vi::slugify(id.as_deref().unwrap_or(&label));
        Some(Target {
            id,
            label,
            value,
            min,
            max,
            unit,
            per,
            by,
            direction,
            display,
            note,
            progress: None,
        })
    }
}

/// A milestone or deadline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Milestone {
    /// When (may be partial or recurring text such as "hằng năm trước 15/11").
    pub(crate) when: String,
    /// Parsed date when `when` is a date.
    #[serde(skip)]
    pub(crate) date: Option<PartialDate>,
    /// What happens.
    pub(crate) label: String,
    /// `deadline`, `event` or `report`.
    pub(crate) kind: String,
}

impl Milestone {
    /// Reads one milestone item.
    pub(crate) fn read(n: &Node, file: &Path, diags: &mut Vec<Diagnostic>) -> Option<Milestone> {
        let mut r = MapReader::new(n, file, "milestone", diags)?;
        r.require("date", "2022-10-14");
        let when_node = r.node("date");
        let label = r.req_text("label", "Sơ kết giữa kỳ");
        let kind =
            r.choice("kind", &["deadline", "event", "report"]).unwrap_or("event").to_string();
        r.finish();
        let when = when_node.and_then(Node::as_text).unwrap_or_default();
        let date = PartialDate::parse(&when).ok();
        Some(Milestone {
            when: date.map(|d| d.short_vi()).unwrap_or(when),
            date,
            label: label?,
            kind,
        })
    }
}

/// One reported year of a target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct ProgressRow {
    /// The year.
    pub(crate) year: i32,
    /// The value as reported (an amount, or the indicator's level).
    pub(crate) value: f64,
    /// Formatted with its unit.
    pub(crate) value_display: String,
    /// What is compared with the target (the value, or the fall from the previous level).
    pub(crate) amount: Option<f64>,
    /// Formatted (`giảm 1,8%`, `2.150 hộ`).
    pub(crate) amount_display: Option<String>,
    /// `dat`, `chua-dat`, `vuot`, or empty when it cannot be compared.
    pub(crate) status: &'static str,
    /// `đạt`, `chưa đạt`, `vượt`, or `chưa so sánh được`.
    pub(crate) status_label: &'static str,
    /// Bar: filled width, percent of the bar.
    pub(crate) fill: f64,
    /// Bar: the target's lower mark, percent of the bar.
    pub(crate) lo: Option<f64>,
    /// Bar: the target's upper mark, percent of the bar (same as `lo` for a single value).
    pub(crate) hi: Option<f64>,
    /// The row in words, the text equivalent of the bar.
    pub(crate) text: String,
    /// Free note of the report.
    pub(crate) note: Option<String>,
}

/// The actuals of a target and its status.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Progress {
    /// Reported years, oldest first.
    pub(crate) rows: Vec<ProgressRow>,
    /// Status of the latest comparable year (`dat`, `chua-dat`, `vuot`, or empty).
    pub(crate) status: &'static str,
    /// Its label.
    pub(crate) status_label: &'static str,
    /// One line: `Năm 2024: 2.310 hộ, đạt; đạt chỉ tiêu 3/3 năm`.
    pub(crate) summary: String,
    /// Comparable years meeting the target (đạt or vượt), and comparable years.
    pub(crate) years_met: (usize, usize),
    /// Where the figures come from (`source:` of the data file).
    pub(crate) source: Option<String>,
    /// Lower values are better (a level to stay under).
    pub(crate) lower_is_better: bool,
    /// The data file (for readers who want the origin).
    pub(crate) file: String,
}
