//! Recognising a plan (or any administrative document) in its text: the two-column header
//! (issuer and parent, number, place and date), the type and title, the "Nơi nhận" list and the
//! signature block beside or after it.
//!
//! Text from a PDF flattens the header's two columns into one line with runs of spaces, so a
//! line is cut into segments at runs of three or more spaces. Blanks are kept blank: `Số:
//! /KH - BDT` is the number `/KH-BDT`, `ngày tháng năm 2022` the partial date `2022`.

use std::sync::LazyLock;

use regex::Regex;

use super::body::{clean, squash};
use super::formats::{Line, Origin};
use crate::vi::{self, PartialDate};

/// A value with the place it was read.
#[derive(Clone, Debug)]
pub(crate) struct Read<T> {
    pub(crate) value: T,
    pub(crate) origin: Origin,
}

/// The signature block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Signer {
    pub(crate) authority: Option<String>,
    pub(crate) superior: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) name: Option<String>,
}

/// What the header, title and tail of a document say.
#[derive(Clone, Debug, Default)]
pub(crate) struct Frame {
    /// Organisations of the header's left column, top first (`UBND TỈNH BÌNH PHƯỚC`, `BAN DÂN TỘC`).
    pub(crate) orgs: Vec<Read<String>>,
    /// `Số: …` as written, spaces removed (`/KH-BDT`).
    pub(crate) number: Option<Read<String>>,
    pub(crate) place: Option<Read<String>>,
    pub(crate) date: Option<Read<PartialDate>>,
    /// Type code and name from the type line (`KH`, `Kế hoạch`).
    pub(crate) type_line: Option<Read<(String, String)>>,
    pub(crate) title: Option<Read<String>>,
    /// Index in the lines of the first body line and of the `Nơi nhận` line.
    pub(crate) body_start: usize,
    pub(crate) body_end: usize,
    pub(crate) recipients: Vec<Read<String>>,
    pub(crate) signer: Option<Read<Signer>>,
}

static SEGMENTS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s{3,}|\t+").expect("regex"));
static NUMBER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*Số\s*:?\s*(\d*\s*/\s*[\p{Lu}\d]+(?:\s?[-/]\s?[\p{Lu}\d][\p{L}\d]*)*)")
        .expect("regex")
});
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([\p{L} .]+?),\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})")
        .expect("regex")
});
static BODY_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Căn cứ|Thực hiện|Trong |Nhằm|Để |Theo |Kính gửi|Thủ trưởng|Chủ tịch|Điều 1|(?:I|1)\.\s)").expect("regex")
});
static AUTHORITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(KT|TM|TL|TUQ|Q)\.\s*(.+)$").expect("regex"));

/// The segments of a line: its columns, cut at runs of spaces.
pub(crate) fn segments(line: &str) -> Vec<String> {
    SEGMENTS.split(line).filter_map(clean).collect()
}

