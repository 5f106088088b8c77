//! Privacy guard: personal identifiers (CCCD, CMND, phone numbers, dates of birth, house numbers, bank accounts) refused in every published field.
//!
//! The guard reads every content source as loaded (front matter trees, Markdown bodies, fund
//! CSV cells), so it covers every record kind and every field, including `extra:` and the
//! recipient and ledger rows, without knowing the schema. What it looks for:
//!
//! - **CCCD**: 12 digits starting with `0` (every CCCD starts with a province code `001`–`096`),
//!   written together or in groups of 3 or 4 separated by spaces.
//! - **CMND**: 9 digits written together, not followed by a currency word (`đồng`, `đ`, `VNĐ`).
//! - **Phone numbers**: Vietnamese mobiles `0[35789]` + 8 digits and landlines `02` + 9 digits,
//!   also as `+84…`, with spaces, dots, hyphens or brackets between the groups. The publishing
//!   office's own number (`organization.phone` in `site.yaml`) is allowed.
//! - **Dates of birth**: `ngày sinh`, `năm sinh`, `sinh ngày`, `sinh năm`, `date of birth`,
//!   `DOB` followed by a date or a year (`học sinh năm 2023`, `hy sinh năm 1968` are not).
//! - **House numbers** (`số nhà 12`) and **bank accounts** (`số tài khoản`, `STK` + digits).
//! - **Keys** that name such data (`cccd`, `cmnd`, `so_dien_thoai`, `ngay_sinh`, `dan_toc`, …)
//!   anywhere, e.g. under `extra:`; ethnicity needs `ethnicity_consent: true` beside it and a
//!   photo map needs `consent: true` (except the typed `photo:` of an exemplar, which its reader
//!   checks, and of a page or campaign, which shows an event and needs none).
//! - **Fund beneficiaries**: a disbursement row that names a person (`hộ ông Nguyễn Văn A`,
//!   a `người nhận` column) is refused: the ledger publishes places and counts only.
//!
//! Document numbers (`263/KH-UBND`), amounts (plain, or `1.500.000`), dates of documents, receipt
//! numbers (`PT-2024-001`) and URLs are not matched: digits glued to letters, `/`, `-` or `_`
//! are not identifiers. A field that must carry such a number anyway is listed in
//! `privacy_allow: [key, …]` in the same mapping (`body` for the Markdown text).

use std::borrow::Borrow;
use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::diag::{Diagnostic, Pos, Text};
use crate::load::{Source, SourceKind};
use crate::read::yaml::{Node, Value};
use crate::t;
use crate::vi;

use crate::read::fields::PRIVACY_EXCEPTION_KEY as EXCEPTION_KEY;

/// What kind of personal data a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Căn cước công dân (12 digits).
    Cccd,
    /// Chứng minh nhân dân (9 digits).
    Cmnd,
    /// A phone number.
    Phone,
    /// A date of birth.
    Birth,
    /// A house number.
    House,
    /// A bank account number.
    Bank,
}

impl Kind {
    fn label(self) -> Text {
        match self {
            Kind::Cccd => t!("số căn cước công dân (CCCD)", "a citizen ID number (CCCD)"),
            Kind::Cmnd => t!("số chứng minh nhân dân (CMND)", "an identity card number (CMND)"),
            Kind::Phone => t!("số điện thoại", "a phone number"),
            Kind::Birth => t!("ngày sinh", "a date of birth"),
            Kind::House => t!("số nhà", "a house number"),
            Kind::Bank => t!("số tài khoản ngân hàng", "a bank account number"),
        }
    }
}

/// The guard, set up once per build.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Guard {
    office_phones: Vec<String>,
}

impl Guard {
    /// A guard allowing the office phone of `site.yaml`.
    pub(crate) fn new(config: &Config) -> Guard {
        let office_phones =
            config.organization.phone.iter().filter_map(|p| normalize_phone(p)).collect();
        Guard { office_phones }
    }

