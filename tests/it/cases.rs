//! A second register of each class the corpus stands for, written for this project
//! (`fixtures/cases/`): other organisations, other languages, other wording. Each is read
//! with no mapping and checked activity by activity, and what is not an activity (an
//! appendix, a version history, a breach procedure, a note row) must not become one.

use crate::common;

use serde_json::Value;
use std::path::{Path, PathBuf};

/// Reads one file alone with `--no-builtin`; returns register.json.
fn read(path: &Path) -> Value {
    let input = tempfile::tempdir().unwrap();
    let name = path.file_name().unwrap();
    std::fs::copy(path, input.path().join(name)).unwrap();
    let out = tempfile::tempdir().unwrap();
    assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .args(["ingest", "--no-builtin", "-q", "-o"])
        .arg(out.path())
        .arg(input.path())
        .assert()
        .success();
    common::json(&out.path().join("register.json"))
}

fn case(name: &str) -> PathBuf {
    common::fixture(&format!("cases/{name}"))
}

fn text(v: &Value) -> String {
    let mut out = Vec::new();
    ropa_model::collect_strings(v, &mut out);
    out.join(" ")
}

fn has(register: &Value, source: &str, i: u64, field: &str, want: &str) {
    let a = common::activity(register, source, i);
    assert!(
        text(&a[field]).contains(want),
        "{source} #{i} {field}: {} lacks {want:?}",
        a[field]
    );
}

#[test]
fn word_headings_with_bold_lead_ins_and_an_appendix() {
    let s = "en-heading-leadins.docx";
    let r = read(&case(s));
    assert_eq!(
        common::count(&r, s),
        2,
        "the appendix and the history are not activities"
    );
    has(&r, s, 1, "name", "Client and pet files");
    has(&r, s, 1, "data_subjects", "Emergency contacts");
    has(&r, s, 2, "legal_basis", "legal_obligation");
    has(&r, s, 2, "retention", "6 years");
    has(&r, s, 1, "controller_name", "Brightwater Veterinary Clinic");
    has(&r, s, 1, "dpo_name", "Aoife Brennan");
    // an appendix's `Access control:` is not the controller
    assert!(!text(&common::activity(&r, s, 1)["controller_name"]).contains("MFA"));
}

#[test]
fn an_odt_table_of_activities_with_a_note_row() {
    let s = "es-table.odt";
    let r = read(&case(s));
    assert_eq!(common::count(&r, s), 3, "the note row is not an activity");
    has(&r, s, 2, "legal_basis", "consent");
    has(&r, s, 2, "transfers", "yes");
    has(&r, s, 3, "legal_basis", "public_task");
    has(&r, s, 3, "retention", "P30D");
    has(&r, s, 1, "dpo_name", "Lucía Ferrer");
}

#[test]
fn a_transposed_markdown_table_in_dutch() {
    let s = "nl-transposed.md";
    let r = read(&case(s));
    assert_eq!(
        common::count(&r, s),
        3,
        "the change table is not an activity"
    );
    has(&r, s, 1, "name", "Klantenkaart");
    has(&r, s, 1, "legal_basis", "consent");
    has(&r, s, 2, "legal_basis", "contract");
    has(&r, s, 3, "legal_basis", "legitimate_interests");
    has(&r, s, 3, "retention", "P4W");
    has(&r, s, 1, "controller_name", "Bakkerij De Korenaar");
}

#[test]
fn an_italian_web_page_with_definition_lists_and_a_procedure() {
    let s = "it-headings.html";
    let r = read(&case(s));
    assert_eq!(
        common::count(&r, s),
        2,
        "the breach procedure is not an activity"
    );
    has(&r, s, 1, "name", "Contabilità dei clienti");
    has(&r, s, 1, "legal_basis", "contract");
    has(&r, s, 2, "legal_basis", "consent");
    has(&r, s, 1, "retention", "P10Y");
    has(&r, s, 1, "controller_name", "Studio Bellandi");
    let all = text(&r);
    assert!(!all.contains("track()"), "scripts are not read");
}

#[test]
fn a_german_tool_export_with_yes_no_columns() {
    let s = "de-tool-export.csv";
    let r = read(&case(s));
    assert_eq!(common::count(&r, s), 3);
    let subjects = |i| text(&common::activity(&r, s, i)["data_subjects"]);
    assert!(subjects(1).contains("Beschäftigte") && subjects(1).contains("auch Aushilfen"));
    assert!(!subjects(1).contains("Kunden"), "a no is not a category");
    assert!(subjects(2).contains("Kunden"));
    has(&r, s, 1, "legal_basis", "contract");
    has(&r, s, 1, "retention", "P10Y");
    let source = &r["sources"][0];
    let ignored = text(&source["ignored"]);
    assert!(ignored.contains("répondue non"), "{ignored}");
}

