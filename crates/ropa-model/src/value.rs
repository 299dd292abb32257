//! Typed values of canonical fields. Every typed value keeps the source text it came from.

use super::fields::Kind;
use serde::{Deserialize, Serialize};

/// A yes / no answer, or unknown when the source does not say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YesNo {
    /// The source says yes.
    Yes,
    /// The source says no.
    No,
    /// The source says the question does not apply (`N/A`, `sans objet`, `n.v.t.`): for a
    /// field the law asks « where applicable » (transfers, joint controller, DPIA), an
    /// answer, as good as no.
    NotApplicable,
    /// The source's text answers neither.
    Unknown,
}

/// The six lawful bases of Art. 6(1) GDPR.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Art. 6(1)(a).
    Consent,
    /// Art. 6(1)(b).
    Contract,
    /// Art. 6(1)(c).
    LegalObligation,
    /// Art. 6(1)(d).
    VitalInterests,
    /// Art. 6(1)(e).
    PublicTask,
    /// Art. 6(1)(f).
    LegitimateInterests,
}

impl Basis {
    /// The letter of Art. 6(1) the basis comes from.
    pub fn letter(self) -> char {
        match self {
            Basis::Consent => 'a',
            Basis::Contract => 'b',
            Basis::LegalObligation => 'c',
            Basis::VitalInterests => 'd',
            Basis::PublicTask => 'e',
            Basis::LegitimateInterests => 'f',
        }
    }
}

/// A date with the text it was read from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateValue {
    /// The source text.
    pub text: String,
    /// The ISO 8601 date, when the text could be read as one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// A legal basis with the text it was read from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BasisValue {
    /// The source text.
    pub text: String,
    /// The basis of Art. 6(1), when recognised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// The article, e.g. `6(1)(b)`, when recognised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// The other bases the text cites or names, in its order (« contrat pour les
    /// clients, intérêt légitime pour les prospects »: each purpose has its own basis,
    /// Art. 6(1)); a basis named only in brackets details the one before and is not one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Basis>,
}

/// A yes/no question of the register (transfers, sensitive data) with its details.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerValue {
    /// The source text.
    pub text: String,
    /// The answer read from the text.
    pub answer: YesNo,
    /// What the source adds: countries and safeguards, or which sensitive data.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

/// A category of data with what it holds and where it comes from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DataCategory {
    /// The source's category label, when it groups details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The data items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
    /// Where the data comes from, when stated (`Saisies par le parent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The CNIL categories of its items, in order of first appearance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cnil: Vec<CnilCategory>,
}

/// The categories of personal data of the CNIL model register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CnilCategory {
    /// État civil, identité, données d'identification, images.
    Identification,
    /// Vie personnelle (habitudes de vie, situation familiale).
    PersonalLife,
    /// Vie professionnelle (CV, scolarité, formation, distinctions).
    ProfessionalLife,
    /// Informations d'ordre économique et financier (revenus, situation financière, bancaire).
    EconomicFinancial,
    /// Données de connexion (adresse IP, logs, identifiants des terminaux).
    Connection,
    /// Données de localisation (déplacements, GPS).
    Location,
    /// Internet (cookies, traceurs, navigation).
    Internet,
    /// Données sensibles (Art. 9) et relatives aux infractions (Art. 10).
    Sensitive,
    /// Numéro d'inscription au répertoire (NIR, numéro de sécurité sociale).
    NationalId,
}

/// Who a recipient is, in the terms of Art. 30(1)(d) and Art. 28.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    /// A service of the controller.
    Internal,
    /// A body outside the controller.
    External,
    /// A processor (sous-traitant) acting on the controller's behalf.
    Processor,
}

/// One recipient of the data.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Recipient {
    /// The recipient as named, its bracketed role removed.
    pub name: String,
    /// Internal, external or processor, when the source says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<RecipientKind>,
    /// The role in brackets (`hébergeur, sous-traitant`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The data it receives, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// The one name of the organisation across the run (`OVH` for `OVH SAS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

/// One processor (sous-traitant, hébergeur).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Processor {
    /// The processor as named.
    pub name: String,
    /// What it does, from the label or the brackets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// What the source adds after the name (address, registration number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// The one name of the organisation across the run (`Scaleway SAS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

/// One retention period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RetentionItem {
    /// The source text of this period.
    pub text: String,
    /// ISO 8601 duration (`P1Y`, `P6M`), when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// The start point or trigger, when stated (`après clôture de la demande`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    /// The period ends on an event with no bound (`jusqu'à suppression du compte`).
    #[serde(default)]
    pub open_ended: bool,
    /// The data it applies to, when stated (`fichiers imprimés`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
}

