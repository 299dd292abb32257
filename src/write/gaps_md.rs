//! `gaps.md`: the gap report as text for an email or a ticket, grouped by source and
//! activity, worst first within each activity.

use super::gaps_xlsx::{FindingIndex, completeness, own};
use crate::Lang;
use crate::gaps::{Finding, Severity, Tier};
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

/// Writes a report of ropa's in Markdown (diff.md, portfolio.md) with the mark at its
/// end, so a later run over the folder passes it over as it does gaps.md.
pub fn write_marked(path: &std::path::Path, markdown: &str) -> crate::error::Result<()> {
    super::write_atomic(path, format!("{markdown}\n{GAPS_MD_MARK}\n").as_bytes())
}

/// The report as Markdown; `index` is [`by_activity`](super::gaps_xlsx::by_activity) of
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
            // the gaps of the source's template first, once each
            let template: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.source == *source && f.is_template_gap())
                .collect();
            if !template.is_empty() {
                let _ = writeln!(
                    s,
                    "### {}\n",
                    match lang {
                        Lang::Fr => "Modèle de registre",
                        Lang::En => "Register template",
                    }
                );
                for f in template {
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
        let mut own: Vec<&Finding> = own(index, a)
            .iter()
            .copied()
            .filter(|f| !f.is_template_gap())
            .collect();
        own.sort_by_key(|f| (f.priority, f.tier));
        let _ = writeln!(
            s,
            "### n° {} — {} ({complete} : {share} %)\n",
            a.index,
            escape(&a.display_name()),
        );
        if own.is_empty() {
            let _ = writeln!(s, "- ✓\n");
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

/// The nouns of a count of activities, for [`counted`].
pub const ACTIVITIES: [&str; 4] = ["activité", "activités", "activity", "activities"];

/// `20 activités · 7 erreurs · 25 avertissements · 16 infos`: the head of every report.
pub fn counts_line(activities: &[Activity], findings: &[Finding], lang: Lang) -> String {
    format!(
        "{} · {}",
        counted(activities.len(), ACTIVITIES, lang),
        severity_counts(findings, lang)
    )
}

/// `Par niveau : 1. Mention de l'article 30 : 12 · 2. Risque RGPD : 20 · 3. Bonne pratique : 21`
/// (the head of a line, so Markdown reads no numbered list).
pub fn tier_counts(findings: &[Finding], lang: Lang) -> String {
    let sep = if lang == Lang::Fr { " :" } else { ":" };
    let by = if lang == Lang::Fr {
        "Par niveau : "
    } else {
        "By tier: "
    };
    let counts = Tier::ALL
        .iter()
        .map(|t| {
            let n = findings.iter().filter(|f| f.tier == *t).count();
            format!("{}{sep} {n}", t.label(lang))
        })
        .collect::<Vec<_>>()
        .join(" · ");
    format!("{by}{counts}")
}

/// `7 erreurs · 25 avertissements · 16 infos`, agreed in number.
pub fn severity_counts(findings: &[Finding], lang: Lang) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    [
        counted(
            count(Severity::Error),
            ["erreur", "erreurs", "error", "errors"],
            lang,
        ),
        counted(
            count(Severity::Warning),
            ["avertissement", "avertissements", "warning", "warnings"],
            lang,
        ),
        counted(
            count(Severity::Info),
            ["info", "infos", "info", "infos"],
            lang,
        ),
    ]
    .join(" · ")
}

/// A count with its noun, singular or plural as the language wants: `1 erreur`,
/// `0 erreur`, `37 erreurs` (French takes the singular for 0 and 1), `0 errors`.
pub fn counted(n: usize, [fr1, frn, en1, enn]: [&str; 4], lang: Lang) -> String {
    let word = match lang {
        Lang::Fr if n <= 1 => fr1,
        Lang::Fr => frn,
        Lang::En if n == 1 => en1,
        Lang::En => enn,
    };
    format!("{n} {word}")
}

#[cfg(test)]
mod tests {
    use super::{Lang, counted, escape};

    #[test]
    fn counts_agree_with_their_nouns() {
        let e = ["erreur", "erreurs", "error", "errors"];
        assert_eq!(counted(37, e, Lang::Fr), "37 erreurs");
        assert_eq!(counted(1, e, Lang::Fr), "1 erreur");
        assert_eq!(counted(0, e, Lang::Fr), "0 erreur");
        assert_eq!(counted(0, e, Lang::En), "0 errors");
        assert_eq!(counted(1, e, Lang::En), "1 error");
    }

    #[test]
    fn a_clients_words_are_not_read_as_markup() {
        assert_eq!(escape("<Police nationale>"), "&lt;Police nationale&gt;");
        assert_eq!(escape("**gras** | a_b"), "\\*\\*gras\\*\\* \\| a\\_b");
        assert_eq!(escape("Paie & RH"), "Paie &amp; RH");
    }
}
