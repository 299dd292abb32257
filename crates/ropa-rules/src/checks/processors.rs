//! Art. 28, the processors: a provider named (a processor among the recipients, a
//! host) with no processor recorded (A28-processors), and processors recorded with no
//! word of their contract (A28-contract). One family because both turn on whether the
//! record lists processors, and each is quiet when the other speaks.

use super::{Ctx, text_of};
use crate::knowledge::found;
use crate::{Finding, RuleId, Status};
use ropa_model::{Activity, Field, RecipientKind, Value};
use ropa_normalise::answers::has_phrase;

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

/// Whether the record lists at least one processor.
fn has_processors(a: &Activity) -> bool {
    matches!(a.get(Field::Processors), Some(Value::Processors(p)) if !p.is_empty())
}

/// Art. 28(3), good practice: processors recorded with no word of their contract (most
/// often the template has no place for it: said once per source).
pub(super) fn processor_contract(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    // a contract said to be missing is no contract (Art. 28(3))
    let missing: Vec<String> = match c.a.get(Field::Processors) {
        Some(Value::Processors(ps)) => ps
            .iter()
            .filter(|p| {
                p.details
                    .as_deref()
                    .is_some_and(|d| !found(d, CONTRACT_MISSING).is_empty())
            })
            .map(|p| format!("{} ({})", p.name, p.details.as_deref().unwrap_or_default()))
            .collect(),
        _ => Vec::new(),
    };
    let missing = if missing.is_empty() {
        // said in the processors' field itself (a role in brackets, a line of its own)
        let said = text_of(c.a, Field::Processors).unwrap_or_default();
        let words = crate::knowledge::Words::of(&said);
        found(&said, CONTRACT_MISSING)
            .into_iter()
            .map(|w| words.written(w))
            .collect()
    } else {
        missing
    };
    // the register's own list of processors (an annex, a sheet of notes) says more of
    // each: its contract signed, or still missing
    let processors: Vec<String> = match c.a.get(Field::Processors) {
        Some(Value::Processors(ps)) => ps
            .iter()
            .map(|p| format!("{} {}", p.name, p.details.as_deref().unwrap_or_default()))
            .collect(),
        _ => Vec::new(),
    };
    let rows: Vec<Vec<String>> = processors.iter().map(|p| annex_rows(c, p)).collect();
    let mut missing = missing;
    // the register's list itself, once, with the source's first activity: a row that
    // says a processor's contract is missing is an Art. 28(3) gap whichever activity
    // names the processor
    if c.a.index == 1 {
        for e in c.aside {
            if !found(&e.row, CONTRACT_MISSING).is_empty() && !missing.contains(&e.row) {
                missing.push(e.row.clone());
            }
        }
    }
    if (has_processors(c.a) || c.a.index == 1) && !missing.is_empty() {
        out.push(quoted(c, RuleId::A28ContractMissing, &missing));
        return;
    }
    let in_annex = rows.iter().any(|r| !r.is_empty());
    if has_processors(c.a) && !in_annex && found(&c.written, CONTRACT_WORDS).is_empty() {
        let r = c.rule(RuleId::A28Contract);
        let message = format!("{}. {}", r.subject(c.lang), r.fix(c.lang));
        out.push(c.finding(r.id, Field::Processors, Status::Absent, message));
    } else if in_annex {
        // with the register's list at hand, each processor is judged on its own: its
        // own words or its row of the list name its contract
        let uncovered: Vec<String> = processors
            .iter()
            .zip(&rows)
            .filter(|(p, rows)| {
                found(p, CONTRACT_WORDS).is_empty()
                    && !rows.iter().any(|r| !found(r, CONTRACT_WORDS).is_empty())
            })
            // a name quoted in the client's own quotes keeps them as inner ones
            .map(|(p, _)| p.trim().replace('«', "“").replace('»', "”"))
            .collect();
        if !uncovered.is_empty() {
            out.push(quoted(c, RuleId::A28Contract, &uncovered));
        }
    }
}

/// A finding on the processors that quotes the client's words of each.
fn quoted(c: &Ctx<'_>, rule: RuleId, said: &[String]) -> Finding {
    let r = c.rule(rule);
    let message = format!(
        "{} : « {} ». {}",
        r.subject(c.lang),
        said.join(" », « "),
        r.fix(c.lang)
    );
    c.finding(r.id, Field::Processors, Status::Weak, message)
}

/// The rows of the register's text outside its activities (an annex « Liste des
/// sous-traitants », a sheet « Auftragsverarbeiter ») whose first cell names the
/// processor, each as « label value ». A processor is named by its
/// longest distinctive word (« Shopify » in « Shopify International Ltd »), not by the
/// words every company has.
fn annex_rows(c: &Ctx<'_>, processor: &str) -> Vec<String> {
    const COMMON: &[&str] = &[
        "gmbh",
        "ltd",
        "limited",
        "sas",
        "sarl",
        "sasu",
        "inc",
        "llc",
        "plc",
        "bv",
        "nv",
        "spa",
        "srl",
        "sl",
        "kg",
        "ag",
        "service",
        "services",
        "international",
        "group",
        "groupe",
        "gruppe",
        "europe",
        "france",
        "deutschland",
        "solutions",
        "systems",
        "software",
        "cloud",
        "data",
        "conseil",
        "consulting",
        "informatique",
        "prestataire",
        "societe",
        "company",
        "payments",
        "online",
        "the",
        "and",
        "des",
        "les",
        "une",
        "pour",
        "via",
        "von",
        "der",
        "die",
        "und",
        "del",
        "per",
        "van",
        "het",
        "een",
        "avec",
        "with",
    ];
    if c.aside.is_empty() {
        return Vec::new();
    }
    let folded = ropa_model::text::fold(processor);
    let words: Vec<&str> = folded
        .split(' ')
        .filter(|w| w.chars().count() >= 3 && !COMMON.contains(w))
        .collect();
    c.aside
        .iter()
        .filter(|e| words.iter().any(|w| e.label.contains(&format!(" {w} "))))
        .map(|e| e.row.clone())
        .collect()
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
        let r = c.rule(RuleId::A28Processors);
        let message = format!("{}. {}", r.subject(c.lang), r.fix(c.lang));
        out.push(c.finding(r.id, Field::Processors, Status::Absent, message));
    }
}

