//! JSON data of RoPA tools: `{"organisation": {…}, "traitements": [{…}, …]}` and every
//! variant of it. The activities are the array of objects that holds the most objects
//! with several keys, whatever it is called; it becomes a table, one row per object,
//! one column per key (keys in snake_case or camelCase read as words: `base_legale` →
//! `base legale`, `lawfulBasis` → `lawful basis`), arrays of strings as lines, nested
//! objects and arrays of objects as one line per item. Everything else of the file
//! (the organisation, its DPO, export metadata) becomes `label : value` paragraphs
//! before the table, the register's own values. Every value keeps its JSON path as its
//! place (`traitements[2].finalite`), the way a user finds it again.

use super::{Block, Cell, Document, Kind, Para, Table};
use ropa_model::Place;
use serde_json::Value;

/// The largest JSON file read (128 MiB): parsed whole, a JSON tree takes several times
/// its size in memory, and a register of 100,000 activities is far smaller.
pub const MAX_BYTES: usize = 128 << 20;

/// How deep the reader follows nested values: serde_json refuses deeper documents
/// (128 levels) before this reader sees them, and a register is never near either.
const MAX_DEPTH: usize = 64;

/// Reads a JSON document into blocks; `Err` with serde_json's message (line, column)
/// when the text is not JSON.
pub fn read(text: &str) -> Result<Document, serde_json::Error> {
    let root: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))?;
    Ok(read_value(&root))
}

/// Reads YAML data the same way: the same tree once parsed (`Err` with the YAML
/// parser's message and place; an alias repeated past the parser's limit is refused
/// there, so a small file cannot grow into a large tree).
pub fn read_yaml(text: &str) -> Result<Document, serde_yaml_ng::Error> {
    let root: Value = serde_yaml_ng::from_str(text.trim_start_matches('\u{feff}'))?;
    Ok(read_value(&root))
}

/// The blocks of a parsed tree, JSON or YAML.
fn read_value(root: &Value) -> Document {
    let main = activity_array(root, "", 0);
    let mut blocks = Vec::new();
    preamble(
        root,
        main.as_ref().map(|(p, items)| (p.as_str(), *items)),
        &mut blocks,
    );
    if let Some((path, items)) = main {
        blocks.push(Block {
            kind: Kind::Table(table(&path, items)),
            place: Place::Key(path.clone()),
        });
    }
    Document {
        blocks,
        overflowed: false,
        repaired: 0,
    }
}

/// The array of objects that holds the activities, with its path: the one whose
/// objects have the most keys between them (an activity answers the many questions of
/// Art. 30; a list of processors, of changes or of contacts answers three or four),
/// then the one with the most objects of three keys or more (the first met on a tie).
fn activity_array<'v>(v: &'v Value, path: &str, depth: usize) -> Option<(String, &'v [Value])> {
    best_array(v, path, depth).map(|(_, p, items)| (p, items))
}

/// A candidate array's weight: how many keys its records have between them, then how
/// many records it has.
type Weight = (usize, usize);

/// [`activity_array`] with each candidate's weight, counted once.
fn best_array<'v>(v: &'v Value, path: &str, depth: usize) -> Option<(Weight, String, &'v [Value])> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut best: Option<(Weight, String, &'v [Value])> = None;
    let mut consider = |found: Option<(Weight, String, &'v [Value])>| {
        if let Some(f) = found
            && best.as_ref().is_none_or(|b| f.0 > b.0)
        {
            best = Some(f);
        }
    };
    match v {
        Value::Array(items) => {
            let n = records(items);
            if n > 0 {
                consider(Some((
                    (keys_of(items), n),
                    path.to_string(),
                    items.as_slice(),
                )));
            }
            for (i, item) in items.iter().enumerate() {
                consider(best_array(item, &format!("{path}[{}]", i + 1), depth + 1));
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                consider(best_array(item, &child(path, k), depth + 1));
            }
        }
        _ => {}
    }
    best
}

/// How many items of an array are records: objects with three keys or more.
fn records(items: &[Value]) -> usize {
    items
        .iter()
        .filter(|i| i.as_object().is_some_and(|o| o.len() >= 3))
        .count()
}

/// How many distinct keys the records of an array have between them.
fn keys_of(items: &[Value]) -> usize {
    let mut keys: Vec<&str> = items
        .iter()
        .filter_map(Value::as_object)
        .filter(|o| o.len() >= 3)
        .flat_map(|o| o.keys().map(String::as_str))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys.len()
}

