//! A `/v1/tts/live` session (<https://docs.fish.audio/features/realtime-streaming>): the
//! upgrade carries the key and the `model` header; `start` goes first, then `text` pieces
//! each followed by `flush`, then `stop`; the server answers with `audio` events and one
//! `finish`. A writer task sends while the caller reads, so audio flows while text is
//! still going out.

use std::time::{Duration, Instant};

use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message;

use super::status;
use super::wire::{ClientEvent, ServerEvent, TtsRequest, WavHeaderStripper};
use crate::engine::error::{EngineError, ErrorKind, Recovery, truncate};
use crate::engine::net::{
    ProxySettings, WsConnectError, WsSocket, close_reason, connect_ws, redact_url,
};
use crate::engine::{Event, SegmentReport, Session};
use crate::report;

pub const LIVE_PATH: &str = "/v1/tts/live";

/// What the writer task sends.
enum Outgoing {
    Event(ClientEvent),
    Ping,
    Close,
}

/// An open live session.
pub struct FishSession {
    reader: SplitStream<WsSocket>,
    outbox: mpsc::UnboundedSender<Outgoing>,
    writer: JoinHandle<Result<(), String>>,
    timeout: Duration,
    /// For WAV: the header still to take off, and the rate it must announce.
    wav: Option<(WavHeaderStripper, u32)>,
    /// When the last flush went out, and whether audio came after it.
    last_flush: Option<Instant>,
    audio_after_flush: bool,
    /// `stop` was sent: `finish` must follow.
    stopped: bool,
    last_activity: Instant,
    finished: bool,
    report: SegmentReport,
}

impl FishSession {
    /// Connects (the upgrade is where a bad key, no credit or an unknown model is
    /// refused) and sends `start`.
    pub async fn open(
        url: &str,
        api_key: &str,
        model: &str,
        request: TtsRequest,
        timeout_after: Duration,
        proxy: &ProxySettings,
    ) -> Result<FishSession, EngineError> {
        let (mut socket, _) = connect_ws(url, api_key, &[("model", model)], timeout_after, proxy)
            .await
            .map_err(|e| handshake_error(url, e, timeout_after))?;
        report::debug(
            "fish",
            format_args!(
                "connected to {} (model {model}); sending start ({}, {} Hz, voice {}, latency {}, chunk_length {})",
                redact_url(url),
                request.format,
                request.sample_rate,
                request
                    .reference_id
                    .as_deref()
                    .unwrap_or("<Fish's default>"),
                request.latency,
                request.chunk_length
            ),
        );
        let wav =
            (request.format == "wav").then(|| (WavHeaderStripper::default(), request.sample_rate));
        let start = ClientEvent::Start {
            request: Box::new(request),
        }
        .encode()
        .map_err(|e| status::malformed(format!("could not encode start: {e}")))?;
        timeout(timeout_after, socket.send(Message::binary(start)))
            .await
            .map_err(|_| status::timed_out("the server to accept start", timeout_after))?
            .map_err(status::dropped)?;
        let (sink, reader) = socket.split();
        let (outbox, inbox) = mpsc::unbounded_channel();
        let writer = tokio::spawn(write_loop(sink, inbox));
        Ok(FishSession {
            reader,
            outbox,
            writer,
            timeout: timeout_after,
            wav,
            last_flush: None,
            audio_after_flush: false,
            stopped: false,
            last_activity: Instant::now(),
            finished: false,
            report: SegmentReport {
                sent_at: Some(crate::timing::since_start()),
                ..SegmentReport::default()
            },
        })
    }

    fn queue(&mut self, event: ClientEvent) -> Result<(), EngineError> {
        report::debug("fish", format_args!("sending {}", event.name()));
        if self.writer.is_finished() || self.outbox.send(Outgoing::Event(event)).is_err() {
            return Err(status::dropped("the connection closed while sending"));
        }
        Ok(())
    }

    /// When the next message must have arrived: after `stop`, `finish` is due within the
    /// timeout of the last sign of life; after a flush, its first audio is. Otherwise the
    /// session may rightly be quiet (all audio so far delivered, more text to come).
    fn deadline(&self) -> Option<(Instant, &'static str)> {
        if self.stopped {
            Some((self.last_activity + self.timeout, "the end of the audio"))
        } else if let Some(flushed) = self.last_flush.filter(|_| !self.audio_after_flush) {
            Some((flushed + self.timeout, "audio"))
        } else {
            None
        }
    }

    async fn next_message(&mut self) -> Result<Option<Message>, EngineError> {
        let deadline = self.deadline();
        let next = self.reader.next();
        let message = match deadline {
            Some((at, waiting_for)) => tokio::time::timeout_at(at.into(), next)
                .await
                .map_err(|_| status::timed_out(waiting_for, self.timeout))?,
            None => next.await,
        };
        match message {
            None => Ok(None),
            Some(Err(e)) => Err(status::dropped(e)),
            Some(Ok(message)) => Ok(Some(message)),
        }
    }

    /// Audio bytes as the caller gets them: PCM for WAV (the header taken off).
    fn audio(&mut self, bytes: Vec<u8>) -> Result<Vec<u8>, EngineError> {
        match &mut self.wav {
            Some((stripper, rate)) => stripper
                .feed(bytes, *rate)
                // A stream in another layout would be so again on a new session.
                .map_err(|e| status::malformed(e).fatal()),
            None => Ok(bytes),
        }
    }
}

