//! Making and removing MiniMax voices: cloning from a sample
//! (<https://platform.minimax.io/docs/api-reference/voice-cloning-clone> and the guide
//! <https://platform.minimax.io/docs/guides/speech-voice-clone>), design from a description
//! (<https://platform.minimax.io/docs/api-reference/voice-design-design>) and deletion
//! (<https://platform.minimax.io/docs/api-reference/voice-management-delete>).
//!
//! The local rules (formats, durations, the voice id's form) are checked here too, so a
//! command can refuse a sample before anything is uploaded.

use std::time::Duration;

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::http::HttpClient;
use super::status;
use crate::audio::sample::{Sample, SampleFormat};
use crate::engine::advice::{Advice, Step};
use crate::engine::error::EngineError;

/// A clone sample: 10 s to 5 min, at most 20 MB, MP3, M4A or WAV (the voice-clone guide).
pub const SAMPLE_MIN: Duration = Duration::from_secs(10);
pub const SAMPLE_MAX: Duration = Duration::from_secs(300);
pub const SAMPLE_MAX_BYTES: u64 = 20 * 1000 * 1000;
/// The optional prompt clip: under 8 s.
pub const PROMPT_MAX: Duration = Duration::from_secs(8);
/// A design's preview line: at most 500 characters.
pub const PREVIEW_MAX_CHARS: usize = 500;
/// Formats the clone endpoints take.
pub const CLONE_FORMATS: &[SampleFormat] =
    &[SampleFormat::Mp3, SampleFormat::M4a, SampleFormat::Wav];

/// What a sample or clip is for: the upload's `purpose`, and its rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// The voice sample (`voice_clone`).
    Sample,
    /// The short example for `clone_prompt` (`prompt_audio`).
    Prompt,
}

impl Purpose {
    pub fn api_name(self) -> &'static str {
        match self {
            Purpose::Sample => "voice_clone",
            Purpose::Prompt => "prompt_audio",
        }
    }
}

/// Checks an inspected file of `len` bytes against the rules for `purpose`.
pub fn check_sample(purpose: Purpose, sample: &Sample, len: u64) -> Result<(), EngineError> {
    if !CLONE_FORMATS.contains(&sample.format) {
        return Err(EngineError::input(
            format!(
                "is {} audio; MiniMax clones from MP3, M4A or WAV",
                sample.format.name()
            ),
            "convert it to WAV or MP3 first",
        ));
    }
    let seconds = |d: Duration| format!("{:.1} s", d.as_secs_f64());
    let duration = sample.duration.unwrap_or_default();
    match purpose {
        Purpose::Sample => {
            if len > SAMPLE_MAX_BYTES {
                return Err(EngineError::input(
                    format!("is {:.1} MB; MiniMax takes at most 20 MB", len as f64 / 1e6),
                    "cut it to a few minutes, or save it as MP3",
                ));
            }
            if duration < SAMPLE_MIN || duration > SAMPLE_MAX {
                return Err(EngineError::input(
                    format!(
                        "lasts {}; a clone sample must last 10 s to 5 min",
                        seconds(duration)
                    ),
                    "use a recording of 10 s to 5 min (30 s to 2 min of clear speech works well)",
                ));
            }
        }
        Purpose::Prompt => {
            if duration >= PROMPT_MAX {
                return Err(EngineError::input(
                    format!(
                        "lasts {}; the prompt clip must be under 8 s",
                        seconds(duration)
                    ),
                    "cut the clip to one sentence of the same speaker",
                ));
            }
        }
    }
    Ok(())
}

/// The voice id's documented form: 8 to 256 characters, a letter first, then letters,
/// digits, `-` or `_`.
pub fn check_voice_id(id: &str) -> Result<(), EngineError> {
    let advice = "choose an id of 8 to 256 letters, digits, - or _, starting with a letter, e.g. narrator-anna-01";
    let count = id.chars().count();
    if !(8..=256).contains(&count) {
        return Err(EngineError::input(
            format!("the voice id must have 8 to 256 characters, not {count}"),
            advice,
        ));
    }
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(EngineError::input(
            "the voice id must start with a letter",
            advice,
        ));
    }
    if let Some(bad) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(EngineError::input(
            format!(
                "the voice id may hold letters, digits, - and _ only, not {:?}",
                bad
            ),
            advice,
        ));
    }
    Ok(())
}

