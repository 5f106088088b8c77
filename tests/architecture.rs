//! The layout of `src/` as README's architecture section describes it (issue 14): stages import
//! only the stages before them, no two modules import each other, no file holds more than
//! ~800 lines before its tests and no function more than ~120.
//!
//! The module graph is read from the source text: every `crate::…`, `super::…`, `self::…` path
//! and every path through a child module that a file declares, outside plain comments, strings
//! and `#[cfg(test)]` modules, is an edge to the deepest module it names (doc comments count:
//! an intra-doc link is a dependency of the docs). A path through a parent's
//! re-export counts as an edge to the parent: import from the module that defines an item.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules in the order data flows through them. A module may use those before
/// it, never those after.
const STAGES: &[&str] = &[
    "vi", "diag", "read", "config", "load", "model", "render", "write", "pipeline", "import",
    "serve", "cli", "fuzzing",
];

/// Largest number of lines of a source file before its `#[cfg(test)]` module.
const MAX_FILE_LINES: usize = 800;

/// Largest number of lines of one function, from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 120;

struct Module {
    /// `render::fund`, `render` (for `render/mod.rs`).
    path: String,
    file: PathBuf,
    /// Source text before the tests, with comments and string contents blanked.
    code: String,
    /// Line count before the tests.
    lines: usize,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every module of the crate but `lib.rs` and `main.rs`.
fn modules() -> Vec<Module> {
    let src = src_dir();
    let mut out = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .expect("src/ is readable")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = p.strip_prefix(&src).expect("under src").to_string_lossy().replace('\\', "/");
            if rel == "lib.rs" || rel == "main.rs" {
                continue;
            }
            let path = rel.trim_end_matches(".rs").trim_end_matches("/mod").replace('/', "::");
            let text = std::fs::read_to_string(&p).expect("source is UTF-8");
            let before_tests = match text.find("\n#[cfg(test)]") {
                Some(i) => &text[..i + 1],
                None => &text[..],
            };
            out.push(Module {
                path,
                file: PathBuf::from("src").join(&rel),
                code: blank_comments_and_strings(before_tests),
                lines: before_tests.lines().count(),
            });
        }
    }
    out
}

