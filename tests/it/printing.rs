//! What a person prints (issue 29): every sheet of register.xlsx and gaps.xlsx has a
//! paper size and a page header naming it; the working sheets are hidden and have no
//! print area (LibreOffice prints a hidden sheet that has one); Synthèse prints with its
//! chart. `tools/print_check.py` prints them through LibreOffice and measures the words.

use crate::common;

use regex::Regex;
use std::io::Read;
use std::path::Path;

fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// Each sheet: its name, whether it is hidden, its XML, and its print area if any.
fn sheets(path: &Path) -> Vec<(String, bool, String, Option<String>)> {
    let book = part(path, "xl/workbook.xml");
    let sheet = Regex::new(r#"<sheet name="([^"]+)" sheetId="\d+"( state="hidden")?"#).unwrap();
    let area = Regex::new(r#"<definedName name="_xlnm.Print_Area" localSheetId="(\d+)">([^<]*)<"#)
        .unwrap();
    let areas: Vec<(usize, String)> = area
        .captures_iter(&book)
        .map(|c| (c[1].parse().unwrap(), c[2].to_string()))
        .collect();
    sheet
        .captures_iter(&book)
        .enumerate()
        .map(|(i, c)| {
            let xml = part(path, &format!("xl/worksheets/sheet{}.xml", i + 1));
            let area = areas.iter().find(|(k, _)| *k == i).map(|(_, a)| a.clone());
            (c[1].to_string(), c.get(2).is_some(), xml, area)
        })
        .collect()
}

#[test]
fn every_printed_sheet_has_paper_and_a_header_and_no_working_sheet_prints() {
    let out = tempfile::tempdir().unwrap();
    common::ingest(&common::seeds(), out.path());
    let working = ["Ignoré", "Provenance", "Libellés"];
    let mut printed = Vec::new();
    let paper = Regex::new(r#"<pageSetup paperSize="(\d+)""#).unwrap();
    let last = Regex::new(r":\$([A-Z]+)\$").unwrap();
    for file in ["register.xlsx", "gaps.xlsx"] {
        for (name, hidden, xml, area) in sheets(&out.path().join(file)) {
            if working.contains(&name.as_str()) || name == "ropa" {
                assert!(hidden, "{file}: {name} is a working sheet, hidden");
                assert!(area.is_none(), "{file}: {name} has a print area");
                continue;
            }
            assert!(!hidden, "{file}: {name}");
            let size = paper.captures(&xml).map(|c| c[1].to_string());
            assert!(
                matches!(size.as_deref(), Some("8" | "9")),
                "{file}: {name} prints on {size:?}, not A4 (9) or A3 (8)"
            );
            assert!(
                xml.contains("<oddFooter>&amp;R&amp;P / &amp;N</oddFooter>"),
                "{file}: {name}"
            );
            if name == "Synthèse" {
                // the chart, from column I, is inside the print area
                let area = area.unwrap();
                let col = last.captures(&area).unwrap()[1].to_string();
                assert!(col.len() > 1 || col.as_str() > "I", "{area}");
            }
            printed.push(name);
        }
    }
    for sheet in [
        "Registre",
        "Fiches",
        "Légende",
        "Résumé",
        "Synthèse",
        "Écarts",
    ] {
        assert!(
            printed.iter().any(|p| p == sheet),
            "{sheet} not in {printed:?}"
        );
    }
}
