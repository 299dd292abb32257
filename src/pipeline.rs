//! Runs the stages over a batch of inputs: one bad file is reported and the others go on.

use ropa_map::{LabelMatcher, Mapping};
use ropa_model::error::{Error, Result};
use ropa_model::{Activity, Register, Said, SourceReport};
use ropa_rules::{Finding, GapOptions};
use ropa_write::i18n::Msg;
use ropa_write::reimport;
use std::path::{Path, PathBuf};

/// File endings read as registers when a folder is given.
pub const REGISTER_EXTENSIONS: &[&str] = &[
    "tsv", "csv", "txt", "tab", "xlsx", "xlsm", "xlsb", "xls", "ods", "md", "markdown", "docx",
    "odt", "html", "htm", "json", "yaml", "yml",
];

/// What a batch run needs.
#[derive(Clone, Debug, Default)]
pub struct IngestOptions {
    /// Files and folders to read.
    pub inputs: Vec<PathBuf>,
    /// Mapping files given with `-m`, tried before the others.
    pub mapping_files: Vec<PathBuf>,
    /// Folders of extra mapping files (`--mappings`).
    pub mapping_dirs: Vec<PathBuf>,
    /// Options of the gap rules.
    pub gaps: GapOptions,
    /// The encoding of text inputs, overriding the guess and the mappings (`--encoding`).
    pub encoding: Option<String>,
    /// The delimiter of text tables, overriding the guess and the mappings (`--delimiter`).
    pub delimiter: Option<char>,
    /// Leave the built-in mappings out (`--no-builtin`): what `-m` and `--mappings` do
    /// not match is read with an inferred mapping.
    pub no_builtin: bool,
    /// The largest input read, in MiB (`--max-input-mb`); 0 means the default,
    /// [`DEFAULT_MAX_INPUT_MB`].
    pub max_input_mb: u64,
}

/// Inputs larger than this (in MiB) are refused unless `--max-input-mb` says more: a
/// register is rarely over a few MiB, and a whole file is held in memory while read.
pub const DEFAULT_MAX_INPUT_MB: u64 = 512;

/// The input limit in MiB: the one given, or [`DEFAULT_MAX_INPUT_MB`] for 0.
fn limit_mb(max_mb: u64) -> u64 {
    if max_mb == 0 {
        DEFAULT_MAX_INPUT_MB
    } else {
        max_mb
    }
}

/// Refuses what is not a regular file (a FIFO would block the run, a device never ends)
/// and files over the size limit, before reading a byte.
fn check_input(path: &Path, max_mb: u64) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.is_file() {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            message: "this is not a regular file (a folder given inside a folder, a FIFO, a device or a socket); ropa reads register files only. Give the file itself.".into(),
        });
    }
    let max = limit_mb(max_mb);
    if meta.len() > max << 20 {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            message: format!(
                "this file is {} MiB, more than the {max} MiB ropa reads. If it really is a register, pass --max-input-mb {} to read it.",
                meta.len() >> 20,
                (meta.len() >> 20) + 1
            ),
        });
    }
    Ok(())
}

/// Reads a file, never more than the limit: a file's reported size can lie (a device
/// or `/proc` file reports 0 and never ends), so what is read is counted, not what the
/// file system says.
fn read_bounded(path: &Path, max_mb: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let max = limit_mb(max_mb);
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    // room for what the file says it holds, within the limit: no doubling for a true size
    let said = file.metadata().map_or(0, |m| m.len()).min(max << 20);
    let mut bytes = Vec::with_capacity(usize::try_from(said).unwrap_or(0).saturating_add(1));
    file.take((max << 20) + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > max << 20 {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            message: format!(
                "this file holds more than the {max} MiB ropa reads (its reported size was less: it may be a device or a file that grows while read). If it really is a register, copy it to a regular file, or pass --max-input-mb with a larger limit."
            ),
        });
    }
    Ok(bytes)
}

/// One input that could not be read, with the reason.
#[derive(Debug)]
pub struct Failure {
    /// The input.
    pub path: PathBuf,
    /// Why.
    pub error: Error,
}

