//! The `sections` layout: a banner line starts each activity (the CNIL "fiche de
//! registre"), then headings, paragraphs, lists, template options, pipe tables and
//! tab tables (a risk table).

use super::{
    IsLabel, RawBlock, RawDocument, RawValue, SectionsLayout, Skipped, TITLE_LABEL, numbered_lines,
};
use regex::Regex;
use ropa_model::error::{Error, Result};
use ropa_model::text::has_content;
use ropa_model::{Place, Said};
use std::path::Path;

fn compile(path: &Path, key: &str, pattern: &str) -> Result<Regex> {
    ropa_model::text::regex_cached(pattern).map_err(|e| Error::Mapping {
        path: path.to_path_buf(),
        message: format!("[layout] {key} `{pattern}` is not a valid regex: {e}"),
    })
}

/// Reads a document in the sections layout.
pub fn read(
    path: &Path,
    text: &str,
    layout: &SectionsLayout,
    is_label: IsLabel,
) -> Result<RawDocument> {
    let start_re = compile(path, "block_start", &layout.block_start)?;
    let skip: Vec<Regex> = layout
        .skip
        .iter()
        .map(|p| compile(path, "skip", p))
        .collect::<Result<_>>()?;
    let options: Vec<Regex> = layout
        .options
        .iter()
        .map(|p| compile(path, "options", p))
        .collect::<Result<_>>()?;
    let lines = numbered_lines(text);
    let mut doc = RawDocument::default();

    let mut skipped_at = vec![false; lines.len()];
    for (i, (no, l)) in lines.iter().enumerate() {
        if let Some(re) = skip.iter().find(|re| re.is_match(l)) {
            skipped_at[i] = true;
            if has_content(l) {
                doc.skipped.push(Skipped {
                    value: RawValue::new("", l.replace('\t', " ").trim(), Place::Line(*no)),
                    reason: Said::SkipRule(re.as_str().to_string()),
                });
            }
        }
    }
    let starts: Vec<usize> = (0..lines.len())
        .filter(|i| !skipped_at[*i] && start_re.is_match(lines[*i].1.trim()))
        .collect();
    let Some(&first) = starts.first() else {
        return Err(Error::NoBlocks {
            path: path.to_path_buf(),
            hint: format!(
                "no line matches the block start `{}`. Check [layout] block_start in the mapping.",
                layout.block_start
            ),
        });
    };

    for (i, (no, l)) in lines.iter().enumerate().take(first) {
        if skipped_at[i] || !has_content(l) {
            continue;
        }
        let v = match l.split_once('\t') {
            Some((label, value)) if has_content(label) && has_content(value) => RawValue::new(
                label.trim(),
                value.replace('\t', " ").trim(),
                Place::Line(*no),
            ),
            _ => RawValue::new("", l.replace('\t', " ").trim(), Place::Line(*no)),
        };
        doc.preamble.push(v);
    }

    let mut labels: Vec<String> = Vec::new();
    for (b, &start) in starts.iter().enumerate() {
        let end = starts.get(b + 1).copied().unwrap_or(lines.len());
        let mut block = Block::new(is_label, &options);
        let (no, banner) = lines[start];
        let rest = banner_rest(&start_re, banner.trim());
        let mut body_from = start + 1;
        if has_content(rest) {
            block.push(RawValue::new(TITLE_LABEL, rest.trim(), Place::Line(no)));
        } else if let Some(t) =
            (start + 1..end).find(|i| !skipped_at[*i] && has_content(lines[*i].1))
        {
            let (tno, title) = lines[t];
            block.push(RawValue::new(
                TITLE_LABEL,
                title.replace('\t', " ").trim(),
                Place::Line(tno),
            ));
            body_from = t + 1;
        }
        for i in body_from..end {
            if !skipped_at[i] {
                block.line(lines[i].0, lines[i].1);
            }
        }
        let (raw, orphans, block_labels) = block.finish();
        doc.skipped.extend(orphans);
        for l in block_labels {
            if !labels.contains(&l) {
                labels.push(l);
            }
        }
        doc.blocks.push(raw);
    }
    doc.labels = labels;
    Ok(doc)
}

