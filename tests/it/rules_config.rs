//! The rule catalogue on the command line, severity configuration (`ropa.toml`, a
//! mapping's `[rules]`) and `--fail-on`.

use crate::common;

use assert_cmd::Command;
use ropa_rules::{RULES, Severity};

fn seeds_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for s in common::SEEDS {
        std::fs::copy(common::fixture(s), dir.path().join(s)).unwrap();
    }
    dir
}

fn ropa() -> Command {
    Command::cargo_bin("ropa").unwrap()
}

/// `ropa ingest -q --as-of 2026-11-22 --fail-on LEVEL -o OUT DIR`, expecting `code`.
fn ingest_failing_on(
    level: &str,
    out: &std::path::Path,
    dir: &std::path::Path,
    code: i32,
) -> String {
    let assert = ropa()
        .args(["ingest", "--as-of", "2026-11-22", "--fail-on", level, "-o"])
        .arg(out)
        .arg(dir)
        .assert()
        .code(code);
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

#[test]
fn rules_are_listed_and_explained() {
    let out = ropa().arg("rules").assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.lines().count() >= 20, "{text}");
    assert!(text.contains("A35-dpia") && text.contains("Art. 35"));
    let one = ropa()
        .args(["rules", "--lang", "en", "A30-1f"])
        .assert()
        .success();
    let one = String::from_utf8_lossy(&one.get_output().stdout).into_owned();
    assert!(
        one.contains("Art. 30(1)(f)") && one.contains("Fix:"),
        "{one}"
    );
    ropa().args(["rules", "A99"]).assert().code(2);
}

