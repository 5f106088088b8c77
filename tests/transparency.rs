//! Transparency core: document numbers and symbols, the award form vocabulary and its
//! `site.yaml` extension, organisations with successors, targets with progress. Each check is
//! driven by a fixture (the `mini` site plus files written here) and asserted with its exact
//! message, file, line and column.

use crate::util::{Run, Site, run};

fn check(s: &Site, extra: &[&str]) -> Run {
    let mut a = vec!["check", "--root", s.root().to_str().unwrap()];
    a.extend_from_slice(extra);
    run(&a, &[])
}

/// A document whose `number:` is on line 2 (value at column 9) and `date:` on line 4.
fn doc(number: &str, issuer: &str, date: &str, extra: &str) -> String {
    format!(
        "---\nnumber: {number}\nissuer: {issuer}\ndate: {date}\ntitle: Văn bản thử\n{extra}---\n"
    )
}

/// A decision of the `mini` campaign: `date:` on line 5, recipients from line 12.
fn decision(number: &str, date: &str, form: &str, rows: &[&str]) -> String {
    let mut s = format!(
        "---\nnumber: {number}\nissuer: Ủy ban nhân dân tỉnh Bình Phước\nplace: Bình Phước\ndate: {date}\ntitle: Về việc khen thưởng\nform: {form}\nround: tong-ket-2025\ncampaign: vnn-2021-2025\nplan: 263/KH-UBND\nrecipients:\n"
    );
    for r in rows {
        s.push_str("  - ");
        s.push_str(r);
        s.push('\n');
    }
    s.push_str("---\n");
    s
}

/// The `mini` fixture without its leader-share finding, so each test sees only its own.
fn clean() -> Site {
    let s = Site::fixture("mini");
    let p = s.root().join("content/khen-thuong/qd1.md");
    let t = std::fs::read_to_string(&p).unwrap();
    s.write("content/khen-thuong/qd1.md", t.replace("leader: true", "leader: false"));
    s
}

fn append_site_yaml(s: &Site, text: &str) {
    let p = s.root().join("site.yaml");
    let t = std::fs::read_to_string(&p).unwrap();
    s.write("site.yaml", format!("{t}{text}"));
}

// ---- document numbers ------------------------------------------------------------------------

#[test]
fn type_codes_are_case_and_diacritic_sensitive() {
    let s = clean();
    s.write("content/van-ban/qd.md", doc("12/QD-UBND", "UBND tỉnh", "2023-03-01", ""));
    s.write("content/van-ban/kh.md", doc("13/Kh-UBND", "UBND tỉnh", "2023-03-02", ""));
    check(&s, &[])
        .content_error()
        .err_has("content/van-ban/qd.md:2:9: lỗi[type-code-spelling]: `QD` trong `12/QD-UBND` không phải mã loại văn bản: mã viết đúng hoa thường và dấu, ví dụ `QĐ`")
        .err_has("content/van-ban/kh.md:2:9: lỗi[type-code-spelling]: `Kh` trong `13/Kh-UBND` không phải mã loại văn bản: mã viết đúng hoa thường và dấu, ví dụ `KH`");
}

#[test]
fn hd_is_a_guidance_and_hđ_a_contract() {
    let s = clean();
    // Line 3 is `type:`; the value starts at column 7.
    s.write(
        "content/van-ban/hd.md",
        "---\nnumber: 2357/HD-BTĐKT\ntype: HĐ\nissuer: Ban Thi đua - Khen thưởng Trung ương\ndate: 2022-08-31\ntitle: Hướng dẫn khen thưởng\n---\n",
    );
    s.write(
        "content/van-ban/cv.md",
        "---\nnumber: 2358/HD-BTĐKT\ntype: CV\nissuer: Ban Thi đua - Khen thưởng Trung ương\ndate: 2022-09-01\ntitle: Hướng dẫn thứ hai\n---\n",
    );
    check(&s, &[])
        .content_error()
        .err_has("content/van-ban/hd.md:3:7: lỗi[type-mismatch]: `type: HĐ` (Hợp đồng) không khớp ký hiệu `HD` (Hướng dẫn) trong số văn bản")
        .err_has("content/van-ban/cv.md:3:7: lỗi[type-mismatch]: `type: CV` (Công văn) không khớp ký hiệu `HD` (Hướng dẫn) trong số văn bản");
}

