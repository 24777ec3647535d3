use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    minimax_tts::timing::start();
    let cli = minimax_tts::cli::Cli::parse();
    match minimax_tts::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => minimax_tts::error::report(&err).into(),
    }
}
