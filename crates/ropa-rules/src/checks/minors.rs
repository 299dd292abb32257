//! Art. 8 and Art. 12(1): children's data with no word of their parents' consent or of
//! an information given (minors). A module of its own: its word lists (children,
//! parents, consent) are read by no other rule.

use super::{Ctx, quote_in, texts_of};
use crate::knowledge::{found, found_affirmed};
use crate::{Finding, RuleId, Status};
use ropa_model::Field;

/// Art. 8, Art. 12(1): children's data with no word of their parents' consent or of an
/// information given (parents named as data subjects or as a source are no consent).
/// Children are looked for among the activity's people and aims, not its data items: an
/// employee's children recorded for a family allowance are an item of the employee's
/// file, and the information goes to the employee.
pub(super) fn minors(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let subjects = texts_of(c.a, &[Field::DataSubjects, Field::Purpose, Field::Name]);
    // children named as an adult's dependants (« Ayants droit des agents (enfants…) »,
    // « employees' children ») are recorded for the adult, who is the one informed
    let own: String = ropa_model::text::split_list(&subjects)
        .into_iter()
        .filter(|item| found(item, DEPENDANTS).is_empty())
        .collect::<Vec<_>>()
        .join(" ; ");
    let minors = children_in(&own, MINORS);
    if minors.is_empty() {
        return;
    }
    let consented = c
        .texts
        .iter()
        .any(|t| !found(t, PARENTS).is_empty() && !found(t, CONSENT_WORDS).is_empty());
    if !consented {
        let r = c.rule(RuleId::Minors);
        let message = format!(
            "{} : {}. {}",
            r.subject(c.lang),
            quote_in(&c.written, &minors),
            r.fix(c.lang)
        );
        out.push(c.finding(r.id, Field::DataSubjects, Status::Weak, message));
    }
}

/// The words of a list of children a text holds and does not deny, « élevés » (high)
/// told apart from « élèves » (pupils): what the minors rule, the automated-decision
/// rule and the DPIA screening's vulnerable people read.
pub(super) fn children_in<S: AsRef<str>>(text: &str, words: &'static [S]) -> Vec<&'static str> {
    found_affirmed(text, words)
        .into_iter()
        .filter(|w| !w.starts_with("eleve") || pupils_written(text))
        .collect()
}

/// Whether « élève(s) » (pupils) is written, not only « élevé(s) » (high: « loyers
/// élevés »), which folds to the same letters: the accents tell them apart.
fn pupils_written(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("élève") || lower.contains("eleve") || lower.contains("elève")
}

/// Words that make children someone's dependants (of the staff, or of another adult the
/// activity is about), folded: « children of staff » at a workplace nursery are the
/// nursery's children, and stay.
const DEPENDANTS: &[&str] = &[
    "ayants droit",
    "ayant droit",
    "a charge",
    "personnes a charge",
    "dependants",
    "dependents",
    "angehorige",
    "angehorigen",
    "familiares a cargo",
    "personas a cargo",
    "familiari a carico",
    "gezinsleden",
];

/// Words of data subjects who are children.
const MINORS: &[&str] = &[
    "eleve",
    "eleves",
    "enfant",
    "enfants",
    "mineur",
    "mineurs",
    "moins de 15 ans",
    "moins de 18 ans",
    "lyceens",
    "collegiens",
    "pupil",
    "pupils",
    "child",
    "children",
    "minor",
    "minors",
    "schuler",
    "kinder",
    "minderjahrige",
    "alumnos",
    "menores",
    "alunni",
    "minori",
];

/// Words of a consent, an authorisation or an information given.
const CONSENT_WORDS: &[&str] = &[
    "consentement",
    "autorisation",
    "accord",
    "information",
    "informes",
    "consent",
    "permission",
    "authorisation",
    "authorization",
    "informed",
    "einwilligung",
    "zustimmung",
    "consentimiento",
    "autorizacion",
    "consenso",
    "autorizzazione",
    "toestemming",
];

/// Words that show parents or guardians are involved.
const PARENTS: &[&str] = &[
    "parent",
    "parents",
    "parental",
    "parentale",
    "autorite parentale",
    "tuteur",
    "tuteurs",
    "representant legal",
    "responsable legal",
    "responsables legaux",
    "representants legaux",
    "guardian",
    "guardians",
    "eltern",
    "erziehungsberechtigte",
    "padres",
    "tutores",
    "genitori",
];

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn minors_without_their_parents() {
        let pupils = activity(vec![(
            Field::DataSubjects,
            Value::List(vec!["Élèves".into()]),
        )]);
        assert!(fires("minors", &pupils, &[]));
        // parents as data subjects are no consent
        let families = activity(vec![(
            Field::DataSubjects,
            Value::List(vec!["Élèves et leurs parents".into()]),
        )]);
        assert!(fires("minors", &families, &[]));
        let authorised = activity(vec![(
            Field::DataCategories,
            data(&[
                "photographies des élèves (si autorisation récoltée auprès des responsables légaux)",
            ]),
        )]);
        assert!(!fires("minors", &authorised, &[]));
        let consented = activity(vec![
            (Field::DataSubjects, Value::List(vec!["Élèves".into()])),
            (
                Field::Information,
                text("Consentement des parents recueilli à l'inscription"),
            ),
        ]);
        assert!(!fires("minors", &consented, &[]));
    }

    #[test]
    fn an_adult_s_dependants_are_no_children_s_processing() {
        for subjects in [
            "Agents titulaires ; Ayants droit des agents (enfants, pour le supplément familial)",
            "Employees and their dependants (children) for health cover",
            "Beschäftigte, Angehörige (Kinder, Elternzeit)",
        ] {
            let a = activity(vec![(Field::DataSubjects, text(subjects))]);
            assert!(!fires("minors", &a, &[]), "{subjects}");
        }
        for subjects in [
            "Élèves de l'école ; parents",
            "Pupils and staff",
            "Children of staff attending the workplace nursery",
        ] {
            let a = activity(vec![(Field::DataSubjects, text(subjects))]);
            assert!(fires("minors", &a, &[]), "{subjects}");
        }
    }

    #[test]
    fn high_rents_and_no_children_are_no_minors() {
        // « élevés » (high) folds like « élèves » (pupils)
        let rents = activity(vec![(
            Field::DataCategories,
            data(&["Revenus, loyers élevés, garants"]),
        )]);
        assert!(!fires("minors", &rents, &[]));
        let none = activity(vec![(
            Field::DataSubjects,
            Value::List(vec!["Clients majeurs (aucun mineur)".into()]),
        )]);
        assert!(!fires("minors", &none, &[]));
    }
}
