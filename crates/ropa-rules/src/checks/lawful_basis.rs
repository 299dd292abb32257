//! Art. 6(1), the lawful basis: there and recognised (A6-basis, A6-basis-unknown; a
//! processor's record needs none, the basis is its controller's), then weighed against
//! who the controller and the data subjects are (A6-context: employees' consent, a
//! public authority's legitimate interests, a contract with people party to none). One
//! family because they read the same parsed basis, and the word lists of who is who are
//! this check's alone.

use super::{Ctx, presence, text_of, texts_of};
use crate::knowledge::found;
use crate::{Finding, RuleId, Status};
use ropa_model::{Basis, Field, Value};

/// Art. 6(1): a recognised legal basis (the controller's to choose, not a processor's).
pub(super) fn legal_basis(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    match (presence(a, Field::LegalBasis), a.get(Field::LegalBasis)) {
        (Some(_), _) if c.processor => {}
        (Some(s), _) => out.push(c.presence_finding(RuleId::A6Basis, Field::LegalBasis, s)),
        // a basis the record leaves to be decided (« Intérêt légitime ou contrat ? à
        // trancher avec le DPO ») is no basis yet, whatever words it names
        (None, Some(Value::Basis(b))) if undecided(&b.text) => {
            let r = c.rule(RuleId::A6Undecided);
            let message = format!(
                "{} : « {} ». {}",
                r.subject(c.lang),
                ropa_model::text::one_line(&b.text),
                r.fix(c.lang)
            );
            out.push(c.finding(r.id, Field::LegalBasis, Status::Weak, message));
        }
        (None, Some(Value::Basis(b))) if b.basis.is_none() => {
            let message = format!(
                "{} « {} » {} {}",
                c.tr("Base légale", "Lawful basis"),
                ropa_model::text::one_line(&b.text),
                c.tr(
                    "non reconnue parmi les six de l'article 6(1).",
                    "is not one of the six of Art. 6(1)."
                ),
                c.rule(RuleId::A6BasisUnknown).fix(c.lang)
            );
            out.push(c.finding(
                RuleId::A6BasisUnknown,
                Field::LegalBasis,
                Status::Weak,
                message,
            ));
        }
        _ => {}
    }
}

