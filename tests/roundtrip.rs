//! ropa's own register.xlsx is an input: read back unchanged it gives the same
//! register.json; a cell a client edits in Excel shows up, and the gap report follows.

mod common;

use rust_xlsxwriter::Workbook;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A workbook as a client's spreadsheet program would save it: every sheet, hidden
/// ones included, every cell as text.
struct Sheets(Vec<(String, bool, Vec<Vec<String>>)>);

impl Sheets {
    fn read(path: &Path) -> Sheets {
        Sheets(common::workbook_sheets(path))
    }

    fn sheet(&mut self, name: &str) -> &mut Vec<Vec<String>> {
        &mut self.0.iter_mut().find(|s| s.0 == name).unwrap().2
    }

    fn write(&self, path: &Path) {
        let mut wb = Workbook::new();
        for (name, hidden, rows) in &self.0 {
            let ws = wb.add_worksheet();
            ws.set_name(name).unwrap();
            ws.set_hidden(*hidden);
            for (r, row) in rows.iter().enumerate() {
                for (c, text) in row.iter().enumerate() {
                    if !text.is_empty() {
                        ws.write_string(r as u32, c as u16, text).unwrap();
                    }
                }
            }
        }
        wb.save(path).unwrap();
    }
}

/// The Registre row of an activity and the column of a header.
fn registre_cell(rows: &[Vec<String>], source: &str, index: usize, header: &str) -> (usize, usize) {
    let col = rows[0].iter().position(|h| h == header).unwrap();
    let row = rows
        .iter()
        .position(|r| r[0] == source && r[1] == index.to_string())
        .unwrap();
    (row, col)
}

fn has_finding(gaps: &Value, source: &str, index: u64, rule: &str) -> bool {
    gaps["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["source"] == source && f["index"] == index && f["rule"] == rule)
}

fn first_run() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    common::ingest(&common::seeds(), out.path());
    let xlsx = out.path().join("register.xlsx");
    (out, xlsx)
}

#[test]
fn register_xlsx_reads_back_into_the_same_register() {
    let (first, xlsx) = first_run();
    let again = tempfile::tempdir().unwrap();
    common::ingest(&[xlsx], again.path());
    for name in ["register.json", "gaps.json"] {
        let a = std::fs::read_to_string(first.path().join(name)).unwrap();
        let b = std::fs::read_to_string(again.path().join(name)).unwrap();
        assert!(a == b, "{name} differs after a round trip");
    }
    // the same is true of a workbook whose cells a spreadsheet program re-saved
    let resaved = again.path().join("resaved.xlsx");
    Sheets::read(&first.path().join("register.xlsx")).write(&resaved);
    let third = tempfile::tempdir().unwrap();
    let (register, _) = common::ingest(&[resaved], third.path());
    assert_eq!(register, common::json(&first.path().join("register.json")));
}

#[test]
fn an_edited_retention_cell_closes_its_finding() {
    let (first, xlsx) = first_run();
    let gaps = common::json(&first.path().join("gaps.json"));
    assert!(has_finding(&gaps, "toutapprendre.tsv", 2, "A30-1f"));
    assert!(has_finding(&gaps, "toutapprendre.tsv", 3, "A30-1f"));

    let mut sheets = Sheets::read(&xlsx);
    // the client fills activity 2's retention in Registre …
    let registre = sheets.sheet("Registre");
    let (row, col) = registre_cell(registre, "toutapprendre.tsv", 2, "Durées de conservation");
    assert_eq!(registre[row].get(col).map_or("", String::as_str), "");
    let width = registre[row].len().max(col + 1);
    registre[row].resize(width, String::new());
    registre[row][col] = "3 ans après la fin du contrat".into();
    // … and adds a row for activity 3 in Conservation
    let name = registre[row][2].clone();
    sheets.sheet("Conservation").push(vec![
        "toutapprendre.tsv".into(),
        "3".into(),
        name,
        "1 an après la dernière connexion".into(),
        "P1Y".into(),
        "après la dernière connexion".into(),
    ]);
    let edited = first.path().join("edited").join("register.xlsx");
    std::fs::create_dir_all(edited.parent().unwrap()).unwrap();
    sheets.write(&edited);

    let out = tempfile::tempdir().unwrap();
    let (register, gaps) = common::ingest(&[edited], out.path());
    assert!(
        !has_finding(&gaps, "toutapprendre.tsv", 2, "A30-1f"),
        "Registre edit not read"
    );
    assert!(
        !has_finding(&gaps, "toutapprendre.tsv", 3, "A30-1f"),
        "Conservation edit not read"
    );
    assert!(
        has_finding(&gaps, "toutapprendre.tsv", 4, "A30-1f"),
        "an unedited activity changed"
    );

    let two = common::activity(&register, "toutapprendre.tsv", 2);
    assert_eq!(two["retention"][0]["duration"], "P3Y");
    let place = two["provenance"]["retention"][0]["place"].as_str().unwrap();
    assert!(place.starts_with("[register.xlsx]Registre!"), "{place}");
    let three = common::activity(&register, "toutapprendre.tsv", 3);
    assert_eq!(three["retention"][0]["duration"], "P1Y");
    assert_eq!(
        three["retention"][0]["trigger"],
        "après la dernière connexion"
    );
    // everything else is as first read
    let before = common::json(&first.path().join("register.json"));
    assert_eq!(
        common::activity(&before, "toutapprendre.tsv", 2)["purpose"],
        two["purpose"]
    );
    assert_eq!(register["sources"], before["sources"]);
}

