//! Layouts inferred on a [`Document`], whatever format it came from. Each shape is a small
//! function that says how many activities it finds and on what evidence; the shape with
//! the most activities wins (headings on a tie, as they carry the names):
//! 1. one table of activities: a header row of field labels, one row per activity;
//! 2. a transposed table: field labels down the first column, one column per activity;
//! 3. one two-column label | value table per activity (the CNIL « fiche »);
//! 4. one heading per activity, its fields as sub-headings, bold lead-ins,
//!    `- **Label:** value` bullets, `Label : value` lines, or a label | value table.
//!
//! An activity is a block that carries a purpose and at least two other fields (or five
//! fields without a purpose): a numbered procedure, a revision history, an annex of
//! measures or a list of processors is not one. What is not an activity is kept: before
//! the activities it speaks for the register; after them it is register-level `extra`
//! (its values are marked `aside`), never dropped.

use super::document::{Block, Cell, Document, Kind, Para, Table};
use super::{
    IsLabel, ORGANISATION_LABEL, REF_LABEL, RawBlock, RawDocument, RawValue, Skipped, TITLE_LABEL,
};
use rayon::prelude::*;
use regex::Regex;
use ropa_model::text::{has_content, re};
use ropa_model::{Field, Place, Said, Why};
use std::collections::BTreeSet;
use std::sync::LazyLock;
use tables::by_tables;

mod pairs;
mod tables;

use pairs::Pairs;
#[cfg(test)]
use pairs::ticked;

/// Which canonical field a label names, when it names one (exact or fuzzy).
pub type FieldOf<'a> = &'a (dyn Fn(&str) -> Option<Field> + Sync);

/// The shapes a document's activities can take (a mapping may pin one).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// A header row and one row per activity.
    Table,
    /// Field labels down the first column, one column per activity.
    Transposed,
    /// One two-column label | value table per activity.
    FicheTables,
    /// One heading per activity.
    Headings,
}

impl Shape {
    /// The shape's name, as written in mappings and summaries.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Table => "table",
            Shape::Transposed => "transposed",
            Shape::FicheTables => "fiche_tables",
            Shape::Headings => "headings",
        }
    }
}

/// The evidence for a shape: the activities it finds and why.
#[derive(Clone, Debug)]
pub struct Found {
    /// The shape.
    pub shape: Shape,
    /// The document read with it.
    pub doc: RawDocument,
    /// Why: the evidence, for the summary and `explain` to word.
    pub why: Why,
    /// The fields found, summed over the activities (the tie-breaker).
    evidence: usize,
    /// The other reading the document allowed, which lost: its shape, its activities
    /// and fields found (for `explain`).
    pub runner_up: Option<(Shape, usize, usize)>,
    /// Where in the document its activities stand, as indices of its blocks: each
    /// section's first and end for headings, each table of activity rows for tables.
    spans: Vec<(usize, usize)>,
}

/// What labels look like to the shapes.
pub struct Labels<'a> {
    /// Whether a text is a known label (exact).
    pub is_label: IsLabel<'a>,
    /// The field a label names (exact or fuzzy).
    pub field_of: FieldOf<'a>,
    /// The fields of the labels asked already: a shape asks of each line several times
    /// (is it a label, does its lead-in name a field), and each asking cleaned and folded
    /// it again (a fifth of a long Markdown register's reading).
    seen: std::cell::RefCell<std::collections::HashMap<String, Option<Field>>>,
}

impl<'a> Labels<'a> {
    /// The labels of a reading, by whether a text is a known label and its field.
    pub fn new(is_label: IsLabel<'a>, field_of: FieldOf<'a>) -> Self {
        Labels {
            is_label,
            field_of,
            seen: Default::default(),
        }
    }

    pub(crate) fn field(&self, label: &str) -> Option<Field> {
        if let Some(f) = self.seen.borrow().get(label) {
            return *f;
        }
        let l = clean_label(label);
        let f = if l.is_empty() || l.chars().count() > 120 {
            None
        } else {
            (self.field_of)(&l)
        };
        ropa_model::memo::remember(&mut self.seen.borrow_mut(), label, f);
        f
    }
}

/// How many of a set of fields describe an activity: the controller's or DPO's details
/// describe the register.
fn substantive(fields: &BTreeSet<Field>) -> usize {
    fields
        .iter()
        .filter(|f| !f.is_identity())
        .filter(|f| f.level() != ropa_model::fields::Level::Register)
        .count()
}

/// Whether a set of fields makes an activity: a purpose and two others, or five.
fn is_activity(fields: &BTreeSet<Field>) -> bool {
    let n = substantive(fields);
    (fields.contains(&Field::Purpose) && n >= 3) || n >= 5
}

/// Whether a record's first value names a processor or a recipient and it gives no
/// purpose (« Processor Name | Hetzner », then its address, the data it handles, its
/// location, its contract): the profile of a party, as a table led by a party lists
/// parties, however many fields it fills.
fn a_party_profile(p: &Pairs, labels: &Labels) -> bool {
    !p.fields.contains(&Field::Purpose)
        && p.values
            .iter()
            .find(|v| !v.derived)
            .and_then(|v| labels.field(&v.label))
            .is_some_and(|f| matches!(f, Field::Processors | Field::Recipients))
}

/// A label without its numbering (`1.`, `2.3`, `a)`), bold marks and trailing colon.
fn clean_label(s: &str) -> String {
    static NUM: LazyLock<Regex> =
        LazyLock::new(|| re(r"^\s*(?:[0-9]+(?:\.[0-9]+)*\.?|[a-z]\)|[IVX]+\.)\s+"));
    let s = s.replace("**", "");
    let t = s.trim();
    // a numbering starts with a figure, a lower-case letter or a Roman numeral: most
    // labels start otherwise and are not searched
    let numbered = t.starts_with(|c: char| {
        c.is_ascii_digit() || c.is_ascii_lowercase() || matches!(c, 'I' | 'V' | 'X')
    });
    let s = if numbered {
        NUM.replace(t, "")
    } else {
        t.into()
    };
    s.trim().trim_end_matches([':', '：']).trim().to_string()
}

/// The number and name of an activity's title (`Traitement n°3 : Paie` → 3, Paie).
fn split_title(title: &str) -> (Option<String>, String) {
    static TITLE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?:([\p{L}’' ]*?)\s*)?(?:n°|nº|no\.?|nr\.?|#|n\.)?\s*([0-9]{1,4}(?:\.[0-9]+)*)\s*(?:[—–\-:.)]|\s-)\s*(.+)$",
        )
    });
    let t = ropa_model::text::trim_decoration(title);
    // at most 40 letters before the number (checked here: a bounded repetition of every
    // script's letters costs milliseconds to compile); the shortest that fits is taken,
    // as the bounded pattern would
    match TITLE.captures(t) {
        Some(c) if c.get(1).is_none_or(|w| w.as_str().chars().count() <= 40) => (
            c.get(2).map(|m| m.as_str().to_string()),
            c.get(3).map_or(t, |m| m.as_str()).trim().to_string(),
        ),
        _ => (None, t.to_string()),
    }
}

/// The values the title of an activity gives it: its name and, as a copy, the number in
/// it as reference; the words that number it (`Processing activity 1 —`) set aside. When
/// the activity names itself (a `Nom du traitement` row), the title is kept whole as text.
fn title_values(title: &str, place: &Place, named: bool) -> (Vec<RawValue>, Option<Skipped>) {
    if named {
        // `Activité 2`, `Fiche n° 3`: a title that only numbers the activity says
        // nothing its own name does not
        static NUMBERING: LazyLock<Regex> =
            LazyLock::new(|| re(r"^[\p{L}’' ]*?\s*(?:n°|nº|no\.?|nr\.?|#)?\s*[0-9]{1,3}\s*[.:]?$"));
        let t = title.trim();
        if NUMBERING.is_match(t) && t.chars().count() <= 50 {
            let skipped = Skipped {
                value: RawValue::new(super::SECTION_TITLE_LABEL, t, place.clone()),
                reason: Said::TitleNumbering,
            };
            return (Vec::new(), Some(skipped));
        }
        let v = RawValue::new(super::SECTION_TITLE_LABEL, t, place.clone());
        return (vec![v], None);
    }
    let (number, name) = split_title(title);
    let mut values = vec![RawValue::new(TITLE_LABEL, name.clone(), place.clone())];
    let mut numbering = None;
    if let Some(n) = number {
        let mut r = RawValue::new(REF_LABEL, n, place.clone());
        r.derived = true;
        values.push(r);
        let prefix = title
            .trim()
            .strip_suffix(name.as_str())
            .unwrap_or_default()
            .trim();
        if prefix.chars().any(char::is_alphabetic) {
            numbering = Some(Skipped {
                value: RawValue::new(TITLE_LABEL, prefix, place.clone()),
                reason: Said::TitleNumbering,
            });
        }
    }
    (values, numbering)
}

