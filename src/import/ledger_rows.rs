//! The rows of a fund ledger under its header: receipts and disbursements, the opening and
//! closing balance rows, and the totals rows (`Cộng`, `Tổng cộng`), which are checked against
//! the rows above them and never imported as rows. Each cell that cannot be read is a problem
//! with its sheet, row and column (`Sheet1!E12`) and what to write instead.

use super::formats::{Cell, Origin, Table};
use super::ledger_cells::{amount, amount_hint, date, date_hint};
use super::ledger_cols::{Flow, Layout, Role, words};
use crate::diag::Text;
use crate::model::fund::{CATEGORIES, CHANNELS, DONOR_KINDS};
use crate::t;
use crate::vi::{self, PartialDate};

/// One receipt or disbursement read from a row.
#[derive(Clone, Debug, Default)]
pub(crate) struct Entry {
    pub(crate) date: String,
    pub(crate) amount: i64,
    pub(crate) receipt_no: Option<String>,
    pub(crate) donor: Option<String>,
    pub(crate) anonymous: bool,
    pub(crate) purpose: Option<String>,
    pub(crate) category: Option<&'static str>,
    /// The category was read from the description's words, not from a category column.
    pub(crate) category_from_text: bool,
    pub(crate) count: Option<String>,
    pub(crate) locality: Option<String>,
    pub(crate) decision: Option<String>,
    pub(crate) channel: Option<&'static str>,
    pub(crate) donor_kind: Option<&'static str>,
    pub(crate) peak: Option<bool>,
}

/// A problem in a cell: where, what, what to do.
#[derive(Clone, Debug)]
pub(crate) struct CellProblem {
    pub(crate) at: Origin,
    pub(crate) message: Text,
    pub(crate) hint: Text,
}

/// A figure stated in the ledger (a balance or a total) and the cell it is in.
#[derive(Clone, Debug)]
pub(crate) struct Stated {
    pub(crate) value: i64,
    pub(crate) at: Origin,
}

/// What the rows of all sheets gave.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    pub(crate) receipts: Vec<(Entry, Origin)>,
    pub(crate) disbursements: Vec<(Entry, Origin)>,
    pub(crate) opening: Option<Stated>,
    pub(crate) closing: Option<Stated>,
    pub(crate) total_in: Option<Stated>,
    pub(crate) total_out: Option<Stated>,
    pub(crate) problems: Vec<CellProblem>,
}

/// Sums of one flow: since the last totals row, and over the whole ledger.
#[derive(Default, Clone, Copy)]
struct Sums {
    segment: [i64; 2],
    whole: [i64; 2],
}

fn ix(f: Flow) -> usize {
    match f {
        Flow::In => 0,
        Flow::Out => 1,
    }
}

/// Where cell (`r`, `c`) of `t` is, as the report and messages show it.
pub(crate) fn origin(t: &Table, r: usize, c: usize) -> Origin {
    match t.rows.get(r).and_then(|row| row.first()).map(|x| &x.origin) {
        Some(Origin::Cell { sheet, row, col }) => {
            Origin::Cell { sheet: sheet.clone(), row: *row, col: col + c as u32 }
        }
        Some(Origin::CsvCell { row, col }) => Origin::CsvCell { row: *row, col: col + c as u32 },
        _ => Origin::Cell { sheet: t.name.clone(), row: r as u32, col: c as u32 },
    }
}

fn cell(row: &[Cell], c: Option<usize>) -> Option<&Cell> {
    c.and_then(|c| row.get(c)).filter(|x| !x.text.trim().is_empty())
}

fn text_of(row: &[Cell], c: Option<usize>) -> Option<String> {
    cell(row, c).map(|x| vi::nfc(x.text.trim()))
}

