//! `gaps.xlsx`: a summary per activity (`Synthèse`) and one row per finding (`Écarts`).

use super::register_xlsx::{ERROR_FILL, INFO_FILL, RegistreCells, WARNING_FILL};
use super::{
    CellHook, Sheet, SheetOptions, Styles, activity_headers, mark_sheet, output_workbook, save,
    write_sheet, xlsx_error,
};
use crate::i18n::Msg;
use ropa_model::Activity;
use ropa_model::Lang;
use ropa_model::error::Result;
use ropa_rules::{Finding, RuleId, Severity};
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartSolidFill, ChartType, Color, ConditionalFormatFormula, Format,
    FormatAlign, FormatUnderline, Url, Worksheet, XlsxError,
};
use std::collections::HashMap;
use std::path::Path;

use ropa_rules::report::{FindingIndex, completeness, own};

/// The two sheets of the report, their rows made as they are written.
pub fn sheets<'a>(
    activities: &'a [Activity],
    findings: &'a [Finding],
    index: &'a FindingIndex<'a>,
    lang: Lang,
) -> [Sheet<'a>; 2] {
    let en = lang == Lang::En;
    let synth = Sheet::new(
        Msg::SheetOverview.text(lang),
        &activity_headers(
            if en {
                &[
                    "Errors",
                    "Warnings",
                    "Infos",
                    "Art. 30(1) items recorded (%)",
                ]
            } else {
                &[
                    "Erreurs",
                    "Avertissements",
                    "Infos",
                    "Mentions de l'art. 30(1) renseignées (%)",
                ]
            },
            lang,
        ),
        activities.iter().map(move |a| {
            let own = own(index, a);
            let count = |s: Severity| own.iter().filter(|f| f.severity == s).count().to_string();
            vec![
                a.source.clone(),
                a.index.to_string(),
                a.display_name(),
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Info),
                completeness(own).to_string(),
            ]
        }),
    );
    let ecarts = Sheet::new(
        Msg::SheetFindings.text(lang),
        &activity_headers(
            if en {
                &[
                    "Priority",
                    "Tier",
                    "Field",
                    "Rule",
                    "Severity",
                    "Status",
                    "Finding and fix",
                    "Reference",
                ]
            } else {
                &[
                    "Priorité",
                    "Niveau",
                    "Champ",
                    "Règle",
                    "Gravité",
                    "Statut",
                    "Constat et recommandation",
                    "Référence",
                ]
            },
            lang,
        ),
        findings.iter().map(move |f| {
            // a gap of the template: once, for the activities it affects
            let (index, activity) = if f.is_shared() {
                (
                    f.indexes()
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                    if f.is_template_gap() {
                        template_label(f.activities.len(), lang)
                    } else {
                        shared_label(f.activities.len(), lang)
                    },
                )
            } else {
                (f.index.to_string(), f.activity.clone())
            };
            vec![
                f.source.clone(),
                index,
                activity,
                f.priority.label().into(),
                f.tier.label(lang).into(),
                f.field_label(lang),
                f.rule.code().into(),
                f.severity.label(lang).into(),
                f.status.label(lang).into(),
                f.message.clone(),
                f.rule.rule_under(f.law).reference(lang).into(),
            ]
        }),
    );
    [synth, ecarts]
}

/// How a template gap names what it affects: `Modèle de registre (5 activités)`.
pub fn template_label(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("Modèle de registre ({n} activités)"),
        Lang::En => format!("Register template ({n} activities)"),
    }
}

/// The activity column of a finding several activities share.
pub fn shared_label(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{n} activités"),
        Lang::En => format!("{n} activities"),
    }
}