#[test]
fn without_its_hidden_sheet_the_register_reads_as_a_table() {
    let (first, xlsx) = first_run();
    let mut sheets = Sheets::read(&xlsx);
    sheets.0.retain(|s| s.0 != "ropa");
    let copy = first.path().join("copy").join("register.xlsx");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    sheets.write(&copy);
    let out = tempfile::tempdir().unwrap();
    let (register, _) = common::ingest(&[copy], out.path());
    let before = common::json(&first.path().join("register.json"));
    let (a, b) = (
        register["activities"].as_array().unwrap(),
        before["activities"].as_array().unwrap(),
    );
    assert_eq!(a.len(), b.len());
    assert_eq!(register["sources"][0]["mapping"], "ropa-register");
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x["purpose"], y["purpose"]);
        assert_eq!(x["name"], y["name"]);
    }
}

/// `ropa gaps` on an edited register.xlsx says what changed, as `ingest` does.
#[test]
fn gaps_lists_the_clients_edits_like_ingest() {
    let (first, xlsx) = first_run();
    let mut sheets = Sheets::read(&xlsx);
    let registre = sheets.sheet("Registre");
    let (row, col) = registre_cell(registre, "toutapprendre.tsv", 2, "Durées de conservation");
    let width = registre[row].len().max(col + 1);
    registre[row].resize(width, String::new());
    registre[row][col] = "3 ans après la fin du contrat".into();
    let edited = first.path().join("edited").join("register.xlsx");
    std::fs::create_dir_all(edited.parent().unwrap()).unwrap();
    sheets.write(&edited);
    let out = tempfile::tempdir().unwrap();
    let assert = assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .args(["gaps", "--as-of", "2026-11-22", "-o"])
        .arg(out.path())
        .arg(&edited)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("1 change(s)"), "{stdout}");
    assert!(
        stdout.contains("changed:") && stdout.contains("retention"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("3 ans après"),
        "no source value without -v: {stdout}"
    );
}

/// Edits clients make to the table itself: a renamed header is matched like any label, a
/// second column under a field's header keeps both (the second in extra), and a renamed
/// Registre sheet is found by its header.
#[test]
fn renamed_and_duplicated_headers_and_a_renamed_sheet() {
    let (first, xlsx) = first_run();
    let before = common::json(&first.path().join("register.json"));
    let purposes = |r: &Value| -> Vec<Value> {
        r["activities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["purpose"].clone())
            .collect()
    };
    let mut sheets = Sheets::read(&xlsx);
    {
        let registre = sheets.sheet("Registre");
        let retention = registre[0]
            .iter()
            .position(|h| h == "Durées de conservation")
            .unwrap();
        registre[0][retention] = "Durée de conservation".into();
        // a copy of the purpose column, mostly empty, pasted at the end
        let width = registre.iter().map(Vec::len).max().unwrap();
        for (r, row) in registre.iter_mut().enumerate() {
            row.resize(width + 1, String::new());
            row[width] = match r {
                0 => "Finalité principale".into(),
                1 => "une note du client".into(),
                _ => String::new(),
            };
        }
    }
    for s in &mut sheets.0 {
        if s.0 == "Registre" {
            s.0 = "Registre 2025".into();
        }
    }
    let edited = first.path().join("edited").join("register.xlsx");
    std::fs::create_dir_all(edited.parent().unwrap()).unwrap();
    sheets.write(&edited);
    let out = tempfile::tempdir().unwrap();
    let (register, _) = common::ingest(&[edited], out.path());
    assert_eq!(purposes(&register), purposes(&before), "no purpose erased");
    let retentions = |r: &Value| -> Vec<Value> {
        r["activities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["retention"].clone())
            .collect()
    };
    assert_eq!(
        retentions(&register),
        retentions(&before),
        "the renamed column kept its field"
    );
    let first_activity = &register["activities"][0];
    let extra = first_activity["extra"].to_string();
    assert!(extra.contains("une note du client"), "{extra}");
}

/// Deleting the Source or the N° column loses no activity and gives none another's values:
/// rows are matched by their name, and the summary says so.
#[test]
fn a_deleted_source_or_number_column_loses_nothing() {
    for deleted in ["Source", "N°"] {
        let (first, xlsx) = first_run();
        let before = common::json(&first.path().join("register.json"));
        let mut sheets = Sheets::read(&xlsx);
        let registre = sheets.sheet("Registre");
        let col = registre[0].iter().position(|h| h == deleted).unwrap();
        for row in registre.iter_mut() {
            if col < row.len() {
                row.remove(col);
            }
        }
        let edited = first.path().join("edited").join("register.xlsx");
        std::fs::create_dir_all(edited.parent().unwrap()).unwrap();
        sheets.write(&edited);
        let out = tempfile::tempdir().unwrap();
        let (register, _) = common::ingest(&[edited], out.path());
        let key = |a: &Value| {
            (
                a["source"].clone(),
                a["index"].clone(),
                a["purpose"].clone(),
            )
        };
        let mut got: Vec<_> = register["activities"]
            .as_array()
            .unwrap()
            .iter()
            .map(key)
            .collect();
        let mut want: Vec<_> = before["activities"]
            .as_array()
            .unwrap()
            .iter()
            .map(key)
            .collect();
        got.sort_by_key(|k| format!("{k:?}"));
        want.sort_by_key(|k| format!("{k:?}"));
        assert_eq!(got, want, "without the {deleted} column");
    }
}