/// The text after the banner on its line; a pattern that stops mid-word (`ACTIVIT`
/// for `ACTIVITÉ`) takes the rest of that word too.
fn banner_rest<'t>(re: &Regex, line: &'t str) -> &'t str {
    let Some(m) = re.find(line) else {
        return line;
    };
    let rest = &line[m.end()..];
    let cut_word = line[..m.end()]
        .chars()
        .last()
        .is_some_and(char::is_alphanumeric)
        && rest.chars().next().is_some_and(char::is_alphanumeric);
    if cut_word {
        rest.find(char::is_whitespace).map_or("", |i| &rest[i..])
    } else {
        rest
    }
}

/// The reading state inside one activity block.
struct Block<'a> {
    is_label: IsLabel<'a>,
    options: &'a [Regex],
    values: Vec<RawValue>,
    skipped: Vec<Skipped>,
    labels: Vec<String>,
    heading: Option<String>,
    /// The open template option: its text, line, and whether anything stood under it.
    option: Option<(String, usize, bool)>,
    table: Option<Vec<String>>,
    groups: usize,
    last_group: Option<usize>,
}

impl<'a> Block<'a> {
    fn new(is_label: IsLabel<'a>, options: &'a [Regex]) -> Self {
        Block {
            is_label,
            options,
            values: Vec::new(),
            skipped: Vec::new(),
            labels: Vec::new(),
            heading: None,
            option: None,
            table: None,
            groups: 0,
            last_group: None,
        }
    }

    fn push(&mut self, v: RawValue) {
        self.values.push(v);
    }

    fn known(&mut self, label: &str) -> bool {
        let known = has_content(label) && (self.is_label)(label);
        if known && !self.labels.iter().any(|l| l == label.trim()) {
            self.labels.push(label.trim().to_string());
        }
        known
    }

    /// Closes the open option; one with nothing under it is set aside as template text.
    fn close_option(&mut self) {
        if let Some((text, no, used)) = self.option.take()
            && !used
        {
            self.skipped.push(Skipped {
                value: RawValue::new(
                    self.heading.clone().unwrap_or_default(),
                    text,
                    Place::Line(no),
                ),
                reason: Said::TemplateOptionEmpty,
            });
        }
    }

    fn paragraph(&mut self, no: usize, text: String) {
        let mut v = RawValue::new(
            self.heading.clone().unwrap_or_default(),
            text,
            Place::Line(no),
        );
        if let Some((opt, _, used)) = &mut self.option {
            v.option = Some(opt.clone());
            *used = true;
        }
        self.values.push(v);
    }

    fn line(&mut self, no: usize, line: &str) {
        if !has_content(line) {
            if line.trim().is_empty() {
                self.table = None;
            }
            return;
        }
        if line.contains('\t') {
            self.tab_line(no, line);
            return;
        }
        self.table = None;
        let trimmed = line.trim();
        if self.known(trimmed) {
            self.close_option();
            self.heading = Some(trimmed.to_string());
            return;
        }
        if self.options.iter().any(|re| re.is_match(trimmed)) {
            self.close_option();
            self.option = Some((trimmed.to_string(), no, false));
            return;
        }
        if let Some(cells) = pipe_cells(trimmed) {
            if !cells.is_empty() {
                self.paragraph(no, cells.join("\n"));
            }
            return;
        }
        self.paragraph(no, trimmed.to_string());
    }

