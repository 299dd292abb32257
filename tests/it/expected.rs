//! The first acceptance test: ingest the four seed registers and check every entry of
//! `tests/it/expected.json` against `register.json` and `gaps.json`, as a user's run
//! writes them.

use crate::common;

#[test]
fn seeds_satisfy_expected_json() {
    let out = tempfile::tempdir().unwrap();
    let (register, gaps) = common::ingest(&common::seeds(), out.path());
    let expected = common::expected();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (source, spec) in expected["sources"].as_object().unwrap() {
        let (n, f) = common::check_source(spec, source, &register, &gaps);
        checked += n;
        failures.extend(f);
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
