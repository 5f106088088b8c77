//! A plan's targets (chỉ tiêu: "giảm 1,5 - 2%/năm", "bình quân mỗi năm giảm 2.000 đến 2.500 hộ
//! nghèo", "100% người thuộc hộ nghèo", "22 mô hình giảm nghèo/năm") and the award forms it names
//! (in its headings and lists: "- Bằng khen của Thủ tướng Chính phủ;").
//!
//! Targets are read only in the sections that state them (a heading with "mục đích", "mục tiêu"
//! or "chỉ tiêu", until the next heading of its level), so that an award criterion further on
//! ("giảm tỷ lệ nghèo từ 4%/năm trở lên") is not taken for one. Each target's label is rewritten
//! from its sentence, so every target is written with `# kiểm tra lại`.

use std::sync::LazyLock;

use regex::Regex;

use super::body::{Block, BlockKind};
use super::draft::{Item, Value};
use crate::t;
use crate::vi;

const NUM: &str = r"(\d{1,3}(?:[.,]\d+)?)";
const COUNT: &str = r"(\d{1,3}(?:\.\d{3})*)";

static RATE_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)giảm(?:\s+từ|\s*:)?\s*{NUM}\s*(?:-|–|đến)\s*{NUM}\s*%\s*/\s*năm"))
        .expect("regex")
});
static RATE_ABOVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)giảm\s+trên\s+{NUM}\s*%\s*/\s*năm")).expect("regex")
});
static HOUSEHOLDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)giảm\s+{COUNT}(?:\s+(?:đến|-)\s+{COUNT})?\s+(hộ nghèo[^,.;]*)"))
        .expect("regex")
});
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(\d{1,3})\s*%\s+((?:người|hộ|số|lao động)[^;.]*)").expect("regex")
});
static MODELS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d{1,3})\s+(mô hình[^/(;.]*)/\s*năm(?:\s*\(\s*mỗi\s+(\S+)\s+ít nhất\s+(\d{1,3})\s+mô hình)?")
        .expect("regex")
});
static EXITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{2,3})\s+(xã|thôn, [aáấ]p|thôn|huyện)\b([^,;]*?)(?:,|\s+và\s+|\s+thoát khỏi|$)")
        .expect("regex")
});
static PERIOD_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:giai đoạn\s+\d{4}\s*-\s*|đến năm\s+)(\d{4})").expect("regex"));
static YEARLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)mỗi năm|hàng năm|hằng năm|năm \d{4}|/năm").expect("regex"));

/// A number as the site reads it: `1,5` → `1.5`, `2.000` → `2000`.
fn number(s: &str, grouped: bool) -> Value {
    if grouped {
        return Value::Int(s.replace('.', "").parse().unwrap_or(0));
    }
    let s = s.replace(',', ".");
    match s.parse::<i64>() {
        Ok(n) => Value::Int(n),
        Err(_) => Value::Decimal(s),
    }
}

/// The blocks of the sections that state targets.
fn target_blocks(blocks: &[Block]) -> Vec<&Block> {
    let mut out = Vec::new();
    let mut inside: Option<u8> = None;
    for b in blocks {
        if let BlockKind::Heading(level) = b.kind {
            if inside.is_some_and(|l| level <= l) {
                inside = None;
            }
            let f = vi::fold(&b.text).to_lowercase();
            if inside.is_none()
                && (f.contains("muc dich") || f.contains("muc tieu") || f.contains("chi tieu"))
            {
                inside = Some(level);
            }
            continue;
        }
        if inside.is_some() {
            out.push(b);
        }
    }
    out
}

