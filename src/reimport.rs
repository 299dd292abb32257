//! Re-reading ropa's own `register.xlsx` after a client has edited it.
//!
//! The hidden sheet `ropa` holds the canonical register as written. Each visible cell is
//! compared with what ropa wrote there: an unchanged cell keeps the typed value as it
//! was (nothing is re-guessed), an edited `Registre` cell is normalised afresh, and an
//! edited detail sheet (Destinataires, Conservation, Sécurité, Risques) rebuilds its
//! nested values from its rows. Every edit is listed, by place and field, never by value.

use crate::Lang;
use crate::error::{Error, Result};
use crate::model::{ALL_FIELDS, Activity, Extra, Field, Origin, Place, SourceReport};
use crate::normalise::{self, Piece};
use crate::read::workbook::Sheet;
use crate::text::{fold, has_content};
use crate::write::details::Detail;
use crate::write::json::activity_from_json;
use crate::write::register_xlsx::{self, DATA_MARK, DATA_SHEET, SOURCE_ROW};
use crate::write::{Table, cell_text};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// What a re-read register gives back.
#[derive(Debug, Default)]
pub struct Reimported {
    /// The activities, in the order of the `Registre` sheet.
    pub activities: Vec<Activity>,
    /// The reports of the sources the activities came from, as first read.
    pub sources: Vec<SourceReport>,
    /// What the client changed, by place and field (no values).
    pub edits: Vec<String>,
    /// What could not be taken into account, and why.
    pub notes: Vec<String>,
}

/// The mark of a workbook written by ropa (`ropa register`, `ropa gaps`), if it has one.
pub fn ropa_mark(sheets: &[Sheet]) -> Option<&str> {
    sheet(sheets, DATA_SHEET)?
        .grid
        .rows
        .first()?
        .first()
        .map(String::as_str)
}

/// Whether a workbook is a register written by ropa.
pub fn is_ropa_register(sheets: &[Sheet]) -> bool {
    ropa_mark(sheets) == Some(DATA_MARK)
}

fn sheet<'a>(sheets: &'a [Sheet], name: &str) -> Option<&'a Sheet> {
    sheets.iter().find(|s| s.name() == name)
}

fn cell(row: &[String], c: usize) -> &str {
    row.get(c).map_or("", String::as_str)
}

/// The activity key of a row: its source and its number.
type Key = (String, usize);

