//! Who may use the preview's import page: only this machine, only the page itself.
//!
//! The import page writes into the site folder, so a request must prove it comes from the
//! webmaster's own browser tab on that page, not from another web site they happen to visit:
//!
//! - the server listens on loopback (the default) and the connection comes from loopback;
//! - the `Host` header names the address the server bound (`127.0.0.1:PORT`, or `localhost:PORT`):
//!   a site that points its own name at 127.0.0.1 (DNS rebinding) sends its own name and is
//!   refused, so its scripts can neither read the page (and its token) nor post to it;
//! - a `POST` carries `Origin: http://<that address>`, or, from a browser that sends no `Origin`
//!   (or `null`), `Sec-Fetch-Site: same-origin`; a form on another site sends its own origin (or
//!   `Sec-Fetch-Site: cross-site`) and is refused;
//! - the form carries a token drawn at random when the server starts, which another site cannot
//!   read.
//!
//! The checks are ours: they are a few comparisons of header values, and no crate does them for a
//! server that is not built on its framework.

use std::net::{IpAddr, SocketAddr};

use crate::diag::Text;
use crate::t;

/// A request as the import page sees it.
#[derive(Debug, Default)]
pub(crate) struct Req {
    /// `GET`, `POST`, …
    pub(crate) method: String,
    /// The decoded path.
    pub(crate) path: String,
    /// Headers, names in lower case.
    pub(crate) headers: Vec<(String, String)>,
    /// The address the connection comes from.
    pub(crate) peer: Option<IpAddr>,
}

impl Req {
    /// The first header named `name` (lower case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.trim())
    }
}

/// Why a request is refused: the HTTP status and what to tell the webmaster.
#[derive(Debug)]
pub(crate) struct Refusal {
    /// `403 Forbidden`, …
    pub(crate) status: &'static str,
    /// What was wrong and what to do.
    pub(crate) text: Text,
}

fn forbidden(text: Text) -> Refusal {
    Refusal { status: "403 Forbidden", text }
}

/// The addresses the import page answers on, and the form token of this run.
#[derive(Debug)]
pub(crate) struct Guard {
    /// `127.0.0.1:PORT`, `localhost:PORT` (empty when the server is not on loopback).
    hosts: Vec<String>,
    /// The form token (`None` if the system gave no random bytes: the page is then off).
    token: Option<String>,
}

impl Guard {
    /// The guard of a server bound at `addr`.
    pub(crate) fn new(addr: SocketAddr) -> Guard {
        let port = addr.port();
        let hosts = match addr.ip() {
            IpAddr::V4(ip) if ip.is_loopback() => {
                vec![format!("{ip}:{port}"), format!("localhost:{port}")]
            }
            IpAddr::V6(ip) if ip.is_loopback() => {
                vec![format!("[{ip}]:{port}"), format!("localhost:{port}")]
            }
            _ => Vec::new(),
        };
        let mut bytes = [0u8; 16];
        let token = getrandom::fill(&mut bytes)
            .ok()
            .map(|()| bytes.iter().map(|b| format!("{b:02x}")).collect());
        Guard { hosts, token }
    }

    /// The form token.
    pub(crate) fn token(&self) -> &str {
        self.token.as_deref().unwrap_or("")
    }

    /// Refuses a request that does not come from this machine's browser for this server, or (a
    /// `POST`) from another site.
    pub(crate) fn admit(&self, req: &Req) -> Result<(), Refusal> {
        if self.hosts.is_empty() || self.token.is_none() {
            return Err(forbidden(t!(
                "trang nhập chỉ mở khi máy chủ xem trước nghe trên máy này (127.0.0.1, mặc định)",
                "the import page is only open when the preview listens on this machine (127.0.0.1, the default)"
            )));
        }
        if !req.peer.is_some_and(|p| p.is_loopback()) {
            return Err(forbidden(t!(
                "trang nhập chỉ nhận yêu cầu từ chính máy này",
                "the import page only answers this machine"
            )));
        }
        let host = req.header("host").unwrap_or("").to_ascii_lowercase();
        if !self.hosts.contains(&host) {
            let want = self.hosts[0].clone();
            let host = crate::diag::printable(&host);
            return Err(forbidden(t!(
                "địa chỉ `{host}` không phải của máy chủ xem trước: hãy mở http://{want}/__minhbach/nhap/",
                "the address `{host}` is not the preview server's: open http://{want}/__minhbach/nhap/"
            )));
        }
        if req.method == "POST" {
            self.same_origin(req, &host)?;
        }
        Ok(())
    }

    /// A `POST` must come from a page of this server.
    fn same_origin(&self, req: &Req, host: &str) -> Result<(), Refusal> {
        let cross = || {
            forbidden(t!(
                "yêu cầu đến từ một trang khác, không phải trang nhập: không ghi gì",
                "the request comes from another page, not the import page: nothing is done"
            ))
        };
        match (req.header("origin"), req.header("sec-fetch-site")) {
            (Some(origin), _) if origin.eq_ignore_ascii_case(&format!("http://{host}")) => Ok(()),
            // A browser hides the origin (`null`) under a no-referrer policy, but still says the
            // request is same-origin in `Sec-Fetch-Site`, which no page can set.
            (None | Some("null"), Some(site)) if site.eq_ignore_ascii_case("same-origin") => Ok(()),
            _ => Err(cross()),
        }
    }

    /// The form's token must be this run's.
    pub(crate) fn check_token(&self, given: Option<&str>) -> Result<(), Refusal> {
        let want = self.token.as_deref().unwrap_or("").as_bytes();
        let given = given.unwrap_or("").as_bytes();
        // Compared in full whatever differs, so timing says nothing about the token.
        let same = want.len() == given.len()
            && !want.is_empty()
            && want.iter().zip(given).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
        if same {
            Ok(())
        } else {
            Err(forbidden(t!(
                "biểu mẫu đã cũ hoặc không phải của máy chủ này (mã biểu mẫu không khớp): mở lại trang nhập và gửi lại",
                "the form is stale or not this server's (its token does not match): open the import page again and resend"
            )))
        }
    }
}

