//! The first acceptance test: ingest the four seed registers and check every entry of
//! `tests/expected.json` against `register.json` and `gaps.json`, as a user's run
//! writes them.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every string leaf of a JSON value, joined and whitespace-collapsed, lower-cased.
fn flatten(v: &Value) -> String {
    let mut out = Vec::new();
    ropa::model::collect_strings(v, &mut out);
    out.join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Every leaf (strings, and booleans as yes / no).
fn leaves(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Bool(b) => out.push(if *b { "yes" } else { "no" }.into()),
        Value::Array(a) => a.iter().for_each(|x| leaves(x, out)),
        Value::Object(o) => o.values().for_each(|x| leaves(x, out)),
        _ => {}
    }
}

fn run_seeds(out: &Path) -> (Value, Value) {
    let dir = tempfile::tempdir().unwrap();
    for seed in [
        "toutapprendre.tsv",
        "toutemonannee.txt",
        "pirouette.txt",
        "occicom.txt",
    ] {
        std::fs::copy(root().join("fixtures").join(seed), dir.path().join(seed)).unwrap();
    }
    Command::cargo_bin("ropa")
        .unwrap()
        .args(["ingest", "--as-of", "2026-11-22", "-o"])
        .arg(out)
        .arg(dir.path())
        .assert()
        .success();
    let read = |n: &str| serde_json::from_slice(&std::fs::read(out.join(n)).unwrap()).unwrap();
    (read("register.json"), read("gaps.json"))
}

#[test]
fn seeds_satisfy_expected_json() {
    let out = tempfile::tempdir().unwrap();
    let (register, gaps) = run_seeds(out.path());
    let expected: Value =
        serde_json::from_slice(&std::fs::read(root().join("tests/expected.json")).unwrap())
            .unwrap();
    let activities = register["activities"].as_array().unwrap();
    let findings = gaps["findings"].as_array().unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;

    for (source, spec) in expected["sources"].as_object().unwrap() {
        let of_source: Vec<&Value> = activities
            .iter()
            .filter(|a| a["source"] == *source)
            .collect();
        let want = spec["activities"].as_u64().unwrap() as usize;
        if of_source.len() != want {
            failures.push(format!(
                "{source}: {} activities, expected {want}",
                of_source.len()
            ));
        }
        let activity = |i: u64| of_source.iter().find(|a| a["index"] == i).copied();
        for c in spec["checks"].as_array().unwrap() {
            checked += 1;
            let (i, field) = (
                c["activity"].as_u64().unwrap(),
                c["field"].as_str().unwrap(),
            );
            let Some(a) = activity(i) else {
                failures.push(format!("{source} #{i}: no such activity"));
                continue;
            };
            let value = &a[field];
            if value.is_null() {
                failures.push(format!("{source} #{i} {field}: no value"));
                continue;
            }
            for s in c["contains"].as_array().into_iter().flatten() {
                let s = s.as_str().unwrap();
                let needle = s
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase();
                if !flatten(value).contains(&needle) {
                    failures.push(format!(
                        "{source} #{i} {field}: does not contain {s:?}; value: {value}"
                    ));
                }
            }
            for s in c["equals"].as_array().into_iter().flatten() {
                let s = s.as_str().unwrap();
                let mut all = Vec::new();
                leaves(value, &mut all);
                if !all.iter().any(|l| l == s) {
                    failures.push(format!(
                        "{source} #{i} {field}: no leaf equals {s:?}; value: {value}"
                    ));
                }
            }
        }
        for g in spec["gaps"].as_array().into_iter().flatten() {
            checked += 1;
            let found = findings.iter().any(|f| {
                f["source"] == *source
                    && f["index"] == g["activity"]
                    && f["field"] == g["field"]
                    && f["severity"] == g["severity"]
            });
            if !found {
                failures.push(format!(
                    "{source} #{} {}: expected a {} finding",
                    g["activity"], g["field"], g["severity"]
                ));
            }
        }
        for g in spec["no_gaps"].as_array().into_iter().flatten() {
            checked += 1;
            let bad: Vec<&Value> = findings
                .iter()
                .filter(|f| {
                    f["source"] == *source
                        && f["index"] == g["activity"]
                        && f["field"] == g["field"]
                        && f["severity"] == "error"
                })
                .collect();
            if !bad.is_empty() {
                failures.push(format!(
                    "{source} #{} {}: unexpected error finding {:?}",
                    g["activity"], g["field"], bad
                ));
            }
        }
    }
    assert!(
        checked > 100,
        "expected.json was not read ({checked} entries)"
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} entries fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
