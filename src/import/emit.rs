//! A draft's fields to YAML text: front matter for Markdown files, a whole file for YAML ones;
//! every unsure value followed by a `# kiểm tra lại: …` comment so the webmaster confirms it.

use super::draft::{Draft, Field, Item, Value};

/// Text as a YAML scalar: a JSON string is a valid double-quoted YAML scalar.
pub(crate) fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A value on one line (lists of items are the caller's job).
pub(crate) fn inline(v: &Value) -> String {
    match v {
        Value::Text(s) => quote(s),
        Value::Int(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) | Value::Decimal(d) => d.clone(),
        Value::Map(kv) => {
            let inner: Vec<String> =
                kv.iter().map(|(k, v)| format!("{k}: {}", inline(v))).collect();
            format!("{{ {} }}", inner.join(", "))
        }
        Value::List(items) => {
            let inner: Vec<String> = items.iter().map(|i| inline(&i.value)).collect();
            format!("[{}]", inner.join(", "))
        }
    }
}

fn comment(why: &Option<crate::diag::Text>) -> String {
    match why {
        // Comments are for the webmaster who edits the file: in Vietnamese, on one line.
        Some(t) => format!("  # kiểm tra lại: {}", t.vi.replace('\n', " ")),
        None => String::new(),
    }
}

fn item_line(out: &mut String, i: &Item) {
    out.push_str(&format!("  - {}{}\n", inline(&i.value), comment(&i.unsure)));
}

/// The fields as YAML lines.
pub(crate) fn yaml(fields: &[Field]) -> String {
    let mut out = String::new();
    for f in fields {
        match &f.value {
            Value::List(items) => {
                out.push_str(&format!("{}:{}\n", f.key, comment(&f.unsure)));
                for i in items {
                    item_line(&mut out, i);
                }
            }
            v => out.push_str(&format!("{}: {}{}\n", f.key, inline(v), comment(&f.unsure))),
        }
    }
    out
}

/// The whole file of a draft: front matter and body, or YAML alone.
pub(crate) fn file_text(d: &Draft) -> String {
    match &d.body {
        Some(body) => format!("---\n{}---\n\n{}", yaml(&d.fields), body),
        None => yaml(&d.fields),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::formats::Origin;

    #[test]
    fn unsure_values_carry_a_comment_and_text_is_quoted() {
        let fields = vec![
            Field::new("number", Value::Text("/KH-BDT".into()), Origin::Line(5)),
            Field::new("date", Value::Date("2022".into()), Origin::Line(5))
                .unsure(crate::t!("chỉ có năm", "only the year")),
            Field::new(
                "bases",
                Value::List(vec![Item::sure(
                    Value::Map(vec![
                        ("number", Value::Text("263/KH-UBND".into())),
                        ("date", Value::Date("2022-09-16".into())),
                    ]),
                    Origin::Line(9),
                )]),
                Origin::Line(9),
            ),
        ];
        assert_eq!(
            yaml(&fields),
            "number: \"/KH-BDT\"\ndate: 2022  # kiểm tra lại: chỉ có năm\nbases:\n  - { number: \"263/KH-UBND\", date: 2022-09-16 }\n"
        );
    }
}
