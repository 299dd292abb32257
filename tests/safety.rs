//! Never lose a client's data: what a mistyped input, a second run into the same folder
//! and a file that breaks its reader's library do to the outputs (issue 14).

mod common;

use assert_cmd::Command;
use std::path::PathBuf;

fn ropa() -> Command {
    let mut c = Command::cargo_bin("ropa").unwrap();
    c.args(["ingest", "--as-of", "2026-11-22", "-q"]);
    c
}

#[test]
fn a_mistyped_input_writes_nothing_and_keeps_the_outputs_of_the_day_before() {
    let out = tempfile::tempdir().unwrap();
    common::ingest(&common::seeds(), out.path());
    let before = std::fs::read(out.path().join("register.json")).unwrap();
    let xlsx = std::fs::read(out.path().join("register.xlsx")).unwrap();
    let assert = ropa()
        .arg("-o")
        .arg(out.path())
        .arg(common::fixture("fixtuers"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(
        std::fs::read(out.path().join("register.json")).unwrap(),
        before
    );
    assert_eq!(
        std::fs::read(out.path().join("register.xlsx")).unwrap(),
        xlsx
    );
}

#[test]
fn a_second_run_into_its_own_input_folder_reads_the_inputs_once() {
    let dir = tempfile::tempdir().unwrap();
    for s in common::SEEDS {
        std::fs::copy(common::fixture(s), dir.path().join(s)).unwrap();
    }
    let d: PathBuf = dir.path().to_path_buf();
    for _ in 0..2 {
        ropa().arg("-o").arg(&d).arg(&d).assert().success();
    }
    let register = common::json(&d.join("register.json"));
    assert_eq!(register["activities"].as_array().unwrap().len(), 20);
    // named explicitly, ropa's register is read back (the round trip)
    let out = tempfile::tempdir().unwrap();
    ropa()
        .arg("-o")
        .arg(out.path())
        .arg(d.join("register.xlsx"))
        .assert()
        .success();
    let again = common::json(&out.path().join("register.json"));
    assert_eq!(again["activities"].as_array().unwrap().len(), 20);
}

#[test]
fn a_file_that_breaks_its_reader_is_named_and_the_others_are_read() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["damaged-1.xls", "damaged-2.xls"] {
        std::fs::copy(common::fixture(&format!("hostile/{f}")), dir.path().join(f)).unwrap();
    }
    std::fs::copy(
        common::fixture("pirouette.txt"),
        dir.path().join("pirouette.txt"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let assert = Command::cargo_bin("ropa")
        .unwrap()
        .args(["ingest", "--as-of", "2026-11-22", "-o"])
        .arg(out.path())
        .arg(dir.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for f in ["damaged-1.xls", "damaged-2.xls"] {
        assert!(
            stderr.contains(f) && stderr.contains("save it again"),
            "{stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    let register = common::json(&out.path().join("register.json"));
    assert_eq!(common::count(&register, "pirouette.txt"), 5);
}

/// Text in angle brackets, entities, stars, pipes and emoji land whole, whatever the
/// reader: they are a client's words, not markup.
#[test]
fn values_that_look_like_markup_are_kept_whole() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("table.tsv"),
        "Traitement\tFinalité\tPersonnes concernées\tDestinataires\tDurée de conservation\n\
         Vidéo\tSécurité des biens & des personnes\tVisiteurs\t<Police nationale>\t1 mois 📹\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("doc.md"),
        "## Traitement 1 – Paie\n\n- **Finalité :** payer les salariés\n- **Destinataires :** <Nom du prestataire> | expert-comptable\n- **Personnes concernées :** salariés\n- **Durée de conservation :** 5 ans ✅\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    ropa()
        .arg("-o")
        .arg(out.path())
        .arg(dir.path())
        .assert()
        .success();
    let register = common::json(&out.path().join("register.json"));
    // in the values themselves, not only in their provenance
    let field = |source: &str, field: &str| {
        let mut out = Vec::new();
        ropa::model::collect_strings(&common::activity(&register, source, 1)[field], &mut out);
        out.join(" ")
    };
    assert!(field("table.tsv", "recipients").contains("<Police nationale>"));
    assert!(field("table.tsv", "purpose").contains("Sécurité des biens & des personnes"));
    assert!(field("table.tsv", "retention").contains("📹"));
    assert!(field("doc.md", "recipients").contains("<Nom du prestataire>"));
    assert!(field("doc.md", "retention").contains("✅"));
}

/// A 1.7 KB workbook with one cell at XFD1048576 made the process allocate 512 GiB and
/// abort; it is read with that cell kept apart, and the batch goes on.
#[test]
fn a_stray_far_cell_is_kept_apart_not_allocated_as_a_whole_sheet() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("far.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let header = [
        "Traitement",
        "Finalité",
        "Personnes concernées",
        "Destinataires",
    ];
    let row = ["Paie", "Payer les salariés", "Salariés", "Banque"];
    for (c, (h, v)) in header.iter().zip(row).enumerate() {
        ws.write(0, c as u16, *h).unwrap();
        ws.write(1, c as u16, v).unwrap();
    }
    ws.write(1_048_575, 16_383, "note perdue au bout de la feuille")
        .unwrap();
    wb.save(&path).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 10_000);
    let out = tempfile::tempdir().unwrap();
    ropa()
        .arg("-o")
        .arg(out.path())
        .arg(&path)
        .assert()
        .success();
    let register = common::json(&out.path().join("register.json"));
    assert_eq!(common::count(&register, "far.xlsx"), 1);
    let ignored = &register["sources"][0]["ignored"];
    let far = ignored
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["value"] == "note perdue au bout de la feuille")
        .unwrap_or_else(|| panic!("{ignored}"));
    assert_eq!(far["place"], "Sheet1!XFD1048576");
}

/// Two inputs with one file name in two folders are two sources: no false duplicate, and
/// each keeps its activities.
#[test]
fn two_files_with_one_name_in_two_folders_are_two_sources() {
    let dir = tempfile::tempdir().unwrap();
    for client in ["a", "b"] {
        std::fs::create_dir(dir.path().join(client)).unwrap();
        std::fs::copy(
            common::fixture("pirouette.txt"),
            dir.path().join(client).join("registre.txt"),
        )
        .unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    ropa()
        .arg("-o")
        .arg(out.path())
        .arg(dir.path().join("a"))
        .arg(dir.path().join("b"))
        .assert()
        .success();
    let register = common::json(&out.path().join("register.json"));
    assert_eq!(common::count(&register, "a/registre.txt"), 5);
    assert_eq!(common::count(&register, "b/registre.txt"), 5);
    let sources: Vec<&str> = register["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["a/registre.txt", "b/registre.txt"]);
    // and the round trip keeps them apart
    let again = tempfile::tempdir().unwrap();
    ropa()
        .arg("-o")
        .arg(again.path())
        .arg(out.path().join("register.xlsx"))
        .assert()
        .success();
    let back = common::json(&again.path().join("register.json"));
    assert_eq!(common::count(&back, "a/registre.txt"), 5);
    assert_eq!(common::count(&back, "b/registre.txt"), 5);
}
