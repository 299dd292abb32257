//! How a source lays out its activities: the `[layout]` table of a mapping.

use serde::{Deserialize, Serialize};

/// The layout of a source and its parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Layout {
    /// A header row and one row per activity.
    Table(TableLayout),
    /// One block per activity of `label<TAB>value` lines.
    Fiche(FicheLayout),
    /// One block per activity: a banner line, headings, paragraphs, lists, tables.
    Sections(SectionsLayout),
    /// A document read as blocks (Word, OpenDocument, Markdown, HTML, plain text): its
    /// activities found in the shape given, or in the best shape.
    Document(DocumentLayout),
}

impl Layout {
    /// The layout's name as written in mappings.
    pub fn name(&self) -> &'static str {
        match self {
            Layout::Table(_) => "table",
            Layout::Fiche(_) => "fiche",
            Layout::Sections(_) => "sections",
            Layout::Document(_) => "document",
        }
    }

    /// The sheet of a workbook the mapping names, if it names one.
    pub fn sheet(&self) -> Option<&str> {
        match self {
            Layout::Table(t) => t.sheet.as_deref(),
            Layout::Fiche(f) => f.sheet.as_deref(),
            Layout::Sections(s) => s.sheet.as_deref(),
            Layout::Document(d) => d.sheet.as_deref(),
        }
    }
}

/// Parameters of the `table` layout.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableLayout {
    /// The sheet of a workbook to read; the one whose header matches best when absent.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The delimiter of a text table (`"\t"`, `";"`, `","`, `"|"`); guessed when absent.
    #[serde(default)]
    pub delimiter: Option<char>,
    /// The 1-based row of the header; found by its labels when absent.
    #[serde(default)]
    pub header_row: Option<usize>,
    /// Columns (by header label) whose blank cells take the value above (merged cells).
    #[serde(default)]
    pub fill_down: Vec<String>,
    /// Reads the sheet alone: the rows of other sheets that name its activities by a key
    /// column (a tool's relational export) are not read into them.
    #[serde(default)]
    pub sheet_alone: bool,
}

/// Parameters of the `fiche` layout.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FicheLayout {
    /// The sheet of a workbook to read; the one with the most known labels when absent.
    #[serde(default)]
    pub sheet: Option<String>,
    /// A regex for the title line that starts a block (`^\d+\.\s`); named groups
    /// `name` and `ref` pick the activity's name and reference out of it.
    #[serde(default)]
    pub title: Option<String>,
    /// The label of the first row of every block; the line before it is the title.
    #[serde(default)]
    pub first_label: Option<String>,
}

/// Parameters of the `sections` layout.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionsLayout {
    /// The sheet of a workbook to read; the one with the most known labels when absent.
    #[serde(default)]
    pub sheet: Option<String>,
    /// A regex for the banner line that starts a block; the title is the rest of the
    /// line, or the next non-blank line.
    pub block_start: String,
    /// Regexes of lines that are not data (a table of contents); they are listed as ignored.
    #[serde(default)]
    pub skip: Vec<String>,
    /// Regexes of the template's options (check boxes, sub-headings): an option groups the
    /// lines below it; an option with nothing below is listed as ignored.
    #[serde(default)]
    pub options: Vec<String>,
}

/// Parameters of the `document` layout.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentLayout {
    /// The sheet of a workbook to read as a document; every sheet when absent.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The shape of the activities (`table`, `transposed`, `fiche_tables`, `headings`);
    /// the best one is found when absent.
    #[serde(default)]
    pub shape: Option<super::Shape>,
}
