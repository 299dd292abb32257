//! Closed answers: the six legal bases of Art. 6(1), and yes / no questions.

use regex::Regex;
use ropa_model::text::{fold, re, strip_bullet};
use ropa_model::{Basis, BasisValue, YesNo};
use std::sync::LazyLock;

/// Phrases (folded) that name each basis: French, English, German, Spanish, Italian, Dutch.
/// A phrase matches at the start of a word (`vertrag` in `vertragserfullung`).
const BASES: &[(Basis, &[&str])] = &[
    (
        Basis::Consent,
        &[
            "consentement",
            "consent",
            "einwilligung",
            "consentimiento",
            "consenso",
            "toestemming",
        ],
    ),
    (
        Basis::LegalObligation,
        &[
            "obligation legale",
            "obligations legales",
            "obligation reglementaire",
            "legal obligation",
            "legal requirement",
            "statutory obligation",
            "rechtliche verpflichtung",
            "rechtlichen verpflichtung",
            "gesetzliche verpflichtung",
            "gesetzlichen verpflichtung",
            "gesetzliche pflicht",
            "obligacion legal",
            "obligaciones legales",
            "obbligo legale",
            "obblighi legali",
            "obbligo di legge",
            "wettelijke verplichting",
            "wettelijke verplichtingen",
            "wettelijke plicht",
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
            "lebenswichtige interessen",
            "lebenswichtiger interessen",
            "intereses vitales",
            "interes vital",
            "interessi vitali",
            "vitale belangen",
        ],
    ),
    (
        Basis::PublicTask,
        &[
            "mission d interet public",
            "missions d interet public",
            "mission de service public",
            "service public",
            "interet public",
            "autorite publique",
            "public task",
            "public interest",
            "official authority",
            "offentliche aufgabe",
            "offentlichen interesse",
            "offentliches interesse",
            "interes publico",
            "poderes publicos",
            "interesse pubblico",
            "pubblici poteri",
            "algemeen belang",
            "publiekrechtelijke taak",
            "openbaar gezag",
        ],
    ),
    (
        Basis::LegitimateInterests,
        &[
            "interet legitime",
            "interets legitimes",
            "legitimate interest",
            "legitimate interests",
            "berechtigtes interesse",
            "berechtigte interessen",
            "berechtigten interesse",
            "berechtigten interessen",
            "interes legitimo",
            "intereses legitimos",
            "legittimo interesse",
            "legittimi interessi",
            "interesse legittimo",
            "gerechtvaardigd belang",
            "gerechtvaardigde belangen",
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
            "vertrag",
            "arbeitsvertrag",
            "behandlungsvertrag",
            "mandatsvertrag",
            "dienstvertrag",
            "vertragserfullung",
            "contrato",
            "contractual",
            "contratto",
            "contrattuale",
            "contrattuali",
            "overeenkomst",
            "arbeidsovereenkomst",
            "precontractueel",
            "precontractual",
            "vorvertraglich",
            "vorvertragliche",
            "precontrattuale",
        ],
    ),
];

/// Art. 6(1) and a letter, as each language writes it: `6(1)(b)`, `6.1.b)`, `6 Abs. 1
/// lit. b`, `6 par. 1 lett. e)`, `6 lid 1 sub c`, `6, paragraphe 1, point a`.
static ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b6\s*(?:\(|\.|,)?\s*(?:abs\.?|absatz|par\.?|paragraph|paragraphe|para\.?|lid|apartado|comma|al\.?|alinéa)?\s*1\s*\)?\s*(?:\(|\.|,)?\s*(?:lit\.?|litera|lett\.?|lettera|letter|lettre|letra|buchst\.?|buchstabe|sub|onder|point|punto|pt\.?)?\s*\(?([a-f])\)?(?:\b|$)",
    )
});

/// The basis of an Art. 6(1) letter (`b` → contract).
fn basis_of_letter(letter: &str) -> Option<Basis> {
    let l = letter.to_ascii_lowercase().chars().next()?;
    BASES.iter().map(|(b, _)| *b).find(|b| b.letter() == l)
}

/// Each Art. 6(1) citation of a text, in its order: where its letter stands, its basis,
/// and where the citation ends.
fn citations(text: &str) -> impl Iterator<Item = (usize, Basis, usize)> + '_ {
    ARTICLE.captures_iter(text).filter_map(|c| {
        let letter = c.get(1)?;
        Some((
            letter.start(),
            basis_of_letter(letter.as_str())?,
            c.get(0)?.end(),
        ))
    })
}

