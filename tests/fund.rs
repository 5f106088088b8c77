//! The "Vì người nghèo" fund: every ledger check on a fixture ledger that breaks it (exact
//! finding with file and line), the pages, charts, ledger orders, donors' anchors, privacy of
//! anonymous donors and beneficiaries, and the open data files.

use std::path::Path;

use crate::util::{Run, Site, walkdir};

/// The `fund` fixture with `content/quy/2023.yaml` replaced by `tests/fixtures/fund_bad/<name>.yaml`
/// (and the bad CSV files next to it), checked.
fn broken(name: &str) -> Run {
    let s = Site::fixture("fund");
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fund_bad");
    s.write("content/quy/2023.yaml", std::fs::read(bad.join(format!("{name}.yaml"))).unwrap());
    for csv in ["dotted.csv", "beneficiary.csv"] {
        s.write(&format!("content/quy/{csv}"), std::fs::read(bad.join(csv)).unwrap());
    }
    s.build(&[]).content_error()
}

#[test]
fn unbalanced_period_is_reported_at_its_closing_line() {
    broken("unbalanced").err_has("content/quy/2023.yaml:9:10: lỗi[unbalanced]: sổ quỹ không cân: đầu kỳ 5.000.000 đồng + thu 3.000.000 đồng − chi 1.000.000 đồng = 7.000.000 đồng, nhưng số dư cuối kỳ ghi 7.000.001 đồng (lệch 1 đồng)");
}

#[test]
fn period_must_open_with_the_previous_closing() {
    broken("opening").err_has("content/quy/2024.yaml:5:10: lỗi[opening-mismatch]: số dư đầu kỳ 5.000.000 đồng khác số dư cuối kỳ trước (2023: 6.000.000 đồng)");
}

#[test]
fn zero_negative_and_dotted_amounts_are_refused() {
    broken("amounts")
        .err_has("content/quy/2023.yaml:6:57: lỗi[bad-amount]: số tiền phải lớn hơn 0 (đang là 0)")
        .err_has(
            "content/quy/2023.yaml:7:57: lỗi[bad-amount]: số tiền phải lớn hơn 0 (đang là -200000)",
        )
        .err_has("content/quy/dotted.csv:2:3: lỗi[bad-amount]: số tiền `1.000.000` không hợp lệ")
        .err_has("ghi số tiền chỉ gồm chữ số: `1000000` (không dấu chấm)");
}

#[test]
fn dates_outside_the_period_are_reported() {
    broken("dates")
        .err_has("content/quy/2023.yaml:6: lỗi[date-outside-period]: ngày 2/1/2024 nằm ngoài kỳ 1/1/2023 – 31/12/2023")
        .err_has("content/quy/2023.yaml:8: lỗi[date-outside-period]: ngày 31/12/2022 nằm ngoài kỳ 1/1/2023 – 31/12/2023");
}

#[test]
fn receipt_numbers_are_unique_across_the_funds_periods() {
    broken("duplicate").err_has("content/quy/2024.yaml:7: lỗi[duplicate-receipt]: số phiếu thu `T-2024-1` trùng với content/quy/2023.yaml:6");
}

#[test]
fn stated_and_category_totals_must_match_the_rows() {
    broken("categories")
        .err_has("content/quy/2023.yaml:8:22: lỗi[total-mismatch]: tổng chi ghi 1.600.000 đồng nhưng cộng các dòng được 1.500.000 đồng")
        .err_has("content/quy/2023.yaml:9:29: lỗi[category-total-mismatch]: hạng mục \"Quà Tết\" ghi 1.100.000 đồng nhưng các khoản chi của hạng mục cộng được 1.000.000 đồng")
        .err_has("content/quy/2023.yaml:9:18: lỗi[category-sum-mismatch]: cộng các hạng mục được 1.100.000 đồng, khác tổng chi 1.600.000 đồng")
        .err_has("thiếu hạng mục: hoc-bong");
}

#[test]
fn peak_month_tags_must_fall_inside_the_window() {
    let r = broken("peak").err_has("content/quy/2023.yaml:6:100: lỗi[peak-outside-window]: khoản thu ngày 19/11/2023 được ghi là Tháng cao điểm nhưng nằm ngoài thời gian cao điểm 17/10 – 18/11");
    assert!(!r.stderr.contains("2023.yaml:7:"), "17/10 is inside the window:\n{}", r.stderr);
}

