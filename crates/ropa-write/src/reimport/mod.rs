//! Re-reading ropa's own `register.xlsx` after a client has edited it.
//!
//! The hidden sheet `ropa` holds the canonical register as written. Each visible cell is
//! compared with what ropa wrote there: an unchanged cell keeps the typed value as it
//! was (nothing is re-guessed), an edited `Registre` cell is normalised afresh, and an
//! edited detail sheet (Destinataires, Conservation, Sécurité, Risques) rebuilds its
//! nested values from its rows. Every edit is listed, by place and field, never by value.

mod detail_sheets;

use crate::details::Detail;
use crate::i18n::Msg;
use crate::json::{activity_from_json_with, inherit_format_fields};
use crate::register_xlsx::{self, DATA_MARK, DATA_SHEET, ID_COLUMN, LABELS_ROW, SOURCE_ROW};
use crate::{Table, cell_text};
use ropa_model::Lang;
use ropa_model::error::{Error, Result};
use ropa_model::text::{fold, has_content};
use ropa_model::{
    ALL_FIELDS, Activity, Extra, Field, Kind, Origin, Place, Said, SourceReport, Value,
};
use ropa_normalise::Piece;
use ropa_read::workbook::Sheet;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// What a re-read register gives back.
#[derive(Debug, Default)]
pub struct Reimported {
    /// The activities: those ropa wrote in the order it wrote them (a sorted sheet
    /// changes nothing), then the new ones in the order of their rows.
    pub activities: Vec<Activity>,
    /// The reports of the sources the activities came from, as first read.
    pub sources: Vec<SourceReport>,
    /// What the client changed, by place and field (no values).
    pub edits: Vec<Said>,
    /// What could not be taken into account, and why.
    pub notes: Vec<Said>,
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

/// The run that wrote a ropa register, as its hidden sheet records it.
pub fn run_of(sheets: &[Sheet]) -> Option<crate::run::Run> {
    let cell = sheet(sheets, DATA_SHEET)?
        .grid
        .rows
        .first()?
        .get(usize::from(register_xlsx::RUN_COLUMN))?;
    serde_json::from_str(cell).ok()
}

/// Whether a workbook is a register written by ropa.
pub fn is_ropa_register(sheets: &[Sheet]) -> bool {
    ropa_mark(sheets) == Some(DATA_MARK)
}

/// Whether a register's `Provenance` was written for every activity: the run asked for
/// it (`--provenance full`), or the sheet holds more rows than a cut one (a register
/// written before the cut).
fn provenance_in_full(sheets: &[Sheet], lang: Lang) -> bool {
    run_of(sheets).is_some_and(|r| r.full_provenance)
        || sheet(sheets, Msg::SheetProvenance.text(lang))
            .is_some_and(|s| s.grid.rows.len() > register_xlsx::PROVENANCE_UP_TO + 2)
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
    // 1. what ropa wrote
    let (written, sources) = read_written(path, sheets)?;
    // 2. the Registre sheet: one row per activity
    let registre = Registre::find(path, sheets)?;
    let mut reading = Reading::new(path, sheets, &written, registre.lang);
    reading.out.sources = sources;
    reading.read_registre(&registre);
    // 3. the detail sheets: an activity's rows are read again where they are not the rows
    // ropa wrote, in any order (a sorted sheet is no edit)
    let listed = reading.listed();
    for d in Detail::ALL {
        reading.read_detail_sheet(d, &listed);
    }
    // 4. the sheets that only report (Non mappé, Ignoré, Provenance, Libellés) are not read:
    // say so when they were changed, rather than drop the change silently
    reading.note_report_sheet_changes();
    Ok(reading.finish())
}

/// What ropa wrote, from the hidden sheet: the activities in the order it wrote them
/// (those of a register written before activities had ids get the ids ropa gives them
/// now), and the reports of their sources.
fn read_written(path: &Path, sheets: &[Sheet]) -> Result<(Vec<Activity>, Vec<SourceReport>)> {
    let mut written: Vec<Activity> = Vec::new();
    let mut sources: Vec<SourceReport> = Vec::new();
    let mut with_format: Vec<bool> = Vec::new();
    // the origins' labels, each once (a register of layout 1 has none: its labels are
    // written out in full)
    let mut labels: Vec<String> = Vec::new();
    let data = sheet(sheets, DATA_SHEET)
        .map(|s| &s.grid.rows[..])
        .unwrap_or(&[]);
    for (r, row) in data.iter().enumerate().skip(1) {
        let json: String = row.iter().skip(2).map(String::as_str).collect();
        if json.is_empty() {
            continue;
        }
        let broken = |what: &str| damaged(path, format!("{DATA_SHEET}!C{}", r + 1), what);
        match cell(row, 0) {
            SOURCE_ROW => {
                let report = serde_json::from_str(&json).map_err(|e| broken(&e.to_string()))?;
                sources.push(report);
                continue;
            }
            LABELS_ROW => {
                labels = serde_json::from_str(&json).map_err(|e| broken(&e.to_string()))?;
                continue;
            }
            _ => {}
        }
        let value: serde_json::Value =
            serde_json::from_str(&json).map_err(|e| broken(&e.to_string()))?;
        let a = activity_from_json_with(&value, &labels).map_err(|e| broken(&e))?;
        with_format.push(value.get("format_fields").is_some());
        written.push(a);
    }
    inherit_format_fields(&mut written, &with_format);
    // a register written before activities had ids: the ids ropa gives them now
    ropa_model::assign_ids(&mut written);
    Ok((written, sources))
}

/// The error of a hidden sheet that no longer holds what ropa wrote, at `place`.
fn damaged(path: &Path, place: String, what: &str) -> Error {
    Error::Parse {
        path: path.to_path_buf(),
        place,
        message: format!(
            "{what}: the hidden sheet `{DATA_SHEET}` no longer holds what ropa wrote. Write the register again with `ropa ingest`, or delete the sheet `{DATA_SHEET}` to read the workbook as an ordinary table."
        ),
    }
}

/// The `Registre` sheet as the client left it: its rows, and what each column holds.
struct Registre<'a> {
    /// Its name: `Registre`, or the name a client gave it.
    name: String,
    /// Its first sheet, which places its cells.
    sheet: &'a Sheet,
    /// Its rows over its continuation sheets, the header first.
    rows: Vec<Vec<String>>,
    /// Its first row.
    header: Vec<String>,
    /// The language of its header.
    lang: Lang,
    /// Its ID, Source and N° columns.
    keys: KeyColumns,
    /// The field each column holds, if it holds one.
    fields: Vec<Option<Field>>,
    /// The fields of its columns, in their order: the format of a new activity.
    format_fields: Vec<Field>,
}

