//! A fund ledger from a spreadsheet (`.xlsx`, `.xls`, `.ods`, `.csv`) to the files the site
//! reads: the period YAML (`content/quy/<id>.yaml`) and its receipts and disbursements CSV.
//!
//! The header is found by `ledger_cols`, the rows read by `ledger_rows`, the cells by
//! `ledger_cells`; this module puts the period together (fund, level, dates, opening and closing
//! balance, stated totals) and writes it. A figure the ledger does not state is taken from the
//! site (the previous period's closing) or computed, and marked to confirm. A disbursement's
//! description is never written: it often names the people helped, whom the fund never
//! publishes; only its category (from a `Hạng mục` column or the description's words), count,
//! locality and decision are.

use std::path::{Path, PathBuf};

use super::draft::{Draft, Field, ImportKind, Item, Value};
use super::formats::{Origin, Source};
use super::ledger_cols::{self, words};
use super::ledger_rows::{self, Entry, Ledger, Stated};
use crate::diag::{Diagnostic, Pos, Text};
use crate::t;
use crate::vi;

/// Problems reported per file; past this, one line says how many more.
const MAX_PROBLEMS: usize = 100;

/// Whether the source looks like a ledger: a table with a date column and an amount column.
pub(crate) fn looks_like_ledger(s: &Source) -> bool {
    s.tables.iter().any(|t| ledger_cols::find(t).is_some())
}

/// The draft of a ledger; `skip_bad_rows` leaves unreadable rows out (listed in the report)
/// instead of stopping.
pub(crate) fn draft(
    s: &Source,
    file: &Path,
    root: &Path,
    skip_bad_rows: bool,
) -> Result<Draft, Vec<Diagnostic>> {
    let mut ledger = Ledger::default();
    let mut titles = Vec::new();
    for t in &s.tables {
        if let Some(l) = ledger_cols::find(t) {
            ledger_rows::read(t, &l, &mut ledger);
            titles.extend(l.titles.iter().cloned());
        }
    }
    if s.tables.iter().all(|t| ledger_cols::find(t).is_none()) {
        return Err(vec![no_header(file)]);
    }
    let site = SiteFund::read(root);
    let period = Period::of(&ledger, &titles, &site);
    let mut notes = Vec::new();
    let closing_problem = check_closing(&ledger, &period);
    ledger.problems.extend(closing_problem);
    let empty = ledger.receipts.is_empty() && ledger.disbursements.is_empty();
    if !ledger.problems.is_empty() && (!skip_bad_rows || empty) {
        return Err(diagnostics(&ledger, file));
    }
    for p in &ledger.problems {
        let at = p.at.show();
        notes.push(Text::new(
            format!("bỏ qua ({}): {}", at.vi, p.message.vi),
            format!("left out ({}): {}", at.en, p.message.en),
        ));
    }
    Ok(build(&ledger, &period, notes))
}

fn no_header(file: &Path) -> Diagnostic {
    Diagnostic::error(
        "import-ledger",
        file,
        Pos::default(),
        t!(
            "không tìm thấy dòng tiêu đề của sổ quỹ (cần ít nhất cột ngày và cột số tiền)",
            "no fund ledger header found (it needs at least a date column and an amount column)"
        ),
    )
    .with_hint(t!(
        "đặt một dòng tiêu đề trong 30 dòng đầu, ví dụ `Ngày | Số chứng từ | Diễn giải | Thu | Chi | Ghi chú`",
        "put a header row within the first 30 rows, e.g. `Ngày | Số chứng từ | Diễn giải | Thu | Chi | Ghi chú`"
    ))
}

/// Each problem as an error at its cell (row and column from 1, and the A1 address).
fn diagnostics(l: &Ledger, file: &Path) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = l
        .problems
        .iter()
        .take(MAX_PROBLEMS)
        .map(|p| {
            let pos = match &p.at {
                Origin::Cell { row, col, .. } | Origin::CsvCell { row, col } => {
                    Pos::new(row + 1, col + 1)
                }
                _ => Pos::default(),
            };
            let at = p.at.show();
            let msg = Text::new(
                format!("{}: {}", at.vi, p.message.vi),
                format!("{}: {}", at.en, p.message.en),
            );
            Diagnostic::error("import-ledger", file, pos, msg).with_hint(p.hint.clone())
        })
        .collect();
    if l.problems.len() > MAX_PROBLEMS {
        let more = l.problems.len() - MAX_PROBLEMS;
        out.push(
            Diagnostic::error(
                "import-ledger",
                file,
                Pos::default(),
                t!("và {more} lỗi khác trong tệp này", "and {more} more problems in this file"),
            )
            .with_hint(t!(
                "sửa các lỗi trên (thường cùng một nguyên nhân) rồi nhập lại",
                "fix the problems above (often one cause) and import again"
            )),
        );
    }
    out
}

