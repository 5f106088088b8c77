//! Document numbers ("số và ký hiệu") and type codes (Nghị định 30/2020): parsed as written, with
//! the problems found reported.

use std::path::Path;

use serde::Serialize;

use crate::diag::{Diagnostic, Pos};
use crate::read::fields::MapReader;
use crate::t;
use crate::vi;

/// Document type codes of Nghị định 30/2020 (Phụ lục III) plus the normative and Party ones the
/// portal cites, with their Vietnamese names. Compared case- and diacritic-sensitively: `HD`
/// (Hướng dẫn) is not `HĐ` (Hợp đồng).
pub(crate) const TYPE_CODES: &[(&str, &str)] = &[
    ("NQ", "Nghị quyết"),
    ("QĐ", "Quyết định"),
    ("CT", "Chỉ thị"),
    ("QC", "Quy chế"),
    ("QyĐ", "Quy định"),
    ("TC", "Thông cáo"),
    ("TB", "Thông báo"),
    ("HD", "Hướng dẫn"),
    ("CTr", "Chương trình"),
    ("KH", "Kế hoạch"),
    ("PA", "Phương án"),
    ("ĐA", "Đề án"),
    ("DA", "Dự án"),
    ("BC", "Báo cáo"),
    ("BB", "Biên bản"),
    ("TTr", "Tờ trình"),
    ("HĐ", "Hợp đồng"),
    ("CĐ", "Công điện"),
    ("BGN", "Bản ghi nhớ"),
    ("BTT", "Bản thỏa thuận"),
    ("GUQ", "Giấy ủy quyền"),
    ("GM", "Giấy mời"),
    ("GGT", "Giấy giới thiệu"),
    ("GNP", "Giấy nghỉ phép"),
    ("PG", "Phiếu gửi"),
    ("PC", "Phiếu chuyển"),
    ("PB", "Phiếu báo"),
    ("NĐ", "Nghị định"),
    ("TT", "Thông tư"),
    ("KL", "Kết luận"),
    ("QH", "Luật"),
    ("CV", "Công văn"),
];

/// The Vietnamese name of a type code.
pub(crate) fn type_name(code: &str) -> Option<&'static str> {
    TYPE_CODES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// Numbering families of Vietnamese documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Family {
    /// `263/KH-UBND` (Nghị định 30/2020).
    Admin,
    /// `06/2022/QH15`, `98/2023/NĐ-CP` (legal normative documents).
    Normative,
    /// `217-KL/TU` (Party documents).
    Party,
    /// `2975/UBND-KSTT` (công văn: no type code).
    Letter,
}

/// A document's "số và ký hiệu", kept as written and split into its parts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct DocNumber {
    /// As written in the source (`263/KH-UBND`, `/KH-BDT`).
    pub(crate) written: String,
    /// The number part (`263`), `None` when left blank in the published copy.
    pub(crate) number: Option<u32>,
    /// The symbol after the number (`KH-UBND`).
    pub(crate) symbol: String,
    /// Document type code when the symbol has one (`KH`).
    pub(crate) type_code: Option<String>,
    /// Year written inside normative numbers (`2021` in `24/2021/QĐ-TTg`).
    pub(crate) year: Option<i32>,
    /// Numbering family.
    pub(crate) family: Family,
    /// Lookup key: written form without spaces.
    pub(crate) key: String,
}

/// Problems found in a number as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum NumberIssue {
    /// Spaces around `/` or `-` (NĐ 30 forbids them).
    Spaces,
    /// Not recognisable at all.
    Unrecognised,
    /// Number 0.
    Zero,
    /// The symbol starts with a near miss of a type code: same letters, other case or
    /// diacritics (`QD` for `QĐ`, `Kh` for `KH`). Holds what was written and the codes meant.
    TypeSpelling(String, String),
    /// `CV` used as a type code: a công văn has none (its symbol is the body's abbreviation).
    LetterCode,
}

/// The official codes a near-miss type code may stand for (same letters once case and
/// diacritics are set aside), empty when it is exact or unrelated.
pub(crate) fn type_code_near_misses(code: &str) -> Vec<&'static str> {
    if code.is_empty() || type_name(code).is_some() {
        return Vec::new();
    }
    let f = vi::fold(code);
    TYPE_CODES.iter().map(|(c, _)| *c).filter(|c| vi::fold(c) == f).collect()
}

