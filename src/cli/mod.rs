//! The command line: `ropa ingest`. `main` maps the outcome to a documented exit code.

mod progress;
mod summary;
mod workflows;

use crate::pipeline::{self, IngestOptions};
use clap::{Parser, Subcommand};
use ropa_model::Lang;
use ropa_normalise::dates;
use ropa_rules::rules::pick;
use ropa_rules::{GapOptions, Severity};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `--lang fr|en`: the library's [`Lang`] knows nothing of the command line, so the
/// command line says how its values are spelled.
pub(crate) fn lang_arg() -> impl clap::builder::TypedValueParser<Value = Lang> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new([
        PossibleValue::new("fr").help("Français (default)"),
        PossibleValue::new("en").help("English"),
    ])
    .map(|s| if s == "en" { Lang::En } else { Lang::Fr })
}

/// How much of the provenance register.xlsx writes (`--provenance`).
#[derive(Clone, Copy, Debug, Default, PartialEq, clap::ValueEnum)]
enum ProvenanceArg {
    /// Its `Provenance` sheet for the first 5,000 activities (register.json has every
    /// origin).
    #[default]
    Capped,
    /// Its `Provenance` sheet for every activity, however many.
    Full,
}

/// Which law the rules judge a register under (`--law`).
#[derive(Clone, Copy, Debug, Default, clap::ValueEnum)]
pub(crate) enum LawArg {
    /// Each source's, from where its controller is: the UK GDPR for a controller shown
    /// to be in the UK, the EU GDPR otherwise.
    #[default]
    Auto,
    /// The EU GDPR for every source.
    Eu,
    /// The UK GDPR for every source (a controller established in the UK).
    Uk,
}

impl LawArg {
    /// The law asked for, `None` for each source's own.
    pub(crate) fn law(self) -> Option<ropa_rules::Law> {
        match self {
            LawArg::Auto => None,
            LawArg::Eu => Some(ropa_rules::Law::EuGdpr),
            LawArg::Uk => Some(ropa_rules::Law::UkGdpr),
        }
    }
}

/// Exit codes, written down once (see README).
pub mod exit {
    /// Every input read, outputs written.
    pub const OK: u8 = 0;
    /// Every input read, outputs written, and findings at or over `--fail-on`.
    pub const FINDINGS: u8 = 1;
    /// A usage error, an invalid mapping, an input that could not be read, or an output
    /// that could not be written. The other inputs were still read and written.
    pub const INPUT_ERROR: u8 = 2;
}

