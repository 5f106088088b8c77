//! Open data: every dataset (documents, exemplars, award decisions, awards with their recipients,
//! targets) as CSV and JSON at stable paths under `/du-lieu/`, a manifest with the SHA-256 of
//! each file, and the field descriptions the `/du-lieu/` page shows.
//!
//! Field names follow 360Giving where they fit (`id`, `title`, `awardDate`, `recipient…`). One
//! table of fields drives the CSV header, the JSON keys and the description page, so the three
//! cannot disagree. The files are a pure function of the model: records are in the model's
//! (sorted) order, keys in the table's order, no timestamps, so rebuilds are byte-identical.
//!
//! CSV: UTF-8 without BOM, comma-separated, RFC 4180 quoting, CRLF line ends, one header row;
//! lists inside a cell are joined with `; `; empty cell = no value. JSON: an object
//! `{"dataset", "count", "fields", "records"}`, records with every field (`null` = no value).

mod fund;

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::model::Site;

/// The site path of the open data page and files.
pub const ROOT: &str = "/du-lieu/";

/// One field of a dataset.
#[derive(Clone, Debug, Serialize)]
pub struct Field {
    /// Name (CSV header, JSON key).
    pub name: &'static str,
    /// `string`, `integer`, `number`, `boolean`, `date` (ISO 8601, may be `2022` or `2022-09`),
    /// `list` (`; ` in CSV, an array in JSON).
    pub kind: &'static str,
    /// What it means, in Vietnamese.
    pub description: &'static str,
}

/// A dataset's description.
#[derive(Clone, Debug, Serialize)]
pub struct Dataset {
    /// File stem (`awards`).
    pub name: &'static str,
    /// Vietnamese title.
    pub title: &'static str,
    /// What one record is.
    pub description: &'static str,
    /// Fields in order.
    pub fields: Vec<Field>,
    /// Number of records.
    pub count: usize,
    /// `du-lieu/awards.csv`, with its hash and size.
    pub files: Vec<FileEntry>,
}

/// A file in the manifest.
#[derive(Clone, Debug, Serialize)]
pub struct FileEntry {
    /// Path relative to the output root (`du-lieu/awards.csv`).
    pub path: String,
    /// Site path (`/du-lieu/awards.csv`).
    pub url: String,
    /// Format: `csv` or `json`.
    pub format: &'static str,
    /// Lower-case hexadecimal SHA-256 of the bytes.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: usize,
}

/// Everything the open data stage makes: the files to write and the page's data.
#[derive(Debug, Default)]
pub struct OpenData {
    /// Datasets with their files' hashes.
    pub datasets: Vec<Dataset>,
    /// (output path, bytes), the manifest last.
    pub files: Vec<(String, Vec<u8>)>,
}

macro_rules! f {
    ($n:literal, $k:literal, $d:literal) => {
        Field { name: $n, kind: $k, description: $d }
    };
}

/// A dataset's description around its rows (`count` is the number of rows).
pub(crate) fn dataset(
    name: &'static str,
    title: &'static str,
    description: &'static str,
    fields: Vec<Field>,
    rows: Vec<Vec<Value>>,
) -> (Dataset, Vec<Vec<Value>>) {
    (Dataset { name, title, description, fields, count: rows.len(), files: Vec::new() }, rows)
}

/// An optional text, `null` when absent.
pub(crate) fn s(v: &Option<String>) -> Value {
    v.as_ref().map(|x| Value::String(x.clone())).unwrap_or(Value::Null)
}

/// A text, `null` when empty.
pub(crate) fn st(v: &str) -> Value {
    if v.is_empty() { Value::Null } else { Value::String(v.to_string()) }
}

fn num(v: Option<f64>) -> Value {
    v.and_then(serde_json::Number::from_f64).map(Value::Number).unwrap_or(Value::Null)
}

fn list(v: impl IntoIterator<Item = String>) -> Value {
    Value::Array(v.into_iter().map(Value::String).collect())
}

