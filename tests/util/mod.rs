//! Test helpers: fixture copies, running the binary, reading output.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A site in a temporary folder.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name),
            dir.path(),
        );
        Site { dir }
    }

    /// The site folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders).
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.root().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// Removes a file.
    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.root().join(rel)).unwrap();
    }

    /// Runs `minhbach build --root <site> ARGS…`.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut a = vec!["build", "--root", self.root().to_str().unwrap()];
        a.extend_from_slice(args);
        run(&a, &[])
    }

    /// Reads an output file of the default output folder.
    pub fn read(&self, rel: &str) -> String {
        let p = self.root().join("public").join(rel);
        fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// Whether an output file exists.
    pub fn exists(&self, rel: &str) -> bool {
        self.root().join("public").join(rel).exists()
    }

    /// Every output file under `public/`, relative, sorted.
    pub fn files(&self, out: &str) -> Vec<PathBuf> {
        let base = self.root().join(out);
        let mut v: Vec<PathBuf> = walkdir(&base)
            .into_iter()
            .map(|p| p.strip_prefix(&base).unwrap().to_path_buf())
            .collect();
        v.sort();
        v
    }
}

/// A finished run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// Asserts success and returns self.
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts exit code 1 (content problems).
    pub fn content_error(self) -> Run {
        assert_eq!(
            self.code, 1,
            "expected exit 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts stderr contains `s`.
    pub fn err_has(self, s: &str) -> Run {
        assert!(self.stderr.contains(s), "stderr lacks {s:?}:\n{}", self.stderr);
        self
    }
}

/// Runs the binary with arguments and extra environment.
pub fn run(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut c = Command::new(env!("CARGO_BIN_EXE_minhbach"));
    c.args(args).env_remove("MINHBACH_LANG").env("NO_COLOR", "1");
    for (k, v) in env {
        c.env(k, v);
    }
    Run::from(c.output().expect("run minhbach"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &t);
        } else {
            fs::copy(e.path(), t).unwrap();
        }
    }
}

pub fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = fs::read_dir(dir) else { return out };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Every `href`/`src` value in an HTML page.
pub fn links(html: &str) -> Vec<String> {
    let mut v = Vec::new();
    for attr in ["href=\"", "src=\"", "href=", "src="] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = if attr.ends_with('"') { rest.find('"') } else { rest.find([' ', '>']) };
            if let Some(e) = end {
                let val = rest[..e].trim_matches('"');
                if !val.is_empty() {
                    v.push(val.to_string());
                }
            }
        }
    }
    v.sort();
    v.dedup();
    v
}

/// Whether `html` links to `url` (quoted or, after minification, unquoted).
pub fn has_href(html: &str, url: &str) -> bool {
    html.contains(&format!("href=\"{url}\""))
        || html.contains(&format!("href={url}>"))
        || html.contains(&format!("href={url} "))
}

/// The executable `<script` tags of a page: RCDATA (`<title>`) and quoted attribute values
/// removed, JSON-LD data blocks not counted.
pub fn script_tags(html: &str) -> usize {
    let mut h = html.to_string();
    while let (Some(a), Some(b)) = (h.find("<title>"), h.find("</title>")) {
        if b < a {
            break;
        }
        h.replace_range(a..b + "</title>".len(), "");
    }
    // Drop quoted attribute values inside tags.
    let mut out = String::with_capacity(h.len());
    let (mut in_tag, mut quote) = (false, None::<char>);
    for c in h.chars() {
        match (in_tag, quote, c) {
            (true, Some(q), c) if c == q => quote = None,
            (true, Some(_), _) => continue,
            (true, None, '"' | '\'') => quote = Some(c),
            (true, None, '>') => in_tag = false,
            (false, _, '<') => in_tag = true,
            _ => {}
        }
        if quote.is_none() {
            out.push(c);
        }
    }
    out.matches("<script").count()
        - out.matches("<script type=application/ld+json>").count()
        - out.matches("<script type=>").count()
}
