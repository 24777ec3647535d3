//! The body of `POST /v1/audio/speech`, read as OpenAI's clients send it: each field
//! missing or of the wrong type is refused by name (OpenAI's `param`).

use serde::Deserialize;
use serde_json::Value;

/// A request refused: the parameter it is about (if one), and why.
pub struct Refused {
    pub param: Option<&'static str>,
    pub message: String,
}

impl Refused {
    fn new(param: Option<&'static str>, message: String) -> Refused {
        Refused { param, message }
    }
}

/// `POST /v1/audio/speech`'s body (<https://platform.openai.com/docs/api-reference/audio/createSpeech>).
#[derive(Deserialize)]
pub struct SpeechRequest {
    pub model: String,
    pub input: String,
    pub voice: VoiceField,
    pub response_format: Option<String>,
    pub speed: Option<f64>,
    // `instructions` (free text about the delivery) is not read: neither MiniMax nor
    // Fish takes such a field. Unknown fields are ignored, as OpenAI's clients add some.
    pub stream_format: Option<String>,
}

/// A voice by name, or (newer clients) `{"id": "…"}`.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum VoiceField {
    Name(String),
    Object { id: String },
}

/// A field of the request body: whether it must be there, and what it must hold.
struct Field {
    name: &'static str,
    required: bool,
    valid: fn(&Value) -> bool,
    expected: &'static str,
}

/// The fields read (<https://platform.openai.com/docs/api-reference/audio/createSpeech>).
const FIELDS: [Field; 6] = [
    Field {
        name: "model",
        required: true,
        valid: Value::is_string,
        expected: "a string, e.g. \"tts-1\"",
    },
    Field {
        name: "input",
        required: true,
        valid: Value::is_string,
        expected: "the text to speak, a string",
    },
    Field {
        name: "voice",
        required: true,
        valid: |v| v.is_string() || v.get("id").is_some_and(Value::is_string),
        expected: "a voice name, or {\"id\": \"…\"}",
    },
    Field {
        name: "response_format",
        required: false,
        valid: Value::is_string,
        expected: "a string: mp3, wav, flac, pcm or opus",
    },
    Field {
        name: "speed",
        required: false,
        valid: Value::is_number,
        expected: "a number from 0.25 to 4",
    },
    Field {
        name: "stream_format",
        required: false,
        valid: Value::is_string,
        expected: "a string: audio",
    },
];

/// The body as a request, each missing or mistyped field refused by name (`param`).
pub fn parse_request(body: &[u8]) -> Result<SpeechRequest, Refused> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| Refused::new(None, format!("the body is not JSON: {e}")))?;
    let Some(fields) = value.as_object() else {
        return Err(Refused::new(None, "the body must be a JSON object".into()));
    };
    for field in &FIELDS {
        let name = field.name;
        match fields.get(name) {
            None | Some(Value::Null) if field.required => {
                return Err(Refused::new(
                    Some(name),
                    format!("{name} is required: {}", field.expected),
                ));
            }
            Some(v) if !v.is_null() && !(field.valid)(v) => {
                return Err(Refused::new(
                    Some(name),
                    format!("{name} must be {}", field.expected),
                ));
            }
            _ => {}
        }
    }
    serde_json::from_value(value)
        .map_err(|e| Refused::new(None, format!("the body is not a valid request: {e}")))
}

#[cfg(test)]
mod tests {
    use super::parse_request;

    fn refused(body: &str) -> (Option<&'static str>, String) {
        match parse_request(body.as_bytes()) {
            Ok(_) => panic!("{body} was taken"),
            Err(refused) => (refused.param, refused.message),
        }
    }

    #[test]
    fn every_missing_or_mistyped_field_is_named() {
        assert_eq!(
            refused(r#"{"model":"tts-1","voice":"alloy"}"#).0,
            Some("input")
        );
        assert_eq!(
            refused(r#"{"model":"tts-1","input":"Hi."}"#).0,
            Some("voice")
        );
        assert_eq!(
            refused(r#"{"input":"Hi.","voice":"alloy"}"#).0,
            Some("model")
        );
        let (param, message) =
            refused(r#"{"model":"tts-1","input":"Hi.","voice":"alloy","speed":"fast"}"#);
        assert_eq!(
            (param, message.as_str()),
            (Some("speed"), "speed must be a number from 0.25 to 4")
        );
        assert_eq!(
            refused(r#"{"model":"tts-1","input":"Hi.","voice":{"name":"x"}}"#).0,
            Some("voice")
        );
        assert_eq!(refused("[1]").0, None);
        assert_eq!(refused("{\"model\": ").0, None);
        let taken =
            parse_request(br#"{"model":"tts-1","input":"Hi.","voice":{"id":"v1"},"speed":null}"#);
        assert!(taken.is_ok());
    }
}
