//! Any bytes opened as a Word or OpenDocument text (chosen by the first byte), then
//! read with the shapes a document can take: no panic, no unbounded allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let path = Path::new(if pick % 2 == 0 {
        "fuzz.docx"
    } else {
        "fuzz.odt"
    });
    if let Ok(source) = ropa_read::open(path, bytes, None) {
        let _ = ropa_map::suggest::suggest(path, &source, "fuzz");
    }
});
