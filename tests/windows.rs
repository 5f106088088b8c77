//! Windows realities simulated on Linux (issue 20): a CRLF checkout, file names from a Mac, names
//! and path lengths Windows cannot create, Windows-style paths. What needs Windows itself
//! (the `.exe`, drive letters) runs under Wine in `scripts/windows-check.sh`.

use std::fs;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::util::{Site, copy_dir, run, walkdir};

/// The example site (`site.yaml`, `content/`) copied into a temporary folder.
fn example_copy() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    fs::copy(repo.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    copy_dir(&repo.join("content"), &dir.path().join("content"));
    // The example's photos live in static/.
    copy_dir(&repo.join("static"), &dir.path().join("static"));
    dir
}

/// Every file under `dir` with its bytes, by path relative to `dir`.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<(PathBuf, Vec<u8>)> = walkdir(dir)
        .into_iter()
        .map(|p| (p.strip_prefix(dir).unwrap().to_path_buf(), fs::read(&p).unwrap()))
        .collect();
    v.sort();
    v
}

/// Asserts two output folders hold the same files, byte for byte, naming the first difference.
fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    let names = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&ta), names(&tb), "not the same files");
    for ((p, x), (_, y)) in ta.iter().zip(&tb) {
        assert!(x == y, "{} differs", p.display());
    }
    assert!(ta.len() > 50, "too few files to prove anything: {}", ta.len());
}