/// Words that say a processor's contract is missing or unsigned, folded.
const CONTRACT_MISSING: &[&str] = &[
    "en attente de signature",
    "contrat a signer",
    "contrat non signe",
    "pas de contrat",
    "sans contrat",
    "aucun contrat",
    "contrat manquant",
    "contrat en cours de signature",
    "dpa pending",
    "no dpa",
    "no contract",
    "contract pending",
    "not yet signed",
    "unsigned",
    "avv fehlt",
    "avv fehlt noch",
    "kein avv",
    "vertrag fehlt",
    "noch nicht unterschrieben",
    "sin contrato",
    "pendiente de firma",
    "contrato pendiente",
    "senza contratto",
    "contratto da firmare",
    "in attesa di firma",
    "geen verwerkersovereenkomst",
    "nog niet getekend",
    "verwerkersovereenkomst ontbreekt",
];

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
    "accord de traitement",
    "contract",
    "data processing addendum",
    "data processing terms",
    "processing terms",
    "data processing agreement",
    "agreement",
    "avv",
    "auftragsverarbeitungsvertrag",
    "auftragsverarbeitung",
    "vertrag",
    "contrato de encargo",
    "encargo del tratamiento",
    "acuerdo de encargo",
    "contratto",
    "accordo sul trattamento",
    "nomina",
    "verwerkersovereenkomst",
    "overeenkomst",
];

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use ropa_model::Recipient;

    #[test]
    fn the_register_s_list_of_processors_says_their_contracts() {
        let aside = |label: &str, value: &str| ropa_model::Extra {
            label: label.into(),
            value: value.into(),
            place: "Hinweise!A10".into(),
            reason: Default::default(),
        };
        let list = vec![
            aside(
                "Dentaware GmbH",
                "Praxisverwaltungssoftware\tAVV vom 12.01.2021",
            ),
            aside("IT-Service Heide", "Praxis-IT, Backups\tAVV fehlt noch!"),
        ];
        let processors = |names: &[&str]| {
            Value::Processors(
                names
                    .iter()
                    .map(|n| ropa_model::Processor {
                        name: n.to_string(),
                        ..Default::default()
                    })
                    .collect(),
            )
        };
        // a processor whose row names its contract: no « no mention of the contract »
        let a = activity(vec![(Field::Processors, processors(&["Dentaware GmbH"]))]);
        let out = findings_with_aside(&a, &list);
        assert!(
            !out.iter().any(|f| f.rule == RuleId::A28Contract),
            "{out:?}"
        );
        // the row that says the contract is missing, said once with the first activity
        let missing = out
            .iter()
            .find(|f| f.rule == RuleId::A28ContractMissing)
            .expect("the missing contract");
        assert!(
            missing.message.contains("IT-Service Heide"),
            "{}",
            missing.message
        );
        // beside it, a processor the list does not hold and no word of its contract
        let mut b = activity(vec![(
            Field::Processors,
            processors(&["Dentaware GmbH", "Avis Clients SAS"]),
        )]);
        b.index = 2;
        let out = findings_with_aside(&b, &list);
        let f = out.iter().find(|f| f.rule == RuleId::A28Contract).unwrap();
        assert!(f.message.contains("Avis Clients SAS") && !f.message.contains("Dentaware"));
        assert!(!out.iter().any(|f| f.rule == RuleId::A28ContractMissing));
        // a name of three letters finds its row
        let mut ovh = activity(vec![(Field::Processors, processors(&["OVH"]))]);
        ovh.index = 2;
        let out = findings_with_aside(&ovh, &[aside("OVH SAS", "Hébergement\tDPA signé 2022")]);
        assert!(
            !out.iter().any(|f| f.rule == RuleId::A28Contract),
            "{out:?}"
        );
    }

    #[test]
    fn a_contract_said_missing_is_no_contract() {
        use ropa_model::Processor;
        let with = |name: &str, details: Option<&str>| {
            activity(vec![(
                Field::Processors,
                Value::Processors(vec![Processor {
                    name: name.into(),
                    role: None,
                    details: details.map(str::to_string),
                    entity: None,
                }]),
            )])
        };
        let pending = with("Sellsy", Some("contrat en attente de signature"));
        assert!(fires("A28-contract-missing", &pending, &[]));
        assert!(!fires("A28-contract", &pending, &[]));
        let german = with("Lohnbüro Meyer GmbH", Some("AVV fehlt noch"));
        assert!(fires("A28-contract-missing", &german, &[]));
        let signed = with("OVH", Some("DPA signé le 12/03/2023"));
        assert!(!fires("A28-contract-missing", &signed, &[]));
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
}
