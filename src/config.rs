//! The config file (TOML): defaults for every setting a flag or the environment can give.
//! Its values are domain values (`spec`), so they are checked by the same code as flags;
//! `resolve` merges them with flags and the environment.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::CliError;
use crate::spec::{
    AudioFormat, Bitrate, Channels, ChunkLength, Emotion, Language, Latency, Pitch, PlayMode,
    Pronunciation, Provider, Region, SampleRate, Speed, TimeoutSecs, Transport, Unit, Volume,
};

/// The config file. Unknown keys are refused so typos don't go unnoticed.
///
/// Top-level keys are MiniMax's settings and the run-wide ones (`provider`, playback,
/// retries, timeout, `format`, `speed`, `vol`); Fish Audio's settings are in `[fish]`,
/// so one file serves both providers.
#[derive(Deserialize, Default, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Named sets of settings (`[profiles.work]`), chosen with `--profile`; each may hold
    /// any key of this file but `profiles`.
    pub profiles: Option<BTreeMap<String, ConfigFile>>,
    /// Per-region base URLs (`[regions] global = "https://…"`, `cn = "https://…"`).
    pub regions: Option<RegionUrls>,
    pub provider: Option<Provider>,
    pub fish: Option<FishConfig>,
    pub api_key: Option<String>,
    pub api_key_file: Option<PathBuf>,
    pub region: Option<Region>,
    pub base_url: Option<String>,
    pub transport: Option<Transport>,
    /// A proxy for every connection (`""` = none).
    pub proxy: Option<String>,
    pub retries: Option<u32>,
    pub timeout: Option<TimeoutSecs>,
    pub play: Option<PlayMode>,
    pub device: Option<String>,
    pub preroll: Option<u64>,
    pub model: Option<String>,
    pub voice: Option<String>,
    pub speed: Option<Speed>,
    pub vol: Option<Volume>,
    pub pitch: Option<Pitch>,
    pub emotion: Option<Emotion>,
    pub language_boost: Option<Language>,
    pub english_normalization: Option<bool>,
    pub pronounce: Option<Vec<Pronunciation>>,
    pub sample_rate: Option<SampleRate>,
    pub bitrate: Option<Bitrate>,
    pub channels: Option<Channels>,
    pub format: Option<AudioFormat>,
    /// Where `batch` keeps its audio cache.
    pub cache_dir: Option<PathBuf>,
    /// The file's keys as written, to tell where a setting came from (`config show`).
    #[serde(skip)]
    pub raw: toml::Table,
}

/// The `[regions]` table: a gateway (or a test server) per MiniMax region.
#[derive(Deserialize, Default, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RegionUrls {
    pub global: Option<String>,
    pub cn: Option<String>,
}

/// Sets each field of `$base` the overlay has.
macro_rules! overlay {
    ($base:ident, $over:ident; $($field:ident),* $(,)?) => {
        $( if $over.$field.is_some() { $base.$field = $over.$field; } )*
    };
}

/// The `[fish]` table: Fish Audio's key, host, model, voice and TTSRequest settings.
#[derive(Deserialize, Default, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct FishConfig {
    pub api_key: Option<String>,
    pub api_key_file: Option<PathBuf>,
    pub base_url: Option<String>,
    pub model: Option<String>,
    pub voice: Option<String>,
    pub sample_rate: Option<SampleRate>,
    pub bitrate: Option<Bitrate>,
    pub latency: Option<Latency>,
    pub chunk_length: Option<ChunkLength>,
    pub normalize: Option<bool>,
    pub temperature: Option<Unit>,
    pub top_p: Option<Unit>,
}

impl FishConfig {
    fn overlay(mut self, over: FishConfig) -> FishConfig {
        overlay!(self, over; api_key, api_key_file, base_url, model, voice, sample_rate,
            bitrate, latency, chunk_length, normalize, temperature, top_p);
        self
    }
}

impl RegionUrls {
    fn overlay(mut self, over: RegionUrls) -> RegionUrls {
        overlay!(self, over; global, cn);
        self
    }
}

impl ConfigFile {
    /// The file with profile `name` laid over its top level (a profile's setting wins).
    /// An unknown profile is a usage error listing the known ones.
    pub fn with_profile(mut self, name: &str, source: &str) -> Result<ConfigFile, CliError> {
        let mut profiles = self.profiles.take().unwrap_or_default();
        let Some(over) = profiles.remove(name) else {
            let known: Vec<&str> = profiles.keys().map(String::as_str).collect();
            return Err(CliError::usage(format!("no profile '{name}' in {source}"))
                .with_hint(if known.is_empty() {
                    "add a [profiles.NAME] table to the config file (see `minimax-tts config init`)".to_string()
                } else {
                    format!("known profiles: {}", known.join(", "))
                }));
        };
        let mut base = self;
        let fish = match (base.fish.take(), over.fish) {
            (Some(b), Some(o)) => Some(b.overlay(o)),
            (b, o) => o.or(b),
        };
        let regions = match (base.regions.take(), over.regions) {
            (Some(b), Some(o)) => Some(b.overlay(o)),
            (b, o) => o.or(b),
        };
        overlay!(base, over; provider, api_key, api_key_file, region, base_url, transport,
            proxy, retries, timeout, play, device, preroll, model, voice, speed, vol, pitch,
            emotion, language_boost, english_normalization, pronounce, sample_rate, bitrate,
            channels, format, cache_dir);
        base.fish = fish;
        base.regions = regions;
        Ok(base)
    }

