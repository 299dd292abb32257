//! Stage 2: raw values → labelled values. Each value gets a canonical target from its
//! label, or is kept under `extra` with the reason, or is ignored by an explicit rule.

pub mod keys;
pub mod labels;
pub mod mapping;
pub mod stems;
pub mod suggest;
#[rustfmt::skip]
mod tables;
#[cfg(test)]
mod tables_build;

pub use labels::{LabelMatcher, Resolution};
pub use mapping::{Mapping, Pin, Target};

use ropa_model::{Account, Field, Kind, MatchKind, Place, Said};
use ropa_read::{
    ORGANISATION_LABEL, REF_LABEL, ROLE_LABEL, RawDocument, RawValue, ReadInfo, TITLE_LABEL,
};

/// How a labelled value got its target.
#[derive(Clone, Debug, PartialEq)]
pub enum How {
    /// The mapping pins its label.
    Pinned,
    /// Its label is a synonym of the field.
    Synonym,
    /// Its label is close to a synonym (score).
    Fuzzy(f64),
    /// It is the block's title (or the number in it).
    Title,
    /// A constant of the mapping.
    Constant,
    /// Its label names no field; its values are the field's (a list of data items).
    Values,
}

/// A raw value with its canonical target.
#[derive(Clone, Debug, PartialEq)]
pub struct Labelled {
    /// Where it goes.
    pub target: Target,
    /// The column of a nested table, or a qualifier, from the mapping.
    pub part: Option<String>,
    /// The value.
    pub value: RawValue,
    /// How the label was matched.
    pub how: How,
}

/// A value that did not get a canonical field, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Unmapped {
    /// The value.
    pub value: RawValue,
    /// Why it is kept aside (for `extra`) or ignored.
    pub reason: Said,
}

/// The labelled values of one activity (or of the register as a whole).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MappedBlock {
    /// Values with a target, in reading order.
    pub values: Vec<Labelled>,
    /// Values kept under `extra`.
    pub extra: Vec<Unmapped>,
    /// Values ignored on purpose.
    pub ignored: Vec<Unmapped>,
}

/// How one label of the source was matched, for the summary and `explain`.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelReport {
    /// The label as written in the source.
    pub label: String,
    /// How it matched.
    pub resolution: Resolution,
}

/// One source after mapping.
#[derive(Clone, Debug, Default)]
pub struct MappedDocument {
    /// The input's file name.
    pub source: String,
    /// The mapping used.
    pub mapping: String,
    /// Values that speak for the whole register (before the first activity).
    pub register: MappedBlock,
    /// One block per activity.
    pub activities: Vec<MappedBlock>,
    /// The fields the source format has a label for.
    pub format_fields: Vec<Field>,
    /// How each label of the source matched.
    pub labels: Vec<LabelReport>,
    /// What the reader detected.
    pub info: ReadInfo,
    /// The count of values: read = mapped + extra + ignored.
    pub account: Account,
}