impl<'a> Registre<'a> {
    /// Finds the sheet and reads what its header says. A renamed Registre sheet is found
    /// by its header: ID or Source and N°, and field labels.
    fn find(path: &Path, sheets: &'a [Sheet]) -> Result<Registre<'a>> {
        let name = registre_sheet(sheets).unwrap_or("Registre").to_string();
        let first = sheet(sheets, &name).ok_or_else(|| Error::Parse {
            path: path.to_path_buf(),
            place: "Registre".into(),
            message: "the sheet `Registre` is missing; ropa reads the activities from it. Restore it (Ctrl+Z in Excel), or write the register again with `ropa ingest`.".into(),
        })?;
        let rows = table_rows(sheets, &name);
        let header: Vec<String> = rows.first().cloned().unwrap_or_default();
        let lang = if header.iter().any(|h| h == Field::Purpose.label_en())
            || name == Msg::SheetRegister.text(Lang::En)
        {
            Lang::En
        } else {
            Lang::Fr
        };
        let keys = KeyColumns::of(&header);
        let fields = field_columns(&header, &keys)?;
        let format_fields = fields.iter().flatten().copied().collect();
        Ok(Registre {
            name,
            sheet: first,
            rows,
            header,
            lang,
            keys,
            fields,
            format_fields,
        })
    }

    /// The rows under the header that hold something, each with its 0-based row.
    fn body(&self) -> Vec<(usize, &Vec<String>)> {
        self.rows
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, row)| row.iter().any(|c| has_content(c)))
            .collect()
    }

    /// Whether a row says otherwise than what ropa wrote of an activity, in a field column.
    fn differs(&self, a: &Activity, row: &[String]) -> bool {
        self.fields.iter().enumerate().any(|(c, f)| {
            f.is_some_and(|f| {
                let before = a.get(f).map(|v| cell_text(&v.display_text()).into_owned());
                !same_text(before.as_deref().unwrap_or(""), cell(row, c))
            })
        })
    }
}

