//! Stage 1: bytes → raw records. Each reader turns one source into blocks of raw values
//! (one block per activity), every value with the place it was read from.

pub mod decode;
pub mod delimited;
pub mod document;
pub mod fiche;
mod joined;
pub mod language;
pub mod layout;
pub mod prose;
pub mod sections;
pub mod shapes;
pub mod sniff;
pub mod table;
pub mod workbook;

pub use layout::{DocumentLayout, FicheLayout, Layout, SectionsLayout, TableLayout};
pub use shapes::{FieldOf, Shape};

use ropa_model::error::{Error, Result};
use ropa_model::{Place, Said, Why};
use std::path::Path;

/// One non-empty value as read, before it has a canonical field.
#[derive(Clone, Debug, PartialEq)]
pub struct RawValue {
    /// The source's label: column header, fiche label, heading; empty when none.
    pub label: ropa_model::Label,
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
    /// Set for a value found outside the activities, after the first one (an annex, a
    /// procedure, a note row): the section it stands in. It speaks for the register
    /// only through register-level fields (controller, DPO); anything else is `extra`.
    pub aside: Option<String>,
}

impl RawValue {
    /// A plain labelled value.
    pub fn new(label: impl Into<ropa_model::Label>, text: impl Into<String>, place: Place) -> Self {
        RawValue {
            label: label.into(),
            sublabel: None,
            option: None,
            text: text.into(),
            place,
            group: None,
            derived: false,
            aside: None,
        }
    }
}

/// The label given to a block's title line.
pub const TITLE_LABEL: &str = "(titre)";
/// The label given to the number picked out of a title line.
pub const REF_LABEL: &str = "(numéro)";
/// The label given to the role a part of the register states (« as a processor »).
pub const ROLE_LABEL: &str = "(partie du registre)";
/// The label given to a title line above the activities that says who the organisation
/// is and where (« Zahnarztpraxis … – Am Sandtor 7, 21335 Lüneburg – Tel. … »): the
/// controller's, when nothing else gives its address or contact.
pub const ORGANISATION_LABEL: &str = "(ligne de l'organisme)";

/// Where a row of a table of activities that is no activity (a note, a banner) stands:
/// its values speak for the register, marked aside with this section.
pub const NOT_AN_ACTIVITY_ROW: &str = "ligne du tableau qui n'est pas une activité";
/// The label given to a section's title when the section names itself elsewhere.
pub const SECTION_TITLE_LABEL: &str = "(titre de la section)";

/// The reader's own words (its labels for unlabelled values, the sections it sets aside),
/// French in the model, with their English: the writers say them in the run's language.
const READER_WORDS: &[(&str, &str)] = &[
    (TITLE_LABEL, "(title)"),
    (REF_LABEL, "(number)"),
    (ROLE_LABEL, "(part of the register)"),
    (ORGANISATION_LABEL, "(organisation line)"),
    (SECTION_TITLE_LABEL, "(section title)"),
    (NOT_AN_ACTIVITY_ROW, "table row that is no activity"),
];

/// A label or a section the reader wrote, in the run's language; any other text (the
/// client's own label) as it is. A sheet set aside (« feuille « X » ») is said as a place.
pub fn reader_words_in(text: &str, lang: ropa_model::Lang) -> std::borrow::Cow<'_, str> {
    if lang == ropa_model::Lang::Fr {
        return std::borrow::Cow::Borrowed(text);
    }
    match READER_WORDS.iter().find(|(fr, _)| *fr == text) {
        Some((_, en)) => std::borrow::Cow::Borrowed(en),
        // a sheet set aside is written as its place is (« feuille « X » »)
        None if text.starts_with("feuille « ") => ropa_model::place::place_in(text, lang),
        None => std::borrow::Cow::Borrowed(text),
    }
}

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
    pub reason: Said,
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
    /// Applies `f` to every value (preamble, blocks, set aside).
    pub fn for_each_value(&mut self, mut f: impl FnMut(&mut RawValue)) {
        self.preamble.iter_mut().for_each(&mut f);
        for b in &mut self.blocks {
            b.values.iter_mut().for_each(&mut f);
        }
        self.skipped.iter_mut().for_each(|s| f(&mut s.value));
    }

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
    pub notes: Vec<Said>,
    /// The shape a document's activities were found in.
    pub shape: Option<Shape>,
    /// The language the source is written in, when its words tell it clearly.
    pub language: Option<language::Language>,
    /// Set for a plain-text file read line by line (fiche, sections): such files are
    /// often Markdown written out, whose emphasis (`**Finalité**`) is no text.
    pub plain_text: bool,
}