/// Splits `Label : value` when the part before the colon is short enough to be a label.
fn colon_split(text: &str) -> Option<(&str, &str)> {
    let first = text.lines().next()?;
    let i = first.find(':')?;
    let (label, rest) = (first[..i].trim(), &text[i + 1..]);
    let words = label.split_whitespace().count();
    // `Oui : Mailchimp (États-Unis)` is an answer, not a label
    const ANSWERS: &[&str] = &[
        "oui", "non", "yes", "no", "ja", "nein", "si", "nee", "none", "aucun", "aucune", "n a",
    ];
    // a label's own numbering and article (`1. Zweck (Art. 30)`) make it no sentence
    static DECORATION: LazyLock<Regex> =
        LazyLock::new(|| re(r"^\s*(?:[0-9]+(?:\.[0-9]+)*[.)]|[a-z]\))\s+|\s*\([^()]*\)"));
    let bare = DECORATION.replace_all(label, " ");
    let bare = bare.trim();
    let ok = !bare.is_empty()
        // (an answer is a short word: a label of more than 16 characters, its marks
        // included, is not folded to be told from one)
        && (label.chars().count() > 16
            || !ANSWERS.contains(&ropa_model::text::fold(label).as_str()))
        && words <= 8
        && label.chars().count() <= 70
        && !bare.contains(['.', ';', '!', '?', '«', '"'])
        && !bare.chars().last().is_some_and(|c| c.is_ascii_digit())
        && !rest.starts_with("//")
        && (rest.is_empty() || rest.starts_with([' ', '\t', '\n']) || rest.starts_with('\u{a0}'));
    ok.then(|| (label, rest.trim()))
}

/// The level given to a title line promoted by [`titled_lists`]: below any real heading.
const TITLE_LINE_LEVEL: u8 = 9;

/// A document whose activities are titled by plain lines, with those lines as headings
/// so the heading shapes read them; None when it has no such titles. Two forms, each
/// needing two titles or more: a one-line paragraph of at most 120 characters directly
/// followed by three list items or more, most of them `Label : value` pairs (`Activité
/// 2 – Paie` over its bullets); and, in a list of such pairs, the item whose label
/// recurs first in every group (`1) Traitement : Contact`, then `- Finalité : …`), as
/// numbered titles are read in Markdown. Titles with a heading between them are not
/// taken: the headings cut the activities.
fn titled_lists(doc: &Document, labels: &Labels) -> Option<Document> {
    let (titles, by_pairs) = match titled_paragraphs(doc) {
        t if t.len() >= 2 => (t, false),
        _ => (recurring_first_pairs(doc, labels), true),
    };
    // titles are the document's structure only where headings are not: a heading
    // between two of them means the headings cut the activities already
    let headed = titles.first().zip(titles.last()).is_some_and(|(a, b)| {
        doc.blocks[*a..=*b]
            .iter()
            .any(|blk| matches!(blk.kind, Kind::Heading { .. }))
    });
    if titles.len() < 2 || headed {
        return None;
    }
    let mut out = doc.clone();
    for i in titles {
        let text = match &doc.blocks[i].kind {
            // `Traitement : Contact` titled by its value, its label naming the title; a
            // paragraph title is kept whole for the title reading (number, reference)
            Kind::Item { para: p, .. } if by_pairs => colon_split(&p.text)
                .map_or(&*p.text, |(_, value)| value)
                .to_string(),
            Kind::Paragraph(p) | Kind::Item { para: p, .. } => p.text.clone(),
            _ => continue,
        };
        out.blocks[i].kind = Kind::Heading {
            level: TITLE_LINE_LEVEL,
            text,
        };
    }
    Some(out)
}

/// The label of a `Label : value` text with a value, as the pairs of an activity are
/// read ([`colon_split`]).
fn pair_label(text: &str) -> Option<&str> {
    colon_split(text)
        .filter(|(_, value)| has_content(value))
        .map(|(label, _)| label)
}

/// One-line paragraphs each directly followed by three list items or more, most of
/// them pairs.
fn titled_paragraphs(doc: &Document) -> Vec<usize> {
    (0..doc.blocks.len())
        .filter(|&i| {
            let Kind::Paragraph(p) = &doc.blocks[i].kind else {
                return false;
            };
            let t = p.text.trim_end();
            if t.contains('\n')
                || t.chars().count() > 120
                || !has_content(t)
                || t.ends_with([':', '：'])
            {
                return false;
            }
            let items: Vec<&str> = doc.blocks[i + 1..]
                .iter()
                .map_while(|b| match &b.kind {
                    Kind::Item { level: 0, para } => Some(para.text.as_str()),
                    Kind::Item { .. } => Some(""),
                    _ => None,
                })
                .filter(|t| !t.is_empty())
                .collect();
            let pairs = items.iter().filter(|t| pair_label(t).is_some()).count();
            items.len() >= 3 && pairs >= 3 && pairs * 10 >= items.len() * 6
        })
        .collect()
}

/// The list items whose label is the first pair's label of the document, names the
/// activity (`Traitement`, `Activity`) and recurs, each followed by three pairs or more
/// before the next: a recurring first field such as the purpose is no title.
fn recurring_first_pairs(doc: &Document, labels: &Labels) -> Vec<usize> {
    let pairs: Vec<(usize, String)> = doc
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match &b.kind {
            Kind::Item { level: 0, para } => {
                pair_label(&para.text).map(|l| (i, ropa_model::text::fold_label(l)))
            }
            _ => None,
        })
        .collect();
    let Some((_, first)) = pairs.first() else {
        return Vec::new();
    };
    if labels.field(first) != Some(Field::Name) {
        return Vec::new();
    }
    let Some(starts) = recurring_starts(&pairs) else {
        return Vec::new();
    };
    starts.into_iter().map(|n| pairs[n].0).collect()
}

/// Where the first label of a run of `Label : value` pairs recurs (its positions in
/// `pairs`), when it opens two groups or more of four pairs or more each: the groups are
/// records, each opened by the same label.
fn recurring_starts(pairs: &[(usize, String)]) -> Option<Vec<usize>> {
    let (_, first) = pairs.first()?;
    let starts: Vec<usize> = pairs
        .iter()
        .enumerate()
        .filter(|(_, (_, l))| l == first)
        .map(|(n, _)| n)
        .collect();
    let full = starts
        .iter()
        .zip(starts.iter().skip(1).chain([&pairs.len()]))
        .all(|(a, b)| b - a >= 4);
    (starts.len() >= 2 && full).then_some(starts)
}

/// The sections of a document cut at headings of one level: (heading index, end).
fn sections(blocks: &[Block], level: u8) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if let Kind::Heading { level: l, .. } = b.kind
            && l == level
        {
            let end = blocks[i + 1..]
                .iter()
                .position(|b| matches!(b.kind, Kind::Heading { level: l2, .. } if l2 <= level))
                .map_or(blocks.len(), |p| i + 1 + p);
            out.push((i, end));
        }
    }
    out
}

/// A section of a document: the index of its heading and of the block after its end.
type Span = (usize, usize);

/// The most activities the sections of a heading level can give: one per section, or,
/// in a section without headings inside, one per top-level item at most (see [`groups`]).
fn most_sections(blocks: &[Block], sections: &[Span]) -> usize {
    sections
        .iter()
        .map(|&(start, end)| {
            let inner = &blocks[start + 1..end];
            if inner.iter().any(|b| matches!(b.kind, Kind::Heading { .. })) {
                1
            } else {
                let items = inner
                    .iter()
                    .filter(|b| matches!(b.kind, Kind::Item { level: 0, .. }))
                    .count();
                items.max(1)
            }
        })
        .sum()
}

