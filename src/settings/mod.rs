//! The one resolution of settings: row > flag > environment > profile > config file >
//! default, over the one options schema ([`crate::options`]).
//!
//! [`Settings::load`] reads the config file once and the environment once; [`Resolved`]
//! is one provider's view of them (its host, key, retry policy), made as often as a
//! batch needs providers without reading anything again. Nothing below this module
//! looks at the command line's or the config file's structs.

pub mod describe;
pub mod file;

use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

use clap::ValueEnum;

use crate::audio::Backend;
use crate::engine::minimax::region::RegionProbe;
use crate::engine::net::Endpoint;
use crate::engine::proxy::ProxySettings;
use crate::engine::retry::RetryPolicy;
use crate::engine::{self, Connection, ProviderEngine, ProviderInfo};
use crate::options::{
    AccessOptions, CacheOptions, Combine, PlaybackOptions, RunOptions, VoiceOptions,
};
use crate::spec::{AudioFormat, PlayMode, Provider, Region, SubtitleType, SynthesisSpec};
use file::{ConfigFile, Layer, ProviderTable, expand_home};

const DEFAULT_PREROLL: Duration = Duration::from_millis(60);
const DEFAULT_STALL: Duration = Duration::from_secs(5);

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
    fn invalid(message: impl Into<String>, hint: impl Into<String>) -> SettingsError {
        SettingsError::Invalid {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// Where one provider's key is looked for: travels with the errors that need it.
#[derive(Clone, Debug)]
pub struct KeySources {
    /// Whether `--api-key-file` applies to this provider (it does to the selected one).
    pub flag: bool,
    pub env: &'static str,
    /// `[fish] ` for a provider whose keys are in a table.
    pub table: &'static str,
    pub config: String,
}

impl std::fmt::Display for KeySources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.flag {
            f.write_str("--api-key-file, ")?;
        }
        write!(
            f,
            "the {} environment variable, or {}api_key / api_key_file in {}",
            self.env, self.table, self.config
        )
    }
}

/// The API key. Its `Debug` never shows it.
#[derive(Clone)]
pub struct ApiKey {
    key: String,
    /// Where it was found (`MINIMAX_API_KEY`, a file, the config file).
    pub source: String,
}

impl ApiKey {
    /// Refuses a key that cannot go into an HTTP header (a control character or space
    /// pasted in with it), naming where it came from, never the key.
    fn checked(key: String, source: &str) -> Result<ApiKey, SettingsError> {
        if let Some(bad) = key.chars().find(|c| !c.is_ascii_graphic()) {
            let what = if bad.is_ascii_control() {
                "a control character"
            } else if bad.is_whitespace() {
                "a space"
            } else {
                "a non-ASCII character"
            };
            return Err(SettingsError::BadKey {
                message: format!("the API key from {source} contains {what}"),
                hint: "copy the key again from the provider's console; it is one line of letters, digits and punctuation".into(),
            });
        }
        Ok(ApiKey {
            key,
            source: source.to_string(),
        })
    }

