//! The one resolution step: command-line flag > environment variable > config file >
//! built-in default, done once into plain values that commands receive.
//!
//! Nothing below this module looks at clap's or the config file's structs.

use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

use clap::ValueEnum;

use crate::cli::{GlobalArgs, PlaybackArgs, VoiceArgs};
use crate::config::{ConfigFile, FishConfig};
use crate::engine::minimax::region::RegionProbe;
use crate::engine::net::{Endpoint, ProxySettings};
use crate::engine::retry::RetryPolicy;
use crate::engine::{fish, minimax};
use crate::error::CliError;
use crate::spec::{
    AudioFormat, Bitrate, FishExtras, MiniMaxExtras, PlayMode, Provider, Region, SampleRate,
    SubtitleType, SynthesisSpec, Transport, VoiceEffects,
};

const DEFAULT_BACKOFF: Duration = Duration::from_secs(1);
/// How often an idle stream session is pinged; it is closed (and reopened on demand)
/// after three intervals without text, well before MiniMax's 120 s idle limit.
const DEFAULT_KEEPALIVE: Duration = Duration::from_secs(30);
const DEFAULT_PREROLL: Duration = Duration::from_millis(60);
const DEFAULT_POLL: Duration = Duration::from_secs(2);

/// The API key. Its `Debug` never shows it.
#[derive(Clone)]
pub struct ApiKey {
    key: String,
    /// Where it was found (`MINIMAX_API_KEY`, a file, the config file).
    pub source: String,
}

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
            .with_hint("copy the key again from the provider's console; it is one line of letters, digits and punctuation"));
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

/// Where and how to talk to the service.
#[derive(Clone, Debug)]
pub struct ApiSettings {
    pub endpoint: Endpoint,
    /// Without a region set anywhere: the default's region and the other one to try.
    pub region_probe: Option<RegionChoice>,
    pub timeout: Duration,
    pub retry: RetryPolicy,
    /// Where keys are looked for, for hints.
    pub key_sources: String,
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
    pub preroll: Duration,
}

/// Everything global, resolved: what every command may need.
#[derive(Debug)]
pub struct Resolved {
    /// The speech service, and where and how to reach it.
    pub provider: Provider,
    /// The config file's profile in use.
    pub profile: Option<String>,
    /// The config file as written (before the profile was laid over it), to tell where
    /// a setting came from.
    top: ConfigFile,
    pub api: ApiSettings,
    /// Resolved now, reported only by commands that need a key.
    api_key: Result<ApiKey, CliError>,
    pub config_path: Option<PathBuf>,
    file: ConfigFile,
    /// The `[fish]` table (empty when absent).
    fish: FishConfig,
}