/// What a batch run produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The canonical register of every input read.
    pub register: Register,
    /// The gap findings, in register order.
    pub findings: Vec<Finding>,
    /// Inputs that could not be read.
    pub failures: Vec<Failure>,
    /// Files that were passed over, each with the reason (not a register format, a gap
    /// report written by ropa).
    pub passed_over: Vec<(PathBuf, ropa_write::i18n::Msg)>,
    /// ropa registers that were read back, with what the client changed.
    pub rereads: Vec<Reread>,
    /// The rules whose severity a configuration changed.
    pub rule_changes: Vec<ropa_rules::config::Change>,
    /// The inputs read with an inferred mapping, with the drafts to save.
    pub inferred: Vec<Inferred>,
}

/// A `register.xlsx` written by ropa and read back.
#[derive(Debug)]
pub struct Reread {
    /// The workbook.
    pub path: PathBuf,
    /// How many activities it gave.
    pub activities: usize,
    /// What was changed since ropa wrote it (places and fields, no values).
    pub edits: Vec<Said>,
    /// What could not be taken into account.
    pub notes: Vec<Said>,
}

/// What one input gave.
#[derive(Debug, Default)]
pub struct Ingested {
    /// Its activities, in order.
    pub activities: Vec<Activity>,
    /// The reports of the sources read (for a re-read register, the original sources).
    pub sources: Vec<SourceReport>,
    /// Set when the input was a register written by ropa.
    pub reread: Option<Reread>,
    /// Set when the input is not to be read, with the reason.
    pub passed_over: Option<ropa_write::i18n::Msg>,
    /// Set when the input was read with a mapping inferred from its structure.
    pub inferred: Option<Inferred>,
}

/// A mapping inferred for an input, to be saved for review.
#[derive(Clone, Debug)]
pub struct Inferred {
    /// The input.
    pub path: PathBuf,
    /// The file name the draft is saved under (`NAME.toml`).
    pub file_name: String,
    /// The draft's TOML.
    pub text: String,
    /// The share of the input's labels matched to a field (0–1).
    pub confidence: f64,
}

/// The files of a run, each with whether it was named explicitly (a file of a folder
/// was not); the files passed over, with why; the folders that could not be listed.
type Expanded = (Vec<(PathBuf, bool)>, Vec<(PathBuf, Msg)>, Vec<Failure>);

/// Expands folders (one level, register file endings only) and keeps files as given.
pub fn expand_inputs(inputs: &[PathBuf]) -> Expanded {
    let mut files = Vec::new();
    let mut passed = Vec::new();
    let mut failures = Vec::new();
    for input in inputs {
        if input.is_dir() {
            match std::fs::read_dir(input) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> =
                        entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                    found.sort();
                    for p in found {
                        let hidden = p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                        let ext = p
                            .extension()
                            .map(|e| e.to_string_lossy().to_lowercase())
                            .unwrap_or_default();
                        // nothing in the folder goes unsaid: a subfolder, a format ropa
                        // cannot read, another file type are passed over with why; a
                        // FIFO or device with a register's ending is refused when read
                        if hidden {
                            continue;
                        } else if let Some(why) = not_a_register(&p) {
                            passed.push((p, why));
                        } else if p.is_dir() {
                            passed.push((p, Msg::PassFolder));
                        } else if REGISTER_EXTENSIONS.contains(&ext.as_str()) {
                            files.push((p, false));
                        } else {
                            passed.push((p, passed_over_why(&ext)));
                        }
                    }
                }
                Err(source) => failures.push(Failure {
                    path: input.clone(),
                    error: Error::Io {
                        path: input.clone(),
                        source,
                    },
                }),
            }
        } else {
            files.push((input.clone(), true));
        }
    }
    (files, passed, failures)
}

/// A file that sits beside registers in a client's folder and is none, by its name: the
/// lock file of an open document (`~$registre.xlsx`, `.~lock.registre.xlsx#`, hidden
/// anyway) and a README.
fn not_a_register(path: &Path) -> Option<Msg> {
    let name = path.file_name()?.to_string_lossy();
    let stem = path.file_stem()?.to_string_lossy().to_lowercase();
    if name.starts_with("~$") {
        Some(Msg::PassLockFile)
    } else if path.is_file() && matches!(stem.as_str(), "readme" | "lisezmoi" | "liesmich") {
        Some(Msg::PassReadme)
    } else {
        None
    }
}