/// The closing balance row, checked against opening + receipts − disbursements.
fn check_closing(l: &Ledger, p: &Period) -> Option<ledger_rows::CellProblem> {
    let stated = l.closing.as_ref()?;
    let computed = p.opening.0 + sum(&l.receipts) - sum(&l.disbursements);
    (stated.value != computed).then(|| {
        let (s, c) = (vi::format_vnd(stated.value), vi::format_vnd(computed));
        let diff = vi::format_vnd((stated.value - computed).abs());
        ledger_rows::CellProblem {
            at: stated.at.clone(),
            message: t!(
                "số dư cuối kỳ ghi {s} nhưng đầu kỳ + thu − chi = {c} (lệch {diff})",
                "the closing balance says {s} but opening + receipts − disbursements = {c} (off by {diff})"
            ),
            hint: t!(
                "tìm dòng ghi sai số tiền hoặc số dư đầu kỳ, sửa trong Excel rồi nhập lại",
                "find the row with the wrong amount or the wrong opening balance, fix it in Excel and import again"
            ),
        }
    })
}

fn sum(rows: &[(Entry, Origin)]) -> i64 {
    rows.iter().map(|(e, _)| e.amount).sum()
}

/// What the site already knows of its fund: the name, level and each period's end and closing.
#[derive(Default)]
struct SiteFund {
    fund: Option<(String, Option<String>)>,
    /// (period end, closing, file) of each period.
    closings: Vec<(String, i64, String)>,
}

impl SiteFund {
    fn read(root: &Path) -> SiteFund {
        let mut out = SiteFund::default();
        let dir = root.join("content/quy");
        let Ok(entries) = std::fs::read_dir(&dir) else { return out };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for p in files.iter().filter(|p| p.extension().is_some_and(|x| x == "yaml")) {
            let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let Ok(text) = std::fs::read_to_string(p) else { continue };
            let Ok(node) = crate::read::yaml::parse(&vi::nfc(&text), 1, Path::new(&name)) else {
                continue;
            };
            let get = |k: &str| node.get(k).and_then(|n| n.as_text());
            if let Some(f) = get("fund") {
                out.fund = Some((f, get("level")));
            }
            let to = node.get("period").and_then(|p| p.get("to")).and_then(|n| n.as_text());
            if let (Some(to), Some(c)) = (to, get("closing").and_then(|c| c.parse().ok())) {
                out.closings.push((to, c, format!("content/quy/{name}")));
            }
        }
        out
    }
}

/// The period's facts and where each came from.
struct Period {
    id: String,
    from: String,
    to: String,
    period_unsure: Option<Text>,
    fund: (String, Origin, Option<Text>),
    level: Option<&'static str>,
    opening: (i64, Origin, Option<Text>),
}

impl Period {
    fn of(l: &Ledger, titles: &[String], site: &SiteFund) -> Period {
        let mut dates: Vec<&str> =
            l.receipts.iter().chain(&l.disbursements).map(|(e, _)| e.date.as_str()).collect();
        dates.sort_unstable();
        let first = dates.first().copied().unwrap_or("");
        let last = dates.last().copied().unwrap_or("");
        let title_year = titles.iter().find_map(|t| year_in(t));
        let year = |d: &str| d.get(..4).unwrap_or("").to_string();
        let (id, from, to, period_unsure) = match title_year {
            Some(y) if year(first) == y && year(last) == y => {
                (y.clone(), format!("{y}-01-01"), format!("{y}-12-31"), None)
            }
            _ if !first.is_empty() && year(first) == year(last) => {
                let y = year(first);
                let why = t!(
                    "sổ không ghi năm; kỳ là năm {y} theo ngày của các dòng",
                    "the ledger names no year; the period is {y}, from its rows' dates"
                );
                (y.clone(), format!("{y}-01-01"), format!("{y}-12-31"), Some(why))
            }
            _ => {
                let id = format!("{}-{}", year(first), year(last));
                let why = t!(
                    "các dòng trải qua nhiều năm: kỳ lấy từ ngày đầu đến ngày cuối",
                    "the rows span several years: the period runs from the first to the last date"
                );
                (id, first.to_string(), last.to_string(), Some(why))
            }
        };
        let fund = fund_of(titles, site);
        let level = level_of(&fund.0);
        let opening = opening_of(l, site, &from);
        Period { id, from, to, period_unsure, fund, level, opening }
    }
}

