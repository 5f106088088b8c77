//! A plan's rules as the site checks them: quotas per round and award form ("không quá 05 tập
//! thể, 10 cá nhân"), the leader share ("lãnh đạo … không quá 40%") and deadlines ("chậm nhất là
//! ngày 14/10/2022", "hằng năm … trước ngày 15/11", one per year of the plan's period).
//!
//! A quota's round and form are read from its own sentence or, when it does not say, from the
//! nearest sentence before it that does (the section heading "2.1. Khen thưởng sơ kết",
//! "b) Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh").

use std::sync::LazyLock;

use regex::Regex;

use super::body::Block;
use super::draft::{Item, Value};
use crate::diag::Text;
use crate::t;
use crate::vi::{self, PartialDate};

static QUOTA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)không quá\s+(\d+)\s+tập thể\s*(?:,|và)?\s*(\d+)\s+cá nhân(\s*\(\s*kể cả hộ gia đình\s*\))?")
        .expect("regex")
});
static SHARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)không quá\s+(\d{1,2})\s*%").expect("regex"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)năm\s+(\d{4})").expect("regex"));
static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(chậm nhất là|trước)\s+ngày\s+(\d{1,2})(?:/|\s+tháng\s+)(\d{1,2})(?:(?:/|\s+năm\s+)(\d{4}))?")
        .expect("regex")
});

/// The years a yearly rule applies to, and what is unsure about them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Years {
    /// The plan's date.
    pub(crate) date: Option<PartialDate>,
    /// The last year of the plan's period.
    pub(crate) to: Option<i32>,
}

impl Years {
    /// Years of a yearly deadline on day/month: from the first one after the plan's date to the
    /// end of its period.
    fn of_deadline(&self, month: u8, day: u8) -> Vec<i32> {
        let Some(date) = self.date else { return Vec::new() };
        let first = if date.is_complete() {
            let this = PartialDate::ymd(date.year, month, day).ok();
            if this.is_some_and(|d| d > date) { date.year } else { date.year + 1 }
        } else {
            date.year + 1
        };
        (first..=self.to.unwrap_or(first).max(first)).collect()
    }
}

fn folded(s: &str) -> String {
    vi::fold(s).to_lowercase()
}

/// The round a quota's sentence speaks of (`None` for a yearly quota: see [`Years`]).
fn round_of(blocks: &[Block], i: usize) -> Option<(Option<&'static str>, Option<i32>)> {
    for k in (i.saturating_sub(4)..=i).rev() {
        let f = folded(&blocks[k].text);
        let year = YEAR.captures(&blocks[k].text).and_then(|c| c[1].parse().ok());
        if f.contains("hang nam") {
            return Some((None, None));
        }
        if f.contains("tong ket") {
            return Some((Some("tong-ket"), year));
        }
        if f.contains("so ket") {
            return Some((Some("so-ket"), year));
        }
    }
    None
}

/// The award form a text names (`Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh` → `BKTINH`).
pub(crate) fn form_in(text: &str) -> Option<&'static str> {
    let f = folded(text);
    if let Some(at) = f.find("bang khen") {
        let after = &f[at..];
        if after.contains("thu tuong") {
            return Some("BKTTG");
        }
        if after.contains("chu tich")
            && (after.contains("ubnd") || after.contains("uy ban nhan dan"))
        {
            return Some("BKTINH");
        }
    }
    let at = f.find("giay khen")?;
    let after = &f[at..];
    if after.contains("huyen") {
        Some("GKHUYEN")
    } else if after.contains(" xa") {
        Some("GKXA")
    } else {
        None
    }
}

/// The award form a quota's sentence (or the nearest one before it) speaks of.
fn form_of(blocks: &[Block], i: usize) -> Option<&'static str> {
    (i.saturating_sub(8)..=i).rev().find_map(|k| form_in(&blocks[k].text))
}

