//! Workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) through calamine: each sheet
//! becomes a grid of texts as the user sees them, with its merged regions.

use super::sniff::WorkbookKind;
use super::table::{Grid, Merged};
use super::{RawValue, Skipped};
use calamine::{Data, Dimensions, Ods, Range, Reader, SheetVisible, Xls, Xlsb, Xlsx};
use ropa_model::Said;
use ropa_model::error::{Error, Result};
use std::io::Cursor;
use std::path::Path;

/// One sheet of a workbook.
#[derive(Clone, Debug)]
pub struct Sheet {
    /// Its cells.
    pub grid: Grid,
    /// Whether the user sees it (hidden sheets hold lookups and ropa's own data).
    pub visible: bool,
    /// Cells that hold no value to read (a formula error), each with what to do.
    pub unreadable: Vec<Skipped>,
}

impl Sheet {
    /// The sheet's name.
    pub fn name(&self) -> &str {
        self.grid.sheet.as_deref().unwrap_or_default()
    }

    /// Every non-empty cell as an unlabelled value, in reading order.
    pub fn values(&self) -> Vec<RawValue> {
        let mut out = Vec::new();
        for (r, row) in self.grid.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if ropa_model::text::has_content(cell) {
                    out.push(RawValue::new("", cell.trim(), self.grid.place(r, c)));
                }
            }
        }
        out
    }
}

fn damaged(path: &Path, kind: WorkbookKind, e: impl std::fmt::Display) -> Error {
    Error::Unsupported {
        path: path.to_path_buf(),
        message: format!(
            "this {} workbook cannot be opened ({e}). The file may be truncated or damaged: download it again, or open it in Excel or LibreOffice and save it again.",
            kind.name()
        ),
    }
}

/// The most a zipped workbook may expand to (1 GiB): past it, the file is refused rather
/// than read, as a zip bomb would exhaust the memory.
pub const MAX_EXPANDED: u64 = 1 << 30;

/// The size a zip's parts declare once expanded.
fn expanded_size(bytes: &[u8]) -> Option<u64> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        total = total.saturating_add(zip.by_index_raw(i).ok()?.size());
    }
    Some(total)
}

/// Refuses a zip whose parts would expand past `limit` bytes.
fn refuse_bombs(path: &Path, bytes: &[u8], limit: u64) -> Result<()> {
    match expanded_size(bytes) {
        Some(size) if size > limit => Err(Error::Unsupported {
            path: path.to_path_buf(),
            message: format!(
                "this workbook would expand to {} MiB, more than the {} MiB ropa reads (a damaged file or a zip bomb). Open it in Excel or LibreOffice, check its content, and save a copy with only the register.",
                size >> 20,
                limit >> 20
            ),
        }),
        _ => Ok(()),
    }
}

/// The most text a workbook's cells may hold together (256 MiB; a register of 100,000
/// rows holds about 60): past it the file is refused by name, before its copies exhaust
/// the memory.
pub const MAX_TEXT: usize = 256 << 20;

/// The error of a workbook whose cells hold more than [`MAX_TEXT`].
fn too_much_text(path: &Path, sheet: &str, row: usize, col: usize) -> Error {
    Error::Unsupported {
        path: path.to_path_buf(),
        message: format!(
            "its cells hold more than {} MiB of text by sheet « {sheet} », cell {} (a text repeated in many cells, or a damaged file). Open it in Excel or LibreOffice, save the register alone in a new file, and ingest that.",
            MAX_TEXT >> 20,
            super::Place::cell(row + 1, col + 1)
        ),
    }
}

/// The most sheets a workbook may have (a register of one sheet per activity has a few
/// hundred): an `.xlsx` of 200,000 empty sheets took 136 s and 2.2 GB.
const MAX_SHEETS: usize = 5_000;

/// Refuses a workbook of more than [`MAX_SHEETS`] sheets, before any is read.
fn check_sheet_count(path: &Path, sheets: usize) -> Result<()> {
    if sheets > MAX_SHEETS {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            message: format!(
                "this workbook has {sheets} sheets, more than the {MAX_SHEETS} ropa reads (the file may be damaged or made to exhaust memory). Open it in Excel or LibreOffice, save the register's sheets alone in a new file, and ingest that."
            ),
        });
    }
    Ok(())
}