/// Why a file of a folder is not read, by its ending: a register in a format ropa does
/// not read says what to do.
fn passed_over_why(ext: &str) -> Msg {
    match ext {
        "doc" => Msg::PassDoc,
        "pdf" => Msg::PassPdf,
        "rtf" => Msg::PassRtf,
        "xlt" | "xltx" | "ots" | "dotx" | "ott" => Msg::PassTemplate,
        _ => Msg::PassOther,
    }
}

/// The name of each input in the register: the fewest last parts of its path that no
/// other input shares, with `/` between folders, so `a/registre.xlsx` and
/// `b/registre.xlsx` are two sources while a file whose name is unique keeps it.
pub fn source_ids<'p>(paths: impl Iterator<Item = &'p Path>) -> Vec<String> {
    let parts: Vec<Vec<String>> = paths
        .map(|p| {
            let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
            abs.components()
                .filter(|c| matches!(c, std::path::Component::Normal(_)))
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect()
        })
        .collect();
    let name = |p: &[String], k: usize| p[p.len().saturating_sub(k)..].join("/");
    let mut k = vec![1usize; parts.len()];
    loop {
        let mut by_name: std::collections::HashMap<String, Vec<usize>> = Default::default();
        for (i, p) in parts.iter().enumerate() {
            by_name.entry(name(p, k[i])).or_default().push(i);
        }
        let mut grew = false;
        for group in by_name.values() {
            let distinct = group.iter().any(|&i| parts[i] != parts[group[0]]);
            for &i in group.iter().filter(|_| distinct) {
                if k[i] < parts[i].len() {
                    k[i] += 1;
                    grew = true;
                }
            }
        }
        if !grew {
            break;
        }
    }
    parts.iter().zip(&k).map(|(p, &k)| name(p, k)).collect()
}

/// The mappings of a run, in the order they are tried.
pub struct Mappings {
    /// Given with `-m`.
    pub given: Vec<Mapping>,
    /// From `--mappings` folders, then built in.
    pub known: Vec<Mapping>,
}

impl Mappings {
    /// Loads and checks every mapping; an invalid one stops the run (a usage error).
    pub fn load(opts: &IngestOptions) -> Result<Mappings> {
        let given = opts
            .mapping_files
            .iter()
            .map(|p| Mapping::load(p))
            .collect::<Result<Vec<_>>>()?;
        let mut known = Vec::new();
        for d in &opts.mapping_dirs {
            known.extend(ropa_map::mapping::load_dir(d)?);
        }
        if !opts.no_builtin {
            known.extend(ropa_map::mapping::builtin()?);
        }
        for m in given.iter().chain(&known) {
            ropa_rules::config::parse_table(&m.origin, &m.rules)?;
        }
        Ok(Mappings { given, known })
    }

    /// Every mapping of the run.
    pub fn all(&self) -> impl Iterator<Item = &Mapping> {
        self.given.iter().chain(&self.known)
    }

    /// The mapping for a file: a `-m` mapping whose globs match, else the only `-m`
    /// mapping without globs, else a known mapping whose globs match, else the known
    /// mapping whose labels the file holds most of; `None` when the file's layout must
    /// be inferred. The note says how a mapping was chosen by content.
    pub fn choose(
        &self,
        path: &Path,
        source: &ropa_read::Source,
    ) -> Option<(&Mapping, Option<Said>)> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(m) = self.given.iter().find(|m| m.matches_name(&name)) {
            return Some((m, None));
        }
        if let Some(m) = self.given.iter().find(|m| m.matches.is_empty()) {
            return Some((m, None));
        }
        // a known mapping matched by the file's name reads its file only if the sheet it
        // names is there: « registre-rgpd.xlsx » is not ropa's register for lacking `Registre`
        if let Some(m) = self
            .known
            .iter()
            .find(|m| m.matches_name(&name) && has_its_sheet(m, source))
        {
            return Some((m, None));
        }
        self.by_content(path, source)
            .map(|(m, found, of)| (m, Some(Said::ChosenByContent { found, of })))
    }
}

/// Whether a workbook holds the sheet a mapping's layout names (any other source, or a
/// layout that names none, does).
fn has_its_sheet(m: &Mapping, source: &ropa_read::Source) -> bool {
    match (m.layout.sheet(), source) {
        (Some(name), ropa_read::Source::Workbook { sheets, .. }) => {
            let wanted = ropa_model::text::fold_label(name);
            sheets
                .iter()
                .any(|s| ropa_model::text::fold_label(s.name()) == wanted)
        }
        _ => true,
    }
}

