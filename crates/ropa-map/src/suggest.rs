//! A draft mapping for a file never seen: its layout inferred from the structure of the
//! document (a header row; a banner line that recurs; numbered titles or a first label
//! that recurs), and each label's field with how sure the match is. The draft is a
//! valid mapping; the consultant only decides the lines marked `check`.

use super::labels::{LabelMatcher, Resolution};
use super::mapping::Mapping;
use ropa_model::MatchKind;
use ropa_model::error::Result;
use ropa_model::text::{fold_label, has_content, re};
use ropa_read::{FicheLayout, Layout, SectionsLayout, Source, TableLayout};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// A draft mapping and how confident it is.
#[derive(Clone, Debug)]
pub struct Draft {
    /// The TOML text of the draft.
    pub text: String,
    /// The draft, parsed.
    pub mapping: Mapping,
    /// The share of the source's labels matched to a field (0–1).
    pub confidence: f64,
    /// What the probe said of the source that the run should say too: the other
    /// reading the document allowed, and why it lost (`ropa explain` shows it).
    pub notes: Vec<ropa_model::Said>,
}

/// The mapping that matches labels to synonyms only, with a given layout.
fn generic(layout: &Layout) -> Result<Mapping> {
    let mut m = Mapping::parse(
        Path::new("built-in/inferred"),
        "name = \"inferred\"\n[layout]\nkind = \"table\"\n",
    )?;
    m.layout = layout.clone();
    Ok(m)
}

/// How many records of a delimited text are parsed to tell whether it is a table: its
/// first rows say it, and a 100,000-row file need not be parsed whole for that.
const HEAD_RECORDS: usize = 1_000;

/// Infers the layout of a source from its structure.
pub fn infer_layout(source: &Source) -> Result<Layout> {
    let probe = generic(&Layout::Table(TableLayout::default()))?;
    let matcher = LabelMatcher::new(&probe);
    let known = |s: &str| matcher.is_label(s);
    let text = match source {
        Source::Workbook { .. } => return Ok(Layout::Table(TableLayout::default())),
        Source::Document { .. } => return Ok(Layout::Document(Default::default())),
        Source::Text(d) => &d.text,
    };
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let non_empty: Vec<&str> = lines.iter().copied().filter(|l| has_content(l)).collect();
    // a table: most rows have the same number (3 or more) of cells, one row of labels;
    // rows as the CSV parser reads them, so a quoted cell holding the delimiter or line
    // breaks (tool exports) is one cell
    let delimiter = ropa_read::delimited::guess_delimiter(text);
    let parsed: Vec<Vec<String>> =
        ropa_read::delimited::parse_head(Path::new(""), text, Some(delimiter), HEAD_RECORDS)
            .map(|(rows, _)| rows)
            .unwrap_or_else(|_| {
                non_empty
                    .iter()
                    .map(|l| l.split(delimiter).map(str::to_string).collect())
                    .collect()
            });
    let rows: Vec<Vec<String>> = parsed
        .into_iter()
        .filter(|r| r.iter().any(|c| has_content(c)))
        .take(50)
        .map(|mut r| {
            // trailing empty cells do not make a row wider
            while r.last().is_some_and(|c| !has_content(c)) {
                r.pop();
            }
            r
        })
        .collect();
    let widest = rows.iter().map(Vec::len).max().unwrap_or(0);
    // the header of a table of activities is near its top: a few title rows may stand
    // above it, not most of the file (a processors' table in an annex after stacked
    // blocks is no header of the file)
    let header = rows
        .iter()
        .take(30)
        .position(|r| {
            // a row of fewer than three cells names no three fields: not one of its
            // cells is read (each unknown cell costs a reading of its words, and a
            // file of label | value lines has thousands)
            let cells: Vec<&String> = r.iter().filter(|c| has_content(c)).collect();
            cells.len() >= 3
                && cells
                    .iter()
                    .filter(|c| matcher.names_a_field(c.trim()))
                    .count()
                    >= 3
        })
        .filter(|&h| h <= 10 || h * 2 <= rows.len());
    // the table runs from its header row: the rows above it (a title, the
    // organisation's facts as label | value) are no part of it
    let body = &rows[header.unwrap_or(0)..];
    let wide_rows = body
        .iter()
        .filter(|r| r.len() >= 3 && r.len() * 2 >= widest)
        .count();
    if widest >= 3 && wide_rows * 10 >= body.len() * 6 && header.is_some() {
        return Ok(Layout::Table(TableLayout::default()));
    }
    // sections: a banner line that recurs, not a label, not a table row
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for l in &non_empty {
        let t = l.trim();
        if !t.contains('\t') && t.chars().count() >= 12 && !known(t) {
            *counts.entry(t).or_insert(0) += 1;
        }
    }
    let banner = counts
        .iter()
        .filter(|(t, n)| **n >= 2 && is_banner(t))
        .max_by_key(|(t, n)| (**n, std::cmp::Reverse(t.len())))
        .map(|(t, _)| t.to_string());
    if let Some(b) = banner {
        let toc = non_empty.iter().filter(|l| TOC.is_match(l)).count();
        return Ok(Layout::Sections(SectionsLayout {
            block_start: format!("^{}", regex::escape(&b)),
            skip: if toc >= 3 {
                vec![TOC.as_str().to_string()]
            } else {
                Vec::new()
            },
            ..Default::default()
        }));
    }
    // fiche: numbered titles, or the first label that recurs once per block
    let mut label_counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (i, l) in non_empty.iter().enumerate() {
        if let Some((label, _)) = l.split_once('\t') {
            let label = label.trim();
            if has_content(label) && known(label) {
                let e = label_counts.entry(label.to_string()).or_insert((0, i));
                e.0 += 1;
            }
        }
    }
    let blocks = mode(label_counts.values().map(|(n, _)| *n).filter(|n| *n >= 2));
    // numbered titles: `3. Paie`, or `ACTIVIDAD 3 – Nóminas` when those are more
    let plain = non_empty.iter().filter(|l| NUMBERED.is_match(l)).count();
    let worded = non_empty
        .iter()
        .filter(|l| WORD_NUMBERED.is_match(l))
        .count();
    let (titles, title_re) = if worded >= 2 && worded > plain {
        (worded, WORD_NUMBERED_TITLE)
    } else {
        (plain, NUMBERED_TITLE)
    };
    if let Some(k) = blocks
        && titles >= 2
        && titles.abs_diff(k) <= 1
    {
        return Ok(Layout::Fiche(FicheLayout {
            title: Some(title_re.to_string()),
            ..Default::default()
        }));
    }
    let first = blocks.and_then(|k| {
        label_counts
            .iter()
            .filter(|(_, (n, _))| *n == k)
            .min_by_key(|(_, (_, at))| *at)
            .map(|(l, _)| l.clone())
    });
    Ok(Layout::Fiche(FicheLayout {
        first_label: first,
        title: if blocks.is_none() {
            Some(title_re.to_string())
        } else {
            None
        },
        ..Default::default()
    }))
}

