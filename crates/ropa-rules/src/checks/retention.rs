//! Art. 30(1)(f) and Art. 5(1)(e), the retention period beyond its presence: one with
//! neither a duration nor a trigger (A30-1f-vague), one longer than the reference for
//! its kind of processing (A5-retention-benchmark), and one about people the activity
//! does not concern, most often copied from another record (A30-1f-subjects). One family
//! because they all read the retention field and quote the client's own words of it.

use super::{Ctx, quote_in, text_of, texts_of};
use crate::knowledge::{PEOPLE, found};
use crate::{Finding, RuleId, Status, is_placeholder_value};
use regex::Regex;
use ropa_model::text::{lower_same_len, one_line, re};
use ropa_model::{Field, Lang, Value};
use std::sync::LazyLock;

/// Words that keep data without an end (« illimitée », « indefinitely », « unbegrenzt »).
static UNLIMITED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"illimit|ind[ée]finiment|sans limit|[àa] vie\b|perp[ée]tu|conservation permanente|permanently|indefinitely|forever|unlimited|no limit|unbegrenzt|dauerhaft gespeichert|dauerhafte speicherung|ilimitad|para siempre|conservaci[óo]n permanente|illimitat|per sempre|conservazione permanente|onbeperkt|voor altijd|permanent bewaard",
    )
});

/// Words of a duty to archive for good (public archives, a school's records): a period
/// without end the law asks for (Art. 89(1)).
static LEGAL_ARCHIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)archives? (?:d[ée]finitives?|publiques|d[ée]partementales|municipales|nationales|historiques)|versement aux archives|code du patrimoine|archivgesetz|archivo hist[óo]rico|archivio storico|archiefwet|public records|expediente acad[ée]mico|historical archive",
    )
});

/// A law or decree cited with its number or year (« circolare del Ministero della Sanità
/// del 1986 », « art. L212-2 du code du patrimoine », « § 147 AO »).
static LEGAL_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:loi|d[ée]cret|code (?:du|de la|de l|civil|p[ée]nal|g[ée]n[ée]ral)|arr[êe]t[ée]|circulaire|article|art\.|r[èe]glement|law|act|regulation|statute|gesetz|verordnung|ley|real decreto|decreto|legge|circolare|wet|besluit)(?:\b|\s)[^.;]{0,80}[0-9]{2,4}|§\s*[0-9]",
    )
});

/// Art. 30(1)(f): a retention period with neither a duration nor a trigger, quoted; one
/// without any end is Art. 5(1)(e)'s, unless a duty to archive for good is named.
pub(super) fn retention_vague(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some(v @ Value::Retention(items)) = c.a.get(Field::Retention) {
        let said = one_line(&v.display_text());
        let unlimited = items
            .iter()
            .any(|i| i.duration.is_none() && UNLIMITED.is_match(&lower_same_len(&i.text)));
        if unlimited {
            if !LEGAL_ARCHIVE.is_match(&said) && !LEGAL_TEXT.is_match(&said) {
                let r = c.rule(RuleId::A5RetentionUnlimited);
                let quoted: String = said.chars().take(160).collect();
                let message = format!("{} : « {quoted} ». {}", r.subject(c.lang), r.fix(c.lang));
                out.push(c.finding(r.id, Field::Retention, Status::Weak, message));
            }
            return;
        }
        let bounded = items
            .iter()
            .any(|i| i.duration.is_some() || (i.trigger.is_some() && !i.open_ended));
        if !bounded && !is_placeholder_value(v) {
            // the client's own words, not a guess at what they wrote
            let r = c.rule(RuleId::A30_1fVague);
            let said: String = said.chars().take(160).collect();
            let message = format!("{} : « {said} ». {}", r.subject(c.lang), r.fix(c.lang));
            out.push(c.finding(r.id, Field::Retention, Status::Weak, message));
        }
    }
}

