//! What the checks' tests share: an activity made of a few fields, the values they hold,
//! and whether a rule fires on it after the activities before it in its register.

pub(super) use crate::{RuleId, Severity, Status};
pub(super) use ropa_model::{Activity, Basis, Field, Lang, RecipientKind, Value, YesNo};
use ropa_model::{AnswerValue, DataCategory};

/// The findings of one activity checked alone.
pub(super) fn findings(a: &Activity) -> Vec<crate::Finding> {
    let mut out = Vec::new();
    super::check_activity(
        a,
        &Default::default(),
        crate::law::of_source([a]),
        &[],
        &mut out,
    );
    out
}

/// The findings of one activity checked alone on a given day (`YYYY-MM-DD`).
pub(super) fn findings_as_of(a: &Activity, as_of: &str) -> Vec<crate::Finding> {
    let opts = crate::GapOptions {
        as_of: as_of.into(),
        lang: Lang::Fr,
        law: None,
    };
    let mut out = Vec::new();
    super::check_activity(a, &opts, crate::law::of_source([a]), &[], &mut out);
    out
}

/// An activity of `t.tsv`, first of its source, with these fields.
pub(super) fn activity(fields: Vec<(Field, Value)>) -> Activity {
    let mut a = Activity {
        source: "t.tsv".into(),
        index: 1,
        ..Default::default()
    };
    a.fields.extend(fields);
    a
}

/// A plain text value.
pub(super) fn text(s: &str) -> Value {
    Value::Text(s.into())
}

/// A yes/no answer with its text and details.
pub(super) fn answer(text: &str, answer: YesNo, details: &[&str]) -> Value {
    Value::Answer(AnswerValue {
        text: text.into(),
        answer,
        details: details.iter().map(|d| d.to_string()).collect(),
    })
}

/// The codes of every finding on `a`, its own and the register-wide ones after `before`.
pub(super) fn codes(a: &Activity, before: &[Activity]) -> Vec<String> {
    let mut out = findings(a);
    let mut seen = super::Seen::default();
    let mut ignored = Vec::new();
    for b in before {
        super::check_in_register(
            b,
            &mut seen,
            Lang::Fr,
            crate::law::of_source([b]),
            &mut ignored,
        );
    }
    super::check_in_register(a, &mut seen, Lang::Fr, crate::law::of_source([a]), &mut out);
    out.into_iter().map(|f| f.rule.code().to_string()).collect()
}

/// Whether the rule `code` fires on `a` after `before`.
pub(super) fn fires(code: &str, a: &Activity, before: &[Activity]) -> bool {
    codes(a, before).iter().any(|c| c == code)
}

/// Data categories of these items.
pub(super) fn data(items: &[&str]) -> Value {
    Value::DataCategories(vec![DataCategory {
        details: items.iter().map(|d| d.to_string()).collect(),
        ..Default::default()
    }])
}

/// The findings of one activity whose source says `aside` outside its activities.
pub(super) fn findings_with_aside(
    a: &Activity,
    aside: &[ropa_model::Extra],
) -> Vec<crate::Finding> {
    let rows: Vec<super::AsideRow> = aside.iter().map(super::AsideRow::of).collect();
    let mut out = Vec::new();
    super::check_activity(
        a,
        &Default::default(),
        crate::law::of_source([a]),
        &rows,
        &mut out,
    );
    out
}