    /// Whether the file sets `key` (in `table` such as `fish` when given), at the top
    /// level or in profile `profile`.
    pub fn sets(&self, profile: Option<&str>, table: Option<&str>, key: &str) -> bool {
        let mut at = &self.raw;
        if let Some(name) = profile {
            match at
                .get("profiles")
                .and_then(|p| p.get(name))
                .and_then(toml::Value::as_table)
            {
                Some(profile) => at = profile,
                None => return false,
            }
        }
        if let Some(table) = table {
            match at.get(table).and_then(toml::Value::as_table) {
                Some(inner) => at = inner,
                None => return false,
            }
        }
        at.contains_key(key)
    }

    /// The profile names.
    pub fn profile_names(&self) -> Vec<String> {
        self.profiles
            .as_ref()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Reads the file at `path`. A missing file is fine unless it was asked for by name.
    pub fn read(path: &Path, explicit: bool) -> Result<ConfigFile, CliError> {
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
        let mut file: ConfigFile = toml::from_str(&text).map_err(|e| {
            let key = e
                .span()
                .and_then(|span| text.get(..span.start))
                .map(|before| format!(" (line {})", before.lines().count().max(1)))
                .unwrap_or_default();
            CliError::usage(format!(
                "invalid config file {}{key}: {}",
                path.display(),
                e.message()
            ))
            .with_hint("see the Configuration section of README.md for the accepted keys")
        })?;
        if let Some((name, _)) = file
            .profiles
            .iter()
            .flatten()
            .find(|(_, p)| p.profiles.is_some())
        {
            return Err(CliError::usage(format!(
                "invalid config file {}: profile '{name}' has profiles of its own",
                path.display()
            ))
            .with_hint("profiles cannot be nested"));
        }
        file.raw = text.parse().unwrap_or_default();
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_file_parses_and_refuses_typos() {
        let config: ConfigFile = toml::from_str(
            "api_key = \"k\"\nregion = \"cn\"\nvoice = \"v\"\nspeed = 1.5\nformat = \"wav\"\nretries = 5\ntransport = \"http\"\n",
        )
        .unwrap();
        assert_eq!(config.region, Some(Region::Cn));
        assert_eq!(config.format, Some(AudioFormat::Wav));
        assert_eq!(config.transport, Some(Transport::Http));
        assert!(toml::from_str::<ConfigFile>("vioce = \"x\"").is_err());
        let both: ConfigFile = toml::from_str(
            "provider = \"fish\"\nvoice = \"English_Graceful_Lady\"\n[fish]\nvoice = \"abc\"\nlatency = \"normal\"\nchunk_length = 150\n",
        )
        .unwrap();
        let fish = both.fish.unwrap();
        assert_eq!(both.provider, Some(Provider::Fish));
        assert_eq!(
            (fish.voice.as_deref(), fish.latency),
            (Some("abc"), Some(Latency::Normal))
        );
        assert!(toml::from_str::<ConfigFile>("[fish]\nchunk_length = 50").is_err());
        assert!(toml::from_str::<ConfigFile>("[fish]\nregion = \"cn\"").is_err());
        let profiled: ConfigFile = toml::from_str(
            "voice = \"top\"\nspeed = 1.5\n[fish]\nvoice = \"f\"\n[profiles.work]\nvoice = \"work\"\nregion = \"cn\"\n[profiles.work.fish]\nmodel = \"s1\"\n[regions]\ncn = \"http://127.0.0.1:9\"\n",
        )
        .unwrap();
        assert_eq!(profiled.profile_names(), ["work"]);
        let work = profiled.clone().with_profile("work", "c").unwrap();
        assert_eq!(work.voice.as_deref(), Some("work"));
        assert_eq!(work.speed.map(|s| s.get()), Some(1.5));
        assert_eq!(work.region, Some(Region::Cn));
        let fish = work.fish.unwrap();
        assert_eq!(
            (fish.voice.as_deref(), fish.model.as_deref()),
            (Some("f"), Some("s1"))
        );
        assert!(work.regions.unwrap().cn.is_some());
        let err = profiled.with_profile("home", "c").unwrap_err();
        assert!(err.hint.unwrap().contains("known profiles: work"));
        assert!(toml::from_str::<ConfigFile>("speed = 9").is_err());
    }
}