#[test]
fn a_workbook_with_one_fiche_sheet_per_activity() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fiches.xlsx");
    let mut wb = Workbook::new();
    let summary = wb.add_worksheet().set_name("Summary").unwrap();
    let rows = [
        ("Organisation", "Harrow & Pike Solicitors LLP"),
        ("Data protection officer", "Priya Natarajan"),
        ("Activities", "see the sheets"),
    ];
    for (r, (a, b)) in rows.iter().enumerate() {
        summary.write(r as u32, 0, *a).unwrap();
        summary.write(r as u32, 1, *b).unwrap();
    }
    let fiches = [
        (
            "Client files",
            "Acting for clients in legal matters",
            "Contract",
            "Clients",
            "15 years",
        ),
        (
            "Recruitment",
            "Hiring trainees",
            "Legitimate interests",
            "Applicants",
            "6 months",
        ),
    ];
    for (i, (name, purpose, basis, subjects, retention)) in fiches.iter().enumerate() {
        let ws = wb
            .add_worksheet()
            .set_name(format!("Activity {}", i + 1))
            .unwrap();
        let rows = [
            ("Processing activity", *name),
            ("SECTION A", ""),
            ("Purpose of processing", *purpose),
            ("Lawful basis", *basis),
            ("Categories of individuals", *subjects),
            ("Retention period", *retention),
        ];
        for (r, (a, b)) in rows.iter().enumerate() {
            ws.write(r as u32, 0, *a).unwrap();
            if !b.is_empty() {
                ws.write(r as u32, 1, *b).unwrap();
            }
        }
    }
    wb.save(&path).unwrap();
    let s = "fiches.xlsx";
    let r = read(&path);
    assert_eq!(
        common::count(&r, s),
        2,
        "the summary sheet is not an activity"
    );
    has(&r, s, 1, "name", "Client files");
    has(&r, s, 2, "legal_basis", "legitimate_interests");
    has(&r, s, 2, "retention", "P6M");
    has(&r, s, 1, "controller_name", "Harrow & Pike");
    has(&r, s, 2, "dpo_name", "Priya Natarajan");
}

