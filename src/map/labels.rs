//! Source label → canonical target: pinned by the mapping, or an exact synonym, or a
//! fuzzy match that is strong and unambiguous. Anything weaker is not guessed.

use super::mapping::{Mapping, Pin, Target};
use crate::text::{CharBag, fold_label};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

/// A fuzzy score at or above this is accepted.
pub const ACCEPT: f64 = 0.82;
/// A fuzzy score at or above this, but below [`ACCEPT`], is reported as a weak match.
pub const WEAK: f64 = 0.6;
/// Longer texts are values, not labels: they are not compared with the synonyms.
pub const MAX_LABEL: usize = 160;

/// Two targets whose best scores are closer than this are ambiguous.
pub const MARGIN: f64 = 0.04;

#[derive(Deserialize)]
struct Langs {
    #[serde(default)]
    fr: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
}

/// The synonym dictionary: (folded synonym, its tokens, target), compiled in.
struct Synonym {
    folded: String,
    tokens: Vec<String>,
    target: Target,
    bag: CharBag,
}

static SYNONYMS: LazyLock<Vec<Synonym>> = LazyLock::new(|| {
    let table: BTreeMap<String, Langs> =
        toml::from_str(include_str!("synonyms.toml")).unwrap_or_default();
    let mut out = Vec::new();
    for (id, langs) in table {
        let Some(target) = Target::parse(&id) else {
            continue;
        };
        for s in langs.fr.iter().chain(&langs.en) {
            let folded = fold_label(s);
            out.push(Synonym {
                tokens: tokens(&folded),
                bag: CharBag::of(&folded),
                folded,
                target,
            });
        }
    }
    out
});

/// The field a folded label is an exact synonym of (the first listed).
fn synonym(key: &str) -> Option<Target> {
    static INDEX: LazyLock<std::collections::HashMap<&'static str, Target>> = LazyLock::new(|| {
        let mut m = std::collections::HashMap::new();
        for s in SYNONYMS.iter() {
            m.entry(s.folded.as_str()).or_insert(s.target);
        }
        m
    });
    INDEX.get(key).copied()
}

/// Every synonym of a target, folded (for tests and `suggest`).
pub fn synonyms_of(target: Target) -> Vec<String> {
    SYNONYMS
        .iter()
        .filter(|s| s.target == target)
        .map(|s| s.folded.clone())
        .collect()
}

const STOP: &[&str] = &[
    "de", "des", "du", "la", "le", "les", "l", "d", "et", "ou", "a", "au", "aux", "en", "par",
    "pour", "sur", "the", "of", "and", "or", "to", "for", "by", "in", "on", "un", "une",
];

fn tokens(folded: &str) -> Vec<String> {
    folded
        .split(' ')
        .filter(|t| !t.is_empty() && !STOP.contains(t))
        .map(str::to_string)
        .collect()
}

/// How a label was matched.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolution {
    /// The mapping pins it.
    Pinned(Pin),
    /// It is one of the field's synonyms.
    Synonym(Target),
    /// It is close enough to a synonym, and to no other field's.
    Fuzzy {
        /// The field.
        target: Target,
        /// The score, 0–1.
        score: f64,
    },
    /// Close to a synonym, but not close enough to be trusted.
    Weak {
        /// The nearest field.
        target: Target,
        /// The score, 0–1.
        score: f64,
    },
    /// Close to synonyms of two fields.
    Ambiguous {
        /// The best field.
        first: Target,
        /// The runner-up.
        second: Target,
        /// The best score.
        score: f64,
    },
    /// Close to nothing.
    Unmatched,
}

impl Resolution {
    /// The target, when the match is trusted.
    pub fn accepted(&self) -> Option<(Target, Option<&str>)> {
        match self {
            Resolution::Pinned(p) => Some((p.target, p.part.as_deref())),
            Resolution::Synonym(t) | Resolution::Fuzzy { target: t, .. } => Some((*t, None)),
            _ => None,
        }
    }