    pub fn expose(&self) -> &str {
        &self.key
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

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
    fn access(info: &ProviderInfo) -> Result<AccessOptions, SettingsError> {
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

const PROXY_HINT: &str = "use e.g. http://proxy.example:3128 or socks5h://127.0.0.1:1080";

/// Everything read once per run: the command line's settings, the environment, the
/// config file with the profile laid over it.
#[derive(Debug)]
pub struct Settings {
    pub cli: CommandLine,
    pub env: Environment,
    pub config_path: Option<PathBuf>,
    /// How the config file is named in messages.
    shown_config: String,
    pub profile: Option<String>,
    /// The file as written (to tell a profile's setting from the top level's).
    pub file: ConfigFile,
    /// The file's top level with the profile laid over it.
    pub layer: Layer,
    /// The provider the command line (else environment, profile, file) selects.
    pub provider: Provider,
    /// What the user should know about the settings (printed once, at the top).
    pub warnings: Vec<String>,
}

impl Settings {
    /// Reads the environment and the config file, once.
    pub fn load(cli: CommandLine) -> Result<Settings, SettingsError> {
        let env = Environment::read()?;
        let (config_path, explicit) = config_location(&cli);
        let file = match &config_path {
            Some(path) => ConfigFile::read(path, explicit)?,
            None => ConfigFile::default(),
        };
        let shown_config = config_path.as_deref().map_or_else(
            || "the config file".to_string(),
            |p| p.display().to_string(),
        );
        let profile = cli
            .profile
            .clone()
            .or_else(|| env.profile.clone())
            .filter(|p| !p.trim().is_empty());
        let layer = file.layer(profile.as_deref()).map_err(|e| match e {
            SettingsError::UnknownProfile { name, known, .. } => SettingsError::UnknownProfile {
                name,
                known,
                exists: config_path.as_deref().is_some_and(Path::exists),
                file: config_path.clone(),
            },
            other => other,
        })?;
        // A Fish-only key at the top level would apply to MiniMax, which refuses it
        // (MiniMax's own rules say which keys those are): refused here, where it is.
        for (where_, layer) in std::iter::once(("", &file.top)).chain(
            file.profiles
                .iter()
                .map(|(name, layer)| (name.as_str(), layer)),
        ) {
            if let Err(e) = engine::build_spec(
                Provider::Minimax,
                &layer.minimax.voice,
                AudioFormat::Mp3,
                None,
            ) && let Some(key) = e.option
            {
                let table = if where_.is_empty() {
                    "at the top level".to_string()
                } else {
                    format!("in [profiles.{where_}]")
                };
                let fish_table = if where_.is_empty() {
                    "[fish]".to_string()
                } else {
                    format!("[profiles.{where_}.fish]")
                };
                return Err(SettingsError::invalid(
                    format!("{shown_config}: {key} {table} {}", e.message),
                    format!(
                        "the top level holds MiniMax's settings (and format, speed and vol for both): move {key} under {fish_table}"
                    ),
                ));
            }
        }
        let mut warnings = Vec::new();
        if let Some(path) = &config_path
            && file.holds_a_key()
            && is_world_readable(path)
        {
            warnings.push(format!(
                "the config file {} holds an API key and every user on this machine can read it; run: chmod 600 {}",
                path.display(),
                path.display()
            ));
        }
        let provider = cli
            .run
            .provider
            .or(env.run.provider)
            .or(layer.run.provider)
            .unwrap_or_default();
        Ok(Settings {
            cli,
            env,
            config_path,
            shown_config,
            profile,
            file,
            layer,
            provider,
            warnings,
        })
    }

    /// The run-wide options, merged: flag > environment > profile > file.
    fn run(&self) -> RunOptions {
        self.cli
            .run
            .clone()
            .combine(self.env.run.clone())
            .combine(self.layer.run.clone())
    }

    /// One provider's table of the (profiled) config file.
    fn table(&self, provider: Provider) -> &ProviderTable {
        match provider {
            Provider::Minimax => &self.layer.minimax,
            Provider::Fish => &self.layer.fish,
        }
    }

    /// The config file's voice settings for `provider`: its own table over the top
    /// level's shared ones.
    pub fn file_voice(&self, provider: Provider) -> VoiceOptions {
        match provider {
            Provider::Minimax => self.layer.minimax.voice.clone(),
            Provider::Fish => self
                .layer
                .fish
                .voice
                .clone()
                .combine(self.layer.minimax.voice.shared()),
        }
    }

    /// `provider`'s view of the settings.
    pub fn resolve(self: &Rc<Self>, provider: Provider) -> Result<Resolved, SettingsError> {
        let info = engine::info(provider);
        let run = self.run();
        let selected = provider == self.provider;
        let flags = if selected {
            self.cli.access.clone()
        } else {
            AccessOptions::default()
        };
        let env_access = Environment::access(info)?;
        let file_access = &self.table(provider).access;
        let sources = KeySources {
            flag: selected,
            env: info.key_env,
            table: info.table,
            config: self.shown_config.clone(),
        };
        let (endpoint, region_probe) = match provider {
            Provider::Minimax => self.minimax_endpoint(&flags, &env_access, &run)?,
            Provider::Fish => {
                if self.cli.run.region.is_some() {
                    return Err(SettingsError::invalid(
                        "--region is MiniMax's; Fish Audio has one host",
                        "drop --region, or use --base-url for a gateway",
                    ));
                }
                (self.base_url(info, &flags, &env_access, file_access)?, None)
            }
        };
        let api_key = self.api_key(&flags, &env_access, file_access, provider, &sources);
        let retries = run.retries.unwrap_or(RetryPolicy::DEFAULT_RETRIES);
        let timeout = run.timeout.unwrap_or_default();
        let api = ApiSettings {
            endpoint,
            region_probe,
            timeout: Duration::from_secs_f64(timeout.get()),
            retry: RetryPolicy::new(retries, self.env.backoff.unwrap_or(DEFAULT_BACKOFF)),
            key_sources: sources,
            keepalive: self.env.keepalive.unwrap_or(DEFAULT_KEEPALIVE),
            proxy: self.proxy(&run)?,
            poll_interval: self.env.poll.unwrap_or(DEFAULT_POLL),
        };
        Ok(Resolved {
            provider,
            settings: Rc::clone(self),
            api,
            api_key,
        })
    }

    /// `--base-url` (or the provider's variable), else the provider's `base_url` in the
    /// file, else the provider's host.
    fn base_url(
        &self,
        info: &ProviderInfo,
        flags: &AccessOptions,
        env: &AccessOptions,
        file: &AccessOptions,
    ) -> Result<Endpoint, SettingsError> {
        if let Some(url) = flags.base_url.as_ref().or(env.base_url.as_ref()) {
            return Endpoint::parse(url).map_err(|e| {
                SettingsError::invalid(
                    e,
                    format!(
                        "use e.g. --base-url {} (or {})",
                        info.default_base_url, info.base_url_env
                    ),
                )
            });
        }
        match &file.base_url {
            Some(url) => Endpoint::parse(url).map_err(|e| self.file_problem("base_url", info, e)),
            None => Ok(info.endpoint()),
        }
    }

    fn file_problem(&self, key: &str, info: &ProviderInfo, e: String) -> SettingsError {
        SettingsError::invalid(
            format!("{}: {}{key}: {e}", self.shown_config, info.table),
            "fix or remove that setting in the config file",
        )
    }

    /// MiniMax: `--base-url` (or `MINIMAX_BASE_URL`), else `--region` (or
    /// `MINIMAX_REGION`), else the config file's `base_url`, else its `region` (hosts
    /// from `[regions]` when given), else global with a probe of cn.
    fn minimax_endpoint(
        &self,
        flags: &AccessOptions,
        env: &AccessOptions,
        run: &RunOptions,
    ) -> Result<(Endpoint, Option<RegionChoice>), SettingsError> {
        let info = engine::info(Provider::Minimax);
        // A base URL on the command line or in the environment wins over a region; one in
        // the file only when no region is set anywhere.
        if flags.base_url.is_some()
            || env.base_url.is_some()
            || (run.region.is_none() && self.layer.minimax.access.base_url.is_some())
        {
            return self
                .base_url(info, flags, env, &self.layer.minimax.access)
                .map(|e| (e, None));
        }
        let Some(region) = run.region else {
            // Nothing chose a region: start global, and try cn once if the key is refused.
            let other = (Region::Cn, self.region_url(Region::Cn)?);
            return Ok((
                self.region_url(Region::Global)?,
                Some((Region::Global, other)),
            ));
        };
        Ok((self.region_url(region)?, None))
    }

    /// A region's host: the config file's `[regions]` entry, else MiniMax's.
    fn region_url(&self, region: Region) -> Result<Endpoint, SettingsError> {
        let regions = &self.layer.regions;
        let configured = match region {
            Region::Global => regions.global.as_deref(),
            Region::Cn => regions.cn.as_deref(),
        };
        match configured {
            Some(url) => Endpoint::parse(url).map_err(|e| {
                SettingsError::invalid(
                    format!("{}: [regions]: {e}", self.shown_config),
                    "fix or remove that setting in the config file",
                )
            }),
            None => Ok(crate::engine::minimax::region_endpoint(region)),
        }
    }

    /// `--no-proxy` or `--proxy ''` → direct; `--proxy URL` → that proxy for everything;
    /// else the environment's proxies (curl's variables); else the config file's `proxy`.
    fn proxy(&self, run: &RunOptions) -> Result<ProxySettings, SettingsError> {
        let malformed = |e: String| SettingsError::invalid(e, PROXY_HINT);
        if self.cli.no_proxy {
            return Ok(ProxySettings::Direct);
        }
        if let Some(url) = &self.cli.run.proxy {
            return match url.trim() {
                "" => Ok(ProxySettings::Direct),
                url => ProxySettings::all(url, "--proxy").map_err(malformed),
            };
        }
        if self.env.proxy != ProxySettings::Direct {
            return Ok(self.env.proxy.clone());
        }
        match run.proxy.as_deref().map(str::trim) {
            None | Some("") => Ok(ProxySettings::Direct),
            Some(url) => ProxySettings::all(url, "proxy in the config file").map_err(malformed),
        }
    }

    fn api_key(
        &self,
        flags: &AccessOptions,
        env: &AccessOptions,
        file: &AccessOptions,
        provider: Provider,
        sources: &KeySources,
    ) -> Result<ApiKey, SettingsError> {
        let env_name = sources.env;
        if let Some(path) = &flags.api_key_file {
            return read_key_file(path, "--api-key-file", env_name);
        }
        if let Some(value) = &env.api_key {
            return ApiKey::checked(value.clone(), env_name);
        }
        let table = sources.table;
        if let Some(path) = &file.api_key_file {
            let source = format!("{table}api_key_file in the config file");
            return read_key_file(&expand_home(path), &source, env_name);
        }
        if let Some(key) = file.api_key.as_deref().map(str::trim) {
            if key.is_empty() {
                return Err(SettingsError::invalid(
                    format!("{}: {table}api_key is empty", self.shown_config),
                    "fix or remove that setting in the config file",
                ));
            }
            return ApiKey::checked(
                key.to_string(),
                &format!("{table}api_key in the config file"),
            );
        }
        Err(SettingsError::NoKey {
            provider,
            sources: sources.clone(),
        })
    }
}

fn read_key_file(path: &Path, source: &str, env: &str) -> Result<ApiKey, SettingsError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        SettingsError::invalid(
            format!(
                "cannot read the API key file {} ({source}): {e}",
                path.display()
            ),
            format!("check the path, or set {env} instead"),
        )
    })?;
    let key = text.lines().next().unwrap_or("").trim();
    if key.is_empty() {
        return Err(SettingsError::invalid(
            format!("the API key file {} is empty", path.display()),
            "put the key on the first line of the file",
        ));
    }
    ApiKey::checked(key.to_string(), &format!("{} ({source})", path.display()))
}