impl Resolved {
    /// Reads the config file and resolves the global settings.
    pub fn load(global: &GlobalArgs) -> Result<Resolved, CliError> {
        let (config_path, explicit) = config_location(global);
        let file = match &config_path {
            Some(path) => ConfigFile::read(path, explicit)?,
            None => ConfigFile::default(),
        };
        let shown_config = config_path.as_deref().map_or_else(
            || "the config file".to_string(),
            |p| p.display().to_string(),
        );
        let profile = global
            .profile
            .clone()
            .or_else(|| env_value("MINIMAX_TTS_PROFILE"))
            .filter(|p| !p.trim().is_empty());
        let top = file.clone();
        let file = match &profile {
            Some(name) => file.with_profile(name, &shown_config)?,
            None => file,
        };
        let retries = global
            .retries
            .or(file.retries)
            .unwrap_or(RetryPolicy::DEFAULT_RETRIES);
        // Undocumented knobs for the test suite, which injects failures and uses a fake
        // server with short limits: it must not sleep for seconds.
        let backoff = env_millis("MINIMAX_TTS_BACKOFF_MS").unwrap_or(DEFAULT_BACKOFF);
        let keepalive = env_millis("MINIMAX_TTS_KEEPALIVE_MS").unwrap_or(DEFAULT_KEEPALIVE);
        let timeout = global.timeout.or(file.timeout).unwrap_or_default();
        let provider_env = match env_value("MINIMAX_TTS_PROVIDER") {
            Some(name) => Some(Provider::from_str(&name, true).map_err(|_| {
                CliError::usage(format!(
                    "MINIMAX_TTS_PROVIDER is '{name}', not minimax or fish"
                ))
                .with_hint("export MINIMAX_TTS_PROVIDER=minimax (or fish), or unset it")
            })?),
            None => None,
        };
        let provider = global
            .provider
            .or(provider_env)
            .or(file.provider)
            .unwrap_or_default();
        let fish = file.fish.clone().unwrap_or_default();
        let keys = match provider {
            Provider::Minimax => KeyPlaces {
                env: "MINIMAX_API_KEY",
                key: file.api_key.as_deref(),
                key_file: file.api_key_file.as_deref(),
                table: "",
                hint: "keys are region-locked: platform.minimax.io keys use --region global, platform.minimaxi.com keys --region cn",
            },
            Provider::Fish => KeyPlaces {
                env: "FISH_API_KEY",
                key: fish.api_key.as_deref(),
                key_file: fish.api_key_file.as_deref(),
                table: "[fish] ",
                hint: "create a key at https://fish.audio/app/api-keys",
            },
        };
        let (endpoint, region_probe) = match provider {
            Provider::Minimax => minimax_endpoint(global, &file, &shown_config)?,
            Provider::Fish => (fish_endpoint(global, &fish, &shown_config)?, None),
        };
        let api = ApiSettings {
            endpoint,
            region_probe,
            timeout: Duration::from_secs_f64(timeout.get()),
            retry: RetryPolicy::new(retries, backoff),
            key_sources: format!(
                "--api-key-file, the {} environment variable, or {}api_key / api_key_file in {shown_config}",
                keys.env, keys.table
            ),
            keepalive,
            proxy: proxy(global, &file)?,
            poll_interval: env_millis("MINIMAX_TTS_POLL_MS").unwrap_or(DEFAULT_POLL),
        };
        let api_key = api_key(global, &keys, provider, &shown_config);
        crate::error::set_key_sources(&api.key_sources);
        Ok(Resolved {
            provider,
            profile,
            top,
            api,
            api_key,
            config_path,
            file,
            fish,
        })
    }

    /// Refuses a command that only one provider offers, before anything else happens.
    pub fn require(&self, provider: Provider, what: &str) -> Result<(), CliError> {
        if self.provider == provider {
            return Ok(());
        }
        Err(CliError::usage(format!(
            "{what} is {}'s; the provider here is {}",
            provider.name(),
            self.provider.name()
        ))
        .with_hint(format!(
            "use --provider {} (or unset MINIMAX_TTS_PROVIDER / provider in the config file)",
            provider.flag_value()
        )))
    }

    /// The API key, or why there is none.
    pub fn api_key(&self) -> Result<ApiKey, CliError> {
        match &self.api_key {
            Ok(key) => Ok(key.clone()),
            Err(e) => Err(e.clone()),
        }
    }

    /// The transport for synthesis: the flag, else the config file, else WebSocket.
    /// Fish Audio is reached over its live WebSocket only.
    pub fn transport(&self, flag: Option<Transport>) -> Result<Transport, CliError> {
        match self.provider {
            Provider::Minimax => Ok(flag.or(self.file.transport).unwrap_or_default()),
            Provider::Fish if flag == Some(Transport::Http) => Err(CliError::usage(
                "--transport http is MiniMax's; Fish Audio is reached over its live WebSocket",
            )
            .with_hint("drop --transport")),
            Provider::Fish => Ok(Transport::Ws),
        }
    }

    /// The cache directory: the flag (or `MINIMAX_TTS_CACHE_DIR`), else the config
    /// file's `cache_dir`, else the platform's cache directory.
    pub fn cache_dir(&self, flag: Option<&Path>) -> Result<PathBuf, CliError> {
        flag.map(Path::to_path_buf)
            .or_else(|| env_value("MINIMAX_TTS_CACHE_DIR").map(PathBuf::from))
            .or_else(|| self.file.cache_dir.as_deref().map(expand_home))
            .or_else(crate::cache::default_dir)
            .ok_or_else(|| {
                CliError::usage("there is no cache directory on this system")
                    .with_hint("pass --cache-dir DIR, or --no-cache")
            })
    }