#[test]
fn peak_window_is_configurable() {
    let s = Site::fixture("fund");
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fund_bad/peak.yaml");
    s.write("content/quy/2023.yaml", std::fs::read(bad).unwrap());
    let site = std::fs::read_to_string(s.root().join("site.yaml")).unwrap();
    s.write("site.yaml", site.replace("peak_from: \"17/10\"", "peak_from: \"1/11\""));
    let r = s.build(&[]).content_error().err_has("content/quy/2023.yaml:7:100: lỗi[peak-outside-window]: khoản thu ngày 17/10/2023 được ghi là Tháng cao điểm nhưng nằm ngoài thời gian cao điểm 1/11 – 18/11");
    // 2024's rows of 20 and 21/10 are now outside too; 19/11/2023 is not inside 1/11 – 18/11.
    assert!(r.stderr.contains("2023.yaml:6:100"), "{}", r.stderr);
    s.write("site.yaml", site.replace("peak_from: \"17/10\"", "peak_from: \"32/10\""));
    s.build(&[])
        .content_error()
        .err_has("site.yaml:7:")
        .err_has("lỗi[bad-value]: `peak_from` phải là ngày/tháng");
}

#[test]
fn beneficiary_names_are_refused_in_yaml_and_csv() {
    let r = broken("beneficiary")
        .err_has("content/quy/2023.yaml:6:71: lỗi[beneficiary-named]: khoản chi không được có `nguoi_nhan`: tên người được hỗ trợ không bao giờ công bố")
        .err_has("content/quy/beneficiary.csv:1:4: lỗi[beneficiary-named]: khoản chi không được có `Họ tên`")
        .err_has("chỉ ghi số người, hộ được hỗ trợ (`count`) và địa bàn (`locality`)");
    assert!(!r.stderr.contains("unknown-key"), "one finding per key:\n{}", r.stderr);
}

#[test]
fn fund_pages_charts_orders_and_donors() {
    let s = Site::fixture("fund");
    s.build(&[]).ok();
    let home = s.read("quy-vi-nguoi-ngheo/index.html");
    assert!(home.contains("Số dư hiện nay (đến 31/12/2024)"), "{home}");
    assert!(home.contains("3.534.567 đồng"), "balance now");
    assert!(home.contains("Thu năm 2024"));
    assert!(home.contains("Kết quả Tháng cao điểm"), "peak results");
    let period = s.read("quy-vi-nguoi-ngheo/2024/index.html");
    for want in [
        "aria-labelledby=\"bd-thang-t bd-thang-d\"",
        "class=chart role=img",
        "<title id=bd-thang-t>Thu và chi theo tháng, kỳ 2024</title>",
        "<desc id=bd-hang-muc-d>Tỷ lệ từng hạng mục trong tổng chi: Sửa chữa nhà Đại đoàn kết 54,55%; Học bổng 45,45%.",
        "(số liệu của biểu đồ)",
        "54,55%",
        "ấp Một",
        "Chi theo địa bàn",
    ] {
        assert!(period.contains(want), "{want}: {period}");
    }
    // Orders are pre-rendered: by date 20/10 (1.234.567) comes first, by amount 2.000.000 does.
    let by_date = s.read("quy-vi-nguoi-ngheo/2024/thu/index.html");
    let by_amount = s.read("quy-vi-nguoi-ngheo/2024/thu/so-tien/index.html");
    let pos = |h: &str, x: &str| h.find(x).unwrap_or_else(|| panic!("{x} in {h}"));
    assert!(pos(&by_date, "1.234.567 đồng") < pos(&by_date, "2.000.000 đồng"));
    assert!(pos(&by_amount, "2.000.000 đồng") < pos(&by_amount, "1.234.567 đồng"));
    assert!(by_date.contains("Trường Tiểu học Thử"), "CSV with BOM and `;`");
    assert!(by_date.contains("(ước tính)"), "in-kind gift marked as estimated");
    assert!(
        by_date
            .contains("/quy-vi-nguoi-ngheo/nha-hao-tam/#nht-cong-ty-mau-mot\">Công ty Mẫu Một</a>"),
        "donor linked to its anchor: {by_date}"
    );
    let chi = s.read("quy-vi-nguoi-ngheo/2024/chi/dia-ban/index.html");
    assert!(chi.contains("09/QĐ-BVĐ"), "CSV with commas and no BOM");
    let donors = s.read("quy-vi-nguoi-ngheo/nha-hao-tam/index.html");
    assert!(donors.contains("id=nht-cong-ty-mau-mot"), "{donors}");
    assert!(donors.contains("4.234.567 đồng"), "total over both periods");
}