    /// How the label matched, in a few words for reports.
    pub fn describe(&self) -> String {
        match self {
            Resolution::Pinned(p) => format!("épinglé → {}", p.target.name()),
            Resolution::Synonym(t) => format!("synonyme → {}", t.name()),
            Resolution::Fuzzy { target, score } => {
                format!("approché ({score:.2}) → {}", target.name())
            }
            Resolution::Weak { target, score } => {
                format!(
                    "trop faible ({score:.2}) : {} ? gardé dans extra",
                    target.name()
                )
            }
            Resolution::Ambiguous {
                first,
                second,
                score,
            } => format!(
                "ambigu ({score:.2}) : {} ou {} ? gardé dans extra",
                first.name(),
                second.name()
            ),
            Resolution::Unmatched => "non reconnu, gardé dans extra".into(),
        }
    }
}

/// Matches labels for one mapping, remembering each answer (labels repeat on every row).
pub struct LabelMatcher<'m> {
    mapping: &'m Mapping,
    cache: std::cell::RefCell<std::collections::HashMap<String, Resolution>>,
}

impl<'m> LabelMatcher<'m> {
    /// A matcher for the labels of sources read with `mapping`.
    pub fn new(mapping: &'m Mapping) -> Self {
        LabelMatcher {
            mapping,
            cache: Default::default(),
        }
    }

    /// Resolves a label.
    pub fn resolve(&self, label: &str) -> Resolution {
        let key = fold_label(label);
        if let Some(r) = self.cache.borrow().get(&key) {
            return r.clone();
        }
        let r = self.resolve_folded(&key);
        self.cache.borrow_mut().insert(key, r.clone());
        r
    }

    /// Whether the label is one of the format's labels (pinned or an exact synonym),
    /// which the readers use to tell headings from text.
    pub fn is_label(&self, label: &str) -> bool {
        // pins and exact synonyms only: no fuzzy score is needed to say no
        let key = fold_label(label);
        if let Some(r) = self.cache.borrow().get(&key) {
            return matches!(r, Resolution::Pinned(_) | Resolution::Synonym(_));
        }
        !key.is_empty() && (self.mapping.pins.contains_key(&key) || synonym(&key).is_some())
    }

    fn resolve_folded(&self, key: &str) -> Resolution {
        if key.is_empty() {
            return Resolution::Unmatched;
        }
        if let Some(pin) = self.mapping.pins.get(key) {
            return Resolution::Pinned(pin.clone());
        }
        if let Some(target) = synonym(key) {
            return Resolution::Synonym(target);
        }
        if !self.mapping.fuzzy {
            return Resolution::Unmatched;
        }
        fuzzy(key)
    }
}

/// Scores a folded label against every synonym and keeps the best of each target.
pub fn fuzzy(key: &str) -> Resolution {
    // a label is a few words; a long text is a value, and comparing it with every
    // synonym would cost its length times theirs
    if key.chars().count() > MAX_LABEL {
        return Resolution::Unmatched;
    }
    // the answer depends on the synonyms only: one per distinct label for the process
    static SEEN: LazyLock<std::sync::Mutex<std::collections::HashMap<String, Resolution>>> =
        LazyLock::new(Default::default);
    if let Some(r) = SEEN.lock().ok().and_then(|m| m.get(key).cloned()) {
        return r;
    }
    let r = fuzzy_uncached(key);
    if let Ok(mut m) = SEEN.lock() {
        m.insert(key.to_string(), r.clone());
    }
    r
}

fn fuzzy_uncached(key: &str) -> Resolution {
    let label_tokens = tokens(key);
    let key_bag = CharBag::of(key);
    let mut best: Vec<(Target, f64)> = Vec::new();
    for s in SYNONYMS.iter() {
        let score = similarity(key, &key_bag, &label_tokens, s);
        match best.iter_mut().find(|(t, _)| *t == s.target) {
            Some(entry) if entry.1 < score => entry.1 = score,
            Some(_) => {}
            None => best.push((s.target, score)),
        }
    }
    best.sort_by(|a, b| b.1.total_cmp(&a.1));
    let Some(&(first, score)) = best.first() else {
        return Resolution::Unmatched;
    };
    let second = best.get(1).copied();
    if score < WEAK {
        return Resolution::Unmatched;
    }
    if let Some((second, s2)) = second
        && score >= WEAK
        && score - s2 < MARGIN
    {
        return Resolution::Ambiguous {
            first,
            second,
            score,
        };
    }
    if score >= ACCEPT {
        Resolution::Fuzzy {
            target: first,
            score,
        }
    } else {
        Resolution::Weak {
            target: first,
            score,
        }
    }
}