fn build(root: &Path, out: &Path) {
    run(&["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()], &[]).ok();
}

/// Issue 20: git's `autocrlf` on Windows checks every text file out with CRLF line ends; the
/// site must build exactly as from the LF checkout.
#[test]
fn crlf_checkout_builds_byte_identical_output() {
    let lf = example_copy();
    let crlf = example_copy();
    let mut converted = 0;
    for p in walkdir(crlf.path()) {
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !["md", "yaml", "yml", "csv"].contains(&ext) {
            continue;
        }
        let text = fs::read_to_string(&p).unwrap();
        if text.contains('\r') {
            continue; // a CSV ledger written with CRLF already, as RFC 4180 says
        }
        fs::write(&p, text.replace('\n', "\r\n")).unwrap();
        converted += 1;
    }
    assert!(converted > 20, "only {converted} text files converted");
    let out = tempfile::tempdir().unwrap();
    build(lf.path(), &out.path().join("lf"));
    build(crlf.path(), &out.path().join("crlf"));
    assert_same_tree(&out.path().join("lf"), &out.path().join("crlf"));
}

/// Issue 20: a `content/` folder copied from macOS has its file names in NFD; slugs, ids, copied
/// files and links must be those of the same folder with NFC names.
#[test]
fn nfd_file_names_from_a_mac_build_like_nfc_ones() {
    let make = |nfd: bool| {
        let site = Site::fixture("mini");
        let name = |s: &str| if nfd { s.nfd().collect::<String>() } else { s.nfc().collect() };
        site.write(
            &format!("content/tin-tuc/{}.md", name("Người nghèo được hỗ trợ")),
            "---\ntitle: Hỗ trợ người nghèo\ndate: 2023-02-01\n---\n![Nhà mới](nhà-mới.txt)\n",
        );
        site.write(&format!("content/tin-tuc/{}", name("nhà-mới.txt")), "ảnh");
        site.write(
            &format!("content/{}/_index.md", name("Hướng dẫn")),
            "---\ntitle: Hướng dẫn\n---\n",
        );
        site.write(
            &format!("content/{}/{}.md", name("Hướng dẫn"), name("Đăng ký")),
            "---\ntitle: Đăng ký\n---\nNội dung.\n",
        );
        site.build(&[]).ok();
        site
    };
    let (nfc, nfd) = (make(false), make(true));
    assert!(nfc.exists("tin-tuc/nguoi-ngheo-duoc-ho-tro/index.html"));
    assert!(nfd.exists("tin-tuc/nguoi-ngheo-duoc-ho-tro/index.html"));
    assert!(nfd.exists("huong-dan/dang-ky/index.html"));
    // The copied file keeps its name, in NFC, so the (NFC) link in the text finds it.
    let copied = "tin-tuc/nhà-mới.txt".nfc().collect::<String>();
    assert!(nfd.exists(&copied), "{:?}", nfd.files("public"));
    assert_same_tree(&nfc.root().join("public"), &nfd.root().join("public"));
}

/// Issue 20: "con" (child) is a common Vietnamese word and a device name on Windows, where no
/// folder `con/` can exist. Generated slugs get a `-`; names given by hand are errors.
#[test]
fn no_output_path_is_a_windows_device_name() {
    let site = Site::fixture("mini");
    site.write(
        "content/tin-tuc/con.md",
        "---\ntitle: Con\ndate: 2023-03-01\ntags: [Con, NUL]\n---\nx\n",
    );
    site.build(&[]).ok();
    assert!(site.exists("tin-tuc/con-/index.html"));
    assert!(site.exists("the/con-/index.html"));
    assert!(site.exists("the/nul-/index.html"));
    let mut devices = Vec::new();
    for p in site.files("public") {
        for c in p.components() {
            let c = c.as_os_str().to_string_lossy().to_ascii_lowercase();
            let stem = c.split('.').next().unwrap_or("");
            if ["con", "nul", "aux", "prn", "com1", "lpt1"].contains(&stem) {
                devices.push(p.clone());
            }
        }
    }
    assert!(devices.is_empty(), "{devices:?}");
    let page = site.read("tin-tuc/con-/index.html");
    assert!(page.contains("/the/con-/"), "the tag link follows the rule");
}

/// Issue 20: names a webmaster gives that Windows cannot create are errors at their file, with a
/// fix; nothing is written.
#[test]
fn names_windows_cannot_create_are_errors_with_a_fix() {
    let site = Site::fixture("mini");
    site.build(&[]).ok();
    let before = site.read("index.html");
    site.write("content/gioi-thieu.md", "---\ntitle: Giới thiệu\nslug: con\n---\nx\n");
    site.write(
        "content/tin-tuc/tin-1.md",
        "---\ntitle: Tin 1\ndate: 2023-01-15\naliases: [/aux/, /cu/tin./]\n---\nx\n",
    );
    let long = format!("/{}/", ["thu-muc-rat-dai-cua-trang"; 9].join("/"));
    site.write(
        "content/tin-tuc/tin-2.md",
        format!("---\ntitle: Tin 2\ndate: 2023-01-16\naliases: [\"{long}\"]\n---\nx\n"),
    );
    let build = || run(&["--lang", "en", "build", "--root", site.root().to_str().unwrap()], &[]);
    build()
        .content_error()
        .err_has("content/gioi-thieu.md:3:7: error[windows-name]: `slug: con`")
        .err_has("write `slug: con-`")
        .err_has("content/tin-tuc/tin-1.md:2:1: error[windows-name]: `aux/index.html`")
        .err_has("`cu/tin./index.html`: the name `tin.` ends in a dot or a space")
        .err_has("content/tin-tuc/tin-2.md:2:1: error[windows-name]")
        .err_has("on Windows a whole path (with the folder holding the site) may not exceed 260");
    assert_eq!(site.read("index.html"), before, "the previous output is kept");

    // Files of static/ are checked once the content is right.
    site.write("content/gioi-thieu.md", "---\ntitle: Giới thiệu\nslug: con-\n---\nx\n");
    site.write("content/tin-tuc/tin-1.md", "---\ntitle: Tin 1\ndate: 2023-01-15\n---\nx\n");
    site.remove("content/tin-tuc/tin-2.md");
    site.write("static/tai-lieu/PRN.pdf", "x");
    site.write("static/bao-cao /a.pdf", "x");
    site.write("static/hoi-dap?.html", "x");
    build()
        .content_error()
        .err_has("static/tai-lieu/PRN.pdf: error[windows-name]")
        .err_has("the name `bao-cao ` ends in a dot or a space")
        .err_has("the name `hoi-dap?.html` holds `?`");
    assert_eq!(site.read("index.html"), before, "the previous output is kept");
    site.remove("static/tai-lieu/PRN.pdf");
    site.remove("static/bao-cao /a.pdf");
    site.remove("static/hoi-dap?.html");
    build().ok();
    assert!(site.exists("con-/index.html"));
}

/// Issue 20: on Windows (and macOS) the swap moves the old output aside as
/// `.public.old-<pid>-<time>` and removes it; when it cannot (antivirus holding a file in it, the
/// build killed), the folder stays. The next build removes it, as it does a killed build's
/// `.public.minhbach-…` temporary folder. Simulated with the id of a process that has ended.
#[cfg(unix)]
#[test]
fn the_next_build_removes_folders_left_beside_public() {
    let site = Site::fixture("mini");
    site.build(&[]).ok();
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let left = [format!(".public.old-{dead}-1"), format!(".public.minhbach-{dead}-2")];
    for name in &left {
        site.write(&format!("{name}/tin-tuc/index.html"), "trang cũ");
    }
    site.build(&[]).ok();
    for name in &left {
        assert!(!site.root().join(name).exists(), "{name} is still there");
    }
    assert!(site.read("index.html").contains("<html lang=vi"));
}

/// Issue 20: the zip's only guide, `scripts/release/README-vi.txt`, says `minhbach init` makes a
/// sample site with every kind of content and names where each is edited. Every file and folder
/// it names is in the site `init` makes (each content folder with a file in it), and it builds.
#[test]
fn init_makes_what_the_quick_start_in_the_zip_names() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = fs::read_to_string(repo.join("scripts/release/README-vi.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("trang-thi-dua");
    run(&["init", site.to_str().unwrap()], &[]).ok();
    let mut named = 0;
    for line in guide.lines() {
        let Some(word) = line.split_whitespace().next() else { continue };
        if word != "site.yaml" && !word.starts_with("content\\") && !word.starts_with("static\\") {
            continue;
        }
        let p = site.join(word.trim_end_matches('\\').replace('\\', "/"));
        assert!(p.exists(), "README-vi.txt names {word}; init does not make it");
        if p.is_dir() && word.starts_with("content\\") {
            assert!(fs::read_dir(&p).unwrap().next().is_some(), "init leaves {word} empty");
        }
        named += 1;
    }
    assert_eq!(named, 8, "README-vi.txt's list of what to edit where changed: update this test");
    run(&["build", "--root", site.to_str().unwrap()], &[]).ok();
    assert!(site.join("public/index.html").exists());
}
