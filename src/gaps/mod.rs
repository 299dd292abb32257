//! Stage 4: the gap rules. Each rule has a stable code, a severity and the article it
//! comes from; each finding says whether the field is absent from the source format,
//! empty, or weak.

pub mod config;
mod extra_rules;
pub mod knowledge;
pub mod rules;

pub use rules::{RULES, Rule};

use crate::model::{Activity, Field, Value, YesNo};
use crate::normalise::dates;
use crate::text::is_placeholder;
use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Article 30 requires it and it is missing.
    Error,
    /// Likely a problem; a person should look.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// The word shown in reports.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, crate::Lang::Fr) => "erreur",
            (Severity::Warning, crate::Lang::Fr) => "avertissement",
            (Severity::Info, crate::Lang::Fr) => "info",
            (Severity::Error, crate::Lang::En) => "error",
            (Severity::Warning, crate::Lang::En) => "warning",
            (Severity::Info, crate::Lang::En) => "info",
        }
    }
}

/// Why a field fails a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The source format has no such column or label: a template problem.
    Absent,
    /// The column or label is there, the value is blank.
    Empty,
    /// There is a value, but it is a placeholder or too vague.
    Weak,
}

impl Status {
    /// The phrase shown in reports.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        let [fr, en] = match self {
            Status::Absent => ["absent du modèle", "not in the template"],
            Status::Empty => ["vide", "empty"],
            Status::Weak => ["insuffisant", "weak"],
        };
        rules::pick([fr, en], lang)
    }
}

/// One gap of one activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The input's file name.
    pub source: String,
    /// The activity's 1-based order in its source.
    pub index: usize,
    /// The activity's display name.
    pub activity: String,
    /// The field the finding is about (`extra` for unmapped values).
    pub field: String,
    /// The rule's code.
    pub rule: String,
    /// The severity.
    pub severity: Severity,
    /// Absent, empty or weak.
    pub status: Status,
    /// What is wrong and how to fix it, in plain French.
    pub message: String,
    /// For a gap of the register's template (a field it has no place for), every
    /// activity it affects: reported once per source, not once per activity.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<usize>,
}

impl Finding {
    /// The label of the field the finding is about, in the language asked.
    pub fn field_label(&self, lang: crate::Lang) -> String {
        self.field
            .parse::<Field>()
            .map(|x| x.label(lang).to_string())
            .unwrap_or_else(|_| self.field.clone())
    }
}

/// Options of the rules.
#[derive(Clone, Debug)]
pub struct GapOptions {
    /// "Today" for the staleness rule, `YYYY-MM-DD`.
    pub as_of: String,
    /// The language of the messages.
    pub lang: crate::Lang,
}

impl Default for GapOptions {
    fn default() -> Self {
        GapOptions {
            as_of: dates::today(),
            lang: crate::Lang::Fr,
        }
    }
}

/// Whether every text of a value is a placeholder (`-`, `N/A`, `Cliquez ici.`).
pub fn is_placeholder_value(v: &Value) -> bool {
    let texts = v.texts();
    !texts.is_empty() && texts.iter().all(|t| is_placeholder(t))
}

/// Runs every rule on every activity, in register order; the rules that compare
/// activities of one source (duplicates, the register's contacts) come with the first
/// activity they concern.
pub fn check(activities: &[Activity], opts: &GapOptions) -> Vec<Finding> {
    use rayon::prelude::*;
    // each activity's own rules on every core; the register-wide ones in order after
    let own: Vec<Vec<Finding>> = activities
        .par_iter()
        .map(|a| {
            let mut v = Vec::new();
            check_activity(a, opts, &mut v);
            v
        })
        .collect();
    let mut out = Vec::new();
    let mut seen = extra_rules::Seen::default();
    for (a, mut own) in activities.iter().zip(own) {
        out.append(&mut own);
        extra_rules::check_in_register(a, &mut seen, opts.lang, &mut out);
    }
    template_gaps_once(out)
}

pub(crate) fn finding(
    a: &Activity,
    rule: &Rule,
    field: Field,
    status: Status,
    lang: crate::Lang,
) -> Finding {
    raw_finding(a, rule, field.id(), status, rule.message(status, lang))
}

