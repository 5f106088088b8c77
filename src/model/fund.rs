//! The "Vì người nghèo" fund ledger: periods, receipts and disbursements from YAML and CSV, checked to the đồng.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::FundConfig;
use crate::diag::{Diagnostic, Pos};
use crate::load::Source;
use crate::model::records::{DateView, Decision};
use crate::read::fields::{MapReader, amount_of};
use crate::read::yaml::Node;
use crate::t;
use crate::vi::{self, PartialDate};

/// Donor kinds (code, label).
pub(crate) const DONOR_KINDS: &[(&str, &str)] = &[
    ("ca-nhan", "Cá nhân"),
    ("doanh-nghiep", "Doanh nghiệp"),
    ("co-quan", "Cơ quan"),
    ("to-chuc", "Tổ chức"),
];
/// Channels (code, label).
pub(crate) const CHANNELS: &[(&str, &str)] = &[
    ("tien-mat", "Tiền mặt"),
    ("chuyen-khoan", "Chuyển khoản"),
    ("kho-bac", "Kho bạc Nhà nước"),
    ("nhcsxh", "Ngân hàng Chính sách xã hội"),
    ("hien-vat", "Hiện vật (giá trị ước tính)"),
];
/// Disbursement categories (code, label).
pub(crate) const CATEGORIES: &[(&str, &str)] = &[
    ("nha-dai-doan-ket-xay-moi", "Xây mới nhà Đại đoàn kết"),
    ("nha-dai-doan-ket-sua-chua", "Sửa chữa nhà Đại đoàn kết"),
    ("sinh-ke", "Hỗ trợ sinh kế"),
    ("hoc-bong", "Học bổng"),
    ("kham-chua-benh", "Khám chữa bệnh"),
    ("qua-tet", "Quà Tết"),
    ("tro-cap-dot-xuat", "Trợ cấp đột xuất"),
    ("mai-tang", "Hỗ trợ mai táng"),
    ("khac", "Khác"),
];
/// Fund levels (code, label).
pub(crate) const LEVELS: &[(&str, &str)] =
    &[("tw", "Trung ương"), ("tinh", "Cấp tỉnh"), ("huyen", "Cấp huyện"), ("xa", "Cấp xã")];

/// How an anonymous donor is shown everywhere (pages, search, open data).
pub(crate) const ANONYMOUS_LABEL: &str = "Nhà hảo tâm ẩn danh";

/// Keys (folded) that would name a beneficiary: refused, since the fund publishes counts only.
pub(crate) const BENEFICIARY_KEYS: &[&str] = &[
    "beneficiary",
    "beneficiaries",
    "recipient",
    "name",
    "ten",
    "ho-ten",
    "ho-va-ten",
    "nguoi-nhan",
    "ten-nguoi-nhan",
    "nguoi-duoc-ho-tro",
    "ho-duoc-ho-tro",
    "doi-tuong-nhan",
    "chu-ho",
    "ten-chu-ho",
    "ten-ho",
    "danh-sach",
];

/// A receipt (khoản thu).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Receipt {
    /// Date.
    pub(crate) date: Option<DateView>,
    /// Parsed date.
    #[serde(skip)]
    pub(crate) sort_date: Option<PartialDate>,
    /// Donor name; `None` when anonymous.
    pub(crate) donor: Option<String>,
    /// Donor asked not to be named.
    pub(crate) anonymous: bool,
    /// What pages show: the name, or [`ANONYMOUS_LABEL`].
    pub(crate) donor_label: String,
    /// Given in kind (hiện vật): `amount` is the estimated value.
    pub(crate) in_kind: bool,
    /// Donor kind label.
    pub(crate) donor_kind: String,
    /// Channel label.
    pub(crate) channel: String,
    /// Amount in đồng.
    pub(crate) amount: i64,
    /// Receipt number.
    pub(crate) receipt_no: Option<String>,
    /// Purpose.
    pub(crate) purpose: Option<String>,
    /// Given during the Tháng cao điểm.
    pub(crate) peak_month: bool,
    /// `file:line` of the row.
    pub(crate) origin: String,
}

