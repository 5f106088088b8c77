//! YAML front matter and data files: parsed into a tree that remembers line and column of every value.
//!
//! This is the only module that knows the YAML backend. It uses serde-saphyr (a panic-free,
//! pure-Rust parser with budgets against alias bombs) rather than the archived `serde_yaml`; to
//! swap the backend, re-implement [`parse`]. Typed records are then read from the tree with
//! [`MapReader`], which reports every wrong, missing or unknown key with its position instead of
//! stopping at the first one, as a derived `Deserialize` would.

use std::fmt;
use std::path::Path;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Pos, Text};
use crate::t;
use crate::vi;

/// A YAML value with its position.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    /// The value.
    pub value: Value,
    /// Where it starts.
    pub pos: Pos,
    /// The scalar exactly as written (for numbers and booleans), when known.
    pub raw: Option<String>,
}

/// The kinds of YAML value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string (NFC-normalised).
    Str(String),
    /// A list.
    Seq(Vec<Node>),
    /// A mapping, in file order.
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Key {
    /// The key text.
    pub name: String,
    /// Where it is.
    pub pos: Pos,
}

impl Node {
    /// An empty mapping at `pos` (what an empty front matter means).
    pub(crate) fn empty_map(pos: Pos) -> Node {
        Node { value: Value::Map(Vec::new()), pos, raw: None }
    }

    /// The entries when this is a mapping.
    pub(crate) fn entries(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The value of `key` when this is a mapping that has it with a value. A blank value
    /// (`key:` with nothing after it, `~`, `null`, `""`) is the same as no key at all: every
    /// reader goes through here, so no kind can mistake a blank for a zero or an empty name.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v).filter(|v| !v.is_blank())
    }

    /// The key `key` when it is written with a blank value (to report a required key left
    /// blank at its own line rather than at the mapping).
    pub(crate) fn blank_key(&self, key: &str) -> Option<&Key> {
        self.entry(key).filter(|(_, v)| v.is_blank()).map(|(k, _)| k)
    }

    /// Where `key` is written (its value's position, or the key's when the value is blank),
    /// else the mapping's own position.
    pub(crate) fn pos_of(&self, key: &str) -> Pos {
        match self.entry(key) {
            Some((k, v)) if v.is_blank() => k.pos,
            Some((_, v)) => v.pos,
            None => self.pos,
        }
    }

    fn entry(&self, key: &str) -> Option<(&Key, &Node)> {
        self.entries()?.iter().find(|(k, _)| k.name == key).map(|(k, v)| (k, v))
    }

