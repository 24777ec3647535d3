//! User-facing failures: what happened, what to do, and which exit code it maps to.

use std::fmt;
use std::io;

use crate::audio::sample::LoadError;
use crate::engine::advice::{Advice, Step};
use crate::engine::error::{EngineError, ErrorKind, Recovery};
use crate::engine::synth::SynthError;
use crate::exit::ExitStatus;
use crate::io::target::OutputError;
use crate::options::flag_name;
use crate::registry::RegistryError;
use crate::report;
use crate::settings::{KeySources, SettingsError, SettingsOrEngine};
use crate::signals::Signal;
use crate::spec::Provider;
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

/// An engine failure as `surface` words it, with the sources of the key it used for
/// auth hints.
pub fn with_key_sources(e: EngineError, sources: &KeySources, surface: Surface) -> CliError {
    let auth = e.kind == ErrorKind::Auth;
    let mut cli = CliError::engine(e, surface);
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
        Some(e) if e.kind == ErrorKind::Auth => {
            with_key_sources(e.clone(), sources, Surface::CommandLine).into()
        }
        _ => err,
    }
}

/// Where an error is read. Each surface names options, and words the advice about them,
/// its own way ([`advice_words`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Surface {
    /// The command line: flags (`--format`).
    CommandLine,
    /// A manifest row or a script line: its keys (`format`); what is no row's key is the
    /// command's flag.
    Manifest,
    /// `serve`: OpenAI's parameters (`response_format`); the rest is the server's own.
    OpenAi,
    /// `mcp`: the speak tool's arguments; the rest is the server's own.
    Mcp,
}

impl Surface {
    /// How this surface names an option, or `None` when its users cannot set it (a
    /// server's own setting).
    pub fn option(self, key: &str) -> Option<String> {
        match self {
            Surface::CommandLine => Some(flag_name(key)),
            Surface::Manifest => Some(key.to_string()),
            Surface::OpenAi => match key {
                "format" => Some("response_format".into()),
                "model" | "voice" | "speed" => Some(key.into()),
                _ => None,
            },
            Surface::Mcp => match key {
                "model" | "voice" | "speed" | "provider" => Some(key.into()),
                _ => None,
            },
        }
    }

    /// An option as a message names it.
    fn naming(self, key: &str) -> String {
        self.option(key)
            .unwrap_or_else(|| format!("the server's {key} setting"))
    }

    fn is_server(self) -> bool {
        matches!(self, Surface::OpenAi | Surface::Mcp)
    }
}

/// Advice in the words of `surface`: its steps one after the other, then its note.
pub fn advice_words(advice: &Advice, surface: Surface) -> String {
    let steps: Vec<String> = advice
        .steps
        .iter()
        .map(|step| step_words(step, surface))
        .collect();
    let mut words = steps.join(", or ");
    if let Some(note) = &advice.note {
        if !words.is_empty() {
            words.push_str("; ");
        }
        words.push_str(note);
    }
    words
}

/// A step about one option, named as `surface` names it (or as the server operator's).
fn option_step_words(step: &Step, surface: Surface) -> String {
    let name = |option: &str| surface.option(option);
    let operator = |what: String| format!("ask the server's operator to {what}");
    match step {
        Step::Use { option, value } => match (surface, name(option)) {
            (Surface::CommandLine, Some(flag)) => format!("use {flag} {value}"),
            (Surface::Mcp, None) if *option == "format" => {
                format!("give the output file the extension {value}")
            }
            (_, Some(name)) => format!("set {name} to {value}"),
            (_, None) => operator(format!("set {option} to {value}")),
        },
        Step::Give { option } => match (surface, name(option)) {
            (Surface::CommandLine, Some(flag)) => format!("pass {flag}"),
            (_, Some(name)) => format!("set {name}"),
            (_, None) => operator(format!("set {option}")),
        },
        Step::Add { option } => match name(option) {
            Some(name) => format!("add {name}"),
            None => operator(format!("turn on {option}")),
        },
        Step::Lower { option, example } => match name(option) {
            Some(name) => format!("lower {name} (e.g. {example})"),
            None => operator(format!("lower {option} (e.g. {example})")),
        },
        Step::Another { option } => match name(option) {
            Some(name) => format!("choose another {name}"),
            None => operator(format!("choose another {option}")),
        },
        Step::Drop { option } => match name(option) {
            Some(name) => format!("drop {name}"),
            None => operator(format!("drop {option} from its settings")),
        },
        Step::About { option, words } => format!("{} {words}", surface.naming(option)),
        // (The other steps name no option: `step_words` words them.)
        _ => String::new(),
    }
}

