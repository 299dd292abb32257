//! The consultant's commands: `ropa diff` (what changed since the last review) and
//! `ropa portfolio` (one register and report per client, and a view across them).

use super::exit;
use crate::pipeline::{self, IngestOptions};
use ropa_model::Lang;
use ropa_normalise::dates;
use ropa_rules::GapOptions;
use ropa_rules::rules::pick;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct DiffArgs {
    /// The register of the last review (ropa's register.xlsx or register.json, or a source register).
    pub old: PathBuf,
    /// The register now.
    pub new: PathBuf,
    /// Output folder for diff.xlsx, diff.md and diff.json.
    #[arg(short, long, default_value = "out")]
    pub output: PathBuf,
    /// Exit with code 1 when an activity was added, removed or changed (for scripts).
    #[arg(long)]
    pub fail_on_change: bool,
    #[command(flatten)]
    pub run: RunArgs,
}

/// What every workflow command takes: the rules' "today", the language, quietness.
#[derive(clap::Args)]
pub struct RunArgs {
    /// "Today" for the staleness rule, YYYY-MM-DD (a date that exists, as ingest asks).
    #[arg(long, value_parser = super::parse_date)]
    pub as_of: Option<String>,
    /// Language of the outputs.
    #[arg(long, value_parser = super::lang_arg(), default_value = "fr")]
    pub lang: Lang,
    /// The law to judge the registers under: each source's from where its controller is
    /// (auto), or the EU or UK GDPR for all.
    #[arg(long, value_enum, default_value = "auto")]
    pub law: super::LawArg,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

impl RunArgs {
    /// The options of the rules.
    fn gaps(&self) -> GapOptions {
        GapOptions {
            as_of: self.as_of.clone().unwrap_or_else(dates::today),
            lang: self.lang,
            law: self.law.law(),
        }
    }
}

/// `ropa diff OLD NEW`.
pub fn diff(args: &DiffArgs) -> u8 {
    let opts = IngestOptions {
        gaps: args.run.gaps(),
        ..Default::default()
    };
    let load = |p: &PathBuf| pipeline::load_any(p, &opts);
    let (old, new) = match (load(&args.old), load(&args.new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return exit::INPUT_ERROR;
        }
    };
    fn side(l: &pipeline::Loaded) -> ropa_rules::compare::Side<'_> {
        ropa_rules::compare::Side {
            activities: &l.register.activities,
            findings: &l.findings,
            ids_carried: l.ids_carried,
        }
    }
    let d = ropa_rules::compare::diff(&side(&old), &side(&new));
    let (old_name, new_name) = (
        args.old.display().to_string(),
        args.new.display().to_string(),
    );
    let compared = ropa_write::diff::Compared {
        old_name: &old_name,
        old: &old.register.activities,
        new_name: &new_name,
        new: &new.register.activities,
    };
    if let Err(e) = ropa_write::diff::write(&args.output, &compared, &d, args.run.lang) {
        eprintln!("error: {e}");
        return exit::INPUT_ERROR;
    }
    if let Some(w) = ropa_write::diff::other_controllers(&d, args.run.lang)
        && !args.run.quiet
    {
        eprintln!("{w}");
    }
    if !args.run.quiet {
        println!("{}", ropa_write::diff::counts(&d, args.run.lang));
        println!(
            "{} diff.xlsx, diff.md, diff.json {} {}",
            ropa_rules::rules::pick(["écrit", "wrote"], args.run.lang),
            ropa_rules::rules::pick(["dans", "in"], args.run.lang),
            args.output.display()
        );
    }
    if args.fail_on_change && d.has_changes() {
        exit::FINDINGS
    } else {
        exit::OK
    }
}

#[derive(clap::Args)]
pub struct PortfolioArgs {
    /// A folder with one sub-folder per client (its name is the client's).
    pub dir: PathBuf,
    /// Output folder: one sub-folder per client, and portfolio.xlsx and portfolio.md.
    #[arg(short, long, default_value = "out")]
    pub output: PathBuf,
    #[command(flatten)]
    pub run: RunArgs,
}

/// The client folders of a portfolio: the sub-folders of `dir`, hidden ones aside, in
/// name order; an error when there is none.
fn client_folders(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut folders: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect(),
        Err(e) => {
            return Err(format!("{}: {e}", dir.display()));
        }
    };
    folders.sort();
    // a folder that is a link to another client's is that client, read once: the real
    // folder is kept, the link passed over
    let real = |p: &PathBuf| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
    let linked = |p: &PathBuf| p.symlink_metadata().is_ok_and(|m| m.is_symlink());
    let mut order: Vec<&PathBuf> = folders.iter().collect();
    order.sort_by_key(|p| linked(p));
    let mut seen = std::collections::HashSet::new();
    let keep: std::collections::HashSet<PathBuf> = order
        .into_iter()
        .filter(|p| seen.insert(real(p)))
        .cloned()
        .collect();
    folders.retain(|p| keep.contains(p));
    if folders.is_empty() {
        return Err(format!(
            "{}: no client folder in it. Put each client's registers in a sub-folder named after the client.",
            dir.display()
        ));
    }
    Ok(folders)
}

