//! After the rules, before the outputs: what changed between two registers (`ropa diff`) — the
//! activities added, removed and changed field by field, and the findings closed and
//! opened. Activities are paired by their stable id when both registers carry one (both
//! written by ropa), else by name, else by the likeness of their texts; each pair says
//! how it was made and how sure it is.

use crate::{Finding, RuleId, Severity, Subject};
use ropa_model::text::fold;
use ropa_model::{ALL_FIELDS, Activity, Field};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};

/// How two activities were paired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// The same stable id on both sides.
    Id,
    /// The same name (folded), once on each side.
    Name,
    /// Texts alike enough (the share of their words in common).
    Content,
}

/// Below this likeness, two activities of different names are not paired.
pub const CONTENT_THRESHOLD: f64 = 0.5;

/// One activity of the old register paired with one of the new.
#[derive(Clone, Debug, Serialize)]
pub struct Pair {
    /// Its position in the old register.
    pub old: usize,
    /// Its position in the new register.
    pub new: usize,
    /// How it was paired.
    pub how: How,
    /// How alike the two are, 0–1 (the share of words in common).
    pub likeness: f64,
}

/// One field that changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field.
    pub field: Field,
    /// Its text before (empty when it was absent).
    pub old: String,
    /// Its text after (empty when it is absent).
    pub new: String,
}

/// A pair whose fields differ.
#[derive(Clone, Debug, Serialize)]
pub struct Changed {
    /// The pair.
    pub pair: Pair,
    /// The fields that changed, in register order.
    pub changes: Vec<FieldChange>,
}

/// A finding on one activity, as the diff lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FindingDelta {
    /// The activity it is about: `source n° i – name`.
    pub activity: String,
    /// The rule.
    pub rule: RuleId,
    /// The field.
    pub field: Subject,
    /// Its severity.
    pub severity: Severity,
    /// Its message.
    pub message: String,
}

/// Everything that changed between two registers.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Diff {
    /// Positions in the new register of the activities that are new.
    pub added: Vec<usize>,
    /// Positions in the old register of the activities that are gone.
    pub removed: Vec<usize>,
    /// The pairs whose fields differ.
    pub changed: Vec<Changed>,
    /// The pairs that are the same.
    pub same: Vec<Pair>,
    /// Findings of the old register that the new one no longer has.
    pub closed: Vec<FindingDelta>,
    /// Findings of the new register that the old one did not have.
    pub opened: Vec<FindingDelta>,
    /// How many findings are on both sides.
    pub kept: usize,
}

impl Diff {
    /// Whether anything changed in the activities.
    pub fn has_changes(&self) -> bool {
        !(self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty())
    }
}

/// A register to compare: its activities, their findings, and whether its ids were
/// carried by the register (written by ropa) rather than given on reading.
pub struct Side<'a> {
    /// The activities, in register order.
    pub activities: &'a [Activity],
    /// Their findings.
    pub findings: &'a [Finding],
    /// Whether the ids come from the file.
    pub ids_carried: bool,
}

