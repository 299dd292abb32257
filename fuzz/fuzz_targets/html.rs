//! Any bytes read as a web page: no panic, no stack overflow, and the document either
//! whole within its bounds or refused (more blocks, lines or nesting than a register has).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ropa_read::document::{MAX_BLOCKS, html};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = html::read(&text);
    assert!(doc.overflowed || doc.blocks.len() <= MAX_BLOCKS + 1);
});
