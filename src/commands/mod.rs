//! One module per subcommand, each with `run(args, ctx)`.

pub mod async_submit;
pub mod batch;
pub mod cache;
pub mod check;
pub mod common;
pub mod config;
pub mod devices;
pub mod fetch;
#[cfg(feature = "mcp")]
pub mod mcp;
pub mod script;
#[cfg(feature = "serve")]
pub mod serve;
pub mod speak;
pub mod stream;
pub mod voices;