/// `năm 2024` in a title.
fn year_in(s: &str) -> Option<String> {
    let w = words(s);
    let i = w.find(" nam ")?;
    let y: String = w[i + 5..].chars().take_while(char::is_ascii_digit).collect();
    (y.len() == 4).then_some(y)
}

/// The fund's name: from a title (`SỔ QUỸ "VÌ NGƯỜI NGHÈO" XÃ TÂN TIẾN NĂM 2024`), else the
/// site's fund, else a placeholder to confirm.
fn fund_of(titles: &[String], site: &SiteFund) -> (String, Origin, Option<Text>) {
    for t in titles.iter().filter(|t| words(t).contains(" vi nguoi ngheo ")) {
        // From the word `quỹ` to `năm …` (or the end).
        let all: Vec<&str> = t.split_whitespace().collect();
        let key = |w: &str| words(w).trim().to_string();
        let Some(start) = all.iter().position(|w| key(w) == "quy") else { continue };
        let end = all.iter().rposition(|w| key(w) == "nam").filter(|e| *e > start);
        let name = all[start..end.unwrap_or(all.len())].join(" ");
        return (fund_case(&name), Origin::Inferred, None);
    }
    if let Some((name, _)) = &site.fund {
        let why = t!(
            "sổ không ghi tên quỹ; lấy tên quỹ đã có trên trang",
            "the ledger names no fund; the site's fund name is used"
        );
        return (name.clone(), Origin::Inferred, Some(why));
    }
    let why = t!(
        "sổ không ghi tên quỹ: ghi đúng tên, ví dụ Quỹ \"Vì người nghèo\" xã Tân Tiến",
        "the ledger names no fund: write its name, e.g. Quỹ \"Vì người nghèo\" xã Tân Tiến"
    );
    ("Quỹ \"Vì người nghèo\"".into(), Origin::Inferred, Some(why))
}

/// `QUỸ "VÌ NGƯỜI NGHÈO" XÃ TÂN TIẾN` → `Quỹ "Vì người nghèo" xã Tân Tiến`; a name not in
/// capitals is kept as written.
fn fund_case(s: &str) -> String {
    if s.chars().any(char::is_lowercase) {
        return s.to_string();
    }
    let all: Vec<&str> = s.split_whitespace().collect();
    let Some(i) = all.iter().position(|w| words(w).trim() == "ngheo") else {
        return s.to_string();
    };
    let place = all[i + 1..].join(" ");
    let name = "Quỹ \"Vì người nghèo\"".to_string();
    if place.is_empty() { name } else { format!("{name} {}", super::plan::place_case(&place)) }
}

fn level_of(fund: &str) -> Option<&'static str> {
    let w = words(fund);
    let after = w.split(" ngheo ").nth(1).unwrap_or("");
    let after = format!(" {after}");
    [
        (" xa ", "xa"),
        (" phuong ", "xa"),
        (" thi tran ", "xa"),
        (" huyen ", "huyen"),
        (" quan ", "huyen"),
        (" thi xa ", "huyen"),
        (" thanh pho ", "huyen"),
        (" tinh ", "tinh"),
        (" trung uong ", "tw"),
    ]
    .iter()
    .find(|(p, _)| after.starts_with(p))
    .map(|(_, l)| *l)
}

/// The opening balance: the ledger's row, else the site's previous period's closing, else 0 to
/// confirm.
fn opening_of(l: &Ledger, site: &SiteFund, from: &str) -> (i64, Origin, Option<Text>) {
    if let Some(Stated { value, at }) = &l.opening {
        return (*value, at.clone(), None);
    }
    let before =
        site.closings.iter().filter(|(to, _, _)| to.as_str() < from).max_by(|a, b| a.0.cmp(&b.0));
    if let Some((_, c, file)) = before {
        let why = t!(
            "sổ không ghi số dư đầu kỳ; lấy số dư cuối kỳ của {file}",
            "the ledger has no opening balance; the closing of {file} is used"
        );
        return (*c, Origin::Inferred, Some(why));
    }
    let why = t!(
        "sổ không ghi số dư đầu kỳ: ghi số dư đầu kỳ đúng",
        "the ledger has no opening balance: write the right one"
    );
    (0, Origin::Inferred, Some(why))
}

