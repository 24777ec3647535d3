//! MiniMax's status codes (<https://platform.minimax.io/docs/api-reference/errorcode>) and
//! the failures of its transports, as neutral [`EngineError`]s.
//!
//! The table is the one place that knows what a code means, whether retrying helps, and
//! what MiniMax-specific advice to give.

use std::time::Duration;

use crate::engine::advice::{Advice, Step};
use crate::engine::error::{EngineError, ErrorKind, Recovery, truncate};

/// One row of the status table.
#[derive(Clone, Debug)]
pub struct StatusInfo {
    pub kind: ErrorKind,
    pub recovery: Recovery,
    /// Plain-words meaning, shown as the error message.
    pub message: &'static str,
    /// What the user can do about it.
    pub hint: Option<Advice>,
}

/// A non-zero `base_resp.status_code`.
pub fn api_error(code: i64, server_message: &str, trace_id: Option<String>) -> EngineError {
    let info = status_info(code);
    let detail = if server_message.is_empty() {
        String::new()
    } else {
        format!(": {}", truncate(server_message, 300))
    };
    let mut error = EngineError::new(
        info.kind,
        info.recovery,
        format!("{}{detail}", info.message),
    )
    .with_status(Some(code), trace_id);
    error.advice = info.hint.map(Box::new);
    // 1041 limits connections at once; the other load codes limit requests.
    error.sessions_limit = code == 1041;
    error
}

/// A refused HTTP request or WebSocket upgrade. The status decides the kind (401/403
/// auth, 429 rate limit, 5xx server); a JSON body contributes MiniMax's message, its
/// status code and trace id as detail, never the classification.
pub fn http_refusal(status: u16, header_trace_id: Option<String>, body: &str) -> EngineError {
    let parsed: Option<super::wire::ServerEvent> = serde_json::from_str(body).ok();
    let trace_id = header_trace_id.or_else(|| parsed.as_ref().and_then(|e| e.trace()));
    let body = match parsed
        .as_ref()
        .and_then(|e| e.error_code().map(|c| (c, e.status_msg())))
    {
        Some((code, message)) if message.is_empty() => format!("MiniMax status {code}"),
        Some((code, message)) => format!("{message} (MiniMax status {code})"),
        None => body.trim().to_string(),
    };
    let detail = if body.is_empty() {
        String::new()
    } else {
        format!(": {}", truncate(&body, 200))
    };
    let (kind, recovery, what, advice) = match status {
        401 => (
            ErrorKind::Auth,
            Recovery::RetryOnce,
            "MiniMax rejected the API key",
            auth_advice(),
        ),
        403 => (
            ErrorKind::Auth,
            Recovery::Fatal,
            "MiniMax rejected the API key",
            auth_advice(),
        ),
        404 => (
            ErrorKind::BadRequest,
            Recovery::Fatal,
            "MiniMax has no such endpoint",
            Advice::to(Step::Endpoint { region: false }),
        ),
        408 | 504 => (
            ErrorKind::Network,
            Recovery::Retry,
            "MiniMax timed out",
            Advice::say("try again later"),
        ),
        429 => (
            ErrorKind::RateLimit,
            Recovery::SlowDown,
            "rate limited by MiniMax (HTTP 429)",
            Advice::say("wait a minute").or(Step::RaiseRetries),
        ),
        500..=599 => (
            ErrorKind::Server,
            Recovery::Retry,
            "MiniMax failed",
            Advice::say("try again later"),
        ),
        _ => (
            ErrorKind::BadRequest,
            Recovery::Fatal,
            "MiniMax refused the request",
            Advice::say("try again later"),
        ),
    };
    let what = if matches!(status, 500..=599 | 400 | 402 | 405..=407 | 409..=428 | 430..=499) {
        format!("{what} with HTTP {status}")
    } else {
        what.to_string()
    };
    EngineError::new(kind, recovery, format!("{what}{detail}"))
        .with_status(Some(i64::from(status)), trace_id)
        .with_advice(advice)
}

/// The server could not be reached.
pub fn connect_failed(url: &str, detail: impl std::fmt::Display) -> EngineError {
    EngineError::network(format!(
        "could not connect to {}: {detail}",
        crate::engine::net::redact_url(url)
    ))
    .with_advice(Advice::say("check the network connection").or(Step::Endpoint { region: true }))
    .unsent()
}

/// The connection ended before the exchange did.
pub fn dropped(detail: impl std::fmt::Display) -> EngineError {
    EngineError::network(format!("the connection to MiniMax dropped: {detail}"))
        .with_advice("check the network connection and try again")
}

/// Nothing arrived in time.
pub fn timed_out(waiting_for: &str, after: Duration) -> EngineError {
    EngineError::network(format!(
        "MiniMax sent nothing for {:.1} s while waiting for {waiting_for}",
        after.as_secs_f64()
    ))
    .with_advice(Advice::say("try again later").or(Step::RaiseTimeout))
}

/// Something the API does not document arrived.
pub fn malformed(detail: impl std::fmt::Display) -> EngineError {
    EngineError::protocol(format!("MiniMax sent a malformed message: {detail}"))
        .with_advice(Advice::say("try again later").or(Step::ReportIt))
}

