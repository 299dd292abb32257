//! Art. 35(1) and EDPB WP248: the DPIA screening (A35-dpia) — two criteria or more met
//! by the activity's own words, and no DPIA recorded. A module of its own because it
//! is the one rule that weighs what other checks found (the sensitive and highly
//! personal data of [`super::sensitive_data`]) with a list of criteria.

use super::sensitive_data::sensitive_answer;
use super::{Ctx, presence, quote_in, text_of};
use crate::knowledge::{Criterion, WP248, found_affirmed};
use crate::{Finding, RuleId, Status};
use ropa_model::{Activity, Field, Lang, YesNo};

/// Art. 35(1), WP248: two criteria or more, and no DPIA recorded.
pub(super) fn dpia_screening(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    // WP248 criterion 4: special categories and criminal data (a national identifier is
    // neither)
    let sensitive = sensitive_answer(a) == YesNo::Yes
        || !c.special.art9.is_empty()
        || !c.special.art10.is_empty();
    let criteria = wp248_criteria(a, sensitive, !c.highly.is_empty());
    // what the DPIA field answers, not that it holds words: « AIPD requise : Non » records
    // none, « Oui – 2021 » or « réalisée le 12/03/2022 » one
    let dpia_recorded =
        text_of(a, Field::Dpia).is_some_and(|d| match ropa_normalise::answers::yes_no(&d) {
            YesNo::Yes => true,
            YesNo::No | YesNo::NotApplicable => false,
            YesNo::Unknown => !ropa_model::text::is_placeholder(&d),
        });
    if criteria.len() < 2 || dpia_recorded {
        return;
    }
    let r = RuleId::A35Dpia.rule();
    let named: Vec<String> = criteria
        .iter()
        .map(|(k, words)| {
            let name = if c.lang == Lang::Fr { &k.fr } else { &k.en };
            if words.is_empty() {
                name.clone()
            } else {
                format!("{name} ({})", quote_in(&c.written, words))
            }
        })
        .collect();
    let message = format!(
        "{} : {}. {}",
        r.subject(c.lang),
        named.join(" ; "),
        r.fix(c.lang)
    );
    let status = presence(a, Field::Dpia).unwrap_or(Status::Weak);
    out.push(c.finding(r.id, Field::Dpia, status, message));
}

/// The WP248 criteria an activity's text meets, each with the words that show it.
fn wp248_criteria(
    a: &Activity,
    sensitive: bool,
    highly_personal: bool,
) -> Vec<(&'static Criterion, Vec<&'static str>)> {
    let text: String = [
        Field::Name,
        Field::Purpose,
        Field::SubPurposes,
        Field::DataSubjects,
        Field::DataCategories,
        Field::Software,
        Field::DataFlows,
    ]
    .iter()
    .filter_map(|f| text_of(a, *f))
    // a template's example (« (ex. : déplacements, GPS) ») is no criterion the client meets
    .map(|t| ropa_model::text::without_examples(&t).into_owned())
    .collect::<Vec<_>>()
    .join(" ; ");
    WP248
        .criteria
        .iter()
        .filter_map(|c| {
            if c.id == "sensitive" {
                return (sensitive || highly_personal).then(|| (c, Vec::new()));
            }
            let words = found_affirmed(&text, &c.words);
            (!words.is_empty()).then_some((c, words))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn dpia_screening_counts_wp248_criteria() {
        let cctv = activity(vec![
            (Field::Purpose, text("Vidéosurveillance des entrepôts")),
            (Field::DataSubjects, Value::List(vec!["Salariés".into()])),
        ]);
        assert!(fires("A35-dpia", &cctv, &[]));
        let mut done = cctv.clone();
        done.fields
            .insert(Field::Dpia, text("AIPD réalisée le 2024-03-01"));
        assert!(!fires("A35-dpia", &done, &[]));
        // one criterion alone does not call for one
        let payroll = activity(vec![
            (Field::Purpose, text("Paie des salariés")),
            (Field::DataSubjects, Value::List(vec!["Salariés".into()])),
        ]);
        assert!(!fires("A35-dpia", &payroll, &[]));
    }

    #[test]
    fn an_example_left_from_the_template_meets_no_criterion() {
        // the CNIL model's example in a category says nothing of what the client does
        let with_example = |categories: &str| {
            activity(vec![
                (Field::Purpose, text("Gestion des tournées des agents")),
                (Field::DataSubjects, Value::List(vec!["Salariés".into()])),
                (Field::DataCategories, text(categories)),
            ])
        };
        assert!(!fires(
            "A35-dpia",
            &with_example("Vie professionnelle (ex. : déplacements, GPS)"),
            &[]
        ));
        // the same words as the client's own statement do
        assert!(fires(
            "A35-dpia",
            &with_example("Vie professionnelle ; suivi GPS des véhicules"),
            &[]
        ));
    }
}