/// The Art. 6(1) letters a text cites (`6(1)(a)`, `6 Abs. 1 lit. b und lit. c` counts
/// the first letter of each citation), each once.
pub fn cited_letters(text: &str) -> Vec<char> {
    let mut out: Vec<char> = citations(text).map(|(_, b, _)| b.letter()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Every basis a text cites by its Art. 6(1) letter, with where: each citation's letter
/// and the further letters that continue it (« lett. b) e lett. c) », « lit. b und lit.
/// c », « (b) and (c) »; a bare letter needs its bracket: « 6(1)(b) and a contract »
/// cites one).
fn cited_bases(text: &str) -> Vec<(usize, Basis)> {
    static FURTHER: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^\)?\s*(?:,|/|&|e|et|and|und|y|en|o|or|ou|oder|of)(?:\s*(?:lit\.?|lett\.?|lettera|letter|lettre|letra|buchst\.?|point|punto|sub)\s*\(?([a-f])\b|\s*\(?([a-f])\)|\s+([a-f])\b)",
        )
    });
    let mut out = Vec::new();
    for (pos, basis, end) in citations(text) {
        out.push((pos, basis));
        let mut at = end;
        while let Some(f) = FURTHER.captures(&text[at..]) {
            let (Some(whole), Some(letter)) = (f.get(0), f.get(1).or(f.get(2)).or(f.get(3))) else {
                break;
            };
            // a bare letter (« lit. b und c DSGVO ») ends the citation: « (b) and a
            // contract » goes on in words
            if f.get(3).is_some() && !ends_a_citation(&text[at + whole.end()..]) {
                break;
            }
            out.extend(basis_of_letter(letter.as_str()).map(|b| (at + letter.start(), b)));
            at += whole.end();
        }
    }
    out
}

/// Whether what follows a bare letter ends the citation: nothing, a stop, a bracket or
/// the regulation's name (« … und c DSGVO », « … e c; », « … and c (GDPR) »).
fn ends_a_citation(rest: &str) -> bool {
    const LAWS: &[&str] = &[
        "dsgvo",
        "gdpr",
        "rgpd",
        "avg",
        "uk gdpr",
        "des rgpd",
        "du rgpd",
        "der dsgvo",
        "del gdpr",
        "del rgpd",
        "van de avg",
        "eu gdpr",
    ];
    let raw = rest.trim_start();
    // a full stop ends it only before a space or the end (« e.g. », « d.h. » go on)
    let full_stop = raw
        .strip_prefix('.')
        .is_some_and(|after| after.is_empty() || after.starts_with(char::is_whitespace));
    if raw.is_empty() || full_stop || raw.starts_with([',', ';', ')', '(', '/', ':']) {
        return true;
    }
    let folded = fold(raw);
    LAWS.iter()
        .any(|l| folded == *l || folded.starts_with(&format!("{l} ")))
}

/// The Art. 6(1) letters of a legal basis written as letters alone (« b », « c
/// (wettelijke plicht) », « b (precontractueel) of f »: a column headed « Grondslag (art.
/// 6) »), with where each stands; empty when anything but letters and the words that
/// join them stands outside brackets.
fn letters_alone(text: &str) -> Vec<(usize, Basis)> {
    const JOINS: &[&str] = &[
        "et", "ou", "and", "or", "und", "oder", "y", "o", "e", "en", "of",
    ];
    let outside = outside_brackets(text);
    let mut words: Vec<(usize, String)> = Vec::new();
    let mut at = 0;
    for word in
        outside.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '/' | '+' | '&'))
    {
        if !word.is_empty() {
            words.push((at, word.to_lowercase()));
        }
        at += word.len() + 1;
    }
    let letter = |w: &str| w.len() == 1 && basis_of_letter(w).is_some();
    let mut out = Vec::new();
    for (i, (here, w)) in words.iter().enumerate() {
        // Italian « b e c »: an `e` between two letters joins them
        let between_letters = i > 0
            && words.get(i + 1).is_some_and(|(_, next)| letter(next))
            && letter(&words[i - 1].1);
        match basis_of_letter(w) {
            _ if w == "e" && between_letters => {}
            Some(b) if w.len() == 1 => out.push((*here, b)),
            _ if JOINS.contains(&w.as_str()) => {}
            _ => return Vec::new(),
        }
    }
    out
}

