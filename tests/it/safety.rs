//! Never lose a client's data: what a mistyped input, a second run into the same folder
//! and a file that breaks its reader's library do to the outputs (issue 14).

use crate::common;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

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
    // two made calamine panic (exit 101), the third asked it for 24 GB
    for f in ["damaged-1.xls", "damaged-2.xls", "damaged-3.xls"] {
        std::fs::copy(common::fixture(&format!("hostile/{f}")), dir.path().join(f)).unwrap();
    }
    std::fs::copy(
        common::fixture("pirouette.txt"),
        dir.path().join("pirouette.txt"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let (stderr, register) = common::ingest_expecting(2, &[dir.path().to_path_buf()], out.path());
    for f in ["damaged-1.xls", "damaged-2.xls", "damaged-3.xls"] {
        assert!(
            stderr.contains(f) && stderr.contains("save it again"),
            "{stderr}"
        );
    }
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
    let (register, _) = common::ingest(&[dir.path().to_path_buf()], out.path());
    // in the values themselves, not only in their provenance
    let field = |source: &str, field: &str| {
        let mut out = Vec::new();
        ropa_model::collect_strings(&common::activity(&register, source, 1)[field], &mut out);
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
    let (back, _) = common::ingest(&[out.path().join("register.xlsx")], again.path());
    assert_eq!(common::count(&back, "a/registre.txt"), 5);
    assert_eq!(common::count(&back, "b/registre.txt"), 5);
}

/// Outputs are written as a set through exclusively created temporary files: what a
/// killed run left is cleaned up, and a symlink planted at a temporary's name is never
/// written through.
#[test]
fn leftovers_are_cleaned_and_planted_symlinks_are_not_followed() {
    let out = tempfile::tempdir().unwrap();
    let victim = tempfile::tempdir().unwrap();
    let target = victim.path().join("precious.txt");
    std::fs::write(&target, "do not touch").unwrap();
    // what a killed run leaves, and links an attacker plants at guessable names
    std::fs::create_dir(out.path().join(".ropa-staging-killed")).unwrap();
    std::fs::write(
        out.path().join(".ropa-staging-killed/register.json"),
        "half",
    )
    .unwrap();
    std::fs::write(
        out.path().join(".ropa-staging-killed/.ropa-staging"),
        "ropa\n",
    )
    .unwrap();
    // (named as ropa names its temporary files: a user's own `.notes.tmp` is theirs)
    std::fs::write(out.path().join(".gaps.md.lEft01.ropa-tmp"), "half").unwrap();
    for name in [
        ".register.json.abc123.ropa-tmp",
        ".gaps.json.x1y2z3.ropa-tmp",
    ] {
        std::os::unix::fs::symlink(&target, out.path().join(name)).unwrap();
    }
    // a link planted at a staging folder's name is no staging folder of ropa's: not
    // followed, not recovered, left
    std::os::unix::fs::symlink(victim.path(), out.path().join(".ropa-staging-x")).unwrap();
    ropa()
        .arg("-o")
        .arg(out.path())
        .args(common::seeds())
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "do not touch");
    let left: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".ropa-staging") || n.ends_with(".ropa-tmp"))
        .collect();
    assert_eq!(left, [".ropa-staging-x"]);
    assert_eq!(std::fs::read_dir(victim.path()).unwrap().count(), 1);
    let register = common::json(&out.path().join("register.json"));
    assert_eq!(register["activities"].as_array().unwrap().len(), 20);
}

