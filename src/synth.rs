//! Drives a WebSocket synthesis of several text segments into a sink, in order, with
//! retries: shared by every command that speaks over `/ws/v1/t2a_v2`.

use std::io;
use std::time::Duration;

use crate::audio::Playback;
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::protocol::ProtocolError;
use crate::protocol::retry::RetryPolicy;
use crate::protocol::types::SynthesisRequest;
use crate::protocol::ws::{SegmentError, SegmentReport, Session, SessionOptions};
use crate::sink::Sink;

/// Everything needed to open sessions.
pub struct Connection<'a> {
    pub url: String,
    pub api_key: &'a str,
    pub options: SessionOptions,
    pub policy: RetryPolicy,
    /// For auth-failure hints.
    pub key_sources: String,
}

impl Connection<'_> {
    async fn open(&self, request: &SynthesisRequest) -> Result<Session, ProtocolError> {
        let mut session = Session::connect(&self.url, self.api_key, self.options.clone()).await?;
        match session.start(request).await {
            Ok(()) => Ok(session),
            Err(e) => {
                session.close().await;
                Err(e)
            }
        }
    }
}

/// When things happened, measured from process start.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    /// The first session was connected.
    pub connected: Option<Duration>,
    /// The first audio byte arrived.
    pub first_audio: Option<Duration>,
    /// The last audio byte arrived.
    pub last_audio: Option<Duration>,
}

/// Where synthesized audio goes: the sink (file, stdout or nowhere) and, when playing,
/// the player. Also keeps the network timings.
pub struct AudioOut<'a> {
    pub sink: &'a mut Sink,
    pub playback: Option<&'a Playback>,
    pub timings: Timings,
    /// When the current segment's first audio byte arrived.
    pub segment_first_audio: Option<Duration>,
}

impl<'a> AudioOut<'a> {
    pub fn new(sink: &'a mut Sink, playback: Option<&'a Playback>) -> Self {
        AudioOut {
            sink,
            playback,
            timings: Timings::default(),
            segment_first_audio: None,
        }
    }

    fn start_segment(&mut self, id: u64) {
        self.segment_first_audio = None;
        if let Some(playback) = self.playback {
            playback.start_segment(id);
        }
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        let now = crate::timing::since_start();
        self.timings.first_audio.get_or_insert(now);
        self.segment_first_audio.get_or_insert(now);
        self.timings.last_audio = Some(now);
        self.sink.write_audio(bytes)?;
        if let Some(playback) = self.playback {
            playback.feed(bytes);
        }
        Ok(())
    }

    fn end_segment(&mut self) {
        if let Some(playback) = self.playback {
            playback.end_segment();
        }
    }

    /// Takes back the audio of a failed segment attempt (the player restarts that segment).
    fn rewind(&mut self, len: u64) -> io::Result<()> {
        self.sink.rewind(len)?;
        if let Some(playback) = self.playback {
            playback.abort_segment();
        }
        Ok(())
    }
}

/// Synthesizes segments, one after another, on one session that is opened on demand and
/// reopened only after failures or a long idle time.
///
/// A retryable failure re-synthesizes the failed segment from its start on a new session;
/// the sink is first cut back to where that segment began, so the output never holds
/// duplicated or missing audio. Where bytes cannot be taken back (stdout), a failure after
/// audio of the segment was written ends the run instead.
pub struct Synthesizer<'c> {
    conn: &'c Connection<'c>,
    request: &'c SynthesisRequest,
    session: Option<Session>,
    retried_unauthorized: bool,
}

impl<'c> Synthesizer<'c> {
    pub fn new(conn: &'c Connection<'c>, request: &'c SynthesisRequest) -> Self {
        Synthesizer {
            conn,
            request,
            session: None,
            retried_unauthorized: false,
        }
    }

    /// Whether a session is open (for keepalive decisions).
    pub fn is_connected(&self) -> bool {
        self.session.is_some()
    }

    /// Opens the session ahead of the first segment, retrying like a segment would, so a
    /// bad key or host fails before any text is waited for.
    pub async fn connect(&mut self, out: &mut AudioOut<'_>) -> anyhow::Result<()> {
        let mut attempt = 1;
        while self.session.is_none() {
            match self.conn.open(self.request).await {
                Ok(session) => {
                    out.timings
                        .connected
                        .get_or_insert_with(crate::timing::since_start);
                    self.session = Some(session);
                }
                Err(error) => {
                    self.retry_or_fail(error, attempt, "opening the session")
                        .await?;
                    attempt += 1;
                }
            }
        }
        Ok(())
    }

    /// Keeps an idle session alive with a WebSocket ping; a session that fails it is
    /// closed and reopened when the next segment comes.
    pub async fn keepalive(&mut self) {
        if let Some(session) = self.session.as_mut()
            && session.ping().await.is_err()
            && let Some(session) = self.session.take()
        {
            session.close().await;
        }
    }

