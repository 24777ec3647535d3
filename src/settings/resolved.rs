//! [`Resolved`]: one provider's settings, resolved (its host, key, retry policy, the
//! spec of a request), and the one rule for a name against the format asked for.

use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

use super::file::expand_home;
use super::*;
use crate::audio::Backend;
use crate::engine::minimax::region::RegionProbe;
use crate::engine::net::Endpoint;
use crate::engine::proxy::ProxySettings;
use crate::engine::retry::RetryPolicy;
use crate::engine::{self, Connection, ProviderEngine};
use crate::options::{CacheOptions, Combine, PlaybackOptions, VoiceOptions};
use crate::spec::{AudioFormat, PlayMode, Provider, Region, SubtitleType, SynthesisSpec};

pub(super) const DEFAULT_PREROLL: Duration = Duration::from_millis(60);
pub(super) const DEFAULT_STALL: Duration = Duration::from_secs(5);

pub(super) const DEFAULT_BACKOFF: Duration = Duration::from_secs(1);
/// How often an idle stream session is pinged; it is closed (and reopened on demand)
/// after three intervals without text, well before MiniMax's 120 s idle limit.
pub(super) const DEFAULT_KEEPALIVE: Duration = Duration::from_secs(30);
pub(super) const DEFAULT_POLL: Duration = Duration::from_secs(2);

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
    pub(super) api_key: Result<ApiKey, SettingsError>,
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
