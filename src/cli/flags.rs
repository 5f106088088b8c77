//! The command line's flags and subcommands, declared with clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// minhbach: a static site generator for Vietnamese public emulation campaigns.
#[derive(Debug, Parser)]
#[command(name = "minhbach", version, about, long_about = None)]
pub struct Cli {
    /// Message language: vi (default) or en. Also MINHBACH_LANG.
    #[arg(long, global = true, env = "MINHBACH_LANG", value_name = "vi|en")]
    pub(crate) lang: Option<String>,
    /// Print only problems, no summary.
    #[arg(long, short, global = true)]
    pub(crate) quiet: bool,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
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
        /// Leave out the update history read from git.
        #[arg(long)]
        no_history: bool,
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
        /// Leave out the update history read from git.
        #[arg(long)]
        no_history: bool,
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
        /// Leave out the update history read from git.
        #[arg(long)]
        no_history: bool,
    },
    /// Read Word, Excel, CSV or text files into content files, report where each value came
    /// from, then check the site.
    Import {
        /// The files (.txt, .docx, .xlsx, .xls, .ods, .csv).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Site folder (holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// What the files are (recognised when not given).
        #[arg(long, value_enum)]
        kind: Option<ImportKindArg>,
        /// Show what would be written; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Ledgers: leave out the rows that cannot be read (each is listed) instead of
        /// writing nothing.
        #[arg(long)]
        skip_bad_rows: bool,
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

/// `--kind` of `import`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ImportKindArg {
    /// A plan or other administrative document.
    Plan,
    /// An award decision with its recipient list.
    Decision,
    /// A fund ledger.
    Ledger,
}