/// The counts and share of `Synthèse` as numbers, so they sort and chart.
fn numbers(ws: &mut Worksheet, row: u32, col: u16, text: &str) -> Result<bool, XlsxError> {
    let number = Format::new().set_align(FormatAlign::Top);
    match text.parse::<f64>() {
        Ok(n) if (3..7).contains(&col) => {
            ws.write_number_with_format(row, col, n, &number)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// The chart's size in pixels: its width, and its height for `rows` activities.
const CHART_WIDTH: u32 = 640;
fn chart_height(rows: usize) -> u32 {
    (120 + 22 * rows).min(1800) as u32
}

/// The chart's first column, right of the activity table and a blank column.
const CHART_COLUMN: u16 = 8;

/// A bar chart of the completeness of each activity of the first sheet.
fn chart(ws: &mut Worksheet, rows: usize, lang: Lang) -> Result<(), XlsxError> {
    if rows == 0 {
        return Ok(());
    }
    let last = rows as u32;
    let mut chart = Chart::new(ChartType::Bar);
    let title = match lang {
        Lang::Fr => "Mentions de l'article 30(1) renseignées (%)",
        Lang::En => "Article 30(1) items recorded (%)",
    };
    chart
        .add_series()
        // N° and name: two activities of one name stay two bars
        .set_categories((Msg::SheetOverview.text(lang), 1, 1, last, 2))
        .set_values((Msg::SheetOverview.text(lang), 1, 6, last, 6))
        .set_name(title)
        .set_format(
            ChartFormat::new()
                .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(0x4472C4))),
        );
    chart.title().set_name(title);
    chart.legend().set_hidden();
    chart.x_axis().set_min(0).set_max(100);
    chart.y_axis().set_reverse();
    chart.set_width(CHART_WIDTH).set_height(chart_height(rows));
    ws.insert_chart(1, CHART_COLUMN, &chart)?;
    Ok(())
}

/// Colour scales on `Synthèse`: the errors from white to red, the completeness from red
/// (0 %) through amber to green (100 %), fixed bounds so two runs compare.
fn colour_scales(ws: &mut Worksheet, rows: usize) -> Result<(), XlsxError> {
    use rust_xlsxwriter::{
        ConditionalFormat2ColorScale, ConditionalFormat3ColorScale, ConditionalFormatType,
    };
    if rows == 0 {
        return Ok(());
    }
    let last = rows as u32;
    let errors = ConditionalFormat2ColorScale::new()
        .set_minimum(ConditionalFormatType::Number, 0)
        .set_minimum_color(Color::White)
        .set_maximum_color(ERROR_FILL);
    ws.add_conditional_format(1, 3, last, 3, &errors)?;
    let share = ConditionalFormat3ColorScale::new()
        .set_minimum(ConditionalFormatType::Number, 0)
        .set_midpoint(ConditionalFormatType::Number, 50)
        .set_maximum(ConditionalFormatType::Number, 100)
        .set_minimum_color(Color::RGB(0xF8_696B))
        .set_midpoint_color(Color::RGB(0xFF_EB84))
        .set_maximum_color(Color::RGB(0x63_BE7B));
    ws.add_conditional_format(1, 6, last, 6, &share)?;
    Ok(())
}

/// Under the activities, one row per source: its activities, findings per severity and
/// the mean share of required fields present.
fn per_source(
    ws: &mut Worksheet,
    first_row: u32,
    activities: &[Activity],
    findings: &[Finding],
    index: &FindingIndex<'_>,
    lang: Lang,
) -> Result<u32, XlsxError> {
    let headers: [&str; 6] = match lang {
        Lang::Fr => [
            "Source",
            "Activités",
            "Erreurs",
            "Avertissements",
            "Infos",
            "Mentions de l'art. 30(1) renseignées (%, moyenne)",
        ],
        Lang::En => [
            "Source",
            "Activities",
            "Errors",
            "Warnings",
            "Infos",
            "Art. 30(1) items recorded (%, mean)",
        ],
    };
    // the columns of the activity table above: Source, N°, (Activité), counts, share
    const COLS: [u16; 6] = [0, 1, 3, 4, 5, 6];
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    ws.write_string_with_format(
        first_row,
        0,
        if lang == Lang::Fr {
            "Par source"
        } else {
            "By source"
        },
        &Format::new().set_bold().set_font_size(13),
    )?;
    let first_row = first_row + 1;
    ws.set_row_height(first_row, 45)?;
    for (c, h) in COLS.iter().zip(headers) {
        ws.write_string_with_format(first_row, *c, h, &bold)?;
    }
    let mut sources: Vec<&str> = activities.iter().map(|a| a.source.as_str()).collect();
    sources.dedup();
    // one pass over the activities and one over the findings, whatever the batch's size
    let mut acts_of: HashMap<&str, Vec<&Activity>> = HashMap::new();
    for a in activities {
        acts_of.entry(a.source.as_str()).or_default().push(a);
    }
    let mut counts: HashMap<(&str, Severity), usize> = HashMap::new();
    for f in findings {
        *counts.entry((f.source.as_str(), f.severity)).or_default() += 1;
    }
    for (i, source) in sources.iter().enumerate() {
        let row = first_row + 1 + i as u32;
        let acts = acts_of.get(source).map_or(&[][..], Vec::as_slice);
        let count = |s: Severity| counts.get(&(*source, s)).copied().unwrap_or(0) as f64;
        let mean = acts
            .iter()
            .map(|a| f64::from(completeness(own(index, a))))
            .sum::<f64>()
            / acts.len().max(1) as f64;
        ws.write_string(row, COLS[0], *source)?;
        ws.write_number(row, COLS[1], acts.len() as f64)?;
        ws.write_number(row, COLS[2], count(Severity::Error))?;
        ws.write_number(row, COLS[3], count(Severity::Warning))?;
        ws.write_number(row, COLS[4], count(Severity::Info))?;
        ws.write_number(row, COLS[5], mean.round())?;
    }
    Ok(first_row + sources.len() as u32)
}

/// Rows of the first sheet coloured by severity.
fn severity_colours(
    ws: &mut Worksheet,
    rows: usize,
    findings: &[Finding],
    lang: Lang,
) -> Result<(), XlsxError> {
    let last_row = rows as u32;
    if last_row == 0 {
        return Ok(());
    }
    for (fill, severity) in [
        (ERROR_FILL, Severity::Error),
        (WARNING_FILL, Severity::Warning),
        (INFO_FILL, Severity::Info),
    ] {
        if !findings[..rows].iter().any(|f| f.severity == severity) {
            continue;
        }
        let label = severity.label(lang);
        let rule = ConditionalFormatFormula::new()
            .set_rule(format!("=$H2=\"{label}\"").as_str())
            .set_format(Format::new().set_background_color(fill));
        ws.add_conditional_format(1, 0, last_row, ECARTS_LAST_COL, &rule)?;
    }
    Ok(())
}

/// The last column of `Écarts` (Référence).
const ECARTS_LAST_COL: u16 = 10;
/// The column of `Écarts` that names the field, linked to its cell of register.xlsx.
const ECARTS_FIELD_COL: u16 = 5;

/// Each finding's field linked to its cell of register.xlsx.
struct Links<'a> {
    cells: RegistreCells,
    findings: &'a [Finding],
    format: Format,
    lang: Lang,
}

