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

/// One index term of an entry: (key, surface form or `""` for pairs and symbols, field class).
pub(crate) type Term = (String, String, u8);

/// Terms of one entry's texts (`fields`, each with its class) and document `symbols` (class
/// [`TITLE`]), each (key, surface) once with its best class, sorted.
pub(crate) fn terms(fields: &[(u8, String)], symbols: &[String]) -> Vec<Term> {
    // Best class per (key, surface), kept as they come: a long body repeats its words, and
    // holding every occurrence before sorting took memory in proportion to the text (a 3 MB
    // page: over a million terms).
    let mut best: rustc_hash::FxHashMap<(String, String), u8> = Default::default();
    let mut add = |key: String, surface: String, class: u8| {
        let c = best.entry((key, surface)).or_insert(class);
        *c = (*c).max(class);
    };
    for (class, text) in fields {
        let text = vi::nfc(text);
        let text = ungroup_numbers(&text);
        // The previous token's key, for the pair it makes with the next one.
        let mut prev = String::new();
        let mut has_prev = false;
        for (tok, joined) in tokens(&text) {
            let (k, s) = key_and_surface(tok);
            if joined && has_prev {
                let mut pair = String::with_capacity(prev.len() + 1 + k.len());
                pair.push_str(&prev);
                pair.push(' ');
                pair.push_str(&k);
                add(pair, String::new(), *class);
            }
            prev.clear();
            prev.push_str(&k);
            has_prev = true;
            add(k, s, *class);
        }
    }
    for sym in symbols {
        if !sym.is_empty() {
            add(symbol_key(sym), String::new(), TITLE);
        }
    }
    let mut out: Vec<Term> = best.into_iter().map(|((k, s), c)| (k, s, c)).collect();
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
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
            terms(&[(BODY, t.to_string())], &[]).into_iter().map(|x| x.0).collect()
        };
        assert_eq!(keys("giảm 1.000 hộ nghèo"), keys("giam 1000 ho ngheo"));
        assert_eq!(keys("2,5 tỷ"), keys("2.5 ty"));
        // Linear: a page of 200 000 grouped numbers.
        let long = "1.000 ".repeat(200_000);
        assert_eq!(u(&long).len(), long.len() - 200_000);
    }

    #[test]
    fn symbols_fold() {
        assert_eq!(symbol_key("666/QĐ-TTg"), "666/qd-ttg");
        assert_eq!(symbol_key("263/KH-UBND"), "263/kh-ubnd");
    }
}