    pub fn playback(&self, args: &PlaybackArgs) -> PlaybackSettings {
        PlaybackSettings {
            mode: args.play.or(self.file.play).unwrap_or(PlayMode::Auto),
            device: args.device.clone().or_else(|| self.file.device.clone()),
            preroll: args
                .preroll
                .or(self.file.preroll)
                .map_or(DEFAULT_PREROLL, Duration::from_millis),
        }
    }

    /// The synthesis spec from the voice and audio flags over the config file's defaults,
    /// for output to `output` (whose extension may name the format). Each provider takes
    /// its own settings from the file (MiniMax's at the top level, Fish's in `[fish]`);
    /// a flag the provider has no use for is refused, by `check_spec` or here.
    pub fn synthesis(
        &self,
        format: Option<AudioFormat>,
        voice: &VoiceArgs,
        subtitles: Option<SubtitleType>,
        output: Option<&Path>,
    ) -> Result<SynthesisSpec, CliError> {
        let format = output_format(format, output, self.file.format)?;
        let file = &self.file;
        let mut spec = SynthesisSpec {
            provider: self.provider,
            model: String::new(),
            voice: None,
            speed: voice.speed.or(file.speed).unwrap_or_default(),
            volume: voice.vol.or(file.vol).unwrap_or_default(),
            pitch: voice.pitch.unwrap_or_default(),
            format,
            sample_rate: SampleRate::DEFAULT,
            bitrate: Bitrate::DEFAULT,
            channels: voice.channels.unwrap_or_default(),
            language: voice.language_boost.clone(),
            pronunciations: voice.pronounce.clone(),
            subtitles,
            minimax: MiniMaxExtras {
                emotion: voice.emotion,
                english_normalization: voice.english_normalization,
                effects: VoiceEffects {
                    pitch: voice.effect_pitch,
                    intensity: voice.effect_intensity,
                    timbre: voice.effect_timbre,
                    sound: voice.sound_effect,
                },
            },
            fish: FishExtras::default(),
        };
        match self.provider {
            Provider::Minimax => {
                let fish_flags = [
                    (voice.latency.is_some(), "--latency"),
                    (voice.chunk_length.is_some(), "--chunk-length"),
                    (voice.temperature.is_some(), "--temperature"),
                    (voice.top_p.is_some(), "--top-p"),
                    (voice.no_normalize, "--no-normalize"),
                ];
                if let Some((_, flag)) = fish_flags.iter().find(|(given, _)| *given) {
                    return Err(CliError::usage(format!(
                        "{flag} is a Fish Audio option; MiniMax has no such setting"
                    ))
                    .with_hint("drop it, or add --provider fish"));
                }
                spec.model = voice
                    .model
                    .clone()
                    .or_else(|| file.model.clone())
                    .unwrap_or_else(|| minimax::DEFAULT_MODEL.to_string());
                spec.voice = Some(
                    voice
                        .voice
                        .clone()
                        .or_else(|| file.voice.clone())
                        .unwrap_or_else(|| minimax::DEFAULT_VOICE.to_string()),
                );
                spec.pitch = voice.pitch.or(file.pitch).unwrap_or_default();
                spec.sample_rate = voice.sample_rate.or(file.sample_rate).unwrap_or_default();
                spec.bitrate = voice.bitrate.or(file.bitrate).unwrap_or_default();
                spec.channels = voice.channels.or(file.channels).unwrap_or_default();
                spec.language = voice
                    .language_boost
                    .clone()
                    .or_else(|| file.language_boost.clone());
                spec.pronunciations = file.pronounce.clone().unwrap_or_default();
                spec.pronunciations.extend(voice.pronounce.iter().cloned());
                spec.minimax.emotion = voice.emotion.or(file.emotion);
                spec.minimax.english_normalization =
                    voice.english_normalization || file.english_normalization.unwrap_or(false);
            }
            Provider::Fish => {
                let fish = &self.fish;
                spec.model = voice
                    .model
                    .clone()
                    .or_else(|| fish.model.clone())
                    .unwrap_or_else(|| fish::DEFAULT_MODEL.to_string());
                spec.voice = voice.voice.clone().or_else(|| fish.voice.clone());
                let default_rate = if format == AudioFormat::Opus {
                    48000
                } else {
                    44100
                };
                spec.sample_rate = match voice.sample_rate.or(fish.sample_rate) {
                    Some(rate) => rate,
                    None => SampleRate::try_from(default_rate).map_err(CliError::usage)?,
                };
                spec.bitrate = voice.bitrate.or(fish.bitrate).unwrap_or_default();
                let defaults = FishExtras::default();
                spec.fish = FishExtras {
                    latency: voice.latency.or(fish.latency).unwrap_or(defaults.latency),
                    chunk_length: voice.chunk_length.or(fish.chunk_length).unwrap_or_default(),
                    normalize: !voice.no_normalize && fish.normalize.unwrap_or(true),
                    temperature: voice.temperature.or(fish.temperature).unwrap_or_default(),
                    top_p: voice.top_p.or(fish.top_p).unwrap_or_default(),
                };
            }
        }
        if spec.model.trim().is_empty() {
            return Err(CliError::usage("the model name is empty").with_hint(
                "e.g. --model speech-2.8-hd (MiniMax) or --model s2.1-pro-free (Fish)",
            ));
        }
        if spec.voice.as_deref().is_some_and(|v| v.trim().is_empty()) {
            return Err(CliError::usage("the voice id is empty")
                .with_hint("list voices with `minimax-tts voices`"));
        }
        Ok(spec)
    }
}