impl DocNumber {
    /// Parses a number as written. Always returns a value (to keep the record) plus issues.
    pub(crate) fn parse(written: &str) -> (DocNumber, Vec<NumberIssue>) {
        let written =
            written.trim().trim_start_matches("Số:").trim_start_matches("Số :").trim().to_string();
        let key: String = written.chars().filter(|c| !c.is_whitespace()).collect();
        let mut issues = Vec::new();
        if key.len() != written.len() {
            issues.push(NumberIssue::Spaces);
        }
        let unknown = |key: &str| DocNumber {
            written: written.clone(),
            number: None,
            symbol: key.to_string(),
            type_code: None,
            year: None,
            family: Family::Letter,
            key: key.to_string(),
        };
        // Party: 217-KL/TU
        if let Some((left, issuer)) = key.split_once('/')
            && let Some((num, code)) = left.split_once('-')
            && num.bytes().all(|b| b.is_ascii_digit())
            && !num.is_empty()
            && !issuer.is_empty()
        {
            let n = num.parse::<u32>().ok();
            if n == Some(0) {
                issues.push(NumberIssue::Zero);
            }
            return (
                DocNumber {
                    written: written.clone(),
                    number: n,
                    symbol: format!("{code}/{issuer}"),
                    type_code: Some(code.to_string()),
                    year: None,
                    family: Family::Party,
                    key: key.clone(),
                },
                issues,
            );
        }
        let Some((num, rest)) = key.split_once('/') else {
            issues.push(NumberIssue::Unrecognised);
            return (unknown(&key), issues);
        };
        if !num.bytes().all(|b| b.is_ascii_digit()) || rest.is_empty() {
            issues.push(NumberIssue::Unrecognised);
            return (unknown(&key), issues);
        }
        let number = if num.is_empty() { None } else { num.parse::<u32>().ok() };
        if number == Some(0) {
            issues.push(NumberIssue::Zero);
        }
        // Normative: 24/2021/QĐ-TTg, 06/2022/QH15
        if let Some((y, sym)) = rest.split_once('/')
            && y.len() == 4
            && y.bytes().all(|b| b.is_ascii_digit())
        {
            let code = sym.split('-').next().unwrap_or("");
            let near = type_code_near_misses(code);
            if !near.is_empty() && sym.contains('-') {
                issues.push(NumberIssue::TypeSpelling(code.to_string(), near.join(" hoặc ")));
            }
            let code = if code.starts_with("QH") { "QH" } else { code };
            return (
                DocNumber {
                    written: written.clone(),
                    number,
                    symbol: sym.to_string(),
                    type_code: type_name(code).map(|_| code.to_string()),
                    year: y.parse().ok(),
                    family: Family::Normative,
                    key: key.clone(),
                },
                issues,
            );
        }
        let code = rest.split('-').next().unwrap_or("");
        let is_type = type_name(code).is_some() && rest.contains('-');
        let near = type_code_near_misses(code);
        if !near.is_empty() && rest.contains('-') {
            issues.push(NumberIssue::TypeSpelling(code.to_string(), near.join(" hoặc ")));
        }
        if code == "CV" && rest.contains('-') {
            issues.push(NumberIssue::LetterCode);
        }
        (
            DocNumber {
                written: written.clone(),
                number,
                symbol: rest.to_string(),
                type_code: is_type.then(|| code.to_string()),
                year: None,
                family: if is_type { Family::Admin } else { Family::Letter },
                key: key.clone(),
            },
            issues,
        )
    }

    /// `Số: 263/KH-UBND` as printed in a header.
    pub(crate) fn display(&self) -> String {
        match self.number {
            Some(_) => self.key.clone(),
            None => format!("…/{}", self.symbol),
        }
    }
}

