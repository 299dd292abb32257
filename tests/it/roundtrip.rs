//! ropa's own register.xlsx is an input: read back unchanged it gives the same
//! register.json; a cell a client edits in Excel shows up, and the gap report follows.

use crate::common;

use serde_json::Value;
use std::path::{Path, PathBuf};

use common::Sheets;

/// The Registre row of an activity and the column of a header.
fn registre_cell(rows: &[Vec<String>], source: &str, index: usize, header: &str) -> (usize, usize) {
    let at = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let (col, s, n) = (at(header), at("Source"), at("N°"));
    let row = rows
        .iter()
        .position(|r| r[s] == source && r[n] == index.to_string())
        .unwrap();
    (row, col)
}

fn has_finding(gaps: &Value, source: &str, index: u64, rule: &str) -> bool {
    gaps["findings"].as_array().unwrap().iter().any(|f| {
        // a finding several activities share names them all
        let about = f["index"] == index
            || f["activities"]
                .as_array()
                .is_some_and(|a| a.iter().any(|i| *i == index));
        f["source"] == source && about && f["rule"] == rule
    })
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
    let name = registre[row][3].clone();
    // a row typed by hand: no ID, the activity named by its Source and N°
    sheets.sheet("Conservation").push(vec![
        String::new(),
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
    let place = two["provenance"]["retention"][0][0].as_str().unwrap();
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
    assert!(stdout.contains("1 changement depuis"), "{stdout}");
    assert!(
        stdout.contains("changé :") && stdout.contains("retention"),
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

/// `ropa ingest -o OUT FILE` on an edited register: register.json and what it printed.
fn reingest(edited: &Path) -> (tempfile::TempDir, Value, String) {
    let out = tempfile::tempdir().unwrap();
    let assert = assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .args(["ingest", "--as-of", "2026-11-22", "-o"])
        .arg(out.path())
        .arg(edited)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let register = common::json(&out.path().join("register.json"));
    (out, register, stdout)
}

fn save_edited(first: &tempfile::TempDir, sheets: &Sheets) -> PathBuf {
    let edited = first.path().join("edited").join("register.xlsx");
    std::fs::create_dir_all(edited.parent().unwrap()).unwrap();
    sheets.write(&edited);
    edited
}

/// The activities of register.json by id, without their provenance.
fn by_id(register: &Value) -> std::collections::BTreeMap<String, Value> {
    register["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let mut a = a.clone();
            a.as_object_mut().unwrap().remove("provenance");
            (a["id"].as_str().unwrap().to_string(), a)
        })
        .collect()
}

/// Sorting every sheet a client can see is a view, not an edit: the register read back
/// is the register written, and no change is listed.
#[test]
fn sorted_sheets_are_no_edit() {
    let (first, xlsx) = first_run();
    let before = common::json(&first.path().join("register.json"));
    let mut sheets = Sheets::read(&xlsx);
    // the working sheets too, hidden as they are: a client may show and sort them
    for (name, _, rows) in &mut sheets.0 {
        if name == "ropa" || name == "Légende" || rows.len() < 3 {
            continue;
        }
        // sort by the last column with text, descending, as Excel's sort would
        let col = rows[0].len() - 1;
        rows[1..].sort_by(|a, b| b.get(col).cmp(&a.get(col)).then(b.cmp(a)));
    }
    let (_out, register, stdout) = reingest(&save_edited(&first, &sheets));
    assert!(stdout.contains(", 0 changement depuis"), "{stdout}");
    let reread: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.contains("read back"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert!(reread.is_empty(), "{stdout}");
    assert_eq!(register["activities"], before["activities"]);
}

/// A row copied and pasted, then renamed, is a new activity with the copied values; the
/// original is untouched; the summary says so.
#[test]
fn a_copied_row_is_a_new_activity() {
    let (first, xlsx) = first_run();
    let before = common::json(&first.path().join("register.json"));
    let mut sheets = Sheets::read(&xlsx);
    let registre = sheets.sheet("Registre");
    let (row, name_col) = registre_cell(registre, "pirouette.txt", 3, "Nom du traitement");
    let mut copy = registre[row].clone();
    copy[name_col] = "Support des comptes professionnels".into();
    // pasted a few rows below, as a client would
    registre.insert(2, copy);
    let (_out, register, stdout) = reingest(&save_edited(&first, &sheets));
    assert!(
        stdout.contains("une nouvelle activité, copiée de l'activité"),
        "{stdout}"
    );
    let (was, now) = (by_id(&before), by_id(&register));
    assert_eq!(now.len(), was.len() + 1);
    for (id, a) in &was {
        assert_eq!(now.get(id), Some(a), "activity {id} changed");
    }
    let new: Vec<&Value> = now
        .iter()
        .filter(|(id, _)| !was.contains_key(*id))
        .map(|(_, a)| a)
        .collect();
    let [new] = new[..] else { panic!("{new:?}") };
    let original = common::activity(&before, "pirouette.txt", 3);
    assert_eq!(new["name"], "Support des comptes professionnels");
    assert_eq!(new["source"], "pirouette.txt");
    assert_eq!(new["index"], 6, "numbered after the source's last activity");
    for key in ["purpose", "recipients", "retention", "data_subjects"] {
        assert_eq!(new[key], original[key], "{key}");
    }
    // an unchanged second copy is read once, and said
    let mut sheets = Sheets::read(&xlsx);
    let registre = sheets.sheet("Registre");
    let copy = registre[row].clone();
    registre.push(copy);
    let (_out, register, stdout) = reingest(&save_edited(&first, &sheets));
    assert!(
        stdout.contains("une copie inchangée de la ligne"),
        "{stdout}"
    );
    assert_eq!(register["activities"], before["activities"]);
}

/// A line added to a Registre cell of a list ("name (role) — data" per line) adds one
/// item: the others stay exactly as they were.
#[test]
fn a_line_added_to_a_list_cell_adds_one_item() {
    let (first, xlsx) = first_run();
    let before = common::json(&first.path().join("register.json"));
    let mut sheets = Sheets::read(&xlsx);
    let registre = sheets.sheet("Registre");
    let (row, col) = registre_cell(registre, "toutemonannee.txt", 3, "Destinataires");
    registre[row][col].push_str("\nCabinet comptable Dupont — factures");
    let (_out, register, stdout) = reingest(&save_edited(&first, &sheets));
    assert!(stdout.contains("(recipients)"), "{stdout}");
    let was = common::activity(&before, "toutemonannee.txt", 3)["recipients"]
        .as_array()
        .unwrap()
        .clone();
    let now = common::activity(&register, "toutemonannee.txt", 3)["recipients"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(now.len(), was.len() + 1);
    assert_eq!(now[..was.len()], was[..], "the other items changed");
    let added = &now[was.len()];
    assert_eq!(added["name"], "Cabinet comptable Dupont", "{added}");
    assert_eq!(added["data"], "factures", "{added}");
}

/// An edit on the Conservation sheet is normalised afresh: "1 an" made "18 mois" is
/// 18 months, not the year ropa first read.
#[test]
fn a_conservation_edit_is_normalised_afresh() {
    let (first, xlsx) = first_run();
    let mut sheets = Sheets::read(&xlsx);
    let conservation = sheets.sheet("Conservation");
    let header = conservation[0].clone();
    let at = |h: &str| header.iter().position(|x| x == h).unwrap();
    let (text, iso, source, n) = (
        at("Durée (texte)"),
        at("Durée (ISO 8601)"),
        at("Source"),
        at("N°"),
    );
    let row = conservation
        .iter()
        .position(|r| r[source] == "toutemonannee.txt" && r[n] == "2")
        .unwrap();
    assert_eq!(conservation[row][text], "1 an");
    assert_eq!(conservation[row][iso], "P1Y");
    conservation[row][text] = "18 mois".into();
    // and the sheet sorted too: the order of rows is no edit
    conservation[1..].reverse();
    let (_out, register, stdout) = reingest(&save_edited(&first, &sheets));
    let two = common::activity(&register, "toutemonannee.txt", 2);
    assert_eq!(two["retention"][0]["text"], "18 mois");
    assert_eq!(two["retention"][0]["duration"], "P18M");
    assert!(stdout.contains(", 1 changement depuis"), "{stdout}");
    assert!(
        stdout.contains("feuille Conservation (activité"),
        "{stdout}"
    );
}

/// A row typed by hand without an id is a new activity; without the ID column, rows are
/// matched by their content and the summary says so.
#[test]
fn a_row_without_an_id_and_a_deleted_id_column() {
    let (first, xlsx) = first_run();
    let before = common::json(&first.path().join("register.json"));
    let mut sheets = Sheets::read(&xlsx);
    let registre = sheets.sheet("Registre");
    let (_, name_col) = registre_cell(registre, "pirouette.txt", 1, "Nom du traitement");
    let (_, purpose_col) = registre_cell(registre, "pirouette.txt", 1, "Finalité principale");
    let mut typed = vec![String::new(); registre[0].len()];
    typed[name_col] = "Vidéoprotection".into();
    typed[purpose_col] = "Sécurité des locaux".into();
    registre.push(typed);
    let (_out, register, stdout) = reingest(&save_edited(&first, &sheets));
    assert!(stdout.contains("une nouvelle activité"), "{stdout}");
    let acts = register["activities"].as_array().unwrap();
    assert_eq!(
        acts.len(),
        before["activities"].as_array().unwrap().len() + 1
    );
    let last = acts.last().unwrap();
    assert_eq!(last["purpose"], "Sécurité des locaux");
    assert_eq!(last["id"].as_str().map(str::len), Some(10));

    let mut sheets = Sheets::read(&xlsx);
    for row in sheets.sheet("Registre").iter_mut() {
        row.remove(0);
    }
    let (_out, register, stdout) = reingest(&save_edited(&first, &sheets));
    assert!(
        stdout.contains("la colonne ID de `Registre` manque"),
        "{stdout}"
    );
    assert_eq!(by_id(&register), by_id(&before));
}

/// LibreOffice, saving as .ods, drops the tabs of a cell of several lines (seen on the
/// seeds' Provenance sheet); a re-saved register is no edit for that.
#[test]
fn a_resave_that_drops_tabs_is_no_edit() {
    let (first, xlsx) = first_run();
    let before = common::json(&first.path().join("register.json"));
    let mut sheets = Sheets::read(&xlsx);
    let mut dropped = 0;
    for (name, _, rows) in &mut sheets.0 {
        if name == "ropa" {
            continue;
        }
        for cell in rows.iter_mut().flatten() {
            if cell.contains('\n') && cell.contains('\t') {
                *cell = cell.replace('\t', "");
                dropped += 1;
            }
        }
    }
    assert!(
        dropped > 0,
        "the seeds have cells with tabs and line breaks"
    );
    let (_out, register, stdout) = reingest(&save_edited(&first, &sheets));
    assert!(stdout.contains(", 0 changement depuis"), "{stdout}");
    assert!(!stdout.contains("was changed"), "{stdout}");
    assert_eq!(register["activities"], before["activities"]);
}

/// A register written before the hidden sheet named labels by index (layout 1: each
/// origin's label in full, every activity's format written out) reads back as the same
/// register as one written now (layout 2).
#[test]
fn a_register_of_the_first_hidden_layout_still_reads() {
    let (first, xlsx) = first_run();
    let register = common::json(&first.path().join("register.json"));
    let labels: Vec<Value> = register["labels"].as_array().unwrap().clone();
    let mut sheets = Sheets::read(&xlsx);
    let data = sheets.sheet("ropa");
    assert_eq!(
        data[0][1], "2",
        "this test writes the layout before the current one"
    );
    assert_eq!(data[1][0], "(labels)");
    let mut old = vec![data[0].clone()];
    old[0][1] = "1".into();
    let mut format = Value::Null;
    for row in data.iter().skip(2) {
        let json: String = row.iter().skip(2).map(String::as_str).collect();
        let mut a: Value = serde_json::from_str(&json).unwrap();
        if row[0] != "(source)" {
            // the labels in full, and every activity's format written out
            for origins in a["provenance"].as_object_mut().unwrap().values_mut() {
                for o in origins.as_array_mut().unwrap() {
                    if let Some(i) = o[1].as_u64() {
                        o[1] = labels[i as usize].clone();
                    }
                }
            }
            match a.get("format_fields") {
                Some(f) => format = f.clone(),
                None => a["format_fields"] = format.clone(),
            }
        }
        let mut cells = row[..2].to_vec();
        let json: Vec<char> = serde_json::to_string(&a).unwrap().chars().collect();
        cells.extend(json.chunks(30_000).map(|c| c.iter().collect::<String>()));
        old.push(cells);
    }
    *data = old;
    let edited = save_edited(&first, &sheets);
    let (_out, back, stdout) = reingest(&edited);
    assert_eq!(back["activities"], register["activities"], "{stdout}");
    assert_eq!(back["labels"], register["labels"]);
}