#[test]
fn spaces_zero_and_cv_in_numbers() {
    let s = clean();
    s.write("content/van-ban/sp.md", doc("\"14 / KH - UBND\"", "UBND tỉnh", "2023-03-03", ""));
    s.write("content/van-ban/cv.md", doc("15/CV-UBND", "UBND tỉnh", "2023-03-04", ""));
    check(&s, &[]).ok().err_has("content/van-ban/sp.md:2:9: cảnh báo[number-spaces]: số, ký hiệu `14 / KH - UBND` có dấu cách quanh / hoặc -")
        .err_has("content/van-ban/cv.md:2:9: cảnh báo[letter-code]: `CV` trong `15/CV-UBND` không phải mã loại văn bản chính thức: công văn không có mã loại");
    s.write("content/van-ban/zero.md", doc("0/KH-UBND", "UBND tỉnh", "2023-03-05", ""));
    check(&s, &[]).content_error().err_has(
        "content/van-ban/zero.md:2:9: lỗi[number-zero]: số văn bản phải từ 1 trở lên (`0/KH-UBND`)",
    );
}

#[test]
fn one_document_per_issuer_number_symbol_and_year() {
    let s = clean();
    // Same issuer, number, symbol and year as 263.md: an error at the second one's number.
    s.write(
        "content/van-ban/z-trung.md",
        doc("263/KH-UBND", "Ủy ban nhân dân tỉnh Bình Phước", "2022-10-01", "slug: trung\n"),
    );
    check(&s, &[]).content_error().err_has("content/van-ban/z-trung.md:2:9: lỗi[duplicate-document]: văn bản số 263/KH-UBND của cùng cơ quan, cùng năm đã có ở content/van-ban/263.md");
    // Another year, another issuer or another symbol is another document.
    s.write(
        "content/van-ban/z-trung.md",
        doc("263/KH-UBND", "Ủy ban nhân dân tỉnh Bình Phước", "2023-01-10", ""),
    );
    s.write(
        "content/van-ban/z-khac.md",
        doc("263/KH-UBND", "Ủy ban nhân dân tỉnh Ninh Thuận", "2022-10-01", "slug: khac\n"),
    );
    s.write(
        "content/van-ban/z-ky-hieu.md",
        doc("263/QĐ-UBND", "Ủy ban nhân dân tỉnh Bình Phước", "2022-10-01", ""),
    );
    let r = check(&s, &[]).ok();
    assert!(!r.stderr.contains("duplicate-document"), "{}", r.stderr);
}

#[test]
fn a_document_is_not_dated_before_what_it_cites() {
    let s = clean();
    // The basis is on line 7 (the list item), column 5.
    s.write(
        "content/van-ban/cu.md",
        doc(
            "1/KH-UBND",
            "UBND tỉnh",
            "2022-01-05",
            "bases:\n  - { number: 666/QĐ-TTg, date: 2022-06-02 }\n",
        ),
    );
    check(&s, &[]).content_error().err_has("content/van-ban/cu.md:7:5: lỗi[date-before-basis]: văn bản ngày 5/1/2022 không thể căn cứ văn bản 666/QĐ-TTg ban hành sau đó (2/6/2022)");
}

#[test]
fn an_award_decision_carries_a_decision_number() {
    let s = clean();
    s.write(
        "content/khen-thuong/kh.md",
        decision(
            "500/KH-UBND",
            "2025-05-01",
            "BKTINH",
            &["{ id: a, kind: individual, name: Lê Văn A }"],
        ),
    );
    check(&s, &[]).ok().err_has("content/khen-thuong/kh.md:2:9: cảnh báo[decision-type]: số `500/KH-UBND` là của một Kế hoạch (`KH`), không phải quyết định khen thưởng (`QĐ`)");
}

// ---- award forms ---------------------------------------------------------------------------

