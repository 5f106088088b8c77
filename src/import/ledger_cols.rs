//! Finding a fund ledger's header in a sheet and what each column holds: Vietnamese headers in
//! any order, with or without diacritics, under merged title rows, on one row or two (`Số tiền`
//! over `Thu | Chi | Tồn`, `Số hiệu chứng từ` over `Thu | Chi`).

use super::formats::{Cell, Table};
use crate::vi;

/// Rows searched for the header, from the top of the sheet.
const HEADER_SEARCH_ROWS: usize = 30;

/// What a column of the ledger holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Date,
    ReceiptNo,
    ReceiptNoIn,
    ReceiptNoOut,
    Description,
    Donor,
    In,
    Out,
    Amount,
    Balance,
    Flow,
    Note,
    Category,
    Locality,
    Count,
    Decision,
    Channel,
    DonorKind,
    Peak,
    Anonymous,
    /// A column naming the people helped: never read (the fund publishes counts only).
    Beneficiary,
    /// Read by nobody (`STT`, a second date column).
    Skip,
}

/// Money in (a receipt) or out (a disbursement).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    In,
    Out,
}

/// The header found in a table: the last header row and each column's role and title.
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    /// Index of the last header row (data starts below it).
    pub(crate) header_row: usize,
    /// Column index, role, the header as written.
    pub(crate) cols: Vec<(usize, Role, String)>,
    /// The sheet holds only receipts or only disbursements (its name or title says so).
    pub(crate) sheet_flow: Option<Flow>,
    /// The title rows above the header, as text.
    pub(crate) titles: Vec<String>,
}

impl Layout {
    /// The first column with `role`.
    pub(crate) fn col(&self, role: Role) -> Option<usize> {
        self.cols.iter().find(|(_, r, _)| *r == role).map(|(c, _, _)| *c)
    }

    /// Whether any amount column is known.
    fn has_amount(&self) -> bool {
        [Role::In, Role::Out, Role::Amount].iter().any(|r| self.col(*r).is_some())
    }
}

/// ` so tien thu ` for `Số tiền\nThu`: folded, lowercase, words apart, spaces around.
pub(crate) fn words(s: &str) -> String {
    let f = vi::fold(s).to_lowercase();
    let w: Vec<&str> = f.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    format!(" {} ", w.join(" "))
}

fn has(h: &str, any: &[&str]) -> bool {
    any.iter().any(|p| h.contains(&format!(" {p} ")))
}

/// What a header (folded by [`words`]) names.
pub(crate) fn role_of(h: &str) -> Option<Role> {
    let flow = |r_in, r_out, r_none| {
        if has(h, &["thu", "nop", "nhan vao"]) && !has(h, &["chi"]) {
            r_in
        } else if has(h, &["chi"]) && !has(h, &["thu"]) {
            r_out
        } else {
            r_none
        }
    };
    let role = if matches!(h.trim(), "stt" | "tt" | "so tt" | "so thu tu") {
        Role::Skip
    } else if has(h, &["ghi chu"]) {
        Role::Note
    } else if has(h, &["ngay"]) {
        Role::Date
    } else if has(h, &["chung tu", "so phieu", "so ct", "bien lai", "so hieu"]) {
        flow(Role::ReceiptNoIn, Role::ReceiptNoOut, Role::ReceiptNo)
    } else if has(
        h,
        &["nguoi nhan", "don vi nhan", "ho ten nguoi nhan", "chu ho", "ho duoc ho tro"],
    ) {
        Role::Beneficiary
    } else if has(h, &["nguoi nop", "don vi nop", "nha hao tam", "nguoi ung ho", "don vi ung ho"])
        || has(h, &["don vi ca nhan", "ten don vi", "ho va ten", "ho ten"])
    {
        Role::Donor
    } else if has(h, &["dien giai", "noi dung", "trich yeu", "ly do"]) {
        Role::Description
    } else if has(h, &["so du", "ton", "ton quy"]) {
        Role::Balance
    } else if has(h, &["hang muc", "loai chi", "muc chi"]) {
        Role::Category
    } else if has(h, &["dia ban", "dia phuong"]) {
        Role::Locality
    } else if has(h, &["so luong", "so ho", "so nguoi", "so suat"]) {
        Role::Count
    } else if has(h, &["quyet dinh", "so qd"]) {
        Role::Decision
    } else if has(h, &["hinh thuc", "kenh"]) {
        Role::Channel
    } else if has(h, &["loai nha hao tam", "doi tuong"]) {
        Role::DonorKind
    } else if has(h, &["cao diem"]) {
        Role::Peak
    } else if has(h, &["an danh", "giau ten"]) {
        Role::Anonymous
    } else if has(h, &["so tien", "phat sinh", "tien"]) {
        flow(Role::In, Role::Out, Role::Amount)
    } else if matches!(h.trim(), "thu" | "khoan thu") {
        Role::In
    } else if matches!(h.trim(), "chi" | "khoan chi") {
        Role::Out
    } else if matches!(h.trim(), "thu chi" | "loai" | "loai phieu" | "thu hay chi") {
        Role::Flow
    } else {
        return None;
    };
    Some(role)
}

