//! The record of a run, written into `register.json`, `gaps.json` and `register.xlsx`:
//! which ropa, when, on what — so outputs of two runs side by side can be told apart.

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
}

impl Run {
    /// The record of a run beginning now, over `inputs`.
    pub fn new(inputs: Vec<String>) -> Run {
        let fixed = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok());
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let secs = fixed.unwrap_or(now.as_secs());
        // the id: the time, the process and the inputs, hashed (fixed time, fixed id)
        let salt = match fixed {
            Some(_) => String::new(),
            None => format!("{}/{}", now.as_nanos(), std::process::id()),
        };
        let key = format!("{secs}/{salt}/{}", inputs.join("\u{0}"));
        Run {
            id: ropa_model::stable_id(&key, 0, 0),
            ropa: env!("CARGO_PKG_VERSION").to_string(),
            time: rfc3339(secs),
            inputs,
        }
    }
}

/// Seconds since 1970 as `2026-12-01T20:59:40Z`.
fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rest = secs % 86_400;
    let (y, m, d) = ropa_normalise::dates::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_796_158_780), "2026-12-01T20:59:40Z");
    }
}
