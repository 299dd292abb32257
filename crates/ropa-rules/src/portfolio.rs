//! After the rules, before the outputs: a consultant's clients side by side
//! (`ropa portfolio`) — each client's completeness, findings per tier, its most serious
//! findings and newest update, and the processors several clients share. Figures only:
//! the writers put them into words.

use crate::report::{by_activity, completeness, own};
use crate::{Finding, Priority, RuleId, Tier};
use ropa_model::text::fold;
use ropa_model::{Activity, Field, Value};
use serde::Serialize;
use std::collections::BTreeMap;

/// One client's line of the portfolio.
#[derive(Clone, Debug, Serialize)]
pub struct Client {
    /// The client's name: its folder's name.
    pub name: String,
    /// How many activities its registers hold.
    pub activities: usize,
    /// The mean share of the Art. 30(1) items present, 0–100.
    pub completeness: u32,
    /// Findings per tier: Art. 30 items, GDPR risks, good practice.
    pub per_tier: [usize; 3],
    /// The three most serious findings (priority first).
    pub worst: Vec<Worst>,
    /// The newest update date in its registers, `YYYY-MM-DD`.
    pub newest_update: Option<String>,
    /// Why its folder could not be read, when it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One of a client's most serious findings.
#[derive(Clone, Debug, Serialize)]
pub struct Worst {
    /// How soon to act on it.
    pub priority: Priority,
    /// Its rule.
    pub rule: RuleId,
    /// The source it was found in.
    pub source: String,
    /// The activity it concerns, or how many when it is a gap of the source's template.
    pub at: Concerns,
}

/// What a finding of the portfolio concerns.
#[derive(Clone, Debug, Serialize)]
pub enum Concerns {
    /// This many activities of the source: a gap of its template, or a finding they share.
    Shared(usize),
    /// One activity.
    Activity(ActivityRef),
}

/// An activity named in the portfolio: its source, number and name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ActivityRef {
    /// The source file.
    pub source: String,
    /// Its number in the source.
    pub index: usize,
    /// Its name.
    pub name: String,
}

/// One processor and the clients that use it.
#[derive(Clone, Debug, Serialize)]
pub struct SharedProcessor {
    /// The name as first met.
    pub name: String,
    /// The clients that use it, each with its activities using it.
    pub clients: BTreeMap<String, Vec<ActivityRef>>,
}

/// The newest date of an update (the update date, the update log, else the creation).
fn newest_update(activities: &[Activity]) -> Option<String> {
    activities
        .iter()
        .flat_map(|a| {
            let mut d: Vec<String> = Vec::new();
            for f in [Field::Updated, Field::Created] {
                if let Some(Value::Date(x)) = a.get(f) {
                    d.extend(x.date.clone());
                }
            }
            if let Some(Value::UpdateLog(log)) = a.get(Field::UpdateLog) {
                d.extend(log.iter().filter_map(|e| e.date.clone()));
            }
            d
        })
        .max()
}

/// A client's line, from its activities and findings.
pub fn client(name: &str, activities: &[Activity], findings: &[Finding]) -> Client {
    let index = by_activity(findings);
    let completeness = if activities.is_empty() {
        0
    } else {
        let sum: u32 = activities
            .iter()
            .map(|a| completeness(own(&index, a)))
            .sum();
        (f64::from(sum) / activities.len() as f64).round() as u32
    };
    let mut per_tier = [0usize; 3];
    for f in findings {
        let i = Tier::ALL.iter().position(|t| *t == f.tier).unwrap_or(2);
        per_tier[i] += 1;
    }
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| (f.priority, f.tier, std::cmp::Reverse(f.indexes().len())));
    let worst = sorted
        .iter()
        .take(3)
        .map(|f| Worst {
            priority: f.priority,
            rule: f.rule,
            source: f.source.clone(),
            at: if f.is_shared() {
                Concerns::Shared(f.activities.len())
            } else {
                Concerns::Activity(ActivityRef {
                    source: f.source.clone(),
                    index: f.index,
                    name: f.activity.clone(),
                })
            },
        })
        .collect();
    Client {
        name: name.to_string(),
        activities: activities.len(),
        completeness,
        per_tier,
        worst,
        newest_update: newest_update(activities),
        error: None,
    }
}

/// Every processor of every client, each organisation once (by its fingerprint), with
/// the clients and activities using it; those of the most clients first.
pub fn shared_processors(clients: &[(String, &[Activity])]) -> Vec<SharedProcessor> {
    let mut by_name: BTreeMap<String, SharedProcessor> = BTreeMap::new();
    for (client, activities) in clients {
        for e in ropa_normalise::entities::processor_inventory(activities) {
            // `OVH` and `OVH SAS` are one organisation across clients as within one
            let key = ropa_normalise::entities::fingerprint(&e.name);
            let entry = by_name.entry(key).or_insert_with(|| SharedProcessor {
                name: e.name.clone(),
                clients: BTreeMap::new(),
            });
            entry
                .clients
                .entry(client.clone())
                .or_default()
                .extend(e.activities.iter().map(|(s, i, n)| ActivityRef {
                    source: s.clone(),
                    index: *i,
                    name: n.clone(),
                }));
        }
    }
    let mut out: Vec<SharedProcessor> = by_name.into_values().collect();
    out.sort_by(|a, b| {
        b.clients
            .len()
            .cmp(&a.clients.len())
            .then_with(|| fold(&a.name).cmp(&fold(&b.name)))
    });
    out
}
