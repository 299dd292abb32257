//! One name per organisation across a run, the way OpenRefine clusters: a key-collision
//! pass on a fingerprint (case, accents, punctuation, word order and legal forms do not
//! matter), then a nearest-neighbour pass (rapidfuzz's bit-parallel Levenshtein) that
//! joins keys a typo apart. The canonical name is the cluster's most frequent spelling;
//! every spelling is kept.

use ropa_model::lexicon::LEGAL_FORMS;
use ropa_model::text::{CharBag, fold};
use ropa_model::{Activity, Field, Value};
use std::collections::{BTreeMap, BTreeSet};

/// How alike two fingerprints must be to be one organisation (normalised Levenshtein).
const NEIGHBOUR: f64 = 0.85;
/// Keys are compared only within blocks of the same first characters.
const BLOCK: usize = 3;
/// Shorter fingerprints are too short to compare by distance (`OVH` is not `OVA`).
const NEIGHBOUR_MIN_LEN: usize = 5;

/// The fingerprint of a name: folded words, legal forms dropped, sorted, deduplicated.
pub fn fingerprint(name: &str) -> String {
    let words: BTreeSet<String> = fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !LEGAL_FORMS.contains(w))
        .map(str::to_string)
        .collect();
    words.into_iter().collect::<Vec<_>>().join(" ")
}

/// The names of recipients and processors of the activities, each with its count.
fn spellings(activities: &[Activity]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for a in activities {
        for name in names(a) {
            *out.entry(name).or_insert(0) += 1;
        }
    }
    out
}

fn names(a: &Activity) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(Value::Recipients(r)) = a.get(Field::Recipients) {
        out.extend(r.iter().map(|r| r.name.trim().to_string()));
    }
    if let Some(Value::Processors(p)) = a.get(Field::Processors) {
        out.extend(p.iter().map(|p| p.name.trim().to_string()));
    }
    out.retain(|n| !fingerprint(n).is_empty());
    out
}

/// The most edits two keys may be apart and still be one organisation: normalised
/// Levenshtein ≥ [`NEIGHBOUR`], as `strsim::normalized_levenshtein` scores it.
fn allowed_edits(a: usize, b: usize) -> usize {
    let longest = a.max(b);
    ((1.0 - NEIGHBOUR) * longest as f64) as usize + 1
}

/// Whether two keys `allowed_edits` apart at most are one organisation.
fn close_enough(distance: usize, a: usize, b: usize) -> bool {
    1.0 - distance as f64 / a.max(b).max(1) as f64 >= NEIGHBOUR
}

/// One key as the first of the pairs it is compared in: rapidfuzz's bit-parallel
/// Levenshtein with the key's pattern made once, stopped at the edits allowed (the
/// banded distance written here before was 4 % of a 20,000-row run and 10 s at 100,000
/// distinct names).
struct Neighbour(rapidfuzz::distance::levenshtein::BatchComparator<char>);

impl Neighbour {
    fn of(key: &[char]) -> Neighbour {
        Neighbour(rapidfuzz::distance::levenshtein::BatchComparator::new(
            key.iter().copied(),
        ))
    }

    /// Whether `other` is one organisation with this key.
    fn is(&self, len: usize, other: &[char]) -> bool {
        let args = rapidfuzz::distance::levenshtein::Args::default()
            .score_cutoff(allowed_edits(len, other.len()));
        self.0
            .distance_with_args(other.iter().copied(), &args)
            .is_some_and(|d| close_enough(d, len, other.len()))
    }
}