/// The categories of security measure of the CNIL model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecurityCategory {
    /// Contrôle d'accès des utilisateurs.
    AccessControl,
    /// Mesures de traçabilité.
    Traceability,
    /// Protection des logiciels.
    SoftwareProtection,
    /// Sauvegarde des données.
    Backup,
    /// Chiffrement des données.
    Encryption,
    /// Contrôle des sous-traitants.
    ProcessorControl,
    /// Autres mesures.
    Other,
}

/// One security measure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecurityMeasure {
    /// The CNIL category.
    pub category: SecurityCategory,
    /// The source's heading for the measure, when it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// The measure as described.
    pub text: String,
}

/// One row of a risk table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Risk {
    /// The feared event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<String>,
    /// Impacts on the persons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impacts: Option<String>,
    /// Main risk sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<String>,
    /// Main threats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threats: Option<String>,
    /// Existing or planned measures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measures: Option<String>,
    /// Severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// Likelihood.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<String>,
}

impl Risk {
    /// The columns of a risk table, with their French headers, in the CNIL order.
    pub const PARTS: [&'static str; 7] = [
        "risk",
        "impacts",
        "sources",
        "threats",
        "measures",
        "severity",
        "likelihood",
    ];

    /// The slot for one column of the risk table.
    pub fn part_mut(&mut self, part: &str) -> Option<&mut Option<String>> {
        Some(match part {
            "risk" => &mut self.risk,
            "impacts" => &mut self.impacts,
            "sources" => &mut self.sources,
            "threats" => &mut self.threats,
            "measures" => &mut self.measures,
            "severity" => &mut self.severity,
            "likelihood" => &mut self.likelihood,
            _ => return None,
        })
    }

    /// The columns in order, for writers.
    pub fn parts(&self) -> [&Option<String>; 7] {
        [
            &self.risk,
            &self.impacts,
            &self.sources,
            &self.threats,
            &self.measures,
            &self.severity,
            &self.likelihood,
        ]
    }
}

/// One entry of an update log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpdateEntry {
    /// The source text.
    pub text: String,
    /// The ISO date of the update, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// The value of one canonical field; its variant follows the field's [`Kind`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// [`Kind::Text`].
    Text(String),
    /// [`Kind::List`].
    List(Vec<String>),
    /// [`Kind::Date`].
    Date(DateValue),
    /// [`Kind::Basis`].
    Basis(BasisValue),
    /// [`Kind::Answer`].
    Answer(AnswerValue),
    /// [`Kind::DataCategories`].
    DataCategories(Vec<DataCategory>),
    /// [`Kind::Recipients`].
    Recipients(Vec<Recipient>),
    /// [`Kind::Processors`].
    Processors(Vec<Processor>),
    /// [`Kind::Retention`].
    Retention(Vec<RetentionItem>),
    /// [`Kind::Security`].
    Security(Vec<SecurityMeasure>),
    /// [`Kind::Risks`].
    Risks(Vec<Risk>),
    /// [`Kind::UpdateLog`].
    UpdateLog(Vec<UpdateEntry>),
}

impl Value {
    /// Reads a JSON value as the variant of `kind` (the JSON alone is ambiguous).
    pub fn from_json(kind: Kind, json: serde_json::Value) -> serde_json::Result<Value> {
        use serde_json::from_value as v;
        Ok(match kind {
            Kind::Text => Value::Text(v(json)?),
            Kind::List => Value::List(v(json)?),
            Kind::Date => Value::Date(v(json)?),
            Kind::Basis => Value::Basis(v(json)?),
            Kind::Answer => Value::Answer(v(json)?),
            Kind::DataCategories => Value::DataCategories(v(json)?),
            Kind::Recipients => Value::Recipients(v(json)?),
            Kind::Processors => Value::Processors(v(json)?),
            Kind::Retention => Value::Retention(v(json)?),
            Kind::Security => Value::Security(v(json)?),
            Kind::Risks => Value::Risks(v(json)?),
            Kind::UpdateLog => Value::UpdateLog(v(json)?),
        })
    }

