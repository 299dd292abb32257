//! The rule catalogue: one entry per rule, the single source of ids, codes, severities,
//! tiers, articles and recommendations. The macro makes [`RuleId`] from it, so a rule
//! is named by a variant the compiler checks, never by a string looked up at run time.

use super::{Severity, Status, Tier};
use ropa_model::Lang;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One gap rule, in French and English.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Which rule it is.
    pub id: RuleId,
    /// Stable code, used in reports and configuration.
    pub code: &'static str,
    /// Short name.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// An Art. 30 item, a GDPR risk beyond the register, or good practice.
    pub tier: Tier,
    /// Where the duty comes from: French, English.
    pub article: [&'static str; 2],
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

    /// Where the duty comes from, in the language asked.
    pub fn reference(&self, lang: Lang) -> &'static str {
        pick(self.article, lang)
    }

    /// The finding's message for a status, in the language asked.
    pub fn message(&self, status: Status, lang: Lang) -> String {
        let what = match (status, lang) {
            (Status::Absent, Lang::Fr) => {
                "le modèle de registre ne comporte pas cette rubrique (à ajouter au modèle)"
            }
            (Status::Empty, Lang::Fr) => {
                "le modèle du registre prévoit cette rubrique, mais elle n'est pas renseignée pour cette activité"
            }
            (Status::Weak, Lang::Fr) => "la valeur est un texte de remplissage ou trop vague",
            (Status::Absent, Lang::En) => {
                "the register's template has no field for it (add one to the template)"
            }
            (Status::Empty, Lang::En) => {
                "the register's template has this field, but it is not filled in for this activity"
            }
            (Status::Weak, Lang::En) => "the value is a placeholder or too vague",
        };
        let sep = if lang == Lang::Fr { " :" } else { ":" };
        format!("{}{sep} {what}. {}", self.subject(lang), self.fix(lang))
    }
}

impl RuleId {
    /// The rule's entry in the catalogue.
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }

    /// The rule's stable code (`A30-1f`).
    pub fn code(self) -> &'static str {
        self.rule().code
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for RuleId {
    type Err = String;

    /// A code as written in `ropa.toml` or a report, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        find(s)
            .map(|r| r.id)
            .ok_or_else(|| format!("unknown rule `{s}`"))
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        code.parse().map_err(serde::de::Error::custom)
    }
}

macro_rules! rules {
    ($( $id:ident = $code:literal, $name:literal, $sev:ident, $tier:ident, [$afr:literal, $aen:literal],
        subject: [$sfr:literal, $sen:literal],
        why: [$wfr:literal, $wen:literal],
        fix: [$ffr:literal, $fen:literal]; )*) => {
        /// Every rule of the catalogue, one variant each, in catalogue order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId {
            $(
                #[doc = $code]
                $id,
            )*
        }

        impl RuleId {
            /// Every rule id, in catalogue order.
            pub const ALL: &[RuleId] = &[ $( RuleId::$id, )* ];
        }

        /// Every rule, in the order of the articles.
        pub const RULES: &[Rule] = &[ $( Rule {
            id: RuleId::$id,
            code: $code,
            name: $name,
            severity: Severity::$sev,
            tier: Tier::$tier,
            article: [$afr, $aen],
            subject: [$sfr, $sen],
            why: [$wfr, $wen],
            fix: [$ffr, $fen],
        }, )* ];
    };
}