#[derive(Parser)]
#[command(
    name = "ropa",
    version,
    about = "Turns registers of processing activities (GDPR Art. 30) into one canonical register and a gap report.",
    long_about = "ropa reads the registers organisations keep (Word and OpenDocument documents, Excel and LibreOffice workbooks, TSV/CSV sheets, Markdown and HTML pages, plain text, RoPA tools' JSON and YAML data), maps each column or label onto the canonical Article 30 model, and writes a unified register.xlsx, a gap report (gaps.xlsx) and their JSON forms.\n\nExit codes: 0 success; 1 findings at or over --fail-on; 2 usage error, invalid mapping or configuration, or an input that could not be read (the others are still processed)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read registers and write the unified register and the gap report.
    #[command(
        after_help = "Examples:\n  ropa ingest fixtures -o out\n  ropa ingest client.tsv -m mappings/client.toml -o out\n  ropa ingest registres/ --mappings my-mappings/ --as-of 2026-01-01 -o out"
    )]
    Ingest(IngestArgs),
    /// List the gap rules, or explain one.
    #[command(
        after_help = "Examples:\n  ropa rules\n  ropa rules A30-1f\n  ropa rules --lang en A35-dpia\n  ropa rules --markdown > docs/rules.md"
    )]
    Rules(RulesArgs),
    /// Run the gap rules again on a canonical register.xlsx or register.json.
    #[command(
        after_help = "Examples:\n  ropa gaps out/register.xlsx -o out\n  ropa gaps out/register.json -o out --fail-on error"
    )]
    Gaps(GapsArgs),
    /// Check mapping files: keys, field ids, regexes, labels pinned twice.
    #[command(after_help = "Examples:\n  ropa check mappings/*.toml\n  ropa check my-mapping.toml")]
    Check(CheckArgs),
    /// Write a draft mapping for a file never seen (its layout and each label's field).
    #[command(
        after_help = "Examples:\n  ropa suggest client.docx.txt > client.toml\n  ropa check client.toml\n  ropa ingest client.docx.txt -m client.toml -o out"
    )]
    Suggest(SuggestArgs),
    /// Show how each label of an input is mapped, and by which mapping.
    #[command(
        after_help = "Examples:\n  ropa explain client.xlsx\n  ropa explain client.tsv -m my-mapping.toml"
    )]
    Explain(ExplainArgs),
    /// What changed between two registers: activities added, removed, changed field by field, findings closed and opened.
    #[command(
        after_help = "Examples:\n  ropa diff last-year/register.xlsx out/register.xlsx -o review\n  ropa diff old.xlsx new.xlsx -o review --fail-on-change"
    )]
    Diff(workflows::DiffArgs),
    /// One register and gap report per client folder, and portfolio.xlsx across them.
    #[command(
        after_help = "Examples:\n  ropa portfolio clients/ -o out\n  ropa portfolio clients/ -o out --lang en"
    )]
    Portfolio(workflows::PortfolioArgs),
    /// Write the register in another tool's format: csv, cnil, ico, ciso-assistant, dpv (JSON-LD).
    #[command(
        after_help = "Examples:\n  ropa export out/register.xlsx --to cnil -o registre-cnil.xlsx\n  ropa export out/register.json --to dpv -o register.jsonld"
    )]
    Export(workflows::ExportArgs),
    /// Print a shell's completion script for ropa (bash, zsh, fish, powershell, elvish).
    #[command(
        after_help = "Examples:\n  ropa completions bash > ~/.local/share/bash-completion/completions/ropa\n  ropa completions zsh > ~/.zfunc/_ropa"
    )]
    Completions(CompletionsArgs),
    /// Print ropa's manual page (roff), for `man`.
    #[command(after_help = "Examples:\n  ropa man > ~/.local/share/man/man1/ropa.1 && man ropa")]
    Man,
}

#[derive(clap::Args)]
struct CompletionsArgs {
    /// The shell.
    shell: clap_complete::Shell,
}

/// `ropa completions SHELL`: the script on standard output.
fn completions(args: &CompletionsArgs) -> u8 {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "ropa", &mut std::io::stdout());
    exit::OK
}

/// `ropa man`: the manual page on standard output, every subcommand's options in it.
fn man() -> u8 {
    use clap::CommandFactory;
    let cmd = Cli::command();
    let mut out = Vec::new();
    let rendered = clap_mangen::Man::new(cmd.clone())
        .render(&mut out)
        .and_then(|()| {
            // each command's synopsis and options after the page, under its name
            for sub in cmd.get_subcommands().filter(|c| c.get_name() != "help") {
                let name = format!("ropa {}", sub.get_name());
                out.extend(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
                let page = clap_mangen::Man::new(sub.clone().bin_name(name));
                page.render_synopsis_section(&mut out)?;
                page.render_description_section(&mut out)?;
                page.render_options_section(&mut out)?;
            }
            Ok(())
        });
    if let Err(e) = rendered {
        eprintln!("error: the manual page could not be written: {e}");
        return exit::INPUT_ERROR;
    }
    use std::io::Write;
    match std::io::stdout().write_all(&out) {
        Ok(()) => exit::OK,
        Err(e) => {
            eprintln!("error: standard output: {e}");
            exit::INPUT_ERROR
        }
    }
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Mapping files.
    #[arg(required_unless_present = "schema")]
    mappings: Vec<PathBuf>,
    /// Print the JSON Schema of the mapping format (mappings/schema.json) instead.
    #[arg(long)]
    schema: bool,
}

#[derive(clap::Args)]
struct SuggestArgs {
    /// The register to write a mapping for.
    input: PathBuf,
    /// The mapping's name (the file's name by default).
    #[arg(long)]
    name: Option<String>,
}

fn suggest(args: &SuggestArgs) -> u8 {
    let result = ropa_read::open_file(&args.input, None).and_then(|source| {
        let name = args.name.clone().unwrap_or_else(|| {
            args.input
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "draft".into())
        });
        ropa_map::suggest::suggest(&args.input, &source, &name)
    });
    match result {
        Ok(d) => {
            print!("{}", d.text);
            eprintln!(
                "{}: {} layout, {:.0} % of its labels matched to a field",
                args.input.display(),
                d.mapping.layout.name(),
                d.confidence * 100.0
            );
            exit::OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit::INPUT_ERROR
        }
    }
}