fn heading_text(b: &Block) -> &str {
    match &b.kind {
        Kind::Heading { text, .. } => text,
        _ => "",
    }
}

/// Whether a part heading says the activities under it are processed for others (Art. 30(2)).
fn is_processor_part(title: &str) -> bool {
    static P: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(as a processor|en (?:tant que|qualité de) sous-traitant|pour le compte d|30\s*\(2\)|30\.2|auftragsverarbeit|als auftragsverarbeiter|encargad[oa] del tratamiento|responsabile del trattamento per conto|als verwerker)",
        )
    });
    P.is_match(title)
}

/// The pairs of a run of blocks read as one record, its sub-headings as labels (a
/// section under its heading, a group of a section, a whole form).
fn record_pairs(blocks: &[Block], labels: &Labels) -> Pairs {
    let mut p = Pairs::default();
    for b in blocks {
        p.block(labels, b, true);
    }
    p.close_qualifier(labels);
    p
}

/// A part of a section that carries an activity: its first block, its end, its pairs, and
/// the index of the heading that titles it.
type Section = (usize, usize, Pairs, usize);

/// Shape 4: one heading per activity, at the level where most headings carry activities.
fn by_headings(doc: &Document, labels: &Labels) -> Option<Found> {
    let levels: BTreeSet<u8> = doc
        .blocks
        .iter()
        .filter_map(|b| match b.kind {
            Kind::Heading { level, .. } => Some(level),
            _ => None,
        })
        .collect();
    let mut best: Option<(usize, usize, u8, Vec<Section>)> = None;
    let (is_label, field_of) = (labels.is_label, labels.field_of);
    // the level with the most activities wins (then the most fields, then the highest
    // level): the levels that could give the most are read first, and a level that cannot
    // give as many as the best so far is not read (a title over the whole register is one
    // section, and reading it was half of a long document's shapes)
    let mut by_bound: Vec<(usize, u8, Vec<Span>)> = levels
        .into_iter()
        .map(|level| {
            let sections = sections(&doc.blocks, level);
            (most_sections(&doc.blocks, &sections), level, sections)
        })
        .collect();
    by_bound.sort_by_key(|&(bound, level, _)| (std::cmp::Reverse(bound), level));
    for (bound, level, sections) in by_bound {
        if best.as_ref().is_some_and(|(bn, _, _, _)| bound < *bn) {
            continue;
        }
        // each section read on its own, on every core (a long document's reading was
        // on one)
        let all: Vec<(usize, usize, Pairs)> = sections
            .into_par_iter()
            .map_init(
                // a memo of its own per thread: the same answers, no lock
                || Labels::new(is_label, field_of),
                |labels, (start, end)| {
                    (
                        start,
                        end,
                        record_pairs(&doc.blocks[start + 1..end], labels),
                    )
                },
            )
            .collect();
        let keep: Vec<bool> = (0..all.len())
            .map(|i| {
                (is_activity(&all[i].2.fields) || thinner_sibling(&all, i, doc, labels))
                    && !a_party_profile(&all[i].2, labels)
            })
            .collect();
        let mut found: Vec<(usize, usize, Pairs)> = all
            .into_iter()
            .zip(keep)
            .filter_map(|(section, keep)| keep.then_some(section))
            .collect();
        // a section titled like a field (« 3. Destinataires et sous-traitants ») and
        // without the purpose its siblings give is a part of the register styled like
        // the activities, not one of them
        let with_purpose = found
            .iter()
            .filter(|(_, _, p)| p.fields.contains(&Field::Purpose))
            .count();
        if with_purpose >= 2 {
            found.retain(|(start, _, p)| {
                let (_, title) = split_title(heading_text(&doc.blocks[*start]));
                p.fields.contains(&Field::Purpose) || labels.field(&title).is_none()
            });
        }
        // a section that holds several groups of the same labels, each an activity, is
        // as many activities, each under the section's title
        let found: Vec<Section> = found
            .into_par_iter()
            .map_init(
                || Labels::new(is_label, field_of),
                |labels, (start, end, p)| {
                    groups(doc, labels, start, end).unwrap_or_else(|| vec![(start, end, p, start)])
                },
            )
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect();
        let n = found.len();
        let evidence: usize = found.iter().map(|(_, _, p, _)| p.fields.len()).sum();
        if n > 0
            && best.as_ref().is_none_or(|(bn, be, bl, _)| {
                (n, evidence, std::cmp::Reverse(level)) > (*bn, *be, std::cmp::Reverse(*bl))
            })
        {
            best = Some((n, evidence, level, found));
        }
    }
    let (n, evidence, level, found) = best?;
    let spans: Vec<(usize, usize)> = found.iter().map(|(s, e, _, _)| (*s, *e)).collect();
    let mut out = RawDocument::default();
    let mut next = 0;
    let mut part_title = String::new();
    let mut fields_per = Vec::new();
    for (start, end, p, heading) in found {
        aside_blocks(
            &doc.blocks[next..start],
            labels,
            &mut out,
            next == 0,
            &mut part_title,
        );
        let title = heading_text(&doc.blocks[heading]);
        let place = doc.blocks[heading].place.clone();
        let has_name = p
            .values
            .iter()
            .any(|v| labels.field(&v.label) == Some(Field::Name));
        let (mut values, numbering) = title_values(title, &place, has_name);
        out.skipped.extend(numbering);
        if is_processor_part(&part_title) && !p.fields.contains(&Field::RegisterRole) {
            let mut r = RawValue::new(super::ROLE_LABEL, "processor", place.clone());
            r.derived = true;
            values.push(r);
        }
        fields_per.push(p.fields.len());
        values.extend(p.values);
        out.skipped.extend(p.skipped);
        out.blocks.push(RawBlock {
            values,
            reversed: false,
        });
        next = end;
    }
    aside_blocks(
        &doc.blocks[next..],
        labels,
        &mut out,
        false,
        &mut part_title,
    );
    let why = Why::Headings {
        titles: n,
        // titles promoted from plain lines are no headings: no level to show
        level: if level == TITLE_LINE_LEVEL {
            0
        } else {
            level.into()
        },
        min: fields_per.iter().min().copied().unwrap_or(0),
        max: fields_per.iter().max().copied().unwrap_or(0),
    };
    Some(Found {
        shape: Shape::Headings,
        doc: out,
        why,
        evidence,
        runner_up: None,
        spans,
    })
}

/// Whether a section that is not an activity by its own fields is one by its place: in
/// an unbroken run of sibling sections two of which are activities (« 2.7 », « 2.8 »
/// under « 2. Activités »), titled as they are (the same first word, or a number of the
/// same form: « Annexe 3 » after « Traitement n°13 » is no activity), it gives three
/// fields of an activity, and its title names no field (« 2.9 Sécurité » is a part of
/// the register styled like them).
fn thinner_sibling(
    all: &[(usize, usize, Pairs)],
    i: usize,
    doc: &Document,
    labels: &Labels,
) -> bool {
    let (start, _, p) = &all[i];
    let (_, title) = split_title(heading_text(&doc.blocks[*start]));
    if substantive(&p.fields) < 3 || labels.field(&title).is_some() {
        return false;
    }
    // the run: siblings each starting where the one before ends
    let mut first = i;
    while first > 0 && all[first - 1].1 == all[first].0 {
        first -= 1;
    }
    let mut last = i;
    while last + 1 < all.len() && all[last].1 == all[last + 1].0 {
        last += 1;
    }
    // the first word of a title, its figures as one mark (`2.8` and `2.7` alike)
    let lead = |at: usize| -> String {
        let word = heading_text(&doc.blocks[at])
            .split_whitespace()
            .next()
            .unwrap_or("");
        let mut out = String::new();
        for c in word.chars() {
            let c = if c.is_ascii_digit() { '#' } else { c };
            if !(c == '#' && out.ends_with('#')) {
                out.push(c);
            }
        }
        out
    };
    let own = lead(*start);
    let activities: Vec<usize> = all[first..=last]
        .iter()
        .filter(|(_, _, q)| is_activity(&q.fields))
        .map(|(at, _, _)| *at)
        .collect();
    activities.len() >= 2 && activities.iter().all(|&at| lead(at) == own)
}

