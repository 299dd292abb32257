//! `gaps.xlsx`: a summary per activity (`Synthèse`) and one row per finding (`Écarts`).

use super::{Styles, Table, mark_sheet, new_workbook, save, write_table, xlsx_error};
use crate::Lang;
use crate::error::Result;
use crate::gaps::{Finding, Severity};
use crate::model::{Activity, Field};
use std::path::Path;

/// The fields Article 30(1) requires of every activity, for the completeness share.
pub const REQUIRED: &[Field] = &[
    Field::ControllerName,
    Field::Purpose,
    Field::DataSubjects,
    Field::DataCategories,
    Field::Recipients,
    Field::Transfers,
    Field::Retention,
    Field::SecurityMeasures,
];

/// The share of required fields with no error finding, 0–100.
pub fn completeness(a: &Activity, findings: &[Finding]) -> u32 {
    let missing = REQUIRED
        .iter()
        .filter(|f| {
            findings.iter().any(|x| {
                x.source == a.source
                    && x.index == a.index
                    && x.severity == Severity::Error
                    && x.field == f.id()
            })
        })
        .count();
    (100 * (REQUIRED.len() - missing) / REQUIRED.len()) as u32
}

/// The two tables of the report.
pub fn tables(activities: &[Activity], findings: &[Finding], lang: Lang) -> Vec<Table> {
    let mut synth = Table::for_activities(
        "Synthèse",
        &[
            "Erreurs",
            "Avertissements",
            "Infos",
            "Champs requis présents (%)",
        ],
    );
    for a in activities {
        let count = |s: Severity| {
            findings
                .iter()
                .filter(|f| f.source == a.source && f.index == a.index && f.severity == s)
                .count()
                .to_string()
        };
        synth.rows.push(vec![
            a.source.clone(),
            a.index.to_string(),
            a.display_name(),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
            completeness(a, findings).to_string(),
        ]);
    }
    let mut ecarts = Table::for_activities(
        "Écarts",
        &[
            "Champ",
            "Règle",
            "Gravité",
            "Statut",
            "Constat et recommandation",
        ],
    );
    for f in findings {
        let field = f
            .field
            .parse::<Field>()
            .map(|x| x.label(lang).to_string())
            .unwrap_or_else(|_| f.field.clone());
        ecarts.rows.push(vec![
            f.source.clone(),
            f.index.to_string(),
            f.activity.clone(),
            field,
            f.rule.clone(),
            f.severity.label(lang).into(),
            f.status.label().into(),
            f.message.clone(),
        ]);
    }
    vec![synth, ecarts]
}

/// The first cell of the hidden sheet of `gaps.xlsx`: tells ropa it is not a register.
pub const GAPS_MARK: &str = "ropa gaps";

/// Writes `gaps.xlsx`.
pub fn write(activities: &[Activity], findings: &[Finding], lang: Lang, path: &Path) -> Result<()> {
    let mut wb = new_workbook().map_err(xlsx_error(path))?;
    let styles = Styles::default();
    for t in tables(activities, findings, lang) {
        write_table(&mut wb, &t, &styles).map_err(xlsx_error(path))?;
    }
    mark_sheet(&mut wb, GAPS_MARK).map_err(xlsx_error(path))?;
    save(wb, path)
}
