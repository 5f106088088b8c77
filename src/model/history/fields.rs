//! Two versions of a record compared field by field through their serialised form: rows of a
//! list by their identity, values as a reader reads them (dates as written, amounts with dots),
//! each change with its Vietnamese field name and one sentence.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// How one field of a record changed between two versions.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub(crate) struct FieldChange {
    /// `added`, `removed` or `changed`.
    pub(crate) op: &'static str,
    /// The row concerned (`Người được khen: Nguyễn Văn A`), empty for the record itself.
    pub(crate) item: String,
    /// The field's name in Vietnamese (`Đơn vị`).
    pub(crate) field: String,
    /// The value before (none when added or hidden).
    pub(crate) old: Option<String>,
    /// The value after (none when removed or hidden).
    pub(crate) new: Option<String>,
    /// A value was left out because the privacy guard refuses it.
    pub(crate) hidden: bool,
    /// The change in one sentence (`Đơn vị: Xã Y → Xã Z`).
    pub(crate) text: String,
}

impl<'de> Deserialize<'de> for FieldChange {
    /// A change read back from the history's cache (its `op` is one of the three words).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Owned {
            op: String,
            item: String,
            field: String,
            old: Option<String>,
            new: Option<String>,
            hidden: bool,
            text: String,
        }
        let o = Owned::deserialize(d)?;
        let op = ["added", "removed", "changed"]
            .into_iter()
            .find(|x| *x == o.op)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown change `{}`", o.op)))?;
        let Owned { item, field, old, new, hidden, text, .. } = o;
        Ok(FieldChange { op, item, field, old, new, hidden, text })
    }
}

/// Fields left out of a comparison: filled by later model steps, positions, or derived from
/// other fields (a change to them is already told by the field they come from).
const SKIPPED: &[&str] = &[
    "content",
    "url",
    "slug",
    "source",
    "stt",
    "pos",
    "sort_key",
    "kind_label",
    "counts",
    "findings",
    "findings_summary",
    "findings_ok",
    "issuer_now",
    "implemented_by",
    "cited_by",
    "decisions",
    "documents",
    "exemplars",
    "tree",
    "rule_results",
    "rule_totals",
    "targets_with_progress",
    "campaign_link",
    "plan_link",
    "implements_link",
    "launched_by_link",
    "predecessor_link",
    "successor_link",
    "exemplar_url",
    "progress",
    "province_now",
    "by_category",
    "total_receipts",
    "total_disbursements",
    "peak_receipts",
    "peak_month",
    "sort_date",
    "bounds",
    "origin",
    "is_plan",
    "award_form_labels",
    "form_label",
    "date_line",
    "type_name",
    "display",
    "donor",
];

/// Fields whose values are never shown, only that they changed: personal data published only with
/// consent (an old version may predate the consent).
const PRIVATE: &[&str] = &["ethnicity", "photo"];

/// Keys that identify a row in a list, in the order tried.
const IDENTITY: &[&str] = &["id", "receipt_no", "number", "name", "label", "title", "form"];

/// Compares two records' fields; `item` names the row they belong to (empty for the record).
pub(super) fn diff_maps(
    a: &Map<String, Value>,
    b: &Map<String, Value>,
    item: &str,
    out: &mut Vec<FieldChange>,
) {
    let keys: Vec<&String> = b.keys().chain(a.keys().filter(|k| !b.contains_key(*k))).collect();
    for k in keys {
        if SKIPPED.contains(&k.as_str()) {
            continue;
        }
        let (x, y) = (a.get(k).unwrap_or(&Value::Null), b.get(k).unwrap_or(&Value::Null));
        if x == y {
            continue;
        }
        match (x, y) {
            (Value::Array(xs), Value::Array(ys)) if is_rows(xs) || is_rows(ys) => {
                diff_rows(xs, ys, k, out);
            }
            (Value::Array(xs), Value::Array(ys)) => {
                for v in xs.iter().filter(|v| !ys.contains(v)) {
                    out.push(field_change("removed", item, k, Some(show(v)), None));
                }
                for v in ys.iter().filter(|v| !xs.contains(v)) {
                    out.push(field_change("added", item, k, None, Some(show(v))));
                }
            }
            _ if PRIVATE.contains(&k.as_str()) => {
                let mut f = field_change("changed", item, k, None, None);
                f.hidden = true;
                f.text = sentence(&f);
                out.push(f);
            }
            _ => {
                let (old, new) = (shown(x), shown(y));
                if old != new {
                    out.push(field_change("changed", item, k, old, new));
                }
            }
        }
    }
}

/// A list of rows (maps), compared row by row.
fn is_rows(v: &[Value]) -> bool {
    v.first().is_some_and(Value::is_object)
}

