//! One model for every text-like format: a document is a sequence of blocks (headings,
//! paragraphs, list items, tables), each with its place. Word, OpenDocument, Markdown,
//! HTML and plain text are turned into it by one reader each; the layouts of
//! [`crate::shapes`] are inferred on it, whatever the format was.

pub mod docx;
pub mod html;
pub mod json;
pub mod markdown;
pub mod odt;
pub mod plain;
pub(crate) mod xml;

use ropa_model::Place;

/// The glyph of a ticked check box, as every reader writes it.
pub const CHECKED: char = '☒';
/// The glyph of an empty check box, as every reader writes it.
pub const UNCHECKED: char = '☐';

/// A document: its blocks in reading order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// The blocks.
    pub blocks: Vec<Block>,
    /// Whether the reader stopped at [`MAX_BLOCKS`]: the file is refused, not read in part.
    pub overflowed: bool,
    /// How many characters of a UTF-8 text saved twice were mended before reading.
    pub repaired: usize,
}

/// The most blocks (paragraphs, headings, list items, tables) a document may hold: a
/// register of 500 pages holds about 20,000; a 450 KB `.docx` of 150 MiB of one-letter
/// paragraphs would hold 4.5 million and take 3.5 GB.
pub const MAX_BLOCKS: usize = 250_000;

/// The most lines a text document (Markdown, a web page) may have: each line of a
/// paragraph becomes a candidate value, and 8 million one-letter lines (16 MB) took
/// 2 GB; a register of 500 pages has about 30,000.
pub const MAX_LINES: usize = 1_000_000;

/// The deepest a web page may nest its elements: the HTML parser's time grows with the
/// square of the depth (200,000 nested `<div>`s, 2 MB, ran past two minutes); real
/// pages nest a few dozen deep.
pub const MAX_NESTING: usize = 5_000;

/// How deep a web page's tags nest, by a linear scan of its tags before it is parsed:
/// an opening tag goes one deeper, a closing tag one back, a self-closed or void
/// element neither; comments and the declarations are passed over.
pub(crate) fn html_nesting(text: &str) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "td", "tr", "th", "option", "dt", "dd",
    ];
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        if let Some(close) = tag.strip_prefix('/') {
            let name = close.trim().to_ascii_lowercase();
            if !VOID.contains(&name.as_str()) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || tag.ends_with('/') || VOID.contains(&name.as_str()) {
            continue;
        }
        depth += 1;
        deepest = deepest.max(depth);
    }
    deepest
}

/// Whether a text has more than [`MAX_LINES`] lines (counted without splitting it).
pub(crate) fn too_many_lines(text: &str) -> bool {
    text.bytes().filter(|b| *b == b'\n').count() > MAX_LINES
}

/// The error of a document past [`MAX_BLOCKS`] or [`MAX_LINES`].
pub fn too_many_blocks(path: &std::path::Path) -> ropa_model::error::Error {
    ropa_model::error::Error::Unsupported {
        path: path.to_path_buf(),
        message: format!(
            "this document holds more than {MAX_BLOCKS} paragraphs or {MAX_LINES} lines, or nests its elements more than {MAX_NESTING} deep, far more than a register (the file may be damaged or made to exhaust memory). Open it, save the register alone in a new file, and ingest that."
        ),
    }
}

/// Adds a run of text, joined to the last one when it is as bold: a paragraph of a
/// million lines is one text, not a million runs.
pub(crate) fn push_run(runs: &mut Vec<(String, bool)>, text: &str, bold: bool) {
    match runs.last_mut() {
        Some((last, b)) if *b == bold => last.push_str(text),
        _ => runs.push((text.to_string(), bold)),
    }
}

impl Document {
    /// The document as lines of text (tables as tab-separated rows), for the line-based
    /// layouts a mapping may pin (`fiche`, `sections`).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            match &b.kind {
                Kind::Heading { text, .. } | Kind::Furniture(text) | Kind::Unanswered(text) => {
                    out.push_str(text)
                }
                Kind::Paragraph(p) | Kind::Item { para: p, .. } => out.push_str(&p.text),
                Kind::Table(t) => out.push_str(&t.text()),
            }
            out.push('\n');
        }
        out
    }
}

/// One block of a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// What it is.
    pub kind: Kind,
    /// Where it was read.
    pub place: Place,
}

/// The kinds of block.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// A heading of level 1 (the highest) to 9.
    Heading {
        /// Its level.
        level: u8,
        /// Its text.
        text: String,
    },
    /// A paragraph (a blockquote's paragraphs too).
    Paragraph(Para),
    /// An item of a list, at a nesting level (0 for the outermost).
    Item {
        /// Its nesting level.
        level: u8,
        /// Its text.
        para: Para,
    },
    /// A table.
    Table(Table),
    /// Page furniture: an entry of a table of contents, a web page's navigation or
    /// footer. Not data: listed as ignored.
    Furniture(String),
    /// A sentence a generating tool writes where no answer was given (« This question
    /// has not been answered yet »): an empty field, listed as ignored.
    Unanswered(String),
}

/// The text of a paragraph, with its bold lead-in (`**Finalité :** …`) when it has one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Para {
    /// The whole text (check boxes as ☒ / ☐).
    pub text: String,
    /// The text of the bold runs it starts with, when it starts with bold.
    pub lead: Option<String>,
}

impl Para {
    /// A paragraph without bold.
    pub fn plain(text: impl Into<String>) -> Para {
        Para {
            text: text.into(),
            lead: None,
        }
    }
}

/// A table: rows of cells, merged cells known.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
    /// Whether the format marks the first row as a header (a Markdown table's first row,
    /// an HTML row of `th`): then it names columns and is no value, whatever it says.
    pub head: bool,
}