/// Extensions an upload may have: what `import` reads, and `.pdf` and `.doc`, which it refuses
/// with what to do instead.
const ACCEPTED: [&str; 9] = ["docx", "xlsx", "xlsm", "xls", "ods", "csv", "txt", "pdf", "doc"];

/// A file name from the client made safe to name a file in a folder of ours: its last part (a
/// browser on Windows may send `C:\…\ke-hoach.docx`), characters other than letters, digits,
/// `-`, `_`, `.`, spaces and brackets replaced by `_`, no leading dot, at most 100 characters.
/// A name with a `..` part is refused: no browser sends one.
pub(crate) fn safe_file_name(raw: &str) -> Result<String, Refusal> {
    let bad = |text: Text| Refusal { status: "400 Bad Request", text };
    if raw.split(['/', '\\']).any(|part| part.trim() == "..") {
        return Err(bad(t!(
            "tên tệp có đường dẫn (`..`): chỉ gửi tệp, không gửi đường dẫn",
            "the file name holds a path (`..`): send a file, not a path"
        )));
    }
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c.is_alphanumeric() || "-_. ()".contains(c) { c } else { '_' })
        .collect();
    let clean = clean.trim_start_matches(['.', ' ']).trim_end();
    let ext = clean.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default();
    if clean.is_empty() || !ACCEPTED.contains(&ext.as_str()) {
        return Err(bad(t!(
            "chỉ nhập được tệp .docx, .xlsx, .xls, .ods, .csv hoặc .txt",
            "only .docx, .xlsx, .xls, .ods, .csv or .txt files can be imported"
        )));
    }
    let n = clean.chars().count();
    if n <= 100 {
        return Ok(clean.to_string());
    }
    let stem: String = clean.chars().take(100 - ext.chars().count() - 1).collect();
    Ok(format!("{stem}.{ext}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: &str, host: &str, origin: Option<&str>, site: Option<&str>) -> Req {
        let mut headers = vec![("host".to_string(), host.to_string())];
        if let Some(o) = origin {
            headers.push(("origin".into(), o.into()));
        }
        if let Some(s) = site {
            headers.push(("sec-fetch-site".into(), s.into()));
        }
        Req {
            method: method.into(),
            path: "/__minhbach/nhap/".into(),
            headers,
            peer: Some("127.0.0.1".parse().unwrap()),
        }
    }

    #[test]
    fn hosts_and_origins() {
        let g = Guard::new("127.0.0.1:4000".parse().unwrap());
        assert!(g.admit(&req("GET", "127.0.0.1:4000", None, None)).is_ok());
        assert!(g.admit(&req("GET", "localhost:4000", None, None)).is_ok());
        assert!(g.admit(&req("GET", "evil.example:4000", None, None)).is_err());
        assert!(g.admit(&req("GET", "127.0.0.1:4001", None, None)).is_err());
        let ok = req("POST", "127.0.0.1:4000", Some("http://127.0.0.1:4000"), None);
        assert!(g.admit(&ok).is_ok());
        assert!(g.admit(&req("POST", "127.0.0.1:4000", None, Some("same-origin"))).is_ok());
        assert!(g.admit(&req("POST", "127.0.0.1:4000", Some("null"), None)).is_err());
        assert!(g.admit(&req("POST", "127.0.0.1:4000", Some("null"), Some("same-origin"))).is_ok());
        let evil = Some("http://evil.example");
        assert!(g.admit(&req("POST", "127.0.0.1:4000", evil, Some("same-origin"))).is_err());
        assert!(g.admit(&req("POST", "127.0.0.1:4000", None, Some("cross-site"))).is_err());
        assert!(g.admit(&req("POST", "127.0.0.1:4000", None, None)).is_err());
        let mut far = req("GET", "127.0.0.1:4000", None, None);
        far.peer = Some("192.168.1.9".parse().unwrap());
        assert!(g.admit(&far).is_err());
        let open = Guard::new("0.0.0.0:4000".parse().unwrap());
        assert!(open.admit(&req("GET", "127.0.0.1:4000", None, None)).is_err());
    }

    #[test]
    fn tokens() {
        let g = Guard::new("127.0.0.1:4000".parse().unwrap());
        assert_eq!(g.token().len(), 32);
        assert!(g.check_token(Some(g.token())).is_ok());
        assert!(g.check_token(None).is_err());
        assert!(g.check_token(Some("")).is_err());
        assert_ne!(g.token(), Guard::new("127.0.0.1:4000".parse().unwrap()).token());
    }

    #[test]
    fn file_names() {
        assert_eq!(safe_file_name("so-quy.csv").unwrap(), "so-quy.csv");
        assert_eq!(safe_file_name("C:\\Users\\Lan\\Kế hoạch.docx").unwrap(), "Kế hoạch.docx");
        assert_eq!(safe_file_name(".hidden.txt").unwrap(), "hidden.txt");
        assert_eq!(safe_file_name("a<b>|c.TXT").unwrap(), "a_b__c.TXT");
        assert!(safe_file_name("../../site.yaml.txt").is_err());
        assert!(safe_file_name("a\\..\\b.txt").is_err());
        assert!(safe_file_name("script.sh").is_err());
        assert!(safe_file_name("").is_err());
        let long = format!("{}.xlsx", "x".repeat(300));
        assert_eq!(safe_file_name(&long).unwrap().chars().count(), 100);
    }
}
