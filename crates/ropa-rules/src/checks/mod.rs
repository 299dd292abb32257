//! The checks, one module per rule or family of rules that read the same fields and
//! share their word lists: a family is cut where its rules would otherwise share private
//! helpers across files. This module only runs them: each activity's own checks in
//! [`ACTIVITY_CHECKS`] order, then the register-wide ones in [`check_in_register`];
//! that order is the order of the findings in every report, so it is kept here, in one
//! place, and never follows the order of the modules.

mod automated;
mod contacts;
mod conversion;
mod dpia;
mod duplicates;
mod items;
mod lawful_basis;
mod minors;
mod placeholders;
mod processors;
mod purpose;
mod retention;
mod sensitive_data;
mod staleness;
#[cfg(test)]
mod testing;
mod transfers;

pub use items::is_processor_record;

use crate::rules::pick;
use crate::{Finding, GapOptions, Law, RuleId, Status, Subject, is_placeholder_value, raw_finding};
use ropa_model::text::one_line;
use ropa_model::{Activity, Field, Lang};
use std::collections::HashSet;

/// Absent / empty / weak for a required field, `None` when it is present and usable.
fn presence(a: &Activity, field: Field) -> Option<Status> {
    match a.get(field) {
        None if a.format_has(field) => Some(Status::Empty),
        None => Some(Status::Absent),
        Some(v) if is_placeholder_value(v) => Some(Status::Weak),
        Some(_) => None,
    }
}

