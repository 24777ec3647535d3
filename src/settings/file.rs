//! The config file (TOML): a layer of the same options the flags give, read by the same
//! reader as a manifest row. The top level holds the run-wide settings and MiniMax's;
//! `[fish]` holds Fish Audio's; `[regions]` a host per MiniMax region;
//! `[profiles.NAME]` any of these, laid over the top level with `--profile NAME`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::de::{self, MapAccess};

use super::SettingsError;
use crate::options::{
    AccessOptions, CacheOptions, Combine, FinishOptions, Options, PlaybackOptions, Reader,
    RunOptions, Table, VoiceOptions,
};

/// A config file larger than this is not a config file (and is not read into memory).
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The `[regions]` table: a gateway (or a test server) per MiniMax region.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegionUrls {
    pub global: Option<String>,
    pub cn: Option<String>,
}

impl Combine for RegionUrls {
    fn combine(self, other: Self) -> Self {
        RegionUrls {
            global: self.global.or(other.global),
            cn: self.cn.or(other.cn),
        }
    }
}

/// One provider's table: its key, host and voice settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProviderTable {
    pub access: AccessOptions,
    pub voice: VoiceOptions,
}

impl Combine for ProviderTable {
    fn combine(self, other: Self) -> Self {
        ProviderTable {
            access: self.access.combine(other.access),
            voice: self.voice.combine(other.voice),
        }
    }
}

/// What the file's top level (or one profile) sets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layer {
    pub run: RunOptions,
    pub playback: PlaybackOptions,
    pub cache: CacheOptions,
    pub finish: FinishOptions,
    /// MiniMax's key and host, and its voice settings (the `shared` ones are every
    /// provider's).
    pub minimax: ProviderTable,
    pub fish: ProviderTable,
    pub regions: RegionUrls,
}

impl Combine for Layer {
    fn combine(self, other: Self) -> Self {
        Layer {
            run: self.run.combine(other.run),
            playback: self.playback.combine(other.playback),
            cache: self.cache.combine(other.cache),
            finish: self.finish.combine(other.finish),
            minimax: self.minimax.combine(other.minimax),
            fish: self.fish.combine(other.fish),
            regions: self.regions.combine(other.regions),
        }
    }
}

impl Layer {
    /// Whether this layer sets `key` (in `[fish]` when `table` is `fish`).
    pub fn sets(&self, table: Option<&str>, key: &str) -> bool {
        match table {
            Some("fish") => self.fish.access.is_set(key) || self.fish.voice.is_set(key),
            Some(_) => false,
            None => {
                self.run.is_set(key)
                    || self.playback.is_set(key)
                    || self.cache.is_set(key)
                    || self.finish.is_set(key)
                    || self.minimax.access.is_set(key)
                    || self.minimax.voice.is_set(key)
            }
        }
    }
}

/// The top-level keys besides the options'.
const TABLES: &[&str] = &["fish", "regions", "profiles", "speakers"];

/// A script speaker's settings: manifest keys, checked where a line uses them.
pub type Speakers = BTreeMap<String, BTreeMap<String, serde_json::Value>>;

/// The config file, as read.
#[derive(Clone, Debug, Default)]
pub struct ConfigFile {
    pub top: Layer,
    pub profiles: BTreeMap<String, Layer>,
    /// `[speakers.NAME]`: voices every `script` may use by name.
    pub speakers: Speakers,
}

impl ConfigFile {
    /// Reads the file at `path`. A missing file is fine unless it was asked for by name.
    /// It must be a regular file of a sane size: a FIFO or a device is refused, not
    /// waited on.
    pub fn read(path: &Path, explicit: bool) -> Result<ConfigFile, SettingsError> {
        let cannot = |e: std::io::Error| SettingsError::ConfigUnreadable {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                return Ok(ConfigFile::default());
            }
            Err(e) => return Err(cannot(e)),
        };
        let meta = file.metadata().map_err(cannot)?;
        if !meta.is_file() {
            return Err(SettingsError::ConfigUnreadable {
                path: path.to_path_buf(),
                reason: "not a regular file".into(),
            });
        }
        let mut text = String::new();
        file.take(MAX_CONFIG_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(cannot)?;
        if text.len() as u64 > MAX_CONFIG_BYTES {
            return Err(SettingsError::ConfigUnreadable {
                path: path.to_path_buf(),
                reason: format!("larger than {} KiB", MAX_CONFIG_BYTES / 1024),
            });
        }
        Self::parse(&text, path)
    }

