//! Wire types for MiniMax's speech API
//! (<https://platform.minimax.io/docs/api-reference/speech-t2a-websocket> and
//! <https://platform.minimax.io/docs/api-reference/speech-t2a-http>).
//!
//! Requests use the exact field names MiniMax documents (misspelled fields are silently
//! ignored by the server, so they live only here). Responses are parsed leniently: every
//! field is optional and ids may come as numbers or strings.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use std::collections::VecDeque;

use crate::engine::{EngineError, Event};
use crate::spec::{Codec, EffectAmount, MiniMaxExtras, SubtitleType, SynthesisSpec};
use crate::subtitles::Cue;

/// Audio encodings the server can stream (`audio_setting.format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WireFormat {
    Mp3,
    Pcm,
    Flac,
}

impl WireFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            WireFormat::Mp3 => "mp3",
            WireFormat::Pcm => "pcm",
            WireFormat::Flac => "flac",
        }
    }

    pub fn of(codec: Codec) -> WireFormat {
        match codec {
            // Opus is refused by `check_spec` before any request.
            Codec::Mp3 | Codec::Opus => WireFormat::Mp3,
            Codec::Flac => WireFormat::Flac,
            Codec::Pcm => WireFormat::Pcm,
        }
    }
}

/// `voice_setting`. `emotion` belongs here, not at the top level.
#[derive(Clone, Debug, Serialize)]
pub struct VoiceSetting {
    pub voice_id: String,
    pub speed: f64,
    pub vol: f64,
    pub pitch: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emotion: Option<String>,
    /// The WebSocket and async name; HTTP calls it `text_normalization`.
    pub english_normalization: bool,
}

/// `audio_setting` as the WebSocket and sync HTTP APIs name it.
#[derive(Clone, Debug, Serialize)]
pub struct AudioSetting {
    pub sample_rate: u32,
    pub bitrate: u32,
    pub format: WireFormat,
    pub channel: u8,
}

/// `pronunciation_dict`: `{"tone": ["word/replacement", …]}`.
#[derive(Clone, Debug, Serialize)]
pub struct PronunciationDict {
    pub tone: Vec<String>,
}

/// `voice_modify` effects.
#[derive(Clone, Debug, Default, Serialize)]
pub struct VoiceModify {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pitch: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intensity: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timbre: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sound_effects: Option<String>,
}

impl VoiceModify {
    pub fn is_empty(&self) -> bool {
        self.pitch.is_none()
            && self.intensity.is_none()
            && self.timbre.is_none()
            && self.sound_effects.is_none()
    }
}

/// Everything a synthesis request carries besides the text: the body of `task_start`
/// (and, later, of the HTTP request).
#[derive(Clone, Debug, Serialize)]
pub struct SynthesisRequest {
    pub model: String,
    pub voice_setting: VoiceSetting,
    pub audio_setting: AudioSetting,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pronunciation_dict: Option<PronunciationDict>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_boost: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice_modify: Option<VoiceModify>,
    /// Inline timed subtitles (`data.subtitle`); the exact name matters: other
    /// spellings are ignored by the server.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub subtitle_enable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle_type: Option<&'static str>,
}

impl SynthesisRequest {
    /// MiniMax's request for `spec` (WAV is streamed as PCM; the header is added locally).
    /// The request for `spec` (a MiniMax spec: `check_spec` has passed).
    pub fn from_spec(spec: &SynthesisSpec) -> SynthesisRequest {
        let default = MiniMaxExtras::default();
        let extras = spec.minimax().unwrap_or(&default);
        let effects = &extras.effects;
        let voice_modify = VoiceModify {
            pitch: effects.pitch.map(EffectAmount::get),
            intensity: effects.intensity.map(EffectAmount::get),
            timbre: effects.timbre.map(EffectAmount::get),
            sound_effects: effects.sound.map(|e| e.as_str().to_string()),
        };
        SynthesisRequest {
            model: spec.model.clone(),
            voice_setting: VoiceSetting {
                voice_id: spec
                    .voice
                    .clone()
                    .unwrap_or_else(|| super::DEFAULT_VOICE.to_string()),
                speed: spec.speed.get(),
                vol: spec.volume.get(),
                pitch: extras.pitch.get(),
                emotion: extras.emotion.map(|e| e.as_str().to_string()),
                english_normalization: extras.english_normalization,
            },
            audio_setting: AudioSetting {
                sample_rate: spec.sample_rate.get(),
                bitrate: spec.bitrate.get(),
                format: WireFormat::of(spec.format.codec()),
                channel: spec.channels.get(),
            },
            pronunciation_dict: (!extras.pronunciations.is_empty()).then(|| PronunciationDict {
                tone: extras
                    .pronunciations
                    .iter()
                    .map(|p| p.as_str().to_string())
                    .collect(),
            }),
            language_boost: extras.language.as_ref().map(super::rules::language_boost),
            voice_modify: (!voice_modify.is_empty()).then_some(voice_modify),
            subtitle_enable: spec.subtitles.is_some(),
            subtitle_type: spec.subtitles.map(|t| match t {
                SubtitleType::Sentence => "sentence",
                SubtitleType::Word => "word",
            }),
        }
    }