/// Art. 5(1)(e): retention against the references for common purposes — a period about
/// that data, else the shortest of an activity about it, beyond the benchmark.
pub(super) fn retention_benchmark(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    let Some(Value::Retention(items)) = a.get(Field::Retention) else {
        return;
    };
    // a benchmark is a country's law or authority: it judges that country's controllers
    let Some(country) = c.benchmark_country() else {
        return;
    };
    let context = texts_of(a, &[Field::Name, Field::Purpose, Field::DataSubjects]);
    // (period, its text, the data it is about)
    let timed: Vec<(f64, String, String)> = items
        .iter()
        .filter_map(|i| {
            let d = crate::knowledge::days(i.duration.as_deref()?)?;
            Some((d, i.text.clone(), i.data.clone().unwrap_or_default()))
        })
        .collect();
    let shortest = timed.iter().map(|(d, ..)| *d).reduce(f64::min);
    for b in crate::knowledge::BENCHMARKS
        .benchmarks
        .iter()
        .filter(|b| b.country == country)
    {
        // a month is up to 31 days: a little room before a period counts as beyond
        let Some(max) = crate::knowledge::days(&b.max).map(|d| d * 1.05) else {
            continue;
        };
        let about = !found(&context, &b.words).is_empty();
        // a text split wrongly never decides
        let beyond = timed
            .iter()
            .find(|(d, _, data)| *d > max && !found(data, &b.words).is_empty())
            .or_else(|| {
                timed
                    .iter()
                    .find(|(d, ..)| about && Some(*d) == shortest && *d > max)
            });
        if let Some((_, said, _)) = beyond {
            let r = c.rule(RuleId::A5RetentionBenchmark);
            let reference = if c.lang == Lang::Fr { &b.fr } else { &b.en };
            let message = format!(
                "{} : « {} » ; {reference}. {}",
                r.subject(c.lang),
                one_line(said).trim(),
                r.fix(c.lang)
            );
            out.push(c.finding(r.id, Field::Retention, Status::Weak, message));
            return;
        }
    }
}

