//! Configuration: the API key, the host, and defaults for voice and audio options.
//! Precedence: command-line flag > environment variable > config file > built-in default.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::cli::{Emotion, GlobalArgs, OutputFormat, PlayMode, Region};
use crate::error::CliError;
use crate::protocol::Endpoint;
use crate::protocol::retry::RetryPolicy;

pub const GLOBAL_BASE_URL: &str = "https://api.minimax.io";
pub const CN_BASE_URL: &str = "https://api.minimaxi.com";
pub const DEFAULT_TIMEOUT_SECS: f64 = 60.0;
const DEFAULT_BACKOFF: Duration = Duration::from_secs(1);

/// The config file (TOML). Unknown keys are refused so typos don't go unnoticed.
#[derive(Deserialize, Default, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub api_key: Option<String>,
    pub api_key_file: Option<PathBuf>,
    pub region: Option<Region>,
    pub base_url: Option<String>,
    pub retries: Option<u32>,
    pub timeout: Option<f64>,
    pub play: Option<PlayMode>,
    pub device: Option<String>,
    pub preroll: Option<u64>,
    pub model: Option<String>,
    pub voice: Option<String>,
    pub speed: Option<f64>,
    pub vol: Option<f64>,
    pub pitch: Option<i32>,
    pub emotion: Option<Emotion>,
    pub language_boost: Option<String>,
    pub english_normalization: Option<bool>,
    pub pronounce: Option<Vec<String>>,
    pub sample_rate: Option<u32>,
    pub bitrate: Option<u32>,
    pub channels: Option<u8>,
    pub format: Option<OutputFormat>,
}

/// The API key. Its `Debug` never shows it.
#[derive(Clone)]
pub struct ApiKey(String);

impl ApiKey {
    /// Refuses a key that cannot go into an HTTP header (a control character or space
    /// pasted in with it): a usage error naming where it came from, never the key.
    fn checked(key: String, source: &str) -> Result<ApiKey, CliError> {
        if let Some(bad) = key.chars().find(|c| !c.is_ascii_graphic()) {
            let what = if bad.is_ascii_control() {
                "a control character"
            } else if bad.is_whitespace() {
                "a space"
            } else {
                "a non-ASCII character"
            };
            return Err(CliError::usage(format!(
                "the API key from {source} contains {what}"
            ))
            .with_hint("copy the key again from MiniMax's console; it is one line of letters, digits and punctuation"));
        }
        Ok(ApiKey(key))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// Everything a command needs to know about where and how to talk to MiniMax.
#[derive(Debug)]
pub struct Context {
    pub global: GlobalArgs,
    pub file: ConfigFile,
    /// The config file in effect (it may not exist).
    pub config_path: Option<PathBuf>,
}

impl Context {
    pub fn load(global: GlobalArgs) -> Result<Context, CliError> {
        let (config_path, explicit) = match &global.config {
            Some(path) => (Some(path.clone()), true),
            None => (default_config_path(), false),
        };
        let file = match &config_path {
            Some(path) => read_config(path, explicit)?,
            None => ConfigFile::default(),
        };
        Ok(Context {
            global,
            file,
            config_path,
        })
    }

    pub fn config_error(&self, what: impl std::fmt::Display) -> CliError {
        let path = self
            .config_path
            .as_deref()
            .map_or_else(|| "config file".to_string(), |p| p.display().to_string());
        CliError::usage(format!("{path}: {what}"))
            .with_hint("fix or remove that setting in the config file")
    }

    pub fn endpoint(&self) -> Result<Endpoint, CliError> {
        if let Some(url) = &self.global.base_url {
            return Endpoint::parse(url).map_err(|e| {
                CliError::usage(e)
                    .with_hint("use e.g. --base-url https://api.minimax.io (or MINIMAX_BASE_URL)")
            });
        }
        let region = self.global.region.or(self.file.region);
        if region.is_none()
            && let Some(url) = &self.file.base_url
        {
            return Endpoint::parse(url).map_err(|e| self.config_error(format!("base_url: {e}")));
        }
        let url = match region.unwrap_or(Region::Global) {
            Region::Global => GLOBAL_BASE_URL,
            Region::Cn => CN_BASE_URL,
        };
        Endpoint::parse(url).map_err(CliError::failure)
    }

    /// Where keys are looked for, for error hints.
    pub fn key_sources(&self) -> String {
        let config = self.config_path.as_deref().map_or_else(
            || "the config file".to_string(),
            |p| p.display().to_string(),
        );
        format!(
            "--api-key-file, the MINIMAX_API_KEY environment variable, or api_key / api_key_file in {config}"
        )
    }

    pub fn api_key(&self) -> Result<ApiKey, CliError> {
        if let Some(path) = &self.global.api_key_file {
            return read_key_file(path, "--api-key-file");
        }
        if let Some(value) = std::env::var_os("MINIMAX_API_KEY") {
            let value = value.to_string_lossy().trim().to_string();
            if value.is_empty() {
                return Err(
                    CliError::usage("MINIMAX_API_KEY is set but empty").with_hint(
                        "export MINIMAX_API_KEY=<your key>, or unset it to use the config file",
                    ),
                );
            }
            return ApiKey::checked(value, "MINIMAX_API_KEY");
        }
        if let Some(path) = &self.file.api_key_file {
            return read_key_file(&expand_home(path), "api_key_file in the config file");
        }
        if let Some(key) = self.file.api_key.as_deref().map(str::trim) {
            if key.is_empty() {
                return Err(self.config_error("api_key is empty"));
            }
            return ApiKey::checked(key.to_string(), "api_key in the config file");
        }
        let config = self.config_path.as_deref().map_or_else(
            || "the config file".to_string(),
            |p| p.display().to_string(),
        );
        Err(CliError::usage("no MiniMax API key found").with_hint(format!(
            "set MINIMAX_API_KEY, pass --api-key-file PATH, or put api_key = \"...\" in {config}; \
             keys are region-locked: platform.minimax.io keys use --region global, platform.minimaxi.com keys --region cn"
        )))
    }

    pub fn retry_policy(&self) -> RetryPolicy {
        let retries = self
            .global
            .retries
            .or(self.file.retries)
            .unwrap_or(RetryPolicy::DEFAULT_RETRIES);
        // Undocumented knob for the test suite, which injects failures and must not sleep.
        let base = std::env::var("MINIMAX_TTS_BACKOFF_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(DEFAULT_BACKOFF, Duration::from_millis);
        RetryPolicy::new(retries, base)
    }

    /// How often an idle stream session is pinged; it is closed (and reopened on demand)
    /// after three intervals without text, well before MiniMax's 120 s idle limit.
    pub fn keepalive(&self) -> Duration {
        // Undocumented knob for the test suite, which uses a fake server with a short limit.
        std::env::var("MINIMAX_TTS_KEEPALIVE_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(Duration::from_secs(30), Duration::from_millis)
    }

    pub fn timeout(&self) -> Result<Duration, CliError> {
        let secs = match (self.global.timeout, self.file.timeout) {
            (Some(t), _) => t,
            (None, Some(t)) => crate::settings::check_timeout(t)
                .map_err(|e| self.config_error(format!("timeout: {e}")))?,
            (None, None) => DEFAULT_TIMEOUT_SECS,
        };
        Ok(Duration::from_secs_f64(secs))
    }
}

/// `<config dir>/minimax-tts/config.toml` (e.g. `~/.config/minimax-tts/config.toml`).
pub fn default_config_path() -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join("minimax-tts").join("config.toml"))
}

fn read_config(path: &Path, explicit: bool) -> Result<ConfigFile, CliError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
            return Ok(ConfigFile::default());
        }
        Err(e) => {
            return Err(CliError::usage(format!(
                "cannot read config file {}: {e}",
                path.display()
            ))
            .with_hint("check --config / MINIMAX_TTS_CONFIG"));
        }
    };
    toml::from_str(&text).map_err(|e| {
        CliError::usage(format!(
            "invalid config file {}: {}",
            path.display(),
            e.message()
        ))
        .with_hint("see the Configuration section of README.md for the accepted keys")
    })
}

