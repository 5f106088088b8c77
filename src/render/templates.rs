//! Templates: the theme's Tera templates plus the site's overrides, compiled once, with Vietnamese filters.
//!
//! Lookup order for a template name such as `document.html`:
//! 1. `<site>/templates/document.html` (the site's override),
//! 2. `<site>/themes/<theme>/templates/document.html`,
//! 3. the default theme built into minhbach (when `theme: default` and the file is absent).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{Kwargs, State, Tera, Value};

use crate::config::Config;
use crate::diag::{Diagnostic, Pos};
use crate::t;
use crate::vi;

/// The default theme, built into the binary: (path under `themes/default/`, contents).
pub(crate) const DEFAULT_THEME: &[(&str, &str)] = &[
    ("templates/base.html", include_str!("../../themes/default/templates/base.html")),
    ("templates/index.html", include_str!("../../themes/default/templates/index.html")),
    ("templates/page.html", include_str!("../../themes/default/templates/page.html")),
    ("templates/section.html", include_str!("../../themes/default/templates/section.html")),
    ("templates/campaign.html", include_str!("../../themes/default/templates/campaign.html")),
    ("templates/campaigns.html", include_str!("../../themes/default/templates/campaigns.html")),
    ("templates/document.html", include_str!("../../themes/default/templates/document.html")),
    ("templates/documents.html", include_str!("../../themes/default/templates/documents.html")),
    ("templates/exemplar.html", include_str!("../../themes/default/templates/exemplar.html")),
    ("templates/exemplars.html", include_str!("../../themes/default/templates/exemplars.html")),
    ("templates/decision.html", include_str!("../../themes/default/templates/decision.html")),
    ("templates/decisions.html", include_str!("../../themes/default/templates/decisions.html")),
    ("templates/fund.html", include_str!("../../themes/default/templates/fund.html")),
    ("templates/fund_period.html", include_str!("../../themes/default/templates/fund_period.html")),
    ("templates/fund_ledger.html", include_str!("../../themes/default/templates/fund_ledger.html")),
    ("templates/fund_donors.html", include_str!("../../themes/default/templates/fund_donors.html")),
    ("templates/taxonomy.html", include_str!("../../themes/default/templates/taxonomy.html")),
    ("templates/term.html", include_str!("../../themes/default/templates/term.html")),
    ("templates/404.html", include_str!("../../themes/default/templates/404.html")),
    ("templates/atom.xml", include_str!("../../themes/default/templates/atom.xml")),
    ("templates/changes.html", include_str!("../../themes/default/templates/changes.html")),
    ("templates/history.html", include_str!("../../themes/default/templates/history.html")),
    (
        "templates/partials/history.html",
        include_str!("../../themes/default/templates/partials/history.html"),
    ),
    (
        "templates/partials/head_meta.html",
        include_str!("../../themes/default/templates/partials/head_meta.html"),
    ),
    (
        "templates/partials/photo.html",
        include_str!("../../themes/default/templates/partials/photo.html"),
    ),
    (
        "templates/partials/pagination.html",
        include_str!("../../themes/default/templates/partials/pagination.html"),
    ),
    (
        "templates/partials/doc_header.html",
        include_str!("../../themes/default/templates/partials/doc_header.html"),
    ),
    ("templates/recipients.html", include_str!("../../themes/default/templates/recipients.html")),
    ("templates/opendata.html", include_str!("../../themes/default/templates/opendata.html")),
    (
        "templates/partials/findings.html",
        include_str!("../../themes/default/templates/partials/findings.html"),
    ),
    (
        "templates/partials/progress.html",
        include_str!("../../themes/default/templates/partials/progress.html"),
    ),
    (
        "templates/partials/fund_months.html",
        include_str!("../../themes/default/templates/partials/fund_months.html"),
    ),
    (
        "templates/partials/doc_tree.html",
        include_str!("../../themes/default/templates/partials/doc_tree.html"),
    ),
    ("static/style.css", include_str!("../../themes/default/static/style.css")),
    ("templates/search.html", include_str!("../../themes/default/templates/search.html")),
    ("static/search.js", include_str!("../../themes/default/static/search.js")),
    ("static/favicon.svg", include_str!("../../themes/default/static/favicon.svg")),
];

/// A loaded theme: compiled templates and the static files to copy.
pub(crate) struct Theme {
    /// Compiled templates.
    pub(crate) tera: Tera,
    /// Static files: output path relative to the site root -> source (file path or built-in text).
    pub(crate) statics: BTreeMap<PathBuf, StaticFile>,
    /// Hash of every template's name and text: pages rendered with another theme are not
    /// taken from the render cache.
    pub(crate) fingerprint: u64,
}