impl Links<'_> {
    fn write(
        &self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        at: usize,
        text: &str,
    ) -> Result<bool, XlsxError> {
        // Excel opens no more links in a sheet: the first rows are linked, the rest
        // still name the field
        let Some(f) = self
            .findings
            .get(at)
            .filter(|_| col == ECARTS_FIELD_COL && row <= super::MAX_LINKS_PER_SHEET)
        else {
            return Ok(false);
        };
        match self.cells.cell(f) {
            Some((r, c)) if r as usize <= super::EXCEL_ROWS => {
                let sheet = Msg::SheetRegister.text(self.lang);
                let target = format!(
                    "file:///register.xlsx#{sheet}!{}{}",
                    ropa_model::place::column_letters(c as usize + 1),
                    r + 1
                );
                let tip = format!(
                    "register.xlsx, {} {sheet}",
                    if self.lang == Lang::Fr {
                        "feuille"
                    } else {
                        "sheet"
                    }
                );
                ws.write_url_with_options(
                    row,
                    col,
                    Url::new(target),
                    text,
                    &tip,
                    Some(&self.format),
                )?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}

/// The Art. 30(1) items of the summary's grid, each with the rules that say it is missing.
const ITEMS: [(&str, &[RuleId]); 7] = [
    ("(a)", &[RuleId::A30_1a]),
    ("(b)", &[RuleId::A30_1b]),
    ("(c)", &[RuleId::A30_1cSubjects, RuleId::A30_1cData]),
    ("(d)", &[RuleId::A30_1d]),
    ("(e)", &[RuleId::A30_1e, RuleId::A30_1eDetails]),
    ("(f)", &[RuleId::A30_1f]),
    ("(g)", &[RuleId::A30_1g]),
];

/// How many activities the summary's grid shows (the others are in Synthèse).
const SUMMARY_ROWS: usize = 500;

/// The first sheet, « Résumé », that a partner reads in a minute: the counts, the rules
/// that affect the most activities (worst first), and a grid of the activities by
/// Art. 30(1)(a)–(g), each item present (✓) or not (✗) — a completeness, never a
/// verdict of compliance.
fn write_summary(
    wb: &mut rust_xlsxwriter::Workbook,
    activities: &[Activity],
    findings: &[Finding],
    index: &FindingIndex<'_>,
    lang: Lang,
) -> Result<(), XlsxError> {
    let fr = lang == Lang::Fr;
    let ws = wb.add_worksheet();
    ws.set_name(Msg::SheetSummary.text(lang))?;
    ws.set_landscape();
    ws.set_paper_size(super::PAPER_A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header(super::PAGE_HEADER);
    ws.set_footer(super::PAGE_FOOTER);
    let title = Format::new().set_bold().set_font_size(16);
    ws.set_column_width(0, 50)?;
    ws.write_string_with_format(
        0,
        0,
        if fr {
            "Écarts du registre"
        } else {
            "Register gaps"
        },
        &title,
    )?;
    ws.write_string(1, 0, crate::counts::counts_line(activities, findings, lang))?;
    ws.write_string(2, 0, crate::counts::tier_counts(findings, lang))?;
    let row = write_main_points(ws, findings, lang)?;
    write_items_grid(ws, activities, index, row + 1, lang)
}

/// The rules that affect the most activities, errors first, then warnings, each with
/// how many activities it affects (infos left out).
fn top_rules(findings: &[Finding]) -> Vec<((Severity, RuleId), usize)> {
    let mut by_rule: std::collections::BTreeMap<
        (Severity, RuleId),
        std::collections::BTreeSet<(String, usize)>,
    > = std::collections::BTreeMap::new();
    for f in findings.iter().filter(|f| f.severity != Severity::Info) {
        let set = by_rule.entry((f.severity, f.rule)).or_default();
        for i in f.indexes() {
            set.insert((f.source.clone(), i));
        }
    }
    let mut top: Vec<((Severity, RuleId), usize)> =
        by_rule.into_iter().map(|(k, v)| (k, v.len())).collect();
    top.sort_by(|a, b| a.0.0.cmp(&b.0.0).then(b.1.cmp(&a.1)));
    top
}

/// The summary's « Points principaux » from its fourth row: the five [`top_rules`], each
/// with its priority, subject, count and fix. Gives the row after the last.
fn write_main_points(
    ws: &mut Worksheet,
    findings: &[Finding],
    lang: Lang,
) -> Result<u32, XlsxError> {
    use crate::counts::counted;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    ws.write_string_with_format(
        3,
        0,
        if lang == Lang::Fr {
            "Points principaux"
        } else {
            "Main points"
        },
        &bold,
    )?;
    let mut row = 4u32;
    for ((severity, id), n) in top_rules(findings).into_iter().take(5) {
        let rule = id.rule();
        let priority = ropa_rules::Priority::of(severity, rule.tier);
        // the severity and the priority, each named: one is how serious, the other what
        // to do first; the rule's code is for the appendix, not the client's summary
        let (gravity, first) = if lang == Lang::Fr {
            ("Gravité", "Priorité")
        } else {
            ("Severity", "Priority")
        };
        ws.write_string_with_format(
            row,
            0,
            format!(
                "{gravity}{} {}\n{first}{} {}",
                crate::words::colon(lang),
                severity.label(lang),
                crate::words::colon(lang),
                priority.label()
            ),
            &wrap,
        )?;
        // across the grid's columns, which are narrow
        ws.merge_range(
            row,
            1,
            row,
            ITEMS.len() as u16 + 4,
            &format!(
                "{}{} {}. {}",
                rule.subject(lang),
                crate::words::colon(lang),
                counted(n, crate::counts::ACTIVITIES, lang),
                rule.fix(lang)
            ),
            &wrap,
        )?;
        ws.set_row_height(row, 45)?;
        row += 1;
    }
    Ok(row)
}

/// The summary's grid from `row`: one row per activity (the first [`SUMMARY_ROWS`]), one
/// column per Art. 30(1) item, each present (✓) or not (✗).
fn write_items_grid(
    ws: &mut Worksheet,
    activities: &[Activity],
    index: &FindingIndex<'_>,
    mut row: u32,
    lang: Lang,
) -> Result<(), XlsxError> {
    let fr = lang == Lang::Fr;
    let bold = Format::new().set_bold();
    ws.write_string_with_format(
        row,
        0,
        if fr {
            "Mentions de l'article 30(1) renseignées"
        } else {
            "Article 30(1) items recorded"
        },
        &bold,
    )?;
    row += 1;
    let head = Format::new().set_bold().set_align(FormatAlign::Center);
    ws.write_string_with_format(row, 0, if fr { "Activité" } else { "Activity" }, &bold)?;
    for (c, (letter, _)) in ITEMS.iter().enumerate() {
        ws.set_column_width(c as u16 + 1, 6)?;
        ws.write_string_with_format(row, c as u16 + 1, *letter, &head)?;
    }
    for c in ITEMS.len() + 1..ITEMS.len() + 5 {
        ws.set_column_width(c as u16, 12)?;
    }
    let present = Format::new()
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(0xD9_EAD3));
    let missing = Format::new()
        .set_align(FormatAlign::Center)
        .set_background_color(ERROR_FILL);
    for a in activities.iter().take(SUMMARY_ROWS) {
        row += 1;
        let own = own(index, a);
        ws.write_string(
            row,
            0,
            crate::words::activity_title(&a.source, a.index, &a.display_name(), lang),
        )?;
        for (c, (_, rules)) in ITEMS.iter().enumerate() {
            let gap = own.iter().any(|f| rules.contains(&f.rule));
            let (mark, format) = if gap {
                ("✗", &missing)
            } else {
                ("✓", &present)
            };
            ws.write_string_with_format(row, c as u16 + 1, mark, format)?;
        }
    }
    if activities.len() > SUMMARY_ROWS {
        ws.write_string(
            row + 1,
            0,
            if fr {
                "… les autres activités sont dans la feuille Synthèse."
            } else {
                "… the other activities are in the Overview sheet."
            },
        )?;
    }
    Ok(())
}

/// The first cell of the hidden sheet of `gaps.xlsx`: tells ropa it is not a register.
pub const GAPS_MARK: &str = "ropa gaps";

/// Writes `gaps.xlsx`, every sheet streamed to a temporary file next to `path`; `index`
/// is [`by_activity`] of the findings.
pub fn write(
    activities: &[Activity],
    findings: &[Finding],
    index: &FindingIndex<'_>,
    lang: Lang,
    path: &Path,
) -> Result<()> {
    let mut wb = output_workbook(path).map_err(xlsx_error(path))?;
    let styles = Styles::default();
    let links = Links {
        cells: RegistreCells::new(activities),
        findings,
        format: Format::new()
            .set_font_color(Color::RGB(0x1F4E9E))
            .set_underline(FormatUnderline::Single)
            .set_align(FormatAlign::Top),
        lang,
    };
    let number =
        |ws: &mut Worksheet, row: u32, col: u16, _: usize, text: &str| numbers(ws, row, col, text);
    let link = |ws: &mut Worksheet, row: u32, col: u16, at: usize, text: &str| {
        links.write(ws, row, col, at, text)
    };
    write_summary(&mut wb, activities, findings, index, lang).map_err(xlsx_error(path))?;
    let [synth, ecarts] = sheets(activities, findings, index, lang);
    fn opts(hook: CellHook<'_>) -> SheetOptions<'_> {
        SheetOptions {
            cell: Some(hook),
            ..SheetOptions::streamed()
        }
    }
    // the extras annotate the first sheet of each table, which holds the first rows
    let first = |n: usize| n.min(super::EXCEL_ROWS);
    let done = write_sheet(&mut wb, synth, &styles, &opts(&number)).and_then(|names| {
        let ws = wb.worksheet_from_name(names.first().map_or("", String::as_str))?;
        let rows = first(activities.len());
        chart(ws, rows, lang)?;
        colour_scales(ws, rows)?;
        let last = per_source(ws, rows as u32 + 3, activities, findings, index, lang)?;
        // printed with its chart and the table by source, not the activities alone: the
        // chart's rows at 20 pixels, its columns at the default 64
        let chart_rows = 1 + chart_height(rows).div_ceil(20);
        let chart_columns = CHART_WIDTH.div_ceil(64) as u16;
        ws.set_print_area(0, 0, last.max(chart_rows), CHART_COLUMN + chart_columns)?;
        ws.set_paper_size(super::PAPER_A3);
        ws.set_print_fit_to_pages(1, 0);
        Ok(())
    });
    done.map_err(xlsx_error(path))?;
    let done = write_sheet(&mut wb, ecarts, &styles, &opts(&link)).and_then(|names| {
        let ws = wb.worksheet_from_name(names.first().map_or("", String::as_str))?;
        severity_colours(ws, first(findings.len()), findings, lang)
    });
    done.map_err(xlsx_error(path))?;
    mark_sheet(wb.add_worksheet(), GAPS_MARK).map_err(xlsx_error(path))?;
    save(wb, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ropa_model::Field;
    use ropa_rules::report::by_activity;
    use std::io::Read;

    /// How many hyperlinks the n-th sheet of a workbook holds, read from its XML.
    fn hyperlinks(path: &Path, sheet: usize) -> usize {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut xml = String::new();
        zip.by_name(&format!("xl/worksheets/sheet{sheet}.xml"))
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml.matches("<hyperlink ").count()
    }

    #[test]
    fn no_more_links_in_a_sheet_than_excel_opens() {
        let a = Activity {
            source: "x.tsv".into(),
            index: 1,
            ..Default::default()
        };
        let finding = ropa_rules::raw_finding(
            &a,
            RuleId::A30_1b,
            Field::Purpose,
            ropa_rules::Status::Empty,
            "m".into(),
        );
        let many = super::super::MAX_LINKS_PER_SHEET as usize + 5;
        let findings = vec![finding; many];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gaps.xlsx");
        write(&[a], &findings, &by_activity(&findings), Lang::Fr, &path).unwrap();
        // sheet 3 is Écarts (after Résumé and Synthèse): one row per finding, a link on
        // the first 65,530
        assert_eq!(
            hyperlinks(&path, 3),
            super::super::MAX_LINKS_PER_SHEET as usize
        );
    }
}