/// `clone_prompt`: a short clip of the same speaker and its transcript.
#[derive(Clone, Debug, Serialize)]
pub struct ClonePrompt {
    pub prompt_audio: u64,
    pub prompt_text: String,
}

/// The body of `POST /v1/voice_clone`.
#[derive(Clone, Debug, Serialize)]
pub struct CloneRequest {
    pub file_id: u64,
    pub voice_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clone_prompt: Option<ClonePrompt>,
    /// A preview sentence: the reply then carries a demo (a URL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Required with `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_boost: Option<String>,
    pub need_noise_reduction: bool,
    pub need_volume_normalization: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<f64>,
}

/// The reply of a clone.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Cloned {
    /// The demo's URL (empty without a preview).
    #[serde(default)]
    pub demo_audio: Option<String>,
    /// A bool in the SDKs, an object in one digest: anything truthy counts.
    #[serde(default)]
    pub input_sensitive: Value,
}

impl Cloned {
    pub fn demo_url(&self) -> Option<&str> {
        self.demo_audio.as_deref().filter(|u| !u.trim().is_empty())
    }

    pub fn flagged(&self) -> bool {
        match &self.input_sensitive {
            Value::Bool(b) => *b,
            Value::Number(n) => n.as_i64().is_some_and(|n| n != 0),
            Value::Object(o) => o.values().any(|v| v.as_bool() == Some(true)),
            _ => false,
        }
    }
}

/// The body of `POST /v1/voice_design`.
#[derive(Clone, Debug, Serialize)]
pub struct DesignRequest {
    pub prompt: String,
    pub preview_text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice_id: Option<String>,
}

/// The reply of a design: the voice's id and its trial audio (hex MP3).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Designed {
    #[serde(default)]
    pub voice_id: Option<String>,
    #[serde(default)]
    pub trial_audio: Option<String>,
}

/// A voice one made, by how it was made (`voice_type` of `delete_voice`).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MadeVoice {
    Cloned,
    Designed,
}

impl MadeVoice {
    pub fn api_name(self) -> &'static str {
        match self {
            MadeVoice::Cloned => "voice_cloning",
            MadeVoice::Designed => "voice_generation",
        }
    }
}

impl HttpClient {
    /// `POST /v1/voice_clone`. Never resent after a lost reply: the voice may exist
    /// then, and a second clone of the same id is refused (2039).
    pub async fn clone_voice(&self, request: &CloneRequest) -> Result<Cloned, EngineError> {
        self.json_call("voice_clone", false, || {
            self.request(Method::POST, "/v1/voice_clone").json(request)
        })
        .await
        .map_err(|e| clone_refusal(e, &request.voice_id))
    }

    /// `POST /v1/voice_design`: billed, so never resent after a lost reply.
    pub async fn design_voice(&self, request: &DesignRequest) -> Result<Designed, EngineError> {
        let designed: Designed = self
            .json_call("voice_design", false, || {
                self.request(Method::POST, "/v1/voice_design").json(request)
            })
            .await
            .map_err(|e| match e.status {
                Some(1008) => e.with_advice(
                    "voice design needs a pay-as-you-go balance (a Token Plan key may be refused); top up the account",
                ),
                _ => clone_refusal(e, request.voice_id.as_deref().unwrap_or("")),
            })?;
        if designed.voice_id.as_deref().is_none_or(str::is_empty) {
            return Err(status::malformed("the design response has no voice_id").fatal());
        }
        Ok(designed)
    }

    /// `POST /v1/delete_voice`.
    pub async fn delete_voice(&self, voice_id: &str, kind: MadeVoice) -> Result<(), EngineError> {
        let body = serde_json::json!({"voice_id": voice_id, "voice_type": kind.api_name()});
        let _: Value = self
            .json_call("delete_voice", false, || {
                self.request(Method::POST, "/v1/delete_voice").json(&body)
            })
            .await
            .map_err(|e| match e.status {
                Some(2042 | 20132) => {
                    e.with_advice(Step::ListOwnVoices(crate::spec::Provider::Minimax))
                }
                _ => e,
            })?;
        Ok(())
    }
}