#[derive(clap::Args)]
struct ExplainArgs {
    /// The register to explain.
    input: PathBuf,
    /// A mapping file to use, as with `ingest -m`.
    #[arg(short, long = "mapping")]
    mapping: Vec<PathBuf>,
    /// A folder of mapping files, as with `ingest --mappings`.
    #[arg(long = "mappings")]
    mappings: Vec<PathBuf>,
    /// Also show the activities' names (source text).
    #[arg(short, long)]
    verbose: bool,
    /// Language of the explanation (the field ids are the mappings' own, in English).
    #[arg(long, value_parser = lang_arg(), default_value = "fr")]
    lang: Lang,
}

mod roles {
    //! What `ropa explain` says of each block of a source: an activity and where its
    //! fields were read, the register's own values, what is not an activity, what was
    //! set aside and why. Places and labels only; names with `-v`.

    use ropa_model::{Activity, Lang, Said, SourceReport};
    use ropa_rules::rules::pick;
    use ropa_write::words::said;
    use std::collections::BTreeMap;
    use std::fmt::Write;

    /// The roles of one source's blocks, as text, in `lang`.
    pub fn render(s: &SourceReport, activities: &[Activity], verbose: bool, lang: Lang) -> String {
        let mut out = format!("  {}\n", pick(["blocs :", "blocks:"], lang));
        for a in activities.iter().filter(|a| a.source == s.source) {
            let title = a
                .provenance
                .get(&ropa_model::Field::Name)
                .and_then(|o| o.first())
                .map(|o| o.place.clone())
                .unwrap_or_else(|| "—".into());
            let name = match (verbose, a.fields.get(&ropa_model::Field::Name)) {
                (true, Some(v)) => format!(" « {} »", v.display_text()),
                _ => String::new(),
            };
            let fields: Vec<String> = a
                .provenance
                .iter()
                .filter(|(f, _)| f.level() == ropa_model::fields::Level::Activity)
                .map(|(f, o)| {
                    let places: Vec<&str> = o.iter().map(|o| o.place.as_str()).collect();
                    format!("{} ({})", f.id(), places.join(", "))
                })
                .collect();
            let line = if lang == Lang::Fr {
                format!(
                    "activité {}{name} : titre en {title} ; {} champs : {}",
                    a.index,
                    fields.len(),
                    fields.join(", ")
                )
            } else {
                format!(
                    "activity {}{name}: title at {title}; {} fields: {}",
                    a.index,
                    fields.len(),
                    fields.join(", ")
                )
            };
            let _ = writeln!(out, "    {line}");
        }
        if let Some(a) = activities.iter().find(|a| a.source == s.source) {
            let register: Vec<String> = a
                .provenance
                .iter()
                .filter(|(f, _)| f.level() == ropa_model::fields::Level::Register)
                .map(|(f, o)| {
                    let places: Vec<&str> = o.iter().map(|o| o.place.as_str()).collect();
                    format!("{} ({})", f.id(), places.join(", "))
                })
                .collect();
            if !register.is_empty() {
                let _ = writeln!(
                    out,
                    "    {} {}",
                    pick(["niveau du registre :", "register level:"], lang),
                    register.join(", ")
                );
            }
        }
        let mut aside: BTreeMap<&str, usize> = BTreeMap::new();
        let mut loose = 0;
        for e in &s.extra {
            match &e.reason {
                Said::OutsideActivities { section, .. } => {
                    *aside.entry(section.as_str()).or_default() += 1
                }
                _ => loose += 1,
            }
        }
        for (section, n) in &aside {
            let line = if lang == Lang::Fr {
                format!(
                    "pas une activité : « {section} » ({n} valeurs, non mappées au niveau du registre)"
                )
            } else {
                format!("not an activity: “{section}” ({n} values, register-level extra)")
            };
            let _ = writeln!(out, "    {line}");
        }
        if loose > 0 {
            let line = if lang == Lang::Fr {
                format!(
                    "non mappé au niveau du registre : {loose} valeurs sans champ (titres, notes, libellés inconnus)"
                )
            } else {
                format!(
                    "register-level extra: {loose} values with no field (titles, notes, unknown labels)"
                )
            };
            let _ = writeln!(out, "    {line}");
        }
        let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
        for i in &s.ignored {
            *reasons.entry(said(&i.reason, lang)).or_default() += 1;
        }
        for (why, n) in reasons {
            let _ = writeln!(
                out,
                "    {} {n} × {why}",
                pick(["écarté :", "set aside:"], lang)
            );
        }
        out
    }
}