pub(crate) fn raw_finding(
    a: &Activity,
    rule: &Rule,
    field: &str,
    status: Status,
    message: String,
) -> Finding {
    Finding {
        source: a.source.clone(),
        index: a.index,
        activity: a.display_name(),
        field: field.to_string(),
        rule: rule.code.to_string(),
        severity: rule.severity,
        status,
        message,
        activities: Vec::new(),
    }
}

/// One finding per source for each gap of its template (status absent): the first
/// activity's, listing every activity it affects; a gap met by one activity stays its.
fn template_gaps_once(findings: Vec<Finding>) -> Vec<Finding> {
    let mut first: std::collections::HashMap<(String, String, String), usize> =
        std::collections::HashMap::new();
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    for mut f in findings {
        if f.status == Status::Absent {
            let key = (f.source.clone(), f.rule.clone(), f.field.clone());
            if let Some(&i) = first.get(&key) {
                out[i].activities.push(f.index);
                continue;
            }
            first.insert(key, out.len());
            f.activities = vec![f.index];
        }
        out.push(f);
    }
    for f in &mut out {
        if f.activities.len() == 1 {
            f.activities.clear();
        }
    }
    // within each source, its template's gaps come first (the « Modèle de registre »
    // section of the reports), then the activities' own findings in order
    let mut order: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for f in &out {
        let next = order.len();
        order.entry(f.source.clone()).or_insert(next);
    }
    out.sort_by_key(|f| (order.get(&f.source).copied(), !f.is_template_gap()));
    out
}

impl Finding {
    /// The activities the finding is about: those of a template gap, else its own.
    pub fn indexes(&self) -> Vec<usize> {
        if self.activities.is_empty() {
            vec![self.index]
        } else {
            self.activities.clone()
        }
    }

    /// Whether it is a gap of the register's template, reported once for its source.
    pub fn is_template_gap(&self) -> bool {
        !self.activities.is_empty()
    }
}

/// Absent / empty / weak for a required field, `None` when it is present and usable.
pub(crate) fn presence(a: &Activity, field: Field) -> Option<Status> {
    match a.get(field) {
        None if a.format_has(field) => Some(Status::Empty),
        None => Some(Status::Absent),
        Some(v) if is_placeholder_value(v) => Some(Status::Weak),
        Some(_) => None,
    }
}

