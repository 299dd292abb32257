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

use super::document::{Block, CHECKED, Cell, Document, Kind, Para, Table, UNCHECKED};
use super::{IsLabel, REF_LABEL, RawBlock, RawDocument, RawValue, Skipped, TITLE_LABEL};
use regex::Regex;
use ropa_model::text::{has_content, re};
use ropa_model::{Field, Place, Said, Why};
use std::collections::BTreeSet;
use std::sync::LazyLock;
use tables::by_tables;

mod tables;

/// Which canonical field a label names, when it names one (exact or fuzzy).
pub type FieldOf<'a> = &'a dyn Fn(&str) -> Option<Field>;

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
}

/// What labels look like to the shapes.
pub struct Labels<'a> {
    /// Whether a text is a known label (exact).
    pub is_label: IsLabel<'a>,
    /// The field a label names (exact or fuzzy).
    pub field_of: FieldOf<'a>,
}

impl Labels<'_> {
    pub(crate) fn field(&self, label: &str) -> Option<Field> {
        let l = clean_label(label);
        if l.is_empty() || l.chars().count() > 120 {
            return None;
        }
        (self.field_of)(&l)
    }
}

/// Whether a set of fields makes an activity: a purpose and two others, or five.
fn is_activity(fields: &BTreeSet<Field>) -> bool {
    // the controller's or DPO's details describe the register, not an activity
    let substantive = fields
        .iter()
        .filter(|f| !f.is_identity())
        .filter(|f| f.level() != ropa_model::fields::Level::Register)
        .count();
    (fields.contains(&Field::Purpose) && substantive >= 3) || substantive >= 5
}

/// A label without its numbering (`1.`, `2.3`, `a)`), bold marks and trailing colon.
fn clean_label(s: &str) -> String {
    static NUM: LazyLock<Regex> =
        LazyLock::new(|| re(r"^\s*(?:\d+(?:\.\d+)*\.?|[a-z]\)|[IVX]+\.)\s+"));
    let s = s.replace("**", "");
    let s = NUM.replace(s.trim(), "");
    s.trim().trim_end_matches([':', '：']).trim().to_string()
}

/// The number and name of an activity's title (`Traitement n°3 : Paie` → 3, Paie).
fn split_title(title: &str) -> (Option<String>, String) {
    static TITLE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?:[\p{L}’' ]{0,40}?\s*)?(?:n°|nº|no\.?|nr\.?|#|n\.)?\s*(\d{1,4}(?:\.\d+)*)\s*(?:[—–\-:.)]|\s-)\s*(.+)$",
        )
    });
    let t = ropa_model::text::trim_decoration(title);
    match TITLE.captures(t) {
        Some(c) => (
            c.get(1).map(|m| m.as_str().to_string()),
            c.get(2).map_or(t, |m| m.as_str()).trim().to_string(),
        ),
        None => (None, t.to_string()),
    }
}

