//! minimax-tts: text to speech with MiniMax's speech API.
//!
//! The binary is a thin wrapper around [`run`]; the modules are public so the integration
//! tests and benchmarks can reach them.

pub mod assets;
pub mod audio;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod exit;
pub mod protocol;
pub mod registry;
pub mod report;
pub mod settings;
pub mod signals;
pub mod sink;
pub mod subtitles;
pub mod synth;
pub mod text;
pub mod timing;

use cli::{Cli, Command};
use error::CliError;

/// Runs one parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    report::init(report::Options::new(cli.global.quiet, cli.global.verbose));
    match cli.command {
        Command::GenerateAssets { dir } => assets::generate(&dir).map_err(|e| {
            CliError::failure(format!("cannot write assets under {}: {e}", dir.display())).into()
        }),
        Command::Devices => commands::devices::run(),
        Command::AsyncSubmit(args) => {
            let ctx = config::Context::load(cli.global)?;
            commands::async_submit::run(*args, &ctx)
        }
        Command::Fetch(args) => {
            let ctx = config::Context::load(cli.global)?;
            commands::fetch::run(args, &ctx)
        }
        Command::Voices(args) => {
            let ctx = config::Context::load(cli.global)?;
            commands::voices::run(args, &ctx)
        }
        Command::Stream(args) => {
            let ctx = config::Context::load(cli.global)?;
            commands::stream::run(*args, &ctx)
        }
        Command::Speak(args) => {
            let ctx = config::Context::load(cli.global)?;
            commands::speak::run(*args, &ctx)
        }
    }
}
