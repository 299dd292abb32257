//! Art. 30(1)(e) and Art. 44–46, transfers outside the EEA: the transfers answered
//! (A30-1e); a declared one with its destination country (A30-1e-details) and a valid
//! tool where no adequacy decision covers it (A46-tool, A46-invalid); and a provider
//! established outside the EEA named while no transfer is declared (A44-provider). One
//! family because they read the transfers answer and the same knowledge of countries,
//! adequacy decisions and transfer tools.

use super::{Ctx, presence, quote_in, texts_of};
use crate::knowledge::{ADEQUACY, PROVIDERS, TOOLS, found};
use crate::{Finding, Law, RuleId, Status};
use ropa_model::{Field, Value, YesNo};
use ropa_normalise::answers::names_country;

/// Art. 30(1)(e): transfers answered; a declared one with its country and its tool.
pub(super) fn transfers(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    let a = c.a;
    match (presence(a, Field::Transfers), a.get(Field::Transfers)) {
        (Some(s), _) => out.push(c.presence_finding(RuleId::A30_1e, Field::Transfers, s)),
        (None, Some(Value::Answer(ans))) if ans.answer == YesNo::Unknown => {
            // a country of the EEA alone (« Pays : France ») is where the data stay; from
            // the UK, the UK alone
            let text = format!("{} {}", ans.text, ans.details.join(" "));
            let stay = match c.law {
                Law::EuGdpr => !found(&text, &ADEQUACY.eea).is_empty() && !names_country(&text),
                Law::UkGdpr => {
                    crate::law::in_the_uk(&text)
                        && found(&text, &ADEQUACY.uk.countries).is_empty()
                        && found(&text, &ADEQUACY.uk.conditional).is_empty()
                }
            };
            if !stay {
                out.push(c.presence_finding(RuleId::A30_1e, Field::Transfers, Status::Weak));
            }
        }
        (None, Some(Value::Answer(ans))) if ans.answer == YesNo::Yes => {
            let text = format!("{} {}", ans.text, ans.details.join(" "));
            transfer_findings(c, &text, out);
        }
        _ => {}
    }
}