/// The datasets of a site, in a fixed order, as (description, records).
fn datasets(site: &Site) -> Vec<(Dataset, Vec<Vec<Value>>)> {
    let abs = |u: &str| Value::String(site.config.absolute(u));
    let date = |d: &Option<crate::model::DateView>| {
        d.as_ref().map(|x| Value::String(x.iso.clone())).unwrap_or(Value::Null)
    };
    let mut out = Vec::new();

    // Documents.
    let fields = vec![
        f!("id", "string", "Mã cố định của văn bản (phần cuối địa chỉ trang)."),
        f!("url", "string", "Địa chỉ trang của văn bản."),
        f!("number", "string", "Số và ký hiệu như ghi trên văn bản; trống khi văn bản chưa ghi."),
        f!("type", "string", "Mã loại văn bản theo Nghị định 30/2020 (phân biệt HD và HĐ)."),
        f!("typeName", "string", "Tên loại văn bản (Kế hoạch, Quyết định, ...)."),
        f!("title", "string", "Trích yếu."),
        f!("issuer", "string", "Cơ quan ban hành, như lúc ban hành."),
        f!("issuerNow", "string", "Tên hiện nay của cơ quan sau sắp xếp năm 2025, nếu có."),
        f!("date", "date", "Ngày ban hành (có thể chỉ có năm hoặc tháng)."),
        f!("place", "string", "Địa danh."),
        f!("implements", "string", "Mã văn bản cấp trên mà văn bản này thực hiện."),
        f!("bases", "list", "Số, ký hiệu các văn bản làm căn cứ."),
        f!("campaign", "string", "Mã phong trào."),
        f!("periodFrom", "integer", "Năm đầu giai đoạn."),
        f!("periodTo", "integer", "Năm cuối giai đoạn."),
        f!("decisionCount", "integer", "Số quyết định khen thưởng theo văn bản này."),
        f!(
            "decisionsMeetingRules",
            "integer",
            "Số quyết định trong đó đúng mọi quy định của văn bản."
        ),
    ];
    let url_id: std::collections::HashMap<&str, &str> =
        site.documents.iter().map(|d| (d.meta.url.as_str(), d.id.as_str())).collect();
    let rows = site
        .documents
        .iter()
        .map(|d| {
            vec![
                st(&d.id),
                abs(&d.meta.url),
                d.number.as_ref().map(|n| Value::String(n.written.clone())).unwrap_or(Value::Null),
                s(&d.type_code),
                st(&d.type_name),
                st(&d.meta.title),
                st(&d.issuer),
                s(&d.issuer_now),
                date(&d.meta.date),
                s(&d.place),
                d.implements_link
                    .as_ref()
                    .and_then(|l| url_id.get(l.url.as_str()))
                    .map(|x| Value::String(x.to_string()))
                    .unwrap_or_else(|| s(&d.implements)),
                list(d.bases.iter().map(|b| b.number.clone())),
                s(&d.campaign),
                d.period.map(|p| Value::from(p.0)).unwrap_or(Value::Null),
                d.period.map(|p| Value::from(p.1)).unwrap_or(Value::Null),
                Value::from(d.decisions.len()),
                d.rule_totals.map(|t| Value::from(t.1)).unwrap_or(Value::Null),
            ]
        })
        .collect();
    out.push(dataset(
        "documents",
        "Văn bản",
        "Mỗi dòng là một văn bản: kế hoạch, quyết định, hướng dẫn, ...",
        fields,
        rows,
    ));

    // Decisions.
    let fields = vec![
        f!("id", "string", "Mã cố định của quyết định."),
        f!("url", "string", "Địa chỉ trang của quyết định."),
        f!("number", "string", "Số và ký hiệu."),
        f!("title", "string", "Trích yếu."),
        f!("awardingOrganization", "string", "Cơ quan ban hành quyết định, như lúc ban hành."),
        f!("awardDate", "date", "Ngày ký quyết định."),
        f!("form", "string", "Mã hình thức khen thưởng (BKTINH, BKTTG, ...)."),
        f!("formLabel", "string", "Tên hình thức khen thưởng."),
        f!("round", "string", "Mã đợt (so-ket-2023, tong-ket-2025, hang-nam-2024, dot-xuat)."),
        f!("campaign", "string", "Mã phong trào."),
        f!("plan", "string", "Mã kế hoạch có quy định áp dụng cho quyết định."),
        f!("recipientCount", "integer", "Số người, tập thể được khen."),
        f!(
            "meetsPlanRules",
            "boolean",
            "Đúng mọi quy định của kế hoạch (trống khi không có quy định nào áp dụng)."
        ),
        f!("findings", "string", "Kết quả đối chiếu với kế hoạch, như ghi trên trang."),
    ];
    let rows = site
        .decisions
        .iter()
        .map(|d| {
            vec![
                st(&d.id),
                abs(&d.meta.url),
                d.number.as_ref().map(|n| Value::String(n.written.clone())).unwrap_or(Value::Null),
                st(&d.meta.title),
                st(&d.issuer),
                date(&d.meta.date),
                st(&d.form),
                st(&d.form_label),
                d.round.as_ref().map(|r| Value::String(r.id.clone())).unwrap_or(Value::Null),
                s(&d.campaign),
                d.plan_link
                    .as_ref()
                    .and_then(|l| url_id.get(l.url.as_str()))
                    .map(|x| Value::String(x.to_string()))
                    .unwrap_or(Value::Null),
                Value::from(d.recipients.len()),
                d.findings_ok.map(Value::Bool).unwrap_or(Value::Null),
                s(&d.findings_summary),
            ]
        })
        .collect();
    out.push(dataset(
        "decisions",
        "Quyết định khen thưởng",
        "Mỗi dòng là một quyết định khen thưởng.",
        fields,
        rows,
    ));

    // Awards: one row per recipient of a decision.
    let fields = vec![
        f!("id", "string", "Mã của lần khen: mã quyết định, dấu #, mã người nhận."),
        f!("url", "string", "Địa chỉ dòng của người nhận trong trang quyết định."),
        f!("title", "string", "Tên hình thức khen thưởng."),
        f!("awardDate", "date", "Ngày ký quyết định."),
        f!("decision", "string", "Mã quyết định."),
        f!("decisionNumber", "string", "Số và ký hiệu của quyết định."),
        f!("awardingOrganization", "string", "Cơ quan ban hành quyết định."),
        f!("form", "string", "Mã hình thức khen thưởng."),
        f!("round", "string", "Mã đợt khen thưởng."),
        f!("stt", "integer", "Số thứ tự trong phụ lục của quyết định."),
        f!(
            "recipientId",
            "string",
            "Mã cố định của người, tập thể được khen (giống nhau ở mọi quyết định)."
        ),
        f!("recipientName", "string", "Tên người, tập thể được khen."),
        f!(
            "recipientKind",
            "string",
            "individual, collective, household, enterprise hoặc cooperative."
        ),
        f!("recipientPosition", "string", "Chức vụ."),
        f!("recipientUnit", "string", "Đơn vị."),
        f!("recipientHamlet", "string", "Thôn, ấp."),
        f!("recipientCommune", "string", "Xã, phường."),
        f!("recipientDistrict", "string", "Huyện (trước ngày 01/7/2025)."),
        f!("recipientProvince", "string", "Tỉnh, như lúc ký quyết định."),
        f!("leader", "boolean", "Giữ chức vụ từ phó trưởng phòng trở lên."),
        f!("achievement", "string", "Thành tích."),
        f!("exemplar", "string", "Mã gương điển hình, nếu có trang riêng."),
    ];
    let mut rows = Vec::new();
    for d in &site.decisions {
        for r in &d.recipients {
            rows.push(vec![
                Value::String(format!("{}#{}", d.id, r.id)),
                abs(&format!("{}#{}", d.meta.url, r.id)),
                st(&d.form_label),
                date(&d.meta.date),
                st(&d.id),
                d.number.as_ref().map(|n| Value::String(n.written.clone())).unwrap_or(Value::Null),
                st(&d.issuer),
                st(&d.form),
                d.round.as_ref().map(|x| Value::String(x.id.clone())).unwrap_or(Value::Null),
                Value::from(r.stt),
                st(&r.id),
                st(&r.name),
                st(r.kind.key()),
                s(&r.position),
                s(&r.unit),
                s(&r.locality.hamlet),
                s(&r.locality.commune),
                s(&r.locality.district),
                s(&r.locality.province),
                Value::Bool(r.leader),
                s(&r.achievement),
                s(&r.exemplar),
            ]);
        }
    }
    out.push(dataset(
        "awards",
        "Người, tập thể được khen",
        "Mỗi dòng là một người, tập thể trong danh sách của một quyết định khen thưởng.",
        fields,
        rows,
    ));

    // Exemplars.
    let fields = vec![
        f!("id", "string", "Mã cố định (giống `recipientId` trong awards)."),
        f!("url", "string", "Địa chỉ trang."),
        f!("name", "string", "Tên."),
        f!("kind", "string", "individual, collective, household, enterprise hoặc cooperative."),
        f!("position", "string", "Chức vụ."),
        f!("unit", "string", "Đơn vị."),
        f!("hamlet", "string", "Thôn, ấp."),
        f!("commune", "string", "Xã, phường."),
        f!("district", "string", "Huyện."),
        f!("province", "string", "Tỉnh."),
        f!("campaign", "string", "Mã phong trào."),
        f!("achievements", "list", "Thành tích."),
        f!("awardCount", "integer", "Số lần được khen trong các quyết định trên trang."),
    ];
    let rows = site
        .exemplars
        .iter()
        .map(|e| {
            vec![
                st(&e.id),
                abs(&e.meta.url),
                st(&e.name),
                st(e.kind.key()),
                s(&e.position),
                s(&e.unit),
                s(&e.locality.hamlet),
                s(&e.locality.commune),
                s(&e.locality.district),
                s(&e.locality.province),
                s(&e.campaign),
                list(e.achievements.iter().cloned()),
                Value::from(e.awards.len()),
            ]
        })
        .collect();
    out.push(dataset(
        "exemplars",
        "Gương điển hình",
        "Mỗi dòng là một gương điển hình tiên tiến.",
        fields,
        rows,
    ));

    // Targets.
    let fields = vec![
        f!("id", "string", "Mã chỉ tiêu: mã văn bản, dấu #, số thứ tự."),
        f!("document", "string", "Mã văn bản đặt chỉ tiêu."),
        f!("documentNumber", "string", "Số và ký hiệu của văn bản."),
        f!("label", "string", "Nội dung chỉ tiêu."),
        f!("value", "number", "Mức (một giá trị)."),
        f!("min", "number", "Mức thấp nhất của khoảng."),
        f!("max", "number", "Mức cao nhất của khoảng."),
        f!("unit", "string", "Đơn vị (hộ, %, mô hình, ...)."),
        f!("per", "string", "Tính theo (năm, huyện, ...)."),
        f!("by", "string", "Thời hạn."),
        f!("direction", "string", "increase, decrease hoặc maintain (giảm: như tỷ lệ hộ nghèo)."),
        f!("display", "string", "Mức như ghi trên trang (2.000–2.500 hộ/năm)."),
        f!(
            "targetId",
            "string",
            "Mã của chỉ tiêu trong văn bản (`id`), dùng trong tệp số liệu chi-tieu/."
        ),
        f!(
            "actuals",
            "string",
            "Số liệu từng năm như đã báo cáo: năm=giá trị, cách nhau bởi `; ` (chỉ tiêu giảm: mức của chỉ số cuối năm)."
        ),
        f!("latestYear", "number", "Năm gần nhất so sánh được với chỉ tiêu."),
        f!(
            "latestAmount",
            "number",
            "Giá trị so với chỉ tiêu năm đó (chỉ tiêu giảm hằng năm: mức giảm so với năm trước)."
        ),
        f!(
            "status",
            "string",
            "Tình trạng năm gần nhất: dat (đạt), chua-dat (chưa đạt), vuot (vượt); trống khi chưa có số liệu."
        ),
        f!("yearsMet", "number", "Số năm đạt hoặc vượt chỉ tiêu."),
        f!("yearsCompared", "number", "Số năm so sánh được."),
    ];
    let mut rows = Vec::new();
    for d in &site.documents {
        for (i, t) in d.targets.iter().enumerate() {
            let latest =
                t.progress.as_ref().and_then(|p| p.rows.iter().rfind(|r| !r.status.is_empty()));
            rows.push(vec![
                Value::String(format!("{}#{}", d.id, i + 1)),
                st(&d.id),
                d.number.as_ref().map(|n| Value::String(n.written.clone())).unwrap_or(Value::Null),
                st(&t.label),
                num(t.value),
                num(t.min),
                num(t.max),
                st(&t.unit),
                s(&t.per),
                s(&t.by),
                s(&t.direction),
                st(&t.display),
                st(&t.id),
                t.progress
                    .as_ref()
                    .map(|p| {
                        st(&p
                            .rows
                            .iter()
                            .map(|r| format!("{}={}", r.year, r.value))
                            .collect::<Vec<_>>()
                            .join("; "))
                    })
                    .unwrap_or(Value::Null),
                latest.map(|r| Value::from(r.year)).unwrap_or(Value::Null),
                num(latest.and_then(|r| r.amount)),
                latest.map(|r| st(r.status)).unwrap_or(Value::Null),
                t.progress.as_ref().map(|p| Value::from(p.years_met.0)).unwrap_or(Value::Null),
                t.progress.as_ref().map(|p| Value::from(p.years_met.1)).unwrap_or(Value::Null),
            ]);
        }
    }
    out.push(dataset(
        "targets",
        "Chỉ tiêu",
        "Mỗi dòng là một chỉ tiêu của một kế hoạch.",
        fields,
        rows,
    ));

    // Award forms: the ranked vocabulary the checks use.
    let fields = vec![
        f!(
            "id",
            "string",
            "Mã hình thức khen thưởng (BKTINH, GKXA, ...), dùng trong các tệp khen-thuong/."
        ),
        f!("label", "string", "Tên hình thức khen thưởng."),
        f!("rank", "number", "Thứ bậc, 1 là cao nhất."),
        f!("authority", "string", "Người có thẩm quyền quyết định."),
        f!(
            "allowedKinds",
            "array",
            "Loại người nhận được tặng: individual, collective, household, enterprise, cooperative."
        ),
        f!(
            "custom",
            "boolean",
            "Trang thêm hoặc sửa trong site.yaml (award_forms), không có sẵn trong minhbach."
        ),
    ];
    let rows: Vec<Vec<Value>> = site
        .config
        .award_forms
        .forms
        .iter()
        .map(|f| {
            vec![
                st(&f.code),
                st(&f.label),
                Value::from(f.rank),
                st(&f.authority),
                list(f.allowed.iter().map(|k| k.key().to_string())),
                Value::Bool(f.custom),
            ]
        })
        .collect();
    out.push(dataset("awardForms", "Hình thức khen thưởng", "Mỗi dòng là một hình thức khen thưởng, theo thứ bậc từ cao xuống thấp, với loại người nhận được tặng.", fields, rows));
    out.extend(fund::datasets(site));
    out
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) => a.iter().map(cell).collect::<Vec<_>>().join("; "),
        Value::Object(_) => v.to_string(),
    }
}

