//! The `minhbach` binary: parses the command line and hands over to the library.

use clap::Parser;

/// mimalloc instead of the system allocator: building a site makes and frees millions of small
/// strings from many threads, and glibc's allocator spent half of a preview rebuild in
/// `malloc`/`free` (measured with `perf`, see benches/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    minhbach::cli::run(minhbach::cli::Cli::parse())
}
