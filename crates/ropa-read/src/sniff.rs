//! What a file really is, from its bytes: a workbook, text, or something to refuse with a
//! message that names it. A zip is told by the entries of its central directory, an OLE
//! file (Office 97–2003) by the streams at its root. The file's ending is only a hint;
//! clients rename files.

use std::io::{Cursor, Read};

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
    /// JSON data of a RoPA tool.
    Json,
    /// YAML data of a RoPA tool.
    Yaml,
}

impl DocumentKind {
    /// The name users know the format by.
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Docx => "docx",
            DocumentKind::Odt => "odt",
            DocumentKind::Html => "html",
            DocumentKind::Markdown => "markdown",
            DocumentKind::Json => "json",
            DocumentKind::Yaml => "yaml",
        }
    }
}

/// Whether a text file is JSON: named `.json`, or a `.txt` or extension-less file that
/// opens with `{` or `[` and parses as JSON (`[Confidentiel] Registre…` is text).
pub fn is_json(path: &std::path::Path, bytes: &[u8]) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext == "json" {
        return true;
    }
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    matches!(ext.as_str(), "" | "txt")
        && (text.starts_with('{') || text.starts_with('['))
        && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

/// Whether a text file is YAML: named `.yaml` or `.yml`.
pub fn is_yaml(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
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
        return sniff_ole(bytes);
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

/// What an OLE compound file (Office 97–2003) holds, told by the streams at its root; by
/// the stream names found in its bytes only when its directory cannot be read.
fn sniff_ole(bytes: &[u8]) -> Format {
    let Ok(comp) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return ole_format(|name| contains(bytes, &utf16(name)));
    };
    let root = |name: &str| comp.is_stream(format!("/{name}"));
    // only the root counts: an .xls may embed a Word document in a storage of its own
    if !root("EncryptedPackage") && (root("Workbook") || root("Book")) {
        return Format::Workbook(WorkbookKind::Xls);
    }
    ole_format(root)
}

/// The kind of an OLE compound file, from whether it holds a stream: an encrypted Office
/// file is refused for its password, a Word document for its format, the rest is an .xls.
fn ole_format(holds: impl Fn(&str) -> bool) -> Format {
    if holds("EncryptedPackage") {
        Format::Refused(
            "this workbook is protected by a password, so it cannot be read. Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, empty the field), save, and ingest it again.".into(),
        )
    } else if holds("WordDocument") {
        Format::Refused(
            "this is a Word 97–2003 document (.doc), which ropa does not read. Open it in Word or LibreOffice and save it as .docx (File > Save As > Word Document), then ingest that.".into(),
        )
    } else {
        Format::Workbook(WorkbookKind::Xls)
    }
}

/// OpenDocument's media type of a spreadsheet (a template's starts with it).
const ODS_MIME: &str = "application/vnd.oasis.opendocument.spreadsheet";
/// OpenDocument's media type of a text (a template's starts with it).
const ODT_MIME: &str = "application/vnd.oasis.opendocument.text";

/// What a zip holds, told by the entries of its central directory; by the names found in
/// its bytes only when the zip crate cannot open it.
fn sniff_zip(bytes: &[u8]) -> Format {
    // a whole zip ends with its central directory; a cut download does not
    let tail = &bytes[bytes.len().saturating_sub(66_000)..];
    if !contains(tail, b"PK\x05\x06") {
        return Format::Refused(
            "this zip file (a workbook, or a Word or OpenDocument document) is truncated or damaged: it lacks its table of contents. Download or copy it again, or open it in Excel, Word or LibreOffice and save it again.".into(),
        );
    }
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return zip_format(
            |name| contains(bytes, name.as_bytes()),
            |mime| contains(bytes, mime.as_bytes()),
        );
    };
    let mimetype = mimetype(&mut zip);
    zip_format(
        |name| zip.index_for_name(name).is_some(),
        |mime| mimetype.starts_with(mime.as_bytes()),
    )
}

