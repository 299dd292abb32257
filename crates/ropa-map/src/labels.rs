//! Source label → canonical target: pinned by the mapping, or an exact synonym, or a
//! fuzzy match that is strong and unambiguous. Anything weaker is not guessed.

use super::keys::KEYS;
use super::mapping::{Mapping, Pin, Target};
use super::stems::STEMS;
use super::tables;
use ropa_model::fields::{damerau_similarity, jaro_winkler};
use ropa_model::memo::{Memo, remember};
use ropa_model::text::{CharBag, fold, fold_label};
use ropa_model::{Field, Kind};
use ropa_model::{Match, MatchKind, Said};
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

/// A label read by its stems names a field when this share of its weight speaks for it…
pub const STEMS_ACCEPT: f64 = 0.6;
/// …and this much more than for any other field.
pub const STEMS_MARGIN: f64 = 0.3;

/// The synonym dictionary: (folded synonym, its tokens, target), compiled in.
struct Synonym {
    folded: String,
    /// Its tokens, as indexes into [`Dictionary::vocabulary`], in order.
    tokens: Vec<usize>,
    /// The same tokens as a set.
    token_set: TokenSet,
    target: Target,
    bag: CharBag,
}

/// A set of tokens of the vocabulary, one bit each.
type TokenSet = Vec<u64>;

fn has(set: &[u64], t: usize) -> bool {
    set.get(t / 64).is_some_and(|w| w & (1 << (t % 64)) != 0)
}

fn meets(a: &[u64], b: &[u64]) -> bool {
    a.iter().zip(b).any(|(x, y)| x & y != 0)
}

/// The synonyms and every distinct token they use: a label's token is compared with
/// each token of the vocabulary once, not once per synonym that uses it.
struct Dictionary {
    synonyms: Vec<Synonym>,
    vocabulary: Vec<(String, CharBag)>,
}

static SYNONYMS: LazyLock<Dictionary> = LazyLock::new(|| {
    let listed = tables::SYNONYMS;
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut vocabulary = Vec::new();
    for (folded, _, _) in listed {
        for t in tokens(folded) {
            index.entry(t.clone()).or_insert_with(|| {
                vocabulary.push(t);
                vocabulary.len() - 1
            });
        }
    }
    let words = vocabulary.len().div_ceil(64);
    let vocabulary: Vec<(String, CharBag)> = vocabulary
        .into_iter()
        .map(|t| {
            let bag = CharBag::of(&t);
            (t, bag)
        })
        .collect();
    let synonyms = listed
        .iter()
        .map(|&(folded, target, _)| {
            let ids: Vec<usize> = tokens(folded)
                .iter()
                .filter_map(|t| index.get(t).copied())
                .collect();
            let mut token_set = vec![0u64; words];
            for &t in &ids {
                token_set[t / 64] |= 1 << (t % 64);
            }
            Synonym {
                tokens: ids,
                token_set,
                bag: CharBag::of(folded),
                folded: folded.to_string(),
                target,
            }
        })
        .collect();
    Dictionary {
        synonyms,
        vocabulary,
    }
});

/// The tokens of the vocabulary a label's token is near (equal, or Jaro-Winkler ≥ 0.92
/// for words of more than three letters whose lengths differ by less than 40 %);
/// remembered for the process (up to [`ropa_model::memo::MEMO_CAP`] words), as labels
/// share most of their
/// words.
fn near_set(token: &str) -> TokenSet {
    static SEEN: LazyLock<std::sync::Mutex<std::collections::HashMap<String, TokenSet>>> =
        LazyLock::new(Default::default);
    if let Some(set) = SEEN.lock().ok().and_then(|m| m.get(token).cloned()) {
        return set;
    }
    let vocabulary = &SYNONYMS.vocabulary;
    let mut set = vec![0u64; vocabulary.len().div_ceil(64)];
    let bag = CharBag::of(token);
    for (i, (t, t_bag)) in vocabulary.iter().enumerate() {
        let near = token == t
            || (token.len() > 3
                && token.len().min(t.len()) * 10 >= token.len().max(t.len()) * 6
                && jaro_can_reach(&bag, t_bag)
                && jaro_winkler(token, t) >= 0.92);
        if near {
            set[i / 64] |= 1 << (i % 64);
        }
    }
    if let Ok(mut m) = SEEN.lock() {
        remember(&mut m, token, set.clone());
    }
    set
}

/// Whether two words share enough characters for Jaro-Winkler to reach 0.92: that needs
/// a Jaro score of 0.867 (the prefix adds at most 0.4 × what is missing), and Jaro is at
/// most (m/|a| + m/|b| + 1) / 3 for m characters in common.
fn jaro_can_reach(a: &CharBag, b: &CharBag) -> bool {
    let m = a.common(b) as f64;
    let (la, lb) = (a.len().max(1) as f64, b.len().max(1) as f64);
    (m / la + m / lb + 1.0) / 3.0 >= 0.86
}

