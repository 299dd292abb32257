//! Stage 5: the outputs. Every file is written whole to a temporary file in the output
//! folder and renamed into place, so an interrupted run never leaves half a file.

pub mod counts;
pub mod details;
pub mod diff;
pub mod export;
pub mod gaps_html;
pub mod gaps_md;
pub mod gaps_xlsx;
pub mod i18n;
pub mod json;
pub mod portfolio;
pub mod register_xlsx;
pub mod reimport;
pub mod run;
pub mod worded;
pub mod words;

use ropa_model::Lang;
use ropa_model::error::{Error, Result};
use ropa_model::{Activity, Register};
use ropa_rules::Finding;
use ropa_rules::config::Change;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// The rows under the header that one sheet holds (Excel's 1,048,576 rows, less one).
pub const EXCEL_ROWS: usize = 1_048_575;

/// The name of the `n`th sheet of a table too long for one (`Registre (2)`).
pub fn continuation(name: &str, n: usize) -> String {
    format!("{name} ({n})")
}

/// Excel opens at most this many hyperlinks in a worksheet; ropa also puts no more notes
/// than this in one (each costs memory in Excel and in the writer alike).
pub const MAX_LINKS_PER_SHEET: u32 = 65_530;

pub use ropa_model::limits::{EXCEL_CELL_MAX, utf16_len, utf16_prefix};

/// The hidden sheet that marks a workbook as written by ropa (and, in `register.xlsx`,
/// carries the canonical register so that it reads back without loss).
pub const DATA_SHEET: &str = "ropa";

/// Makes `ws` the hidden sheet [`DATA_SHEET`] with `mark` in its first cell.
pub fn mark_sheet<'a>(ws: &'a mut Worksheet, mark: &str) -> Result<&'a mut Worksheet, XlsxError> {
    ws.set_name(DATA_SHEET)?;
    ws.set_hidden(true);
    ws.write_string(0, 0, mark)?;
    Ok(ws)
}

/// Writes `bytes` to `path` through a temporary file renamed into place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Writes what `fill` writes to `path` through a temporary file renamed into place, so
/// a large output is written as it is made.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<()> {
    write_through(path, fill, |from, to| std::fs::rename(from, to))
}

/// [`write_atomic_with`] with the final rename given, so a test can make it fail as a
/// killed run would.
fn write_through(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
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
    // created exclusively (O_EXCL, a random name): a symlink planted at a temporary
    // name cannot make ropa write through it; removed when dropped on an error
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMPORARY_SUFFIX);
    // an output is a file like any other (0666 less the umask), not a private temporary
    // file (0600): a client's folder shared with a colleague must stay readable
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir).map_err(err)?;
    let result = (|| {
        let (file, tmp_path) = tmp.into_parts();
        let mut f = BufWriter::with_capacity(1 << 20, file);
        fill(&mut f)?;
        let f = f.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        rename(&tmp_path, path)?;
        // renamed: nothing left to remove
        let _ = tmp_path.keep();
        Ok(())
    })();
    result.map_err(err)
}

/// Whether a file name is one of ropa's temporary files: `.` + the name of an output it
/// writes + `.` + six random characters + `.ropa-tmp`.
fn is_own_temporary(name: &str) -> bool {
    const OUTPUTS: &[&str] = &[
        "register.xlsx",
        "register.json",
        "gaps.xlsx",
        "gaps.json",
        "gaps.md",
        "gaps.html",
        "portfolio.xlsx",
        "portfolio.md",
    ];
    let Some(inner) = name
        .strip_prefix('.')
        .and_then(|n| n.strip_suffix(TEMPORARY_SUFFIX))
    else {
        return false;
    };
    OUTPUTS.iter().any(|o| {
        inner
            .strip_prefix(o)
            .and_then(|r| r.strip_prefix('.'))
            .is_some_and(|r| r.len() == 6 && r.chars().all(|c| c.is_ascii_alphanumeric()))
    })
}

/// The outputs of one run, written into a staging folder (created exclusively next to
/// them) and renamed into place together once all are written: a failed or killed run
/// leaves the previous set whole, never a register.json of one run beside the
/// register.xlsx of another. A lock keeps two runs into one folder from interleaving.
pub struct OutputSet {
    dir: std::path::PathBuf,
    staging: tempfile::TempDir,
    _lock: File,
}

/// The name of the lock file of an output folder.
pub const LOCK_FILE: &str = ".ropa.lock";
/// The end of a temporary file's name: ropa's own, so that a user's `.notes.tmp` (or
/// `.register.json.backup.tmp`) is never taken for a killed run's leftover.
const TEMPORARY_SUFFIX: &str = ".ropa-tmp";

/// The prefix of staging folders; only one holding [`STAGING_MARK`] is ropa's, and one
/// left by a killed run is finished or undone by the next run, then removed.
pub const STAGING_PREFIX: &str = ".ropa-staging-";

/// The file that marks a staging folder as ropa's: a user's `.ropa-staging-mine/` is
/// theirs, never recovered nor removed.
const STAGING_MARK: &str = ".ropa-staging";

/// Whether a staging folder is ropa's: it holds the mark, and it is a real folder.
fn is_own_staging(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
        && std::fs::symlink_metadata(path.join(STAGING_MARK)).is_ok_and(|m| m.is_file())
}

/// Finishes or undoes what a killed run left in an output folder, under the folder's
/// lock: every run that names the folder calls it first, so a folder is whole again
/// even when the next run reads nothing. Nothing happens when the folder does not exist.
pub fn tidy(dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    claim(dir).map(drop)
}

/// Takes the folder's lock (waiting for another run into it to finish) and removes what
/// a killed run left; the lock is held as long as the file returned is.
fn claim(dir: &Path) -> Result<File> {
    let err = |e: std::io::Error| Error::Write {
        path: dir.to_path_buf(),
        message: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(err)?;
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK_FILE))
        .map_err(err)?;
    <File as fs4::FileExt>::lock(&lock).map_err(err)?;
    // the lock is ours: a staging folder of ropa's here is a killed run's, whose commit is
    // finished or undone first; a temporary file is a killed run's when it is named as
    // ropa names them (`.register.json.AbC123.ropa-tmp`), not any `.*.tmp` of the user
    for entry in std::fs::read_dir(dir).map_err(err)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(STAGING_PREFIX) {
            if is_own_staging(&entry.path()) && recover(dir, &entry.path()) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        } else if is_own_temporary(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(lock)
}

