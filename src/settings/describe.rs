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

/// A setting shown by `config show`: its name, and how its value and source are read
/// from the resolved settings (`None`: not shown for this provider or setup).
type Row = fn(&Resolved) -> Option<(String, String)>;

/// Every setting `config show` lists, in order.
const ROWS: &[(&str, Row)] = &[
    ("config file", config_file),
    ("profile", profile),
    ("provider", provider),
    ("api key", api_key),
    ("host", host),
    ("proxy", proxy),
    ("transport", transport),
    ("voice", voice),
    ("model", model),
    ("format", format),
    ("retries", retries),
    ("timeout", timeout),
    ("play", play),
    ("device", device),
    ("cache dir", cache_dir),
    ("loudness", loudness),
    ("trim", trim),
    ("speakers", speakers),
];

impl Resolved {
    /// The settings every command starts from, with their sources. Keys are shown only
    /// as "set".
    pub fn describe(&self) -> Vec<Described> {
        ROWS.iter()
            .filter_map(|(name, row)| {
                row(self).map(|(value, source)| Described {
                    name,
                    value,
                    source,
                })
            })
            .collect()
    }

    /// The config file's table this provider's settings are read from (`[fish]`).
    fn table(&self) -> Option<&'static str> {
        (self.provider == Provider::Fish).then_some("fish")
    }
}

fn config_file(r: &Resolved) -> Option<(String, String)> {
    let path = r.settings.config_path.as_deref();
    let exists = path.is_some_and(Path::exists);
    let value = path.map_or_else(
        || "none (no config directory)".into(),
        |p| {
            format!(
                "{}{}",
                p.display(),
                if exists { "" } else { " (does not exist)" }
            )
        },
    );
    let named = r.settings.cli.config.is_some() && env_value("MINIMAX_TTS_CONFIG").is_none();
    Some((
        value,
        r.settings.origin(named, &["MINIMAX_TTS_CONFIG"], None, ""),
    ))
}

fn profile(r: &Resolved) -> Option<(String, String)> {
    let s = &r.settings;
    Some((
        s.profile.clone().unwrap_or_else(|| "none".into()),
        s.origin(s.cli.profile.is_some(), &["MINIMAX_TTS_PROFILE"], None, ""),
    ))
}

fn provider(r: &Resolved) -> Option<(String, String)> {
    let s = &r.settings;
    Some((
        r.provider.flag_value().into(),
        s.origin(
            s.cli.run.provider.is_some(),
            &["MINIMAX_TTS_PROVIDER"],
            None,
            "provider",
        ),
    ))
}

fn api_key(r: &Resolved) -> Option<(String, String)> {
    Some(match &r.api_key {
        Ok(key) => ("set".to_string(), key.source.clone()),
        Err(e) => (format!("not set ({e})"), "none".into()),
    })
}

fn host(r: &Resolved) -> Option<(String, String)> {
    let s = &r.settings;
    let host = r.api.endpoint.shown();
    let base_url_env = crate::engine::info(r.provider).base_url_env;
    let base = s.origin(
        s.cli.access.base_url.is_some(),
        &[base_url_env],
        r.table(),
        "base_url",
    );
    if let (Provider::Minimax, Some((region, (other, _)))) = (r.provider, &r.api.region_probe) {
        let probed = format!(
            "{host} ({} region; the {} region is tried if the key is refused there)",
            region_label(*region),
            region_label(*other)
        );
        return Some((probed, "default".into()));
    }
    let source = match (r.provider, base.as_str()) {
        (Provider::Minimax, "default") => s.origin(
            s.cli.run.region.is_some(),
            &["MINIMAX_REGION"],
            None,
            "region",
        ),
        _ => base,
    };
    Some((host, source))
}

