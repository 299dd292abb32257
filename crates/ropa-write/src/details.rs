//! The detail sheets of `register.xlsx` (Destinataires, Conservation, Sécurité, Risques):
//! one row per item of a nested value. The same column lists write the rows and read
//! them back, so a re-imported register rebuilds exactly what was written.

use crate::i18n::Msg;
use ropa_model::Lang;
use ropa_model::text::fold;
use ropa_model::{
    Activity, Field, Processor, Recipient, RecipientKind, RetentionItem, Risk, SecurityCategory,
    SecurityMeasure, Value,
};

/// A detail sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Recipients and processors.
    Recipients,
    /// Retention periods.
    Retention,
    /// Security measures.
    Security,
    /// Rows of risk tables.
    Risks,
}

impl Detail {
    /// Every detail sheet, in workbook order.
    pub const ALL: [Detail; 4] = [
        Detail::Recipients,
        Detail::Retention,
        Detail::Security,
        Detail::Risks,
    ];

    /// The sheet's name.
    pub fn sheet_msg(self) -> Msg {
        match self {
            Detail::Recipients => Msg::SheetRecipients,
            Detail::Retention => Msg::SheetRetention,
            Detail::Security => Msg::SheetSecurity,
            Detail::Risks => Msg::SheetRisks,
        }
    }

