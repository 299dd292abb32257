//! Labels read by the ideas their words carry: a label never listed (« Lieu de stockage
//! des données », « Empfänger in Drittländern », « Nom du DPO ») is cut into its words,
//! each word is matched to the key words of `keys.toml` (as written, by its Snowball
//! stem in the key word's language, or as a German or Dutch compound of key words), and
//! the ideas found name a field by the first rule of the decision list that holds.
//!
//! It reads what the lists of synonyms cannot: labels no one wrote down, composed of
//! words that say what they are about (a party and what of it, a topic and its
//! qualifier). A label with words it does not know is read only when the known words
//! outnumber them twice, and otherwise left to the other readings.

use super::mapping::Target;
use super::stems::{STOP, stem_in};
use super::tables;
use std::collections::HashSet;

/// Every language's stemmer, by position in [`ALGORITHMS`].
const ALL_LANGS: [usize; 6] = [0, 1, 2, 3, 4, 5];
/// The languages that write compounds as one word (German, Dutch).
const COMPOUNDING: [usize; 2] = [2, 5];

/// The key words as written (data, not code): compiled into [`crate::tables`] by
/// `tables_build.rs`.
#[cfg(test)]
pub(crate) const KEYS_TOML: &str = include_str!("keys.toml");

/// One word of a key phrase: as written, its stem unless it is matched as written only,
/// and the position of the stem's language in [`crate::stems::ALGORITHMS`].
pub(crate) type KeyWord = (&'static str, Option<&'static str>, u8);

/// The compiled key words: slices of [`crate::tables`], sorted where they are searched.
pub struct Keys {
    /// Phrases of two words or more, longest first: (idea, [(word, stem, language)]).
    phrases: &'static [(u16, &'static [KeyWord])],
    /// A one-word key as written → its ideas.
    exact: &'static [(&'static str, &'static [u16])],
    /// (language, stem) of a one-word key → its ideas.
    stems: &'static [((u8, &'static str), &'static [u16])],
    /// Words that weigh nothing, as written and by stem.
    neutral: &'static [&'static str],
    neutral_stems: &'static [(u8, &'static str)],
    /// The decision list; `None` for a rule that says the label names no field.
    rules: &'static [(Option<Target>, &'static [u16])],
    /// The idea of « processing », which most labels carry and which tells little.
    processing: Option<u16>,
    /// The idea of a reference number, which « N° » says.
    number: Option<u16>,
    /// The idea each GDPR article's number carries (`9`: special categories).
    articles: &'static [(&'static str, u16)],
}

/// What the key words make of a label.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeyReading {
    /// The field the first rule that holds names.
    pub target: Target,
    /// Whether every word of the label was known (a key word or neutral).
    pub whole: bool,
}

/// The key words of `keys.toml`, as built into [`crate::tables`].
pub static KEYS: Keys = Keys {
    phrases: tables::KEY_PHRASES,
    exact: tables::KEY_EXACT,
    stems: tables::KEY_STEMS,
    neutral: tables::KEY_NEUTRAL,
    neutral_stems: tables::KEY_NEUTRAL_STEMS,
    rules: tables::KEY_RULES,
    processing: tables::KEY_PROCESSING,
    number: tables::KEY_NUMBER,
    articles: tables::KEY_ARTICLES,
};

/// The value of a word in a table sorted by word.
fn lookup<V: Copy>(table: &[(&str, V)], key: &str) -> Option<V> {
    table
        .binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|i| table[i].1)
}

/// The words that name an article of a law, folded.
const ARTICLE: &[&str] = &[
    "art", "article", "articles", "artikel", "articulo", "articolo",
];

/// The words that say who did something (« créé par », « erstellt von », « created
/// by »): kept as the word `by`, which the key words may use (a stop word elsewhere).
const AGENT: &[&str] = &["par", "by", "von", "por", "da", "door"];

/// The content words of a folded text (stop words, single letters and digits out; a
/// word that says who did something kept as `by`).
pub(crate) fn content(folded: &str) -> Vec<&str> {
    folded
        .split(' ')
        .map(|w| if AGENT.contains(&w) { "by" } else { w })
        .filter(|w| w.chars().count() >= 2 && (*w == "by" || !STOP.contains(w)))
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

/// A word of a label with its stems, each made once when first asked for: a label's
/// word is compared with every key phrase, and stemming it again each time was most of
/// a small run's reading of labels.
struct Word<'a> {
    text: &'a str,
    stems: [std::cell::OnceCell<String>; 6],
}

