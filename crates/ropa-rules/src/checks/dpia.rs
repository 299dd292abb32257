//! Art. 35(1) and EDPB WP248: the DPIA screening (A35-dpia) — two criteria or more met
//! by the activity's own words, and no DPIA recorded. A module of its own because it
//! is the one rule that weighs what other checks found (the sensitive and highly
//! personal data of [`super::sensitive_data`]) with a list of criteria.

use super::sensitive_data::sensitive_answer;
use super::{Ctx, presence, quote_in, text_of, texts_of};
use crate::knowledge::{CNIL_DPIA, Criterion, ListedType, WP248, found, found_affirmed};
use crate::{Finding, RuleId, Status};
use regex::Regex;
use ropa_model::text::re;
use ropa_model::{Activity, Field, Lang, YesNo};
use std::sync::LazyLock;

/// Art. 35(1), WP248: two criteria or more, and no DPIA recorded; for a French
/// controller, the CNIL's lists first (Art. 35(4), 35(5)). A processor's record gets
/// none: the DPIA is the controller's (Art. 35(1); the processor assists, Art. 28(3)(f)).
pub(super) fn dpia_screening(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    if c.processor {
        return;
    }
    // what the DPIA field answers, not that it holds words: « AIPD requise : Non » records
    // none, « Oui – 2021 » or « réalisée le 12/03/2022 » one
    let dpia_recorded =
        text_of(a, Field::Dpia).is_some_and(|d| match ropa_normalise::answers::yes_no(&d) {
            YesNo::Yes => true,
            YesNo::No | YesNo::NotApplicable => false,
            YesNo::Unknown => !ropa_model::text::is_placeholder(&d),
        });
    if dpia_recorded {
        return;
    }
    // WP248 criterion 4: special categories and criminal data (a national identifier is
    // neither)
    let sensitive = sensitive_answer(a) == YesNo::Yes
        || !c.special.art9.is_empty()
        || !c.special.art10.is_empty();
    let text = screened_text(a);
    let mut criteria = wp248_criteria(a, &text, sensitive, !c.highly.is_empty());
    let vulnerable = criteria.iter().any(|(k, _)| k.id == "vulnerable");
    // recital 91, WP248: the patients' or clients' data of an individual physician,
    // health professional or lawyer are not processed on a large scale, and their
    // sensitivity alone does not call for a DPIA
    if individual_practice(c) {
        criteria.retain(|(k, _)| k.id != "sensitive" && k.id != "vulnerable");
    }
    // the CNIL's list of types that require a DPIA judges a controller shown to be in
    // France; its exemptions, which only lower a finding, any record that may be French
    let listed = if french_controller(c) {
        Some(true)
    } else if c.benchmark_country() == Some(crate::knowledge::Country::Fr) {
        Some(false)
    } else {
        None
    };
    if let Some(required_too) = listed
        && cnil_lists(
            c,
            &text,
            criteria.len(),
            sensitive,
            vulnerable,
            required_too,
            out,
        )
    {
        return;
    }
    if criteria.len() < 2 {
        return;
    }
    let r = c.rule(RuleId::A35Dpia);
    // the record that answers « no DPIA required » has decided; the finding asks to check
    // that decision, it does not say the record is silent
    let answered_no = text_of(a, Field::Dpia).is_some_and(|d| {
        matches!(
            ropa_normalise::answers::yes_no(&d),
            YesNo::No | YesNo::NotApplicable
        )
    });
    let subject = if answered_no {
        c.tr(
            "Deux critères d'AIPD ou plus (WP248), et le registre répond non à la rubrique AIPD (à vérifier)",
            "Two or more DPIA criteria (WP248), and the record answers no on the DPIA (to check)",
        )
    } else {
        r.subject(c.lang)
    };
    let named: Vec<String> = criteria
        .iter()
        .map(|(k, words)| {
            let name = if c.lang == Lang::Fr { &k.fr } else { &k.en };
            if words.is_empty() {
                name.clone()
            } else {
                format!("{name} ({})", quote_in(&c.written, words))
            }
        })
        .collect();
    let message = format!("{subject} : {}. {}", named.join(" ; "), r.fix(c.lang));
    let status = presence(a, Field::Dpia).unwrap_or(Status::Weak);
    out.push(c.finding(r.id, Field::Dpia, status, message));
}

