//! Builds `tables.rs` from the lists (`synonyms*.toml`, `keys.toml`): the synonyms
//! folded, the stems their words carry and the key words compiled, so that a process
//! starts with them instead of parsing, folding and stemming some 6,000 words (7 ms of
//! a 50 ms run). The test below fails when the lists and the tables disagree, and
//! rewrites the tables under `ROPA_BLESS=1`.

use super::keys::{KEYS_TOML, content};
use super::mapping::Target;
use super::stems::{ALGORITHMS, content_words, stem_in, stemmer, synonym_stems};
use ropa_model::text::fold_label;
use ropa_read::language::Language;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write;

/// A key phrase's word as the builder holds it (as written, stem, language).
type Word = (String, Option<String>, usize);

/// The field of a rule that says the label names none.
const NO_FIELD: &str = "none";

/// The generated file, relative to the crate.
const TABLES: &str = "src/tables.rs";

/// The synonyms of one field (or the key words of one idea, `keys.toml`), by language.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Langs {
    #[serde(default)]
    fr: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
    #[serde(default)]
    de: Vec<String>,
    #[serde(default)]
    es: Vec<String>,
    #[serde(default)]
    it: Vec<String>,
    #[serde(default)]
    nl: Vec<String>,
}

impl Langs {
    /// Each synonym with its language.
    fn by_lang(&self) -> impl Iterator<Item = (Language, &String)> {
        let tag = |lang: Language| move |s| (lang, s);
        self.fr
            .iter()
            .map(tag(Language::Fr))
            .chain(self.en.iter().map(tag(Language::En)))
            .chain(self.de.iter().map(tag(Language::De)))
            .chain(self.es.iter().map(tag(Language::Es)))
            .chain(self.it.iter().map(tag(Language::It)))
            .chain(self.nl.iter().map(tag(Language::Nl)))
    }
}

/// The synonym files, one per language beyond French and English (data, not code).
const SYNONYM_FILES: &[(&str, &str)] = &[
    ("synonyms.toml", include_str!("synonyms.toml")),
    ("synonyms-de.toml", include_str!("synonyms-de.toml")),
    ("synonyms-es.toml", include_str!("synonyms-es.toml")),
    ("synonyms-it.toml", include_str!("synonyms-it.toml")),
    ("synonyms-nl.toml", include_str!("synonyms-nl.toml")),
];

/// Every synonym of the lists, folded, with its field and language, in the lists' order.
fn listed() -> Vec<(String, Target, Language)> {
    let mut listed = Vec::new();
    for (file, text) in SYNONYM_FILES {
        let table: BTreeMap<String, Langs> = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => panic!("{file}: {e}"),
        };
        for (id, langs) in table {
            let target = Target::parse(&id).unwrap_or_else(|| panic!("{file}: [{id}]"));
            for (lang, s) in langs.by_lang() {
                listed.push((fold_label(s), target, lang));
            }
        }
    }
    listed
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeysFile {
    neutral: Vec<String>,
    #[serde(default)]
    articles: BTreeMap<String, String>,
    concepts: BTreeMap<String, Langs>,
    rule: Vec<RuleSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    field: String,
    all: Vec<String>,
}

/// A Rust expression for a field.
fn target_expr(t: Target) -> String {
    match t {
        Target::Field(f) => format!("Target::Field(Field::{f:?})"),
        Target::Controller => "Target::Controller".into(),
        Target::Dpo => "Target::Dpo".into(),
        Target::Ignore => "Target::Ignore".into(),
    }
}

fn ids(ideas: &BTreeSet<usize>) -> String {
    let list: Vec<String> = ideas.iter().map(usize::to_string).collect();
    format!("&[{}]", list.join(", "))
}