impl<'a> Word<'a> {
    fn new(text: &'a str) -> Self {
        Word {
            text,
            stems: Default::default(),
        }
    }

    /// Its stem in the language at `lang` of [`crate::stems::ALGORITHMS`].
    fn stem(&self, lang: usize) -> &str {
        self.stems[lang].get_or_init(|| stem_in(self.text, lang))
    }
}

impl Keys {
    /// Whether a label's word is a phrase's word (as written, its stem, the stem's
    /// language).
    fn word_is(&self, word: &Word, key: &KeyWord) -> bool {
        let (written, stem, lang) = *key;
        word.text == written || stem.is_some_and(|s| word.stem(usize::from(lang)) == s)
    }

    /// The ideas of one word: as written, else by its stems in the languages given.
    fn ideas_in(&self, word: &Word, langs: &[usize]) -> Vec<u16> {
        if let Some(c) = lookup(self.exact, word.text) {
            return c.to_vec();
        }
        let mut out = Vec::new();
        for &l in langs {
            let stem = word.stem(l);
            let key = (l as u8, stem);
            if let Ok(i) = self.stems.binary_search_by(|(k, _)| k.cmp(&key)) {
                out.extend(self.stems[i].1);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The ideas of one word of a label, by its stem in any of the six languages.
    fn ideas_of_word(&self, word: &Word) -> Vec<u16> {
        self.ideas_in(word, &ALL_LANGS)
    }

    fn is_neutral(&self, word: &Word) -> bool {
        self.neutral.binary_search(&word.text).is_ok()
            || ALL_LANGS.iter().any(|&l| {
                self.neutral_stems
                    .binary_search(&(l as u8, word.stem(l)))
                    .is_ok()
            })
    }

    /// The ideas of a German or Dutch compound (`betroffenenrechte`, `opslaglocatie`):
    /// a head and a tail that each carry ideas or are neutral (a linking `s` or `en`
    /// dropped), each part read as written or by its German or Dutch stem.
    fn ideas_of_compound(&self, word: &str, depth: u8) -> Option<Vec<u16>> {
        if depth > 1 || word.chars().count() < 7 {
            return None;
        }
        let part = |p: &str| self.ideas_in(&Word::new(p), &COMPOUNDING);
        let neutral = |p: &str| self.neutral.binary_search(&p).is_ok();
        let at: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
        for &i in at.iter().skip(3).take(at.len().saturating_sub(6)) {
            let (head, tail) = word.split_at(i);
            let tail_ideas = part(tail);
            if tail_ideas.is_empty() && !neutral(tail) {
                continue;
            }
            for h in [Some(head), head.strip_suffix('s'), head.strip_suffix("en")]
                .into_iter()
                .flatten()
                .filter(|h| h.chars().count() >= 3)
            {
                let mut head_ideas = part(h);
                if head_ideas.is_empty() && !neutral(h) {
                    match self.ideas_of_compound(h, depth + 1) {
                        Some(c) => head_ideas = c,
                        None => continue,
                    }
                }
                let mut all = head_ideas;
                all.extend(&tail_ideas);
                if all.is_empty() {
                    continue;
                }
                all.sort_unstable();
                all.dedup();
                return Some(all);
            }
        }
        // a compound is a kind of its last word (`Zugangskontrolle` is a control,
        // `Verwerkingsdoel` a purpose): the longest last word that is a key word as
        // written
        if depth == 0 {
            return at
                .iter()
                .skip(3)
                .filter(|&&i| word.len() - i >= 4)
                .find_map(|&i| lookup(self.exact, &word[i..]))
                .map(<[u16]>::to_vec);
        }
        None
    }

    /// The rule's field (`None`: the label names no field) and whether every word was
    /// known, if a rule holds and the label's unknown words are few: none, or at most
    /// half as many as the words that carry an idea other than « processing » (which
    /// most labels say).
    fn reading(&self, folded: &str) -> Option<(Option<Target>, bool)> {
        let words: Vec<Word> = content(folded).into_iter().map(Word::new).collect();
        let generic = self.processing;
        let mut ideas: HashSet<u16> = HashSet::new();
        let (mut telling, mut unknown) = (0usize, 0usize);
        let mut found_any = false;
        let mut note = |found: &[u16], ideas: &mut HashSet<u16>| {
            ideas.extend(found);
            if found.iter().any(|c| Some(*c) != generic) {
                telling += 1;
            }
        };
        // « N° », folded to a lone `n` at the head of a label, is the number sign
        if folded.split(' ').next() == Some("n")
            && let Some(c) = self.number
        {
            note(&[c], &mut ideas);
            found_any = true;
        }
        let mut i = 0;
        'words: while i < words.len() {
            for (concept, keys) in self.phrases {
                let n = keys.len();
                if i + n <= words.len()
                    && words[i..i + n]
                        .iter()
                        .zip(keys.iter())
                        .all(|(w, k)| self.word_is(w, k))
                {
                    note(&[*concept], &mut ideas);
                    found_any = true;
                    i += n;
                    continue 'words;
                }
            }
            let w = &words[i];
            i += 1;
            if self.neutral.binary_search(&w.text).is_ok() {
                continue;
            }
            let found = self.ideas_of_word(w);
            if !found.is_empty() {
                note(&found, &mut ideas);
                found_any = true;
            } else if self.is_neutral(w) {
            } else if let Some(found) = self.ideas_of_compound(w.text, 0) {
                note(&found, &mut ideas);
                found_any = true;
            } else {
                unknown += 1;
            }
        }
        // a label whose words tell nothing but an article of the GDPR it names by number
        // is about that article's matter (« Art 9 condition »); beside words that tell,
        // the article is only their reference (« Catégories de données (art. 9) »)
        if telling == 0 {
            let all: Vec<&str> = folded.split(' ').collect();
            for pair in all.windows(2) {
                if ARTICLE.contains(&pair[0])
                    && let Some(c) = lookup(self.articles, pair[1])
                {
                    ideas.insert(c);
                    found_any = true;
                    telling += 1;
                }
            }
        }
        if !found_any || (unknown > 0 && unknown * 2 > telling) {
            return None;
        }
        // a line that says only « activity » and a number (`FICHE – ACTIVITÉ n°1`,
        // `Verarbeitung 3`) is a record's title, not a label
        if telling == 0 && folded.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let rule = self
            .rules
            .iter()
            .find(|(_, all)| all.iter().all(|c| ideas.contains(c)))?;
        Some((rule.0, unknown == 0))
    }

    /// What the key words make of a folded label: the field the first rule that holds
    /// names, or `None` when they say nothing or that it names no field.
    pub fn read(&self, folded: &str) -> Option<KeyReading> {
        self.read_or_none(folded).0
    }

    /// What the key words make of a folded label, and whether every word of it is known
    /// and the first rule that holds says it names no field (« DPA Reference », « Erstellt
    /// von »): then no spelling near a field's synonym makes it one.
    pub fn read_or_none(&self, folded: &str) -> (Option<KeyReading>, bool) {
        match self.reading(folded) {
            Some((Some(target), whole)) => (Some(KeyReading { target, whole }), false),
            Some((None, whole)) => (None, whole),
            None => (None, false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ropa_model::Field;
    use ropa_model::text::fold_label;

    fn read(label: &str) -> Option<Target> {
        KEYS.read(&fold_label(label)).map(|r| r.target)
    }

    /// Each rule names a field and known ideas (the tables' builder refuses any other),
    /// and none is lost on the way to the tables.
    #[test]
    fn every_rule_of_the_key_words_is_in_the_tables() {
        assert_eq!(
            KEYS.rules.len(),
            KEYS_TOML.lines().filter(|l| l.trim() == "[[rule]]").count()
        );
    }

    #[test]
    fn a_question_in_plain_words_names_its_field() {
        let f = |f| Some(Target::Field(f));
        assert_eq!(read("Why we process it"), f(Field::Purpose));
        assert_eq!(
            read("Pourquoi traitons-nous ces données ?"),
            f(Field::Purpose)
        );
        assert_eq!(
            read("Wozu werden die Daten verarbeitet?"),
            f(Field::Purpose)
        );
        assert_eq!(read("Whose data"), f(Field::DataSubjects));
        assert_eq!(read("Wessen Daten?"), f(Field::DataSubjects));
        // « qui » alone is no one's data (« Qui a accès ? »)
        assert_ne!(read("Qui a accès ?"), f(Field::DataSubjects));
        assert_eq!(read("How long we keep it"), f(Field::Retention));
        assert_eq!(read("System / where held"), f(Field::Hosting));
        // a helper's second case (Spanish and English questions)
        assert_eq!(read("¿Con quién los compartimos?"), f(Field::Recipients));
        assert_eq!(read("¿Cuánto tiempo los conservamos?"), f(Field::Retention));
        assert_eq!(read("Who receives it?"), f(Field::Recipients));
    }

    #[test]
    fn an_article_named_alone_says_its_matter() {
        let f = |f| Some(Target::Field(f));
        assert_eq!(read("Art 9 condition"), f(Field::SensitiveData));
        assert_eq!(read("Article 28"), f(Field::Processors));
        // beside words that tell, an article is only their reference
        assert_eq!(
            read("Catégories de données (art. 9)"),
            f(Field::DataCategories)
        );
        assert_eq!(read("Finalité (art. 6)"), f(Field::Purpose));
    }

    #[test]
    fn a_party_and_what_of_it_name_the_party_s_field() {
        let f = |f| Some(Target::Field(f));
        assert_eq!(read("Nom du DPO"), f(Field::DpoName));
        assert_eq!(
            read("E-mail des Datenschutzbeauftragten"),
            f(Field::DpoContact)
        );
        assert_eq!(read("Indirizzo del titolare"), f(Field::ControllerAddress));
        assert_eq!(
            read("Adresse de messagerie du responsable de traitement"),
            f(Field::ControllerContact)
        );
        // « responsable » alone is as often the activity's owner as the controller
        assert_eq!(read("Téléphone du responsable"), None);
        assert_eq!(read("Nome e dati di contatto del RPD"), Some(Target::Dpo));
        assert_eq!(
            read("Vertreter des Verantwortlichen"),
            f(Field::Representative)
        );
        // « responsabile del trattamento » is the processor in Italian, « responsable
        // del tratamiento » the controller in Spanish
        assert_eq!(read("Responsabile del trattamento"), f(Field::Processors));
        assert_eq!(
            read("Responsable del tratamiento"),
            Some(Target::Controller)
        );
    }

    #[test]
    fn a_qualifier_says_more_than_the_word_it_qualifies() {
        let f = |f| Some(Target::Field(f));
        assert_eq!(read("Données sensibles"), f(Field::SensitiveData));
        assert_eq!(read("Bijzondere persoonsgegevens"), f(Field::SensitiveData));
        assert_eq!(read("Droits des personnes concernées"), f(Field::Rights));
        assert_eq!(
            read("Risques pour les droits et libertés des personnes"),
            f(Field::Risks)
        );
        assert_eq!(read("Pays destinataires"), f(Field::Transfers));
        assert_eq!(read("Empfänger in Drittländern"), f(Field::Transfers));
        assert_eq!(read("Finalités secondaires"), f(Field::SubPurposes));
        // the law counts the processors among the recipients (Art. 4(9) GDPR)
        assert_eq!(
            read("Destinataires et sous-traitants"),
            f(Field::Recipients)
        );
    }

    #[test]
    fn a_compound_is_read_by_its_parts_and_is_a_kind_of_its_last() {
        let f = |f| Some(Target::Field(f));
        assert_eq!(read("Betroffenenrechte"), f(Field::Rights));
        assert_eq!(read("Zugangskontrolle"), f(Field::SecurityMeasures));
        assert_eq!(read("Subdoelen"), f(Field::SubPurposes));
        assert_eq!(read("Löschfristen"), f(Field::Retention));
        // French words are not cut as compounds
        assert_eq!(read("Surveillance systématique"), None);
    }

    #[test]
    fn unknown_words_outweighing_the_known_leave_the_label_unread() {
        assert_eq!(read("Traitement papier"), None);
        assert_eq!(read("Usage innovant"), None);
        assert_eq!(read("Link to record of consent"), None);
        // neutral words (categories, types, legal citations) weigh nothing
        assert_eq!(
            read("Rechtsgrundlage gem. Art. 6 Abs. 1 lit. b DSGVO"),
            Some(Target::Field(Field::LegalBasis))
        );
    }
}
