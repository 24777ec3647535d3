//! `batch`: many rows of text, each into its own file, and productions joined from them
//! (`batch --join`, `script`). [`manifest`] reads the rows and [`plan`] resolves and
//! checks every one of them before anything is sent; [`run`] runs them, phase by phase:
//! [`check`] (the pass over every row), [`chunk`] (a chunk of rows: [`restore`]d, copied,
//! or [`queue`]d for the [`worker`]s), [`record`] (each row's end, printed and counted),
//! [`join`] and [`review`] (once every row is there), [`summary`] or [`dry_run`].

pub mod check;
pub mod chunk;
pub mod dry_run;
pub mod events;
pub mod join;
pub mod manifest;
pub mod paths;
pub mod plan;
pub mod production;
pub mod queue;
pub mod record;
pub mod restore;
pub mod review;
pub mod row;
pub mod row_keys;
pub mod run;
pub mod script;
pub mod summary;
pub mod template;
#[cfg(test)]
mod testing;
pub mod worker;
