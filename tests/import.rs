//! `minhbach import` (issue 17): the five seed plans, as they come out of a PDF or Word file,
//! import to files that build and whose facts equal the example site's hand-written files field
//! by field; bad files are refused with what to do, and nothing is written.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{Site, run};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import").join(name)
}

/// Each seed and the example site's hand-written file for the same document.
const SEEDS: &[(&str, &str)] = &[
    (
        "ban-dan-toc-binh-phuoc-2022.txt",
        "content/van-ban/ban-dan-toc-binh-phuoc-trien-khai-2022.md",
    ),
    ("ban-dan-toc-binh-phuoc-2023.txt", "content/van-ban/ban-dan-toc-binh-phuoc-thi-dua-2023.md"),
    ("ban-dan-toc-ninh-thuan-2022.txt", "content/van-ban/ban-dan-toc-ninh-thuan-phat-dong-2022.md"),
    ("ubnd-binh-phuoc-263.txt", "content/van-ban/263-kh-ubnd-2022.md"),
    ("ubnd-binh-thuan-2022.txt", "content/van-ban/ke-hoach-binh-thuan-2022.md"),
];

/// The YAML front matter of a Markdown file as JSON.
fn front(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("end of front matter");
    serde_saphyr::from_str(&rest[..end + 1]).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// `bases` as (number, date) pairs, sorted.
fn bases(v: &Value) -> Vec<(String, Option<String>)> {
    let mut out: Vec<_> = v
        .get("bases")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter().map(|b| (text(b, "number").unwrap_or_default(), text(b, "date"))).collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Dates of the milestones of kind `deadline`.
fn deadlines(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .get("milestones")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter(|m| text(m, "kind").as_deref() == Some("deadline"))
                .filter_map(|m| text(m, "date"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The files an import run wrote, per imported file, from its report (`FILE → TARGET (…)`).
fn targets(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .filter_map(|l| {
            let (from, rest) = l.split_once(" → ")?;
            let to = rest.split(" (").next()?;
            let name = Path::new(from).file_name()?.to_string_lossy().to_string();
            Some((name, to.to_string()))
        })
        .collect()
}

fn import(site: &Site, files: &[PathBuf], extra: &[&str]) -> crate::util::Run {
    let mut args: Vec<String> =
        vec!["import".into(), "--root".into(), site.root().display().to_string()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(files.iter().map(|f| f.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args, &[])
}

/// A plan's targets without their labels and ids: value, min, max, unit, per, direction, by.
fn target_figures(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .get("targets")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|t| {
                    let mut t = t.as_object().cloned().unwrap_or_default();
                    t.remove("label");
                    t.remove("id");
                    Value::Object(t).to_string()
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Targets of the hand-written files that import does not read, and why: the 263 plan's "at
/// least one member of each poor household in stable work" has no figure pattern of its own
/// ("có ít nhất 1 thành viên"); the Ban Dân tộc 2022 plan's 1 000 households a year is stated
/// only in its section on the campaign's content, not in its aims, where targets are read.
const NOT_READ: &[(&str, &str)] = &[
    ("ubnd-binh-phuoc-263.txt", r#"{"min":1,"per":"hộ nghèo, hộ cận nghèo","unit":"người"}"#),
    (
        "ban-dan-toc-binh-phuoc-2022.txt",
        r#"{"direction":"decrease","per":"năm","unit":"hộ","value":1000}"#,
    ),
];

/// The test the issue asks for: every seed, every listed field.
#[test]
fn each_seed_imports_to_the_facts_of_its_hand_written_file() {
    let site = Site::fixture("import");
    let files: Vec<PathBuf> = SEEDS.iter().map(|(s, _)| data(s)).collect();
    let r = import(&site, &files, &[]).ok();
    assert!(
        r.stdout.contains("0 lỗi, 0 cảnh báo"),
        "the imported files must check cleanly:\n{}\n{}",
        r.stdout,
        r.stderr
    );
    let written = targets(&r.stdout);
    assert_eq!(written.len(), SEEDS.len(), "{}", r.stdout);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (seed, hand) in SEEDS {
        let target = &written
            .iter()
            .find(|(n, _)| n == seed)
            .unwrap_or_else(|| panic!("{seed} not imported"))
            .1;
        let ours = front(&site.root().join(target));
        let theirs = front(&repo.join(hand));
        for key in ["number", "type", "issuer", "date", "title", "leader_share_max"] {
            assert_eq!(text(&ours, key), text(&theirs, key), "{seed}: `{key}` differs from {hand}");
        }
        assert_eq!(bases(&ours), bases(&theirs), "{seed}: bases (number, date) differ from {hand}");
        let name = |v: &Value| v.get("signer").and_then(|s| text(s, "name"));
        assert_eq!(name(&ours), name(&theirs), "{seed}: signer name differs from {hand}");
        assert_eq!(ours.get("quotas"), theirs.get("quotas"), "{seed}: quotas differ from {hand}");
        assert_eq!(deadlines(&ours), deadlines(&theirs), "{seed}: deadlines differ from {hand}");
        if theirs.get("award_forms").is_some() {
            let forms = |v: &Value| {
                let mut f: Vec<String> = v["award_forms"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
                    .unwrap_or_default();
                f.sort();
                f
            };
            assert_eq!(forms(&ours), forms(&theirs), "{seed}: award forms differ from {hand}");
        }
        // Targets by their figures (labels are rewritten by hand): every target imported is one
        // of the hand-written file's, and those it misses are the ones listed in NOT_READ.
        let mut want = target_figures(&theirs);
        for (s, missing) in NOT_READ {
            if s == seed {
                let at = want.iter().position(|t| t == missing);
                want.remove(at.unwrap_or_else(|| panic!("{seed}: {missing} is not in {hand}")));
            }
        }
        assert_eq!(target_figures(&ours), want, "{seed}: targets differ from {hand}");
    }
    // The site builds with them, and the plan whose number came from a citation is at its address.
    site.build(&[]).ok();
    assert!(site.read("van-ban/263-kh-ubnd-2022/index.html").contains("Trần Tuệ Hiền"));
}

/// The webmaster sees where each value was read, and every unsure value is marked in the file.
#[test]
fn the_report_gives_lines_and_the_file_marks_what_to_confirm() {
    let site = Site::fixture("import");
    let files: Vec<PathBuf> = SEEDS.iter().map(|(s, _)| data(s)).collect();
    let r = import(&site, &files, &[]).ok();
    assert!(r.stdout.contains("  number: \"/KH-BDT\"  [dòng 5]"), "{}", r.stdout);
    assert!(r.stdout.contains("văn bản ghi 03/KH-BDT với nhiều ngày khác nhau"), "{}", r.stdout);
    let plan =
        std::fs::read_to_string(site.root().join("content/van-ban/263-kh-ubnd-2022.md")).unwrap();
    assert!(
        plan.contains("number: \"263/KH-UBND\"  # kiểm tra lại: văn bản không ghi số; đề xuất từ trích dẫn trong ban-dan-toc-binh-phuoc-2022.txt"),
        "{plan}"
    );
    assert!(plan.contains("source:"), "{plan}");
    // Targets are written with where they were read and a comment to confirm each one.
    assert!(
        plan.contains("  - { label: \"Mô hình giảm nghèo\", value: 22, unit: \"mô hình\", per: \"năm\" }  # kiểm tra lại: chỉ tiêu đọc từ câu văn"),
        "{plan}"
    );
    assert!(r.stdout.contains("  award_forms: 6 (dòng 101)"), "{}", r.stdout);
    // The body is Markdown: headings from `I.` and `1.`, no signature block, no page numbers.
    assert!(plan.contains("\n## I. MỤC ĐÍCH, YÊU CẦU\n\n### 1. Mục đích\n"), "{plan}");
    assert!(!plan.contains("Nơi nhận"), "{plan}");
}

/// Nothing is overwritten: a second run refuses, names the file and what to do, writes nothing.
#[test]
fn an_existing_file_is_never_overwritten() {
    let site = Site::fixture("import");
    import(&site, &[data("ubnd-binh-thuan-2022.txt")], &[]).ok();
    let again = import(
        &site,
        &[data("ubnd-binh-thuan-2022.txt"), data("ban-dan-toc-binh-phuoc-2023.txt")],
        &[],
    )
    .content_error()
    .err_has("lỗi[import-exists]")
    .err_has("không ghi đè");
    assert!(again.stderr.contains("không ghi tệp nào"), "{}", again.stderr);
    let docs = std::fs::read_dir(site.root().join("content/van-ban")).unwrap().count();
    assert_eq!(docs, 3, "the second file of the refused run must not be written either");
}

/// `--dry-run` reports and writes nothing.
#[test]
fn dry_run_writes_nothing() {
    let site = Site::fixture("import");
    let r = import(&site, &[data("ban-dan-toc-ninh-thuan-2022.txt")], &["--dry-run"]).ok();
    assert!(r.stdout.contains("Ban Dân tộc tỉnh Ninh Thuận"), "{}", r.stdout);
    assert_eq!(std::fs::read_dir(site.root().join("content/van-ban")).unwrap().count(), 2);
}

/// Bad files get a clear error with what to do instead, and nothing is written.
#[test]
fn bad_files_are_refused_with_what_to_do() {
    let site = Site::fixture("import");
    let dir = tempfile::tempdir().unwrap();
    let put = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let png = put("danh-sach.docx", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let encrypted = put("so-quy.xlsx", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0EncryptionInfo");
    let old_doc = put("ke-hoach.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0WordDocument");
    let pdf = put("ke-hoach.pdf", b"%PDF-1.7\n1 0 obj << /Type /Font /Subtype /TrueType >> endobj");
    let scan =
        put("quyet-dinh.pdf", b"%PDF-1.4\n1 0 obj << /Type /XObject /Subtype /Image >> endobj");
    let huge = dir.path().join("so-quy-lon.xlsx");
    std::fs::File::create(&huge).unwrap().set_len(100 * 1024 * 1024).unwrap();
    let cases: &[(&PathBuf, &str, &str)] = &[
        (&png, "import-image", "ảnh PNG"),
        (&encrypted, "import-encrypted", "xóa mật khẩu"),
        (&old_doc, "import-old-doc", "Word Document (.docx)"),
        (&pdf, "import-pdf", "Lưu thành .docx hoặc .txt"),
        (&scan, "import-scanned-pdf", "OCR"),
        (&huge, "import-too-large", "100 MB"),
    ];
    for (file, code, says) in cases {
        let r = import(&site, &[file.to_path_buf()], &[]).content_error();
        assert!(r.stderr.contains(&format!("lỗi[{code}]")), "{}: {}", file.display(), r.stderr);
        assert!(r.stderr.contains(says), "{}: {}", file.display(), r.stderr);
        assert!(r.stderr.contains("cách sửa:"), "{}", r.stderr);
    }
    // One bad file among good ones: nothing is written at all.
    import(&site, &[data("ubnd-binh-thuan-2022.txt"), png.clone()], &[]).content_error();
    assert_eq!(std::fs::read_dir(site.root().join("content/van-ban")).unwrap().count(), 2);
}

/// A Word document: paragraphs, and tables given as rows of cells (each cell's paragraphs).
fn docx(paras: &[&str], tables: &[Vec<Vec<&str>>]) -> Vec<u8> {
    use std::io::Write;
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let p = |s: &str| format!("<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", esc(s));
    let table = |rows: &Vec<Vec<&str>>| {
        let mut x = String::from("<w:tbl>");
        for r in rows {
            x.push_str("<w:tr>");
            for c in r.iter() {
                x.push_str("<w:tc>");
                for line in c.split('\n') {
                    x.push_str(&p(line));
                }
                x.push_str("</w:tc>");
            }
            x.push_str("</w:tr>");
        }
        x + "</w:tbl>"
    };
    let mut body = String::new();
    // The header table first, then paragraphs, then the list table (`{table N}` marks where).
    for s in paras {
        match s.strip_prefix("{table ").and_then(|r| r.strip_suffix('}')) {
            Some(n) => body.push_str(&table(&tables[n.parse::<usize>().unwrap()])),
            None => body.push_str(&p(s)),
        }
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>").unwrap();
    z.start_file("word/document.xml", opts).unwrap();
    z.write_all(xml.as_bytes()).unwrap();
    z.finish().unwrap();
    out.into_inner()
}

/// The header table of the decision of the tests (`{table 0}` in [`DECISION`]).
fn decision_header() -> Vec<Vec<&'static str>> {
    vec![vec![
        "ỦY BAN NHÂN DÂN\nTỈNH BÌNH PHƯỚC\nSố: 2105/QĐ-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nBình Phước, ngày 18 tháng 12 năm 2023",
    ]]
}

/// The paragraphs of a decision to commend (its list not included).
const DECISION: &[&str] = &[
    "{table 0}",
    "QUYẾT ĐỊNH",
    "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh qua sơ kết phong trào thi đua “Vì người nghèo - Không để ai bị bỏ lại phía sau”",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC",
    "Căn cứ Kế hoạch số 263/KH-UBND ngày 16/9/2022 của UBND tỉnh về việc tổ chức thực hiện phong trào thi đua “Vì người nghèo - Không để ai bị bỏ lại phía sau” giai đoạn 2021 - 2025 trên địa bàn tỉnh Bình Phước;",
    "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 02 tập thể, 03 cá nhân và 01 hộ gia đình.",
    "Nơi nhận:",
    "- Như Điều 3;",
    "- Sở Nội vụ;",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "Lê Hoàng Phúc",
];

/// The recipient list of the decision of the tests: a header row, then sections of collectives,
/// individuals (two leaders among three) and a household.
fn recipient_list() -> Vec<Vec<&'static str>> {
    vec![
        vec!["STT", "Họ và tên / Tên tập thể", "Chức vụ", "Đơn vị công tác", "Địa chỉ"],
        vec!["I", "Tập thể", "", "", ""],
        vec!["1", "Ủy ban nhân dân phường Nguyễn Thị Minh Khai", "", "", "thành phố Đồng Xoài"],
        vec!["2", "Thôn 7, xã Long Hà", "", "", "huyện Phú Riềng"],
        vec!["II", "Cá nhân", "", "", ""],
        vec![
            "1",
            "Ông Phạm Văn Hùng",
            "Trưởng phòng",
            "Phòng Lao động - Thương binh và Xã hội huyện Bù Đăng",
            "",
        ],
        vec![
            "2",
            "Bà Điểu Thị Hồng",
            "Phó Chủ tịch",
            "Ủy ban nhân dân xã Đắk Ơ, huyện Bù Gia Mập",
            "",
        ],
        vec!["3", "Nguyễn Văn Bình", "Công chức", "Ủy ban nhân dân xã Tân Tiến, huyện Bù Đốp", ""],
        vec!["III", "Hộ gia đình", "", "", ""],
        vec!["1", "Hộ ông Điểu Khanh", "", "", "ấp 3, xã Đắk Ơ, huyện Bù Gia Mập"],
    ]
}

/// A decision in Word with its list as a table of collectives, individuals and a household:
/// every row read with its kind, name, position, unit and locality; "Nơi nhận" is not a
/// recipient; a person's name inside a unit's name stays a unit; and the plan's 40 % rule is
/// checked at once.
#[test]
fn a_decision_in_word_with_its_recipient_table() {
    let site = Site::fixture("import");
    let dir = tempfile::tempdir().unwrap();
    let mut paras = DECISION.to_vec();
    paras.extend(["DANH SÁCH", "{table 1}"]);
    let bytes = docx(&paras, &[decision_header(), recipient_list()]);
    let file = dir.path().join("qd-2105.docx");
    std::fs::write(&file, bytes).unwrap();
    let r = import(&site, &[data("ubnd-binh-phuoc-263.txt"), file], &[]).ok();
    assert!(
        r.stdout.contains(
            "qd-2105.docx → content/khen-thuong/2105-qd-ubnd-2023.md (quyết định khen thưởng)"
        ),
        "{}",
        r.stdout
    );
    // Two leaders among three individuals breaks the plan's 40 % rule: shown at once.
    assert!(r.stderr.contains("cảnh báo[leader-share]"), "{}\n{}", r.stdout, r.stderr);
    assert_decision_2105(&site);
    assert!(!r.stdout.contains("Như Điều 3\""), "Nơi nhận read as a recipient:\n{}", r.stdout);
}

/// The decision of the tests as written: every field and every row of its list.
fn assert_decision_2105(site: &Site) {
    let d = front(&site.root().join("content/khen-thuong/2105-qd-ubnd-2023.md"));
    for (key, want) in [
        ("number", "2105/QĐ-UBND"),
        ("date", "2023-12-18"),
        ("issuer", "Ủy ban nhân dân tỉnh Bình Phước"),
        ("form", "BKTINH"),
        ("round", "so-ket-2023"),
        ("plan", "263/KH-UBND"),
        ("campaign", "vi-nguoi-ngheo-2021-2025"),
    ] {
        assert_eq!(text(&d, key).as_deref(), Some(want), "{key}");
    }
    assert_eq!(d["signer"]["name"], "Lê Hoàng Phúc");
    let rows = d["recipients"].as_array().unwrap();
    let got: Vec<(String, String)> = rows
        .iter()
        .map(|r| (text(r, "kind").unwrap_or_default(), text(r, "name").unwrap_or_default()))
        .collect();
    let want = [
        ("collective", "Ủy ban nhân dân phường Nguyễn Thị Minh Khai"),
        ("collective", "Thôn 7, xã Long Hà"),
        ("individual", "Phạm Văn Hùng"),
        ("individual", "Điểu Thị Hồng"),
        ("individual", "Nguyễn Văn Bình"),
        ("household", "Hộ ông Điểu Khanh"),
    ];
    assert_eq!(got, want.map(|(k, n)| (k.to_string(), n.to_string())));
    assert_eq!(rows[0]["locality"]["commune"], "phường Nguyễn Thị Minh Khai");
    assert_eq!(rows[0]["locality"]["district"], "thành phố Đồng Xoài");
    assert_eq!(rows[2]["position"], "Trưởng phòng");
    assert_eq!(rows[2]["unit"], "Phòng Lao động - Thương binh và Xã hội huyện Bù Đăng");
    assert_eq!(
        rows.iter().map(|r| r["leader"].as_bool()).collect::<Vec<_>>(),
        [None, None, Some(true), Some(true), Some(false), None]
    );
    assert_eq!(rows[3]["locality"]["commune"], "xã Đắk Ơ");
    assert_eq!(rows[5]["locality"]["district"], "huyện Bù Gia Mập");
}

/// Item 3 of the issue with the list in a file of its own: `import quyet-dinh.docx danh-sach.xlsx`
/// (and the same list as CSV) makes one decision with the list's rows as recipients, each row's
/// origin naming the list's file; the site builds. A list naming another decision, and a list
/// with no decision before it, are refused with how to give them, and nothing is written.
#[test]
fn a_decision_with_its_list_in_its_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let decision = dir.path().join("qd-2105.docx");
    std::fs::write(&decision, docx(DECISION, &[decision_header()])).unwrap();
    let list = recipient_list();
    let title = "DANH SÁCH TẬP THỂ, CÁ NHÂN VÀ HỘ GIA ĐÌNH ĐƯỢC TẶNG BẰNG KHEN";
    let attached = "(Kèm theo Quyết định số 2105/QĐ-UBND ngày 18/12/2023 của Chủ tịch UBND tỉnh)";
    let xlsx = dir.path().join("danh-sach.xlsx");
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet().set_name("Danh sách").unwrap();
        ws.write_string(0, 0, title).unwrap();
        ws.write_string(1, 0, attached).unwrap();
        for (r, row) in list.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                ws.write_string(r as u32 + 3, c as u16, *cell).unwrap();
            }
        }
        wb.save(&xlsx).unwrap();
    }
    let csv = dir.path().join("danh-sach.csv");
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let lines: Vec<String> =
        list.iter().map(|r| r.iter().map(|c| quote(c)).collect::<Vec<_>>().join(",")).collect();
    std::fs::write(&csv, lines.join("\n") + "\n").unwrap();
    for (file, first_row) in
        [(&xlsx, "danh-sach.xlsx, ô Danh sách!B6"), (&csv, "danh-sach.csv, dòng 3, cột B")]
    {
        let site = Site::fixture("import");
        let r =
            import(&site, &[data("ubnd-binh-phuoc-263.txt"), decision.clone(), file.clone()], &[])
                .ok();
        assert!(r.stdout.contains("→ danh sách của "), "{}", r.stdout);
        assert!(r.stdout.contains("(6 dòng)"), "{}", r.stdout);
        assert!(r.stdout.contains("Nguyễn Thị Minh Khai\""), "{}", r.stdout);
        assert!(r.stdout.contains(&format!("[{first_row}]")), "{}", r.stdout);
        assert!(r.stderr.contains("cảnh báo[leader-share]"), "{}\n{}", r.stdout, r.stderr);
        assert_decision_2105(&site);
        site.build(&[]).ok();
        assert!(site.read("khen-thuong/2105-qd-ubnd-2023/index.html").contains("Điểu Thị Hồng"));
    }
    // A list that says it goes with another decision.
    let site = Site::fixture("import");
    let other = dir.path().join("danh-sach-khac.docx");
    let paras = ["DANH SÁCH", "(Kèm theo Quyết định số 1999/QĐ-UBND ngày 01/12/2023)", "{table 0}"];
    std::fs::write(&other, docx(&paras, std::slice::from_ref(&list))).unwrap();
    import(&site, &[decision.clone(), other], &[])
        .content_error()
        .err_has("lỗi[import-list-mismatch]")
        .err_has("Quyết định số 1999/QĐ-UBND")
        .err_has("cách sửa:");
    // A list alone.
    import(&site, &[xlsx], &[])
        .content_error()
        .err_has("lỗi[import-list-alone]")
        .err_has("minhbach import quyet-dinh.docx danh-sach.xlsx");
    assert!(!site.root().join("content/khen-thuong").exists());
}

/// A treasurer's ledger in Excel: a merged title row, the header on the third row, an opening
/// balance row, a serial date and a text date, a numeric and a text amount (`2.000.000 đ`), an
/// anonymous gift, a disbursement whose description names the family helped, a `Cộng` row and
/// the closing balance row. `cong_thu` is what the `Cộng` row says the receipts add up to.
fn ledger_xlsx(path: &Path, cong_thu: f64, rows: bool) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Sổ quỹ").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.merge_range(
        0,
        0,
        0,
        6,
        "SỔ THU CHI QUỸ \"VÌ NGƯỜI NGHÈO\" XÃ TÂN TIẾN NĂM 2024",
        &Format::new(),
    )
    .unwrap();
    let header = ["Ngày", "Số chứng từ", "Diễn giải", "Đơn vị/người nộp", "Thu", "Chi", "Tồn"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    if !rows {
        wb.save(path).unwrap();
        return;
    }
    ws.write_string(3, 2, "Số dư đầu kỳ").unwrap();
    ws.write_number(3, 6, 5_000_000.0).unwrap();
    // 45585 is 20/10/2024.
    ws.write_number_with_format(4, 0, 45585.0, &date).unwrap();
    ws.write_string(4, 1, "PT01").unwrap();
    ws.write_string(4, 2, "Ủng hộ Tháng cao điểm").unwrap();
    ws.write_string(4, 3, "Công ty TNHH Mẫu Một").unwrap();
    ws.write_number(4, 4, 50_000_000.0).unwrap();
    ws.write_string(5, 0, "21/10/2024").unwrap();
    ws.write_string(5, 1, "PT02").unwrap();
    ws.write_string(5, 2, "Ủng hộ").unwrap();
    ws.write_string(5, 3, "Ẩn danh").unwrap();
    ws.write_string(5, 4, "2.000.000 đ").unwrap();
    ws.write_string(6, 0, "05/11/2024").unwrap();
    ws.write_string(6, 1, "PC01").unwrap();
    ws.write_string(6, 2, "Hỗ trợ xây nhà đại đoàn kết hộ ông Lò Văn Thử").unwrap();
    ws.write_number(6, 5, 40_000_000.0).unwrap();
    ws.write_string(7, 2, "Cộng").unwrap();
    ws.write_number(7, 4, cong_thu).unwrap();
    ws.write_number(7, 5, 40_000_000.0).unwrap();
    ws.write_string(8, 2, "Số dư cuối kỳ").unwrap();
    ws.write_number(8, 6, 17_000_000.0).unwrap();
    ws.write_string(10, 4, "NGƯỜI GHI SỔ").unwrap();
    wb.save(path).unwrap();
}

/// Item 4 of the issue: an Excel ledger becomes the period YAML and its CSV files, the totals
/// and balances are checked, and the built site's fund page shows the ledger's figures; the
/// family named in a disbursement's description is in no file written or built.
#[test]
fn a_fund_ledger_in_excel_builds_the_fund_pages() {
    let site = Site::fixture("import");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("so-quy-2024.xlsx");
    ledger_xlsx(&file, 52_000_000.0, true);
    let r = import(&site, &[file], &[]).ok();
    assert!(r.stdout.contains("so-quy-2024.xlsx → content/quy/2024.yaml (sổ quỹ)"), "{}", r.stdout);
    assert!(r.stdout.contains("opening: 5000000  [ô Sổ quỹ!G4]"), "{}", r.stdout);
    assert!(r.stdout.contains("0 lỗi"), "{}\n{}", r.stdout, r.stderr);
    let yaml = std::fs::read_to_string(site.root().join("content/quy/2024.yaml")).unwrap();
    for line in [
        "fund: \"Quỹ \\\"Vì người nghèo\\\" xã Tân Tiến\"",
        "level: \"xa\"",
        "period: { id: \"2024\", from: 2024-01-01, to: 2024-12-31 }",
        "opening: 5000000",
        "total_receipts: 52000000",
        "total_disbursements: 40000000",
        "closing: 17000000",
    ] {
        assert!(yaml.contains(line), "{line}\n{yaml}");
    }
    let thu = std::fs::read_to_string(site.root().join("content/quy/2024-thu.csv")).unwrap();
    assert_eq!(
        thu,
        "date,receipt_no,donor,anonymous,amount,purpose\n\
         2024-10-20,PT01,Công ty TNHH Mẫu Một,,50000000,Ủng hộ Tháng cao điểm\n\
         2024-10-21,PT02,,true,2000000,Ủng hộ\n"
    );
    let chi = std::fs::read_to_string(site.root().join("content/quy/2024-chi.csv")).unwrap();
    assert_eq!(chi, "date,category,amount\n2024-11-05,nha-dai-doan-ket-xay-moi,40000000\n");
    site.build(&[]).ok();
    let page = site.read("quy-vi-nguoi-ngheo/2024/index.html");
    for figure in ["52.000.000", "40.000.000", "17.000.000"] {
        assert!(page.contains(figure), "{figure} not on the period page");
    }
    for f in crate::util::walkdir(&site.root().join("public")) {
        let text = std::fs::read(&f).unwrap();
        assert!(!String::from_utf8_lossy(&text).contains("Lò Văn Thử"), "{}", f.display());
    }
}

/// A `Cộng` row that does not add up, an empty table and unreadable CSV cells: each reported at
/// its cell with what to do, and nothing written.
#[test]
fn ledger_problems_are_reported_at_their_cells() {
    let site = Site::fixture("import");
    let dir = tempfile::tempdir().unwrap();
    let wrong = dir.path().join("so-quy-sai.xlsx");
    ledger_xlsx(&wrong, 53_000_000.0, true);
    import(&site, &[wrong], &[])
        .content_error()
        .err_has("so-quy-sai.xlsx:8:5: lỗi[import-ledger]: ô Sổ quỹ!E8: dòng tổng ghi 53.000.000 đồng nhưng các dòng phía trên cộng lại được 52.000.000 đồng")
        .err_has("cách sửa:");
    let empty = dir.path().join("so-quy-trong.xlsx");
    ledger_xlsx(&empty, 0.0, false);
    import(&site, &[empty], &[]).content_error().err_has("không có dòng thu chi nào");
    let csv = dir.path().join("so-quy.csv");
    std::fs::write(
        &csv,
        "Ngày;Nội dung;Người nộp;Thu;Chi\n20/10/2024;Ủng hộ;Công ty Mẫu;1.5;\n10/25/2024;Ủng hộ;Bà Hai;100.000;\n",
    )
    .unwrap();
    import(&site, &[csv], &[])
        .content_error()
        .err_has("so-quy.csv:2:4: lỗi[import-ledger]: dòng 2, cột D: không rõ số tiền `1.5`")
        .err_has("so-quy.csv:3:1: lỗi[import-ledger]: dòng 3, cột A: ngày `10/25/2024` ghi tháng trước ngày");
    assert!(!site.root().join("content/quy").exists());
}

/// `--skip-bad-rows`: the rows that cannot be read are left out and listed; the others written.
#[test]
fn skip_bad_rows_writes_the_readable_rows_and_lists_the_others() {
    let site = Site::fixture("import");
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("so-quy.csv");
    std::fs::write(
        &csv,
        "Ngày;Nội dung;Người nộp;Thu;Chi\n20/10/2024;Ủng hộ;Công ty Mẫu;1.5;\n21/10/2024;Ủng hộ;Bà Hai;100.000;\n",
    )
    .unwrap();
    let r = import(&site, &[csv], &["--skip-bad-rows"]);
    assert!(r.stdout.contains("bỏ qua (dòng 2, cột D): không rõ số tiền `1.5`"), "{}", r.stdout);
    let thu = std::fs::read_to_string(site.root().join("content/quy/2024-thu.csv")).unwrap();
    assert_eq!(thu, "date,donor,amount,purpose\n2024-10-21,Bà Hai,100000,Ủng hộ\n");
}

/// TCVN3 (VN3): the 67 lowercase letters and the 7 untoned capitals; a toned capital takes its
/// lowercase code, as converters write it.
#[rustfmt::skip]
const TCVN3: [(char, u8); 74] = [
    ('à', 0xB5), ('ả', 0xB6), ('ã', 0xB7), ('á', 0xB8), ('ạ', 0xB9),
    ('ă', 0xA8), ('ằ', 0xBB), ('ẳ', 0xBC), ('ẵ', 0xBD), ('ắ', 0xBE), ('ặ', 0xC6),
    ('â', 0xA9), ('ầ', 0xC7), ('ẩ', 0xC8), ('ẫ', 0xC9), ('ấ', 0xCA), ('ậ', 0xCB),
    ('đ', 0xAE),
    ('è', 0xCC), ('ẻ', 0xCE), ('ẽ', 0xCF), ('é', 0xD0), ('ẹ', 0xD1),
    ('ê', 0xAA), ('ề', 0xD2), ('ể', 0xD3), ('ễ', 0xD4), ('ế', 0xD5), ('ệ', 0xD6),
    ('ì', 0xD7), ('ỉ', 0xD8), ('ĩ', 0xDC), ('í', 0xDD), ('ị', 0xDE),
    ('ò', 0xDF), ('ỏ', 0xE1), ('õ', 0xE2), ('ó', 0xE3), ('ọ', 0xE4),
    ('ô', 0xAB), ('ồ', 0xE5), ('ổ', 0xE6), ('ỗ', 0xE7), ('ố', 0xE8), ('ộ', 0xE9),
    ('ơ', 0xAC), ('ờ', 0xEA), ('ở', 0xEB), ('ỡ', 0xEC), ('ớ', 0xED), ('ợ', 0xEE),
    ('ù', 0xEF), ('ủ', 0xF1), ('ũ', 0xF2), ('ú', 0xF3), ('ụ', 0xF4),
    ('ư', 0xAD), ('ừ', 0xF5), ('ử', 0xF6), ('ữ', 0xF7), ('ứ', 0xF8), ('ự', 0xF9),
    ('ỳ', 0xFA), ('ỷ', 0xFB), ('ỹ', 0xFC), ('ý', 0xFD), ('ỵ', 0xFE),
    ('Ă', 0xA1), ('Â', 0xA2), ('Ê', 0xA3), ('Ô', 0xA4), ('Ơ', 0xA5), ('Ư', 0xA6), ('Đ', 0xA7),
];

/// A letter split into its base, quality mark (◌̂ ◌̆ ◌̛) and tone (0 none, then huyền, hỏi, ngã,
/// sắc, nặng).
fn split_letter(c: char) -> (char, Option<char>, usize) {
    use unicode_normalization::UnicodeNormalization;
    let mut parts = std::iter::once(c).nfd();
    let base = parts.next().unwrap_or(c);
    let (mut quality, mut tone) = (None, 0);
    for m in parts {
        match m {
            '\u{300}' => tone = 1,
            '\u{309}' => tone = 2,
            '\u{303}' => tone = 3,
            '\u{301}' => tone = 4,
            '\u{323}' => tone = 5,
            q => quality = Some(q),
        }
    }
    (base, quality, tone)
}

/// The text in a legacy encoding, as an old office program saves it (ASCII quotes and dashes).
fn legacy_bytes(text: &str, encoding: &str) -> Vec<u8> {
    let text = text.replace(['“', '”'], "\"").replace('–', "-").replace('…', "...");
    let mut out = Vec::new();
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        let (base, quality, tone) = split_letter(c);
        let upper = base.is_uppercase() || c == 'Đ';
        let case = |b: u8| match (upper, b) {
            (true, 0xE0..) => b - 0x20,
            (true, _) => b.to_ascii_uppercase(),
            _ => b,
        };
        match encoding {
            "tcvn3" => {
                let lower = c.to_lowercase().next().unwrap();
                let code = |l: char| TCVN3.iter().find(|(u, _)| *u == l).map(|&(_, b)| b);
                out.push(code(c).or_else(|| code(lower)).expect("TCVN3"));
            }
            "vni" => {
                const TONE: [u8; 6] = [0, 0xF8, 0xFB, 0xF5, 0xF9, 0xEF];
                const CIRC: [u8; 6] = [0xE2, 0xE0, 0xE5, 0xE3, 0xE1, 0xE4];
                const BREVE: [u8; 6] = [0xEA, 0xE8, 0xFA, 0xFC, 0xE9, 0xEB];
                const I: [u8; 6] = [b'i', 0xEC, 0xE6, 0xF3, 0xED, 0xF2];
                let b = base.to_ascii_lowercase() as u8;
                match (base.to_ascii_lowercase(), quality) {
                    ('đ' | 'Đ', _) => out.push(case(0xF1)),
                    ('i', None) => out.push(case(I[tone])),
                    ('y', None) if tone == 5 => out.push(case(0xEE)),
                    ('o' | 'u', Some('\u{31B}')) => {
                        out.push(case(if b == b'o' { 0xF4 } else { 0xF6 }));
                        if tone > 0 {
                            out.push(case(TONE[tone]));
                        }
                    }
                    (_, Some('\u{302}')) => out.extend([case(b), case(CIRC[tone])]),
                    (_, Some('\u{306}')) => out.extend([case(b), case(BREVE[tone])]),
                    _ => out
                        .extend([case(b)].into_iter().chain((tone > 0).then(|| case(TONE[tone])))),
                }
            }
            _ => {
                // Windows-1258: the letter with its quality mark precomposed, the tone combining.
                use unicode_normalization::UnicodeNormalization;
                let letter: String = std::iter::once(base).chain(quality).nfc().collect();
                let tone_mark = ["", "\u{300}", "\u{309}", "\u{303}", "\u{301}", "\u{323}"][tone];
                let unicode = format!("{letter}{tone_mark}");
                let (bytes, _, bad) = encoding_rs::WINDOWS_1258.encode(&unicode);
                assert!(!bad, "{c} in Windows-1258");
                out.extend_from_slice(&bytes);
            }
        }
    }
    out
}

/// Item 1: a seed saved in TCVN3, VNI-Windows and Windows-1258 is converted to Unicode with a
/// notice naming the encoding, and imports to the same front matter as the seed in UTF-8;
/// Latin-1 French text is not mistaken for Vietnamese: refused with how to convert it.
#[test]
fn legacy_encodings_are_converted_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(data("ban-dan-toc-ninh-thuan-2022.txt")).unwrap();
    let unicode = Site::fixture("import");
    let utf8 = dir.path().join("ke-hoach.txt");
    std::fs::write(&utf8, seed.replace(['“', '”'], "\"").replace('–', "-").replace('…', "..."))
        .unwrap();
    let r = import(&unicode, &[utf8], &[]).ok();
    let want = front(&unicode.root().join(&targets(&r.stdout)[0].1));
    assert_eq!(text(&want, "issuer").as_deref(), Some("Ban Dân tộc tỉnh Ninh Thuận"));
    for (encoding, name) in
        [("tcvn3", "TCVN3 (ABC)"), ("vni", "VNI-Windows"), ("windows-1258", "Windows-1258")]
    {
        let site = Site::fixture("import");
        let file = dir.path().join(format!("ke-hoach-{encoding}.txt"));
        let bytes = legacy_bytes(&seed, encoding);
        assert!(std::str::from_utf8(&bytes).is_err(), "{encoding} bytes must not be UTF-8");
        std::fs::write(&file, bytes).unwrap();
        let r = import(&site, &[file], &[]).ok();
        assert!(
            r.stdout.contains(&format!("tệp dùng bảng mã cũ {name}: đã chuyển sang Unicode")),
            "{encoding}: {}",
            r.stdout
        );
        assert!(r.stdout.contains("0 lỗi"), "{encoding}: {}\n{}", r.stdout, r.stderr);
        let got = front(&site.root().join(&targets(&r.stdout)[0].1));
        // TCVN3 has no toned capitals, yet the capitals guessed from their neighbours give the
        // same front matter here.
        assert_eq!(got, want, "{encoding}: the whole front matter");
    }
    // A Word file typed in the .VnTime font: its text is TCVN3 bytes shown as Latin-1 letters.
    let site = Site::fixture("import");
    let font_text: String = legacy_bytes(&seed, "tcvn3").iter().map(|&b| char::from(b)).collect();
    let paras: Vec<&str> = font_text.lines().collect();
    let word = dir.path().join("ke-hoach-vntime.docx");
    std::fs::write(&word, docx(&paras, &[])).unwrap();
    let r = import(&site, &[word], &[]).ok();
    assert!(r.stdout.contains("chữ được gõ bằng phông cũ TCVN3 (ABC)"), "{}", r.stdout);
    let got = front(&site.root().join(&targets(&r.stdout)[0].1));
    for key in ["number", "issuer", "date", "title"] {
        assert_eq!(text(&got, key), text(&want, key), ".VnTime .docx: {key}");
    }
    // Latin-1 French is no Vietnamese encoding: refused with how to convert, nothing written.
    let site = Site::fixture("import");
    let french = dir.path().join("lettre.txt");
    std::fs::write(
        &french,
        b"Ce fut tr\xE8s \xE9prouv\xE9 \xE0 No\xEBl, d\xE9j\xE0 l'\xE9t\xE9 pass\xE9.\n",
    )
    .unwrap();
    import(&site, &[french], &[]).content_error().err_has("lỗi[not-utf8]").err_has("UTF-8");
    assert_eq!(std::fs::read_dir(site.root().join("content/van-ban")).unwrap().count(), 2);
}