/// The folder of a client's outputs: its name, unless it is the name of a portfolio
/// file (a client folder named `portfolio.xlsx` would stand where the portfolio goes).
fn client_dir(name: &str) -> String {
    let taken = ["portfolio.xlsx", "portfolio.md"]
        .iter()
        .any(|p| p.eq_ignore_ascii_case(name));
    if taken {
        format!("{name} (client)")
    } else {
        name.to_string()
    }
}

/// Each client read and its outputs written on its own, in parallel: its name and its
/// outcome, or why it could not be read.
fn read_clients(
    args: &PortfolioArgs,
    folders: &[PathBuf],
) -> Vec<(String, Result<pipeline::Outcome, String>)> {
    use rayon::prelude::*;
    let gaps = args.run.gaps();
    let style = ropa_write::Style {
        lang: args.run.lang,
        pretty: false,
    };
    // each client read and written on its own, in parallel
    folders
        .par_iter()
        .map(|folder| {
            let name = folder
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let opts = IngestOptions {
                inputs: vec![folder.clone()],
                gaps: gaps.clone(),
                ..Default::default()
            };
            let outcome = pipeline::ingest(&opts)
                .map_err(|e| e.to_string())
                .and_then(|o| {
                    if o.register.activities.is_empty() {
                        let why: Vec<String> =
                            o.failures.iter().map(|f| f.error.to_string()).collect();
                        return Err(if why.is_empty() {
                            "no register in the folder".to_string()
                        } else {
                            why.join("; ")
                        });
                    }
                    super::write_outputs(
                        &args.output.join(client_dir(&name)),
                        std::slice::from_ref(folder),
                        Some(&o.register),
                        super::Report {
                            activities: &o.register.activities,
                            findings: &o.findings,
                            changes: &o.rule_changes,
                        },
                        style,
                        ropa_write::run::Scope {
                            as_of: Some(opts.gaps.as_of.clone()),
                            prepared_by: None,
                            full_provenance: false,
                        },
                    )?;
                    Ok(o)
                });
            (name, outcome)
        })
        .collect()
}

/// The portfolio's lines, the activities of the clients read (for the processors they
/// share) and how many clients failed.
struct ClientLines<'o> {
    clients: Vec<ropa_rules::portfolio::Client>,
    read: Vec<(String, &'o [ropa_model::Activity])>,
    failed: usize,
}

/// The portfolio's line of each client, and the activities of those that were read;
/// each failure said on stderr.
fn client_lines(results: &[(String, Result<pipeline::Outcome, String>)]) -> ClientLines<'_> {
    let mut clients = Vec::new();
    let mut read: Vec<(String, &[ropa_model::Activity])> = Vec::new();
    let mut failed = 0;
    for (name, r) in results {
        match r {
            Ok(o) => {
                for f in &o.failures {
                    eprintln!("error: {name}: {}", f.error);
                }
                clients.push(ropa_rules::portfolio::client(
                    name,
                    &o.register.activities,
                    &o.findings,
                ));
                read.push((name.clone(), &o.register.activities));
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: client {name}: {e}");
                clients.push(ropa_rules::portfolio::Client {
                    name: name.clone(),
                    activities: 0,
                    completeness: 0,
                    per_tier: [0; 3],
                    worst: Vec::new(),
                    newest_update: None,
                    error: Some(e.clone()),
                });
            }
        }
    }
    ClientLines {
        clients,
        read,
        failed,
    }
}

/// `ropa portfolio DIR`: each client read in parallel, its outputs in `OUT/<client>/`,
/// then the portfolio across them; a client that cannot be read is reported and the
/// others go on.
pub fn portfolio(args: &PortfolioArgs) -> u8 {
    let folders = match client_folders(&args.dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::INPUT_ERROR;
        }
    };
    // the output folder inside the clients' folder (`portfolio clients -o clients/report`)
    // is ropa's own, not a client
    let output = std::fs::canonicalize(&args.output).ok();
    let folders: Vec<PathBuf> = folders
        .into_iter()
        .filter(|f| output.is_none() || std::fs::canonicalize(f).ok() != output)
        .collect();
    let results = read_clients(args, &folders);
    let ClientLines {
        clients,
        read,
        failed,
    } = client_lines(&results);
    let shared = ropa_rules::portfolio::shared_processors(&read);
    if let Err(e) = ropa_write::portfolio::write(&args.output, &clients, &shared, args.run.lang) {
        eprintln!("error: {e}");
        return exit::INPUT_ERROR;
    }
    if !args.run.quiet {
        for c in clients.iter().filter(|c| c.error.is_none()) {
            println!(
                "{}: {} · {} %",
                c.name,
                ropa_write::counts::counted(
                    c.activities,
                    ropa_write::counts::ACTIVITIES,
                    args.run.lang
                ),
                c.completeness
            );
        }
        println!(
            "{} {} portfolio.xlsx, portfolio.md {} {}",
            clients.len() - failed,
            ropa_rules::rules::pick(["client(s) ;", "client(s);"], args.run.lang),
            ropa_rules::rules::pick(["dans", "in"], args.run.lang),
            args.output.display()
        );
    }
    if failed > 0 {
        exit::INPUT_ERROR
    } else {
        exit::OK
    }
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The register: ropa's register.xlsx or register.json, or a source register.
    pub register: PathBuf,
    /// The format to write.
    #[arg(long, value_parser = target_arg())]
    pub to: ropa_write::export::Target,
    /// The file to write.
    #[arg(short, long)]
    pub output: PathBuf,
    /// The language of the messages and of the CSV's header (the other formats are the
    /// tools' own).
    #[arg(long, value_parser = super::lang_arg(), default_value = "fr")]
    pub lang: Lang,
    /// The CSV's delimiter ("tab", ";", ",", "|"); by default the language's convention:
    /// ";" in French, as French Excel expects, "," in English.
    #[arg(long, value_parser = super::parse_delimiter)]
    pub delimiter: Option<char>,
    /// ciso-assistant's domain to import into, by its name as it exists there (an
    /// unknown name would silently land in the default domain); none by default.
    #[arg(long, value_name = "NAME")]
    pub domain: Option<String>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `ropa export REGISTER --to FORMAT -o FILE`: what the format could not carry is said.
