//! The rules beyond Article 30's list: consistency between fields (a transfer without
//! its country, sensitive data without a DPIA, a provider not recorded as processor), a
//! purpose that is only a tool, duplicates and the register's contacts.

use super::knowledge::{Criterion, PEOPLE, SPECIAL, WP248, found};
use super::rules::pick;
use super::{Ctx, Finding, RuleId, Status, presence, raw_finding};
use regex::Regex;
use ropa_model::Lang;
use ropa_model::text::{fold, one_line, re};
use ropa_model::{Activity, Basis, Field, RecipientKind, Value, YesNo};
use std::sync::LazyLock;

/// Tools whose name alone is not a purpose (folded).
const SOFTWARE: &[&str] = &[
    "excel",
    "word",
    "outlook",
    "teams",
    "slack",
    "zoom",
    "sellsy",
    "salesforce",
    "hubspot",
    "mailchimp",
    "sendinblue",
    "brevo",
    "pipedrive",
    "sage",
    "sap",
    "google analytics",
    "matomo",
    "wordpress",
    "shopify",
    "prestashop",
    "odoo",
    "dolibarr",
    "notion",
    "trello",
    "google drive",
    "dropbox",
    "onedrive",
    "sharepoint",
    "microsoft 365",
    "office 365",
];
/// Words of a hosting text that name a third-party provider (folded).
const HOSTS: &[&str] = &[
    "ovh",
    "scaleway",
    "aws",
    "amazon",
    "azure",
    "google cloud",
    "gcp",
    "heroku",
    "ionos",
    "o2switch",
    "gandi",
    "infomaniak",
    "hebergeur",
    "prestataire",
    "cloud",
    "saas",
    "datacenter",
    "data center",
];

static EMAIL: LazyLock<Regex> = LazyLock::new(|| re(r"[\w.+-]+@[\w-]+\.[\w.-]+"));
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:\+\d{2}\s?|\b0)\d(?:[\s.-]?\d{2}){4}\b|\+\d[\d\s.-]{7,}\d"));

use ropa_normalise::answers::has_phrase;

fn text_of(a: &Activity, f: Field) -> Option<String> {
    a.get(f).map(|v| one_line(&v.display_text()))
}

/// Whether the purpose is only a tool's name (« Excel », the software field again).
fn purpose_is_software(a: &Activity, purpose: &str) -> bool {
    let words = purpose.split_whitespace().count();
    let same_as_software = text_of(a, Field::Software).is_some_and(|s| fold(&s) == fold(purpose));
    let known_tool = SOFTWARE.contains(&fold(purpose).as_str());
    words <= 3 && (same_as_software || known_tool)
}

/// Art. 30(1)(b): a purpose that is only a tool's name.
pub(super) fn purpose_software(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some(purpose) = text_of(c.a, Field::Purpose)
        && purpose_is_software(c.a, &purpose)
    {
        let message = format!(
            "{} « {purpose} » {} {}",
            c.tr("Finalité", "Purpose"),
            c.tr(
                ": ce n'est que le nom d'un outil.",
                "is only a tool's name."
            ),
            RuleId::PurposeSoftware.rule().fix(c.lang)
        );
        out.push(c.finding(
            RuleId::PurposeSoftware,
            Field::Purpose,
            Status::Weak,
            message,
        ));
    }
}

/// Art. 5(1)(b): a purpose of one or two words, or a catch-all (not a tool's name,
/// which has its own finding).
pub(super) fn purpose_vague(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    const STOP: &[&str] = &[
        "le", "la", "les", "l", "des", "du", "de", "d", "et", "the", "of", "and", "a",
    ];
    const CATCH_ALL: &[&str] = &[
        "divers",
        "autres",
        "autre",
        "general",
        "generale",
        "toutes finalites",
        "misc",
        "various",
        "other",
        "gestion",
        "management",
        "administration",
    ];
    let Some(purpose) = text_of(c.a, Field::Purpose) else {
        return;
    };
    let folded = fold(&purpose);
    let words = folded
        .split_whitespace()
        .filter(|w| !STOP.contains(w))
        .count();
    if !purpose_is_software(c.a, &purpose) && (words <= 2 || CATCH_ALL.contains(&folded.as_str())) {
        let r = RuleId::PurposeVague.rule();
        let message = format!("« {purpose} » : {}. {}", r.subject(c.lang), r.fix(c.lang));
        out.push(c.finding(r.id, Field::Purpose, Status::Weak, message));
    }
}

