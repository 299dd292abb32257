//! Stage 4: the gap rules. Each rule has a stable code, a severity and the article it
//! comes from; each finding says whether the field is absent from the source format,
//! empty, or weak.

pub mod compare;
pub mod config;
mod extra_rules;
pub mod knowledge;
pub mod portfolio;
pub mod report;
pub mod rules;

pub use rules::{RULES, Rule, RuleId};

use ropa_model::text::is_placeholder;
use ropa_model::{Activity, Field, Value, YesNo};
use ropa_normalise::dates;
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
    pub fn label(self, lang: ropa_model::Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, ropa_model::Lang::Fr) => "erreur",
            (Severity::Warning, ropa_model::Lang::Fr) => "avertissement",
            (Severity::Info, ropa_model::Lang::Fr) => "info",
            (Severity::Error, ropa_model::Lang::En) => "error",
            (Severity::Warning, ropa_model::Lang::En) => "warning",
            (Severity::Info, ropa_model::Lang::En) => "info",
        }
    }
}

/// What kind of duty a rule checks: the three tiers of the gap report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// An item Article 30 asks the register to hold is missing or unusable.
    Article30,
    /// A GDPR risk beyond the register (Art. 5, 6, 9, 28, 35, 44–49).
    Risk,
    /// CNIL, ICO or EDPB good practice, or the register's quality.
    GoodPractice,
}

impl Tier {
    /// Every tier, in report order.
    pub const ALL: [Tier; 3] = [Tier::Article30, Tier::Risk, Tier::GoodPractice];

    /// The tier's title in reports.
    pub fn label(self, lang: ropa_model::Lang) -> &'static str {
        let [fr, en] = match self {
            Tier::Article30 => ["1. Mention de l'article 30", "1. Article 30 item"],
            Tier::Risk => ["2. Risque RGPD", "2. GDPR risk"],
            Tier::GoodPractice => ["3. Bonne pratique", "3. Good practice"],
        };
        rules::pick([fr, en], lang)
    }
}

/// How soon a finding should be acted on: P1 first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Priority {
    /// An error: the register or the processing is not compliant as written.
    P1,
    /// A warning about an Art. 30 item or a GDPR risk: to check soon.
    P2,
    /// Good practice, or a note worth knowing.
    P3,
}

impl Priority {
    /// The priority of a finding of this severity in this tier: errors first, then the
    /// warnings about the law, then the rest.
    pub fn of(severity: Severity, tier: Tier) -> Priority {
        match (severity, tier) {
            (Severity::Error, _) => Priority::P1,
            (Severity::Warning, Tier::Article30 | Tier::Risk) => Priority::P2,
            _ => Priority::P3,
        }
    }

    /// `P1`, `P2` or `P3`.
    pub fn label(self) -> &'static str {
        match self {
            Priority::P1 => "P1",
            Priority::P2 => "P2",
            Priority::P3 => "P3",
        }
    }
}

/// What a finding is about: a canonical field, or the values kept in `extra`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// A canonical field.
    Field(Field),
    /// The source values with no canonical field.
    Extra,
}

impl Subject {
    /// The id written in gaps.json and configuration (`purpose`, `extra`).
    pub fn id(self) -> &'static str {
        match self {
            Subject::Field(f) => f.id(),
            Subject::Extra => "extra",
        }
    }

    /// The field, when it is one.
    pub fn field(self) -> Option<Field> {
        match self {
            Subject::Field(f) => Some(f),
            Subject::Extra => None,
        }
    }
}

