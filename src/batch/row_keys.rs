//! A row's keys, read through the options' reader one at a time, so each problem names
//! its key: the row's own (`id`, `output`, `pause_after`, …) and the voice and finishing
//! options.

use std::collections::BTreeMap;

use serde::de::{self, MapAccess};
use serde_json::Value;

use super::manifest::RawRow;
use crate::options::{FinishOptions, Options, VoiceOptions, unknown_key};
use crate::spec::{MAX_PAUSE_MS, Provider};

/// A row's own keys; the rest are the voice options ([`VoiceOptions::KEYS`]).
pub const ROW_KEYS: &[&str] = &[
    "id",
    "text",
    "text_file",
    "output",
    "provider",
    "reference_audio",
    "reference_text",
    "pause_after",
    "chapter",
];

/// A row's settings, read by the options' reader (one wording for unknown keys, types
/// and ranges, whatever the source).
#[derive(Default)]
pub struct RowSettings {
    pub provider: Option<Provider>,
    pub output: Option<String>,
    /// In a joined production: silence after this row, and a chapter that starts here.
    pub pause_after_ms: Option<u64>,
    pub chapter: Option<String>,
    pub voice: VoiceOptions,
    pub finish: FinishOptions,
}

/// The provider and voice settings given as manifest keys elsewhere (a server's
/// request, a configured speaker), read by the row reader: the same checks and the same
/// wording as in a manifest. Keys that only make sense for a row (its output, pause,
/// chapter, finishing) are left out.
pub fn read_voice_keys(
    fields: &BTreeMap<String, Value>,
) -> Result<(Option<Provider>, VoiceOptions), Vec<String>> {
    let mut problems = Vec::new();
    let row = RawRow {
        number: 0,
        fields: fields.clone(),
    };
    let settings = read_row(&row, &[], &mut problems);
    match problems.is_empty() {
        true => Ok((settings.provider, settings.voice)),
        false => Err(problems),
    }
}

/// Reads a row's settings through the options' reader, one key at a time so that each
/// problem names its key; the row's own keys (`id`, `text`, …) and ignored columns are
/// left to the caller.
pub fn read_row(row: &RawRow, ignored: &[String], problems: &mut Vec<String>) -> RowSettings {
    let mut settings = RowSettings::default();
    for (key, value) in &row.fields {
        if ignored.iter().any(|i| i == key) {
            continue;
        }
        if let Err(e) = read_key(&mut settings, key, value) {
            problems.push(e.to_string());
        }
    }
    settings
}

/// One key of a row: the row's own, or a voice option.
fn read_key(settings: &mut RowSettings, key: &str, value: &Value) -> Result<(), serde_json::Error> {
    let named = |e: serde_json::Error| de::Error::custom(format!("{key}: {e}"));
    match key {
        "id" | "text" | "text_file" | "reference_audio" | "reference_text" => Ok(()),
        "provider" => {
            settings.provider = Some(serde_json::from_value(value.clone()).map_err(named)?);
            Ok(())
        }
        "output" => match value {
            Value::String(path) => {
                settings.output = Some(path.clone());
                Ok(())
            }
            _ => Err(de::Error::custom("output: expected a string")),
        },
        "pause_after" => {
            settings.pause_after_ms = pause_after(value)?;
            Ok(())
        }
        "chapter" => match value {
            Value::String(title) if title.trim().is_empty() => Ok(()),
            Value::String(title) => {
                settings.chapter = Some(title.trim().to_string());
                Ok(())
            }
            _ => Err(de::Error::custom("chapter: expected a title")),
        },
        _ => {
            let mut one = One {
                key: Some(key),
                value,
            };
            let _ = one.next_key::<String>()?;
            if settings.voice.take(key, &mut one).map_err(named)?
                || settings.finish.take(key, &mut one).map_err(named)?
            {
                Ok(())
            } else {
                let unknown: serde_json::Error =
                    unknown_key(key, &[ROW_KEYS, VoiceOptions::KEYS, FinishOptions::KEYS]);
                Err(de::Error::custom(format!(
                    "{unknown}; or --ignore-columns {key}"
                )))
            }
        }
    }
}

/// One key and its value, read by the options' reader as a map of one entry.
struct One<'a> {
    key: Option<&'a str>,
    value: &'a Value,
}
impl<'de, 'a> MapAccess<'de> for One<'a> {
    type Error = serde_json::Error;
    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match self.key.take() {
            Some(key) => seed
                .deserialize(de::value::StrDeserializer::<serde_json::Error>::new(key))
                .map(Some),
            None => Ok(None),
        }
    }
    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        seed.deserialize(self.value.clone())
    }
}

/// A row's `pause_after`: none when blank.
fn pause_after(value: &Value) -> Result<Option<u64>, serde_json::Error> {
    // A count is milliseconds (the key's unit, and all a CSV cell can say as a
    // number); text is a duration in the one grammar (`400ms`, `1.5s`).
    let ms = match value {
        Value::Number(n) => n.as_u64().ok_or_else(String::new),
        Value::String(s) if s.trim().is_empty() => return Ok(None),
        Value::String(s) => match s.trim().parse::<u64>() {
            Ok(ms) => Ok(ms),
            Err(_) => crate::spec::parse_pause_ms(s),
        },
        _ => Err(String::new()),
    };
    match ms {
        Ok(ms) if ms <= MAX_PAUSE_MS => Ok(Some(ms)),
        Err(why) if !why.is_empty() => Err(de::Error::custom(format!("pause_after: {why}"))),
        _ => Err(de::Error::custom(format!(
            "pause_after: expected milliseconds from 0 to {MAX_PAUSE_MS} (or a duration such as 1.5s)"
        ))),
    }
}
