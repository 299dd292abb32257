//! Whole-word phrase matching against fixed lists (the knowledge files, the normalisers'
//! word lists): each list is folded and compiled into one Aho–Corasick automaton the
//! first time a thread meets it, so a text is folded once and scanned once per list,
//! whatever the list's length.

use crate::text::fold;
use aho_corasick::AhoCorasick;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// One list, compiled: the automaton finds ` phrase ` in ` folded text `.
struct Lexicon {
    /// `None` when the list has no phrase left once folded.
    automaton: Option<AhoCorasick>,
    /// For each pattern of the automaton, the index of its phrase in the list.
    index: Vec<usize>,
}

impl Lexicon {
    fn new<S: AsRef<str>>(phrases: &[S]) -> Lexicon {
        let mut patterns = Vec::new();
        let mut index = Vec::new();
        for (i, p) in phrases.iter().enumerate() {
            let p = fold(p.as_ref());
            let p = p.trim();
            if !p.is_empty() {
                patterns.push(format!(" {p} "));
                index.push(i);
            }
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            // a contiguous NFA: built in a fifth of the time of the DFA the crate picks
            // for short lists, which cost a seed's run more than its searches did
            aho_corasick::AhoCorasickBuilder::new()
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .build(&patterns)
                .ok()
        };
        Lexicon { automaton, index }
    }

    /// The indexes of the phrases a folded, space-padded text holds, in list order.
    fn found(&self, padded: &str) -> Vec<usize> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        // overlapping: in « a b », « a » and « b » share the space between them
        let mut hits: Vec<usize> = ac
            .find_overlapping_iter(padded)
            .map(|m| self.index[m.pattern().as_usize()])
            .collect();
        hits.sort_unstable();
        hits.dedup();
        hits
    }
}

thread_local! {
    /// The lists compiled by this thread, by address: the lists are `'static`, so an
    /// address names one list for the whole run.
    static COMPILED: RefCell<HashMap<(usize, usize), Rc<Lexicon>>> = RefCell::new(HashMap::new());
}

fn compiled<S: AsRef<str>>(phrases: &'static [S]) -> Rc<Lexicon> {
    let key = (phrases.as_ptr() as usize, phrases.len());
    COMPILED.with(|c| {
        c.borrow_mut()
            .entry(key)
            .or_insert_with(|| Rc::new(Lexicon::new(phrases)))
            .clone()
    })
}

thread_local! {
    /// The texts this thread folded last, with their folded form: the checks ask of one
    /// text against list after list (countries, then tools, then safeguards), and folding
    /// it again for each list was a tenth of a large run.
    static FOLDED: RefCell<std::collections::VecDeque<(String, Rc<str>)>> =
        const { RefCell::new(std::collections::VecDeque::new()) };
}

/// How many folded texts a thread keeps.
const FOLDED_KEPT: usize = 8;

/// [`padded`], from this thread's last folded texts when it is one of them.
fn padded_once(text: &str) -> Rc<str> {
    FOLDED.with(|c| {
        let mut c = c.borrow_mut();
        if let Some((_, p)) = c.iter().find(|(t, _)| t == text) {
            return p.clone();
        }
        let p: Rc<str> = padded(text).into();
        if c.len() == FOLDED_KEPT {
            c.pop_front();
        }
        c.push_back((text.to_string(), p.clone()));
        p
    })
}

/// A text folded and padded with a space on each side, ready to be matched; a data
/// model's identifiers (`healthRecord`) are read as their words.
pub fn padded(text: &str) -> String {
    let f = fold(&crate::text::identifiers_as_words(text));
    let mut out = String::with_capacity(f.len() + 2);
    out.push(' ');
    out.push_str(f.trim_end());
    out.push(' ');
    out
}

