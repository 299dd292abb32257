//! `ropa` reads the registers of processing activities (GDPR Article 30) that
//! organisations keep and turns them into one canonical register and a gap report.
//!
//! The stages are crates, each depending only on those before it:
//! `ropa-model` → `ropa-read` → `ropa-map` → `ropa-normalise` → `ropa-rules` →
//! `ropa-write`; this crate runs them over a batch ([`pipeline`]) and is the command
//! line ([`cli`]). ARCHITECTURE.md draws the map.

pub mod cli;
pub mod pipeline;
