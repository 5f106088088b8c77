//! The documents a text cites ("Căn cứ Quyết định số 666/QĐ-TTg ngày 02/6/2022 của Thủ tướng
//! Chính phủ về …"): number, date, issuer and title of each, once per number, with the line it
//! was read from. A number cited with two different dates gets no date and a doubt.

use std::sync::LazyLock;

use regex::Regex;

use super::body::Block;
use super::formats::Origin;
use super::plan::normalize_title;
use crate::diag::Text;
use crate::t;
use crate::vi::{self, PartialDate};

/// One cited document.
#[derive(Clone, Debug)]
pub(crate) struct Cite {
    /// Number as the site writes it (`2357/HD-BTĐKT`: spaces from line breaks removed).
    pub(crate) number: String,
    /// Type word before it (`Kế hoạch`).
    pub(crate) kind: String,
    pub(crate) date: Option<PartialDate>,
    pub(crate) issuer: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) origin: Origin,
    /// Why the date is left out, when the text gives two.
    pub(crate) unsure: Option<Text>,
}

static CITE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(Kế hoạch|Quyết định|Chỉ thị|Nghị quyết|Công văn|Kết luận|Thông tư|Hướng dẫn|Nghị định|Luật|Thông báo|Chương trình)",
        r"\s+(?:số\s*)?(\d{1,5}(?:/\d{4})?\s?[/-]\s?\p{Lu}[\p{L}\d]*(?:\s?[-/]\s?\p{Lu}[\p{L}\d]*)*)",
        r"(?:\s*,?\s*ngày\s+(\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?",
    ))
    .expect("regex")
});
static LONG_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})").expect("regex"));

/// Parses `16/9/2022` or `02 tháng 6 năm 2022`.
pub(crate) fn parse_date(s: &str) -> Option<PartialDate> {
    if let Some(c) = LONG_DATE.captures(s) {
        return PartialDate::ymd(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?).ok();
    }
    let mut it = s.split('/');
    let (d, m, y) = (it.next()?, it.next()?, it.next()?);
    PartialDate::ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// Where the issuer ends and the title starts in the words after a citation.
const TITLE_STARTS: &[&str] = &[
    " về việc ",
    " về ",
    " V/v ",
    " phê duyệt ",
    " Phê duyệt ",
    " ban hành ",
    " triển khai ",
    " Hướng dẫn ",
    " hướng dẫn ",
    " tại ",
];

/// Issuer and title from the words after a citation, up to the end of its clause.
fn issuer_and_title(rest: &str, province: Option<&str>) -> (Option<String>, Option<String>) {
    let clause_end = [";", ". ", " (", ", Ban ", ", Ủy ban ", ", Chủ tịch "]
        .iter()
        .filter_map(|s| rest.find(s))
        .min()
        .unwrap_or(rest.len());
    let clause = rest[..clause_end].trim();
    let clause = clause.strip_prefix(',').unwrap_or(clause).trim();
    let (issuer_part, title_part) = {
        let body = clause.strip_prefix("của ").unwrap_or(clause);
        let org_first = clause.starts_with("của ")
            || [
                "Ủy ban",
                "UBND",
                "Thủ tướng",
                "Chính phủ",
                "Quốc hội",
                "Bộ ",
                "Ban ",
                "Sở ",
                "Chủ tịch",
                "Thường trực",
            ]
            .iter()
            .any(|p| body.starts_with(p));
        let padded = format!(" {body}");
        let cut =
            TITLE_STARTS.iter().filter_map(|s| padded.find(s).map(|i| (i, *s))).min_by_key(|x| x.0);
        match (org_first, cut) {
            (true, Some((i, sep))) => {
                let keep =
                    if sep.trim().starts_with("về") || sep.trim() == "V/v" || sep.trim() == "tại"
                    {
                        sep.len()
                    } else {
                        1
                    };
                (Some(padded[..i].trim().to_string()), Some(padded[i + keep..].trim().to_string()))
            }
            (true, None) => (Some(body.trim().to_string()), None),
            (false, Some((0, sep))) => {
                let keep = if sep.trim().starts_with("về") { sep.len() } else { 1 };
                (None, Some(padded[keep..].trim().to_string()))
            }
            _ => (None, None),
        }
    };
    let issuer = issuer_part.filter(|s| !s.is_empty() && s.chars().count() < 80).map(|s| {
        let s = s.trim_end_matches([',', ' ']).to_string();
        let s = match s.strip_prefix("UBND ") {
            Some(r) => format!("Ủy ban nhân dân {r}"),
            None => s,
        };
        match province {
            Some(p) if s.ends_with(" tỉnh") => format!("{s} {p}"),
            _ => s,
        }
    });
    let title = title_part.filter(|s| s.chars().count() > 8).map(|s| {
        let s = s.trim_matches(['“', '”', '"', ' ', ',']).to_string();
        let s = normalize_title(&s);
        let mut c = s.chars();
        match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
            None => s,
        }
    });
    (issuer, title)
}

