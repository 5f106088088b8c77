//! Postings: the entries a key appears in, by field class, and their base-64 text encoding.
//!
//! For each key (and each surface form of a single key) three sets of entry numbers, by the best
//! field the key appears in: title or name (class 3), other fields such as number, place, position
//! (class 2), body text (class 1). A set is written as delta varints (base 64, digits `0`–`31` end
//! a number, `32`–`63` continue it) or, when shorter, as `!` and a bitmap (6 entries per
//! character, lowest first).

use std::collections::BTreeMap;

/// Base-64 alphabet of postings (safe inside a JavaScript string).
const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Postings of one key (or one surface form): sorted entry numbers per class, body first.
#[derive(Default, Debug, Clone)]
pub(crate) struct Postings(pub(crate) [Vec<u32>; 3]);

impl Postings {
    /// The sets of the classes, body first, joined by `|`; `n` is the number of entries.
    pub(crate) fn encode(&self, n: usize) -> String {
        let parts: Vec<String> = self.0.iter().map(|ids| encode_set(ids, n)).collect();
        // Trailing empty classes are left out: `B|F|T` → `B` when only in the body.
        let mut k = parts.len();
        while k > 1 && parts.get(k - 1).is_some_and(String::is_empty) {
            k -= 1;
        }
        parts.get(..k).unwrap_or(&[]).join("|")
    }

    /// Adds `id` with `class` (keeps the best class).
    pub(crate) fn add(&mut self, id: u32, class: u8) {
        let c = usize::from(class.clamp(1, 3) - 1);
        // Entries arrive in order, so only the last element can be `id`.
        for (i, list) in self.0.iter_mut().enumerate() {
            if list.last() == Some(&id) {
                if i >= c {
                    return;
                }
                list.pop();
            }
        }
        if let Some(l) = self.0.get_mut(c) {
            l.push(id);
        }
    }
}

/// Index of one key: postings of the key (all surfaces together for single words) and, for
/// single words, per surface form.
#[derive(Default)]
pub(crate) struct KeyData {
    /// Postings of the key.
    pub(crate) all: Postings,
    /// Postings per surface form (none for pairs and symbols).
    pub(crate) surfaces: BTreeMap<String, Postings>,
}

impl KeyData {
    /// The key's line in a shard: `key:postings` and, for words with several surface forms (or
    /// one that differs from the key), `;surface=postings` after it (`;surface=` alone when the
    /// one surface's postings equal the key's).
    pub(crate) fn line(&self, key: &str, n: usize) -> String {
        let mut line = format!("{key}:{}", self.all.encode(n));
        let single_same = self.surfaces.len() == 1 && self.surfaces.contains_key(key);
        if !single_same {
            if self.surfaces.len() == 1 {
                // One surface form: its postings equal the key's.
                if let Some(s) = self.surfaces.keys().next() {
                    line.push(';');
                    line.push_str(s);
                    line.push('=');
                }
            } else {
                for (s, p) in &self.surfaces {
                    line.push(';');
                    line.push_str(s);
                    line.push('=');
                    line.push_str(&p.encode(n));
                }
            }
        }
        line
    }
}

fn push_varint(out: &mut String, mut v: u32) {
    let mut digits = [0u8; 8];
    let mut k = 0;
    loop {
        if let Some(d) = digits.get_mut(k) {
            *d = (v & 31) as u8;
        }
        k += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for i in (0..k).rev() {
        let d = digits.get(i).copied().unwrap_or(0);
        let c = if i == 0 { d } else { d + 32 };
        out.push(char::from(B64[usize::from(c)]));
    }
}

/// Encodes sorted entry numbers as delta varints, or as `!` + bitmap when that is shorter.
fn encode_set(ids: &[u32], n: usize) -> String {
    let mut deltas = String::new();
    let mut prev: i64 = -1;
    for &id in ids {
        push_varint(&mut deltas, u32::try_from(i64::from(id) - prev - 1).unwrap_or(0));
        prev = i64::from(id);
    }
    let last = ids.last().map_or(0, |&l| l as usize + 1);
    let bitmap_len = 1 + last.div_ceil(6);
    if ids.is_empty() || deltas.len() <= bitmap_len || n == 0 {
        return deltas;
    }
    let mut bits = vec![0u8; last.div_ceil(6)];
    for &id in ids {
        if let Some(b) = bits.get_mut(id as usize / 6) {
            *b |= 1 << (id % 6);
        }
    }
    let mut s = String::with_capacity(bitmap_len);
    s.push('!');
    s.extend(bits.iter().map(|&b| char::from(B64[usize::from(b)])));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_encode_as_deltas_or_bitmaps() {
        assert_eq!(encode_set(&[0, 10, 50], 100), "AJhH");
        assert_eq!(encode_set(&[0, 1, 2], 100), "!H");
        assert_eq!(encode_set(&[40], 100), "hI"); // 40 = 1*32 + 8
        let dense: Vec<u32> = (0..600).collect();
        let e = encode_set(&dense, 600);
        assert!(e.starts_with('!') && e.len() == 101, "{e}");
    }
}
