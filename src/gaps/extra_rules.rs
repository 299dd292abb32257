//! The rules beyond Article 30's list: consistency between fields (a transfer without
//! its country, sensitive data without a DPIA, a provider not recorded as processor), a
//! purpose that is only a tool, duplicates and the register's contacts.

use super::rules::{by_code, pick};
use super::{Finding, Status, presence, raw_finding};
use crate::Lang;
use crate::model::{Activity, CnilCategory, Field, RecipientKind, Value, YesNo};
use crate::text::{fold, one_line, re};
use regex::Regex;
use std::sync::LazyLock;

/// Safeguards of Chapter V (folded).
const SAFEGUARDS: &[&str] = &[
    "clauses contractuelles",
    "cct",
    "scc",
    "standard contractual",
    "adequation",
    "adequacy",
    "bcr",
    "regles d entreprise",
    "binding corporate",
    "data privacy framework",
    "dpf",
    "privacy shield",
    "garantie",
    "garanties",
    "safeguard",
    "derogation",
    "article 49",
    "art 49",
    "code de conduite",
    "certification",
];
/// Tools whose name alone is not a purpose (folded).
const SOFTWARE: &[&str] = &[
    "excel",
    "word",
    "outlook",
    "teams",
    "slack",
    "zoom",
    "sellsy",
    "salesforce",
    "hubspot",
    "mailchimp",
    "sendinblue",
    "brevo",
    "pipedrive",
    "sage",
    "sap",
    "google analytics",
    "matomo",
    "wordpress",
    "shopify",
    "prestashop",
    "odoo",
    "dolibarr",
    "notion",
    "trello",
    "google drive",
    "dropbox",
    "onedrive",
    "sharepoint",
    "microsoft 365",
    "office 365",
];
/// Words of a hosting text that name a third-party provider (folded).
const PROVIDERS: &[&str] = &[
    "ovh",
    "scaleway",
    "aws",
    "amazon",
    "azure",
    "google cloud",
    "gcp",
    "heroku",
    "ionos",
    "o2switch",
    "gandi",
    "infomaniak",
    "hebergeur",
    "prestataire",
    "cloud",
    "saas",
    "datacenter",
    "data center",
];

static EMAIL: LazyLock<Regex> = LazyLock::new(|| re(r"[\w.+-]+@[\w-]+\.[\w.-]+"));
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:\+\d{2}\s?|\b0)\d(?:[\s.-]?\d{2}){4}\b|\+\d[\d\s.-]{7,}\d"));

use crate::normalise::answers::has_phrase;

/// Whether a transfer text names a Chapter V safeguard.
pub fn names_safeguard(text: &str) -> bool {
    has_phrase(text, SAFEGUARDS)
}

fn text_of(a: &Activity, f: Field) -> Option<String> {
    a.get(f).map(|v| one_line(&v.display_text()))
}