/// Below this share of labels recognised, an inferred reading is reported as weak.
const WEAK_INFERENCE: f64 = 0.6;

impl Mappings {
    /// The known mapping whose pinned labels the file, read with that mapping's layout,
    /// holds the most of: at least 3 and 40 % of them. Returns it with the counts.
    fn by_content(
        &self,
        path: &Path,
        source: &ropa_read::Source,
    ) -> Option<(&Mapping, usize, usize)> {
        let mut best: Option<(&Mapping, usize, usize)> = None;
        // the head of the file holds its labels; a whole 100,000-row table need not be
        // read once per candidate
        let head = source.head(ropa_read::PROBE_ROWS);
        let source = &head;
        for m in &self.known {
            if m.pins.is_empty() {
                continue;
            }
            let matcher = LabelMatcher::new(m);
            let is_label = |s: &str| matcher.is_label(s);
            let field_of = |s: &str| matcher.field_of(s);
            let Ok(doc) = ropa_read::read_source(path, source, &m.layout, &is_label, &field_of)
            else {
                continue;
            };
            if doc.blocks.is_empty() {
                continue;
            }
            let labels: std::collections::HashSet<String> = doc
                .labels
                .iter()
                .map(|l| ropa_model::text::fold_label(l))
                .collect();
            let found = m.pins.keys().filter(|k| labels.contains(*k)).count();
            let share = found as f64 / m.pins.len() as f64;
            let better = best.is_none_or(|(_, f, of)| share > f as f64 / of as f64);
            if found >= 3 && share >= 0.4 && better {
                best = Some((m, found, m.pins.len()));
            }
        }
        best
    }
}

/// The error of a file that no mapping matches and whose layout inference found nothing.
fn no_layout(path: &Path, tried: &ropa_read::Layout) -> Error {
    Error::NoMapping {
        path: path.to_path_buf(),
        layout: format!(
            "no header row, recurring banner, numbered titles or recurring first label was found; tried a {} layout",
            tried.name()
        ),
    }
}

/// Reads one input as [`ingest_file`] does, and turns a panic inside a reader's library
/// (a damaged file calamine or a zip reader did not expect) into that file's error: the
/// other inputs of the batch go on.
pub fn ingest_input(
    path: &Path,
    source: &str,
    explicit: bool,
    mappings: &Mappings,
    opts: &IngestOptions,
) -> Result<Ingested> {
    let run = || ingest_file(path, source, explicit, mappings, opts);
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(result) => result,
        Err(_) => Err(Error::Unsupported {
            path: path.to_path_buf(),
            message: "this file stopped the reader of its format (it is damaged in a way the reader does not handle). It was left out and the other inputs were read. Open it in Excel, LibreOffice or Word, save it again (as .xlsx or .docx), and ingest the copy.".into(),
        }),
    }
}

/// ropa's own JSON outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OwnJson {
    /// register.json.
    Register,
    /// gaps.json.
    Gaps,
}

/// Whether a file is register.json or gaps.json as ropa writes them: an object that
/// opens with the run that wrote it (`{"run":{"id":…,"ropa":"0.1.0",…}`), then the
/// register's labels and activities or the findings. The run object is scanned to its
/// end, however many inputs it lists, and the key after it tells which.
fn own_json(bytes: &[u8]) -> Option<OwnJson> {
    static HEAD: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| {
        regex::bytes::Regex::new(r#"^(?:\xEF\xBB\xBF)?\s*\{\s*"run"\s*:\s*\{[^{}"]*"[^"]*"\s*:"#)
            .unwrap_or_else(|e| panic!("built-in regex does not compile: {e}"))
    });
    let head = HEAD.find(&bytes[..bytes.len().min(4 << 10)])?;
    // the run object, from its `{`, scanned to its end with strings skipped
    let start = bytes[..head.end()].iter().rposition(|b| *b == b'{')?;
    let end = object_end(bytes, start)?;
    let run = String::from_utf8_lossy(&bytes[start..end]);
    if !run.contains("\"ropa\"") {
        return None;
    }
    let rest = &bytes[end..bytes.len().min(end + 64)];
    let rest = String::from_utf8_lossy(rest);
    let next = rest.trim_start().strip_prefix(',')?.trim_start();
    if next.starts_with("\"findings\"") {
        Some(OwnJson::Gaps)
    } else if next.starts_with("\"labels\"") || next.starts_with("\"activities\"") {
        Some(OwnJson::Register)
    } else {
        None
    }
}

