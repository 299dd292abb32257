//! The rule catalogue: one entry per rule, the single source of codes, severities,
//! articles and recommendations.

use super::{Severity, Status};
use crate::Lang;

/// One gap rule, in French and English.
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
    /// What is checked, as the subject of the message: French, English.
    pub subject: [&'static str; 2],
    /// Why it matters: French, English.
    pub why: [&'static str; 2],
    /// How to fix it: French, English.
    pub fix: [&'static str; 2],
}

/// The French or the English of a text.
pub fn pick(text: [&'static str; 2], lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => text[0],
        Lang::En => text[1],
    }
}

impl Rule {
    /// What is checked, in the language asked.
    pub fn subject(&self, lang: Lang) -> &'static str {
        pick(self.subject, lang)
    }

    /// Why it matters, in the language asked.
    pub fn why(&self, lang: Lang) -> &'static str {
        pick(self.why, lang)
    }

    /// How to fix it, in the language asked.
    pub fn fix(&self, lang: Lang) -> &'static str {
        pick(self.fix, lang)
    }

    /// The finding's message for a status, in the language asked.
    pub fn message(&self, status: Status, lang: Lang) -> String {
        let what = match (status, lang) {
            (Status::Absent, Lang::Fr) => {
                "la source n'a pas de colonne ou de rubrique pour cela (modèle à compléter)"
            }
            (Status::Empty, Lang::Fr) => "la rubrique existe mais elle est vide",
            (Status::Weak, Lang::Fr) => "la valeur est un texte de remplissage ou trop vague",
            (Status::Absent, Lang::En) => {
                "the source has no column or heading for it (the template needs one)"
            }
            (Status::Empty, Lang::En) => "the column or heading is there but empty",
            (Status::Weak, Lang::En) => "the value is a placeholder or too vague",
        };
        let sep = if lang == Lang::Fr { " :" } else { ":" };
        format!("{}{sep} {what}. {}", self.subject(lang), self.fix(lang))
    }
}

macro_rules! rules {
    ($( $code:literal, $name:literal, $sev:ident, $art:literal,
        subject: [$sfr:literal, $sen:literal],
        why: [$wfr:literal, $wen:literal],
        fix: [$ffr:literal, $fen:literal]; )*) => {
        /// Every rule, in the order of the articles.
        pub const RULES: &[Rule] = &[ $( Rule {
            code: $code,
            name: $name,
            severity: Severity::$sev,
            article: $art,
            subject: [$sfr, $sen],
            why: [$wfr, $wen],
            fix: [$ffr, $fen],
        }, )* ];
    };
}