/// Reads a legal basis; an unrecognised phrasing is kept as text with no basis.
pub fn legal_basis(text: &str) -> BasisValue {
    let mut cited = cited_bases(text);
    if cited.is_empty() {
        cited = letters_alone(text);
    }
    let basis = cited.first().map(|(_, b)| *b).or_else(|| {
        named_bases(text)
            .into_iter()
            .min_by_key(|(pos, _)| *pos)
            .map(|(_, b)| b)
    });
    BasisValue {
        text: text.to_string(),
        basis,
        article: basis.map(|b| format!("6(1)({})", b.letter())),
        also: other_bases(text, cited, basis),
    }
}

/// The bases a text gives besides `main`, in its order: the Art. 6(1) letters it cites
/// (`cited`) when it cites any (« Art. 6(1)(c) and Art. 6(1)(f); consent of a child,
/// Art. 8 » gives (c) and (f): the words around a citation explain it), with those named
/// in a clause between semicolons that cites nothing; else the bases it names outside
/// brackets (« Consentement (clause du contrat de travail) » is consent alone).
fn other_bases(text: &str, mut cited: Vec<(usize, Basis)>, main: Option<Basis>) -> Vec<Basis> {
    if cited.is_empty() {
        cited = named_bases(&outside_brackets(text));
    } else {
        // a clause of its own that cites nothing and names a basis gives it too
        // (« ejecución de contrato (art. 6.1.b); obligación legal en KYC/AML »); a clause
        // with a figure cites something, and its words explain that
        let mut start = 0;
        for clause in text.split(';') {
            let end = start + clause.len();
            let cites = cited.iter().any(|(p, _)| (start..end).contains(p))
                || clause.contains(|c: char| c.is_ascii_digit());
            if !cites {
                let named = named_bases(&outside_brackets(clause));
                cited.extend(named.into_iter().map(|(p, b)| (start + p, b)));
            }
            start = end + 1;
        }
    }
    cited.sort_by_key(|(pos, _)| *pos);
    let mut out: Vec<Basis> = Vec::new();
    for (_, b) in cited {
        if Some(b) != main && !out.contains(&b) {
            out.push(b);
        }
    }
    out
}

/// The text with what stands in round brackets blanked, nested or left open: a basis
/// named in brackets details the one before it (« Consentement (clause du contrat de
/// travail) »), and is not one of its own.
pub fn outside_brackets(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .map(|c| match c {
            '(' => {
                depth += 1;
                ' '
            }
            ')' => {
                depth = depth.saturating_sub(1);
                ' '
            }
            _ if depth > 0 => ' ',
            c => c,
        })
        .collect()
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
    "vietnam",
    "thailande",
    "indonesie",
    "afrique du sud",
    "emirats arabes unis",
    "algerie",
    "egypte",
    "nigeria",
    "colombie",
    "chili",
    "perou",
    "hong kong",
    "taiwan",
    "norvege",
    // the same in the other languages of the registers
    "vereinigte staaten",
    "estados unidos",
    "ee uu",
    "stati uniti",
    "verenigde staten",
    "vereinigtes konigreich",
    "grossbritannien",
    "reino unido",
    "regno unito",
    "verenigd koninkrijk",
    "schweiz",
    "suiza",
    "svizzera",
    "zwitserland",
    "kanada",
    "indien",
    "indie",
    "cina",
    "japon",
    "giappone",
    "marokko",
    "marruecos",
    "marocco",
    "israel",
    "australien",
    "singapur",
    "brasilien",
    "brasil",
    "brasile",
    "russland",
    "rusia",
    "russia",
    "korea",
    "turkei",
    "turquia",
    "turchia",
    "turkije",
    "sudafrika",
    "new zealand",
    "neuseeland",
];

/// Every basis a text names, each with where it is first named: « contrat (clients) /
/// intérêt légitime (prospects) » names two.
pub fn named_bases(text: &str) -> Vec<(usize, Basis)> {
    let padded = format!(" {} ", fold(text));
    // per phrase: where it is first named as whole words, and where first as the start
    // of a word (`contractuel` for `contrat`-like stems); the whole words win
    let mut whole = vec![None; BASE_PHRASES.1.len()];
    let mut start = vec![None; BASE_PHRASES.1.len()];
    for m in BASE_PHRASES.0.find_overlapping_iter(&padded) {
        let i = m.pattern().as_usize();
        start[i].get_or_insert(m.start());
        if padded[m.end()..].starts_with(' ') {
            whole[i].get_or_insert(m.start());
        }
    }
    // per basis: the first place one of its phrases is named
    let mut first: Vec<Option<usize>> = vec![None; BASES.len()];
    for (i, &basis) in BASE_PHRASES.1.iter().enumerate() {
        if let Some(pos) = whole[i].or(start[i]) {
            first[basis] = Some(first[basis].map_or(pos, |f| f.min(pos)));
        }
    }
    BASES
        .iter()
        .zip(first)
        .filter_map(|((b, _), pos)| pos.map(|pos| (pos, *b)))
        .collect()
}

