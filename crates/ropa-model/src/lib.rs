//! The canonical register: what every stage after `normalise` reads and every writer writes,
//! with what every stage shares — the text helpers, the error type, the phrase lists, the
//! run's language and the limits of the formats written.

pub mod error;
pub mod lexicon;
pub mod limits;
pub mod said;
pub mod text;

pub mod field_map;
pub mod fields;
pub mod place;
pub mod value;

pub use field_map::FieldMap;
pub use fields::{ALL_FIELDS, Field, Kind, Level};
pub use place::Place;
pub use said::{Match, MatchKind, Said, Why};
pub use value::*;

use serde::{Deserialize, Serialize};

/// The language of headers, messages and reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// Français (default).
    #[default]
    Fr,
    /// English.
    En,
}

/// A value of the source that mapped to no canonical field, kept so nothing is lost.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Extra {
    /// The source's label (column header, fiche label, heading), empty when it had none.
    pub label: String,
    /// The value as read, markup included.
    pub value: String,
    /// Where it was read.
    pub place: String,
    /// Why it was not mapped (unmatched label, weak or ambiguous match).
    #[serde(default)]
    pub reason: Said,
}

/// A source's label (a column header, a fiche label), shared by every value read under
/// it: a table of 100,000 rows holds its 25 headers once, not 2.5 million copies.
pub type Label = std::sync::Arc<str>;

/// Where one piece of a field's value was read, and what the source said there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    /// The place in the source (`B4`, `ligne 12`, `Registre!C3`).
    pub place: String,
    /// The source's label there.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub label: Label,
    /// The source's text there, as read; `None` where it is the value's own text (a
    /// field read from one place as it stands: most of them), so a register does not
    /// hold each value twice. [`Origin::text_of`] gives it either way.
    pub text: Option<String>,
}

impl Origin {
    /// The source's text there: its own, or else the text of `value`, the value it is
    /// the origin of.
    pub fn text_of<'a>(&'a self, value: Option<&Value>) -> std::borrow::Cow<'a, str> {
        match (&self.text, value) {
            (Some(t), _) => t.as_str().into(),
            (None, Some(v)) => v.display_text().into(),
            (None, None) => "".into(),
        }
    }
}

/// One processing activity of the canonical register.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Activity {
    /// The activity's stable id: carried by `register.xlsx` in its own column, so a
    /// re-import finds the activity whatever the client did to the rows and columns.
    /// Empty until [`assign_ids`] gives one.
    pub id: String,
    /// The input's file name, as the user knows it.
    pub source: String,
    /// 1-based order of the activity in its source.
    pub index: usize,
    /// The canonical fields that have a value, in CNIL order.
    pub fields: FieldMap<Value>,
    /// Where each field's value was read, with the source's label and text, in reading order.
    pub provenance: FieldMap<Vec<Origin>>,
    /// Values that mapped to no field.
    pub extra: Vec<Extra>,
    /// Fields whose label the source format has (a column, a fiche label): a missing
    /// value of such a field is "empty", of any other "absent from the source format".
    pub format_fields: Vec<Field>,
}

impl Activity {
    /// The value of a field, if the source gave one.
    pub fn get(&self, field: Field) -> Option<&Value> {
        self.fields.get(&field)
    }

    /// A short name for reports: the activity's name, else its reference, else its number.
    pub fn display_name(&self) -> String {
        match self.get(Field::Name).or_else(|| self.get(Field::Ref)) {
            Some(v) => {
                let t = v.display_text();
                let first = t.lines().next().unwrap_or_default();
                first.chars().take(120).collect()
            }
            None => format!("Activité {}", self.index),
        }
    }

    /// Whether the source format has a label for this field.
    pub fn format_has(&self, field: Field) -> bool {
        self.format_fields.contains(&field)
    }
}

/// A value the tool could not use but did not lose: it is listed with its reason.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Ignored {
    /// The input's file name.
    pub source: String,
    /// The source's label, empty when it had none.
    pub label: String,
    /// The value as read.
    pub value: String,
    /// Where it was read.
    pub place: String,
    /// Why it is ignored (the mapping's rule, a table of contents, template text).
    pub reason: Said,
}