/// `Tỷ lệ hộ nghèo …` → `Giảm tỷ lệ hộ nghèo …`: the subject before the figure, as a label.
fn label(subject: &str, verb: &str) -> String {
    let mut s = subject.trim().trim_matches(|c: char| c == ':' || c == ',' || c == '-').trim();
    for lead in ["duy trì mức", "phấn đấu", "thực hiện", "đạt"] {
        s = s.trim_end_matches(lead).trim();
    }
    let s = s.split([';', '.', ':']).next_back().unwrap_or(s).trim();
    let mut chars = s.chars();
    let rest = match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect::<String>(),
        None => String::new(),
    };
    let words: Vec<&str> = rest.split_whitespace().take(14).collect();
    let text = format!("{verb} {}", words.join(" "));
    let mut c = text.trim().chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn target(kv: Vec<(&'static str, Value)>, b: &Block) -> Item {
    Item {
        value: Value::Map(kv),
        origin: b.origin.clone(),
        unsure: Some(t!(
            "chỉ tiêu đọc từ câu văn: xem lại nhãn, số và đơn vị",
            "target read from a sentence: check its label, figures and unit"
        )),
    }
}

/// The targets a plan states, each once.
pub(crate) fn targets(blocks: &[Block]) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    for b in target_blocks(blocks) {
        for sentence in b.text.split_inclusive(". ") {
            for clause in sentence.split(';') {
                read_clause(clause, sentence, b, &mut out);
            }
        }
    }
    let mut seen: Vec<String> = Vec::new();
    out.retain(|i| {
        let key = super::emit::inline(&i.value);
        let keep = !seen.contains(&key);
        seen.push(key);
        keep
    });
    out
}

fn read_clause(clause: &str, sentence: &str, b: &Block, out: &mut Vec<Item>) {
    let decrease =
        || [("per", Value::Text("năm".into())), ("direction", Value::Text("decrease".into()))];
    if let Some(c) = RATE_RANGE.captures(clause) {
        let mut kv = vec![(
            "label",
            Value::Text(label(&clause[..c.get(0).map_or(0, |m| m.start())], "Giảm")),
        )];
        kv.extend([("min", number(&c[1], false)), ("max", number(&c[2], false))]);
        kv.push(("unit", Value::Text("%".into())));
        kv.extend(decrease());
        out.push(target(kv, b));
    } else if let Some(c) = RATE_ABOVE.captures(clause) {
        let subject = &clause[..c.get(0).map_or(0, |m| m.start())];
        let mut kv = vec![("label", Value::Text(label(subject, "Giảm")))];
        kv.extend([("min", number(&c[1], false)), ("unit", Value::Text("%".into()))]);
        kv.extend(decrease());
        out.push(target(kv, b));
    }
    for c in HOUSEHOLDS.captures_iter(clause) {
        let mut kv = vec![("label", Value::Text(label(&c[3], "Giảm")))];
        match c.get(2) {
            Some(max) => {
                kv.extend([("min", number(&c[1], true)), ("max", number(max.as_str(), true))])
            }
            None => kv.push(("value", number(&c[1], true))),
        }
        kv.push(("unit", Value::Text("hộ".into())));
        if YEARLY.is_match(sentence) {
            kv.extend(decrease());
        } else {
            kv.push(("direction", Value::Text("decrease".into())));
        }
        out.push(target(kv, b));
    }
    for c in SHARE.captures_iter(clause) {
        let what = c[2].trim_end_matches(['.', ',', ' ']);
        let kv = vec![
            ("label", Value::Text(label(what, ""))),
            ("value", number(&c[1], false)),
            ("unit", Value::Text("%".into())),
        ];
        out.push(target(kv, b));
    }
    if let Some(at) = clause.find("thoát khỏi tình trạng") {
        let state = clause[at..].trim_end_matches(['.', ' ']);
        let by = PERIOD_END.captures(sentence).and_then(|c| c[1].parse::<i64>().ok());
        for c in EXITS.captures_iter(&clause[..at]) {
            // `thôn, áp` (a typo the 263 plan has) is `thôn, ấp`.
            let unit = if c[2].starts_with("thôn,") { "thôn, ấp" } else { &c[2] };
            let kind = c[3].trim();
            let mut kv = vec![("label", Value::Text(label(&format!("{unit} {kind} {state}"), "")))];
            kv.extend([("value", number(&c[1], false)), ("unit", Value::Text(unit.into()))]);
            if let Some(y) = by {
                kv.push(("by", Value::Int(y)));
            }
            out.push(target(kv, b));
        }
    }
    if let Some(c) = MODELS.captures(clause) {
        let kv = vec![
            ("label", Value::Text(label(&c[2], ""))),
            ("value", number(&c[1], false)),
            ("unit", Value::Text("mô hình".into())),
            ("per", Value::Text("năm".into())),
        ];
        out.push(target(kv, b));
        if let (Some(per), Some(min)) = (c.get(3), c.get(4)) {
            let kv = vec![
                (
                    "label",
                    Value::Text(format!("Mô hình giảm nghèo tối thiểu ở mỗi {}", per.as_str())),
                ),
                ("min", number(min.as_str(), false)),
                ("unit", Value::Text("mô hình".into())),
                ("per", Value::Text(per.as_str().into())),
            ];
            out.push(target(kv, b));
        }
    }
}