#[test]
fn site_yaml_adds_and_changes_award_forms() {
    let s = clean();
    append_site_yaml(
        &s,
        "award_forms:\n  - { code: KNC, label: Kỷ niệm chương Vì người nghèo, rank: 6, allowed: [individual] }\n  - { code: GKXA, allowed: [individual, collective] }\n",
    );
    s.write(
        "content/khen-thuong/knc.md",
        decision(
            "600/QĐ-UBND",
            "2025-05-02",
            "KNC",
            &[
                "{ id: a, kind: individual, name: Lê Văn A }",
                "{ id: tt, kind: collective, name: Tập thể B }",
            ],
        ),
    );
    s.write(
        "content/khen-thuong/gkxa.md",
        decision(
            "601/QĐ-UBND",
            "2025-05-03",
            "GKXA",
            &["{ id: ho, kind: household, name: Hộ ông C }"],
        ),
    );
    let r = check(&s, &[]).content_error();
    let r = r.err_has("content/khen-thuong/knc.md:13:5: lỗi[kind-not-allowed]: Kỷ niệm chương Vì người nghèo không tặng cho Tập thể")
        .err_has("content/khen-thuong/gkxa.md:12:5: lỗi[kind-not-allowed]: Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã không tặng cho Hộ gia đình");
    assert!(!r.stderr.contains("knc.md:12:5"), "the individual may receive it: {}", r.stderr);
    // The vocabulary is published, in rank order, with the site's additions.
    s.remove("content/khen-thuong/gkxa.md");
    s.write(
        "content/khen-thuong/knc.md",
        decision(
            "600/QĐ-UBND",
            "2025-05-02",
            "KNC",
            &["{ id: a, kind: individual, name: Lê Văn A }"],
        ),
    );
    s.build(&[]).ok();
    let forms: serde_json::Value =
        serde_json::from_str(&s.read("du-lieu/awardForms.json")).unwrap();
    let ids: Vec<&str> =
        forms["records"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "HCLD1", "HCLD2", "HCLD3", "HCLD", "BKTTG", "BKTINH", "GKSO", "KNC", "GKHUYEN", "GKXA",
            "GKDV"
        ]
    );
    let knc = &forms["records"][7];
    assert_eq!((knc["rank"].as_u64(), knc["custom"].as_bool()), (Some(6), Some(true)));
    assert_eq!(knc["allowedKinds"], serde_json::json!(["individual"]));
    assert_eq!(
        forms["records"][9]["allowedKinds"],
        serde_json::json!(["individual", "collective"])
    );
    s.write(
        "content/khen-thuong/gkxa.md",
        decision(
            "601/QĐ-UBND",
            "2025-05-03",
            "GKXA",
            &["{ id: ho, kind: household, name: Hộ ông C }"],
        ),
    );
    // Without the change, a household may receive a Giấy khen of the commune.
    let t = std::fs::read_to_string(s.root().join("site.yaml")).unwrap();
    s.write("site.yaml", t.replace("  - { code: GKXA, allowed: [individual, collective] }\n", ""));
    s.remove("content/khen-thuong/knc.md");
    check(&s, &[]).ok();
}

#[test]
fn a_new_award_form_needs_label_rank_and_kinds() {
    let s = clean();
    // site.yaml has 7 lines; `award_forms:` is line 8, the item line 9.
    append_site_yaml(
        &s,
        "award_forms:\n  - { code: XYZ, label: Hình thức mới }\n  - { code: knc, label: X, rank: 6, allowed: [individual] }\n",
    );
    check(&s, &[])
        .content_error()
        .err_has("site.yaml:9:5: lỗi[bad-award-form]: hình thức khen thưởng mới `XYZ` thiếu rank, allowed")
        .err_has("site.yaml:10:13: lỗi[bad-award-form]: mã hình thức khen thưởng `knc` chỉ được gồm chữ in hoa A-Z và chữ số");
}