/// The count that proves nothing was lost: every value read is mapped, kept in `extra`,
/// or ignored by an explicit rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Non-empty values read from the source.
    pub read: usize,
    /// Values that landed in a canonical field.
    pub mapped: usize,
    /// Values kept under `extra`.
    pub extra: usize,
    /// Values ignored by an explicit rule.
    pub ignored: usize,
    /// Values mapped to a field whose words the activity built from them does not hold:
    /// a defect of ropa, never expected; the summary says it loudly.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub lost: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Account {
    /// Whether every value read is accounted for.
    pub fn balances(&self) -> bool {
        self.read == self.mapped + self.extra + self.ignored && self.lost == 0
    }

    /// Adds another account to this one.
    pub fn add(&mut self, other: &Account) {
        self.read += other.read;
        self.mapped += other.mapped;
        self.extra += other.extra;
        self.ignored += other.ignored;
        self.lost += other.lost;
    }
}

/// What was read from one source and how: the proof that nothing was lost.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct SourceReport {
    /// The input's file name.
    pub source: String,
    /// The mapping used.
    pub mapping: String,
    /// The layout read.
    pub layout: String,
    /// The text encoding used, for text files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The delimiter used, for text tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// The sheet read, for workbooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The 1-based header row, for tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_row: Option<usize>,
    /// The language detected (ISO 639-1), when the words tell it clearly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Remarks of the reader (reversed blocks, filled-down cells).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Said>,
    /// How many activities were read.
    pub activities: usize,
    /// read = mapped + extra + ignored.
    pub account: Account,
    /// How each label of the source was matched.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<LabelMatch>,
    /// Values of the register as a whole that mapped to no field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<Extra>,
    /// Values ignored by explicit rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored: Vec<Ignored>,
}

/// How one label of a source was matched to a field.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct LabelMatch {
    /// The label as written.
    pub label: String,
    /// The target it maps to, when trusted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// How (pinned, synonym, fuzzy with score, weak, ambiguous, unmatched).
    pub how: Said,
}

/// The canonical register of a run: activities of every source, in input order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Register {
    /// Every activity, sources in input order, activities in source order.
    pub activities: Vec<Activity>,
    /// One report per source read.
    pub sources: Vec<SourceReport>,
}

/// The id of an activity first read as number `index` of `source`: ten hex digits of a
/// 64-bit FNV-1a hash (mixed as SplitMix64 does, so near keys give far ids), the same on
/// every run over the same inputs.
pub fn stable_id(source: &str, index: usize, salt: u32) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let key = format!("{source}\u{0}{index}\u{0}{salt}");
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    format!("{:010x}", h >> 24)
}

/// Gives every activity without an id its stable id, and a second one (salted) to an
/// activity whose id another already has: ids are unique within a register.
pub fn assign_ids(activities: &mut [Activity]) {
    let mut taken: std::collections::HashSet<String> = activities
        .iter()
        .filter(|a| !a.id.is_empty())
        .map(|a| a.id.clone())
        .collect();
    let mut seen = std::collections::HashSet::new();
    for a in activities.iter_mut() {
        if !a.id.is_empty() && seen.insert(a.id.clone()) {
            continue;
        }
        let mut salt = 0;
        let id = loop {
            let id = stable_id(&a.source, a.index, salt);
            if !taken.contains(&id) {
                break id;
            }
            salt += 1;
        };
        taken.insert(id.clone());
        seen.insert(id.clone());
        a.id = id;
    }
}

#[cfg(test)]
mod id_tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_unique() {
        let mk = |source: &str, index| Activity {
            source: source.into(),
            index,
            ..Default::default()
        };
        let mut acts = vec![mk("a.xlsx", 1), mk("a.xlsx", 2), mk("a.xlsx", 1)];
        acts[1].id = "kept".into();
        assign_ids(&mut acts);
        assert_eq!(acts[0].id, stable_id("a.xlsx", 1, 0));
        assert_eq!(acts[0].id.len(), 10);
        assert_eq!(acts[1].id, "kept");
        // the same source and number twice: the second gets a salted id
        assert_eq!(acts[2].id, stable_id("a.xlsx", 1, 1));
        assert_ne!(acts[0].id, acts[2].id);
    }
}
