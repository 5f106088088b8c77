//! Vietnamese collation (CLDR `vi`): sort keys, string comparison, and the order of full names (Tên, then chữ đệm, then Họ).
//!
//! Letters are primary (`a < ă < â`, `d < đ`, `e < ê`, `o < ô < ơ`, `u < ư`, from the alphabet
//! table in `letters`), tones secondary in dictionary order (none < huyền < hỏi < ngã < sắc <
//! nặng), case tertiary (lower < upper). As in ICU, the whole string is compared level by
//! level. Whitespace < punctuation < digits < letters; characters outside the Latin script
//! sort after `z` by code point (Hangul syllables are not unified with their NFD jamo).
//!
//! Ours rather than ICU's (`icu_collator`): the `vi` tailoring is all we need, and ICU4X
//! would bring its whole root collation data and a data provider into the binary to get it;
//! this file is a few hundred lines, allocates nothing in [`cmp_vi`], and its keys are plain
//! `u16` slices that sort without a collator at hand.

use std::cmp::Ordering;

use unicode_normalization::char::decompose_canonical;

use super::letters::{Quality, alphabet_position};
use super::normalize::{Marks, is_mark, precomposed};
/// A collation key: comparing keys (`Ord`) gives the same result as [`cmp_vi`] on the
/// strings they were made from (or [`cmp_names`] for [`name_sort_key`]).
///
/// Build it once per item to sort large lists (`sort_by_cached_key`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct SortKey(Box<[u16]>);

// Key layout: primaries, LEVEL_SEP, secondaries (trailing commons trimmed), LEVEL_SEP,
// tertiaries (trailing commons trimmed). All weights are >= 2, so a separator sorts
// below any weight and a trimmed level compares like the full one. Name keys join
// component keys with NAME_SEP, lower still.
const NAME_SEP: u16 = 0;
const LEVEL_SEP: u16 = 1;
const SEC_COMMON: u16 = 2;
const TER_LOWER: u16 = 2;
const TER_UPPER: u16 = 3;
const P_SPACE: u16 = 0x0010;
/// ASCII punctuation and controls: `P_ASCII_SYMBOL + byte` (0x20..=0x9F).
const P_ASCII_SYMBOL: u16 = 0x0020;
/// Other symbols: two units, `P_SYMBOL_HI + (cp >> 15)` then `(cp & 0x7FFF) + 2`.
const P_SYMBOL_HI: u16 = 0x00A0;
const P_DIGIT: u16 = 0x0100;
const P_LETTER: u16 = 0x0200;
/// Other letters and digits: two units, `P_OTHER_HI + (cp >> 15)` then `(cp & 0x7FFF) + 2`.
const P_OTHER_HI: u16 = 0x8000;

/// Alphabet position of `a`..`z` (from `letters`); the Vietnamese letters ă â đ ê ô ơ ư sit
/// in between.
const LATIN_ORD: [u16; 26] = {
    let mut table = [0; 26];
    let mut i = 0;
    while i < 26 {
        table[i] = match alphabet_position(b'a' + i as u8, Quality::Plain) {
            Some(p) => p,
            None => 0,
        };
        i += 1;
    }
    table
};
const ORD_D_STROKE: u16 = match alphabet_position(b'd', Quality::Stroke) {
    Some(p) => p,
    None => 0,
};

/// Collation element of one cluster (a base character and its marks).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Ce {
    p0: u16,
    /// Second primary unit, 0 when absent.
    p1: u16,
    s: u16,
    t: u16,
}

const fn ascii_ce(b: u8) -> Ce {
    let (p0, t) = match b {
        b'a'..=b'z' => (P_LETTER + LATIN_ORD[(b - b'a') as usize], TER_LOWER),
        b'A'..=b'Z' => (P_LETTER + LATIN_ORD[(b - b'A') as usize], TER_UPPER),
        b'0'..=b'9' => (P_DIGIT + (b - b'0') as u16, TER_LOWER),
        b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => (P_SPACE, TER_LOWER),
        _ => (P_ASCII_SYMBOL + (b & 0x7F) as u16, TER_LOWER),
    };
    Ce { p0, p1: 0, s: SEC_COMMON, t }
}