    fn tab_line(&mut self, no: usize, line: &str) {
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        if let Some(header) = self.table.clone() {
            let group = match self.last_group {
                Some(g) if !has_content(cells[0]) => g,
                _ => {
                    self.groups += 1;
                    self.groups
                }
            };
            self.last_group = Some(group);
            for (c, cell) in cells.iter().enumerate() {
                if has_content(cell) {
                    let label = header
                        .get(c)
                        .cloned()
                        .unwrap_or_else(|| format!("(colonne {})", c + 1));
                    let mut v = RawValue::new(label, *cell, Place::Line(no));
                    v.group = Some(group);
                    self.values.push(v);
                }
            }
            return;
        }
        let known_cells = cells.iter().filter(|c| self.known(c)).count();
        if cells.len() >= 3 && known_cells * 2 >= cells.len() && self.known(cells[0]) {
            self.close_option();
            self.heading = None;
            self.table = Some(cells.iter().map(|c| c.to_string()).collect());
            self.last_group = None;
            return;
        }
        let label = cells[0];
        let value = cells[1..]
            .iter()
            .filter(|c| !c.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        if !has_content(label) {
            self.paragraph(no, value);
        } else if self.known(label) {
            self.close_option();
            if has_content(&value) {
                self.values
                    .push(RawValue::new(label, value, Place::Line(no)));
                self.heading = None;
            } else {
                self.heading = Some(label.to_string());
            }
        } else if let Some(h) = self.heading.clone() {
            let mut v = RawValue::new(h, value, Place::Line(no));
            v.sublabel = Some(label.to_string());
            self.values.push(v);
        } else {
            self.values
                .push(RawValue::new(label, value, Place::Line(no)));
        }
    }

    fn finish(mut self) -> (RawBlock, Vec<Skipped>, Vec<String>) {
        self.close_option();
        (
            RawBlock {
                values: self.values,
                reversed: false,
            },
            self.skipped,
            self.labels,
        )
    }
}

/// The cells of a Markdown-style pipe table row (`| a | b |`, `- | | |`), or `None`
/// when the line is not one. A separator row gives no cells.
fn pipe_cells(line: &str) -> Option<Vec<String>> {
    let body = line.strip_prefix('-').map_or(line, str::trim_start);
    if !body.starts_with('|') {
        return None;
    }
    Some(
        body.split('|')
            .map(str::trim)
            .filter(|c| has_content(c))
            .map(str::to_string)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ropa_model::text::fold_label;

    fn known(s: &str) -> bool {
        [
            "objectifs poursuivis",
            "categories de destinataires des donnees",
            "risques",
            "impacts",
            "gravite",
            "date de creation",
        ]
        .contains(&fold_label(s).as_str())
    }

    #[test]
    fn a_banner_pattern_cut_mid_word_is_not_a_title() {
        let re = Regex::new("^FICHE DE L'ACTIVIT").unwrap();
        assert_eq!(banner_rest(&re, "FICHE DE L'ACTIVITÉ"), "");
        assert_eq!(banner_rest(&re, "FICHE DE L'ACTIVITÉ Paie").trim(), "Paie");
        let re = Regex::new("^FICHE").unwrap();
        assert_eq!(banner_rest(&re, "FICHE Paie").trim(), "Paie");
    }

    #[test]
    fn headings_options_pipe_tables_and_tab_tables() {
        let text = "Sommaire\t3\nIntro\n\nFICHE\n\nGestion\n\nDate de création\t24/09/2018\n\
                    Objectifs poursuivis\n\nSuivi.\n\nCatégories de destinataires des données\n\n\
                    Destinataires internes\n- | | |\n|---|---|\n| 1. Commerciaux | . |\n\
                    Organismes externes\n\n\
                    Risques\tImpacts\tGravité\nPerte\tGêne\tForte\n\tAutre\t\n";
        let layout = SectionsLayout {
            block_start: "^FICHE".into(),
            skip: vec![r"\t[0-9]+$".into()],
            options: vec![
                "^Destinataires internes".into(),
                "^Organismes externes".into(),
            ],
            ..Default::default()
        };
        let doc = read(Path::new("s.txt"), text, &layout, &known).unwrap();
        assert_eq!(doc.skipped[0].value.text, "Sommaire 3");
        assert_eq!(doc.preamble[0].text, "Intro");
        let v = &doc.blocks[0].values;
        assert_eq!((&*v[0].label, v[0].text.as_str()), (TITLE_LABEL, "Gestion"));
        assert_eq!(v[1].text, "24/09/2018");
        assert_eq!(
            (&*v[2].label, v[2].text.as_str()),
            ("Objectifs poursuivis", "Suivi.")
        );
        assert_eq!(v[3].option.as_deref(), Some("Destinataires internes"));
        assert_eq!(v[3].text, "1. Commerciaux");
        // the empty option is set aside, not lost
        assert_eq!(doc.skipped[1].value.text, "Organismes externes");
        // the risk table: two rows, the second continuing the first group
        let risks: Vec<_> = v.iter().filter(|x| x.group.is_some()).collect();
        assert_eq!(risks.len(), 4);
        assert_eq!(&*risks[3].label, "Impacts");
        assert_eq!(risks[3].group, risks[0].group);
        assert_eq!(doc.values_read(), 1 + 1 + 8 + 1);
    }
}