/// Reads the rows of `t` under `l` into `out`.
pub(crate) fn read(t: &Table, l: &Layout, out: &mut Ledger) {
    let mut sums = Sums::default();
    let mut rows_seen = 0usize;
    for r in l.header_row + 1..t.rows.len() {
        let row = &t.rows[r];
        if row.iter().all(|c| c.text.trim().is_empty()) {
            continue;
        }
        match special(row, l) {
            Some(Special::Opening) => {
                out.opening = stated(t, r, l, &[Role::Balance, Role::In, Role::Amount], out)
            }
            Some(Special::Closing) => {
                out.closing = stated(t, r, l, &[Role::Balance, Role::In, Role::Amount], out)
            }
            Some(Special::Total) => totals(t, r, l, &mut sums, out),
            Some(Special::Skip) => {}
            None => {
                rows_seen += 1;
                if let Some((flow, e)) = entry(t, r, l, out) {
                    sums.segment[ix(flow)] += e.amount;
                    sums.whole[ix(flow)] += e.amount;
                    let at = origin(t, r, 0);
                    match flow {
                        Flow::In => out.receipts.push((e, at)),
                        Flow::Out => out.disbursements.push((e, at)),
                    }
                }
            }
        }
    }
    if rows_seen == 0 {
        let name = &t.name;
        out.problems.push(CellProblem {
            at: origin(t, l.header_row, 0),
            message: t!(
                "bảng `{name}` có dòng tiêu đề nhưng không có dòng thu chi nào",
                "sheet `{name}` has a header but no receipt or disbursement rows"
            ),
            hint: t!(
                "điền các dòng thu, chi dưới dòng tiêu đề, hoặc nhập đúng tệp sổ quỹ",
                "fill in the rows under the header, or import the right ledger file"
            ),
        });
    }
}

enum Special {
    Opening,
    Closing,
    Total,
    Skip,
}

/// Opening and closing balance rows, totals rows, and rows that are not ledger rows at all
/// (column numbers under the header, the signature block).
fn special(row: &[Cell], l: &Layout) -> Option<Special> {
    let dated = cell(row, l.col(Role::Date)).is_some_and(|c| date(c).is_ok_and(|d| d.is_some()));
    let label: String = row
        .iter()
        .filter(|c| c.number.is_none())
        .map(|c| c.text.trim())
        .collect::<Vec<_>>()
        .join(" ");
    let w = words(&label);
    let has = |ps: &[&str]| ps.iter().any(|p| w.contains(&format!(" {p} ")));
    if !dated
        && has(&["so du dau", "ton dau", "du dau", "dau ky", "dau nam", "ky truoc chuyen sang"])
    {
        return Some(Special::Opening);
    }
    if !dated
        && has(&["so du cuoi", "ton cuoi", "du cuoi", "cuoi ky", "cuoi nam", "chuyen sang ky sau"])
    {
        return Some(Special::Closing);
    }
    let mut first = w.split_whitespace();
    let (a, b) = (first.next().unwrap_or(""), first.next().unwrap_or(""));
    let not_a_unit = !["ty", "an", "doan", "dong", "chuc", "nhan", "dan", "thuong"].contains(&b);
    if !dated && matches!(a, "cong" | "tong" | "luy") && not_a_unit {
        return Some(Special::Total);
    }
    let amounts = [Role::In, Role::Out, Role::Amount]
        .iter()
        .any(|r| cell(row, l.col(*r)).is_some_and(|x| amount(x).is_ok()));
    let numbering = row.iter().all(|c| c.text.trim().chars().count() <= 3);
    if numbering || (!dated && !amounts) {
        return Some(Special::Skip);
    }
    None
}

fn problem(out: &mut Ledger, at: Origin, message: Text, hint: Text) {
    out.problems.push(CellProblem { at, message, hint });
}

