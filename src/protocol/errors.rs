//! MiniMax's status codes (minimax-api.md §10) and the errors a protocol exchange can end in.
//!
//! The table is the one place that knows what a code means, whether retrying helps, and what
//! to tell the user. Every transport (WebSocket, HTTP) reports failures as [`ProtocolError`].

use std::fmt;
use std::time::Duration;

use crate::error::CliError;
use crate::exit::ExitStatus;

/// What the client should do about a status code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recovery {
    /// Transient: retry with exponential backoff.
    Retry,
    /// Rate limited: retry, backing off (the backoff doubles anyway; kept separate for messages).
    SlowDown,
    /// The session was closed for idleness: reconnect and resend `task_start`.
    Reconnect,
    /// Retrying the same request cannot succeed.
    Fatal,
}

/// One row of the status table.
#[derive(Clone, Copy, Debug)]
pub struct StatusInfo {
    pub recovery: Recovery,
    /// Plain-words meaning, shown as the error message.
    pub message: &'static str,
    /// What the user can do about it.
    pub hint: Option<&'static str>,
}

impl StatusInfo {
    pub fn retryable(&self) -> bool {
        self.recovery != Recovery::Fatal
    }
}

const AUTH_HINT: &str = "check the API key; keys are region-locked, so a key from platform.minimax.io \
needs --region global and one from platform.minimaxi.com needs --region cn (try the other --region)";

/// Looks up a MiniMax `base_resp.status_code`.
pub fn status_info(code: i64) -> StatusInfo {
    use Recovery::*;
    let (recovery, message, hint) = match code {
        1000 => (Retry, "MiniMax server error", Some("try again later")),
        1001 => (
            Retry,
            "MiniMax timed out",
            Some("retry, or shorten the text"),
        ),
        1002 => (
            SlowDown,
            "rate limited by MiniMax (requests per minute)",
            Some("wait a minute, or raise --retries"),
        ),
        1004 => (Fatal, "authentication failed", Some(AUTH_HINT)),
        1008 => (
            Fatal,
            "account balance too low",
            Some("top up the MiniMax account"),
        ),
        1013 | 1024 => (Retry, "MiniMax internal error", Some("try again later")),
        1026 => (
            Fatal,
            "text rejected by MiniMax's content filter",
            Some("rephrase the text"),
        ),
        1027 => (
            Fatal,
            "audio blocked by MiniMax's content filter",
            Some("rephrase the text"),
        ),
        1028 | 1030 => (
            Fatal,
            "MiniMax quota exhausted",
            Some("check the account's plan and usage"),
        ),
        1033 => (Retry, "MiniMax system error", Some("try again later")),
        1039 => (
            SlowDown,
            "rate limited by MiniMax (tokens per minute)",
            Some("wait a minute, or send less text at once"),
        ),
        // Transient: other sessions of this key end, and a later try gets through.
        1041 => (
            SlowDown,
            "too many simultaneous connections to MiniMax",
            Some("close other sessions using this key, then retry"),
        ),
        1042 => (
            Fatal,
            "text has too many invisible or control characters",
            Some("remove control characters from the text"),
        ),
        1043 | 1044 => (Fatal, "voice-clone similarity check failed", None),
        2013 => (
            Fatal,
            "MiniMax rejected the request parameters",
            Some("check the voice and audio options against `minimax-tts speak --help`"),
        ),
        20132 => (
            Fatal,
            "unknown voice id",
            Some("list usable voices with `minimax-tts voices`"),
        ),
        2037 => (Fatal, "voice sample duration out of range", None),
        2038 => (Fatal, "voice cloning is not enabled for this account", None),
        2039 => (Fatal, "that voice id already exists", None),
        2042 => (
            Fatal,
            "this API key cannot use that voice",
            Some("list usable voices with `minimax-tts voices`"),
        ),
        2045 => (
            SlowDown,
            "request rate rose too fast",
            Some("slow down and retry"),
        ),
        2048 => (Fatal, "prompt audio must be under 8 seconds", None),
        2049 => (Fatal, "invalid API key", Some(AUTH_HINT)),
        2056 => (
            Fatal,
            "plan usage limit reached",
            Some("wait for the next 5-hour window or use a pay-as-you-go key"),
        ),
        2061 => (
            Fatal,
            "this model is not available on your plan",
            Some("choose another --model"),
        ),
        2201 => (
            Reconnect,
            "the connection was closed after 120 s without messages",
            None,
        ),
        2202 => (
            Fatal,
            "protocol error 2202 (illegal event)",
            Some("this is a minimax-tts bug; please report it with the trace id"),
        ),
        2203 => (
            Fatal,
            "MiniMax received empty text",
            Some("give some text to speak"),
        ),
        2204 => (
            Fatal,
            "a text segment was too long and was skipped",
            Some("this is a minimax-tts bug; please report it with the trace id"),
        ),
        2205 => (
            Retry,
            "MiniMax is busy (request limit)",
            Some("try again later"),
        ),
        2206 => (
            Fatal,
            "protocol error 2206 (illegal event order)",
            Some("this is a minimax-tts bug; please report it with the trace id"),
        ),
        _ => (Fatal, "MiniMax refused the request", None),
    };
    StatusInfo {
        recovery,
        message,
        hint,
    }
}

