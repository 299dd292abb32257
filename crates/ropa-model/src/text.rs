//! Text helpers shared by the stages: folding for comparisons, markup stripping,
//! placeholders and list splitting. Kept here so every stage folds and splits alike.

use regex::Regex;
use std::sync::LazyLock;

/// Compiles a regex of a mapping (its layout, its ignore rules), once per process: a
/// folder of 1,000 files read with one mapping, or with 1,000 drafts inferred alike,
/// compiled the same few patterns for every file and every candidate mapping (17 % of
/// the run). A compiled regex is shared, not copied; a pattern that does not compile is
/// not kept, and says why each time it is asked for.
pub fn regex_cached(pattern: &str) -> Result<Regex, regex::Error> {
    /// At most this many patterns are kept; past them, a pattern is compiled each time.
    const REGEXES_KEPT: usize = 256;
    static CACHE: LazyLock<std::sync::Mutex<std::collections::HashMap<String, Regex>>> =
        LazyLock::new(Default::default);
    // a poisoned lock only means another thread panicked while inserting: the map is sound
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(r) = cache.get(pattern) {
        return Ok(r.clone());
    }
    let r = Regex::new(pattern)?;
    // bounded: an inferred layout may carry a pattern of its file's own words
    if cache.len() < REGEXES_KEPT {
        cache.insert(pattern.to_string(), r.clone());
    }
    Ok(r)
}

/// The text in lower case wherever a letter's lower case takes as many bytes (all the
/// letters of the six languages), the rest as written: a pattern written in lower case
/// without `(?i)` finds in it what `(?i)` would find in the text, at the same offsets,
/// and such a pattern is built several times faster than its case-insensitive form.
pub fn lower_same_len(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_uppercase) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Compiles a regex written in this crate's source (never from input).
pub fn re(pattern: &str) -> Regex {
    match Regex::new(pattern) {
        Ok(r) => r,
        Err(e) => panic!("built-in regex {pattern:?} does not compile: {e}"),
    }
}

/// An HTML tag of a name HTML has: `<Police nationale>` or `<Nom du prestataire>`, a
/// template's placeholder or a client's words, is text and is kept.
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?is)</?(?:a|abbr|article|b|big|blockquote|body|br|caption|center|cite|code|col|colgroup|dd|del|div|dl|dt|em|font|footer|h[1-6]|head|header|hr|html|i|img|ins|kbd|label|li|main|mark|nav|ol|p|pre|q|s|section|small|span|strike|strong|sub|sup|table|tbody|td|tfoot|th|thead|title|tr|tt|u|ul)\b(?:\s[^<>]*)?/?>",
    )
});
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| re(r"\([^()]*\)|\[[^\[\]]*\]"));
static SPACES: LazyLock<Regex> = LazyLock::new(|| re(r"[ \t\u{a0}\u{202f}]+"));

/// The letter a Latin-1 accented letter decomposes to (`é` → `e`, `Ç` → `C`): what
/// the Unicode tables give, looked up without them; `None` for any other character.
fn latin1_base(c: char) -> Option<char> {
    Some(match c {
        'À'..='Å' => 'A',
        'Ç' => 'C',
        'È'..='Ë' => 'E',
        'Ì'..='Ï' => 'I',
        'Ñ' => 'N',
        'Ò'..='Ö' => 'O',
        'Ù'..='Ü' => 'U',
        'Ý' => 'Y',
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ñ' => 'n',
        'ò'..='ö' => 'o',
        'ù'..='ü' => 'u',
        'ý' | 'ÿ' => 'y',
        _ => return None,
    })
}