fn is_upper(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

/// The type code of a type line (`KẾ HOẠCH` → `KH`).
pub(crate) fn type_of_line(text: &str) -> Option<(String, String)> {
    let t = squash(&text.replace("**", ""));
    if !is_upper(&t) || t.chars().count() > 30 {
        return None;
    }
    crate::model::common::TYPE_CODES
        .iter()
        .find(|(_, name)| name.to_uppercase() == t)
        .map(|(c, n)| (c.to_string(), n.to_string()))
}

fn is_motto(s: &str) -> bool {
    let f = vi::fold(s).to_lowercase();
    f.contains("cong hoa xa hoi") || f.contains("doc lap") || f.starts_with("so")
}

/// Reads the frame of a document from its lines.
pub(crate) fn frame(lines: &[Line]) -> Frame {
    let mut f = Frame::default();
    let limit = lines.len().min(40);
    let type_at = lines[..limit].iter().position(|l| type_of_line(&l.text).is_some());
    let header_end = type_at.unwrap_or(0);
    for l in &lines[..header_end.max(if type_at.is_none() { limit.min(12) } else { 0 })] {
        header_line(l, &mut f, type_at.is_some());
    }
    if type_at.is_none() {
        // No type line: the header still may hold the number and date line.
        f.orgs.clear();
    }
    let mut i = match type_at {
        Some(t) => {
            let (code, name) = type_of_line(&lines[t].text).unwrap_or_default();
            f.type_line = Some(Read { value: (code, name), origin: lines[t].origin.clone() });
            t + 1
        }
        None => 0,
    };
    if type_at.is_some() {
        let mut parts = Vec::new();
        let mut origin = None;
        while i < lines.len() && parts.len() < 6 {
            let Some(t) = clean(&lines[i].text) else {
                i += 1;
                continue;
            };
            if BODY_START.is_match(&t)
                || t.chars().count() > 300
                || t.chars().all(|c| "-_=*.".contains(c))
            {
                break;
            }
            origin.get_or_insert_with(|| lines[i].origin.clone());
            parts.push(t);
            i += 1;
        }
        if let Some(origin) = origin {
            f.title = Some(Read { value: normalize_title(&parts.join(" ")), origin });
        }
    }
    f.body_start = i;
    let end = lines.iter().rposition(|l| {
        let t = l.text.trim_start().replace("**", "");
        vi::fold(&t).to_lowercase().starts_with("noi nhan")
    });
    f.body_end = end.unwrap_or(lines.len()).max(f.body_start);
    if let Some(e) = end {
        tail(&lines[e..], &mut f);
    }
    f
}

/// One line of the header: organisations (left column), number, place and date.
fn header_line(l: &Line, f: &mut Frame, orgs: bool) {
    if f.number.is_none()
        && let Some(c) = NUMBER_LINE.captures(&l.text)
    {
        let n: String = c[1].chars().filter(|c| !c.is_whitespace()).collect();
        f.number = Some(Read { value: n, origin: l.origin.clone() });
    }
    if f.date.is_none()
        && let Some(c) = DATE_LINE.captures(&l.text)
    {
        let place = c[1].rsplit("   ").next().unwrap_or("").trim().to_string();
        let y: i32 = c[4].parse().unwrap_or(0);
        let m = c.get(3).and_then(|m| m.as_str().parse::<u8>().ok());
        let d = c.get(2).and_then(|m| m.as_str().parse::<u8>().ok());
        let date = match (m, d) {
            (Some(m), Some(d)) => PartialDate::ymd(y, m, d).ok(),
            (Some(m), None) => PartialDate::ym(y, m).ok(),
            _ => PartialDate::parse(&y.to_string()).ok(),
        };
        if let Some(date) = date {
            f.date = Some(Read { value: date, origin: l.origin.clone() });
        }
        if !place.is_empty() {
            f.place = Some(Read { value: place, origin: l.origin.clone() });
        }
    }
    if orgs
        && let Some(first) = segments(&l.text).into_iter().next()
        && is_upper(&first)
        && !is_motto(&first)
        && first.chars().count() > 2
    {
        let level = ["TỈNH ", "HUYỆN ", "XÃ ", "THÀNH PHỐ ", "THỊ XÃ ", "PHƯỜNG "];
        match f.orgs.last_mut() {
            // `ỦY BAN NHÂN DÂN` / `TỈNH BÌNH PHƯỚC` on two lines: one organisation.
            Some(prev) if level.iter().any(|w| first.starts_with(w)) => {
                prev.value.push(' ');
                prev.value.push_str(&first);
            }
            _ => f.orgs.push(Read { value: first, origin: l.origin.clone() }),
        }
    }
}

static YEARS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*[-–]\s*(\d{4})").expect("regex"));

/// A title as the site writes it: one line, single spaces, `2021 - 2025`, hyphens for dashes.
pub(crate) fn normalize_title(s: &str) -> String {
    let s = squash(&s.replace(" – ", " - "));
    YEARS.replace_all(&s, "$1 - $2").trim().trim_end_matches([';', ',']).to_string()
}

/// The "Nơi nhận" list and the signature block, beside it (columns) or after it.
fn tail(lines: &[Line], f: &mut Frame) {
    let mut sig: Vec<(String, Origin)> = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        let head = vi::fold(l.text.trim()).to_uppercase();
        if head.starts_with("DANH SACH") || head.starts_with("PHU LUC") {
            break; // an annex (the list of a decision) follows the signature
        }
        let segs = segments(&l.text);
        let mut rest = segs.as_slice();
        if let Some(first) = segs.first() {
            let folded = vi::fold(first).to_lowercase();
            if k == 0 && folded.starts_with("noi nhan") {
                rest = &segs[1..];
            } else if first.starts_with('-') || first.starts_with('+') {
                let r =
                    first.trim_start_matches(['-', '+']).trim().trim_end_matches([';', ',']).trim();
                if !r.is_empty() {
                    f.recipients.push(Read { value: r.to_string(), origin: l.origin.clone() });
                }
                rest = &segs[1..];
            } else if first.chars().next().is_some_and(char::is_lowercase)
                && let Some(last) = f.recipients.last_mut()
            {
                last.value.push(' ');
                last.value.push_str(first.trim_end_matches([';', ',']));
                rest = &segs[1..];
            }
        }
        for s in rest {
            sig.push((s.clone(), l.origin.clone()));
        }
    }
    f.signer = signer(&sig);
}