impl OutputSet {
    /// Takes the folder's lock (waiting for another run into it to finish), removes what
    /// a killed run left, and makes a staging folder.
    pub fn begin(dir: &Path) -> Result<OutputSet> {
        let err = |e: std::io::Error| Error::Write {
            path: dir.to_path_buf(),
            message: e.to_string(),
        };
        let lock = claim(dir)?;
        let staging = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .tempdir_in(dir)
            .map_err(err)?;
        std::fs::write(staging.path().join(STAGING_MARK), "ropa\n").map_err(err)?;
        Ok(OutputSet {
            dir: dir.to_path_buf(),
            staging,
            _lock: lock,
        })
    }

    /// Where an output is written before the set is committed.
    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.staging.path().join(name)
    }

    /// Replaces the folder's outputs by the staged set, as one: the previous outputs the
    /// set replaces are first moved aside into the staging folder, then the new ones are
    /// moved in, the register's files last. A file that cannot be moved (held open by
    /// Excel on Windows, read-only) stops the commit and every file moved so far goes
    /// back: the folder holds the previous set whole. A phase file in the staging folder
    /// says how far a killed run got, and the next run finishes or undoes it
    /// ([`recover`]).
    pub fn commit(self) -> Result<()> {
        let staging = self.staging.path().to_path_buf();
        let err = |path: &Path, e: std::io::Error| Error::Write {
            path: path.to_path_buf(),
            message: e.to_string(),
        };
        let mut names: Vec<String> = std::fs::read_dir(&staging)
            .map_err(|e| err(&staging, e))?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort_by_key(|n| (n.starts_with("register"), n.clone()));
        let aside = staging.join(ASIDE);
        std::fs::create_dir(&aside).map_err(|e| err(&aside, e))?;
        // 1. the previous outputs moved aside
        mark(&staging, Phase::Aside).map_err(|e| err(&staging, e))?;
        let mut moved: Vec<&str> = Vec::new();
        for n in &names {
            let current = self.dir.join(n);
            let Ok(meta) = std::fs::symlink_metadata(&current) else {
                continue;
            };
            // a folder where an output file goes is the user's, never moved or removed
            // (the `mappings` folder is ropa's own)
            let own = meta.is_file() || (meta.is_dir() && n == "mappings");
            let moved_aside = if own {
                fault().and_then(|()| std::fs::rename(&current, aside.join(n)))
            } else {
                Err(std::io::Error::other(
                    "a folder or link stands where this output goes",
                ))
            };
            if let Err(e) = moved_aside {
                let undone = put_back(&self.dir, &aside, &moved);
                return Err(held(&current, e, undone, self.staging));
            }
            moved.push(n);
        }
        // 2. the new ones moved in
        mark(&staging, Phase::Place).map_err(|e| err(&staging, e))?;
        let mut placed: Vec<&str> = Vec::new();
        for n in &names {
            let to = self.dir.join(n);
            if let Err(e) = fault().and_then(|()| std::fs::rename(staging.join(n), &to)) {
                let mut undone = placed
                    .iter()
                    .rev()
                    .all(|p| std::fs::rename(self.dir.join(p), staging.join(p)).is_ok());
                undone &= put_back(&self.dir, &aside, &moved);
                return Err(held(&to, e, undone, self.staging));
            }
            placed.push(n);
        }
        Ok(())
    }
}

/// The folder, inside the staging folder, that holds the previous outputs while a set is
/// committed.
const ASIDE: &str = ".previous";
/// The file, inside the staging folder, that says how far a commit got.
const PHASE: &str = ".phase";

/// How far a commit got: moving the previous outputs aside, or the new ones in.
#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Aside,
    Place,
}

/// Records the phase a commit enters, durably, before it moves a file.
fn mark(staging: &Path, phase: Phase) -> std::io::Result<()> {
    let word = match phase {
        Phase::Aside => "aside",
        Phase::Place => "place",
    };
    let tmp = staging.join(".phase.new");
    {
        let mut f = File::create(&tmp)?;
        f.write_all(word.as_bytes())?;
        f.sync_all()?;
    }
    std::fs::rename(tmp, staging.join(PHASE))
}

/// Moves the previous outputs set aside back into the folder; whether all went back.
fn put_back(dir: &Path, aside: &Path, moved: &[&str]) -> bool {
    moved
        .iter()
        .rev()
        .all(|m| std::fs::rename(aside.join(m), dir.join(m)).is_ok())
}

/// The error of a commit stopped at a file that could not be moved. When the previous
/// outputs could not all be put back, the staging folder is kept, and the message says
/// where they are.
fn held(path: &Path, e: std::io::Error, undone: bool, staging: tempfile::TempDir) -> Error {
    let kept = if undone {
        String::new()
    } else {
        format!(
            " Some previous outputs could not be put back: they are in {}.",
            staging.keep().join(ASIDE).display()
        )
    };
    Error::Write {
        path: path.to_path_buf(),
        message: format!(
            "{e}: this file cannot be replaced; it may be open in another program (Excel, LibreOffice) or read-only. Close it or make it writable and run again; the previous outputs are left as they were.{kept}"
        ),
    }
}

/// Finishes or undoes the commit a killed run left in a staging folder: moving aside, its
/// previous outputs go back; moving in, the rest of the new set goes in. Whether the
/// folder can be removed.
fn recover(dir: &Path, staging: &Path) -> bool {
    let phase = match std::fs::read_to_string(staging.join(PHASE)).as_deref() {
        Ok("aside") => Phase::Aside,
        Ok("place") => Phase::Place,
        // no commit begun: its files were never the folder's
        _ => return true,
    };
    let aside = staging.join(ASIDE);
    let names = |d: &Path| -> Vec<String> {
        std::fs::read_dir(d)
            .map(|r| {
                r.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| !n.starts_with('.'))
                    .collect()
            })
            .unwrap_or_default()
    };
    match phase {
        Phase::Aside => names(&aside)
            .iter()
            .all(|n| std::fs::rename(aside.join(n), dir.join(n)).is_ok()),
        Phase::Place => {
            let mut names = names(staging);
            names.sort_by_key(|n| (n.starts_with("register"), n.clone()));
            names
                .iter()
                .all(|n| std::fs::rename(staging.join(n), dir.join(n)).is_ok())
        }
    }
}

