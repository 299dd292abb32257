//! The parts of the register that hold what the stages said (a source's notes, the
//! reasons of values set aside or kept apart, how each label matched), serialised with
//! those remarks in words, in the run's language. register.json and the hidden sheet
//! of register.xlsx write them through these views; read back, the words are kept.

use crate::words::said;
use ropa_model::{Extra, Ignored, LabelMatch, Lang, SourceReport};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// A source's report, its remarks in words.
pub struct SourceJson<'a>(pub &'a SourceReport, pub Lang);

/// Values kept apart, their reasons in words.
pub struct ExtrasJson<'a>(pub &'a [Extra], pub Lang);

impl Serialize for SourceJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, lang) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("source", &r.source)?;
        m.serialize_entry("mapping", &r.mapping)?;
        m.serialize_entry("layout", &r.layout)?;
        let optional = [
            ("encoding", &r.encoding),
            ("delimiter", &r.delimiter),
            ("sheet", &r.sheet),
        ];
        for (key, v) in optional {
            if let Some(v) = v {
                m.serialize_entry(key, v)?;
            }
        }
        if let Some(h) = r.header_row {
            m.serialize_entry("header_row", &h)?;
        }
        if let Some(l) = &r.language {
            m.serialize_entry("language", l)?;
        }
        if !r.notes.is_empty() {
            let notes: Vec<String> = r.notes.iter().map(|n| said(n, lang)).collect();
            m.serialize_entry("notes", &notes)?;
        }
        m.serialize_entry("activities", &r.activities)?;
        m.serialize_entry("account", &r.account)?;
        if !r.labels.is_empty() {
            m.serialize_entry("labels", &LabelsJson(&r.labels, lang))?;
        }
        if !r.extra.is_empty() {
            m.serialize_entry("extra", &ExtrasJson(&r.extra, lang))?;
        }
        if !r.ignored.is_empty() {
            m.serialize_entry("ignored", &IgnoredJson(&r.ignored, lang))?;
        }
        m.end()
    }
}

impl Serialize for ExtrasJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|e| ExtraJson(e, self.1)))
    }
}

/// One value kept apart: `label`, `value`, `place`, and its reason when it has one.
struct ExtraJson<'a>(&'a Extra, Lang);

impl Serialize for ExtraJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("label", &crate::words::label(&e.label, self.1))?;
        m.serialize_entry("value", &e.value)?;
        m.serialize_entry("place", &crate::words::place(&e.place, self.1))?;
        let reason = said(&e.reason, self.1);
        if !reason.is_empty() {
            m.serialize_entry("reason", &reason)?;
        }
        m.end()
    }
}

/// The values set aside by explicit rules, their reasons in words.
struct IgnoredJson<'a>(&'a [Ignored], Lang);

/// One value set aside, as register.json writes it.
#[derive(Serialize)]
struct IgnoredOut<'a> {
    source: &'a str,
    label: std::borrow::Cow<'a, str>,
    value: &'a str,
    place: std::borrow::Cow<'a, str>,
    reason: String,
}

impl Serialize for IgnoredJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|i| IgnoredOut {
            source: &i.source,
            label: crate::words::label(&i.label, self.1),
            value: &i.value,
            place: crate::words::place(&i.place, self.1),
            reason: said(&i.reason, self.1),
        }))
    }
}

/// How each label matched, in words.
struct LabelsJson<'a>(&'a [LabelMatch], Lang);

/// One label's match, as register.json writes it.
#[derive(Serialize)]
struct LabelOut<'a> {
    label: std::borrow::Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<&'a str>,
    how: String,
}

impl Serialize for LabelsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|l| LabelOut {
            label: crate::words::label(&l.label, self.1),
            target: l.target.as_deref(),
            how: said(&l.how, self.1),
        }))
    }
}