/// A refused MiniMax key: keys work in their own region only.
fn auth_advice() -> Advice {
    Advice::say("check the API key").or(Step::KeyRegion)
}

/// What MiniMax's `base_resp.status_code`s mean (the list linked above).
const CODES: &[Code] = &[
    Code {
        codes: &[1000],
        kind: ErrorKind::Server,
        recovery: Recovery::Retry,
        message: "MiniMax server error",
        hint: Hint::Say("try again later"),
    },
    Code {
        codes: &[1001],
        kind: ErrorKind::Network,
        recovery: Recovery::Retry,
        message: "MiniMax timed out",
        hint: Hint::Say("retry, or shorten the text"),
    },
    Code {
        codes: &[1002],
        kind: ErrorKind::RateLimit,
        recovery: Recovery::SlowDown,
        message: "rate limited by MiniMax (requests per minute)",
        hint: Hint::RateLimit,
    },
    Code {
        codes: &[1004],
        kind: ErrorKind::Auth,
        recovery: Recovery::Fatal,
        message: "authentication failed",
        hint: Hint::Auth,
    },
    Code {
        codes: &[1008],
        kind: ErrorKind::Balance,
        recovery: Recovery::Fatal,
        message: "account balance too low",
        hint: Hint::Say("top up the MiniMax account"),
    },
    Code {
        codes: &[1013, 1024],
        kind: ErrorKind::Server,
        recovery: Recovery::Retry,
        message: "MiniMax internal error",
        hint: Hint::Say("try again later"),
    },
    Code {
        codes: &[1026],
        kind: ErrorKind::Content,
        recovery: Recovery::Fatal,
        message: "text rejected by MiniMax's content filter",
        hint: Hint::Say("rephrase the text"),
    },
    Code {
        codes: &[1027],
        kind: ErrorKind::Content,
        recovery: Recovery::Fatal,
        message: "audio blocked by MiniMax's content filter",
        hint: Hint::Say("rephrase the text"),
    },
    Code {
        codes: &[1028, 1030],
        kind: ErrorKind::Balance,
        recovery: Recovery::Fatal,
        message: "MiniMax quota exhausted",
        hint: Hint::Say("check the account's plan and usage"),
    },
    Code {
        codes: &[1033],
        kind: ErrorKind::Server,
        recovery: Recovery::Retry,
        message: "MiniMax system error",
        hint: Hint::Say("try again later"),
    },
    Code {
        codes: &[1039],
        kind: ErrorKind::RateLimit,
        recovery: Recovery::SlowDown,
        message: "rate limited by MiniMax (tokens per minute)",
        hint: Hint::Say("wait a minute, or send less text at once"),
    },
    // Transient: other sessions of this key end, and a later try gets through.
    Code {
        codes: &[1041],
        kind: ErrorKind::RateLimit,
        recovery: Recovery::SlowDown,
        message: "too many simultaneous connections to MiniMax",
        hint: Hint::Say("close other sessions using this key, then retry"),
    },
    Code {
        codes: &[1042],
        kind: ErrorKind::BadRequest,
        recovery: Recovery::Fatal,
        message: "text has too many invisible or control characters",
        hint: Hint::Say("remove control characters from the text"),
    },
    Code {
        codes: &[1043, 1044],
        kind: ErrorKind::BadRequest,
        recovery: Recovery::Fatal,
        message: "voice-clone similarity check failed",
        hint: Hint::None,
    },
    Code {
        codes: &[2013],
        kind: ErrorKind::BadRequest,
        recovery: Recovery::Fatal,
        message: "MiniMax rejected the request parameters",
        hint: Hint::SeeOptions,
    },
    Code {
        codes: &[20132],
        kind: ErrorKind::BadRequest,
        recovery: Recovery::Fatal,
        message: "unknown voice id",
        hint: Hint::ListVoices,
    },
    Code {
        codes: &[2037],
        kind: ErrorKind::BadRequest,
        recovery: Recovery::Fatal,
        message: "voice sample duration out of range",
        hint: Hint::None,
    },
    Code {
        codes: &[2038],
        kind: ErrorKind::BadRequest,
        recovery: Recovery::Fatal,
        message: "voice cloning is not enabled for this account",
        hint: Hint::None,
    },
    Code {
        codes: &[2039],
        kind: ErrorKind::BadRequest,
        recovery: Recovery::Fatal,
        message: "that voice id already exists",
        hint: Hint::None,
    },
    Code {
        codes: &[2042],
        kind: ErrorKind::BadRequest,
        recovery: Recovery::Fatal,
        message: "this API key cannot use that voice",
        hint: Hint::ListVoices,
    },
    Code {
        codes: &[2045],
        kind: ErrorKind::RateLimit,
        recovery: Recovery::SlowDown,
        message: "request rate rose too fast",
        hint: Hint::Say("slow down and retry"),
    },
    Code {
        codes: &[2048],
        kind: ErrorKind::BadRequest,
        recovery: Recovery::Fatal,
        message: "prompt audio must be under 8 seconds",
        hint: Hint::None,
    },
    Code {
        codes: &[2049],
        kind: ErrorKind::Auth,
        recovery: Recovery::Fatal,
        message: "invalid API key",
        hint: Hint::Auth,
    },
    Code {
        codes: &[2056],
        kind: ErrorKind::Balance,
        recovery: Recovery::Fatal,
        message: "plan usage limit reached",
        hint: Hint::Say("wait for the next 5-hour window or use a pay-as-you-go key"),
    },
    Code {
        codes: &[2061],
        kind: ErrorKind::Balance,
        recovery: Recovery::Fatal,
        message: "this model is not available on your plan",
        hint: Hint::AnotherModel,
    },
    Code {
        codes: &[2201],
        kind: ErrorKind::Network,
        recovery: Recovery::NewSession,
        message: "the server closed the idle connection",
        hint: Hint::None,
    },
    Code {
        codes: &[2202],
        kind: ErrorKind::Protocol,
        recovery: Recovery::Fatal,
        message: "protocol error 2202 (illegal event)",
        hint: Hint::Say("this is a minimax-tts bug; please report it with the trace id"),
    },
    Code {
        codes: &[2203],
        kind: ErrorKind::BadRequest,
        recovery: Recovery::Fatal,
        message: "MiniMax received empty text",
        hint: Hint::GiveText,
    },
    Code {
        codes: &[2204],
        kind: ErrorKind::Protocol,
        recovery: Recovery::Fatal,
        message: "a text segment was too long and was skipped",
        hint: Hint::Say("this is a minimax-tts bug; please report it with the trace id"),
    },
    Code {
        codes: &[2205],
        kind: ErrorKind::RateLimit,
        recovery: Recovery::Retry,
        message: "MiniMax is busy (request limit)",
        hint: Hint::Say("try again later"),
    },
    Code {
        codes: &[2206],
        kind: ErrorKind::Protocol,
        recovery: Recovery::Fatal,
        message: "protocol error 2206 (illegal event order)",
        hint: Hint::Say("this is a minimax-tts bug; please report it with the trace id"),
    },
];

