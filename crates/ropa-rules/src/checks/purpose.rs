//! The purpose, beyond its presence: one that is only a tool's name (purpose-software,
//! Art. 30(1)(b)) and one of one or two generic words (purpose-vague, Art. 5(1)(b)).
//! One family because the second leaves to the first what the first reports: a tool's
//! name is not also called vague.

use super::{Ctx, text_of};
use crate::knowledge::found;
use crate::{Finding, RuleId, Status};
use ropa_model::text::fold;
use ropa_model::{Activity, Field, Lang};

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

/// Whether the purpose is only a tool's name (« Excel », the software field again, the
/// activity's own name when it is a tool's), bare or as its use (« Utilisation du
/// logiciel TrackFleet », « Use of Slack »).
fn purpose_is_software(a: &Activity, purpose: &str) -> bool {
    let folded = fold(purpose);
    let tool = USE_OF
        .iter()
        .find_map(|u| folded.strip_prefix(u))
        .map_or(folded.as_str(), str::trim);
    let words = tool.split_whitespace().count();
    let named = |f: Field| text_of(a, f).is_some_and(|s| fold(&s) == tool);
    let known_tool = SOFTWARE.contains(&tool);
    let used = tool.len() < folded.len();
    words <= 3
        && (named(Field::Software)
            || known_tool
            || used && named(Field::Name)
            || product_name(purpose))
}

/// Whether a short text is written as a product's name: capitalised words, one of them
/// with a capital inside (« TheraDesk », « PrimSchool ») or followed by a version
/// (« TheraDesk 7 », « Office 365 »).
fn product_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 3 {
        return false;
    }
    // a year (« Recrutement 2024 ») is no version
    let is_version = |w: &str| {
        w.chars().all(|c| c.is_ascii_digit() || c == '.')
            && !(w.len() == 4 && (w.starts_with("19") || w.starts_with("20")))
    };
    let capitalised = words
        .iter()
        .all(|w| is_version(w) || w.chars().next().is_some_and(char::is_uppercase));
    let inner_capital = words.iter().any(|w| {
        let mut chars = w.chars().skip(1);
        chars.any(char::is_uppercase) && w.chars().any(char::is_lowercase)
    });
    let versioned = words.len() >= 2 && words.last().is_some_and(|w| is_version(w));
    capitalised && (inner_capital || versioned)
}

/// The words that say a tool is used and nothing more, folded, longest first.
const USE_OF: &[&str] = &[
    "utilisation du logiciel",
    "utilisation de l application",
    "utilisation de l outil",
    "utilisation de",
    "utilisation du",
    "usage du logiciel",
    "usage de",
    "use of the",
    "use of",
    "nutzung von",
    "nutzung der software",
    "uso del software",
    "uso de",
    "uso di",
    "gebruik van",
];

/// Art. 30(1)(b): a purpose that is only a tool's name.
pub(super) fn purpose_software(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some(purpose) = text_of(c.a, Field::Purpose)
        && purpose_is_software(c.a, &purpose)
    {
        let message = format!(
            "{} « {purpose} » {} {}",
            c.tr("Finalité", "Purpose"),
            c.tr(
                ": ce n'est que le nom d'un outil.",
                "is only a tool's name."
            ),
            c.rule(RuleId::PurposeSoftware).fix(c.lang)
        );
        out.push(c.finding(
            RuleId::PurposeSoftware,
            Field::Purpose,
            Status::Weak,
            message,
        ));
    }
}

/// Art. 5(1)(b): a purpose of one or two words, or a catch-all (not a tool's name,
/// which has its own finding).
pub(super) fn purpose_vague(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    const STOP: &[&str] = &[
        "le", "la", "les", "l", "des", "du", "de", "d", "et", "the", "of", "and", "a",
    ];
    const CATCH_ALL: &[&str] = &[
        "divers",
        "autres",
        "autre",
        "general",
        "generale",
        "toutes finalites",
        "misc",
        "various",
        "other",
        "gestion",
        "management",
        "administration",
    ];
    let Some(purpose) = text_of(c.a, Field::Purpose) else {
        return;
    };
    let folded = fold(&purpose);
    let words = folded
        .split_whitespace()
        .filter(|w| !STOP.contains(w))
        .count();
    // a catch-all inside a sentence leaves the purpose as open as alone (« gestion
    // courante et besoins divers »)
    let catch_all = found(&purpose, CATCH_ALL_PHRASES);
    // a catch-all word alone (« Divers », « Other ») states no purpose at all: the item
    // Art. 30(1)(b) requires is missing, not merely too general
    if CATCH_ALL.contains(&folded.trim_end_matches(['.', ' ']))
        && !purpose_is_software(c.a, &purpose)
    {
        let r = c.rule(RuleId::A30_1b);
        let message = match c.lang {
            Lang::Fr => format!("« {purpose} » ne dit aucune finalité. {}", r.fix(c.lang)),
            Lang::En => format!("\"{purpose}\" states no purpose. {}", r.fix(c.lang)),
        };
        out.push(c.finding(r.id, Field::Purpose, Status::Weak, message));
        return;
    }
    if !purpose_is_software(c.a, &purpose)
        && (words <= 2 || CATCH_ALL.contains(&folded.as_str()) || !catch_all.is_empty())
    {
        let r = c.rule(RuleId::PurposeVague);
        let message = format!("« {purpose} » : {}. {}", r.subject(c.lang), r.fix(c.lang));
        out.push(c.finding(r.id, Field::Purpose, Status::Weak, message));
    }
}

