//! The language a register is written in, from its most common short words: said in the
//! summary, so a consultant sees at once that a German register was read as German.

use std::collections::HashMap;

/// The languages `ropa` reads labels, bases and answers in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    /// French.
    Fr,
    /// English.
    En,
    /// German.
    De,
    /// Spanish.
    Es,
    /// Italian.
    It,
    /// Dutch.
    Nl,
}

impl Language {
    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::Fr => "fr",
            Language::En => "en",
            Language::De => "de",
            Language::Es => "es",
            Language::It => "it",
            Language::Nl => "nl",
        }
    }
}

/// Words (folded) frequent in one language and rare in the others.
const WORDS: &[(Language, &[&str])] = &[
    (
        Language::Fr,
        &[
            "le",
            "les",
            "du",
            "et",
            "est",
            "pour",
            "dans",
            "sur",
            "aux",
            "donnees",
            "traitement",
            "personnes",
            "ou",
            "au",
            "ans",
            "duree",
        ],
    ),
    (
        Language::En,
        &[
            "the",
            "and",
            "of",
            "to",
            "for",
            "is",
            "with",
            "data",
            "processing",
            "are",
            "by",
            "years",
            "our",
            "or",
        ],
    ),
    (
        Language::De,
        &[
            "der", "die", "das", "und", "fur", "mit", "von", "zu", "ist", "den", "dem", "daten",
            "nicht", "im", "jahre", "oder",
        ],
    ),
    (
        Language::Es,
        &[
            "el",
            "los",
            "las",
            "del",
            "y",
            "para",
            "por",
            "datos",
            "tratamiento",
            "que",
            "anos",
            "o",
            "al",
        ],
    ),
    (
        Language::It,
        &[
            "il",
            "gli",
            "della",
            "dei",
            "delle",
            "per",
            "che",
            "dati",
            "trattamento",
            "sono",
            "anni",
            "e",
            "o",
            "degli",
            "nel",
        ],
    ),
    (
        Language::Nl,
        &[
            "het",
            "een",
            "en",
            "van",
            "voor",
            "op",
            "zijn",
            "gegevens",
            "verwerking",
            "niet",
            "jaar",
            "bij",
            "naar",
            "worden",
        ],
    ),
];

/// The language of a source as read: its labels and values.
pub fn of_document(raw: &super::RawDocument) -> Option<Language> {
    let texts = raw
        .preamble
        .iter()
        .chain(raw.blocks.iter().flat_map(|b| &b.values))
        .flat_map(|v| [&*v.label, v.text.as_str()]);
    detect(texts)
}

/// The language most of the words belong to, when the evidence is clear (at least ten
/// telling words, and a third more than the runner-up).
pub fn detect<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<Language> {
    let mut index: HashMap<&str, Vec<Language>> = HashMap::new();
    for (lang, words) in WORDS {
        for w in *words {
            index.entry(w).or_default().push(*lang);
        }
    }
    let mut score: HashMap<Language, usize> = HashMap::new();
    let mut seen = 0usize;
    'outer: for t in texts {
        for w in ropa_model::text::fold(t).split(' ') {
            seen += 1;
            if seen > 20_000 {
                break 'outer;
            }
            for l in index.get(w).into_iter().flatten() {
                *score.entry(*l).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(Language, usize)> = score.into_iter().collect();
    ranked.sort_by_key(|(l, n)| (std::cmp::Reverse(*n), l.code()));
    let (best, n) = *ranked.first()?;
    let second = ranked.get(1).map_or(0, |(_, n)| *n);
    (n >= 10 && n * 3 >= second * 4).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_the_six_languages_apart() {
        let d = |t: &str| detect([t]).map(Language::code);
        assert_eq!(
            d(
                "Die Daten der Mitarbeiter werden für die Lohnabrechnung mit dem Steuerberater und der Bank verarbeitet, nicht im Ausland, und nach zehn Jahre gelöscht; das ist Pflicht"
            ),
            Some("de")
        );
        assert_eq!(
            d(
                "Les données des salariés sont traitées pour la paie et conservées dans le SIRH pendant la durée du contrat et 5 ans ; le traitement est au service RH ou aux prestataires"
            ),
            Some("fr")
        );
        assert_eq!(
            d(
                "The data of our employees is used for payroll and is shared with the bank and the tax office for processing by the HR team, kept for six years or more"
            ),
            Some("en")
        );
        assert_eq!(
            d(
                "Los datos de los alumnos y las familias se usan para la gestión del centro por el equipo y para el tratamiento de las matrículas, que se conservan cinco años o más"
            ),
            Some("es")
        );
        assert_eq!(
            d(
                "Il trattamento dei dati degli interessati è svolto per la gestione delle cartelle cliniche e i dati sono conservati nel sistema per dieci anni o più della durata"
            ),
            Some("it")
        );
        assert_eq!(
            d(
                "De gegevens van het personeel worden gebruikt voor de salarisadministratie en zijn niet naar het buitenland gestuurd; de verwerking is bij een verwerker, zeven jaar"
            ),
            Some("nl")
        );
        assert_eq!(d("Paie"), None);
    }
}