static TOC: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| re(r"\t[0-9]+\s*$"));
static NUMBERED: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| re(NUMBERED_TITLE));
const NUMBERED_TITLE: &str = r"^\s*(?P<ref>[0-9]{1,3})\s*[.)]\s+(?P<name>\S[^\t]*)$";
static WORD_NUMBERED: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| re(WORD_NUMBERED_TITLE));
/// A title that numbers a record after a word naming it, in the six languages
/// (`ACTIVIDAD 2 – Nóminas`, `Traitement n° 4 : Paie`, `Activity 3: Payroll`,
/// `Verarbeitungstätigkeit 5 - Lohn`).
pub(crate) const WORD_NUMBERED_TITLE: &str = r"(?i)^\s*(?:fiche|traitement|activit[eé]|activity|processing activity|record|actividad|tratamiento|ficha|attivit[aà]|trattamento|scheda|verarbeitung(?:st[aä]tigkeit)?|t[aä]tigkeit|verwerking(?:sactiviteit)?|activiteit)\s+(?:n\s*[°º.]\s*|no\.?\s*|nr\.?\s*)?(?P<ref>[0-9]{1,3})\s*(?:[.):–—-]|\s[–—-])\s*(?P<name>\S[^\t]*)$";

/// A banner names a record: capitals, or the words registers use for one.
fn is_banner(t: &str) -> bool {
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    let f = ropa_model::text::fold(t);
    (letters.len() >= 8 && upper * 10 >= letters.len() * 7)
        || ["fiche", "activite", "traitement", "record of processing"]
            .iter()
            .any(|w| f.contains(w))
}

/// The most frequent value (the largest on a tie).
fn mode(values: impl Iterator<Item = usize>) -> Option<usize> {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(v, n)| (*n, *v))
        .map(|(v, _)| v)
}

