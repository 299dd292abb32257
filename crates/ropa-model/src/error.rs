//! Errors of one input or one mapping. Each names the file and the place, says what was
//! expected and what to do; the run reports it and goes on with the other inputs.

use std::path::PathBuf;

/// Something that stops one input (or one mapping) from being read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened or read from disk.
    #[error(
        "{path}: cannot read the file: {source}. Check that it exists and that you may read it."
    )]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is empty or holds only blank lines.
    #[error("{path}: the file is empty. Export the register again, or leave this file out.")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// A table layout found no row that looks like a header.
    #[error(
        "{path}: no header row found in the first {scanned} rows (expected a row of column names such as \"Finalité\", \"Personnes concernées\"). Set `header_row` in the mapping's [layout]."
    )]
    NoHeader {
        /// The file.
        path: PathBuf,
        /// How many rows were looked at.
        scanned: usize,
    },
    /// A document layout found no activity block.
    #[error("{path}: no activity found: {hint}")]
    NoBlocks {
        /// The file.
        path: PathBuf,
        /// What the layout looked for and how to change it.
        hint: String,
    },
    /// A delimited file could not be parsed.
    #[error("{path}: {place}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// Where (line, or sheet and cell).
        place: String,
        /// What went wrong and what to do.
        message: String,
    },
    /// A mapping file is not valid.
    #[error("{path}: {message}")]
    Mapping {
        /// The mapping file (or the built-in mapping's name).
        path: PathBuf,
        /// What is wrong, with line and column when known, and how to fix it.
        message: String,
    },
    /// No mapping applies to an input and its layout cannot be inferred.
    #[error(
        "{path}: no mapping matches this file, and its layout could not be inferred ({layout}). Pass one with `-m MAPPING.toml` (see mappings/README.md); `ropa suggest FILE` writes a draft to start from."
    )]
    NoMapping {
        /// The file.
        path: PathBuf,
        /// What inference looked for and tried.
        layout: String,
    },
    /// The input is a format the tool does not read yet.
    #[error("{path}: {message}")]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// What the file is and what to do instead.
        message: String,
    },
    /// An output could not be written.
    #[error("{path}: cannot write the output: {message}")]
    Write {
        /// The output file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// Short for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