/// The most shared strings an `.xlsx` may declare (10 million; a register holds a few
/// thousand): calamine reserves room for the count the file declares before it reads
/// one, and a 2 KB file declaring 10¹⁴ aborts the process.
const MAX_SHARED_STRINGS: u64 = 10_000_000;

/// Refuses an `.xlsx` whose shared-string table declares more strings than its part
/// could hold (each takes 5 bytes at least, `<si/>`) or than [`MAX_SHARED_STRINGS`],
/// before calamine takes the count at its word.
fn check_xlsx_counts(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let names: Vec<String> = zip
        .file_names()
        .flatten()
        .filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        .map(|n| n.to_string())
        .collect();
    for name in names {
        let Ok(part) = zip.by_name(&name) else {
            continue;
        };
        let size = part.size();
        // the count is an attribute of the first tag: the part's head holds it
        let mut head = Vec::new();
        if part.take(4096).read_to_end(&mut head).is_err() {
            continue;
        }
        let head = String::from_utf8_lossy(&head);
        let Some(sst) = head.find("<sst").map(|at| &head[at..]) else {
            continue;
        };
        let tag = sst.split('>').next().unwrap_or_default();
        for attr in ["uniqueCount", "count"] {
            let declared = tag
                .split(&format!(" {attr}=\""))
                .nth(1)
                .and_then(|v| v.split('"').next())
                .and_then(|v| v.trim().parse::<u64>().ok());
            if let Some(n) = declared
                && (n > size / 5 + 1 || n > MAX_SHARED_STRINGS)
            {
                return Err(Error::Unsupported {
                    path: path.to_path_buf(),
                    message: format!(
                        "this workbook declares {n} shared texts ({attr}) in a part of {size} bytes that can hold {} at most (the file is damaged or was made to exhaust memory). Open it in Excel or LibreOffice, save it again as .xlsx, and ingest that.",
                        (size / 5 + 1).min(MAX_SHARED_STRINGS)
                    ),
                });
            }
        }
    }
    Ok(())
}

/// The most cells an `.xls` or `.ods` sheet may span: calamine makes each sheet one
/// dense range (and a second for formulas), so an address far away would ask for
/// gigabytes.
const MAX_XLS_CELLS: u64 = 10_000_000;

