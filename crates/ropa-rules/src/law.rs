//! Which law a register is judged under. Since 1 January 2021 a controller established
//! in the United Kingdom answers to the UK GDPR (the retained Regulation, as amended by
//! the Data Protection Act 2018 and the Data (Use and Access) Act 2025), not to the EU
//! GDPR: the articles keep their numbers, but transfers are « restricted transfers » out
//! of the UK, judged against the UK's adequacy regulations and its own tools (IDTA, UK
//! Addendum), and the representative of Art. 27 is a UK one. A fact of the register,
//! decided once per source from where its controller is.

use ropa_model::text::{fold, re};
use ropa_model::{Activity, Field, Lang};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// The law a register is judged under.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Law {
    /// Regulation (EU) 2016/679.
    #[default]
    EuGdpr,
    /// The UK GDPR, for a controller established in the United Kingdom.
    UkGdpr,
}

impl Law {
    /// Whether it is the EU GDPR (the default, left out of gaps.json).
    pub fn is_eu(&self) -> bool {
        *self == Law::EuGdpr
    }

    /// The law's name as a report writes it.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Law::EuGdpr, Lang::Fr) => "RGPD (règlement (UE) 2016/679)",
            (Law::EuGdpr, Lang::En) => "GDPR (Regulation (EU) 2016/679)",
            (Law::UkGdpr, Lang::Fr) => {
                "UK GDPR (RGPD britannique et Data Protection Act 2018 ; mêmes numéros d'articles)"
            }
            (Law::UkGdpr, Lang::En) => {
                "UK GDPR (with the Data Protection Act 2018; same article numbers)"
            }
        }
    }
}

/// The United Kingdom and its nations as registers write them, folded.
const UK_NAMES: &[&str] = &[
    "united kingdom",
    "uk",
    "u k",
    "great britain",
    "england",
    "scotland",
    "wales",
    "northern ireland",
    "royaume uni",
    "angleterre",
    "ecosse",
    "pays de galles",
    "irlande du nord",
    "vereinigtes konigreich",
    "grossbritannien",
    "reino unido",
    "regno unito",
    "verenigd koninkrijk",
];

/// A UK domain in an email or web address (`.co.uk`, `.org.uk`, `.nhs.uk`).
static UK_DOMAIN: LazyLock<regex::Regex> =
    LazyLock::new(|| re(r"(?i)\.(?:co|org|gov|ac|nhs|ltd|plc|me|net|sch|police)\.uk\b"));

/// Whether a text places someone in the United Kingdom: its name or a nation's, a UK
/// postcode or a UK domain.
pub fn in_the_uk(text: &str) -> bool {
    // « New South Wales » and « New England » are no nations of the UK
    let elsewhere = ["new south wales", "new england"]
        .iter()
        .fold(fold(text), |t, p| t.replace(p, " "));
    ropa_model::lexicon::any(&elsewhere, UK_NAMES)
        || ropa_model::text::has_uk_postcode(text)
        || (has_uk_tld(text) && UK_DOMAIN.is_match(text))
}

/// Whether a text holds `.uk` in any case: the pattern of a UK domain is built and run
/// only then.
fn has_uk_tld(text: &str) -> bool {
    text.as_bytes().windows(3).any(|w| {
        w[0] == b'.' && w[1].eq_ignore_ascii_case(&b'u') && w[2].eq_ignore_ascii_case(&b'k')
    })
}

/// The text without the names of the United Kingdom and its nations, folded: what is
/// left names another country or none.
pub fn without_the_uk(text: &str) -> String {
    let mut f = format!(" {} ", fold(text));
    for name in UK_NAMES {
        f = f.replace(&format!(" {name} "), " ");
    }
    f.trim().to_string()
}

/// What one activity says of where its controller is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Seat {
    /// The United Kingdom named, a UK postcode or domain, or « UK GDPR » written.
    uk: bool,
    /// A country of the EEA named in the controller's name, address or contact.
    eea: bool,
}

/// Where an activity's controller is, by its name, address and contact (« UK GDPR »
/// said there too).
fn seat(a: &Activity) -> Seat {
    let who: Vec<String> = [
        Field::ControllerName,
        Field::ControllerAddress,
        Field::ControllerContact,
    ]
    .iter()
    .filter_map(|f| a.get(*f))
    .flat_map(|v| v.texts())
    .collect();
    let who = who.join(" ; ");
    let folded = fold(&who);
    let eea = !crate::knowledge::found(&who, &crate::knowledge::ADEQUACY.eea).is_empty();
    // « UK GDPR » said of the controller (« … Ltd, registered under the UK GDPR »), not
    // anywhere: « Royaume-Uni (adéquation UK GDPR) » is a French controller's transfer
    let uk = in_the_uk(&who) || folded.contains("uk gdpr");
    // « Ireland » alone is the EEA; « Northern Ireland » is the UK
    let northern_ireland = folded.contains("northern ireland") && !folded.contains(" republic");
    let eea = eea && !northern_ireland;
    Seat { uk, eea }
}

/// The law of one source's activities: the UK GDPR when its controller is shown to be in
/// the UK and nowhere in the EEA, the EU GDPR otherwise (the default, also when nothing
/// says where the controller is).
pub fn of_source<'a>(activities: impl IntoIterator<Item = &'a Activity>) -> Law {
    let mut uk = false;
    for a in activities {
        let s = seat(a);
        if s.eea && !s.uk {
            return Law::EuGdpr;
        }
        uk |= s.uk && !s.eea;
    }
    if uk { Law::UkGdpr } else { Law::EuGdpr }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ropa_model::Value;

    fn controller(name: &str, address: &str) -> Activity {
        let mut a = Activity {
            source: "r.csv".into(),
            index: 1,
            ..Default::default()
        };
        a.fields
            .extend([(Field::ControllerName, Value::Text(name.into()))]);
        if !address.is_empty() {
            a.fields
                .extend([(Field::ControllerAddress, Value::Text(address.into()))]);
        }
        a
    }

    #[test]
    fn a_controller_in_the_uk_is_judged_under_the_uk_gdpr() {
        for (name, address) in [
            ("Pennine Bikes Ltd", "14 Canal Street, Manchester M1 3HE"),
            ("Pennine Bikes Ltd", "Leeds, United Kingdom"),
            ("Pennine Bikes Ltd (privacy@penninebikes.co.uk)", ""),
            ("Glenmore Trust", "Inverness, Scotland"),
            ("Lagan Foods Ltd", "Belfast, Northern Ireland"),
        ] {
            assert_eq!(
                of_source([&controller(name, address)]),
                Law::UkGdpr,
                "{address}"
            );
        }
    }

    #[test]
    fn elsewhere_or_unknown_is_the_eu_gdpr() {
        for (name, address) in [
            // Ireland has a Data Protection Act 2018 too, and its companies are « Ltd »
            ("Ashford Payroll Ltd", "Unit 2, Dublin 12, Ireland"),
            ("Atelier Morel", "12 rue Haute, 35000 Rennes"),
            ("Nordlicht GmbH", "Hamburg, Deutschland"),
            ("Some Company", ""),
            // a Canadian postcode is no UK one
            ("Maple Ltd", "Ottawa K1A 0B1"),
            ("Wattle Pty Ltd", "Sydney, New South Wales, Australia"),
        ] {
            assert_eq!(
                of_source([&controller(name, address)]),
                Law::EuGdpr,
                "{address}"
            );
        }
    }
}