/// Writes the draft mapping for a source.
pub fn suggest(path: &Path, source: &Source, name: &str) -> Result<Draft> {
    let layout = infer_layout(source)?;
    let draft = suggest_with(path, source, name, layout.clone());
    // a line-based layout that recognises few labels (`PURPOSE: …` lines under numbered
    // titles are no fiche of tab-separated labels): the text read as a document may do
    // better, and the better reading is kept
    let weak = draft.as_ref().map_or(true, |d| d.confidence < WEAK_DRAFT);
    if weak
        && matches!(source, Source::Text(_))
        && !matches!(layout, Layout::Document(_))
        && let Ok(doc) = suggest_with(path, source, name, Layout::Document(Default::default()))
        && draft
            .as_ref()
            .map_or(true, |d| doc.confidence > d.confidence)
    {
        return Ok(doc);
    }
    draft
}

/// Below this share of labels matched, another layout is tried for a text.
const WEAK_DRAFT: f64 = 0.6;

/// The draft for a source read with a given layout.
fn suggest_with(path: &Path, source: &Source, name: &str, layout: Layout) -> Result<Draft> {
    let (doc, layout, cut) = read_probe(path, source, layout)?;
    let probe = generic(&layout)?;
    let matcher = LabelMatcher::new(&probe);
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut t = head_lines(name, &file, &layout, &doc, &matcher, cut);
    let labels = label_lines(&doc, &matcher);
    t.push_str(&labels.text);
    let mut mapping = Mapping::parse(&Path::new("suggested").join(format!("{name}.toml")), &t)?;
    // each pin the draft wrote keeps how its label matched
    for (key, how) in labels.how {
        if let Some(pin) = mapping.pins.get_mut(&key) {
            pin.drafted = Some(how);
        }
    }
    let notes = doc
        .info
        .notes
        .iter()
        .filter(|n| matches!(n, ropa_model::Said::RunnerUp { .. }))
        .cloned()
        .collect();
    Ok(Draft {
        text: t,
        mapping,
        notes,
        confidence: if labels.total == 0 {
            0.0
        } else {
            labels.matched as f64 / labels.total as f64
        },
    })
}