/// For the fault-injection test only: with `ROPA_FAULT_COMMIT=fail:N` the Nth file move
/// of a commit fails, with `kill:N` the process stops dead before it (as on SIGKILL).
/// Unset, nothing happens.
fn fault() -> std::io::Result<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static MOVES: AtomicUsize = AtomicUsize::new(0);
    let Some(spec) = std::env::var_os("ROPA_FAULT_COMMIT") else {
        return Ok(());
    };
    let n = MOVES.fetch_add(1, Ordering::SeqCst) + 1;
    let spec = spec.to_string_lossy();
    let (what, at) = spec.split_once(':').unwrap_or(("", ""));
    if at.parse() == Ok(n) {
        match what {
            "kill" => std::process::abort(),
            "fail" => return Err(std::io::Error::other("injected failure")),
            _ => {}
        }
    }
    Ok(())
}

/// How the outputs are written: their language, and JSON indented for people or not.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// The language of headers, messages and reports.
    pub lang: Lang,
    /// `register.json` and `gaps.json` indented (`--pretty`), else compact.
    pub pretty: bool,
}

/// Writes the outputs of a run into `dir`: `register.xlsx` and `register.json` when
/// there is a register, and always `gaps.xlsx`, `gaps.json`, `gaps.md` and `gaps.html`.
/// Each is a task of its own that any free core takes: written in a fixed sequence beside
/// the register workbook, the last of them ran on one core while the other idled.
pub fn outputs(
    dir: &Path,
    run: &run::Run,
    register: Option<&Register>,
    activities: &[Activity],
    findings: &[Finding],
    changes: &[Change],
    style: Style,
) -> Result<()> {
    let Style { lang, pretty } = style;
    let set = OutputSet::begin(dir)?;
    let out = |name: &str| set.path(name);
    // one index of the findings by activity, for both forms of the report
    let index = ropa_rules::report::by_activity(findings);
    let register_xlsx = || match register {
        Some(r) => timed("register.xlsx", || {
            register_xlsx::write_run(r, Some(run), findings, lang, &out("register.xlsx"))
        }),
        None => Ok(()),
    };
    let register_json = || match register {
        Some(r) => timed("register.json", || {
            write_atomic_with(&out("register.json"), |w| {
                json::to_writer(w, &json::RegisterJson(r, Some(run), lang), pretty)
            })
        }),
        None => Ok(()),
    };
    let gaps_xlsx = || {
        timed("gaps.xlsx", || {
            gaps_xlsx::write(activities, findings, &index, lang, &out("gaps.xlsx"))
        })
    };
    let gaps_json = || {
        let gaps = json::GapsJson {
            run,
            findings,
            rule_changes: changes,
        };
        timed("gaps.json", || {
            write_atomic_with(&out("gaps.json"), |w| json::to_writer(w, &gaps, pretty))
        })
    };
    let report = || {
        timed("gaps.md, gaps.html", || {
            let md = gaps_md::render(activities, findings, &index, run, lang);
            write_atomic_with(&out("gaps.html"), |w| gaps_html::write(w, &md, lang))?;
            write_atomic(&out("gaps.md"), md.as_bytes())
        })
    };
    // register.xlsx and register.json, the two longest, start first, one on each core (the
    // workbook writes its sheets on threads of its own); the others go to whichever is free
    let ((a, c), (b, (d, e))) = rayon::join(
        || rayon::join(register_xlsx, gaps_xlsx),
        || rayon::join(register_json, || rayon::join(gaps_json, report)),
    );
    a.and(b).and(c).and(d).and(e)?;
    set.commit()
}

/// Runs `f`; with `ROPA_PROFILE` set, says on stderr how long the output `what` took
/// (the benchmarks' breakdown of the writing stage; no source value).
fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = std::time::Instant::now();
    let out = f();
    if std::env::var_os("ROPA_PROFILE").is_some() {
        eprintln!("          {:>6.2} s  {what}", start.elapsed().as_secs_f64());
    }
    out
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

/// A workbook for the outputs of a register, its temporary files next to `path`,
/// zipped at the fastest level whatever its size: a seed's workbooks are 1.4 times
/// larger (57 → 79 KB) and its run takes 11 % fewer instructions; 1,000 activities,
/// 2.0 → 3.2 MB and 17 % fewer; a 10,000-activity register.xlsx is written in 60 % of
/// the time. A workbook holds the same cells either way.
pub fn output_workbook(path: &Path) -> Result<Workbook, XlsxError> {
    let mut wb = new_workbook()?;
    wb.set_zip_compression_level(1);
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        wb.set_tempdir(dir)?;
    }
    Ok(wb)
}

/// How a date cell is shown: ISO 8601, which a spreadsheet sorts as a date and ropa reads
/// back as the same text.
pub const DATE_FORMAT: &str = "yyyy-mm-dd";

/// The formats every sheet shares.
pub struct Styles {
    /// Header row: bold on grey, wrapped.
    pub header: Format,
    /// Body cells: wrapped, top-aligned.
    pub cell: Format,
    /// Body cells holding a date: a date cell shown as ISO 8601, so a spreadsheet sorts
    /// and filters it as a date and reads it back as the same text.
    pub date: Format,
    /// A note under a table: unwrapped, so it runs across the empty cells to its right.
    pub note: Format,
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
            date: Format::new()
                .set_align(FormatAlign::Top)
                .set_num_format(DATE_FORMAT),
            note: Format::new().set_italic().set_align(FormatAlign::Top),
        }
    }
}

