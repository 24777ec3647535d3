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
    pub quiet: bool,
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

    fn warn(&self, args: std::fmt::Arguments<'_>) {
        if !self.quiet {
            eprintln!("minimax-tts: {args}");
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
}

impl AudioOut<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        let now = crate::timing::since_start();
        self.timings.first_audio.get_or_insert(now);
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

/// Synthesizes `segments` in order on one session (reopened only after failures) and
/// writes their audio to `sink`.
///
/// A retryable failure re-synthesizes the failed segment from its start on a new session;
/// the sink is first cut back to where that segment began, so the output never holds
/// duplicated or missing audio. Where bytes cannot be taken back (stdout), a failure after
/// audio of the segment was written ends the run instead.
pub async fn synthesize(
    conn: &Connection<'_>,
    request: &SynthesisRequest,
    segments: &[String],
    out: &mut AudioOut<'_>,
) -> anyhow::Result<Vec<SegmentReport>> {
    let mut session: Option<Session> = None;
    let mut reports = Vec::with_capacity(segments.len());
    let mut retried_unauthorized = false;

    for (index, text) in segments.iter().enumerate() {
        let segment_start = out.sink.audio_len();
        let mut attempt: u32 = 1;
        loop {
            let outcome = match session.as_mut() {
                Some(open) => open.synthesize(text, &mut |bytes| out.write(bytes)).await,
                None => match conn.open(request).await {
                    Ok(opened) => {
                        out.timings
                            .connected
                            .get_or_insert_with(crate::timing::since_start);
                        session = Some(opened);
                        continue;
                    }
                    Err(e) => Err(SegmentError::Protocol(e)),
                },
            };
            let error = match outcome {
                Ok(report) => {
                    out.end_segment();
                    reports.push(report);
                    break;
                }
                Err(SegmentError::Output(e)) => {
                    if let Some(open) = session.take() {
                        open.close().await;
                    }
                    return Err(anyhow::Error::new(e).context("cannot write the audio output"));
                }
                Err(SegmentError::Protocol(e)) => e,
            };
            if let Some(open) = session.take() {
                open.close().await;
            }

            let unauthorized_once = error.is_unauthorized() && !retried_unauthorized;
            if !(error.retryable() || unauthorized_once) || attempt > conn.policy.retries {
                return Err(error.into_cli_error(&conn.key_sources, attempt).into());
            }
            retried_unauthorized |= error.is_unauthorized();
            let written = out.sink.audio_len() - segment_start;
            if written > 0 {
                if !out.sink.can_rewind() {
                    let mut failure = error.into_cli_error(&conn.key_sources, attempt);
                    failure.message = format!(
                        "{} after {written} bytes of segment {} of {} had been written to stdout, which cannot be taken back",
                        failure.message,
                        index + 1,
                        segments.len()
                    );
                    failure.exit = ExitStatus::Network;
                    return Err(failure
                        .with_hint("write to a file with -o FILE instead: failed segments are then re-synthesized")
                        .into());
                }
                out.rewind(segment_start)?;
            }
            let delay = conn.policy.delay(attempt);
            conn.warn(format_args!(
                "{error}; retrying segment {} of {} in {:.1} s (attempt {} of {})",
                index + 1,
                segments.len(),
                delay.as_secs_f64(),
                attempt + 1,
                conn.policy.retries + 1
            ));
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    if let Some(open) = session
        && let Err(e) = open.finish().await
    {
        // Every segment's final message arrived, so the audio is complete.
        conn.warn(format_args!(
            "warning: the session did not end cleanly ({e}); the audio is complete"
        ));
    }
    Ok(reports)
}

/// Waits for Ctrl-C (SIGINT) or SIGTERM.
pub async fn interrupted() -> CliError {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let (Ok(mut int), Ok(mut term)) = (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
            return CliError::interrupted();
        }
    }
    match tokio::signal::ctrl_c().await {
        Ok(()) => CliError::interrupted(),
        // No signal handling available: never resolve.
        Err(_) => std::future::pending::<CliError>().await,
    }
}
