//! The `/ws/v1/t2a_v2` session
//! (<https://platform.minimax.io/docs/api-reference/speech-t2a-websocket>): connect →
//! `connected_success`, `task_start` → `task_started`, one `task_continue` per text
//! segment answered by audio chunks and one `is_final`, then `task_finish` →
//! `task_finished` / close.

use std::collections::VecDeque;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::http::HeaderMap;

use super::status;
use super::wire::{ClientEvent, ServerEvent, SynthesisRequest};
use crate::engine::error::truncate;
use crate::engine::error::{EngineError, ErrorKind};
use crate::engine::net::{
    ProxySettings, WsConnectError, WsSocket, close_reason, connect_ws, redact_url,
};
use crate::engine::{Event, SegmentReport, Session};
use crate::report;

pub const T2A_PATH: &str = "/ws/v1/t2a_v2";

/// How long to wait for `task_finished` after `task_finish`.
const FINISH_TIMEOUT: Duration = Duration::from_secs(10);

/// An open `t2a_v2` WebSocket session.
pub struct WsSession {
    socket: WsSocket,
    timeout: Duration,
    trace_id: Option<String>,
    /// The segment under way: what it produced so far.
    report: SegmentReport,
    /// Events decoded but not yet handed out (a final message may carry audio).
    ready: VecDeque<Event>,
}

impl WsSession {
    /// Connects with `Authorization: Bearer`, waits for `connected_success`, then sends
    /// `task_start` and waits for `task_started`.
    pub async fn open(
        url: &str,
        api_key: &str,
        request: &SynthesisRequest,
        timeout_after: Duration,
        proxy: &ProxySettings,
    ) -> Result<WsSession, EngineError> {
        let mut session = Self::connect(url, api_key, timeout_after, proxy).await?;
        match session.start(request).await {
            Ok(()) => Ok(session),
            Err(e) => {
                session.close().await;
                Err(e)
            }
        }
    }

    async fn connect(
        url: &str,
        api_key: &str,
        timeout_after: Duration,
        proxy: &ProxySettings,
    ) -> Result<WsSession, EngineError> {
        let (socket, headers) = connect_ws(url, api_key, &[], timeout_after, proxy)
            .await
            .map_err(|e| handshake_error(url, e, timeout_after))?;

        let mut session = WsSession {
            socket,
            trace_id: header_trace_id(&headers),
            timeout: timeout_after,
            report: SegmentReport::default(),
            ready: VecDeque::new(),
        };
        session.log(format_args!("connected to {}", redact_url(url)));
        let event = session.expect_event("connected_success").await?;
        if let Some(trace) = event.trace() {
            session.trace_id = Some(trace);
        }
        Ok(session)
    }

    /// Sends `task_start` with the voice and audio settings; waits for `task_started`.
    async fn start(&mut self, request: &SynthesisRequest) -> Result<(), EngineError> {
        self.send_event(&ClientEvent::TaskStart { request }).await?;
        let event = self.expect_event("task_started").await?;
        if let Some(trace) = event.trace() {
            self.trace_id = Some(trace);
        }
        Ok(())
    }

    /// Reads until the current segment yields something.
    async fn read_segment(&mut self) -> Result<(), EngineError> {
        loop {
            let event = self.next_server_event("audio").await?;
            if event.is("task_finished") {
                return Err(status::malformed(
                    "the server finished the task before the segment's final message",
                ));
            }
            if !event.is("task_continued") {
                self.log(format_args!(
                    "ignoring unexpected event {}",
                    event.event.as_deref().unwrap_or("<no event>")
                ));
                continue;
            }
            if let Some(trace) = event.trace() {
                self.report.trace_id = Some(trace);
            }
            let audio = event.payload(&mut self.ready)?;
            if event.is_final != Some(true) {
                if !audio.is_empty() {
                    self.report.audio_bytes += audio.len() as u64;
                    self.ready.push_back(Event::Audio(audio));
                }
                if self.ready.is_empty() {
                    continue;
                }
                return Ok(());
            }

            let extra = event.extra_info.unwrap_or_default();
            if final_payload_is_aggregate(
                self.report.audio_bytes,
                audio.len() as u64,
                extra.audio_size,
            ) {
                report::warn(format_args!(
                    "the final message repeated the segment's audio ({} bytes); dropped it",
                    audio.len()
                ));
            } else if !audio.is_empty() {
                self.report.audio_bytes += audio.len() as u64;
                self.ready.push_back(Event::Audio(audio));
            }
            let mut done = std::mem::take(&mut self.report);
            done.audio_ms = extra.audio_length;
            done.billed_characters = extra.usage_characters;
            let or_unknown = |v: Option<u64>| v.map_or_else(|| "?".to_string(), |n| n.to_string());
            self.log(format_args!(
                "segment done: {} bytes, {} ms, {} characters billed",
                done.audio_bytes,
                or_unknown(done.audio_ms),
                or_unknown(done.billed_characters)
            ));
            self.ready.push_back(Event::SegmentDone(done));
            return Ok(());
        }
    }