/// Maps one read source with its mapping.
pub fn map_document(
    source: &str,
    doc: RawDocument,
    mapping: &Mapping,
    matcher: &LabelMatcher,
) -> MappedDocument {
    let mut out = MappedDocument {
        source: source.to_string(),
        mapping: mapping.name.clone(),
        info: doc.info.clone(),
        ..Default::default()
    };
    out.account.read = doc.values_read();

    let mut register = MappedBlock::default();
    for v in doc.preamble {
        place_value(v, mapping, matcher, &mut register);
    }
    for (field, text) in &mapping.constants {
        let mut v = RawValue::new(
            "(constante)",
            text.clone(),
            Place::Mapping(mapping.name.clone()),
        );
        v.derived = true;
        register.values.push(Labelled {
            target: Target::Field(*field),
            part: None,
            value: v,
            how: How::Constant,
        });
    }
    for s in doc.skipped {
        register.ignored.push(Unmapped {
            value: s.value,
            reason: s.reason,
        });
    }
    let named = named_exactly(&doc.labels, matcher);
    for block in doc.blocks {
        let mut mapped = MappedBlock {
            values: Vec::with_capacity(block.values.len()),
            ..Default::default()
        };
        for v in block.values {
            match identity_named_elsewhere(&v, matcher, &named) {
                Some(reason) => mapped.extra.push(Unmapped { value: v, reason }),
                None => place_value(v, mapping, matcher, &mut mapped),
            }
        }
        out.activities.push(mapped);
    }

    let mut format: Vec<Field> = Vec::new();
    for label in &doc.labels {
        let resolution = matcher.resolve(label);
        if let Some((target, _)) = resolution.accepted() {
            format.extend(target.fields());
        }
        out.labels.push(LabelReport {
            label: label.clone(),
            resolution,
        });
    }
    for block in out.activities.iter().chain([&register]) {
        for v in &block.values {
            format.extend(v.target.fields());
        }
    }
    format.sort();
    format.dedup();
    out.format_fields = format;

    for block in out.activities.iter().chain([&register]) {
        let counted = |v: &RawValue| usize::from(!v.derived);
        out.account.mapped += block
            .values
            .iter()
            .map(|l| counted(&l.value))
            .sum::<usize>();
        out.account.extra += block.extra.iter().map(|u| counted(&u.value)).sum::<usize>();
        out.account.ignored += block
            .ignored
            .iter()
            .map(|u| counted(&u.value))
            .sum::<usize>();
    }
    out.register = register;
    out
}

/// The fields that name an activity (its name, its reference) and the label of the source
/// that names each exactly (a pin or a synonym).
fn named_exactly(labels: &[String], matcher: &LabelMatcher) -> Vec<(Field, String)> {
    let mut out: Vec<(Field, String)> = Vec::new();
    for label in labels {
        if let Some(f) = exact_field(&matcher.resolve(label))
            && f.is_identity()
            && !out.iter().any(|(g, _)| *g == f)
        {
            out.push((f, label.clone()));
        }
    }
    out
}

/// The field a label names exactly: a synonym, or a pin a person wrote or a draft wrote
/// for a synonym.
fn exact_field(r: &Resolution) -> Option<Field> {
    match r {
        Resolution::Synonym(Target::Field(f)) => Some(*f),
        Resolution::Pinned(p) => match (p.target, p.drafted) {
            (Target::Field(f), None | Some((MatchKind::Synonym, _))) => Some(f),
            _ => None,
        },
        _ => None,
    }
}

/// The field a label only comes near: by spelling or stems, or pinned so by a draft.
fn near_field(r: &Resolution) -> Option<Field> {
    match r {
        Resolution::Fuzzy {
            target: Target::Field(f),
            ..
        }
        | Resolution::Stems {
            target: Target::Field(f),
            ..
        } => Some(*f),
        Resolution::Pinned(p) => match (p.target, p.drafted) {
            (Target::Field(f), Some((MatchKind::Fuzzy | MatchKind::Stems, _))) => Some(f),
            _ => None,
        },
        _ => None,
    }
}

/// A value whose label only comes near a field that names the activity, where another
/// label of the source names that field exactly: one activity has one name, and
/// `Conformité du traitement` beside `Nom` is not a second one.
fn identity_named_elsewhere(
    v: &RawValue,
    matcher: &LabelMatcher,
    named: &[(Field, String)],
) -> Option<Said> {
    if v.derived || v.label.is_empty() {
        return None;
    }
    let near_identity = |label: &str| {
        let f = near_field(&matcher.resolve(label))?;
        named.iter().find(|(g, _)| *g == f).map(|(_, by)| (f, by))
    };
    // the label, or the group a path starts with (`Conformité du traitement - Date
    // modification` dates the compliance check, not the activity)
    let group = [" - ", " – ", " — "]
        .iter()
        .find_map(|sep| v.label.split_once(sep))
        .map(|(g, _)| g.trim());
    let (f, by) = near_identity(&v.label).or_else(|| group.and_then(near_identity))?;
    Some(Said::IdentityNamedElsewhere {
        field: f.id().to_string(),
        by: by.clone(),
    })
}