/// One setting in effect, and where it came from.
#[derive(Debug, Clone)]
pub struct Described {
    pub name: &'static str,
    pub value: String,
    pub source: String,
}

impl Resolved {
    /// Where a setting came from: the flag, an environment variable, the profile, the
    /// config file (top level, or `table`), or the default.
    fn origin(&self, flag: bool, env: &[&str], table: Option<&str>, key: &str) -> String {
        if flag {
            return "flag".into();
        }
        if let Some(name) = env.iter().find(|n| env_value(n).is_some()) {
            return format!("environment ({name})");
        }
        if let Some(profile) = &self.profile
            && self.top.sets(Some(profile), table, key)
        {
            return format!("profile {profile}");
        }
        if self.top.sets(None, table, key) {
            return "config file".into();
        }
        "default".into()
    }

    /// The settings every command starts from, with their sources. Keys are shown only
    /// as "set".
    pub fn describe(&self, global: &GlobalArgs) -> Vec<Described> {
        let fish = self.provider == Provider::Fish;
        let table = fish.then_some("fish");
        let mut out = Vec::new();
        let mut add = |name: &'static str, value: String, source: String| {
            out.push(Described {
                name,
                value,
                source,
            })
        };
        let (path, _) = config_location(global);
        let exists = path.as_deref().is_some_and(Path::exists);
        add(
            "config file",
            path.as_deref().map_or_else(
                || "none (no config directory)".into(),
                |p| {
                    format!(
                        "{}{}",
                        p.display(),
                        if exists { "" } else { " (does not exist)" }
                    )
                },
            ),
            self.origin(
                global.config.is_some() && env_value("MINIMAX_TTS_CONFIG").is_none(),
                &["MINIMAX_TTS_CONFIG"],
                None,
                "",
            ),
        );
        add(
            "profile",
            self.profile.clone().unwrap_or_else(|| "none".into()),
            self.origin(global.profile.is_some(), &["MINIMAX_TTS_PROFILE"], None, ""),
        );
        add(
            "provider",
            self.provider.flag_value().into(),
            self.origin(
                global.provider.is_some(),
                &["MINIMAX_TTS_PROVIDER"],
                None,
                "provider",
            ),
        );
        let (key_value, key_source) = match &self.api_key {
            Ok(key) => ("set".to_string(), key.source.clone()),
            Err(e) => (format!("not set ({})", e.message), "none".into()),
        };
        add("api key", key_value, key_source);
        let host = self.api.endpoint.http_url("");
        let (host_value, host_source) = if fish {
            (
                host,
                self.origin(
                    global.base_url.is_some(),
                    &["FISH_BASE_URL"],
                    table,
                    "base_url",
                ),
            )
        } else if let Some((region, (other, _))) = &self.api.region_probe {
            (
                format!(
                    "{host} ({} region; the {} region is tried if the key is refused there)",
                    region_label(*region),
                    region_label(*other)
                ),
                "default".into(),
            )
        } else {
            let base = self.origin(
                global.base_url.is_some(),
                &["MINIMAX_BASE_URL"],
                None,
                "base_url",
            );
            let source = if base == "default" {
                self.origin(global.region.is_some(), &["MINIMAX_REGION"], None, "region")
            } else {
                base
            };
            (host, source)
        };
        add("host", host_value, host_source);
        add(
            "proxy",
            match &self.api.proxy {
                ProxySettings::Direct => "none (direct)".into(),
                ProxySettings::All { proxy, .. } => proxy.shown(),
                ProxySettings::Env { https, http, .. } => format!(
                    "https: {}, http: {}",
                    https.as_ref().map_or("none".into(), |p| p.shown()),
                    http.as_ref().map_or("none".into(), |p| p.shown())
                ),
            },
            self.origin(
                global.proxy.is_some() || global.no_proxy,
                &[
                    "https_proxy",
                    "HTTPS_PROXY",
                    "http_proxy",
                    "HTTP_PROXY",
                    "all_proxy",
                    "ALL_PROXY",
                ],
                None,
                "proxy",
            ),
        );
        if !fish {
            add(
                "transport",
                format!("{:?}", self.file.transport.unwrap_or_default()).to_lowercase(),
                self.origin(false, &[], None, "transport"),
            );
        }
        let text = |v: Option<String>, default: &str| v.unwrap_or_else(|| default.to_string());
        let (voice, model) = if fish {
            (
                text(self.fish.voice.clone(), "Fish's default"),
                text(self.fish.model.clone(), fish::DEFAULT_MODEL),
            )
        } else {
            (
                text(self.file.voice.clone(), minimax::DEFAULT_VOICE),
                text(self.file.model.clone(), minimax::DEFAULT_MODEL),
            )
        };
        add("voice", voice, self.origin(false, &[], table, "voice"));
        add("model", model, self.origin(false, &[], table, "model"));
        add(
            "format",
            self.file
                .format
                .map_or("from the output's extension, else mp3".into(), |f| {
                    f.name().into()
                }),
            self.origin(false, &[], None, "format"),
        );
        add(
            "retries",
            self.api.retry.retries.to_string(),
            self.origin(global.retries.is_some(), &[], None, "retries"),
        );
        add(
            "timeout",
            format!("{} s", self.api.timeout.as_secs_f64()),
            self.origin(global.timeout.is_some(), &[], None, "timeout"),
        );
        add(
            "play",
            format!("{:?}", self.file.play.unwrap_or(PlayMode::Auto)).to_lowercase(),
            self.origin(false, &[], None, "play"),
        );
        match env_value("MINIMAX_TTS_AUDIO_SINK") {
            Some(sink) => add(
                "device",
                format!("the emulated sink {sink}"),
                "environment (MINIMAX_TTS_AUDIO_SINK)".into(),
            ),
            None => add(
                "device",
                self.file
                    .device
                    .clone()
                    .unwrap_or_else(|| "the system default".into()),
                self.origin(false, &[], None, "device"),
            ),
        }
        add(
            "cache dir",
            self.cache_dir(None)
                .map_or_else(|e| e.message, |p| p.display().to_string()),
            self.origin(false, &["MINIMAX_TTS_CACHE_DIR"], None, "cache_dir"),
        );
        out
    }
}

