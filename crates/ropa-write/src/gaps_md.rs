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
    run: &crate::run::Run,
    lang: Lang,
) -> String {
    let (title, complete) = match lang {
        Lang::Fr => ("Écarts du registre", "mentions de l'art. 30(1) renseignées"),
        Lang::En => ("Register gaps", "Art. 30(1) items recorded"),
    };
    let mut s = String::new();
    let _ = writeln!(s, "# {title}\n");
    scope(&mut s, activities, findings, run, lang);
    let _ = writeln!(
        s,
        "{}  \n{}\n",
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
                        "{} ({}{} {} {})",
                        finding_line(f, lang),
                        counted(f.activities.len(), ACTIVITIES, lang),
                        crate::words::colon(lang),
                        crate::words::number_sign(lang),
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
            "### {} {} — {} ({complete}{} {share}{}%)\n",
            crate::words::number_sign(lang),
            a.index,
            escape(&a.display_name()),
            crate::words::colon(lang),
            pick_lang(lang, " ", ""),
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
            let _ = writeln!(s, "{}", finding_line(f, lang));
        }
        s.push('\n');
    }
    rules_appendix(&mut s, findings, lang);
    let _ = writeln!(s, "\n{GAPS_MD_MARK}");
    s
}

/// One finding for the client: its severity, then its priority, the field, the message
/// and the law it rests on; the rule's code is in the appendix, not in the client's text.
fn finding_line(f: &Finding, lang: Lang) -> String {
    let severity = f.severity.label(lang);
    let mut chars = severity.chars();
    let severity: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!(
        "- **{severity}** ({} {}) — {} — {} *({})*",
        pick_lang(lang, "priorité", "priority"),
        f.priority.label(),
        f.field_label(lang),
        escape(&f.message.replace('\n', " ")),
        escape(f.rule.rule_under(f.law).reference(lang))
    )
}

/// How many controllers the scope names: past that the run is a portfolio of clients,
/// and the line counts the others (a consolidation of 5,000 registers named each).
const SCOPE_CONTROLLERS: usize = 20;

/// The controllers' names, `;`-separated as the language writes it, the first
/// [`SCOPE_CONTROLLERS`] of them and then how many others.
fn named_controllers(names: &[String], lang: Lang) -> String {
    let shown = names[..names.len().min(SCOPE_CONTROLLERS)].join(pick_lang(lang, " ; ", "; "));
    match names.len().saturating_sub(SCOPE_CONTROLLERS) {
        0 => shown,
        n => format!(
            "{shown} {}",
            match lang {
                Lang::Fr if n == 1 => "et 1 autre".to_string(),
                Lang::Fr => format!("et {n} autres"),
                Lang::En if n == 1 => "and 1 other".to_string(),
                Lang::En => format!("and {n} others"),
            }
        ),
    }
}