#[test]
fn unknown_award_forms_are_reported_with_the_vocabulary() {
    let s = clean();
    s.write(
        "content/khen-thuong/x.md",
        decision(
            "700/QĐ-UBND",
            "2025-05-04",
            "BKTINHH",
            &["{ id: a, kind: individual, name: Lê Văn A }"],
        ),
    );
    check(&s, &[])
        .content_error()
        .err_has("content/khen-thuong/x.md:7:7: lỗi[unknown-award-form]: hình thức khen thưởng `BKTINHH` không có trong danh mục")
        .err_has("có phải ý bạn là `BKTINH`?");
}

// ---- organisations ---------------------------------------------------------------------------

const ORGS: &str = "organizations:\n  - { id: ubnd-bp, name: Ủy ban nhân dân tỉnh Bình Phước, short: UBND tỉnh Bình Phước, valid_to: 2025-06-30, successor: ubnd-dn }\n  - { id: ubnd-dn, name: Ủy ban nhân dân tỉnh Đồng Nai, valid_from: 2025-07-01 }\n  - { id: bdt-bp, name: Ban Dân tộc tỉnh Bình Phước, valid_to: 2025, successor: sdttg-bp }\n  - { id: sdttg-bp, name: Sở Dân tộc và Tôn giáo tỉnh Bình Phước, valid_from: 2025, valid_to: 2025-06-30, successor: sdttg-dn }\n  - { id: sdttg-dn, name: Sở Dân tộc và Tôn giáo tỉnh Đồng Nai, valid_from: 2025-07-01 }\n";

#[test]
fn issuers_are_shown_as_issued_then_as_they_are_now() {
    let s = clean();
    append_site_yaml(&s, ORGS);
    s.build(&[]).ok();
    let plan = s.read("van-ban/263-kh-ubnd-2022/index.html");
    assert!(
        plan.contains("Ủy ban nhân dân tỉnh Bình Phước (nay là Ủy ban nhân dân tỉnh Đồng Nai)"),
        "{plan}"
    );
    let bdt = s.read("van-ban/kh-ban-dan-toc-tinh-binh-phuoc-2022-trien-khai-thuc-hien-phong-trao-thi-dua/index.html");
    assert!(
        bdt.contains("Ban Dân tộc tỉnh Bình Phước (nay là Sở Dân tộc và Tôn giáo tỉnh Đồng Nai)"),
        "{bdt}"
    );
    let dec = s.read("khen-thuong/2105-qd-ubnd-2023/index.html");
    assert!(dec.contains("(nay là Ủy ban nhân dân tỉnh Đồng Nai)"), "{dec}");
    let csv = s.read("du-lieu/documents.csv");
    assert!(
        csv.contains(",Ủy ban nhân dân tỉnh Bình Phước,Ủy ban nhân dân tỉnh Đồng Nai,"),
        "{csv}"
    );
    // Without `organizations`, nothing is added.
    let c = clean();
    c.build(&[]).ok();
    assert!(!c.read("van-ban/263-kh-ubnd-2022/index.html").contains("nay là"));
}

#[test]
fn a_record_dated_after_its_issuer_ceased_is_reported() {
    let s = clean();
    append_site_yaml(&s, ORGS);
    s.write(
        "content/khen-thuong/muon.md",
        decision(
            "800/QĐ-UBND",
            "2025-08-01",
            "BKTINH",
            &["{ id: a, kind: individual, name: Lê Văn A }"],
        ),
    );
    check(&s, &[]).ok().err_has("content/khen-thuong/muon.md:5:7: cảnh báo[issuer-not-valid]: văn bản ngày 1/8/2025 do Ủy ban nhân dân tỉnh Bình Phước ban hành, nhưng cơ quan này chỉ hoạt động đến ngày 30/6/2025")
        .err_has("`issuer: Ủy ban nhân dân tỉnh Đồng Nai`");
    check(&s, &["--strict"])
        .content_error()
        .err_has("content/khen-thuong/muon.md:5:7: lỗi[issuer-not-valid]");
}

