//! Values understood where their label is not: a value kept aside because its label
//! names no field (« Nature des traitements réalisés », weakly like the name) is the
//! activity's data categories when the activity has none and the value's items are data
//! (« Civilité, nom, prénom, adresse mail, pages vues, langue »).

use crate::categories::classify;
use crate::items::data_items;
use ropa_map::{How, Labelled, MappedBlock, Target};
use ropa_model::{Field, Said};
use std::collections::BTreeMap;

/// Moves, in each block without data categories, the first value kept aside whose items
/// are data into the data categories; returns each label so read and how many values.
pub(crate) fn data_categories(blocks: &mut [MappedBlock]) -> Vec<(String, usize)> {
    let mut read: BTreeMap<String, usize> = BTreeMap::new();
    for block in blocks.iter_mut() {
        let has = block.values.iter().any(|l| {
            l.target.fields().contains(&Field::DataCategories) && !l.value.text.trim().is_empty()
        });
        if has {
            continue;
        }
        let Some(at) = block.extra.iter().position(|u| {
            !u.value.label.is_empty()
                && !matches!(u.reason, Said::OutsideActivities { .. } | Said::NoLabel)
                && are_data(&u.value.text)
        }) else {
            continue;
        };
        let u = block.extra.remove(at);
        *read.entry(u.value.label.to_string()).or_default() += 1;
        block.values.push(Labelled {
            target: Target::Field(Field::DataCategories),
            part: None,
            value: u.value,
            how: How::Values,
        });
    }
    read.into_iter().collect()
}

/// Whether a text is a list of data items: four items or more, three of them and at
/// least two in five named as data (the CNIL's categories: identity, contact,
/// connection…; or a person's particulars: gender, language, country).
fn are_data(text: &str) -> bool {
    let items: Vec<String> = ropa_model::text::split_list(text)
        .iter()
        // « Achat de licences : civilité, nom » — a colon heads a group of items
        .flat_map(|i| i.split(':').flat_map(data_items).collect::<Vec<_>>())
        .filter(|i| !i.trim().is_empty())
        .collect();
    // each item: whether a category of data names it, and whether it is a person's
    // particulars (name, e-mail, date of birth) — a list of recipients (« banque,
    // assurance santé, organismes de formation ») names categories' words but no one's
    // particulars
    let read: Vec<(bool, bool)> = items
        .iter()
        .map(|i| {
            let category = classify(i);
            let particular = category == Some(ropa_model::CnilCategory::Identification)
                || ropa_model::lexicon::any(i, DATA_WORDS);
            (category.is_some() || particular, particular)
        })
        .collect();
    let named = read.iter().filter(|(named, _)| *named).count();
    let own = read.iter().filter(|(_, own)| *own).count();
    items.len() >= 4 && named >= 3 && own >= 2 && named * 5 >= items.len() * 2
}

/// Words of data items the CNIL's categories leave out, in the six languages, folded:
/// a person's particulars as forms ask for them.
const DATA_WORDS: &[&str] = &[
    "civilite",
    "genre",
    "sexe",
    "langue",
    "pays",
    "nationalite",
    "age",
    "numero",
    "gender",
    "language",
    "country",
    "nationality",
    "first name",
    "surname",
    "date of birth",
    "vorname",
    "nachname",
    "geburtsdatum",
    "anschrift",
    "geschlecht",
    "sprache",
    "staatsangehorigkeit",
    "nombre",
    "apellidos",
    "correo",
    "telefono",
    "fecha de nacimiento",
    "sexo",
    "idioma",
    "cognome",
    "indirizzo",
    "data di nascita",
    "sesso",
    "lingua",
    "nazionalita",
    "voornaam",
    "achternaam",
    "geboortedatum",
    "adres",
    "telefoonnummer",
    "geslacht",
    "taal",
];

#[cfg(test)]
mod tests {
    use super::*;
    use ropa_map::Unmapped;
    use ropa_model::Place;
    use ropa_read::RawValue;

    fn kept(label: &str, text: &str) -> Unmapped {
        Unmapped {
            value: RawValue::new(label, text, Place::Line(4)),
            reason: Said::Written("unmatched".into()),
        }
    }

    #[test]
    fn a_label_no_field_takes_gives_the_data_by_its_values() {
        let items = "Identité : civilité, nom, prénom ; contact : adresse mail, téléphone";
        let mut blocks = vec![
            MappedBlock {
                extra: vec![
                    kept("Remarques", "À revoir avec la direction"),
                    kept("Nature des traitements", items),
                ],
                ..Default::default()
            },
            // a block with its data categories keeps its aside values aside
            MappedBlock {
                values: vec![Labelled {
                    target: Target::Field(Field::DataCategories),
                    part: None,
                    value: RawValue::new("Données", "Nom", Place::Line(9)),
                    how: How::Synonym,
                }],
                extra: vec![kept("Nature des traitements", items)],
                ..Default::default()
            },
        ];
        let read = data_categories(&mut blocks);
        assert_eq!(read, [("Nature des traitements".to_string(), 1)]);
        assert_eq!(blocks[0].extra.len(), 1);
        assert_eq!(
            blocks[0].values[0].target,
            Target::Field(Field::DataCategories)
        );
        assert_eq!(blocks[1].extra.len(), 1);
    }

    #[test]
    fn a_list_of_data_items_is_data_and_a_sentence_is_not() {
        assert!(are_data(
            "Achat : Civilité, nom, prénom, adresse mail, numéro de licence Statistiques : Visiteurs uniques, pages vues, langue, pays, version du logiciel, résolution d'écran"
        ));
        assert!(are_data(
            "Name; postal address; e-mail; phone number; date of birth"
        ));
        assert!(!are_data(
            "Le traitement permet d'envoyer la lettre d'information aux adhérents"
        ));
        assert!(!are_data(
            "Service client, comptabilité, direction, prestataire"
        ));
        assert!(!are_data(
            "Cabinet comptable, banque, assurance santé, organismes de formation"
        ));
    }
}
