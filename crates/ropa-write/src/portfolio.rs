//! `portfolio.xlsx` and `portfolio.md`: the clients side by side (completeness,
//! findings per tier, worst findings, newest update, a chart of completeness) and the
//! processors they share.

use super::gaps_md::escape;
use super::{new_workbook, save, xlsx_error};
use ropa_model::Lang;
use ropa_model::error::Result;
use ropa_rules::Tier;
use ropa_rules::portfolio::{ActivityRef, Client, Concerns, SharedProcessor, Worst};
use ropa_rules::rules::pick;
use rust_xlsxwriter::{Chart, ChartType, Format, FormatAlign};
use std::fmt::Write;
use std::path::Path;

/// A text on one line of the portfolio's tables, escaped: a line break in a client's
/// folder name would end the table's row.
fn one_line(text: &str) -> String {
    escape(text).replace(['\n', '\r'], " ")
}

/// `source n° 3 – Paie` (`source No. 3 – Payroll` in English): an activity named in the
/// portfolio.
fn activity_ref(a: &ActivityRef, lang: Lang) -> String {
    crate::words::activity_title(&a.source, a.index, &a.name, lang)
}

/// `P1 A30-1f — source n° 3 – Paie`: a client's most serious findings, one line each.
fn worst_lines(worst: &[Worst], lang: Lang) -> Vec<String> {
    worst
        .iter()
        .map(|w| {
            let who = match &w.at {
                Concerns::Shared(n) => format!(
                    "{} ({})",
                    w.source,
                    crate::counts::counted(*n, crate::counts::ACTIVITIES, lang)
                ),
                Concerns::Activity(a) => activity_ref(a, lang),
            };
            format!("{} {} — {who}", w.priority.label(), w.rule)
        })
        .collect()
}

fn client_headers(lang: Lang) -> Vec<String> {
    let mut h = vec![
        pick(["Client", "Client"], lang).to_string(),
        pick(["Activités", "Activities"], lang).to_string(),
        pick(
            [
                "Mentions de l'art. 30(1) renseignées (%)",
                "Art. 30(1) items recorded (%)",
            ],
            lang,
        )
        .to_string(),
    ];
    h.extend(Tier::ALL.iter().map(|t| t.label(lang).to_string()));
    h.push(pick(["Constats les plus graves", "Most serious findings"], lang).to_string());
    h.push(pick(["Dernière mise à jour", "Newest update"], lang).to_string());
    h
}

/// The portfolio as Markdown.
pub fn markdown(clients: &[Client], shared: &[SharedProcessor], lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {}\n",
        pick(
            ["Portefeuille de registres", "Portfolio of registers"],
            lang
        )
    );
    let h = client_headers(lang);
    let _ = writeln!(s, "| {} |", h.join(" | "));
    let _ = writeln!(s, "|{}", "---|".repeat(h.len()));
    for c in clients {
        if let Some(e) = &c.error {
            let _ = writeln!(
                s,
                "| {} | {} : {} |{}",
                one_line(&c.name),
                pick(["illisible", "unreadable"], lang),
                one_line(e),
                " |".repeat(h.len() - 2)
            );
            continue;
        }
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            one_line(&c.name),
            c.activities,
            c.completeness,
            c.per_tier[0],
            c.per_tier[1],
            c.per_tier[2],
            one_line(&worst_lines(&c.worst, lang).join(pick([" ; ", "; "], lang))),
            c.newest_update.as_deref().unwrap_or("—")
        );
    }
    let _ = writeln!(
        s,
        "\n## {}\n",
        pick(
            [
                "Sous-traitants partagés entre clients",
                "Processors shared by clients"
            ],
            lang
        )
    );
    for p in shared.iter().filter(|p| p.clients.len() > 1) {
        let _ = writeln!(
            s,
            "- **{}** — {}{} {}",
            one_line(&p.name),
            p.clients.len(),
            crate::words::colon(lang),
            p.clients
                .iter()
                .map(|(c, acts)| {
                    let acts: Vec<String> = acts.iter().map(|a| activity_ref(a, lang)).collect();
                    format!("{} ({})", one_line(c), one_line(&acts.join(", ")))
                })
                .collect::<Vec<_>>()
                .join(pick([" ; ", "; "], lang))
        );
    }
    s
}

