//! A register written by ropa, edited at random the way a client edits a workbook (cells
//! typed over, rows copied, moved and deleted, columns deleted, sheets renamed), then read
//! back: no panic, and every activity has an id.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ropa_model::{
    Activity, Field, Processor, Recipient, Register, RetentionItem, SourceReport, Value,
};
use ropa_read::workbook::Sheet;
use std::path::Path;
use std::sync::OnceLock;

/// The sheets of a small register as ropa writes it, read once.
fn written() -> &'static Vec<Sheet> {
    static SHEETS: OnceLock<Vec<Sheet>> = OnceLock::new();
    SHEETS.get_or_init(|| {
        let activity = |index: usize, name: &str| {
            let mut a = Activity {
                source: "client.xlsx".into(),
                index,
                ..Default::default()
            };
            a.fields.insert(Field::Name, Value::Text(name.into()));
            a.fields
                .insert(Field::Purpose, Value::Text("Gestion des clients".into()));
            a.fields.insert(
                Field::Recipients,
                Value::Recipients(vec![Recipient {
                    name: "Service comptable".into(),
                    data: Some("factures".into()),
                    ..Default::default()
                }]),
            );
            a.fields.insert(
                Field::Processors,
                Value::Processors(vec![Processor {
                    name: "OVH".into(),
                    role: Some("hébergeur".into()),
                    ..Default::default()
                }]),
            );
            a.fields.insert(
                Field::Retention,
                Value::Retention(vec![RetentionItem {
                    text: "1 an".into(),
                    duration: Some("P1Y".into()),
                    ..Default::default()
                }]),
            );
            a
        };
        let mut r = Register {
            activities: vec![activity(1, "Clients"), activity(2, "Prospects")],
            sources: vec![SourceReport {
                source: "client.xlsx".into(),
                ..Default::default()
            }],
        };
        ropa_model::assign_ids(&mut r.activities);
        let dir = std::env::temp_dir().join(format!("ropa-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("register.xlsx");
        ropa_write::register_xlsx::write(&r, &[], ropa_model::Lang::Fr, &path).unwrap();
        match ropa_read::open_file(&path, None).unwrap() {
            ropa_read::Source::Workbook { sheets, .. } => sheets,
            _ => unreachable!("ropa writes a workbook"),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let mut sheets = written().clone();
    let mut ops = data.chunks(4);
    while let Some(op) = ops.next() {
        let [kind, s, r, c] = [0, 1, 2, 3].map(|i| op.get(i).copied().unwrap_or(0) as usize);
        let visible: Vec<usize> = (0..sheets.len()).filter(|&i| sheets[i].visible).collect();
        let Some(&si) = visible.get(s % visible.len().max(1)) else {
            return;
        };
        let rows = &mut sheets[si].grid.rows;
        let n = rows.len().max(1);
        match kind % 6 {
            // type a text over a cell: the next chunk's bytes
            0 => {
                let text = ops.next().map(|t| String::from_utf8_lossy(t).into_owned());
                if let Some(row) = rows.get_mut(r % n) {
                    let c = c % (row.len() + 2);
                    if row.len() <= c {
                        row.resize(c + 1, String::new());
                    }
                    row[c] = text.unwrap_or_default();
                }
            }
            // copy a row below another
            1 if !rows.is_empty() => {
                let row = rows[r % n].clone();
                rows.insert((c % n).min(rows.len()), row);
            }
            // delete a row
            2 if !rows.is_empty() => {
                rows.remove(r % n);
            }
            // delete a column
            3 => rows.iter_mut().for_each(|row| {
                if c < row.len() {
                    row.remove(c);
                }
            }),
            // swap two rows (a sort)
            4 if !rows.is_empty() => rows.swap(r % n, c % n),
            // rename the sheet
            5 => sheets[si].grid.sheet = Some(format!("Feuille{r}")),
            _ => {}
        }
    }
    if let Ok(back) = ropa_write::reimport::read(Path::new("register.xlsx"), &sheets) {
        assert!(back.activities.iter().all(|a| !a.id.is_empty()));
    }
});
