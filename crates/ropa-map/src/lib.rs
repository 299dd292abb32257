//! Stage 2: raw values → labelled values. Each value gets a canonical target from its
//! label, or is kept under `extra` with the reason, or is ignored by an explicit rule.

pub mod labels;
pub mod mapping;
pub mod stems;
pub mod suggest;

pub use labels::{LabelMatcher, Resolution};
pub use mapping::{Mapping, Pin, Target};

use ropa_model::{Account, Field, Place, Said};
use ropa_read::{REF_LABEL, ROLE_LABEL, RawDocument, RawValue, ReadInfo, TITLE_LABEL};

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
    for block in doc.blocks {
        let mut mapped = MappedBlock {
            values: Vec::with_capacity(block.values.len()),
            ..Default::default()
        };
        for v in block.values {
            place_value(v, mapping, matcher, &mut mapped);
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
/// Salariés` = Oui) or comments on it: the field's label and the option. `None` for any
/// other label, and for a label that is a field's label as a whole.
pub(crate) fn column_option<'l>(
    label: &'l str,
    matcher: &LabelMatcher,
) -> Option<(&'l str, &'l str)> {
    let (prefix, option) = [" - ", " – ", " — ", " / ", ": "]
        .iter()
        .find_map(|sep| label.split_once(sep))?;
    let (prefix, option) = (prefix.trim(), option.trim());
    (!option.is_empty() && matcher.is_label(prefix) && !matcher.is_label(label))
        .then_some((prefix, option))
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
        let folded = ropa_model::text::fold(&option);
        if COMMENT_WORDS.contains(&folded.as_str()) {
            v.option = Some(option);
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
