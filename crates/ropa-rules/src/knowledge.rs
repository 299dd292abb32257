//! What the rules know of the world, as data files that cite their source and date
//! (`crates/ropa-rules/src/knowledge/*.toml`): adequacy decisions, transfer tools, providers outside
//! the EEA, the words of special-category data, the WP248 criteria. Built into the
//! binary; phrases are folded as texts are, and matched on word boundaries.

use ropa_model::text::fold;
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
    /// The same knowledge from the United Kingdom's side, for a controller there.
    pub uk: UkAdequacy,
}

/// The places the United Kingdom's adequacy regulations cover, for a restricted transfer
/// out of the UK (UK GDPR Art. 45; DPA 2018 s. 17A and Sch. 21 para. 5).
#[derive(Debug, Default, Deserialize)]
pub struct UkAdequacy {
    /// Where the list comes from.
    pub source: String,
    /// Adequate countries, territories and the EEA.
    pub countries: Vec<String>,
    /// Adequate only for companies certified under the UK Extension to the DPF.
    pub conditional: Vec<String>,
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
    /// The EU's standard contractual clauses: no tool on their own for a transfer out of
    /// the United Kingdom.
    pub eu_clauses: Vec<String>,
    /// The United Kingdom's own tools (IDTA, UK Addendum, UK Extension to the DPF).
    pub uk: Vec<String>,
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
    /// Places that say a provider is established in the United States.
    #[serde(default)]
    pub places: Vec<String>,
}

/// The words of Art. 9, Art. 10 and NIR data, and of the Art. 9(2) conditions.
#[derive(Debug, Default, Deserialize)]
pub struct Special {
    /// The conditions of Art. 9(2) as records name them (« explicit consent »).
    #[serde(default)]
    pub conditions: Vec<String>,
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
    /// Financial and location data: highly personal, not special (WP248 criterion 4).
    pub highly_personal: Vec<String>,
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

/// The country whose law or authority sets a benchmark: it judges that country's
/// controllers only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Country {
    /// France (the CNIL, French codes).
    #[default]
    Fr,
    /// Germany (German statutes, the German supervisory authorities).
    De,
}

/// One retention benchmark.
#[derive(Debug, Default, Deserialize)]
pub struct Benchmark {
    /// Its id.
    pub id: String,
    /// Whose controllers it judges.
    #[serde(default)]
    pub country: Country,
    /// The words of a purpose or data item that show it.
    pub words: Vec<String>,
    /// The longest period, ISO 8601.
    pub max: String,
    /// The reference in French.
    pub fr: String,
    /// The reference in English.
    pub en: String,
}

/// Retention benchmarks for common purposes.
#[derive(Debug, Default, Deserialize)]
pub struct Benchmarks {
    /// Where they come from.
    pub source: String,
    /// When they were checked.
    pub date: String,
    /// The benchmarks.
    pub benchmarks: Vec<Benchmark>,
}

/// The retention benchmarks.
pub static BENCHMARKS: LazyLock<Benchmarks> =
    LazyLock::new(|| load(include_str!("knowledge/retention_benchmarks.toml")));

/// The length of an ISO 8601 duration in days (a year 365, a month 30), if it is one.
pub fn days(iso: &str) -> Option<f64> {
    let rest = iso.strip_prefix('P')?;
    let (date, time) = rest.split_once('T').unwrap_or((rest, ""));
    let mut total = 0.0;
    let mut read = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
            } else {
                let (_, per) = units.iter().find(|(u, _)| *u == c)?;
                total += number.parse::<f64>().ok()? * per;
                number.clear();
            }
        }
        number.is_empty().then_some(())
    };
    read(date, &[('Y', 365.0), ('M', 30.0), ('W', 7.0), ('D', 1.0)])?;
    read(
        time,
        &[
            ('H', 1.0 / 24.0),
            ('M', 1.0 / 1440.0),
            ('S', 1.0 / 86_400.0),
        ],
    )?;
    Some(total)
}

/// One group of data subjects and the words that name it.
#[derive(Debug, Default, Deserialize)]
pub struct Group {
    /// Its id.
    pub id: String,
    /// The words that name it.
    pub words: Vec<String>,
}

/// Groups of data subjects.
#[derive(Debug, Default, Deserialize)]
pub struct People {
    /// Where they come from.
    pub source: String,
    /// When they were checked.
    pub date: String,
    /// The groups.
    pub groups: Vec<Group>,
}