/// How much of a source the probe read when it did not read it all: a count and its
/// unit in the draft's words (`rows`, `lines`, `document blocks`).
type ProbeCut = (usize, &'static str);

/// How many lines (or blocks) of a document the probe reads: a few hundred activities.
const PROBE_DOCUMENT_LINES: usize = 4000;

/// The source read with the synonyms only, to draft its mapping: a table's first rows or
/// a document's first blocks or lines (a 100,000-row table or a 20,000-activity document
/// is read whole once, by the run, not twice), or the text as a document of blocks when
/// the line-based layouts find nothing. Gives the reading, the layout it was read with,
/// and how much of it was read when not all (a count and its unit).
fn read_probe(
    path: &Path,
    source: &Source,
    mut layout: Layout,
) -> Result<(ropa_read::RawDocument, Layout, Option<ProbeCut>)> {
    let probe = generic(&layout)?;
    let matcher = LabelMatcher::new(&probe);
    let is_label = |s: &str| matcher.is_label(s);
    let field_of = |s: &str| matcher.field_of(s);
    // a table's first rows, a document's first lines: enough to tell the labels and the
    // shape (a 20,000-activity document was read whole twice, the probe a third of it)
    let rows = match layout {
        Layout::Document(_) => Some(PROBE_DOCUMENT_LINES),
        Layout::Table(_) => Some(ropa_read::PROBE_ROWS),
        _ => None,
    }
    .filter(|&rows| source.longer_than(rows));
    let head = rows.map(|rows| source.head(rows));
    let mut cut = rows;
    let doc = match ropa_read::read_source(
        path,
        head.as_ref().unwrap_or(source),
        &layout,
        &is_label,
        &field_of,
    ) {
        Err(
            ropa_model::error::Error::NoBlocks { .. } | ropa_model::error::Error::NoHeader { .. },
        ) if !matches!(layout, Layout::Document(_)) => {
            layout = Layout::Document(Default::default());
            cut = None;
            ropa_read::read_source(path, source, &layout, &is_label, &field_of)?
        }
        other => other?,
    };
    // what was left unread, in the draft's words: a table's rows, a text's lines, a
    // document's blocks
    let unit = match (&layout, source) {
        (Layout::Table(_), _) => "rows",
        (_, Source::Text(_)) => "lines",
        _ => "document blocks",
    };
    Ok((doc, layout, cut.map(|rows| (rows, unit))))
}

/// The draft's head: its name, what it matches, and its `[layout]` table as read.
fn head_lines(
    name: &str,
    file: &str,
    layout: &Layout,
    doc: &ropa_read::RawDocument,
    matcher: &LabelMatcher,
    cut: Option<ProbeCut>,
) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "#:schema ./schema.json\n# Draft mapping written by `ropa suggest` for {file}.\n# Review the lines marked \"check\", then run `ropa check` on this file.\nname = {}\ndescription = {}\nmatch = [{}]\n",
        toml_str(name),
        toml_str(&format!("Brouillon pour {file} (ropa suggest)")),
        toml_str(file)
    );
    let _ = writeln!(t, "[layout]");
    let _ = writeln!(t, "kind = \"{}\"", layout.name());
    match layout {
        Layout::Table(_) => {
            if let Some(d) = doc.info.delimiter {
                let _ = writeln!(t, "delimiter = {}", toml_str(&d.to_string()));
            }
            if let Some(s) = &doc.info.sheet {
                let _ = writeln!(t, "sheet = {}", toml_str(s));
            }
            if let Some(h) = doc.info.header_row {
                let _ = writeln!(t, "header_row = {h}");
            }
            let grouped = grouping_columns(doc, matcher);
            if !grouped.is_empty() {
                let cols: Vec<String> = grouped.iter().map(|c| toml_str(c)).collect();
                let _ = writeln!(
                    t,
                    "fill_down = [{}]  # filled on the first row of each group only",
                    cols.join(", ")
                );
            }
        }
        Layout::Fiche(f) => {
            if let Some(title) = &f.title {
                let _ = writeln!(t, "title = {}", toml_literal(title));
            }
            if let Some(first) = &f.first_label {
                let _ = writeln!(t, "first_label = {}", toml_str(first));
            }
        }
        Layout::Document(_) => {
            if let Some(shape) = doc.info.shape {
                let _ = writeln!(t, "shape = \"{}\"", shape.name());
            }
        }
        Layout::Sections(s) => {
            let _ = writeln!(t, "block_start = {}", toml_literal(&s.block_start));
            if !s.skip.is_empty() {
                let skip: Vec<String> = s.skip.iter().map(|p| toml_literal(p)).collect();
                let _ = writeln!(t, "skip = [{}]  # a table of contents", skip.join(", "));
            }
        }
    }
    let _ = writeln!(
        t,
        "# {} blocks of activities found{}{}\n",
        doc.blocks.len(),
        cut.map(|(n, unit)| format!(" in the first {n} {unit}"))
            .unwrap_or_default(),
        doc.info
            .encoding
            .as_ref()
            .map(|e| format!("; encoding {e}"))
            .unwrap_or_default()
    );
    t
}

/// The draft's `[labels]` table, how each label it pins matched, and how many of the
/// source's distinct labels found a field.
struct LabelLines {
    text: String,
    how: BTreeMap<String, (MatchKind, f64)>,
    matched: usize,
    total: usize,
}

