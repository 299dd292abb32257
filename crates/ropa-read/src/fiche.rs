//! The `fiche` layout: one block per activity, each line `label<TAB>value`, values
//! spilling over continuation lines, headings with an empty value grouping sub-rows.

use super::{
    FicheLayout, IsLabel, REF_LABEL, RawBlock, RawDocument, RawValue, TITLE_LABEL, numbered_lines,
};
use regex::Regex;
use ropa_model::error::{Error, Result};
use ropa_model::text::{fold_label, has_content};
use ropa_model::{Place, Said};
use std::collections::HashMap;
use std::path::Path;

/// One line split at its first tab.
struct Line<'a> {
    no: usize,
    label: &'a str,
    value: String,
    has_tab: bool,
    blank: bool,
}

fn split_line(no: usize, raw: &str) -> Line<'_> {
    let (label, value, has_tab) = match raw.split_once('\t') {
        Some((l, v)) => (l.trim(), v.replace('\t', " ").trim().to_string(), true),
        None => (raw.trim(), String::new(), false),
    };
    Line {
        no,
        label,
        value,
        has_tab,
        blank: !has_content(raw),
    }
}

/// A label with its value lines (the first line and its continuations).
#[derive(Clone)]
struct Row {
    no: usize,
    label: String,
    lines: Vec<String>,
}

impl Row {
    fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Reads a document in the fiche layout.
pub fn read(
    path: &Path,
    text: &str,
    layout: &FicheLayout,
    is_label: IsLabel,
) -> Result<RawDocument> {
    let lines: Vec<Line> = numbered_lines(text)
        .into_iter()
        .map(|(no, l)| split_line(no, l))
        .collect();
    let title_re = match &layout.title {
        Some(p) => Some(
            ropa_model::text::regex_cached(p).map_err(|e| Error::Mapping {
                path: path.to_path_buf(),
                message: format!("[layout] title is not a valid regex: {e}"),
            })?,
        ),
        None => None,
    };
    let starts = block_starts(
        &lines,
        title_re.as_ref(),
        layout.first_label.as_deref(),
        is_label,
    );
    let Some(first) = starts.first() else {
        let hint = match (&layout.title, &layout.first_label) {
            (Some(t), _) => format!(
                "no line matches the title pattern `{t}`. Check [layout] title in the mapping."
            ),
            (None, Some(l)) => format!(
                "no line has the first label \"{l}\". Check [layout] first_label in the mapping."
            ),
            (None, None) => "the fiche layout needs `title` or `first_label` in [layout].".into(),
        };
        return Err(Error::NoBlocks {
            path: path.to_path_buf(),
            hint,
        });
    };

    let mut doc = RawDocument::default();
    for line in &lines[..first.index] {
        if line.blank {
            continue;
        }
        let v = if line.has_tab && has_content(line.label) && has_content(&line.value) {
            RawValue::new(line.label, line.value.clone(), Place::Line(line.no))
        } else {
            let whole = format!("{} {}", line.label, line.value);
            RawValue::new("", whole.trim(), Place::Line(line.no))
        };
        doc.preamble.push(v);
    }

    let mut blocks_rows: Vec<Vec<Row>> = Vec::new();
    for (i, start) in starts.iter().enumerate() {
        let body_from = if start.titled {
            start.index + 1
        } else {
            start.index
        };
        let body_to = starts.get(i + 1).map_or(lines.len(), |s| s.index);
        blocks_rows.push(rows_of(&lines[body_from..body_to]));
    }

    let sequences: Vec<Vec<String>> = blocks_rows
        .iter()
        .map(|rows| {
            rows.iter()
                .filter(|r| !r.label.is_empty() && is_label(&r.label))
                .map(|r| fold_label(&r.label))
                .collect()
        })
        .collect();
    let mut all_labels: Vec<String> = Vec::new();
    let backwards = runs_backwards(&sequences);
    for (i, (start, mut rows)) in starts.iter().zip(blocks_rows).enumerate() {
        let reversed = backwards[i];
        if reversed {
            rows.reverse();
            doc.info.notes.push(Said::ReversedBlock {
                block: i + 1,
                line: lines[start.index].no,
            });
        }
        let mut block = RawBlock {
            reversed,
            ..Default::default()
        };
        if start.titled {
            block
                .values
                .extend(title_values(&lines[start.index], title_re.as_ref()));
        }
        emit_rows(&rows, is_label, &mut block.values, &mut all_labels);
        doc.blocks.push(block);
    }
    all_labels.dedup();
    doc.labels = all_labels;
    Ok(doc)
}

/// Where a block starts and whether that line is its title.
struct Start {
    index: usize,
    titled: bool,
}

fn block_starts(
    lines: &[Line],
    title: Option<&Regex>,
    first_label: Option<&str>,
    is_label: IsLabel,
) -> Vec<Start> {
    if let Some(re) = title {
        return lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.blank && l.value.is_empty() && re.is_match(l.label))
            .map(|(index, _)| Start {
                index,
                titled: true,
            })
            .collect();
    }
    let Some(first) = first_label.map(fold_label) else {
        return Vec::new();
    };
    let mut starts: Vec<Start> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.blank || fold_label(l.label) != first {
            continue;
        }
        let floor = starts.last().map_or(0, |s| s.index + 1);
        let before = (floor..i).rev().find(|j| !lines[*j].blank);
        let start = match before {
            Some(j) if lines[j].value.is_empty() && !is_label(lines[j].label) => Start {
                index: j,
                titled: true,
            },
            _ => Start {
                index: i,
                titled: false,
            },
        };
        starts.push(start);
    }
    starts
}