    async fn send_event(&mut self, event: &ClientEvent<'_>) -> Result<(), EngineError> {
        let json = serde_json::to_string(event)
            .map_err(|e| status::malformed(format!("could not encode a request: {e}")))?;
        self.log(format_args!("sending {}", describe(event)));
        timeout(self.timeout, self.socket.send(Message::text(json)))
            .await
            .map_err(|_| status::timed_out("the server to accept data", self.timeout))?
            .map_err(status::dropped)
    }

    /// Waits for the named event, skipping (and logging) any other successful event.
    async fn expect_event(&mut self, name: &'static str) -> Result<ServerEvent, EngineError> {
        loop {
            let event = self.next_server_event(name).await?;
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
    async fn next_server_event(
        &mut self,
        waiting_for: &'static str,
    ) -> Result<ServerEvent, EngineError> {
        loop {
            let message = match timeout(self.timeout, self.socket.next()).await {
                Err(_) => return Err(status::timed_out(waiting_for, self.timeout)),
                Ok(None) => {
                    return Err(status::dropped(format!(
                        "the server closed the connection while we waited for {waiting_for}"
                    )));
                }
                Ok(Some(Err(e))) => return Err(status::dropped(e)),
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
                    let reason = close_reason(frame.as_ref());
                    return Err(status::dropped(format!(
                        "the server closed the connection{reason} while we waited for {waiting_for}"
                    )));
                }
                Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => continue,
            };
            let event: ServerEvent = serde_json::from_str(&text).map_err(|e| {
                status::malformed(format!("not a JSON event ({e}): {:?}", truncate(&text, 80)))
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
                return Err(status::api_error(
                    code,
                    &event.status_msg(),
                    event.trace().or_else(|| self.trace_id.clone()),
                ));
            }
            if event.is("task_failed") {
                return Err(status::malformed(format!(
                    "task_failed without a status code: {:?}",
                    event.status_msg()
                )));
            }
            return Ok(event);
        }
    }

    fn log(&self, args: std::fmt::Arguments<'_>) {
        report::debug("ws", args);
    }
}

impl Session for WsSession {
    async fn send(&mut self, text: &str) -> Result<(), EngineError> {
        self.ready.clear();
        self.report = SegmentReport {
            trace_id: self.trace_id.clone(),
            sent_at: Some(crate::timing::since_start()),
            ..SegmentReport::default()
        };
        self.send_event(&ClientEvent::TaskContinue { text }).await
    }

    async fn next_event(&mut self) -> Result<Event, EngineError> {
        loop {
            if let Some(event) = self.ready.pop_front() {
                return Ok(event);
            }
            self.read_segment().await?;
        }
    }

    /// A WebSocket ping (MiniMax never pings; its idle limit is 120 s).
    async fn keepalive(&mut self) -> Result<(), EngineError> {
        self.log(format_args!("sending ping"));
        timeout(
            self.timeout,
            self.socket.send(Message::Ping(Vec::new().into())),
        )
        .await
        .map_err(|_| status::timed_out("the server to accept a ping", self.timeout))?
        .map_err(status::dropped)
    }

    /// Sends `task_finish` and waits (at most 10 s) for `task_finished` or the close.
    async fn finish(mut self) -> Result<(), EngineError> {
        self.send_event(&ClientEvent::TaskFinish).await?;
        let wait = self.timeout.min(FINISH_TIMEOUT);
        let result = timeout(wait, async {
            loop {
                match self.next_server_event("task_finished").await {
                    Ok(event) if event.is("task_finished") => return Ok(()),
                    Ok(_) => continue,
                    // The server closes the socket after task_finished; a close is success.
                    Err(e) if e.kind == ErrorKind::Network => return Ok(()),
                    Err(e) => return Err(e),
                }
            }
        })
        .await
        .unwrap_or_else(|_| Err(status::timed_out("task_finished", wait)));
        self.close().await;
        result
    }

    /// Closes the socket politely (the only way to cancel a t2a_v2 task), without waiting long.
    async fn close(mut self) {
        let _ = timeout(Duration::from_secs(1), self.socket.close(None)).await;
    }
}

/// The final-message rule : a non-empty final payload is appended,
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
            "task_start (model {}, voice {}, {} {} Hz{})",
            request.model,
            request.voice_setting.voice_id,
            request.audio_setting.format.as_str(),
            request.audio_setting.sample_rate,
            if request.subtitle_enable {
                ", subtitles"
            } else {
                ""
            }
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

fn handshake_error(url: &str, error: WsConnectError, after: Duration) -> EngineError {
    match error {
        // The HTTP status classifies the refusal (a 403 is not a retryable "1000"
        // because its body says so); the body adds MiniMax's words and trace id.
        WsConnectError::Refused {
            status,
            headers,
            body,
        } => status::http_refusal(status, header_trace_id(&headers), &body)
            .with_retry_after(&headers),
        WsConnectError::BadKey => EngineError::new(
            ErrorKind::Input,
            crate::engine::Recovery::Fatal,
            "the API key contains characters not allowed in an HTTP header",
        ),
        WsConnectError::TimedOut => status::timed_out("the connection", after),
        WsConnectError::BadUrl(e) | WsConnectError::Failed(e) => status::connect_failed(url, e),
        WsConnectError::Proxy(e) => e,
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
