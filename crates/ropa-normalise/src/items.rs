//! Data items out of a list as clients write it: sentences, then the one separator the
//! list uses (` - ` in a tool's export, commas otherwise).

use ropa_model::text::has_content;

/// One list item of data categories as the items it names.
pub(crate) fn data_items(item: &str) -> Vec<String> {
    split_sentences(item)
        .into_iter()
        .flat_map(|s| split_dashes(&s).unwrap_or_else(|| split_commas(&s)))
        .collect()
}

/// `Nom, prénom de l'élève. Identifiant national. Classe` → the three sentences: a list of
/// data written as sentences ends an item with its full stop (a word of three letters or
/// more before it, a capital after it: `Art. 9` and `M. Dupont` stay whole).
fn split_sentences(item: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in item.match_indices(". ") {
        let word = item[start..i]
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or_default();
        let next_upper = item[i + 2..].chars().next().is_some_and(char::is_uppercase);
        if word.chars().count() >= 3 && next_upper {
            out.push(item[start..=i].trim().to_string());
            start = i + 2;
        }
    }
    out.push(item[start..].trim().to_string());
    out.retain(|s| has_content(s));
    out
}

/// `Nom, Prénom - Date, lieu de naissance - Filiation` → `Nom, Prénom`, `Date, lieu de
/// naissance`, `Filiation`: a tool that joins items with ` - ` (three items or more, none
/// of them a sentence) uses commas inside its items, so the dash is the one separator.
fn split_dashes(item: &str) -> Option<Vec<String>> {
    let words: Vec<&str> = item.split_whitespace().collect();
    let mut pieces = vec![String::new()];
    for w in words {
        match (w, pieces.last_mut()) {
            ("-" | "–" | "—", _) => pieces.push(String::new()),
            (_, Some(last)) if !last.is_empty() => {
                last.push(' ');
                last.push_str(w);
            }
            (_, Some(last)) => last.push_str(w),
            (_, None) => {}
        }
    }
    let short = |s: &String| has_content(s) && s.split_whitespace().count() <= 8;
    (pieces.len() >= 3 && pieces.iter().all(short)).then_some(pieces)
}

/// `Nom, prénom, adresse (rue, ville)` → `Nom`, `prénom`, `adresse (rue, ville)`: data
/// items are listed with commas; a comma inside brackets is not a separator.
fn split_commas(item: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in item.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth <= 0 => {
                out.push(item[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(item[start..].trim().to_string());
    out.retain(|s| has_content(s));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_items_are_cut_at_the_separator_the_list_uses() {
        // a tool joins items with ` - `, commas inside them
        assert_eq!(
            data_items("Nom, Prénom - Date, lieu de naissance - Filiation"),
            ["Nom, Prénom", "Date, lieu de naissance", "Filiation"]
        );
        // one dash is no list, nor dashes between sentences
        assert_eq!(
            data_items("Identifiant - selon le logiciel, la version"),
            ["Identifiant - selon le logiciel", "la version"]
        );
        assert_eq!(
            split_dashes("a - les données varient selon le logiciel choisi par chaque école - c"),
            None
        );
        // commas inside brackets separate nothing
        assert_eq!(
            data_items("Nom, adresse (rue, ville)"),
            ["Nom", "adresse (rue, ville)"]
        );
        // sentences end items; `Art. 9` and `M. Dupont` do not end one
        assert_eq!(
            data_items("Nom de l'élève. Identifiant national. Classe"),
            ["Nom de l'élève.", "Identifiant national.", "Classe"]
        );
        assert_eq!(
            data_items("Données Art. 9 de M. Dupont"),
            ["Données Art. 9 de M. Dupont"]
        );
    }
}
