//! `register.json` and `gaps.json`: the canonical, machine-readable forms.

use super::run::Run;
use crate::worded::{ExtrasJson, SourceJson};
use ropa_model::{Activity, Field, Lang, Register, Value};
use ropa_rules::Finding;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value as Json;

/// One activity as a JSON object: `source`, `index`, one key per field with a value,
/// then `extra`, `provenance` and `format_fields`. Serialised straight to the writer, so
/// a register of 100,000 activities is never held a second time as a JSON tree.
pub struct ActivityJson<'a>(
    pub &'a Activity,
    pub Option<&'a Labels<'a>>,
    pub Inherit,
    pub Lang,
);

/// Whether an activity's `format_fields` are left out of register.json, being those of
/// the activity before it, of the same source (a table's rows all have one format).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inherit {
    /// Written out.
    No,
    /// The previous activity's, of the same source: not written.
    FormatFields,
}

impl Inherit {
    /// What the `i`th activity of a list inherits: the format of the one before it
    /// when that one is of the same source and format (a table's rows share one).
    pub fn of(activities: &[Activity], i: usize) -> Inherit {
        let same = i > 0 && {
            let (before, a) = (&activities[i - 1], &activities[i]);
            before.source == a.source && before.format_fields == a.format_fields
        };
        if same {
            Inherit::FormatFields
        } else {
            Inherit::No
        }
    }
}

/// Gives each activity read without `format_fields` (`written[i]` false) those of the
/// one before it, of its source: the reverse of [`Inherit::of`].
pub fn inherit_format_fields(activities: &mut [Activity], written: &[bool]) {
    for i in 1..activities.len() {
        if !written.get(i).copied().unwrap_or(true)
            && activities[i - 1].source == activities[i].source
        {
            activities[i].format_fields = activities[i - 1].format_fields.clone();
        }
    }
}

/// The source labels of a register, each once: an origin names its label by its index
/// in this table (`"label": 3`), not by a copy of its text on every activity — a table
/// of 100,000 rows has 25 labels, not 2.5 million.
pub struct Labels<'a> {
    /// The labels, in first-met order.
    pub list: Vec<&'a str>,
    index: std::collections::HashMap<&'a str, usize>,
}

impl<'a> Labels<'a> {
    /// The labels of every origin of the register.
    pub fn of(r: &'a Register) -> Labels<'a> {
        let mut t = Labels {
            list: Vec::new(),
            index: std::collections::HashMap::new(),
        };
        for o in r
            .activities
            .iter()
            .flat_map(|a| a.provenance.values().flatten())
            .filter(|o| !o.label.is_empty())
        {
            if !t.index.contains_key(&*o.label) {
                t.index.insert(&*o.label, t.list.len());
                t.list.push(&*o.label);
            }
        }
        t
    }
}

impl Serialize for ActivityJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.0;
        let mut m = s.serialize_map(None)?;
        if !a.id.is_empty() {
            m.serialize_entry("id", &a.id)?;
        }
        m.serialize_entry("source", &a.source)?;
        m.serialize_entry("index", &a.index)?;
        for (field, value) in &a.fields {
            m.serialize_entry(field.id(), value)?;
        }
        if !a.extra.is_empty() {
            m.serialize_entry("extra", &ExtrasJson(&a.extra, self.3))?;
        }
        m.serialize_entry("provenance", &Provenance(a, self.1, self.3))?;
        if self.2 == Inherit::No {
            let ids: Vec<&str> = a.format_fields.iter().map(|f| f.id()).collect();
            m.serialize_entry("format_fields", &ids)?;
        }
        m.end()
    }
}

/// An activity's origins, their places in the run's language.
struct Provenance<'a>(&'a Activity, Option<&'a Labels<'a>>, Lang);

/// An origin's label: its index in the register's [`Labels`], or its text (the hidden
/// sheet of register.xlsx, which has no table, and registers written before the table).
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
enum LabelRef<'a> {
    Index(usize),
    Text(std::borrow::Cow<'a, str>),
}

impl Default for LabelRef<'_> {
    fn default() -> Self {
        LabelRef::Text("".into())
    }
}

/// One origin: its place, its label, and its text left out when it is the value's own
/// text (a field read from one place as it stands), so a register does not carry each
/// value twice. Written as an array, `["B7", 1]` or `["B7", 1, "text"]` — a table of
/// 100,000 rows has 2.5 million origins, and the keys of an object form were 40 % of them.
struct OriginJson<'a> {
    place: std::borrow::Cow<'a, str>,
    label: LabelRef<'a>,
    text: Option<std::borrow::Cow<'a, str>>,
}

