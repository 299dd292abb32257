//! Any texts as an activity's values, exported as CSV: no panic, and no cell a
//! spreadsheet would run as a formula (OWASP: `=`, `+`, `-`, `@`, tab, CR at its start).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ropa_model::{Activity, Field, Lang, Register, Value};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\u{1f}');
    let mut a = Activity {
        source: "fuzz.csv".into(),
        index: 1,
        ..Default::default()
    };
    for field in [Field::Name, Field::Purpose, Field::Notes, Field::Service] {
        if let Some(p) = parts.next() {
            a.fields.insert(field, Value::Text(p.to_string()));
        }
    }
    let mut r = Register {
        activities: vec![a],
        sources: Vec::new(),
    };
    ropa_model::assign_ids(&mut r.activities);
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let path = dir.path().join("export.csv");
    if ropa_write::export::export(
        &r,
        ropa_write::export::Target::Csv,
        &path,
        ropa_write::export::ExportOptions::new(Lang::En),
    ).is_err() {
        return;
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(written.trim_start_matches('\u{feff}').as_bytes());
    for record in reader.records().flatten() {
        for cell in record.iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?}");
        }
    }
});
