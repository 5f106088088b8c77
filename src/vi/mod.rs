//! Vietnamese text rules: normalisation, folding, slugs, collation, number and date formats, legacy-encoding detection.
//!
//! Everything here is total: no function panics, whatever the input (user text, file
//! names, bytes of unknown encoding). The rules follow `DOMAIN.md` §4.1–4.9 and §2.5:
//!
//! * **Normal forms** ([`nfc`], [`is_nfc`]): text is stored in NFC; NFD arrives from macOS
//!   file names and "Unicode tổ hợp" input methods.
//! * **Search** ([`fold`], [`tone_normalize`]): `fold` strips every diacritic and maps
//!   `đ`→`d`; `tone_normalize` only unifies old/new tone placement (`hoà` = `hòa`).
//! * **Slugs** ([`slugify`]): `lowercase(fold(s))`, runs of other characters become `-`.
//! * **Collation** ([`sort_key`], [`cmp_vi`]): CLDR `vi`. Letters are primary
//!   (`a < ă < â`, `d < đ`, `e < ê`, `o < ô < ơ`, `u < ư`), tones secondary in dictionary
//!   order (none < huyền < hỏi < ngã < sắc < nặng), case tertiary (lower < upper). As in
//!   ICU, the whole string is compared level by level. Whitespace < punctuation < digits <
//!   letters; characters outside the Latin script sort after `z` by code point (Hangul
//!   syllables are not unified with their NFD jamo). Names sort by Tên, then chữ đệm, then
//!   Họ ([`name_sort_key`], [`cmp_names`]).
//! * **Numbers** ([`format_int`], [`format_vnd`], [`format_vnd_compact`],
//!   [`format_decimal`], [`format_percent`], [`pad2`], [`parse_vn_int`]): CLDR `vi`,
//!   grouping `.` and decimal `,`.
//! * **Dates** ([`PartialDate`]): full and partial dates (the blank `ngày … tháng …` slots of
//!   drafts), the official date line of NĐ 30/2020 and inline references.
//! * **Legacy encodings** ([`detect_legacy_encoding`], [`looks_like_legacy_font_text`],
//!   [`looks_like_mojibake`]): TCVN3 (ABC), VNI-Windows, Windows-1258, and UTF-8 read as
//!   CP1252.

use std::cmp::Ordering;
use std::fmt;

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

// ---------------------------------------------------------------------------
// Normal forms
// ---------------------------------------------------------------------------

/// Returns `s` in Unicode Normalization Form C (precomposed, the storage form).
///
/// Text that is already NFC (all ASCII text, most Vietnamese text) is copied without
/// being re-normalised.
pub fn nfc(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s.to_owned(),
        _ => s.nfc().collect(),
    }
}

/// Reports whether `s` is already in Unicode Normalization Form C.
pub fn is_nfc(s: &str) -> bool {
    s.is_ascii() || unicode_normalization::is_nfc(s)
}

/// True for a combining mark: anything in U+0300–U+036F or with a non-zero canonical
/// combining class.
fn is_mark(c: char) -> bool {
    let cp = c as u32;
    // U+1E00–U+1EFF (Latin Extended Additional, the precomposed Vietnamese letters) has
    // no marks: skip the table lookup for it.
    cp >= 0x300
        && (cp <= 0x36F || (!(0x1E00..=0x1EFF).contains(&cp) && canonical_combining_class(c) != 0))
}

/// Ranges of the precomposed-letter table: Latin-1 letters to ư, and ạ…ỹ.
const PRE_LATIN: std::ops::RangeInclusive<u32> = 0xC0..=0x1B0;
const PRE_EXT: std::ops::RangeInclusive<u32> = 0x1EA0..=0x1EF9;

/// Canonical decomposition of the precomposed Vietnamese letters (ASCII base letter plus
/// tone and quality marks), computed once from the Unicode tables; `None` for characters
/// of those ranges that decompose otherwise.
fn precomposed_table() -> &'static [Option<(u8, Marks)>] {
    static TABLE: std::sync::OnceLock<Vec<Option<(u8, Marks)>>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        PRE_LATIN
            .chain(PRE_EXT)
            .map(|cp| {
                let c = char::from_u32(cp)?;
                let mut base = None;
                let mut marks = Marks::default();
                let mut simple = true;
                decompose_canonical(c, |d| {
                    if base.is_none() {
                        base = Some(d);
                    } else if is_tone_mark(d) || is_quality_mark(d) {
                        marks.add(d);
                    } else {
                        simple = false;
                    }
                });
                let b = base.filter(char::is_ascii_alphabetic)?;
                (simple && b != c).then_some((b as u8, marks))
            })
            .collect()
    })
}

/// Looks a precomposed Vietnamese letter up: `(ASCII base letter, its marks)`.
fn precomposed(c: char) -> Option<(u8, Marks)> {
    let cp = c as u32;
    let index = if PRE_LATIN.contains(&cp) {
        cp - PRE_LATIN.start()
    } else if PRE_EXT.contains(&cp) {
        cp - PRE_EXT.start() + (PRE_LATIN.end() - PRE_LATIN.start() + 1)
    } else {
        return None;
    };
    precomposed_table().get(usize::try_from(index).ok()?).copied().flatten()
}

// ---------------------------------------------------------------------------
// Folding and slugs
// ---------------------------------------------------------------------------

/// Folds `s` for diacritic-insensitive search and slugs.
///
/// NFD, then drops the combining marks U+0300–U+036F, maps `đ`→`d` and `Đ`→`D` (they have
/// no decomposition), then lowercases: `"Người Nghèo"` → `"nguoi ngheo"`,
/// `"ĐIỂN HÌNH"` → `"dien hinh"`. NFC and NFD input give the same result. ASCII input takes
/// a fast path.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some((base, _)) = precomposed(c) {
            out.push(char::from(base.to_ascii_lowercase()));
        } else {
            decompose_canonical(c, |d| push_folded(&mut out, d));
        }
    }
    out
}

fn push_folded(out: &mut String, d: char) {
    match d {
        '\u{300}'..='\u{36F}' => {}
        'đ' | 'Đ' => out.push('d'),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => {
            for l in c.to_lowercase() {
                if !('\u{300}'..='\u{36F}').contains(&l) {
                    out.push(l);
                }
            }
        }
    }
}

/// Maximum slug length in bytes.
const SLUG_MAX: usize = 80;

/// Turns a title into a URL slug: `lowercase(fold(s))`, every run of characters other
/// than `[a-z0-9]` becomes one `-`, leading and trailing `-` are trimmed.
///
/// Slugs longer than 80 bytes are cut at the last `-` that keeps at least half of the
/// allowed length, otherwise hard at 80 bytes. `"263/KH-UBND 2022"` →
/// `"263-kh-ubnd-2022"`, `"Quyết định số 163/QĐ-UBND"` → `"quyet-dinh-so-163-qd-ubnd"`;
/// an empty or all-punctuation input gives `""`.
pub fn slugify(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len().min(SLUG_MAX + 16));
    let mut pending_dash = false;
    for b in folded.bytes() {
        if b.is_ascii_lowercase() || b.is_ascii_digit() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(char::from(b));
        } else {
            pending_dash = true;
        }
    }
    if out.len() > SLUG_MAX {
        // `out` is pure ASCII, so every byte index is a char boundary.
        let bytes = out.as_bytes();
        let cut = if bytes.get(SLUG_MAX) == Some(&b'-') {
            SLUG_MAX
        } else {
            match bytes.get(..SLUG_MAX).and_then(|head| head.iter().rposition(|&b| b == b'-')) {
                Some(i) if i >= SLUG_MAX / 2 => i,
                _ => SLUG_MAX,
            }
        };
        out.truncate(cut);
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Tone placement
// ---------------------------------------------------------------------------

/// Unifies old and new tone placement, for diacritic-sensitive matching.
///
/// In a syllable whose vowel nucleus is exactly `oa`, `oe` or `uy` (not after `q`), the
/// tone goes on the first vowel when the syllable has no final consonant (old style, as
/// the Launchpad Vietnamese guide prescribes: `hoà`→`hòa`, `thuỷ`→`thủy`, `khoẻ`→`khỏe`,
/// `hoá`→`hóa`) and on the second vowel when it has one (`hòan`→`hoàn`). Other syllables
/// (`thuyền`, `quý`, `ngoài`) are untouched. Case is kept; the output is NFC.
pub fn tone_normalize(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    let chars: Vec<char> = s.nfd().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_alphanumeric() {
            let start = i;
            while chars.get(i).is_some_and(|&c| c.is_alphanumeric() || is_mark(c)) {
                i += 1;
            }
            retone_word(chars.get(start..i).unwrap_or(&[]), &mut out);
        } else {
            out.push(c);
            i += 1;
        }
    }
    out.into_iter().nfc().collect()
}

const fn is_tone_mark(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

const fn is_quality_mark(c: char) -> bool {
    matches!(c, '\u{302}' | '\u{306}' | '\u{31B}')
}

/// Copies one NFD word to `out`, moving its tone mark if the word needs it.
fn retone_word(w: &[char], out: &mut Vec<char>) {
    let Some((from, to)) = retone_plan(w) else {
        out.extend_from_slice(w);
        return;
    };
    let tone = w.get(from).copied();
    for (i, &c) in w.iter().enumerate() {
        if i == to {
            out.extend(tone);
        }
        if i != from {
            out.push(c);
        }
    }
    if to >= w.len() {
        out.extend(tone);
    }
}

/// Marks (everything after the base) of cluster `(start, end)` of `w`.
fn cluster_marks<'a>(w: &'a [char], cluster: Option<&(usize, usize)>) -> &'a [char] {
    cluster.and_then(|&(st, en)| w.get(st + 1..en)).unwrap_or(&[])
}

/// Returns (index of the tone mark, index before which it must be re-inserted).
fn retone_plan(w: &[char]) -> Option<(usize, usize)> {
    // Clusters: a base character and the marks that follow it, as [start, end).
    let mut clusters: Vec<(usize, usize)> = Vec::with_capacity(w.len());
    for (i, &c) in w.iter().enumerate() {
        if is_mark(c)
            && let Some(last) = clusters.last_mut()
        {
            last.1 = i + 1;
            continue;
        }
        clusters.push((i, i + 1));
    }
    let base = |k: usize| -> char {
        clusters.get(k).and_then(|&(st, _)| w.get(st)).map_or('\0', |c| c.to_ascii_lowercase())
    };
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');

    // Exactly one vowel run, of exactly two vowels.
    let mut run: Option<(usize, usize)> = None;
    let mut k = 0;
    while k < clusters.len() {
        if is_vowel(base(k)) {
            let start = k;
            while k < clusters.len() && is_vowel(base(k)) {
                k += 1;
            }
            if run.is_some() {
                return None;
            }
            run = Some((start, k));
        } else {
            k += 1;
        }
    }
    let (k0, end) = run?;
    if end != k0 + 2 {
        return None;
    }
    let k1 = k0 + 1;
    match (base(k0), base(k1)) {
        ('o', 'a') | ('o', 'e') => {}
        ('u', 'y') if k0 == 0 || base(k0 - 1) != 'q' => {}
        _ => return None,
    }
    if cluster_marks(w, clusters.get(k0))
        .iter()
        .chain(cluster_marks(w, clusters.get(k1)))
        .any(|&c| is_quality_mark(c))
    {
        return None;
    }
    // Exactly one tone mark in the word, and it sits on the nucleus.
    let mut tone: Option<(usize, usize)> = None; // (char index, cluster)
    for (ci, &(st, en)) in clusters.iter().enumerate() {
        for i in st + 1..en {
            if w.get(i).is_some_and(|&c| is_tone_mark(c)) {
                if tone.is_some() {
                    return None;
                }
                tone = Some((i, ci));
            }
        }
    }
    let (tone_idx, tone_cluster) = tone?;
    if tone_cluster != k0 && tone_cluster != k1 {
        return None;
    }
    let has_final =
        clusters.iter().skip(k1 + 1).any(|&(st, _)| w.get(st).is_some_and(|c| c.is_alphabetic()));
    let target = if has_final { k1 } else { k0 };
    if target == tone_cluster {
        return None;
    }
    let insert_at = clusters.get(target)?.1;
    Some((tone_idx, insert_at))
}

// ---------------------------------------------------------------------------
// Collation
// ---------------------------------------------------------------------------

/// A collation key: comparing keys (`Ord`) gives the same result as [`cmp_vi`] on the
/// strings they were made from (or [`cmp_names`] for [`name_sort_key`]).
///
/// Build it once per item to sort large lists (`sort_by_cached_key`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SortKey(Box<[u16]>);

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

/// Alphabet position of `a`..`z`; the Vietnamese letters ă(1) â(2) đ(6) ê(8) ô(19) ơ(20)
/// ư(27) sit in between.
#[rustfmt::skip]
const LATIN_ORD: [u16; 26] = [
    0, 3, 4, 5, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31, 32,
];
const ORD_D_STROKE: u16 = 6;

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

/// The diacritics of one cluster, as a set (so mark order does not matter).
#[derive(Default, Clone, Copy)]
struct Marks {
    tone: u8,
    breve: bool,
    circ: bool,
    horn: bool,
    /// Smallest other combining mark, 0 when none.
    other: u32,
}

