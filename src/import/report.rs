//! What an import run read, for the webmaster: per file, where it goes, each field with the line
//! or cell it came from, and everything unsure or unreadable.

use std::fmt::Write as _;

use super::draft::{ImportKind, Value};
use super::emit::inline;
use super::run::ImportOutcome;
use crate::diag::{Lang, printable};

fn kind_name(k: ImportKind, lang: Lang) -> &'static str {
    match (k, lang) {
        (ImportKind::Plan, Lang::Vi) => "văn bản",
        (ImportKind::Plan, Lang::En) => "document",
        (ImportKind::Decision, Lang::Vi) => "quyết định khen thưởng",
        (ImportKind::Decision, Lang::En) => "award decision",
        (ImportKind::Ledger, Lang::Vi) => "sổ quỹ",
        (ImportKind::Ledger, Lang::En) => "fund ledger",
    }
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(90).collect();
    if s.chars().count() > 90 {
        out.push('…');
    }
    out
}

/// The report of a run, in `lang`.
pub(crate) fn render(o: &ImportOutcome, lang: Lang, dry_run: bool) -> String {
    let mut out = String::new();
    let unsure_label = if lang == Lang::Vi { "kiểm tra lại" } else { "check" };
    for f in &o.files {
        if let Some((decision, rows)) = &f.list_of {
            let (file, decision) = (f.file.display(), decision.display());
            let _ = match lang {
                Lang::Vi => writeln!(out, "{file} → danh sách của {decision} ({rows} dòng)"),
                Lang::En => writeln!(out, "{file} → the list of {decision} ({rows} rows)"),
            };
            for n in &f.notices {
                let _ = writeln!(out, "  ! {}", printable(n.get(lang)));
            }
            continue;
        }
        let Some(d) = &f.draft else { continue };
        let (file, target, kind) = (f.file.display(), d.target.display(), kind_name(d.kind, lang));
        let _ = writeln!(out, "{file} → {target} ({kind})");
        for n in &f.notices {
            let _ = writeln!(out, "  ! {}", printable(n.get(lang)));
        }
        for field in &d.fields {
            let at = field.origin.show();
            match &field.value {
                Value::List(items) => {
                    let _ = writeln!(out, "  {}: {} ({})", field.key, items.len(), at.get(lang));
                    for i in items {
                        let _ = writeln!(
                            out,
                            "    - {}  [{}]",
                            printable(&short(&inline(&i.value))),
                            i.origin.show().get(lang)
                        );
                        if let Some(u) = &i.unsure {
                            let _ =
                                writeln!(out, "      ? {unsure_label}: {}", printable(u.get(lang)));
                        }
                    }
                }
                v => {
                    let _ = writeln!(
                        out,
                        "  {}: {}  [{}]",
                        field.key,
                        printable(&short(&inline(v))),
                        at.get(lang)
                    );
                }
            }
            if let Some(u) = &field.unsure {
                let _ = writeln!(out, "    ? {unsure_label}: {}", printable(u.get(lang)));
            }
        }
        for n in &d.notes {
            let _ = writeln!(out, "  ? {}", printable(n.get(lang)));
        }
        for (p, _) in &d.extra {
            let _ = writeln!(out, "  + {}", p.display());
        }
    }
    if dry_run && o.diagnostics.is_empty() {
        out.push_str(if lang == Lang::Vi {
            "(--dry-run: không ghi tệp nào)\n"
        } else {
            "(--dry-run: nothing written)\n"
        });
    }
    for w in &o.written {
        let w = w.display();
        let _ = writeln!(
            out,
            "{}",
            if lang == Lang::Vi { format!("đã ghi {w}") } else { format!("wrote {w}") }
        );
    }
    out
}