fn region_label(region: Region) -> &'static str {
    match region {
        Region::Global => "global",
        Region::Cn => "cn",
    }
}

/// The format to produce: `--format`, else the `-o` extension, else the config, else mp3.
pub fn output_format(
    flag: Option<AudioFormat>,
    output: Option<&Path>,
    configured: Option<AudioFormat>,
) -> Result<AudioFormat, CliError> {
    if let Some(format) = flag {
        return Ok(format);
    }
    if let Some(ext) = output
        .filter(|p| p.as_os_str() != "-")
        .and_then(Path::extension)
    {
        let ext = ext.to_string_lossy();
        return AudioFormat::from_extension(&ext).ok_or_else(|| {
            CliError::usage(format!(
                "cannot tell the audio format from the extension '.{ext}'"
            ))
            .with_hint("use .mp3, .wav, .flac, .pcm or .opus, or pass --format")
        });
    }
    Ok(configured.unwrap_or(AudioFormat::Mp3))
}

fn env_millis(name: &str) -> Option<Duration> {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis)
}

/// The region a default host belongs to, and the other region to try once.
pub type RegionChoice = (Region, (Region, Endpoint));

/// `--base-url` (or `MINIMAX_BASE_URL`), else `--region` (or `MINIMAX_REGION`), else the
/// config file's `base_url`, else its `region` (hosts from `[regions]` when given), else
/// global with a probe of cn.
fn minimax_endpoint(
    global: &GlobalArgs,
    file: &ConfigFile,
    config: &str,
) -> Result<(Endpoint, Option<RegionChoice>), CliError> {
    if let Some(url) = global
        .base_url
        .clone()
        .or_else(|| env_value("MINIMAX_BASE_URL"))
    {
        return Endpoint::parse(&url).map(|e| (e, None)).map_err(|e| {
            CliError::usage(e)
                .with_hint("use e.g. --base-url https://api.minimax.io (or MINIMAX_BASE_URL)")
        });
    }
    let region = match global.region {
        Some(region) => Some(region),
        None => match env_value("MINIMAX_REGION") {
            Some(name) => Some(Region::from_str(&name, true).map_err(|_| {
                CliError::usage(format!("MINIMAX_REGION is '{name}', not global or cn"))
                    .with_hint("export MINIMAX_REGION=global (or cn), or unset it")
            })?),
            None => file.region,
        },
    };
    if region.is_none()
        && let Some(url) = &file.base_url
    {
        return Endpoint::parse(url).map(|e| (e, None)).map_err(|e| {
            CliError::usage(format!("{config}: base_url: {e}"))
                .with_hint("fix or remove that setting in the config file")
        });
    }
    let Some(region) = region else {
        // Nothing chose a region: start global, and try cn once if the key is refused.
        let other = (Region::Cn, region_url(file, Region::Cn, config)?);
        return Ok((
            region_url(file, Region::Global, config)?,
            Some((Region::Global, other)),
        ));
    };
    Ok((region_url(file, region, config)?, None))
}