/// The field each column of `Registre` holds: a header is ropa's own label, else matched
/// like any label (a client renamed it); a second column of a field already taken keeps
/// its values apart, in extra.
fn field_columns(header: &[String], keys: &KeyColumns) -> Result<Vec<Option<Field>>> {
    let generic = ropa_map::Mapping::parse(
        Path::new("built-in/reimport"),
        "name = \"reimport\"\n[layout]\nkind = \"table\"\n",
    )?;
    let matcher = ropa_map::LabelMatcher::new(&generic);
    let mut taken = HashSet::new();
    Ok(header
        .iter()
        .enumerate()
        .map(|(c, h)| {
            if keys.has(c) {
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
        .collect())
}

/// One re-reading of a register: what ropa wrote, and what is read back so far.
struct Reading<'a> {
    /// The workbook's file name, in the places of what is read.
    file: String,
    /// The workbook's sheets.
    sheets: &'a [Sheet],
    /// The activities ropa wrote, in the order it wrote them.
    written: &'a [Activity],
    /// The written activities by their id.
    by_id: HashMap<&'a str, usize>,
    /// The written activities by their source and number.
    by_key: HashMap<Key, usize>,
    /// The language of `Registre`'s header, in which the detail sheets are compared.
    lang: Lang,
    /// The activities of `Registre`, in the order of its rows.
    activities: Vec<Activity>,
    /// The written activity each activity of `activities` is, if it is one (not a copy).
    original_of: Vec<Option<usize>>,
    /// The fields of each written activity edited in `Registre`.
    edited_fields: HashMap<usize, Vec<Field>>,
    /// What is given back (its activities set at the end).
    out: Reimported,
}

impl<'a> Reading<'a> {
    /// A reading of the workbook at `path` against what ropa wrote, nothing read yet.
    fn new(path: &Path, sheets: &'a [Sheet], written: &'a [Activity], lang: Lang) -> Self {
        Reading {
            file: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            sheets,
            written,
            by_id: written
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.as_str(), i))
                .collect(),
            by_key: written
                .iter()
                .enumerate()
                .map(|(i, a)| ((a.source.clone(), a.index), i))
                .collect(),
            lang,
            activities: Vec::new(),
            original_of: Vec::new(),
            edited_fields: HashMap::new(),
            out: Reimported::default(),
        }
    }

    /// The place of a cell (0-based row and column) of a sheet of this workbook.
    fn here(&self, sheet: &str, row: usize, col: usize) -> String {
        format!(
            "[{}]{}",
            self.file,
            Place::Cell {
                sheet: Some(sheet.to_string()),
                row: row + 1,
                col: col + 1,
            }
        )
    }

    /// Reads the activities of `Registre`, each row from the activity ropa wrote that it
    /// is (or copies), its edited cells read afresh; counts the activities deleted.
    fn read_registre(&mut self, reg: &Registre) {
        let body = reg.body();
        let starts = match reg.keys.id {
            Some(c) => {
                let differs = |a: &Activity, row: &[String]| reg.differs(a, row);
                starts_by_id(&body, c, &self.by_id, self.written, &differs, &mut self.out)
            }
            None => starts_by_content(
                &body,
                &reg.keys,
                &reg.fields,
                self.written,
                &reg.name,
                &mut self.out,
            ),
        };
        let mut last_index: HashMap<String, usize> = HashMap::new();
        for a in self.written {
            let n = last_index.entry(a.source.clone()).or_default();
            *n = (*n).max(a.index);
        }
        for (&(r, row), start) in body.iter().zip(&starts) {
            let source = reg
                .keys
                .source
                .map(|c| cell(row, c).trim().to_string())
                .filter(|s| !s.is_empty());
            let Some((mut a, original)) = self.start(r, start, source, reg, &mut last_index) else {
                continue;
            };
            let listed = !matches!(start, Start::New);
            self.read_cells(&mut a, original, listed, (r, row), reg);
            self.activities.push(a);
            self.original_of.push(original);
        }
        let deleted = self.written.len() - self.original_of.iter().flatten().count();
        if deleted > 0 {
            self.out.edits.push(Said::ActivitiesDeleted(deleted));
        }
    }

    /// The activity row `r` of `Registre` starts from, and the written activity it is if
    /// it is one; a copy or a new row gets the next number of its source (`last_index`
    /// holds the last of each). `None` for an unchanged copy of a row, read once.
    fn start(
        &mut self,
        r: usize,
        start: &Start,
        source: Option<String>,
        reg: &Registre,
        last_index: &mut HashMap<String, usize>,
    ) -> Option<(Activity, Option<usize>)> {
        let mut fresh = |source: String| {
            let n = last_index.entry(source.clone()).or_default();
            *n += 1;
            (source, *n)
        };
        match *start {
            Start::Same(w) => Some((self.written[w].clone(), Some(w))),
            Start::Copy(w) => {
                let mut a = self.written[w].clone();
                (a.source, a.index) = fresh(source.unwrap_or(a.source));
                a.id.clear();
                self.out.edits.push(Said::CopiedActivity {
                    row: r + 1,
                    of: self.written[w].id.clone(),
                });
                Some((a, None))
            }
            Start::New => {
                let (source, index) = fresh(source.unwrap_or_else(|| self.file.clone()));
                self.out.edits.push(Said::NewActivity { row: r + 1 });
                let a = Activity {
                    source,
                    index,
                    format_fields: reg.format_fields.clone(),
                    ..Default::default()
                };
                Some((a, None))
            }
            Start::Repeat(of) => {
                self.out.notes.push(Said::UnchangedCopy {
                    row: r + 1,
                    of: of + 1,
                });
                None
            }
        }
    }

    /// Reads the cells of a row of `Registre` (`r`, 0-based) into its activity: a column
    /// ropa does not know goes to extra, a field cell that is not what the activity holds
    /// is read afresh. `original` is the written activity it is, if it is one; `listed`
    /// says whether its edits are listed (those of a new activity are not).
    fn read_cells(
        &mut self,
        a: &mut Activity,
        original: Option<usize>,
        listed: bool,
        (r, row): (usize, &[String]),
        reg: &Registre,
    ) {
        for (c, h) in reg.header.iter().enumerate() {
            let text = cell(row, c);
            let Some(field) = reg.fields[c] else {
                if !reg.keys.has(c) && has_content(text) {
                    a.extra.push(Extra {
                        label: h.clone(),
                        value: text.to_string(),
                        place: self.here(&reg.name, r, c),
                        reason: Said::AddedColumn,
                    });
                    self.out.edits.push(Said::UnknownColumn {
                        cell: place_of(r, c),
                    });
                }
                continue;
            };
            let before = a
                .get(field)
                .map(|v| cell_text(&v.display_text()).into_owned());
            if same_text(before.as_deref().unwrap_or(""), text) {
                continue;
            }
            if let Some(w) = original {
                self.edited_fields.entry(w).or_default().push(field);
            }
            if listed {
                self.out.edits.push(Said::CellEdited {
                    cell: place_of(r, c),
                    field: field.id().to_string(),
                });
            }
            let origin = Origin {
                place: self.here(&reg.name, r, c),
                label: h.as_str().into(),
                text: Some(text.to_string()),
            };
            let piece = |text: &str| Piece::plain(h, text, reg.sheet.grid.place(r, c));
            set_edited(a, field, text, origin, piece);
        }
    }

    /// Each activity read that ropa wrote, with the written activity it is.
    fn listed(&self) -> Vec<(usize, usize)> {
        self.original_of
            .iter()
            .enumerate()
            .filter_map(|(i, w)| w.map(|w| (i, w)))
            .collect()
    }

    /// Notes each sheet that only reports (Non mappé, Ignoré, Provenance, Libellés) and
    /// was changed: ropa does not read it back.
    fn note_report_sheet_changes(&mut self) {
        let lang = self.lang;
        let original = ropa_model::Register {
            activities: self.written.to_vec(),
            sources: self.out.sources.clone(),
        };
        let full = provenance_in_full(self.sheets, lang);
        let report_only = register_xlsx::sheets(&original, lang, full)
            .into_iter()
            .filter(|t| {
                !t.name.starts_with(Msg::SheetRegister.text(lang))
                    && !Detail::ALL.iter().any(|d| d.sheet(lang) == t.name)
            });
        for t in report_only.map(crate::Sheet::into_table) {
            if let Some(s) = sheet(self.sheets, &t.name)
                && let Some(row) = first_difference(&t, &s.grid.rows)
            {
                self.out.notes.push(Said::SheetNotReadBack {
                    sheet: t.name.to_string(),
                    row,
                });
            }
        }
    }

    /// What was read. Sorting Registre is a view, not an edit: the activities ropa wrote
    /// keep their order, new ones follow in the order of their rows.
    fn finish(self) -> Reimported {
        let mut ordered: Vec<(usize, Activity)> = self
            .original_of
            .into_iter()
            .zip(self.activities)
            .map(|(w, a)| (w.unwrap_or(usize::MAX), a))
            .collect();
        ordered.sort_by_key(|(w, _)| *w);
        let mut activities: Vec<Activity> = ordered.into_iter().map(|(_, a)| a).collect();
        ropa_model::assign_ids(&mut activities);
        let mut out = self.out;
        out.activities = activities;
        out
    }
}