fn check(args: &CheckArgs) -> u8 {
    if args.schema {
        print!("{}", ropa_map::mapping::schema_json());
        return exit::OK;
    }
    let mut bad = 0;
    for path in &args.mappings {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {}: cannot read the file: {e}", path.display());
                bad += 1;
                continue;
            }
        };
        let parsed = ropa_map::Mapping::parse(path, &text)
            .and_then(|m| ropa_rules::config::parse_table(path, &m.rules).map(|_| m));
        match parsed {
            Err(e) => {
                eprintln!("error: {e}");
                bad += 1;
            }
            Ok(m) => {
                // alternatives (a French and an English label) are legitimate; a file that
                // holds both would give the field two values, so it is said, not refused
                for p in m.lint(&text) {
                    eprintln!("warning: {}: {p}", path.display());
                }
                println!(
                    "{}: ok (mapping « {} », layout {}, {} labels pinned)",
                    path.display(),
                    m.name,
                    m.layout.name(),
                    m.pins.len()
                );
            }
        }
    }
    if bad == 0 {
        exit::OK
    } else {
        exit::INPUT_ERROR
    }
}

fn explain(args: &ExplainArgs) -> u8 {
    use ropa_model::Said;
    use ropa_write::words::said;
    let lang = args.lang;
    let opts = IngestOptions {
        inputs: vec![args.input.clone()],
        mapping_files: args.mapping.clone(),
        mapping_dirs: args.mappings.clone(),
        ..Default::default()
    };
    let outcome = match pipeline::ingest(&opts) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::INPUT_ERROR;
        }
    };
    for f in &outcome.failures {
        eprintln!("error: {}", f.error);
    }
    for s in &outcome.register.sources {
        if lang == Lang::Fr {
            println!(
                "{} : mapping « {} », disposition {}",
                s.source, s.mapping, s.layout
            );
        } else {
            println!("{}: mapping “{}”, layout {}", s.source, s.mapping, s.layout);
        }
        for n in s.notes.iter().filter(|n| {
            matches!(
                n,
                Said::ChosenByContent { .. }
                    | Said::Layout { .. }
                    | Said::RunnerUp { .. }
                    | Said::Inferred { .. }
            )
        }) {
            println!("  {}", said(n, lang));
        }
        if let Some(l) = &s.language {
            println!("  {} {l}", pick(["langue :", "language:"], lang));
        }
        print!(
            "{}",
            roles::render(s, &outcome.register.activities, args.verbose, lang)
        );
        let width = s
            .labels
            .iter()
            .map(|l| l.label.chars().count().min(60))
            .max()
            .unwrap_or(0);
        for l in &s.labels {
            let label: String = l.label.chars().take(60).collect();
            println!(
                "  {label:width$}  → {:18} {}",
                l.target
                    .as_deref()
                    .unwrap_or(pick(["(non mappé)", "(extra)"], lang)),
                said(&l.how, lang)
            );
        }
    }
    for r in &outcome.rereads {
        println!(
            "{}{}",
            r.path.display(),
            pick(
                [
                    " : un registre écrit par ropa ; ses colonnes sont les champs de ropa",
                    ": a register written by ropa; its columns are ropa's own fields"
                ],
                lang
            )
        );
    }
    if outcome.failures.is_empty() {
        exit::OK
    } else {
        exit::INPUT_ERROR
    }
}