/// A form: the document is one activity and its headings are the fields (« 1. Bezeichnung
/// der Verarbeitung », « 4. Zweck der Verarbeitung »…), with no heading over them that
/// names the activity. Read only when no heading carries an activity, from the first
/// heading that names a field, and only when most headings from there name one: a policy
/// whose sections happen to name a few fields is no record.
fn one_record(doc: &Document, labels: &Labels) -> Option<Found> {
    let headings: Vec<(usize, Option<Field>)> = doc
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match &b.kind {
            Kind::Heading { text, .. } => Some((i, labels.field(text))),
            _ => None,
        })
        .collect();
    let first = headings.iter().position(|(_, f)| f.is_some())?;
    let from = &headings[first..];
    let naming = from.iter().filter(|(_, f)| f.is_some()).count();
    if naming < 4 || naming * 3 < from.len() * 2 {
        return None;
    }
    // a field's heading met twice: two records, not one form
    let mut seen = BTreeSet::new();
    if !from.iter().filter_map(|(_, f)| *f).all(|f| seen.insert(f)) {
        return None;
    }
    let start = from[0].0;
    let p = record_pairs(&doc.blocks[start..], labels);
    if !is_activity(&p.fields) {
        return None;
    }
    let mut out = RawDocument::default();
    let mut part = String::new();
    aside_blocks(&doc.blocks[..start], labels, &mut out, true, &mut part);
    let mut values = Vec::new();
    let named = p
        .values
        .iter()
        .any(|v| labels.field(&v.label) == Some(Field::Name));
    // the document's title names the activity when no field does
    if !named
        && let Some(at) = out
            .preamble
            .iter()
            .position(|v| v.label.is_empty() && v.text.chars().count() <= 150)
    {
        let title = out.preamble.remove(at);
        let (mut named, numbering) = title_values(&title.text, &title.place, false);
        out.skipped.extend(numbering);
        values.append(&mut named);
    }
    let fields = p.fields.len();
    values.extend(p.values);
    out.skipped.extend(p.skipped);
    out.blocks.push(RawBlock {
        values,
        reversed: false,
    });
    Some(Found {
        shape: Shape::Headings,
        doc: out,
        why: Why::OneRecord { fields: naming },
        evidence: fields,
        runner_up: None,
        spans: vec![(start, doc.blocks.len())],
    })
}

/// The groups of one section that repeat its first label (`- Categorie: …` opens each
/// of two lists of the same labels, a blank line between them): each group's first
/// block, end, pairs and the section's heading; None unless there are two groups or
/// more, each of four pairs or more and each an activity, the repeated label naming a
/// field, and no heading inside the section.
fn groups(doc: &Document, labels: &Labels, start: usize, end: usize) -> Option<Vec<Section>> {
    // a section with headings inside is cut by them, not by its labels
    if doc.blocks[start + 1..end]
        .iter()
        .any(|b| matches!(b.kind, Kind::Heading { .. }))
    {
        return None;
    }
    let items: Vec<(usize, String)> = (start + 1..end)
        .filter_map(|i| match &doc.blocks[i].kind {
            Kind::Item { level: 0, para } => {
                pair_label(&para.text).map(|l| (i, ropa_model::text::fold_label(l)))
            }
            _ => None,
        })
        .collect();
    let (_, first) = items.first()?;
    labels.field(first)?;
    let starts = recurring_starts(&items)?;
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let from = if k == 0 { start + 1 } else { items[s].0 };
        let to = starts.get(k + 1).map_or(end, |&n| items[n].0);
        let p = record_pairs(&doc.blocks[from..to], labels);
        if !is_activity(&p.fields) {
            return None;
        }
        out.push((if k == 0 { start } else { from }, to, p, start));
    }
    Some(out)
}

/// The party of the register a heading introduces, with the words that name it: the
/// heading itself (« Verantwortlicher », « Datos del responsable »), or, when the whole
/// names no field, its tail after words that only introduce (« Identificación del
/// responsable del tratamiento », « Contact details of the DPO »). A heading that names
/// another party or field (« Representative in the EU of the controller », « Sous-traitant
/// du responsable ») or whose lead-in says more (« Legal representative of the
/// controller ») gives none. An article's reference after it (« … (art. 30.1.a RGPD) »,
/// « … — Art. 30 RGPD ») is not read.
fn register_party(heading: &str, labels: &Labels) -> Option<(Field, String)> {
    let (_, title) = split_title(heading);
    let title = clean_label(&without_article(&title));
    let party = |text: &str| {
        labels
            .field(text)
            .map(|f| f.is_register_party().then(|| (f, text.to_string())))
    };
    if let Some(whole) = party(&title) {
        return whole;
    }
    for (at, _) in title.match_indices(' ') {
        let lead = &title[..at];
        if !lead
            .split_whitespace()
            .all(|w| INTRODUCING.contains(&ropa_model::text::fold(w).as_str()))
        {
            return None;
        }
        if let Some(found) = party(&title[at + 1..]) {
            return found;
        }
    }
    None
}

/// The words that only introduce a party in a heading (« Identité du », « Angaben zum »,
/// « Contact details of the »), folded, with the linking words between them and the party.
const INTRODUCING: &[&str] = &[
    "identite",
    "identification",
    "identificacion",
    "identificazione",
    "identificatie",
    "identity",
    "identidad",
    "identita",
    "identiteit",
    "datos",
    "dati",
    "donnees",
    "data",
    "gegevens",
    "angaben",
    "details",
    "detail",
    "coordonnees",
    "coordinate",
    "contact",
    "contacts",
    "contatti",
    "contacto",
    "contactos",
    "kontakt",
    "kontaktdaten",
    "informations",
    "information",
    "informacion",
    "informazioni",
    "informationen",
    "informatie",
    "presentation",
    "presentacion",
    "presentazione",
    "name",
    "nom",
    "nombre",
    "nome",
    "naam",
    "de",
    "du",
    "des",
    "d",
    "la",
    "le",
    "l",
    "del",
    "della",
    "dello",
    "dei",
    "degli",
    "of",
    "the",
    "zum",
    "zur",
    "der",
    "des",
    "van",
    "het",
    "y",
    "e",
    "et",
    "and",
    "und",
    "en",
    "su",
    "sul",
];

/// A title without an article's reference after it: a bracket holding a figure, or what
/// follows a dash when it holds one (« Responsable (art. 30.1.a) », « … — Art. 30 RGPD »).
fn without_article(title: &str) -> String {
    let mut t = title.to_string();
    for dash in [" — ", " – ", " - "] {
        if let Some((head, tail)) = t.split_once(dash)
            && tail.contains(|c: char| c.is_ascii_digit())
        {
            t = head.to_string();
        }
    }
    while let Some(open) = t.find('(') {
        let Some(close) = t[open..].find(')') else {
            break;
        };
        if !t[open..open + close].contains(|c: char| c.is_ascii_digit()) {
            break;
        }
        t.replace_range(open..=open + close, "");
    }
    t.trim().to_string()
}

/// The blocks outside the activities: before the first, the register's own values; after
/// it, register-level values marked aside with the section they stand in.
fn aside_blocks(
    blocks: &[Block],
    labels: &Labels,
    out: &mut RawDocument,
    before: bool,
    part: &mut String,
) {
    let mut section = "hors des activités".to_string();
    let mut party: Option<(Field, String)> = None;
    let mut p = Pairs::default();
    for b in blocks {
        if let Kind::Heading { text, .. } = &b.kind {
            section = text.clone();
            *part = text.clone();
            if before {
                party = register_party(text, labels);
            }
        }
        let from = p.values.len();
        p.block(labels, b, false);
        for v in &mut p.values[from..] {
            if before {
                // « ## Verantwortlicher » then « Name : … »: the heading says whose name
                if let Some((field, title)) = &party
                    && labels
                        .field(&v.label)
                        .is_some_and(|f| f.of_party(*field).is_some())
                {
                    v.option.get_or_insert_with(|| title.clone());
                }
            } else {
                v.aside = Some(section.clone());
            }
        }
    }
    out.preamble.append(&mut p.values);
    out.skipped.append(&mut p.skipped);
}

