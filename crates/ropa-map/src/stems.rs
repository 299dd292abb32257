//! Labels understood by the stems of their words, not looked up whole: each word of the
//! synonym lists is reduced to its stem (Snowball, in the synonym's language), and a
//! stem says which fields it speaks for (`sensibl` for the sensitive data, `massnahm`
//! for the security measures). A label never seen is read by its words' stems, German
//! and Dutch compounds cut at the words they are made of (`Sicherheitsmaßnahmen` →
//! `sicherheit` + `massnahmen`), each stem weighed by how few fields it speaks for.
//!
//! It answers only where spelling does not: the closeness of [`crate::labels`] comes
//! first, and a label read by its stems is reported as such.

use super::mapping::Target;
use super::tables;
use ropa_read::language::Language;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

pub(crate) const ALGORITHMS: [Algorithm; 6] = [
    Algorithm::French,
    Algorithm::English,
    Algorithm::German,
    Algorithm::Spanish,
    Algorithm::Italian,
    Algorithm::Dutch,
];

static STEMMERS: LazyLock<Vec<Stemmer>> =
    LazyLock::new(|| ALGORITHMS.iter().map(|a| Stemmer::create(*a)).collect());

/// Words that name no field in any language (articles, prepositions, « personal »,
/// « traitement »): they are in most labels and weigh nothing.
pub(crate) const STOP: &[&str] = &[
    "de", "des", "du", "la", "le", "les", "l", "d", "et", "ou", "a", "au", "aux", "en", "par",
    "pour", "sur", "the", "of", "and", "or", "to", "for", "by", "in", "on", "un", "une", "der",
    "die", "das", "und", "oder", "von", "zur", "zum", "im", "el", "los", "las", "y", "o", "del",
    "il", "lo", "gli", "e", "di", "della", "dei", "delle", "per", "het", "een", "van", "voor",
    "en", "s", "with", "avec", "mit", "con", "met", "vers", "dans", "sans", "chez", "entre", "at",
    "from", "into", "auf", "aus", "bei", "nach", "tra", "fra", "da", "al", "naar", "bij", "uit",
    "op", "te", "door",
];

/// The position of a language's stemmer in [`ALGORITHMS`].
pub(crate) fn stemmer(lang: Language) -> usize {
    match lang {
        Language::Fr => 0,
        Language::En => 1,
        Language::De => 2,
        Language::Es => 3,
        Language::It => 4,
        Language::Nl => 5,
    }
}

/// The stem of a folded word by the stemmer at `lang` (at least three letters, or the
/// word).
pub(crate) fn stem_in(word: &str, lang: usize) -> String {
    let s = STEMMERS[lang].stem(word);
    if s.chars().count() >= 3 {
        s.into_owned()
    } else {
        word.to_string()
    }
}

/// Which targets each stem speaks for, counted over the synonyms that use it: slices of
/// [`crate::tables`], built from the synonym lists.
pub struct StemIndex {
    /// stem → (target → how many synonyms of that target use the stem, one of a
    /// single word counting twice), sorted by stem.
    counts: &'static [(&'static str, &'static [(Target, u32)])],
    /// How many targets there are.
    targets: usize,
    /// Every word of the lists, for the parts of compounds that end one.
    words: &'static [&'static str],
}

/// The stems of the synonym lists, as built into [`crate::tables`].
pub static STEMS: StemIndex = StemIndex {
    counts: tables::STEM_COUNTS,
    targets: tables::STEM_TARGETS,
    words: tables::STEM_WORDS,
};

/// The stems a synonym held apart contributed (tests only: labels read as if never
/// listed), as (stem, target, weight).
type Held = [(String, Target, u32)];

impl StemIndex {
    /// How many synonyms of each target use a stem, the synonym `held` left out.
    fn count(&self, stem: &str, held: &Held) -> BTreeMap<Target, u32> {
        let mut c: BTreeMap<Target, u32> = self
            .counts
            .binary_search_by(|(s, _)| (*s).cmp(stem))
            .map_or(BTreeMap::new(), |i| {
                self.counts[i].1.iter().copied().collect()
            });
        for (s, t, w) in held {
            if s == stem
                && let Some(n) = c.get_mut(t)
            {
                *n = n.saturating_sub(*w);
                if *n == 0 {
                    c.remove(t);
                }
            }
        }
        c
    }

    /// The known stems of a word: its stems in any of the six languages that the lists
    /// use, else the parts of a compound (`sicherheitsmassnahmen`).
    fn known_stems(&self, word: &str, held: &Held) -> Vec<String> {
        let direct = self.direct(word, held);
        if !direct.is_empty() || word.chars().count() < 8 {
            return direct;
        }
        self.compound(word, held, 0)
    }

