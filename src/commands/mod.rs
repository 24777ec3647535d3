//! One module per subcommand, each with `run(args, ctx)`.

pub mod devices;
pub mod speak;