/// Sets a field of an activity from its edited cell (see [`edited_value`]): the origins
/// of the items kept stay, and the cell's is added.
fn set_edited(
    a: &mut Activity,
    field: Field,
    text: &str,
    origin: Origin,
    piece: impl Fn(&str) -> Piece,
) {
    let (value, kept) = edited_value(field, a.get(field), text, piece);
    let mut origins = if kept {
        a.provenance.remove(&field).unwrap_or_default()
    } else {
        Vec::new()
    };
    a.fields.remove(&field);
    a.provenance.remove(&field);
    if let Some(v) = value {
        origins.push(origin);
        a.fields.insert(field, v);
        a.provenance.insert(field, origins);
    }
}

/// Where a written activity's row of `Registre` starts from.
enum Start {
    /// The activity ropa wrote (index into what was written).
    Same(usize),
    /// A changed copy of it: a new activity.
    Copy(usize),
    /// A row that is no activity ropa wrote: a new activity.
    New,
    /// An unchanged copy of another row (its 0-based row): read once.
    Repeat(usize),
}

/// The key columns of an activity sheet, by their header.
struct KeyColumns {
    id: Option<usize>,
    source: Option<usize>,
    index: Option<usize>,
}

impl KeyColumns {
    fn of(header: &[String]) -> KeyColumns {
        let column = |name: &str| header.iter().position(|h| fold(h) == fold(name));
        KeyColumns {
            id: column(ID_COLUMN),
            source: column("Source"),
            index: column("N°"),
        }
    }

