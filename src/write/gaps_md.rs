//! `gaps.md`: the gap report as text for an email or a ticket, grouped by source and
//! activity, worst first within each activity.

use super::gaps_xlsx::{FindingIndex, completeness, own};
use crate::Lang;
use crate::gaps::{Finding, Severity};
use crate::model::Activity;
use std::fmt::Write;

/// The last line of every gaps.md, invisible once rendered: tells a folder's reader
/// that this file is ropa's gap report, not a register.
pub const GAPS_MD_MARK: &str = "<!-- ropa: gap report -->";

/// The report as Markdown; `index` is [`by_activity`](super::gaps_xlsx::by_activity) of
/// the findings.
pub fn render(
    activities: &[Activity],
    findings: &[Finding],
    index: &FindingIndex<'_>,
    lang: Lang,
) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (title, acts, complete) = match lang {
        Lang::Fr => ("Écarts du registre", "activités", "champs requis présents"),
        Lang::En => ("Register gaps", "activities", "required fields present"),
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {title}\n\n{} {acts} · {} {} · {} {} · {} {}\n",
        activities.len(),
        count(Severity::Error),
        Severity::Error.label(lang),
        count(Severity::Warning),
        Severity::Warning.label(lang),
        count(Severity::Info),
        Severity::Info.label(lang),
    );
    let mut source = "";
    for a in activities {
        if a.source != source {
            source = &a.source;
            let _ = writeln!(s, "## {source}\n");
        }
        let mut own: Vec<&Finding> = own(index, a).to_vec();
        own.sort_by_key(|f| f.severity);
        let _ = writeln!(
            s,
            "### n° {} — {} ({} % {complete})\n",
            a.index,
            a.display_name(),
            completeness(&own)
        );
        if own.is_empty() {
            let _ = writeln!(s, "- ✓\n");
            continue;
        }
        for f in own {
            let field = f.field_label(lang);
            let _ = writeln!(
                s,
                "- **{}** `{}` {field} — {}",
                f.severity.label(lang),
                f.rule,
                f.message.replace('\n', " ")
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "\n{GAPS_MD_MARK}");
    s
}