/// A sheet as a header and rows of text, held whole: what ropa wrote, to compare with
/// what a sheet holds when a register is read back.
pub struct Table {
    /// Sheet name.
    pub name: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

/// `Source`, `N°`, `Activité`, then these headers: the columns of a table of items of
/// activities.
pub fn activity_headers<'h>(headers: &[&'h str], lang: ropa_model::Lang) -> Vec<&'h str> {
    use crate::i18n::Msg;
    [
        &[Msg::Source.text(lang), "N°", Msg::Activity.text(lang)],
        headers,
    ]
    .concat()
}

/// A sheet to write: its name, its header, and its rows made as they are written, so a
/// register of 100,000 activities is never held a second time as rows of text.
pub struct Sheet<'a> {
    /// Sheet name (continuation sheets add ` (2)`, ` (3)`, …).
    pub name: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// The rows, in order; made on any thread (see [`made_ahead`]).
    pub rows: Box<dyn Iterator<Item = Vec<String>> + Send + 'a>,
}

/// How many rows a thread making them hands over at once: one hand-over per row would
/// wake the writer 2.5 million times for the Provenance of 100,000 activities.
const ROWS_PER_BATCH: usize = 256;
/// How many batches wait for the writer at most, per sheet (memory stays bounded).
const BATCHES_AHEAD: usize = 4;

/// The items of `rows`, made on a thread of `scope` while the caller writes the ones
/// before: a workbook is written on one thread, and making its rows (the text of every
/// cell, the JSON of the hidden sheet) was a third of that thread's work while the other
/// core idled. The order is kept, so the file is the same whatever the number of cores.
/// If the caller stops reading (an error), the thread stops making.
pub fn made_ahead<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    rows: impl Iterator<Item = T> + Send + 'scope,
) -> impl Iterator<Item = T> + Send + 'scope {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<T>>(BATCHES_AHEAD);
    scope.spawn(move || {
        let mut rows = rows.peekable();
        while rows.peek().is_some() {
            let batch: Vec<T> = rows.by_ref().take(ROWS_PER_BATCH).collect();
            if tx.send(batch).is_err() {
                break;
            }
        }
    });
    rx.into_iter().flatten()
}

impl<'a> Sheet<'a> {
    /// A sheet of these headers and rows.
    pub fn new(
        name: &str,
        headers: &[&str],
        rows: impl Iterator<Item = Vec<String>> + Send + 'a,
    ) -> Sheet<'a> {
        Sheet {
            name: name.to_string(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Box::new(rows),
        }
    }

    /// Every row made, for a comparison with what a sheet holds now.
    pub fn into_table(self) -> Table {
        Table {
            name: self.name,
            headers: self.headers,
            rows: self.rows.collect(),
        }
    }
}

/// Writes a body cell otherwise than as wrapped text — the register's heat map, the
/// report's numbers and links — given the sheet, the cell's row and column there, its
/// row in the whole table (0-based, under the header, across continuation sheets) and
/// its text; says whether it wrote the cell.
pub type CellHook<'h> =
    &'h (dyn Fn(&mut Worksheet, u32, u16, usize, &str) -> Result<bool, XlsxError> + Sync);

/// How a sheet is written.
pub struct SheetOptions<'h> {
    /// Rows streamed to a temporary file as they are written (rust_xlsxwriter's
    /// constant-memory mode): a row cannot be changed once the next one is started.
    pub constant_memory: bool,
    /// The rows under the header one sheet holds before a continuation sheet begins.
    pub max_rows: usize,
    /// The cells written otherwise than as wrapped text.
    pub cell: Option<CellHook<'h>>,
    /// The note on a cell taller than the highest row, in the reader's language (`{}`
    /// is its number of lines); `None` for no note.
    pub long_cell: Option<&'h str>,
    /// A working sheet (what ropa did: values set aside, provenance, labels): kept in
    /// the file, hidden, so that printing the workbook prints the register, not them.
    pub working: bool,
    /// The row of the table (0-based under the header) that is a note under it, its text
    /// in its first cell: written unwrapped and one line high, so that it reads across
    /// the empty cells beside it instead of down a narrow column.
    pub note_row: Option<usize>,
}

/// The most lines a row shows: Excel's highest row is 409 points, 27 lines of 15.
pub const MAX_ROW_LINES: usize = 27;
/// How many long-cell notes one sheet gets at most (notes are heavy in the file).
const LONG_CELL_NOTES: usize = 2_000;

impl SheetOptions<'_> {
    /// Streamed, Excel's row limit, every cell as wrapped text.
    pub fn streamed() -> SheetOptions<'static> {
        SheetOptions {
            constant_memory: true,
            max_rows: EXCEL_ROWS,
            cell: None,
            long_cell: None,
            working: false,
            note_row: None,
        }
    }
}

/// How many rows set the column widths: enough to see a table's shape, few enough that
/// the rest is written as it comes.
pub const WIDTH_SAMPLE: usize = 1_000;

/// Cuts a value to Excel's cell limit, saying so at the end.
pub fn cell_text(s: &str) -> std::borrow::Cow<'_, str> {
    if utf16_len(s) <= EXCEL_CELL_MAX {
        return s.into();
    }
    let note = " […] (tronqué : texte complet dans register.json)";
    let keep = EXCEL_CELL_MAX - utf16_len(note);
    format!("{}{note}", utf16_prefix(s, keep)).into()
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
pub fn wrapped_lines(cell: &str, width: f64) -> usize {
    let per_line = (width - 1.0).max(4.0) as usize;
    cell.lines()
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum::<usize>()
        .max(1)
}

/// The rows of a sheet being written: the sample that set the widths, then the rest.
type Rows<'a> = std::iter::Peekable<Box<dyn Iterator<Item = Vec<String>> + Send + 'a>>;

/// A table being written: its header, column widths (from the header and the first
/// [`WIDTH_SAMPLE`] rows, put back in front of the others), the rows left, and how many
/// rows and sheets it took so far.
struct Writing<'a> {
    name: String,
    headers: Vec<String>,
    widths: Vec<f64>,
    rows: Rows<'a>,
    done: usize,
    sheets: usize,
}

