//! A Hugo or Zola folder of pages builds as it is: TOML front matter (`+++`), custom top-level
//! keys read as `extra`, Zola's `taxonomies` and Hugo's `params`, while a misspelt key and the
//! typed kinds' unknown keys are still caught.

use crate::util::Site;

/// A page override that prints what templates see of the custom data.
const PAGE_TEMPLATE: &str = "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>\
<p id=\"extra\">{{ page.extra.locality | default(value='') }}|{{ page.extra.amount | default(value='') }}|\
{{ page.extra.donor | default(value='') }}|{{ page.extra.note | default(value='') }}</p>\
<p id=\"tags\">{{ page.tags | join(sep=',') }}/{{ page.categories | join(sep=',') }}</p>\
{% endblock content %}";

fn hugo_site() -> Site {
    let s = Site::fixture("mini");
    s.write("templates/page.html", PAGE_TEMPLATE);
    s.write(
        "content/bai-viet/toml.md",
        "+++\ntitle = \"Trao nhà đại đoàn kết\"\ndate = 2023-05-19\ndraft = false\n\
         tags = [\"nhà ở\"]\ncategories = [\"Tin tức\"]\nlocality = \"Đồng Xoài\"\namount = 50000000\n\
         [params]\ndonor = \"Ngân hàng Chính sách\"\n+++\n\nNội dung **bài viết**.\n",
    );
    s.write(
        "content/bai-viet/yaml.md",
        "---\ntitle: Hỗ trợ sinh kế\nlocality: Bù Đăng\namount: 12000000\n---\nNội dung.\n",
    );
    s.write(
        "content/bai-viet/zola.md",
        "+++\ntitle = \"Sửa nhà cho hộ nghèo\"\ndate = 2023-06-01T08:00:00+07:00\n\
         updated = 2023-06-02\n[taxonomies]\ntags = [\"sửa nhà\"]\ncategories = [\"Tin tức\"]\n\
         [extra]\nnote = \"ghi chú riêng\"\nlocality = \"Phước Long\"\n+++\nNội dung.\n",
    );
    s
}

#[test]
fn toml_and_custom_keys_build_with_notes_not_errors() {
    let s = hugo_site();
    let r = s.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("unknown-key"), "{}", r.stderr);
    // Notes are not warnings: the summary counts only the fixture's own warning.
    assert!(r.stdout.contains("1 cảnh báo"), "{}", r.stdout);
    // One note per custom key, counting the pages, at the first page that has it.
    assert!(r.stderr.contains("note[custom-key]") || r.stderr.contains("ghi chú[custom-key]"));
    assert!(r.stderr.contains("`locality` (2"), "{}", r.stderr);
    assert_eq!(r.stderr.matches("[custom-key]").count(), 2, "{}", r.stderr);

    let toml = s.read("bai-viet/toml/index.html");
    assert!(toml.contains("<h1>Trao nhà đại đoàn kết</h1>"), "{toml}");
    assert!(toml.contains("Đồng Xoài|50000000|Ngân hàng Chính sách|"), "{toml}");
    assert!(toml.contains(">nhà ở/Tin tức<"), "{toml}");
    let yaml = s.read("bai-viet/yaml/index.html");
    assert!(yaml.contains("Bù Đăng|12000000||"), "{yaml}");
    // Zola: taxonomies unfolded; an explicit `extra` wins over nothing and is kept whole.
    let zola = s.read("bai-viet/zola/index.html");
    assert!(zola.contains("Phước Long|||ghi chú riêng"), "{zola}");
    assert!(zola.contains(">sửa nhà/Tin tức<"), "{zola}");
    assert!(s.exists("the/sua-nha/index.html"));
    assert!(s.exists("the/nha-o/index.html"));
}

#[test]
fn explicit_extra_wins_over_params_and_top_level_keys() {
    let s = hugo_site();
    s.write(
        "content/bai-viet/toml.md",
        "+++\ntitle = \"A\"\nlocality = \"top\"\n[params]\nlocality = \"params\"\ndonor = \"p\"\n\
         [extra]\nlocality = \"extra\"\n+++\n",
    );
    let r = s.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(s.read("bai-viet/toml/index.html").contains("extra||p|"));
}

#[test]
fn a_misspelt_key_is_still_caught() {
    let s = hugo_site();
    s.write("content/bai-viet/typo.md", "+++\ntitle = \"A\"\ndraf = true\n+++\n");
    let r = s.build(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let line = r.stderr.lines().find(|l| l.contains("typo.md")).expect("a message for typo.md");
    assert!(line.starts_with("content/bai-viet/typo.md:3:1: lỗi[unknown-key]"), "{line}");
    assert!(r.stderr.contains("`draft`"), "{}", r.stderr);
    // Not also listed as a custom key.
    assert!(!r.stderr.contains("`draf` ("), "{}", r.stderr);
}

#[test]
fn address_keys_of_other_engines_are_named() {
    let s = hugo_site();
    s.write("content/bai-viet/url.md", "+++\ntitle = \"A\"\nurl = \"/khac/\"\n+++\n");
    let r = s.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("content/bai-viet/url.md:3:7: "), "{}", r.stderr);
    assert!(r.stderr.contains("[address-key]"), "{}", r.stderr);
    assert!(s.exists("bai-viet/url/index.html"));
}

#[test]
fn toml_syntax_errors_have_a_line_and_a_fix() {
    let s = hugo_site();
    s.write("content/bai-viet/bad.md", "+++\ntitle = \"A\"\ndate = \n+++\n");
    let r = s.build(&[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("content/bai-viet/bad.md:3:"), "{}", r.stderr);
    assert!(r.stderr.contains("[toml-syntax]"), "{}", r.stderr);
    s.write("content/bai-viet/bad.md", "+++\ntitle = \"A\"\n");
    let r = s.build(&[]);
    assert!(r.stderr.contains("[unclosed-front-matter]"), "{}", r.stderr);
}

#[test]
fn typed_kinds_still_refuse_unknown_keys() {
    let s = hugo_site();
    let ex = std::fs::read_dir(s.root().join("content/guong-dien-hinh"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .expect("an exemplar in the fixture");
    let text = std::fs::read_to_string(&ex).unwrap();
    std::fs::write(&ex, text.replacen("---\n", "---\nhometown: X\n", 1)).unwrap();
    let r = s.build(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("[unknown-key]"), "{}", r.stderr);
}

#[test]
fn deeply_nested_toml_is_refused_not_a_crash() {
    let s = hugo_site();
    let deep =
        format!("+++\ntitle = \"a\"\nx = {}{}\n+++\n", "[".repeat(100_000), "]".repeat(100_000));
    s.write("content/bai-viet/deep.md", deep);
    let inline = format!("+++\ny = {}{}\n+++\n", "{ a = ".repeat(50_000), "}".repeat(50_000));
    s.write("content/bai-viet/inline.md", inline);
    let r = s.build(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("content/bai-viet/deep.md:3:"), "{}", r.stderr);
    assert!(r.stderr.contains("content/bai-viet/inline.md:2:"), "{}", r.stderr);
    assert_eq!(r.stderr.matches("[toml-syntax]").count(), 2, "{}", r.stderr);
}
