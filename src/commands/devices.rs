//! `minimax-tts devices`: the audio output devices `--device` can name.

use std::io::Write;

use crate::audio::list_devices;
use crate::error::CliError;
use crate::exit::ExitStatus;

pub fn run() -> anyhow::Result<()> {
    let devices = list_devices().map_err(|e| CliError::new(ExitStatus::NoDevice, e))?;
    if devices.is_empty() {
        return Err(
            CliError::new(ExitStatus::NoDevice, "no audio output devices found")
                .with_hint("write files with -o FILE instead of playing")
                .into(),
        );
    }
    let mut out = std::io::stdout().lock();
    for (name, is_default) in devices {
        writeln!(out, "{} {name}", if is_default { "*" } else { " " })?;
    }
    Ok(())
}