/// A document as people name it, the one way every page, listing, search entry and message
/// names it: `Kế hoạch 263/KH-UBND` when it has a number; when the published copy left the
/// number blank (`/KH-BDT`), by type, issuer and date: `Kế hoạch của Ban Dân tộc tỉnh Bình
/// Phước, tháng 10/2022 (không số)`.
pub(crate) fn document_name(
    type_name: &str,
    number: Option<&DocNumber>,
    issuer: &str,
    date: Option<&vi::PartialDate>,
) -> String {
    let type_name = if type_name.is_empty() { "Văn bản" } else { type_name };
    if let Some(n) = number.filter(|n| n.number.is_some()) {
        return format!("{type_name} {}", n.display());
    }
    let mut out = type_name.to_string();
    if !issuer.is_empty() {
        out.push_str(" của ");
        out.push_str(issuer);
    }
    if let Some(d) = date {
        out.push_str(", ");
        out.push_str(&match (d.month, d.day) {
            (Some(m), Some(day)) => format!("ngày {day}/{m}/{}", d.year),
            (Some(m), None) => format!("tháng {m}/{}", d.year),
            _ => format!("năm {}", d.year),
        });
    }
    out.push_str(" (không số)");
    out
}

/// Reports a wrongly written document number.
pub(crate) fn number_diags(
    issues: &[NumberIssue],
    written: &str,
    file: &Path,
    pos: Pos,
    diags: &mut Vec<Diagnostic>,
    strict: bool,
) {
    for i in issues {
        let d = match i {
            NumberIssue::Spaces => Diagnostic::warning(
                "number-spaces",
                file,
                pos,
                t!("số, ký hiệu `{written}` có dấu cách quanh / hoặc -", "number `{written}` has spaces around / or -"),
            )
            .with_hint(t!(
                "Nghị định 30/2020: viết liền, ví dụ `263/KH-UBND`",
                "Decree 30/2020: no spaces, e.g. `263/KH-UBND`"
            )),
            NumberIssue::TypeSpelling(code, meant) => Diagnostic::error(
                "type-code-spelling",
                file,
                pos,
                t!(
                    "`{code}` trong `{written}` không phải mã loại văn bản: mã viết đúng hoa thường và dấu, ví dụ `{meant}`",
                    "`{code}` in `{written}` is not a document type code: codes are case- and diacritic-sensitive, e.g. `{meant}`"
                ),
            )
            .with_hint(t!(
                "chép ký hiệu đúng như trên văn bản (Nghị định 30/2020, Phụ lục III): `HD` là Hướng dẫn, `HĐ` là Hợp đồng, `QĐ` là Quyết định",
                "copy the symbol exactly as on the document (Decree 30/2020, Annex III): `HD` is a guidance, `HĐ` a contract, `QĐ` a decision"
            )),
            NumberIssue::LetterCode => Diagnostic::warning(
                "letter-code",
                file,
                pos,
                t!(
                    "`CV` trong `{written}` không phải mã loại văn bản chính thức: công văn không có mã loại",
                    "`CV` in `{written}` is not an official type code: a công văn has no type code"
                ),
            )
            .with_hint(t!(
                "ký hiệu công văn gồm chữ viết tắt của cơ quan và đơn vị soạn thảo, ví dụ `2975/UBND-KSTT`",
                "a công văn's symbol is the body's abbreviation and the drafting unit, e.g. `2975/UBND-KSTT`"
            )),
            NumberIssue::Zero => Diagnostic::error(
                "number-zero",
                file,
                pos,
                t!("số văn bản phải từ 1 trở lên (`{written}`)", "the document number must be 1 or more (`{written}`)"),
            ),
            NumberIssue::Unrecognised => Diagnostic::error(
                "bad-number",
                file,
                pos,
                t!("không đọc được số, ký hiệu `{written}`", "cannot read the number and symbol `{written}`"),
            )
            .with_hint(t!(
                "viết như trên văn bản: `263/KH-UBND`, `24/2021/QĐ-TTg`, `217-KL/TU`; số để trống: `/KH-BDT`",
                "write it as on the document: `263/KH-UBND`, `24/2021/QĐ-TTg`, `217-KL/TU`; blank number: `/KH-BDT`"
            )),
        };
        let d = if strict && d.severity == crate::diag::Severity::Warning {
            crate::diag::Diagnostic { severity: crate::diag::Severity::Error, ..d }
        } else {
            d
        };
        diags.push(d);
    }
}

