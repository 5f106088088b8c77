//! Output names every system can create: no Windows device name, no trailing dot or space, no
//! character Windows forbids, and a path short enough for Windows' 260-character limit.
//!
//! Our own rules (no crate checks this set): Linux accepts every such name, so a site built there
//! would only fail once copied to the Windows server or the webmaster's laptop. Slugs are made
//! safe where they are made ([`crate::vi::slugify`]); what is checked here are the names a
//! webmaster gives by hand: aliases, files copied from `content/` and `static/`.

use std::path::Path;

use crate::diag::{Diagnostic, Pos, Text};
use crate::t;
use crate::vi;

/// The longest output path, in UTF-16 units (Windows' own count), relative to the output folder.
///
/// Windows Explorer, zip tools and IIS stop at 260 characters for the whole path; 200 leaves 60
/// for the folder the site is published from (`C:\inetpub\wwwroot\` is 19) and the drive.
pub(crate) const MAX_OUTPUT_PATH: usize = 200;

/// Characters no Windows file name may contain (besides control characters).
const FORBIDDEN: &[char] = &['<', '>', ':', '"', '|', '?', '*', '\\'];

/// Why an output path cannot be created on Windows.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum NameProblem {
    /// A component is a device name (`con`, `nul.html`).
    Device(String),
    /// A component ends in a dot or a space (Windows drops them, so two names become one).
    TrailingDotOrSpace(String),
    /// A component holds a character Windows forbids.
    Forbidden(String, char),
    /// The path is longer than [`MAX_OUTPUT_PATH`].
    TooLong(usize),
}

/// The first reason `rel` (an output path relative to the output folder, with `/`) cannot be
/// created on Windows, if any.
pub(crate) fn problem(rel: &str) -> Option<NameProblem> {
    for part in rel.split('/').filter(|p| !p.is_empty()) {
        if vi::is_windows_device_name(part) {
            return Some(NameProblem::Device(part.to_string()));
        }
        if part.ends_with(['.', ' ']) {
            return Some(NameProblem::TrailingDotOrSpace(part.to_string()));
        }
        if let Some(c) = part.chars().find(|c| FORBIDDEN.contains(c) || c.is_control()) {
            return Some(NameProblem::Forbidden(part.to_string(), c));
        }
    }
    let len = rel.trim_start_matches('/').encode_utf16().count();
    (len > MAX_OUTPUT_PATH).then_some(NameProblem::TooLong(len))
}

/// The output path a site path is written to: `/a/b/` → `a/b/index.html`.
pub(crate) fn output_file(site_path: &str) -> String {
    let rel = site_path.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() }
}

/// The error for `rel`, made from the file `file` (at `pos`): what Windows refuses and the fix.
pub(crate) fn diagnostic(file: &Path, pos: Pos, rel: &str, problem: &NameProblem) -> Diagnostic {
    let (message, hint): (Text, Text) = match problem {
        NameProblem::Device(part) => (
            t!(
                "`{rel}`: Windows không tạo được tệp hay thư mục tên `{part}` (tên dành riêng cho thiết bị, như con, nul, aux, prn, com1, lpt1)",
                "`{rel}`: Windows cannot create a file or folder named `{part}` (a name kept for devices, like con, nul, aux, prn, com1, lpt1)"
            ),
            t!(
                "đổi tên, ví dụ thêm dấu - hay một từ: `{part}-`",
                "rename it, e.g. add a - or a word: `{part}-`"
            ),
        ),
        NameProblem::TrailingDotOrSpace(part) => (
            t!(
                "`{rel}`: tên `{part}` kết thúc bằng dấu chấm hoặc dấu cách, Windows bỏ chúng đi nên tệp đổi tên hoặc trùng tệp khác",
                "`{rel}`: the name `{part}` ends in a dot or a space, which Windows drops, so the file changes name or clashes with another"
            ),
            t!(
                "bỏ dấu chấm hoặc dấu cách ở cuối tên",
                "remove the dot or space at the end of the name"
            ),
        ),
        NameProblem::Forbidden(part, c) => (
            t!(
                "`{rel}`: tên `{part}` có ký tự `{c}` mà Windows không cho dùng trong tên tệp",
                "`{rel}`: the name `{part}` holds `{c}`, which Windows does not allow in file names"
            ),
            t!(
                "đổi tên, không dùng các ký tự < > : \" | ? * \\",
                "rename it without any of < > : \" | ? * \\"
            ),
        ),
        NameProblem::TooLong(len) => {
            let max = MAX_OUTPUT_PATH;
            (
                t!(
                    "`{rel}`: đường dẫn dài {len} ký tự, quá {max}; trên Windows cả đường dẫn (kể cả thư mục chứa trang) không được quá 260",
                    "`{rel}`: the path is {len} characters long, over {max}; on Windows a whole path (with the folder holding the site) may not exceed 260"
                ),
                t!(
                    "rút ngắn tên thư mục hoặc đặt `slug:` ngắn hơn",
                    "shorten the folder names or set a shorter `slug:`"
                ),
            )
        }
    };
    Diagnostic::error("windows-name", file, pos, message).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_windows_refuses() {
        assert_eq!(problem("the/con/index.html"), Some(NameProblem::Device("con".into())));
        assert_eq!(problem("anh/NUL.jpg"), Some(NameProblem::Device("NUL.jpg".into())));
        assert_eq!(problem("a./index.html"), Some(NameProblem::TrailingDotOrSpace("a.".into())));
        assert_eq!(
            problem("tai lieu /x.pdf"),
            Some(NameProblem::TrailingDotOrSpace("tai lieu ".into()))
        );
        assert_eq!(problem("a/b:c.png"), Some(NameProblem::Forbidden("b:c.png".into(), ':')));
        assert_eq!(problem("a/b?.png"), Some(NameProblem::Forbidden("b?.png".into(), '?')));
        let long = format!("{}/index.html", "a".repeat(MAX_OUTPUT_PATH));
        assert_eq!(problem(&long), Some(NameProblem::TooLong(MAX_OUTPUT_PATH + 11)));
    }

    #[test]
    fn ordinary_names_pass() {
        for ok in [
            "index.html",
            "the/con-/index.html",
            "con-duong/index.html",
            "anh/ảnh đẹp.jpg",
            ".well-known/x",
            "du-lieu/fund-receipts.csv",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        // Vietnamese letters count one each, as Windows counts them.
        let path = "đ".repeat(MAX_OUTPUT_PATH);
        assert_eq!(problem(&path), None);
    }

    #[test]
    fn site_paths_to_output_files() {
        assert_eq!(output_file("/van-ban/a/"), "van-ban/a/index.html");
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/a/b.html"), "a/b.html");
    }
}
