//! `gaps.md`: the gap report as text for an email or a ticket, grouped by source and
//! activity, worst first within each activity.

use crate::counts::{ACTIVITIES, counted, counts_line, tier_counts};
use ropa_model::Activity;
use ropa_model::Lang;
use ropa_rules::Finding;
use ropa_rules::report::{FindingIndex, completeness, own};
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

/// Writes a report of ropa's in Markdown (diff.md, portfolio.md) with the mark at its
/// end, so a later run over the folder passes it over as it does gaps.md.
pub fn write_marked(path: &std::path::Path, markdown: &str) -> ropa_model::error::Result<()> {
    super::write_atomic(path, format!("{markdown}\n{GAPS_MD_MARK}\n").as_bytes())
}

/// The report as Markdown; `index` is [`by_activity`](ropa_rules::report::by_activity) of
/// the findings.
pub fn render(
    activities: &[Activity],
    findings: &[Finding],
    index: &FindingIndex<'_>,
    lang: Lang,
) -> String {
    let (title, complete) = match lang {
        Lang::Fr => ("Écarts du registre", "taux de complétude art. 30(1)"),
        Lang::En => ("Register gaps", "Art. 30(1) completeness"),
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {title}\n\n{}  \n{}\n",
        counts_line(activities, findings, lang),
        tier_counts(findings, lang)
    );
    let mut source = "";
    for a in activities {
        if a.source != source {
            source = &a.source;
            let _ = writeln!(s, "## {}\n", escape(source));
            // the gaps of the source's template first, then the findings several of its
            // activities share, once each
            for (title, shared) in [
                (
                    pick_lang(lang, "Modèle de registre", "Register template"),
                    findings
                        .iter()
                        .filter(|f| f.source == *source && f.is_template_gap())
                        .collect::<Vec<&Finding>>(),
                ),
                (
                    pick_lang(
                        lang,
                        "Constats communs à plusieurs activités",
                        "Findings shared by several activities",
                    ),
                    findings
                        .iter()
                        .filter(|f| f.source == *source && f.is_shared() && !f.is_template_gap())
                        .collect(),
                ),
            ] {
                if shared.is_empty() {
                    continue;
                }
                let _ = writeln!(s, "### {title}\n");
                for f in shared {
                    let _ = writeln!(
                        s,
                        "- **{} · {}** `{}` {} — {} *({})* ({} : n° {})",
                        f.priority.label(),
                        f.severity.label(lang),
                        f.rule,
                        f.field_label(lang),
                        escape(&f.message.replace('\n', " ")),
                        escape(f.rule.rule().reference(lang)),
                        counted(f.activities.len(), ACTIVITIES, lang),
                        f.activities
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
                s.push('\n');
            }
        }
        // the share counts the template's gaps too; the list shows only the activity's own
        let share = completeness(own(index, a));
        let all = own(index, a);
        let mut own: Vec<&Finding> = all.iter().copied().filter(|f| !f.is_shared()).collect();
        own.sort_by_key(|f| (f.priority, f.tier));
        let _ = writeln!(
            s,
            "### n° {} — {} ({complete} : {share} %)\n",
            a.index,
            escape(&a.display_name()),
        );
        if own.is_empty() {
            let none = if all.is_empty() {
                "✓"
            } else {
                pick_lang(
                    lang,
                    "voir plus haut, les constats communs",
                    "see the shared findings above",
                )
            };
            let _ = writeln!(s, "- {none}\n");
            continue;
        }
        for f in own {
            let field = f.field_label(lang);
            let _ = writeln!(
                s,
                "- **{} · {}** `{}` {field} — {} *({})*",
                f.priority.label(),
                f.severity.label(lang),
                f.rule,
                escape(&f.message.replace('\n', " ")),
                escape(f.rule.rule().reference(lang))
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "\n{GAPS_MD_MARK}");
    s
}

/// The French or the English.
fn pick_lang(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
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
