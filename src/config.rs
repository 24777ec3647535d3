//! The config file (TOML): defaults for every setting a flag or the environment can give.
//! Its values are domain values (`spec`), so they are checked by the same code as flags;
//! `resolve` merges them with flags and the environment.

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

impl ConfigFile {
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
        toml::from_str(&text).map_err(|e| {
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
        })
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
        assert!(toml::from_str::<ConfigFile>("speed = 9").is_err());
    }
}
