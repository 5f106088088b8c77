//! Number formats of CLDR `vi`: thousands grouped with `.`, decimals after `,`, amounts in đồng, triệu and tỷ, and parsing integers written that way.

/// Appends ASCII digits with `.` between groups of three.
fn push_grouped(out: &mut String, digits: &str) {
    let len = digits.len();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
}

/// Formats an integer with `.` as the thousands separator: `1234567` → `"1.234.567"`,
/// `-1234` → `"-1.234"`, `0` → `"0"`.
pub(crate) fn format_int(n: i64) -> String {
    let mut out = String::with_capacity(28);
    if n < 0 {
        out.push('-');
    }
    push_grouped(&mut out, &n.unsigned_abs().to_string());
    out
}

/// Formats an amount of đồng in full: `1234567` → `"1.234.567 đồng"`.
pub(crate) fn format_vnd(n: i64) -> String {
    let mut out = format_int(n);
    out.push_str(" đồng");
    out
}

/// Formats an amount of đồng compactly, in triệu (10⁶) or tỷ (10⁹) with at most two
/// decimals, rounded half away from zero, trailing zeros dropped:
/// `1_234_000_000` → `"1,23 tỷ đồng"`, `185_860_000` → `"185,86 triệu đồng"`,
/// `2_000_000_000` → `"2 tỷ đồng"`. Amounts below one triệu use [`format_vnd`].
pub(crate) fn format_vnd_compact(n: i64) -> String {
    const TRIEU: u128 = 1_000_000;
    const TY: u128 = 1_000_000_000;
    let abs = u128::from(n.unsigned_abs());
    if abs < TRIEU {
        return format_vnd(n);
    }
    let hundredths_trieu = (abs + TRIEU / 200) / (TRIEU / 100);
    let (unit, hundredths) = if abs >= TY || hundredths_trieu >= 100_000 {
        ("tỷ", (abs + TY / 200) / (TY / 100))
    } else {
        ("triệu", hundredths_trieu)
    };
    let mut out = String::with_capacity(32);
    if n < 0 {
        out.push('-');
    }
    push_grouped(&mut out, &(hundredths / 100).to_string());
    let frac = hundredths % 100;
    if frac != 0 {
        out.push(',');
        if frac % 10 == 0 {
            out.push_str(&(frac / 10).to_string());
        } else {
            out.push_str(&format!("{frac:02}"));
        }
    }
    out.push(' ');
    out.push_str(unit);
    out.push_str(" đồng");
    out
}

/// Formats a number the Vietnamese way with at most `max_frac` decimals: `1.34` →
/// `"1,34"`, `2.0` → `"2"`, `1234.5` → `"1.234,5"`.
///
/// Rounds half away from zero on the shortest decimal form of `x` (so `1.005` with two
/// decimals gives `"1,01"`); trailing zeros are dropped; NaN and infinities give `"–"`.
pub(crate) fn format_decimal(x: f64, max_frac: usize) -> String {
    if !x.is_finite() {
        return "–".to_owned();
    }
    // Display for f64 never uses exponent notation and gives the shortest round-trip form.
    let repr = format!("{}", x.abs());
    let (int_part, frac_part) = repr.split_once('.').unwrap_or((repr.as_str(), ""));
    let mut digits: Vec<u8> = int_part
        .bytes()
        .chain(frac_part.bytes())
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    let mut int_len = int_part.len();
    if frac_part.len() > max_frac {
        let keep = int_len + max_frac;
        let round_up = digits.get(keep).is_some_and(|&d| d >= 5);
        digits.truncate(keep);
        if round_up {
            let mut carry = true;
            for d in digits.iter_mut().rev() {
                if *d == 9 {
                    *d = 0;
                } else {
                    *d += 1;
                    carry = false;
                    break;
                }
            }
            if carry {
                digits.insert(0, 1);
                int_len += 1;
            }
        }
    }
    let mut end = digits.len();
    while end > int_len && digits.get(end - 1) == Some(&0) {
        end -= 1;
    }
    let shown = digits.get(..end).unwrap_or(&[]);
    let is_zero = shown.iter().all(|&d| d == 0);
    let mut out = String::with_capacity(end + end / 3 + 2);
    if x.is_sign_negative() && !is_zero {
        out.push('-');
    }
    let int_digits: String = shown.iter().take(int_len).map(|&d| char::from(b'0' + d)).collect();
    if int_digits.is_empty() {
        out.push('0');
    } else {
        push_grouped(&mut out, &int_digits);
    }
    if end > int_len {
        out.push(',');
        out.extend(shown.iter().skip(int_len).map(|&d| char::from(b'0' + d)));
    }
    out
}

/// Formats a value that is already in percent, with at most two decimals: `1.34` →
/// `"1,34%"`, `40.0` → `"40%"`, `33.333` → `"33,33%"`. NaN and infinities give `"–"`.
pub(crate) fn format_percent(x: f64) -> String {
    if !x.is_finite() {
        return "–".to_owned();
    }
    let mut out = format_decimal(x, 2);
    out.push('%');
    out
}

/// Zero-pads a count to two digits, as official prose does for small counts: `5` →
/// `"05"`, `12` → `"12"`, `123` → `"123"`.
pub(crate) fn pad2(n: u32) -> String {
    format!("{n:02}")
}

