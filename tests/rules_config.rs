//! The rule catalogue on the command line, severity configuration (`ropa.toml`, a
//! mapping's `[rules]`) and `--fail-on`.

mod common;

use assert_cmd::Command;
use ropa::gaps::{RULES, Severity};

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
    let assert = ropa()
        .args([
            "ingest",
            "--as-of",
            "2026-11-22",
            "--fail-on",
            "error",
            "-o",
        ])
        .arg(out.path())
        .arg(dir.path())
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("rule A30-1f set to allow by"), "{stdout}");
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
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/toutapprendre.toml"),
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