/// The figure of a balance row, from the first of `roles` that has one.
fn stated(t: &Table, r: usize, l: &Layout, roles: &[Role], out: &mut Ledger) -> Option<Stated> {
    let row = &t.rows[r];
    for role in roles {
        let Some(c) = l.col(*role) else { continue };
        let Some(x) = cell(row, Some(c)) else { continue };
        match amount(x) {
            Ok(Some(v)) => return Some(Stated { value: v, at: origin(t, r, c) }),
            Ok(None) => return Some(Stated { value: 0, at: origin(t, r, c) }),
            Err(e) => {
                problem(out, origin(t, r, c), e, amount_hint());
                return None;
            }
        }
    }
    None
}

/// A totals row: each figure in an amount column is checked against the rows since the last
/// totals row, or against all rows (`Tổng cộng` at the end after monthly `Cộng`).
fn totals(t: &Table, r: usize, l: &Layout, sums: &mut Sums, out: &mut Ledger) {
    let row = &t.rows[r];
    for (role, flow) in
        [(Role::In, Some(Flow::In)), (Role::Out, Some(Flow::Out)), (Role::Amount, l.sheet_flow)]
    {
        let (Some(c), Some(flow)) = (l.col(role), flow) else { continue };
        let Some(x) = cell(row, Some(c)) else { continue };
        let at = origin(t, r, c);
        let stated = match amount(x) {
            Ok(v) => v.unwrap_or(0),
            Err(e) => {
                problem(out, at, e, amount_hint());
                continue;
            }
        };
        let (seg, whole) = (sums.segment[ix(flow)], sums.whole[ix(flow)]);
        if stated == whole {
            let s = Some(Stated { value: stated, at: at.clone() });
            match flow {
                Flow::In => out.total_in = s,
                Flow::Out => out.total_out = s,
            }
        } else if stated != seg {
            let (st, sm) = (vi::format_vnd(stated), vi::format_vnd(seg));
            let diff = vi::format_vnd((stated - seg).abs());
            problem(
                out,
                at,
                t!(
                    "dòng tổng ghi {st} nhưng các dòng phía trên cộng lại được {sm} (lệch {diff})",
                    "the totals row says {st} but the rows above add up to {sm} (off by {diff})"
                ),
                t!(
                    "sửa dòng sai (hoặc công thức của dòng tổng) trong Excel rồi nhập lại; nếu sổ đã ký đúng như vậy, nhập với --skip-bad-rows rồi ghi `official:` cho kỳ",
                    "fix the wrong row (or the totals formula) in Excel and import again; if the signed ledger says so, import with --skip-bad-rows and declare `official:` for the period"
                ),
            );
        }
    }
    sums.segment = [0, 0];
}

/// A receipt or disbursement row; problems go to `out`.
fn entry(t: &Table, r: usize, l: &Layout, out: &mut Ledger) -> Option<(Flow, Entry)> {
    let row = &t.rows[r];
    let n = out.problems.len();
    let at = |c: usize| origin(t, r, c);
    let date_col = l.col(Role::Date).unwrap_or(0);
    let when = match cell(row, Some(date_col)).map(date) {
        Some(Ok(Some(d))) => Some(d),
        Some(Err(e)) => {
            problem(out, at(date_col), e, date_hint());
            None
        }
        _ => {
            problem(
                out,
                at(date_col),
                t!("dòng không có ngày", "the row has no date"),
                date_hint(),
            );
            None
        }
    };
    let mut amounts: Vec<(Flow, i64)> = Vec::new();
    for (role, fixed) in
        [(Role::In, Some(Flow::In)), (Role::Out, Some(Flow::Out)), (Role::Amount, None)]
    {
        let Some(c) = l.col(role) else { continue };
        let Some(x) = cell(row, Some(c)) else { continue };
        match amount(x) {
            Ok(Some(v)) => match fixed.or_else(|| flow_of_row(row, l)) {
                Some(f) => amounts.push((f, v)),
                None => problem(
                    out,
                    at(c),
                    t!(
                        "không biết dòng này là khoản thu hay khoản chi",
                        "cannot tell whether this row is a receipt or a disbursement"
                    ),
                    t!(
                        "thêm cột `Thu/Chi` ghi `Thu` hoặc `Chi` cho mỗi dòng, hoặc tách số tiền thành hai cột `Thu` và `Chi`",
                        "add a `Thu/Chi` column saying `Thu` or `Chi` on each row, or split the amount into `Thu` and `Chi` columns"
                    ),
                ),
            },
            Ok(None) => {}
            Err(e) => problem(out, at(c), e, amount_hint()),
        }
    }
    if amounts.len() > 1 {
        problem(
            out,
            at(l.col(Role::In).unwrap_or(0)),
            t!(
                "dòng có cả số tiền thu và số tiền chi",
                "the row has both a receipt and a disbursement amount"
            ),
            t!("tách thành hai dòng, mỗi dòng một khoản", "split it into two rows, one each"),
        );
    }
    if amounts.is_empty() && out.problems.len() == n {
        let c = l.col(Role::Amount).or(l.col(Role::In)).unwrap_or(0);
        problem(out, at(c), t!("dòng không có số tiền", "the row has no amount"), amount_hint());
    }
    let (flow, value) = amounts.first().copied()?;
    let mut e = Entry { amount: value, ..Entry::default() };
    e.date = when.as_ref().map(PartialDate::iso).unwrap_or_default();
    fill(t, r, l, flow, &mut e, out);
    (out.problems.len() == n).then_some((flow, e))
}

