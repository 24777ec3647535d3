//! The whole-session strategy, for engines without per-segment completion (Fish):
//! segments are sent as they come while audio is read; the session's one completion
//! follows the end of its input; a retryable failure redoes the whole session (the sink
//! cut back to its start, its text sent again); segment boundaries inside the audio are
//! estimated from the text's expected length.

use std::time::Duration;

use super::{AudioOut, SegmentDone, SynthError, Synthesizer, irrevocable};
use crate::engine::error::EngineError;
use crate::engine::retry::Retrier;
use crate::engine::{Engine, Event, SegmentReport, Session};

/// The session under way, for engines without per-segment completion.
#[derive(Default)]
pub(super) struct Live {
    /// Segments sent on this session, for sending again after a failure.
    pub(super) sent: Vec<Sent>,
    /// Where this session's audio starts in the sink.
    pub(super) start: u64,
    /// `end_input` was sent.
    ended: bool,
    /// The segment whose audio is arriving (by estimate), as an index into `sent`.
    current: Option<Mark>,
    /// Audio of this session has arrived.
    audio_started: bool,
    /// Counts the attempts at this session once one failed.
    retrier: Option<Retrier>,
}

impl Live {
    /// A fresh session whose audio starts at `start` bytes into the sink.
    pub(super) fn starting_at(start: u64) -> Live {
        Live {
            start,
            ..Live::default()
        }
    }
}

pub(super) struct Sent {
    pub(super) id: u64,
    pub(super) text: String,
    pub(super) sent_at: Duration,
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
pub(super) fn expected_ms(text: &str, speed: f64) -> f64 {
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

impl<E: Engine> Synthesizer<'_, E> {
    /// Without per-segment completion: ends the session's input and reads the rest of
    /// its audio, redoing the session after a retryable failure.
    pub(super) async fn end_session(
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
    pub(super) async fn step(
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
            out.start_segment(self.live.sent.first().map_or(0, |s| s.id))
                .map_err(SynthError::Output)?;
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
        self.live = Live::starting_at(out.sink.audio_len());
    }

    /// After a failure of a session without per-segment completion: takes its audio back
    /// (or ends the run where that is impossible), waits out the backoff, and redoes the
    /// session — its segments sent again, its input ended again if it had been.
    pub(super) async fn recover(
        &mut self,
        mut error: EngineError,
        out: &mut AudioOut<'_>,
    ) -> Result<(), SynthError> {
        self.paced(Some(&mut error));
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
        loop {
            retrier.after(error, "the session").await?;
            match self.redo(out).await {
                Ok(()) => {
                    self.live.retrier = Some(retrier);
                    return Ok(());
                }
                Err(mut e) => {
                    self.paced(Some(&mut e));
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
}