/// Parses an integer written the Vietnamese way: `"1.234.567"`, `"1234567"`, `"05"`,
/// `"-1.234"` (surrounding whitespace is ignored).
///
/// Returns `None` for decimals (`"1,5"`), groups that are not exactly three digits after
/// the first (`"1.23"`, `"1234.567"`), a grouped number starting with 0 (`"0.123"`),
/// anything else that is not a number, and values that overflow `i64`.
pub(crate) fn parse_vn_int(s: &str) -> Option<i64> {
    let t = s.trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let all_digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if body.contains('.') {
        let mut groups = body.split('.');
        let first = groups.next()?;
        if !all_digits(first) || first.len() > 3 || first.starts_with('0') {
            return None;
        }
        if !groups.all(|g| g.len() == 3 && all_digits(g)) {
            return None;
        }
    } else if !all_digits(body) {
        return None;
    }
    let mut value: i64 = 0;
    for b in body.bytes().filter(u8::is_ascii_digit) {
        let d = i64::from(b - b'0');
        value = value.checked_mul(10)?;
        value = if neg { value.checked_sub(d)? } else { value.checked_add(d)? };
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    // ----- numbers --------------------------------------------------------------

    #[test]
    fn format_int_groups_thousands_with_dots() {
        for (n, s) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1000, "1.000"),
            (2211, "2.211"),
            (1_234_567, "1.234.567"),
            (-1234, "-1.234"),
            (-999, "-999"),
            (i64::MAX, "9.223.372.036.854.775.807"),
            (i64::MIN, "-9.223.372.036.854.775.808"),
        ] {
            assert_eq!(format_int(n), s);
        }
    }

    #[test]
    fn format_vnd_in_full() {
        assert_eq!(format_vnd(1_234_567), "1.234.567 đồng");
        assert_eq!(format_vnd(0), "0 đồng");
        assert_eq!(format_vnd(-5000), "-5.000 đồng");
    }

    #[test]
    fn format_vnd_compact_units_and_rounding() {
        for (n, s) in [
            (1_234_000_000, "1,23 tỷ đồng"),
            (185_860_000, "185,86 triệu đồng"),
            (2_000_000_000, "2 tỷ đồng"),
            (2_300_000_000, "2,3 tỷ đồng"),
            (31_000_000_000, "31 tỷ đồng"),
            (1_500_000_000_000, "1.500 tỷ đồng"),
            (319_000_000, "319 triệu đồng"),
            (1_000_000, "1 triệu đồng"),
            (1_005_000, "1,01 triệu đồng"),
            (1_004_999, "1 triệu đồng"),
            (1_235_000_000, "1,24 tỷ đồng"),
            (999_994_999, "999,99 triệu đồng"),
            (999_995_000, "1 tỷ đồng"),
            (999_999, "999.999 đồng"),
            (0, "0 đồng"),
            (-185_860_000, "-185,86 triệu đồng"),
            (i64::MIN, "-9.223.372.036,85 tỷ đồng"),
        ] {
            assert_eq!(format_vnd_compact(n), s, "{n}");
        }
    }

    #[test]
    fn format_decimal_cases() {
        for (x, frac, s) in [
            (1.34, 2, "1,34"),
            (2.0, 2, "2"),
            (1234.5, 2, "1.234,5"),
            (-1234.5, 1, "-1.234,5"),
            (0.0, 2, "0"),
            (-0.0, 2, "0"),
            (-0.001, 2, "0"),
            (1.005, 2, "1,01"),
            (2.5, 0, "3"),
            (-2.5, 0, "-3"),
            (0.125, 2, "0,13"),
            (9.999, 2, "10"),
            (999.999, 2, "1.000"),
            (0.1 + 0.2, 2, "0,3"),
            (1_234_567.891, 3, "1.234.567,891"),
            (6.15, 5, "6,15"),
            (1e-7, 2, "0"),
            (1e-7, 7, "0,0000001"),
            (1e21, 0, "1.000.000.000.000.000.000.000"),
            (3.0, usize::MAX, "3"),
        ] {
            assert_eq!(format_decimal(x, frac), s, "{x} {frac}");
        }
        assert_eq!(format_decimal(f64::NAN, 2), "–");
        assert_eq!(format_decimal(f64::INFINITY, 2), "–");
        assert_eq!(format_decimal(f64::NEG_INFINITY, 2), "–");
        assert!(format_decimal(f64::MAX, 2).starts_with("179.769.313"));
    }

    #[test]
    fn format_percent_cases() {
        for (x, s) in [
            (1.34, "1,34%"),
            (40.0, "40%"),
            (33.333, "33,33%"),
            (6.15, "6,15%"),
            (0.4, "0,4%"),
            (100.0, "100%"),
            (12_345.678, "12.345,68%"),
            (-2.5, "-2,5%"),
        ] {
            assert_eq!(format_percent(x), s);
        }
        assert_eq!(format_percent(f64::NAN), "–");
    }

    #[test]
    fn pad2_pads_small_counts() {
        assert_eq!(pad2(0), "00");
        assert_eq!(pad2(5), "05");
        assert_eq!(pad2(12), "12");
        assert_eq!(pad2(123), "123");
    }

    #[test]
    fn parse_vn_int_accepts_vietnamese_integers() {
        for (s, n) in [
            ("1.234.567", 1_234_567),
            ("1234567", 1_234_567),
            ("05", 5),
            ("0", 0),
            (" 2.211 ", 2211),
            ("1.000", 1000),
            ("-1.234", -1234),
            ("9.223.372.036.854.775.807", i64::MAX),
            ("-9223372036854775808", i64::MIN),
        ] {
            assert_eq!(parse_vn_int(s), Some(n), "{s}");
        }
    }

    #[test]
    fn parse_vn_int_rejects_everything_else() {
        for s in [
            "1.23",
            "1,5",
            "",
            " ",
            "abc",
            "1.2345",
            "1234.567",
            ".123",
            "123.",
            "1..234",
            "0.123",
            "12a",
            "-",
            "--1",
            "+5",
            "1 234",
            "1.234,5",
            "9223372036854775808",
            "٣",
        ] {
            assert_eq!(parse_vn_int(s), None, "{s}");
        }
    }
}