    /// Personal data found in `text`: (byte offset, kind).
    pub(crate) fn scan(&self, text: &str) -> Vec<(usize, Kind)> {
        let mut out = Vec::new();
        // Every kind has digits (numbers, or a phrase followed by digits): most prose has none.
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            return out;
        }
        self.scan_numbers(text, &mut out);
        scan_phrases(text, &mut out);
        out.sort_by_key(|f| f.0);
        out
    }

    /// Numbers that are identifiers. Works on bytes: every character a number is made of
    /// (digits, `+`, `(`, `)`, `.`, `-`, space) is ASCII, and an ASCII byte is never part of a
    /// longer UTF-8 character, so only the characters around a number are decoded.
    fn scan_numbers(&self, text: &str, out: &mut Vec<(usize, Kind)>) {
        let b = text.as_bytes();
        let digit_at = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
        let word = |c: char| c.is_alphanumeric() || c == '_';
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            let opens = c.is_ascii_digit() || ((c == b'+' || c == b'(') && digit_at(i + 1));
            if !opens {
                i += 1;
                continue;
            }
            let prev = text[..i].chars().next_back();
            if prev.is_some_and(|p| word(p) || matches!(p, '/' | '-' | '.' | ',' | '+')) {
                i += 1;
                continue;
            }
            // A token: digits with single separators between them.
            let mut digits = String::new();
            let mut seps = String::new();
            let mut groups: Vec<usize> = vec![0];
            let plus = c == b'+';
            let mut j = i;
            while j < b.len() {
                let ch = b[j];
                if ch.is_ascii_digit() {
                    digits.push(char::from(ch));
                    *groups.last_mut().unwrap_or(&mut 0) += 1;
                    j += 1;
                } else if j == i && (ch == b'+' || ch == b'(') {
                    j += 1;
                } else if matches!(ch, b' ' | b'.' | b'-' | b'(' | b')')
                    && !digits.is_empty()
                    && (digit_at(j + 1)
                        || (ch == b')' && b.get(j + 1) == Some(&b' ') && digit_at(j + 2)))
                {
                    seps.push(char::from(ch));
                    groups.push(0);
                    j += if ch == b')' && b.get(j + 1) == Some(&b' ') { 2 } else { 1 };
                } else {
                    break;
                }
            }
            // `j` is after an ASCII byte (or at `i`): a character boundary.
            let rest = &text[j..];
            let after = rest.chars().next();
            if after.is_some_and(|a| word(a) || a == '/')
                || (after == Some('-') && rest[1..].chars().next().is_some_and(word))
            {
                i = j.max(i + 1);
                continue;
            }
            let currency = {
                let r: String = rest.chars().take(8).collect();
                let r = r.trim_start().to_lowercase();
                ["đồng", "đ", "vnđ", "vnd", "triệu", "tỷ", "nghìn", "ngàn"].iter().any(|w| {
                    r.starts_with(w)
                        && !r[w.len()..].chars().next().is_some_and(|c| c.is_alphanumeric())
                })
            };
            if let Some(kind) = self.classify(&digits, &seps, &groups, plus, currency) {
                out.push((i, kind));
            }
            i = j.max(i + 1);
        }
    }

    fn classify(
        &self,
        digits: &str,
        seps: &str,
        groups: &[usize],
        plus: bool,
        currency: bool,
    ) -> Option<Kind> {
        let phone = if plus {
            digits.strip_prefix("84").map(|d| format!("0{d}"))
        } else {
            Some(digits.to_string())
        };
        if let Some(p) = phone
            && is_phone(&p)
        {
            return (!self.office_phones.contains(&p)).then_some(Kind::Phone);
        }
        if currency || plus {
            return None;
        }
        // Vietnamese thousands (1.500.000) are amounts.
        if !seps.is_empty() && seps.chars().all(|c| c == '.') {
            return None;
        }
        let spaced = seps.chars().all(|c| c == ' ');
        if digits.len() == 12
            && digits.starts_with('0')
            && (seps.is_empty() || (spaced && (groups == [3, 3, 3, 3] || groups == [4, 4, 4])))
        {
            return Some(Kind::Cccd);
        }
        if digits.len() == 9 && seps.is_empty() {
            return Some(Kind::Cmnd);
        }
        None
    }
}

/// Digits of a Vietnamese phone number in national form (`0912345678`), if `s` is one.
fn normalize_phone(s: &str) -> Option<String> {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let d = if s.trim_start().starts_with('+') {
        format!("0{}", digits.strip_prefix("84")?)
    } else {
        digits
    };
    is_phone(&d).then_some(d)
}

