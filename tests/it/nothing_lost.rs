//! Nothing is lost: every word of every source line is found in some cell of
//! `register.xlsx` (Registre, the detail sheets, Non mappé, Ignoré, Provenance,
//! Libellés), read back as a user would open it; the account balances for every
//! source; and a bad file in a batch is reported while the others are read.

use crate::common;

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{SEEDS, fixture};
use std::collections::HashSet;
use std::path::Path;

fn workbook_words(path: &Path) -> (HashSet<String>, Vec<String>) {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let mut set = HashSet::new();
    let names = wb.sheet_names().to_vec();
    for name in &names {
        let range = wb.worksheet_range(name).unwrap();
        for cell in range.used_cells() {
            if let Data::String(s) = cell.2 {
                set.extend(common::words(s));
            }
        }
    }
    (set, names)
}

/// Ingests the four seeds into a fresh folder.
fn ingest_seeds() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let inputs: Vec<_> = SEEDS.iter().map(|s| fixture(s)).collect();
    Command::cargo_bin("ropa")
        .unwrap()
        .args(["ingest", "-q", "-o"])
        .arg(out.path())
        .args(&inputs)
        .assert()
        .success();
    out
}

#[test]
fn every_source_word_is_in_the_workbook() {
    let out = ingest_seeds();
    let (cells, sheets) = workbook_words(&out.path().join("register.xlsx"));
    for s in ropa_write::register_xlsx::SHEETS {
        let s = s.text(ropa_model::Lang::Fr);
        assert!(
            sheets.iter().any(|n| n == s),
            "sheet {s} missing: {sheets:?}"
        );
    }
    let mut missing = Vec::new();
    let mut counted = 0;
    for seed in SEEDS {
        let text = std::fs::read_to_string(fixture(seed)).unwrap();
        for (n, line) in text.lines().enumerate() {
            for w in common::words(line) {
                counted += 1;
                if !cells.contains(&w) {
                    missing.push(format!("{seed}:{}: {w}", n + 1));
                }
            }
        }
    }
    assert!(counted > 3000, "too few words read ({counted})");
    assert!(
        missing.is_empty(),
        "{} source words are in no cell:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn the_account_balances_for_every_source() {
    let out = ingest_seeds();
    let register: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("register.json")).unwrap()).unwrap();
    let sources = register["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 4);
    for s in sources {
        let a = &s["account"];
        let n = |k: &str| a[k].as_u64().unwrap();
        assert!(n("read") > 40, "{s}");
        assert_eq!(
            n("read"),
            n("mapped") + n("extra") + n("ignored"),
            "{}",
            s["source"]
        );
        // and each value mapped was found, word for word, in its activity
        assert!(a.get("lost").is_none(), "{s}");
    }
}

#[test]
fn a_bad_file_is_named_and_the_others_are_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("toutapprendre.tsv"),
        dir.path().join("toutapprendre.tsv"),
    )
    .unwrap();
    std::fs::write(dir.path().join("empty.tsv"), "").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "du texte sans mapping\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let (stderr, register) = common::ingest_expecting(2, &[dir.path().to_path_buf()], out.path());
    assert!(
        stderr.contains("empty.tsv") && stderr.contains("empty"),
        "{stderr}"
    );
    assert!(
        stderr.contains("notes.txt") && stderr.contains("-m MAPPING"),
        "{stderr}"
    );
    assert_eq!(register["activities"].as_array().unwrap().len(), 4);
}

#[test]
fn an_invalid_mapping_is_a_usage_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.toml");
    std::fs::write(
        &m,
        "name = \"x\"\n[layout]\nkind = \"table\"\n[labels]\n\"Finalité\" = \"purpouse\"\n",
    )
    .unwrap();
    let assert = Command::cargo_bin("ropa")
        .unwrap()
        .args(["ingest", "-m"])
        .arg(&m)
        .arg("-o")
        .arg(dir.path().join("out"))
        .arg(fixture("toutapprendre.tsv"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("m.toml") && stderr.contains("Did you mean `purpose`"),
        "{stderr}"
    );
}
