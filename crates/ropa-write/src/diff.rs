//! `diff.xlsx`, `diff.md`, `diff.json`: what changed between two registers, for the
//! yearly review (a summary, then one row per change, the changed cells highlighted).

use super::counts::counted;
use super::gaps_md::escape;
use super::{
    Sheet, SheetOptions, Styles, new_workbook, save, write_atomic, write_sheet, xlsx_error,
};
use ropa_model::Activity;
use ropa_model::Lang;
use ropa_model::error::Result;
use ropa_rules::compare::{Diff, FindingDelta, How};
use ropa_rules::rules::pick;
use rust_xlsxwriter::{Color, Format};
use std::fmt::Write;
use std::path::Path;

/// The two registers compared, named as the user gave them.
pub struct Compared<'a> {
    /// The old register's path, as given.
    pub old_name: &'a str,
    /// Its activities.
    pub old: &'a [Activity],
    /// The new register's path, as given.
    pub new_name: &'a str,
    /// Its activities.
    pub new: &'a [Activity],
}

/// How an activity is named in the diff: `source n° i – name` (`No.` in English).
pub fn label(a: &Activity, lang: Lang) -> String {
    super::words::activity_title(&a.source, a.index, &a.display_name(), lang)
}

/// The activity a finding of the diff is about, named as [`label`] names it.
fn about(f: &FindingDelta, lang: Lang) -> String {
    super::words::activity_title(&f.source, f.index, &f.name, lang)
}

/// A quoted text in the language's quotes.
fn quoted(t: &str, lang: Lang) -> String {
    if lang == Lang::Fr {
        format!("« {t} »")
    } else {
        format!("“{t}”")
    }
}