fn signer(parts: &[(String, Origin)]) -> Option<Read<Signer>> {
    let mut s = Signer::default();
    let mut origin = None;
    for (p, o) in parts {
        let p = p.trim();
        if p.starts_with('(') || p.is_empty() {
            continue; // `(Đã ký)`, `(ký tên, đóng dấu)`
        }
        if let Some(c) = AUTHORITY.captures(p) {
            s.authority = Some(format!("{}.", &c[1]));
            s.superior = Some(squash(&c[2]));
        } else if is_upper(p) {
            s.title = Some(squash(p));
        } else if looks_like_name(p) && s.name.is_none() {
            s.name = Some(squash(p));
        } else {
            continue;
        }
        origin.get_or_insert_with(|| o.clone());
    }
    origin.map(|origin| Read { value: s, origin })
}

/// Two to five words, each starting with a capital: a person's name.
pub(crate) fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
        })
}

/// `UBND TỈNH BÌNH PHƯỚC` → `Ủy ban nhân dân tỉnh Bình Phước`; `BAN DÂN TỘC` → `Ban Dân tộc`.
pub(crate) fn expand_org(upper: &str) -> String {
    let s = squash(upper);
    let folded = vi::fold(&s).to_uppercase();
    let (head, rest) = if folded.starts_with("UBND ") {
        ("Ủy ban nhân dân".to_string(), tail_words(&s, 1))
    } else if folded.starts_with("UY BAN NHAN DAN ") {
        ("Ủy ban nhân dân".to_string(), tail_words(&s, 4))
    } else {
        let _ = &folded;
        return org_case(&s);
    };
    let _ = rest.is_empty();
    if rest.is_empty() { head } else { format!("{head} {}", place_case(&rest)) }
}

fn tail_words(s: &str, skip: usize) -> String {
    s.split_whitespace().skip(skip).collect::<Vec<_>>().join(" ")
}