/// Whether the controller is an individual practice of a physician, another health
/// professional or a lawyer (recital 91): a practice, a surgery, a chambers.
fn individual_practice(c: &Ctx<'_>) -> bool {
    const PRACTICES: &[&str] = &[
        "praxis",
        "arztpraxis",
        "zahnarztpraxis",
        "physiotherapiepraxis",
        "cabinet medical",
        "cabinet dentaire",
        "cabinet de kinesitherapie",
        "cabinet d avocat",
        "cabinet d avocats",
        "dental practice",
        "dental surgery",
        "medical practice",
        "gp practice",
        "gp surgery",
        "law practice",
        "studio medico",
        "studio dentistico",
        "studio legale",
        "consulta medica",
        "clinica dental",
        "despacho de abogados",
        "huisartsenpraktijk",
        "tandartspraktijk",
        "fysiotherapiepraktijk",
        "advocatenpraktijk",
    ];
    let who = texts_of(c.a, &[Field::ControllerName, Field::ControllerAddress]);
    // a group or network of practices is no individual one
    let group = [
        "verbund", "gruppe", "group", "groupe", "reseau", "network", "mvz", "kliniken",
    ];
    !found(&who, PRACTICES).is_empty()
        && !ropa_model::text::fold(&who)
            .split(' ')
            .any(|w| group.iter().any(|g| w.contains(g)))
}

/// The words of an activity a DPIA screening reads (a template's examples left out).
fn screened_text(a: &Activity) -> String {
    [
        Field::Name,
        Field::Purpose,
        Field::SubPurposes,
        Field::DataSubjects,
        Field::DataCategories,
        Field::Software,
        Field::DataFlows,
    ]
    .iter()
    .filter_map(|f| text_of(a, *f))
    // a template's example (« (ex. : déplacements, GPS) ») is no criterion the client meets
    .map(|t| ropa_model::text::without_examples(&t).into_owned())
    .collect::<Vec<_>>()
    .join(" ; ")
}

/// The WP248 criteria an activity's text meets, each with the words that show it. The
/// vulnerable people are those the data are about (its data subjects), not every word
/// of the record (« données à caractère personnel », the employees' children of a
/// payroll's benefits).
fn wp248_criteria<'w>(
    a: &Activity,
    text: &str,
    sensitive: bool,
    highly_personal: bool,
) -> Vec<(&'w Criterion, Vec<&'static str>)> {
    let subjects = text_of(a, Field::DataSubjects).unwrap_or_default();
    WP248
        .criteria
        .iter()
        .filter_map(|c| {
            if c.id == "sensitive" {
                return (sensitive || highly_personal).then(|| (c, Vec::new()));
            }
            // the record's own answer to automated decision-making meets its criterion
            if c.id == "automated-decision" && super::automated::decides_automatically(a) {
                return Some((c, Vec::new()));
            }
            let read = if c.id == "vulnerable" {
                &subjects
            } else {
                text
            };
            let words = super::minors::children_in(read, &c.words);
            (!words.is_empty()).then_some((c, words))
        })
        .collect()
}

/// Whether the controller is French, so that the CNIL's lists apply: France named in
/// its address or name, else no other country named and the record written in French.
fn french_controller(c: &Ctx<'_>) -> bool {
    let (who, folded) = controller_text(c.a);
    if folded.contains(" france ") {
        return true;
    }
    if names_another_country(&who) {
        return false;
    }
    // no country named: a French postcode in the controller's address, or a .fr address
    static FRENCH_POSTCODE: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| ropa_model::text::re(r"\b[0-9]{5}\s+\p{Lu}"));
    let evidence = FRENCH_POSTCODE.is_match(&who) || c.written.contains(".fr");
    if !evidence {
        return false;
    }
    let [fr, other] = count_words_each(
        c.folded_written(),
        [
            &["de", "des", "les", "du", "et", "la", "le"],
            &[
                "the", "and", "of", "der", "und", "el", "los", "il", "het", "en",
            ],
        ],
    );
    fr >= 3 && fr > other * 2
}

