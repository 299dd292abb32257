//! What a stage says about a source — a note on how it was read, why a value was set
//! aside or kept apart, how a label matched — as typed values with their data. The
//! stages say; only the writers and the command line put it into words, in the run's
//! language (`ropa_write::i18n::said`), so a French run writes no English and an
//! English run no French.
//!
//! There is no `Serialize`: a `Said` reaches a file only through the writers, which
//! word it. Read back from a register ropa wrote, it is the words found there
//! ([`Said::Written`]).

use serde::{Deserialize, Deserializer};

/// A remark or a reason of a stage, before it has words.
#[derive(Clone, Debug, PartialEq)]
pub enum Said {
    /// Words already written: read back from a register, or a mapping author's reason.
    Written(String),

    // ---- notes of the readers and the pipeline
    /// The source's format: `docx` document, `xlsx` workbook.
    Format {
        /// The format's short name.
        kind: String,
        /// A workbook rather than a text document.
        workbook: bool,
    },
    /// Invalid UTF-8 sequences replaced by U+FFFD.
    InvalidBytes(usize),
    /// A UTF-8 text saved twice (« Ã© » for « é »), mended: how many characters.
    DoubleEncoded(usize),
    /// The document's layout, and the evidence that chose it.
    Layout {
        /// The layout's name, as mappings spell it (`headings`, `table`).
        shape: String,
        /// The evidence.
        why: Why,
    },
    /// The other reading of a document, which lost to the layout chosen: its layout,
    /// the activities and the fields it found, and whether it lost on the activities
    /// (fewer) or on the fields.
    RunnerUp {
        /// The layout's name, as mappings spell it.
        shape: String,
        /// The activities it found.
        activities: usize,
        /// The fields it found, summed over its activities.
        fields: usize,
        /// It found fewer activities than the layout chosen (else as many, fewer fields).
        fewer_activities: bool,
    },
    /// The values of a visible sheet other than the register's, kept for the register.
    SheetAsRegisterValues {
        /// How many values.
        values: usize,
        /// The sheet's name.
        sheet: String,
    },
    /// A sheet whose rows join the activities by a key column, read into them.
    SheetJoined {
        /// The sheet's name.
        sheet: String,
        /// The label of its key column.
        key: String,
        /// How many of its rows joined an activity.
        rows: usize,
    },
    /// The cell of a joined sheet that names its row's activity (the sheet).
    JoinKey(String),
    /// A row of a joined sheet whose key names no activity (the sheet).
    JoinedRowWithoutActivity(String),
    /// A fiche block written bottom to top, read in reverse.
    ReversedBlock {
        /// The block's number.
        block: usize,
        /// Its first line.
        line: usize,
    },
    /// A table whose header has nothing under it.
    HeaderWithoutActivities {
        /// The header's row, 1-based.
        row: usize,
    },
    /// Cells of merged regions given the merged value.
    MergedCells(usize),
    /// Blank cells of a grouping column filled down from the value above.
    FilledDown(usize),
    /// The mapping was chosen by the labels the file holds.
    ChosenByContent {
        /// How many of the mapping's labels were found.
        found: usize,
        /// How many it pins.
        of: usize,
    },
    /// The file was read with a mapping inferred from its structure.
    Inferred {
        /// The layout's name.
        layout: String,
        /// The share of its labels recognised, 0–1.
        share: f64,
        /// The draft's file name in `OUT/mappings/`.
        draft: String,
        /// When the share is under this threshold (0–1), the evidence is weak.
        weak_below: Option<f64>,
    },

    // ---- why a value was set aside (ignored) or kept apart (extra)
    /// A cell showing a formula error instead of a value.
    FormulaError(String),
    /// A cell far from the table.
    IsolatedCell,
    /// The number of a title: the number is the reference.
    TitleNumbering,
    /// A sentence a generating tool repeats where no answer was given: the field is
    /// empty.
    Unanswered,
    /// The words a generating tool wraps every answer in (« The recorded answer is: »),
    /// taken off that many values.
    AnswerWrapper {
        /// The words.
        words: String,
        /// How many values they wrapped.
        values: usize,
    },
    /// A summary table's cell that repeats the name or number its activity's section
    /// gives already.
    SummaryRepeat,
    /// Activities listed in a summary table and again in sections of their own: read
    /// once each, the fields of both merged (how many).
    SummaryMerged(usize),
    /// Values under a label that names no field, read as the data categories because
    /// their items are data (« Nature des traitements : nom, prénom, adresse mail… »).
    ReadByValues {
        /// The source's label.
        label: String,
        /// How many values.
        values: usize,
    },
    /// A check box not ticked.
    UncheckedBox,
    /// A sub-heading of the fiche template.
    TemplateSubheading,
    /// The header of a table.
    TableHeader,
    /// A cell that says what the party named in its row is (`Type | sous-traitant`): the
    /// party's qualifier, not a field of the activity.
    QualifiesParty,
    /// A category of data whose details stand beside it in its row: their heading.
    HeadsDetails,
    /// A tool's keys for a table's columns (`treatment_id`), in a row above its labels.
    ColumnKeys,
    /// A field of the template with no answer.
    TemplateFieldUnanswered,
    /// A table of contents or the page's navigation.
    TableOfContents,
    /// A sub-heading inside a table.
    TableSubheading,
    /// An option of the template without content.
    TemplateOptionEmpty,
    /// A value of a hidden sheet.
    HiddenSheet(String),
    /// A line set aside by the mapping's `[layout] skip` rule (the regex).
    SkipRule(String),
    /// An option column answered no.
    OptionAnsweredNo(String),
    /// A label the mapping ignores.
    IgnoredByMapping,
    /// A value without a label.
    NoLabel,
    /// How a label matched a field.
    Match(Match),
    /// A value read outside the activities (an annex, a note).
    OutsideActivities {
        /// The section it was read in.
        section: String,
        /// Why it was not taken besides.
        why: Box<Said>,
    },
    /// A label only near the field that names the activity, in a source where another
    /// label names that field exactly (`Conformité du traitement` beside `Nom`).
    IdentityNamedElsewhere {
        /// The field (`name`, `ref`).
        field: String,
        /// The label that names it exactly.
        by: String,
    },
    /// A column a client added to ropa's register, read back.
    AddedColumn,
    /// A value of the register as a whole that no activity took: each has its own.
    RegisterValueNotTaken {
        /// The field's id.
        field: String,
    },

