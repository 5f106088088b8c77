//! Config stage: reads and checks `site.yaml`.
//!
//! In: the site folder. Out: a [`Config`] with every default filled in, and the vocabularies
//! `site.yaml` may extend, which every later stage reads: the ranked award forms
//! ([`award_forms`]), organisations with their successors ([`organizations`]) and the fund's
//! settings ([`fund`]).

pub(crate) mod award_forms;
pub(crate) mod fund;
pub(crate) mod organizations;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub(crate) use award_forms::AwardForms;
pub(crate) use fund::FundConfig;
pub(crate) use organizations::Org;

use crate::diag::{Diagnostic, Pos};
use crate::read::fields::MapReader;
use crate::read::url::is_external;
use crate::read::yaml::{self, node_to_json};
use crate::t;

/// The folders under `content/` that hold the special kinds of record.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub(crate) struct Folders {
    /// Documents and plans (default `van-ban`).
    pub documents: String,
    /// Exemplars (default `guong-dien-hinh`).
    pub exemplars: String,
    /// Award decisions (default `khen-thuong`).
    pub decisions: String,
    /// Fund ledger files (default `quy`).
    pub fund: String,
    /// Campaigns (default `phong-trao`).
    pub campaigns: String,
    /// Targets data files: actuals per year (default `chi-tieu`).
    pub targets: String,
}

impl Default for Folders {
    fn default() -> Folders {
        Folders {
            documents: "van-ban".into(),
            exemplars: "guong-dien-hinh".into(),
            decisions: "khen-thuong".into(),
            fund: "quy".into(),
            campaigns: "phong-trao".into(),
            targets: "chi-tieu".into(),
        }
    }
}

/// The organisation that publishes the site.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct Organization {
    /// Name.
    pub name: String,
    /// Postal address.
    pub address: Option<String>,
    /// Contact e-mail.
    pub email: Option<String>,
    /// Office phone (an office number, never a person's).
    pub phone: Option<String>,
    /// Website.
    pub url: Option<String>,
}

/// A menu entry.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct MenuItem {
    /// Label.
    pub title: String,
    /// Site path (`/van-ban/`) or absolute URL.
    pub url: String,
}

/// Everything `site.yaml` says, with defaults filled in.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Config {
    /// Site title.
    pub title: String,
    /// Public address, always ending in `/`; may carry a sub-path.
    pub base_url: String,
    /// The path part of `base_url`, starting and ending with `/` (`/` or `/thi-dua/`).
    pub base_path: String,
    /// Content language (`vi`).
    pub language: String,
    /// Site description.
    pub description: String,
    /// The publishing organisation.
    pub organization: Organization,
    /// Theme name (folder under `themes/`).
    pub theme: String,
    /// Show the "dữ liệu minh họa" (illustrative data) notice.
    pub illustrative: bool,
    /// Items per listing page.
    pub paginate: usize,
    /// Let raw HTML in Markdown through (escaped by default).
    pub allow_html: bool,
    /// Minify the HTML output.
    pub minify: bool,
    /// Write Atom feeds.
    pub feeds: bool,
    /// Folder names of the special kinds.
    pub folders: Folders,
    /// Main menu.
    pub menu: Vec<MenuItem>,
    /// Free data for templates.
    pub extra: serde_json::Value,
    /// The ranked award forms: built in, plus those added or changed by `award_forms`.
    pub award_forms: AwardForms,
    /// Organisations with validity dates and successors (`organizations`).
    pub organizations: Vec<Org>,
    /// The "Vì người nghèo" fund settings (`fund:`).
    pub fund: FundConfig,
    /// Show commit authors' names in the update history (`history: { authors: true }`); off by
    /// default. E-mail addresses are never shown.
    pub history_authors: bool,
}