/// The phrases of [`BASES`] as one automaton of ` phrase` (a word start), with the
/// basis of each pattern: a legal-basis text is scanned once, not once per phrase.
static BASE_PHRASES: LazyLock<(aho_corasick::AhoCorasick, Vec<usize>)> = LazyLock::new(|| {
    let (patterns, of): (Vec<String>, Vec<usize>) = BASES
        .iter()
        .enumerate()
        .flat_map(|(bi, (_, phrases))| phrases.iter().map(move |p| (format!(" {p}"), bi)))
        .unzip();
    // the phrases are a fixed list of the source: it builds
    let ac = aho_corasick::AhoCorasick::new(&patterns).expect("legal-basis phrases");
    (ac, of)
});

/// Whether a text holds one of the folded phrases, as whole words.
pub fn has_phrase(text: &str, phrases: &'static [&'static str]) -> bool {
    ropa_model::lexicon::any(text, phrases)
}

/// Whether a transfer text names a destination country.
pub fn names_country(text: &str) -> bool {
    has_phrase(text, COUNTRIES)
}

/// Whether a text names a condition of Art. 9(2) or 10 (`Employment law (Art. 9(2)(b))`).
pub fn names_special_category_basis(text: &str) -> bool {
    // word-bounded: « 15/09/2023 » folds to « 15 09 2023 », which holds « 9 2 »
    static ARTICLE_9: LazyLock<Regex> = LazyLock::new(|| {
        re(r"\b(?:art|article|artikel|articulo|articolo|artigo)\s+(?:9|10)\b|\b9\s+2\s+[a-j]\b")
    });
    ARTICLE_9.is_match(&fold(text))
}

/// Phrases that say a question does not apply, folded (`N/A`, `n.v.t.`, `entfällt`).
const NOT_APPLICABLE: &[&str] = &[
    "n a",
    "na",
    "n v t",
    "nvt",
    "sans objet",
    "non applicable",
    "non concerne",
    "non concernee",
    "not applicable",
    "does not apply",
    "entfallt",
    "nicht zutreffend",
    "trifft nicht zu",
    "nicht anwendbar",
    "no aplica",
    "no procede",
    "no aplicable",
    "non applicabile",
    "non pertinente",
    "niet van toepassing",
    "nvt",
];

/// Reads a yes / no answer from the first words of a text, or from the words after a
/// question or a label that leads them in (« AIPD requise : Non », « Has a DPIA been
/// carried out? Yes – 2021 »).
pub fn yes_no(text: &str) -> YesNo {
    let answer = yes_no_at_start(text);
    if answer != YesNo::Unknown {
        return answer;
    }
    // after a question, or after a short label (« AIPD requise : Non »); not after a
    // country or a date (« États-Unis : aucune garantie », « réalisée le 12/03 : aucun
    // risque »), whose colon opens a comment, not the answer
    let after = text
        .char_indices()
        .take(120)
        .filter(|(_, c)| matches!(c, ':' | '?'))
        .filter(|(i, c)| {
            let before = &text[..*i];
            *c == '?'
                || (before.split_whitespace().count() <= 4
                    && !before.chars().any(|x| x.is_ascii_digit())
                    && !names_country(before))
        })
        .map(|(i, c)| &text[i + c.len_utf8()..])
        .last();
    match after {
        Some(rest) if !rest.trim().is_empty() => yes_no_at_start(rest),
        _ => YesNo::Unknown,
    }
}