impl Serialize for OriginJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        let mut t = s.serialize_tuple(2 + usize::from(self.text.is_some()))?;
        t.serialize_element(&self.place)?;
        t.serialize_element(&self.label)?;
        if let Some(text) = &self.text {
            t.serialize_element(text)?;
        }
        t.end()
    }
}

/// An origin as read: the array form, or the object form of registers written before it.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum OriginIn<'a> {
    Pair(std::borrow::Cow<'a, str>, LabelRef<'a>),
    Triple(
        std::borrow::Cow<'a, str>,
        LabelRef<'a>,
        std::borrow::Cow<'a, str>,
    ),
    Object {
        place: std::borrow::Cow<'a, str>,
        #[serde(default)]
        label: LabelRef<'a>,
        #[serde(default)]
        text: Option<std::borrow::Cow<'a, str>>,
    },
}

impl<'a> From<OriginIn<'a>> for OriginJson<'a> {
    fn from(o: OriginIn<'a>) -> Self {
        let (place, label, text) = match o {
            OriginIn::Pair(place, label) => (place, label, None),
            OriginIn::Triple(place, label, text) => (place, label, Some(text)),
            OriginIn::Object { place, label, text } => (place, label, text),
        };
        OriginJson { place, label, text }
    }
}

impl Serialize for Provenance<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.0;
        s.collect_map(a.provenance.iter().map(|(f, origins)| {
            let written: Vec<OriginJson<'_>> = origins
                .iter()
                .map(|o| OriginJson {
                    place: crate::words::place(&o.place, self.2),
                    label: match self.1.and_then(|t| t.index.get(&*o.label)) {
                        Some(&i) => LabelRef::Index(i),
                        None => LabelRef::Text((&*o.label).into()),
                    },
                    text: o.text.as_deref().map(Into::into),
                })
                .collect();
            (f.id(), written)
        }))
    }
}

/// Reads an activity back from its JSON object (labels written out in full).
pub fn activity_from_json(v: &Json) -> Result<Activity, String> {
    activity_from_json_with(v, &[])
}

/// Reads an activity back from its JSON object, its origins' label indexes resolved in
/// the register's table of labels.
pub fn activity_from_json_with(v: &Json, labels: &[String]) -> Result<Activity, String> {
    let obj = v.as_object().ok_or("an activity must be a JSON object")?;
    let mut a = Activity {
        id: obj
            .get("id")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string(),
        source: obj
            .get("source")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string(),
        index: obj.get("index").and_then(Json::as_u64).unwrap_or(0) as usize,
        ..Default::default()
    };
    for (key, val) in obj {
        if let Ok(field) = key.parse::<Field>() {
            let value = Value::from_json(field.kind(), val.clone())
                .map_err(|e| format!("activity {} of {}: field `{key}`: {e}", a.index, a.source))?;
            a.fields.insert(field, value);
        }
    }
    if let Some(extra) = obj.get("extra") {
        a.extra = serde_json::from_value(extra.clone()).map_err(|e| e.to_string())?;
    }
    if let Some(Json::Object(p)) = obj.get("provenance") {
        for (k, origins) in p {
            if let Ok(field) = k.parse::<Field>() {
                let read: Vec<OriginIn<'static>> =
                    serde_json::from_value(origins.clone()).map_err(|e| e.to_string())?;
                let origins = read
                    .into_iter()
                    .map(|o| {
                        let o = OriginJson::from(o);
                        let label = match o.label {
                            LabelRef::Text(t) => t.into_owned(),
                            LabelRef::Index(i) => labels.get(i).cloned().ok_or_else(|| {
                                format!("provenance of `{k}`: label {i} is not in the register's `labels`")
                            })?,
                        };
                        Ok(ropa_model::Origin {
                            place: o.place.into_owned(),
                            label: label.into(),
                            // none written: the value's own text (Origin::text_of)
                            text: o.text.map(std::borrow::Cow::into_owned),
                        })
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                a.provenance.insert(field, origins);
            }
        }
    }
    if let Some(Json::Array(ff)) = obj.get("format_fields") {
        a.format_fields = ff.iter().filter_map(|f| f.as_str()?.parse().ok()).collect();
    }
    Ok(a)
}

/// The whole register: `{"run": {...}, "activities": [...], "sources": [...]}`.
pub struct RegisterJson<'a>(pub &'a Register, pub Option<&'a Run>, pub Lang);

impl Serialize for RegisterJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if let Some(run) = self.1 {
            m.serialize_entry("run", run)?;
        }
        let labels = Labels::of(self.0);
        let shown: Vec<_> = labels
            .list
            .iter()
            .map(|l| crate::words::label(l, self.2))
            .collect();
        m.serialize_entry("labels", &shown)?;
        m.serialize_entry(
            "activities",
            &Seq(self.0.activities.iter().enumerate().map(|(i, a)| {
                ActivityJson(a, Some(&labels), Inherit::of(&self.0.activities, i), self.2)
            })),
        )?;
        let sources = self.0.sources.iter().map(|r| SourceJson(r, self.2));
        m.serialize_entry("sources", &Seq(sources))?;
        m.end()
    }
}

