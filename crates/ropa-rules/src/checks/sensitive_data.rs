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
/// An answer is quoted alone: its details come from other columns (the Art. 9 condition's
/// « N/A »), and quoted after it they would read as part of the answer.
fn answer_said(c: &Ctx<'_>) -> String {
    let said = match c.a.get(Field::SensitiveData) {
        Some(Value::Answer(a)) if !a.text.trim().is_empty() => Some(a.text.clone()),
        Some(v) => Some(v.display_text()),
        None => None,
    };
    match said {
        Some(text) => format!(
            "{} « {} »",
            c.tr(
                "la rubrique « données sensibles » dit",
                "the sensitive-data answer says"
            ),
            one_line(&text)
        ),
        // the register's template asks nothing of sensitive data: no answer to point to
        None if !c.a.format_has(Field::SensitiveData) => c
            .tr(
                "le registre n'a pas de rubrique « données sensibles »",
                "the register has no sensitive-data field",
            )
            .to_string(),
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
    // a legal basis that names an Art. 9(2) condition (`Art. 9(2)(b) für Krankmeldungen`)
    // shows the client knows these data are sensitive
    if sensitive_answer(c.a) == YesNo::Yes
        || words.is_empty()
        || acknowledged(c.a, words, "9")
        || c.a.get(Field::LegalBasis).is_some_and(|b| {
            ropa_normalise::answers::names_special_category_basis(&b.display_text())
        })
    {
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
        c.rule(RuleId::A9Mentioned).fix(c.lang)
    );
    out.push(c.finding(
        RuleId::A9Mentioned,
        Field::SensitiveData,
        Status::Weak,
        message,
    ));
}

/// Whether the activity names a condition of Art. 9(2): the article (`Art. 9(2)(b)`) or
/// the condition's words (« consentement explicite », « employment law »), in its legal
/// basis, its sensitive-data answer or its notes (elsewhere, « occupational health
/// reports » are data, not a condition).
fn condition_named(c: &Ctx<'_>) -> bool {
    let said = super::texts_of(
        c.a,
        &[Field::LegalBasis, Field::SensitiveData, Field::Notes],
    );
    ropa_normalise::answers::names_special_category_basis(&said)
        || !found(&said, &SPECIAL.conditions).is_empty()
}

/// Art. 9(1)–(2): special-category data answered yes, and no Art. 9(2) condition named
/// anywhere in the activity.
pub(super) fn sensitive_condition(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    // the condition is the controller's to name, not a processor's
    if c.processor || sensitive_answer(c.a) != YesNo::Yes || condition_named(c) {
        return;
    }
    let r = c.rule(RuleId::A9Condition);
    let message = format!("{}. {}", r.subject(c.lang), r.fix(c.lang));
    out.push(c.finding(r.id, Field::SensitiveData, Status::Weak, message));
}

/// Art. 10: criminal convictions and offences named in the data, while the record does
/// not say so (they may be processed only under official authority or where a law
/// allows it with safeguards).
pub(super) fn criminal_mentioned(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let words = &c.special.art10;
    // the law that authorises them, named, answers Art. 10, unless the record denies
    // the data: a « Nein » to a question about criminal data too (a « Nein » to
    // « Besondere Kategorien (Art. 9) » is right about Art. 9 and says nothing of Art. 10)
    // asked only of a record that names such data: the law's pattern is the costlier
    let denied = || sensitive_answer(c.a) == YesNo::No && !asks_of_art_9_only(c.a);
    let authorised = || names_a_national_law(c) && !denied();
    if words.is_empty() || acknowledged(c.a, words, "10") || authorised() {
        return;
    }
    let r = c.rule(RuleId::A10Mentioned);
    let message = format!(
        "{} : {} ; {}. {}",
        r.subject(c.lang),
        quote_in(&c.written, words),
        answer_said(c),
        r.fix(c.lang)
    );
    out.push(c.finding(r.id, Field::SensitiveData, Status::Weak, message));
}

/// A national law (not the GDPR's articles) named in the legal basis or the
/// sensitive-data answer: « Ley Orgánica 1/1996 », « § 30a BZRG », « Code de
/// l'éducation », « Rehabilitation of Offenders Act 1974 ». Art. 10 asks for such a law
/// to authorise the processing of criminal data; a record that names it has answered.
static NATIONAL_LAW: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:loi|d[ée]cret|code (?:du|de la|de l'|de|des|p[ée]nal|civil)|ley(?: org[áa]nica)?|lo [0-9]+/[0-9]{4}|real decreto|estatuto|\p{Latin}*gesetz\p{Latin}*|verordnung|legge|d\.?\s?lgs|decreto|codice|wet|wetboek|besluit|act [0-9]{4}|(?-i:\p{Lu}\p{Latin}+ Act)\b|statute|order [0-9]{4})\b|§\s*[0-9]",
    )
});