/// The values the title of an activity gives it: its name and, as a copy, the number in
/// it as reference; the words that number it (`Processing activity 1 —`) set aside. When
/// the activity names itself (a `Nom du traitement` row), the title is kept whole as text.
fn title_values(title: &str, place: &Place, named: bool) -> (Vec<RawValue>, Option<Skipped>) {
    if named {
        let v = RawValue::new("(titre de la section)", title.trim(), place.clone());
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
        LazyLock::new(|| re(r"^\s*(?:\d+(?:\.\d+)*[.)]|[a-z]\))\s+|\s*\([^()]*\)"));
    let bare = DECORATION.replace_all(label, " ");
    let bare = bare.trim();
    let ok = !bare.is_empty()
        && !ANSWERS.contains(&ropa_model::text::fold(label).as_str())
        && words <= 8
        && label.chars().count() <= 70
        && !bare.contains(['.', ';', '!', '?', '«', '"'])
        && !bare.chars().last().is_some_and(|c| c.is_ascii_digit())
        && !rest.starts_with("//")
        && (rest.is_empty() || rest.starts_with([' ', '\t', '\n']) || rest.starts_with('\u{a0}'));
    ok.then(|| (label, rest.trim()))
}

/// One label | value pair found in the blocks of an activity or of the register.
#[derive(Default)]
struct Pairs {
    values: Vec<RawValue>,
    skipped: Vec<Skipped>,
    fields: BTreeSet<Field>,
    /// The label the next unlabelled blocks belong to, with its nesting level.
    pending: Option<(String, Place)>,
    /// Whether the pending label is a sub-heading: all that follows it, up to the next
    /// heading, is its value unless it names a field itself.
    under_heading: bool,
    /// Whether the pending label had its value on its own line (`Label: value`): then a
    /// paragraph after it is text of its own, while list items still continue it.
    pending_answered: bool,
    /// The field a table's section row names (`Mesures de sécurité`, `Coordonnées du
    /// responsable`): rows whose own label names no field stand under it, their label
    /// kept as the value's sub-label (`Contrôle d'accès`, `Nom`).
    section: Option<String>,
    /// The field the open sub-heading names: its section owns what stands under it.
    owner: Option<Field>,
    /// Inside an owned section, the lead-in that qualifies the values after it
    /// (`**Sous-traitants :**`, `**Art. 6.1.b — Contrat :**`).
    qualifier: Option<Qualifier>,
}

/// A lead-in inside a field's section that names no other field: a part of that
/// field's value (a kind of recipient, the article of a basis), kept as the values'
/// qualifier.
struct Qualifier {
    text: String,
    place: Place,
    /// Whether a value stood under it yet.
    used: bool,
    /// Whether it had its value on its own line.
    answered: bool,
}

impl Pairs {
    fn push(&mut self, labels: &Labels, label: &str, text: &str, place: &Place, derived: bool) {
        self.push_under(labels, label, None, text, place, derived);
    }

    fn push_under(
        &mut self,
        labels: &Labels,
        label: &str,
        sublabel: Option<&str>,
        text: &str,
        place: &Place,
        derived: bool,
    ) {
        let label = clean_label(label);
        let (kept, unticked) = ticked(text);
        for u in unticked {
            let mut v = RawValue::new(label.clone(), u, place.clone());
            v.derived = derived;
            self.skipped.push(Skipped {
                value: v,
                reason: Said::UncheckedBox,
            });
        }
        let Some(text) = kept else { return };
        if !has_content(&text) {
            return;
        }
        if let Some(f) = labels.field(&label) {
            self.fields.insert(f);
        }
        let mut v = RawValue::new(label, text, place.clone());
        v.derived = derived;
        v.sublabel = sublabel.map(str::to_string);
        self.values.push(v);
    }

    fn unlabelled(&mut self, labels: &Labels, text: &str, place: &Place, item: bool) {
        match self.pending.clone() {
            Some((label, _)) if item || self.under_heading || !self.pending_answered => {
                let from = self.values.len();
                self.push(labels, &label, text, place, false);
                if self.qualifier.as_ref().is_some_and(|q| q.answered && !item) {
                    // a paragraph after `**Qualifier :** value` is text of its own
                    self.qualifier = None;
                }
                self.qualify(from);
            }
            _ => {
                self.pending = None;
                self.push(labels, "", text, place, false)
            }
        }
    }

    /// A paragraph or list item: a label of its own, or a value of the label above.
    fn para(&mut self, labels: &Labels, para: &Para, place: &Place, item: bool) {
        let text = para.text.trim();
        // lines of `Label: value` run together in one paragraph (soft line breaks)
        let lines: Vec<&str> = text.lines().collect();
        // lines of `Label: value` run together in one paragraph (soft line breaks): each
        // line is read as an item, so a line whose label names no field (`Invoices: 10
        // years`) stays a value of the label above
        let known_lines = lines
            .iter()
            .filter(|l| colon_split(l).is_some_and(|(label, _)| labels.field(label).is_some()))
            .count();
        if lines.len() >= 2 && known_lines >= 2 {
            // a paragraph whose every line is `Label : value` lists labels; in a list item,
            // or with lines of plain text, a line of unknown label continues the one above
            let every_line = lines.iter().all(|l| colon_split(l).is_some());
            for line in lines {
                self.para(labels, &Para::plain(line), place, item || !every_line);
            }
            return;
        }
        if self.owned_lead(labels, para, place, item) {
            return;
        }
        // a bold lead-in is a label when it ends with a colon or names a field
        if let Some(lead) = &para.lead {
            let lead_label = lead.trim_end_matches([':', ' ']).trim();
            let rest = text
                .strip_prefix(lead.as_str())
                .unwrap_or(text)
                .trim_start_matches([':', ' ', '\u{a0}'])
                .trim();
            let known = labels.field(lead_label).is_some();
            // a `label<TAB>value` line (a cell and the cell beside it) is a pair whatever
            // its label says
            let tabbed = text
                .strip_prefix(lead.as_str())
                .is_some_and(|r| r.starts_with('\t'));
            if known
                || tabbed
                || lead.trim_end().ends_with(':')
                || (rest.starts_with(':') && !lead_label.is_empty())
            {
                self.labelled(labels, lead_label, rest, place);
                return;
            }
            if rest.is_empty() && !item && self.pending.is_none() {
                // a bold line of its own that names no field: a sub-title, kept as text
                self.push(labels, "", text, place, false);
                return;
            }
        }
        if let Some((label, rest)) = colon_split(text) {
            let known = labels.field(label).is_some();
            // under a label, an item is a value unless it names a field itself
            if known || self.pending.is_none() || (!item && !self.under_heading) {
                self.labelled(labels, label, rest, place);
                return;
            }
        }
        if let Some((label, rest)) = text.split_once('\t')
            && labels.field(label).is_some()
        {
            self.labelled(labels, label, rest.trim(), place);
            return;
        }
        self.unlabelled(labels, text, place, item);
    }

    /// Inside a sub-heading that names a field, a lead-in (`**Label :** value`, or
    /// `Label : value` as a paragraph) is a part of that field's value unless its label
    /// is one known to name another field: `**Sous-traitants :**` under the recipients
    /// (which include them), `**Art. 6.1.b — Contrat :**` under the legal basis, a label
    /// only near a field (`Contrôle d'accès` is not the controller), `Référence :`
    /// anywhere (an activity names itself at its head, not inside a field). Its label
    /// qualifies the values after it; a list item keeps its text whole. Returns whether
    /// the paragraph was read so.
    fn owned_lead(&mut self, labels: &Labels, para: &Para, place: &Place, item: bool) -> bool {
        let Some(owner) = self.owner.filter(|_| self.under_heading) else {
            return false;
        };
        let Some(heading) = self.pending.clone().map(|(h, _)| h) else {
            return false;
        };
        let text = para.text.trim();
        let lead = para.lead.as_deref().and_then(|lead| {
            let label = lead.trim_end_matches([':', ' ']).trim();
            let after = text.strip_prefix(lead)?;
            let colon = lead.trim_end().ends_with(':') || after.trim_start().starts_with(':');
            let rest = after.trim_start_matches([':', ' ', '\u{a0}']).trim();
            colon.then_some((label, rest))
        });
        if lead.is_none()
            && let Some(bold) = para.lead.as_deref()
            && !(labels.is_label)(&clean_label(bold))
        {
            // `- **Archivéo** (Belgique) — archivage` names a party, not the archiving:
            // a bold name with no colon is a label only when it is one known exactly
            self.unlabelled(labels, text, place, item);
            return true;
        }
        let Some((label, rest)) = lead.or_else(|| colon_split(text)) else {
            return false;
        };
        let field = labels.field(label);
        if let Some(g) = field
            && g != owner
            && !g.is_identity()
            && !owner.includes(g)
            && (labels.is_label)(&clean_label(label))
        {
            return false;
        }
        if item && lead.is_none() {
            // `- Chiffrement : TLS` in a list of measures is a measure, whole
            self.unlabelled(labels, text, place, item);
            return true;
        }
        self.close_qualifier(labels);
        if field != Some(owner) {
            self.qualifier = Some(Qualifier {
                text: clean_label(label),
                place: place.clone(),
                used: has_content(rest),
                answered: has_content(rest),
            });
        }
        if has_content(rest) {
            let from = self.values.len();
            self.push(labels, &heading, rest, place, false);
            self.qualify(from);
        }
        true
    }

    /// Marks the values from `from` on with the open qualifier: in a section of parties
    /// it says what kind they are (`Interne`, `Sous-traitants`), the names being the
    /// text; elsewhere it leads the text (`Art. 6.1.b — Contrat : …`), as a sub-label.
    fn qualify(&mut self, from: usize) {
        let Some(q) = &mut self.qualifier else { return };
        q.used = true;
        let parties = self.owner.is_some_and(|f| {
            matches!(
                f.kind(),
                ropa_model::fields::Kind::Recipients | ropa_model::fields::Kind::Processors
            )
        });
        for v in &mut self.values[from..] {
            if parties {
                v.option = Some(q.text.clone());
            } else {
                v.sublabel = Some(q.text.clone());
            }
        }
    }

    /// Closes the open qualifier; one that no value stood under is kept as a value of
    /// the section, so nothing is lost.
    fn close_qualifier(&mut self, labels: &Labels) {
        if let Some(q) = self.qualifier.take()
            && !q.used
            && let Some((heading, _)) = self.pending.clone()
        {
            self.push(labels, &heading, &q.text, &q.place, false);
        }
    }

    fn labelled(&mut self, labels: &Labels, label: &str, rest: &str, place: &Place) {
        self.close_qualifier(labels);
        self.pending = Some((clean_label(label), place.clone()));
        self.under_heading = false;
        self.pending_answered = has_content(rest);
        if has_content(rest) {
            self.push(labels, label, rest, place, false);
        } else if let Some(f) = labels.field(label) {
            // a label whose values follow still says the template has the field
            self.fields.insert(f);
        } else {
            // an unknown label with nothing after it: kept as text, so nothing is lost
            self.push(labels, "", label, place, false);
            self.pending = Some((clean_label(label), place.clone()));
        }
    }

    /// Under a sub-heading that names a field, a table none of whose rows names a field
    /// (`| Données | Durée | Justification |` under the retention) is that field's
    /// value: one value per row, its first cell as sub-label, the others joined; a
    /// header row the format marks is set aside. Returns whether it was read so.
    fn owned_table(&mut self, labels: &Labels, t: &Table) -> bool {
        let (Some(_), true, Some((heading, _))) =
            (self.owner, self.under_heading, self.pending.clone())
        else {
            return false;
        };
        let body = &t.rows[usize::from(t.head).min(t.rows.len())..];
        // a table of fields names two fields or more down its first column; rows that
        // only come near one field (`Données de compte` near the data categories) are
        // parts of the owner's value
        let named: BTreeSet<Field> = body
            .iter()
            .filter_map(|r| r.first().and_then(|c| labels.field(&c.text)))
            .filter(|f| Some(*f) != self.owner)
            .collect();
        if named.len() >= 2 {
            return false;
        }
        self.close_qualifier(labels);
        if t.head {
            for c in t.rows[0].iter().filter(|c| has_content(&c.text)) {
                self.skipped.push(Skipped {
                    value: RawValue::new("", c.text.clone(), c.place.clone()),
                    reason: Said::TableHeader,
                });
            }
        }
        for row in body {
            let Some((first, rest)) = row.split_first() else {
                continue;
            };
            let values: Vec<&Cell> = rest.iter().filter(|c| has_content(&c.text)).collect();
            match values.first() {
                None if has_content(&first.text) => self.push(
                    labels,
                    &heading,
                    &first.text,
                    &first.place,
                    first.merged_copy,
                ),
                None => {}
                Some(at) => {
                    let text = values
                        .iter()
                        .map(|c| c.text.trim())
                        .collect::<Vec<_>>()
                        .join(" — ");
                    let sub = has_content(&first.text).then_some(first.text.trim());
                    let derived = first.merged_copy && values.iter().all(|c| c.merged_copy);
                    self.push_under(labels, &heading, sub, &text, &at.place, derived);
                }
            }
        }
        true
    }

    /// A label | value table inside an activity or the register.
    fn table(&mut self, labels: &Labels, t: &Table) {
        if self.owned_table(labels, t) {
            return;
        }
        let header_like = t.rows.first().is_some_and(|r| {
            r.len() >= 2
                && r.iter().all(|c| labels.field(&c.text).is_none())
                && t.rows.len() > 2
                && t.rows[1..]
                    .iter()
                    .any(|r| r.first().is_some_and(|c| labels.field(&c.text).is_some()))
        });
        for (i, row) in t.rows.iter().enumerate() {
            if t.is_banner(row) {
                if let Some(c) = row.iter().find(|c| has_content(&c.text)) {
                    self.section = labels.field(&c.text).map(|_| clean_label(&c.text));
                    if labels.field(&c.text).is_some()
                        && i + 1 < t.rows.len()
                        && t.rows[i + 1]
                            .first()
                            .is_none_or(|n| labels.field(&n.text).is_none())
                    {
                        self.pending = Some((clean_label(&c.text), c.place.clone()));
                        self.fields.extend(labels.field(&c.text));
                    } else {
                        self.skipped.push(Skipped {
                            value: RawValue::new("", c.text.clone(), c.place.clone()),
                            reason: Said::TemplateSubheading,
                        });
                    }
                }
                continue;
            }
            if i == 0 && header_like {
                for c in row.iter().filter(|c| has_content(&c.text)) {
                    self.skipped.push(Skipped {
                        value: RawValue::new("", c.text.clone(), c.place.clone()),
                        reason: Said::TableHeader,
                    });
                }
                continue;
            }
            let Some((first, rest)) = row.split_first() else {
                continue;
            };
            let label = first.lead.clone().unwrap_or_else(|| first.text.clone());
            let label = if first.text.trim().len() > label.trim().len() + 2 {
                first.text.clone()
            } else {
                label
            };
            let values: Vec<&Cell> = rest.iter().filter(|c| has_content(&c.text)).collect();
            if values.is_empty() {
                if !has_content(&label) {
                    continue;
                }
                if labels.field(&label).is_some() {
                    // a field's label with nothing beside it: the template has the field,
                    // the rows below may stand under it, and the label is set aside
                    self.fields.extend(labels.field(&label));
                    self.section = Some(clean_label(&label));
                    self.skipped.push(Skipped {
                        value: RawValue::new("", first.text.clone(), first.place.clone()),
                        reason: Said::TemplateFieldUnanswered,
                    });
                } else {
                    // text of its own (a title, a note): kept
                    self.push(labels, "", &first.text, &first.place, first.merged_copy);
                }
                continue;
            }
            // under a section (`Responsable du traitement`), `Nom` is the section's, not
            // the activity's: a label naming the activity is a sub-label there
            let known = labels
                .field(&label)
                .is_some_and(|f| !f.is_identity() || self.section.is_none());
            let section = if known { None } else { self.section.clone() };
            if known {
                self.section = None;
            }
            for c in values {
                let derived = first.merged_copy && c.merged_copy;
                match &section {
                    Some(s) => {
                        self.push_under(labels, s, Some(label.trim()), &c.text, &c.place, derived)
                    }
                    None => self.push(labels, &label, &c.text, &c.place, derived),
                }
            }
            self.pending = None;
        }
    }

    fn block(&mut self, labels: &Labels, b: &Block, sub_headings: bool) {
        match &b.kind {
            Kind::Heading { text, .. } if sub_headings => {
                self.close_qualifier(labels);
                self.pending = Some((clean_label(text), b.place.clone()));
                self.under_heading = true;
                self.owner = labels.field(text);
                self.fields.extend(self.owner);
            }
            Kind::Heading { text, .. } => {
                self.close_qualifier(labels);
                self.owner = None;
                self.pending = None;
                self.push(labels, "", text, &b.place, false);
            }
            Kind::Paragraph(p) => self.para(labels, p, &b.place, false),
            Kind::Item { para, .. } => self.para(labels, para, &b.place, true),
            Kind::Table(t) => self.table(labels, t),
            Kind::Unanswered(text) => self.skipped.push(Skipped {
                value: RawValue::new(
                    self.pending.clone().map(|(l, _)| l).unwrap_or_default(),
                    text.clone(),
                    b.place.clone(),
                ),
                reason: Said::Unanswered,
            }),
            Kind::Furniture(text) => self.skipped.push(Skipped {
                value: RawValue::new("", text.clone(), b.place.clone()),
                reason: Said::TableOfContents,
            }),
        }
    }
}

/// The glyphs people type for a ticked box besides ☒ (emoji forms included). They are
/// boxes only in a value that also holds an empty box (a list of options, some not
/// ticked): `5 ans ✅` is a client's emphasis and stays whole.
const TICKED_GLYPHS: [char; 5] = ['☑', '✅', '✔', '✓', '⊠'];
/// The glyphs of an empty box besides ☐.
const EMPTY_GLYPHS: [char; 2] = ['□', '⬜'];

/// A value's boxes as ☒ and ☐, whatever glyphs were typed, when it is a list of options
/// with an empty box among them (■ then counts as ticked beside □); the emoji variation
/// selector after a glyph dropped.
fn boxes_normalised(text: &str) -> std::borrow::Cow<'_, str> {
    let typed = text.contains(TICKED_GLYPHS) || text.contains(EMPTY_GLYPHS) || text.contains('■');
    let an_empty_box = text.contains(EMPTY_GLYPHS) || text.contains(UNCHECKED);
    if !typed || !an_empty_box {
        return text.into();
    }
    text.chars()
        .filter(|c| *c != '\u{fe0f}')
        .map(|c| match c {
            c if TICKED_GLYPHS.contains(&c) || c == '■' => CHECKED,
            c if EMPTY_GLYPHS.contains(&c) => UNCHECKED,
            c => c,
        })
        .collect::<String>()
        .into()
}

