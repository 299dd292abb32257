//! Any text parsed as a mapping, and checked: no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(m) = ropa_map::Mapping::parse(Path::new("fuzz.toml"), text) {
            let _ = m.lint(text);
        }
    }
});
