//! Fuzz target: `minhbach::fuzzing::front_matter` on arbitrary bytes (see src/fuzzing.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| minhbach::fuzzing::front_matter(data));
