//! The detail sheets of a re-read register (Destinataires, Conservation, Sécurité,
//! Risques): an activity's rows read again where they are not the rows ropa wrote, in
//! any order (a sorted sheet is no edit).

use super::{KeyColumns, Reading, cell, sheet_named, table_rows, text_key};
use crate::cell_text;
use crate::details::Detail;
use ropa_model::text::{fold, has_content};
use ropa_model::{Activity, Field, Lang, Origin, Place, Said, Value};
use ropa_normalise::Piece;
use std::collections::BTreeMap;

/// A row of a detail sheet: its 0-based row and its item columns.
type DetailRow = (usize, Vec<String>);

/// The rows of a detail sheet that hold something.
struct DetailRows {
    /// The rows of each written activity they name, by its index in what was written.
    groups: BTreeMap<usize, Vec<DetailRow>>,
    /// The rows naming an activity ropa did not write, by its ID (or `N° of Source`).
    strays: BTreeMap<String, Vec<usize>>,
}

impl<'a> Reading<'a> {
    /// Reads a detail sheet, if there is one (written in French or in English, whatever
    /// the language of this run), for the `listed` activities; its rows naming no
    /// activity of `Registre` are noted, not read.
    pub(super) fn read_detail_sheet(&mut self, d: Detail, listed: &[(usize, usize)]) {
        let Some(name) = sheet_named(self.sheets, d.sheet_msg()) else {
            return;
        };
        let DetailRows {
            mut groups,
            mut strays,
        } = self.detail_rows(d, name);
        for &(i, w) in listed {
            let group = groups.remove(&w).unwrap_or_default();
            self.reread_items(d, name, (i, w), &group);
        }
        for (w, rows) in groups {
            strays
                .entry(self.written[w].id.clone())
                .or_default()
                .extend(rows.iter().map(|(r, _)| *r));
        }
        for (who, rows) in strays {
            self.out.notes.push(Said::RowsOfUnknownActivity {
                sheet: name.to_string(),
                rows: rows.len(),
                who: who.to_string(),
                first: rows.first().map_or(0, |r| r + 1),
            });
        }
    }

    /// The rows of detail sheet `name` that hold something, each by the activity it
    /// names (its ID, else its Source and N°), as its item columns found by their header
    /// wherever the client moved them.
    fn detail_rows(&self, d: Detail, name: &str) -> DetailRows {
        let rows = table_rows(self.sheets, name);
        let header = rows.first().cloned().unwrap_or_default();
        let keys = KeyColumns::of(&header);
        let item_cols: Vec<Option<usize>> = d
            .header_msgs()
            .iter()
            .enumerate()
            .map(|(i, h)| {
                header
                    .iter()
                    .position(|x| h.both().iter().any(|h| fold(x) == fold(h)))
                    .or((keys.id.is_none()).then_some(3 + i))
            })
            .collect();
        let mut found = DetailRows {
            groups: BTreeMap::new(),
            strays: BTreeMap::new(),
        };
        for (r, row) in rows.iter().enumerate().skip(1) {
            if !row.iter().any(|c| has_content(c)) {
                continue;
            }
            let id = keys.id.map(|c| cell(row, c).trim());
            let key = (
                keys.source
                    .map(|c| cell(row, c).trim().to_string())
                    .unwrap_or_default(),
                keys.index
                    .and_then(|c| cell(row, c).trim().parse().ok())
                    .unwrap_or(0),
            );
            let written = match id.filter(|id| !id.is_empty()) {
                Some(id) => self.by_id.get(id).copied(),
                None => self.by_key.get(&key).copied(),
            };
            let items: Vec<String> = item_cols
                .iter()
                .map(|c| c.map_or(String::new(), |c| cell(row, c).to_string()))
                .collect();
            match written {
                Some(w) => found.groups.entry(w).or_default().push((r, items)),
                None => found
                    .strays
                    .entry(id.map_or_else(|| format!("{} of {}", key.1, key.0), str::to_string))
                    .or_default()
                    .push(r),
            }
        }
        found
    }