/// The field a folded label is an exact synonym of (the first listed).
fn synonym(key: &str) -> Option<Target> {
    // from the generated table, not the dictionary: an exact look-up needs no tokens nor
    // letter counts (building them was 3 % of a small run that never spelt a label)
    static INDEX: LazyLock<std::collections::HashMap<&'static str, Target>> = LazyLock::new(|| {
        let mut m = std::collections::HashMap::with_capacity(tables::SYNONYMS.len());
        for &(folded, target, _) in tables::SYNONYMS {
            m.entry(folded).or_insert(target);
        }
        m
    });
    INDEX.get(key).copied()
}

/// Every synonym of a target, folded (for tests and `suggest`).
pub fn synonyms_of(target: Target) -> Vec<String> {
    SYNONYMS
        .synonyms
        .iter()
        .filter(|s| s.target == target)
        .map(|s| s.folded.clone())
        .collect()
}

/// A folded label without the number that repeats it (`sous finalite 2` → `sous finalite`).
fn strip_number(key: &str) -> Option<&str> {
    let (head, last) = key.rsplit_once(' ')?;
    (last.chars().all(|c| c.is_ascii_digit()) && !head.is_empty()).then_some(head)
}

/// A folded label without the numbering before it (`2 legal basis` → `legal basis`,
/// `3 1 finalite` → `finalite`), as a column header numbers its fields.
fn strip_numbering(key: &str) -> Option<&str> {
    let rest = key.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
    (rest.len() < key.len() && !rest.is_empty()).then_some(rest)
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
    /// Spelt like no synonym, but its words' stems speak for one field (a label never
    /// seen: `Sicherheitsmaßnahmen`, `données sensibles`).
    Stems {
        /// The field.
        target: Target,
        /// The share of the label's weight that speaks for it, 0–1.
        score: f64,
        /// Every word of the label is a key word of `keys.toml` (« Nom du DPO »): trusted
        /// to cut structure, as a synonym is.
        whole: bool,
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
            Resolution::Synonym(t)
            | Resolution::Fuzzy { target: t, .. }
            | Resolution::Stems { target: t, .. } => Some((*t, None)),
            _ => None,
        }
    }

    /// How the label matched, for the reports to word.
    pub fn describe(&self) -> Said {
        let m = |kind, target: &Target, second: Option<&Target>, score| {
            Said::Match(Match {
                kind,
                target: target.name().to_string(),
                second: second.map(|t| t.name().to_string()).unwrap_or_default(),
                score,
            })
        };
        match self {
            Resolution::Pinned(p) => match p.drafted {
                Some((kind, score)) => m(kind, &p.target, None, score),
                None => m(MatchKind::Pinned, &p.target, None, 1.0),
            },
            Resolution::Synonym(t) => m(MatchKind::Synonym, t, None, 1.0),
            Resolution::Fuzzy { target, score } => m(MatchKind::Fuzzy, target, None, *score),
            Resolution::Stems { target, score, .. } => m(MatchKind::Stems, target, None, *score),
            Resolution::Weak { target, score } => m(MatchKind::Weak, target, None, *score),
            Resolution::Ambiguous {
                first,
                second,
                score,
            } => m(MatchKind::Ambiguous, first, Some(second), *score),
            Resolution::Unmatched => Said::Match(Match {
                kind: MatchKind::Unmatched,
                target: String::new(),
                second: String::new(),
                score: 0.0,
            }),
        }
    }
}

/// Where a column's field part starts and ends and where its option starts, in its label.
pub(crate) type OptionParts = Option<(usize, usize, usize)>;

/// Matches labels for one mapping, remembering each answer (labels repeat on every row).
pub struct LabelMatcher<'m> {
    mapping: &'m Mapping,
    cache: Memo<Resolution>,
    /// The same, by the label as written: folding a label to look it up was a tenth of
    /// a long document's reading, whose lines ask of the same few labels again and again.
    written: Memo<Resolution>,
    /// What a label says beyond its field, by label: a column's option (the byte offsets
    /// of its field part and of its option), worked out once per column, not per cell.
    pub(crate) options: Memo<OptionParts>,
}

impl<'m> LabelMatcher<'m> {
    /// A matcher for the labels of sources read with `mapping`.
    pub fn new(mapping: &'m Mapping) -> Self {
        LabelMatcher {
            mapping,
            cache: Default::default(),
            written: Default::default(),
            options: Default::default(),
        }
    }

    /// Resolves a label.
    pub fn resolve(&self, label: &str) -> Resolution {
        if let Some(r) = self.written.get(label) {
            return r;
        }
        let r = self.resolve_unwritten(label);
        self.written.remember(label, r.clone());
        r
    }

