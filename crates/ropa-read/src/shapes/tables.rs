//! Shapes 1–3, read on each table of a document: a table of activities under a header row,
//! a transposed table (labels down the first column, one column per activity), and one
//! label | value table per activity. The blocks between the tables speak for the register.

use super::{Found, Labels, Pairs, Shape, heading_text, is_activity, title_values};
use crate::document::{Block, Cell, Document, Kind, Table};
use crate::{RawBlock, RawDocument, RawValue, Skipped};
use ropa_model::text::has_content;
use ropa_model::{Field, Said, Why};
use std::collections::BTreeSet;

/// The tables of a document being read: the activities found so far, counted by shape, and
/// the blocks since the last table, waiting to be read as the register's own values.
struct Tables<'d, 'l> {
    labels: &'l Labels<'l>,
    out: RawDocument,
    register: Pairs,
    /// Activities found as rows of a table of activities.
    rows: usize,
    /// Activities found as columns of a transposed table.
    columns: usize,
    /// Activities found as label | value tables.
    fiches: usize,
    /// The document's blocks that gave activity rows, by index.
    tables: Vec<(usize, usize)>,
    /// The fields found, summed over the activities.
    evidence: usize,
    /// The heading that names the next label | value table.
    last_heading: Option<&'d Block>,
    /// The blocks not read yet: the register's, or set aside after the first activity.
    pending: Vec<&'d Block>,
    /// Whether an activity was found already.
    any: bool,
}

/// Shapes 1–3 on each table of the document.
pub(super) fn by_tables(doc: &Document, labels: &Labels) -> Option<Found> {
    let mut r = Tables {
        labels,
        out: RawDocument::default(),
        register: Pairs::default(),
        rows: 0,
        columns: 0,
        fiches: 0,
        tables: Vec::new(),
        evidence: 0,
        last_heading: None,
        pending: Vec::new(),
        any: false,
    };
    for (i, b) in doc.blocks.iter().enumerate() {
        let Kind::Table(t) = &b.kind else {
            if matches!(b.kind, Kind::Heading { .. }) {
                r.last_heading = Some(b);
            }
            r.pending.push(b);
            continue;
        };
        if r.fiche(t) {
            r.any = true;
        } else if r.activity_rows(t) {
            r.any = true;
            r.tables.push((i, i + 1));
        } else if r.transposed(t) {
            r.any = true;
        } else {
            r.pending.push(b);
        }
    }
    r.finish()
}

impl Tables<'_, '_> {
    /// A label | value table of one activity, named by the heading above it, when it
    /// carries an activity's fields.
    fn fiche(&mut self, t: &Table) -> bool {
        if t.width() != 2 {
            return false;
        }
        let mut fiche = Pairs::default();
        fiche.table(self.labels, t);
        if !is_activity(&fiche.fields) || super::a_party_profile(&fiche, self.labels) {
            return false;
        }
        let heading = self.last_heading.take();
        self.flush_register(heading);
        let mut values = Vec::new();
        if let Some(h) = heading {
            let named = fiche
                .values
                .iter()
                .any(|v| self.labels.field(&v.label) == Some(Field::Name));
            let (title, numbering) = title_values(heading_text(h), &h.place, named);
            values.extend(title);
            self.out.skipped.extend(numbering);
        }
        self.evidence += fiche.fields.len();
        values.extend(fiche.values);
        self.out.skipped.extend(fiche.skipped);
        self.out.blocks.push(RawBlock {
            values,
            reversed: false,
        });
        self.fiches += 1;
        true
    }

    /// A table of activities, when a header row of field labels is found: the rows above
    /// it speak for the register, each row under it is an activity.
    fn activity_rows(&mut self, t: &Table) -> bool {
        let Some(h) = header_row(t, self.labels) else {
            return false;
        };
        let header: Vec<(usize, String)> = grid_cols(&t.rows[h]);
        // after a table of activities, a table led by a party (`Sous-traitant | Finalité
        // | Données transmises`) lists the processors or recipients of those activities:
        // each row is a party, not an activity (read as the register's, set aside)
        if self.rows > 0 && party_first(&header, self.labels) {
            return false;
        }
        self.flush_register(None);
        for row in &t.rows[..h] {
            for c in row.iter().filter(|c| has_content(&c.text)) {
                self.register
                    .push(self.labels, "", &c.text, &c.place, false);
            }
        }
        for row in &t.rows[h + 1..] {
            self.activity_row(t, row, &header);
        }
        self.out.labels.extend(header.into_iter().map(|(_, l)| l));
        true
    }

    /// One row under the header: an activity, its values labelled by the header above
    /// each cell; a banner or a row of fewer than two values is set aside.
    fn activity_row(&mut self, t: &Table, row: &[Cell], header: &[(usize, String)]) {
        let filled = row
            .iter()
            .filter(|c| has_content(&c.text) && !c.merged_copy)
            .count();
        if t.is_banner(row) || filled < 2 {
            for c in row
                .iter()
                .filter(|c| has_content(&c.text) && !c.merged_copy)
            {
                let mut v = RawValue::new("", c.text.clone(), c.place.clone());
                v.aside = Some(super::super::NOT_AN_ACTIVITY_ROW.into());
                self.register.values.push(v);
            }
            return;
        }
        let mut p = Pairs::default();
        for (col, c) in grid_cols_cells(row) {
            let label = header
                .iter()
                .find(|(hc, _)| *hc == col)
                .map(|(_, l)| l.clone())
                .unwrap_or_default();
            p.push(self.labels, &label, &c.text, &c.place, c.merged_copy);
        }
        self.activity(p);
        self.rows += 1;
    }

