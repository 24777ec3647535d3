//! Text in: reading it (argument, file, stdin) and cutting it into segments. What a
//! provider's server accepts (limits, markup, control characters) is the engine's rule,
//! not a text rule.

pub mod split;

use std::io::{IsTerminal, Read};
use std::path::Path;

use crate::error::CliError;

pub use split::{STREAM_SEGMENT_CHARS, Segmenter, split_segments};

/// Reads the text to speak from the positional words, `-f FILE` (`-` = stdin), or a piped
/// stdin. An interactive stdin with no text is a usage error, never a wait.
pub fn read_input(words: &[String], file: Option<&Path>) -> Result<String, CliError> {
    if !words.is_empty() {
        return Ok(words.join(" "));
    }
    match file {
        Some(path) if path.as_os_str() == "-" => read_stdin(),
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| {
                CliError::usage(format!("cannot read {}: {e}", path.display()))
                    .with_hint("check the path given to -f")
            })?;
            String::from_utf8(bytes).map_err(|e| {
                CliError::usage(format!(
                    "{} is not UTF-8 text (invalid byte at offset {})",
                    path.display(),
                    e.utf8_error().valid_up_to()
                ))
                .with_hint("convert it first, e.g. iconv -t UTF-8")
            })
        }
        None if std::io::stdin().is_terminal() => Err(CliError::usage("no text given")
            .with_hint("pass the text as an argument, use -f FILE, or pipe it on stdin")),
        None => read_stdin(),
    }
}

fn read_stdin() -> Result<String, CliError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::failure(format!("cannot read stdin: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        CliError::usage(format!(
            "stdin is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
        .with_hint("convert it first, e.g. iconv -t UTF-8")
    })
}
