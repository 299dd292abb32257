//! Where a value was read, in the words a user would use to find it again.

use crate::Lang;
use std::borrow::Cow;
use std::fmt;

/// A place in a source: a line of a text document, or a cell of a table.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// A 1-based line of a text document.
    Line(usize),
    /// A cell of a table: 1-based row and column, and the sheet for workbooks.
    Cell {
        /// Sheet name, for workbooks.
        sheet: Option<String>,
        /// 1-based row (the line, for delimited text).
        row: usize,
        /// 1-based column.
        col: usize,
    },
    /// A 1-based paragraph (heading, list item) of a word-processor document or web page.
    Paragraph(usize),
    /// A cell of a table of a document: 1-based table, row and column.
    TableCell {
        /// The table's number in the document.
        table: usize,
        /// 1-based row.
        row: usize,
        /// 1-based column.
        col: usize,
    },
    /// A constant stated by a mapping, not read from the source.
    Mapping(String),
    /// A value of a JSON document, by its path (`traitements[2].finalite`).
    Key(String),
}

impl Place {
    /// A cell of a delimited text file (no sheet).
    pub fn cell(row: usize, col: usize) -> Place {
        Place::Cell {
            sheet: None,
            row,
            col,
        }
    }

    /// The 1-based line or row, for sorting and messages.
    pub fn line(&self) -> usize {
        match self {
            Place::Line(l) | Place::Paragraph(l) => *l,
            Place::Cell { row, .. } | Place::TableCell { row, .. } => *row,
            Place::Mapping(_) | Place::Key(_) => 0,
        }
    }
}

/// Spreadsheet column letters for a 1-based column number (1 → A, 27 → AA).
pub fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    while col > 0 {
        let rem = (col - 1) % 26;
        out.push(b'A' + rem as u8);
        col = (col - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line(l) => write!(f, "ligne {l}"),
            Place::Mapping(name) => write!(f, "mapping « {name} »"),
            Place::Key(path) => write!(f, "{path}"),
            Place::Paragraph(p) => write!(f, "paragraphe {p}"),
            Place::TableCell { table, row, col } => {
                write!(f, "tableau {table} ligne {row} colonne {col}")
            }
            Place::Cell { sheet, row, col } => {
                if let Some(s) = sheet {
                    if s.chars().all(|c| c.is_alphanumeric() || c == '_') {
                        write!(f, "{s}!")?;
                    } else {
                        write!(f, "'{}'!", s.replace('\'', "''"))?;
                    }
                }
                write!(f, "{}{row}", column_letters(*col))
            }
        }
    }
}

/// A place as [`Place`]'s `Display` wrote it (the model keeps it in French), in the run's
/// language: the writers' edge, so an English run's register says « line 12 », not
/// « ligne 12 ». A cell reference, a JSON path or any other text is returned as it is.
pub fn place_in(text: &str, lang: Lang) -> Cow<'_, str> {
    if lang == Lang::Fr {
        return Cow::Borrowed(text);
    }
    let number = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if let Some(n) = text.strip_prefix("ligne ").filter(|n| number(n)) {
        return Cow::Owned(format!("line {n}"));
    }
    if let Some(n) = text.strip_prefix("paragraphe ").filter(|n| number(n)) {
        return Cow::Owned(format!("paragraph {n}"));
    }
    if let Some(rest) = text.strip_prefix("tableau ") {
        let parts: Vec<&str> = rest.split(' ').collect();
        if let [t, "ligne", r, "colonne", c] = parts[..]
            && number(t)
            && number(r)
            && number(c)
        {
            return Cow::Owned(format!("table {t} row {r} column {c}"));
        }
    }
    if let Some(name) = text
        .strip_prefix("mapping « ")
        .and_then(|n| n.strip_suffix(" »"))
    {
        return Cow::Owned(format!("mapping \u{201c}{name}\u{201d}"));
    }
    if let Some(name) = text
        .strip_prefix("feuille « ")
        .and_then(|n| n.strip_suffix(" »"))
    {
        return Cow::Owned(format!("sheet \u{201c}{name}\u{201d}"));
    }
    if let Some(name) = text.strip_prefix("feuille ") {
        return Cow::Owned(format!("sheet {name}"));
    }
    Cow::Borrowed(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_a1_references() {
        assert_eq!(Place::cell(4, 2).to_string(), "B4");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(52), "AZ");
        let p = Place::Cell {
            sheet: Some("Feuille 1".into()),
            row: 3,
            col: 1,
        };
        assert_eq!(p.to_string(), "'Feuille 1'!A3");
        assert_eq!(Place::Line(12).to_string(), "ligne 12");
    }

    #[test]
    fn places_are_said_in_the_runs_language() {
        let en = |p: Place| place_in(&p.to_string(), Lang::En).into_owned();
        assert_eq!(en(Place::Line(12)), "line 12");
        assert_eq!(en(Place::Paragraph(3)), "paragraph 3");
        let cell = Place::TableCell {
            table: 2,
            row: 4,
            col: 1,
        };
        assert_eq!(en(cell.clone()), "table 2 row 4 column 1");
        assert_eq!(
            en(Place::Mapping("paie".into())),
            "mapping \u{201c}paie\u{201d}"
        );
        assert_eq!(en(Place::cell(4, 2)), "B4");
        assert_eq!(
            place_in(&cell.to_string(), Lang::Fr),
            "tableau 2 ligne 4 colonne 1"
        );
        // the client's words are no place of ours
        assert_eq!(
            place_in("ligne de production", Lang::En),
            "ligne de production"
        );
    }
}
