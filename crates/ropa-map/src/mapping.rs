//! The mapping language: one TOML file per source layout (documented in mappings/README.md).

use regex::Regex;
use ropa_model::MatchKind;
use ropa_model::error::{Error, Result};
use ropa_model::fields::{Field, closest_field};
use ropa_model::text::fold_label;
use ropa_read::Layout;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// A mapping file as written (the JSON Schema in `mappings/schema.json` is made from it).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "ropa mapping",
    description = "How one kind of register is laid out and which of its labels mean which canonical field. See mappings/README.md."
)]
struct MappingFile {
    /// The mapping's name, shown in the summary and the reports.
    name: String,
    /// What it is for.
    #[serde(default)]
    description: String,
    /// File-name globs that choose this mapping (case-insensitive).
    #[serde(default, rename = "match")]
    matches: Vec<String>,
    /// The layout of the sources and its parameters.
    layout: Layout,
    /// Source label → field id (or `controller`, `dpo`, `ignore`), or a table with `field` and `part`.
    #[serde(default)]
    labels: BTreeMap<String, TargetSpec>,
    /// Field id → value, for fields the source does not have.
    #[serde(default)]
    constants: BTreeMap<String, String>,
    /// Rules that set values aside on purpose.
    #[serde(default)]
    ignore: Vec<IgnoreSpec>,
    /// Whether labels not pinned are matched against the synonyms.
    #[serde(default = "yes")]
    fuzzy: bool,
    /// The encoding of text files, when the guess is wrong.
    #[serde(default)]
    encoding: Option<String>,
    /// Rule code → "allow", "info", "warn" or "deny", for the sources read with this mapping.
    #[serde(default)]
    rules: BTreeMap<String, String>,
}

/// The JSON Schema of the mapping format, as written to `mappings/schema.json`.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(MappingFile);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
enum TargetSpec {
    Id(String),
    Full(FullTarget),
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct FullTarget {
    field: String,
    #[serde(default)]
    part: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct IgnoreSpec {
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    text: Option<String>,
    reason: String,
}

/// Where a label's values go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// One canonical field.
    Field(Field),
    /// A cell naming the controller: split into name, address and contact.
    Controller,
    /// A cell naming the DPO: split into name and contact.
    Dpo,
    /// Values under this label are ignored on purpose.
    Ignore,
}

impl Target {
    /// Parses a target name of the mapping language.
    pub fn parse(s: &str) -> Option<Target> {
        match s {
            "controller" => Some(Target::Controller),
            "dpo" => Some(Target::Dpo),
            "ignore" => Some(Target::Ignore),
            _ => s.parse().ok().map(Target::Field),
        }
    }

    /// The canonical fields this target fills.
    pub fn fields(self) -> Vec<Field> {
        match self {
            Target::Field(f) => vec![f],
            Target::Controller => vec![
                Field::ControllerName,
                Field::ControllerAddress,
                Field::ControllerContact,
            ],
            Target::Dpo => vec![Field::DpoName, Field::DpoContact],
            Target::Ignore => vec![],
        }
    }

    /// The name used in mappings and reports.
    pub fn name(self) -> &'static str {
        match self {
            Target::Field(f) => f.id(),
            Target::Controller => "controller",
            Target::Dpo => "dpo",
            Target::Ignore => "ignore",
        }
    }
}

/// A label pinned by a mapping.
#[derive(Clone, Debug, PartialEq)]
pub struct Pin {
    /// Where its values go.
    pub target: Target,
    /// A column of a nested table, or a qualifier the normaliser reads.
    pub part: Option<String>,
    /// How the label matched when an inferred draft wrote the pin (a synonym, a fuzzy
    /// match and its score), so the reports say how, not "pinned"; None when a person
    /// pinned it.
    pub drafted: Option<(MatchKind, f64)>,
}

