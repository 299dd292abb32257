//! Delimited text (TSV, CSV) → a grid of cells, with the delimiter guessed when not given.

use ropa_model::error::{Error, Result};
use std::path::Path;

/// Parses delimited text into rows of cells; returns the grid and the delimiter used.
pub fn parse(path: &Path, text: &str, delimiter: Option<char>) -> Result<(Vec<Vec<String>>, char)> {
    parse_head(path, text, delimiter, usize::MAX)
}

/// [`parse`], stopping after `records` records: what the first rows say (the layout)
/// without the cost of the whole file.
pub fn parse_head(
    path: &Path,
    text: &str,
    delimiter: Option<char>,
    records: usize,
) -> Result<(Vec<Vec<String>>, char)> {
    let delimiter = delimiter.unwrap_or_else(|| guess_delimiter(text));
    let byte = u8::try_from(delimiter).map_err(|_| Error::Parse {
        path: path.to_path_buf(),
        place: "mapping".into(),
        message: format!(
            "the delimiter {delimiter:?} is not a single-byte character; use one of tab, ';', ',' or '|'."
        ),
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(byte)
        .has_headers(false)
        .flexible(true)
        .quoting(byte != b'\t' || tab_text_is_quoted(text))
        .from_reader(text.as_bytes());
    // The csv crate skips blank lines; a spreadsheet shows them as empty rows. Put them
    // back so that row N of the grid is row N when the file is opened in Excel.
    let bytes = text.as_bytes();
    let mut grid: Vec<Vec<String>> = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut end = 0usize;
    for _ in 0..records {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                grid.extend((0..blank_lines_at(bytes, end)).map(|_| Vec::new()));
                // a value a spreadsheet would run as a formula, written as text by
                // ropa's export (a leading `'`), reads back as written
                grid.push(
                    record
                        .iter()
                        .map(|c| ropa_model::text::formula_unescaped(c).to_string())
                        .collect(),
                );
                end = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(Error::Parse {
                    path: path.to_path_buf(),
                    place: format!("ligne {line}"),
                    message: format!(
                        "cannot read this line as delimited text ({e}). Check the quotes on that line, or set `delimiter` in the mapping."
                    ),
                });
            }
        }
    }
    Ok((grid, delimiter))
}

/// Excel's "Texte Unicode" and "Texte (séparateur : tabulation)" quote the cells that
/// hold line breaks; hand-made TSV does not quote at all, and a lone `"` there is text.
fn tab_text_is_quoted(text: &str) -> bool {
    let opens = text.starts_with('"') || text.contains("\t\"") || text.contains("\n\"");
    opens && text.matches('"').count().is_multiple_of(2)
}

/// How many empty lines start at byte `at` (each one is an empty spreadsheet row).
fn blank_lines_at(bytes: &[u8], mut at: usize) -> usize {
    // the csv crate ends a record at the `\r` of a CRLF; its `\n` is not a blank line
    if at > 0 && bytes.get(at - 1) == Some(&b'\r') && bytes.get(at) == Some(&b'\n') {
        at += 1;
    }
    let mut n = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'\n' => at += 1,
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => at += 2,
            _ => break,
        }
        n += 1;
    }
    n
}

/// The delimiter that splits the first lines most often and most evenly.
pub fn guess_delimiter(text: &str) -> char {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = ('\t', 0usize);
    for d in ['\t', ';', ',', '|'] {
        let counts: Vec<usize> = lines.iter().map(|l| outside_quotes(l, d)).collect();
        let max = counts.iter().copied().max().unwrap_or(0);
        let lines_with = counts.iter().filter(|c| **c > 0 && **c * 2 >= max).count();
        let score = lines_with * max.min(64);
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// How often `d` occurs in a line outside double quotes (a quoted cell may hold it).
fn outside_quotes(line: &str, d: char) -> usize {
    let mut quoted = false;
    line.chars()
        .filter(|&c| {
            if c == '"' {
                quoted = !quoted;
            }
            c == d && !quoted
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_the_delimiter() {
        assert_eq!(guess_delimiter("a\tb\tc\n1\t2\t3"), '\t');
        assert_eq!(guess_delimiter("a;b;c\n1;\"2,5\";3"), ';');
        assert_eq!(guess_delimiter("a,b,c\n1,2,3"), ',');
        // quoted cells full of another delimiter do not decide
        assert_eq!(
            guess_delimiter("\"a\";\"b\";\"c\"\n\"1|2|3|4|5|6\";\"x, y, z, w\";\"3\""),
            ';'
        );
    }

    #[test]
    fn quoted_multiline_cells_stay_one_cell() {
        let (grid, _) = parse(Path::new("x.csv"), "a;b\n\"1\n2\";3\n", Some(';')).unwrap();
        assert_eq!(grid, vec![vec!["a", "b"], vec!["1\n2", "3"]]);
    }

    #[test]
    fn crlf_line_ends_are_not_blank_rows() {
        let text = "titre;;\r\n;;\r\na;b;c\r\n\"1\r\n2\";x;y\r\n";
        let (grid, _) = parse(Path::new("x.csv"), text, Some(';')).unwrap();
        assert_eq!(grid.len(), 4);
        assert_eq!(grid[2], vec!["a", "b", "c"]);
        assert_eq!(grid[3][0], "1\r\n2");
    }

    #[test]
    fn excel_unicode_text_quotes_multiline_cells() {
        let (grid, _) = parse(Path::new("x.txt"), "a\tb\n\"1\n2\"\t3\n", Some('\t')).unwrap();
        assert_eq!(grid, vec![vec!["a", "b"], vec!["1\n2", "3"]]);
        // a hand-made TSV with a lone quote keeps it as text
        let (grid, _) = parse(Path::new("x.tsv"), "a\tb\n\"Cloud\t3\nx\ty\n", Some('\t')).unwrap();
        assert_eq!(grid.len(), 3);
        assert_eq!(grid[1][0], "\"Cloud");
    }

    #[test]
    fn blank_lines_stay_rows() {
        let (grid, _) = parse(Path::new("x.tsv"), "\n\na\tb\n1\t2\n", Some('\t')).unwrap();
        assert_eq!(grid.len(), 4);
        assert!(grid[0].is_empty() && grid[1].is_empty());
        assert_eq!(grid[2], vec!["a", "b"]);
    }
}
