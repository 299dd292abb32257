//! Stage 3: labelled values → the canonical register. Each field's pieces become one
//! typed value that keeps its source text; register-level values reach every activity.

pub mod answers;
mod by_values;
pub mod categories;
pub mod dates;
pub mod entities;
mod items;
pub mod landed;
pub mod parties;
pub mod party;
pub mod retention;

use ropa_map::{Labelled, MappedBlock, MappedDocument, Target, Unmapped};
use ropa_model::text::{
    clean_lines, fold, has_content, split_list, strip_bullet, strip_markup, unglue,
};
use ropa_model::{
    Activity, AnswerValue, DataCategory, DateValue, Extra, Field, Ignored, Kind, LabelMatch,
    Origin, Place, Risk, Said, SecurityCategory, SecurityMeasure, SourceReport, UpdateEntry, Value,
    YesNo,
};
use std::collections::{BTreeMap, HashSet};

/// One piece of a field's value, as the map stage labelled it.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// The source's label.
    pub label: String,
    /// A sub-row's label (data).
    pub sublabel: Option<String>,
    /// The template option it stands under (a qualifier).
    pub option: Option<String>,
    /// The text.
    pub text: String,
    /// The mapping's part for the label.
    pub part: Option<String>,
    /// The row of a nested table.
    pub group: Option<usize>,
    /// Where it was read.
    pub place: Place,
}

impl Piece {
    /// A piece that is only a label and a text read at a place (a cell a client edited).
    pub fn plain(label: &str, text: &str, place: Place) -> Piece {
        Piece {
            label: label.to_string(),
            sublabel: None,
            option: None,
            text: text.to_string(),
            part: None,
            group: None,
            place,
        }
    }

    fn from_labelled(l: &Labelled, text: String) -> Piece {
        Piece {
            label: l.value.label.to_string(),
            sublabel: l.value.sublabel.clone(),
            option: l.value.option.clone(),
            text,
            part: l.part.clone(),
            group: l.value.group,
            place: l.value.place.clone(),
        }
    }
}

/// One source, normalised.
#[derive(Clone, Debug, Default)]
pub struct Normalised {
    /// Its activities, in source order.
    pub activities: Vec<Activity>,
    /// How it was read, and what was kept aside.
    pub report: SourceReport,
}

/// Builds the canonical activities of one mapped source.
pub fn normalise(mut doc: MappedDocument, layout: &str) -> Normalised {
    let brands = ropa_model::text::camel_words(
        doc.activities
            .iter()
            .chain([&doc.register])
            .flat_map(|b| &b.values)
            .flat_map(|l| [Some(l.value.text.as_str()), l.value.sublabel.as_deref()])
            .flatten(),
    );
    let ignored = doc
        .register
        .ignored
        .iter()
        .chain(doc.activities.iter().flat_map(|b| &b.ignored))
        .map(|u| Ignored {
            source: doc.source.clone(),
            label: shown(&u.value).to_string(),
            value: source_text(&u.value),
            place: u.value.place.to_string(),
            reason: u.reason.clone(),
        })
        .collect();
    // each block is dropped once built, so the source is not held twice
    let mut blocks = std::mem::take(&mut doc.activities);
    let understood = by_values::data_categories(&mut blocks);
    let moved: usize = understood.iter().map(|(_, n)| n).sum();
    doc.account.mapped += moved;
    doc.account.extra -= moved;
    doc.info.notes.extend(
        understood
            .into_iter()
            .map(|(label, values)| Said::ReadByValues { label, values }),
    );
    let plain_text = doc.info.plain_text;
    let build =
        |i: usize, block: &MappedBlock| build_activity(&doc.source, i, block, &brands, plain_text);
    let checked = |i: usize, block: &MappedBlock| {
        let act = build(i, block);
        let lost = landed::lost(block, &act);
        (act, lost)
    };
    let base = build(0, &doc.register);
    // one activity per core at a time; collected in source order
    let built: Vec<(Activity, usize)> = {
        use rayon::prelude::*;
        blocks
            .into_par_iter()
            .enumerate()
            .map(|(i, block)| checked(i + 1, &block))
            .collect()
    };
    let lost: usize = built.iter().map(|(_, n)| n).sum();
    let built = built.into_iter().map(|(a, _)| a);
    let mut activities = Vec::new();
    let mut inherited: HashSet<Field> = HashSet::new();
    for mut act in built {
        for (field, value) in &base.fields {
            if !act.fields.contains_key(field) {
                act.fields.insert(*field, value.clone());
                inherited.insert(*field);
                if let Some(p) = base.provenance.get(field) {
                    act.provenance.insert(*field, p.clone());
                }
            }
        }
        act.format_fields = doc.format_fields.clone();
        activities.push(act);
    }
    // a value of the register that no activity took (each has its own) is kept as extra
    let mut base = base;
    for (field, origins) in &base.provenance {
        if inherited.contains(field) {
            continue;
        }
        for o in origins {
            base.extra.push(Extra {
                label: o.label.to_string(),
                value: o.text_of(base.fields.get(field)).into_owned(),
                place: o.place.clone(),
                reason: Said::RegisterValueNotTaken {
                    field: field.id().to_string(),
                },
            });
        }
    }
    let report = SourceReport {
        source: doc.source.clone(),
        mapping: doc.mapping.clone(),
        layout: layout.to_string(),
        encoding: doc.info.encoding.clone(),
        delimiter: doc.info.delimiter.map(|d| match d {
            '\t' => "tab".to_string(),
            c => c.to_string(),
        }),
        sheet: doc.info.sheet.clone(),
        header_row: doc.info.header_row,
        language: doc.info.language.map(|l| l.code().to_string()),
        notes: doc.info.notes.clone(),
        activities: activities.len(),
        account: ropa_model::Account {
            lost,
            ..doc.account
        },
        labels: doc
            .labels
            .iter()
            .map(|l| LabelMatch {
                label: l.label.clone(),
                target: l.resolution.accepted().map(|(t, _)| t.name().to_string()),
                how: l.resolution.describe(),
            })
            .collect(),
        extra: base.extra,
        ignored,
    };
    Normalised { activities, report }
}

