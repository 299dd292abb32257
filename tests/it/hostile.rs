//! Hostile and broken inputs (issue 7): each gets a clear error naming the file and
//! saying what to do, or is read; a bad file never stops the others; no panic.

use crate::common;

use calamine::{Data, Reader, Xlsx, open_workbook};

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// The formula-looking values of inject.csv are text cells in register.xlsx, never formulas.
fn formulas_are_text_cells(path: &std::path::Path) {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let mut texts: Vec<String> = Vec::new();
    for sheet in ["Registre", "Provenance"] {
        let formulas = wb.worksheet_formula(sheet).unwrap();
        assert!(
            formulas.used_cells().next().is_none(),
            "a formula was written in {sheet}"
        );
        let cells = wb.worksheet_range(sheet).unwrap();
        texts.extend(cells.used_cells().filter_map(|(_, _, d)| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        }));
    }
    // in Registre the cell starts with the value; in Provenance after its place and label
    for v in ["=HYPERLINK", "+33 6", "-5 ans", "@SUM(A1)"] {
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with(v) || t.contains(&format!(" : {v}"))),
            "{v} is not a text cell"
        );
    }
}

#[test]
fn a_corpus_of_bad_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let xlsx = std::fs::read(common::fixture("variants/toutapprendre.xlsx")).unwrap();
    let tsv = std::fs::read(common::fixture("toutapprendre.tsv")).unwrap();
    write(d, "empty.tsv", b"");
    let noise: Vec<u8> = (0..3000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    write(d, "random.xlsx", &noise);
    write(d, "truncated.xlsx", &xlsx[..xlsx.len() / 2]);
    let mut locked = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    locked.extend(vec![0u8; 64]);
    locked.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    write(d, "locked.xlsx", &locked);
    let at = tsv.windows(8).position(|w| w == b"Biblioth").unwrap();
    let mut bad_utf8 = tsv[..at].to_vec();
    bad_utf8.push(0xFF);
    bad_utf8.extend(&tsv[at..]);
    write(d, "toutapprendre-bad-utf8.tsv", &bad_utf8);
    write(
        d,
        "ragged.csv",
        "Finalité;Personnes concernées;Durée de conservation\nPaie;Salariés;5 ans;colonne en trop\nCongés;Salariés\n".as_bytes(),
    );
    write(
        d,
        "duplicate-headers.csv",
        "Finalité;Finalité;Personnes concernées;Durée de conservation\nPaie;Bulletins;Salariés;5 ans\n".as_bytes(),
    );
    write(
        d,
        "header-only.csv",
        "Finalité;Personnes concernées;Durée de conservation;Destinataires\n".as_bytes(),
    );
    write(
        d,
        "no-blocks.txt",
        "Quelques notes sans registre.\nRien à lire ici.\n".as_bytes(),
    );
    write(
        d,
        "inject.csv",
        "Finalité;Personnes concernées;Durée de conservation;Destinataires\n=HYPERLINK(\"http://x\");+33 6 00 00 00 00;-5 ans;@SUM(A1)\n".as_bytes(),
    );
    let out = tempfile::tempdir().unwrap();
    let (stderr, register) = common::ingest_expecting(2, &[d.to_path_buf()], out.path());
    for (file, says) in [
        ("empty.tsv", "empty"),
        ("random.xlsx", "binary data"),
        ("truncated.xlsx", "truncated or damaged"),
        ("locked.xlsx", "password"),
        ("no-blocks.txt", "ropa suggest"),
    ] {
        let line = stderr
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("{file} not named:\n{stderr}"));
        assert!(line.contains(says), "{file}: {line}");
    }
    let count = |s: &str| common::count(&register, s);
    assert_eq!(count("toutapprendre-bad-utf8.tsv"), 4);
    assert_eq!(count("ragged.csv"), 2);
    assert_eq!(count("duplicate-headers.csv"), 1);
    assert_eq!(count("header-only.csv"), 0);
    let sources = register["sources"].as_array().unwrap();
    let report = |s: &str| sources.iter().find(|r| r["source"] == s).unwrap().clone();
    let notes = |s: &str| report(s)["notes"].to_string();
    assert!(notes("toutapprendre-bad-utf8.tsv").contains("octets invalides"));
    assert!(notes("header-only.csv").contains("aucune activité dessous"));
    // nothing lost: the cell past the header is in extra, both Finalité cells are read
    assert_eq!(report("ragged.csv")["account"]["extra"], 1);
    let dup = register["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["source"] == "duplicate-headers.csv")
        .unwrap();
    assert!(
        dup["purpose"].as_str().unwrap().contains("Bulletins"),
        "{dup}"
    );
    // every account balances
    for s in sources {
        let a = &s["account"];
        assert_eq!(
            a["read"].as_u64(),
            Some(
                a["mapped"].as_u64().unwrap()
                    + a["extra"].as_u64().unwrap()
                    + a["ignored"].as_u64().unwrap()
            ),
            "{}",
            s["source"]
        );
    }
    formulas_are_text_cells(&out.path().join("register.xlsx"));
}

