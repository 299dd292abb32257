//! The rule catalogue: one entry per rule, the single source of codes, severities,
//! articles and recommendations.

use super::{Severity, Status};

/// One gap rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Stable code, used in reports and configuration.
    pub code: &'static str,
    /// Short name.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Where the duty comes from.
    pub article: &'static str,
    /// What is checked, in French, as the subject of the message.
    pub subject: &'static str,
    /// How to fix it, in plain French.
    pub fix: &'static str,
}

impl Rule {
    /// The finding's message for a status.
    pub fn message(&self, status: Status) -> String {
        let what = match status {
            Status::Absent => {
                "la source n'a pas de colonne ou de rubrique pour cela (modèle à compléter)"
            }
            Status::Empty => "la rubrique existe mais elle est vide",
            Status::Weak => "la valeur est un texte de remplissage ou trop vague",
        };
        format!("{} : {what}. {}", self.subject, self.fix)
    }
}

/// Every rule, in the order of Article 30.
pub const RULES: &[Rule] = &[
    Rule {
        code: "A30-1a",
        name: "controller",
        severity: Severity::Error,
        article: "Art. 30(1)(a)",
        subject: "Nom et coordonnées du responsable du traitement",
        fix: "Indiquez la raison sociale du responsable et un moyen de le joindre (adresse, email ou téléphone).",
    },
    Rule {
        code: "A30-1b",
        name: "purpose",
        severity: Severity::Error,
        article: "Art. 30(1)(b)",
        subject: "Finalité du traitement",
        fix: "Décrivez en une phrase l'objectif poursuivi (ex. « Gestion de la paie des salariés »).",
    },
    Rule {
        code: "A30-1c-subjects",
        name: "data-subjects",
        severity: Severity::Error,
        article: "Art. 30(1)(c)",
        subject: "Catégories de personnes concernées",
        fix: "Listez les catégories de personnes (clients, prospects, salariés, élèves…).",
    },
    Rule {
        code: "A30-1c-data",
        name: "data-categories",
        severity: Severity::Error,
        article: "Art. 30(1)(c)",
        subject: "Catégories de données personnelles",
        fix: "Listez les catégories de données traitées (état civil, coordonnées, données de connexion…).",
    },
    Rule {
        code: "A30-1d",
        name: "recipients",
        severity: Severity::Error,
        article: "Art. 30(1)(d)",
        subject: "Destinataires des données",
        fix: "Listez les services internes, organismes externes et sous-traitants qui reçoivent les données.",
    },
    Rule {
        code: "A30-1e",
        name: "transfers",
        severity: Severity::Error,
        article: "Art. 30(1)(e)",
        subject: "Transferts hors de l'Union européenne",
        fix: "Répondez oui ou non ; si oui, indiquez les pays et les garanties (clauses contractuelles types, décision d'adéquation…).",
    },
    Rule {
        code: "A30-1f",
        name: "retention",
        severity: Severity::Error,
        article: "Art. 30(1)(f)",
        subject: "Durées de conservation",
        fix: "Indiquez pour chaque catégorie de données une durée (ex. « 3 ans après la fin du contrat »).",
    },
    Rule {
        code: "A30-1f-vague",
        name: "retention-vague",
        severity: Severity::Warning,
        article: "Art. 30(1)(f), Art. 5(1)(e)",
        subject: "Durée de conservation sans durée chiffrée ni point de départ objectif",
        fix: "Remplacez « jusqu'à… » par une durée chiffrée et son point de départ (ex. « 2 ans après la clôture du compte »).",
    },
    Rule {
        code: "A30-1g",
        name: "security",
        severity: Severity::Error,
        article: "Art. 30(1)(g), Art. 32",
        subject: "Mesures de sécurité",
        fix: "Décrivez les mesures techniques et organisationnelles (contrôle d'accès, traçabilité, sauvegarde, chiffrement…).",
    },
    Rule {
        code: "A6-basis",
        name: "legal-basis",
        severity: Severity::Warning,
        article: "Art. 6(1) ; modèle CNIL",
        subject: "Base légale du traitement",
        fix: "Indiquez l'une des six bases de l'article 6(1) : consentement, contrat, obligation légale, intérêts vitaux, mission d'intérêt public, intérêt légitime.",
    },
    Rule {
        code: "A9-sensitive",
        name: "sensitive-data",
        severity: Severity::Warning,
        article: "Art. 9, Art. 10 ; modèle CNIL",
        subject: "Données sensibles",
        fix: "Répondez oui ou non ; si oui, précisez lesquelles (santé, opinions, NIR…) et la condition de l'article 9(2).",
    },
    Rule {
        code: "placeholder",
        name: "placeholder",
        severity: Severity::Warning,
        article: "Art. 30(1)",
        subject: "Texte de remplissage",
        fix: "Renseignez la valeur réelle, ou videz la cellule si elle est sans objet.",
    },
    Rule {
        code: "stale",
        name: "stale",
        severity: Severity::Info,
        article: "Art. 5(2), Art. 24(1) ; modèle CNIL",
        subject: "Date de dernière mise à jour",
        fix: "Relisez la fiche avec le métier au moins une fois par an et datez la revue.",
    },
    Rule {
        code: "unmapped",
        name: "unmapped",
        severity: Severity::Info,
        article: "—",
        subject: "Valeurs non mappées",
        fix: "Vérifiez les valeurs de la feuille « Non mappé », puis épinglez leur libellé dans le mapping.",
    },
];

/// The rule with this code; the codes used in this crate are all in [`RULES`].
pub fn by_code(code: &str) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.code == code)
        .unwrap_or_else(|| panic!("rule {code} is not in the catalogue"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<_> = RULES.iter().map(|r| r.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), RULES.len());
    }
}