fn shown(v: &ropa_read::RawValue) -> ropa_model::Label {
    match &v.option {
        Some(o) => format!("{} › {o}", v.label).into(),
        None => v.label.clone(),
    }
}

/// The source's text of a value: a sub-row's label (data) leads its text.
fn source_text(v: &ropa_read::RawValue) -> String {
    match &v.sublabel {
        Some(sub) if v.text.is_empty() => sub.clone(),
        Some(sub) => format!("{sub}\t{}", v.text),
        None => v.text.clone(),
    }
}

fn extra_of(u: &Unmapped) -> Extra {
    Extra {
        label: shown(&u.value).to_string(),
        value: source_text(&u.value),
        place: u.value.place.to_string(),
        reason: u.reason.clone(),
    }
}

/// The kinds whose values are lists of items, where a lost line break glued two items.
fn is_list_kind(k: Kind) -> bool {
    matches!(
        k,
        Kind::List | Kind::DataCategories | Kind::Recipients | Kind::Processors
    )
}

fn build_activity(
    source: &str,
    index: usize,
    block: &MappedBlock,
    brands: &HashSet<String>,
    plain_text: bool,
) -> Activity {
    let mut pieces: BTreeMap<Field, Vec<Piece>> = BTreeMap::new();
    let mut origins: BTreeMap<Field, Vec<Origin>> = BTreeMap::new();
    for l in &block.values {
        let origin = Origin {
            place: l.value.place.to_string(),
            label: shown(&l.value),
            text: Some(source_text(&l.value)),
        };
        let split: Vec<(Field, String)> = match l.target {
            Target::Field(f) => vec![(f, l.value.text.clone())],
            Target::Controller | Target::Dpo => {
                let p = party::split(&l.value.text);
                let (name, address, contact) = if l.target == Target::Controller {
                    (
                        Field::ControllerName,
                        Some(Field::ControllerAddress),
                        Field::ControllerContact,
                    )
                } else {
                    (Field::DpoName, None, Field::DpoContact)
                };
                let mut parts = Vec::new();
                if let Some(n) = p.name {
                    parts.push((name, n));
                }
                let contact_text = match (address, p.address.clone()) {
                    (Some(a), Some(addr)) => {
                        parts.push((a, addr));
                        p.contact.clone()
                    }
                    (None, Some(addr)) => Some(match &p.contact {
                        Some(c) => format!("{addr} / {c}"),
                        None => addr,
                    }),
                    _ => p.contact.clone(),
                };
                if let Some(c) = contact_text {
                    parts.push((contact, c));
                }
                parts
            }
            Target::Ignore => vec![],
        };
        for (field, text) in split {
            let mut piece = Piece::from_labelled(l, text);
            // a plain-text export is Markdown written out: its emphasis is no text
            if plain_text {
                piece.text = ropa_model::text::strip_emphasis(&piece.text);
                piece.sublabel = piece.sublabel.map(|s| ropa_model::text::strip_emphasis(&s));
            }
            if plain_text && is_list_kind(field.kind()) {
                piece.text = unglue(&piece.text, brands);
                piece.sublabel = piece.sublabel.map(|s| unglue(&s, brands));
            }
            pieces.entry(field).or_default().push(piece);
            origins.entry(field).or_default().push(origin.clone());
        }
    }
    let mut act = Activity {
        source: source.to_string(),
        index,
        ..Default::default()
    };
    for (field, ps) in pieces {
        if let Some(v) = build_value(field, &ps) {
            act.fields.insert(field, v);
            if let Some(mut o) = origins.remove(&field) {
                // most fields have one origin: a register of 100,000 activities keeps
                // millions of these lists
                o.shrink_to_fit();
                act.provenance.insert(field, o);
            }
        }
    }
    add_processors_from_recipients(&mut act);
    act.extra = block.extra.iter().map(extra_of).collect();
    // a field read from one place as it stands keeps no second copy of its text
    for (field, origins) in act.provenance.iter_mut() {
        if let ([one], Some(v)) = (origins.as_mut_slice(), act.fields.get(field))
            && one.text.as_deref() == Some(v.display_text().as_str())
        {
            one.text = None;
        }
    }
    act.fields.shrink_to_fit();
    act.provenance.shrink_to_fit();
    act
}