/// Refuses an `.xls` whose sheet spans, or declares, more than [`MAX_XLS_CELLS`] cells,
/// or whose container is damaged, before calamine reads it: the BIFF records of its
/// cells are scanned for their rows and columns, and the error names the far cell.
fn check_xls_extent(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Read;
    // a file whose container is damaged is refused: calamine's reader is lenient with it,
    // and a damaged one has asked it for 24 GB
    let mut comp = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| Error::Unsupported {
        path: path.to_path_buf(),
        message: format!(
            "this .xls file is damaged ({e}). Open it in Excel or LibreOffice, save it again as .xlsx, and ingest that."
        ),
    })?;
    let Some(name) = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| comp.is_stream(n))
    else {
        return Ok(());
    };
    let mut data = Vec::new();
    let Ok(mut stream) = comp.open_stream(name) else {
        return Ok(());
    };
    if stream
        .by_ref()
        .take(bytes.len() as u64)
        .read_to_end(&mut data)
        .is_err()
    {
        return Ok(());
    }
    let u16_at = |d: &[u8], i: usize| d.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let (mut sheet, mut pos) = (0usize, 0usize);
    let mut extent: Option<(u16, u16, u16, u16)> = None;
    while let (Some(kind), Some(len)) = (u16_at(&data, pos), u16_at(&data, pos + 2)) {
        let body = data
            .get(pos + 4..pos + 4 + len as usize)
            .unwrap_or_default();
        pos += 4 + len as usize;
        // BOF starts a sheet (or the workbook globals)
        if kind == 0x0809 {
            sheet += 1;
            extent = None;
            continue;
        }
        // DIMENSIONS: calamine reserves room for the extent a sheet declares
        if kind == 0x0200 {
            let u32_at = |i: usize| {
                body.get(i..i + 4)
                    .map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
            };
            let (rows, cols) = match body.len() {
                10 => (
                    u16_at(body, 2)
                        .map(u64::from)
                        .unwrap_or(0)
                        .saturating_sub(u16_at(body, 0).map(u64::from).unwrap_or(0)),
                    u16_at(body, 6)
                        .map(u64::from)
                        .unwrap_or(0)
                        .saturating_sub(u16_at(body, 4).map(u64::from).unwrap_or(0)),
                ),
                14 | 16 => (
                    u32_at(4)
                        .unwrap_or(0)
                        .saturating_sub(u32_at(0).unwrap_or(0)),
                    u16_at(body, 10)
                        .map(u64::from)
                        .unwrap_or(0)
                        .saturating_sub(u16_at(body, 8).map(u64::from).unwrap_or(0)),
                ),
                _ => (0, 0),
            };
            if (rows + 1).saturating_mul(cols + 1) > MAX_XLS_CELLS {
                return Err(Error::Unsupported {
                    path: path.to_path_buf(),
                    message: format!(
                        "sheet {} declares {rows} rows by {cols} columns, far more than it can hold (the file is damaged). Open it in Excel or LibreOffice, save it again as .xlsx, and ingest that.",
                        sheet.saturating_sub(1)
                    ),
                });
            }
            continue;
        }
        let cell = matches!(
            kind,
            0x00FD | 0x0203 | 0x027E | 0x00BD | 0x0201 | 0x00BE | 0x0006 | 0x0204 | 0x0205
        );
        let (Some(row), Some(col)) = (u16_at(body, 0), u16_at(body, 2)) else {
            continue;
        };
        if !cell {
            continue;
        }
        // MULRK and MULBLANK end with the last column they cover
        let last = match kind {
            0x00BD | 0x00BE => u16_at(body, body.len().saturating_sub(2)).unwrap_or(col),
            _ => col,
        };
        let (r0, c0, r1, c1) = extent.unwrap_or((row, col, row, last));
        let e = (r0.min(row), c0.min(col), r1.max(row), c1.max(last));
        extent = Some(e);
        let span = (u64::from(e.2 - e.0) + 1) * (u64::from(e.3 - e.1) + 1);
        if span > MAX_XLS_CELLS {
            let place = super::Place::cell(usize::from(row) + 1, usize::from(last) + 1);
            return Err(Error::Unsupported {
                path: path.to_path_buf(),
                message: format!(
                    "sheet {} has a cell at {place}, so far from the others that reading the sheet would take gigabytes (the file may be damaged). Open it in Excel or LibreOffice, delete that cell or save the register alone as .xlsx, and ingest that.",
                    sheet.saturating_sub(1)
                ),
            });
        }
    }
    Ok(())
}

/// Refuses an `.ods` whose sheet calamine would make into more than [`MAX_XLS_CELLS`]
/// cells, before it reads it: calamine keeps every row up to its last value and then one
/// dense range of the sheet, so a value far to the right on many rows, or far below the
/// others, asks for gigabytes from a file of a few kilobytes. `content.xml` is scanned
/// for the rows and columns of its values (repeats counted), and the error names the
/// far cell.
fn check_ods_extent(path: &Path, bytes: &[u8]) -> Result<()> {
    use super::document::xml::{xml_attr, xml_local};
    use quick_xml::events::Event;
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    // streamed: calamine reads the part again, so it is never held twice
    let Ok(part) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut reader =
        quick_xml::Reader::from_reader(std::io::BufReader::new(part.take(MAX_EXPANDED)));
    let mut buf = Vec::new();
    let repeat = |e: &quick_xml::events::BytesStart, key: &str| -> u64 {
        xml_attr(e, key)
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(1)
            .max(1)
    };
    let refuse = |sheet: &str, row: u64, col: u64| Error::Unsupported {
        path: path.to_path_buf(),
        message: format!(
            "sheet {sheet} has a value at {}, so far from the others that reading the sheet would take gigabytes (the file may be damaged). Open it in LibreOffice, delete that cell or save the register alone as a new file, and ingest that.",
            super::Place::cell(
                usize::try_from(row + 1).unwrap_or(usize::MAX),
                usize::try_from(col + 1).unwrap_or(usize::MAX)
            )
        ),
    };
    let mut sheet = String::new();
    // per sheet: the cells calamine keeps row by row, and the extent of the values
    let (mut kept, mut extent): (u64, Option<(u64, u64, u64, u64)>) = (0, None);
    let (mut row, mut row_repeats, mut col, mut row_end) = (0u64, 1u64, 0u64, 0u64);
    loop {
        buf.clear();
        let (ev, empty) = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                if xml_local(e.name().as_ref()) == "table-row" {
                    kept = kept.saturating_add(row_end);
                    row = row.saturating_add(row_repeats);
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => continue,
        };
        let name = ev.name().as_ref().to_string();
        match xml_local(&name) {
            "table" => {
                sheet = xml_attr(&ev, "name").unwrap_or_default();
                (kept, extent, row) = (0, None, 0);
            }
            "table-row" => {
                row_repeats = repeat(&ev, "number-rows-repeated");
                (col, row_end) = (0, 0);
                if empty {
                    row = row.saturating_add(row_repeats);
                }
            }
            "table-cell" | "covered-table-cell" => {
                let n = repeat(&ev, "number-columns-repeated");
                let valued =
                    xml_attr(&ev, "value-type").is_some() || xml_attr(&ev, "formula").is_some();
                if valued {
                    row_end = col.saturating_add(n);
                    let last_row = row.saturating_add(row_repeats - 1);
                    let (r0, c0, r1, c1) = extent.unwrap_or((row, col, last_row, row_end - 1));
                    let e = (
                        r0.min(row),
                        c0.min(col),
                        r1.max(last_row),
                        c1.max(row_end - 1),
                    );
                    extent = Some(e);
                    let span = (e.2 - e.0 + 1).saturating_mul(e.3 - e.1 + 1);
                    if span > MAX_XLS_CELLS || kept.saturating_add(row_end) > MAX_XLS_CELLS {
                        return Err(refuse(&sheet, row, row_end - 1));
                    }
                }
                col = col.saturating_add(n);
            }
            _ => {}
        }
    }
    Ok(())
}