#[test]
fn a_successor_must_be_listed() {
    let s = clean();
    // Line 8 `organizations:`, line 9 the item; `successor:` value at column 45.
    append_site_yaml(
        &s,
        "organizations:\n  - { name: Ban Dân tộc tỉnh Bình Phước, successor: khong-co }\n",
    );
    check(&s, &[]).content_error().err_has("site.yaml:9:").err_has("lỗi[bad-organization]: `successor: khong-co` không phải mã của một tổ chức khác trong `organizations`");
}

// ---- targets -------------------------------------------------------------------------------

/// Actuals of the two targets of 263.md: `giam-ho-ngheo` (2.000-2.500 hộ/năm, amounts) and the
/// DTTS rate that must fall 1,5-2 points a year (levels, from a 2021 baseline).
const ACTUALS: &str = "plan: 263/KH-UBND
source: Số liệu thử
actuals:
  - target: giam-ho-ngheo
    years:
      - { year: 2022, value: 2100 }
      - { year: 2023, value: 1900 }
      - { year: 2024, value: 2600 }
  - target: giam-ty-le-ho-ngheo-dtts
    baseline: { year: 2021, value: 9 }
    years:
      - { year: 2022, value: 7.2 }
      - { year: 2023, value: 6 }
";

#[test]
fn targets_show_progress_with_direction_aware_status() {
    let s = clean();
    s.write("content/chi-tieu/263.yaml", ACTUALS);
    s.build(&[]).ok();
    let plan = s.read("van-ban/263-kh-ubnd-2022/index.html");
    for want in [
        "Năm 2022: 2.100 hộ, đạt (chỉ tiêu 2.000–2.500 hộ/năm)",
        "Năm 2023: 1.900 hộ, chưa đạt (chỉ tiêu 2.000–2.500 hộ/năm)",
        "Năm 2024: 2.600 hộ, vượt (chỉ tiêu 2.000–2.500 hộ/năm)",
        "Năm 2024: 2.600 hộ, vượt; đạt chỉ tiêu 2/3 năm",
        // A rate that must fall: 9 -> 7,2 is a fall of 1,8 (đạt); 7,2 -> 6 only 1,2.
        "Năm 2022: 7,2% (giảm 1,8%), đạt (chỉ tiêu 1,5–2%/năm)",
        "Năm 2023: 6% (giảm 1,2%), chưa đạt (chỉ tiêu 1,5–2%/năm)",
        "Nguồn số liệu: Số liệu thử",
    ] {
        assert!(plan.contains(want), "{want}\n{plan}");
    }
    // The bar is decoration (the text says it all) and needs no script.
    assert!(plan.contains("aria-hidden=true class=progress-bar"), "{plan}");
    assert_eq!(
        plan.matches("<script").count(),
        plan.matches("<script type=application/ld+json>").count(),
        "no script but the JSON-LD: {plan}"
    );
    // One scale per target: the 2.000 and 2.500 marks sit at the same place on every bar.
    assert_eq!(plan.matches("x=61.5").count(), 3, "{plan}");
    let campaign = s.read("phong-trao/vnn-2021-2025/index.html");
    assert!(campaign.contains("Tiến độ chỉ tiêu"), "{campaign}");
    assert!(campaign.contains("Năm 2023: 6% (giảm 1,2%), chưa đạt"), "{campaign}");
    let json: serde_json::Value = serde_json::from_str(&s.read("du-lieu/targets.json")).unwrap();
    let rec = json["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["targetId"] == "giam-ty-le-ho-ngheo-dtts")
        .unwrap();
    assert_eq!(rec["status"], "chua-dat");
    assert_eq!(rec["latestYear"], 2023);
    assert_eq!(rec["latestAmount"], 1.2);
    assert_eq!(rec["actuals"], "2022=7.2; 2023=6");
    assert_eq!((rec["yearsMet"].as_u64(), rec["yearsCompared"].as_u64()), (Some(1), Some(2)));
}

#[test]
fn actuals_name_real_targets_once_per_year() {
    let s = clean();
    s.write(
        "content/chi-tieu/263.yaml",
        "plan: 263/KH-UBND\nactuals:\n  - target: giam-ho-ngeo\n    years: [ { year: 2022, value: 1 } ]\n  - target: giam-ty-le-ho-ngheo-dtts\n    years:\n      - { year: 2022, value: 7 }\n      - { year: 2022, value: 6 }\n      - { year: 2030, value: 5 }\n",
    );
    s.write("content/chi-tieu/khac.yaml", "plan: 999/KH-UBND\nactuals: []\n");
    check(&s, &[])
        .content_error()
        .err_has("content/chi-tieu/263.yaml:3:13: lỗi[unknown-target]: 263/KH-UBND không có chỉ tiêu `giam-ho-ngeo`")
        .err_has("có phải ý bạn là `giam-ho-ngheo`?")
        .err_has("content/chi-tieu/263.yaml:8:9: lỗi[duplicate-year]: năm 2022 đã có số liệu ở dòng 7")
        .err_has("content/chi-tieu/263.yaml:9:9: cảnh báo[actual-outside-period]: năm 2030 nằm ngoài giai đoạn 2021 - 2025 của 263/KH-UBND")
        .err_has("content/chi-tieu/khac.yaml:1:7: lỗi[dangling-reference]: kế hoạch `999/KH-UBND` không có trong trang");
}

// ---- menu ----------------------------------------------------------------------------------

#[test]
fn the_default_menu_links_open_data_and_the_recipients_index() {
    let s = clean();
    s.build(&[]).ok();
    let home = s.read("index.html");
    assert!(home.contains("href=/nguoi-duoc-khen/>Người được khen</a>"), "{home}");
    assert!(home.contains("href=/du-lieu/>Dữ liệu mở</a>"), "{home}");
}

// ---- the example site ----------------------------------------------------------------------

#[test]
fn the_example_site_shows_findings_progress_and_todays_issuers() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("public");
    let r = run(&["build", "--root", root.to_str().unwrap(), "--output", o.to_str().unwrap()], &[])
        .ok();
    // The one illustrative decision that breaks a rule is reported at its row.
    assert!(r.stderr.contains("content/khen-thuong/512-qd-ubnd-2025.md:29:5: cảnh báo[prerequisite-missing]: Ủy ban nhân dân xã Phan Tiến chưa đủ điều kiện"), "{}", r.stderr);
    let read = |p: &str| std::fs::read_to_string(o.join(p)).unwrap();
    let d = read("khen-thuong/512-qd-ubnd-2025/index.html");
    assert!(d.contains("Chưa đúng quy định"), "{d}");
    assert!(d.contains("(nay là Ủy ban nhân dân tỉnh Lâm Đồng)"), "{d}");
    let plan = read("van-ban/263-kh-ubnd-2022/index.html");
    assert!(
        plan.contains("Ủy ban nhân dân tỉnh Bình Phước (nay là Ủy ban nhân dân tỉnh Đồng Nai)")
    );
    assert!(
        plan.contains("Năm 2023: 6.450 hộ (giảm 1.850 hộ), chưa đạt (chỉ tiêu 2.000–2.500 hộ/năm)"),
        "{plan}"
    );
    let campaign = read("phong-trao/vi-nguoi-ngheo-2021-2025/index.html");
    assert!(campaign.contains("Tiến độ chỉ tiêu"), "{campaign}");
    let bt = read("van-ban/ke-hoach-binh-thuan-2022/index.html");
    assert!(bt.contains("Năm 2024: 4,5% (giảm 2,2%), vượt (chỉ tiêu 1,5–2%/năm)"), "{bt}");
}