rules! {
    A30_1a = "A30-1a", "controller", Error, Article30, ["Art. 30(1)(a)", "Art. 30(1)(a)"],
        subject: ["Nom et coordonnées du responsable du traitement", "Name and contact details of the controller"],
        why: ["Le registre doit dire qui répond du traitement et comment le joindre.", "The record must say who answers for the processing and how to reach them."],
        fix: ["Indiquez la raison sociale du responsable et un moyen de le joindre (adresse, email ou téléphone).", "Give the controller's legal name and a way to reach it (address, email or phone)."];
    A30_1aContact = "A30-1a-contact", "controller-contact", Error, Article30, ["Art. 30(1)(a) ; DPO : Art. 30(1)(a), Art. 37(7)", "Art. 30(1)(a) ; DPO : Art. 30(1)(a), Art. 37(7)"],
        subject: ["Responsable ou DPO nommé sans aucune coordonnée", "Controller or DPO named without any contact details"],
        why: ["L'article 30(1)(a) demande le nom et les coordonnées du responsable et, le cas échéant, du DPO : une adresse postale, un email ou un téléphone suffit.", "Art. 30(1)(a) asks for the name and contact details of the controller and, where applicable, of the DPO: a postal address, an email or a phone is enough."],
        fix: ["Ajoutez une adresse postale, un email ou un téléphone (bonne pratique : une adresse dédiée, ex. dpo@…).", "Add a postal address, an email or a phone (good practice: a dedicated address, e.g. dpo@…)."];
    A27Representative = "A27-representative", "eu-representative", Warning, Article30, ["Art. 27(1), Art. 30(1)(a)", "Art. 27(1), Art. 30(1)(a)"],
        subject: ["Responsable établi hors EEE sans représentant dans l'Union (à vérifier)", "Controller established outside the EEA without an EU representative (to check)"],
        why: ["Un responsable non établi dans l'Union qui vise des personnes dans l'Union désigne un représentant (art. 27), dont le registre donne le nom et les coordonnées (art. 30(1)(a)).", "A controller not established in the Union that targets people in it designates a representative (Art. 27), whose name and contact details the record gives (Art. 30(1)(a))."],
        fix: ["Indiquez le représentant dans l'Union et ses coordonnées, ou pourquoi l'article 27(2) en dispense.", "Give the EU representative and their contact details, or why Art. 27(2) exempts you."];
    A26Joint = "A26-joint", "joint-controller", Warning, Article30, ["Art. 30(1)(a), Art. 26(1)", "Art. 30(1)(a), Art. 26(1)"],
        subject: ["Responsable conjoint nommé sans coordonnées", "Joint controller named without contact details"],
        why: ["Le registre donne le nom et les coordonnées de chaque responsable conjoint (art. 30(1)(a)) ; leurs obligations respectives sont fixées par un accord (art. 26(1)).", "The record gives the name and contact details of each joint controller (Art. 30(1)(a)); their respective responsibilities are set by an arrangement (Art. 26(1))."],
        fix: ["Ajoutez les coordonnées du responsable conjoint et la référence de l'accord de l'article 26.", "Add the joint controller's contact details and the reference of the Art. 26 arrangement."];
    A30_1b = "A30-1b", "purpose", Error, Article30, ["Art. 30(1)(b)", "Art. 30(1)(b)"],
        subject: ["Finalité du traitement", "Purpose of the processing"],
        why: ["La finalité fonde tout le reste : données nécessaires, durée, base légale.", "The purpose grounds everything else: which data are needed, for how long, on what basis."],
        fix: ["Décrivez en une phrase l'objectif poursuivi (ex. « Gestion de la paie des salariés »).", "Describe the aim in one sentence (e.g. \"Payroll of employees\")."];
    PurposeSoftware = "purpose-software", "purpose-is-software", Warning, Article30, ["Art. 30(1)(b), Art. 5(1)(b)", "Art. 30(1)(b), Art. 5(1)(b)"],
        subject: ["Finalité réduite au nom d'un logiciel", "Purpose that is only a software name"],
        why: ["Un outil n'est pas une finalité : « Sellsy » ne dit pas pourquoi les données sont traitées.", "A tool is not a purpose: \"Sellsy\" does not say why the data are processed."],
        fix: ["Décrivez ce que l'outil permet de faire (ex. « Facturation des clients avec Sellsy »).", "Describe what the tool is used for (e.g. \"Invoicing customers with Sellsy\")."];
    PurposeVague = "purpose-vague", "purpose-vague", Warning, Risk, ["Art. 5(1)(b), Art. 30(1)(b)", "Art. 5(1)(b), Art. 30(1)(b)"],
        subject: ["Finalité trop générale (un ou deux mots génériques, ou une formule fourre-tout)", "Purpose too general (one or two generic words, or a catch-all)"],
        why: ["Une finalité doit être déterminée et explicite : « Gestion » ou « Bibliothèque » ne dit pas pourquoi les données sont traitées.", "A purpose must be specified and explicit: \"Management\" or \"Library\" does not say why the data are processed."],
        fix: ["Décrivez l'objectif en une phrase (ex. « Gestion des prêts de livres aux adhérents de la bibliothèque »).", "Describe the aim in one sentence (e.g. \"Managing book loans to the library's members\")."];
    A30_1cSubjects = "A30-1c-subjects", "data-subjects", Error, Article30, ["Art. 30(1)(c)", "Art. 30(1)(c)"],
        subject: ["Catégories de personnes concernées", "Categories of data subjects"],
        why: ["Sans les personnes concernées, on ne peut ni les informer ni mesurer les risques pour elles.", "Without the data subjects, they can be neither informed nor protected from the risks."],
        fix: ["Listez les catégories de personnes (clients, prospects, salariés, élèves…).", "List the categories of people (customers, prospects, employees, pupils…)."];
    A30_1cData = "A30-1c-data", "data-categories", Error, Article30, ["Art. 30(1)(c)", "Art. 30(1)(c)"],
        subject: ["Catégories de données personnelles", "Categories of personal data"],
        why: ["La minimisation (Art. 5(1)(c)) ne se vérifie que si les données sont listées.", "Data minimisation (Art. 5(1)(c)) can only be checked if the data are listed."],
        fix: ["Listez les catégories de données traitées (état civil, coordonnées, données de connexion…).", "List the categories of data processed (identity, contact details, connection data…)."];
    A9Mentioned = "A9-mentioned", "sensitive-data-mentioned", Warning, Risk, ["Art. 9(1) et 9(2)", "Art. 9(1) and 9(2)"],
        subject: ["Données sensibles (art. 9) mentionnées, mais la rubrique « données sensibles » dit non ou rien (à vérifier)", "Special-category data (Art. 9) mentioned, but the sensitive-data answer says no or nothing (to check)"],
        why: ["Ces données sont interdites sauf si l'une des conditions de l'article 9(2) s'applique ; la réponse du registre doit le refléter.", "These data are prohibited unless one of the conditions of Art. 9(2) applies; the record's answer must reflect it."],
        fix: ["Vérifiez ces mots ; s'il s'agit bien de telles données, dites-le dans la fiche, précisez lesquelles et la condition de l'article 9(2).", "Check these words; if they are such data, say so in the record, say which, and give the Art. 9(2) condition."];
    A9Condition = "A9-condition", "special-category-condition", Warning, Risk, ["Art. 9(1) et 9(2) ; Art. 5(2)", "Art. 9(1) and 9(2); Art. 5(2)"],
        subject: ["Données sensibles (art. 9) déclarées sans la condition de l'article 9(2) qui permet de les traiter", "Special-category data (Art. 9) declared without the Art. 9(2) condition that allows their processing"],
        why: ["Le traitement de ces données est interdit sauf si l'une des conditions de l'article 9(2) s'applique (consentement explicite, droit du travail, médecine du travail, intérêt public important…) ; l'article 30 ne demande pas de l'écrire dans le registre, mais le responsable doit pouvoir la démontrer (art. 5(2)).", "Processing these data is prohibited unless one of the conditions of Art. 9(2) applies (explicit consent, employment law, occupational medicine, substantial public interest…); Art. 30 does not ask for it in the record, but the controller must be able to show it (Art. 5(2))."],
        fix: ["Indiquez la condition de l'article 9(2) (ex. « art. 9(2)(b), obligations du droit du travail »).", "Give the Art. 9(2) condition (e.g. \"Art. 9(2)(b), employment law obligations\")."];
    A10Mentioned = "A10-mentioned", "criminal-data-mentioned", Warning, Risk, ["Art. 10", "Art. 10"],
        subject: ["Données relatives aux condamnations pénales et aux infractions (art. 10) mentionnées, sans le texte qui en autorise le traitement (à vérifier)", "Data relating to criminal convictions and offences (Art. 10) mentioned, without the law that authorises their processing (to check)"],
        why: ["L'article 10 n'en permet le traitement que sous le contrôle de l'autorité publique ou si le droit de l'Union ou d'un État membre l'autorise avec des garanties appropriées.", "Art. 10 allows their processing only under the control of official authority or where Union or Member State law authorises it with appropriate safeguards."],
        fix: ["Vérifiez ces mots ; s'il s'agit bien de telles données, dites-le dans la rubrique « données sensibles » (art. 10) avec le texte qui autorise le traitement et ses garanties.", "Check these words; if they are such data, say so in the sensitive-data answer (Art. 10), with the law that authorises the processing and its safeguards."];
    A87NationalId = "A87-national-id", "national-identifier", Info, Risk, ["Art. 87 ; droit national (en France : loi Informatique et Libertés art. 30 et décret n° 2019-341 du 19 avril 2019 ; en Allemagne : § 18f SGB IV)", "Art. 87; national law (in France: French Data Protection Act Art. 30 and decree no. 2019-341 of 19 April 2019; in Germany: § 18f SGB IV)"],
        subject: ["Numéro d'identification national (NIR, numéro de sécurité sociale) dans les données", "National identification number (social-security or national registration number) in the data"],
        why: ["Ce n'est pas une donnée sensible de l'article 9, mais le droit national en encadre l'usage (article 87) : en France, l'article 30 de la loi Informatique et Libertés et le décret n° 2019-341 fixent les cas où le NIR peut être utilisé ; en Allemagne, le § 18f SGB IV limite l'usage du numéro d'assurance sociale.", "It is not special-category data under Art. 9, but national law frames its use (Art. 87): in France, Art. 30 of the French Data Protection Act and decree no. 2019-341 set the cases where the national registration number may be used; in Germany, § 18f SGB IV limits the use of the social-insurance number."],
        fix: ["Vérifiez que l'usage du numéro entre dans un cas que le droit national autorise (paie, déclarations sociales, santé…) et notez-le dans la fiche.", "Check that the number's use is a case national law allows (payroll, social-security returns, health…) and note it in the record."];
    HighlyPersonal = "highly-personal", "highly-personal-data", Info, GoodPractice, ["Bonne pratique : EDPB-WP248 rev.01, critère 4", "Good practice: EDPB-WP248 rev.01, criterion 4"],
        subject: ["Données à caractère hautement personnel (financières, de localisation)", "Highly personal data (financial, location)"],
        why: ["Ce ne sont pas des données sensibles au sens de l'article 9, mais un critère à peser pour décider d'une analyse d'impact.", "They are not special-category data under Art. 9, but a criterion to weigh when deciding on a DPIA."],
        fix: ["Rien à corriger dans le registre ; tenez-en compte dans l'examen de la nécessité d'une AIPD.", "Nothing to correct in the record; weigh it when deciding whether a DPIA is needed."];
    A30_1d = "A30-1d", "recipients", Error, Article30, ["Art. 30(1)(d)", "Art. 30(1)(d)"],
        subject: ["Destinataires des données", "Recipients of the data"],
        why: ["Savoir qui reçoit les données est nécessaire pour informer les personnes et encadrer les flux.", "Knowing who receives the data is needed to inform people and to govern the flows."],
        fix: ["Listez les services internes, organismes externes et sous-traitants qui reçoivent les données.", "List the internal teams, external bodies and processors that receive the data."];
    A28Processors = "A28-processors", "processors", Warning, Risk, ["Art. 28, Art. 30(1)(d)", "Art. 28, Art. 30(1)(d)"],
        subject: ["Prestataire cité (hébergeur, sous-traitant) mais aucun sous-traitant enregistré", "A provider is named (host, processor) but no processor is recorded"],
        why: ["Chaque sous-traitant doit être lié par un contrat (Art. 28) ; le registre est la liste de référence.", "Every processor must be bound by a contract (Art. 28); the record is the reference list."],
        fix: ["Ajoutez l'hébergeur ou le prestataire dans la rubrique sous-traitants, avec son rôle et la référence du contrat.", "Add the host or provider to the processors, with its role and the contract reference."];
    A28ContractMissing = "A28-contract-missing", "processor-contract-missing", Error, Risk, ["Art. 28(3)", "Art. 28(3)"],
        subject: ["Sous-traitant dont le contrat de l'article 28 manque ou n'est pas signé", "Processor whose Art. 28 contract is missing or unsigned"],
        why: ["Le traitement par un sous-traitant doit être régi par un contrat ou un autre acte juridique qui lie le sous-traitant (art. 28(3)) : tant qu'il manque, le traitement n'a pas ce cadre.", "Processing by a processor must be governed by a contract or other legal act binding the processor (Art. 28(3)): while it is missing, the processing lacks that frame."],
        fix: ["Faites signer le contrat (ou l'avenant RGPD) avant de confier les données, puis notez sa référence et sa date.", "Have the contract (or GDPR addendum) signed before entrusting the data, then note its reference and date."];
    A28Contract = "A28-contract", "processor-contract", Info, GoodPractice, ["Art. 28(3) ; bonne pratique : référencer le contrat dans le registre", "Art. 28(3); good practice: refer to the contract in the record"],
        subject: ["Sous-traitant enregistré sans mention du contrat de l'article 28", "Processor recorded with no mention of the Art. 28 contract"],
        why: ["Tout traitement par un sous-traitant doit être régi par un contrat (art. 28(3)) ; le registre n'est pas tenu de le citer, mais le référencer permet de le retrouver lors d'un contrôle.", "Processing by a processor must be governed by a contract (Art. 28(3)); the record need not cite it, but referencing it lets it be found in an audit."],
        fix: ["Indiquez pour chaque sous-traitant la référence du contrat ou des clauses (DPA, avenant RGPD) et sa date.", "Give for each processor the reference and date of the contract or clauses (DPA, GDPR addendum)."];
    A30_1e = "A30-1e", "transfers", Warning, Article30, ["Art. 30(1)(e) (« le cas échéant »)", "Art. 30(1)(e) (“where applicable”)"],
        subject: ["Transferts vers un pays tiers (hors EEE)", "Transfers to a third country (outside the EEA)"],
        why: ["Le registre indique les transferts vers des pays tiers lorsqu'il y en a ; une rubrique muette ne dit pas s'il n'y en a aucun.", "The record states transfers to third countries where there are any; a silent field does not say there are none."],
        fix: ["Écrivez « aucun transfert hors EEE » s'il n'y en a pas ; sinon, indiquez les pays tiers et l'outil de transfert.", "Write \"no transfer outside the EEA\" if there is none; otherwise give the third countries and the transfer tool."];
    A30_1eDetails = "A30-1e-details", "transfer-country", Error, Article30, ["Art. 30(1)(e)", "Art. 30(1)(e)"],
        subject: ["Transfert hors EEE déclaré sans pays destinataire identifié", "Transfer outside the EEA declared without an identified destination country"],
        why: ["L'article 30(1)(e) demande l'identification du pays tiers ; « hors UE » n'en est pas un.", "Art. 30(1)(e) asks for the third country to be identified; \"outside the EU\" is none."],
        fix: ["Nommez chaque pays destinataire (ex. « États-Unis (Microsoft, certifié DPF) »).", "Name each destination country (e.g. \"United States (Microsoft, DPF-certified)\")."];
    A46Tool = "A46-tool", "transfer-tool", Warning, Risk, ["Art. 44, Art. 46, Art. 49 ; Art. 30(1)(e) : documents attestant des garanties pour les transferts de l'art. 49(1), second alinéa", "Art. 44, Art. 46, Art. 49; Art. 30(1)(e): documentation of suitable safeguards for transfers under the second subparagraph of Art. 49(1)"],
        subject: ["Transfert vers un pays sans décision d'adéquation, sans outil de transfert nommé", "Transfer to a country without an adequacy decision, with no transfer tool named"],
        why: ["Hors décision d'adéquation (art. 45), un transfert exige des garanties appropriées (art. 46 : clauses contractuelles types, BCR…) ou une dérogation de l'article 49 ; une décision d'adéquation n'est pas une garantie mais en dispense.", "Without an adequacy decision (Art. 45), a transfer needs appropriate safeguards (Art. 46: standard contractual clauses, BCRs…) or an Art. 49 derogation; an adequacy decision is no safeguard but makes one unnecessary."],
        fix: ["Indiquez l'outil : clauses contractuelles types (décision 2021/914), BCR, certification DPF du destinataire américain, ou la dérogation de l'article 49 invoquée.", "Name the tool: standard contractual clauses (Decision 2021/914), BCRs, the US recipient's DPF certification, or the Art. 49 derogation relied on."];
    A46Invalid = "A46-invalid", "transfer-tool-invalid", Error, Risk, ["Art. 44 ; CJUE, C-311/18, 16 juillet 2020 (Privacy Shield invalidé)", "Art. 44; CJEU, C-311/18, 16 July 2020 (Privacy Shield invalidated)"],
        subject: ["Outil de transfert invalide ou absent (Privacy Shield, « sans garantie »)", "Invalid or missing transfer tool (Privacy Shield, \"no safeguard\")"],
        why: ["Le Privacy Shield est invalide depuis l'arrêt Schrems II du 16 juillet 2020 ; un transfert sans garantie n'est licite que sous une dérogation de l'article 49.", "The Privacy Shield has been invalid since the Schrems II judgment of 16 July 2020; a transfer without safeguards is lawful only under an Art. 49 derogation."],
        fix: ["Remplacez-le par un outil valide : certification du destinataire au Data Privacy Framework (10 juillet 2023), clauses contractuelles types, BCR.", "Replace it with a valid tool: the recipient's Data Privacy Framework certification (10 July 2023), standard contractual clauses, BCRs."];
    A44Provider = "A44-provider", "provider-outside-eea", Warning, Risk, ["Art. 44 ; Art. 30(1)(e) ; EDPB, recommandations 01/2020", "Art. 44; Art. 30(1)(e); EDPB, Recommendations 01/2020"],
        subject: ["Prestataire dont le groupe est établi hors EEE, sans transfert déclaré (à vérifier)", "Provider whose group is established outside the EEA, with no transfer declared (to check)"],
        why: ["Un prestataire dont le groupe est établi hors EEE (accès du support, sous-traitants ultérieurs) implique souvent un transfert, même avec des serveurs en Europe.", "A provider whose group is established outside the EEA (support access, sub-processors) often means a transfer, even with servers in Europe."],
        fix: ["Vérifiez auprès du prestataire (contrat, liste des sous-traitants ultérieurs) s'il y a transfert ; si oui, déclarez le pays et l'outil ; sinon, notez « aucun transfert (données et support dans l'EEE) ».", "Check with the provider (contract, sub-processor list) whether data leave the EEA; if so, declare the country and tool; if not, note \"no transfer (data and support in the EEA)\"."];
    A30_1f = "A30-1f", "retention", Error, Article30, ["Art. 30(1)(f)", "Art. 30(1)(f)"],
        subject: ["Durées de conservation", "Retention periods"],
        why: ["Les données ne peuvent être gardées plus longtemps que nécessaire (Art. 5(1)(e)).", "Data may not be kept longer than necessary (Art. 5(1)(e))."],
        fix: ["Indiquez pour chaque catégorie de données une durée (ex. « 3 ans après la fin du contrat »).", "Give a period for each category of data (e.g. \"3 years after the end of the contract\")."];
    A30_1fVague = "A30-1f-vague", "retention-vague", Warning, Article30, ["Art. 30(1)(f), Art. 5(1)(e)", "Art. 30(1)(f), Art. 5(1)(e)"],
        subject: ["Durée de conservation sans durée chiffrée ni point de départ objectif", "Retention without a figure or an objective starting point"],
        why: ["« Aussi longtemps que nécessaire » ne dit pas quand les données seront effacées : la durée doit être bornée, par un chiffre ou par un événement objectif (fin du contrat, désinscription).", "\"As long as necessary\" does not say when the data will be erased: the period must be bounded, by a figure or by an objective event (end of the contract, unsubscription)."],
        fix: ["Donnez une durée chiffrée et son point de départ (ex. « 2 ans après la clôture du compte »).", "Give a figure and its starting point (e.g. \"2 years after the account is closed\")."];
    A5RetentionUnlimited = "A5-retention-unlimited", "retention-unlimited", Error, Risk, ["Art. 5(1)(e), Art. 89(1)", "Art. 5(1)(e), Art. 89(1)"],
        subject: ["Conservation illimitée", "Retention without limit"],
        why: ["Les données ne peuvent être conservées sous une forme identifiante que le temps nécessaire aux finalités ; l'article 5(1)(e) ne permet une conservation plus longue que pour l'archivage dans l'intérêt public, la recherche scientifique ou historique ou la statistique, avec les garanties de l'article 89(1) ; des données anonymisées ne sont plus concernées.", "Data may be kept in a form that identifies people only as long as the purposes need; Art. 5(1)(e) allows longer storage only for archiving in the public interest, scientific or historical research or statistics, with the safeguards of Art. 89(1); anonymised data are no longer concerned."],
        fix: ["Fixez une durée (chiffre ou événement de fin), ou l'anonymisation à son terme ; s'il s'agit d'archives définitives (intérêt public), citez le texte qui les régit.", "Set a period (a figure or an end event), or anonymisation at its end; if these are permanent public-interest archives, cite the law that governs them."];
    A5RetentionBenchmark = "A5-retention-benchmark", "retention-benchmark", Warning, Risk, ["Art. 5(1)(e) ; référentiels et recommandations des autorités de contrôle (CNIL ; autorités allemandes), durées légales nationales", "Art. 5(1)(e); supervisory authorities' reference frameworks and recommendations (CNIL; German authorities), national statutory periods"],
        subject: ["Durée de conservation au-delà de la référence pour cette finalité (à vérifier)", "Retention beyond the reference for this purpose (to check)"],
        why: ["Les données ne sont gardées que le temps nécessaire (art. 5(1)(e)) ; l'autorité de contrôle et la loi du pays du responsable fixent des repères pour les finalités courantes.", "Data are kept no longer than necessary (Art. 5(1)(e)); the supervisory authority and the law of the controller's country give benchmarks for common purposes."],
        fix: ["Ramenez la durée à la référence, ou notez dans le registre ce qui justifie de la dépasser (obligation légale, contentieux).", "Bring the period down to the reference, or note in the record what justifies exceeding it (legal obligation, litigation)."];
    RetentionSubjects = "A30-1f-subjects", "retention-other-subjects", Warning, Article30, ["Art. 30(1)(c), Art. 30(1)(f)", "Art. 30(1)(c), Art. 30(1)(f)"],
        subject: ["Durée de conservation qui parle d'autres personnes que celles de l'activité (à vérifier)", "Retention period that refers to people other than this activity's data subjects (to check)"],
        why: ["Les durées de l'article 30(1)(f) sont celles des données de ce traitement : une durée qui parle d'autres personnes a souvent été copiée d'une autre fiche.", "The periods of Art. 30(1)(f) are those of this processing's data: a period about other people was often copied from another record."],
        fix: ["Vérifiez la durée avec le métier et donnez celle des données des personnes concernées de cette activité.", "Check the period with the business and give the one for the data of this activity's data subjects."];
    A30_1g = "A30-1g", "security", Warning, Article30, ["Art. 30(1)(g) (« dans la mesure du possible »), Art. 32", "Art. 30(1)(g) (“where possible”), Art. 32"],
        subject: ["Mesures de sécurité", "Security measures"],
        why: ["L'article 30(1)(g) demande, dans la mesure du possible, une description générale des mesures de l'article 32.", "Art. 30(1)(g) asks, where possible, for a general description of the Art. 32 measures."],
        fix: ["Décrivez les mesures techniques et organisationnelles (contrôle d'accès, traçabilité, sauvegarde, chiffrement…).", "Describe the technical and organisational measures (access control, logging, backup, encryption…)."];
    A30_2b = "A30-2b", "processor-categories", Error, Article30, ["Art. 30(2)(b)", "Art. 30(2)(b)"],
        subject: ["Registre de sous-traitant : catégories de traitements effectués pour le compte du responsable", "Processor's record: categories of processing carried out on behalf of the controller"],
        why: ["Le registre d'un sous-traitant (art. 30(2)) décrit les catégories de traitements effectués pour le compte de chaque responsable ; finalités, personnes, destinataires et durées relèvent du registre du responsable.", "A processor's record (Art. 30(2)) describes the categories of processing carried out on behalf of each controller; purposes, data subjects, recipients and retention belong to the controller's record."],
        fix: ["Nommez le traitement effectué (ex. « Paie pour le compte des clients ») et le responsable pour le compte duquel vous agissez.", "Name the processing carried out (e.g. \"Payroll on behalf of clients\") and the controller you act for."];
    A6Basis = "A6-basis", "legal-basis", Info, GoodPractice, ["Bonne pratique (non exigé par l'art. 30(1)) : art. 5(2), art. 13(1)(c)", "Good practice (not required by Art. 30(1)): Art. 5(2), Art. 13(1)(c)"],
        subject: ["Base légale du traitement", "Lawful basis of the processing"],
        why: ["La base légale n'est pas une mention de l'article 30(1), mais la documenter dans le registre aide à démontrer la conformité (art. 5(2)) et à informer les personnes (art. 13(1)(c)).", "The lawful basis is not an Art. 30(1) item, but recording it helps to demonstrate compliance (Art. 5(2)) and to inform people (Art. 13(1)(c))."],
        fix: ["Indiquez l'une des six bases de l'article 6(1) : consentement, contrat, obligation légale, intérêts vitaux, mission d'intérêt public, intérêt légitime.", "Give one of the six bases of Art. 6(1): consent, contract, legal obligation, vital interests, public task, legitimate interests."];
    A6BasisUnknown = "A6-basis-unknown", "legal-basis-unknown", Warning, Risk, ["Art. 6(1)", "Art. 6(1)"],
        subject: ["Base légale indiquée, mais aucune des six de l'article 6(1)", "Lawful basis given, but none of the six of Art. 6(1)"],
        why: ["Un traitement n'est licite que sur l'une des six bases de l'article 6(1).", "Processing is lawful only on one of the six bases of Art. 6(1)."],
        fix: ["Reformulez avec l'une des six bases : consentement, contrat, obligation légale, intérêts vitaux, mission d'intérêt public, intérêt légitime.", "Restate it as one of the six: consent, contract, legal obligation, vital interests, public task, legitimate interests."];
    A6Undecided = "A6-undecided", "legal-basis-undecided", Warning, Risk, ["Art. 6(1), Art. 5(2)", "Art. 6(1), Art. 5(2)"],
        subject: ["Base légale encore à décider", "Lawful basis still to be decided"],
        why: ["Un traitement n'est licite que sur l'une des bases de l'article 6(1), choisie avant qu'il commence ; le responsable doit pouvoir la démontrer (art. 5(2)) et l'indiquer aux personnes (art. 13(1)(c)).", "Processing is lawful only on one of the bases of Art. 6(1), chosen before it starts; the controller must be able to show it (Art. 5(2)) and tell people (Art. 13(1)(c))."],
        fix: ["Tranchez la base avec le DPO et inscrivez-la ; tant qu'elle ne l'est pas, le traitement n'en a pas.", "Decide the basis with the DPO and record it; until then the processing has none."];
    A6Context = "A6-context", "legal-basis-context", Warning, Risk, ["Art. 6(1) ; Art. 6(1), dernier alinéa ; considérant 43 ; EDPB, lignes directrices 05/2020 sur le consentement, § 3.1.1", "Art. 6(1); Art. 6(1), last subparagraph; Recital 43; EDPB, Guidelines 05/2020 on consent, § 3.1.1"],
        subject: ["Base légale peu adaptée au contexte (à vérifier)", "Lawful basis ill-suited to the context (to check)"],
        why: ["Le consentement des salariés est rarement libre (déséquilibre de pouvoir) ; l'intérêt légitime ne s'applique pas aux autorités publiques dans l'exécution de leurs missions ; le contrat ne fonde que le traitement nécessaire à un contrat auquel la personne est partie.", "Employees' consent is rarely free (imbalance of power); legitimate interests do not apply to public authorities performing their tasks; contract covers only processing necessary for a contract the person is party to."],
        fix: ["Revoyez la base légale : pour les salariés, le contrat de travail ou une obligation légale ; pour une autorité publique, la mission d'intérêt public ou une obligation légale ; pour des prospects, l'intérêt légitime ou le consentement.", "Review the basis: for employees, the employment contract or a legal obligation; for a public authority, the public task or a legal obligation; for prospects, legitimate interests or consent."];
    TrackersConsent = "trackers-consent", "trackers-consent", Warning, Risk, ["Directive 2002/58/CE, art. 5(3) ; loi Informatique et Libertés, art. 82 ; CJUE, C-673/17 (Planet49) ; CNIL, délibération n° 2020-091", "Directive 2002/58/EC, Art. 5(3); French Data Protection Act, Art. 82; CJEU, C-673/17 (Planet49); CNIL, deliberation no. 2020-091"],
        subject: ["Traceurs publicitaires sur la base de l'intérêt légitime (à vérifier)", "Advertising trackers on the basis of legitimate interests (to check)"],
        why: ["Lire ou déposer des traceurs sur le terminal d'une personne à des fins publicitaires exige son consentement préalable (directive ePrivacy, art. 5(3)), quelle que soit la base légale du traitement qui suit.", "Reading or storing trackers on a person's device for advertising needs their prior consent (ePrivacy Directive, Art. 5(3)), whatever the lawful basis of the processing that follows."],
        fix: ["Fondez ces traceurs sur le consentement recueilli avant leur dépôt (bandeau avec un refus aussi simple que l'acceptation) et indiquez-le comme base légale.", "Base these trackers on consent collected before they are set (a banner where refusing is as easy as accepting), and record consent as the basis."];
    A35Dpia = "A35-dpia", "dpia-screening", Warning, Risk, ["Art. 35(1) ; EDPB-WP248 rev.01 (neuf critères)", "Art. 35(1); EDPB-WP248 rev.01 (nine criteria)"],
        subject: ["Deux critères d'AIPD ou plus (WP248) et aucune AIPD mentionnée (à vérifier)", "Two or more DPIA criteria (WP248) and no DPIA mentioned (to check)"],
        why: ["Les lignes directrices WP248 estiment qu'un traitement qui remplit au moins deux des neuf critères requiert en général une analyse d'impact.", "The WP248 guidelines consider that processing meeting two or more of the nine criteria generally requires a DPIA."],
        fix: ["Vérifiez si une AIPD est requise ; si oui, menez-la et indiquez sa date et sa conclusion ; sinon, notez pourquoi elle ne l'est pas.", "Check whether a DPIA is required; if so, carry it out and record its date and outcome; if not, note why."];
    A35CnilList = "A35-cnil-list", "dpia-cnil-list", Warning, Risk, ["Art. 35(1) et 35(4) ; CNIL, délibération n° 2018-327 du 11 octobre 2018", "Art. 35(1) and 35(4); CNIL, deliberation no. 2018-327 of 11 October 2018"],
        subject: ["Type de traitement pour lequel la CNIL exige une AIPD, et aucune AIPD mentionnée (à vérifier)", "A type of processing for which the CNIL requires a DPIA, and no DPIA recorded (to check)"],
        why: ["La CNIL a listé les types de traitements pour lesquels une analyse d'impact est obligatoire avant leur mise en œuvre (article 35(4)).", "The CNIL has listed the types of processing that require a DPIA before they start (Art. 35(4))."],
        fix: ["Vérifiez si le traitement relève de ce type ; si oui, menez l'AIPD et notez-la dans la fiche.", "Check whether the processing is of this type; if so, carry out the DPIA and record it."];
    A35CnilExempt = "A35-cnil-exempt", "dpia-cnil-exempt", Info, GoodPractice, ["Art. 35(5) ; CNIL, délibération n° 2019-118 du 12 septembre 2019", "Art. 35(5); CNIL, deliberation no. 2019-118 of 12 September 2019"],
        subject: ["Deux critères WP248 ou plus, mais un type que la CNIL dispense d'AIPD sous condition", "Two WP248 criteria or more, but a type the CNIL exempts from a DPIA on a condition"],
        why: ["La CNIL a listé les types de traitements pour lesquels aucune analyse d'impact n'est requise (article 35(5)) ; la dispense tient à une condition que le registre ne dit pas.", "The CNIL has listed the types of processing that need no DPIA (Art. 35(5)); the exemption depends on a condition the record does not state."],
        fix: ["Si la condition est remplie, notez-le dans la fiche ; sinon, examinez la nécessité d'une AIPD.", "If the condition is met, say so in the record; if not, assess whether a DPIA is needed."];
    A22Automated = "A22-automated", "automated-decisions", Warning, Risk, ["Art. 22(3), considérant 71 ; Art. 13(2)(f)", "Art. 22(3), recital 71; Art. 13(2)(f)"],
        subject: ["Décision automatisée déclarée (à vérifier)", "Automated decision-making declared (to check)"],
        why: ["Une décision fondée exclusivement sur un traitement automatisé, produisant des effets juridiques ou similaires, et prise sur la base d'un contrat ou du consentement explicite, exige au moins le droit d'obtenir une intervention humaine, d'exprimer son point de vue et de contester la décision (art. 22(2)(a) et (c), 22(3)) ; autorisée par la loi, ce sont les garanties de cette loi (art. 22(2)(b)) ; elle ne devrait pas concerner un enfant (considérant 71).", "A decision based solely on automated processing, with legal or similarly significant effects, taken on the basis of a contract or explicit consent, requires at least the right to obtain human intervention, to express one's view and to contest the decision (Art. 22(2)(a) and (c), 22(3)); where a law authorises it, that law's safeguards apply (Art. 22(2)(b)); it should not concern a child (recital 71)."],
        fix: ["Décrivez dans la fiche l'intervention humaine prévue et comment la personne conteste la décision ; si la décision concerne des enfants, revoyez-la.", "Describe in the record the human intervention provided and how the person contests the decision; if it concerns children, reconsider it."];
    Minors = "minors", "minors", Warning, Risk, ["Considérant 38, art. 12(1) ; art. 8 pour un service en ligne fondé sur le consentement (en France, loi Informatique et Libertés art. 45)", "Recital 38, Art. 12(1); Art. 8 for an online service based on consent (in France, French Data Protection Act Art. 45)"],
        subject: ["Données de mineurs sans mention d'une information adaptée ni, pour un service en ligne fondé sur le consentement, de l'accord parental (à vérifier)", "Children's data without mention of adapted information nor, for an online service based on consent, of parental authorisation (to check)"],
        why: ["Les enfants méritent une protection spécifique (considérant 38) : une information claire et adaptée (art. 12(1)) ; si un service de la société de l'information leur est proposé directement sur la base du consentement, sous 15 ans en France celui du mineur et des titulaires de l'autorité parentale, conjointement (art. 8 ; loi Informatique et Libertés, art. 45).", "Children merit specific protection (recital 38): clear, adapted information (Art. 12(1)); where an information society service is offered directly to them on the basis of consent, that of the holders of parental responsibility under the national age (Art. 8; 15 in France)."],
        fix: ["Indiquez comment les parents consentent ou sont informés, et l'information prévue pour les enfants.", "State how parents consent or are informed, and the information given to the children."];
    Duplicate = "duplicate", "duplicate-activity", Warning, GoodPractice, ["Art. 30(1), Art. 5(2)", "Art. 30(1), Art. 5(2)"],
        subject: ["Activité enregistrée deux fois dans le même registre", "Activity recorded twice in one register"],
        why: ["Deux fiches identiques divergent à la première mise à jour et brouillent le registre.", "Two identical records drift apart at the first update and blur the register."],
        fix: ["Fusionnez les deux fiches, ou distinguez-les par leur finalité ou leur périmètre.", "Merge the two records, or tell them apart by purpose or scope."];
    Placeholder = "placeholder", "placeholder", Warning, GoodPractice, ["Art. 30(1)", "Art. 30(1)"],
        subject: ["Texte de remplissage", "Placeholder text"],
        why: ["« N/A » ou « Cliquez ici » laissent croire qu'une rubrique est remplie.", "\"N/A\" or \"Click here\" make a field look filled in."],
        fix: ["Renseignez la valeur réelle, ou videz la cellule si elle est sans objet.", "Enter the real value, or empty the cell if it does not apply."];
    Stale = "stale", "stale", Info, GoodPractice, ["Bonne pratique : art. 5(2), art. 24(1)", "Good practice: Art. 5(2), Art. 24(1)"],
        subject: ["Date de dernière mise à jour", "Date of the last update"],
        why: ["Un registre est un document vivant : les autorités de contrôle recommandent de le revoir régulièrement.", "A record is a living document: supervisory authorities advise reviewing it regularly."],
        fix: ["Relisez la fiche avec le métier au moins une fois par an et datez la revue.", "Review the record with the business at least once a year and date the review."];
    ExcelLimit = "excel-limit", "cell-too-long", Warning, GoodPractice, ["—", "—"],
        subject: ["Valeur de plus de 32 767 caractères, coupée dans register.xlsx", "Value over 32,767 characters, cut in register.xlsx"],
        why: ["Excel n'accepte pas de cellule plus longue : la cellule est tronquée, la valeur entière reste dans register.json.", "Excel takes no longer cell: the cell is cut, the whole value stays in register.json."],
        fix: ["Raccourcissez la valeur dans la source (renvoyez vers un document annexe), ou lisez-la dans register.json.", "Shorten the value in the source (point to an annex), or read it in register.json."];
    Unmapped = "unmapped", "unmapped", Info, GoodPractice, ["—", "—"],
        subject: ["Valeurs non mappées", "Unmapped values"],
        why: ["Une valeur sans champ canonique peut cacher une information exigée par l'article 30.", "A value with no canonical field may hide information Article 30 requires."],
        fix: ["Vérifiez qu'aucune ne contient une mention exigée par l'article 30 ; si c'est le cas, reportez-la dans sa rubrique.", "Check that none holds an item Article 30 requires; if one does, move it to its field."];
}

