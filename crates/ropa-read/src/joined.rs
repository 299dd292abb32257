//! A tool's workbook that splits each activity across sheets joined by a key column: a
//! sheet of one row per activity (`Traitements`, its `ID` column), sheets of several rows
//! per activity under a column holding the same keys (`Données` and `Destinataires`, their
//! `ID traitement`), and often a summary sheet that lists the activities again. The rows
//! of each joined sheet are read into the activity their key names; a row whose key names
//! none is set aside with its reason, never dropped.

use crate::layout::TableLayout;
use crate::shapes::Labels;
use crate::workbook::Sheet;
use crate::{RawBlock, RawDocument, RawValue, Skipped, table};
use ropa_model::Said;
use ropa_model::text::{fold, has_content};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// A sheet whose rows join the activities' sheet: its reading and the two key columns.
pub(crate) struct Child {
    /// Its index among the workbook's sheets.
    pub index: usize,
    doc: RawDocument,
    /// The key column of the activities' sheet, by its label.
    parent_key: String,
    /// The column of this sheet that holds the keys, by its label.
    key: String,
}

/// Which sheet holds the activities and which sheets join it.
pub(crate) struct Plan {
    /// The activities' sheet.
    pub parent: usize,
    /// The sheets joined to it.
    pub children: Vec<Child>,
}

/// The longest text a key may be: ids and short names, not descriptions.
const MAX_KEY: usize = 80;

/// How much of a column's values must name the parent's keys for the sheet to join it.
const JOIN_SHARE: f64 = 0.6;

/// The columns of a sheet's reading: each label with the value of each row (`None` where
/// blank).
fn columns(doc: &RawDocument) -> Vec<(String, Vec<Option<String>>)> {
    let mut out: Vec<(String, Vec<Option<String>>)> =
        doc.labels.iter().map(|l| (l.clone(), Vec::new())).collect();
    for (r, block) in doc.blocks.iter().enumerate() {
        for v in block.values.iter().filter(|v| !v.derived) {
            if let Some((_, col)) = out.iter_mut().find(|(l, _)| *l == *v.label) {
                col.resize(r + 1, None);
                col[r] = Some(key_of(&v.text));
            }
        }
    }
    for (_, col) in &mut out {
        col.resize(doc.blocks.len(), None);
    }
    out
}

