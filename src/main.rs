use std::process::ExitCode;

use clap::Parser;

use minimax_tts::exit::ExitStatus;

fn main() -> ExitCode {
    minimax_tts::timing::start();
    let cli = minimax_tts::cli::Cli::parse();
    let status = match minimax_tts::run(cli) {
        Ok(()) => ExitStatus::Success,
        Err(err) => minimax_tts::error::report(err),
    };
    if let ExitStatus::Interrupted(signal) = status {
        // Everything is cleaned up by now: die by the signal so a calling shell stops.
        minimax_tts::signals::die_by(signal);
    }
    status.into()
}