const DEFAULT_BACKOFF: Duration = Duration::from_secs(1);
/// How often an idle stream session is pinged; it is closed (and reopened on demand)
/// after three intervals without text, well before MiniMax's 120 s idle limit.
const DEFAULT_KEEPALIVE: Duration = Duration::from_secs(30);
const DEFAULT_POLL: Duration = Duration::from_secs(2);

/// The region a default host belongs to, and the other region to try once.
pub type RegionChoice = (Region, (Region, Endpoint));

/// Where and how to talk to the service.
#[derive(Clone, Debug)]
pub struct ApiSettings {
    pub endpoint: Endpoint,
    /// Without a region set anywhere: the default's region and the other one to try.
    pub region_probe: Option<RegionChoice>,
    pub timeout: Duration,
    pub retry: RetryPolicy,
    /// Where keys are looked for, for hints.
    pub key_sources: KeySources,
    pub keepalive: Duration,
    /// How connections reach the service.
    pub proxy: ProxySettings,
    /// How often an async job is polled at first (MiniMax suggests every 2–5 s).
    pub poll_interval: Duration,
}

impl ApiSettings {
    /// MiniMax's host for this run, probing the other region when none was chosen.
    pub fn minimax_host(&self) -> Rc<RegionProbe> {
        Rc::new(match &self.region_probe {
            Some((region, other)) => {
                RegionProbe::probing(*region, self.endpoint.clone(), other.clone())
            }
            None => RegionProbe::fixed(self.endpoint.clone()),
        })
    }
}