/// A regex of a mapping, compiled when first used: a run reads its files with one or
/// two of the built-in mappings, not all of them.
#[derive(Clone, Debug)]
pub struct Pattern {
    source: String,
    compiled: std::sync::OnceLock<Option<Regex>>,
}

impl Pattern {
    /// A pattern checked now (a user's mapping: a bad one is an error naming its place).
    fn checked(source: &str) -> std::result::Result<Pattern, regex::Error> {
        let r = ropa_model::text::regex_cached(source)?;
        Ok(Pattern {
            source: source.to_string(),
            compiled: std::sync::OnceLock::from(Some(r)),
        })
    }

    /// A pattern compiled when first used (a built-in mapping, checked by the tests).
    fn trusted(source: &str) -> Pattern {
        Pattern {
            source: source.to_string(),
            compiled: std::sync::OnceLock::new(),
        }
    }

    /// Whether the pattern matches a text (never, for one that does not compile).
    pub fn is_match(&self, text: &str) -> bool {
        self.compiled
            .get_or_init(|| ropa_model::text::regex_cached(&self.source).ok())
            .as_ref()
            .is_some_and(|r| r.is_match(text))
    }
}

/// A rule that sets values aside on purpose.
#[derive(Clone, Debug)]
pub struct IgnoreRule {
    /// Matches the value's label (and sub-label).
    pub label: Option<Pattern>,
    /// Matches the value's text.
    pub text: Option<Pattern>,
    /// Why, in the words of the mapping's author.
    pub reason: String,
}

/// A checked, ready-to-use mapping.
#[derive(Clone, Debug)]
pub struct Mapping {
    /// Its name.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// Where it was loaded from (a path, or `built-in`).
    pub origin: PathBuf,
    /// File-name globs that choose it.
    pub matches: Vec<glob::Pattern>,
    /// The layout of the sources it reads.
    pub layout: Layout,
    /// Pinned labels, keyed by folded label.
    pub pins: HashMap<String, Pin>,
    /// Values for fields the source lacks, stated by the mapping's author.
    pub constants: Vec<(Field, String)>,
    /// Values to set aside.
    pub ignore: Vec<IgnoreRule>,
    /// Whether labels that are not pinned are matched against the synonyms.
    pub fuzzy: bool,
    /// The encoding of text sources, when the guess must be overridden.
    pub encoding: Option<String>,
    /// Severity changes for the sources read with this mapping, as written (rule code →
    /// level): the rules stage checks them (`ropa_rules::config::parse_table`), as it
    /// checks `ropa.toml`, since the codes are its own.
    pub rules: BTreeMap<String, String>,
}

impl Mapping {
    /// Parses and checks a mapping; `origin` names it in errors.
    pub fn parse(origin: &Path, text: &str) -> Result<Mapping> {
        Mapping::parse_with(origin, text, Regexes::Check)
    }