/// A disbursement (khoản chi). Beneficiaries are never named: counts by place and category only.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Disbursement {
    /// Date.
    pub(crate) date: Option<DateView>,
    /// Parsed date.
    #[serde(skip)]
    pub(crate) sort_date: Option<PartialDate>,
    /// Category code.
    pub(crate) category: String,
    /// Category label.
    pub(crate) category_label: String,
    /// Number of beneficiaries (households, people, houses).
    pub(crate) count: Option<i64>,
    /// Amount in đồng.
    pub(crate) amount: i64,
    /// Place.
    pub(crate) locality: Option<String>,
    /// Decision that approved it.
    pub(crate) decision: Option<String>,
    /// The decision's page, when the site has it.
    pub(crate) decision_url: Option<String>,
    /// `file:line` of the row.
    pub(crate) origin: String,
}

/// A total per category.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct CategoryTotal {
    /// Label.
    pub(crate) label: String,
    /// Sum in đồng.
    pub(crate) amount: i64,
    /// Share of the total, in percent.
    pub(crate) share: f64,
    /// Beneficiaries.
    pub(crate) count: i64,
}

/// One accounting period of one fund.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Period {
    /// Id (`2024`), also the URL segment.
    pub(crate) id: String,
    /// Fund name.
    pub(crate) fund: String,
    /// Level label.
    pub(crate) level: String,
    /// First day.
    pub(crate) from: Option<DateView>,
    /// Last day.
    pub(crate) to: Option<DateView>,
    /// Parsed bounds.
    #[serde(skip)]
    pub(crate) bounds: (Option<PartialDate>, Option<PartialDate>),
    /// Opening balance.
    pub(crate) opening: i64,
    /// Closing balance as stated.
    pub(crate) closing: i64,
    /// Receipts, by date.
    pub(crate) receipts: Vec<Receipt>,
    /// Disbursements, by date.
    pub(crate) disbursements: Vec<Disbursement>,
    /// Sum of receipts.
    pub(crate) total_receipts: i64,
    /// Sum of disbursements.
    pub(crate) total_disbursements: i64,
    /// Receipts during the Tháng cao điểm.
    pub(crate) peak_receipts: i64,
    /// Totals per category.
    pub(crate) by_category: Vec<CategoryTotal>,
    /// Page.
    pub(crate) url: String,
    /// Source file.
    pub(crate) source: String,
    /// Where `closing:` is.
    #[serde(skip)]
    pub(crate) closing_pos: Pos,
    /// Where `opening:` is.
    #[serde(skip)]
    pub(crate) opening_pos: Pos,
}

impl Period {
    /// Receipts and disbursements summed by (year, month) of their dates, in date order; a
    /// row dated with a year only counts under month 0.
    pub(crate) fn monthly_totals(&self) -> std::collections::BTreeMap<(i32, u8), (i64, i64)> {
        let mut m: std::collections::BTreeMap<(i32, u8), (i64, i64)> = Default::default();
        for r in &self.receipts {
            if let Some(d) = r.sort_date {
                m.entry((d.year, d.month.unwrap_or(0))).or_default().0 += r.amount;
            }
        }
        for r in &self.disbursements {
            if let Some(d) = r.sort_date {
                m.entry((d.year, d.month.unwrap_or(0))).or_default().1 += r.amount;
            }
        }
        m
    }
}

