//! Reading the files a webmaster receives: bytes of a `.txt`, `.csv`, `.docx`, `.xlsx`, `.xls` or
//! `.ods` to lines of text and tables of cells, each remembering where it came from.
//!
//! The formats are read by libraries (`calamine` for spreadsheets, `zip` and `quick-xml` for the
//! Word document's XML, `csv`, `encoding_rs` for Windows-1258); this module only sniffs what a
//! file really is (a renamed PNG, an encrypted Office file, a PDF, an old binary `.doc`) so that
//! each gets a message saying what to do instead of garbage.

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Reader};

use crate::diag::{Diagnostic, Pos, Text};
use crate::t;

/// Largest file imported, in bytes: bigger sheets are refused before they are unpacked.
pub(crate) const MAX_IMPORT_BYTES: u64 = 40 * 1024 * 1024;

/// Largest number of rows read from one sheet or table.
pub(crate) const MAX_ROWS: usize = 300_000;

/// Where a piece of text was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A line of a text file (from 1).
    Line(u32),
    /// A paragraph of a Word document (from 1).
    Para(u32),
    /// A cell: sheet (or `bảng N` of a Word document), row and column (from 0).
    Cell { sheet: String, row: u32, col: u32 },
    /// A field of a CSV file: row (the line, for a file without line breaks in its fields) and
    /// column, from 0.
    CsvCell { row: u32, col: u32 },
    /// A place in another file of the run (a decision's list in its own file).
    InFile(String, Box<Origin>),
    /// Not read from the file: inferred (the report says from what).
    Inferred,
}

impl Origin {
    /// `dòng 12`, `đoạn 3`, `ô Sheet1!B4`, `dòng 2, cột D`, `danh-sach.xlsx, ô Sheet1!B4`, as
    /// the report shows it.
    pub(crate) fn show(&self) -> Text {
        match self {
            Origin::Line(n) => t!("dòng {n}", "line {n}"),
            Origin::Para(n) => t!("đoạn {n}", "paragraph {n}"),
            Origin::Cell { sheet, row, col } => {
                let a1 = cell_name(*row, *col);
                t!("ô {sheet}!{a1}", "cell {sheet}!{a1}")
            }
            Origin::CsvCell { row, col } => {
                let (line, letters) = (row + 1, column_letters(*col));
                t!("dòng {line}, cột {letters}", "line {line}, column {letters}")
            }
            Origin::InFile(file, at) => {
                let at = at.show();
                Text::new(format!("{file}, {}", at.vi), format!("{file}, {}", at.en))
            }
            Origin::Inferred => t!("suy ra", "inferred"),
        }
    }
}

/// `B4` for row 3, column 1 (both from 0).
pub(crate) fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// `A` for column 0, `AA` for column 26.
fn column_letters(col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push(char::from(b'A' + r as u8));
        c = (c - 1) / 26;
    }
    letters.reverse();
    letters.into_iter().collect()
}

/// A line of text with its origin.
#[derive(Clone, Debug)]
pub(crate) struct Line {
    pub(crate) text: String,
    pub(crate) origin: Origin,
}

/// One cell: its text as shown, and its number when the cell holds one.
#[derive(Clone, Debug)]
pub(crate) struct Cell {
    pub(crate) text: String,
    /// A numeric cell's value (Excel dates are numbers: days since 1899-12-30).
    pub(crate) number: Option<f64>,
    /// The cell is formatted as a date.
    pub(crate) is_date: bool,
    pub(crate) origin: Origin,
}

/// A table: a sheet, a CSV file or a Word table.
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    pub(crate) name: String,
    pub(crate) rows: Vec<Vec<Cell>>,
}

/// What was read from one file.
#[derive(Clone, Debug, Default)]
pub(crate) struct Source {
    /// Text lines (a text file's lines, a Word document's paragraphs).
    pub(crate) lines: Vec<Line>,
    /// Tables (sheets, CSV, Word tables).
    pub(crate) tables: Vec<Table>,
    /// Things the webmaster should know about the reading (a converted legacy encoding).
    pub(crate) notices: Vec<Text>,
}

