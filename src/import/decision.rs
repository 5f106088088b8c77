//! Recognising an award decision and its list of recipients: a table in Word or Excel (a header
//! row naming the columns, section rows "I. Tập thể", "II. Cá nhân", "III. Hộ gia đình"), or a
//! numbered list in the text under such sections.
//!
//! The list may also be a file of its own (a sheet, a Word table, a CSV) given after the decision
//! on the command line ([`looks_like_list`]); its rows follow the decision's own, and a list that
//! names another decision (`Kèm theo Quyết định số …`) is refused.
//!
//! The "Nơi nhận" list is never read as recipients: it is a list of `-` items, and the table or
//! numbered list must follow a "DANH SÁCH" heading or have a name column. The kind of a row comes
//! from its section, else from its name: a name that starts with a unit word (`Ủy ban`, `Phòng`,
//! `Hội`, `phường`, …) is a collective, so `phường Nguyễn Thị Minh Khai` stays a unit.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::body::squash;
use super::document::SiteFacts;
use super::draft::{Draft, Field, ImportKind, Item, Value};
use super::formats::{Cell, Origin, Source, Table};
use super::plan::{self, looks_like_name};
use crate::diag::{Diagnostic, Pos, Text};
use crate::t;
use crate::vi;

/// Whether the source looks like a decision: its type line says QUYẾT ĐỊNH.
pub(crate) fn looks_like_decision(s: &Source) -> bool {
    s.lines.iter().take(40).any(|l| plan::type_of_line(&l.text).is_some_and(|t| t.0 == "QĐ"))
}

/// Whether the source is a list of recipients on its own (a sheet or a Word table with a name
/// column, and no document of its own: no type line such as QUYẾT ĐỊNH or KẾ HOẠCH), to go with
/// the decision given before it on the command line.
pub(crate) fn looks_like_list(s: &Source) -> bool {
    let typed = s.lines.iter().take(40).any(|l| plan::type_of_line(&l.text).is_some());
    !typed && s.tables.iter().any(|t| !table_rows(t).is_empty())
}

/// How many recipient rows the tables of a list file hold.
pub(crate) fn list_len(s: &Source) -> usize {
    s.tables.iter().map(|t| table_rows(t).len()).sum()
}

static ATTACHED_TO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)quyết định\s+số\s*:?\s*(\d+[^\s,;)]*)").expect("regex"));

/// The decision number a list says it goes with (`Kèm theo Quyết định số 2105/QĐ-UBND …`).
fn list_says(s: &Source) -> Option<(String, Origin)> {
    let cells = s.tables.iter().flat_map(|t| t.rows.iter().take(12).flatten());
    let texts =
        s.lines.iter().map(|l| (&l.text, &l.origin)).chain(cells.map(|c| (&c.text, &c.origin)));
    for (text, origin) in texts {
        if let Some(c) = ATTACHED_TO.captures(text) {
            return Some((c[1].trim_end_matches('.').to_string(), origin.clone()));
        }
    }
    None
}

/// A recipient kind as the site writes it.
fn kind_of_section(text: &str) -> Option<&'static str> {
    let f = vi::fold(text).to_lowercase();
    let f = f.trim_start_matches(|c: char| {
        c.is_ascii_alphanumeric() && c.is_ascii_uppercase() || "ivx.- ".contains(c)
    });
    if f.starts_with("tap the") {
        Some("collective")
    } else if f.starts_with("ca nhan") {
        Some("individual")
    } else if f.starts_with("ho gia dinh") || f.starts_with("gia dinh") {
        Some("household")
    } else if f.starts_with("doanh nghiep") {
        Some("enterprise")
    } else if f.starts_with("hop tac xa") {
        Some("cooperative")
    } else {
        None
    }
}