    /// Reads again the rows of detail sheet `name` that name activity `i` (written as
    /// `w`), where they are not the rows ropa wrote in any order: its fields of the
    /// sheet are made again from them, unless its `Registre` cell was edited too.
    fn reread_items(&mut self, d: Detail, name: &str, (i, w): (usize, usize), group: &[DetailRow]) {
        let written: &'a [Activity] = self.written;
        let was = WrittenRows::of(d, &written[w], self.lang);
        let read_keys: Vec<Vec<String>> = group.iter().map(|(_, x)| keyed(x)).collect();
        let mut sorted_read: Vec<&Vec<String>> = read_keys.iter().collect();
        let mut sorted_was: Vec<&Vec<String>> = was.keys.iter().collect();
        sorted_read.sort();
        sorted_was.sort();
        if sorted_read == sorted_was {
            return;
        }
        let id = &written[w].id;
        let edited_in_registre = self
            .edited_fields
            .get(&w)
            .is_some_and(|f| d.fields().iter().any(|x| f.contains(x)));
        if edited_in_registre {
            self.out.notes.push(Said::DetailAndRegistreEdited {
                sheet: name.to_string(),
                id: id.to_string(),
            });
            return;
        }
        self.out.edits.push(Said::DetailSheetEdited {
            sheet: name.to_string(),
            id: id.to_string(),
        });
        let values = self.items_read(d, name, group, &read_keys, &was);
        let a = &mut self.activities[i];
        for f in d.fields() {
            a.fields.remove(f);
            a.provenance.remove(f);
        }
        for (f, (items, origins)) in values {
            if let Some(v) = Value::from_items(items) {
                a.fields.insert(f, v);
                a.provenance.insert(f, origins);
            }
        }
    }

    /// The items of an activity's rows of detail sheet `name`, by field, with their
    /// origins: a row as ropa wrote it keeps its item; the others are read afresh, each
    /// compared with a row ropa wrote that no row repeats, in order.
    fn items_read(
        &self,
        d: Detail,
        name: &str,
        group: &[DetailRow],
        read_keys: &[Vec<String>],
        was: &WrittenRows,
    ) -> BTreeMap<Field, (Vec<Value>, Vec<Origin>)> {
        let (exact, leftover) = exact_rows(read_keys, &was.keys);
        let mut leftover = leftover.into_iter();
        let mut values: BTreeMap<Field, (Vec<Value>, Vec<Origin>)> = BTreeMap::new();
        for ((r, items), k) in group.iter().zip(exact) {
            let origin = Origin {
                place: self.here(name, *r, 3),
                label: name.into(),
                text: Some(
                    items
                        .iter()
                        .filter(|c| has_content(c))
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" | "),
                ),
            };
            let pairs: Vec<(Field, Value)> = match k.and_then(|k| was.items.get(k)) {
                Some(item) => vec![item.clone()],
                None => {
                    let before = leftover.next().map(|k| &was.rows[k]);
                    d.parse(std::slice::from_ref(items))
                        .into_iter()
                        .map(|(f, v)| {
                            let place = Place::Cell {
                                sheet: Some(name.to_string()),
                                row: r + 1,
                                col: 1,
                            };
                            (f, refreshed(d, (f, v), items, before, place))
                        })
                        .collect()
                }
            };
            for (f, v) in pairs {
                let slot = values.entry(f).or_default();
                slot.0.extend(v.items());
                slot.1.push(origin.clone());
            }
        }
        values
    }
}

/// An activity's rows of a detail sheet as ropa wrote them.
struct WrittenRows {
    /// The items, one per row (see [`detail_items`]).
    items: Vec<(Field, Value)>,
    /// The rows' item cells, as written.
    rows: Vec<Vec<String>>,
    /// The rows as compared (see [`keyed`]).
    keys: Vec<Vec<String>>,
}