/// Compares two lists of rows by each row's identity.
fn diff_rows(xs: &[Value], ys: &[Value], key: &str, out: &mut Vec<FieldChange>) {
    let ident = |v: &Value| -> String {
        IDENTITY
            .iter()
            .find_map(|k| v.get(*k).filter(|x| !x.is_null()).map(show))
            .unwrap_or_else(|| show(v))
    };
    let label = |v: &Value| -> String {
        ["name", "label", "donor_label", "title", "receipt_no", "id"]
            .iter()
            .find_map(|k| v.get(*k).and_then(Value::as_str).map(str::to_string))
            .unwrap_or_else(|| ident(v))
    };
    let old: HashMap<String, &Value> = xs.iter().map(|v| (ident(v), v)).collect();
    let new: HashMap<String, &Value> = ys.iter().map(|v| (ident(v), v)).collect();
    let row_name = field_label(key);
    for x in xs {
        if !new.contains_key(&ident(x)) {
            out.push(field_change("removed", "", key, Some(label(x)), None));
        }
    }
    for y in ys {
        match old.get(&ident(y)) {
            None => out.push(field_change("added", "", key, None, Some(label(y)))),
            Some(x) if *x != y => {
                if let (Some(xm), Some(ym)) = (x.as_object(), y.as_object()) {
                    diff_maps(xm, ym, &format!("{row_name}: {}", label(y)), out);
                }
            }
            Some(_) => {}
        }
    }
}

/// A field change with the field's Vietnamese name.
fn field_change(
    op: &'static str,
    item: &str,
    key: &str,
    old: Option<String>,
    new: Option<String>,
) -> FieldChange {
    let mut f = FieldChange {
        op,
        item: item.to_string(),
        field: field_label(key),
        old,
        new,
        hidden: false,
        text: String::new(),
    };
    f.text = sentence(&f);
    f
}

/// A field change in one sentence.
pub(super) fn sentence(f: &FieldChange) -> String {
    let what =
        if f.item.is_empty() { f.field.clone() } else { format!("{} – {}", f.item, f.field) };
    let v = |x: &Option<String>| x.clone().unwrap_or_else(|| "(trống)".into());
    if f.hidden {
        return match f.op {
            "added" => format!("Thêm {what}: giá trị có dữ liệu cá nhân (không công bố)"),
            "removed" => format!("Gỡ {what} vì là dữ liệu cá nhân (giá trị không công bố)"),
            _ => match &f.new {
                Some(n) => format!(
                    "{what}: gỡ một giá trị vì là dữ liệu cá nhân (không công bố), nay là {n}"
                ),
                None => format!("{what}: đổi thành một giá trị có dữ liệu cá nhân (không công bố)"),
            },
        };
    }
    match f.op {
        "added" => format!("Thêm {what}: {}", v(&f.new)),
        "removed" => format!("Bỏ {what}: {}", v(&f.old)),
        _ => format!("{what}: {} → {}", v(&f.old), v(&f.new)),
    }
}

/// A value as a reader would read it; `None` for nothing.
fn shown(v: &Value) -> Option<String> {
    let s = show(v);
    (!s.is_empty()).then_some(s)
}

/// A value as text: dates as written (`16/9/2022`), amounts as `1.234.567`, places by their
/// display name, lists joined by commas.
fn show(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(true) => "có".into(),
        Value::Bool(false) => "không".into(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => crate::vi::format_int(i),
            None => n.as_f64().map(|f| crate::vi::format_decimal(f, 2)).unwrap_or_default(),
        },
        Value::String(s) => s.clone(),
        Value::Array(xs) => {
            xs.iter().map(show).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")
        }
        Value::Object(m) => ["written", "short", "display", "label", "name", "title"]
            .iter()
            .find_map(|k| m.get(*k).and_then(Value::as_str).map(str::to_string))
            .unwrap_or_else(|| {
                m.iter()
                    .filter(|(k, v)| !v.is_null() && !SKIPPED.contains(&k.as_str()))
                    .map(|(k, v)| format!("{}: {}", field_label(k), show(v)))
                    .collect::<Vec<_>>()
                    .join("; ")
            }),
    }
}