impl Session for FishSession {
    /// Queues the text (with a space after it: pieces are joined verbatim) and a
    /// `flush`, so the server speaks it now instead of waiting for more.
    async fn send(&mut self, text: &str) -> Result<(), EngineError> {
        let mut piece = text.to_string();
        if !piece.ends_with(char::is_whitespace) {
            piece.push(' ');
        }
        self.queue(ClientEvent::Text { text: piece })?;
        self.queue(ClientEvent::Flush)?;
        self.last_flush = Some(Instant::now());
        self.audio_after_flush = false;
        Ok(())
    }

    async fn end_input(&mut self) -> Result<(), EngineError> {
        self.queue(ClientEvent::Stop)?;
        self.stopped = true;
        self.last_activity = Instant::now();
        Ok(())
    }

    /// The next audio, or — after `stop` — the `finish` that ends the session, reported
    /// as the one [`Event::SegmentDone`] of the whole session.
    async fn next_event(&mut self) -> Result<Event, EngineError> {
        loop {
            let Some(message) = self.next_message().await? else {
                return Err(status::dropped(
                    "the server closed the connection before finish",
                ));
            };
            self.last_activity = Instant::now();
            let bytes = match message {
                Message::Binary(bytes) => bytes,
                Message::Text(text) => {
                    report::debug(
                        "fish",
                        format_args!("ignoring a text frame: {:?}", truncate(&text, 80)),
                    );
                    continue;
                }
                Message::Close(frame) => {
                    let reason = close_reason(frame.as_ref());
                    return Err(status::dropped(format!(
                        "the server closed the connection{reason} before finish"
                    )));
                }
                Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => continue,
            };
            let event = ServerEvent::decode(&bytes).map_err(|e| {
                status::malformed(format!(
                    "a {}-byte frame is not a MessagePack event ({e})",
                    bytes.len()
                ))
            })?;
            match event.event.as_deref() {
                Some("audio") => {
                    let audio = event.audio.unwrap_or_default();
                    self.audio_after_flush = true;
                    let audio = self.audio(audio)?;
                    if audio.is_empty() {
                        continue;
                    }
                    self.report.audio_bytes += audio.len() as u64;
                    return Ok(Event::Audio(audio));
                }
                Some("finish") => match event.reason.as_deref() {
                    Some("stop") | None => {
                        report::debug(
                            "fish",
                            format_args!("finish: {} bytes of audio", self.report.audio_bytes),
                        );
                        self.finished = true;
                        return Ok(Event::SegmentDone(std::mem::take(&mut self.report)));
                    }
                    Some("error") => {
                        return Err(status::finished_with_error(event.message.as_deref()));
                    }
                    Some(other) => {
                        return Err(status::malformed(format!("finish with reason {other:?}")));
                    }
                },
                Some("log") => report::debug(
                    "fish",
                    format_args!("server log: {}", event.message.as_deref().unwrap_or("")),
                ),
                other => report::debug(
                    "fish",
                    format_args!("ignoring event {}", other.unwrap_or("<none>")),
                ),
            }
        }
    }

    async fn keepalive(&mut self) -> Result<(), EngineError> {
        if self.writer.is_finished() || self.outbox.send(Outgoing::Ping).is_err() {
            return Err(status::dropped("the connection closed"));
        }
        Ok(())
    }

    /// The session ends with `finish`, which the caller has read; this only closes it.
    async fn finish(self) -> Result<(), EngineError> {
        let finished = self.finished;
        self.close().await;
        if finished {
            Ok(())
        } else {
            Err(EngineError::new(
                ErrorKind::Protocol,
                Recovery::Retry,
                "the session was closed before Fish Audio finished it",
            ))
        }
    }

    async fn close(self) {
        let _ = self.outbox.send(Outgoing::Close);
        drop(self.outbox);
        let mut writer = self.writer;
        if timeout(Duration::from_secs(1), &mut writer).await.is_err() {
            writer.abort();
        }
    }
}

/// Sends queued messages in order. Errors end it; the reader sees the broken connection
/// too, and errors after `finish` (the server closes at once) do not matter.
async fn write_loop(
    mut sink: SplitSink<WsSocket, Message>,
    mut inbox: mpsc::UnboundedReceiver<Outgoing>,
) -> Result<(), String> {
    while let Some(outgoing) = inbox.recv().await {
        let message = match outgoing {
            Outgoing::Event(event) => Message::binary(event.encode()?),
            Outgoing::Ping => Message::Ping(Vec::new().into()),
            Outgoing::Close => {
                let _ = sink.close().await;
                return Ok(());
            }
        };
        sink.send(message).await.map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn handshake_error(url: &str, error: WsConnectError, after: Duration) -> EngineError {
    match error {
        WsConnectError::Refused {
            status,
            body,
            headers,
        } => status::http_refusal(status, &body).with_retry_after(&headers),
        WsConnectError::BadKey => EngineError::new(
            ErrorKind::Input,
            Recovery::Fatal,
            "the Fish Audio API key contains characters not allowed in an HTTP header",
        ),
        WsConnectError::TimedOut => status::timed_out("the connection", after),
        WsConnectError::BadUrl(e) | WsConnectError::Failed(e) => status::connect_failed(url, e),
        WsConnectError::Proxy(e) => e,
    }
}
