//! The run's summary: per source, what was detected, how many activities, and the
//! account of values; then findings per severity. Source values appear only with `-v`.

use crate::gaps::Severity;
use crate::model::Account;
use crate::pipeline::Outcome;
use std::fmt::Write;
use std::path::Path;

/// What a register written by ropa and read back says: its changes since it was
/// written, by place and field, and what could not be taken into account (`ingest` and
/// `gaps` say the same).
pub fn reread(r: &crate::pipeline::Reread) -> String {
    let mut s = String::new();
    let name = r.path.file_name().map_or_else(
        || r.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let _ = writeln!(
        s,
        "{name}: a register written by ropa, read back: {} activities, {} change(s) since it was written",
        r.activities,
        r.edits.len()
    );
    for e in &r.edits {
        let _ = writeln!(s, "  changed: {e}");
    }
    for n in &r.notes {
        let _ = writeln!(s, "  note: {n}");
    }
    s
}

/// The summary as text.
pub fn render(o: &Outcome, out_dir: &Path, verbose: bool) -> String {
    let mut s = String::new();
    let mut total = Account::default();
    for src in &o.register.sources {
        let a = &src.account;
        total.add(a);
        let mut detected = vec![
            format!("mapping {}", src.mapping),
            format!("layout {}", src.layout),
        ];
        detected.extend(src.encoding.iter().map(|e| format!("encoding {e}")));
        detected.extend(src.delimiter.iter().map(|d| format!("delimiter {d}")));
        detected.extend(src.sheet.iter().map(|d| format!("sheet {d}")));
        detected.extend(src.header_row.iter().map(|h| format!("header row {h}")));
        detected.extend(src.language.iter().map(|l| format!("language {l}")));
        let _ = writeln!(
            s,
            "{}: {} activities ({})",
            src.source,
            src.activities,
            detected.join(", ")
        );
        let balance = if a.lost > 0 {
            format!(
                "  ← {} VALUE(S) LOST: words mapped to a field are missing from the activity (a defect of ropa; the source is intact: report it with `-v`)",
                a.lost
            )
        } else if a.balances() {
            String::new()
        } else {
            "  ← DOES NOT BALANCE".to_string()
        };
        let _ = writeln!(
            s,
            "  values: {} read = {} mapped + {} kept in extra + {} ignored{balance}",
            a.read, a.mapped, a.extra, a.ignored
        );
        for n in &src.notes {
            let _ = writeln!(s, "  note: {n}");
        }
        let doubtful: Vec<_> = src.labels.iter().filter(|l| l.target.is_none()).collect();
        if !doubtful.is_empty() {
            let _ = writeln!(
                s,
                "  {} label(s) not mapped (their values are in extra; see sheet Libellés)",
                doubtful.len()
            );
        }
        if verbose {
            for l in &src.labels {
                let _ = writeln!(s, "    label {:?}: {}", l.label, l.how);
            }
            for a in o
                .register
                .activities
                .iter()
                .filter(|a| a.source == src.source)
            {
                for e in &a.extra {
                    let _ = writeln!(
                        s,
                        "    extra #{} {} {:?} = {:?} ({})",
                        a.index, e.place, e.label, e.value, e.reason
                    );
                }
            }
        }
    }
    for r in &o.rereads {
        s.push_str(&reread(r));
    }
    for i in &o.inferred {
        let _ = writeln!(
            s,
            "{}: no mapping matched; read with an inferred mapping ({:.0} % of its labels matched), saved as {} for review",
            i.path.display(),
            i.confidence * 100.0,
            out_dir.join("mappings").join(&i.file_name).display()
        );
    }
    for c in &o.rule_changes {
        let scope = if c.sources.is_empty() {
            String::new()
        } else {
            format!(" for {}", c.sources.join(", "))
        };
        let _ = writeln!(s, "rule {} set to {} by {}{scope}", c.rule, c.level, c.from);
    }
    for (p, why) in &o.passed_over {
        let _ = writeln!(s, "{}: passed over ({why})", p.display());
    }
    let count = |sev: Severity| o.findings.iter().filter(|f| f.severity == sev).count();
    let _ = writeln!(
        s,
        "total: {} activities from {} source(s); findings: {} error, {} warning, {} info",
        o.register.activities.len(),
        o.register.sources.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    let _ = writeln!(
        s,
        "values: {} read = {} mapped + {} kept in extra + {} ignored",
        total.read, total.mapped, total.extra, total.ignored
    );
    if !o.failures.is_empty() {
        let _ = writeln!(
            s,
            "{} input(s) could not be read (see the errors above)",
            o.failures.len()
        );
    }
    let _ = writeln!(
        s,
        "wrote register.xlsx, gaps.xlsx, register.json, gaps.json, gaps.md in {}",
        out_dir.display()
    );
    s
}