/// Lower-cases, removes accents and punctuation, and collapses spaces, so that
/// `Finalité principale :` and `finalite principale` compare equal.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    let mut push = |c: char, out: &mut String| {
        if c.is_alphanumeric() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    };
    for c in s.chars() {
        match c {
            // ASCII has nothing to decompose: the common case, without the tables
            _ if c.is_ascii() => push(c, &mut out),
            'œ' | 'Œ' => {
                push('o', &mut out);
                push('e', &mut out);
            }
            'æ' | 'Æ' => {
                push('a', &mut out);
                push('e', &mut out);
            }
            // the accented letters of Western European text, without the tables
            _ => match latin1_base(c) {
                Some(base) => push(base, &mut out),
                None => unicode_normalization::char::decompose_canonical(c, |d| {
                    if !unicode_normalization::char::is_combining_mark(d) {
                        push(d, &mut out);
                    }
                }),
            },
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// How many times each character occurs in a folded text (letters, digits, space,
/// other), with the count of characters: a cheap upper bound on edit-distance scores.
#[derive(Clone, Copy)]
pub struct CharBag {
    counts: [u16; 38],
    len: usize,
}

impl CharBag {
    /// The bag of a folded text.
    pub fn of(folded: &str) -> CharBag {
        let mut counts = [0u16; 38];
        let mut len = 0;
        for c in folded.chars() {
            let i = match c {
                'a'..='z' => c as usize - 'a' as usize,
                '0'..='9' => 26 + c as usize - '0' as usize,
                ' ' => 36,
                _ => 37,
            };
            counts[i] = counts[i].saturating_add(1);
            len += 1;
        }
        CharBag { counts, len }
    }

    /// The number of characters.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the text was empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The highest normalised (Damerau-)Levenshtein score two texts can reach: an edit
    /// changes one character, so at best every character they share stays in place.
    pub fn bound(&self, other: &CharBag) -> f64 {
        self.common(other) as f64 / self.len.max(other.len).max(1) as f64
    }

    /// How many characters two texts have in common, counted with repeats.
    pub fn common(&self, other: &CharBag) -> usize {
        self.counts
            .iter()
            .zip(&other.counts)
            .map(|(a, b)| usize::from(*a.min(b)))
            .sum()
    }
}

/// Folds a label for matching: markup and bracketed hints like `(si pertinent)` dropped.
pub fn fold_label(s: &str) -> String {
    let camel = split_camel(s);
    let s = camel.as_ref();
    // a pattern is built and run only for a label that holds what it needs
    let no_tags = if s.contains('<') {
        TAG.replace_all(s, " ")
    } else {
        s.into()
    };
    let no_hints = if no_tags.contains(['(', '[']) {
        BRACKETED.replace_all(&no_tags, " ")
    } else {
        no_tags.as_ref().into()
    };
    let folded = fold(&no_hints);
    if folded.is_empty() {
        fold(&no_tags)
    } else {
        folded
    }
}

/// A label written as one identifier in camelCase (`retentionPeriod`, `lawfulBasis`, a
/// tool's column name) as words; anything with a space, or no lower-to-upper step, as it
/// is.
fn split_camel(s: &str) -> std::borrow::Cow<'_, str> {
    let chars: Vec<char> = s.chars().collect();
    // a word starts at an upper-case letter between a lower-case one and another
    // (`retentionPeriod`); `KvK`, `DPO` and `iOS`-like acronyms stay whole
    let starts_word = |i: usize| {
        i > 0
            && chars[i].is_uppercase()
            && chars[i - 1].is_lowercase()
            && chars.get(i + 1).is_some_and(|c| c.is_lowercase())
    };
    if s.contains(char::is_whitespace) || !(0..chars.len()).any(starts_word) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 4);
    for (i, c) in chars.iter().enumerate() {
        if starts_word(i) {
            out.push(' ');
        }
        out.push(*c);
    }
    out.into()
}

/// A title without the rules drawn around it in text exports (`=== Paie ===`, `** Paie **`).
pub fn trim_decoration(s: &str) -> &str {
    s.trim_matches(|c: char| matches!(c, '=' | '-' | '*' | '#' | '~' | '_') || c.is_whitespace())
}

/// Whether a text holds anything but punctuation and spaces: only such text is a value.
pub fn has_content(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// Removes HTML tags a tool export left in a value, keeping the text between them;
/// `</p>`, `<br>` and `</li>` become line breaks, and the entities of such HTML are
/// decoded: character references (`&#233;`, `&#x2019;`) and every named entity of HTML
/// (the WHATWG table, as html5ever has it: `&eacute;`, `&oelig;`, `&rsquo;`), in one pass
/// (`&amp;lt;` is `&lt;`); an entity not known is kept as written.
/// Text that only looks like markup (`<Nom du prestataire>`, `R&D &amp; co` with no tag,
/// `**`) is kept as it is: Markdown emphasis is only dropped from plain-text exports, by
/// [`strip_emphasis`] as they are read.
pub fn strip_markup(s: &str) -> String {
    // most values hold no markup at all
    if !s.contains('<') || !TAG.is_match(s) {
        return clean_lines(s);
    }
    static BREAK: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)<br\s*/?>|</p>|</li>|<li[^>]*>"));
    static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
        re(r"&(?:#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));")
    });
    let with_breaks = BREAK.replace_all(s, "\n");
    let no_tags = TAG.replace_all(&with_breaks, "");
    let decoded = ENTITY.replace_all(&no_tags, |c: &regex::Captures| {
        let code = match (c.get(1), c.get(2)) {
            (Some(dec), _) => dec.as_str().parse().ok(),
            (None, Some(hex)) => u32::from_str_radix(hex.as_str(), 16).ok(),
            (None, None) => None,
        };
        // a control character (`&#0;`, the C1 range `&#128;`–`&#159;`) is kept as written
        let numeric = code
            .and_then(char::from_u32)
            .filter(|ch| !ch.is_control())
            .map(String::from);
        numeric
            .or_else(|| c.get(3).and_then(|name| named_entity(name.as_str())))
            .unwrap_or_else(|| c[0].to_string())
    });
    clean_lines(&decoded)
}