#[derive(clap::Args)]
struct GapsArgs {
    /// A register.xlsx or register.json written by ropa (edited or not).
    input: PathBuf,
    /// Output folder for gaps.xlsx, gaps.json, gaps.md and gaps.html.
    #[arg(short, long)]
    output: PathBuf,
    /// The date the staleness rule takes as today (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<String>,
    /// Exit with code 1 when there are findings of this severity or worse.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Language of headers, messages and the report.
    #[arg(long, value_parser = lang_arg(), default_value = "fr")]
    lang: Lang,
    /// Who prepared the gap report, named on its scope section.
    #[arg(long, value_name = "NAME")]
    prepared_by: Option<String>,
    /// The law to judge the register under: each source's from where its controller is
    /// (auto), or the EU or UK GDPR for all.
    #[arg(long, value_enum, default_value = "auto")]
    law: LawArg,
    /// Indent register.json and gaps.json for reading (compact by default).
    #[arg(long)]
    pretty: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

/// The severity at which `--fail-on` makes the exit code 1.
#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    /// Findings of severity error.
    Error,
    /// Findings of severity error or warning.
    Warning,
}

#[derive(clap::Args)]
struct RulesArgs {
    /// A rule's code (`A30-1f`); all rules when absent.
    code: Option<String>,
    /// Print the page docs/rules.md.
    #[arg(long)]
    markdown: bool,
    /// Language.
    #[arg(long, value_parser = lang_arg(), default_value = "fr")]
    lang: Lang,
}

fn rules(args: &RulesArgs) -> u8 {
    use ropa_rules::rules;
    if args.markdown {
        print!("{}", rules::markdown());
        return exit::OK;
    }
    match &args.code {
        None => {
            print!("{}", rules::list(args.lang));
            exit::OK
        }
        Some(code) => match rules::find(code) {
            Some(r) => {
                print!("{}", rules::explain(r, args.lang));
                exit::OK
            }
            None => {
                eprintln!(
                    "ropa: no rule `{code}`. `ropa rules` lists them; the codes are: {}",
                    rules::RULES
                        .iter()
                        .map(|r| r.code)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                exit::INPUT_ERROR
            }
        },
    }
}

#[derive(clap::Args)]
struct IngestArgs {
    /// Register files, or folders of them: Word and OpenDocument text (docx, odt), workbooks (xlsx, xlsm, xlsb, xls, ods), delimited text (tsv, csv, tab, txt), Markdown (md, markdown), web pages (html, htm) and RoPA tools' JSON or YAML data (json, yaml, yml); or a register.xlsx written by ropa.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output folder (created if needed).
    #[arg(short, long)]
    output: PathBuf,
    /// A mapping file to use; tried before the built-in ones (repeatable).
    #[arg(short, long = "mapping")]
    mapping: Vec<PathBuf>,
    /// A folder of mapping files to add to the built-in ones (repeatable).
    #[arg(long = "mappings")]
    mappings: Vec<PathBuf>,
    /// The date the staleness rule takes as today (YYYY-MM-DD), for reproducible runs.
    #[arg(long, value_parser = parse_date)]
    as_of: Option<String>,
    /// The encoding of text inputs (UTF-8, UTF-16LE, windows-1252, ISO-8859-15…), when the guess is wrong.
    #[arg(long, value_parser = parse_encoding)]
    encoding: Option<String>,
    /// The delimiter of text tables ("tab", ";", ",", "|"), when the guess is wrong.
    #[arg(long, value_parser = parse_delimiter)]
    delimiter: Option<char>,
    /// Language of headers and messages.
    #[arg(long, value_parser = lang_arg(), default_value = "fr")]
    lang: Lang,
    /// Who prepared the gap report (a consultant, a DPO), named on its scope section.
    #[arg(long, value_name = "NAME")]
    prepared_by: Option<String>,
    /// The law to judge the register under: each source's from where its controller is
    /// (auto), or the EU or UK GDPR for all.
    #[arg(long, value_enum, default_value = "auto")]
    law: LawArg,
    /// register.xlsx's Provenance sheet (where each value was read): for the first 5,000
    /// activities, or for every one; register.json has every origin either way.
    #[arg(long, value_enum, default_value = "capped")]
    provenance: ProvenanceArg,
    /// Indent register.json and gaps.json for reading (compact by default).
    #[arg(long)]
    pretty: bool,
    /// Exit with code 1 when there are findings of this severity or worse (for scripts and CI).
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Leave the built-in mappings out: inputs no -m or --mappings mapping matches are read with an inferred mapping.
    #[arg(long)]
    no_builtin: bool,
    /// The largest input read, in MiB (default 512); larger files are refused with what to do.
    #[arg(long, value_name = "MIB", default_value_t = crate::pipeline::DEFAULT_MAX_INPUT_MB)]
    max_input_mb: u64,
    /// Also print what each label matched and the values kept aside (may show personal data).
    #[arg(short, long)]
    verbose: bool,
    /// Print nothing but errors: no summary, and no progress bar (shown on a terminal for runs past half a second).
    #[arg(short, long)]
    quiet: bool,
}

fn parse_encoding(s: &str) -> Result<String, String> {
    ropa_read::decode::encoding_for(s)
        .map(|_| s.to_string())
        .ok_or_else(|| {
            format!("`{s}` is not an encoding name; use one such as UTF-8, UTF-16LE, windows-1252 or ISO-8859-15")
        })
}

pub(crate) fn parse_delimiter(s: &str) -> Result<char, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok('\t'),
        ";" | "," | "|" => s.chars().next().ok_or_else(String::new),
        _ => Err(format!(
            "`{s}` is not a delimiter ropa reads; use tab, \";\", \",\" or \"|\""
        )),
    }
}

