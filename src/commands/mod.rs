//! One module per subcommand, each with `run(args, ctx)`.

pub mod common;
pub mod devices;
pub mod speak;
pub mod stream;