/// A recipient marked as a processor is also one of the activity's processors (Art. 28):
/// the processors field lists it, with the recipients' provenance.
fn add_processors_from_recipients(act: &mut Activity) {
    let Some(Value::Recipients(recipients)) = act.fields.get(&Field::Recipients) else {
        return;
    };
    let known = match act.fields.get(&Field::Processors) {
        Some(Value::Processors(p)) => p.clone(),
        _ => Vec::new(),
    };
    let found = parties::processors_among(recipients, &known);
    if found.is_empty() {
        return;
    }
    let mut origins = act
        .provenance
        .get(&Field::Recipients)
        .cloned()
        .unwrap_or_default();
    act.provenance
        .get_or_default(Field::Processors)
        .append(&mut origins);
    act.fields.insert(
        Field::Processors,
        Value::Processors(known.into_iter().chain(found).collect()),
    );
}

/// Joins pieces into one cleaned text; a sub-row's label leads its text.
fn joined(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| {
            let text = strip_markup(&p.text);
            match &p.sublabel {
                Some(sub) if text.is_empty() => strip_markup(sub),
                Some(sub) => format!("{} : {text}", strip_markup(sub)),
                None => text,
            }
        })
        .filter(|t| has_content(t))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Builds the typed value of one field from its pieces.
pub fn build_value(field: Field, pieces: &[Piece]) -> Option<Value> {
    let value = match field.kind() {
        Kind::Text => Value::Text(joined(pieces)),
        Kind::List => Value::List(split_list(&joined(pieces))),
        Kind::Date => {
            let text = joined(pieces);
            Value::Date(DateValue {
                date: dates::find_date(&text),
                text,
            })
        }
        Kind::Basis => Value::Basis(answers::legal_basis(&one_para(&joined(pieces)))),
        Kind::Answer => Value::Answer(answer(field, pieces)),
        Kind::DataCategories => Value::DataCategories(data_categories(pieces)),
        Kind::Recipients => Value::Recipients(parties::recipients(pieces)),
        Kind::Processors => Value::Processors(parties::processors(pieces)),
        Kind::Retention => Value::Retention(retention::periods(&joined(pieces))),
        Kind::Security => Value::Security(security(pieces)),
        Kind::Risks => Value::Risks(risks(pieces)),
        Kind::UpdateLog => Value::UpdateLog(
            pieces
                .iter()
                .map(|p| joined(std::slice::from_ref(p)))
                .filter(|t| has_content(t))
                .map(|text| UpdateEntry {
                    date: dates::find_date(&text),
                    text,
                })
                .collect(),
        ),
    };
    (!value_is_empty(&value)).then_some(value)
}

