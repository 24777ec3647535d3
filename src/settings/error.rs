//! What can be wrong with the settings, and a spec's failure on a setting or on the
//! provider's rules.

use std::path::PathBuf;

use super::*;
use crate::spec::Provider;

/// A problem with the settings, in terms of where it is; the words a user reads (and the
/// flag or key they name) are chosen in `crate::error`.
#[derive(Clone, Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read config file {}: {reason}", path.display())]
    ConfigUnreadable { path: PathBuf, reason: String },
    #[error("invalid config file {}{}: {message}", path.display(), line.map(|l| format!(" (line {l})")).unwrap_or_default())]
    ConfigInvalid {
        path: PathBuf,
        line: Option<usize>,
        message: String,
    },
    #[error("no profile '{name}' {}", match (file, exists) {
        (Some(path), true) => format!("in {}", path.display()),
        (Some(path), false) => format!("(there is no config file at {})", path.display()),
        (None, _) => "(there is no config directory on this system)".to_string(),
    })]
    UnknownProfile {
        name: String,
        known: Vec<String>,
        file: Option<PathBuf>,
        exists: bool,
    },
    /// An environment variable with a value its setting does not take.
    #[error("{name} is '{value}', not {expected}")]
    Environment {
        name: &'static str,
        value: String,
        expected: String,
    },
    /// No key for a provider; `sources` says where keys are looked for.
    #[error("no {} API key found", provider.name())]
    NoKey {
        provider: Provider,
        sources: KeySources,
    },
    /// A key that was found but cannot be used.
    #[error("{message}")]
    BadKey { message: String, hint: String },
    /// Any other value that cannot be used, with what to do.
    #[error("{message}")]
    Invalid { message: String, hint: String },
}

impl SettingsError {
    pub(super) fn invalid(message: impl Into<String>, hint: impl Into<String>) -> SettingsError {
        SettingsError::Invalid {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// A spec can fail on a setting (format from the extension) or on the provider's rules.
#[derive(Debug)]
pub enum SettingsOrEngine {
    Settings(SettingsError),
    Engine(crate::engine::EngineError),
}
