//! Field readers: typed values out of the positioned YAML tree, with every wrong, missing or unknown key reported where it is.
//!
//! Each kind of record reads its keys through a [`MapReader`], which collects every problem with
//! its file, line and column instead of stopping at the first one, as a derived `Deserialize`
//! would, and reports keys nobody asked for with the nearest valid one.

use std::path::Path;

use super::url::is_safe_url;
use super::yaml::{Key, Node, Value};
use crate::diag::{Diagnostic, Pos, Text, suggest};
use crate::t;
use crate::vi::{self, PartialDate};

/// The key, accepted in every mapping, that lists the keys of that mapping the privacy guard
/// skips (the model's privacy scan reads it; [`MapReader::finish`] never calls it unknown).
pub(crate) const PRIVACY_EXCEPTION_KEY: &str = "privacy_allow";

/// Reads typed fields out of a mapping node, collecting every problem with its position.
///
/// Call the typed getters for each known key, then [`MapReader::finish`] reports the keys that
/// were never asked for as unknown, suggesting the closest known key.
pub(crate) struct MapReader<'a, 'd> {
    node: &'a Node,
    file: &'a Path,
    what: &'a str,
    known: Vec<&'static str>,
    diags: &'d mut Vec<Diagnostic>,
}

impl<'a, 'd> MapReader<'a, 'd> {
    /// Starts reading `node`; `what` names the record in messages (e.g. "văn bản / document").
    /// Reports an error and returns `None` when `node` is not a mapping.
    pub(crate) fn new(
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
    pub(crate) fn file(&self) -> &'a Path {
        self.file
    }

    /// The mapping's own position.
    pub(crate) fn pos(&self) -> Pos {
        self.node.pos
    }