#[test]
fn short_and_full_issuer_names_are_one_issuer_and_undated_bases_use_the_page_date() {
    let s = clean();
    append_site_yaml(&s, ORGS);
    // `UBND tỉnh Bình Phước` is the short name of the issuer of 263.md: same document key.
    s.write(
        "content/van-ban/z-ngan.md",
        doc("263/KH-UBND", "UBND tỉnh Bình Phước", "2022-11-01", "slug: ngan\n"),
    );
    // The basis has no date; the site's page for 666/QĐ-TTg (2/6/2022) dates it.
    s.write(
        "content/van-ban/cu.md",
        doc("2/KH-UBND", "UBND tỉnh", "2022-03-01", "bases:\n  - { number: 666/QĐ-TTg }\n"),
    );
    // A decision dated before the plan it applies.
    s.write(
        "content/khen-thuong/som.md",
        decision(
            "900/QĐ-UBND",
            "2022-05-01",
            "BKTINH",
            &["{ id: a, kind: individual, name: Lê Văn A }"],
        ),
    );
    check(&s, &[])
        .content_error()
        .err_has("content/van-ban/z-ngan.md:2:9: lỗi[duplicate-document]: văn bản số 263/KH-UBND của cùng cơ quan, cùng năm đã có ở content/van-ban/263.md")
        .err_has("content/van-ban/cu.md:7:5: lỗi[date-before-basis]: văn bản ngày 1/3/2022 không thể căn cứ văn bản 666/QĐ-TTg ban hành sau đó (2/6/2022)")
        .err_has("content/khen-thuong/som.md:5:7: cảnh báo[decision-before-plan]: quyết định ngày 1/5/2022 sớm hơn kế hoạch 263/KH-UBND (16/9/2022) mà nó áp dụng");
}

