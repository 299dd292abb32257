//! Art. 30(1)(b)–(g) and 30(2): the items a record must hold, by whose record it is. A
//! controller's record names its purposes, data subjects, data, recipients, retention
//! and security measures (A30-1b to A30-1g); a processor's record — told by its register
//! role — names the processing it carries out (A30-2b) and its security measures, and
//! nothing else is asked of it. One family because they all answer one question: is
//! the item the record must hold there at all (absent, empty, a placeholder)?

use super::{Ctx, presence};
use crate::{Finding, RuleId, Status};
use ropa_model::{Activity, Field};

/// Art. 30(2)(b): a processor's record names the processing it carries out; it asks for
/// no purposes, data subjects, recipients or retention periods.
pub(super) fn processor_categories(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    if c.processor
        && presence(c.a, Field::Name).is_some()
        && presence(c.a, Field::Purpose).is_some()
    {
        let r = c.rule(RuleId::A30_2b);
        let message = format!("{}. {}", r.subject(c.lang), r.fix(c.lang));
        out.push(c.finding(RuleId::A30_2b, Field::Name, Status::Empty, message));
    }
}

/// Art. 30(1)(b)–(g): the items of a controller's record (the security measures of a
/// processor's too).
pub(super) fn required_items(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    const CONTROLLER: &[(RuleId, Field)] = &[
        (RuleId::A30_1b, Field::Purpose),
        (RuleId::A30_1cSubjects, Field::DataSubjects),
        (RuleId::A30_1cData, Field::DataCategories),
        (RuleId::A30_1d, Field::Recipients),
        (RuleId::A30_1f, Field::Retention),
    ];
    let items = CONTROLLER
        .iter()
        .filter(|_| !c.processor)
        .chain(&[(RuleId::A30_1g, Field::SecurityMeasures)]);
    for &(rule, field) in items {
        if let Some(s) = presence(c.a, field) {
            out.push(c.presence_finding(rule, field, s));
        }
    }
}

/// Whether an activity is recorded as a processor's (Art. 30(2)): its register role
/// says so (« sous-traitant », « processor », « Auftragsverarbeiter »…).
pub fn is_processor_record(a: &Activity) -> bool {
    a.get(Field::RegisterRole).is_some_and(|v| {
        ropa_normalise::answers::has_phrase(
            &v.display_text(),
            &[
                "processor",
                "sous traitant",
                "auftragsverarbeiter",
                "encargado del tratamiento",
                "encargado",
                "responsabile esterno",
                "verwerker",
            ],
        )
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn a_processors_record_is_checked_against_article_30_2() {
        let role = || {
            (
                Field::RegisterRole,
                text("Processor, acting on the instructions of each client"),
            )
        };
        let payroll = activity(vec![role(), (Field::Name, text("Payroll bureau"))]);
        let got = codes(&payroll, &[]);
        for absent in [
            "A30-1b",
            "A30-1c-subjects",
            "A30-1d",
            "A30-1f",
            "A6-basis",
            "A30-2b",
        ] {
            assert!(!got.iter().any(|c| c == absent), "{absent} in {got:?}");
        }
        assert!(got.iter().any(|c| c == "A30-1g"), "{got:?}");
        let unnamed = activity(vec![role()]);
        assert!(fires("A30-2b", &unnamed, &[]));
        // a controller's record is checked against Art. 30(1)
        let controller = activity(vec![(Field::Name, text("Paie"))]);
        assert!(fires("A30-1b", &controller, &[]));
    }
}
