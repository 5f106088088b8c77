//! The `minhbach` binary: parses the command line and hands over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    minhbach::cli::run(minhbach::cli::Cli::parse())
}