/// Reads a document with the shape given, or the best one.
pub fn read(doc: &Document, shape: Option<Shape>, labels: &Labels) -> Option<Found> {
    let titled = titled_lists(doc, labels);
    let doc = titled.as_ref().unwrap_or(doc);
    // the headings' reading with its summary merged: the activities a summary lists
    // and details in sections are counted once, before the two readings are weighed
    let headings = || by_headings(doc, labels).map(|h| merge_summary(h, doc, labels));
    let tables = || by_tables(doc, labels);
    let mut found = match shape {
        Some(Shape::Headings) => headings(),
        Some(_) => tables(),
        None => match (headings(), tables()) {
            (Some(h), Some(t)) => {
                let (nh, nt) = (h.doc.blocks.len(), t.doc.blocks.len());
                // tables of recipients or processors alone do not outnumber sections
                let (mut won, lost, n) = if !nested(&h, &t)
                    && !only_parties(&t, doc, labels)
                    && (nt > nh || (nt == nh && t.evidence > h.evidence + nh * 3))
                {
                    (t, h, nh)
                } else {
                    (h, t, nt)
                };
                won.runner_up = Some((lost.shape, n, lost.evidence));
                Some(won)
            }
            (None, Some(t)) if only_parties(&t, doc, labels) => {
                // tables of recipients or processors alone, in a one-activity form
                // whose sections say the rest: the form is the activity
                one_record(doc, labels).or(Some(t))
            }
            (h, t) => h.or(t),
        },
    }
    .or_else(|| one_record(doc, labels))?;

    // every label the document uses, once, in reading order
    let mut seen: BTreeSet<String> = found
        .doc
        .labels
        .iter()
        .map(|l| ropa_model::text::fold_label(l))
        .collect();
    let values = found
        .doc
        .preamble
        .iter()
        .chain(found.doc.blocks.iter().flat_map(|b| &b.values));
    let mut labels_found = Vec::new();
    // a label as written is folded once: every activity repeats the same few
    let mut written: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for v in values {
        if !v.label.is_empty()
            && !v.label.starts_with('(')
            && written.insert(&v.label[..])
            && seen.insert(ropa_model::text::fold_label(&v.label))
        {
            labels_found.push(v.label.clone());
        }
    }
    found
        .doc
        .labels
        .extend(labels_found.iter().map(|l| l.to_string()));
    Some(found)
}

/// Whether every table a table reading takes activities from is led by a party (see
/// [`tables::led_by_a_party`]).
fn only_parties(t: &Found, doc: &Document, labels: &Labels) -> bool {
    !t.spans.is_empty()
        && t.spans.iter().all(|(i, _)| match &doc.blocks[*i].kind {
            Kind::Table(table) => tables::led_by_a_party(table, labels),
            _ => false,
        })
}

/// Whether the rows a table reading takes for activities stand inside the sections the
/// heading reading takes for activities, in two of them or more: the tables are the
/// sections' own (a recipients table under each activity, with a `Finalité` column),
/// not a table of activities.
fn nested(h: &Found, t: &Found) -> bool {
    let mut sections = BTreeSet::new();
    let mut inside = 0;
    for (table, _) in &t.spans {
        if let Some(i) = h.spans.iter().position(|(s, e)| s < table && table < e) {
            sections.insert(i);
            inside += 1;
        }
    }
    // a summary table before the sections, an annex after them, do not count against
    sections.len() >= 2 && inside * 2 >= t.spans.len()
}

/// The keys an activity is known by: its reference and its name, folded.
fn keys(values: &[RawValue], labels: &Labels) -> (Option<String>, Option<String>) {
    let of = |f: Field| {
        values
            .iter()
            .find(|v| match &*v.label {
                TITLE_LABEL => f == Field::Name,
                REF_LABEL => f == Field::Ref,
                l => labels.field(l) == Some(f),
            })
            .map(|v| ropa_model::text::fold(&v.text))
            .filter(|k| !k.is_empty())
    };
    (of(Field::Ref), of(Field::Name))
}

/// A summary table of activities and one section per activity (class « a summary and
/// the details »): a table whose header names the activity (its name or number) and
/// other fields, each row of which is met again as a section, by its number or its name.
/// Each row's cells join its section's activity, once; the name or number it repeats is
/// set aside as such, and the header as a header. The headings' reading, merged when
/// such a table is found.
fn merge_summary(mut h: Found, doc: &Document, labels: &Labels) -> Found {
    if h.shape != Shape::Headings || h.doc.blocks.len() < 2 {
        return h;
    }
    let sections: Vec<(Option<String>, Option<String>)> = h
        .doc
        .blocks
        .iter()
        .map(|b| keys(&b.values, labels))
        .collect();
    // each section's title, folded and padded: a summary row's number or name may stand
    // in it (« VT-01: Mitgliederverwaltung » for the row `VT-01 | Mitgliederverwaltung`)
    // when the section names itself otherwise
    let titles: Vec<String> = h
        .doc
        .blocks
        .iter()
        .map(|b| {
            b.values
                .iter()
                .find(|v| matches!(&*v.label, TITLE_LABEL | super::SECTION_TITLE_LABEL))
                .map(|v| format!(" {} ", ropa_model::text::fold(&v.text)))
                .unwrap_or_default()
        })
        .collect();
    let in_title = |key: &Option<String>| {
        key.as_ref().and_then(|k| {
            let k = format!(" {k} ");
            let hits: Vec<usize> = titles
                .iter()
                .enumerate()
                .filter(|(_, t)| t.contains(&k))
                .map(|(i, _)| i)
                .collect();
            // one section only: a word several titles share names none
            (hits.len() == 1).then(|| hits[0])
        })
    };
    let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
    let mut merged = 0;
    let mut summary_order: Option<Vec<usize>> = None;
    for (i, b) in doc.blocks.iter().enumerate() {
        let Kind::Table(t) = &b.kind else { continue };
        // a table inside an activity's section (the last one's, a summary after it
        // with no heading between) sums the activities up only by their names: its
        // rows numbered 1, 2… are that activity's own (its purposes)
        let inside = h.spans.iter().any(|(s, e)| *s < i && i < *e);
        let Some(header) = t.rows.first().filter(|_| t.rows.len() >= 3) else {
            continue;
        };
        let fields: Vec<Option<Field>> = header.iter().map(|c| labels.field(&c.text)).collect();
        let names = fields.iter().any(|f| f.is_some_and(Field::is_identity));
        if !names || fields.iter().flatten().count() < 2 {
            continue;
        }
        // each row as (label, cell) pairs under the header
        let rows: Vec<Vec<RawValue>> = t.rows[1..]
            .iter()
            .map(|r| {
                r.iter()
                    .zip(header)
                    .filter(|(c, _)| has_content(&c.text) && !c.merged_copy)
                    .map(|(c, hc)| {
                        RawValue::new(clean_label(&hc.text), c.text.trim(), c.place.clone())
                    })
                    .collect()
            })
            .filter(|r: &Vec<RawValue>| !r.is_empty())
            .collect();
        let matched: Vec<Option<usize>> = rows
            .iter()
            .map(|row| {
                let (r, n) = keys(row, labels);
                let r = if inside { None } else { r };
                sections
                    .iter()
                    .position(|(_, sn)| same(&n, sn))
                    .or_else(|| sections.iter().position(|(sr, _)| same(&r, sr)))
                    .or_else(|| in_title(&r))
                    .or_else(|| in_title(&n))
            })
            .collect();
        let mut seen = BTreeSet::new();
        let found = matched.iter().flatten().count();
        // most rows met in a section: the table sums them up (the rows of activities
        // with no section of their own are activities too)
        if found < 2
            || found * 10 < rows.len() * 6
            || !matched.iter().flatten().all(|i| seen.insert(*i))
        {
            continue;
        }
        // the summary's cells were read as the register's values, or set aside: read
        // again here, once
        let moved: Vec<Place> = header
            .iter()
            .map(|c| c.place.clone())
            .chain(rows.iter().flatten().map(|v| v.place.clone()))
            .collect();
        h.doc.preamble.retain(|v| !moved.contains(&v.place));
        h.doc.skipped.retain(|s| !moved.contains(&s.value.place));
        // a summary after the last section, no heading between, was read as that
        // section's own values: taken back from it
        for block in &mut h.doc.blocks {
            block.values.retain(|v| !moved.contains(&v.place));
        }
        for c in header.iter().filter(|c| has_content(&c.text)) {
            h.doc.skipped.push(Skipped {
                value: RawValue::new("", c.text.clone(), c.place.clone()),
                reason: Said::TableHeader,
            });
        }
        // the activities in the summary's order
        let mut order: Vec<usize> = Vec::new();
        for (row, at) in rows.into_iter().zip(matched) {
            let Some(at) = at else {
                // a row met in no section is an activity of its own
                order.push(h.doc.blocks.len());
                h.doc.blocks.push(RawBlock {
                    values: row,
                    reversed: false,
                });
                continue;
            };
            order.push(at);
            let (sr, sn) = sections[at].clone();
            for v in row {
                let key = Some(ropa_model::text::fold(&v.text));
                let repeat = match labels.field(&v.label) {
                    Some(Field::Name) => key == sn,
                    Some(Field::Ref) => key == sr,
                    _ => false,
                };
                if repeat {
                    h.doc.skipped.push(Skipped {
                        value: v,
                        reason: Said::SummaryRepeat,
                    });
                } else {
                    h.doc.blocks[at].values.push(v);
                }
            }
        }
        if summary_order.is_none() {
            summary_order = Some(order);
        }
        h.doc.labels.extend(header.iter().map(|c| c.text.clone()));
        merged += found;
    }
    // the first summary's order, then the activities it does not list, as they came
    if let Some(mut order) = summary_order {
        order.extend(
            (0..h.doc.blocks.len())
                .filter(|i| !order.contains(i))
                .collect::<Vec<_>>(),
        );
        let mut blocks: Vec<Option<RawBlock>> = std::mem::take(&mut h.doc.blocks)
            .into_iter()
            .map(Some)
            .collect();
        h.doc.blocks = order.iter().filter_map(|&i| blocks[i].take()).collect();
    }
    if merged > 0 {
        h.doc.info.notes.push(Said::SummaryMerged(merged));
    }
    h
}