fn proxy(r: &Resolved) -> Option<(String, String)> {
    let s = &r.settings;
    let value = match &r.api.proxy {
        ProxySettings::Direct => "none (direct)".into(),
        ProxySettings::All { proxy, .. } => proxy.shown(),
        ProxySettings::Env { https, http, .. } => format!(
            "https: {}, http: {}",
            https.as_ref().map_or("none".into(), |p| p.shown()),
            http.as_ref().map_or("none".into(), |p| p.shown())
        ),
    };
    let env = [
        "https_proxy",
        "HTTPS_PROXY",
        "http_proxy",
        "HTTP_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ];
    let flag = s.cli.run.proxy.is_some() || s.cli.no_proxy;
    Some((value, s.origin(flag, &env, None, "proxy")))
}

/// MiniMax's only (Fish has one transport).
fn transport(r: &Resolved) -> Option<(String, String)> {
    let s = &r.settings;
    (r.provider == Provider::Minimax).then(|| {
        let transport = s.run().transport.unwrap_or_default();
        (
            format!("{transport:?}").to_lowercase(),
            s.origin(s.cli.run.transport.is_some(), &[], None, "transport"),
        )
    })
}

fn voice(r: &Resolved) -> Option<(String, String)> {
    let default = match r.provider {
        Provider::Fish => "Fish's default",
        Provider::Minimax => crate::engine::minimax::DEFAULT_VOICE,
    };
    let voice = r.settings.file_voice(r.provider).voice;
    Some((
        voice.unwrap_or_else(|| default.to_string()),
        r.settings.origin(false, &[], r.table(), "voice"),
    ))
}

fn model(r: &Resolved) -> Option<(String, String)> {
    let default = match r.provider {
        Provider::Fish => crate::engine::fish::DEFAULT_MODEL,
        Provider::Minimax => crate::engine::minimax::DEFAULT_MODEL,
    };
    let model = r.settings.file_voice(r.provider).model;
    Some((
        model.unwrap_or_else(|| default.to_string()),
        r.settings.origin(false, &[], r.table(), "model"),
    ))
}

fn format(r: &Resolved) -> Option<(String, String)> {
    let s = &r.settings;
    let value = s
        .file_voice(r.provider)
        .format
        .map_or("from the output's extension, else mp3".into(), |f| {
            f.name().into()
        });
    let table = r.table().filter(|_| s.layer.fish.voice.format.is_some());
    Some((value, s.origin(false, &[], table, "format")))
}

fn retries(r: &Resolved) -> Option<(String, String)> {
    let s = &r.settings;
    Some((
        r.api.retry.retries.to_string(),
        s.origin(s.cli.run.retries.is_some(), &[], None, "retries"),
    ))
}

fn timeout(r: &Resolved) -> Option<(String, String)> {
    let s = &r.settings;
    Some((
        format!("{} s", r.api.timeout.as_secs_f64()),
        s.origin(s.cli.run.timeout.is_some(), &[], None, "timeout"),
    ))
}

fn play(r: &Resolved) -> Option<(String, String)> {
    let play = r.settings.layer.playback.play.unwrap_or(PlayMode::Auto);
    Some((
        format!("{play:?}").to_lowercase(),
        r.settings.origin(false, &[], None, "play"),
    ))
}

fn device(r: &Resolved) -> Option<(String, String)> {
    let s = &r.settings;
    Some(match &s.env.audio_sink {
        Some(sink) => (
            format!("the emulated sink {sink}"),
            "environment (MINIMAX_TTS_AUDIO_SINK)".into(),
        ),
        None => (
            s.layer
                .playback
                .device
                .clone()
                .unwrap_or_else(|| "the system default".into()),
            s.origin(false, &[], None, "device"),
        ),
    })
}

fn cache_dir(r: &Resolved) -> Option<(String, String)> {
    Some((
        r.cache_dir(&Default::default())
            .map_or_else(|e| e.to_string(), |p| p.display().to_string()),
        r.settings
            .origin(false, &["MINIMAX_TTS_CACHE_DIR"], None, "cache_dir"),
    ))
}

fn loudness(r: &Resolved) -> Option<(String, String)> {
    let value = r
        .finishing(&Default::default())
        .loudness
        .map_or("as made (no --loudness)".into(), |t| {
            format!("{} LUFS, true peak under {} dBTP", t.lufs, t.ceiling_dbtp)
        });
    Some((value, r.settings.origin(false, &[], None, "loudness")))
}

fn trim(r: &Resolved) -> Option<(String, String)> {
    let value = r
        .finishing(&Default::default())
        .trim
        .map_or("no".into(), |t| {
            format!("below {} dBFS, {} ms kept", t.threshold_dbfs, t.pad_ms)
        });
    Some((value, r.settings.origin(false, &[], None, "trim")))
}

/// Only when the config file names speakers.
fn speakers(r: &Resolved) -> Option<(String, String)> {
    let speakers = &r.settings.file.speakers;
    (!speakers.is_empty()).then(|| {
        let names: Vec<&str> = speakers.keys().map(String::as_str).collect();
        (names.join(", "), "config file".into())
    })
}
