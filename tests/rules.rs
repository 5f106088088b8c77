//! Plan rules against award decisions: each fixture breaks one rule and must get the exact
//! finding at the right file, line and column; `--strict` turns findings into errors; pages
//! show the findings.
//!
//! The fixtures are the `mini` site plus files written here, so every line number below can be
//! read from the text of the test.

use crate::util::{Run, Site, run};

fn check(s: &Site, extra: &[&str]) -> Run {
    let mut a = vec!["check", "--root", s.root().to_str().unwrap()];
    a.extend_from_slice(extra);
    run(&a, &[])
}

/// A decision file: front matter lines 1-11, then one recipient per line from line 12.
fn decision(
    number: &str,
    date: &str,
    form: &str,
    round: &str,
    plan: &str,
    rows: &[&str],
) -> String {
    let mut s = format!(
        "---\nnumber: {number}\nissuer: Ủy ban nhân dân tỉnh Bình Phước\nplace: Bình Phước\ndate: {date}\ntitle: Về việc khen thưởng\nform: {form}\nround: {round}\ncampaign: vnn-2021-2025\nplan: {plan}\nrecipients:\n"
    );
    for r in rows {
        s.push_str("  - ");
        s.push_str(r);
        s.push('\n');
    }
    s.push_str("---\n");
    s
}

fn collective(id: &str) -> String {
    format!("{{ id: {id}, kind: collective, name: Tập thể {id} }}")
}

/// The `mini` fixture with its one finding fixed (its decision has 1 leader of 2 individuals).
fn clean() -> Site {
    let s = Site::fixture("mini");
    let p = s.root().join("content/khen-thuong/qd1.md");
    let t = std::fs::read_to_string(&p).unwrap();
    s.write("content/khen-thuong/qd1.md", t.replace("leader: true", "leader: false"));
    s
}

#[test]
fn the_fixture_breaks_the_leader_share_and_the_page_says_so() {
    let s = Site::fixture("mini");
    // 1 leader of 2 individuals = 50% > 40%: the leader's row (line 14) is reported.
    check(&s, &[]).ok().err_has("content/khen-thuong/qd1.md:14:5: cảnh báo[leader-share]: có 1/2 cá nhân là lãnh đạo = 50%, quá mức tối đa 40% của 263/KH-UBND; nhiều nhất 0 lãnh đạo");
    s.build(&[]).ok();
    let page = s.read("khen-thuong/2105-qd-ubnd-2023/index.html");
    assert!(page.contains("01/5 tập thể, 02/10 cá nhân; lãnh đạo 1/2 = 50% (tối đa 40%): chưa đúng quy định (quá tỷ lệ lãnh đạo)"), "{page}");
    let c = clean();
    let r = check(&c, &[]).ok();
    assert!(!r.stderr.contains("cảnh báo["), "{}", r.stderr);
}

#[test]
fn quota_counts_every_decision_of_the_round() {
    let s = clean();
    // qd1 already has 1 collective in so-ket-2023; these 5 make 6 > 5. The 5th row (line 16)
    // is the 6th collective of the round.
    let rows: Vec<String> = (1..=5).map(|i| collective(&format!("tt-{i}"))).collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    s.write(
        "content/khen-thuong/qd2.md",
        decision("2200/QĐ-UBND", "2023-12-01", "BKTINH", "so-ket-2023", "263/KH-UBND", &rows),
    );
    let r = check(&s, &[]).ok();
    r.err_has("content/khen-thuong/qd2.md:16:5: cảnh báo[quota-exceeded]: STT 5 là tập thể thứ 6 (tính cả 1 tập thể ở các quyết định trước cùng đợt), vượt định mức 5 tập thể của 263/KH-UBND cho đợt sơ kết 2023");
    // --strict: the same finding is an error, nothing is written.
    check(&s, &["--strict"])
        .content_error()
        .err_has("content/khen-thuong/qd2.md:16:5: lỗi[quota-exceeded]");
    // The page shows it in plain Vietnamese.
    s.build(&[]).ok();
    let page = s.read("khen-thuong/2200-qd-ubnd-2023/index.html");
    assert!(page.contains("Chưa đúng quy định"), "{page}");
    assert!(page.contains("05 tập thể (cả đợt 06/5)"), "{page}");
    let plan = s.read("van-ban/263-kh-ubnd-2022/index.html");
    assert!(plan.contains("01/02 quyết định đúng quy định"), "{plan}");
}