/// Tells a reader whether a text is a label of the source format (a heading).
pub type IsLabel<'a> = &'a (dyn Fn(&str) -> bool + Sync);

/// A file opened for what its bytes are, before any layout is applied.
pub enum Source {
    /// Decoded text.
    Text(decode::Decoded),
    /// The sheets of a workbook.
    Workbook {
        /// Its format.
        kind: sniff::WorkbookKind,
        /// Its sheets, in workbook order.
        sheets: Vec<workbook::Sheet>,
    },
    /// A word-processor document, a web page or Markdown, as blocks.
    Document {
        /// Its format.
        kind: sniff::DocumentKind,
        /// Its blocks.
        doc: document::Document,
    },
}

/// How many lines or rows of a file are read to choose or draft its mapping: a table's
/// header and a document's first labels are there.
pub const PROBE_ROWS: usize = 400;

impl Source {
    /// Whether the source has more than `rows` lines, rows or blocks: whether
    /// [`Source::head`] of that many would leave any out.
    pub fn longer_than(&self, rows: usize) -> bool {
        match self {
            Source::Text(d) => d.text.lines().nth(rows).is_some(),
            Source::Workbook { sheets, .. } => sheets.iter().any(|s| s.grid.rows.len() > rows),
            Source::Document { doc, .. } => doc.blocks.len() > rows,
        }
    }

    /// The first `rows` lines or rows of the source: enough to tell its labels, cheap to
    /// read with every candidate mapping.
    pub fn head(&self, rows: usize) -> Source {
        match self {
            Source::Text(d) => {
                let mut text: String = d.text.lines().take(rows).collect::<Vec<_>>().join("\n");
                text.push('\n');
                Source::Text(decode::Decoded {
                    text,
                    encoding: d.encoding,
                    replaced: d.replaced,
                    repaired: 0,
                })
            }
            Source::Workbook { kind, sheets } => Source::Workbook {
                kind: *kind,
                sheets: sheets
                    .iter()
                    .map(|s| {
                        let mut s = s.clone();
                        s.grid.rows.truncate(rows);
                        s
                    })
                    .collect(),
            },
            Source::Document { kind, doc } => Source::Document {
                kind: *kind,
                doc: document::Document {
                    blocks: doc.blocks.iter().take(rows).cloned().collect(),
                    overflowed: doc.overflowed,
                    repaired: doc.repaired,
                },
            },
        }
    }
}

/// Reads a file from disk and opens it for what it is (see [`open`]).
pub fn open_file(path: &Path, encoding: Option<&str>) -> Result<Source> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    open(path, &bytes, encoding)
}

/// A text document read from its decoded bytes, with how many characters the decoding
/// mended (a UTF-8 text saved twice), for the note that says so.
fn decoded(bytes: &[u8], read: fn(&str) -> document::Document) -> document::Document {
    let d = decode::decode_as(bytes, None);
    let mut doc = read(&d.text);
    doc.repaired = d.repaired;
    doc
}

/// A document read whole, or the error of one its reader stopped at [`document::MAX_BLOCKS`].
fn whole(path: &Path, doc: document::Document) -> Result<document::Document> {
    if doc.overflowed {
        Err(document::too_many_blocks(path))
    } else {
        Ok(doc)
    }
}

