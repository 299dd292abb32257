//! A new client's register in minutes (issue 6): renamed files still get the right
//! built-in mapping, chosen by their content.

use crate::common;

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
        .filter(|n| n.starts_with("mapping choisi par son contenu"))
        .collect();
    assert_eq!(notes.len(), 4, "{notes:?}");
}

/// An English register in the layout of the UK ICO's documentation template, read with
/// no mapping: every column lands in its field.
#[test]
fn an_ico_template_register_needs_no_mapping() {
    let out = tempfile::tempdir().unwrap();
    let (register, _) = common::ingest(&[common::fixture("ico/ico-register.csv")], out.path());
    let source = &register["sources"][0];
    // no mapping matched: read with the inferred one, saved for review
    assert_eq!(source["mapping"], "ico-register");
    assert!(out.path().join("mappings/ico-register.toml").is_file());
    let want = [
        ("Business function", "service"),
        ("Purpose of processing", "purpose"),
        (
            "Name and contact details of joint controller (if applicable)",
            "joint_controller",
        ),
        ("Categories of individuals", "data_subjects"),
        ("Categories of personal data", "data_categories"),
        ("Categories of recipients", "recipients"),
        // the column names each processor and its contract
        ("Link to contract with processor", "processors"),
        (
            "Names of third countries or international organisations that personal data are transferred to (if applicable)",
            "transfers",
        ),
        (
            "Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)",
            "transfers",
        ),
        ("Retention schedule (if possible)", "retention"),
        (
            "General description of technical and organisational security measures (if possible)",
            "security_measures",
        ),
        (
            "Article 6 lawful basis for processing personal data",
            "legal_basis",
        ),
        (
            "Article 9 basis for processing special category data",
            "sensitive_data",
        ),
        ("Rights available to individuals", "rights"),
        ("Source of the personal data", "data_sources"),
        ("Location of personal data", "hosting"),
        ("Data Protection Impact Assessment required?", "dpia"),
    ];
    let labels = source["labels"].as_array().unwrap();
    assert_eq!(labels.len(), want.len());
    for (label, field) in want {
        let got = labels.iter().find(|l| l["label"] == label).unwrap();
        assert_eq!(got["target"], field, "{label}");
    }
    assert_eq!(source["account"]["extra"], 0);
    let activities = register["activities"].as_array().unwrap();
    assert_eq!(activities.len(), 5);
    let marketing = &activities[1];
    assert_eq!(marketing["transfers"]["answer"], "yes");
    assert_eq!(marketing["legal_basis"]["basis"], "consent");
    let payroll = &activities[0];
    assert_eq!(payroll["sensitive_data"]["answer"], "yes");
    assert_eq!(payroll["retention"][0]["trigger"], "after employment ends");
}

#[test]
fn check_accepts_the_built_in_mappings_and_places_errors() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/ropa-map/mappings");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 5);
    assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .arg("check")
        .args(&files)
        .assert()
        .success();
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.toml");
    std::fs::write(
        &bad,
        "name = \"x\"\n[layout]\nkind = \"fiche\"\ntitle = \"(unclosed\"\n",
    )
    .unwrap();
    let e = assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .arg("check")
        .arg(&bad)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&e.get_output().stderr).into_owned();
    assert!(
        stderr.contains("line 4, column 10") && stderr.contains("not a valid regex"),
        "{stderr}"
    );
}

#[test]
fn explain_names_the_mapping_and_each_label() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("client.tsv");
    std::fs::copy(common::fixture("toutapprendre.tsv"), &input).unwrap();
    let out = assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .arg("explain")
        .arg(&input)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("mapping « toutapprendre »"), "{text}");
    assert!(text.contains("mapping choisi par son contenu"), "{text}");
    let line = text
        .lines()
        .find(|l| l.contains("Finalité du traitement"))
        .unwrap();
    assert!(line.contains("→ purpose"), "{line}");
    // in the run's language: English with --lang en, and no French of ropa's
    let out = assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .args(["explain", "--lang", "en"])
        .arg(&input)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("mapping chosen by content"), "{text}");
    assert!(
        text.contains("blocks:") && text.contains("language: fr"),
        "{text}"
    );
    for french in ["disposition", "langue", "blocs", "épinglé", "activité "] {
        assert!(!text.contains(french), "{french}: {text}");
    }
}

/// A document two layouts can read (a heading per activity, each over a label | value
/// table): `explain` names the layout kept and the other reading, with why it lost
/// (issue 26), in the run's language.
#[test]
fn explain_shows_the_reading_that_lost_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("deux-lectures.md");
    let section = |name: &str, purpose: &str, who: &str, days: &str| {
        format!(
            "## {name}\n\n| Rubrique | Valeur |\n|---|---|\n| Finalité | {purpose} |\n| Personnes concernées | {who} |\n| Destinataires | Direction |\n| Durée de conservation | {days} |\n\n"
        )
    };
    let text = format!(
        "# Registre\n\n{}{}",
        section(
            "Badges d'accès",
            "Contrôler l'entrée du bâtiment",
            "Agents",
            "3 mois"
        ),
        section(
            "Astreintes",
            "Organiser les permanences",
            "Techniciens",
            "1 an"
        )
    );
    std::fs::write(&input, text).unwrap();
    for (lang, said) in [
        (
            "fr",
            "autre lecture possible : disposition « fiche_tables »",
        ),
        ("en", "other possible reading: layout “fiche_tables”"),
    ] {
        let out = assert_cmd::Command::cargo_bin("ropa")
            .unwrap()
            .args(["explain", "--lang", lang])
            .arg(&input)
            .assert()
            .success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(text.contains(said), "{text}");
        assert!(text.contains("headings"), "{text}");
    }
}

