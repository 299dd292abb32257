//! Recipients and processors: names split from lists, the role in brackets read, the
//! kind (internal, external, processor) told from the heading or the role.

use super::Piece;
use regex::Regex;
use ropa_model::text::{fold, re, split_list, strip_markup};
use ropa_model::{Processor, Recipient, RecipientKind};
use std::sync::LazyLock;

/// A closing bracket and the space after it, where a list run together is cut
/// (`A (x) B (y)`); not before a dash, which opens the description of the name before it.
static AFTER_BRACKET: LazyLock<Regex> = LazyLock::new(|| re(r"\)\s+(?:[^—–\-(\s]|$)"));
/// `Name (where) — what it does`: the description after a bracketed qualifier.
static DESCRIBED: LazyLock<Regex> = LazyLock::new(|| re(r"^(.*?)\s*\(([^()]*)\)\s*[—–-]\s+(.+)$"));
static TRAILING_ROLE: LazyLock<Regex> = LazyLock::new(|| re(r"^(.*?)\s*\(([^()]*)\)\s*$"));
static REGISTRATION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bBP\s*[0-9]|\b[0-9]{5}\b|\bRCS\b|\bSIRE[NT]\b|\bcedex\b"));

/// Names in a text: list items, then a split after each closing bracket (`A (x) B (y)`).
fn names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for item in split_list(text) {
        let mut last = 0;
        // the pattern needs a closing bracket
        let splits = item
            .contains(')')
            .then(|| AFTER_BRACKET.find_iter(&item))
            .into_iter()
            .flatten();
        for m in splits {
            out.push(item[last..m.start() + 1].trim().to_string());
            // the match ends on the first character of the next name
            last = m.end()
                - item[..m.end()]
                    .chars()
                    .next_back()
                    .map_or(0, char::len_utf8);
        }
        let tail = item[last..].trim();
        if ropa_model::text::has_content(tail) {
            out.push(tail.to_string());
        }
    }
    out
}

/// `OVH (hébergeur, sous-traitant)` → (`OVH`, `hébergeur, sous-traitant`).
fn name_and_role(item: &str) -> (String, Option<String>) {
    // both patterns need a closing bracket
    if !item.contains(')') {
        return (item.trim().to_string(), None);
    }
    if let Some(c) = DESCRIBED.captures(item)
        && ropa_model::text::has_content(&c[1])
    {
        return (
            c[1].trim().to_string(),
            Some(format!("{} — {}", c[2].trim(), c[3].trim())),
        );
    }
    match TRAILING_ROLE.captures(item) {
        Some(c) if ropa_model::text::has_content(&c[1]) => {
            (c[1].trim().to_string(), Some(c[2].trim().to_string()))
        }
        _ => (item.trim().to_string(), None),
    }
}

fn is_processor_role(role: &str) -> bool {
    let f = fold(role);
    f.contains("sous traitant")
        || f.contains("processor")
        || f.contains("hebergeur")
        || f.contains("prestataire")
}

/// The kind a heading or part names (`Destinataires internes`, `Organismes externes`).
fn kind_of(qualifier: &str) -> Option<RecipientKind> {
    let f = fold(qualifier);
    let has = |words: &[&str]| words.iter().any(|w| f.contains(w));
    // the processor's names in the six languages (the Italian text calls it the
    // « responsabile », the French « responsable » is a controller)
    if has(&[
        "sous traitant",
        "processor",
        "auftragsverarbeit",
        "encargado",
        "responsabile",
        "verwerker",
    ]) {
        Some(RecipientKind::Processor)
    } else if f.contains("intern") {
        Some(RecipientKind::Internal)
    } else if has(&[
        "extern",
        "tiers",
        "third",
        "controller",
        "dritt",
        "terz",
        "tercer",
        "derde",
        "titolare",
        "verantwortlich",
        "responsable du traitement",
        "responsable de traitement",
    ]) {
        Some(RecipientKind::External)
    } else {
        None
    }
}