/// The `mimetype` entry of an OpenDocument zip, stored or deflated (at most 100 bytes
/// read), trimmed; empty when there is none.
fn mimetype(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Vec<u8> {
    let mut out = Vec::new();
    if let Ok(part) = zip.by_name("mimetype")
        && part.take(100).read_to_end(&mut out).is_err()
    {
        out.clear();
    }
    out.trim_ascii().to_vec()
}

/// The kind of a zip, from whether it holds an entry and whether its media type is
/// OpenDocument's: the workbooks first, then the documents.
fn zip_format(holds: impl Fn(&str) -> bool, media_type: impl Fn(&str) -> bool) -> Format {
    if holds("xl/workbook.xml") {
        Format::Workbook(WorkbookKind::Xlsx)
    } else if holds("xl/workbook.bin") {
        Format::Workbook(WorkbookKind::Xlsb)
    } else if media_type(ODS_MIME) {
        Format::Workbook(WorkbookKind::Ods)
    } else if holds("word/document.xml") {
        Format::Document(DocumentKind::Docx)
    } else if media_type(ODT_MIME) {
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

    /// A zip of stored (uncompressed) parts, named and with their texts.
    fn stored_zip(parts: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            zip.start_file(*name, opts).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// A zip is told by its entries: a part's name written in another part's text (here
    /// stored, so in clear among the zip's bytes) does not make it that part.
    #[test]
    fn a_zip_is_told_by_its_entries_not_by_its_bytes() {
        let mention = "see xl/workbook.xml, xl/workbook.bin and word/document.xml; application/vnd.oasis.opendocument.spreadsheet";
        let notes = stored_zip(&[("notes.txt", mention)]);
        assert!(contains(&notes, b"xl/workbook.xml"), "the name is in clear");
        assert!(
            matches!(sniff(&notes), Format::Refused(m) if m.contains("holds no workbook")),
            "{:?}",
            sniff(&notes)
        );
        let odt = stored_zip(&[
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", mention),
        ]);
        assert_eq!(sniff(&odt), Format::Document(DocumentKind::Odt));
        let docx = stored_zip(&[("word/document.xml", mention)]);
        assert_eq!(sniff(&docx), Format::Document(DocumentKind::Docx));
        let xlsx = stored_zip(&[("xl/workbook.xml", "<workbook/>")]);
        assert_eq!(sniff(&xlsx), Format::Workbook(WorkbookKind::Xlsx));
        let template = stored_zip(&[(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet-template",
        )]);
        assert_eq!(sniff(&template), Format::Workbook(WorkbookKind::Ods));
        // cut short, it has no central directory: refused as truncated, as before
        let cut = &xlsx[..xlsx.len() / 2];
        assert!(matches!(sniff(cut), Format::Refused(m) if m.contains("truncated")));
    }

    /// An OLE compound file made of streams (path, content).
    fn ole_file(streams: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut comp = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        for (path, data) in streams {
            if let Some((storage, _)) = path.rsplit_once('/')
                && !storage.is_empty()
            {
                comp.create_storage_all(storage).unwrap();
            }
            comp.create_stream(path).unwrap().write_all(data).unwrap();
        }
        comp.flush().unwrap();
        comp.into_inner().into_inner()
    }

    /// An OLE file is told by the streams at its root: a Word document embedded in a
    /// workbook, or a stream's name written in its data, does not make it one.
    #[test]
    fn an_ole_file_is_told_by_its_root_streams() {
        let embedded = ole_file(&[
            ("/Workbook", b"BIFF"),
            ("/MBD0001/WordDocument", b"embedded"),
        ]);
        assert!(contains(&embedded, &utf16("WordDocument")));
        assert_eq!(sniff(&embedded), Format::Workbook(WorkbookKind::Xls));
        let said = ole_file(&[("/Workbook", &utf16("EncryptedPackage"))]);
        assert_eq!(sniff(&said), Format::Workbook(WorkbookKind::Xls));
        let book = ole_file(&[("/Book", b"BIFF5")]);
        assert_eq!(sniff(&book), Format::Workbook(WorkbookKind::Xls));
        let doc = ole_file(&[("/WordDocument", b"text"), ("/1Table", b"")]);
        assert!(matches!(sniff(&doc), Format::Refused(m) if m.contains(".doc")));
        let encrypted = ole_file(&[("/EncryptionInfo", b""), ("/EncryptedPackage", b"x")]);
        assert!(matches!(sniff(&encrypted), Format::Refused(m) if m.contains("password")));
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

#[cfg(test)]
mod json_tests {
    use std::path::Path;

    /// A text that opens with a bracket is JSON only when it parses as JSON.
    #[test]
    fn a_bracketed_title_is_text_not_json() {
        let is = |name: &str, text: &str| super::is_json(Path::new(name), text.as_bytes());
        assert!(!is(
            "registre.txt",
            "[Confidentiel] Registre des traitements\nFinalité : paie\n"
        ));
        assert!(!is("registre", "{brouillon} Registre\n"));
        assert!(is("export.txt", "{\"traitements\": []}"));
        assert!(is(
            "export.json",
            "not even JSON: the name says it, the reader will say why"
        ));
    }
}