/// Opens a workbook's bytes and returns its sheets in workbook order.
pub fn sheets(path: &Path, bytes: &[u8], kind: WorkbookKind) -> Result<Vec<Sheet>> {
    if matches!(
        kind,
        WorkbookKind::Xlsx | WorkbookKind::Xlsb | WorkbookKind::Ods
    ) {
        refuse_bombs(path, bytes, MAX_EXPANDED)?;
    }
    let cursor = Cursor::new(bytes);
    let fail = |e: &dyn std::fmt::Display| damaged(path, kind, e);
    match kind {
        WorkbookKind::Xlsx => {
            check_xlsx_counts(path, bytes)?;
            let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(cursor).map_err(|e| fail(&e))?;
            check_sheet_count(path, wb.sheet_names().len())?;
            xlsx_sheets(path, &mut wb, MAX_TEXT)
        }
        WorkbookKind::Xls => {
            check_xls_extent(path, bytes)?;
            let mut wb: Xls<_> = calamine::open_workbook_from_rs(cursor).map_err(|e| fail(&e))?;
            collect(path, &mut wb, |wb, name| {
                wb.merge_cells_by_sheet_name(name).unwrap_or_default()
            })
        }
        WorkbookKind::Xlsb => {
            let mut wb: Xlsb<_> = calamine::open_workbook_from_rs(cursor).map_err(|e| fail(&e))?;
            collect(path, &mut wb, |_, _| Vec::new())
        }
        WorkbookKind::Ods => {
            check_ods_extent(path, bytes)?;
            let mut wb: Ods<_> = calamine::open_workbook_from_rs(cursor).map_err(|e| fail(&e))?;
            collect(path, &mut wb, |_, _| Vec::new())
        }
    }
}

fn collect<R, W>(
    path: &Path,
    wb: &mut W,
    merges: impl Fn(&mut W, &str) -> Vec<Dimensions>,
) -> Result<Vec<Sheet>>
where
    W: Reader<R>,
    W::Error: std::fmt::Display,
    R: std::io::Read + std::io::Seek,
{
    check_sheet_count(path, wb.sheet_names().len())?;
    let mut out = Vec::new();
    for (name, visible) in sheet_list(wb) {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| sheet_error(path, &name, &e))?;
        let merged = merged_regions(merges(wb, &name));
        out.push(sheet(name, visible, &range, merged));
    }
    Ok(out)
}

/// The sheets of a workbook in order, each with whether the user sees it.
fn sheet_list<R, W: Reader<R>>(wb: &W) -> Vec<(String, bool)>
where
    R: std::io::Read + std::io::Seek,
{
    wb.sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect()
}

/// The error of a sheet its reader could not read.
fn sheet_error(path: &Path, name: &str, e: &dyn std::fmt::Display) -> Error {
    Error::Parse {
        path: path.to_path_buf(),
        place: format!("feuille {name}"),
        message: format!(
            "cannot read this sheet ({e}). Open the workbook in Excel or LibreOffice, save it again, and ingest it again."
        ),
    }
}

