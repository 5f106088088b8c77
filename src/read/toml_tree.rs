//! TOML front matter (`+++` … `+++`, Hugo's and Zola's default) parsed into the same tree as YAML.
//!
//! The `toml` crate (the toml-rs project's parser, spans on every key and value) does the
//! parsing; this module only turns its spanned tables into [`Node`]s with line and column, so
//! that everything after it ([`super::fields::MapReader`], the records) reads TOML and YAML the
//! same way and reports problems at the same positions.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::yaml::{Key, Node, Value};
use crate::diag::{Diagnostic, Pos, printable};
use crate::t;
use crate::vi;

/// Byte offsets of the start of every line of a text, to turn spans into line and column.
struct Lines<'a> {
    src: &'a str,
    starts: Vec<usize>,
    first_line: u32,
}

impl<'a> Lines<'a> {
    fn new(src: &'a str, first_line: u32) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Lines { src, starts, first_line }
    }

    /// Line (from `first_line`) and column (characters, from 1) of byte `offset`.
    fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.src.len());
        let idx = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts[idx];
        let col = self.src.get(start..offset).map_or(0, |s| s.chars().count());
        Pos::new(self.first_line + idx as u32, col as u32 + 1)
    }

    fn raw(&self, span: Range<usize>) -> Option<String> {
        self.src.get(span).map(|s| s.trim().to_string())
    }
}

/// Parses `src` (already NFC; the text between the two `+++` lines) into a tree. `first_line`
/// is the line of `src`'s first line in its file. An empty front matter is an empty mapping.
pub(crate) fn parse(src: &str, first_line: u32, file: &Path) -> Result<Node, Box<Diagnostic>> {
    let lines = Lines::new(src, first_line);
    if src.trim().is_empty() {
        return Ok(Node::empty_map(Pos::new(first_line, 1)));
    }
    match DeTable::parse(src) {
        Ok(root) => {
            let pos = lines.pos(root.span().start);
            Ok(table(root.into_inner(), pos, &lines))
        }
        Err(e) => {
            let pos = e.span().map_or(Pos::new(first_line, 1), |s| lines.pos(s.start));
            let msg = printable(e.message().trim()).into_owned();
            let hint = if msg.contains("unquoted key") {
                t!(
                    "khóa có dấu tiếng Việt hoặc khoảng trắng phải đặt trong dấu nháy kép: \
                     \"địa bàn\" = \"…\"",
                    "a key with Vietnamese letters or spaces goes in double quotes: \
                     \"địa bàn\" = \"…\""
                )
            } else {
                t!(
                    "viết mỗi khóa một dòng `khóa = giá trị`, chữ trong dấu nháy kép: \
                     title = \"Tiêu đề\"",
                    "write one `key = value` per line, text in double quotes: title = \"Title\""
                )
            };
            Err(Box::new(
                Diagnostic::error(
                    "toml-syntax",
                    file,
                    pos,
                    t!("phần đầu TOML sai cú pháp: {msg}", "TOML front matter syntax: {msg}"),
                )
                .with_hint(hint),
            ))
        }
    }
}

/// A table's entries in file order (the parser's map is sorted by key).
fn table(t: DeTable<'_>, pos: Pos, lines: &Lines<'_>) -> Node {
    let mut entries: Vec<_> = t.into_iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    let map = entries
        .into_iter()
        .map(|(k, v)| {
            let key = Key { name: vi::nfc(k.get_ref()), pos: lines.pos(k.span().start) };
            (key, value(v, lines))
        })
        .collect();
    Node { value: Value::Map(map), pos, raw: None }
}