/// The rules that look at one activity alone.
pub fn check(a: &Activity, lang: Lang, out: &mut Vec<Finding>) {
    let tr = |fr: &'static str, en: &'static str| pick([fr, en], lang);
    // a purpose that is only a tool's name
    if let Some(purpose) = text_of(a, Field::Purpose) {
        let words = purpose.split_whitespace().count();
        let same_as_software =
            text_of(a, Field::Software).is_some_and(|s| fold(&s) == fold(&purpose));
        let known_tool = SOFTWARE.contains(&fold(&purpose).as_str());
        if words <= 3 && (same_as_software || known_tool) {
            out.push(raw_finding(
                a,
                by_code("purpose-software"),
                Field::Purpose.id(),
                Status::Weak,
                format!(
                    "{} « {purpose} » {} {}",
                    tr("Finalité", "Purpose"),
                    tr(
                        ": ce n'est que le nom d'un outil.",
                        "is only a tool's name."
                    ),
                    by_code("purpose-software").fix(lang)
                ),
            ));
        }
    }
    // a provider named but no processor recorded
    let has_processors =
        matches!(a.get(Field::Processors), Some(Value::Processors(p)) if !p.is_empty());
    if !has_processors {
        let in_recipients = matches!(a.get(Field::Recipients), Some(Value::Recipients(r))
            if r.iter().any(|x| x.kind == Some(RecipientKind::Processor)));
        let in_hosting = text_of(a, Field::Hosting).is_some_and(|h| has_phrase(&h, PROVIDERS));
        if in_recipients || in_hosting {
            let r = by_code("A28-processors");
            out.push(raw_finding(
                a,
                r,
                Field::Processors.id(),
                Status::Absent,
                format!("{}. {}", r.subject(lang), r.fix(lang)),
            ));
        }
    }
    let sensitive = match a.get(Field::SensitiveData) {
        Some(Value::Answer(ans)) => ans.answer,
        _ => YesNo::Unknown,
    };
    // sensitive data without a DPIA
    if sensitive == YesNo::Yes {
        let dpia_done = text_of(a, Field::Dpia)
            .is_some_and(|d| !matches!(crate::normalise::answers::yes_no(&d), YesNo::No));
        if !dpia_done {
            let r = by_code("A35-dpia");
            out.push(raw_finding(
                a,
                r,
                Field::Dpia.id(),
                presence(a, Field::Dpia).unwrap_or(Status::Weak),
                format!("{}. {}", r.subject(lang), r.fix(lang)),
            ));
        }
    }
    // sensitive or highly personal data in the data, the answer says no or nothing
    if sensitive != YesNo::Yes
        && let Some(Value::DataCategories(cats)) = a.get(Field::DataCategories)
    {
        let banking = cats.iter().flat_map(|c| &c.details).any(|d| {
            has_phrase(
                d,
                &["bancaire", "bancaires", "iban", "rib", "carte bancaire"],
            )
        });
        let named: Vec<&str> = [
            (
                CnilCategory::Sensitive,
                "santé ou autre donnée de l'article 9",
            ),
            (CnilCategory::NationalId, "NIR"),
            (CnilCategory::Location, "localisation"),
        ]
        .iter()
        .filter(|(c, _)| cats.iter().any(|x| x.cnil.contains(c)))
        .map(|(_, n)| *n)
        .chain(banking.then_some("données bancaires"))
        .collect();
        if !named.is_empty() {
            let r = by_code("A9-mentioned");
            let answer = if sensitive == YesNo::No {
                "non"
            } else {
                "rien"
            };
            out.push(raw_finding(
                a,
                r,
                Field::SensitiveData.id(),
                Status::Weak,
                format!(
                    "{} {} ; {} {answer}. {}",
                    tr("Les données citent :", "The data list:"),
                    named.join(", "),
                    tr(
                        "la question « données sensibles » dit",
                        "the sensitive-data answer says"
                    ),
                    r.fix(lang)
                ),
            ));
        }
    }
}

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

/// What the register-wide rules remember of the activities already seen: one look-up
/// per activity, not a scan of those before it.
#[derive(Default)]
pub struct Seen {
    /// (source, signature) → the index of the first activity with it.
    signatures: std::collections::HashMap<(String, Vec<String>), usize>,
    /// The sources met so far.
    sources: std::collections::HashSet<String>,
}

