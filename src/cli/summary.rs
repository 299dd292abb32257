//! The run's summary: per source, what was detected, how many activities, and the
//! account of values; then findings per severity. Source values appear only with `-v`.

use crate::pipeline::Outcome;
use ropa_model::Lang;
use ropa_model::{Account, Activity, SourceReport};
use ropa_write::counts::{ACTIVITIES, counted, severity_counts};
use ropa_write::i18n::Msg;
use ropa_write::words::said;
use std::fmt::Write;
use std::path::Path;

/// What a register written by ropa and read back says: its changes since it was
/// written, by place and field, and what could not be taken into account (`ingest` and
/// `gaps` say the same).
pub fn reread(r: &crate::pipeline::Reread, lang: Lang) -> String {
    let mut s = String::new();
    let name = r.path.file_name().map_or_else(
        || r.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let _ = writeln!(
        s,
        "{}",
        Msg::SumReread.fill(
            lang,
            &[
                &name,
                &counted(r.activities, ACTIVITIES, lang),
                &counted(
                    r.edits.len(),
                    ["changement", "changements", "change", "changes"],
                    lang
                )
            ]
        )
    );
    for e in &r.edits {
        let _ = writeln!(s, "{}", Msg::SumChanged.fill(lang, &[&said(e, lang)]));
    }
    for n in &r.notes {
        let _ = writeln!(s, "{}", Msg::SumNote.fill(lang, &[&said(n, lang)]));
    }
    s
}

/// What was detected of a source: its mapping, layout, encoding, delimiter, sheet,
/// header row and language, as the summary lists them.
fn detected(src: &SourceReport, lang: Lang) -> Vec<String> {
    let mut detected = vec![
        Msg::DetMapping.fill(lang, &[&src.mapping]),
        Msg::DetLayout.fill(lang, &[&src.layout]),
    ];
    detected.extend(
        src.encoding
            .iter()
            .map(|e| Msg::DetEncoding.fill(lang, &[e])),
    );
    detected.extend(
        src.delimiter
            .iter()
            .map(|d| Msg::DetDelimiter.fill(lang, &[d])),
    );
    detected.extend(src.sheet.iter().map(|d| Msg::DetSheet.fill(lang, &[d])));
    detected.extend(
        src.header_row
            .iter()
            .map(|h| Msg::DetHeaderRow.fill(lang, &[h])),
    );
    detected.extend(
        src.language
            .iter()
            .map(|l| Msg::DetLanguage.fill(lang, &[l])),
    );
    detected
}

/// A source's lines: its activities and what was detected, its account of values, its
/// notes and how many of its labels went unmapped.
fn source_lines(s: &mut String, src: &SourceReport, lang: Lang) {
    let a = &src.account;
    let detected = detected(src, lang);
    let _ = writeln!(
        s,
        "{}",
        Msg::SumActivities.fill(lang, &[&src.source, &src.activities, &detected.join(", ")])
    );
    let balance = if a.lost > 0 {
        Msg::SumLost.fill(lang, &[&a.lost])
    } else if a.balances() {
        String::new()
    } else {
        Msg::SumUnbalanced.text(lang).to_string()
    };
    let _ = writeln!(
        s,
        "{}",
        Msg::SumValues.fill(lang, &[&a.read, &a.mapped, &a.extra, &a.ignored, &balance])
    );
    for n in &src.notes {
        let _ = writeln!(s, "{}", Msg::SumNote.fill(lang, &[&said(n, lang)]));
    }
    let doubtful = src.labels.iter().filter(|l| l.target.is_none()).count();
    if doubtful > 0 {
        let _ = writeln!(s, "{}", Msg::SumUnmappedLabels.fill(lang, &[&doubtful]));
    }
}

/// With `-v`: each label's match and each value kept in extra, source values included.
fn verbose_lines(s: &mut String, src: &SourceReport, activities: &[Activity], lang: Lang) {
    for l in &src.labels {
        let _ = writeln!(s, "    label {:?}: {}", l.label, said(&l.how, lang));
    }
    for a in activities.iter().filter(|a| a.source == src.source) {
        for e in &a.extra {
            let _ = writeln!(
                s,
                "    extra #{} {} {:?} = {:?} ({})",
                a.index,
                e.place,
                e.label,
                e.value,
                said(&e.reason, lang)
            );
        }
    }
}

/// The summary as text, in the language asked.
pub fn render(o: &Outcome, out_dir: &Path, verbose: bool, lang: Lang) -> String {
    let mut s = String::new();
    let mut total = Account::default();
    for src in &o.register.sources {
        total.add(&src.account);
        source_lines(&mut s, src, lang);
        if verbose {
            verbose_lines(&mut s, src, &o.register.activities, lang);
        }
    }
    for r in &o.rereads {
        s.push_str(&reread(r, lang));
    }
    for i in &o.inferred {
        let saved = out_dir.join("mappings").join(&i.file_name);
        let _ = writeln!(
            s,
            "{}",
            Msg::SumInferred.fill(
                lang,
                &[
                    &i.path.display(),
                    &format!("{:.0}", i.confidence * 100.0),
                    &saved.display()
                ]
            )
        );
    }
    for c in &o.rule_changes {
        let scope = if c.sources.is_empty() {
            String::new()
        } else {
            Msg::SumRuleFor.fill(lang, &[&c.sources.join(", ")])
        };
        let _ = writeln!(
            s,
            "{}",
            Msg::SumRuleChanged.fill(lang, &[&c.rule, &c.level, &c.from, &scope])
        );
    }
    // sub-folders named once, together, with how to read them
    let folders: Vec<String> = o
        .passed_over
        .iter()
        .filter(|(_, why)| *why == Msg::PassFolder)
        .map(|(p, _)| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect();
    if !folders.is_empty() {
        let n = counted(
            folders.len(),
            ["dossier", "dossiers", "folder", "folders"],
            lang,
        );
        let _ = writeln!(
            s,
            "{}",
            Msg::SumFoldersPassedOver.fill(
                lang,
                &[
                    &n,
                    &match (lang, folders.len()) {
                        (Lang::Fr, 1) => "non lu",
                        (Lang::Fr, _) => "non lus",
                        _ => "passed over",
                    },
                    &folders.join(", "),
                ],
            )
        );
    }
    for (p, why) in o
        .passed_over
        .iter()
        .filter(|(_, why)| *why != Msg::PassFolder)
    {
        let _ = writeln!(
            s,
            "{}",
            Msg::SumPassedOver.fill(lang, &[&p.display(), &why.text(lang)])
        );
    }
    let activities = counted(o.register.activities.len(), ACTIVITIES, lang);
    let sources = counted(
        o.register.sources.len(),
        ["source", "sources", "source", "sources"],
        lang,
    );
    let findings = severity_counts(&o.findings, lang);
    let _ = writeln!(
        s,
        "{}",
        Msg::SumTotal.fill(lang, &[&activities, &sources, &findings])
    );
    let _ = writeln!(
        s,
        "{}",
        Msg::SumTotalValues.fill(
            lang,
            &[&total.read, &total.mapped, &total.extra, &total.ignored]
        )
    );
    if !o.failures.is_empty() {
        let _ = writeln!(s, "{}", Msg::SumFailures.fill(lang, &[&o.failures.len()]));
    }
    let _ = writeln!(s, "{}", Msg::SumWrote.fill(lang, &[&out_dir.display()]));
    s
}
