//! `ropa export`: each format written from the seeds and read back — the workbooks and
//! the CSV by ropa itself with no mapping, field by field as far as the format holds
//! them; the DPV JSON-LD parsed, every term checked against the bundled DPV list.

use crate::common;

use serde_json::Value;
use std::path::Path;

/// Exports in English (the messages the tests read); [`export_in`] for another language.
fn export(register: &Path, to: &str, file: &Path) -> String {
    export_in(register, to, file, "en")
}

fn export_in(register: &Path, to: &str, file: &Path, lang: &str) -> String {
    let out = assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .args(["export", "--lang", lang, "--to", to, "-o"])
        .arg(file)
        .arg(register)
        .assert()
        .success();
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

/// A field's text as compared: each line trimmed, blank lines dropped.
fn text(v: &Value) -> String {
    let raw = match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join("\n"),
        // the words a reader wrote, not the tags ropa adds (`cnil`, `kind`, a security
        // measure's `category`); a data category's `category` is the reader's heading
        Value::Object(o) if o.contains_key("details") => ["category", "details"]
            .iter()
            .filter_map(|k| o.get(*k))
            .map(text)
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Object(o) => ["text", "name", "role", "data"]
            .iter()
            .filter_map(|k| o.get(*k))
            .map(text)
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    };
    raw.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every field of `fields` the original activities hold comes back in the same
/// activity, with every word of it.
fn survives(original: &Value, back: &Value, fields: &[&str]) {
    let before = original["activities"].as_array().unwrap();
    let after = back["activities"].as_array().unwrap();
    assert_eq!(before.len(), after.len());
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let mut checked = 0;
    for (a, b) in before.iter().zip(after) {
        for f in fields {
            let Some(v) = a.get(*f) else { continue };
            let got = b.get(*f).map(text).unwrap_or_default();
            let got_words = words(&got);
            for w in words(&text(v)) {
                assert!(
                    got_words.contains(&w),
                    "{} n° {}: `{f}` lost « {w} »: {got:?}",
                    a["source"],
                    a["index"]
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked} values checked");
}

fn seeds_register() -> (tempfile::TempDir, Value) {
    let out = tempfile::tempdir().unwrap();
    let (register, _) = common::ingest(&common::seeds(), out.path());
    (out, register)
}

fn read_back(file: &Path) -> Value {
    let out = tempfile::tempdir().unwrap();
    let (register, _) = common::ingest(&[file.to_path_buf()], out.path());
    register
}

const CORE: &[&str] = &[
    "name",
    "purpose",
    "data_subjects",
    "data_categories",
    "retention",
    "recipients",
    "security_measures",
];

#[test]
fn csv_reads_back_field_by_field() {
    let (out, register) = seeds_register();
    let file = out.path().join("export.csv");
    let said = export(&out.path().join("register.xlsx"), "csv", &file);
    assert!(!said.contains("not carried"), "{said}");
    survives(&register, &read_back(&file), CORE);
}

/// A client's value that a spreadsheet would run as a formula is written as text (a
/// leading `'`, OWASP's advice) and reads back as it was.
#[test]
fn csv_export_writes_no_formula_and_reads_back_the_same_values() {
    let input = tempfile::tempdir().unwrap();
    let register = input.path().join("registre.csv");
    std::fs::write(
        &register,
        "Nom du traitement;Finalité;Destinataires;Notes complémentaires\n\
         =HYPERLINK(\"http://x.example\");Paie;@SUM(1);\"+SUM(1+1)*cmd|' /C calc'!A0\"\n\
         Clients;-2+3 relances;=cmd|'/C calc'!A1;Revue annuelle\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let (before, _) = common::ingest(&[register], out.path());
    let file = out.path().join("export.csv");
    export(&out.path().join("register.xlsx"), "csv", &file);
    let written = std::fs::read_to_string(&file).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(written.trim_start_matches('\u{feff}').as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet runs: {cell:?}"
            );
        }
    }
    let after = read_back(&file);
    for (a, b) in before["activities"]
        .as_array()
        .unwrap()
        .iter()
        .zip(after["activities"].as_array().unwrap())
    {
        for f in ["name", "purpose", "notes"] {
            assert_eq!(text(&a[f]), text(&b[f]), "{f}");
        }
    }
}

/// The CSV's header and the messages are in the run's language; either header reads
/// back to the same values.
#[test]
fn csv_export_speaks_the_run_s_language_and_reads_back_in_either() {
    let (out, register) = seeds_register();
    for (lang, header, said_word) in [
        ("fr", "Nom du traitement", "activités écrites"),
        ("en", "Processing activity", "activities written"),
    ] {
        let file = out.path().join(format!("export-{lang}.csv"));
        let said = export_in(&out.path().join("register.json"), "csv", &file, lang);
        assert!(said.contains(said_word), "{said}");
        let written = std::fs::read_to_string(&file).unwrap();
        let first = written.lines().next().unwrap();
        assert!(first.contains(header), "{first}");
        // the run's convention: what French Excel splits on, and the BOM that makes it
        // read UTF-8 (issue 29)
        assert!(written.starts_with('\u{feff}'));
        let (own, other) = if lang == "fr" { (';', ',') } else { (',', ';') };
        assert!(first.starts_with(&format!("\u{feff}ID{own}")), "{first}");
        assert!(!first.contains(other), "{first}");
        survives(
            &register,
            &read_back(&file),
            &["name", "purpose", "data_subjects"],
        );
    }
}

#[test]
fn cnil_workbook_reads_back_field_by_field() {
    let (out, register) = seeds_register();
    let file = out.path().join("registre-cnil.xlsx");
    let said = export(&out.path().join("register.json"), "cnil", &file);
    // what the model has no heading for is said, not dropped silently
    assert!(
        said.contains("not carried") && said.contains("Risks"),
        "{said}"
    );
    let sheets = common::workbook_sheets(&file);
    assert_eq!(sheets[0].0, "Registre des activités");
    assert_eq!(sheets.len(), 21, "the list and one fiche per activity");
    survives(&register, &read_back(&file), CORE);
}

#[test]
fn ico_controller_sheet_reads_back_as_far_as_it_holds() {
    let (out, register) = seeds_register();
    let file = out.path().join("ico.xlsx");
    let said = export(&out.path().join("register.xlsx"), "ico", &file);
    // the template has no column for the activity's name: said
    assert!(
        said.contains("not carried") && said.contains("Processing activity"),
        "{said}"
    );
    let sheets = common::workbook_sheets(&file);
    assert_eq!(sheets[0].0, "Controller");
    // the organisation block above the table, then the template's headings, the
    // safeguards of exceptional transfers among them
    let rows = &sheets[0].2;
    assert_eq!(rows[0][0], "Name and contact details of the controller");
    assert!(!rows[0][1].is_empty());
    assert!(rows[1][0].starts_with("Name and contact details of the data protection officer"));
    let header = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "Business function"))
        .unwrap();
    assert_eq!(rows[header][1], "Purpose of processing");
    assert!(
        rows[header]
            .iter()
            .any(|h| h.starts_with("Safeguards for exceptional transfers"))
    );
    // processors are recipients; the contract column holds no name
    let link = rows[header]
        .iter()
        .position(|h| h == "Link to contract with processor")
        .unwrap();
    assert!(rows[header + 1..].iter().all(|r| {
        r.get(link)
            .is_none_or(|c| c.is_empty() || c.starts_with("http"))
    }));
    let recipients = rows[header]
        .iter()
        .position(|h| h == "Categories of recipients")
        .unwrap();
    assert!(
        rows[header + 1..]
            .iter()
            .any(|r| r.get(recipients).is_some_and(|c| c.contains("(processor)")))
    );
    survives(
        &register,
        &read_back(&file),
        &[
            "purpose",
            "data_subjects",
            "data_categories",
            "retention",
            "security_measures",
        ],
    );
}

#[test]
fn ciso_assistant_reads_back_as_far_as_it_holds() {
    let (out, register) = seeds_register();
    let file = out.path().join("processings.xlsx");
    let said = export(&out.path().join("register.xlsx"), "ciso-assistant", &file);
    assert!(
        said.contains("not carried") && said.contains("Data subjects"),
        "{said}"
    );
    let sheets = common::workbook_sheets(&file);
    assert_eq!(
        sheets[0].2[0][..4],
        ["ref_id", "name", "description", "status"]
    );
    survives(&register, &read_back(&file), &["name", "purpose"]);
}

/// ciso-assistant's importer (backend/data_wizard/views.py at commit 1cda218c33e0)
/// reads one processing whole from a workbook of a `Processing` sheet and child sheets,
/// each child row with a mandatory category of its choices; dpia_required a boolean (an
/// empty cell fails the row); `domain` a folder name it silently replaces when unknown.
/// `-o FOLDER` writes one such workbook per activity; the flat list writes no `domain`
/// unless one is named.
#[test]
fn ciso_assistant_records_are_what_its_importer_reads() {
    let (out, _) = seeds_register();
    let dir = out.path().join("ciso");
    export(&out.path().join("register.json"), "ciso-assistant", &dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 20);
    let subjects = [
        "privacy_customer",
        "privacy_prospect",
        "privacy_employee",
        "privacy_job_applicant",
        "privacy_contractor",
        "privacy_business_partner",
        "privacy_user",
        "privacy_visitor",
        "privacy_minor",
        "privacy_vulnerable",
        "privacy_public",
        "privacy_other",
    ];
    let mut children = std::collections::BTreeSet::new();
    for f in &files {
        let sheets = common::workbook_sheets(f);
        assert_eq!(sheets[0].0, "Processing");
        let head = &sheets[0].2[0];
        assert!(!head.contains(&"domain".to_string()), "{head:?}");
        assert!(
            ["true", "false", "vrai", "faux"].contains(&sheets[0].2[1][5].to_lowercase().as_str()),
            "{:?}",
            sheets[0].2[1]
        );
        for (name, _, rows) in &sheets[1..] {
            children.insert(name.clone());
            let category = rows[0]
                .iter()
                .position(|h| h == "category" || h == "legal_basis")
                .unwrap();
            for r in &rows[1..] {
                let value = r.get(category).cloned().unwrap_or_default();
                assert!(value.starts_with("privacy_"), "{name}: {r:?}");
                if name == "Data subjects" {
                    assert!(subjects.contains(&value.as_str()), "{value}");
                }
            }
        }
    }
    for sheet in [
        "Purposes",
        "Personal data",
        "Data subjects",
        "Data recipients",
    ] {
        assert!(children.contains(sheet), "{sheet}: {children:?}");
    }
    // the flat list names a domain only when asked
    let file = out.path().join("with-domain.xlsx");
    assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .args([
            "export",
            "-q",
            "--to",
            "ciso-assistant",
            "--domain",
            "Clients RGPD",
            "-o",
        ])
        .arg(&file)
        .arg(out.path().join("register.json"))
        .assert()
        .success();
    let sheets = common::workbook_sheets(&file);
    let col = sheets[0].2[0].iter().position(|h| h == "domain").unwrap();
    assert!(sheets[0].2[1..].iter().all(|r| r[col] == "Clients RGPD"));
}

#[test]
fn dpv_is_json_ld_with_known_terms_only() {
    let (out, register) = seeds_register();
    let file = out.path().join("register.jsonld");
    export(&out.path().join("register.xlsx"), "dpv", &file);
    let doc = common::json(&file);
    assert_eq!(doc["@context"]["dpv"], "https://w3id.org/dpv#");
    let all = doc["@graph"].as_array().unwrap();
    let graph: Vec<Value> = all
        .iter()
        .filter(|n| n["@type"] == "dpv:Process")
        .cloned()
        .collect();
    assert_eq!(graph.len(), 20);
    // each organisation one named node, referred to by id from every activity (16
    // unnamed DataController nodes for three controllers before)
    let entities: Vec<&Value> = all
        .iter()
        .filter(|n| n["@id"].as_str().unwrap().starts_with("urn:ropa:entity:"))
        .collect();
    let controllers: Vec<&&Value> = entities
        .iter()
        .filter(|n| {
            n["@type"]
                .as_array()
                .unwrap()
                .contains(&"dpv:DataController".into())
        })
        .collect();
    assert_eq!(controllers.len(), 3, "{controllers:?}");
    for p in &graph {
        for c in p["dpv:hasDataController"].as_array().into_iter().flatten() {
            let id = c["@id"].as_str().unwrap();
            assert!(entities.iter().any(|e| e["@id"] == id), "{id}");
            assert!(c.get("@type").is_none(), "a reference, not a new node: {c}");
        }
    }
    // texts in their language, durations and dates typed
    let text = doc.to_string();
    assert!(text.contains(r#""@language":"fr""#));
    assert!(text.contains(r#""@type":"xsd:duration""#));
    assert!(text.contains(r#""@type":"xsd:date""#));
    let known = ropa_write::export::dpv_terms();
    let mut used = std::collections::BTreeSet::new();
    fn walk(v: &Value, used: &mut std::collections::BTreeSet<String>) {
        match v {
            Value::Object(o) => {
                for (k, x) in o {
                    used.insert(k.clone());
                    if k == "@type" {
                        used.insert(x.as_str().unwrap_or_default().to_string());
                    }
                    walk(x, used);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, used)),
            _ => {}
        }
    }
    walk(&Value::Array(all.clone()), &mut used);
    let vocabulary: Vec<&String> = used
        .iter()
        .filter(|t| t.starts_with("dpv:") || t.starts_with("eu-gdpr:"))
        .collect();
    assert!(vocabulary.len() >= 12, "{vocabulary:?}");
    for t in vocabulary {
        assert!(
            known.contains(&t.as_str()),
            "{t} is not a DPV term of the bundled list"
        );
    }
    // every prefix used is declared; a purpose is carried where the register has one
    for t in &used {
        if let Some((prefix, _)) = t.split_once(':')
            && !t.starts_with('@')
        {
            assert!(
                doc["@context"].get(prefix).is_some(),
                "{t}: prefix not declared"
            );
        }
    }
    let before = register["activities"].as_array().unwrap();
    for (a, p) in before.iter().zip(&graph) {
        assert_eq!(
            a.get("purpose").is_some(),
            p.get("dpv:hasPurpose").is_some()
        );
        assert_eq!(
            p["@id"],
            format!("urn:ropa:activity:{}", a["id"].as_str().unwrap())
        );
    }
}

/// `--delimiter` overrides the convention, and a file name the format cannot be written
/// under is refused before anything is read (`-o registre.ods` wrote an xlsx).
#[test]
fn csv_delimiter_is_chosen_and_a_wrong_extension_refused() {
    let (out, register) = seeds_register();
    let file = out.path().join("export-tab.csv");
    assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .args(["export", "--to", "csv", "--delimiter", "tab", "-q", "-o"])
        .arg(&file)
        .arg(out.path().join("register.json"))
        .assert()
        .success();
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("\u{feff}ID\t"), "{}", &written[..40]);
    survives(&register, &read_back(&file), &["name", "purpose"]);
    for (to, name, own) in [
        ("cnil", "registre.ods", ".xlsx"),
        ("dpv", "registre.ttl", ".jsonld"),
        ("csv", "registre.xlsx", ".csv"),
    ] {
        let target = out.path().join(name);
        let said = assert_cmd::Command::cargo_bin("ropa")
            .unwrap()
            .args(["export", "--to", to, "-o"])
            .arg(&target)
            .arg(out.path().join("register.json"))
            .assert()
            .code(2);
        let err = String::from_utf8_lossy(&said.get_output().stderr).into_owned();
        assert!(err.contains(name) && err.contains(own), "{err}");
        assert!(!target.exists());
    }
}
