//! `register.xlsx`: the unified register, one row per activity, plus the detail sheets
//! and the sheets that prove nothing was lost (Non mappé, Ignoré, Provenance, Libellés).

pub use super::DATA_SHEET;
use super::details::Detail;
use super::json::ActivityJson;
use super::worded::SourceJson;
use super::words;
use super::{
    CellHook, Sheet, SheetJob, SheetOptions, Styles, activity_headers, cell_text, made_ahead,
    mark_sheet, output_workbook, save, write_sheets, xlsx_error,
};
use crate::i18n::{Msg, texts};
use ropa_model::Lang;
use ropa_model::error::Result;
use ropa_model::{ALL_FIELDS, Activity, Field, Register, Value};
use ropa_rules::{Finding, Severity, Subject};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Note, Worksheet, XlsxError};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The first cell of the hidden sheet [`DATA_SHEET`]: marks the workbook as a ropa register.
pub const DATA_MARK: &str = "ropa register";
/// The version of the hidden sheet's layout: 2 names origins' labels by their index in
/// the [`LABELS_ROW`] and writes a format only where it changes (1 read as well).
pub const DATA_VERSION: &str = "2";
/// The first cell of the row of [`DATA_SHEET`] that holds the origins' labels, each once.
pub const LABELS_ROW: &str = "(labels)";
/// The first cell of a row of [`DATA_SHEET`] that holds a source report.
pub const SOURCE_ROW: &str = "(source)";
/// The column of the first row of [`DATA_SHEET`] that records the run (JSON).
pub const RUN_COLUMN: u16 = 3;
/// How many characters of JSON one cell of [`DATA_SHEET`] holds (Excel allows 32,767).
pub const CHUNK: usize = 30_000;

/// The 0-based column of `Registre` where the fields begin (after ID, Source, N°).
pub const FIRST_FIELD_COLUMN: usize = 3;

/// The sheets, in the order they are written (their names follow `--lang`).
pub const SHEETS: &[Msg] = &[
    Msg::SheetRegister,
    Msg::SheetRecipients,
    Msg::SheetRetention,
    Msg::SheetSecurity,
    Msg::SheetRisks,
    Msg::SheetProcessors,
    Msg::SheetUnmapped,
    Msg::SheetIgnored,
    Msg::SheetProvenance,
    Msg::SheetLabels,
    Msg::SheetRecords,
];

/// The most activities the printable `Fiches` sheet is written for.
pub const RECORDS_UP_TO: usize = 2_000;

/// The column that carries each activity's stable id, first on every activity sheet.
pub const ID_COLUMN: &str = "ID";

fn who(a: &Activity) -> [String; 4] {
    [
        a.id.clone(),
        a.source.clone(),
        a.index.to_string(),
        a.display_name(),
    ]
}

/// The header of a sheet with one row per item of an activity: ID, Source, N°, Activité,
/// then the item columns.
fn item_headers<'h>(headers: &[&'h str], lang: Lang) -> Vec<&'h str> {
    [&[ID_COLUMN][..], &activity_headers(headers, lang)].concat()
}

fn with(a: &Activity, rest: impl IntoIterator<Item = String>) -> Vec<String> {
    who(a).into_iter().chain(rest).collect()
}

/// A row laid out as `Registre`: ID, Source, N°, then one cell per field in CNIL order —
/// the one layout of Registre and Provenance, so their cells share addresses.
fn field_row(a: &Activity, cell: impl Fn(Field) -> String) -> Vec<String> {
    [a.id.clone(), a.source.clone(), a.index.to_string()]
        .into_iter()
        .chain(ALL_FIELDS.iter().map(|f| cell(*f)))
        .collect()
}

/// The most activities the `Provenance` sheet is written for, unless the run asks for
/// every one (`--provenance full`): past it the sheet was the largest of a large register
/// (2.5 million cells for 100,000 activities of 25 columns), and register.json keeps every
/// origin.
pub const PROVENANCE_UP_TO: usize = 5_000;

/// How many of a register's activities `Provenance` is written for.
fn provenance_rows(activities: usize, full_provenance: bool) -> usize {
    if full_provenance {
        activities
    } else {
        activities.min(PROVENANCE_UP_TO)
    }
}

/// The row of `Provenance` that says where the provenance of the activities past the cut
/// is, if it has one: the row after the last activity written.
fn provenance_note_row(activities: usize, full_provenance: bool) -> Option<usize> {
    let rows = provenance_rows(activities, full_provenance);
    (rows < activities).then_some(rows)
}

