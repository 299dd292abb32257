//! Good practice: the same activity twice in one source (duplicate), told by every
//! field that describes the processing. A module of its own: the one rule that compares
//! an activity with those before it, so it keeps what it has seen.

use super::text_of;
use crate::rules::pick;
use crate::{Finding, RuleId, Status, raw_finding};
use ropa_model::text::fold;
use ropa_model::{Activity, Field, Lang};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// The activities met so far: (source, signature) → the index of the first with it.
#[derive(Default)]
pub(super) struct Twins(HashMap<(String, Vec<String>), usize>);

/// What makes two activities the same: every field that describes the processing.
fn signature(a: &Activity) -> Vec<String> {
    [
        Field::Name,
        Field::Purpose,
        Field::DataSubjects,
        Field::DataCategories,
        Field::Recipients,
        Field::Retention,
        Field::LegalBasis,
        Field::Scope,
    ]
    .iter()
    .map(|f| text_of(a, *f).map(|t| fold(&t)).unwrap_or_default())
    .collect()
}

/// An activity the same as one before it in its source (three fields said at least),
/// which it names; the first of each signature is remembered.
pub(super) fn duplicate(a: &Activity, twins: &mut Twins, lang: Lang, out: &mut Vec<Finding>) {
    let tr = |fr: &'static str, en: &'static str| pick([fr, en], lang);
    let sig = signature(a);
    let twin = if sig.iter().filter(|s| !s.is_empty()).count() >= 3 {
        match twins.0.entry((a.source.clone(), sig)) {
            Entry::Occupied(e) => Some(*e.get()),
            Entry::Vacant(e) => {
                e.insert(a.index);
                None
            }
        }
    } else {
        None
    };
    if let Some(twin) = twin {
        let r = RuleId::Duplicate.rule();
        out.push(raw_finding(
            a,
            r.id,
            Field::Name,
            Status::Weak,
            format!(
                "{} {} {}. {}",
                tr(
                    "Activité identique à l'activité n°",
                    "Same activity as activity no."
                ),
                twin,
                tr("de la même source", "of the same source"),
                r.fix(lang)
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn duplicates_in_one_register() {
        let fields = || {
            vec![
                (Field::Name, text("Paie")),
                (Field::Purpose, text("Gestion de la paie")),
                (Field::DataSubjects, Value::List(vec!["Salariés".into()])),
            ]
        };
        let first = activity(fields());
        let mut second = activity(fields());
        second.index = 2;
        assert!(fires("duplicate", &second, std::slice::from_ref(&first)));
        let mut other = activity(fields());
        other
            .fields
            .insert(Field::Purpose, text("Gestion des congés"));
        assert!(!fires("duplicate", &other, std::slice::from_ref(&first)));
    }
}
