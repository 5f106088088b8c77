//! Command line: flags, subcommands, and printing the build's diagnostics and summary.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diag::{Lang, Severity};
use crate::pipeline::{self, BuildOptions, BuildReport};
mod scaffold;

/// minhbach: a static site generator for Vietnamese public emulation campaigns.
#[derive(Debug, Parser)]
#[command(name = "minhbach", version, about, long_about = None)]
pub struct Cli {
    /// Message language: vi (default) or en. Also MINHBACH_LANG.
    #[arg(long, global = true, env = "MINHBACH_LANG", value_name = "vi|en")]
    pub lang: Option<String>,
    /// Print only problems, no summary.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (replaced only when the build succeeds).
    Build {
        /// Site folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: <root>/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url from site.yaml (e.g. https://example.gov.vn/thi-dua/).
        #[arg(long)]
        base_url: Option<String>,
        /// Include files marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Make a copy that browses from the folder opened as files (links end in index.html).
        #[arg(long)]
        offline: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Check everything the build checks; write nothing.
    Check {
        /// Site folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Build into memory, serve on this machine, rebuild and reload pages on every change.
    Serve {
        /// Site folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but loopback shows a warning.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new site that builds, with one example of each content kind.
    Init {
        /// Folder to create (must be empty or absent).
        dir: PathBuf,
    },
    /// Create a content file with the right keys and a Vietnamese slug.
    New {
        /// page, news, document (or plan), exemplar, decision, campaign.
        kind: String,
        /// Title (or name, for an exemplar).
        title: String,
        /// Site folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// Runs the command line; returns the process exit code (0 ok, 1 content problems, 2 usage or system error).
pub fn run(cli: Cli) -> ExitCode {
    let lang = cli.lang.as_deref().and_then(Lang::parse).unwrap_or_default();
    let vi = lang == Lang::Vi;
    match cli.command {
        Command::Build { root, output, base_url, drafts, offline, strict } => {
            let opts = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                offline,
                strict,
                check_only: false,
                progress: progress_bar(lang, cli.quiet),
                cancel: None,
            };
            let result = pipeline::build(&opts);
            end_progress();
            report(result, lang, cli.quiet, false)
        }
        Command::Check { root, drafts, strict } => {
            let opts = BuildOptions {
                root,
                drafts,
                strict,
                check_only: true,
                progress: progress_bar(lang, cli.quiet),
                ..BuildOptions::default()
            };
            let result = pipeline::build(&opts);
            end_progress();
            report(result, lang, cli.quiet, true)
        }
        Command::Serve { root, port, bind, open, drafts } => {
            let opts = crate::serve::ServeOptions {
                root,
                bind,
                port,
                open,
                drafts,
                quiet: cli.quiet,
                lang,
            };
            match crate::serve::serve(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("minhbach serve: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Init { dir } => match scaffold::init(&dir) {
            Ok(files) => {
                if !cli.quiet {
                    let n = files.len();
                    let d = dir.display();
                    if vi {
                        println!(
                            "Đã tạo trang mới ở {d} ({n} tệp). Dựng thử: minhbach build --root {d}"
                        );
                    } else {
                        println!(
                            "Created a new site in {d} ({n} files). Try: minhbach build --root {d}"
                        );
                    }
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("minhbach init: {e}");
                ExitCode::from(2)
            }
        },
        Command::New { kind, title, root } => {
            let today = today();
            match scaffold::new_content(&root, &kind, &title, &today) {
                Ok(p) => {
                    println!("{}", p.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("minhbach new: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}

fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| (d.as_secs() + 7 * 3600) / 86_400)
        .unwrap_or(0) as i64;
    // Civil from days (Howard Hinnant's algorithm), Vietnam time.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The progress bar of a build on a terminal (none with `--quiet` or when stderr is not one).
static PROGRESS: std::sync::OnceLock<(indicatif::ProgressBar, Lang)> = std::sync::OnceLock::new();

/// Stages of a build, in order, as the progress bar counts them.
const STAGES: [&str; 6] = ["config and theme", "load", "model", "markdown", "render", "write"];

/// Starts a progress bar on stderr when it is a terminal; returns the pipeline's hook.
fn progress_bar(lang: Lang, quiet: bool) -> Option<fn(&'static str)> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(STAGES.len() as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} [{bar:20}] {msg} ({elapsed})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    // Short builds finish before the first tick: nothing is drawn for them.
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar.set_message(stage_message(lang, "start"));
    let _ = PROGRESS.set((bar, lang));
    Some(|done| {
        if let Some((bar, lang)) = PROGRESS.get() {
            if let Some(i) = STAGES.iter().position(|s| *s == done) {
                bar.set_position(i as u64 + 1);
            }
            bar.set_message(stage_message(*lang, done));
        }
    })
}

/// What the build does after the stage `done`.
fn stage_message(lang: Lang, done: &str) -> &'static str {
    let vi = lang == Lang::Vi;
    match done {
        "start" => {
            if vi {
                "đọc cấu hình và giao diện"
            } else {
                "reading configuration and theme"
            }
        }
        "config and theme" => {
            if vi {
                "đọc các tệp nội dung"
            } else {
                "reading content files"
            }
        }
        "load" => {
            if vi {
                "kiểm tra và liên kết bản ghi"
            } else {
                "checking and linking records"
            }
        }
        "model" => {
            if vi {
                "chuyển Markdown"
            } else {
                "rendering Markdown"
            }
        }
        "markdown" => {
            if vi {
                "dựng trang và chỉ mục tìm kiếm"
            } else {
                "rendering pages and the search index"
            }
        }
        "render" => {
            if vi {
                "ghi thư mục kết quả"
            } else {
                "writing the output"
            }
        }
        _ => {
            if vi {
                "hoàn tất"
            } else {
                "finishing"
            }
        }
    }
}

/// Removes the progress bar before the report is printed.
fn end_progress() {
    if let Some((bar, _)) = PROGRESS.get() {
        bar.finish_and_clear();
    }
}

fn report(
    result: Result<BuildReport, pipeline::SystemError>,
    lang: Lang,
    quiet: bool,
    check: bool,
) -> ExitCode {
    let vi = lang == Lang::Vi;
    let r = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("minhbach: {e}");
            return ExitCode::from(2);
        }
    };
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in &r.diagnostics {
        let text = d.render(lang);
        if color {
            let c = if d.severity == Severity::Error { "\x1b[31m" } else { "\x1b[33m" };
            let _ = writeln!(err, "{c}{text}\x1b[0m");
        } else {
            let _ = writeln!(err, "{text}");
        }
    }
    let (errors, warnings) = (r.errors(), r.warnings());
    let ms = r.elapsed.as_millis();
    if errors > 0 {
        let _ = if vi {
            writeln!(
                err,
                "minhbach: {errors} lỗi, {warnings} cảnh báo; không ghi gì vào {} (bản cũ giữ nguyên).",
                r.output.display()
            )
        } else {
            writeln!(
                err,
                "minhbach: {errors} errors, {warnings} warnings; nothing written to {} (the previous output is unchanged).",
                r.output.display()
            )
        };
        return ExitCode::from(1);
    }
    if !quiet {
        let (pages, records) = (r.pages, r.records);
        let line = match (check, vi) {
            (true, true) => format!(
                "minhbach check: {records} bản ghi, {pages} trang, {warnings} cảnh báo, không có lỗi ({ms} ms)"
            ),
            (true, false) => format!(
                "minhbach check: {records} records, {pages} pages, {warnings} warnings, no errors ({ms} ms)"
            ),
            (false, true) => format!(
                "minhbach: đã dựng {pages} trang, {records} bản ghi, {} tệp vào {}; {warnings} cảnh báo ({ms} ms)",
                r.files_written,
                r.output.display()
            ),
            (false, false) => format!(
                "minhbach: built {pages} pages, {records} records, {} files into {}; {warnings} warnings ({ms} ms)",
                r.files_written,
                r.output.display()
            ),
        };
        println!("{line}");
    }
    ExitCode::SUCCESS
}
