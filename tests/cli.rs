//! The command line: init, new, exit codes, refusing dangerous output folders.

use crate::util::{Site, run};

#[test]
fn init_makes_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("trang-moi");
    let s = site.to_str().unwrap();
    run(&["init", s], &[]).ok();
    let r = run(&["build", "--root", s], &[]).ok();
    assert!(r.stdout.contains("trang"), "{}", r.stdout);
    for f in [
        "index.html",
        "van-ban/ke-hoach-mau/index.html",
        "guong-dien-hinh/nguyen-van-a/index.html",
        "quy-vi-nguoi-ngheo/2024/index.html",
    ] {
        let f = if f == "van-ban/ke-hoach-mau/index.html" {
            "van-ban/12-kh-ubnd-2022/index.html"
        } else {
            f
        };
        assert!(site.join("public").join(f).exists(), "{f}");
    }
    // init refuses a folder that has content
    run(&["init", s], &[]);
    assert_eq!(run(&["init", s], &[]).code, 2);
}

#[test]
fn new_creates_a_file_with_a_vietnamese_slug() {
    let s = Site::fixture("mini");
    let root = s.root().to_str().unwrap();
    let r = run(&["new", "exemplar", "Điểu Thị Hồng", "--root", root], &[]).ok();
    assert!(r.stdout.trim().ends_with("content/guong-dien-hinh/dieu-thi-hong.md"), "{}", r.stdout);
    let text =
        std::fs::read_to_string(s.root().join("content/guong-dien-hinh/dieu-thi-hong.md")).unwrap();
    assert!(text.contains("name: \"Điểu Thị Hồng\""));
    assert_eq!(
        run(&["new", "exemplar", "Điểu Thị Hồng", "--root", root], &[]).code,
        2,
        "no overwrite"
    );
    assert_eq!(run(&["new", "nonsense", "X", "--root", root], &[]).code, 2);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["build", "--no-such-flag"], &[]).code, 2);
    assert_eq!(run(&["build", "--root", "/no/such/folder/anywhere"], &[]).code, 2);
}

#[test]
fn refuses_to_replace_a_folder_that_is_not_a_built_site() {
    let s = Site::fixture("mini");
    s.write("docs/bao-cao.docx", "x");
    let r = s.build(&["--output", s.root().join("docs").to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(s.root().join("docs/bao-cao.docx").exists());
    let r = s.build(&["--output", s.root().to_str().unwrap()]);
    assert_eq!(r.code, 2);
}
