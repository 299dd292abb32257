//! The limits of the formats ropa writes, known to every stage: the rules warn about a
//! value a workbook would cut, and the writers cut it.

/// Excel refuses longer cells; longer values are cut here (and kept whole in JSON).
pub const EXCEL_CELL_MAX: usize = 32_767;

/// The length of a text as Excel counts it: in UTF-16 units (an emoji is two).
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The longest start of `s` that holds at most `units` UTF-16 units.
pub fn utf16_prefix(s: &str, units: usize) -> &str {
    let mut n = 0;
    for (i, c) in s.char_indices() {
        n += c.len_utf16();
        if n > units {
            return &s[..i];
        }
    }
    s
}