/// Reads `number:` of a document or decision, reporting how it is written.
pub(crate) fn read_number(r: &mut MapReader<'_, '_>, strict: bool) -> Option<DocNumber> {
    let n = r.node("number")?;
    let written = n.as_text().unwrap_or_default();
    if written.trim().is_empty() {
        return None;
    }
    let (num, issues) = DocNumber::parse(&written);
    let file = r.file();
    number_diags(&issues, &written, file, n.pos, r.diags(), strict);
    Some(num)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 16: a document with a blank number was named "/KH-BDT" or "…/KH-BDT".
    #[test]
    fn a_document_without_number_is_named_by_type_issuer_and_date() {
        let (blank, _) = DocNumber::parse("/KH-BDT");
        let (full, _) = DocNumber::parse("263/KH-UBND");
        let issuer = "Ban Dân tộc tỉnh Bình Phước";
        let month = vi::PartialDate { year: 2022, month: Some(10), day: None };
        assert_eq!(
            document_name("Kế hoạch", Some(&blank), issuer, Some(&month)),
            "Kế hoạch của Ban Dân tộc tỉnh Bình Phước, tháng 10/2022 (không số)"
        );
        let day = vi::PartialDate { year: 2022, month: Some(9), day: Some(16) };
        assert_eq!(
            document_name("Kế hoạch", None, issuer, Some(&day)),
            "Kế hoạch của Ban Dân tộc tỉnh Bình Phước, ngày 16/9/2022 (không số)"
        );
        assert_eq!(document_name("", None, "", None), "Văn bản (không số)");
        assert_eq!(
            document_name("Kế hoạch", Some(&full), issuer, Some(&day)),
            "Kế hoạch 263/KH-UBND"
        );
    }

    #[test]
    fn parses_number_families() {
        let (n, i) = DocNumber::parse("263/KH-UBND");
        assert_eq!(
            (n.number, n.type_code.as_deref(), n.family, i.len()),
            (Some(263), Some("KH"), Family::Admin, 0)
        );
        let (n, _) = DocNumber::parse("2357/HD-BTĐKT");
        assert_eq!(n.type_code.as_deref(), Some("HD"));
        let (n, _) = DocNumber::parse("666/QĐ-TTg");
        assert_eq!(n.type_code.as_deref(), Some("QĐ"));
        let (n, _) = DocNumber::parse("24/2021/QĐ-TTg");
        assert_eq!(
            (n.family, n.year, n.type_code.as_deref()),
            (Family::Normative, Some(2021), Some("QĐ"))
        );
        let (n, _) = DocNumber::parse("06/2022/QH15");
        assert_eq!(n.type_code.as_deref(), Some("QH"));
        let (n, _) = DocNumber::parse("217-KL/TU");
        assert_eq!(
            (n.family, n.number, n.type_code.as_deref()),
            (Family::Party, Some(217), Some("KL"))
        );
        let (n, _) = DocNumber::parse("2975/UBND-KSTT");
        assert_eq!((n.family, n.type_code), (Family::Letter, None));
    }

    #[test]
    fn blank_numbers_and_spaces_are_kept_and_flagged() {
        let (n, i) = DocNumber::parse("Số:          /KH - BDT");
        assert_eq!(
            (n.number, n.key.as_str(), n.type_code.as_deref()),
            (None, "/KH-BDT", Some("KH"))
        );
        assert_eq!(i, vec![NumberIssue::Spaces]);
        assert_eq!(n.display(), "…/KH-BDT");
    }

    #[test]
    fn hd_and_hđ_are_different_types() {
        assert_eq!(type_name("HD"), Some("Hướng dẫn"));
        assert_eq!(type_name("HĐ"), Some("Hợp đồng"));
        assert_eq!(type_name("hd"), None);
    }

    #[test]
    fn near_miss_type_codes_are_flagged() {
        let (_, i) = DocNumber::parse("12/QD-UBND");
        assert_eq!(i, vec![NumberIssue::TypeSpelling("QD".into(), "QĐ".into())]);
        let (_, i) = DocNumber::parse("5/Kh-UBND");
        assert_eq!(i, vec![NumberIssue::TypeSpelling("Kh".into(), "KH".into())]);
        let (_, i) = DocNumber::parse("2357/HD-BTĐKT");
        assert!(i.is_empty());
        let (_, i) = DocNumber::parse("2975/UBND-KSTT");
        assert!(i.is_empty());
        assert_eq!(type_code_near_misses("hd"), vec!["HD", "HĐ"]);
    }
}