    /// Parses a mapping, its layout's regexes checked now or, for the built-in mappings
    /// (checked by a test), compiled when a file is read with them.
    fn parse_with(origin: &Path, text: &str, regexes: Regexes) -> Result<Mapping> {
        let err = |message: String| Error::Mapping {
            path: origin.to_path_buf(),
            message,
        };
        let file: MappingFile = toml::from_str(text).map_err(|e| {
            let place = e
                .span()
                .map(|s| line_col(text, s.start))
                .unwrap_or_default();
            err(format!("{place}{}", e.message()))
        })?;
        let matches = file
            .matches
            .iter()
            .map(|g| {
                glob::Pattern::new(g)
                    .map_err(|e| err(format!("`match` glob `{g}` is not valid: {e}")))
            })
            .collect::<Result<_>>()?;
        let mut pins = HashMap::new();
        for (label, spec) in &file.labels {
            let (id, part) = match spec {
                TargetSpec::Id(id) => (id.as_str(), None),
                TargetSpec::Full(f) => (f.field.as_str(), f.part.clone()),
            };
            let target = Target::parse(id).ok_or_else(|| {
                let hint = closest_field(id)
                    .map(|f| format!(" Did you mean `{}`?", f.id()))
                    .unwrap_or_else(|| {
                        " Field ids are listed in mappings/README.md; `controller`, `dpo` and `ignore` are also accepted.".into()
                    });
                err(format!(
                    "{}[labels] \"{label}\" maps to `{id}`, which is not a field id.{hint}",
                    place_of(text, &format!("\"{label}\""))
                ))
            })?;
            let key = fold_label(label);
            if key.is_empty() {
                return Err(err(format!(
                    "[labels] \"{label}\" has no letters to match on."
                )));
            }
            pins.insert(
                key,
                Pin {
                    target,
                    part,
                    drafted: None,
                },
            );
        }
        let mut constants = Vec::new();
        for (id, value) in &file.constants {
            let field: Field = id.parse().map_err(|_| {
                let hint = closest_field(id)
                    .map(|f| format!(" Did you mean `{}`?", f.id()))
                    .unwrap_or_default();
                err(format!(
                    "{}[constants] `{id}` is not a field id.{hint}",
                    place_of(text, id)
                ))
            })?;
            constants.push((field, value.clone()));
        }
        let compile = |key: &str, p: &Option<String>| -> Result<Option<Pattern>> {
            p.as_deref()
                .map(|p| match regexes {
                    Regexes::Trusted => Ok(Pattern::trusted(p)),
                    Regexes::Check => Pattern::checked(p).map_err(|e| {
                        err(format!(
                            "{}[[ignore]] {key} `{p}` is not a valid regex: {e}",
                            place_of(text, p)
                        ))
                    }),
                })
                .transpose()
        };
        let mut ignore = Vec::new();
        for spec in &file.ignore {
            if spec.label.is_none() && spec.text.is_none() {
                return Err(err(format!(
                    "[[ignore]] \"{}\" needs `label` or `text` (a regex) to say what it ignores.",
                    spec.reason
                )));
            }
            ignore.push(IgnoreRule {
                label: compile("label", &spec.label)?,
                text: compile("text", &spec.text)?,
                reason: spec.reason.clone(),
            });
        }
        if let Some(e) = &file.encoding
            && ropa_read::decode::encoding_for(e).is_none()
        {
            return Err(err(format!(
                "`encoding = \"{e}\"` is not an encoding name; use one such as \"UTF-8\", \"UTF-16LE\", \"windows-1252\" or \"ISO-8859-15\"."
            )));
        }
        // regexes of the layout are checked now, not when the first file is read
        if regexes == Regexes::Check {
            check_layout_regexes(&file.layout).map_err(|(pattern, message)| {
                err(format!("{}{message}", place_of(text, &pattern)))
            })?;
        }
        Ok(Mapping {
            name: file.name,
            description: file.description,
            origin: origin.to_path_buf(),
            matches,
            layout: file.layout,
            pins,
            constants,
            ignore,
            fuzzy: file.fuzzy,
            encoding: file.encoding,
            rules: file.rules,
        })
    }