    fn direct(&self, word: &str, held: &Held) -> Vec<String> {
        let mut out: Vec<String> = (0..ALGORITHMS.len())
            .map(|l| stem_in(word, l))
            .filter(|s| !self.count(s, held).is_empty())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// A compound cut into known words, the longest last word first, a linking `s` or
    /// `en` dropped (`sicherheits|massnahmen`, `verwerkings|doeleinden`).
    fn compound(&self, word: &str, held: &Held, depth: u8) -> Vec<String> {
        if depth > 2 {
            return Vec::new();
        }
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        for &(at, _) in chars.iter().take(chars.len().saturating_sub(3)).skip(4) {
            let (head, tail) = word.split_at(at);
            let tail_stems = self.direct(tail, held);
            if tail_stems.is_empty() {
                continue;
            }
            for head in [Some(head), head.strip_suffix('s'), head.strip_suffix("en")]
                .into_iter()
                .flatten()
                .filter(|h| h.chars().count() >= 4)
            {
                let mut head_stems = self.direct(head, held);
                if head_stems.is_empty() {
                    head_stems = self.compound(head, held, depth + 1);
                }
                if head_stems.is_empty() {
                    // a head no list has alone, but that ends a word of the lists
                    // (`sicherheit` of `datensicherheit`) is that word's
                    head_stems = self.ending(head, held);
                }
                if !head_stems.is_empty() {
                    head_stems.extend(tail_stems);
                    return head_stems;
                }
            }
        }
        Vec::new()
    }

    /// The stems of the listed words a part of a compound ends (six letters at least).
    fn ending(&self, part: &str, held: &Held) -> Vec<String> {
        if part.chars().count() < 6 {
            return Vec::new();
        }
        let mut out: Vec<String> = self
            .words
            .iter()
            .filter(|w| w.len() > part.len() && w.ends_with(part))
            .flat_map(|w| self.direct(w, held))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The field a folded label speaks for by its stems, with the share of its weight
    /// that speaks for it and the runner-up's; `held` is a synonym left out of the
    /// counts. `None` when a word of the label is unknown or no stem is known.
    pub fn classify(&self, key: &str, held: Option<&str>) -> Option<Reading> {
        let held: Vec<(String, Target, u32)> = held.map(held_stems).unwrap_or_default();
        let held = held.as_slice();
        let mut weight_of: BTreeMap<Target, f64> = BTreeMap::new();
        let mut total = 0.0;
        let mut words = 0;
        let mut evidence: BTreeMap<Target, u32> = BTreeMap::new();
        for w in content_words(key) {
            words += 1;
            let stems = self.known_stems(w, held);
            if stems.is_empty() {
                // a word no list uses weighs as much as the rarest stem, for no field:
                // the label says more than its stems know
                total += (self.targets as f64).ln() + 0.1;
                continue;
            }
            for s in &stems {
                let c = self.count(s, held);
                let n: u32 = c.values().sum();
                // a stem of few fields weighs more (inverse field frequency)
                let idf = (self.targets as f64 / c.len() as f64).ln() + 0.1;
                let share = idf / stems.len() as f64;
                total += share;
                for (t, k) in c {
                    *weight_of.entry(t).or_default() += share * f64::from(k) / f64::from(n);
                    *evidence.entry(t).or_default() += k;
                }
            }
        }
        if words == 0 || total == 0.0 {
            return None;
        }
        let mut ranked: Vec<(Target, f64)> =
            weight_of.into_iter().map(|(t, w)| (t, w / total)).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let (target, score) = *ranked.first()?;
        // one word met in a single synonym among other words (`status` of « dpia
        // status ») is a modifier as often as the field's name: not evidence enough alone
        if words == 1 && evidence.get(&target).copied().unwrap_or(0) < 2 {
            return None;
        }
        Some(Reading {
            target,
            score,
            second: ranked.get(1).map_or(0.0, |r| r.1),
        })
    }
}

/// What the stems of a label say.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    /// The field they speak for most.
    pub target: Target,
    /// The share of the label's weight that speaks for it (0–1).
    pub score: f64,
    /// The runner-up's share.
    pub second: f64,
}

/// The stems a synonym's words carry in its language, and the weight of each (a
/// synonym of one word says more about its stem than a word among others): what it
/// counts for in [`tables::STEM_COUNTS`].
pub(crate) fn synonym_stems(folded: &str, lang: Language) -> (BTreeSet<String>, u32) {
    let stems: BTreeSet<String> = content_words(folded)
        .map(|w| stem_in(w, stemmer(lang)))
        .collect();
    let weight = if stems.len() == 1 { 2 } else { 1 };
    (stems, weight)
}

/// The stems a synonym contributed to the counts, by its folded text (every listed
/// synonym spelt so, in its language), to hold it apart.
fn held_stems(folded: &str) -> Vec<(String, Target, u32)> {
    let mut out = Vec::new();
    for (listed, target, lang) in tables::SYNONYMS {
        if *listed == folded {
            let (stems, weight) = synonym_stems(listed, *lang);
            out.extend(stems.into_iter().map(|s| (s, *target, weight)));
        }
    }
    out
}

/// The words of a folded label that can name a field.
pub(crate) fn content_words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(' ')
        .filter(|w| w.chars().count() >= 2 && !STOP.contains(w))
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
}