/// A field's text as compared: lines trimmed, runs of spaces as one.
fn compared(a: &Activity, f: Field) -> String {
    a.get(f)
        .map(|v| {
            v.display_text()
                .lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

fn words(a: &Activity) -> HashSet<String> {
    ALL_FIELDS
        .iter()
        .flat_map(|f| {
            fold(&compared(a, *f))
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The share of words two activities' word sets have in common (Jaccard), 0–1; two
/// empty sets are alike.
fn jaccard(x: &HashSet<String>, y: &HashSet<String>) -> f64 {
    let union = x.union(y).count();
    if union == 0 {
        return 1.0;
    }
    x.intersection(y).count() as f64 / union as f64
}

/// Pairs the activities of two registers: by id, then by unique name, then by likeness
/// (the most alike first), each activity at most once.
pub fn pair(old: &Side<'_>, new: &Side<'_>) -> Vec<Pair> {
    let mut pairs = Vec::new();
    // each activity's words once: the likeness of every candidate pair reads them
    let old_words: Vec<HashSet<String>> = old.activities.iter().map(words).collect();
    let new_words: Vec<HashSet<String>> = new.activities.iter().map(words).collect();
    let alike = |i: usize, j: usize| jaccard(&old_words[i], &new_words[j]);
    let mut old_free: BTreeSet<usize> = (0..old.activities.len()).collect();
    let mut new_free: BTreeSet<usize> = (0..new.activities.len()).collect();
    if old.ids_carried && new.ids_carried {
        let by_id: HashMap<&str, usize> = old
            .activities
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        for (j, b) in new.activities.iter().enumerate() {
            if let Some(&i) = by_id.get(b.id.as_str())
                && old_free.remove(&i)
            {
                new_free.remove(&j);
                let l = alike(i, j);
                pairs.push(Pair {
                    old: i,
                    new: j,
                    how: How::Id,
                    likeness: l,
                });
            }
        }
    }
    // a name met once on each side
    let names = |side: &Side<'_>, free: &BTreeSet<usize>| {
        let mut m: HashMap<String, Vec<usize>> = HashMap::new();
        for &i in free {
            m.entry(fold(&side.activities[i].display_name()))
                .or_default()
                .push(i);
        }
        m
    };
    let old_names = names(old, &old_free);
    let new_names = names(new, &new_free);
    for (name, js) in &new_names {
        if let ([j], Some([i])) = (js.as_slice(), old_names.get(name).map(Vec::as_slice)) {
            old_free.remove(i);
            new_free.remove(j);
            let l = alike(*i, *j);
            pairs.push(Pair {
                old: *i,
                new: *j,
                how: How::Name,
                likeness: l,
            });
        }
    }
    // the rest by likeness, the most alike first
    let mut candidates: Vec<(f64, usize, usize)> = old_free
        .iter()
        .flat_map(|&i| new_free.iter().map(move |&j| (i, j)).collect::<Vec<_>>())
        .map(|(i, j)| (alike(i, j), i, j))
        .filter(|(l, ..)| *l >= CONTENT_THRESHOLD)
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (l, i, j) in candidates {
        if old_free.contains(&i) && new_free.contains(&j) {
            old_free.remove(&i);
            new_free.remove(&j);
            pairs.push(Pair {
                old: i,
                new: j,
                how: How::Content,
                likeness: l,
            });
        }
    }
    pairs.sort_by_key(|p| p.new);
    pairs
}

/// The fields of two activities whose texts differ, in register order.
pub fn field_changes(a: &Activity, b: &Activity) -> Vec<FieldChange> {
    ALL_FIELDS
        .iter()
        .filter_map(|f| {
            let (old, new) = (compared(a, *f), compared(b, *f));
            (old != new).then_some(FieldChange {
                field: *f,
                old,
                new,
            })
        })
        .collect()
}

/// How an activity is named in the diff: `source n° i – name`.
pub fn label(a: &Activity) -> String {
    format!("{} n° {} – {}", a.source, a.index, a.display_name())
}

/// Each finding of a side once per activity it is about, keyed by (the activity's
/// position, rule, field).
fn findings_by_activity<'f>(
    side: &Side<'_>,
    findings: &'f [Finding],
) -> Vec<((usize, RuleId, Subject), &'f Finding)> {
    let position: HashMap<(&str, usize), usize> = side
        .activities
        .iter()
        .enumerate()
        .map(|(p, a)| ((a.source.as_str(), a.index), p))
        .collect();
    findings
        .iter()
        .flat_map(|f| {
            f.indexes()
                .into_iter()
                .filter_map(|i| position.get(&(f.source.as_str(), i)).copied())
                .map(move |p| ((p, f.rule, f.field), f))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// An old finding's key: its activity's new position (none when removed), its old
/// position, its rule and field.
type OldKey = (Option<usize>, usize, RuleId, Subject);

/// What changed from `old` to `new`.
pub fn diff(old: &Side<'_>, new: &Side<'_>) -> Diff {
    let pairs = pair(old, new);
    let mut out = Diff::default();
    let paired_old: HashSet<usize> = pairs.iter().map(|p| p.old).collect();
    let paired_new: HashSet<usize> = pairs.iter().map(|p| p.new).collect();
    out.added = (0..new.activities.len())
        .filter(|j| !paired_new.contains(j))
        .collect();
    out.removed = (0..old.activities.len())
        .filter(|i| !paired_old.contains(i))
        .collect();
    let new_of: HashMap<usize, usize> = pairs.iter().map(|p| (p.old, p.new)).collect();
    for p in pairs {
        let changes = field_changes(&old.activities[p.old], &new.activities[p.new]);
        if changes.is_empty() {
            out.same.push(p);
        } else {
            out.changed.push(Changed { pair: p, changes });
        }
    }
    // findings, by the new position of their activity (a removed one keeps its own)
    let delta = |a: &Activity, f: &Finding| FindingDelta {
        activity: label(a),
        rule: f.rule,
        field: f.field,
        severity: f.severity,
        message: f.message.clone(),
    };
    let old_keyed: Vec<(OldKey, &Finding)> = findings_by_activity(old, old.findings)
        .into_iter()
        .map(|((p, r, s), f)| ((new_of.get(&p).copied(), p, r, s), f))
        .collect();
    let new_keyed = findings_by_activity(new, new.findings);
    let new_keys: HashSet<(usize, RuleId, Subject)> = new_keyed.iter().map(|(k, _)| *k).collect();
    let old_keys: HashSet<(usize, RuleId, Subject)> = old_keyed
        .iter()
        .filter_map(|((n, _, r, s), _)| n.map(|n| (n, *r, *s)))
        .collect();
    let mut seen = HashSet::new();
    for ((n, p, r, s), f) in &old_keyed {
        let still = n.is_some_and(|n| new_keys.contains(&(n, *r, *s)));
        if !seen.insert((*p, *r, *s)) {
            continue;
        }
        if still {
            out.kept += 1;
        } else {
            out.closed.push(delta(&old.activities[*p], f));
        }
    }
    let mut seen = HashSet::new();
    for (k, f) in &new_keyed {
        if seen.insert(*k) && !old_keys.contains(k) {
            out.opened.push(delta(&new.activities[k.0], f));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ropa_model::Value;

    fn act(source: &str, index: usize, id: &str, name: &str, purpose: &str) -> Activity {
        let mut a = Activity {
            source: source.into(),
            index,
            id: id.into(),
            ..Default::default()
        };
        a.fields.insert(Field::Name, Value::Text(name.into()));
        a.fields.insert(Field::Purpose, Value::Text(purpose.into()));
        a
    }

    #[test]
    fn pairs_by_id_then_name_then_likeness() {
        let old = [
            act(
                "r.xlsx",
                1,
                "a1",
                "Paie",
                "Calcul et versement des salaires",
            ),
            act(
                "r.xlsx",
                2,
                "a2",
                "Recrutement",
                "Gestion des candidatures reçues",
            ),
            act("r.xlsx", 3, "a3", "Vidéo", "Vidéosurveillance des locaux"),
        ];
        // renamed (same id), moved, and one new
        let new = [
            act(
                "r.xlsx",
                1,
                "a2",
                "Recrutement",
                "Gestion des candidatures reçues",
            ),
            act(
                "r.xlsx",
                2,
                "a1",
                "Paie des salariés",
                "Calcul et versement des salaires",
            ),
            act(
                "r.xlsx",
                3,
                "zz",
                "Newsletter",
                "Envoi de la lettre d'information",
            ),
        ];
        fn side(activities: &[Activity], ids_carried: bool) -> Side<'_> {
            Side {
                activities,
                findings: &[],
                ids_carried,
            }
        }
        let d = diff(&side(&old, true), &side(&new, true));
        assert_eq!(d.added, [2]);
        assert_eq!(d.removed, [2]);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].pair.how, How::Id);
        assert_eq!(d.changed[0].changes[0].old, "Paie");
        assert_eq!(d.changed[0].changes[0].new, "Paie des salariés");
        // without ids: the name pairs Recrutement, the likeness pairs Paie
        let d = diff(&side(&old, false), &side(&new, false));
        let hows: Vec<How> = d
            .changed
            .iter()
            .map(|c| c.pair.how)
            .chain(d.same.iter().map(|p| p.how))
            .collect();
        assert!(
            hows.contains(&How::Name) && hows.contains(&How::Content),
            "{hows:?}"
        );
        assert_eq!(d.added, [2]);
        assert_eq!(d.removed, [2]);
    }
}