/// How to play.
#[derive(Clone, Debug)]
pub struct PlaybackSettings {
    pub mode: PlayMode,
    pub device: Option<String>,
    /// The output: the device, or the emulated one the test suite chose.
    pub backend: Backend,
    pub preroll: Duration,
    /// How long a device may take no audio before playback gives up.
    pub stall: Duration,
}

/// One provider's settings, resolved.
#[derive(Debug)]
pub struct Resolved {
    pub provider: Provider,
    pub settings: Rc<Settings>,
    pub api: ApiSettings,
    /// Resolved now, reported only by commands that need a key.
    api_key: Result<ApiKey, SettingsError>,
}

impl Resolved {
    /// Reads the settings and resolves them for the selected provider.
    pub fn load(cli: CommandLine) -> Result<Resolved, SettingsError> {
        let settings = Rc::new(Settings::load(cli)?);
        settings.resolve(settings.provider)
    }

    pub fn profile(&self) -> Option<&str> {
        self.settings.profile.as_deref()
    }

    pub fn config_path(&self) -> Option<&Path> {
        self.settings.config_path.as_deref()
    }

    /// The API key, or why there is none.
    pub fn api_key(&self) -> Result<ApiKey, SettingsError> {
        self.api_key.clone()
    }

    /// The client for MiniMax's HTTP endpoints (voices, asynchronous jobs, files).
    pub fn minimax_http(
        &self,
    ) -> Result<crate::engine::minimax::http::HttpClient, SettingsOrEngine> {
        let api_key = self.api_key().map_err(SettingsOrEngine::Settings)?;
        crate::engine::minimax::http::HttpClient::new(
            self.api.minimax_host(),
            api_key.expose(),
            self.api.retry,
            self.api.timeout,
            &self.api.proxy,
        )
        .map_err(SettingsOrEngine::Engine)
    }

