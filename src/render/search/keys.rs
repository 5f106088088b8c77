//! Search keys: how text becomes index terms (tokens, folding, tone digits, adjacency pairs,
//! document symbols), the same way `themes/default/static/search.js` cuts a query.
//!
//! Text is cut into tokens (runs of letters, digits and marks, [`tokens`]). Each token has two
//! forms:
//!
//! * the **surface** form: lowercase, tone mark taken off the letter and written as a digit at
//!   the end (so tone placement does not matter: `hòa` = `hoà` = `hoa` + `1`), and the i/y
//!   variants unified (`tỷ` = `tỉ`, `quý` = `quí`). Equal surfaces are the "exact diacritics"
//!   matches that rank first.
//! * the **key**: [`vi::fold`] of the surface letters (no marks, `đ` → `d`). The index is keyed
//!   by it, so `dien hinh` finds `điển hình`.
//!
//! ([`key_and_surface`] computes both.)
//!
//! Besides single keys, the index holds **pairs** (`"nguoi ngheo"`, two keys next to each other in
//! the text, for the adjacency boost) and **symbols** (a document number as written, folded:
//! `"666/qd-ttg"`, [`symbol_key`]). The space of a pair sorts before every letter, digit, `/`,
//! `-` and `.`, so in key order a word's pairs come right after the word, and the keys that start
//! with a prefix (words and their pairs) stay contiguous.
//!
//! The tone digits (`1` huyền to `5` nặng) and the i/y rule are the search engine's own spelling
//! of a word, shared with `search.js`; [`crate::vi`] has no public table that gives them.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use crate::vi;

/// Field class: title or name.
pub(crate) const TITLE: u8 = 3;
/// Field class: other structured fields (number, place, position, unit, issuer).
pub(crate) const FIELD: u8 = 2;
/// Field class: body text.
pub(crate) const BODY: u8 = 1;

/// The digit a tone mark is written as in index surfaces (`hòa` → `hoa1`): its rank in
/// `vi`'s one tone table (`TONE_MARKS` in `vi/letters.rs`).
fn tone_digit(c: char) -> Option<char> {
    vi::tone_rank(c).map(|r| char::from(b'0' + r))
}

fn is_consonant(c: char) -> bool {
    matches!(
        c,
        'b' | 'c'
            | 'd'
            | 'đ'
            | 'g'
            | 'h'
            | 'k'
            | 'l'
            | 'm'
            | 'n'
            | 'p'
            | 'r'
            | 's'
            | 't'
            | 'v'
            | 'x'
    )
}

/// Splits a token into (toneless lowercase NFC letters with i/y unified, tone digits): letter
/// by letter ([`vi::split_tone`]) when every letter is ASCII, `đ` or a precomposed Vietnamese
/// letter, which is nearly every token, else through NFD and NFC.
fn split_tone(token: &str) -> (String, String) {
    let lower = token.to_lowercase();
    let mut letters = String::with_capacity(lower.len());
    let mut digits = String::new();
    for c in lower.chars() {
        let Some((letter, tone)) = vi::split_tone(c) else {
            return split_tone_decomposed(&lower);
        };
        letters.push(letter);
        if tone != 0 {
            digits.push(char::from(b'0' + tone));
        }
    }
    (unify_iy(letters), digits)
}

/// [`split_tone`] of a lowercase token with other letters or loose combining marks: NFD,
/// the tone marks taken out as digits, NFC.
fn split_tone_decomposed(lower: &str) -> (String, String) {
    let mut digits = String::new();
    let letters: String = lower
        .nfd()
        .filter(|&c| match tone_digit(c) {
            Some(d) => {
                digits.push(d);
                false
            }
            None => true,
        })
        .nfc()
        .collect();
    (unify_iy(letters), digits)
}

/// `ty` → `ti` (a final `y` after a consonant), `qui` → `quy`: the spelling variants of
/// `tỷ`/`tỉ`, `kỹ`/`kĩ`, `lý`/`lí`, `quý`/`quí`.
fn unify_iy(mut w: String) -> String {
    if w.ends_with("qui") {
        w.pop();
        w.push('y');
        return w;
    }
    let mut it = w.chars().rev();
    if it.next() == Some('y') && it.next().is_some_and(is_consonant) {
        w.pop();
        w.push('i');
    }
    w
}