fn one_para(s: &str) -> String {
    s.lines().collect::<Vec<_>>().join(" ")
}

fn value_is_empty(v: &Value) -> bool {
    match v {
        Value::Text(t) => !has_content(t),
        Value::List(l) => l.is_empty(),
        Value::Date(d) => !has_content(&d.text),
        Value::Basis(b) => !has_content(&b.text),
        Value::Answer(a) => !has_content(&a.text),
        Value::DataCategories(l) => l.is_empty(),
        Value::Recipients(l) => l.is_empty(),
        Value::Processors(l) => l.is_empty(),
        Value::Retention(l) => l.is_empty(),
        Value::Security(l) => l.is_empty(),
        Value::Risks(l) => l.is_empty(),
        Value::UpdateLog(l) => l.is_empty(),
    }
}

/// The first piece that answers yes or no gives the answer; the rest are details.
/// With no yes or no, what the text says is an answer too: a transfer that names a
/// country, sensitive data that names an Art. 9(2) condition (the ICO's columns).
fn answer(field: Field, pieces: &[Piece]) -> AnswerValue {
    let mut value = yes_no_answer(pieces);
    if value.answer == YesNo::Unknown {
        let implied = match field {
            Field::Transfers => answers::names_country(&value.text),
            Field::SensitiveData => answers::names_special_category_basis(&value.text),
            _ => false,
        };
        if implied {
            value.answer = YesNo::Yes;
        }
    }
    value
}

fn yes_no_answer(pieces: &[Piece]) -> AnswerValue {
    let lines: Vec<String> = joined(pieces).lines().map(str::to_string).collect();
    let pos = lines
        .iter()
        .position(|l| answers::yes_no(l) != YesNo::Unknown);
    match pos {
        Some(i) => AnswerValue {
            text: strip_bullet(&lines[i]),
            answer: answers::yes_no(&lines[i]),
            details: lines
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, l)| l.clone())
                .collect(),
        },
        None => AnswerValue {
            text: lines.join("\n"),
            answer: YesNo::Unknown,
            details: Vec::new(),
        },
    }
}

/// Items grouped under the same category (sub-row label or template option).
fn data_categories(pieces: &[Piece]) -> Vec<DataCategory> {
    let mut out: Vec<DataCategory> = Vec::new();
    for p in pieces {
        let category = p
            .sublabel
            .as_deref()
            .or(p.option.as_deref())
            .map(|c| clean_lines(&strip_bullet(&strip_markup(c))).replace('\n', " "));
        let details: Vec<String> = split_list(&p.text)
            .iter()
            .flat_map(|item| items::data_items(item))
            .collect();
        match out.last_mut() {
            Some(last) if last.category == category && category.is_some() => {
                last.details.extend(details)
            }
            _ => out.push(DataCategory {
                category,
                details,
                ..Default::default()
            }),
        }
    }
    out.retain(|c| c.category.is_some() || !c.details.is_empty());
    for c in &mut out {
        if let Some(label) = &c.category {
            let (category, source) = categories::split_source(label);
            c.category = Some(category).filter(|s| has_content(s));
            c.source = source;
        }
        c.cnil = categories::classify_all(c.category.as_deref(), &c.details);
    }
    out
}

/// The CNIL category a heading or a measure's words name.
fn security_category(text: &str) -> SecurityCategory {
    let f = fold(text);
    let has = |words: &[&str]| words.iter().any(|w| f.contains(w));
    if has(&["sous traitant", "processor"]) {
        SecurityCategory::ProcessorControl
    } else if has(&[
        "tracabilite",
        "journalis",
        "trace",
        "logs",
        "logging",
        "audit",
    ]) {
        SecurityCategory::Traceability
    } else if has(&["sauvegarde", "back up", "backup"]) {
        SecurityCategory::Backup
    } else if has(&["chiffr", "https", "tls", "crypt", "encrypt"]) {
        SecurityCategory::Encryption
    } else if has(&[
        "antivirus",
        "correctif",
        "mise a jour",
        "mises a jour",
        "protection des logiciels",
        "patch",
    ]) {
        SecurityCategory::SoftwareProtection
    } else if has(&[
        "acces",
        "login",
        "mot de passe",
        "mdp",
        "authentif",
        "habilitation",
        "access",
        "password",
    ]) {
        SecurityCategory::AccessControl
    } else {
        SecurityCategory::Other
    }
}

