//! `config show`: the settings every command starts from, with where each came from.

use std::path::Path;

use super::{Resolved, Settings, env_value};
use crate::engine::proxy::ProxySettings;
use crate::spec::{PlayMode, Provider, Region};

/// One setting in effect, and where it came from.
#[derive(Debug, Clone)]
pub struct Described {
    pub name: &'static str,
    pub value: String,
    pub source: String,
}

impl Settings {
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
            && self
                .file
                .profiles
                .get(profile)
                .is_some_and(|p| p.sets(table, key))
        {
            return format!("profile {profile}");
        }
        if self.file.top.sets(table, key) {
            return "config file".into();
        }
        "default".into()
    }
}

fn region_label(region: Region) -> &'static str {
    match region {
        Region::Global => "global",
        Region::Cn => "cn",
    }
}

impl Resolved {
    /// The settings every command starts from, with their sources. Keys are shown only
    /// as "set".
    pub fn describe(&self) -> Vec<Described> {
        let settings = &*self.settings;
        let cli = &settings.cli;
        let fish = self.provider == Provider::Fish;
        let table = fish.then_some("fish");
        let info = crate::engine::info(self.provider);
        let mut out = Vec::new();
        let mut add = |name: &'static str, value: String, source: String| {
            out.push(Described {
                name,
                value,
                source,
            })
        };
        let path = settings.config_path.as_deref();
        let exists = path.is_some_and(Path::exists);
        add(
            "config file",
            path.map_or_else(
                || "none (no config directory)".into(),
                |p| {
                    format!(
                        "{}{}",
                        p.display(),
                        if exists { "" } else { " (does not exist)" }
                    )
                },
            ),
            settings.origin(
                cli.config.is_some() && env_value("MINIMAX_TTS_CONFIG").is_none(),
                &["MINIMAX_TTS_CONFIG"],
                None,
                "",
            ),
        );
        add(
            "profile",
            settings.profile.clone().unwrap_or_else(|| "none".into()),
            settings.origin(cli.profile.is_some(), &["MINIMAX_TTS_PROFILE"], None, ""),
        );
        add(
            "provider",
            self.provider.flag_value().into(),
            settings.origin(
                cli.run.provider.is_some(),
                &["MINIMAX_TTS_PROVIDER"],
                None,
                "provider",
            ),
        );
        let (key_value, key_source) = match &self.api_key {
            Ok(key) => ("set".to_string(), key.source.clone()),
            Err(e) => (format!("not set ({e})"), "none".into()),
        };
        add("api key", key_value, key_source);
        let host = self.api.endpoint.shown();
        let (host_value, host_source) = if fish {
            (
                host,
                settings.origin(
                    cli.access.base_url.is_some(),
                    &[info.base_url_env],
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
            let base = settings.origin(
                cli.access.base_url.is_some(),
                &[info.base_url_env],
                None,
                "base_url",
            );
            let source = if base == "default" {
                settings.origin(
                    cli.run.region.is_some(),
                    &["MINIMAX_REGION"],
                    None,
                    "region",
                )
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
            settings.origin(
                cli.run.proxy.is_some() || cli.no_proxy,
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
        let run = settings.run();
        if !fish {
            add(
                "transport",
                format!("{:?}", run.transport.unwrap_or_default()).to_lowercase(),
                settings.origin(cli.run.transport.is_some(), &[], None, "transport"),
            );
        }
        let voice = settings.file_voice(self.provider);
        let text = |v: Option<String>, default: &str| v.unwrap_or_else(|| default.to_string());
        let (voice_value, model) = if fish {
            (
                text(voice.voice.clone(), "Fish's default"),
                text(voice.model.clone(), crate::engine::fish::DEFAULT_MODEL),
            )
        } else {
            (
                text(voice.voice.clone(), crate::engine::minimax::DEFAULT_VOICE),
                text(voice.model.clone(), crate::engine::minimax::DEFAULT_MODEL),
            )
        };
        add(
            "voice",
            voice_value,
            settings.origin(false, &[], table, "voice"),
        );
        add("model", model, settings.origin(false, &[], table, "model"));
        add(
            "format",
            voice
                .format
                .map_or("from the output's extension, else mp3".into(), |f| {
                    f.name().into()
                }),
            settings.origin(
                false,
                &[],
                table.filter(|_| settings.layer.fish.voice.format.is_some()),
                "format",
            ),
        );
        add(
            "retries",
            self.api.retry.retries.to_string(),
            settings.origin(cli.run.retries.is_some(), &[], None, "retries"),
        );
        add(
            "timeout",
            format!("{} s", self.api.timeout.as_secs_f64()),
            settings.origin(cli.run.timeout.is_some(), &[], None, "timeout"),
        );
        let playback = &settings.layer.playback;
        add(
            "play",
            format!("{:?}", playback.play.unwrap_or(PlayMode::Auto)).to_lowercase(),
            settings.origin(false, &[], None, "play"),
        );
        match &settings.env.audio_sink {
            Some(sink) => add(
                "device",
                format!("the emulated sink {sink}"),
                "environment (MINIMAX_TTS_AUDIO_SINK)".into(),
            ),
            None => add(
                "device",
                playback
                    .device
                    .clone()
                    .unwrap_or_else(|| "the system default".into()),
                settings.origin(false, &[], None, "device"),
            ),
        }
        add(
            "cache dir",
            self.cache_dir(&Default::default())
                .map_or_else(|e| e.to_string(), |p| p.display().to_string()),
            settings.origin(false, &["MINIMAX_TTS_CACHE_DIR"], None, "cache_dir"),
        );
        let finishing = self.finishing(&Default::default());
        add(
            "loudness",
            finishing
                .loudness
                .map_or("as made (no --loudness)".into(), |t| {
                    format!("{} LUFS, true peak under {} dBTP", t.lufs, t.ceiling_dbtp)
                }),
            settings.origin(false, &[], None, "loudness"),
        );
        add(
            "trim",
            finishing.trim.map_or("no".into(), |t| {
                format!("below {} dBFS, {} ms kept", t.threshold_dbfs, t.pad_ms)
            }),
            settings.origin(false, &[], None, "trim"),
        );
        if !settings.file.speakers.is_empty() {
            add(
                "speakers",
                settings
                    .file
                    .speakers
                    .keys()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
                "config file".into(),
            );
        }
        out
    }
}