/// A region's host: the config file's `[regions]` entry, else MiniMax's.
fn region_url(file: &ConfigFile, region: Region, config: &str) -> Result<Endpoint, CliError> {
    let configured = file.regions.as_ref().and_then(|r| match region {
        Region::Global => r.global.as_deref(),
        Region::Cn => r.cn.as_deref(),
    });
    match configured {
        Some(url) => Endpoint::parse(url).map_err(|e| {
            CliError::usage(format!("{config}: [regions]: {e}"))
                .with_hint("fix or remove that setting in the config file")
        }),
        None => Ok(minimax::region_endpoint(region)),
    }
}

/// `--base-url` (or `FISH_BASE_URL`), else `[fish] base_url`, else api.fish.audio.
fn fish_endpoint(
    global: &GlobalArgs,
    fish: &FishConfig,
    config: &str,
) -> Result<Endpoint, CliError> {
    if global.region.is_some() {
        return Err(
            CliError::usage("--region is MiniMax's; Fish Audio has one host")
                .with_hint("drop --region, or use --base-url for a gateway"),
        );
    }
    if let Some(url) = global
        .base_url
        .clone()
        .or_else(|| env_value("FISH_BASE_URL"))
    {
        return Endpoint::parse(&url).map_err(|e| {
            CliError::usage(e)
                .with_hint("use e.g. --base-url https://api.fish.audio (or FISH_BASE_URL)")
        });
    }
    match &fish.base_url {
        Some(url) => Endpoint::parse(url).map_err(|e| {
            CliError::usage(format!("{config}: [fish] base_url: {e}"))
                .with_hint("fix or remove that setting in the config file")
        }),
        None => Ok(fish::endpoint()),
    }
}