/// A sequence serialised from an iterator as it goes.
struct Seq<I>(I);

impl<I: Iterator<Item = T> + Clone, T: Serialize> Serialize for Seq<I> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.clone())
    }
}

/// The findings: `{"findings": [...]}`, and the rule changes when there are any.
#[derive(Serialize)]
pub struct GapsJson<'a> {
    /// The run that wrote the report.
    pub run: &'a Run,
    /// The findings, in report order.
    pub findings: &'a [Finding],
    /// What `[rules]` changed.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub rule_changes: &'a [ropa_rules::config::Change],
}

/// JSON with a final newline, written as it is made: compact (for programs and for
/// size), or indented for people (`--pretty`).
pub fn to_writer<T: Serialize + ?Sized>(
    w: &mut dyn std::io::Write,
    v: &T,
    pretty: bool,
) -> std::io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *w, v)?;
    } else {
        serde_json::to_writer(&mut *w, v)?;
    }
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ropa_model::{DateValue, Origin};

    #[test]
    fn activities_round_trip() {
        let mut a = Activity {
            source: "x.tsv".into(),
            index: 2,
            ..Default::default()
        };
        a.fields.insert(Field::Name, Value::Text("Paie".into()));
        a.fields
            .insert(Field::DataSubjects, Value::List(vec!["Salariés".into()]));
        a.fields.insert(
            Field::Created,
            Value::Date(DateValue {
                text: "01/02/2020".into(),
                date: Some("2020-02-01".into()),
            }),
        );
        a.provenance.insert(
            Field::Name,
            vec![Origin {
                place: "B4".into(),
                label: "Traitement".into(),
                // the value's own text, as normalise leaves it
                text: None,
            }],
        );
        a.format_fields = vec![Field::Name, Field::Retention];
        a.provenance.insert(
            Field::DataSubjects,
            vec![Origin {
                place: "B5".into(),
                label: "Personnes".into(),
                text: Some("Salariés, intérimaires".into()),
            }],
        );
        assert_eq!(
            a.provenance.get(&Field::Name).unwrap()[0].text_of(a.get(Field::Name)),
            "Paie"
        );
        let json = serde_json::to_value(ActivityJson(&a, None, Inherit::No, Lang::Fr)).unwrap();
        // the origin whose text is the value's own carries no second copy of it
        assert_eq!(
            json["provenance"]["name"][0],
            serde_json::json!(["B4", "Traitement"]),
            "{json}"
        );
        assert_eq!(
            json["provenance"]["data_subjects"][0][2],
            "Salariés, intérimaires"
        );
        assert_eq!(activity_from_json(&json).unwrap(), a);
        // registers written before the array form still read
        let mut old = json.clone();
        old["provenance"]["name"][0] = serde_json::json!({"place": "B4", "label": "Traitement"});
        old["provenance"]["data_subjects"][0] = serde_json::json!(
            {"place": "B5", "label": "Personnes", "text": "Salariés, intérimaires"});
        assert_eq!(activity_from_json(&old).unwrap(), a);
        let back = activity_from_json(&json).unwrap();
        assert_eq!(back, a);
        // in register.json, a label is its index in the register's table of labels
        let r = Register {
            activities: vec![a.clone()],
            sources: Vec::new(),
        };
        let labels = Labels::of(&r);
        assert_eq!(labels.list, ["Traitement", "Personnes"]);
        let json =
            serde_json::to_value(ActivityJson(&a, Some(&labels), Inherit::No, Lang::Fr)).unwrap();
        assert_eq!(json["provenance"]["data_subjects"][0][1], 1);
        let table: Vec<String> = labels.list.iter().map(|l| l.to_string()).collect();
        assert_eq!(activity_from_json_with(&json, &table).unwrap(), a);
        assert!(
            activity_from_json(&json)
                .unwrap_err()
                .contains("is not in the register's `labels`")
        );
    }
}