pub fn export(args: &ExportArgs) -> u8 {
    let lang = args.lang;
    if let Some(own) = args.to.wrong_extension(&args.output) {
        let name = args.output.display();
        if lang == Lang::Fr {
            eprintln!(
                "erreur : {name} : cet export s'écrit en .{own}, pas sous ce nom. Nommez le fichier .{own} (LibreOffice l'ouvre et l'enregistre sous d'autres formats)."
            );
        } else {
            eprintln!(
                "error: {name}: this export is written as .{own}, not under this name. Name the file .{own} (LibreOffice opens it and saves it in other formats)."
            );
        }
        return exit::INPUT_ERROR;
    }
    let loaded = match pipeline::load_any(&args.register, &IngestOptions::default()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::INPUT_ERROR;
        }
    };
    if super::is_input(&args.output, std::slice::from_ref(&args.register)) {
        eprintln!(
            "error: {}: this would overwrite the register read. Choose another file with -o.",
            args.output.display()
        );
        return exit::INPUT_ERROR;
    }
    let opts = ropa_write::export::ExportOptions {
        lang,
        // the delimiters ropa takes are ASCII
        delimiter: args.delimiter.and_then(|c| u8::try_from(c).ok()),
        domain: args.domain.clone(),
    };
    match ropa_write::export::export(&loaded.register, args.to, &args.output, opts) {
        Ok(left) => {
            if !args.quiet {
                println!(
                    "{}{} {} {}",
                    args.output.display(),
                    ropa_write::words::colon(lang),
                    ropa_write::counts::counted(
                        loaded.register.activities.len(),
                        ropa_write::counts::ACTIVITIES,
                        lang
                    ),
                    if loaded.register.activities.len() > 1 {
                        pick(["écrites", "written"], lang)
                    } else {
                        pick(["écrite", "written"], lang)
                    }
                );
                for (field, acts) in &left {
                    println!(
                        "  {}{} {} — {}",
                        pick(
                            [
                                "non repris (le format n'a pas de place pour cela)",
                                "not carried (the format has no place for it)"
                            ],
                            lang
                        ),
                        ropa_write::words::colon(lang),
                        field.label(lang),
                        ropa_write::counts::counted(
                            acts.len(),
                            ropa_write::counts::ACTIVITIES,
                            lang
                        )
                    );
                }
            }
            exit::OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit::INPUT_ERROR
        }
    }
}

/// `--to csv|cnil|ico|ciso-assistant|dpv`, each with what it writes.
fn target_arg() -> impl clap::builder::TypedValueParser<Value = ropa_write::export::Target> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    use ropa_write::export::Target;
    PossibleValuesParser::new([
        PossibleValue::new("csv")
            .help("One row per activity, one column per field, lists joined with line breaks"),
        PossibleValue::new("cnil")
            .help("The CNIL model register: the list of activities and one fiche per activity"),
        PossibleValue::new("ico").help("The UK ICO documentation template's controller sheet"),
        PossibleValue::new("ciso-assistant").help(
            "ciso-assistant's data-import wizard: -o FILE.xlsx the list of processings, -o FOLDER one workbook per processing with its purposes, data, subjects and recipients",
        ),
        PossibleValue::new("dpv")
            .help("JSON-LD in the W3C Data Privacy Vocabulary (DPV 2), with a `ropa:` extension"),
    ])
    .map(|s| match s.as_str() {
        "cnil" => Target::Cnil,
        "ico" => Target::Ico,
        "ciso-assistant" => Target::CisoAssistant,
        "dpv" => Target::Dpv,
        _ => Target::Csv,
    })
}