#[test]
fn a_value_over_excels_cell_limit_is_cut_with_a_finding_and_kept_whole() {
    let dir = tempfile::tempdir().unwrap();
    let long = "mesure ".repeat(6000); // 42,000 characters
    let input = dir.path().join("long.tsv");
    std::fs::write(
        &input,
        format!("Finalité\tPersonnes concernées\tMesures de sécurité\nPaie\tSalariés\t{long}\n"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let (register, gaps) = common::ingest(&[input], out.path());
    let a = &register["activities"][0];
    // the whole value is in register.json: the field holds it, and its origin (whose text
    // is the value's own) does not carry it a second time
    let whole: usize = a["security_measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap().len())
        .sum();
    assert_eq!(whole, long.trim_end().len());
    // an origin is [place, label] without a text of its own: the value's text is its own
    assert_eq!(
        a["provenance"]["security_measures"][0]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    assert!(
        gaps["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "excel-limit" && f["field"] == "security_measures")
    );
    let sheets = common::workbook_sheets(&out.path().join("register.xlsx"));
    let registre = &sheets[0].2;
    let col = registre[0]
        .iter()
        .position(|h| h == "Mesures de sécurité")
        .unwrap();
    let cell = &registre[1][col];
    assert_eq!(cell.chars().count(), 32_767);
    assert!(
        cell.ends_with("register.json)"),
        "the cut is said in the cell"
    );
}

/// The four seeds and five broken files in one folder: the seeds are read fully, the
/// five are named, and the exit code says that some inputs failed (2).
#[test]
fn broken_files_do_not_stop_the_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for s in common::SEEDS {
        std::fs::copy(common::fixture(s), d.join(s)).unwrap();
    }
    let xlsx = std::fs::read(common::fixture("variants/toutapprendre.xlsx")).unwrap();
    write(d, "broken-empty.csv", b"");
    write(d, "broken-cut.xlsx", &xlsx[..xlsx.len() / 3]);
    write(
        d,
        "broken-noise.ods",
        &[0u8, 1, 2, 3, 4, 5, 6, 7, 8].repeat(300),
    );
    write(
        d,
        "broken-page.xls",
        b"<!DOCTYPE html><html><table><tr><td>x</td></tr></table></html>",
    );
    write(
        d,
        "broken-notes.txt",
        "Compte rendu de réunion.\nAucun registre ici.\n".as_bytes(),
    );
    let out = tempfile::tempdir().unwrap();
    let (stderr, register) = common::ingest_expecting(2, &[d.to_path_buf()], out.path());
    for name in [
        "broken-empty.csv",
        "broken-cut.xlsx",
        "broken-noise.ods",
        "broken-page.xls",
        "broken-notes.txt",
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with("error:") && l.contains(name)),
            "{name} not reported:\n{stderr}"
        );
    }
    let gaps = common::json(&out.path().join("gaps.json"));
    let expected = common::expected();
    for seed in common::SEEDS {
        let (_, failures) =
            common::check_source(&expected["sources"][seed], seed, &register, &gaps);
        assert!(failures.is_empty(), "{seed}: {}", failures.join("\n"));
    }
}

/// The batch is read on every core; the outputs are byte-identical whatever the number
/// of threads (issue 8).
#[test]
fn outputs_do_not_depend_on_the_number_of_threads() {
    let run = |threads: &str| {
        let out = tempfile::tempdir().unwrap();
        assert_cmd::Command::cargo_bin("ropa")
            .unwrap()
            .env("RAYON_NUM_THREADS", threads)
            .env("SOURCE_DATE_EPOCH", common::RUN_TIME)
            .args(["ingest", "-q", "--as-of", "2026-11-22", "-o"])
            .arg(out.path())
            .arg(common::fixture(""))
            .arg(common::fixture("variants"))
            .assert()
            .success();
        [
            "register.xlsx",
            "gaps.xlsx",
            "register.json",
            "gaps.json",
            "gaps.md",
            "gaps.html",
        ]
        .map(|f| std::fs::read(out.path().join(f)).unwrap())
    };
    assert!(
        run("1") == run("2"),
        "outputs differ between 1 and 2 threads"
    );
}

/// A file whose reported size lies (`/proc` files report 0 and run on): what is read is
/// counted against the limit, the file refused by name, and the good file beside it
/// written. Skipped where the system has no such file of more than 2 MiB.
#[test]
fn a_file_that_reports_no_size_is_read_no_further_than_the_limit() {
    let proc_file = std::path::Path::new("/proc/kallsyms");
    let Ok(meta) = std::fs::metadata(proc_file) else {
        return;
    };
    if meta.len() != 0 || std::fs::read(proc_file).map_or(0, |b| b.len()) < 2 << 20 {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(proc_file, dir.path().join("endless.csv")).unwrap();
    write(
        dir.path(),
        "good.tsv",
        "Nom du traitement\tFinalité\tBase légale\nPaie\tPayer les salariés\tObligation légale\n"
            .as_bytes(),
    );
    let out = tempfile::tempdir().unwrap();
    let assert = assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .args(["ingest", "--max-input-mb", "1", "-q", "-o"])
        .arg(out.path())
        .arg(dir.path())
        .assert()
        .code(2);
    let said = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        said.contains("endless.csv") && said.contains("more than the 1 MiB"),
        "{said}"
    );
    let register = std::fs::read_to_string(out.path().join("register.json")).unwrap();
    assert!(register.contains("Payer les salariés"));
}