impl Marks {
    fn add(&mut self, m: char) {
        match m {
            '\u{300}' => self.tone = self.tone.max(1),
            '\u{309}' => self.tone = self.tone.max(2),
            '\u{303}' => self.tone = self.tone.max(3),
            '\u{301}' => self.tone = self.tone.max(4),
            '\u{323}' => self.tone = self.tone.max(5),
            '\u{306}' => self.breve = true,
            '\u{302}' => self.circ = true,
            '\u{31B}' => self.horn = true,
            other => self.add_other(other as u32),
        }
    }

    fn add_other(&mut self, cp: u32) {
        if self.other == 0 || cp < self.other {
            self.other = cp;
        }
    }

    /// Moves quality marks that no letter used into the "other" set.
    fn flush_quality(&mut self) {
        if std::mem::take(&mut self.breve) {
            self.add_other(0x306);
        }
        if std::mem::take(&mut self.circ) {
            self.add_other(0x302);
        }
        if std::mem::take(&mut self.horn) {
            self.add_other(0x31B);
        }
    }

    fn secondary(&self) -> u16 {
        let tone = u16::from(self.tone);
        if self.other == 0 {
            SEC_COMMON + tone
        } else {
            8 + ((self.other & 0x0FFF) as u16) * 8 + tone
        }
    }
}