/// `history: { authors: true }`: whether the update history names commit authors (`None` when
/// the mapping cannot be read).
fn read_history(
    node: Option<&yaml::Node>,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<bool> {
    let Some(n) = node else { return Some(false) };
    let mut hr = MapReader::new(n, file, "history", diags)?;
    let authors = hr.bool("authors").unwrap_or(false);
    hr.finish();
    Some(authors)
}

impl Config {
    /// Reads `<root>/site.yaml`. Problems go to `diags`; `None` only when nothing usable was found.
    pub(crate) fn load(root: &Path, diags: &mut Vec<Diagnostic>) -> Option<Config> {
        let file = PathBuf::from("site.yaml");
        let path = root.join(&file);
        let text = match crate::read::text::read_text(&path, &file) {
            Ok(t) => t,
            Err(d) => {
                diags.push(*d);
                return None;
            }
        };
        let node = match yaml::parse(&text, 1, &file) {
            Ok(n) => n,
            Err(d) => {
                diags.push(*d);
                return None;
            }
        };
        Config::from_node(&node, &file, diags)
    }

    /// Reads the configuration from a parsed `site.yaml`.
    pub(crate) fn from_node(
        node: &yaml::Node,
        file: &Path,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Config> {
        let mut r = MapReader::new(node, file, "site.yaml", diags)?;
        let title = r.req_text("title", "Thi đua \"Vì người nghèo\"").unwrap_or_default();
        let base_url_raw = r.req_text("base_url", "https://thidua.example.gov.vn/");
        let language = r.text("language").unwrap_or_else(|| "vi".into());
        let description = r.text("description").unwrap_or_default();
        let organization = match r.map("organization") {
            Some(n) => {
                let mut or = MapReader::new(n, file, "organization", r.diags())?;
                let o = Organization {
                    name: or.req_text("name", "Ban Thi đua - Khen thưởng tỉnh").unwrap_or_default(),
                    address: or.text("address"),
                    email: or.text("email"),
                    phone: or.text("phone"),
                    url: or.url("url"),
                };
                or.finish();
                o
            }
            None => Organization { name: title.clone(), ..Organization::default() },
        };
        let theme = r.text("theme").unwrap_or_else(|| "default".into());
        let illustrative = r.bool("illustrative").unwrap_or(false);
        let paginate = r.int("paginate").unwrap_or(20);
        let paginate_pos = node.get("paginate").map(|n| n.pos).unwrap_or_default();
        let allow_html = r.bool("allow_html").unwrap_or(false);
        let minify = r.bool("minify").unwrap_or(true);
        let feeds = r.bool("feeds").unwrap_or(true);
        let mut folders = Folders::default();
        if let Some(n) = r.map("folders") {
            let mut fr = MapReader::new(n, file, "folders", r.diags())?;
            for (key, slot) in [
                ("documents", &mut folders.documents),
                ("exemplars", &mut folders.exemplars),
                ("decisions", &mut folders.decisions),
                ("fund", &mut folders.fund),
                ("campaigns", &mut folders.campaigns),
                ("targets", &mut folders.targets),
            ] {
                if let Some(v) = fr.text(key) {
                    *slot = v.trim_matches('/').to_string();
                }
            }
            fr.finish();
        }
        let mut menu = Vec::new();
        for item in r.list("menu") {
            let mut mr = MapReader::new(item, file, "menu", r.diags())?;
            let t = mr.req_text("title", "Văn bản");
            let u = mr.req_text("url", "/van-ban/").and(mr.url("url"));
            mr.finish();
            if let (Some(title), Some(url)) = (t, u) {
                menu.push(MenuItem { title, url });
            }
        }
        let extra = r
            .node("extra")
            .map(node_to_json)
            .unwrap_or(serde_json::Value::Object(Default::default()));
        let forms_list = r.list("award_forms");
        let award_forms = AwardForms::read(forms_list, file, r.diags());
        let orgs_list = r.list("organizations");
        let organizations = organizations::read(orgs_list, file, r.diags());
        let fund = FundConfig::read(r.node("fund"), file, r.diags());
        let history_authors = read_history(r.map("history"), file, r.diags())?;
        r.finish();

        if language != "vi" {
            diags.push(
                Diagnostic::warning(
                    "language",
                    file,
                    node.get("language").map(|n| n.pos).unwrap_or_default(),
                    t!(
                        "ngôn ngữ `{language}` chưa được hỗ trợ; trang vẫn dùng tiếng Việt",
                        "language `{language}` is not supported yet; pages stay in Vietnamese"
                    ),
                )
                .with_hint(t!("đặt `language: vi`", "set `language: vi`")),
            );
        }
        if paginate < 1 {
            diags.push(Diagnostic::error(
                "bad-value",
                file,
                paginate_pos,
                t!("`paginate` phải từ 1 trở lên", "`paginate` must be 1 or more"),
            ));
        }
        let base_url_pos = node.get("base_url").map(|n| n.pos).unwrap_or_default();
        let base_url = base_url_raw.map(|u| normalize_base_url(&u, file, base_url_pos, diags))?;
        let base_path = base_path_of(&base_url);
        Some(Config {
            title,
            base_url,
            base_path,
            language,
            description,
            organization,
            theme,
            illustrative,
            paginate: paginate.max(1) as usize,
            allow_html,
            minify,
            feeds,
            folders,
            menu,
            extra,
            award_forms,
            organizations,
            fund,
            history_authors,
        })
    }

    /// Replaces the base URL (for `--base-url`).
    pub(crate) fn set_base_url(&mut self, url: &str) {
        let mut ignored = Vec::new();
        self.base_url =
            normalize_base_url(url, Path::new("--base-url"), Pos::default(), &mut ignored);
        self.base_path = base_path_of(&self.base_url);
    }

    /// The absolute URL of a site path (`/van-ban/` -> `https://…/thi-dua/van-ban/`).
    pub(crate) fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url, site_path.trim_start_matches('/'))
    }

    /// The link to a site path under the base path (`/van-ban/` -> `/thi-dua/van-ban/`).
    pub(crate) fn link(&self, site_path: &str) -> String {
        if is_external(site_path) {
            return site_path.to_string();
        }
        format!("{}{}", self.base_path, site_path.trim_start_matches('/'))
    }
}

fn normalize_base_url(u: &str, file: &Path, pos: Pos, diags: &mut Vec<Diagnostic>) -> String {
    let mut u = u.trim().to_string();
    if !(u.starts_with("http://") || u.starts_with("https://") || u.starts_with('/')) {
        diags.push(
            Diagnostic::error(
                "bad-base-url",
                file,
                pos,
                t!(
                    "`base_url: {u}` phải bắt đầu bằng https://",
                    "`base_url: {u}` must start with https://"
                ),
            )
            .with_hint(t!(
                "ví dụ `base_url: https://thidua.example.gov.vn/thi-dua/`",
                "for example `base_url: https://thidua.example.gov.vn/thi-dua/`"
            )),
        );
    }
    if !u.ends_with('/') {
        u.push('/');
    }
    u
}

fn base_path_of(base_url: &str) -> String {
    let rest = base_url.split_once("://").map(|(_, r)| r).unwrap_or(base_url);
    let path = if base_url.contains("://") {
        rest.find('/').map(|i| &rest[i..]).unwrap_or("/")
    } else {
        rest
    };
    let mut p = path.to_string();
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    if !p.ends_with('/') {
        p.push('/');
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_comes_from_base_url() {
        assert_eq!(base_path_of("https://a.gov.vn/"), "/");
        assert_eq!(base_path_of("https://a.gov.vn/thi-dua/"), "/thi-dua/");
        assert_eq!(base_path_of("https://a.gov.vn"), "/");
    }
}