/// The text of `tables.rs`.
fn render() -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "//! The synonyms folded, their words' stems and the key words compiled, built from\n\
         //! `synonyms*.toml` and `keys.toml` by `tables_build.rs` (a process starts with them).\n\
         //! Generated: do not edit; after changing a list, run\n\
         //! `ROPA_BLESS=1 cargo test -p ropa-map tables` and commit this file.\n\n\
         use crate::keys::KeyWord;\n\
         use crate::mapping::Target;\n\
         use ropa_model::Field;\n\
         use ropa_read::language::Language;\n"
    );

    // the synonyms and their stems
    let listed = listed();
    let _ = writeln!(
        w,
        "/// Every synonym, folded, with its field and language, in the lists' order.\n\
         pub(crate) static SYNONYMS: &[(&str, Target, Language)] = &["
    );
    for (folded, target, lang) in &listed {
        let _ = writeln!(
            w,
            "    ({folded:?}, {}, Language::{lang:?}),",
            target_expr(*target)
        );
    }
    let _ = writeln!(w, "];\n");
    let mut counts: BTreeMap<String, BTreeMap<Target, u32>> = BTreeMap::new();
    let mut words: BTreeSet<String> = BTreeSet::new();
    let mut targets: HashSet<Target> = HashSet::new();
    for (folded, target, lang) in &listed {
        targets.insert(*target);
        words.extend(content_words(folded).map(str::to_string));
        let (stems, weight) = synonym_stems(folded, *lang);
        for s in stems {
            *counts.entry(s).or_default().entry(*target).or_default() += weight;
        }
    }
    let _ = writeln!(
        w,
        "/// stem → (field → how many synonyms of that field use the stem, one of a single\n\
         /// word counting twice), by stem.\n\
         pub(crate) static STEM_COUNTS: &[(&str, &[(Target, u32)])] = &["
    );
    for (stem, by) in &counts {
        let by: Vec<String> = by
            .iter()
            .map(|(t, n)| format!("({}, {n})", target_expr(*t)))
            .collect();
        let _ = writeln!(w, "    ({stem:?}, &[{}]),", by.join(", "));
    }
    let _ = writeln!(w, "];\n");
    let _ = writeln!(
        w,
        "/// Every word of the synonyms, for the parts of compounds that end one.\n\
         pub(crate) static STEM_WORDS: &[&str] = &["
    );
    for word in &words {
        let _ = writeln!(w, "    {word:?},");
    }
    let _ = writeln!(w, "];\n");
    let _ = writeln!(
        w,
        "/// How many fields the synonyms name.\npub(crate) const STEM_TARGETS: usize = {};\n",
        targets.len().max(1)
    );

    // the key words
    let file: KeysFile = match toml::from_str(KEYS_TOML) {
        Ok(f) => f,
        Err(e) => panic!("keys.toml: {e}"),
    };
    let names: Vec<&String> = file.concepts.keys().collect();
    let mut exact: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut stems: BTreeMap<(usize, String), BTreeSet<usize>> = BTreeMap::new();
    let mut phrases: Vec<(usize, Vec<Word>)> = Vec::new();
    for (c, (_, by_lang)) in file.concepts.iter().enumerate() {
        for (lang, written) in by_lang.by_lang() {
            let lang = stemmer(lang);
            let (exact_only, written) = match written.strip_prefix('=') {
                Some(w) => (true, w),
                None => (false, written.as_str()),
            };
            let folded = fold_label(written);
            match content(&folded).as_slice() {
                [] => {}
                [one] => {
                    exact.entry(one.to_string()).or_default().insert(c);
                    if !exact_only {
                        stems
                            .entry((lang, stem_in(one, lang)))
                            .or_default()
                            .insert(c);
                    }
                }
                many => phrases.push((
                    c,
                    many.iter()
                        .map(|w| {
                            let stem = (!exact_only).then(|| stem_in(w, lang));
                            (w.to_string(), stem, lang)
                        })
                        .collect(),
                )),
            }
        }
    }
    // longest first, as read; stable, so the lists' order otherwise
    phrases.sort_by_key(|p| std::cmp::Reverse(p.1.len()));
    let _ = writeln!(
        w,
        "/// A key phrase of two words or more and the idea it carries, longest first: each\n\
         /// word as written, its stem unless it is matched as written only, and the\n\
         /// language of the stem.\n\
         pub(crate) static KEY_PHRASES: &[(u16, &[KeyWord])] = &["
    );
    for (c, words) in &phrases {
        let words: Vec<String> = words
            .iter()
            .map(|(word, stem, lang)| format!("({word:?}, {stem:?}, {lang})"))
            .collect();
        let _ = writeln!(w, "    ({c}, &[{}]),", words.join(", "));
    }
    let _ = writeln!(w, "];\n");
    let _ = writeln!(
        w,
        "/// A one-word key as written → its ideas, by word.\n\
         pub(crate) static KEY_EXACT: &[(&str, &[u16])] = &["
    );
    for (word, ideas) in &exact {
        let _ = writeln!(w, "    ({word:?}, {}),", ids(ideas));
    }
    let _ = writeln!(w, "];\n");
    let _ = writeln!(
        w,
        "/// (language, stem) of a one-word key → its ideas, by language and stem.\n\
         pub(crate) static KEY_STEMS: &[((u8, &str), &[u16])] = &["
    );
    for ((lang, stem), ideas) in &stems {
        let _ = writeln!(w, "    (({lang}, {stem:?}), {}),", ids(ideas));
    }
    let _ = writeln!(w, "];\n");
    let mut neutral = BTreeSet::new();
    let mut neutral_stems = BTreeSet::new();
    for n in &file.neutral {
        let folded = fold_label(n);
        for l in 0..ALGORITHMS.len() {
            neutral_stems.insert((l, stem_in(&folded, l)));
        }
        neutral.insert(folded);
    }
    let _ = writeln!(
        w,
        "/// Words that weigh nothing, as written, sorted.\n\
         pub(crate) static KEY_NEUTRAL: &[&str] = &["
    );
    for n in &neutral {
        let _ = writeln!(w, "    {n:?},");
    }
    let _ = writeln!(w, "];\n");
    let _ = writeln!(
        w,
        "/// Words that weigh nothing, by (language, stem), sorted.\n\
         pub(crate) static KEY_NEUTRAL_STEMS: &[(u8, &str)] = &["
    );
    for (l, s) in &neutral_stems {
        let _ = writeln!(w, "    ({l}, {s:?}),");
    }
    let _ = writeln!(w, "];\n");
    let position = |name: &str| names.iter().position(|n| *n == name);
    let mut articles: BTreeMap<&str, usize> = BTreeMap::new();
    for (number, concept) in &file.articles {
        if let Some(c) = position(concept) {
            articles.insert(number, c);
        }
    }
    let _ = writeln!(
        w,
        "/// The idea each GDPR article's number carries (`9`: special categories), by number.\n\
         pub(crate) static KEY_ARTICLES: &[(&str, u16)] = &["
    );
    for (number, c) in &articles {
        let _ = writeln!(w, "    ({number:?}, {c}),");
    }
    let _ = writeln!(w, "];\n");
    let _ = writeln!(
        w,
        "/// The decision list: the field named (none: the label names no field) when every\n\
         /// idea is in the label, the first rule that holds deciding.\n\
         pub(crate) static KEY_RULES: &[(Option<Target>, &[u16])] = &["
    );
    for r in &file.rule {
        let target = match r.field.as_str() {
            NO_FIELD => None,
            f => Some(Target::parse(f).unwrap_or_else(|| panic!("keys.toml: rule {f}"))),
        };
        let all: BTreeSet<usize> = r
            .all
            .iter()
            .map(|a| position(a).unwrap_or_else(|| panic!("keys.toml: {} names {a}", r.field)))
            .collect();
        let target = target.map_or("None".to_string(), |t| format!("Some({})", target_expr(t)));
        let _ = writeln!(w, "    ({target}, {}),", ids(&all));
    }
    let _ = writeln!(w, "];\n");
    let option = |c: Option<usize>| c.map_or("None".to_string(), |c| format!("Some({c})"));
    let _ = writeln!(
        w,
        "/// The idea of « processing », which most labels carry and which tells little.\n\
         pub(crate) const KEY_PROCESSING: Option<u16> = {};\n\n\
         /// The idea of a reference number, which « N° » says.\n\
         pub(crate) const KEY_NUMBER: Option<u16> = {};",
        option(position("processing")),
        option(position("ref"))
    );
    out
}

#[test]
fn tables_are_built_from_the_lists() {
    let fresh = render();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(TABLES);
    if std::env::var_os("ROPA_BLESS").is_some() {
        std::fs::write(&path, &fresh).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{TABLES} is not what keys.toml and synonyms*.toml give: run \
         `ROPA_BLESS=1 cargo test -p ropa-map tables` and commit {TABLES}"
    );
}
