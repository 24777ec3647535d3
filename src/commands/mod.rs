//! One module per subcommand, each with `run(args, ctx)`.

pub mod speak;
