//! Subtitles from an async job's `.titles` file (a JSON array of sentences with
//! `text`, `time_begin` and `time_end` in milliseconds), as SRT, WebVTT or JSON.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Cue {
    pub text: String,
    /// Milliseconds.
    pub start: f64,
    pub end: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubtitleFormat {
    Srt,
    Vtt,
    Json,
}

impl SubtitleFormat {
    pub fn from_path(path: &Path) -> Option<SubtitleFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "srt" => Some(SubtitleFormat::Srt),
            "vtt" => Some(SubtitleFormat::Vtt),
            "json" => Some(SubtitleFormat::Json),
            _ => None,
        }
    }
}

/// Reads the `.titles` JSON; entries without text or times are skipped.
pub fn parse_titles(bytes: &[u8]) -> Result<Vec<Cue>, String> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| format!("the subtitles are not JSON: {e}"))?;
    let items = match value {
        Value::Array(items) => items,
        Value::Object(mut o) => match o.remove("subtitles").or_else(|| o.remove("data")) {
            Some(Value::Array(items)) => items,
            _ => return Err("the subtitles JSON holds no list of sentences".into()),
        },
        _ => return Err("the subtitles JSON holds no list of sentences".into()),
    };
    let number = |v: &Value| {
        v.as_f64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
    };
    Ok(items
        .iter()
        .filter_map(|item| {
            let text = item.get("text")?.as_str()?.trim().to_string();
            let start = number(item.get("time_begin")?)?;
            let end = number(item.get("time_end")?)?;
            (!text.is_empty() && end >= start).then_some(Cue { text, start, end })
        })
        .collect())
}

fn timestamp(ms: f64, separator: char) -> String {
    let total = ms.max(0.0).round() as u64;
    let (h, m, s, milli) = (
        total / 3_600_000,
        total / 60_000 % 60,
        total / 1000 % 60,
        total % 1000,
    );
    format!("{h:02}:{m:02}:{s:02}{separator}{milli:03}")
}

pub fn render(cues: &[Cue], format: SubtitleFormat) -> String {
    match format {
        SubtitleFormat::Srt => cues
            .iter()
            .enumerate()
            .map(|(i, c)| {
                format!(
                    "{}\n{} --> {}\n{}\n\n",
                    i + 1,
                    timestamp(c.start, ','),
                    timestamp(c.end, ','),
                    c.text
                )
            })
            .collect(),
        SubtitleFormat::Vtt => {
            let mut out = String::from("WEBVTT\n\n");
            for c in cues {
                out.push_str(&format!(
                    "{} --> {}\n{}\n\n",
                    timestamp(c.start, '.'),
                    timestamp(c.end, '.'),
                    c.text
                ));
            }
            out
        }
        SubtitleFormat::Json => serde_json::to_string_pretty(cues).unwrap_or_default() + "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_titles_to_srt_and_vtt() {
        let titles = br#"[{"text":"Hello there.","pronounce_text":"Hello there.","time_begin":0,"time_end":1234.5,"text_begin":0,"text_end":12},
                          {"text":"Second.","time_begin":1234.5,"time_end":3723001}]"#;
        let cues = parse_titles(titles).unwrap();
        assert_eq!(cues.len(), 2);
        assert_eq!(
            render(&cues, SubtitleFormat::Srt),
            "1\n00:00:00,000 --> 00:00:01,235\nHello there.\n\n2\n00:00:01,235 --> 01:02:03,001\nSecond.\n\n"
        );
        assert!(
            render(&cues, SubtitleFormat::Vtt)
                .starts_with("WEBVTT\n\n00:00:00.000 --> 00:00:01.235\nHello there.\n")
        );
        assert!(parse_titles(b"nope").is_err());
    }
}