/// Groups lines into labelled rows: a line with an empty label, or a line without a tab
/// right under a value, continues the row above.
fn rows_of(lines: &[Line]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut after_blank = true;
    for l in lines {
        if l.blank {
            after_blank = true;
            continue;
        }
        let continues = (l.has_tab && l.label.is_empty()) || (!l.has_tab && !after_blank);
        match rows.last_mut() {
            Some(last) if continues => {
                let text = if l.has_tab { &l.value } else { l.label };
                last.lines.push(text.to_string());
            }
            _ if !l.has_tab => rows.push(Row {
                no: l.no,
                label: String::new(),
                lines: vec![l.label.to_string()],
            }),
            _ => rows.push(Row {
                no: l.no,
                label: l.label.to_string(),
                lines: vec![l.value.clone()],
            }),
        }
        after_blank = false;
    }
    rows
}

/// For each block, whether it lists its labels in the reverse of the order most blocks
/// agree on: each pair of labels gets the majority's order (counted once for the whole
/// document: linear in the number of blocks), and a block is reversed when it disagrees
/// with more of those orders than it agrees with.
fn runs_backwards(sequences: &[Vec<String>]) -> Vec<bool> {
    let positions: Vec<HashMap<&str, usize>> = sequences
        .iter()
        .map(|seq| {
            let mut m: HashMap<&str, usize> = HashMap::new();
            for (p, l) in seq.iter().enumerate() {
                m.entry(l.as_str()).or_insert(p);
            }
            m
        })
        .collect();
    // votes[(a, b)] > 0: most blocks put a before b
    let mut votes: HashMap<(&str, &str), i64> = HashMap::new();
    for pos in &positions {
        for (a, pa) in pos {
            for (b, pb) in pos {
                if pa < pb {
                    *votes.entry((a, b)).or_default() += 1;
                    *votes.entry((b, a)).or_default() -= 1;
                }
            }
        }
    }
    positions
        .iter()
        .map(|mine| {
            let mut score = 0i64;
            for (a, pa) in mine {
                for (b, pb) in mine {
                    if pa < pb {
                        score += votes.get(&(*a, *b)).copied().unwrap_or(0).signum();
                    }
                }
            }
            score < 0
        })
        .collect()
}

/// The title line as the activity's name, and its number as the reference.
fn title_values(line: &Line, re: Option<&Regex>) -> Vec<RawValue> {
    let place = Place::Line(line.no);
    let whole = ropa_model::text::trim_decoration(line.label);
    let caps = re.and_then(|r| r.captures(whole));
    let name = caps
        .as_ref()
        .and_then(|c| c.name("name"))
        .map_or(whole, |m| m.as_str().trim());
    let mut out = vec![RawValue::new(TITLE_LABEL, name, place.clone())];
    if let Some(r) = caps.as_ref().and_then(|c| c.name("ref")) {
        let mut v = RawValue::new(REF_LABEL, r.as_str().trim(), place);
        v.derived = true;
        out.push(v);
    }
    out
}

/// A row of lines with no tab whose first line is a known label, as rows of their own:
/// each known label on a line of its own (`Données traitées`, no tab after it) opens a
/// row, as it does followed by a tab, and the lines right under it, with no blank line
/// between, are its value (`Finalidad` over two lines of purpose, then `Base jurídica`
/// on the next line). Any other row as it is.
fn labels_on_lines(row: &Row, is_label: IsLabel) -> Vec<Row> {
    let starts_labelled = row.label.is_empty() && row.lines.first().is_some_and(|l| is_label(l));
    if !starts_labelled {
        return vec![row.clone()];
    }
    let mut out: Vec<Row> = Vec::new();
    for (i, line) in row.lines.iter().enumerate() {
        match out.last_mut() {
            Some(last) if !is_label(line) => last.lines.push(line.clone()),
            _ => out.push(Row {
                no: row.no + i,
                label: line.trim().to_string(),
                lines: Vec::new(),
            }),
        }
    }
    out
}