/// The controller's name, address and contact, as written and folded (padded with
/// spaces, so that a word is found between them).
fn controller_text(a: &Activity) -> (String, String) {
    let who = texts_of(
        a,
        &[
            Field::ControllerAddress,
            Field::ControllerName,
            Field::ControllerContact,
        ],
    );
    let folded = format!(" {} ", ropa_model::text::fold(&who));
    (who, folded)
}

/// Whether the controller's text names a country (of the EEA or not): then the
/// record's language says nothing of where the controller is.
fn names_another_country(who: &str) -> bool {
    ropa_normalise::answers::names_country(who)
        || !crate::knowledge::found(who, &crate::knowledge::ADEQUACY.eea).is_empty()
}

/// How many times a padded folded text holds the words of each list, each as a whole
/// word, in one pass over its words (a search per word, then a pass per list, were a
/// tenth of checking a large register). A word repeated straight after itself shares
/// its space with the one before, and counts every other time, as a search for
/// « ␣word␣ » counts it.
fn count_words_each<const N: usize>(padded: &str, lists: [&[&str]; N]) -> [usize; N] {
    let longest = lists.iter().flat_map(|l| l.iter()).map(|w| w.len()).max();
    let mut n = [0; N];
    // per list, the word it counted last, if the token before was that word
    let mut counted: [Option<&str>; N] = [None; N];
    for token in padded.split(' ') {
        if Some(token.len()) > longest {
            counted = [None; N];
            continue;
        }
        for (i, words) in lists.iter().enumerate() {
            if counted[i] == Some(token) {
                counted[i] = None;
            } else if words.contains(&token) {
                n[i] += 1;
                counted[i] = Some(token);
            } else {
                counted[i] = None;
            }
        }
    }
    n
}

/// The country whose benchmarks may judge the controller: the one its address names,
/// else the language its record is written in, if French or German (a record of no
/// address is judged by its words); none for the UK GDPR or another country named. The
/// retention benchmarks ask no more; the CNIL's DPIA lists ask for
/// [`french_controller`]'s evidence. [`Ctx::benchmark_country`] keeps it once per
/// activity.
pub(super) fn benchmark_country(c: &Ctx<'_>) -> Option<crate::knowledge::Country> {
    use crate::knowledge::Country;
    if c.law == crate::Law::UkGdpr {
        return None;
    }
    let (who, folded) = controller_text(c.a);
    if folded.contains(" france ") {
        return Some(Country::Fr);
    }
    if [" deutschland ", " germany ", " allemagne "]
        .iter()
        .any(|w| folded.contains(w))
    {
        return Some(Country::De);
    }
    if names_another_country(&who) {
        return None;
    }
    // by its words only when they are many and one language's (« de », « la » are
    // Spanish too; a terse record says nothing)
    let [fr, de, others] = count_words_each(
        c.folded_written(),
        [
            &["des", "les", "du", "et", "le", "aux", "est"],
            &["der", "die", "und", "das", "den", "zur", "nach"],
            &[
                "the", "and", "of", "el", "los", "y", "il", "gli", "e", "het", "en", "van",
            ],
        ],
    );
    if fr >= 3 && fr > 2 * (others + de) {
        Some(Country::Fr)
    } else if de >= 3 && de > 2 * (others + fr) {
        Some(Country::De)
    } else {
        None
    }
}