fn to_csv(fields: &[Field], rows: &[Vec<Value>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(fields.iter().map(|f| f.name));
    for r in rows {
        let _ = w.write_record(r.iter().map(cell));
    }
    w.into_inner().unwrap_or_default()
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn to_json(d: &Dataset, rows: &[Vec<Value>]) -> Vec<u8> {
    // Written by hand so keys keep the table's order whatever serde_json's map type is.
    let mut o = String::from("{\n");
    o.push_str(&format!("  \"dataset\": {},\n", json_str(d.name)));
    o.push_str(&format!("  \"title\": {},\n", json_str(d.title)));
    o.push_str(&format!("  \"count\": {},\n", rows.len()));
    o.push_str("  \"fields\": [");
    for (i, f) in d.fields.iter().enumerate() {
        if i > 0 {
            o.push_str(", ");
        }
        o.push_str(&json_str(f.name));
    }
    o.push_str("],\n  \"records\": [");
    for (i, r) in rows.iter().enumerate() {
        o.push_str(if i == 0 { "\n    {" } else { ",\n    {" });
        for (k, (f, v)) in d.fields.iter().zip(r).enumerate() {
            if k > 0 {
                o.push_str(", ");
            }
            o.push_str(&json_str(f.name));
            o.push_str(": ");
            o.push_str(&serde_json::to_string(v).unwrap_or_else(|_| "null".into()));
        }
        o.push('}');
    }
    o.push_str(if rows.is_empty() { "]\n}\n" } else { "\n  ]\n}\n" });
    o.into_bytes()
}

fn sha256_hex(b: &[u8]) -> String {
    Sha256::digest(b).iter().map(|x| format!("{x:02x}")).collect()
}

/// Builds every open data file and the manifest (`du-lieu/manifest.json`).
pub fn build(site: &Site) -> OpenData {
    let root = ROOT.trim_start_matches('/');
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut out = Vec::new();
    for (mut d, rows) in datasets(site) {
        for (format, bytes) in [("csv", to_csv(&d.fields, &rows)), ("json", to_json(&d, &rows))] {
            let path = format!("{root}{}.{format}", d.name);
            d.files.push(FileEntry {
                url: format!("/{path}"),
                path: path.clone(),
                format,
                sha256: sha256_hex(&bytes),
                bytes: bytes.len(),
            });
            files.push((path, bytes));
        }
        out.push(d);
    }
    let mut m = String::from("{\n  \"files\": [");
    let mut entries: Vec<&FileEntry> = out.iter().flat_map(|d| &d.files).collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    for (i, e) in entries.iter().enumerate() {
        m.push_str(if i == 0 { "\n    " } else { ",\n    " });
        m.push_str(&format!(
            "{{\"path\": {}, \"url\": {}, \"sha256\": {}, \"bytes\": {}}}",
            json_str(&e.path),
            json_str(&site.config.absolute(&e.url)),
            json_str(&e.sha256),
            e.bytes
        ));
    }
    m.push_str("\n  ],\n  \"datasets\": [");
    for (i, d) in out.iter().enumerate() {
        m.push_str(if i == 0 { "\n    " } else { ",\n    " });
        m.push_str(&format!(
            "{{\"name\": {}, \"title\": {}, \"description\": {}, \"count\": {}, \"fields\": [",
            json_str(d.name),
            json_str(d.title),
            json_str(d.description),
            d.count
        ));
        for (k, f) in d.fields.iter().enumerate() {
            if k > 0 {
                m.push_str(", ");
            }
            m.push_str(&format!(
                "{{\"name\": {}, \"type\": {}, \"description\": {}}}",
                json_str(f.name),
                json_str(f.kind),
                json_str(f.description)
            ));
        }
        m.push_str("]}");
    }
    m.push_str("\n  ]\n}\n");
    files.push((format!("{root}manifest.json"), m.into_bytes()));
    OpenData { datasets: out, files }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_joins_lists() {
        let fields = vec![f!("a", "string", ""), f!("b", "list", "")];
        let rows = vec![vec![
            Value::String("x, \"y\"".into()),
            Value::Array(vec![Value::String("1".into()), Value::String("2".into())]),
        ]];
        assert_eq!(to_csv(&fields, &rows), b"a,b\r\n\"x, \"\"y\"\"\",1; 2\r\n");
    }

    #[test]
    fn sha256_of_empty_input() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}

/// One award in a recipient's history.
#[derive(Clone, Debug, Serialize)]
pub struct RecipientAward {
    /// Award form code.
    pub form: String,
    /// Award form name.
    pub form_label: String,
    /// Rank of the form (1 = highest), for ordering facets.
    pub rank: u8,
    /// Year of the decision.
    pub year: Option<i32>,
    /// Round label.
    pub round: Option<String>,
    /// Decision number.
    pub number: String,
    /// Decision date (`16/9/2022`).
    pub date: Option<String>,
    /// The row on the decision page.
    pub url: String,
}

/// A recipient (by stable id) with every award the site records.
#[derive(Clone, Debug, Serialize)]
pub struct RecipientEntry {
    /// Stable id.
    pub id: String,
    /// Name (as in the latest decision).
    pub name: String,
    /// Kind key.
    pub kind: &'static str,
    /// Kind label.
    pub kind_label: &'static str,
    /// Place.
    pub locality: String,
    /// Province as written (facet).
    pub province: String,
    /// Exemplar page, if any.
    pub exemplar_url: Option<String>,
    /// Awards, oldest first.
    pub awards: Vec<RecipientAward>,
}

/// Every recipient of every decision, grouped by id and sorted the Vietnamese way (people by
/// given name, others by name).
pub fn recipients(site: &Site) -> Vec<RecipientEntry> {
    use std::collections::HashMap;
    let mut idx: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<RecipientEntry> = Vec::new();
    // Oldest decision first so the awards are in date order and the latest name wins.
    let mut decisions: Vec<&crate::model::Decision> = site.decisions.iter().collect();
    decisions.sort_by(|a, b| a.meta.sort_date.cmp(&b.meta.sort_date).then_with(|| a.id.cmp(&b.id)));
    for d in decisions {
        for r in &d.recipients {
            let i = *idx.entry(r.id.as_str()).or_insert_with(|| {
                out.push(RecipientEntry {
                    id: r.id.clone(),
                    name: String::new(),
                    kind: r.kind.key(),
                    kind_label: r.kind.label(),
                    locality: String::new(),
                    province: String::new(),
                    exemplar_url: None,
                    awards: Vec::new(),
                });
                out.len() - 1
            });
            let e = &mut out[i];
            e.name = r.name.clone();
            e.kind = r.kind.key();
            e.kind_label = r.kind.label();
            e.locality = r.locality.display.clone();
            e.province = r.locality.province.clone().unwrap_or_default();
            if r.exemplar_url.is_some() {
                e.exemplar_url = r.exemplar_url.clone();
            }
            e.awards.push(RecipientAward {
                form: d.form.clone(),
                form_label: d.form_label.clone(),
                rank: site.config.award_forms.get(&d.form).map(|f| f.rank).unwrap_or(99),
                year: d.meta.sort_date.map(|x| x.year),
                round: d.round.as_ref().map(|x| x.label.clone()),
                number: d.number.as_ref().map(|n| n.display()).unwrap_or_default(),
                date: d.meta.date.as_ref().map(|x| x.short.clone()),
                url: format!("{}#{}", d.meta.url, r.id),
            });
        }
    }
    let mut keyed: Vec<(crate::vi::SortKey, RecipientEntry)> = out
        .into_iter()
        .map(|e| {
            let k = if e.kind == "individual" {
                crate::vi::name_sort_key(&e.name)
            } else {
                crate::vi::sort_key(&e.name)
            };
            (k, e)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    keyed.into_iter().map(|(_, e)| e).collect()
}

/// A facet value of the recipients index.
#[derive(Clone, Debug, Serialize)]
pub struct FacetValue {
    /// Label.
    pub label: String,
    /// Page.
    pub url: String,
    /// Recipients with it.
    pub count: usize,
}

/// A facet (award form, year, province, kind) of the recipients index.
#[derive(Clone, Debug, Serialize)]
pub struct Facet {
    /// `Hình thức`, `Năm`, `Địa bàn`, `Loại`.
    pub title: &'static str,
    /// Values in display order.
    pub values: Vec<FacetValue>,
}

/// A page of the recipients index: (url, title, indexes into the recipient list).
pub type IndexPage = (String, String, Vec<usize>);

/// Values of a recipient under a facet: (sort key, label, URL segment).
type Values = Vec<(String, String, String)>;

/// Gets the values of a facet from a recipient.
type FacetFn<'a> = &'a dyn Fn(&RecipientEntry) -> Values;

/// The site path of the recipients index.
pub const RECIPIENTS_ROOT: &str = "/nguoi-duoc-khen/";

/// The recipients index pages: (url, title, recipient indexes), the whole list first, then one
/// page per facet value; and the facets for navigation.
pub fn recipient_pages(list: &[RecipientEntry]) -> (Vec<IndexPage>, Vec<Facet>) {
    use std::collections::BTreeMap;
    let root = RECIPIENTS_ROOT;
    let mut pages = vec![(
        root.to_string(),
        "Người, tập thể được khen thưởng".to_string(),
        (0..list.len()).collect(),
    )];
    let mut facets = Vec::new();
    let forms = |e: &RecipientEntry| -> Values {
        e.awards
            .iter()
            .map(|a| {
                let rank = a.rank;
                (format!("{rank:03}{}", a.form), a.form_label.clone(), crate::vi::slugify(&a.form))
            })
            .collect()
    };
    let years = |e: &RecipientEntry| -> Values {
        e.awards
            .iter()
            .filter_map(|a| a.year)
            .map(|y| (format!("{y}"), format!("Năm {y}"), y.to_string()))
            .collect()
    };
    let provinces = |e: &RecipientEntry| -> Values {
        let p = if e.province.is_empty() {
            "Không ghi tỉnh".to_string()
        } else {
            e.province.clone()
        };
        vec![(crate::vi::fold(&p), p.clone(), crate::vi::slugify(&p))]
    };
    let kinds = |e: &RecipientEntry| -> Values {
        vec![(e.kind.to_string(), e.kind_label.to_string(), crate::vi::slugify(e.kind_label))]
    };
    let specs: [(&'static str, &str, FacetFn<'_>); 4] = [
        ("Hình thức", "hinh-thuc", &forms),
        ("Năm", "nam", &years),
        ("Địa bàn", "dia-ban", &provinces),
        ("Loại", "loai", &kinds),
    ];
    for (title, seg, get) in specs {
        let mut groups: BTreeMap<String, (String, String, Vec<usize>)> = BTreeMap::new();
        for (i, e) in list.iter().enumerate() {
            let mut vals = get(e);
            vals.sort();
            vals.dedup();
            for (key, label, slug) in vals {
                groups.entry(key).or_insert_with(|| (label, slug, Vec::new())).2.push(i);
            }
        }
        let mut values = Vec::new();
        for (_, (label, slug, members)) in groups {
            let url = format!("{root}{seg}/{slug}/");
            values.push(FacetValue {
                label: label.clone(),
                url: url.clone(),
                count: members.len(),
            });
            pages.push((url, format!("{title}: {label}"), members));
        }
        if title == "Địa bàn" {
            values.sort_by(|a, b| crate::vi::cmp_vi(&a.label, &b.label));
        }
        facets.push(Facet { title, values });
    }
    (pages, facets)
}