/// Splits the register-level values read without a label that hold `Label: value`
/// pieces separated by ` | ` or line breaks (a merged title cell « Verantwortlicher: X |
/// DSB: Y »), when a piece's label names a field; the other pieces keep the value's place.
pub fn split_inline_pairs(raw: &mut RawDocument, labels: &Labels) {
    let mut out = Vec::with_capacity(raw.preamble.len());
    for v in std::mem::take(&mut raw.preamble) {
        if v.derived {
            out.push(v);
            continue;
        }
        if !v.label.is_empty() {
            // `Organisme : X <TAB> DPO : Y`, a row of cells each `Label : value`, read
            // as one pair: the cells after the first are pairs of their own
            out.extend(tabbed_pairs(v, labels));
            continue;
        }
        let pieces: Vec<&str> = v
            .text
            .split(['|', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let known = pieces
            .iter()
            .filter(|p| {
                colon_split(p).is_some_and(|(l, r)| !r.is_empty() && labels.field(l).is_some())
            })
            .count();
        if known == 0 {
            out.push(v);
            continue;
        }
        for p in pieces {
            let mut piece = v.clone();
            match colon_split(p) {
                Some((l, r)) if !r.is_empty() && labels.field(l).is_some() => {
                    piece.label = clean_label(l).into();
                    piece.text = r.to_string();
                }
                _ => piece.text = p.to_string(),
            }
            out.push(piece);
        }
    }
    raw.preamble = out;
}

/// Marks the title line that says who the organisation is and where (a postal address,
/// a phone or an email on one line above the activities, under no label) as the
/// organisation's, when no labelled value gives the controller's address or contact: a
/// register's heading often is its only contact.
pub fn organisation_line(raw: &mut RawDocument, labels: &Labels) {
    static REACHABLE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\b[0-9]{4,5}\s+\p{Lu}|(?i:\b(?:t[ée]l(?:[ée]phone|efon)?|phone|tfno|tel)\b)|\+[0-9]{2}\s?[0-9]|@[\p{Latin}0-9-]+\.",
        )
    });
    let given = raw.preamble.iter().any(|v| {
        !v.label.is_empty()
            && matches!(
                (labels.field_of)(&v.label),
                Some(Field::ControllerAddress | Field::ControllerContact)
            )
    });
    if given {
        return;
    }
    let reachable = |t: &str| {
        t.chars().count() <= 240 && (REACHABLE.is_match(t) || ropa_model::text::has_uk_postcode(t))
    };
    // the line itself, or an opening paragraph that introduces the organisation in its
    // first sentence, then says more (« Foodbank CIO, 22 Quarry Road, FS4 7RB. Data
    // protection lead: … »): the first sentence is the organisation's line, the rest
    // stays a value of its own
    let Some((at, split)) = raw.preamble.iter().enumerate().find_map(|(i, v)| {
        if !v.label.is_empty() || v.derived || v.aside.is_some() || v.text.contains('\n') {
            return None;
        }
        if reachable(&v.text) {
            return Some((i, None));
        }
        let (first, rest) = first_sentence(&v.text).filter(|(s, _)| reachable(s))?;
        Some((i, Some((first.to_string(), rest.to_string()))))
    }) else {
        return;
    };
    if let Some((first, rest)) = split {
        let mut after = raw.preamble[at].clone();
        after.text = rest;
        raw.preamble[at].text = first;
        raw.preamble.insert(at + 1, after);
    }
    raw.preamble[at].label = ORGANISATION_LABEL.into();
}

/// A paragraph's first sentence and the rest, when it has more than one: cut at a full
/// stop followed by a space and a capital (« no. 1190427 » and « Dr. Weiß » do not end
/// one), within its first 960 bytes.
fn first_sentence(text: &str) -> Option<(&str, &str)> {
    let t = text.trim();
    for (i, c) in t.char_indices() {
        if i > 960 {
            return None;
        }
        if c != '.' {
            continue;
        }
        let rest = &t[i + 1..];
        let next = rest.trim_start();
        let word_before = t[..i].rsplit([' ', '(']).next().unwrap_or("");
        if rest.starts_with(' ')
            && next.chars().next().is_some_and(char::is_uppercase)
            // « Dr. », « St. », « Nr. »: a short word of letters is an abbreviation
            && !(word_before.chars().count() <= 3 && word_before.chars().all(char::is_alphabetic))
        {
            return Some((t[..=i].trim(), next));
        }
    }
    None
}

/// A labelled value whose text holds tab-separated cells after the first, each a
/// `Label : value` whose label names a field: the first cell keeps the label, each other
/// cell is a pair of its own. Any other value is given back whole.
fn tabbed_pairs(v: RawValue, labels: &Labels) -> Vec<RawValue> {
    let cells: Vec<&str> = v.text.split('\t').map(str::trim).collect();
    let pairs = cells.len() >= 2
        && cells[1..].iter().all(|c| {
            !has_content(c)
                || colon_split(c).is_some_and(|(l, r)| !r.is_empty() && labels.field(l).is_some())
        });
    if !pairs {
        return vec![v];
    }
    let mut out = Vec::new();
    let mut first = v.clone();
    first.text = cells[0].to_string();
    out.push(first);
    for c in cells[1..].iter().filter(|c| has_content(c)) {
        if let Some((l, r)) = colon_split(c) {
            let mut piece = v.clone();
            piece.label = clean_label(l).into();
            piece.text = r.to_string();
            out.push(piece);
        }
    }
    out
}

/// The cells of a sheet that is not an activity (a summary, notes, an organisation
/// sheet), read as label | value rows, each marked aside with the sheet's name: they
/// give the register-level fields (controller, DPO) and go to `extra` otherwise.
pub fn sheet_values(table: &Table, labels: &Labels, sheet: &str) -> (Vec<RawValue>, Vec<Skipped>) {
    let mut p = Pairs::default();
    p.table(labels, table);
    let aside = format!("feuille « {sheet} »");
    let values = p
        .values
        .into_iter()
        .map(|mut v| {
            v.aside = Some(aside.clone());
            v
        })
        .collect();
    (values, p.skipped)
}