/// The key and the surface form of a token, from one pass over it. The surface form: lowercase
/// letters with the tone written as a trailing digit, i/y variants unified (`Hoà` and `hòa` give
/// `hoa1`, `tỷ` and `tỉ` give `ti2`). The key: [`vi::fold`] of the surface letters (`Điển` →
/// `dien`, `tỷ` → `ti`).
fn key_and_surface(token: &str) -> (String, String) {
    let (letters, digits) = split_tone(token);
    let k = vi::fold(&letters);
    let mut s = letters;
    s.push_str(&digits);
    (k, s)
}

fn is_token_char(c: char) -> bool {
    // Vietnamese letters are looked up in `vi`'s small table, not in Unicode's large one.
    c.is_ascii_alphanumeric()
        || (!c.is_ascii() && (vi::split_tone(c).is_some() || c.is_alphanumeric() || vi_mark(c)))
}

fn vi_mark(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// Tokens of `text` (runs of letters, digits and combining marks), each with whether it is
/// joined to the previous token (only spaces, `/`, `-` or a digit separator between them), for
/// the adjacency pairs.
fn tokens(text: &str) -> Vec<(&str, bool)> {
    let mut out: Vec<(&str, bool)> = Vec::new();
    let mut start: Option<usize> = None;
    let mut gap_ok = false;
    let mut prev_end = 0;
    for (i, c) in text.char_indices() {
        if is_token_char(c) {
            if start.is_none() {
                start = Some(i);
                let gap = &text[prev_end..i];
                let digit_sep = (gap == "." || gap == ",")
                    && out.last().is_some_and(|t| t.0.ends_with(|c: char| c.is_ascii_digit()))
                    && c.is_ascii_digit();
                gap_ok = !out.is_empty()
                    && (digit_sep
                        || gap.chars().all(|g| {
                            g.is_whitespace() || matches!(g, '/' | '-' | '–' | '_' | '\'' | '’')
                        }));
            }
        } else if let Some(s) = start.take() {
            out.push((&text[s..i], gap_ok));
            prev_end = i;
        }
    }
    if let Some(s) = start {
        out.push((&text[s..], gap_ok));
    }
    out
}

/// Numbers written with thousands groups, ungrouped, so that they match however they are
/// written or typed: `1.000` (Vietnamese), `1,000` (English) and `1000` are all `1000`;
/// `1.234.567` is `1234567`. A group is a `.` or `,` followed by exactly three digits, after one
/// to three digits, the same separator throughout (so `16.9.2022`, `2,5` and `0271.3879` stay as
/// they are). Decimals need nothing: `2,5` and `2.5` are both the joined tokens `2` `5`, and
/// `1.234,5` = `1,234.5` = `1234` `5`. The same rule as `ungroup` in `search.js`; symbols
/// (`1.234/QĐ-UBND`) are keyed as written, without it.
fn ungroup_numbers(text: &str) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    let digit_at = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
    let mut out = String::new();
    let (mut last, mut i) = (0, 0);
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while digit_at(i) {
            i += 1;
        }
        let after_number = start > 0 && matches!(b[start - 1], b'.' | b',' | b'0'..=b'9');
        if after_number || i - start > 3 || !matches!(b.get(i), Some(b'.' | b',')) {
            continue;
        }
        let sep = b[i];
        let mut end = i;
        while b.get(end) == Some(&sep) && (1..=3).all(|d| digit_at(end + d)) && !digit_at(end + 4) {
            end += 4;
        }
        if end == i || (b.get(end) == Some(&sep) && digit_at(end + 1)) {
            continue;
        }
        out.push_str(&text[last..start]);
        out.extend(text[start..end].chars().filter(|&c| c != char::from(sep)));
        last = end;
        i = end;
    }
    if last == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    out.push_str(&text[last..]);
    std::borrow::Cow::Owned(out)
}

/// The key of a document symbol as written: folded, without spaces (`666/QĐ-TTg` →
/// `666/qd-ttg`).
fn symbol_key(written: &str) -> String {
    vi::fold(&vi::nfc(written))
        .chars()
        .filter(|&c| c.is_alphanumeric() || matches!(c, '/' | '-' | '.'))
        .collect()
}

