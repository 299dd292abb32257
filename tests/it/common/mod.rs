//! Helpers shared by the integration tests: run the binary as a user does, read its
//! JSON outputs, and check `tests/it/expected.json` entries against them.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The four seed registers, as bundled in `fixtures/`.
pub const SEEDS: [&str; 4] = [
    "toutapprendre.tsv",
    "toutemonannee.txt",
    "pirouette.txt",
    "occicom.txt",
];

/// A file of `fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// A JSON file.
pub fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Runs `ropa ingest --as-of 2026-11-22 -q -o OUT INPUTS...` and expects success;
/// returns `register.json` and `gaps.json`.
pub fn ingest(inputs: &[PathBuf], out: &Path) -> (Value, Value) {
    Command::cargo_bin("ropa")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", RUN_TIME)
        .args(["ingest", "--as-of", "2026-11-22", "-q", "-o"])
        .arg(out)
        .args(inputs)
        .assert()
        .success();
    (
        json(&out.join("register.json")),
        json(&out.join("gaps.json")),
    )
}

/// The time the tests' runs record (`SOURCE_DATE_EPOCH`), so their outputs compare
/// byte for byte.
pub const RUN_TIME: &str = "1796158780";

/// The seeds' paths.
pub fn seeds() -> Vec<PathBuf> {
    SEEDS.iter().map(|s| fixture(s)).collect()
}

/// Every string leaf of a JSON value, joined and whitespace-collapsed, lower-cased.
fn flatten(v: &Value) -> String {
    let mut out = Vec::new();
    ropa_model::collect_strings(v, &mut out);
    collapse(&out.join(" "))
}

fn collapse(s: &str) -> String {
    s.split_whitespace()
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

/// `tests/it/expected.json`.
pub fn expected() -> Value {
    json(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/expected.json"))
}

/// Checks one source's entries of `expected.json` (`spec`) against the activities and
/// findings of `source`; returns how many entries were checked and the failures.
pub fn check_source(
    spec: &Value,
    source: &str,
    register: &Value,
    gaps: &Value,
) -> (usize, Vec<String>) {
    let of_source: Vec<&Value> = register["activities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["source"] == *source)
        .collect();
    let findings = gaps["findings"].as_array().unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
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
            if !flatten(value).contains(&collapse(s)) {
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
    // a finding about the activity, or a gap of the template that lists it
    let finding = |g: &Value, f: &Value| {
        let about = f["index"] == g["activity"]
            || f["activities"]
                .as_array()
                .is_some_and(|a| a.contains(&g["activity"]));
        f["source"] == *source && about && f["field"] == g["field"]
    };
    for g in spec["gaps"].as_array().into_iter().flatten() {
        checked += 1;
        if !findings
            .iter()
            .any(|f| finding(g, f) && f["severity"] == g["severity"])
        {
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
            .filter(|f| finding(g, f) && f["severity"] == "error")
            .collect();
        if !bad.is_empty() {
            failures.push(format!(
                "{source} #{} {}: unexpected error finding {:?}",
                g["activity"], g["field"], bad
            ));
        }
    }
    (checked, failures)
}

/// Lower-cased words of two characters or more, markup removed.
pub fn words(text: &str) -> Vec<String> {
    ropa_model::text::strip_markup(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .collect()
}

/// Every sheet of a workbook as a user sees it: name, hidden or not, rows of cell texts.
pub fn workbook_sheets(path: &Path) -> Vec<(String, bool, Vec<Vec<String>>)> {
    use calamine::{Reader, SheetVisible, open_workbook_auto};
    let mut wb = open_workbook_auto(path).unwrap();
    let meta: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    meta.into_iter()
        .map(|(name, hidden)| {
            let range = wb.worksheet_range(&name).unwrap();
            let mut rows: Vec<Vec<String>> = Vec::new();
            for (r, c, d) in range.used_cells() {
                if rows.len() <= r {
                    rows.resize_with(r + 1, Vec::new);
                }
                if rows[r].len() <= c {
                    rows[r].resize(c + 1, String::new());
                }
                rows[r][c] = ropa_read::workbook::cell_text(d);
            }
            (name, hidden, rows)
        })
        .collect()
}

/// Runs `ropa ingest -o OUT INPUTS...`, expects `code`; returns stderr and register.json.
pub fn ingest_expecting(code: i32, inputs: &[PathBuf], out: &Path) -> (String, Value) {
    let assert = Command::cargo_bin("ropa")
        .unwrap()
        .env("SOURCE_DATE_EPOCH", RUN_TIME)
        .args(["ingest", "--as-of", "2026-11-22", "-o"])
        .arg(out)
        .args(inputs)
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .code(code);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (stderr, json(&out.join("register.json")))
}

/// One activity of register.json, by source and index.
pub fn activity<'a>(register: &'a Value, source: &str, index: u64) -> &'a Value {
    register["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["source"] == source && a["index"] == index)
        .unwrap_or_else(|| panic!("no activity {index} of {source}"))
}

/// How many activities of register.json come from `source`.
pub fn count(register: &Value, source: &str) -> usize {
    register["activities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["source"] == source)
        .count()
}

/// A workbook as a client's spreadsheet program would save it: every sheet, hidden
/// ones included, every cell as text.
pub struct Sheets(pub Vec<(String, bool, Vec<Vec<String>>)>);

impl Sheets {
    pub fn read(path: &Path) -> Sheets {
        Sheets(workbook_sheets(path))
    }

    pub fn sheet(&mut self, name: &str) -> &mut Vec<Vec<String>> {
        &mut self.0.iter_mut().find(|s| s.0 == name).unwrap().2
    }

    pub fn write(&self, path: &Path) {
        let mut wb = rust_xlsxwriter::Workbook::new();
        for (name, hidden, rows) in &self.0 {
            let ws = wb.add_worksheet();
            ws.set_name(name).unwrap();
            ws.set_hidden(*hidden);
            for (r, row) in rows.iter().enumerate() {
                for (c, text) in row.iter().enumerate() {
                    if !text.is_empty() {
                        ws.write_string(r as u32, c as u16, text).unwrap();
                    }
                }
            }
        }
        wb.save(path).unwrap();
    }
}
