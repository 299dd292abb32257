//! The proof that nothing was lost, made on what came out rather than trusted from the
//! counts: every word of every value mapped to a field must be found in the activity
//! built from it (its field values, typed values keeping their source text, or extra).

use ropa_map::{MappedBlock, Target};
use ropa_model::Activity;
use ropa_model::text::{fold, strip_markup};

/// How many values of a block have a word that the activity built from it does not hold.
pub fn lost(block: &MappedBlock, activity: &Activity) -> usize {
    // the activity's text, folded, without spaces or punctuation: a word the normaliser
    // split from its neighbour (`TouteMonAnnéeOVH`) is still found; made only when a
    // value is not found as written in its own field, the common case
    let held = std::cell::OnceCell::new();
    let held = || {
        held.get_or_init(|| {
            let mut held = String::new();
            for v in activity.fields.values() {
                for t in v.texts() {
                    held.extend(fold(&t).chars().filter(|c| c.is_alphanumeric()));
                }
            }
            for e in &activity.extra {
                held.extend(fold(&e.value).chars().filter(|c| c.is_alphanumeric()));
            }
            held
        })
    };
    // a word the normaliser split (`TouteMonAnnéeOVH` into two recipients) is found in
    // two parts
    let found = |w: &str| {
        let held = held();
        held.contains(w)
            || (1..w.len())
                .any(|i| w.is_char_boundary(i) && held.contains(&w[..i]) && held.contains(&w[i..]))
    };
    // a value its field holds as written, whole: every word of it is there
    let as_written = |l: &ropa_map::Labelled| match (l.target, &l.value.sublabel) {
        (Target::Field(f), None) => match activity.fields.get(&f) {
            Some(ropa_model::Value::Text(t)) => t.contains(l.value.text.as_str()),
            Some(ropa_model::Value::List(items)) => {
                items.iter().any(|t| t.contains(l.value.text.as_str()))
            }
            _ => false,
        },
        _ => false,
    };
    block
        .values
        .iter()
        .filter(|l| l.target != Target::Ignore && !l.value.derived)
        .filter(|l| !as_written(l))
        .filter(|l| {
            // no leading space without a sublabel: a clean value is then seen clean at
            // once (the lines are trimmed either way)
            let text = match &l.value.sublabel {
                Some(sub) => format!("{sub} {}", l.value.text),
                None => l.value.text.clone(),
            };
            // what is no text: HTML tags of tool exports, list numbering (`2. `), and
            // the labels inside a controller's or DPO's cell (`Adresse :`)
            let mut text = strip_markup(&text);
            // a list's numbering needs a figure: most values have none
            if text.bytes().any(|b| b.is_ascii_digit()) {
                text = NUMBERING.replace_all(&text, " ").into_owned();
            }
            if matches!(l.target, Target::Controller | Target::Dpo) {
                text = super::party::without_labels(&text).into_owned();
            }
            fold(&text)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .any(|w| !found(w))
        })
        .count()
}

static NUMBERING: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| ropa_model::text::re(r"(?:^|\s)[0-9]{1,2}[.)](?:\s|$)"));

#[cfg(test)]
mod tests {
    use super::*;
    use ropa_map::{How, Labelled, Target};
    use ropa_model::{Field, Place, Value};
    use ropa_read::RawValue;

    fn block(text: &str) -> MappedBlock {
        MappedBlock {
            values: vec![Labelled {
                target: Target::Field(Field::Purpose),
                part: None,
                value: RawValue::new("Finalité", text, Place::Line(3)),
                how: How::Synonym,
            }],
            ..Default::default()
        }
    }

    fn activity(purpose: &str) -> Activity {
        let mut a = Activity::default();
        a.fields
            .insert(Field::Purpose, Value::Text(purpose.to_string()));
        a
    }

    #[test]
    fn a_word_that_vanished_is_counted_lost() {
        let b = block("2. Paie des salariés <br> (hors <Nom du prestataire>) TouteMonAnnéeOVH");
        let whole = activity("Paie des salariés (hors <Nom du prestataire>) TouteMonAnnée, OVH");
        assert_eq!(lost(&b, &whole), 0);
        assert_eq!(
            lost(&b, &activity("Paie des salariés TouteMonAnnée OVH")),
            1
        );
    }

    #[test]
    fn a_controller_cell_opening_with_a_contact_label_keeps_its_words() {
        // found by the benchmark: 184 values of 20,000 generated rows were counted lost
        for text in [
            "Téléphone clients journalisation téléphone facturation comptes",
            "Adresse archivage données accès",
            "Nom : Dupont\nTéléphone : standard du siège",
        ] {
            let mut b = block(text);
            b.values[0].target = Target::Controller;
            let act = super::super::build_activity("s", 1, &b, &Default::default(), false);
            assert_eq!(lost(&b, &act), 0, "{text}");
        }
    }
}
