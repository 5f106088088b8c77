//! Command line: parses the flags, runs the subcommand and prints what happened in the language asked for.
//!
//! In go the arguments (and `MINHBACH_LANG`); out come messages on stdout and stderr and the
//! exit code (0 ok, 1 content problems, 2 usage or system error).
//!
//! - [`console`]: UTF-8 on the Windows console, colours only where they show.
//! - [`flags`]: the flags and subcommands (clap).
//! - [`progress`]: the progress bar of a build on a terminal.
//! - [`report`]: diagnostics and the summary line after a build or check.
//! - [`scaffold`]: `init` and `new`.

mod console;
mod flags;
mod progress;
mod report;
mod scaffold;

use std::process::ExitCode;

pub use flags::Cli;

use crate::diag::Lang;
use crate::import::{ImportKind, ImportOptions};
use crate::pipeline::{self, BuildOptions};
use crate::t;
use flags::Command;
use progress::{end_progress, progress_bar};

/// Runs the command line; returns the process exit code (0 ok, 1 content problems, 2 usage or system error).
pub fn run(cli: Cli) -> ExitCode {
    let lang = cli.lang.as_deref().and_then(Lang::parse).unwrap_or_default();
    let quiet = cli.quiet;
    console::setup();
    match cli.command {
        Command::Build { root, output, base_url, drafts, offline, strict, no_history } => {
            let opts = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                offline,
                strict,
                check_only: false,
                progress: progress_bar(lang, quiet),
                cancel: None,
                no_history,
                preview: false,
            };
            let result = pipeline::build(&opts);
            end_progress();
            report::report(result, lang, quiet, false)
        }
        Command::Check { root, drafts, strict, no_history } => {
            let opts = BuildOptions {
                root,
                drafts,
                strict,
                no_history,
                check_only: true,
                progress: progress_bar(lang, quiet),
                ..BuildOptions::default()
            };
            let result = pipeline::build(&opts);
            end_progress();
            report::report(result, lang, quiet, true)
        }
        Command::Serve { root, port, bind, open, drafts, no_history } => {
            let opts = crate::serve::ServeOptions {
                root,
                bind,
                port,
                open,
                drafts,
                quiet,
                lang,
                no_history,
            };
            match crate::serve::serve(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("minhbach serve: {}", e.message().get(lang));
                    ExitCode::from(2)
                }
            }
        }
        Command::Import { files, root, kind, dry_run, skip_bad_rows } => {
            let kind = kind.map(|k| match k {
                flags::ImportKindArg::Plan => ImportKind::Plan,
                flags::ImportKindArg::Decision => ImportKind::Decision,
                flags::ImportKindArg::Ledger => ImportKind::Ledger,
            });
            let opts = ImportOptions { root, files, kind, dry_run, skip_bad_rows };
            report::import_report(&crate::import::import(&opts), lang, quiet, dry_run)
        }
        Command::Init { dir } => match scaffold::init(&dir) {
            Ok(files) => {
                if !quiet {
                    let (n, d) = (files.len(), dir.display());
                    let text = t!(
                        "Đã tạo trang mới ở {d} ({n} tệp). Dựng thử: minhbach build --root {d}",
                        "Created a new site in {d} ({n} files). Try: minhbach build --root {d}",
                    );
                    println!("{}", text.get(lang));
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("minhbach init: {}", e.text().get(lang));
                ExitCode::from(2)
            }
        },
        Command::New { kind, title, root } => {
            match scaffold::new_content(&root, &kind, &title, &today()) {
                Ok(p) => {
                    println!("{}", p.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("minhbach new: {}", e.text().get(lang));
                    ExitCode::from(2)
                }
            }
        }
    }
}

/// Today's date in Vietnam (`YYYY-MM-DD`), for the `date:` of a new file. Vietnam has kept
/// UTC+7 without daylight saving since 1975, so a fixed offset says it exactly and needs no time
/// zone database on the machine (Windows has none, and a bundled one would add its size).
fn today() -> String {
    let vietnam = jiff::tz::offset(7);
    vietnam.to_datetime(jiff::Timestamp::now()).date().to_string()
}
