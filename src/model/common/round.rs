//! Award rounds (`so-ket-2023`, `tong-ket-2025`, `hang-nam-2024`, `dot-xuat`) and their labels.

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::read::fields::MapReader;
use crate::t;

/// An award round: `so-ket-2023`, `tong-ket-2025`, `hang-nam-2024`, `dot-xuat`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub(crate) struct Round {
    /// As written (`so-ket-2023`).
    pub(crate) id: String,
    /// Display label (`Sơ kết 2023`).
    pub(crate) label: String,
}

impl Round {
    /// Parses a round id; `None` when it is not one of the forms.
    pub(crate) fn parse(s: &str) -> Option<Round> {
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
pub(crate) fn read_round(r: &mut MapReader<'_, '_>, key: &'static str) -> Option<Round> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds() {
        assert_eq!(Round::parse("so-ket-2023").unwrap().label, "Sơ kết 2023");
        assert_eq!(Round::parse("hang-nam-2024").unwrap().label, "Hằng năm 2024");
        assert!(Round::parse("so ket").is_none());
    }
}