#[test]
fn ledgers_are_paginated_in_every_order() {
    let s = Site::fixture("fund");
    let mut csv = String::from("\u{feff}ngày;nhà hảo tâm;số tiền;số phiếu\n");
    for k in 0..25 {
        csv.push_str(&format!("{:02}/12/2024;Nhà hảo tâm số {k};{};P-{k}\n", k % 28 + 1, 1000 + k));
    }
    s.write("content/quy/2024-thu.csv", csv);
    let y = std::fs::read_to_string(s.root().join("content/quy/2024.yaml")).unwrap();
    let (rec, close) = (4034567 - 300000 + 25 * 1000 + 300, 3534567 - 300000 + 25 * 1000 + 300);
    s.write(
        "content/quy/2024.yaml",
        y.replace("total_receipts: 4034567", &format!("total_receipts: {rec}"))
            .replace("closing: 3534567", &format!("closing: {close}")),
    );
    s.build(&[]).ok();
    for base in ["thu", "thu/so-tien", "thu/nha-hao-tam"] {
        assert!(s.exists(&format!("quy-vi-nguoi-ngheo/2024/{base}/trang/3/index.html")), "{base}");
        assert!(!s.exists(&format!("quy-vi-nguoi-ngheo/2024/{base}/trang/4/index.html")));
    }
    let p3 = s.read("quy-vi-nguoi-ngheo/2024/thu/trang/3/index.html");
    assert!(p3.contains("Trang 3/3"), "{p3}");
}

#[test]
fn anonymous_donors_are_never_named_and_pages_stay_small() {
    let s = Site::fixture("fund");
    s.build(&[]).ok();
    let public = s.root().join("public");
    let mut html = 0;
    for f in walkdir(&public) {
        let bytes = std::fs::read(&f).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("Bí Mật"), "anonymous donor named in {}", f.display());
        if f.extension().is_some_and(|e| e == "html") {
            html += 1;
            assert!(bytes.len() < 200_000, "{} is {} bytes", f.display(), bytes.len());
        }
    }
    assert!(html > 20);
    let csv = s.read("du-lieu/fund-receipts.csv");
    assert!(
        csv.contains(",T-2024-2,Nhà hảo tâm ẩn danh,true,Cá nhân,Tiền mặt,false,500000,,true"),
        "{csv}"
    );
}