/// The phrases of a list that a text holds as whole words (folded: case and accents
/// do not count), as the list writes them, in list order, equal neighbours once.
pub fn found<S: AsRef<str>>(text: &str, phrases: &'static [S]) -> Vec<&'static str> {
    let lex = compiled(phrases);
    let mut out: Vec<&'static str> = lex
        .found(&padded_once(text))
        .into_iter()
        .map(|i| phrases[i].as_ref())
        .collect();
    out.dedup();
    out
}

/// Words that deny what follows them in their clause (« aucune donnée bancaire », « no
/// health data », « keine Gesundheitsdaten »), folded, in the six languages.
const NEGATIONS: &[&str] = &[
    "aucun",
    "aucune",
    "pas",
    "sans",
    "ni",
    "jamais",
    "no",
    "not",
    "without",
    "none",
    "never",
    "kein",
    "keine",
    "keinen",
    "keiner",
    "keinerlei",
    "ohne",
    "nicht",
    "ningun",
    "ninguna",
    "ninguno",
    "sin",
    "nunca",
    "nessun",
    "nessuna",
    "nessuno",
    "senza",
    "mai",
    "geen",
    "zonder",
    "niet",
    "nooit",
];

/// How many words before a phrase a negation may stand and still deny it.
const NEGATION_REACH: usize = 4;

/// [`found`], less the phrases every mention of which a negation denies in its clause:
/// « aucune donnée bancaire conservée » names no bank data, « Santé : non collectée »
/// still names health (the negation follows it), and « pas de santé ; santé au travail »
/// names it in its second clause.
pub fn found_affirmed<S: AsRef<str>>(text: &str, phrases: &'static [S]) -> Vec<&'static str> {
    let all = found(text, phrases);
    if all.is_empty() {
        return all;
    }
    let clauses: Vec<String> = text
        .split([',', ';', '.', ':', '(', ')', '\n', '/', '•'])
        .map(padded)
        .collect();
    all.into_iter()
        .filter(|phrase| {
            let p = padded(phrase);
            clauses.iter().any(|clause| {
                clause.match_indices(p.as_str()).any(|(at, _)| {
                    let before: Vec<&str> = clause[..at].split_whitespace().collect();
                    let near = &before[before.len().saturating_sub(NEGATION_REACH)..];
                    !near.iter().any(|w| NEGATIONS.contains(w))
                })
            })
        })
        .collect()
}

/// Whether a text holds one of the phrases as whole words.
pub fn any<S: AsRef<str>>(text: &str, phrases: &'static [S]) -> bool {
    let lex = compiled(phrases);
    lex.automaton
        .as_ref()
        .is_some_and(|ac| ac.is_match(&*padded_once(text)))
}

/// Words that say what kind of company it is, not which one (folded): they end a
/// company's name and never start an item of a list.
pub const LEGAL_FORMS: [&str; 18] = [
    "sas", "sasu", "sarl", "sa", "eurl", "sci", "scop", "gmbh", "ag", "inc", "ltd", "llc", "bv",
    "plc", "srl", "spa", "sl", "nv",
];

#[cfg(test)]
mod tests {
    use super::*;

    static LIST: &[&str] = &["santé", "arret maladie", "a", "b", "", "Santé"];

    #[test]
    fn whole_words_folded_in_list_order() {
        assert_eq!(found("Arrêts maladie, SANTÉ", LIST), ["santé", "Santé"]);
        assert_eq!(found("un arret maladie", LIST), ["arret maladie"]);
        // neighbours share their space
        assert_eq!(found("a b", LIST), ["a", "b"]);
        assert!(found("santémentale", LIST).is_empty());
        assert!(any("B", LIST) && !any("c", LIST));
        assert!(found("", LIST).is_empty());
    }

    static DATA: &[&str] = &[
        "donnee bancaire",
        "sante",
        "health data",
        "gesundheitsdaten",
    ];

    #[test]
    fn a_negation_in_the_clause_denies_the_phrase() {
        assert!(found_affirmed("Aucune donnée bancaire conservée", DATA).is_empty());
        assert!(found_affirmed("No health data", DATA).is_empty());
        assert!(found_affirmed("keine Gesundheitsdaten", DATA).is_empty());
        // after the phrase, or in another clause, a negation denies nothing
        assert_eq!(found_affirmed("Santé : non collectée", DATA), ["sante"]);
        assert_eq!(
            found_affirmed("pas de donnée bancaire ; santé au travail", DATA),
            ["sante"]
        );
        // one mention affirmed is enough
        assert_eq!(
            found_affirmed("Identité, santé (pas de santé mentale)", DATA),
            ["sante"]
        );
    }
}