/// One cell of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// Its text; its paragraphs joined by line breaks.
    pub text: String,
    /// The bold lead-in of its first paragraph.
    pub lead: Option<String>,
    /// How many grid columns it spans (1 for most).
    pub span: usize,
    /// A copy of the cell above it, for a vertically merged cell: not read twice.
    pub merged_copy: bool,
    /// Where it was read.
    pub place: Place,
}

impl Default for Cell {
    fn default() -> Cell {
        Cell {
            text: String::new(),
            lead: None,
            span: 1,
            merged_copy: false,
            place: Place::Line(0),
        }
    }
}

impl Cell {
    /// A cell made of paragraphs: their texts joined by line breaks, the lead-in of the
    /// first that has text.
    pub(crate) fn of_paragraphs(
        paras: &[Para],
        span: usize,
        merged_copy: bool,
        place: Place,
    ) -> Cell {
        let text = tidy(
            &paras
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        );
        let lead = paras
            .iter()
            .find(|p| !p.text.trim().is_empty())
            .and_then(|p| p.lead.clone());
        Cell {
            text,
            lead,
            span: span.max(1),
            merged_copy,
            place,
        }
    }
}

impl Table {
    /// A table of rows whose format marks no header row (Word, OpenDocument, a sheet).
    pub fn of(rows: Vec<Vec<Cell>>) -> Table {
        Table { rows, head: false }
    }

    /// The table as lines of tab-separated cells (a cell's line breaks as spaces): the
    /// text of a table nested in a cell, or of a table read by a line-based layout.
    pub fn text(&self) -> String {
        self.rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| c.text.replace('\n', " "))
                    .collect::<Vec<_>>()
                    .join("\t")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The number of grid columns of its widest row.
    pub fn width(&self) -> usize {
        self.rows
            .iter()
            .map(|r| r.iter().map(|c| c.span.max(1)).sum::<usize>())
            .max()
            .unwrap_or(0)
    }

    /// Whether a row is a single cell across the table (a section title or a note).
    pub fn is_banner(&self, row: &[Cell]) -> bool {
        let filled: Vec<&Cell> = row
            .iter()
            .filter(|c| ropa_model::text::has_content(&c.text))
            .collect();
        filled.len() == 1 && (row.len() == 1 || filled[0].span > 1) && self.width() > 1
    }
}

/// Collects the blocks of a reader, numbering paragraphs and tables as it goes.
#[derive(Default)]
pub(crate) struct Builder {
    pub(crate) blocks: Vec<Block>,
    paragraphs: usize,
    tables: usize,
}

impl Builder {
    /// The place of the next paragraph.
    pub(crate) fn next_paragraph(&mut self) -> Place {
        self.paragraphs += 1;
        Place::Paragraph(self.paragraphs)
    }

    /// The number of the next table (1-based).
    pub(crate) fn next_table(&mut self) -> usize {
        self.tables += 1;
        self.tables
    }

    /// Adds a text block, unless its text is blank.
    pub(crate) fn text_block(&mut self, kind: Kind, place: Option<Place>) {
        let blank = match &kind {
            Kind::Heading { text, .. } | Kind::Furniture(text) | Kind::Unanswered(text) => {
                !ropa_model::text::has_content(text)
            }
            Kind::Paragraph(p) | Kind::Item { para: p, .. } => {
                !ropa_model::text::has_content(&p.text)
            }
            Kind::Table(t) => t.rows.is_empty(),
        };
        if blank {
            return;
        }
        let place = place.unwrap_or_else(|| self.next_paragraph());
        self.blocks.push(Block { kind, place });
    }
}

impl Builder {
    /// A table read: a block of its own, or, nested in the cell being read (`outer`), text
    /// of that cell.
    pub(crate) fn table(&mut self, table: Table, number: usize, outer: Option<&mut Vec<Para>>) {
        match outer {
            Some(cell) => cell.push(Para::plain(table.text())),
            None => self.blocks.push(Block {
                kind: Kind::Table(table),
                place: Place::TableCell {
                    table: number,
                    row: 1,
                    col: 1,
                },
            }),
        }
    }
}

/// The lead-in of a paragraph: its leading bold runs, trimmed, when they hold text.
pub(crate) fn lead_of(runs: &[(String, bool)]) -> Option<String> {
    let mut lead = String::new();
    for (text, bold) in runs {
        if *bold || (text.trim().is_empty() && !lead.is_empty()) {
            lead.push_str(text);
        } else if !text.trim().is_empty() || lead.is_empty() {
            break;
        }
    }
    let lead = lead.trim().to_string();
    (!lead.is_empty() && lead.chars().count() <= 160).then_some(lead)
}

/// Collapses runs of spaces and tabs inside each line, trims lines, drops blank ones.
pub(crate) fn tidy(text: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_is_the_leading_bold_runs() {
        let runs = vec![
            ("Finalité".to_string(), true),
            (" :".to_string(), true),
            (" gérer la paie".to_string(), false),
        ];
        assert_eq!(lead_of(&runs).as_deref(), Some("Finalité :"));
        let runs = vec![("plain ".to_string(), false), ("bold".to_string(), true)];
        assert_eq!(lead_of(&runs), None);
    }

    #[test]
    fn a_row_of_one_cell_across_is_a_banner() {
        let cell = |t: &str, span| Cell {
            text: t.into(),
            span,
            ..Default::default()
        };
        let t = Table {
            rows: vec![
                vec![cell("Finalité", 1), cell("Paie", 1)],
                vec![cell("SECTION", 2)],
            ],
            head: false,
        };
        assert!(!t.is_banner(&t.rows[0]));
        assert!(t.is_banner(&t.rows[1]));
    }
}