/// The scope section a deliverable opens with: whose register, at what date, by whom,
/// from which sources, and what a reading of the register cannot judge.
fn scope(
    s: &mut String,
    activities: &[Activity],
    findings: &[Finding],
    run: &crate::run::Run,
    lang: Lang,
) {
    // each name once, in order of appearance: looked up in a set (a scan of the list
    // for each activity was quadratic in a register of many controllers)
    let mut controllers: Vec<String> = Vec::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for a in activities {
        if let Some(v) = a.get(ropa_model::Field::ControllerName) {
            let name = v
                .display_text()
                .lines()
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
            if !name.is_empty() && seen.insert(name.clone()) {
                controllers.push(name);
            }
        }
    }
    let mut sources: Vec<(String, usize)> = Vec::new();
    for a in activities {
        match sources.last_mut() {
            Some((name, n)) if *name == a.source => *n += 1,
            _ => sources.push((a.source.clone(), 1)),
        }
    }
    let not_said = pick_lang(lang, "non indiqué", "not given");
    let colon = crate::words::colon(lang);
    let date = run
        .as_of
        .clone()
        .unwrap_or_else(|| run.time.chars().take(10).collect());
    let _ = writeln!(
        s,
        "## {}\n",
        pick_lang(lang, "Périmètre et limites", "Scope and limits")
    );
    let _ = writeln!(
        s,
        "- **{}**{colon} {}",
        pick_lang(lang, "Responsable(s) du traitement", "Controller(s)"),
        if controllers.is_empty() {
            pick_lang(
                lang,
                "non indiqué dans le registre",
                "not given in the register",
            )
            .to_string()
        } else {
            escape(&named_controllers(&controllers, lang))
        }
    );
    let _ = writeln!(
        s,
        "- **{}**{colon} {date}",
        pick_lang(lang, "Registre jugé au", "Register judged as of")
    );
    let _ = writeln!(
        s,
        "- **{}**{colon} {}",
        pick_lang(lang, "Préparé par", "Prepared by"),
        run.prepared_by
            .as_deref()
            .map_or(not_said.to_string(), escape)
    );
    let _ = writeln!(
        s,
        "- **{}**{colon} {}",
        pick_lang(lang, "Sources lues", "Sources read"),
        sources
            .iter()
            .map(|(name, n)| format!("{} ({})", escape(name), counted(*n, ACTIVITIES, lang)))
            .collect::<Vec<_>>()
            .join(pick_lang(lang, " ; ", "; "))
    );
    // the law each source was judged under, as its findings say (else where its
    // controller is)
    // (a source with no finding is judged again from its own activities only)
    let laws: Vec<(String, ropa_rules::Law)> = sources
        .iter()
        .map(|(name, _)| {
            let law = findings
                .iter()
                .find(|f| f.source == *name)
                .map(|f| f.law)
                .unwrap_or_else(|| {
                    ropa_rules::law::of_source(activities.iter().filter(|a| a.source == *name))
                });
            (name.clone(), law)
        })
        .collect();
    let law_line = if let Some((_, first)) = laws.first()
        && laws.iter().all(|(_, law)| law == first)
    {
        first.name(lang).to_string()
    } else {
        laws.iter()
            .map(|(name, law)| format!("{}{colon} {}", escape(name), law.name(lang)))
            .collect::<Vec<_>>()
            .join(pick_lang(lang, " ; ", "; "))
    };
    let _ = writeln!(
        s,
        "- **{}**{colon} {law_line}",
        pick_lang(lang, "Droit appliqué", "Law applied"),
    );
    let _ = writeln!(
        s,
        "- **{}**{colon} {}\n",
        pick_lang(lang, "Limites", "Limits"),
        pick_lang(
            lang,
            "ce rapport lit le registre tel qu'il est écrit. Il ne juge ni la pratique réelle, ni les contrats, ni les mentions d'information, ni la sécurité effective ; un constat « à vérifier » demande l'examen du DPO. Il ne remplace pas un audit.",
            "this report reads the register as written. It judges neither actual practice, nor the contracts, nor the privacy notices, nor security in fact; a finding “to check” needs the DPO's review. It is no audit."
        )
    );
}

/// The rules the report's findings rest on, by code: what each checks and its legal
/// reference, for a reader who wants the catalogue behind the words.
fn rules_appendix(s: &mut String, findings: &[Finding], lang: Lang) {
    let mut rules: Vec<(ropa_rules::RuleId, ropa_rules::Law)> =
        findings.iter().map(|f| (f.rule, f.law)).collect();
    rules.sort_by_key(|(r, law)| (r.to_string(), *law == ropa_rules::Law::UkGdpr));
    rules.dedup();
    if rules.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "## {}\n",
        pick_lang(lang, "Référentiel des règles", "Rules referred to")
    );
    for (r, law) in rules {
        let rule = r.rule_under(law);
        let _ = writeln!(
            s,
            "- `{r}` — {} *({})*",
            escape(rule.subject(lang)),
            escape(rule.reference(lang))
        );
    }
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

    /// A portfolio of many clients names its first controllers and counts the others,
    /// each once however many activities it has.
    #[test]
    fn the_scope_names_the_first_controllers_and_counts_the_others() {
        use ropa_model::{Activity, Field, Lang, Value};
        let activities: Vec<Activity> = (0..50)
            .map(|i| {
                let mut a = Activity {
                    source: "portefeuille.csv".into(),
                    index: i + 1,
                    ..Default::default()
                };
                a.fields.insert(
                    Field::ControllerName,
                    Value::Text(format!("Client {}", i % 25)),
                );
                a
            })
            .collect();
        let run = crate::run::Run::default();
        let md = super::render(&activities, &[], &Default::default(), &run, Lang::Fr);
        let line = md
            .lines()
            .find(|l| l.contains("Responsable(s) du traitement"))
            .unwrap_or_default();
        assert!(line.contains("Client 0 ; Client 1 ;"), "{line}");
        assert!(line.contains("Client 19 et 5 autres"), "{line}");
        assert!(!line.contains("Client 20"), "{line}");
        let en = super::render(&activities, &[], &Default::default(), &run, Lang::En);
        assert!(en.contains("Client 0; Client 1;"));
        assert!(en.contains("Client 19 and 5 others"));
    }

    #[test]
    fn a_clients_words_are_not_read_as_markup() {
        assert_eq!(escape("<Police nationale>"), "&lt;Police nationale&gt;");
        assert_eq!(escape("**gras** | a_b"), "\\*\\*gras\\*\\* \\| a\\_b");
        assert_eq!(escape("Paie & RH"), "Paie &amp; RH");
    }
}