    /// The body of a streamed `POST /v1/t2a_v2` for `text`. HTTP names the normalization
    /// switch `text_normalization`, and the final event would repeat the whole audio
    /// unless `exclude_aggregated_audio` is set.
    pub fn http_stream_body(&self, text: &str) -> Value {
        let mut body = serde_json::to_value(self).unwrap_or_default();
        if let Some(object) = body.as_object_mut() {
            object.insert("text".into(), Value::String(text.to_string()));
            object.insert("stream".into(), Value::Bool(true));
            object.insert(
                "stream_options".into(),
                serde_json::json!({ "exclude_aggregated_audio": true }),
            );
        }
        if let Some(voice) = body.get_mut("voice_setting").and_then(Value::as_object_mut)
            && let Some(normalization) = voice.remove("english_normalization")
        {
            voice.insert("text_normalization".into(), normalization);
        }
        body
    }
}

/// Client → server WebSocket events.
#[derive(Debug, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ClientEvent<'a> {
    TaskStart {
        #[serde(flatten)]
        request: &'a SynthesisRequest,
    },
    TaskContinue {
        text: &'a str,
    },
    TaskFinish,
}

/// `base_resp`: present on every response; 0 means success.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct BaseResp {
    #[serde(default, deserialize_with = "lenient_i64")]
    pub status_code: Option<i64>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub status_msg: Option<String>,
    /// On api.minimaxi.com the trace id may sit here (unconfirmed).
    #[serde(default, deserialize_with = "lenient_string")]
    pub trace_id: Option<String>,
}

/// `data` of a `task_continued` event or of a streamed HTTP event.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct AudioData {
    #[serde(default, deserialize_with = "lenient_string")]
    pub audio: Option<String>,
    /// HTTP stream: 1 = a piece of audio, 2 = the last event.
    #[serde(default, deserialize_with = "lenient_i64")]
    pub status: Option<i64>,
    /// Inline timed subtitles (an object, or a list of them).
    #[serde(default)]
    pub subtitle: Option<Value>,
    /// A URL of the subtitles as a JSON list (non-streamed HTTP).
    #[serde(default, deserialize_with = "lenient_string")]
    pub subtitle_file: Option<String>,
}

/// `extra_info` of a final message.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ExtraInfo {
    /// Milliseconds of audio.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub audio_length: Option<u64>,
    /// Bytes of audio.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub audio_size: Option<u64>,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub usage_characters: Option<u64>,
}

/// Any server → client WebSocket event. Nothing is required.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ServerEvent {
    #[serde(default, deserialize_with = "lenient_string")]
    pub event: Option<String>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub trace_id: Option<String>,
    #[serde(default, deserialize_with = "lenient_bool")]
    pub is_final: Option<bool>,
    #[serde(default, deserialize_with = "lenient_struct")]
    pub data: Option<AudioData>,
    #[serde(default, deserialize_with = "lenient_struct")]
    pub extra_info: Option<ExtraInfo>,
    #[serde(default, deserialize_with = "lenient_struct")]
    pub base_resp: Option<BaseResp>,
}

impl ServerEvent {
    /// The non-zero status code, if any.
    pub fn error_code(&self) -> Option<i64> {
        self.base_resp
            .as_ref()
            .and_then(|b| b.status_code)
            .filter(|&code| code != 0)
    }

    pub fn status_msg(&self) -> String {
        self.base_resp
            .as_ref()
            .and_then(|b| b.status_msg.clone())
            .unwrap_or_default()
    }

    /// The trace id wherever the server put it.
    pub fn trace(&self) -> Option<String> {
        self.trace_id
            .clone()
            .or_else(|| self.base_resp.as_ref().and_then(|b| b.trace_id.clone()))
    }

    pub fn is(&self, name: &str) -> bool {
        self.event.as_deref() == Some(name)
    }

