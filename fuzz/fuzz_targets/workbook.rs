//! Any bytes opened as a workbook (xlsx, xlsm, xlsb, xls, ods, chosen by the first byte),
//! then read as a table: no panic, no unbounded allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ropa_read::{Layout, TableLayout};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = [
        "fuzz.xlsx",
        "fuzz.xlsm",
        "fuzz.xlsb",
        "fuzz.xls",
        "fuzz.ods",
    ][pick as usize % 5];
    let path = Path::new(name);
    let _ = ropa_read::open(path, bytes, None);
    let layout = Layout::Table(TableLayout::default());
    let is_label = |s: &str| s.len() % 3 == 0;
    let _ = ropa_read::read_bytes(path, bytes, &layout, &is_label, &|_| None);
});