    /// Parses the text of a config file.
    pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, SettingsError> {
        toml::from_str::<ConfigFile>(text).map_err(|e| {
            let line = e
                .span()
                .and_then(|span| text.get(..span.start))
                .map(|before| before.lines().count().max(1));
            SettingsError::ConfigInvalid {
                path: path.to_path_buf(),
                line,
                message: e.message().to_string(),
            }
        })
    }

    /// Whether a key is written in the file itself (not only the path of a key file).
    pub fn holds_a_key(&self) -> bool {
        std::iter::once(&self.top)
            .chain(self.profiles.values())
            .any(|l| l.minimax.access.api_key.is_some() || l.fish.access.api_key.is_some())
    }

    /// The top level with profile `name` laid over it.
    pub fn layer(&self, profile: Option<&str>) -> Result<Layer, SettingsError> {
        match profile {
            None => Ok(self.top.clone()),
            Some(name) => match self.profiles.get(name) {
                Some(over) => Ok(over.clone().combine(self.top.clone())),
                None => Err(SettingsError::UnknownProfile {
                    name: name.to_string(),
                    known: self.profiles.keys().cloned().collect(),
                    file: None,
                    exists: false,
                }),
            },
        }
    }
}

/// Reads one key of a layer; `Ok(false)` when it is not a layer's key.
fn layer_key<'de, A: MapAccess<'de>>(
    layer: &mut Layer,
    key: &str,
    map: &mut A,
) -> Result<bool, A::Error> {
    match key {
        "fish" => {
            layer.fish = map.next_value::<Reader<ProviderTable>>()?.0;
            Ok(true)
        }
        "regions" => {
            layer.regions = map.next_value::<RegionsReader>()?.0;
            Ok(true)
        }
        _ => Ok(layer.run.take(key, map)?
            || layer.playback.take(key, map)?
            || layer.cache.take(key, map)?
            || layer.finish.take(key, map)?
            || layer.minimax.access.take(key, map)?
            || layer.minimax.voice.take(key, map)?),
    }
}

fn layer_keys() -> [&'static [&'static str]; 7] {
    [
        RunOptions::KEYS,
        PlaybackOptions::KEYS,
        CacheOptions::KEYS,
        FinishOptions::KEYS,
        AccessOptions::KEYS,
        VoiceOptions::KEYS,
        TABLES,
    ]
}

impl Table for ConfigFile {
    fn take_key<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        if key == "speakers" {
            self.speakers = map.next_value()?;
            return Ok(true);
        }
        if key != "profiles" {
            return layer_key(&mut self.top, key, map);
        }
        let profiles: BTreeMap<String, Reader<Profile>> = map.next_value()?;
        self.profiles = profiles.into_iter().map(|(k, v)| (k, v.0.0)).collect();
        Ok(true)
    }

    fn known() -> Vec<&'static [&'static str]> {
        layer_keys().to_vec()
    }
}

impl<'de> serde::Deserialize<'de> for ConfigFile {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Reader::<ConfigFile>::deserialize(d).map(|r| r.0)
    }
}

/// A profile: a layer without profiles of its own.
#[derive(Default)]
struct Profile(Layer);

impl Table for Profile {
    fn take_key<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        if key == "profiles" {
            return Err(de::Error::custom("profiles cannot be nested"));
        }
        if key == "speakers" {
            return Err(de::Error::custom(
                "speakers belong to the top level of the config file (or a script's front matter)",
            ));
        }
        layer_key(&mut self.0, key, map)
    }

    fn known() -> Vec<&'static [&'static str]> {
        layer_keys().to_vec()
    }
}

