//! `register.json` and `gaps.json`: the canonical, machine-readable forms.

use crate::gaps::Finding;
use crate::model::{Activity, Field, Register, Value};
use serde_json::{Map, Value as Json, json};

/// One activity as a JSON object: `source`, `index`, one key per field with a value,
/// then `extra`, `provenance` and `format_fields`.
pub fn activity_json(a: &Activity) -> Json {
    let mut m = Map::new();
    m.insert("source".into(), json!(a.source));
    m.insert("index".into(), json!(a.index));
    for (field, value) in &a.fields {
        m.insert(
            field.id().into(),
            serde_json::to_value(value).unwrap_or(Json::Null),
        );
    }
    if !a.extra.is_empty() {
        m.insert(
            "extra".into(),
            serde_json::to_value(&a.extra).unwrap_or(Json::Null),
        );
    }
    let provenance: Map<String, Json> = a
        .provenance
        .iter()
        .map(|(f, o)| {
            (
                f.id().to_string(),
                serde_json::to_value(o).unwrap_or(Json::Null),
            )
        })
        .collect();
    m.insert("provenance".into(), Json::Object(provenance));
    m.insert(
        "format_fields".into(),
        json!(a.format_fields.iter().map(|f| f.id()).collect::<Vec<_>>()),
    );
    Json::Object(m)
}

/// Reads an activity back from its JSON object.
pub fn activity_from_json(v: &Json) -> Result<Activity, String> {
    let obj = v.as_object().ok_or("an activity must be a JSON object")?;
    let mut a = Activity {
        source: obj
            .get("source")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string(),
        index: obj.get("index").and_then(Json::as_u64).unwrap_or(0) as usize,
        ..Default::default()
    };
    for (key, val) in obj {
        if let Ok(field) = key.parse::<Field>() {
            let value = Value::from_json(field.kind(), val.clone())
                .map_err(|e| format!("activity {} of {}: field `{key}`: {e}", a.index, a.source))?;
            a.fields.insert(field, value);
        }
    }
    if let Some(extra) = obj.get("extra") {
        a.extra = serde_json::from_value(extra.clone()).map_err(|e| e.to_string())?;
    }
    if let Some(Json::Object(p)) = obj.get("provenance") {
        for (k, origins) in p {
            if let Ok(field) = k.parse::<Field>() {
                a.provenance.insert(
                    field,
                    serde_json::from_value(origins.clone()).map_err(|e| e.to_string())?,
                );
            }
        }
    }
    if let Some(Json::Array(ff)) = obj.get("format_fields") {
        a.format_fields = ff.iter().filter_map(|f| f.as_str()?.parse().ok()).collect();
    }
    Ok(a)
}

/// The whole register: `{"activities": [...], "sources": [...]}`.
pub fn register_json(r: &Register) -> Json {
    json!({
        "activities": r.activities.iter().map(activity_json).collect::<Vec<_>>(),
        "sources": r.sources,
    })
}

/// The findings: `{"findings": [...]}`.
pub fn gaps_json(findings: &[Finding], changes: &[crate::gaps::config::Change]) -> Json {
    if changes.is_empty() {
        json!({ "findings": findings })
    } else {
        json!({ "findings": findings, "rule_changes": changes })
    }
}

/// Pretty JSON bytes with a final newline.
pub fn to_bytes(v: &Json) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).unwrap_or_default();
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DateValue, Origin};

    #[test]
    fn activities_round_trip() {
        let mut a = Activity {
            source: "x.tsv".into(),
            index: 2,
            ..Default::default()
        };
        a.fields.insert(Field::Name, Value::Text("Paie".into()));
        a.fields
            .insert(Field::DataSubjects, Value::List(vec!["Salariés".into()]));
        a.fields.insert(
            Field::Created,
            Value::Date(DateValue {
                text: "01/02/2020".into(),
                date: Some("2020-02-01".into()),
            }),
        );
        a.provenance.insert(
            Field::Name,
            vec![Origin {
                place: "B4".into(),
                label: "Traitement".into(),
                text: "Paie".into(),
            }],
        );
        a.format_fields = vec![Field::Name, Field::Retention];
        let back = activity_from_json(&activity_json(&a)).unwrap();
        assert_eq!(back, a);
    }
}