/// Opens a file's bytes as a workbook or as text, whatever its name says; `encoding`
/// overrides the guess for text.
pub fn open(path: &Path, bytes: &[u8], encoding: Option<&str>) -> Result<Source> {
    let source = match sniff::sniff(bytes) {
        sniff::Format::Refused(message) => {
            return Err(Error::Unsupported {
                path: path.to_path_buf(),
                message,
            });
        }
        sniff::Format::Workbook(kind) => Source::Workbook {
            kind,
            sheets: workbook::sheets(path, bytes, kind)?,
        },
        sniff::Format::Document(kind) => Source::Document {
            kind,
            doc: match kind {
                sniff::DocumentKind::Docx => document::docx::read(path, bytes)?,
                sniff::DocumentKind::Odt => document::odt::read(path, bytes)?,
                sniff::DocumentKind::Html => whole(path, decoded(bytes, document::html::read))?,
                sniff::DocumentKind::Markdown => {
                    whole(path, decoded(bytes, document::markdown::read))?
                }
                sniff::DocumentKind::Json => json_document(path, bytes)?,
                sniff::DocumentKind::Yaml => yaml_document(path, bytes)?,
            },
        },
        sniff::Format::Text if sniff::is_yaml(path) => Source::Document {
            kind: sniff::DocumentKind::Yaml,
            doc: yaml_document(path, bytes)?,
        },
        sniff::Format::Text if sniff::is_json(path, bytes) => Source::Document {
            kind: sniff::DocumentKind::Json,
            doc: json_document(path, bytes)?,
        },
        sniff::Format::Text if sniff::is_markdown(path, bytes) => Source::Document {
            kind: sniff::DocumentKind::Markdown,
            doc: decoded(bytes, document::markdown::read),
        },
        sniff::Format::Text => {
            let forced = match encoding {
                Some(label) => Some(decode::encoding_for(label).ok_or_else(|| {
                    Error::Unsupported {
                        path: path.to_path_buf(),
                        message: format!(
                            "`{label}` is not an encoding name; use one such as UTF-8, UTF-16LE, windows-1252 or ISO-8859-15."
                        ),
                    }
                })?),
                None => None,
            };
            Source::Text(decode::decode_as(bytes, forced))
        }
    };
    let empty = match &source {
        Source::Text(d) => d.text.trim().is_empty(),
        Source::Workbook { sheets, .. } => sheets.iter().all(|s| s.grid.rows.is_empty()),
        Source::Document { doc, .. } => doc.blocks.is_empty(),
    };
    if empty {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(source)
}

/// A JSON document's blocks, or the error that names the line and column where it is
/// not JSON.
fn json_document(path: &Path, bytes: &[u8]) -> Result<document::Document> {
    within_tree_limit(path, bytes, "JSON")?;
    document::json::read(&decode::decode_as(bytes, None).text).map_err(|e| Error::Unsupported {
        path: path.to_path_buf(),
        message: format!(
            "this file is not valid JSON at line {}, column {} ({e}). Open it in a text editor and correct it there, or export it again from its tool.",
            e.line(),
            e.column()
        ),
    })
}

/// Refuses a JSON or YAML file larger than the reader parses whole: its tree takes
/// several times its size in memory.
fn within_tree_limit(path: &Path, bytes: &[u8], format: &str) -> Result<()> {
    if bytes.len() > document::json::MAX_BYTES {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            message: format!(
                "this {format} file is {} MiB, more than the {} MiB ropa reads as {format} (a {format} tree takes several times its size in memory). Export the register in parts, or as CSV.",
                bytes.len() >> 20,
                document::json::MAX_BYTES >> 20
            ),
        });
    }
    Ok(())
}

/// A YAML document's blocks, with the limits of JSON, or the error that names where it
/// is not YAML.
fn yaml_document(path: &Path, bytes: &[u8]) -> Result<document::Document> {
    within_tree_limit(path, bytes, "YAML")?;
    document::json::read_yaml(&decode::decode_as(bytes, None).text).map_err(|e| {
        let at = e
            .location()
            .map(|l| format!(" at line {}, column {}", l.line(), l.column()))
            .unwrap_or_default();
        Error::Unsupported {
            path: path.to_path_buf(),
            message: format!(
                "this file is not YAML ropa can read{at} ({e}). Open it in a text editor and correct it there, or export it again from its tool."
            ),
        }
    })
}

/// Reads the bytes of one source with a layout; `path` names it in messages.
pub fn read_bytes(
    path: &Path,
    bytes: &[u8],
    layout: &Layout,
    is_label: IsLabel,
    field_of: FieldOf,
) -> Result<RawDocument> {
    read_source(path, &open(path, bytes, None)?, layout, is_label, field_of)
}

/// Applies a layout to an opened source.
pub fn read_source(
    path: &Path,
    source: &Source,
    layout: &Layout,
    is_label: IsLabel,
    field_of: FieldOf,
) -> Result<RawDocument> {
    let labels = shapes::Labels::new(is_label, field_of);
    let mut raw = read_source_as(path, source, layout, &labels)?;
    shapes::split_inline_pairs(&mut raw, &labels);
    shapes::organisation_line(&mut raw, &labels);
    Ok(raw)
}

