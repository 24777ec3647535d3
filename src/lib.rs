//! minimax-tts: text to speech with MiniMax's speech API (and Fish Audio's).
//!
//! The binary is a thin wrapper around [`run`]; the modules are public so the integration
//! tests and benchmarks can reach them. From the bottom up, each floor importing only its
//! own and those below (`scripts/structure-report` checks it): time and signals; domain
//! values and printing ([`spec`], [`report`], [`exit`]); the options schema, the file
//! system's edge and text ([`options`], [`io`], [`text`], [`subtitles`]); where audio bytes
//! go ([`sink`]); the audio pipeline ([`audio`]); the engines ([`engine`]); untrusted
//! on-disk state ([`store`], [`registry`]); the one resolution of settings
//! ([`settings`]); the one request path ([`request`]); errors as the user reads them and
//! the checks every command shares ([`error`], [`checks`]); batches and productions
//! ([`batch`]); the voice listing and the
//! servers ([`voices`], [`serve`]); the command line ([`cli`]); and the commands
//! ([`commands`], [`assets`]).

pub mod assets;
pub mod audio;
pub mod batch;
pub mod checks;
pub mod cli;
pub mod commands;
pub mod engine;
pub mod error;
pub mod exit;
pub mod io;
pub mod options;
pub mod registry;
pub mod report;
pub mod request;
#[cfg(any(feature = "serve", feature = "mcp"))]
pub mod serve;
pub mod settings;
pub mod signals;
pub mod sink;
pub mod spec;
pub mod store;
pub mod subtitles;
pub mod text;
pub mod timing;
pub mod voices;

use cli::{Cli, Command};
use error::CliError;
use settings::Resolved;

/// Runs one parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    report::init(report::Options::new(cli.global.quiet, cli.global.verbose));
    let command = match cli.command {
        Command::GenerateAssets { dir } => {
            return assets::generate(&dir).map_err(|e| {
                CliError::failure(format!("cannot write assets under {}: {e}", dir.display()))
                    .into()
            });
        }
        Command::Completions { shell } => {
            return report::stdout_bytes(&assets::completions(shell))
                .map_err(|e| CliError::stdout(e).into());
        }
        Command::Man { command } => return man(command.as_deref()),
        Command::Devices => return commands::devices::run(),
        // Where the file is and a starter file need no (valid) config file.
        Command::Config(args) if !matches!(args.action, cli::ConfigAction::Show { .. }) => {
            return commands::config::run(args, &cli.global, None);
        }
        command => command,
    };
    let resolved = Resolved::load(cli.global.settings()).map_err(CliError::from)?;
    for warning in &resolved.settings.warnings {
        report::warn(warning);
    }
    let sources = resolved.api.key_sources.clone();
    let result = match command {
        Command::AsyncSubmit(args) => {
            resolved
                .require(spec::Provider::Minimax, "async-submit (asynchronous jobs)")
                .map_err(CliError::from)?;
            commands::async_submit::run(*args, &resolved)
        }
        Command::Fetch(args) => {
            resolved
                .require(spec::Provider::Minimax, "fetch (asynchronous jobs)")
                .map_err(CliError::from)?;
            commands::fetch::run(args, &resolved)
        }
        Command::Voices(args) => commands::voices::run(args, &resolved),
        Command::Batch(args) => commands::batch::run(*args, resolved),
        Command::Script(args) => commands::script::run(*args, resolved),
        Command::Cache(args) => commands::cache::run(args, &resolved),
        Command::Config(args) => commands::config::run(args, &cli.global, Some(&resolved)),
        Command::Check { json } => commands::check::run(json, &resolved),
        Command::Stream(args) => commands::stream::run(*args, resolved),
        Command::Speak(args) => commands::speak::run(*args, resolved),
        #[cfg(feature = "serve")]
        Command::Serve(args) => commands::serve::run(args, resolved),
        #[cfg(feature = "mcp")]
        Command::Mcp(args) => commands::mcp::run(args, resolved),
        Command::GenerateAssets { .. }
        | Command::Completions { .. }
        | Command::Man { .. }
        | Command::Devices => Ok(()),
    };
    result.map_err(|e| error::attach_key_sources(e, &sources))
}

/// `man [COMMAND]`: the page on stdout.
fn man(command: Option<&str>) -> anyhow::Result<()> {
    let page = assets::man_page(command)
        .map_err(|e| CliError::failure(format!("cannot render the man page: {e}")))?;
    let Some(page) = page else {
        let mut cmd = <Cli as clap::CommandFactory>::command();
        cmd.build();
        let known: Vec<&str> = assets::visible_commands(&cmd)
            .map(|c| c.get_name())
            .collect();
        return Err(CliError::usage(format!(
            "there is no command {}",
            report::sanitized(command.unwrap_or_default())
        ))
        .with_hint(format!("give one of: {}", known.join(", ")))
        .into());
    };
    report::stdout_bytes(&page).map_err(|e| CliError::stdout(e).into())
}