    /// Closes an idle session politely; the next segment opens a new one. Used before
    /// the server's 120 s idle limit would close it with 2201.
    pub async fn release(&mut self) {
        if let Some(session) = self.session.take() {
            let _ = session.finish().await;
        }
    }

    /// Synthesizes one segment (`label` names it in messages, e.g. "segment 2 of 5").
    pub async fn segment(
        &mut self,
        id: u64,
        label: &str,
        text: &str,
        out: &mut AudioOut<'_>,
    ) -> anyhow::Result<SegmentReport> {
        let segment_start = out.sink.audio_len();
        let mut attempt: u32 = 1;
        loop {
            let outcome = match self.session.as_mut() {
                Some(open) => {
                    out.start_segment(id);
                    open.synthesize(text, &mut async |bytes: &[u8]| {
                        out.write(bytes)?;
                        // Playing: keep at most a bounded backlog ahead of the speaker.
                        if let Some(playback) = out.playback {
                            playback.room().await;
                        }
                        Ok(())
                    })
                    .await
                }
                None => match self.conn.open(self.request).await {
                    Ok(opened) => {
                        out.timings
                            .connected
                            .get_or_insert_with(crate::timing::since_start);
                        self.session = Some(opened);
                        continue;
                    }
                    Err(e) => Err(SegmentError::Protocol(e)),
                },
            };
            let error = match outcome {
                Ok(report) => {
                    out.end_segment();
                    return Ok(report);
                }
                Err(SegmentError::Output(e)) => {
                    if let Some(open) = self.session.take() {
                        open.close().await;
                    }
                    return Err(anyhow::Error::new(e).context("cannot write the audio output"));
                }
                Err(SegmentError::Protocol(e)) => e,
            };
            if let Some(open) = self.session.take() {
                open.close().await;
            }
            let written = out.sink.audio_len() - segment_start;
            if written > 0 && (error.retryable() || error.is_unauthorized()) {
                if let Some(target) = out.sink.irrevocable() {
                    let mut failure = error.into_cli_error(&self.conn.key_sources, attempt);
                    failure.message = format!(
                        "{} after {written} bytes of {label} had been written to {target}, which cannot be taken back",
                        failure.message
                    );
                    failure.exit = ExitStatus::Network;
                    return Err(failure
                        .with_hint("write to a file with -o FILE instead: failed segments are then re-synthesized")
                        .into());
                }
                if attempt <= self.conn.policy.retries {
                    out.rewind(segment_start)?;
                }
            }
            self.retry_or_fail(error, attempt, label).await?;
            attempt += 1;
        }
    }

    /// Ends the session after the last segment.
    pub async fn finish(mut self) {
        if let Some(open) = self.session.take()
            && let Err(e) = open.finish().await
        {
            // Every segment's final message arrived, so the audio is complete.
            crate::report::warn(format_args!(
                "the session did not end cleanly ({e}); the audio is complete"
            ));
        }
    }

    /// Returns the user-facing error when `error` must not (or can no longer) be retried;
    /// otherwise waits out the backoff.
    async fn retry_or_fail(
        &mut self,
        error: ProtocolError,
        attempt: u32,
        label: &str,
    ) -> anyhow::Result<()> {
        let unauthorized_once = error.is_unauthorized() && !self.retried_unauthorized;
        if !(error.retryable() || unauthorized_once) || attempt > self.conn.policy.retries {
            return Err(error.into_cli_error(&self.conn.key_sources, attempt).into());
        }
        self.retried_unauthorized |= error.is_unauthorized();
        let delay = self.conn.policy.delay(attempt);
        crate::report::info(format_args!(
            "{error}; retrying {label} in {:.1} s (attempt {} of {})",
            delay.as_secs_f64(),
            attempt + 1,
            self.conn.policy.retries + 1
        ));
        tokio::time::sleep(delay).await;
        Ok(())
    }
}

/// Synthesizes a known list of segments in order on one session.
pub async fn synthesize(
    conn: &Connection<'_>,
    request: &SynthesisRequest,
    segments: &[String],
    out: &mut AudioOut<'_>,
) -> anyhow::Result<Vec<SegmentReport>> {
    let mut synthesizer = Synthesizer::new(conn, request);
    let mut reports = Vec::with_capacity(segments.len());
    for (index, text) in segments.iter().enumerate() {
        let label = format!("segment {} of {}", index + 1, segments.len());
        reports.push(synthesizer.segment(index as u64, &label, text, out).await?);
    }
    synthesizer.finish().await;
    Ok(reports)
}

/// Waits for Ctrl-C (SIGINT), SIGTERM or SIGHUP.
pub async fn interrupted() -> CliError {
    CliError::interrupted(crate::signals::received().await)
}
