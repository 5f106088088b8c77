//! Uploads of the import page: a multipart form body to its fields and file, and the file kept in
//! a temporary folder of its own until it is written into the site or replaced by newer ones.
//!
//! The body is parsed by `multer` (the multipart parser under axum), fed the whole body from
//! memory: it was read up to its declared length, which [`MAX_UPLOAD`] bounds, so the parser's
//! future never waits and is polled once (`now_or_never`) instead of run by an async runtime. The
//! client's file name is never used as given: [`super::guard::safe_file_name`] makes it a plain
//! name, and the file is saved in a folder created for it under the system's temporary folder.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use futures_util::FutureExt;

use crate::import::ImportKind;

/// Largest file accepted, as `minhbach import` (40 MB).
pub(crate) const MAX_UPLOAD: u64 = crate::import::formats::MAX_IMPORT_BYTES;

/// Largest request body: the file and the form's other fields.
pub(crate) const MAX_BODY: u64 = MAX_UPLOAD + 64 * 1024;

/// Uploads kept for writing (older ones are removed).
const KEPT: usize = 8;

/// A form body's fields: text fields by name, and the file (client name, bytes).
#[derive(Debug, Default)]
pub(crate) struct Form {
    pub(crate) fields: Vec<(String, String)>,
    pub(crate) file: Option<(String, Vec<u8>)>,
}

impl Form {
    /// The first text field named `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Parses a `multipart/form-data` body; the error is the parser's message.
pub(crate) fn parse(content_type: &str, body: Vec<u8>) -> Result<Form, String> {
    let boundary = multer::parse_boundary(content_type).map_err(|e| e.to_string())?;
    let stream = futures_util::stream::iter([Ok::<Vec<u8>, std::io::Error>(body)]);
    let mut parts = multer::Multipart::new(stream, boundary);
    let parsed = async move {
        let mut form = Form::default();
        while let Some(field) = parts.next_field().await.map_err(|e| e.to_string())? {
            let name = field.name().unwrap_or("").to_string();
            match field.file_name().map(str::to_string) {
                Some(file) if name == "file" => {
                    let bytes = field.bytes().await.map_err(|e| e.to_string())?;
                    form.file = Some((file, bytes.to_vec()));
                }
                _ => {
                    let text = field.text().await.map_err(|e| e.to_string())?;
                    form.fields.push((name, text));
                }
            }
        }
        Ok(form)
    };
    // The body is all in memory, so the parser never waits: polled once, it is done.
    parsed.now_or_never().unwrap_or_else(|| Err("multipart parser waited for more input".into()))
}

/// An uploaded file waiting to be written into the site.
#[derive(Debug)]
pub(crate) struct Upload {
    /// Random id the write form names it by.
    pub(crate) id: String,
    /// Its safe name (see [`super::guard::safe_file_name`]).
    pub(crate) name: String,
    /// What the webmaster said it is (`None`: recognised).
    pub(crate) kind: Option<ImportKind>,
    /// Its folder, removed when the upload is dropped.
    dir: tempfile::TempDir,
}

impl Upload {
    /// Saves `bytes` as `name` in a new temporary folder.
    pub(crate) fn save(
        name: &str,
        kind: Option<ImportKind>,
        bytes: &[u8],
    ) -> std::io::Result<Upload> {
        let dir = tempfile::Builder::new().prefix("minhbach-nhap-").tempdir()?;
        std::fs::write(dir.path().join(name), bytes)?;
        let mut raw = [0u8; 12];
        getrandom::fill(&mut raw).map_err(|e| std::io::Error::other(e.to_string()))?;
        let id = raw.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Upload { id, name: name.to_string(), kind, dir })
    }

    /// Where the file is.
    pub(crate) fn path(&self) -> PathBuf {
        self.dir.path().join(&self.name)
    }
}

/// The uploads kept, newest last.
#[derive(Debug, Default)]
pub(crate) struct Uploads(Mutex<VecDeque<Arc<Upload>>>);

impl Uploads {
    /// Keeps `u`, removing the oldest beyond [`KEPT`].
    pub(crate) fn keep(&self, u: Upload) -> Arc<Upload> {
        let u = Arc::new(u);
        if let Ok(mut all) = self.0.lock() {
            all.push_back(Arc::clone(&u));
            while all.len() > KEPT {
                all.pop_front();
            }
        }
        u
    }

    /// The upload with id `id`.
    pub(crate) fn find(&self, id: &str) -> Option<Arc<Upload>> {
        self.0.lock().ok()?.iter().find(|u| u.id == id).cloned()
    }

    /// Forgets the upload with id `id` (its folder goes when the last user drops it).
    pub(crate) fn remove(&self, id: &str) {
        if let Ok(mut all) = self.0.lock() {
            all.retain(|u| u.id != id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_body_gives_its_fields_and_file() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nabc\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"so quy.csv\"\r\n\
                    Content-Type: text/csv\r\n\r\nngày,thu\r\n1,2\r\n--XyZ--\r\n";
        let form = parse("multipart/form-data; boundary=XyZ", body.as_bytes().to_vec()).unwrap();
        assert_eq!(form.get("token"), Some("abc"));
        let (name, bytes) = form.file.unwrap();
        assert_eq!(name, "so quy.csv");
        assert_eq!(String::from_utf8(bytes).unwrap(), "ngày,thu\r\n1,2");
        assert!(parse("text/plain", Vec::new()).is_err());
        assert!(parse("multipart/form-data; boundary=XyZ", b"--XyZ\r\nbroken".to_vec()).is_err());
    }

    #[test]
    fn old_uploads_are_removed_with_their_folders() {
        let all = Uploads::default();
        let first = all.keep(Upload::save("a.txt", None, b"x").unwrap());
        let folder = first.path().parent().unwrap().to_path_buf();
        assert!(first.path().is_file());
        drop(first);
        for _ in 0..KEPT {
            all.keep(Upload::save("b.txt", None, b"y").unwrap());
        }
        assert!(!folder.exists(), "the oldest upload's folder is removed");
    }
}
