//! Timed subtitles, kept as cues and written as SRT, WebVTT or JSON. How a provider
//! delivers them is the engine's (`engine::minimax::subtitles`).

use std::path::Path;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Cue {
    pub text: String,
    /// Milliseconds.
    pub start: f64,
    pub end: f64,
    /// Word timings (word mode), in milliseconds on the same clock.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<Word>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Word {
    pub word: String,
    pub start: f64,
    pub end: f64,
}

impl Cue {
    /// The same cue `offset_ms` later (segments are timed from their own start).
    pub fn shifted(mut self, offset_ms: f64) -> Cue {
        self.start += offset_ms;
        self.end += offset_ms;
        for word in &mut self.words {
            word.start += offset_ms;
            word.end += offset_ms;
        }
        self
    }
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
    fn renders_srt_and_vtt() {
        let cues = vec![
            Cue {
                text: "Hello there.".into(),
                start: 0.0,
                end: 1234.5,
                words: Vec::new(),
            },
            Cue {
                text: "Second.".into(),
                start: 1234.5,
                end: 3_723_001.0,
                words: Vec::new(),
            },
        ];
        assert_eq!(
            render(&cues, SubtitleFormat::Srt),
            "1\n00:00:00,000 --> 00:00:01,235\nHello there.\n\n2\n00:00:01,235 --> 01:02:03,001\nSecond.\n\n"
        );
        assert!(
            render(&cues, SubtitleFormat::Vtt)
                .starts_with("WEBVTT\n\n00:00:00.000 --> 00:00:01.235\nHello there.\n")
        );
    }
}