/// How a protocol exchange failed.
#[derive(Debug)]
pub enum ProtocolError {
    /// A non-zero `base_resp.status_code` in any event or body.
    Api {
        code: i64,
        server_message: String,
        trace_id: Option<String>,
    },
    /// The server answered the HTTP request or WebSocket upgrade with an error status.
    Http {
        status: u16,
        trace_id: Option<String>,
        body: String,
    },
    /// Could not reach the server at all.
    Connect { url: String, detail: String },
    /// The connection ended (closed or reset) before the exchange finished.
    Dropped { detail: String },
    /// Nothing arrived within the timeout.
    Timeout {
        waiting_for: &'static str,
        after: Duration,
    },
    /// The server sent something that is not what the API documents.
    Malformed { detail: String },
}

impl ProtocolError {
    pub fn retryable(&self) -> bool {
        match self {
            ProtocolError::Api { code, .. } => status_info(*code).retryable(),
            ProtocolError::Http { status, .. } => {
                matches!(status, 408 | 429) || (500..600).contains(status)
            }
            ProtocolError::Connect { .. }
            | ProtocolError::Dropped { .. }
            | ProtocolError::Timeout { .. }
            | ProtocolError::Malformed { .. } => true,
        }
    }

    /// Whether a 401 should get its one extra try (minimax-api.md §10: a 401 on a fresh
    /// connection has been seen to succeed on retry).
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ProtocolError::Http { status: 401, .. })
    }

    pub fn trace_id(&self) -> Option<&str> {
        match self {
            ProtocolError::Api { trace_id, .. } | ProtocolError::Http { trace_id, .. } => {
                trace_id.as_deref()
            }
            _ => None,
        }
    }

    /// Turns the failure into what the user sees, after `attempts` tries in all.
    /// `key_sources` says where the API key was looked for (for auth hints).
    pub fn into_cli_error(self, key_sources: &str, attempts: u32) -> CliError {
        let retryable = self.retryable();
        let exit = if retryable {
            ExitStatus::Network
        } else {
            ExitStatus::Api
        };
        let gave_up = if retryable && attempts > 1 {
            format!(" (gave up after {attempts} attempts)")
        } else {
            String::new()
        };
        match self {
            ProtocolError::Api {
                code,
                server_message,
                trace_id,
            } => {
                let info = status_info(code);
                let detail = if server_message.is_empty() {
                    String::new()
                } else {
                    format!(": {server_message}")
                };
                let mut err = CliError::new(exit, format!("{}{detail}{gave_up}", info.message))
                    .with_status(Some(code), trace_id);
                if matches!(code, 1004 | 2049) {
                    err = err.with_hint(format!("{AUTH_HINT}; keys are read from {key_sources}"));
                } else if let Some(hint) = info.hint {
                    err = err.with_hint(hint);
                }
                err
            }
            ProtocolError::Http {
                status,
                trace_id,
                body,
            } => {
                let body = body.trim();
                let detail = if body.is_empty() {
                    String::new()
                } else {
                    format!(": {}", truncate(body, 200))
                };
                let (what, hint) = match status {
                    401 | 403 => (
                        "MiniMax rejected the API key".to_string(),
                        format!("{AUTH_HINT}; keys are read from {key_sources}"),
                    ),
                    404 => (
                        "MiniMax has no such endpoint".to_string(),
                        "check --base-url / MINIMAX_BASE_URL".to_string(),
                    ),
                    429 => (
                        "rate limited by MiniMax (HTTP 429)".to_string(),
                        "wait a minute, or raise --retries".to_string(),
                    ),
                    _ => (
                        format!("MiniMax answered HTTP {status}"),
                        "try again later".to_string(),
                    ),
                };
                CliError::new(exit, format!("{what}{detail}{gave_up}"))
                    .with_status(Some(i64::from(status)), trace_id)
                    .with_hint(hint)
            }
            ProtocolError::Connect { url, detail } => CliError::new(
                exit,
                format!(
                    "could not connect to {}: {detail}{gave_up}",
                    super::redact_url(&url)
                ),
            )
            .with_hint("check the network connection, --region and --base-url"),
            ProtocolError::Dropped { detail } => CliError::new(
                exit,
                format!("the connection to MiniMax dropped: {detail}{gave_up}"),
            )
            .with_hint("check the network connection and try again"),
            ProtocolError::Timeout { waiting_for, after } => CliError::new(
                exit,
                format!(
                    "MiniMax sent nothing for {:.1} s while waiting for {waiting_for}{gave_up}",
                    after.as_secs_f64()
                ),
            )
            .with_hint("try again later, or raise --timeout"),
            ProtocolError::Malformed { detail } => CliError::new(
                exit,
                format!("MiniMax sent a malformed message: {detail}{gave_up}"),
            )
            .with_hint("try again later; if it persists, report it with the output of -v"),
        }
    }
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolError::Api {
                code,
                server_message,
                ..
            } => write!(
                f,
                "status {code} ({}): {server_message}",
                status_info(*code).message
            ),
            ProtocolError::Http { status, body, .. } => {
                write!(f, "HTTP {status}: {}", truncate(body.trim(), 200))
            }
            ProtocolError::Connect { url, detail } => {
                write!(f, "connect to {}: {detail}", super::redact_url(url))
            }
            ProtocolError::Dropped { detail } => write!(f, "connection dropped: {detail}"),
            ProtocolError::Timeout { waiting_for, after } => {
                write!(
                    f,
                    "timed out after {:.1} s waiting for {waiting_for}",
                    after.as_secs_f64()
                )
            }
            ProtocolError::Malformed { detail } => write!(f, "malformed message: {detail}"),
        }
    }
}

