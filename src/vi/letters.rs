//! The Vietnamese alphabet and its diacritics: the one table of tone marks, quality marks and letters that every other rule in `vi` derives from.
//!
//! A Vietnamese letter is an ASCII base letter, at most one *quality* mark that makes another
//! letter of the alphabet (breve `ă`, circumflex `â ê ô`, horn `ơ ư`; `đ` is `d` with a stroke,
//! which Unicode does not decompose) and, on a vowel, at most one *tone* mark. In NFD the
//! marks are combining characters after the base. From these tables come: the decomposition
//! of precomposed letters (`normalize`), the vowel nuclei of tone placement (`tones`), the
//! alphabet order and tone order of collation (`collate`), and the letters that tell real
//! Vietnamese from legacy-font text (`legacy`).
//!
//! The search index writes a tone as its [`tone_rank`] digit (`render/search/keys.rs`); the
//! browser's `search.js` (its `TONE` object, which cannot import Rust) must agree with
//! [`TONE_MARKS`].

use unicode_normalization::char::decompose_canonical;

/// The five tone marks (combining characters) in dictionary order: huyền, hỏi, ngã, sắc,
/// nặng. Tone `n` (1–5) is `TONE_MARKS[n - 1]`; no mark is tone 0 (ngang).
pub(crate) const TONE_MARKS: [char; 5] = ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'];

/// Rank of a tone mark in dictionary order (huyền 1, hỏi 2, ngã 3, sắc 4, nặng 5); `None`
/// for any other character.
pub(crate) const fn tone_rank(c: char) -> Option<u8> {
    let mut i = 0;
    while i < TONE_MARKS.len() {
        if TONE_MARKS[i] == c {
            return Some(i as u8 + 1);
        }
        i += 1;
    }
    None
}

/// True for one of the five combining tone marks.
pub(crate) const fn is_tone_mark(c: char) -> bool {
    tone_rank(c).is_some()
}

/// What turns a base letter into another letter of the alphabet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Quality {
    /// No mark: the base letter itself.
    Plain,
    /// Breve (U+0306): `ă`.
    Breve,
    /// Circumflex (U+0302): `â ê ô`.
    Circumflex,
    /// Horn (U+031B): `ơ ư`.
    Horn,
    /// Stroke: `đ` (no combining mark; Unicode does not decompose it).
    Stroke,
}

impl Quality {
    /// The combining quality marks, in the order a letter claims them when several are
    /// present (horn before circumflex before breve).
    pub(crate) const MARKED: [Quality; 3] = [Quality::Horn, Quality::Circumflex, Quality::Breve];

    /// The combining mark of this quality (`None` for plain letters and the stroke).
    pub(crate) const fn mark(self) -> Option<char> {
        match self {
            Quality::Breve => Some('\u{306}'),
            Quality::Circumflex => Some('\u{302}'),
            Quality::Horn => Some('\u{31B}'),
            Quality::Plain | Quality::Stroke => None,
        }
    }

    /// The quality whose combining mark `c` is.
    pub(crate) const fn of_mark(c: char) -> Option<Quality> {
        let mut i = 0;
        while i < Quality::MARKED.len() {
            let q = Quality::MARKED[i];
            if matches!(q.mark(), Some(m) if m == c) {
                return Some(q);
            }
            i += 1;
        }
        None
    }

    const fn index(self) -> usize {
        self as usize
    }
}

/// True for a combining breve, circumflex or horn.
pub(crate) const fn is_quality_mark(c: char) -> bool {
    Quality::of_mark(c).is_some()
}

/// The alphabet in CLDR `vi` order, with the Latin letters Vietnamese borrows (f j w z) in
/// their Latin places: `a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z`.
#[rustfmt::skip]
const ALPHABET: [(u8, Quality); 33] = {
    use Quality::*;
    [
        (b'a', Plain), (b'a', Breve), (b'a', Circumflex), (b'b', Plain), (b'c', Plain),
        (b'd', Plain), (b'd', Stroke), (b'e', Plain), (b'e', Circumflex), (b'f', Plain),
        (b'g', Plain), (b'h', Plain), (b'i', Plain), (b'j', Plain), (b'k', Plain), (b'l', Plain),
        (b'm', Plain), (b'n', Plain), (b'o', Plain), (b'o', Circumflex), (b'o', Horn),
        (b'p', Plain), (b'q', Plain), (b'r', Plain), (b's', Plain), (b't', Plain), (b'u', Plain),
        (b'u', Horn), (b'v', Plain), (b'w', Plain), (b'x', Plain), (b'y', Plain), (b'z', Plain),
    ]
};