/// The text kept of a value with check boxes: what follows a ticked box (and any text
/// before the first box); the unticked options are returned apart.
fn ticked(text: &str) -> (Option<String>, Vec<String>) {
    let text = &*boxes_normalised(text);
    if !text.contains([CHECKED, UNCHECKED]) {
        return (Some(text.to_string()), Vec::new());
    }
    let mut kept = Vec::new();
    let mut unticked = Vec::new();
    for line in text.lines() {
        let mut state: Option<bool> = None;
        let mut part = String::new();
        let mut parts: Vec<(Option<bool>, String)> = Vec::new();
        for c in line.chars() {
            if c == CHECKED || c == UNCHECKED {
                parts.push((state, std::mem::take(&mut part)));
                state = Some(c == CHECKED);
            } else {
                part.push(c);
            }
        }
        parts.push((state, part));
        // `Contrat ⬜ Consentement ✅`: each box after its option's text, nothing after
        // the last box; the text goes with the box that follows it
        let boxes_after = parts.len() >= 2
            && parts[0].0.is_none()
            && has_content(&parts[0].1)
            && parts.last().is_some_and(|(_, t)| !has_content(t));
        if boxes_after {
            let states: Vec<Option<bool>> = parts.iter().skip(1).map(|(s, _)| *s).collect();
            parts = parts
                .into_iter()
                .map(|(_, t)| t)
                .zip(states)
                .map(|(t, s)| (s, t))
                .collect();
        }
        for (s, p) in parts {
            let p = p.trim().trim_start_matches(['•', '-']).trim().to_string();
            if p.is_empty() {
                continue;
            }
            match s {
                Some(false) => unticked.push(p),
                _ => kept.push(p),
            }
        }
    }
    ((!kept.is_empty()).then(|| kept.join("\n")), unticked)
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
    let starts: Vec<usize> = pairs
        .iter()
        .enumerate()
        .filter(|(_, (_, l))| l == first)
        .map(|(n, _)| n)
        .collect();
    let groups_full = starts
        .iter()
        .zip(starts.iter().skip(1).chain([&pairs.len()]))
        .all(|(a, b)| b - a >= 4);
    if starts.len() < 2 || !groups_full {
        return Vec::new();
    }
    starts.into_iter().map(|n| pairs[n].0).collect()
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

/// A section that carries an activity: its heading's index, its end, its pairs.
type Section = (usize, usize, Pairs);

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
    for level in levels {
        let mut found = Vec::new();
        for (start, end) in sections(&doc.blocks, level) {
            let mut p = Pairs::default();
            for b in &doc.blocks[start + 1..end] {
                p.block(labels, b, true);
            }
            p.close_qualifier(labels);
            if is_activity(&p.fields) {
                found.push((start, end, p));
            }
        }
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
        let n = found.len();
        let evidence: usize = found.iter().map(|(_, _, p)| p.fields.len()).sum();
        if n > 0
            && best
                .as_ref()
                .is_none_or(|(bn, be, _, _)| (n, evidence) > (*bn, *be))
        {
            best = Some((n, evidence, level, found));
        }
    }
    let (n, evidence, level, found) = best?;
    let mut out = RawDocument::default();
    let mut next = 0;
    let mut part_title = String::new();
    let mut fields_per = Vec::new();
    for (start, end, p) in found {
        aside_blocks(
            &doc.blocks[next..start],
            labels,
            &mut out,
            next == 0,
            &mut part_title,
        );
        let title = heading_text(&doc.blocks[start]);
        let place = doc.blocks[start].place.clone();
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
    })
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
    let mut p = Pairs::default();
    for b in blocks {
        if let Kind::Heading { text, .. } = &b.kind {
            section = text.clone();
            *part = text.clone();
        }
        let from = p.values.len();
        p.block(labels, b, false);
        if !before {
            for v in &mut p.values[from..] {
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
    let headings = || by_headings(doc, labels);
    let tables = || by_tables(doc, labels);
    let mut found = match shape {
        Some(Shape::Headings) => headings(),
        Some(_) => tables(),
        None => match (headings(), tables()) {
            (Some(h), Some(t)) => {
                let (nh, nt) = (h.doc.blocks.len(), t.doc.blocks.len());
                Some(
                    if nt > nh || (nt == nh && t.evidence > h.evidence + nh * 3) {
                        t
                    } else {
                        h
                    },
                )
            }
            (h, t) => h.or(t),
        },
    }?;
    found = merge_summary(found, doc, labels);
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
    for v in values {
        if !v.label.is_empty()
            && !v.label.starts_with('(')
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
    let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
    let mut merged = 0;
    for b in &doc.blocks {
        let Kind::Table(t) = &b.kind else { continue };
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
                sections
                    .iter()
                    .position(|(_, sn)| same(&n, sn))
                    .or_else(|| sections.iter().position(|(sr, _)| same(&r, sr)))
            })
            .collect();
        let mut seen = BTreeSet::new();
        let found = matched.iter().flatten().count();
        if found < 2
            || found * 10 < rows.len() * 8
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
        for c in header.iter().filter(|c| has_content(&c.text)) {
            h.doc.skipped.push(Skipped {
                value: RawValue::new("", c.text.clone(), c.place.clone()),
                reason: Said::TableHeader,
            });
        }
        for (row, at) in rows.into_iter().zip(matched) {
            let Some(at) = at else {
                // a row met in no section is an activity of its own
                h.doc.blocks.push(RawBlock {
                    values: row,
                    reversed: false,
                });
                continue;
            };
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
        h.doc.labels.extend(header.iter().map(|c| c.text.clone()));
        merged += found;
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
        Labels {
            is_label: &|s| field_of(s).is_some(),
            field_of: &field_of,
        }
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
        let labels = Labels {
            is_label: &exact,
            field_of: &near,
        };
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
        let labels = Labels {
            is_label: &|s| more(s).is_some(),
            field_of: &more,
        };
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
}