/// A provider's table (`[fish]`): its access and voice options.
impl Table for ProviderTable {
    fn take_key<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        Ok(self.access.take(key, map)? || self.voice.take(key, map)?)
    }

    fn known() -> Vec<&'static [&'static str]> {
        vec![AccessOptions::KEYS, VoiceOptions::KEYS]
    }
}

struct RegionsReader(RegionUrls);

impl<'de> serde::Deserialize<'de> for RegionsReader {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Regions {
            global: Option<String>,
            cn: Option<String>,
        }
        let r = <Regions as serde::Deserialize>::deserialize(d)?;
        Ok(RegionsReader(RegionUrls {
            global: r.global,
            cn: r.cn,
        }))
    }
}

/// `~/x` in the config file means the home directory, as in a shell.
pub fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), dirs::home_dir()) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{AudioFormat, Latency, Provider, Region, Transport};

    fn parse(text: &str) -> Result<ConfigFile, SettingsError> {
        ConfigFile::parse(text, Path::new("c.toml"))
    }

    #[test]
    fn config_file_parses_and_refuses_typos() {
        let config = parse(
            "api_key = \"k\"\nregion = \"cn\"\nvoice = \"v\"\nspeed = 1.5\nformat = \"wav\"\nretries = 5\ntransport = \"http\"\n",
        )
        .unwrap();
        assert_eq!(config.top.run.region, Some(Region::Cn));
        assert_eq!(config.top.minimax.voice.format, Some(AudioFormat::Wav));
        assert_eq!(config.top.run.transport, Some(Transport::Http));
        assert!(parse("vioce = \"x\"").is_err());
        let both = parse(
            "provider = \"fish\"\nvoice = \"English_Graceful_Lady\"\n[fish]\nvoice = \"abc\"\nlatency = \"normal\"\nchunk_length = 150\n",
        )
        .unwrap();
        assert_eq!(both.top.run.provider, Some(Provider::Fish));
        assert_eq!(
            (
                both.top.fish.voice.voice.as_deref(),
                both.top.fish.voice.latency
            ),
            (Some("abc"), Some(Latency::Normal))
        );
        assert!(parse("[fish]\nchunk_length = 50").is_err());
        assert!(parse("[fish]\nregion = \"cn\"").is_err());
        let profiled = parse(
            "voice = \"top\"\nspeed = 1.5\n[fish]\nvoice = \"f\"\n[profiles.work]\nvoice = \"work\"\nregion = \"cn\"\n[profiles.work.fish]\nmodel = \"s1\"\n[regions]\ncn = \"http://127.0.0.1:9\"\n",
        )
        .unwrap();
        let work = profiled.layer(Some("work")).unwrap();
        assert_eq!(work.minimax.voice.voice.as_deref(), Some("work"));
        assert_eq!(work.minimax.voice.speed.map(|s| s.get()), Some(1.5));
        assert_eq!(work.run.region, Some(Region::Cn));
        assert_eq!(
            (
                work.fish.voice.voice.as_deref(),
                work.fish.voice.model.as_deref()
            ),
            (Some("f"), Some("s1"))
        );
        assert!(work.regions.cn.is_some());
        match profiled.layer(Some("home")).unwrap_err() {
            SettingsError::UnknownProfile { known, .. } => assert_eq!(known, ["work"]),
            other => panic!("{other:?}"),
        }
        assert!(parse("speed = 9").is_err());
        let nested = parse("[profiles.a.profiles.b]\nvoice = \"x\"").unwrap_err();
        assert!(format!("{nested:?}").contains("cannot be nested"));
        let twice = parse("voice = \"a\"\nvoice = \"b\"");
        assert!(twice.is_err());
    }

    #[test]
    fn errors_name_the_line() {
        match parse("voice = \"v\"\n\nspeed = 9\n").unwrap_err() {
            SettingsError::ConfigInvalid { line, message, .. } => {
                assert_eq!(line, Some(3));
                assert!(
                    message.contains("speed must be between 0.5 and 2"),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
