//! What the command line prints after a build or check: each diagnostic, then one summary line, in the language asked for.

use std::io::Write;
use std::process::ExitCode;

use crate::diag::{Lang, Severity};
use crate::pipeline::{BuildReport, SystemError};
use crate::t;

/// Prints the diagnostics and the summary of a build (`check` for `minhbach check`); returns the
/// exit code: 0 without errors, 1 with content errors, 2 for a system error.
pub(super) fn report(
    result: Result<BuildReport, SystemError>,
    lang: Lang,
    quiet: bool,
    check: bool,
) -> ExitCode {
    let r = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("minhbach: {}", e.message().get(lang));
            return ExitCode::from(2);
        }
    };
    if !quiet {
        for n in &r.notes {
            eprintln!("minhbach: {}", n.get(lang));
        }
    }
    print_diagnostics(&r, lang);
    let (errors, warnings, pages, records) = (r.errors(), r.warnings(), r.pages, r.records);
    let (ms, files, output) = (r.elapsed.as_millis(), r.files_written, r.output.display());
    if errors > 0 {
        let text = t!(
            "minhbach: {errors} lỗi, {warnings} cảnh báo; không ghi gì vào {output} (bản cũ giữ nguyên).",
            "minhbach: {errors} errors, {warnings} warnings; nothing written to {output} (the previous output is unchanged).",
        );
        eprintln!("{}", text.get(lang));
        return ExitCode::from(1);
    }
    if !quiet {
        let text = if check {
            t!(
                "minhbach check: {records} bản ghi, {pages} trang, {warnings} cảnh báo, không có lỗi ({ms} ms)",
                "minhbach check: {records} records, {pages} pages, {warnings} warnings, no errors ({ms} ms)",
            )
        } else {
            t!(
                "minhbach: đã dựng {pages} trang, {records} bản ghi, {files} tệp vào {output}; {warnings} cảnh báo ({ms} ms)",
                "minhbach: built {pages} pages, {records} records, {files} files into {output}; {warnings} warnings ({ms} ms)",
            )
        };
        println!("{}", text.get(lang));
    }
    ExitCode::SUCCESS
}

/// Every diagnostic on stderr, errors in red, warnings in yellow and notes in cyan on a terminal
/// that shows colours (not with `NO_COLOR`, see [`super::console`]).
fn print_diagnostics(r: &BuildReport, lang: Lang) {
    let color = super::console::colours();
    let mut err = std::io::stderr().lock();
    for d in &r.diagnostics {
        let text = d.render(lang);
        if color {
            let c = match d.severity {
                Severity::Error => "\x1b[31m",
                Severity::Warning => "\x1b[33m",
                Severity::Note => "\x1b[36m",
            };
            let _ = writeln!(err, "{c}{text}\x1b[0m");
        } else {
            let _ = writeln!(err, "{text}");
        }
    }
}

/// Prints what an import read and wrote, then the site's check; returns the exit code: 0 when
/// the files were read (and the site checks without errors), 1 when a file could not be
/// imported or the site has errors with the new files.
pub(super) fn import_report(
    o: &crate::import::ImportOutcome,
    lang: Lang,
    quiet: bool,
    dry_run: bool,
) -> ExitCode {
    if !quiet {
        print!("{}", crate::import::report::render(o, lang, dry_run));
    }
    if !o.diagnostics.is_empty() {
        let mut err = std::io::stderr().lock();
        for d in &o.diagnostics {
            let _ = writeln!(err, "{}", d.render(lang));
        }
        let n = o.diagnostics.len();
        let text = t!(
            "minhbach import: {n} lỗi; không ghi tệp nào.",
            "minhbach import: {n} errors; nothing written."
        );
        let _ = writeln!(err, "{}", text.get(lang));
        return ExitCode::from(1);
    }
    match &o.check {
        Some(Ok(r)) => {
            print_diagnostics(r, lang);
            let (e, w) = (r.errors(), r.warnings());
            let text = t!(
                "minhbach check sau khi nhập: {e} lỗi, {w} cảnh báo",
                "minhbach check after the import: {e} errors, {w} warnings"
            );
            println!("{}", text.get(lang));
            if e > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        Some(Err(e)) => {
            eprintln!("minhbach: {}", e.message().get(lang));
            ExitCode::from(2)
        }
        None => ExitCode::SUCCESS,
    }
}
