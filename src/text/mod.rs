//! Text in: reading it (argument, file, stdin) and cutting it into segments. What a
//! provider's server accepts (limits, markup, control characters) is the engine's rule,
//! not a text rule.

pub mod split;

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

pub use split::{STREAM_SEGMENT_CHARS, Segmenter, split_segments};

/// Why there is no text to speak.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `None`: stdin.
    #[error("{} is not UTF-8 text (invalid byte at offset {offset})", path.as_ref().map_or("stdin".to_string(), |p| p.display().to_string()))]
    NotUtf8 {
        path: Option<PathBuf>,
        offset: usize,
    },
    #[error("no text given")]
    Nothing,
    #[error("cannot read stdin: {0}")]
    Stdin(std::io::Error),
}

/// Reads the text to speak from the positional words, `-f FILE` (`-` = stdin), or a piped
/// stdin. An interactive stdin with no text is a usage error, never a wait.
pub fn read_input(words: &[String], file: Option<&Path>) -> Result<String, InputError> {
    if !words.is_empty() {
        return Ok(words.join(" "));
    }
    match file {
        Some(path) if path.as_os_str() == "-" => read_stdin(),
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|source| InputError::Read {
                path: path.to_path_buf(),
                source,
            })?;
            String::from_utf8(bytes).map_err(|e| InputError::NotUtf8 {
                path: Some(path.to_path_buf()),
                offset: e.utf8_error().valid_up_to(),
            })
        }
        None if std::io::stdin().is_terminal() => Err(InputError::Nothing),
        None => read_stdin(),
    }
}

fn read_stdin() -> Result<String, InputError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(InputError::Stdin)?;
    String::from_utf8(bytes).map_err(|e| InputError::NotUtf8 {
        path: None,
        offset: e.utf8_error().valid_up_to(),
    })
}
