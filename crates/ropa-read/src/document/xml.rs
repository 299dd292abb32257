//! What the zipped XML documents (Word's docx, OpenDocument's odt) share: their parts
//! read out of the zip within a size limit, and the small XML helpers of both readers.

use ropa_model::error::{Error, Result};
use std::io::Read;
use std::path::Path;

/// The most one part of a zipped document may expand to (256 MiB).
const MAX_PART: u64 = 256 << 20;

/// The text of the named parts of a zip (None for a part that is absent).
pub(crate) fn zip_parts(path: &Path, bytes: &[u8], names: &[&str]) -> Result<Vec<Option<String>>> {
    let damaged = |e: &dyn std::fmt::Display| Error::Unsupported {
        path: path.to_path_buf(),
        message: format!(
            "this document cannot be opened ({e}). The file may be truncated or damaged: download it again, or open it in Word or LibreOffice and save it again."
        ),
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    let mut out = Vec::new();
    for name in names {
        let Ok(entry) = zip.by_name(name) else {
            out.push(None);
            continue;
        };
        if entry.size() > MAX_PART {
            return Err(Error::Unsupported {
                path: path.to_path_buf(),
                message: format!(
                    "the part {name} of this document would expand to {} MiB, more than the {} MiB ropa reads (a damaged file or a zip bomb). Open it in Word or LibreOffice and save a copy with only the register.",
                    entry.size() >> 20,
                    MAX_PART >> 20
                ),
            });
        }
        let mut text = String::new();
        entry
            .take(MAX_PART)
            .read_to_string(&mut text)
            .map_err(|e| damaged(&e))?;
        out.push(Some(text));
    }
    Ok(out)
}

/// The text of an entity or character reference (`&amp;`, `&#233;`).
pub(crate) fn resolve_ref(r: &quick_xml::events::BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.as_ref().to_string();
    quick_xml::escape::resolve_xml_entity(&name)
        .map(str::to_string)
        .unwrap_or_else(|| format!("&{name};"))
}

/// The local name of an XML element or attribute (`w:p` → `p`).
pub(crate) fn xml_local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The value of an element's attribute, by local name.
pub(crate) fn xml_attr(e: &quick_xml::events::BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (xml_local(a.key.as_ref()) == key).then(|| a.value.clone().into_owned()))
}