/// Every document cited in the blocks, in order of first citation, one per number.
pub(crate) fn cites(blocks: &[Block], province: Option<&str>) -> Vec<Cite> {
    let mut out: Vec<Cite> = Vec::new();
    let mut dates: Vec<Vec<(PartialDate, Origin)>> = Vec::new();
    for b in blocks {
        for c in CITE.captures_iter(&b.text) {
            let number: String = c[2].chars().filter(|c| !c.is_whitespace()).collect();
            let date = c.get(3).and_then(|m| parse_date(m.as_str()));
            let end = c.get(0).map(|m| m.end()).unwrap_or(0);
            let (issuer, title) = issuer_and_title(&b.text[end..], province);
            let at = match out.iter().position(|x| x.number == number) {
                Some(i) => i,
                None => {
                    out.push(Cite {
                        number,
                        kind: c[1].to_string(),
                        date: None,
                        issuer: None,
                        title: None,
                        origin: b.origin.clone(),
                        unsure: None,
                    });
                    dates.push(Vec::new());
                    out.len() - 1
                }
            };
            let cite = &mut out[at];
            if cite.issuer.is_none() {
                cite.issuer = issuer;
            }
            if cite.title.is_none() {
                cite.title = title;
            }
            if let Some(d) = date {
                dates[at].push((d, b.origin.clone()));
            }
        }
    }
    for (cite, ds) in out.iter_mut().zip(dates) {
        let mut distinct: Vec<PartialDate> = ds.iter().map(|d| d.0).collect();
        distinct.sort();
        distinct.dedup();
        match distinct.as_slice() {
            [one] => cite.date = Some(*one),
            [] => {}
            many => {
                let list = many
                    .iter()
                    .map(|d| {
                        let at: Vec<String> =
                            ds.iter().filter(|x| x.0 == *d).map(|x| x.1.show().vi).collect();
                        format!("{} ({})", d.short_vi(), at.join(", "))
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                let n = &cite.number;
                cite.unsure = Some(t!(
                    "văn bản ghi {n} với nhiều ngày khác nhau: {list}; chưa rõ ngày đúng nên để trống",
                    "the text gives {n} several dates: {list}; the right one is unclear, so none is written"
                ));
            }
        }
    }
    out
}

/// Whether two titles say the same (compared without diacritics, case and punctuation).
pub(crate) fn same_title(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        vi::fold(s)
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    !a.is_empty() && a == b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::body::BlockKind;

    fn block(text: &str, line: u32) -> Block {
        Block { kind: BlockKind::Para, text: text.into(), origin: Origin::Line(line) }
    }

    #[test]
    fn reads_number_date_issuer_and_title() {
        let c = cites(
            &[block(
                "Thực hiện Kế hoạch số 263/KH-UBND ngày 16/9/2022 của UBND tỉnh về việc tổ chức thực hiện phong trào thi đua giai đoạn 2021- 2025; Công văn số 2357/HD- BTĐKT ngày 31/8/2022 của Ban Thi đua - Khen thưởng Trung ương Hướng dẫn khen thưởng.",
                7,
            )],
            Some("Bình Phước"),
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].number, "263/KH-UBND");
        assert_eq!(c[0].date.map(|d| d.iso()).as_deref(), Some("2022-09-16"));
        assert_eq!(c[0].issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Bình Phước"));
        assert_eq!(
            c[0].title.as_deref(),
            Some("Tổ chức thực hiện phong trào thi đua giai đoạn 2021 - 2025")
        );
        assert_eq!(c[1].number, "2357/HD-BTĐKT");
        assert_eq!(c[1].issuer.as_deref(), Some("Ban Thi đua - Khen thưởng Trung ương"));
        assert_eq!(c[0].origin, Origin::Line(7));
    }

    #[test]
    fn two_dates_for_one_number_leave_it_blank_with_a_doubt() {
        let c = cites(
            &[
                block("theo Kế hoạch số 03/KH-BDT ngày 02/02/2022, và", 3),
                block("Kế hoạch số 03/KH-BDT ngày 02/02/2023 của Ban Dân tộc", 9),
            ],
            None,
        );
        assert_eq!(c.len(), 1);
        assert!(c[0].date.is_none());
        let why = c[0].unsure.as_ref().map(|t| t.vi.clone()).unwrap_or_default();
        assert!(why.contains("2/2/2022 (dòng 3)") && why.contains("2/2/2023 (dòng 9)"), "{why}");
    }

    #[test]
    fn party_numbers_and_long_dates() {
        let c = cites(
            &[block(
                "Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị; Quyết định số 666/QĐ-TTg ngày 02 tháng 6 năm 2022",
                1,
            )],
            None,
        );
        assert_eq!(c[0].number, "34-CT/TW");
        assert_eq!(c[1].date.map(|d| d.iso()).as_deref(), Some("2022-06-02"));
    }
}