/// `TỈNH BÌNH PHƯỚC` → `tỉnh Bình Phước`.
pub(crate) fn place_case(s: &str) -> String {
    let mut out = Vec::new();
    for (i, w) in s.split_whitespace().enumerate() {
        let lower = w.to_lowercase();
        let level =
            ["tỉnh", "huyện", "xã", "phường", "thị", "trấn", "thành", "phố", "quận", "thị xã"];
        if i < 2
            && level.contains(&lower.as_str())
            && out.iter().all(|x: &String| level.contains(&x.as_str()))
        {
            out.push(lower);
        } else {
            out.push(capitalize(&lower));
        }
    }
    out.join(" ")
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// An organisation's name in sentence case with the field capitalised: `SỞ NỘI VỤ` → `Sở Nội
/// vụ`, `BAN THI ĐUA - KHEN THƯỞNG` → `Ban Thi đua - Khen thưởng`.
fn org_case(s: &str) -> String {
    let mut out = Vec::new();
    let mut cap_next = true;
    for (i, w) in s.split_whitespace().enumerate() {
        let lower = w.to_lowercase();
        if w == "-" {
            out.push("-".to_string());
            cap_next = true;
            continue;
        }
        if cap_next || i == 1 {
            out.push(capitalize(&lower));
            cap_next = false;
        } else {
            out.push(lower);
        }
    }
    out.join(" ")
}

/// The body of an organisation from the last part of a symbol (`KH-BDT` → Ban Dân tộc).
pub(crate) fn org_of_symbol(symbol: &str) -> Option<&'static str> {
    let last = symbol.rsplit(['-', '/']).next()?;
    Some(match last {
        "UBND" => "Ủy ban nhân dân",
        "BDT" => "Ban Dân tộc",
        "SNV" => "Sở Nội vụ",
        "SLĐTBXH" => "Sở Lao động - Thương binh và Xã hội",
        "HĐND" => "Hội đồng nhân dân",
        "BTĐKT" => "Ban Thi đua - Khen thưởng",
        "UBMTTQ" | "MTTQ" => "Ủy ban Mặt trận Tổ quốc Việt Nam",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::formats::numbered_lines as lines;

    #[test]
    fn reads_a_flattened_two_column_header_with_blanks() {
        let f = frame(&lines(
            " UBND TỈNH BÌNH PHƯỚC             CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \n\n         BAN DÂN TỘC                       Độc lập - Tự do - Hạnh phúc     \n\n   Số:          /KH - BDT                      Bình Phước, ngày         tháng 02      năm 2023 \n\nKẾ HOẠCH \n\nPhát động phong trào thi đua  \n\nnăm 2023 \n\nCăn cứ Chỉ thị số 01/CT-UBND;\nNơi nhận:                          KT. CHỦ TỊCH\n- Sở Nội vụ;                       PHÓ CHỦ TỊCH\n- Lưu: VT.          Nguyễn Minh",
        ));
        let orgs: Vec<_> = f.orgs.iter().map(|o| o.value.as_str()).collect();
        assert_eq!(orgs, ["UBND TỈNH BÌNH PHƯỚC", "BAN DÂN TỘC"]);
        assert_eq!(f.number.unwrap().value, "/KH-BDT");
        assert_eq!(f.place.unwrap().value, "Bình Phước");
        assert_eq!(f.date.unwrap().value.iso(), "2023-02");
        assert_eq!(f.type_line.unwrap().value.0, "KH");
        assert_eq!(f.title.unwrap().value, "Phát động phong trào thi đua năm 2023");
        let r: Vec<_> = f.recipients.iter().map(|o| o.value.as_str()).collect();
        assert_eq!(r, ["Sở Nội vụ", "Lưu: VT."]);
        let s = f.signer.unwrap().value;
        assert_eq!(s.authority.as_deref(), Some("KT."));
        assert_eq!(s.superior.as_deref(), Some("CHỦ TỊCH"));
        assert_eq!(s.title.as_deref(), Some("PHÓ CHỦ TỊCH"));
        assert_eq!(s.name.as_deref(), Some("Nguyễn Minh"));
    }

    #[test]
    fn organisation_names_are_cased_as_written_in_prose() {
        assert_eq!(expand_org("UBND TỈNH BÌNH PHƯỚC"), "Ủy ban nhân dân tỉnh Bình Phước");
        assert_eq!(expand_org("BAN DÂN TỘC"), "Ban Dân tộc");
        assert_eq!(expand_org("SỞ NỘI VỤ"), "Sở Nội vụ");
        assert_eq!(expand_org("BAN THI ĐUA - KHEN THƯỞNG"), "Ban Thi đua - Khen thưởng");
    }
}
