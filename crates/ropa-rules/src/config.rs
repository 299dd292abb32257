//! Severity configuration, as `allow` / `warn` / `deny` do in clippy: a `[rules]` table
//! in `ropa.toml` next to the inputs (the whole run) or in a mapping (its sources).

use super::{Finding, RuleId, Severity, rules};
use ropa_model::error::{Error, Result};
use ropa_model::fields::jaro_winkler;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a configuration does to a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// The rule is off.
    Allow,
    /// Its findings are infos.
    Info,
    /// Its findings are warnings.
    Warn,
    /// Its findings are errors.
    Deny,
}

impl Level {
    /// Reads `allow`, `info`, `warn` or `deny` (also `off`, `warning`, `error`).
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s.trim().to_lowercase().as_str() {
            "allow" | "off" => Level::Allow,
            "info" => Level::Info,
            "warn" | "warning" => Level::Warn,
            "deny" | "error" => Level::Deny,
            _ => return None,
        })
    }

    /// The word used in files and reports.
    pub fn name(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }
}

/// One rule changed by a configuration.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Change {
    /// The rule.
    pub rule: RuleId,
    /// What it was set to.
    pub level: &'static str,
    /// Where (`ropa.toml`, `mapping « occicom »`).
    pub from: String,
    /// The sources it applies to; empty for the whole run.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// Checks a `[rules]` table: known codes (with a did-you-mean) and known levels.
pub fn parse_table(
    origin: &Path,
    table: &BTreeMap<String, String>,
) -> Result<BTreeMap<RuleId, Level>> {
    let err = |message: String| Error::Mapping {
        path: origin.to_path_buf(),
        message,
    };
    let mut out = BTreeMap::new();
    for (code, level) in table {
        let Some(rule) = rules::find(code) else {
            let hint = rules::RULES
                .iter()
                .map(|r| {
                    (
                        jaro_winkler(&code.to_lowercase(), &r.code.to_lowercase()),
                        r.code,
                    )
                })
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .filter(|(s, _)| *s > 0.8)
                .map(|(_, c)| format!(" Did you mean `{c}`?"))
                .unwrap_or_else(|| " `ropa rules` lists the codes.".into());
            return Err(err(format!("[rules] `{code}` is not a rule code.{hint}")));
        };
        let level = Level::parse(level).ok_or_else(|| {
            err(format!(
                "[rules] \"{code}\" = \"{level}\": use \"allow\" (off), \"info\", \"warn\" or \"deny\"."
            ))
        })?;
        out.insert(rule.id, level);
    }
    Ok(out)
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    rules: BTreeMap<String, String>,
}

/// The `ropa.toml` files next to the inputs (in a folder given, or beside a file given).
pub fn find_files(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for i in inputs {
        let dir = if i.is_dir() {
            Some(i.as_path())
        } else {
            i.parent()
        };
        let candidate = dir
            .map(|d| {
                if d.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    d
                }
            })
            .map(|d| d.join("ropa.toml"));
        if let Some(c) = candidate
            && c.is_file()
            && !out.contains(&c)
        {
            out.push(c);
        }
    }
    out
}

/// Reads the `[rules]` of a `ropa.toml`.
pub fn load_file(path: &Path) -> Result<BTreeMap<RuleId, Level>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let file: ConfigFile = toml::from_str(&text).map_err(|e| Error::Mapping {
        path: path.to_path_buf(),
        message: format!("{} Only a [rules] table is read here.", e.message()),
    })?;
    parse_table(path, &file.rules)
}

/// The changes of a run: for the whole run (`ropa.toml`), and per source (its mapping's).
#[derive(Clone, Debug, Default)]
pub struct RuleConfig {
    /// From `ropa.toml`, with the file.
    pub global: BTreeMap<RuleId, (Level, String)>,
    /// From mappings: source → rule → level, with the mapping's name.
    pub per_source: BTreeMap<String, BTreeMap<RuleId, (Level, String)>>,
}

impl RuleConfig {
    /// The level a finding's rule has for its source, if changed (a mapping's first).
    fn level(&self, f: &Finding) -> Option<Level> {
        self.per_source
            .get(&f.source)
            .and_then(|m| m.get(&f.rule))
            .or_else(|| self.global.get(&f.rule))
            .map(|(l, _)| *l)
    }

    /// Drops the findings of rules turned off and sets the severity of the others.
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter_map(|mut f| {
                match self.level(&f) {
                    Some(Level::Allow) => return None,
                    Some(Level::Info) => f.set_severity(Severity::Info),
                    Some(Level::Warn) => f.set_severity(Severity::Warning),
                    Some(Level::Deny) => f.set_severity(Severity::Error),
                    None => {}
                }
                Some(f)
            })
            .collect()
    }

    /// What was changed, for the report.
    pub fn changes(&self) -> Vec<Change> {
        let mut out: Vec<Change> = self
            .global
            .iter()
            .map(|(rule, (level, from))| Change {
                rule: *rule,
                level: level.name(),
                from: from.clone(),
                sources: Vec::new(),
            })
            .collect();
        for (source, rules) in &self.per_source {
            for (rule, (level, from)) in rules {
                match out.iter_mut().find(|c| {
                    c.rule == *rule
                        && c.level == level.name()
                        && &c.from == from
                        && !c.sources.is_empty()
                }) {
                    Some(c) => c.sources.push(source.clone()),
                    None => out.push(Change {
                        rule: *rule,
                        level: level.name(),
                        from: from.clone(),
                        sources: vec![source.clone()],
                    }),
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_codes_are_checked() {
        let mut t = BTreeMap::new();
        t.insert("A30-1f".to_string(), "allow".to_string());
        let ok = parse_table(Path::new("ropa.toml"), &t).unwrap();
        assert_eq!(ok[&RuleId::A30_1f], Level::Allow);
        t.insert("A30-1x".to_string(), "deny".to_string());
        let e = parse_table(Path::new("ropa.toml"), &t)
            .unwrap_err()
            .to_string();
        assert!(e.contains("Did you mean"), "{e}");
        let mut bad = BTreeMap::new();
        bad.insert("stale".to_string(), "loud".to_string());
        assert!(parse_table(Path::new("ropa.toml"), &bad).is_err());
    }
}
