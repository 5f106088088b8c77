//! Index encoding: the entries' terms gathered per key, cut into shards, and the records and facets
//! written beside them, as the files `themes/default/static/search.js` loads.
//!
//! A word's **group** is its line and the lines of its pairs. Shards are cut between groups only,
//! never inside one: an exact word, with the pairs that start with it, is always in one shard
//! (a very frequent word may get a shard of its own, larger than [`SHARD_BYTES`]).
//!
//! # Files
//!
//! * `search/meta.js`: the shard table (first key of each shard), facet labels and the facet
//!   values of every entry (run-length encoded: entries are numbered in facet order), the
//!   number of entries per record chunk.
//! * `search/s/<n>.js`: shard `n`, a contiguous range of sorted keys with their postings (whole
//!   groups). A query loads only the shards of its words: one per word, as a word's pairs with
//!   the next word are in its group. A shard also carries the records (`[id, title, link, date,
//!   snippet]`) of the entries whose home is one of its words: an entry's rarest title word that
//!   does not carry [`HOMED_PER_KEY`] records yet. A result whose title holds a query word
//!   often needs no record file then.
//! * `search/r/<n>.js`: records (title, link, date, snippet text) of entries `n*C .. (n+1)*C`
//!   (all entries, also those a shard carries), loaded for the results shown whose records no
//!   loaded shard carried.
//!
//! Every file calls `(window.__mbSearch=window.__mbSearch||[]).push([...])`. Output is
//! deterministic: everything is sorted.

use rayon::prelude::*;
use serde_json::json;

use super::entries::{Entry, KINDS, kind_rank};
use super::keys::{self, TITLE};
use super::postings::{KeyData, Postings};
use crate::vi;

/// Target size of a shard file, in bytes (a shard holds whole groups, so it may be larger).
const SHARD_BYTES: usize = 16 * 1024;

/// Entries per record chunk (about 14 KB of records). Results of distinct scores mostly fall one
/// per chunk: on the bench's queries, 64 per chunk saved 0 to 2 requests but cost 30 % more bytes.
const RECORD_CHUNK: usize = 32;

/// Most records one key carries (about 10 KB): a frequent name word would otherwise carry
/// hundreds and weigh on every query with that word.
const HOMED_PER_KEY: usize = 24;

/// The built index: output files (path under the site root, contents).
#[derive(Default)]
pub(crate) struct Built {
    /// Files to write.
    pub(crate) files: Vec<(String, String)>,
    /// Number of entries.
    pub(crate) entries: usize,
}

/// The index files of `entries` (in index order): the shards, `search/meta.js`, the record
/// files. `None` as soon as `stop` says so (checked between blocks of entries and between
/// stages).
pub(crate) fn build(entries: &[Entry], stop: &(dyn Fn() -> bool + Sync)) -> Option<Built> {
    let n = entries.len();
    let keys = collect_keys(entries, stop)?;
    if stop() {
        return None;
    }
    let lines: Vec<String> = keys.par_iter().map(|(k, kd)| kd.line(k, n)).collect();
    // The home of each entry's record: its rarest title word (fewest entries; the first in key
    // order on a tie). The shard of that word carries the record too, so results whose title
    // holds a query's rarest word come with the query's shards, without a record file.
    let homed = record_homes(&keys, n);
    let recs: Vec<String> = entries.par_iter().map(record).collect();
    let (mut files, firsts) = shard_files(&keys, &lines, &homed, &recs);
    let shards = files.len();
    files.push(("search/meta.js".into(), meta_file(entries, firsts)));
    debug_assert_eq!(shards + 1, files.len());
    // Records, every entry (also those a shard carries).
    files.par_extend(recs.par_chunks(RECORD_CHUNK).enumerate().map(|(i, chunk)| {
        let args = format!("[\"r\",{i},[{}]]", chunk.join(","));
        (format!("search/r/{i}.js"), js_call(&args))
    }));
    Some(Built { files, entries: n })
}

/// Parts the key table is cut into, by the hash of the key: each part takes the terms of its
/// keys from every entry, in entry order (as [`Postings::add`](super::postings::Postings::add)
/// needs), so the parts fill in parallel.
const PARTS: usize = 16;

/// The part of the key table that holds `key`.
fn part_of(key: &str) -> usize {
    use std::hash::BuildHasher;
    let hash = rustc_hash::FxBuildHasher.hash_one(key);
    usize::try_from(hash % PARTS as u64).unwrap_or(0)
}

