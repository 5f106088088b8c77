//! Ledger rows from a period file's YAML lists and from CSV files, cell by cell: dates,
//! amounts, codes; a column or key naming a beneficiary is refused.

use std::collections::BTreeMap;
use std::path::Path;

use super::types::BENEFICIARY_KEYS;
use crate::diag::{Diagnostic, Pos};
use crate::read::fields::{MAX_AMOUNT, MapReader, amount_of, too_large, unsafe_url};
use crate::read::url::is_safe_url;
use crate::read::yaml::Node;
use crate::t;
use crate::vi::{self, PartialDate};

pub(super) fn code_of(
    value: &str,
    table: &[(&'static str, &'static str)],
) -> Option<(&'static str, &'static str)> {
    // Codes as written are the common case (and 200 000 CSV rows make it hot).
    if let Some(hit) = table.iter().find(|(c, _)| *c == value) {
        return Some(*hit);
    }
    let s = vi::slugify(value);
    table.iter().find(|(c, l)| *c == s || vi::slugify(l) == s).copied()
}

pub(super) fn bad_choice(
    file: &Path,
    pos: Pos,
    key: &str,
    value: &str,
    table: &[(&str, &str)],
) -> Diagnostic {
    let list = table.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ");
    let mut d = Diagnostic::error(
        "bad-value",
        file,
        pos,
        t!("`{key}` không nhận giá trị `{value}`", "`{key}` does not accept `{value}`"),
    );
    d = match crate::diag::suggest(&vi::slugify(value), table.iter().map(|(c, _)| *c)) {
        Some(s) => d.with_hint(t!(
            "có phải ý bạn là `{s}`? Các giá trị: {list}",
            "did you mean `{s}`? Values: {list}"
        )),
        None => d.with_hint(t!("các giá trị hợp lệ: {list}", "valid values: {list}")),
    };
    d
}

/// A row from YAML or CSV: field name -> (text, position), and where a cell was written blank
/// (`amount:` with nothing after it, `amount: ""`, an empty CSV cell), so that a required cell
/// left blank is reported at its own line and column rather than at the row.
#[derive(Debug, Default)]
pub(super) struct Row {
    cells: BTreeMap<&'static str, (String, Pos)>,
    blanks: BTreeMap<&'static str, Pos>,
}

impl Row {
    /// The text of `key` and where it is, when it has a value.
    pub(super) fn get(&self, key: &str) -> Option<&(String, Pos)> {
        self.cells.get(key)
    }

    fn insert(&mut self, key: &'static str, text: String, pos: Pos) {
        self.cells.insert(key, (text, pos));
    }

    fn blank(&mut self, key: &'static str, pos: Pos) {
        self.blanks.insert(key, pos);
    }

    /// The report of a required cell without a value: at the cell when it is written blank
    /// ("ô … để trống"), else at the row `at` ("dòng thiếu …").
    pub(super) fn missing(
        &self,
        key: &str,
        (what_vi, what_en): (&str, &str),
        file: &Path,
        at: Pos,
    ) -> Diagnostic {
        match self.blanks.get(key) {
            Some(p) => Diagnostic::error(
                "missing-key",
                file,
                *p,
                t!(
                    "ô {what_vi} (`{key}`) để trống (ô trống được coi là thiếu)",
                    "the {what_en} cell (`{key}`) is blank (a blank cell counts as missing)"
                ),
            ),
            None => Diagnostic::error(
                "missing-key",
                file,
                at,
                t!("dòng thiếu {what_vi} (`{key}`)", "row has no {what_en} (`{key}`)"),
            ),
        }
    }
}

pub(super) const RECEIPT_FIELDS: &[(&str, &[&str])] = &[
    ("date", &["ngay", "ngay-thu", "ngay-nhan"]),
    (
        "donor",
        &["nha-hao-tam", "nguoi-ung-ho", "don-vi-ung-ho", "ten", "ho-ten", "ten-nha-hao-tam"],
    ),
    ("anonymous", &["an-danh", "giau-ten"]),
    ("donor_kind", &["loai", "loai-nha-hao-tam", "doi-tuong"]),
    ("channel", &["hinh-thuc", "kenh"]),
    ("amount", &["so-tien", "so-tien-dong"]),
    ("receipt_no", &["so-phieu", "so-bien-lai", "so-chung-tu"]),
    ("purpose", &["noi-dung", "muc-dich", "ghi-chu"]),
    ("peak_month", &["cao-diem", "thang-cao-diem"]),
    ("note", &["chu-thich", "luu-y"]),
    ("source_number", SOURCE_NUMBER_ALIASES),
    ("source_url", SOURCE_URL_ALIASES),
];

