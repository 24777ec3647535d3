//! MiniMax's HTTP streaming transport
//! (<https://platform.minimax.io/docs/api-reference/speech-t2a-http>): one
//! `POST /v1/t2a_v2` with `"stream": true` per segment, answered by server-sent events.
//!
//! The rules other clients learned the hard way:
//! - The last event (`data.status` 2) repeats the whole audio unless
//!   `stream_options.exclude_aggregated_audio` is set; it is always set, and status-2 audio
//!   that repeats what status-1 audio brought is dropped anyway (a last piece is kept).
//! - Errors come as HTTP 200: inside any `data:` event, or as a bare JSON body with no
//!   `data:` prefix at all.
//! - Events may be megabytes (hex doubles the audio) and span many reads: the parser has
//!   no line limit. `event:`, `id:`, `retry:` and comment lines are ignored, as is a
//!   `[DONE]` line (proxies add them).

use std::collections::VecDeque;
use std::rc::Rc;
use std::time::Duration;

use reqwest::Response;
use serde_json::Value;

use super::http::{check_base_resp, trace_header, transport_error};
use super::region::RegionProbe;
use super::status;
use super::wire::{ServerEvent, SynthesisRequest};
use crate::engine::error::EngineError;
use crate::engine::error::truncate;
use crate::engine::net::ProxySettings;
use crate::engine::{Event, SegmentReport, Session};
use crate::report;
use crate::subtitles::Cue;

pub const T2A_PATH: &str = "/v1/t2a_v2";

/// Incremental server-sent-events parsing: bytes in, complete `data` payloads out.
#[derive(Debug, Default)]
pub struct SseParser {
    buf: Vec<u8>,
    /// Where the search for the next line end resumes (no rescans of a long line).
    scanned: usize,
    data: Vec<u8>,
    has_data: bool,
    /// The body does not start like an event stream: a bare JSON body, kept whole.
    bare: Option<bool>,
}

impl SseParser {
    /// Adds bytes; returns the payloads of the events they completed.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<String> {
        self.buf.extend_from_slice(bytes);
        if self.bare.is_none() {
            let start = self
                .buf
                .iter()
                .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
            match start {
                None => return Vec::new(),
                Some(i) => self.bare = Some(self.buf[i] == b'{' || self.buf[i] == b'['),
            }
        }
        if self.bare == Some(true) {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut line_start = 0;
        while let Some(offset) = self.buf[self.scanned..].iter().position(|&b| b == b'\n') {
            let end = self.scanned + offset;
            let line = &self.buf[line_start..end];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.is_empty() {
                if self.has_data {
                    out.push(String::from_utf8_lossy(&self.data).into_owned());
                }
                self.data.clear();
                self.has_data = false;
            } else if let Some(value) = line.strip_prefix(b"data:") {
                let value = value.strip_prefix(b" ").unwrap_or(value);
                if self.has_data {
                    self.data.push(b'\n');
                }
                self.data.extend_from_slice(value);
                self.has_data = true;
            }
            // Anything else (`event:`, `id:`, `retry:`, `: comment`) carries nothing for us.
            line_start = end + 1;
            self.scanned = line_start;
        }
        self.buf.drain(..line_start);
        self.scanned -= line_start;
        out
    }

    /// The end of the body: the last event (even without its blank line), or the whole
    /// body when it was bare JSON.
    pub fn finish(&mut self) -> Finished {
        if self.bare == Some(true) {
            return Finished::Bare(String::from_utf8_lossy(&self.buf).into_owned());
        }
        let mut rest = self.push(b"\n\n");
        if rest.is_empty() && !self.buf.is_empty() {
            rest.push(String::from_utf8_lossy(&self.buf).into_owned());
        }
        Finished::Events(rest)
    }
}

/// What was left when the body ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Finished {
    Events(Vec<String>),
    Bare(String),
}

/// One streamed HTTP request per segment.
pub struct SseSession {
    client: reqwest::Client,
    endpoint: Rc<RegionProbe>,
    proxy: ProxySettings,
    /// The segment under way (sent again at the other region when the key is refused).
    text: String,
    api_key: String,
    request: SynthesisRequest,
    timeout: Duration,
    response: Option<Response>,
    parser: SseParser,
    ready: VecDeque<Event>,
    report: SegmentReport,
    /// Status-1 audio arrived: status-2 audio is then the aggregate, never appended.
    got_progress_audio: bool,
    segment_done: bool,
    /// Where the segment under way was posted.
    posted_to: Option<crate::engine::net::Endpoint>,
}

impl SseSession {
    pub fn new(
        client: reqwest::Client,
        endpoint: Rc<RegionProbe>,
        proxy: ProxySettings,
        api_key: &str,
        request: SynthesisRequest,
        timeout: Duration,
    ) -> SseSession {
        SseSession {
            client,
            endpoint,
            proxy,
            text: String::new(),
            api_key: api_key.to_string(),
            request,
            timeout,
            response: None,
            parser: SseParser::default(),
            ready: VecDeque::new(),
            report: SegmentReport::default(),
            got_progress_audio: false,
            segment_done: true,
            posted_to: None,
        }
    }