#[test]
fn fail_on_error_and_allowing_every_error_rule() {
    let dir = seeds_dir();
    let out = tempfile::tempdir().unwrap();
    ingest_failing_on("error", out.path(), dir.path(), 1);
    // every error rule set to allow in ropa.toml next to the inputs
    let mut toml = String::from("[rules]\n");
    for r in RULES.iter().filter(|r| r.severity == Severity::Error) {
        toml.push_str(&format!("\"{}\" = \"allow\"\n", r.code));
    }
    std::fs::write(dir.path().join("ropa.toml"), toml).unwrap();
    let stdout = ingest_failing_on("error", out.path(), dir.path(), 0);
    assert!(stdout.contains("règle A30-1f mise à allow par"), "{stdout}");
    let gaps = common::json(&out.path().join("gaps.json"));
    assert!(
        gaps["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] != "error")
    );
    assert!(!gaps["rule_changes"].as_array().unwrap().is_empty());
    // warnings remain, so --fail-on warning still fails
    ingest_failing_on("warning", out.path(), dir.path(), 1);
}

#[test]
fn a_mappings_rules_apply_to_its_sources_only() {
    let dir = tempfile::tempdir().unwrap();
    let mapping = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("crates/ropa-map/mappings/toutapprendre.toml"),
    )
    .unwrap();
    let m = dir.path().join("m.toml");
    std::fs::write(
        &m,
        format!("{mapping}\n[rules]\n\"stale\" = \"allow\"\n\"A30-1f\" = \"info\"\n"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    ropa()
        .args(["ingest", "-q", "--as-of", "2026-11-22", "-m"])
        .arg(&m)
        .arg("-o")
        .arg(out.path())
        .args(common::seeds())
        .assert()
        .success();
    let gaps = common::json(&out.path().join("gaps.json"));
    let findings = gaps["findings"].as_array().unwrap();
    let of = |source: &str, rule: &str| {
        findings
            .iter()
            .filter(|f| f["source"] == source && f["rule"] == rule)
            .collect::<Vec<_>>()
    };
    assert!(of("toutapprendre.tsv", "stale").is_empty());
    assert!(!of("pirouette.txt", "stale").is_empty());
    let retention = of("toutapprendre.tsv", "A30-1f");
    assert!(!retention.is_empty() && retention.iter().all(|f| f["severity"] == "info"));
    // an unknown code is a usage error with a did-you-mean
    std::fs::write(&m, format!("{mapping}\n[rules]\n\"A30-1ff\" = \"allow\"\n")).unwrap();
    let e = ropa()
        .args(["ingest", "-m"])
        .arg(&m)
        .arg("-o")
        .arg(out.path())
        .arg(common::fixture("toutapprendre.tsv"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&e.get_output().stderr).into_owned();
    assert!(stderr.contains("Did you mean `A30-1f"), "{stderr}");
}

/// The XML parts of a workbook whose names start with `prefix`, joined.
fn parts(path: &std::path::Path, prefix: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().unwrap().starts_with(prefix) {
            std::io::Read::read_to_string(&mut f, &mut out).unwrap();
        }
    }
    out
}

#[test]
fn the_workbooks_show_the_findings() {
    let out = tempfile::tempdir().unwrap();
    let (_, gaps) = common::ingest(&common::seeds(), out.path());
    let findings = gaps["findings"].as_array().unwrap();
    let activities = 20;
    // gaps.xlsx: a bar chart with one bar per activity, rows coloured by severity,
    // each finding linked to its cell of register.xlsx
    let report = out.path().join("gaps.xlsx");
    let chart = parts(&report, "xl/charts/");
    assert!(chart.contains("<c:barChart>"), "no bar chart");
    assert!(
        chart.contains(&format!("$B$2:$C${}", activities + 1)),
        "one bar per activity"
    );
    let sheets = parts(&report, "xl/worksheets/sheet3.xml");
    assert!(sheets.contains("conditionalFormatting"));
    assert_eq!(sheets.matches("<hyperlink ").count(), findings.len());
    let rels = parts(&report, "xl/worksheets/_rels/");
    assert!(
        rels.contains("Target=\"register.xlsx\""),
        "links go to register.xlsx"
    );
    // occicom.txt n° 1, retention: row 2, column AB (ID, Source, N°, then the fields)
    assert!(
        sheets.contains("location=\"Registre!AB2\""),
        "links name the cell"
    );
    // register.xlsx: error and warning cells filled, with a note, and a legend
    let register = out.path().join("register.xlsx");
    let styles = parts(&register, "xl/styles.xml");
    assert!(
        styles.contains("FFF4C7C3") && styles.contains("FFFCE8B2"),
        "no red or amber fill"
    );
    let notes = parts(&register, "xl/comments");
    assert!(notes.contains("A30-1f"), "no note naming the rule");
    // Synthèse also gives each source's completeness, under the activities
    let synthese = &common::workbook_sheets(&report)[1].2;
    let per_source = synthese
        .iter()
        .find(|r| {
            r.first().is_some_and(|c| c == "toutapprendre.tsv") && r.len() == 7 && r[2].is_empty()
        })
        .expect("a row for the source toutapprendre.tsv");
    assert_eq!(per_source[1], "4", "{per_source:?}");
    // two activities answer the transfers « N/A », which Art. 30(1)(e) (« where
    // applicable ») takes as an answer
    assert_eq!(per_source[6], "56", "{per_source:?}");
    let names: Vec<String> = common::workbook_sheets(&register)
        .into_iter()
        .map(|s| s.0)
        .collect();
    assert!(names.iter().any(|n| n == "Légende"), "{names:?}");
}

#[test]
fn gaps_reruns_the_rules_on_a_register_without_its_sources() {
    let first = tempfile::tempdir().unwrap();
    common::ingest(&common::seeds(), first.path());
    let md = std::fs::read_to_string(first.path().join("gaps.md")).unwrap();
    assert!(md.starts_with("# Écarts du registre"), "{md}");
    assert!(
        md.contains("## toutapprendre.tsv") && md.contains("`A30-1f`"),
        "{md}"
    );
    for input in ["register.xlsx", "register.json"] {
        let out = tempfile::tempdir().unwrap();
        ropa()
            .args([
                "gaps",
                "-q",
                "--as-of",
                "2026-11-22",
                "--fail-on",
                "error",
                "-o",
            ])
            .arg(out.path())
            .arg(first.path().join(input))
            .assert()
            .code(1);
        // the same findings; the run is this one (its inputs: the register)
        let (mut again, mut before) = (
            common::json(&out.path().join("gaps.json")),
            common::json(&first.path().join("gaps.json")),
        );
        let run = again.as_object_mut().unwrap().remove("run").unwrap();
        assert!(run["inputs"][0].as_str().unwrap().ends_with(input), "{run}");
        before.as_object_mut().unwrap().remove("run");
        assert_eq!(again, before, "{input}");
        assert!(!out.path().join("register.xlsx").exists());
    }
    // a workbook that is not ropa's is refused with what to do
    let out = tempfile::tempdir().unwrap();
    let e = ropa()
        .args(["gaps", "-o"])
        .arg(out.path())
        .arg(common::fixture("variants/toutapprendre.xlsx"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&e.get_output().stderr).into_owned();
    assert!(stderr.contains("ropa ingest"), "{stderr}");
}

/// Letters only French writes, outside the « » that quote a client's or a sheet's words.
fn french_outside_quotes(text: &str) -> String {
    let mut quoted = 0usize;
    text.chars()
        .filter(|c| {
            // an English report quotes the client's words “so”
            match c {
                '“' => quoted += 1,
                '”' => quoted = quoted.saturating_sub(1),
                _ => {}
            }
            quoted == 0 && "éèêàçùœ«»".contains(*c)
        })
        .collect()
}

/// `--lang en` is English throughout: messages, reports, sheet names, the console; and
/// a register written in English reads back in a French run with no change.
#[test]
fn lang_en_writes_the_report_in_english() {
    let out = tempfile::tempdir().unwrap();
    let assert = ropa()
        .args(["ingest", "--as-of", "2026-11-22", "--lang", "en", "-o"])
        .arg(out.path())
        .args(common::seeds())
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        stdout.contains("values: ") && stdout.contains("findings: 4 errors"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("valeurs") && !stdout.contains("constats"),
        "{stdout}"
    );
    let gaps = common::json(&out.path().join("gaps.json"));
    let findings = gaps["findings"].as_array().unwrap();
    let retention = findings
        .iter()
        .find(|f| f["source"] == "toutapprendre.tsv" && f["rule"] == "A30-1f")
        .unwrap();
    let message = retention["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "Retention periods: the register's template has this field, but it is not filled in for this activity"
        ),
        "{message}"
    );
    // no French outside the client's quoted words, in any finding
    for f in findings {
        let m = f["message"].as_str().unwrap();
        assert_eq!(french_outside_quotes(m), "", "{}: {m}", f["rule"]);
    }
    let md = std::fs::read_to_string(out.path().join("gaps.md")).unwrap();
    assert!(md.starts_with("# Register gaps"));
    let sheets = common::workbook_sheets(&out.path().join("gaps.xlsx"));
    let names: Vec<&str> = sheets.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(&names[..3], ["Summary", "Overview", "Findings"]);
    assert_eq!(sheets[0].2[0][0], "Register gaps");
    assert_eq!(sheets[2].2[0][3], "Priority");
    assert_eq!(sheets[2].2[0][5], "Field");
    let register = common::workbook_sheets(&out.path().join("register.xlsx"));
    // the working sheets are hidden, not gone
    let names: Vec<&str> = register
        .iter()
        .filter(|s| s.0 != "ropa")
        .map(|s| s.0.as_str())
        .collect();
    for english in [
        "Register",
        "Recipients",
        "Retention",
        "Security",
        "Processors",
        "Unmapped",
        "Labels",
        "Legend",
    ] {
        assert!(names.contains(&english), "{names:?}");
    }
    for s in register.iter().filter(|s| s.0 != "ropa") {
        let header = s.2.first().cloned().unwrap_or_default().join(" ");
        assert_eq!(
            french_outside_quotes(&header),
            "",
            "sheet {}: {header}",
            s.0
        );
    }
    // read back by a run in French: the same activities, no change
    let again = tempfile::tempdir().unwrap();
    let assert = ropa()
        .args(["ingest", "--as-of", "2026-11-22", "-o"])
        .arg(again.path())
        .arg(out.path().join("register.xlsx"))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        stdout.contains("20 activités, 0 changement depuis"),
        "{stdout}"
    );
    let before = common::json(&out.path().join("register.json"));
    let after = common::json(&again.path().join("register.json"));
    assert_eq!(after["activities"], before["activities"]);
}

/// A field the source's template has no place for is reported once per source, with
/// the activities it affects, in a « Modèle de registre » section first (it was
/// repeated on every activity: 65 of the seeds' 107 findings).
#[test]
fn template_gaps_are_reported_once_per_source() {
    let out = tempfile::tempdir().unwrap();
    let (_, gaps) = common::ingest(&common::seeds(), out.path());
    let findings = gaps["findings"].as_array().unwrap();
    let mut seen = std::collections::HashSet::new();
    for f in findings.iter().filter(|f| f["status"] == "absent") {
        let key = (f["source"].clone(), f["rule"].clone(), f["field"].clone());
        assert!(seen.insert(key), "repeated: {f}");
    }
    // pirouette's template has no transfers field: one finding for its five activities
    let transfers: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["source"] == "pirouette.txt" && f["field"] == "transfers")
        .collect();
    assert_eq!(transfers.len(), 1, "{transfers:?}");
    assert_eq!(
        transfers[0]["activities"],
        serde_json::json!([1, 2, 3, 4, 5])
    );
    let md = std::fs::read_to_string(out.path().join("gaps.md")).unwrap();
    let section = md.split("## pirouette.txt").nth(1).unwrap();
    let template = section.find("### Modèle de registre").unwrap();
    assert!(template < section.find("### n° 1").unwrap());
    assert_eq!(
        section
            .split("\n## ")
            .next()
            .unwrap()
            .matches("— Transferts hors EEE —")
            .count(),
        1
    );
    assert!(findings.len() < 70, "{} findings", findings.len());
    // every finding says its severity, then its priority, and its reference, the rule's
    // code in the appendix only; the counts per tier are a line of text, not a list
    assert!(md.contains("- **Erreur** (priorité P1) — "), "{md}");
    let (body, appendix) = md.split_once("## Référentiel des règles").unwrap();
    assert!(!body.contains("`A30-1"), "{body}");
    assert!(appendix.contains("- `A30-1e` — "), "{appendix}");
    assert!(md.contains("## Périmètre et limites"), "{md}");
    assert!(md.contains("*(Art. 30(1)(f), Art. 5(1)(e))*"), "{md}");
    assert!(
        md.contains("Par niveau : 1. Mention de l'article 30 : "),
        "{md}"
    );
    let html = std::fs::read_to_string(out.path().join("gaps.html")).unwrap();
    assert!(!html.contains("<ol"), "the tier counts became a list");
    for f in findings {
        let p = f["priority"].as_str().unwrap();
        let expected = match (f["severity"].as_str().unwrap(), f["tier"].as_str().unwrap()) {
            ("error", _) => "P1",
            ("warning", "article30" | "risk") => "P2",
            _ => "P3",
        };
        assert_eq!(p, expected, "{f}");
    }
}

