//! The import page of `minhbach serve` (issue 17, item 6): a document posted from the browser is
//! read, shown beside its source, written into `content/` and built; requests from anywhere but
//! the page itself (a foreign `Host`, another site's `Origin`, no token, a body too large, a path
//! as file name) are refused and write nothing.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::serve::Server;
use crate::util::{Site, walkdir};

const PAGE: &str = "/__minhbach/nhap/";
const WRITE: &str = "/__minhbach/nhap/ghi";

/// The page's largest body (40 MB file + 64 KiB of form), as `src/serve/upload.rs` says.
const MAX_BODY: u64 = 40 * 1024 * 1024 + 64 * 1024;

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import").join(name)
}

/// `(status, whole answer)` of a raw request.
fn send(addr: &str, head: &str, body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    // The server may answer (and close) before the body is all sent: that is what is tested.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let code = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (code, text)
}

/// A multipart body: text fields, then the file (client name, bytes).
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        write!(
            body,
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
        .unwrap();
    }
    if let Some((name, bytes)) = file {
        write!(
            body,
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--BOUNDARY--\r\n");
    body
}

/// How a test post presents itself.
struct Client<'a> {
    host: &'a str,
    origin: Option<&'a str>,
    fetch_site: Option<&'a str>,
}

/// A browser on the page itself.
fn same(server: &Server) -> Client<'_> {
    Client { host: &server.addr, origin: None, fetch_site: Some("same-origin") }
}

fn post(server: &Server, path: &str, from: &Client<'_>, body: &[u8]) -> (u16, String) {
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: multipart/form-data; boundary=BOUNDARY\r\nContent-Length: {}\r\nConnection: close\r\n",
        from.host,
        body.len()
    );
    if let Some(o) = from.origin {
        head.push_str(&format!("Origin: {o}\r\n"));
    }
    if let Some(s) = from.fetch_site {
        head.push_str(&format!("Sec-Fetch-Site: {s}\r\n"));
    }
    head.push_str("\r\n");
    send(&server.addr, &head, body)
}

/// The form's token, from the page.
fn token(server: &Server) -> String {
    let (code, _, body) = server.get(PAGE);
    assert_eq!(code, 200, "{body}");
    let at = body.find("name=\"token\" value=\"").expect("token field") + 20;
    body[at..at + 32].to_string()
}

/// The write form's upload id, from a preview.
fn upload_id(preview: &str) -> String {
    let at = preview.find("name=\"upload\" value=\"").expect("write form") + 21;
    preview[at..].split('"').next().unwrap().to_string()
}

/// Every file under the site folder.
fn files(site: &Site) -> Vec<PathBuf> {
    let mut all = walkdir(site.root());
    all.sort();
    all
}