/// Maps every spelling to its canonical name.
pub fn clusters(activities: &[Activity]) -> BTreeMap<String, String> {
    use rayon::prelude::*;
    let counts = spellings(activities);
    // key collision (each name's key made on any core, gathered in name order)
    let names: Vec<&String> = counts.keys().collect();
    let fingerprints: Vec<String> = names.par_iter().map(|n| fingerprint(n)).collect();
    let mut by_key: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for (key, name) in fingerprints.into_iter().zip(names) {
        by_key.entry(key).or_default().push(name);
    }
    // nearest neighbours between keys (union-find over the sorted keys: deterministic)
    let keys: Vec<&String> = by_key.keys().collect();
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    // blocking, as OpenRefine does: only keys that begin alike are compared, so a run
    // with thousands of names is not a comparison of every pair
    let mut blocks: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, k) in keys.iter().enumerate() {
        blocks
            .entry(k.chars().take(BLOCK).collect())
            .or_default()
            .push(i);
    }
    let bags: Vec<CharBag> = keys.iter().map(|k| CharBag::of(k)).collect();
    let chars: Vec<Vec<char>> = keys.iter().map(|k| k.chars().collect()).collect();
    // shortest first: a key is compared only with the next ones of its block whose
    // length keeps the score within reach (the score cannot exceed the ratio of the
    // lengths), and then only when their characters can (the bag bound) — the same pairs
    // join, sooner. Every key's comparisons, of every block, on any core; the
    // components, and their least index as root, do not depend on the order the pairs
    // are joined in.
    for members in blocks.values_mut() {
        members.retain(|&i| keys[i].len() >= NEIGHBOUR_MIN_LEN);
        members.sort_by_key(|&i| (bags[i].len(), i));
    }
    let starts: Vec<(&[usize], usize)> = blocks
        .values()
        .flat_map(|m| (0..m.len()).map(move |x| (m.as_slice(), x)))
        .collect();
    let (bags, chars) = (&bags, &chars);
    let pairs: Vec<(usize, usize)> = starts
        .into_par_iter()
        .flat_map_iter(|(members, x)| {
            let i = members[x];
            let pattern = std::cell::OnceCell::new();
            members[x + 1..]
                .iter()
                .take_while(move |&&j| bags[i].len() as f64 >= NEIGHBOUR * bags[j].len() as f64)
                .filter(move |&&j| {
                    bags[i].bound(&bags[j]) >= NEIGHBOUR
                        && pattern
                            .get_or_init(|| Neighbour::of(&chars[i]))
                            .is(chars[i].len(), &chars[j])
                })
                .map(move |&j| (i, j))
        })
        .collect();
    for (i, j) in pairs {
        let (ra, rb) = (root(&mut parent, i), root(&mut parent, j));
        parent[rb.max(ra)] = rb.min(ra);
    }
    let mut groups: BTreeMap<usize, Vec<&String>> = BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        let r = root(&mut parent, i);
        groups
            .entry(r)
            .or_default()
            .extend(by_key[*key].iter().copied());
    }
    let mut out = BTreeMap::new();
    for names in groups.values() {
        // the most frequent spelling, case aside (`OVH` and `ovh` are one); on a tie the
        // longer (the more complete), then the first in order (capitals sort first)
        let mut folded: BTreeMap<String, usize> = BTreeMap::new();
        for n in names {
            *folded.entry(fold(n)).or_insert(0) += counts[*n];
        }
        let canonical = names
            .iter()
            .max_by(|a, b| {
                folded[&fold(a)]
                    .cmp(&folded[&fold(b)])
                    .then(a.chars().count().cmp(&b.chars().count()))
                    .then(b.cmp(a))
            })
            .map(|s| s.to_string())
            .unwrap_or_default();
        for n in names {
            out.insert(n.to_string(), canonical.clone());
        }
    }
    out
}

/// Gives every recipient and processor of the run its canonical name.
pub fn consolidate(activities: &mut [Activity]) {
    let canonical = clusters(activities);
    let name_of = |n: &str| canonical.get(n.trim()).cloned();
    for a in activities.iter_mut() {
        if let Some(Value::Recipients(r)) = a.fields.get_mut(&Field::Recipients) {
            for x in r.iter_mut() {
                x.entity = name_of(&x.name);
            }
        }
        if let Some(Value::Processors(p)) = a.fields.get_mut(&Field::Processors) {
            for x in p.iter_mut() {
                x.entity = name_of(&x.name);
            }
        }
    }
}

/// One processor of the run, with everything said of it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProcessorEntry {
    /// The canonical name.
    pub name: String,
    /// The roles stated (`hébergeur`, `sous-traitant`), in order of appearance.
    pub roles: Vec<String>,
    /// Every spelling met, in order of appearance.
    pub variants: Vec<String>,
    /// The activities that use it: (source, index, activity name).
    pub activities: Vec<(String, usize, String)>,
}