/// Column names of a row's source document number (`source.number` in YAML).
const SOURCE_NUMBER_ALIASES: &[&str] = &["so-van-ban", "van-ban-nguon", "nguon"];
/// Column names of a row's source document link (`source.url` in YAML).
const SOURCE_URL_ALIASES: &[&str] = &["lien-ket", "duong-dan", "lien-ket-nguon"];

pub(super) const DISBURSEMENT_FIELDS: &[(&str, &[&str])] = &[
    ("date", &["ngay", "ngay-chi"]),
    ("category", &["hang-muc", "loai-chi", "noi-dung-chi", "loai"]),
    ("count", &["so-luong", "so-ho", "so-nguoi", "so-suat"]),
    ("amount", &["so-tien", "so-tien-dong"]),
    ("locality", &["dia-ban", "dia-phuong", "xa"]),
    ("decision", &["quyet-dinh", "so-quyet-dinh", "can-cu"]),
    ("note", &["ghi-chu", "chu-thich", "luu-y"]),
    ("source_number", SOURCE_NUMBER_ALIASES),
    ("source_url", SOURCE_URL_ALIASES),
];

pub(super) fn truthy(s: &str) -> Option<bool> {
    match vi::fold(s.trim()).as_str() {
        "" | "0" | "false" | "khong" | "no" | "n" => Some(false),
        "1" | "x" | "true" | "co" | "yes" | "y" => Some(true),
        _ => None,
    }
}

/// The refusal of a key or column that would name a beneficiary.
fn beneficiary_refusal(file: &Path, pos: Pos, key: &str) -> Diagnostic {
    Diagnostic::error(
        "beneficiary-named",
        file,
        pos,
        t!(
            "khoản chi không được có `{key}`: tên người được hỗ trợ không bao giờ công bố",
            "a disbursement cannot have `{key}`: beneficiaries are never named"
        ),
    )
    .with_hint(t!(
        "xóa tên; chỉ ghi số người, hộ được hỗ trợ (`count`) và địa bàn (`locality`)",
        "remove the names; give only how many were helped (`count`) and where (`locality`)"
    ))
}

fn beneficiary_key(key: &str) -> Option<&'static str> {
    let k = vi::slugify(key).replace('_', "-");
    BENEFICIARY_KEYS.iter().find(|b| **b == k).copied()
}