/// The text of a named HTML entity (`eacute` → `é`; a few stand for two characters).
fn named_entity(name: &str) -> Option<String> {
    let (first, second) = web_atoms::NAMED_ENTITIES.get(format!("{name};").as_str())?;
    let mut out = String::from(char::from_u32(*first)?);
    if *second != 0 {
        out.push(char::from_u32(*second)?);
    }
    Some(out)
}

/// Markdown emphasis left in a plain-text export (`**Finalité**`, `__x__`, `*ex. nom*`)
/// dropped, the text kept; a star standing alone stays.
pub fn strip_emphasis(s: &str) -> String {
    if !s.contains(['*', '_']) {
        return s.to_string();
    }
    strip_single_stars(&s.replace("**", "").replace("__", ""))
}

/// `*ex. nom*` → `ex. nom`: a star that opens or closes emphasis, not one standing alone.
fn strip_single_stars(s: &str) -> String {
    static EMPH: LazyLock<Regex> = LazyLock::new(|| re(r"\*([^*\n]+)\*"));
    EMPH.replace_all(s, "$1").into_owned()
}

/// Trims each line, collapses inner spaces and drops empty lines.
pub fn clean_lines(s: &str) -> String {
    // most values are clean already: one scan instead of a regex per line
    let clean = !s.contains(['\r', '\t', '\u{a0}', '\u{202f}'])
        && !s.contains("  ")
        && s.split('\n')
            .all(|l| !l.is_empty() && l.trim().len() == l.len());
    if clean {
        return s.to_string();
    }
    s.lines()
        .map(|l| SPACES.replace_all(l.trim(), " ").into_owned())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Collapses every run of white space, line breaks included, into one space.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The characters that make a spreadsheet read a cell of a text file as a formula
/// (OWASP, « CSV injection »): `=`, `+`, `-`, `@`, a tab, a carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A value made safe to write in a CSV a spreadsheet opens: one that starts like a
/// formula gets a leading `'`, so Excel and LibreOffice show it as text instead of
/// running it (OWASP's advice); any other value is unchanged.
pub fn formula_safe(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(FORMULA_STARTS) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

/// A cell of a CSV as its value: the `'` that [`formula_safe`] put before a value that
/// starts like a formula is taken off, so an exported register reads back the same.
pub fn formula_unescaped(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// A UK postcode (`M1 1AE`, `SW1A 2AA`, `BS8 1TH`), upper case as written on an address;
/// its last two letters are never C, I, K, M, O or V.
static UK_POSTCODE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2}\b"));

/// Whether a text holds a UK postcode: where an address is (the reader's heading line)
/// and where the controller is (the rules' law).
pub fn has_uk_postcode(s: &str) -> bool {
    UK_POSTCODE.is_match(s)
}

/// Whether a value says nothing: `-`, `N/A`, `Cliquez ici.`, `X`, `Aucune à ce jour`, `.`.
pub fn is_placeholder(s: &str) -> bool {
    let f = fold(s);
    if f.is_empty() {
        return true;
    }
    const PLACEHOLDERS: &[&str] = &[
        "n a",
        "na",
        "nc",
        "n c",
        "x",
        "xx",
        "xxx",
        "tbd",
        "todo",
        "a completer",
        "a definir",
        "a preciser",
        "cliquez ici",
        "cliquez ici pour taper du texte",
        "cliquez ou appuyez ici pour entrer du texte",
        "aucune a ce jour",
        "aucun a ce jour",
        "non renseigne",
        "non renseignee",
        "sans objet",
        "none",
        "null",
        "nil",
    ];
    PLACEHOLDERS.contains(&f.as_str()) || is_template_slot(s)
}

/// A bracketed slot; one longer than [`SLOT_MAX`] characters is no slot, checked in code
/// (a bounded repetition of these classes builds 60 copies of their automaton).
static SLOT: LazyLock<Regex> = LazyLock::new(|| re(r"\[[^\[\]]+\]|<[^<>]+>|\{[^{}]+\}"));

/// The most characters a template's slot holds between its brackets.
const SLOT_MAX: usize = 60;

/// Whether a value is a template's slot left unfilled: `<NOM DE L'ORGANISME>`, `[Nom du
/// prestataire]`, `[N] ans` — what the value says is in brackets, and around them at
/// most a unit.
fn is_template_slot(s: &str) -> bool {
    let t = s.trim();
    let short = |slot: &str| slot.chars().count() <= SLOT_MAX + 2;
    if !t.contains(['[', '<', '{']) || !SLOT.find_iter(t).any(|m| short(m.as_str())) {
        return false;
    }
    const UNITS: &[&str] = &[
        "an", "ans", "annee", "annees", "mois", "jour", "jours", "semaines", "year", "years",
        "month", "months", "day", "days", "weeks", "jahr", "jahre", "monate", "tage", "ano",
        "anos", "meses", "dias", "anni", "mesi", "giorni", "jaar", "maanden", "dagen",
    ];
    let rest = fold(&SLOT.replace_all(t, |c: &regex::Captures| {
        if short(&c[0]) {
            " ".to_string()
        } else {
            c[0].to_string()
        }
    }));
    rest.is_empty() || UNITS.contains(&rest.as_str())
}

static EXAMPLE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\(\s*(?:ex(?:\.|emple)?\s*:|par ex(?:\.|emple)|e\.\s?g\.|for example|z\.\s?b\.|zum beispiel|p\.\s?ej\.|por ejemplo|ad es\.|ad esempio|es\.\s*:|bijv\.|bv\.|bijvoorbeeld)[^()]*\)|\([^()]*[,\s](?:etc|usw|ecc|enz)\.?\s*\)(?:\s*:)|\([^()]*(?:…|\.\.\.)\s*\)(?:\s*:)",
    )
});

