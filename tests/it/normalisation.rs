//! Normalisation on the seeds (issue 4): retention periods, recipients and processors,
//! glued lists, and one name per processor across the run (sheet Sous-traitants).

use crate::common;

use serde_json::Value;

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|x| x[key].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn seeds_normalise_as_a_consultant_reads_them() {
    let out = tempfile::tempdir().unwrap();
    let (register, _) = common::ingest(&common::seeds(), out.path());

    let tma3 = common::activity(&register, "toutemonannee.txt", 3);
    assert_eq!(
        strings(&tma3["retention"], "duration"),
        ["P3M", "P1Y", "P2W", "P10Y"]
    );
    assert_eq!(
        common::activity(&register, "pirouette.txt", 3)["retention"][0]["duration"],
        "P6M"
    );
    // « jusqu'à suppression du compte » ends with the account, an objective event (two
    // practitioners' samples, session 15: the CNIL accepts the account's life as a period)
    let account = &common::activity(&register, "pirouette.txt", 1)["retention"][0];
    assert_eq!(account["open_ended"], false);
    assert!(
        account["trigger"]
            .as_str()
            .is_some_and(|t| t.contains("compte"))
    );

    // eight recipients, two of them glued in the source by a lost line break
    assert_eq!(
        strings(&tma3["recipients"], "name"),
        [
            "Support technique et commercial TouteMonAnnée",
            "OVH",
            "Microsoft Azure",
            "Cloître",
            "Sellsy",
            "Capeos",
            "Payline - crédit Mutuel Arkea",
            "Groupe La Poste",
        ]
    );
    let azure = &tma3["recipients"][2];
    assert_eq!(azure["data"], "Fichiers images");
    assert_eq!(tma3["recipients"][0]["kind"], "internal");
    // the seven marked "sous-traitant" are the activity's processors
    assert_eq!(
        strings(&tma3["processors"], "name"),
        [
            "OVH",
            "Microsoft Azure",
            "Cloître",
            "Sellsy",
            "Capeos",
            "Payline - crédit Mutuel Arkea",
            "Groupe La Poste",
        ]
    );

    // "Nom, prénom, pseudonymePhoto de profilAdresse email": separate items
    let details: Vec<String> =
        common::activity(&register, "toutemonannee.txt", 1)["data_categories"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["details"].as_array().cloned().unwrap_or_default())
            .map(|d| d.as_str().unwrap().to_lowercase())
            .collect();
    for item in ["pseudonyme", "photo de profil", "adresse email"] {
        assert!(
            details.iter().any(|d| d == item),
            "{item} not an item: {details:?}"
        );
    }
    // retention items say what data they apply to, when the source does
    assert_eq!(tma3["retention"][1]["data"], "fichiers imprimés");
    // data categories: the source split from the label, the CNIL categories named
    let cat = &common::activity(&register, "toutemonannee.txt", 1)["data_categories"][0];
    assert_eq!(cat["category"], "Données d'identifications");
    assert!(
        cat["source"]
            .as_str()
            .unwrap()
            .starts_with("Saisies par le parent"),
        "{cat}"
    );
    assert_eq!(cat["cnil"][0], "identification");
    let nav = &common::activity(&register, "pirouette.txt", 3)["data_categories"][0];
    let cnil: Vec<&str> = nav["cnil"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    assert!(
        cnil.contains(&"internet") && cnil.contains(&"connection"),
        "{nav}"
    );

    // every typed value keeps the text it was read from
    for a in register["activities"].as_array().unwrap() {
        for (key, _) in a.as_object().unwrap() {
            if ropa_model::ALL_FIELDS.iter().any(|f| f.id() == key) {
                let origins = &a["provenance"][key];
                assert!(
                    origins.as_array().is_some_and(|o| !o.is_empty()),
                    "{} #{} {key}: no provenance",
                    a["source"],
                    a["index"]
                );
            }
        }
    }
}

#[test]
fn each_processor_appears_once_in_the_inventory() {
    let out = tempfile::tempdir().unwrap();
    common::ingest(&common::seeds(), out.path());
    let sheets = common::workbook_sheets(&out.path().join("register.xlsx"));
    let (_, _, rows) = sheets
        .iter()
        .find(|s| s.0 == "Sous-traitants")
        .expect("sheet Sous-traitants");
    let header = &rows[0];
    let col = |h: &str| header.iter().position(|x| x == h).unwrap();
    let row_of = |name: &str| {
        let found: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == name).collect();
        assert_eq!(found.len(), 1, "{name} is listed {} times", found.len());
        found[0].clone()
    };
    let ovh = row_of("OVH");
    assert_eq!(ovh[col("Nombre d'activités")], "5");
    let acts = &ovh[col("Activités")];
    for i in 1..=5 {
        assert!(
            acts.contains(&format!("toutemonannee.txt n° {i} ")),
            "{acts}"
        );
    }
    assert!(ovh[col("Rôles")].contains("hébergeur"));
    assert!(ovh[col("Variantes")].contains("OVH"));
    let scaleway = row_of("Scaleway SAS");
    assert_eq!(scaleway[col("Nombre d'activités")], "5");
    assert_eq!(scaleway[col("Sources")], "pirouette.txt");
}