    /// Records an extra problem.
    pub(crate) fn report(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Direct access to the diagnostics list (to read nested records).
    pub(crate) fn diags(&mut self) -> &mut Vec<Diagnostic> {
        self.diags
    }

    /// The raw node of `key`, marking the key as known. Blank values (`key:`, `~`, `null`,
    /// `""`) count as absent ([`Node::get`]).
    pub(crate) fn node(&mut self, key: &'static str) -> Option<&'a Node> {
        self.known.push(key);
        self.node.get(key).filter(|n| !matches!(n.value, Value::Null))
    }

    /// Marks keys as known without reading them (accepted for compatibility).
    pub(crate) fn accept(&mut self, keys: &[&'static str]) {
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

    /// Reports that the required `key` is missing, or, when it is written with a blank value,
    /// that it is blank, at its own line (`missing-key`).
    pub(crate) fn missing(&mut self, key: &str, example: &str) {
        let d = missing_key(self.node, key, self.file, self.what, example);
        self.diags.push(d);
    }

    /// An optional text. Numbers are accepted as written (`title: 2024`).
    pub(crate) fn text(&mut self, key: &'static str) -> Option<String> {
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
    pub(crate) fn url(&mut self, key: &'static str) -> Option<String> {
        let n = self.node(key)?;
        let u = self.text(key)?;
        if is_safe_url(&u) {
            return Some(u);
        }
        self.diags.push(unsafe_url(self.file, n.pos, key));
        None
    }

    /// A required text; `example` goes into the hint.
    pub(crate) fn req_text(&mut self, key: &'static str, example: &str) -> Option<String> {
        let v = self.text(key);
        if v.as_deref().is_none_or(str::is_empty)
            && self.node.get(key).is_none_or(|n| n.as_text().is_some())
        {
            self.missing(key, example);
            return None;
        }
        v
    }

    /// Reports `key` as missing (or blank) when it has no value; `true` when it has one.
    pub(crate) fn require(&mut self, key: &'static str, example: &str) -> bool {
        if self.node.get(key).is_some() {
            return true;
        }
        self.known.push(key);
        self.missing(key, example);
        false
    }

    /// A required number; `example` goes into the hint.
    pub(crate) fn req_number(&mut self, key: &'static str, example: &str) -> Option<f64> {
        if !self.require(key, example) {
            return None;
        }
        self.number(key)
    }

    /// An optional id or slug (`id:`): one that is not already a-z, 0-9 and - is reported
    /// (`bad-slug`) with its fixed form, never silently rewritten ([`checked_slug`]).
    pub(crate) fn id(&mut self, key: &'static str) -> Option<String> {
        let n = self.node(key)?;
        let s = self.text(key)?;
        let fallback = vi::slugify(&s);
        let fallback = if fallback.is_empty() { "x".to_string() } else { fallback };
        Some(checked_slug(key, Some((s, n.pos)), fallback, self.file, self.diags))
    }

    /// An optional true/false.
    pub(crate) fn bool(&mut self, key: &'static str) -> Option<bool> {
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

    /// An optional whole number. One too large to hold is refused, never capped.
    pub(crate) fn int(&mut self, key: &'static str) -> Option<i64> {
        let n = self.node(key)?;
        match &n.value {
            Value::Int(i) => Some(*i),
            Value::Str(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
            _ if is_big_whole(n) => {
                let written = n.as_text().unwrap_or_default();
                self.diags.push(too_large(self.file, n.pos, key, &written, i64::MAX as f64));
                None
            }
            _ => {
                self.type_error(key, n, t!("một số nguyên", "a whole number"), None);
                None
            }
        }
    }

    /// An optional whole number between `lo` and `hi` (a year, a count); outside is an error.
    pub(crate) fn int_in(&mut self, key: &'static str, lo: i64, hi: i64) -> Option<i64> {
        let v = self.int(key)?;
        if (lo..=hi).contains(&v) {
            return Some(v);
        }
        let pos = self.node.pos_of(key);
        self.diags.push(
            Diagnostic::error(
                "out-of-range",
                self.file,
                pos,
                t!(
                    "`{key}: {v}` nằm ngoài khoảng cho phép ({lo} đến {hi})",
                    "`{key}: {v}` is outside the allowed range ({lo} to {hi})"
                ),
            )
            .with_hint(t!(
                "kiểm tra lại con số (gõ thừa hay thiếu chữ số?)",
                "check the figure (a digit too many or too few?)"
            )),
        );
        None
    }

    /// An optional number (integer or decimal; `1,5` with a Vietnamese comma is accepted).
    pub(crate) fn number(&mut self, key: &'static str) -> Option<f64> {
        let n = self.node(key)?;
        if let Some(x) = number_of(n)
            && x.abs() > MAX_NUMBER
        {
            let written = n.as_text().unwrap_or_default();
            self.diags.push(too_large(self.file, n.pos, key, &written, MAX_NUMBER));
            return None;
        }
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
    pub(crate) fn amount(&mut self, key: &'static str) -> Option<i64> {
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
    pub(crate) fn date(&mut self, key: &'static str) -> Option<PartialDate> {
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
    pub(crate) fn text_list(&mut self, key: &'static str) -> Vec<String> {
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
    pub(crate) fn list(&mut self, key: &'static str) -> &'a [Node] {
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
    pub(crate) fn map(&mut self, key: &'static str) -> Option<&'a Node> {
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
    pub(crate) fn choice(
        &mut self,
        key: &'static str,
        choices: &[&'static str],
    ) -> Option<&'static str> {
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

    /// Hands back every key not read so far, in file order, as the record's own data (plain
    /// pages read a Hugo or Zola page's custom keys as `extra`), each with whether it looks like
    /// a misspelling of one of `near` (`titel`): such a key is an error, as in every other kind,
    /// since the page would otherwise silently lose its title.
    pub(crate) fn rest(self, near: &[&'static str]) -> Vec<(Key, Node, bool)> {
        let Some(entries) = self.node.entries() else { return Vec::new() };
        let mut out = Vec::new();
        for (k, v) in entries {
            if self.known.contains(&k.name.as_str()) || k.name == PRIVACY_EXCEPTION_KEY {
                continue;
            }
            let best = suggest(&k.name, near.iter().copied());
            if let Some(best) = best {
                let (what, name) = (self.what, &k.name);
                self.diags.push(
                    Diagnostic::error(
                        "unknown-key",
                        self.file,
                        k.pos,
                        t!(
                            "{what}: khóa `{name}` không được hỗ trợ",
                            "{what}: unknown key `{name}`"
                        ),
                    )
                    .with_hint(t!(
                        "có phải ý bạn là `{best}`? Nếu đây là dữ liệu riêng, đặt nó dưới `extra:`",
                        "did you mean `{best}`? If it is your own data, put it under `extra:`"
                    )),
                );
            }
            out.push((k.clone(), v.clone(), best.is_some()));
        }
        out
    }

    /// Reports every key that was not read as unknown, with the closest known key.
    pub(crate) fn finish(self) {
        let Some(entries) = self.node.entries() else { return };
        for (k, _) in entries {
            if self.known.contains(&k.name.as_str()) || k.name == PRIVACY_EXCEPTION_KEY {
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

/// The slug or id `given` for `key` when it is one already (a-z, 0-9, -); otherwise reports
/// `bad-slug` with the fixed form and returns that. An id is never silently rewritten
/// (`../../x` would otherwise become `x`); `fallback` when none is given.
pub(crate) fn checked_slug(
    key: &str,
    given: Option<(String, Pos)>,
    fallback: String,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let Some((s, pos)) = given else { return fallback };
    let clean = vi::slugify(&s);
    if clean == s && !clean.is_empty() {
        return clean;
    }
    let fix = if clean.is_empty() { fallback.clone() } else { clean };
    if vi::is_windows_device_name(&s) {
        diags.push(
            Diagnostic::error(
                "windows-name",
                file,
                pos,
                t!(
                    "`{key}: {s}`: Windows không tạo được thư mục tên `{s}` (tên dành riêng cho thiết bị, như con, nul, aux, prn, com1, lpt1)",
                    "`{key}: {s}`: Windows cannot create a folder named `{s}` (a name kept for devices, like con, nul, aux, prn, com1, lpt1)"
                ),
            )
            .with_hint(t!(
                "viết `{key}: {fix}` (địa chỉ minhbach tự đặt cho tên này) hoặc thêm một từ",
                "write `{key}: {fix}` (the address minhbach gives such a name) or add a word"
            )),
        );
        return fix;
    }
    diags.push(
        Diagnostic::error(
            "bad-slug",
            file,
            pos,
            t!(
                "`{key}: {s}` chỉ được gồm a-z, 0-9 và dấu -",
                "`{key}: {s}` may contain only a-z, 0-9 and -"
            ),
        )
        .with_hint(t!("viết `{key}: {fix}`", "write `{key}: {fix}`")),
    );
    fix
}

/// The error for a required `key` of `map` that is missing or blank: a blank one is named as
/// blank at its own line, so `closing:` with nothing after it is never read as zero.
pub(crate) fn missing_key(
    map: &Node,
    key: &str,
    file: &Path,
    what: &str,
    example: &str,
) -> Diagnostic {
    let d = match map.blank_key(key) {
        Some(k) => Diagnostic::error(
            "missing-key",
            file,
            k.pos,
            t!(
                "{what}: khóa bắt buộc `{key}` để trống (giá trị rỗng được coi là thiếu)",
                "{what}: required key `{key}` is blank (a blank value counts as missing)"
            ),
        ),
        None => Diagnostic::error(
            "missing-key",
            file,
            map.pos,
            t!("{what}: thiếu khóa bắt buộc `{key}`", "{what}: required key `{key}` is missing"),
        ),
    };
    d.with_hint(t!("ghi giá trị: `{key}: {example}`", "write the value: `{key}: {example}`"))
}

/// Earliest year read (`period.from`, `year`...).
pub(crate) const YEAR_MIN: i64 = 1900;
/// Latest year read.
pub(crate) const YEAR_MAX: i64 = 2100;
/// Largest count read (quotas, awards needed): no round awards more.
pub(crate) const MAX_COUNT: i64 = 1_000_000;

/// Largest figure (`value`, `min`, `max`...) read: beyond it a float no longer holds every whole
/// number, and no figure of a campaign comes near it.
pub(crate) const MAX_NUMBER: f64 = 999_999_999_999_999.0;

/// Largest amount of money read, in đồng (a million billion, 10^15 - 1): every sum of a
/// period's rows then still fits in a 64-bit integer, so a total is never capped or wrapped.
pub(crate) const MAX_AMOUNT: i64 = 999_999_999_999_999;

/// A whole number written with more digits than a 64-bit integer holds (`1000…000`).
fn is_big_whole(n: &Node) -> bool {
    let w = n.as_text().unwrap_or_default();
    let w = w.trim().trim_start_matches(['-', '+']);
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()) && w.parse::<i64>().is_err()
}

/// The refusal of a number larger than its field holds (`number-too-large`): such a figure was
/// once shown capped at 9.223.372.036.854.775.807.
pub(crate) fn too_large(file: &Path, pos: Pos, key: &str, written: &str, max: f64) -> Diagnostic {
    let max = vi::format_int(max as i64);
    Diagnostic::error(
        "number-too-large",
        file,
        pos,
        t!(
            "`{key}: {written}` quá lớn: trường này nhận tối đa {max}",
            "`{key}: {written}` is too large: this field holds at most {max}"
        ),
    )
    .with_hint(t!(
        "kiểm tra lại con số: có gõ thừa chữ số không?",
        "check the figure: are there extra digits?"
    ))
}

/// A number from a node: YAML numbers, or text such as `1,5` / `2.5`.
pub(crate) fn number_of(n: &Node) -> Option<f64> {
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
pub(crate) enum AmountError {
    /// `1.000.000`: Vietnamese thousands separators.
    Dotted(i64),
    /// Not a whole number at all.
    NotWhole,
    /// More than [`MAX_AMOUNT`].
    TooLarge,
}

impl AmountError {
    /// The diagnostic for `key` at `n`.
    pub(crate) fn into_diag(self, key: &str, n: &Node, file: &Path) -> Diagnostic {
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
            AmountError::TooLarge => too_large(file, n.pos, key, &written, MAX_AMOUNT as f64),
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
pub(crate) fn amount_of(n: &Node) -> Result<i64, AmountError> {
    match &n.value {
        Value::Int(i) if *i > MAX_AMOUNT => Err(AmountError::TooLarge),
        Value::Int(i) => Ok(*i),
        Value::Float(_) | Value::Str(_) => {
            let written = n.as_text().unwrap_or_default();
            let w = written.trim();
            let digits = w.strip_suffix("đồng").or_else(|| w.strip_suffix('đ')).unwrap_or(w).trim();
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                return match digits.parse::<i64>() {
                    Ok(v) if v <= MAX_AMOUNT => Ok(v),
                    _ => Err(AmountError::TooLarge),
                };
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
pub(crate) fn date_of(n: &Node, key: &str, file: &Path) -> Result<PartialDate, Box<Diagnostic>> {
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

/// A link value that would run script (`javascript:`, `data:`, `vbscript:`), refused wherever a
/// link is read (front matter keys and ledger cells).
pub(crate) fn unsafe_url(file: &Path, pos: Pos, key: &str) -> Diagnostic {
    Diagnostic::error(
        "unsafe-url",
        file,
        pos,
        t!(
            "`{key}` là liên kết chạy mã (javascript:, data:, vbscript:), không được phép",
            "`{key}` is a link that runs code (javascript:, data:, vbscript:), which is not allowed"
        ),
    )
    .with_hint(t!(
        "dùng địa chỉ http(s):// hoặc đường dẫn trong trang như /van-ban/",
        "use an http(s):// address or a site path such as /van-ban/"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::yaml::parse;

    fn p(src: &str) -> Node {
        parse(src, 2, Path::new("a.md")).expect("parses")
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

    /// Issue 16: a figure of 10^30 was shown capped at 9.223.372.036.854.775.807.
    #[test]
    fn numbers_too_large_for_their_field_are_refused() {
        let n = p("a: 1000000000000000000000000000000\nb: 1000000000000000\nc: 999999999999999\n\
                   d: \"99999999999999999999\"\ny: 20222\n");
        assert_eq!(amount_of(n.get("a").unwrap()), Err(AmountError::TooLarge));
        assert_eq!(amount_of(n.get("b").unwrap()), Err(AmountError::TooLarge));
        assert_eq!(amount_of(n.get("c").unwrap()), Ok(MAX_AMOUNT));
        assert_eq!(amount_of(n.get("d").unwrap()), Err(AmountError::TooLarge));
        let mut diags = Vec::new();
        let mut r = MapReader::new(&n, Path::new("a.md"), "x", &mut diags).unwrap();
        assert_eq!(r.int("a"), None);
        assert_eq!(r.number("a"), None);
        assert_eq!(r.number("c"), Some(MAX_AMOUNT as f64));
        assert_eq!(r.int_in("y", 1900, 2100), None);
        r.accept(&["b", "d"]);
        r.finish();
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["number-too-large", "number-too-large", "out-of-range"]);
        assert!(diags[0].message.vi.contains("tối đa 9.223.372.036.854.775.807"));
        assert!(diags[1].message.vi.contains("tối đa 999.999.999.999.999"));
        assert_eq!(diags[2].pos, Pos::new(6, 4));
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
}
