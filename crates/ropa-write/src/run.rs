//! The record of a run, written into `register.json`, `gaps.json` and `register.xlsx`:
//! which ropa, when, on what — so outputs of two runs side by side can be told apart.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// One run of ropa, as its outputs record it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// The run's id: every output of one run carries the same.
    pub id: String,
    /// The version of ropa that wrote the outputs.
    pub ropa: String,
    /// When the run began, UTC, RFC 3339; from `SOURCE_DATE_EPOCH` when it is set, so
    /// builds that must be reproducible get the same bytes.
    pub time: String,
    /// The inputs read, named as the register names its sources.
    pub inputs: Vec<String>,
    /// The date the report judges the register at (`--as-of`), when given.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub as_of: Option<String>,
    /// Who prepared the report (`--prepared-by`), for its scope page.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub prepared_by: Option<String>,
    /// Whether register.xlsx's `Provenance` holds every activity (`--provenance full`),
    /// not only the first [`crate::register_xlsx::PROVENANCE_UP_TO`].
    #[serde(skip_serializing_if = "is_false", default)]
    pub full_provenance: bool,
}

/// Whether a flag is unset: left out of the record, as a record written before it was.
fn is_false(b: &bool) -> bool {
    !*b
}

impl Run {
    /// The record of a run beginning now, over `inputs`.
    pub fn new(inputs: Vec<String>) -> Run {
        let fixed = source_date_epoch();
        let now = Timestamp::now();
        let time = fixed.unwrap_or(now);
        // the id: the time, the process and the inputs, hashed (fixed time, fixed id)
        let salt = match fixed {
            Some(_) => String::new(),
            None => format!("{}/{}", now.as_nanosecond(), std::process::id()),
        };
        let key = format!("{}/{salt}/{}", time.as_second(), inputs.join("\u{0}"));
        Run {
            id: ropa_model::hash_id(&key),
            ropa: env!("CARGO_PKG_VERSION").to_string(),
            time: rfc3339(time),
            inputs,
            as_of: None,
            prepared_by: None,
            full_provenance: false,
        }
    }

    /// The run with what its report's scope page says: the date the register is judged
    /// at and who prepared the report.
    pub fn scoped(mut self, scope: Scope) -> Run {
        self.as_of = scope.as_of;
        self.prepared_by = scope.prepared_by.filter(|p| !p.trim().is_empty());
        self.full_provenance = scope.full_provenance;
        self
    }
}

/// What the user says of a report's scope and outputs (`--as-of`, `--prepared-by`,
/// `--provenance`).
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// The date the register is judged at.
    pub as_of: Option<String>,
    /// Who prepared the report.
    pub prepared_by: Option<String>,
    /// register.xlsx's `Provenance` for every activity (`--provenance full`).
    pub full_provenance: bool,
}

/// The time `SOURCE_DATE_EPOCH` fixes (seconds since 1970), when it is set to one.
fn source_date_epoch() -> Option<Timestamp> {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()?;
    Timestamp::from_second(i64::try_from(secs).ok()?).ok()
}

/// A time to the second, as `2026-12-01T20:59:40Z`.
fn rfc3339(time: Timestamp) -> String {
    // precision 0: the fraction of a second is cut, not rounded
    format!("{time:.0}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339() {
        let at = |secs, nanos| Timestamp::new(secs, nanos).unwrap_or(Timestamp::MIN);
        assert_eq!(rfc3339(at(0, 0)), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(at(1_796_158_780, 0)), "2026-12-01T20:59:40Z");
        assert_eq!(
            rfc3339(at(1_796_158_780, 999_999_999)),
            "2026-12-01T20:59:40Z"
        );
        assert_eq!(rfc3339(at(951_782_400, 0)), "2000-02-29T00:00:00Z");
    }
}
