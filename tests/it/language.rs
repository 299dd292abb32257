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
    run(lang).0.clone()
}

/// A run of `ropa ingest` over every register the project has, in a language: its
/// console, and the text of gaps.md and gaps.html with every value of the client's
/// (any text of register.json) taken out, so what is left is ropa's own words.
fn run(lang: &str) -> &'static (String, String) {
    // each language run once for the tests that read it
    static RUNS: [std::sync::OnceLock<(String, String)>; 2] =
        [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
    RUNS[usize::from(lang == "en")].get_or_init(|| run_now(lang))
}

fn run_now(lang: &str) -> (String, String) {
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
    let console = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let register = common::json(&out.path().join("register.json"));
    let mut values = Vec::new();
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.extend(
                s.lines()
                    .map(str::trim)
                    .filter(|l| l.chars().count() >= 3)
                    .map(str::to_string),
            ),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(&register, &mut values);
    values.sort();
    values.dedup();
    let client = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&values)
        .unwrap();
    let tags = regex::Regex::new(r"<[^>]+>").unwrap();
    let page = std::fs::read_to_string(out.path().join("gaps.html")).unwrap();
    let page = tags
        .replace_all(&page, "\n")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    let md = std::fs::read_to_string(out.path().join("gaps.md")).unwrap();
    let files: String = [md, page]
        .iter()
        .flat_map(|t| t.lines())
        .map(|l| {
            let mut kept = String::new();
            client.replace_all_with(l, &mut kept, |_, _, dst| {
                dst.push(' ');
                true
            });
            kept + "\n"
        })
        .collect();
    (console, files)
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

/// The report's files, as the console: gaps.md and gaps.html of a French run hold no
/// English word of ropa's, of an English run no French one (the client's values aside).
#[test]
fn the_report_files_speak_the_run_s_language() {
    for (lang, other, name) in [("fr", ENGLISH, "English"), ("en", FRENCH, "French")] {
        let (_, files) = run(lang);
        assert!(files.len() > 5_000, "{lang}: {} characters", files.len());
        let found = strays(files, other);
        assert!(
            found.is_empty(),
            "{name} in a {lang} run's report:\n{}",
            found.join("\n")
        );
    }
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

/// register.json of an English run gives the reader's own words in English: the places
/// it wrote (« ligne 12 » is "line 12") and the labels it gave values without one
/// (« (titre) » is "(title)"); the client's labels stay as written.
#[test]
fn an_english_register_says_its_places_and_reader_labels_in_english() {
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("ropa")
        .unwrap()
        .arg("ingest")
        .arg(common::fixture("cases/en-generated-answers.md"))
        .arg(common::fixture("cases/es-secciones-numeradas.md"))
        .arg("-o")
        .arg(out.path())
        .args(["--lang", "en"])
        .assert()
        .success();
    let register = common::json(&out.path().join("register.json"));
    let labels: Vec<&str> = register["labels"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l.as_str())
        .collect();
    assert!(labels.contains(&"(title)"), "{labels:?}");
    assert!(
        !labels
            .iter()
            .any(|l| l.starts_with("(titre") || *l == "(numéro)"),
        "{labels:?}"
    );
    let mut places = Vec::new();
    for a in register["activities"].as_array().unwrap() {
        for origins in a["provenance"].as_object().unwrap().values() {
            for o in origins.as_array().unwrap() {
                places.push(o[0].as_str().unwrap().to_string());
            }
        }
    }
    assert!(places.iter().any(|p| p.starts_with("line ")), "{places:?}");
    assert!(
        !places
            .iter()
            .any(|p| p.starts_with("ligne ") || p.starts_with("paragraphe ")),
        "{places:?}"
    );
}
