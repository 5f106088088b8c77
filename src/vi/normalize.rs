//! Normal forms and mark decomposition: NFC for storage, and the base letter and diacritics of a character (precomposed or followed by combining marks).
//!
//! Text is stored in NFC; NFD arrives from macOS file names and "Unicode tổ hợp" input
//! methods. NFC itself is the `unicode-normalization` crate's; what is ours is the fast
//! lookup of the precomposed Vietnamese letters ([`precomposed`]), derived once from the
//! Unicode decompositions and the mark table in `letters`, which folding and collation
//! use instead of decomposing every character.

use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::letters::{Quality, is_quality_mark, is_tone_mark, tone_rank};

/// Returns `s` in Unicode Normalization Form C (precomposed, the storage form).
///
/// Text that is already NFC (all ASCII text, most Vietnamese text) is copied without
/// being re-normalised.
pub(crate) fn nfc(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s.to_owned(),
        _ => s.nfc().collect(),
    }
}

/// Reports whether `s` is already in Unicode Normalization Form C.
pub(crate) fn is_nfc(s: &str) -> bool {
    s.is_ascii() || unicode_normalization::is_nfc(s)
}

/// True for a combining mark: anything in U+0300–U+036F or with a non-zero canonical
/// combining class.
pub(crate) fn is_mark(c: char) -> bool {
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
pub(crate) fn precomposed(c: char) -> Option<(u8, Marks)> {
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

/// A letter with its tone split off: `ệ` → `('ê', 5)`, `Ư` → `('Ư', 0)`, `a` → `('a', 0)`; the
/// rank is `letters::tone_rank`'s (0 without a tone). The same as NFD, dropping the tone mark,
/// then NFC, for ASCII, `đ` and the precomposed Vietnamese letters ([`precomposed`]), without
/// the normalisation tables; `None` for any other character (the caller decomposes it).
pub(crate) fn split_tone(c: char) -> Option<(char, u8)> {
    if c.is_ascii() || matches!(c, 'đ' | 'Đ') {
        return Some((c, 0));
    }
    let (base, marks) = precomposed(c)?;
    if marks.other != 0 {
        return None;
    }
    let mut qualities = Quality::MARKED.into_iter().filter(|&q| marks.has(q));
    let letter = match (qualities.next(), qualities.next()) {
        (None, _) => char::from(base),
        (Some(q), None) => compose(char::from(base), q.mark()?)?,
        (Some(_), Some(_)) => return None,
    };
    Some((letter, marks.tone))
}

/// The diacritics of one cluster, as a set (so mark order does not matter).
#[derive(Default, Clone, Copy)]
pub(crate) struct Marks {
    /// Tone rank (see `letters::tone_rank`), 0 when none; the highest wins if several.
    pub(crate) tone: u8,
    /// A combining breve is present and no letter has claimed it.
    breve: bool,
    /// A combining circumflex is present and no letter has claimed it.
    circ: bool,
    /// A combining horn is present and no letter has claimed it.
    horn: bool,
    /// Smallest other combining mark, 0 when none.
    pub(crate) other: u32,
}

impl Marks {
    /// Adds one combining mark.
    pub(crate) fn add(&mut self, m: char) {
        if let Some(rank) = tone_rank(m) {
            self.tone = self.tone.max(rank);
            return;
        }
        match Quality::of_mark(m) {
            Some(Quality::Breve) => self.breve = true,
            Some(Quality::Circumflex) => self.circ = true,
            Some(Quality::Horn) => self.horn = true,
            _ => self.add_other(m as u32),
        }
    }

    /// Whether quality `q` is present (and unclaimed).
    pub(crate) fn has(&self, q: Quality) -> bool {
        match q {
            Quality::Breve => self.breve,
            Quality::Circumflex => self.circ,
            Quality::Horn => self.horn,
            Quality::Plain | Quality::Stroke => false,
        }
    }

    /// Claims quality `q` for the base letter: it no longer counts as a separate mark.
    pub(crate) fn take(&mut self, q: Quality) {
        match q {
            Quality::Breve => self.breve = false,
            Quality::Circumflex => self.circ = false,
            Quality::Horn => self.horn = false,
            Quality::Plain | Quality::Stroke => {}
        }
    }

    fn add_other(&mut self, cp: u32) {
        if self.other == 0 || cp < self.other {
            self.other = cp;
        }
    }

    /// Moves quality marks that no letter claimed into the "other" set.
    pub(crate) fn flush_quality(&mut self) {
        for q in Quality::MARKED {
            if let Some(m) = q.mark().filter(|_| self.has(q)) {
                self.take(q);
                self.add_other(m as u32);
            }
        }
    }
}

/// `s` in NFD, for tests that check NFC and NFD input give the same result.
#[cfg(test)]
pub(crate) fn nfd(s: &str) -> String {
    s.nfd().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn split_tone_is_nfd_without_the_tone_then_nfc() {
        assert_eq!(split_tone('ệ'), Some(('ê', 5)));
        assert_eq!(split_tone('Ằ'), Some(('Ă', 1)));
        assert_eq!(split_tone('ơ'), Some(('ơ', 0)));
        assert_eq!(split_tone('a'), Some(('a', 0)));
        assert_eq!(split_tone('đ'), Some(('đ', 0)));
        assert_eq!(split_tone('\u{301}'), None);
        // Every character the table knows, against the long way round.
        let mut known = 0;
        for c in (0xC0..=0x1B0).chain(0x1EA0..=0x1EF9).filter_map(char::from_u32) {
            let Some((letter, tone)) = split_tone(c) else { continue };
            known += 1;
            let mut rank = 0;
            let rest: String = c
                .to_string()
                .nfd()
                .filter(|&m| match tone_rank(m) {
                    Some(r) => {
                        rank = r;
                        false
                    }
                    None => true,
                })
                .nfc()
                .collect();
            assert_eq!((rest, rank), (letter.to_string(), tone), "{c}");
        }
        assert!(known > 130, "{known}");
    }
}
