//! `ropa` reads the registers of processing activities (GDPR Article 30) that
//! organisations keep — TSV/CSV sheets, Word tables exported as text — and turns them
//! into one canonical register and a gap report.
//!
//! The pipeline, one module per stage: [`read`] → [`map`] → [`normalise`] → [`gaps`] →
//! [`write`]; [`pipeline`] runs it over a batch and [`cli`] is the command line.

pub mod cli;
pub mod compare;
pub mod error;
pub mod gaps;
pub mod i18n;
pub mod lexicon;
pub mod map;
pub mod model;
pub mod normalise;
pub mod pipeline;
pub mod portfolio;
pub mod read;
pub mod reimport;
pub mod text;
pub mod write;

/// The language of headers, messages and reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Français (default).
    #[default]
    Fr,
    /// English.
    En,
}