/// A recipient named as a team of the organisation (`Support technique et commercial`,
/// `Service comptabilité`) is internal.
fn internal_by_name(name: &str) -> Option<RecipientKind> {
    const TEAMS: [&str; 12] = [
        "service",
        "support",
        "equipe",
        "direction",
        "pole",
        "departement",
        "personnel",
        "salarie",
        "administrat",
        "comptabilite",
        "ressources humaines",
        "staff",
    ];
    let f = fold(name);
    TEAMS
        .iter()
        .any(|t| f.starts_with(t))
        .then_some(RecipientKind::Internal)
}

/// Processors named among recipients (`OVH (hébergeur, sous-traitant)`), for the
/// processors field of an activity that has none of its own or lacks these.
pub fn processors_among(recipients: &[Recipient], known: &[Processor]) -> Vec<Processor> {
    recipients
        .iter()
        .filter(|r| r.kind == Some(RecipientKind::Processor))
        .filter(|r| !known.iter().any(|p| fold(&p.name) == fold(&r.name)))
        .map(|r| Processor {
            name: r.name.clone(),
            role: r.role.clone(),
            details: None,
            entity: None,
        })
        .collect()
}

/// Recipients from their pieces: a sub-row names recipients in its label and the data
/// they receive in its text; otherwise the text is the list of recipients.
pub fn recipients(pieces: &[Piece]) -> Vec<Recipient> {
    let mut out = Vec::new();
    for p in pieces {
        let qualifier = p.part.as_deref().or(p.option.as_deref());
        let (list, data) = match &p.sublabel {
            Some(sub) => (sub.as_str(), Some(p.text.as_str())),
            None => (p.text.as_str(), None),
        };
        let data = data
            .map(|d| split_list(d).join(", "))
            .filter(|d| !d.is_empty());
        for item in names(list) {
            let (name, role) = name_and_role(&item);
            let kind = role
                .as_deref()
                .filter(|r| is_processor_role(r))
                .map(|_| RecipientKind::Processor)
                .or_else(|| qualifier.and_then(kind_of));
            let kind = kind.or_else(|| internal_by_name(&name));
            out.push(Recipient {
                name,
                kind,
                role,
                data: data.clone(),
                entity: None,
            });
        }
    }
    out
}

/// Whether a text is a note on a processor's contract (« contrat en attente de
/// signature », « AVV fehlt noch », « DPA signed 2023 »), not a name.
pub fn is_contract_note(text: &str) -> bool {
    const CONTRACT: &[&str] = &[
        "contrat",
        "contract",
        "dpa",
        "avv",
        "auftragsverarbeitungsvertrag",
        "vertrag",
        "verwerkersovereenkomst",
        "contrato",
        "contratto",
        "clauses",
        "avenant",
    ];
    const STATUS: &[&str] = &[
        "signe",
        "signed",
        "unterschrieben",
        "fehlt",
        "pending",
        "en attente",
        "manque",
        "missing",
        "absent",
        "a signer",
        "to be signed",
        "pendiente",
        "firmado",
        "firmato",
        "ontbreekt",
        "getekend",
        "in corso",
    ];
    let f = fold(text);
    let first = f.split(' ').next().unwrap_or_default();
    // « Contrat de maintenance signé : Axians » names a processor after its colon
    let names_one = text
        .split_once(':')
        .is_some_and(|(_, after)| ropa_model::text::has_content(after))
        || f.split(' ')
            .any(|w| ropa_model::lexicon::LEGAL_FORMS.contains(&w));
    !names_one
        && ropa_model::lexicon::any(text, CONTRACT)
        && (CONTRACT.contains(&first) || ropa_model::lexicon::any(text, STATUS))
}