/// Two runs into one folder at once do not interleave: the register.json and the
/// register.xlsx left are of one and the same run.
#[test]
fn two_runs_into_one_folder_leave_one_consistent_set() {
    let out = tempfile::tempdir().unwrap();
    let spawn = |input: PathBuf| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("ropa"))
            .args(["ingest", "-q", "--as-of", "2026-11-22", "-o"])
            .arg(out.path())
            .arg(input)
            .spawn()
            .unwrap()
    };
    for _ in 0..3 {
        let mut a = spawn(common::fixture("pirouette.txt"));
        let mut b = spawn(common::fixture("occicom.txt"));
        assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
        let json = common::json(&out.path().join("register.json"));
        let from_json = json["sources"][0]["source"].clone();
        let again = tempfile::tempdir().unwrap();
        let from_xlsx = common::ingest(&[out.path().join("register.xlsx")], again.path()).0
            ["sources"][0]["source"]
            .clone();
        assert_eq!(
            from_json, from_xlsx,
            "register.json and register.xlsx of two runs"
        );
    }
}

/// A FIFO among the inputs would block the run for ever; it is refused by name, and a
/// file over the size limit says which flag reads it.
#[test]
fn fifos_are_refused_and_the_size_limit_says_how_to_raise_it() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.csv");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let big = dir.path().join("big.tsv");
    std::fs::write(&big, "Traitement\tFinalité\n".repeat(100_000)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let assert = Command::cargo_bin("ropa")
        .unwrap()
        .args(["ingest", "--max-input-mb", "1", "-o"])
        .arg(out.path())
        .arg(&fifo)
        .arg(&big)
        .arg(common::fixture("pirouette.txt"))
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("pipe.csv") && stderr.contains("not a regular file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("big.tsv") && stderr.contains("--max-input-mb"),
        "{stderr}"
    );
    let register = common::json(&out.path().join("register.json"));
    assert_eq!(common::count(&register, "pirouette.txt"), 5);
}

/// An `.xls` whose sheet declares a huge extent (its DIMENSIONS record) is refused before
/// calamine reserves room for it; the other inputs are read.
#[test]
fn an_xls_declaring_a_huge_sheet_is_refused_with_what_to_do() {
    use std::io::{Read, Seek, Write};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.xls");
    std::fs::copy(common::fixture("variants/toutapprendre.xls"), &path).unwrap();
    let mut comp = cfb::open_rw(&path).unwrap();
    let mut data = Vec::new();
    comp.open_stream("/Workbook")
        .unwrap()
        .read_to_end(&mut data)
        .unwrap();
    // the first DIMENSIONS record of a sheet: last row 2^31, last column 16,383
    let mut pos = 0;
    let mut patched = false;
    while pos + 4 <= data.len() {
        let kind = u16::from_le_bytes([data[pos], data[pos + 1]]);
        let len = u16::from_le_bytes([data[pos + 2], data[pos + 3]]) as usize;
        if kind == 0x0200 && len >= 14 {
            data[pos + 8..pos + 12].copy_from_slice(&(1u32 << 31).to_le_bytes());
            data[pos + 14..pos + 16].copy_from_slice(&16_383u16.to_le_bytes());
            patched = true;
            break;
        }
        pos += 4 + len;
    }
    assert!(patched, "the fixture has a DIMENSIONS record");
    let mut stream = comp.open_stream("/Workbook").unwrap();
    stream.seek(std::io::SeekFrom::Start(0)).unwrap();
    stream.write_all(&data).unwrap();
    drop(stream);
    comp.flush().unwrap();
    drop(comp);
    let out = tempfile::tempdir().unwrap();
    let inputs = [path.clone(), common::fixture("pirouette.txt")];
    let (stderr, register) = common::ingest_expecting(2, &inputs, out.path());
    assert!(
        stderr.contains("huge.xls") && stderr.contains("declares"),
        "{stderr}"
    );
    assert_eq!(common::count(&register, "pirouette.txt"), 5);
}