#[test]
fn fund_open_data_with_field_descriptions() {
    let s = Site::fixture("fund");
    s.build(&[]).ok();
    for d in
        ["fund-periods", "fund-receipts", "fund-disbursements", "fund-categories", "fund-months"]
    {
        let j: serde_json::Value =
            serde_json::from_str(&s.read(&format!("du-lieu/{d}.json"))).unwrap();
        assert_eq!(j["dataset"], d);
        assert!(s.read(&format!("du-lieu/{d}.csv")).starts_with("period,"), "{d}");
    }
    let periods: serde_json::Value =
        serde_json::from_str(&s.read("du-lieu/fund-periods.json")).unwrap();
    assert_eq!(periods["records"][1]["closing"], 3534567);
    assert_eq!(periods["records"][1]["opening"], 5000000);
    let cats = s.read("du-lieu/fund-categories.csv");
    assert!(cats.contains("2024,Sửa chữa nhà Đại đoàn kết,3000000,54.55,1"), "{cats}");
    let manifest: serde_json::Value =
        serde_json::from_str(&s.read("du-lieu/manifest.json")).unwrap();
    let ds = manifest["datasets"].as_array().unwrap();
    let rec = ds.iter().find(|d| d["name"] == "fund-receipts").unwrap();
    assert!(
        rec["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "peakMonth" && f["type"] == "boolean")
    );
    let page = s.read("du-lieu/index.html");
    assert!(page.contains("inKind") && page.contains("decisionUrl"), "fields described");
}

#[test]
fn disbursement_links_to_its_decision_page() {
    let s = Site::fixture("mini");
    let y = std::fs::read_to_string(s.root().join("content/quy/2024.yaml")).unwrap();
    s.write(
        "content/quy/2024.yaml",
        y.replace("locality: xã Tân Tiến }", "locality: xã Tân Tiến, decision: 2105/QĐ-UBND }"),
    );
    s.build(&[]).ok();
    let chi = s.read("quy-vi-nguoi-ngheo/2024/chi/index.html");
    assert!(chi.contains(">2105/QĐ-UBND</a>"), "{chi}");
    let j = s.read("du-lieu/fund-disbursements.json");
    assert!(j.contains("\"decisionUrl\": \"https://thidua.example.gov.vn/khen-thuong/"), "{j}");
}

/// Issue 16, class 7: a period may publish its closing balance as signed (`official:`) even
/// when the rows do not add up to it: the build goes on with a warning naming the declaration,
/// the page shows the stated figure, the computed one and the difference as a finding, and the
/// open data carries both. Without the declaration the same file is refused.
#[test]
fn an_official_figure_is_published_as_signed_with_the_difference_as_a_finding() {
    let s = Site::fixture("mini");
    let p = s.root().join("content/quy/2024.yaml");
    let period =
        std::fs::read_to_string(&p).unwrap().replace("closing: 1034567", "closing: 2534567");
    s.write("content/quy/2024.yaml", &period);
    let r = s.build(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("lỗi[unbalanced]"), "{}", r.stderr);
    s.write(
        "content/quy/2024.yaml",
        format!(
            "{period}note: Theo báo cáo quyết toán.\nsource: {{ number: 05/BC-QVNN, url: \"https://example.gov.vn/bc.pdf\" }}\nextra: {{ nguoi_lap: Kế toán quỹ }}\nofficial: {{ by: Báo cáo 05/BC-QVNN, reason: Công bố đúng số liệu đã ký. }}\n"
        ),
    );
    let r = s.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/quy/2024.yaml:11:10: cảnh báo[official-figure]: số dư cuối kỳ 2.534.567 đồng được công bố đúng như `official: Báo cáo 05/BC-QVNN` dù thu chi tính ra 1.034.567 đồng"),
        "{}",
        r.stderr
    );
    let html = s.read("quy-vi-nguoi-ngheo/2024/index.html");
    assert!(html.contains("Phát hiện công khai:</strong> số dư cuối kỳ công bố 2.534.567 đồng theo văn bản đã ký (Báo cáo 05/BC-QVNN), khác 1.500.000 đồng so với số tính từ các khoản thu chi (1.034.567 đồng)."), "{html}");
    assert!(html.contains("= 1.034.567 đồng."), "the check line must add up:\n{html}");
    assert!(html.contains("Theo báo cáo quyết toán.") && html.contains(">05/BC-QVNN</a>"));
    let csv = s.read("du-lieu/fund-periods.csv");
    let (head, row) = csv.split_once('\n').unwrap();
    let cols: Vec<&str> = head.split(',').collect();
    let vals: Vec<&str> = row.lines().next().unwrap().split(',').collect();
    let at = |c: &str| vals[cols.iter().position(|x| *x == c).unwrap()];
    assert_eq!((at("closing"), at("computedClosing")), ("2534567", "1034567"));
    assert_eq!(at("officialBy"), "Báo cáo 05/BC-QVNN");
}

/// The workbook `du-lieu/<d>.xlsx` as text cells by column name: (header, rows).
fn workbook(s: &Site, d: &str) -> (Vec<String>, Vec<Vec<String>>) {
    use calamine::{Reader, Xlsx};
    let bytes = std::fs::read(s.root().join(format!("public/du-lieu/{d}.xlsx"))).unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range(d).unwrap();
    let mut rows = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>());
    let header = rows.next().unwrap();
    (header, rows.collect())
}