/// Re-reads a ropa register; `path` names it in provenance and messages.
pub fn read(path: &Path, sheets: &[Sheet]) -> Result<Reimported> {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let here = |sheet: &str, row: usize, col: usize| {
        format!(
            "[{file}]{}",
            Place::Cell {
                sheet: Some(sheet.to_string()),
                row: row + 1,
                col: col + 1,
            }
        )
    };
    let damaged = |place: String, what: &str| Error::Parse {
        path: path.to_path_buf(),
        place,
        message: format!(
            "{what}: the hidden sheet `{DATA_SHEET}` no longer holds what ropa wrote. Write the register again with `ropa ingest`, or delete the sheet `{DATA_SHEET}` to read the workbook as an ordinary table."
        ),
    };

    // 1. what ropa wrote
    let mut out = Reimported::default();
    let mut written: HashMap<Key, Activity> = HashMap::new();
    let mut written_order: Vec<Key> = Vec::new();
    let data = sheet(sheets, DATA_SHEET)
        .map(|s| &s.grid.rows[..])
        .unwrap_or(&[]);
    for (r, row) in data.iter().enumerate().skip(1) {
        let json: String = row.iter().skip(2).map(String::as_str).collect();
        if json.is_empty() {
            continue;
        }
        if cell(row, 0) == SOURCE_ROW {
            let report = serde_json::from_str(&json)
                .map_err(|e| damaged(format!("{DATA_SHEET}!C{}", r + 1), &e.to_string()))?;
            out.sources.push(report);
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&json)
            .map_err(|e| damaged(format!("{DATA_SHEET}!C{}", r + 1), &e.to_string()))?;
        let a = activity_from_json(&value)
            .map_err(|e| damaged(format!("{DATA_SHEET}!C{}", r + 1), &e))?;
        written_order.push((a.source.clone(), a.index));
        written.insert((a.source.clone(), a.index), a);
    }

    // 2. the Registre sheet: one row per activity
    // a renamed Registre sheet is found by its header: Source, N° and field labels
    let registre_name = registre_sheet(sheets).unwrap_or("Registre").to_string();
    let registre = sheet(sheets, &registre_name).ok_or_else(|| Error::Parse {
        path: path.to_path_buf(),
        place: "Registre".into(),
        message: "the sheet `Registre` is missing; ropa reads the activities from it. Restore it (Ctrl+Z in Excel), or write the register again with `ropa ingest`.".into(),
    })?;
    let all_rows = table_rows(sheets, &registre_name);
    let rows = &all_rows;
    let header: Vec<String> = rows.first().cloned().unwrap_or_default();
    let lang = if header.iter().any(|h| h == Field::Purpose.label_en()) {
        Lang::En
    } else {
        Lang::Fr
    };
    let column = |name: &str| header.iter().position(|h| fold(h) == fold(name));
    let (source_col, index_col) = (column("Source"), column("N°"));
    // a header is ropa's own label, else matched like any label (a client renamed it);
    // a second column of a field already taken keeps its values apart, in extra
    let generic = crate::map::Mapping::parse(
        Path::new("built-in/reimport"),
        "name = \"reimport\"\n[layout]\nkind = \"table\"\n",
    )?;
    let matcher = crate::map::LabelMatcher::new(&generic);
    let mut taken = std::collections::HashSet::new();
    let fields: Vec<Option<Field>> = header
        .iter()
        .enumerate()
        .map(|(c, h)| {
            if Some(c) == source_col || Some(c) == index_col {
                return None;
            }
            ALL_FIELDS
                .iter()
                .copied()
                .find(|f| {
                    [f.label_fr(), f.label_en(), f.id()]
                        .iter()
                        .any(|l| fold(l) == fold(h))
                })
                .or_else(|| matcher.field_of(h))
                .filter(|f| taken.insert(*f))
        })
        .collect();
    let format_fields: Vec<Field> = fields.iter().flatten().copied().collect();

    let mut order: Vec<Key> = Vec::new();
    let mut activities: HashMap<Key, Activity> = HashMap::new();
    let mut edited_fields: HashMap<Key, Vec<Field>> = HashMap::new();
    // without its Source or N° column, a row is matched to what ropa wrote by its name
    // (and the key column left), never by its position: a deleted column must not give
    // one activity another's values
    let name_col = fields.iter().position(|f| *f == Some(Field::Name));
    let by_content = source_col.is_none() || index_col.is_none();
    if by_content && !written.is_empty() {
        out.notes.push(format!(
            "the {} column of `{registre_name}` is missing: rows were matched to the activities ropa wrote by their name; a row that matches none is read as a new activity",
            if source_col.is_none() { "Source" } else { "N°" }
        ));
    }
    let mut matched: std::collections::HashSet<Key> = std::collections::HashSet::new();
    for (r, row) in rows.iter().enumerate().skip(1) {
        if !row.iter().any(|c| has_content(c)) {
            continue;
        }
        let source = source_col
            .map(|c| cell(row, c).trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| file.clone());
        let index = index_col
            .and_then(|c| cell(row, c).trim().parse().ok())
            .unwrap_or(r);
        let mut key = (source.clone(), index);
        if by_content {
            let name = name_col.map(|c| cell(row, c).trim()).unwrap_or_default();
            let found = written_order.iter().find(|k| {
                !matched.contains(*k)
                    && source_col.is_none_or(|_| k.0 == source)
                    && index_col.is_none_or(|_| k.1 == index)
                    && written.get(*k).is_some_and(|a| {
                        !name.is_empty()
                            && a.get(Field::Name)
                                .is_some_and(|v| cell_text(&v.display_text()).trim() == name)
                    })
            });
            key = match found {
                Some(k) => k.clone(),
                // a key no written activity has: a new activity
                None => (source.clone(), written_order.len() + r),
            };
            matched.insert(key.clone());
        }
        let mut a = match written.get(&key) {
            Some(a) => a.clone(),
            None => {
                out.edits
                    .push(format!("Registre row {}: a new activity", r + 1));
                Activity {
                    source,
                    index: key.1,
                    format_fields: format_fields.clone(),
                    ..Default::default()
                }
            }
        };
        for (c, h) in header.iter().enumerate() {
            let text = cell(row, c);
            let Some(field) = fields[c] else {
                if Some(c) != source_col && Some(c) != index_col && has_content(text) {
                    a.extra.push(Extra {
                        label: h.clone(),
                        value: text.to_string(),
                        place: here(&registre_name, r, c),
                        reason: "colonne ajoutée au registre".into(),
                    });
                    out.edits.push(format!(
                        "Registre!{}: a column ropa does not know",
                        place_of(r, c)
                    ));
                }
                continue;
            };
            let before = a
                .get(field)
                .map(|v| cell_text(&v.display_text()).into_owned());
            if before.as_deref().unwrap_or("") == text {
                continue;
            }
            edited_fields.entry(key.clone()).or_default().push(field);
            out.edits
                .push(format!("Registre!{} ({})", place_of(r, c), field.id()));
            a.fields.remove(&field);
            a.provenance.remove(&field);
            let piece = Piece {
                label: h.clone(),
                sublabel: None,
                option: None,
                text: text.to_string(),
                part: None,
                group: None,
                place: registre.grid.place(r, c),
            };
            if let Some(v) = normalise::build_value(field, &[piece]) {
                a.fields.insert(field, v);
                a.provenance.insert(
                    field,
                    vec![Origin {
                        place: here(&registre_name, r, c),
                        label: h.clone(),
                        text: text.to_string(),
                    }],
                );
            }
        }
        if activities.insert(key.clone(), a).is_none() {
            order.push(key);
        } else {
            out.notes.push(format!(
                "Registre row {}: activity {} of {} appears twice; the last row is kept",
                r + 1,
                key.1,
                key.0
            ));
        }
    }
    let deleted = written
        .keys()
        .filter(|k| !activities.contains_key(*k))
        .count();
    if deleted > 0 {
        out.edits
            .push(format!("{deleted} activities deleted from Registre"));
    }

    // 3. the detail sheets: rebuilt from their rows where they differ from what was written
    for d in Detail::ALL {
        if sheet(sheets, d.sheet()).is_none() {
            continue;
        }
        let detail_rows = table_rows(sheets, d.sheet());
        let mut groups: BTreeMap<Key, Vec<(usize, Vec<String>)>> = BTreeMap::new();
        let width = d.headers().len();
        for (r, row) in detail_rows.iter().enumerate().skip(1) {
            if !row.iter().any(|c| has_content(c)) {
                continue;
            }
            let key = (
                cell(row, 0).trim().to_string(),
                cell(row, 1).trim().parse().unwrap_or(0),
            );
            let items: Vec<String> = (3..3 + width).map(|c| cell(row, c).to_string()).collect();
            groups.entry(key).or_default().push((r, items));
        }
        for (key, a) in activities.iter_mut() {
            let group = groups.remove(key).unwrap_or_default();
            let read: Vec<Vec<String>> = group.iter().map(|(_, items)| items.clone()).collect();
            let was = written
                .get(key)
                .map(|w| d.rows(w, lang))
                .unwrap_or_default()
                .into_iter()
                .map(|row| {
                    row.iter()
                        .map(|c| cell_text(c).into_owned())
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>();
            let same = read.len() == was.len()
                && read
                    .iter()
                    .zip(&was)
                    .all(|(a, b)| a.iter().zip(b).all(|(x, y)| x == y));
            if same {
                continue;
            }
            let edited_in_registre = edited_fields
                .get(key)
                .is_some_and(|f| d.fields().iter().any(|x| f.contains(x)));
            if edited_in_registre {
                out.notes.push(format!(
                    "sheet {}: the rows of activity {} of {} were edited, and so was its Registre cell; the Registre cell is kept",
                    d.sheet(),
                    key.1,
                    key.0
                ));
                continue;
            }
            out.edits.push(format!(
                "sheet {} (activity {} of {})",
                d.sheet(),
                key.1,
                key.0
            ));
            for f in d.fields() {
                a.fields.remove(f);
                a.provenance.remove(f);
            }
            let origins: Vec<Origin> = group
                .iter()
                .map(|(r, items)| Origin {
                    place: here(d.sheet(), *r, 3),
                    label: d.sheet().to_string(),
                    text: items
                        .iter()
                        .filter(|c| has_content(c))
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" | "),
                })
                .collect();
            for (field, value) in d.parse(&read) {
                a.fields.insert(field, value);
                a.provenance.insert(field, origins.clone());
            }
        }
        for ((source, index), rows) in groups {
            out.notes.push(format!(
                "sheet {}: {} row(s) name activity {index} of `{source}`, which is not in Registre; they are not read (first at row {})",
                d.sheet(),
                rows.len(),
                rows.first().map_or(0, |(r, _)| r + 1)
            ));
        }
    }

    // 4. the sheets that only report (Non mappé, Ignoré, Provenance, Libellés) are not read:
    // say so when they were changed, rather than drop the change silently
    let original = crate::model::Register {
        activities: order
            .iter()
            .filter_map(|k| written.get(k).cloned())
            .collect(),
        sources: out.sources.clone(),
    };
    let report_only = register_xlsx::sheets(&original, lang)
        .into_iter()
        .filter(|t| {
            !t.name.starts_with("Registre") && !Detail::ALL.iter().any(|d| d.sheet() == t.name)
        });
    for t in report_only.map(crate::write::Sheet::into_table) {
        if let Some(s) = sheet(sheets, &t.name)
            && let Some(row) = first_difference(&t, &s.grid.rows)
        {
            out.notes.push(format!(
                "sheet {} was changed (first at row {row}); ropa does not read that sheet back: make the change in Registre or a detail sheet",
                t.name
            ));
        }
    }

    out.activities = order
        .into_iter()
        .filter_map(|k| activities.remove(&k))
        .collect();
    Ok(out)
}

/// The rows of a table written over several sheets (`Registre`, `Registre (2)`, …),
/// one header first.
/// The sheet holding the register's rows: `Registre`, or a visible sheet renamed by the
/// client whose first row has `Source`, `N°` and the labels of three fields or more.
fn registre_sheet(sheets: &[Sheet]) -> Option<&str> {
    if sheet(sheets, "Registre").is_some() {
        return Some("Registre");
    }
    sheets
        .iter()
        .filter(|s| s.visible)
        .find(|s| {
            let Some(header) = s.grid.rows.first() else {
                return false;
            };
            let has = |name: &str| header.iter().any(|h| fold(h) == fold(name));
            let labels = header
                .iter()
                .filter(|h| {
                    ALL_FIELDS
                        .iter()
                        .any(|f| fold(f.label_fr()) == fold(h) || fold(f.label_en()) == fold(h))
                })
                .count();
            has("Source") && has("N°") && labels >= 3
        })
        .map(Sheet::name)
}

fn table_rows(sheets: &[Sheet], name: &str) -> Vec<Vec<String>> {
    let mut rows = sheet(sheets, name)
        .map(|s| s.grid.rows.clone())
        .unwrap_or_default();
    for n in 2.. {
        match sheet(sheets, &crate::write::continuation(name, n)) {
            Some(s) => rows.extend(s.grid.rows.iter().skip(1).cloned()),
            None => break,
        }
    }
    rows
}

fn place_of(r: usize, c: usize) -> String {
    Place::cell(r + 1, c + 1).to_string()
}

/// The first 1-based row where a sheet as read differs from the table ropa wrote.
fn first_difference(t: &Table, rows: &[Vec<String>]) -> Option<usize> {
    let expected = std::iter::once(&t.headers).chain(&t.rows);
    let trimmed = |row: &[String]| -> Vec<String> {
        let mut v: Vec<String> = row.iter().map(|c| cell_text(c).into_owned()).collect();
        while v.last().is_some_and(String::is_empty) {
            v.pop();
        }
        v
    };
    let read: Vec<&Vec<String>> = rows.iter().collect();
    for (i, want) in expected.enumerate() {
        let got = read.get(i).map(|r| trimmed(r)).unwrap_or_default();
        if trimmed(want) != got {
            return Some(i + 1);
        }
    }
    (read.len() > t.rows.len() + 1
        && read[t.rows.len() + 1..]
            .iter()
            .any(|r| r.iter().any(|c| has_content(c))))
    .then_some(t.rows.len() + 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::table::Grid;

    fn sheet_of(name: &str, rows: &[&[&str]]) -> Sheet {
        Sheet {
            grid: Grid {
                rows: rows
                    .iter()
                    .map(|r| r.iter().map(|c| c.to_string()).collect())
                    .collect(),
                sheet: Some(name.to_string()),
                merged: Vec::new(),
            },
            visible: true,
            unreadable: Vec::new(),
        }
    }

    #[test]
    fn a_table_over_several_sheets_reads_as_one() {
        let sheets = vec![
            sheet_of("Registre", &[&["Source", "N°"], &["a", "1"]]),
            sheet_of(
                "Registre (2)",
                &[&["Source", "N°"], &["a", "2"], &["a", "3"]],
            ),
            sheet_of("Registre (3)", &[&["Source", "N°"], &["a", "4"]]),
        ];
        let rows = table_rows(&sheets, "Registre");
        let numbers: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
        assert_eq!(numbers, ["N°", "1", "2", "3", "4"]);
    }
}
