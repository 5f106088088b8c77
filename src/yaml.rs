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

use crate::diag::{Diagnostic, Pos, Text, suggest};
use crate::t;
use crate::vi::{self, PartialDate};

/// A YAML value with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it starts.
    pub pos: Pos,
    /// The scalar exactly as written (for numbers and booleans), when known.
    pub raw: Option<String>,
}

/// The kinds of YAML value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
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
pub struct Key {
    /// The key text.
    pub name: String,
    /// Where it is.
    pub pos: Pos,
}

impl Node {
    /// An empty mapping at `pos` (what an empty front matter means).
    pub fn empty_map(pos: Pos) -> Node {
        Node { value: Value::Map(Vec::new()), pos, raw: None }
    }

    /// The entries when this is a mapping.
    pub fn entries(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The value of `key` when this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?.iter().find(|(k, _)| k.name == key).map(|(_, v)| v)
    }

    /// A scalar as text: strings as they are, numbers and booleans as written.
    pub fn as_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(self.raw.clone().unwrap_or_else(|| i.to_string())),
            Value::Float(f) => Some(self.raw.clone().unwrap_or_else(|| f.to_string())),
            Value::Bool(b) => Some(self.raw.clone().unwrap_or_else(|| b.to_string())),
            _ => None,
        }
    }

    /// A short English and Vietnamese name of the value's type, for messages.
    pub fn type_name(&self) -> Text {
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
pub fn parse(src: &str, first_line: u32, file: &Path) -> Result<Node, Box<Diagnostic>> {
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

// ---- typed reading ---------------------------------------------------------------------------

/// Reads typed fields out of a mapping node, collecting every problem with its position.
///
/// Call the typed getters for each known key, then [`MapReader::finish`] reports the keys that
/// were never asked for as unknown, suggesting the closest known key.
pub struct MapReader<'a, 'd> {
    node: &'a Node,
    file: &'a Path,
    what: &'a str,
    known: Vec<&'static str>,
    diags: &'d mut Vec<Diagnostic>,
}

impl<'a, 'd> MapReader<'a, 'd> {
    /// Starts reading `node`; `what` names the record in messages (e.g. "văn bản / document").
    /// Reports an error and returns `None` when `node` is not a mapping.
    pub fn new(
        node: &'a Node,
        file: &'a Path,
        what: &'a str,
        diags: &'d mut Vec<Diagnostic>,
    ) -> Option<MapReader<'a, 'd>> {
        if !matches!(node.value, Value::Map(_)) {
            diags.push(
                Diagnostic::error(
                    "wrong-type",
                    file,
                    node.pos,
                    t!(
                        "{what}: cần một bảng khóa: giá trị, nhưng đây là {}",
                        "{what}: expected a key: value mapping, found {}",
                        node.type_name().vi,
                    ),
                )
                .with_hint(t!(
                    "viết mỗi trường thành một dòng `khóa: giá trị`",
                    "write one `key: value` per line"
                )),
            );
            return None;
        }
        Some(MapReader { node, file, what, known: Vec::new(), diags })
    }

    /// The file being read.
    pub fn file(&self) -> &'a Path {
        self.file
    }

    /// The mapping's own position.
    pub fn pos(&self) -> Pos {
        self.node.pos
    }

    /// Records an extra problem.
    pub fn report(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Direct access to the diagnostics list (to read nested records).
    pub fn diags(&mut self) -> &mut Vec<Diagnostic> {
        self.diags
    }

    /// The raw node of `key`, marking the key as known. Null values count as absent.
    pub fn node(&mut self, key: &'static str) -> Option<&'a Node> {
        self.known.push(key);
        self.node.get(key).filter(|n| !matches!(n.value, Value::Null))
    }

    /// Marks keys as known without reading them (accepted for compatibility).
    pub fn accept(&mut self, keys: &[&'static str]) {
        self.known.extend_from_slice(keys);
    }

    fn type_error(&mut self, key: &str, n: &Node, expected: Text, hint: Option<Text>) {
        let mut d = Diagnostic::error(
            "wrong-type",
            self.file,
            n.pos,
            t!(
                "`{key}` phải là {}, nhưng đang là {}",
                "`{key}` must be {}, found {}",
                expected.vi,
                n.type_name().vi,
            ),
        );
        d.message.en = format!("`{key}` must be {}, found {}", expected.en, n.type_name().en);
        if let Some(h) = hint {
            d = d.with_hint(h);
        }
        self.diags.push(d);
    }

    fn missing(&mut self, key: &str, example: &str) {
        let what = self.what;
        self.diags.push(
            Diagnostic::error(
                "missing-key",
                self.file,
                self.node.pos,
                t!(
                    "{what}: thiếu khóa bắt buộc `{key}`",
                    "{what}: required key `{key}` is missing"
                ),
            )
            .with_hint(t!("thêm một dòng `{key}: {example}`", "add a line `{key}: {example}`")),
        );
    }

    /// An optional text. Numbers are accepted as written (`title: 2024`).
    pub fn text(&mut self, key: &'static str) -> Option<String> {
        let n = self.node(key)?;
        match n.as_text() {
            Some(s) => Some(s.trim().to_string()),
            None => {
                self.type_error(key, n, t!("một chuỗi chữ", "a text"), None);
                None
            }
        }
    }

    /// A link target (`url`, `src`): text, refused with an error when it would run script
    /// (`javascript:`, `vbscript:`, `data:`, however spelled).
    pub fn url(&mut self, key: &'static str) -> Option<String> {
        let n = self.node(key)?;
        let u = self.text(key)?;
        if crate::render::markdown::is_safe_url(&u) {
            return Some(u);
        }
        self.diags.push(
            Diagnostic::error(
                "unsafe-url",
                self.file,
                n.pos,
                t!(
                    "`{key}` là liên kết chạy mã (javascript:, data:, vbscript:), không được phép",
                    "`{key}` is a link that runs code (javascript:, data:, vbscript:), which is not allowed"
                ),
            )
            .with_hint(t!(
                "dùng địa chỉ http(s):// hoặc đường dẫn trong trang như /van-ban/",
                "use an http(s):// address or a site path such as /van-ban/"
            )),
        );
        None
    }

    /// A required text; `example` goes into the hint.
    pub fn req_text(&mut self, key: &'static str, example: &str) -> Option<String> {
        let v = self.text(key);
        if v.as_deref().is_none_or(str::is_empty)
            && self.node.get(key).is_none_or(|n| n.as_text().is_some())
        {
            self.missing(key, example);
            return None;
        }
        v
    }

    /// An optional true/false.
    pub fn bool(&mut self, key: &'static str) -> Option<bool> {
        let n = self.node(key)?;
        match n.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.type_error(
                    key,
                    n,
                    t!("true hoặc false", "true or false"),
                    Some(t!(
                        "viết `{key}: true` hoặc `{key}: false`",
                        "write `{key}: true` or `{key}: false`"
                    )),
                );
                None
            }
        }
    }

    /// An optional whole number.
    pub fn int(&mut self, key: &'static str) -> Option<i64> {
        let n = self.node(key)?;
        match &n.value {
            Value::Int(i) => Some(*i),
            Value::Str(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
            _ => {
                self.type_error(key, n, t!("một số nguyên", "a whole number"), None);
                None
            }
        }
    }

    /// An optional number (integer or decimal; `1,5` with a Vietnamese comma is accepted).
    pub fn number(&mut self, key: &'static str) -> Option<f64> {
        let n = self.node(key)?;
        number_of(n).or_else(|| {
            self.type_error(
                key,
                n,
                t!("một số", "a number"),
                Some(t!(
                    "viết số thập phân như `1.5` hoặc `1,5`",
                    "write decimals as `1.5` or `1,5`"
                )),
            );
            None
        })
    }

    /// An optional amount of money in whole đồng. `1.000.000` (a Vietnamese-formatted amount, quoted or
    /// not) and decimals are refused with a hint: the file must say exactly what it means.
    pub fn amount(&mut self, key: &'static str) -> Option<i64> {
        let n = self.node(key)?;
        let file = self.file;
        match amount_of(n) {
            Ok(v) => Some(v),
            Err(d) => {
                self.diags.push(d.into_diag(key, n, file));
                None
            }
        }
    }

    /// An optional date, possibly partial (`2022`, `2022-09`, `tháng 02 năm 2023`).
    pub fn date(&mut self, key: &'static str) -> Option<PartialDate> {
        let n = self.node(key)?;
        let file = self.file;
        match date_of(n, key, file) {
            Ok(d) => Some(d),
            Err(d) => {
                self.diags.push(*d);
                None
            }
        }
    }

    /// An optional list of texts; a single text counts as a one-item list.
    pub fn text_list(&mut self, key: &'static str) -> Vec<String> {
        let Some(n) = self.node(key) else { return Vec::new() };
        match &n.value {
            Value::Seq(items) => {
                let mut out = Vec::new();
                for it in items {
                    match it.as_text() {
                        Some(s) => out.push(s.trim().to_string()),
                        None => self.type_error(key, it, t!("một chuỗi chữ", "a text"), None),
                    }
                }
                out
            }
            _ => match n.as_text() {
                Some(s) => vec![s.trim().to_string()],
                None => {
                    self.type_error(key, n, t!("một danh sách", "a list"), None);
                    Vec::new()
                }
            },
        }
    }

    /// An optional list of nodes (each item read by the caller).
    pub fn list(&mut self, key: &'static str) -> &'a [Node] {
        let Some(n) = self.node(key) else { return &[] };
        match &n.value {
            Value::Seq(items) => items,
            _ => {
                self.type_error(
                    key,
                    n,
                    t!(
                        "một danh sách (mỗi mục bắt đầu bằng `- `)",
                        "a list (each item starting with `- `)"
                    ),
                    None,
                );
                &[]
            }
        }
    }

    /// An optional nested mapping node.
    pub fn map(&mut self, key: &'static str) -> Option<&'a Node> {
        let n = self.node(key)?;
        match n.value {
            Value::Map(_) => Some(n),
            _ => {
                self.type_error(key, n, t!("một bảng khóa: giá trị", "a key: value mapping"), None);
                None
            }
        }
    }

    /// One of `choices` (compared after trimming; case-insensitive).
    pub fn choice(&mut self, key: &'static str, choices: &[&'static str]) -> Option<&'static str> {
        let n = self.node(key)?;
        let s = n.as_text().unwrap_or_default();
        let norm = s.trim().to_lowercase();
        if let Some(c) = choices.iter().find(|c| c.eq_ignore_ascii_case(&norm)) {
            return Some(c);
        }
        let list = choices.join(", ");
        let mut d = Diagnostic::error(
            "bad-value",
            self.file,
            n.pos,
            t!("`{key}` không nhận giá trị `{s}`", "`{key}` does not accept `{s}`"),
        );
        d = match suggest(&norm, choices.iter().copied()) {
            Some(best) => d.with_hint(t!(
                "có phải ý bạn là `{best}`? Các giá trị hợp lệ: {list}",
                "did you mean `{best}`? Valid values: {list}"
            )),
            None => d.with_hint(t!("các giá trị hợp lệ: {list}", "valid values: {list}")),
        };
        self.diags.push(d);
        None
    }

    /// Reports every key that was not read as unknown, with the closest known key.
    pub fn finish(self) {
        let Some(entries) = self.node.entries() else { return };
        for (k, _) in entries {
            if self.known.contains(&k.name.as_str())
                || k.name == crate::model::privacy::EXCEPTION_KEY
            {
                continue;
            }
            let what = self.what;
            let name = &k.name;
            let mut d = Diagnostic::error(
                "unknown-key",
                self.file,
                k.pos,
                t!("{what}: khóa `{name}` không được hỗ trợ", "{what}: unknown key `{name}`"),
            );
            d = match suggest(name, self.known.iter().copied()) {
                Some(best) => {
                    d.with_hint(t!("có phải ý bạn là `{best}`?", "did you mean `{best}`?"))
                }
                None => {
                    let mut keys = self.known.clone();
                    keys.sort_unstable();
                    keys.dedup();
                    let list = keys.join(", ");
                    d.with_hint(t!(
                        "xóa dòng này, hoặc đặt dữ liệu riêng dưới `extra:`. Các khóa hợp lệ: {list}",
                        "delete the line, or put custom data under `extra:`. Valid keys: {list}"
                    ))
                }
            };
            self.diags.push(d);
        }
    }
}

/// A number from a node: YAML numbers, or text such as `1,5` / `2.5`.
pub fn number_of(n: &Node) -> Option<f64> {
    match &n.value {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() => Some(*f),
        Value::Str(s) => {
            let t = s.trim().trim_end_matches('%').trim();
            t.replace(',', ".").parse::<f64>().ok().filter(|f| f.is_finite())
        }
        _ => None,
    }
}

/// Why a value is not an amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// `1.000.000`: Vietnamese thousands separators.
    Dotted(i64),
    /// Not a whole number at all.
    NotWhole,
}

impl AmountError {
    /// The diagnostic for `key` at `n`.
    pub fn into_diag(self, key: &str, n: &Node, file: &Path) -> Diagnostic {
        let written = n.as_text().unwrap_or_default();
        match self {
            AmountError::Dotted(v) => Diagnostic::error(
                "dotted-amount",
                file,
                n.pos,
                t!(
                    "`{key}: {written}` viết số tiền có dấu chấm phân cách hàng nghìn",
                    "`{key}: {written}` writes the amount with thousands separators",
                ),
            )
            .with_hint(t!(
                "ghi số tiền bằng đồng, chỉ gồm chữ số, không dấu chấm: `{key}: {v}`",
                "write whole đồng as plain digits, without dots: `{key}: {v}`"
            )),
            AmountError::NotWhole => Diagnostic::error(
                "bad-amount",
                file,
                n.pos,
                t!(
                    "`{key}: {written}` không phải số tiền (đồng, số nguyên)",
                    "`{key}: {written}` is not an amount (whole đồng)",
                ),
            )
            .with_hint(t!(
                "ghi số tiền bằng đồng, chỉ gồm chữ số, ví dụ `{key}: 1500000`",
                "write the amount in whole đồng as digits, e.g. `{key}: 1500000`"
            )),
        }
    }
}

/// An amount in whole đồng from a node.
pub fn amount_of(n: &Node) -> Result<i64, AmountError> {
    match &n.value {
        Value::Int(i) => Ok(*i),
        Value::Float(_) | Value::Str(_) => {
            let written = n.as_text().unwrap_or_default();
            let w = written.trim();
            let digits = w.strip_suffix("đồng").or_else(|| w.strip_suffix('đ')).unwrap_or(w).trim();
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                return digits.parse().map_err(|_| AmountError::NotWhole);
            }
            if digits.contains('.')
                && let Some(v) = vi::parse_vn_int(digits)
            {
                return Err(AmountError::Dotted(v));
            }
            Err(AmountError::NotWhole)
        }
        _ => Err(AmountError::NotWhole),
    }
}

/// A date from a node, with a diagnostic on failure.
pub fn date_of(n: &Node, key: &str, file: &Path) -> Result<PartialDate, Box<Diagnostic>> {
    let written = n.as_text().unwrap_or_default();
    match PartialDate::parse(&written) {
        Ok(d) => Ok(d),
        Err(e) => {
            let (vi_msg, en_msg) = (e.describe_vi(), e.describe_en());
            Err(Box::new(
                Diagnostic::error(
                    "bad-date",
                    file,
                    n.pos,
                    t!("`{key}: {written}`: {vi_msg}", "`{key}: {written}`: {en_msg}"),
                )
                .with_hint(t!(
                    "viết ngày dạng `2022-09-16` hoặc `16/9/2022`; nếu chỉ biết tháng/năm: `2023-02` hoặc `tháng 02 năm 2023`",
                    "write dates as `2022-09-16` or `16/9/2022`; when only the month or year is known: `2023-02` or `2023`"
                )),
            ))
        }
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
    fn dotted_amounts_are_refused_with_the_plain_number_as_fix() {
        let n = p("a: 1.000.000\nb: \"1.000.000\"\nc: 1.000\nd: 1500000\ne: 1,5\n");
        assert_eq!(amount_of(n.get("a").unwrap()), Err(AmountError::Dotted(1_000_000)));
        assert_eq!(amount_of(n.get("b").unwrap()), Err(AmountError::Dotted(1_000_000)));
        assert_eq!(amount_of(n.get("c").unwrap()), Err(AmountError::Dotted(1_000)));
        assert_eq!(amount_of(n.get("d").unwrap()), Ok(1_500_000));
        assert_eq!(amount_of(n.get("e").unwrap()), Err(AmountError::NotWhole));
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

    #[test]
    fn reader_reports_unknown_and_missing_keys() {
        let n = p("titel: A\ndate: 31/02/2023\n");
        let mut diags = Vec::new();
        let mut r = MapReader::new(&n, Path::new("a.md"), "trang", &mut diags).unwrap();
        assert_eq!(r.req_text("title", "Tiêu đề"), None);
        assert_eq!(r.date("date"), None);
        r.finish();
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["missing-key", "bad-date", "unknown-key"]);
        assert_eq!(diags[1].pos, Pos::new(3, 7));
        assert!(diags[2].hint.as_ref().unwrap().en.contains("`title`"));
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