/// register.json, gaps.json and register.xlsx record the run (version, inputs, time, one
/// id); a register.xlsx read back beside the register.json of another run says so.
#[test]
fn the_outputs_record_their_run_and_a_mixed_set_is_told() {
    let run = |out: &Path| {
        assert_cmd::Command::cargo_bin("ropa")
            .unwrap()
            .env_remove("SOURCE_DATE_EPOCH")
            .args(["ingest", "-q", "-o"])
            .arg(out)
            .args(common::seeds())
            .assert()
            .success();
        common::json(&out.join("register.json"))["run"].clone()
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (first, second) = (run(a.path()), run(b.path()));
    assert_eq!(first["ropa"], env!("CARGO_PKG_VERSION"));
    assert_eq!(first["inputs"].as_array().unwrap().len(), 4);
    assert!(first["time"].as_str().unwrap().ends_with('Z'), "{first}");
    assert_ne!(first["id"], second["id"], "two runs, one id");
    assert_eq!(common::json(&a.path().join("gaps.json"))["run"], first);
    let sheets = common::workbook_sheets(&a.path().join("register.xlsx"));
    let hidden = &sheets.iter().find(|s| s.0 == "ropa").unwrap().2;
    let recorded: serde_json::Value = serde_json::from_str(&hidden[0][3]).unwrap();
    assert_eq!(recorded, first);

    // one set: nothing said; a register.json of another run beside it: said
    let gaps = |dir: &Path| {
        let out = tempfile::tempdir().unwrap();
        let assert = assert_cmd::Command::cargo_bin("ropa")
            .unwrap()
            .args(["gaps", "-o"])
            .arg(out.path())
            .arg(dir.join("register.xlsx"))
            .assert()
            .success();
        String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
    };
    assert!(!gaps(a.path()).contains("une autre exécution"));
    std::fs::copy(
        b.path().join("register.json"),
        a.path().join("register.json"),
    )
    .unwrap();
    let said = gaps(a.path());
    assert!(
        said.contains("le register.json voisin a été écrit par une autre exécution"),
        "{said}"
    );
}

/// An .ods of a few kilobytes whose rows each hold a value far to the right (or one far
/// below) would make calamine allocate gigabytes: it is refused by name, with the cell
/// and what to do, and the other inputs are read.
#[test]
fn an_ods_with_far_cells_is_refused_with_its_address() {
    use std::io::Write;
    fn ods(path: &Path, rows: &str) {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let deflated = zip::write::SimpleFileOptions::default();
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("META-INF/manifest.xml", deflated).unwrap();
        zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
        zip.start_file("content.xml", deflated).unwrap();
        let cell = |t: &str| {
            format!(
                r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
            )
        };
        let head: String = [
            "Traitement",
            "Finalité",
            "Personnes concernées",
            "Destinataires",
        ]
        .iter()
        .map(|t| cell(t))
        .collect();
        let body: String = ["Paie", "Payer les salariés", "Salariés", "Banque"]
            .iter()
            .map(|t| cell(t))
            .collect();
        write!(
            zip,
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Registre"><table:table-row>{head}</table:table-row><table:table-row>{body}</table:table-row>{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
        .unwrap();
        zip.finish().unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let far_right = r#"<table:table-row table:number-rows-repeated="1"><table:table-cell table:number-columns-repeated="16000"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#
        .repeat(20_000);
    ods(&dir.path().join("far-right.ods"), &far_right);
    let far_down = r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="4"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16000"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
    ods(&dir.path().join("far-down.ods"), far_down);
    // a sheet with one wide row stays readable
    let wide = r#"<table:table-row><table:table-cell table:number-columns-repeated="3000"/><table:table-cell office:value-type="string"><text:p>note en marge</text:p></table:table-cell></table:table-row>"#;
    ods(&dir.path().join("wide.ods"), wide);
    for f in ["far-right.ods", "far-down.ods"] {
        assert!(
            std::fs::metadata(dir.path().join(f)).unwrap().len() < 200_000,
            "{f}"
        );
    }
    let out = tempfile::tempdir().unwrap();
    let inputs = [
        dir.path().join("far-right.ods"),
        dir.path().join("far-down.ods"),
        dir.path().join("wide.ods"),
    ];
    let (stderr, register) = common::ingest_expecting(2, &inputs, out.path());
    assert!(
        stderr.contains("far-right.ods") && stderr.contains("sheet Registre has a value at"),
        "{stderr}"
    );
    assert!(stderr.contains("far-down.ods"), "{stderr}");
    assert!(stderr.contains("delete that cell"), "{stderr}");
    assert_eq!(common::count(&register, "wide.ods"), 1);
    assert!(register.to_string().contains("note en marge"));
}

/// In a folder, nothing goes unsaid: a FIFO is refused by name (it was skipped
/// silently), a .doc and a subfolder are passed over with what to do.
#[test]
fn a_folder_names_every_file_it_does_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.tsv"))
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::write(
        dir.path().join("ancien.doc"),
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("archives")).unwrap();
    std::fs::copy(
        common::fixture("pirouette.txt"),
        dir.path().join("pirouette.txt"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let assert = Command::cargo_bin("ropa")
        .unwrap()
        .args(["ingest", "-o"])
        .arg(out.path())
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2);
    let output = assert.get_output();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        said.contains("pipe.tsv: this is not a regular file"),
        "{said}"
    );
    assert!(
        said.contains("ancien.doc : non lu (un document Word 97–2003"),
        "{said}"
    );
    assert!(said.contains("enregistrez-le en .docx"), "{said}");
    // sub-folders named once, together, with how to read them (issue 29: the README's
    // first command printed a line per folder)
    assert!(said.contains("1 dossier non lu (archives) :"), "{said}");
    assert!(said.contains("ropa portfolio"), "{said}");
    let register = common::json(&out.path().join("register.json"));
    assert_eq!(common::count(&register, "pirouette.txt"), 5);
}

/// Every reader keeps values that look like markup, entities, table syntax or emoji
/// whole, in the field they belong to: a TSV, a CSV, Markdown, HTML, an xlsx, an ods and
/// a docx, each one activity whose purpose and recipients hold them.
#[test]
fn every_reader_keeps_markup_like_values_whole() {
    const VALUES: [&str; 5] = [
        "<Nom du prestataire>",
        "R&D &amp; co",
        "oui | non",
        "**important** selon la DRH",
        "vidéo 📹 24h/24",
    ];
    let purpose = VALUES.join(" ; ");
    let labels = [
        "Traitement",
        "Finalité",
        "Personnes concernées",
        "Destinataires",
    ];
    let row = ["Vidéoprotection", purpose.as_str(), "Visiteurs", VALUES[0]];
    let dir = tempfile::tempdir().unwrap();
    write_markup_text_sources(dir.path(), &labels, &row, VALUES[0]);
    write_markup_zipped_sources(dir.path(), &labels, &row);
    let out = tempfile::tempdir().unwrap();
    let (register, _) = common::ingest(&[dir.path().to_path_buf()], out.path());
    for source in [
        "t.tsv", "t.csv", "t.md", "t.html", "t.xlsx", "t.ods", "t.docx",
    ] {
        let a = common::activity(&register, source, 1);
        let texts = |field: &str| {
            let mut out = Vec::new();
            ropa_model::collect_strings(&a[field], &mut out);
            out.join(" ")
        };
        for v in VALUES {
            assert!(
                texts("purpose").contains(v),
                "{source}: purpose lost {v:?}: {}",
                a["purpose"]
            );
        }
        assert!(
            texts("recipients").contains(VALUES[0]),
            "{source}: {}",
            a["recipients"]
        );
    }
}

/// `<`, `>` and `&` escaped for XML and HTML.
fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A zip holding the given parts, as docx and ods are.
fn zipped(path: &Path, parts: &[(&str, String)]) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, text) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

/// The one-row register of labels and row as TSV, CSV, Markdown and HTML.
fn write_markup_text_sources(dir: &Path, labels: &[&str; 4], row: &[&str; 4], recipient: &str) {
    let at = |name: &str| dir.join(name);
    let purpose = row[1];
    let esc = xml_escape;
    std::fs::write(
        at("t.tsv"),
        format!("{}\n{}\n", labels.join("\t"), row.join("\t")),
    )
    .unwrap();
    let quoted = |r: &[&str]| {
        r.iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(";")
    };
    std::fs::write(
        at("t.csv"),
        format!("{}\n{}\n", quoted(labels), quoted(row)),
    )
    .unwrap();
    // Markdown: `**` is bold and `&amp;` an entity there, so the value says them escaped
    let md_purpose = purpose
        .replace("**important**", r"\*\*important\*\*")
        .replace("&amp;", "&amp;amp;");
    std::fs::write(
        at("t.md"),
        format!(
            "## Vidéoprotection\n\n- **Finalité :** {md_purpose}\n- **Personnes concernées :** Visiteurs\n- **Destinataires :** {}\n",
            recipient
        ),
    )
    .unwrap();
    let cells = |tag: &str, r: &[&str]| {
        r.iter()
            .map(|c| format!("<{tag}>{}</{tag}>", esc(c)))
            .collect::<String>()
    };
    std::fs::write(
        at("t.html"),
        format!(
            "<html><body><table><tr>{}</tr><tr>{}</tr></table></body></html>",
            cells("th", labels),
            cells("td", row)
        ),
    )
    .unwrap();
}

/// The one-row register of labels and row as xlsx, ods and docx.
fn write_markup_zipped_sources(dir: &Path, labels: &[&str; 4], row: &[&str; 4]) {
    let at = |name: &str| dir.join(name);
    let esc = xml_escape;
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, (l, v)) in labels.iter().zip(row.iter().copied()).enumerate() {
        ws.write_string(0, c as u16, *l).unwrap();
        ws.write_string(1, c as u16, v).unwrap();
    }
    wb.save(at("t.xlsx")).unwrap();
    let ods_row = |r: &[&str]| {
        r.iter()
            .map(|c| {
                format!(
                    r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                    esc(c)
                )
            })
            .collect::<String>()
    };
    zipped(
        &at("t.ods"),
        &[
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet".into()),
            ("META-INF/manifest.xml", r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.into()),
            (
                "content.xml",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Registre"><table:table-row>{}</table:table-row><table:table-row>{}</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#,
                    ods_row(labels),
                    ods_row(row)
                ),
            ),
        ],
    );
    let docx_row = |r: &[&str]| {
        let cells: String = r
            .iter()
            .map(|c| {
                format!(
                    "<w:tc><w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:tc>",
                    esc(c)
                )
            })
            .collect();
        format!("<w:tr>{cells}</w:tr>")
    };
    zipped(
        &at("t.docx"),
        &[
            ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.into()),
            ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.into()),
            (
                "word/document.xml",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Registre des traitements</w:t></w:r></w:p><w:tbl>{}{}</w:tbl></w:body></w:document>"#,
                    docx_row(labels),
                    docx_row(row)
                ),
            ),
        ],
    );
}