impl From<Field> for Subject {
    fn from(f: Field) -> Self {
        Subject::Field(f)
    }
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Subject {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Subject {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        if id == "extra" {
            return Ok(Subject::Extra);
        }
        id.parse::<Field>()
            .map(Subject::Field)
            .map_err(|_| serde::de::Error::custom(format!("unknown field `{id}`")))
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
    pub fn label(self, lang: ropa_model::Lang) -> &'static str {
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
    pub field: Subject,
    /// The rule, written as its code.
    pub rule: RuleId,
    /// The severity (the rule's, or as set in `[rules]`).
    pub severity: Severity,
    /// An Art. 30 item, a GDPR risk, or good practice.
    pub tier: Tier,
    /// P1 to P3, from the severity and the tier.
    pub priority: Priority,
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
    pub fn field_label(&self, lang: ropa_model::Lang) -> String {
        match self.field {
            Subject::Field(f) => f.label(lang).to_string(),
            Subject::Extra => rules::pick(["Non mappé", "Unmapped"], lang).to_string(),
        }
    }

    /// Sets the severity, and the priority that follows from it.
    pub fn set_severity(&mut self, severity: Severity) {
        self.severity = severity;
        self.priority = Priority::of(severity, self.tier);
    }
}

/// Options of the rules.
#[derive(Clone, Debug)]
pub struct GapOptions {
    /// "Today" for the staleness rule, `YYYY-MM-DD`.
    pub as_of: String,
    /// The language of the messages.
    pub lang: ropa_model::Lang,
}

impl Default for GapOptions {
    fn default() -> Self {
        GapOptions {
            as_of: dates::today(),
            lang: ropa_model::Lang::Fr,
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

/// A finding whose message is the rule's for the status.
pub(crate) fn finding(
    a: &Activity,
    rule: RuleId,
    field: Field,
    status: Status,
    lang: ropa_model::Lang,
) -> Finding {
    let message = rule.rule().message(status, lang);
    raw_finding(a, rule, field, status, message)
}

/// A finding with its own message.
pub fn raw_finding(
    a: &Activity,
    rule: RuleId,
    field: impl Into<Subject>,
    status: Status,
    message: String,
) -> Finding {
    let r = rule.rule();
    Finding {
        source: a.source.clone(),
        index: a.index,
        activity: a.display_name(),
        field: field.into(),
        rule,
        severity: r.severity,
        tier: r.tier,
        priority: Priority::of(r.severity, r.tier),
        status,
        message,
        activities: Vec::new(),
    }
}

/// One finding per source for each gap of its template (status absent): the first
/// activity's, listing every activity it affects; a gap met by one activity stays its.
fn template_gaps_once(findings: Vec<Finding>) -> Vec<Finding> {
    let mut first: std::collections::HashMap<(String, RuleId, Subject), usize> =
        std::collections::HashMap::new();
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    for mut f in findings {
        if f.status == Status::Absent {
            let key = (f.source.clone(), f.rule, f.field);
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

/// What the checks of one activity read: the activity, the options, and what several
/// checks need, made once.
pub(crate) struct Ctx<'a> {
    /// The activity checked.
    pub a: &'a Activity,
    /// The language of the messages.
    pub lang: ropa_model::Lang,
    /// "Today", `YYYY-MM-DD`.
    pub as_of: &'a str,
    /// Whether it is a processor's record (Art. 30(2)).
    pub processor: bool,
    /// Every text of the activity.
    pub texts: Vec<String>,
    /// The same, joined: for the checks that look for a word anywhere.
    pub written: String,
    /// The Art. 9, Art. 10 and NIR words of its data (two checks read them).
    pub special: Vec<&'static str>,
    /// Its financial and location data of people (two checks read them).
    pub highly: Vec<&'static str>,
}

impl<'a> Ctx<'a> {
    fn new(a: &'a Activity, opts: &'a GapOptions) -> Ctx<'a> {
        let texts: Vec<String> = a.fields.values().flat_map(|v| v.texts()).collect();
        let written = texts.join(" \n ");
        Ctx {
            a,
            lang: opts.lang,
            as_of: &opts.as_of,
            processor: is_processor_record(a),
            texts,
            written,
            special: extra_rules::special_words(a),
            highly: extra_rules::highly_personal(a),
        }
    }

    /// The French or the English, as asked.
    pub fn tr(&self, fr: &'static str, en: &'static str) -> &'static str {
        rules::pick([fr, en], self.lang)
    }

    /// A finding with the rule's message for the status.
    fn presence_finding(&self, rule: RuleId, field: Field, status: Status) -> Finding {
        finding(self.a, rule, field, status, self.lang)
    }

    /// A finding with its own message.
    pub fn finding(
        &self,
        rule: RuleId,
        field: impl Into<Subject>,
        status: Status,
        message: String,
    ) -> Finding {
        raw_finding(self.a, rule, field, status, message)
    }
}

/// One check: reads the activity, pushes its findings.
pub(crate) type Check = fn(&Ctx<'_>, &mut Vec<Finding>);

/// The checks of one activity, in report order: Art. 30 first, then the rest.
const ACTIVITY_CHECKS: &[Check] = &[
    controller,
    processor_categories,
    required_items,
    transfers,
    retention_vague,
    legal_basis,
    placeholders,
    stale,
    extra_rules::purpose_software,
    extra_rules::purpose_vague,
    extra_rules::basis_context,
    extra_rules::processor_contract,
    extra_rules::retention_benchmark,
    extra_rules::retention_subjects,
    extra_rules::joint_controller,
    extra_rules::processors_missing,
    extra_rules::sensitive_mentioned,
    extra_rules::highly_personal_data,
    extra_rules::dpia_screening,
    extra_rules::minors,
    extra_rules::provider_outside_eea,
    excel_limit,
    unmapped,
];

fn check_activity(a: &Activity, opts: &GapOptions, out: &mut Vec<Finding>) {
    let ctx = Ctx::new(a, opts);
    for check in ACTIVITY_CHECKS {
        check(&ctx, out);
    }
}

/// Art. 30(1)(a): the controller's name and contact details (an address is one).
fn controller(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    if let Some(s) = presence(a, Field::ControllerName) {
        out.push(c.presence_finding(RuleId::A30_1a, Field::ControllerName, s));
    } else if let (Some(s), Some(_)) = (
        presence(a, Field::ControllerContact),
        presence(a, Field::ControllerAddress),
    ) {
        out.push(c.presence_finding(RuleId::A30_1a, Field::ControllerContact, s));
    }
}

/// Art. 30(2)(b): a processor's record names the processing it carries out; it asks for
/// no purposes, data subjects, recipients or retention periods.
fn processor_categories(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    if c.processor
        && presence(c.a, Field::Name).is_some()
        && presence(c.a, Field::Purpose).is_some()
    {
        let r = RuleId::A30_2b.rule();
        let message = format!("{}. {}", r.subject(c.lang), r.fix(c.lang));
        out.push(c.finding(RuleId::A30_2b, Field::Name, Status::Empty, message));
    }
}

/// Art. 30(1)(b)–(g): the items of a controller's record (the security measures of a
/// processor's too).
fn required_items(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    const CONTROLLER: &[(RuleId, Field)] = &[
        (RuleId::A30_1b, Field::Purpose),
        (RuleId::A30_1cSubjects, Field::DataSubjects),
        (RuleId::A30_1cData, Field::DataCategories),
        (RuleId::A30_1d, Field::Recipients),
        (RuleId::A30_1f, Field::Retention),
    ];
    let items = CONTROLLER
        .iter()
        .filter(|_| !c.processor)
        .chain(&[(RuleId::A30_1g, Field::SecurityMeasures)]);
    for &(rule, field) in items {
        if let Some(s) = presence(c.a, field) {
            out.push(c.presence_finding(rule, field, s));
        }
    }
}

/// Art. 30(1)(e): transfers answered; a declared one with its country and its tool.
fn transfers(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    match (presence(a, Field::Transfers), a.get(Field::Transfers)) {
        (Some(s), _) => out.push(c.presence_finding(RuleId::A30_1e, Field::Transfers, s)),
        (None, Some(Value::Answer(ans))) if ans.answer == YesNo::Unknown => {
            out.push(c.presence_finding(RuleId::A30_1e, Field::Transfers, Status::Weak));
        }
        (None, Some(Value::Answer(ans))) if ans.answer == YesNo::Yes => {
            let text = format!("{} {}", ans.text, ans.details.join(" "));
            transfer_findings(c, &text, out);
        }
        _ => {}
    }
}

/// Art. 30(1)(f): a retention period with neither a duration nor a trigger, quoted.
fn retention_vague(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some(v @ Value::Retention(items)) = c.a.get(Field::Retention) {
        let bounded = items
            .iter()
            .any(|i| i.duration.is_some() || (i.trigger.is_some() && !i.open_ended));
        if !bounded && !is_placeholder_value(v) {
            // the client's own words, not a guess at what they wrote
            let r = RuleId::A30_1fVague.rule();
            let said = ropa_model::text::one_line(&v.display_text());
            let said: String = said.chars().take(160).collect();
            let message = format!("{} : « {said} ». {}", r.subject(c.lang), r.fix(c.lang));
            out.push(c.finding(r.id, Field::Retention, Status::Weak, message));
        }
    }
}

/// Art. 6(1): a recognised legal basis (the controller's to choose, not a processor's).
fn legal_basis(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    match (presence(a, Field::LegalBasis), a.get(Field::LegalBasis)) {
        (Some(_), _) if c.processor => {}
        (Some(s), _) => out.push(c.presence_finding(RuleId::A6Basis, Field::LegalBasis, s)),
        (None, Some(Value::Basis(b))) if b.basis.is_none() => {
            let message = format!(
                "{} « {} » {} {}",
                c.tr("Base légale", "Lawful basis"),
                ropa_model::text::one_line(&b.text),
                c.tr(
                    "non reconnue parmi les six de l'article 6(1).",
                    "is not one of the six of Art. 6(1)."
                ),
                RuleId::A6BasisUnknown.rule().fix(c.lang)
            );
            out.push(c.finding(
                RuleId::A6BasisUnknown,
                Field::LegalBasis,
                Status::Weak,
                message,
            ));
        }
        _ => {}
    }
}

/// Placeholders (`N/A`, `Cliquez ici`) in the fields no other rule checks.
fn placeholders(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    const CHECKED: &[Field] = &[
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
    for (field, v) in &c.a.fields {
        if !CHECKED.contains(field) && is_placeholder_value(v) {
            let message = format!(
                "{}{} « {} » {} {}",
                field.label(c.lang),
                c.tr(" :", ":"),
                ropa_model::text::one_line(&v.display_text()),
                c.tr(
                    "n'est qu'un texte de remplissage.",
                    "is only a placeholder."
                ),
                RuleId::Placeholder.rule().fix(c.lang)
            );
            out.push(c.finding(RuleId::Placeholder, *field, Status::Weak, message));
        }
    }
}

/// Good practice: the last update, or the fiche's creation, within 12 months.
fn stale(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    let r = RuleId::Stale.rule();
    match last_update(a) {
        None => {
            let status = if a.format_has(Field::Updated) {
                Status::Empty
            } else {
                Status::Absent
            };
            out.push(c.presence_finding(r.id, Field::Updated, status));
        }
        Some(d) => {
            if let (Some(day), Some(now)) = (dates::parse_iso(&d), dates::parse_iso(c.as_of))
                && day < dates::months_before(now, 12)
            {
                let shown = dates::shown(&d, c.lang);
                let as_of = dates::shown(c.as_of, c.lang);
                let message = match c.lang {
                    ropa_model::Lang::Fr => format!(
                        "Dernière mise à jour le {shown}, il y a plus de 12 mois (au {as_of}). {}",
                        r.fix(c.lang)
                    ),
                    ropa_model::Lang::En => format!(
                        "Last updated on {shown}, more than 12 months ago (as of {as_of}). {}",
                        r.fix(c.lang)
                    ),
                };
                out.push(c.finding(r.id, Field::Updated, Status::Weak, message));
            }
        }
    }
}

/// A value longer than an Excel cell holds: cut in register.xlsx, whole in the JSON.
fn excel_limit(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    for (field, v) in &c.a.fields {
        let len = ropa_model::limits::utf16_len(&v.display_text());
        if len > ropa_model::limits::EXCEL_CELL_MAX {
            let r = RuleId::ExcelLimit.rule();
            let message = format!("{} ({len}). {}", r.subject(c.lang), r.fix(c.lang));
            out.push(c.finding(r.id, *field, Status::Weak, message));
        }
    }
}

/// Source values with no canonical field, kept in « Non mappé ».
fn unmapped(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    if !c.a.extra.is_empty() {
        let message = format!(
            "{} {} {}",
            c.a.extra.len(),
            c.tr(
                "valeur(s) de la source sans champ canonique, gardées dans « Non mappé ».",
                "source value(s) with no canonical field, kept in « Non mappé »."
            ),
            RuleId::Unmapped.rule().fix(c.lang)
        );
        out.push(c.finding(RuleId::Unmapped, Subject::Extra, Status::Weak, message));
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
fn transfer_findings(c: &Ctx<'_>, text: &str, out: &mut Vec<Finding>) {
    use knowledge::{ADEQUACY, TOOLS, found};
    let lang = c.lang;
    let adequate = found(text, &ADEQUACY.countries);
    let us = found(text, &ADEQUACY.conditional);
    let country =
        ropa_normalise::answers::names_country(text) || !adequate.is_empty() || !us.is_empty();
    if !country {
        let r = RuleId::A30_1eDetails.rule();
        let vague = found(text, &TOOLS.not_countries);
        let said = if vague.is_empty() {
            String::new()
        } else {
            format!(" (« {} »)", vague.join(" », « "))
        };
        let message = format!("{}{said}. {}", r.subject(lang), r.fix(lang));
        out.push(c.finding(r.id, Field::Transfers, Status::Weak, message));
    }
    let invalid = found(text, &TOOLS.invalid);
    let valid = found(text, &TOOLS.valid);
    if !invalid.is_empty() {
        let r = RuleId::A46Invalid.rule();
        let message = format!(
            "{} : « {} ». {}",
            r.subject(lang),
            invalid.join(" », « "),
            r.fix(lang)
        );
        out.push(c.finding(r.id, Field::Transfers, Status::Weak, message));
    } else if valid.is_empty() && country && (adequate.is_empty() || !us.is_empty()) {
        let r = RuleId::A46Tool.rule();
        let us_note = if us.is_empty() {
            ""
        } else {
            c.tr(
                " (les États-Unis ne sont adéquats que pour les entreprises certifiées au Data Privacy Framework)",
                " (the United States is adequate only for companies certified under the Data Privacy Framework)",
            )
        };
        let message = format!("{}{us_note}. {}", r.subject(lang), r.fix(lang));
        out.push(c.finding(r.id, Field::Transfers, Status::Weak, message));
    }
}

/// Whether an activity is recorded as a processor's (Art. 30(2)): its register role
/// says so (« sous-traitant », « processor », « Auftragsverarbeiter »…).
pub fn is_processor_record(a: &Activity) -> bool {
    a.get(Field::RegisterRole).is_some_and(|v| {
        ropa_normalise::answers::has_phrase(
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
