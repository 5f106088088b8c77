//! Minifies the theme's and the site's static JavaScript files when `minify` is on.
//!
//! The minifier is oxc, which minify-html already compiles in (same crates and versions), called
//! directly so that local names are mangled and comments dropped. Minifying never breaks a file:
//! whenever anything is off (not UTF-8, a parse error, a panic inside the minifier, an empty
//! result, no gain), the original bytes are shipped instead.

use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions};
use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
use oxc_parser::Parser;
use oxc_span::SourceType;

use super::output::FileData;

/// Whether the static file at `path` (site path, `/`-separated) is minified by
/// [`minify_js`]: `.js` files, except those already named `.min.js`.
pub(crate) fn wants_minify(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    p.ends_with(".js") && !p.ends_with(".min.js")
}

/// Minified JavaScript of `code` (a classic script, not a module), or `None` when it cannot be
/// minified safely or would not be smaller (the caller then ships `code` unchanged).
pub(crate) fn minify_js(code: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(code).ok()?;
    if text.trim().is_empty() {
        return None;
    }
    let out = std::panic::catch_unwind(|| {
        let allocator = Allocator::default();
        let parsed = Parser::new(&allocator, text, SourceType::cjs()).parse();
        if parsed.panicked || !parsed.errors.is_empty() {
            return None;
        }
        let mut program = parsed.program;
        // The safest compression (no assumption about the code around the script); top-level
        // names are kept, since other scripts may use them.
        let ret = Minifier::new(MinifierOptions {
            mangle: Some(MangleOptions { top_level: false, ..MangleOptions::default() }),
            compress: Some(CompressOptions::safest()),
        })
        .minify(&allocator, &mut program);
        let code = Codegen::new()
            .with_options(CodegenOptions::minify())
            .with_scoping(ret.scoping)
            .build(&program)
            .code;
        Some(code)
    })
    .ok()??;
    let out = out.trim();
    if out.is_empty() || out.len() >= code.len() {
        return None;
    }
    let mut bytes = out.as_bytes().to_vec();
    bytes.push(b'\n');
    Some(bytes)
}

/// A static file's data, minified when it is JavaScript ([`wants_minify`] of `path`) and
/// [`minify_js`] succeeds; otherwise `data` unchanged (a file that cannot be read is left to the
/// writer, which reports it).
pub(crate) fn minify_static(path: &str, data: FileData) -> FileData {
    if !wants_minify(path) {
        return data;
    }
    let minified = match &data {
        FileData::Bytes(b) => minify_js(b),
        FileData::Shared(b) => minify_js(b),
        FileData::Static(s) => minify_js(s.as_bytes()),
        FileData::Copy(p) => std::fs::read(p).ok().and_then(|b| minify_js(&b)),
    };
    minified.map_or(data, FileData::Bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minifies_and_keeps_behaviour_visible_names() {
        let src = b"(function () {\n  // a comment\n  var longName = window.x + 2;\n  window.__mbSearch = { value: longName };\n})();\nvar topLevel = 1;\n";
        let out = String::from_utf8(minify_js(src).unwrap()).unwrap();
        assert!(out.len() < src.len(), "{out}");
        assert!(!out.contains("comment") && !out.contains("longName"), "{out}");
        assert!(out.contains("window.__mbSearch") && out.contains("topLevel"), "{out}");
    }

    #[test]
    fn broken_code_is_left_alone() {
        assert_eq!(minify_js(b"function ( {"), None);
        assert_eq!(minify_js(b"   "), None);
        assert_eq!(minify_js(b"\xff\xfe"), None);
    }

    #[test]
    fn only_plain_js_files_are_minified() {
        assert!(wants_minify("search.js"));
        assert!(wants_minify("js/App.JS"));
        assert!(!wants_minify("vendor/lib.min.js"));
        assert!(!wants_minify("style.css"));
        assert!(!wants_minify("data.json"));
    }
}