    /// A transposed table, when its first column carries an activity's fields: one
    /// activity per other column; a banner row is set aside as an inner title.
    fn transposed(&mut self, t: &Table) -> bool {
        let col_fields: BTreeSet<Field> = t
            .rows
            .iter()
            .filter_map(|r| r.first())
            .filter_map(|c| self.labels.field(&c.text))
            .collect();
        if t.width() < 3 || !is_activity(&col_fields) {
            return false;
        }
        self.flush_register(None);
        let width = t.width();
        let mut cols: Vec<Pairs> = (1..width).map(|_| Pairs::default()).collect();
        for row in &t.rows {
            if t.is_banner(row) {
                for c in row.iter().filter(|c| has_content(&c.text)) {
                    self.out.skipped.push(Skipped {
                        value: RawValue::new("", c.text.clone(), c.place.clone()),
                        reason: Said::TableSubheading,
                    });
                }
                continue;
            }
            let Some((first, rest)) = row.split_first() else {
                continue;
            };
            let mut col = first.span.max(1);
            for c in rest {
                if let Some(p) = cols.get_mut(col - 1) {
                    p.push(self.labels, &first.text, &c.text, &c.place, false);
                }
                col += c.span.max(1);
            }
            self.out.labels.push(first.text.clone());
        }
        for p in cols {
            if p.values.is_empty() {
                continue;
            }
            self.activity(p);
            self.columns += 1;
        }
        true
    }

    /// An activity found: its values a block, its set-aside values kept.
    fn activity(&mut self, p: Pairs) {
        self.evidence += p.fields.len();
        self.out.skipped.extend(p.skipped);
        self.out.blocks.push(RawBlock {
            values: p.values,
            reversed: false,
        });
    }

    /// The pending blocks read as the register's values (set aside when after an
    /// activity), but for `keep`, the heading that names the table being read.
    fn flush_register(&mut self, keep: Option<&Block>) {
        let mut p = Pairs::default();
        for b in self.pending.drain(..) {
            if keep.is_some_and(|k| std::ptr::eq(k, b)) {
                continue;
            }
            p.block(self.labels, b, false);
        }
        for mut v in p.values {
            if self.any {
                v.aside = Some("hors des activités".into());
            }
            self.register.values.push(v);
        }
        self.out.skipped.append(&mut p.skipped);
    }

    /// The document read: the shape of most activities (label | value tables on a tie),
    /// and why; None when no table held an activity.
    fn finish(mut self) -> Option<Found> {
        self.flush_register(None);
        self.out.preamble.append(&mut self.register.values);
        self.out.skipped.append(&mut self.register.skipped);
        let n = self.rows + self.columns + self.fiches;
        if n == 0 {
            return None;
        }
        let shape = if self.fiches >= self.rows.max(self.columns) {
            Shape::FicheTables
        } else if self.columns > self.rows {
            Shape::Transposed
        } else {
            Shape::Table
        };
        let why = match shape {
            Shape::FicheTables => Why::FicheTables(n),
            Shape::Transposed => Why::Transposed(n),
            _ => Why::TableRows(n),
        };
        Some(Found {
            shape,
            doc: self.out,
            why,
            evidence: self.evidence,
            runner_up: None,
            spans: self.tables,
        })
    }
}

/// Whether a table's header is led by a party (`Empfänger | Zweck | Rechtsgrundlage`,
/// `Sous-traitant | Finalité | …`): its rows are recipients or processors, each with
/// what it receives and why, not activities.
pub(super) fn led_by_a_party(t: &Table, labels: &Labels) -> bool {
    header_row(t, labels).is_some_and(|h| party_first(&grid_cols(&t.rows[h]), labels))
}

/// Whether a header row's first filled cell names the processors or the recipients.
fn party_first(header: &[(usize, String)], labels: &Labels) -> bool {
    let leader = header
        .iter()
        .find(|(_, l)| has_content(l))
        .and_then(|(_, l)| labels.field(l));
    matches!(leader, Some(Field::Processors | Field::Recipients))
}

/// The header row of a table: the row of the first three with the most field labels.
fn header_row(t: &Table, labels: &Labels) -> Option<usize> {
    t.rows
        .iter()
        .take(3)
        .enumerate()
        .map(|(i, r)| {
            (
                i,
                r.iter()
                    .filter_map(|c| labels.field(&c.text))
                    .collect::<BTreeSet<Field>>(),
            )
        })
        .max_by_key(|(i, f)| (f.len(), std::cmp::Reverse(*i)))
        .filter(|(_, f)| is_activity(f) || (f.contains(&Field::Name) && f.len() >= 4))
        .map(|(i, _)| i)
}

/// Each cell's first grid column (cells spanning several columns count once).
fn grid_cols(row: &[Cell]) -> Vec<(usize, String)> {
    grid_cols_cells(row)
        .into_iter()
        .map(|(c, cell)| (c, cell.text.replace('\n', " ")))
        .collect()
}

/// Each cell with its first grid column (1-based).
fn grid_cols_cells(row: &[Cell]) -> Vec<(usize, &Cell)> {
    let mut col = 1;
    row.iter()
        .map(|c| {
            let at = col;
            col += c.span.max(1);
            (at, c)
        })
        .collect()
}