fn is_phone(d: &str) -> bool {
    let b = d.as_bytes();
    (b.len() == 10 && b[0] == b'0' && matches!(b[1], b'3' | b'5' | b'7' | b'8' | b'9'))
        || (b.len() == 11 && b[0] == b'0' && b[1] == b'2')
}

/// Words that make `… sinh năm/ngày` something other than a birth (học sinh, hy sinh, phát sinh…).
const SINH_COMPOUNDS: &[&str] = &[
    "học", "phát", "nảy", "vệ", "dân", "an", "giáng", "hy", "hi", "ký", "sản", "tái", "hồi", "sơ",
];

/// Whether `text` may hold one of [`scan_phrases`]'s phrases: one pass over the bytes, before the
/// lowercased copy and the dozen searches of the phrases themselves. Every phrase holds `sinh`,
/// `birth`, `dob`, `stk`, `số nhà` or `khoản`; a letter lowercasing to one of theirs is the same
/// ASCII letter in either case, or one of the non-ASCII capitals listed (`Ố`, `À`, `Ả`), or the
/// Kelvin sign or `İ`, whose lowercase is ASCII (`k`, `i`): so a text this says no to has none.
fn may_hold_phrase(text: &str) -> bool {
    use aho_corasick::AhoCorasick;
    use std::sync::LazyLock;
    static TRIGGERS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
        let words = [
            "sinh",
            "birth",
            "dob",
            "stk",
            "số nhà",
            "sỐ nhà",
            "số nhÀ",
            "sỐ nhÀ",
            "khoản",
            "khoẢn",
            "\u{212A}",
            "\u{130}",
        ];
        AhoCorasick::builder().ascii_case_insensitive(true).build(words).ok()
    });
    TRIGGERS.as_ref().is_none_or(|t| t.is_match(text))
}

fn scan_phrases(text: &str, out: &mut Vec<(usize, Kind)>) {
    if !may_hold_phrase(text) {
        return;
    }
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Lowercasing changed byte lengths (rare letters): offsets would not map back.
        return scan_phrases_slow(text, out);
    }
    let followed_by_digit = |from: usize, within: usize| -> bool {
        let tail: String = lower[from..].chars().take(within).collect();
        let tail = tail
            .trim_start_matches([' ', ':', '(', '-'])
            .trim_start_matches("ngày")
            .trim_start_matches("năm")
            .trim_start();
        tail.chars().next().is_some_and(|c| c.is_ascii_digit())
    };
    let find_all = |pat: &str| -> Vec<usize> { lower.match_indices(pat).map(|m| m.0).collect() };
    let boundary_before = |at: usize| -> bool {
        !lower[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric())
    };
    for pat in ["ngày sinh", "năm sinh", "ngày tháng năm sinh", "date of birth", "dob"] {
        for at in find_all(pat) {
            if boundary_before(at) && followed_by_digit(at + pat.len(), 24) {
                out.push((at, Kind::Birth));
            }
        }
    }
    for pat in ["sinh năm", "sinh ngày"] {
        for at in find_all(pat) {
            if !boundary_before(at) || !followed_by_digit(at + pat.len(), 12) {
                continue;
            }
            let prev_word =
                lower[..at].trim_end().rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
            if !SINH_COMPOUNDS.contains(&prev_word) && !lower[..at].ends_with("năm ") {
                out.push((at, Kind::Birth));
            }
        }
    }
    for at in find_all("số nhà") {
        if boundary_before(at) && followed_by_digit(at + "số nhà".len(), 6) {
            out.push((at, Kind::House));
        }
    }
    for pat in ["số tài khoản", "stk", "tài khoản số"] {
        for at in find_all(pat) {
            if !boundary_before(at) {
                continue;
            }
            let tail: String = lower[at + pat.len()..].chars().take(40).collect();
            let run = tail
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(|c| c.is_ascii_digit() || *c == ' ' || *c == '.')
                .filter(char::is_ascii_digit)
                .count();
            if run >= 6 {
                out.push((at, Kind::Bank));
            }
        }
    }
}

