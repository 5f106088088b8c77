//! Open data: CSV and JSON at stable paths, parsed by Python's `csv` and `json`, matching the
//! pages, byte-identical across builds, listed in a manifest with their SHA-256; the recipients
//! index pages.

use std::path::Path;
use std::process::Command;

use crate::util::{Site, run};

const DATASETS: &[&str] =
    &["documents", "decisions", "awards", "exemplars", "targets", "awardForms"];

#[test]
fn files_are_at_stable_paths_and_reproducible() {
    let s = Site::fixture("mini");
    s.build(&[]).ok();
    let first: Vec<String> = DATASETS
        .iter()
        .flat_map(|d| [format!("du-lieu/{d}.csv"), format!("du-lieu/{d}.json")])
        .chain(["du-lieu/manifest.json".to_string()])
        .map(|p| s.read(&p))
        .collect();
    s.build(&[]).ok();
    let second: Vec<String> = DATASETS
        .iter()
        .flat_map(|d| [format!("du-lieu/{d}.csv"), format!("du-lieu/{d}.json")])
        .chain(["du-lieu/manifest.json".to_string()])
        .map(|p| s.read(&p))
        .collect();
    assert_eq!(first, second);
    let page = s.read("du-lieu/index.html");
    for field in ["awardDate", "recipientId", "recipientName", "meetsPlanRules", "direction"] {
        assert!(page.contains(field), "{field} described");
    }
}

#[test]
fn open_data_matches_the_pages() {
    let s = Site::fixture("mini");
    s.build(&[]).ok();
    let awards: serde_json::Value = serde_json::from_str(&s.read("du-lieu/awards.json")).unwrap();
    let recs = awards["records"].as_array().unwrap();
    assert_eq!(recs.len(), 3);
    let page = s.read("khen-thuong/2105-qd-ubnd-2023/index.html");
    for r in recs {
        assert!(page.contains(r["recipientName"].as_str().unwrap()));
        let url = r["url"].as_str().unwrap();
        let anchor = url.rsplit('#').next().unwrap();
        assert!(page.contains(&format!("id={anchor}")), "row anchor {anchor}");
    }
    let decisions: serde_json::Value =
        serde_json::from_str(&s.read("du-lieu/decisions.json")).unwrap();
    assert_eq!(decisions["records"][0]["meetsPlanRules"], serde_json::Value::Bool(false));
    assert_eq!(decisions["records"][0]["number"], "2105/QĐ-UBND");
    // The recipients index lists the same people, with their award.
    let idx = s.read("nguoi-duoc-khen/index.html");
    assert!(idx.contains("Trần Văn Bình"));
    assert!(s.exists("nguoi-duoc-khen/hinh-thuc/bktinh/index.html"));
    assert!(s.exists("nguoi-duoc-khen/nam/2023/index.html"));
    assert!(s.exists("nguoi-duoc-khen/loai/ca-nhan/index.html"));
}

/// Python's `csv` and `json` read every file; each CSV has the JSON's fields and records; the
/// manifest's SHA-256 values are right. Runs when `python3` is present (it is on CI).
#[test]
fn python_parses_the_open_data() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("python3 not found: skipped");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let o = out.path().join("public");
    // Without the update history: its `changes` dataset exists only in a full git clone (tested
    // in `history`), and this test counts the files.
    let args = ["build", "--root", root.to_str().unwrap(), "--output", o.to_str().unwrap()];
    run(&[&args[..], &["--no-history"]].concat(), &[]).ok();
    let script = r#"
import csv, hashlib, json, sys, os
base = sys.argv[1]
manifest = json.load(open(os.path.join(base, "du-lieu/manifest.json"), encoding="utf-8"))
seen = set()
for f in manifest["files"]:
    data = open(os.path.join(base, f["path"]), "rb").read()
    assert hashlib.sha256(data).hexdigest() == f["sha256"], f["path"]
    assert len(data) == f["bytes"], f["path"]
    seen.add(f["path"])
for name in ["documents", "decisions", "awards", "exemplars", "targets", "awardForms", "fund-periods", "fund-receipts", "fund-disbursements", "fund-categories", "fund-months"]:
    assert "du-lieu/%s.csv" % name in seen and "du-lieu/%s.json" % name in seen, name
    j = json.load(open(os.path.join(base, "du-lieu/%s.json" % name), encoding="utf-8"))
    with open(os.path.join(base, "du-lieu/%s.csv" % name), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert j["count"] == len(j["records"]) == len(rows), name
    assert list(rows[0].keys()) == j["fields"] if rows else True, name
    for r, c in zip(j["records"], rows):
        assert r.get("id") == c.get("id"), name
        for k in j["fields"]:
            v = r[k]
            cell = "" if v is None else ("; ".join(v) if isinstance(v, list) else (str(v).lower() if isinstance(v, bool) else str(v)))
            if isinstance(v, float) and v.is_integer():
                cell = c[k]
            # Text a spreadsheet would run as a formula starts with ' in CSV (CSV injection).
            if isinstance(v, (str, list)) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                cell = "'" + cell
            assert cell == c[k], (name, k, cell, c[k])
print("ok", len(seen))
"#;
    let res = Command::new("python3").arg("-c").arg(script).arg(&o).output().unwrap();
    let stdout = String::from_utf8_lossy(&res.stdout);
    assert!(
        res.status.success() && stdout.starts_with("ok 33"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&res.stderr)
    );
    // Matches the pages: every award row is on its decision page.
    let awards: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(o.join("du-lieu/awards.json")).unwrap())
            .unwrap();
    for r in awards["records"].as_array().unwrap() {
        let d = r["decision"].as_str().unwrap();
        let page = std::fs::read_to_string(o.join(format!("khen-thuong/{d}/index.html"))).unwrap();
        assert!(page.contains(r["recipientName"].as_str().unwrap()), "{d}");
    }
}