#[cfg(test)]
mod tests {
    #[test]
    fn boxes_typed_as_any_glyph_are_read() {
        let (kept, unticked) =
            super::ticked("✅ Contrat\n☐ Consentement\n☑\u{fe0f} Obligation légale");
        assert_eq!(kept.as_deref(), Some("Contrat\nObligation légale"));
        assert_eq!(unticked, ["Consentement"]);
        let (kept, unticked) = super::ticked("■ Salariés □ Clients");
        assert_eq!(kept.as_deref(), Some("Salariés"));
        assert_eq!(unticked, ["Clients"]);
        // a black square alone is a bullet, and a lone ✅ an emphasis: not boxes
        let (kept, unticked) = super::ticked("■ Salariés ■ Clients");
        assert_eq!(kept.as_deref(), Some("■ Salariés ■ Clients"));
        assert!(unticked.is_empty());
        assert_eq!(super::ticked("5 ans ✅").0.as_deref(), Some("5 ans ✅"));
        // the box after its option's text
        let (kept, unticked) = super::ticked("Exécution d'un contrat ⬜\nConsentement ✅");
        assert_eq!(kept.as_deref(), Some("Consentement"));
        assert_eq!(unticked, ["Exécution d'un contrat"]);
        let (kept, unticked) = super::ticked("Contrat ☐ Consentement ☒");
        assert_eq!(kept.as_deref(), Some("Consentement"));
        assert_eq!(unticked, ["Contrat"]);
    }

    use super::*;

    fn field_of(s: &str) -> Option<Field> {
        match ropa_model::text::fold_label(s).as_str() {
            "finalite" | "purpose" => Some(Field::Purpose),
            "personnes concernees" | "data subjects" => Some(Field::DataSubjects),
            "destinataires" | "recipients" => Some(Field::Recipients),
            "duree de conservation" | "retention" => Some(Field::Retention),
            "nom du traitement" | "activity" => Some(Field::Name),
            _ => None,
        }
    }