    pub fn hex_audio(&self) -> &str {
        self.data
            .as_ref()
            .and_then(|d| d.audio.as_deref())
            .unwrap_or("")
    }

    /// The audio, hex-decoded.
    pub fn audio(&self) -> Result<Vec<u8>, hex::FromHexError> {
        hex::decode(self.hex_audio())
    }

    /// What an audio event carries for the session: the decoded audio and, before it,
    /// any subtitles (both transports deliver them the same way).
    pub fn payload(&self, ready: &mut VecDeque<Event>) -> Result<Vec<u8>, EngineError> {
        let audio = self
            .audio()
            .map_err(|e| super::status::malformed(format!("audio is not valid hex ({e})")))?;
        let cues = self.subtitles();
        if !cues.is_empty() {
            ready.push_back(Event::Subtitles(cues));
        }
        Ok(audio)
    }

    /// Inline subtitles, as cues with times from the start of the segment.
    pub fn subtitles(&self) -> Vec<Cue> {
        self.data
            .as_ref()
            .and_then(|d| d.subtitle.as_ref())
            .map(super::subtitles::parse_cues)
            .unwrap_or_default()
    }
}

// Lenient field parsers: a field of an unexpected shape becomes `None` instead of failing
// the whole message, since the API's schemas disagree with each other and with reality.

fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}

pub(crate) fn lenient_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

pub(crate) fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => Some(b),
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        Value::String(s) => match s.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    })
}

fn lenient_struct<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> Deserialize<'a>,
{
    let value = Value::deserialize(d)?;
    if value.is_object() {
        Ok(serde_json::from_value(value).ok())
    } else {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_start_puts_settings_at_the_top_level() {
        let request = SynthesisRequest {
            model: "speech-2.8-hd".into(),
            voice_setting: VoiceSetting {
                voice_id: "v".into(),
                speed: 1.0,
                vol: 1.0,
                pitch: 0,
                emotion: Some("happy".into()),
                english_normalization: false,
            },
            audio_setting: AudioSetting {
                sample_rate: 32000,
                bitrate: 128000,
                format: WireFormat::Mp3,
                channel: 1,
            },
            pronunciation_dict: Some(PronunciationDict {
                tone: vec!["Omg/Oh my god".into()],
            }),
            language_boost: None,
            voice_modify: None,
            subtitle_enable: false,
            subtitle_type: None,
        };
        let json = serde_json::to_value(ClientEvent::TaskStart { request: &request }).unwrap();
        let http = request.http_stream_body("Hi.");
        assert_eq!(http["text"], "Hi.");
        assert_eq!(http["stream"], true);
        assert_eq!(http["stream_options"]["exclude_aggregated_audio"], true);
        assert_eq!(http["voice_setting"]["text_normalization"], false);
        assert!(http["voice_setting"].get("english_normalization").is_none());
        assert!(http.get("subtitle_enable").is_none());
        assert_eq!(json["event"], "task_start");
        assert_eq!(json["model"], "speech-2.8-hd");
        assert_eq!(json["voice_setting"]["emotion"], "happy");
        assert_eq!(json["audio_setting"]["format"], "mp3");
        assert_eq!(json["pronunciation_dict"]["tone"][0], "Omg/Oh my god");
        assert!(json.get("text").is_none());
        assert!(json.get("emotion").is_none());
        assert!(json.get("language_boost").is_none());
    }

    #[test]
    fn server_events_parse_leniently() {
        let ev: ServerEvent = serde_json::from_str(
            r#"{"event":"task_continued","session_id":123,"is_final":true,"data":null,
                "extra_info":{"audio_length":"2310","audio_size":37120.0,"usage_characters":25},
                "base_resp":{"status_code":0,"status_msg":"success","trace_id":"t9"}}"#,
        )
        .unwrap();
        assert_eq!(ev.is_final, Some(true));
        assert_eq!(ev.hex_audio(), "");
        let extra = ev.extra_info.as_ref().unwrap();
        assert_eq!(extra.audio_length, Some(2310));
        assert_eq!(extra.audio_size, Some(37120));
        assert_eq!(ev.error_code(), None);
        assert_eq!(ev.trace().as_deref(), Some("t9"));

        let failed: ServerEvent = serde_json::from_str(
            r#"{"event":"task_failed","base_resp":{"status_code":"1004","status_msg":"bad"}}"#,
        )
        .unwrap();
        assert_eq!(failed.error_code(), Some(1004));
        let weird: ServerEvent = serde_json::from_str(r#"{"data":"x","base_resp":[]}"#).unwrap();
        assert!(weird.data.is_none() && weird.base_resp.is_none());
    }
}