/// Issue 16, class 2: a donor whose name a spreadsheet would run as a formula is written with a
/// leading `'` in the CSV (OWASP's advice against CSV injection), exactly in the JSON, and as
/// text on the page; amounts stay numbers.
#[test]
fn csv_cells_a_spreadsheet_would_run_are_made_inert() {
    let s = Site::fixture("mini");
    let ledger = std::fs::read_to_string(s.root().join("content/quy/thu.csv")).unwrap();
    let formula = "=HYPERLINK(\"http://x.vn\";\"bấm\")";
    s.write(
        "content/quy/thu.csv",
        ledger.replace("Trường Tiểu học A", "\"=HYPERLINK(\"\"http://x.vn\"\";\"\"bấm\"\")\""),
    );
    s.build(&[]).ok();
    let csv = s.read("du-lieu/fund-receipts.csv");
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x.vn\"\";\"\"bấm\"\")\""), "{csv}");
    assert!(!csv.contains(",\"=HYPERLINK"), "{csv}");
    assert!(csv.contains(",300000,"), "amounts stay numbers: {csv}");
    let json: serde_json::Value =
        serde_json::from_str(&s.read("du-lieu/fund-receipts.json")).unwrap();
    let donors: Vec<&str> =
        json["records"].as_array().unwrap().iter().filter_map(|r| r["donor"].as_str()).collect();
    assert!(donors.contains(&formula), "{donors:?}");
    assert!(s.read("du-lieu/index.html").contains("CSV injection"));
    // The workbook: the donor's name is a text cell, never a formula; amounts are numbers,
    // dates are dates.
    use calamine::{Data, Reader, Xlsx};
    let bytes = std::fs::read(s.root().join("public/du-lieu/fund-receipts.xlsx")).unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("fund-receipts").unwrap();
    let header: Vec<String> =
        (0..sheet.width()).map(|c| sheet.get((0, c)).unwrap().to_string()).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let donors: Vec<&Data> =
        (1..sheet.height()).filter_map(|r| sheet.get((r, col("donor")))).collect();
    assert!(donors.contains(&&Data::String(formula.into())), "{donors:?}");
    assert!(
        matches!(sheet.get((1, col("amount"))), Some(Data::Float(_))),
        "{:?}",
        sheet.get((1, col("amount")))
    );
    assert!(
        matches!(sheet.get((1, col("date"))), Some(Data::DateTime(_))),
        "{:?}",
        sheet.get((1, col("date")))
    );
    let formulas = book.worksheet_formula("fund-receipts").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "a formula was written");
}

/// Issue 16, class 2: every dataset is also a workbook, linked beside its CSV and JSON, listed
/// in the manifest, read back by a spreadsheet reader with the JSON's records, and
/// byte-identical across builds.
#[test]
fn every_dataset_is_also_an_xlsx_workbook() {
    use calamine::{Data, Reader, Xlsx};
    let s = Site::fixture("mini");
    s.build(&[]).ok();
    let first = std::fs::read(s.root().join("public/du-lieu/awards.xlsx")).unwrap();
    let page = s.read("du-lieu/index.html");
    let manifest = s.read("du-lieu/manifest.json");
    for d in DATASETS {
        assert!(page.contains(&format!("du-lieu/{d}.xlsx")), "{d} not linked");
        assert!(manifest.contains(&format!("\"du-lieu/{d}.xlsx\"")), "{d} not in the manifest");
        let json: serde_json::Value =
            serde_json::from_str(&s.read(&format!("du-lieu/{d}.json"))).unwrap();
        let bytes = std::fs::read(s.root().join(format!("public/du-lieu/{d}.xlsx"))).unwrap();
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let sheet = book.worksheet_range(d).unwrap();
        let fields = json["fields"].as_array().unwrap();
        let records = json["records"].as_array().unwrap();
        assert_eq!(sheet.height(), records.len() + 1, "{d}");
        for (c, f) in fields.iter().enumerate() {
            assert_eq!(sheet.get((0, c)), Some(&Data::String(f.as_str().unwrap().into())), "{d}");
        }
        for (r, rec) in records.iter().enumerate() {
            for (c, f) in fields.iter().enumerate() {
                let cell = sheet.get((r + 1, c)).cloned().unwrap_or(Data::Empty);
                match &rec[f.as_str().unwrap()] {
                    serde_json::Value::Null => assert_eq!(cell, Data::Empty, "{d} {f}"),
                    serde_json::Value::Number(n) => {
                        assert_eq!(cell, Data::Float(n.as_f64().unwrap()), "{d} {f}")
                    }
                    serde_json::Value::Bool(b) => assert_eq!(cell, Data::Bool(*b), "{d} {f}"),
                    serde_json::Value::String(t) if t.len() == 10 && t.as_bytes()[4] == b'-' => {
                        assert!(matches!(cell, Data::DateTime(_)), "{d} {f}: {cell:?}")
                    }
                    serde_json::Value::String(t) => {
                        assert_eq!(cell, Data::String(t.clone()), "{d} {f}")
                    }
                    _ => {}
                }
            }
        }
    }
    s.build(&[]).ok();
    assert_eq!(std::fs::read(s.root().join("public/du-lieu/awards.xlsx")).unwrap(), first);
}