/// The sheets of the workbook, their rows made from the register as they are written;
/// `full_provenance` writes `Provenance` past [`PROVENANCE_UP_TO`] activities.
pub fn sheets(r: &Register, lang: Lang, full_provenance: bool) -> Vec<Sheet<'_>> {
    let acts = &r.activities;
    let headers = registre_headers(lang);
    let mut out = vec![registre(acts, &headers, lang)];
    out.extend(Detail::ALL.into_iter().map(|d| detail(acts, d, lang)));
    out.push(processors(acts, lang));
    out.push(unmapped(r, lang));
    out.push(ignored(r, lang));
    let rows = provenance_rows(acts.len(), full_provenance);
    out.push(provenance(acts, rows, &headers, lang));
    out.push(labels(r, lang));
    // the register to print and read: one row per field of each activity, four
    // columns a page holds legibly (Registre's forty columns do not); a register too
    // large to print has none (it would be the largest sheet, Registre again)
    if acts.len() > RECORDS_UP_TO {
        return out;
    }
    out.push(records(acts, lang));
    out
}

/// The header of `Registre` and `Provenance`: ID, Source, N°, then every field's label.
fn registre_headers(lang: Lang) -> Vec<&'static str> {
    let mut headers = vec![ID_COLUMN, Msg::Source.text(lang), "N°"];
    headers.extend(ALL_FIELDS.iter().map(|f| f.label(lang)));
    headers
}

/// `Registre`: one row per activity, each field as displayed.
fn registre<'a>(acts: &'a [Activity], headers: &[&str], lang: Lang) -> Sheet<'a> {
    Sheet::new(
        Msg::SheetRegister.text(lang),
        headers,
        acts.iter()
            .map(|a| field_row(a, |f| a.get(f).map(Value::display_text).unwrap_or_default())),
    )
}

/// A detail sheet (Destinataires, Conservation, Sécurité, Risques): one row per item.
fn detail(acts: &[Activity], d: Detail, lang: Lang) -> Sheet<'_> {
    Sheet::new(
        d.sheet(lang),
        &item_headers(&d.headers(lang), lang),
        acts.iter()
            .flat_map(move |a| d.rows(a, lang).into_iter().map(move |row| with(a, row))),
    )
}

/// `Non mappé`: what was read and mapped to no field, of each activity then of each
/// source as a whole.
fn unmapped(r: &Register, lang: Lang) -> Sheet<'_> {
    let activity_extra = r.activities.iter().flat_map(move |a| {
        a.extra.iter().map(move |e| {
            with(
                a,
                [
                    words::label(&e.label, lang).into_owned(),
                    e.value.clone(),
                    words::place(&e.place, lang).into_owned(),
                    words::said(&e.reason, lang),
                ],
            )
        })
    });
    let source_extra = r.sources.iter().flat_map(move |s| {
        s.extra.iter().map(move |e| {
            vec![
                String::new(),
                s.source.clone(),
                String::new(),
                Msg::TheRegister.text(lang).into(),
                words::label(&e.label, lang).into_owned(),
                e.value.clone(),
                words::place(&e.place, lang).into_owned(),
                words::said(&e.reason, lang),
            ]
        })
    });
    Sheet::new(
        Msg::SheetUnmapped.text(lang),
        &item_headers(
            &texts(
                &[Msg::SourceLabel, Msg::Value, Msg::Place, Msg::Reason],
                lang,
            ),
            lang,
        ),
        activity_extra.chain(source_extra),
    )
}

/// `Ignoré`: what the sources held that was deliberately not read, and why.
fn ignored(r: &Register, lang: Lang) -> Sheet<'_> {
    Sheet::new(
        Msg::SheetIgnored.text(lang),
        &texts(
            &[
                Msg::Source,
                Msg::SourceLabel,
                Msg::Value,
                Msg::Place,
                Msg::Reason,
            ],
            lang,
        ),
        r.sources.iter().flat_map(move |s| {
            s.ignored.iter().map(move |i| {
                vec![
                    i.source.clone(),
                    words::label(&i.label, lang).into_owned(),
                    i.value.clone(),
                    words::place(&i.place, lang).into_owned(),
                    words::said(&i.reason, lang),
                ]
            })
        }),
    )
}

