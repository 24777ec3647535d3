//! MiniMax's status codes (<https://platform.minimax.io/docs/api-reference/errorcode>) and
//! the failures of its transports, as neutral [`EngineError`]s.
//!
//! The table is the one place that knows what a code means, whether retrying helps, and
//! what MiniMax-specific advice to give.

use std::time::Duration;

use crate::engine::error::{EngineError, ErrorKind, Recovery, truncate};

/// One row of the status table.
#[derive(Clone, Copy, Debug)]
pub struct StatusInfo {
    pub kind: ErrorKind,
    pub recovery: Recovery,
    /// Plain-words meaning, shown as the error message.
    pub message: &'static str,
    /// What the user can do about it.
    pub hint: Option<&'static str>,
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
    error.advice = info.hint.map(str::to_string);
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
            AUTH_HINT,
        ),
        403 => (
            ErrorKind::Auth,
            Recovery::Fatal,
            "MiniMax rejected the API key",
            AUTH_HINT,
        ),
        404 => (
            ErrorKind::BadRequest,
            Recovery::Fatal,
            "MiniMax has no such endpoint",
            "check --base-url / MINIMAX_BASE_URL",
        ),
        408 | 504 => (
            ErrorKind::Network,
            Recovery::Retry,
            "MiniMax timed out",
            "try again later",
        ),
        429 => (
            ErrorKind::RateLimit,
            Recovery::SlowDown,
            "rate limited by MiniMax (HTTP 429)",
            "wait a minute, or raise --retries",
        ),
        500..=599 => (
            ErrorKind::Server,
            Recovery::Retry,
            "MiniMax failed",
            "try again later",
        ),
        _ => (
            ErrorKind::BadRequest,
            Recovery::Fatal,
            "MiniMax refused the request",
            "try again later",
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
    .with_advice("check the network connection, --region and --base-url")
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
    .with_advice("try again later, or raise --timeout")
}

/// Something the API does not document arrived.
pub fn malformed(detail: impl std::fmt::Display) -> EngineError {
    EngineError::protocol(format!("MiniMax sent a malformed message: {detail}"))
        .with_advice("try again later; if it persists, report it with the output of -v")
}

const AUTH_HINT: &str = "check the API key; keys are region-locked, so a key from platform.minimax.io \
needs --region global and one from platform.minimaxi.com needs --region cn (try the other --region)";

/// Looks up a MiniMax `base_resp.status_code`.
pub fn status_info(code: i64) -> StatusInfo {
    use ErrorKind::*;
    use Recovery::*;
    let (kind, recovery, message, hint) = match code {
        1000 => (
            Server,
            Retry,
            "MiniMax server error",
            Some("try again later"),
        ),
        1001 => (
            Network,
            Retry,
            "MiniMax timed out",
            Some("retry, or shorten the text"),
        ),
        1002 => (
            RateLimit,
            SlowDown,
            "rate limited by MiniMax (requests per minute)",
            Some("wait a minute, or raise --retries"),
        ),
        1004 => (Auth, Fatal, "authentication failed", Some(AUTH_HINT)),
        1008 => (
            Balance,
            Fatal,
            "account balance too low",
            Some("top up the MiniMax account"),
        ),
        1013 | 1024 => (
            Server,
            Retry,
            "MiniMax internal error",
            Some("try again later"),
        ),
        1026 => (
            Content,
            Fatal,
            "text rejected by MiniMax's content filter",
            Some("rephrase the text"),
        ),
        1027 => (
            Content,
            Fatal,
            "audio blocked by MiniMax's content filter",
            Some("rephrase the text"),
        ),
        1028 | 1030 => (
            Balance,
            Fatal,
            "MiniMax quota exhausted",
            Some("check the account's plan and usage"),
        ),
        1033 => (
            Server,
            Retry,
            "MiniMax system error",
            Some("try again later"),
        ),
        1039 => (
            RateLimit,
            SlowDown,
            "rate limited by MiniMax (tokens per minute)",
            Some("wait a minute, or send less text at once"),
        ),
        // Transient: other sessions of this key end, and a later try gets through.
        1041 => (
            RateLimit,
            SlowDown,
            "too many simultaneous connections to MiniMax",
            Some("close other sessions using this key, then retry"),
        ),
        1042 => (
            BadRequest,
            Fatal,
            "text has too many invisible or control characters",
            Some("remove control characters from the text"),
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
            Some("check the voice and audio options against `minimax-tts speak --help`"),
        ),
        20132 => (
            BadRequest,
            Fatal,
            "unknown voice id",
            Some("list usable voices with `minimax-tts voices`"),
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
            Some("list usable voices with `minimax-tts voices`"),
        ),
        2045 => (
            RateLimit,
            SlowDown,
            "request rate rose too fast",
            Some("slow down and retry"),
        ),
        2048 => (
            BadRequest,
            Fatal,
            "prompt audio must be under 8 seconds",
            None,
        ),
        2049 => (Auth, Fatal, "invalid API key", Some(AUTH_HINT)),
        2056 => (
            Balance,
            Fatal,
            "plan usage limit reached",
            Some("wait for the next 5-hour window or use a pay-as-you-go key"),
        ),
        2061 => (
            Balance,
            Fatal,
            "this model is not available on your plan",
            Some("choose another --model"),
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
            Some("this is a minimax-tts bug; please report it with the trace id"),
        ),
        2203 => (
            BadRequest,
            Fatal,
            "MiniMax received empty text",
            Some("give some text to speak"),
        ),
        2204 => (
            Protocol,
            Fatal,
            "a text segment was too long and was skipped",
            Some("this is a minimax-tts bug; please report it with the trace id"),
        ),
        2205 => (
            RateLimit,
            Retry,
            "MiniMax is busy (request limit)",
            Some("try again later"),
        ),
        2206 => (
            Protocol,
            Fatal,
            "protocol error 2206 (illegal event order)",
            Some("this is a minimax-tts bug; please report it with the trace id"),
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
