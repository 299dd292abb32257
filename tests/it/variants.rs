//! The toutapprendre sheet as clients really send it (xlsx with a title row and merged
//! cells, the same saved as ods and xls, French Excel's CSV, Excel's "Texte Unicode"):
//! one mapping reads them all into the same register as the TSV.

use crate::common;

use assert_cmd::Command;
use serde_json::Value;
use std::collections::HashSet;
use std::path::PathBuf;

const VARIANTS: [&str; 5] = [
    "toutapprendre.xlsx",
    "toutapprendre.ods",
    "toutapprendre.xls",
    "toutapprendre-fr.csv",
    "toutapprendre-unicode.txt",
];

fn variant(name: &str) -> PathBuf {
    common::fixture(&format!("variants/{name}"))
}

fn all_inputs() -> Vec<PathBuf> {
    let mut inputs = vec![common::fixture("toutapprendre.tsv")];
    inputs.extend(VARIANTS.iter().map(|v| variant(v)));
    inputs
}

/// An activity's values, without what depends on the file (id, source, places, extra).
fn values(a: &Value) -> Value {
    let mut a = a.clone();
    if let Some(o) = a.as_object_mut() {
        for k in ["id", "source", "provenance", "extra"] {
            o.remove(k);
        }
    }
    a
}