    /// Problems `ropa check` reports beyond parsing: two labels pinned to one field
    /// that takes a single value (a text, a date, a legal basis), with the line and column.
    pub fn lint(&self, text: &str) -> Vec<String> {
        use ropa_model::Kind;
        let mut by_field: BTreeMap<Field, Vec<&str>> = BTreeMap::new();
        let file: Option<MappingFile> = toml::from_str(text).ok();
        let labels: Vec<(&String, Field)> = file
            .as_ref()
            .map(|f| {
                f.labels
                    .iter()
                    .filter_map(|(label, spec)| {
                        let (id, part) = match spec {
                            TargetSpec::Id(id) => (id.as_str(), None),
                            TargetSpec::Full(f) => (f.field.as_str(), f.part.as_deref()),
                        };
                        match (Target::parse(id), part) {
                            (Some(Target::Field(field)), None) => Some((label, field)),
                            _ => None,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        for (label, field) in &labels {
            by_field.entry(*field).or_default().push(label.as_str());
        }
        let mut out = Vec::new();
        for (field, pinned) in by_field {
            let single = matches!(field.kind(), Kind::Date | Kind::Basis);
            if single && pinned.len() > 1 {
                let second = pinned[1];
                let at = place_of(text, &format!("\"{second}\""));
                out.push(format!(
                    "{at}[labels] \"{}\" and \"{second}\" are both pinned to `{}`, which takes one value; if a file holds both, their texts are joined. Keep one, or map the other to `notes` or `ignore`, unless they are alternatives (two languages).",
                    pinned[0],
                    field.id()
                ));
            }
        }
        out
    }

    /// Reads a mapping file from disk.
    pub fn load(path: &Path) -> Result<Mapping> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Mapping::parse(path, &text)
    }

    /// Whether the mapping's globs choose this file name.
    pub fn matches_name(&self, file_name: &str) -> bool {
        let opts = glob::MatchOptions {
            case_sensitive: false,
            ..Default::default()
        };
        self.matches.iter().any(|g| g.matches_with(file_name, opts))
    }

    /// The rule that ignores a value, if any.
    pub fn ignored_by(
        &self,
        label: &str,
        sublabel: Option<&str>,
        text: &str,
    ) -> Option<&IgnoreRule> {
        self.ignore.iter().find(|r| {
            let label_ok = r
                .label
                .as_ref()
                .is_none_or(|re| re.is_match(label) || sublabel.is_some_and(|s| re.is_match(s)));
            // a sub-row's label is data: a text rule looks at it too
            let text = match sublabel {
                Some(s) if text.is_empty() => s,
                _ => text,
            };
            let text_ok = r.text.as_ref().is_none_or(|re| re.is_match(text));
            label_ok && text_ok
        })
    }
}

/// `line L, column C: ` of the first place `needle` is written in a mapping's text.
fn place_of(text: &str, needle: &str) -> String {
    if needle.is_empty() {
        return String::new();
    }
    text.find(needle)
        .map(|i| line_col(text, i))
        .unwrap_or_default()
}

/// `line L, column C: ` of a byte offset in a mapping's text.
fn line_col(text: &str, at: usize) -> String {
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |p| p + 1) + 1;
    format!("line {line}, column {col}: ")
}

/// Checks the regexes of a layout; an error carries the pattern, to find its place.
fn check_layout_regexes(layout: &Layout) -> std::result::Result<(), (String, String)> {
    let check = |key: &str, p: &str| {
        ropa_model::text::regex_cached(p).map(|_| ()).map_err(|e| {
            (
                p.to_string(),
                format!("[layout] {key} `{p}` is not a valid regex: {e}"),
            )
        })
    };
    match layout {
        Layout::Table(_) | Layout::Document(_) => Ok(()),
        Layout::Fiche(f) => {
            if f.title.is_none() && f.first_label.is_none() {
                return Err((
                    String::new(),
                    "[layout] kind = \"fiche\" needs `title` (a regex) or `first_label`.".into(),
                ));
            }
            f.title.as_deref().map_or(Ok(()), |p| check("title", p))
        }
        Layout::Sections(s) => {
            check("block_start", &s.block_start)?;
            s.skip.iter().try_for_each(|p| check("skip", p))?;
            s.options.iter().try_for_each(|p| check("options", p))
        }
    }
}

/// Whether a mapping's regexes are compiled as it is parsed, to report a bad one then.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Regexes {
    /// A user's mapping: a bad regex is an error naming its place.
    Check,
    /// A built-in mapping, checked by the tests: its regexes are compiled when used.
    Trusted,
}

/// The mappings in `mappings/`, compiled into the binary so `ropa` works from any folder.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "ropa-register.toml",
        include_str!("../mappings/ropa-register.toml"),
    ),
    (
        "toutapprendre.toml",
        include_str!("../mappings/toutapprendre.toml"),
    ),
    (
        "toutemonannee.toml",
        include_str!("../mappings/toutemonannee.toml"),
    ),
    ("pirouette.toml", include_str!("../mappings/pirouette.toml")),
    ("occicom.toml", include_str!("../mappings/occicom.toml")),
];