/// The end (one past the closing `}`) of the JSON object that opens at `start`,
/// strings and their escapes skipped.
fn object_end(bytes: &[u8], start: usize) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, b) in bytes.iter().enumerate().skip(start) {
        match (in_string, escaped, *b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') => in_string = false,
            (true, false, _) => {}
            (false, _, b'"') => in_string = true,
            (false, _, b'{' | b'[') => depth += 1,
            (false, _, b'}' | b']') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether a file is one of ropa's gap reports (gaps.md and gaps.html end with its mark).
fn is_gap_report(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(512)..];
    tail.windows(ropa_write::gaps_md::GAPS_MD_MARK.len())
        .any(|w| w == ropa_write::gaps_md::GAPS_MD_MARK.as_bytes())
}

/// A workbook ropa wrote: gaps.xlsx passed over, register.xlsx passed over in a folder
/// (it is an output) or read back when named; None for any other source.
fn own_output(path: &Path, source: &ropa_read::Source, explicit: bool) -> Result<Option<Ingested>> {
    if let ropa_read::Source::Workbook { sheets, .. } = source
        && reimport::ropa_mark(sheets) == Some(ropa_write::gaps_xlsx::GAPS_MARK)
    {
        return Ok(Some(Ingested {
            passed_over: Some(Msg::PassGapReport),
            ..Default::default()
        }));
    }
    if let ropa_read::Source::Workbook { sheets, .. } = source
        && reimport::is_ropa_register(sheets)
        && !explicit
    {
        return Ok(Some(Ingested {
            passed_over: Some(Msg::PassOwnRegister),
            ..Default::default()
        }));
    }
    if let ropa_read::Source::Workbook { sheets, .. } = source
        && reimport::is_ropa_register(sheets)
    {
        let r = reimport::read(path, sheets)?;
        return Ok(Some(Ingested {
            reread: Some(Reread {
                path: path.to_path_buf(),
                activities: r.activities.len(),
                edits: r.edits,
                notes: r.notes,
            }),
            activities: r.activities,
            sources: r.sources,
            ..Default::default()
        }));
    }
    Ok(None)
}

/// The mapping inferred from a file's structure when no mapping matched it, the note
/// that says so, and the draft saved for review.
fn infer(
    path: &Path,
    source: &ropa_read::Source,
) -> Result<(ropa_map::suggest::Draft, Said, Inferred)> {
    let name = path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "inferred".into());
    let draft = match ropa_map::suggest::suggest(path, source, &name) {
        Err(Error::NoBlocks { .. } | Error::NoHeader { .. }) => {
            return Err(no_layout(path, &ropa_map::suggest::infer_layout(source)?));
        }
        other => other?,
    };
    let file_name = format!("{name}.toml");
    let note = Said::Inferred {
        layout: draft.mapping.layout.name().to_string(),
        share: draft.confidence,
        draft: file_name.clone(),
        weak_below: (draft.confidence < WEAK_INFERENCE).then_some(WEAK_INFERENCE),
    };
    let inferred = Inferred {
        path: path.to_path_buf(),
        file_name,
        text: draft.text.clone(),
        confidence: draft.confidence,
    };
    Ok((draft, note, inferred))
}

