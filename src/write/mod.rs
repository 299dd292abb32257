//! Stage 5: the outputs. Every file is written whole to a temporary file in the output
//! folder and renamed into place, so an interrupted run never leaves half a file.

pub mod details;
pub mod gaps_md;
pub mod gaps_xlsx;
pub mod json;
pub mod register_xlsx;

use crate::error::{Error, Result};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use std::io::Write;
use std::path::Path;

/// The rows under the header that one sheet holds (Excel's 1,048,576 rows, less one).
pub const EXCEL_ROWS: usize = 1_048_575;

/// The name of the `n`th sheet of a table too long for one (`Registre (2)`).
pub fn continuation(name: &str, n: usize) -> String {
    format!("{name} ({n})")
}

/// Excel refuses longer cells; longer values are cut here (and kept whole in JSON).
pub const EXCEL_CELL_MAX: usize = 32_767;

/// The hidden sheet that marks a workbook as written by ropa (and, in `register.xlsx`,
/// carries the canonical register so that it reads back without loss).
pub const DATA_SHEET: &str = "ropa";

/// Adds the hidden sheet [`DATA_SHEET`] with `mark` in its first cell.
pub fn mark_sheet<'a>(wb: &'a mut Workbook, mark: &str) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(DATA_SHEET)?;
    ws.set_hidden(true);
    ws.write_string(0, 0, mark)?;
    Ok(ws)
}

/// Writes `bytes` to `path` through a temporary file renamed into place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_through(path, bytes, |from, to| std::fs::rename(from, to))
}

/// [`write_atomic`] with the final rename given, so a test can make it fail as a
/// killed run would.
fn write_through(
    path: &Path,
    bytes: &[u8],
    rename: impl FnOnce(&Path, &Path) -> std::io::Result<()>,
) -> Result<()> {
    let err = |e: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(err)
}

/// A workbook with fixed document dates, so the same inputs give the same bytes.
pub fn new_workbook() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let date = ExcelDateTime::from_ymd(2000, 1, 1)?;
    let props = DocProperties::new()
        .set_creation_datetime(&date)
        .set_author("ropa");
    wb.set_properties(&props);
    Ok(wb)
}

/// The formats every sheet shares.
pub struct Styles {
    /// Header row: bold on grey, wrapped.
    pub header: Format,
    /// Body cells: wrapped, top-aligned.
    pub cell: Format,
}

