//! The rules beyond Article 30's list: consistency between fields (a transfer without
//! its country, sensitive data without a DPIA, a provider not recorded as processor), a
//! purpose that is only a tool, duplicates and the register's contacts.

use super::knowledge::{Criterion, SPECIAL, WP248, found};
use super::rules::{by_code, pick};
use super::{Finding, Status, presence, raw_finding};
use crate::Lang;
use crate::model::{Activity, Basis, Field, RecipientKind, Value, YesNo};
use crate::text::{fold, one_line, re};
use regex::Regex;
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

use crate::normalise::answers::has_phrase;

fn text_of(a: &Activity, f: Field) -> Option<String> {
    a.get(f).map(|v| one_line(&v.display_text()))
}

/// The rules that look at one activity alone.
pub fn check(a: &Activity, lang: Lang, out: &mut Vec<Finding>) {
    let tr = |fr: &'static str, en: &'static str| pick([fr, en], lang);
    // every text of the activity, made once for the rules that look at all of them
    let texts: Vec<String> = a.fields.values().flat_map(|v| v.texts()).collect();
    let written = texts.join(" \n ");
    // a purpose that is only a tool's name
    if let Some(purpose) = text_of(a, Field::Purpose) {
        let words = purpose.split_whitespace().count();
        let same_as_software =
            text_of(a, Field::Software).is_some_and(|s| fold(&s) == fold(&purpose));
        let known_tool = SOFTWARE.contains(&fold(&purpose).as_str());
        if words <= 3 && (same_as_software || known_tool) {
            out.push(raw_finding(
                a,
                by_code("purpose-software"),
                Field::Purpose.id(),
                Status::Weak,
                format!(
                    "{} « {purpose} » {} {}",
                    tr("Finalité", "Purpose"),
                    tr(
                        ": ce n'est que le nom d'un outil.",
                        "is only a tool's name."
                    ),
                    by_code("purpose-software").fix(lang)
                ),
            ));
        }
    }
    // a purpose of one or two words, or a catch-all
    if let Some(purpose) = text_of(a, Field::Purpose) {
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
        let folded = fold(&purpose);
        let words = folded
            .split_whitespace()
            .filter(|w| !STOP.contains(w))
            .count();
        let tool = out.iter().any(|f| f.rule == "purpose-software");
        if !tool && (words <= 2 || CATCH_ALL.contains(&folded.as_str())) {
            let r = by_code("purpose-vague");
            out.push(raw_finding(
                a,
                r,
                Field::Purpose.id(),
                Status::Weak,
                format!("« {purpose} » : {}. {}", r.subject(lang), r.fix(lang)),
            ));
        }
    }
    // the lawful basis against who the controller and the data subjects are
    // (only a text that names one basis: « contrat pour les clients ; intérêt légitime
    // pour les prospects » is already split by its author)
    if let Some(Value::Basis(b)) = a.get(Field::LegalBasis)
        && let Some(basis) = b.basis
        && crate::normalise::answers::named_bases(&b.text).len() <= 1
    {
        let subjects = text_of(a, Field::DataSubjects).unwrap_or_default();
        let controller = text_of(a, Field::ControllerName).unwrap_or_default();
        let why: Option<String> = match basis {
            Basis::Consent => {
                let w = found(&subjects, EMPLOYEES);
                (!w.is_empty()).then(|| {
                    format!(
                        "{} ({})",
                        tr("consentement de salariés", "employees' consent"),
                        w.join(", ")
                    )
                })
            }
            Basis::LegitimateInterests => {
                let w = found(&controller, PUBLIC_BODIES);
                (!w.is_empty()).then(|| {
                    format!(
                        "{} ({})",
                        tr(
                            "intérêt légitime invoqué par une autorité publique",
                            "legitimate interests claimed by a public authority"
                        ),
                        w.join(", ")
                    )
                })
            }
            Basis::Contract => {
                let w = found(&subjects, NOT_PARTIES);
                (!w.is_empty()).then(|| {
                    format!(
                        "{} ({})",
                        tr(
                            "contrat, pour des personnes qui n'y sont pas parties",
                            "contract, for people who are not party to one"
                        ),
                        w.join(", ")
                    )
                })
            }
            _ => None,
        };
        if let Some(why) = why {
            let r = by_code("A6-context");
            out.push(raw_finding(
                a,
                r,
                Field::LegalBasis.id(),
                Status::Weak,
                format!("{} : {why}. {}", r.subject(lang), r.fix(lang)),
            ));
        }
    }
    // processors recorded with no word of their contract
    // (most often the template has no place for it: said once per source)
    if matches!(a.get(Field::Processors), Some(Value::Processors(p)) if !p.is_empty())
        && found(&written, CONTRACT_WORDS).is_empty()
    {
        let r = by_code("A28-contract");
        out.push(raw_finding(
            a,
            r,
            Field::Processors.id(),
            Status::Absent,
            format!("{}. {}", r.subject(lang), r.fix(lang)),
        ));
    }
    // retention against the references for common purposes: the shortest period, or
    // one about that data, beyond the benchmark
    if let Some(Value::Retention(items)) = a.get(Field::Retention) {
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
            // a period about that data (its « données concernées »), else the shortest
            // of an activity about it: a text split wrongly never decides
            let beyond = timed
                .iter()
                .find(|(d, _, data)| *d > max && !found(data, &b.words).is_empty())
                .or_else(|| {
                    timed
                        .iter()
                        .find(|(d, ..)| about && Some(*d) == shortest && *d > max)
                });
            if let Some((_, said, _)) = beyond {
                let r = by_code("A5-retention-benchmark");
                let reference = if lang == Lang::Fr { &b.fr } else { &b.en };
                out.push(raw_finding(
                    a,
                    r,
                    Field::Retention.id(),
                    Status::Weak,
                    format!(
                        "{} : « {} » ; {reference}. {}",
                        r.subject(lang),
                        one_line(said).trim(),
                        r.fix(lang)
                    ),
                ));
                break;
            }
        }
    }
    // a joint controller named with no way to reach it (« Cliquez ici » is a placeholder)
    if let Some(joint) = text_of(a, Field::JointController)
        && crate::text::has_content(&joint)
        && !says_none(&joint)
        && !crate::text::is_placeholder(&joint)
        && !(EMAIL.is_match(&joint) || PHONE.is_match(&joint) || ADDRESS_IN_NAME.is_match(&joint))
    {
        let r = by_code("A26-joint");
        out.push(raw_finding(
            a,
            r,
            Field::JointController.id(),
            Status::Weak,
            format!("{} : « {joint} ». {}", r.subject(lang), r.fix(lang)),
        ));
    }
    // a provider named but no processor recorded
    let has_processors =
        matches!(a.get(Field::Processors), Some(Value::Processors(p)) if !p.is_empty());
    if !has_processors {
        let in_recipients = matches!(a.get(Field::Recipients), Some(Value::Recipients(r))
            if r.iter().any(|x| x.kind == Some(RecipientKind::Processor)));
        let in_hosting = text_of(a, Field::Hosting).is_some_and(|h| has_phrase(&h, HOSTS));
        if in_recipients || in_hosting {
            let r = by_code("A28-processors");
            out.push(raw_finding(
                a,
                r,
                Field::Processors.id(),
                Status::Absent,
                format!("{}. {}", r.subject(lang), r.fix(lang)),
            ));
        }
    }
    let sensitive = match a.get(Field::SensitiveData) {
        Some(Value::Answer(ans)) => ans.answer,
        _ => YesNo::Unknown,
    };
    let data = client_data_items(a);
    // the words that triggered a finding, quoted as the client wrote them
    let quote = |words: &[&str]| {
        let quoted: Vec<String> = words
            .iter()
            .map(|w| super::knowledge::as_written(&written, w).unwrap_or_else(|| w.to_string()))
            .collect();
        format!("« {} »", quoted.join(" », « "))
    };
    // Art. 9, Art. 10 or NIR words in the data, the sensitive-data answer says no or nothing
    let special: Vec<&str> = data
        .iter()
        .flat_map(|d| {
            [&SPECIAL.art9, &SPECIAL.art10, &SPECIAL.nir]
                .into_iter()
                .flat_map(move |list| found(d, list))
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if sensitive != YesNo::Yes && !special.is_empty() {
        let r = by_code("A9-mentioned");
        let answer = match a.get(Field::SensitiveData) {
            Some(v) => format!(
                "{} « {} »",
                tr(
                    "la rubrique « données sensibles » dit",
                    "the sensitive-data answer says"
                ),
                one_line(&v.display_text())
            ),
            None => tr(
                "la rubrique « données sensibles » ne dit rien",
                "the sensitive-data answer says nothing",
            )
            .to_string(),
        };
        out.push(raw_finding(
            a,
            r,
            Field::SensitiveData.id(),
            Status::Weak,
            format!(
                "{} {} ; {answer}. {}",
                tr(
                    "Les catégories de données mentionnent",
                    "The data categories mention"
                ),
                quote(&special),
                r.fix(lang)
            ),
        ));
    }
    // financial or location data of people (not of a company): WP248 criterion 4
    let highly: Vec<&str> = highly_personal(a);
    if !highly.is_empty() {
        let r = by_code("highly-personal");
        out.push(raw_finding(
            a,
            r,
            Field::DataCategories.id(),
            Status::Weak,
            format!("{} : {}. {}", r.subject(lang), quote(&highly), r.fix(lang)),
        ));
    }
    // DPIA screening: two WP248 criteria or more, and no DPIA recorded
    let criteria = wp248_criteria(
        a,
        sensitive == YesNo::Yes || !special.is_empty(),
        !highly.is_empty(),
    );
    let dpia_recorded = text_of(a, Field::Dpia).is_some_and(|d| {
        !crate::text::is_placeholder(&d) && crate::normalise::answers::yes_no(&d) != YesNo::No
            || d.split_whitespace().count() > 2
    });
    if criteria.len() >= 2 && !dpia_recorded {
        let r = by_code("A35-dpia");
        let named: Vec<String> = criteria
            .iter()
            .map(|(c, words)| {
                let name = if lang == Lang::Fr { &c.fr } else { &c.en };
                if words.is_empty() {
                    name.clone()
                } else {
                    format!("{name} ({})", quote(words))
                }
            })
            .collect();
        out.push(raw_finding(
            a,
            r,
            Field::Dpia.id(),
            presence(a, Field::Dpia).unwrap_or(Status::Weak),
            format!(
                "{} : {}. {}",
                r.subject(lang),
                named.join(" ; "),
                r.fix(lang)
            ),
        ));
    }
    // children's data with no word of their parents
    let subjects = [
        Field::DataSubjects,
        Field::DataCategories,
        Field::Purpose,
        Field::Name,
    ]
    .iter()
    .filter_map(|f| text_of(a, *f))
    .collect::<Vec<_>>()
    .join(" ; ");
    let minors = found(&subjects, MINORS);
    if !minors.is_empty() {
        // parents named as data subjects or as a source are no consent: a text must
        // name them with their consent or their information
        let consented = texts
            .iter()
            .any(|t| !found(t, PARENTS).is_empty() && !found(t, CONSENT_WORDS).is_empty());
        if !consented {
            let r = by_code("minors");
            out.push(raw_finding(
                a,
                r,
                Field::DataSubjects.id(),
                Status::Weak,
                format!("{} : {}. {}", r.subject(lang), quote(&minors), r.fix(lang)),
            ));
        }
    }
    // a provider established outside the EEA, no transfer declared
    let transfer_declared =
        matches!(a.get(Field::Transfers), Some(Value::Answer(t)) if t.answer == YesNo::Yes);
    if !transfer_declared {
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
            let r = by_code("A44-provider");
            out.push(raw_finding(
                a,
                r,
                Field::Transfers.id(),
                Status::Weak,
                format!(
                    "{} : {}. {}",
                    r.subject(lang),
                    quote(&providers),
                    r.fix(lang)
                ),
            ));
        }
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
    ) || crate::normalise::answers::yes_no(text) == YesNo::No
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
fn highly_personal(a: &Activity) -> Vec<&'static str> {
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
        let r = by_code("duplicate");
        out.push(raw_finding(
            a,
            r,
            Field::Name.id(),
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
        let abroad = crate::normalise::answers::names_country(&address)
            && found(&address, &super::knowledge::ADEQUACY.eea).is_empty();
        if abroad && text_of(a, Field::Representative).is_none() {
            let r = by_code("A27-representative");
            out.push(raw_finding(
                a,
                r,
                Field::Representative.id(),
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
            let named =
                text_of(a, name).is_some_and(|n| crate::text::has_content(&n) && !says_none(&n));
            // a name that holds an address (« Riverside Gym Ltd, 9 Bank Road, Cork »),
            // an email or a phone is reachable
            let reachable = fields
                .iter()
                .any(|f| text_of(a, *f).is_some_and(|t| crate::text::has_content(&t)))
                || text_of(a, name).is_some_and(|n| {
                    EMAIL.is_match(&n) || PHONE.is_match(&n) || ADDRESS_IN_NAME.is_match(&n)
                });
            if named && !reachable {
                let r = by_code("A30-1a-contact");
                out.push(raw_finding(
                    a,
                    r,
                    fields[0].id(),
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
    use crate::model::{AnswerValue, DataCategory, Recipient};

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
        out.into_iter().map(|f| f.rule).collect()
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
        let f = out.iter().find(|f| f.rule == "A30-1e").unwrap();
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
            Value::Basis(crate::model::BasisValue {
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
            Value::Processors(vec![crate::model::Processor {
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
                    Value::Retention(vec![crate::model::RetentionItem {
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