/// The documented clone refusals, in words about the clone (the generic table reads
/// 20132 as an unknown voice, which is what it means for synthesis).
fn clone_refusal(mut e: EngineError, voice_id: &str) -> EngineError {
    let id = crate::report::sanitized(voice_id);
    let (message, advice) = match e.status {
        Some(1043) => (
            "MiniMax's check of the sample's transcript failed".to_string(),
            Advice::say("use a clearer recording of one speaker with little noise")
                .or(Step::Add {
                    option: "noise_reduction",
                })
                .or(Step::Lower {
                    option: "accuracy",
                    example: "0.5".into(),
                }),
        ),
        Some(1044) => (
            "the prompt clip does not sound like the sample's speaker".to_string(),
            Advice::to(Step::About {
                option: "prompt_audio",
                words:
                    "must be a clip of the same speaker, with its exact words as the prompt text"
                        .into(),
            }),
        ),
        Some(2037) => (
            "MiniMax found the sample's duration out of range".to_string(),
            Advice::say("use a recording of 10 s to 5 min"),
        ),
        Some(2039) => (
            format!("the voice id {id} already exists"),
            Advice::to(Step::Another { option: "voice_id" }).or(Step::say(format!(
                "delete the old voice first: minimax-tts voices delete {id}"
            ))),
        ),
        Some(2042) => (
            format!("this API key has no access to the voice id {id}"),
            Advice::to(Step::Another { option: "voice_id" })
                .noting("the id may belong to another account"),
        ),
        Some(2048) => (
            "the prompt clip is too long".to_string(),
            Advice::to(Step::About {
                option: "prompt_audio",
                words: "must last under 8 s".into(),
            }),
        ),
        Some(20132) => (
            "MiniMax refused the samples or the voice id".to_string(),
            Advice::say(
                "check the sample (MP3, M4A or WAV, 10 s to 5 min, at most 20 MB) and the id's form (8 to 256 letters, digits, - or _, starting with a letter)",
            ),
        ),
        _ => return e,
    };
    let server = e
        .message
        .split_once(": ")
        .map(|(_, detail)| format!(": {detail}"))
        .unwrap_or_default();
    e.message = format!("{message}{server}");
    e.advice = Some(Box::new(advice));
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_ids_follow_the_documented_form() {
        for good in [
            "narrator1",
            "Anna_voice-2025",
            &format!("a{}", "b".repeat(255)),
        ] {
            assert!(check_voice_id(good).is_ok(), "{good}");
        }
        for bad in [
            "short1",
            "1narrator",
            "narr ator",
            "narrator!",
            "_narrator",
            &"a".repeat(257),
        ] {
            assert!(check_voice_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn samples_are_judged_by_duration_size_and_format() {
        let sample = |format, secs: f64| Sample {
            format,
            duration: Some(Duration::from_secs_f64(secs)),
        };
        assert!(check_sample(Purpose::Sample, &sample(SampleFormat::Wav, 10.0), 1000).is_ok());
        assert!(check_sample(Purpose::Sample, &sample(SampleFormat::Wav, 9.9), 1000).is_err());
        assert!(check_sample(Purpose::Sample, &sample(SampleFormat::Mp3, 301.0), 1000).is_err());
        assert!(
            check_sample(
                Purpose::Sample,
                &sample(SampleFormat::Mp3, 60.0),
                20_000_001
            )
            .is_err()
        );
        assert!(check_sample(Purpose::Sample, &sample(SampleFormat::Flac, 60.0), 1000).is_err());
        assert!(check_sample(Purpose::Prompt, &sample(SampleFormat::M4a, 7.9), 1000).is_ok());
        assert!(check_sample(Purpose::Prompt, &sample(SampleFormat::M4a, 8.0), 1000).is_err());
    }

    #[test]
    fn file_ids_above_2_pow_53_stay_exact() {
        let id = (1u64 << 53) + 1;
        let body = serde_json::to_string(&CloneRequest {
            file_id: id,
            voice_id: "narrator1".into(),
            clone_prompt: Some(ClonePrompt {
                prompt_audio: id + 2,
                prompt_text: "hi".into(),
            }),
            text: None,
            model: None,
            language_boost: None,
            need_noise_reduction: false,
            need_volume_normalization: false,
            accuracy: None,
        })
        .unwrap();
        assert!(body.contains("\"file_id\":9007199254740993"), "{body}");
        assert!(body.contains("\"prompt_audio\":9007199254740995"), "{body}");
        let parsed: serde_json::Value =
            serde_json::from_str(r#"{"file":{"file_id":9007199254740993}}"#).unwrap();
        assert_eq!(parsed["file"]["file_id"].as_u64(), Some(id));
    }
}