    fn has(&self, c: usize) -> bool {
        [self.id, self.source, self.index].contains(&Some(c))
    }
}

/// Rows matched by their ID: a row whose id appears more than once is a copied row —
/// the copy left as ropa wrote it is the activity, the others are new activities (or,
/// unchanged too, read once); a row without an id, or with one ropa did not write, is new.
fn starts_by_id(
    body: &[(usize, &Vec<String>)],
    id_col: usize,
    by_id: &HashMap<&str, usize>,
    written: &[Activity],
    differs: &dyn Fn(&Activity, &[String]) -> bool,
    out: &mut Reimported,
) -> Vec<Start> {
    let mut starts: Vec<Start> = Vec::with_capacity(body.len());
    let mut rows_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (p, (r, row)) in body.iter().enumerate() {
        let id = cell(row, id_col).trim();
        match by_id.get(id) {
            Some(&w) => {
                rows_of.entry(w).or_default().push(p);
                starts.push(Start::New);
            }
            None => {
                if !id.is_empty() {
                    out.notes.push(Said::UnknownId {
                        row: r + 1,
                        id: id.to_string(),
                    });
                }
                starts.push(Start::New);
            }
        }
    }
    for (w, positions) in rows_of {
        let unchanged: Vec<usize> = positions
            .iter()
            .copied()
            .filter(|&p| !differs(&written[w], body[p].1))
            .collect();
        let original = unchanged.first().copied().unwrap_or(positions[0]);
        for p in positions {
            starts[p] = if p == original {
                Start::Same(w)
            } else if unchanged.contains(&p) {
                Start::Repeat(body[original].0)
            } else {
                Start::Copy(w)
            };
        }
    }
    starts
}