/// A cell's text, trimmed.
fn text(row: &[Cell], c: usize) -> &str {
    row.get(c).map(|x| x.text.trim()).unwrap_or("")
}

/// Roles of one header row (optionally completed by the row under it).
fn roles(parent: &[Cell], child: Option<&[Cell]>) -> Vec<(usize, Role, String)> {
    let width = parent.len().max(child.map_or(0, <[Cell]>::len));
    let mut out = Vec::new();
    let mut span = String::new(); // a merged parent cell reaches right over empty cells
    for c in 0..width {
        let p = text(parent, c);
        let k = child.map(|r| text(r, c)).unwrap_or("");
        if !p.is_empty() {
            span = p.to_string();
        } else if k.is_empty() {
            span.clear();
        }
        let title = match (p.is_empty(), k.is_empty()) {
            (_, true) if p.is_empty() => continue,
            (_, true) => p.to_string(),
            (false, false) => format!("{p} {k}"),
            (true, false) => format!("{span} {k}").trim().to_string(),
        };
        if let Some(r) = role_of(&words(&title)) {
            out.push((c, r, title.replace('\n', " ")));
        }
    }
    let mut seen_date = false;
    for (_, r, _) in &mut out {
        if *r == Role::Date {
            if seen_date {
                *r = Role::Skip; // `Ngày ghi sổ` then `Ngày chứng từ`: the first one counts
            }
            seen_date = true;
        }
    }
    out
}

/// A row under the header that only completes it: every filled cell is a header word.
fn is_sub_header(row: &[Cell]) -> bool {
    let filled: Vec<&Cell> = row.iter().filter(|c| !c.text.trim().is_empty()).collect();
    !filled.is_empty()
        && filled.iter().all(|c| {
            c.number.is_none()
                && (role_of(&words(&c.text)).is_some()
                    || matches!(words(&c.text).trim(), "so" | "so hieu" | "ngay thang"))
        })
}

/// The ledger header of `t`, if it has one: a date column and an amount column.
pub(crate) fn find(t: &Table) -> Option<Layout> {
    for r in 0..t.rows.len().min(HEADER_SEARCH_ROWS) {
        let row = &t.rows[r];
        // A second header row only completes a first one that is a header itself.
        let parent_is_header = roles(row, None).iter().any(|(_, r, _)| *r == Role::Date);
        let next = t.rows.get(r + 1).filter(|n| parent_is_header && is_sub_header(n));
        let cols = roles(row, next.map(Vec::as_slice));
        let layout = Layout {
            header_row: if next.is_some() { r + 1 } else { r },
            cols,
            sheet_flow: None,
            titles: Vec::new(),
        };
        if layout.col(Role::Date).is_some() && layout.has_amount() && layout.cols.len() >= 3 {
            let titles: Vec<String> = t.rows[..r]
                .iter()
                .flat_map(|row| row.iter().map(|c| c.text.trim().to_string()))
                .filter(|s| !s.is_empty())
                .collect();
            let sheet_flow = flow_of_sheet(&t.name, &titles);
            return Some(Layout { sheet_flow, titles, ..layout });
        }
    }
    None
}

