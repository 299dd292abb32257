//! Good practice: a record reviewed within 12 months (stale) — its last update, the
//! latest entry of its update log, or else its creation. A module of its own: the one
//! rule that reads dates and "today".

use super::Ctx;
use crate::{Finding, RuleId, Status};
use ropa_model::{Activity, Field, Lang, Value};
use ropa_normalise::dates;

/// Good practice: the last update, or the fiche's creation, within 12 months.
pub(super) fn stale(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    let r = c.rule(RuleId::Stale);
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
                let last = shown(&d, c.lang);
                let as_of = shown(c.as_of, c.lang);
                let message = match c.lang {
                    Lang::Fr => format!(
                        "Dernière mise à jour le {last}, il y a plus de 12 mois (au {as_of}). {}",
                        r.fix(c.lang)
                    ),
                    Lang::En => format!(
                        "Last updated on {last}, more than 12 months ago (as of {as_of}). {}",
                        r.fix(c.lang)
                    ),
                };
                // over several activities, one finding: each one's date is in its row
                let shared = match c.lang {
                    Lang::Fr => format!(
                        "Dernière mise à jour il y a plus de 12 mois (au {as_of}) ; la date de chaque activité est dans le registre. {}",
                        r.fix(c.lang)
                    ),
                    Lang::En => format!(
                        "Last updated more than 12 months ago (as of {as_of}); each activity's date is in the register. {}",
                        r.fix(c.lang)
                    ),
                };
                let mut f = c.finding(r.id, Field::Updated, Status::Weak, message);
                f.shared = Some(shared);
                out.push(f);
            }
        }
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

/// An ISO date as a reader writes it, in the report's language: `12 mars 2024`, `12 March 2024`; anything else
/// as it is.
fn shown(iso: &str, lang: Lang) -> String {
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match dates::parse_iso(iso) {
        Some((year, m, d)) => {
            let months = if lang == Lang::Fr { FR } else { EN };
            let day = if lang == Lang::Fr && d == 1 {
                "1er".to_string()
            } else {
                d.to_string()
            };
            let month = months.get(m as usize - 1).copied().unwrap_or_default();
            format!("{day} {month} {year}")
        }
        None => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_shown_as_a_reader_writes_them() {
        use super::shown;
        use ropa_model::Lang;
        assert_eq!(shown("2024-03-12", Lang::Fr), "12 mars 2024");
        assert_eq!(shown("2024-08-01", Lang::Fr), "1er août 2024");
        assert_eq!(shown("2024-08-01", Lang::En), "1 August 2024");
        assert_eq!(shown("mars 2024", Lang::Fr), "mars 2024");
        assert_eq!(shown("2023-02-29", Lang::En), "2023-02-29");
    }

    use super::super::testing::*;

    /// A date value read from its ISO text.
    fn date(iso: &str) -> Value {
        Value::Date(ropa_model::DateValue {
            text: iso.into(),
            date: Some(iso.into()),
        })
    }

    #[test]
    fn a_record_not_reviewed_for_a_year() {
        let stale = |a: &Activity| -> Vec<Status> {
            findings_as_of(a, "2026-11-22")
                .into_iter()
                .filter(|f| f.rule == RuleId::Stale)
                .map(|f| f.status)
                .collect()
        };
        let old = activity(vec![(Field::Updated, date("2024-01-10"))]);
        assert_eq!(stale(&old), [Status::Weak]);
        let recent = activity(vec![(Field::Updated, date("2026-06-01"))]);
        assert!(stale(&recent).is_empty());
        // the fiche's creation stands for its last update
        let created = activity(vec![(Field::Created, date("2026-06-01"))]);
        assert!(stale(&created).is_empty());
        // no date at all: the template has no place for one, or it is left empty
        let mut undated = activity(vec![]);
        assert_eq!(stale(&undated), [Status::Absent]);
        undated.format_fields.push(Field::Updated);
        assert_eq!(stale(&undated), [Status::Empty]);
    }

    /// Records of one source not reviewed for a year are one finding that lists them
    /// (issue 30: 2,586 findings on 10,000 rows differed only by their date); alone, an
    /// activity's finding keeps its date.
    #[test]
    fn stale_records_of_a_source_are_one_finding() {
        let opts = crate::GapOptions {
            as_of: "2026-11-22".into(),
            lang: Lang::Fr,
            law: None,
        };
        let dated = |index, iso: &str| {
            let mut a = activity(vec![(Field::Updated, date(iso))]);
            a.index = index;
            a
        };
        let three = [
            dated(1, "2024-01-10"),
            dated(2, "2023-05-02"),
            dated(3, "2022-12-31"),
        ];
        let stale: Vec<crate::Finding> = crate::check(&three, &opts)
            .into_iter()
            .filter(|f| f.rule == RuleId::Stale)
            .collect();
        assert_eq!(stale.len(), 1, "{stale:?}");
        assert_eq!(stale[0].activities, [1, 2, 3]);
        assert!(
            stale[0]
                .message
                .contains("la date de chaque activité est dans le registre")
        );
        assert!(!stale[0].message.contains("2024"), "{}", stale[0].message);
        let one = crate::check(&three[..1], &opts);
        let alone = one.iter().find(|f| f.rule == RuleId::Stale).unwrap();
        assert!(
            alone.message.contains("10 janvier 2024"),
            "{}",
            alone.message
        );
    }
}
