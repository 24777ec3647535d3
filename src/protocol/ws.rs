//! The `/ws/v1/t2a_v2` session (minimax-api.md §3): connect → `connected_success`,
//! `task_start` → `task_started`, one `task_continue` per text segment answered by audio
//! chunks and one `is_final`, then `task_finish` → `task_finished` / close.

use std::io;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderMap, HeaderValue, header};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};

use super::errors::{ProtocolError, truncate};
use super::tls_config;
use super::types::{ClientEvent, ServerEvent, SynthesisRequest};

pub const T2A_PATH: &str = "/ws/v1/t2a_v2";

/// Larger than any frame MiniMax sends (other clients allow 10–16 MiB).
const MAX_FRAME: usize = 64 << 20;
/// How long to wait for `task_finished` after `task_finish` (§3.4 rule 4).
const FINISH_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Clone, Debug)]
pub struct SessionOptions {
    /// Longest silence from the server before giving up on the current step.
    pub timeout: Duration,
}

/// What one `task_continue` produced.
#[derive(Clone, Debug, Default)]
pub struct SegmentReport {
    /// Audio bytes handed to the caller.
    pub audio_bytes: u64,
    /// `extra_info.audio_length` (ms).
    pub audio_ms: Option<u64>,
    /// `extra_info.usage_characters`.
    pub billed_characters: Option<u64>,
    pub sample_rate: Option<u64>,
    pub trace_id: Option<String>,
    /// The final message repeated the whole audio and was dropped (§3.5).
    pub dropped_aggregate: bool,
    /// When the `task_continue` was sent (since process start).
    pub sent_at: Option<std::time::Duration>,
}

/// How synthesizing a segment failed: on the wire, or while handing audio to the caller.
#[derive(Debug)]
pub enum SegmentError {
    Protocol(ProtocolError),
    Output(io::Error),
}

impl From<ProtocolError> for SegmentError {
    fn from(e: ProtocolError) -> Self {
        SegmentError::Protocol(e)
    }
}

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// An open `t2a_v2` WebSocket session.
pub struct Session {
    socket: Socket,
    options: SessionOptions,
    pub session_id: Option<String>,
    pub trace_id: Option<String>,
}

impl Session {
    /// Connects with `Authorization: Bearer` and waits for `connected_success`.
    pub async fn connect(
        url: &str,
        api_key: &str,
        options: SessionOptions,
    ) -> Result<Session, ProtocolError> {
        let connect_error = |detail: String| ProtocolError::Connect {
            url: url.to_string(),
            detail,
        };
        let mut request = url
            .into_client_request()
            .map_err(|e| connect_error(e.to_string()))?;
        let mut auth = HeaderValue::from_str(&format!("Bearer {api_key}")).map_err(|_| {
            connect_error("the API key contains characters not allowed in an HTTP header".into())
        })?;
        auth.set_sensitive(true);
        request.headers_mut().insert(header::AUTHORIZATION, auth);

        let config = WebSocketConfig::default()
            .max_message_size(Some(MAX_FRAME))
            .max_frame_size(Some(MAX_FRAME));
        let connecting = tokio_tungstenite::connect_async_tls_with_config(
            request,
            Some(config),
            true,
            Some(Connector::Rustls(tls_config())),
        );
        let (socket, response) = timeout(options.timeout, connecting)
            .await
            .map_err(|_| ProtocolError::Timeout {
                waiting_for: "the connection",
                after: options.timeout,
            })?
            .map_err(|e| handshake_error(url, e))?;

        let mut session = Session {
            socket,
            trace_id: header_trace_id(response.headers()),
            options,
            session_id: None,
        };
        session.log(format_args!("connected to {}", super::redact_url(url)));
        let event = session.expect_event("connected_success").await?;
        session.session_id = event.session_id.clone();
        if let Some(trace) = event.trace() {
            session.trace_id = Some(trace);
        }
        Ok(session)
    }

    /// Sends `task_start` with the voice and audio settings; waits for `task_started`.
    pub async fn start(&mut self, request: &SynthesisRequest) -> Result<(), ProtocolError> {
        self.send(&ClientEvent::TaskStart { request }).await?;
        let event = self.expect_event("task_started").await?;
        if let Some(trace) = event.trace() {
            self.trace_id = Some(trace);
        }
        Ok(())
    }

