//! What the command line and the environment give, read once; where the config file is.

use std::path::PathBuf;
use std::time::Duration;

use clap::ValueEnum;

use super::*;
use crate::engine::ProviderInfo;
use crate::engine::proxy::ProxySettings;
use crate::options::{AccessOptions, RunOptions};
use crate::spec::{Provider, Region};

/// What the command line gives, apart from the command itself.
#[derive(Clone, Debug, Default)]
pub struct CommandLine {
    pub run: RunOptions,
    /// Applies to the provider the command line selects, only.
    pub access: AccessOptions,
    pub no_proxy: bool,
    pub profile: Option<String>,
    pub config: Option<PathBuf>,
}

/// The environment, read once. Test-only knobs are here too: a malformed value is a
/// usage error, never silently ignored.
#[derive(Clone, Debug)]
pub struct Environment {
    pub run: RunOptions,
    pub profile: Option<String>,
    pub cache_dir: Option<PathBuf>,
    pub proxy: ProxySettings,
    /// Retry backoff (`MINIMAX_TTS_BACKOFF_MS`, for the test suite's fast failures).
    pub backoff: Option<Duration>,
    /// Idle ping interval (`MINIMAX_TTS_KEEPALIVE_MS`).
    pub keepalive: Option<Duration>,
    /// First async poll interval (`MINIMAX_TTS_POLL_MS`).
    pub poll: Option<Duration>,
    /// How long a device may take no audio before playback gives up
    /// (`MINIMAX_TTS_STALL_MS`).
    pub stall: Option<Duration>,
    /// How long `serve` waits for a request body (`MINIMAX_TTS_BODY_TIMEOUT_MS`).
    pub body_timeout: Option<Duration>,
    /// An emulated audio device instead of the real one (`MINIMAX_TTS_AUDIO_SINK`).
    pub audio_sink: Option<String>,
    /// Where the user's own state lives: the async job registry, learned rate limits
    /// (`MINIMAX_TTS_STATE_DIR`).
    pub state_dir: Option<PathBuf>,
}

impl Environment {
    pub fn read() -> Result<Environment, SettingsError> {
        /// A choice from a variable; a value that is none of them is an error.
        fn choice<T: ValueEnum>(
            name: &'static str,
            expected: &str,
        ) -> Result<Option<T>, SettingsError> {
            env_value(name)
                .map(|v| {
                    T::from_str(&v, true).map_err(|_| SettingsError::Environment {
                        name,
                        value: v.clone(),
                        expected: expected.into(),
                    })
                })
                .transpose()
        }
        let provider = choice::<Provider>("MINIMAX_TTS_PROVIDER", "minimax or fish")?;
        let region = choice::<Region>("MINIMAX_REGION", "global or cn")?;
        let proxy = ProxySettings::from_env().map_err(|e| SettingsError::invalid(e, PROXY_HINT))?;
        Ok(Environment {
            run: RunOptions {
                provider,
                region,
                ..RunOptions::default()
            },
            profile: env_value("MINIMAX_TTS_PROFILE"),
            cache_dir: env_value("MINIMAX_TTS_CACHE_DIR").map(PathBuf::from),
            proxy,
            backoff: env_millis("MINIMAX_TTS_BACKOFF_MS")?,
            keepalive: env_millis("MINIMAX_TTS_KEEPALIVE_MS")?,
            poll: env_millis("MINIMAX_TTS_POLL_MS")?,
            stall: env_millis("MINIMAX_TTS_STALL_MS")?,
            body_timeout: env_millis("MINIMAX_TTS_BODY_TIMEOUT_MS")?,
            audio_sink: std::env::var(crate::audio::Backend::ENV).ok(),
            state_dir: env_value("MINIMAX_TTS_STATE_DIR").map(PathBuf::from),
        })
    }

    /// A provider's own variables: its key and its host.
    pub(super) fn access(info: &ProviderInfo) -> Result<AccessOptions, SettingsError> {
        let api_key = match std::env::var_os(info.key_env) {
            Some(value) => {
                let value = value.to_string_lossy().trim().to_string();
                if value.is_empty() {
                    return Err(SettingsError::invalid(
                        format!("{} is set but empty", info.key_env),
                        format!(
                            "export {}=<your key>, or unset it to use the config file",
                            info.key_env
                        ),
                    ));
                }
                Some(value)
            }
            None => None,
        };
        Ok(AccessOptions {
            api_key,
            api_key_file: None,
            base_url: env_value(info.base_url_env),
        })
    }
}

pub(super) const PROXY_HINT: &str =
    "use e.g. http://proxy.example:3128 or socks5h://127.0.0.1:1080";

/// A millisecond count from a test knob; malformed is an error, not ignored.
pub(super) fn env_millis(name: &'static str) -> Result<Option<Duration>, SettingsError> {
    match env_value(name) {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(|ms| Some(Duration::from_millis(ms)))
            .map_err(|_| SettingsError::Environment {
                name,
                value: v,
                expected: "a whole number of milliseconds".into(),
            }),
    }
}

/// An environment variable that is set and not blank.
pub fn env_value(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Where the config file is, and whether it was named (`--config`, `MINIMAX_TTS_CONFIG`).
pub fn config_location(cli: &CommandLine) -> (Option<PathBuf>, bool) {
    match &cli.config {
        Some(path) => (Some(path.clone()), true),
        None => (default_config_path(), false),
    }
}

/// `<config dir>/minimax-tts/config.toml` (e.g. `~/.config/minimax-tts/config.toml`).
pub fn default_config_path() -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join("minimax-tts").join("config.toml"))
}
