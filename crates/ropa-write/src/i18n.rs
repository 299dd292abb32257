//! The message catalogue: every word of the outputs' frame (sheet names, column
//! headers, report titles, the console summary) in French and English, one variant
//! each. A test renders every message in both languages; rule texts live in the rule
//! catalogue (`gaps::rules`), which the same test reads.

use ropa_model::Lang;

macro_rules! messages {
    ($( $id:ident : [$fr:literal, $en:literal], )*) => {
        /// One message of the catalogue.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg {
            $(
                #[doc = $en]
                $id,
            )*
        }

        impl Msg {
            /// Every message, in catalogue order.
            pub const ALL: &[Msg] = &[ $( Msg::$id, )* ];

            /// The message in French and in English.
            pub fn both(self) -> [&'static str; 2] {
                match self {
                    $( Msg::$id => [$fr, $en], )*
                }
            }
        }
    };
}

impl Msg {
    /// The message in the language asked.
    pub fn text(self, lang: Lang) -> &'static str {
        let [fr, en] = self.both();
        match lang {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// The message with its `{}` filled in order by `args`.
    pub fn fill(self, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
        let mut out = String::new();
        let mut args = args.iter();
        let mut parts = self.text(lang).split("{}");
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        for part in parts {
            if let Some(a) = args.next() {
                out.push_str(&a.to_string());
            }
            out.push_str(part);
        }
        out
    }

    /// Whether a name is this message in either language (a sheet written in French,
    /// read back by a run in English).
    pub fn names(self, name: &str) -> bool {
        self.both().contains(&name)
    }
}

/// A list of messages in the language asked (a sheet's header).
pub fn texts(msgs: &[Msg], lang: Lang) -> Vec<&'static str> {
    msgs.iter().map(|m| m.text(lang)).collect()
}

