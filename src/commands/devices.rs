//! `minimax-tts devices`: the audio output devices `--device` can name.

use crate::audio::list_devices;
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::report;

pub fn run() -> anyhow::Result<()> {
    let devices = list_devices().map_err(|e| CliError::new(ExitStatus::NoDevice, e))?;
    if devices.is_empty() {
        return Err(
            CliError::new(ExitStatus::NoDevice, "no audio output devices found")
                .with_hint("write files with -o FILE instead of playing")
                .into(),
        );
    }
    let width = devices
        .iter()
        .map(|d| d.id.chars().count())
        .max()
        .unwrap_or(0);
    for device in devices {
        let mark = if device.is_default { "*" } else { " " };
        // The description often repeats over lines (ALSA); the first says enough.
        let name = device.name.lines().next().unwrap_or("");
        report::stdout_line(&format!(
            "{mark} {:<width$}  {}",
            report::sanitized(&device.id),
            report::sanitized(name)
        ))?;
    }
    Ok(())
}