fn check_activity(a: &Activity, opts: &GapOptions, out: &mut Vec<Finding>) {
    let rule = rules::by_code;
    let lang = opts.lang;
    let tr = |fr: &'static str, en: &'static str| rules::pick([fr, en], lang);
    // Art. 30(1)(a): the controller's name and contact details
    let a30_1a = rule("A30-1a");
    if let Some(s) = presence(a, Field::ControllerName) {
        out.push(finding(a, a30_1a, Field::ControllerName, s, lang));
    } else {
        let contact = presence(a, Field::ControllerContact);
        let address = presence(a, Field::ControllerAddress);
        if let (Some(s), Some(_)) = (contact, address) {
            out.push(finding(a, a30_1a, Field::ControllerContact, s, lang));
        }
    }
    // a processor's record (Art. 30(2)) asks for the categories of processing, the
    // transfers and the security, not for purposes, data subjects, recipients or
    // retention periods
    let processor = is_processor_record(a);
    if processor && presence(a, Field::Name).is_some() && presence(a, Field::Purpose).is_some() {
        let r = rule("A30-2b");
        out.push(raw_finding(
            a,
            r,
            Field::Name.id(),
            Status::Empty,
            format!("{}. {}", r.subject(lang), r.fix(lang)),
        ));
    }
    let controller_items: &[(&str, Field)] = &[
        ("A30-1b", Field::Purpose),
        ("A30-1c-subjects", Field::DataSubjects),
        ("A30-1c-data", Field::DataCategories),
        ("A30-1d", Field::Recipients),
        ("A30-1f", Field::Retention),
    ];
    let items = controller_items
        .iter()
        .filter(|_| !processor)
        .chain(&[("A30-1g", Field::SecurityMeasures)]);
    for &(code, field) in items {
        if let Some(s) = presence(a, field) {
            out.push(finding(a, rule(code), field, s, lang));
        }
    }
    // Art. 30(1)(e): transfers answered; a declared one with its country and its tool
    let a30_1e = rule("A30-1e");
    match (presence(a, Field::Transfers), a.get(Field::Transfers)) {
        (Some(s), _) => out.push(finding(a, a30_1e, Field::Transfers, s, lang)),
        (None, Some(Value::Answer(ans))) if ans.answer == YesNo::Unknown => {
            out.push(finding(a, a30_1e, Field::Transfers, Status::Weak, lang));
        }
        (None, Some(Value::Answer(ans))) if ans.answer == YesNo::Yes => {
            let text = format!("{} {}", ans.text, ans.details.join(" "));
            transfer_findings(a, &text, lang, out);
        }
        _ => {}
    }
    // Art. 30(1)(f): a retention period with neither a duration nor a trigger
    if let Some(Value::Retention(items)) = a.get(Field::Retention) {
        let bounded = items
            .iter()
            .any(|i| i.duration.is_some() || (i.trigger.is_some() && !i.open_ended));
        if !bounded && !is_placeholder_value(&Value::Retention(items.clone())) {
            // the client's own words, not a guess at what they wrote
            let r = rule("A30-1f-vague");
            let said = crate::text::one_line(&Value::Retention(items.clone()).display_text());
            let said: String = said.chars().take(160).collect();
            out.push(raw_finding(
                a,
                r,
                Field::Retention.id(),
                Status::Weak,
                format!("{} : « {said} ». {}", r.subject(lang), r.fix(lang)),
            ));
        }
    }
    // Art. 6(1): a recognised legal basis (the controller's to choose, not a processor's)
    let a6 = rule("A6-basis");
    match (presence(a, Field::LegalBasis), a.get(Field::LegalBasis)) {
        (Some(_), _) if processor => {}
        (Some(s), _) => out.push(finding(a, a6, Field::LegalBasis, s, lang)),
        (None, Some(Value::Basis(b))) if b.basis.is_none() => out.push(raw_finding(
            a,
            rule("A6-basis-unknown"),
            Field::LegalBasis.id(),
            Status::Weak,
            format!(
                "{} « {} » {} {}",
                tr("Base légale", "Lawful basis"),
                crate::text::one_line(&b.text),
                tr(
                    "non reconnue parmi les six de l'article 6(1).",
                    "is not one of the six of Art. 6(1)."
                ),
                rule("A6-basis-unknown").fix(lang)
            ),
        )),
        _ => {}
    }
    // placeholders in fields that no other rule checks
    let checked = [
        Field::ControllerName,
        Field::ControllerContact,
        Field::ControllerAddress,
        Field::Purpose,
        Field::DataSubjects,
        Field::DataCategories,
        Field::Recipients,
        Field::Transfers,
        Field::Retention,
        Field::SecurityMeasures,
        Field::LegalBasis,
        Field::SensitiveData,
    ];
    for (field, v) in &a.fields {
        if !checked.contains(field) && is_placeholder_value(v) {
            out.push(raw_finding(
                a,
                rule("placeholder"),
                field.id(),
                Status::Weak,
                format!(
                    "{}{} « {} » {} {}",
                    field.label(lang),
                    tr(" :", ":"),
                    crate::text::one_line(&v.display_text()),
                    tr(
                        "n'est qu'un texte de remplissage.",
                        "is only a placeholder."
                    ),
                    rule("placeholder").fix(lang)
                ),
            ));
        }
    }
    // staleness: the last update, or the fiche's creation, older than 12 months
    let last = last_update(a);
    let stale = rule("stale");
    match last {
        None => out.push(finding(
            a,
            stale,
            Field::Updated,
            if a.format_has(Field::Updated) {
                Status::Empty
            } else {
                Status::Absent
            },
            lang,
        )),
        Some(d) => {
            if let (Some(day), Some(now)) = (dates::parse_iso(&d), dates::parse_iso(&opts.as_of))
                && day < dates::months_before(now, 12)
            {
                out.push(raw_finding(
                    a,
                    stale,
                    Field::Updated.id(),
                    Status::Weak,
                    match lang {
                        crate::Lang::Fr => format!(
                            "Dernière mise à jour le {d}, il y a plus de 12 mois (au {}). {}",
                            opts.as_of,
                            stale.fix(lang)
                        ),
                        crate::Lang::En => format!(
                            "Last updated on {d}, more than 12 months ago (as of {}). {}",
                            opts.as_of,
                            stale.fix(lang)
                        ),
                    },
                ));
            }
        }
    }
    extra_rules::check(a, lang, out);
    for (field, v) in &a.fields {
        let len = crate::write::utf16_len(&v.display_text());
        if len > crate::write::EXCEL_CELL_MAX {
            let r = rule("excel-limit");
            out.push(raw_finding(
                a,
                r,
                field.id(),
                Status::Weak,
                format!("{} ({len}). {}", r.subject(lang), r.fix(lang)),
            ));
        }
    }
    if !a.extra.is_empty() {
        out.push(raw_finding(
            a,
            rule("unmapped"),
            "extra",
            Status::Weak,
            format!(
                "{} {} {}",
                a.extra.len(),
                tr(
                    "valeur(s) de la source sans champ canonique, gardées dans « Non mappé ».",
                    "source value(s) with no canonical field, kept in « Non mappé »."
                ),
                rule("unmapped").fix(lang)
            ),
        ));
    }
}