/// `Thu`/`Chi` from a flow column, a receipt number column of one flow, a `PT`/`PC` number, or
/// the sheet.
fn flow_of_row(row: &[Cell], l: &Layout) -> Option<Flow> {
    if let Some(f) = text_of(row, l.col(Role::Flow)) {
        match words(&f).trim() {
            "thu" | "phieu thu" | "pt" | "khoan thu" => return Some(Flow::In),
            "chi" | "phieu chi" | "pc" | "khoan chi" => return Some(Flow::Out),
            _ => {}
        }
    }
    match (cell(row, l.col(Role::ReceiptNoIn)), cell(row, l.col(Role::ReceiptNoOut))) {
        (Some(_), None) => return Some(Flow::In),
        (None, Some(_)) => return Some(Flow::Out),
        _ => {}
    }
    if let Some(no) = text_of(row, l.col(Role::ReceiptNo)) {
        let up = no.to_uppercase();
        if up.starts_with("PT") {
            return Some(Flow::In);
        }
        if up.starts_with("PC") {
            return Some(Flow::Out);
        }
    }
    l.sheet_flow
}

/// A code cell through its table: the code, or the label in any case and with or without marks.
fn code(value: &str, table: &[(&'static str, &'static str)]) -> Option<&'static str> {
    let s = vi::slugify(value);
    table.iter().find(|(c, l)| *c == s || vi::slugify(l) == s).map(|(c, _)| *c)
}

/// Words of a disbursement's description that name its category.
const CATEGORY_WORDS: &[(&str, &[&str])] = &[
    ("nha-dai-doan-ket-sua-chua", &["sua chua nha", "sua nha", "sua chua"]),
    ("nha-dai-doan-ket-xay-moi", &["xay nha", "xay moi", "nha dai doan ket", "nha tinh thuong"]),
    ("hoc-bong", &["hoc bong"]),
    (
        "kham-chua-benh",
        &["kham chua benh", "kham benh", "chua benh", "bao hiem y te", "bhyt", "vien phi"],
    ),
    ("qua-tet", &["qua tet"]),
    ("mai-tang", &["mai tang", "tang le"]),
    ("tro-cap-dot-xuat", &["dot xuat", "thien tai", "bao lu", "hoa hoan"]),
    ("sinh-ke", &["sinh ke", "con giong", "cay giong", "giong", "bo giong", "von san xuat"]),
];

