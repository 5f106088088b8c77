//! Dates as Vietnamese documents write them: [`PartialDate`] (a date whose day or month may be blank), parsing the numeric and `ngày … tháng … năm …` forms, the official date line, and today in Vietnam.
//!
//! Calendar arithmetic (which days exist, days between dates, the clock) is the `jiff`
//! crate's; the forms, the blanks and the messages are ours.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::Offset;

use super::normalize::nfc;
/// Why a date could not be parsed or built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DateError {
    /// Not a date form this module knows, or a year outside 1900–2100.
    Unrecognised,
    /// A day that does not exist in that month (31/02/2023, 29/02/2023, day 0).
    Impossible {
        /// The year as written.
        year: i32,
        /// The month as written (1–12).
        month: u8,
        /// The day as written.
        day: u8,
    },
    /// A month outside 1–12.
    MonthOutOfRange {
        /// The month as written.
        month: u32,
    },
}

impl DateError {
    /// Describes the error in Vietnamese, for messages shown to editors.
    pub(crate) fn describe_vi(&self) -> String {
        match self {
            DateError::Unrecognised => {
                "không nhận dạng được ngày tháng (viết dạng 16/9/2022, 2022-09-16 \
                                        hoặc \"ngày 16 tháng 9 năm 2022\", năm từ 1900 đến 2100)"
                    .to_owned()
            }
            DateError::Impossible { year, month, day } => format!(
                "ngày {day}/{month}/{year} không tồn tại (tháng {month} năm {year} có {} ngày)",
                days_in_month(*year, *month)
            ),
            DateError::MonthOutOfRange { month } => {
                format!("tháng {month} không hợp lệ (tháng phải từ 1 đến 12)")
            }
        }
    }

    /// Describes the error in English, for logs and developers.
    pub(crate) fn describe_en(&self) -> String {
        match self {
            DateError::Unrecognised => "unrecognised date (write 16/9/2022, 2022-09-16 or \
                                        \"ngày 16 tháng 9 năm 2022\", years 1900 to 2100)"
                .to_owned(),
            DateError::Impossible { year, month, day } => format!(
                "day {day} does not exist in {year}-{month:02} (that month has {} days)",
                days_in_month(*year, *month)
            ),
            DateError::MonthOutOfRange { month } => {
                format!("month {month} is out of range (1 to 12)")
            }
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe_en())
    }
}

impl std::error::Error for DateError {}

/// A date that may lack its day, or its day and month, as in published copies of
/// documents whose date line was left blank (`ngày … tháng 02 năm 2023`).
///
/// Ours because no calendar crate has such a type: `jiff::civil::Date` (which checks and
/// counts the complete dates, see `civil_date`) always has a day and a month,
/// and filling the blanks in would print and sort a draft's `tháng 02 năm 2023` as if it
/// were the 1st. `day` is only meaningful together with `month`. Ordering is chronological, with a
/// missing part sorting before any present one (`2022` < `9/2022` < `1/9/2022`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct PartialDate {
    /// The year (1900–2100 when parsed).
    pub year: i32,
    /// The month, 1–12, if known.
    pub month: Option<u8>,
    /// The day of the month, if known (only with a month).
    pub day: Option<u8>,
}

const PARSE_YEARS: std::ops::RangeInclusive<u32> = 1900..=2100;

/// The complete date `year-month-day` if it exists in the Gregorian calendar (years
/// −9999–9999, jiff's range).
fn civil_date(year: i32, month: u8, day: u8) -> Option<Date> {
    let (y, m, d) = (i16::try_from(year).ok()?, i8::try_from(month).ok()?, i8::try_from(day).ok()?);
    Date::new(y, m, d).ok()
}

/// Number of days in `month` (1–12) of `year` in the Gregorian calendar; 0 for a month
/// outside 1–12 or a year outside −9999–9999.
pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    civil_date(year, month, 1).map_or(0, |d| d.days_in_month().unsigned_abs())
}

/// Vietnam's offset from UTC. Vietnam keeps UTC+7 all year (no daylight saving time), so a
/// fixed offset gives its local time without a time zone database (jiff is built without
/// one: nothing is read or downloaded at run time).
const VIETNAM_OFFSET: Offset = Offset::constant(7);

