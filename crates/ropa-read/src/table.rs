//! The `table` layout: a header row (not always the first) and one row per activity.

use super::{IsLabel, RawBlock, RawDocument, RawValue, Skipped, TableLayout};
use ropa_model::error::{Error, Result};
use ropa_model::text::{fold_label, has_content};
use ropa_model::{Place, Said};
use std::path::Path;

/// How many rows are searched for the header.
pub(crate) const HEADER_SCAN: usize = 30;

/// A region of merged cells, 0-based and inclusive: its value is in the top-left cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merged {
    /// The first row.
    pub first_row: usize,
    /// The last row.
    pub last_row: usize,
    /// The first column.
    pub first_col: usize,
}

/// The cells of a delimited file or of one sheet, as the user sees them.
#[derive(Clone, Debug, Default)]
pub struct Grid {
    /// Rows of cell texts; row N of the grid is row N + 1 in a spreadsheet.
    pub rows: Vec<Vec<String>>,
    /// The sheet's name, for places such as `Registre!B4`.
    pub sheet: Option<String>,
    /// Merged regions: a vertical one gives its value to the rows it covers.
    pub merged: Vec<Merged>,
}

impl Grid {
    /// A grid of text with no sheet and no merged cells.
    pub fn from_rows(rows: Vec<Vec<String>>) -> Grid {
        Grid {
            rows,
            ..Default::default()
        }
    }

    /// The grid as a document table (for the shapes): columns empty in every row dropped,
    /// each cell with its place.
    pub fn as_table(&self) -> super::document::Table {
        let width = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let used: Vec<usize> = (0..width)
            .filter(|c| {
                self.rows
                    .iter()
                    .any(|r| r.get(*c).is_some_and(|t| has_content(t)))
            })
            .collect();
        let rows = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.iter().any(|t| has_content(t)))
            .map(|(r, row)| {
                used.iter()
                    .map(|c| super::document::Cell {
                        text: row
                            .get(*c)
                            .map(|t| t.trim().to_string())
                            .unwrap_or_default(),
                        place: self.place(r, *c),
                        ..Default::default()
                    })
                    .collect()
            })
            .collect();
        super::document::Table { rows, head: false }
    }

    /// The place of a 0-based cell.
    pub fn place(&self, row: usize, col: usize) -> Place {
        Place::Cell {
            sheet: self.sheet.clone(),
            row: row + 1,
            col: col + 1,
        }
    }

    /// The top-left cell of the vertical merge that covers `(row, col)` below its first row.
    fn merged_from(&self, row: usize, col: usize) -> Option<(usize, usize)> {
        self.merged
            .iter()
            .find(|m| m.first_col == col && m.first_row < row && row <= m.last_row)
            .map(|m| (m.first_row, m.first_col))
    }
}

/// Reads a grid of cells (from delimited text or a sheet) as a table of activities.
pub fn read_grid(
    path: &Path,
    grid: &Grid,
    layout: &TableLayout,
    is_label: IsLabel,
) -> Result<RawDocument> {
    let header_idx = header_index(path, &grid.rows, layout, is_label)?;
    let labels = column_labels(&grid.rows, header_idx);
    let fill: Vec<bool> = labels
        .iter()
        .map(|l| {
            layout
                .fill_down
                .iter()
                .any(|f| fold_label(f) == fold_label(l))
        })
        .collect();

    let mut doc = RawDocument {
        preamble: preamble(grid, header_idx),
        ..Default::default()
    };
    // the tool's keys for the columns, right above the labels: the header's other form
    if let Some(keys) = header_idx
        .checked_sub(1)
        .filter(|&r| column_keys(&grid.rows[r]))
    {
        let (aside, kept): (Vec<RawValue>, Vec<RawValue>) = std::mem::take(&mut doc.preamble)
            .into_iter()
            .partition(|v| matches!(v.place, Place::Cell { row, .. } if row == keys + 1));
        doc.preamble = kept;
        doc.skipped.extend(aside.into_iter().map(|value| Skipped {
            value,
            reason: Said::ColumnKeys,
        }));
    }
    let (filled, merged) = read_activities(grid, header_idx, &labels, &fill, &mut doc.blocks);
    set_apart_note_rows(&mut doc);
    if doc.blocks.is_empty() {
        doc.info.notes.push(Said::HeaderWithoutActivities {
            row: header_idx + 1,
        });
    }
    if merged > 0 {
        doc.info.notes.push(Said::MergedCells(merged));
    }
    if filled > 0 {
        doc.info.notes.push(Said::FilledDown(filled));
    }
    doc.labels = labels.iter().map(|l| l.to_string()).collect();
    doc.info.header_row = Some(header_idx + 1);
    doc.info.sheet = grid.sheet.clone();
    Ok(doc)
}

