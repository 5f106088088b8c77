//! The example site in `content/` builds cleanly and shows the seeds' facts.

use crate::util::run;
use std::path::Path;

#[test]
fn example_site_builds_without_problems() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("public");
    let r = run(&["build", "--root", root.to_str().unwrap(), "--output", o.to_str().unwrap()], &[])
        .ok();
    assert!(!r.stderr.contains("lỗi"), "{}", r.stderr);
    let plan = std::fs::read_to_string(o.join("van-ban/263-kh-ubnd-2022/index.html")).unwrap();
    assert!(plan.contains("Bình Phước, ngày 16 tháng 9 năm 2022"));
    assert!(plan.contains("666/QĐ-TTg"));
    let home = std::fs::read_to_string(o.join("index.html")).unwrap();
    assert!(home.contains("Dữ liệu minh họa"));
    assert!(o.join("quy-vi-nguoi-ngheo/2024/index.html").exists());
}