/// The sub-processor inventory: each processor once, in name order.
pub fn processor_inventory(activities: &[Activity]) -> Vec<ProcessorEntry> {
    let mut by_name: BTreeMap<String, ProcessorEntry> = BTreeMap::new();
    // a host such as OVH serves tens of thousands of activities of an export: each is
    // listed once, found by lookup rather than by a scan of the list
    let mut listed: std::collections::HashSet<(String, &str, usize)> = Default::default();
    for a in activities {
        let Some(Value::Processors(ps)) = a.get(Field::Processors) else {
            continue;
        };
        for p in ps {
            let name = p
                .entity
                .clone()
                .unwrap_or_else(|| p.name.trim().to_string());
            let e = by_name
                .entry(fold(&name))
                .or_insert_with(|| ProcessorEntry {
                    name: name.clone(),
                    ..Default::default()
                });
            let push = |list: &mut Vec<String>, s: &str| {
                if !s.is_empty() && !list.iter().any(|x| x == s) {
                    list.push(s.to_string());
                }
            };
            for role in p.role.iter().flat_map(|r| r.split(',')) {
                push(&mut e.roles, role.trim());
            }
            push(&mut e.variants, p.name.trim());
            if listed.insert((fold(&name), a.source.as_str(), a.index)) {
                e.activities
                    .push((a.source.clone(), a.index, a.display_name()));
            }
        }
    }
    by_name.into_values().collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn neighbours_agree_with_strsim(
            a in "[abcé ]{0,14}|[abcdeé ]{20,90}",
            b in "[abcé ]{0,14}|[abcdeé ]{20,90}",
        ) {
            // short keys, and keys longer than one 64-character word of the pattern
            let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            prop_assert_eq!(
                Neighbour::of(&ca).is(ca.len(), &cb),
                strsim::normalized_levenshtein(&a, &b) >= NEIGHBOUR
            );
        }

        #[test]
        fn near_keys_agree_with_strsim(a in "[a-eé ]{20,90}", edits in proptest::collection::vec((0usize..90, "[a-eé]"), 0..12)) {
            // a key and a few edits of it: the pairs near the threshold
            let mut cb: Vec<char> = a.chars().collect();
            for (at, c) in edits {
                let at = at % (cb.len() + 1);
                if at.is_multiple_of(2) && at < cb.len() { cb.remove(at); } else { cb.insert(at, c.chars().next().unwrap_or('a')); }
            }
            let b: String = cb.iter().collect();
            let ca: Vec<char> = a.chars().collect();
            prop_assert_eq!(
                Neighbour::of(&ca).is(ca.len(), &cb),
                strsim::normalized_levenshtein(&a, &b) >= NEIGHBOUR
            );
        }
    }

    use super::*;
    use ropa_model::Processor;

    /// At the threshold itself: 3 edits in 20 characters score 0.85 exactly, and join.
    #[test]
    fn neighbours_at_the_threshold() {
        let key: Vec<char> = "abcdeabcdeabcdeabcde".chars().collect();
        for (other, joined) in [
            ("xbcdexbcdexbcdeabcde", true),
            ("xbcdexbcdexbcdexbcde", false),
            ("abcdeabcdeabcdeab", true),
        ] {
            let o: Vec<char> = other.chars().collect();
            assert_eq!(Neighbour::of(&key).is(key.len(), &o), joined, "{other}");
            let a: String = key.iter().collect();
            assert_eq!(
                strsim::normalized_levenshtein(&a, other) >= NEIGHBOUR,
                joined
            );
        }
    }

    fn with_processors(names: &[&str]) -> Activity {
        let mut a = Activity::default();
        a.fields.insert(
            Field::Processors,
            Value::Processors(
                names
                    .iter()
                    .map(|n| Processor {
                        name: n.to_string(),
                        role: None,
                        details: None,
                        entity: None,
                    })
                    .collect(),
            ),
        );
        a
    }

    #[test]
    fn spellings_of_one_organisation_cluster() {
        let acts = vec![
            with_processors(&["OVH", "Scaleway SAS"]),
            with_processors(&["OVH SAS", "Scaleway SAS", "Sendinblue"]),
            with_processors(&["ovh", "Scaleway", "Sendinblu", "OVA"]),
        ];
        let c = clusters(&acts);
        assert_eq!(c["OVH SAS"], "OVH");
        assert_eq!(c["ovh"], "OVH");
        assert_eq!(c["Scaleway"], "Scaleway SAS");
        assert_eq!(c["Sendinblu"], c["Sendinblue"]);
        assert_eq!(c["OVA"], "OVA", "short names are not joined by distance");
    }
}
