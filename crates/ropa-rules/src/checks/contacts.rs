//! Art. 30(1)(a) and the articles it points to: who answers for the processing and how
//! to reach them — the controller (A30-1a), a joint controller (A26-joint), a controller
//! or DPO named with no contact details (A30-1a-contact) and the EU representative of a
//! controller established abroad (A27-representative). One family because they read the
//! same name and contact fields and share what makes a name reachable (an email, a
//! phone, an address written after it) or no one (« Non désigné »). The last two are the
//! register's, said once per source with its first activity.

use super::{Ctx, presence, text_of, texts_of};
use crate::knowledge::{ADEQUACY, found};
use crate::rules::pick;
use crate::{Finding, Law, RuleId, Status, raw_finding};
use regex::Regex;
use ropa_model::text::{has_content, is_placeholder, re};
use ropa_model::{Activity, Field, Lang, YesNo};
use ropa_normalise::answers::{has_phrase, names_country};
use std::sync::LazyLock;

/// An email address.
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"[\p{Latin}0-9_.+-]+@[\p{Latin}0-9-]+\.[\p{Latin}0-9.-]+"));
/// A phone number, French or international.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:\+[0-9]{2}\s?|\b0)[0-9](?:[\s.-]?[0-9]{2}){4}\b|\+[0-9][0-9\s.-]{7,}[0-9]")
});
/// A name followed by an address: a comma, then a number (`, 9 Bank Road`, `, Via Roma 8`).
static ADDRESS_IN_NAME: LazyLock<Regex> = LazyLock::new(|| re(r",[^,]*[0-9]"));

/// Whether a name holds a way to reach it: an email, a phone, or an address after it
/// (« Riverside Gym Ltd, 9 Bank Road, Cork »).
fn reachable_in_name(name: &str) -> bool {
    EMAIL.is_match(name) || PHONE.is_match(name) || ADDRESS_IN_NAME.is_match(name)
}

/// Art. 30(1)(a): the controller's name. A name with no contact details is
/// [`named_without_contact`]'s, said once for the register: saying here that « name and
/// contact details » are missing would tell a client the name is missing too.
pub(super) fn controller(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some(s) = presence(c.a, Field::ControllerName) {
        out.push(c.presence_finding(RuleId::A30_1a, Field::ControllerName, s));
    }
}

/// Art. 26(1): a joint controller named with no way to reach it (« Cliquez ici » is a
/// placeholder, « aucun » no one).
pub(super) fn joint_controller(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some(joint) = text_of(c.a, Field::JointController)
        && has_content(&joint)
        && !says_none(&joint)
        && !is_placeholder(&joint)
        && !reachable_in_name(&joint)
    {
        let r = c.rule(RuleId::A26Joint);
        let message = format!("{} : « {joint} ». {}", r.subject(c.lang), r.fix(c.lang));
        out.push(c.finding(r.id, Field::JointController, Status::Weak, message));
    }
}

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
    ) || matches!(
        ropa_normalise::answers::yes_no(text),
        YesNo::No | YesNo::NotApplicable
    )
}

/// Art. 27: a controller whose address is outside the EEA (under the UK GDPR: outside
/// the UK), no representative (the register's: once per source).
pub(super) fn representative(a: &Activity, lang: Lang, law: Law, out: &mut Vec<Finding>) {
    let address = texts_of(
        a,
        &[
            Field::ControllerAddress,
            Field::ControllerName,
            Field::ControllerContact,
        ],
    );
    let abroad = names_country(&address)
        && match law {
            Law::EuGdpr => found(&address, &ADEQUACY.eea).is_empty(),
            Law::UkGdpr => !crate::law::in_the_uk(&address),
        };
    if abroad && text_of(a, Field::Representative).is_none() {
        let r = RuleId::A27Representative.rule_under(law);
        out.push(raw_finding(
            a,
            r.id,
            Field::Representative,
            Status::Weak,
            format!("{}. {}", r.subject(lang), r.fix(lang)),
        ));
    }
}

/// Art. 30(1)(a): the controller's or the DPO's name with no contact details at all (a
/// postal address is one; the register's: once per source).
pub(super) fn named_without_contact(a: &Activity, lang: Lang, out: &mut Vec<Finding>) {
    let tr = |fr: &'static str, en: &'static str| pick([fr, en], lang);
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
        let named = text_of(a, name).is_some_and(|n| has_content(&n) && !says_none(&n));
        let reachable = fields
            .iter()
            .any(|f| text_of(a, *f).is_some_and(|t| has_content(&t)))
            || text_of(a, name).is_some_and(|n| reachable_in_name(&n));
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
                        // « the controller's name… » opens the sentence with a capital
                        let mut said = format!("{who} name is given without any contact details");
                        if let Some(first) = said.get(..1) {
                            let upper = first.to_uppercase();
                            said.replace_range(..1, &upper);
                        }
                        format!("{said}. {}", r.fix(lang))
                    }
                },
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn contacts_a_postal_address_is_enough() {
        let postal = activity(vec![
            (Field::ControllerName, text("NEXI Conseils")),
            (Field::ControllerAddress, text("12 rue de la Paix, Paris")),
        ]);
        assert!(!fires("A30-1a-contact", &postal, &[]));
        let bare = activity(vec![(Field::ControllerName, text("NEXI Conseils"))]);
        assert!(fires("A30-1a-contact", &bare, &[]));
        // a name without contact details is that, not a missing name
        let mut empty_contact = bare.clone();
        empty_contact.format_fields.push(Field::ControllerContact);
        assert!(!fires("A30-1a", &empty_contact, &[]));
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

    #[test]
    fn a_controller_named_and_reachable() {
        let nobody = activity(vec![(Field::Purpose, text("Paie des salariés"))]);
        assert!(fires("A30-1a", &nobody, &[]));
        let postal = activity(vec![
            (Field::ControllerName, text("NEXI Conseils")),
            (Field::ControllerAddress, text("12 rue de la Paix, Paris")),
        ]);
        assert!(!fires("A30-1a", &postal, &[]));
        let mut placeholder = postal.clone();
        placeholder
            .fields
            .insert(Field::ControllerName, text("Cliquez ici"));
        assert!(fires("A30-1a", &placeholder, &[]));
    }
}