fn read_source_as(
    path: &Path,
    source: &Source,
    layout: &Layout,
    labels: &shapes::Labels,
) -> Result<RawDocument> {
    let is_label = labels.is_label;
    match source {
        Source::Document { kind, doc } => {
            let repaired = doc.repaired;
            let mut raw = match layout {
                Layout::Document(d) => read_blocks(path, doc, d.shape, labels)?,
                Layout::Table(_) => read_blocks(path, doc, Some(Shape::Table), labels)?,
                _ => read_document(path, &doc.text(), layout, is_label)?,
            };
            raw.info.notes.insert(
                0,
                Said::Format {
                    kind: kind.name().to_string(),
                    workbook: false,
                },
            );
            if repaired > 0 {
                raw.info.notes.push(Said::DoubleEncoded(repaired));
            }
            Ok(raw)
        }
        Source::Text(decoded) => {
            if let Layout::Document(d) = layout {
                // a CSV that is no table (blocks of `label;value` rows under banner
                // rows): its rows read as the lines of a text, each cell's place kept
                let grid = stacked_rows(path, &decoded.text)?;
                let mut raw = match &grid {
                    Some(grid) => {
                        let blocks = document::plain::read(&sheet_text(grid));
                        let mut raw = read_blocks(path, &blocks, d.shape, labels)?;
                        raw.for_each_value(|v| v.place = cell_of_line(grid, &v.place, &v.text));
                        raw
                    }
                    None => {
                        read_blocks(path, &document::plain::read(&decoded.text), d.shape, labels)?
                    }
                };
                raw.info.encoding = Some(decoded.encoding.to_string());
                return Ok(raw);
            }
            let mut doc = match layout {
                Layout::Table(t) => {
                    let (rows, delimiter) = delimited::parse(path, &decoded.text, t.delimiter)?;
                    let mut doc =
                        table::read_grid(path, &table::Grid::from_rows(rows), t, is_label)?;
                    doc.info.delimiter = Some(delimiter);
                    doc
                }
                _ => {
                    let mut doc = read_document(path, &decoded.text, layout, is_label)?;
                    doc.info.plain_text = true;
                    doc
                }
            };
            doc.info.encoding = Some(decoded.encoding.to_string());
            if decoded.replaced > 0 {
                doc.info.notes.push(Said::InvalidBytes(decoded.replaced));
            }
            if decoded.repaired > 0 {
                doc.info.notes.push(Said::DoubleEncoded(decoded.repaired));
            }
            Ok(doc)
        }
        Source::Workbook { kind, sheets } => {
            let mut doc = match fiche_sheets(sheets, layout, labels) {
                Some(doc) => doc,
                None => read_sheets(path, sheets, layout, labels)?,
            };
            doc.info.notes.insert(
                0,
                Said::Format {
                    kind: kind.name().to_string(),
                    workbook: true,
                },
            );
            Ok(doc)
        }
    }
}

/// The error of a document in which no shape finds an activity.
fn no_activity(path: &Path) -> Error {
    Error::NoBlocks {
        path: path.to_path_buf(),
        hint: "no heading, table or label | value table carries a purpose and two other fields of Article 30. Check that this is a register, or write a mapping that pins its labels (`ropa suggest`).".into(),
    }
}

/// Reads the blocks of a document with a shape, or the best shape.
fn read_blocks(
    path: &Path,
    doc: &document::Document,
    shape: Option<Shape>,
    labels: &shapes::Labels,
) -> Result<RawDocument> {
    // a generating tool's wrapper around every answer, and its sentence for none
    let unwrapped = prose::unwrap(doc, labels);
    let (doc, notes) = match unwrapped {
        Some((d, notes)) => (std::borrow::Cow::Owned(d), notes),
        None => (std::borrow::Cow::Borrowed(doc), Vec::new()),
    };
    let found = shapes::read(&doc, shape, labels).ok_or_else(|| no_activity(path))?;
    let mut raw = found.doc;
    let chosen = raw.blocks.len();
    raw.info.notes.extend(notes);
    raw.info.notes.push(Said::Layout {
        shape: found.shape.name().to_string(),
        why: found.why,
    });
    if let Some((other, activities, fields)) = found.runner_up {
        raw.info.notes.push(Said::RunnerUp {
            shape: other.name().to_string(),
            activities,
            fields,
            fewer_activities: activities < chosen,
        });
    }
    raw.info.shape = Some(found.shape);
    Ok(raw)
}

/// Reads text with a document layout (fiche or sections).
fn read_document(
    path: &Path,
    text: &str,
    layout: &Layout,
    is_label: IsLabel,
) -> Result<RawDocument> {
    match layout {
        Layout::Fiche(f) => fiche::read(path, text, f, is_label),
        Layout::Sections(s) => sections::read(path, text, s, is_label),
        Layout::Document(d) => {
            let Some(found) = shapes::read(
                &document::plain::read(text),
                d.shape,
                &shapes::Labels::new(is_label, &|_| None),
            ) else {
                return Err(no_activity(path));
            };
            Ok(found.doc)
        }
        Layout::Table(t) => {
            let (rows, _) = delimited::parse(path, text, t.delimiter)?;
            table::read_grid(path, &table::Grid::from_rows(rows), t, is_label)
        }
    }
}

