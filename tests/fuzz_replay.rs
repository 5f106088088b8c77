//! Stable fuzzing: replays the cargo-fuzz corpus in `fuzz/corpus/<target>/` through the same entry
//! points as the nightly fuzz targets (`minhbach::fuzzing`), then runs random mutations of it.
//!
//! `MINHBACH_FUZZ_ITERS` (default 1500 per target) and `MINHBACH_FUZZ_SEED` change the run; a
//! failing input is written to `target/fuzz-failure-<target>` and its bytes printed.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// Tokens that mean something to YAML, CSV, Markdown, HTML or our own checks.
const TOKENS: &[&[u8]] = &[
    b"---\n",
    b"...\n",
    b": ",
    b"- ",
    b"&a ",
    b"*a",
    b"<<: *a",
    b"\t",
    b"\0",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\r\n",
    b"[",
    b"]",
    b"{",
    b"}",
    b"\"",
    b"'",
    b"|\n",
    b">-\n",
    b"#",
    b"%YAML 1.2\n",
    b"!!binary ",
    b"<script>",
    b"</script>",
    b"javascript:",
    b"data:",
    b"](",
    b"[^1]",
    b"\n\n",
    b"\\",
    b"\xcc\x81",
    b";",
    b",",
    b"\"\"",
    b"9999999999999999999999",
    b"-1",
    b"1.000.000",
    b"31/02/2023",
    b"079123456789",
    b"0912 345 678",
    b"sinh n\xc4\x83m 1960",
    b"\xe2\x80\xae",
    b"\x1b[2J",
    b"../",
    b"~",
    b"null",
];

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % (n.max(1) as u64)) as usize
    }
}

fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(v.len() + 1);
        match rng.below(7) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 | 2 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                v.splice(at..at, t.iter().copied());
            }
            3 if !v.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(v.len());
                v.drain(at.min(end)..end);
            }
            4 if !v.is_empty() => {
                let from = rng.below(v.len());
                let end = (from + 1 + rng.below(64)).min(v.len());
                let piece = v[from..end].to_vec();
                v.splice(at..at, piece);
            }
            5 if !other.is_empty() => {
                let from = rng.below(other.len());
                let end = (from + 1 + rng.below(128)).min(other.len());
                v.splice(at..at, other[from..end].iter().copied());
            }
            _ => {
                let b = rng.below(256) as u8;
                v.insert(at, b);
            }
        }
    }
    v.truncate(64 * 1024);
    v
}

fn run(target: &str, f: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut corpus: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| std::fs::read(e.path()).unwrap())
        .collect();
    corpus.sort();
    assert!(!corpus.is_empty(), "empty corpus for {target}");
    let iters: usize =
        std::env::var("MINHBACH_FUZZ_ITERS").ok().and_then(|v| v.parse().ok()).unwrap_or(1500);
    let seed: u64 = std::env::var("MINHBACH_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_1234);
    let mut rng = Rng(seed | 1);
    let check = |input: &[u8], what: &str| {
        if catch_unwind(AssertUnwindSafe(|| f(input))).is_err() {
            let out =
                Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("target/fuzz-failure-{target}"));
            let _ = std::fs::write(&out, input);
            panic!(
                "{target}: {what} failed; input saved to {}:\n{:?}",
                out.display(),
                String::from_utf8_lossy(input)
            );
        }
    };
    for (i, c) in corpus.iter().enumerate() {
        check(c, &format!("corpus file {i}"));
    }
    for i in 0..iters {
        let a = &corpus[rng.below(corpus.len())];
        let b = &corpus[rng.below(corpus.len())];
        let m = mutate(&mut rng, a, b);
        check(&m, &format!("mutation {i} (seed {seed})"));
    }
}

#[test]
fn front_matter_and_yaml() {
    run("front_matter", minhbach::fuzzing::front_matter);
}

#[test]
fn csv_ledgers() {
    run("csv_ledger", minhbach::fuzzing::csv_ledger);
}

#[test]
fn markdown_rendering() {
    run("markdown", minhbach::fuzzing::markdown);
}
