//! User-facing failures: what happened, what to do, and which exit code it maps to.

use std::fmt;
use std::io;

use crate::audio::sample::LoadError;
use crate::engine::error::{EngineError, ErrorKind, Recovery};
use crate::engine::synth::SynthError;
use crate::exit::ExitStatus;
use crate::io::target::OutputError;
use crate::options::flag_name;
use crate::registry::RegistryError;
use crate::report;
use crate::settings::{KeySources, SettingsError, SettingsOrEngine};
use crate::signals::Signal;
use crate::store::cache::CacheError;
use crate::text::InputError;

impl From<SettingsError> for CliError {
    fn from(e: SettingsError) -> CliError {
        let message = e.to_string();
        let hint = match e {
            SettingsError::ConfigUnreadable { .. } => {
                "check --config / MINIMAX_TTS_CONFIG; the config file must be a regular file"
                    .to_string()
            }
            SettingsError::ConfigInvalid { .. } => {
                "`minimax-tts config init` writes a commented file with every key (see also Configuration in README.md)".into()
            }
            SettingsError::UnknownProfile { known, exists, .. } => {
                if !exists {
                    "write one with `minimax-tts config init`, then add a [profiles.NAME] table"
                        .into()
                } else if known.is_empty() {
                    "add a [profiles.NAME] table to the config file (see `minimax-tts config init`)"
                        .into()
                } else {
                    format!("known profiles: {}", known.join(", "))
                }
            }
            SettingsError::Environment { name, .. } => {
                format!("fix {name}, or unset it")
            }
            SettingsError::NoKey { provider, sources } => {
                let in_file = match sources.table {
                    "" => format!("put api_key = \"...\" in {}", sources.config),
                    table => format!(
                        "put api_key = \"...\" under {} in {}",
                        table.trim(),
                        sources.config
                    ),
                };
                let flag = if sources.flag {
                    ", pass --api-key-file PATH,"
                } else {
                    ""
                };
                format!(
                    "set {}{flag} or {in_file}; {}",
                    sources.env,
                    crate::engine::info(provider).key_hint
                )
            }
            SettingsError::BadKey { hint, .. } | SettingsError::Invalid { hint, .. } => hint,
        };
        CliError::usage(message).with_hint(hint)
    }
}

impl From<OutputError> for CliError {
    fn from(e: OutputError) -> CliError {
        let message = e.to_string();
        let (exit, hint) = match &e {
            OutputError::Terminal(None) => (
                ExitStatus::Usage,
                "redirect or pipe it (-o - > speech.mp3, -o - | player), or give a file name"
                    .to_string(),
            ),
            OutputError::Terminal(Some(_)) => (
                ExitStatus::Usage,
                "give a file name, or redirect the output".into(),
            ),
            OutputError::NamesDirectory(_) | OutputError::IsDirectory(_) => (
                ExitStatus::Usage,
                "give a file name, e.g. -o speech.mp3".into(),
            ),
            OutputError::Resolve { .. } => (ExitStatus::Usage, "check the output path".into()),
            OutputError::NoDirectory(dir) => (
                ExitStatus::Usage,
                format!("create it first (mkdir -p {})", dir.display()),
            ),
            OutputError::NotStdout => (ExitStatus::Usage, "give a file name".into()),
            OutputError::Temp { .. } => (
                ExitStatus::Failure,
                "check that the output directory is writable".into(),
            ),
            OutputError::Open { .. } | OutputError::Write { .. } => (
                ExitStatus::Failure,
                "check the output path and free space".into(),
            ),
        };
        CliError::new(exit, message).with_hint(hint)
    }
}

/// A sample, clip or image the user named cannot be used: fix the invocation (exit 2).
impl From<LoadError> for CliError {
    fn from(e: LoadError) -> CliError {
        let hint = match &e {
            LoadError::Io { .. } => "check the path and its permissions",
            LoadError::NotRegular(_) => "give a regular file (save a stream to a file first)",
            LoadError::TooLarge { .. } => "cut the recording shorter, or save it as MP3",
        };
        CliError::usage(e.to_string()).with_hint(hint)
    }
}

impl From<RegistryError> for CliError {
    fn from(e: RegistryError) -> CliError {
        let hint = match &e {
            RegistryError::NoDirectory => "set MINIMAX_TTS_STATE_DIR to a writable directory",
            RegistryError::Lock { .. } => {
                "check that the directory is writable, or set MINIMAX_TTS_STATE_DIR"
            }
            RegistryError::Damaged { .. } => "move it aside; jobs can still be fetched by task id",
            RegistryError::Read { .. } | RegistryError::Write { .. } => {
                "check the registry's directory, or set MINIMAX_TTS_STATE_DIR"
            }
        };
        CliError::failure(e.to_string()).with_hint(hint)
    }
}

