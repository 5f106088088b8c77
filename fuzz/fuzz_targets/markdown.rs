//! Fuzz target: `minhbach::fuzzing::markdown` on arbitrary bytes (see src/fuzzing.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| minhbach::fuzzing::markdown(data));
