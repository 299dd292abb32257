//! Closed answers: the six legal bases of Art. 6(1), and yes / no questions.

use crate::model::{Basis, BasisValue, YesNo};
use crate::text::{fold, re, strip_bullet};
use regex::Regex;
use std::sync::LazyLock;

/// Phrases (folded) that name each basis, French and English.
const BASES: &[(Basis, &[&str])] = &[
    (Basis::Consent, &["consentement", "consent"]),
    (
        Basis::LegalObligation,
        &[
            "obligation legale",
            "obligations legales",
            "obligation reglementaire",
            "legal obligation",
            "legal requirement",
            "statutory obligation",
        ],
    ),
    (
        Basis::VitalInterests,
        &[
            "interets vitaux",
            "interet vital",
            "sauvegarde de la vie",
            "vital interest",
            "vital interests",
        ],
    ),
    (
        Basis::PublicTask,
        &[
            "mission d interet public",
            "missions d interet public",
            "interet public",
            "autorite publique",
            "public task",
            "public interest",
            "official authority",
        ],
    ),
    (
        Basis::LegitimateInterests,
        &[
            "interet legitime",
            "interets legitimes",
            "legitimate interest",
            "legitimate interests",
        ],
    ),
    (
        Basis::Contract,
        &[
            "contrat",
            "contractuel",
            "contractuelle",
            "precontractuel",
            "precontractuelles",
            "contract",
            "contractual",
            "cgu",
            "cgv",
            "conditions generales",
        ],
    ),
];

static ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b6\s*(?:\.|\()?\s*1\s*\)?\s*(?:\.|\()?\s*([a-f])\b"));

/// Reads a legal basis; an unrecognised phrasing is kept as text with no basis.
pub fn legal_basis(text: &str) -> BasisValue {
    let folded = fold(text);
    let padded = format!(" {folded} ");
    let by_words = BASES
        .iter()
        .filter_map(|(b, phrases)| {
            phrases
                .iter()
                .filter_map(|p| {
                    padded
                        .find(&format!(" {p} "))
                        .or_else(|| padded.find(&format!(" {p}")))
                })
                .min()
                .map(|pos| (pos, *b))
        })
        .min_by_key(|(pos, _)| *pos)
        .map(|(_, b)| b);
    let by_article = ARTICLE.captures(text).and_then(|c| {
        let letter = c.get(1)?.as_str().to_ascii_lowercase().chars().next()?;
        BASES.iter().map(|(b, _)| *b).find(|b| b.letter() == letter)
    });
    let basis = by_article.or(by_words);
    BasisValue {
        text: text.to_string(),
        basis,
        article: basis.map(|b| format!("6(1)({})", b.letter())),
    }
}

/// Third countries and blocs often named in registers (folded).
const COUNTRIES: &[&str] = &[
    "etats unis",
    "usa",
    "us",
    "united states",
    "royaume uni",
    "uk",
    "united kingdom",
    "suisse",
    "switzerland",
    "canada",
    "inde",
    "india",
    "chine",
    "china",
    "japon",
    "japan",
    "maroc",
    "tunisie",
    "israel",
    "australie",
    "australia",
    "singapour",
    "singapore",
    "bresil",
    "russie",
    "coree",
    "nouvelle zelande",
    "argentine",
    "uruguay",
    "mexique",
    "philippines",
    "madagascar",
    "ile maurice",
    "senegal",
    "turquie",
    "ukraine",
    "hors ue",
    "monde entier",
    "worldwide",
];

/// Whether a text holds one of the folded phrases, as whole words.
pub fn has_phrase(text: &str, phrases: &[&str]) -> bool {
    let padded = format!(" {} ", fold(text));
    phrases.iter().any(|w| padded.contains(&format!(" {w} ")))
}

/// Whether a transfer text names a destination country.
pub fn names_country(text: &str) -> bool {
    has_phrase(text, COUNTRIES)
}

/// Whether a text names a condition of Art. 9(2) or 10 (`Employment law (Art. 9(2)(b))`).
pub fn names_special_category_basis(text: &str) -> bool {
    let f = fold(text);
    f.contains("9 2") || f.contains("article 9") || f.contains("art 9") || f.contains("article 10")
}

/// Reads a yes / no answer from the first words of a text.
pub fn yes_no(text: &str) -> YesNo {
    let first = fold(&strip_bullet(text));
    let word = |w: &str| first == w || first.starts_with(&format!("{w} "));
    if [
        "non", "no", "aucun", "aucune", "none", "nein", "pas de", "jamais", "never", "false",
        "faux", "0",
    ]
    .iter()
    .any(|w| word(w))
    {
        YesNo::No
    } else if ["oui", "yes", "true", "vrai", "1"].iter().any(|w| word(w)) {
        YesNo::Yes
    } else {
        YesNo::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_in_french_and_english() {
        let b = |t: &str| legal_basis(t).basis;
        assert_eq!(b("Performance du contrat"), Some(Basis::Contract));
        assert_eq!(b("Exécution d'un contrat"), Some(Basis::Contract));
        assert_eq!(
            b("Intérêt légitime de l'entreprise"),
            Some(Basis::LegitimateInterests)
        );
        assert_eq!(b("Consentement"), Some(Basis::Consent));
        assert_eq!(
            b("Obligation légale (Code du travail)"),
            Some(Basis::LegalObligation)
        );
        assert_eq!(b("Mission d'intérêt public"), Some(Basis::PublicTask));
        assert_eq!(
            b("Sauvegarde des intérêts vitaux"),
            Some(Basis::VitalInterests)
        );
        assert_eq!(b("Art. 6(1)(f) RGPD"), Some(Basis::LegitimateInterests));
        assert_eq!(b("Legitimate interests"), Some(Basis::LegitimateInterests));
        assert_eq!(b("Parce que"), None);
        assert_eq!(
            legal_basis("Consentement").article.as_deref(),
            Some("6(1)(a)")
        );
    }

    #[test]
    fn yes_and_no() {
        assert_eq!(yes_no("Non"), YesNo::No);
        assert_eq!(yes_no("- Non"), YesNo::No);
        assert_eq!(yes_no("Oui, vers les USA"), YesNo::Yes);
        assert_eq!(yes_no("N/A"), YesNo::Unknown);
        assert_eq!(yes_no("-"), YesNo::Unknown);
        assert_eq!(yes_no("Nonobstant"), YesNo::Unknown);
    }
}
