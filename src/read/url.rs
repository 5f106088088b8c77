//! Link targets: which may be followed, and which leave the site.
//!
//! Both the field readers (a `url:` key in front matter) and the Markdown renderer (a link in a
//! body) ask the same question, so the answer lives here, below both.

/// Whether a link target may be followed. `javascript:`, `vbscript:` and `data:` are refused,
/// including obfuscated spellings (`java\tscript:`, upper case, entities decoded by the parser).
pub(crate) fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    !(cleaned.starts_with("javascript:")
        || cleaned.starts_with("vbscript:")
        || cleaned.starts_with("data:"))
}

/// Whether a link leaves the site (`https:`, `mailto:`, `//host`, ...).
pub(crate) fn is_external(url: &str) -> bool {
    url.starts_with("//") || url.split_once(':').is_some_and(|(scheme, _)| !scheme.contains('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links_are_recognised() {
        assert!(is_external("https://x.vn/"));
        assert!(is_external("mailto:a@b.vn"));
        assert!(is_external("//cdn"));
        assert!(!is_external("/van-ban/"));
        assert!(!is_external("van-ban/a:b"));
    }
}