/// Phrases that leave a purpose open whatever surrounds them, folded, in the six
/// languages: a purpose « déterminée » (Art. 5(1)(b)) lists what it is for.
const CATCH_ALL_PHRASES: &[&str] = &[
    "besoins divers",
    "usages divers",
    "autres finalites",
    "autres usages",
    "toute autre finalite",
    "tout autre usage",
    "toutes finalites",
    "gestion courante",
    "any other purpose",
    "other purposes",
    "miscellaneous",
    "general purposes",
    "business purposes",
    "general business",
    "administrative purposes",
    "day to day management",
    "fins generales",
    "finalites generales",
    "fins administratives",
    "allgemeine zwecke",
    "geschaftszwecke",
    "verwaltungszwecke",
    "fines generales",
    "fines administrativos",
    "finalita generali",
    "scopi generali",
    "scopi amministrativi",
    "algemene doeleinden",
    "bedrijfsdoeleinden",
    "administratieve doeleinden",
    "sonstige zwecke",
    "andere zwecke",
    "diverse zwecke",
    "otros fines",
    "otras finalidades",
    "fines diversos",
    "cualquier otra finalidad",
    "altre finalita",
    "finalita varie",
    "qualsiasi altra finalita",
    "overige doeleinden",
    "andere doeleinden",
    "diverse doeleinden",
];

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn a_product_s_name_is_no_purpose() {
        for purpose in ["TheraDesk 7", "PrimSchool", "Office 365"] {
            let a = activity(vec![(Field::Purpose, text(purpose))]);
            assert!(fires("purpose-software", &a, &[]), "{purpose}");
            assert!(!fires("purpose-vague", &a, &[]), "{purpose}");
        }
        for purpose in ["Paie", "Gestion RH", "Recrutement 2024"] {
            let a = activity(vec![(Field::Purpose, text(purpose))]);
            assert!(!fires("purpose-software", &a, &[]), "{purpose}");
        }
    }

    #[test]
    fn a_catch_all_purpose_in_a_sentence() {
        for purpose in [
            "General business purposes",
            "Finalités générales de l'entreprise",
            "Allgemeine Geschäftszwecke des Betriebs",
        ] {
            let a = activity(vec![(Field::Purpose, text(purpose))]);
            assert!(fires("purpose-vague", &a, &[]), "{purpose}");
        }
        let specific = activity(vec![(
            Field::Purpose,
            text("Onboarding suppliers, paying their invoices and managing their contracts"),
        )]);
        assert!(!fires("purpose-vague", &specific, &[]));
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
    fn a_purpose_that_is_the_use_of_a_tool() {
        let a = activity(vec![
            (Field::Name, text("TrackFleet")),
            (Field::Purpose, text("Utilisation du logiciel TrackFleet")),
        ]);
        assert!(fires("purpose-software", &a, &[]));
        let b = activity(vec![(Field::Purpose, text("Use of Slack"))]);
        assert!(fires("purpose-software", &b, &[]));
        let c = activity(vec![(
            Field::Purpose,
            text("Utilisation de la géolocalisation pour optimiser les tournées"),
        )]);
        assert!(!fires("purpose-software", &c, &[]));
    }

    #[test]
    fn purposes_of_one_or_two_words() {
        assert!(fires(
            "purpose-vague",
            &activity(vec![(Field::Purpose, text("Bibliothèque"))]),
            &[]
        ));
        // a catch-all word alone states no purpose: the Art. 30(1)(b) item is missing
        for alone in ["Divers", "Other.", "Gestion"] {
            let a = activity(vec![(Field::Purpose, text(alone))]);
            assert!(fires("A30-1b", &a, &[]), "{alone}");
            assert!(!fires("purpose-vague", &a, &[]), "{alone}");
        }
        let clear = activity(vec![(
            Field::Purpose,
            text("Gestion des prêts de livres aux adhérents"),
        )]);
        assert!(!fires("purpose-vague", &clear, &[]));
        // a catch-all in a long sentence, in any language
        let expenses = activity(vec![(
            Field::Purpose,
            text("Remboursement des frais divers des salariés"),
        )]);
        assert!(!fires("purpose-vague", &expenses, &[]));
        for t in [
            "Gestion courante de la relation avec les clients et besoins divers",
            "Customer service and any other purpose the business may need",
            "Kundenbetreuung und sonstige Zwecke der Verwaltung",
        ] {
            let a = activity(vec![(Field::Purpose, text(t))]);
            assert!(fires("purpose-vague", &a, &[]), "{t}");
        }
    }
}