fn step_words(step: &Step, surface: Surface) -> String {
    let operator = |what: String| format!("ask the server's operator to {what}");
    match step {
        Step::Use { .. }
        | Step::Give { .. }
        | Step::Add { .. }
        | Step::Lower { .. }
        | Step::Another { .. }
        | Step::Drop { .. }
        | Step::About { .. } => option_step_words(step, surface),
        Step::Provider(provider) => {
            let provider = provider.flag_value();
            match surface {
                Surface::CommandLine => format!("use --provider {provider}"),
                Surface::Manifest | Surface::Mcp => format!("set provider to {provider}"),
                Surface::OpenAi => format!("prefix the model with {provider}/"),
            }
        }
        Step::Endpoint { region } => match (surface.is_server(), region) {
            (false, true) => "check --region and --base-url".into(),
            (false, false) => "check --base-url".into(),
            (true, true) => operator("check its region and base URL".into()),
            (true, false) => operator("check its base URL".into()),
        },
        Step::KeyRegion if surface.is_server() => operator("check its region: keys are region-locked (global for a key from platform.minimax.io, cn for one from platform.minimaxi.com)".into()),
        Step::KeyRegion => "try the other --region: keys are region-locked, so a key from platform.minimax.io needs --region global and one from platform.minimaxi.com needs --region cn".into(),
        Step::Proxy if surface.is_server() => operator("check its proxy".into()),
        Step::Proxy => "check the proxy (--proxy, HTTPS_PROXY, ALL_PROXY, or proxy in the config file), or bypass it with --no-proxy".into(),
        Step::RaiseTimeout if surface.is_server() => operator("allow the service longer to answer (its timeout)".into()),
        Step::RaiseTimeout => "raise --timeout".into(),
        Step::RaiseRetries if surface.is_server() => operator("allow more retries".into()),
        Step::RaiseRetries => "raise --retries".into(),
        Step::ListVoices(provider) => match surface {
            Surface::CommandLine | Surface::Manifest => match provider {
                Provider::Minimax => "list voices with `minimax-tts voices`".into(),
                Provider::Fish => "list voices with `minimax-tts voices --provider fish`".into(),
            },
            Surface::OpenAi => "use a voice id the server's operator lists with `minimax-tts voices`".into(),
            Surface::Mcp => "list voices with the voices tool".into(),
        },
        Step::ListOwnVoices(provider) => match surface {
            Surface::CommandLine | Surface::Manifest => match provider {
                Provider::Minimax => "list your voices with `minimax-tts voices --type cloned` (or --type designed)".into(),
                Provider::Fish => "list your models with `minimax-tts voices --provider fish --self`".into(),
            },
            Surface::OpenAi => "use a voice id the server's operator lists with `minimax-tts voices`".into(),
            Surface::Mcp => "list voices with the voices tool".into(),
        },
        Step::GiveText => match surface {
            Surface::CommandLine => "give some text as an argument, with -f FILE, or on stdin".into(),
            Surface::Manifest => "give the row some text (text or text_file)".into(),
            Surface::OpenAi => "give some input".into(),
            Surface::Mcp => "give some text".into(),
        },
        Step::WriteToFile => match surface {
            Surface::CommandLine | Surface::Manifest => {
                "write to a file with -o FILE instead: failed audio is then re-synthesized".into()
            }
            Surface::OpenAi => "request it again".into(),
            Surface::Mcp => "give an output file and play it from there".into(),
        },
        Step::SeeOptions => match surface {
            Surface::CommandLine => "see `minimax-tts speak --help`".into(),
            Surface::Manifest => "see `minimax-tts batch --help`".into(),
            Surface::OpenAi => "see the parameters this server reads: model, voice, input, response_format, speed".into(),
            Surface::Mcp => "see the speak tool's arguments".into(),
        },
        Step::ReportIt if surface.is_server() => "if it persists, report it with the server's log".into(),
        Step::ReportIt => "if it persists, report it with the output of -v".into(),
        Step::Say(words) => words.to_string(),
    }
}