/// `Provenance`: laid out as Registre, cell for cell: where each value was read (one
/// line per origin); the source's label there only where the field has several in its
/// source (else Libellés gives it), and its text as read only where its words are not
/// those Registre shows — a cell of Registre has its origin at the same address here.
/// Only the first `rows` activities are written; a last row says where the others' is.
fn provenance<'a>(acts: &'a [Activity], rows: usize, headers: &[&str], lang: Lang) -> Sheet<'a> {
    let single = single_labels(acts);
    // a note under the last row (written unwrapped: see [`provenance_note_row`])
    let cut = (rows < acts.len()).then(|| {
        let (from, to) = (rows + 1, acts.len());
        vec![Msg::ProvenanceCut.fill(lang, &[&from, &to, &PROVENANCE_UP_TO])]
    });
    Sheet::new(
        Msg::SheetProvenance.text(lang),
        headers,
        acts[..rows]
            .iter()
            .map(move |a| {
                field_row(a, |f| {
                    let origins = a.provenance.get(&f).map_or(&[][..], Vec::as_slice);
                    let value = a.get(f);
                    let shown = match origins {
                        [one] => one.text.as_deref().is_none_or(|t| {
                            value.is_some_and(|v| same_but_separators(&v.display_text(), t))
                        }),
                        _ => false,
                    };
                    let labelled = !single.contains(&(a.source.as_str(), f));
                    origins
                        .iter()
                        .map(|o| {
                            let place = origin_place(o, labelled, lang);
                            if shown {
                                place
                            } else {
                                format!("{place} : {}", o.text_of(value))
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
            })
            .chain(cut),
    )
}

/// `Libellés`: each source label and the field it was mapped to, and how.
fn labels(r: &Register, lang: Lang) -> Sheet<'_> {
    Sheet::new(
        Msg::SheetLabels.text(lang),
        &texts(
            &[
                Msg::Source,
                Msg::Mapping,
                Msg::SourceLabel,
                Msg::FieldHeader,
                Msg::Match,
            ],
            lang,
        ),
        r.sources.iter().flat_map(move |s| {
            s.labels.iter().map(move |l| {
                vec![
                    s.source.clone(),
                    s.mapping.clone(),
                    words::label(&l.label, lang).into_owned(),
                    l.target.clone().unwrap_or_default(),
                    words::said(&l.how, lang),
                ]
            })
        }),
    )
}

/// `Fiches`: the register to print, one row per field of each activity.
fn records(acts: &[Activity], lang: Lang) -> Sheet<'_> {
    Sheet::new(
        Msg::SheetRecords.text(lang),
        &[
            ID_COLUMN,
            Msg::Activity.text(lang),
            Msg::FieldHeader.text(lang),
            Msg::Value.text(lang),
        ],
        acts.iter().flat_map(move |a| {
            let title = crate::words::activity_title(&a.source, a.index, &a.display_name(), lang);
            ALL_FIELDS.iter().filter_map(move |f| {
                let v = a.get(*f)?;
                Some(vec![
                    a.id.clone(),
                    title.clone(),
                    f.label(lang).to_string(),
                    v.display_text(),
                ])
            })
        }),
    )
}

/// Whether two texts differ only in their spaces and list separators (`a ; b` read,
/// `a` and `b` on two lines shown): every other character, case and sign counts.
fn same_but_separators(a: &str, b: &str) -> bool {
    fn parts(t: &str) -> impl Iterator<Item = &str> {
        t.split(|c: char| c.is_whitespace() || matches!(c, ';' | ',' | '•' | '·'))
            .filter(|p| !p.is_empty())
    }
    parts(a).eq(parts(b))
}

/// Where a value was read: the place, and the source's label there when `labelled`.
fn origin_place(o: &ropa_model::Origin, labelled: bool, lang: Lang) -> String {
    let place = words::place(&o.place, lang);
    if o.label.is_empty() || !labelled {
        place.into_owned()
    } else {
        let label = words::label(&o.label, lang);
        match lang {
            Lang::Fr => format!("{place} « {label} »"),
            Lang::En => format!("{place} \u{201c}{label}\u{201d}"),
        }
    }
}

/// The fields that have one label only in their source (a table's column): Provenance
/// gives their place alone, as Libellés gives the label — 25 labels, not 2.5 million
/// copies of them in a table of 100,000 rows.
fn single_labels(acts: &[Activity]) -> std::collections::HashSet<(&str, Field)> {
    let mut labels: HashMap<(&str, Field), Option<&str>> = HashMap::new();
    for a in acts {
        for (f, origins) in &a.provenance {
            for o in origins {
                labels
                    .entry((a.source.as_str(), *f))
                    .and_modify(|l| {
                        if *l != Some(&*o.label) {
                            *l = None;
                        }
                    })
                    .or_insert(Some(&*o.label));
            }
        }
    }
    labels
        .into_iter()
        .filter(|(_, l)| l.is_some_and(|l| !l.is_empty()))
        .map(|(k, _)| k)
        .collect()
}

/// The sub-processor inventory: each processor once, with where it is used.
fn processors(activities: &[Activity], lang: Lang) -> Sheet<'static> {
    let rows = ropa_normalise::entities::processor_inventory(activities)
        .into_iter()
        .map(|e| {
            let mut sources: Vec<&str> = e.activities.iter().map(|(s, ..)| s.as_str()).collect();
            sources.dedup();
            let sources = sources.join("\n");
            vec![
                e.name,
                e.roles.join(", "),
                e.variants.join("\n"),
                e.activities.len().to_string(),
                e.activities
                    .iter()
                    .map(|(s, i, n)| {
                        format!(
                            "{s} {} {i}{} {n}",
                            crate::words::number_sign(lang),
                            crate::words::colon(lang)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                sources,
            ]
        })
        .collect::<Vec<_>>();
    Sheet::new(
        Msg::SheetProcessors.text(lang),
        &texts(
            &[
                Msg::Processor,
                Msg::Roles,
                Msg::Variants,
                Msg::ActivityCount,
                Msg::Activities,
                Msg::Sources,
            ],
            lang,
        ),
        rows.into_iter(),
    )
}

/// Writes `register.xlsx`; the findings colour the cells they are about. Every sheet
/// is streamed to a temporary file next to `path` as it is written.
pub fn write(r: &Register, findings: &[Finding], lang: Lang, path: &Path) -> Result<()> {
    write_run(r, None, findings, lang, path)
}

/// [`write`], the run recorded in the hidden sheet (cell `D1`).
pub fn write_run(
    r: &Register,
    run: Option<&super::run::Run>,
    findings: &[Finding],
    lang: Lang,
    path: &Path,
) -> Result<()> {
    // every row carries an id, or a re-import could not find its activity
    let owned;
    let r = if r.activities.iter().any(|a| a.id.is_empty()) {
        let mut copy = r.clone();
        ropa_model::assign_ids(&mut copy.activities);
        owned = copy;
        &owned
    } else {
        r
    };
    let mut wb = output_workbook(path).map_err(xlsx_error(path))?;
    let styles = Styles::default();
    let heat = HeatMap::new(r, findings, lang);
    let paint = |ws: &mut Worksheet, row: u32, col: u16, at: usize, text: &str| {
        heat.paint(ws, row, col, at, text)
    };
    // each sheet written on its own thread, its rows (and the hidden sheet's JSON) made
    // on another, a few batches ahead
    std::thread::scope(|scope| {
        let full_provenance = run.is_some_and(|run| run.full_provenance);
        let mut jobs: Vec<SheetJob<'_>> = sheets(r, lang, full_provenance)
            .into_iter()
            .map(|s| {
                let working = [Msg::SheetIgnored, Msg::SheetProvenance, Msg::SheetLabels]
                    .iter()
                    .any(|m| s.name == m.text(lang));
                let note_row = (s.name == Msg::SheetProvenance.text(lang))
                    .then(|| provenance_note_row(r.activities.len(), full_provenance))
                    .flatten();
                let opts = SheetOptions {
                    cell: (s.name == Msg::SheetRegister.text(lang)).then_some(&paint as CellHook),
                    long_cell: Some(Msg::LongCell.text(lang)),
                    working,
                    note_row,
                    ..SheetOptions::streamed()
                };
                let rows = Box::new(made_ahead(scope, s.rows));
                SheetJob::Table(Sheet { rows, ..s }, opts)
            })
            .collect();
        jobs.push(SheetJob::Own {
            constant_memory: false,
            write: Box::new(move |ws| write_legend(ws, lang)),
        });
        let data = made_ahead(scope, data_rows(r, lang));
        jobs.push(SheetJob::Own {
            constant_memory: true,
            write: Box::new(move |ws| write_data_sheet(ws, data, run)),
        });
        let legend = legend_formats();
        let formats: Vec<&Format> = [
            &heat.error,
            &heat.warning,
            &heat.error_date,
            &heat.warning_date,
        ]
        .into_iter()
        .chain(legend.iter())
        .collect();
        write_sheets(&mut wb, jobs, &styles, &formats).map_err(xlsx_error(path))
    })?;
    save(wb, path)
}

/// Where each activity's row of `Registre` is: built once, looked up per finding.
pub struct RegistreCells(HashMap<(String, usize), u32>);

impl RegistreCells {
    /// Indexes the rows of the activities, in register order.
    pub fn new(activities: &[Activity]) -> RegistreCells {
        RegistreCells(
            activities
                .iter()
                .enumerate()
                .map(|(i, a)| ((a.source.clone(), a.index), i as u32 + 1))
                .collect(),
        )
    }

    /// The 0-based row and column of `Registre` that hold an activity's field (row 0 is
    /// the header; the columns are ID, Source, N°, then the fields in CNIL order).
    pub fn cell(&self, f: &Finding) -> Option<(u32, u16)> {
        self.cell_of(&f.source, f.index, f.field)
    }

    /// The cell of one activity's field (by source, index and field id).
    pub fn cell_of(&self, source: &str, index: usize, field: Subject) -> Option<(u32, u16)> {
        let row = *self.0.get(&(source.to_string(), index))?;
        let col = ALL_FIELDS
            .iter()
            .position(|x| Some(*x) == field.field())
            .map_or(FIRST_FIELD_COLUMN, |c| c + FIRST_FIELD_COLUMN);
        Some((row, col as u16))
    }
}

/// How many coloured cells of `Registre` get a note. rust_xlsxwriter keeps each noted
/// row's notes in a node of about 3.6 KB and copies them twice when it saves: 65,530
/// notes (Excel's most) were the largest part of writing a large register, 1 KB of XML
/// each, and past a few thousand activities the colour, the Légende and gaps.xlsx say it.
pub const MAX_NOTES: u32 = 10_000;

/// The cells of `Registre` that findings are about: red for an error, amber for a
/// warning, with a note giving the rule and the fix; infos leave the cell as it is.
struct HeatMap {
    /// Each coloured cell: whether an error colours it, and its note among `texts`.
    cells: HashMap<(usize, usize), (bool, usize)>,
    /// The distinct notes: a large register repeats a few combinations of rules.
    texts: Vec<String>,
    /// How many notes were written: the cap counts in sheet order, and only the
    /// `Registre` sheet's one thread paints.
    notes: std::sync::atomic::AtomicU32,
    error: Format,
    warning: Format,
    /// The same fills on a date cell: made here, once, and registered with the others
    /// before the sheets' threads start (a format a thread adds first takes an index that
    /// depends on which thread came first).
    error_date: Format,
    warning_date: Format,
}

impl HeatMap {
    fn new(r: &Register, findings: &[Finding], lang: Lang) -> HeatMap {
        let rows = RegistreCells::new(&r.activities);
        let mut worst: BTreeMap<(u32, u16), Vec<&Finding>> = BTreeMap::new();
        for f in findings.iter().filter(|f| f.severity != Severity::Info) {
            // a template gap colours the cell of every activity it affects
            for index in f.indexes() {
                if let Some(cell) = rows.cell_of(&f.source, index, f.field) {
                    worst.entry(cell).or_default().push(f);
                }
            }
        }
        let mut texts: Vec<String> = Vec::new();
        let mut text_index: HashMap<String, usize> = HashMap::new();
        let cells = worst
            .into_iter()
            .map(|((row, col), fs)| {
                let error = fs.iter().any(|f| f.severity == Severity::Error);
                let note: Vec<String> = fs
                    .iter()
                    .map(|f| {
                        let fix = f.rule.rule().fix(lang);
                        format!("{} ({}) : {}", f.rule, f.severity.label(lang), fix)
                    })
                    .collect();
                let note = note.join("\n");
                let i = *text_index.entry(note).or_insert_with_key(|note| {
                    texts.push(note.clone());
                    texts.len() - 1
                });
                ((row as usize - 1, col as usize), (error, i))
            })
            .collect();
        let fill = |color| {
            Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(color)
        };
        HeatMap {
            cells,
            texts,
            notes: Default::default(),
            error: fill(ERROR_FILL),
            warning: fill(WARNING_FILL),
            error_date: fill(ERROR_FILL).set_num_format(super::DATE_FORMAT),
            warning_date: fill(WARNING_FILL).set_num_format(super::DATE_FORMAT),
        }
    }

    /// Writes a cell with a finding filled and annotated; leaves the others.
    fn paint(
        &self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        at: usize,
        text: &str,
    ) -> Result<bool, XlsxError> {
        let Some(&(error, note)) = self.cells.get(&(at, col as usize)) else {
            return Ok(false);
        };
        let format = if error { &self.error } else { &self.warning };
        if text.is_empty() {
            ws.write_blank(row, col, format)?;
        } else if super::is_iso_date(text)
            && let Ok(date) = rust_xlsxwriter::ExcelDateTime::parse_from_str(text)
        {
            // a date cell, coloured as any other (a stale record's update date)
            let dated = if error {
                &self.error_date
            } else {
                &self.warning_date
            };
            ws.write_datetime_with_format(row, col, &date, dated)?;
        } else {
            ws.write_string_with_format(row, col, cell_text(text), format)?;
        }
        // notes on the first cells only: past that count the fill says it and gaps.xlsx
        // has the detail (the Légende says so)
        use std::sync::atomic::Ordering::Relaxed;
        if self.notes.load(Relaxed) < MAX_NOTES {
            self.notes.fetch_add(1, Relaxed);
            let text = self.texts.get(note).map_or("", String::as_str);
            ws.insert_note(row, col, &Note::new(text).set_author("ropa"))?;
        }
        Ok(true)
    }
}

/// The fill of a cell with an error finding.
pub const ERROR_FILL: Color = Color::RGB(0xF4_C7C3);
/// The fill of a cell with a warning finding.
pub const WARNING_FILL: Color = Color::RGB(0xFC_E8B2);
/// The fill of a finding of severity info in the report.
pub const INFO_FILL: Color = Color::RGB(0xDC_E9F7);

/// The colours of `Registre` and what each means, in French and English.
const LEGEND: [(Color, [&str; 2]); 3] = [
    (
        ERROR_FILL,
        [
            "Rouge : une information exigée par l'article 30 manque ou est vide (gravité erreur). La note de la cellule donne la règle et la correction (notes sur les 10 000 premières cellules colorées ; au-delà, voir gaps.xlsx).",
            "Red: information Article 30 requires is missing or empty (severity error). The cell's note gives the rule and the fix (notes on the first 10,000 coloured cells; beyond, see gaps.xlsx).",
        ],
    ),
    (
        WARNING_FILL,
        [
            "Orange : la valeur est là mais faible ou incohérente (gravité avertissement).",
            "Amber: the value is there but weak or inconsistent (severity warning).",
        ],
    ),
    (
        Color::White,
        [
            "Sans couleur : rien à signaler. Le détail de chaque écart est dans gaps.xlsx (feuille Écarts).",
            "No colour: nothing to report. Every finding is detailed in gaps.xlsx (sheet Écarts).",
        ],
    ),
];

/// The formats of the legend: its header, its text, then one fill per colour of
/// [`LEGEND`]; made in one place so that they are numbered before the sheets are written.
fn legend_formats() -> [Format; 2 + LEGEND.len()] {
    let fill = |c: Color| {
        Format::new()
            .set_background_color(c)
            .set_border(FormatBorder::Thin)
    };
    [
        Format::new().set_bold().set_align(FormatAlign::Top),
        Format::new().set_text_wrap().set_align(FormatAlign::Top),
        fill(LEGEND[0].0),
        fill(LEGEND[1].0),
        fill(LEGEND[2].0),
    ]
}

/// The sheet that explains the colours, the ID column and Provenance.
fn write_legend(ws: &mut Worksheet, lang: Lang) -> Result<(), XlsxError> {
    const TEXT_WIDTH: f64 = 90.0;
    ws.set_name(Msg::SheetLegend.text(lang))?;
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, TEXT_WIDTH)?;
    // printed one page wide: the explanations are the second column
    ws.set_paper_size(super::PAPER_A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header(super::PAGE_HEADER);
    ws.set_footer(super::PAGE_FOOTER);
    let [header, wrap, fills @ ..] = legend_formats();
    let fr = lang == Lang::Fr;
    ws.write_string_with_format(0, 0, if fr { "Couleur" } else { "Colour" }, &header)?;
    ws.write_string_with_format(0, 1, if fr { "Signification" } else { "Meaning" }, &header)?;
    // a row as high as its wrapped text: not every program computes it on load
    let explain = |ws: &mut Worksheet, row: u32, text: &str| -> Result<(), XlsxError> {
        ws.write_string_with_format(row, 1, text, &wrap)?;
        let lines = super::wrapped_lines(text, TEXT_WIDTH);
        if lines > 1 {
            ws.set_row_height(row, (15 * lines) as f64)?;
        }
        Ok(())
    };
    for (i, ((_, text), fill)) in LEGEND.iter().zip(&fills).enumerate() {
        let row = i as u32 + 1;
        ws.write_blank(row, 0, fill)?;
        explain(ws, row, if fr { text[0] } else { text[1] })?;
    }
    // the id column, after the colours
    let row = LEGEND.len() as u32 + 2;
    ws.write_string_with_format(row, 0, ID_COLUMN, &header)?;
    explain(
        ws,
        row,
        if fr {
            "Identifiant stable de l'activité. Ne le modifiez pas : il permet à ropa de retrouver chaque activité à la réimportation, même si vous triez, filtrez, masquez, déplacez ou supprimez d'autres colonnes. Pour ajouter une activité, copiez une ligne : la copie modifiée devient une nouvelle activité ; une ligne saisie sans ID aussi."
        } else {
            "The activity's stable id. Do not change it: it lets ropa find each activity on re-import, even if you sort, filter, hide, move or delete other columns. To add an activity, copy a row: the changed copy becomes a new activity; so does a row typed without an id."
        },
    )?;
    // how Provenance reads
    let row = row + 1;
    ws.write_string_with_format(row, 0, Msg::SheetProvenance.text(lang), &header)?;
    explain(
        ws,
        row,
        if fr {
            "Chaque cellule dit où la valeur de la même cellule de Registre a été lue (cellule, ligne ou paragraphe de la source), une ligne par origine. Le libellé de la source n'y est écrit que si le champ en a plusieurs dans cette source (sinon la feuille Libellés le donne) ; le texte lu, seulement s'il diffère de ce que Registre montre autrement que par les espaces et les séparateurs de liste (une date réécrite, un texte partagé entre plusieurs champs)."
        } else {
            "Each cell says where the value in the same cell of Registre was read (cell, line or paragraph of the source), one line per origin. The source's label is written only where the field has several in that source (otherwise the Labels sheet gives it); the text as read, only where it differs from what Registre shows by more than spaces and list separators (a date rewritten, a text shared between fields)."
        },
    )?;
    // the working sheets, hidden so that a printed workbook is the register
    let row = row + 1;
    let working = [Msg::SheetIgnored, Msg::SheetProvenance, Msg::SheetLabels]
        .map(|m| m.text(lang))
        .join(", ");
    ws.write_string_with_format(
        row,
        0,
        if fr {
            "Feuilles masquées"
        } else {
            "Hidden sheets"
        },
        &header,
    )?;
    explain(
        ws,
        row,
        &if fr {
            format!(
                "{working} : le travail de ropa (valeurs écartées et pourquoi, origine de chaque valeur, libellé de chaque colonne). Elles sont masquées pour que l'impression du classeur soit le registre ; clic droit sur un onglet, « Afficher » (Excel) ou « Afficher la feuille » (LibreOffice), pour les voir."
            )
        } else {
            format!(
                "{working}: ropa's working (values set aside and why, where each value was read, each column's label). They are hidden so that printing the workbook prints the register; right-click a sheet tab, \"Unhide\" (Excel) or \"Show Sheet\" (LibreOffice), to see them."
            )
        },
    )
}

/// Splits text into pieces of at most [`CHUNK`] UTF-16 units, as Excel counts a cell.
pub fn chunks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut piece = super::utf16_prefix(rest, CHUNK);
        if piece.is_empty() {
            piece = &rest[..rest.chars().next().map_or(rest.len(), char::len_utf8)];
        }
        out.push(piece.to_string());
        rest = &rest[piece.len()..];
    }
    out
}

/// The rows of the hidden sheet: the origins' labels, each activity's source, number
/// and JSON (as register.json writes it: labels by index, a format where it changes),
/// then each source's report under [`SOURCE_ROW`].
fn data_rows(r: &Register, lang: Lang) -> impl Iterator<Item = (&str, String, String)> + Send {
    let labels = super::json::Labels::of(r);
    let table = serde_json::to_string(&labels.list).unwrap_or_default();
    let acts = &r.activities;
    let activities = (0..acts.len()).map(move |i| {
        let a = &acts[i];
        let inherit = super::json::Inherit::of(acts, i);
        let json = serde_json::to_string(&ActivityJson(a, Some(&labels), inherit, lang))
            .unwrap_or_default();
        (a.source.as_str(), a.index.to_string(), json)
    });
    let sources = r.sources.iter().enumerate().map(move |(i, s)| {
        let json = serde_json::to_string(&SourceJson(s, lang)).unwrap_or_default();
        (SOURCE_ROW, (i + 1).to_string(), json)
    });
    std::iter::once((LABELS_ROW, String::new(), table))
        .chain(activities)
        .chain(sources)
}

fn write_data_sheet<'r>(
    ws: &mut Worksheet,
    rows: impl Iterator<Item = (&'r str, String, String)>,
    run: Option<&super::run::Run>,
) -> Result<(), XlsxError> {
    let ws = mark_sheet(ws, DATA_MARK)?;
    ws.write_string(0, 1, DATA_VERSION)?;
    ws.write_string(
        0,
        2,
        "Données de ropa pour relire ce classeur sans perte. Ne pas modifier : corrigez les autres feuilles.",
    )?;
    if let Some(run) = run {
        ws.write_string(
            0,
            RUN_COLUMN,
            serde_json::to_string(run).unwrap_or_default(),
        )?;
    }
    let mut row = 1u32;
    let mut put = |first: &str, second: String, json: String| -> Result<(), XlsxError> {
        ws.write_string(row, 0, first)?;
        ws.write_string(row, 1, second)?;
        for (i, piece) in chunks(&json).iter().enumerate() {
            ws.write_string(row, 2 + i as u16, piece)?;
        }
        row += 1;
        Ok(())
    };
    for (first, second, json) in rows {
        put(first, second, json)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ropa_model::Origin;

    /// Past 5,000 activities, Provenance stops, and its last row says where the rest is.
    #[test]
    fn provenance_stops_at_its_cap_and_says_where_the_rest_is() {
        let n = PROVENANCE_UP_TO + 2;
        let r = Register {
            activities: (1..=n)
                .map(|i| Activity {
                    id: format!("id{i}"),
                    source: "a.csv".into(),
                    index: i,
                    ..Default::default()
                })
                .collect(),
            sources: Vec::new(),
        };
        let rows = |full: bool, lang: Lang| -> Vec<Vec<String>> {
            sheets(&r, lang, full)
                .into_iter()
                .find(|s| s.name == Msg::SheetProvenance.text(lang))
                .map(|s| s.rows.collect())
                .unwrap_or_default()
        };
        let cut = rows(false, Lang::Fr);
        assert_eq!(cut.len(), PROVENANCE_UP_TO + 1);
        assert_eq!(
            cut[PROVENANCE_UP_TO - 1][0],
            format!("id{PROVENANCE_UP_TO}")
        );
        let last = &cut[PROVENANCE_UP_TO][0];
        assert!(
            last.contains("5001 à 5002") && last.contains("register.json"),
            "{last}"
        );
        assert!(last.contains("--provenance full"), "{last}");
        let cut_en = rows(false, Lang::En);
        assert!(
            cut_en[PROVENANCE_UP_TO][0].starts_with("The provenance of activities 5001 to 5002")
        );
        let full = rows(true, Lang::Fr);
        assert_eq!(full.len(), n);
        assert_eq!(full[n - 1][0], format!("id{n}"));
    }

    /// Provenance gives a label only where its field has several in the source, and
    /// the text read only where more than spaces and list separators differ from
    /// Registre (a sign, a date rewritten, a formula's `@`).
    #[test]
    fn provenance_says_what_registre_and_libelles_do_not() {
        let origin = |place: &str, label: &str, text: Option<&str>| Origin {
            place: place.into(),
            label: label.into(),
            text: text.map(str::to_string),
        };
        let activity = |row: usize, other_label: &str| {
            let mut a = Activity {
                source: "s.csv".into(),
                index: row - 1,
                id: format!("id{row}"),
                ..Default::default()
            };
            a.fields.insert(Field::Purpose, Value::Text("Paie".into()));
            a.provenance.insert(
                Field::Purpose,
                vec![origin(&format!("A{row}"), "Finalité", None)],
            );
            a.fields.insert(
                Field::DataSubjects,
                Value::List(vec!["Salariés".into(), "Stagiaires".into()]),
            );
            a.provenance.insert(
                Field::DataSubjects,
                vec![origin(
                    &format!("B{row}"),
                    other_label,
                    Some("Salariés ; Stagiaires"),
                )],
            );
            a.fields.insert(Field::Notes, Value::Text("5 ans".into()));
            a.provenance.insert(
                Field::Notes,
                vec![origin(&format!("C{row}"), "Notes", Some("-5 ans"))],
            );
            a
        };
        let r = Register {
            activities: vec![
                activity(2, "Personnes"),
                activity(3, "Personnes concernées"),
            ],
            sources: Vec::new(),
        };
        let sheet = sheets(&r, Lang::Fr, false)
            .into_iter()
            .find(|s| s.name == Msg::SheetProvenance.text(Lang::Fr))
            .unwrap();
        let col = |f: Field| FIRST_FIELD_COLUMN + ALL_FIELDS.iter().position(|x| *x == f).unwrap();
        let rows: Vec<Vec<String>> = sheet.rows.collect();
        assert_eq!(rows[0][col(Field::Purpose)], "A2");
        assert_eq!(rows[1][col(Field::Purpose)], "A3");
        assert_eq!(rows[0][col(Field::DataSubjects)], "B2 « Personnes »");
        assert_eq!(
            rows[1][col(Field::DataSubjects)],
            "B3 « Personnes concernées »"
        );
        assert_eq!(rows[0][col(Field::Notes)], "C2 : -5 ans");
    }

    #[test]
    fn notes_stop_at_the_cap_and_the_legend_says_where() {
        let h = HeatMap {
            cells: (0..MAX_NOTES as usize + 3)
                .map(|i| ((i, 4), (i % 2 == 0, 0)))
                .collect(),
            texts: vec!["A30-1a (erreur) : indiquez-le".into()],
            notes: Default::default(),
            error: Format::new(),
            warning: Format::new(),
            error_date: Format::new(),
            warning_date: Format::new(),
        };
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for i in 0..MAX_NOTES as usize + 3 {
            assert!(h.paint(ws, i as u32 + 1, 4, i, "x").unwrap());
        }
        assert!(!h.paint(ws, 1, 5, 0, "x").unwrap());
        assert_eq!(
            h.notes.load(std::sync::atomic::Ordering::Relaxed),
            MAX_NOTES
        );
        // the Légende gives the same count, in each language
        let fr = MAX_NOTES.to_string();
        let fr = format!("{} {}", &fr[..fr.len() - 3], &fr[fr.len() - 3..]);
        let en = fr.replace(' ', ",");
        let legend_fr = LEGEND.iter().any(|(_, [f, _])| f.contains(&fr));
        let legend_en = LEGEND.iter().any(|(_, [_, e])| e.contains(&en));
        assert!(legend_fr && legend_en);
    }
}