/// Today's date in Vietnam (UTC+7), from the system clock.
#[allow(dead_code, reason = "for the command line's `new` (scaffold date), which cli will call")]
pub(crate) fn today_in_vietnam() -> PartialDate {
    let today = VIETNAM_OFFSET.to_datetime(Timestamp::now()).date();
    PartialDate {
        year: i32::from(today.year()),
        month: u8::try_from(today.month()).ok(),
        day: u8::try_from(today.day()).ok(),
    }
}

/// Checks the year range, month and day, and builds the date.
fn build_date(year: u32, month: Option<u32>, day: Option<u32>) -> Result<PartialDate, DateError> {
    if !PARSE_YEARS.contains(&year) {
        return Err(DateError::Unrecognised);
    }
    let year = i32::try_from(year).map_err(|_| DateError::Unrecognised)?;
    let month = match month {
        None if day.is_some() => return Err(DateError::Unrecognised),
        None => None,
        Some(m) => match u8::try_from(m) {
            Ok(m8) if (1..=12).contains(&m8) => Some(m8),
            _ => return Err(DateError::MonthOutOfRange { month: m }),
        },
    };
    let day = match (day, month) {
        (Some(d), Some(m)) => {
            let d8 = u8::try_from(d).map_err(|_| DateError::Unrecognised)?;
            if civil_date(year, m, d8).is_none() {
                return Err(DateError::Impossible { year, month: m, day: d8 });
            }
            Some(d8)
        }
        _ => None,
    };
    Ok(PartialDate { year, month, day })
}

