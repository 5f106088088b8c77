//! Fuzz target: `minhbach::fuzzing::csv_ledger` on arbitrary bytes (see src/fuzzing.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| minhbach::fuzzing::csv_ledger(data));