/// The text without the examples in brackets (`Données de localisation (ex. : GPS)`,
/// `(déplacements, données GPS, GSM, etc.) :`, a template's list left open by « etc. »
/// or « … » before the colon that leads the client's words):
/// what a template or a client gives as an example is not a statement that it is
/// processed, and a rule does not act on it.
pub fn without_examples(s: &str) -> std::borrow::Cow<'_, str> {
    // every example is in brackets
    if !s.contains('(') {
        return s.into();
    }
    EXAMPLE.replace_all(s, "")
}

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:[0-9]{1,2}[.)]|[a-z][.)])\s+"));
static BULLET: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:[-*•·▪◦–—]|&bull;)\s*"));
static INLINE_NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|\s)([0-9]{1,2})[.)]\s+"));
static INLINE_BULLET: LazyLock<Regex> = LazyLock::new(|| re(r"\s+[•·▪◦]\s*|\s+-\s+"));

/// Removes a leading bullet or number (`- `, `• `, `1. `, `a) `) from one item.
pub fn strip_bullet(s: &str) -> String {
    let s = BULLET.replace(s, "");
    NUMBERED.replace(&s, "").trim().to_string()
}

/// Splits a cell or paragraph into list items: line breaks, `;`, bullets (`- `, `•`),
/// and numbering (`1. … 2. …`, on one line or across lines) when it counts up from 1,
/// after an optional lead-in ending in `:`. Markup is stripped first.
pub fn split_list(s: &str) -> Vec<String> {
    let cleaned = strip_markup(s);
    let mut items = Vec::new();
    let mut push = |item: &str| {
        let item = strip_bullet(item);
        let item = item.trim_matches(|c: char| c == ',' || c == ':' || c.is_whitespace());
        if has_content(item) {
            items.push(item.to_string());
        }
    };
    if let Some(numbered) = split_numbering(&cleaned) {
        // a cell and its one-line export (line breaks turned into spaces) give one reading
        for item in numbered {
            push(&item.replace('\n', " "));
        }
        return items;
    }
    for line in cleaned.lines() {
        for piece in split_inline_bullets(line) {
            for item in piece.split(';') {
                push(item);
            }
        }
    }
    items
}

/// `1. a 2. b 3. c`, or `Lead-in : 1. a` + `2. b` on the next line → the lead-in, then
/// `a`, `b`, `c`; only when the numbers count 1, 2, 3… and nothing but a lead-in ending in
/// `:` stands before the first.
fn split_numbering(text: &str) -> Option<Vec<String>> {
    let marks: Vec<(usize, usize, u32)> = INLINE_NUMBER
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let n = c.get(1)?.as_str().parse().ok()?;
            Some((whole.start(), whole.end(), n))
        })
        .collect();
    let lead_in = text[..marks.first()?.0].trim();
    let counts_up = marks.len() >= 2
        && (lead_in.is_empty() || lead_in.ends_with(':'))
        && marks.iter().enumerate().all(|(i, m)| m.2 as usize == i + 1);
    if !counts_up {
        return None;
    }
    let mut out = vec![lead_in.to_string()];
    for (i, m) in marks.iter().enumerate() {
        let end = marks.get(i + 1).map_or(text.len(), |n| n.0);
        out.push(text[m.1..end].trim().to_string());
    }
    Some(out)
}