/// Every key of the entries' terms with its postings, in key order (UTF-16, as `search.js`
/// compares). Terms are cut in parallel, a block of entries at a time (bounded memory), and
/// added in entry order to the [`PARTS`] parts of the key table, in parallel.
fn collect_keys(
    entries: &[Entry],
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<(String, KeyData)>> {
    const BLOCK: usize = 256;
    let mut parts: Vec<rustc_hash::FxHashMap<String, KeyData>> =
        (0..PARTS).map(|_| Default::default()).collect();
    for (b, block) in entries.chunks(BLOCK).enumerate() {
        if stop() {
            return None;
        }
        // Each entry's terms, with the numbers of its terms in each part.
        let terms: Vec<(keys::Terms, Vec<Vec<u32>>)> = block
            .par_iter()
            .map(|e| {
                let terms = keys::terms(&e.fields, &e.symbols);
                let mut by_part: Vec<Vec<u32>> = vec![Vec::new(); PARTS];
                for (i, (k, _, _)) in (0u32..).zip(terms.iter()) {
                    if let Some(list) = by_part.get_mut(part_of(k)) {
                        list.push(i);
                    }
                }
                (terms, by_part)
            })
            .collect();
        if stop() {
            return None;
        }
        let first = b * BLOCK;
        parts.par_iter_mut().enumerate().for_each(|(p, index)| {
            for (j, (terms, by_part)) in terms.iter().enumerate() {
                let id = u32::try_from(first + j).unwrap_or(u32::MAX);
                let mine = by_part.get(p).map_or(&[][..], Vec::as_slice);
                for (k, s, class) in mine.iter().filter_map(|&i| terms.get(i)) {
                    add_term(index, id, k, s, class);
                }
            }
        });
    }
    let mut keys: Vec<(String, KeyData)> = parts.into_iter().flatten().collect();
    keys.par_sort_by(|a, b| utf16_cmp(&a.0, &b.0));
    Some(keys)
}

/// Adds term `key` (with `surface`, maybe `""`, and `class`) of entry `id` to `index`; the
/// strings are copied only for a key or surface seen for the first time.
fn add_term(
    index: &mut rustc_hash::FxHashMap<String, KeyData>,
    id: u32,
    key: &str,
    surface: &str,
    class: u8,
) {
    if !index.contains_key(key) {
        index.insert(key.to_string(), KeyData::default());
    }
    let Some(kd) = index.get_mut(key) else { return };
    kd.all.add(id, class);
    if surface.is_empty() {
        return;
    }
    if !kd.surfaces.contains_key(surface) {
        kd.surfaces.insert(surface.to_string(), Postings::default());
    }
    if let Some(p) = kd.surfaces.get_mut(surface) {
        p.add(id, class);
    }
}

/// The shard files (`search/s/<n>.js`), cut at about [`SHARD_BYTES`] between groups only
/// (homed records counted), and the first key of each shard.
fn shard_files(
    keys: &[(String, KeyData)],
    lines: &[String],
    homed: &[Vec<u32>],
    recs: &[String],
) -> (Vec<(String, String)>, Vec<String>) {
    let key_strs: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
    let lens: Vec<usize> = lines
        .iter()
        .zip(homed)
        .map(|(l, ids)| {
            l.len()
                + ids
                    .iter()
                    .map(|&id| recs.get(id as usize).map_or(0, |r| r.len() + 8))
                    .sum::<usize>()
        })
        .collect();
    let mut files: Vec<(String, String)> = Vec::new();
    let mut firsts: Vec<String> = Vec::new();
    for (i, r) in shard_ranges(&key_strs, &lens, SHARD_BYTES).into_iter().enumerate() {
        firsts.push(key_strs.get(r.start).map(|k| (*k).to_string()).unwrap_or_default());
        // The records this shard carries, by entry number, each with its number first.
        let mut ids: Vec<u32> = homed.get(r.clone()).unwrap_or(&[]).concat();
        ids.sort_unstable();
        let home_recs: Vec<String> = ids
            .iter()
            .filter_map(|&id| {
                let fields = recs.get(id as usize)?.strip_prefix('[')?;
                Some(format!("[{id},{fields}"))
            })
            .collect();
        let body = json_string(&lines.get(r).unwrap_or(&[]).join("~"));
        let args = format!("[\"s\",{i},{body},[{}]]", home_recs.join(","));
        files.push((format!("search/s/{i}.js"), js_call(&args)));
    }
    (files, firsts)
}

/// `search/meta.js`: the shard table (`firsts`), the facet tables and the run-length encoded
/// facet values of the entries.
fn meta_file(entries: &[Entry], firsts: Vec<String>) -> String {
    let mut years: Vec<i32> = entries.iter().filter_map(|e| e.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let locs = facet_values(entries, |e| &e.locality);
    let forms = facet_values(entries, |e| &e.form);
    let runs = facet_runs(entries, &years, &locs, &forms);
    let meta = json!({
        "v": 1,
        "n": entries.len(),
        "shards": firsts,
        "chunk": RECORD_CHUNK,
        "kinds": KINDS.iter().map(|(k, l)| json!([k, l])).collect::<Vec<_>>(),
        "years": years,
        "locs": locs,
        "forms": forms,
        "runs": runs,
    });
    js_call(&json!(["m", meta]).to_string())
}

/// The distinct non-empty values of a text facet, in Vietnamese order.
fn facet_values(entries: &[Entry], field: impl Fn(&Entry) -> &String) -> Vec<String> {
    let mut v: Vec<String> =
        entries.iter().map(|e| field(e).clone()).filter(|s| !s.is_empty()).collect();
    v.sort_by(|a, b| vi::cmp_vi(a, b));
    v.dedup();
    v
}

/// The facet values of every entry (kind rank, then 1 + index in `years`, `locs`, `forms`, or 0
/// for none), run-length encoded: `count, kind, year, loc, form` per run of equal values.
fn facet_runs(entries: &[Entry], years: &[i32], locs: &[String], forms: &[String]) -> Vec<usize> {
    // Indexes by value (a linear search per entry was entries × localities).
    let index = |v: &[String]| -> rustc_hash::FxHashMap<String, usize> {
        v.iter().enumerate().map(|(i, x)| (x.clone(), i + 1)).collect()
    };
    let (locs, forms) = (index(locs), index(forms));
    let pos = |v: &rustc_hash::FxHashMap<String, usize>, s: &str| v.get(s).copied().unwrap_or(0);
    let years: rustc_hash::FxHashMap<i32, usize> =
        years.iter().enumerate().map(|(i, &y)| (y, i + 1)).collect();
    let mut runs: Vec<usize> = Vec::new();
    let mut last: Option<[usize; 4]> = None;
    let mut count = 0;
    for e in entries {
        let t = [
            kind_rank(e.kind),
            e.year.and_then(|y| years.get(&y).copied()).unwrap_or(0),
            pos(&locs, &e.locality),
            pos(&forms, &e.form),
        ];
        if last == Some(t) {
            count += 1;
        } else {
            if let Some(l) = last {
                runs.push(count);
                runs.extend(l);
            }
            last = Some(t);
            count = 1;
        }
    }
    if let Some(l) = last {
        runs.push(count);
        runs.extend(l);
    }
    runs
}

/// Cuts sorted keys (with the byte lengths of their lines) into shards of about `limit` bytes:
/// index ranges that start at a group (a key without a space) and hold whole groups, a word with
/// its pairs. A group larger than `limit` is a shard of its own. Always at least one shard.
fn shard_ranges(keys: &[&str], lens: &[usize], limit: usize) -> Vec<std::ops::Range<usize>> {
    // Groups: [start, end) of a word line and the pair lines after it.
    let mut groups: Vec<(usize, usize, usize)> = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        let len = lens.get(i).copied().unwrap_or(0) + 1;
        match groups.last_mut() {
            Some(g) if k.contains(' ') => {
                g.1 = i + 1;
                g.2 += len;
            }
            _ => groups.push((i, i + 1, len)),
        }
    }
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut cur: Option<(usize, usize, usize)> = None;
    for (a, b, len) in groups {
        cur = match cur {
            Some((s, e, l)) if l + len > limit => {
                out.push(s..e);
                Some((a, b, len))
            }
            Some((s, _, l)) => Some((s, b, l + len)),
            None => Some((a, b, len)),
        };
    }
    if let Some((s, e, _)) = cur {
        out.push(s..e);
    }
    if out.is_empty() {
        out.push(0..0);
    }
    out
}

/// For each key (by index in `keys`), the entries whose record it carries. An entry's home is the
/// word of its title (a key without space or `/` whose best class is the title) with the fewest
/// entries (the first in key order on a tie) that does not carry [`HOMED_PER_KEY`] records
/// yet; entries are placed in index order, so the ones ranked first among equals go first. An
/// entry whose title words are all full has no home (its record is in its record file only).
fn record_homes(keys: &[(String, KeyData)], n: usize) -> Vec<Vec<u32>> {
    let mut title_words: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (ki, (k, kd)) in keys.iter().enumerate() {
        if k.contains(' ') || k.contains('/') {
            continue;
        }
        let df: usize = kd.all.0.iter().map(Vec::len).sum();
        for &id in kd.all.0.get(usize::from(TITLE - 1)).map_or(&[][..], Vec::as_slice) {
            if let Some(w) = title_words.get_mut(id as usize) {
                w.push((df, ki));
            }
        }
    }
    let mut homed: Vec<Vec<u32>> = vec![Vec::new(); keys.len()];
    for (id, mut words) in title_words.into_iter().enumerate() {
        words.sort_unstable();
        let free = words
            .iter()
            .map(|&(_, ki)| ki)
            .find(|&ki| homed.get(ki).is_some_and(|h| h.len() < HOMED_PER_KEY));
        if let Some(h) = free.and_then(|ki| homed.get_mut(ki)) {
            h.push(u32::try_from(id).unwrap_or(u32::MAX));
        }
    }
    homed
}

/// Key order of `search.js` (JavaScript compares strings by UTF-16 code units).
fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// The record of an entry as JSON, `[title, link, date, snippet]`, written once and copied
/// into the shards that carry it and its record file.
fn record(e: &Entry) -> String {
    json_string(&(&e.title, &e.url, &e.date, &e.snippet))
}

/// `value` as compact JSON.
fn json_string(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A file of the index: a script that hands `args` (a JSON array) to `search.js`.
fn js_call(args: &str) -> String {
    format!("(window.__mbSearch=window.__mbSearch||[]).push({args});\n")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::postings::Postings;
    use super::*;

    #[test]
    fn shards_hold_whole_groups() {
        // "nguoi" with its pairs is one group; a pair line never opens a shard.
        let keys = ["ngheo", "ngheo nan", "nguoi", "nguoi dan", "nguoi ngheo", "nguyen", "nha"];
        let lens = [10, 10, 10, 10, 10, 10, 10];
        let r = shard_ranges(&keys, &lens, 25);
        assert_eq!(r, [0..2, 2..5, 5..7]);
        for range in &r {
            assert!(!keys[range.start].contains(' '));
        }
        // A group larger than the limit is a shard of its own.
        assert_eq!(shard_ranges(&keys, &lens, 5), [0..2, 2..5, 5..6, 6..7]);
        // Everything fits: one shard. Nothing: one empty shard.
        assert_eq!(shard_ranges(&keys, &lens, 1000), vec![(0..7)]);
        assert_eq!(shard_ranges(&[], &[], 10), vec![(0..0)]);
        // The space of a pair sorts before the letters, so pairs follow their word.
        let mut sorted = vec!["nguoia", "nguoi ngheo", "nguoi", "nguoi/x"];
        sorted.sort_by(|a, b| utf16_cmp(a, b));
        assert_eq!(sorted, ["nguoi", "nguoi ngheo", "nguoi/x", "nguoia"]);
    }

    #[test]
    fn records_go_home_to_the_rarest_title_word_with_room() {
        let kd = |t: Vec<u32>, b: Vec<u32>| KeyData {
            all: Postings([b, Vec::new(), t]),
            surfaces: BTreeMap::new(),
        };
        let keys = vec![
            ("a".to_string(), kd(vec![0, 1, 2], vec![])),
            ("a b".to_string(), kd(vec![0], vec![])), // a pair is never a home
            ("b".to_string(), kd(vec![0], vec![5, 6])),
            ("c".to_string(), kd(vec![1], vec![])),
            ("d".to_string(), kd(vec![], vec![2])), // only in the body of 2
        ];
        let h = record_homes(&keys, 7);
        // 0: a and b have 3 entries each, a comes first; 1: c is rarer; 2: a (d is body only).
        assert_eq!(h, vec![vec![0, 2], vec![], vec![], vec![1], vec![]]);
        // A key carries at most HOMED_PER_KEY records, the first entries first.
        let many: Vec<u32> = (0..40).collect();
        let h = record_homes(&[("x".to_string(), kd(many, vec![]))], 40);
        let first: Vec<u32> = (0..u32::try_from(HOMED_PER_KEY).unwrap()).collect();
        assert_eq!(h, vec![first]);
    }
}
