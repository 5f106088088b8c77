//! Shared vocabulary of the model: document numbers, award forms, recipient kinds, places, signers, targets.

use std::path::Path;

use serde::Serialize;

use crate::diag::{Diagnostic, Pos};
use crate::t;
use crate::vi::{self, PartialDate};
use crate::yaml::{MapReader, Node};

/// Document type codes of Nghị định 30/2020 (Phụ lục III) plus the normative and Party ones the
/// portal cites, with their Vietnamese names. Compared case- and diacritic-sensitively: `HD`
/// (Hướng dẫn) is not `HĐ` (Hợp đồng).
pub const TYPE_CODES: &[(&str, &str)] = &[
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
pub fn type_name(code: &str) -> Option<&'static str> {
    TYPE_CODES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// Numbering families of Vietnamese documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
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
pub struct DocNumber {
    /// As written in the source (`263/KH-UBND`, `/KH-BDT`).
    pub written: String,
    /// The number part (`263`), `None` when left blank in the published copy.
    pub number: Option<u32>,
    /// The symbol after the number (`KH-UBND`).
    pub symbol: String,
    /// Document type code when the symbol has one (`KH`).
    pub type_code: Option<String>,
    /// Year written inside normative numbers (`2021` in `24/2021/QĐ-TTg`).
    pub year: Option<i32>,
    /// Numbering family.
    pub family: Family,
    /// Lookup key: written form without spaces.
    pub key: String,
}

/// Problems found in a number as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberIssue {
    /// Spaces around `/` or `-` (NĐ 30 forbids them).
    Spaces,
    /// Not recognisable at all.
    Unrecognised,
    /// Number 0.
    Zero,
}

impl DocNumber {
    /// Parses a number as written. Always returns a value (to keep the record) plus issues.
    pub fn parse(written: &str) -> (DocNumber, Vec<NumberIssue>) {
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
    pub fn display(&self) -> String {
        match self.number {
            Some(_) => self.key.clone(),
            None => format!("…/{}", self.symbol),
        }
    }
}

/// Kinds of recipient and exemplar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecipientKind {
    /// Cá nhân.
    Individual,
    /// Tập thể.
    Collective,
    /// Hộ gia đình.
    Household,
    /// Doanh nghiệp.
    Enterprise,
    /// Hợp tác xã.
    Cooperative,
}

/// The accepted spellings of recipient kinds.
pub const KIND_CHOICES: &[&str] =
    &["individual", "collective", "household", "enterprise", "cooperative"];

impl RecipientKind {
    /// From one of [`KIND_CHOICES`].
    pub fn from_choice(s: &str) -> RecipientKind {
        match s {
            "collective" => RecipientKind::Collective,
            "household" => RecipientKind::Household,
            "enterprise" => RecipientKind::Enterprise,
            "cooperative" => RecipientKind::Cooperative,
            _ => RecipientKind::Individual,
        }
    }

    /// Vietnamese label.
    pub fn label(self) -> &'static str {
        match self {
            RecipientKind::Individual => "Cá nhân",
            RecipientKind::Collective => "Tập thể",
            RecipientKind::Household => "Hộ gia đình",
            RecipientKind::Enterprise => "Doanh nghiệp",
            RecipientKind::Cooperative => "Hợp tác xã",
        }
    }

    /// The key used in URLs and data (`individual`).
    pub fn key(self) -> &'static str {
        match self {
            RecipientKind::Individual => "individual",
            RecipientKind::Collective => "collective",
            RecipientKind::Household => "household",
            RecipientKind::Enterprise => "enterprise",
            RecipientKind::Cooperative => "cooperative",
        }
    }

    /// Whether this kind is a person (named people get privacy rules).
    pub fn is_person(self) -> bool {
        matches!(self, RecipientKind::Individual | RecipientKind::Household)
    }
}

/// An award form of the closed, ranked vocabulary (DOMAIN §1.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct AwardForm {
    /// Code used in content files.
    pub code: &'static str,
    /// Full Vietnamese name.
    pub label: &'static str,
    /// Rank, 1 = highest.
    pub rank: u8,
    /// Who decides it.
    pub authority: &'static str,
    /// Recipient kinds it may go to.
    #[serde(skip)]
    pub allowed: &'static [RecipientKind],
}