/// Issue 16, class 7: receipts and disbursements take a `note` and a `source` (number, link),
/// in YAML as on periods (`source: { number, url }`) and in CSV as optional columns; both are
/// shown under the row on the ledger pages and carried by the open data (JSON, CSV, xlsx).
#[test]
fn ledger_rows_carry_a_note_and_a_source_to_the_pages_and_the_open_data() {
    let s = Site::fixture("fund");
    let p = std::fs::read_to_string(s.root().join("content/quy/2024.yaml")).unwrap();
    let p = p
        .replace(
            "receipt_no: T-2024-1, peak_month: true }",
            "receipt_no: T-2024-1, peak_month: true, note: Nộp tại hội nghị phát động, source: { number: 12/BB-MTTQ, url: \"https://example.gov.vn/bb-12.pdf\" } }",
        )
        .replace(
            "decision: 07/QĐ-BVĐ }",
            "decision: 07/QĐ-BVĐ, note: Chi theo danh sách đã niêm yết, source: { number: 07/QĐ-BVĐ } }",
        );
    s.write("content/quy/2024.yaml", p);
    s.write(
        "content/quy/2024-thu.csv",
        "ngày;nhà hảo tâm;loại;hình thức;số tiền;số phiếu;cao điểm;chú thích;số văn bản;liên kết\n05/12/2024;Trường Tiểu học Thử;Cơ quan;Tiền mặt;300000;T-2024-4;không;Quyên góp của giáo viên;PT-88;/van-ban/pt-88/\n",
    );
    s.write(
        "content/quy/2024-chi.csv",
        "date,category,count,amount,locality,decision,note,source_number,source_url\n2024-11-25,nha-dai-doan-ket-sua-chua,1,3000000,ấp Một,09/QĐ-BVĐ,,,\n",
    );
    s.build(&[]).ok();
    let thu = s.read("quy-vi-nguoi-ngheo/2024/thu/index.html");
    assert!(
        thu.contains("<br><span class=\"meta\">Ghi chú: Nộp tại hội nghị phát động · Nguồn: <a href=\"https://example.gov.vn/bb-12.pdf\">12/BB-MTTQ</a></span>"),
        "{thu}"
    );
    assert!(
        thu.contains(
            "Ghi chú: Quyên góp của giáo viên · Nguồn: <a href=\"/van-ban/pt-88/\">PT-88</a>"
        ),
        "{thu}"
    );
    let chi = s.read("quy-vi-nguoi-ngheo/2024/chi/index.html");
    assert!(
        chi.contains("Học bổng<br><span class=\"meta\">Ghi chú: Chi theo danh sách đã niêm yết · Nguồn: 07/QĐ-BVĐ</span>"),
        "{chi}"
    );
    // Blank CSV cells are absent: no empty note under the row.
    assert_eq!(chi.matches("Ghi chú:").count(), 1, "{chi}");
    let json: serde_json::Value =
        serde_json::from_str(&s.read("du-lieu/fund-receipts.json")).unwrap();
    let rec = |no: &str| -> serde_json::Value {
        json["records"].as_array().unwrap().iter().find(|r| r["receiptNo"] == no).unwrap().clone()
    };
    assert_eq!(rec("T-2024-1")["note"], "Nộp tại hội nghị phát động");
    assert_eq!(rec("T-2024-1")["sourceNumber"], "12/BB-MTTQ");
    assert_eq!(rec("T-2024-1")["sourceUrl"], "https://example.gov.vn/bb-12.pdf");
    assert_eq!(rec("T-2024-4")["sourceUrl"], "https://quy.example.gov.vn/van-ban/pt-88/");
    assert_eq!(rec("T-2024-2")["note"], serde_json::Value::Null);
    let csv = s.read("du-lieu/fund-disbursements.csv");
    assert!(csv.lines().next().unwrap().ends_with(",note,sourceNumber,sourceUrl"), "{csv}");
    assert!(
        csv.lines().any(|l| l.ends_with(",Chi theo danh sách đã niêm yết,07/QĐ-BVĐ,")),
        "{csv}"
    );
    let (head, rows) = workbook(&s, "fund-receipts");
    let col = |c: &str| head.iter().position(|h| h == c).unwrap();
    let row = rows.iter().find(|r| r[col("receiptNo")] == "T-2024-4").unwrap();
    assert_eq!(row[col("note")], "Quyên góp của giáo viên");
    assert_eq!(row[col("sourceNumber")], "PT-88");
}

