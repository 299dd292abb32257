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

/// A sheet's rows' heights (points) by 0-based row, and its columns' widths as
/// (first, last, width), 1-based as the XML writes them.
type Geometry = (
    std::collections::HashMap<usize, f64>,
    Vec<(usize, usize, f64)>,
);

/// Each row's height and each column's width, from a sheet's XML.
fn geometry(xml: &str) -> Geometry {
    let row = Regex::new(r#"<row r="(\d+)"[^>]*?\bht="([\d.]+)""#).unwrap();
    let col = Regex::new(r#"<col min="(\d+)" max="(\d+)" width="([\d.]+)""#).unwrap();
    let heights = row
        .captures_iter(xml)
        .map(|c| (c[1].parse::<usize>().unwrap() - 1, c[2].parse().unwrap()))
        .collect();
    let widths = col
        .captures_iter(xml)
        .map(|c| {
            (
                c[1].parse().unwrap(),
                c[2].parse().unwrap(),
                c[3].parse().unwrap(),
            )
        })
        .collect();
    (heights, widths)
}

/// The fewest lines a cell's text takes in a column `width` characters wide, counted
/// generously (1.3 characters a width unit, narrower than any real text): a row lower
/// than that cuts the text off on screen and on paper.
fn fewest_lines(text: &str, width: f64) -> usize {
    let per_line = (width * 1.3).max(1.0);
    text.lines()
        .map(|l| ((l.chars().count() as f64) / per_line).ceil().max(1.0) as usize)
        .sum()
}

/// Every row of every visible sheet of a workbook is at least as high as its wrapped
/// cells need (up to the highest row a spreadsheet has); returns how many rows of more
/// than one line were checked.
fn rows_fit(path: &Path) -> usize {
    let texts = common::workbook_sheets(path);
    // the cell formats that wrap their text: a cell that does not overflows into the
    // empty cells beside it and needs no height
    let styles = part(path, "xl/styles.xml");
    let xfs = styles
        .split("<cellXfs")
        .nth(1)
        .and_then(|t| t.split("</cellXfs>").next())
        .unwrap_or_default();
    let wraps: Vec<bool> = Regex::new(r"<xf [^>]*?(?:/>|>.*?</xf>)")
        .unwrap()
        .find_iter(xfs)
        .map(|m| m.as_str().contains(r#"wrapText="1""#))
        .collect();
    let cell = Regex::new(r#"<c r="([A-Z]+)(\d+)"(?: s="(\d+)")?"#).unwrap();
    let merge = Regex::new(r#"<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)\d+""#).unwrap();
    let mut checked = 0;
    for ((name, hidden, xml, _), (_, _, grid)) in sheets(path).into_iter().zip(texts) {
        if hidden {
            continue;
        }
        let (heights, widths) = geometry(&xml);
        let width_of = |c: usize| {
            widths
                .iter()
                .find(|(lo, hi, _)| (*lo..=*hi).contains(&(c + 1)))
                .map_or(8.43, |w| w.2)
        };
        // a merged cell spans columns: its width is theirs
        let column = |letters: &str| {
            letters
                .bytes()
                .fold(0usize, |n, b| n * 26 + usize::from(b - b'A') + 1)
                - 1
        };
        let spans: Vec<(usize, usize, usize)> = merge
            .captures_iter(&xml)
            .map(|c| {
                (
                    c[2].parse::<usize>().unwrap() - 1,
                    column(&c[1]),
                    column(&c[3]),
                )
            })
            .collect();
        let width_at = |r: usize, c: usize| -> f64 {
            spans
                .iter()
                .find(|(row, lo, _)| *row == r && *lo == c)
                .map_or_else(
                    || width_of(c),
                    |(_, lo, hi)| (*lo..=*hi).map(width_of).sum(),
                )
        };
        let wrapped: std::collections::HashSet<(usize, usize)> = cell
            .captures_iter(&xml)
            .filter(|c| {
                c.get(3)
                    .and_then(|s| wraps.get(s.as_str().parse::<usize>().unwrap()))
                    .copied()
                    .unwrap_or(false)
            })
            .map(|c| (c[2].parse::<usize>().unwrap() - 1, column(&c[1])))
            .collect();
        for (r, cells) in grid.iter().enumerate() {
            let need = cells
                .iter()
                .enumerate()
                .filter(|(c, t)| !t.is_empty() && wrapped.contains(&(r, *c)))
                .map(|(c, t)| fewest_lines(t, width_at(r, c)))
                .max()
                .unwrap_or(1)
                .min(27);
            if need < 2 {
                continue;
            }
            checked += 1;
            let height = heights.get(&r).copied().unwrap_or(15.0);
            assert!(
                height >= 15.0 * need as f64 - 0.5,
                "{}: {name} row {}: {height} pt for {need} lines",
                path.display(),
                r + 1
            );
        }
    }
    checked
}

/// The CNIL fiches cut their lists off (49 of 74 multi-line rows too short: heights from
/// line breaks, not from wrapped text) and the ICO sheet had no heights at all; no
/// workbook ropa writes has a row lower than its text now. The CNIL export keeps the
/// model's empty headings, so the client sees what is left to fill.
#[test]
fn no_row_is_lower_than_its_wrapped_text() {
    let out = tempfile::tempdir().unwrap();
    common::ingest(&common::seeds(), out.path());
    let mut checked = 0;
    for file in ["register.xlsx", "gaps.xlsx"] {
        checked += rows_fit(&out.path().join(file));
    }
    for to in ["cnil", "ico"] {
        let file = out.path().join(format!("{to}.xlsx"));
        assert_cmd::Command::cargo_bin("ropa")
            .unwrap()
            .args(["export", "-q", "--to", to, "-o"])
            .arg(&file)
            .arg(out.path().join("register.json"))
            .assert()
            .success();
        let n = rows_fit(&file);
        assert!(n > 10, "{to}: {n} multi-line rows");
        checked += n;
    }
    // the consultant's workbooks: a diff and a portfolio
    let clients = tempfile::tempdir().unwrap();
    for seed in ["occicom.txt", "pirouette.txt"] {
        let dir = clients.path().join(seed.trim_end_matches(".txt"));
        std::fs::create_dir(&dir).unwrap();
        std::fs::copy(common::fixture(seed), dir.join(seed)).unwrap();
    }
    let portfolio = out.path().join("portfolio");
    assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .args(["portfolio", "-q", "--as-of", "2026-11-22", "-o"])
        .arg(&portfolio)
        .arg(clients.path())
        .assert()
        .success();
    checked += rows_fit(&portfolio.join("portfolio.xlsx"));
    let review = out.path().join("review");
    assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .args(["diff", "-q", "-o"])
        .arg(&review)
        .arg(out.path().join("register.xlsx"))
        .arg(portfolio.join("occicom").join("register.xlsx"))
        .assert()
        .success();
    checked += rows_fit(&review.join("diff.xlsx"));
    assert!(checked > 200, "{checked}");
    // the model's headings, an empty one included, on every fiche
    let cnil = common::workbook_sheets(&out.path().join("cnil.xlsx"));
    let fiche = &cnil[1].2;
    let headings: Vec<&str> = fiche
        .iter()
        .filter_map(|r| r.first())
        .map(String::as_str)
        .collect();
    for h in [
        "Représentant",
        "Sous-finalités",
        "Analyse d'impact (AIPD)",
        "Notes complémentaires",
    ] {
        assert!(headings.contains(&h), "{h}: {headings:?}");
    }
    // the organisation and its DPO on the list, as the model has them
    let list = &cnil[0].2;
    let flat: Vec<&str> = list.iter().flatten().map(String::as_str).collect();
    assert!(
        flat.iter()
            .any(|t| t.starts_with("Coordonnées du responsable de l'organisme"))
    );
    assert!(
        flat.iter()
            .any(|t| t.starts_with("Nom et coordonnées du délégué"))
    );
}

/// The summary's main points name the severity and the priority each on its own (« P1 ·
/// erreur » read as one scale) and carry no rule code (codes are for the appendix).
#[test]
fn the_summary_names_severity_and_priority_apart_without_codes() {
    let out = tempfile::tempdir().unwrap();
    common::ingest(&common::seeds(), out.path());
    let sheets = common::workbook_sheets(&out.path().join("gaps.xlsx"));
    let summary = &sheets[0].2;
    let code = Regex::new(r"\bA\d{1,2}-|\bP[123] ·").unwrap();
    let points: Vec<&String> = summary
        .iter()
        .skip(4)
        .take(5)
        .filter_map(|r| r.first())
        .collect();
    assert_eq!(points.len(), 5, "{summary:?}");
    for p in points {
        assert!(
            p.starts_with("Gravité : ") && p.contains("\nPriorité : P"),
            "{p}"
        );
        assert!(!code.is_match(p), "{p}");
    }
}

/// Dates and activity numbers are typed cells (a spreadsheet sorts and filters them as
/// such), coloured ones included, and a register re-saved by LibreOffice or read back
/// still reads as written (the round-trip tests).
#[test]
fn dates_and_numbers_are_typed_cells() {
    let out = tempfile::tempdir().unwrap();
    common::ingest(&common::seeds(), out.path());
    let sheets = sheets(&out.path().join("register.xlsx"));
    let (_, _, xml, _) = sheets.iter().find(|s| s.0 == "Registre").unwrap();
    // dates are numbers with a date format, N° numbers: cells without t="s"/"inlineStr"
    let numeric = Regex::new(r#"<c r="([A-Z]+)\d+"(?: s="\d+")?><v>"#).unwrap();
    let typed: std::collections::BTreeSet<String> = numeric
        .captures_iter(xml)
        .map(|c| c[1].to_string())
        .collect();
    // N° is the third column (C); the date columns (creation, update, start) follow
    assert!(typed.contains("C"), "{typed:?}");
    assert!(typed.len() >= 3, "{typed:?}");
    let iso = Regex::new(r"^\d{4}-\d{2}-\d{2}$").unwrap();
    let book = common::workbook_sheets(&out.path().join("register.xlsx"));
    let rows = &book[0].2;
    let col = rows[0]
        .iter()
        .position(|h| h == "Date de création de la fiche")
        .unwrap();
    let dates: Vec<&String> = rows[1..]
        .iter()
        .filter_map(|r| r.get(col))
        .filter(|d| !d.is_empty())
        .collect();
    assert!(!dates.is_empty());
    for d in dates {
        assert!(iso.is_match(d), "{d}");
    }
}