/// The values of several fields on one line each, joined by « ; »: the text a check
/// reads its words in.
fn texts_of(a: &Activity, fields: &[Field]) -> String {
    fields
        .iter()
        .filter_map(|f| text_of(a, *f))
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// A field's value on one line, when there is one.
fn text_of(a: &Activity, f: Field) -> Option<String> {
    a.get(f).map(|v| one_line(&v.display_text()))
}

/// The words of a list as a text writes them, quoted: « Élèves », « Microsoft ».
fn quote_in(text: &str, words: &[&str]) -> String {
    // the client's own quotes inside the words (« bouclier » UE–États-Unis) would break
    // the report's: left out
    let text = crate::knowledge::Words::of(text);
    let quoted: Vec<String> = words
        .iter()
        .map(|w| text.written(w))
        .map(|w| {
            w.replace(['«', '»'], "")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    format!("« {} »", quoted.join(" », « "))
}

/// One value a source holds outside its activities (an annex row, a note), as the
/// checks read it: made once per source, not once per activity that reads it.
pub(crate) struct AsideRow {
    /// Its label folded, padded with spaces (a processor's name is looked for in it).
    pub label: String,
    /// Its label and value on one line, as written.
    pub row: String,
    /// The review dates it gives the register ([`staleness::review_dates`]).
    pub reviews: Vec<(String, bool)>,
}

impl AsideRow {
    /// The row of one value kept aside.
    pub fn of(e: &ropa_model::Extra) -> AsideRow {
        let row = one_line(&format!("{} {}", e.label, e.value));
        AsideRow {
            label: format!(" {} ", ropa_model::text::fold(&e.label)),
            reviews: staleness::review_dates(&row),
            row,
        }
    }
}

/// What the checks of one activity read: the activity, the options, and what several
/// checks need, made once.
pub(crate) struct Ctx<'a> {
    /// The activity checked.
    pub a: &'a Activity,
    /// The language of the messages.
    pub lang: Lang,
    /// "Today", `YYYY-MM-DD`.
    pub as_of: &'a str,
    /// Whether it is a processor's record (Art. 30(2)).
    pub processor: bool,
    /// Every text of the activity.
    pub texts: Vec<String>,
    /// The same, joined: for the checks that look for a word anywhere.
    pub written: String,
    /// The Art. 9, Art. 10 and national-identifier words of its data (two checks read
    /// them).
    pub special: sensitive_data::Special,
    /// Its financial and location data of people (two checks read them).
    pub highly: Vec<&'static str>,
    /// The law its source is judged under.
    pub law: Law,
    /// What its source says outside the activities (an annex of processors).
    pub aside: &'a [AsideRow],
    /// [`Ctx::written`] folded and padded, made on first use (two checks count its
    /// words).
    folded: std::cell::OnceCell<String>,
    /// The country whose benchmarks judge the controller, made on first use (the DPIA
    /// screening and the retention benchmarks ask it).
    country: std::cell::OnceCell<Option<crate::knowledge::Country>>,
}

impl<'a> Ctx<'a> {
    fn new(a: &'a Activity, opts: &'a GapOptions, law: Law, aside: &'a [AsideRow]) -> Ctx<'a> {
        let texts: Vec<String> = a.fields.values().flat_map(|v| v.texts()).collect();
        let written = texts.join(" \n ");
        Ctx {
            a,
            lang: opts.lang,
            as_of: &opts.as_of,
            processor: is_processor_record(a),
            texts,
            written,
            special: sensitive_data::special_words(a),
            highly: sensitive_data::highly_personal(a),
            law,
            aside,
            folded: std::cell::OnceCell::new(),
            country: std::cell::OnceCell::new(),
        }
    }

    /// Every text of the activity folded, padded with spaces.
    pub fn folded_written(&self) -> &str {
        self.folded
            .get_or_init(|| format!(" {} ", ropa_model::text::fold(&self.written)))
    }

    /// The country whose benchmarks judge the controller ([`dpia::benchmark_country`]).
    pub fn benchmark_country(&self) -> Option<crate::knowledge::Country> {
        *self.country.get_or_init(|| dpia::benchmark_country(self))
    }

    /// A rule as it reads under the law of the activity's source.
    pub fn rule(&self, id: RuleId) -> &'static crate::Rule {
        id.rule_under(self.law)
    }

    /// The French or the English, as asked.
    pub fn tr(&self, fr: &'static str, en: &'static str) -> &'static str {
        pick([fr, en], self.lang)
    }

    /// A finding with the rule's message for the status.
    fn presence_finding(&self, rule: RuleId, field: Field, status: Status) -> Finding {
        let message = self.rule(rule).message(status, self.lang);
        raw_finding(self.a, rule, field, status, message)
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
    contacts::controller,
    items::processor_categories,
    items::required_items,
    transfers::transfers,
    retention::retention_vague,
    lawful_basis::legal_basis,
    placeholders::placeholders,
    staleness::stale,
    purpose::purpose_software,
    purpose::purpose_vague,
    lawful_basis::basis_context,
    processors::processor_contract,
    retention::retention_benchmark,
    retention::retention_subjects,
    contacts::joint_controller,
    processors::processors_missing,
    sensitive_data::sensitive_mentioned,
    sensitive_data::sensitive_condition,
    sensitive_data::criminal_mentioned,
    sensitive_data::national_identifier,
    sensitive_data::highly_personal_data,
    dpia::dpia_screening,
    automated::automated_decisions,
    minors::minors,
    transfers::provider_outside_eea,
    conversion::excel_limit,
    conversion::unmapped,
];

/// Runs the checks of one activity on it alone, in [`ACTIVITY_CHECKS`] order.
pub(crate) fn check_activity(
    a: &Activity,
    opts: &GapOptions,
    law: Law,
    aside: &[AsideRow],
    out: &mut Vec<Finding>,
) {
    let ctx = Ctx::new(a, opts, law, aside);
    let start = out.len();
    for check in ACTIVITY_CHECKS {
        check(&ctx, out);
    }
    for f in &mut out[start..] {
        f.law = law;
    }
}

/// What the register-wide rules remember of the activities already seen: one look-up
/// per activity, not a scan of those before it.
#[derive(Default)]
pub(crate) struct Seen {
    /// The activities met so far, by what makes two the same.
    twins: duplicates::Twins,
    /// The sources met so far.
    sources: HashSet<String>,
}

/// The rules that compare an activity with those before it in the register: a
/// duplicate, then the register's contacts once per source (with its first activity).
pub(crate) fn check_in_register(
    a: &Activity,
    seen: &mut Seen,
    lang: Lang,
    law: Law,
    out: &mut Vec<Finding>,
) {
    let first_of_source = seen.sources.insert(a.source.clone());
    let start = out.len();
    duplicates::duplicate(a, &mut seen.twins, lang, out);
    if first_of_source {
        contacts::representative(a, lang, law, out);
        contacts::named_without_contact(a, lang, out);
    }
    for f in &mut out[start..] {
        f.law = law;
    }
}
