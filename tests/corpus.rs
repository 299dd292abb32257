//! The development corpus (`fixtures/corpus/`): fourteen registers in other formats,
//! shapes and languages, each read alone in its folder with no mapping, as a new user
//! would, and checked against its `expected.json`. The share per file is printed.

mod common;

use std::path::Path;

#[test]
fn every_corpus_register_is_read_right_with_no_mapping() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus");
    let mut expected: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    expected.sort();
    assert_eq!(expected.len(), 14, "the corpus has fourteen registers");
    let mut report = Vec::new();
    let mut all_failures = Vec::new();
    for exp in expected {
        let spec = common::json(&exp);
        for (source, spec) in spec["sources"].as_object().unwrap() {
            let input = tempfile::tempdir().unwrap();
            std::fs::copy(dir.join(source), input.path().join(source)).unwrap();
            let out = tempfile::tempdir().unwrap();
            let (register, gaps) = common::ingest(&[input.path().to_path_buf()], out.path());
            let (checked, failures) = common::check_source(spec, source, &register, &gaps);
            let share = (checked - failures.len()) as f64 / checked as f64;
            report.push(format!("{source}: {:.0} % of {checked}", share * 100.0));
            all_failures.extend(failures);
        }
    }
    eprintln!("{}", report.join("\n"));
    assert!(all_failures.is_empty(), "{}", all_failures.join("\n"));
}
