//! Art. 22, automated decisions: a decision answered yes with no word of the safeguards
//! Art. 22(3) asks for (human intervention, the person's view, a way to contest), and one
//! about children, which recital 71 says such a measure should not concern
//! (A22-automated). A module of its own: it reads the one field no other rule does.

use super::{Ctx, quote_in, text_of, texts_of};
use crate::knowledge::found_affirmed;
use crate::{Finding, RuleId, Status};
use ropa_model::{Field, Value, YesNo};

/// Whether the activity answers yes to automated decision-making.
pub(super) fn decides_automatically(a: &ropa_model::Activity) -> bool {
    matches!(a.get(Field::AutomatedDecisions), Some(Value::Answer(ans)) if ans.answer == YesNo::Yes)
}

/// Art. 22(3) and recital 71: an automated decision recorded without its safeguards, or
/// about children.
pub(super) fn automated_decisions(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    if !decides_automatically(c.a) {
        return;
    }
    let r = c.rule(RuleId::A22Automated);
    let subjects = text_of(c.a, Field::DataSubjects).unwrap_or_default();
    let children = super::minors::children_in(&subjects, CHILDREN);
    // the safeguards are said of the decision: in its own field or the purpose
    let about = texts_of(
        c.a,
        &[Field::AutomatedDecisions, Field::Purpose, Field::Rights],
    );
    let safeguards = !found_affirmed(&about, SAFEGUARDS).is_empty();
    let mut said = Vec::new();
    if !safeguards {
        said.push(
            c.tr(
                "ni intervention humaine, ni moyen de contester la décision mentionnés",
                "neither human intervention nor a way to contest the decision mentioned",
            )
            .to_string(),
        );
    }
    if !children.is_empty() {
        said.push(format!(
            "{} {}",
            c.tr("elle concerne des enfants", "it concerns children"),
            quote_in(&c.written, &children)
        ));
    }
    if !said.is_empty() {
        let message = format!(
            "{} : {}. {}",
            r.subject(c.lang),
            said.join(" ; "),
            r.fix(c.lang)
        );
        out.push(c.finding(r.id, Field::AutomatedDecisions, Status::Weak, message));
    }
}

/// Words of the safeguards of Art. 22(3), folded, in the six languages.
const SAFEGUARDS: &[&str] = &[
    "intervention humaine",
    "reexamen",
    "revue humaine",
    "validation humaine",
    "contester la decision",
    "droit de recours",
    "human intervention",
    "human review",
    "manual review",
    "contest the decision",
    "right to appeal",
    "menschliches eingreifen",
    "menschliche uberprufung",
    "entscheidung anfechten",
    "intervencion humana",
    "revision humana",
    "impugnar la decision",
    "intervento umano",
    "revisione umana",
    "contestare la decisione",
    "menselijke tussenkomst",
    "menselijke beoordeling",
];

/// Words of data subjects who are children, folded.
const CHILDREN: &[&str] = &[
    "enfant",
    "enfants",
    "mineur",
    "mineurs",
    "eleves",
    "child",
    "children",
    "minor",
    "minors",
    "pupils",
    "kinder",
    "minderjahrige",
    "schuler",
    "ninos",
    "menores",
    "alumnos",
    "bambini",
    "minori",
    "alunni",
    "kinderen",
    "minderjarigen",
    "leerlingen",
];

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn an_automated_decision_needs_its_safeguards_and_no_children() {
        let yes = |subjects: &str, details: &[&str]| {
            activity(vec![
                (Field::DataSubjects, Value::List(vec![subjects.into()])),
                (
                    Field::AutomatedDecisions,
                    answer("Oui – score d'octroi de crédit", YesNo::Yes, details),
                ),
            ])
        };
        assert!(fires("A22-automated", &yes("Clients", &[]), &[]));
        let reviewed = yes("Clients", &["Réexamen par un conseiller sur demande"]);
        // « élevés » is no pupils; « recours à un prestataire » no safeguard
        let high = yes("Clients à revenus élevés", &["Intervention humaine"]);
        assert!(!fires("A22-automated", &high, &[]));
        let outsourced = yes("Clients", &["par recours à un prestataire de scoring"]);
        assert!(fires("A22-automated", &outsourced, &[]));
        assert!(!fires("A22-automated", &reviewed, &[]));
        let pupils = yes("Élèves du collège", &["Intervention humaine possible"]);
        assert!(fires("A22-automated", &pupils, &[]));
        let no = activity(vec![(
            Field::AutomatedDecisions,
            answer("Non", YesNo::No, &[]),
        )]);
        assert!(!fires("A22-automated", &no, &[]));
    }
}
