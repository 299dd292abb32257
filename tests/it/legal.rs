//! Registers written to carry the gaps a DPO flags and the places that must stay quiet
//! (`fixtures/legal/*.expected.json`): each is read alone, in French and in English, and
//! every flag must raise at least a warning on its activity's field, every quiet place
//! none (the gaps of the register's template aside). The misses are printed with the
//! legal reason the DPO gave.

use crate::common;
use serde_json::Value;

/// The warnings and errors of a run on one activity's field (`*`: any field), template
/// gaps aside, as `rule: message` lines.
fn raised(gaps: &Value, activity: u64, field: &str) -> Vec<String> {
    gaps["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "warning" || f["severity"] == "error")
        .filter(|f| f["status"] != "absent")
        .filter(|f| {
            f["index"] == activity
                || f["activities"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|i| *i == activity))
        })
        .filter(|f| field == "*" || f["field"] == field)
        .map(|f| format!("{}: {}", f["rule"], f["message"]))
        .collect()
}

/// Each legal register's flags and quiet places, in one language: the misses.
fn misses(lang: &str) -> Vec<String> {
    let dir = common::fixture("legal");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty());
    let mut out = Vec::new();
    for spec in specs {
        let spec = common::json(&spec);
        let source = spec["source"].as_str().unwrap();
        let input = tempfile::tempdir().unwrap();
        std::fs::copy(dir.join(source), input.path().join(source)).unwrap();
        let run = tempfile::tempdir().unwrap();
        assert_cmd::Command::cargo_bin("ropa")
            .unwrap()
            .args([
                "ingest",
                "--as-of",
                "2026-11-22",
                "-q",
                "--lang",
                lang,
                "-o",
            ])
            .arg(run.path())
            .arg(input.path())
            .assert()
            .success();
        let gaps = common::json(&run.path().join("gaps.json"));
        let (mut held, mut all) = (0, 0);
        for (list, want) in [("flag", true), ("quiet", false)] {
            for e in spec[list].as_array().into_iter().flatten() {
                let (a, field) = (
                    e["activity"].as_u64().unwrap(),
                    e["field"].as_str().unwrap(),
                );
                let got = raised(&gaps, a, field);
                all += 1;
                if got.is_empty() != want {
                    held += 1;
                } else {
                    out.push(format!(
                        "{source} [{lang}] {list} #{a} {field} ({}): {got:?}",
                        e["why"].as_str().unwrap_or_default()
                    ));
                }
            }
        }
        eprintln!("{source} [{lang}]: {held}/{all}");
    }
    out
}

#[test]
fn the_gaps_a_dpo_flags_are_raised_and_the_right_answers_stay_quiet() {
    for lang in ["fr", "en"] {
        let missed = misses(lang);
        assert!(missed.is_empty(), "{}", missed.join("\n"));
    }
}

/// An English run of `ingest` on `input`, with `args` besides, into a new folder.
fn english_run(input: &std::path::Path, args: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .args(["ingest", "--as-of", "2026-11-22", "-q", "--lang", "en"])
        .args(args)
        .arg("-o")
        .arg(out.path())
        .arg(input)
        .assert()
        .success();
    out
}

/// A register whose controller is in the UK is judged under the UK GDPR: its report says
/// so, its transfers are restricted transfers out of the UK, and no finding sends a UK
/// client to the EEA, the CNIL or the EU's clauses alone.
#[test]
fn a_uk_register_is_judged_under_the_uk_gdpr() {
    let input = tempfile::tempdir().unwrap();
    let source = "harrow-finch-ropa.csv";
    std::fs::copy(
        common::fixture("legal").join(source),
        input.path().join(source),
    )
    .unwrap();
    let out = english_run(input.path(), &[]);
    let md = std::fs::read_to_string(out.path().join("gaps.md")).unwrap();
    assert!(md.contains("**Law applied**: UK GDPR"), "{md}");
    assert!(md.contains("UK GDPR Arts 44, 45, 46 and 49"), "{md}");
    for wrong in ["outside the EEA", "CNIL", "EU representative"] {
        assert!(!md.contains(wrong), "{wrong}");
    }
    let gaps = common::json(&out.path().join("gaps.json"));
    let findings = gaps["findings"].as_array().unwrap();
    assert!(findings.iter().all(|f| f["law"] == "uk-gdpr"));
    // the EU's clauses alone to India need the UK Addendum
    assert!(findings.iter().any(|f| f["index"] == 3
        && f["rule"] == "A46-tool"
        && f["message"].as_str().unwrap().contains("UK Addendum")));
    // --law eu judges the same register as an EU one's
    let eu = english_run(input.path(), &["--law", "eu"]);
    let md = std::fs::read_to_string(eu.path().join("gaps.md")).unwrap();
    assert!(
        md.contains("**Law applied**: GDPR (Regulation (EU) 2016/679)"),
        "{md}"
    );
}

/// A register whose only contact is its heading line (the organisation, its address and
/// phone above the table, under no label) gives the controller that contact: no
/// « named without any contact details » for it. Two formats of the class.
#[test]
fn the_heading_line_gives_the_controller_s_contact() {
    let input = tempfile::tempdir().unwrap();
    std::fs::write(
        input.path().join("atelier.csv"),
        "Registre des traitements\n\
         Atelier Morel SARL – 12 rue Haute, 35000 Rennes – Tél. 02 99 12 34 56\n\
         Responsable du traitement;Traitement;Finalité;Personnes concernées;Données;Destinataires;Durée de conservation\n\
         Claire Morel (gérante);Paie;Établissement de la paie des salariés;Salariés;Identité, salaire;Expert-comptable;5 ans\n\
         Claire Morel (gérante);Clients;Gestion des commandes des clients;Clients;Identité, adresse;Transporteur;3 ans après la dernière commande\n",
    )
    .unwrap();
    std::fs::write(
        input.path().join("bakery.md"),
        "# Record of processing activities\n\n\
         Bramble Bakery Ltd · 4 Mill Lane, Totnes TQ9 5AB · hello@bramblebakery.co.uk\n\n\
         | Activity | Purpose | Data subjects | Personal data | Recipients | Retention |\n\
         |---|---|---|---|---|---|\n\
         | Payroll | Paying staff | Employees | Name, bank details | Accountant | 6 years |\n\
         | Orders | Taking cake orders | Customers | Name, phone | None | 2 years |\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let (register, gaps) = common::ingest(&[input.path().to_path_buf()], out.path());
    for (source, address) in [
        ("atelier.csv", "12 rue Haute, 35000 Rennes"),
        ("bakery.md", "4 Mill Lane, Totnes TQ9 5AB"),
    ] {
        let a = common::activity(&register, source, 1);
        assert_eq!(a["controller_address"], address, "{source}: {a}");
        assert!(
            !gaps["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["source"] == source
                    && f["rule"] == "A30-1a-contact"
                    && f["field"] == "controller_contact"),
            "{source}"
        );
    }
}
