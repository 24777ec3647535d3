//! The synthesizer: drives any engine's sessions over text segments, in order, teeing
//! audio to the sink and the player (`tee`), timing it, collecting subtitles on one
//! continuous clock, and running the one retry loop, by one of two strategies: per
//! segment (`segmented`, MiniMax) or per session (`whole`, Fish).

#[cfg(test)]
pub(crate) mod scripted;
mod segmented;
mod tee;
#[cfg(test)]
mod tests;
mod whole;

use std::io;
use std::time::Duration;

use super::error::{EngineError, ErrorKind};
use super::pacer::{Load, Pacer, Ticket};
use super::retry::{Retrier, RetryPolicy};
use super::{Engine, SegmentReport, Session};
use crate::report;
use crate::spec::SynthesisSpec;

pub use tee::{AudioOut, FinishedSegment, Timings};
use whole::{Live, Sent};

/// How a segment failed: in the engine, or while handing audio on.
#[derive(Debug)]
pub enum SynthError {
    Engine(EngineError),
    Output(io::Error),
}

impl std::fmt::Display for SynthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SynthError::Engine(e) => e.fmt(f),
            SynthError::Output(e) => write!(f, "cannot write the audio output: {e}"),
        }
    }
}

impl std::error::Error for SynthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SynthError::Engine(e) => Some(e),
            SynthError::Output(e) => Some(e),
        }
    }
}

impl From<EngineError> for SynthError {
    fn from(e: EngineError) -> Self {
        SynthError::Engine(e)
    }
}

/// A segment whose audio is complete, with when that audio arrived.
#[derive(Clone, Debug)]
pub struct SegmentDone {
    pub id: u64,
    pub report: SegmentReport,
    pub first_audio: Option<Duration>,
    pub last_audio: Option<Duration>,
}

/// Drives an engine's sessions over text segments, in order, on one session that is
/// opened on demand and reopened only after failures or a long idle time.
///
/// With per-segment completion ([`Capabilities::segment_completion`]), each segment is
/// sent and its audio read to its end before the next; a retryable failure redoes the
/// failed segment alone on a new session, the sink first cut back to where it began.
///
/// Without it, segments are sent as they come while audio is read ([`Synthesizer::progress`]),
/// and the session's one completion follows the end of its input. A retryable failure
/// then redoes the whole session: the sink is cut back to the session's start and its
/// text sent again. Segment boundaries inside the audio are estimated (see `Live`).
///
/// Either way, where bytes cannot be taken back (stdout, a device or pipe), a failure
/// after audio was written ends the run instead.
///
/// [`Capabilities::segment_completion`]: super::Capabilities::segment_completion
pub struct Synthesizer<'e, E: Engine> {
    engine: &'e E,
    spec: &'e SynthesisSpec,
    policy: RetryPolicy,
    session: Option<E::Session>,
    live: Live,
    /// Shared with other synthesizers of the run (`batch`).
    pacer: Option<&'e Pacer>,
    /// The last request the pacer let go, whose outcome it is told.
    ticket: Option<Ticket>,
}

impl<'e, E: Engine> Synthesizer<'e, E> {
    pub fn new(engine: &'e E, spec: &'e SynthesisSpec, policy: RetryPolicy) -> Self {
        Synthesizer {
            engine,
            spec,
            policy,
            session: None,
            live: Live::default(),
            pacer: None,
            ticket: None,
        }
    }

    /// Paces requests with others sharing `pacer`: rate-limit answers slow all of them.
    pub fn with_pacer(mut self, pacer: &'e Pacer) -> Self {
        self.pacer = Some(pacer);
        self
    }

    /// Waits until the pacer lets a request go (at once without a pacer); fails when the
    /// pacer gave up on the service's refusals.
    async fn pace(&mut self) -> Result<(), EngineError> {
        if let Some(pacer) = self.pacer {
            self.ticket = Some(pacer.before_request().await?);
        }
        Ok(())
    }

    /// Tells the pacer how the last request went.
    fn paced(&mut self, error: Option<&mut EngineError>) {
        let (Some(pacer), Some(ticket)) = (self.pacer, self.ticket.take()) else {
            return;
        };
        match error {
            Some(e) if e.kind == ErrorKind::RateLimit => {
                let load = if e.sessions_limit {
                    Load::Sessions
                } else {
                    Load::Requests
                };
                pacer.refused(ticket, load, e.retry_after());
            }
            Some(_) => pacer.failed(ticket),
            None => pacer.succeeded(ticket),
        }
    }

    /// Starts on a session opened earlier for the same engine and spec (one a server
    /// kept idle between requests).
    pub fn with_session(mut self, session: E::Session) -> Self {
        self.session = Some(session);
        self
    }

    /// Ends the run keeping its session open, for the next run with the same engine and
    /// spec. Only with per-segment completion, where every segment sent is complete and
    /// the session is idle; otherwise the session is closed as [`Synthesizer::finish`]
    /// closes it, and `None` is returned.
    pub async fn into_session(
        self,
        out: &mut AudioOut<'_>,
    ) -> Result<Option<E::Session>, SynthError> {
        if !self.completes_segments() {
            self.finish(out).await?;
            return Ok(None);
        }
        let mut this = self;
        Ok(this.session.take())
    }