/// The words written in CamelCase that a source uses on their own (`TouteMonAnnée`):
/// brands, which [`unglue`] does not split.
pub fn camel_words<'a>(
    texts: impl IntoIterator<Item = &'a str>,
) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for t in texts {
        for w in t.split(|c: char| !c.is_alphanumeric()) {
            if w.chars().next().is_some_and(char::is_uppercase) && is_glued(w) {
                out.insert(w.to_string());
            }
        }
    }
    out
}

/// Whether a lower-case letter is directly followed by a capital somewhere in a word:
/// [`glue_points`] without making the list, for the words of a whole source.
fn is_glued(word: &str) -> bool {
    let mut lower = false;
    word.chars().any(|c| {
        let glued = lower && c.is_uppercase();
        lower = c.is_lowercase();
        glued
    })
}

/// Where a lower-case letter is directly followed by a capital (`pseudonymePhoto`).
fn glue_points(word: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    chars
        .windows(2)
        .filter(|w| w[0].1.is_lowercase() && w[1].1.is_uppercase())
        .map(|w| w[1].0)
        .collect()
}

/// Where a word that starts in lower case changes word at a capital (`pseudonymePhoto`,
/// `emailAddress`): three lower-case letters before it and one after, so that `iPhone`,
/// `eBay` and `macOS` stay whole.
fn identifier_cuts(word: &str, points: Vec<usize>) -> Vec<usize> {
    points
        .into_iter()
        .filter(|&p| {
            let before = word[..p]
                .chars()
                .rev()
                .take_while(|c| c.is_lowercase())
                .count();
            let mut after = word[p..].chars();
            after.next();
            before >= 3 && after.next().is_some_and(char::is_lowercase)
        })
        .collect()
}

/// A text whose identifiers in camelCase (`healthRecord`, `lastSeenAt`, a data model's
/// field names) are written as words, to be matched against word lists; everything else
/// as it is. The value itself keeps its identifiers: this is for reading only.
pub fn identifiers_as_words(text: &str) -> std::borrow::Cow<'_, str> {
    // most texts have no capital right after a lower-case letter: nothing to cut
    let mut prev_lower = false;
    let glued = text.chars().any(|c| {
        let glue = prev_lower && c.is_uppercase();
        prev_lower = c.is_lowercase();
        glue
    });
    if !glued {
        return text.into();
    }
    let mut out = String::new();
    let mut last = 0;
    for (start, word) in words_with_offsets(text) {
        if !word.starts_with(char::is_lowercase) {
            continue;
        }
        for p in identifier_cuts(word, glue_points(word)) {
            out.push_str(&text[last..start + p]);
            out.push(' ');
            last = start + p;
        }
    }
    if last == 0 {
        return text.into();
    }
    out.push_str(&text[last..]);
    out.into()
}

/// Whether the words that follow a brand, up to the item's end, hold a legal form
/// (`Italia S.r.l. – fornitore`, `SAS (France)`): a company's name runs on to its form.
fn names_a_legal_form(rest: &str) -> bool {
    let end = rest
        .find([';', ',', '–', '—', '(', '\n'])
        .unwrap_or(rest.len());
    let head: String = rest[..end].chars().take(40).collect();
    let words: Vec<String> = fold(&head).split_whitespace().map(str::to_string).collect();
    // `S.r.l.` folds to single letters: `s r l`
    let letters: String = words
        .iter()
        .filter(|w| w.chars().count() == 1)
        .map(String::as_str)
        .collect();
    words
        .iter()
        .take(4)
        .any(|w| crate::lexicon::LEGAL_FORMS.contains(&w.as_str()))
        || (letters.len() >= 2 && crate::lexicon::LEGAL_FORMS.contains(&letters.as_str()))
}

/// Puts back the line breaks an export lost between list items: `pseudonymePhoto de
/// profilAdresse email` → three lines. A word that starts in lower case is split before
/// each capitalised word glued to it; a CamelCase word only after a prefix that is one
/// of `brands` (`TouteMonAnnéeOVH` → `TouteMonAnnée`, `OVH`); a brand alone, `iPhone` or
/// `macOS`, is left whole. A brand that ends a name and is followed by a capitalised
/// word (`… TouteMonAnnée Support technique …`) ends an item too.
pub fn unglue(text: &str, brands: &std::collections::HashSet<String>) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut last = 0;
    let words: Vec<(usize, &str)> = words_with_offsets(text).collect();
    // a word in a code span (`ageAttested`) is an identifier written as it is
    let code = code_spans(text);
    for (k, &(start, word)) in words.iter().enumerate() {
        if code.iter().any(|r| r.contains(&start)) {
            continue;
        }
        if brands.contains(word)
            && let Some(&(next, next_word)) = words.get(k + 1)
            && next_word.starts_with(char::is_uppercase)
            && !names_a_legal_form(&text[next..])
            && text[start + word.len()..next]
                .chars()
                .all(char::is_whitespace)
            && !text[start + word.len()..next].contains('\n')
            && next > last
        {
            out.push_str(text[last..start + word.len()].trim_end());
            out.push('\n');
            last = next;
        }
        let points = glue_points(word);
        if points.is_empty() {
            continue;
        }
        let cuts: Vec<usize> = if word.starts_with(char::is_lowercase) {
            identifier_cuts(word, points)
        } else {
            points
                .into_iter()
                .rfind(|&p| brands.contains(&word[..p]))
                .into_iter()
                .collect()
        };
        for p in cuts {
            out.push_str(&text[last..start + p]);
            out.push('\n');
            last = start + p;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// The byte ranges of a text's code spans (between two backticks on one line).
fn code_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, c) in text.char_indices() {
        match (c, open) {
            ('`', None) => open = Some(i),
            ('`', Some(o)) => {
                out.push(o..i);
                open = None;
            }
            ('\n', _) => open = None,
            _ => {}
        }
    }
    out
}