/// Art. 6(1): the lawful basis against who the controller and the data subjects are
/// (only a text that names one basis: « contrat pour les clients ; intérêt légitime
/// pour les prospects » is already split by its author).
pub(super) fn basis_context(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    let Some(Value::Basis(b)) = a.get(Field::LegalBasis) else {
        return;
    };
    let Some(basis) = b.basis else { return };
    if ropa_normalise::answers::named_bases(&b.text).len() > 1 {
        return;
    }
    let subjects = text_of(a, Field::DataSubjects).unwrap_or_default();
    let controller = text_of(a, Field::ControllerName).unwrap_or_default();
    let (what, words) = match basis {
        Basis::Consent => (
            c.tr("consentement de salariés", "employees' consent"),
            found(&subjects, EMPLOYEES),
        ),
        Basis::LegitimateInterests => (
            c.tr(
                "intérêt légitime invoqué par une autorité publique",
                "legitimate interests claimed by a public authority",
            ),
            found(&controller, PUBLIC_BODIES),
        ),
        Basis::Contract => (
            c.tr(
                "contrat, pour des personnes qui n'y sont pas parties",
                "contract, for people who are not party to one",
            ),
            found(&subjects, NOT_PARTIES),
        ),
        _ => return,
    };
    if !words.is_empty() {
        let r = RuleId::A6Context.rule();
        let message = format!(
            "{} : {what} ({}). {}",
            r.subject(c.lang),
            words.join(", "),
            r.fix(c.lang)
        );
        out.push(c.finding(r.id, Field::LegalBasis, Status::Weak, message));
    }
}

fn has_processors(a: &Activity) -> bool {
    matches!(a.get(Field::Processors), Some(Value::Processors(p)) if !p.is_empty())
}

/// Art. 28(3), good practice: processors recorded with no word of their contract (most
/// often the template has no place for it: said once per source).
pub(super) fn processor_contract(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    if has_processors(c.a) && found(&c.written, CONTRACT_WORDS).is_empty() {
        let r = RuleId::A28Contract.rule();
        let message = format!("{}. {}", r.subject(c.lang), r.fix(c.lang));
        out.push(c.finding(r.id, Field::Processors, Status::Absent, message));
    }
}

