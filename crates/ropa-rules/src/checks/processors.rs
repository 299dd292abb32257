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
        found(&said, CONTRACT_MISSING)
            .into_iter()
            .map(|w| crate::knowledge::as_written(&said, w).unwrap_or_else(|| w.to_string()))
            .collect()
    } else {
        missing
    };
    if has_processors(c.a) && !missing.is_empty() {
        let r = c.rule(RuleId::A28ContractMissing);
        let message = format!(
            "{} : « {} ». {}",
            r.subject(c.lang),
            missing.join(" », « "),
            r.fix(c.lang)
        );
        out.push(c.finding(r.id, Field::Processors, Status::Weak, message));
        return;
    }
    if has_processors(c.a) && found(&c.written, CONTRACT_WORDS).is_empty() {
        let r = c.rule(RuleId::A28Contract);
        let message = format!("{}. {}", r.subject(c.lang), r.fix(c.lang));
        out.push(c.finding(r.id, Field::Processors, Status::Absent, message));
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

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use ropa_model::Recipient;

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