/// Words that make a column the comment of the field before it (`Base légale - Commentaire`).
const COMMENT_WORDS: &[&str] = &[
    "commentaire",
    "commentaires",
    "comment",
    "comments",
    "remarque",
    "remarques",
    "precisions",
    "details",
    "detail",
    "notes",
    "observations",
    "bemerkung",
    "bemerkungen",
    "kommentar",
    "comentario",
    "comentarios",
    "commento",
    "note",
    "opmerking",
    "opmerkingen",
    "toelichting",
];

/// A privacy tool's column that answers one option of a field (`Personnes concernées -
/// Salariés` = Oui) or comments on it: the field's label and the option. A tool that
/// writes its headers as paths puts a group before the field and a comment after the
/// option (`Détails - Personnes concernées - Salariés - Commentaire`): the field is the
/// first run of parts that is a field's label, the option all after it. `None` for any
/// other label, and for a label that is a field's label as a whole.
pub(crate) fn column_option<'l>(
    label: &'l str,
    matcher: &LabelMatcher,
) -> Option<(&'l str, &'l str)> {
    // worked out once per label: a column's every cell asks the same
    let known = matcher.options.get(label);
    let ranges = match known {
        Some(r) => r,
        None => {
            let offset = |part: &str| part.as_ptr() as usize - label.as_ptr() as usize;
            let r = column_option_uncached(label, matcher)
                .map(|(f, o)| (offset(f), offset(f) + f.len(), offset(o)));
            matcher.options.remember(label, r);
            r
        }
    };
    ranges.map(|(fs, fe, os)| (&label[fs..fe], &label[os..]))
}

fn column_option_uncached<'l>(
    label: &'l str,
    matcher: &LabelMatcher,
) -> Option<(&'l str, &'l str)> {
    if matcher.is_label(label) {
        return None;
    }
    let sep = [" - ", " – ", " — ", " / ", ": "]
        .into_iter()
        .find(|sep| label.contains(sep))?;
    // « Ontvangers / verwerkers (locatie) », « Recipients / processors »: a slash
    // between two names of one field, or of a field and one it holds (the processors
    // are recipients, Art. 4(9)), joins them; it does not lead to an option
    // (« Catégories de données / Localisation » still does)
    if sep == " / "
        && let Some((first, last)) = label.split_once(sep)
        && let (Some(a), Some(b)) = (
            matcher.field_of(first.trim()),
            matcher.field_of(last.trim()),
        )
        && (a == b || a.includes(b) || b.includes(a))
    {
        return None;
    }
    let whole = matcher.field_of(label);
    // the parts, as byte ranges of the label
    let mut parts = Vec::new();
    let mut from = 0;
    for (at, _) in label.match_indices(sep) {
        parts.push((from, at));
        from = at + sep.len();
    }
    parts.push((from, label.len()));
    // the runs of parts, longest first from each start: one named exactly first, else
    // one near the field the whole label is near too
    let runs = (0..parts.len() - 1)
        .flat_map(|start| (start..parts.len() - 1).rev().map(move |end| (start, end)));
    let candidates: Vec<(&str, &str)> = runs
        .map(|(start, end)| {
            (
                label[parts[start].0..parts[end].1].trim(),
                label[parts[end + 1].0..].trim(),
            )
        })
        // an option that is the label of the field the whole label names (`Historique -
        // Date de création`) is that field under a group's title, not an option; an
        // option that only happens to be a label (`Catégories de données - Localisation`)
        // is still one
        .filter(|(_, option)| {
            // (a field of one text or date only: the options of a list are its items,
            // `Personnes concernées - Usagers`, even when the item's word could name it)
            let one_text = whole.is_some_and(|f| matches!(f.kind(), Kind::Text | Kind::Date));
            let names = if one_text {
                matcher.names_a_field(option)
            } else {
                matcher.is_label(option)
            };
            let names_whole = names && matcher.field_of(option) == whole;
            // a comment on a group (`Betroffene Personen - Kommentar`) is one, though a
            // comment alone names the notes
            let comment = COMMENT_WORDS.contains(&ropa_model::text::fold(option).as_str());
            !option.is_empty() && (comment || !names_whole)
        })
        // `Nom / sigle de l'activité` names the activity twice: no option of a name
        .filter(|(field, _)| !matcher.field_of(field).is_some_and(Field::is_identity))
        .collect();
    candidates
        .iter()
        .find(|(field, _)| matcher.is_label(field))
        .or_else(|| {
            // not a group's title near another field than the whole label
            // (`Destination - Sous-traitants` are processors)
            candidates.iter().find(|(field, _)| {
                let part = matcher.field_of(field);
                part.is_some() && (whole.is_none() || part == whole)
            })
        })
        .copied()
}