/// Whether a text leaves a choice open: a question, or words that put it off (« à
/// trancher », « to be confirmed », « noch zu klären »), in the six languages.
fn undecided(text: &str) -> bool {
    const OPEN: &[&str] = &[
        "a trancher",
        "a valider",
        "a confirmer",
        "a determiner",
        "a definir",
        "en cours de validation",
        "to be decided",
        "to be confirmed",
        "to be agreed",
        "tbc",
        "tbd",
        "noch zu klaren",
        "zu klaren",
        "noch offen",
        "ungeklart",
        "por definir",
        "por confirmar",
        "pendiente de",
        "da definire",
        "da confermare",
        "da valutare",
        "nog te bepalen",
        "nog te bespreken",
        "nog af te stemmen",
        "af te stemmen",
        "nog afstemmen",
        "afstemmen met",
        "a voir avec",
        "a discuter avec",
        "to discuss with",
        "to check with",
        "noch abzustimmen",
        "abzustimmen mit",
        "da concordare",
        "a consultar con",
    ];
    // a question mark that ends a question (« contrat ? », « Consent or contract? »), not
    // one inside a word or an address (« Int?r?t » lost to an encoding, « ?id= »)
    static QUESTION: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| ropa_model::text::re(r"\?(?:\s|$)"));
    QUESTION.is_match(text) || !found(text, OPEN).is_empty()
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
    // one Art. 6(1) letter cited is the basis, whatever else the sentence names (« Art. 6
    // Abs. 1 lit. a, bei Unterzeichnung des Arbeitsvertrags eingeholt »); two bases named
    // outside brackets are the author's own split
    use ropa_normalise::answers::{cited_letters, named_bases, outside_brackets};
    let single_letter = cited_letters(&b.text).len() == 1;
    if !single_letter && named_bases(&outside_brackets(&b.text)).len() > 1 {
        return;
    }
    let subjects = text_of(a, Field::DataSubjects).unwrap_or_default();
    let controller = text_of(a, Field::ControllerName).unwrap_or_default();
    let (rule, what, words) = match basis {
        Basis::Consent => (
            RuleId::A6Context,
            Some(c.tr("consentement de salariés", "employees' consent")),
            found(&subjects, EMPLOYEES),
        ),
        Basis::LegitimateInterests if !found(&controller, PUBLIC_BODIES).is_empty() => (
            RuleId::A6Context,
            Some(c.tr(
                "intérêt légitime invoqué par une autorité publique",
                "legitimate interests claimed by a public authority",
            )),
            found(&controller, PUBLIC_BODIES),
        ),
        // reading or storing on a user's device for advertising needs consent whatever
        // the GDPR basis of what follows (Directive 2002/58/EC, Art. 5(3); in France
        // art. 82 loi Informatique et Libertés; CJEU C-673/17 Planet49)
        // trackers are the ePrivacy Directive's rule, with its own reference and fix
        Basis::LegitimateInterests => (
            RuleId::TrackersConsent,
            None,
            found(
                &texts_of(a, &[Field::Name, Field::Purpose, Field::DataCategories]),
                TRACKERS,
            ),
        ),
        // Art. 6(1)(b) covers the steps taken at the person's request before a contract
        // (« Anbahnung », « mesures précontractuelles »): a prospect who asks is one
        Basis::Contract if found(&basis_text(a), PRE_CONTRACT).is_empty() => (
            RuleId::A6Context,
            Some(c.tr(
                "contrat, pour des personnes qui n'y sont pas parties",
                "contract, for people who are not party to one",
            )),
            found(&subjects, NOT_PARTIES),
        ),
        _ => return,
    };
    if !words.is_empty() {
        let r = c.rule(rule);
        // the client's words as written (« salariés »), not their folded form
        let quoted = super::quote_in(&c.written, &words);
        let said = match what {
            Some(what) => format!("{what} ({quoted})"),
            None => quoted,
        };
        let message = format!("{} : {said}. {}", r.subject(c.lang), r.fix(c.lang));
        out.push(c.finding(r.id, Field::LegalBasis, Status::Weak, message));
    }
}