#[test]
fn households_count_where_the_plan_says() {
    let s = clean();
    let plan = std::fs::read_to_string(s.root().join("content/van-ban/263.md")).unwrap();
    s.write(
        "content/van-ban/263.md",
        plan.replace(
            "{ round: so-ket-2023, form: BKTINH, collective: 5, individual: 10 }",
            "{ round: so-ket-2023, form: BKTINH, collective: 5, individual: 3, households_count_as: individual }",
        ),
    );
    // qd1 has 2 individuals; one household makes 3 (ok), a second makes 4 (line 13).
    s.write(
        "content/khen-thuong/qd2.md",
        decision(
            "2200/QĐ-UBND",
            "2023-12-01",
            "BKTINH",
            "so-ket-2023",
            "263/KH-UBND",
            &[
                "{ id: ho-a, kind: household, name: Hộ ông A }",
                "{ id: ho-b, kind: household, name: Hộ ông B }",
            ],
        ),
    );
    check(&s, &[]).ok().err_has(
        "content/khen-thuong/qd2.md:13:5: cảnh báo[quota-exceeded]: STT 2 là cá nhân thứ 4",
    );
}

#[test]
fn leader_share_is_checked_per_decision() {
    let s = clean();
    // 2 leaders of 3 individuals = 66,67% > 40%: at most 1 leader; the 2nd leader (line 14)
    // is reported.
    s.write(
        "content/khen-thuong/qd3.md",
        decision(
            "300/QĐ-UBND",
            "2025-06-01",
            "BKTINH",
            "tong-ket-2025",
            "263/KH-UBND",
            &[
                "{ id: ld-1, kind: individual, name: Lê Văn Một, leader: true }",
                "{ id: cn-2, kind: individual, name: Lê Văn Hai }",
                "{ id: ld-3, kind: individual, name: Lê Văn Ba, leader: true }",
            ],
        ),
    );
    check(&s, &[]).ok().err_has("content/khen-thuong/qd3.md:14:5: cảnh báo[leader-share]: có 2/3 cá nhân là lãnh đạo = 66,67%, quá mức tối đa 40% của 263/KH-UBND; nhiều nhất 1 lãnh đạo");
    s.build(&[]).ok();
    let page = s.read("khen-thuong/300-qd-ubnd-2025/index.html");
    assert!(page.contains("lãnh đạo 2/3 = 66,67% (tối đa 40%): chưa đúng quy định"), "{page}");
}