#[test]
fn two_targets_of_a_document_cannot_share_an_id() {
    let s = clean();
    let p = s.root().join("content/van-ban/263.md");
    let t = std::fs::read_to_string(&p).unwrap();
    // Line 15 repeats the label of line 13, so both default to the id `giam-ho-ngheo`.
    s.write(
        "content/van-ban/263.md",
        t.replace(
            "award_forms:",
            "  - { label: Giảm hộ nghèo, value: 1000, unit: hộ }\naward_forms:",
        ),
    );
    check(&s, &[]).content_error().err_has(
        "content/van-ban/263.md:15:5: lỗi[duplicate-id]: hai chỉ tiêu cùng mã `giam-ho-ngheo`",
    );
}

#[test]
fn provinces_listed_with_a_successor_read_nay_thuoc() {
    let s = clean();
    append_site_yaml(
        &s,
        "organizations:\n  - { id: bp, name: tỉnh Bình Phước, valid_to: 2025-06-30, successor: dn }\n  - { id: dn, name: tỉnh Đồng Nai }\n",
    );
    s.build(&[]).ok();
    let e = s.read("guong-dien-hinh/tran-van-binh/index.html");
    assert!(e.contains("ấp 3, xã Tân Tiến, tỉnh Bình Phước (nay thuộc tỉnh Đồng Nai)"), "{e}");
    // Open data keeps the province as recorded.
    let csv = s.read("du-lieu/exemplars.csv");
    assert!(csv.contains(",tỉnh Bình Phước,") && !csv.contains("nay thuộc"), "{csv}");
}