/// Quotas per round and form.
pub(crate) fn quotas(blocks: &[Block], years: Years) -> (Vec<Item>, Vec<Text>) {
    let mut items = Vec::new();
    let mut notes = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        for c in QUOTA.captures_iter(&b.text) {
            let (col, ind) = (c[1].parse::<i64>().unwrap_or(0), c[2].parse::<i64>().unwrap_or(0));
            let households = c.get(3).is_some();
            let form = form_of(blocks, i);
            let round = round_of(blocks, i);
            let where_ = b.origin.show().vi;
            let (Some(form), Some((kind, year))) = (form, round) else {
                notes.push(t!(
                    "{where_}: có định mức {col} tập thể, {ind} cá nhân nhưng không rõ hình thức hoặc đợt khen thưởng; thêm vào `quotas` bằng tay",
                    "{where_}: a quota of {col} collectives, {ind} individuals whose award form or round is unclear; add it to `quotas` by hand"
                ));
                continue;
            };
            let mut push = |round: String, unsure: Option<Text>| {
                let mut kv = vec![
                    ("round", Value::Text(round)),
                    ("form", Value::Text(form.into())),
                    ("collective", Value::Int(col)),
                    ("individual", Value::Int(ind)),
                ];
                if households {
                    kv.push(("households_count_as", Value::Text("individual".into())));
                }
                items.push(Item { value: Value::Map(kv), origin: b.origin.clone(), unsure });
            };
            match (kind, year) {
                (Some(k), Some(y)) => push(format!("{k}-{y}"), None),
                (Some(k), None) => push(
                    format!("{k}-{}", years.to.unwrap_or(0)),
                    Some(t!("năm của đợt không ghi rõ", "the round's year is not stated",)),
                ),
                (None, _) => {
                    let ys = years.of_deadline(12, 31);
                    let (a, z) =
                        (ys.first().copied().unwrap_or(0), ys.last().copied().unwrap_or(0));
                    for y in ys {
                        push(
                            format!("hang-nam-{y}"),
                            Some(t!(
                                "định mức hằng năm, chép cho từng năm {a}-{z} (sau năm ban hành đến hết giai đoạn)",
                                "a yearly quota, written for each year {a}-{z} (after the year of issue to the end of the period)"
                            )),
                        );
                    }
                }
            }
        }
    }
    (items, notes)
}

/// The leader share: the percentage in a sentence about leaders (lãnh đạo).
pub(crate) fn leader_share(blocks: &[Block]) -> Option<(i64, &Block)> {
    blocks.iter().find_map(|b| {
        let f = folded(&b.text);
        if !f.contains("lanh dao") {
            return None;
        }
        SHARE.captures(&b.text).and_then(|c| c[1].parse().ok()).map(|n| (n, b))
    })
}

/// The sentence around a match, short enough for a label.
fn label_of(text: &str, at: usize) -> String {
    let start = text[..at].rfind(['.', ';', ':']).map(|i| i + 1).unwrap_or(0);
    let end = text[at..].find(['.', ';']).map(|i| at + i).unwrap_or(text.len());
    let s = text[start..end]
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '-' || c == ' ');
    let s = s.trim_start_matches('(').trim_end_matches(')');
    let mut out = String::new();
    for w in s.split_whitespace() {
        if out.chars().count() + w.chars().count() > 110 {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    let mut c = out.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => out,
    }
}