/// A sheet named `Thu` or `Chi 2024`, or titled `BẢNG KÊ CÁC KHOẢN THU`, holds one flow.
fn flow_of_sheet(name: &str, titles: &[String]) -> Option<Flow> {
    let n = words(name);
    let by_name = match (has(&n, &["thu"]), has(&n, &["chi"])) {
        (true, false) => Some(Flow::In),
        (false, true) => Some(Flow::Out),
        _ => None,
    };
    by_name.or_else(|| {
        let t = words(&titles.join(" "));
        let into = has(&t, &["khoan thu", "danh sach ung ho", "thu ung ho", "so thu"]);
        let out = has(&t, &["khoan chi", "chi ho tro", "so chi"]);
        match (into, out) {
            (true, false) => Some(Flow::In),
            (false, true) => Some(Flow::Out),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::formats::Origin;

    fn table(name: &str, rows: &[&[&str]]) -> Table {
        let cell = |s: &&str| Cell {
            text: s.to_string(),
            number: None,
            is_date: false,
            origin: Origin::Inferred,
        };
        Table {
            name: name.into(),
            rows: rows.iter().map(|r| r.iter().map(cell).collect()).collect(),
        }
    }

    #[test]
    fn headers_in_any_order_with_or_without_marks() {
        for (h, want) in [
            ("Ngày tháng", Role::Date),
            ("ngay", Role::Date),
            ("Số chứng từ", Role::ReceiptNo),
            ("Nội dung", Role::Description),
            ("Diễn giải", Role::Description),
            ("Đơn vị/người nộp", Role::Donor),
            ("Số tiền", Role::Amount),
            ("Thu", Role::In),
            ("Số tiền chi", Role::Out),
            ("Tồn quỹ", Role::Balance),
            ("Ghi chú", Role::Note),
            ("Hạng mục", Role::Category),
            ("Thu/Chi", Role::Flow),
            ("Họ tên người nhận", Role::Beneficiary),
        ] {
            assert_eq!(role_of(&words(h)), Some(want), "{h}");
        }
        assert_eq!(role_of(&words("Chữ ký")), None);
    }

    #[test]
    fn header_below_merged_titles_on_two_rows() {
        let t = table(
            "Sổ quỹ",
            &[
                &["SỔ THU CHI QUỸ \"VÌ NGƯỜI NGHÈO\" XÃ TÂN TIẾN NĂM 2024", "", "", "", "", "", ""],
                &["", "", "", "", "", "", ""],
                &["Ngày", "Số chứng từ", "", "Diễn giải", "Số tiền", "", ""],
                &["", "Thu", "Chi", "", "Thu", "Chi", "Tồn"],
                &["20/10/2024", "PT01", "", "Ủng hộ", "1.000.000", "", ""],
            ],
        );
        let l = find(&t).unwrap();
        assert_eq!(l.header_row, 3);
        let roles: Vec<Role> = l.cols.iter().map(|(_, r, _)| *r).collect();
        use Role::*;
        assert_eq!(roles, [Date, ReceiptNoIn, ReceiptNoOut, Description, In, Out, Balance]);
        assert_eq!(l.titles.len(), 1);
    }

    #[test]
    fn a_sheet_of_one_flow() {
        let t = table("Chi 2024", &[&["Ngày", "Nội dung", "Số tiền"]]);
        assert_eq!(find(&t).unwrap().sheet_flow, Some(Flow::Out));
        let t = table("Sheet1", &[&["BẢNG KÊ CÁC KHOẢN THU"], &["Ngày", "Nhà hảo tâm", "Số tiền"]]);
        assert_eq!(find(&t).unwrap().sheet_flow, Some(Flow::In));
        let t = table("Sheet1", &[&["STT", "Họ và tên", "Chức vụ"]]);
        assert!(find(&t).is_none());
    }
}