impl Default for Styles {
    fn default() -> Self {
        Styles {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            cell: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

/// A sheet as a header and rows of text.
pub struct Table {
    /// Sheet name.
    pub name: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these headers and no rows yet.
    pub fn new(name: &str, headers: &[&str]) -> Table {
        Table {
            name: name.to_string(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// The table cut into sheets of at most `max_rows` rows under the header: `Registre`,
    /// `Registre (2)`, … — a sheet holds 1,048,575 rows, a register may hold more.
    pub fn split(self, max_rows: usize) -> Vec<Table> {
        if self.rows.len() <= max_rows {
            return vec![self];
        }
        let Table {
            name,
            headers,
            rows,
        } = self;
        rows.chunks(max_rows.max(1))
            .enumerate()
            .map(|(i, chunk)| Table {
                name: if i == 0 {
                    name.clone()
                } else {
                    continuation(&name, i + 1)
                },
                headers: headers.clone(),
                rows: chunk.to_vec(),
            })
            .collect()
    }

    /// A table of items of activities: `Source`, `N°`, `Activité`, then these headers.
    pub fn for_activities(name: &str, headers: &[&str]) -> Table {
        Table::new(name, &[&["Source", "N°", "Activité"], headers].concat())
    }
}

/// Cuts a value to Excel's cell limit, saying so at the end.
pub fn cell_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().count() <= EXCEL_CELL_MAX {
        return s.into();
    }
    let note = " […] (tronqué : texte complet dans register.json)";
    let keep = EXCEL_CELL_MAX - note.chars().count();
    let cut: String = s.chars().take(keep).collect();
    format!("{cut}{note}").into()
}

/// A readable width for a column: its longest line, between 8 and 60 characters.
fn width(header: &str, rows: &[Vec<String>], col: usize) -> f64 {
    let longest = rows
        .iter()
        .filter_map(|r| r.get(col))
        .flat_map(|c| c.lines())
        .map(|l| l.chars().count())
        .chain(header.split_whitespace().map(|w| w.chars().count() + 2))
        .max()
        .unwrap_or(8);
    (longest as f64 + 2.0).clamp(8.0, 60.0)
}

/// How many lines a cell takes in a column `width` characters wide, wrapped.
fn wrapped_lines(cell: &str, width: f64) -> usize {
    let per_line = (width - 1.0).max(4.0) as usize;
    cell.lines()
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum::<usize>()
        .max(1)
}

/// Writes a table as a sheet: frozen header, autofilter, wrapped text, column widths.
pub fn write_table<'a>(
    wb: &'a mut Workbook,
    table: &Table,
    styles: &Styles,
) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(&table.name)?;
    for (c, h) in table.headers.iter().enumerate() {
        let col = c as u16;
        ws.write_string_with_format(0, col, h, &styles.header)?;
        ws.set_column_width(col, width(h, &table.rows, c))?;
    }
    let widths: Vec<f64> = (0..table.headers.len().max(1))
        .map(|c| {
            width(
                table.headers.get(c).map_or("", String::as_str),
                &table.rows,
                c,
            )
        })
        .collect();
    // wrapped cells: set each row's height, as not every program computes it on load
    let row_lines = |cells: &[String]| {
        cells
            .iter()
            .enumerate()
            .map(|(c, cell)| wrapped_lines(cell, widths.get(c).copied().unwrap_or(60.0)))
            .max()
            .unwrap_or(1)
    };
    let header_lines = row_lines(&table.headers);
    if header_lines > 1 {
        ws.set_row_height(0, (15 * header_lines.min(4)) as f64)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let lines = row_lines(row);
        if lines > 1 {
            ws.set_row_height(r as u32 + 1, (15 * lines.min(12)) as f64)?;
        }
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string_with_format(r as u32 + 1, c as u16, cell_text(cell), &styles.cell)?;
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    // printed: landscape, header row on every page; narrow sheets one page wide
    ws.set_landscape();
    if table.headers.len() <= 12 {
        ws.set_print_fit_to_pages(1, 0);
    }
    ws.set_repeat_rows(0, 0)?;
    if !table.headers.is_empty() {
        let last_row = table.rows.len() as u32;
        ws.autofilter(0, 0, last_row.max(1), table.headers.len() as u16 - 1)?;
    }
    Ok(ws)
}

/// Saves a workbook atomically, turning the library's error into ours.
pub fn save(mut wb: Workbook, path: &Path) -> Result<()> {
    let bytes = wb.save_to_buffer().map_err(|e| Error::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    write_atomic(path, &bytes)
}

/// Turns a workbook-building error into ours.
pub fn xlsx_error(path: &Path) -> impl Fn(XlsxError) -> Error + '_ {
    move |e| Error::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_longer_than_a_sheet_continue_on_more_sheets() {
        let mut t = Table::new("Registre", &["a"]);
        t.rows = (0..7).map(|i| vec![i.to_string()]).collect();
        let parts = t.split(3);
        let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Registre", "Registre (2)", "Registre (3)"]);
        assert_eq!(parts.iter().map(|p| p.rows.len()).sum::<usize>(), 7);
        assert!(parts.iter().all(|p| p.headers == ["a"]));
    }

    #[test]
    fn long_cells_are_cut_with_a_note() {
        let long = "é".repeat(EXCEL_CELL_MAX + 10);
        let cut = cell_text(&long);
        assert_eq!(cut.chars().count(), EXCEL_CELL_MAX);
        assert!(cut.ends_with("register.json)"));
        assert_eq!(cell_text("court"), "court");
    }

    #[test]
    fn an_interrupted_write_leaves_the_previous_output_readable() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("register.xlsx");
        let mut wb = new_workbook().unwrap();
        wb.add_worksheet().write_string(0, 0, "avant").unwrap();
        save(wb, &p).unwrap();
        let before = std::fs::read(&p).unwrap();
        let killed = write_through(&p, b"half a workbook", |_, _| {
            Err(std::io::Error::other("killed before the rename"))
        });
        assert!(killed.is_err());
        assert_eq!(
            std::fs::read(&p).unwrap(),
            before,
            "the previous file is intact"
        );
        let mut back: calamine::Xlsx<_> = calamine::open_workbook(&p).unwrap();
        let sheet = calamine::Reader::worksheet_range_at(&mut back, 0)
            .unwrap()
            .unwrap();
        assert_eq!(
            sheet.get_value((0, 0)),
            Some(&calamine::Data::String("avant".into()))
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn atomic_write_replaces_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }
}