/// The index terms of one entry, each (key, surface form or `""` for pairs and symbols, field
/// class) once with its best class, in no particular order (the index adds them all under the
/// entry's number). The strings are kept in one buffer: an entry has about a thousand terms,
/// and a `String` each (allocated here, dropped by the index when the key was there already)
/// cost more than adding them. Not sorted: sorting them took as long as cutting them.
#[derive(Default)]
pub(crate) struct Terms {
    /// The keys and surfaces, one after the other.
    text: String,
    /// Per term: its key and its surface as ranges of `text`, and its class.
    items: Vec<(Range<usize>, Range<usize>, u8)>,
}

impl Terms {
    /// Adds a term whose key is `key_parts` joined.
    fn push(&mut self, key_parts: &[&str], surface: &str, class: u8) {
        let start = self.text.len();
        for part in key_parts {
            self.text.push_str(part);
        }
        let key = start..self.text.len();
        self.text.push_str(surface);
        let surface = key.end..self.text.len();
        self.items.push((key, surface, class));
    }

    fn str(&self, r: &Range<usize>) -> &str {
        self.text.get(r.clone()).unwrap_or_default()
    }

    /// Term number `i`: (key, surface, class).
    pub(crate) fn get(&self, i: u32) -> Option<(&str, &str, u8)> {
        self.items.get(i as usize).map(|(k, s, c)| (self.str(k), self.str(s), *c))
    }

    /// The terms: (key, surface, class).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str, u8)> + '_ {
        self.items.iter().map(|(k, s, c)| (self.str(k), self.str(s), *c))
    }
}

/// The distinct words of one entry's texts as they are read: each token's key and surface are
/// worked out once (a body repeats its words, and a page of 600 words has about 250 distinct
/// ones), and each word and word pair keeps its best class by number, not by string.
#[derive(Default)]
struct Words {
    /// Word number of each token as written (`Người` and `người` are two tokens, one word).
    by_token: rustc_hash::FxHashMap<String, u32>,
    /// Word number of each (key number, surface).
    by_form: rustc_hash::FxHashMap<(u32, String), u32>,
    /// Key number of each distinct key.
    key_ids: rustc_hash::FxHashMap<String, u32>,
    /// The distinct keys, by key number.
    keys: Vec<String>,
    /// Per word number: its key number, its surface form and its best class so far.
    words: Vec<(u32, String, u8)>,
    /// Best class per adjacency pair, by the key numbers of its two words.
    pairs: rustc_hash::FxHashMap<(u32, u32), u8>,
}

impl Words {
    /// The word number of `token`, worked out on its first occurrence.
    fn word(&mut self, token: &str) -> u32 {
        if let Some(&w) = self.by_token.get(token) {
            return w;
        }
        let (k, s) = key_and_surface(token);
        let next = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
        let key = match self.key_ids.get(&k) {
            Some(&id) => id,
            None => {
                self.keys.push(k.clone());
                self.key_ids.insert(k, next);
                next
            }
        };
        let w = match self.by_form.get(&(key, s.clone())) {
            Some(&w) => w,
            None => {
                let w = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
                self.words.push((key, s.clone(), 0));
                self.by_form.insert((key, s), w);
                w
            }
        };
        self.by_token.insert(token.to_string(), w);
        w
    }

    /// Records one occurrence of word `w` with `class`, and of the pair it makes with the word
    /// before it (`prev`), if any.
    fn add(&mut self, w: u32, prev: Option<u32>, class: u8) {
        let Some(word) = self.words.get_mut(w as usize) else { return };
        word.2 = word.2.max(class);
        let key = word.0;
        if let Some(pk) = prev.and_then(|p| self.words.get(p as usize)).map(|x| x.0) {
            let best = self.pairs.entry((pk, key)).or_insert(class);
            *best = (*best).max(class);
        }
    }

    /// The words and pairs as terms.
    fn into_terms(self, out: &mut Terms) {
        let key = |id: u32| self.keys.get(id as usize).map_or("", String::as_str);
        for (&(a, b), &class) in &self.pairs {
            out.push(&[key(a), " ", key(b)], "", class);
        }
        for (k, s, class) in &self.words {
            out.push(&[key(*k)], s, *class);
        }
    }
}