/// The period YAML and its CSV files.
fn build(l: &Ledger, p: &Period, notes: Vec<Text>) -> Draft {
    let mut fields = Vec::new();
    let mut fund = Field::new("fund", Value::Text(p.fund.0.clone()), p.fund.1.clone());
    fund.unsure = p.fund.2.clone();
    fields.push(fund);
    match p.level {
        Some(level) => {
            fields.push(Field::new("level", Value::Text(level.into()), Origin::Inferred))
        }
        None => {
            fields.push(Field::new("level", Value::Text("xa".into()), Origin::Inferred).unsure(t!(
                "không rõ cấp của quỹ: tw, tinh, huyen hay xa",
                "the fund's level is unclear: tw, tinh, huyen or xa"
            )))
        }
    }
    let mut period = Field::new(
        "period",
        Value::Map(vec![
            ("id", Value::Text(p.id.clone())),
            ("from", Value::Date(p.from.clone())),
            ("to", Value::Date(p.to.clone())),
        ]),
        Origin::Inferred,
    );
    period.unsure = p.period_unsure.clone();
    fields.push(period);
    let mut opening = Field::new("opening", Value::Int(p.opening.0), p.opening.1.clone());
    opening.unsure = p.opening.2.clone();
    fields.push(opening);
    let mut extra = Vec::new();
    for (key, rows, suffix, first) in [
        ("receipts_csv", &l.receipts, "thu", l.receipts.first()),
        ("disbursements_csv", &l.disbursements, "chi", l.disbursements.first()),
    ] {
        let Some((_, at)) = first else { continue };
        let name = format!("{}-{suffix}.csv", p.id);
        let item = Item::sure(Value::Text(name.clone()), at.clone());
        let mut f = Field::new(key, Value::List(vec![item]), at.clone());
        let inferred = rows.iter().filter(|(e, _)| e.category_from_text).count();
        if inferred > 0 {
            f.unsure = Some(t!(
                "hạng mục của {inferred} khoản chi được suy ra từ nội dung; xem cột category",
                "the category of {inferred} disbursements was read from their description; check the category column"
            ));
        }
        fields.push(f);
        let text = if suffix == "thu" { receipts_csv(rows) } else { disbursements_csv(rows) };
        extra.push((PathBuf::from("content/quy").join(name), text));
    }
    for (key, total) in [("total_receipts", &l.total_in), ("total_disbursements", &l.total_out)] {
        if let Some(Stated { value, at }) = total {
            fields.push(Field::new(key, Value::Int(*value), at.clone()));
        }
    }
    let computed = p.opening.0 + sum(&l.receipts) - sum(&l.disbursements);
    fields.push(match &l.closing {
        Some(Stated { value, at }) => Field::new("closing", Value::Int(*value), at.clone()),
        None => Field::new("closing", Value::Int(computed), Origin::Inferred),
    });
    let mut notes = notes;
    let (nr, nd) = (l.receipts.len(), l.disbursements.len());
    notes.insert(0, t!("{nr} khoản thu, {nd} khoản chi", "{nr} receipts, {nd} disbursements"));
    Draft {
        kind: ImportKind::Ledger,
        target: PathBuf::from("content/quy").join(format!("{}.yaml", p.id)),
        fields,
        body: None,
        extra,
        notes,
    }
}

fn csv_text(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let used: Vec<usize> =
        (0..header.len()).filter(|i| rows.iter().any(|r| !r[*i].is_empty())).collect();
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(used.iter().map(|i| header[*i]));
    for r in &rows {
        let _ = w.write_record(used.iter().map(|i| r[*i].as_str()));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn receipts_csv(rows: &[(Entry, Origin)]) -> String {
    let header = [
        "date",
        "receipt_no",
        "donor",
        "anonymous",
        "donor_kind",
        "channel",
        "amount",
        "purpose",
        "peak_month",
    ];
    let rows = rows
        .iter()
        .map(|(e, _)| {
            vec![
                e.date.clone(),
                opt(&e.receipt_no),
                opt(&e.donor),
                if e.anonymous { "true".into() } else { String::new() },
                e.donor_kind.unwrap_or_default().into(),
                e.channel.unwrap_or_default().into(),
                e.amount.to_string(),
                opt(&e.purpose),
                e.peak.map(|b| b.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    csv_text(&header, rows)
}

fn disbursements_csv(rows: &[(Entry, Origin)]) -> String {
    let header = ["date", "category", "count", "amount", "locality", "decision"];
    let rows = rows
        .iter()
        .map(|(e, _)| {
            vec![
                e.date.clone(),
                e.category.unwrap_or_default().into(),
                opt(&e.count),
                e.amount.to_string(),
                opt(&e.locality),
                opt(&e.decision),
            ]
        })
        .collect();
    csv_text(&header, rows)
}