/// Where a static file comes from.
#[derive(Clone, Debug)]
pub(crate) enum StaticFile {
    /// A file on disk.
    Disk(PathBuf),
    /// Built into the binary.
    Builtin(&'static str),
}

/// Files under `dir` (templates or theme static files), by name. Links that lead outside the
/// site folder are refused (reported in `diags`), and linked folders outside it are not entered.
fn collect(
    dir: &Path,
    (root, canon_root): (&Path, &Path),
    into: &mut BTreeMap<String, PathBuf>,
    diags: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    let mut it = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter();
    while let Some(e) = it.next() {
        let Ok(e) = e else { continue };
        let Ok(rel) = e.path().strip_prefix(dir) else { continue };
        let name = rel.to_string_lossy().replace('\\', "/");
        if name.split('/').any(|p| p.starts_with('.')) {
            if e.file_type().is_dir() {
                it.skip_current_dir();
            }
            continue;
        }
        let inside = e.path().canonicalize().is_ok_and(|c| c.starts_with(canon_root));
        if !inside {
            let shown = e.path().strip_prefix(root).unwrap_or(e.path());
            diags.push(Diagnostic::outside_link(shown));
            if e.file_type().is_dir() {
                it.skip_current_dir();
            }
            continue;
        }
        if e.file_type().is_file() {
            into.insert(name, e.path().to_path_buf());
        }
    }
}

impl Theme {
    /// Loads the theme named in the configuration and the site's overrides, and compiles them.
    pub(crate) fn load(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let theme_ok = std::path::Path::new(&config.theme)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
            && !config.theme.is_empty();
        if !theme_ok {
            let name = &config.theme;
            return Err(vec![Diagnostic::error(
                "no-theme",
                Path::new("site.yaml"),
                Pos::default(),
                t!(
                    "tên giao diện `{name}` không hợp lệ: chỉ là tên một thư mục trong themes/",
                    "invalid theme name `{name}`: it is the name of a folder in themes/"
                ),
            )]);
        }
        let theme_dir = root.join("themes").join(&config.theme);
        let builtin = config.theme == "default";
        if !theme_dir.is_dir() && !builtin {
            let name = &config.theme;
            return Err(vec![
                Diagnostic::error(
                    "no-theme",
                    Path::new("site.yaml"),
                    Pos::default(),
                    t!(
                        "không tìm thấy giao diện `themes/{name}/`",
                        "theme `themes/{name}/` not found"
                    ),
                )
                .with_hint(t!(
                    "đặt `theme: default` hoặc chép giao diện vào themes/{name}/",
                    "set `theme: default` or copy the theme into themes/{name}/"
                )),
            ]);
        }
        let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        // name -> text, later sources override earlier ones.
        let mut sources: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
        let mut statics: BTreeMap<PathBuf, StaticFile> = BTreeMap::new();
        let mut diags = Vec::new();
        if builtin {
            for (path, text) in DEFAULT_THEME {
                if let Some(name) = path.strip_prefix("templates/") {
                    sources.insert(
                        name.to_string(),
                        (text.to_string(), PathBuf::from("themes/default").join(path)),
                    );
                } else if let Some(name) = path.strip_prefix("static/") {
                    statics.insert(PathBuf::from(name), StaticFile::Builtin(text));
                }
            }
        }
        let mut files = BTreeMap::new();
        collect(&theme_dir.join("templates"), (root, &canon_root), &mut files, &mut diags);
        let theme_rel = PathBuf::from("themes").join(&config.theme).join("templates");
        let mut overrides = BTreeMap::new();
        collect(&root.join("templates"), (root, &canon_root), &mut overrides, &mut diags);
        for (dir_rel, map) in [(theme_rel, files), (PathBuf::from("templates"), overrides)] {
            for (name, path) in map {
                let rel = dir_rel.join(&name);
                match crate::read::text::read_text(&path, &rel) {
                    Ok(text) => {
                        sources.insert(name, (text, rel));
                    }
                    Err(d) => diags.push(*d),
                }
            }
        }
        let mut theme_static = BTreeMap::new();
        collect(&theme_dir.join("static"), (root, &canon_root), &mut theme_static, &mut diags);
        for (name, path) in theme_static {
            statics.insert(PathBuf::from(name), StaticFile::Disk(path));
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        register(&mut tera, config);
        // Compile each template alone first to report the file of a syntax error.
        for (name, (text, rel)) in &sources {
            let mut probe = Tera::new();
            if let Err(e) = probe.add_raw_template(name, text)
                && !is_missing_parent(&e)
            {
                diags.push(template_error(rel, &e));
            }
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        let pairs: Vec<(&str, &str)> =
            sources.iter().map(|(n, (t, _))| (n.as_str(), t.as_str())).collect();
        if let Err(e) = tera.add_raw_templates(pairs) {
            return Err(vec![template_error(Path::new("templates"), &e)]);
        }
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = std::hash::DefaultHasher::new();
            for (name, (text, _)) in &sources {
                name.hash(&mut h);
                text.hash(&mut h);
            }
            h.finish()
        };
        Ok(Theme { tera, statics, fingerprint })
    }
}

fn is_missing_parent(e: &tera::Error) -> bool {
    let s = format!("{e:?}").to_lowercase();
    s.contains("not found") || s.contains("missing") || s.contains("unknown")
}

/// A Tera error and its causes on one line (`error: cause: cause`), blank lines and indents gone.
pub(crate) fn error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

fn template_error(rel: &Path, e: &tera::Error) -> Diagnostic {
    let msg = error_chain(e);
    Diagnostic::error(
        "template",
        rel,
        Pos::default(),
        t!("lỗi giao diện (template): {msg}", "template error: {msg}"),
    )
    .with_hint(t!(
        "sửa tệp giao diện này; cú pháp Tera: https://keats.github.io/tera/",
        "fix this template; Tera syntax: https://keats.github.io/tera/"
    ))
}

fn as_i64(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_f64().map(|f| f.round() as i64))
}

/// Removes, recursively, object members that are empty strings, empty arrays, empty objects or
/// null, and such array items.
fn prune_empty(v: &mut serde_json::Value) {
    use serde_json::Value as J;
    let empty = |v: &J| match v {
        J::Null => true,
        J::String(s) => s.is_empty(),
        J::Array(a) => a.is_empty(),
        J::Object(o) => o.is_empty(),
        _ => false,
    };
    match v {
        J::Object(o) => {
            o.values_mut().for_each(prune_empty);
            o.retain(|_, x| !empty(x));
        }
        J::Array(a) => {
            a.iter_mut().for_each(prune_empty);
            a.retain(|x| !empty(x));
        }
        _ => {}
    }
}

fn register(tera: &mut Tera, config: &Config) {
    tera.register_filter("vnd", |v: Value, _: Kwargs, _: &State<'_>| {
        as_i64(&v).map(vi::format_vnd).unwrap_or_default()
    });
    tera.register_filter("vnd_compact", |v: Value, _: Kwargs, _: &State<'_>| {
        as_i64(&v).map(vi::format_vnd_compact).unwrap_or_default()
    });
    tera.register_filter("num", |v: Value, _: Kwargs, _: &State<'_>| {
        match (v.as_i64(), v.as_f64()) {
            (Some(i), _) => vi::format_int(i),
            (None, Some(f)) => vi::format_decimal(f, 2),
            _ => String::new(),
        }
    });
    tera.register_filter("pct", |v: Value, _: Kwargs, _: &State<'_>| {
        v.as_f64().map(vi::format_percent).unwrap_or_default()
    });
    tera.register_filter("pad2", |v: Value, _: Kwargs, _: &State<'_>| {
        as_i64(&v).map(|i| vi::pad2(i.max(0) as u32)).unwrap_or_default()
    });
    tera.register_filter("slugify", |v: String, _: Kwargs, _: &State<'_>| vi::slugify(&v));
    tera.register_filter("json", |v: Value, _: Kwargs, _: &State<'_>| {
        // Safe inside <script type="application/ld+json">: no "</" sequence can close it.
        let s = serde_json::to_string(&v).unwrap_or_default();
        Value::safe_string(&s.replace("</", "<\\/").replace('<', "\\u003c"))
    });
    tera.register_filter("jsonld", |v: Value, _: Kwargs, _: &State<'_>| {
        // Like `json`, without the empty values ("", [], {}, null) that templates fill in for
        // absent fields: JSON-LD readers take `"jobTitle": ""` as a real, empty value.
        let mut j = serde_json::to_value(&v).unwrap_or_default();
        prune_empty(&mut j);
        let s = serde_json::to_string(&j).unwrap_or_default();
        Value::safe_string(&s.replace("</", "<\\/").replace('<', "\\u003c"))
    });
    let base_path = config.base_path.clone();
    tera.register_function("url", move |kw: Kwargs, _: &State<'_>| -> tera::TeraResult<String> {
        let path: String = kw.must_get("path")?;
        if crate::read::url::is_external(&path) {
            return Ok(path);
        }
        Ok(format!("{}{}", base_path, path.trim_start_matches('/')))
    });
    let base_url = config.base_url.clone();
    tera.register_function(
        "abs_url",
        move |kw: Kwargs, _: &State<'_>| -> tera::TeraResult<String> {
            let path: String = kw.must_get("path")?;
            if crate::read::url::is_external(&path) {
                return Ok(path);
            }
            Ok(format!("{}{}", base_url, path.trim_start_matches('/')))
        },
    );
}

#[cfg(test)]
mod jsonld_tests {
    use super::prune_empty;

    #[test]
    fn empty_values_are_pruned_recursively() {
        let mut v = serde_json::json!({"name": "A", "jobTitle": "", "award": [], "x": {"y": ""}, "n": 0, "l": ["", "b"], "z": null});
        prune_empty(&mut v);
        assert_eq!(v, serde_json::json!({"name": "A", "n": 0, "l": ["b"]}));
    }
}
