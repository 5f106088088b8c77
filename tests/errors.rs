//! Content problems: every one reported with file:line:col and a fix, exit 1, previous output intact.

use crate::util::{Site, run};

/// Builds once (good), breaks the site with `f`, builds again and checks the failure.
fn broken(f: impl FnOnce(&Site)) -> (Site, crate::util::Run) {
    let s = Site::fixture("mini");
    s.build(&[]).ok();
    let before = s.read("index.html");
    f(&s);
    let r = s.build(&[]).content_error();
    assert_eq!(s.read("index.html"), before, "previous public/ must stay untouched");
    assert!(r.stderr.contains("không ghi gì"), "{}", r.stderr);
    (s, r)
}

#[test]
fn yaml_syntax_error_has_file_and_line() {
    let (_, r) = broken(|s| {
        s.write(
            "content/gioi-thieu.md",
            "---\ntitle: Giới thiệu\ndescription: [chưa đóng\nslug: x\n---\nA\n",
        )
    });
    r.err_has("content/gioi-thieu.md:").err_has("lỗi[yaml-syntax]");
}

#[test]
fn tab_in_yaml_is_explained() {
    let (_, r) =
        broken(|s| s.write("content/gioi-thieu.md", "---\ntitle: A\nextra:\n\tnote: b\n---\n"));
    r.err_has("content/gioi-thieu.md:4").err_has("Tab");
}

#[test]
fn dotted_amount_is_refused_with_the_fix() {
    let (_, r) = broken(|s| {
        let t = std::fs::read_to_string(s.root().join("content/quy/2024.yaml")).unwrap();
        s.write("content/quy/2024.yaml", t.replace("opening: 1000000", "opening: \"1.000.000\""));
    });
    r.err_has("content/quy/2024.yaml:4:10")
        .err_has("lỗi[dotted-amount]")
        .err_has("`opening: 1000000`");
}

#[test]
fn unknown_key_suggests_the_closest() {
    let (_, r) =
        broken(|s| s.write("content/gioi-thieu.md", "---\ntitle: A\ndescripton: b\n---\n"));
    r.err_has("content/gioi-thieu.md:3:1: lỗi[unknown-key]").err_has("`description`");
}

#[test]
fn missing_key_is_named() {
    let (_, r) =
        broken(|s| s.write("content/guong-dien-hinh/e.md", "---\nid: x\nkind: individual\n---\n"));
    r.err_has("content/guong-dien-hinh/e.md:2:1: lỗi[missing-key]").err_has("`name`");
}

#[test]
fn impossible_date() {
    let (_, r) =
        broken(|s| s.write("content/tin-tuc/tin-9.md", "---\ntitle: A\ndate: 31/02/2023\n---\n"));
    r.err_has("content/tin-tuc/tin-9.md:3:7: lỗi[bad-date]");
}

#[test]
fn dangling_references_are_reported() {
    let (_, r) = broken(|s| {
        s.write("content/van-ban/x.md", "---\nnumber: 5/KH-UBND\nissuer: UBND\ndate: 2023-01-05\ntitle: X\nimplements: 999/KH-UBND\ncampaign: khong-co\n---\n");
    });
    r.err_has("content/van-ban/x.md:6:13: lỗi[dangling-reference]")
        .err_has("999/KH-UBND")
        .err_has("content/van-ban/x.md:7:11");
}

#[test]
fn duplicate_slugs_and_ids() {
    let (_, r) = broken(|s| {
        s.write(
            "content/guong-dien-hinh/z.md",
            "---\nid: tran-van-binh\nname: Trần Văn Bình\nkind: individual\n---\n",
        );
    });
    r.err_has("lỗi[duplicate-url]").err_has("lỗi[duplicate-id]");
}

#[test]
fn legacy_encodings_are_named() {
    // "Uû ban nh©n d©n" in TCVN3 bytes: 0xFB = û, 0xA9 = â ("©").
    let (_, r) = broken(|s| {
        s.write(
            "content/gioi-thieu.md",
            b"---\ntitle: U\xfb ban nh\xa9n d\xa9n t\xd8nh\n---\nU\xfb ban nh\xa9n d\xa9n\n"
                .as_slice(),
        )
    });
    r.err_has("content/gioi-thieu.md").err_has("lỗi[not-utf8]").err_has("TCVN3");
}

#[test]
fn unclosed_front_matter() {
    let (_, r) = broken(|s| s.write("content/gioi-thieu.md", "---\ntitle: A\n\nNội dung\n"));
    r.err_has("content/gioi-thieu.md:1:1: lỗi[unclosed-front-matter]");
}

#[test]
fn unbalanced_ledger_shows_the_arithmetic() {
    let (_, r) = broken(|s| {
        let t = std::fs::read_to_string(s.root().join("content/quy/2024.yaml")).unwrap();
        s.write("content/quy/2024.yaml", t.replace("closing: 1034567", "closing: 1034568"));
    });
    r.err_has("lỗi[unbalanced]").err_has("1.034.567 đồng").err_has("lệch 1 đồng");
}

#[test]
fn every_problem_of_the_run_is_reported() {
    let (_, r) = broken(|s| {
        s.write("content/gioi-thieu.md", "---\ntitle: A\ndescripton: b\n---\n");
        s.write("content/tin-tuc/tin-9.md", "---\ntitle: A\ndate: 2023-13-01\n---\n");
        s.write("content/guong-dien-hinh/e.md", "---\nid: e\nkind: person\nname: E\n---\n");
    });
    r.err_has("gioi-thieu.md").err_has("tin-9.md").err_has("guong-dien-hinh/e.md").err_has("3 lỗi");
}

#[test]
fn type_must_match_the_symbol() {
    let (_, r) = broken(|s| {
        s.write("content/van-ban/hd.md", "---\nnumber: 2357/HD-BTĐKT\ntype: CV\nissuer: Ban TĐKT TW\ndate: 2022-08-31\ntitle: Hướng dẫn\n---\n")
    });
    r.err_has("content/van-ban/hd.md:3:7: lỗi[type-mismatch]").err_has("HD");
}

#[test]
fn document_cannot_cite_a_later_one() {
    let (_, r) = broken(|s| {
        s.write("content/van-ban/old.md", "---\nnumber: 1/KH-UBND\nissuer: UBND\ndate: 2022-01-01\ntitle: Cũ\nbases:\n  - { number: 666/QĐ-TTg, date: 2022-06-02 }\n---\n")
    });
    r.err_has("lỗi[date-before-basis]");
}

#[test]
fn messages_in_english_on_request() {
    let s = Site::fixture("mini");
    s.write("content/gioi-thieu.md", "---\ntitle: A\ndescripton: b\n---\n");
    let root = s.root().to_str().unwrap();
    let r = run(&["--lang", "en", "build", "--root", root], &[]).content_error();
    assert!(
        r.stderr.contains("error[unknown-key]: trang / page: unknown key `descripton`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("fix: did you mean `description`?"), "{}", r.stderr);
    let r = run(&["check", "--root", root], &[("MINHBACH_LANG", "en")]).content_error();
    assert!(r.stderr.contains("1 errors"), "{}", r.stderr);
}

#[test]
fn a_failed_first_build_writes_no_output() {
    let s = Site::fixture("mini");
    s.write("content/gioi-thieu.md", "---\ntitle: [\n---\n");
    s.build(&[]).content_error();
    assert!(!s.root().join("public").exists());
    let leftovers: Vec<_> = std::fs::read_dir(s.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left: {leftovers:?}");
}