impl From<InputError> for CliError {
    fn from(e: InputError) -> CliError {
        let message = e.to_string();
        match e {
            InputError::Read { .. } => {
                CliError::usage(message).with_hint("check the path given to -f")
            }
            InputError::NotUtf8 { .. } => {
                CliError::usage(message).with_hint("convert it first, e.g. iconv -t UTF-8")
            }
            InputError::Nothing => CliError::usage(message)
                .with_hint("pass the text as an argument, use -f FILE, or pipe it on stdin"),
            InputError::Stdin(_) => CliError::failure(message),
        }
    }
}

impl From<CacheError> for CliError {
    fn from(e: CacheError) -> CliError {
        match e {
            CacheError::Write(e) => e.into(),
            CacheError::Unwritable { .. } => CliError::failure(e.to_string()).with_hint(
                "check the cache directory's permissions, or pass --cache-dir DIR or --no-cache",
            ),
            other => CliError::failure(other.to_string()),
        }
    }
}

impl From<SettingsOrEngine> for CliError {
    fn from(e: SettingsOrEngine) -> CliError {
        match e {
            SettingsOrEngine::Settings(e) => e.into(),
            SettingsOrEngine::Engine(e) => e.into(),
        }
    }
}

/// An engine failure, with the sources of the key it used for auth hints.
pub fn with_key_sources(e: EngineError, sources: &KeySources) -> CliError {
    let auth = e.kind == ErrorKind::Auth;
    let mut cli = CliError::from(e);
    if auth {
        cli.hint = Some(format!(
            "{}; keys are read from {sources}",
            cli.hint.unwrap_or_default()
        ));
    }
    cli
}

/// A command's failure, with the key's sources added to an auth failure's hint.
pub fn attach_key_sources(err: anyhow::Error, sources: &KeySources) -> anyhow::Error {
    let engine = match err.downcast_ref::<SynthError>() {
        Some(SynthError::Engine(e)) => Some(e),
        Some(SynthError::Output(_)) => None,
        None => err.downcast_ref::<EngineError>(),
    };
    match engine {
        Some(e) if e.kind == ErrorKind::Auth => with_key_sources(e.clone(), sources).into(),
        _ => err,
    }
}

/// The one place where a failure below the command layer becomes what the user sees:
/// its exit code (from its kind and recovery) and its hint.
impl From<EngineError> for CliError {
    fn from(e: EngineError) -> CliError {
        let exit = match (e.kind, e.recovery) {
            (ErrorKind::Input, _) => ExitStatus::Usage,
            (ErrorKind::Output, _) => ExitStatus::Failure,
            // Not reaching the service (or a proxy refusing) is never the service's
            // refusal, whether or not it is worth retrying.
            (ErrorKind::Network, _) => ExitStatus::Network,
            // Refused for load, even when it was given up on: a later run may pass.
            (ErrorKind::RateLimit, _) => ExitStatus::Network,
            (_, Recovery::Fatal) => ExitStatus::Api,
            // A key refused twice is a refusal, not a network failure.
            (ErrorKind::Auth, _) => ExitStatus::Api,
            _ => ExitStatus::Network,
        };
        let gave_up = if exit == ExitStatus::Network && e.attempts > 1 {
            format!(" (gave up after {} attempts)", e.attempts)
        } else {
            String::new()
        };
        let generic = match e.kind {
            ErrorKind::Input | ErrorKind::BadRequest => "check the text and the options",
            ErrorKind::Auth => "check the API key",
            ErrorKind::Balance => "check the account's balance and plan",
            ErrorKind::RateLimit => "wait a minute, or raise --retries",
            ErrorKind::Content => "rephrase the text",
            ErrorKind::Server | ErrorKind::Network => "try again later",
            ErrorKind::Protocol => {
                "try again later; if it persists, report it with the output of -v"
            }
            ErrorKind::Output => "check the output path and free space",
        };
        let message = e.naming(flag_name);
        let hint = e.advice.unwrap_or_else(|| generic.to_string());
        CliError::new(exit, format!("{message}{gave_up}"))
            .with_status(e.status, e.trace_id)
            .with_hint(hint)
    }
}

impl From<SynthError> for CliError {
    fn from(e: SynthError) -> CliError {
        match e {
            SynthError::Engine(e) => e.into(),
            SynthError::Output(e) => {
                CliError::failure(format!("cannot write the audio output: {e}"))
            }
        }
    }
}

/// A failure of one unit of work (a batch row, a served request): what the user sees,
/// and its kind (a row refused for load is retried later; a server picks its status).
pub struct Failure {
    pub kind: Option<ErrorKind>,
    pub cli: CliError,
    /// The engine's failure, to word with the provider's key sources (boxed: most
    /// failures travel far, most have none).
    pub engine: Option<Box<crate::engine::EngineError>>,
}