/// The Vietnamese name of a field.
fn field_label(key: &str) -> String {
    let l = match key {
        "title" => "Tiêu đề",
        "description" => "Tóm tắt",
        "date" => "Ngày",
        "number" => "Số, ký hiệu",
        "issuer" => "Cơ quan ban hành",
        "issuer_short" => "Tên ngắn cơ quan",
        "place" => "Địa danh",
        "signer" => "Người ký",
        "form" => "Hình thức khen thưởng",
        "round" => "Đợt",
        "campaign" => "Phong trào",
        "plan" => "Kế hoạch",
        "recipients" => "Người được khen",
        "kind" => "Loại",
        "name" => "Tên",
        "position" => "Chức vụ",
        "unit" => "Đơn vị",
        "locality" => "Địa bàn",
        "leader" => "Lãnh đạo",
        "achievement" | "achievements" => "Thành tích",
        "exemplar" => "Gương điển hình",
        "targets" => "Chỉ tiêu",
        "quotas" => "Số lượng khen thưởng tối đa",
        "collective" => "Tập thể",
        "individual" => "Cá nhân",
        "value" => "Giá trị",
        "min" => "Tối thiểu",
        "max" => "Tối đa",
        "unit_label" => "Đơn vị tính",
        "note" => "Ghi chú",
        "key_figures" => "Số liệu chính",
        "receipts" => "Khoản thu",
        "disbursements" => "Khoản chi",
        "amount" => "Số tiền",
        "opening" => "Số dư đầu kỳ",
        "closing" => "Số dư cuối kỳ",
        "donor" | "donor_label" => "Người ủng hộ",
        "category" => "Nội dung chi",
        "tags" => "Thẻ",
        "categories" => "Chuyên mục",
        "aliases" => "Địa chỉ cũ",
        "status" => "Trạng thái",
        "period" => "Giai đoạn",
        "bases" => "Căn cứ",
        "milestones" => "Mốc thời gian",
        "award_forms" => "Hình thức khen thưởng",
        "leader_share_max" => "Tỷ lệ lãnh đạo tối đa",
        "prerequisites" => "Điều kiện",
        "photo" => "Ảnh",
        "awards" => "Khen thưởng đã nhận",
        "extra" => "Dữ liệu thêm",
        _ => return key.replace('_', " "),
    };
    l.to_string()
}

/// Lines only in `a` (removed) and only in `b` (added), each counted as often as it appears.
pub(super) fn line_diff<'a>(a: &'a str, b: &'a str) -> (Vec<&'a str>, Vec<&'a str>) {
    let count = |s: &'a str| {
        let mut m: HashMap<&str, usize> = HashMap::new();
        for l in s.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()) {
            *m.entry(l).or_default() += 1;
        }
        m
    };
    let (ca, cb) = (count(a), count(b));
    let only = |s: &'a str, mine: &HashMap<&str, usize>, other: &HashMap<&str, usize>| {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        s.lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
            .filter(|l| {
                let n = seen.entry(l).or_default();
                *n += 1;
                *n > other.get(l).copied().unwrap_or(0).min(mine[l])
            })
            .collect::<Vec<&str>>()
    };
    (only(a, &ca, &cb), only(b, &cb, &ca))
}

/// `thêm 2 dòng, bỏ 1 dòng` (or `sửa định dạng` when only blank lines or spacing changed).
pub(super) fn body_summary(added: usize, removed: usize) -> String {
    match (added, removed) {
        (0, 0) => "sửa khoảng trắng, định dạng".into(),
        (a, 0) => format!("thêm {a} dòng"),
        (0, r) => format!("bỏ {r} dòng"),
        (a, r) => format!("thêm {a} dòng, bỏ {r} dòng"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_compared_by_identity() {
        let a = serde_json::json!({"recipients": [
            {"id": "a", "name": "Nguyễn Văn A", "unit": "Xã X"},
            {"id": "b", "name": "Trần Thị B", "unit": "Xã Y"},
        ]});
        let b = serde_json::json!({"recipients": [
            {"id": "b", "name": "Trần Thị B", "unit": "Xã Z"},
            {"id": "c", "name": "Lê Văn C", "unit": "Xã X"},
        ]});
        let mut out = Vec::new();
        diff_maps(a.as_object().unwrap(), b.as_object().unwrap(), "", &mut out);
        let ops: Vec<(&str, &str, Option<&str>, Option<&str>)> = out
            .iter()
            .map(|f| (f.op, f.field.as_str(), f.old.as_deref(), f.new.as_deref()))
            .collect();
        assert_eq!(
            ops,
            vec![
                ("removed", "Người được khen", Some("Nguyễn Văn A"), None),
                ("changed", "Đơn vị", Some("Xã Y"), Some("Xã Z")),
                ("added", "Người được khen", None, Some("Lê Văn C")),
            ]
        );
        assert_eq!(out[1].item, "Người được khen: Trần Thị B");
    }

    #[test]
    fn body_lines_counted_once_each() {
        let (removed, added) = line_diff("a\nb\nb\nc\n", "a\nb\nc\nd\ne\n");
        assert_eq!(removed, vec!["b"]);
        assert_eq!(added, vec!["d", "e"]);
        assert_eq!(body_summary(2, 1), "thêm 2 dòng, bỏ 1 dòng");
    }
}