/// A reader that closes the pipe early (`ropa explain … | head`) is no error: no panic
/// message, exit 0.
#[test]
fn a_closed_pipe_stops_quietly() {
    let input = common::fixture("pirouette.txt");
    let bin = assert_cmd::cargo::cargo_bin("ropa");
    let mut child = std::process::Command::new(bin)
        .arg("explain")
        .arg(&input)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // read nothing: close the pipe at once
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("stopped"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

/// `ropa suggest` on each seed writes a draft that `ropa check` accepts; read with it,
/// each seed satisfies at least 80 % of its entries of expected.json.
#[test]
fn suggested_drafts_read_the_seeds() {
    let expected = common::expected();
    let mut report = Vec::new();
    for seed in common::SEEDS {
        let dir = tempfile::tempdir().unwrap();
        let out = assert_cmd::Command::cargo_bin("ropa")
            .unwrap()
            .arg("suggest")
            .arg(common::fixture(seed))
            .assert()
            .success();
        let draft = dir.path().join("draft.toml");
        std::fs::write(&draft, &out.get_output().stdout).unwrap();
        assert_cmd::Command::cargo_bin("ropa")
            .unwrap()
            .arg("check")
            .arg(&draft)
            .assert()
            .success();
        let o = dir.path().join("out");
        assert_cmd::Command::cargo_bin("ropa")
            .unwrap()
            .args(["ingest", "-q", "--as-of", "2026-11-22", "-m"])
            .arg(&draft)
            .arg("-o")
            .arg(&o)
            .arg(common::fixture(seed))
            .assert()
            .success();
        let register = common::json(&o.join("register.json"));
        let gaps = common::json(&o.join("gaps.json"));
        let (checked, failures) =
            common::check_source(&expected["sources"][seed], seed, &register, &gaps);
        let share = (checked - failures.len()) as f64 / checked as f64;
        report.push(format!(
            "{seed}: {:.0} % ({} of {checked})",
            share * 100.0,
            checked - failures.len()
        ));
        assert!(
            failures.is_empty(),
            "{seed}: {share:.2}\n{}",
            failures.join("\n")
        );
    }
    eprintln!("{}", report.join("\n"));
}

/// With the built-in mappings left out, every seed is read with an inferred mapping and
/// satisfies at least 80 % of its entries of expected.json.
#[test]
fn without_built_in_mappings_the_seeds_are_read_by_inference() {
    let out = tempfile::tempdir().unwrap();
    assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .args([
            "ingest",
            "-q",
            "--no-builtin",
            "--as-of",
            "2026-11-22",
            "-o",
        ])
        .arg(out.path())
        .args(common::seeds())
        .assert()
        .success();
    let register = common::json(&out.path().join("register.json"));
    let gaps = common::json(&out.path().join("gaps.json"));
    let expected = common::expected();
    let mut report = Vec::new();
    for seed in common::SEEDS {
        let (checked, failures) =
            common::check_source(&expected["sources"][seed], seed, &register, &gaps);
        let share = (checked - failures.len()) as f64 / checked as f64;
        report.push(format!("{seed}: {:.0} %", share * 100.0));
        assert!(share >= 0.8, "{seed}: {share:.2}\n{}", failures.join("\n"));
        let stem = seed.split('.').next().unwrap();
        assert!(out.path().join(format!("mappings/{stem}.toml")).is_file());
    }
    eprintln!("{}", report.join("\n"));
}

/// A file read with an inferred mapping: the Labels say how each label matched (a
/// synonym, a close match and its score), in the run's language — not that the draft
/// pinned them, which is how the draft works, not how the label was recognised.
#[test]
fn an_inferred_mapping_says_how_each_label_matched() {
    let out = tempfile::tempdir().unwrap();
    assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .args(["ingest", "-q", "--lang", "en", "-o"])
        .arg(out.path())
        .arg(common::fixture("ico/ico-register.csv"))
        .assert()
        .success();
    let register = common::json(&out.path().join("register.json"));
    let hows: Vec<String> = register["sources"][0]["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["how"].as_str().unwrap().to_string())
        .collect();
    assert!(hows.iter().any(|h| h.starts_with("synonym → ")), "{hows:?}");
    assert!(!hows.iter().any(|h| h.starts_with("pinned")), "{hows:?}");
    assert!(
        !hows
            .iter()
            .any(|h| h.contains("épinglé") || h.contains("synonyme")),
        "{hows:?}"
    );
}
