//! The tee: where synthesized audio goes (the sink and, when playing, the player), with
//! the timings and the subtitles on one continuous clock.

use std::io;
use std::time::Duration;

use crate::audio::Playback;
use crate::audio::duration::DurationCounter;
use crate::engine::SegmentReport;
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
    /// Keep each finished segment's audio and subtitles ([`AudioOut::take_finished`]),
    /// so a caller can cache them as they are made.
    pub capture: bool,
    current_id: u64,
    captured: Vec<u8>,
    finished: Vec<FinishedSegment>,
}

/// A segment's audio as it arrived and its subtitles on its own clock (from 0).
#[derive(Clone, Debug)]
pub struct FinishedSegment {
    pub id: u64,
    pub audio: Vec<u8>,
    pub cues: Vec<Cue>,
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
            capture: false,
            current_id: 0,
            captured: Vec::new(),
            finished: Vec::new(),
        }
    }

    /// Milliseconds of audio in the finished segments (the run's clock).
    pub fn clock_ms(&self) -> f64 {
        self.offset_ms
    }

    /// The segments finished since the last call (with `capture` on).
    pub fn take_finished(&mut self) -> Vec<FinishedSegment> {
        std::mem::take(&mut self.finished)
    }

    /// Plays and writes a segment made earlier (a cached one) as if it had just
    /// arrived: its own stream, its subtitles on the run's clock.
    pub fn replay(&mut self, id: u64, audio: &[u8], cues: Vec<Cue>) -> io::Result<()> {
        let capture = std::mem::replace(&mut self.capture, false);
        self.start_segment(id)?;
        self.write(audio)?;
        self.subtitles(cues);
        self.end_segment(&SegmentReport {
            audio_bytes: audio.len() as u64,
            ..SegmentReport::default()
        });
        self.capture = capture;
        Ok(())
    }

    /// A segment's own stream of audio begins (its headers are the sink's to drop).
    pub fn start_segment(&mut self, id: u64) -> io::Result<()> {
        self.segment_first_audio = None;
        self.segment_cues.clear();
        self.duration.reset();
        self.current_id = id;
        self.captured.clear();
        self.sink.start_stream()?;
        if let Some(playback) = self.playback {
            playback.start_segment(id);
        }
        Ok(())
    }

    pub fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        let now = crate::timing::since_start();
        self.timings.first_audio.get_or_insert(now);
        self.segment_first_audio.get_or_insert(now);
        self.timings.last_audio = Some(now);
        self.sink.write_audio(bytes)?;
        if self.capture {
            self.captured.extend_from_slice(bytes);
        }
        self.duration.feed(bytes);
        if let Some(playback) = self.playback {
            playback.feed(bytes);
        }
        Ok(())
    }

    pub fn subtitles(&mut self, cues: Vec<Cue>) {
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
    pub fn end_segment(&mut self, report: &SegmentReport) {
        let length = self
            .duration
            .millis()
            .or(report.audio_ms.map(|ms| ms as f64))
            .unwrap_or(0.0);
        if self.capture {
            self.finished.push(FinishedSegment {
                id: self.current_id,
                audio: std::mem::take(&mut self.captured),
                cues: self
                    .segment_cues
                    .iter()
                    .cloned()
                    .map(|c| c.shifted(-self.offset_ms))
                    .collect(),
            });
        }
        self.cues.append(&mut self.segment_cues);
        self.offset_ms += length;
        if let Some(playback) = self.playback {
            playback.end_segment();
        }
    }

    /// Marks where segment `id` begins inside a continuing stream (for providers without
    /// per-segment completion); returns the stream's measured length so far (ms).
    pub(super) fn mark_segment(&mut self, id: u64) -> Option<f64> {
        if let Some(playback) = self.playback {
            playback.start_segment(id);
        }
        self.duration.millis()
    }

    pub(super) fn measured_ms(&self) -> Option<f64> {
        self.duration.millis()
    }

    /// Takes back the audio of a failed segment attempt (the player restarts that segment).
    pub(super) fn rewind(&mut self, len: u64) -> io::Result<()> {
        self.sink.rewind(len)?;
        self.segment_cues.clear();
        self.captured.clear();
        self.duration.reset();
        if let Some(playback) = self.playback {
            playback.abort_segment();
        }
        Ok(())
    }
}