/// `--no-proxy` or `--proxy ''` → direct; `--proxy URL` → that proxy for everything;
/// else the environment's proxies (curl's variables); else the config file's `proxy`.
fn proxy(global: &GlobalArgs, file: &ConfigFile) -> Result<ProxySettings, CliError> {
    let malformed = |e: String| {
        CliError::usage(e)
            .with_hint("use e.g. http://proxy.example:3128 or socks5h://127.0.0.1:1080")
    };
    if global.no_proxy {
        return Ok(ProxySettings::Direct);
    }
    if let Some(url) = &global.proxy {
        return match url.trim() {
            "" => Ok(ProxySettings::Direct),
            url => ProxySettings::all(url, "--proxy").map_err(malformed),
        };
    }
    let from_env = ProxySettings::from_env().map_err(malformed)?;
    if from_env != ProxySettings::Direct {
        return Ok(from_env);
    }
    match file.proxy.as_deref().map(str::trim) {
        None | Some("") => Ok(ProxySettings::Direct),
        Some(url) => ProxySettings::all(url, "proxy in the config file").map_err(malformed),
    }
}

/// An environment variable that is set and not blank.
fn env_value(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Where one provider's key may be.
struct KeyPlaces<'a> {
    env: &'static str,
    key: Option<&'a str>,
    key_file: Option<&'a Path>,
    /// `[fish] ` for keys in a table, to name them in messages.
    table: &'static str,
    /// Where to get a key.
    hint: &'static str,
}

fn api_key(
    global: &GlobalArgs,
    places: &KeyPlaces<'_>,
    provider: Provider,
    config: &str,
) -> Result<ApiKey, CliError> {
    let env = places.env;
    if let Some(path) = &global.api_key_file {
        return read_key_file(path, "--api-key-file", env);
    }
    if let Some(value) = std::env::var_os(env) {
        let value = value.to_string_lossy().trim().to_string();
        if value.is_empty() {
            return Err(
                CliError::usage(format!("{env} is set but empty")).with_hint(format!(
                    "export {env}=<your key>, or unset it to use the config file"
                )),
            );
        }
        return ApiKey::checked(value, env);
    }
    let table = places.table;
    if let Some(path) = places.key_file {
        let source = format!("{table}api_key_file in the config file");
        return read_key_file(&expand_home(path), &source, env);
    }
    if let Some(key) = places.key.map(str::trim) {
        if key.is_empty() {
            return Err(
                CliError::usage(format!("{config}: {table}api_key is empty"))
                    .with_hint("fix or remove that setting in the config file"),
            );
        }
        return ApiKey::checked(
            key.to_string(),
            &format!("{table}api_key in the config file"),
        );
    }
    let in_file = match table {
        "" => format!("put api_key = \"...\" in {config}"),
        table => format!("put api_key = \"...\" under {} in {config}", table.trim()),
    };
    Err(
        CliError::usage(format!("no {} API key found", provider.name())).with_hint(format!(
            "set {env}, pass --api-key-file PATH, or {in_file}; {}",
            places.hint
        )),
    )
}

fn read_key_file(path: &Path, source: &str, env: &str) -> Result<ApiKey, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::usage(format!(
            "cannot read the API key file {} ({source}): {e}",
            path.display()
        ))
        .with_hint(format!("check the path, or set {env} instead"))
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

/// Where the config file is, and whether it was named (`--config`, `MINIMAX_TTS_CONFIG`).
pub fn config_location(global: &GlobalArgs) -> (Option<PathBuf>, bool) {
    match &global.config {
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
            format!(
                "{:?}",
                ApiKey {
                    key: "secret".into(),
                    source: "test".into()
                }
            ),
            "ApiKey(<redacted>)"
        );
    }

    #[test]
    fn format_follows_flag_then_extension_then_config() {
        let mp3 = Some(Path::new("a.mp3"));
        assert_eq!(
            output_format(Some(AudioFormat::Wav), mp3, None).unwrap(),
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