    // ---- what a register ropa wrote, edited and read back, says
    /// A cell of `Registre` edited (`Registre!C3`), and its field's id.
    CellEdited {
        /// The cell.
        cell: String,
        /// The field's id.
        field: String,
    },
    /// A column of `Registre` that ropa did not write.
    UnknownColumn {
        /// Its first cell.
        cell: String,
    },
    /// A row of `Registre` that is a new activity.
    NewActivity {
        /// The row, 1-based.
        row: usize,
    },
    /// A row of `Registre` copied from an activity, then changed.
    CopiedActivity {
        /// The row, 1-based.
        row: usize,
        /// The id of the activity it was copied from.
        of: String,
    },
    /// Activities ropa wrote that `Registre` no longer has.
    ActivitiesDeleted(usize),
    /// A detail sheet's rows of an activity edited.
    DetailSheetEdited {
        /// The sheet.
        sheet: String,
        /// The activity's id.
        id: String,
    },
    /// An unchanged copy of a row of `Registre`, read once.
    UnchangedCopy {
        /// The row, 1-based.
        row: usize,
        /// The row it copies, 1-based.
        of: usize,
    },
    /// Rows of a detail sheet naming an activity `Registre` does not have.
    RowsOfUnknownActivity {
        /// The sheet.
        sheet: String,
        /// How many rows.
        rows: usize,
        /// The activity they name.
        who: String,
        /// The first of them, 1-based.
        first: usize,
    },
    /// An activity edited both in a detail sheet and in `Registre`: `Registre` is kept.
    DetailAndRegistreEdited {
        /// The sheet.
        sheet: String,
        /// The activity's id.
        id: String,
    },
    /// A sheet ropa writes but does not read back, changed.
    SheetNotReadBack {
        /// The sheet.
        sheet: String,
        /// The first changed row, 1-based.
        row: usize,
    },
    /// A row whose id ropa did not write: read as a new activity.
    UnknownId {
        /// The row, 1-based.
        row: usize,
        /// The id found.
        id: String,
    },
    /// `Registre` without its id column: rows matched by name.
    MissingIdColumn {
        /// The column's name.
        column: String,
        /// The sheet's name.
        sheet: String,
    },
    /// register.json beside the workbook was written by another run.
    MixedSet {
        /// When the other run wrote register.json.
        json_time: String,
        /// When this workbook was written.
        xlsx_time: String,
    },
}

/// The evidence for a document's layout.
#[derive(Clone, Debug, PartialEq)]
pub enum Why {
    /// Titles each followed by at least three known fields.
    Headings {
        /// How many titles.
        titles: usize,
        /// Their level (0 when not headings: bold or numbered lines).
        level: usize,
        /// The fewest fields under one.
        min: usize,
        /// The most fields under one.
        max: usize,
    },
    /// Label | value tables each with at least three known fields.
    FicheTables(usize),
    /// Columns of a table whose first column holds the labels.
    Transposed(usize),
    /// Rows under a header of known labels.
    TableRows(usize),
    /// Sheets each laid out as a label | value fiche.
    FicheSheets(usize),
    /// One sheet with one column per activity.
    TransposedSheet(String),
    /// One activity for the whole document: its headings are the fields (a form).
    OneRecord {
        /// The headings that name a field.
        fields: usize,
    },
}

/// How a label matched a field (or did not).
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    /// The kind of match.
    pub kind: MatchKind,
    /// The field (or the best one), empty when none.
    pub target: String,
    /// The runner-up, for an ambiguous match.
    pub second: String,
    /// The score, 0–1, for a fuzzy, weak or ambiguous match.
    pub score: f64,
}

/// The kinds of label match, from the surest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchKind {
    /// The mapping pins the label.
    Pinned,
    /// The label is a synonym of the field.
    Synonym,
    /// Close enough to a synonym, and to no other field's.
    Fuzzy,
    /// Spelt like no synonym, named by the stems of its words.
    Stems,
    /// Close to a synonym, not enough to be trusted: kept in extra.
    Weak,
    /// Close to synonyms of two fields: kept in extra.
    Ambiguous,
    /// Close to nothing: kept in extra.
    Unmatched,
}

impl Said {
    /// The words of a remark read back from a file.
    pub fn written(text: impl Into<String>) -> Said {
        Said::Written(text.into())
    }
}

impl Default for Said {
    fn default() -> Said {
        Said::Written(String::new())
    }
}

/// Read back from a register ropa wrote: the words found there.
impl<'de> Deserialize<'de> for Said {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Said, D::Error> {
        String::deserialize(d).map(Said::Written)
    }
}
