//! The per-segment strategy, for engines whose segments each end with a completion
//! (MiniMax): each segment is sent and its audio read to its end before the next; a
//! retryable failure redoes the failed segment alone on a new session, the sink first
//! cut back to where the segment began.

use super::{AudioOut, SynthError, Synthesizer, irrevocable};
use crate::engine::error::{EngineError, ErrorKind, Recovery};
use crate::engine::retry::Retrier;
use crate::engine::{Engine, Event, SegmentReport, Session};

impl<E: Engine> Synthesizer<'_, E> {
    /// With per-segment completion: synthesizes one segment to its end.
    pub(super) async fn segment(
        &mut self,
        id: u64,
        label: &str,
        text: &str,
        out: &mut AudioOut<'_>,
    ) -> Result<SegmentReport, SynthError> {
        let segment_start = out.sink.audio_len();
        let mut retrier = Retrier::new(self.policy);
        loop {
            let mut result = self.attempt(id, text, out).await;
            if let Err(SynthError::Engine(e)) = &mut result {
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
        out.start_segment(id).map_err(SynthError::Output)?;
        self.pace().await?;
        let Some(session) = self.session.as_mut() else {
            return Err(
                EngineError::new(ErrorKind::Protocol, Recovery::Retry, "no session").into(),
            );
        };
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