fn parse_date(s: &str) -> Result<String, String> {
    dates::parse_iso(s)
        .map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
        .ok_or_else(|| format!("`{s}` is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31"))
}

/// Runs the command line and returns its exit code.
pub fn main() -> ExitCode {
    // a panic inside a reader's library is reported as that file's error (see
    // pipeline::ingest_input); the default hook would print the library's message, which
    // may quote the file's content, so only where it happened is said
    std::panic::set_hook(Box::new(|info| {
        // `ropa explain … | head`: the reader closed the pipe, which is no error of
        // ropa's (println! panics on it); stop quietly, as a Unix tool does
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.contains("Broken pipe") {
            std::process::exit(i32::from(exit::OK));
        }
        // said once: a library that stops on a full disk stops on every sheet it was
        // writing, and the error below names what it affected
        static SAID: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        if SAID.swap(true, std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("ropa: a library stopped{at}; what it affected is said below");
    }));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::INPUT_ERROR
            } else {
                exit::OK
            });
        }
    };
    match cli.command {
        Command::Ingest(args) => ExitCode::from(ingest(&args)),
        Command::Rules(args) => ExitCode::from(rules(&args)),
        Command::Gaps(args) => ExitCode::from(gaps(&args)),
        Command::Check(args) => ExitCode::from(check(&args)),
        Command::Suggest(args) => ExitCode::from(suggest(&args)),
        Command::Explain(args) => ExitCode::from(explain(&args)),
        Command::Diff(args) => ExitCode::from(workflows::diff(&args)),
        Command::Portfolio(args) => ExitCode::from(workflows::portfolio(&args)),
        Command::Export(args) => ExitCode::from(workflows::export(&args)),
        Command::Completions(args) => ExitCode::from(completions(&args)),
        Command::Man => ExitCode::from(man()),
    }
}

/// Whether an output path is one of the inputs (never write over a client's file).
fn is_input(out: &Path, inputs: &[PathBuf]) -> bool {
    let Ok(out) = out.canonicalize() else {
        return false;
    };
    inputs
        .iter()
        .filter_map(|i| i.canonicalize().ok())
        .any(|i| i == out)
}