pub(super) fn yaml_rows(
    list: &[Node],
    fields: &[(&'static str, &[&str])],
    file: &Path,
    what: &str,
    refuse_names: bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Row, Pos)> {
    let mut out = Vec::new();
    for n in list {
        let Some(mut r) = MapReader::new(n, file, what, diags) else { continue };
        let mut refused: Vec<Pos> = Vec::new();
        if refuse_names {
            for (k, _) in n.entries().unwrap_or_default() {
                if beneficiary_key(&k.name).is_some() {
                    r.report(beneficiary_refusal(file, k.pos, &k.name));
                    refused.push(k.pos);
                }
            }
        }
        let mut row = Row::default();
        for (f, _) in fields {
            if f.starts_with("source_") {
                // YAML writes them as `source: { number, url }`, as on periods.
                continue;
            }
            if let Some(k) = n.blank_key(f) {
                row.blank(f, k.pos);
            }
            if let Some(v) = r.node(f)
                && let Some(tx) = v.as_text()
            {
                // keep the node's amount semantics: dotted numbers are caught below
                let text = if *f == "amount" {
                    match amount_of(v) {
                        Ok(a) => a.to_string(),
                        Err(e) => {
                            r.report(e.into_diag("amount", v, file));
                            continue;
                        }
                    }
                } else {
                    tx
                };
                row.insert(f, text, v.pos);
            }
        }
        yaml_source(&mut r, file, &mut row);
        r.finish();
        // The refusal says more than "unknown key": keep only it.
        diags.retain(|d| !(d.code == "unknown-key" && refused.contains(&d.pos)));
        out.push((row, n.pos));
    }
    out
}

/// A row's `source: { number, url }` (the document it comes from, the same shape as a
/// period's), kept as the `source_number` and `source_url` cells.
fn yaml_source(r: &mut MapReader<'_, '_>, file: &Path, row: &mut Row) {
    let Some(n) = r.map("source") else { return };
    let Some(mut sr) = MapReader::new(n, file, "source", r.diags()) else { return };
    let number_pos = n.pos_of("number");
    if let Some(num) = sr.text("number") {
        row.insert("source_number", num, number_pos);
    }
    let url_pos = n.pos_of("url");
    if let Some(u) = sr.url("url") {
        row.insert("source_url", u, url_pos);
    }
    sr.finish();
}

pub(super) fn csv_rows(
    text: &str,
    fields: &[(&'static str, &[&str])],
    file: &Path,
    refuse_names: bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Row, Pos)> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let sep = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
    let mut rdr =
        csv::ReaderBuilder::new().delimiter(sep).flexible(true).from_reader(text.as_bytes());
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            diags.push(Diagnostic::error(
                "csv",
                file,
                Pos::new(1, 1),
                t!("không đọc được dòng tiêu đề CSV: {e}", "cannot read the CSV header row: {e}"),
            ));
            return Vec::new();
        }
    };
    let mut map: Vec<Option<&'static str>> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let key = vi::slugify(h).replace('_', "-");
        let found = fields
            .iter()
            .find(|(f, aliases)| f.replace('_', "-") == key || aliases.contains(&key.as_str()))
            .map(|(f, _)| *f);
        if found.is_none() && refuse_names && beneficiary_key(h).is_some() {
            diags.push(beneficiary_refusal(file, Pos::new(1, i as u32 + 1), h));
        } else if found.is_none() && !key.is_empty() {
            let names = fields.iter().map(|(f, _)| *f).collect::<Vec<_>>().join(", ");
            diags.push(
                Diagnostic::error(
                    "csv-column",
                    file,
                    Pos::new(1, i as u32 + 1),
                    t!("cột `{h}` không được hỗ trợ", "column `{h}` is not known"),
                )
                .with_hint(t!(
                    "đổi tên cột thành một trong: {names} (hoặc tên tiếng Việt tương ứng)",
                    "rename the column to one of: {names} (or its Vietnamese name)"
                )),
            );
        }
        map.push(found);
    }
    let mut out = Vec::new();
    for rec in rdr.records() {
        match rec {
            Ok(rec) => {
                let line = rec.position().map(|p| p.line() as u32).unwrap_or(0);
                if rec.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                if rec.len() != headers.len() {
                    diags.push(field_count(file, line, rec.len(), headers.len(), sep));
                    continue;
                }
                let mut row = Row::default();
                for (i, v) in rec.iter().enumerate() {
                    if let Some(Some(f)) = map.get(i) {
                        let (v, at) = (v.trim(), Pos::new(line, i as u32 + 1));
                        if v.is_empty() {
                            row.blank(f, at);
                        } else if *f == "source_url" && !is_safe_url(v) {
                            diags.push(unsafe_url(file, at, "source_url"));
                        } else {
                            row.insert(f, vi::nfc(v), at);
                        }
                    }
                }
                out.push((row, Pos::new(line, 1)));
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as u32).unwrap_or(0);
                diags.push(Diagnostic::error(
                    "csv",
                    file,
                    Pos::new(line, 0),
                    t!("dòng CSV không hợp lệ: {e}", "invalid CSV row: {e}"),
                ));
            }
        }
    }
    out
}

/// A CSV row with more or fewer fields than its header: its columns would be read shifted
/// (an unquoted separator inside a place name), so it is refused (`csv-fields`).
fn field_count(file: &Path, line: u32, got: usize, want: usize, sep: u8) -> Diagnostic {
    let sep = sep as char;
    Diagnostic::error(
        "csv-fields",
        file,
        Pos::new(line, 0),
        t!(
            "dòng có {got} ô nhưng dòng tiêu đề có {want} cột: các cột sẽ bị lệch",
            "the row has {got} fields but the header has {want} columns: its columns would shift"
        ),
    )
    .with_hint(t!(
        "một ô có dấu `{sep}` cần đặt trong ngoặc kép (\"xã Tân Tiến{sep} huyện Bù Đốp\"); hoặc thêm, bớt ô cho đủ {want} cột",
        "put a cell containing `{sep}` in double quotes (\"xã Tân Tiến{sep} huyện Bù Đốp\"); or add or remove cells to make {want} columns"
    ))
}