/// The CNIL's lists for a French controller: a type that requires a DPIA (2018-327)
/// is said whatever WP248 counts; a type it exempts (2019-118) quiets the WP248
/// screening, or says the condition to check. Returns whether the lists decided.
fn cnil_lists(
    c: &Ctx<'_>,
    text: &str,
    criteria: usize,
    sensitive: bool,
    vulnerable: bool,
    required_too: bool,
    out: &mut Vec<Finding>,
) -> bool {
    let name = |t: &ListedType| {
        if c.lang == Lang::Fr {
            t.fr.clone()
        } else {
            t.en.clone()
        }
    };
    let required: Vec<String> = CNIL_DPIA
        .required
        .iter()
        // biometrics and genetics are listed for vulnerable people only
        .filter(|t| t.condition.as_deref() != Some("vulnerable") || vulnerable)
        .filter_map(|t| {
            let words = found_affirmed(text, &t.words);
            (!words.is_empty()).then(|| format!("{} ({})", name(t), quote_in(&c.written, &words)))
        })
        .collect();
    if required_too && !required.is_empty() {
        let r = c.rule(RuleId::A35CnilList);
        let message = format!(
            "{} : {}. {}",
            r.subject(c.lang),
            required.join(" ; "),
            r.fix(c.lang)
        );
        out.push(c.finding(r.id, Field::Dpia, Status::Weak, message));
        return true;
    }
    if criteria < 2 {
        return false;
    }
    // what the processing is for says its type, not a word elsewhere (« transmises à
    // notre avocat »)
    let about = texts_of(c.a, &[Field::Name, Field::Purpose]);
    let Some(exempt) = CNIL_DPIA
        .exempt
        .iter()
        .find(|t| !found_affirmed(&about, &t.words).is_empty())
    else {
        return false;
    };
    const NON_PROFITS: &[&str] = &[
        "association",
        "fondation",
        "non profit",
        "charity",
        "verein",
        "stiftung",
        "asociacion",
        "fundacion",
        "associazione",
        "fondazione",
        "vereniging",
        "stichting",
    ];
    match exempt.condition.as_deref() {
        None => true,
        Some("non-profit") => !sensitive && !found(&c.written, NON_PROFITS).is_empty(),
        // the controller's line or the DPIA answer gives a headcount under 250 (« 118
        // salariés », « effectif inférieur à 250 ») and nothing says profiling: the
        // condition 2019-118 sets is met and said
        Some("size")
            if under_250_staff(&format!(
                "{} {}",
                controller_text(c.a).0,
                text_of(c.a, Field::Dpia).unwrap_or_default()
            )) && !PROFILING.is_match(&c.written) =>
        {
            true
        }
        Some(_) => {
            let r = c.rule(RuleId::A35CnilExempt);
            let message = format!(
                "{} : {}. {}",
                r.subject(c.lang),
                name(exempt),
                r.fix(c.lang)
            );
            out.push(c.finding(r.id, Field::Dpia, Status::Weak, message));
            true
        }
    }
}

/// Words of profiling, which 2019-118 leaves out of the staff-management exemption.
static PROFILING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:profilage|profiling|scoring|profilierung|perfilado|perfilamiento|profilazione|profilering)\b",
    )
});