fn category_of_text(s: &str) -> Option<&'static str> {
    let w = words(s);
    CATEGORY_WORDS
        .iter()
        .find(|(_, ps)| ps.iter().any(|p| w.contains(&format!(" {p} "))))
        .map(|(c, _)| *c)
}

fn choice(
    out: &mut Ledger,
    at: Origin,
    what: &str,
    value: &str,
    table: &[(&'static str, &'static str)],
) -> Option<&'static str> {
    let found = code(value, table);
    if found.is_none() {
        let list = table.iter().map(|(_, l)| *l).collect::<Vec<_>>().join(", ");
        problem(
            out,
            at,
            t!("{what} `{value}` không có trong danh mục", "{what} `{value}` is not in the list"),
            t!("ghi một trong: {list}", "write one of: {list}"),
        );
    }
    found
}

/// The other cells of a row.
fn fill(t: &Table, r: usize, l: &Layout, flow: Flow, e: &mut Entry, out: &mut Ledger) {
    let row = &t.rows[r];
    let at = |role: Role| origin(t, r, l.col(role).unwrap_or(0));
    let get = |role: Role| text_of(row, l.col(role));
    let description = get(Role::Description);
    e.receipt_no = get(Role::ReceiptNo).or(get(match flow {
        Flow::In => Role::ReceiptNoIn,
        Flow::Out => Role::ReceiptNoOut,
    }));
    if flow == Flow::In {
        let donor = get(Role::Donor)
            .or_else(|| l.col(Role::Donor).is_none().then(|| description.clone()).flatten());
        let anonymous_cell =
            get(Role::Anonymous).map(|s| matches!(words(&s).trim(), "x" | "co" | "1" | "true"));
        let says_anonymous = donor.as_deref().is_some_and(|d| {
            [" an danh ", " giau ten ", " khong ghi ten "].iter().any(|p| words(d).contains(p))
        });
        e.anonymous = anonymous_cell.unwrap_or(false) || says_anonymous;
        e.donor = donor.filter(|_| !says_anonymous);
        if e.donor.is_none() && !e.anonymous {
            problem(
                out,
                at(Role::Donor),
                t!("khoản thu không ghi đơn vị hay người nộp", "the receipt names no donor"),
                t!(
                    "ghi tên đơn vị/người nộp; nếu nhà hảo tâm xin giấu tên, ghi `ẩn danh`",
                    "write the donor's name; if they asked to stay anonymous, write `ẩn danh`"
                ),
            );
        }
        e.purpose = if l.col(Role::Donor).is_some() { description } else { get(Role::Note) };
        if let Some(v) = get(Role::Channel) {
            e.channel = choice(out, at(Role::Channel), "hình thức", &v, CHANNELS);
        }
        if let Some(v) = get(Role::DonorKind) {
            e.donor_kind = choice(out, at(Role::DonorKind), "loại nhà hảo tâm", &v, DONOR_KINDS);
        }
        e.peak = get(Role::Peak).map(|s| matches!(words(&s).trim(), "x" | "co" | "1" | "true"));
        return;
    }
    if let Some(v) = get(Role::Category) {
        e.category = choice(out, at(Role::Category), "hạng mục", &v, CATEGORIES);
    } else if let Some(c) = description.as_deref().and_then(category_of_text) {
        e.category = Some(c);
        e.category_from_text = true;
    } else {
        let shown = description.unwrap_or_default();
        let list = CATEGORIES.iter().map(|(_, l)| *l).collect::<Vec<_>>().join(", ");
        problem(
            out,
            at(Role::Description),
            t!(
                "không biết khoản chi `{shown}` thuộc hạng mục nào",
                "cannot tell the category of the disbursement `{shown}`"
            ),
            t!(
                "thêm cột `Hạng mục` ghi một trong: {list}",
                "add a `Hạng mục` column saying one of: {list}"
            ),
        );
    }
    e.count = get(Role::Count);
    e.locality = get(Role::Locality);
    e.decision = get(Role::Decision);
}