/// What a rule says under the UK GDPR where its EU text would tell a UK controller
/// something wrong: transfers are restricted transfers out of the UK, judged against the
/// UK's adequacy regulations and tools (IDTA, UK Addendum); the representative is a UK
/// one; the CNIL's and the EDPB's texts give way to the ICO's and the Data Protection
/// Act 2018. A text left `None` is the EU one, its article numbers being the UK GDPR's
/// too. Sources: DPA 2018 ss. 17A, 119A and Sch. 21 para. 5; ICO, guide to
/// international transfers; SI 2022/1213 (Republic of Korea); SI 2023/1028 (UK
/// Extension to the EU-US Data Privacy Framework, 12 October 2023).
struct UkText {
    /// The rule.
    id: RuleId,
    /// Where the duty comes from.
    article: Option<[&'static str; 2]>,
    /// What is checked.
    subject: Option<[&'static str; 2]>,
    /// Why it matters.
    why: Option<[&'static str; 2]>,
    /// How to fix it.
    fix: Option<[&'static str; 2]>,
}

/// The rules whose text differs under the UK GDPR.
const UK_TEXTS: &[UkText] = &[
    UkText {
        id: RuleId::A27Representative,
        article: Some([
            "UK GDPR art. 27(1), art. 30(1)(a)",
            "UK GDPR Art. 27(1), Art. 30(1)(a)",
        ]),
        subject: Some([
            "Responsable établi hors du Royaume-Uni sans représentant au Royaume-Uni (à vérifier)",
            "Controller established outside the UK without a UK representative (to check)",
        ]),
        why: Some([
            "Un responsable non établi au Royaume-Uni qui vise des personnes qui s'y trouvent désigne un représentant au Royaume-Uni (UK GDPR art. 27), dont le registre donne le nom et les coordonnées (art. 30(1)(a)).",
            "A controller not established in the UK that targets people in the UK designates a UK representative (UK GDPR Art. 27), whose name and contact details the record gives (Art. 30(1)(a)).",
        ]),
        fix: Some([
            "Indiquez le représentant au Royaume-Uni et ses coordonnées, ou pourquoi l'article 27(2) en dispense.",
            "Give the UK representative and their contact details, or why Art. 27(2) exempts you.",
        ]),
    },
    UkText {
        id: RuleId::A30_1e,
        article: None,
        subject: Some([
            "Transferts hors du Royaume-Uni (transferts restreints)",
            "Transfers outside the UK (restricted transfers)",
        ]),
        why: Some([
            "Le registre indique les transferts vers des pays tiers lorsqu'il y en a ; pour un responsable établi au Royaume-Uni, tout pays hors du Royaume-Uni en est un, l'EEE compris.",
            "The record states transfers to third countries where there are any; for a controller established in the UK, any country outside the UK is one, the EEA included.",
        ]),
        fix: Some([
            "Écrivez « aucun transfert hors du Royaume-Uni » s'il n'y en a pas ; sinon, indiquez les pays et le mécanisme (règlement d'adéquation britannique, IDTA, addendum britannique aux clauses de l'UE).",
            "Write \"no transfer outside the UK\" if there is none; otherwise give the countries and the mechanism (UK adequacy regulations, the IDTA, the UK Addendum to the EU SCCs).",
        ]),
    },
    UkText {
        id: RuleId::A30_1eDetails,
        article: None,
        subject: Some([
            "Transfert hors du Royaume-Uni déclaré sans pays destinataire identifié",
            "Transfer outside the UK declared without an identified destination country",
        ]),
        why: Some([
            "L'article 30(1)(e) demande l'identification du pays tiers ; « hors du Royaume-Uni » n'en est pas un.",
            "Art. 30(1)(e) asks for the third country to be identified; \"outside the UK\" is none.",
        ]),
        fix: Some([
            "Nommez chaque pays destinataire (ex. « États-Unis (prestataire certifié au titre de l'extension britannique du DPF) »).",
            "Name each destination country (e.g. \"United States (provider certified under the UK Extension to the DPF)\").",
        ]),
    },
    UkText {
        id: RuleId::A46Tool,
        article: Some([
            "UK GDPR art. 44, 45, 46 et 49 ; Data Protection Act 2018, art. 17A et 119A ; IDTA et addendum britannique (en vigueur depuis le 21 mars 2022)",
            "UK GDPR Arts 44, 45, 46 and 49; Data Protection Act 2018, ss. 17A and 119A; the IDTA and the UK Addendum (in force since 21 March 2022)",
        ]),
        subject: Some([
            "Transfert restreint vers un pays sans règlement d'adéquation britannique, sans garantie nommée",
            "Restricted transfer to a country without UK adequacy regulations, with no safeguard named",
        ]),
        why: Some([
            "Sans règlement d'adéquation britannique (art. 45 ; DPA 2018 art. 17A), un transfert restreint exige une garantie appropriée (art. 46 : IDTA, clauses contractuelles types de l'UE avec l'addendum britannique, BCR) ou une exception de l'article 49 ; les clauses de l'UE seules ne suffisent pas.",
            "Without UK adequacy regulations (Art. 45; DPA 2018 s. 17A), a restricted transfer needs an appropriate safeguard (Art. 46: the IDTA, the EU SCCs with the UK Addendum, BCRs) or an Art. 49 exception; the EU SCCs alone are not enough.",
        ]),
        fix: Some([
            "Indiquez la garantie : IDTA, clauses de l'UE avec l'addendum britannique, BCR, certification du destinataire américain au titre de l'extension britannique du DPF, ou l'exception de l'article 49 invoquée.",
            "Name the safeguard: the IDTA, the EU SCCs with the UK Addendum, BCRs, the US recipient's certification under the UK Extension to the DPF, or the Art. 49 exception relied on.",
        ]),
    },
    UkText {
        id: RuleId::A46Invalid,
        article: Some([
            "UK GDPR art. 44 ; CJUE, C-311/18, 16 juillet 2020 (Privacy Shield invalidé, arrêt antérieur à la fin de la période de transition)",
            "UK GDPR Art. 44; CJEU, C-311/18, 16 July 2020 (Privacy Shield invalidated, a judgment before the end of the transition period)",
        ]),
        subject: None,
        why: Some([
            "Le Privacy Shield est invalide depuis l'arrêt Schrems II du 16 juillet 2020, que le droit britannique a retenu ; un transfert sans garantie n'est licite que sous une exception de l'article 49.",
            "The Privacy Shield has been invalid since the Schrems II judgment of 16 July 2020, which UK law retained; a transfer without safeguards is lawful only under an Art. 49 exception.",
        ]),
        fix: Some([
            "Remplacez-le par une garantie valide : IDTA, clauses de l'UE avec l'addendum britannique, BCR, ou certification du destinataire au titre de l'extension britannique du DPF (12 octobre 2023).",
            "Replace it with a valid safeguard: the IDTA, the EU SCCs with the UK Addendum, BCRs, or the recipient's certification under the UK Extension to the DPF (12 October 2023).",
        ]),
    },
    UkText {
        id: RuleId::A44Provider,
        article: Some([
            "UK GDPR art. 44 ; art. 30(1)(e) ; ICO, guide des transferts internationaux",
            "UK GDPR Art. 44; Art. 30(1)(e); ICO, guide to international transfers",
        ]),
        subject: Some([
            "Prestataire dont le groupe est établi hors du Royaume-Uni, sans transfert déclaré (à vérifier)",
            "Provider whose group is established outside the UK, with no transfer declared (to check)",
        ]),
        why: Some([
            "Un prestataire dont le groupe est établi hors du Royaume-Uni (accès du support, sous-traitants ultérieurs) implique souvent un transfert restreint, même avec des serveurs au Royaume-Uni.",
            "A provider whose group is established outside the UK (support access, sub-processors) often means a restricted transfer, even with servers in the UK.",
        ]),
        fix: Some([
            "Vérifiez auprès du prestataire (contrat, liste des sous-traitants ultérieurs) s'il y a transfert ; si oui, déclarez le pays et le mécanisme ; sinon, notez « aucun transfert (données et support au Royaume-Uni) ».",
            "Check with the provider (contract, sub-processor list) whether data leave the UK; if so, declare the country and the mechanism; if not, note \"no transfer (data and support in the UK)\".",
        ]),
    },
    UkText {
        id: RuleId::A9Mentioned,
        article: Some([
            "UK GDPR art. 9(1) et 9(2) ; Data Protection Act 2018, art. 10 et annexe 1",
            "UK GDPR Art. 9(1) and 9(2); Data Protection Act 2018, s. 10 and Schedule 1",
        ]),
        subject: None,
        why: None,
        fix: Some([
            "Vérifiez ces mots ; s'il s'agit bien de telles données, dites-le dans la fiche, précisez lesquelles, la condition de l'article 9(2) et, quand elle le demande, celle de l'annexe 1 du DPA 2018.",
            "Check these words; if they are such data, say so in the record, say which, and give the Art. 9(2) condition and, where it asks for one, the Schedule 1 condition of the DPA 2018.",
        ]),
    },
    UkText {
        id: RuleId::A9Condition,
        article: Some([
            "UK GDPR art. 9(1) et 9(2) ; Data Protection Act 2018, art. 10 et annexe 1, partie 4, para. 41",
            "UK GDPR Art. 9(1) and 9(2); Data Protection Act 2018, s. 10 and Sch. 1 Part 4 para. 41",
        ]),
        subject: None,
        why: Some([
            "Le traitement de ces données est interdit sauf si l'une des conditions de l'article 9(2) s'applique ; quand elle repose sur une condition de l'annexe 1 du DPA 2018 (emploi, intérêt public important), le registre doit la nommer (annexe 1, partie 4, para. 41).",
            "Processing these data is prohibited unless one of the conditions of Art. 9(2) applies; where it relies on a condition of Schedule 1 to the DPA 2018 (employment, substantial public interest), the record must name it (Sch. 1 Part 4 para. 41).",
        ]),
        fix: Some([
            "Indiquez la condition de l'article 9(2) et, le cas échéant, celle de l'annexe 1 du DPA 2018, avec la référence du document de politique appropriée.",
            "Give the Art. 9(2) condition and, where one applies, the Schedule 1 condition of the DPA 2018, with a reference to the appropriate policy document.",
        ]),
    },
    UkText {
        id: RuleId::A10Mentioned,
        article: Some([
            "UK GDPR art. 10 ; Data Protection Act 2018, art. 10(5) et annexe 1, parties 1 à 3",
            "UK GDPR Art. 10; Data Protection Act 2018, s. 10(5) and Schedule 1, Parts 1 to 3",
        ]),
        subject: None,
        why: Some([
            "Au Royaume-Uni, l'article 10 n'en permet le traitement que sous le contrôle de l'autorité publique ou si une condition de l'annexe 1 du Data Protection Act 2018 l'autorise.",
            "In the UK, Art. 10 allows their processing only under the control of official authority or where a condition of Schedule 1 to the Data Protection Act 2018 authorises it.",
        ]),
        fix: Some([
            "Vérifiez ces mots ; s'il s'agit bien de telles données, dites-le dans la rubrique « données sensibles » (art. 10), avec la condition de l'annexe 1 invoquée.",
            "Check these words; if they are such data, say so in the sensitive-data answer (Art. 10), with the Schedule 1 condition relied on.",
        ]),
    },
    UkText {
        id: RuleId::HighlyPersonal,
        article: Some([
            "Bonne pratique : ICO, guide des AIPD (critères WP248 rev.01, critère 4)",
            "Good practice: ICO, DPIA guidance (WP248 rev.01 criteria, criterion 4)",
        ]),
        subject: None,
        why: None,
        fix: None,
    },
    UkText {
        id: RuleId::A6Basis,
        article: Some([
            "Bonne pratique (non exigé par l'art. 30(1)) : art. 5(2), art. 13(1)(c) ; ICO, documentation",
            "Good practice (not required by Art. 30(1)): Art. 5(2), Art. 13(1)(c); ICO, documentation",
        ]),
        subject: None,
        why: None,
        fix: None,
    },
    UkText {
        id: RuleId::A6Context,
        article: Some([
            "UK GDPR art. 6(1) ; art. 6(1), dernier alinéa ; considérant 43 ; ICO, guide du consentement",
            "UK GDPR Art. 6(1); Art. 6(1), last subparagraph; recital 43; ICO, consent guidance",
        ]),
        subject: None,
        why: None,
        fix: None,
    },
    UkText {
        id: RuleId::TrackersConsent,
        article: Some([
            "PECR 2003, règle 6 ; UK GDPR art. 6(1)(a) ; ICO, guide des cookies et technologies similaires",
            "PECR 2003, reg. 6; UK GDPR Art. 6(1)(a); ICO, guidance on cookies and similar technologies",
        ]),
        subject: None,
        why: Some([
            "Au Royaume-Uni, les PECR (règle 6) exigent le consentement pour déposer ou lire des traceurs non strictement nécessaires, dont les traceurs publicitaires.",
            "In the UK, PECR (reg. 6) requires consent to store or read trackers that are not strictly necessary, advertising trackers among them.",
        ]),
        fix: None,
    },
    UkText {
        id: RuleId::A35Dpia,
        article: Some([
            "UK GDPR art. 35(1) ; ICO, guide des AIPD (critères des lignes directrices WP248 rev.01)",
            "UK GDPR Art. 35(1); ICO, DPIA guidance (the criteria of the WP248 rev.01 guidelines)",
        ]),
        subject: None,
        why: Some([
            "L'ICO reprend les critères des lignes directrices WP248 : un traitement qui en remplit au moins deux requiert en général une analyse d'impact.",
            "The ICO takes up the criteria of the WP248 guidelines: processing meeting two or more of them generally requires a DPIA.",
        ]),
        fix: None,
    },
    UkText {
        id: RuleId::Minors,
        article: Some([
            "UK GDPR considérant 38, art. 12(1) ; art. 8 pour un service en ligne fondé sur le consentement (13 ans, DPA 2018 art. 9) ; ICO, Age appropriate design code (services en ligne)",
            "UK GDPR recital 38, Art. 12(1); Art. 8 for an online service based on consent (13, DPA 2018 s. 9); ICO, Age appropriate design code (online services)",
        ]),
        subject: None,
        why: Some([
            "Les enfants méritent une protection spécifique (considérant 38) : une information claire et adaptée (art. 12(1)) ; si un service de la société de l'information leur est proposé directement sur la base du consentement, sous 13 ans celui des titulaires de la responsabilité parentale (art. 8 ; DPA 2018 art. 9).",
            "Children merit specific protection (recital 38): clear, adapted information (Art. 12(1)); where an information society service is offered directly to them on the basis of consent, under 13 that of the holders of parental responsibility (Art. 8; DPA 2018 s. 9).",
        ]),
        fix: None,
    },
    UkText {
        id: RuleId::Stale,
        article: Some([
            "Bonne pratique : art. 5(2), art. 24(1) ; ICO, cadre de responsabilité (accountability framework)",
            "Good practice: Art. 5(2), Art. 24(1); ICO, accountability framework",
        ]),
        subject: None,
        why: Some([
            "Un registre est un document vivant : l'ICO recommande de le revoir régulièrement.",
            "A record is a living document: the ICO advises reviewing it regularly.",
        ]),
        fix: None,
    },
];

/// The catalogue as it reads under the UK GDPR.
static UK_RULES: std::sync::LazyLock<Vec<Rule>> = std::sync::LazyLock::new(|| {
    let mut rules = RULES.to_vec();
    for t in UK_TEXTS {
        let r = &mut rules[t.id as usize];
        r.article = t.article.unwrap_or(r.article);
        r.subject = t.subject.unwrap_or(r.subject);
        r.why = t.why.unwrap_or(r.why);
        r.fix = t.fix.unwrap_or(r.fix);
    }
    rules
});

impl RuleId {
    /// The rule's entry as it reads under a law.
    pub fn rule_under(self, law: crate::law::Law) -> &'static Rule {
        match law {
            crate::law::Law::EuGdpr => self.rule(),
            crate::law::Law::UkGdpr => &UK_RULES[self as usize],
        }
    }
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
                r.reference(lang)
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
    let tier = pick(["Niveau", "Tier"], lang);
    format!(
        "{} ({}): {}\n{sev}: {}\n{tier}: {}\n{art}: {}\n{why}: {}\n{fix}: {}\n",
        r.code,
        r.name,
        r.subject(lang),
        r.severity.label(lang),
        r.tier.label(lang),
        r.reference(lang),
        r.why(lang),
        r.fix(lang)
    )
}

/// The page `docs/rules.md`, generated from the catalogue (a test keeps it fresh).
pub fn markdown() -> String {
    let mut s = String::from(
        "# Gap rules\n\n<!-- Generated from crates/ropa-rules/src/rules.rs by `ropa rules --markdown > docs/rules.md`; a test fails when it is stale. -->\n\n`ropa rules` lists them, `ropa rules CODE` explains one. A `[rules]` table in `ropa.toml` (next to the inputs) or in a mapping changes a severity: `\"A30-1f\" = \"allow\"` (off), `\"warn\"`, `\"deny\"` (error) or `\"info\"`.\n\nThe tier says what kind of duty a rule checks: **1** an item Article 30 asks the register to hold, **2** a GDPR risk beyond the register (Art. 5, 6, 9, 28, 35, 44–49), **3** good practice (CNIL, ICO, EDPB) or the register's quality. A finding's priority follows from its severity and tier: P1 for an error, P2 for a warning of tier 1 or 2, P3 for the rest.\n\n| code | name | severity | tier | source |\n|---|---|---|---|---|\n",
    );
    for r in RULES {
        s.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} | {} |\n",
            r.code,
            r.code.to_lowercase(),
            r.name,
            r.severity.label(Lang::En),
            r.tier.label(Lang::En),
            r.reference(Lang::En)
        ));
    }
    for r in RULES {
        s.push_str(&format!(
            "\n## {}\n\n**{}** — {} — {}\n\n| | Français | English |\n|---|---|---|\n| Reference | {} | {} |\n| What | {} | {} |\n| Why | {} | {} |\n| Fix | {} | {} |\n",
            r.code,
            r.name,
            r.severity.label(Lang::En),
            r.tier.label(Lang::En),
            r.article[0],
            r.article[1],
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_least_twenty_rules_each_with_its_article_and_fix() {
        assert!(RULES.len() >= 20, "{} rules", RULES.len());
        for r in RULES {
            assert!(
                !r.article[0].is_empty()
                    && !r.article[1].is_empty()
                    && !r.fix[0].is_empty()
                    && !r.fix[1].is_empty()
            );
            assert!(!r.why[0].is_empty() && !r.why[1].is_empty(), "{}", r.code);
        }
    }

    #[test]
    fn docs_rules_md_is_fresh() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
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

    #[test]
    fn every_id_names_its_own_entry_and_parses_back() {
        assert_eq!(RuleId::ALL.len(), RULES.len());
        for (i, id) in RuleId::ALL.iter().enumerate() {
            assert_eq!(RULES[i].id, *id);
            assert_eq!(id.rule().code, RULES[i].code);
            assert_eq!(id.code().parse::<RuleId>(), Ok(*id));
            assert_eq!(id.code().to_lowercase().parse::<RuleId>(), Ok(*id));
        }
        assert!("A30-9z".parse::<RuleId>().is_err());
    }
}
