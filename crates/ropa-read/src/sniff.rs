//! What a file really is, from its bytes: a workbook, text, or something to refuse with a
//! message that names it. The file's ending is only a hint; clients rename files.

/// The workbook formats calamine reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkbookKind {
    /// Office Open XML (`.xlsx`, `.xlsm`).
    Xlsx,
    /// Excel binary workbook (`.xlsb`).
    Xlsb,
    /// Excel 97–2003 (`.xls`).
    Xls,
    /// OpenDocument spreadsheet (`.ods`).
    Ods,
}

impl WorkbookKind {
    /// The name users know the format by.
    pub fn name(self) -> &'static str {
        match self {
            WorkbookKind::Xlsx => "xlsx",
            WorkbookKind::Xlsb => "xlsb",
            WorkbookKind::Xls => "xls",
            WorkbookKind::Ods => "ods",
        }
    }
}

/// The document formats read as blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    /// Word (`.docx`).
    Docx,
    /// OpenDocument text (`.odt`).
    Odt,
    /// A web page.
    Html,
    /// Markdown.
    Markdown,
}

impl DocumentKind {
    /// The name users know the format by.
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Docx => "docx",
            DocumentKind::Odt => "odt",
            DocumentKind::Html => "html",
            DocumentKind::Markdown => "markdown",
        }
    }
}

/// Whether a text file is Markdown: named `.md` / `.markdown`, or holding ATX headings
/// (`## `) on two lines or more with no tab-separated lines.
pub fn is_markdown(path: &std::path::Path, bytes: &[u8]) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if matches!(ext.as_str(), "md" | "markdown") {
        return true;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64 << 10)]);
    let headings = head
        .lines()
        .filter(|l| {
            let t = l.trim_start_matches('#');
            l.starts_with('#') && l.len() - t.len() <= 6 && t.starts_with(' ')
        })
        .count();
    headings >= 2 && !head.contains('\t')
}

/// What the bytes of a file are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Format {
    /// Text (delimited or a document exported as text).
    Text,
    /// A workbook.
    Workbook(WorkbookKind),
    /// A document read as blocks.
    Document(DocumentKind),
    /// Not something a register can be read from: what it is and what to do instead.
    Refused(String),
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// `name` as UTF-16 LE, the way OLE directories store stream names.
fn utf16(name: &str) -> Vec<u8> {
    name.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// Tells what the bytes of a file are.
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return if contains(bytes, &utf16("EncryptedPackage")) {
            Format::Refused(
                "this workbook is protected by a password, so it cannot be read. Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, empty the field), save, and ingest it again.".into(),
            )
        } else if contains(bytes, &utf16("WordDocument")) {
            Format::Refused(
                "this is a Word 97–2003 document (.doc), which ropa does not read. Open it in Word or LibreOffice and save it as .docx (File > Save As > Word Document), then ingest that.".into(),
            )
        } else {
            Format::Workbook(WorkbookKind::Xls)
        };
    }
    if bytes.starts_with(b"%PDF") {
        return Format::Refused(
            "this is a PDF, which keeps no table structure to read. Ask the client for the Excel or Word original, or export the PDF's tables to Excel and ingest that.".into(),
        );
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<table")
    {
        return Format::Document(DocumentKind::Html);
    }
    if head.starts_with("<?xml") && head.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        return Format::Refused(
            "this is an \"XML Spreadsheet 2003\" file. Open it in Excel or LibreOffice and save it as .xlsx, then ingest that.".into(),
        );
    }
    if looks_binary(bytes) {
        return Format::Refused(
            "this file holds binary data, neither text nor a workbook ropa knows. Check that it is the register you meant; export it again as .xlsx, .csv or .txt.".into(),
        );
    }
    Format::Text
}

/// Many control bytes, and not the zero bytes of UTF-16 text: not text.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(4096)];
    if sample.is_empty() || sample.starts_with(&[0xFF, 0xFE]) || sample.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let utf16 = super::decode::utf16_without_bom(sample).is_some();
    let control = sample
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    !utf16 && control * 10 > sample.len()
}