/// Whether a text says its organisation has fewer than 250 people: a headcount under 250
/// (« 118 salariés », "42 employees", « 60 Mitarbeiter ») or the threshold itself
/// (« effectif inférieur à 250 », "fewer than 250 staff").
fn under_250_staff(text: &str) -> bool {
    static HEADCOUNT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b([0-9]{1,3}(?:[ \u{a0}.,][0-9]{3})*)\s+(?:salari[ée]s|employ[ée]s|agents|collaborateurs|personnes|employees|staff|people|mitarbeiter(?:innen)?|besch[äa]ftigte|empleados|trabajadores|dipendenti|medewerkers|werknemers)\b",
        )
    });
    static THRESHOLD: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:moins de|inf[ée]rieure? [àa]|fewer than|less than|under|weniger als|unter|menos de|inferior a|meno di|inferiore a|minder dan)\s+250\b",
        )
    });
    THRESHOLD.is_match(text)
        || HEADCOUNT.captures_iter(text).any(|c| {
            let digits: String = c[1].chars().filter(char::is_ascii_digit).collect();
            digits.parse::<u32>().is_ok_and(|n| n < 250)
        })
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    /// One pass over the words counts what a search for each word counted.
    #[test]
    fn words_are_counted_as_a_search_for_each_counts_them() {
        let by_search = |padded: &str, words: &[&str]| -> usize {
            words
                .iter()
                .map(|x| padded.matches(&format!(" {x} ")).count())
                .sum()
        };
        let words = ["le", "les", "et", "de"];
        for text in [
            " le registre et les donnees de la paie ",
            " le le le les les et ",
            " le  le de\nde de ",
            " les, le et. ",
            " le registrement le la la la ",
            " ",
        ] {
            assert_eq!(
                super::count_words_each(text, [&words]),
                [by_search(text, &words)],
                "{text}"
            );
            let [a, b] = super::count_words_each(text, [&["le", "les"], &["et", "de", "la"]]);
            assert_eq!(
                (a, b),
                (
                    by_search(text, &["le", "les"]),
                    by_search(text, &["et", "de", "la"])
                ),
                "{text}"
            );
        }
    }

    #[test]
    fn dpia_screening_counts_wp248_criteria() {
        let cctv = activity(vec![
            (Field::Purpose, text("Vidéosurveillance des entrepôts")),
            (Field::DataSubjects, Value::List(vec!["Salariés".into()])),
        ]);
        assert!(fires("A35-dpia", &cctv, &[]));
        let mut done = cctv.clone();
        done.fields
            .insert(Field::Dpia, text("AIPD réalisée le 2024-03-01"));
        assert!(!fires("A35-dpia", &done, &[]));
        // one criterion alone does not call for one
        let payroll = activity(vec![
            (Field::Purpose, text("Paie des salariés")),
            (Field::DataSubjects, Value::List(vec!["Salariés".into()])),
        ]);
        assert!(!fires("A35-dpia", &payroll, &[]));
    }

    #[test]
    fn an_example_left_from_the_template_meets_no_criterion() {
        // the CNIL model's example in a category says nothing of what the client does
        let with_example = |categories: &str| {
            activity(vec![
                (Field::Purpose, text("Gestion des tournées des agents")),
                (Field::DataSubjects, Value::List(vec!["Salariés".into()])),
                (Field::DataCategories, text(categories)),
            ])
        };
        assert!(!fires(
            "A35-dpia",
            &with_example("Vie professionnelle (ex. : déplacements, GPS)"),
            &[]
        ));
        // the same words as the client's own statement do
        assert!(fires(
            "A35-dpia",
            &with_example("Vie professionnelle ; suivi GPS des véhicules"),
            &[]
        ));
    }

    #[test]
    fn an_individual_practice_s_patients_call_for_no_dpia() {
        let care = |controller: &str| {
            activity(vec![
                (Field::ControllerName, text(controller)),
                (Field::Purpose, text("Behandlung und Dokumentation")),
                (Field::DataSubjects, text("Patienten")),
                (
                    Field::DataCategories,
                    data(&["Gesundheitsdaten", "Befunde"]),
                ),
                (
                    Field::SensitiveData,
                    answer("Ja, Gesundheitsdaten", YesNo::Yes, &[]),
                ),
            ])
        };
        assert!(!fires("A35-dpia", &care("Zahnarztpraxis Dr. Lind"), &[]));
        // a network of practices is no individual one
        assert!(fires("A35-dpia", &care("Praxisverbund Nord GmbH"), &[]));
    }

    #[test]
    fn a_national_identifier_is_no_large_scale() {
        let school = activity(vec![
            (Field::Name, text("Logiciel de suivi des élèves")),
            (Field::DataSubjects, text("Élèves de la classe")),
            (
                Field::DataCategories,
                data(&["Identifiant National Élève", "Nom", "Résultats"]),
            ),
        ]);
        let out = findings(&school);
        assert!(
            out.iter().all(|f| !f.message.contains("grande échelle")),
            "{out:?}"
        );
        let census = activity(vec![
            (
                Field::Purpose,
                text("Enquête à l'échelle nationale auprès des élèves"),
            ),
            (Field::DataSubjects, text("Élèves")),
        ]);
        assert!(fires("A35-dpia", &census, &[]));
    }

    #[test]
    fn the_cnil_lists_decide_for_a_french_controller() {
        let french = |purpose: &str, subjects: &str| {
            activity(vec![
                (
                    Field::ControllerAddress,
                    text("3 rue des Lilas, 69003 Lyon, France"),
                ),
                (Field::Purpose, text(purpose)),
                (Field::DataSubjects, Value::List(vec![subjects.into()])),
            ])
        };
        // one WP248 criterion, but a type on the 2018-327 list
        let alerts = french(
            "Recueil et traitement des alertes professionnelles",
            "Salariés",
        );
        assert!(fires("A35-cnil-list", &alerts, &[]));
        // payroll: two criteria, a type 2019-118 exempts under 250 staff, said as such
        let mut payroll = french("Paie et gestion du personnel", "Salariés de l'entreprise");
        payroll.fields.insert(
            Field::DataCategories,
            text("Identité, RIB, arrêts de travail"),
        );
        let out = findings(&payroll);
        assert!(!fires("A35-dpia", &payroll, &[]), "{out:?}");
        assert!(fires("A35-cnil-exempt", &payroll, &[]), "{out:?}");
        // the record or the controller's line says the condition: quiet
        for said in ["Non (effectif inférieur à 250 salariés)", "Non requise"] {
            let mut small = payroll.clone();
            small.fields.insert(Field::Dpia, text(said));
            small.fields.insert(
                Field::ControllerName,
                text("Mercier SAS (négoce de bois – 118 salariés)"),
            );
            assert!(!fires("A35-cnil-exempt", &small, &[]), "{said}");
            assert!(!fires("A35-dpia", &small, &[]), "{said}");
        }
        for big in [
            "Mercier SAS (1 200 salariés)",
            "Mercier Ltd (1,200 employees)",
        ] {
            let mut large = payroll.clone();
            large.fields.insert(Field::ControllerName, text(big));
            assert!(fires("A35-cnil-exempt", &large, &[]), "{big}");
        }
        // a count of people elsewhere is no headcount; profiling leaves the exemption
        let mut few = payroll.clone();
        few.fields.insert(
            Field::Recipients,
            text("Accès limité à 3 personnes du service RH"),
        );
        assert!(fires("A35-cnil-exempt", &few, &[]));
        let mut scored = payroll.clone();
        scored
            .fields
            .insert(Field::ControllerName, text("Mercier SAS (118 salariés)"));
        scored.fields.insert(
            Field::Purpose,
            text("Paie, évaluation annuelle et profilage des salariés"),
        );
        assert!(fires("A35-cnil-exempt", &scored, &[]));
        // the same words abroad: WP248 alone
        let mut german = payroll.clone();
        german.fields.insert(
            Field::ControllerAddress,
            text("Am Sandtor 7, 21335 Lüneburg, Deutschland"),
        );
        assert!(!fires("A35-cnil-exempt", &german, &[]));
        assert!(fires("A35-dpia", &german, &[]));
        // a lawyer among the recipients makes no lawyer's processing
        let mut tracked = french("Géolocalisation des véhicules des salariés", "Salariés");
        tracked.fields.insert(
            Field::DataCategories,
            text("Positions GPS, transmises à notre avocat en cas de litige"),
        );
        assert!(fires("A35-dpia", &tracked, &[]), "{:?}", findings(&tracked));
    }

    #[test]
    fn a_processors_record_and_weak_words_ask_for_no_dpia() {
        let mut processor = activity(vec![
            (
                Field::Purpose,
                text("Vidéosurveillance des entrepôts du client"),
            ),
            (
                Field::DataSubjects,
                Value::List(vec!["Salariés du client".into()]),
            ),
        ]);
        processor
            .fields
            .insert(Field::RegisterRole, text("Sous-traitant"));
        assert!(!fires("A35-dpia", &processor, &[]));
        // a time clock, an applicant tracking tool, « données à caractère personnel »
        let weak = activity(vec![
            (
                Field::Purpose,
                text("Application tracking des candidatures, badgeuse des horaires"),
            ),
            (
                Field::DataCategories,
                text("Données à caractère personnel d'identification"),
            ),
        ]);
        assert!(!fires("A35-dpia", &weak, &[]));
    }
}