    /// Sends one `task_continue` and hands its audio, in order, to `on_audio` until the
    /// `is_final` message arrives.
    pub async fn synthesize(
        &mut self,
        text: &str,
        on_audio: &mut impl AsyncFnMut(&[u8]) -> io::Result<()>,
    ) -> Result<SegmentReport, SegmentError> {
        self.send(&ClientEvent::TaskContinue { text }).await?;
        let mut report = SegmentReport {
            trace_id: self.trace_id.clone(),
            sent_at: Some(crate::timing::since_start()),
            ..SegmentReport::default()
        };
        loop {
            let event = self.next_event("audio").await?;
            if event.is("task_finished") {
                return Err(ProtocolError::Malformed {
                    detail: "the server finished the task before the segment's final message"
                        .into(),
                }
                .into());
            }
            if !event.is("task_continued") {
                self.log(format_args!(
                    "ignoring unexpected event {}",
                    event.event.as_deref().unwrap_or("<no event>")
                ));
                continue;
            }
            if let Some(trace) = event.trace() {
                report.trace_id = Some(trace);
            }
            let audio = hex::decode(event.hex_audio()).map_err(|e| ProtocolError::Malformed {
                detail: format!("audio is not valid hex ({e})"),
            })?;
            if event.is_final != Some(true) {
                if !audio.is_empty() {
                    on_audio(&audio).await.map_err(SegmentError::Output)?;
                    report.audio_bytes += audio.len() as u64;
                }
                continue;
            }

            let extra = event.extra_info.unwrap_or_default();
            if final_payload_is_aggregate(report.audio_bytes, audio.len() as u64, extra.audio_size)
            {
                report.dropped_aggregate = true;
                crate::report::warn(format_args!(
                    "the final message repeated the segment's audio ({} bytes); dropped it",
                    audio.len()
                ));
            } else if !audio.is_empty() {
                on_audio(&audio).await.map_err(SegmentError::Output)?;
                report.audio_bytes += audio.len() as u64;
            }
            report.audio_ms = extra.audio_length;
            report.billed_characters = extra.usage_characters;
            report.sample_rate = extra.audio_sample_rate;
            let or_unknown = |v: Option<u64>| v.map_or_else(|| "?".to_string(), |n| n.to_string());
            self.log(format_args!(
                "segment done: {} bytes, {} ms, {} characters billed",
                report.audio_bytes,
                or_unknown(report.audio_ms),
                or_unknown(report.billed_characters)
            ));
            return Ok(report);
        }
    }

    /// Sends `task_finish` and waits (at most 10 s) for `task_finished` or the close.
    pub async fn finish(mut self) -> Result<(), ProtocolError> {
        self.send(&ClientEvent::TaskFinish).await?;
        let wait = self.options.timeout.min(FINISH_TIMEOUT);
        let result = timeout(wait, async {
            loop {
                match self.next_event("task_finished").await {
                    Ok(event) if event.is("task_finished") => return Ok(()),
                    Ok(_) => continue,
                    // The server closes the socket after task_finished; a close is success.
                    Err(ProtocolError::Dropped { .. }) => return Ok(()),
                    Err(e) => return Err(e),
                }
            }
        })
        .await
        .unwrap_or(Err(ProtocolError::Timeout {
            waiting_for: "task_finished",
            after: wait,
        }));
        self.close().await;
        result
    }

    /// Sends a WebSocket ping (keepalive while waiting for slow input).
    pub async fn ping(&mut self) -> Result<(), ProtocolError> {
        self.log(format_args!("sending ping"));
        timeout(
            self.options.timeout,
            self.socket.send(Message::Ping(Vec::new().into())),
        )
        .await
        .map_err(|_| ProtocolError::Timeout {
            waiting_for: "the server to accept a ping",
            after: self.options.timeout,
        })?
        .map_err(|e| ProtocolError::Dropped {
            detail: e.to_string(),
        })
    }

    /// Closes the socket politely (the only way to cancel a t2a_v2 task), without waiting long.
    pub async fn close(mut self) {
        let _ = timeout(Duration::from_secs(1), self.socket.close(None)).await;
    }

    async fn send(&mut self, event: &ClientEvent<'_>) -> Result<(), ProtocolError> {
        let json = serde_json::to_string(event).map_err(|e| ProtocolError::Malformed {
            detail: format!("could not encode a request: {e}"),
        })?;
        self.log(format_args!("sending {}", describe(event)));
        timeout(self.options.timeout, self.socket.send(Message::text(json)))
            .await
            .map_err(|_| ProtocolError::Timeout {
                waiting_for: "the server to accept data",
                after: self.options.timeout,
            })?
            .map_err(|e| ProtocolError::Dropped {
                detail: e.to_string(),
            })
    }

    /// Waits for the named event, skipping (and logging) any other successful event.
    async fn expect_event(&mut self, name: &'static str) -> Result<ServerEvent, ProtocolError> {
        loop {
            let event = self.next_event(name).await?;
            if event.is(name) {
                return Ok(event);
            }
            self.log(format_args!(
                "ignoring {} while waiting for {name}",
                event.event.as_deref().unwrap_or("<no event>")
            ));
        }
    }