/// The warning of a diff between two organisations' registers, or nothing.
pub fn other_controllers(d: &Diff, lang: Lang) -> Option<String> {
    let (old, new) = d.other_controllers.as_ref()?;
    let names = |l: &[String]| {
        l.iter()
            .map(|n| quoted(n, lang))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(if lang == Lang::Fr {
        format!(
            "Attention : ces registres sont de deux responsables différents ({} puis {}). Les activités ne sont appariées que par un contenu quasi identique, jamais par leur nom ou leur identifiant.",
            names(old),
            names(new)
        )
    } else {
        format!(
            "Warning: these registers are of two different controllers ({} then {}). Activities are paired only by near-identical content, never by their name or id.",
            names(old),
            names(new)
        )
    })
}

fn how(h: How, likeness: f64, lang: Lang) -> String {
    match h {
        How::Id => pick(["même identifiant", "same id"], lang).to_string(),
        How::Name => pick(["même nom", "same name"], lang).to_string(),
        How::Content => format!(
            "{} ({:.0} %)",
            pick(["contenu semblable", "similar content"], lang),
            likeness * 100.0
        ),
    }
}

/// The nouns of the counts of a diff, singular and plural, French and English.
const COUNTED: [[&str; 4]; 7] = [
    ["ajoutée", "ajoutées", "added", "added"],
    ["supprimée", "supprimées", "removed", "removed"],
    ["modifiée", "modifiées", "changed", "changed"],
    ["inchangée", "inchangées", "unchanged", "unchanged"],
    [
        "constat clos",
        "constats clos",
        "finding closed",
        "findings closed",
    ],
    [
        "constat ouvert",
        "constats ouverts",
        "finding opened",
        "findings opened",
    ],
    [
        "constat retiré avec son activité",
        "constats retirés avec leur activité",
        "finding removed with its activity",
        "findings removed with their activity",
    ],
];

/// The counts, one line: `1 ajoutée · 1 supprimée · 2 modifiées · …`.
pub fn counts(d: &Diff, lang: Lang) -> String {
    let n = [
        d.added.len(),
        d.removed.len(),
        d.changed.len(),
        d.same.len(),
        d.closed.len(),
        d.opened.len(),
        d.removed_with.len(),
    ];
    n.iter()
        .zip(COUNTED)
        .enumerate()
        // none removed with an activity is not worth a word
        .filter(|(k, (n, _))| *k < 6 || **n > 0)
        .map(|(_, (n, nouns))| counted(*n, nouns, lang))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The diff as Markdown.
pub fn markdown(c: &Compared<'_>, d: &Diff, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {}{} {} → {}\n",
        pick(["Évolution du registre", "Register changes"], lang),
        super::words::colon(lang),
        escape(c.old_name),
        escape(c.new_name),
    );
    if let Some(w) = other_controllers(d, lang) {
        let _ = writeln!(s, "> **{}**\n", escape(&w));
    }
    let _ = writeln!(s, "{}\n", counts(d, lang));
    let section = |s: &mut String, title: [&'static str; 2]| {
        let _ = writeln!(s, "## {}\n", pick(title, lang));
    };
    if !d.added.is_empty() {
        section(&mut s, ["Activités ajoutées", "Activities added"]);
        for &j in &d.added {
            let _ = writeln!(s, "- {}", escape(&label(&c.new[j], lang)));
        }
        s.push('\n');
    }
    if !d.removed.is_empty() {
        section(&mut s, ["Activités supprimées", "Activities removed"]);
        for &i in &d.removed {
            let _ = writeln!(s, "- {}", escape(&label(&c.old[i], lang)));
        }
        s.push('\n');
    }
    if !d.changed.is_empty() {
        section(&mut s, ["Activités modifiées", "Activities changed"]);
        for ch in &d.changed {
            let _ = writeln!(
                s,
                "### {} ({})\n",
                escape(&label(&c.new[ch.pair.new], lang)),
                how(ch.pair.how, ch.pair.likeness, lang)
            );
            let shown = |t: &str| {
                if t.is_empty() {
                    pick(["(vide)", "(empty)"], lang).to_string()
                } else {
                    quoted(&escape(&t.replace('\n', "; ")), lang)
                }
            };
            for f in &ch.changes {
                let _ = writeln!(
                    s,
                    "- **{}**{} {} → {}",
                    f.field.label(lang),
                    super::words::colon(lang),
                    shown(&f.old),
                    shown(&f.new)
                );
            }
            s.push('\n');
        }
    }
    for (title, list) in [
        (["Constats clos", "Findings closed"], &d.closed),
        (["Constats ouverts", "Findings opened"], &d.opened),
        (
            [
                "Constats retirés avec leur activité",
                "Findings removed with their activity",
            ],
            &d.removed_with,
        ),
    ] {
        if list.is_empty() {
            continue;
        }
        section(&mut s, title);
        for f in list {
            let _ = writeln!(
                s,
                "- `{}` {} — {} — {}",
                f.rule,
                escape(&about(f, lang)),
                f.field,
                escape(&f.message.replace('\n', " "))
            );
        }
        s.push('\n');
    }
    s
}

/// The rows of the changes sheet: kind, activity, field, before, after, how paired.
fn rows(c: &Compared<'_>, d: &Diff, lang: Lang) -> Vec<Vec<String>> {
    // an activity added or removed: its kind and its name, no field
    let whole = d
        .added
        .iter()
        .map(|&j| (["ajoutée", "added"], &c.new[j]))
        .chain(
            d.removed
                .iter()
                .map(|&i| (["supprimée", "removed"], &c.old[i])),
        );
    let mut out: Vec<Vec<String>> = whole
        .map(|(kind, a)| {
            let mut row = vec![String::new(); 6];
            row[0] = pick(kind, lang).into();
            row[1] = label(a, lang);
            row
        })
        .collect();
    for ch in &d.changed {
        for f in &ch.changes {
            out.push(vec![
                pick(["modifiée", "changed"], lang).into(),
                label(&c.new[ch.pair.new], lang),
                f.field.label(lang).into(),
                f.old.clone(),
                f.new.clone(),
                how(ch.pair.how, ch.pair.likeness, lang),
            ]);
        }
    }
    for (kind, list) in [
        (["constat clos", "finding closed"], &d.closed),
        (["constat ouvert", "finding opened"], &d.opened),
        (
            [
                "constat retiré avec son activité",
                "finding removed with its activity",
            ],
            &d.removed_with,
        ),
    ] {
        for f in list {
            out.push(vec![
                pick(kind, lang).into(),
                about(f, lang),
                f.field.to_string(),
                f.rule.code().into(),
                f.message.clone(),
                String::new(),
            ]);
        }
    }
    out
}

/// Findings of the diff as JSON: each with the activity it is about named.
fn delta_json(list: &[FindingDelta], lang: Lang) -> Vec<serde_json::Value> {
    list.iter()
        .map(|f| {
            serde_json::json!({
                "activity": about(f, lang),
                "rule": f.rule,
                "field": f.field,
                "severity": f.severity,
                "message": f.message,
            })
        })
        .collect()
}

/// Writes `diff.xlsx`, `diff.md` and `diff.json` into `dir`.
pub fn write(dir: &Path, c: &Compared<'_>, d: &Diff, lang: Lang) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| ropa_model::error::Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let json = serde_json::json!({
        "old": c.old_name,
        "new": c.new_name,
        "other_controllers": d.other_controllers.as_ref().map(|(old, new)| serde_json::json!({
            "old": old,
            "new": new,
        })),
        "added": d.added.iter().map(|&j| label(&c.new[j], lang)).collect::<Vec<_>>(),
        "removed": d.removed.iter().map(|&i| label(&c.old[i], lang)).collect::<Vec<_>>(),
        "changed": d.changed.iter().map(|ch| serde_json::json!({
            "old": label(&c.old[ch.pair.old], lang),
            "new": label(&c.new[ch.pair.new], lang),
            "matched_by": ch.pair.how,
            "likeness": (ch.pair.likeness * 100.0).round() / 100.0,
            "fields": ch.changes,
        })).collect::<Vec<_>>(),
        "unchanged": d.same.len(),
        "findings": {
            "closed": delta_json(&d.closed, lang),
            "opened": delta_json(&d.opened, lang),
            "removed_with_activity": delta_json(&d.removed_with, lang),
            "kept": d.kept,
        },
    });
    let text = serde_json::to_string_pretty(&json).unwrap_or_default() + "\n";
    write_atomic(&dir.join("diff.json"), text.as_bytes())?;
    super::gaps_md::write_marked(&dir.join("diff.md"), &markdown(c, d, lang))?;
    let path = dir.join("diff.xlsx");
    let mut wb = new_workbook().map_err(xlsx_error(&path))?;
    let summary = wb.add_worksheet();
    let title = Format::new().set_bold().set_font_size(14);
    let done = summary
        .set_name(pick(["Résumé", "Summary"], lang))
        .and_then(|ws| {
            ws.set_column_width(0, 90)?;
            ws.write_string_with_format(
                0,
                0,
                pick(["Évolution du registre", "Register changes"], lang),
                &title,
            )?;
            ws.write_string(1, 0, format!("{} → {}", c.old_name, c.new_name))?;
            ws.write_string(2, 0, counts(d, lang))?;
            if let Some(w) = other_controllers(d, lang) {
                ws.write_string_with_format(3, 0, w, &Format::new().set_bold().set_text_wrap())?;
            }
            Ok(())
        });
    done.map_err(xlsx_error(&path))?;
    let headers: Vec<&str> = if lang == Lang::Fr {
        vec![
            "Nature",
            "Activité",
            "Champ",
            "Avant",
            "Après",
            "Appariement",
        ]
    } else {
        vec!["Kind", "Activity", "Field", "Before", "After", "Matched by"]
    };
    // the changed cells: the value after, highlighted
    let changed = Format::new()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xFF_EB9C));
    let kind_changed = pick(["modifiée", "changed"], lang);
    let rows = rows(c, d, lang);
    let hook = |ws: &mut rust_xlsxwriter::Worksheet,
                row: u32,
                col: u16,
                at: usize,
                text: &str|
     -> std::result::Result<bool, rust_xlsxwriter::XlsxError> {
        if col == 4 && rows.get(at).is_some_and(|r| r[0] == kind_changed) {
            ws.write_string_with_format(row, col, text, &changed)?;
            return Ok(true);
        }
        Ok(false)
    };
    let opts = SheetOptions {
        cell: Some(&hook),
        ..SheetOptions::streamed()
    };
    let sheet = Sheet::new(
        pick(["Changements", "Changes"], lang),
        &headers,
        rows.clone().into_iter(),
    );
    write_sheet(&mut wb, sheet, &Styles::default(), &opts).map_err(xlsx_error(&path))?;
    super::mark_sheet(wb.add_worksheet(), super::gaps_xlsx::GAPS_MARK)
        .map_err(xlsx_error(&path))?;
    save(wb, &path)
}