impl<'a> Writing<'a> {
    fn new(sheet: Sheet<'a>) -> Writing<'a> {
        let Sheet {
            name,
            headers,
            mut rows,
        } = sheet;
        let sample: Vec<Vec<String>> = rows.by_ref().take(WIDTH_SAMPLE).collect();
        let widths: Vec<f64> = (0..headers.len().max(1))
            .map(|c| width(headers.get(c).map_or("", String::as_str), &sample, c))
            .collect();
        let rows: Box<dyn Iterator<Item = Vec<String>> + Send + 'a> =
            Box::new(sample.into_iter().chain(rows));
        Writing {
            name,
            headers,
            widths,
            rows: rows.peekable(),
            done: 0,
            sheets: 0,
        }
    }

    /// The name of the next sheet: the table's, then `Name (2)`, `Name (3)`, …
    fn next_name(&self) -> String {
        match self.sheets {
            0 => self.name.clone(),
            n => continuation(&self.name, n + 1),
        }
    }

    /// Names one sheet (the table's name, then `Name (2)`, …) and fills it with the
    /// next rows; returns its name.
    fn fill(
        &mut self,
        ws: &mut Worksheet,
        styles: &Styles,
        opts: &SheetOptions<'_>,
    ) -> Result<String, XlsxError> {
        let name = self.next_name();
        ws.set_name(&name)?;
        self.done += fill_sheet(
            ws,
            &self.headers,
            &self.widths,
            &mut self.rows,
            self.done,
            styles,
            opts,
        )?;
        self.sheets += 1;
        Ok(name)
    }

    /// Whether rows are left for another sheet.
    fn more(&mut self) -> bool {
        self.rows.peek().is_some()
    }

    /// Adds sheets to the workbook until no row is left (one at least); their names.
    fn rest(
        &mut self,
        wb: &mut Workbook,
        styles: &Styles,
        opts: &SheetOptions<'_>,
    ) -> Result<Vec<String>, XlsxError> {
        let mut names = Vec::new();
        loop {
            let ws = add_sheet(wb, opts.constant_memory)?;
            names.push(self.fill(ws, styles, opts)?);
            if !self.more() {
                return Ok(names);
            }
        }
    }
}

/// A new sheet at the end of the workbook, streamed or held.
fn add_sheet(wb: &mut Workbook, constant_memory: bool) -> Result<&mut Worksheet, XlsxError> {
    if constant_memory {
        wb.add_worksheet_with_constant_memory()
    } else {
        Ok(wb.add_worksheet())
    }
}

/// Writes a table as one sheet or more (past `max_rows`, `Name (2)`, …): frozen header,
/// autofilter, wrapped text, column widths from the first rows. Returns the sheet names.
pub fn write_sheet(
    wb: &mut Workbook,
    sheet: Sheet<'_>,
    styles: &Styles,
    opts: &SheetOptions<'_>,
) -> Result<Vec<String>, XlsxError> {
    Writing::new(sheet).rest(wb, styles, opts)
}

/// Fills one sheet with the header and as many rows as it holds (`max_rows`), `done`
/// rows of the table being on the sheets before; returns how many rows it took.
fn fill_sheet(
    ws: &mut Worksheet,
    headers: &[String],
    widths: &[f64],
    rows: &mut Rows<'_>,
    done: usize,
    styles: &Styles,
    opts: &SheetOptions<'_>,
) -> Result<usize, XlsxError> {
    // wrapped cells: set each row's height, as not every program computes it on load
    let row_lines = |cells: &[String]| {
        cells
            .iter()
            .enumerate()
            .map(|(c, cell)| wrapped_lines(cell, widths.get(c).copied().unwrap_or(60.0)))
            .max()
            .unwrap_or(1)
    };
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &styles.header)?;
        ws.set_column_width(c as u16, widths[c])?;
        // the body's format is the column's (see [`write_typed`])
        ws.set_column_format(c as u16, &styles.cell)?;
    }
    // the number of an activity in its source, a number cell (sorts as one)
    let numbered: Vec<bool> = headers.iter().map(|h| h == "N°" || h == "No.").collect();
    let header_lines = row_lines(headers);
    if header_lines > 1 {
        ws.set_row_height(0, (15 * header_lines.min(4)) as f64)?;
    }
    let mut written = 0usize;
    let mut long_notes = 0usize;
    while written < opts.max_rows.max(1) {
        let Some(row) = rows.next() else { break };
        let r = written as u32 + 1;
        if opts.note_row == Some(done + written) {
            for (c, cell) in row.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
                ws.write_string_with_format(r, c as u16, cell, &styles.note)?;
            }
            written += 1;
            continue;
        }
        let lines = row_lines(&row);
        if lines > 1 {
            ws.set_row_height(r, (15 * lines.min(MAX_ROW_LINES)) as f64)?;
        }
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let hooked = match opts.cell {
                Some(hook) => hook(ws, r, col, done + written, cell)?,
                None => false,
            };
            if !hooked && !cell.is_empty() {
                write_typed(
                    ws,
                    r,
                    col,
                    cell,
                    styles,
                    numbered.get(c).copied().unwrap_or(false),
                )?;
                // taller than a row can be: the note says where the rest is
                let cell_lines = wrapped_lines(cell, widths.get(c).copied().unwrap_or(60.0));
                if let Some(note) = opts.long_cell
                    && cell_lines > MAX_ROW_LINES
                    && long_notes < LONG_CELL_NOTES
                {
                    let text = note.replacen("{}", &cell_lines.to_string(), 1);
                    ws.insert_note(r, col, &rust_xlsxwriter::Note::new(text).set_author("ropa"))?;
                    long_notes += 1;
                }
            }
        }
        written += 1;
    }
    ws.set_freeze_panes(1, 0)?;
    // a working sheet is hidden, with no print area: LibreOffice prints a hidden sheet
    // that has one
    if opts.working {
        ws.set_hidden(true);
    } else {
        print_layout(ws, widths)?;
    }
    // the table and nothing else: the boxes of cell notes stretch the used area,
    // which printed half-empty pages and a blank one
    if !headers.is_empty() {
        if !opts.working {
            ws.set_print_area(0, 0, written as u32, headers.len() as u16 - 1)?;
        }
        ws.autofilter(0, 0, (written as u32).max(1), headers.len() as u16 - 1)?;
    }
    Ok(written)
}