/// Issue 16, class 8: a document whose published copy left the number blank (`/KH-BDT`) is
/// named as people say it, by type, issuer and date, in listings, links, search and messages;
/// "…/KH-BDT" appears nowhere.
#[test]
fn a_document_without_number_is_named_by_type_issuer_and_date() {
    let s = clean();
    // bdt.md (`number: "/KH-BDT"`, `date: 2022`) given a month.
    let p = s.root().join("content/van-ban/bdt.md");
    let t = std::fs::read_to_string(&p).unwrap();
    s.write("content/van-ban/bdt.md", t.replace("date: 2022\n", "date: 2022-10\n"));
    let name = "Kế hoạch của Ban Dân tộc tỉnh Bình Phước, tháng 10/2022 (không số)";
    let r = s.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The plan it implements lists it by name.
    let plan = s.read("van-ban/263-kh-ubnd-2022/index.html");
    assert!(plan.contains(name), "263 does not name its implementing plan:\n{plan}");
    let mut all = String::new();
    for f in crate::util::walkdir(&s.root().join("public")) {
        if let Ok(t) = std::fs::read_to_string(&f) {
            all.push_str(&t);
        }
    }
    assert!(!all.contains("…/KH-BDT"), "a blank number shown as …/KH-BDT");
    assert!(s.read("van-ban/index.html").contains("không số"));
    assert!(all.contains(&format!("{name}: Triển khai thực hiện phong trào thi đua")), "search");
    // Open data leaves the number empty and names the document as people say it, in every
    // format (the CSV and the xlsx are built from the same table).
    let json: serde_json::Value = serde_json::from_str(&s.read("du-lieu/documents.json")).unwrap();
    let rec = json["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["issuer"] == "Ban Dân tộc tỉnh Bình Phước")
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(rec["number"], serde_json::Value::Null, "{rec}");
    assert_eq!(rec["name"], name, "{rec}");
    let numbered =
        json["records"].as_array().unwrap().iter().find(|r| r["number"] == "263/KH-UBND");
    assert_eq!(numbered.map(|r| r["name"].clone()), Some("Kế hoạch 263/KH-UBND".into()));
    let csv = s.read("du-lieu/documents.csv");
    assert!(csv.contains(name) && !csv.contains("/KH-BDT"), "{csv}");
    let targets = s.read("du-lieu/targets.csv");
    assert!(!targets.contains("/KH-BDT"), "{targets}");
}

/// Issue 16, class 8: an award decision whose copy left the number blank (`/QĐ-UBND`) is named
/// like an unnumbered document, by issuer and date, in its title, listings, links, search,
/// messages, award lists and open data; the stub `/QĐ-…` appears in no output file.
#[test]
fn a_decision_without_number_is_named_by_issuer_and_date() {
    let s = clean();
    let p = s.root().join("content/khen-thuong/qd1.md");
    let t = std::fs::read_to_string(&p).unwrap();
    s.write("content/khen-thuong/qd1.md", t.replace("number: 2105/QĐ-UBND", "number: /QĐ-UBND"));
    // A second decision of the round repeats Trần Văn Bình: the warning names the first one.
    s.write(
        "content/khen-thuong/qd2.md",
        "---\nnumber: 2200/QĐ-UBND\nissuer: Ủy ban nhân dân tỉnh Bình Phước\ndate: 2023-12-01\ntitle: Về việc tặng Bằng khen\nform: BKTINH\nround: so-ket-2023\ncampaign: vnn-2021-2025\nplan: 263/KH-UBND\nrecipients:\n  - { id: tran-van-binh, kind: individual, name: Trần Văn Bình }\n---\n",
    );
    let name = "Quyết định của Ủy ban nhân dân tỉnh Bình Phước, ngày 20/11/2023 (không số)";
    let r = s.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("cảnh báo[once-per-round]: Trần Văn Bình đã được khen trong đợt sơ kết 2023 ở {name} (STT 2)")),
        "{}",
        r.stderr
    );
    let mut all = String::new();
    let mut files = 0;
    for f in crate::util::walkdir(&s.root().join("public")) {
        if let Ok(t) = std::fs::read_to_string(&f) {
            all.push_str(&t);
            files += 1;
        }
    }
    assert!(files > 20, "{files}");
    // Every `/QĐ-` in the output follows a number (2200/QĐ-UBND), never stands alone.
    for (i, _) in all.match_indices("/QĐ-") {
        let before = all[..i].chars().next_back().unwrap_or(' ');
        assert!(
            before.is_ascii_digit(),
            "a blank number shown as a stub: …{}…",
            &all[i.saturating_sub(60)..(i + 20).min(all.len())]
        );
    }
    let listing = s.read("khen-thuong/index.html");
    assert!(listing.contains(name), "the listing names it:\n{listing}");
    let home = s.read("index.html");
    assert!(home.contains(name), "the home page names it");
    let dir = all.matches(&format!("<title>{name}: Về việc tặng Bằng khen")).count();
    assert_eq!(dir, 1, "its page title");
    assert!(s.read("guong-dien-hinh/tran-van-binh/index.html").contains(&format!("({name})")));
    assert!(
        all.contains(&format!("{name}: Về việc tặng Bằng khen của Chủ tịch UBND tỉnh")),
        "search"
    );
    let json: serde_json::Value = serde_json::from_str(&s.read("du-lieu/decisions.json")).unwrap();
    let rec = json["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(rec["number"], serde_json::Value::Null);
}