/// gaps.xlsx opens on « Résumé »: the counts, the main points, and a grid of the
/// activities by Art. 30(1)(a)–(g), present ✓ or missing ✗.
#[test]
fn gaps_xlsx_opens_on_a_summary() {
    let out = tempfile::tempdir().unwrap();
    let (_, gaps) = common::ingest(&common::seeds(), out.path());
    let errors = gaps["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .count();
    let sheets = common::workbook_sheets(&out.path().join("gaps.xlsx"));
    let (name, _, rows) = &sheets[0];
    assert_eq!(name, "Résumé");
    assert!(
        rows[1][0].contains(&format!("{errors} erreur")),
        "{:?}",
        rows[1]
    );
    assert!(rows[1][0].starts_with("20 activités"), "{:?}", rows[1]);
    let head = rows
        .iter()
        .position(|r| r.get(1).is_some_and(|c| c == "(a)"))
        .unwrap();
    assert_eq!(
        rows[head][1..8],
        ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)"]
    );
    // pirouette's template has no transfers item: (e) is missing on its activities
    let pirouette = rows
        .iter()
        .find(|r| {
            r.first()
                .is_some_and(|c| c.starts_with("pirouette.txt n° 1 –"))
        })
        .unwrap();
    assert_eq!(pirouette[5], "✗", "{pirouette:?}");
    assert_eq!(pirouette[2], "✓", "{pirouette:?}");
}