/// A row of [`CODES`].
struct Code {
    codes: &'static [i64],
    kind: ErrorKind,
    recovery: Recovery,
    message: &'static str,
    hint: Hint,
}

/// The advice of a status code, as a constant.
#[derive(Clone, Copy)]
enum Hint {
    None,
    Say(&'static str),
    Auth,
    RateLimit,
    SeeOptions,
    ListVoices,
    AnotherModel,
    GiveText,
}

impl Hint {
    fn advice(self) -> Option<Advice> {
        Some(match self {
            Hint::None => return None,
            Hint::Say(words) => Advice::say(words),
            Hint::Auth => auth_advice(),
            Hint::RateLimit => Advice::say("wait a minute").or(Step::RaiseRetries),
            Hint::SeeOptions => {
                Advice::say("check the voice and audio options").or(Step::SeeOptions)
            }
            Hint::ListVoices => Advice::to(Step::ListVoices(crate::spec::Provider::Minimax)),
            Hint::AnotherModel => Advice::to(Step::Another { option: "model" }),
            Hint::GiveText => Advice::to(Step::GiveText),
        })
    }
}

/// Looks up a MiniMax `base_resp.status_code` (an unknown one is a refusal).
pub fn status_info(code: i64) -> StatusInfo {
    match CODES.iter().find(|c| c.codes.contains(&code)) {
        Some(known) => StatusInfo {
            kind: known.kind,
            recovery: known.recovery,
            message: known.message,
            hint: known.hint.advice(),
        },
        None => StatusInfo {
            kind: ErrorKind::BadRequest,
            recovery: Recovery::Fatal,
            message: "MiniMax refused the request",
            hint: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_codes_match_the_error_code_reference() {
        for code in [
            1000, 1001, 1002, 1013, 1024, 1033, 1039, 1041, 2045, 2201, 2205,
        ] {
            assert!(
                status_info(code).recovery != crate::engine::Recovery::Fatal,
                "{code} should be retryable"
            );
        }
        for code in [
            1004, 1008, 1026, 1027, 1042, 2013, 2042, 2049, 2202, 2203, 2204,
        ] {
            assert!(
                status_info(code).recovery == crate::engine::Recovery::Fatal,
                "{code} should be fatal"
            );
        }
    }

    #[test]
    fn http_statuses_decide_the_kind() {
        let refused = |status| http_refusal(status, None, r#"{"base_resp":{"status_code":1000}}"#);
        assert_eq!(refused(429).kind, ErrorKind::RateLimit);
        assert!(refused(429).recovery != crate::engine::Recovery::Fatal);
        assert!(refused(503).recovery != crate::engine::Recovery::Fatal);
        assert_eq!(refused(403).kind, ErrorKind::Auth);
        assert!(refused(403).recovery == crate::engine::Recovery::Fatal);
        assert_eq!(refused(401).recovery, Recovery::RetryOnce);
        assert!(refused(403).message.contains("MiniMax status 1000"));
    }
}