    /// [`Self::resolve`] for a label not seen as written, by its folded form.
    fn resolve_unwritten(&self, label: &str) -> Resolution {
        // the label with its bracketed hint, which may be all it says (« Waarom mogen we
        // dit? (grondslag) »)
        let whole = fold(label);
        if let Some(r) = self.cache.get(&whole) {
            return r;
        }
        #[cfg(test)]
        RESOLVED.with(|n| n.set(n.get() + 1));
        let key = fold_label(label);
        let mut r = self.resolve_folded(&key, is_path(label));
        if r.accepted().is_none()
            && self.mapping.fuzzy
            && whole != key
            && let Some(k) = KEYS.read(&whole)
        {
            // read by its hint: it places its value, but cuts no structure
            r = Resolution::Stems {
                target: k.target,
                score: 0.75,
                whole: false,
            };
        }
        if r.accepted().is_none()
            && self.mapping.fuzzy
            && let Some(part) = self.part_named(label)
        {
            r = part;
        }
        self.cache.remember(&whole, r.clone());
        r
    }

    /// A path label that its whole does not name (`Verarbeitung - Bezeichnung`): its
    /// last part's reading, when that part names a field alone and the group is the
    /// activity or a field of one text (a list's group is over its items:
    /// `Catégories de données - Localisation` is a category of data).
    fn part_named(&self, label: &str) -> Option<Resolution> {
        let (group, last) = PATH_SEPARATORS
            .iter()
            .filter_map(|sep| label.rsplit_once(sep))
            .max_by_key(|(g, _)| g.len())?;
        let one_text = match self.field_of(group) {
            None => true,
            Some(f) => matches!(f.kind(), Kind::Text | Kind::Date | Kind::UpdateLog),
        };
        (one_text && self.names_a_field(last)).then(|| self.resolve(last))
    }

    /// The canonical field a label names (pinned, synonym, trusted fuzzy match, or key
    /// words that read every word of it); the name for a controller or DPO cell. For
    /// inferring layouts: a label read only in part, or by the lists' stems, places its
    /// value but cuts no structure (`externe : true` inside a DPO's details is not a field
    /// of its own).
    pub fn field_of(&self, label: &str) -> Option<ropa_model::Field> {
        use ropa_model::Field;
        // a title numbering a record (`Traitement n°1 : Paie`, `Activity 3: Payroll`)
        // names no field, and each is unique: not read word by word (20,000 headings of
        // a Markdown register were 63 % of its reading)
        // (any number: a register's 20,000th activity is titled too)
        static TITLE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            ropa_model::text::re(
                &crate::suggest::WORD_NUMBERED_TITLE.replace(r"[0-9]{1,3}", r"[0-9]{1,6}"),
            )
        });
        if TITLE.is_match(label) {
            return None;
        }
        let resolution = self.resolve(label);
        if matches!(resolution, Resolution::Stems { whole: false, .. }) {
            return None;
        }
        match resolution.accepted()?.0 {
            Target::Field(f) => Some(f),
            Target::Controller => Some(Field::ControllerName),
            Target::Dpo => Some(Field::DpoName),
            Target::Ignore => None,
        }
    }

    /// Whether the label names a field by its whole text: pinned, an exact synonym, or
    /// every word a key word (`Organisation - Name`, `Löschung - Frist`) — what a header
    /// row of a table no list was made from is made of.
    pub fn names_a_field(&self, label: &str) -> bool {
        self.is_label(label)
            || (self.mapping.fuzzy
                && matches!(self.resolve(label), Resolution::Stems { whole: true, .. }))
    }

    /// Whether the label is one of the format's labels (pinned or an exact synonym),
    /// which the readers use to tell headings from text.
    pub fn is_label(&self, label: &str) -> bool {
        // pins and exact synonyms only: no fuzzy score is needed to say no
        self.exact(&fold_label(label)).is_some()
    }

    /// A folded label the mapping pins, or one of the synonyms as written.
    fn exact(&self, key: &str) -> Option<Resolution> {
        if key.is_empty() {
            return None;
        }
        match self.mapping.pins.get(key) {
            Some(pin) => Some(Resolution::Pinned(pin.clone())),
            None => synonym(key)
                .or_else(|| synonym(strip_number(key)?))
                .or_else(|| synonym(strip_numbering(key)?))
                .or_else(|| contact_of_party(key))
                .map(Resolution::Synonym),
        }
    }

    fn resolve_folded(&self, key: &str, path: bool) -> Resolution {
        if let Some(r) = self.exact(key) {
            return r;
        }
        if key.is_empty() || !self.mapping.fuzzy {
            return Resolution::Unmatched;
        }
        if path { fuzzy_path(key) } else { fuzzy(key) }
    }
}

/// Words that say a label asks for a way to reach someone (`E-mail du DPO`, `DPO phone`,
/// `Telefon Datenschutzbeauftragter`), in the six languages, folded.
const CONTACT_WORDS: &[&str] = &[
    "email",
    "e mail",
    "mail",
    "courriel",
    "telephone",
    "tel",
    "phone",
    "adresse electronique",
    "adresse mail",
    "contact",
    "contacts",
    "coordonnees",
    "kontakt",
    "kontaktdaten",
    "telefon",
    "correo",
    "correo electronico",
    "telefono",
    "contatti",
    "contatto",
    "contactgegevens",
    "telefoon",
    "telefoonnummer",
];

/// Small words between a contact word and its party (`du`, `of the`, `des`), folded.
const LINK_WORDS: &[&str] = &[
    "du", "de", "des", "d", "la", "le", "l", "of", "the", "der", "des", "den", "del", "dell",
    "della", "van", "de", "het",
];