const ALL: &[RecipientKind] = &[
    RecipientKind::Individual,
    RecipientKind::Collective,
    RecipientKind::Household,
    RecipientKind::Enterprise,
    RecipientKind::Cooperative,
];
const NO_HOUSEHOLD: &[RecipientKind] = &[
    RecipientKind::Individual,
    RecipientKind::Collective,
    RecipientKind::Enterprise,
    RecipientKind::Cooperative,
];

/// The award forms this kind of campaign uses, highest first.
pub const AWARD_FORMS: &[AwardForm] = &[
    AwardForm {
        code: "HCLD1",
        label: "Huân chương Lao động hạng Nhất",
        rank: 1,
        authority: "Chủ tịch nước",
        allowed: NO_HOUSEHOLD,
    },
    AwardForm {
        code: "HCLD2",
        label: "Huân chương Lao động hạng Nhì",
        rank: 2,
        authority: "Chủ tịch nước",
        allowed: NO_HOUSEHOLD,
    },
    AwardForm {
        code: "HCLD3",
        label: "Huân chương Lao động hạng Ba",
        rank: 3,
        authority: "Chủ tịch nước",
        allowed: NO_HOUSEHOLD,
    },
    AwardForm {
        code: "HCLD",
        label: "Huân chương Lao động",
        rank: 3,
        authority: "Chủ tịch nước",
        allowed: NO_HOUSEHOLD,
    },
    AwardForm {
        code: "BKTTG",
        label: "Bằng khen của Thủ tướng Chính phủ",
        rank: 4,
        authority: "Thủ tướng Chính phủ",
        allowed: ALL,
    },
    AwardForm {
        code: "BKTINH",
        label: "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        rank: 5,
        authority: "Chủ tịch UBND tỉnh",
        allowed: ALL,
    },
    AwardForm {
        code: "GKSO",
        label: "Giấy khen của Thủ trưởng sở, ban, ngành, Mặt trận, đoàn thể tỉnh",
        rank: 6,
        authority: "Thủ trưởng sở, ban, ngành",
        allowed: ALL,
    },
    AwardForm {
        code: "GKHUYEN",
        label: "Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện",
        rank: 7,
        authority: "Chủ tịch UBND huyện",
        allowed: ALL,
    },
    AwardForm {
        code: "GKXA",
        label: "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã",
        rank: 8,
        authority: "Chủ tịch UBND xã",
        allowed: ALL,
    },
    AwardForm {
        code: "GKDV",
        label: "Giấy khen của Thủ trưởng cơ quan, đơn vị, doanh nghiệp",
        rank: 8,
        authority: "Thủ trưởng cơ quan, đơn vị",
        allowed: ALL,
    },
];

/// Looks an award form up by code.
pub fn award_form(code: &str) -> Option<&'static AwardForm> {
    AWARD_FORMS.iter().find(|f| f.code == code)
}

/// Reads an award form code, reporting unknown ones with a suggestion.
pub fn read_form(
    code: &str,
    node: &Node,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'static AwardForm> {
    let code = code.trim();
    if let Some(f) = award_form(code) {
        return Some(f);
    }
    let list = AWARD_FORMS.iter().map(|f| f.code).collect::<Vec<_>>().join(", ");
    let mut d = Diagnostic::error(
        "unknown-award-form",
        file,
        node.pos,
        t!(
            "hình thức khen thưởng `{code}` không có trong danh mục",
            "award form `{code}` is not in the vocabulary"
        ),
    );
    d = match crate::diag::suggest(code, AWARD_FORMS.iter().map(|f| f.code)) {
        Some(s) => d.with_hint(t!(
            "có phải ý bạn là `{s}`? Các mã: {list}",
            "did you mean `{s}`? Codes: {list}"
        )),
        None => d.with_hint(t!("dùng một mã: {list}", "use one of: {list}")),
    };
    diags.push(d);
    None
}

/// An award round: `so-ket-2023`, `tong-ket-2025`, `hang-nam-2024`, `dot-xuat`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Round {
    /// As written (`so-ket-2023`).
    pub id: String,
    /// Display label (`Sơ kết 2023`).
    pub label: String,
}

