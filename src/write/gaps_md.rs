//! `gaps.md`: the gap report as text for an email or a ticket, grouped by source and
//! activity, worst first within each activity.

use super::gaps_xlsx::{FindingIndex, completeness, own};
use crate::Lang;
use crate::gaps::{Finding, Severity};
use crate::model::Activity;
use std::fmt::Write;

/// A client's words as Markdown text: the characters Markdown or HTML would read as
/// markup (`<Police nationale>`, `**`, `|`, `[x](y)`) are escaped, so a mail client or a
/// ticket shows them as written.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

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
            let _ = writeln!(s, "## {}\n", escape(source));
        }
        let mut own: Vec<&Finding> = own(index, a).to_vec();
        own.sort_by_key(|f| f.severity);
        let _ = writeln!(
            s,
            "### n° {} — {} ({} % {complete})\n",
            a.index,
            escape(&a.display_name()),
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
                escape(&f.message.replace('\n', " "))
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "\n{GAPS_MD_MARK}");
    s
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn a_clients_words_are_not_read_as_markup() {
        assert_eq!(escape("<Police nationale>"), "&lt;Police nationale&gt;");
        assert_eq!(escape("**gras** | a_b"), "\\*\\*gras\\*\\* \\| a\\_b");
        assert_eq!(escape("Paie & RH"), "Paie &amp; RH");
    }
}