/// A label that names a party's way to reach it: a contact word and a label that names
/// the party (`E-mail du DPO` → the DPO's contact; `Controller phone` → the controller's):
/// the party's contact field, in any order and language the party's own label is known in.
fn contact_of_party(key: &str) -> Option<Target> {
    let mut words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    // the contact word at the start (`E-mail du DPO`) or at the end (`DPO phone`), with
    // the small words that tie it to the party
    let contact_at = |words: &[&str], from_start: bool| -> usize {
        [2, 1]
            .into_iter()
            .find(|&n| {
                words.len() > n && {
                    let part = if from_start {
                        &words[..n]
                    } else {
                        &words[words.len() - n..]
                    };
                    CONTACT_WORDS.contains(&part.join(" ").as_str())
                }
            })
            .unwrap_or(0)
    };
    let n = contact_at(&words, true);
    if n > 0 {
        words.drain(..n);
        while words.first().is_some_and(|w| LINK_WORDS.contains(w)) {
            words.remove(0);
        }
    } else {
        let n = contact_at(&words, false);
        if n == 0 {
            return None;
        }
        words.truncate(words.len() - n);
        while words.last().is_some_and(|w| LINK_WORDS.contains(w)) {
            words.pop();
        }
    }
    // a bare « responsable » or « organisme » may be the activity's owner, not the
    // controller
    if matches!(words.as_slice(), [w] if ["responsable", "organisme", "organisation"].contains(w)) {
        return None;
    }
    match synonym(&words.join(" "))? {
        Target::Dpo | Target::Field(Field::DpoName) => Some(Target::Field(Field::DpoContact)),
        Target::Controller | Target::Field(Field::ControllerName) => {
            Some(Target::Field(Field::ControllerContact))
        }
        _ => None,
    }
}

/// Whether a label is a path of a group and its parts (`Catégories de données -
/// Localisation`, `Historie - Erstellt am`): its key words mix the group's and the part's.
fn is_path(label: &str) -> bool {
    PATH_SEPARATORS.iter().any(|sep| label.contains(sep))
}

/// What stands between the group and the part of a path label.
const PATH_SEPARATORS: [&str; 5] = [" - ", " – ", " — ", " / ", " > "];

/// [`fuzzy`] for a path label: its key words read it against a synonym it is spelt near
/// only where they compose a party and what of it (`Organisation - Anschrift` is the
/// controller's address); elsewhere the group names the field and the rest is an
/// option of it (`Catégories de données - Localisation`, `Betroffene - Kommentar`).
pub fn fuzzy_path(key: &str) -> Resolution {
    let read = fuzzy(key);
    match read {
        Resolution::Stems {
            whole: true,
            target,
            ..
        } if !is_party(target) => match spelt(key, None) {
            Resolution::Fuzzy { target, score } => Resolution::Fuzzy {
                target: widest_named(key, target, None),
                score,
            },
            // spelt near two fields: the parts are read apart (a group and its option),
            // not the words of both at once
            spelt @ Resolution::Ambiguous { .. } => spelt,
            _ => read,
        },
        other => other,
    }
}

/// Whether a target is one of the parties of the register or what of one (its name,
/// address, contact).
fn is_party(target: Target) -> bool {
    matches!(
        target,
        Target::Controller
            | Target::Dpo
            | Target::Field(
                Field::ControllerName
                    | Field::ControllerAddress
                    | Field::ControllerContact
                    | Field::DpoName
                    | Field::DpoContact
                    | Field::Representative
                    | Field::JointController
            )
    )
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
        remember(&mut m, key, r.clone());
    }
    r
}