/// The 0-based row of the header: the one the mapping names, else the one found.
fn header_index(
    path: &Path,
    cells: &[Vec<String>],
    layout: &TableLayout,
    is_label: IsLabel,
) -> Result<usize> {
    match layout.header_row {
        Some(0) => Err(Error::Parse {
            path: path.to_path_buf(),
            place: "mapping".into(),
            message: "`header_row` counts from 1; 0 is not a row.".into(),
        }),
        Some(n) if n > cells.len() => Err(Error::Parse {
            path: path.to_path_buf(),
            place: format!("ligne {n}"),
            message: format!(
                "the mapping says the header is on row {n} but the table has {} rows. Fix `header_row`.",
                cells.len()
            ),
        }),
        Some(n) => Ok(n - 1),
        None => find_header(cells, is_label).ok_or_else(|| Error::NoHeader {
            path: path.to_path_buf(),
            scanned: cells.len().min(HEADER_SCAN),
        }),
    }
}

/// The label of each column: its header, or `(colonne C)` under a blank header. Each
/// header is made once: every value of its column shares it.
fn column_labels(cells: &[Vec<String>], header_idx: usize) -> Vec<ropa_model::Label> {
    let header: Vec<String> = cells[header_idx]
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let width = cells.iter().map(Vec::len).max().unwrap_or(0);
    (0..width)
        .map(|c| match header.get(c) {
            Some(h) if has_content(h) => h.as_str().into(),
            _ => format!("(colonne {})", ropa_model::place::column_letters(c + 1)).into(),
        })
        .collect()
}

/// The values above the header (a title, the controller's details). A row of two cells,
/// a short one then another (`Name and contact details of controller | Acme Ltd, …`), is
/// a label and its value; any other cell is read unlabelled.
fn preamble(grid: &Grid, header_idx: usize) -> Vec<RawValue> {
    let mut out = Vec::new();
    for (r, row) in grid.rows.iter().enumerate().take(header_idx) {
        let filled: Vec<(usize, &String)> = row
            .iter()
            .enumerate()
            .filter(|(_, c)| has_content(c))
            .collect();
        if let [(_, label), (c, value)] = filled[..]
            && is_row_label(label)
        {
            out.push(RawValue::new(label.trim(), value.trim(), grid.place(r, c)));
            continue;
        }
        for (c, cell) in filled {
            out.push(RawValue::new("", cell.trim(), grid.place(r, c)));
        }
    }
    out
}

/// Whether a cell reads as the label of the cell beside it: a few words, no sentence.
fn is_row_label(cell: &str) -> bool {
    let t = cell.trim().trim_end_matches([':', '：']);
    t.split_whitespace().count() <= 15
        && t.chars().count() <= 120
        && !t.ends_with(['.', '!', '?'])
        && !t.contains('\n')
}

/// One block per non-empty row under the header; a blank cell takes the value of its
/// vertical merge, or of the cell above in a fill-down column. Returns how many cells were
/// filled down and how many took a merged value.
fn read_activities(
    grid: &Grid,
    header_idx: usize,
    labels: &[ropa_model::Label],
    fill: &[bool],
    blocks: &mut Vec<RawBlock>,
) -> (usize, usize) {
    let cells = &grid.rows;
    let place = |row: usize, col: usize| grid.place(row, col);
    // the last non-empty value of each fill-down column, and where it was read
    let mut above: Vec<Option<(String, Place)>> = vec![None; labels.len()];
    let (mut filled, mut merged) = (0, 0);
    for (r, row) in cells.iter().enumerate().skip(header_idx + 1) {
        if !row.iter().any(|c| has_content(c)) {
            continue;
        }
        let mut block = RawBlock::default();
        for (c, label) in labels.iter().enumerate() {
            let cell = row.get(c).map_or("", |s| s.trim());
            if has_content(cell) {
                block
                    .values
                    .push(RawValue::new(label.clone(), cell, place(r, c)));
                if fill[c] {
                    above[c] = Some((cell.to_string(), place(r, c)));
                }
            } else if let Some((r0, c0)) = grid.merged_from(r, c)
                && r0 > header_idx
                && let Some(text) = cells[r0].get(c0).map(|s| s.trim())
                && has_content(text)
            {
                let mut v = RawValue::new(label.clone(), text, place(r0, c0));
                v.derived = true;
                block.values.push(v);
                merged += 1;
            } else if fill[c]
                && let Some((text, from)) = &above[c]
            {
                let mut v = RawValue::new(label.clone(), text.clone(), from.clone());
                v.derived = true;
                block.values.push(v);
                filled += 1;
            }
        }
        blocks.push(block);
    }
    (filled, merged)
}