impl Round {
    /// Parses a round id; `None` when it is not one of the forms.
    pub fn parse(s: &str) -> Option<Round> {
        let s = s.trim().to_lowercase();
        let year_of = |rest: &str| rest.parse::<u16>().ok().filter(|y| (1990..=2100).contains(y));
        let label = if s == "dot-xuat" {
            "Đột xuất".to_string()
        } else if let Some(y) = s.strip_prefix("so-ket-").and_then(year_of) {
            format!("Sơ kết {y}")
        } else if let Some(y) = s.strip_prefix("tong-ket-").and_then(year_of) {
            format!("Tổng kết {y}")
        } else if let Some(y) = s.strip_prefix("hang-nam-").and_then(year_of) {
            format!("Hằng năm {y}")
        } else {
            return None;
        };
        Some(Round { id: s, label })
    }
}

/// Reads a round, with an error when malformed.
pub fn read_round(r: &mut MapReader<'_, '_>, key: &'static str) -> Option<Round> {
    let n = r.node(key)?;
    let s = n.as_text().unwrap_or_default();
    let round = Round::parse(&s);
    if round.is_none() {
        let file = r.file();
        r.report(
            Diagnostic::error(
                "bad-round",
                file,
                n.pos,
                t!("đợt khen thưởng `{s}` không hợp lệ", "award round `{s}` is not valid"),
            )
            .with_hint(t!(
                "viết `so-ket-2023`, `tong-ket-2025`, `hang-nam-2024` hoặc `dot-xuat`",
                "write `so-ket-2023`, `tong-ket-2025`, `hang-nam-2024` or `dot-xuat`"
            )),
        );
    }
    round
}

/// A place down to thôn/ấp.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Locality {
    /// Thôn, ấp, khu phố.
    pub hamlet: Option<String>,
    /// Xã, phường.
    pub commune: Option<String>,
    /// Huyện (historical after 1/7/2025).
    pub district: Option<String>,
    /// Tỉnh.
    pub province: Option<String>,
    /// All parts joined (`ấp 3, xã Tân Tiến, tỉnh Bình Phước`).
    pub display: String,
}

impl Locality {
    /// Reads `locality:` (a mapping, or one line of text kept as the commune).
    pub fn read(r: &mut MapReader<'_, '_>, key: &'static str) -> Locality {
        let Some(n) = r.node(key) else { return Locality::default() };
        if let Some(s) = n.as_text() {
            return Locality { commune: Some(s.clone()), display: s, ..Locality::default() };
        }
        let file = r.file();
        let Some(mut lr) = MapReader::new(n, file, "locality", r.diags()) else {
            return Locality::default();
        };
        let mut l = Locality {
            hamlet: lr.text("hamlet"),
            commune: lr.text("commune"),
            district: lr.text("district"),
            province: lr.text("province"),
            display: String::new(),
        };
        lr.finish();
        l.display = [&l.hamlet, &l.commune, &l.district, &l.province]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        l
    }
}

/// The signature block.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Signer {
    /// `KT.`, `TM.`, `TL.`, `TUQ.`, `Q.`
    pub authority: Option<String>,
    /// The head's title the signer signs for (`CHỦ TỊCH`).
    pub superior: Option<String>,
    /// Signer's own title (`PHÓ CHỦ TỊCH`).
    pub title: Option<String>,
    /// Name.
    pub name: Option<String>,
}

impl Signer {
    /// Reads `signer:`.
    pub fn read(r: &mut MapReader<'_, '_>, key: &'static str) -> Option<Signer> {
        let n = r.map(key)?;
        let file = r.file();
        let mut sr = MapReader::new(n, file, "signer", r.diags())?;
        let authority = sr.choice("authority", &["KT.", "TM.", "TL.", "TUQ.", "Q."]);
        let s = Signer {
            authority: authority.map(str::to_string),
            superior: sr.text("superior"),
            title: sr.text("title"),
            name: sr.text("name"),
        };
        sr.finish();
        Some(s)
    }
}