#[cfg(test)]
thread_local! {
    /// How many labels this thread resolved without the matcher's cache: the tests'
    /// measure of work, which no timing gives reliably.
    pub(crate) static RESOLVED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn fuzzy_uncached(key: &str) -> Resolution {
    fuzzy_without(key, None)
}

/// [`fuzzy_uncached`] with the synonyms spelt `held` left out: how a label would be
/// read were it not in the lists (the measure of label accuracy on labels held apart).
fn fuzzy_without(key: &str, held: Option<&str>) -> Resolution {
    let spelt = spelt(key, held);
    let (keys, no_field) = KEYS.read_or_none(key);
    if no_field && matches!(spelt, Resolution::Fuzzy { .. }) {
        return Resolution::Unmatched;
    }
    if let Resolution::Fuzzy { target, score } = spelt {
        let target = widest_named(key, target, held);
        // spelt near a synonym of another field, but every word says what it is about
        // (« Données sensibles » is spelt near « Données », and names the sensitive data)
        match keys {
            Some(k) if k.whole && k.target != target => {
                return Resolution::Stems {
                    target: k.target,
                    score: 1.0,
                    whole: true,
                };
            }
            _ => return Resolution::Fuzzy { target, score },
        }
    }
    // spelt like no synonym, or like two: what its key words say
    if let Some(k) = keys {
        return Resolution::Stems {
            target: k.target,
            score: if k.whole { 1.0 } else { 0.75 },
            whole: k.whole,
        };
    }
    // spelt like no synonym, or like two: what its words' stems say, when they speak
    // for one field (one of the two)
    let Some(r) = STEMS.classify(key, held) else {
        return spelt;
    };
    let one_of_two = match spelt {
        Resolution::Ambiguous { first, second, .. } => r.target == first || r.target == second,
        _ => true,
    };
    if one_of_two && r.score >= STEMS_ACCEPT && r.score - r.second >= STEMS_MARGIN {
        Resolution::Stems {
            target: r.target,
            score: r.score,
            whole: false,
        }
    } else {
        spelt
    }
}

/// The field a label names when it names two whole, one of which the law counts within
/// the other (« Destinataires et sous-traitants »: the processors are recipients, Art.
/// 4(9) GDPR): the wider one.
fn widest_named(key: &str, target: Target, held: Option<&str>) -> Target {
    let Target::Field(narrow) = target else {
        return target;
    };
    // the words themselves, not words spelt near them (`Destination - Sous-traitants`
    // is a group's title over the processors, not the recipients)
    let words = tokens(key);
    let vocabulary = &SYNONYMS.vocabulary;
    SYNONYMS
        .synonyms
        .iter()
        .filter(|s| held != Some(s.folded.as_str()) && !s.tokens.is_empty())
        .filter(|s| matches!(s.target, Target::Field(wide) if wide.includes(narrow)))
        .find(|s| s.tokens.iter().all(|&t| words.contains(&vocabulary[t].0)))
        .map_or(target, |s| s.target)
}

/// How near a label is spelt to the synonyms (`held` left out): its words, then its
/// letters.
fn spelt(key: &str, held: Option<&str>) -> Resolution {
    let label = LabelTokens::of(key);
    let key_bag = CharBag::of(key);
    let short = short_words(key);
    // each target's best token score first (cheap); then the edit-distance scores that
    // could still change the two best targets, highest bound first — the same result as
    // scoring every synonym both ways, for a fraction of the distances
    let synonyms = &SYNONYMS.synonyms;
    let mut best: Vec<(Target, f64)> = Vec::new();
    let mut slot = Vec::with_capacity(synonyms.len());
    let mut candidates: Vec<(f64, usize)> = Vec::new();
    for (i, s) in synonyms.iter().enumerate() {
        let tok = if held == Some(s.folded.as_str()) {
            0.0
        } else {
            token_score(&label, s)
        };
        let k = match best.iter().position(|(t, _)| *t == s.target) {
            Some(k) => {
                if best[k].1 < tok {
                    best[k].1 = tok;
                }
                k
            }
            None => {
                best.push((s.target, tok));
                best.len() - 1
            }
        };
        slot.push(k);
        let bound = key_bag.bound(&s.bag);
        if bound > tok && bound >= WEAK && held != Some(s.folded.as_str()) {
            candidates.push((bound, i));
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (bound, i) in candidates {
        let k = slot[i];
        if bound <= best[k].1 {
            continue; // cannot raise its target
        }
        let (top, second) = top_two(&best);
        if k != top && Some(k) != second && second.is_some_and(|j| bound < best[j].1) {
            continue; // cannot reach the two best targets
        }
        if another_short_word(&short, &synonyms[i].folded) {
            continue;
        }
        let d = damerau_similarity(key, &synonyms[i].folded);
        if best[k].1 < d {
            best[k].1 = d;
        }
    }
    best.sort_by(|a, b| b.1.total_cmp(&a.1));
    decide(&best)
}

/// The words of two to four letters of a folded label (acronyms, short words).
fn short_words(key: &str) -> Vec<String> {
    tokens(key)
        .into_iter()
        .filter(|t| (2..=4).contains(&t.chars().count()))
        .collect()
}

/// Whether a short word of a label (an acronym, a word of four letters) stands where the
/// synonym has another one letter apart (« dpa » / « dpia », « data » / « date »): a
/// letter changed in a short word makes another word, not a typing slip, so the two are
/// not compared by their spelling as a whole.
fn another_short_word(short: &[String], synonym: &str) -> bool {
    if short.is_empty() {
        return false;
    }
    let theirs: Vec<&str> = synonym.split(' ').filter(|t| !t.is_empty()).collect();
    short.iter().any(|t| {
        !theirs.contains(&t.as_str())
            && theirs.iter().any(|u| {
                u.chars().count() <= 5
                    && rapidfuzz::distance::osa::distance(t.chars(), u.chars()) == 1
            })
    })
}

/// Of two fields a label is equally near, the one that includes the other in law.
fn encompassing(a: Target, b: Target) -> Option<Target> {
    match (a, b) {
        (Target::Field(x), Target::Field(y)) if x.includes(y) => Some(a),
        (Target::Field(x), Target::Field(y)) if y.includes(x) => Some(b),
        _ => None,
    }
}

/// The answer from each field's best score, best first: unmatched below [`WEAK`],
/// ambiguous when the runner-up is within [`MARGIN`] (unless one field includes the
/// other), fuzzy from [`ACCEPT`], else weak.
fn decide(best: &[(Target, f64)]) -> Resolution {
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
        // `recipients_subprocessors`, « destinataires / sous-traitants »: a label that
        // names recipients and processors names the recipients, which the law says
        // include the processors (Art. 4(9) GDPR)
        if let Some(wider) = encompassing(first, second)
            && score >= ACCEPT
        {
            return Resolution::Fuzzy {
                target: wider,
                score,
            };
        }
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

/// A label's tokens, each with the tokens of the vocabulary it is near.
struct LabelTokens {
    /// How many tokens the label has, repeats included.
    count: usize,
    /// Each distinct token's near set.
    distinct: Vec<TokenSet>,
    /// Every token of the vocabulary some token of the label is near.
    any: TokenSet,
}

impl LabelTokens {
    fn of(key: &str) -> LabelTokens {
        let all = tokens(key);
        let mut seen = HashSet::new();
        let distinct: Vec<TokenSet> = all
            .iter()
            .filter(|t| seen.insert(t.as_str()))
            .map(|t| near_set(t))
            .collect();
        let mut any = vec![0u64; SYNONYMS.vocabulary.len().div_ceil(64)];
        for set in &distinct {
            for (a, w) in any.iter_mut().zip(set) {
                *a |= w;
            }
        }
        LabelTokens {
            count: all.len(),
            distinct,
            any,
        }
    }
}

/// The first and second of the targets in the order a stable sort by score gives.
fn top_two(best: &[(Target, f64)]) -> (usize, Option<usize>) {
    let mut top = 0;
    let mut second: Option<usize> = None;
    for (i, (_, score)) in best.iter().enumerate().skip(1) {
        if *score > best[top].1 {
            second = Some(top);
            top = i;
        } else if second.is_none_or(|j| *score > best[j].1) {
            second = Some(i);
        }
    }
    (top, second)
}

/// The token score of a label against a synonym: how much of the synonym the label
/// holds (recall, weighing more: a label often adds words, "... par le traitement") and
/// how little else (precision), each token compared fuzzily. 0 when either has none.
fn token_score(label: &LabelTokens, s: &Synonym) -> f64 {
    if s.tokens.is_empty() || label.count == 0 {
        return 0.0;
    }
    let found = s.tokens.iter().filter(|&&t| has(&label.any, t)).count() as f64;
    let used = label
        .distinct
        .iter()
        .filter(|near| meets(near, &s.token_set))
        .count() as f64;
    let recall = found / s.tokens.len() as f64;
    let precision = used / label.count as f64;
    if recall + precision == 0.0 {
        0.0
    } else {
        (0.65 * recall + 0.35 * precision).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    /// A table mapping with no pin: what the matcher knows is the synonyms and key words.
    fn table_mapping() -> Mapping {
        Mapping::parse(
            std::path::Path::new("t.toml"),
            "name = \"t\"\n[layout]\nkind = \"table\"\n",
        )
        .unwrap()
    }

    use super::*;
    use ropa_model::Field;

    fn target(label: &str) -> Option<Target> {
        match fuzzy(&fold_label(label)) {
            Resolution::Fuzzy { target, .. } => Some(target),
            _ => None,
        }
    }

    /// A short word one letter from another is another word, and a label its key words
    /// say names no field is none, however near a synonym it is spelt: a processor's
    /// contract is no DPIA, a date no data, a company's legal representative not the
    /// representative in the Union of Art. 27.
    #[test]
    fn near_spellings_of_other_words_name_no_field() {
        let accepted = |l: &str| fuzzy(&fold_label(l)).accepted().map(|(t, _)| t);
        assert_ne!(accepted("DPA Status"), Some(Target::Field(Field::Dpia)));
        assert_ne!(accepted("DPA Reference"), Some(Target::Field(Field::Ref)));
        assert_ne!(accepted("AVV"), Some(Target::Field(Field::Dpia)));
        assert_ne!(accepted("Date"), Some(Target::Field(Field::DataCategories)));
        assert_ne!(
            accepted("Représentant légal"),
            Some(Target::Field(Field::Representative))
        );
        // a slip in a longer word is still read
        assert_eq!(
            target("Finalitée du traitement"),
            Some(Target::Field(Field::Purpose))
        );
        assert_eq!(accepted("DPIA status"), Some(Target::Field(Field::Dpia)));
        // beside the parties it binds, the agreement is theirs
        assert_eq!(
            accepted("Processors / DPA"),
            Some(Target::Field(Field::Processors))
        );
        assert_eq!(
            accepted("Empfänger / AVV"),
            Some(Target::Field(Field::Recipients))
        );
        assert_eq!(
            accepted("Sous-traitants et contrats de sous-traitance"),
            Some(Target::Field(Field::Processors))
        );
    }

    /// No two lists give one spelling to two fields (the lists are parsed, each with its
    /// file named, by the test that builds the tables).
    #[test]
    fn no_synonym_names_two_targets() {
        let mut seen: std::collections::HashMap<&str, (Target, ropa_read::language::Language)> =
            Default::default();
        let mut clashes = Vec::new();
        for &(folded, target, lang) in tables::SYNONYMS {
            if let Some((other, other_lang)) = seen.insert(folded, (target, lang))
                && other != target
            {
                clashes.push(format!(
                    "{folded:?}: {} ({other_lang:?}) and {} ({lang:?})",
                    other.name(),
                    target.name()
                ));
            }
        }
        assert!(clashes.is_empty(), "{}", clashes.join("\n"));
    }

    /// Label accuracy on labels held apart: each synonym, left out of the lists, read
    /// as a label never seen. Prints the shares; fails under the floor.
    #[test]
    fn labels_held_apart_are_read_right() {
        let mut right = 0usize;
        let mut wrong = Vec::new();
        let mut unsure = Vec::new();
        let mut seen = HashSet::new();
        for s in &SYNONYMS.synonyms {
            if !seen.insert(s.folded.clone()) {
                continue;
            }
            match fuzzy_without(&s.folded, Some(&s.folded)) {
                Resolution::Fuzzy { target, .. } | Resolution::Stems { target, .. }
                    if target == s.target =>
                {
                    right += 1
                }
                Resolution::Fuzzy { target, .. } | Resolution::Stems { target, .. } => wrong.push(
                    format!("{} → {} (is {})", s.folded, target.name(), s.target.name()),
                ),
                other => unsure.push(format!("{} ({}): {other:?}", s.folded, s.target.name())),
            }
        }
        let n = seen.len() as f64;
        eprintln!(
            "labels held apart: {n} · right {:.1} % · wrong {:.1} % · not decided {:.1} %",
            100.0 * right as f64 / n,
            100.0 * wrong.len() as f64 / n,
            100.0 * unsure.len() as f64 / n
        );
        if std::env::var_os("ROPA_SHOW_LABELS").is_some() {
            for w in wrong.iter().chain(&unsure) {
                eprintln!("  {w}");
            }
        }
        // measured 95.1 % right and 2.6 % wrong with the key words (64 % and 8 % by
        // spelling and the lists' stems alone): a floor, so that a change that reads
        // fewer labels, or more of them wrongly, is seen
        assert!(right as f64 / n >= 0.95, "{}", unsure.join("\n"));
        assert!(wrong.len() as f64 / n <= 0.03, "{}", wrong.join("\n"));
    }

    /// Reads a file of labels (`label<TAB>lang<TAB>field`) and returns the share read
    /// right and wrong, printing every miss.
    fn accuracy_on(text: &str) -> (usize, f64, f64) {
        let m = table_mapping();
        let matcher = LabelMatcher::new(&m);
        let (mut n, mut right, mut wrong) = (0usize, 0usize, 0usize);
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            let [label, lang, field] = cols[..] else {
                continue;
            };
            n += 1;
            let r = matcher.resolve(label);
            match r.accepted().map(|(t, _)| t) {
                Some(t) if t.name() == field => right += 1,
                Some(t) => {
                    wrong += 1;
                    eprintln!("  wrong {lang} {label} → {} (is {field})", t.name());
                }
                None => eprintln!("  not read {lang} {label} ({field}): {r:?}"),
            }
        }
        let share = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
        eprintln!(
            "{n} labels · right {:.1} % · wrong {:.1} %",
            share(right),
            share(wrong)
        );
        (n, share(right), share(wrong))
    }

    /// Label accuracy on labels written apart from the lists, by two people who had not
    /// seen them (294 and 306 labels, six languages): first measured at 93.2 % and
    /// 92.8 % right (72.8 % and 69.3 % before the key words), 3.4 % and 2.6 % wrong;
    /// they have been looked at since, so they are floors now, not held-out measures.
    #[test]
    fn labels_written_apart_are_read_right() {
        for text in [
            include_str!("labels-written-apart.tsv"),
            include_str!("labels-written-apart-2.tsv"),
        ] {
            let (n, right, wrong) = accuracy_on(text);
            assert!(n > 250);
            assert!(right >= 97.0, "right {right:.1} %");
            assert!(wrong <= 2.0, "wrong {wrong:.1} %");
        }
    }

    /// Label accuracy on another file of labels, named by `ROPA_LABELS_TSV` (a new
    /// held-out set); skipped when the variable is unset.
    #[test]
    fn labels_of_a_file_named_are_measured() {
        if let Some(path) = std::env::var_os("ROPA_LABELS_TSV") {
            accuracy_on(&std::fs::read_to_string(path).unwrap());
        }
    }

    #[test]
    fn a_numbered_label_is_its_synonym() {
        let m = table_mapping();
        let matcher = LabelMatcher::new(&m);
        assert!(matcher.is_label("2. Legal basis"));
        assert!(matcher.is_label("3.1 Finalité"));
        assert!(!matcher.is_label("2024"));
    }

    /// A heading that numbers a record names no field and is not read word by word
    /// (each is unique: 20,000 of them were most of a Markdown register's reading); a
    /// numbered field label still is one.
    #[test]
    fn a_numbered_record_title_is_no_field_and_costs_no_reading() {
        let m = table_mapping();
        let matcher = LabelMatcher::new(&m);
        RESOLVED.with(|n| n.set(0));
        for t in [
            "Traitement n°1 : Destinataires des fichiers",
            "Activity 3: Recipients of payroll",
            "ACTIVIDAD 2 – Finalidad de las nóminas",
            "Traitement n°12345 : Destinataires",
        ] {
            assert_eq!(matcher.field_of(t), None, "{t}");
        }
        assert_eq!(RESOLVED.with(std::cell::Cell::get), 0);
        assert_eq!(matcher.field_of("3. Base légale"), Some(Field::LegalBasis));
    }

    #[test]
    fn a_label_naming_recipients_and_processors_names_the_recipients() {
        for l in [
            "Destinataires et sous-traitants",
            "Recipients and processors",
        ] {
            assert_eq!(target(l), Some(Target::Field(Field::Recipients)), "{l}");
        }
        assert_eq!(
            target("Sous-traitants ultérieurs"),
            Some(Target::Field(Field::Processors))
        );
        assert_eq!(
            target("Destination - Sous-traitants"),
            Some(Target::Field(Field::Processors))
        );
    }

    #[test]
    fn labels_never_listed_are_read_by_their_stems() {
        let read = |l: &str| match fuzzy(&fold_label(l)) {
            Resolution::Stems { target, .. } | Resolution::Fuzzy { target, .. } => Some(target),
            _ => None,
        };
        // a German compound of listed words, plural and singular forms, other orders
        assert_eq!(
            read("Sicherheitsmaßnahmen"),
            Some(Target::Field(Field::SecurityMeasures))
        );
        assert_eq!(
            read("Fondements juridiques"),
            Some(Target::Field(Field::LegalBasis))
        );
        assert_eq!(read("Speicherorte"), Some(Target::Field(Field::Hosting)));
        // the word that says « sensitive » weighs more than « data », which most fields use
        assert_eq!(
            read("Données sensibles"),
            Some(Target::Field(Field::SensitiveData))
        );
        // one word met once among others (« dpia status », « version history ») is no field
        assert_eq!(read("Status"), None);
        assert_eq!(read("Version"), None);
    }

    #[test]
    fn synonym_file_parses_and_covers_every_field() {
        assert!(SYNONYMS.synonyms.len() > 200);
        for f in ropa_model::ALL_FIELDS {
            assert!(
                !synonyms_of(Target::Field(*f)).is_empty(),
                "no synonym for {}",
                f.id()
            );
        }
    }

    #[test]
    fn every_synonym_of_every_field_resolves_to_that_field() {
        let m = table_mapping();
        let matcher = LabelMatcher::new(&m);
        let mut wrong = Vec::new();
        for f in ropa_model::ALL_FIELDS {
            let target = Target::Field(*f);
            for syn in synonyms_of(target) {
                match matcher.resolve(&syn) {
                    Resolution::Synonym(t) if t == target => {}
                    other => wrong.push(format!("{}: {syn:?} → {other:?}", f.id())),
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

    /// Every synonym scored both ways, as before the pruning: the reference.
    fn exhaustive(key: &str) -> Vec<(Target, f64)> {
        let label = LabelTokens::of(key);
        let short = short_words(key);
        let mut best: Vec<(Target, f64)> = Vec::new();
        for s in &SYNONYMS.synonyms {
            let tok = token_score(&label, s);
            let bound = CharBag::of(key).bound(&s.bag);
            let whole = if bound > tok && bound >= WEAK && !another_short_word(&short, &s.folded) {
                // the restricted distance (optimal string alignment), as the scorer's
                let longest = key.chars().count().max(s.folded.chars().count()).max(1);
                1.0 - strsim::osa_distance(key, &s.folded) as f64 / longest as f64
            } else {
                0.0
            };
            let score = tok.max(whole);
            match best.iter_mut().find(|(t, _)| *t == s.target) {
                Some(e) if e.1 < score => e.1 = score,
                Some(_) => {}
                None => best.push((s.target, score)),
            }
        }
        best.sort_by(|a, b| b.1.total_cmp(&a.1));
        best
    }

    #[test]
    fn pruned_scoring_gives_the_exhaustive_answer() {
        // one synonym in three, each in four forms: the comparison is exhaustive, so a
        // debug build spends seconds per hundred labels
        let mut labels: Vec<String> = SYNONYMS
            .synonyms
            .iter()
            .step_by(3)
            .flat_map(|s| {
                let f = &s.folded;
                let typo: String = f.chars().rev().collect();
                [
                    format!("liste des {f} 12"),
                    f.replacen('e', "a", 1),
                    format!("{f} du traitement"),
                    typo,
                ]
            })
            .collect();
        labels.extend(["couleur preferee", "zorglub", "nom", "donnees", "a b c"].map(String::from));
        for key in &labels {
            let expected = decide(&exhaustive(key));
            let got = spelt(key, None);
            assert_eq!(got, expected, "{key:?}");
        }
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