/// Merged regions as the table reader uses them.
fn merged_regions(dims: Vec<Dimensions>) -> Vec<Merged> {
    dims.into_iter()
        .map(|d| Merged {
            first_row: d.start.0 as usize,
            last_row: d.end.0 as usize,
            first_col: d.start.1 as usize,
        })
        .collect()
}

fn sheet(name: String, visible: bool, range: &Range<Data>, merged: Vec<Merged>) -> Sheet {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut b = SheetBuilder::new(name, visible, merged);
    for (r, c, data) in range.used_cells() {
        b.cell(r0 as usize + r, c0 as usize + c, data);
    }
    b.finish()
}

/// Columns past this one hold no register (Excel allows 16,384): a cell there is a stray.
const MAX_COLS: usize = 1_024;
/// A cell more rows than this below the last one read is a stray, not a row of the table.
const MAX_ROW_GAP: usize = 10_000;

/// Builds a sheet's grid from its cells in reading order, bounded: a stray cell far from
/// the others (`XFD1048576`, a damaged address) is not given a dense grid of the whole
/// sheet but kept apart, in sheet Ignoré with its address and text.
struct SheetBuilder {
    grid: Grid,
    visible: bool,
    unreadable: Vec<Skipped>,
}

impl SheetBuilder {
    fn new(name: String, visible: bool, merged: Vec<Merged>) -> SheetBuilder {
        SheetBuilder {
            grid: Grid {
                sheet: Some(name),
                merged,
                ..Default::default()
            },
            visible,
            unreadable: Vec::new(),
        }
    }

    fn cell(&mut self, row: usize, col: usize, data: &Data) {
        let place = self.grid.place(row, col);
        let text = match data {
            Data::Error(e) => {
                self.unreadable.push(Skipped {
                    value: RawValue::new("", format!("{e}"), place),
                    reason: Said::FormulaError(format!("{e}")),
                });
                return;
            }
            other => cell_text(other),
        };
        if text.is_empty() {
            return;
        }
        let rows = &mut self.grid.rows;
        if col >= MAX_COLS || row > rows.len() + MAX_ROW_GAP {
            self.unreadable.push(Skipped {
                value: RawValue::new("", text, place),
                reason: Said::IsolatedCell,
            });
            return;
        }
        if rows.len() <= row {
            rows.resize_with(row + 1, Vec::new);
        }
        if rows[row].len() <= col {
            rows[row].resize(col + 1, String::new());
        }
        rows[row][col] = text;
    }

    fn finish(self) -> Sheet {
        Sheet {
            grid: self.grid,
            visible: self.visible,
            unreadable: self.unreadable,
        }
    }
}

/// The sheets of an xlsx, read cell by cell (never as calamine's dense range, which a
/// single far cell makes as large as the whole sheet).
fn xlsx_sheets<R: std::io::Read + std::io::Seek>(
    path: &Path,
    wb: &mut Xlsx<R>,
    max_text: usize,
) -> Result<Vec<Sheet>> {
    let mut out = Vec::new();
    // the text the cells hold, counted as read: a shared string is stored once in the
    // file but copied into every cell that points at it
    let mut text = 0usize;
    for (name, visible) in sheet_list(wb) {
        let bad = |e: &dyn std::fmt::Display| sheet_error(path, &name, e);
        let merged = merged_regions(wb.merge_cells_by_sheet_name(&name).unwrap_or_default());
        let mut b = SheetBuilder::new(name.clone(), visible, merged);
        let mut cells = wb.worksheet_cells_reader(&name).map_err(|e| bad(&e))?;
        while let Some(cell) = cells.next_cell().map_err(|e| bad(&e))? {
            let (row, col) = cell.get_position();
            text = text.saturating_add(match cell.get_value() {
                calamine::DataRef::SharedString(s) => s.len(),
                calamine::DataRef::String(s) => s.len(),
                _ => 16,
            });
            if text > max_text {
                return Err(too_much_text(path, &name, row as usize, col as usize));
            }
            let data = Data::from(cell.get_value().clone());
            b.cell(row as usize, col as usize, &data);
        }
        out.push(b.finish());
    }
    Ok(out)
}

