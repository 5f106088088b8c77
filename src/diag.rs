//! Diagnostics: content problems with file, line, column, message and fix, in Vietnamese and English.
//!
//! Webmasters are the readers of these messages, so every problem found in a run is collected
//! (never only the first), each one says where it is, what is wrong and how to fix it, and the
//! text exists in both languages so the edge of the program can pick one.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Language of the messages printed for webmasters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// Tiếng Việt (default).
    #[default]
    Vi,
    /// English (`--lang en` or `MINHBACH_LANG=en`).
    En,
}

impl Lang {
    /// Parses `vi` / `en` (case-insensitive); anything else is `None`.
    pub(crate) fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" | "vn" | "vi-vn" => Some(Lang::Vi),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: String,
}

impl Text {
    /// Builds a text from its two translations.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Text {
        Text { vi: vi.into(), en: en.into() }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// Builds a [`Text`] from two format strings sharing the same arguments.
#[macro_export]
macro_rules! t {
    ($vi:literal, $en:literal $(,)?) => {
        $crate::diag::Text::new(format!($vi), format!($en))
    };
    ($vi:literal, $en:literal, $($arg:tt)+) => {
        $crate::diag::Text::new(format!($vi, $($arg)+), format!($en, $($arg)+))
    };
}

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The build refuses to write anything.
    Error,
    /// Reported, the build goes on (an error with `--strict`).
    Warning,
    /// Information the webmaster may want (how a file was read); never an error, even with
    /// `--strict`.
    Note,
}

impl Severity {
    /// The word messages print before the code (`lỗi`, `cảnh báo`, `ghi chú`).
    pub(crate) fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Vi) => "lỗi",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::Vi) => "cảnh báo",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Note, Lang::Vi) => "ghi chú",
            (Severity::Note, Lang::En) => "note",
        }
    }
}

/// A place in a source file (1-based line and column; 0 when unknown).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// Line, from 1; 0 when unknown.
    pub line: u32,
    /// Column (characters), from 1; 0 when unknown.
    pub col: u32,
}

impl Pos {
    /// A known position.
    pub fn new(line: u32, col: u32) -> Pos {
        Pos { line, col }
    }
}

/// One problem found in the content, the theme or the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable machine-readable code, e.g. `unknown-key`.
    pub code: &'static str,
    /// File, relative to the site root when possible.
    pub file: PathBuf,
    /// Where in the file.
    pub pos: Pos,
    /// What is wrong.
    pub message: Text,
    /// How to fix it.
    pub hint: Option<Text>,
}

/// Longest value quoted between backticks in a message, in characters; longer ones are cut
/// with an ellipsis (a 5 000-character title quoted whole hid the rest of the message).
pub(crate) const QUOTE_MAX: usize = 80;
/// Longest message or hint, in characters, after quoted values are cut.
pub(crate) const MESSAGE_MAX: usize = 600;

/// `s` with every value quoted between backticks cut to [`QUOTE_MAX`] characters and the whole
/// cut to [`MESSAGE_MAX`], each cut marked with `…`.
pub(crate) fn clip(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(MESSAGE_MAX * 4));
    for (i, part) in s.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 && part.chars().count() > QUOTE_MAX {
            out.extend(part.chars().take(QUOTE_MAX - 1));
            out.push('…');
        } else {
            out.push_str(part);
        }
    }
    if out.chars().count() > MESSAGE_MAX {
        out = out.chars().take(MESSAGE_MAX - 1).collect();
        out.push('…');
    }
    out
}

impl Text {
    /// The text with long quoted values cut ([`clip`]).
    fn clipped(self) -> Text {
        Text { vi: clip(&self.vi), en: clip(&self.en) }
    }
}