/// Item 6, a plan: the page reads the `.txt` seed as `import --dry-run` does and shows each field
/// linked to its line beside the text; "Ghi vào content/" writes the file, the preview rebuilds
/// and the page links to the new document's page, which is served; the same file again is
/// refused, never overwritten.
#[test]
fn a_plan_is_previewed_written_and_served() {
    let site = Site::fixture("import");
    let server = Server::start(&site);
    let (code, _, form) = server.get(PAGE);
    assert_eq!(code, 200);
    for part in [
        "<html lang=\"vi\"",
        "enctype=\"multipart/form-data\"",
        "<label for=\"mb-file\">",
        "<label for=\"mb-kind\">",
        "tối đa 40 MB",
        "/style.css",
    ] {
        assert!(form.contains(part), "{part} not in the form page:\n{form}");
    }
    let token = token(&server);
    let text = std::fs::read(seed("ubnd-binh-phuoc-263.txt")).unwrap();
    let body =
        multipart(&[("token", &token), ("kind", "plan")], Some(("ubnd-binh-phuoc-263.txt", &text)));
    let before = files(&site);
    let (code, preview) = post(&server, PAGE, &same(&server), &body);
    assert_eq!(code, 200, "{preview}");
    assert_eq!(files(&site), before, "the preview writes nothing");
    let target = "content/van-ban/kh-uy-ban-nhan-dan-tinh-binh-phuoc-2022-to-chuc-thuc-hien-phong-trao-thi-dua-vi.md";
    for part in [
        format!("Sẽ ghi <code>{target}</code>"),
        // The date, read at line 3, linked to line 3 of the source shown beside it.
        "<th scope=\"row\"><code>date</code></th><td>2022-09-16</td><td><a href=\"#l3\">dòng 3</a></td>".into(),
        "<li id=\"l3\"><span class=\"mb-label\">dòng 3</span>".into(),
        // An inferred value says why it must be checked.
        "<strong>Kiểm tra lại:</strong> suy ra từ ký hiệu và địa danh".into(),
        "Ghi vào content/".into(),
    ] {
        assert!(preview.contains(&part), "{part} not in the preview:\n{preview}");
    }

    let id = upload_id(&preview);
    let write = multipart(&[("token", &token), ("upload", &id)], None);
    let (code, result) = post(&server, WRITE, &same(&server), &write);
    assert_eq!(code, 200, "{result}");
    assert!(site.root().join(target).is_file());
    assert!(result.contains("role=\"status\""), "{result}");
    assert!(result.contains("0 lỗi, 0 cảnh báo"), "{result}");
    let url = "/van-ban/kh-ubnd-tinh-binh-phuoc-2022-to-chuc-thuc-hien-phong-trao-thi-dua-vi-nguoi-ngheo/";
    assert!(result.contains(&format!("<a href=\"{url}\">")), "{result}");
    let (code, _, page) = server.get(url);
    assert_eq!(code, 200);
    assert!(page.contains("trên địa bàn tỉnh Bình Phước"), "{page}");

    // The upload is gone once written; the same file again is refused, nothing overwritten.
    assert_eq!(post(&server, WRITE, &same(&server), &write).0, 404);
    let (_, again) = post(&server, PAGE, &same(&server), &body);
    assert!(again.contains("role=\"alert\""), "{again}");
    assert!(again.contains("lệnh nhập không ghi đè"), "{again}");
    assert!(!again.contains("name=\"upload\""), "no write button when the import would fail");
}

/// Item 6, a fund ledger as CSV: the cells read are linked to the table beside them; written,
/// the period page of the rebuilt preview shows its figures.
#[test]
fn a_csv_ledger_is_written_and_its_page_built() {
    let site = Site::fixture("import");
    let server = Server::start(&site);
    let token = token(&server);
    let csv = "Ngày;Số phiếu;Nội dung;Người nộp;Thu;Chi\n\
               20/10/2024;PT01;Ủng hộ;Công ty Mẫu;1.500.000;\n\
               05/11/2024;PC01;Học bổng cho học sinh nghèo;;;1.000.000\n";
    let body =
        multipart(&[("token", &token), ("kind", "")], Some(("so-quy-2024.csv", csv.as_bytes())));
    let (code, preview) = post(&server, PAGE, &same(&server), &body);
    assert_eq!(code, 200, "{preview}");
    for part in [
        "Sẽ ghi <code>content/quy/2024.yaml</code> (sổ quỹ)",
        "<a href=\"#csv-A2\">dòng 2, cột A</a>",
        "<td id=\"csv-E2\" title=\"dòng 2, cột E\">1.500.000</td>",
        "Và <code>content/quy/2024-thu.csv</code>",
    ] {
        assert!(preview.contains(part), "{part} not in the preview:\n{preview}");
    }
    let write = multipart(&[("token", &token), ("upload", &upload_id(&preview))], None);
    let (code, result) = post(&server, WRITE, &same(&server), &write);
    assert_eq!(code, 200, "{result}");
    for f in ["content/quy/2024.yaml", "content/quy/2024-thu.csv", "content/quy/2024-chi.csv"] {
        assert!(site.root().join(f).is_file(), "{f}");
    }
    assert!(result.contains("<a href=\"/quy-vi-nguoi-ngheo/2024/\">"), "{result}");
    let (code, _, page) = server.get("/quy-vi-nguoi-ngheo/2024/");
    assert_eq!(code, 200);
    assert!(page.contains("1.500.000"), "{page}");
}