/// A row as high as its wrapped cells need, `cells` being (text, column width): not
/// every program computes it on load, and a fixed height cuts a fiche's lists off.
pub fn fit_row(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    cells: &[(&str, f64)],
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let lines = cells
        .iter()
        .map(|(t, w)| wrapped_lines(t, *w))
        .max()
        .unwrap_or(1)
        .min(MAX_ROW_LINES);
    if lines > 1 {
        ws.set_row_height(row, (15 * lines) as f64)?;
    }
    Ok(())
}

/// A body cell as the type its text is: an ISO date (`2024-03-12`) a date cell, a whole
/// number under a number column a number cell, anything else text. Each reads back as
/// the text it was written from. The column's format is [`Styles::cell`], and a cell
/// of that format is written with none, taking the column's: the spreadsheet library
/// hashes a cell's format to number it, which was a tenth of writing a large workbook.
pub fn write_typed(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    styles: &Styles,
    number_column: bool,
) -> Result<(), XlsxError> {
    if number_column
        && let Ok(n) = text.parse::<u32>()
        && n.to_string() == text
    {
        ws.write_number(row, col, f64::from(n))?;
        return Ok(());
    }
    if is_iso_date(text)
        && let Ok(date) = rust_xlsxwriter::ExcelDateTime::parse_from_str(text)
    {
        ws.write_datetime_with_format(row, col, &date, &styles.date)?;
        return Ok(());
    }
    ws.write_string(row, col, cell_text(text))?;
    Ok(())
}

/// Whether a text is a date as ISO 8601 writes it (`2024-03-12`, zero-padded, so that
/// the cell reads back as the same text), one the calendar has, and one a spreadsheet's
/// dates reach (from 1900).
pub(crate) fn is_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && text.bytes().all(|c| c == b'-' || c.is_ascii_digit())
        && ropa_normalise::dates::parse_iso(text).is_some_and(|(y, ..)| y >= 1900)
}

/// The page header of every printed sheet: its name, at the left.
pub const PAGE_HEADER: &str = "&L&A";
/// The page footer of every printed sheet: the page and the pages, at the right.
pub const PAGE_FOOTER: &str = "&R&P / &N";

/// Paper sizes as the spreadsheet formats number them.
pub const PAPER_A4: u8 = 9;
/// See [`PAPER_A4`].
pub const PAPER_A3: u8 = 8;

/// A column `width` (in characters of the default font) in points on paper: Excel's
/// 7 pixels a character and 5 of padding, at 96 pixels an inch.
fn width_in_points(width: f64) -> f64 {
    (width * 7.0 + 5.0) * 0.75
}

/// The width a landscape page prints, in points: A4 or A3 less the default margins
/// (0.7 inch each side).
fn printable_width(paper: u8) -> f64 {
    let page = if paper == PAPER_A3 { 1190.5 } else { 841.9 };
    page - 2.0 * 0.7 * 72.0
}

/// The scale a sheet too wide for A3 prints at, over several pages across (11-point
/// text at 0.7 reads as 8-point).
const MIN_PRINT_SCALE: f64 = 0.7;

/// The smallest scale a sheet is shrunk to so as to print one page wide on A3: a table
/// of findings split across pages is worse than one a little smaller.
const MIN_FIT_SCALE: f64 = 0.6;

/// How a table prints, in a person's conventions: A4 landscape, A3 when A4 would shrink
/// it below [`MIN_PRINT_SCALE`], one page wide (down to [`MIN_FIT_SCALE`]); a table wider
/// than that (Registre's 40 columns) prints at [`MIN_PRINT_SCALE`] on A3 over as many
/// pages as it needs, its first columns (id, source, number, name) repeated on each. The header row repeats on every page,
/// the sheet's name heads it and the page number ends it.
pub fn print_layout(ws: &mut Worksheet, widths: &[f64]) -> Result<(), XlsxError> {
    let total: f64 = widths.iter().copied().map(width_in_points).sum();
    ws.set_landscape();
    ws.set_header(PAGE_HEADER);
    ws.set_footer(PAGE_FOOTER);
    ws.set_repeat_rows(0, 0)?;
    let scale = |paper: u8| printable_width(paper) / total.max(1.0);
    if scale(PAPER_A4) >= MIN_PRINT_SCALE {
        ws.set_paper_size(PAPER_A4);
        ws.set_print_fit_to_pages(1, 0);
    } else if scale(PAPER_A3) >= MIN_FIT_SCALE {
        ws.set_paper_size(PAPER_A3);
        ws.set_print_fit_to_pages(1, 0);
    } else {
        ws.set_paper_size(PAPER_A3);
        ws.set_print_scale((MIN_PRINT_SCALE * 100.0) as u16);
        // pages across, then down: each page of columns keeps the activity's first ones
        ws.set_page_order(true);
        let mut kept = 0.0;
        let mut repeated = 0u16;
        for w in widths.iter().take(5) {
            kept += width_in_points(*w);
            if kept > printable_width(PAPER_A3) / MIN_PRINT_SCALE / 3.0 {
                break;
            }
            repeated += 1;
        }
        if repeated > 0 {
            ws.set_repeat_columns(0, repeated - 1)?;
        }
    }
    Ok(())
}

/// A sheet's own writer, for a sheet that is not a table (the legend, the hidden sheet).
pub type SheetWriter<'a> = Box<dyn FnOnce(&mut Worksheet) -> Result<(), XlsxError> + Send + 'a>;

/// One sheet of a workbook whose sheets are written at once ([`write_sheets`]).
pub enum SheetJob<'a> {
    /// A table, written as [`write_sheet`] writes it.
    Table(Sheet<'a>, SheetOptions<'a>),
    /// A sheet its writer fills (and names); `constant_memory` as for a table.
    Own {
        /// Streamed to a temporary file as it is written.
        constant_memory: bool,
        /// Fills the sheet.
        write: SheetWriter<'a>,
    },
}