/// Whether the source's question behind the sensitive-data answer asks of Art. 9 data
/// only (« Besondere Kategorien (Art. 9) », « Special category data »), not of
/// criminal data.
fn asks_of_art_9_only(a: &Activity) -> bool {
    let Some(origins) = a.provenance.get(&Field::SensitiveData) else {
        return false;
    };
    origins.iter().any(|o| {
        let l = ropa_model::text::fold(&o.label);
        let art9 = l.contains("art 9")
            || l.contains("article 9")
            || l.contains("besondere")
            || l.contains("special categor")
            || l.contains("bijzondere");
        let art10 = l.contains("10")
            || [
                "straf",
                "criminal",
                "penal",
                "infraction",
                "condamn",
                "offen",
                "reati",
            ]
            .iter()
            .any(|w| l.contains(w));
        art9 && !art10
    })
}

/// Whether the legal basis or the sensitive-data answer names a national law.
fn names_a_national_law(c: &Ctx<'_>) -> bool {
    let said = super::texts_of(c.a, &[Field::LegalBasis, Field::SensitiveData]);
    NATIONAL_LAW.is_match(&said)
}

/// Art. 87: a national identification number (the NIR, a social-security number) in the
/// data, whose use national law frames.
pub(super) fn national_identifier(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let words = &c.special.nir;
    // the UK has no national law framing a national identifier's use (its UK GDPR has
    // no Art. 87): a National Insurance number in payroll is nothing to report
    if words.is_empty() || c.law == crate::Law::UkGdpr {
        return;
    }
    let r = c.rule(RuleId::A87NationalId);
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
        let r = c.rule(RuleId::HighlyPersonal);
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
    fn the_answer_is_quoted_without_the_condition_columns_words() {
        let a = activity(vec![
            (Field::DataCategories, data(&["Sickness absence dates"])),
            (
                Field::SensitiveData,
                answer("None – dates only, never the reason", YesNo::No, &["N/A"]),
            ),
        ]);
        let found = findings(&a);
        let f = found
            .iter()
            .find(|f| f.rule == RuleId::A9Mentioned)
            .map(|f| f.message.clone())
            .unwrap_or_default();
        assert!(f.contains("« None – dates only, never the reason »"), "{f}");
        assert!(!f.contains("N/A"), "{f}");
    }

    #[test]
    fn sensitive_data_answered_yes_needs_its_art_9_2_condition() {
        let yes = |said: &str| (Field::SensitiveData, answer(said, YesNo::Yes, &[]));
        // « occupational health reports » are data, not the condition
        let bare = activity(vec![
            (
                Field::DataCategories,
                data(&["Occupational health reports"]),
            ),
            yes("Yes – health data: fit notes, occupational health reports"),
        ]);
        assert!(fires("A9-condition", &bare, &[]));
        for said in [
            "Oui – santé ; consentement explicite des patients",
            "Ja, Gesundheitsdaten (Art. 9 Abs. 2 lit. h DSGVO)",
            "Yes – Art 9(2)(b) employment law, Schedule 1 para 1",
        ] {
            let named = activity(vec![yes(said)]);
            assert!(!fires("A9-condition", &named, &[]), "{said}");
        }
        // a date is no article (« 15/09/2023 » folds to « 15 09 2023 »)
        let dated = activity(vec![
            yes("Oui – santé"),
            (Field::Notes, text("Revu le 15/09/2023")),
        ]);
        assert!(fires("A9-condition", &dated, &[]));
        // the condition given as the legal basis
        let in_basis = activity(vec![
            yes("Oui"),
            (
                Field::LegalBasis,
                text("Obligation légale ; art. 9(2)(b) pour les arrêts maladie"),
            ),
        ]);
        assert!(!fires("A9-condition", &in_basis, &[]));
        // a legal basis naming Art. 9(2) shows the client knows the data are sensitive
        let known = activity(vec![
            (
                Field::DataCategories,
                data(&[
                    "Religionszugehörigkeit (Kirchensteuer)",
                    "Arbeitsunfähigkeitszeiten",
                ]),
            ),
            (
                Field::LegalBasis,
                text("Art. 6 Abs. 1 lit. c DSGVO; Art. 9 Abs. 2 lit. b DSGVO"),
            ),
        ]);
        assert!(!fires("A9-mentioned", &known, &[]));
        assert!(fires(
            "A9-mentioned",
            &activity(vec![(
                Field::DataCategories,
                data(&["Religionszugehörigkeit (Kirchensteuer)"])
            )]),
            &[]
        ));
    }

    #[test]
    fn a_uk_controller_has_no_art_87_finding() {
        let payroll = |address: &str| {
            activity(vec![
                (Field::ControllerAddress, text(address)),
                (
                    Field::DataCategories,
                    data(&["National Insurance number", "social security number"]),
                ),
            ])
        };
        assert!(!fires("A87-national-id", &payroll("Leeds LS1 4AP"), &[]));
        assert!(fires(
            "A87-national-id",
            &payroll("12 rue Haute, 35000 Rennes"),
            &[]
        ));
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
        // the law that authorises them named in the legal basis
        let authorised = activity(vec![
            (
                Field::DataCategories,
                data(&["Certificado negativo de delitos sexuales"]),
            ),
            (
                Field::LegalBasis,
                text("Art. 6.1.c RGPD; Ley Orgánica 1/1996 de Protección Jurídica del Menor"),
            ),
        ]);
        assert!(!fires("A10-mentioned", &authorised, &[]));
        // the GDPR's own articles are no such law
        let gdpr_only = activity(vec![
            (
                Field::DataCategories,
                data(&["Certificado negativo de delitos sexuales"]),
            ),
            (Field::LegalBasis, text("Art. 6.1.c RGPD")),
        ]);
        assert!(fires("A10-mentioned", &gdpr_only, &[]));
        // « act » as a verb names no law
        let verb = activity(vec![
            (Field::DataCategories, data(&["Casier judiciaire"])),
            (Field::LegalBasis, text("We must act on road safety")),
        ]);
        assert!(fires("A10-mentioned", &verb, &[]));
        // the law named, but the record says there are no such data
        let denied_yet_named = activity(vec![
            (
                Field::DataCategories,
                data(&["Erweitertes Führungszeugnis (§ 30a BZRG)"]),
            ),
            (Field::LegalBasis, text("§ 72a SGB VIII")),
            (Field::SensitiveData, answer("Nein", YesNo::No, &[])),
        ]);
        assert!(fires("A10-mentioned", &denied_yet_named, &[]));
        // the same « Nein » to a question about Art. 9 only says nothing of Art. 10
        let mut art9_question = denied_yet_named.clone();
        art9_question.provenance.insert(
            Field::SensitiveData,
            vec![ropa_model::Origin {
                place: "ligne 7".into(),
                label: "Besondere Kategorien (Art. 9)".into(),
                text: None,
            }],
        );
        assert!(!fires("A10-mentioned", &art9_question, &[]));
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