/// Turns rows into values: a known label with a value is a value; a known label with no
/// value opens a section whose following rows of unknown label are its sub-rows.
fn emit_rows(rows: &[Row], is_label: IsLabel, out: &mut Vec<RawValue>, labels: &mut Vec<String>) {
    let mut section: Option<String> = None;
    for row in rows.iter().flat_map(|r| labels_on_lines(r, is_label)) {
        let place = Place::Line(row.no);
        let text = row.text();
        let known = has_content(&row.label) && is_label(&row.label);
        if known {
            if !labels.contains(&row.label) {
                labels.push(row.label.clone());
            }
            if has_content(&text) {
                out.push(RawValue::new(row.label.clone(), text, place));
                section = None;
            } else {
                section = Some(row.label.clone());
            }
            continue;
        }
        if !has_content(&row.label) && !has_content(&text) {
            continue;
        }
        match &section {
            Some(sec) => {
                let mut v = RawValue::new(sec.clone(), text, place);
                v.sublabel = has_content(&row.label).then(|| row.label.clone());
                out.push(v);
            }
            None if has_content(&text) => out.push(RawValue::new(row.label.clone(), text, place)),
            None => out.push(RawValue::new("", row.label.clone(), place)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(s: &str) -> bool {
        ["finalite", "duree", "destinataires", "nom"].contains(&fold_label(s).as_str())
    }

    #[test]
    fn continuation_lines_sections_and_sub_rows() {
        let text = "Titre du registre\n\n1. Compte\n\nNom\tACME\n\tParis\nFinalité\tGérer\nDestinataires\t\nOVH (hébergeur)\tToutes\n\nSupport\t\nDurée\t1 an\n";
        let layout = FicheLayout {
            title: Some(r"^(?P<ref>[0-9]+)\.\s+(?P<name>.+)$".into()),
            first_label: None,
            ..Default::default()
        };
        let doc = read(Path::new("f.txt"), text, &layout, &known).unwrap();
        assert_eq!(doc.preamble.len(), 1);
        let v = &doc.blocks[0].values;
        assert_eq!(&*v[0].label, TITLE_LABEL);
        assert_eq!(v[0].text, "Compte");
        assert_eq!(v[1].text, "1");
        assert!(v[1].derived);
        assert_eq!(v[2].text, "ACME\nParis");
        assert_eq!(v[4].sublabel.as_deref(), Some("OVH (hébergeur)"));
        assert_eq!(v[4].text, "Toutes");
        assert_eq!(v[5].sublabel.as_deref(), Some("Support"));
        assert_eq!(v[6].text, "1 an");
        assert_eq!(v[6].place, Place::Line(12));
    }

    #[test]
    fn a_known_label_on_a_line_of_its_own_opens_a_section() {
        let text =
            "1. Compte\nNom\tACME\n\nDestinataires\n\nOVH (hébergeur)\tToutes\nDurée\t1 an\n";
        let layout = FicheLayout {
            title: Some(r"^(?P<ref>[0-9]+)\.\s+(?P<name>.+)$".into()),
            first_label: None,
            ..Default::default()
        };
        let doc = read(Path::new("f.txt"), text, &layout, &known).unwrap();
        let v = &doc.blocks[0].values;
        let sub = v.iter().find(|v| v.text == "Toutes").unwrap();
        assert_eq!(&*sub.label, "Destinataires");
        assert_eq!(sub.sublabel.as_deref(), Some("OVH (hébergeur)"));
        assert!(!v.iter().any(|v| v.text == "Destinataires"));
    }

    #[test]
    fn a_block_in_reverse_order_is_turned_round() {
        let text = "1. A\nNom\tn1\nFinalité\tf1\nDestinataires\t\nX\tx\nDurée\td1\n\
                    2. B\nDurée\td2\nY\ty\nDestinataires\t\nFinalité\tf2\nNom\tn2\n\
                    3. C\nNom\tn3\nFinalité\tf3\nDurée\td3\n";
        let layout = FicheLayout {
            title: Some(r"^[0-9]+\.\s".into()),
            first_label: None,
            ..Default::default()
        };
        let doc = read(Path::new("f.txt"), text, &layout, &known).unwrap();
        assert!(!doc.blocks[0].reversed);
        assert!(doc.blocks[1].reversed);
        let b: Vec<(&str, &str)> = doc.blocks[1]
            .values
            .iter()
            .map(|v| (v.sublabel.as_deref().unwrap_or(&v.label), v.text.as_str()))
            .collect();
        assert_eq!(
            b,
            vec![
                ("(titre)", "2. B"),
                ("Nom", "n2"),
                ("Finalité", "f2"),
                ("Y", "y"),
                ("Durée", "d2")
            ]
        );
    }

    #[test]
    fn first_label_finds_titles_even_with_a_trailing_tab() {
        let text = "Intro\n\nPremier\n\nNom\ta\nFinalité\tb\n\nSecond\t\nNom\tc\n";
        let layout = FicheLayout {
            title: None,
            first_label: Some("Nom".into()),
            ..Default::default()
        };
        let doc = read(Path::new("f.txt"), text, &layout, &known).unwrap();
        assert_eq!(doc.blocks.len(), 2);
        assert_eq!(doc.blocks[1].values[0].text, "Second");
        assert_eq!(doc.preamble[0].text, "Intro");
    }
}
