//! What several commands share before their first request: checks of the options they
//! have in common (worded as the user reads them), and the runtime that catches signals.

use std::path::Path;

use crate::error::CliError;
use crate::io::target::OutputTarget;
use crate::spec::AudioFormat;
use crate::subtitles::SubtitleFormat;

/// Checks a subtitle path before anything is requested: a known extension, and a place
/// where the file can be written.
pub fn check_subtitle_path(path: &Path) -> Result<SubtitleFormat, CliError> {
    let format = SubtitleFormat::from_path(path).ok_or_else(|| {
        CliError::usage(format!(
            "cannot tell the subtitle format of {}",
            path.display()
        ))
        .with_hint("use a .srt, .vtt or .json file name")
    })?;
    if path.as_os_str() == "-" {
        return Err(
            CliError::usage("subtitles are written to a file, not stdout")
                .with_hint("give a file name, e.g. --subtitles speech.srt"),
        );
    }
    OutputTarget::resolve(path)?;
    Ok(format)
}

/// Finishing needs a file to work on (a stream's bytes are gone) and a decodable format.
pub fn check_finishing(
    finishing: &crate::spec::Finishing,
    format: AudioFormat,
    target: Option<&OutputTarget>,
) -> Result<(), CliError> {
    if finishing.is_empty() {
        return Ok(());
    }
    if format == AudioFormat::Opus {
        return Err(
            CliError::usage("--loudness and --trim cannot finish Ogg Opus here")
                .with_hint("use --format mp3, wav or flac"),
        );
    }
    match target {
        Some(OutputTarget::File { .. }) | None => Ok(()),
        Some(_) => Err(CliError::usage(
            "--loudness and --trim finish a file: stdout and devices get the audio as it comes",
        )
        .with_hint("write to a file with -o FILE")),
    }
}

/// A single-threaded runtime (one socket, no need for more), catching signals from now
/// on: create it before anything a signal must clean up (a temporary output file).
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::failure(format!("cannot start the async runtime: {e}")))?;
    crate::signals::install(&runtime);
    Ok(runtime)
}