    /// Null, or a text of nothing but spaces.
    pub(crate) fn is_blank(&self) -> bool {
        match &self.value {
            Value::Null => true,
            Value::Str(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// A scalar as text: strings as they are, numbers and booleans as written.
    pub(crate) fn as_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(self.raw.clone().unwrap_or_else(|| i.to_string())),
            Value::Float(f) => Some(self.raw.clone().unwrap_or_else(|| f.to_string())),
            Value::Bool(b) => Some(self.raw.clone().unwrap_or_else(|| b.to_string())),
            _ => None,
        }
    }

    /// A short English and Vietnamese name of the value's type, for messages.
    pub(crate) fn type_name(&self) -> Text {
        match &self.value {
            Value::Null => t!("giá trị rỗng", "an empty value"),
            Value::Bool(_) => t!("giá trị đúng/sai", "a true/false value"),
            Value::Int(_) | Value::Float(_) => t!("một số", "a number"),
            Value::Str(_) => t!("một chuỗi chữ", "a text"),
            Value::Seq(_) => t!("một danh sách", "a list"),
            Value::Map(_) => t!("một bảng khóa: giá trị", "a key: value mapping"),
        }
    }
}

// ---- parsing ---------------------------------------------------------------------------------

#[derive(Debug)]
enum RawValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawValue>>),
    Map(Vec<(Spanned<String>, Spanned<RawValue>)>),
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawValue, D::Error> {
        struct Vis;
        impl<'de> Visitor<'de> for Vis {
            type Value = RawValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E>(self) -> Result<RawValue, E> {
                Ok(RawValue::Null)
            }
            fn visit_none<E>(self) -> Result<RawValue, E> {
                Ok(RawValue::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawValue, D::Error> {
                RawValue::deserialize(d)
            }
            fn visit_bool<E>(self, b: bool) -> Result<RawValue, E> {
                Ok(RawValue::Bool(b))
            }
            fn visit_i64<E>(self, i: i64) -> Result<RawValue, E> {
                Ok(RawValue::Int(i))
            }
            fn visit_u64<E>(self, u: u64) -> Result<RawValue, E> {
                Ok(i64::try_from(u).map(RawValue::Int).unwrap_or(RawValue::Float(u as f64)))
            }
            fn visit_i128<E>(self, i: i128) -> Result<RawValue, E> {
                Ok(i64::try_from(i).map(RawValue::Int).unwrap_or(RawValue::Float(i as f64)))
            }
            fn visit_u128<E>(self, u: u128) -> Result<RawValue, E> {
                Ok(i64::try_from(u).map(RawValue::Int).unwrap_or(RawValue::Float(u as f64)))
            }
            fn visit_f64<E>(self, f: f64) -> Result<RawValue, E> {
                Ok(RawValue::Float(f))
            }
            fn visit_str<E>(self, s: &str) -> Result<RawValue, E> {
                Ok(RawValue::Str(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<RawValue, E> {
                Ok(RawValue::Str(s))
            }
            fn visit_bytes<E>(self, b: &[u8]) -> Result<RawValue, E> {
                Ok(RawValue::Str(String::from_utf8_lossy(b).into_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<RawValue, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element::<Spanned<RawValue>>()? {
                    v.push(x);
                }
                Ok(RawValue::Seq(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<RawValue, A::Error> {
                let mut v = Vec::new();
                while let Some(k) = a.next_key::<Spanned<KeyText>>()? {
                    let val = a.next_value::<Spanned<RawValue>>()?;
                    v.push((Spanned::new(k.value.0, k.referenced, k.defined), val));
                }
                Ok(RawValue::Map(v))
            }
        }
        d.deserialize_any(Vis)
    }
}

/// Mapping keys may be written as numbers (`2023: ...`); keep them as text.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeyText, D::Error> {
        struct Vis;
        impl Visitor<'_> for Vis {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping key")
            }
            fn visit_str<E>(self, s: &str) -> Result<KeyText, E> {
                Ok(KeyText(s.to_string()))
            }
            fn visit_i64<E>(self, i: i64) -> Result<KeyText, E> {
                Ok(KeyText(i.to_string()))
            }
            fn visit_u64<E>(self, i: u64) -> Result<KeyText, E> {
                Ok(KeyText(i.to_string()))
            }
            fn visit_f64<E>(self, f: f64) -> Result<KeyText, E> {
                Ok(KeyText(f.to_string()))
            }
            fn visit_bool<E>(self, b: bool) -> Result<KeyText, E> {
                Ok(KeyText(b.to_string()))
            }
            fn visit_unit<E>(self) -> Result<KeyText, E> {
                Ok(KeyText(String::new()))
            }
        }
        d.deserialize_any(Vis)
    }
}

/// The options every parse uses: YAML 1.2 booleans only (`y`, `no`, `on` stay text), numbers with
/// leading zeros stay text (`05`, `0123`), duplicate keys are errors, and the default budget
/// bounds alias expansion.
fn options() -> serde_saphyr::Options {
    let mut o = serde_saphyr::Options::default();
    o.strict_booleans = true;
    o.leading_zero_numbers_as_strings = true;
    o.with_snippet = false;
    // Content files are small and rarely use aliases: replaying more than this many events from
    // aliases is an alias bomb (a "billion laughs"), refused before it takes memory.
    o.alias_limits.max_total_replayed_events = 100_000;
    o
}

/// Parses `src` (already NFC) into a tree. `first_line` is the line of `src`'s first line in its
/// file (front matter starts at line 2, after `---`). An empty document is an empty mapping.
pub(crate) fn parse(src: &str, first_line: u32, file: &Path) -> Result<Node, Box<Diagnostic>> {
    if src.trim().is_empty() {
        return Ok(Node::empty_map(Pos::new(first_line, 1)));
    }
    let res: Result<Spanned<RawValue>, _> = serde_saphyr::from_str_with_options(src, options());
    match res {
        Ok(root) => Ok(convert(root, src, first_line - 1)),
        Err(e) => Err(Box::new(syntax_error(&e, first_line - 1, file, src))),
    }
}

fn convert(s: Spanned<RawValue>, src: &str, line_offset: u32) -> Node {
    let pos = shift(&s.referenced, line_offset);
    let raw_of = |s: &Spanned<RawValue>| -> Option<String> {
        let span = s.referenced.span();
        let (o, l) = (span.byte_offset()? as usize, span.byte_len()? as usize);
        src.get(o..o.checked_add(l)?).map(|r| r.trim().to_string())
    };
    let raw = match s.value {
        RawValue::Int(_) | RawValue::Float(_) | RawValue::Bool(_) => raw_of(&s),
        _ => None,
    };
    let value = match s.value {
        RawValue::Null => Value::Null,
        RawValue::Bool(b) => Value::Bool(b),
        RawValue::Int(i) => Value::Int(i),
        RawValue::Float(f) => Value::Float(f),
        RawValue::Str(st) => Value::Str(vi::nfc(&st)),
        RawValue::Seq(v) => {
            Value::Seq(v.into_iter().map(|x| convert(x, src, line_offset)).collect())
        }
        RawValue::Map(m) => Value::Map(
            m.into_iter()
                .map(|(k, v)| {
                    let kp = shift(&k.referenced, line_offset);
                    (Key { name: vi::nfc(&k.value), pos: kp }, convert(v, src, line_offset))
                })
                .collect(),
        ),
    };
    Node { value, pos, raw }
}

fn shift(loc: &serde_saphyr::Location, offset: u32) -> Pos {
    let line = u32::try_from(loc.line()).unwrap_or(0);
    let col = u32::try_from(loc.column()).unwrap_or(0);
    if line == 0 { Pos::default() } else { Pos::new(line + offset, col) }
}

fn syntax_error(e: &serde_saphyr::Error, offset: u32, file: &Path, src: &str) -> Diagnostic {
    let pos = e.location().map(|l| shift(&l, offset)).unwrap_or_default();
    let mut msg = e.to_string();
    // The backend prefixes "error: line L column C: "; we print our own location.
    if let Some(i) = msg.find(": ").filter(|_| msg.starts_with("error: line"))
        && let Some(j) = msg[i + 2..].find(": ")
    {
        msg = msg[i + 2 + j + 2..].to_string();
    }
    let mut msg = msg.lines().next().unwrap_or("").trim().to_string();
    // Some messages end with the backend's own position, counted inside the front matter
    // rather than the file: drop it, the diagnostic carries the right one.
    if let Some(i) = msg.rfind(" at line ")
        && msg[i + " at line ".len()..]
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == ' ' || "column".contains(c))
    {
        msg.truncate(i);
    }
    let lower = msg.to_lowercase();
    let line_has_tab = pos.line > offset
        && src.lines().nth((pos.line - offset - 1) as usize).is_some_and(|l| l.contains('\t'));
    let mentions_tab =
        lower.split(|c: char| !c.is_alphanumeric()).any(|w| w == "tab" || w == "tabs");
    if mentions_tab || line_has_tab {
        return Diagnostic::error(
            "yaml-tab",
            file,
            pos,
            t!("YAML có ký tự Tab ({msg})", "YAML contains a tab character ({msg})"),
        )
        .with_hint(t!(
            "YAML không cho phép Tab để thụt lề: thay mỗi Tab bằng dấu cách (2 dấu cách cho mỗi cấp)",
            "YAML does not allow tabs for indentation: replace each tab with spaces (2 per level)"
        ));
    }
    if lower.contains("quoted scalar")
        && (lower.contains("escape")
            || lower.contains("hexadecimal")
            || lower.contains("surrogate"))
    {
        return Diagnostic::error(
            "yaml-escape",
            file,
            pos,
            t!(
                "YAML sai cú pháp: chuỗi trong ngoặc kép có mã thoát `\\…` không hợp lệ (ví dụ `\\u` phải theo sau bởi 4 chữ số hệ 16) ({msg})",
                "YAML syntax error: a double-quoted string has an invalid `\\…` escape (e.g. `\\u` must be followed by 4 hex digits) ({msg})"
            ),
        )
        .with_hint(t!(
            "trong ngoặc kép, dấu \\ mở một mã thoát: viết `\\\\` cho một dấu \\ thật (đường dẫn C:\\…), hoặc dùng ngoặc đơn '…' để giữ nguyên \\",
            "inside double quotes a \\ starts an escape: write `\\\\` for a real \\ (C:\\… paths), or use single quotes '…', which keep \\ as it is"
        ));
    }
    if lower.contains("quoted scalar") {
        return Diagnostic::error(
            "yaml-syntax",
            file,
            pos,
            t!(
                "YAML sai cú pháp: chuỗi trong ngoặc kép chưa được đóng ({msg})",
                "YAML syntax error: a quoted string is not closed ({msg})"
            ),
        )
        .with_hint(t!(
            "đóng dấu ngoặc kép ở cuối giá trị trên dòng trước, hoặc bỏ dấu ngoặc mở",
            "close the quote at the end of the value on the line before, or remove the opening quote"
        ));
    }
    if lower.contains("duplicate") {
        return Diagnostic::error(
            "yaml-duplicate-key",
            file,
            pos,
            t!("khóa bị lặp lại ({msg})", "duplicate key ({msg})"),
        )
        .with_hint(t!(
            "mỗi khóa chỉ được viết một lần trong cùng một khối: xóa hoặc gộp dòng lặp",
            "each key may appear once in a mapping: delete or merge the repeated line"
        ));
    }
    if lower.contains("budget") || lower.contains("alias") || lower.contains("limit") {
        return Diagnostic::error(
            "yaml-too-large",
            file,
            pos,
            t!(
                "YAML vượt giới hạn an toàn: quá nhiều phần tử hoặc bí danh (*bí-danh) lồng nhau, có thể là \"bom bí danh\"",
                "YAML exceeds the safety limits: too many nodes or nested aliases (*alias), possibly an \"alias bomb\""
            ),
        )
        .with_hint(t!(
            "bỏ các bí danh (&neo / *bí-danh) lồng nhau; viết trực tiếp giá trị",
            "remove nested anchors and aliases (&anchor / *alias); write the values out"
        ));
    }
    Diagnostic::error("yaml-syntax", file, pos, t!("YAML sai cú pháp: {msg}", "YAML syntax error: {msg}"))
        .with_hint(t!(
            "kiểm tra thụt lề, dấu hai chấm sau mỗi khóa, và đặt giá trị có dấu `:` hoặc `#` trong ngoặc kép",
            "check indentation, the colon after each key, and quote values containing `:` or `#`"
        ))
}

/// Converts a YAML node to JSON for templates (`extra`).
pub(crate) fn node_to_json(n: &Node) -> serde_json::Value {
    use Value as V;
    match &n.value {
        V::Null => serde_json::Value::Null,
        V::Bool(b) => (*b).into(),
        V::Int(i) => (*i).into(),
        V::Float(f) => {
            serde_json::Number::from_f64(*f).map(serde_json::Value::Number).unwrap_or_default()
        }
        V::Str(s) => s.clone().into(),
        V::Seq(v) => v.iter().map(node_to_json).collect(),
        V::Map(m) => m.iter().map(|(k, v)| (k.name.clone(), node_to_json(v))).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(src: &str) -> Node {
        parse(src, 2, Path::new("a.md")).expect("parses")
    }

    #[test]
    fn positions_are_shifted_to_file_lines() {
        let n = p("title: Xin chào\nn: 12\n");
        let (k, v) = &n.entries().unwrap()[1];
        assert_eq!(k.pos, Pos::new(3, 1));
        assert_eq!(v.value, Value::Int(12));
    }

    #[test]
    fn yaml_1_1_booleans_and_leading_zeros_stay_text() {
        let n = p("a: y\nb: no\nc: 05\nd: true\n");
        assert_eq!(n.get("a").unwrap().value, Value::Str("y".into()));
        assert_eq!(n.get("b").unwrap().value, Value::Str("no".into()));
        assert_eq!(n.get("c").unwrap().value, Value::Str("05".into()));
        assert_eq!(n.get("d").unwrap().value, Value::Bool(true));
    }

    #[test]
    fn tab_and_syntax_errors_have_positions() {
        let e = parse("a: b\n\tc: d\n", 2, Path::new("x.md")).unwrap_err();
        assert_eq!(e.code, "yaml-tab");
        assert!(e.pos.line >= 2, "{:?}", e.pos);
        let e = parse("a: 1\na: 2\n", 2, Path::new("x.md")).unwrap_err();
        assert_eq!(e.code, "yaml-duplicate-key");
        assert_eq!(e.pos.line, 3);
        // An unclosed quote: our position (file line 3), not the backend's line inside the
        // front matter.
        let e = parse("title: \"abc\ndate: 2023-01-01\n", 2, Path::new("x.md")).unwrap_err();
        assert_eq!(e.pos.line, 3);
        let m = e.message.get(crate::diag::Lang::En).to_string();
        assert!(m.contains("quoted string is not closed"), "{m}");
        assert!(!m.contains(" at line "), "{m}");
    }

    /// Issue 16: an invalid `\u` escape was reported as "quoted string not closed".
    #[test]
    fn invalid_escape_is_named_as_such() {
        for src in ["a: \"C:\\users\"\n", "a: \"\\uZZ12\"\n", "a: \"\\q\"\n"] {
            let e = parse(src, 2, Path::new("x.md")).unwrap_err();
            assert_eq!(e.code, "yaml-escape", "{src}: {e:?}");
            assert_eq!(e.pos.line, 2, "{src}");
            assert!(!e.message.en.contains("not closed"), "{}", e.message.en);
        }
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut s = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 { "a".to_string() } else { format!("l{}", i - 1) };
            s.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(parse(&s, 1, Path::new("bomb.yaml")).is_err());
    }
}
