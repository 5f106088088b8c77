//! One cell of a fund ledger read as a treasurer writes it: an amount (a number, or text such as
//! `1.234.567 đ`) or a date (an Excel serial date, or `16/9/2022` as text).
//!
//! Anything that could be read two ways is refused with what to write instead, never guessed:
//! `1.5` (one and a half, or one thousand five hundred?), a two-digit year, `10/25/2024` (month
//! first, as an English Excel writes it). The errors are returned as text; the caller adds the
//! cell's address.

use super::formats::Cell;
use crate::diag::Text;
use crate::t;
use crate::vi::{self, PartialDate};

/// Excel's day 0: serial dates count days from 30/12/1899 (the 1900 leap-year bug included).
const EXCEL_EPOCH: (i16, i8, i8) = (1899, 12, 30);

/// A cell's amount in đồng: `None` when the cell is empty or zero.
pub(crate) fn amount(c: &Cell) -> Result<Option<i64>, Text> {
    if let Some(n) = c.number.filter(|_| !c.is_date) {
        return whole(n).map(|v| (v != 0).then_some(v));
    }
    let text = c.text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    amount_text(text).map(|v| (v != 0).then_some(v))
}

fn whole(n: f64) -> Result<i64, Text> {
    let shown = n.to_string();
    if !n.is_finite() || n.abs() >= 1e15 {
        return Err(t!("số tiền `{shown}` quá lớn", "amount `{shown}` is too large"));
    }
    if n.fract() != 0.0 {
        return Err(t!(
            "số tiền `{shown}` có phần lẻ (số tiền ghi bằng đồng, không có số lẻ)",
            "amount `{shown}` has a fraction (amounts are whole đồng)"
        ));
    }
    if n < 0.0 {
        return Err(t!(
            "số tiền `{shown}` là số âm: khoản thu ghi ở cột thu, khoản chi ở cột chi, đều là số dương",
            "amount `{shown}` is negative: receipts go in the receipts column, disbursements in theirs, both positive"
        ));
    }
    Ok(n as i64)
}

/// `1.234.567`, `1,234,567`, `1 234 567`, `1234567`, with `đ`, `đồng`, `VNĐ` after it.
fn amount_text(text: &str) -> Result<i64, Text> {
    let folded = vi::fold(text).to_lowercase();
    let mut s = folded.trim();
    for unit in ["dong", "vnd", "d", "\u{20ab}"] {
        if let Some(rest) = s.strip_suffix(unit) {
            s = rest.trim_end();
            break;
        }
    }
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let ambiguous = || {
        t!(
            "không rõ số tiền `{text}`: dấu chấm hay dấu phẩy ở đây không phải là phân cách hàng nghìn",
            "amount `{text}` is unclear: its dot or comma is not a thousands separator"
        )
    };
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(t!("`{text}` không phải số tiền", "`{text}` is not an amount"));
    }
    let dots = s.contains('.');
    let commas = s.contains(',');
    // `1.234.567,00` or `1,234,567.00`: a decimal part of zeros only is allowed.
    let body = match (dots, commas) {
        (true, true) => {
            let last = s.rfind(['.', ',']).unwrap_or(0);
            let (int, frac) = s.split_at(last);
            if !frac[1..].chars().all(|c| c == '0') {
                return Err(ambiguous());
            }
            let sep = if frac.starts_with(',') { '.' } else { ',' };
            if int.contains(frac.chars().next().unwrap_or(',')) {
                return Err(ambiguous());
            }
            grouped(int, sep).ok_or_else(ambiguous)?
        }
        (true, false) => grouped(&s, '.').ok_or_else(ambiguous)?,
        (false, true) => grouped(&s, ',').ok_or_else(ambiguous)?,
        (false, false) => s.clone(),
    };
    body.parse::<i64>()
        .ok()
        .filter(|v| *v < 1_000_000_000_000_000)
        .ok_or_else(|| t!("số tiền `{text}` quá lớn", "amount `{text}` is too large"))
}

/// Digits grouped by three with `sep` (`1.234.567`), without the separators.
fn grouped(s: &str, sep: char) -> Option<String> {
    let mut parts = s.split(sep);
    let first = parts.next()?;
    if first.is_empty() || first.len() > 3 {
        return None;
    }
    let mut out = first.to_string();
    for p in parts {
        if p.len() != 3 {
            return None;
        }
        out.push_str(p);
    }
    Some(out)
}

/// A cell's date: `None` when empty.
pub(crate) fn date(c: &Cell) -> Result<Option<PartialDate>, Text> {
    if let Some(n) = c.number {
        // A date cell, or a plain number in the date column where Excel lost the format.
        if c.is_date || (20_000.0..=80_000.0).contains(&n) {
            return serial(n).map(Some);
        }
        let shown = &c.text;
        return Err(t!("`{shown}` không phải ngày", "`{shown}` is not a date"));
    }
    let text = c.text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    date_text(text).map(Some)
}

