//! Fish Audio's refusals and failures (<https://docs.fish.audio/api-reference/errors>) as
//! neutral [`EngineError`]s: the one place that knows what a status means, whether
//! retrying helps, and what to tell the user.

use std::time::Duration;

use serde_json::Value;

use crate::engine::advice::{Advice, Step};
use crate::engine::error::{EngineError, ErrorKind, Recovery, truncate};
use crate::spec::Provider;

/// A refused WebSocket upgrade or HTTP request. The status decides; the body (JSON
/// `{status, message}`, a validation array, or plain text) adds Fish's words.
pub fn http_refusal(status: u16, body: &str) -> EngineError {
    let detail = body_message(body);
    let detail = if detail.is_empty() {
        String::new()
    } else {
        format!(": {}", truncate(&detail, 300))
    };
    let (kind, recovery, what, advice) = match status {
        400 => (
            ErrorKind::BadRequest,
            Recovery::Fatal,
            "Fish Audio rejected the request",
            Advice::say("check the voice and the audio options").or(Step::SeeOptions),
        ),
        401 => (
            ErrorKind::Auth,
            Recovery::Fatal,
            "Fish Audio API key is invalid or missing",
            Advice::say("check the Fish Audio API key (https://fish.audio/app/api-keys)"),
        ),
        402 => (
            ErrorKind::Balance,
            Recovery::Fatal,
            "Fish Audio: insufficient balance (or invalid key)",
            Advice::say("top up the Fish Audio account, or check the key"),
        ),
        403 => (
            ErrorKind::Auth,
            Recovery::Fatal,
            "Fish Audio denied access to this voice or model",
            Advice::say(
                "check that the key's plan includes the model, and that the voice is yours or public",
            ),
        ),
        404 => (
            ErrorKind::BadRequest,
            Recovery::Fatal,
            "unknown Fish Audio model or voice id",
            Advice::to(Step::ListVoices(Provider::Fish)).or(Step::Another { option: "model" }),
        ),
        422 => (
            ErrorKind::BadRequest,
            Recovery::Fatal,
            "Fish Audio found the parameters invalid",
            Advice::say("check the options named in the message"),
        ),
        429 => (
            ErrorKind::RateLimit,
            Recovery::SlowDown,
            "rate limited by Fish Audio (HTTP 429: too many requests or concurrent sessions)",
            Advice::say("wait a little, run fewer sessions at once").or(Step::RaiseRetries),
        ),
        500..=599 => (
            ErrorKind::Server,
            Recovery::Retry,
            "Fish Audio is unavailable",
            Advice::say("try again later"),
        ),
        _ => (
            ErrorKind::BadRequest,
            Recovery::Fatal,
            "Fish Audio refused the request",
            Advice::say("try again later").or(Step::ReportIt),
        ),
    };
    EngineError::new(kind, recovery, format!("{what} (HTTP {status}){detail}"))
        .with_status(Some(i64::from(status)), None)
        .with_advice(advice)
}

/// The readable part of an error body: `message` (and `reason`) of a JSON object, the
/// `loc: msg` pairs of a validation array, else the text itself.
fn body_message(body: &str) -> String {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(map)) => {
            let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_string);
            match (text("message"), text("reason")) {
                (Some(m), Some(r)) if m != r => format!("{m} ({r})"),
                (Some(m), _) => m,
                (None, Some(r)) => r,
                (None, None) => match map.get("detail") {
                    Some(Value::Array(items)) => validation(items),
                    Some(other) => other.to_string(),
                    None => body.trim().to_string(),
                },
            }
        }
        Ok(Value::Array(items)) => validation(&items),
        _ => body.trim().to_string(),
    }
}

fn validation(items: &[Value]) -> String {
    items
        .iter()
        .map(|item| {
            let loc = item["loc"]
                .as_array()
                .map(|parts| {
                    parts
                        .iter()
                        .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_string))
                        .collect::<Vec<_>>()
                        .join(".")
                })
                .unwrap_or_default();
            let msg = item["msg"].as_str().unwrap_or("invalid");
            if loc.is_empty() {
                msg.to_string()
            } else {
                format!("{loc}: {msg}")
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `finish` with `reason: "error"`: the session failed; a new one may succeed.
pub fn finished_with_error(message: Option<&str>) -> EngineError {
    let detail = message
        .filter(|m| !m.is_empty())
        .map(|m| format!(": {}", truncate(m, 200)))
        .unwrap_or_default();
    EngineError::new(
        ErrorKind::Server,
        Recovery::NewSession,
        format!("Fish Audio ended the session with an error{detail}"),
    )
    .with_advice(
        Advice::say("try again later")
            .or(Step::Another { option: "model" })
            .or(Step::Another { option: "voice" }),
    )
}

pub fn connect_failed(url: &str, detail: impl std::fmt::Display) -> EngineError {
    EngineError::network(format!(
        "could not connect to {}: {detail}",
        crate::engine::net::redact_url(url)
    ))
    .with_advice(Advice::say("check the network connection").or(Step::Endpoint { region: false }))
    .unsent()
}

pub fn dropped(detail: impl std::fmt::Display) -> EngineError {
    EngineError::network(format!("the connection to Fish Audio dropped: {detail}"))
        .with_advice("check the network connection and try again")
}

pub fn timed_out(waiting_for: &str, after: Duration) -> EngineError {
    EngineError::network(format!(
        "Fish Audio sent nothing for {:.1} s while waiting for {waiting_for}",
        after.as_secs_f64()
    ))
    .with_advice(Advice::say("try again later").or(Step::RaiseTimeout))
}

pub fn malformed(detail: impl std::fmt::Display) -> EngineError {
    EngineError::protocol(format!("Fish Audio sent a malformed message: {detail}"))
        .with_advice(Advice::say("try again later").or(Step::ReportIt))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_decide_kind_and_retry() {
        assert_eq!(http_refusal(401, "").kind, ErrorKind::Auth);
        assert!(http_refusal(402, "").recovery == crate::engine::Recovery::Fatal);
        assert!(http_refusal(404, "").recovery == crate::engine::Recovery::Fatal);
        assert!(http_refusal(429, "").recovery != crate::engine::Recovery::Fatal);
        assert!(
            http_refusal(503, r#"{"status":503,"message":"overloaded"}"#).recovery
                != crate::engine::Recovery::Fatal
        );
        let e = http_refusal(401, r#"{"status":401,"message":"Invalid api key"}"#);
        assert!(e.message.contains("Invalid api key"), "{}", e.message);
        let e = http_refusal(
            422,
            r#"[{"loc":["body","prosody","speed"],"type":"x","msg":"too fast"}]"#,
        );
        assert!(
            e.message.contains("body.prosody.speed: too fast"),
            "{}",
            e.message
        );
        assert!(
            http_refusal(400, "plain words")
                .message
                .contains("plain words")
        );
    }
}