/// Each distinct label of the source with its field, and a `check` comment where a
/// person must decide.
fn label_lines(doc: &ropa_read::RawDocument, matcher: &LabelMatcher) -> LabelLines {
    let mut t = String::from("[labels]\n");
    let mut seen = std::collections::HashSet::new();
    let mut how = BTreeMap::new();
    let (mut matched, mut total) = (0usize, 0usize);
    // labels read only outside the activities (annexes, notes) are not pinned on a fuzzy
    // match: a pin would make `Access control` the controller there
    // (each distinct label folded once: a table repeats its header on every row)
    let in_activities: std::collections::HashSet<String> = doc
        .blocks
        .iter()
        .flat_map(|b| &b.values)
        .chain(doc.preamble.iter().filter(|v| v.aside.is_none()))
        .map(|v| &*v.label)
        .collect::<std::collections::HashSet<&str>>()
        .into_iter()
        .map(fold_label)
        .collect();
    for label in &doc.labels {
        if !seen.insert(fold_label(label)) || label.starts_with("(colonne") {
            continue;
        }
        total += 1;
        let key = toml_str(label);
        if let Some((field, option)) = super::column_option(label, matcher) {
            matched += 1;
            let _ = writeln!(
                t,
                "# {key}: option « {option} » of {}; a yes adds it, a no is set aside",
                toml_str(field)
            );
            continue;
        }
        match matcher.resolve(label) {
            Resolution::Synonym(target) => {
                matched += 1;
                how.insert(fold_label(label), (MatchKind::Synonym, 1.0));
                let _ = writeln!(t, "{key} = \"{}\"  # synonym", target.name());
            }
            Resolution::Fuzzy { target, score } | Resolution::Stems { target, score, .. }
                if !in_activities.contains(&fold_label(label)) =>
            {
                let _ = writeln!(
                    t,
                    "# {key} = \"{}\"  # check: fuzzy {score:.2}, outside the activities only; uncomment if right",
                    target.name()
                );
            }
            r @ (Resolution::Fuzzy { target, score } | Resolution::Stems { target, score, .. }) => {
                matched += 1;
                let (kind, by) = match r {
                    Resolution::Stems { .. } => (MatchKind::Stems, "by its words"),
                    _ => (MatchKind::Fuzzy, "fuzzy"),
                };
                how.insert(fold_label(label), (kind, score));
                let _ = writeln!(t, "{key} = \"{}\"  # {by} {score:.2}; check", target.name());
            }
            Resolution::Pinned(p) => {
                matched += 1;
                let _ = writeln!(t, "{key} = \"{}\"", p.target.name());
            }
            Resolution::Weak { target, score } => {
                let _ = writeln!(
                    t,
                    "# {key} = \"{}\"  # check: weak match {score:.2}; uncomment if right",
                    target.name()
                );
            }
            Resolution::Ambiguous {
                first,
                second,
                score,
            } => {
                let _ = writeln!(
                    t,
                    "# {key} = \"{}\"  # check: ambiguous {score:.2}, or \"{}\"",
                    first.name(),
                    second.name()
                );
            }
            Resolution::Unmatched => {
                let _ = writeln!(
                    t,
                    "# {key} = \"notes\"  # check: not matched; pin a field id, or \"ignore\""
                );
            }
        }
    }
    LabelLines {
        text: t,
        how,
        matched,
        total,
    }
}

/// The columns that group activities (scope, service) and are filled on the first row of
/// each group only, as merged cells look once exported: at most half their rows filled,
/// the first row among them. Their blank cells take the value above (marked as copies).
fn grouping_columns(doc: &ropa_read::RawDocument, matcher: &LabelMatcher) -> Vec<String> {
    use ropa_model::Field;
    let mut out = Vec::new();
    for label in &doc.labels {
        if !matches!(matcher.field_of(label), Some(Field::Scope | Field::Service)) {
            continue;
        }
        let filled: Vec<bool> = doc
            .blocks
            .iter()
            .map(|b| b.values.iter().any(|v| *v.label == **label))
            .collect();
        let n = filled.iter().filter(|f| **f).count();
        if filled.first() == Some(&true) && n < filled.len() && n * 2 <= filled.len() {
            out.push(label.clone());
        }
    }
    out
}

/// A TOML basic string on one line, escapes and all: a label that spans two lines in its
/// cell (« 1. Titolare » above « Art. 30(1)(a) ») is a key, and a key cannot be the
/// multi-line string the TOML writer would make of it.
fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML literal string for a regex (no escaping of backslashes), or a basic one when
/// it holds a quote.
fn toml_literal(s: &str) -> String {
    if s.contains('\'') || s.contains('\n') {
        toml_str(s)
    } else {
        format!("'{s}'")
    }
}

#[cfg(test)]
mod key_tests {
    use super::toml_str;

    #[test]
    fn a_label_on_two_lines_is_a_key_toml_reads() {
        let label = "1. Titolare del trattamento\nArt. 30(1)(a) \"GDPR\"\t\\";
        let doc = format!("[pins]\n{} = \"controller_name\"\n", toml_str(label));
        let read: toml::Table = toml::from_str(&doc).unwrap();
        assert_eq!(read["pins"][label].as_str(), Some("controller_name"));
    }
}

#[cfg(test)]
mod layout_tests {
    use super::*;
    use ropa_read::decode::Decoded;

    fn text(s: &str) -> Source {
        Source::Text(Decoded {
            text: s.to_string(),
            encoding: "UTF-8",
            replaced: 0,
            repaired: 0,
        })
    }