impl Diagnostic {
    /// A new error.
    pub(crate) fn error(code: &'static str, file: &Path, pos: Pos, message: Text) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_path_buf(),
            pos,
            message: message.clipped(),
            hint: None,
        }
    }

    /// A new warning.
    pub(crate) fn warning(code: &'static str, file: &Path, pos: Pos, message: Text) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            code,
            file: file.to_path_buf(),
            pos,
            message: message.clipped(),
            hint: None,
        }
    }

    /// A new note.
    pub(crate) fn note(code: &'static str, file: &Path, pos: Pos, message: Text) -> Diagnostic {
        Diagnostic { severity: Severity::Note, ..Diagnostic::warning(code, file, pos, message) }
    }

    /// A symbolic link under `content/`, `templates/` or `themes/` that leads outside the site
    /// folder (`outside-link`).
    pub(crate) fn outside_link(file: &Path) -> Diagnostic {
        Diagnostic::error(
            "outside-link",
            file,
            Pos::default(),
            crate::t!(
                "liên kết tượng trưng trỏ ra ngoài thư mục trang",
                "symbolic link points outside the site folder"
            ),
        )
        .with_hint(crate::t!(
            "chép tệp vào trong thư mục trang thay vì liên kết",
            "copy the file into the site instead of linking it"
        ))
    }

    /// A file of `static/` that leads outside the site or has a name that cannot be published
    /// (`outside-link`).
    pub(crate) fn outside_static(file: &Path) -> Diagnostic {
        Diagnostic::error(
            "outside-link",
            file,
            Pos::default(),
            crate::t!(
                "tệp tĩnh trỏ ra ngoài thư mục trang hoặc có tên không hợp lệ",
                "static file points outside the site or has an invalid name"
            ),
        )
        .with_hint(crate::t!(
            "chép tệp vào static/ thay vì liên kết; đổi tên bằng chữ, số và dấu -",
            "copy the file into static/ instead of linking it; rename it with letters, digits and -"
        ))
    }

    /// Adds how to fix it.
    pub(crate) fn with_hint(mut self, hint: Text) -> Diagnostic {
        self.hint = Some(hint.clipped());
        self
    }

    /// `file:line:col` as printed (line and column omitted when unknown).
    pub fn location(&self) -> String {
        let file = self.file.to_string_lossy().replace('\\', "/");
        match (self.pos.line, self.pos.col) {
            (0, _) => file,
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        }
    }

    /// The diagnostic as printed for a webmaster.
    pub fn render(&self, lang: Lang) -> String {
        let label = self.severity.label(lang);
        let mut out = format!(
            "{}: {label}[{}]: {}",
            printable(&self.location()),
            self.code,
            printable(self.message.get(lang))
        );
        if let Some(hint) = &self.hint {
            let how = if lang == Lang::Vi { "cách sửa" } else { "fix" };
            let _ = write!(out, "\n  {how}: {}", printable(hint.get(lang)));
        }
        out
    }
}

/// Text safe to print on a terminal: control characters (NUL, ESC, bidi overrides…) quoted from
/// user input are shown as `\u{1b}` escapes, so a file cannot hide or recolour messages.
pub(crate) fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The known name closest to `wrong`, if it is close enough to be a likely typo.
pub(crate) fn suggest<'a>(
    wrong: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let w = wrong.to_lowercase();
    let wlen = w.chars().count();
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        let klen = k.chars().count();
        let limit = (klen.max(wlen) / 3).max(1) + 1;
        // The distance is at least the difference in length: no need to compute it then.
        if klen.abs_diff(wlen) > limit {
            continue;
        }
        let d = levenshtein(&w, &k.to_lowercase());
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        let known = ["title", "date", "description", "draft"];
        assert_eq!(suggest("titel", known), Some("title"));
        assert_eq!(suggest("descripton", known), Some("description"));
        assert_eq!(suggest("Date", known), Some("date"));
        assert_eq!(suggest("amount", known), None);
    }

    /// Issue 16: a 5 100-character title quoted whole made a 5 100-character message.
    #[test]
    fn long_quoted_values_are_cut_with_an_ellipsis() {
        let title = "Kế hoạch ".repeat(600);
        let d = Diagnostic::error(
            "x",
            Path::new("a.md"),
            Pos::new(1, 1),
            t!("`title: {title}` quá dài, `ngắn` giữ nguyên", "`title: {title}` too long"),
        )
        .with_hint(t!("viết `{title}` ngắn hơn", "write `{title}` shorter"));
        let m = d.message.get(Lang::Vi);
        let quoted = m.split('`').nth(1).unwrap();
        assert_eq!(quoted.chars().count(), QUOTE_MAX);
        assert!(quoted.ends_with('…') && quoted.starts_with("title: Kế hoạch"));
        assert!(m.ends_with("quá dài, `ngắn` giữ nguyên"), "{m}");
        assert!(d.hint.unwrap().en.ends_with("` shorter"));
        let long = clip(&"x ".repeat(2000));
        assert_eq!(long.chars().count(), MESSAGE_MAX);
        assert!(long.ends_with('…'));
        assert_eq!(clip("`a` b `c`"), "`a` b `c`");
    }

    #[test]
    fn renders_location_and_hint_in_both_languages() {
        let d = Diagnostic::error(
            "unknown-key",
            Path::new("content/a.md"),
            Pos::new(3, 1),
            t!("khóa lạ", "unknown key"),
        )
        .with_hint(t!("viết {}", "write {}", "title"));
        assert_eq!(
            d.render(Lang::Vi),
            "content/a.md:3:1: lỗi[unknown-key]: khóa lạ\n  cách sửa: viết title"
        );
        assert_eq!(
            d.render(Lang::En),
            "content/a.md:3:1: error[unknown-key]: unknown key\n  fix: write title"
        );
    }
}