/// Issue 16, class 7: `official:` covers every stated figure, not only the closing balance:
/// a stated total receipts, a stated category total and the categories' sum that differ from
/// the rows are errors without the declaration; with it, each is a warning at its own line
/// naming the declaration, a public finding on the page, and both figures in the open data.
#[test]
fn official_covers_every_stated_total_of_a_period() {
    let s = Site::fixture("mini");
    let p = s.root().join("content/quy/2024.yaml");
    // The rows: receipts 2.034.567 đồng, disbursements 2.000.000 đồng, all "xây mới".
    let period = format!(
        "{}total_receipts: 2100000\ntotal_disbursements: 2000000\ncategory_totals: {{ nha-dai-doan-ket-xay-moi: 1900000 }}\n",
        std::fs::read_to_string(&p).unwrap()
    );
    s.write("content/quy/2024.yaml", &period);
    s.build(&[])
        .content_error()
        .err_has("content/quy/2024.yaml:12:17: lỗi[total-mismatch]: tổng thu ghi 2.100.000 đồng nhưng cộng các dòng được 2.034.567 đồng")
        .err_has("content/quy/2024.yaml:14:46: lỗi[category-total-mismatch]: hạng mục \"Xây mới nhà Đại đoàn kết\" ghi 1.900.000 đồng nhưng các khoản chi của hạng mục cộng được 2.000.000 đồng")
        .err_has("content/quy/2024.yaml:14:18: lỗi[category-sum-mismatch]: cộng các hạng mục được 1.900.000 đồng, khác tổng chi 2.000.000 đồng");
    s.write(
        "content/quy/2024.yaml",
        format!(
            "{period}official: {{ by: Báo cáo 05/BC-QVNN, reason: Công bố đúng số liệu đã ký. }}\n"
        ),
    );
    let r = s.build(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr.matches("cảnh báo[official-figure]").count(), 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/quy/2024.yaml:12:17: cảnh báo[official-figure]: tổng thu 2.100.000 đồng được công bố đúng như `official: Báo cáo 05/BC-QVNN` dù các dòng cho 2.034.567 đồng (lệch 65.433 đồng)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("content/quy/2024.yaml:14:46: cảnh báo[official-figure]: hạng mục \"Xây mới nhà Đại đoàn kết\" 1.900.000 đồng"), "{}", r.stderr);
    assert!(r.stderr.contains("content/quy/2024.yaml:14:18: cảnh báo[official-figure]: tổng các hạng mục chi 1.900.000 đồng"), "{}", r.stderr);
    assert!(!r.stderr.contains("lỗi["), "{}", r.stderr);
    let html = s.read("quy-vi-nguoi-ngheo/2024/index.html");
    assert!(html.contains("Phát hiện công khai:</strong> tổng thu công bố 2.100.000 đồng theo văn bản đã ký (Báo cáo 05/BC-QVNN), khác 65.433 đồng so với số tính từ các khoản thu chi (2.034.567 đồng)."), "{html}");
    assert!(html.contains("hạng mục \"Xây mới nhà Đại đoàn kết\" công bố 1.900.000 đồng theo văn bản đã ký (Báo cáo 05/BC-QVNN), khác 100.000 đồng so với số tính từ các khoản thu chi (2.000.000 đồng)."), "{html}");
    assert_eq!(html.matches("Phát hiện công khai").count(), 3, "{html}");
    let periods: serde_json::Value =
        serde_json::from_str(&s.read("du-lieu/fund-periods.json")).unwrap();
    let p = &periods["records"][0];
    assert_eq!(
        (p["statedReceipts"].as_i64(), p["receipts"].as_i64()),
        (Some(2100000), Some(2034567))
    );
    assert_eq!(p["statedDisbursements"], 2000000);
    assert_eq!(p["officialBy"], "Báo cáo 05/BC-QVNN");
    let cats: serde_json::Value =
        serde_json::from_str(&s.read("du-lieu/fund-categories.json")).unwrap();
    let c = &cats["records"][0];
    assert_eq!((c["statedAmount"].as_i64(), c["amount"].as_i64()), (Some(1900000), Some(2000000)));
    let (head, rows) = workbook(&s, "fund-periods");
    assert_eq!(rows[0][head.iter().position(|h| h == "statedReceipts").unwrap()], "2100000");
}