/// The path of a key under `path`.
fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A key as words: `base_legale` → `base legale`, `lawfulBasis` → `lawful basis`,
/// `DPO-contact` → `DPO contact`.
pub fn words_of_key(key: &str) -> String {
    let mut out = String::new();
    let mut prev: Option<char> = None;
    for c in key.chars() {
        if matches!(c, '_' | '-' | '.') {
            out.push(' ');
        } else {
            if c.is_uppercase() && prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit()) {
                out.push(' ');
            }
            out.push(c);
        }
        prev = Some(c);
    }
    let joined: Vec<&str> = out.split_whitespace().collect();
    let words = joined.join(" ");
    // camelCase words are lower-cased (`lawful Basis` → `lawful basis`); acronyms stay
    words
        .split(' ')
        .map(|w| {
            if w.chars().skip(1).any(char::is_lowercase) {
                w.to_lowercase()
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A value as the text of one cell or paragraph: strings as written, numbers and
/// booleans as JSON writes them, arrays one item a line, objects one `key: value` a line.
fn text_of(v: &Value, depth: usize) -> String {
    if depth > MAX_DEPTH {
        // deeper than any register: the JSON as written, not lost
        return v.to_string();
    }
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::Object(map) => item_line(map, depth + 1),
                other => text_of(other, depth + 1),
            })
            .filter(|t| !t.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| (words_of_key(k), text_of(v, depth + 1)))
            .filter(|(_, t)| !t.trim().is_empty())
            .map(|(k, t)| format!("{k} : {}", t.replace('\n', " ; ")))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// One object of a list as one line: its first text, the others in parentheses
/// (`{"name": "Stripe", "role": "processor"}` → `Stripe (processor)`).
fn item_line(map: &serde_json::Map<String, Value>, depth: usize) -> String {
    let texts: Vec<String> = map
        .values()
        .map(|v| text_of(v, depth + 1).replace('\n', " ; "))
        .filter(|t| !t.trim().is_empty())
        .collect();
    match texts.split_first() {
        Some((first, [])) => first.clone(),
        Some((first, rest)) => format!("{first} ({})", rest.join(", ")),
        None => String::new(),
    }
}

/// The activities as a table: a header row of the keys (in the order first met), then
/// one row per object; each cell's place is its JSON path. A bare name key is
/// qualified by the array's own key (`traitements nom`): alone, a register's `Nom` is
/// as often the organisation's.
fn table(path: &str, items: &[Value]) -> Table {
    let array_key = path
        .rsplit('.')
        .next()
        .map(|k| words_of_key(k.split('[').next().unwrap_or(k)))
        .unwrap_or_default();
    let header_label = |k: &str| {
        let own = words_of_key(k);
        if !array_key.is_empty() && NAME_KEYS.contains(&own.to_lowercase().as_str()) {
            format!("{array_key} {own}")
        } else {
            own
        }
    };
    let mut keys: Vec<&str> = Vec::new();
    for item in items {
        for k in item.as_object().into_iter().flat_map(|o| o.keys()) {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
    }
    let header = keys
        .iter()
        .map(|k| Cell {
            text: header_label(k),
            place: Place::Key(child(path, k)),
            ..Default::default()
        })
        .collect();
    let mut rows = vec![header];
    for (i, item) in items.iter().enumerate() {
        let at = format!("{path}[{}]", i + 1);
        let row = keys
            .iter()
            .map(|k| Cell {
                text: item.get(*k).map(|v| text_of(v, 1)).unwrap_or_default(),
                place: Place::Key(child(&at, k)),
                ..Default::default()
            })
            .collect();
        rows.push(row);
    }
    Table { rows, head: false }
}

/// A bare "name" in the six languages: under a container it names the container (the
/// organisation, the DPO), never an activity.
const NAME_KEYS: &[&str] = &[
    "name",
    "nom",
    "nombre",
    "nome",
    "naam",
    "bezeichnung",
    "denominazione",
    "denominación",
];

/// The values outside the activities, as `label : value` paragraphs with their path,
/// the activities' array left out. A value is labelled by its own key; the top-level
/// objects (the organisation, the export's metadata) are gone through key by key, and
/// an object or array below them is one value, one `key : value` or item a line (the
/// DPO's name and e-mail together). A key the activities' objects also have, or a bare
/// name (`name`, `nom`), is qualified by its container's key (`company name`): alone it
/// would be read as the activities' field.
fn preamble(root: &Value, main: Option<(&str, &[Value])>, out: &mut Vec<Block>) {
    let record_keys: Vec<String> = main
        .into_iter()
        .flat_map(|(_, items)| items.iter().filter_map(Value::as_object))
        .flat_map(|o| o.keys().map(|k| words_of_key(k).to_lowercase()))
        .collect();
    let label_of = |container: &str, key: &str| {
        let own = words_of_key(key);
        let folded = own.to_lowercase();
        if !container.is_empty()
            && (record_keys.contains(&folded) || NAME_KEYS.contains(&folded.as_str()))
        {
            format!("{} {own}", words_of_key(container))
        } else {
            own
        }
    };
    let items = main.map(|(_, items)| items);
    let mut walk = Walk {
        main: items,
        label_of: &label_of,
        out,
    };
    walk.container_under(root, "", "", 0);
    // items of the activities' array that are no objects: kept, as values of the array
    if let Some((path, items)) = main {
        for (i, item) in items.iter().enumerate().filter(|(_, i)| !i.is_object()) {
            let key = path.rsplit('.').next().unwrap_or(path);
            paragraph(
                &words_of_key(key),
                item,
                format!("{path}[{}]", i + 1),
                walk.out,
            );
        }
    }
}

/// The walk of the values outside the activities.
struct Walk<'a, 'o> {
    /// The activities' array, told by identity wherever it stands.
    main: Option<&'a [Value]>,
    /// A key's label under its container.
    label_of: &'a dyn Fn(&str, &str) -> String,
    out: &'o mut Vec<Block>,
}

impl Walk<'_, '_> {
    /// Whether `v` is the activities' array or holds it.
    fn holds_main(&self, v: &Value, depth: usize) -> bool {
        let Some(main) = self.main else {
            return false;
        };
        if depth > MAX_DEPTH {
            return false;
        }
        match v {
            Value::Array(items) => {
                std::ptr::eq(items.as_slice(), main)
                    || items.iter().any(|i| self.holds_main(i, depth + 1))
            }
            Value::Object(map) => map.values().any(|i| self.holds_main(i, depth + 1)),
            _ => false,
        }
    }

    /// One value under a container: gone through when it is the top level's object or
    /// holds the activities, else one paragraph.
    fn child(&mut self, v: &Value, path: String, container: &str, key: &str, depth: usize) {
        if self.is_main(v) || depth > MAX_DEPTH {
            return;
        }
        let walk_in = (depth == 0 && v.is_object()) || self.holds_main(v, depth + 1);
        if walk_in {
            self.container_under(v, &path, key, depth + 1);
        } else {
            let label = (self.label_of)(container, key);
            paragraph(&label, v, path, self.out);
        }
    }

    /// Whether `v` is the activities' array itself.
    fn is_main(&self, v: &Value) -> bool {
        matches!((v, self.main), (Value::Array(items), Some(main)) if std::ptr::eq(items.as_slice(), main))
    }

    /// The values of the top level, or of an object or array that is walked into (it
    /// holds the activities): each labelled under it; the activities left out.
    fn container_under(&mut self, v: &Value, path: &str, key: &str, depth: usize) {
        if self.is_main(v) || depth > MAX_DEPTH {
            return;
        }
        match v {
            Value::Object(map) => {
                for (k, item) in map {
                    self.child(item, child(path, k), key, k, depth);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.child(item, format!("{path}[{}]", i + 1), key, key, depth);
                }
            }
            other => paragraph(&(self.label_of)("", key), other, path.to_string(), self.out),
        }
    }
}

/// One `label : value` paragraph, when the value holds any text.
fn paragraph(label: &str, v: &Value, path: String, out: &mut Vec<Block>) {
    let text = text_of(v, 1);
    if text.trim().is_empty() {
        return;
    }
    out.push(Block {
        kind: Kind::Paragraph(Para {
            text: format!("{label} : {text}"),
            lead: Some(label.to_string()),
        }),
        place: Place::Key(path),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_as_words() {
        assert_eq!(words_of_key("base_legale"), "base legale");
        assert_eq!(words_of_key("lawfulBasis"), "lawful basis");
        assert_eq!(
            words_of_key("personalDataCategories"),
            "personal data categories"
        );
        assert_eq!(words_of_key("DPO-contact"), "DPO contact");
        assert_eq!(words_of_key("retention_period2"), "retention period2");
    }

    #[test]
    fn the_largest_array_of_records_is_the_activities_whatever_its_name() {
        let text = r#"{
            "meta": {"exported": "2026-03-01", "tool": "x"},
            "organisation": {"raison_sociale": "Boulangeries Mélusine", "nom": "Mélusine SAS", "dpo": {"nom": "Ana Roux", "email": "dpo@m.fr"}},
            "registre": {"liste": [
                {"nom": "Paie", "finalite": "payer", "categories_donnees": ["identité", "salaire"],
                 "destinataires": [{"nom": "Expert-comptable", "role": "sous-traitant"}], "transfert_hors_ue": false},
                {"nom": "Clients", "finalite": "fidéliser", "base_legale": "consentement"}
            ]}
        }"#;
        let doc = read(text).unwrap();
        let Some(Block {
            kind: Kind::Table(t),
            place,
        }) = doc.blocks.last()
        else {
            panic!("{doc:?}")
        };
        assert_eq!(place, &Place::Key("registre.liste".into()));
        let header: Vec<&str> = t.rows[0].iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            header,
            [
                "liste nom",
                "finalite",
                "categories donnees",
                "destinataires",
                "transfert hors ue",
                "base legale"
            ]
        );
        assert_eq!(t.rows[1][2].text, "identité\nsalaire");
        assert_eq!(t.rows[1][3].text, "Expert-comptable (sous-traitant)");
        assert_eq!(t.rows[1][4].text, "false");
        assert_eq!(t.rows[2][4].text, "");
        assert_eq!(
            t.rows[2][5].place,
            Place::Key("registre.liste[2].base_legale".into())
        );
        let paras: Vec<String> = doc
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                Kind::Paragraph(p) => Some(p.text.clone()),
                _ => None,
            })
            .collect();
        // a key of the organisation is its own label; one the activities also have is
        // qualified by its container; an object below is one value, a line a key
        assert!(
            paras.contains(&"raison sociale : Boulangeries Mélusine".to_string()),
            "{paras:?}"
        );
        assert!(
            paras.contains(&"organisation nom : Mélusine SAS".to_string()),
            "{paras:?}"
        );
        assert!(
            paras.contains(&"dpo : nom : Ana Roux\nemail : dpo@m.fr".to_string()),
            "{paras:?}"
        );
        assert!(
            paras.contains(&"exported : 2026-03-01".to_string()),
            "{paras:?}"
        );
    }

    /// Every value of the file is read once: an activities' array nested deep is not
    /// repeated in the preamble, and items of it that are no objects are kept.
    #[test]
    fn a_nested_array_is_read_once_and_nothing_is_dropped() {
        let text = r#"{"export": {"outil": "X", "registre": {"traitements": [
            {"nom": "Paie", "finalite": "payer", "base_legale": "obligation"},
            "à compléter",
            {"nom": "Clients", "finalite": "vendre", "base_legale": "contrat"}
        ]}}}"#;
        let doc = read(text).unwrap();
        let all = format!("{doc:?}");
        assert_eq!(all.matches("payer").count(), 1, "{all}");
        assert_eq!(all.matches("à compléter").count(), 1, "{all}");
        assert!(all.contains("outil : X"), "{all}");
        let deep = format!("{}1{}", "[".repeat(80), "]".repeat(80));
        let doc = read(&format!(
            r#"{{"a": {deep}, "t": [{{"x": 1, "y": 2, "z": 3}}]}}"#
        ))
        .unwrap();
        assert!(
            format!("{doc:?}").contains("[[[1]]]"),
            "a value deeper than the limit is kept as written"
        );
    }

    #[test]
    fn yaml_is_read_as_json_is_and_an_alias_bomb_is_refused() {
        let d = read_yaml(
            "org:\n  name: Acme\nactivities:\n  - name: Payroll\n    purpose: pay\n    basis: contract\n  - name: CRM\n    purpose: sell\n    basis: consent\n",
        )
        .unwrap();
        let Some(Block {
            kind: Kind::Table(t),
            ..
        }) = d.blocks.last()
        else {
            panic!("{d:?}")
        };
        assert_eq!(t.rows.len(), 3, "a header and two activities");
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 9].join(", ");
            bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        assert!(
            read_yaml(&bomb).is_err(),
            "9^10 items from a few hundred bytes"
        );
    }

    #[test]
    fn text_that_is_not_json_is_an_error_with_its_place() {
        let e = read("{\"a\": [1, 2,}").unwrap_err();
        assert!(e.line() == 1 && e.column() > 0, "{e}");
    }
}