fn read_key_file(path: &Path, source: &str) -> Result<ApiKey, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::usage(format!(
            "cannot read the API key file {} ({source}): {e}",
            path.display()
        ))
        .with_hint("check the path, or set MINIMAX_API_KEY instead")
    })?;
    let key = text.lines().next().unwrap_or("").trim();
    if key.is_empty() {
        return Err(
            CliError::usage(format!("the API key file {} is empty", path.display()))
                .with_hint("put the key on the first line of the file"),
        );
    }
    ApiKey::checked(key.to_string(), &format!("{} ({source})", path.display()))
}

/// `~/x` in the config file means the home directory, as in a shell.
fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), dirs::home_dir()) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_file_parses_and_refuses_typos() {
        let config: ConfigFile = toml::from_str(
            "api_key = \"k\"\nregion = \"cn\"\nvoice = \"v\"\nspeed = 1.5\nformat = \"wav\"\nretries = 5\n",
        )
        .unwrap();
        assert_eq!(config.region, Some(Region::Cn));
        assert_eq!(config.format, Some(OutputFormat::Wav));
        assert!(toml::from_str::<ConfigFile>("vioce = \"x\"").is_err());
    }

    #[test]
    fn keys_with_control_characters_are_refused() {
        assert!(ApiKey::checked("sk-api-abc".into(), "test").is_ok());
        for bad in ["sk\u{1b}x", "sk x", "sk\tx", "ключ"] {
            let err = ApiKey::checked(bad.into(), "test").unwrap_err();
            assert_eq!(err.exit, crate::exit::ExitStatus::Usage);
            assert!(!err.message.contains(bad));
        }
    }

    #[test]
    fn home_is_expanded_in_paths() {
        let home = dirs::home_dir().unwrap();
        assert_eq!(expand_home(Path::new("~/k.txt")), home.join("k.txt"));
        assert_eq!(expand_home(Path::new("/k.txt")), PathBuf::from("/k.txt"));
    }

    #[test]
    fn api_key_debug_is_redacted() {
        assert_eq!(
            format!("{:?}", ApiKey("secret".into())),
            "ApiKey(<redacted>)"
        );
    }
}