    /// The client for Fish Audio's HTTP endpoints (voice models, design, credit).
    pub fn fish_http(&self) -> Result<crate::engine::fish::http::FishHttp, SettingsOrEngine> {
        let api_key = self.api_key().map_err(SettingsOrEngine::Settings)?;
        crate::engine::fish::http::FishHttp::new(
            &self.api.endpoint,
            api_key.expose(),
            self.api.retry,
            self.api.timeout,
            &self.api.proxy,
        )
        .map_err(SettingsOrEngine::Engine)
    }

    /// Refuses a command that only one provider offers, before anything else happens.
    pub fn require(&self, provider: Provider, what: &str) -> Result<(), SettingsError> {
        if self.provider == provider {
            return Ok(());
        }
        Err(SettingsError::invalid(
            format!(
                "{what} is {}'s; the provider here is {}",
                provider.name(),
                self.provider.name()
            ),
            format!(
                "use --provider {} (or unset MINIMAX_TTS_PROVIDER / provider in the config file)",
                provider.flag_value()
            ),
        ))
    }

    /// The transport for synthesis: the flag, else the config file, else WebSocket.
    /// Fish Audio is reached over its live WebSocket only.
    pub fn transport(&self) -> Result<crate::spec::Transport, SettingsError> {
        use crate::spec::Transport;
        match self.provider {
            Provider::Minimax => Ok(self.settings.run().transport.unwrap_or_default()),
            Provider::Fish if self.settings.cli.run.transport == Some(Transport::Http) => {
                Err(SettingsError::invalid(
                    "--transport http is MiniMax's; Fish Audio is reached over its live WebSocket",
                    "drop --transport",
                ))
            }
            Provider::Fish => Ok(Transport::Ws),
        }
    }

    /// The engine for `model` (whose text rules may differ) with `api_key`.
    pub fn engine(&self, model: &str, api_key: &str) -> Result<ProviderEngine, SettingsOrEngine> {
        let transport = self.transport().map_err(SettingsOrEngine::Settings)?;
        let host = match self.provider {
            Provider::Minimax => self.api.minimax_host(),
            Provider::Fish => Rc::new(RegionProbe::fixed(self.api.endpoint.clone())),
        };
        let connection = Connection {
            host,
            api_key,
            timeout: self.api.timeout,
            proxy: &self.api.proxy,
        };
        ProviderEngine::new(self.provider, connection, transport, model)
            .map_err(SettingsOrEngine::Engine)
    }