fn serial(n: f64) -> Result<PartialDate, Text> {
    let (y, m, d) = EXCEL_EPOCH;
    let days = n.floor();
    let date = (1.0..2_958_466.0)
        .contains(&days)
        .then(|| jiff::civil::date(y, m, d).checked_add(jiff::Span::new().days(days as i64)).ok())
        .flatten();
    match date {
        Some(dt) => PartialDate::ymd(i32::from(dt.year()), dt.month() as u8, dt.day() as u8)
            .map_err(|_| {
                t!("ngày số `{n}` ngoài khoảng đọc được", "serial date `{n}` is out of range")
            }),
        None => Err(t!("ngày số `{n}` không hợp lệ", "serial date `{n}` is not valid")),
    }
}

fn date_text(text: &str) -> Result<PartialDate, Text> {
    let t = text.trim();
    // ODS and some exports write `2024-10-20T00:00:00`.
    let t = t.split_once('T').filter(|(d, _)| d.len() == 10).map(|(d, _)| d).unwrap_or(t);
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    let nums: Vec<Option<u32>> = parts.iter().map(|p| p.trim().parse::<u32>().ok()).collect();
    if let [Some(a), Some(b), Some(y)] = nums[..] {
        let year_text = parts[2].trim();
        if parts[0].trim().len() <= 2 && year_text.len() == 2 {
            return Err(t!(
                "ngày `{text}` ghi năm bằng hai chữ số",
                "date `{text}` has a two-digit year"
            ));
        }
        if parts[0].len() <= 2 && b > 12 && a <= 12 && y > 1000 {
            return Err(t!(
                "ngày `{text}` ghi tháng trước ngày (kiểu Mỹ)",
                "date `{text}` puts the month first (US order)"
            ));
        }
    }
    match PartialDate::parse(t) {
        Ok(d) if d.is_complete() => Ok(d),
        Ok(_) => {
            Err(t!("ngày `{text}` thiếu ngày hoặc tháng", "date `{text}` lacks a day or month"))
        }
        Err(_) => Err(t!("`{text}` không phải ngày", "`{text}` is not a date")),
    }
}

/// What to write instead of a cell that cannot be read as an amount.
pub(crate) fn amount_hint() -> Text {
    t!(
        "ghi số tiền bằng đồng: một số trong ô (định dạng Number), hoặc chữ số có dấu chấm phân cách hàng nghìn như `1.500.000`",
        "write the amount in đồng: a number in the cell (Number format), or digits with dots between thousands such as `1.500.000`"
    )
}

/// What to write instead of a cell that cannot be read as a date.
pub(crate) fn date_hint() -> Text {
    t!(
        "ghi ngày đủ ngày/tháng/năm, năm bốn chữ số, ngày trước tháng: `20/10/2024` (hoặc định dạng ô là Date)",
        "write a full day/month/year date with a four-digit year, day first: `20/10/2024` (or format the cell as Date)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::formats::Origin;

    fn text(s: &str) -> Cell {
        Cell { text: s.into(), number: None, is_date: false, origin: Origin::Inferred }
    }

    fn num(n: f64, is_date: bool) -> Cell {
        Cell { text: n.to_string(), number: Some(n), is_date, origin: Origin::Inferred }
    }

    #[test]
    fn amounts_as_treasurers_write_them() {
        for (s, want) in [
            ("1.234.567", 1_234_567),
            ("1,234,567", 1_234_567),
            ("1 234 567", 1_234_567),
            ("1234567", 1_234_567),
            ("1.500.000 đ", 1_500_000),
            ("1.500.000đ", 1_500_000),
            ("2.000.000 đồng", 2_000_000),
            ("300.000 VNĐ", 300_000),
            ("1.234.567,00", 1_234_567),
            ("1,234,567.00", 1_234_567),
        ] {
            assert_eq!(amount(&text(s)), Ok(Some(want)), "{s}");
        }
        assert_eq!(amount(&num(50_000_000.0, false)), Ok(Some(50_000_000)));
        assert_eq!(amount(&text("")), Ok(None));
        assert_eq!(amount(&num(0.0, false)), Ok(None));
    }

    #[test]
    fn unclear_amounts_are_refused_not_guessed() {
        for s in
            ["1.5", "1,50", "12.34.567", "1.234,5", "1.234.567,89", "mười triệu", "1,234.567,00"]
        {
            assert!(amount(&text(s)).is_err(), "{s}");
        }
        assert!(amount(&num(1500.5, false)).is_err());
        assert!(amount(&num(-10.0, false)).is_err());
    }

    #[test]
    fn dates_as_serials_or_text() {
        // 45585 is 20/10/2024 in Excel.
        assert_eq!(date(&num(45585.0, true)).unwrap().unwrap().iso(), "2024-10-20");
        assert_eq!(date(&num(45585.0, false)).unwrap().unwrap().iso(), "2024-10-20");
        for s in ["20/10/2024", "20-10-2024", "20.10.2024", "2024-10-20", "2024-10-20T00:00:00"] {
            assert_eq!(date(&text(s)).unwrap().unwrap().iso(), "2024-10-20", "{s}");
        }
        assert_eq!(date(&text("5/3/2024")).unwrap().unwrap().iso(), "2024-03-05");
        for s in ["10/25/2024", "20/10/24", "10/2024", "31/02/2024", "hôm qua"] {
            assert!(date(&text(s)).is_err(), "{s}");
        }
        assert!(date(&num(12.0, false)).is_err());
    }
}