fn ingest(args: &IngestArgs) -> u8 {
    // a killed run's half-committed set is made whole first, whatever this run reads
    if let Err(e) = ropa_write::tidy(&args.output) {
        eprintln!("error: {e}");
        return exit::INPUT_ERROR;
    }
    let opts = IngestOptions {
        inputs: args.inputs.clone(),
        mapping_files: args.mapping.clone(),
        mapping_dirs: args.mappings.clone(),
        gaps: GapOptions {
            as_of: args.as_of.clone().unwrap_or_else(dates::today),
            lang: args.lang,
            law: args.law.law(),
        },
        encoding: args.encoding.clone(),
        delimiter: args.delimiter,
        no_builtin: args.no_builtin,
        max_input_mb: args.max_input_mb,
    };
    let bar = progress::Bar::new(!args.quiet);
    let outcome = match pipeline::ingest_with(&opts, &bar) {
        Ok(o) => o,
        Err(e) => {
            bar.finish();
            eprintln!("error: {e}");
            return exit::INPUT_ERROR;
        }
    };
    if outcome.register.sources.is_empty() && outcome.rereads.is_empty() {
        bar.finish();
        for f in &outcome.failures {
            eprintln!("error: {}", f.error);
        }
        for (p, why) in &outcome.passed_over {
            eprintln!(
                "{}",
                ropa_write::i18n::Msg::SumPassedOver
                    .fill(args.lang, &[&p.display(), &why.text(args.lang)])
            );
        }
        eprintln!(
            "error: no input could be read, so nothing was written; the files already in {} are as they were. Check the paths given.",
            args.output.display()
        );
        return exit::INPUT_ERROR;
    }
    pipeline::Progress::stage(&bar, "écriture des sorties");
    let written = write_outputs(
        &args.output,
        &args.inputs,
        Some(&outcome.register),
        Report {
            activities: &outcome.register.activities,
            findings: &outcome.findings,
            changes: &outcome.rule_changes,
        },
        ropa_write::Style {
            lang: args.lang,
            pretty: args.pretty,
        },
        ropa_write::run::Scope {
            as_of: args.as_of.clone(),
            prepared_by: args.prepared_by.clone(),
            full_provenance: args.provenance == ProvenanceArg::Full,
        },
    );
    let drafts = write_drafts(&args.output, &outcome.inferred);
    pipeline::Progress::stage(&bar, "fin");
    bar.finish();
    for f in &outcome.failures {
        eprintln!("error: {}", f.error);
    }
    if let Err(e) = written.and(drafts) {
        eprintln!("error: {e}");
        return exit::INPUT_ERROR;
    }
    if !args.quiet {
        print!(
            "{}",
            summary::render(&outcome, &args.output, args.verbose, args.lang)
        );
    }
    let code = if !outcome.failures.is_empty() {
        exit::INPUT_ERROR
    } else {
        findings_code(&outcome.findings, args.fail_on)
    };
    // the process ends with this run: its memory goes back whole, and freeing a large
    // register's millions of strings one by one was the last tenth of a second of a
    // 20,000-activity run, on one core
    std::mem::forget(outcome);
    code
}

/// Saves the mappings inferred for inputs to `OUT/mappings/`, for review and reuse.
fn write_drafts(dir: &Path, inferred: &[pipeline::Inferred]) -> Result<(), String> {
    if inferred.is_empty() {
        return Ok(());
    }
    let folder = dir.join("mappings");
    std::fs::create_dir_all(&folder)
        .map_err(|e| format!("{}: cannot create the folder: {e}", folder.display()))?;
    // on every core: a folder of 1,000 unknown files has 1,000 drafts, each synced
    use rayon::prelude::*;
    inferred
        .par_iter()
        .try_for_each(|i| ropa_write::write_atomic(&folder.join(&i.file_name), i.text.as_bytes()))
        .map_err(|e| e.to_string())
}

/// 1 when findings reach `--fail-on`, else 0.
fn findings_code(findings: &[ropa_rules::Finding], fail_on: Option<FailOn>) -> u8 {
    let failing = |sev: Severity| match fail_on {
        Some(FailOn::Error) => sev == Severity::Error,
        Some(FailOn::Warning) => sev <= Severity::Warning,
        None => false,
    };
    if findings.iter().any(|f| failing(f.severity)) {
        exit::FINDINGS
    } else {
        exit::OK
    }
}

/// What the gap report is made of: the activities, their findings and the changes of
/// the rules' configuration.
#[derive(Clone, Copy)]
pub(crate) struct Report<'a> {
    activities: &'a [ropa_model::Activity],
    findings: &'a [ropa_rules::Finding],
    changes: &'a [ropa_rules::config::Change],
}

