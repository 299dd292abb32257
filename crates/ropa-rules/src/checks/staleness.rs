//! Good practice: a record reviewed within 12 months (stale) — its last update, the
//! latest entry of its update log, or else its creation. A module of its own: the one
//! rule that reads dates and "today".

use super::Ctx;
use crate::{Finding, RuleId, Status};
use ropa_model::{Activity, Field, Lang, Value};
use ropa_normalise::dates;
use std::sync::LazyLock;

/// Good practice: the last update, or the fiche's creation, within 12 months.
pub(super) fn stale(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    let r = c.rule(RuleId::Stale);
    match last_update(a).or_else(|| register_date(c)) {
        None => {
            // a date is written, in no form a date is read from: no missing date
            if let Some(Value::Date(d)) = a.get(Field::Updated)
                && d.text.chars().any(|c| c.is_ascii_digit())
            {
                let message = match c.lang {
                    Lang::Fr => format!(
                        "Date de la dernière mise à jour illisible : « {} ». Écrivez-la comme une date (ex. « 12/03/2025 »).",
                        ropa_model::text::one_line(&d.text)
                    ),
                    Lang::En => format!(
                        "Date of the last update not readable: \"{}\". Write it as a date (e.g. \"12/03/2025\").",
                        ropa_model::text::one_line(&d.text)
                    ),
                };
                out.push(c.finding(r.id, Field::Updated, Status::Weak, message));
                return;
            }
            let status = if a.format_has(Field::Updated) {
                Status::Empty
            } else {
                Status::Absent
            };
            out.push(c.presence_finding(r.id, Field::Updated, status));
        }
        Some((d, month_only)) => {
            if let (Some(day), Some(now)) = (dates::parse_iso(&d), dates::parse_iso(c.as_of))
                && day < dates::months_before(now, 12)
            {
                let last = match (month_only, c.lang) {
                    (true, Lang::Fr) => format!("en {}", month_shown(&d, c.lang)),
                    (true, Lang::En) => format!("in {}", month_shown(&d, c.lang)),
                    (false, Lang::Fr) => format!("le {}", shown(&d, c.lang)),
                    (false, Lang::En) => format!("on {}", shown(&d, c.lang)),
                };
                let as_of = shown(c.as_of, c.lang);
                let message = match c.lang {
                    Lang::Fr => format!(
                        "Dernière mise à jour {last}, il y a plus de 12 mois (au {as_of}). {}",
                        r.fix(c.lang)
                    ),
                    Lang::En => format!(
                        "Last updated {last}, more than 12 months ago (as of {as_of}). {}",
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

/// The latest of the update date and the dated entries of the update log, and whether it
/// was written as a month alone (`Feb 2025`: its last day stands for it).
fn last_update(a: &Activity) -> Option<(String, bool)> {
    if let Some(day) = last_day(a) {
        return Some((day, false));
    }
    let month = |f: Field| match a.get(f) {
        Some(Value::Date(d)) => month_end_in(&d.text),
        _ => None,
    };
    month(Field::Updated)
        .or_else(|| month(Field::Created))
        .map(|d| (d, true))
}

/// The date the register gives itself outside its activities (« Registre tenu au titre
/// de l'article 30 – dernière mise à jour : 22/04/2024 », « actualizado el 15/01/2024 »,
/// « revisione n. 4 del 05/02/2024 »): it dates every record that has no date of its own.
fn register_date(c: &Ctx<'_>) -> Option<(String, bool)> {
    let today = dates::parse_iso(c.as_of);
    // a date after the day of the report is one to come
    let to_come = |d: &str| dates::parse_iso(d).zip(today).is_some_and(|(d, t)| d > t);
    c.aside
        .iter()
        .flat_map(|row| &row.reviews)
        .filter(|(d, _)| !to_come(d))
        // the latest; the first met of equal ones
        .reduce(|best, f| if f.0 > best.0 { f } else { best })
        .cloned()
}

/// The review dates a row outside the activities gives, each with whether it is a month
/// alone: the date after a word of review (« mise à jour », « revisione », « Stand : »),
/// not after a review to come (« prochaine révision »). Read once per row of a source,
/// when its rows are made, not once per activity that asks.
pub(super) fn review_dates(row: &str) -> Vec<(String, bool)> {
    static REVIEWED: LazyLock<regex::Regex> = LazyLock::new(|| {
        ropa_model::text::re(
            r"\b(?:mise?s? à jour|actualizad[oa]|actualización|revisad[oa]|revisión|revisione|aggiornat[oa]|aggiornamento|révisée?|révision|stand|last (?:updated|reviewed|review)|updated|reviewed|bijgewerkt|herzien|aktualisiert|überarbeitet)\b",
        )
    });
    // the review to come is no review done (« prochaine révision : janvier 2027 »)
    static NEXT: LazyLock<regex::Regex> = LazyLock::new(|| {
        ropa_model::text::re(
            r"\b(?:prochaine?|prévue?|next|planned|due|nächste|geplant|próxima|prevista|prossima|volgende|gepland)\W*$",
        )
    });
    // both patterns are written in lower case and looked for in the row lowered at the
    // same offsets (built several times faster than with `(?i)`)
    let lower = ropa_model::text::lower_same_len(row);
    let mut out = Vec::new();
    for m in REVIEWED.find_iter(&lower) {
        let head = &row[..m.start()];
        let from = head.char_indices().rev().nth(24).map_or(0, |(i, _)| i);
        if NEXT.is_match(&lower[from..m.start()]) {
            continue;
        }
        // « Stand » is a date's label only before its date (« Stand : 03/2024 »), not
        // in « Stand der Technik »
        let after_word = row[m.end()..].trim_start();
        if m.as_str().eq_ignore_ascii_case("stand")
            && !after_word.starts_with([':', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
        {
            continue;
        }
        let after: String = row[m.end()..].chars().take(60).collect();
        let found = dates::find_date(&after)
            .map(|d| (d, false))
            .or_else(|| month_end_in(&after).map(|d| (d, true)));
        out.extend(found);
    }
    out
}

/// The last day of the month a text gives alone (`Feb 2025`), as `YYYY-MM-DD`.
fn month_end_in(text: &str) -> Option<String> {
    dates::find_month(text).and_then(dates::month_end)
}

/// A month's date in the report's language: `février 2025`, `February 2025`.
fn month_shown(iso: &str, lang: Lang) -> String {
    let day = shown(iso, lang);
    // `28 février 2025` less its day
    day.split_once(' ')
        .map_or(day.clone(), |(_, m)| m.to_string())
}

/// The latest day written: the update date and the dated entries of the update log, or
/// else the record's creation.
fn last_day(a: &Activity) -> Option<String> {
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
    fn a_review_dated_by_its_month_is_read() {
        let reviewed = |text: &str| {
            activity(vec![(
                Field::Updated,
                Value::Date(ropa_model::DateValue {
                    text: text.into(),
                    date: None,
                }),
            )])
        };
        let feb = reviewed("Feb 2025");
        let late = findings_as_of(&feb, "2026-12-07");
        let f = late.iter().find(|f| f.rule == RuleId::Stale).unwrap();
        assert!(f.message.contains("février 2025"), "{}", f.message);
        assert!(!f.message.contains("28"), "{}", f.message);
        assert!(
            !findings_as_of(&feb, "2025-12-15")
                .iter()
                .any(|f| f.rule == RuleId::Stale)
        );
        // a date written in no form read: said as such, not as missing
        let odd = findings_as_of(&reviewed("T1/25 (rev. 3)"), "2026-12-07");
        let f = odd.iter().find(|f| f.rule == RuleId::Stale).unwrap();
        assert!(f.message.contains("illisible"), "{}", f.message);
    }

    #[test]
    fn the_registers_own_date_dates_records_without_one() {
        let opts = crate::GapOptions {
            as_of: "2026-12-07".into(),
            lang: Lang::Fr,
            law: None,
        };
        let run = |line: &str| {
            let aside = [super::super::AsideRow::of(&ropa_model::Extra {
                label: String::new(),
                value: line.into(),
                place: "ligne 3".into(),
                reason: Default::default(),
            })];
            let a = activity(vec![(Field::Purpose, text("Paie"))]);
            let mut out = Vec::new();
            super::super::check_activity(&a, &opts, crate::law::Law::EuGdpr, &aside, &mut out);
            out.into_iter()
                .find(|f| f.rule == RuleId::Stale)
                .map(|f| f.message)
                .unwrap_or_default()
        };
        let old = run("Registre tenu au titre de l'article 30 – dernière mise à jour : 22/04/2024");
        assert!(old.contains("le 22 avril 2024"), "{old}");
        assert!(run("Registro actualizado el 15/03/2026").is_empty());
        assert!(run("Revisione n. 4 del 05/02/2026").is_empty());
        // a review to come, a date after the report's day, « Stand der Technik »: none
        for line in [
            "Prochaine mise à jour : 30/06/2027",
            "Mis à jour le 05/02/2023 – prochaine révision : janvier 2027",
            "TOM nach dem Stand der Technik, Zertifikat vom 12.01.2026",
        ] {
            let said = run(line);
            assert!(!said.is_empty(), "{line}");
        }
        let old_one = run("Mis à jour le 05/02/2023 – prochaine révision : janvier 2027");
        assert!(old_one.contains("5 février 2023"), "{old_one}");
        // a date with no word of review is no review (a creation, a deliberation)
        let other = run("Délibération du conseil du 12/01/2026");
        assert!(other.contains("ne comporte pas"), "{other}");
    }

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