/// A cell's value as the text a user reads in it: whole numbers without `.0`, dates in
/// ISO form, line breaks as `\n`.
pub fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.replace("\r\n", "\n").replace('\r', "\n"),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(true) => "VRAI".into(),
        Data::Bool(false) => "FAUX".into(),
        // a number in a date-formatted cell that is no date Excel shows (`20221121`
        // typed into a date column, a negative number): the number as typed, not a date
        // calamine clamps to 9999-12-31 or a time of 00:00
        Data::DateTime(d) if !d.is_duration() && !(0.0..MAX_SERIAL).contains(&d.as_f64()) => {
            number(d.as_f64())
        }
        Data::DateTime(d) => {
            let (y, mo, da, h, mi, s, _) = d.to_ymd_hms_milli();
            if d.is_duration() {
                let hours = (d.as_f64() * 24.0).floor();
                format!("{hours}:{mi:02}:{s:02}")
            } else if d.as_f64() < 1.0 {
                format!("{h:02}:{mi:02}")
            } else if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{da:02}")
            } else {
                format!("{y:04}-{mo:02}-{da:02} {h:02}:{mi:02}")
            }
        }
        Data::DateTimeIso(s) => s.strip_suffix("T00:00:00").unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
    }
}

/// The serial number after 9999-12-31, the last day a spreadsheet shows as a date.
const MAX_SERIAL: f64 = 2_958_466.0;

