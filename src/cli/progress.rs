//! The progress bar of `build` and `check` on a terminal, with each stage named in the language asked for.

use std::io::IsTerminal;

use crate::diag::{Lang, Text};
use crate::t;

/// The progress bar of a build on a terminal (none with `--quiet` or when stderr is not one).
static PROGRESS: std::sync::OnceLock<(indicatif::ProgressBar, Lang)> = std::sync::OnceLock::new();

/// Stages of a build, in order, as the progress bar counts them.
const STAGES: [&str; 6] = ["config and theme", "load", "model", "markdown", "render", "write"];

/// Starts a progress bar on stderr when it is a terminal; returns the pipeline's hook.
pub(super) fn progress_bar(lang: Lang, quiet: bool) -> Option<fn(&'static str)> {
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
    bar.set_message(stage_message("start").get(lang).to_string());
    let _ = PROGRESS.set((bar, lang));
    Some(|done| {
        if let Some((bar, lang)) = PROGRESS.get() {
            if let Some(i) = STAGES.iter().position(|s| *s == done) {
                bar.set_position(i as u64 + 1);
            }
            bar.set_message(stage_message(done).get(*lang).to_string());
        }
    })
}

/// What the build does after the stage `done`.
fn stage_message(done: &str) -> Text {
    match done {
        "start" => t!("đọc cấu hình và giao diện", "reading configuration and theme"),
        "config and theme" => t!("đọc các tệp nội dung", "reading content files"),
        "load" => t!("kiểm tra và liên kết bản ghi", "checking and linking records"),
        "model" => t!("chuyển Markdown", "rendering Markdown"),
        "markdown" => t!("dựng trang và chỉ mục tìm kiếm", "rendering pages and the search index"),
        "render" => t!("ghi thư mục kết quả", "writing the output"),
        _ => t!("hoàn tất", "finishing"),
    }
}

/// Removes the progress bar before the report is printed.
pub(super) fn end_progress() {
    if let Some((bar, _)) = PROGRESS.get() {
        bar.finish_and_clear();
    }
}
