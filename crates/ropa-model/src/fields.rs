//! The canonical field ids of DESIGN.md, in the column order of the CNIL model register.
//!
//! This table is the one place where a field's id, labels, kind and duty are written;
//! the mapping language, the writers and the gap rules all read it.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How a field's value is shaped, so each stage knows how to build, show and check it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One free text (lines joined by `\n`).
    Text,
    /// A list of short texts.
    List,
    /// A date kept with its source text.
    Date,
    /// A legal basis of Art. 6(1).
    Basis,
    /// A yes / no / unknown answer with its details.
    Answer,
    /// Data categories with their details and source.
    DataCategories,
    /// Recipients with their kind, role and the data they receive.
    Recipients,
    /// Processors (sous-traitants, hébergeurs) with their role.
    Processors,
    /// Retention periods.
    Retention,
    /// Security measures with their category.
    Security,
    /// Risks, one row of the risk table each.
    Risks,
    /// Dated entries of an update log.
    UpdateLog,
}

/// Whether a field belongs to the register as a whole (and is inherited by every activity).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Stated once for the register, may be repeated or overridden per activity.
    Register,
    /// Stated per activity.
    Activity,
}

macro_rules! fields {
    ($( $variant:ident = $id:literal, $kind:ident, $level:ident, $fr:literal, $en:literal; )*) => {
        /// A canonical field id; the variants are in the column order of the CNIL model.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Field { $( $variant, )* }

        /// Every field, in the column order of the CNIL model register.
        pub const ALL_FIELDS: &[Field] = &[ $( Field::$variant, )* ];

        impl Field {
            /// The stable id used in mappings, JSON and reports.
            pub fn id(self) -> &'static str {
                match self { $( Field::$variant => $id, )* }
            }
            /// The shape of the field's value.
            pub fn kind(self) -> Kind {
                match self { $( Field::$variant => Kind::$kind, )* }
            }
            /// Whether the field is stated for the register or per activity.
            pub fn level(self) -> Level {
                match self { $( Field::$variant => Level::$level, )* }
            }
            /// The column header a French reader expects (the CNIL model's wording).
            pub fn label_fr(self) -> &'static str {
                match self { $( Field::$variant => $fr, )* }
            }
            /// The column header in English.
            pub fn label_en(self) -> &'static str {
                match self { $( Field::$variant => $en, )* }
            }
        }
    };
}

fields! {
    Ref = "ref", Text, Activity, "Référence", "Reference";
    Name = "name", Text, Activity, "Nom du traitement", "Processing activity";
    Scope = "scope", Text, Activity, "Périmètre", "Scope";
    Created = "created", Date, Activity, "Date de création de la fiche", "Record created";
    Updated = "updated", Date, Activity, "Date de dernière mise à jour", "Last updated";
    StartDate = "start_date", Date, Activity, "Date de mise en œuvre", "Start date";
    UpdateLog = "update_log", UpdateLog, Activity, "Mises à jour (date et objet)", "Update log";
    ControllerName = "controller_name", Text, Register, "Responsable du traitement", "Controller";
    ControllerAddress = "controller_address", Text, Register, "Adresse du responsable", "Controller address";
    ControllerContact = "controller_contact", Text, Register, "Contact du responsable", "Controller contact";
    Representative = "representative", Text, Register, "Représentant", "Representative";
    JointController = "joint_controller", Text, Activity, "Responsable conjoint", "Joint controller";
    DpoName = "dpo_name", Text, Register, "Délégué à la protection des données", "Data protection officer";
    DpoContact = "dpo_contact", Text, Register, "Contact du DPO", "DPO contact";
    RegisterRole = "register_role", Text, Register, "Qualité (responsable ou sous-traitant)", "Role (controller or processor)";
    Software = "software", Text, Activity, "Logiciel ou application", "Software or application";
    Service = "service", Text, Activity, "Service chargé de la mise en œuvre", "Service in charge";
    Purpose = "purpose", Text, Activity, "Finalité principale", "Purpose";
    SubPurposes = "sub_purposes", List, Activity, "Sous-finalités", "Sub-purposes";
    LegalBasis = "legal_basis", Basis, Activity, "Base légale", "Lawful basis";
    DataSubjects = "data_subjects", List, Activity, "Personnes concernées", "Data subjects";
    DataCategories = "data_categories", DataCategories, Activity, "Catégories de données", "Data categories";
    SensitiveData = "sensitive_data", Answer, Activity, "Données sensibles", "Sensitive data";
    DataSources = "data_sources", List, Activity, "Source des données", "Data sources";
    Retention = "retention", Retention, Activity, "Durées de conservation", "Retention periods";
    Archiving = "archiving", Text, Activity, "Archivage et suppression", "Archiving and deletion";
    Recipients = "recipients", Recipients, Activity, "Destinataires", "Recipients";
    Processors = "processors", Processors, Activity, "Sous-traitants", "Processors";
    Transfers = "transfers", Answer, Activity, "Transferts hors EEE", "Transfers outside the EEA";
    SecurityMeasures = "security_measures", Security, Activity, "Mesures de sécurité", "Security measures";
    Hosting = "hosting", Text, Activity, "Hébergement et localisation", "Hosting and location";
    Information = "information", Text, Activity, "Information des personnes", "Information of data subjects";
    Rights = "rights", Text, Activity, "Exercice des droits", "Exercise of rights";
    DataFlows = "data_flows", Text, Activity, "Flux de données", "Data flows";
    AutomatedDecisions = "automated_decisions", Answer, Activity, "Décision automatisée (profilage compris)", "Automated decision-making (profiling included)";
    Dpia = "dpia", Text, Activity, "AIPD", "DPIA";
    Risks = "risks", Risks, Activity, "Risques", "Risks";
    Notes = "notes", Text, Activity, "Notes complémentaires", "Notes";
}