/// The rules that compare an activity with those before it in the register.
pub fn check_in_register(a: &Activity, seen: &mut Seen, lang: Lang, out: &mut Vec<Finding>) {
    let tr = |fr: &'static str, en: &'static str| pick([fr, en], lang);
    let first_of_source = seen.sources.insert(a.source.clone());
    let sig = signature(a);
    let twin = if sig.iter().filter(|s| !s.is_empty()).count() >= 3 {
        match seen.signatures.entry((a.source.clone(), sig)) {
            std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(a.index);
                None
            }
        }
    } else {
        None
    };
    if let Some(twin) = twin {
        let r = by_code("duplicate");
        out.push(raw_finding(
            a,
            r,
            Field::Name.id(),
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
    // the register's contacts, once per source (with its first activity)
    if first_of_source {
        for (who, field) in [
            (
                tr("du responsable", "the controller's"),
                Field::ControllerContact,
            ),
            (tr("du DPO", "the DPO's"), Field::DpoContact),
        ] {
            let contact = text_of(a, field).unwrap_or_default();
            let address = if field == Field::ControllerContact {
                text_of(a, Field::ControllerAddress).unwrap_or_default()
            } else {
                String::new()
            };
            let named = !contact.is_empty() || !address.is_empty();
            let all = format!("{contact} {address}");
            if named && !EMAIL.is_match(&all) && !PHONE.is_match(&all) {
                let r = by_code("A30-1a-contact");
                out.push(raw_finding(
                    a,
                    r,
                    field.id(),
                    Status::Weak,
                    match lang {
                        Lang::Fr => {
                            format!("Coordonnées {who} sans email ni téléphone. {}", r.fix(lang))
                        }
                        Lang::En => format!("{who} contact has no email or phone. {}", r.fix(lang)),
                    },
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnswerValue, DataCategory, Recipient};

    fn activity(fields: Vec<(Field, Value)>) -> Activity {
        let mut a = Activity {
            source: "t.tsv".into(),
            index: 1,
            ..Default::default()
        };
        a.fields.extend(fields);
        a
    }

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    fn answer(text: &str, answer: YesNo, details: &[&str]) -> Value {
        Value::Answer(AnswerValue {
            text: text.into(),
            answer,
            details: details.iter().map(|d| d.to_string()).collect(),
        })
    }

    fn codes(a: &Activity, before: &[Activity]) -> Vec<String> {
        let mut out = Vec::new();
        super::super::check_activity(a, &Default::default(), &mut out);
        let mut seen = Seen::default();
        let mut ignored = Vec::new();
        for b in before {
            check_in_register(b, &mut seen, Lang::Fr, &mut ignored);
        }
        check_in_register(a, &mut seen, Lang::Fr, &mut out);
        out.into_iter().map(|f| f.rule).collect()
    }

    fn fires(code: &str, a: &Activity, before: &[Activity]) -> bool {
        codes(a, before).iter().any(|c| c == code)
    }

    #[test]
    fn transfer_details() {
        let bare = activity(vec![(Field::Transfers, answer("Oui", YesNo::Yes, &[]))]);
        assert!(fires("A30-1e-details", &bare, &[]));
        let full = activity(vec![(
            Field::Transfers,
            answer(
                "Oui",
                YesNo::Yes,
                &["États-Unis, clauses contractuelles types"],
            ),
        )]);
        assert!(!fires("A30-1e-details", &full, &[]));
    }

    #[test]
    fn processors_not_recorded() {
        let hosted = activity(vec![(Field::Hosting, text("Serveurs OVH à Roubaix"))]);
        assert!(fires("A28-processors", &hosted, &[]));
        let own = activity(vec![(Field::Hosting, text("Serveur interne au siège"))]);
        assert!(!fires("A28-processors", &own, &[]));
        let recipient = activity(vec![(
            Field::Recipients,
            Value::Recipients(vec![Recipient {
                name: "OVH".into(),
                kind: Some(RecipientKind::Processor),
                role: None,
                data: None,
                entity: None,
            }]),
        )]);
        assert!(fires("A28-processors", &recipient, &[]));
    }

    #[test]
    fn sensitive_without_dpia() {
        let a = activity(vec![(
            Field::SensitiveData,
            answer("Oui, santé", YesNo::Yes, &[]),
        )]);
        assert!(fires("A35-dpia", &a, &[]));
        let mut done = a.clone();
        done.fields
            .insert(Field::Dpia, text("AIPD réalisée le 2024-03-01"));
        assert!(!fires("A35-dpia", &done, &[]));
    }

    #[test]
    fn purpose_that_is_a_tool() {
        let a = activity(vec![(Field::Purpose, text("Sellsy"))]);
        assert!(fires("purpose-software", &a, &[]));
        let b = activity(vec![(
            Field::Purpose,
            text("Facturation des clients avec Sellsy"),
        )]);
        assert!(!fires("purpose-software", &b, &[]));
    }

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

    #[test]
    fn contacts_without_email_or_phone() {
        let postal = activity(vec![(
            Field::ControllerContact,
            text("12 rue de la Paix, Paris"),
        )]);
        assert!(fires("A30-1a-contact", &postal, &[]));
        let reachable = activity(vec![(
            Field::ControllerContact,
            text("06 02 16 00 16 / cedric@nexi.fr"),
        )]);
        assert!(!fires("A30-1a-contact", &reachable, &[]));
    }

    #[test]
    fn sensitive_data_mentioned_but_answered_no() {
        let cats = Value::DataCategories(vec![DataCategory {
            details: vec!["Données de santé".into()],
            cnil: vec![CnilCategory::Sensitive],
            ..Default::default()
        }]);
        let a = activity(vec![
            (Field::DataCategories, cats.clone()),
            (Field::SensitiveData, answer("Non", YesNo::No, &[])),
        ]);
        assert!(fires("A9-mentioned", &a, &[]));
        let b = activity(vec![
            (Field::DataCategories, cats),
            (Field::SensitiveData, answer("Oui", YesNo::Yes, &[])),
        ]);
        assert!(!fires("A9-mentioned", &b, &[]));
    }
}
