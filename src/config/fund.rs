//! The fund's settings in `site.yaml` (`fund:`): the Tháng cao điểm window and the ledger page size.

use std::path::Path;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::read::fields::MapReader;
use crate::read::yaml::Node;
use crate::t;
use crate::vi::{self, PartialDate};

/// The fund's settings in `site.yaml` (`fund:`).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct FundConfig {
    /// First day of the Tháng cao điểm "Vì người nghèo" (day, month), default 17/10.
    pub peak_from: (u8, u8),
    /// Last day of the Tháng cao điểm (day, month), default 18/11.
    pub peak_to: (u8, u8),
    /// Rows per ledger page (default 100).
    pub ledger_page: usize,
}

impl Default for FundConfig {
    fn default() -> FundConfig {
        FundConfig { peak_from: (17, 10), peak_to: (18, 11), ledger_page: 100 }
    }
}

impl FundConfig {
    /// Reads `fund:` of `site.yaml` (absent: defaults).
    pub(crate) fn read(
        node: Option<&Node>,
        file: &Path,
        diags: &mut Vec<Diagnostic>,
    ) -> FundConfig {
        let mut c = FundConfig::default();
        let Some(node) = node else { return c };
        let Some(mut r) = MapReader::new(node, file, "fund", diags) else { return c };
        for (key, slot) in [("peak_from", &mut c.peak_from), ("peak_to", &mut c.peak_to)] {
            let Some(n) = r.node(key) else { continue };
            let text = n.as_text().unwrap_or_default();
            match parse_day_month(&text) {
                Some(dm) => *slot = dm,
                None => r.report(
                    Diagnostic::error(
                        "bad-value",
                        file,
                        n.pos,
                        t!(
                            "`{key}` phải là ngày/tháng, ví dụ 17/10 (đang là `{text}`)",
                            "`{key}` must be day/month such as 17/10 (it is `{text}`)"
                        ),
                    )
                    .with_hint(t!(
                        "viết trong dấu nháy: `{key}: \"17/10\"`",
                        "quote it: `{key}: \"17/10\"`"
                    )),
                ),
            }
        }
        if let Some(n) = r.int("ledger_page") {
            if (10..=1000).contains(&n) {
                c.ledger_page = n as usize;
            } else {
                let pos = node.get("ledger_page").map(|n| n.pos).unwrap_or_default();
                r.report(Diagnostic::error(
                    "bad-value",
                    file,
                    pos,
                    t!(
                        "`ledger_page` phải từ 10 đến 1000 (đang là {n})",
                        "`ledger_page` must be between 10 and 1000 (it is {n})"
                    ),
                ));
            }
        }
        r.finish();
        c
    }

    /// The window as text (`17/10 – 18/11`).
    pub(crate) fn window_vi(&self) -> String {
        format!("{}/{} – {}/{}", self.peak_from.0, self.peak_from.1, self.peak_to.0, self.peak_to.1)
    }

    /// Whether a date falls inside the Tháng cao điểm of its year.
    pub(crate) fn in_peak(&self, d: &PartialDate) -> bool {
        let (Some(m), Some(day)) = (d.month, d.day) else { return false };
        let x = (m, day);
        let from = (self.peak_from.1, self.peak_from.0);
        let to = (self.peak_to.1, self.peak_to.0);
        if from <= to { from <= x && x <= to } else { x >= from || x <= to }
    }
}

fn parse_day_month(s: &str) -> Option<(u8, u8)> {
    let (d, m) = s.trim().split_once(['/', '-', '.'])?;
    let (d, m): (u8, u8) = (d.trim().parse().ok()?, m.trim().parse().ok()?);
    ((1..=12).contains(&m) && d >= 1 && d <= vi::days_in_month(2024, m)).then_some((d, m))
}