#[test]
fn prerequisites_use_the_award_history_by_id() {
    let s = clean();
    s.write(
        "content/van-ban/bt.md",
        "---\nslug: ke-hoach-bt\ntype: KH\nissuer: Ủy ban nhân dân tỉnh Bình Thuận\ndate: 2022\ntitle: Kế hoạch Bình Thuận\ncampaign: vnn-2021-2025\nprerequisites:\n  - { form: BKTTG, round: tong-ket-2025, needs: [ { form: BKTINH, count: 2 } ] }\n  - { form: BKTINH, round: tong-ket-2025, needs_any: [ { form: GKSO, count: 2 }, { form: BKTINH, count: 1 } ] }\n---\n",
    );
    // A has two provincial Bằng khen before, B only one.
    s.write(
        "content/khen-thuong/bt1.md",
        decision(
            "10/QĐ-UBND",
            "2023-12-20",
            "BKTINH",
            "hang-nam-2023",
            "ke-hoach-bt",
            &[
                "{ id: a, kind: individual, name: Nguyễn Văn A }",
                "{ id: b, kind: individual, name: Nguyễn Văn B }",
                "{ id: d, kind: individual, name: Nguyễn Văn D }",
            ],
        ),
    );
    s.write(
        "content/khen-thuong/bt2.md",
        decision(
            "20/QĐ-UBND",
            "2024-12-20",
            "BKTINH",
            "hang-nam-2024",
            "ke-hoach-bt",
            &["{ id: a, kind: individual, name: Nguyễn Văn A }"],
        ),
    );
    s.write(
        "content/khen-thuong/bt3.md",
        decision(
            "30/QĐ-UBND",
            "2025-11-20",
            "BKTTG",
            "tong-ket-2025",
            "ke-hoach-bt",
            &[
                "{ id: a, kind: individual, name: Nguyễn Văn A }",
                "{ id: b, kind: individual, name: Nguyễn Văn B }",
            ],
        ),
    );
    // D has one provincial Bằng khen (enough), C has nothing before: the provincial Bằng khen at tổng kết needs 2 GKSO or 1 BKTINH.
    s.write(
        "content/khen-thuong/bt4.md",
        decision(
            "40/QĐ-UBND",
            "2025-11-21",
            "BKTINH",
            "tong-ket-2025",
            "ke-hoach-bt",
            &[
                "{ id: d, kind: individual, name: Nguyễn Văn D }",
                "{ id: c, kind: individual, name: Nguyễn Văn C }",
            ],
        ),
    );
    let r = check(&s, &[]).ok();
    let r = r
        .err_has("content/khen-thuong/bt3.md:13:5: cảnh báo[prerequisite-missing]: Nguyễn Văn B chưa đủ điều kiện theo Kế hoạch của Ủy ban nhân dân tỉnh Bình Thuận, năm 2022 (không số): Bằng khen của Thủ tướng Chính phủ (tổng kết 2025): cần 02 Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh; trên trang mới có 1 Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
        .err_has("content/khen-thuong/bt4.md:13:5: cảnh báo[prerequisite-missing]: Nguyễn Văn C");
    assert!(!r.stderr.contains("bt3.md:12:5"), "A has two: {}", r.stderr);
    assert!(!r.stderr.contains("bt4.md:12:5"), "D has one BKTINH: {}", r.stderr);
}

#[test]
fn one_award_per_recipient_per_round() {
    let s = clean();
    // tran-van-binh is in qd1 (so-ket-2023); a second decision of the round repeats him (line 13).
    s.write(
        "content/khen-thuong/qd2.md",
        decision(
            "2200/QĐ-UBND",
            "2023-12-01",
            "BKTTG",
            "so-ket-2023",
            "263/KH-UBND",
            &[&collective("tt-x"), "{ id: tran-van-binh, kind: individual, name: Trần Văn Bình }"],
        ),
    );
    check(&s, &[]).ok().err_has("content/khen-thuong/qd2.md:13:5: cảnh báo[once-per-round]: Trần Văn Bình đã được khen trong đợt sơ kết 2023 ở Quyết định 2105/QĐ-UBND (STT 2)");
}

#[test]
fn kind_not_allowed_for_the_form_is_an_error() {
    let s = Site::fixture("mini");
    s.write(
        "content/khen-thuong/qd4.md",
        decision(
            "400/QĐ-UBND",
            "2025-06-01",
            "HCLD3",
            "tong-ket-2025",
            "263/KH-UBND",
            &["{ id: ho-a, kind: household, name: Hộ ông A }"],
        ),
    );
    check(&s, &[]).content_error().err_has("content/khen-thuong/qd4.md:12:5: lỗi[kind-not-allowed]: Huân chương Lao động hạng Ba không tặng cho Hộ gia đình");
}

#[test]
fn the_example_site_shows_its_findings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("public");
    run(&["build", "--root", root.to_str().unwrap(), "--output", o.to_str().unwrap()], &[]).ok();
    let d = std::fs::read_to_string(o.join("khen-thuong/2105-qd-ubnd-2023/index.html")).unwrap();
    assert!(
        d.contains(
            "05/5 tập thể, 09/10 cá nhân; lãnh đạo 3/9 = 33,33% (tối đa 40%): đúng quy định"
        ),
        "{d}"
    );
    let plan = std::fs::read_to_string(o.join("van-ban/263-kh-ubnd-2022/index.html")).unwrap();
    assert!(plan.contains("Chuỗi văn bản thực hiện"));
    assert!(plan.contains("quyết định đúng quy định của kế hoạch"));
}