/// Rows of a `Registre` without its ID column, matched to what ropa wrote by their name
/// and the key columns left, never by position: a deleted column must not give one
/// activity another's values.
fn starts_by_content(
    body: &[(usize, &Vec<String>)],
    keys: &KeyColumns,
    fields: &[Option<Field>],
    written: &[Activity],
    registre_name: &str,
    out: &mut Reimported,
) -> Vec<Start> {
    if !written.is_empty() {
        out.notes.push(Said::MissingIdColumn {
            column: ID_COLUMN.to_string(),
            sheet: registre_name.to_string(),
        });
    }
    let name_col = fields.iter().position(|f| *f == Some(Field::Name));
    let mut matched: HashSet<usize> = HashSet::new();
    body.iter()
        .map(|(_, row)| {
            let name = name_col.map(|c| cell(row, c).trim()).unwrap_or_default();
            let source = keys.source.map(|c| cell(row, c).trim());
            let index: Option<usize> = keys.index.and_then(|c| cell(row, c).trim().parse().ok());
            let found = (0..written.len()).find(|&w| {
                let a = &written[w];
                !matched.contains(&w)
                    && source.is_none_or(|s| a.source == s)
                    && keys.index.is_none_or(|_| Some(a.index) == index)
                    && !name.is_empty()
                    && a.get(Field::Name)
                        .is_some_and(|v| same_text(&cell_text(&v.display_text()), name))
            });
            match found {
                Some(w) => {
                    matched.insert(w);
                    Start::Same(w)
                }
                None => Start::New,
            }
        })
        .collect()
}

/// The value of an edited `Registre` cell. A list cell is read line by line: a line as
/// ropa wrote it keeps its item whole, a new or changed line is normalised afresh (ropa
/// cannot read its own "name — data" display back as source text). Says whether an item
/// was kept, so the provenance of the kept items stays.
fn edited_value(
    field: Field,
    before: Option<&Value>,
    text: &str,
    piece: impl Fn(&str) -> Piece,
) -> (Option<Value>, bool) {
    let listed = !matches!(
        field.kind(),
        Kind::Text | Kind::Date | Kind::Basis | Kind::Answer
    );
    let Some(before) = before.filter(|_| listed) else {
        return (ropa_normalise::build_value(field, &[piece(text)]), false);
    };
    let mut old: Vec<Option<Value>> = before.items().into_iter().map(Some).collect();
    let mut items = Vec::new();
    let mut kept = false;
    for line in text.lines().map(str::trim).filter(|l| has_content(l)) {
        let same = old
            .iter_mut()
            .find(|o| {
                o.as_ref()
                    .is_some_and(|v| same_text(&cell_text(&v.display_text()), line))
            })
            .and_then(Option::take);
        match same {
            Some(v) => {
                kept = true;
                items.push(v);
            }
            None => items.extend(new_item(field, line, &piece)),
        }
    }
    (Value::from_items(items), kept)
}

/// The items of a line added to a list cell. A recipient or processor line written as
/// ropa writes them, `name (role) — data`, is read that way: the name normalised as a
/// source's, the role and the data (details) as given.
fn new_item(field: Field, line: &str, piece: &impl Fn(&str) -> Piece) -> Vec<Value> {
    let parties = matches!(field.kind(), Kind::Recipients | Kind::Processors);
    let (head, data) = match line.split_once(" — ") {
        Some((head, data)) if parties => (head.trim(), Some(data.trim().to_string())),
        _ => (line, None),
    };
    let (name, role) = match head.strip_suffix(')').and_then(|h| h.rsplit_once(" (")) {
        Some((name, role)) if parties && !role.contains('(') => {
            (name.trim(), Some(role.trim().to_string()))
        }
        _ => (head, None),
    };
    let Some(value) = ropa_normalise::build_value(field, &[piece(name)]) else {
        return Vec::new();
    };
    let value = match value {
        Value::Recipients(mut items) if items.len() == 1 => {
            items[0].role = role.or(items[0].role.take());
            items[0].data = data.or(items[0].data.take());
            Value::Recipients(items)
        }
        Value::Processors(mut items) if items.len() == 1 => {
            items[0].role = role.or(items[0].role.take());
            items[0].details = data.or(items[0].details.take());
            Value::Processors(items)
        }
        // a name that reads as several: the line as a source would have it
        _ if parties => match ropa_normalise::build_value(field, &[piece(line)]) {
            Some(v) => v,
            None => return Vec::new(),
        },
        other => other,
    };
    value.items()
}

/// The sheet holding the register's rows: `Registre`, or a visible sheet renamed by the
/// client whose first row has `ID` (or `Source` and `N°`) and three field labels or more.
fn registre_sheet(sheets: &[Sheet]) -> Option<&str> {
    if let Some(name) = sheet_named(sheets, Msg::SheetRegister) {
        return Some(name);
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
            (has(ID_COLUMN) || has("Source") && has("N°")) && labels >= 3
        })
        .map(Sheet::name)
}

