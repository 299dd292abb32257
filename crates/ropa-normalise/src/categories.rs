//! Data items → the categories of personal data of the CNIL model register, and the
//! source of the data when the category's label states it (`Saisies par le parent`).

use regex::Regex;
use ropa_model::CnilCategory;
use ropa_model::text::re;
use std::sync::LazyLock;

/// Folded words of each category, most specific first: the first category that has a
/// word in an item is the item's.
const WORDS: &[(CnilCategory, &[&str])] = &[
    (
        CnilCategory::NationalId,
        &[
            "nir",
            "securite sociale",
            "numero d inscription au repertoire",
        ],
    ),
    (
        CnilCategory::Sensitive,
        &[
            "sante",
            "medical",
            "medicale",
            "medicales",
            "handicap",
            "religio",
            "politique",
            "syndical",
            "orientation sexuelle",
            "vie sexuelle",
            "origine raciale",
            "ethnique",
            "biometri",
            "genetique",
            "infraction",
            "condamnation",
            "health",
            "religious",
            "biometric",
            "criminal",
        ],
    ),
    (
        CnilCategory::Connection,
        &[
            "adresse ip",
            "ip",
            "logs",
            "log",
            "connexion",
            "mot de passe",
            "identifiant de connexion",
            "horodatage",
            "ip address",
            "password",
            "login",
        ],
    ),
    (
        CnilCategory::Internet,
        &[
            "cookie",
            "cookies",
            "traceur",
            "traceurs",
            "navigation",
            "navigateur",
            "browser",
        ],
    ),
    (
        CnilCategory::Location,
        &[
            "gps",
            "localisation",
            "geolocalisation",
            "deplacement",
            "deplacements",
            "location",
        ],
    ),
    (
        CnilCategory::EconomicFinancial,
        &[
            "bancaire",
            "banque",
            "iban",
            "rib",
            "paiement",
            "facturation",
            "factures",
            "carte",
            "salaire",
            "revenu",
            "revenus",
            "financier",
            "financiere",
            "economique",
            "payment",
            "bank",
            "invoice",
        ],
    ),
    (
        CnilCategory::ProfessionalLife,
        &[
            "cv",
            "diplome",
            "diplomes",
            "formation",
            "poste",
            "profession",
            "professionnel",
            "professionnelle",
            "professionnelles",
            "employeur",
            "carriere",
            "scolarite",
            "fonction",
            "job",
            "employer",
        ],
    ),
    (
        CnilCategory::PersonalLife,
        &[
            "habitudes",
            "situation familiale",
            "loisirs",
            "centres d interet",
            "preferences",
            "vie personnelle",
            "enfants",
            "famille",
            "lifestyle",
        ],
    ),
    (
        CnilCategory::Identification,
        &[
            "nom",
            "prenom",
            "prenoms",
            "adresse",
            "email",
            "mail",
            "e mail",
            "courriel",
            "telephone",
            "photo",
            "photos",
            "pseudonyme",
            "pseudo",
            "date de naissance",
            "identite",
            "etat civil",
            "identification",
            "identifications",
            "identifiant",
            "signature",
            "image",
            "images",
            "name",
            "address",
            "phone",
        ],
    ),
];

/// The CNIL category of one item, when a word of it says.
pub fn classify(item: &str) -> Option<CnilCategory> {
    WORDS
        .iter()
        .find(|(_, words)| super::answers::has_phrase(item, words))
        .map(|(c, _)| *c)
}

/// The categories of a group: the one its label names (a CNIL template heading such as
/// `Données de localisation`), then those of its items, in order, each once.
pub fn classify_all<'a>(
    label: Option<&str>,
    items: impl IntoIterator<Item = &'a String>,
) -> Vec<CnilCategory> {
    let mut out = Vec::new();
    let found = label
        .and_then(classify)
        .into_iter()
        .chain(items.into_iter().filter_map(|i| classify(i)));
    for c in found {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\s*\b((?:saisie?s?|collect[ée]e?s?|fournie?s?|transmise?s?|issue?s?|provenant|renseign[ée]e?s?|communiqu[ée]e?s?)\s+(?:par|de|du|des|aupr[eè]s|via)\b.*|(?:source\s*:|navigateur de l).*)$",
    )
});

/// `Données d'identifications Saisies par le parent` → the category and its source.
pub fn split_source(label: &str) -> (String, Option<String>) {
    match SOURCE.captures(label) {
        Some(c) if c.get(0).is_some_and(|m| m.start() > 0) => {
            let whole = c.get(0).map_or(0, |m| m.start());
            (
                label[..whole].trim().to_string(),
                Some(c[1].trim().to_string()),
            )
        }
        _ => (label.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_fall_in_cnil_categories() {
        let c = |s: &str| classify(s);
        assert_eq!(c("Nom"), Some(CnilCategory::Identification));
        assert_eq!(c("Adresse IP"), Some(CnilCategory::Connection));
        assert_eq!(
            c("Données de paiement"),
            Some(CnilCategory::EconomicFinancial)
        );
        assert_eq!(
            c("numéro de sécurité sociale"),
            Some(CnilCategory::NationalId)
        );
        assert_eq!(c("Données médicales"), Some(CnilCategory::Sensitive));
        assert_eq!(
            c("Cookies de mesure d'audience"),
            Some(CnilCategory::Internet)
        );
        assert_eq!(c("Bibliothèque"), None);
    }

    #[test]
    fn the_source_is_split_from_the_label() {
        assert_eq!(
            split_source("Données d'identifications Saisies par le parent, l'élève"),
            (
                "Données d'identifications".to_string(),
                Some("Saisies par le parent, l'élève".to_string())
            )
        );
        assert_eq!(split_source("Identité"), ("Identité".to_string(), None));
    }
}