/// Parses the built-in mappings.
pub fn builtin() -> Result<Vec<Mapping>> {
    BUILTIN
        .iter()
        .map(|(name, text)| {
            Mapping::parse_with(&Path::new("built-in").join(name), text, Regexes::Trusted)
        })
        .collect()
}

/// Loads every `*.toml` of a folder, in name order.
pub fn load_dir(dir: &Path) -> Result<Vec<Mapping>> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths.iter().map(|p| Mapping::load(p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: &str = "name = \"t\"\n[layout]\nkind = \"table\"\n";

    #[test]
    fn builtin_mappings_parse() {
        let all = builtin().unwrap();
        assert_eq!(all.len(), BUILTIN.len());
        // what a run skips for them: their regexes compile
        for (name, text) in BUILTIN {
            if let Err(e) = Mapping::parse(Path::new(name), text) {
                panic!("{name}: {e}");
            }
        }
    }

    #[test]
    fn ropa_register_pins_every_column_ropa_writes() {
        let all = builtin().unwrap();
        let m = all.iter().find(|m| m.name == "ropa-register").unwrap();
        for f in ropa_model::ALL_FIELDS {
            for label in [f.label_fr(), f.label_en()] {
                let pin = m.pins.get(&fold_label(label));
                assert_eq!(
                    pin.map(|p| p.target),
                    Some(Target::Field(*f)),
                    "ropa-register.toml does not pin {label:?} to `{}`",
                    f.id()
                );
            }
        }
    }

    #[test]
    fn mappings_schema_json_is_fresh() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/schema.json");
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == schema_json(),
            "mappings/schema.json is stale: run `cargo run -- check --schema > mappings/schema.json`"
        );
    }

    #[test]
    fn every_file_in_mappings_is_built_in() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings");
        for e in std::fs::read_dir(dir).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".toml") {
                assert!(
                    BUILTIN.iter().any(|(b, _)| *b == name),
                    "mappings/{name} is not in BUILTIN"
                );
            }
        }
    }

    #[test]
    fn unknown_field_gets_a_did_you_mean() {
        let text = format!("{MIN}[labels]\n\"Finalité\" = \"purpouse\"\n");
        let e = Mapping::parse(Path::new("m.toml"), &text)
            .unwrap_err()
            .to_string();
        assert!(e.contains("Did you mean `purpose`"), "{e}");
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let text = format!("{MIN}delimitor = \";\"\n");
        let e = Mapping::parse(Path::new("m.toml"), &text)
            .unwrap_err()
            .to_string();
        // the span is the [layout] table that holds the unknown key
        assert!(e.contains("line 2"), "{e}");
        assert!(e.contains("delimitor") && e.contains("`delimiter`"), "{e}");
    }

    #[test]
    fn broken_regex_is_reported() {
        let text = format!("{MIN}[[ignore]]\ntext = \"(\"\nreason = \"x\"\n");
        let e = Mapping::parse(Path::new("m.toml"), &text)
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a valid regex"), "{e}");
        let text = "name = \"t\"\n[layout]\nkind = \"fiche\"\n";
        let e = Mapping::parse(Path::new("m.toml"), text)
            .unwrap_err()
            .to_string();
        assert!(e.contains("first_label"), "{e}");
    }

    #[test]
    fn globs_match_case_insensitively() {
        let text = format!("match = [\"client-*\"]\n{MIN}");
        let m = Mapping::parse(Path::new("m.toml"), &text).unwrap();
        assert!(m.matches_name("Client-A.tsv"));
        assert!(!m.matches_name("other.tsv"));
    }
}