/// The award forms a plan names in its headings and lists, in the order it names them.
pub(crate) fn award_forms(blocks: &[Block]) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    let names_form = |b: &&Block| {
        let f = vi::fold(&b.text).to_lowercase();
        // A paragraph counts when it starts with a form, after a marker such as `c)` or `2.1.`.
        b.kind != BlockKind::Para
            || ["huan chuong", "bang khen", "giay khen"]
                .iter()
                .any(|w| f.find(w).is_some_and(|i| i <= 8))
    };
    for b in blocks.iter().filter(names_form) {
        for code in forms_named(&b.text) {
            if !out.iter().any(|i| i.value == Value::Text(code.into())) {
                out.push(Item::sure(Value::Text(code.into()), b.origin.clone()));
            }
        }
    }
    out
}

/// Every award form a text names: `Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện, cấp xã` →
/// `GKHUYEN`, `GKXA`.
fn forms_named(text: &str) -> Vec<&'static str> {
    let f = vi::fold(text).to_lowercase().replace("uy ban nhan dan", "ubnd");
    let mut out = Vec::new();
    if f.contains("huan chuong lao dong") {
        out.push(match () {
            _ if f.contains("hang nhat") => "HCLD1",
            _ if f.contains("hang nhi") => "HCLD2",
            _ if f.contains("hang ba") => "HCLD3",
            _ => "HCLD",
        });
    }
    for (at, _) in f.match_indices("bang khen") {
        let after = &f[at..];
        let end = after.find(['.', ';', ':']).unwrap_or(after.len());
        let after = &after[..end];
        if after.contains("thu tuong") {
            out.push("BKTTG");
        } else if after.contains("chu tich ubnd tinh") || after.contains("chu tich ubnd tinh") {
            out.push("BKTINH");
        }
    }
    if let Some(at) = f.find("giay khen") {
        let after = &f[at..];
        if after.contains("thu truong cac so") || after.contains("so, ban, nganh") {
            out.push("GKSO");
        }
        if after.contains("thu truong co quan") {
            out.push("GKDV");
        }
        if after.contains("cap huyen")
            || after.contains("ubnd cac huyen")
            || after.contains("ubnd huyen")
        {
            out.push("GKHUYEN");
        }
        if after.contains("cap xa") || after.contains("ubnd xa") {
            out.push("GKXA");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_named_in_a_heading_or_list_item() {
        assert_eq!(forms_named("- Huân chương Lao động hạng Ba;"), ["HCLD3"]);
        assert_eq!(
            forms_named("Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện, cấp xã."),
            ["GKHUYEN", "GKXA"]
        );
        assert_eq!(forms_named("a) Bằng khen Thủ tướng Chính phủ"), ["BKTTG"]);
        assert_eq!(forms_named("b) Bằng khen của Chủ tịch UBND tỉnh"), ["BKTINH"]);
        assert!(forms_named("02 lần được tặng giấy khen").is_empty());
    }

    #[test]
    fn numbers_as_the_site_reads_them() {
        assert_eq!(number("1,5", false), Value::Decimal("1.5".into()));
        assert_eq!(number("02", false), Value::Int(2));
        assert_eq!(number("2.500", true), Value::Int(2500));
    }
}
