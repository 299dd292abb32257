//! The data that weigh more: special-category, criminal or national-ID words in the
//! data while the sensitive-data answer says no or nothing (A9-mentioned, Art. 9(1),
//! Art. 10), and financial or location data of people (highly-personal, WP248
//! criterion 4). One family because both read the client's own words of the data
//! categories, with the same knowledge; what they find is made once per activity (in
//! [`super::Ctx`]) since the DPIA screening reads it too.

use super::{Ctx, quote_in};
use crate::knowledge::{SPECIAL, found};
use crate::{Finding, RuleId, Status};
use regex::Regex;
use ropa_model::text::{one_line, re};
use ropa_model::{Activity, Field, Value, YesNo};
use std::sync::LazyLock;

/// The answer of the sensitive-data field (`Unknown` when there is none).
pub(super) fn sensitive_answer(a: &Activity) -> YesNo {
    match a.get(Field::SensitiveData) {
        Some(Value::Answer(ans)) => ans.answer,
        _ => YesNo::Unknown,
    }
}

/// The Art. 9, Art. 10 and NIR words of the client's data items, each once.
pub(super) fn special_words(a: &Activity) -> Vec<&'static str> {
    client_data_items(a)
        .iter()
        .flat_map(|d| {
            [&SPECIAL.art9, &SPECIAL.art10, &SPECIAL.nir]
                .into_iter()
                .flat_map(move |list| found(d, list))
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Art. 9(1), Art. 10: special-category, criminal or NIR words in the data, while the
/// sensitive-data answer says no or nothing.
pub(super) fn sensitive_mentioned(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    let special = &c.special;
    if sensitive_answer(a) == YesNo::Yes || special.is_empty() {
        return;
    }
    let answer = match a.get(Field::SensitiveData) {
        Some(v) => format!(
            "{} « {} »",
            c.tr(
                "la rubrique « données sensibles » dit",
                "the sensitive-data answer says"
            ),
            one_line(&v.display_text())
        ),
        None => c
            .tr(
                "la rubrique « données sensibles » ne dit rien",
                "the sensitive-data answer says nothing",
            )
            .to_string(),
    };
    let message = format!(
        "{} {} ; {answer}. {}",
        c.tr(
            "Les catégories de données mentionnent",
            "The data categories mention"
        ),
        quote_in(&c.written, special),
        RuleId::A9Mentioned.rule().fix(c.lang)
    );
    out.push(c.finding(
        RuleId::A9Mentioned,
        Field::SensitiveData,
        Status::Weak,
        message,
    ));
}

/// Good practice (WP248 criterion 4): financial or location data of people, not of a
/// company, to weigh for a DPIA.
pub(super) fn highly_personal_data(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let highly = &c.highly;
    if !highly.is_empty() {
        let r = RuleId::HighlyPersonal.rule();
        let message = format!(
            "{} : {}. {}",
            r.subject(c.lang),
            quote_in(&c.written, highly),
            r.fix(c.lang)
        );
        out.push(c.finding(r.id, Field::DataCategories, Status::Weak, message));
    }
}

/// The client's own words of the data categories: their items, or the category's
/// label without the template's hint in brackets when it has none.
fn client_data_items(a: &Activity) -> Vec<String> {
    static HINT: LazyLock<Regex> = LazyLock::new(|| re(r"\([^)]*\)"));
    let items = match a.get(Field::DataCategories) {
        Some(Value::DataCategories(cats)) => cats
            .iter()
            .flat_map(|c| {
                if c.details.is_empty() {
                    c.category
                        .iter()
                        .map(|l| HINT.replace_all(l, " ").into_owned())
                        .collect::<Vec<_>>()
                } else {
                    c.details.clone()
                }
            })
            .collect(),
        Some(v) => vec![v.display_text()],
        None => Vec::new(),
    };
    // an example in brackets (`(ex. : déplacements, GPS)`) is not what the client does
    items
        .into_iter()
        .map(|i| ropa_model::text::without_examples(&i).into_owned())
        .collect()
}

/// Financial or location items of people, quoted: a company's address or bank account
/// is no personal data.
pub(super) fn highly_personal(a: &Activity) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = client_data_items(a)
        .iter()
        .filter(|d| found(d, &SPECIAL.legal_person).is_empty())
        .flat_map(|d| found(d, &SPECIAL.highly_personal))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn sensitive_data_is_art_9_art_10_or_nir_only() {
        let no = || (Field::SensitiveData, answer("Non", YesNo::No, &[]));
        let health = activity(vec![
            (Field::DataCategories, data(&["Dyslexie", "Daltonien"])),
            no(),
        ]);
        assert!(fires("A9-mentioned", &health, &[]));
        let nir = activity(vec![
            (Field::DataCategories, data(&["Numéro de sécurité sociale"])),
            no(),
        ]);
        assert!(fires("A9-mentioned", &nir, &[]));
        let yes = activity(vec![
            (Field::DataCategories, data(&["Données de santé"])),
            (Field::SensitiveData, answer("Oui", YesNo::Yes, &[])),
        ]);
        assert!(!fires("A9-mentioned", &yes, &[]));
        // bank and location data are highly personal, not sensitive; a company's are not personal
        let bank = activity(vec![
            (
                Field::DataCategories,
                data(&["Coordonnées bancaires (IBAN)"]),
            ),
            no(),
        ]);
        assert!(!fires("A9-mentioned", &bank, &[]));
        assert!(fires("highly-personal", &bank, &[]));
        let company = activity(vec![
            (
                Field::DataCategories,
                data(&[
                    "Adresse de la société",
                    "Données bancaires de l'établissement",
                ]),
            ),
            no(),
        ]);
        assert!(!fires("A9-mentioned", &company, &[]));
        assert!(!fires("highly-personal", &company, &[]));
    }
}