/// Words of trackers on a user's device used for advertising, folded.
const TRACKERS: &[&str] = &[
    "cookies publicitaires",
    "traceurs publicitaires",
    "pixel",
    "pixels",
    "pixels de suivi",
    "reciblage",
    "retargeting",
    "publicite ciblee",
    "publicite personnalisee",
    "advertising cookies",
    "tracking pixel",
    "tracking pixels",
    "targeted advertising",
    "werbe cookies",
    "tracking cookies",
    "cookies publicitarias",
    "cookie di profilazione",
    "advertentiecookies",
    "tracking cookies",
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

/// The legal basis as the record words it.
fn basis_text(a: &ropa_model::Activity) -> String {
    texts_of(a, &[Field::LegalBasis])
}

/// Words of the steps before a contract that Art. 6(1)(b) covers, folded.
const PRE_CONTRACT: &[&str] = &[
    "precontractuel",
    "precontractuelle",
    "precontractuelles",
    "mesures precontractuelles",
    "pre contractual",
    "precontractual",
    "prior to entering",
    "steps at the request",
    "anbahnung",
    "vorvertraglich",
    "vorvertragliche",
    "vorvertraglichen",
    "medidas precontractuales",
    "precontractuales",
    "misure precontrattuali",
    "precontrattuali",
    "precontractuele",
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

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    fn basis(text: &str, b: Basis) -> Value {
        Value::Basis(ropa_model::BasisValue {
            also: Vec::new(),
            text: text.into(),
            basis: Some(b),
            article: None,
        })
    }

    #[test]
    fn consent_for_staff_named_with_its_contract_and_trackers_on_legitimate_interests() {
        let staff = activity(vec![
            (
                Field::DataSubjects,
                Value::List(vec!["Salariés, stagiaires".into()]),
            ),
            (
                Field::LegalBasis,
                basis(
                    "Consentement des salariés (clause du contrat de travail)",
                    Basis::Consent,
                ),
            ),
        ]);
        assert!(fires("A6-context", &staff, &[]));
        let pixels = activity(vec![
            (
                Field::Purpose,
                text("Dépôt de cookies et de pixels de suivi pour recibler les visiteurs"),
            ),
            (
                Field::LegalBasis,
                basis("Intérêt légitime", Basis::LegitimateInterests),
            ),
        ]);
        // trackers are the ePrivacy Directive's, with its own reference and fix
        assert!(fires("trackers-consent", &pixels, &[]));
        assert!(!fires("A6-context", &pixels, &[]));
        // split by its author: not second-guessed
        let split = activity(vec![
            (Field::DataSubjects, Value::List(vec!["Salariés".into()])),
            (
                Field::LegalBasis,
                basis("Contrat ; consentement pour la photo", Basis::Contract),
            ),
        ]);
        assert!(!fires("A6-context", &split, &[]));
    }

    #[test]
    fn lawful_basis_against_its_context() {
        let basis = |b: Basis, text: &str| {
            Value::Basis(ropa_model::BasisValue {
                also: Vec::new(),
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
        // the steps before a contract, at the person's request, are Art. 6(1)(b)'s
        let booking = activity(vec![
            (
                Field::DataSubjects,
                Value::List(vec!["Interessenten, Patienten".into()]),
            ),
            (
                Field::LegalBasis,
                basis(
                    Basis::Contract,
                    "Art. 6 Abs. 1 lit. b DSGVO (Anbahnung des Behandlungsvertrags)",
                ),
            ),
        ]);
        assert!(!fires("A6-context", &booking, &[]));
    }

    #[test]
    fn a_basis_left_to_decide_is_none_yet() {
        let basis = |b: Basis, text: &str| {
            Value::Basis(ropa_model::BasisValue {
                also: Vec::new(),
                text: text.into(),
                basis: Some(b),
                article: None,
            })
        };
        for said in [
            "Intérêt légitime ou exécution du contrat de travail ? à trancher avec le DPO",
            "Legitimate interests (to be confirmed with the DPO)",
            "Gerechtvaardigd belang, nog af te stemmen met de FG",
            "Wettelijke verplichting (sectorwetgeving) / gerechtvaardigd belang – nog afstemmen met FG",
        ] {
            let a = activity(vec![(
                Field::LegalBasis,
                basis(Basis::LegitimateInterests, said),
            )]);
            assert!(fires("A6-undecided", &a, &[]), "{said}");
        }
        let settled = activity(vec![(
            Field::LegalBasis,
            basis(
                Basis::LegitimateInterests,
                "Intérêt légitime : sécurité des locaux",
            ),
        )]);
        assert!(!fires("A6-undecided", &settled, &[]));
        // a question mark an encoding left inside words asks nothing
        let garbled = activity(vec![(
            Field::LegalBasis,
            basis(Basis::LegitimateInterests, "Int?r?t l?gitime"),
        )]);
        assert!(!fires("A6-undecided", &garbled, &[]));
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
    fn a_lawful_basis_there_and_recognised() {
        let basis = |b: Option<Basis>, text: &str| {
            Value::Basis(ropa_model::BasisValue {
                also: Vec::new(),
                text: text.into(),
                basis: b,
                article: None,
            })
        };
        let none = activity(vec![(Field::Purpose, text("Paie des salariés"))]);
        assert!(fires("A6-basis", &none, &[]));
        let unknown = activity(vec![(Field::LegalBasis, basis(None, "Usage"))]);
        assert!(fires("A6-basis-unknown", &unknown, &[]));
        assert!(!fires("A6-basis", &unknown, &[]));
        let contract = activity(vec![(
            Field::LegalBasis,
            basis(Some(Basis::Contract), "Contrat de travail"),
        )]);
        assert!(!fires("A6-basis", &contract, &[]));
        assert!(!fires("A6-basis-unknown", &contract, &[]));
    }
}