impl From<crate::io::target::OutputError> for Failure {
    fn from(e: crate::io::target::OutputError) -> Failure {
        CliError::from(e).into()
    }
}

impl From<crate::store::cache::CacheError> for Failure {
    fn from(e: crate::store::cache::CacheError) -> Failure {
        CliError::from(e).into()
    }
}

impl From<SettingsError> for Failure {
    fn from(e: SettingsError) -> Failure {
        CliError::from(e).into()
    }
}

impl From<EngineError> for Failure {
    fn from(e: EngineError) -> Failure {
        Failure {
            kind: Some(e.kind),
            cli: CliError::from(e.clone()),
            engine: Some(Box::new(e)),
        }
    }
}

impl From<CliError> for Failure {
    fn from(cli: CliError) -> Failure {
        Failure {
            kind: None,
            cli,
            engine: None,
        }
    }
}

impl From<crate::engine::synth::SynthError> for Failure {
    fn from(e: crate::engine::synth::SynthError) -> Failure {
        let engine = match &e {
            crate::engine::synth::SynthError::Engine(e) => Some(Box::new(e.clone())),
            crate::engine::synth::SynthError::Output(_) => None,
        };
        Failure {
            kind: engine.as_ref().map(|e| e.kind),
            cli: e.into(),
            engine,
        }
    }
}

/// A failure worth explaining to the user. Anything else that reaches `main` is reported
/// as a generic failure (exit 1) with its cause chain.
#[derive(Clone, Debug)]
pub struct CliError {
    pub exit: ExitStatus,
    pub message: String,
    pub hint: Option<String>,
    /// MiniMax's `base_resp.status_code` (or the HTTP status of a refused handshake).
    pub status_code: Option<i64>,
    pub trace_id: Option<String>,
}

impl CliError {
    pub fn new(exit: ExitStatus, message: impl Into<String>) -> Self {
        CliError {
            exit,
            message: message.into(),
            hint: None,
            status_code: None,
            trace_id: None,
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ExitStatus::Usage, message)
    }

    pub fn failure(message: impl Into<String>) -> Self {
        Self::new(ExitStatus::Failure, message)
    }

    /// Stdout could not be written (a broken pipe is no error: `report` skips it).
    pub fn stdout(e: io::Error) -> Self {
        Self::failure(format!("cannot write to stdout: {e}"))
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_status(mut self, code: Option<i64>, trace_id: Option<String>) -> Self {
        self.status_code = code;
        self.trace_id = trace_id;
        self
    }

    pub fn interrupted(signal: Signal) -> Self {
        Self::new(
            ExitStatus::Interrupted(signal),
            format!("interrupted by {}", signal.name()),
        )
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        match (self.status_code, &self.trace_id) {
            (Some(code), Some(trace)) => write!(f, " (status {code}, trace id {trace})"),
            (Some(code), None) => write!(f, " (status {code})"),
            (None, Some(trace)) => write!(f, " (trace id {trace})"),
            (None, None) => Ok(()),
        }
    }
}

impl std::error::Error for CliError {}

/// Prints `err` to stderr in the documented shape and returns the exit status it maps to.
///
/// A broken pipe on stdout (`minimax-tts speak -o - | head -c 10`) is not an error worth
/// reporting: the reader went away on purpose, so exit quietly as ripgrep does. An
/// interrupt is not reported either: the user knows, and the shell shows it.
pub fn report(err: anyhow::Error) -> ExitStatus {
    if is_broken_pipe(&err) {
        return ExitStatus::Success;
    }
    match classify(err) {
        Ok(cli) => {
            if !matches!(cli.exit, ExitStatus::Interrupted(_)) {
                report::error(&cli, cli.hint.as_deref());
            }
            cli.exit
        }
        Err(err) => {
            report::error(&err, None);
            for cause in err.chain().skip(1) {
                report::error_detail(format_args!("caused by: {cause}"));
            }
            ExitStatus::Failure
        }
    }
}

/// The user-facing form of a failure of any layer, or the failure back when it is none
/// of them (a bug, reported with its cause chain).
pub fn classify(err: anyhow::Error) -> Result<CliError, anyhow::Error> {
    macro_rules! try_as {
        ($err:ident; $($t:ty),*) => {
            $(let $err = match $err.downcast::<$t>() {
                Ok(e) => return Ok(CliError::from(e)),
                Err(other) => other,
            };)*
        };
    }
    let err = match err.downcast::<CliError>() {
        Ok(cli) => return Ok(cli),
        Err(other) => other,
    };
    try_as!(err; SynthError, EngineError, SettingsError, OutputError, CacheError, RegistryError,
        InputError);
    Err(err)
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
