//! Turning manifest rows into jobs: each row's settings merged over the command line's
//! (row > flag > environment > config file > default), resolved by the same code as
//! `speak`, checked by its provider's rules, its text prepared and cut into segments, its
//! output path made safe, and its cache key computed. Every problem of every row is
//! collected, so one run lists them all.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use clap::ValueEnum;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::manifest::RawRow;
use crate::cli::{GlobalArgs, VoiceArgs};
use crate::commands::common;
use crate::engine::{Engine, ProviderEngine};
use crate::error::CliError;
use crate::resolve::Resolved;
use crate::spec::{AudioFormat, Provider, SynthesisSpec, Transport};

/// The keys a row may have.
pub const KEYS: &[&str] = &[
    "id",
    "text",
    "text_file",
    "output",
    "provider",
    "voice",
    "model",
    "speed",
    "vol",
    "pitch",
    "emotion",
    "language_boost",
    "pronounce",
    "english_normalization",
    "format",
    "sample_rate",
    "bitrate",
    "channels",
    "effect_pitch",
    "effect_intensity",
    "effect_timbre",
    "sound_effect",
    "latency",
    "chunk_length",
    "normalize",
    "temperature",
    "top_p",
];

/// `--shard K/N`: the K-th (1-based) of N slices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("shard '{s}' must be K/N with 1 <= K <= N, e.g. 2/4");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether the row `id` is in this shard: by a hash of the id alone, so a row stays
    /// in its shard however rows are added, removed or reordered.
    pub fn contains(&self, id: &str) -> bool {
        let digest = Sha256::digest(id.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) % self.count == self.index - 1
    }
}

/// One row, ready to run.
pub struct Job {
    /// The row's number in the manifest.
    pub number: usize,
    pub id: String,
    pub spec: SynthesisSpec,
    pub segments: Vec<String>,
    /// Where the file goes, and how it is shown (relative to `--out-dir`).
    pub output: PathBuf,
    pub shown: String,
    pub key: String,
    /// Characters billed, counted as the provider bills: MiniMax by characters, Fish by
    /// UTF-8 bytes.
    pub billed: u64,
    /// Which engine (and so which session settings) the row uses.
    pub engine: usize,
}

/// Everything a batch needs to run.
pub struct Plan {
    pub jobs: Vec<Job>,
    /// One engine per provider and model in use.
    pub engines: Vec<ProviderEngine>,
    /// The resolved settings of each provider in use (retry policy, host).
    pub resolved: HashMap<Provider, Resolved>,
}

/// What the command line gives every row.
pub struct Defaults<'a> {
    pub global: &'a GlobalArgs,
    pub voice: &'a VoiceArgs,
    pub format: Option<AudioFormat>,
    pub transport: Option<Transport>,
    pub out_dir: &'a Path,
    pub template: &'a str,
    pub ignored: &'a [String],
    pub base_dir: &'a Path,
    /// A dry run needs no key.
    pub need_key: bool,
}