/// Reads `path` (shown as `shown` in messages) into a [`Source`].
pub(crate) fn read_source(path: &Path, shown: &Path) -> Result<Source, Box<Diagnostic>> {
    let meta = std::fs::metadata(path).map_err(|e| crate::read::text::io_diag(shown, &e))?;
    if meta.len() > MAX_IMPORT_BYTES {
        let mb = meta.len() / (1024 * 1024);
        let max = MAX_IMPORT_BYTES / (1024 * 1024);
        return Err(err(
            shown,
            "import-too-large",
            t!(
                "tệp quá lớn ({mb} MB, tối đa {max} MB)",
                "file too large ({mb} MB, at most {max} MB)"
            ),
            t!(
                "chia bảng thành nhiều tệp nhỏ hơn (ví dụ mỗi năm một tệp) rồi nhập từng tệp",
                "split the table into smaller files (e.g. one per year) and import each"
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| crate::read::text::io_diag(shown, &e))?;
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    sniff(&bytes, &ext, shown)?;
    match ext.as_str() {
        "txt" | "md" | "text" => read_txt(&bytes, shown),
        "csv" => read_csv(&bytes, shown),
        "docx" => read_docx(&bytes, shown).map(|mut src| {
            convert_legacy_font(&mut src);
            src
        }),
        "xlsx" | "xlsm" | "xls" | "ods" => read_sheets(bytes, shown).map(|mut src| {
            convert_legacy_font(&mut src);
            src
        }),
        _ => Err(err(
            shown,
            "import-format",
            t!("không nhập được tệp đuôi `.{ext}`", "cannot import a `.{ext}` file"),
            t!(
                "nhập được .txt, .docx, .xlsx, .xls, .ods, .csv; lưu tệp thành một trong các dạng đó",
                "importable: .txt, .docx, .xlsx, .xls, .ods, .csv; save the file as one of those"
            ),
        )),
    }
}

fn err(shown: &Path, code: &'static str, message: Text, hint: Text) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(code, shown, Pos::default(), message).with_hint(hint))
}

/// What the first bytes say the file is, refused with what to do when it is not importable.
fn sniff(bytes: &[u8], ext: &str, shown: &Path) -> Result<(), Box<Diagnostic>> {
    let image = if bytes.starts_with(b"\x89PNG") {
        Some("PNG")
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        Some("JPEG")
    } else if bytes.starts_with(b"GIF8") {
        Some("GIF")
    } else {
        None
    };
    if let Some(kind) = image {
        return Err(err(
            shown,
            "import-image",
            t!(
                "tệp này là ảnh {kind} (chỉ đổi đuôi thành .{ext}), không có chữ để đọc",
                "this file is a {kind} image (only renamed to .{ext}); there is no text to read"
            ),
            t!(
                "xin bản Word (.docx) hoặc Excel (.xlsx) gốc của văn bản; ảnh chụp thì cần gõ lại hoặc nhận dạng chữ (OCR) trước",
                "ask for the original Word (.docx) or Excel (.xlsx) file; a photo must be typed again or run through OCR first"
            ),
        ));
    }
    if bytes.starts_with(b"%PDF") {
        return Err(pdf_message(bytes, shown));
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        // An OLE compound file: old .doc/.xls, or an encrypted .docx/.xlsx.
        return match ext {
            "xls" => Ok(()),
            "docx" | "xlsx" | "xlsm" => Err(err(
                shown,
                "import-encrypted",
                t!(
                    "tệp được đặt mật khẩu (mã hóa), không đọc được",
                    "the file is protected with a password (encrypted) and cannot be read"
                ),
                t!(
                    "mở tệp bằng Word/Excel, vào Tệp > Thông tin > Bảo vệ > Mã hóa bằng mật khẩu, xóa mật khẩu, lưu lại rồi nhập lại",
                    "open it in Word/Excel, File > Info > Protect > Encrypt with Password, clear the password, save and import again"
                ),
            )),
            _ => Err(err(
                shown,
                "import-old-doc",
                t!(
                    "đây là tệp Word đời cũ (.doc nhị phân), không đọc được trực tiếp",
                    "this is an old binary Word file (.doc), which cannot be read directly"
                ),
                t!(
                    "mở bằng Word hoặc LibreOffice rồi Lưu thành… Word Document (.docx), và nhập tệp .docx",
                    "open it in Word or LibreOffice, Save as… Word Document (.docx), and import the .docx"
                ),
            )),
        };
    }
    let zipped = bytes.starts_with(b"PK\x03\x04");
    let needs_zip = matches!(ext, "docx" | "xlsx" | "xlsm" | "ods");
    if needs_zip && !zipped {
        return Err(err(
            shown,
            "import-not-office",
            t!(
                "tệp có đuôi .{ext} nhưng nội dung không phải tệp Office (có thể bị đổi đuôi hoặc hỏng)",
                "the file is named .{ext} but is not an Office file (renamed or damaged)"
            ),
            t!(
                "mở tệp bằng chương trình đã tạo ra nó và lưu lại đúng dạng (.docx, .xlsx), rồi nhập lại",
                "open it with the program that made it, save it in the right format (.docx, .xlsx) and import again"
            ),
        ));
    }
    Ok(())
}

/// PDFs are not read: the message says how to get a text file, and tells a scan (no fonts, so no
/// text layer) from a PDF with text.
fn pdf_message(bytes: &[u8], shown: &Path) -> Box<Diagnostic> {
    let has_text = bytes.windows(5).any(|w| w == b"/Font");
    if has_text {
        err(
            shown,
            "import-pdf",
            t!(
                "tệp PDF không nhập trực tiếp được: chữ trong PDF bị ngắt dòng, mất cột và bảng",
                "PDF files are not imported directly: their text loses lines, columns and tables"
            ),
            t!(
                "dùng bản Word gốc (.docx), hoặc mở PDF bằng Word/LibreOffice rồi Lưu thành .docx hoặc .txt (UTF-8) và nhập tệp đó",
                "use the original Word file (.docx), or open the PDF in Word/LibreOffice, Save as .docx or .txt (UTF-8) and import that"
            ),
        )
    } else {
        err(
            shown,
            "import-scanned-pdf",
            t!(
                "tệp PDF này là bản quét (chỉ có ảnh, không có lớp chữ), không có chữ để đọc",
                "this PDF is a scan (images only, no text layer); there is no text to read"
            ),
            t!(
                "xin bản Word (.docx) gốc; nếu không có, nhận dạng chữ (OCR, ví dụ bằng VnDOCR) rồi lưu thành .docx hoặc .txt",
                "ask for the original Word file (.docx); otherwise run OCR (e.g. VnDOCR) and save as .docx or .txt"
            ),
        )
    }
}

/// Text with legacy encodings converted: UTF-8 as the rest of minhbach reads it; TCVN3, VNI and
/// Windows-1258 bytes (and UTF-8 typed in such a font) converted to Unicode with a notice naming
/// the encoding. When the guess is unsure, the file is refused with how to convert it.
fn decode_text(
    bytes: &[u8],
    shown: &Path,
    notices: &mut Vec<Text>,
) -> Result<String, Box<Diagnostic>> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // NUL bytes (binary, UTF-16) are refused by the common reader below.
    let converted = match std::str::from_utf8(body) {
        _ if body.contains(&0) => None,
        Err(_) => {
            let enc = crate::vi::detect_legacy_encoding(body);
            crate::vi::decode_legacy(body, enc).map(|text| (text, enc, false))
        }
        Ok(text) => crate::vi::looks_like_legacy_font_text(text)
            .map(|enc| (crate::vi::legacy_font_to_unicode(text, enc), enc, true)),
    };
    match converted {
        Some((text, enc, font)) => {
            notices.push(legacy_notice(enc, font));
            crate::read::text::decode(text.as_bytes(), shown)
        }
        None => crate::read::text::decode(bytes, shown),
    }
}

/// The notice for text converted from a legacy encoding (`font`: UTF-8 text typed in a legacy
/// font, such as `.VnTime` in Word).
fn legacy_notice(enc: crate::vi::LegacyEncoding, font: bool) -> Text {
    let name = enc.name();
    let mut notice = if font {
        t!(
            "chữ được gõ bằng phông cũ {name} (ví dụ .VnTime, VNI-Times): đã chuyển sang Unicode; xem lại chữ có dấu",
            "the text was typed in a legacy {name} font (e.g. .VnTime, VNI-Times): converted to Unicode; check the accented letters"
        )
    } else {
        t!(
            "tệp dùng bảng mã cũ {name}: đã chuyển sang Unicode (UTF-8); xem lại chữ có dấu",
            "the file is in the legacy encoding {name}: converted to Unicode (UTF-8); check the accented letters"
        )
    };
    if enc == crate::vi::LegacyEncoding::Tcvn3 {
        let extra = t!(
            " (TCVN3 không có chữ hoa mang dấu thanh: chữ hoa như Ủ, Ấ, Ở được đoán theo chữ bên cạnh)",
            " (TCVN3 has no toned capitals: capitals such as Ủ, Ấ, Ở were guessed from the letters around them)"
        );
        notice =
            Text::new(format!("{}{}", notice.vi, extra.vi), format!("{}{}", notice.en, extra.en));
    }
    notice
}

/// Converts the lines and cells of a Word document or workbook typed in a legacy font (`.VnTime`,
/// `VNI-Times`), with a notice; text in Unicode is left alone.
fn convert_legacy_font(src: &mut Source) {
    let mut sample = String::new();
    for l in &src.lines {
        sample.push_str(&l.text);
        sample.push('\n');
    }
    for c in src.tables.iter().flat_map(|t| t.rows.iter().flatten()) {
        if c.number.is_none() {
            sample.push_str(&c.text);
            sample.push('\n');
        }
    }
    let Some(enc) = crate::vi::looks_like_legacy_font_text(&sample) else {
        return;
    };
    for l in &mut src.lines {
        l.text = crate::vi::legacy_font_to_unicode(&l.text, enc);
    }
    for t in &mut src.tables {
        t.name = crate::vi::legacy_font_to_unicode(&t.name, enc);
        for c in t.rows.iter_mut().flatten().filter(|c| c.number.is_none()) {
            c.text = crate::vi::legacy_font_to_unicode(&c.text, enc);
        }
    }
    src.notices.push(legacy_notice(enc, true));
}

fn read_txt(bytes: &[u8], shown: &Path) -> Result<Source, Box<Diagnostic>> {
    let mut src = Source::default();
    let text = decode_text(bytes, shown, &mut src.notices)?;
    src.lines = numbered_lines(&text);
    Ok(src)
}

/// The lines of a text, each with its line number (from 1).
pub(crate) fn numbered_lines(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .map(|(i, l)| Line { text: l.to_string(), origin: Origin::Line(i as u32 + 1) })
        .collect()
}

fn read_csv(bytes: &[u8], shown: &Path) -> Result<Source, Box<Diagnostic>> {
    let mut src = Source::default();
    let text = decode_text(bytes, shown, &mut src.notices)?;
    let first = text.lines().next().unwrap_or("");
    // Excel in a Vietnamese locale separates columns with `;` (the decimal mark is `,`).
    let delim = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut table = Table { name: "csv".into(), rows: Vec::new() };
    for (r, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line() as u32).unwrap_or(0);
            Box::new(
                Diagnostic::error(
                    "import-csv",
                    shown,
                    Pos::new(line, 0),
                    t!("CSV hỏng: {e}", "broken CSV: {e}"),
                )
                .with_hint(t!(
                    "mở bằng Excel và Lưu thành… CSV UTF-8, rồi nhập lại",
                    "open in Excel and Save as… CSV UTF-8, then import again"
                )),
            )
        })?;
        if r >= MAX_ROWS {
            return Err(too_many_rows(shown));
        }
        let row = rec
            .iter()
            .enumerate()
            .map(|(c, v)| Cell {
                text: v.trim().to_string(),
                number: None,
                is_date: false,
                origin: Origin::CsvCell { row: r as u32, col: c as u32 },
            })
            .collect();
        table.rows.push(row);
    }
    src.tables.push(table);
    Ok(src)
}

