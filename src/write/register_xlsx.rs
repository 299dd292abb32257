//! `register.xlsx`: the unified register, one row per activity, plus the detail sheets
//! and the sheets that prove nothing was lost (Non mappé, Ignoré, Provenance, Libellés).

use super::{Styles, Table, new_workbook, save, write_table, xlsx_error};
use crate::Lang;
use crate::error::Result;
use crate::model::{ALL_FIELDS, Activity, Register, SecurityCategory, Value};
use std::path::Path;

/// The sheet names, in the order they are written.
pub const SHEETS: &[&str] = &[
    "Registre",
    "Destinataires",
    "Conservation",
    "Sécurité",
    "Risques",
    "Non mappé",
    "Ignoré",
    "Provenance",
    "Libellés",
];

fn who(a: &Activity) -> [String; 3] {
    [a.source.clone(), a.index.to_string(), a.display_name()]
}

fn with(a: &Activity, rest: impl IntoIterator<Item = String>) -> Vec<String> {
    who(a).into_iter().chain(rest).collect()
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn security_label(c: SecurityCategory) -> &'static str {
    match c {
        SecurityCategory::AccessControl => "Contrôle d'accès",
        SecurityCategory::Traceability => "Traçabilité",
        SecurityCategory::SoftwareProtection => "Protection des logiciels",
        SecurityCategory::Backup => "Sauvegarde",
        SecurityCategory::Encryption => "Chiffrement",
        SecurityCategory::ProcessorControl => "Contrôle des sous-traitants",
        SecurityCategory::Other => "Autre",
    }
}

/// The tables of the workbook, built from the register.
pub fn tables(r: &Register, lang: Lang) -> Vec<Table> {
    let mut registre = Table::new("Registre", &["Source", "N°"]);
    registre
        .headers
        .extend(ALL_FIELDS.iter().map(|f| f.label(lang).to_string()));
    let mut dest = Table::for_activities(
        "Destinataires",
        &["Destinataire", "Type", "Rôle", "Données reçues"],
    );
    let mut cons = Table::for_activities(
        "Conservation",
        &[
            "Durée (texte)",
            "Durée (ISO 8601)",
            "Point de départ",
            "Sans terme",
        ],
    );
    let mut secu = Table::for_activities(
        "Sécurité",
        &["Catégorie", "Rubrique de la source", "Mesure"],
    );
    let mut risk = Table::for_activities(
        "Risques",
        &[
            "Risque",
            "Impacts",
            "Sources de risques",
            "Menaces",
            "Mesures",
            "Gravité",
            "Vraisemblance",
        ],
    );
    let mut extra = Table::for_activities(
        "Non mappé",
        &["Libellé source", "Valeur", "Emplacement", "Raison"],
    );
    let mut ignored = Table::new(
        "Ignoré",
        &[
            "Source",
            "Libellé source",
            "Valeur",
            "Emplacement",
            "Raison",
        ],
    );
    let mut prov = Table::for_activities(
        "Provenance",
        &[
            "Champ",
            "Libellé du champ",
            "Emplacement",
            "Libellé source",
            "Texte source",
        ],
    );
    let mut labels = Table::new(
        "Libellés",
        &[
            "Source",
            "Mapping",
            "Libellé source",
            "Champ",
            "Correspondance",
        ],
    );

    for a in &r.activities {
        let mut row = vec![a.source.clone(), a.index.to_string()];
        row.extend(
            ALL_FIELDS
                .iter()
                .map(|f| a.get(*f).map(Value::display_text).unwrap_or_default()),
        );
        registre.rows.push(row);
        for (field, value) in &a.fields {
            match value {
                Value::Recipients(items) => {
                    for i in items {
                        let kind = i
                            .kind
                            .map(|k| format!("{k:?}").to_lowercase())
                            .unwrap_or_default();
                        dest.rows
                            .push(with(a, [i.name.clone(), kind, opt(&i.role), opt(&i.data)]));
                    }
                }
                Value::Processors(items) => {
                    for p in items {
                        let role = [p.role.clone(), p.details.clone()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" — ");
                        dest.rows.push(with(
                            a,
                            [p.name.clone(), "processor".into(), role, String::new()],
                        ));
                    }
                }
                Value::Retention(items) => {
                    for i in items {
                        let open = if i.open_ended { "oui" } else { "" };
                        cons.rows.push(with(
                            a,
                            [
                                i.text.clone(),
                                opt(&i.duration),
                                opt(&i.trigger),
                                open.into(),
                            ],
                        ));
                    }
                }
                Value::Security(items) => {
                    for m in items {
                        secu.rows.push(with(
                            a,
                            [
                                security_label(m.category).into(),
                                opt(&m.heading),
                                m.text.clone(),
                            ],
                        ));
                    }
                }
                Value::Risks(items) => {
                    for x in items {
                        risk.rows.push(with(a, x.parts().into_iter().map(opt)));
                    }
                }
                _ => {}
            }
            for o in a.provenance.get(field).into_iter().flatten() {
                prov.rows.push(with(
                    a,
                    [
                        field.id().into(),
                        field.label(lang).into(),
                        o.place.clone(),
                        o.label.clone(),
                        o.text.clone(),
                    ],
                ));
            }
        }
        for e in &a.extra {
            extra.rows.push(with(
                a,
                [
                    e.label.clone(),
                    e.value.clone(),
                    e.place.clone(),
                    e.reason.clone(),
                ],
            ));
        }
    }
    for s in &r.sources {
        for e in &s.extra {
            extra.rows.push(vec![
                s.source.clone(),
                String::new(),
                "(registre)".into(),
                e.label.clone(),
                e.value.clone(),
                e.place.clone(),
                e.reason.clone(),
            ]);
        }
        for i in &s.ignored {
            ignored.rows.push(vec![
                i.source.clone(),
                i.label.clone(),
                i.value.clone(),
                i.place.clone(),
                i.reason.clone(),
            ]);
        }
        for l in &s.labels {
            labels.rows.push(vec![
                s.source.clone(),
                s.mapping.clone(),
                l.label.clone(),
                l.target.clone().unwrap_or_default(),
                l.how.clone(),
            ]);
        }
    }
    vec![
        registre, dest, cons, secu, risk, extra, ignored, prov, labels,
    ]
}

/// Writes `register.xlsx`.
pub fn write(r: &Register, lang: Lang, path: &Path) -> Result<()> {
    let mut wb = new_workbook().map_err(xlsx_error(path))?;
    let styles = Styles::default();
    for t in tables(r, lang) {
        write_table(&mut wb, &t, &styles).map_err(xlsx_error(path))?;
    }
    save(wb, path)
}