/// Writes `portfolio.xlsx` and `portfolio.md` into `dir`.
pub fn write(dir: &Path, clients: &[Client], shared: &[SharedProcessor], lang: Lang) -> Result<()> {
    super::gaps_md::write_marked(&dir.join("portfolio.md"), &markdown(clients, shared, lang))?;
    let path = dir.join("portfolio.xlsx");
    let mut wb = new_workbook().map_err(xlsx_error(&path))?;
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let sheet = pick(["Clients", "Clients"], lang);
    let done = (|| -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
        let ws = wb.add_worksheet();
        ws.set_name(sheet)?;
        let width = |c: usize| if c == 6 { 60.0 } else { 16.0 };
        let headers = client_headers(lang);
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)?;
            ws.set_column_width(c as u16, width(c))?;
        }
        let cells: Vec<(&str, f64)> = headers
            .iter()
            .enumerate()
            .map(|(c, h)| (h.as_ref(), width(c)))
            .collect();
        super::fit_row(ws, 0, &cells)?;
        for (r, c) in clients.iter().enumerate() {
            let row = r as u32 + 1;
            ws.write_string_with_format(row, 0, &c.name, &wrap)?;
            if let Some(e) = &c.error {
                ws.write_string_with_format(row, 1, e, &wrap)?;
                continue;
            }
            ws.write_number_with_format(row, 1, c.activities as f64, &wrap)?;
            ws.write_number_with_format(row, 2, f64::from(c.completeness), &wrap)?;
            for (t, n) in c.per_tier.iter().enumerate() {
                ws.write_number_with_format(row, 3 + t as u16, *n as f64, &wrap)?;
            }
            let worst = worst_lines(&c.worst, lang).join("\n");
            ws.write_string_with_format(row, 6, &worst, &wrap)?;
            ws.write_string_with_format(row, 7, c.newest_update.as_deref().unwrap_or("—"), &wrap)?;
            super::fit_row(ws, row, &[(&c.name, width(0)), (&worst, width(6))])?;
        }
        ws.set_freeze_panes(1, 1)?;
        super::print_layout(ws, &(0..headers.len()).map(width).collect::<Vec<_>>())?;
        if !clients.is_empty() {
            let last = clients.len() as u32;
            let mut chart = Chart::new(ChartType::Bar);
            let title = pick(
                [
                    "Mentions de l'art. 30(1) renseignées, par client (%)",
                    "Art. 30(1) items recorded, per client (%)",
                ],
                lang,
            );
            chart
                .add_series()
                .set_categories((sheet, 1, 0, last, 0))
                .set_values((sheet, 1, 2, last, 2))
                .set_name(title);
            chart.title().set_name(title);
            chart.legend().set_hidden();
            chart.x_axis().set_min(0).set_max(100);
            chart.y_axis().set_reverse();
            chart.set_height((120 + 30 * clients.len()).min(1200) as u32);
            ws.insert_chart(last + 2, 0, &chart)?;
        }
        let ws = wb.add_worksheet();
        ws.set_name(pick(["Sous-traitants partagés", "Shared processors"], lang))?;
        let heads = if lang == Lang::Fr {
            ["Sous-traitant", "Nombre de clients", "Clients", "Activités"]
        } else {
            ["Processor", "Number of clients", "Clients", "Activities"]
        };
        const WIDTHS: [f64; 4] = [30.0, 12.0, 30.0, 80.0];
        for (c, h) in heads.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)?;
            ws.set_column_width(c as u16, WIDTHS[c])?;
        }
        let cells: Vec<(&str, f64)> = heads.iter().copied().zip(WIDTHS).collect();
        super::fit_row(ws, 0, &cells)?;
        for (r, p) in shared.iter().enumerate() {
            let row = r as u32 + 1;
            ws.write_string_with_format(row, 0, &p.name, &wrap)?;
            ws.write_number_with_format(row, 1, p.clients.len() as f64, &wrap)?;
            let names: Vec<&str> = p.clients.keys().map(String::as_str).collect();
            let acts: Vec<String> = p
                .clients
                .iter()
                .flat_map(|(c, a)| {
                    a.iter().map(move |x| {
                        format!("{c}{} {}", crate::words::colon(lang), activity_ref(x, lang))
                    })
                })
                .collect();
            let (names, acts) = (names.join("\n"), acts.join("\n"));
            ws.write_string_with_format(row, 2, &names, &wrap)?;
            ws.write_string_with_format(row, 3, &acts, &wrap)?;
            super::fit_row(
                ws,
                row,
                &[
                    (&p.name, WIDTHS[0]),
                    (&names, WIDTHS[2]),
                    (&acts, WIDTHS[3]),
                ],
            )?;
        }
        ws.set_freeze_panes(1, 1)?;
        super::print_layout(ws, &WIDTHS)?;
        Ok(())
    })();
    done.map_err(xlsx_error(&path))?;
    super::mark_sheet(wb.add_worksheet(), super::gaps_xlsx::GAPS_MARK)
        .map_err(xlsx_error(&path))?;
    save(wb, &path)
}