/// The groups of data subjects.
pub static PEOPLE: LazyLock<People> = LazyLock::new(|| load(include_str!("knowledge/people.toml")));

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
/// One type of processing on a supervisory authority's list (Art. 35(4), 35(5)).
#[derive(Debug, Default, Deserialize)]
pub struct ListedType {
    /// Its id.
    pub id: String,
    /// Its name in French.
    pub fr: String,
    /// Its name in English.
    pub en: String,
    /// The words that show it.
    pub words: Vec<String>,
    /// What the record must also show for it to apply (`size`, `no-sensitive`).
    #[serde(default)]
    pub condition: Option<String>,
}

/// The CNIL's lists of types that require a DPIA and that do not.
#[derive(Debug, Default, Deserialize)]
pub struct CnilDpia {
    /// Where they come from.
    pub source: String,
    /// When they were checked.
    pub date: String,
    /// Délibération 2018-327: a DPIA is required.
    pub required: Vec<ListedType>,
    /// Délibération 2019-118: no DPIA is required.
    pub exempt: Vec<ListedType>,
}

/// The CNIL's DPIA lists.
pub static CNIL_DPIA: LazyLock<CnilDpia> =
    LazyLock::new(|| load(include_str!("knowledge/cnil_dpia.toml")));

/// The WP248 criteria.
pub static WP248: LazyLock<Wp248> = LazyLock::new(|| load(include_str!("knowledge/wp248.toml")));

/// The phrases of a list that a text holds, as the list writes them, in list order.
pub use ropa_model::lexicon::found;
/// [`found`] less the phrases a negation denies (« aucune donnée bancaire »).
pub use ropa_model::lexicon::found_affirmed;

/// A folded phrase as a text writes it (`eleves` → `Élèves`, `microsoft` → `Microsoft`),
/// so a finding quotes the client's own words; `None` when the text does not hold it.
pub fn as_written(text: &str, phrase: &str) -> Option<String> {
    Words::of(text).as_written(phrase)
}

/// A text's words, each folded with where it starts and ends: folded once, when a first
/// phrase is quoted, for all the phrases quoted of one text (folding a record's every word
/// again for each phrase was a tenth of checking a large register).
pub struct Words<'t> {
    text: &'t str,
    words: std::cell::OnceCell<Vec<(usize, usize, String)>>,
}

impl<'t> Words<'t> {
    /// The words of `text`, folded when first asked.
    pub fn of(text: &'t str) -> Words<'t> {
        Words {
            text,
            words: std::cell::OnceCell::new(),
        }
    }

    /// [`as_written`], of this text.
    pub fn as_written(&self, phrase: &str) -> Option<String> {
        let words = self.words.get_or_init(|| {
            ropa_model::text::words_with_offsets(self.text)
                .map(|(at, w)| (at, at + w.len(), fold(w)))
                .collect()
        });
        let target: Vec<String> = fold(phrase).split(' ').map(str::to_string).collect();
        words
            .windows(target.len().max(1))
            .find(|w| w.iter().map(|x| &x.2).eq(target.iter()))
            .map(|w| self.text[w[0].0..w[w.len() - 1].1].to_string())
    }

    /// A list's phrase as this text writes it, else as the list does.
    pub fn written(&self, phrase: &str) -> String {
        self.as_written(phrase)
            .unwrap_or_else(|| phrase.to_string())
    }
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
            (&CNIL_DPIA.source, &CNIL_DPIA.date, CNIL_DPIA.required.len()),
            (&PEOPLE.source, &PEOPLE.date, PEOPLE.groups.len()),
            (
                &BENCHMARKS.source,
                &BENCHMARKS.date,
                BENCHMARKS.benchmarks.len() + 2,
            ),
        ];
        for (source, date, n) in cited {
            assert!(!source.is_empty() && date.len() == 10 && n > 5, "{source}");
        }
        assert_eq!(WP248.criteria.len(), 9);
        // the 2018-327 list has fourteen types
        assert_eq!(CNIL_DPIA.required.len(), 14);
    }

    #[test]
    fn phrases_are_quoted_as_written() {
        assert_eq!(
            as_written("Élèves de CM2", "eleves").as_deref(),
            Some("Élèves")
        );
        assert_eq!(
            as_written("Hébergé chez Microsoft Azure (UE)", "microsoft azure").as_deref(),
            Some("Microsoft Azure")
        );
        assert_eq!(as_written("Salariés", "eleves"), None);
    }

    #[test]
    fn durations_in_days() {
        assert_eq!(days("P1Y"), Some(365.0));
        assert_eq!(days("P18M"), Some(540.0));
        assert_eq!(days("P1Y6M"), Some(545.0));
        assert_eq!(days("PT48H"), Some(2.0));
        assert_eq!(days("1 an"), None);
        for b in &BENCHMARKS.benchmarks {
            assert!(days(&b.max).is_some(), "{}", b.id);
        }
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