    /// The sheet's name in the language asked.
    pub fn sheet(self, lang: Lang) -> &'static str {
        self.sheet_msg().text(lang)
    }

    /// The item columns (after Source, N°, Activité).
    pub fn header_msgs(self) -> &'static [Msg] {
        match self {
            Detail::Recipients => &[
                Msg::FieldHeader,
                Msg::Recipient,
                Msg::Kind,
                Msg::Role,
                Msg::Details,
                Msg::DataReceived,
            ],
            Detail::Retention => &[
                Msg::PeriodText,
                Msg::PeriodIso,
                Msg::StartingPoint,
                Msg::OpenEnded,
                Msg::DataConcerned,
            ],
            Detail::Security => &[Msg::Category, Msg::SourceHeading, Msg::Measure],
            Detail::Risks => &[
                Msg::Risk,
                Msg::Impacts,
                Msg::RiskSources,
                Msg::Threats,
                Msg::Measures,
                Msg::Gravity,
                Msg::Likelihood,
            ],
        }
    }

    /// The item columns in the language asked.
    pub fn headers(self, lang: Lang) -> Vec<&'static str> {
        crate::i18n::texts(self.header_msgs(), lang)
    }

    /// The fields whose values the sheet lists.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Detail::Recipients => &[Field::Recipients, Field::Processors],
            Detail::Retention => &[Field::Retention],
            Detail::Security => &[Field::SecurityMeasures],
            Detail::Risks => &[Field::Risks],
        }
    }

    /// The item rows of one activity.
    pub fn rows(self, a: &Activity, lang: Lang) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        for field in self.fields() {
            match a.get(*field) {
                Some(Value::Recipients(items)) => out.extend(items.iter().map(|i| {
                    vec![
                        field.label(lang).into(),
                        i.name.clone(),
                        i.kind
                            .map(|k| label_in(&KINDS, &k, lang))
                            .unwrap_or_default()
                            .into(),
                        opt(&i.role),
                        String::new(),
                        opt(&i.data),
                    ]
                })),
                Some(Value::Processors(items)) => out.extend(items.iter().map(|p| {
                    vec![
                        field.label(lang).into(),
                        p.name.clone(),
                        String::new(),
                        opt(&p.role),
                        opt(&p.details),
                        String::new(),
                    ]
                })),
                Some(Value::Retention(items)) => out.extend(items.iter().map(|i| {
                    let open = if i.open_ended {
                        Msg::Yes.text(lang)
                    } else {
                        ""
                    };
                    vec![
                        i.text.clone(),
                        opt(&i.duration),
                        opt(&i.trigger),
                        open.into(),
                        opt(&i.data),
                    ]
                })),
                Some(Value::Security(items)) => out.extend(items.iter().map(|m| {
                    vec![
                        label_in(&SECURITY, &m.category, lang).into(),
                        opt(&m.heading),
                        m.text.clone(),
                    ]
                })),
                Some(Value::Risks(items)) => out.extend(
                    items
                        .iter()
                        .map(|x| x.parts().into_iter().map(opt).collect()),
                ),
                _ => {}
            }
        }
        out
    }

    /// Rebuilds the values of one activity from its item rows (the inverse of [`rows`]);
    /// a field with no row has no value.
    ///
    /// [`rows`]: Detail::rows
    pub fn parse(self, rows: &[Vec<String>]) -> Vec<(Field, Value)> {
        let cell = |row: &Vec<String>, i: usize| -> Option<String> {
            row.get(i)
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let text = |row: &Vec<String>, i: usize| cell(row, i).unwrap_or_default();
        let mut out = Vec::new();
        match self {
            Detail::Recipients => {
                let (mut recipients, mut processors) = (Vec::new(), Vec::new());
                for r in rows {
                    let is_processor_field = cell(r, 0).is_some_and(|c| {
                        [
                            Field::Processors.label_fr(),
                            Field::Processors.label_en(),
                            "processors",
                        ]
                        .iter()
                        .any(|l| fold(l) == fold(&c))
                    });
                    if is_processor_field {
                        processors.push(Processor {
                            name: text(r, 1),
                            role: cell(r, 3),
                            details: cell(r, 4),
                            entity: None,
                        });
                    } else {
                        recipients.push(Recipient {
                            name: text(r, 1),
                            kind: cell(r, 2).and_then(|k| parse_in(&KINDS, &k)),
                            role: cell(r, 3),
                            data: cell(r, 5),
                            entity: None,
                        });
                    }
                }
                if !recipients.is_empty() {
                    out.push((Field::Recipients, Value::Recipients(recipients)));
                }
                if !processors.is_empty() {
                    out.push((Field::Processors, Value::Processors(processors)));
                }
            }
            Detail::Retention => {
                let items: Vec<RetentionItem> = rows
                    .iter()
                    .map(|r| RetentionItem {
                        text: text(r, 0),
                        duration: cell(r, 1),
                        trigger: cell(r, 2),
                        open_ended: cell(r, 3).is_some_and(|s| {
                            ["oui", "yes", "x", "vrai", "true", "1"].contains(&fold(&s).as_str())
                        }),
                        data: cell(r, 4),
                    })
                    .collect();
                if !items.is_empty() {
                    out.push((Field::Retention, Value::Retention(items)));
                }
            }
            Detail::Security => {
                let items: Vec<SecurityMeasure> = rows
                    .iter()
                    .map(|r| SecurityMeasure {
                        category: cell(r, 0)
                            .and_then(|c| parse_in(&SECURITY, &c))
                            .unwrap_or(SecurityCategory::Other),
                        heading: cell(r, 1),
                        text: text(r, 2),
                    })
                    .collect();
                if !items.is_empty() {
                    out.push((Field::SecurityMeasures, Value::Security(items)));
                }
            }
            Detail::Risks => {
                let items: Vec<Risk> = rows
                    .iter()
                    .map(|r| {
                        let mut risk = Risk::default();
                        for (i, part) in Risk::PARTS.iter().enumerate() {
                            if let Some(slot) = risk.part_mut(part) {
                                *slot = cell(r, i);
                            }
                        }
                        risk
                    })
                    .collect();
                if !items.is_empty() {
                    out.push((Field::Risks, Value::Risks(items)));
                }
            }
        }
        out
    }
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

const KINDS: [(RecipientKind, &str, &str); 3] = [
    (RecipientKind::Internal, "interne", "internal"),
    (RecipientKind::External, "externe", "external"),
    (RecipientKind::Processor, "sous-traitant", "processor"),
];

const SECURITY: [(SecurityCategory, &str, &str); 7] = [
    (
        SecurityCategory::AccessControl,
        "Contrôle d'accès",
        "Access control",
    ),
    (
        SecurityCategory::Traceability,
        "Traçabilité",
        "Traceability",
    ),
    (
        SecurityCategory::SoftwareProtection,
        "Protection des logiciels",
        "Software protection",
    ),
    (SecurityCategory::Backup, "Sauvegarde", "Backup"),
    (SecurityCategory::Encryption, "Chiffrement", "Encryption"),
    (
        SecurityCategory::ProcessorControl,
        "Contrôle des sous-traitants",
        "Processor control",
    ),
    (SecurityCategory::Other, "Autre", "Other"),
];

/// The French or English name of a value in a table of names.
fn label_in<T: PartialEq>(
    table: &[(T, &'static str, &'static str)],
    v: &T,
    lang: Lang,
) -> &'static str {
    table
        .iter()
        .find(|(x, ..)| x == v)
        .map_or("", |(_, fr, en)| if lang == Lang::Fr { fr } else { en })
}

/// The value a name stands for, in French or English, accents and case aside.
fn parse_in<T: Copy>(table: &[(T, &'static str, &'static str)], s: &str) -> Option<T> {
    let s = fold(s);
    table
        .iter()
        .find(|(_, fr, en)| fold(fr) == s || fold(en) == s)
        .map(|(v, ..)| *v)
}