rules! {
    "A30-1a", "controller", Error, "Art. 30(1)(a)",
        subject: ["Nom et coordonnées du responsable du traitement", "Name and contact details of the controller"],
        why: ["Le registre doit dire qui répond du traitement et comment le joindre.", "The record must say who answers for the processing and how to reach them."],
        fix: ["Indiquez la raison sociale du responsable et un moyen de le joindre (adresse, email ou téléphone).", "Give the controller's legal name and a way to reach it (address, email or phone)."];
    "A30-1a-contact", "controller-contact", Warning, "Art. 30(1)(a), Art. 37(7)",
        subject: ["Coordonnées du responsable ou du DPO sans email ni téléphone", "Controller or DPO contact without an email or a phone"],
        why: ["Une adresse postale seule ne permet pas à une personne ou à la CNIL de joindre rapidement le responsable ou le DPO.", "A postal address alone does not let a person or the authority reach the controller or the DPO quickly."],
        fix: ["Ajoutez une adresse email ou un numéro de téléphone (de préférence une adresse dédiée, ex. dpo@…).", "Add an email address or a phone number (preferably a dedicated one, e.g. dpo@…)."];
    "A30-1b", "purpose", Error, "Art. 30(1)(b)",
        subject: ["Finalité du traitement", "Purpose of the processing"],
        why: ["La finalité fonde tout le reste : données nécessaires, durée, base légale.", "The purpose grounds everything else: which data are needed, for how long, on what basis."],
        fix: ["Décrivez en une phrase l'objectif poursuivi (ex. « Gestion de la paie des salariés »).", "Describe the aim in one sentence (e.g. \"Payroll of employees\")."];
    "purpose-software", "purpose-is-software", Warning, "Art. 30(1)(b), Art. 5(1)(b)",
        subject: ["Finalité réduite au nom d'un logiciel", "Purpose that is only a software name"],
        why: ["Un outil n'est pas une finalité : « Sellsy » ne dit pas pourquoi les données sont traitées.", "A tool is not a purpose: \"Sellsy\" does not say why the data are processed."],
        fix: ["Décrivez ce que l'outil permet de faire (ex. « Facturation des clients avec Sellsy »).", "Describe what the tool is used for (e.g. \"Invoicing customers with Sellsy\")."];
    "A30-1c-subjects", "data-subjects", Error, "Art. 30(1)(c)",
        subject: ["Catégories de personnes concernées", "Categories of data subjects"],
        why: ["Sans les personnes concernées, on ne peut ni les informer ni mesurer les risques pour elles.", "Without the data subjects, they can be neither informed nor protected from the risks."],
        fix: ["Listez les catégories de personnes (clients, prospects, salariés, élèves…).", "List the categories of people (customers, prospects, employees, pupils…)."];
    "A30-1c-data", "data-categories", Error, "Art. 30(1)(c)",
        subject: ["Catégories de données personnelles", "Categories of personal data"],
        why: ["La minimisation (Art. 5(1)(c)) ne se vérifie que si les données sont listées.", "Data minimisation (Art. 5(1)(c)) can only be checked if the data are listed."],
        fix: ["Listez les catégories de données traitées (état civil, coordonnées, données de connexion…).", "List the categories of data processed (identity, contact details, connection data…)."];
    "A9-mentioned", "sensitive-data-mentioned", Warning, "Art. 9, Art. 87 ; liste CNIL des données hautement personnelles",
        subject: ["Données sensibles ou hautement personnelles citées, mais la question « données sensibles » dit non ou rien", "Sensitive or highly personal data listed, but the sensitive-data answer says no or nothing"],
        why: ["Santé, NIR, données bancaires ou de localisation appellent des garanties renforcées et souvent une AIPD.", "Health, national ID, banking or location data call for stronger safeguards and often a DPIA."],
        fix: ["Revoyez la réponse « données sensibles » et, si besoin, la condition de l'article 9(2) ou l'encadrement du NIR.", "Review the sensitive-data answer and, where needed, the Art. 9(2) condition or the rules on national ID numbers."];
    "A30-1d", "recipients", Error, "Art. 30(1)(d)",
        subject: ["Destinataires des données", "Recipients of the data"],
        why: ["Savoir qui reçoit les données est nécessaire pour informer les personnes et encadrer les flux.", "Knowing who receives the data is needed to inform people and to govern the flows."],
        fix: ["Listez les services internes, organismes externes et sous-traitants qui reçoivent les données.", "List the internal teams, external bodies and processors that receive the data."];
    "A28-processors", "processors", Warning, "Art. 28, Art. 30(1)(d)",
        subject: ["Prestataire cité (hébergeur, sous-traitant) mais aucun sous-traitant enregistré", "A provider is named (host, processor) but no processor is recorded"],
        why: ["Chaque sous-traitant doit être lié par un contrat (Art. 28) ; le registre est la liste de référence.", "Every processor must be bound by a contract (Art. 28); the record is the reference list."],
        fix: ["Ajoutez l'hébergeur ou le prestataire dans la rubrique sous-traitants, avec son rôle et la référence du contrat.", "Add the host or provider to the processors, with its role and the contract reference."];
    "A30-1e", "transfers", Error, "Art. 30(1)(e)",
        subject: ["Transferts hors de l'Union européenne", "Transfers outside the European Union"],
        why: ["Un transfert hors UE exige une garantie (Art. 44 à 49) ; le registre doit dire s'il y en a.", "A transfer outside the EU needs a safeguard (Art. 44–49); the record must say whether there is one."],
        fix: ["Répondez oui ou non ; si oui, indiquez les pays et les garanties (clauses contractuelles types, décision d'adéquation…).", "Answer yes or no; if yes, give the countries and the safeguards (standard contractual clauses, adequacy decision…)."];
    "A30-1e-details", "transfer-details", Error, "Art. 30(1)(e), Art. 46",
        subject: ["Transfert hors UE déclaré sans pays ou sans garantie", "Transfer outside the EU declared without a country or a safeguard"],
        why: ["L'article 30(1)(e) demande le pays destinataire et, pour les transferts de l'article 49(1), les garanties appropriées.", "Art. 30(1)(e) asks for the third country and, for Art. 49(1) transfers, the suitable safeguards."],
        fix: ["Nommez chaque pays destinataire et la garantie qui couvre le transfert (décision d'adéquation, clauses contractuelles types, BCR…).", "Name each destination country and the safeguard that covers it (adequacy decision, SCCs, BCRs…)."];
    "A30-1f", "retention", Error, "Art. 30(1)(f)",
        subject: ["Durées de conservation", "Retention periods"],
        why: ["Les données ne peuvent être gardées plus longtemps que nécessaire (Art. 5(1)(e)).", "Data may not be kept longer than necessary (Art. 5(1)(e))."],
        fix: ["Indiquez pour chaque catégorie de données une durée (ex. « 3 ans après la fin du contrat »).", "Give a period for each category of data (e.g. \"3 years after the end of the contract\")."];
    "A30-1f-vague", "retention-vague", Warning, "Art. 30(1)(f), Art. 5(1)(e)",
        subject: ["Durée de conservation sans durée chiffrée ni point de départ objectif", "Retention without a figure or an objective starting point"],
        why: ["« Jusqu'à suppression du compte » peut durer indéfiniment : la durée doit être bornée.", "\"Until the account is deleted\" may last forever: the period must be bounded."],
        fix: ["Remplacez « jusqu'à… » par une durée chiffrée et son point de départ (ex. « 2 ans après la clôture du compte »).", "Replace \"until…\" by a figure and its starting point (e.g. \"2 years after the account is closed\")."];
    "A30-1g", "security", Error, "Art. 30(1)(g), Art. 32",
        subject: ["Mesures de sécurité", "Security measures"],
        why: ["L'article 32 impose des mesures adaptées au risque ; le registre en donne la description générale.", "Art. 32 requires measures suited to the risk; the record gives their general description."],
        fix: ["Décrivez les mesures techniques et organisationnelles (contrôle d'accès, traçabilité, sauvegarde, chiffrement…).", "Describe the technical and organisational measures (access control, logging, backup, encryption…)."];
    "A6-basis", "legal-basis", Warning, "Art. 6(1) ; modèle CNIL",
        subject: ["Base légale du traitement", "Lawful basis of the processing"],
        why: ["Sans base légale reconnue, le traitement est illicite ; le modèle CNIL la fait figurer dans le registre.", "Without a recognised lawful basis the processing is unlawful; the CNIL model puts it in the record."],
        fix: ["Indiquez l'une des six bases de l'article 6(1) : consentement, contrat, obligation légale, intérêts vitaux, mission d'intérêt public, intérêt légitime.", "Give one of the six bases of Art. 6(1): consent, contract, legal obligation, vital interests, public task, legitimate interests."];
    "A9-sensitive", "sensitive-data", Warning, "Art. 9, Art. 10 ; modèle CNIL",
        subject: ["Données sensibles", "Sensitive data"],
        why: ["Les données de l'article 9 sont interdites sauf exception : il faut savoir s'il y en a.", "Art. 9 data are forbidden unless an exception applies: whether there are any must be known."],
        fix: ["Répondez oui ou non ; si oui, précisez lesquelles (santé, opinions, NIR…) et la condition de l'article 9(2).", "Answer yes or no; if yes, say which (health, opinions, national ID…) and the Art. 9(2) condition."];
    "A35-dpia", "dpia", Warning, "Art. 35 ; liste CNIL des traitements soumis à AIPD",
        subject: ["Données sensibles sans analyse d'impact (AIPD) mentionnée", "Sensitive data without a DPIA mentioned"],
        why: ["Traiter des données sensibles est l'un des critères qui rendent une AIPD obligatoire.", "Processing sensitive data is one of the criteria that make a DPIA mandatory."],
        fix: ["Indiquez si une AIPD a été menée (date, conclusion) ou pourquoi elle n'est pas requise.", "Say whether a DPIA was carried out (date, outcome) or why none is required."];
    "duplicate", "duplicate-activity", Warning, "Art. 30(1), Art. 5(2)",
        subject: ["Activité enregistrée deux fois dans le même registre", "Activity recorded twice in one register"],
        why: ["Deux fiches identiques divergent à la première mise à jour et brouillent le registre.", "Two identical records drift apart at the first update and blur the register."],
        fix: ["Fusionnez les deux fiches, ou distinguez-les par leur finalité ou leur périmètre.", "Merge the two records, or tell them apart by purpose or scope."];
    "placeholder", "placeholder", Warning, "Art. 30(1)",
        subject: ["Texte de remplissage", "Placeholder text"],
        why: ["« N/A » ou « Cliquez ici » laissent croire qu'une rubrique est remplie.", "\"N/A\" or \"Click here\" make a field look filled in."],
        fix: ["Renseignez la valeur réelle, ou videz la cellule si elle est sans objet.", "Enter the real value, or empty the cell if it does not apply."];
    "stale", "stale", Info, "Art. 5(2), Art. 24(1) ; modèle CNIL",
        subject: ["Date de dernière mise à jour", "Date of the last update"],
        why: ["Un registre est un document vivant : la CNIL recommande de le revoir régulièrement.", "A record is a living document: authorities advise reviewing it regularly."],
        fix: ["Relisez la fiche avec le métier au moins une fois par an et datez la revue.", "Review the record with the business at least once a year and date the review."];
    "excel-limit", "cell-too-long", Warning, "—",
        subject: ["Valeur de plus de 32 767 caractères, coupée dans register.xlsx", "Value over 32,767 characters, cut in register.xlsx"],
        why: ["Excel n'accepte pas de cellule plus longue : la cellule est tronquée, la valeur entière reste dans register.json.", "Excel takes no longer cell: the cell is cut, the whole value stays in register.json."],
        fix: ["Raccourcissez la valeur dans la source (renvoyez vers un document annexe), ou lisez-la dans register.json.", "Shorten the value in the source (point to an annex), or read it in register.json."];
    "unmapped", "unmapped", Info, "—",
        subject: ["Valeurs non mappées", "Unmapped values"],
        why: ["Une valeur sans champ canonique peut cacher une information exigée par l'article 30.", "A value with no canonical field may hide information Article 30 requires."],
        fix: ["Vérifiez les valeurs de la feuille « Non mappé », puis épinglez leur libellé dans le mapping.", "Check the values of the « Non mappé » sheet, then pin their label in the mapping."];
}