static ASCII_CE: [Ce; 128] = {
    let mut table = [Ce { p0: 0, p1: 0, s: 0, t: 0 }; 128];
    let mut i = 0;
    while i < 128 {
        table[i] = ascii_ce(i as u8);
        i += 1;
    }
    table
};

fn ascii_ce_fast(b: u8) -> Ce {
    ASCII_CE[usize::from(b & 0x7F)]
}

/// Primary weight of an ASCII letter (lowercase byte), claiming the quality mark it uses.
fn letter_primary(lower: u8, m: &mut Marks) -> u16 {
    for q in Quality::MARKED {
        if m.has(q)
            && let Some(pos) = alphabet_position(lower, q)
        {
            m.take(q);
            return P_LETTER + pos;
        }
    }
    P_LETTER + alphabet_position(lower, Quality::Plain).unwrap_or(0)
}

/// Secondary weight of a cluster's marks: its tone rank, after every cluster with other
/// (non-Vietnamese) marks ordered by the smallest such mark.
fn secondary(m: &Marks) -> u16 {
    let tone = u16::from(m.tone);
    if m.other == 0 { SEC_COMMON + tone } else { 8 + ((m.other & 0x0FFF) as u16) * 8 + tone }
}

fn two_units(hi_base: u16, c: char) -> (u16, u16) {
    let cp = c as u32;
    // cp <= 0x10FFFF, so cp >> 15 <= 0x21 and the low part fits with room for + 2.
    (hi_base + (cp >> 15) as u16, (cp & 0x7FFF) as u16 + 2)
}

fn cluster_ce(base: Option<char>, mut m: Marks) -> Ce {
    let (p0, p1, upper) = match base {
        // A mark with no base (start of string): a symbol of weight zero plus its marks.
        None => (P_SYMBOL_HI, 2, false),
        Some(c) if c.is_ascii() => {
            let b = c as u8;
            if b.is_ascii_alphabetic() {
                (letter_primary(b.to_ascii_lowercase(), &mut m), 0, b.is_ascii_uppercase())
            } else {
                (ascii_ce_fast(b).p0, 0, false)
            }
        }
        Some('đ') => (P_LETTER + ORD_D_STROKE, 0, false),
        Some('Đ') => (P_LETTER + ORD_D_STROKE, 0, true),
        Some(c) if c.is_whitespace() => (P_SPACE, 0, false),
        Some(c) if c.is_alphanumeric() => {
            let (a, b) = two_units(P_OTHER_HI, c);
            (a, b, c.is_uppercase())
        }
        Some(c) => {
            let (a, b) = two_units(P_SYMBOL_HI, c);
            (a, b, false)
        }
    };
    m.flush_quality();
    Ce { p0, p1, s: secondary(&m), t: if upper { TER_UPPER } else { TER_LOWER } }
}

const fn is_hangul_syllable(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}')
}

/// Iterates the collation elements of a string, one per cluster; NFC and NFD input give
/// the same elements.
struct Clusters<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
}

impl<'a> Clusters<'a> {
    fn new(s: &'a str) -> Self {
        Clusters { chars: s.chars().peekable() }
    }
}

impl Iterator for Clusters<'_> {
    type Item = Ce;

    fn next(&mut self) -> Option<Ce> {
        let c = self.chars.next()?;
        let mut marks = Marks::default();
        let mut has_marks = false;
        let base = if c.is_ascii() || is_hangul_syllable(c) {
            Some(c)
        } else if let Some((b, m)) = precomposed(c) {
            marks = m;
            has_marks = true;
            Some(char::from(b))
        } else if is_mark(c) {
            has_marks = true;
            decompose_canonical(c, |d| marks.add(d));
            None
        } else {
            let mut first = None;
            decompose_canonical(c, |d| {
                if first.is_none() {
                    first = Some(d);
                } else {
                    has_marks = true;
                    marks.add(d);
                }
            });
            first
        };
        while let Some(&n) = self.chars.peek() {
            if n.is_ascii() || !is_mark(n) {
                break;
            }
            self.chars.next();
            has_marks = true;
            decompose_canonical(n, |d| marks.add(d));
        }
        Some(match base {
            Some(b) if b.is_ascii() && !has_marks => ascii_ce_fast(b as u8),
            _ => cluster_ce(base, marks),
        })
    }
}

