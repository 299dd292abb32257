//! Any bytes read as a table (text or workbook, whatever the sniffing says): no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ropa_read::{Layout, TableLayout};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let layout = Layout::Table(TableLayout::default());
    let is_label = |s: &str| s.len() % 3 == 0;
    let _ = ropa_read::read_bytes(Path::new("fuzz.tsv"), data, &layout, &is_label, &|_| None);
});