impl std::error::Error for ProtocolError {}

/// A refused HTTP request or WebSocket upgrade. The status decides the kind (401/403
/// auth, 429 rate limit, 5xx server); a JSON body contributes MiniMax's message, its
/// status code and trace id as detail, never the classification.
pub fn http_refusal(status: u16, header_trace_id: Option<String>, body: &str) -> ProtocolError {
    let parsed: Option<super::types::ServerEvent> = serde_json::from_str(body).ok();
    let trace_id = header_trace_id.or_else(|| parsed.as_ref().and_then(|e| e.trace()));
    let body = match parsed
        .as_ref()
        .and_then(|e| e.error_code().map(|c| (c, e.status_msg())))
    {
        Some((code, message)) if message.is_empty() => format!("MiniMax status {code}"),
        Some((code, message)) => format!("{message} (MiniMax status {code})"),
        None => body.to_string(),
    };
    ProtocolError::Http {
        status,
        trace_id,
        body,
    }
}

/// Cuts `s` to at most `max` characters (on a character boundary) for messages.
pub fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((idx, _)) => format!("{}…", &s[..idx]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_codes_match_the_api_notes() {
        for code in [
            1000, 1001, 1002, 1013, 1024, 1033, 1039, 1041, 2045, 2201, 2205,
        ] {
            assert!(status_info(code).retryable(), "{code} should be retryable");
        }
        for code in [
            1004, 1008, 1026, 1027, 1042, 2013, 2042, 2049, 2202, 2203, 2204,
        ] {
            assert!(!status_info(code).retryable(), "{code} should be fatal");
        }
    }

    #[test]
    fn http_statuses() {
        let http = |status| ProtocolError::Http {
            status,
            trace_id: None,
            body: String::new(),
        };
        assert!(http(429).retryable());
        assert!(http(503).retryable());
        assert!(!http(403).retryable());
        assert!(!http(401).retryable());
        assert!(http(401).is_unauthorized());
    }

    #[test]
    fn truncate_respects_char_boundaries() {
        assert_eq!(truncate("héllo", 2), "hé…");
        assert_eq!(truncate("hi", 5), "hi");
    }
}
