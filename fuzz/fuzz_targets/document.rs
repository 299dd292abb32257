//! Any text read with the fiche and sections layouts, and with an inferred layout: no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ropa_read::{FicheLayout, Layout, SectionsLayout};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let is_label = |s: &str| s.starts_with(|c: char| c.is_uppercase());
    let layouts = [
        Layout::Fiche(FicheLayout {
            title: Some(r"^(?P<ref>\d+)\.\s+(?P<name>.+)$".into()),
            ..Default::default()
        }),
        Layout::Fiche(FicheLayout {
            first_label: Some("Finalité".into()),
            ..Default::default()
        }),
        Layout::Sections(SectionsLayout {
            block_start: "^FICHE".into(),
            skip: vec![r"\t\d+$".into()],
            options: vec!["^Destinataires internes".into()],
            ..Default::default()
        }),
    ];
    for layout in &layouts {
        let _ = ropa_read::read_bytes(Path::new("fuzz.txt"), data, layout, &is_label, &|_| None);
    }
    if let Ok(source) = ropa_read::open(Path::new("fuzz.txt"), data, None) {
        let _ = ropa_map::suggest::suggest(Path::new("fuzz.txt"), &source, "fuzz");
    }
});