messages! {
    // sheets of register.xlsx
    SheetRegister: ["Registre", "Register"],
    SheetRecipients: ["Destinataires", "Recipients"],
    SheetRetention: ["Conservation", "Retention"],
    SheetSecurity: ["Sécurité", "Security"],
    SheetRisks: ["Risques", "Risks"],
    SheetProcessors: ["Sous-traitants", "Processors"],
    SheetUnmapped: ["Non mappé", "Unmapped"],
    SheetIgnored: ["Ignoré", "Ignored"],
    SheetProvenance: ["Provenance", "Provenance"],
    SheetLabels: ["Libellés", "Labels"],
    SheetLegend: ["Légende", "Legend"],
    SheetRecords: ["Fiches", "Records"],
    // sheets of gaps.xlsx
    SheetSummary: ["Résumé", "Summary"],
    SheetOverview: ["Synthèse", "Overview"],
    SheetFindings: ["Écarts", "Findings"],
    // column headers
    Source: ["Source", "Source"],
    Activity: ["Activité", "Activity"],
    SourceLabel: ["Libellé source", "Source label"],
    Value: ["Valeur", "Value"],
    Place: ["Emplacement", "Place"],
    Reason: ["Raison", "Reason"],
    Mapping: ["Mapping", "Mapping"],
    FieldHeader: ["Champ", "Field"],
    Match: ["Correspondance", "Match"],
    Recipient: ["Destinataire", "Recipient"],
    Kind: ["Type", "Type"],
    Role: ["Rôle", "Role"],
    Details: ["Détails", "Details"],
    DataReceived: ["Données reçues", "Data received"],
    PeriodText: ["Durée (texte)", "Period (text)"],
    PeriodIso: ["Durée (ISO 8601)", "Period (ISO 8601)"],
    StartingPoint: ["Point de départ", "Starting point"],
    OpenEnded: ["Sans terme", "Open-ended"],
    DataConcerned: ["Données concernées", "Data concerned"],
    Category: ["Catégorie", "Category"],
    SourceHeading: ["Rubrique de la source", "Source heading"],
    Measure: ["Mesure", "Measure"],
    Risk: ["Risque", "Risk"],
    Impacts: ["Impacts", "Impacts"],
    RiskSources: ["Sources de risques", "Risk sources"],
    Threats: ["Menaces", "Threats"],
    Measures: ["Mesures", "Measures"],
    Gravity: ["Gravité", "Severity"],
    Likelihood: ["Vraisemblance", "Likelihood"],
    Processor: ["Sous-traitant", "Processor"],
    Roles: ["Rôles", "Roles"],
    Variants: ["Variantes", "Variants"],
    ActivityCount: ["Nombre d'activités", "Number of activities"],
    Activities: ["Activités", "Activities"],
    Sources: ["Sources", "Sources"],
    TheRegister: ["(registre)", "(register)"],
    Yes: ["oui", "yes"],
    ProvenanceCut: [
        "La provenance des activités {} à {} n'est pas écrite ici (un registre de plus de {} activités) : register.json la donne pour chacune (« provenance »), et `ropa ingest --provenance full` l'écrit dans cette feuille.",
        "The provenance of activities {} to {} is not written here (a register of more than {} activities): register.json gives it for each (\"provenance\"), and `ropa ingest --provenance full` writes it in this sheet."
    ],
    LongCell: [
        "Texte long ({} lignes) : la ligne du tableur n'en montre que 27. Le texte entier est dans la barre de formule, en élargissant la colonne, et dans register.json.",
        "Long text ({} lines): a spreadsheet row shows only 27. The whole text is in the formula bar, when the column is widened, and in register.json."
    ],
    // console summary
    SumActivities: ["{} : {} activités ({})", "{}: {} activities ({})"],
    SumValues: [
        "  valeurs : {} lues = {} mappées + {} gardées dans extra + {} ignorées{}",
        "  values: {} read = {} mapped + {} kept in extra + {} ignored{}"
    ],
    SumLost: [
        "  ← {} VALEUR(S) PERDUE(S) : des mots mappés à un champ manquent à l'activité (un défaut de ropa ; la source est intacte : signalez-le avec `-v`)",
        "  ← {} VALUE(S) LOST: words mapped to a field are missing from the activity (a defect of ropa; the source is intact: report it with `-v`)"
    ],
    SumUnbalanced: ["  ← LE COMPTE N'EST PAS JUSTE", "  ← DOES NOT BALANCE"],
    SumNote: ["  note : {}", "  note: {}"],
    SumUnmappedLabels: [
        "  {} libellé(s) non mappé(s) (leurs valeurs sont dans extra ; voir la feuille Libellés)",
        "  {} label(s) not mapped (their values are in extra; see sheet Labels)"
    ],
    SumReread: [
        "{} : un registre écrit par ropa, relu : {}, {} depuis son écriture",
        "{}: a register written by ropa, read back: {}, {} since it was written"
    ],
    SumChanged: ["  changé : {}", "  changed: {}"],
    SumInferred: [
        "{} : aucun mapping ne correspond ; lu avec un mapping déduit ({} % de ses libellés reconnus), enregistré sous {} pour relecture",
        "{}: no mapping matched; read with an inferred mapping ({} % of its labels matched), saved as {} for review"
    ],
    SumRuleChanged: ["règle {} mise à {} par {}{}", "rule {} set to {} by {}{}"],
    SumRuleFor: [" pour {}", " for {}"],
    SumPassedOver: ["{} : non lu ({})", "{}: passed over ({})"],
    SumFoldersPassedOver: [
        "{} {} ({}) : les dossiers sont lus sur un niveau ; nommez un dossier pour lire ses fichiers, ou lisez un dossier par client avec `ropa portfolio`",
        "{} {} ({}): folders are read one level deep; name a folder to read its files, or read one folder per client with `ropa portfolio`"
    ],
    SumTotal: [
        "total : {} depuis {} ; constats : {}",
        "total: {} from {}; findings: {}"
    ],
    SumTotalValues: [
        "valeurs : {} lues = {} mappées + {} gardées dans extra + {} ignorées",
        "values: {} read = {} mapped + {} kept in extra + {} ignored"
    ],
    SumFailures: [
        "{} entrée(s) illisible(s) (voir les erreurs ci-dessus)",
        "{} input(s) could not be read (see the errors above)"
    ],
    SumWrote: [
        "écrit register.xlsx, gaps.xlsx, register.json, gaps.json, gaps.md, gaps.html dans {}",
        "wrote register.xlsx, gaps.xlsx, register.json, gaps.json, gaps.md, gaps.html in {}"
    ],
    SumGaps: [
        "{} : {} ; constats : {}\nécrit gaps.xlsx, gaps.json, gaps.md, gaps.html dans {}",
        "{}: {}; findings: {}\nwrote gaps.xlsx, gaps.json, gaps.md, gaps.html in {}"
    ],
    // files not read
    PassFolder: [
        "un dossier : les dossiers sont lus sur un niveau ; nommez-le pour lire ses fichiers",
        "a folder: folders are read one level deep; name it to read its files"
    ],
    PassDoc: [
        "un document Word 97–2003, que ropa ne lit pas : enregistrez-le en .docx dans Word ou LibreOffice pour l'inclure",
        "a Word 97–2003 document, which ropa does not read: save it as .docx in Word or LibreOffice to include it"
    ],
    PassPdf: [
        "un PDF, que ropa ne lit pas : demandez l'original du registre (Word, Excel) ou exportez-le à nouveau",
        "a PDF, which ropa does not read: ask for the register's original (Word, Excel) or export it again"
    ],
    PassRtf: [
        "un document RTF, que ropa ne lit pas : enregistrez-le en .docx pour l'inclure",
        "an RTF document, which ropa does not read: save it as .docx to include it"
    ],
    PassTemplate: [
        "un modèle : enregistrez-le comme document ou classeur pour l'inclure",
        "a template: save it as a document or workbook to include it"
    ],
    PassOther: ["pas un type de fichier de registre", "not a register file type"],
    PassLockFile: [
        "le fichier de verrou d'un document ouvert dans Excel, Word ou LibreOffice, pas un registre",
        "the lock file of a document open in Excel, Word or LibreOffice, not a register"
    ],
    PassReadme: [
        "un fichier README, pas un registre : renommez-le pour le lire comme registre",
        "a README file, not a register: rename it to read it as a register"
    ],
    PassGapReport: [
        "un rapport d'écarts écrit par ropa, pas un registre",
        "a gap report written by ropa, not a register"
    ],
    PassOwnRegister: [
        "un registre écrit par ropa, trouvé dans un dossier : nommez-le pour le relire",
        "a register written by ropa, met in a folder: name it explicitly to read it back"
    ],
    // detected
    DetMapping: ["mapping {}", "mapping {}"],
    DetLayout: ["disposition {}", "layout {}"],
    DetEncoding: ["encodage {}", "encoding {}"],
    DetDelimiter: ["séparateur {}", "delimiter {}"],
    DetSheet: ["feuille « {} »", "sheet “{}”"],
    DetHeaderRow: ["ligne d'en-tête {}", "header row {}"],
    DetLanguage: ["langue {}", "language {}"],
}

