//! Stage 1: bytes → raw records. Each reader turns one source into blocks of raw values
//! (one block per activity), every value with the place it was read from.

pub mod decode;
pub mod delimited;
pub mod fiche;
pub mod layout;
pub mod sections;
pub mod table;

pub use layout::{FicheLayout, Layout, SectionsLayout, TableLayout};

use crate::error::{Error, Result};
use crate::model::Place;
use std::path::Path;

/// One non-empty value as read, before it has a canonical field.
#[derive(Clone, Debug, PartialEq)]
pub struct RawValue {
    /// The source's label: column header, fiche label, heading; empty when none.
    pub label: String,
    /// The label of a sub-row under a section heading: data, such as a recipient's
    /// name or a category of data whose details are the text.
    pub sublabel: Option<String>,
    /// The template option or sub-heading the value stands under (`Destinataires
    /// internes`, `Contrôle d'accès des utilisateurs`): a qualifier, not data.
    pub option: Option<String>,
    /// The value's text as read (continuation lines joined by `\n`).
    pub text: String,
    /// Where it was read.
    pub place: Place,
    /// The row of a nested table the value belongs to (risk tables).
    pub group: Option<usize>,
    /// A copy made by the reader (fill-down, a title's number), not counted as read.
    pub derived: bool,
}

impl RawValue {
    /// A plain labelled value.
    pub fn new(label: impl Into<String>, text: impl Into<String>, place: Place) -> Self {
        RawValue {
            label: label.into(),
            sublabel: None,
            option: None,
            text: text.into(),
            place,
            group: None,
            derived: false,
        }
    }
}

/// The label given to a block's title line.
pub const TITLE_LABEL: &str = "(titre)";
/// The label given to the number picked out of a title line.
pub const REF_LABEL: &str = "(numéro)";

/// The raw values of one activity.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawBlock {
    /// The values, in the source's reading order (a reversed block is put right).
    pub values: Vec<RawValue>,
    /// Whether the reader found the block's rows in reverse order and turned them round.
    pub reversed: bool,
}

/// A value the reader recognised as not data (table of contents, empty template option).
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    /// The value.
    pub value: RawValue,
    /// Why it is not data.
    pub reason: String,
}

/// What a reader made of one source.
#[derive(Clone, Debug, Default)]
pub struct RawDocument {
    /// Values before the first activity: they speak for the whole register.
    pub preamble: Vec<RawValue>,
    /// One block per activity.
    pub blocks: Vec<RawBlock>,
    /// Values the reader set aside, each with its reason.
    pub skipped: Vec<Skipped>,
    /// Every label of the source format (column headers, fiche labels, headings).
    pub labels: Vec<String>,
    /// What the reader detected, for the run's summary.
    pub info: ReadInfo,
}

impl RawDocument {
    /// How many values were read (copies made by the reader not counted).
    pub fn values_read(&self) -> usize {
        let counted = |v: &&RawValue| !v.derived;
        self.preamble.iter().filter(counted).count()
            + self
                .blocks
                .iter()
                .map(|b| b.values.iter().filter(counted).count())
                .sum::<usize>()
            + self.skipped.iter().filter(|s| !s.value.derived).count()
    }
}

/// What a reader detected about a source, reported in the summary.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadInfo {
    /// The text encoding used.
    pub encoding: Option<String>,
    /// The delimiter of a text table.
    pub delimiter: Option<char>,
    /// The sheet of a workbook.
    pub sheet: Option<String>,
    /// The 1-based header row of a table.
    pub header_row: Option<usize>,
    /// Remarks worth showing (a reversed block, a filled-down column).
    pub notes: Vec<String>,
}

/// Tells a reader whether a text is a label of the source format (a heading).
pub type IsLabel<'a> = &'a dyn Fn(&str) -> bool;

/// Reads one file with a layout.
pub fn read_file(path: &Path, layout: &Layout, is_label: IsLabel) -> Result<RawDocument> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    read_bytes(path, &bytes, layout, is_label)
}

/// Reads the bytes of one source with a layout; `path` names it in messages.
pub fn read_bytes(
    path: &Path,
    bytes: &[u8],
    layout: &Layout,
    is_label: IsLabel,
) -> Result<RawDocument> {
    if decode::sniff_binary(bytes).is_some() {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            message: format!(
                "this is a {} file; workbooks are not read yet. Save the sheet as \"Texte Unicode\" or CSV and ingest that.",
                decode::sniff_binary(bytes).unwrap_or("binary")
            ),
        });
    }
    let decoded = decode::decode(bytes);
    if decoded.text.trim().is_empty() {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut doc = match layout {
        Layout::Table(t) => {
            let (grid, delimiter) = delimited::parse(path, &decoded.text, t.delimiter)?;
            let mut doc = table::read_grid(path, &grid, None, t, is_label)?;
            doc.info.delimiter = Some(delimiter);
            doc
        }
        Layout::Fiche(f) => fiche::read(path, &decoded.text, f, is_label)?,
        Layout::Sections(s) => sections::read(path, &decoded.text, s, is_label)?,
    };
    doc.info.encoding = Some(decoded.encoding.to_string());
    Ok(doc)
}

/// Splits text into 1-based numbered lines, without their line ends.
pub(crate) fn numbered_lines(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
        .collect()
}
