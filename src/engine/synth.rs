//! The synthesizer: drives any engine's sessions over text segments, in order, teeing
//! audio to the sink and the player, timing it, collecting subtitles on one continuous
//! clock, and running the one retry loop.

use std::io;
use std::time::Duration;

use super::error::{EngineError, ErrorKind, Recovery};
use super::pacer::Pacer;
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

    /// Marks where segment `id` begins inside a continuing stream (for providers without
    /// per-segment completion); returns the stream's measured length so far (ms).
    fn mark_segment(&mut self, id: u64) -> Option<f64> {
        if let Some(playback) = self.playback {
            playback.start_segment(id);
        }
        self.duration.millis()
    }

    fn measured_ms(&self) -> Option<f64> {
        self.duration.millis()
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
/// text sent again. Segment boundaries inside the audio are estimated (see [`Live`]).
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
}

/// The session under way, for engines without per-segment completion.
#[derive(Default)]
struct Live {
    /// Segments sent on this session, for sending again after a failure.
    sent: Vec<Sent>,
    /// Where this session's audio starts in the sink.
    start: u64,
    /// `end_input` was sent.
    ended: bool,
    /// The segment whose audio is arriving (by estimate), as an index into `sent`.
    current: Option<Mark>,
    /// Audio of this session has arrived.
    audio_started: bool,
    /// Counts the attempts at this session once one failed.
    retrier: Option<Retrier>,
}

struct Sent {
    id: u64,
    text: String,
    sent_at: Duration,
}

/// Where a segment's audio began (by estimate).
struct Mark {
    index: usize,
    bytes_at: u64,
    ms_at: Option<f64>,
    first_audio: Duration,
    last_audio: Duration,
}