/// The exit an engine's failure ends with: from its kind and recovery.
fn engine_exit(e: &EngineError) -> ExitStatus {
    match (e.kind, e.recovery) {
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
    }
}

/// The advice every failure of a kind gets when its engine gave none.
fn generic_advice(kind: ErrorKind) -> Advice {
    match kind {
        ErrorKind::Input | ErrorKind::BadRequest => Advice::say("check the text and the options"),
        ErrorKind::Auth => Advice::say("check the API key"),
        ErrorKind::Balance => Advice::say("check the account's balance and plan"),
        ErrorKind::RateLimit => Advice::say("wait a minute").or(Step::RaiseRetries),
        ErrorKind::Content => Advice::say("rephrase the text"),
        ErrorKind::Server | ErrorKind::Network => Advice::say("try again later"),
        ErrorKind::Protocol => Advice::say("try again later").or(Step::ReportIt),
        ErrorKind::Output => Advice::say("check the output path and free space"),
    }
}

impl CliError {
    /// The one place where a failure below the command layer becomes what the user
    /// sees: its exit code (from its kind and recovery), its message naming the option
    /// it is about, and its advice, both as `surface` words them.
    pub fn engine(e: EngineError, surface: Surface) -> CliError {
        let exit = engine_exit(&e);
        let gave_up = if exit == ExitStatus::Network && e.attempts > 1 {
            format!(" (gave up after {} attempts)", e.attempts)
        } else {
            String::new()
        };
        let message = e.naming(|key| surface.naming(key));
        let advice = e.advice.map_or_else(|| generic_advice(e.kind), |a| *a);
        CliError::new(exit, format!("{message}{gave_up}"))
            .with_status(e.status, e.trace_id)
            .with_hint(advice_words(&advice, surface))
    }
}

impl From<EngineError> for CliError {
    fn from(e: EngineError) -> CliError {
        CliError::engine(e, Surface::CommandLine)
    }
}