/// A target (chỉ tiêu): a value or a range, a unit, per year or by a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Target {
    /// What is measured.
    pub label: String,
    /// Single value.
    pub value: Option<f64>,
    /// Lower bound of a range.
    pub min: Option<f64>,
    /// Upper bound of a range.
    pub max: Option<f64>,
    /// Unit (`hộ`, `%`, `mô hình`).
    pub unit: String,
    /// `năm` when per year.
    pub per: Option<String>,
    /// Deadline year or date.
    pub by: Option<String>,
    /// `increase`, `decrease` or `maintain`.
    pub direction: Option<String>,
    /// Formatted: `2.000–2.500 hộ/năm`, `1,5–2%/năm`, `100%`.
    pub display: String,
    /// Free note.
    pub note: Option<String>,
}

impl Target {
    /// Reads one target item.
    pub fn read(n: &Node, file: &Path, diags: &mut Vec<Diagnostic>) -> Option<Target> {
        let mut r = MapReader::new(n, file, "target", diags)?;
        let label = r.req_text("label", "Giảm số hộ nghèo");
        let value = r.number("value");
        let min = r.number("min");
        let max = r.number("max");
        let unit = r.text("unit").unwrap_or_default();
        let per = r.text("per");
        let by = r.text("by");
        let direction =
            r.choice("direction", &["increase", "decrease", "maintain"]).map(str::to_string);
        let note = r.text("note");
        r.finish();
        if value.is_none() && min.is_none() && max.is_none() {
            diags.push(
                Diagnostic::error(
                    "target-value",
                    file,
                    n.pos,
                    t!("chỉ tiêu thiếu giá trị", "target has no value"),
                )
                .with_hint(t!(
                    "thêm `value: 100` hoặc `min: 2000` và `max: 2500`",
                    "add `value: 100` or `min: 2000` and `max: 2500`"
                )),
            );
        }
        let num = |x: f64| vi::format_decimal(x, 2);
        let amount = match (value, min, max) {
            (Some(v), _, _) => num(v),
            (None, Some(a), Some(b)) => format!("{}–{}", num(a), num(b)),
            (None, Some(a), None) => format!("từ {}", num(a)),
            (None, None, Some(b)) => format!("tối đa {}", num(b)),
            _ => String::new(),
        };
        let sep = if unit.is_empty() || unit == "%" { "" } else { " " };
        let mut display = format!("{amount}{sep}{unit}");
        if let Some(p) = &per {
            display.push('/');
            display.push_str(p);
        }
        if let Some(b) = &by {
            display.push_str(&format!(" (đến {b})"));
        }
        Some(Target { label: label?, value, min, max, unit, per, by, direction, display, note })
    }
}

/// A milestone or deadline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Milestone {
    /// When (may be partial or recurring text such as "hằng năm trước 15/11").
    pub when: String,
    /// Parsed date when `when` is a date.
    #[serde(skip)]
    pub date: Option<PartialDate>,
    /// What happens.
    pub label: String,
    /// `deadline`, `event` or `report`.
    pub kind: String,
}

impl Milestone {
    /// Reads one milestone item.
    pub fn read(n: &Node, file: &Path, diags: &mut Vec<Diagnostic>) -> Option<Milestone> {
        let mut r = MapReader::new(n, file, "milestone", diags)?;
        let when_node = r.node("date");
        let label = r.req_text("label", "Sơ kết giữa kỳ");
        let kind =
            r.choice("kind", &["deadline", "event", "report"]).unwrap_or("event").to_string();
        r.finish();
        let when = when_node.and_then(Node::as_text).unwrap_or_default();
        let date = PartialDate::parse(&when).ok();
        Some(Milestone {
            when: date.map(|d| d.short_vi()).unwrap_or(when),
            date,
            label: label?,
            kind,
        })
    }
}

/// A link to a record, as templates show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Link {
    /// Text.
    pub title: String,
    /// Site path (`/van-ban/…/`).
    pub url: String,
    /// Secondary text (number, date).
    pub note: Option<String>,
}

/// Reports a wrongly written document number.
pub fn number_diags(
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn rounds() {
        assert_eq!(Round::parse("so-ket-2023").unwrap().label, "Sơ kết 2023");
        assert_eq!(Round::parse("hang-nam-2024").unwrap().label, "Hằng năm 2024");
        assert!(Round::parse("so ket").is_none());
    }
}