/// About how long `text` takes to say at `speed`, for estimating where one flushed
/// segment's audio ends and the next begins: about 15 letters a second, and 4.5 for
/// Chinese, Japanese and Korean characters.
fn expected_ms(text: &str, speed: f64) -> f64 {
    let units: f64 = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match u32::from(c) {
            0x3040..=0x30ff | 0x3400..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff => 220.0,
            _ => 65.0,
        })
        .sum();
    units / speed.max(0.1)
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
        }
    }

    /// Paces requests with others sharing `pacer`: rate-limit answers slow all of them.
    pub fn with_pacer(mut self, pacer: &'e Pacer) -> Self {
        self.pacer = Some(pacer);
        self
    }

    async fn pace(&self) {
        if let Some(pacer) = self.pacer {
            pacer.before_request().await;
        }
    }

    /// Tells the pacer how a request went.
    fn paced(&self, error: Option<&EngineError>) {
        if let Some(pacer) = self.pacer {
            match error {
                Some(e) if e.kind == ErrorKind::RateLimit => pacer.rate_limited(),
                Some(_) => {}
                None => pacer.succeeded(),
            }
        }
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

    async fn open(&mut self, out: &mut AudioOut<'_>) -> Result<(), EngineError> {
        self.pace().await;
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
        self.live = Live {
            start: out.sink.audio_len(),
            ..Live::default()
        };
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

    /// Without per-segment completion: ends the session's input and reads the rest of
    /// its audio, redoing the session after a retryable failure.
    async fn end_session(
        &mut self,
        out: &mut AudioOut<'_>,
    ) -> Result<Vec<SegmentDone>, SynthError> {
        let mut done = Vec::new();
        loop {
            if !self.live.ended {
                let ended = match self.session.as_mut() {
                    Some(session) => session.end_input().await,
                    None => Err(EngineError::network("no session")),
                };
                self.live.ended = true;
                if let Err(error) = ended {
                    self.recover(error, out).await?;
                    continue;
                }
            }
            if self.step(out, &mut done).await? {
                return Ok(done);
            }
        }
    }

    /// Handles one event of a session without per-segment completion; `true` when the
    /// session completed (and is closed).
    async fn step(
        &mut self,
        out: &mut AudioOut<'_>,
        done: &mut Vec<SegmentDone>,
    ) -> Result<bool, SynthError> {
        let event = match self.session.as_mut() {
            Some(session) => session.next_event().await,
            None => Err(EngineError::network("no session")),
        };
        match event {
            Ok(Event::Audio(bytes)) => {
                self.live_audio(&bytes, out, done)?;
                if let Some(playback) = out.playback {
                    playback.room().await;
                }
                Ok(false)
            }
            Ok(Event::Subtitles(_)) => Ok(false),
            Ok(Event::SegmentDone(report)) => {
                self.session_done(&report, out, done);
                if let Some(session) = self.session.take() {
                    let _ = session.finish().await;
                }
                Ok(true)
            }
            Err(error) => {
                self.recover(error, out).await?;
                Ok(false)
            }
        }
    }

    /// Writes audio of the session, moving the estimated segment boundary on: the next
    /// segment begins once the current one has had about its expected length of audio.
    fn live_audio(
        &mut self,
        bytes: &[u8],
        out: &mut AudioOut<'_>,
        done: &mut Vec<SegmentDone>,
    ) -> Result<(), SynthError> {
        let now = crate::timing::since_start();
        if !self.live.audio_started {
            self.live.audio_started = true;
            out.start_segment(self.live.sent.first().map_or(0, |s| s.id));
            self.live.current = Some(Mark {
                index: 0,
                bytes_at: out.sink.audio_len(),
                ms_at: Some(0.0),
                first_audio: now,
                last_audio: now,
            });
        } else if let Some(current) = &self.live.current
            && current.index + 1 < self.live.sent.len()
        {
            let heard = match (out.measured_ms(), current.ms_at) {
                (Some(now_ms), Some(at)) => now_ms - at,
                // Not measurable: move on with each chunk (boundaries are unknown).
                _ => f64::INFINITY,
            };
            let expected = expected_ms(&self.live.sent[current.index].text, self.spec.speed.get());
            if heard >= expected * 0.8 {
                let next = current.index + 1;
                let id = self.live.sent[next].id;
                let ms_at = out.mark_segment(id);
                let mark = Mark {
                    index: next,
                    bytes_at: out.sink.audio_len(),
                    ms_at,
                    first_audio: now,
                    last_audio: now,
                };
                if let Some(previous) = self.live.current.replace(mark) {
                    done.push(self.close_mark(previous, out));
                }
            }
        }
        out.write(bytes).map_err(SynthError::Output)?;
        if let Some(current) = self.live.current.as_mut() {
            current.last_audio = now;
        }
        Ok(())
    }

    /// The estimated report of a segment whose audio ended where the sink now is.
    fn close_mark(&self, mark: Mark, out: &AudioOut<'_>) -> SegmentDone {
        let sent = &self.live.sent[mark.index];
        let audio_ms = match (out.measured_ms(), mark.ms_at) {
            (Some(now), Some(at)) => Some((now - at).max(0.0).round() as u64),
            _ => None,
        };
        SegmentDone {
            id: sent.id,
            report: SegmentReport {
                audio_bytes: out.sink.audio_len() - mark.bytes_at,
                audio_ms,
                billed_characters: None,
                trace_id: None,
                sent_at: Some(sent.sent_at),
            },
            first_audio: Some(mark.first_audio),
            last_audio: Some(mark.last_audio),
        }
    }

    /// The session completed: the current segment takes the rest of the audio, any not
    /// reached by the estimate are reported with none, and the next session starts afresh.
    fn session_done(
        &mut self,
        report: &SegmentReport,
        out: &mut AudioOut<'_>,
        done: &mut Vec<SegmentDone>,
    ) {
        let reached = match self.live.current.take() {
            Some(mark) => {
                let index = mark.index;
                done.push(self.close_mark(mark, out));
                index + 1
            }
            None => 0,
        };
        for sent in &self.live.sent[reached..] {
            done.push(SegmentDone {
                id: sent.id,
                report: SegmentReport {
                    sent_at: Some(sent.sent_at),
                    ..SegmentReport::default()
                },
                first_audio: None,
                last_audio: None,
            });
        }
        if let Some(last) = done.last_mut() {
            last.report.trace_id = report.trace_id.clone();
        }
        if self.live.audio_started {
            out.end_segment(report);
        }
        self.paced(None);
        self.live = Live {
            start: out.sink.audio_len(),
            ..Live::default()
        };
    }

    /// After a failure of a session without per-segment completion: takes its audio back
    /// (or ends the run where that is impossible), waits out the backoff, and redoes the
    /// session — its segments sent again, its input ended again if it had been.
    async fn recover(
        &mut self,
        error: EngineError,
        out: &mut AudioOut<'_>,
    ) -> Result<(), SynthError> {
        if let Some(session) = self.session.take() {
            session.close().await;
        }
        let mut retrier = self
            .live
            .retrier
            .take()
            .unwrap_or_else(|| Retrier::new(self.policy));
        let written = out.sink.audio_len() - self.live.start;
        if written > 0 && retrier.would_retry(&error) {
            if let Some(target) = out.sink.irrevocable() {
                let attempt = retrier.attempt();
                return Err(irrevocable(error, written, "the session", target, attempt).into());
            }
            out.rewind(self.live.start).map_err(SynthError::Output)?;
        }
        self.live.current = None;
        self.live.audio_started = false;
        let mut error = error;
        loop {
            retrier.after(error, "the session").await?;
            match self.redo(out).await {
                Ok(()) => {
                    self.live.retrier = Some(retrier);
                    return Ok(());
                }
                Err(e) => {
                    self.paced(Some(&e));
                    if let Some(session) = self.session.take() {
                        session.close().await;
                    }
                    error = e;
                }
            }
        }
    }

    /// Opens a new session and sends it everything the failed one had been sent.
    async fn redo(&mut self, out: &mut AudioOut<'_>) -> Result<(), EngineError> {
        self.open(out).await?;
        let Synthesizer { session, live, .. } = self;
        let Some(session) = session.as_mut() else {
            return Err(EngineError::network("no session"));
        };
        for sent in &live.sent {
            session.send(&sent.text).await?;
        }
        if live.ended {
            session.end_input().await?;
        }
        Ok(())
    }

    /// With per-segment completion: synthesizes one segment to its end.
    async fn segment(
        &mut self,
        id: u64,
        label: &str,
        text: &str,
        out: &mut AudioOut<'_>,
    ) -> Result<SegmentReport, SynthError> {
        let segment_start = out.sink.audio_len();
        let mut retrier = Retrier::new(self.policy);
        loop {
            let result = self.attempt(id, text, out).await;
            if let Err(SynthError::Engine(e)) = &result {
                self.paced(Some(e));
            }
            let error = match result {
                Ok(report) => {
                    self.paced(None);
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
                if let Some(target) = out.sink.irrevocable() {
                    return Err(
                        irrevocable(error, written, label, target, retrier.attempt()).into(),
                    );
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
        if let Some(pacer) = self.pacer {
            pacer.before_request().await;
        }
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
    error.advice =
        Some("write to a file with -o FILE instead: failed audio is then re-synthesized".into());
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

#[cfg(test)]
mod tests {
    use super::expected_ms;

    #[test]
    fn expected_length_follows_script_and_speed() {
        assert_eq!(expected_ms("Hello", 1.0), 325.0);
        assert_eq!(expected_ms("Hello", 2.0), 162.5);
        assert_eq!(expected_ms("你好", 1.0), 440.0);
    }
}