    /// The next JSON event. Every event's `base_resp` is checked: a non-zero status, or a
    /// `task_failed`, is an error. Binary frames are ignored.
    async fn next_event(
        &mut self,
        waiting_for: &'static str,
    ) -> Result<ServerEvent, ProtocolError> {
        loop {
            let message = match timeout(self.options.timeout, self.socket.next()).await {
                Err(_) => {
                    return Err(ProtocolError::Timeout {
                        waiting_for,
                        after: self.options.timeout,
                    });
                }
                Ok(None) => {
                    return Err(ProtocolError::Dropped {
                        detail: format!(
                            "the server closed the connection while we waited for {waiting_for}"
                        ),
                    });
                }
                Ok(Some(Err(e))) => {
                    return Err(ProtocolError::Dropped {
                        detail: e.to_string(),
                    });
                }
                Ok(Some(Ok(message))) => message,
            };
            let text = match message {
                Message::Text(text) => text,
                Message::Binary(bytes) => {
                    self.log(format_args!(
                        "ignoring a binary frame of {} bytes",
                        bytes.len()
                    ));
                    continue;
                }
                Message::Close(frame) => {
                    let reason = frame
                        .map(|f| format!(" (code {}, {:?})", u16::from(f.code), f.reason.as_str()))
                        .unwrap_or_default();
                    return Err(ProtocolError::Dropped {
                        detail: format!(
                            "the server closed the connection{reason} while we waited for {waiting_for}"
                        ),
                    });
                }
                Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => continue,
            };
            let event: ServerEvent =
                serde_json::from_str(&text).map_err(|e| ProtocolError::Malformed {
                    detail: format!("not a JSON event ({e}): {:?}", truncate(&text, 80)),
                })?;
            self.log(format_args!(
                "received {} (status {}, trace id {}, {} hex chars{})",
                event.event.as_deref().unwrap_or("<no event>"),
                event
                    .base_resp
                    .as_ref()
                    .and_then(|b| b.status_code)
                    .map_or_else(|| "none".to_string(), |c| c.to_string()),
                event.trace().as_deref().unwrap_or("none"),
                event.hex_audio().len(),
                if event.is_final == Some(true) {
                    ", final"
                } else {
                    ""
                }
            ));
            if let Some(code) = event.error_code() {
                return Err(ProtocolError::Api {
                    code,
                    server_message: event.status_msg(),
                    trace_id: event.trace().or_else(|| self.trace_id.clone()),
                });
            }
            if event.is("task_failed") {
                return Err(ProtocolError::Malformed {
                    detail: format!(
                        "task_failed without a status code: {:?}",
                        event.status_msg()
                    ),
                });
            }
            return Ok(event);
        }
    }

    fn log(&self, args: std::fmt::Arguments<'_>) {
        crate::report::debug("ws", args);
    }
}

/// The final-message rule (minimax-api.md §3.5): a non-empty final payload is appended,
/// except when ≥ 90 % of the audio had already arrived and the payload alone is ≥ 90 % of
/// it (then it is the whole audio again). If nothing arrived earlier it is always kept.
pub fn final_payload_is_aggregate(received: u64, payload: u64, audio_size: Option<u64>) -> bool {
    if received == 0 || payload == 0 {
        return false;
    }
    let size = audio_size.filter(|&s| s > 0).unwrap_or(received);
    received * 10 >= size * 9 && payload * 10 >= size * 9
}

fn describe(event: &ClientEvent<'_>) -> String {
    match event {
        ClientEvent::TaskStart { request } => format!(
            "task_start (model {}, voice {}, {} {} Hz)",
            request.model,
            request.voice_setting.voice_id,
            request.audio_setting.format.as_str(),
            request.audio_setting.sample_rate
        ),
        ClientEvent::TaskContinue { text } => {
            format!("task_continue ({} characters)", text.chars().count())
        }
        ClientEvent::TaskFinish => "task_finish".into(),
    }
}

fn header_trace_id(headers: &HeaderMap) -> Option<String> {
    ["trace-id", "minimax-request-id"]
        .iter()
        .find_map(|name| headers.get(*name))
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn handshake_error(url: &str, error: tungstenite::Error) -> ProtocolError {
    match error {
        tungstenite::Error::Http(response) => {
            let body = response
                .body()
                .as_deref()
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default();
            // The HTTP status classifies the refusal (a 403 is not a retryable "1000"
            // because its body says so); the body adds MiniMax's words and trace id.
            super::errors::http_refusal(
                response.status().as_u16(),
                header_trace_id(response.headers()),
                &body,
            )
        }
        tungstenite::Error::Tls(e) => ProtocolError::Connect {
            url: url.to_string(),
            detail: format!("TLS failed: {e}"),
        },
        other => ProtocolError::Connect {
            url: url.to_string(),
            detail: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::final_payload_is_aggregate as aggregate;

    #[test]
    fn final_message_rule() {
        // Nothing before: always keep.
        assert!(!aggregate(0, 5000, Some(5000)));
        // A small last piece: keep.
        assert!(!aggregate(4800, 200, Some(5000)));
        // Everything arrived and the final repeats it: drop.
        assert!(aggregate(5000, 5000, Some(5000)));
        assert!(aggregate(4600, 4700, Some(5000)));
        // audio_size 0 or missing: compare with the running total.
        assert!(aggregate(5000, 4900, Some(0)));
        assert!(!aggregate(5000, 1000, None));
        // Only half arrived: the final payload is the rest, keep it.
        assert!(!aggregate(2500, 5000, Some(5000)));
    }
}