/// Processors from their pieces; the role comes from the brackets, the mapping's part,
/// or a label that names one (`Hébergeur des données`).
pub fn processors(pieces: &[Piece]) -> Vec<Processor> {
    let mut out = Vec::new();
    for p in pieces {
        let label_role = if fold(&p.label).contains("heberg") {
            Some("hébergeur".to_string())
        } else {
            p.part.clone()
        };
        let source = p.sublabel.as_deref().unwrap_or(&p.text);
        for item in names(&strip_markup(source)) {
            // a note on the contract of the processor before it (« AVV fehlt noch »), a
            // line or a dash away, is no processor of its own
            if is_contract_note(&item)
                && let Some(last) = out.last_mut()
            {
                let last: &mut Processor = last;
                last.details = Some(match last.details.take() {
                    Some(d) => format!("{d} ; {}", item.trim()),
                    None => item.trim().to_string(),
                });
                continue;
            }
            let (name, role) = name_and_role(&item);
            let dash = [" - ", " – ", " — "]
                .iter()
                .find_map(|d| name.split_once(d));
            let (name, details) = match dash {
                Some((head, rest)) if REGISTRATION.is_match(rest) || is_contract_note(rest) => {
                    (head.trim().to_string(), Some(rest.trim().to_string()))
                }
                _ => (name, None),
            };
            out.push(Processor {
                name,
                role: role.or_else(|| label_role.clone()),
                details,
                entity: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ropa_model::Place;

    fn piece(sub: Option<&str>, text: &str, option: Option<&str>) -> Piece {
        Piece {
            label: "Destinataires".into(),
            sublabel: sub.map(str::to_string),
            option: option.map(str::to_string),
            text: text.into(),
            part: None,
            group: None,
            place: Place::Line(1),
        }
    }

    #[test]
    fn roles_in_brackets_make_processors() {
        let r = recipients(&[piece(
            Some("Microsoft Azure (hébergeur, sous-traitant)"),
            "Fichiers images",
            None,
        )]);
        assert_eq!(r[0].name, "Microsoft Azure");
        assert_eq!(r[0].role.as_deref(), Some("hébergeur, sous-traitant"));
        assert_eq!(r[0].kind, Some(RecipientKind::Processor));
        assert_eq!(r[0].data.as_deref(), Some("Fichiers images"));
    }

    #[test]
    fn several_names_after_brackets_and_headings_give_the_kind() {
        let r = recipients(&[piece(
            Some(" Sellsy (facturation, sous-traitant) Capeos (comptabilité, sous-traitant) "),
            "Adresse postale",
            None,
        )]);
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].name, "Capeos");
        let r = recipients(&[piece(
            None,
            "1. Commerciaux\n2. Administratifs",
            Some("Destinataires internes"),
        )]);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].kind, Some(RecipientKind::Internal));
    }

    #[test]
    fn a_description_after_the_bracket_stays_with_its_name() {
        let r = recipients(&[piece(
            None,
            "Clever Nuage SAS (France) — hébergement\nBrevio (Sendo) (France) – envoi des courriels\nOVH (hébergeur) Mailjet (routage)",
            None,
        )]);
        let named: Vec<(&str, Option<&str>)> = r
            .iter()
            .map(|x| (x.name.as_str(), x.role.as_deref()))
            .collect();
        assert_eq!(
            named,
            [
                ("Clever Nuage SAS", Some("France — hébergement")),
                ("Brevio (Sendo)", Some("France — envoi des courriels")),
                ("OVH", Some("hébergeur")),
                ("Mailjet", Some("routage")),
            ]
        );
    }

    #[test]
    fn a_note_on_the_contract_is_no_processor() {
        let p = |t: &str| processors(&[piece(None, t, None)]);
        let out = p("Sellsy - contrat en attente de signature");
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].name, "Sellsy");
        assert_eq!(
            out[0].details.as_deref(),
            Some("contrat en attente de signature")
        );
        let out = p("Lohnbüro Meyer GmbH\nAVV fehlt noch");
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].details.as_deref(), Some("AVV fehlt noch"));
        // two processors stay two, a contract line naming one too
        assert_eq!(p("OVH\nSellsy").len(), 2);
        assert_eq!(
            p("OVH – DPA signé\nContrat de maintenance signé : Axians").len(),
            2
        );
    }

    #[test]
    fn processor_name_and_registration_details() {
        let mut p = piece(
            None,
            "Scaleway SAS - BP 438 - 75366 Paris CEDEX 08 - RCS Paris B 433 115 904",
            None,
        );
        p.label = "Hébergeur des données".into();
        let out = processors(&[p]);
        assert_eq!(out[0].name, "Scaleway SAS");
        assert_eq!(out[0].role.as_deref(), Some("hébergeur"));
        assert!(
            out[0]
                .details
                .as_deref()
                .unwrap_or("")
                .contains("RCS Paris")
        );
    }
}