/// The text with comments and the contents of string and character literals replaced by spaces
/// (line breaks kept), so that paths in docs or messages are not taken for imports.
fn blank_comments_and_strings(s: &str) -> String {
    let c: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let blank = |ch: char| if ch == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        if c[i] == '/' && next == Some('/') && !matches!(c.get(i + 2), Some('/' | '!')) {
            // A plain comment. Doc comments stay: an intra-doc link is a dependency too.
            while i < c.len() && c[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c[i] == '/' && next == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
        } else if c[i] == 'r' && (next == Some('"') || next == Some('#')) && !ident_before(&c, i) {
            // Raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while c.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if c.get(j) != Some(&'"') {
                out.push(c[i]);
                i += 1;
                continue;
            }
            out.push_str("r\"");
            j += 1;
            loop {
                if j >= c.len() {
                    break;
                }
                if c[j] == '"' && (0..hashes).all(|k| c.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                out.push(blank(c[j]));
                j += 1;
            }
            out.push('"');
            i = j;
        } else if c[i] == '"' {
            out.push('"');
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < c.len() {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
            out.push('"');
            i += 1;
        } else if c[i] == '\'' && (c.get(i + 2) == Some(&'\'') || next == Some('\\')) {
            // A character literal ('a', '\n', '\u{1}'), not a lifetime.
            out.push('\'');
            i += 1;
            while i < c.len() && c[i] != '\'' {
                if c[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < c.len() {
                    out.push(' ');
                    i += 1;
                }
            }
            out.push('\'');
            i += 1;
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

fn ident_before(c: &[char], i: usize) -> bool {
    i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_')
}

fn is_ident(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_'
}

/// Every path written in `code`, with `use` groups expanded: `crate::{a, b::{c, d}}` gives
/// `crate::a`, `crate::b::c`, `crate::b::d`.
fn paths(code: &str) -> Vec<String> {
    let c: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if is_ident(c[i]) && (i == 0 || !(is_ident(c[i - 1]) || c[i - 1] == ':')) {
            let (found, end) = path_at(&c, i, String::new());
            out.extend(found);
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Reads a path starting at `i` (after `prefix`), expanding groups. Returns the full paths and
/// where reading stopped.
fn path_at(c: &[char], mut i: usize, prefix: String) -> (Vec<String>, usize) {
    let mut cur = prefix;
    loop {
        let start = i;
        while i < c.len() && is_ident(c[i]) {
            i += 1;
        }
        cur.extend(&c[start..i]);
        if c.get(i) == Some(&':') && c.get(i + 1) == Some(&':') {
            i += 2;
            if c.get(i) == Some(&'{') {
                i += 1;
                let mut out = Vec::new();
                loop {
                    while i < c.len() && (c[i].is_whitespace() || c[i] == ',') {
                        i += 1;
                    }
                    if i >= c.len() || c[i] == '}' {
                        return (out, i + 1);
                    }
                    let (found, end) = path_at(c, i, format!("{cur}::"));
                    out.extend(found);
                    i = end;
                    // Skip `as name` and anything else up to the next item.
                    while i < c.len() && c[i] != ',' && c[i] != '}' {
                        i += 1;
                    }
                }
            }
            if i < c.len() && is_ident(c[i]) {
                cur.push_str("::");
                continue;
            }
            return (vec![cur], i);
        }
        return (vec![cur], i);
    }
}

/// The modules a module's code names, by path (not itself).
fn edges(m: &Module, known: &BTreeSet<String>) -> BTreeSet<String> {
    let children: BTreeSet<&str> = m
        .code
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let rest = l.strip_prefix("pub ").or(l.strip_prefix("pub(crate) ")).unwrap_or(l);
            let rest = rest.strip_prefix("pub(super) ").unwrap_or(rest);
            rest.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')).map(str::trim)
        })
        .collect();
    let parent = m.path.rsplit_once("::").map(|(p, _)| p.to_string());
    let mut out = BTreeSet::new();
    for p in paths(&m.code) {
        let mut parts: Vec<&str> = p.split("::").collect();
        if parts.len() < 2 && !(parts.len() == 1 && children.contains(parts[0])) {
            continue;
        }
        // Absolute segments of the path, relative to the crate root.
        let mut abs: Vec<String> = Vec::new();
        match parts[0] {
            "crate" => {
                parts.remove(0);
            }
            "super" => {
                let mut base: Vec<String> = match &parent {
                    Some(p) => p.split("::").map(str::to_string).collect(),
                    None => Vec::new(),
                };
                parts.remove(0);
                while parts.first() == Some(&"super") {
                    base.pop();
                    parts.remove(0);
                }
                abs = base;
            }
            "self" => {
                abs = m.path.split("::").map(str::to_string).collect();
                parts.remove(0);
            }
            first if children.contains(first) => {
                abs = m.path.split("::").map(str::to_string).collect();
            }
            _ => continue,
        }
        abs.extend(parts.iter().map(|s| s.to_string()));
        // `crate::t!` is the catalogue's macro, defined in diag.rs.
        if abs.len() == 1 && abs[0] == "t" {
            abs = vec!["diag".into()];
        }
        let target =
            (1..=abs.len()).rev().map(|n| abs[..n].join("::")).find(|cand| known.contains(cand));
        if let Some(t) = target
            && t != m.path
        {
            out.insert(t);
        }
    }
    out
}

fn stage(path: &str) -> &str {
    path.split("::").next().unwrap_or(path)
}

fn graph() -> (Vec<Module>, BTreeMap<String, BTreeSet<String>>) {
    let mods = modules();
    let known: BTreeSet<String> = mods.iter().map(|m| m.path.clone()).collect();
    let g = mods.iter().map(|m| (m.path.clone(), edges(m, &known))).collect();
    (mods, g)
}

#[test]
fn every_top_level_module_is_a_known_stage() {
    let (mods, _) = graph();
    let unknown: BTreeSet<&str> =
        mods.iter().map(|m| stage(&m.path)).filter(|s| !STAGES.contains(s)).collect();
    assert!(
        unknown.is_empty(),
        "top-level modules missing from STAGES in tests/architecture.rs (add them in data-flow \
         order, and to README's architecture section): {unknown:?}"
    );
}

#[test]
fn stages_import_only_earlier_stages() {
    let (_, g) = graph();
    let rank = |p: &str| STAGES.iter().position(|s| *s == stage(p)).unwrap_or(usize::MAX);
    let mut wrong = Vec::new();
    for (from, tos) in &g {
        for to in tos {
            if stage(from) != stage(to) && rank(to) > rank(from) {
                wrong.push(format!("{from} -> {to}"));
            }
        }
    }
    assert!(wrong.is_empty(), "a stage imports a later one:\n  {}", wrong.join("\n  "));
}

#[test]
fn no_two_modules_import_each_other() {
    let (_, g) = graph();
    // Tarjan's strongly connected components.
    struct T<'a> {
        g: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        next: usize,
        cycles: Vec<Vec<&'a str>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        t.index.insert(v, t.next);
        t.low.insert(v, t.next);
        t.next += 1;
        t.stack.push(v);
        t.on.insert(v);
        let g = t.g;
        for w in g.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !g.contains_key(w) {
                continue;
            }
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                comp.push(w);
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.cycles.push(comp);
            }
        }
    }
    let mut t = T {
        g: &g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        cycles: Vec::new(),
    };
    for v in g.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    let shown: Vec<String> = t
        .cycles
        .iter()
        .map(|c| {
            let edges: Vec<String> = c
                .iter()
                .flat_map(|a| {
                    g[*a]
                        .iter()
                        .filter(|b| c.contains(&b.as_str()))
                        .map(move |b| format!("{a} -> {b}"))
                })
                .collect();
            format!("{} ({})", c.join(", "), edges.join("; "))
        })
        .collect();
    assert!(shown.is_empty(), "modules that import each other:\n  {}", shown.join("\n  "));
}

#[test]
fn no_file_is_too_long() {
    let (mods, _) = graph();
    let long: Vec<String> = mods
        .iter()
        .filter(|m| m.lines > MAX_FILE_LINES)
        .map(|m| format!("{} ({} lines before its tests)", m.file.display(), m.lines))
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_FILE_LINES} lines: split them by subject:\n  {}",
        long.join("\n  ")
    );
}