/// Primary weights, one pair per cluster. Comparing these pairs is the same as comparing
/// the flattened units of the key: a first unit tells whether a second one follows.
fn primaries(s: &str) -> impl Iterator<Item = (u16, u16)> + '_ {
    Clusters::new(s).map(|ce| (ce.p0, ce.p1))
}

fn trim_trailing(key: &mut Vec<u16>, common: u16) {
    while key.last() == Some(&common) {
        key.pop();
    }
}

/// Appends the three-level key of `s` to `key`.
fn push_key(s: &str, key: &mut Vec<u16>) {
    if s.is_ascii() {
        let bytes = s.as_bytes();
        let mut upper = false;
        for &b in bytes {
            let ce = ascii_ce_fast(b);
            key.push(ce.p0);
            upper |= ce.t != TER_LOWER;
        }
        key.push(LEVEL_SEP); // ASCII has only common secondaries: trimmed to nothing
        key.push(LEVEL_SEP);
        if upper {
            key.extend(bytes.iter().map(|&b| ascii_ce_fast(b).t));
            trim_trailing(key, TER_LOWER);
        }
        return;
    }
    // Decompose once; short strings keep their elements on the stack.
    const STACK: usize = 64;
    let mut stack = [Ce { p0: 0, p1: 0, s: 0, t: 0 }; STACK];
    let mut heap: Vec<Ce> = Vec::new();
    let mut n = 0;
    for ce in Clusters::new(s) {
        if let Some(slot) = stack.get_mut(n) {
            *slot = ce;
        } else {
            if heap.is_empty() {
                heap.extend_from_slice(&stack);
            }
            heap.push(ce);
        }
        n += 1;
    }
    let ces: &[Ce] = if n <= STACK { stack.get(..n).unwrap_or(&[]) } else { &heap };
    for ce in ces {
        key.push(ce.p0);
        if ce.p1 != 0 {
            key.push(ce.p1);
        }
    }
    key.push(LEVEL_SEP);
    key.extend(ces.iter().map(|ce| ce.s));
    trim_trailing(key, SEC_COMMON);
    key.push(LEVEL_SEP);
    key.extend(ces.iter().map(|ce| ce.t));
    trim_trailing(key, TER_LOWER);
}

/// True when byte `p` of `s` is a char boundary not followed by a combining mark.
fn starts_cluster(s: &str, p: usize) -> bool {
    s.is_char_boundary(p) && !s.get(p..).and_then(|t| t.chars().next()).is_some_and(is_mark)
}

/// Builds the CLDR `vi` collation key of `s` (see [`cmp_vi`]).
pub(crate) fn sort_key(s: &str) -> SortKey {
    let mut key = Vec::with_capacity(s.len() + 2);
    push_key(s, &mut key);
    SortKey(key.into_boxed_slice())
}

/// Compares two strings in Vietnamese dictionary order (CLDR `vi`).
///
/// Primary: letters `a ă â b c d đ e ê … o ô ơ … u ư v … z` (after whitespace, punctuation
/// and digits); secondary: tone, none < huyền < hỏi < ngã < sắc < nặng; tertiary:
/// lowercase < uppercase. Each level is compared over the whole string before the next,
/// so `"Dung" < "Đào"` and `"ba" < "Ba" < "bà"`. NFC and NFD input compare equal. Does
/// not allocate.
pub(crate) fn cmp_vi(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    // Skip the common prefix, backed off to a cluster boundary in both strings: its
    // elements are the same on every level.
    let mut p = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while p > 0 && !(starts_cluster(a, p) && starts_cluster(b, p)) {
        p -= 1;
    }
    let (a, b) = (a.get(p..).unwrap_or(a), b.get(p..).unwrap_or(b));
    if a.is_ascii() && b.is_ascii() {
        let (x, y) = (a.as_bytes(), b.as_bytes());
        return x
            .iter()
            .map(|&c| ascii_ce_fast(c).p0)
            .cmp(y.iter().map(|&c| ascii_ce_fast(c).p0))
            .then_with(|| {
                x.iter().map(|&c| ascii_ce_fast(c).t).cmp(y.iter().map(|&c| ascii_ce_fast(c).t))
            });
    }
    primaries(a)
        .cmp(primaries(b))
        .then_with(|| Clusters::new(a).map(|c| c.s).cmp(Clusters::new(b).map(|c| c.s)))
        .then_with(|| Clusters::new(a).map(|c| c.t).cmp(Clusters::new(b).map(|c| c.t)))
}