/// Reads, maps and normalises one file with the mapping chosen for it; a register
/// written by ropa is read back as such when named explicitly, and passed over when met
/// in a folder (`ropa ingest D -o D` run twice must not read its own output). `source_id`
/// names the input in the register (see [`source_ids`]).
pub fn ingest_file(
    path: &Path,
    source_id: &str,
    explicit: bool,
    mappings: &Mappings,
    opts: &IngestOptions,
) -> Result<Ingested> {
    check_input(path, opts.max_input_mb)?;
    let bytes = read_bounded(path, opts.max_input_mb)?;
    if is_gap_report(&bytes) || own_json(&bytes) == Some(OwnJson::Gaps) {
        return Ok(Ingested {
            passed_over: Some(Msg::PassGapReport),
            ..Default::default()
        });
    }
    if own_json(&bytes) == Some(OwnJson::Register) {
        if !explicit {
            return Ok(Ingested {
                passed_over: Some(Msg::PassOwnRegister),
                ..Default::default()
            });
        }
        let register = load_register(path)?;
        return Ok(Ingested {
            activities: register.activities,
            sources: register.sources,
            ..Default::default()
        });
    }
    let mut source = ropa_read::open(path, &bytes, opts.encoding.as_deref())?;
    if let Some(own) = own_output(path, &source, explicit)? {
        return Ok(own);
    }
    let draft;
    let mut inferred = None;
    let mut inferred_notes: Option<Vec<Said>> = None;
    let (mapping, chosen) = match mappings.choose(path, &source) {
        Some(found) => found,
        None => {
            let (d, note, i) = infer(path, &source)?;
            inferred_notes = Some(d.notes.clone());
            draft = d;
            inferred = Some(i);
            (&draft.mapping, Some(note))
        }
    };
    if let (ropa_read::Source::Text(_), None, Some(enc)) =
        (&source, &opts.encoding, &mapping.encoding)
    {
        source = ropa_read::open(path, &bytes, Some(enc))?;
    }
    let mut layout = mapping.layout.clone();
    if let (ropa_read::Layout::Table(t), Some(d)) = (&mut layout, opts.delimiter) {
        t.delimiter = Some(d);
    }
    let matcher = LabelMatcher::new(mapping);
    let is_label = |s: &str| matcher.is_label(s);
    let field_of = |s: &str| matcher.field_of(s);
    let mut doc = match ropa_read::read_source(path, &source, &layout, &is_label, &field_of) {
        // an inferred layout that finds nothing: the file needs a mapping written for it
        Err(Error::NoBlocks { .. } | Error::NoHeader { .. }) if inferred.is_some() => {
            return Err(no_layout(path, &layout));
        }
        other => other?,
    };
    // the file's bytes and text are no longer needed: a large table is not held twice
    drop(source);
    drop(bytes);
    // once, on the reading kept (not on each candidate mapping's probe)
    doc.info.language = ropa_read::language::of_document(&doc);
    let layout_name = match doc.info.shape {
        Some(shape) => format!("document ({})", shape.name()),
        None => mapping.layout.name().to_string(),
    };
    let mapped = ropa_map::map_document(source_id, doc, mapping, &matcher);
    let mut n = ropa_normalise::normalise(mapped, &layout_name);
    n.report.notes.extend(chosen);
    // the other reading the probe found, for `explain`
    if let Some(d) = &inferred_notes {
        n.report.notes.extend(d.iter().cloned());
    }
    Ok(Ingested {
        activities: n.activities,
        sources: vec![n.report],
        inferred,
        ..Default::default()
    })
}

/// The `[rules]` of the `ropa.toml` files next to the inputs.
fn global_config(inputs: &[PathBuf]) -> Result<ropa_rules::config::RuleConfig> {
    let mut config = ropa_rules::config::RuleConfig::default();
    for file in ropa_rules::config::find_files(inputs) {
        let from = file.display().to_string();
        for (rule, level) in ropa_rules::config::load_file(&file)? {
            config.global.insert(rule, (level, from.clone()));
        }
    }
    Ok(config)
}

/// Reads a canonical register written by ropa: `register.xlsx` (edits included) or
/// `register.json`.
pub fn load_register(path: &Path) -> Result<Register> {
    load_register_with_edits(path).map(|(r, _)| r)
}

