//! Label | value pairs read in the blocks of an activity or of the register: bold
//! lead-ins, `Label : value` lines and items, a field's sub-heading and what stands under
//! it, label | value tables, check boxes.

use super::*;
use crate::document::{CHECKED, UNCHECKED};

/// One label | value pair found in the blocks of an activity or of the register.
#[derive(Default)]
pub(super) struct Pairs {
    pub(super) values: Vec<RawValue>,
    pub(super) skipped: Vec<Skipped>,
    pub(super) fields: BTreeSet<Field>,
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
    pub(super) fn push(
        &mut self,
        labels: &Labels,
        label: &str,
        text: &str,
        place: &Place,
        derived: bool,
    ) {
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
        // `Lucía Ferrándiz, contacto : dpd@…`: a value, then a label after its comma —
        // the name is no label (`Nom, prénom :` is one: its first part names a field)
        if para.lead.is_none()
            && let Some((label, rest)) = colon_split(text)
            && let Some((before, after)) = label.rsplit_once(',')
            && !before.trim().is_empty()
            && let Some(named) = labels.field(after)
            && labels.field(before).is_none()
            && looks_like_a_name(before)
            && labels.field(label).is_none_or(|f| f == named)
        {
            self.para(labels, &Para::plain(before.trim()), place, item);
            self.para(
                labels,
                &Para::plain(format!("{} : {rest}", after.trim())),
                place,
                item,
            );
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
    pub(super) fn close_qualifier(&mut self, labels: &Labels) {
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
        // a header row that names the owner (`Kategorie | Empfänger | Zweck` under
        // « Empfänger ») makes its body the owner's rows, whatever their first cells say
        let headed_by_owner = t.head
            && t.rows
                .first()
                .is_some_and(|r| r.iter().any(|c| labels.field(&c.text) == self.owner));
        if named.len() >= 2 && !headed_by_owner {
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
    pub(super) fn table(&mut self, labels: &Labels, t: &Table) {
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

    pub(super) fn block(&mut self, labels: &Labels, b: &Block, sub_headings: bool) {
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

/// Whether a text is written as a person's name: two to five words, each capitalised
/// but for the particles names have (`de`, `van`, `di`), no figure (« Lucía Ferrándiz
/// Oyarzun », not « Date de naissance »).
fn looks_like_a_name(text: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "de", "del", "della", "di", "da", "du", "des", "la", "le", "van", "von", "der", "den", "y",
        "e",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && !text.chars().any(|c| c.is_ascii_digit())
        && words
            .first()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
        && words
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) || PARTICLES.contains(w))
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
pub(super) fn ticked(text: &str) -> (Option<String>, Vec<String>) {
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