/// Reads the sheet that holds the register; the other sheets' cells are kept aside
/// (visible ones as unlabelled values of the register, hidden ones as ignored).
fn read_sheets(
    path: &Path,
    sheets: &[workbook::Sheet],
    layout: &Layout,
    labels: &shapes::Labels,
) -> Result<RawDocument> {
    let is_label = labels.is_label;
    let mut chosen = choose_sheet(path, sheets, layout, is_label)?;
    // a tool's export that splits each activity across sheets joined by a key column
    let plan = match layout {
        Layout::Table(t) if !t.sheet_alone => {
            joined::plan(path, sheets, chosen, t.sheet.is_some(), is_label)
        }
        _ => None,
    };
    let mut children = Vec::new();
    if let Some(p) = plan {
        chosen = p.parent;
        children = p.children;
    }
    let sheet = &sheets[chosen];
    let mut doc = match layout {
        Layout::Table(t) => table::read_grid(path, &sheet.grid, t, is_label)?,
        _ => {
            let mut doc = read_document(path, &sheet_text(&sheet.grid), layout, is_label)?;
            doc.for_each_value(|v| v.place = cell_of_line(&sheet.grid, &v.place, &v.text));
            doc
        }
    };
    doc.info.sheet = Some(sheet.name().to_string());
    doc.skipped.extend(sheet.unreadable.iter().cloned());
    let joined: Vec<usize> = children.iter().map(|c| c.index).collect();
    joined::join(&mut doc, children, sheets, labels);
    for i in &joined {
        doc.skipped.extend(sheets[*i].unreadable.iter().cloned());
    }
    for (i, other) in sheets
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != chosen && !joined.contains(i))
    {
        let (values, skipped) = shapes::sheet_values(&other.grid.as_table(), labels, other.name());
        doc.skipped.extend(skipped);
        if values.is_empty() {
            continue;
        }
        if other.visible {
            doc.info.notes.push(Said::SheetAsRegisterValues {
                values: values.len(),
                sheet: other.name().to_string(),
            });
            doc.preamble.extend(values);
        } else {
            doc.skipped.extend(values.into_iter().map(|value| Skipped {
                value,
                reason: Said::HiddenSheet(other.name().to_string()),
            }));
        }
        doc.skipped.extend(sheets[i].unreadable.iter().cloned());
    }
    Ok(doc)
}

/// A workbook whose activities are not rows under a header: one sheet per activity laid
/// out as a fiche (labels in a column, values beside them; each such sheet is an
/// activity), or a sheet of one column per activity (transposed). The cells of the other
/// visible sheets (a summary with the controller) speak for the register. `None` when a
/// sheet holds a table of activities, or the mapping names one sheet.
fn fiche_sheets(
    sheets: &[workbook::Sheet],
    layout: &Layout,
    labels: &shapes::Labels,
) -> Option<RawDocument> {
    if layout.sheet().is_some() || !matches!(layout, Layout::Table(_) | Layout::Document(_)) {
        return None;
    }
    let mut doc = document::Document::default();
    let mut others = Vec::new();
    let mut found = 0;
    let mut table_of_activities = false;
    let mut transposed: Option<(usize, RawDocument)> = None;
    for (i, sheet) in sheets.iter().enumerate().filter(|(_, s)| s.visible) {
        let table = sheet.grid.as_table();
        let one = document::Document {
            overflowed: false,
            repaired: 0,
            blocks: vec![document::Block {
                kind: document::Kind::Table(table.clone()),
                place: sheet.grid.place(0, 0),
            }],
        };
        match shapes::read(&one, None, labels) {
            Some(f) if f.shape == Shape::Transposed && transposed.is_none() => {
                transposed = Some((i, f.doc));
                others.push(sheet);
            }
            Some(f) if f.shape == Shape::Table => {
                table_of_activities = true;
                others.push(sheet);
            }
            Some(f) if f.shape == Shape::FicheTables && f.doc.blocks.len() == 1 => {
                found += 1;
                doc.blocks.push(document::Block {
                    kind: document::Kind::Heading {
                        level: 1,
                        text: sheet.name().to_string(),
                    },
                    place: sheet.grid.place(0, 0),
                });
                doc.blocks.push(one.blocks.into_iter().next()?);
            }
            _ => others.push(sheet),
        }
    }
    let (mut raw, shape, why) = if found >= 2 || (found == 1 && !table_of_activities) {
        let raw = shapes::read(&doc, Some(Shape::FicheTables), labels)?.doc;
        let why = Why::FicheSheets(found);
        (raw, Shape::FicheTables, why)
    } else if let Some((i, raw)) = transposed.filter(|_| !table_of_activities && found == 0) {
        others.retain(|s| !std::ptr::eq(*s, &sheets[i]));
        let why = Why::TransposedSheet(sheets[i].name().to_string());
        (raw, Shape::Transposed, why)
    } else {
        return None;
    };
    for other in others {
        let (values, skipped) = shapes::sheet_values(&other.grid.as_table(), labels, other.name());
        raw.preamble.extend(values);
        raw.skipped.extend(skipped);
    }
    for s in sheets {
        raw.skipped.extend(s.unreadable.iter().cloned());
        if !s.visible {
            raw.skipped
                .extend(s.values().into_iter().map(|value| Skipped {
                    value,
                    reason: Said::HiddenSheet(s.name().to_string()),
                }));
        }
    }
    raw.info.notes.push(Said::Layout {
        shape: shape.name().to_string(),
        why,
    });
    raw.info.shape = Some(shape);
    Some(raw)
}