/// Security of item 6: each request that does not come from the page itself is refused and
/// writes nothing: a foreign `Host` (DNS rebinding; the token is not shown), another site's
/// `Origin`, no `Origin` nor `Sec-Fetch-Site`, no or a wrong token, a body over the limit (refused
/// before it is read), no length, and a file name with `../`.
#[test]
fn requests_not_from_the_page_are_refused() {
    let site = Site::fixture("import");
    let server = Server::start(&site);
    let token = token(&server);
    let before = files(&site);
    let outside = site.root().parent().unwrap().join("minhbach-evil-import.txt");
    let plan = std::fs::read(seed("ubnd-binh-phuoc-263.txt")).unwrap();
    let good = multipart(&[("token", &token)], Some(("ke-hoach.txt", &plan)));

    let head = format!(
        "GET {PAGE} HTTP/1.1\r\nHost: evil.example:{}\r\n\r\n",
        server.addr.split(':').nth(1).unwrap()
    );
    let (code, answer) = send(&server.addr, &head, b"");
    assert_eq!(code, 403, "{answer}");
    assert!(!answer.contains(&token), "a foreign Host never sees the token");
    let rebinding =
        Client { host: "evil.example", origin: Some("http://evil.example"), fetch_site: None };
    assert_eq!(post(&server, PAGE, &rebinding, &good).0, 403);

    let cross = format!("http://evil.example:{}", server.addr.split(':').nth(1).unwrap());
    let cross = Client { host: &server.addr, origin: Some(&cross), fetch_site: Some("cross-site") };
    let (code, answer) = post(&server, PAGE, &cross, &good);
    assert_eq!(code, 403);
    assert!(answer.contains("role=\"alert\""), "{answer}");
    assert!(answer.contains("đến từ một trang khác"), "{answer}");
    let bare = Client { host: &server.addr, origin: None, fetch_site: None };
    assert_eq!(post(&server, PAGE, &bare, &good).0, 403);
    let null = Client { host: &server.addr, origin: Some("null"), fetch_site: None };
    assert_eq!(post(&server, PAGE, &null, &good).0, 403);

    let no_token = multipart(&[], Some(("ke-hoach.txt", &plan)));
    let (code, answer) = post(&server, PAGE, &same(&server), &no_token);
    assert_eq!(code, 403);
    assert!(answer.contains("mã biểu mẫu không khớp"), "{answer}");
    let wrong = multipart(&[("token", &"0".repeat(32))], Some(("ke-hoach.txt", &plan)));
    assert_eq!(post(&server, PAGE, &same(&server), &wrong).0, 403);

    // Over the limit: refused from the declared length, before the body is sent.
    let head = format!(
        "POST {PAGE} HTTP/1.1\r\nHost: {}\r\nSec-Fetch-Site: same-origin\r\nContent-Type: multipart/form-data; boundary=BOUNDARY\r\nContent-Length: {}\r\n\r\n",
        server.addr,
        MAX_BODY + 1
    );
    let (code, answer) = send(&server.addr, &head, b"");
    assert_eq!(code, 413, "{answer}");
    assert!(answer.contains("tối đa") || answer.contains("đến 40 MB"), "{answer}");
    let head = format!(
        "POST {PAGE} HTTP/1.1\r\nHost: {}\r\nSec-Fetch-Site: same-origin\r\n\r\n",
        server.addr
    );
    assert_eq!(send(&server.addr, &head, b"").0, 411);

    for name in ["../minhbach-evil-import.txt", "..\\..\\minhbach-evil-import.txt", "a/../../x.txt"]
    {
        let body = multipart(&[("token", &token)], Some((name, &plan)));
        let (code, answer) = post(&server, PAGE, &same(&server), &body);
        assert_eq!(code, 400, "{name}: {answer}");
        assert!(answer.contains("tên tệp có đường dẫn"), "{answer}");
    }
    assert!(!outside.exists());
    assert_eq!(files(&site), before, "no refused request wrote anything");
    // The page itself still works after all that.
    assert_eq!(post(&server, PAGE, &same(&server), &good).0, 200);
}

/// The import page is off when the preview listens on the network (`--bind 0.0.0.0`), even for a
/// request from this machine.
#[test]
fn the_import_page_is_off_when_serving_the_network() {
    let site = Site::fixture("import");
    let server =
        Server::start_with(&site, &["--bind", "0.0.0.0"], &[], std::process::Stdio::null());
    let (code, _, body) = server.get(PAGE);
    assert_eq!(code, 403, "{body}");
    assert!(body.contains("127.0.0.1"), "{body}");
    assert!(!body.contains("name=\"token\""));
}
