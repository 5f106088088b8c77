//! Legacy Vietnamese encodings: guess TCVN3 (ABC), VNI-Windows or Windows-1258 from bytes and convert them to Unicode, and recognise legacy-font text and CP1252 mojibake in valid UTF-8.
//!
//! The byte tables here describe the encodings (which byte is which letter), not Vietnamese
//! itself; which Unicode letters are Vietnamese comes from `letters`. The TCVN3 and VNI charts
//! are ours because no maintained crate has them (`encoding_rs` has only the WHATWG encodings,
//! Windows-1258 among them, which it converts here).

use super::letters::{is_vietnamese_letter, is_vowel_base};
use super::normalize::{is_mark, nfc};
/// A pre-Unicode Vietnamese 8-bit encoding (DOMAIN.md §4.9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum LegacyEncoding {
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
    pub(crate) fn name(&self) -> &'static str {
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
                if prev_byte(w, i).is_some_and(|p| is_vowel_base(p) && !tcvn3_pair_ok(p, v)) {
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
                |p| if p < 0x80 { is_vowel_base(p) } else { CP1258_QUALITY.contains(&p) },
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
pub(crate) fn detect_legacy_encoding(bytes: &[u8]) -> LegacyEncoding {
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

/// Precomposed Vietnamese letters outside Latin-1 (ă đ ĩ ũ ơ ư ạ … ỹ), and combining marks
/// U+0300–U+0323 (the tone marks among them): present in real Unicode Vietnamese, absent
/// from legacy text shown in a Unicode font.
fn is_native_vietnamese(c: char) -> bool {
    (u32::from(c) > 0xFF && is_vietnamese_letter(c)) || ('\u{300}'..='\u{323}').contains(&c)
}

/// Latin-1 letters that Vietnamese uses (àáâãèéêìíòóôõùúý and capitals).
fn is_viet_latin1(b: u8) -> bool {
    b >= 0x80 && is_vietnamese_letter(char::from(b))
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
pub(crate) fn looks_like_legacy_font_text(s: &str) -> Option<LegacyEncoding> {
    if s.is_ascii() || !enough_latin1_for_legacy(s) || looks_like_mojibake(s) {
        return None;
    }
    legacy_font_words(s)
}

/// The word-by-word test of [`looks_like_legacy_font_text`]: which encoding, if any, explains
/// the words that cannot be real Vietnamese.
fn legacy_font_words(s: &str) -> Option<LegacyEncoding> {
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

/// The cheap first look of [`looks_like_legacy_font_text`], one pass without words: can the text
/// hold 3 evidence words and more than 5 times as many evidence words as native letters?
///
/// Every evidence word holds at least one character of U+00A1–U+00FF (a legacy byte shown by
/// Latin-1), and no two words share one, so that count bounds the evidence from above; native
/// letters (`ư`, `ơ`, `đ`, `ạ`, …) are counted as the full test counts them. Ordinary Vietnamese
/// has more native letters than a fifth of its Latin-1 ones (`à`, `á`, `â`, …) and stops here.
fn enough_latin1_for_legacy(s: &str) -> bool {
    let (mut latin1, mut native) = (0u32, 0u32);
    for c in s.chars() {
        match u32::from(c) {
            0..=0xA0 => {}
            0xA1..=0xFF => latin1 += 1,
            _ => native += u32::from(is_native_vietnamese(c)),
        }
    }
    latin1 >= 3 && native.saturating_mul(5) < latin1
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
pub(crate) fn looks_like_mojibake(s: &str) -> bool {
    // Every first character of a pair below (Ã Ä Å Æ Ì á â) is U+00C0–U+00FF, whose UTF-8 starts
    // with the byte 0xC3: look only there instead of decoding every character.
    s.bytes().enumerate().filter(|&(_, b)| b == 0xC3).any(|(i, _)| {
        let mut chars = s[i..].chars();
        let (Some(c), Some(n)) = (chars.next(), chars.next()) else {
            return false;
        };
        match c {
            // A real capital Ã (NGÃ) may be followed by closing punctuation.
            'Ã' => is_cp1252_continuation(n) && !matches!(n, '”' | '’' | '…' | '–' | '—' | '»'),
            'Ä' | 'Å' | 'Ì' => is_cp1252_continuation(n),
            'Æ' => is_cp1252_continuation(n) || n == '\u{A0}',
            'á' => matches!(n, 'º' | '»'),
            'â' => n == '€',
            _ => false,
        }
    })
}

// ----- conversion to Unicode ---------------------------------------------------

/// Converts text in a legacy encoding to Unicode (NFC): TCVN3 and VNI by their code charts
/// (no maintained crate has them; `encoding_rs` covers only the WHATWG encodings), Windows-1258
/// by `encoding_rs`, whose output keeps 1258's separate tone marks until the NFC step composes
/// them. `None` for [`LegacyEncoding::Unknown`]. Bytes outside an encoding's letters read as
/// Windows-1252 (quotes, dashes).
///
/// TCVN3 has no toned capitals (the `.VnTimeH` fonts show the lowercase codes as capitals), so
/// such a letter is made a capital where its neighbours say so: inside an UPPERCASE word
/// (`TØNH` → `TỈNH`), next to one (`Ë C¬ Së` → `Ở CƠ SỞ`), at the start of a line or sentence, in
/// a run of capitalised words (`NguyÔn ThÞ ¸nh TuyÕt` → `Nguyễn Thị Ánh Tuyết`) and in `Ủy ban`.
pub(crate) fn decode_legacy(bytes: &[u8], enc: LegacyEncoding) -> Option<String> {
    let text = match enc {
        LegacyEncoding::Tcvn3 => tcvn3_decode(bytes),
        LegacyEncoding::Vni => vni_decode(bytes),
        LegacyEncoding::Windows1258 => {
            encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes).0.into_owned()
        }
        LegacyEncoding::Unknown => return None,
    };
    Some(nfc(&text))
}

/// Converts legacy-font text (legacy bytes shown as the Latin-1 characters of a Unicode font,
/// see [`looks_like_legacy_font_text`]) to Unicode: each run of U+0000–U+00FF characters is
/// taken as bytes and decoded with [`decode_legacy`]; other characters are kept.
pub(crate) fn legacy_font_to_unicode(s: &str, enc: LegacyEncoding) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run: Vec<u8> = Vec::new();
    let flush = |run: &mut Vec<u8>, out: &mut String| {
        if !run.is_empty() {
            let text = decode_legacy(run, enc)
                .unwrap_or_else(|| run.iter().map(|&b| char::from(b)).collect());
            out.push_str(&text);
            run.clear();
        }
    };
    for c in s.chars() {
        match u8::try_from(u32::from(c)) {
            Ok(b) => run.push(b),
            Err(_) => {
                flush(&mut run, &mut out);
                out.push(c);
            }
        }
    }
    flush(&mut run, &mut out);
    nfc(&out)
}

/// A byte outside an encoding's letters, as Windows-1252 reads it.
fn cp1252_char(b: u8) -> char {
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(std::slice::from_ref(&b));
    text.chars().next().unwrap_or(char::from(b))
}

/// TCVN3 bytes to text; toned letters (lowercase codes only) are capitalised by
/// [`tcvn3_capitals`].
fn tcvn3_decode(bytes: &[u8]) -> String {
    let mut chars: Vec<(char, bool)> = Vec::with_capacity(bytes.len());
    for &b in bytes {
        if b < 0x80 {
            chars.push((char::from(b), false));
        } else if let Some(&(c, _)) = TCVN3_TABLE.iter().find(|&&(_, code)| code == b) {
            chars.push((c, tcvn3_class(b).is_some_and(|(_, toned)| toned)));
        } else {
            chars.push((cp1252_char(b), false));
        }
    }
    tcvn3_capitals(&chars)
}

/// Letter case of a word, ignoring its case-ambiguous letters.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum WordCase {
    /// Two or more letters, all capitals (`BAN`, `UBND`).
    Upper,
    /// A capital then small letters (`Bình`).
    Title,
    /// Anything else (`ban`, one-letter words).
    Other,
}

fn word_case(word: &[(char, bool)]) -> WordCase {
    let letters: Vec<bool> = word
        .iter()
        .filter(|(c, amb)| !amb && c.is_alphabetic())
        .map(|(c, _)| c.is_uppercase())
        .collect();
    match letters.as_slice() {
        [_, _, ..] if letters.iter().all(|&u| u) => WordCase::Upper,
        [true, rest @ ..] if !word[0].1 && rest.iter().all(|&u| !u) => WordCase::Title,
        _ => WordCase::Other,
    }
}

/// Capitalises TCVN3's case-ambiguous toned letters (`(char, ambiguous)`) from their context;
/// see [`decode_legacy`].
fn tcvn3_capitals(chars: &[(char, bool)]) -> String {
    // Words: runs of letters, with the index where each starts.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].0.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].0.is_alphabetic() {
                i += 1;
            }
            words.push((start, i));
        } else {
            i += 1;
        }
    }
    let mut out: Vec<char> = chars.iter().map(|&(c, _)| c).collect();
    for (k, &(start, end)) in words.iter().enumerate() {
        let word = &chars[start..end];
        if !word.iter().any(|&(_, amb)| amb) {
            continue;
        }
        // Neighbours on the same line only.
        let same_line = |a: usize, b: usize| !chars[a..b].iter().any(|&(c, _)| c == '\n');
        let prev = k.checked_sub(1).map(|j| words[j]).filter(|&(_, e)| same_line(e, start));
        let next = words.get(k + 1).copied().filter(|&(s, _)| same_line(end, s));
        let case_of = |w: Option<(usize, usize)>| w.map(|(s, e)| word_case(&chars[s..e]));
        let (prev_case, next_case) = (case_of(prev), case_of(next));
        let others: Vec<bool> = word
            .iter()
            .filter(|(c, amb)| !amb && c.is_alphabetic())
            .map(|(c, _)| c.is_uppercase())
            .collect();
        let near_upper = prev_case == Some(WordCase::Upper) || next_case == Some(WordCase::Upper);
        let all_upper = match others.len() {
            0 => near_upper,
            1 => others[0] && (near_upper || word.len() > 2 && !word[1].1),
            _ => others.iter().all(|&u| u),
        };
        if all_upper {
            for j in start..end {
                if chars[j].1 {
                    out[j] = upper(chars[j].0);
                }
            }
            continue;
        }
        if !word[0].1 || others.iter().any(|&u| u) {
            continue;
        }
        // A lowercase-looking word starting with a toned letter.
        let before = chars[..start]
            .iter()
            .rev()
            .map(|&(c, _)| c)
            .find(|c| !matches!(c, ' ' | '\t' | '"' | '(' | '\'' | '“' | '-'));
        let sentence_start = matches!(before, None | Some('\n' | '.' | '!' | '?' | ':'));
        // A name runs on without punctuation: `Thị ánh` but not `Tuyết, ấp`.
        let joined = prev.is_some_and(|(_, e)| chars[e..start].iter().all(|&(c, _)| c == ' '));
        let in_name = joined
            && matches!(prev_case, Some(WordCase::Title | WordCase::Upper))
            && matches!(next_case, None | Some(WordCase::Title | WordCase::Upper));
        let uy_ban = matches!(out[start], 'ủ' | 'ú')
            && next
                .is_some_and(|(s, e)| out[s..e].iter().collect::<String>().to_lowercase() == "ban")
            || matches!(out[start], 'u' | 'U') && end - start == 2 && out[start + 1] == 'ỷ';
        if sentence_start || in_name || uy_ban {
            out[start] = upper(out[start]);
        }
    }
    out.into_iter().collect()
}