    /// The spec this synthesizer's sessions are for.
    pub fn spec(&self) -> &'e SynthesisSpec {
        self.spec
    }

    /// Whether segments complete one by one (else a session's audio is complete only
    /// when it ends: see [`Synthesizer::release`]).
    pub fn completes_segments(&self) -> bool {
        self.engine.capabilities().segment_completion
    }

    /// Whether a session is open (for keepalive decisions).
    pub fn is_connected(&self) -> bool {
        self.session.is_some()
    }

    /// Opens a session; a failure is left for the caller to tell the pacer (with the
    /// rest of the attempt's outcome), success is told here: the service took the start.
    async fn open(&mut self, out: &mut AudioOut<'_>) -> Result<(), EngineError> {
        let paced = self.engine.capabilities().open_is_request;
        if paced {
            self.pace().await?;
        }
        let session = self.engine.open(self.spec).await?;
        if paced {
            self.paced(None);
        }
        out.timings
            .connected
            .get_or_insert_with(crate::timing::since_start);
        self.session = Some(session);
        Ok(())
    }

    /// Opens the session ahead of the first segment, retrying like a segment would, so a
    /// bad key or host fails before any text is waited for.
    pub async fn connect(&mut self, out: &mut AudioOut<'_>) -> Result<(), SynthError> {
        let mut retrier = Retrier::new(self.policy);
        while self.session.is_none() {
            if let Err(mut error) = self.open(out).await {
                self.paced(Some(&mut error));
                retrier.after(error, "opening the session").await?;
            }
        }
        self.live = Live::starting_at(out.sink.audio_len());
        Ok(())
    }

    /// Keeps an idle session alive; a session that fails it is closed and reopened when
    /// the next segment comes.
    pub async fn keepalive(&mut self) {
        if let Some(session) = self.session.as_mut()
            && session.keepalive().await.is_err()
            && let Some(session) = self.session.take()
        {
            session.close().await;
        }
    }

    /// Ends an idle session politely (all its audio delivered); the next segment opens a
    /// new one (before the provider's idle limit would close it).
    pub async fn release(
        &mut self,
        out: &mut AudioOut<'_>,
    ) -> Result<Vec<SegmentDone>, SynthError> {
        if !self.completes_segments() && !self.live.sent.is_empty() {
            return self.end_session(out).await;
        }
        if let Some(session) = self.session.take() {
            let _ = session.finish().await;
        }
        Ok(Vec::new())
    }

    /// Sends segment `id` (`label` names it in messages, e.g. "segment 2 of 5"). With
    /// per-segment completion this waits for its audio and returns it done; otherwise it
    /// returns at once with the segments whose audio is (by estimate) complete.
    pub async fn submit(
        &mut self,
        id: u64,
        label: &str,
        text: &str,
        out: &mut AudioOut<'_>,
    ) -> Result<Vec<SegmentDone>, SynthError> {
        if self.completes_segments() {
            let report = self.segment(id, label, text, out).await?;
            return Ok(vec![SegmentDone {
                id,
                report,
                first_audio: out.segment_first_audio,
                last_audio: out.timings.last_audio,
            }]);
        }
        self.live.sent.push(Sent {
            id,
            text: text.to_string(),
            sent_at: crate::timing::since_start(),
        });
        // A failed open or send is recovered like any failure of the session: it is
        // redone with everything sent again, this segment included.
        if self.session.is_none() {
            self.live.start = out.sink.audio_len();
            if let Err(error) = self.open(out).await {
                self.recover(error, out).await?;
                return Ok(Vec::new());
            }
        }
        let sent = match self.session.as_mut() {
            Some(session) => session.send(text).await,
            None => Err(EngineError::network("no session")),
        };
        if let Err(error) = sent {
            self.recover(error, out).await?;
        }
        Ok(Vec::new())
    }

    /// Reads the session's next event (for engines without per-segment completion, while
    /// waiting for more text). Never resolves when nothing is outstanding.
    pub async fn progress(
        &mut self,
        out: &mut AudioOut<'_>,
    ) -> Result<Vec<SegmentDone>, SynthError> {
        if self.completes_segments() || self.live.sent.is_empty() || self.session.is_none() {
            return std::future::pending().await;
        }
        let mut done = Vec::new();
        self.step(out, &mut done).await?;
        Ok(done)
    }

    /// Ends the run: the last session delivers the rest of its audio and is closed.
    pub async fn finish(mut self, out: &mut AudioOut<'_>) -> Result<Vec<SegmentDone>, SynthError> {
        if !self.completes_segments() {
            let done = if self.live.sent.is_empty() {
                Vec::new()
            } else {
                self.end_session(out).await?
            };
            if let Some(session) = self.session.take() {
                session.close().await;
            }
            return Ok(done);
        }
        if let Some(session) = self.session.take()
            && let Err(e) = session.finish().await
        {
            // Every segment completed, so the audio is complete.
            report::warn(format_args!(
                "the session did not end cleanly ({e}); the audio is complete"
            ));
        }
        Ok(Vec::new())
    }
}

/// The error that ends a run when a failure came after audio went where it cannot be
/// taken back from.
fn irrevocable(
    mut error: EngineError,
    written: u64,
    what: &str,
    target: &str,
    attempts: u32,
) -> EngineError {
    error.message = format!(
        "{} after {written} bytes of {what} had been written to {target}, which cannot be taken back",
        error.message
    );
    error.advice = Some(Box::new(crate::engine::advice::Step::WriteToFile.into()));
    error.attempts = attempts;
    error
}

/// Synthesizes a known list of segments in order on one session.
pub async fn synthesize<E: Engine>(
    engine: &E,
    spec: &SynthesisSpec,
    policy: RetryPolicy,
    segments: &[String],
    out: &mut AudioOut<'_>,
) -> Result<Vec<SegmentReport>, SynthError> {
    let mut synthesizer = Synthesizer::new(engine, spec, policy);
    let mut done = Vec::with_capacity(segments.len());
    for (index, text) in segments.iter().enumerate() {
        let label = format!("segment {} of {}", index + 1, segments.len());
        done.extend(synthesizer.submit(index as u64, &label, text, out).await?);
    }
    done.extend(synthesizer.finish(out).await?);
    Ok(done.into_iter().map(|d| d.report).collect())
}