    fn labels() -> Labels<'static> {
        Labels::new(&|s| field_of(s).is_some(), &field_of)
    }

    fn md(text: &str) -> Found {
        read(
            &super::super::document::markdown::read(text),
            None,
            &labels(),
        )
        .unwrap()
    }

    #[test]
    fn a_form_read_whole_only_when_no_field_heading_repeats() {
        let field = |n: &str| {
            format!(
                "## Nom du traitement\n\n{n}\n\n## Finalité\n\nGérer {n}\n\n## Personnes concernées\n\nAdhérents\n\n## Données\n\nNom, e-mail\n\n## Durée de conservation\n\n3 ans\n\n"
            )
        };
        let one = format!("Fiche de registre\n\n{}", field("Adhésions"));
        let doc = super::super::document::markdown::read(&one);
        assert_eq!(
            one_record(&doc, &labels()).map(|f| f.doc.blocks.len()),
            Some(1)
        );
        let two = format!("{}{}", field("Adhésions"), field("Lettre d'information"));
        let doc = super::super::document::markdown::read(&two);
        assert!(one_record(&doc, &labels()).is_none());
    }

    #[test]
    fn a_data_item_before_a_comma_is_no_name() {
        let f = md(
            "## Traitement 1 – Clients\n\n- Finalité : suivi\n- Base légale : contrat\n- Personnes concernées : clients\n- Données :\n  - Nom, prénom\n  - Date de naissance, adresse : facultatives\n- Durée de conservation : 3 ans\n",
        );
        let labels_found: Vec<String> = f.doc.blocks[0]
            .values
            .iter()
            .map(|v| v.label.to_string())
            .collect();
        assert!(
            !labels_found.iter().any(|l| l == "adresse"),
            "{labels_found:?}"
        );
    }

    #[test]
    fn plain_line_titles_are_not_a_fields_label_nor_a_recurring_field() {
        let doc = |t: &str| super::super::document::markdown::read(t);
        // a field's label over its list of pairs is no title: one paragraph title each
        let two = "Activity A\n- Finalité : payer\n- Destinataires : banque\n- Personnes concernées : salariés\n\nMesures :\n- Accès : mot de passe\n- Sauvegarde : quotidienne\n- Chiffrement : oui\n\nActivity B\n- Finalité : former\n- Destinataires : organisme\n- Personnes concernées : salariés\n";
        let titled = titled_lists(&doc(two), &labels()).unwrap();
        let headings: Vec<&str> = titled
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                Kind::Heading { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(headings, ["Activity A", "Activity B"]);
        // a purpose recurring first in each group of items is no title
        let purposes = "1. Paie\n- Finalité : payer\n- Destinataires : banque\n- Personnes concernées : salariés\n- Durée de conservation : 5 ans\n\n2. Formation\n- Finalité : former\n- Destinataires : organisme\n- Personnes concernées : salariés\n- Durée de conservation : 3 ans\n";
        assert!(recurring_first_pairs(&doc(purposes), &labels()).is_empty());
        // while an activity's label recurring first is its title, titled by its value
        let named = purposes
            .replace("1. Paie", "- Activity : Paie")
            .replace("2. Formation", "- Activity : Formation");
        let titled = titled_lists(&doc(&named), &labels()).unwrap();
        assert!(
            titled
                .blocks
                .iter()
                .any(|b| matches!(&b.kind, Kind::Heading { text, .. } if text == "Formation"))
        );
    }

    #[test]
    fn headings_with_bullets_and_a_procedure_that_is_not_an_activity() {
        let f = md(
            "# Register\n\nController: Acme\n\n## Activity 1 — Payroll\n\n- **Purpose:** pay staff\n- **Data subjects:**\n  - employees\n- **Retention:** 6 years\n\n## Activity 2 — CRM\n\nPurpose: sell\nRecipients: sales\nRetention: 3 years\n\n## Breach procedure\n\n1. Call the DPO\n2. Notify within 72 hours\n",
        );
        assert_eq!(f.shape, Shape::Headings);
        assert_eq!(f.doc.blocks.len(), 2, "{:?}", f.doc.blocks);
        let a = &f.doc.blocks[0].values;
        assert_eq!(a[0].text, "Payroll");
        assert!(
            a.iter()
                .any(|v| &*v.label == "Data subjects" && v.text == "employees")
        );
        assert!(
            f.doc
                .preamble
                .iter()
                .any(|v| &*v.label == "Controller" && v.text == "Acme" && v.aside.is_none())
        );
        assert!(
            f.doc
                .preamble
                .iter()
                .any(|v| v.text == "Notify within 72 hours"
                    && v.aside.as_deref() == Some("Breach procedure"))
        );
    }

    #[test]
    fn one_table_of_activities_with_a_note_row() {
        let f = md(
            "Intro\n\n| Nom du traitement | Finalité | Personnes concernées | Destinataires |\n|---|---|---|---|\n| Paie | payer | salariés | banque |\n| CRM | vendre | clients | commerciaux |\n| Note : voir annexe | | | |\n",
        );
        assert_eq!(f.shape, Shape::Table);
        assert_eq!(f.doc.blocks.len(), 2);
        assert!(
            f.doc
                .preamble
                .iter()
                .any(|v| v.text.starts_with("Note") && v.aside.is_some())
        );
    }

    #[test]
    fn a_transposed_table() {
        let f = md(
            "| Activity | Payroll | CRM |\n|---|---|---|\n| Purpose | pay | sell |\n| Data subjects | staff | clients |\n| Retention | 6 years | 3 years |\n",
        );
        assert_eq!(f.shape, Shape::Transposed);
        assert_eq!(f.doc.blocks.len(), 2);
        assert!(
            f.doc.blocks[1]
                .values
                .iter()
                .any(|v| &*v.label == "Purpose" && v.text == "sell")
        );
    }

    #[test]
    fn label_value_tables_under_headings_and_check_boxes() {
        let f = md(
            "### Traitement n°1 : Paie\n\n| Rubrique | Détail |\n|---|---|\n| **Finalité** | payer |\n| Personnes concernées | ☒ salariés ☐ clients |\n| Destinataires | banque |\n\n### Traitement n°2 : CRM\n\n| Rubrique | Détail |\n|---|---|\n| Finalité | vendre |\n| Personnes concernées | clients |\n| Durée de conservation | 3 ans |\n\n### Annexe : sous-traitants\n\n| Nom | Service |\n|---|---|\n| OVH | hébergement |\n",
        );
        assert_eq!(f.doc.blocks.len(), 2);
        let a = &f.doc.blocks[0].values;
        assert_eq!(a[0].text, "Paie");
        assert!(a.iter().any(|v| &*v.label == REF_LABEL && v.text == "1"));
        assert!(
            a.iter()
                .any(|v| &*v.label == "Personnes concernées" && v.text == "salariés")
        );
        assert!(
            f.doc
                .skipped
                .iter()
                .any(|s| s.value.text == "clients" && s.reason == Said::UncheckedBox)
        );
        assert!(
            f.doc
                .preamble
                .iter()
                .any(|v| v.text == "OVH" || v.text == "hébergement")
        );
    }

    #[test]
    fn a_paragraph_s_first_sentence_ends_at_a_stop_before_a_capital() {
        assert_eq!(
            first_sentence(
                "Foodbank CIO (charity no. 1190427), 22 Quarry Road, FS4 7RB. Data lead: M. Olowe."
            ),
            Some((
                "Foodbank CIO (charity no. 1190427), 22 Quarry Road, FS4 7RB.",
                "Data lead: M. Olowe."
            ))
        );
        assert_eq!(
            first_sentence("Praxis Dr. Weiß, Am Markt 3. Tel. 0421 55"),
            Some(("Praxis Dr. Weiß, Am Markt 3.", "Tel. 0421 55"))
        );
        assert_eq!(
            first_sentence("Atelier Morel SARL – 12 rue Haute, 35000 Rennes"),
            None
        );
    }

    #[test]
    fn a_field_section_owns_its_lead_ins_tables_and_near_labels() {
        // `Contrôle d'accès` only comes near the controller, `Référence` names the
        // activity's reference, `Sous-traitants` the processors (which are recipients)
        fn near(s: &str) -> Option<Field> {
            match ropa_model::text::fold_label(s).as_str() {
                "controle d acces" => Some(Field::ControllerName),
                "reference" => Some(Field::Ref),
                "base legale" => Some(Field::LegalBasis),
                "securite" => Some(Field::SecurityMeasures),
                "sous traitants" => Some(Field::Processors),
                _ => field_of(s),
            }
        }
        let exact =
            |s: &str| near(s).is_some() && ropa_model::text::fold_label(s) != "controle d acces";
        let labels = Labels::new(&exact, &near);
        let text = "## 1 — Paie

### Finalité

payer

### Base légale

**Art. 6.1.c — Obligation légale :** code du travail.

Référence : article L3243-1.

### Destinataires

**Interne :** comptabilité.

**Sous-traitants :**
- **PaieNuage SAS** (France) — bulletins.

### Durée de conservation

| Données | Durée | Motif |
|---|---|---|
| Bulletins | 5 ans | Code du travail |

### Sécurité

- Contrôle d'accès : comptables seuls.
- Référence : charte.

### Personnes concernées

salariés
";
        let f = read(&super::super::document::markdown::read(text), None, &labels).unwrap();
        let v = &f.doc.blocks[0].values;
        let find = |label: &str, text: &str| {
            v.iter()
                .find(|x| &*x.label == label && x.text.contains(text))
                .unwrap_or_else(|| panic!("{label}: {text} in {v:#?}"))
        };
        // the lead-in leads the basis's text; the reference stays in the basis
        let basis = find("Base légale", "code du travail");
        assert_eq!(
            basis.sublabel.as_deref(),
            Some("Art. 6.1.c — Obligation légale")
        );
        assert_eq!(
            find("Base légale", "L3243-1").sublabel.as_deref(),
            Some("Référence")
        );
        // in a section of parties the lead-in says their kind; the list under a bare
        // lead-in carries it too
        assert_eq!(
            find("Destinataires", "comptabilité").option.as_deref(),
            Some("Interne")
        );
        assert_eq!(
            find("Destinataires", "PaieNuage").option.as_deref(),
            Some("Sous-traitants")
        );
        // the table is the retention's value, its header row set aside
        let row = find("Durée de conservation", "5 ans");
        assert_eq!(row.sublabel.as_deref(), Some("Bulletins"));
        assert_eq!(row.text, "5 ans — Code du travail");
        assert!(
            f.doc
                .skipped
                .iter()
                .any(|s| s.value.text == "Durée" && s.reason == Said::TableHeader)
        );
        // list items of the measures are measures, whole
        find("Sécurité", "Contrôle d'accès : comptables seuls.");
        find("Sécurité", "Référence : charte.");
        assert!(
            !v.iter()
                .any(|x| &*x.label == "Contrôle d'accès" || &*x.label == "Référence")
        );
        // a field's own exact label after the section still starts that field
        find("Personnes concernées", "salariés");
    }

    #[test]
    fn a_summary_table_and_the_sections_it_lists_are_one_reading() {
        let f = md(
            "# Register\n\n| Activity | Purpose | Lawful basis |\n|---|---|---|\n| Payroll | pay staff | legal obligation |\n| CRM | sell | legitimate interests |\n\n## 1. Payroll\n\n- **Data subjects:** staff\n- **Retention:** 6 years\n- **Recipients:** bank\n- **Purpose:** pay staff monthly\n\n## 2. CRM\n\n- **Data subjects:** clients\n- **Retention:** 3 years\n- **Recipients:** sales\n- **Purpose:** sell more\n",
        );
        assert_eq!(f.doc.blocks.len(), 2, "{:#?}", f.doc.blocks);
        let a = &f.doc.blocks[1].values;
        // the summary's basis joins the section's fields; its repeated name is set aside
        assert!(
            a.iter()
                .any(|v| &*v.label == "Lawful basis" && v.text == "legitimate interests")
        );
        assert!(
            a.iter()
                .any(|v| &*v.label == "Data subjects" && v.text == "clients")
        );
        assert!(
            f.doc
                .skipped
                .iter()
                .any(|s| s.value.text == "CRM" && s.reason == Said::SummaryRepeat)
        );
        assert!(!f.doc.preamble.iter().any(|v| v.text == "pay staff"));
        assert!(f.doc.info.notes.contains(&Said::SummaryMerged(2)));
    }

    #[test]
    fn a_section_titled_like_a_field_after_the_activities_is_none() {
        fn more(s: &str) -> Option<Field> {
            match ropa_model::text::fold_label(s).as_str() {
                "transferts" => Some(Field::Transfers),
                "securite" => Some(Field::SecurityMeasures),
                "sous traitants" => Some(Field::Processors),
                _ => field_of(s),
            }
        }
        let labels = Labels::new(&|s| more(s).is_some(), &more);
        let text = "## 1. Paie\n\n- **Finalité :** payer\n- **Personnes concernées :** salariés\n- **Durée de conservation :** 5 ans\n- **Destinataires :** banque\n\n## 2. CRM\n\n- **Finalité :** vendre\n- **Personnes concernées :** clients\n- **Durée de conservation :** 3 ans\n\n## 3. Destinataires\n\n- **Destinataires :** banque, URSSAF\n- **Sous-traitants :** PaieNuage\n- **Transferts :** aucun\n- **Sécurité :** contrats de l'article 28\n- **Durée de conservation :** selon le traitement\n";
        let f = read(&super::super::document::markdown::read(text), None, &labels).unwrap();
        assert_eq!(f.doc.blocks.len(), 2, "{:#?}", f.doc.blocks);
        assert!(
            f.doc
                .preamble
                .iter()
                .any(|v| v.text.contains("URSSAF") && v.aside.is_some())
        );
    }

    #[test]
    fn titles_give_number_and_name() {
        assert_eq!(
            split_title("Processing activity 1 — Customer accounts"),
            (Some("1".into()), "Customer accounts".into())
        );
        assert_eq!(
            split_title("Traitement n°3 : Paie"),
            (Some("3".into()), "Paie".into())
        );
        assert_eq!(
            split_title("Verarbeitungstätigkeit 2: Mandanten"),
            (Some("2".into()), "Mandanten".into())
        );
        assert_eq!(
            split_title("Paie du personnel"),
            (None, "Paie du personnel".into())
        );
    }

    #[test]
    fn a_title_that_only_numbers_a_named_activity_is_set_aside() {
        let place = Place::Line(1);
        for t in ["Activité 2", "Fiche n° 3", "Processing activity #4"] {
            let (values, skipped) = title_values(t, &place, true);
            assert!(values.is_empty(), "{t}");
            assert_eq!(skipped.map(|s| s.reason), Some(Said::TitleNumbering), "{t}");
        }
        for kept in ["Activité 2 – Paie du siège", "Élections CSE 2026"] {
            let (values, _) = title_values(kept, &place, true);
            assert_eq!(values.len(), 1, "{kept}");
        }
    }
}