fn yes_no_at_start(text: &str) -> YesNo {
    let first = fold(&strip_bullet(text));
    let word = |w: &str| first == w || first.starts_with(&format!("{w} "));
    if NOT_APPLICABLE.iter().any(|w| word(w)) {
        YesNo::NotApplicable
    } else if [
        "non",
        "no",
        "aucun",
        "aucune",
        "none",
        "nein",
        "pas de",
        "jamais",
        "never",
        "false",
        "faux",
        "0",
        "keine",
        "kein",
        "keiner",
        "keinerlei",
        "nee",
        "geen",
        "ninguna",
        "ninguno",
        "ningun",
        "nessuno",
        "nessun",
        "nessuna",
        "nada",
        "nothing",
        "nil",
    ]
    .iter()
    .any(|w| word(w))
    {
        YesNo::No
    } else if [
        "oui", "yes", "true", "vrai", "1", "ja", "si", "sim", "wahr", "vero",
    ]
    .iter()
    .any(|w| word(w))
    {
        YesNo::Yes
    } else {
        YesNo::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Several bases in one text (each purpose its own, Art. 6(1)): the others are kept
    /// beside the first, cited letters before named words, bracketed words not counted.
    #[test]
    fn the_other_bases_of_a_text_are_kept() {
        let also = |t: &str| legal_basis(t).also;
        assert_eq!(
            also("Contrat + consentement (art. 6.1.b et 6.1.a)"),
            [Basis::Consent]
        );
        assert_eq!(
            also("Art. 6 Abs. 1 lit. b und lit. c DSGVO"),
            [Basis::LegalObligation]
        );
        assert_eq!(
            also("Art. 6, par. 1, lett. b) e c)"),
            [Basis::LegalObligation]
        );
        assert_eq!(
            also(
                "Legal obligation / legitimate interests, Art. 6(1)(c) and Art. 6(1)(f); child consent context Art. 8"
            ),
            [Basis::LegitimateInterests]
        );
        assert_eq!(
            also(
                "Ejecución de un contrato. Consentimiento (formulario web). Obligación legal (facturación)."
            ),
            [Basis::Consent, Basis::LegalObligation]
        );
        // letters after one « lit. », and letters alone under an Art. 6 heading
        assert_eq!(
            also("Art. 6 Abs. 1 lit. b und c DSGVO; Art. 9 Abs. 2 lit. h DSGVO"),
            [Basis::LegalObligation]
        );
        assert_eq!(also("Art. 6 (1) b and c"), [Basis::LegalObligation]);
        let letters = |t: &str| {
            let v = legal_basis(t);
            (v.basis, v.also)
        };
        assert_eq!(letters("b"), (Some(Basis::Contract), vec![]));
        assert_eq!(
            letters("b e c"),
            (Some(Basis::Contract), vec![Basis::LegalObligation])
        );
        // an abbreviation after a citation cites no letter
        assert!(also("Art. 6(1)(f), e.g. fraud prevention").is_empty());
        assert!(also("Art. 6(1)(b) etc.").is_empty());
        assert!(also("Art. 6 Abs. 1 lit. b, d.h. zur Vertragserfüllung").is_empty());
        assert_eq!(
            letters("c (wettelijke plicht)"),
            (Some(Basis::LegalObligation), vec![])
        );
        assert_eq!(
            letters("b (precontractueel) of f"),
            (Some(Basis::Contract), vec![Basis::LegitimateInterests])
        );
        // a bare letter that goes on in words is no letter of the citation
        assert!(also("Art. 6(1)(b) and a contract signed by the parent").is_empty());
        assert_eq!(letters("Plan B"), (None, vec![]));
        assert!(also("Consentement (clause du contrat de travail)").is_empty());
        assert!(
            also("Art. 6 Abs. 1 lit. a, bei Unterzeichnung des Arbeitsvertrags eingeholt")
                .is_empty()
        );
        assert!(also("Exécution du contrat").is_empty());
        assert!(also("Art. 6(1)(b) and a contract with the client").is_empty());
    }

    #[test]
    fn named_bases_finds_what_a_search_per_phrase_finds() {
        // the automaton replaced two searches per phrase: same bases, same positions
        let slow = |text: &str| -> Vec<(usize, Basis)> {
            let padded = format!(" {} ", fold(text));
            BASES
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
                .collect()
        };
        for t in [
            "Contrat (clients) / intérêt légitime (prospects)",
            "contractuel ; consentement du client ; obligation légale",
            "Exécution d'un contrat, contrats-cadres, contrat",
            "Legitimate interests of the controller and consent",
            "Einwilligung, Vertrag",
            "mission d'intérêt public, sauvegarde des intérêts vitaux",
            "",
            "aucune",
        ] {
            assert_eq!(named_bases(t), slow(t), "{t}");
        }
        assert_eq!(named_bases("Contrat (clients) / intérêt légitime").len(), 2);
    }

    /// A basis named in a clause of its own that cites nothing is a basis beside the cited
    /// one; a clause with a figure explains the citation and gives none.
    #[test]
    fn a_basis_named_in_a_clause_after_a_citation_is_kept() {
        let also = |t: &str| legal_basis(t).also;
        assert_eq!(
            also(
                "Exécution du contrat (art. 6.1.b RGPD) ; obligation légale pour la lutte contre le blanchiment"
            ),
            vec![Basis::LegalObligation]
        );
        assert_eq!(
            also(
                "Legitimate interests (Art. 6(1)(f)) for service emails; contract performance for payment confirmations"
            ),
            vec![Basis::Contract]
        );
        assert_eq!(
            also("Art. 6(1)(c) and Art. 6(1)(f); consent of a child, Art. 8"),
            vec![Basis::LegitimateInterests]
        );
        assert_eq!(
            also(
                "Obligation légale (art. 6.1.c) ; durée imposée par l'art. L123-22 du Code de commerce"
            ),
            Vec::<Basis>::new()
        );
    }

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
        assert_eq!(b("Art. 6 Abs. 1 lit. b DSGVO"), Some(Basis::Contract));
        assert_eq!(b("art. 6.1.b) RGPD"), Some(Basis::Contract));
        assert_eq!(b("art. 6(1)(c) GDPR"), Some(Basis::LegalObligation));
        assert_eq!(
            b("Art. 6 par. 1 lett. e) GDPR e art. 9 par. 2 lett. h)"),
            Some(Basis::PublicTask)
        );
        assert_eq!(b("art. 6 lid 1 sub c AVG"), Some(Basis::LegalObligation));
        assert_eq!(b("Einwilligung"), Some(Basis::Consent));
        assert_eq!(b("Vertragserfüllung"), Some(Basis::Contract));
        assert_eq!(b("rechtliche Verpflichtung"), Some(Basis::LegalObligation));
        assert_eq!(
            b("berechtigtes Interesse"),
            Some(Basis::LegitimateInterests)
        );
        assert_eq!(b("ejecución de un contrato"), Some(Basis::Contract));
        assert_eq!(b("obligación legal"), Some(Basis::LegalObligation));
        assert_eq!(b("interés legítimo"), Some(Basis::LegitimateInterests));
        assert_eq!(b("misión en interés público"), Some(Basis::PublicTask));
        assert_eq!(b("consenso"), Some(Basis::Consent));
        assert_eq!(b("obbligo legale"), Some(Basis::LegalObligation));
        assert_eq!(b("legittimo interesse"), Some(Basis::LegitimateInterests));
        assert_eq!(b("toestemming"), Some(Basis::Consent));
        assert_eq!(b("Uitvoering overeenkomst"), Some(Basis::Contract));
        assert_eq!(b("wettelijke verplichting"), Some(Basis::LegalObligation));
        assert_eq!(
            b("gerechtvaardigd belang"),
            Some(Basis::LegitimateInterests)
        );
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
        assert_eq!(yes_no("N/A"), YesNo::NotApplicable);
        assert_eq!(yes_no("-"), YesNo::Unknown);
        assert_eq!(yes_no("Nonobstant"), YesNo::Unknown);
        assert_eq!(yes_no("Ja – Salesforce (VS)"), YesNo::Yes);
        assert_eq!(yes_no("Sí: Google LLC"), YesNo::Yes);
        assert_eq!(yes_no("Sì – USA"), YesNo::Yes);
        assert_eq!(yes_no("Nee"), YesNo::No);
        assert_eq!(yes_no("Keine"), YesNo::No);
        assert_eq!(yes_no("n.v.t."), YesNo::NotApplicable);
        assert_eq!(yes_no("Sans objet"), YesNo::NotApplicable);
        assert_eq!(yes_no("keiner"), YesNo::No);
        // the answer after a question or a label that leads it in
        assert_eq!(yes_no("AIPD requise : Non"), YesNo::No);
        assert_eq!(
            yes_no("Has a DPIA been carried out? Yes – 2021"),
            YesNo::Yes
        );
        assert_eq!(yes_no("Date : 12/03/2022"), YesNo::Unknown);
        assert_eq!(
            yes_no("États-Unis (Mailchimp) : aucune garantie"),
            YesNo::Unknown
        );
        assert_eq!(
            yes_no("AIPD réalisée le 12/03/2022 : aucun risque"),
            YesNo::Unknown
        );
        // « Nonobstant », « Nadia » start with no answer
        assert_eq!(yes_no("Nadia Martin"), YesNo::Unknown);
    }
}