/// Primary weight of an ASCII letter (lowercase byte), consuming the quality mark it uses.
fn letter_primary(lower: u8, m: &mut Marks) -> u16 {
    let ord = match lower {
        b'a' if m.circ => {
            m.circ = false;
            2
        }
        b'a' if m.breve => {
            m.breve = false;
            1
        }
        b'e' if m.circ => {
            m.circ = false;
            8
        }
        b'o' if m.horn => {
            m.horn = false;
            20
        }
        b'o' if m.circ => {
            m.circ = false;
            19
        }
        b'u' if m.horn => {
            m.horn = false;
            27
        }
        _ => LATIN_ORD.get(usize::from(lower.wrapping_sub(b'a'))).copied().unwrap_or(0),
    };
    P_LETTER + ord
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
    Ce { p0, p1, s: m.secondary(), t: if upper { TER_UPPER } else { TER_LOWER } }
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
pub fn sort_key(s: &str) -> SortKey {
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
pub fn cmp_vi(a: &str, b: &str) -> Ordering {
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
pub fn name_sort_key(full_name: &str) -> SortKey {
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
pub fn cmp_names(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let (ten_a, dem_a, ho_a) = name_parts(a);
    let (ten_b, dem_b, ho_b) = name_parts(b);
    cmp_vi(ten_a, ten_b).then_with(|| cmp_vi(&dem_a, &dem_b)).then_with(|| cmp_vi(ho_a, ho_b))
}

// ---------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------

/// Appends ASCII digits with `.` between groups of three.
fn push_grouped(out: &mut String, digits: &str) {
    let len = digits.len();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
}

/// Formats an integer with `.` as the thousands separator: `1234567` → `"1.234.567"`,
/// `-1234` → `"-1.234"`, `0` → `"0"`.
pub fn format_int(n: i64) -> String {
    let mut out = String::with_capacity(28);
    if n < 0 {
        out.push('-');
    }
    push_grouped(&mut out, &n.unsigned_abs().to_string());
    out
}

/// Formats an amount of đồng in full: `1234567` → `"1.234.567 đồng"`.
pub fn format_vnd(n: i64) -> String {
    let mut out = format_int(n);
    out.push_str(" đồng");
    out
}

/// Formats an amount of đồng compactly, in triệu (10⁶) or tỷ (10⁹) with at most two
/// decimals, rounded half away from zero, trailing zeros dropped:
/// `1_234_000_000` → `"1,23 tỷ đồng"`, `185_860_000` → `"185,86 triệu đồng"`,
/// `2_000_000_000` → `"2 tỷ đồng"`. Amounts below one triệu use [`format_vnd`].
pub fn format_vnd_compact(n: i64) -> String {
    const TRIEU: u128 = 1_000_000;
    const TY: u128 = 1_000_000_000;
    let abs = u128::from(n.unsigned_abs());
    if abs < TRIEU {
        return format_vnd(n);
    }
    let hundredths_trieu = (abs + TRIEU / 200) / (TRIEU / 100);
    let (unit, hundredths) = if abs >= TY || hundredths_trieu >= 100_000 {
        ("tỷ", (abs + TY / 200) / (TY / 100))
    } else {
        ("triệu", hundredths_trieu)
    };
    let mut out = String::with_capacity(32);
    if n < 0 {
        out.push('-');
    }
    push_grouped(&mut out, &(hundredths / 100).to_string());
    let frac = hundredths % 100;
    if frac != 0 {
        out.push(',');
        if frac % 10 == 0 {
            out.push_str(&(frac / 10).to_string());
        } else {
            out.push_str(&format!("{frac:02}"));
        }
    }
    out.push(' ');
    out.push_str(unit);
    out.push_str(" đồng");
    out
}

/// Formats a number the Vietnamese way with at most `max_frac` decimals: `1.34` →
/// `"1,34"`, `2.0` → `"2"`, `1234.5` → `"1.234,5"`.
///
/// Rounds half away from zero on the shortest decimal form of `x` (so `1.005` with two
/// decimals gives `"1,01"`); trailing zeros are dropped; NaN and infinities give `"–"`.
pub fn format_decimal(x: f64, max_frac: usize) -> String {
    if !x.is_finite() {
        return "–".to_owned();
    }
    // Display for f64 never uses exponent notation and gives the shortest round-trip form.
    let repr = format!("{}", x.abs());
    let (int_part, frac_part) = repr.split_once('.').unwrap_or((repr.as_str(), ""));
    let mut digits: Vec<u8> = int_part
        .bytes()
        .chain(frac_part.bytes())
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    let mut int_len = int_part.len();
    if frac_part.len() > max_frac {
        let keep = int_len + max_frac;
        let round_up = digits.get(keep).is_some_and(|&d| d >= 5);
        digits.truncate(keep);
        if round_up {
            let mut carry = true;
            for d in digits.iter_mut().rev() {
                if *d == 9 {
                    *d = 0;
                } else {
                    *d += 1;
                    carry = false;
                    break;
                }
            }
            if carry {
                digits.insert(0, 1);
                int_len += 1;
            }
        }
    }
    let mut end = digits.len();
    while end > int_len && digits.get(end - 1) == Some(&0) {
        end -= 1;
    }
    let shown = digits.get(..end).unwrap_or(&[]);
    let is_zero = shown.iter().all(|&d| d == 0);
    let mut out = String::with_capacity(end + end / 3 + 2);
    if x.is_sign_negative() && !is_zero {
        out.push('-');
    }
    let int_digits: String = shown.iter().take(int_len).map(|&d| char::from(b'0' + d)).collect();
    if int_digits.is_empty() {
        out.push('0');
    } else {
        push_grouped(&mut out, &int_digits);
    }
    if end > int_len {
        out.push(',');
        out.extend(shown.iter().skip(int_len).map(|&d| char::from(b'0' + d)));
    }
    out
}

/// Formats a value that is already in percent, with at most two decimals: `1.34` →
/// `"1,34%"`, `40.0` → `"40%"`, `33.333` → `"33,33%"`. NaN and infinities give `"–"`.
pub fn format_percent(x: f64) -> String {
    if !x.is_finite() {
        return "–".to_owned();
    }
    let mut out = format_decimal(x, 2);
    out.push('%');
    out
}

/// Zero-pads a count to two digits, as official prose does for small counts: `5` →
/// `"05"`, `12` → `"12"`, `123` → `"123"`.
pub fn pad2(n: u32) -> String {
    format!("{n:02}")
}

/// Parses an integer written the Vietnamese way: `"1.234.567"`, `"1234567"`, `"05"`,
/// `"-1.234"` (surrounding whitespace is ignored).
///
/// Returns `None` for decimals (`"1,5"`), groups that are not exactly three digits after
/// the first (`"1.23"`, `"1234.567"`), a grouped number starting with 0 (`"0.123"`),
/// anything else that is not a number, and values that overflow `i64`.
pub fn parse_vn_int(s: &str) -> Option<i64> {
    let t = s.trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let all_digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if body.contains('.') {
        let mut groups = body.split('.');
        let first = groups.next()?;
        if !all_digits(first) || first.len() > 3 || first.starts_with('0') {
            return None;
        }
        if !groups.all(|g| g.len() == 3 && all_digits(g)) {
            return None;
        }
    } else if !all_digits(body) {
        return None;
    }
    let mut value: i64 = 0;
    for b in body.bytes().filter(u8::is_ascii_digit) {
        let d = i64::from(b - b'0');
        value = value.checked_mul(10)?;
        value = if neg { value.checked_sub(d)? } else { value.checked_add(d)? };
    }
    Some(value)
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// Why a date could not be parsed or built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not a date form this module knows, or a year outside 1900–2100.
    Unrecognised,
    /// A day that does not exist in that month (31/02/2023, 29/02/2023, day 0).
    Impossible {
        /// The year as written.
        year: i32,
        /// The month as written (1–12).
        month: u8,
        /// The day as written.
        day: u8,
    },
    /// A month outside 1–12.
    MonthOutOfRange {
        /// The month as written.
        month: u32,
    },
}

impl DateError {
    /// Describes the error in Vietnamese, for messages shown to editors.
    pub fn describe_vi(&self) -> String {
        match self {
            DateError::Unrecognised => {
                "không nhận dạng được ngày tháng (viết dạng 16/9/2022, 2022-09-16 \
                                        hoặc \"ngày 16 tháng 9 năm 2022\", năm từ 1900 đến 2100)"
                    .to_owned()
            }
            DateError::Impossible { year, month, day } => format!(
                "ngày {day}/{month}/{year} không tồn tại (tháng {month} năm {year} có {} ngày)",
                days_in_month(*year, *month)
            ),
            DateError::MonthOutOfRange { month } => {
                format!("tháng {month} không hợp lệ (tháng phải từ 1 đến 12)")
            }
        }
    }

    /// Describes the error in English, for logs and developers.
    pub fn describe_en(&self) -> String {
        match self {
            DateError::Unrecognised => "unrecognised date (write 16/9/2022, 2022-09-16 or \
                                        \"ngày 16 tháng 9 năm 2022\", years 1900 to 2100)"
                .to_owned(),
            DateError::Impossible { year, month, day } => format!(
                "day {day} does not exist in {year}-{month:02} (that month has {} days)",
                days_in_month(*year, *month)
            ),
            DateError::MonthOutOfRange { month } => {
                format!("month {month} is out of range (1 to 12)")
            }
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe_en())
    }
}

impl std::error::Error for DateError {}

/// A date that may lack its day, or its day and month, as in published copies of
/// documents whose date line was left blank (`ngày … tháng 02 năm 2023`).
///
/// `day` is only meaningful together with `month`. Ordering is chronological, with a
/// missing part sorting before any present one (`2022` < `9/2022` < `1/9/2022`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year (1900–2100 when parsed).
    pub year: i32,
    /// The month, 1–12, if known.
    pub month: Option<u8>,
    /// The day of the month, if known (only with a month).
    pub day: Option<u8>,
}

const PARSE_YEARS: std::ops::RangeInclusive<u32> = 1900..=2100;

fn is_leap(year: i32) -> bool {
    (year.rem_euclid(4) == 0 && year.rem_euclid(100) != 0) || year.rem_euclid(400) == 0
}

/// Number of days in `month` (1–12) of `year` in the Gregorian calendar; 0 for a month
/// outside 1–12.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Checks the year range, month and day, and builds the date.
fn build_date(year: u32, month: Option<u32>, day: Option<u32>) -> Result<PartialDate, DateError> {
    if !PARSE_YEARS.contains(&year) {
        return Err(DateError::Unrecognised);
    }
    let year = i32::try_from(year).map_err(|_| DateError::Unrecognised)?;
    let month = match month {
        None if day.is_some() => return Err(DateError::Unrecognised),
        None => None,
        Some(m) => match u8::try_from(m) {
            Ok(m8) if (1..=12).contains(&m8) => Some(m8),
            _ => return Err(DateError::MonthOutOfRange { month: m }),
        },
    };
    let day = match (day, month) {
        (Some(d), Some(m)) => {
            let d8 = u8::try_from(d).map_err(|_| DateError::Unrecognised)?;
            if d8 == 0 || d8 > days_in_month(year, m) {
                return Err(DateError::Impossible { year, month: m, day: d8 });
            }
            Some(d8)
        }
        _ => None,
    };
    Ok(PartialDate { year, month, day })
}

/// Parses a run of 1..=max_len ASCII digits.
fn small_number(s: &str, max_len: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Numeric forms: `2022-09-16`, `2022-9-16`, `2022-09`, `2022`, `16/9/2022`, `16-9-2022`,
/// `16.9.2022`, `9/2022`.
fn parse_numeric_date(t: &str) -> Result<PartialDate, DateError> {
    let mut sep = None;
    for c in t.chars() {
        if c.is_ascii_digit() {
            continue;
        }
        if !matches!(c, '-' | '/' | '.') || sep.is_some_and(|s| s != c) {
            return Err(DateError::Unrecognised);
        }
        sep = Some(c);
    }
    let parts: Vec<&str> = match sep {
        Some(c) => t.split(c).collect(),
        None => vec![t],
    };
    let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    let num = |i: usize, max: usize| {
        parts.get(i).and_then(|p| small_number(p, max)).ok_or(DateError::Unrecognised)
    };
    match lens.as_slice() {
        [4] => build_date(num(0, 4)?, None, None),
        [4, 1 | 2] if sep == Some('-') => build_date(num(0, 4)?, Some(num(1, 2)?), None),
        [1 | 2, 4] => build_date(num(1, 4)?, Some(num(0, 2)?), None),
        [4, 1 | 2, 1 | 2] => build_date(num(0, 4)?, Some(num(1, 2)?), Some(num(2, 2)?)),
        [1 | 2, 1 | 2, 4] => build_date(num(2, 4)?, Some(num(1, 2)?), Some(num(0, 2)?)),
        _ => Err(DateError::Unrecognised),
    }
}

enum DateTok<'a> {
    Word(&'a str),
    Num(&'a str),
}

/// Characters that fill a blank slot in a date line, besides whitespace.
const fn is_blank_filler(c: char) -> bool {
    matches!(c, '.' | '…' | '_' | '·')
}

/// Splits a lowercased date line into words and numbers; blank fillers are skipped.
fn date_tokens(t: &str) -> Result<Vec<DateTok<'_>>, DateError> {
    let mut toks = Vec::new();
    let mut rest = t;
    while let Some(c) = rest.chars().next() {
        let end = if c.is_whitespace() || is_blank_filler(c) {
            c.len_utf8()
        } else if c.is_alphabetic() || c.is_ascii_digit() {
            let digit = c.is_ascii_digit();
            let end = rest
                .find(|x: char| if digit { !x.is_ascii_digit() } else { !x.is_alphabetic() })
                .unwrap_or(rest.len());
            let tok = rest.get(..end).unwrap_or("");
            toks.push(if digit { DateTok::Num(tok) } else { DateTok::Word(tok) });
            end
        } else {
            return Err(DateError::Unrecognised);
        };
        rest = rest.get(end..).unwrap_or("");
    }
    Ok(toks)
}

/// Word forms (already lowercased): `ngày 16 tháng 9 năm 2022`, `tháng 02 năm 2023`,
/// `năm 2022`, `ngày 16/9/2022`, with blank slots: `ngày   tháng 02 năm 2023`,
/// `ngày … tháng … năm 2022`.
fn parse_word_date(t: &str) -> Result<PartialDate, DateError> {
    if let Some(rest) = t.strip_prefix("ngày") {
        let rest = rest.trim_start();
        if rest.starts_with(|c: char| c.is_ascii_digit())
            && rest.contains(['/', '-', '.'])
            && rest.chars().all(|c| c.is_ascii_digit() || matches!(c, '/' | '-' | '.'))
        {
            return parse_numeric_date(rest);
        }
    }
    let toks = date_tokens(t)?;
    let mut it = toks.iter().peekable();
    // `None`: keyword absent; `Some(None)`: keyword with a blank slot.
    let mut slot = |keyword: &str, max_len: usize| -> Result<Option<Option<u32>>, DateError> {
        if !matches!(it.peek(), Some(DateTok::Word(w)) if *w == keyword) {
            return Ok(None);
        }
        it.next();
        if let Some(DateTok::Num(n)) = it.peek() {
            let v = small_number(n, max_len).ok_or(DateError::Unrecognised)?;
            it.next();
            return Ok(Some(Some(v)));
        }
        Ok(Some(None))
    };
    let day_slot = slot("ngày", 2)?;
    let month_slot = slot("tháng", 2)?;
    let year_slot = slot("năm", 4)?;
    if it.next().is_some() || (day_slot.is_some() && month_slot.is_none()) {
        return Err(DateError::Unrecognised);
    }
    match year_slot {
        Some(Some(year)) if year >= 1000 => {
            build_date(year, month_slot.flatten(), day_slot.flatten())
        }
        _ => Err(DateError::Unrecognised),
    }
}

impl PartialDate {
    /// Whether `self` is surely before `other`: partial dates compare only on the parts both
    /// know (`2025` is not surely before `12/6/2025`; `5/2025` is).
    pub fn surely_before(self, other: PartialDate) -> bool {
        if self.year != other.year {
            return self.year < other.year;
        }
        match (self.month, other.month) {
            (Some(a), Some(b)) if a != b => a < b,
            (Some(_), Some(_)) => matches!((self.day, other.day), (Some(x), Some(y)) if x < y),
            _ => false,
        }
    }

    /// Parses the date forms found in Vietnamese official documents.
    ///
    /// Input is trimmed, NFC-normalised and compared case-insensitively. Accepted:
    /// `2022-09-16`, `2022-9-16`, `2022-09`, `2022`, `16/9/2022`, `16/09/2022`, `16-9-2022`,
    /// `16.9.2022`, `9/2022`, `09/2022`, `ngày 16 tháng 9 năm 2022`,
    /// `Ngày 05 tháng 02 năm 2023`, `tháng 02 năm 2023`, `năm 2022`, `ngày 16/9/2022`, and
    /// blank-slot forms (`ngày   tháng 02 năm 2023` → year and month,
    /// `ngày  tháng  năm 2022` or `ngày … tháng … năm 2022` → year only). Years must be
    /// 1900–2100.
    ///
    /// # Errors
    /// [`DateError::MonthOutOfRange`] for a month outside 1–12, [`DateError::Impossible`]
    /// for a day the month does not have, [`DateError::Unrecognised`] otherwise.
    pub fn parse(s: &str) -> Result<PartialDate, DateError> {
        let t = nfc(s.trim()).to_lowercase();
        let t = t.trim();
        match t.chars().next() {
            None => Err(DateError::Unrecognised),
            Some(c) if c.is_ascii_digit() => parse_numeric_date(t),
            Some(_) => parse_word_date(t),
        }
    }

    /// Builds a complete date, checking that it exists (years 1–9999).
    ///
    /// # Errors
    /// [`DateError::MonthOutOfRange`], [`DateError::Impossible`], or
    /// [`DateError::Unrecognised`] for a year outside 1–9999.
    pub fn ymd(year: i32, month: u8, day: u8) -> Result<PartialDate, DateError> {
        PartialDate::ym(year, month)?;
        if day == 0 || day > days_in_month(year, month) {
            return Err(DateError::Impossible { year, month, day });
        }
        Ok(PartialDate { year, month: Some(month), day: Some(day) })
    }

    /// Builds a year-and-month date (years 1–9999).
    ///
    /// # Errors
    /// [`DateError::MonthOutOfRange`], or [`DateError::Unrecognised`] for a year outside
    /// 1–9999.
    pub fn ym(year: i32, month: u8) -> Result<PartialDate, DateError> {
        if !(1..=9999).contains(&year) {
            return Err(DateError::Unrecognised);
        }
        if !(1..=12).contains(&month) {
            return Err(DateError::MonthOutOfRange { month: u32::from(month) });
        }
        Ok(PartialDate { year, month: Some(month), day: None })
    }

    /// The month and day, if present (a day without a month is ignored).
    fn month_day(&self) -> (Option<u8>, Option<u8>) {
        match self.month {
            Some(m) => (Some(m), self.day),
            None => (None, None),
        }
    }

    /// True when year, month and day are all present.
    pub fn is_complete(&self) -> bool {
        matches!(self.month_day(), (Some(_), Some(_)))
    }

    /// ISO 8601 form: `"2022-09-16"`, `"2022-09"` or `"2022"`.
    pub fn iso(&self) -> String {
        match self.month_day() {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// Inline reference form used in body text, without padding: `"16/9/2022"`,
    /// `"5/2/2023"`; partial dates give `"9/2022"` or `"2022"`.
    pub fn short_vi(&self) -> String {
        match self.month_day() {
            (Some(m), Some(d)) => format!("{d}/{m}/{}", self.year),
            (Some(m), None) => format!("{m}/{}", self.year),
            _ => self.year.to_string(),
        }
    }

    /// Official date line (NĐ 30/2020): `"ngày 16 tháng 9 năm 2022"`,
    /// `"ngày 05 tháng 02 năm 2023"`: days 01–09 and months 01–02 are zero-padded, months
    /// 3–12 are not. Partial dates give `"tháng 02 năm 2023"` or `"năm 2022"`.
    pub fn line_vi(&self) -> String {
        let month = |m: u8| if m <= 2 { format!("{m:02}") } else { m.to_string() };
        match self.month_day() {
            (Some(m), Some(d)) => format!("ngày {d:02} tháng {} năm {}", month(m), self.year),
            (Some(m), None) => format!("tháng {} năm {}", month(m), self.year),
            _ => format!("năm {}", self.year),
        }
    }

    /// Days since 1970-01-01 (negative before), for complete and valid dates only.
    pub fn days_since_epoch(&self) -> Option<i64> {
        let (Some(m), Some(d)) = self.month_day() else {
            return None;
        };
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(self.year, m) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i64::from(m), i64::from(d));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(era * 146_097 + doe - 719_468)
    }

    /// RFC 3339 timestamp at local midnight in Vietnam (UTC+7), a missing month or day
    /// counting as 01: `"2022-09-16T00:00:00+07:00"`.
    pub fn rfc3339(&self) -> String {
        let (m, d) = self.month_day();
        format!("{:04}-{:02}-{:02}T00:00:00+07:00", self.year, m.unwrap_or(1), d.unwrap_or(1))
    }
}

// ---------------------------------------------------------------------------
// Legacy encodings
// ---------------------------------------------------------------------------

/// A pre-Unicode Vietnamese 8-bit encoding (DOMAIN.md §4.9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LegacyEncoding {
    /// Windows-1258: precomposed ă â ê ô ơ ư đ, tones as separate combining bytes.
    Windows1258,
    /// TCVN3 (TCVN 5712:1993 VN3, "ABC"): fonts `.VnTime`, `.VnArial`, `.VnTimeH`.
    Tcvn3,
    /// VNI-Windows: ASCII base letter followed by an accent byte; fonts `VNI-Times`.
    Vni,
    /// No confident guess.
    Unknown,
}

impl LegacyEncoding {
    /// Display name: `"Windows-1258"`, `"TCVN3 (ABC)"`, `"VNI-Windows"` or `"unknown"`.
    pub fn name(&self) -> &'static str {
        match self {
            LegacyEncoding::Windows1258 => "Windows-1258",
            LegacyEncoding::Tcvn3 => "TCVN3 (ABC)",
            LegacyEncoding::Vni => "VNI-Windows",
            LegacyEncoding::Unknown => "unknown",
        }
    }
}

/// Base letter of a TCVN3 letter byte.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum VBase {
    A,
    ABreve,
    ACirc,
    E,
    ECirc,
    I,
    O,
    OCirc,
    OHorn,
    U,
    UHorn,
    Y,
    DStroke,
}

/// TCVN3 (VN3) letters: `(base, toned)`. 0xA1–0xA7 are Ă Â Ê Ô Ơ Ư Đ, 0xA8–0xAE
/// ă â ê ô ơ ư đ; the toned lowercase vowels fill 0xB5–0xFE, five per vowel in the order
/// huyền, hỏi, ngã, sắc, nặng (à 0xB5, ả 0xB6, ã 0xB7, á 0xB8, ạ 0xB9). Toned capitals only
/// exist in the separate `H` fonts, which reuse the lowercase codes.
fn tcvn3_class(b: u8) -> Option<(VBase, bool)> {
    use VBase::*;
    let untoned = |v| Some((v, false));
    let toned = |v| Some((v, true));
    match b {
        0xA1 | 0xA8 => untoned(ABreve),
        0xA2 | 0xA9 => untoned(ACirc),
        0xA3 | 0xAA => untoned(ECirc),
        0xA4 | 0xAB => untoned(OCirc),
        0xA5 | 0xAC => untoned(OHorn),
        0xA6 | 0xAD => untoned(UHorn),
        0xA7 | 0xAE => untoned(DStroke),
        0xB5..=0xB9 => toned(A),
        0xBB..=0xBE | 0xC6 => toned(ABreve),
        0xC7..=0xCB => toned(ACirc),
        0xCC | 0xCE..=0xD1 => toned(E),
        0xD2..=0xD6 => toned(ECirc),
        0xD7 | 0xD8 | 0xDC..=0xDE => toned(I),
        0xDF | 0xE1..=0xE4 => toned(O),
        0xE5..=0xE9 => toned(OCirc),
        0xEA..=0xEE => toned(OHorn),
        0xEF | 0xF1..=0xF4 => toned(U),
        0xF5..=0xF9 => toned(UHorn),
        0xFA..=0xFE => toned(Y),
        _ => None,
    }
}

/// Can a toned vowel with base `v` directly follow the ASCII vowel `prev` in a
/// Vietnamese syllable (oa, oă, oe, uâ, uê, uô, uơ, uy, qu+V, gi+V, iê, yê)?
fn tcvn3_pair_ok(prev: u8, v: VBase) -> bool {
    use VBase::*;
    match prev.to_ascii_lowercase() {
        b'o' => matches!(v, A | ABreve | E),
        b'u' => !matches!(v, U | UHorn | DStroke),
        b'i' => !matches!(v, I | Y | DStroke),
        b'y' => v == ECirc,
        _ => false,
    }
}

fn is_ascii_vowel(b: u8) -> bool {
    matches!(b.to_ascii_lowercase(), b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

fn prev_byte(w: &[u8], i: usize) -> Option<u8> {
    i.checked_sub(1).and_then(|j| w.get(j)).copied()
}

/// Could this word (ASCII letters and bytes >= 0xA1) be Vietnamese in TCVN3?
fn tcvn3_word_ok(w: &[u8]) -> bool {
    let (mut toned, mut untoned) = (0u32, 0u32);
    for (i, &b) in w.iter().enumerate() {
        if b < 0x80 {
            continue;
        }
        match tcvn3_class(b) {
            None => return false,
            Some((v, true)) => {
                toned += 1;
                if prev_byte(w, i).is_some_and(|p| is_ascii_vowel(p) && !tcvn3_pair_ok(p, v)) {
                    return false;
                }
            }
            Some((VBase::DStroke, false)) if i != 0 => return false,
            Some(_) => untoned += 1,
        }
    }
    toned <= 1 && untoned <= 3
}

/// Lowercases a Latin-1 letter byte (0xC0–0xDE except 0xD7).
fn latin1_lower(b: u8) -> u8 {
    if (0xC0..=0xDE).contains(&b) && b != 0xD7 { b + 0x20 } else { b }
}

/// Could this word be Vietnamese in VNI-Windows?
fn vni_word_ok(w: &[u8]) -> bool {
    let mut tones = 0u32;
    for (i, &b) in w.iter().enumerate() {
        if b < 0x80 {
            continue;
        }
        let prev = prev_byte(w, i).map(|p| latin1_lower(p).to_ascii_lowercase());
        match latin1_lower(b) {
            0xF4 | 0xF6 => {}    // ơ ư
            0xF1 if i == 0 => {} // đ starts a word
            // í ì ỉ ĩ ị ỵ: never right after a vowel other than u (quí, quỵ)
            0xED | 0xEC | 0xE6 | 0xF3 | 0xF2 | 0xEE
                if !matches!(prev, Some(b'a' | b'e' | b'i' | b'o' | b'y' | 0xF4 | 0xF6)) =>
            {
                tones += 1;
            }
            // sắc huyền hỏi ngã nặng on a, e, o, u, y, ơ, ư
            0xF9 | 0xF8 | 0xFB | 0xF5 | 0xEF
                if matches!(prev, Some(b'a' | b'e' | b'o' | b'u' | b'y' | 0xF4 | 0xF6)) =>
            {
                tones += 1;
            }
            // circumflex, alone or with a tone, on a, e, o
            c @ 0xE0..=0xE5 if matches!(prev, Some(b'a' | b'e' | b'o')) => {
                tones += u32::from(c != 0xE2);
            }
            // breve, alone or with a tone, on a
            c @ (0xEA | 0xE9 | 0xE8 | 0xFA | 0xFC | 0xEB) if prev == Some(b'a') => {
                tones += u32::from(c != 0xEA);
            }
            _ => return false,
        }
    }
    tones <= 1
}

/// Windows-1258 precomposed vowels with a quality mark: Â Ă Ê Ô Ơ Ư â ă ê ô ơ ư.
const CP1258_QUALITY: [u8; 12] =
    [0xC2, 0xC3, 0xCA, 0xD4, 0xD5, 0xDD, 0xE2, 0xE3, 0xEA, 0xF4, 0xF5, 0xFD];
/// Windows-1258 precomposed toned vowels: À Á È É Í Ó Ù Ú à á è é í ó ù ú.
const CP1258_TONED: [u8; 16] = [
    0xC0, 0xC1, 0xC8, 0xC9, 0xCD, 0xD3, 0xD9, 0xDA, 0xE0, 0xE1, 0xE8, 0xE9, 0xED, 0xF3, 0xF9, 0xFA,
];
/// Windows-1258 combining tone marks: grave, acute, hook, tilde, dot below.
const CP1258_TONE_MARKS: [u8; 5] = [0xCC, 0xEC, 0xD2, 0xDE, 0xF2];

/// Could this word be Vietnamese in Windows-1258?
fn cp1258_word_ok(w: &[u8]) -> bool {
    let mut tones = 0u32;
    for (i, &b) in w.iter().enumerate() {
        if b < 0x80 {
            continue;
        }
        let prev = prev_byte(w, i);
        let prev_ascii = prev.filter(u8::is_ascii).map(|p| p.to_ascii_lowercase());
        let prev_high =
            prev.is_some_and(|p| CP1258_QUALITY.contains(&p) || CP1258_TONED.contains(&p));
        let ok = if CP1258_QUALITY.contains(&b) {
            // Not after a or e; after o only ă (hoặc); ươ is the only pair of such vowels
            // (prev_high: the previous byte is a precomposed vowel).
            !matches!(prev_ascii, Some(b'a' | b'e'))
                && (prev_ascii != Some(b'o') || matches!(b, 0xC3 | 0xE3))
                && (!prev_high || (matches!(prev, Some(0xFD | 0xDD)) && matches!(b, 0xF5 | 0xD5)))
        } else if CP1258_TONED.contains(&b) {
            tones += 1;
            !matches!(prev_ascii, Some(b'a' | b'e'))
                && (prev_ascii != Some(b'o')
                    || matches!(latin1_lower(b), 0xE0 | 0xE1 | 0xE8 | 0xE9))
                && !prev_high
        } else if CP1258_TONE_MARKS.contains(&b) {
            tones += 1;
            prev.is_some_and(
                |p| if p < 0x80 { is_ascii_vowel(p) } else { CP1258_QUALITY.contains(&p) },
            )
        } else if matches!(b, 0xD0 | 0xF0) {
            i == 0 // đ starts a word
        } else {
            b == 0xFE // ₫
        };
        if !ok {
            return false;
        }
    }
    tones <= 1
}

const ENCODINGS: [LegacyEncoding; 3] =
    [LegacyEncoding::Windows1258, LegacyEncoding::Tcvn3, LegacyEncoding::Vni];

fn word_ok(enc: LegacyEncoding, w: &[u8]) -> bool {
    match enc {
        LegacyEncoding::Windows1258 => cp1258_word_ok(w),
        LegacyEncoding::Tcvn3 => tcvn3_word_ok(w),
        LegacyEncoding::Vni => vni_word_ok(w),
        LegacyEncoding::Unknown => false,
    }
}

const fn is_legacy_word_byte(b: u8) -> bool {
    b.is_ascii_alphabetic() || b >= 0xA1
}

/// Guesses which legacy Vietnamese encoding produced `bytes`, which should not be valid
/// UTF-8 (valid UTF-8, including pure ASCII, gives [`LegacyEncoding::Unknown`]).
///
/// Every word holding non-ASCII bytes is checked against the shape of Vietnamese
/// syllables in each encoding: in TCVN3 every letter is one byte (`nh©n`, `Uû`) and a
/// syllable has at most one toned letter; in VNI an accent byte follows its base vowel
/// (`nhaân`, `ngöôøi`) and `đ` is `ñ`; in Windows-1258 a tone byte follows a vowel
/// (`Vi\xEA\xF2t`). The encoding under which clearly more words fit wins (at least two
/// words and two thirds of them); otherwise the answer is `Unknown`.
pub fn detect_legacy_encoding(bytes: &[u8]) -> LegacyEncoding {
    if std::str::from_utf8(bytes).is_ok() {
        return LegacyEncoding::Unknown;
    }
    let mut ok = [0i64; 3];
    let mut bad = [0i64; 3];
    for w in bytes.split(|&b| !is_legacy_word_byte(b)) {
        if w.iter().all(|&b| b < 0x80) {
            continue;
        }
        for (k, &enc) in ENCODINGS.iter().enumerate() {
            if word_ok(enc, w) {
                ok[k] += 1;
            } else {
                bad[k] += 1;
            }
        }
    }
    let score = |k: usize| ok[k] - bad[k];
    let best = (0..3).max_by_key(|&k| score(k)).unwrap_or(0);
    let second = (0..3).filter(|&k| k != best).map(score).max().unwrap_or(i64::MIN);
    if ok[best] >= 2 && ok[best] >= 2 * bad[best] && score(best) >= second.saturating_add(2) {
        ENCODINGS[best]
    } else {
        LegacyEncoding::Unknown
    }
}

/// Precomposed Vietnamese letters outside Latin-1, and combining tone marks: present in
/// real Unicode Vietnamese, absent from legacy text shown in a Unicode font.
fn is_native_vietnamese(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | '\u{1EA0}'..='\u{1EF9}' | '\u{300}'..='\u{323}'
    )
}

/// Latin-1 letters that Vietnamese uses (àáâãèéêìíòóôõùúý and capitals).
#[rustfmt::skip]
fn is_viet_latin1(b: u8) -> bool {
    matches!(
        latin1_lower(b),
        0xE0 | 0xE1 | 0xE2 | 0xE3 | 0xE8 | 0xE9 | 0xEA | 0xEC | 0xED | 0xF2 | 0xF3 | 0xF4 | 0xF5 | 0xF9 | 0xFA | 0xFD
    )
}

fn is_latin1_letter(b: u8) -> bool {
    b.is_ascii_alphabetic() || (b >= 0xC0 && b != 0xD7 && b != 0xF7)
}

fn is_latin1_upper(b: u8) -> bool {
    b.is_ascii_uppercase() || ((0xC0..=0xDE).contains(&b) && b != 0xD7)
}

/// Could this Latin-1 word be genuine Vietnamese (and so no evidence of a legacy font)?
/// Vietnamese never puts two accented Latin-1 vowels side by side, nor an accented vowel
/// right after `a` or `e`; after `o` only à á ã è é follow (oà, oá, oè…); and a word is
/// lowercase, Title case or UPPERCASE.
fn plausible_real_vietnamese(w: &[u8]) -> bool {
    let mut tones = 0u32;
    for (i, &b) in w.iter().enumerate() {
        if b < 0x80 {
            continue;
        }
        if !is_viet_latin1(b) {
            return false;
        }
        let lower = latin1_lower(b);
        tones += u32::from(!matches!(lower, 0xE2 | 0xEA | 0xF4));
        match prev_byte(w, i).map(|p| p.to_ascii_lowercase()) {
            Some(p) if p >= 0x80 => return false,
            Some(b'a' | b'e') => return false,
            Some(b'o') if !matches!(lower, 0xE0 | 0xE1 | 0xE3 | 0xE8 | 0xE9) => return false,
            _ => {}
        }
    }
    let mut letters = w.iter().filter(|&&b| is_latin1_letter(b)).map(|&b| is_latin1_upper(b));
    let first_upper = letters.next().unwrap_or(false);
    let rest: Vec<bool> = letters.collect();
    let case_ok = rest.iter().all(|&u| !u) || (first_upper && rest.iter().all(|&u| u));
    tones <= 1 && case_ok
}

/// Detects valid UTF-8 text that actually holds TCVN3, VNI or Windows-1258 bytes decoded
/// as Latin-1/CP1252, i.e. a legacy document read in a Unicode font: `"Uû ban nh©n d©n
/// tØnh"` → `Some(Tcvn3)`, `"UÛy ban nhaân daân"` → `Some(Vni)`.
///
/// Conservative: only words that cannot be real Vietnamese (letters such as `©`, `¸`, `û`,
/// `ñ`, or impossible sequences such as `aâ`) count as evidence; at least three such
/// words must fit one encoding, more than twice as many as fit any other, and the text
/// must be almost free of genuine Vietnamese letters (`ư`, `ơ`, `đ`, `ạ`, …). Returns
/// `None` for normal Vietnamese and for mojibake (see [`looks_like_mojibake`]).
pub fn looks_like_legacy_font_text(s: &str) -> Option<LegacyEncoding> {
    if s.is_ascii() || looks_like_mojibake(s) {
        return None;
    }
    let mut native = 0u32;
    let mut evidence = [0u32; 3];
    let mut word: Vec<u8> = Vec::new();
    let mut foreign = false;
    let mut flush = |word: &mut Vec<u8>, foreign: &mut bool| {
        if !*foreign && word.iter().any(|&b| b >= 0x80) && !plausible_real_vietnamese(word) {
            for (k, &enc) in ENCODINGS.iter().enumerate() {
                if word_ok(enc, word) {
                    evidence[k] += 1;
                }
            }
        }
        word.clear();
        *foreign = false;
    };
    for c in s.chars() {
        if let Ok(b) = u8::try_from(u32::from(c)) {
            if is_legacy_word_byte(b) {
                word.push(b);
                continue;
            }
        } else if is_native_vietnamese(c) {
            native += 1;
            foreign = true;
            continue;
        } else if c.is_alphanumeric() || is_mark(c) {
            foreign = true;
            continue;
        }
        flush(&mut word, &mut foreign);
    }
    flush(&mut word, &mut foreign);
    let best = (0..3).max_by_key(|&k| evidence[k]).unwrap_or(0);
    let second = (0..3).filter(|&k| k != best).map(|k| evidence[k]).max().unwrap_or(0);
    let top = evidence[best];
    if top >= 3 && top > 2 * second && native * 5 < top { Some(ENCODINGS[best]) } else { None }
}

/// Characters that CP1252 or Latin-1 decoding gives for a UTF-8 continuation byte
/// (0x80–0xBF), except the no-break space.
#[rustfmt::skip]
fn is_cp1252_continuation(c: char) -> bool {
    matches!(
        c,
        '\u{80}'..='\u{9F}' | '\u{A1}'..='\u{BF}'
            | '€' | '‚' | 'ƒ' | '„' | '…' | '†' | '‡' | 'ˆ' | '‰' | 'Š' | '‹' | 'Œ' | 'Ž'
            | '‘' | '’' | '“' | '”' | '•' | '–' | '—' | '˜' | '™' | 'š' | '›' | 'œ' | 'ž' | 'Ÿ'
    )
}

/// Detects UTF-8 text that was once decoded as CP1252 ("mojibake"): `"dáº¥u tiáº¿ng
/// Viá»‡t"`, `"Ä‘"` (đ), `"Æ°"` (ư), `"Ã¡"` (á), `"â€œ"` (“), `"Ì£"` (a combining dot
/// below). One such pair is enough; normal Vietnamese never contains one.
pub fn looks_like_mojibake(s: &str) -> bool {
    if s.is_ascii() {
        return false;
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let Some(&n) = chars.peek() else {
            break;
        };
        let hit = match c {
            // A real capital Ã (NGÃ) may be followed by closing punctuation.
            'Ã' => is_cp1252_continuation(n) && !matches!(n, '”' | '’' | '…' | '–' | '—' | '»'),
            'Ä' | 'Å' | 'Ì' => is_cp1252_continuation(n),
            'Æ' => is_cp1252_continuation(n) || n == '\u{A0}',
            'á' => matches!(n, 'º' | '»'),
            'â' => n == '€',
            _ => false,
        };
        if hit {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering::{Equal, Greater, Less};
    use unicode_normalization::char::compose;

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    // ----- normal forms ---------------------------------------------------

    #[test]
    fn nfc_composes_nfd_input() {
        let composed = "Việt Nam – bệnh viện";
        let decomposed = nfd(composed);
        assert_ne!(composed, decomposed);
        assert_eq!(nfc(&decomposed), composed);
        assert_eq!(nfc(composed), composed);
        assert!(is_nfc(composed));
        assert!(!is_nfc(&decomposed));
        assert!(is_nfc("plain ascii"));
        // ệ composes in two steps whatever the mark order (DOMAIN.md §4.8).
        assert_eq!(nfc("e\u{323}\u{302}"), "ệ");
        assert_eq!(nfc("e\u{302}\u{323}"), "ệ");
        assert_eq!(nfc("ê\u{323}"), "ệ");
    }

    // ----- fold -------------------------------------------------------------

    #[test]
    fn fold_examples() {
        assert_eq!(fold("Người Nghèo"), "nguoi ngheo");
        assert_eq!(fold("ĐIỂN HÌNH"), "dien hinh");
        assert_eq!(fold("đ Đ"), "d d");
        assert_eq!(fold("Quỹ “Vì người nghèo”"), "quy “vi nguoi ngheo”");
        assert_eq!(fold("Ưu tiên ƠN Ăn Ấm"), "uu tien on an am");
        assert_eq!(fold("ABC-123"), "abc-123");
        assert_eq!(fold(""), "");
        assert_eq!(fold("ÇA Ελλάδα"), "ca ελλαδα");
    }

    #[test]
    fn fold_gives_the_same_result_for_nfd_input() {
        for s in [
            "Người Nghèo",
            "ĐIỂN HÌNH",
            "Thủ tướng Chính phủ",
            "Ủy ban nhân dân tỉnh Bình Phước",
            "bệnh",
        ] {
            assert_eq!(fold(&nfd(s)), fold(s), "{s}");
        }
        // đ has no decomposition: in NFD text it is still U+0111 and must still fold.
        assert_eq!(fold("\u{111}e\u{302}\u{300}n"), "den");
        assert_eq!(fold("\u{110}O\u{302}\u{323}C"), "doc");
    }

    // ----- slugify ------------------------------------------------------------

    #[test]
    fn slugify_examples() {
        assert_eq!(slugify("263/KH-UBND 2022"), "263-kh-ubnd-2022");
        assert_eq!(slugify("Quyết định số 163/QĐ-UBND"), "quyet-dinh-so-163-qd-ubnd");
        assert_eq!(
            slugify("Tháng cao điểm “Vì người nghèo” năm 2022"),
            "thang-cao-diem-vi-nguoi-ngheo-nam-2022"
        );
        assert_eq!(slugify("--Hà  Nội--"), "ha-noi");
        assert_eq!(slugify(&nfd("Đồng Xoài")), "dong-xoai");
        assert_eq!(slugify("日本 Bình"), "binh");
        assert_eq!(slugify(""), "");
        assert_eq!(slugify(" – … /// "), "");
    }

    #[test]
    fn slugify_caps_at_80_bytes_on_a_dash() {
        let title = "Kế hoạch tổ chức thực hiện phong trào thi đua Vì người nghèo Không để ai bị bỏ lại \
                     phía sau giai đoạn 2021 2025 trên địa bàn tỉnh";
        assert_eq!(
            slugify(title),
            "ke-hoach-to-chuc-thuc-hien-phong-trao-thi-dua-vi-nguoi-ngheo-khong-de-ai-bi-bo"
        );
        // exactly 80 bytes followed by a dash: kept whole
        let eighty = format!("{} tail", "a".repeat(80));
        assert_eq!(slugify(&eighty), "a".repeat(80));
        // no usable dash: hard cut
        assert_eq!(slugify(&"x".repeat(200)), "x".repeat(80));
        assert_eq!(slugify(&format!("ab {}", "c".repeat(100))), format!("ab-{}", "c".repeat(77)));
    }

    // ----- tone placement -----------------------------------------------------

    #[test]
    fn tone_normalize_unifies_old_and_new_placement() {
        for (new_style, old_style) in [
            ("hoà", "hòa"),
            ("thuỷ", "thủy"),
            ("khoẻ", "khỏe"),
            ("hoá", "hóa"),
            ("khoá", "khóa"),
            ("tuỳ", "tùy"),
            ("uỷ ban", "ủy ban"),
            ("Hoà Bình", "Hòa Bình"),
            ("CỘNG HOÀ", "CỘNG HÒA"),
        ] {
            assert_eq!(tone_normalize(new_style), old_style, "{new_style}");
            assert_eq!(tone_normalize(old_style), old_style, "{old_style}");
        }
        // Different tones stay different.
        assert_ne!(tone_normalize("hòa"), tone_normalize("hóa"));
    }

    #[test]
    fn tone_normalize_leaves_other_syllables_alone() {
        for s in [
            "hoàn",
            "thuyền",
            "quý",
            "quỳnh",
            "ngoài",
            "khuỷu",
            "Người nghèo",
            "toán",
            "Huỳnh",
            "hoa",
            "plain",
        ] {
            assert_eq!(tone_normalize(s), s, "{s}");
        }
        // With a final consonant the tone belongs on the second vowel.
        assert_eq!(tone_normalize("hòan"), "hoàn");
        assert_eq!(tone_normalize("Hùynh"), "Huỳnh");
    }

    #[test]
    fn tone_normalize_accepts_nfd_and_returns_nfc() {
        let out = tone_normalize(&nfd("Cộng hoà xã hội chủ nghĩa"));
        assert_eq!(out, "Cộng hòa xã hội chủ nghĩa");
        assert!(is_nfc(&out));
        assert_eq!(tone_normalize(&nfd("thuyền")), "thuyền");
    }

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

    // ----- numbers --------------------------------------------------------------

    #[test]
    fn format_int_groups_thousands_with_dots() {
        for (n, s) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1000, "1.000"),
            (2211, "2.211"),
            (1_234_567, "1.234.567"),
            (-1234, "-1.234"),
            (-999, "-999"),
            (i64::MAX, "9.223.372.036.854.775.807"),
            (i64::MIN, "-9.223.372.036.854.775.808"),
        ] {
            assert_eq!(format_int(n), s);
        }
    }

    #[test]
    fn format_vnd_in_full() {
        assert_eq!(format_vnd(1_234_567), "1.234.567 đồng");
        assert_eq!(format_vnd(0), "0 đồng");
        assert_eq!(format_vnd(-5000), "-5.000 đồng");
    }

    #[test]
    fn format_vnd_compact_units_and_rounding() {
        for (n, s) in [
            (1_234_000_000, "1,23 tỷ đồng"),
            (185_860_000, "185,86 triệu đồng"),
            (2_000_000_000, "2 tỷ đồng"),
            (2_300_000_000, "2,3 tỷ đồng"),
            (31_000_000_000, "31 tỷ đồng"),
            (1_500_000_000_000, "1.500 tỷ đồng"),
            (319_000_000, "319 triệu đồng"),
            (1_000_000, "1 triệu đồng"),
            (1_005_000, "1,01 triệu đồng"),
            (1_004_999, "1 triệu đồng"),
            (1_235_000_000, "1,24 tỷ đồng"),
            (999_994_999, "999,99 triệu đồng"),
            (999_995_000, "1 tỷ đồng"),
            (999_999, "999.999 đồng"),
            (0, "0 đồng"),
            (-185_860_000, "-185,86 triệu đồng"),
            (i64::MIN, "-9.223.372.036,85 tỷ đồng"),
        ] {
            assert_eq!(format_vnd_compact(n), s, "{n}");
        }
    }

    #[test]
    fn format_decimal_cases() {
        for (x, frac, s) in [
            (1.34, 2, "1,34"),
            (2.0, 2, "2"),
            (1234.5, 2, "1.234,5"),
            (-1234.5, 1, "-1.234,5"),
            (0.0, 2, "0"),
            (-0.0, 2, "0"),
            (-0.001, 2, "0"),
            (1.005, 2, "1,01"),
            (2.5, 0, "3"),
            (-2.5, 0, "-3"),
            (0.125, 2, "0,13"),
            (9.999, 2, "10"),
            (999.999, 2, "1.000"),
            (0.1 + 0.2, 2, "0,3"),
            (1_234_567.891, 3, "1.234.567,891"),
            (6.15, 5, "6,15"),
            (1e-7, 2, "0"),
            (1e-7, 7, "0,0000001"),
            (1e21, 0, "1.000.000.000.000.000.000.000"),
            (3.0, usize::MAX, "3"),
        ] {
            assert_eq!(format_decimal(x, frac), s, "{x} {frac}");
        }
        assert_eq!(format_decimal(f64::NAN, 2), "–");
        assert_eq!(format_decimal(f64::INFINITY, 2), "–");
        assert_eq!(format_decimal(f64::NEG_INFINITY, 2), "–");
        assert!(format_decimal(f64::MAX, 2).starts_with("179.769.313"));
    }

    #[test]
    fn format_percent_cases() {
        for (x, s) in [
            (1.34, "1,34%"),
            (40.0, "40%"),
            (33.333, "33,33%"),
            (6.15, "6,15%"),
            (0.4, "0,4%"),
            (100.0, "100%"),
            (12_345.678, "12.345,68%"),
            (-2.5, "-2,5%"),
        ] {
            assert_eq!(format_percent(x), s);
        }
        assert_eq!(format_percent(f64::NAN), "–");
    }

    #[test]
    fn pad2_pads_small_counts() {
        assert_eq!(pad2(0), "00");
        assert_eq!(pad2(5), "05");
        assert_eq!(pad2(12), "12");
        assert_eq!(pad2(123), "123");
    }

    #[test]
    fn parse_vn_int_accepts_vietnamese_integers() {
        for (s, n) in [
            ("1.234.567", 1_234_567),
            ("1234567", 1_234_567),
            ("05", 5),
            ("0", 0),
            (" 2.211 ", 2211),
            ("1.000", 1000),
            ("-1.234", -1234),
            ("9.223.372.036.854.775.807", i64::MAX),
            ("-9223372036854775808", i64::MIN),
        ] {
            assert_eq!(parse_vn_int(s), Some(n), "{s}");
        }
    }

    #[test]
    fn parse_vn_int_rejects_everything_else() {
        for s in [
            "1.23",
            "1,5",
            "",
            " ",
            "abc",
            "1.2345",
            "1234.567",
            ".123",
            "123.",
            "1..234",
            "0.123",
            "12a",
            "-",
            "--1",
            "+5",
            "1 234",
            "1.234,5",
            "9223372036854775808",
            "٣",
        ] {
            assert_eq!(parse_vn_int(s), None, "{s}");
        }
    }

    // ----- dates ------------------------------------------------------------------

    fn full(year: i32, month: u8, day: u8) -> PartialDate {
        PartialDate { year, month: Some(month), day: Some(day) }
    }
    fn ym(year: i32, month: u8) -> PartialDate {
        PartialDate { year, month: Some(month), day: None }
    }
    fn y(year: i32) -> PartialDate {
        PartialDate { year, month: None, day: None }
    }

    #[test]
    fn parse_numeric_forms() {
        for s in [
            "2022-09-16",
            "2022-9-16",
            "16/9/2022",
            "16/09/2022",
            "16-9-2022",
            "16.9.2022",
            " 16/9/2022 ",
        ] {
            assert_eq!(PartialDate::parse(s), Ok(full(2022, 9, 16)), "{s}");
        }
        for s in ["2022-09", "9/2022", "09/2022", "9-2022", "9.2022"] {
            assert_eq!(PartialDate::parse(s), Ok(ym(2022, 9)), "{s}");
        }
        assert_eq!(PartialDate::parse("2022"), Ok(y(2022)));
        assert_eq!(PartialDate::parse("29/02/2024"), Ok(full(2024, 2, 29)));
        assert_eq!(PartialDate::parse("2000-02-29"), Ok(full(2000, 2, 29)));
        assert_eq!(PartialDate::parse("1900-01-01"), Ok(full(1900, 1, 1)));
        assert_eq!(PartialDate::parse("31/12/2100"), Ok(full(2100, 12, 31)));
    }

    #[test]
    fn parse_word_forms() {
        let cases = [
            ("ngày 16 tháng 9 năm 2022", full(2022, 9, 16)),
            ("Ngày 05 tháng 02 năm 2023", full(2023, 2, 5)),
            ("NGÀY 05 THÁNG 02 NĂM 2023", full(2023, 2, 5)),
            ("ngày 16/9/2022", full(2022, 9, 16)),
            ("tháng 02 năm 2023", ym(2023, 2)),
            ("Tháng 7 năm 2022", ym(2022, 7)),
            ("năm 2022", y(2022)),
            ("ngày   tháng 02 năm 2023", ym(2023, 2)),
            ("ngày  tháng  năm 2022", y(2022)),
            ("ngày … tháng … năm 2022", y(2022)),
            ("ngày ..... tháng ..... năm 2022", y(2022)),
            ("ngày\u{a0}\u{a0}tháng\u{a0}02 năm 2023", ym(2023, 2)),
        ];
        for (s, want) in cases {
            assert_eq!(PartialDate::parse(s), Ok(want), "{s}");
            assert_eq!(PartialDate::parse(&nfd(s)), Ok(want), "NFD {s}");
        }
    }

    #[test]
    fn parse_errors() {
        use DateError::*;
        for (s, want) in [
            ("31/02/2023", Impossible { year: 2023, month: 2, day: 31 }),
            ("29/02/2023", Impossible { year: 2023, month: 2, day: 29 }),
            ("1900-02-29", Impossible { year: 1900, month: 2, day: 29 }),
            ("0/9/2022", Impossible { year: 2022, month: 9, day: 0 }),
            ("ngày 31 tháng 4 năm 2022", Impossible { year: 2022, month: 4, day: 31 }),
            ("13/2022", MonthOutOfRange { month: 13 }),
            ("2022-13-01", MonthOutOfRange { month: 13 }),
            ("01/00/2022", MonthOutOfRange { month: 0 }),
            ("tháng 13 năm 2022", MonthOutOfRange { month: 13 }),
        ] {
            assert_eq!(PartialDate::parse(s), Err(want), "{s}");
        }
        for s in [
            "",
            "   ",
            "abc",
            "1899",
            "2101",
            "16/9/22",
            "16/9-2022",
            "2022/09",
            "1/1/1/2022",
            "16 tháng 9 năm 2022",
            "ngày 16 năm 2022",
            "ngày 16 tháng năm 2022",
            "tháng 9",
            "năm",
            "năm 22",
            "năm 20222",
            "ngày 123 tháng 9 năm 2022",
            "ngày 16 tháng 9 năm 2022 xyz",
            "Hà Nội, ngày 16 tháng 9 năm 2022",
        ] {
            assert_eq!(PartialDate::parse(s), Err(Unrecognised), "{s:?}");
        }
    }

    #[test]
    fn date_errors_are_described_in_both_languages() {
        let e = DateError::Impossible { year: 2023, month: 2, day: 31 };
        assert!(e.describe_vi().contains("31/2/2023"), "{}", e.describe_vi());
        assert!(e.describe_vi().contains("28 ngày"));
        assert!(e.describe_en().contains("28 days"));
        assert_eq!(e.to_string(), e.describe_en());
        let m = DateError::MonthOutOfRange { month: 13 };
        assert!(m.describe_vi().contains("tháng 13"));
        assert!(m.describe_en().contains("13"));
        assert!(DateError::Unrecognised.describe_vi().contains("16/9/2022"));
        assert_ne!(DateError::Unrecognised.describe_vi(), DateError::Unrecognised.describe_en());
    }

    #[test]
    fn ymd_validates() {
        assert_eq!(PartialDate::ymd(2024, 2, 29), Ok(full(2024, 2, 29)));
        assert_eq!(
            PartialDate::ymd(2023, 2, 29),
            Err(DateError::Impossible { year: 2023, month: 2, day: 29 })
        );
        assert_eq!(PartialDate::ymd(2023, 0, 1), Err(DateError::MonthOutOfRange { month: 0 }));
        assert_eq!(
            PartialDate::ymd(2023, 12, 32),
            Err(DateError::Impossible { year: 2023, month: 12, day: 32 })
        );
        assert_eq!(
            PartialDate::ymd(2023, 12, 0),
            Err(DateError::Impossible { year: 2023, month: 12, day: 0 })
        );
        assert_eq!(PartialDate::ymd(0, 1, 1), Err(DateError::Unrecognised));
        assert_eq!(PartialDate::ym(2023, 2), Ok(ym(2023, 2)));
        assert_eq!(PartialDate::ym(2023, 13), Err(DateError::MonthOutOfRange { month: 13 }));
    }

    #[test]
    fn days_in_month_cases() {
        for (year, month, days) in [
            (2024, 2, 29),
            (2023, 2, 28),
            (1900, 2, 28),
            (2000, 2, 29),
            (2023, 4, 30),
            (2023, 12, 31),
            (2023, 0, 0),
            (2023, 13, 0),
        ] {
            assert_eq!(days_in_month(year, month), days, "{year}-{month}");
        }
    }

    #[test]
    fn date_formats() {
        let d = full(2022, 9, 16);
        assert!(d.is_complete());
        assert_eq!(d.iso(), "2022-09-16");
        assert_eq!(d.short_vi(), "16/9/2022");
        assert_eq!(d.line_vi(), "ngày 16 tháng 9 năm 2022");
        assert_eq!(d.rfc3339(), "2022-09-16T00:00:00+07:00");

        let d = full(2023, 2, 5);
        assert_eq!(d.iso(), "2023-02-05");
        assert_eq!(d.short_vi(), "5/2/2023");
        assert_eq!(d.line_vi(), "ngày 05 tháng 02 năm 2023");
        assert_eq!(full(2023, 1, 9).line_vi(), "ngày 09 tháng 01 năm 2023");
        assert_eq!(full(2023, 3, 1).line_vi(), "ngày 01 tháng 3 năm 2023");
        assert_eq!(full(2023, 12, 10).line_vi(), "ngày 10 tháng 12 năm 2023");

        let d = ym(2023, 2);
        assert!(!d.is_complete());
        assert_eq!(d.iso(), "2023-02");
        assert_eq!(d.short_vi(), "2/2023");
        assert_eq!(d.line_vi(), "tháng 02 năm 2023");
        assert_eq!(d.rfc3339(), "2023-02-01T00:00:00+07:00");
        assert_eq!(ym(2022, 9).line_vi(), "tháng 9 năm 2022");

        let d = y(2022);
        assert!(!d.is_complete());
        assert_eq!(d.iso(), "2022");
        assert_eq!(d.short_vi(), "2022");
        assert_eq!(d.line_vi(), "năm 2022");
        assert_eq!(d.rfc3339(), "2022-01-01T00:00:00+07:00");

        // A day without a month (only possible through the public fields) is ignored.
        let odd = PartialDate { year: 2022, month: None, day: Some(3) };
        assert!(!odd.is_complete());
        assert_eq!(odd.iso(), "2022");
        assert_eq!(odd.days_since_epoch(), None);
    }

    #[test]
    fn formatted_dates_parse_back() {
        for d in [
            full(2022, 9, 16),
            full(2023, 2, 5),
            full(2024, 2, 29),
            ym(2023, 2),
            ym(2022, 12),
            y(2021),
        ] {
            assert_eq!(PartialDate::parse(&d.iso()), Ok(d));
            assert_eq!(PartialDate::parse(&d.short_vi()), Ok(d));
            assert_eq!(PartialDate::parse(&d.line_vi()), Ok(d));
        }
    }

    #[test]
    fn days_since_epoch_values() {
        for (d, n) in [
            (full(1970, 1, 1), 0),
            (full(1969, 12, 31), -1),
            (full(2022, 9, 16), 19_251),
            (full(2024, 2, 29), 19_782),
            (full(2000, 3, 1), 11_017),
            (full(1900, 1, 1), -25_567),
            (full(2100, 12, 31), 47_846),
        ] {
            assert_eq!(d.days_since_epoch(), Some(n), "{d:?}");
        }
        assert_eq!(ym(2022, 9).days_since_epoch(), None);
        assert_eq!(y(2022).days_since_epoch(), None);
        assert_eq!(
            PartialDate { year: 2022, month: Some(13), day: Some(1) }.days_since_epoch(),
            None
        );
        assert_eq!(
            PartialDate { year: 2023, month: Some(2), day: Some(29) }.days_since_epoch(),
            None
        );
        // Every day from 1900 to 2100 follows the previous one.
        let mut prev = full(1900, 1, 1).days_since_epoch();
        for year in 1900..=2100 {
            for month in 1..=12u8 {
                for day in 1..=days_in_month(year, month) {
                    let n = full(year, month, day).days_since_epoch();
                    if (year, month, day) != (1900, 1, 1) {
                        assert_eq!(n, prev.map(|p| p + 1), "{year}-{month}-{day}");
                    }
                    prev = n;
                }
            }
        }
    }

    #[test]
    fn partial_dates_order_chronologically_with_missing_parts_first() {
        let mut v =
            vec![y(2023), full(2022, 1, 2), ym(2022, 2), full(2022, 1, 1), ym(2022, 1), y(2022)];
        v.sort();
        assert_eq!(
            v,
            [y(2022), ym(2022, 1), full(2022, 1, 1), full(2022, 1, 2), ym(2022, 2), y(2023)]
        );
    }

    // ----- legacy encodings -------------------------------------------------------

    const SENTENCE: &str = "Ủy ban nhân dân tỉnh Bình Phước ban hành kế hoạch thực hiện phong trào thi đua Vì người nghèo";
    const HEADING: &str = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc";

    /// Bytes of a string of U+0000–U+00FF characters (how Latin-1 shows legacy bytes).
    fn latin1(s: &str) -> Vec<u8> {
        s.chars().map(|c| u8::try_from(u32::from(c)).expect("Latin-1 character")).collect()
    }

    /// Legacy bytes as a Unicode font shows them (Latin-1 decoding).
    fn latin1_text(bytes: &[u8]) -> String {
        bytes.iter().map(|&b| char::from(b)).collect()
    }

    /// Windows-1252 decoding (bytes undefined in 1252 map to C1 controls, as browsers do).
    fn cp1252_text(bytes: &[u8]) -> String {
        #[rustfmt::skip]
        const HIGH: [char; 32] = [
            '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
            '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
        ];
        bytes
            .iter()
            .map(|&b| {
                if (0x80..0xA0).contains(&b) { HIGH[usize::from(b - 0x80)] } else { char::from(b) }
            })
            .collect()
    }

    /// TCVN 5712:1993 VN3 ("ABC") code chart: the 67 lowercase letters and the 7 untoned
    /// capitals Ă Â Ê Ô Ơ Ư Đ. Tones in the order huyền, hỏi, ngã, sắc, nặng.
    #[rustfmt::skip]
    const TCVN3_TABLE: [(char, u8); 74] = [
        ('à', 0xB5), ('ả', 0xB6), ('ã', 0xB7), ('á', 0xB8), ('ạ', 0xB9),
        ('ă', 0xA8), ('ằ', 0xBB), ('ẳ', 0xBC), ('ẵ', 0xBD), ('ắ', 0xBE), ('ặ', 0xC6),
        ('â', 0xA9), ('ầ', 0xC7), ('ẩ', 0xC8), ('ẫ', 0xC9), ('ấ', 0xCA), ('ậ', 0xCB),
        ('đ', 0xAE),
        ('è', 0xCC), ('ẻ', 0xCE), ('ẽ', 0xCF), ('é', 0xD0), ('ẹ', 0xD1),
        ('ê', 0xAA), ('ề', 0xD2), ('ể', 0xD3), ('ễ', 0xD4), ('ế', 0xD5), ('ệ', 0xD6),
        ('ì', 0xD7), ('ỉ', 0xD8), ('ĩ', 0xDC), ('í', 0xDD), ('ị', 0xDE),
        ('ò', 0xDF), ('ỏ', 0xE1), ('õ', 0xE2), ('ó', 0xE3), ('ọ', 0xE4),
        ('ô', 0xAB), ('ồ', 0xE5), ('ổ', 0xE6), ('ỗ', 0xE7), ('ố', 0xE8), ('ộ', 0xE9),
        ('ơ', 0xAC), ('ờ', 0xEA), ('ở', 0xEB), ('ỡ', 0xEC), ('ớ', 0xED), ('ợ', 0xEE),
        ('ù', 0xEF), ('ủ', 0xF1), ('ũ', 0xF2), ('ú', 0xF3), ('ụ', 0xF4),
        ('ư', 0xAD), ('ừ', 0xF5), ('ử', 0xF6), ('ữ', 0xF7), ('ứ', 0xF8), ('ự', 0xF9),
        ('ỳ', 0xFA), ('ỷ', 0xFB), ('ỹ', 0xFC), ('ý', 0xFD), ('ỵ', 0xFE),
        ('Ă', 0xA1), ('Â', 0xA2), ('Ê', 0xA3), ('Ô', 0xA4), ('Ơ', 0xA5), ('Ư', 0xA6), ('Đ', 0xA7),
    ];

    /// Legacy fonts have no curly quotes, dashes or ellipsis: typists used ASCII.
    fn ascii_punctuation(s: &str) -> String {
        nfc(s).replace(['“', '”'], "\"").replace(['–', '—'], "-").replace('…', "...")
    }

    /// Encodes to TCVN3 like the usual converters: toned capitals, which VN3 lacks, get
    /// the lowercase code (to be shown in a `.VnTimeH` capitals font).
    fn tcvn3_encode(s: &str) -> Vec<u8> {
        let code = |c: char| TCVN3_TABLE.iter().find(|(u, _)| *u == c).map(|&(_, b)| b);
        ascii_punctuation(s)
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    c as u8
                } else {
                    code(c)
                        .or_else(|| c.to_lowercase().next().and_then(code))
                        .expect("letter in TCVN3")
                }
            })
            .collect()
    }

    /// Splits a Vietnamese letter into (lowercase base, quality mark, tone 0..=5 in the
    /// order none, huyền, hỏi, ngã, sắc, nặng, uppercase).
    fn analyse(c: char) -> (char, Option<char>, usize, bool) {
        let mut base = None;
        let mut quality = None;
        let mut tone = 0;
        for d in c.to_lowercase().collect::<String>().nfd() {
            match d {
                '\u{300}' => tone = 1,
                '\u{309}' => tone = 2,
                '\u{303}' => tone = 3,
                '\u{301}' => tone = 4,
                '\u{323}' => tone = 5,
                '\u{302}' | '\u{306}' | '\u{31B}' => quality = Some(d),
                _ => base = Some(d),
            }
        }
        (base.expect("base letter"), quality, tone, c.is_uppercase())
    }

    /// Encodes to VNI-Windows: base letter + accent byte; ơ ư đ and the toned i, ỵ are
    /// single bytes; capitals use the Latin-1 capital of each accent byte.
    fn vni_encode(s: &str) -> Vec<u8> {
        const TONE: [u8; 6] = [0, 0xF8, 0xFB, 0xF5, 0xF9, 0xEF]; // ø û õ ù ï
        const CIRC: [u8; 6] = [0xE2, 0xE0, 0xE5, 0xE3, 0xE1, 0xE4]; // â à å ã á ä
        const BREVE: [u8; 6] = [0xEA, 0xE8, 0xFA, 0xFC, 0xE9, 0xEB]; // ê è ú ü é ë
        const I: [u8; 6] = [b'i', 0xEC, 0xE6, 0xF3, 0xED, 0xF2]; // i ì æ ó í ò
        let mut out = Vec::new();
        for c in ascii_punctuation(s).chars() {
            if c.is_ascii() {
                out.push(c as u8);
                continue;
            }
            let (base, quality, tone, upper) = analyse(c);
            let case = |b: u8| {
                if upper && b >= 0xE0 {
                    b - 0x20
                } else if upper {
                    b.to_ascii_uppercase()
                } else {
                    b
                }
            };
            let base_byte = case(base as u8);
            match (base, quality) {
                ('đ', _) => out.push(case(0xF1)),
                ('i', None) => out.push(case(I[tone])),
                ('y', None) if tone == 5 => out.push(case(0xEE)),
                ('o' | 'u', Some('\u{31B}')) => {
                    out.push(case(if base == 'o' { 0xF4 } else { 0xF6 }));
                    if tone > 0 {
                        out.push(case(TONE[tone]));
                    }
                }
                (_, Some('\u{302}')) => out.extend([base_byte, case(CIRC[tone])]),
                (_, Some('\u{306}')) => out.extend([base_byte, case(BREVE[tone])]),
                _ => {
                    out.push(base_byte);
                    if tone > 0 {
                        out.push(case(TONE[tone]));
                    }
                }
            }
        }
        out
    }

    /// Encodes to Windows-1258: letters with a quality mark are precomposed, tones are
    /// combining bytes; with `precomposed_tones`, the 16 toned vowels that 1258 has
    /// (à á è é í ó ù ú and capitals) are used directly, as Windows does.
    fn cp1258_encode(s: &str, precomposed_tones: bool) -> Vec<u8> {
        #[rustfmt::skip]
        const LETTERS: [(char, u8); 14] = [
            ('Â', 0xC2), ('Ă', 0xC3), ('Ê', 0xCA), ('Ô', 0xD4), ('Ơ', 0xD5), ('Ư', 0xDD), ('Đ', 0xD0),
            ('â', 0xE2), ('ă', 0xE3), ('ê', 0xEA), ('ô', 0xF4), ('ơ', 0xF5), ('ư', 0xFD), ('đ', 0xF0),
        ];
        #[rustfmt::skip]
        const TONED: [(char, u8); 16] = [
            ('À', 0xC0), ('Á', 0xC1), ('È', 0xC8), ('É', 0xC9), ('Í', 0xCD), ('Ó', 0xD3), ('Ù', 0xD9), ('Ú', 0xDA),
            ('à', 0xE0), ('á', 0xE1), ('è', 0xE8), ('é', 0xE9), ('í', 0xED), ('ó', 0xF3), ('ù', 0xF9), ('ú', 0xFA),
        ];
        const TONE_BYTES: [u8; 6] = [0, 0xCC, 0xD2, 0xDE, 0xEC, 0xF2]; // by tone: huyền hỏi ngã sắc nặng
        let mut out = Vec::new();
        for c in ascii_punctuation(s).chars() {
            if c.is_ascii() {
                out.push(c as u8);
                continue;
            }
            if let Some(&(_, b)) = TONED.iter().find(|(u, _)| precomposed_tones && *u == c) {
                out.push(b);
                continue;
            }
            let (base, quality, tone, upper) = analyse(c);
            let letter = quality.map_or(Some(base), |q| compose(base, q)).expect("composable");
            let letter =
                if upper { letter.to_uppercase().next().expect("capital") } else { letter };
            if letter.is_ascii() {
                out.push(letter as u8);
            } else {
                out.push(LETTERS.iter().find(|(u, _)| *u == letter).expect("letter in 1258").1);
            }
            if tone > 0 {
                out.push(TONE_BYTES[tone]);
            }
        }
        out
    }

    /// All 134 Vietnamese letters with a diacritic, lowercase then uppercase.
    fn vietnamese_letters() -> Vec<char> {
        let lower = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ";
        lower.chars().chain(lower.chars().flat_map(char::to_uppercase)).collect()
    }

    #[test]
    fn test_encoders_match_published_samples() {
        // DOMAIN.md §4.9: "Uû ban nh©n d©n" is Uỷ ban nhân dân in TCVN3.
        assert_eq!(tcvn3_encode("Uỷ ban nhân dân tỉnh"), latin1("Uû ban nh©n d©n tØnh"));
        assert_eq!(tcvn3_encode("Bảo Thắng, Bát Xát"), latin1("B¶o Th¾ng, B¸t X¸t"));
        assert_eq!(tcvn3_encode("Mường Khương"), latin1("M\u{AD}êng Kh\u{AD}¬ng"));
        assert_eq!(tcvn3_encode("Độc lập"), latin1("§éc lËp"));
        assert_eq!(vni_encode("Ủy ban nhân dân"), latin1("UÛy ban nhaân daân"));
        assert_eq!(vni_encode("Xin chào các bạn"), latin1("Xin chaøo caùc baïn"));
        assert_eq!(vni_encode("Bình Phước, đua"), latin1("Bình Phöôùc, ñua"));
        assert_eq!(vni_encode("ĐỒNG Ỵ ỉ"), latin1("ÑOÀNG Î æ"));
        assert_eq!(cp1258_encode("Việt", false), b"Vi\xEA\xF2t");
        assert_eq!(cp1258_encode("á Ạ đ Ư", false), b"a\xEC A\xF2 \xF0 \xDD");
        assert_eq!(cp1258_encode("á ờ", true), b"\xE1 \xF5\xCC");
    }

    #[test]
    fn every_letter_is_a_plausible_word_in_each_encoding() {
        for c in vietnamese_letters() {
            let s = c.to_string();
            let t = tcvn3_encode(&s);
            assert!(tcvn3_word_ok(&t), "TCVN3 {c} {t:x?}");
            let v = vni_encode(&s);
            assert!(vni_word_ok(&v), "VNI {c} {v:x?}");
            for pre in [false, true] {
                let w = cp1258_encode(&s, pre);
                assert!(cp1258_word_ok(&w), "1258 {c} {w:x?}");
            }
        }
    }

    #[test]
    fn tcvn3_table_agrees_with_the_library_classes() {
        use VBase::*;
        for (c, b) in TCVN3_TABLE {
            let (base, quality, tone, _) = analyse(c);
            let want = match (base, quality) {
                ('a', None) => A,
                ('a', Some('\u{306}')) => ABreve,
                ('a', Some(_)) => ACirc,
                ('e', None) => E,
                ('e', Some(_)) => ECirc,
                ('i', _) => I,
                ('o', None) => O,
                ('o', Some('\u{302}')) => OCirc,
                ('o', Some(_)) => OHorn,
                ('u', None) => U,
                ('u', Some(_)) => UHorn,
                ('y', _) => Y,
                _ => DStroke,
            };
            assert_eq!(tcvn3_class(b), Some((want, tone > 0)), "{c} {b:#x}");
        }
        let classified = (0x80..=0xFFu8).filter(|&b| tcvn3_class(b).is_some()).count();
        assert_eq!(classified, TCVN3_TABLE.len());
    }

    #[test]
    fn word_checkers_follow_syllable_shapes() {
        for w in ["nh©n", "®\u{AD}êng", "Uû", "ho¹ch", "hoµ", "qu¸"] {
            assert!(tcvn3_word_ok(&latin1(w)), "TCVN3 {w}");
        }
        for w in ["a®", "h\u{EA}\u{EC}", "a¸", "y¸", "h\u{E0}", "ch\u{B0}"] {
            assert!(!tcvn3_word_ok(&latin1(w)), "TCVN3 {w}");
        }
        for w in ["nhaân", "ñua", "Phöôùc", "quí", "UÛy", "ÑOÀNG"] {
            assert!(vni_word_ok(&latin1(w)), "VNI {w}");
        }
        for w in ["hñ", "aøù", "iâ", "haì", "nh©n", "hoaøù"] {
            assert!(!vni_word_ok(&latin1(w)), "VNI {w}");
        }
        for w in [
            &b"Vi\xEA\xF2t"[..],
            b"\xF0ua",
            b"ng\xFD\xF5\xCCi",
            b"ho\xE0",
            b"ho\xE3c",
            b"\xD0\xD4\xF2C",
            b"\xF0\xFD\xF5\xCCng",
            b"\xF0\xE2u",
        ] {
            assert!(cp1258_word_ok(w), "1258 {w:x?}");
        }
        for w in
            [&b"a\xF0"[..], b"h\xCC", b"a\xE2n", b"Vi\xEA\xF2\xCCt", b"\xFF", b"o\xEA", b"\xE2\xEA"]
        {
            assert!(!cp1258_word_ok(w), "1258 {w:x?}");
        }
    }

    #[test]
    fn detects_each_encoding_on_a_sentence() {
        use LegacyEncoding::*;
        let old_style = SENTENCE.replace("Ủy", "Uỷ");
        assert_eq!(detect_legacy_encoding(&tcvn3_encode(SENTENCE)), Tcvn3);
        assert_eq!(detect_legacy_encoding(&tcvn3_encode(&old_style)), Tcvn3);
        assert_eq!(detect_legacy_encoding(&vni_encode(SENTENCE)), Vni);
        assert_eq!(detect_legacy_encoding(&cp1258_encode(SENTENCE, false)), Windows1258);
        assert_eq!(detect_legacy_encoding(&cp1258_encode(SENTENCE, true)), Windows1258);
        assert_eq!(detect_legacy_encoding(&tcvn3_encode(HEADING)), Tcvn3);
        assert_eq!(detect_legacy_encoding(&vni_encode(HEADING)), Vni);
        assert_eq!(detect_legacy_encoding(&cp1258_encode(HEADING, false)), Windows1258);
        assert_eq!(detect_legacy_encoding(&cp1258_encode(HEADING, true)), Windows1258);
    }

    #[test]
    fn real_texts_round_trip_through_every_encoding() {
        use LegacyEncoding::*;
        type Encoder = fn(&str) -> Vec<u8>;
        let encoders: [(LegacyEncoding, Encoder); 4] = [
            (Tcvn3, tcvn3_encode),
            (Vni, vni_encode),
            (Windows1258, |s| cp1258_encode(s, false)),
            (Windows1258, |s| cp1258_encode(s, true)),
        ];
        for text in REAL_TEXTS {
            for (enc, encode) in encoders {
                let bytes = encode(text);
                // Every real word must fit its own encoding's syllable rules.
                for w in bytes
                    .split(|&b| !is_legacy_word_byte(b))
                    .filter(|w| w.iter().any(|&b| b >= 0x80))
                {
                    assert!(word_ok(enc, w), "{enc:?}: {:?} in {text}", latin1_text(w));
                }
                assert_eq!(detect_legacy_encoding(&bytes), enc, "{text}");
                assert_eq!(looks_like_legacy_font_text(&latin1_text(&bytes)), Some(enc), "{text}");
            }
        }
    }

    #[test]
    fn detects_short_samples() {
        use LegacyEncoding::*;
        assert_eq!(detect_legacy_encoding(&latin1("Uû ban nh©n d©n")), Tcvn3);
        assert_eq!(detect_legacy_encoding(&vni_encode("nhân dân")), Vni);
        assert_eq!(detect_legacy_encoding(&cp1258_encode("Việt Nam tiếng", false)), Windows1258);
    }

    #[test]
    fn detection_declines_when_unsure() {
        use LegacyEncoding::Unknown;
        assert_eq!(detect_legacy_encoding(b""), Unknown);
        assert_eq!(detect_legacy_encoding(b"plain ascii text"), Unknown);
        assert_eq!(detect_legacy_encoding(SENTENCE.as_bytes()), Unknown); // valid UTF-8
        assert_eq!(detect_legacy_encoding(b"caf\xE9"), Unknown); // one word is not enough
        assert_eq!(detect_legacy_encoding(&[0xFF; 16]), Unknown);
        // Latin-1 French is not Vietnamese in any encoding.
        assert_eq!(detect_legacy_encoding(&latin1("Ça a été très éprouvé à Noël, déjà")), Unknown);
        // Random bytes.
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed >> 24) as u8
            })
            .collect();
        assert_eq!(detect_legacy_encoding(&noise), Unknown);
    }

    #[test]
    fn legacy_encoding_names() {
        assert_eq!(LegacyEncoding::Windows1258.name(), "Windows-1258");
        assert_eq!(LegacyEncoding::Tcvn3.name(), "TCVN3 (ABC)");
        assert_eq!(LegacyEncoding::Vni.name(), "VNI-Windows");
        assert_eq!(LegacyEncoding::Unknown.name(), "unknown");
    }

    #[test]
    fn legacy_font_text_is_recognised() {
        use LegacyEncoding::*;
        assert_eq!(looks_like_legacy_font_text("Uû ban nh©n d©n tØnh"), Some(Tcvn3));
        assert_eq!(looks_like_legacy_font_text("UÛy ban nhaân daân"), Some(Vni));
        assert_eq!(looks_like_legacy_font_text(&latin1_text(&tcvn3_encode(SENTENCE))), Some(Tcvn3));
        assert_eq!(looks_like_legacy_font_text(&cp1252_text(&tcvn3_encode(HEADING))), Some(Tcvn3));
        assert_eq!(looks_like_legacy_font_text(&latin1_text(&vni_encode(SENTENCE))), Some(Vni));
        assert_eq!(looks_like_legacy_font_text(&cp1252_text(&vni_encode(HEADING))), Some(Vni));
        assert_eq!(
            looks_like_legacy_font_text(&latin1_text(&cp1258_encode(SENTENCE, false))),
            Some(Windows1258)
        );
        // Two words are not enough.
        assert_eq!(looks_like_legacy_font_text("Uû ban nh©n"), None);
    }

    /// Real Vietnamese, including words spelled only with Latin-1 letters and both tone
    /// placements.
    const REAL_TEXTS: &[&str] = &[
        SENTENCE,
        HEADING,
        "Ủy ban nhân dân tỉnh Bình Phước ban hành Kế hoạch số 263/KH-UBND ngày 16/9/2022 về việc tổ chức \
         thực hiện phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” giai đoạn 2021 – 2025.",
        "Tặng Bằng khen cho 06 tập thể, 06 cá nhân đã có thành tích xuất sắc; Huân chương Lao động hạng Ba; \
         Chiến sĩ thi đua cơ sở; Giấy khen của Chủ tịch UBND huyện.",
        "Toà án, khoá học, hoá đơn, xoá đói giảm nghèo, hoà giải, Thuý Kiều, quý vị, giày dép, Ông Bà, ÔNG BÀ, \
         Ý KIẾN, yêu quê hương, tuân thủ, Hoà Bình, HOÀ BÌNH, loã xoã, choé, hoè, Ê-đê, Xơ-đăng, M'nông, K'Ho, \
         Tà Ôi, Chăm, Raglai, Uỷ ban, Thủy, khoẻ.",
        "Số hộ nghèo giảm từ 14.627 hộ (tỷ lệ 6,15%) xuống còn 3.568 hộ (1,34%); Quỹ đã tiếp nhận 185.860.000đ, \
         hỗ trợ xây dựng 05 căn nhà Đại đoàn kết tại thôn Bù Đốp, xã Thiện Hưng.",
        "Ông Nguyễn Văn Á, bà Trần Thị Ý, anh Lê Quý Đôn, chị Hồ Thị Thoà, cháu Võ Gia Bảo.",
        "Đường về được mười cây số; thuở ấy người ta khuỷu tay quỵ xuống hoặc giặt giũ, tuổi già uống nước, \
         hươu nai, quyết tâm, khuya khoắt, chuối, yếu, uyển chuyển, ngoặt, giữ gìn, cứu trợ, ưu tiên, \
         oằn mình, loè xoè, quạ, goá bụa, thuê, tiêu, biết, viện, diễn, yểm trợ, ích lợi, ỉa.",
    ];

    #[rustfmt::skip]
    const LATIN1_ONLY_WORDS: &[&str] = &[
        "hoà", "HOÀ", "toà", "khoá", "xoá", "hoá", "oà", "loã", "xoã", "choé", "hoè", "quý", "QUÝ",
        "Ý", "ý", "giày", "cái", "gì", "tuân", "quê", "yêu", "nghèo", "nhân", "dân", "Bình", "BÌNH",
        "Thuý", "thuê", "khuê", "huân", "xuân", "uyên", "nguyên", "tuyên", "khuyên", "Tây", "Ông",
        "ÔNG", "Ân", "Âu", "Ê", "Ô", "Hà", "Tòa", "Ngô", "Võ", "Lê", "Lý", "Mã", "giáo", "khoái",
        "ngoáy", "quào", "quát", "quàng", "oán", "toán", "hoàn", "khoán", "thoát", "xoàng", "Chí",
        "À", "cà", "phê", "Phú", "Yên", "Kon", "Tum",
    ];

    #[test]
    fn real_vietnamese_is_neither_legacy_nor_mojibake() {
        for t in REAL_TEXTS {
            for form in [t.to_string(), nfd(t)] {
                assert_eq!(looks_like_legacy_font_text(&form), None, "{form}");
                assert!(!looks_like_mojibake(&form), "{form}");
            }
        }
        let all = LATIN1_ONLY_WORDS.join(" ");
        assert_eq!(looks_like_legacy_font_text(&all), None);
        for w in LATIN1_ONLY_WORDS {
            assert!(plausible_real_vietnamese(&latin1(w)), "{w}");
        }
        // Foreign names in a short line are not enough either.
        assert_eq!(looks_like_legacy_font_text("Müller và Ørsted"), None);
        assert_eq!(looks_like_legacy_font_text("Ça a été très éprouvé à Noël, déjà"), None);
    }

    #[test]
    fn mojibake_is_recognised() {
        assert!(looks_like_mojibake("dáº¥u tiáº¿ng Viá»‡t"));
        assert!(looks_like_mojibake("Ä‘oÃ n káº¿t"));
        assert!(looks_like_mojibake("ngÆ°á»i"));
        assert!(looks_like_mojibake("â€œVì người nghèoâ€"));
        for one in ["ngÆ°", "Æ¡n", "Ä‘i", "Äƒn", "cÃ¡", "aÌ€", "Å©"] {
            assert!(looks_like_mojibake(one), "{one}");
        }
        assert!(looks_like_mojibake(&cp1252_text(SENTENCE.as_bytes())));
        assert!(looks_like_mojibake(&cp1252_text(HEADING.as_bytes())));
        assert!(looks_like_mojibake(&latin1_text(SENTENCE.as_bytes())));
        // NFD text read as CP1252 shows the combining marks as Ì + continuation.
        assert!(looks_like_mojibake(&cp1252_text(nfd("Hoà").as_bytes())));
        // Mojibake is not legacy-font text.
        assert_eq!(looks_like_legacy_font_text(&cp1252_text(SENTENCE.as_bytes())), None);
    }

    #[test]
    fn mojibake_check_leaves_real_text_alone() {
        // "Ã " and "Ã\u{a0}" could be a mangled "à", but also a real capital Ã: not flagged.
        for s in [
            "“ĐƯỜNG NGÃ”",
            "XÃ…",
            "NGÃ – BA",
            "XÃ HỘI",
            "NGÃ\u{a0}BA",
            "Äpfel",
            "Åland",
            "Æsir",
            "á, à",
            "Ông Bà",
            "",
        ] {
            assert!(!looks_like_mojibake(s), "{s}");
        }
    }

    // ----- robustness -------------------------------------------------------------

    /// Small deterministic generator (xorshift) for the property tests below.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[rustfmt::skip]
    const PIECES: &[char] = &[
        'a', 'A', 'o', 'O', 'u', 'y', 'e', 'i', 'q', 'n', 'g', 'h', 'đ', 'Đ', 'ư', 'ơ', 'ệ', 'Ủ',
        'ạ', '\u{300}', '\u{301}', '\u{302}', '\u{303}', '\u{306}', '\u{309}', '\u{31B}',
        '\u{323}', '\u{327}', '\u{344}', ' ', '\t', '-', '/', '.', ',', '0', '5', '9', '©', 'û',
        'Ã', '¡', '»', 'º', '€', 'ñ', '日', '😀', 'ß', 'İ', 'Å', '…', '“', '\u{0}', '\u{a0}',
        '\u{ac00}',
    ];

    #[test]
    fn arbitrary_input_never_panics_and_keeps_invariants() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut samples = Vec::new();
        for _ in 0..3000 {
            let len = rng.below(14);
            let s: String = (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            samples.push(s);
        }
        for s in &samples {
            let n = nfc(s);
            assert!(is_nfc(&n));
            assert_eq!(fold(s), fold(&n));
            let slug = slugify(s);
            assert!(slug.len() <= SLUG_MAX);
            assert!(
                slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{slug}"
            );
            assert!(
                !slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"),
                "{slug}"
            );
            let t = tone_normalize(s);
            assert!(is_nfc(&t));
            assert_eq!(fold(&t), fold(s), "tone moves keep the letters: {s:?}");
            assert_eq!(tone_normalize(&t), t, "idempotent: {s:?}");
            if !s.contains('\u{ac00}') {
                assert_eq!(cmp_vi(s, &nfd(s)), Equal, "{s:?}");
            }
            let _ = name_sort_key(s);
            let _ = parse_vn_int(s);
            let _ = PartialDate::parse(s);
            let _ = looks_like_mojibake(s);
            let _ = looks_like_legacy_font_text(s);
            let _ = detect_legacy_encoding(s.as_bytes());
            let bytes: Vec<u8> = s.bytes().map(|b| b ^ 0x80).collect();
            let _ = detect_legacy_encoding(&bytes);
        }
        for w in samples.windows(2) {
            // Also with a shared prefix, which cmp_vi skips up to a cluster boundary.
            for prefix in ["", "ba", "Nguyễn Văn ", "e\u{302}"] {
                let (a, b) = (format!("{prefix}{}", w[0]), format!("{prefix}{}", w[1]));
                assert_eq!(cmp_vi(&a, &b), sort_key(&a).cmp(&sort_key(&b)), "{a:?} {b:?}");
                assert_eq!(
                    cmp_names(&a, &b),
                    name_sort_key(&a).cmp(&name_sort_key(&b)),
                    "{a:?} {b:?}"
                );
            }
        }
        // Sorting with cmp_vi is consistent with sorting by key.
        let mut by_cmp = samples.clone();
        by_cmp.sort_by(|a, b| cmp_vi(a, b));
        let mut by_key = samples.clone();
        by_key.sort_by_cached_key(|s| sort_key(s));
        let keys_cmp: Vec<SortKey> = by_cmp.iter().map(|s| sort_key(s)).collect();
        let keys_key: Vec<SortKey> = by_key.iter().map(|s| sort_key(s)).collect();
        assert_eq!(keys_cmp, keys_key);
        for f in [f64::MIN_POSITIVE, -1e-300, 5e-324, 1e300, -0.5, 0.5, 123.456] {
            for frac in [0, 1, 2, 5, 20, 400] {
                let out = format_decimal(f, frac);
                assert!(!out.is_empty());
                let _ = format_percent(f);
            }
        }
    }

    #[test]
    fn partial_dates_are_surely_before_only_on_what_is_known() {
        let d = |s: &str| PartialDate::parse(s).unwrap();
        assert!(d("2023-12-18").surely_before(d("2025-06-12")));
        assert!(!d("2025").surely_before(d("2025-06-12")));
        assert!(d("2025-05").surely_before(d("2025-06-12")));
        assert!(!d("2025-06-12").surely_before(d("2025-06-12")));
    }
}