#[test]
fn every_variant_reads_like_the_tsv() {
    let out = tempfile::tempdir().unwrap();
    let (register, gaps) = common::ingest(&all_inputs(), out.path());
    let expected = common::expected();
    let spec = &expected["sources"]["toutapprendre.tsv"];
    let activities = register["activities"].as_array().unwrap();
    let of = |source: &str| -> Vec<Value> {
        activities
            .iter()
            .filter(|a| a["source"] == source)
            .map(values)
            .collect()
    };
    let tsv = of("toutapprendre.tsv");
    assert_eq!(tsv.len(), 4);
    let mut failures = Vec::new();
    for v in VARIANTS {
        let (checked, f) = common::check_source(spec, v, &register, &gaps);
        assert!(checked > 10, "{v}: expected.json entries not read");
        failures.extend(f);
        let got = of(v);
        if got != tsv {
            for (i, (a, b)) in tsv.iter().zip(&got).enumerate() {
                if a != b {
                    failures.push(format!("{v} #{}: {b}\n   TSV: {a}", i + 1));
                }
            }
            if got.len() != tsv.len() {
                failures.push(format!("{v}: {} activities, not 4", got.len()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_summary_names_what_was_detected() {
    let out = tempfile::tempdir().unwrap();
    let assert = Command::cargo_bin("ropa")
        .unwrap()
        // the summary in English (the French one is checked by the round-trip tests)
        .args(["ingest", "--lang", "en", "-o"])
        .arg(out.path())
        .args(all_inputs())
        .assert()
        .success();
    let o = assert.get_output();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let line = |source: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{source}:")))
            .unwrap_or_else(|| panic!("no summary line for {source}:\n{text}"))
            .to_string()
    };
    let csv = line("toutapprendre-fr.csv");
    assert!(
        csv.contains("encoding windows-1252")
            && csv.contains("delimiter ;")
            && csv.contains("header row 3"),
        "{csv}"
    );
    let txt = line("toutapprendre-unicode.txt");
    assert!(
        txt.contains("encoding UTF-16LE") && txt.contains("delimiter tab"),
        "{txt}"
    );
    for wb in [
        "toutapprendre.xlsx",
        "toutapprendre.ods",
        "toutapprendre.xls",
    ] {
        let l = line(wb);
        assert!(
            l.contains("sheet “Registre RGPD”") && l.contains("header row 3"),
            "{l}"
        );
    }
}

/// Every word of every cell of every sheet of the workbooks reaches register.xlsx.
#[test]
fn no_cell_of_a_workbook_is_lost() {
    let out = tempfile::tempdir().unwrap();
    let workbooks: Vec<PathBuf> = VARIANTS[..3].iter().map(|v| variant(v)).collect();
    common::ingest(&workbooks, out.path());
    let cells = |path: &std::path::Path| -> Vec<(String, String)> {
        let mut all = Vec::new();
        for (name, _, rows) in common::workbook_sheets(path) {
            for (r, row) in rows.iter().enumerate() {
                for (c, text) in row.iter().enumerate() {
                    all.push((format!("{name}!{r},{c}"), text.clone()));
                }
            }
        }
        all
    };
    let written: HashSet<String> = cells(&out.path().join("register.xlsx"))
        .iter()
        .flat_map(|(_, t)| common::words(t))
        .collect();
    let mut counted = 0;
    let mut missing = Vec::new();
    for wb in &workbooks {
        for (place, text) in cells(wb) {
            for w in common::words(&text) {
                counted += 1;
                if !written.contains(&w) {
                    missing.push(format!("{}:{place}: {w}", wb.display()));
                }
            }
        }
    }
    assert!(counted > 1000, "too few words read ({counted})");
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_content_decides_the_reader_not_the_name() {
    let dir = tempfile::tempdir().unwrap();
    // a workbook named .csv, a CSV named .xls, a web page named .xls
    std::fs::copy(
        variant("toutapprendre.xlsx"),
        dir.path().join("toutapprendre-a.csv"),
    )
    .unwrap();
    std::fs::copy(
        variant("toutapprendre-fr.csv"),
        dir.path().join("toutapprendre-b.xls"),
    )
    .unwrap();
    // a web page that holds no register, and one whose table is a register
    std::fs::write(
        dir.path().join("export.xls"),
        "<html><body><table><tr><td>Finalité</td></tr></table></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tool-export.xls"),
        "<html><body><table><tr><th>Traitement</th><th>Finalité</th><th>Personnes concernées</th><th>Destinataires</th><th>Durée de conservation</th></tr><tr><td>Paie</td><td>Payer les salariés</td><td>Salariés</td><td>Expert-comptable</td><td>5 ans</td></tr></table></body></html>",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let (stderr, register) = common::ingest_expecting(2, &[dir.path().to_path_buf()], out.path());
    assert!(
        stderr.contains("export.xls") && stderr.contains("could not be inferred"),
        "{stderr}"
    );
    let count = |s: &str| common::count(&register, s);
    assert_eq!(count("tool-export.xls"), 1);
    assert_eq!(
        common::activity(&register, "tool-export.xls", 1)["purpose"],
        "Payer les salariés"
    );
    assert_eq!(count("toutapprendre-a.csv"), 4);
    assert_eq!(count("toutapprendre-b.xls"), 4);
}

/// A client's workbook whose name looks like ropa's register (`registre-*.xlsx`,
/// `register*.xlsx`) but that has no `Registre` sheet is read as the client's register,
/// not refused because ropa's own mapping asks for that sheet.
#[test]
fn a_client_workbook_named_like_ropas_register_is_read() {
    let dir = tempfile::tempdir().unwrap();
    for (name, sheet, headers) in [
        (
            "registre-rgpd.xlsx",
            "Traitements",
            [
                "Nom du traitement",
                "Finalité principale",
                "Personnes concernées",
            ],
        ),
        (
            "register-2024.xlsx",
            "Processing",
            ["Processing activity", "Purpose", "Data subjects"],
        ),
    ] {
        let path = dir.path().join(name);
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name(sheet).unwrap();
        for (c, h) in headers.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (c, v) in ["Paie", "Calcul des salaires", "Salariés"]
            .iter()
            .enumerate()
        {
            ws.write_string(1, c as u16, *v).unwrap();
        }
        wb.save(&path).unwrap();
        let out = tempfile::tempdir().unwrap();
        let (register, _) = common::ingest(&[path], out.path());
        let a = &register["activities"][0];
        assert_eq!(a["name"], "Paie", "{name}");
        assert_eq!(a["purpose"], "Calcul des salaires", "{name}");
    }
}

/// A privacy tool's export with generic English headers (`Name`, `Description`), as
/// ciso-assistant's processings and others write them: the name and the purpose.
#[test]
fn a_tool_export_with_name_and_description_columns_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tool-export.csv");
    std::fs::write(
        &path,
        "Name,Description,Data subjects,Retention\nNewsletter,Sending the monthly newsletter to subscribers,Subscribers,Until unsubscribe\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let (register, _) = common::ingest(&[path], out.path());
    let a = &register["activities"][0];
    assert_eq!(a["name"], "Newsletter");
    assert_eq!(
        a["purpose"],
        "Sending the monthly newsletter to subscribers"
    );
}
