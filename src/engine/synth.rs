//! The synthesizer: drives any engine's sessions over text segments, in order, teeing
//! audio to the sink and the player, timing it, collecting subtitles on one continuous
//! clock, and running the one retry loop.

use std::io;
use std::time::Duration;

use super::error::{EngineError, ErrorKind, Recovery};
use super::retry::{Retrier, RetryPolicy};
use super::{Engine, Event, SegmentReport, Session};
use crate::audio::Playback;
use crate::audio::duration::DurationCounter;
use crate::report;
use crate::sink::Sink;
use crate::spec::SynthesisSpec;
use crate::subtitles::Cue;

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
/// the player. Also keeps the timings and the subtitles.
pub struct AudioOut<'a> {
    pub sink: &'a mut Sink,
    pub playback: Option<&'a Playback>,
    pub timings: Timings,
    /// When the current segment's first audio byte arrived.
    pub segment_first_audio: Option<Duration>,
    /// Subtitles of finished segments, on one clock from the start of the audio.
    pub cues: Vec<Cue>,
    /// The current segment's subtitles, kept until it succeeds.
    segment_cues: Vec<Cue>,
    /// Where the current segment starts on that clock (ms).
    offset_ms: f64,
    duration: DurationCounter,
}

impl<'a> AudioOut<'a> {
    pub fn new(sink: &'a mut Sink, playback: Option<&'a Playback>, spec: &SynthesisSpec) -> Self {
        AudioOut {
            sink,
            playback,
            timings: Timings::default(),
            segment_first_audio: None,
            cues: Vec::new(),
            segment_cues: Vec::new(),
            offset_ms: 0.0,
            duration: DurationCounter::new(spec.stream_format()),
        }
    }

    fn start_segment(&mut self, id: u64) {
        self.segment_first_audio = None;
        self.segment_cues.clear();
        self.duration.reset();
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
        self.duration.feed(bytes);
        if let Some(playback) = self.playback {
            playback.feed(bytes);
        }
        Ok(())
    }

    fn subtitles(&mut self, cues: Vec<Cue>) {
        for cue in cues {
            let cue = cue.shifted(self.offset_ms);
            // A repeated cue (same start) replaces the earlier one.
            match self.segment_cues.iter_mut().find(|c| c.start == cue.start) {
                Some(existing) => *existing = cue,
                None => self.segment_cues.push(cue),
            }
        }
    }

    /// The segment succeeded: its subtitles count, and the clock moves on by its length
    /// as measured from its bytes (the provider's figure when the codec cannot be).
    fn end_segment(&mut self, report: &SegmentReport) {
        let length = self
            .duration
            .millis()
            .or(report.audio_ms.map(|ms| ms as f64))
            .unwrap_or(0.0);
        self.cues.append(&mut self.segment_cues);
        self.offset_ms += length;
        if let Some(playback) = self.playback {
            playback.end_segment();
        }
    }

    /// Takes back the audio of a failed segment attempt (the player restarts that segment).
    fn rewind(&mut self, len: u64) -> io::Result<()> {
        self.sink.rewind(len)?;
        self.segment_cues.clear();
        self.duration.reset();
        if let Some(playback) = self.playback {
            playback.abort_segment();
        }
        Ok(())
    }
}

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

/// Synthesizes segments, one after another, on one session that is opened on demand and
/// reopened only after failures or a long idle time.
///
/// A retryable failure re-synthesizes the failed segment from its start on a new session;
/// the sink is first cut back to where that segment began, so the output never holds
/// duplicated or missing audio. Where bytes cannot be taken back (stdout, a device), a
/// failure after audio of the segment was written ends the run instead.
pub struct Synthesizer<'e, E: Engine> {
    engine: &'e E,
    spec: &'e SynthesisSpec,
    policy: RetryPolicy,
    session: Option<E::Session>,
}

impl<'e, E: Engine> Synthesizer<'e, E> {
    pub fn new(engine: &'e E, spec: &'e SynthesisSpec, policy: RetryPolicy) -> Self {
        Synthesizer {
            engine,
            spec,
            policy,
            session: None,
        }
    }

    /// Whether a session is open (for keepalive decisions).
    pub fn is_connected(&self) -> bool {
        self.session.is_some()
    }

    async fn open(&mut self, out: &mut AudioOut<'_>) -> Result<(), EngineError> {
        let session = self.engine.open(self.spec).await?;
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
            if let Err(error) = self.open(out).await {
                retrier.after(error, "opening the session").await?;
            }
        }
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

    /// Closes an idle session politely; the next segment opens a new one (before the
    /// provider's idle limit would close it).
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
    ) -> Result<SegmentReport, SynthError> {
        let segment_start = out.sink.audio_len();
        let mut retrier = Retrier::new(self.policy);
        loop {
            let error = match self.attempt(id, text, out).await {
                Ok(report) => {
                    out.end_segment(&report);
                    return Ok(report);
                }
                Err(SynthError::Output(e)) => {
                    if let Some(session) = self.session.take() {
                        session.close().await;
                    }
                    return Err(SynthError::Output(e));
                }
                Err(SynthError::Engine(e)) => e,
            };
            if let Some(session) = self.session.take() {
                session.close().await;
            }
            let written = out.sink.audio_len() - segment_start;
            if written > 0 && retrier.would_retry(&error) {
                // Without a per-segment end, a redone segment cannot be told apart from
                // the rest of the stream: what was written stays, and the run ends.
                let redo = self.engine.capabilities().segment_completion;
                if let Some(target) = out.sink.irrevocable().or((!redo).then_some("the output")) {
                    let mut error = error;
                    error.message = format!(
                        "{} after {written} bytes of {label} had been written to {target}, which cannot be taken back",
                        error.message
                    );
                    error.advice = Some(
                        "write to a file with -o FILE instead: failed segments are then re-synthesized"
                            .into(),
                    );
                    error.attempts = retrier.attempt();
                    return Err(error.into());
                }
                out.rewind(segment_start).map_err(SynthError::Output)?;
            }
            retrier.after(error, label).await?;
        }
    }

    /// One attempt: open a session if there is none, send the text, hand on its events.
    async fn attempt(
        &mut self,
        id: u64,
        text: &str,
        out: &mut AudioOut<'_>,
    ) -> Result<SegmentReport, SynthError> {
        if self.session.is_none() {
            self.open(out).await?;
        }
        let Some(session) = self.session.as_mut() else {
            return Err(
                EngineError::new(ErrorKind::Protocol, Recovery::Retry, "no session").into(),
            );
        };
        out.start_segment(id);
        session.send(text).await?;
        loop {
            match session.next_event().await? {
                Event::Audio(bytes) => {
                    out.write(&bytes).map_err(SynthError::Output)?;
                    // Playing: keep at most a bounded backlog ahead of the speaker.
                    if let Some(playback) = out.playback {
                        playback.room().await;
                    }
                }
                Event::Subtitles(cues) => out.subtitles(cues),
                Event::SegmentDone(report) => return Ok(report),
            }
        }
    }

    /// Ends the session after the last segment.
    pub async fn finish(mut self) {
        if let Some(session) = self.session.take()
            && let Err(e) = session.finish().await
        {
            // Every segment completed, so the audio is complete.
            report::warn(format_args!(
                "the session did not end cleanly ({e}); the audio is complete"
            ));
        }
    }
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
    let mut reports = Vec::with_capacity(segments.len());
    for (index, text) in segments.iter().enumerate() {
        let label = format!("segment {} of {}", index + 1, segments.len());
        reports.push(synthesizer.segment(index as u64, &label, text, out).await?);
    }
    synthesizer.finish().await;
    Ok(reports)
}