fn scan_phrases_slow(text: &str, out: &mut Vec<(usize, Kind)>) {
    let mut found = Vec::new();
    let mapped: String = text.chars().map(|c| c.to_lowercase().next().unwrap_or(c)).collect();
    if mapped.len() == text.len() {
        scan_phrases(&mapped, &mut found);
    } else {
        scan_phrases(&vi::fold(text), &mut found);
        for f in &mut found {
            f.0 = 0;
        }
    }
    out.extend(found);
}

/// Folded key without separators: `So_Dien-Thoai` → `sodienthoai`.
fn key_norm(k: &str) -> String {
    vi::fold(k).chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

fn sensitive_key(k: &str) -> Option<Kind> {
    match key_norm(k).as_str() {
        "cccd" | "cmnd" | "cmt" | "cancuoc" | "cancuoccongdan" | "sodinhdanh" | "dinhdanh"
        | "socccd" | "socmnd" | "hochieu" | "passport" | "nationalid" | "idcard" => {
            Some(Kind::Cccd)
        }
        "phone" | "dienthoai" | "sodienthoai" | "sdt" | "mobile" | "tel" | "telephone"
        | "didong" | "zalo" => Some(Kind::Phone),
        "ngaysinh" | "namsinh" | "dob" | "birthday" | "birthdate" | "dateofbirth" | "born" => {
            Some(Kind::Birth)
        }
        "sonha" | "housenumber" => Some(Kind::House),
        "sotaikhoan" | "stk" | "taikhoan" | "bankaccount" | "account" => Some(Kind::Bank),
        _ => None,
    }
}

fn is_ethnicity_key(k: &str) -> bool {
    matches!(key_norm(k).as_str(), "ethnicity" | "dantoc")
}

fn is_beneficiary_key(k: &str) -> bool {
    matches!(
        key_norm(k).as_str(),
        "beneficiary"
            | "beneficiaries"
            | "recipient"
            | "nguoinhan"
            | "nguoithuhuong"
            | "hoten"
            | "hovaten"
            | "tenho"
            | "chuho"
            | "name"
    )
}

/// Whether a ledger text names a person (`hộ ông Nguyễn Văn A`, `cho bà Lan`).
fn names_a_person(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(2).any(|w| {
        let honorific = matches!(
            w[0].to_lowercase().trim_matches(|c: char| !c.is_alphanumeric()),
            "ông" | "bà" | "anh" | "chị" | "em" | "cháu" | "cụ"
        );
        honorific && w[1].chars().next().is_some_and(char::is_uppercase)
    })
}

/// What a file of `kind` publishes about people, for the fix of a personal-data error: the
/// hint fits the file (a CCCD in a fund receipt gets the fund's rule, not the award decision's).
fn what_is_published(kind: SourceKind) -> Text {
    match kind {
        SourceKind::Decision => t!(
            "quyết định khen thưởng chỉ công bố họ tên, chức vụ, đơn vị, địa bàn",
            "an award decision publishes name, position, unit and place only"
        ),
        SourceKind::FundPeriod | SourceKind::FundCsv => t!(
            "sổ quỹ chỉ công bố tên nhà hảo tâm (hoặc ẩn danh), ngày, số tiền, số phiếu; người được hỗ trợ chỉ ghi số lượng và địa bàn",
            "a fund ledger publishes the donor's name (or anonymous), date, amount and receipt number only; those helped only as a count and a place"
        ),
        SourceKind::Exemplar => t!(
            "trang gương điển hình chỉ công bố họ tên, chức vụ, đơn vị, địa bàn và thành tích",
            "an exemplar page publishes name, position, unit, place and achievements only"
        ),
        _ => t!(
            "trang công khai không đăng giấy tờ tùy thân, điện thoại riêng, ngày sinh, số nhà hay tài khoản của một người",
            "a public page never shows a person's ID, private phone, date of birth, house number or bank account"
        ),
    }
}

struct Ctx<'a> {
    guard: &'a Guard,
    file: &'a Path,
    kind: SourceKind,
    diags: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn found(&mut self, pos: Pos, kind: Kind, key: &str, excerpt: &str) {
        let what = kind.label();
        let (wv, we) = (what.vi, what.en);
        let key_vi = if key.is_empty() { String::new() } else { format!(" ở `{key}`") };
        let key_en = if key.is_empty() { String::new() } else { format!(" in `{key}`") };
        let allow = if key.is_empty() { "body".to_string() } else { key_leaf(key).to_string() };
        self.diags.push(
            Diagnostic::error(
                "personal-data",
                self.file,
                pos,
                t!(
                    "có vẻ là {wv}{key_vi} (\"{excerpt}\"): dữ liệu cá nhân không được công bố",
                    "this looks like {we}{key_en} (\"{excerpt}\"): personal data must not be published"
                ),
            )
            .with_hint({
                let rule = what_is_published(self.kind);
                let (rv, re) = (rule.vi, rule.en);
                t!(
                    "xóa thông tin này ({rv}); nếu đây là số của cơ quan hay số văn bản, ghi `{EXCEPTION_KEY}: [{allow}]` trong cùng khối",
                    "remove it ({re}); if it is an office number or a document number, write `{EXCEPTION_KEY}: [{allow}]` in the same mapping"
                )
            }),
        );
    }

    fn walk(&mut self, node: &Node, path: &str, depth: usize) {
        match &node.value {
            Value::Map(entries) => {
                let allowed: Vec<String> = entries
                    .iter()
                    .find(|(k, _)| k.name == EXCEPTION_KEY)
                    .map(|(_, v)| match &v.value {
                        Value::Seq(items) => items.iter().filter_map(Node::as_text).collect(),
                        _ => v.as_text().into_iter().collect(),
                    })
                    .unwrap_or_default();
                let consent = |name: &str| {
                    entries
                        .iter()
                        .any(|(k, v)| k.name == name && matches!(v.value, Value::Bool(true)))
                };
                let in_disbursements = path.split('.').any(|p| p.starts_with("disbursements"));
                for (k, v) in entries {
                    if k.name == EXCEPTION_KEY || k.name == "template" || allowed.contains(&k.name)
                    {
                        continue;
                    }
                    let p =
                        if path.is_empty() { k.name.clone() } else { format!("{path}.{}", k.name) };
                    let has_value = !matches!(v.value, Value::Null)
                        && v.as_text().is_none_or(|t| !t.trim().is_empty());
                    if let Some(kind) = sensitive_key(&k.name)
                        && has_value
                    {
                        self.key_error(k.pos, kind, &p);
                        continue;
                    }
                    let own_check = self.kind == SourceKind::Exemplar && depth == 0;
                    if is_ethnicity_key(&k.name)
                        && has_value
                        && !own_check
                        && !consent("ethnicity_consent")
                    {
                        self.consent_error(k.pos, &p, false);
                    }
                    // The `photo:` of an exemplar is checked by its reader (consent for a
                    // person's or a household's photo); that of a page, news item or campaign
                    // shows an event, as the images of its body do, and needs none (README).
                    let typed_photo = depth == 0
                        && k.name == "photo"
                        && matches!(
                            self.kind,
                            SourceKind::Exemplar | SourceKind::Page | SourceKind::Campaign
                        );
                    if matches!(key_norm(&k.name).as_str(), "photo" | "anh" | "hinhanh")
                        && !typed_photo
                        && matches!(v.value, Value::Map(_))
                        && !v.get("consent").is_some_and(|c| matches!(c.value, Value::Bool(true)))
                    {
                        self.consent_error(k.pos, &p, true);
                    }
                    if self.kind == SourceKind::FundPeriod
                        && in_disbursements
                        && is_beneficiary_key(&k.name)
                        && has_value
                    {
                        self.beneficiary_error(k.pos, &p);
                        continue;
                    }
                    self.walk(v, &p, depth + 1);
                }
            }
            Value::Seq(items) => {
                for (i, it) in items.iter().enumerate() {
                    self.walk(it, &format!("{path}[{i}]"), depth + 1);
                }
            }
            Value::Str(s) => {
                self.text(s, node.pos, path);
                if self.kind == SourceKind::FundPeriod
                    && path.starts_with("disbursements")
                    && names_a_person(s)
                {
                    self.beneficiary_error(node.pos, path);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, s: &str, pos: Pos, key: &str) {
        for (at, kind) in self.guard.scan(s) {
            let line_shift = s[..at].matches('\n').count() as u32;
            let p = if line_shift > 0 { Pos::new(pos.line + line_shift, 0) } else { pos };
            self.found(p, kind, key, &excerpt(s, at));
        }
    }

    fn key_error(&mut self, pos: Pos, kind: Kind, key: &str) {
        let what = kind.label();
        let (wv, we) = (what.vi, what.en);
        let leaf = key_leaf(key).to_string();
        self.diags.push(
            Diagnostic::error(
                "personal-data",
                self.file,
                pos,
                t!(
                    "khóa `{key}` chứa {wv}: dữ liệu cá nhân không được công bố",
                    "the key `{key}` holds {we}: personal data must not be published"
                ),
            )
            .with_hint(t!(
                "xóa dòng này; nếu đây là số của cơ quan, ghi `{EXCEPTION_KEY}: [{leaf}]` trong cùng khối",
                "delete the line; if it is an office number, write `{EXCEPTION_KEY}: [{leaf}]` in the same mapping"
            )),
        );
    }

    fn consent_error(&mut self, pos: Pos, key: &str, photo: bool) {
        let d = if photo {
            Diagnostic::error(
                "privacy-photo",
                self.file,
                pos,
                t!(
                    "ảnh `{key}` của một người chỉ được công bố khi có đồng ý",
                    "a person's photo `{key}` may be published only with consent"
                ),
            )
            .with_hint(t!(
                "thêm `consent: true` trong `{key}` khi đã có đồng ý bằng văn bản, hoặc bỏ ảnh",
                "add `consent: true` inside `{key}` once written consent exists, or remove the photo"
            ))
        } else {
            Diagnostic::error(
                "privacy-ethnicity",
                self.file,
                pos,
                t!(
                    "dân tộc của một người (`{key}`) là dữ liệu nhạy cảm: chỉ công bố khi có đồng ý",
                    "a person's ethnicity (`{key}`) is sensitive data: publish it only with consent"
                ),
            )
            .with_hint(t!(
                "thêm `ethnicity_consent: true` bên cạnh khi đã có đồng ý bằng văn bản, hoặc xóa dòng này",
                "add `ethnicity_consent: true` beside it once written consent exists, or delete the line"
            ))
        };
        self.diags.push(d);
    }

    fn beneficiary_error(&mut self, pos: Pos, key: &str) {
        self.diags.push(
            Diagnostic::error(
                "privacy-beneficiary",
                self.file,
                pos,
                t!(
                    "khoản chi `{key}` nêu tên người thụ hưởng: quỹ chỉ công bố địa bàn và số lượng",
                    "the disbursement `{key}` names a beneficiary: the fund publishes places and counts only"
                ),
            )
            .with_hint(t!(
                "bỏ tên, ghi `locality` (xã, thôn) và `count` (số hộ/người)",
                "remove the name; write `locality` (commune, hamlet) and `count` (households/people)"
            )),
        );
    }

    fn body(&mut self, body: &str, first_line: u32) {
        for (i, line) in body.lines().enumerate() {
            for (at, kind) in self.guard.scan(line) {
                let col = line[..at].chars().count() as u32 + 1;
                self.found(Pos::new(first_line + i as u32, col), kind, "", &excerpt(line, at));
            }
        }
    }

    fn csv(&mut self, text: &str) {
        let first = text.lines().next().unwrap_or("");
        let sep = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(sep)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut header: Vec<String> = Vec::new();
        let mut disbursement = false;
        for rec in rdr.records() {
            let Ok(rec) = rec else { return };
            let line = rec.position().map(|p| p.line() as u32).unwrap_or(0);
            if header.is_empty() {
                header = rec.iter().map(|h| key_norm(h.trim_start_matches('\u{feff}'))).collect();
                disbursement = header.iter().any(|h| matches!(h.as_str(), "hangmuc" | "category"));
                for (i, h) in rec.iter().enumerate() {
                    let pos = Pos::new(line, i as u32 + 1);
                    if let Some(kind) = sensitive_key(h) {
                        self.key_error(pos, kind, h);
                    } else if disbursement && is_beneficiary_key(h) {
                        self.beneficiary_error(pos, h);
                    }
                }
                continue;
            }
            for (i, cell) in rec.iter().enumerate() {
                let h = header.get(i).map(String::as_str).unwrap_or("");
                if matches!(h, "sotien" | "amount" | "soluong" | "count") {
                    continue;
                }
                let pos = Pos::new(line, i as u32 + 1);
                for (at, kind) in self.guard.scan(cell) {
                    self.found(pos, kind, h, &excerpt(cell, at));
                }
                if disbursement && names_a_person(cell) {
                    self.beneficiary_error(pos, h);
                }
            }
        }
    }
}

fn key_leaf(key: &str) -> &str {
    let leaf = key.rsplit('.').next().unwrap_or(key);
    leaf.split('[').next().unwrap_or(leaf)
}

/// A few words around a finding, for the message.
fn excerpt(s: &str, at: usize) -> String {
    let tail: String = s[at..].chars().take(24).collect();
    let tail = tail.lines().next().unwrap_or("").trim_end().to_string();
    if s[at..].chars().count() > 24 { format!("{tail}…") } else { tail }
}

/// Checks every source for personal data; problems go to `diags`.
pub(crate) fn check(
    config: &Config,
    sources: &[impl Borrow<Source> + Sync],
    diags: &mut Vec<Diagnostic>,
) {
    use rayon::prelude::*;
    let guard = Guard::new(config);
    let found: Vec<Vec<Diagnostic>> =
        sources.par_iter().map(|s| check_one(&guard, s.borrow())).collect();
    diags.extend(found.into_iter().flatten());
}

/// The privacy findings of files scanned by earlier runs, kept by `minhbach serve`: a file
/// whose source did not change (the same `Arc` from the load cache) is not scanned again.
#[derive(Debug, Default)]
pub(crate) struct PrivacyCache(crate::model::cache::PerSource<Guard, Vec<Diagnostic>>);

/// [`check`] with a cache of earlier scans.
pub(crate) fn check_cached(
    config: &Config,
    sources: &[Arc<Source>],
    diags: &mut Vec<Diagnostic>,
    cache: &mut PrivacyCache,
) {
    let guard = Guard::new(config);
    let found = cache.0.map(guard.clone(), sources, |s| check_one(&guard, s));
    for d in found {
        diags.extend(d);
    }
}

/// The problems of one source.
fn check_one(guard: &Guard, s: &Source) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    {
        let mut ctx = Ctx { guard, file: &s.rel, kind: s.kind, diags: &mut diags };
        match s.kind {
            SourceKind::Asset => {}
            SourceKind::FundCsv => {
                if let Some(t) = &s.text {
                    ctx.csv(t);
                }
            }
            _ => {
                let mut body_allowed = false;
                if let Some(front) = &s.front {
                    ctx.walk(front, "", 0);
                    body_allowed = front.get(EXCEPTION_KEY).is_some_and(|n| match &n.value {
                        Value::Seq(v) => v.iter().any(|x| x.as_text().as_deref() == Some("body")),
                        _ => n.as_text().as_deref() == Some("body"),
                    });
                }
                if !body_allowed {
                    ctx.body(&s.body, s.body_line);
                }
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(g: &Guard, s: &str) -> Vec<Kind> {
        g.scan(s).into_iter().map(|f| f.1).collect()
    }

    #[test]
    fn finds_identifiers() {
        let g = Guard::default();
        assert_eq!(kinds(&g, "CCCD: 079123456789"), [Kind::Cccd]);
        assert_eq!(kinds(&g, "số 079 123 456 789 cấp ngày"), [Kind::Cccd]);
        assert_eq!(kinds(&g, "CMND 285123456"), [Kind::Cmnd]);
        assert_eq!(kinds(&g, "gọi 0912 345 678"), [Kind::Phone]);
        assert_eq!(kinds(&g, "ĐT: 0912.345.678"), [Kind::Phone]);
        assert_eq!(kinds(&g, "+84 912 345 678"), [Kind::Phone]);
        assert_eq!(kinds(&g, "(0271) 3879 123"), [Kind::Phone]);
        assert_eq!(kinds(&g, "0271-3879-123"), [Kind::Phone]);
        assert_eq!(kinds(&g, "Ông Bình, sinh năm 1960, trú tại"), [Kind::Birth]);
        assert_eq!(kinds(&g, "Ngày sinh: 12/3/1960"), [Kind::Birth]);
        assert_eq!(kinds(&g, "ở số nhà 12, đường"), [Kind::House]);
        assert_eq!(kinds(&g, "STK 0123 4567 89 tại"), [Kind::Bank]);
    }

    #[test]
    fn leaves_documents_amounts_and_dates_alone() {
        let g = Guard::default();
        for ok in [
            "263/KH-UBND",
            "Quyết định 123456789/QĐ-UBND",
            "180000000 đồng",
            "180000000đ",
            "1.500.000.000",
            "Số tiền 123.456.789",
            "ngày 16/9/2022",
            "2022-09-16",
            "PT-2024-000123456",
            "https://example.gov.vn/a/079123456789",
            "IMG_079123456789.jpg",
            "Học sinh năm 2023 được học bổng",
            "Liệt sĩ hy sinh năm 1968",
            "hỗ trợ sinh kế năm 2024",
            "123456789012",
            "dân số 96.208.984 người",
            "tổng 1 234 567 890 đồng",
        ] {
            assert!(kinds(&g, ok).is_empty(), "{ok}: {:?}", g.scan(ok));
        }
    }

    /// Numbers are found on bytes: a Vietnamese letter (two or three bytes) glued to a number,
    /// before or after it, still makes it part of a word, and offsets are byte offsets.
    #[test]
    fn letters_of_any_width_around_numbers() {
        let g = Guard::default();
        for glued in ["Đ0912345678", "ấ0912345678", "0912345678ạ", "0912345678-ữ", "ễ079123456789"]
        {
            assert!(kinds(&g, glued).is_empty(), "{glued}: {:?}", g.scan(glued));
        }
        assert_eq!(g.scan("Điện thoại ông Đức: 0912345678"), [(29, Kind::Phone)]);
        assert_eq!(g.scan("ĐT (0271) 3879 123."), [(4, Kind::Phone)]);
        assert_eq!(kinds(&g, "Ủng hộ 285123456 đồng"), []);
        assert_eq!(kinds(&g, "mã 285123456 ở ấp"), [Kind::Cmnd]);
        assert_eq!(kinds(&g, "hộ nghèo: 0912 345 678—gọi"), [Kind::Phone]);
    }

    /// The prefilter lets through every way of writing the phrases (any letter case, the
    /// Kelvin sign for `K`) and stops ordinary prose.
    #[test]
    fn phrase_prefilter_is_sound() {
        let g = Guard::default();
        for (text, kind) in [
            ("NGÀY SINH: 12/3/1960", Kind::Birth),
            ("Sinh Năm 1960", Kind::Birth),
            ("Date Of Birth 1960", Kind::Birth),
            ("DOB 1960", Kind::Birth),
            ("SỐ NHÀ 12", Kind::House),
            ("Số Nhà 12", Kind::House),
            ("sỐ nhÀ 12", Kind::House),
            ("SỐ TÀI KHOẢN 0123 4567 89", Kind::Bank),
            ("Tài Khoản Số 0123 4567 89", Kind::Bank),
            ("ST\u{212A} 0123 4567 89", Kind::Bank),
        ] {
            assert!(may_hold_phrase(text), "{text}");
            assert_eq!(kinds(&g, text), [kind], "{text}");
        }
        assert!(!may_hold_phrase("Năm 2024, xã Tân Tiến có 12 hộ thoát nghèo, nhà ở kiên cố."));
    }

    #[test]
    fn office_phone_is_allowed() {
        let g = Guard { office_phones: vec![normalize_phone("0271 3879 123").unwrap()] };
        assert!(kinds(&g, "Liên hệ (0271) 3879 123").is_empty());
        assert_eq!(kinds(&g, "0912345678"), [Kind::Phone]);
    }

    #[test]
    fn ledger_names_are_spotted() {
        assert!(names_a_person("Hỗ trợ hộ ông Nguyễn Văn A"));
        assert!(!names_a_person("Hỗ trợ 3 hộ ở ấp 3"));
    }
}