fn security(pieces: &[Piece]) -> Vec<SecurityMeasure> {
    let mut out = Vec::new();
    for p in pieces {
        let heading = p
            .option
            .clone()
            .or_else(|| p.sublabel.clone())
            .or_else(|| p.part.clone());
        for line in strip_markup(&p.text).lines() {
            let text = strip_bullet(line);
            if !has_content(&text) {
                continue;
            }
            let category = security_category(heading.as_deref().unwrap_or(&text));
            out.push(SecurityMeasure {
                category,
                heading: heading.clone(),
                text,
            });
        }
    }
    out
}

/// The column of a risk table a header names.
/// Also says whether the piece's qualifier named the part (else, when it has one, the
/// qualifier stays with the text).
fn risk_part(piece: &Piece) -> (&'static str, bool) {
    if let Some(p) = piece.part.as_deref()
        && let Some(known) = Risk::PARTS.iter().find(|k| **k == p)
    {
        return (known, false);
    }
    // a qualifier that names a part (`Mesures :` under « Risques ») says it first
    if let Some(sub) = piece.sublabel.as_deref() {
        let part = part_named(&fold(sub));
        if part != "risk" {
            return (part, true);
        }
    }
    (part_named(&fold(&piece.label)), false)
}

/// The part of a risk a label's folded words name; `risk` when none.
fn part_named(f: &str) -> &'static str {
    let has = |w: &str| f.contains(w);
    if has("impact") {
        "impacts"
    } else if has("source") {
        "sources"
    } else if has("menace") || has("threat") {
        "threats"
    } else if has("mesure")
        || has("measure")
        || has("massnahm")
        || has("maßnahm")
        || has("medida")
        || has("misur")
        || has("maatregel")
    {
        "measures"
    } else if has("gravite") || has("severit") {
        "severity"
    } else if has("vraisemblance") || has("likelihood") || has("probabilit") {
        "likelihood"
    } else {
        "risk"
    }
}

fn risks(pieces: &[Piece]) -> Vec<Risk> {
    let mut out: Vec<(Option<usize>, Risk)> = Vec::new();
    for p in pieces {
        let text = clean_lines(&strip_markup(&p.text));
        if !has_content(&text) {
            continue;
        }
        let idx = match out.iter().position(|(g, _)| g.is_some() && *g == p.group) {
            Some(i) => i,
            None => {
                out.push((p.group, Risk::default()));
                out.len() - 1
            }
        };
        // a qualifier that names no part (`DPIA erforderlich :`) stays with its text
        let (part, qualified) = risk_part(p);
        let text = match p.sublabel.as_deref() {
            Some(sub) if has_content(sub) && !qualified && p.part.is_none() => {
                format!("{} : {text}", strip_markup(sub).trim())
            }
            _ => text,
        };
        if let Some(slot) = out[idx].1.part_mut(part) {
            *slot = Some(match slot.take() {
                Some(prev) => format!("{prev}\n{text}"),
                None => text,
            });
        }
    }
    out.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod risk_tests {
    use super::*;

    #[test]
    fn a_risks_qualifiers_stay_with_their_words() {
        let piece = |sub: &str, text: &str| Piece {
            sublabel: Some(sub.into()),
            ..Piece::plain("Risikobewertung", text, Place::Line(5))
        };
        let Some(Value::Risks(r)) = build_value(
            Field::Risks,
            &[
                piece("Risiko", "MITTEL"),
                piece("Maßnahmen", "TOMs implementiert"),
                piece("DPIA erforderlich", "Nein"),
            ],
        ) else {
            panic!("no risks");
        };
        assert!(
            r.iter()
                .any(|r| r.measures.as_deref() == Some("TOMs implementiert")),
            "{r:?}"
        );
        let said: String = r.iter().filter_map(|r| r.risk.clone()).collect();
        assert!(said.contains("DPIA erforderlich : Nein"), "{said}");
    }
}