impl WrittenRows {
    /// The rows detail sheet `d` holds for activity `a`, written in `lang`.
    fn of(d: Detail, a: &Activity, lang: Lang) -> WrittenRows {
        let rows: Vec<Vec<String>> = d
            .rows(a, lang)
            .into_iter()
            .map(|row| row.iter().map(|c| cell_text(c).into_owned()).collect())
            .collect();
        WrittenRows {
            items: detail_items(d, a),
            keys: rows.iter().map(|r| keyed(r)).collect(),
            rows,
        }
    }
}

/// A row's cells as compared: as a spreadsheet program may save them again (see [`text_key`]).
fn keyed(row: &[String]) -> Vec<String> {
    row.iter().map(|c| text_key(c)).collect()
}

/// The written row each row read is exactly (each written row paired once, in order),
/// and the written rows left unpaired, in order.
fn exact_rows(
    read_keys: &[Vec<String>],
    was_keys: &[Vec<String>],
) -> (Vec<Option<usize>>, Vec<usize>) {
    let mut unused: Vec<bool> = vec![true; was_keys.len()];
    let exact = read_keys
        .iter()
        .map(|items| {
            let k = (0..was_keys.len()).find(|&k| unused[k] && &was_keys[k] == items)?;
            unused[k] = false;
            Some(k)
        })
        .collect();
    let leftover = (0..was_keys.len()).filter(|&k| unused[k]).collect();
    (exact, leftover)
}

/// The items of an activity a detail sheet lists, one per row as [`Detail::rows`] writes them.
fn detail_items(d: Detail, a: &Activity) -> Vec<(Field, Value)> {
    d.fields()
        .iter()
        .flat_map(|f| {
            a.get(*f)
                .map(Value::items)
                .unwrap_or_default()
                .into_iter()
                .map(move |v| (*f, v))
        })
        .collect()
}

/// An item read again from an edited row of a detail sheet: where the client changed
/// the text and left the columns ropa derives from it, those are derived afresh (a
/// duration from its text, a recipient's kind from its name, a measure's category
/// from its wording), as on the first reading.
fn refreshed(
    d: Detail,
    (field, value): (Field, Value),
    row: &[String],
    was: Option<&Vec<String>>,
    place: Place,
) -> Value {
    let Some(was) = was else {
        return value;
    };
    let changed = |i: usize| cell(row, i).trim() != cell(was, i).trim();
    let fresh =
        |text: &str| ropa_normalise::build_value(field, &[Piece::plain("", text, place.clone())]);
    match (d, value) {
        // Durée (texte) changed, Durée (ISO 8601), Point de départ, Sans terme not
        (Detail::Retention, Value::Retention(items)) if changed(0) && !(1..4).any(changed) => {
            match fresh(cell(row, 0)) {
                Some(Value::Retention(mut periods)) => {
                    let data = items.first().and_then(|i| i.data.clone());
                    for p in &mut periods {
                        if p.data.is_none() {
                            p.data.clone_from(&data);
                        }
                    }
                    Value::Retention(periods)
                }
                _ => Value::Retention(items),
            }
        }
        // Destinataire changed, Type not
        (Detail::Recipients, Value::Recipients(mut items)) if changed(1) && !changed(2) => {
            if let Some(Value::Recipients(fresh)) = fresh(cell(row, 1)) {
                for (item, f) in items.iter_mut().zip(fresh) {
                    item.kind = f.kind;
                }
            }
            Value::Recipients(items)
        }
        // Mesure changed, Catégorie not
        (Detail::Security, Value::Security(mut items)) if changed(2) && !changed(0) => {
            if let Some(Value::Security(fresh)) = fresh(cell(row, 2)) {
                for (item, f) in items.iter_mut().zip(fresh) {
                    item.category = f.category;
                }
            }
            Value::Security(items)
        }
        (_, value) => value,
    }
}