/// A disk that fills up while the outputs are written (the file size limit of the
/// process, set by the shell, with SIGXFSZ ignored so writes fail as on a full disk) is
/// a clear error naming the folder; the previous set is left byte for byte, nothing is
/// left behind, and the outputs are readable by others (0644 under umask 022, not 0600).
#[cfg(unix)]
#[test]
fn a_full_disk_keeps_the_previous_outputs() {
    use std::os::unix::fs::PermissionsExt;
    let out = tempfile::tempdir().unwrap();
    common::ingest(&common::seeds(), out.path());
    let names = [
        "register.xlsx",
        "register.json",
        "gaps.xlsx",
        "gaps.json",
        "gaps.md",
        "gaps.html",
    ];
    let before: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(out.path().join(n)).unwrap())
        .collect();
    let mode = std::fs::metadata(out.path().join("register.json"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o044, 0o044, "outputs readable by others: {mode:o}");
    let bin = assert_cmd::cargo::cargo_bin("ropa");
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 16; exec \"$0\" ingest -q -o \"$1\" \"$2\" \"$3\" \"$4\" \"$5\"")
        .arg(&bin)
        .arg(out.path())
        .args(common::seeds())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&out.path().display().to_string()),
        "{stderr}"
    );
    assert!(
        stderr.contains("the previous outputs are as they were"),
        "{stderr}"
    );
    for (n, b) in names.iter().zip(&before) {
        assert!(
            &std::fs::read(out.path().join(n)).unwrap() == b,
            "{n} changed"
        );
    }
    let left: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !names.contains(&n.as_str()) && n != ".ropa.lock")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// The outputs of a run, by name (files only; the `mappings` folder by its files too).