/// A zip is a workbook when it holds one; its file names are stored in clear.
/// The `mimetype` of an OpenDocument zip that compressed it (at most 100 bytes read).
fn deflated_mimetype(bytes: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    if !contains(bytes, b"mimetype") {
        return None;
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let part = zip.by_name("mimetype").ok()?;
    let mut out = Vec::new();
    part.take(100).read_to_end(&mut out).ok()?;
    Some(out.trim_ascii().to_vec())
}

fn sniff_zip(bytes: &[u8]) -> Format {
    // a whole zip ends with its central directory; a cut download does not
    let tail = &bytes[bytes.len().saturating_sub(66_000)..];
    if !contains(tail, b"PK\x05\x06") {
        return Format::Refused(
            "this zip file (a workbook, or a Word or OpenDocument document) is truncated or damaged: it lacks its table of contents. Download or copy it again, or open it in Excel, Word or LibreOffice and save it again.".into(),
        );
    }
    // OpenDocument stores its `mimetype` first and uncompressed; a zip made by a script
    // may deflate it, so then it is read from the archive
    let mimetype = deflated_mimetype(bytes);
    let holds = |what: &[u8]| contains(bytes, what) || mimetype.as_deref() == Some(what);
    if contains(bytes, b"xl/workbook.xml") {
        Format::Workbook(WorkbookKind::Xlsx)
    } else if contains(bytes, b"xl/workbook.bin") {
        Format::Workbook(WorkbookKind::Xlsb)
    } else if holds(b"application/vnd.oasis.opendocument.spreadsheet") {
        Format::Workbook(WorkbookKind::Ods)
    } else if contains(bytes, b"word/document.xml") {
        Format::Document(DocumentKind::Docx)
    } else if holds(b"application/vnd.oasis.opendocument.text") {
        Format::Document(DocumentKind::Odt)
    } else {
        Format::Refused(
            "this is a zip archive that holds no workbook. Unzip it and ingest the files inside."
                .into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip made by a script may deflate OpenDocument's `mimetype`: read from the
    /// archive, it still tells a spreadsheet from a text document.
    #[test]
    fn a_deflated_mimetype_still_names_the_document() {
        use std::io::Write;
        for (mime, want) in [
            (
                "application/vnd.oasis.opendocument.spreadsheet",
                Format::Workbook(WorkbookKind::Ods),
            ),
            (
                "application/vnd.oasis.opendocument.text",
                Format::Document(DocumentKind::Odt),
            ),
        ] {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            zip.start_file("mimetype", zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(mime.as_bytes()).unwrap();
            zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(b"<office:document-content/>").unwrap();
            let bytes = zip.finish().unwrap().into_inner();
            assert!(!contains(&bytes, mime.as_bytes()), "stored in clear");
            assert_eq!(sniff(&bytes), want, "{mime}");
        }
    }

    #[test]
    fn names_what_a_file_is() {
        assert_eq!(sniff(b"a\tb\n1\t2\n"), Format::Text);
        assert_eq!(
            sniff(b"PK\x03\x04....[Content_Types].xml....xl/workbook.xml....PK\x05\x06"),
            Format::Workbook(WorkbookKind::Xlsx)
        );
        assert_eq!(
            sniff(b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK\x05\x06"),
            Format::Workbook(WorkbookKind::Ods)
        );
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend(utf16("Workbook"));
        assert_eq!(sniff(&ole), Format::Workbook(WorkbookKind::Xls));
        ole.extend(utf16("EncryptedPackage"));
        assert!(matches!(sniff(&ole), Format::Refused(m) if m.contains("password")));
        assert_eq!(
            sniff(b"\xEF\xBB\xBF <html><body>"),
            Format::Document(DocumentKind::Html)
        );
        assert_eq!(
            sniff(b"PK\x03\x04word/document.xml..PK\x05\x06"),
            Format::Document(DocumentKind::Docx)
        );
        assert!(
            matches!(sniff(b"PK\x03\x04xl/workbook.xml (cut)"), Format::Refused(m) if m.contains("truncated"))
        );
        let noise: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(matches!(sniff(&noise), Format::Refused(m) if m.contains("binary")));
        assert!(matches!(sniff(b"%PDF-1.7"), Format::Refused(m) if m.contains("PDF")));
    }
}