/// Builds the key that sorts a Vietnamese full name (Họ + chữ đệm + Tên) by Tên, then chữ
/// đệm, then Họ, each compared as [`cmp_vi`] does.
///
/// The name is split on whitespace: the last word is the Tên, the first the Họ, the
/// words between the chữ đệm. A one-word name is only a Tên. Names that do not follow
/// this pattern (some ethnic-minority names) need an explicit sort name from the caller.
pub(crate) fn name_sort_key(full_name: &str) -> SortKey {
    let (ten, dem, ho) = name_parts(full_name);
    let mut key = Vec::with_capacity(full_name.len() + 8);
    push_key(ten, &mut key);
    key.push(NAME_SEP);
    push_key(&dem, &mut key);
    key.push(NAME_SEP);
    push_key(ho, &mut key);
    SortKey(key.into_boxed_slice())
}

/// Splits a full name into (Tên, chữ đệm with single spaces, Họ).
fn name_parts(full_name: &str) -> (&str, std::borrow::Cow<'_, str>, &str) {
    use std::borrow::Cow;
    let t = full_name.trim();
    let Some((i, c)) = t.char_indices().rev().find(|&(_, c)| c.is_whitespace()) else {
        return (t, Cow::Borrowed(""), "");
    };
    let ten = t.get(i + c.len_utf8()..).unwrap_or("");
    let rest = t.get(..i).unwrap_or("").trim_end();
    let (ho, dem) = match rest.char_indices().find(|&(_, c)| c.is_whitespace()) {
        Some((j, c)) => {
            (rest.get(..j).unwrap_or(""), rest.get(j + c.len_utf8()..).unwrap_or("").trim_start())
        }
        None => (rest, ""),
    };
    let clean = dem.split(' ').all(|w| !w.is_empty() && !w.contains(char::is_whitespace));
    let dem = if dem.is_empty() || clean {
        Cow::Borrowed(dem)
    } else {
        Cow::Owned(dem.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    (ten, dem, ho)
}

/// Compares two full names by Tên, then chữ đệm, then Họ (see [`name_sort_key`]). Does
/// not allocate for names with single spaces.
///
/// Only the tests call it: the build sorts names by [`name_sort_key`], which the tests check
/// against this comparison.
#[cfg(test)]
pub(crate) fn cmp_names(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let (ten_a, dem_a, ho_a) = name_parts(a);
    let (ten_b, dem_b, ho_b) = name_parts(b);
    cmp_vi(ten_a, ten_b).then_with(|| cmp_vi(&dem_a, &dem_b)).then_with(|| cmp_vi(ho_a, ho_b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vi::normalize::nfd;
    use std::cmp::Ordering::{Equal, Greater, Less};

    // ----- collation ------------------------------------------------------------

    fn sorted_vi(items: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = items.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| cmp_vi(a, b));
        let mut by_key = v.clone();
        by_key.reverse();
        by_key.sort_by_cached_key(|s| sort_key(s));
        assert_eq!(v, by_key, "sort_key and cmp_vi disagree");
        v
    }

    #[test]
    fn letters_follow_the_vietnamese_alphabet() {
        assert_eq!(
            sorted_vi(&["ư", "u", "ơ", "o", "ô", "đ", "d", "a", "ă", "â"]),
            ["a", "ă", "â", "d", "đ", "o", "ô", "ơ", "u", "ư"]
        );
        let alphabet = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z";
        let letters: Vec<&str> = alphabet.split(' ').collect();
        let mut reversed = letters.clone();
        reversed.reverse();
        assert_eq!(sorted_vi(&reversed), letters);
        // Code-point order would put these after z.
        assert_eq!(cmp_vi("Đ", "Z"), Less);
        assert_eq!(cmp_vi("Ơn", "Phúc"), Less);
        assert_eq!(cmp_vi("Ư", "V"), Less);
    }

    #[test]
    fn tones_are_secondary_in_dictionary_order() {
        let tones = ["a", "à", "ả", "ã", "á", "ạ"];
        assert_eq!(sorted_vi(&["ạ", "á", "ã", "ả", "à", "a"]), tones);
        assert_eq!(sorted_vi(&["ã", "a", "ạ", "à", "á", "ả"]), tones);
        assert_eq!(sorted_vi(&["ậ", "ấ", "ẫ", "ẩ", "ầ", "â"]), ["â", "ầ", "ẩ", "ẫ", "ấ", "ậ"]);
        // The letter outranks the tone.
        assert_eq!(cmp_vi("ạ", "ă"), Less);
        assert_eq!(cmp_vi("ặ", "â"), Less);
        assert_eq!(cmp_vi("bá", "bac"), Less);
        assert_eq!(cmp_vi("ác", "ab"), Greater);
        assert_eq!(cmp_vi("màn", "mán"), Less);
        assert_eq!(cmp_vi("mãn", "mán"), Less);
        // Secondary level compared over the whole string, left to right.
        assert_eq!(cmp_vi("cáa", "caá"), Greater);
    }

    #[test]
    fn d_stroke_sorts_after_d() {
        assert_eq!(cmp_vi("Dung", "Đào"), Less);
        assert_eq!(cmp_vi("Đào", "Dung"), Greater);
        assert_eq!(sorted_vi(&["Đào", "Dung", "Em", "Duy"]), ["Dung", "Duy", "Đào", "Em"]);
    }

    #[test]
    fn case_is_tertiary() {
        assert_eq!(sorted_vi(&["Bà", "bà", "Ba", "ba"]), ["ba", "Ba", "bà", "Bà"]);
        assert_eq!(cmp_vi("an", "An"), Less);
        assert_eq!(cmp_vi("An", "anh"), Less);
        assert_eq!(cmp_vi("đ", "Đ"), Less);
    }

    #[test]
    fn whitespace_punctuation_and_digits_sort_before_letters() {
        assert_eq!(sorted_vi(&["b", "2", "a", " ", "-", "10"]), [" ", "-", "10", "2", "a", "b"]);
        assert_eq!(cmp_vi("", "a"), Less);
        assert_eq!(cmp_vi("a b", "ab"), Less);
        assert_eq!(cmp_vi("Bình", "Bình Phước"), Less);
        assert_eq!(cmp_vi("“Vì”", "Vì"), Less);
    }

    #[test]
    fn other_scripts_sort_after_latin_by_code_point() {
        assert_eq!(cmp_vi("z", "α"), Less);
        assert_eq!(cmp_vi("α", "β"), Less);
        assert_eq!(cmp_vi("日", "本"), Less);
        assert_eq!(cmp_vi("\u{20000}", "本"), Greater);
        // symbols, even outside the BMP, sort before letters and digits
        assert_eq!(cmp_vi("😀", "0"), Less);
        assert_eq!(cmp_vi("“", "a"), Less);
        assert_eq!(cmp_vi("ø", "z"), Greater);
    }

    #[test]
    fn nfd_and_nfc_collate_identically() {
        for s in ["Người nghèo", "ĐIỂN HÌNH", "Thủ tướng", "ậ ặ ệ ộ ợ ự ỵ", "Ủy ban"]
        {
            assert_eq!(sort_key(&nfd(s)), sort_key(s), "{s}");
            assert_eq!(cmp_vi(&nfd(s), s), Equal, "{s}");
        }
        // Mark order inside a cluster and partial composition do not matter.
        assert_eq!(sort_key("e\u{302}\u{323}"), sort_key("ệ"));
        assert_eq!(sort_key("ê\u{323}"), sort_key("ệ"));
        assert_eq!(sort_key("ẹ\u{302}"), sort_key("ệ"));
        // ...but a different letter does.
        assert_ne!(sort_key("ẹ"), sort_key("ệ"));
    }

    #[rustfmt::skip]
    const COLLATION_SAMPLES: &[&str] = &[
        "", " ", "a", "A", "à", "À", "á", "ả", "ạ", "ă", "Ă", "ằ", "â", "ấ", "ba", "Ba", "bà", "bác",
        "bạc", "bắc", "Bình", "Bình Phước", "Bính", "d", "D", "đ", "Đ", "Dung", "Đào", "hòa", "hoà",
        "Hòa", "ngu", "người", "Người", "nguội", "o", "ô", "ơ", "ờ", "u", "ư", "ừ", "10", "2", "-",
        "a-b", "a b", "ab", "α", "日本", "😀", "e\u{301}\u{327}", "\u{301}", "\u{301}a", "ç", "c",
        "ñ", "n", "ß", "ss",
    ];

    #[test]
    fn sort_key_agrees_with_cmp_vi_on_every_pair() {
        for a in COLLATION_SAMPLES {
            for b in COLLATION_SAMPLES {
                let by_cmp = cmp_vi(a, b);
                assert_eq!(by_cmp, sort_key(a).cmp(&sort_key(b)), "{a:?} vs {b:?}");
                assert_eq!(by_cmp, cmp_vi(b, a).reverse(), "antisymmetry {a:?} vs {b:?}");
                assert_eq!(by_cmp, cmp_vi(&nfd(a), &nfd(b)), "nfd {a:?} vs {b:?}");
                assert_eq!(
                    by_cmp == Equal,
                    a == b,
                    "only identical strings are equal: {a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn sort_keys_hash_and_clone() {
        use std::collections::HashSet;
        let set: HashSet<SortKey> =
            ["Hòa", &nfd("Hòa"), "hòa"].iter().map(|s| sort_key(s)).collect();
        assert_eq!(set.len(), 2);
        let k = sort_key("Bình");
        assert_eq!(k.clone(), k);
        assert!(!format!("{k:?}").is_empty());
    }

    // ----- names ----------------------------------------------------------------

    #[test]
    fn names_sort_by_given_name_then_middle_then_family() {
        let mut v = vec!["Trần Văn Bình", "Nguyễn Thị An", "Lê Bình", "Bá Bình Yên"];
        v.sort_by(|a, b| cmp_names(a, b));
        assert_eq!(v, ["Nguyễn Thị An", "Lê Bình", "Trần Văn Bình", "Bá Bình Yên"]);
        let mut by_key = vec!["Bá Bình Yên", "Lê Bình", "Trần Văn Bình", "Nguyễn Thị An"];
        by_key.sort_by_key(|n| name_sort_key(n));
        assert_eq!(by_key, v);
    }

    #[test]
    fn name_components_use_vietnamese_collation() {
        // same tên and đệm: họ decides
        assert_eq!(cmp_names("Trần Văn An", "Lê Văn An"), Greater);
        // tên decides before đệm and họ
        assert_eq!(cmp_names("Đào Văn Dung", "Anh Văn Đào"), Less);
        assert_eq!(cmp_names("Zô Ánh Bảo", "Anh Văn Bào"), Greater);
        // đệm decides before họ
        assert_eq!(cmp_names("Nguyễn Văn An", "Trần Ánh An"), Greater);
        assert_eq!(cmp_names("Lê Thị Hà", "Lê Thị Hà"), Equal);
        // a one-word name is only a tên
        assert_eq!(cmp_names("Bình", "Lê Bình"), Less);
        assert_eq!(cmp_names("Bình", "An"), Greater);
        // whitespace and normal form do not matter
        assert_eq!(name_sort_key("  Lê   Bình "), name_sort_key("Lê Bình"));
        assert_eq!(name_sort_key(&nfd("Nguyễn Thị Ánh")), name_sort_key("Nguyễn Thị Ánh"));
        assert_eq!(cmp_names("", "An"), Less);
    }
}