/// The latest of the update date and the dated entries of the update log.
fn last_update(a: &Activity) -> Option<String> {
    let mut dates: Vec<String> = Vec::new();
    if let Some(Value::Date(d)) = a.get(Field::Updated) {
        dates.extend(d.date.clone());
    }
    if let Some(Value::UpdateLog(log)) = a.get(Field::UpdateLog) {
        dates.extend(log.iter().filter_map(|e| e.date.clone()));
    }
    // the fiche's creation stands for its last update; a start date (« mise en œuvre »)
    // is when the processing began, not when the record was reviewed
    if dates.is_empty()
        && let Some(Value::Date(d)) = a.get(Field::Created)
    {
        dates.extend(d.date.clone());
    }
    dates.into_iter().max()
}

/// The findings on a declared transfer: its destination named (a real country, not
/// « hors UE »), an invalid tool (Privacy Shield, « sans garantie »), and no tool for a
/// country without an adequacy decision (none asked for adequate ones).
fn transfer_findings(a: &Activity, text: &str, lang: crate::Lang, out: &mut Vec<Finding>) {
    use knowledge::{ADEQUACY, TOOLS, found};
    let tr = |fr: &'static str, en: &'static str| rules::pick([fr, en], lang);
    let adequate = found(text, &ADEQUACY.countries);
    let us = found(text, &ADEQUACY.conditional);
    let country =
        crate::normalise::answers::names_country(text) || !adequate.is_empty() || !us.is_empty();
    if !country {
        let r = rules::by_code("A30-1e-details");
        let vague = found(text, &TOOLS.not_countries);
        let said = if vague.is_empty() {
            String::new()
        } else {
            format!(" (« {} »)", vague.join(" », « "))
        };
        out.push(raw_finding(
            a,
            r,
            Field::Transfers.id(),
            Status::Weak,
            format!("{}{said}. {}", r.subject(lang), r.fix(lang)),
        ));
    }
    let invalid = found(text, &TOOLS.invalid);
    let valid = found(text, &TOOLS.valid);
    if !invalid.is_empty() {
        let r = rules::by_code("A46-invalid");
        out.push(raw_finding(
            a,
            r,
            Field::Transfers.id(),
            Status::Weak,
            format!(
                "{} : « {} ». {}",
                r.subject(lang),
                invalid.join(" », « "),
                r.fix(lang)
            ),
        ));
    } else if valid.is_empty() && country && (adequate.is_empty() || !us.is_empty()) {
        let r = rules::by_code("A46-tool");
        let us_note = if us.is_empty() {
            ""
        } else {
            tr(
                " (les États-Unis ne sont adéquats que pour les entreprises certifiées au Data Privacy Framework)",
                " (the United States is adequate only for companies certified under the Data Privacy Framework)",
            )
        };
        out.push(raw_finding(
            a,
            r,
            Field::Transfers.id(),
            Status::Weak,
            format!("{}{us_note}. {}", r.subject(lang), r.fix(lang)),
        ));
    }
}

/// Whether an activity is recorded as a processor's (Art. 30(2)): its register role
/// says so (« sous-traitant », « processor », « Auftragsverarbeiter »…).
pub fn is_processor_record(a: &Activity) -> bool {
    a.get(Field::RegisterRole).is_some_and(|v| {
        crate::normalise::answers::has_phrase(
            &v.display_text(),
            &[
                "processor",
                "sous traitant",
                "auftragsverarbeiter",
                "encargado del tratamiento",
                "encargado",
                "responsabile esterno",
                "verwerker",
            ],
        )
    })
}
