//! The integration tests, one binary: each module runs ropa as a user does (the binary
//! on files) or calls a stage's crate, and asserts on what came out.

mod cases;
mod common;
mod corpus;
mod expected;
mod export;
mod generated;
mod hostile;
mod language;
mod legal;
mod normalisation;
mod nothing_lost;
mod printing;
mod roundtrip;
mod roundtrip_property;
mod rules_config;
mod safety;
mod variants;
mod workflows;
mod zero_config;