const UNIT_WORDS: &[&str] = &[
    "uy ban",
    "ubnd",
    "phong ",
    "ban ",
    "hoi ",
    "truong ",
    "cong ty",
    "hop tac xa",
    "chi nhanh",
    "thon ",
    "ap ",
    "khu pho",
    "doan ",
    "trung tam",
    "so ",
    "chi hoi",
    "to ",
    "phuong ",
    "xa ",
    "thi tran",
    "huyen ",
    "tinh ",
    "ngan hang",
    "mat tran",
    "benh vien",
    "co quan",
    "cum ",
    "khoi ",
];

/// The kind of a row whose section does not say: households by `Hộ`, units by a unit word,
/// people by a name's shape.
fn kind_of_name(name: &str) -> Option<&'static str> {
    let f = vi::fold(name).to_lowercase();
    if f.starts_with("ho ") || f.starts_with("gia dinh") {
        return Some("household");
    }
    if f.starts_with("cong ty") || f.starts_with("doanh nghiep") {
        return Some("enterprise");
    }
    if UNIT_WORDS.iter().any(|w| f.starts_with(w)) {
        return Some("collective");
    }
    let bare = strip_honorific(name);
    looks_like_name(bare).then_some("individual")
}

fn strip_honorific(name: &str) -> &str {
    for h in ["Ông ", "Bà ", "ông ", "bà ", "Đồng chí ", "đồng chí "] {
        if let Some(r) = name.strip_prefix(h) {
            return r.trim();
        }
    }
    name.trim()
}

static LEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(phó )?(trưởng phòng|trưởng ban|giám đốc|chủ tịch|bí thư|chánh văn phòng|chánh thanh tra|hiệu trưởng|cục trưởng|vụ trưởng|tổng giám đốc)")
        .expect("regex")
});
static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(xã|phường|thị trấn|huyện|thị xã|thành phố|tỉnh) ([\p{Lu}\d][\p{L}\d]*(?: [\p{Lu}\d][\p{L}\d]*)*)")
        .expect("regex")
});

/// The commune, district and province named in a text (`xã Tân Tiến, huyện Bù Đốp`).
fn locality(text: &str, province: Option<&str>) -> Option<Value> {
    let mut kv: Vec<(&'static str, Value)> = Vec::new();
    for c in PLACE.captures_iter(text) {
        let level = c[1].to_lowercase();
        let key = match level.as_str() {
            "xã" | "phường" | "thị trấn" => "commune",
            "huyện" | "thị xã" | "thành phố" => "district",
            _ => "province",
        };
        if !kv.iter().any(|(k, _)| *k == key) {
            kv.push((key, Value::Text(format!("{level} {}", &c[2]))));
        }
    }
    if let Some(p) = province
        && !kv.iter().any(|(k, _)| *k == "province")
    {
        kv.push(("province", Value::Text(format!("tỉnh {p}"))));
    }
    (!kv.is_empty()).then_some(Value::Map(kv))
}

/// Column indexes of a recipient table's header row.
#[derive(Default)]
struct Columns {
    name: usize,
    position: Option<usize>,
    unit: Option<usize>,
    place: Option<usize>,
    kind: Option<usize>,
}

fn header(row: &[Cell]) -> Option<Columns> {
    let find = |keys: &[&str]| {
        row.iter().position(|c| {
            let f = vi::fold(&c.text).to_lowercase();
            keys.iter().any(|k| f.contains(k))
        })
    };
    let name = find(&["ho va ten", "ho ten", "ten tap the", "ten don vi", "ten"])?;
    Some(Columns {
        name,
        position: find(&["chuc vu"]),
        unit: find(&["don vi cong tac", "co quan", "noi cong tac"]).filter(|&i| i != name),
        place: find(&["dia chi", "dia phuong", "noi o", "que quan"]).filter(|&i| i != name),
        kind: find(&["doi tuong", "loai"]).filter(|&i| i != name),
    })
}

/// One recipient row read.
struct Row {
    kind: Option<&'static str>,
    name: String,
    position: Option<String>,
    unit: Option<String>,
    place: Option<String>,
    origin: Origin,
}

fn table_rows(t: &Table) -> Vec<Row> {
    let Some((h, cols)) = t.rows.iter().enumerate().find_map(|(i, r)| header(r).map(|c| (i, c)))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut section = None;
    for row in &t.rows[h + 1..] {
        let filled: Vec<&Cell> = row.iter().filter(|c| !c.text.is_empty()).collect();
        let get = |i: Option<usize>| {
            i.and_then(|i| row.get(i)).map(|c| squash(&c.text)).filter(|s| !s.is_empty())
        };
        let name = get(Some(cols.name));
        if filled.len() <= 2
            && let Some(k) = filled.iter().find_map(|c| kind_of_section(&c.text))
        {
            section = Some(k);
            continue;
        }
        let Some(name) = name else { continue };
        let cell = &row[cols.name];
        let kind = get(cols.kind)
            .and_then(|k| kind_of_section(&k))
            .or(section)
            .or_else(|| kind_of_name(&name));
        out.push(Row {
            kind,
            name,
            position: get(cols.position),
            unit: get(cols.unit),
            place: get(cols.place),
            origin: cell.origin.clone(),
        });
    }
    out
}

static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,4}[.)]\s+(.+)$").expect("regex"));