impl Field {
    /// Whether the field names a party of the register as a whole (the controller, its
    /// DPO or representative): a heading that names one owns the name and contact under it.
    pub fn is_register_party(self) -> bool {
        matches!(
            self,
            Field::ControllerName | Field::DpoName | Field::Representative
        )
    }

    /// The field a register party's generic name, address or contact (`Name`, `Anschrift`,
    /// `E-Mail`) is, read under a heading that names that party; `None` when it is not one.
    pub fn of_party(self, party: Field) -> Option<Field> {
        use Field::*;
        match (party, self) {
            (ControllerName, Name) => Some(ControllerName),
            (DpoName, Name) => Some(DpoName),
            (DpoName, ControllerContact | ControllerAddress) => Some(DpoContact),
            (Representative, Name | ControllerContact | ControllerAddress) => Some(Representative),
            _ => None,
        }
    }

    /// Whether the law counts what this field lists as part of `other`'s too, so a label
    /// that names both names this one: processors are recipients (Art. 4(9) GDPR).
    pub fn includes(self, other: Field) -> bool {
        matches!((self, other), (Field::Recipients, Field::Processors))
    }

    /// Whether the field names the activity (its name or reference): given at the head of
    /// an activity, never as a sub-label inside another field's section.
    pub fn is_identity(self) -> bool {
        matches!(self, Field::Name | Field::Ref)
    }

    /// The column header in the language of the run.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match lang {
            crate::Lang::Fr => self.label_fr(),
            crate::Lang::En => self.label_en(),
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A field id that is not one of the canonical ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownField(pub String);

impl FromStr for Field {
    type Err = UnknownField;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ALL_FIELDS
            .iter()
            .copied()
            .find(|f| f.id() == s)
            .ok_or_else(|| UnknownField(s.to_string()))
    }
}

/// The field id closest to a misspelt one, for "did you mean" hints.
pub fn closest_field(s: &str) -> Option<Field> {
    ALL_FIELDS
        .iter()
        .copied()
        .map(|f| (f, jaro_winkler(s, f.id())))
        .filter(|(_, score)| *score > 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(f, _)| f)
}

/// How alike two texts are by Jaro-Winkler over their chars (1 the same, 0 nothing
/// shared): the score "did you mean" hints and near label words are ranked by.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    rapidfuzz::distance::jaro_winkler::similarity(a.chars(), b.chars())
}

/// How alike two texts are: 1 − their Damerau-Levenshtein distance over the longer
/// one's length in chars, 1 for two empty texts; the score a label is matched to a
/// synonym with. The distance is the restricted one (optimal string alignment: two
/// transposed letters are not edited again), which rapidfuzz counts bit-parallel; the
/// unrestricted one differs only for a pair such as « ca » / « abc », and cost 60,000
/// instructions a pair, half a small run's reading of labels.
pub fn damerau_similarity(a: &str, b: &str) -> f64 {
    rapidfuzz::distance::osa::normalized_similarity(a.chars(), b.chars())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_from_str() {
        for f in ALL_FIELDS {
            assert_eq!(f.id().parse::<Field>(), Ok(*f));
        }
        assert!("purpouse".parse::<Field>().is_err());
    }

    #[test]
    fn serde_uses_the_same_ids() {
        for f in ALL_FIELDS {
            assert_eq!(serde_json::to_string(f).unwrap(), format!("\"{}\"", f.id()));
        }
    }

    #[test]
    fn misspelt_ids_get_a_suggestion() {
        assert_eq!(closest_field("purpouse"), Some(Field::Purpose));
        assert_eq!(closest_field("retension"), Some(Field::Retention));
        assert_eq!(closest_field("zzz"), None);
    }

    /// Texts of a few letters, some shared, so that matches and transpositions happen.
    const SHORT: &str = "[abcé ]{0,12}";

    /// Whether our Jaro-Winkler score of two texts is strsim's, within 1e-9.
    fn jaro_winkler_agrees(a: &str, b: &str) -> bool {
        (jaro_winkler(a, b) - strsim::jaro_winkler(a, b)).abs() < 1e-9
    }

    /// Whether our Damerau-Levenshtein score of two texts is strsim's (optimal string
    /// alignment, normalised by the longer text's chars), within 1e-9.
    fn damerau_agrees(a: &str, b: &str) -> bool {
        let longest = a.chars().count().max(b.chars().count());
        let theirs = if longest == 0 {
            1.0
        } else {
            1.0 - strsim::osa_distance(a, b) as f64 / longest as f64
        };
        (damerau_similarity(a, b) - theirs).abs() < 1e-9
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn jaro_winkler_scores_as_strsim(a in SHORT, b in SHORT) {
            proptest::prop_assert!(jaro_winkler_agrees(&a, &b));
        }

        #[test]
        fn damerau_scores_as_strsim(a in SHORT, b in SHORT) {
            proptest::prop_assert!(damerau_agrees(&a, &b));
        }
    }

    // longer texts (past rapidfuzz's 64-char blocks), and texts of any letters: fewer
    // cases, as strsim's distance is slow
    proptest::proptest! {
        #[test]
        fn long_near_texts_score_as_strsim(a in "[ab]{60,100}", b in "[ab]{60,100}") {
            proptest::prop_assert!(jaro_winkler_agrees(&a, &b) && damerau_agrees(&a, &b));
        }

        #[test]
        fn any_texts_score_as_strsim(a in "\\PC{0,80}", b in "\\PC{0,80}") {
            proptest::prop_assert!(jaro_winkler_agrees(&a, &b) && damerau_agrees(&a, &b));
        }
    }
}