/// Deadlines: dated ones once, yearly ones for each year of the period.
pub(crate) fn deadlines(blocks: &[Block], years: Years) -> Vec<Item> {
    let mut out: Vec<(PartialDate, Item)> = Vec::new();
    for b in blocks {
        let yearly = folded(&b.text).contains("hang nam");
        for c in DEADLINE.captures_iter(&b.text) {
            let (d, m) = (c[2].parse::<u8>().unwrap_or(0), c[3].parse::<u8>().unwrap_or(0));
            let at = c.get(0).map(|m| m.start()).unwrap_or(0);
            let label = label_of(&b.text, at);
            let mut push = |date: PartialDate, label: String, unsure: Option<Text>| {
                let kv = vec![
                    ("date", Value::Date(date.iso())),
                    ("label", Value::Text(label)),
                    ("kind", Value::Text("deadline".into())),
                ];
                out.push((date, Item { value: Value::Map(kv), origin: b.origin.clone(), unsure }));
            };
            if let Some(y) = c.get(4).and_then(|y| y.as_str().parse::<i32>().ok()) {
                if let Ok(date) = PartialDate::ymd(y, m, d) {
                    push(date, label, None);
                }
            } else if yearly {
                for y in years.of_deadline(m, d) {
                    if let Ok(date) = PartialDate::ymd(y, m, d) {
                        let why = t!(
                            "hạn hằng năm {d}/{m}, chép cho năm {y}",
                            "a yearly deadline on {d}/{m}, written for {y}"
                        );
                        push(date, format!("{label} (năm {y})"), Some(why));
                    }
                }
            }
        }
    }
    out.sort_by_key(|x| x.0);
    out.into_iter().map(|x| x.1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::body::BlockKind;
    use crate::import::formats::Origin;

    fn blocks(texts: &[&str]) -> Vec<Block> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Block {
                kind: BlockKind::Para,
                text: t.to_string(),
                origin: Origin::Line(i as u32 + 1),
            })
            .collect()
    }

    #[test]
    fn quotas_take_round_and_form_from_the_sentences_before() {
        let b = blocks(&[
            "b) Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "- Số lượng khen thưởng hàng năm: Không quá 10 tập thể và 10 cá nhân (Kể cả hộ gia đình).",
            "- Năm 2025: UBND tỉnh tổ chức Hội nghị tổng kết.",
            "- Số lượng đề nghị Bằng khen của Chủ tịch UBND tỉnh không quá 15 tập thể, 20 cá nhân.",
        ]);
        let years = Years { date: PartialDate::parse("2022").ok(), to: Some(2025) };
        let (q, notes) = quotas(&b, years);
        assert!(notes.is_empty());
        let shown: Vec<String> = q.iter().map(|i| crate::import::emit::inline(&i.value)).collect();
        assert_eq!(
            shown,
            [
                r#"{ round: "hang-nam-2023", form: "BKTINH", collective: 10, individual: 10, households_count_as: "individual" }"#,
                r#"{ round: "hang-nam-2024", form: "BKTINH", collective: 10, individual: 10, households_count_as: "individual" }"#,
                r#"{ round: "hang-nam-2025", form: "BKTINH", collective: 10, individual: 10, households_count_as: "individual" }"#,
                r#"{ round: "tong-ket-2025", form: "BKTINH", collective: 15, individual: 20 }"#,
            ]
        );
    }

    #[test]
    fn yearly_deadlines_start_after_the_plan_date() {
        let b = blocks(&[
            "Hàng năm, các sở báo cáo trước ngày 15/11. Chậm nhất là ngày 14/10/2022 ban hành kế hoạch.",
        ]);
        let years = Years { date: PartialDate::parse("2022-09-16").ok(), to: Some(2023) };
        let d: Vec<String> = deadlines(&b, years)
            .iter()
            .map(|i| match &i.value {
                Value::Map(kv) => crate::import::emit::inline(&kv[0].1),
                _ => String::new(),
            })
            .collect();
        assert_eq!(d, ["2022-10-14", "2022-11-15", "2023-11-15"]);
    }

    #[test]
    fn leader_share_needs_leaders_in_the_sentence() {
        let b = blocks(&[
            "giảm trên 50% so với đầu kỳ",
            "cá nhân là cán bộ lãnh đạo quản lý không quá 40% tổng số",
        ]);
        assert_eq!(leader_share(&b).map(|x| x.0), Some(40));
    }
}