fn upper(c: char) -> char {
    c.to_uppercase().next().unwrap_or(c)
}

/// VNI-Windows accent bytes (lowercase forms) after a base vowel: the combining marks each adds.
fn vni_accent(base: u8, accent: u8) -> Option<&'static str> {
    let base = base.to_ascii_lowercase();
    let tone = match latin1_lower(accent) {
        0xF8 => Some("\u{300}"),
        0xFB => Some("\u{309}"),
        0xF5 => Some("\u{303}"),
        0xF9 => Some("\u{301}"),
        0xEF => Some("\u{323}"),
        _ => None,
    };
    if let Some(t) = tone {
        return matches!(base, b'a' | b'e' | b'i' | b'o' | b'u' | b'y').then_some(t);
    }
    match (base, latin1_lower(accent)) {
        (b'a' | b'e' | b'o', 0xE2) => Some("\u{302}"),
        (b'a' | b'e' | b'o', 0xE0) => Some("\u{302}\u{300}"),
        (b'a' | b'e' | b'o', 0xE5) => Some("\u{302}\u{309}"),
        (b'a' | b'e' | b'o', 0xE3) => Some("\u{302}\u{303}"),
        (b'a' | b'e' | b'o', 0xE1) => Some("\u{302}\u{301}"),
        (b'a' | b'e' | b'o', 0xE4) => Some("\u{302}\u{323}"),
        (b'a', 0xEA) => Some("\u{306}"),
        (b'a', 0xE8) => Some("\u{306}\u{300}"),
        (b'a', 0xFA) => Some("\u{306}\u{309}"),
        (b'a', 0xFC) => Some("\u{306}\u{303}"),
        (b'a', 0xE9) => Some("\u{306}\u{301}"),
        (b'a', 0xEB) => Some("\u{306}\u{323}"),
        _ => None,
    }
}