/// A row's problem in one line, as a manifest (or a script) words it: an option named by
/// its key, and the engine's own advice after it.
pub fn row_problem(e: SettingsOrEngine) -> String {
    match e {
        SettingsOrEngine::Settings(e) => e.to_string(),
        SettingsOrEngine::Engine(e) => {
            let message = e.naming(|key| Surface::Manifest.naming(key));
            match &e.advice {
                Some(advice) => format!("{message}; {}", advice_words(advice, Surface::Manifest)),
                None => message,
            }
        }
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

impl Failure {
    /// The failure as `surface` words it (an engine's, re-worded; with the sources of the
    /// key for an auth failure).
    pub fn worded(&self, surface: Surface, sources: Option<&KeySources>) -> CliError {
        match (&self.engine, sources) {
            (Some(e), Some(sources)) => with_key_sources((**e).clone(), sources, surface),
            (Some(e), None) => CliError::engine((**e).clone(), surface),
            (None, _) => self.cli.clone(),
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

#[cfg(test)]
mod tests {
    use super::{CliError, Surface, advice_words};
    use crate::engine::advice::{Advice, Step};
    use crate::engine::error::EngineError;
    use crate::spec::Provider;

    const SURFACES: [Surface; 4] = [
        Surface::CommandLine,
        Surface::Manifest,
        Surface::OpenAi,
        Surface::Mcp,
    ];

    #[test]
    fn one_advice_is_worded_by_each_surface_in_its_own_names() {
        let advice = Advice::to(Step::use_value("format", "mp3, wav, pcm or flac"))
            .or(Step::Provider(Provider::Fish));
        let words: Vec<String> = SURFACES.iter().map(|s| advice_words(&advice, *s)).collect();
        assert_eq!(
            words,
            [
                "use --format mp3, wav, pcm or flac, or use --provider fish",
                "set format to mp3, wav, pcm or flac, or set provider to fish",
                "set response_format to mp3, wav, pcm or flac, or prefix the model with fish/",
                "give the output file the extension mp3, wav, pcm or flac, or set provider to fish",
            ]
        );
    }

    #[test]
    fn a_servers_clients_are_never_told_a_flag_they_cannot_pass() {
        let steps = [
            Step::use_value("sample_rate", "32000"),
            Step::Give {
                option: "sample_rate",
            },
            Step::Add {
                option: "noise_reduction",
            },
            Step::Lower {
                option: "accuracy",
                example: "0.5".into(),
            },
            Step::Another { option: "model" },
            Step::Drop { option: "channels" },
            Step::About {
                option: "vol",
                words: "is a gain factor".into(),
            },
            Step::Provider(Provider::Minimax),
            Step::Endpoint { region: true },
            Step::KeyRegion,
            Step::Proxy,
            Step::ListVoices(Provider::Fish),
            Step::ListOwnVoices(Provider::Minimax),
            Step::GiveText,
            Step::WriteToFile,
            Step::SeeOptions,
            Step::ReportIt,
            Step::RaiseTimeout,
            Step::RaiseRetries,
        ];
        for step in steps {
            for surface in [Surface::OpenAi, Surface::Mcp] {
                let words = advice_words(&Advice::to(step.clone()), surface);
                assert!(!words.contains("--"), "{surface:?} {step:?}: {words}");
                assert!(!words.contains(" -v"), "{surface:?} {step:?}: {words}");
            }
            let cli = advice_words(&Advice::to(step.clone()), Surface::CommandLine);
            assert!(!cli.is_empty());
        }
        // What only the operator sets is said to be the operator's.
        assert_eq!(
            advice_words(&Step::RaiseTimeout.into(), Surface::OpenAi),
            "ask the server's operator to allow the service longer to answer (its timeout)"
        );
    }

    #[test]
    fn an_engine_error_names_its_option_and_advice_as_the_surface_does() {
        let e = EngineError::option(
            "emotion",
            "is a MiniMax option; Fish Audio has no such setting",
            Advice::to(Step::Drop { option: "emotion" }).or(Step::Provider(Provider::Minimax)),
        );
        let cli = CliError::engine(e.clone(), Surface::CommandLine);
        assert_eq!(
            cli.message,
            "--emotion is a MiniMax option; Fish Audio has no such setting"
        );
        assert_eq!(
            cli.hint.as_deref(),
            Some("drop --emotion, or use --provider minimax")
        );
        let row = CliError::engine(e.clone(), Surface::Manifest);
        assert_eq!(
            row.message,
            "emotion is a MiniMax option; Fish Audio has no such setting"
        );
        assert_eq!(
            row.hint.as_deref(),
            Some("drop emotion, or set provider to minimax")
        );
        let served = CliError::engine(e, Surface::OpenAi);
        assert!(
            served
                .message
                .starts_with("the server's emotion setting is")
        );
        assert_eq!(
            served.hint.as_deref(),
            Some(
                "ask the server's operator to drop emotion from its settings, or prefix the model with minimax/"
            )
        );
    }
}