/// Writes the outputs into `dir` (the register's only when `register` is given), never
/// over an input.
fn write_outputs(
    dir: &Path,
    inputs: &[PathBuf],
    register: Option<&ropa_model::Register>,
    report: Report<'_>,
    style: ropa_write::Style,
    scope: ropa_write::run::Scope,
) -> Result<(), String> {
    let Report {
        activities,
        findings,
        changes,
    } = report;
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: cannot create the output folder: {e}", dir.display()))?;
    let mut targets = vec!["gaps.xlsx", "gaps.json", "gaps.md", "gaps.html"];
    if register.is_some() {
        targets.extend(["register.xlsx", "register.json"]);
    }
    if let Some(clash) = targets
        .iter()
        .map(|t| dir.join(t))
        .find(|p| is_input(p, inputs))
    {
        return Err(format!(
            "{}: this output would overwrite an input. Choose another folder with -o.",
            clash.display()
        ));
    }
    // a panic inside a writer's library (a full disk in rust_xlsxwriter) is an error of
    // the run: the staged set is dropped, and the previous outputs stay whole
    // the run's record: the sources read (a register read back names its own)
    let run = ropa_write::run::Run::new(match register {
        Some(r) => r.sources.iter().map(|s| s.source.clone()).collect(),
        None => inputs.iter().map(|p| p.display().to_string()).collect(),
    })
    .scoped(scope);
    let write = || ropa_write::outputs(dir, &run, register, activities, findings, changes, style);
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(write)) {
        Ok(result) => result.map_err(|e| e.to_string()),
        Err(_) => Err(format!(
            "{}: the outputs could not be written (the disk may be full, or the folder unwritable); the previous outputs are as they were. Free some space or choose another folder with -o.",
            dir.display()
        )),
    }
}

/// `ropa gaps FILE`: the rules again on a canonical register, sources not re-read.
fn gaps(args: &GapsArgs) -> u8 {
    if let Err(e) = ropa_write::tidy(&args.output) {
        eprintln!("error: {e}");
        return exit::INPUT_ERROR;
    }
    let (register, reread) = match pipeline::load_register_with_edits(&args.input) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::INPUT_ERROR;
        }
    };
    let opts = GapOptions {
        as_of: args.as_of.clone().unwrap_or_else(dates::today),
        lang: args.lang,
        law: args.law.law(),
    };
    let (findings, changes) =
        match pipeline::check(&register, std::slice::from_ref(&args.input), &opts) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("error: {e}");
                return exit::INPUT_ERROR;
            }
        };
    if let Err(e) = write_outputs(
        &args.output,
        std::slice::from_ref(&args.input),
        None,
        Report {
            activities: &register.activities,
            findings: &findings,
            changes: &changes,
        },
        ropa_write::Style {
            lang: args.lang,
            pretty: args.pretty,
        },
        ropa_write::run::Scope {
            as_of: args.as_of.clone(),
            prepared_by: args.prepared_by.clone(),
            full_provenance: false,
        },
    ) {
        eprintln!("error: {e}");
        return exit::INPUT_ERROR;
    }
    if !args.quiet {
        if let Some(r) = &reread {
            print!("{}", summary::reread(r, args.lang));
        }
        println!(
            "{}",
            ropa_write::i18n::Msg::SumGaps.fill(
                args.lang,
                &[
                    &args.input.display(),
                    &ropa_write::counts::counted(
                        register.activities.len(),
                        ropa_write::counts::ACTIVITIES,
                        args.lang
                    ),
                    &ropa_write::counts::severity_counts(&findings, args.lang),
                    &args.output.display()
                ]
            )
        );
    }
    findings_code(&findings, args.fail_on)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// `ingest --help` names every format a folder is read for, so the two cannot drift.
    #[test]
    fn ingest_help_names_every_input_format() {
        let mut cli = super::Cli::command();
        let help = cli
            .find_subcommand_mut("ingest")
            .map(|c| c.render_long_help().to_string())
            .unwrap_or_default();
        for ext in crate::pipeline::REGISTER_EXTENSIONS {
            assert!(
                help.contains(&format!("{ext},")) || help.contains(&format!("{ext})")),
                "ingest --help does not name {ext}:\n{help}"
            );
        }
    }
}
