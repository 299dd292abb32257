//! What the rules know of the world, as data files that cite their source and date
//! (`src/gaps/knowledge/*.toml`): adequacy decisions, transfer tools, providers outside
//! the EEA, the words of special-category data, the WP248 criteria. Built into the
//! binary; phrases are folded as texts are, and matched on word boundaries.

use crate::text::fold;
use serde::Deserialize;
use std::sync::LazyLock;

/// Countries with an adequacy decision, the EEA, and the conditional United States.
#[derive(Debug, Default, Deserialize)]
pub struct Adequacy {
    /// Where the list comes from.
    pub source: String,
    /// When it was checked.
    pub date: String,
    /// Adequate countries and territories.
    pub countries: Vec<String>,
    /// Adequate only for companies certified under the Data Privacy Framework.
    pub conditional: Vec<String>,
    /// The EEA's members (no transfer).
    pub eea: Vec<String>,
}

/// Transfer tools, valid and not.
#[derive(Debug, Default, Deserialize)]
pub struct Tools {
    /// Where the list comes from.
    pub source: String,
    /// When it was checked.
    pub date: String,
    /// Tools of Chapter V.
    pub valid: Vec<String>,
    /// Named as tools, but none (Privacy Shield, "sans garantie").
    pub invalid: Vec<String>,
    /// Places that are no country ("hors UE").
    pub not_countries: Vec<String>,
}

/// Providers established outside the EEA.
#[derive(Debug, Default, Deserialize)]
pub struct Providers {
    /// Where the list comes from.
    pub source: String,
    /// When it was checked.
    pub date: String,
    /// Their names.
    pub names: Vec<String>,
}

/// The words of Art. 9, Art. 10 and NIR data.
#[derive(Debug, Default, Deserialize)]
pub struct Special {
    /// Where the lexicon comes from.
    pub source: String,
    /// When it was checked.
    pub date: String,
    /// Special categories (Art. 9(1)).
    pub art9: Vec<String>,
    /// Criminal convictions and offences (Art. 10).
    pub art10: Vec<String>,
    /// The French national registration number.
    pub nir: Vec<String>,
    /// Words that make a datum a legal person's (a company's address).
    pub legal_person: Vec<String>,
}

/// One WP248 criterion.
#[derive(Debug, Default, Deserialize)]
pub struct Criterion {
    /// Its id.
    pub id: String,
    /// Its name in French.
    pub fr: String,
    /// Its name in English.
    pub en: String,
    /// The words that show it.
    pub words: Vec<String>,
}

/// The WP248 criteria.
#[derive(Debug, Default, Deserialize)]
pub struct Wp248 {
    /// Where they come from.
    pub source: String,
    /// When they were checked.
    pub date: String,
    /// The nine criteria.
    pub criteria: Vec<Criterion>,
}

fn load<T: for<'de> Deserialize<'de> + Default>(text: &str) -> T {
    toml::from_str(text).unwrap_or_default()
}

/// The adequacy list.
pub static ADEQUACY: LazyLock<Adequacy> =
    LazyLock::new(|| load(include_str!("knowledge/adequacy.toml")));
/// The transfer tools.
pub static TOOLS: LazyLock<Tools> =
    LazyLock::new(|| load(include_str!("knowledge/transfer_tools.toml")));
/// The providers outside the EEA.
pub static PROVIDERS: LazyLock<Providers> =
    LazyLock::new(|| load(include_str!("knowledge/providers.toml")));
/// The special-category lexicon.
pub static SPECIAL: LazyLock<Special> =
    LazyLock::new(|| load(include_str!("knowledge/special_categories.toml")));
/// The WP248 criteria.
pub static WP248: LazyLock<Wp248> = LazyLock::new(|| load(include_str!("knowledge/wp248.toml")));

/// The phrases of a list that a text holds, as the list writes them, in list order.
pub fn found<'a, S: AsRef<str>>(text: &str, phrases: &'a [S]) -> Vec<&'a str> {
    let padded = format!(" {} ", fold(text));
    let mut out: Vec<&str> = phrases
        .iter()
        .map(AsRef::as_ref)
        .filter(|p| {
            let p = fold(p);
            !p.is_empty() && padded.contains(&format!(" {p} "))
        })
        .collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_parses_and_cites_its_source_and_date() {
        let cited = [
            (&ADEQUACY.source, &ADEQUACY.date, ADEQUACY.countries.len()),
            (&TOOLS.source, &TOOLS.date, TOOLS.valid.len()),
            (&PROVIDERS.source, &PROVIDERS.date, PROVIDERS.names.len()),
            (&SPECIAL.source, &SPECIAL.date, SPECIAL.art9.len()),
            (&WP248.source, &WP248.date, WP248.criteria.len()),
        ];
        for (source, date, n) in cited {
            assert!(!source.is_empty() && date.len() == 10 && n > 5, "{source}");
        }
        assert_eq!(WP248.criteria.len(), 9);
    }

    #[test]
    fn phrases_match_on_word_boundaries() {
        assert_eq!(
            found("Données de santé (dyslexie)", &SPECIAL.art9),
            ["sante", "dyslexie"]
        );
        assert!(found("Assurance santé de l'entreprise", &SPECIAL.nir).is_empty());
        assert!(found("Hébergement Azure (Microsoft)", &PROVIDERS.names).contains(&"azure"));
        assert!(found("Suisse", &ADEQUACY.countries).contains(&"suisse"));
        assert!(found("Sans garantie", &TOOLS.invalid).contains(&"sans garantie"));
    }
}
