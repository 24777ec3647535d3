//! `batch`: many rows of text, each into its own file. [`manifest`] reads the rows,
//! [`plan`] resolves and checks every one of them before anything is sent; the command
//! (`commands::batch`) runs them through the synthesizer with a shared pacer and the
//! cache.

pub mod events;
pub mod manifest;
pub mod plan;
pub mod production;
pub mod script;