/// VNI-Windows bytes to text (composed by the caller's NFC): a vowel followed by an accent byte;
/// ơ ư đ and the toned i and ỵ are single bytes.
fn vni_decode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 4);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        let single = match b {
            0xF4 => Some("ơ"),
            0xD4 => Some("Ơ"),
            0xF6 => Some("ư"),
            0xD6 => Some("Ư"),
            0xF1 => Some("đ"),
            0xD1 => Some("Đ"),
            0xEC => Some("ì"),
            0xCC => Some("Ì"),
            0xE6 => Some("ỉ"),
            0xC6 => Some("Ỉ"),
            0xF3 => Some("ĩ"),
            0xD3 => Some("Ĩ"),
            0xED => Some("í"),
            0xCD => Some("Í"),
            0xF2 => Some("ị"),
            0xD2 => Some("Ị"),
            0xEE => Some("ỵ"),
            0xCE => Some("Ỵ"),
            _ => None,
        };
        if let Some(letter) = single {
            out.push_str(letter);
            // ơ and ư take a tone byte after them.
            let tone = next
                .and_then(|n| vni_accent(b'o', n))
                .filter(|m| m.chars().count() == 1 && !m.starts_with('\u{302}'));
            if let (true, Some(mark)) = (matches!(b, 0xF4 | 0xD4 | 0xF6 | 0xD6), tone) {
                out.push_str(mark);
                i += 1;
            }
            i += 1;
            continue;
        }
        if b < 0x80 {
            out.push(char::from(b));
            if let Some(mark) = next.and_then(|n| vni_accent(b, n)) {
                out.push_str(mark);
                i += 1;
            }
        } else {
            out.push(cp1252_char(b));
        }
        i += 1;
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    /// 4 096 pseudo-random bytes from `seed` (xorshift), the same on every run.
    fn noise(mut seed: u64) -> Vec<u8> {
        (0..4096)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed >> 24) as u8
            })
            .collect()
    }
    use crate::vi::letters::{Quality, tone_rank};
    use crate::vi::normalize::{nfc, nfd};
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::compose;

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
            if let Some(rank) = tone_rank(d) {
                tone = usize::from(rank);
            } else if Quality::of_mark(d).is_some() {
                quality = Some(d);
            } else {
                base = Some(d);
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
        let noise = noise(0x2545_F491_4F6C_DD1D);
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
    fn first_look_lets_every_legacy_text_through() {
        // The first look may only turn away text the word test would not recognise: legacy text
        // with native letters added one by one, up to past the point where the word test stops
        // recognising it, and in both Unicode fonts' decodings.
        let tcvn3 = tcvn3_encode(SENTENCE);
        let vni = vni_encode(SENTENCE);
        let (mut recognised, mut turned_away) = (0, 0);
        for legacy in
            [latin1_text(&tcvn3), cp1252_text(&tcvn3), latin1_text(&vni), cp1252_text(&vni)]
        {
            for extra in 0..12 {
                let text = format!("{legacy} {}", "ư".repeat(extra));
                let full = legacy_font_words(&text);
                if full.is_some() {
                    recognised += 1;
                    assert!(enough_latin1_for_legacy(&text), "{text}");
                } else if !enough_latin1_for_legacy(&text) {
                    turned_away += 1;
                }
                assert_eq!(looks_like_legacy_font_text(&text), full, "{text}");
            }
        }
        assert!(
            recognised > 0 && turned_away > 0,
            "{recognised} recognised, {turned_away} turned away"
        );
        // Ordinary Vietnamese stops at the first look.
        for t in [SENTENCE, HEADING, REAL_TEXTS[2], REAL_TEXTS[5]] {
            assert!(!enough_latin1_for_legacy(t), "{t}");
        }
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

    #[test]
    fn converts_each_encoding_back_to_unicode() {
        use LegacyEncoding::*;
        for text in REAL_TEXTS {
            let want = ascii_punctuation(text);
            assert_eq!(decode_legacy(&vni_encode(text), Vni).as_deref(), Some(want.as_str()));
            for pre in [false, true] {
                let got = decode_legacy(&cp1258_encode(text, pre), Windows1258);
                assert_eq!(got.as_deref(), Some(want.as_str()));
            }
            // TCVN3 loses the case of toned capitals: the letters come back, the case mostly.
            let got = decode_legacy(&tcvn3_encode(text), Tcvn3).expect("decoded");
            assert_eq!(got.to_lowercase(), want.to_lowercase(), "{text}");
            let as_font = latin1_text(&vni_encode(text));
            assert_eq!(legacy_font_to_unicode(&as_font, Vni), want);
        }
        assert_eq!(decode_legacy(b"abc", Unknown), None);
    }

    #[test]
    fn tcvn3_capitals_follow_their_neighbours() {
        let round =
            |s: &str| decode_legacy(&tcvn3_encode(s), LegacyEncoding::Tcvn3).expect("decoded");
        for s in [
            HEADING,
            "UBND TỈNH BÌNH PHƯỚC",
            "KẾ HOẠCH Ở CƠ SỞ",
            "Ủy ban nhân dân tỉnh",
            "Uỷ ban nhân dân",
            "Chủ tịch Ủy ban nhân dân tỉnh",
            "Bà Nguyễn Thị Ánh Tuyết, ấp 3",
            "sẽ ủy quyền cho ông Lê Văn Ất.",
            "Ông Trần Văn Ẩn",
            "dòng một.\nỞ dòng hai",
        ] {
            assert_eq!(round(s), s);
        }
    }

    #[test]
    fn legacy_conversion_is_total() {
        let noise = noise(0x9E37_79B9_7F4A_7C15);
        for enc in ENCODINGS {
            let text = decode_legacy(&noise, enc).expect("decoded");
            assert!(!text.is_empty());
            let _ = legacy_font_to_unicode(&text, enc);
        }
    }
}