/// Art. 5(1)(e): retention against the references for common purposes — a period about
/// that data, else the shortest of an activity about it, beyond the benchmark.
pub(super) fn retention_benchmark(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    let Some(Value::Retention(items)) = a.get(Field::Retention) else {
        return;
    };
    let context = [Field::Name, Field::Purpose, Field::DataSubjects]
        .iter()
        .filter_map(|f| text_of(a, *f))
        .collect::<Vec<_>>()
        .join(" ; ");
    // (period, its text, the data it is about)
    let timed: Vec<(f64, String, String)> = items
        .iter()
        .filter_map(|i| {
            let d = super::knowledge::days(i.duration.as_deref()?)?;
            Some((d, i.text.clone(), i.data.clone().unwrap_or_default()))
        })
        .collect();
    let shortest = timed.iter().map(|(d, ..)| *d).reduce(f64::min);
    for b in &super::knowledge::BENCHMARKS.benchmarks {
        // a month is up to 31 days: a little room before a period counts as beyond
        let Some(max) = super::knowledge::days(&b.max).map(|d| d * 1.05) else {
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
            let r = RuleId::A5RetentionBenchmark.rule();
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
    let groups = |text: &str| -> Vec<(&'static super::knowledge::Group, Vec<&'static str>)> {
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
    let quote = |found: &[(&super::knowledge::Group, Vec<&str>)], text: &str| {
        let words: Vec<&str> = found.iter().flat_map(|(_, w)| w.iter().copied()).collect();
        quote_in(text, &words)
    };
    let r = RuleId::RetentionSubjects.rule();
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

/// Art. 26(1): a joint controller named with no way to reach it (« Cliquez ici » is a
/// placeholder, « aucun » no one).
pub(super) fn joint_controller(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some(joint) = text_of(c.a, Field::JointController)
        && ropa_model::text::has_content(&joint)
        && !says_none(&joint)
        && !ropa_model::text::is_placeholder(&joint)
        && !(EMAIL.is_match(&joint) || PHONE.is_match(&joint) || ADDRESS_IN_NAME.is_match(&joint))
    {
        let r = RuleId::A26Joint.rule();
        let message = format!("{} : « {joint} ». {}", r.subject(c.lang), r.fix(c.lang));
        out.push(c.finding(r.id, Field::JointController, Status::Weak, message));
    }
}

/// Art. 28: a provider named (a processor among the recipients, a host) but no
/// processor recorded.
pub(super) fn processors_missing(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    if has_processors(a) {
        return;
    }
    let in_recipients = matches!(a.get(Field::Recipients), Some(Value::Recipients(r))
        if r.iter().any(|x| x.kind == Some(RecipientKind::Processor)));
    let in_hosting = text_of(a, Field::Hosting).is_some_and(|h| has_phrase(&h, HOSTS));
    if in_recipients || in_hosting {
        let r = RuleId::A28Processors.rule();
        let message = format!("{}. {}", r.subject(c.lang), r.fix(c.lang));
        out.push(c.finding(r.id, Field::Processors, Status::Absent, message));
    }
}

/// The words of a list as a text writes them, quoted: « Élèves », « Microsoft ».
fn quote_in(text: &str, words: &[&str]) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| super::knowledge::as_written(text, w).unwrap_or_else(|| w.to_string()))
        .collect();
    format!("« {} »", quoted.join(" », « "))
}

/// The answer of the sensitive-data field (`Unknown` when there is none).
fn sensitive_answer(a: &Activity) -> YesNo {
    match a.get(Field::SensitiveData) {
        Some(Value::Answer(ans)) => ans.answer,
        _ => YesNo::Unknown,
    }
}

/// The Art. 9, Art. 10 and NIR words of the client's data items, each once.
pub(super) fn special_words(a: &Activity) -> Vec<&'static str> {
    client_data_items(a)
        .iter()
        .flat_map(|d| {
            [&SPECIAL.art9, &SPECIAL.art10, &SPECIAL.nir]
                .into_iter()
                .flat_map(move |list| found(d, list))
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Art. 9(1), Art. 10: special-category, criminal or NIR words in the data, while the
/// sensitive-data answer says no or nothing.
pub(super) fn sensitive_mentioned(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    let special = &c.special;
    if sensitive_answer(a) == YesNo::Yes || special.is_empty() {
        return;
    }
    let answer = match a.get(Field::SensitiveData) {
        Some(v) => format!(
            "{} « {} »",
            c.tr(
                "la rubrique « données sensibles » dit",
                "the sensitive-data answer says"
            ),
            one_line(&v.display_text())
        ),
        None => c
            .tr(
                "la rubrique « données sensibles » ne dit rien",
                "the sensitive-data answer says nothing",
            )
            .to_string(),
    };
    let message = format!(
        "{} {} ; {answer}. {}",
        c.tr(
            "Les catégories de données mentionnent",
            "The data categories mention"
        ),
        quote_in(&c.written, special),
        RuleId::A9Mentioned.rule().fix(c.lang)
    );
    out.push(c.finding(
        RuleId::A9Mentioned,
        Field::SensitiveData,
        Status::Weak,
        message,
    ));
}

/// Good practice (WP248 criterion 4): financial or location data of people, not of a
/// company, to weigh for a DPIA.
pub(super) fn highly_personal_data(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let highly = &c.highly;
    if !highly.is_empty() {
        let r = RuleId::HighlyPersonal.rule();
        let message = format!(
            "{} : {}. {}",
            r.subject(c.lang),
            quote_in(&c.written, highly),
            r.fix(c.lang)
        );
        out.push(c.finding(r.id, Field::DataCategories, Status::Weak, message));
    }
}

/// Art. 35(1), WP248: two criteria or more, and no DPIA recorded.
pub(super) fn dpia_screening(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    let sensitive = sensitive_answer(a) == YesNo::Yes || !c.special.is_empty();
    let criteria = wp248_criteria(a, sensitive, !c.highly.is_empty());
    let dpia_recorded = text_of(a, Field::Dpia).is_some_and(|d| {
        !ropa_model::text::is_placeholder(&d) && ropa_normalise::answers::yes_no(&d) != YesNo::No
            || d.split_whitespace().count() > 2
    });
    if criteria.len() < 2 || dpia_recorded {
        return;
    }
    let r = RuleId::A35Dpia.rule();
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
    let message = format!(
        "{} : {}. {}",
        r.subject(c.lang),
        named.join(" ; "),
        r.fix(c.lang)
    );
    let status = presence(a, Field::Dpia).unwrap_or(Status::Weak);
    out.push(c.finding(r.id, Field::Dpia, status, message));
}

/// Art. 8, Art. 12(1): children's data with no word of their parents' consent or of an
/// information given (parents named as data subjects or as a source are no consent).
pub(super) fn minors(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let subjects = [
        Field::DataSubjects,
        Field::DataCategories,
        Field::Purpose,
        Field::Name,
    ]
    .iter()
    .filter_map(|f| text_of(c.a, *f))
    .collect::<Vec<_>>()
    .join(" ; ");
    let minors = found(&subjects, MINORS);
    if minors.is_empty() {
        return;
    }
    let consented = c
        .texts
        .iter()
        .any(|t| !found(t, PARENTS).is_empty() && !found(t, CONSENT_WORDS).is_empty());
    if !consented {
        let r = RuleId::Minors.rule();
        let message = format!(
            "{} : {}. {}",
            r.subject(c.lang),
            quote_in(&c.written, &minors),
            r.fix(c.lang)
        );
        out.push(c.finding(r.id, Field::DataSubjects, Status::Weak, message));
    }
}

/// Art. 44: a provider established outside the EEA named, no transfer declared.
pub(super) fn provider_outside_eea(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    let declared =
        matches!(a.get(Field::Transfers), Some(Value::Answer(t)) if t.answer == YesNo::Yes);
    if declared {
        return;
    }
    let named: String = [
        Field::Recipients,
        Field::Processors,
        Field::Hosting,
        Field::Software,
    ]
    .iter()
    .filter_map(|f| text_of(a, *f))
    .collect::<Vec<_>>()
    .join(" ; ");
    let providers = found(&named, &super::knowledge::PROVIDERS.names);
    if !providers.is_empty() {
        let r = RuleId::A44Provider.rule();
        let message = format!(
            "{} : {}. {}",
            r.subject(c.lang),
            quote_in(&c.written, &providers),
            r.fix(c.lang)
        );
        out.push(c.finding(r.id, Field::Transfers, Status::Weak, message));
    }
}

/// A name followed by an address: a comma, then a number (`, 9 Bank Road`, `, Via Roma 8`).
static ADDRESS_IN_NAME: LazyLock<Regex> = LazyLock::new(|| re(r",[^,]*\d"));

/// Whether a name field says there is no one (`Non désigné`, `none`, `niet aangesteld`).
fn says_none(text: &str) -> bool {
    has_phrase(
        text,
        &[
            "non designe",
            "non designee",
            "aucun",
            "aucune",
            "none",
            "not appointed",
            "no dpo",
            "pas de dpo",
            "niet aangesteld",
            "geen",
            "nicht benannt",
            "keiner",
            "no designado",
            "ninguno",
            "non nominato",
            "nessuno",
            "sans objet",
            "n a",
        ],
    ) || ropa_normalise::answers::yes_no(text) == YesNo::No
}

/// Words that mention a processor's contract (Art. 28(3)).
const CONTRACT_WORDS: &[&str] = &[
    "contrat",
    "contrats",
    "dpa",
    "clauses",
    "avenant",
    "article 28",
    "art 28",
    "accord de sous traitance",
    "contract",
    "data processing agreement",
    "agreement",
    "avv",
    "auftragsverarbeitungsvertrag",
    "auftragsverarbeitung",
    "vertrag",
    "contrato de encargo",
    "encargo del tratamiento",
    "contratto",
    "nomina",
    "verwerkersovereenkomst",
    "overeenkomst",
];

/// Words of data subjects who are the controller's staff.
const EMPLOYEES: &[&str] = &[
    "salarie",
    "salaries",
    "employe",
    "employes",
    "personnel",
    "agents",
    "collaborateurs",
    "employee",
    "employees",
    "staff",
    "mitarbeiter",
    "beschaftigte",
    "empleados",
    "dipendenti",
    "medewerkers",
    "werknemers",
];

/// Words of a controller's name that make it a public authority.
const PUBLIC_BODIES: &[&str] = &[
    "mairie",
    "commune",
    "ville de",
    "ministere",
    "prefecture",
    "conseil departemental",
    "conseil regional",
    "departement",
    "collectivite",
    "centre hospitalier",
    "chu",
    "universite",
    "etablissement public",
    "municipality",
    "city council",
    "council",
    "gemeinde",
    "stadt",
    "landratsamt",
    "ayuntamiento",
    "comune di",
    "gemeente",
];

/// Words of data subjects who are not party to a contract with the controller.
const NOT_PARTIES: &[&str] = &[
    "prospect",
    "prospects",
    "visiteurs",
    "visiteur",
    "passants",
    "grand public",
    "visitors",
    "passers by",
    "general public",
    "interessenten",
    "besucher",
    "visitantes",
    "visitatori",
    "bezoekers",
];

/// Words of data subjects who are children.
const MINORS: &[&str] = &[
    "eleve",
    "eleves",
    "enfant",
    "enfants",
    "mineur",
    "mineurs",
    "moins de 15 ans",
    "moins de 18 ans",
    "lyceens",
    "collegiens",
    "pupil",
    "pupils",
    "child",
    "children",
    "minor",
    "minors",
    "schuler",
    "kinder",
    "minderjahrige",
    "alumnos",
    "menores",
    "alunni",
    "minori",
];

/// Words of a consent, an authorisation or an information given.
const CONSENT_WORDS: &[&str] = &[
    "consentement",
    "autorisation",
    "accord",
    "information",
    "informes",
    "consent",
    "permission",
    "authorisation",
    "authorization",
    "informed",
    "einwilligung",
    "zustimmung",
    "consentimiento",
    "autorizacion",
    "consenso",
    "autorizzazione",
    "toestemming",
];

/// Words that show parents or guardians are involved.
const PARENTS: &[&str] = &[
    "parent",
    "parents",
    "parental",
    "parentale",
    "autorite parentale",
    "tuteur",
    "tuteurs",
    "representant legal",
    "responsable legal",
    "responsables legaux",
    "representants legaux",
    "guardian",
    "guardians",
    "eltern",
    "erziehungsberechtigte",
    "padres",
    "tutores",
    "genitori",
];

/// The client's own words of the data categories: their items, or the category's
/// label without the template's hint in brackets when it has none.
fn client_data_items(a: &Activity) -> Vec<String> {
    static HINT: LazyLock<Regex> = LazyLock::new(|| re(r"\([^)]*\)"));
    match a.get(Field::DataCategories) {
        Some(Value::DataCategories(cats)) => cats
            .iter()
            .flat_map(|c| {
                if c.details.is_empty() {
                    c.category
                        .iter()
                        .map(|l| HINT.replace_all(l, " ").into_owned())
                        .collect::<Vec<_>>()
                } else {
                    c.details.clone()
                }
            })
            .collect(),
        Some(v) => vec![v.display_text()],
        None => Vec::new(),
    }
}

/// Financial or location items of people, quoted: a company's address or bank account
/// is no personal data.
pub(super) fn highly_personal(a: &Activity) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = client_data_items(a)
        .iter()
        .filter(|d| found(d, &SPECIAL.legal_person).is_empty())
        .flat_map(|d| found(d, &SPECIAL.highly_personal))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The WP248 criteria an activity's text meets, each with the words that show it.
fn wp248_criteria(
    a: &Activity,
    sensitive: bool,
    highly_personal: bool,
) -> Vec<(&'static Criterion, Vec<&'static str>)> {
    let text: String = [
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
    .collect::<Vec<_>>()
    .join(" ; ");
    WP248
        .criteria
        .iter()
        .filter_map(|c| {
            if c.id == "sensitive" {
                return (sensitive || highly_personal).then(|| (c, Vec::new()));
            }
            let words = found(&text, &c.words);
            (!words.is_empty()).then_some((c, words))
        })
        .collect()
}

/// What makes two activities the same: every field that describes the processing.
fn signature(a: &Activity) -> Vec<String> {
    [
        Field::Name,
        Field::Purpose,
        Field::DataSubjects,
        Field::DataCategories,
        Field::Recipients,
        Field::Retention,
        Field::LegalBasis,
        Field::Scope,
    ]
    .iter()
    .map(|f| text_of(a, *f).map(|t| fold(&t)).unwrap_or_default())
    .collect()
}

/// What the register-wide rules remember of the activities already seen: one look-up
/// per activity, not a scan of those before it.
#[derive(Default)]
pub struct Seen {
    /// (source, signature) → the index of the first activity with it.
    signatures: std::collections::HashMap<(String, Vec<String>), usize>,
    /// The sources met so far.
    sources: std::collections::HashSet<String>,
}

/// The rules that compare an activity with those before it in the register.
pub fn check_in_register(a: &Activity, seen: &mut Seen, lang: Lang, out: &mut Vec<Finding>) {
    let tr = |fr: &'static str, en: &'static str| pick([fr, en], lang);
    let first_of_source = seen.sources.insert(a.source.clone());
    let sig = signature(a);
    let twin = if sig.iter().filter(|s| !s.is_empty()).count() >= 3 {
        match seen.signatures.entry((a.source.clone(), sig)) {
            std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(a.index);
                None
            }
        }
    } else {
        None
    };
    if let Some(twin) = twin {
        let r = RuleId::Duplicate.rule();
        out.push(raw_finding(
            a,
            r.id,
            Field::Name,
            Status::Weak,
            format!(
                "{} {} {}. {}",
                tr(
                    "Activité identique à l'activité n°",
                    "Same activity as activity no."
                ),
                twin,
                tr("de la même source", "of the same source"),
                r.fix(lang)
            ),
        ));
    }
    // the register's contacts, once per source (with its first activity)
    if first_of_source {
        // Art. 27: a controller whose address is outside the EEA, no representative
        let address = [
            Field::ControllerAddress,
            Field::ControllerName,
            Field::ControllerContact,
        ]
        .iter()
        .filter_map(|f| text_of(a, *f))
        .collect::<Vec<_>>()
        .join(" ; ");
        let abroad = ropa_normalise::answers::names_country(&address)
            && found(&address, &super::knowledge::ADEQUACY.eea).is_empty();
        if abroad && text_of(a, Field::Representative).is_none() {
            let r = RuleId::A27Representative.rule();
            out.push(raw_finding(
                a,
                r.id,
                Field::Representative,
                Status::Weak,
                format!("{}. {}", r.subject(lang), r.fix(lang)),
            ));
        }
        // Art. 30(1)(a): a name with no contact details at all (a postal address is one)
        for (who, name, fields) in [
            (
                tr("du responsable", "the controller's"),
                Field::ControllerName,
                &[Field::ControllerContact, Field::ControllerAddress][..],
            ),
            (
                tr("du DPO", "the DPO's"),
                Field::DpoName,
                &[Field::DpoContact][..],
            ),
        ] {
            // « Non désigné (pas d'obligation) » names no one
            let named = text_of(a, name)
                .is_some_and(|n| ropa_model::text::has_content(&n) && !says_none(&n));
            // a name that holds an address (« Riverside Gym Ltd, 9 Bank Road, Cork »),
            // an email or a phone is reachable
            let reachable = fields
                .iter()
                .any(|f| text_of(a, *f).is_some_and(|t| ropa_model::text::has_content(&t)))
                || text_of(a, name).is_some_and(|n| {
                    EMAIL.is_match(&n) || PHONE.is_match(&n) || ADDRESS_IN_NAME.is_match(&n)
                });
            if named && !reachable {
                let r = RuleId::A30_1aContact.rule();
                out.push(raw_finding(
                    a,
                    r.id,
                    fields[0],
                    Status::Empty,
                    match lang {
                        Lang::Fr => format!("Nom {who} sans aucune coordonnée. {}", r.fix(lang)),
                        Lang::En => {
                            format!("{who} name without any contact details. {}", r.fix(lang))
                        }
                    },
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ropa_model::{AnswerValue, DataCategory, Recipient};

    fn activity(fields: Vec<(Field, Value)>) -> Activity {
        let mut a = Activity {
            source: "t.tsv".into(),
            index: 1,
            ..Default::default()
        };
        a.fields.extend(fields);
        a
    }

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    fn answer(text: &str, answer: YesNo, details: &[&str]) -> Value {
        Value::Answer(AnswerValue {
            text: text.into(),
            answer,
            details: details.iter().map(|d| d.to_string()).collect(),
        })
    }

    fn codes(a: &Activity, before: &[Activity]) -> Vec<String> {
        let mut out = Vec::new();
        super::super::check_activity(a, &Default::default(), &mut out);
        let mut seen = Seen::default();
        let mut ignored = Vec::new();
        for b in before {
            check_in_register(b, &mut seen, Lang::Fr, &mut ignored);
        }
        check_in_register(a, &mut seen, Lang::Fr, &mut out);
        out.into_iter().map(|f| f.rule.code().to_string()).collect()
    }

    fn fires(code: &str, a: &Activity, before: &[Activity]) -> bool {
        codes(a, before).iter().any(|c| c == code)
    }

    #[test]
    fn processors_not_recorded() {
        let hosted = activity(vec![(Field::Hosting, text("Serveurs OVH à Roubaix"))]);
        assert!(fires("A28-processors", &hosted, &[]));
        let own = activity(vec![(Field::Hosting, text("Serveur interne au siège"))]);
        assert!(!fires("A28-processors", &own, &[]));
        let recipient = activity(vec![(
            Field::Recipients,
            Value::Recipients(vec![Recipient {
                name: "OVH".into(),
                kind: Some(RecipientKind::Processor),
                role: None,
                data: None,
                entity: None,
            }]),
        )]);
        assert!(fires("A28-processors", &recipient, &[]));
    }

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
        let mut out = Vec::new();
        super::super::check_activity(&copied, &Default::default(), &mut out);
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

    #[test]
    fn purpose_that_is_a_tool() {
        let a = activity(vec![(Field::Purpose, text("Sellsy"))]);
        assert!(fires("purpose-software", &a, &[]));
        let b = activity(vec![(
            Field::Purpose,
            text("Facturation des clients avec Sellsy"),
        )]);
        assert!(!fires("purpose-software", &b, &[]));
    }

    #[test]
    fn duplicates_in_one_register() {
        let fields = || {
            vec![
                (Field::Name, text("Paie")),
                (Field::Purpose, text("Gestion de la paie")),
                (Field::DataSubjects, Value::List(vec!["Salariés".into()])),
            ]
        };
        let first = activity(fields());
        let mut second = activity(fields());
        second.index = 2;
        assert!(fires("duplicate", &second, std::slice::from_ref(&first)));
        let mut other = activity(fields());
        other
            .fields
            .insert(Field::Purpose, text("Gestion des congés"));
        assert!(!fires("duplicate", &other, std::slice::from_ref(&first)));
    }

    fn data(items: &[&str]) -> Value {
        Value::DataCategories(vec![DataCategory {
            details: items.iter().map(|d| d.to_string()).collect(),
            ..Default::default()
        }])
    }

    #[test]
    fn transfers_country_and_tool() {
        let t = |text: &str| activity(vec![(Field::Transfers, answer(text, YesNo::Yes, &[]))]);
        // no country, or a place that is none
        assert!(fires("A30-1e-details", &t("Oui"), &[]));
        assert!(fires("A30-1e-details", &t("Oui, hors UE"), &[]));
        // an adequate country needs no tool; the United States needs DPF or another
        assert!(!fires("A46-tool", &t("Oui, Suisse"), &[]));
        assert!(!fires("A30-1e-details", &t("Oui, Suisse"), &[]));
        assert!(fires("A46-tool", &t("Oui, États-Unis"), &[]));
        assert!(!fires(
            "A46-tool",
            &t("Oui, États-Unis, clauses contractuelles types"),
            &[]
        ));
        assert!(fires("A46-tool", &t("Oui, Inde"), &[]));
        // countries and tools as other languages write them
        for text in [
            "Sì, Stati Uniti: clausole contrattuali standard (SCC)",
            "Sí: Google LLC (EE. UU.), Marco de Privacidad de Datos UE-EE. UU.",
            "Ja – Salesforce (VS): Binding Corporate Rules",
            "USA – a US sub-processor, under SCCs",
        ] {
            assert!(!fires("A30-1e-details", &t(text), &[]), "{text}");
            assert!(!fires("A46-tool", &t(text), &[]), "{text}");
        }
        // invalid tools are refused
        assert!(fires(
            "A46-invalid",
            &t("Oui, États-Unis (Privacy Shield)"),
            &[]
        ));
        assert!(fires("A46-invalid", &t("Oui, Maroc, sans garantie"), &[]));
        // not answered: a warning, never an error
        let silent = activity(vec![(Field::Transfers, answer("N/A", YesNo::Unknown, &[]))]);
        let mut out = Vec::new();
        super::super::check_activity(&silent, &Default::default(), &mut out);
        let f = out.iter().find(|f| f.rule == RuleId::A30_1e).unwrap();
        assert_eq!(f.severity, super::super::Severity::Warning);
    }

    #[test]
    fn a_provider_outside_the_eea_with_no_transfer() {
        let azure = activity(vec![
            (Field::Hosting, text("Microsoft Azure (Europe de l'Ouest)")),
            (Field::Transfers, answer("Non", YesNo::No, &[])),
        ]);
        assert!(fires("A44-provider", &azure, &[]));
        let declared = activity(vec![
            (Field::Hosting, text("Microsoft Azure")),
            (
                Field::Transfers,
                answer("Oui, États-Unis (DPF)", YesNo::Yes, &[]),
            ),
        ]);
        assert!(!fires("A44-provider", &declared, &[]));
        let ovh = activity(vec![(Field::Hosting, text("OVH, Roubaix"))]);
        assert!(!fires("A44-provider", &ovh, &[]));
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
    fn contacts_a_postal_address_is_enough() {
        let postal = activity(vec![
            (Field::ControllerName, text("NEXI Conseils")),
            (Field::ControllerAddress, text("12 rue de la Paix, Paris")),
        ]);
        assert!(!fires("A30-1a-contact", &postal, &[]));
        let bare = activity(vec![(Field::ControllerName, text("NEXI Conseils"))]);
        assert!(fires("A30-1a-contact", &bare, &[]));
        // an address written after the name; a DPO field that says there is none
        let inline = activity(vec![(
            Field::ControllerName,
            text("Riverside Gym Ltd, 9 Bank Road, Cork"),
        )]);
        assert!(!fires("A30-1a-contact", &inline, &[]));
        let no_dpo = activity(vec![
            (
                Field::ControllerName,
                text("Bakkerij De Korenaar B.V., Dorpsstraat 3, Zwolle"),
            ),
            (Field::DpoName, text("niet aangesteld (niet verplicht)")),
        ]);
        assert!(!fires("A30-1a-contact", &no_dpo, &[]));
    }

    #[test]
    fn sensitive_data_is_art_9_art_10_or_nir_only() {
        let no = || (Field::SensitiveData, answer("Non", YesNo::No, &[]));
        let health = activity(vec![
            (Field::DataCategories, data(&["Dyslexie", "Daltonien"])),
            no(),
        ]);
        assert!(fires("A9-mentioned", &health, &[]));
        let nir = activity(vec![
            (Field::DataCategories, data(&["Numéro de sécurité sociale"])),
            no(),
        ]);
        assert!(fires("A9-mentioned", &nir, &[]));
        let yes = activity(vec![
            (Field::DataCategories, data(&["Données de santé"])),
            (Field::SensitiveData, answer("Oui", YesNo::Yes, &[])),
        ]);
        assert!(!fires("A9-mentioned", &yes, &[]));
        // bank and location data are highly personal, not sensitive; a company's are not personal
        let bank = activity(vec![
            (
                Field::DataCategories,
                data(&["Coordonnées bancaires (IBAN)"]),
            ),
            no(),
        ]);
        assert!(!fires("A9-mentioned", &bank, &[]));
        assert!(fires("highly-personal", &bank, &[]));
        let company = activity(vec![
            (
                Field::DataCategories,
                data(&[
                    "Adresse de la société",
                    "Données bancaires de l'établissement",
                ]),
            ),
            no(),
        ]);
        assert!(!fires("A9-mentioned", &company, &[]));
        assert!(!fires("highly-personal", &company, &[]));
    }

    #[test]
    fn minors_without_their_parents() {
        let pupils = activity(vec![(
            Field::DataSubjects,
            Value::List(vec!["Élèves".into()]),
        )]);
        assert!(fires("minors", &pupils, &[]));
        // parents as data subjects are no consent
        let families = activity(vec![(
            Field::DataSubjects,
            Value::List(vec!["Élèves et leurs parents".into()]),
        )]);
        assert!(fires("minors", &families, &[]));
        let authorised = activity(vec![(
            Field::DataCategories,
            data(&[
                "photographies des élèves (si autorisation récoltée auprès des responsables légaux)",
            ]),
        )]);
        assert!(!fires("minors", &authorised, &[]));
        let consented = activity(vec![
            (Field::DataSubjects, Value::List(vec!["Élèves".into()])),
            (
                Field::Information,
                text("Consentement des parents recueilli à l'inscription"),
            ),
        ]);
        assert!(!fires("minors", &consented, &[]));
    }

    #[test]
    fn purposes_of_one_or_two_words() {
        assert!(fires(
            "purpose-vague",
            &activity(vec![(Field::Purpose, text("Bibliothèque"))]),
            &[]
        ));
        assert!(fires(
            "purpose-vague",
            &activity(vec![(Field::Purpose, text("Divers"))]),
            &[]
        ));
        let clear = activity(vec![(
            Field::Purpose,
            text("Gestion des prêts de livres aux adhérents"),
        )]);
        assert!(!fires("purpose-vague", &clear, &[]));
    }

    #[test]
    fn lawful_basis_against_its_context() {
        let basis = |b: Basis, text: &str| {
            Value::Basis(ropa_model::BasisValue {
                text: text.into(),
                basis: Some(b),
                article: None,
            })
        };
        let staff = || (Field::DataSubjects, Value::List(vec!["Salariés".into()]));
        let consent = activity(vec![
            staff(),
            (Field::LegalBasis, basis(Basis::Consent, "Consentement")),
        ]);
        assert!(fires("A6-context", &consent, &[]));
        let contract = activity(vec![
            staff(),
            (
                Field::LegalBasis,
                basis(Basis::Contract, "Contrat de travail"),
            ),
        ]);
        assert!(!fires("A6-context", &contract, &[]));
        let town = activity(vec![
            (Field::ControllerName, text("Mairie de Montclair")),
            (
                Field::LegalBasis,
                basis(Basis::LegitimateInterests, "Intérêt légitime"),
            ),
        ]);
        assert!(fires("A6-context", &town, &[]));
        let firm = activity(vec![
            (Field::ControllerName, text("Kerlann Informatique SAS")),
            (
                Field::LegalBasis,
                basis(Basis::LegitimateInterests, "Intérêt légitime"),
            ),
        ]);
        assert!(!fires("A6-context", &firm, &[]));
        let prospects = activity(vec![
            (Field::DataSubjects, Value::List(vec!["Prospects".into()])),
            (Field::LegalBasis, basis(Basis::Contract, "Contrat")),
        ]);
        assert!(fires("A6-context", &prospects, &[]));
        // a text that gives each group its basis is left alone
        let split = activity(vec![
            (
                Field::DataSubjects,
                Value::List(vec!["Clients et prospects".into()]),
            ),
            (
                Field::LegalBasis,
                basis(
                    Basis::Contract,
                    "Exécution du contrat (clients) / intérêt légitime (prospection)",
                ),
            ),
        ]);
        assert!(!fires("A6-context", &split, &[]));
    }

    #[test]
    fn processors_without_their_contract() {
        let p = || {
            Value::Processors(vec![ropa_model::Processor {
                name: "OVH".into(),
                ..Default::default()
            }])
        };
        let bare = activity(vec![(Field::Processors, p())]);
        assert!(fires("A28-contract", &bare, &[]));
        let signed = activity(vec![
            (Field::Processors, p()),
            (Field::Notes, text("DPA signé le 2023-05-02")),
        ]);
        assert!(!fires("A28-contract", &signed, &[]));
    }

    #[test]
    fn a_controller_outside_the_eea_needs_a_representative() {
        let us = activity(vec![
            (Field::ControllerName, text("Nimbleform Inc.")),
            (
                Field::ControllerAddress,
                text("500 Market Street, San Francisco, USA"),
            ),
        ]);
        assert!(fires("A27-representative", &us, &[]));
        let mut represented = us.clone();
        represented
            .fields
            .insert(Field::Representative, text("Nimbleform EU Rep, Dublin"));
        assert!(!fires("A27-representative", &represented, &[]));
        let lyon = activity(vec![
            (Field::ControllerName, text("Kerlann SAS")),
            (
                Field::ControllerAddress,
                text("12 rue de la République, Lyon, France"),
            ),
        ]);
        assert!(!fires("A27-representative", &lyon, &[]));
    }

    #[test]
    fn a_processors_record_is_checked_against_article_30_2() {
        let role = || {
            (
                Field::RegisterRole,
                text("Processor, acting on the instructions of each client"),
            )
        };
        let payroll = activity(vec![role(), (Field::Name, text("Payroll bureau"))]);
        let got = codes(&payroll, &[]);
        for absent in [
            "A30-1b",
            "A30-1c-subjects",
            "A30-1d",
            "A30-1f",
            "A6-basis",
            "A30-2b",
        ] {
            assert!(!got.iter().any(|c| c == absent), "{absent} in {got:?}");
        }
        assert!(got.iter().any(|c| c == "A30-1g"), "{got:?}");
        let unnamed = activity(vec![role()]);
        assert!(fires("A30-2b", &unnamed, &[]));
        // a controller's record is checked against Art. 30(1)
        let controller = activity(vec![(Field::Name, text("Paie"))]);
        assert!(fires("A30-1b", &controller, &[]));
    }

    #[test]
    fn retention_against_the_references() {
        let kept = |purpose: &str, text_: &str, iso: &str| {
            activity(vec![
                (Field::Purpose, text(purpose)),
                (
                    Field::Retention,
                    Value::Retention(vec![ropa_model::RetentionItem {
                        text: text_.into(),
                        duration: Some(iso.into()),
                        ..Default::default()
                    }]),
                ),
            ])
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
    fn a_joint_controller_needs_contact_details() {
        let bare = activity(vec![(Field::JointController, text("Ville de Montclair"))]);
        assert!(fires("A26-joint", &bare, &[]));
        let reachable = activity(vec![(
            Field::JointController,
            text("Ville de Montclair, 1 place de la Mairie, dpo@montclair.fr"),
        )]);
        assert!(!fires("A26-joint", &reachable, &[]));
        let none = activity(vec![(Field::JointController, text("Aucun"))]);
        assert!(!fires("A26-joint", &none, &[]));
    }
}