/// Art. 30(1)(c), (f): a retention period about people the activity does not concern
/// (an employees' activity kept « until the client asks »): most often copied from
/// another record. Only when the data subjects name a group and the retention names
/// none of theirs.
pub(super) fn retention_subjects(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let (Some(retention), Some(subjects)) = (
        text_of(c.a, Field::Retention),
        text_of(c.a, Field::DataSubjects),
    ) else {
        return;
    };
    let groups = |text: &str| -> Vec<(&'static crate::knowledge::Group, Vec<&'static str>)> {
        PEOPLE
            .groups
            .iter()
            .filter_map(|g| {
                let words = found(text, &g.words);
                (!words.is_empty()).then_some((g, words))
            })
            .collect()
    };
    let in_retention = groups(&retention);
    let in_subjects = groups(&subjects);
    let shared = in_retention
        .iter()
        .any(|(g, _)| in_subjects.iter().any(|(h, _)| h.id == g.id));
    if in_retention.is_empty() || in_subjects.is_empty() || shared {
        return;
    }
    let quote = |found: &[(&crate::knowledge::Group, Vec<&str>)], text: &str| {
        let words: Vec<&str> = found.iter().flat_map(|(_, w)| w.iter().copied()).collect();
        quote_in(text, &words)
    };
    let r = c.rule(RuleId::RetentionSubjects);
    let message = format!(
        "{} : {} {} ; {} {}. {}",
        r.subject(c.lang),
        c.tr(
            "la durée de conservation parle de",
            "the retention period speaks of"
        ),
        quote(&in_retention, &retention),
        c.tr("les personnes concernées sont", "the data subjects are"),
        quote(&in_subjects, &subjects),
        r.fix(c.lang)
    );
    out.push(c.finding(r.id, Field::Retention, Status::Weak, message));
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn retention_about_other_people_than_the_subjects() {
        // an employees' activity kept « until the client asks »: copied from another fiche
        let copied = activity(vec![
            (
                Field::DataSubjects,
                Value::List(vec!["Techniciens".into(), "Commerciaux".into()]),
            ),
            (
                Field::Retention,
                text("Tant que le client ou prospect n'a pas demandé l'effacement"),
            ),
        ]);
        assert!(fires("A30-1f-subjects", &copied, &[]));
        let out = findings(&copied);
        let f = out
            .iter()
            .find(|f| f.rule == RuleId::RetentionSubjects)
            .unwrap();
        assert!(
            f.message.contains("« client », « prospect »"),
            "{}",
            f.message
        );
        assert!(f.message.contains("« Techniciens »"), "{}", f.message);
        // English, a group in both: quiet; a retention naming no group: quiet
        let same = activity(vec![
            (Field::DataSubjects, text("Customers and prospects")),
            (
                Field::Retention,
                text("3 years after the last contact with the customer"),
            ),
        ]);
        assert!(!fires("A30-1f-subjects", &same, &[]));
        let plain = activity(vec![
            (Field::DataSubjects, text("Salariés")),
            (Field::Retention, text("5 ans après le départ")),
        ]);
        assert!(!fires("A30-1f-subjects", &plain, &[]));
        // subjects naming no known group: nothing to compare with
        let unknown = activity(vec![
            (Field::DataSubjects, text("Visiteurs du salon")),
            (
                Field::Retention,
                text("Jusqu'à la fin de la relation client"),
            ),
        ]);
        assert!(!fires("A30-1f-subjects", &unknown, &[]));
    }

    /// An activity of a controller at `address` (none when empty), for `purpose`, kept
    /// as `said` (`iso` long).
    fn kept_at(address: &str, purpose: &str, said: &str, iso: &str) -> Activity {
        let mut fields = vec![
            (Field::Purpose, text(purpose)),
            (
                Field::Retention,
                Value::Retention(vec![ropa_model::RetentionItem {
                    text: said.into(),
                    duration: Some(iso.into()),
                    ..Default::default()
                }]),
            ),
        ];
        if !address.is_empty() {
            fields.push((Field::ControllerAddress, text(address)));
        }
        activity(fields)
    }

    #[test]
    fn retention_against_the_references() {
        let kept = |purpose: &str, said: &str, iso: &str| {
            kept_at("35000 Rennes, France", purpose, said, iso)
        };
        assert!(fires(
            "A5-retention-benchmark",
            &kept("Prospection commerciale", "5 ans", "P5Y"),
            &[]
        ));
        assert!(!fires(
            "A5-retention-benchmark",
            &kept(
                "Prospection commerciale",
                "3 ans après le dernier contact",
                "P3Y"
            ),
            &[]
        ));
        assert!(fires(
            "A5-retention-benchmark",
            &kept("Vidéoprotection du parking", "3 mois", "P3M"),
            &[]
        ));
        assert!(!fires(
            "A5-retention-benchmark",
            &kept("Paie des salariés", "5 ans", "P5Y"),
            &[]
        ));
        // « un mois » written as 31 days; payroll ledgers are no connection logs
        assert!(!fires(
            "A5-retention-benchmark",
            &kept("CCTV of the car park", "31 days", "P31D"),
            &[]
        ));
        assert!(!fires(
            "A5-retention-benchmark",
            &kept(
                "Paie des agents",
                "états et journaux de paie : 50 ans",
                "P50Y"
            ),
            &[]
        ));
    }

    #[test]
    fn a_benchmark_judges_its_own_country_only() {
        let kept = kept_at;
        // German applicants: six months, not the CNIL's two years
        let de = kept(
            "28217 Bremen, Deutschland",
            "Bewerbungsverfahren",
            "1 Jahr",
            "P1Y",
        );
        assert!(fires("A5-retention-benchmark", &de, &[]));
        let fr = kept("35000 Rennes, France", "Recrutement", "1 an", "P1Y");
        assert!(!fires("A5-retention-benchmark", &fr, &[]));
        // a UK controller's CCTV is no French one's
        let uk = kept(
            "Manchester M11 2DL",
            "CCTV of the warehouse",
            "90 days",
            "P90D",
        );
        assert!(!fires("A5-retention-benchmark", &uk, &[]));
        let paris = kept(
            "75011 Paris, France",
            "Vidéoprotection de l'entrepôt",
            "90 jours",
            "P90D",
        );
        assert!(fires("A5-retention-benchmark", &paris, &[]));
    }

    #[test]
    fn a_retention_with_neither_duration_nor_trigger() {
        let kept = |item: ropa_model::RetentionItem| {
            activity(vec![(Field::Retention, Value::Retention(vec![item]))])
        };
        let vague = kept(ropa_model::RetentionItem {
            text: "Durée nécessaire au traitement".into(),
            ..Default::default()
        });
        assert!(fires("A30-1f-vague", &vague, &[]));
        let timed = kept(ropa_model::RetentionItem {
            text: "5 ans".into(),
            duration: Some("P5Y".into()),
            ..Default::default()
        });
        assert!(!fires("A30-1f-vague", &timed, &[]));
    }

    #[test]
    fn retention_without_end_is_an_error_unless_the_law_archives_it() {
        let kept = |t: &str| {
            activity(vec![(
                Field::Retention,
                Value::Retention(vec![ropa_model::RetentionItem {
                    text: t.into(),
                    open_ended: true,
                    ..Default::default()
                }]),
            )])
        };
        for t in [
            "Illimitée",
            "Kept indefinitely",
            "unbegrenzt",
            "Conservación permanente",
        ] {
            assert!(fires("A5-retention-unlimited", &kept(t), &[]), "{t}");
            assert!(!fires("A30-1f-vague", &kept(t), &[]), "{t}");
        }
        let archived = kept("Expediente académico: conservación permanente (archivo histórico)");
        assert!(!fires("A5-retention-unlimited", &archived, &[]));
        assert!(!fires(
            "A5-retention-unlimited",
            &kept("Durante la relación laboral (contrato indefinido)"),
            &[]
        ));
        assert!(fires(
            "A5-retention-unlimited",
            &kept("Conservation illimitée, code interne 2024"),
            &[]
        ));
        let cited =
            kept("Cartella clinica: conservazione illimitata (circolare ministeriale del 1986)");
        assert!(!fires("A5-retention-unlimited", &cited, &[]));
        assert!(!fires("A30-1f-vague", &archived, &[]));
    }
}
