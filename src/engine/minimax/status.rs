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

/// Looks up a MiniMax `base_resp.status_code`.
pub fn status_info(code: i64) -> StatusInfo {
    use ErrorKind::*;
    use Recovery::*;
    let (kind, recovery, message, hint) = match code {
        1000 => (
            Server,
            Retry,
            "MiniMax server error",
            Some(Advice::say("try again later")),
        ),
        1001 => (
            Network,
            Retry,
            "MiniMax timed out",
            Some(Advice::say("retry, or shorten the text")),
        ),
        1002 => (
            RateLimit,
            SlowDown,
            "rate limited by MiniMax (requests per minute)",
            Some(Advice::say("wait a minute").or(Step::RaiseRetries)),
        ),
        1004 => (Auth, Fatal, "authentication failed", Some(auth_advice())),
        1008 => (
            Balance,
            Fatal,
            "account balance too low",
            Some(Advice::say("top up the MiniMax account")),
        ),
        1013 | 1024 => (
            Server,
            Retry,
            "MiniMax internal error",
            Some(Advice::say("try again later")),
        ),
        1026 => (
            Content,
            Fatal,
            "text rejected by MiniMax's content filter",
            Some(Advice::say("rephrase the text")),
        ),
        1027 => (
            Content,
            Fatal,
            "audio blocked by MiniMax's content filter",
            Some(Advice::say("rephrase the text")),
        ),
        1028 | 1030 => (
            Balance,
            Fatal,
            "MiniMax quota exhausted",
            Some(Advice::say("check the account's plan and usage")),
        ),
        1033 => (
            Server,
            Retry,
            "MiniMax system error",
            Some(Advice::say("try again later")),
        ),
        1039 => (
            RateLimit,
            SlowDown,
            "rate limited by MiniMax (tokens per minute)",
            Some(Advice::say("wait a minute, or send less text at once")),
        ),
        // Transient: other sessions of this key end, and a later try gets through.
        1041 => (
            RateLimit,
            SlowDown,
            "too many simultaneous connections to MiniMax",
            Some(Advice::say(
                "close other sessions using this key, then retry",
            )),
        ),
        1042 => (
            BadRequest,
            Fatal,
            "text has too many invisible or control characters",
            Some(Advice::say("remove control characters from the text")),
        ),
        1043 | 1044 => (
            BadRequest,
            Fatal,
            "voice-clone similarity check failed",
            None,
        ),
        2013 => (
            BadRequest,
            Fatal,
            "MiniMax rejected the request parameters",
            Some(Advice::say("check the voice and audio options").or(Step::SeeOptions)),
        ),
        20132 => (
            BadRequest,
            Fatal,
            "unknown voice id",
            Some(Advice::to(Step::ListVoices(crate::spec::Provider::Minimax))),
        ),
        2037 => (
            BadRequest,
            Fatal,
            "voice sample duration out of range",
            None,
        ),
        2038 => (
            BadRequest,
            Fatal,
            "voice cloning is not enabled for this account",
            None,
        ),
        2039 => (BadRequest, Fatal, "that voice id already exists", None),
        2042 => (
            BadRequest,
            Fatal,
            "this API key cannot use that voice",
            Some(Advice::to(Step::ListVoices(crate::spec::Provider::Minimax))),
        ),
        2045 => (
            RateLimit,
            SlowDown,
            "request rate rose too fast",
            Some(Advice::say("slow down and retry")),
        ),
        2048 => (
            BadRequest,
            Fatal,
            "prompt audio must be under 8 seconds",
            None,
        ),
        2049 => (Auth, Fatal, "invalid API key", Some(auth_advice())),
        2056 => (
            Balance,
            Fatal,
            "plan usage limit reached",
            Some(Advice::say(
                "wait for the next 5-hour window or use a pay-as-you-go key",
            )),
        ),
        2061 => (
            Balance,
            Fatal,
            "this model is not available on your plan",
            Some(Advice::to(Step::Another { option: "model" })),
        ),
        2201 => (
            Network,
            NewSession,
            "the server closed the idle connection",
            None,
        ),
        2202 => (
            Protocol,
            Fatal,
            "protocol error 2202 (illegal event)",
            Some(Advice::say(
                "this is a minimax-tts bug; please report it with the trace id",
            )),
        ),
        2203 => (
            BadRequest,
            Fatal,
            "MiniMax received empty text",
            Some(Advice::to(Step::GiveText)),
        ),
        2204 => (
            Protocol,
            Fatal,
            "a text segment was too long and was skipped",
            Some(Advice::say(
                "this is a minimax-tts bug; please report it with the trace id",
            )),
        ),
        2205 => (
            RateLimit,
            Retry,
            "MiniMax is busy (request limit)",
            Some(Advice::say("try again later")),
        ),
        2206 => (
            Protocol,
            Fatal,
            "protocol error 2206 (illegal event order)",
            Some(Advice::say(
                "this is a minimax-tts bug; please report it with the trace id",
            )),
        ),
        _ => (BadRequest, Fatal, "MiniMax refused the request", None),
    };
    StatusInfo {
        kind,
        recovery,
        message,
        hint,
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
