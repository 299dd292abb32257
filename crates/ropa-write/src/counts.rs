//! Counts in words, agreed in number, for the heads of every report.

use ropa_model::{Activity, Lang};
use ropa_rules::{Finding, Severity, Tier};

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
    use super::{Lang, counted};

    #[test]
    fn counts_agree_with_their_nouns() {
        let e = ["erreur", "erreurs", "error", "errors"];
        assert_eq!(counted(37, e, Lang::Fr), "37 erreurs");
        assert_eq!(counted(1, e, Lang::Fr), "1 erreur");
        assert_eq!(counted(0, e, Lang::Fr), "0 erreur");
        assert_eq!(counted(0, e, Lang::En), "0 errors");
        assert_eq!(counted(1, e, Lang::En), "1 error");
    }
}