/// One line per rule: code, severity, article, subject.
pub fn list(lang: Lang) -> String {
    let width = RULES.iter().map(|r| r.code.len()).max().unwrap_or(8);
    RULES
        .iter()
        .map(|r| {
            format!(
                "{:width$}  {:13}  {}  ({})\n",
                r.code,
                r.severity.label(lang),
                r.subject(lang),
                r.article
            )
        })
        .collect()
}

/// Everything about one rule, for `ropa rules CODE`.
pub fn explain(r: &Rule, lang: Lang) -> String {
    let (sev, art, why, fix) = match lang {
        Lang::Fr => ("Gravité", "Source", "Pourquoi", "Correction"),
        Lang::En => ("Severity", "Source", "Why", "Fix"),
    };
    format!(
        "{} ({}): {}\n{sev}: {}\n{art}: {}\n{why}: {}\n{fix}: {}\n",
        r.code,
        r.name,
        r.subject(lang),
        r.severity.label(lang),
        r.article,
        r.why(lang),
        r.fix(lang)
    )
}

/// The page `docs/rules.md`, generated from the catalogue (a test keeps it fresh).
pub fn markdown() -> String {
    let mut s = String::from(
        "# Gap rules\n\n<!-- Generated from src/gaps/rules.rs by `ropa rules --markdown > docs/rules.md`; a test fails when it is stale. -->\n\n`ropa rules` lists them, `ropa rules CODE` explains one. A `[rules]` table in `ropa.toml` (next to the inputs) or in a mapping changes a severity: `\"A30-1f\" = \"allow\"` (off), `\"warn\"`, `\"deny\"` (error) or `\"info\"`.\n\n| code | name | severity | source |\n|---|---|---|---|\n",
    );
    for r in RULES {
        s.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} |\n",
            r.code,
            r.code.to_lowercase(),
            r.name,
            r.severity.label(Lang::En),
            r.article
        ));
    }
    for r in RULES {
        s.push_str(&format!(
            "\n## {}\n\n**{}** — {} — {}\n\n| | Français | English |\n|---|---|---|\n| What | {} | {} |\n| Why | {} | {} |\n| Fix | {} | {} |\n",
            r.code,
            r.name,
            r.severity.label(Lang::En),
            r.article,
            r.subject[0],
            r.subject[1],
            r.why[0],
            r.why[1],
            r.fix[0],
            r.fix[1]
        ));
    }
    s
}

/// The rule with this code, if there is one.
pub fn find(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

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
    fn at_least_twenty_rules_each_with_its_article_and_fix() {
        assert!(RULES.len() >= 20, "{} rules", RULES.len());
        for r in RULES {
            assert!(!r.article.is_empty() && !r.fix[0].is_empty() && !r.fix[1].is_empty());
            assert!(!r.why[0].is_empty() && !r.why[1].is_empty(), "{}", r.code);
        }
    }

    #[test]
    fn docs_rules_md_is_fresh() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == markdown(),
            "docs/rules.md is stale: run `cargo run -- rules --markdown > docs/rules.md`"
        );
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<_> = RULES.iter().map(|r| r.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), RULES.len());
    }
}