/// A key as compared: folded, spaces squeezed (`T-01 ` and `t-01` are one key).
fn key_of(text: &str) -> String {
    fold(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The columns of a sheet that can key its rows: a value in nearly every row, each one
/// short and different.
fn key_columns(cols: &[(String, Vec<Option<String>>)]) -> Vec<(&str, HashSet<&str>)> {
    cols.iter()
        .filter_map(|(label, values)| {
            let present: Vec<&str> = values.iter().flatten().map(String::as_str).collect();
            let set: HashSet<&str> = present.iter().copied().collect();
            let short = present.iter().all(|k| k.chars().count() <= MAX_KEY);
            (present.len() >= 2
                && set.len() == present.len()
                && present.len() * 10 >= values.len() * 9
                && short)
                .then_some((label.as_str(), set))
        })
        .collect()
}

/// The best join of `child` onto `parent`: the parent's key column, the child's column
/// that names its keys, and how many rows it names.
fn best_join(
    parent: &[(&str, HashSet<&str>)],
    child: &[(String, Vec<Option<String>>)],
) -> Option<(String, String, usize)> {
    let mut best: Option<(String, String, usize)> = None;
    for (pkey, keys) in parent {
        for (label, values) in child {
            if own_numbering(values) {
                continue;
            }
            let present = values.iter().flatten().count();
            let named = values
                .iter()
                .flatten()
                .filter(|k| keys.contains(k.as_str()))
                .count();
            let joins = named >= 2 && named as f64 >= present as f64 * JOIN_SHARE;
            if joins && best.as_ref().is_none_or(|b| named > b.2) {
                best = Some((pkey.to_string(), label.clone(), named));
            }
        }
    }
    best
}

/// Whether a column numbers its own sheet's rows (1, 2, 3…): a sheet's numbering, not
/// the keys of another sheet's activities.
fn own_numbering(values: &[Option<String>]) -> bool {
    let numbers: Vec<u64> = values
        .iter()
        .flatten()
        .filter_map(|v| v.parse().ok())
        .collect();
    !numbers.is_empty()
        && numbers.len() == values.iter().flatten().count()
        && numbers.iter().enumerate().all(|(i, n)| *n == i as u64 + 1)
}

/// Reads the visible sheets as tables and finds the one the others join by a key column,
/// if any: the sheet most others join, the one with the most known labels on a tie. A
/// sheet the mapping names is the activities' sheet. `None` when no sheet joins another.
pub(crate) fn plan(
    path: &Path,
    sheets: &[Sheet],
    chosen: usize,
    named: bool,
    is_label: crate::IsLabel,
) -> Option<Plan> {
    if sheets.iter().filter(|s| s.visible).count() < 2 {
        return None;
    }
    let layout = TableLayout::default();
    let tables: Vec<(usize, RawDocument)> = sheets
        .iter()
        .enumerate()
        .filter(|(_, s)| s.visible && !s.grid.rows.is_empty())
        .filter_map(|(i, s)| {
            let doc = table::read_grid(path, &s.grid, &layout, is_label).ok()?;
            (doc.blocks.len() >= 2).then_some((i, doc))
        })
        .collect();
    let cols: Vec<Vec<(String, Vec<Option<String>>)>> =
        tables.iter().map(|(_, d)| columns(d)).collect();
    let keys: Vec<Vec<(&str, HashSet<&str>)>> = cols.iter().map(|c| key_columns(c)).collect();
    let known = |doc: &RawDocument| doc.labels.iter().filter(|l| is_label(l)).count();
    // for each sheet as the parent, the sheets that join it
    let joins_of = |p: usize| -> Vec<(usize, String, String)> {
        (0..tables.len())
            .filter(|&c| c != p && !copy_of(&tables[c].1, &tables[p].1))
            .filter_map(|c| {
                let (pkey, key, _) = best_join(&keys[p], &cols[c])?;
                Some((c, pkey, key))
            })
            .collect()
    };
    let parent = match tables.iter().position(|(i, _)| *i == chosen) {
        Some(p) if named => p,
        _ if named => return None,
        _ => (0..tables.len())
            .max_by_key(|&p| (joins_of(p).len(), known(&tables[p].1), usize::MAX - p))?,
    };
    let joins = joins_of(parent);
    if joins.is_empty() {
        return None;
    }
    let parent_index = tables[parent].0;
    let mut tables: Vec<Option<(usize, RawDocument)>> = tables.into_iter().map(Some).collect();
    let children = joins
        .into_iter()
        .filter_map(|(c, parent_key, key)| {
            let (index, doc) = tables[c].take()?;
            Some(Child {
                index,
                doc,
                parent_key,
                key,
            })
        })
        .collect();
    Some(Plan {
        parent: parent_index,
        children,
    })
}

/// Whether a sheet has most of another's columns (a copy of the register, another
/// year's version): its rows are other activities or other versions, not their details.
fn copy_of(child: &RawDocument, parent: &RawDocument) -> bool {
    let shared = child
        .labels
        .iter()
        .filter(|l| parent.labels.contains(l))
        .count();
    child.labels.len() >= 3 && shared * 10 >= child.labels.len() * 8
}

/// Reads each child's rows into the activity its key names. The key cell itself, and a
/// cell that repeats what the activity says already under a label of the same field (a
/// summary sheet's name), are set aside with their reason; so is a row whose key names
/// no activity. The children's cells above their header go with the register's.
pub(crate) fn join(doc: &mut RawDocument, children: Vec<Child>, sheets: &[Sheet], labels: &Labels) {
    for child in children {
        let sheet = sheets[child.index].name().to_string();
        let by_key: HashMap<String, usize> = doc
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(b, block)| {
                let v = block
                    .values
                    .iter()
                    .find(|v| *v.label == *child.parent_key)?;
                Some((key_of(&v.text), b))
            })
            .collect();
        let mut rows = 0;
        for row in child.doc.blocks {
            let key = row
                .values
                .iter()
                .find(|v| *v.label == *child.key)
                .map(|v| key_of(&v.text));
            match key.and_then(|k| by_key.get(&k)) {
                Some(&b) => {
                    rows += 1;
                    take_row(
                        &mut doc.blocks[b],
                        row,
                        &child.key,
                        &sheet,
                        labels,
                        &mut doc.skipped,
                    )
                }
                None => {
                    doc.skipped
                        .extend(row.values.into_iter().filter(|v| !v.derived).map(|value| {
                            Skipped {
                                value,
                                reason: Said::JoinedRowWithoutActivity(sheet.clone()),
                            }
                        }))
                }
            }
        }
        doc.preamble.extend(child.doc.preamble);
        doc.skipped.extend(child.doc.skipped);
        for l in child.doc.labels {
            if !doc.labels.contains(&l) {
                doc.labels.push(l);
            }
        }
        doc.info.notes.push(Said::SheetJoined {
            sheet,
            key: child.key,
            rows,
        });
    }
}

/// One row of a joined sheet into its activity.
fn take_row(
    block: &mut RawBlock,
    row: RawBlock,
    key: &str,
    sheet: &str,
    labels: &Labels,
    skipped: &mut Vec<Skipped>,
) {
    let mut values: Vec<RawValue> = row.values.into_iter().filter(|v| !v.derived).collect();
    let qualifier = qualify_parties(&mut values, labels);
    let category = head_details(&mut values, labels);
    for (i, v) in values.into_iter().enumerate() {
        let reason = if *v.label == *key {
            Some(Said::JoinKey(sheet.to_string()))
        } else if qualifier == Some(i) {
            Some(Said::QualifiesParty)
        } else if category == Some(i) {
            Some(Said::HeadsDetails)
        } else if repeats(block, &v, labels) {
            Some(Said::SummaryRepeat)
        } else {
            None
        };
        match reason {
            Some(reason) => skipped.push(Skipped { value: v, reason }),
            None => block.values.push(v),
        }
    }
}

/// Words of a column that says what a party is (`Type`, `Rôle`, `Art des Empfängers`),
/// folded.
const KIND_WORDS: &[&str] = &[
    "type",
    "role",
    "rolle",
    "art",
    "tipo",
    "ruolo",
    "rol",
    "soort",
    "nature",
    "qualite",
    "categorie",
    "category",
    "kategorie",
    "categoria",
    "categorie",
];

/// In one row that names a recipient or a processor, the short cell of a column that
/// says what that party is (`Type | sous-traitant`, `Role | Processor`): it becomes the
/// qualifier of the party's cells, as a template's sub-heading would be, and its index is
/// given so that it is set aside as such rather than read as a field of the activity.
fn qualify_parties(values: &mut [RawValue], labels: &Labels) -> Option<usize> {
    use ropa_model::Field;
    let is_party = |v: &RawValue| {
        matches!(
            labels.field(&v.label),
            Some(Field::Recipients | Field::Processors)
        )
    };
    if !values.iter().any(is_party) {
        return None;
    }
    let kind = values.iter().position(|v| {
        let label = fold(&v.label);
        !is_party(v)
            && label.split(' ').any(|w| KIND_WORDS.contains(&w))
            && (1..=4).contains(&v.text.split_whitespace().count())
    })?;
    let qualifier = values[kind].text.trim().to_string();
    for v in values.iter_mut().filter(|v| is_party(v)) {
        v.option.get_or_insert_with(|| qualifier.clone());
    }
    Some(kind)
}

/// Words of a column that details the category of data named in its row (`Détail`,
/// `Description`, `Beschreibung`), folded.
const DETAIL_WORDS: &[&str] = &[
    "detail",
    "details",
    "precisions",
    "description",
    "exemples",
    "examples",
    "beschreibung",
    "einzelheiten",
    "detalle",
    "detalles",
    "dettaglio",
    "dettagli",
    "toelichting",
    "omschrijving",
];

/// In one row that names a category of data and details it in another column
/// (`Catégorie | Identité`, `Détail | Nom, prénom`), the details are that category's:
/// they are read under it, as a template's sub-row would be, and the category's index is
/// given so that it is set aside as their heading.
fn head_details(values: &mut [RawValue], labels: &Labels) -> Option<usize> {
    use ropa_model::Field;
    let category = values
        .iter()
        .position(|v| labels.field(&v.label) == Some(Field::DataCategories))?;
    let details = values.iter().position(|v| {
        let label = fold(&v.label);
        label.split(' ').any(|w| DETAIL_WORDS.contains(&w))
            && matches!(labels.field(&v.label), None | Some(Field::DataCategories))
    })?;
    if details == category {
        return None;
    }
    let (label, heading) = (
        values[category].label.clone(),
        values[category].text.clone(),
    );
    let d = &mut values[details];
    d.label = label;
    d.sublabel = Some(heading.trim().to_string());
    Some(category)
}

/// Whether the activity has the value already, under a label of the same field.
fn repeats(block: &RawBlock, v: &RawValue, labels: &Labels) -> bool {
    let text = key_of(&v.text);
    let field = labels.field(&v.label);
    has_content(&v.text)
        && block.values.iter().any(|w| {
            key_of(&w.text) == text
                && (w.label == v.label || field.is_some() && labels.field(&w.label) == field)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Grid;
    use ropa_model::Field;

    fn sheet(name: &str, rows: &[&[&str]]) -> Sheet {
        let mut grid = Grid::from_rows(
            rows.iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
        );
        grid.sheet = Some(name.to_string());
        Sheet {
            grid,
            visible: true,
            unreadable: Vec::new(),
        }
    }

    fn field(label: &str) -> Option<Field> {
        match label {
            "Nom" => Some(Field::Name),
            "Finalité" => Some(Field::Purpose),
            "Destinataire" => Some(Field::Recipients),
            "Catégorie" => Some(Field::DataCategories),
            _ => None,
        }
    }

    fn known(label: &str) -> bool {
        field(label).is_some()
    }

    #[test]
    fn rows_of_sheets_joined_by_a_key_go_to_their_activity() {
        let sheets = [
            sheet(
                "Synthèse",
                &[
                    &["ID", "Nom", "Statut"],
                    &["T1", "Paie", "ok"],
                    &["T2", "Clients", "à revoir"],
                ],
            ),
            sheet(
                "Données",
                &[
                    &["treatment_id", "data_category", "detail"],
                    &["Réf.", "Catégorie", "Détail"],
                    &["T1", "Identité", "Nom, prénom"],
                    &["T1", "Banque", "IBAN"],
                    &["T2", "Identité", ""],
                    &["T9", "Orpheline", "x"],
                ],
            ),
            sheet(
                "Traitements",
                &[
                    &["ID", "Nom", "Finalité"],
                    &["T1", "Paie", "Payer"],
                    &["T2", "Clients", "Vendre"],
                ],
            ),
            sheet(
                "Destinataires",
                &[
                    &["Destinataire", "Type", "Traitement"],
                    &["OVH", "sous-traitant", "T2"],
                    &["Comptable", "externe", "T1"],
                ],
            ),
        ];
        let labels = Labels::new(&known, &field);
        let p = plan(Path::new("w.xlsx"), &sheets, 0, false, &known).unwrap();
        // the activities' sheet is the one the others join with the most known labels,
        // not the summary that lists the same keys
        assert_eq!(p.parent, 2);
        assert_eq!(p.children.len(), 3);
        let mut doc = table::read_grid(
            Path::new("w.xlsx"),
            &sheets[2].grid,
            &TableLayout::default(),
            &known,
        )
        .unwrap();
        join(&mut doc, p.children, &sheets, &labels);
        assert_eq!(doc.blocks.len(), 2);
        let of = |b: usize, label: &str| -> Vec<(Option<String>, String, Option<String>)> {
            doc.blocks[b]
                .values
                .iter()
                .filter(|v| *v.label == *label)
                .map(|v| (v.sublabel.clone(), v.text.clone(), v.option.clone()))
                .collect()
        };
        // details under their category; a category without details stays a value
        assert_eq!(
            of(0, "Catégorie"),
            [
                (Some("Identité".into()), "Nom, prénom".into(), None),
                (Some("Banque".into()), "IBAN".into(), None)
            ]
        );
        assert_eq!(of(1, "Catégorie"), [(None, "Identité".into(), None)]);
        // a party qualified by the type in its row; the key column not the first
        assert_eq!(
            of(1, "Destinataire"),
            [(None, "OVH".into(), Some("sous-traitant".into()))]
        );
        // the summary's name repeats the activity's: set aside, its status joins
        assert_eq!(of(0, "Nom").len(), 1);
        assert_eq!(of(1, "Statut"), [(None, "à revoir".into(), None)]);
        // nothing lost: the orphan row, the keys, the machine keys set aside with reasons
        let reason = |text: &str| {
            doc.skipped
                .iter()
                .find(|s| s.value.text == text)
                .map(|s| s.reason.clone())
        };
        assert_eq!(
            reason("Orpheline"),
            Some(Said::JoinedRowWithoutActivity("Données".into()))
        );
        assert_eq!(reason("treatment_id"), Some(Said::ColumnKeys));
        assert_eq!(reason("sous-traitant"), Some(Said::QualifiesParty));
        assert_eq!(reason("Banque"), Some(Said::HeadsDetails));
    }

    #[test]
    fn sheets_of_other_activities_or_other_versions_join_nothing() {
        let sheets = [
            sheet(
                "A",
                &[
                    &["Nom", "Finalité"],
                    &["Paie", "Payer"],
                    &["Clients", "Vendre"],
                ],
            ),
            sheet(
                "B",
                &[&["Nom", "Finalité"], &["Autre", "x"], &["Encore", "y"]],
            ),
        ];
        assert!(plan(Path::new("w.xlsx"), &sheets, 0, false, &known).is_none());
        // last year's register beside this year's: the same keys, the same columns
        let year = |n: &str, purpose: &str| {
            sheet(
                n,
                &[
                    &["ID", "Nom", "Finalité"],
                    &["T1", "Paie", purpose],
                    &["T2", "Clients", "Vendre"],
                ],
            )
        };
        let sheets = [year("2025", "Payer"), year("2024", "Payer les salariés")];
        assert!(plan(Path::new("w.xlsx"), &sheets, 0, false, &known).is_none());
        // a sheet that numbers its own rows 1, 2, 3 names no activity by that number
        let sheets = [
            sheet(
                "Traitements",
                &[
                    &["N°", "Nom", "Finalité"],
                    &["1", "Paie", "Payer"],
                    &["2", "Clients", "Vendre"],
                    &["3", "RH", "Gérer"],
                ],
            ),
            sheet(
                "Mesures",
                &[
                    &["N°", "Mesure", "Statut"],
                    &["1", "Sauvegarde", "ok"],
                    &["2", "Chiffrement", "ok"],
                ],
            ),
        ];
        assert!(plan(Path::new("w.xlsx"), &sheets, 0, false, &known).is_none());
    }
}