/// Resolves and checks every row; all problems at once, or the plan.
pub fn plan(rows: &[RawRow], defaults: &Defaults<'_>, first: Resolved) -> Result<Plan, CliError> {
    let mut problems: Vec<String> = Vec::new();
    let default_provider = first.provider;
    let mut resolved: HashMap<Provider, Resolved> = HashMap::new();
    resolved.insert(first.provider, first);
    let mut engines: Vec<ProviderEngine> = Vec::new();
    let mut engine_index: HashMap<(Provider, String), usize> = HashMap::new();
    let mut jobs = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut outputs: HashMap<PathBuf, usize> = HashMap::new();
    let out_base = defaults
        .out_dir
        .canonicalize()
        .unwrap_or_else(|_| defaults.out_dir.to_path_buf());

    for row in rows {
        let label = |id: Option<&str>| match id {
            Some(id) => format!("row {} (id {id})", row.number),
            None => format!("row {}", row.number),
        };
        let id = row
            .fields
            .get("id")
            .map(value_text)
            .map(|s| s.trim().to_string());
        let here = label(id.as_deref().filter(|s| !s.is_empty()));
        let mut bad = |message: String| problems.push(format!("{here}: {message}"));

        let unknown: Vec<&str> = row
            .fields
            .keys()
            .map(String::as_str)
            .filter(|k| !KEYS.contains(k) && !defaults.ignored.iter().any(|i| i == k))
            .collect();
        if !unknown.is_empty() {
            bad(format!(
                "unknown key{} {} (known: {}; or --ignore-columns {})",
                if unknown.len() == 1 { "" } else { "s" },
                unknown.join(", "),
                KEYS.join(", "),
                unknown.join(",")
            ));
        }
        let Some(id) = id.filter(|id| !id.is_empty()) else {
            bad("no id".into());
            continue;
        };
        if let Some(first) = ids.insert(id.clone(), row.number) {
            bad(format!("the id is also used by row {first}"));
        }
        let text = match (row.fields.get("text"), row.fields.get("text_file")) {
            (Some(_), Some(_)) => {
                bad("both text and text_file; give one".into());
                continue;
            }
            (Some(text), None) => value_text(text),
            (None, Some(file)) => match read_text_file(defaults.base_dir, &value_text(file)) {
                Ok(text) => text,
                Err(e) => {
                    bad(e);
                    continue;
                }
            },
            (None, None) => {
                bad("no text (give text or text_file)".into());
                continue;
            }
        };

        let mut voice = defaults.voice.clone();
        let mut format = defaults.format;
        let mut provider = defaults.global.provider;
        let mut output: Option<String> = None;
        let mut field_errors = Vec::new();
        for (key, value) in &row.fields {
            if let Err(e) = apply(
                key,
                value,
                &mut voice,
                &mut format,
                &mut provider,
                &mut output,
            ) {
                field_errors.push(format!("{key}: {e}"));
            }
        }
        if !field_errors.is_empty() {
            for e in field_errors {
                bad(e);
            }
            continue;
        }

        // The provider's resolved settings (loaded once per provider).
        let provider = provider.unwrap_or(default_provider);
        if let std::collections::hash_map::Entry::Vacant(slot) = resolved.entry(provider) {
            let mut global = defaults.global.clone();
            global.provider = Some(provider);
            match Resolved::load(&global) {
                Ok(r) => {
                    slot.insert(r);
                }
                Err(e) => {
                    bad(e.message);
                    continue;
                }
            }
        }
        let settings = &resolved[&provider];
        let output_given = output.as_deref().map(Path::new);
        let spec = match settings.synthesis(format, &voice, None, output_given) {
            Ok(spec) => spec,
            Err(e) => {
                bad(e.message);
                continue;
            }
        };
        let transport = match settings.transport(defaults.transport) {
            Ok(t) => t,
            Err(e) => {
                bad(e.message);
                continue;
            }
        };
        let engine_at = match engine_index.get(&(provider, spec.model.clone())) {
            Some(&at) => at,
            None => {
                let key = match settings.api_key() {
                    Ok(key) => key.expose().to_string(),
                    Err(e) if defaults.need_key => {
                        bad(e.message);
                        continue;
                    }
                    Err(_) => String::new(),
                };
                match common::engine(settings, transport, &spec.model, &key) {
                    Ok(engine) => {
                        engines.push(engine);
                        engine_index.insert((provider, spec.model.clone()), engines.len() - 1);
                        engines.len() - 1
                    }
                    Err(e) => {
                        bad(e.message);
                        continue;
                    }
                }
            }
        };
        let engine = &engines[engine_at];
        if let Err(e) = engine.check_spec(&spec) {
            bad(e.message);
            continue;
        }
        let prepared = match engine.prepare_text(&text) {
            Ok(t) => t,
            Err(e) => {
                bad(e.message);
                continue;
            }
        };
        let limit = engine.capabilities().max_segment_chars;
        let segments = crate::text::split_segments(&prepared, limit, &(engine.markup())(&prepared));
        if spec.format == AudioFormat::Flac && segments.len() > 1 {
            bad(format!(
                "the text needs {} segments, and FLAC streams cannot be joined; use wav or mp3",
                segments.len()
            ));
            continue;
        }
        let relative = match output {
            Some(path) => path,
            None => render(defaults.template, &id, spec.format, provider, row.number),
        };
        let path = match safe_output(defaults.out_dir, &out_base, &relative) {
            Ok(path) => path,
            Err(e) => {
                bad(e);
                continue;
            }
        };
        if let Some(other) = outputs.insert(path.clone(), row.number) {
            bad(format!("writes {relative}, as row {other} does"));
            continue;
        }
        let billed = match provider {
            Provider::Minimax => segments.iter().map(|s| s.chars().count() as u64).sum(),
            Provider::Fish => segments.iter().map(|s| s.len() as u64).sum(),
        };
        let key = crate::cache::key(&spec, &settings.api.endpoint, &segments);
        jobs.push(Job {
            number: row.number,
            id,
            spec,
            segments,
            output: path,
            shown: relative,
            key,
            billed,
            engine: engine_at,
        });
    }
    if rows.is_empty() {
        problems.push("no rows".into());
    }
    if !problems.is_empty() {
        return Err(super::manifest::manifest_errors(&problems));
    }
    Ok(Plan {
        jobs,
        engines,
        resolved,
    })
}

/// A manifest value as text (CSV cells are strings; JSON numbers and booleans too).
fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn parse<T: FromStr<Err = String>>(value: &Value) -> Result<T, String> {
    T::from_str(value_text(value).trim())
}

fn choice<T: ValueEnum>(value: &Value) -> Result<T, String> {
    let text = value_text(value);
    T::from_str(text.trim(), true).map_err(|_| {
        let names: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        format!("'{text}' is not one of {}", names.join(", "))
    })
}

fn boolean(value: &Value) -> Result<bool, String> {
    match value_text(value).trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        other => Err(format!("'{other}' is not true or false")),
    }
}