/// Terms of one entry's texts (`fields`, each with its class) and document `symbols` (class
/// [`TITLE`]). A word is a (key, surface): pair and symbol keys hold a space or `/`, `-`, `.`
/// and no surface, so no two terms are the same.
pub(crate) fn terms(fields: &[(u8, String)], symbols: &[String]) -> Terms {
    let mut words = Words::default();
    for (class, text) in fields {
        let text = vi::nfc(text);
        let text = ungroup_numbers(&text);
        // The previous token's word, for the pair it makes with the next one.
        let mut prev: Option<u32> = None;
        for (tok, joined) in tokens(&text) {
            let w = words.word(tok);
            words.add(w, prev.filter(|_| joined), *class);
            prev = Some(w);
        }
    }
    let mut out = Terms::default();
    words.into_terms(&mut out);
    let mut symbols: Vec<String> =
        symbols.iter().filter(|s| !s.is_empty()).map(|s| symbol_key(s)).collect();
    symbols.sort_unstable();
    symbols.dedup();
    for sym in &symbols {
        out.push(&[sym], "", TITLE);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The surface form of a token: lowercase letters with the tone written as a trailing
    /// digit, i/y variants unified. `Hoà` and `hòa` give `hoa1`, `tỷ` and `tỉ` give `ti2`.
    fn surface(token: &str) -> String {
        key_and_surface(token).1
    }

    /// The index key of a token: [`vi::fold`] of its surface letters (`Điển` → `dien`, `tỷ` →
    /// `ti`).
    fn key(token: &str) -> String {
        key_and_surface(token).0
    }

    #[test]
    fn keys_fold_diacritics_and_d() {
        assert_eq!(key("Điển"), "dien");
        assert_eq!(key("NGƯỜI"), "nguoi");
        assert_eq!(key("nghèo"), "ngheo");
        assert_eq!(key("QĐ"), "qd");
    }

    #[test]
    fn letter_by_letter_split_is_the_decomposed_one() {
        let text = "Ủy ban nhân dân tỉnh Bình Phước: ĐIỂN HÌNH tiên tiến, Huân chương Lao động hạng \
                    Ba, khoẻ, thuỷ, quý, Ặc, Ở, ỹ, Yên, Đắk Lắk, K'Ho, Ê-đê, 263/KH-UBND, Müller, Ñ";
        let mut tokens_seen = 0;
        for (tok, _) in tokens(text) {
            let lower = tok.to_lowercase();
            assert_eq!(split_tone(tok), split_tone_decomposed(&lower), "{tok}");
            tokens_seen += 1;
        }
        assert!(tokens_seen > 30, "{tokens_seen}");
        // A loose combining mark (NFD input) takes the long way, to the same result.
        assert_eq!(split_tone("nghe\u{300}o"), split_tone("nghèo"));
        assert_eq!(split_tone("nghèo"), ("ngheo".to_string(), "1".to_string()));
    }

    #[test]
    fn surfaces_ignore_tone_placement_and_i_y() {
        assert_eq!(surface("hòa"), surface("hoà"));
        assert_eq!(surface("Thủy"), surface("thuỷ"));
        assert_eq!(surface("tỷ"), surface("tỉ"));
        assert_eq!(surface("quý"), surface("quí"));
        assert_eq!(key("tỷ"), key("tỉ"));
        assert_ne!(surface("hòa"), surface("hoa"));
        assert_ne!(surface("hay"), surface("hai"));
        assert_eq!(surface(&vi::tone_normalize("hoà")), surface("hoà"));
        assert_eq!(surface("Người"), "ngươi1");
    }

    #[test]
    fn tokens_and_adjacency() {
        let t = tokens("Người nghèo, dân tộc 263/KH-UBND; 2,5%");
        let words: Vec<&str> = t.iter().map(|x| x.0).collect();
        assert_eq!(words, ["Người", "nghèo", "dân", "tộc", "263", "KH", "UBND", "2", "5"]);
        let joined: Vec<bool> = t.iter().map(|x| x.1).collect();
        assert_eq!(joined, [false, true, false, true, true, true, true, false, true]);
    }

    /// Issue 16, class 8: numbers match however they are grouped.
    #[test]
    fn numbers_match_however_grouped() {
        let u = |t: &str| ungroup_numbers(t).into_owned();
        assert_eq!(u("giảm 1.000 hộ nghèo"), "giảm 1000 hộ nghèo");
        assert_eq!(u("1,000 households"), "1000 households");
        assert_eq!(u("1.234.567 đồng; 10.500 hộ"), "1234567 đồng; 10500 hộ");
        assert_eq!(u("1.234,5 tỷ"), "1234,5 tỷ");
        assert_eq!(u("1,234.5"), "1234.5");
        for same in ["16.9.2022", "2,5%", "0271.3879.123", "1.000.5", "1.0000", "12345.678", "x"] {
            assert_eq!(u(same), same);
        }
        let keys = |t: &str| -> Vec<String> {
            let mut k: Vec<String> =
                terms(&[(BODY, t.to_string())], &[]).iter().map(|x| x.0.to_string()).collect();
            k.sort();
            k
        };
        assert_eq!(keys("giảm 1.000 hộ nghèo"), keys("giam 1000 ho ngheo"));
        assert_eq!(keys("2,5 tỷ"), keys("2.5 ty"));
        // Linear: a page of 200 000 grouped numbers.
        let long = "1.000 ".repeat(200_000);
        assert_eq!(u(&long).len(), long.len() - 200_000);
    }

    /// The terms as first written: every occurrence worked out and kept in a map by (key,
    /// surface) with its best class. [`terms`] works each distinct token out once.
    fn terms_per_occurrence(
        fields: &[(u8, String)],
        symbols: &[String],
    ) -> Vec<(String, String, u8)> {
        let mut best: std::collections::BTreeMap<(String, String), u8> = Default::default();
        let mut add = |key: String, surface: String, class: u8| {
            let c = best.entry((key, surface)).or_insert(class);
            *c = (*c).max(class);
        };
        for (class, text) in fields {
            let text = vi::nfc(text);
            let text = ungroup_numbers(&text);
            let mut prev: Option<String> = None;
            for (tok, joined) in tokens(&text) {
                let (k, s) = key_and_surface(tok);
                if let Some(p) = prev.as_ref().filter(|_| joined) {
                    add(format!("{p} {k}"), String::new(), *class);
                }
                prev = Some(k.clone());
                add(k, s, *class);
            }
        }
        for sym in symbols.iter().filter(|s| !s.is_empty()) {
            add(symbol_key(sym), String::new(), TITLE);
        }
        best.into_iter().map(|((k, s), c)| (k, s, c)).collect()
    }

    #[test]
    fn terms_are_each_occurrence_once_with_its_best_class() {
        let fields = vec![
            (TITLE, "Người nghèo, NGƯỜI NGHÈO: Hoà, hòa bình".to_string()),
            (FIELD, "263/KH-UBND; tỷ, tỉ · Nguyễn Văn A".to_string()),
            (BODY, "người nghèo người nghèo 1.000 hộ, hoa bình, nguoi ngheo; Hòa nhập".repeat(3)),
            (BODY, "nghe\u{300}o nghèo Müller — ở Đắk Lắk".to_string()),
            (FIELD, String::new()),
        ];
        let symbols = vec!["263/KH-UBND".to_string(), String::new(), "666/QĐ-TTg".to_string()];
        let mut got: Vec<(String, String, u8)> = terms(&fields, &symbols)
            .iter()
            .map(|(k, s, c)| (k.to_string(), s.to_string(), c))
            .collect();
        got.sort();
        assert_eq!(got, terms_per_occurrence(&fields, &symbols));
        // The title's words and pair keep the title's class over the body's.
        let class = |k: &str, s: &str| got.iter().find(|t| t.0 == k && t.1 == s).map(|t| t.2);
        assert_eq!(class("nguoi ngheo", ""), Some(TITLE));
        assert_eq!(class("nguoi", "ngươi1"), Some(TITLE));
        assert_eq!(class("nguoi", "nguoi"), Some(BODY));
        assert_eq!(class("666/qd-ttg", ""), Some(TITLE));
        assert_eq!(class("1000", "1000"), Some(BODY));
        assert!(got.windows(2).all(|w| (&w[0].0, &w[0].1) < (&w[1].0, &w[1].1)));
    }

    #[test]
    fn symbols_fold() {
        assert_eq!(symbol_key("666/QĐ-TTg"), "666/qd-ttg");
        assert_eq!(symbol_key("263/KH-UBND"), "263/kh-ubnd");
    }
}