/// Parses a run of 1..=max_len ASCII digits.
fn small_number(s: &str, max_len: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Numeric forms: `2022-09-16`, `2022-9-16`, `2022-09`, `2022`, `16/9/2022`, `16-9-2022`,
/// `16.9.2022`, `9/2022`.
/// The `YYYY-MM-DD` part of an RFC 3339 date-time (with or without an offset; `T` or a space
/// between date and time), when the whole text is one (jiff checks the time and the offset).
fn date_of_date_time(s: &str) -> Option<&str> {
    let date = s.get(..10)?;
    if !matches!(s.as_bytes().get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let ok = s.parse::<jiff::Timestamp>().is_ok() || s.parse::<jiff::civil::DateTime>().is_ok();
    ok.then_some(date)
}

fn parse_numeric_date(t: &str) -> Result<PartialDate, DateError> {
    let mut sep = None;
    for c in t.chars() {
        if c.is_ascii_digit() {
            continue;
        }
        if !matches!(c, '-' | '/' | '.') || sep.is_some_and(|s| s != c) {
            return Err(DateError::Unrecognised);
        }
        sep = Some(c);
    }
    let parts: Vec<&str> = match sep {
        Some(c) => t.split(c).collect(),
        None => vec![t],
    };
    let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    let num = |i: usize, max: usize| {
        parts.get(i).and_then(|p| small_number(p, max)).ok_or(DateError::Unrecognised)
    };
    match lens.as_slice() {
        [4] => build_date(num(0, 4)?, None, None),
        [4, 1 | 2] if sep == Some('-') => build_date(num(0, 4)?, Some(num(1, 2)?), None),
        [1 | 2, 4] => build_date(num(1, 4)?, Some(num(0, 2)?), None),
        [4, 1 | 2, 1 | 2] => build_date(num(0, 4)?, Some(num(1, 2)?), Some(num(2, 2)?)),
        [1 | 2, 1 | 2, 4] => build_date(num(2, 4)?, Some(num(1, 2)?), Some(num(0, 2)?)),
        _ => Err(DateError::Unrecognised),
    }
}

enum DateTok<'a> {
    Word(&'a str),
    Num(&'a str),
}

/// Characters that fill a blank slot in a date line, besides whitespace.
const fn is_blank_filler(c: char) -> bool {
    matches!(c, '.' | '…' | '_' | '·')
}

/// Splits a lowercased date line into words and numbers; blank fillers are skipped.
fn date_tokens(t: &str) -> Result<Vec<DateTok<'_>>, DateError> {
    let mut toks = Vec::new();
    let mut rest = t;
    while let Some(c) = rest.chars().next() {
        let end = if c.is_whitespace() || is_blank_filler(c) {
            c.len_utf8()
        } else if c.is_alphabetic() || c.is_ascii_digit() {
            let digit = c.is_ascii_digit();
            let end = rest
                .find(|x: char| if digit { !x.is_ascii_digit() } else { !x.is_alphabetic() })
                .unwrap_or(rest.len());
            let tok = rest.get(..end).unwrap_or("");
            toks.push(if digit { DateTok::Num(tok) } else { DateTok::Word(tok) });
            end
        } else {
            return Err(DateError::Unrecognised);
        };
        rest = rest.get(end..).unwrap_or("");
    }
    Ok(toks)
}

/// Word forms (already lowercased): `ngày 16 tháng 9 năm 2022`, `tháng 02 năm 2023`,
/// `năm 2022`, `ngày 16/9/2022`, with blank slots: `ngày   tháng 02 năm 2023`,
/// `ngày … tháng … năm 2022`.
fn parse_word_date(t: &str) -> Result<PartialDate, DateError> {
    if let Some(rest) = t.strip_prefix("ngày") {
        let rest = rest.trim_start();
        if rest.starts_with(|c: char| c.is_ascii_digit())
            && rest.contains(['/', '-', '.'])
            && rest.chars().all(|c| c.is_ascii_digit() || matches!(c, '/' | '-' | '.'))
        {
            return parse_numeric_date(rest);
        }
    }
    let toks = date_tokens(t)?;
    let mut it = toks.iter().peekable();
    // `None`: keyword absent; `Some(None)`: keyword with a blank slot.
    let mut slot = |keyword: &str, max_len: usize| -> Result<Option<Option<u32>>, DateError> {
        if !matches!(it.peek(), Some(DateTok::Word(w)) if *w == keyword) {
            return Ok(None);
        }
        it.next();
        if let Some(DateTok::Num(n)) = it.peek() {
            let v = small_number(n, max_len).ok_or(DateError::Unrecognised)?;
            it.next();
            return Ok(Some(Some(v)));
        }
        Ok(Some(None))
    };
    let day_slot = slot("ngày", 2)?;
    let month_slot = slot("tháng", 2)?;
    let year_slot = slot("năm", 4)?;
    if it.next().is_some() || (day_slot.is_some() && month_slot.is_none()) {
        return Err(DateError::Unrecognised);
    }
    match year_slot {
        Some(Some(year)) if year >= 1000 => {
            build_date(year, month_slot.flatten(), day_slot.flatten())
        }
        _ => Err(DateError::Unrecognised),
    }
}

impl PartialDate {
    /// Whether `self` is surely before `other`: partial dates compare only on the parts both
    /// know (`2025` is not surely before `12/6/2025`; `5/2025` is).
    pub(crate) fn surely_before(self, other: PartialDate) -> bool {
        if self.year != other.year {
            return self.year < other.year;
        }
        match (self.month, other.month) {
            (Some(a), Some(b)) if a != b => a < b,
            (Some(_), Some(_)) => matches!((self.day, other.day), (Some(x), Some(y)) if x < y),
            _ => false,
        }
    }

    /// Parses the date forms found in Vietnamese official documents.
    ///
    /// Input is trimmed, NFC-normalised and compared case-insensitively. Accepted:
    /// `2022-09-16`, `2022-9-16`, `2022-09`, `2022`, `16/9/2022`, `16/09/2022`, `16-9-2022`,
    /// `16.9.2022`, `9/2022`, `09/2022`, `ngày 16 tháng 9 năm 2022`,
    /// `Ngày 05 tháng 02 năm 2023`, `tháng 02 năm 2023`, `năm 2022`, `ngày 16/9/2022`, and
    /// blank-slot forms (`ngày   tháng 02 năm 2023` → year and month,
    /// `ngày  tháng  năm 2022` or `ngày … tháng … năm 2022` → year only), and date-times as
    /// Hugo and Zola front matter writes them (`2023-06-01T08:00:00+07:00`, `2023-06-01 08:00`):
    /// the date as written, in the writer's own offset. Years must be 1900–2100.
    ///
    /// # Errors
    /// [`DateError::MonthOutOfRange`] for a month outside 1–12, [`DateError::Impossible`]
    /// for a day the month does not have, [`DateError::Unrecognised`] otherwise.
    pub(crate) fn parse(s: &str) -> Result<PartialDate, DateError> {
        let t = nfc(s.trim()).to_lowercase();
        let t = t.trim();
        if let Some(date) = date_of_date_time(s.trim()) {
            return parse_numeric_date(date);
        }
        match t.chars().next() {
            None => Err(DateError::Unrecognised),
            Some(c) if c.is_ascii_digit() => parse_numeric_date(t),
            Some(_) => parse_word_date(t),
        }
    }

    /// Builds a complete date, checking that it exists (years 1–9999).
    ///
    /// # Errors
    /// [`DateError::MonthOutOfRange`], [`DateError::Impossible`], or
    /// [`DateError::Unrecognised`] for a year outside 1–9999.
    pub(crate) fn ymd(year: i32, month: u8, day: u8) -> Result<PartialDate, DateError> {
        PartialDate::ym(year, month)?;
        if civil_date(year, month, day).is_none() {
            return Err(DateError::Impossible { year, month, day });
        }
        Ok(PartialDate { year, month: Some(month), day: Some(day) })
    }

    /// Builds a year-and-month date (years 1–9999).
    ///
    /// # Errors
    /// [`DateError::MonthOutOfRange`], or [`DateError::Unrecognised`] for a year outside
    /// 1–9999.
    pub(crate) fn ym(year: i32, month: u8) -> Result<PartialDate, DateError> {
        if !(1..=9999).contains(&year) {
            return Err(DateError::Unrecognised);
        }
        if !(1..=12).contains(&month) {
            return Err(DateError::MonthOutOfRange { month: u32::from(month) });
        }
        Ok(PartialDate { year, month: Some(month), day: None })
    }

    /// The month and day, if present (a day without a month is ignored).
    fn month_day(&self) -> (Option<u8>, Option<u8>) {
        match self.month {
            Some(m) => (Some(m), self.day),
            None => (None, None),
        }
    }

    /// True when year, month and day are all present.
    pub(crate) fn is_complete(&self) -> bool {
        matches!(self.month_day(), (Some(_), Some(_)))
    }

    /// ISO 8601 form: `"2022-09-16"`, `"2022-09"` or `"2022"`.
    pub(crate) fn iso(&self) -> String {
        match self.month_day() {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// Inline reference form used in body text, without padding: `"16/9/2022"`,
    /// `"5/2/2023"`; partial dates give `"9/2022"` or `"2022"`.
    pub(crate) fn short_vi(&self) -> String {
        match self.month_day() {
            (Some(m), Some(d)) => format!("{d}/{m}/{}", self.year),
            (Some(m), None) => format!("{m}/{}", self.year),
            _ => self.year.to_string(),
        }
    }

    /// Official date line (NĐ 30/2020): `"ngày 16 tháng 9 năm 2022"`,
    /// `"ngày 05 tháng 02 năm 2023"`: days 01–09 and months 01–02 are zero-padded, months
    /// 3–12 are not. Partial dates give `"tháng 02 năm 2023"` or `"năm 2022"`.
    pub(crate) fn line_vi(&self) -> String {
        let month = |m: u8| if m <= 2 { format!("{m:02}") } else { m.to_string() };
        match self.month_day() {
            (Some(m), Some(d)) => format!("ngày {d:02} tháng {} năm {}", month(m), self.year),
            (Some(m), None) => format!("tháng {} năm {}", month(m), self.year),
            _ => format!("năm {}", self.year),
        }
    }

    /// Days since 1970-01-01 (negative before), for complete and valid dates only.
    ///
    /// Only the tests call it (to check the calendar, now jiff's, day by day).
    #[cfg(test)]
    pub(crate) fn days_since_epoch(&self) -> Option<i64> {
        let (Some(m), Some(d)) = self.month_day() else {
            return None;
        };
        let days = civil_date(self.year, m, d)?.since(Date::constant(1970, 1, 1)).ok()?.get_days();
        Some(i64::from(days))
    }

    /// RFC 3339 timestamp at local midnight in Vietnam (UTC+7), a missing month or day
    /// counting as 01: `"2022-09-16T00:00:00+07:00"`.
    pub(crate) fn rfc3339(&self) -> String {
        let (m, d) = self.month_day();
        format!("{:04}-{:02}-{:02}T00:00:00+07:00", self.year, m.unwrap_or(1), d.unwrap_or(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vi::normalize::nfd;

    // ----- dates ------------------------------------------------------------------

    fn full(year: i32, month: u8, day: u8) -> PartialDate {
        PartialDate { year, month: Some(month), day: Some(day) }
    }
    fn ym(year: i32, month: u8) -> PartialDate {
        PartialDate { year, month: Some(month), day: None }
    }
    fn y(year: i32) -> PartialDate {
        PartialDate { year, month: None, day: None }
    }

    #[test]
    fn parse_numeric_forms() {
        for s in [
            "2022-09-16",
            "2022-9-16",
            "16/9/2022",
            "16/09/2022",
            "16-9-2022",
            "16.9.2022",
            " 16/9/2022 ",
        ] {
            assert_eq!(PartialDate::parse(s), Ok(full(2022, 9, 16)), "{s}");
        }
        for s in ["2022-09", "9/2022", "09/2022", "9-2022", "9.2022"] {
            assert_eq!(PartialDate::parse(s), Ok(ym(2022, 9)), "{s}");
        }
        assert_eq!(PartialDate::parse("2022"), Ok(y(2022)));
        assert_eq!(PartialDate::parse("29/02/2024"), Ok(full(2024, 2, 29)));
        assert_eq!(PartialDate::parse("2000-02-29"), Ok(full(2000, 2, 29)));
        assert_eq!(PartialDate::parse("1900-01-01"), Ok(full(1900, 1, 1)));
        assert_eq!(PartialDate::parse("31/12/2100"), Ok(full(2100, 12, 31)));
        // Date-times of Hugo and Zola front matter: the date as written.
        for s in [
            "2022-09-16T08:00:00+07:00",
            "2022-09-16T23:30:00-05:00",
            "2022-09-16T08:00:00Z",
            "2022-09-16t08:00:00z",
            "2022-09-16 08:00:00",
            "2022-09-16T08:00",
            "2022-09-16T08:00:00.123+07:00",
        ] {
            assert_eq!(PartialDate::parse(s), Ok(full(2022, 9, 16)), "{s}");
        }
        for s in ["2022-09-16T25:00:00+07:00", "2022-09-16Tbuổi sáng", "2022-02-30T08:00:00Z"] {
            assert!(PartialDate::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn parse_word_forms() {
        let cases = [
            ("ngày 16 tháng 9 năm 2022", full(2022, 9, 16)),
            ("Ngày 05 tháng 02 năm 2023", full(2023, 2, 5)),
            ("NGÀY 05 THÁNG 02 NĂM 2023", full(2023, 2, 5)),
            ("ngày 16/9/2022", full(2022, 9, 16)),
            ("tháng 02 năm 2023", ym(2023, 2)),
            ("Tháng 7 năm 2022", ym(2022, 7)),
            ("năm 2022", y(2022)),
            ("ngày   tháng 02 năm 2023", ym(2023, 2)),
            ("ngày  tháng  năm 2022", y(2022)),
            ("ngày … tháng … năm 2022", y(2022)),
            ("ngày ..... tháng ..... năm 2022", y(2022)),
            ("ngày\u{a0}\u{a0}tháng\u{a0}02 năm 2023", ym(2023, 2)),
        ];
        for (s, want) in cases {
            assert_eq!(PartialDate::parse(s), Ok(want), "{s}");
            assert_eq!(PartialDate::parse(&nfd(s)), Ok(want), "NFD {s}");
        }
    }

    #[test]
    fn parse_errors() {
        use DateError::*;
        for (s, want) in [
            ("31/02/2023", Impossible { year: 2023, month: 2, day: 31 }),
            ("29/02/2023", Impossible { year: 2023, month: 2, day: 29 }),
            ("1900-02-29", Impossible { year: 1900, month: 2, day: 29 }),
            ("0/9/2022", Impossible { year: 2022, month: 9, day: 0 }),
            ("ngày 31 tháng 4 năm 2022", Impossible { year: 2022, month: 4, day: 31 }),
            ("13/2022", MonthOutOfRange { month: 13 }),
            ("2022-13-01", MonthOutOfRange { month: 13 }),
            ("01/00/2022", MonthOutOfRange { month: 0 }),
            ("tháng 13 năm 2022", MonthOutOfRange { month: 13 }),
        ] {
            assert_eq!(PartialDate::parse(s), Err(want), "{s}");
        }
        for s in [
            "",
            "   ",
            "abc",
            "1899",
            "2101",
            "16/9/22",
            "16/9-2022",
            "2022/09",
            "1/1/1/2022",
            "16 tháng 9 năm 2022",
            "ngày 16 năm 2022",
            "ngày 16 tháng năm 2022",
            "tháng 9",
            "năm",
            "năm 22",
            "năm 20222",
            "ngày 123 tháng 9 năm 2022",
            "ngày 16 tháng 9 năm 2022 xyz",
            "Hà Nội, ngày 16 tháng 9 năm 2022",
        ] {
            assert_eq!(PartialDate::parse(s), Err(Unrecognised), "{s:?}");
        }
    }

    #[test]
    fn date_errors_are_described_in_both_languages() {
        let e = DateError::Impossible { year: 2023, month: 2, day: 31 };
        assert!(e.describe_vi().contains("31/2/2023"), "{}", e.describe_vi());
        assert!(e.describe_vi().contains("28 ngày"));
        assert!(e.describe_en().contains("28 days"));
        assert_eq!(e.to_string(), e.describe_en());
        let m = DateError::MonthOutOfRange { month: 13 };
        assert!(m.describe_vi().contains("tháng 13"));
        assert!(m.describe_en().contains("13"));
        assert!(DateError::Unrecognised.describe_vi().contains("16/9/2022"));
        assert_ne!(DateError::Unrecognised.describe_vi(), DateError::Unrecognised.describe_en());
    }

    #[test]
    fn ymd_validates() {
        assert_eq!(PartialDate::ymd(2024, 2, 29), Ok(full(2024, 2, 29)));
        assert_eq!(
            PartialDate::ymd(2023, 2, 29),
            Err(DateError::Impossible { year: 2023, month: 2, day: 29 })
        );
        assert_eq!(PartialDate::ymd(2023, 0, 1), Err(DateError::MonthOutOfRange { month: 0 }));
        assert_eq!(
            PartialDate::ymd(2023, 12, 32),
            Err(DateError::Impossible { year: 2023, month: 12, day: 32 })
        );
        assert_eq!(
            PartialDate::ymd(2023, 12, 0),
            Err(DateError::Impossible { year: 2023, month: 12, day: 0 })
        );
        assert_eq!(PartialDate::ymd(0, 1, 1), Err(DateError::Unrecognised));
        assert_eq!(PartialDate::ym(2023, 2), Ok(ym(2023, 2)));
        assert_eq!(PartialDate::ym(2023, 13), Err(DateError::MonthOutOfRange { month: 13 }));
    }

    #[test]
    fn days_in_month_cases() {
        for (year, month, days) in [
            (2024, 2, 29),
            (2023, 2, 28),
            (1900, 2, 28),
            (2000, 2, 29),
            (2023, 4, 30),
            (2023, 12, 31),
            (2023, 0, 0),
            (2023, 13, 0),
        ] {
            assert_eq!(days_in_month(year, month), days, "{year}-{month}");
        }
    }

    #[test]
    fn date_formats() {
        let d = full(2022, 9, 16);
        assert!(d.is_complete());
        assert_eq!(d.iso(), "2022-09-16");
        assert_eq!(d.short_vi(), "16/9/2022");
        assert_eq!(d.line_vi(), "ngày 16 tháng 9 năm 2022");
        assert_eq!(d.rfc3339(), "2022-09-16T00:00:00+07:00");

        let d = full(2023, 2, 5);
        assert_eq!(d.iso(), "2023-02-05");
        assert_eq!(d.short_vi(), "5/2/2023");
        assert_eq!(d.line_vi(), "ngày 05 tháng 02 năm 2023");
        assert_eq!(full(2023, 1, 9).line_vi(), "ngày 09 tháng 01 năm 2023");
        assert_eq!(full(2023, 3, 1).line_vi(), "ngày 01 tháng 3 năm 2023");
        assert_eq!(full(2023, 12, 10).line_vi(), "ngày 10 tháng 12 năm 2023");

        let d = ym(2023, 2);
        assert!(!d.is_complete());
        assert_eq!(d.iso(), "2023-02");
        assert_eq!(d.short_vi(), "2/2023");
        assert_eq!(d.line_vi(), "tháng 02 năm 2023");
        assert_eq!(d.rfc3339(), "2023-02-01T00:00:00+07:00");
        assert_eq!(ym(2022, 9).line_vi(), "tháng 9 năm 2022");

        let d = y(2022);
        assert!(!d.is_complete());
        assert_eq!(d.iso(), "2022");
        assert_eq!(d.short_vi(), "2022");
        assert_eq!(d.line_vi(), "năm 2022");
        assert_eq!(d.rfc3339(), "2022-01-01T00:00:00+07:00");

        // A day without a month (only possible through the public fields) is ignored.
        let odd = PartialDate { year: 2022, month: None, day: Some(3) };
        assert!(!odd.is_complete());
        assert_eq!(odd.iso(), "2022");
        assert_eq!(odd.days_since_epoch(), None);
    }

    #[test]
    fn formatted_dates_parse_back() {
        for d in [
            full(2022, 9, 16),
            full(2023, 2, 5),
            full(2024, 2, 29),
            ym(2023, 2),
            ym(2022, 12),
            y(2021),
        ] {
            assert_eq!(PartialDate::parse(&d.iso()), Ok(d));
            assert_eq!(PartialDate::parse(&d.short_vi()), Ok(d));
            assert_eq!(PartialDate::parse(&d.line_vi()), Ok(d));
        }
    }

    #[test]
    fn days_since_epoch_values() {
        for (d, n) in [
            (full(1970, 1, 1), 0),
            (full(1969, 12, 31), -1),
            (full(2022, 9, 16), 19_251),
            (full(2024, 2, 29), 19_782),
            (full(2000, 3, 1), 11_017),
            (full(1900, 1, 1), -25_567),
            (full(2100, 12, 31), 47_846),
        ] {
            assert_eq!(d.days_since_epoch(), Some(n), "{d:?}");
        }
        assert_eq!(ym(2022, 9).days_since_epoch(), None);
        assert_eq!(y(2022).days_since_epoch(), None);
        assert_eq!(
            PartialDate { year: 2022, month: Some(13), day: Some(1) }.days_since_epoch(),
            None
        );
        assert_eq!(
            PartialDate { year: 2023, month: Some(2), day: Some(29) }.days_since_epoch(),
            None
        );
        // Every day from 1900 to 2100 follows the previous one.
        let mut prev = full(1900, 1, 1).days_since_epoch();
        for year in 1900..=2100 {
            for month in 1..=12u8 {
                for day in 1..=days_in_month(year, month) {
                    let n = full(year, month, day).days_since_epoch();
                    if (year, month, day) != (1900, 1, 1) {
                        assert_eq!(n, prev.map(|p| p + 1), "{year}-{month}-{day}");
                    }
                    prev = n;
                }
            }
        }
    }

    #[test]
    fn partial_dates_order_chronologically_with_missing_parts_first() {
        let mut v =
            vec![y(2023), full(2022, 1, 2), ym(2022, 2), full(2022, 1, 1), ym(2022, 1), y(2022)];
        v.sort();
        assert_eq!(
            v,
            [y(2022), ym(2022, 1), full(2022, 1, 1), full(2022, 1, 2), ym(2022, 2), y(2023)]
        );
    }

    #[test]
    fn today_in_vietnam_is_a_complete_date() {
        let today = today_in_vietnam();
        assert!(today.is_complete() && today.year >= 2024, "{today:?}");
        assert!(
            PartialDate::ymd(today.year, today.month.unwrap_or(0), today.day.unwrap_or(0)).is_ok()
        );
    }

    #[test]
    fn partial_dates_are_surely_before_only_on_what_is_known() {
        let d = |s: &str| PartialDate::parse(s).unwrap();
        assert!(d("2023-12-18").surely_before(d("2025-06-12")));
        assert!(!d("2025").surely_before(d("2025-06-12")));
        assert!(d("2025-05").surely_before(d("2025-06-12")));
        assert!(!d("2025-06-12").surely_before(d("2025-06-12")));
    }
}