/// [`load_register`], with what a client changed in a `register.xlsx` since ropa wrote it.
pub fn load_register_with_edits(path: &Path) -> Result<(Register, Option<Reread>)> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    // register.json is read below as ropa's register, not opened as a JSON document
    let workbook = if own_json(&bytes).is_some() {
        None
    } else {
        Some(ropa_read::open(path, &bytes, None)?)
    };
    if let Some(ropa_read::Source::Workbook { sheets, .. }) = workbook {
        if !reimport::is_ropa_register(&sheets) {
            return Err(Error::Unsupported {
                path: path.to_path_buf(),
                message: "this workbook is not a register written by ropa (it has no hidden sheet `ropa`). Run `ropa ingest` on it instead.".into(),
            });
        }
        let mut r = reimport::read(path, &sheets)?;
        r.notes.extend(mixed_set(path, reimport::run_of(&sheets)));
        let reread = Reread {
            path: path.to_path_buf(),
            activities: r.activities.len(),
            edits: r.edits,
            notes: r.notes,
        };
        return Ok((
            Register {
                activities: r.activities,
                sources: r.sources,
            },
            Some(reread),
        ));
    }
    let bad = |message: String| Error::Parse {
        path: path.to_path_buf(),
        place: "register.json".into(),
        message,
    };
    let json: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        bad(format!(
            "not JSON ({e}). Give a register.json or register.xlsx written by ropa."
        ))
    })?;
    // the origins' labels, each once (registers written before the table have none)
    let labels: Vec<String> = json
        .get("labels")
        .cloned()
        .map(serde_json::from_value)
        .transpose()
        .map_err(|e| bad(format!("`labels`: {e}")))?
        .unwrap_or_default();
    let activities = json
        .get("activities")
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| {
            bad("no `activities` list: this is not a register.json written by ropa.".into())
        })?
        .iter()
        .map(|a| ropa_write::json::activity_from_json_with(a, &labels).map_err(&bad))
        .collect::<Result<Vec<_>>>()?;
    // an activity without `format_fields` has those of the one before it, of its source
    let written: Vec<bool> = json
        .get("activities")
        .and_then(serde_json::Value::as_array)
        .map(|r| r.iter().map(|v| v.get("format_fields").is_some()).collect())
        .unwrap_or_default();
    let mut activities = activities;
    ropa_write::json::inherit_format_fields(&mut activities, &written);
    let sources = json
        .get("sources")
        .cloned()
        .map(serde_json::from_value)
        .transpose()
        .map_err(|e| bad(format!("`sources`: {e}")))?
        .unwrap_or_default();
    Ok((
        Register {
            activities,
            sources,
        },
        None,
    ))
}

/// A note when the `register.json` beside a `register.xlsx` was written by another run
/// than the workbook: the two are not one set (a copy, or a run killed before ropa wrote
/// its outputs as one set).
fn mixed_set(xlsx: &Path, run: Option<ropa_write::run::Run>) -> Option<Said> {
    #[derive(serde::Deserialize)]
    struct Head {
        run: Option<ropa_write::run::Run>,
    }
    let run = run?;
    let json = xlsx.with_file_name("register.json");
    let head: Head = serde_json::from_slice(&std::fs::read(&json).ok()?).ok()?;
    let other = head.run?;
    (other.id != run.id).then(|| Said::MixedSet {
        json_time: other.time.to_string(),
        xlsx_time: run.time.to_string(),
    })
}

/// A register read for a workflow (`diff`, `export`): its activities, their findings,
/// and whether its ids came from the file.
pub struct Loaded {
    /// The register.
    pub register: Register,
    /// Its findings.
    pub findings: Vec<Finding>,
    /// Whether the activities' ids were read from the file (a register written by
    /// ropa), not given on reading.
    pub ids_carried: bool,
}

/// Reads any register: a `register.xlsx` or `register.json` written by ropa, or a
/// source register ropa reads (its mapping found as `ingest` finds it).
pub fn load_any(path: &Path, opts: &IngestOptions) -> Result<Loaded> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        let register = load_register(path)?;
        let (findings, _) = check(&register, &[path.to_path_buf()], &opts.gaps)?;
        return Ok(Loaded {
            register,
            findings,
            ids_carried: true,
        });
    }
    let one = IngestOptions {
        inputs: vec![path.to_path_buf()],
        ..opts.clone()
    };
    let mut o = ingest(&one)?;
    if let Some(f) = o.failures.pop() {
        return Err(f.error);
    }
    if o.register.activities.is_empty() && o.rereads.is_empty() {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            message: "no activity was read from it. Check it is a register (`ropa explain` shows how its labels map).".into(),
        });
    }
    Ok(Loaded {
        ids_carried: !o.rereads.is_empty(),
        register: o.register,
        findings: o.findings,
    })
}

/// Runs the rules on a register read back, with the `ropa.toml` next to it.
pub fn check(
    register: &Register,
    inputs: &[PathBuf],
    opts: &GapOptions,
) -> Result<(Vec<Finding>, Vec<ropa_rules::config::Change>)> {
    let config = global_config(inputs)?;
    let findings = config.apply(ropa_rules::check_with(
        &register.activities,
        &register.sources,
        opts,
    ));
    Ok((findings, config.changes()))
}

