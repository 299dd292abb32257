//! Generated prose around values: a questionnaire tool's export writes every answer in
//! the same sentence (« The recorded answer is: Consent. ») and every missing one as the
//! same sentence (« This question has not been answered yet. »). Both are found because
//! they repeat, not because they are known: a lead-in of two words or more, ending in a
//! colon, that names no field and opens four paragraphs or more (a quarter of them at
//! least), each alone under its heading, is the tool's wrapper, taken off; a sentence of five words or more met word for
//! word under three headings or more, alone there, says the answer is missing.

use super::document::{Block, Document, Kind, Para};
use super::shapes::Labels;
use ropa_model::Said;
use std::collections::{BTreeMap, BTreeSet};

/// The document without the tool's wrappers, and what was done, when there is any.
pub fn unwrap(doc: &Document, labels: &Labels) -> Option<(Document, Vec<Said>)> {
    let mut notes = Vec::new();
    let mut out = doc.clone();
    if let Some((words, values)) = strip_wrapper(&mut out, labels) {
        notes.push(Said::AnswerWrapper { words, values });
    }
    // the reason of each sentence is given with it, as an ignored value
    mark_unanswered(&mut out);
    (out != *doc).then_some((out, notes))
}

fn paras(doc: &mut Document) -> impl Iterator<Item = &mut Para> {
    doc.blocks.iter_mut().filter_map(|b| match &mut b.kind {
        Kind::Paragraph(p) | Kind::Item { para: p, .. } => Some(p),
        _ => None,
    })
}

/// The lead-in of a paragraph up to its first colon, when it reads as words before an
/// answer (two to twelve words).
fn lead_in(text: &str) -> Option<&str> {
    let (head, rest) = text.split_once(':')?;
    let words = head.split_whitespace().count();
    ((2..=12).contains(&words) && !rest.trim().is_empty() && !head.contains('\n'))
        .then_some(head.trim())
}

/// Takes the most repeated wrapper off the paragraphs it opens; its words and how many.
/// The paragraphs it opens stand alone under their headings (a tool's answer to each
/// question): a `Pilote métier : …` line among others is a label of the client's.
fn strip_wrapper(doc: &mut Document, labels: &Labels) -> Option<(String, usize)> {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut total = 0;
    for (i, b) in doc.blocks.iter().enumerate() {
        let (Kind::Paragraph(p) | Kind::Item { para: p, .. }) = &b.kind else {
            continue;
        };
        total += 1;
        if let Some(head) = lead_in(&p.text) {
            let e = counts.entry(head.to_string()).or_default();
            e.0 += 1;
            e.1 += usize::from(is_sole(&doc.blocks, i));
        }
    }
    let (words, n) = counts
        .into_iter()
        .filter(|(h, (n, sole))| {
            *n >= 4 && n * 4 >= total && sole * 10 >= n * 8 && labels.field(h).is_none()
        })
        .map(|(h, (n, _))| (h, n))
        .max_by_key(|(_, n)| *n)?;
    for p in paras(doc) {
        if lead_in(&p.text) == Some(words.as_str())
            && let Some((_, rest)) = p.text.split_once(':')
        {
            p.text = rest.trim().to_string();
            p.lead = None;
        }
    }
    Some((words, n))
}

/// Marks the sentences a tool repeats where no answer was given.
fn mark_unanswered(doc: &mut Document) {
    // each paragraph standing alone under its heading, with that heading's text
    let mut alone: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut heading = String::new();
    let blocks = &doc.blocks;
    for (i, b) in blocks.iter().enumerate() {
        match &b.kind {
            Kind::Heading { text, .. } => heading = text.clone(),
            Kind::Paragraph(p) if is_sole(blocks, i) && p.text.split_whitespace().count() >= 5 => {
                alone
                    .entry(p.text.trim().to_string())
                    .or_default()
                    .insert(heading.clone());
            }
            _ => {}
        }
    }
    let repeated: BTreeSet<String> = alone
        .into_iter()
        .filter(|(_, headings)| headings.len() >= 3)
        .map(|(text, _)| text)
        .collect();
    for b in &mut doc.blocks {
        if let Kind::Paragraph(p) = &b.kind
            && repeated.contains(p.text.trim())
        {
            b.kind = Kind::Unanswered(p.text.trim().to_string());
        }
    }
}

/// Whether the block at `i` is the only one between two headings.
fn is_sole(blocks: &[Block], i: usize) -> bool {
    let heading = |j: usize| {
        blocks
            .get(j)
            .is_none_or(|b| matches!(b.kind, Kind::Heading { .. }))
    };
    i > 0 && heading(i - 1) && heading(i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ropa_model::Field;

    #[test]
    fn a_repeated_wrapper_is_taken_off_and_a_repeated_no_answer_marked() {
        let field =
            |s: &str| (ropa_model::text::fold_label(s) == "purpose").then_some(Field::Purpose);
        let known = |s: &str| field(s).is_some();
        let labels = Labels::new(&known, &field);
        let mut md = String::new();
        // the same sentence alone under three headings says no answer; a value repeated
        // under one heading (`Security`) is the client's
        for (i, (a, missing)) in [
            ("Payroll", "Transfers"),
            ("CRM", "Retention"),
            ("Website", "Recipients"),
        ]
        .iter()
        .enumerate()
        {
            md.push_str(&format!(
                "## {a}\n\n### Purpose\n\nThe recorded answer is: to do {i}.\n\n### Basis\n\nThe recorded answer is: contract.\n\n### {missing}\n\nNo answer was given to this question.\n\n### Notes\n\nPurpose: a field's own label is no wrapper.\n\n### Security\n\nSee the security policy of the whole group.\n\n"
            ));
        }
        let doc = super::super::document::markdown::read(&md);
        let (out, notes) = unwrap(&doc, &labels).unwrap();
        assert_eq!(
            notes,
            [Said::AnswerWrapper {
                words: "The recorded answer is".into(),
                values: 6
            }]
        );
        let texts: Vec<String> = out
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                Kind::Paragraph(p) => Some(p.text.clone()),
                Kind::Unanswered(t) => Some(format!("(none) {t}")),
                _ => None,
            })
            .collect();
        assert_eq!(texts[0], "to do 0.");
        assert_eq!(texts[2], "(none) No answer was given to this question.");
        assert_eq!(texts[3], "Purpose: a field's own label is no wrapper.");
        assert_eq!(texts[4], "See the security policy of the whole group.");
    }
}