    /// The cache directory: the flag (or `MINIMAX_TTS_CACHE_DIR`), else the config
    /// file's `cache_dir`, else the platform's cache directory.
    pub fn cache_dir(&self, flag: &CacheOptions) -> Result<PathBuf, SettingsError> {
        flag.cache_dir
            .clone()
            .or_else(|| self.settings.env.cache_dir.clone())
            .or_else(|| {
                self.settings
                    .layer
                    .cache
                    .cache_dir
                    .as_deref()
                    .map(expand_home)
            })
            .or_else(crate::store::cache::default_dir)
            .ok_or_else(|| {
                SettingsError::invalid(
                    "there is no cache directory on this system",
                    "pass --cache-dir DIR, or --no-cache",
                )
            })
    }

    /// The audio cache the flags ask for (`--no-cache`: none), at [`Resolved::cache_dir`].
    pub fn cache(
        &self,
        flag: &CacheOptions,
        no_cache: bool,
    ) -> Result<Option<crate::store::cache::Cache>, SettingsError> {
        match no_cache {
            true => Ok(None),
            false => Ok(Some(crate::store::cache::Cache::new(self.cache_dir(flag)?))),
        }
    }

    pub fn playback(&self, flags: &PlaybackOptions) -> Result<PlaybackSettings, SettingsError> {
        let merged = flags.clone().combine(self.settings.layer.playback.clone());
        let env = &self.settings.env;
        let backend = Backend::choose(env.audio_sink.as_deref(), merged.device.clone())
            .map_err(|e| SettingsError::invalid(e, format!("unset {}", Backend::ENV)))?;
        Ok(PlaybackSettings {
            mode: merged.play.unwrap_or(PlayMode::Auto),
            device: merged.device,
            backend,
            preroll: merged
                .preroll
                .map_or(DEFAULT_PREROLL, Duration::from_millis),
            stall: env.stall.unwrap_or(DEFAULT_STALL),
        })
    }

    /// How finished files are finished: the flags (or a row) over the config file.
    pub fn finishing(&self, over: &crate::options::FinishOptions) -> crate::spec::Finishing {
        over.clone()
            .combine(self.settings.layer.finish.clone())
            .finishing()
    }

    /// The directory of this user's own state (the job registry, learned rate limits):
    /// `MINIMAX_TTS_STATE_DIR`, else the platform's state (or local data) directory.
    pub fn state_dir(&self) -> Option<PathBuf> {
        self.settings.env.state_dir.clone().or_else(|| {
            dirs::state_dir()
                .or_else(dirs::data_local_dir)
                .map(|d| d.join("minimax-tts"))
        })
    }

    /// Where the async job registry lives.
    pub fn registry_path(&self) -> Option<PathBuf> {
        self.state_dir().map(|dir| dir.join("jobs.json"))
    }

    /// The synthesis spec from `over` (the flags, or a manifest row over them) over the
    /// config file's settings for this provider, for output to `output` (whose extension
    /// may name the format). The provider builds it, refusing what it has no use for.
    pub fn synthesis(
        &self,
        over: &VoiceOptions,
        subtitles: Option<SubtitleType>,
        output: Option<&Path>,
    ) -> Result<SynthesisSpec, SettingsOrEngine> {
        let file = self.settings.file_voice(self.provider);
        let format =
            output_format(over.format, output, file.format).map_err(SettingsOrEngine::Settings)?;
        let merged = over.clone().combine(file);
        engine::build_spec(self.provider, &merged, format, subtitles)
            .map_err(SettingsOrEngine::Engine)
    }
}

/// A spec can fail on a setting (format from the extension) or on the provider's rules.
#[derive(Debug)]
pub enum SettingsOrEngine {
    Settings(SettingsError),
    Engine(crate::engine::EngineError),
}

impl SettingsOrEngine {
    /// In one line, as a manifest row (or a request of manifest keys) words it: an
    /// option named by its key.
    pub fn keyed(&self) -> String {
        match self {
            SettingsOrEngine::Settings(e) => e.to_string(),
            SettingsOrEngine::Engine(e) => e.naming(str::to_string),
        }
    }
}

