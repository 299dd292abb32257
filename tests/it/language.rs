//! One language per run: what a French run prints holds no English sentence, and what
//! an English run prints no French one — the summary, its notes and what was passed
//! over — on the seeds, the cases and the corpus. The client's own words (file and
//! mapping names, quoted section names, language codes) are left out of the check.

use crate::common;
use assert_cmd::Command;

/// Words that are in one language's sentences and never in the other's.
const ENGLISH: &[&str] = &[
    "the",
    "of",
    "with",
    "from",
    "values",
    "kept",
    "blank",
    "filled",
    "found",
    "rows",
    "block",
    "sheet",
    "inferred",
    "matched",
    "labels",
    "which",
    "bottom",
    "read",
    "wrote",
    "activities",
    "passed",
    "folder",
    "title",
    "titles",
    "known",
    "fields",
];
const FRENCH: &[&str] = &[
    "de",
    "des",
    "les",
    "la",
    "le",
    "du",
    "lues",
    "mappées",
    "gardées",
    "dans",
    "ligne",
    "cellule",
    "feuille",
    "titres",
    "rubriques",
    "reconnues",
    "activités",
    "écrit",
    "disposition",
    "séparateur",
    "bloc",
    "valeurs",
    "libellés",
    "déduit",
    "brouillon",
    "dossier",
    "non",
];

/// The console of `ropa ingest` on the bundled registers, in a language. Two such runs
/// take about 5 s in a debug build: every register the project has, since a leak shows
/// only where a register makes the stage say something.
fn console(lang: &str) -> String {
    let out = tempfile::tempdir().unwrap();
    // the registers of the corpus and the cases, not their expectations (errors are not
    // in the catalogue yet)
    let registers = ["corpus", "cases"].into_iter().flat_map(|d| {
        std::fs::read_dir(common::fixture(d))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.to_string_lossy();
                !name.ends_with(".expected.json") && !name.ends_with("README.md")
            })
    });
    let run = Command::cargo_bin("ropa")
        .unwrap()
        .arg("ingest")
        .arg(common::fixture(""))
        .args(registers)
        .arg("-o")
        .arg(out.path())
        .args(["--lang", lang, "--as-of", "2026-11-22"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    )
}

/// The words of a line that are the tool's: quoted text, names of files, folders and
/// mappings, and language codes set aside.
fn tool_words(line: &str) -> Vec<String> {
    let mut text = String::new();
    let (mut depth, mut code) = (0usize, false);
    for c in line.chars() {
        match c {
            '«' | '“' => depth += 1,
            '»' | '”' => depth = depth.saturating_sub(1),
            '`' => code = !code,
            _ if depth == 0 && !code => text.push(c),
            _ => {}
        }
    }
    let mut words = Vec::new();
    let mut after_code_word = false;
    for w in text.split_whitespace() {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        let name = w.contains(['.', '/', '-', '_']);
        if !name && !after_code_word && !bare.is_empty() {
            words.push(bare.to_lowercase());
        }
        // `langue de`, `language it`, `mapping occicom`: a code or a name follows
        after_code_word = matches!(bare, "langue" | "language" | "mapping");
    }
    words
}

/// The lines of a console that hold a word of the other language, with the word.
fn strays(console: &str, other: &[&str]) -> Vec<String> {
    console
        .lines()
        .filter_map(|l| {
            let words = tool_words(l);
            let w = words.iter().find(|w| other.contains(&w.as_str()))?;
            Some(format!("{w:?} in: {l}"))
        })
        .collect()
}

#[test]
fn a_french_run_prints_no_english_and_an_english_run_no_french() {
    let fr = console("fr");
    let en = console("en");
    assert!(fr.contains("activités") && en.contains("activities"));
    let in_fr = strays(&fr, ENGLISH);
    assert!(
        in_fr.is_empty(),
        "English in a French run:\n{}",
        in_fr.join("\n")
    );
    let in_en = strays(&en, FRENCH);
    assert!(
        in_en.is_empty(),
        "French in an English run:\n{}",
        in_en.join("\n")
    );
}

#[test]
fn the_check_finds_a_stray_word_and_spares_the_clients_words() {
    assert_eq!(
        strays("  note : 3 blank cells filled down", ENGLISH).len(),
        1,
        "a leak is found"
    );
    assert!(
        strays(
            "t.tsv : 4 activités (mapping de-tool-export, langue de)",
            ENGLISH
        )
        .is_empty()
    );
    assert!(
        strays(
            "x.md: 2 activities (mapping x, language de) outside “Annexe de la DRH”",
            FRENCH
        )
        .is_empty()
    );
}