/// What a long run tells its caller as it goes (the command's progress bar): counts
/// and stages, never a source value.
pub trait Progress: Sync {
    /// The batch holds this many files.
    fn files(&self, _total: usize) {}
    /// One more file was read.
    fn file_done(&self) {}
    /// The run has reached this stage.
    fn stage(&self, _what: &str) {}
}

/// No progress shown.
impl Progress for () {}

/// Runs the whole batch.
pub fn ingest(opts: &IngestOptions) -> Result<Outcome> {
    ingest_with(opts, &())
}

/// Runs the whole batch, saying how far it is.
pub fn ingest_with(opts: &IngestOptions, progress: &dyn Progress) -> Result<Outcome> {
    let mappings = Mappings::load(opts)?;
    let mut config = global_config(&opts.inputs)?;
    let (files, passed_over, failures) = expand_inputs(&opts.inputs);
    let mut out = Outcome {
        failures,
        passed_over,
        ..Default::default()
    };
    // files are read on every core; the results are taken in input order, so the
    // outputs do not depend on the number of threads
    use rayon::prelude::*;
    progress.files(files.len());
    let ids = source_ids(files.iter().map(|(p, _)| p.as_path()));
    let results: Vec<(PathBuf, Result<Ingested>)> = files
        .into_iter()
        .zip(ids)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|((path, explicit), source)| {
            let result = ingest_input(&path, &source, explicit, &mappings, opts);
            progress.file_done();
            (path, result)
        })
        .collect();
    for (path, result) in results {
        match result {
            Ok(n) => {
                out.register.activities.extend(n.activities);
                out.register.sources.extend(n.sources);
                out.rereads.extend(n.reread);
                out.inferred.extend(n.inferred);
                out.passed_over.extend(n.passed_over.map(|why| (path, why)));
            }
            Err(error) => out.failures.push(Failure { path, error }),
        }
    }
    ropa_model::assign_ids(&mut out.register.activities);
    progress.stage("noms des organisations");
    ropa_normalise::entities::consolidate(&mut out.register.activities);
    for s in &out.register.sources {
        let Some(m) = mappings.all().find(|m| m.name == s.mapping) else {
            continue;
        };
        // checked when the mappings were loaded
        let Ok(rules) = ropa_rules::config::parse_table(&m.origin, &m.rules) else {
            continue;
        };
        for (rule, level) in rules {
            config
                .per_source
                .entry(s.source.clone())
                .or_default()
                .insert(rule, (level, format!("mapping « {} »", m.name)));
        }
    }
    progress.stage("contrôles de l'article 30");
    out.findings = config.apply(ropa_rules::check_with(
        &out.register.activities,
        &out.register.sources,
        &opts.gaps,
    ));
    out.rule_changes = config.changes();
    Ok(out)
}

#[cfg(test)]
mod own_json_tests {
    use super::{OwnJson, own_json};

    /// register.json and gaps.json are told apart however long their run's list of
    /// inputs is (past 4 KiB here), compact or indented, and a tool's JSON is neither.
    #[test]
    fn ropa_json_outputs_are_told_by_the_key_after_their_run() {
        let inputs: Vec<String> = (0..300)
            .map(|i| format!("\"client-{i} \\\"x\\\".xlsx\""))
            .collect();
        let run = format!(
            "{{\"run\":{{\"id\":\"ab\",\"ropa\":\"0.1.0\",\"time\":\"t\",\"inputs\":[{}]}}",
            inputs.join(",")
        );
        assert!(run.len() > 4 << 10);
        let register = format!("{run},\"labels\":[],\"activities\":[]}}");
        let gaps = format!("{run},\"findings\":[]}}");
        assert_eq!(own_json(register.as_bytes()), Some(OwnJson::Register));
        assert_eq!(own_json(gaps.as_bytes()), Some(OwnJson::Gaps));
        let pretty = "{\n  \"run\": {\n    \"id\": \"ab\",\n    \"ropa\": \"0.1.0\"\n  },\n  \"findings\": []\n}";
        assert_eq!(own_json(pretty.as_bytes()), Some(OwnJson::Gaps));
        let tool = "{\"run\":{\"id\":\"x\",\"tool\":\"other\"},\"activities\":[]}";
        assert_eq!(own_json(tool.as_bytes()), None);
        assert_eq!(own_json(b"{\"traitements\":[]}"), None);
    }
}