/// A row under the header that fills two cells or fewer, one of them a sentence, in a
/// table whose rows fill five or more (`REMARQUE | Document à compléter par … Version
/// mars 2026.`), is a note about the table, not an activity: its values speak for the
/// register, marked aside. A short row (a name and a purpose) stays an activity, however
/// incomplete: the gap report is there to say so.
fn set_apart_note_rows(doc: &mut RawDocument) {
    let filled = |b: &RawBlock| b.values.iter().filter(|v| !v.derived).count();
    let mut counts: Vec<usize> = doc.blocks.iter().map(filled).collect();
    counts.sort_unstable();
    let Some(&median) = counts.get(counts.len() / 2) else {
        return;
    };
    if doc.blocks.len() < 3 || median < 5 {
        return;
    }
    let is_note = |b: &RawBlock| {
        filled(b) <= 2
            && b.values
                .iter()
                .any(|v| v.text.split_whitespace().count() >= 12)
    };
    let (notes, activities): (Vec<RawBlock>, Vec<RawBlock>) = std::mem::take(&mut doc.blocks)
        .into_iter()
        .partition(is_note);
    doc.blocks = activities;
    for b in notes {
        for mut v in b.values.into_iter().filter(|v| !v.derived) {
            v.aside = Some(super::NOT_AN_ACTIVITY_ROW.into());
            doc.preamble.push(v);
        }
    }
}

/// The row with the most cells that are known labels (at least two), else the first
/// row with at least two non-empty cells.
fn find_header(grid: &[Vec<String>], is_label: IsLabel) -> Option<usize> {
    let scan = grid.iter().take(HEADER_SCAN).enumerate();
    let best = scan
        .clone()
        .map(|(i, row)| {
            (
                i,
                row.iter().filter(|c| has_content(c) && is_label(c)).count(),
            )
        })
        .filter(|(_, n)| *n >= 2)
        .max_by_key(|(i, n)| (*n, std::cmp::Reverse(*i)));
    let found = best.map(|(i, _)| i).or_else(|| {
        scan.clone()
            .find(|(_, row)| row.iter().filter(|c| has_content(c)).count() >= 2)
            .map(|(i, _)| i)
    })?;
    // a tool's row of column keys (`treatment_id`, `dataCategory`) over the row of the
    // labels people read: the header is the labels' row
    let labelled = |row: &[String]| row.iter().filter(|c| has_content(c) && is_label(c)).count();
    match grid.get(found + 1) {
        Some(next)
            if column_keys(&grid[found])
                && !column_keys(next)
                && filled(next) >= filled(&grid[found])
                && labelled(next) >= labelled(&grid[found]) =>
        {
            Some(found + 1)
        }
        _ => Some(found),
    }
}

fn filled(row: &[String]) -> usize {
    row.iter().filter(|c| has_content(c)).count()
}