fn snapshot(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if e.path().is_dir() {
            for f in std::fs::read_dir(e.path()).unwrap().flatten() {
                let n = format!("{name}/{}", f.file_name().to_string_lossy());
                out.insert(n, std::fs::read(f.path()).unwrap());
            }
        } else {
            out.insert(name, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

fn ingest_with(input: &std::path::Path, out: &std::path::Path, fault: Option<&str>) -> i32 {
    let mut cmd = assert_cmd::Command::cargo_bin("ropa").unwrap();
    cmd.env("SOURCE_DATE_EPOCH", common::RUN_TIME)
        .args(["ingest", "--as-of", "2026-11-22", "-q", "-o"])
        .arg(out)
        .arg(input);
    if let Some(f) = fault {
        cmd.env("ROPA_FAULT_COMMIT", f);
    }
    cmd.output().unwrap().status.code().unwrap_or(-1)
}

/// Fault injection: a run whose commit fails at each file move in turn, or is killed
/// before it, leaves one whole set of outputs, the previous or the new, never a mix —
/// at once when a move fails, and after the next run's recovery when it was killed.
/// It runs the binary some forty times (about 6 s in a debug build): each step of the
/// commit has to be broken in turn, in a process of its own.
#[test]
fn the_output_set_is_replaced_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let (old_in, new_in) = (dir.path().join("a.tsv"), dir.path().join("b.tsv"));
    let row = |name: &str| {
        format!(
            "Nom du traitement\tFinalité\tBase légale\tDurée de conservation\n{name}\tPayer les salariés\tObligation légale\t5 ans\n"
        )
    };
    std::fs::write(&old_in, row("Paie Alpha")).unwrap();
    std::fs::write(&new_in, row("Paie Beta")).unwrap();
    // the two whole sets, each written once alone (under one input name, so the sets
    // differ by their content only)
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let set_of = |src: &std::path::Path| {
        std::fs::copy(src, input.join("registre.tsv")).unwrap();
        let out = tempfile::tempdir().unwrap();
        assert_eq!(ingest_with(&input, out.path(), None), 0);
        snapshot(out.path())
    };
    let (old, new) = (set_of(&old_in), set_of(&new_in));
    assert_ne!(old["register.json"], new["register.json"]);
    let whole = |got: &std::collections::BTreeMap<String, Vec<u8>>, step: &str| {
        assert!(
            *got == old || *got == new,
            "{step}: a mix of two runs: {:?}",
            got.keys()
                .map(|k| (k, got.get(k) == old.get(k), got.get(k) == new.get(k)))
                .collect::<Vec<_>>()
        );
    };
    // the first, a middle and the last move of each phase (7 outputs: up to 7 moved
    // aside, then 7 moved in), and one past the end
    let names = 1 + old.keys().filter(|k| !k.contains('/')).count();
    let mut steps = vec![
        1,
        names / 2,
        names,
        names + 1,
        names + names / 2,
        2 * names,
        2 * names + 1,
    ];
    steps.dedup();
    for n in steps {
        for kind in ["fail", "kill"] {
            let out = tempfile::tempdir().unwrap();
            std::fs::copy(&old_in, input.join("registre.tsv")).unwrap();
            assert_eq!(ingest_with(&input, out.path(), None), 0);
            std::fs::copy(&new_in, input.join("registre.tsv")).unwrap();
            let code = ingest_with(&input, out.path(), Some(&format!("{kind}:{n}")));
            let step = format!("{kind} at move {n} (exit {code})");
            if kind == "kill" {
                // the next run finishes or undoes the killed commit even when it reads
                // nothing (its input is missing, exit 2)
                let missing = dir.path().join("missing.tsv");
                assert_eq!(ingest_with(&missing, out.path(), None), 2);
                whole(
                    &snapshot(out.path()),
                    &format!("{step}, then a run that read nothing"),
                );
                // and a run that fails its own commit at its first move leaves it whole
                ingest_with(&input, out.path(), Some("fail:1"));
            }
            whole(&snapshot(out.path()), &step);
        }
    }
}

/// A user's own hidden `.tmp` file in the output folder is theirs: only ropa's own
/// temporary files, by their names, are removed as a killed run's leftovers.
#[test]
fn only_ropas_own_temporary_files_are_cleaned_up() {
    let input = tempfile::tempdir().unwrap();
    std::fs::write(
        input.path().join("r.tsv"),
        "Nom du traitement\tFinalité\tBase légale\nPaie\tPayer\tObligation légale\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    // a user's files named like ropa's temporaries, and a folder named like its staging
    // folders but without its mark (all deleted by the previous release)
    let theirs = [
        ".notes.tmp",
        ".register.json.backup.tmp",
        ".gaps.md.123456.tmp",
        ".register.xlsx.ABCDEF.tmp",
    ];
    for name in theirs {
        std::fs::write(out.path().join(name), "mine").unwrap();
    }
    std::fs::create_dir(out.path().join(".ropa-staging-userdir")).unwrap();
    std::fs::write(out.path().join(".ropa-staging-userdir/my.txt"), "mine").unwrap();
    std::fs::write(out.path().join(".register.json.Ab12Cd.ropa-tmp"), "left").unwrap();
    assert_eq!(ingest_with(input.path(), out.path(), None), 0);
    for name in theirs {
        assert!(out.path().join(name).exists(), "{name}");
    }
    assert!(out.path().join(".ropa-staging-userdir/my.txt").exists());
    assert!(!out.path().join(".register.json.Ab12Cd.ropa-tmp").exists());
}

/// An output that cannot be replaced (here a folder stands at `register.xlsx`; on
/// Windows, the workbook open in Excel) stops the run with the file named, and every
/// previous output stays as it was: no new `gaps.json` beside an old register.
#[test]
fn an_output_that_cannot_be_replaced_leaves_every_previous_output() {
    let input = tempfile::tempdir().unwrap();
    let write = |name: &str| {
        std::fs::write(
            input.path().join("r.tsv"),
            format!("Nom du traitement\tFinalité\tBase légale\n{name}\tPayer\tObligation légale\n"),
        )
        .unwrap()
    };
    write("Paie Alpha");
    let out = tempfile::tempdir().unwrap();
    assert_eq!(ingest_with(input.path(), out.path(), None), 0);
    let held = out.path().join("register.xlsx");
    std::fs::remove_file(&held).unwrap();
    std::fs::create_dir(&held).unwrap();
    std::fs::write(held.join("keep.txt"), "the user's").unwrap();
    let before = snapshot(out.path());
    write("Paie Beta");
    let run = assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", common::RUN_TIME)
        .args(["ingest", "--as-of", "2026-11-22", "-q", "-o"])
        .arg(out.path())
        .arg(input.path())
        .assert()
        .code(2);
    let said = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(said.contains("register.xlsx"), "{said}");
    assert_eq!(snapshot(out.path()), before);
}