fn code_of(
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

fn bad_choice(file: &Path, pos: Pos, key: &str, value: &str, table: &[(&str, &str)]) -> Diagnostic {
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

/// A row from YAML or CSV: field name -> (text, position).
type Row = BTreeMap<&'static str, (String, Pos)>;

const RECEIPT_FIELDS: &[(&str, &[&str])] = &[
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
];

const DISBURSEMENT_FIELDS: &[(&str, &[&str])] = &[
    ("date", &["ngay", "ngay-chi"]),
    ("category", &["hang-muc", "loai-chi", "noi-dung-chi", "loai"]),
    ("count", &["so-luong", "so-ho", "so-nguoi", "so-suat"]),
    ("amount", &["so-tien", "so-tien-dong"]),
    ("locality", &["dia-ban", "dia-phuong", "xa"]),
    ("decision", &["quyet-dinh", "so-quyet-dinh", "can-cu"]),
];

fn truthy(s: &str) -> Option<bool> {
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

fn yaml_rows(
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
        let mut row = Row::new();
        for (f, _) in fields {
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
                row.insert(f, (text, v.pos));
            }
        }
        r.finish();
        // The refusal says more than "unknown key": keep only it.
        diags.retain(|d| !(d.code == "unknown-key" && refused.contains(&d.pos)));
        out.push((row, n.pos));
    }
    out
}

fn csv_rows(
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
                let mut row = Row::new();
                for (i, v) in rec.iter().enumerate() {
                    if let Some(Some(f)) = map.get(i) {
                        let v = v.trim();
                        if !v.is_empty() {
                            row.insert(f, (vi::nfc(v), Pos::new(line, i as u32 + 1)));
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

fn amount_cell(row: &Row, file: &Path, at: Pos, diags: &mut Vec<Diagnostic>) -> Option<i64> {
    let Some((s, pos)) = row.get("amount") else {
        diags.push(Diagnostic::error(
            "missing-key",
            file,
            at,
            t!("dòng thiếu số tiền (`amount`)", "row has no `amount`"),
        ));
        return None;
    };
    let s = s.trim();
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

fn date_cell(row: &Row, file: &Path, at: Pos, diags: &mut Vec<Diagnostic>) -> Option<PartialDate> {
    let Some((s, pos)) = row.get("date") else {
        diags.push(Diagnostic::error(
            "missing-key",
            file,
            at,
            t!("dòng thiếu ngày (`date`)", "row has no `date`"),
        ));
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

fn origin(file: &Path, pos: Pos) -> String {
    format!("{}:{}", file.to_string_lossy().replace('\\', "/"), pos.line)
}

/// Reads every fund period and the CSV files they name, then checks the ledger.
pub(crate) fn read_fund(
    periods: &[&Source],
    csvs: &HashMap<PathBuf, &Source>,
    fund_root: &str,
    cfg: &FundConfig,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Period> {
    let mut out = Vec::new();
    // Receipt numbers per fund: (fund, number) -> first `file:line`.
    let mut seen: HashMap<(String, String), String> = HashMap::new();
    let mut used_csv: Vec<PathBuf> = Vec::new();
    for src in periods {
        let Some(front) = src.front.as_ref() else { continue };
        let file = &src.rel;
        let Some(mut r) = MapReader::new(front, file, "quỹ / fund period", diags) else {
            continue;
        };
        let fund = r.req_text("fund", "Quỹ \"Vì người nghèo\" tỉnh").unwrap_or_default();
        let level_node = r.node("level");
        let level = level_node.and_then(Node::as_text);
        let (mut pid, mut from, mut to) = (None, None, None);
        if let Some(p) = r.map("period") {
            if let Some(mut pr) = MapReader::new(p, file, "period", r.diags()) {
                pid = pr.text("id");
                from = pr.date("from");
                to = pr.date("to");
                pr.finish();
            }
        } else {
            r.report(
                Diagnostic::error(
                    "missing-key",
                    file,
                    front.pos,
                    t!("thiếu `period` (kỳ báo cáo)", "`period` is missing"),
                )
                .with_hint(t!(
                    "thêm `period: {{ id: 2024, from: 2024-01-01, to: 2024-12-31 }}`",
                    "add `period: {{ id: 2024, from: 2024-01-01, to: 2024-12-31 }}`"
                )),
            );
        }
        let opening_pos = front.get("opening").map(|n| n.pos).unwrap_or(front.pos);
        let closing_pos = front.get("closing").map(|n| n.pos).unwrap_or(front.pos);
        let opening = r.amount("opening");
        let closing = r.amount("closing");
        if front.get("opening").is_none() || front.get("closing").is_none() {
            r.report(Diagnostic::error(
                "missing-key",
                file,
                front.pos,
                t!(
                    "kỳ quỹ cần `opening` (số dư đầu kỳ) và `closing` (số dư cuối kỳ)",
                    "a fund period needs `opening` and `closing` balances"
                ),
            ));
        }
        let rec_nodes = r.list("receipts");
        let dis_nodes = r.list("disbursements");
        let rec_csv = r.text_list("receipts_csv");
        let dis_csv = r.text_list("disbursements_csv");
        let stated_receipts = r.amount("total_receipts");
        let stated_disbursements = r.amount("total_disbursements");
        let stated_cats = r.map("category_totals");
        r.finish();
        let level = match level {
            Some(l) => match code_of(&l, LEVELS) {
                Some((_, label)) => label.to_string(),
                None => {
                    diags.push(bad_choice(
                        file,
                        level_node.map(|n| n.pos).unwrap_or_default(),
                        "level",
                        &l,
                        LEVELS,
                    ));
                    l
                }
            },
            None => String::new(),
        };

        let mut rec_rows = yaml_rows(rec_nodes, RECEIPT_FIELDS, file, "receipt", false, diags)
            .into_iter()
            .map(|(r, p)| (r, p, file.clone()))
            .collect::<Vec<_>>();
        let mut dis_rows =
            yaml_rows(dis_nodes, DISBURSEMENT_FIELDS, file, "disbursement", true, diags)
                .into_iter()
                .map(|(r, p)| (r, p, file.clone()))
                .collect::<Vec<_>>();
        for (names, fields, rows, refuse) in [
            (&rec_csv, RECEIPT_FIELDS, &mut rec_rows, false),
            (&dis_csv, DISBURSEMENT_FIELDS, &mut dis_rows, true),
        ] {
            for name in names {
                let rel = src.content_rel.parent().unwrap_or(Path::new("")).join(name);
                match csvs.get(&rel) {
                    Some(csv_src) => {
                        used_csv.push(rel.clone());
                        let text = csv_src.text.as_deref().unwrap_or("");
                        for (row, pos) in csv_rows(text, fields, &csv_src.rel, refuse, diags) {
                            rows.push((row, pos, csv_src.rel.clone()));
                        }
                    }
                    None => diags.push(
                        Diagnostic::error(
                            "missing-file",
                            file,
                            front.pos,
                            t!("không tìm thấy tệp CSV `{name}`", "CSV file `{name}` not found"),
                        )
                        .with_hint(t!(
                            "đặt tệp cạnh tệp này, trong cùng thư mục",
                            "put the file next to this one, in the same folder"
                        )),
                    ),
                }
            }
        }

        let mut receipts = Vec::new();
        for (row, pos, f) in &rec_rows {
            let date = date_cell(row, f, *pos, diags);
            let amount = amount_cell(row, f, *pos, diags);
            let anonymous = row.get("anonymous").and_then(|(s, _)| truthy(s)).unwrap_or(false);
            let donor = row.get("donor").map(|(s, _)| s.clone()).filter(|_| !anonymous);
            if donor.is_none() && !anonymous {
                diags.push(
                    Diagnostic::error(
                        "missing-key",
                        f,
                        *pos,
                        t!("khoản thu thiếu tên nhà hảo tâm (`donor`)", "receipt has no `donor`"),
                    )
                    .with_hint(t!(
                        "ghi tên, hoặc `anonymous: true` nếu nhà hảo tâm xin giấu tên",
                        "give the name, or `anonymous: true` when the donor asked to stay anonymous"
                    )),
                );
            }
            let donor_kind = match row.get("donor_kind") {
                Some((s, p)) => match code_of(s, DONOR_KINDS) {
                    Some((_, l)) => l.to_string(),
                    None => {
                        diags.push(bad_choice(f, *p, "donor_kind", s, DONOR_KINDS));
                        s.clone()
                    }
                },
                None => String::new(),
            };
            let channel = match row.get("channel") {
                Some((s, p)) => match code_of(s, CHANNELS) {
                    Some((_, l)) => l.to_string(),
                    None => {
                        diags.push(bad_choice(f, *p, "channel", s, CHANNELS));
                        s.clone()
                    }
                },
                None => String::new(),
            };
            let peak_month = match row.get("peak_month") {
                Some((s, p)) => truthy(s).unwrap_or_else(|| {
                    diags.push(Diagnostic::error(
                        "bad-value",
                        f,
                        *p,
                        t!(
                            "`peak_month` phải là có/không (`{s}`)",
                            "`peak_month` must be yes/no (`{s}`)"
                        ),
                    ));
                    false
                }),
                None => false,
            };
            if let (Some(date), Some(amount)) = (date, amount) {
                if peak_month && !cfg.in_peak(&date) {
                    let (ds, w) = (date.short_vi(), cfg.window_vi());
                    diags.push(
                        Diagnostic::error(
                            "peak-outside-window",
                            f,
                            row.get("peak_month").map(|(_, p)| *p).unwrap_or(*pos),
                            t!(
                                "khoản thu ngày {ds} được ghi là Tháng cao điểm nhưng nằm ngoài thời gian cao điểm {w}",
                                "receipt of {ds} is tagged for the Tháng cao điểm but falls outside its window {w}"
                            ),
                        )
                        .with_hint(t!(
                            "bỏ đánh dấu `peak_month`, hoặc sửa ngày; thời gian cao điểm đặt ở `fund.peak_from`/`fund.peak_to` trong site.yaml",
                            "drop the `peak_month` tag or fix the date; the window is `fund.peak_from`/`fund.peak_to` in site.yaml"
                        )),
                    );
                }
                let donor_label = match (&donor, anonymous) {
                    (Some(d), false) => d.clone(),
                    _ => ANONYMOUS_LABEL.to_string(),
                };
                let in_kind = channel == "Hiện vật (giá trị ước tính)";
                receipts.push(Receipt {
                    date: Some(date.into()),
                    sort_date: Some(date),
                    donor,
                    anonymous,
                    donor_label,
                    in_kind,
                    donor_kind,
                    channel,
                    amount,
                    receipt_no: row.get("receipt_no").map(|(s, _)| s.clone()),
                    purpose: row.get("purpose").map(|(s, _)| s.clone()),
                    peak_month,
                    origin: origin(f, *pos),
                });
            }
        }
        let mut disbursements = Vec::new();
        for (row, pos, f) in &dis_rows {
            let date = date_cell(row, f, *pos, diags);
            let amount = amount_cell(row, f, *pos, diags);
            let cat = match row.get("category") {
                Some((s, p)) => match code_of(s, CATEGORIES) {
                    Some(c) => Some(c),
                    None => {
                        diags.push(bad_choice(f, *p, "category", s, CATEGORIES));
                        None
                    }
                },
                None => {
                    diags.push(Diagnostic::error(
                        "missing-key",
                        f,
                        *pos,
                        t!(
                            "khoản chi thiếu hạng mục (`category`)",
                            "disbursement has no `category`"
                        ),
                    ));
                    None
                }
            };
            let count = match row.get("count") {
                Some((s, p)) => match s.trim().parse::<i64>() {
                    Ok(c) if c >= 0 => Some(c),
                    _ => {
                        diags.push(Diagnostic::error(
                            "bad-value",
                            f,
                            *p,
                            t!(
                                "`count` phải là số nguyên không âm (`{s}`)",
                                "`count` must be a whole number (`{s}`)"
                            ),
                        ));
                        None
                    }
                },
                None => None,
            };
            if let (Some(date), Some(amount), Some((code, label))) = (date, amount, cat) {
                disbursements.push(Disbursement {
                    date: Some(date.into()),
                    sort_date: Some(date),
                    category: code.into(),
                    category_label: label.into(),
                    count,
                    amount,
                    locality: row.get("locality").map(|(s, _)| s.clone()),
                    decision: row.get("decision").map(|(s, _)| s.clone()),
                    decision_url: None,
                    origin: origin(f, *pos),
                });
            }
        }
        let id = pid.unwrap_or_else(|| {
            src.content_rel.file_stem().and_then(|s| s.to_str()).unwrap_or("ky").to_string()
        });
        let id = vi::slugify(&id);
        // Dates inside the period; duplicate receipt numbers (across the fund's periods).
        for rc in &receipts {
            check_in_period(rc.sort_date, (from, to), &rc.origin, diags);
            if let Some(no) = &rc.receipt_no
                && let Some(first) = seen.get(&(fund.clone(), no.clone())).cloned()
            {
                let (f, l) = split_origin(&rc.origin);
                diags.push(
                    Diagnostic::error(
                        "duplicate-receipt",
                        &f,
                        Pos::new(l, 0),
                        t!(
                            "số phiếu thu `{no}` trùng với {first}",
                            "receipt number `{no}` repeats {first}"
                        ),
                    )
                    .with_hint(t!(
                        "mỗi phiếu thu có một số riêng: kiểm tra dòng nhập hai lần",
                        "each receipt has its own number: look for a row entered twice"
                    )),
                );
            }
            if let Some(no) = &rc.receipt_no {
                seen.entry((fund.clone(), no.clone())).or_insert_with(|| rc.origin.clone());
            }
        }
        for d in &disbursements {
            check_in_period(d.sort_date, (from, to), &d.origin, diags);
        }
        receipts.sort_by(|a, b| {
            a.sort_date.cmp(&b.sort_date).then_with(|| a.receipt_no.cmp(&b.receipt_no))
        });
        disbursements.sort_by(|a, b| {
            a.sort_date.cmp(&b.sort_date).then_with(|| a.category.cmp(&b.category))
        });
        let total_receipts: i64 = receipts.iter().map(|r| r.amount).sum();
        let total_disbursements: i64 = disbursements.iter().map(|d| d.amount).sum();
        let peak_receipts = receipts.iter().filter(|r| r.peak_month).map(|r| r.amount).sum();
        let mut cats: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
        for d in &disbursements {
            let e = cats.entry(d.category_label.as_str()).or_default();
            e.0 += d.amount;
            e.1 += d.count.unwrap_or(0);
        }
        let mut by_category: Vec<CategoryTotal> = cats
            .into_iter()
            .map(|(label, (amount, count))| CategoryTotal {
                label: label.to_string(),
                amount,
                count,
                share: if total_disbursements > 0 {
                    amount as f64 * 100.0 / total_disbursements as f64
                } else {
                    0.0
                },
            })
            .collect();
        by_category.sort_by(|a, b| b.amount.cmp(&a.amount).then_with(|| a.label.cmp(&b.label)));
        check_stated_totals(
            file,
            front,
            (stated_receipts, stated_disbursements, stated_cats),
            (total_receipts, total_disbursements),
            &disbursements,
            diags,
        );
        if let (Some(o), Some(c)) = (opening, closing) {
            let expected = o + total_receipts - total_disbursements;
            if expected != c {
                let diff = c - expected;
                let (fo, fr, fd, fe, fc, fdiff) = (
                    vi::format_vnd(o),
                    vi::format_vnd(total_receipts),
                    vi::format_vnd(total_disbursements),
                    vi::format_vnd(expected),
                    vi::format_vnd(c),
                    vi::format_vnd(diff.abs()),
                );
                diags.push(
                    Diagnostic::error(
                        "unbalanced",
                        file,
                        closing_pos,
                        t!(
                            "sổ quỹ không cân: đầu kỳ {fo} + thu {fr} − chi {fd} = {fe}, nhưng số dư cuối kỳ ghi {fc} (lệch {fdiff})",
                            "the ledger does not balance: opening {fo} + receipts {fr} − disbursements {fd} = {fe}, but the closing balance says {fc} (off by {fdiff})"
                        ),
                    )
                    .with_hint(t!(
                        "kiểm tra các khoản thu, chi còn thiếu hoặc nhập sai; chỉ sửa `closing` khi chắc chắn số liệu thu chi đã đúng",
                        "look for missing or mistyped rows; change `closing` only once the rows are right"
                    )),
                );
            }
        }
        out.push(Period {
            url: format!("/{}/{}/", fund_root.trim_matches('/'), id),
            id,
            fund,
            level,
            from: from.map(DateView::from),
            to: to.map(DateView::from),
            bounds: (from, to),
            opening: opening.unwrap_or(0),
            closing: closing.unwrap_or(0),
            receipts,
            disbursements,
            total_receipts,
            total_disbursements,
            peak_receipts,
            by_category,
            source: src.rel.to_string_lossy().replace('\\', "/"),
            closing_pos,
            opening_pos,
        });
    }
    for (rel, src) in csvs {
        if !used_csv.contains(rel) {
            diags.push(
                Diagnostic::warning(
                    "unused-csv",
                    &src.rel,
                    Pos::default(),
                    t!(
                        "tệp CSV này không được kỳ quỹ nào dùng",
                        "no fund period uses this CSV file"
                    ),
                )
                .with_hint(t!(
                    "thêm tên tệp vào `receipts_csv:` hoặc `disbursements_csv:` của kỳ tương ứng",
                    "list it under `receipts_csv:` or `disbursements_csv:` of its period"
                )),
            );
        }
    }
    // Periods chain: each opens with the previous closing (per fund).
    out.sort_by(|a, b| (a.fund.as_str(), a.bounds.0).cmp(&(b.fund.as_str(), b.bounds.0)));
    for w in out.windows(2) {
        let (prev, next) = (&w[0], &w[1]);
        if prev.fund == next.fund && prev.closing != next.opening {
            let (pc, no, pid) =
                (vi::format_vnd(prev.closing), vi::format_vnd(next.opening), prev.id.clone());
            diags.push(
                Diagnostic::error(
                    "opening-mismatch",
                    Path::new(&next.source),
                    next.opening_pos,
                    t!(
                        "số dư đầu kỳ {no} khác số dư cuối kỳ trước ({pid}: {pc})",
                        "opening balance {no} differs from the previous closing ({pid}: {pc})"
                    ),
                )
                .with_hint(t!(
                    "số dư đầu kỳ phải bằng số dư cuối kỳ liền trước",
                    "the opening balance must equal the previous period's closing"
                )),
            );
        }
    }
    out
}

/// Totals written in the period file (as on the paper report) against the rows' sums:
/// `total_receipts`, `total_disbursements`, and `category_totals` (each category, and their sum).
fn check_stated_totals(
    file: &Path,
    front: &Node,
    (st_rec, st_dis, st_cats): (Option<i64>, Option<i64>, Option<&Node>),
    (total_receipts, total_disbursements): (i64, i64),
    disbursements: &[Disbursement],
    diags: &mut Vec<Diagnostic>,
) {
    let pos_of = |k: &str| front.get(k).map(|n| n.pos).unwrap_or(front.pos);
    for (key, stated, actual, what_vi, what_en) in [
        ("total_receipts", st_rec, total_receipts, "tổng thu", "total receipts"),
        ("total_disbursements", st_dis, total_disbursements, "tổng chi", "total disbursements"),
    ] {
        if let Some(st) = stated
            && st != actual
        {
            let (a, b) = (vi::format_vnd(st), vi::format_vnd(actual));
            diags.push(
                Diagnostic::error(
                    "total-mismatch",
                    file,
                    pos_of(key),
                    t!(
                        "{what_vi} ghi {a} nhưng cộng các dòng được {b}",
                        "{what_en} says {a} but the rows add up to {b}"
                    ),
                )
                .with_hint(t!(
                    "tìm dòng thiếu hoặc nhập sai trước khi sửa `{key}`",
                    "look for a missing or mistyped row before changing `{key}`"
                )),
            );
        }
    }
    let Some(cats) = st_cats else { return };
    let Some(entries) = cats.entries() else {
        diags.push(Diagnostic::error(
            "wrong-type",
            file,
            cats.pos,
            t!(
                "`category_totals` phải là bảng hạng mục: số tiền",
                "`category_totals` must map categories to amounts"
            ),
        ));
        return;
    };
    let mut sum = 0i64;
    let mut stated_codes = Vec::new();
    for (k, v) in entries {
        let Some((code, label)) = code_of(&k.name, CATEGORIES) else {
            diags.push(bad_choice(file, k.pos, "category_totals", &k.name, CATEGORIES));
            continue;
        };
        let st = match amount_of(v) {
            Ok(a) => a,
            Err(e) => {
                diags.push(e.into_diag(&k.name, v, file));
                continue;
            }
        };
        stated_codes.push(code);
        sum += st;
        let actual: i64 =
            disbursements.iter().filter(|d| d.category == code).map(|d| d.amount).sum();
        if st != actual {
            let (a, b) = (vi::format_vnd(st), vi::format_vnd(actual));
            diags.push(
                Diagnostic::error(
                    "category-total-mismatch",
                    file,
                    v.pos,
                    t!(
                        "hạng mục \"{label}\" ghi {a} nhưng các khoản chi của hạng mục cộng được {b}",
                        "category \"{label}\" says {a} but its disbursements add up to {b}"
                    ),
                )
                .with_hint(t!(
                    "đối chiếu hạng mục (`category`) của từng khoản chi",
                    "check the `category` of each disbursement"
                )),
            );
        }
    }
    let total = st_dis.unwrap_or(total_disbursements);
    if sum != total {
        let missing: Vec<&str> = CATEGORIES
            .iter()
            .filter(|(c, _)| {
                !stated_codes.contains(c) && disbursements.iter().any(|d| d.category == *c)
            })
            .map(|(c, _)| *c)
            .collect();
        let (a, b, m) = (vi::format_vnd(sum), vi::format_vnd(total), missing.join(", "));
        diags.push(
            Diagnostic::error(
                "category-sum-mismatch",
                file,
                cats.pos,
                t!(
                    "cộng các hạng mục được {a}, khác tổng chi {b}",
                    "the category totals add up to {a}, not the total disbursements {b}"
                ),
            )
            .with_hint(if missing.is_empty() {
                t!("kiểm tra lại số tiền từng hạng mục", "check each category's amount")
            } else {
                t!("thiếu hạng mục: {m}", "categories missing: {m}")
            }),
        );
    }
}

/// Links each disbursement's approving decision to its page, when the site has that decision.
pub(crate) fn link_decisions(periods: &mut [Period], decisions: &[Decision]) {
    let key = |s: &str| vi::nfc(s).chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let urls: HashMap<String, &str> = decisions
        .iter()
        .filter_map(|d| d.number.as_ref().map(|n| (key(&n.written), d.meta.url.as_str())))
        .collect();
    for p in periods {
        for d in &mut p.disbursements {
            if let Some(n) = &d.decision {
                d.decision_url = urls.get(&key(n)).map(|u| u.to_string());
            }
        }
    }
}

fn split_origin(o: &str) -> (PathBuf, u32) {
    match o.rsplit_once(':') {
        Some((f, l)) => (PathBuf::from(f), l.parse().unwrap_or(0)),
        None => (PathBuf::from(o), 0),
    }
}

fn check_in_period(
    d: Option<PartialDate>,
    (from, to): (Option<PartialDate>, Option<PartialDate>),
    origin: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(d) = d else { return };
    let before = from.is_some_and(|f| d < f);
    let after = to.is_some_and(|t| d > t);
    if before || after {
        let (f, l) = split_origin(origin);
        let ds = d.short_vi();
        let range = format!(
            "{} – {}",
            from.map(|x| x.short_vi()).unwrap_or_default(),
            to.map(|x| x.short_vi()).unwrap_or_default()
        );
        diags.push(
            Diagnostic::error(
                "date-outside-period",
                &f,
                Pos::new(l, 0),
                t!("ngày {ds} nằm ngoài kỳ {range}", "date {ds} is outside the period {range}"),
            )
            .with_hint(t!(
                "chuyển dòng này sang tệp của kỳ đúng, hoặc sửa ngày",
                "move the row to the right period's file, or fix the date"
            )),
        );
    }
}
