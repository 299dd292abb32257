//! The register's quality: placeholders (`N/A`, `Cliquez ici`) left in the fields that
//! no other rule checks (placeholder). A module of its own because its list of fields
//! is those the other rules already read: a placeholder is reported by one rule only.

use super::Ctx;
use crate::{Finding, RuleId, Status, is_placeholder_value};
use ropa_model::text::one_line;
use ropa_model::{Field, YesNo};

/// Placeholders (`N/A`, `Cliquez ici`) in the fields no other rule checks.
pub(super) fn placeholders(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    const CHECKED: &[Field] = &[
        Field::ControllerName,
        Field::ControllerContact,
        Field::ControllerAddress,
        Field::Purpose,
        Field::DataSubjects,
        Field::DataCategories,
        Field::Recipients,
        Field::Transfers,
        Field::Retention,
        Field::SecurityMeasures,
        Field::LegalBasis,
        Field::SensitiveData,
    ];
    // Art. 30(1)(a) names the joint controller, the representative and the DPO « where
    // applicable », as Art. 35 does the DPIA: `N/A`, `sans objet` or `none` there is an
    // answer, not a placeholder
    const WHERE_APPLICABLE: &[Field] = &[
        Field::JointController,
        Field::Representative,
        Field::DpoName,
        Field::DpoContact,
        Field::Dpia,
        Field::Archiving,
        Field::Transfers,
    ];
    // in any field, « none so far » answers (« Aucune à ce jour » in a log of changes)
    let answered = |field: &Field, v: &ropa_model::Value| match ropa_normalise::answers::yes_no(
        &v.display_text(),
    ) {
        YesNo::No => true,
        YesNo::NotApplicable => WHERE_APPLICABLE.contains(field),
        _ => false,
    };
    for (field, v) in &c.a.fields {
        if !CHECKED.contains(field) && is_placeholder_value(v) && !answered(field, v) {
            let message = format!(
                "{}{} « {} » {} {}",
                field.label(c.lang),
                c.tr(" :", ":"),
                one_line(&v.display_text()),
                c.tr(
                    "n'est qu'un texte de remplissage.",
                    "is only a placeholder."
                ),
                c.rule(RuleId::Placeholder).fix(c.lang)
            );
            out.push(c.finding(RuleId::Placeholder, *field, Status::Weak, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn placeholders_in_the_fields_no_other_rule_checks() {
        let notes = activity(vec![(Field::Notes, text("N/A"))]);
        assert!(fires("placeholder", &notes, &[]));
        let written = activity(vec![(Field::Notes, text("Revu avec le DPO"))]);
        // « none so far » is an answer in any field
        let none_yet = activity(vec![(Field::UpdateLog, text("Aucune à ce jour"))]);
        assert!(!fires("placeholder", &none_yet, &[]));
        assert!(!fires("placeholder", &written, &[]));
        // a purpose left as a placeholder is the purpose rule's, said once
        let purpose = activity(vec![(Field::Purpose, text("N/A"))]);
        assert!(!fires("placeholder", &purpose, &[]));
        assert!(fires("A30-1b", &purpose, &[]));
        // « N/A » to a field the law asks « where applicable » is an answer
        for field in [Field::JointController, Field::Dpia, Field::Representative] {
            let na = activity(vec![(field, text("N/A"))]);
            assert!(!fires("placeholder", &na, &[]), "{field:?}");
        }
    }
}
