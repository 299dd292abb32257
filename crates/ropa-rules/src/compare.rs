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

/// Between the registers of two different controllers, only activities this alike are
/// paired: a shared name or id (made of a file name and a reference, which two
/// organisations may share) is no evidence across organisations.
pub const NEAR_IDENTICAL: f64 = 0.9;

/// Two activities whose names share no word are paired by likeness only from this one:
/// a deleted activity and an inserted one share a template's words, not their names.
pub const STRONG_LIKENESS: f64 = 0.7;

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
    /// The source of the activity it is about.
    pub source: String,
    /// The activity's number in its source.
    pub index: usize,
    /// The activity's short name.
    pub name: String,
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
    /// Findings of the old register whose activity is gone: removed with it, not closed.
    pub removed_with: Vec<FindingDelta>,
    /// How many findings are on both sides.
    pub kept: usize,
    /// The controllers of each side, when both name one and no name is shared: the
    /// registers are of two organisations, said first.
    pub other_controllers: Option<(Vec<String>, Vec<String>)>,
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

/// An activity's words, each as its number in `vocabulary`, sorted and once each: the
/// likeness of two activities is a merge of two short lists of integers.
fn words(a: &Activity, vocabulary: &mut HashMap<String, u32>) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    for f in ALL_FIELDS {
        for w in fold(&compared(a, *f)).split_whitespace() {
            let next = vocabulary.len() as u32;
            out.push(*vocabulary.entry(w.to_string()).or_insert(next));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The share of words two sorted word lists have in common (Jaccard), 0–1; two empty
/// lists are alike.
fn jaccard<T: Ord>(x: &[T], y: &[T]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = x.len() + y.len() - both;
    if union == 0 {
        return 1.0;
    }
    both as f64 / union as f64
}

/// The controllers a side names, as written (first spelling of each, folded alike).
fn controllers(side: &Side<'_>) -> Vec<(String, Vec<String>)> {
    let mut seen = HashSet::new();
    side.activities
        .iter()
        .filter_map(|a| a.get(Field::ControllerName))
        .flat_map(|v| {
            v.display_text()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|n| seen.insert(fold(n)))
        .map(|n| {
            let mut w: Vec<String> = fold(&n).split_whitespace().map(str::to_string).collect();
            w.sort();
            w.dedup();
            (n, w)
        })
        .collect()
}

/// The controllers of the two sides when both name one and none of the old is alike
/// (half its words) to one of the new: two organisations' registers.
pub fn other_controllers(old: &Side<'_>, new: &Side<'_>) -> Option<(Vec<String>, Vec<String>)> {
    let (o, n) = (controllers(old), controllers(new));
    if o.is_empty() || n.is_empty() {
        return None;
    }
    let shared = o
        .iter()
        .any(|(_, x)| n.iter().any(|(_, y)| jaccard(x, y) >= CONTENT_THRESHOLD));
    (!shared).then(|| {
        let names = |l: Vec<(String, Vec<String>)>| l.into_iter().map(|(n, _)| n).collect();
        (names(o), names(n))
    })
}

/// Up to this many activities in all, the candidate pairs are exactly those of likeness
/// at least the threshold; beyond, a word met in more than [`COMMON`] activities no
/// longer brings candidates (blocking on shared rare words), so the pairing stays
/// near-linear.
const EXACT_UP_TO: usize = 4_000;

/// Beyond [`EXACT_UP_TO`], a word met in more activities than this is a common word.
const COMMON: usize = 16;

/// An activity of common words only offers its this many rarest ones.
const RAREST_KEPT: usize = 2;

/// The candidate pairs of likeness at least `threshold`, found without comparing every
/// activity with every other (prefix filtering, as set-similarity joins do): each word
/// list is ordered rarest word first, and two lists of Jaccard likeness ≥ t share a word
/// among the first |x| − ⌈t·|x|⌉ + 1 of each. Exact up to [`EXACT_UP_TO`] activities;
/// beyond, blocked on rare words: a pair that shares none of its rare words is left
/// unpaired (added and removed), never paired wrongly.
fn alike_pairs(
    old_words: &[Vec<u32>],
    new_words: &[Vec<u32>],
    old_free: &BTreeSet<usize>,
    new_free: &BTreeSet<usize>,
    threshold: f64,
) -> Vec<(f64, usize, usize)> {
    let mut frequency: HashMap<u32, usize> = HashMap::new();
    for w in old_free
        .iter()
        .flat_map(|&i| &old_words[i])
        .chain(new_free.iter().flat_map(|&j| &new_words[j]))
    {
        *frequency.entry(*w).or_default() += 1;
    }
    let blocked = old_free.len() + new_free.len() > EXACT_UP_TO;
    let probe = |words: &[u32]| -> Vec<u32> {
        let mut v = words.to_vec();
        v.sort_by_key(|w| (frequency.get(w).copied().unwrap_or(0), *w));
        let len = v.len();
        let keep = len - ((threshold * len as f64).ceil() as usize).min(len) + 1;
        v.truncate(keep.min(len));
        if blocked {
            let rare = v
                .iter()
                .take_while(|w| frequency.get(*w).copied().unwrap_or(0) <= COMMON)
                .count();
            v.truncate(rare.max(RAREST_KEPT));
        }
        v
    };
    let mut index: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut empty_old = Vec::new();
    for &i in old_free {
        if old_words[i].is_empty() {
            empty_old.push(i);
        }
        for w in probe(&old_words[i]) {
            index.entry(w).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for &j in new_free {
        let mut candidates: Vec<usize> = if new_words[j].is_empty() {
            empty_old.clone()
        } else {
            probe(&new_words[j])
                .into_iter()
                .filter_map(|w| index.get(&w))
                .flatten()
                .copied()
                .collect()
        };
        candidates.sort_unstable();
        candidates.dedup();
        for i in candidates {
            let l = jaccard(&old_words[i], &new_words[j]);
            if l >= threshold {
                out.push((l, i, j));
            }
        }
    }
    out
}

/// Whether two activities may be paired by their likeness `l`: not when each has its own
/// identifying reference and they differ (two activities, however alike), and only
/// strongly alike when their names share no word.
fn may_pair_by_likeness(a: &Activity, b: &Activity, l: f64) -> bool {
    if let (Some(x), Some(y)) = (a.identifying_reference(), b.identifying_reference())
        && x != y
    {
        return false;
    }
    let name_words = |a: &Activity| -> HashSet<String> {
        fold(&a.display_name())
            .split_whitespace()
            .filter(|w| w.chars().count() > 2)
            .map(str::to_string)
            .collect()
    };
    l >= STRONG_LIKENESS || !name_words(a).is_disjoint(&name_words(b))
}

/// Pairs the activities of two registers: by id, then by unique name, then by likeness
/// (the most alike first), each activity at most once. Between two controllers'
/// registers (`across`, as [`other_controllers`] tells), by near-identical content only.
pub fn pair(old: &Side<'_>, new: &Side<'_>, across: bool) -> Vec<Pair> {
    let mut pairs = Vec::new();
    // each activity's words once: the likeness of every candidate pair reads them
    let mut vocabulary = HashMap::new();
    let old_words: Vec<Vec<u32>> = old
        .activities
        .iter()
        .map(|a| words(a, &mut vocabulary))
        .collect();
    let new_words: Vec<Vec<u32>> = new
        .activities
        .iter()
        .map(|a| words(a, &mut vocabulary))
        .collect();
    let alike = |i: usize, j: usize| jaccard(&old_words[i], &new_words[j]);
    let mut old_free: BTreeSet<usize> = (0..old.activities.len()).collect();
    let mut new_free: BTreeSet<usize> = (0..new.activities.len()).collect();
    if old.ids_carried && new.ids_carried && !across {
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
    if !across {
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
    }
    // the rest by likeness, the most alike first
    let threshold = if across {
        NEAR_IDENTICAL
    } else {
        CONTENT_THRESHOLD
    };
    let mut candidates = alike_pairs(&old_words, &new_words, &old_free, &new_free, threshold);
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (l, i, j) in candidates {
        if old_free.contains(&i)
            && new_free.contains(&j)
            && may_pair_by_likeness(&old.activities[i], &new.activities[j], l)
        {
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
        .filter(|f| !of_the_register(f))
        .flat_map(|f| {
            f.indexes()
                .into_iter()
                .filter_map(|i| position.get(&(f.source.as_str(), i)).copied())
                .map(move |p| ((p, f.rule, f.field), f))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether a finding is about the register as a whole (its controller, its DPO): said
/// once on one of its activities, it is compared by rule and field, whichever activity
/// carries it on each side.
fn of_the_register(f: &Finding) -> bool {
    matches!(f.field, Subject::Field(field) if field.level() == ropa_model::Level::Register)
}

/// An old finding's key: its activity's new position (none when removed), its old
/// position, its rule and field.
type OldKey = (Option<usize>, usize, RuleId, Subject);

/// What changed from `old` to `new`.
pub fn diff(old: &Side<'_>, new: &Side<'_>) -> Diff {
    let other = other_controllers(old, new);
    let pairs = pair(old, new, other.is_some());
    let mut out = Diff {
        other_controllers: other,
        ..Diff::default()
    };
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
        source: a.source.clone(),
        index: a.index,
        name: a.display_name(),
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
        } else if n.is_none() {
            out.removed_with.push(delta(&old.activities[*p], f));
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
    // the register's own findings, by rule and field
    let register_level = |side: &Side<'_>| -> Vec<((RuleId, Subject), Finding)> {
        let mut seen = HashSet::new();
        side.findings
            .iter()
            .filter(|f| of_the_register(f) && seen.insert((f.rule, f.field)))
            .map(|f| ((f.rule, f.field), f.clone()))
            .collect()
    };
    let (was, is) = (register_level(old), register_level(new));
    let is_keys: HashSet<(RuleId, Subject)> = is.iter().map(|(k, _)| *k).collect();
    let was_keys: HashSet<(RuleId, Subject)> = was.iter().map(|(k, _)| *k).collect();
    let named = |f: &Finding| FindingDelta {
        source: f.source.clone(),
        index: f.index,
        name: f.activity.clone(),
        rule: f.rule,
        field: f.field,
        severity: f.severity,
        message: f.message.clone(),
    };
    for (k, f) in &was {
        if is_keys.contains(k) {
            out.kept += 1;
        } else {
            out.closed.push(named(f));
        }
    }
    for (k, f) in &is {
        if !was_keys.contains(k) {
            out.opened.push(named(f));
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

    /// The index finds every pair a comparison of all with all finds, at both
    /// thresholds, on word sets drawn from a small vocabulary (many shared words).
    #[test]
    fn likeness_index_finds_what_all_pairs_find() {
        let mut seed: u64 = 7;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let mut sets = |n: usize| -> Vec<Vec<u32>> {
            (0..n)
                .map(|_| {
                    let len = next() % 9;
                    let mut v: Vec<u32> = (0..len).map(|_| (next() % 14) as u32).collect();
                    v.sort_unstable();
                    v.dedup();
                    v
                })
                .collect()
        };
        let (old, new) = (sets(120), sets(110));
        let old_free: BTreeSet<usize> = (0..old.len()).collect();
        let new_free: BTreeSet<usize> = (0..new.len()).collect();
        for t in [CONTENT_THRESHOLD, NEAR_IDENTICAL, 0.3] {
            let mut found: Vec<(usize, usize)> = alike_pairs(&old, &new, &old_free, &new_free, t)
                .into_iter()
                .map(|(_, i, j)| (i, j))
                .collect();
            found.sort();
            let mut all: Vec<(usize, usize)> = old_free
                .iter()
                .flat_map(|&i| new_free.iter().map(move |&j| (i, j)))
                .filter(|&(i, j)| jaccard(&old[i], &new[j]) >= t)
                .collect();
            all.sort();
            assert!(!all.is_empty());
            assert_eq!(found, all, "threshold {t}");
        }
    }

    /// Beyond the exact size, blocking on rare words still finds each activity's own
    /// (it keeps its rare words: a reference, a name) among many that share every common
    /// word, and every pair it offers is alike enough.
    #[test]
    fn blocked_likeness_finds_each_activity_s_own() {
        let n = EXACT_UP_TO / 2 + 50;
        let common: Vec<u32> = (0..30).collect();
        let own = |k: usize, edited: bool| -> Vec<u32> {
            let mut v: Vec<u32> = common
                .iter()
                .copied()
                .filter(|w| !(*w as usize + k).is_multiple_of(3))
                .collect();
            v.push(1_000 + 2 * k as u32);
            v.push(if edited {
                900_000 + k as u32
            } else {
                1_001 + 2 * k as u32
            });
            v.sort_unstable();
            v
        };
        let old: Vec<Vec<u32>> = (0..n).map(|k| own(k, false)).collect();
        let new: Vec<Vec<u32>> = (0..n).map(|k| own(k, true)).collect();
        let all: BTreeSet<usize> = (0..n).collect();
        let found = alike_pairs(&old, &new, &all, &all, CONTENT_THRESHOLD);
        for k in 0..n {
            assert!(found.iter().any(|&(_, i, j)| i == k && j == k), "{k}");
        }
        assert!(
            found
                .iter()
                .all(|&(l, i, j)| l >= CONTENT_THRESHOLD && jaccard(&old[i], &new[j]) == l)
        );
        // near-linear: each new activity met a handful of candidates, not all
        assert!(found.len() < 4 * n, "{}", found.len());
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