#[test]
fn no_function_is_too_long() {
    let (mods, _) = graph();
    let mut long = Vec::new();
    for m in &mods {
        let lines: Vec<&str> = m.code.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            let t = l.trim_start();
            let indent = l.len() - t.len();
            let rest = ["pub(crate) ", "pub(super) ", "pub ", "const ", "async ", "unsafe "]
                .iter()
                .fold(t, |r, p| r.strip_prefix(p).unwrap_or(r));
            let Some(name) = rest.strip_prefix("fn ") else { continue };
            let name: String = name.chars().take_while(|c| is_ident(*c)).collect();
            // The closing brace at the same indentation (rustfmt's layout).
            let end = lines[i..].iter().position(|x| {
                x.len() == indent + 1 && x.ends_with('}') && x[..indent].trim().is_empty()
            });
            if let Some(n) = end
                && n + 1 > MAX_FN_LINES
            {
                long.push(format!("{}:{} fn {name} ({} lines)", m.file.display(), i + 1, n + 1));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FN_LINES} lines: make them a list of named steps:\n  {}",
        long.join("\n  ")
    );
}

#[test]
fn the_checker_reads_paths_and_groups() {
    let code = blank_comments_and_strings(
        "use crate::{load, model::{fund::A, Site}};\n// crate::render\nlet s = \"crate::serve\";\nuse super::x::Y;\n",
    );
    let p = paths(&code);
    assert!(p.contains(&"crate::load".to_string()), "{p:?}");
    assert!(p.contains(&"crate::model::fund::A".to_string()), "{p:?}");
    assert!(p.contains(&"crate::model::Site".to_string()), "{p:?}");
    assert!(p.contains(&"super::x::Y".to_string()), "{p:?}");
    assert!(!p.iter().any(|x| x.contains("render") || x.contains("serve")), "{p:?}");
}