/// A tool's yes / no cell: `Some(true)` for a tick, `Some(false)` for a no.
fn ticked(text: &str) -> Option<bool> {
    match ropa_model::text::fold(text).as_str() {
        "oui" | "yes" | "x" | "ja" | "si" | "vrai" | "true" | "1" | "y" | "o" => Some(true),
        "non" | "no" | "nein" | "nee" | "faux" | "false" | "0" | "n" => Some(false),
        _ => None,
    }
}

/// Gives one value its target, or keeps it aside with the reason.
fn place_value(
    mut v: RawValue,
    mapping: &Mapping,
    matcher: &LabelMatcher,
    block: &mut MappedBlock,
) {
    if let Some((field_label, option)) = column_option(&v.label, matcher) {
        let option = option.to_string();
        // `Salariés - Commentaire` comments on an option: a comment too
        let last = option.rsplit(" - ").next().unwrap_or(&option);
        let folded = ropa_model::text::fold(last);
        // an option of a field that is an answer (`Drittland - Übermittlung` : `Nein`)
        // answers it, yes or no: the answer is kept with the option it is about
        let answers = matcher
            .field_of(field_label)
            .is_some_and(|f| f.kind() == Kind::Answer);
        if COMMENT_WORDS.contains(&folded.as_str()) {
            v.option = Some(option);
        } else if answers && ticked(&v.text).is_some() {
            v.text = format!("{option} : {}", v.text);
        } else {
            match ticked(&v.text) {
                Some(true) => v.text = option,
                Some(false) => {
                    if !v.derived {
                        block.ignored.push(Unmapped {
                            reason: Said::OptionAnsweredNo(option),
                            value: v,
                        });
                    }
                    return;
                }
                None => v.text = format!("{option} : {}", v.text),
            }
        }
        v.label = field_label.into();
    }
    if let Some(rule) = mapping.ignored_by(&v.label, v.sublabel.as_deref(), &v.text) {
        if !v.derived {
            block.ignored.push(Unmapped {
                reason: Said::Written(rule.reason.clone()),
                value: v,
            });
        }
        return;
    }
    // the title line of the organisation, its name, address and contact: the
    // controller's, split as a controller cell is
    if &*v.label == ORGANISATION_LABEL {
        block.values.push(Labelled {
            target: Target::Controller,
            part: None,
            value: v,
            how: How::Title,
        });
        return;
    }
    let fixed = match &*v.label {
        TITLE_LABEL => Some(Field::Name),
        REF_LABEL => Some(Field::Ref),
        ROLE_LABEL => Some(Field::RegisterRole),
        _ => None,
    };
    if let Some(field) = fixed {
        block.values.push(Labelled {
            target: Target::Field(field),
            part: None,
            value: v,
            how: How::Title,
        });
        return;
    }
    let resolution = matcher.resolve(&v.label);
    let how = match &resolution {
        Resolution::Pinned(_) => How::Pinned,
        Resolution::Synonym(_) => How::Synonym,
        Resolution::Fuzzy { score, .. } | Resolution::Stems { score, .. } => How::Fuzzy(*score),
        _ => How::Pinned,
    };
    // outside the activities, only what speaks for the register gets a field
    let register_level = |t: Target| {
        t.fields()
            .iter()
            .all(|f| f.level() == ropa_model::fields::Level::Register)
    };
    // and only by an exact label: `Access control` in an annex is not the controller
    let fuzzy = matches!(
        resolution,
        Resolution::Fuzzy { .. } | Resolution::Stems { .. }
    );
    if let (Some(section), Some((target, _))) = (&v.aside, resolution.accepted())
        && target != Target::Ignore
        && (!register_level(target) || fuzzy)
    {
        if !v.derived {
            let reason = Said::OutsideActivities {
                section: section.clone(),
                why: Box::new(resolution.describe()),
            };
            block.extra.push(Unmapped { value: v, reason });
        }
        return;
    }
    // a name or contact under a heading that names the controller, the DPO or the
    // representative (« ## Responsable du traitement », « Nom : … ») is that party's
    // (the option is read last: a template's options are long, and most values are no
    // party's name or contact)
    if v.aside.is_none()
        && let Some((Target::Field(field), _)) = resolution.accepted()
        && matches!(
            field,
            Field::Name | Field::ControllerAddress | Field::ControllerContact
        )
        && let Some(party) = v.option.as_deref().and_then(|o| matcher.field_of(o))
        && party.is_register_party()
        && let Some(theirs) = field.of_party(party)
    {
        block.values.push(Labelled {
            target: Target::Field(theirs),
            part: None,
            value: v,
            how,
        });
        return;
    }
    match resolution.accepted() {
        Some((Target::Ignore, _)) => {
            if !v.derived {
                block.ignored.push(Unmapped {
                    value: v,
                    reason: Said::IgnoredByMapping,
                });
            }
        }
        Some((target, part)) => block.values.push(Labelled {
            target,
            part: part.map(str::to_string),
            value: v,
            how,
        }),
        None => {
            if !v.derived {
                let mut reason = if v.label.is_empty() {
                    Said::NoLabel
                } else {
                    resolution.describe()
                };
                if let Some(section) = &v.aside {
                    reason = Said::OutsideActivities {
                        section: section.clone(),
                        why: Box::new(reason),
                    };
                }
                block.extra.push(Unmapped { value: v, reason });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn mapping() -> Mapping {
        Mapping::parse(
            Path::new("t.toml"),
            "name = \"t\"\n[layout]\nkind = \"table\"\n",
        )
        .unwrap()
    }

    #[test]
    fn a_header_written_as_a_path_gives_its_field_and_option() {
        let m = mapping();
        let matcher = LabelMatcher::new(&m);
        let opt = |l: &'static str| column_option(l, &matcher);
        assert_eq!(
            opt("Personnes concernées - Salariés"),
            Some(("Personnes concernées", "Salariés"))
        );
        // a group before the field, a comment after the option
        assert_eq!(
            opt("Détails - Personnes concernées - Usagers - Commentaire"),
            Some(("Personnes concernées", "Usagers - Commentaire"))
        );
        // a field's label as a whole, or the activity's name said twice, is no option
        assert_eq!(opt("Personnes concernées"), None);
        assert_eq!(opt("Nom / sigle de l'activité"), None);
        // a group's title over a field's own label, or near another field than the whole
        assert_eq!(opt("Historique - Date de création"), None);
        assert_eq!(
            opt("Catégories de données - Localisation"),
            Some(("Catégories de données", "Localisation"))
        );
        assert_eq!(opt("Destination - Sous-traitants"), None);
        // a slash between two names of one field, or of a field and one it holds, joins
        // them; between a field and an option it is a path as well
        assert_eq!(opt("Destinataires / sous-traitants"), None);
        assert_eq!(opt("Recipients / processors"), None);
        assert_eq!(
            opt("Catégories de données / Localisation"),
            Some(("Catégories de données", "Localisation"))
        );
        // a group near the field the whole label is near: its option
        assert_eq!(
            opt("Mesures de sécurité et confidentialité - Sauvegarde"),
            Some(("Mesures de sécurité et confidentialité", "Sauvegarde"))
        );
    }

    #[test]
    fn a_label_only_near_the_name_does_not_name_an_activity_named_already() {
        let m = mapping();
        let matcher = LabelMatcher::new(&m);
        let labels = vec!["Nom".to_string(), "Conformité du traitement".to_string()];
        let named = named_exactly(&labels, &matcher);
        assert_eq!(named, [(Field::Name, "Nom".to_string())]);
        let v = RawValue::new("Conformité du traitement", "Non conforme", Place::Line(2));
        assert!(matches!(
            identity_named_elsewhere(&v, &matcher, &named),
            Some(Said::IdentityNamedElsewhere { .. })
        ));
        // nor does a column of a group only near the name
        let dated = RawValue::new(
            "Conformité du traitement - Date modification",
            "2024-01-02",
            Place::Line(2),
        );
        assert!(identity_named_elsewhere(&dated, &matcher, &named).is_some());
        // without an exact label for the name, the near one still gives it
        assert_eq!(identity_named_elsewhere(&v, &matcher, &[]), None);
        let exact = RawValue::new("Nom", "Paie", Place::Line(2));
        assert_eq!(identity_named_elsewhere(&exact, &matcher, &named), None);
    }

    #[test]
    fn a_path_header_naming_whose_name_gives_the_organisation() {
        let m = mapping();
        let matcher = LabelMatcher::new(&m);
        // a public body's tool: the structure is the controller, its name the controller's
        for label in ["Structure - Nom", "Organisme - Nom", "Nom de la structure"] {
            assert_eq!(
                matcher.field_of(label),
                Some(Field::ControllerName),
                "{label}"
            );
        }
        assert_eq!(matcher.field_of("Nom"), Some(Field::Name));
    }

    #[test]
    fn a_partys_email_or_phone_is_its_contact_in_any_language() {
        let m = mapping();
        let matcher = LabelMatcher::new(&m);
        for label in [
            "E-mail du DPO",
            "DPO e-mail",
            "DPO phone",
            "Téléphone du délégué à la protection des données",
            "E-mail functionaris gegevensbescherming",
        ] {
            assert_eq!(matcher.field_of(label), Some(Field::DpoContact), "{label}");
        }
        assert_eq!(
            matcher.field_of("Courriel du responsable de traitement"),
            Some(Field::ControllerContact)
        );
        assert_ne!(
            matcher.field_of("Téléphone du responsable"),
            Some(Field::ControllerContact)
        );
        // a contact word alone, or beside no party, names no party's contact
        assert_ne!(matcher.field_of("E-mail"), Some(Field::DpoContact));
        assert_ne!(
            matcher.field_of("E-mail des clients"),
            Some(Field::DpoContact)
        );
    }

    #[test]
    fn automated_decisions_are_a_field_in_every_language() {
        let m = mapping();
        let matcher = LabelMatcher::new(&m);
        for label in [
            "Existence of automated decision-making, including profiling",
            "Décision automatisée",
            "Automatisierte Entscheidungsfindung",
            "Decisiones automatizadas",
            "Processo decisionale automatizzato",
            "Geautomatiseerde besluitvorming",
        ] {
            assert_eq!(
                matcher.field_of(label),
                Some(Field::AutomatedDecisions),
                "{label}"
            );
        }
    }
}