    /// Tool exports quote every cell, and a cell may hold the delimiter many times: the
    /// rows as the CSV parser reads them decide, not the raw count per line.
    #[test]
    fn quoted_cells_full_of_the_delimiter_still_make_a_table() {
        let semicolons = "\"Traitement\";\"Finalité\";\"Personnes concernées\";\"Destinataires\"\n\"Paie\";\"a;b;c;d;e;f;g\";\"Salariés\";\"Banque\"\n";
        let commas = "\"Processing activity\",\"Purpose\",\"Data subjects\",\"Recipients\"\n\"Payroll\",\"pay staff, file taxes, keep records, answer audits, report\",\"Employees\",\"Bank, HMRC\"\n";
        for csv in [semicolons, commas] {
            assert!(
                matches!(infer_layout(&text(csv)), Ok(Layout::Table(_))),
                "{csv}"
            );
        }
    }

    /// The header of a table is looked for among rows of three cells or more: a file of
    /// label | value lines has none, and its values are not read as labels one by one
    /// (1,000 such files took 8.8 s, each value's words read; now 1.5 s).
    #[test]
    fn values_of_two_column_lines_are_not_read_as_labels() {
        let mut t = String::from("Registre\n\n");
        for i in 0..200 {
            t.push_str(&format!(
                "Finalité\tgérer le dossier numéro {i} du client\n"
            ));
        }
        crate::labels::RESOLVED.with(|n| n.set(0));
        let _ = infer_layout(&text(&t));
        let resolved = crate::labels::RESOLVED.with(std::cell::Cell::get);
        assert!(resolved < 20, "{resolved} labels resolved");
    }

    /// The `[labels]` part of a draft, line by line.
    fn labels_of(draft: &str) -> Vec<String> {
        draft
            .lines()
            .skip_while(|l| *l != "[labels]")
            .map(str::to_string)
            .collect()
    }

    /// A long table is drafted from its head, and a table whose first rows are well
    /// formed but whose later rows would not parse is still seen as one: the draft of a
    /// 1,000-row table pins the same labels as that of its first 100 rows, and says how
    /// many rows it read.
    #[test]
    fn a_long_table_is_drafted_from_its_head() {
        let header = "Nom du traitement\tFinalité\tPersonnes concernées\tDestinataires\n";
        let rows = |n: usize| -> String {
            let body: String = (0..n)
                .map(|i| format!("Paie {i}\tPayer\tSalariés\tBanque\n"))
                .collect();
            format!("{header}{body}")
        };
        let path = Path::new("t.tsv");
        let long = suggest(path, &text(&rows(1_000)), "t").unwrap();
        let short = suggest(path, &text(&rows(100)), "t").unwrap();
        assert_eq!(labels_of(&long.text), labels_of(&short.text));
        assert_eq!(long.confidence, short.confidence);
        assert!(long.text.contains(&format!(
            "# {} blocks of activities found in the first {} rows",
            ropa_read::PROBE_ROWS - 1,
            ropa_read::PROBE_ROWS
        )));
        assert!(short.text.contains("# 100 blocks of activities found;"));
        // a title above the header: the draft still says its rows were cut
        let titled = suggest(
            path,
            &text(&format!("Registre 2026\n\n{}", rows(1_000))),
            "t",
        )
        .unwrap();
        assert!(
            titled.text.contains(" found in the first 400 rows"),
            "{}",
            titled.text
        );
        // an unclosed quote far below the head does not stop the layout being a table
        let broken = format!("{}\"x\ty\tz\tw\n", rows(1_500)).replace('\t', ";");
        assert!(matches!(infer_layout(&text(&broken)), Ok(Layout::Table(_))));
    }

    /// A long document is drafted from its first blocks, as a long table from its first
    /// rows, and the draft says so: its labels are those of the whole.
    #[test]
    fn a_long_document_is_drafted_from_its_head() {
        let md = |n: usize| -> String {
            let body: String = (1..=n)
                .map(|i| {
                    format!(
                        "## Traitement {i} : Paie {i}\n\n- **Finalité :** payer\n- **Base légale :** contrat\n- **Personnes concernées :** salariés\n\n"
                    )
                })
                .collect();
            format!("# Registre\n\n{body}")
        };
        let path = Path::new("r.md");
        let open = |t: &str| ropa_read::open(path, t.as_bytes(), None).unwrap();
        let long = suggest(path, &open(&md(1_200)), "r").unwrap();
        let short = suggest(path, &open(&md(50)), "r").unwrap();
        assert_eq!(labels_of(&long.text), labels_of(&short.text));
        assert!(
            long.text.contains(&format!(
                " found in the first {PROBE_DOCUMENT_LINES} document blocks"
            )),
            "{}",
            long.text
        );
        assert!(!short.text.contains(" found in the first "));
    }
}