fn value(v: Spanned<DeValue<'_>>, lines: &Lines<'_>) -> Node {
    let span = v.span();
    let pos = lines.pos(span.start);
    let raw = lines.raw(span.clone());
    let (value, raw) = match v.into_inner() {
        DeValue::String(s) => (Value::Str(vi::nfc(&s)), None),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => (Value::Int(n), raw),
            // Beyond 64 bits: kept as written, so a reader of numbers refuses it by name
            // rather than seeing a rounded value.
            Err(_) => (Value::Str(i.as_str().to_string()), None),
        },
        DeValue::Float(f) => match f.as_str().parse::<f64>() {
            Ok(x) if x.is_finite() => (Value::Float(x), raw),
            _ => (Value::Str(f.as_str().to_string()), None),
        },
        DeValue::Boolean(b) => (Value::Bool(b), raw),
        // Dates and times as written (`2022-09-16`, `2022-09-16T08:00:00+07:00`): the date
        // readers parse text, as they do for YAML.
        DeValue::Datetime(d) => (Value::Str(d.to_string()), None),
        DeValue::Array(a) => (Value::Seq(a.into_iter().map(|x| value(x, lines)).collect()), None),
        DeValue::Table(t) => return table(t, pos, lines),
    };
    Node { value, pos, raw }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(src: &str) -> Node {
        parse(src, 2, Path::new("content/a.md")).expect("valid TOML")
    }

    #[test]
    fn reads_keys_in_file_order_with_positions() {
        let n = parse_ok("title = \"Gương sáng\"\ndate = 2022-09-16\nweight = 3\ndraft = false\n");
        let keys: Vec<_> = n.entries().unwrap().iter().map(|(k, _)| k.name.as_str()).collect();
        assert_eq!(keys, ["title", "date", "weight", "draft"]);
        let title = n.get("title").unwrap();
        assert_eq!(title.value, Value::Str("Gương sáng".into()));
        assert_eq!(title.pos, Pos::new(2, 9));
        assert_eq!(n.get("date").unwrap().value, Value::Str("2022-09-16".into()));
        assert_eq!(n.get("date").unwrap().pos, Pos::new(3, 8));
        assert_eq!(n.get("weight").unwrap().value, Value::Int(3));
        assert_eq!(n.get("draft").unwrap().value, Value::Bool(false));
    }

    #[test]
    fn reads_tables_arrays_and_unicode_columns() {
        let src = "tags = [\"người nghèo\", \"an sinh\"]\n[extra]\n\"địa_bàn\" = \"Bình Phước\"\n\
                   [taxonomies]\ncategories = [\"Tin\"]\n";
        let n = parse_ok(src);
        let tags = n.get("tags").unwrap();
        match &tags.value {
            Value::Seq(v) => {
                assert_eq!(v[1].value, Value::Str("an sinh".into()));
                assert_eq!(v[1].pos, Pos::new(2, 24));
            }
            other => panic!("not a list: {other:?}"),
        }
        let extra = n.get("extra").unwrap();
        assert_eq!(extra.get("địa_bàn").unwrap().value, Value::Str("Bình Phước".into()));
        let (k, _) = &extra.entries().unwrap()[0];
        assert_eq!(k.pos, Pos::new(4, 1));
        assert!(n.get("taxonomies").unwrap().get("categories").is_some());
    }

    #[test]
    fn keeps_numbers_beyond_64_bits_as_written() {
        let n = parse_ok("amount = 1_000_000_000_000_000_000_000\n");
        assert!(matches!(n.get("amount").unwrap().value, Value::Str(_)));
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let e = parse("title = \"a\"\ndate = \n", 2, Path::new("content/a.md")).unwrap_err();
        assert_eq!(e.code, "toml-syntax");
        assert_eq!(e.pos.line, 3);
        let e = parse("title = \"open\n", 2, Path::new("content/a.md")).unwrap_err();
        assert_eq!(e.pos.line, 2);
        let e = parse("title = \"a\"\nđịa_bàn = \"x\"\n", 2, Path::new("a.md")).unwrap_err();
        assert_eq!(e.pos, Pos::new(3, 1));
        assert!(e.hint.unwrap().en.contains("double quotes: \"địa bàn\""));
    }

    #[test]
    fn empty_front_matter_is_an_empty_map() {
        assert_eq!(parse_ok("\n  \n").entries().map(<[_]>::len), Some(0));
    }
}