/// Sets one row value over the command line's.
fn apply(
    key: &str,
    value: &Value,
    voice: &mut VoiceArgs,
    format: &mut Option<AudioFormat>,
    provider: &mut Option<Provider>,
    output: &mut Option<String>,
) -> Result<(), String> {
    match key {
        "provider" => *provider = Some(choice(value)?),
        "voice" => voice.voice = Some(value_text(value)),
        "model" => voice.model = Some(value_text(value)),
        "speed" => voice.speed = Some(parse(value)?),
        "vol" => voice.vol = Some(parse(value)?),
        "pitch" => voice.pitch = Some(parse(value)?),
        "emotion" => voice.emotion = Some(choice(value)?),
        "language_boost" => voice.language_boost = Some(parse(value)?),
        "pronounce" => {
            // A JSON list, or one cell with rules separated by ';'.
            let rules: Vec<String> = match value {
                Value::Array(items) => items.iter().map(value_text).collect(),
                other => value_text(other)
                    .split(';')
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(str::to_string)
                    .collect(),
            };
            voice.pronounce = rules
                .iter()
                .map(|r| r.parse())
                .collect::<Result<_, String>>()?;
        }
        "english_normalization" => voice.english_normalization = boolean(value)?,
        "format" => *format = Some(choice(value)?),
        "sample_rate" => voice.sample_rate = Some(parse(value)?),
        "bitrate" => voice.bitrate = Some(parse(value)?),
        "channels" => voice.channels = Some(parse(value)?),
        "effect_pitch" => voice.effect_pitch = Some(parse(value)?),
        "effect_intensity" => voice.effect_intensity = Some(parse(value)?),
        "effect_timbre" => voice.effect_timbre = Some(parse(value)?),
        "sound_effect" => voice.sound_effect = Some(choice(value)?),
        "latency" => voice.latency = Some(choice(value)?),
        "chunk_length" => voice.chunk_length = Some(parse(value)?),
        "normalize" => voice.no_normalize = !boolean(value)?,
        "temperature" => voice.temperature = Some(parse(value)?),
        "top_p" => voice.top_p = Some(parse(value)?),
        "output" => *output = Some(value_text(value)),
        // id, text, text_file, and ignored columns are taken elsewhere.
        _ => {}
    }
    Ok(())
}

fn read_text_file(base: &Path, name: &str) -> Result<String, String> {
    let path = base.join(name);
    let bytes = std::fs::read(&path).map_err(|e| format!("text_file {}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "text_file {} is not UTF-8 (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// The file name from the template.
fn render(template: &str, id: &str, format: AudioFormat, provider: Provider, row: usize) -> String {
    let ext = match format {
        AudioFormat::Opus => "opus",
        other => other.name(),
    };
    template
        .replace("{id}", id)
        .replace("{ext}", ext)
        .replace("{provider}", provider.flag_value())
        .replace("{row}", &row.to_string())
}

/// `relative` under `out_dir`, refusing what would leave it: absolute paths, `..`, and
/// existing symlinks (or directories) along the way that resolve outside.
fn safe_output(out_dir: &Path, out_base: &Path, relative: &str) -> Result<PathBuf, String> {
    let rel = Path::new(relative);
    if relative.trim().is_empty() || relative.ends_with('/') {
        return Err(format!("output '{relative}' is not a file name"));
    }
    for part in rel.components() {
        match part {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => {
                return Err(format!(
                    "output '{relative}' leaves the output directory (..)"
                ));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "output '{relative}' is absolute; give a path inside --out-dir"
                ));
            }
        }
    }
    let mut at = out_dir.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(_) => {
                let real = at
                    .canonicalize()
                    .map_err(|e| format!("output '{relative}': {e}"))?;
                if !real.starts_with(out_base) {
                    return Err(format!(
                        "output '{relative}' leads outside the output directory (through a symlink)"
                    ));
                }
            }
            Err(_) => break,
        }
    }
    Ok(out_dir.join(rel))
}

/// Rows by id, for reports.
pub fn by_id(jobs: &[Job]) -> BTreeMap<&str, &Job> {
    jobs.iter().map(|j| (j.id.as_str(), j)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_disjoint_and_cover_everything() {
        let ids: Vec<String> = (0..1000).map(|i| format!("line-{i}")).collect();
        let shards: Vec<Shard> = (1..=4).map(|k| Shard { index: k, count: 4 }).collect();
        for id in &ids {
            assert_eq!(shards.iter().filter(|s| s.contains(id)).count(), 1, "{id}");
        }
        let first = ids.iter().filter(|id| shards[0].contains(id)).count();
        assert!((180..320).contains(&first), "{first}");
        assert!("0/4".parse::<Shard>().is_err() && "5/4".parse::<Shard>().is_err());
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
    }

    #[test]
    fn outputs_stay_inside() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        assert!(safe_output(dir.path(), &base, "a/b.mp3").is_ok());
        assert!(safe_output(dir.path(), &base, "../x.mp3").is_err());
        assert!(safe_output(dir.path(), &base, "/etc/x.mp3").is_err());
        std::os::unix::fs::symlink("/tmp", dir.path().join("out")).unwrap();
        assert!(safe_output(dir.path(), &base, "out/x.mp3").is_err());
    }
}
