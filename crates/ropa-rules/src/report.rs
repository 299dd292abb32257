//! The report's arithmetic, shared by every report and the portfolio: which findings
//! belong to an activity, and the share of the Art. 30(1) items it records.

use crate::{Finding, RuleId, Subject};
use ropa_model::{Activity, Field};
use std::collections::HashMap;

/// The fields Article 30(1) requires of every activity, for the completeness share.
pub const REQUIRED: &[Field] = &[
    Field::ControllerName,
    Field::Purpose,
    Field::DataSubjects,
    Field::DataCategories,
    Field::Recipients,
    Field::Transfers,
    Field::Retention,
    Field::SecurityMeasures,
];

/// The rules that say an Art. 30(1) item is absent, empty or a placeholder.
const PRESENCE_RULES: &[RuleId] = &[
    RuleId::A30_1a,
    RuleId::A30_1b,
    RuleId::A30_1cSubjects,
    RuleId::A30_1cData,
    RuleId::A30_1d,
    RuleId::A30_1e,
    RuleId::A30_1f,
    RuleId::A30_1g,
];

/// The share of the Art. 30(1) items present, 0–100 (« taux de complétude », never
/// « conformité »), from an activity's findings: an item is missing when a presence
/// rule reports it, whatever its severity (a silent transfers field is a warning, and
/// still a missing item).
pub fn completeness(own: &[&Finding]) -> u32 {
    let missing = REQUIRED
        .iter()
        .filter(|f| {
            own.iter()
                .any(|x| PRESENCE_RULES.contains(&x.rule) && x.field == Subject::Field(**f))
        })
        .count();
    (100 * (REQUIRED.len() - missing) / REQUIRED.len()) as u32
}

/// The findings of each activity, by (source, index): one pass, then look-ups.
pub type FindingIndex<'f> = HashMap<(String, usize), Vec<&'f Finding>>;

/// Indexes findings by activity.
pub fn by_activity(findings: &[Finding]) -> FindingIndex<'_> {
    let mut out: FindingIndex = HashMap::new();
    for f in findings {
        for i in f.indexes() {
            out.entry((f.source.clone(), i)).or_default().push(f);
        }
    }
    out
}

/// The findings of one activity in an index made by [`by_activity`].
pub fn own<'f, 'i>(index: &'i FindingIndex<'f>, a: &Activity) -> &'i [&'f Finding] {
    index
        .get(&(a.source.clone(), a.index))
        .map_or(&[][..], Vec::as_slice)
}
