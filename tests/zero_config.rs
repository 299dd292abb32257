//! A new client's register in minutes (issue 6): renamed files still get the right
//! built-in mapping, chosen by their content.

mod common;

#[test]
fn renamed_seeds_are_read_by_their_content() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = [
        ("toutapprendre.tsv", "client-a.tsv"),
        ("toutemonannee.txt", "client-b.txt"),
        ("pirouette.txt", "client-c.txt"),
        ("occicom.txt", "client-d.txt"),
    ];
    for (seed, name) in renamed {
        std::fs::copy(common::fixture(seed), dir.path().join(name)).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let (register, gaps) = common::ingest(&[dir.path().to_path_buf()], out.path());
    let expected = common::expected();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (seed, name) in renamed {
        let (n, f) = common::check_source(&expected["sources"][seed], name, &register, &gaps);
        checked += n;
        failures.extend(f);
    }
    assert!(checked > 100, "{checked}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let notes: Vec<String> = register["sources"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["notes"].as_array().cloned().unwrap_or_default())
        .filter_map(|n| n.as_str().map(str::to_string))
        .filter(|n| n.starts_with("mapping chosen by content"))
        .collect();
    assert_eq!(notes.len(), 4, "{notes:?}");
}