/// Whether a row is a tool's keys for its columns: two or more cells, each one word of
/// letters, digits and `_` (`treatment_id`, `dataCategory`, `dpia_required`), one at
/// least written as an identifier (with `_` or a lower-case letter before a capital).
pub(crate) fn column_keys(row: &[String]) -> bool {
    let cells: Vec<&str> = row
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    let word = |c: &&str| {
        c.chars().next().is_some_and(|f| f.is_ascii_alphabetic())
            && c.chars().all(|x| x.is_ascii_alphanumeric() || x == '_')
    };
    let identifier = |c: &&str| {
        c.contains('_')
            || c.as_bytes()
                .windows(2)
                .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
    };
    cells.len() >= 2 && cells.iter().all(word) && cells.iter().any(identifier)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A grid read with the default table layout, these folded labels known.
    fn read_default(g: Vec<Vec<String>>, known: &[&str]) -> RawDocument {
        let is_label = |s: &str| known.contains(&fold_label(s).as_str());
        read_grid(
            Path::new("t.csv"),
            &Grid::from_rows(g),
            &TableLayout::default(),
            &is_label,
        )
        .unwrap()
    }

    fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn a_row_of_column_keys_above_the_labels_is_set_aside() {
        let g = grid(&[
            &["treatment_id", "purposeText", "legal_basis"],
            &["ID", "Finalité", "Base"],
            &["T1", "Payer", "Contrat"],
        ]);
        let doc = read_default(g, &["finalite", "base"]);
        assert_eq!(doc.labels, ["ID", "Finalité", "Base"]);
        assert_eq!(doc.blocks.len(), 1);
        assert!(doc.preamble.is_empty());
        assert_eq!(doc.skipped.len(), 3);
        assert!(doc.skipped.iter().all(|s| s.reason == Said::ColumnKeys));
        // words that are labels people read are no keys
        assert!(!column_keys(&["Finalité".into(), "Base".into()]));
        assert!(column_keys(&["id".into(), "dataCategory".into()]));
    }

    #[test]
    fn header_below_a_title_and_fill_down() {
        let g = grid(&[
            &["Registre 2024"],
            &[],
            &["Périmètre", "Finalité", "Durée"],
            &["Site", "Newsletter", "1 an"],
            &["", "Facturation", ""],
        ]);
        let is_label =
            |s: &str| ["perimetre", "finalite", "duree"].contains(&fold_label(s).as_str());
        let layout = TableLayout {
            fill_down: vec!["Périmètre".into()],
            ..Default::default()
        };
        let doc = read_grid(Path::new("t.tsv"), &Grid::from_rows(g), &layout, &is_label).unwrap();
        assert_eq!(doc.info.header_row, Some(3));
        assert_eq!(doc.preamble.len(), 1);
        assert_eq!(doc.blocks.len(), 2);
        let second = &doc.blocks[1].values;
        assert_eq!(second[0].text, "Site");
        assert!(second[0].derived);
        assert_eq!(second[0].place.to_string(), "A4");
        assert_eq!(second.len(), 2, "the blank Durée cell is not filled");
        // the copy is not counted as read
        assert_eq!(doc.values_read(), 1 + 3 + 1);
    }

    #[test]
    fn label_value_rows_above_the_header_are_pairs() {
        let g = grid(&[
            &["Register of processing"],
            &["Controller", "Acme Ltd, 1 Mill Lane", ""],
            &["", "a note. Another sentence."],
            &["Read this first.", "then this"],
            &["Purpose", "Retention", "Recipients"],
            &["Payroll", "6 years", "HMRC"],
        ]);
        let doc = read_default(g, &["purpose", "retention", "recipients"]);
        let pre: Vec<(&str, &str)> = doc
            .preamble
            .iter()
            .map(|v| (&*v.label, v.text.as_str()))
            .collect();
        assert_eq!(
            pre,
            [
                ("", "Register of processing"),
                ("Controller", "Acme Ltd, 1 Mill Lane"),
                ("", "a note. Another sentence."),
                // a sentence is no label: both cells kept as they are
                ("", "Read this first."),
                ("", "then this"),
            ]
        );
        assert_eq!(doc.preamble[1].place.to_string(), "B2");
    }

    #[test]
    fn a_note_row_under_the_activities_is_no_activity() {
        let full = ["Paie", "payer", "salariés", "banque", "5 ans", "non"];
        let g = grid(&[
            &[
                "Nom",
                "Finalité",
                "Personnes",
                "Destinataires",
                "Durée",
                "Transferts",
            ],
            &full,
            &["CRM", "vendre", "clients", "commerciaux", "3 ans", "non"],
            &[
                "Site",
                "informer",
                "visiteurs",
                "hébergeur",
                "13 mois",
                "non",
            ],
            &[
                "REMARQUE",
                "Document à compléter par chaque responsable de traitement pour ses propres traitements, version de mars",
            ],
            &["Badges", "contrôler l'accès"],
        ]);
        let doc = read_default(g, &["nom", "finalite", "duree"]);
        // the short row stays an activity, the sentence is a note
        assert_eq!(doc.blocks.len(), 4);
        assert!(
            doc.preamble
                .iter()
                .any(|v| v.text == "REMARQUE" && v.aside.is_some())
        );
    }

    #[test]
    fn a_vertical_merge_gives_its_value_down_not_across() {
        let g = grid(&[
            &["Registre"],
            &["Périmètre", "Finalité"],
            &["Site", "Newsletter"],
            &["", "Facturation"],
        ]);
        let grid = Grid {
            rows: g,
            sheet: Some("Feuil1".into()),
            merged: vec![
                // the title across the top, and "Site" down two rows
                Merged {
                    first_row: 0,
                    last_row: 0,
                    first_col: 0,
                },
                Merged {
                    first_row: 2,
                    last_row: 3,
                    first_col: 0,
                },
            ],
        };
        let is_label = |s: &str| ["perimetre", "finalite"].contains(&fold_label(s).as_str());
        let doc = read_grid(
            Path::new("t.xlsx"),
            &grid,
            &TableLayout::default(),
            &is_label,
        )
        .unwrap();
        let second = &doc.blocks[1].values;
        assert_eq!((second[0].text.as_str(), second[0].derived), ("Site", true));
        assert_eq!(second[0].place.to_string(), "Feuil1!A3");
        assert_eq!(doc.values_read(), 1 + 2 + 1);
    }
}