/// A numbered list under "DANH SÁCH", split at its section headings.
fn text_rows(s: &Source) -> Vec<Row> {
    let Some(start) = s
        .lines
        .iter()
        .position(|l| vi::fold(l.text.trim()).to_uppercase().starts_with("DANH SACH"))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut section = None;
    for l in &s.lines[start + 1..] {
        let t = squash(&l.text.replace("**", ""));
        if let Some(c) = NUMBERED.captures(&t) {
            let mut parts = c[1].splitn(2, ',');
            let name = strip_honorific(parts.next().unwrap_or("").trim()).to_string();
            let rest = parts.next().map(|r| r.trim().trim_end_matches(['.', ';']).to_string());
            let kind = section.or_else(|| kind_of_name(&name));
            out.push(Row {
                kind,
                name,
                position: None,
                unit: rest.clone(),
                place: rest,
                origin: l.origin.clone(),
            });
        } else if let Some(k) = kind_of_section(&t) {
            section = Some(k);
        }
    }
    out
}

fn recipient(r: &Row, province: Option<&str>) -> Item {
    let mut kv: Vec<(&'static str, Value)> = Vec::new();
    let mut unsure = None;
    match r.kind {
        Some(k) => kv.push(("kind", Value::Text(k.into()))),
        None => {
            unsure = Some(t!(
                "không rõ là cá nhân, tập thể hay hộ gia đình: thêm `kind`",
                "unclear whether a person, a collective or a household: add `kind`"
            ))
        }
    }
    kv.push(("name", Value::Text(strip_honorific(&r.name).to_string())));
    let mut unit = r.unit.clone();
    let mut position = r.position.clone();
    if position.is_none()
        && r.kind == Some("individual")
        && let Some(u) = &unit
        && let Some((p, rest)) = u.split_once(',')
    {
        // `Trưởng phòng Lao động - TBXH, huyện Bù Đốp`: the position before the first comma.
        position = Some(p.trim().to_string());
        unit = Some(rest.trim().to_string());
    }
    if let Some(p) = &position {
        kv.push(("position", Value::Text(p.clone())));
    }
    if let Some(u) = &unit
        && r.kind != Some("collective")
    {
        kv.push(("unit", Value::Text(u.clone())));
    }
    let place_text = [
        r.place.as_deref(),
        unit.as_deref(),
        (r.kind != Some("individual")).then_some(r.name.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    if let Some(l) = locality(&place_text, province) {
        kv.push(("locality", l));
    }
    if r.kind == Some("individual") {
        let leader = position.as_deref().is_some_and(|p| LEADER.is_match(p));
        kv.push(("leader", Value::Bool(leader)));
    }
    Item { value: Value::Map(kv), origin: r.origin.clone(), unsure }
}

/// The draft of a decision; `lists` are the files of its recipient list given after it (name as
/// shown, and what was read), whose rows follow the decision's own.
pub(crate) fn draft(
    s: &Source,
    file: &Path,
    site: &SiteFacts,
    lists: &[(String, &Source)],
) -> Result<Draft, Box<Diagnostic>> {
    let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let facts = super::document::facts(s, &name);
    let campaigns = &site.campaigns;
    // A decision has no type, parent issuer or Nơi nhận keys: the site would refuse them.
    let keep = ["number", "date", "issuer", "place", "signer", "title"];
    let mut fields: Vec<Field> = super::document::header_fields(&facts, site)
        .into_iter()
        .filter(|f| keep.contains(&f.key))
        .collect();
    let title = facts.frame.title.as_ref().map(|t| t.value.clone()).unwrap_or_default();
    let year = fields.iter().find(|f| f.key == "date").and_then(|f| match &f.value {
        Value::Date(d) => d.get(..4).and_then(|y| y.parse::<i32>().ok()),
        _ => None,
    });
    let origin = facts.frame.title.as_ref().map(|t| t.origin.clone()).unwrap_or(Origin::Inferred);
    if let Some(form) = super::plan_rules::form_in(&title) {
        fields.push(Field::new("form", Value::Text(form.into()), origin.clone()));
    }
    let tf = vi::fold(&title).to_lowercase();
    let round = if tf.contains("so ket") {
        year.map(|y| format!("so-ket-{y}"))
    } else if tf.contains("tong ket") {
        year.map(|y| format!("tong-ket-{y}"))
    } else {
        year.map(|y| format!("hang-nam-{y}"))
    };
    if let Some(r) = round {
        let f = Field::new("round", Value::Text(r), origin.clone());
        fields.push(if tf.contains("so ket") || tf.contains("tong ket") {
            f
        } else {
            f.unsure(t!(
                "tên quyết định không nói sơ kết hay tổng kết: coi là khen hằng năm",
                "the title names no mid-term or final review: taken as a yearly award"
            ))
        });
    }
    if tf.contains("vi nguoi ngheo")
        && let Some(y) = year
        && let Some(c) = campaigns.iter().find(|c| campaign_covers(c, y))
    {
        fields.push(Field::new("campaign", Value::Text(c.clone()), origin.clone()));
    }
    if let Some(c) = facts.cites.iter().find(|c| c.kind == "Kế hoạch") {
        fields.push(Field::new("plan", Value::Text(c.number.clone()), c.origin.clone()));
    }
    let province = facts.province.as_deref();
    let mut rows: Vec<Row> = s.tables.iter().flat_map(table_rows).collect();
    if rows.is_empty() {
        rows = text_rows(s);
    }
    let number = fields.iter().find(|f| f.key == "number").and_then(|f| match &f.value {
        Value::Text(n) => Some(n.clone()),
        _ => None,
    });
    for (list_name, list) in lists {
        if let (Some((said, at)), Some(number)) = (list_says(list), &number)
            && vi::fold(&said).to_lowercase() != vi::fold(number).to_lowercase()
        {
            return Err(list_mismatch(file, list_name, &said, &at, number));
        }
        rows.extend(list.tables.iter().flat_map(table_rows).map(|mut r| {
            r.origin = Origin::InFile(list_name.clone(), Box::new(r.origin));
            r
        }));
    }
    if rows.is_empty() {
        return Err(Box::new(
            Diagnostic::error(
                "import-no-recipients",
                file,
                Pos::default(),
                t!("không thấy danh sách người được khen (bảng có cột Họ và tên / Tên tập thể, hoặc danh sách đánh số sau dòng DANH SÁCH)", "no list of recipients found (a table with a Name column, or a numbered list after a DANH SÁCH line)"),
            )
            .with_hint(t!(
                "thêm bảng danh sách vào tệp (cột STT, Họ và tên, Chức vụ, Đơn vị), hoặc cho tệp danh sách (Excel, Word, CSV) ngay sau quyết định: `minhbach import quyet-dinh.docx danh-sach.xlsx`",
                "add the list as a table (columns STT, Họ và tên, Chức vụ, Đơn vị), or give the list's file (Excel, Word, CSV) right after the decision: `minhbach import quyet-dinh.docx danh-sach.xlsx`"
            )),
        ));
    }
    let items: Vec<Item> = rows.iter().map(|r| recipient(r, province)).collect();
    let first = items[0].origin.clone();
    fields.push(Field::new("recipients", Value::List(items), first));
    let slug = super::document::slug_of(&fields);
    Ok(Draft {
        kind: ImportKind::Decision,
        target: PathBuf::from("content/khen-thuong").join(format!("{slug}.md")),
        fields,
        body: Some(super::body::markdown(&facts.blocks)),
        extra: Vec::new(),
        notes: Vec::new(),
    })
}

/// A list that names another decision than the one it was given with.
fn list_mismatch(
    file: &Path,
    list: &str,
    said: &str,
    at: &Origin,
    number: &str,
) -> Box<Diagnostic> {
    let at = at.show();
    let decision = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    Box::new(
        Diagnostic::error(
            "import-list-mismatch",
            file,
            Pos::default(),
            Text::new(
                format!("danh sách {list} ({}) ghi kèm theo Quyết định số {said}, nhưng đi sau quyết định số {number} ({decision})", at.vi),
                format!("the list {list} ({}) says it goes with Decision {said}, but follows decision {number} ({decision})", at.en),
            ),
        )
        .with_hint(t!(
            "đặt mỗi danh sách ngay sau quyết định của nó: `minhbach import quyet-dinh.docx danh-sach.xlsx`",
            "give each list right after its own decision: `minhbach import quyet-dinh.docx danh-sach.xlsx`"
        )),
    )
}

fn campaign_covers(id: &str, year: i32) -> bool {
    let mut parts = id.rsplitn(3, '-');
    let (Some(to), Some(from)) = (
        parts.next().and_then(|x| x.parse::<i32>().ok()),
        parts.next().and_then(|x| x.parse::<i32>().ok()),
    ) else {
        return false;
    };
    id.starts_with("vi-nguoi-ngheo") && (from..=to).contains(&year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_inside_a_unit_name_stays_a_unit() {
        assert_eq!(kind_of_name("phường Nguyễn Thị Minh Khai"), Some("collective"));
        assert_eq!(kind_of_name("Ủy ban nhân dân phường Nguyễn Thị Minh Khai"), Some("collective"));
        assert_eq!(kind_of_name("Ông Nguyễn Thị Minh Khai"), Some("individual"));
        assert_eq!(kind_of_name("Hộ bà Điểu Thị Hồng"), Some("household"));
        assert_eq!(kind_of_name("không rõ là gì cả ở đây"), None);
    }

    #[test]
    fn a_numbered_list_after_danh_sach_with_sections() {
        let text = "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\nDANH SÁCH\nI. TẬP THỂ\n1. Ủy ban nhân dân xã Tân Tiến, huyện Bù Đốp\nII. CÁ NHÂN\n1. Ông Phạm Văn Hùng, Trưởng phòng Lao động - TBXH, huyện Bù Đăng.\nIII. HỘ GIA ĐÌNH\n1. Hộ ông Điểu Khanh, ấp 3, xã Đắk Ơ";
        let s = Source { lines: super::super::formats::numbered_lines(text), ..Source::default() };
        let rows = text_rows(&s);
        let got: Vec<_> =
            rows.iter().map(|r| (r.kind, r.name.as_str(), r.origin.clone())).collect();
        assert_eq!(
            got,
            [
                (Some("collective"), "Ủy ban nhân dân xã Tân Tiến", Origin::Line(6)),
                (Some("individual"), "Phạm Văn Hùng", Origin::Line(8)),
                (Some("household"), "Hộ ông Điểu Khanh", Origin::Line(10)),
            ]
        );
        let person = recipient(&rows[1], Some("Bình Phước"));
        let shown = crate::import::emit::inline(&person.value);
        assert!(shown.contains(r#"position: "Trưởng phòng Lao động - TBXH""#), "{shown}");
        assert!(shown.contains(r#"leader: true"#), "{shown}");
        assert!(shown.contains(r#"district: "huyện Bù Đăng""#), "{shown}");
    }
}