    /// The value as one text for a spreadsheet cell: one line per item.
    pub fn display_text(&self) -> String {
        fn opt(parts: &[&Option<String>]) -> String {
            parts
                .iter()
                .filter_map(|p| p.as_deref())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" — ")
        }
        match self {
            Value::Text(t) => t.clone(),
            Value::List(items) => items.join("\n"),
            Value::Date(d) => d.date.clone().unwrap_or_else(|| d.text.clone()),
            Value::Basis(b) => match &b.article {
                Some(a) => format!("{} (art. {a})", b.text),
                None => b.text.clone(),
            },
            Value::Answer(a) => {
                let mut s = a.text.clone();
                for d in &a.details {
                    s.push('\n');
                    s.push_str(d);
                }
                s
            }
            Value::DataCategories(items) => items
                .iter()
                .map(|c| {
                    let head = match (&c.category, &c.source) {
                        (Some(cat), Some(src)) => Some(format!("{cat} ({src})")),
                        (Some(cat), None) => Some(cat.clone()),
                        (None, Some(src)) => Some(format!("({src})")),
                        (None, None) => None,
                    };
                    match head {
                        Some(h) if c.details.is_empty() => h,
                        Some(h) => format!("{h} : {}", c.details.join(", ")),
                        None => c.details.join(", "),
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Value::Recipients(items) => items
                .iter()
                .map(|r| {
                    let mut s = r.name.clone();
                    if let Some(role) = &r.role {
                        s.push_str(&format!(" ({role})"));
                    }
                    if let Some(d) = &r.data {
                        s.push_str(&format!(" — {d}"));
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Value::Processors(items) => items
                .iter()
                .map(|p| {
                    let mut s = p.name.clone();
                    if let Some(r) = &p.role {
                        s.push_str(&format!(" ({r})"));
                    }
                    if let Some(d) = &p.details {
                        s.push_str(&format!(" — {d}"));
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Value::Retention(items) => items
                .iter()
                .map(|r| r.text.clone())
                .collect::<Vec<_>>()
                .join("\n"),
            Value::Security(items) => items
                .iter()
                .map(|m| m.text.clone())
                .collect::<Vec<_>>()
                .join("\n"),
            Value::Risks(items) => items
                .iter()
                .map(|r| opt(&r.parts()))
                .collect::<Vec<_>>()
                .join("\n"),
            Value::UpdateLog(items) => items
                .iter()
                .map(|u| u.text.clone())
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// The value cut into its items, one value each (a value that is no list is its one
    /// item): the lines of its [`display_text`](Value::display_text), item for item.
    pub fn items(&self) -> Vec<Value> {
        fn each<T: Clone>(items: &[T], wrap: fn(Vec<T>) -> Value) -> Vec<Value> {
            items.iter().map(|i| wrap(vec![i.clone()])).collect()
        }
        match self {
            Value::List(v) => each(v, Value::List),
            Value::DataCategories(v) => each(v, Value::DataCategories),
            Value::Recipients(v) => each(v, Value::Recipients),
            Value::Processors(v) => each(v, Value::Processors),
            Value::Retention(v) => each(v, Value::Retention),
            Value::Security(v) => each(v, Value::Security),
            Value::Risks(v) => each(v, Value::Risks),
            Value::UpdateLog(v) => each(v, Value::UpdateLog),
            other => vec![other.clone()],
        }
    }

    /// Joins items of one kind back into one value (the inverse of [`items`]); `None`
    /// when there is none. Items of a kind that is no list: the last one is kept.
    ///
    /// [`items`]: Value::items
    pub fn from_items(items: Vec<Value>) -> Option<Value> {
        let mut out: Option<Value> = None;
        for item in items {
            out = Some(match (out, item) {
                (Some(Value::List(mut a)), Value::List(b)) => {
                    a.extend(b);
                    Value::List(a)
                }
                (Some(Value::DataCategories(mut a)), Value::DataCategories(b)) => {
                    a.extend(b);
                    Value::DataCategories(a)
                }
                (Some(Value::Recipients(mut a)), Value::Recipients(b)) => {
                    a.extend(b);
                    Value::Recipients(a)
                }
                (Some(Value::Processors(mut a)), Value::Processors(b)) => {
                    a.extend(b);
                    Value::Processors(a)
                }
                (Some(Value::Retention(mut a)), Value::Retention(b)) => {
                    a.extend(b);
                    Value::Retention(a)
                }
                (Some(Value::Security(mut a)), Value::Security(b)) => {
                    a.extend(b);
                    Value::Security(a)
                }
                (Some(Value::Risks(mut a)), Value::Risks(b)) => {
                    a.extend(b);
                    Value::Risks(a)
                }
                (Some(Value::UpdateLog(mut a)), Value::UpdateLog(b)) => {
                    a.extend(b);
                    Value::UpdateLog(a)
                }
                (_, item) => item,
            });
        }
        out
    }

    /// Every piece of source text the value holds, for checks that look for words.
    pub fn texts(&self) -> Vec<String> {
        // the plain variants without a detour through JSON (a large run asks this of
        // every value several times)
        match self {
            Value::Text(t) => return vec![t.clone()],
            Value::List(items) => return items.clone(),
            _ => {}
        }
        crate::leaves::string_leaves(self)
    }
}

/// Every string leaf of a JSON value, depth first (a register read back as JSON: the
/// tests' proof that nothing was lost).
pub fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}