/// A number as a spreadsheet shows it in general format: `12`, not `12.0`.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    /// A workbook of one sheet whose cells point at shared strings, the `<sst>` tag
    /// written with `sst_attrs`.
    fn shared_strings_xlsx(sst_attrs: &str, strings: &[&str], rows: &[Vec<usize>]) -> Vec<u8> {
        sheets_xlsx(1, sst_attrs, strings, rows)
    }

    /// [`shared_strings_xlsx`] listing its one sheet's part `sheets` times.
    fn sheets_xlsx(
        sheets: usize,
        sst_attrs: &str,
        strings: &[&str],
        rows: &[Vec<usize>],
    ) -> Vec<u8> {
        use std::io::Write;
        let ns = "http://schemas.openxmlformats.org";
        let parts = [
            (
                "[Content_Types].xml",
                format!(
                    r#"<?xml version="1.0"?><Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#
                ),
            ),
            (
                "_rels/.rels",
                format!(
                    r#"<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
                ),
            ),
            ("xl/workbook.xml", {
                let mut x = format!(
                    r#"<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets>"#
                );
                for i in 1..=sheets {
                    let name = if i == 1 {
                        "Registre".to_string()
                    } else {
                        format!("S{i}")
                    };
                    x.push_str(&format!(
                        r#"<sheet name="{name}" sheetId="{i}" r:id="rId1"/>"#
                    ));
                }
                x + "</sheets></workbook>"
            }),
            (
                "xl/_rels/workbook.xml.rels",
                format!(
                    r#"<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{ns}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
                ),
            ),
            ("xl/worksheets/sheet1.xml", {
                let mut x = format!(
                    r#"<?xml version="1.0"?><worksheet xmlns="{ns}/spreadsheetml/2006/main"><sheetData>"#
                );
                for (r, row) in rows.iter().enumerate() {
                    x.push_str(&format!(r#"<row r="{}">"#, r + 1));
                    for (c, v) in row.iter().enumerate() {
                        let col = (b'A' + c as u8) as char;
                        x.push_str(&format!(r#"<c r="{col}{}" t="s"><v>{v}</v></c>"#, r + 1));
                    }
                    x.push_str("</row>");
                }
                x + "</sheetData></worksheet>"
            }),
            ("xl/sharedStrings.xml", {
                let mut x = format!(
                    r#"<?xml version="1.0"?><sst xmlns="{ns}/spreadsheetml/2006/main" {sst_attrs}>"#
                );
                for t in strings {
                    x.push_str(&format!("<si><t>{t}</t></si>"));
                }
                x + "</sst>"
            }),
        ];
        let mut buf = Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, text) in parts {
                zip.start_file(name, opts).unwrap();
                zip.write_all(text.as_bytes()).unwrap();
            }
            zip.finish().unwrap();
        }
        buf.into_inner()
    }

    const LABELS: [&str; 6] = [
        "Nom du traitement",
        "Finalité",
        "Base légale",
        "Paie",
        "Payer",
        "Obligation",
    ];

    #[test]
    fn a_shared_string_count_the_part_cannot_hold_is_refused_before_calamine_reserves_it() {
        let rows = [vec![0, 1, 2], vec![3, 4, 5]];
        let lying =
            shared_strings_xlsx(r#"count="6" uniqueCount="100000000000000""#, &LABELS, &rows);
        let e = sheets(Path::new("t.xlsx"), &lying, WorkbookKind::Xlsx).unwrap_err();
        assert!(
            e.to_string().contains("100000000000000 shared texts"),
            "{e}"
        );
        // a true count, or none, reads
        for attrs in [r#"count="6" uniqueCount="6""#, ""] {
            let ok = shared_strings_xlsx(attrs, &LABELS, &rows);
            let read = sheets(Path::new("t.xlsx"), &ok, WorkbookKind::Xlsx).unwrap();
            assert_eq!(read[0].grid.rows[1][1], "Payer");
        }
    }

    #[test]
    fn a_workbook_of_more_sheets_than_a_register_is_refused_before_they_are_read() {
        let rows = [vec![0, 1, 2]];
        let many = sheets_xlsx(MAX_SHEETS + 1, "", &LABELS, &rows);
        let e = sheets(Path::new("t.xlsx"), &many, WorkbookKind::Xlsx).unwrap_err();
        assert!(e.to_string().contains("5001 sheets"), "{e}");
        let few = sheets_xlsx(3, "", &LABELS, &rows);
        assert_eq!(
            sheets(Path::new("t.xlsx"), &few, WorkbookKind::Xlsx)
                .unwrap()
                .len(),
            3
        );
    }

    #[test]
    fn cells_that_copy_one_long_shared_string_past_the_budget_are_refused_by_place() {
        let long = "A".repeat(64 << 10);
        let mut strings = LABELS.to_vec();
        strings.push(&long);
        let mut rows = vec![vec![0, 1, 2], vec![3, 4, 5]];
        rows.extend((0..10).map(|_| vec![6; 10]));
        let bytes = shared_strings_xlsx(r#"count="106" uniqueCount="7""#, &strings, &rows);
        assert!(bytes.len() < 8 << 10, "a small file: {}", bytes.len());
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(&bytes[..])).unwrap();
        // 100 copies of 64 KiB is 6.4 MiB: over a budget of 1 MiB, refused at its cell
        let e = xlsx_sheets(Path::new("t.xlsx"), &mut wb, 1 << 20).unwrap_err();
        assert!(e.to_string().contains("« Registre », cell"), "{e}");
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(&bytes[..])).unwrap();
        assert!(xlsx_sheets(Path::new("t.xlsx"), &mut wb, 8 << 20).is_ok());
    }

    #[test]
    fn a_zip_that_expands_past_the_limit_is_refused() {
        use std::io::Write;
        let mut buf = Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            zip.start_file("xl/workbook.xml", opts).unwrap();
            zip.start_file("xl/sharedStrings.xml", opts).unwrap();
            zip.write_all(&vec![b'a'; 3 << 20]).unwrap();
            zip.finish().unwrap();
        }
        let bytes = buf.into_inner();
        assert!(bytes.len() < 64 << 10, "the bomb is small on disk");
        // the same check as MAX_EXPANDED, at a limit a test can reach quickly
        let e = refuse_bombs(Path::new("bomb.xlsx"), &bytes, 2 << 20).unwrap_err();
        assert!(e.to_string().contains("zip bomb"), "{e}");
        assert!(refuse_bombs(Path::new("ok.xlsx"), &bytes, 4 << 20).is_ok());
    }

    #[test]
    fn cells_read_as_shown() {
        assert_eq!(cell_text(&Data::Float(12.0)), "12");
        assert_eq!(cell_text(&Data::Float(0.5)), "0.5");
        assert_eq!(cell_text(&Data::String("a\r\nb".into())), "a\nb");
        // a number no date can be is kept as the number typed, not made a date
        for (serial, shown) in [
            (20_221_121.0, "20221121"),
            (99_999_999.0, "99999999"),
            (-3.0, "-3"),
        ] {
            let d = ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false);
            assert_eq!(cell_text(&Data::DateTime(d)), shown);
        }
        let date = ExcelDateTime::new(45_292.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(date)), "2024-01-01");
        let at = ExcelDateTime::new(45_292.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(at)), "2024-01-01 12:00");
        assert_eq!(
            cell_text(&Data::DateTimeIso("2024-01-01T00:00:00".into())),
            "2024-01-01"
        );
    }
}
