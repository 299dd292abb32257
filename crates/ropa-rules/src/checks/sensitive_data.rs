//! The data that weigh more: special-category, criminal or national-ID words in the
//! data while the sensitive-data answer says no or nothing (A9-mentioned, Art. 9(1),
//! Art. 10), and financial or location data of people (highly-personal, WP248
//! criterion 4). One family because both read the client's own words of the data
//! categories, with the same knowledge; what they find is made once per activity (in
//! [`super::Ctx`]) since the DPIA screening reads it too.

use super::{Ctx, quote_in};
use crate::knowledge::{SPECIAL, found, found_affirmed};
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

/// The words of the client's data items that name data the law treats apart, each
/// once: three classes, each with its own article.
#[derive(Debug, Default)]
pub struct Special {
    /// Special categories (Art. 9(1)): health, religion, union membership…
    pub art9: Vec<&'static str>,
    /// Criminal convictions and offences (Art. 10).
    pub art10: Vec<&'static str>,
    /// A national identification number (Art. 87): the NIR, a social-security number.
    pub nir: Vec<&'static str>,
}

/// The Art. 9, Art. 10 and national-identifier words of an activity's data, each list
/// once, a word a negation denies left out (« aucune copie du casier »).
pub(super) fn special_words(a: &Activity) -> Special {
    let items = client_data_items(a);
    let of = |list: &'static [String]| -> Vec<&'static str> {
        items
            .iter()
            .flat_map(|d| found_affirmed(d, list))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    Special {
        art9: of(&SPECIAL.art9),
        art10: of(&SPECIAL.art10),
        nir: of(&SPECIAL.nir),
    }
}

/// What the sensitive-data field says, for a message: its words, or that it says nothing.
fn answer_said(c: &Ctx<'_>) -> String {
    match c.a.get(Field::SensitiveData) {
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
    }
}

/// Whether the sensitive-data field already names these data: one of the words, or the
/// article (`art. 10 AVG`, `Art. 9(2)(b)`).
fn acknowledged(a: &Activity, words: &[&'static str], article: &str) -> bool {
    let Some(v) = a.get(Field::SensitiveData) else {
        return false;
    };
    // « Non, aucune donnée de santé » names the data to deny them
    if matches!(sensitive_answer(a), YesNo::No | YesNo::NotApplicable) {
        return false;
    }
    let text = v.display_text();
    let f = ropa_model::text::fold(&text);
    let padded = format!(" {f} ");
    words
        .iter()
        .any(|w| padded.contains(&format!(" {} ", ropa_model::text::fold(w))))
        || [format!(" art {article} "), format!(" article {article} ")]
            .iter()
            .any(|p| padded.contains(p.as_str()))
}

/// Art. 9(1): special-category words in the data, while the sensitive-data answer says
/// no or nothing (it needs an Art. 9(2) condition).
pub(super) fn sensitive_mentioned(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let words = &c.special.art9;
    if sensitive_answer(c.a) == YesNo::Yes || words.is_empty() || acknowledged(c.a, words, "9") {
        return;
    }
    let message = format!(
        "{} {} ; {}. {}",
        c.tr(
            "Les catégories de données mentionnent",
            "The data categories mention"
        ),
        quote_in(&c.written, words),
        answer_said(c),
        RuleId::A9Mentioned.rule().fix(c.lang)
    );
    out.push(c.finding(
        RuleId::A9Mentioned,
        Field::SensitiveData,
        Status::Weak,
        message,
    ));
}

/// Art. 10: criminal convictions and offences named in the data, while the record does
/// not say so (they may be processed only under official authority or where a law
/// allows it with safeguards).
pub(super) fn criminal_mentioned(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let words = &c.special.art10;
    if words.is_empty() || acknowledged(c.a, words, "10") {
        return;
    }
    let r = RuleId::A10Mentioned.rule();
    let message = format!(
        "{} : {} ; {}. {}",
        r.subject(c.lang),
        quote_in(&c.written, words),
        answer_said(c),
        r.fix(c.lang)
    );
    out.push(c.finding(r.id, Field::SensitiveData, Status::Weak, message));
}

/// Art. 87: a national identification number (the NIR, a social-security number) in the
/// data, whose use national law frames.
pub(super) fn national_identifier(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let words = &c.special.nir;
    if words.is_empty() {
        return;
    }
    let r = RuleId::A87NationalId.rule();
    let message = format!(
        "{} : {}. {}",
        r.subject(c.lang),
        quote_in(&c.written, words),
        r.fix(c.lang)
    );
    out.push(c.finding(r.id, Field::DataCategories, Status::Weak, message));
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
        .flat_map(|d| found_affirmed(d, &SPECIAL.highly_personal))
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
        // a national identifier is no Art. 9 data: Art. 87, said as such
        assert!(!fires("A9-mentioned", &nir, &[]));
        assert!(fires("A87-national-id", &nir, &[]));
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

    #[test]
    fn criminal_data_is_art_10_and_a_record_that_says_so_is_quiet() {
        let none = || (Field::SensitiveData, answer("Non", YesNo::No, &[]));
        for item in [
            "Extrait de casier judiciaire",
            "Straftaten",
            "Contrôle d'honorabilité",
        ] {
            let a = activity(vec![(Field::DataCategories, data(&[item])), none()]);
            assert!(fires("A10-mentioned", &a, &[]), "{item}");
            assert!(!fires("A9-mentioned", &a, &[]), "{item}");
        }
        // the record names them already (any language's article)
        let said = activity(vec![
            (Field::DataCategories, data(&["VOG (ja/nee)"])),
            (
                Field::SensitiveData,
                answer(
                    "Strafrechtelijke gegevens (art. 10 AVG)",
                    YesNo::Unknown,
                    &[],
                ),
            ),
        ]);
        assert!(!fires("A10-mentioned", &said, &[]));
        // denied in the client's words
        let denied = activity(vec![
            (
                Field::DataCategories,
                data(&["Aucune donnée de santé ni casier judiciaire"]),
            ),
            none(),
        ]);
        assert!(!fires("A10-mentioned", &denied, &[]));
        assert!(!fires("A9-mentioned", &denied, &[]));
        // « Non, aucune donnée de santé » beside health data does not say them
        let contradicted = activity(vec![
            (
                Field::DataCategories,
                data(&["Certificats médicaux", "Santé"]),
            ),
            (
                Field::SensitiveData,
                answer("Non, aucune donnée de santé", YesNo::No, &[]),
            ),
        ]);
        assert!(fires("A9-mentioned", &contradicted, &[]));
        // religious convictions for a canteen's menus are Art. 9, not Art. 10
        let menus = activity(vec![
            (
                Field::DataCategories,
                data(&["Régime alimentaire (convictions religieuses)"]),
            ),
            none(),
        ]);
        assert!(!fires("A10-mentioned", &menus, &[]));
    }
}