/// A table that did not fit on its sheet: where it stopped, to go on on more sheets.
struct Overflow<'a> {
    job: usize,
    table: Writing<'a>,
    opts: SheetOptions<'a>,
}

/// Writes the sheets of a workbook each on its own thread, in the workbook in the order
/// given: one writer thread was the critical path of a large register while the other
/// core idled. A constant-memory sheet streams to its own temporary file, so sheets do
/// not wait for each other; `formats` (with the `styles`) are numbered first, in order,
/// so every format's number, and the file, is the same whatever thread uses it first —
/// every format the jobs use must be among them. A table longer than a sheet goes on
/// on continuation sheets, written after the others and placed after their first.
pub fn write_sheets<'a>(
    wb: &mut Workbook,
    jobs: Vec<SheetJob<'a>>,
    styles: &'a Styles,
    formats: &[&Format],
) -> Result<(), XlsxError> {
    // every format a sheet's thread may write is registered before the threads start: a
    // format a thread adds first takes an index that depends on which thread came first,
    // and a date cell once came back from Excel as a plain number
    wb.register_format(&styles.header);
    wb.register_format(&styles.cell);
    wb.register_format(&styles.date);
    // the note's format is not registered: it is met only where a sheet has a note row,
    // and a workbook without one keeps its styles as they were
    for f in formats {
        wb.register_format(f);
    }
    let first = wb.worksheets().len();
    for job in &jobs {
        let constant_memory = match job {
            SheetJob::Table(_, opts) => opts.constant_memory,
            SheetJob::Own {
                constant_memory, ..
            } => *constant_memory,
        };
        add_sheet(wb, constant_memory)?;
    }
    let overflows = std::thread::scope(|scope| {
        let handles: Vec<_> = wb.worksheets_mut()[first..]
            .iter_mut()
            .zip(jobs)
            .enumerate()
            .map(|(i, (ws, job))| {
                scope.spawn(move || -> Result<Option<Overflow<'a>>, XlsxError> {
                    match job {
                        SheetJob::Own { write, .. } => write(ws).map(|()| None),
                        SheetJob::Table(sheet, opts) => {
                            let mut table = Writing::new(sheet);
                            table.fill(ws, styles, &opts)?;
                            Ok(table.more().then_some(Overflow {
                                job: i,
                                table,
                                opts,
                            }))
                        }
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect::<Result<Vec<_>, XlsxError>>()
    })?;
    // the rare table longer than a sheet: its continuation sheets, after its first, the
    // last table first so the places of the earlier ones do not move
    for mut o in overflows.into_iter().flatten().rev() {
        let at = first + o.job + 1;
        let before = wb.worksheets().len();
        o.table.rest(wb, styles, &o.opts)?;
        let sheets = wb.worksheets_mut();
        let added: Vec<Worksheet> = sheets.drain(before..).collect();
        sheets.splice(at..at, added);
    }
    Ok(())
}

/// Saves a workbook atomically, zipped straight into the file (not first in memory),
/// turning the library's error into ours.
pub fn save(mut wb: Workbook, path: &Path) -> Result<()> {
    write_atomic_with(path, |w| {
        wb.save_to_writer(w).map_err(std::io::Error::other)
    })
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
        for constant_memory in [false, true] {
            let rows = (0..7).map(|i| vec![i.to_string()]);
            let mut wb = new_workbook().unwrap();
            let opts = SheetOptions {
                constant_memory,
                max_rows: 3,
                ..SheetOptions::streamed()
            };
            let names = write_sheet(
                &mut wb,
                Sheet::new("Registre", &["a"], rows),
                &Styles::default(),
                &opts,
            )
            .unwrap();
            assert_eq!(names, ["Registre", "Registre (2)", "Registre (3)"]);
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("t.xlsx");
            save(wb, &p).unwrap();
            let mut back: calamine::Xlsx<_> = calamine::open_workbook(&p).unwrap();
            let mut cells = Vec::new();
            for name in &names {
                let range = calamine::Reader::worksheet_range(&mut back, name).unwrap();
                let rows: Vec<String> = range.rows().map(|r| r[0].to_string()).collect();
                assert_eq!(rows[0], "a", "each sheet has the header");
                cells.extend(rows.into_iter().skip(1));
            }
            assert_eq!(cells, ["0", "1", "2", "3", "4", "5", "6"]);
        }
    }

    /// Sheets written at once keep the order given, a long table's continuation sheets
    /// right after its first; the bytes do not depend on which thread ran first, as the
    /// formats are numbered before (a hooked format and the styles used by every sheet).
    #[test]
    fn sheets_written_at_once_keep_their_order_and_their_bytes() {
        let red = Format::new().set_background_color(Color::RGB(0xF4C7C3));
        let amber = Format::new().set_background_color(Color::RGB(0xFCE8B2));
        // each table its colour: unnumbered, the first thread to use one would number it
        let hook = |ws: &mut Worksheet, r: u32, c: u16, at: usize, text: &str| {
            if at.is_multiple_of(3) {
                let f = if text.starts_with('D') { &amber } else { &red };
                ws.write_string_with_format(r, c, text, f)?;
                return Ok(true);
            }
            Ok(false)
        };
        let write = |dir: &Path| {
            let styles = Styles::default();
            let mut wb = new_workbook().unwrap();
            let table = |name: &'static str, n: usize, max_rows: usize| {
                let rows = (0..n).map(move |i| vec![format!("{i}"), format!("{name}{i}")]);
                let opts = SheetOptions {
                    max_rows,
                    cell: Some(&hook as CellHook),
                    ..SheetOptions::streamed()
                };
                SheetJob::Table(Sheet::new(name, &["n", "v"], rows), opts)
            };
            let jobs = vec![
                table("A", 7, 3),
                table("B", 2_000, EXCEL_ROWS),
                SheetJob::Own {
                    constant_memory: true,
                    write: Box::new(|ws: &mut Worksheet| {
                        ws.set_name("C")?;
                        ws.write_string(0, 0, "own").map(|_| ())
                    }),
                },
                table("D", 5, 2),
            ];
            write_sheets(&mut wb, jobs, &styles, &[&red, &amber]).unwrap();
            let p = dir.join("t.xlsx");
            save(wb, &p).unwrap();
            std::fs::read(&p).unwrap()
        };
        let dir = tempfile::tempdir().unwrap();
        let first = write(dir.path());
        for _ in 0..5 {
            assert!(write(dir.path()) == first, "the same bytes every time");
        }
        let mut back: calamine::Xlsx<_> =
            calamine::open_workbook(dir.path().join("t.xlsx")).unwrap();
        let names = calamine::Reader::sheet_names(&back);
        assert_eq!(
            names,
            ["A", "A (2)", "A (3)", "B", "C", "D", "D (2)", "D (3)"]
        );
        let column = |back: &mut calamine::Xlsx<_>, name: &str| -> Vec<String> {
            let range = calamine::Reader::worksheet_range(back, name).unwrap();
            range.rows().skip(1).map(|r| r[1].to_string()).collect()
        };
        let a: Vec<String> = ["A", "A (2)", "A (3)"]
            .iter()
            .flat_map(|n| column(&mut back, n))
            .collect();
        assert_eq!(a, (0..7).map(|i| format!("A{i}")).collect::<Vec<_>>());
        assert_eq!(column(&mut back, "B").len(), 2_000);
        let d: Vec<String> = ["D", "D (2)", "D (3)"]
            .iter()
            .flat_map(|n| column(&mut back, n))
            .collect();
        assert_eq!(d, (0..5).map(|i| format!("D{i}")).collect::<Vec<_>>());
    }

    /// Saves a workbook and gives back the XML of the named parts of its zip, in order.
    fn saved_parts(wb: Workbook, names: &[&str]) -> Vec<String> {
        use std::io::Read;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.xlsx");
        save(wb, &p).unwrap();
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&p).unwrap()).unwrap();
        names
            .iter()
            .map(|n| {
                let mut xml = String::new();
                zip.by_name(n).unwrap().read_to_string(&mut xml).unwrap();
                xml
            })
            .collect()
    }

    /// A cell taller than the highest row says, in a note, where the rest is; a cell
    /// that fits has none; the row is as high as Excel allows, not 12 lines.
    #[test]
    fn a_cell_taller_than_a_row_says_where_the_rest_is() {
        let tall: String = (1..=40).map(|i| format!("ligne {i}\n")).collect();
        let rows = vec![vec![tall], vec!["court".to_string()]].into_iter();
        let mut wb = new_workbook().unwrap();
        let opts = SheetOptions {
            long_cell: Some("Texte long ({} lignes)"),
            ..SheetOptions::streamed()
        };
        write_sheet(
            &mut wb,
            Sheet::new("R", &["a"], rows),
            &Styles::default(),
            &opts,
        )
        .unwrap();
        let [notes, sheet] = <[String; 2]>::try_from(saved_parts(
            wb,
            &["xl/comments1.xml", "xl/worksheets/sheet1.xml"],
        ))
        .unwrap();
        assert_eq!(
            notes.matches("Texte long (40 lignes)").count(),
            1,
            "{notes}"
        );
        assert!(notes.contains("ref=\"A2\""), "{notes}");
        assert!(sheet.contains("ht=\"405\""), "27 lines of 15 points");
    }

    /// A note under a table reads across the row: one line high, not wrapped down its
    /// narrow first column (a row of 300 points); the rows above it are wrapped as ever.
    #[test]
    fn a_note_row_is_one_unwrapped_line() {
        let note = "Une note sous le tableau, bien plus longue que la colonne est large : elle court sur les cellules vides à sa droite.".to_string();
        let rows = vec![
            vec!["deux lignes\nici".to_string(), "b".into()],
            vec![note.clone()],
        ]
        .into_iter();
        let mut wb = new_workbook().unwrap();
        let opts = SheetOptions {
            note_row: Some(1),
            ..SheetOptions::streamed()
        };
        let styles = Styles::default();
        wb.register_format(&styles.cell);
        wb.register_format(&styles.note);
        write_sheet(&mut wb, Sheet::new("R", &["a", "b"], rows), &styles, &opts).unwrap();
        let [sheet, styles_xml] = <[String; 2]>::try_from(saved_parts(
            wb,
            &["xl/worksheets/sheet1.xml", "xl/styles.xml"],
        ))
        .unwrap();
        let row = |n: u32| -> &str {
            let start = sheet.find(&format!("<row r=\"{n}\"")).unwrap_or(0);
            let end = sheet[start..]
                .find("</row>")
                .map_or(sheet.len(), |e| start + e);
            &sheet[start..end]
        };
        assert!(row(2).contains("ht=\""), "{}", row(2));
        assert!(!row(3).contains("ht=\""), "{}", row(3));
        assert!(row(3).contains("Une note sous le tableau"), "{}", row(3));
        // the note's style is the one cell format without wrapping
        let s = row(3)
            .split("s=\"")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        let xfs = styles_xml
            .split("<cellXfs")
            .nth(1)
            .unwrap_or("")
            .split("<xf ")
            .skip(1)
            .collect::<Vec<_>>();
        assert!(!xfs[s].contains("wrapText"), "{}", xfs[s]);
        assert!(xfs.iter().any(|x| x.contains("wrapText")));
    }

    #[test]
    fn long_cells_are_cut_with_a_note() {
        let long = "é".repeat(EXCEL_CELL_MAX + 10);
        let cut = cell_text(&long);
        assert_eq!(cut.chars().count(), EXCEL_CELL_MAX);
        // Excel counts UTF-16 units: an emoji is two
        let emoji = "📹".repeat(EXCEL_CELL_MAX / 2 + 1);
        assert!(utf16_len(&cell_text(&emoji)) <= EXCEL_CELL_MAX);
        assert_eq!(
            cell_text(&"📹".repeat(EXCEL_CELL_MAX / 2)).len(),
            "📹".len() * (EXCEL_CELL_MAX / 2)
        );
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
        let killed = write_through(
            &p,
            |w| w.write_all(b"half a workbook"),
            |_, _| Err(std::io::Error::other("killed before the rename")),
        );
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