/// The alphanumeric words of a text with their byte offsets.
pub fn words_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = None;
    let mut out = Vec::new();
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    out.into_iter()
}

/// `• a • b` or `- a - b - c` (a list flattened onto one line) → items; a lone
/// ` - ` inside a name (`Payline - crédit Mutuel`) is kept unless the line starts as a list.
fn split_inline_bullets(line: &str) -> Vec<String> {
    let trimmed = line.trim_start();
    let starts_as_list = BULLET.is_match(trimmed) && !trimmed.starts_with("--");
    let dot_bullets = trimmed.contains('•') || trimmed.contains('▪') || trimmed.contains('·');
    if !starts_as_list && !dot_bullets {
        return vec![line.to_string()];
    }
    let body = BULLET.replace(trimmed, "");
    if dot_bullets && !trimmed.starts_with('-') {
        static DOTS: LazyLock<Regex> = LazyLock::new(|| re(r"\s*[•·▪◦]\s*"));
        return DOTS.split(&body).map(str::to_string).collect();
    }
    INLINE_BULLET.split(&body).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    /// Every Latin-1 letter folds as the Unicode tables fold it.
    #[test]
    fn latin1_letters_fold_as_the_tables_fold_them() {
        for c in '\u{c0}'..='\u{ff}' {
            let mut by_tables = String::new();
            unicode_normalization::char::decompose_canonical(c, |d| {
                if !unicode_normalization::char::is_combining_mark(d) {
                    by_tables.push(d);
                }
            });
            match super::latin1_base(c) {
                Some(base) => assert_eq!(by_tables, base.to_string(), "{c}"),
                // none: the tables leave it whole (Æ, Ø, ß, ×, …)
                None => assert_eq!(by_tables, c.to_string(), "{c}"),
            }
        }
        assert_eq!(super::fold("Élèves, Ça où FÊTE ÿ"), "eleves ca ou fete y");
    }

    use super::*;

    /// A slot is at most 60 characters between its brackets, a longer bracket is the
    /// client's words; the unit after a slot is still the template's.
    #[test]
    fn a_slot_is_short_and_may_carry_a_unit() {
        assert!(is_placeholder("[Nom du prestataire]"));
        assert!(is_placeholder("<NOM DE L'ORGANISME>"));
        assert!(is_placeholder("[N] ans"));
        assert!(!is_placeholder(&format!("[{}]", "x".repeat(61))));
        assert!(is_placeholder(&format!("[{}]", "é".repeat(60))));
        assert!(!is_placeholder("[Nom du prestataire] et Dupont SA"));
    }

    #[test]
    fn lowering_keeps_every_offset() {
        for t in ["RÉSILIATION ÖFFNUNG İstanbul ẞ Ǆ", "déjà bas", "ΑΒΓ"] {
            let l = lower_same_len(t);
            assert_eq!(l.len(), t.len(), "{t}");
            assert!(t.char_indices().all(|(i, _)| l.is_char_boundary(i)), "{t}");
        }
        assert_eq!(lower_same_len("RÉSILIATION"), "résiliation");
    }
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn is_glued_agrees_with_glue_points(w in "[aAéÉzZ1 ]{0,12}") {
            prop_assert_eq!(is_glued(&w), !glue_points(&w).is_empty());
        }

        #[test]
        fn clean_lines_fast_path_agrees_with_the_regex(s in "[ab \n\t\r\u{a0}\u{202f}\u{2003}]{0,12}") {
            let slow = s
                .lines()
                .map(|l| SPACES.replace_all(l.trim(), " ").into_owned())
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            prop_assert_eq!(clean_lines(&s), slow);
        }
    }

    #[test]
    fn a_mapping_regex_is_compiled_once_and_a_bad_one_says_why_each_time() {
        let a = regex_cached(r"^Fiche \d+").unwrap();
        let b = regex_cached(r"^Fiche \d+").unwrap();
        assert!(a.is_match("Fiche 12") && b.is_match("Fiche 3") && !b.is_match("fiche"));
        assert_eq!(a.as_str(), b.as_str());
        for _ in 0..2 {
            let e = regex_cached("(unclosed").unwrap_err().to_string();
            assert!(e.contains("unclosed"), "{e}");
        }
    }

    #[test]
    fn text_in_angle_brackets_that_is_no_html_tag_is_kept() {
        assert_eq!(strip_markup("<Police nationale>"), "<Police nationale>");
        assert_eq!(
            strip_markup("Transmis à <Nom du prestataire>"),
            "Transmis à <Nom du prestataire>"
        );
        assert_eq!(strip_markup("<b>Paie</b><br>salariés"), "Paie\nsalariés");
        assert_eq!(strip_markup("<p class=\"x\">a</p>"), "a");
    }

    #[test]
    fn fold_drops_accents_case_and_punctuation() {
        assert_eq!(fold("Finalité principale :"), "finalite principale");
        assert_eq!(fold("Date de mise en œuvre"), "date de mise en oeuvre");
        assert_eq!(fold("  É-mail  "), "e mail");
    }

    #[test]
    fn a_value_that_starts_like_a_formula_is_written_as_text_and_read_back() {
        for v in [
            "=HYPERLINK(\"http://x\")",
            "+SUM(1+1)*cmd|' /C calc'!A0",
            "@SUM(1)",
            "-2+3",
            "\r=1+3",
            "\t=1",
            "- Nom",
        ] {
            let safe = formula_safe(v);
            assert!(safe.starts_with('\''), "{v:?}");
            assert_eq!(formula_unescaped(&safe), v);
        }
        assert_eq!(formula_safe("Paie des agents"), "Paie des agents");
        assert_eq!(
            formula_unescaped("'Quoted by the client"),
            "'Quoted by the client"
        );
    }

    #[test]
    fn fold_label_reads_identifiers_as_words() {
        assert_eq!(fold_label("retentionPeriod"), "retention period");
        assert_eq!(fold_label("lawful_basis"), "lawful basis");
        assert_eq!(fold_label("cross-border"), "cross border");
        // a label with spaces, or an acronym, is left as written
        assert_eq!(fold_label("Base légale RGPD"), "base legale rgpd");
        assert_eq!(fold_label("DPO"), "dpo");
        assert_eq!(fold_label("KvK"), "kvk");
    }

    #[test]
    fn fold_label_drops_hints_and_tags() {
        assert_eq!(
            fold_label("Nom du logiciel ou de l'application <i>(si pertinent)</i>"),
            "nom du logiciel ou de l application"
        );
        assert_eq!(fold_label("(si pertinent)"), "si pertinent");
    }

    #[test]
    fn markup_is_stripped_and_paragraphs_become_lines() {
        assert_eq!(
            strip_markup("<p>Nom : ANDERSON</p> <p><i>(ex)</i></p>"),
            "Nom : ANDERSON\n(ex)"
        );
        // emphasis is text outside plain-text exports; there it is dropped
        assert_eq!(
            strip_markup("**Registre** de *traitements*"),
            "**Registre** de *traitements*"
        );
        assert_eq!(
            strip_emphasis("**Registre** de *traitements* 5 * 2"),
            "Registre de traitements 5 * 2"
        );
        // entities are decoded in HTML only
        assert_eq!(strip_markup("R&D &amp; co"), "R&D &amp; co");
        assert_eq!(strip_markup("<p>R&amp;D</p>"), "R&D");
        // character references whatever the character, in one pass; an unknown name kept
        assert_eq!(
            strip_markup("<p>Caf&#233; d&#x2019;Anna &amp;lt; &foo; &#0; &#146; &nbsp;x</p>"),
            "Café d\u{2019}Anna &lt; &foo; &#0; &#146; x"
        );
        // every named entity of HTML, not only XML's five
        assert_eq!(
            strip_markup(
                "<p>&eacute;t&eacute; &oelig;uvre l&rsquo;&Eacute;tat &hellip; &euro;</p>"
            ),
            "été œuvre l\u{2019}État \u{2026} €"
        );
        assert_eq!(
            strip_markup(r#"<ul style="list-style-type: none"> - A - B"#),
            "- A - B"
        );
    }

    #[test]
    fn template_slots_and_examples() {
        for p in [
            "<NOM DE L'ORGANISME>",
            "[Nom du prestataire]",
            "[N] ans",
            "{date}",
            "[à compléter]",
        ] {
            assert!(is_placeholder(p), "{p:?}");
        }
        for v in [
            "5 ans [durée légale]",
            "Paie <interne>",
            "Art. 6 [1] b) contrat",
        ] {
            assert!(!is_placeholder(v), "{v:?}");
        }
        assert_eq!(
            without_examples("Données de localisation (ex. : déplacements, GPS) ; identité"),
            "Données de localisation  ; identité"
        );
        assert_eq!(without_examples("Location (e.g. GPS traces)"), "Location ");
        assert_eq!(without_examples("Santé (allergies)"), "Santé (allergies)");
        // a template's category with its open list of examples, then the client's words
        assert_eq!(
            without_examples(
                "Données de localisation (déplacements, données GPS, GSM, etc.) : lieu des images"
            ),
            "Données de localisation  lieu des images"
        );
        assert_eq!(
            without_examples("Standort (Bewegungen, GPS …): Ort der Kamera"),
            "Standort  Ort der Kamera"
        );
        // the client's own open list is the client's data
        assert_eq!(
            without_examples("Vie professionnelle (arrêts maladie, handicap, etc.)"),
            "Vie professionnelle (arrêts maladie, handicap, etc.)"
        );
    }

    #[test]
    fn placeholders_are_recognised() {
        for p in ["-", "N/A", "Cliquez ici.", "X", "Aucune à ce jour", ".", ""] {
            assert!(is_placeholder(p), "{p:?}");
        }
        for v in ["Non", "OVH", "1 an"] {
            assert!(!is_placeholder(v), "{v:?}");
        }
    }

    #[test]
    fn lists_split_on_numbering_bullets_and_lines() {
        assert_eq!(
            split_list("1. Prospects\n2. Clients\n3. Bénéficiaires"),
            vec!["Prospects", "Clients", "Bénéficiaires"]
        );
        assert_eq!(
            split_list(r#"<ul style="list-style-type: none"> - Mode daltonien - Interlignage"#),
            vec!["Mode daltonien", "Interlignage"]
        );
        assert_eq!(
            split_list("1. Seulement l'adresse IP 2. Nom - Prénom 3. Identifiant"),
            vec!["Seulement l'adresse IP", "Nom - Prénom", "Identifiant"]
        );
        assert_eq!(
            split_list("Payline - crédit Mutuel Arkea"),
            vec!["Payline - crédit Mutuel Arkea"]
        );
        assert_eq!(split_list("• Toutes"), vec!["Toutes"]);
        assert_eq!(split_list("a; b ;c"), vec!["a", "b", "c"]);
        // numbers that do not count up are not a list
        assert_eq!(split_list("Article 6. Licéité"), vec!["Article 6. Licéité"]);
        // items glued by a lost line break, and a brand that is not split
        let brands = camel_words(["TouteMonAnnée et ses clients"]);
        assert_eq!(
            unglue(
                "Nom, prénom, pseudonymePhoto de profilAdresse email",
                &brands
            ),
            "Nom, prénom, pseudonyme\nPhoto de profil\nAdresse email"
        );
        assert_eq!(
            unglue(
                "Support technique et commercial TouteMonAnnéeOVH (hébergeur)",
                &brands
            ),
            "Support technique et commercial TouteMonAnnée\nOVH (hébergeur)"
        );
        assert_eq!(
            unglue(
                "Administrateurs système TouteMonAnnée Support TouteMonAnnée OVH (x)",
                &brands
            ),
            "Administrateurs système TouteMonAnnée\nSupport TouteMonAnnée\nOVH (x)"
        );
        assert_eq!(
            identifiers_as_words("healthRecord, iPhone, macOS, WhatsApp, lastSeenAt"),
            "health Record, iPhone, macOS, WhatsApp, last Seen At"
        );
        // an identifier in a code span is no pair of glued items
        assert_eq!(
            unglue("`ageAttested`, `lastSeenAt`, pseudonymePhoto", &brands),
            "`ageAttested`, `lastSeenAt`, pseudonyme\nPhoto"
        );
        for whole in [
            "TouteMonAnnée",
            "iPhone et macOS",
            "LinkedIn",
            "McDonald",
            "TouteMonAnnée et OVH",
            // a legal form ends the brand's name: it starts no item
            "TouteMonAnnée SAS (France)",
            "TouteMonAnnée Inc. — paiement",
            "TouteMonAnnée Italia S.r.l. – fornitore",
        ] {
            assert_eq!(unglue(whole, &brands), whole);
        }
        // a lead-in, then numbering on one line or across lines: one reading
        let want = vec!["Clients", "un usager anonyme", "un usager identifié"];
        assert_eq!(
            split_list("Clients : 1. un usager anonyme 2. un usager identifié"),
            want
        );
        assert_eq!(
            split_list("Clients : 1. un usager anonyme\n2. un usager identifié"),
            want
        );
    }
}