/// The name of the sheet that is this message in French or in English, if there is one.
fn sheet_named(sheets: &[Sheet], msg: Msg) -> Option<&str> {
    msg.both()
        .into_iter()
        .find_map(|n| sheet(sheets, n))
        .map(Sheet::name)
}

/// The rows of a table written over several sheets (`Registre`, `Registre (2)`, …),
/// one header first.
fn table_rows(sheets: &[Sheet], name: &str) -> Vec<Vec<String>> {
    let mut rows = sheet(sheets, name)
        .map(|s| s.grid.rows.clone())
        .unwrap_or_default();
    for n in 2.. {
        match sheet(sheets, &crate::continuation(name, n)) {
            Some(s) => rows.extend(s.grid.rows.iter().skip(1).cloned()),
            None => break,
        }
    }
    rows
}

fn place_of(r: usize, c: usize) -> String {
    Place::cell(r + 1, c + 1).to_string()
}

/// A cell's text as a spreadsheet program may save it again: tabs and carriage returns
/// dropped (LibreOffice drops a tab from a cell of several lines when it saves as .ods),
/// runs of spaces made one, each line trimmed, blank lines at the end dropped.
fn text_key(s: &str) -> String {
    let mut lines: Vec<String> = s
        .split('\n')
        .map(|l| {
            l.replace(['\t', '\r'], "")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines.join("\n")
}

/// Whether two cell texts say the same once re-saving is allowed for (see [`text_key`]):
/// a re-saved cell is no edit.
fn same_text(a: &str, b: &str) -> bool {
    a == b || text_key(a) == text_key(b)
}

/// The first 1-based row where a sheet as read differs from the table ropa wrote, its
/// rows taken in any order (a sorted sheet is not changed); past the last row when rows
/// were deleted.
fn first_difference(t: &Table, rows: &[Vec<String>]) -> Option<usize> {
    let trimmed = |row: &[String]| -> Vec<String> {
        let mut v: Vec<String> = row.iter().map(|c| text_key(&cell_text(c))).collect();
        while v.last().is_some_and(String::is_empty) {
            v.pop();
        }
        v
    };
    let header = rows.first().map(|r| trimmed(r)).unwrap_or_default();
    if trimmed(&t.headers) != header {
        return Some(1);
    }
    let mut left: HashMap<Vec<String>, usize> = HashMap::new();
    for row in &t.rows {
        *left.entry(trimmed(row)).or_default() += 1;
    }
    for (i, row) in rows.iter().enumerate().skip(1) {
        let row = trimmed(row);
        if row.is_empty() {
            continue;
        }
        match left.get_mut(&row) {
            Some(n) if *n > 0 => *n -= 1,
            _ => return Some(i + 1),
        }
    }
    left.values().any(|n| *n > 0).then_some(rows.len() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ropa_read::table::Grid;

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
    fn provenance_is_in_full_when_the_run_says_so_or_its_rows_do() {
        let run = |full: bool| {
            let run = crate::run::Run {
                full_provenance: full,
                ..Default::default()
            };
            let json = serde_json::to_string(&run).unwrap_or_default();
            let mut first = vec![DATA_MARK.to_string(); usize::from(register_xlsx::RUN_COLUMN)];
            first.push(json);
            let first: Vec<&str> = first.iter().map(String::as_str).collect();
            sheet_of(DATA_SHEET, &[&first])
        };
        assert!(provenance_in_full(&[run(true)], Lang::Fr));
        assert!(!provenance_in_full(&[run(false)], Lang::Fr));
        // a run written before the flag: its sheet's rows tell
        let header: &[&str] = &["ID"];
        let rows = |n: usize| -> Vec<&[&str]> { vec![header; n] };
        let provenance = |n: usize| sheet_of("Provenance", &rows(n));
        let cut = register_xlsx::PROVENANCE_UP_TO + 2;
        assert!(!provenance_in_full(
            &[run(false), provenance(cut)],
            Lang::Fr
        ));
        assert!(provenance_in_full(
            &[run(false), provenance(cut + 1)],
            Lang::Fr
        ));
        assert!(!provenance_in_full(&[], Lang::En));
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