fn too_many_rows(shown: &Path) -> Box<Diagnostic> {
    err(
        shown,
        "import-too-large",
        t!("bảng có hơn {MAX_ROWS} dòng", "the table has more than {MAX_ROWS} rows"),
        t!(
            "chia bảng thành nhiều tệp nhỏ hơn (ví dụ mỗi năm một tệp) rồi nhập từng tệp",
            "split the table into smaller files (e.g. one per year) and import each"
        ),
    )
}

fn broken(shown: &Path, e: impl std::fmt::Display) -> Box<Diagnostic> {
    err(
        shown,
        "import-broken",
        t!("tệp hỏng, không đọc được: {e}", "the file is damaged and cannot be read: {e}"),
        t!(
            "mở tệp bằng Word/Excel; nếu mở được, Lưu thành một tệp mới rồi nhập tệp đó",
            "open it in Word/Excel; if it opens, Save as a new file and import that"
        ),
    )
}

/// A Word document: paragraphs outside tables become lines, tables become tables (a cell's
/// paragraphs joined by line breaks).
fn read_docx(bytes: &[u8], shown: &Path) -> Result<Source, Box<Diagnostic>> {
    use quick_xml::events::Event;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken(shown, e))?;
    let mut xml = String::new();
    {
        let mut part = zip.by_name("word/document.xml").map_err(|e| broken(shown, e))?;
        if part.size() > MAX_IMPORT_BYTES * 4 {
            return Err(too_many_rows(shown));
        }
        part.read_to_string(&mut xml).map_err(|e| broken(shown, e))?;
    }
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut src = Source::default();
    let mut para = String::new();
    let mut in_text = false;
    let mut tables: Vec<Table> = Vec::new(); // nesting stack
    let mut cell = String::new();
    let mut paras = 0u32;
    let mut done_tables = 0u32;
    loop {
        let ev = reader.read_event().map_err(|e| broken(shown, e))?;
        match ev {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "p" => para.clear(),
                "tbl" => tables.push(Table::default()),
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.rows.push(Vec::new());
                    }
                }
                "tc" => cell.clear(),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => para.push('\t'),
                "br" | "cr" => para.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => {
                para.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
            }
            Event::GeneralRef(r) if in_text => {
                let name: &str = r.as_ref();
                para.push_str(match name {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    let text = crate::vi::nfc(&para);
                    if tables.is_empty() {
                        paras += 1;
                        src.lines.push(Line { text, origin: Origin::Para(paras) });
                    } else {
                        if !cell.is_empty() {
                            cell.push('\n');
                        }
                        cell.push_str(&text);
                    }
                    para.clear();
                }
                "tc" => {
                    let n = done_tables + 1;
                    if let Some(t) = tables.last_mut() {
                        let row = t.rows.len().saturating_sub(1) as u32;
                        if let Some(r) = t.rows.last_mut() {
                            let col = r.len() as u32;
                            let origin = Origin::Cell { sheet: format!("bảng {n}"), row, col };
                            r.push(Cell {
                                text: cell.trim().to_string(),
                                number: None,
                                is_date: false,
                                origin,
                            });
                        }
                    }
                    cell.clear();
                }
                "tr" if tables.len() == 1 => {
                    // A row also reads as a line, cells apart: a two-column header table reads
                    // like the same header flattened from a PDF.
                    let row = tables.last().and_then(|t| t.rows.last());
                    let cells: Vec<Vec<&str>> = row
                        .map(|r| r.iter().map(|c| c.text.split('\n').collect()).collect())
                        .unwrap_or_default();
                    let depth = cells.iter().map(Vec::len).max().unwrap_or(0);
                    for k in 0..depth {
                        let parts: Vec<&str> =
                            cells.iter().map(|c| c.get(k).copied().unwrap_or("")).collect();
                        paras += 1;
                        src.lines
                            .push(Line { text: parts.join("     "), origin: Origin::Para(paras) });
                    }
                }
                "tbl" => {
                    if let Some(mut t) = tables.pop() {
                        done_tables += 1;
                        t.name = format!("bảng {done_tables}");
                        if t.rows.len() > MAX_ROWS {
                            return Err(too_many_rows(shown));
                        }
                        src.tables.push(t);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(src)
}

/// Every sheet of a workbook, numeric cells kept as numbers and date cells marked.
fn read_sheets(bytes: Vec<u8>, shown: &Path) -> Result<Source, Box<Diagnostic>> {
    let mut wb =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| broken(shown, e))?;
    let mut src = Source::default();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(|e| broken(shown, e))?;
        if range.height() > MAX_ROWS {
            return Err(too_many_rows(shown));
        }
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut table = Table { name: name.clone(), rows: Vec::with_capacity(range.height()) };
        for (r, row) in range.rows().enumerate() {
            let cells = row
                .iter()
                .enumerate()
                .map(|(c, d)| {
                    let origin = Origin::Cell {
                        sheet: name.clone(),
                        row: r0 + r as u32,
                        col: c0 + c as u32,
                    };
                    sheet_cell(d, origin)
                })
                .collect();
            table.rows.push(cells);
        }
        src.tables.push(table);
    }
    Ok(src)
}

fn sheet_cell(d: &Data, origin: Origin) -> Cell {
    let (text, number, is_date) = match d {
        Data::Int(i) => (i.to_string(), Some(*i as f64), false),
        Data::Float(f) => (format_float(*f), Some(*f), false),
        Data::String(s) => (crate::vi::nfc(s.trim()), None, false),
        Data::Bool(b) => (b.to_string(), None, false),
        Data::DateTime(dt) => (format_float(dt.as_f64()), Some(dt.as_f64()), true),
        Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), None, false),
        Data::Error(e) => (format!("#{e:?}"), None, false),
        Data::Empty => (String::new(), None, false),
    };
    Cell { text, number, is_date, origin }
}

fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 { format!("{}", f as i64) } else { f.to_string() }
}