/// The findings on a declared transfer: its destination named (a real country, not
/// « hors UE »), an invalid tool (Privacy Shield, « sans garantie »), and no tool for a
/// country without an adequacy decision (none asked for adequate ones).
fn transfer_findings(c: &Ctx<'_>, text: &str, out: &mut Vec<Finding>) {
    let lang = c.lang;
    let (adequate, us) = match c.law {
        Law::EuGdpr => (
            found(text, &ADEQUACY.countries),
            found(text, &ADEQUACY.conditional),
        ),
        Law::UkGdpr => (
            found(text, &ADEQUACY.uk.countries),
            found(text, &ADEQUACY.uk.conditional),
        ),
    };
    // from the UK, the UK itself is no destination (« Yes – UK (AWS London) »)
    let abroad = match c.law {
        Law::EuGdpr => names_country(text),
        Law::UkGdpr => names_country(&crate::law::without_the_uk(text)),
    };
    let country = abroad || !adequate.is_empty() || !us.is_empty();
    if !country {
        let r = c.rule(RuleId::A30_1eDetails);
        let vague = found(text, &TOOLS.not_countries);
        let said = if vague.is_empty() {
            String::new()
        } else {
            format!(" (« {} »)", vague.join(" », « "))
        };
        let message = format!("{}{said}. {}", r.subject(lang), r.fix(lang));
        out.push(c.finding(r.id, Field::Transfers, Status::Weak, message));
    }
    let invalid = found(text, &TOOLS.invalid);
    // from the UK, the EU's clauses are a tool only with the UK Addendum
    let (valid, eu_clauses_alone) = match c.law {
        Law::EuGdpr => (found(text, &TOOLS.valid), false),
        Law::UkGdpr => {
            let uk = found(text, &TOOLS.uk);
            let eu = !found(text, &TOOLS.eu_clauses).is_empty();
            let alone = eu && uk.is_empty();
            (uk, alone)
        }
    };
    if !invalid.is_empty() {
        let r = c.rule(RuleId::A46Invalid);
        // the client's words as written, each once: a name found inside a longer one
        // found too (« bouclier de protection des données » in « … UE-États-Unis ») is
        // the longer one's
        let longest: Vec<&str> = invalid
            .iter()
            .copied()
            .filter(|w| !invalid.iter().any(|o| o.len() > w.len() && o.contains(w)))
            .collect();
        let message = format!(
            "{} : {}. {}",
            r.subject(lang),
            quote_in(text, &longest),
            r.fix(lang)
        );
        out.push(c.finding(r.id, Field::Transfers, Status::Weak, message));
    } else if eu_clauses_alone && country && (adequate.is_empty() || !us.is_empty()) {
        // from the UK, the EU's clauses are a tool only with the UK Addendum, which the
        // record does not name: whether it was signed is to check (a warning: the record
        // names a tool)
        let r = c.rule(RuleId::A46Tool);
        // the clauses as the record names them, by the longest name found
        let clauses: Vec<&str> = found(text, &TOOLS.eu_clauses)
            .into_iter()
            .max_by_key(|c| c.len())
            .into_iter()
            .collect();
        let message = format!(
            "{} : {}. {}",
            c.tr(
                "Transfert restreint sous les clauses contractuelles types de l'UE, sans l'addendum britannique qui seul les rend valables depuis le Royaume-Uni (à vérifier)",
                "Restricted transfer under the EU standard contractual clauses, without the UK Addendum that alone makes them valid from the UK (to check)",
            ),
            quote_in(text, &clauses),
            c.tr(
                "Si l'addendum britannique est signé, notez-le ; sinon, signez-le avec les clauses ou passez à l'IDTA.",
                "If the UK Addendum is signed, record it; if not, sign it with the clauses or move to the IDTA.",
            )
        );
        out.push(c.finding(r.id, Field::Transfers, Status::Weak, message));
    } else if valid.is_empty() && country && (adequate.is_empty() || !us.is_empty()) {
        let r = c.rule(RuleId::A46Tool);
        let us_note = match (us.is_empty(), c.law) {
            (true, _) => "",
            (false, Law::EuGdpr) => c.tr(
                " (les États-Unis ne sont adéquats que pour les entreprises certifiées au Data Privacy Framework)",
                " (the United States is adequate only for companies certified under the Data Privacy Framework)",
            ),
            (false, Law::UkGdpr) => c.tr(
                " (les États-Unis ne sont couverts que pour les entreprises certifiées au titre de l'extension britannique du Data Privacy Framework)",
                " (the United States is covered only for companies certified under the UK Extension to the Data Privacy Framework)",
            ),
        };
        let message = format!("{}{us_note}. {}", r.subject(lang), r.fix(lang));
        out.push(c.finding(r.id, Field::Transfers, Status::Weak, message));
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
    let named = texts_of(
        a,
        &[
            Field::Recipients,
            Field::Processors,
            Field::Hosting,
            Field::Software,
        ],
    );
    let providers = found(&named, &PROVIDERS.names);
    // a provider known by its seat (« CRM en ligne, Boston, Massachusetts ») is quoted
    // by the recipient or processor that names the place, not by the place
    let mut seated: Vec<String> = Vec::new();
    for place in found(&named, &PROVIDERS.places) {
        let item = named
            .split(" ; ")
            .find(|i| format!(" {} ", ropa_model::text::fold(i)).contains(&format!(" {place} ")));
        if let Some(item) = item.map(|i| i.trim().chars().take(90).collect::<String>())
            && !seated.contains(&item)
        {
            seated.push(item);
        }
    }
    if !providers.is_empty() || !seated.is_empty() {
        let r = c.rule(RuleId::A44Provider);
        let mut quoted: Vec<String> = Vec::new();
        if !providers.is_empty() {
            quoted.push(quote_in(&c.written, &providers));
        }
        quoted.extend(
            seated
                .iter()
                .map(|i| format!("« {} »", i.replace(['«', '»'], ""))),
        );
        // a provider seated abroad by its own address is outside, not its group
        let subject = if providers.is_empty() {
            if c.law == crate::law::Law::UkGdpr {
                c.tr(
                    "Prestataire établi hors du Royaume-Uni d'après le lieu cité, sans transfert déclaré (à vérifier)",
                    "Provider established outside the UK by the place given, with no transfer declared (to check)",
                )
            } else {
                c.tr(
                    "Prestataire établi hors EEE d'après le lieu cité, sans transfert déclaré (à vérifier)",
                    "Provider established outside the EEA by the place given, with no transfer declared (to check)",
                )
            }
        } else {
            r.subject(c.lang)
        };
        let message = format!("{subject} : {}. {}", quoted.join(", "), r.fix(c.lang));
        out.push(c.finding(r.id, Field::Transfers, Status::Weak, message));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

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
        // the Privacy Shield under its names in other languages (C-311/18)
        // quoted as the client wrote it, once
        let shield = findings(&t(
            "Oui, États-Unis (bouclier de protection des données UE-États-Unis)",
        ));
        let f = shield
            .iter()
            .find(|f| f.rule == RuleId::A46Invalid)
            .unwrap();
        assert!(
            f.message
                .contains("« bouclier de protection des données UE-États-Unis »")
                && f.message.matches("bouclier").count() == 1,
            "{}",
            f.message
        );
        for text in [
            "Oui, États-Unis (bouclier de protection des données UE-États-Unis)",
            "Ja, USA (EU-US-Datenschutzschild)",
            "Sí, EE. UU. (Escudo de Privacidad)",
            "Sì, Stati Uniti (scudo UE-USA per la privacy)",
            "Ja, Verenigde Staten (EU-VS-privacyschild)",
        ] {
            assert!(fires("A46-invalid", &t(text), &[]), "{text}");
        }
        // the UK and Switzerland are adequate: no tool asked for
        for text in [
            "Oui, Royaume-Uni",
            "Yes, Switzerland",
            "Ja, Verenigd Koninkrijk",
        ] {
            assert!(!fires("A46-tool", &t(text), &[]), "{text}");
        }
        // not answered: a warning, never an error
        let silent = activity(vec![(Field::Transfers, answer("-", YesNo::Unknown, &[]))]);
        let out = findings(&silent);
        let f = out.iter().find(|f| f.rule == RuleId::A30_1e).unwrap();
        assert_eq!(f.severity, Severity::Warning);
    }

    #[test]
    fn a_uk_controller_is_judged_from_the_uk() {
        let from_uk = |said: &str| {
            activity(vec![
                (
                    Field::ControllerAddress,
                    text("Unit 3, 411 Ashton Old Road, Manchester M11 2DL"),
                ),
                (Field::Transfers, answer(said, YesNo::Yes, &[])),
            ])
        };
        // the EEA is covered by the UK's adequacy regulations
        let ireland = from_uk("Yes – Ireland (EEA), the platform's Dublin data centre");
        assert!(!fires("A46-tool", &ireland, &[]));
        assert!(!fires("A30-1e-details", &ireland, &[]));
        // the EU's clauses alone are no tool from the UK; with the UK Addendum they are
        let india = from_uk("Yes – India. Safeguard: EU Standard Contractual Clauses (2021)");
        let out = findings(&india);
        // a tool named, valid from the UK only with the Addendum: to check
        let f = out.iter().find(|f| f.rule == RuleId::A46Tool).unwrap();
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.message.contains("addendum britannique"), "{}", f.message);
        assert_eq!(f.law, crate::Law::UkGdpr);
        assert!(!fires(
            "A46-tool",
            &from_uk("Yes – India, EU SCCs with the UK Addendum"),
            &[]
        ));
        assert!(!fires(
            "A46-tool",
            &from_uk("Yes – India, IDTA signed 2023"),
            &[]
        ));
        // the United States through the UK Extension to the DPF
        assert!(fires("A46-tool", &from_uk("Yes – USA"), &[]));
        assert!(!fires(
            "A46-tool",
            &from_uk("Yes – USA, certified under the UK Extension to the DPF"),
            &[]
        ));
        // the same clauses from the EU are a tool
        let from_eu = activity(vec![
            (
                Field::ControllerAddress,
                text("12 rue Haute, 35000 Rennes, France"),
            ),
            (
                Field::Transfers,
                answer(
                    "Oui – Inde, clauses contractuelles types (2021)",
                    YesNo::Yes,
                    &[],
                ),
            ),
        ]);
        assert!(!fires("A46-tool", &from_eu, &[]));
        // the UK is no destination from the UK
        let uk_dc = from_uk("Yes – UK (AWS London region)");
        assert!(!fires("A46-tool", &uk_dc, &[]));
        assert!(fires(
            "A30-1e-details",
            &from_uk("Yes, outside the UK"),
            &[]
        ));
        // the UK alone is where the data stay
        let home = activity(vec![
            (Field::ControllerAddress, text("Bristol BS8 1TH")),
            (
                Field::Transfers,
                answer("UK data centre", YesNo::Unknown, &[]),
            ),
        ]);
        assert!(!fires("A30-1e", &home, &[]));
    }

    #[test]
    fn not_applicable_and_none_are_answers() {
        // Art. 30(1)(e) asks for transfers « where applicable »: saying there are none,
        // in any language, is the answer
        for (text, answer_is) in [
            ("N/A", YesNo::NotApplicable),
            ("n.v.t.", YesNo::NotApplicable),
            ("keiner", YesNo::No),
            ("Sans objet", YesNo::NotApplicable),
        ] {
            let a = activity(vec![(Field::Transfers, answer(text, answer_is, &[]))]);
            assert!(!fires("A30-1e", &a, &[]), "{text}");
            assert!(!fires("placeholder", &a, &[]), "{text}");
        }
    }

    #[test]
    fn a_country_of_the_eea_or_a_french_name_is_no_transfer() {
        let france = activity(vec![(
            Field::Transfers,
            answer("France", YesNo::Unknown, &[]),
        )]);
        assert!(!fires("A30-1e", &france, &[]));
        let angers = activity(vec![
            (
                Field::Processors,
                text("Cabinet Virginie Moreau (Angers, Maine-et-Loire)"),
            ),
            (Field::Transfers, answer("Non", YesNo::No, &[])),
        ]);
        assert!(!fires("A44-provider", &angers, &[]));
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
        // an unknown provider, seated in the United States by its address
        let boston = activity(vec![
            (
                Field::Processors,
                text("Brightfunnel Inc. (CRM en ligne, Boston, Massachusetts)"),
            ),
            (Field::Transfers, answer("Non", YesNo::No, &[])),
        ]);
        assert!(fires("A44-provider", &boston, &[]));
        let said = findings(&boston)
            .into_iter()
            .find(|f| f.rule == RuleId::A44Provider)
            .map(|f| f.message)
            .unwrap_or_default();
        assert!(said.contains("« Brightfunnel Inc."), "{said}");
        assert!(said.contains("d'après le lieu cité"), "{said}");
        assert!(!said.contains("« Boston »"), "{said}");
        let ovh = activity(vec![(Field::Hosting, text("OVH, Roubaix"))]);
        assert!(!fires("A44-provider", &ovh, &[]));
    }
}