/// The format to produce, by the one rule every command and surface follows: the format
/// asked for (a flag, a row's key), else the output's extension, else the config, else
/// mp3. An extension that names another format than the one asked for is refused (the
/// file would lie about what it holds); one that names no format needs the format asked.
pub fn output_format(
    asked: Option<AudioFormat>,
    output: Option<&Path>,
    configured: Option<AudioFormat>,
) -> Result<AudioFormat, SettingsError> {
    let ext = output
        .filter(|p| p.as_os_str() != "-")
        .and_then(Path::extension)
        .map(|ext| ext.to_string_lossy());
    let named = ext.as_deref().and_then(AudioFormat::from_extension);
    match (asked, named, ext) {
        (Some(asked), Some(named), _) if asked != named => Err(SettingsError::invalid(
            format!(
                "the file name {} says {}, but the format asked for is {}",
                crate::report::sanitized(&output.unwrap_or(Path::new("")).display().to_string()),
                named.name(),
                asked.name()
            ),
            format!(
                "make them agree: name the file .{}, or ask for {}",
                asked.name(),
                named.name()
            ),
        )),
        (Some(asked), _, _) => Ok(asked),
        (None, Some(named), _) => Ok(named),
        (None, None, Some(ext)) => Err(SettingsError::invalid(
            format!("cannot tell the audio format from the extension '.{ext}'"),
            "use .mp3, .wav, .flac, .pcm or .opus, or pass --format",
        )),
        (None, None, None) => Ok(configured.unwrap_or(AudioFormat::Mp3)),
    }
}

/// A millisecond count from a test knob; malformed is an error, not ignored.
fn env_millis(name: &'static str) -> Result<Option<Duration>, SettingsError> {
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

/// Whether others than the owner and the group may read the file. (Windows keeps
/// access in ACLs, which a user's profile directory restores to its owner: not checked.)
#[cfg(unix)]
fn is_world_readable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o004 != 0)
}

#[cfg(not(unix))]
fn is_world_readable(_: &Path) -> bool {
    false
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_with_control_characters_are_refused() {
        assert!(ApiKey::checked("sk-api-abc".into(), "test").is_ok());
        for bad in ["sk\u{1b}x", "sk x", "sk\tx", "ключ"] {
            let err = ApiKey::checked(bad.into(), "test").unwrap_err();
            assert!(!err.to_string().contains(bad));
        }
    }

    #[test]
    fn api_key_debug_is_redacted() {
        let key = ApiKey {
            key: "secret".into(),
            source: "test".into(),
        };
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
    }

    #[test]
    fn key_sources_name_the_flag_only_for_the_selected_provider() {
        let mut sources = KeySources {
            flag: true,
            env: "FISH_API_KEY",
            table: "[fish] ",
            config: "c.toml".into(),
        };
        assert!(
            sources
                .to_string()
                .starts_with("--api-key-file, the FISH_API_KEY")
        );
        sources.flag = false;
        assert!(sources.to_string().starts_with("the FISH_API_KEY"));
    }

    #[test]
    fn format_follows_flag_then_extension_then_config() {
        let mp3 = Some(Path::new("a.mp3"));
        // A name that says another format than the one asked for is refused.
        let lie = output_format(Some(AudioFormat::Wav), mp3, None).unwrap_err();
        assert!(
            lie.to_string()
                .contains("a.mp3 says mp3, but the format asked for is wav")
        );
        assert_eq!(
            output_format(Some(AudioFormat::Mp3), Some(Path::new("A.MP3")), None).unwrap(),
            AudioFormat::Mp3
        );
        assert_eq!(
            output_format(Some(AudioFormat::Wav), Some(Path::new("a.bin")), None).unwrap(),
            AudioFormat::Wav
        );
        assert_eq!(output_format(None, mp3, None).unwrap(), AudioFormat::Mp3);
        assert_eq!(
            output_format(None, Some(Path::new("-")), Some(AudioFormat::Pcm)).unwrap(),
            AudioFormat::Pcm
        );
        assert!(output_format(None, Some(Path::new("a.m4a")), None).is_err());
        assert_eq!(
            output_format(None, Some(Path::new("a.ogg")), None).unwrap(),
            AudioFormat::Opus
        );
    }
}
