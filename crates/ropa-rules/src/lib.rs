//! Stage 4: the gap rules. Each rule has a stable code, a severity and the article it
//! comes from; each finding says whether the field is absent from the source format,
//! empty, or weak.

mod checks;
pub mod compare;
pub mod config;
pub mod knowledge;
pub mod law;
pub mod portfolio;
pub mod report;
pub mod rules;

pub use checks::is_processor_record;
pub use law::Law;
pub use rules::{RULES, Rule, RuleId};

use ropa_model::text::is_placeholder;
use ropa_model::{Activity, Field, Value};
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// The message of the finding when it stands for several activities whose messages
    /// differ only by a detail each activity's row shows (a date): one finding per fix,
    /// not one per activity. None when the message is the same for all.
    #[serde(skip)]
    pub shared: Option<String>,
    /// The law the finding's source is judged under (the UK GDPR for a controller
    /// established in the UK; left out of gaps.json for the EU GDPR).
    #[serde(default, skip_serializing_if = "Law::is_eu")]
    pub law: Law,
}

impl Finding {
    /// The label of the field the finding is about, in the language asked.
    pub fn field_label(&self, lang: ropa_model::Lang) -> String {
        match self.field {
            // from the UK, a third country is any country outside the UK
            Subject::Field(Field::Transfers) if self.law == Law::UkGdpr => rules::pick(
                ["Transferts hors du Royaume-Uni", "Transfers outside the UK"],
                lang,
            )
            .to_string(),
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
    /// The law to judge every source under; `None`: each source's, from where its
    /// controller is.
    pub law: Option<Law>,
}

impl Default for GapOptions {
    fn default() -> Self {
        GapOptions {
            as_of: dates::today(),
            lang: ropa_model::Lang::Fr,
            law: None,
        }
    }
}

/// Whether every text of a value is a placeholder (`-`, `N/A`, `Cliquez ici.`).
pub fn is_placeholder_value(v: &Value) -> bool {
    // security measures: their texts, not the category each was filed under (`other`),
    // which is the reader's, not the client's
    let texts = match v {
        Value::Security(items) => items.iter().map(|m| m.text.clone()).collect(),
        _ => v.texts(),
    };
    !texts.is_empty() && texts.iter().all(|t| is_placeholder(t))
}

/// The law each source is judged under: the one asked for, else where its controller is.
fn laws_of_sources(
    activities: &[Activity],
    asked: Option<Law>,
) -> std::collections::HashMap<&str, Law> {
    let mut by_source: std::collections::HashMap<&str, Vec<&Activity>> = Default::default();
    for a in activities {
        by_source.entry(a.source.as_str()).or_default().push(a);
    }
    by_source
        .into_iter()
        .map(|(source, acts)| (source, asked.unwrap_or_else(|| law::of_source(acts))))
        .collect()
}

/// Runs every rule on every activity, in register order; the rules that compare
/// activities of one source (duplicates, the register's contacts) come with the first
/// activity they concern.
pub fn check(activities: &[Activity], opts: &GapOptions) -> Vec<Finding> {
    check_with(activities, &[], opts)
}

/// [`check`], with what each source says outside its activities (an annex listing the
/// processors and their contracts, a sheet of notes): the rules that need a register's
/// own facts read them there.
pub fn check_with(
    activities: &[Activity],
    sources: &[ropa_model::SourceReport],
    opts: &GapOptions,
) -> Vec<Finding> {
    use rayon::prelude::*;
    let aside: std::collections::HashMap<&str, Vec<checks::AsideRow>> = sources
        .iter()
        .map(|s| {
            let rows = s.extra.iter().map(checks::AsideRow::of).collect();
            (s.source.as_str(), rows)
        })
        .collect();
    let aside_of = |a: &Activity| aside.get(a.source.as_str()).map_or(&[][..], Vec::as_slice);
    let laws = laws_of_sources(activities, opts.law);
    let law_of = |a: &Activity| laws.get(a.source.as_str()).copied().unwrap_or_default();
    // each activity's own rules on every core; the register-wide ones in order after
    let own: Vec<Vec<Finding>> = activities
        .par_iter()
        .map(|a| {
            let mut v = Vec::new();
            checks::check_activity(a, opts, law_of(a), aside_of(a), &mut v);
            v
        })
        .collect();
    let mut out = Vec::new();
    let mut seen = checks::Seen::default();
    for (a, mut own) in activities.iter().zip(own) {
        out.append(&mut own);
        checks::check_in_register(a, &mut seen, opts.lang, law_of(a), &mut out);
    }
    if opts.lang == ropa_model::Lang::En {
        for f in &mut out {
            f.message = english_typography(&f.message);
            f.shared = f.shared.as_deref().map(english_typography);
        }
    }
    repeated_once(out)
}

/// A message put together with French typography (« quoted », a space before `:` and
/// `;`) written the English way (“quoted”, no space before them): the rules share one
/// layout for both languages, and an English report must not read French.
pub fn english_typography(message: &str) -> String {
    // the client's words inside « » are theirs: their quotes become English ones, their
    // spaces and colons stay as they wrote them
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find('«') {
        out.push_str(&ropa_typography(&rest[..open]));
        let after = &rest[open + '«'.len_utf8()..];
        let Some(close) = after.find('»') else {
            out.push_str(&ropa_typography(&rest[open..]));
            return out;
        };
        let quoted = &after[..close];
        out.push('“');
        out.push_str(quoted.trim());
        out.push('”');
        rest = &after[close + '»'.len_utf8()..];
    }
    out.push_str(&ropa_typography(rest));
    out
}

/// ropa's own words set the English way: no space before `:`, `;`, `?` and `!`.
fn ropa_typography(text: &str) -> String {
    text.replace(" : ", ": ")
        .replace(" ; ", "; ")
        .replace(" ?", "?")
        .replace(" !", "!")
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
        shared: None,
        law: Law::EuGdpr,
    }
}

/// One finding per source for each fact its activities share: a gap of its template
/// (status absent), or the same finding with the same fix for several activities (the
/// same review date, the same controller without contact details). It is the first
/// activity's, listing every activity it affects; a finding of one activity stays its.
fn repeated_once(findings: Vec<Finding>) -> Vec<Finding> {
    type Key = (String, RuleId, Subject, Status, String);
    let mut first: std::collections::HashMap<Key, usize> = std::collections::HashMap::new();
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    for mut f in findings {
        // one finding per fix: the shared message when the rule words one
        let key = (
            f.source.clone(),
            f.rule,
            f.field,
            f.status,
            f.shared.clone().unwrap_or_else(|| f.message.clone()),
        );
        if let Some(&i) = first.get(&key) {
            let group = &mut out[i];
            group.activities.push(f.index);
            if group.message != f.message
                && let Some(shared) = &f.shared
            {
                group.message = shared.clone();
            }
            continue;
        }
        first.insert(key, out.len());
        f.activities = vec![f.index];
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
        !self.activities.is_empty() && self.status == Status::Absent
    }

    /// Whether it holds for several activities of its source, reported once for them
    /// (a gap of the template is one such finding).
    pub fn is_shared(&self) -> bool {
        !self.activities.is_empty()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn english_reports_use_english_typography() {
        assert_eq!(
            super::english_typography(
                "Retention without limit : « Illimitée ». Set a period ; cite it."
            ),
            "Retention without limit: “Illimitée”. Set a period; cite it."
        );
        // inside the client's quotes, their words as written: only the quotes change
        assert_eq!(
            super::english_typography(
                "Vague purpose : « Gestion : divers ; autres ? ». Say what for ; name it."
            ),
            "Vague purpose: “Gestion : divers ; autres ?”. Say what for; name it."
        );
        assert_eq!(super::english_typography("a « b"), "a « b");
    }
}