/// Marks a (base, quality) pair that is not a letter in [`ORDER`].
const NOT_A_LETTER: u8 = u8::MAX;

/// Alphabet position by ASCII lowercase base (`a`..`z`) and [`Quality`], computed from
/// [`ALPHABET`] at compile time.
const ORDER: [[u8; 5]; 26] = {
    let mut table = [[NOT_A_LETTER; 5]; 26];
    let mut i = 0;
    while i < ALPHABET.len() {
        let (base, quality) = ALPHABET[i];
        table[(base - b'a') as usize][quality.index()] = i as u8;
        i += 1;
    }
    table
};

/// Position in the alphabet (0 for `a` … 32 for `z`) of the letter made of the lowercase
/// ASCII letter `base` and `quality`; `None` when that is no letter (`e` with a horn) or
/// `base` is not `a`..`z`.
pub(crate) const fn alphabet_position(base: u8, quality: Quality) -> Option<u16> {
    if !base.is_ascii_lowercase() {
        return None;
    }
    let pos = ORDER[(base - b'a') as usize][quality.index()];
    if pos == NOT_A_LETTER { None } else { Some(pos as u16) }
}

/// True for the ASCII letters that carry a syllable's vowel (and so its tone): a e i o u y,
/// either case.
pub(crate) const fn is_vowel_base(b: u8) -> bool {
    matches!(b.to_ascii_lowercase(), b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// True for a precomposed letter of the Vietnamese alphabet with at least one diacritic:
/// a vowel with the quality mark it may take and/or a tone (`à`, `ă`, `ệ`, `Ỹ`), or `đ`,
/// `Đ`. Plain ASCII letters, combining marks and letters of other languages (`ĕ`, `ñ`, `ö`)
/// give `false`.
pub(crate) fn is_vietnamese_letter(c: char) -> bool {
    if matches!(c, 'đ' | 'Đ') {
        return true;
    }
    if c.is_ascii() {
        return false;
    }
    let mut base = None;
    let mut quality = Quality::Plain;
    let mut tone = false;
    let mut ok = true;
    decompose_canonical(c, |d| match (base, Quality::of_mark(d)) {
        (None, _) => base = Some(d),
        (Some(_), Some(q)) if quality == Quality::Plain => quality = q,
        (Some(_), None) if is_tone_mark(d) && !tone => tone = true,
        _ => ok = false,
    });
    let Some(b) = base.filter(char::is_ascii_alphabetic) else {
        return false;
    };
    let b = b.to_ascii_lowercase() as u8;
    ok && is_vowel_base(b)
        && alphabet_position(b, quality).is_some()
        && (tone || quality != Quality::Plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alphabet_is_in_cldr_order() {
        let letter = |&(b, q): &(u8, Quality)| match q.mark() {
            Some(m) => unicode_normalization::char::compose(char::from(b), m).unwrap_or('?'),
            None if q == Quality::Stroke => 'đ',
            None => char::from(b),
        };
        let s: String = ALPHABET.iter().map(letter).collect();
        assert_eq!(s, "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz");
        assert_eq!(alphabet_position(b'e', Quality::Horn), None);
        assert_eq!(alphabet_position(b'u', Quality::Horn), Some(27));
    }

    #[test]
    fn tone_ranks_follow_dictionary_order() {
        let ranks: Vec<_> =
            "\u{300}\u{309}\u{303}\u{301}\u{323}a\u{302}".chars().map(tone_rank).collect();
        assert_eq!(ranks, [Some(1), Some(2), Some(3), Some(4), Some(5), None, None]);
        assert!(is_quality_mark('\u{31B}') && !is_quality_mark('\u{301}'));
    }

    #[test]
    fn vietnamese_letters_are_recognised() {
        let latin1: String = ('\u{80}'..='\u{FF}').filter(|&c| is_vietnamese_letter(c)).collect();
        assert_eq!(latin1, "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý");
        let ext: String = ('\u{100}'..='\u{24F}').filter(|&c| is_vietnamese_letter(c)).collect();
        assert_eq!(ext, "ĂăĐđĨĩŨũƠơƯư");
        assert!(('\u{1EA0}'..='\u{1EF9}').all(is_vietnamese_letter));
        assert!(!is_vietnamese_letter('\u{1EFA}') && !is_vietnamese_letter('a'));
        assert!(!is_vietnamese_letter('\u{301}'));
    }
}
