//! The canonical register: what every stage after `normalise` reads and every writer writes,
//! with what every stage shares — the text helpers, the error type, the phrase lists, the
//! run's language and the limits of the formats written.

pub mod error;
pub mod leaves;
pub mod lexicon;
pub mod limits;
pub mod memo;
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

    /// Its reference, folded, when it identifies the activity (`RH-03`): a bare number
    /// is a position a client renumbers, no identity. What ids and `diff` trust.
    pub fn identifying_reference(&self) -> Option<String> {
        self.get(Field::Ref)
            .map(|v| text::fold(&v.display_text()))
            .filter(|r| r.chars().any(char::is_alphabetic))
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

/// Ten hex digits of a 64-bit FNV-1a hash of `key` (mixed as SplitMix64 does, so near
/// keys give far ids): the same on every run over the same key.
pub fn hash_id(key: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    format!("{:010x}", h >> 24)
}

/// The id of the activity of `source` that `key` names (see [`id_key`]), the `nth` of
/// its source with that key: it follows the activity, not its position, so inserting,
/// deleting or moving another activity leaves it as it was.
pub fn stable_id(source: &str, key: &str, nth: u32) -> String {
    hash_id(&format!("{source}\u{0}{key}\u{0}{nth}"))
}

/// What names an activity within its source, for its id: its reference when it is an
/// identifier (`RH-03`, not a bare number a client renumbers), else its name folded,
/// else its bare-number reference, else — nothing else names it — its position.
pub fn id_key(a: &Activity) -> String {
    let text = |f: Field| {
        a.get(f)
            .map(|v| text::fold(&v.display_text()))
            .filter(|t| !t.is_empty())
    };
    let reference = text(Field::Ref);
    match (
        a.identifying_reference(),
        text(Field::Name),
        reference.as_deref(),
    ) {
        (Some(r), ..) => format!("ref {r}"),
        (None, Some(n), _) => format!("name {n}"),
        (None, None, Some(r)) => format!("ref {r}"),
        (None, None, None) => format!("position {}", a.index),
    }
}

/// What tells apart activities of one source named alike: every field's text, hashed.
/// Two such activities keep their ids when one of them is deleted or they are swapped;
/// only true duplicates (the same text throughout) are told apart by their order.
fn content_key(a: &Activity) -> String {
    let text: Vec<String> = a
        .fields
        .iter()
        .map(|(f, v)| format!("{}={}", f.id(), text::fold(&v.display_text())))
        .collect();
    hash_id(&text.join("\u{0}"))
}

/// Gives every activity without an id its stable id — its source and what names it (with
/// its content when another activity of the source is named alike), counted only among
/// true duplicates — and a salted one when another activity already has it: ids are
/// unique within a register.
pub fn assign_ids(activities: &mut [Activity]) {
    let mut taken: std::collections::HashSet<String> = activities
        .iter()
        .filter(|a| !a.id.is_empty())
        .map(|a| a.id.clone())
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut named: std::collections::HashMap<(String, String), u32> =
        std::collections::HashMap::new();
    // each activity's key once, and how many activities of each source share each key
    let keys: Vec<String> = activities.iter().map(id_key).collect();
    let mut alike: std::collections::HashMap<(String, String), usize> =
        std::collections::HashMap::new();
    for (a, key) in activities.iter().zip(&keys) {
        *alike.entry((a.source.clone(), key.clone())).or_default() += 1;
    }
    for (a, mut key) in activities.iter_mut().zip(keys) {
        if !a.id.is_empty() && seen.insert(a.id.clone()) {
            continue;
        }
        if alike.get(&(a.source.clone(), key.clone())).copied() > Some(1) {
            key = format!("{key} {}", content_key(a));
        }
        let count = named.entry((a.source.clone(), key.clone())).or_insert(0);
        let id = loop {
            let id = stable_id(&a.source, &key, *count);
            *count += 1;
            if !taken.contains(&id) {
                break id;
            }
        };
        taken.insert(id.clone());
        seen.insert(id.clone());
        a.id = id;
    }
}

#[cfg(test)]
mod id_tests {
    use super::*;

    fn mk(source: &str, index: usize, name: &str) -> Activity {
        let mut a = Activity {
            source: source.into(),
            index,
            ..Default::default()
        };
        if !name.is_empty() {
            a.fields.insert(Field::Name, Value::Text(name.into()));
        }
        a
    }

    #[test]
    fn ids_are_stable_and_unique() {
        let mut acts = vec![
            mk("a.xlsx", 1, "Paie"),
            mk("a.xlsx", 2, "RH"),
            mk("a.xlsx", 3, "Paie"),
        ];
        acts[1].id = "kept".into();
        assign_ids(&mut acts);
        assert_eq!(acts[0].id.len(), 10);
        assert_eq!(acts[1].id, "kept");
        // the same name twice in a source, the same text: the second is counted
        assert_ne!(acts[0].id, acts[2].id);
        assert_eq!(
            acts[2].id,
            stable_id("a.xlsx", &format!("name paie {}", content_key(&acts[2])), 1)
        );
    }

    /// Two activities of one source named alike keep their ids when the first is
    /// deleted or the two are swapped: their texts tell them apart, not their order.
    #[test]
    fn activities_named_alike_keep_their_ids() {
        let with = |index, purpose: &str| {
            let mut a = mk("r.md", index, "Gestion des clients");
            a.fields.insert(Field::Purpose, Value::Text(purpose.into()));
            a
        };
        let mut both = vec![with(1, "Facturation"), with(2, "Carte de fidélité")];
        assign_ids(&mut both);
        assert_ne!(both[0].id, both[1].id);
        let mut second_only = vec![with(1, "Carte de fidélité")];
        let mut swapped = vec![with(1, "Carte de fidélité"), with(2, "Facturation")];
        assign_ids(&mut swapped);
        assert_eq!(swapped[0].id, both[1].id);
        assert_eq!(swapped[1].id, both[0].id);
        // alone, it is known by its name: a register edited since is paired by content
        assign_ids(&mut second_only);
        assert_eq!(
            second_only[0].id,
            stable_id("r.md", "name gestion des clients", 0)
        );
    }

    #[test]
    fn an_id_follows_its_activity_not_its_position() {
        let names = ["Paie", "Recrutement", "Vidéosurveillance", "Newsletter"];
        let ids = |acts: &[Activity]| -> Vec<(String, String)> {
            acts.iter()
                .map(|a| (a.display_name(), a.id.clone()))
                .collect()
        };
        let mut before: Vec<Activity> = names
            .iter()
            .enumerate()
            .map(|(i, n)| mk("r.xlsx", i + 1, n))
            .collect();
        assign_ids(&mut before);
        // the first deleted, the rest renumbered and two swapped
        let mut after: Vec<Activity> = [names[3], names[1], names[2]]
            .iter()
            .enumerate()
            .map(|(i, n)| mk("r.xlsx", i + 1, n))
            .collect();
        assign_ids(&mut after);
        for (name, id) in ids(&after) {
            let was = ids(&before).into_iter().find(|(n, _)| *n == name);
            assert_eq!(was.map(|(_, id)| id), Some(id), "{name}");
        }
        // a reference that identifies wins over the name; a bare number does not
        let mut r = mk("r.xlsx", 1, "Paie");
        r.fields.insert(Field::Ref, Value::Text("RH-03".into()));
        assert_eq!(id_key(&r), "ref rh 03");
        r.fields.insert(Field::Ref, Value::Text("3".into()));
        assert_eq!(id_key(&r), "name paie");
        assert_eq!(id_key(&mk("r.xlsx", 7, "")), "position 7");
    }
}