/// The better of an edit-distance score on the whole label and a token score (how much
/// of the synonym the label holds, and how little else), each token compared fuzzily.
fn similarity(key: &str, key_bag: &CharBag, label_tokens: &[String], s: &Synonym) -> f64 {
    // the edit-distance score is at most the share of characters the two strings have in
    // common (an edit changes one): computed only when that bound could beat the token
    // score and reach WEAK (scores below WEAK are never used) — the same result, sooner
    let whole = |floor: f64| {
        let bound = key_bag.bound(&s.bag);
        if bound <= floor || bound < WEAK {
            0.0
        } else {
            strsim::normalized_damerau_levenshtein(key, &s.folded)
        }
    };
    if s.tokens.is_empty() || label_tokens.is_empty() {
        return whole(-1.0);
    }
    // Jaro-Winkler reaches 0.92 only for words whose lengths differ by less than 40 %
    let near = |a: &str, b: &str| {
        a == b
            || (a.len() > 3
                && a.len().min(b.len()) * 10 >= a.len().max(b.len()) * 6
                && strsim::jaro_winkler(a, b) >= 0.92)
    };
    let found = s
        .tokens
        .iter()
        .filter(|t| label_tokens.iter().any(|l| near(l, t)))
        .count() as f64;
    let used: HashSet<&String> = label_tokens
        .iter()
        .filter(|l| s.tokens.iter().any(|t| near(l, t)))
        .collect();
    let recall = found / s.tokens.len() as f64;
    let precision = used.len() as f64 / label_tokens.len() as f64;
    let tok = if recall + precision == 0.0 {
        0.0
    } else {
        // recall weighs more: a label often adds words ("... par le traitement")
        (0.65 * recall + 0.35 * precision).min(1.0)
    };
    whole(tok).max(tok)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Field;

    fn target(label: &str) -> Option<Target> {
        match fuzzy(&fold_label(label)) {
            Resolution::Fuzzy { target, .. } => Some(target),
            _ => None,
        }
    }

    #[test]
    fn synonym_file_parses_and_covers_every_field() {
        assert!(SYNONYMS.len() > 200);
        for f in crate::model::ALL_FIELDS {
            assert!(
                !synonyms_of(Target::Field(*f)).is_empty(),
                "no synonym for {}",
                f.id()
            );
        }
    }

    #[test]
    fn every_synonym_of_every_field_resolves_to_that_field() {
        let m = Mapping::parse(
            std::path::Path::new("t"),
            "name = \"t\"\n[layout]\nkind = \"table\"\n",
        )
        .unwrap();
        let matcher = LabelMatcher::new(&m);
        let mut wrong = Vec::new();
        for f in crate::model::ALL_FIELDS {
            let target = Target::Field(*f);
            for syn in synonyms_of(target) {
                match matcher.resolve(&syn) {
                    Resolution::Synonym(t) if t == target => {}
                    other => wrong.push(format!("{}: {syn:?} → {}", f.id(), other.describe())),
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn close_labels_match_their_field() {
        assert_eq!(
            target("Finalités du traitement :"),
            Some(Target::Field(Field::Purpose))
        );
        assert_eq!(
            target("Type de personnes concernées"),
            Some(Target::Field(Field::DataSubjects))
        );
        assert_eq!(
            target("Durée de conservation des données personnelles"),
            Some(Target::Field(Field::Retention))
        );
        assert_eq!(
            target("Categories of data subjects"),
            Some(Target::Field(Field::DataSubjects))
        );
        assert_eq!(
            target("Destinataires (internes et externes)"),
            Some(Target::Field(Field::Recipients))
        );
    }

    #[test]
    fn unrelated_labels_are_not_guessed() {
        assert_eq!(
            fuzzy(&fold_label("Couleur préférée")),
            Resolution::Unmatched
        );
        assert!(target("Zorglub").is_none());
    }
}