    fn log(&self, args: std::fmt::Arguments<'_>) {
        report::debug("sse", args);
    }

    /// Reads the body until the current segment yields something.
    async fn read(&mut self) -> Result<(), EngineError> {
        while self.ready.is_empty() {
            let Some(response) = self.response.as_mut() else {
                return Err(status::malformed("no request is under way"));
            };
            let chunk = tokio::time::timeout(self.timeout, response.chunk())
                .await
                .map_err(|_| status::timed_out("audio", self.timeout))?
                .map_err(|e| transport_error(e, self.timeout))?;
            match chunk {
                Some(bytes) => {
                    for payload in self.parser.push(&bytes) {
                        self.handle(&payload).await?;
                    }
                }
                None => {
                    self.response = None;
                    match self.parser.finish() {
                        Finished::Bare(body) => return Err(bare_body_error(&body)),
                        Finished::Events(payloads) => {
                            for payload in payloads {
                                self.handle(&payload).await?;
                            }
                        }
                    }
                    if !self.segment_done {
                        return Err(status::dropped(
                            "the stream ended before its last event (status 2)",
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// One event's payload.
    async fn handle(&mut self, payload: &str) -> Result<(), EngineError> {
        let payload = payload.trim();
        if payload.is_empty() || payload == "[DONE]" || self.segment_done {
            return Ok(());
        }
        let event: ServerEvent = serde_json::from_str(payload).map_err(|e| {
            status::malformed(format!(
                "not a JSON event ({e}): {:?}",
                truncate(payload, 80)
            ))
        })?;
        let data_status = event.data.as_ref().and_then(|d| d.status);
        self.log(format_args!(
            "received status {} ({} hex chars)",
            data_status.map_or_else(|| "none".to_string(), |s| s.to_string()),
            event.hex_audio().len()
        ));
        if let Some(code) = event.error_code() {
            return Err(status::api_error(
                code,
                &event.status_msg(),
                event.trace().or_else(|| self.report.trace_id.clone()),
            ));
        }
        if let Some(trace) = event.trace() {
            self.report.trace_id = Some(trace);
        }
        let audio = event.payload(&mut self.ready)?;
        if data_status == Some(2) {
            // Only a repeat of what arrived may be dropped: the aggregate the option
            // turns off, should a server send it anyway. A last piece is kept.
            let size = event.extra_info.as_ref().and_then(|e| e.audio_size);
            let repeat = self.got_progress_audio
                && super::ws::final_payload_is_aggregate(
                    self.report.audio_bytes,
                    audio.len() as u64,
                    size,
                );
            if repeat {
                self.log(format_args!(
                    "dropped {} bytes of aggregated audio in the last event",
                    audio.len()
                ));
            } else if !audio.is_empty() {
                self.report.audio_bytes += audio.len() as u64;
                self.ready.push_back(Event::Audio(audio));
            }
            if let Some(url) = event.data.as_ref().and_then(|d| d.subtitle_file.clone())
                && self.request.subtitle_enable
            {
                let cues = self.subtitle_file(&url).await?;
                if !cues.is_empty() {
                    self.ready.push_back(Event::Subtitles(cues));
                }
            }
            let extra = event.extra_info.unwrap_or_default();
            let mut done = std::mem::take(&mut self.report);
            done.audio_ms = extra.audio_length;
            done.billed_characters = extra.usage_characters;
            self.ready.push_back(Event::SegmentDone(done));
            self.segment_done = true;
            return Ok(());
        }
        if !audio.is_empty() {
            self.got_progress_audio = true;
            self.report.audio_bytes += audio.len() as u64;
            self.ready.push_back(Event::Audio(audio));
        }
        Ok(())
    }

    /// Subtitles delivered as a file: a JSON list of sentences at a URL. The URL is a
    /// storage link, not MiniMax's API: the key is not sent there.
    async fn subtitle_file(&self, url: &str) -> Result<Vec<Cue>, EngineError> {
        self.log(format_args!("fetching the subtitle file"));
        let response = tokio::time::timeout(self.timeout, self.client.get(url).send())
            .await
            .map_err(|_| status::timed_out("the subtitle file", self.timeout))?
            .map_err(|e| transport_error(e, self.timeout))?;
        if !response.status().is_success() {
            return Err(status::malformed(format!(
                "the subtitle file could not be fetched (HTTP {})",
                response.status().as_u16()
            )));
        }
        let body = response
            .text()
            .await
            .map_err(|e| transport_error(e, self.timeout))?;
        super::subtitles::parse_titles(body.as_bytes()).map_err(status::malformed)
    }
}

/// A body that is JSON instead of events: an error (or something unusable).
fn bare_body_error(body: &str) -> EngineError {
    match serde_json::from_str::<Value>(body) {
        Ok(value) => match check_base_resp(&value) {
            Err(e) => e,
            Ok(()) => status::malformed(format!(
                "a JSON body instead of an event stream: {:?}",
                truncate(body, 120)
            )),
        },
        Err(_) => status::malformed(format!(
            "the response is neither events nor JSON: {:?}",
            truncate(body, 80)
        )),
    }
}

impl SseSession {
    /// Posts the current segment.
    async fn post(&mut self) -> Result<(), EngineError> {
        let url = self.endpoint.endpoint().http_url("");
        let proxy = self.proxy.clone();
        self.post_direct()
            .await
            .map_err(|e| crate::engine::proxy::blame(&proxy, &url, e))
    }

    async fn post_direct(&mut self) -> Result<(), EngineError> {
        self.response = None;
        self.parser = SseParser::default();
        self.ready.clear();
        self.got_progress_audio = false;
        self.segment_done = false;
        self.report = SegmentReport {
            sent_at: Some(crate::timing::since_start()),
            ..SegmentReport::default()
        };
        self.log(format_args!(
            "POST {T2A_PATH} ({} characters)",
            self.text.chars().count()
        ));
        let body = self.request.http_stream_body(&self.text);
        let used = self.endpoint.endpoint();
        let url = used.http_url(T2A_PATH);
        self.posted_to = Some(used);
        let sending = self
            .client
            .post(&url)
            .bearer_auth(&self.api_key)
            .header("Accept", "text/event-stream")
            .json(&body)
            .send();
        let response = tokio::time::timeout(self.timeout, sending)
            .await
            .map_err(|_| status::timed_out("the response", self.timeout))?
            .map_err(|e| transport_error(e, self.timeout))?;
        let code = response.status();
        self.report.trace_id = trace_header(&response);
        if !code.is_success() {
            let trace_id = trace_header(&response);
            let headers = response.headers().clone();
            let body = response.text().await.unwrap_or_default();
            return Err(
                status::http_refusal(code.as_u16(), trace_id, &body).with_retry_after(&headers)
            );
        }
        self.response = Some(response);
        Ok(())
    }

    /// Handles a refusal that may mean the key is another region's: the segment is
    /// posted again there, once, if nothing of it was handed out yet.
    async fn retry_elsewhere(&mut self, error: EngineError) -> Result<(), EngineError> {
        let used = self
            .posted_to
            .clone()
            .unwrap_or_else(|| self.endpoint.endpoint());
        if self.report.audio_bytes == 0
            && self.ready.is_empty()
            && self.endpoint.switch(&error, &used)
        {
            return self.post().await;
        }
        Err(error)
    }
}

impl Session for SseSession {
    async fn send(&mut self, text: &str) -> Result<(), EngineError> {
        self.text = text.to_string();
        match self.post().await {
            Err(e) => self.retry_elsewhere(e).await,
            Ok(()) => Ok(()),
        }
    }

    async fn next_event(&mut self) -> Result<Event, EngineError> {
        loop {
            match self.read().await {
                Ok(()) => break,
                Err(e) => self.retry_elsewhere(e).await?,
            }
        }
        self.endpoint.confirm();
        self.ready
            .pop_front()
            .ok_or_else(|| status::malformed("no event"))
    }

    /// Nothing stays open between segments.
    async fn keepalive(&mut self) -> Result<(), EngineError> {
        Ok(())
    }

    async fn finish(self) -> Result<(), EngineError> {
        Ok(())
    }

    async fn close(self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_span_reads_and_tolerate_proxy_lines() {
        let mut parser = SseParser::default();
        let stream = b"event: message\nid: 1\ndata: {\"a\":1}\n\ndata:{\"b\":\r\n\r\n: comment\ndata: [DONE]\n\n";
        let mut out = Vec::new();
        for piece in stream.chunks(3) {
            out.extend(parser.push(piece));
        }
        assert_eq!(out, ["{\"a\":1}", "{\"b\":", "[DONE]"]);
        assert_eq!(parser.finish(), Finished::Events(vec![]));
    }

    #[test]
    fn a_large_event_and_a_missing_final_blank_line() {
        let mut parser = SseParser::default();
        let big = "x".repeat(5 << 20);
        let body = format!("data: {big}\n\ndata: last");
        let mut out = Vec::new();
        for piece in body.as_bytes().chunks(65536) {
            out.extend(parser.push(piece));
        }
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].len(), big.len());
        assert_eq!(parser.finish(), Finished::Events(vec!["last".into()]));
    }

    #[test]
    fn a_bare_json_body_is_kept_whole() {
        let mut parser = SseParser::default();
        assert!(parser.push(b"  {\"base_resp\":").is_empty());
        assert!(parser.push(b"{\"status_code\":1004}}").is_empty());
        let Finished::Bare(body) = parser.finish() else {
            panic!("not bare")
        };
        let error = bare_body_error(&body);
        assert_eq!(error.status, Some(1004));
    }
}