#[cfg(test)]
mod tests {
    use super::*;
    use ropa_rules::{RULES, Severity, Status, Tier};

    /// Letters that only French writes (English text that holds one leaks French),
    /// outside the « » that quote a sheet's or a client's words.
    fn french_letters(text: &str) -> Vec<char> {
        let mut quoted = 0usize;
        let mut out = Vec::new();
        for c in text.chars() {
            match c {
                '«' => quoted += 1,
                '»' => quoted = quoted.saturating_sub(1),
                c if quoted == 0 && "éèêëàâçîïôûùœÉÈÀÇ".contains(c) => out.push(c),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn every_message_renders_in_both_languages() {
        let mut texts: Vec<(String, [&str; 2])> = Msg::ALL
            .iter()
            .map(|m| (format!("{m:?}"), m.both()))
            .collect();
        for r in RULES {
            texts.push((format!("{} subject", r.code), r.subject));
            texts.push((format!("{} why", r.code), r.why));
            texts.push((format!("{} fix", r.code), r.fix));
            texts.push((format!("{} reference", r.code), r.article));
        }
        for t in Tier::ALL {
            texts.push((format!("{t:?}"), [t.label(Lang::Fr), t.label(Lang::En)]));
        }
        for s in [Severity::Error, Severity::Warning, Severity::Info] {
            texts.push((format!("{s:?}"), [s.label(Lang::Fr), s.label(Lang::En)]));
        }
        for s in [Status::Absent, Status::Empty, Status::Weak] {
            texts.push((format!("{s:?}"), [s.label(Lang::Fr), s.label(Lang::En)]));
        }
        for f in ropa_model::ALL_FIELDS {
            texts.push((f.id().to_string(), [f.label_fr(), f.label_en()]));
        }
        for (name, [fr, en]) in &texts {
            assert!(!fr.trim().is_empty(), "{name}: no French");
            assert!(!en.trim().is_empty(), "{name}: no English");
            assert_eq!(
                fr.matches("{}").count(),
                en.matches("{}").count(),
                "{name}: the two languages fill different blanks"
            );
            assert!(
                french_letters(en).is_empty(),
                "{name}: the English holds French: {en}"
            );
        }
    }

    #[test]
    fn blanks_are_filled_in_order() {
        assert_eq!(
            Msg::SumPassedOver.fill(Lang::Fr, &[&"a.pdf", &"pas un registre"]),
            "a.pdf : non lu (pas un registre)"
        );
        assert!(Msg::SheetRegister.names("Register") && Msg::SheetRegister.names("Registre"));
    }
}