pub(super) fn amount_cell(
    row: &Row,
    file: &Path,
    at: Pos,
    diags: &mut Vec<Diagnostic>,
) -> Option<i64> {
    let Some((s, pos)) = row.get("amount") else {
        diags.push(row.missing("amount", ("số tiền", "amount"), file, at).with_hint(t!(
            "ghi số tiền bằng đồng, chỉ gồm chữ số, ví dụ `amount: 1500000`; ô trống được coi là thiếu",
            "write the amount in whole đồng as digits, e.g. `amount: 1500000`; a blank cell counts as missing"
        )));
        return None;
    };
    let s = s.trim();
    let too_big = |v: Option<i64>| {
        v.is_none_or(|v| v > MAX_AMOUNT) && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
    };
    if too_big(s.parse::<i64>().ok()) {
        diags.push(too_large(file, *pos, "amount", s, MAX_AMOUNT as f64));
        return None;
    }
    if let Ok(v) = s.parse::<i64>() {
        if v <= 0 {
            diags.push(
                Diagnostic::error("bad-amount", file, *pos, t!("số tiền phải lớn hơn 0 (đang là {s})", "the amount must be more than 0 (it is {s})"))
                    .with_hint(t!("khoản hoàn trả, điều chỉnh ghi thành một khoản chi hoặc thu riêng, có ghi chú", "record refunds and corrections as a separate receipt or disbursement with a note")),
            );
            return None;
        }
        return Some(v);
    }
    let hint = match vi::parse_vn_int(s) {
        Some(v) if s.contains('.') => t!(
            "ghi số tiền chỉ gồm chữ số: `{v}` (không dấu chấm)",
            "write the amount as plain digits: `{v}` (no dots)"
        ),
        _ => t!(
            "ghi số tiền bằng đồng, chỉ gồm chữ số, ví dụ 1500000",
            "write the amount in whole đồng as digits, e.g. 1500000"
        ),
    };
    diags.push(
        Diagnostic::error(
            "bad-amount",
            file,
            *pos,
            t!("số tiền `{s}` không hợp lệ", "amount `{s}` is not valid"),
        )
        .with_hint(hint),
    );
    None
}

pub(super) fn date_cell(
    row: &Row,
    file: &Path,
    at: Pos,
    diags: &mut Vec<Diagnostic>,
) -> Option<PartialDate> {
    let Some((s, pos)) = row.get("date") else {
        diags.push(row.missing("date", ("ngày", "date"), file, at).with_hint(t!(
            "ghi ngày dạng 20/10/2024 hoặc 2024-10-20; ô trống được coi là thiếu",
            "write the date as 20/10/2024 or 2024-10-20; a blank cell counts as missing"
        )));
        return None;
    };
    match PartialDate::parse(s) {
        Ok(d) if d.is_complete() => Some(d),
        Ok(_) => {
            diags.push(
                Diagnostic::error(
                    "bad-date",
                    file,
                    *pos,
                    t!("ngày `{s}` thiếu ngày hoặc tháng", "date `{s}` lacks the day or month"),
                )
                .with_hint(t!(
                    "ghi đủ ngày/tháng/năm, ví dụ 20/10/2024",
                    "write the full date, e.g. 20/10/2024"
                )),
            );
            None
        }
        Err(e) => {
            let (v, en) = (e.describe_vi(), e.describe_en());
            diags.push(
                Diagnostic::error(
                    "bad-date",
                    file,
                    *pos,
                    t!("ngày `{s}`: {v}", "date `{s}`: {en}"),
                )
                .with_hint(t!(
                    "ghi ngày dạng 20/10/2024 hoặc 2024-10-20",
                    "write dates as 20/10/2024 or 2024-10-20"
                )),
            );
            None
        }
    }
}

pub(super) fn origin(file: &Path, pos: Pos) -> String {
    format!("{}:{}", file.to_string_lossy().replace('\\', "/"), pos.line)
}
