//! Tone placement: unify old (`hoà`, `thuỷ`) and new (`hòa`, `thủy`) placement of the tone mark in the nuclei `oa`, `oe`, `uy`, for diacritic-sensitive matching.

use unicode_normalization::UnicodeNormalization;

use super::letters::{is_quality_mark, is_tone_mark, is_vowel_base};
use super::normalize::is_mark;
/// Unifies old and new tone placement, for diacritic-sensitive matching.
///
/// In a syllable whose vowel nucleus is exactly `oa`, `oe` or `uy` (not after `q`), the
/// tone goes on the first vowel when the syllable has no final consonant (old style, as
/// the Launchpad Vietnamese guide prescribes: `hoà`→`hòa`, `thuỷ`→`thủy`, `khoẻ`→`khỏe`,
/// `hoá`→`hóa`) and on the second vowel when it has one (`hòan`→`hoàn`). Other syllables
/// (`thuyền`, `quý`, `ngoài`) are untouched. Case is kept; the output is NFC.
pub(crate) fn tone_normalize(s: &str) -> String {
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
    let is_vowel = |c: char| c.is_ascii() && is_vowel_base(c as u8);

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vi::normalize::{is_nfc, nfd};

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
}