/// The sheet the mapping names, else the visible sheet whose best row has the most
/// known labels (the first sheet on a tie).
fn choose_sheet(
    path: &Path,
    sheets: &[workbook::Sheet],
    layout: &Layout,
    is_label: IsLabel,
) -> Result<usize> {
    if let Some(name) = layout.sheet() {
        let wanted = ropa_model::text::fold_label(name);
        return sheets
            .iter()
            .position(|s| ropa_model::text::fold_label(s.name()) == wanted)
            .ok_or_else(|| Error::Parse {
                path: path.to_path_buf(),
                place: "mapping".into(),
                message: format!(
                    "the mapping reads sheet `{name}`, but the workbook's sheets are {}. Fix `sheet` in the mapping's [layout].",
                    sheets
                        .iter()
                        .map(|s| format!("`{}`", s.name()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
    }
    let score = |s: &workbook::Sheet| {
        s.grid
            .rows
            .iter()
            .take(table::HEADER_SCAN)
            .map(|row| {
                row.iter()
                    .filter(|c| ropa_model::text::has_content(c) && is_label(c))
                    .count()
            })
            .max()
            .unwrap_or(0)
    };
    let best = sheets
        .iter()
        .enumerate()
        .filter(|(_, s)| s.visible && !s.grid.rows.is_empty())
        .max_by_key(|(i, s)| (score(s), std::cmp::Reverse(*i)))
        .map(|(i, _)| i);
    best.ok_or_else(|| Error::Empty {
        path: path.to_path_buf(),
    })
}

/// A sheet as text: one line per row, cells separated by tabs, for document layouts.
/// The rows of a `.csv` file, to be read as lines when it is no table; `None` for any
/// other text (a `.txt` register's commas are prose, not cells).
fn stacked_rows(path: &Path, text: &str) -> Result<Option<table::Grid>> {
    let csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if !csv {
        return Ok(None);
    }
    let (rows, _) = delimited::parse(path, text, None)?;
    Ok(Some(table::Grid::from_rows(rows)))
}

fn sheet_text(grid: &table::Grid) -> String {
    let mut out = String::new();
    for row in &grid.rows {
        let cells: Vec<String> = row.iter().map(|c| c.replace('\n', " ")).collect();
        out.push_str(cells.join("\t").trim_end_matches('\t'));
        out.push('\n');
    }
    out
}

/// Turns the line of a sheet read as text back into the cell that holds the text.
fn cell_of_line(grid: &table::Grid, place: &Place, text: &str) -> Place {
    let Place::Line(line) = place else {
        return place.clone();
    };
    let row = line.saturating_sub(1);
    let first = text.lines().next().unwrap_or_default().trim();
    let col = grid
        .rows
        .get(row)
        .and_then(|cells| {
            cells
                .iter()
                .position(|c| !first.is_empty() && c.replace('\n', " ").contains(first))
        })
        .unwrap_or(0);
    grid.place(row, col)
}

/// Splits text into 1-based numbered lines, without their line ends.
pub(crate) fn numbered_lines(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
        .collect()
}