#[test]
fn a_workbook_sheet_of_one_column_per_activity() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spalten.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let rows = [
        [
            "Verarbeitungstätigkeit",
            "Lohnbuchhaltung",
            "Videoüberwachung",
        ],
        [
            "Zweck der Verarbeitung",
            "Gehaltsabrechnung",
            "Schutz vor Diebstahl",
        ],
        [
            "Rechtsgrundlage",
            "Art. 6 Abs. 1 lit. c DSGVO",
            "berechtigtes Interesse",
        ],
        ["Betroffene Personen", "Beschäftigte", "Besucher"],
        ["Empfänger", "Finanzamt", "Polizei"],
        ["Löschfrist", "10 Jahre", "72 Stunden"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write(r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(&path).unwrap();
    let s = "spalten.xlsx";
    let r = read(&path);
    assert_eq!(
        common::count(&r, s),
        2,
        "one activity per column, not per row"
    );
    has(&r, s, 1, "name", "Lohnbuchhaltung");
    has(&r, s, 1, "legal_basis", "legal_obligation");
    has(&r, s, 2, "legal_basis", "legitimate_interests");
    has(&r, s, 2, "retention", "PT72H");
}

#[test]
fn plain_text_blocks_titled_by_a_line_or_a_number() {
    let s = "en-blank-blocks.txt";
    let r = read(&case(s));
    assert_eq!(common::count(&r, s), 2);
    has(&r, s, 1, "name", "Membership");
    has(&r, s, 2, "legal_basis", "legitimate_interests");
    has(&r, s, 2, "controller_name", "Riverside Gym");
    // numbered titles over `LABEL: value` lines: no tab-separated fiche, read as blocks
    let s = "en-upper.txt";
    let r = read(&case(s));
    assert_eq!(common::count(&r, s), 2);
    has(&r, s, 1, "purpose", "Paying employees");
    has(&r, s, 2, "legal_basis", "consent");
    has(&r, s, 2, "retention", "P13M");
}

/// The cases that come with an `expected.json` (the JSON exports of RoPA tools), each
/// read alone with no mapping, as a user would, and checked field by field: each must
/// satisfy all its entries (the misses are printed; the expectations were written by
/// someone who had not seen the code).
#[test]
fn cases_with_expectations_read_right_with_no_mapping() {
    let dir = common::fixture("cases");
    let mut specs: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 2, "{specs:?}");
    let mut report = Vec::new();
    for spec_path in specs {
        let spec = common::json(&spec_path);
        for (source, expected) in spec["sources"].as_object().unwrap() {
            let input = tempfile::tempdir().unwrap();
            std::fs::copy(dir.join(source), input.path().join(source)).unwrap();
            let out = tempfile::tempdir().unwrap();
            let (register, gaps) = common::ingest(&[input.path().to_path_buf()], out.path());
            let (checked, f) = common::check_source(expected, source, &register, &gaps);
            let share = 1.0 - f.len() as f64 / checked.max(1) as f64;
            eprintln!("{source}: {:.0} % of {checked} entries", share * 100.0);
            for miss in &f {
                eprintln!("  {miss}");
            }
            report.push((source.clone(), share, f));
        }
    }
    for (source, share, f) in &report {
        assert!(
            f.is_empty(),
            "{source}: {:.0} %\n{}",
            share * 100.0,
            f.join("\n")
        );
    }
}

/// Check-box lists: Markdown task lists (`- [x] Contrat`) and boxes typed as emoji or
/// other glyphs (✅ ⬜ ✔️ ☑ □ ■): the ticked options are the value, the others set aside
/// as boxes not ticked.
#[test]
fn check_box_lists_keep_the_ticked_options() {
    for (file, bases) in [
        ("fr-checkbox-lists.md", ["contract", "consent"]),
        ("en-emoji-boxes.txt", ["contract", "consent"]),
    ] {
        let r = read(&case(file));
        assert_eq!(common::count(&r, file), 2, "{file}");
        for (i, basis) in bases.iter().enumerate() {
            let a = common::activity(&r, file, i as u64 + 1);
            assert_eq!(a["legal_basis"]["basis"], *basis, "{file} #{}: {a}", i + 1);
        }
        let ignored: Vec<String> = r["sources"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["ignored"].as_array().cloned().unwrap_or_default())
            .map(|i| i["value"].as_str().unwrap_or_default().to_string())
            .collect();
        assert!(
            ignored.iter().any(|v| v.contains("Consent")),
            "{file}: {ignored:?}"
        );
        let two = common::activity(&r, file, 2);
        assert!(
            !text(&two["legal_basis"]).contains("ontra"),
            "{file}: {two}"
        );
    }
}

/// Activities titled by plain lines, not headings: numbered list items whose label
/// recurs first in each group (`1) Traitement : …` then `- Finalité : …` in Markdown),
/// or one-line paragraphs over `- Label: value` bullets; the notes after them are no
/// activity.
#[test]
fn activities_titled_by_plain_lines() {
    for (file, names) in [
        (
            "fr-numbered-titles.md",
            ["Prise de rendez-vous en ligne", "Galeries clients"],
        ),
        (
            "en-paragraph-titles.md",
            [
                "Activity A — Pupil enrolment",
                "Activity B — Tutor payments",
            ],
        ),
    ] {
        let r = read(&case(file));
        assert_eq!(common::count(&r, file), 2, "{file}");
        for (i, name) in names.iter().enumerate() {
            let a = common::activity(&r, file, i as u64 + 1);
            assert_eq!(text(&a["name"]), *name, "{file}: {a}");
            assert!(!text(&a["purpose"]).is_empty(), "{file}: {a}");
            assert!(a["retention"].is_array(), "{file}: {a}");
        }
    }
}

/// A tool's columns named as identifiers (camelCase, snake_case): each column reaches
/// its field, `cross_border` the transfers included.
#[test]
fn identifier_column_names_are_read_as_words() {
    let file = "en-identifier-columns.csv";
    let r = read(&case(file));
    assert_eq!(common::count(&r, file), 3);
    let a = common::activity(&r, file, 2);
    for (field, want) in [
        ("name", "Direct marketing"),
        ("purpose", "Sending offers"),
        ("data_subjects", "Members who opted in"),
        ("recipients", "Postwave"),
        ("transfers", "USA"),
        ("retention", "consent is withdrawn"),
    ] {
        assert!(text(&a[field]).contains(want), "{field}: {a}");
    }
    assert_eq!(a["legal_basis"]["basis"], "consent", "{a}");
    assert!(a["extra"].is_null(), "{a}");
}

/// A second case of the class, in French and of another shape: a TSV whose columns are
/// camelCase and snake_case identifiers (`baseLegale`, `finalite_principale`,
/// `transfertsHorsUe`); every column reaches a field, nothing is left in extra.
#[test]
fn french_identifier_column_names_are_read_as_words() {
    let file = "fr-identifier-columns.tsv";
    let r = read(&case(file));
    assert_eq!(common::count(&r, file), 2);
    let a = common::activity(&r, file, 2);
    for (field, want) in [
        ("name", "Lettre d'information"),
        ("purpose", "Informer les adhérents"),
        ("data_subjects", "Adhérents abonnés"),
        ("data_categories", "Adresse électronique"),
        ("transfers", "Canada"),
        ("retention", "désabonnement"),
    ] {
        assert!(text(&a[field]).contains(want), "{field}: {a}");
    }
    assert_eq!(a["legal_basis"]["basis"], "consent", "{a}");
    assert!(a["extra"].is_null(), "{a}");
}

/// A model register partly filled in: the template's slots (`[N] ans`, `[à compléter]`,
/// `<NOM DE L'ORGANISME>`) are no answers, and its examples in brackets (« (ex. :
/// déplacements, GPS) ») are not what the client does: no DPIA is asked for GPS data the
/// client never mentioned, while the category the client kept still counts.
#[test]
fn a_models_slots_and_examples_are_not_the_clients_answers() {
    let s = "fr-modele-non-rempli.md";
    let input = tempfile::tempdir().unwrap();
    std::fs::copy(case(s), input.path().join(s)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let (_, gaps) = common::ingest(&[input.path().to_path_buf()], out.path());
    let findings: Vec<(u64, String, String)> = gaps["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["source"] == s)
        .map(|f| {
            (
                f["index"].as_u64().unwrap_or(0),
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["field"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let has = |i: u64, rule: &str| findings.iter().any(|(j, r, _)| *j == i && r == rule);
    assert!(!has(1, "A35-dpia"), "{findings:?}");
    assert!(!has(1, "highly-personal"), "{findings:?}");
    // a slot is a missing answer; the financial category kept still weighs
    assert!(has(1, "A30-1f"), "{findings:?}");
    assert!(has(2, "A30-1d"), "{findings:?}");
    assert!(has(2, "highly-personal"), "{findings:?}");
}

/// A table inside an activity's section (its purposes numbered 1, 2) is that activity's:
/// it was taken for a summary of the others, and each activity's purposes went to the
/// activity of the same number.
#[test]
fn a_sections_own_numbered_table_stays_in_its_section() {
    let s = "de-abschnitte-mit-tabellen.html";
    let r = read(&case(s));
    assert_eq!(common::count(&r, s), 3);
    let first = text(&common::activity(&r, s, 1)["purpose"]);
    let second = text(&common::activity(&r, s, 2)["purpose"]);
    assert!(first.contains("Terminabstimmung"), "{first}");
    assert!(!first.contains("Entgeltabrechnung"), "{first}");
    assert!(!second.contains("Terminabstimmung"), "{second}");
    let recipients = text(&common::activity(&r, s, 2)["recipients"]);
    assert!(recipients.contains("Finanzamt"), "{recipients}");
}

/// A summary table after the last section, with no heading between them: each of its
/// rows goes to its own activity, not all of them to the last section's values.
#[test]
fn a_summary_after_the_last_section_is_merged_into_each_activity() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recap.md");
    std::fs::write(
        &path,
        "# Registre\n\n## Fiche 1 – Dossiers clients\n\n- Finalité : suivi des soins des clients\n- Base légale : contrat\n- Personnes concernées : clients\n- Données : identité, coordonnées\n- Durée de conservation : 3 ans\n\n## Fiche 2 – Paie\n\n- Finalité : paie du personnel\n- Base légale : obligation légale\n- Personnes concernées : salariés\n- Données : identité, RIB\n- Durée de conservation : 5 ans\n\nTableau récapitulatif :\n\n| N° | Nom du traitement | Responsable de la mise en œuvre |\n|---|---|---|\n| 1 | Dossiers clients | Dr Martin |\n| 2 | Paie | Cabinet Expert SA |\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let (r, _) = common::ingest(&[path], out.path());
    let s = "recap.md";
    assert_eq!(common::count(&r, s), 2);
    let second = common::activity(&r, s, 2).to_string();
    assert!(!second.contains("Dr Martin"), "{second}");
    assert!(second.contains("Cabinet Expert SA"), "{second}");
    assert!(common::activity(&r, s, 1).to_string().contains("Dr Martin"));
}

/// A Markdown file saved twice is mended, and its notes say so (the text differs from
/// the bytes: the user must know why).
#[test]
fn a_markdown_text_saved_twice_says_it_was_mended() {
    let s = "es-guardado-dos-veces.md";
    let r = read(&case(s));
    let notes: Vec<String> = r["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|src| src["source"] == s)
        .flat_map(|src| src["notes"].as_array().cloned().unwrap_or_default())
        .map(|n| n.as_str().unwrap_or_default().to_string())
        .collect();
    assert!(notes.iter().any(|n| n.contains("deux fois")), "{notes:?}");
}
