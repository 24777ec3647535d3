//! The engine seam: a provider-neutral spec goes in, a session of events comes out.
//!
//! An [`Engine`] opens [`Session`]s for a [`SynthesisSpec`]; a session takes text
//! ([`Session::send`]) and yields [`Event`]s (audio bytes, subtitles, segment done),
//! can be kept alive, and is finished. The synthesizer above it ([`synth`]) is generic:
//! it tees audio to the sink and the player, keeps timings, and runs the one retry loop
//! ([`retry`]). Engines say what the synthesizer may rely on in their [`Capabilities`].
//!
//! Engines are used through generics (the transports of one engine through one enum):
//! no trait objects and no extra copy on the audio path.

pub mod error;
pub mod minimax;
pub mod net;
pub mod retry;
pub mod synth;

use std::ops::Range;
use std::time::Duration;

pub use error::{EngineError, ErrorKind, Recovery};

use crate::spec::SynthesisSpec;
use crate::subtitles::Cue;

/// What a session yields, in order.
#[derive(Debug)]
pub enum Event {
    /// Audio bytes of the current segment.
    Audio(Vec<u8>),
    /// Timed text of the current segment; times in ms from the segment's start.
    Subtitles(Vec<Cue>),
    /// The current segment is complete.
    SegmentDone(SegmentReport),
}

/// What one segment produced, as the provider reports it.
#[derive(Clone, Debug, Default)]
pub struct SegmentReport {
    /// Audio bytes handed on.
    pub audio_bytes: u64,
    /// The provider's length of the audio (ms), if it says.
    pub audio_ms: Option<u64>,
    pub billed_characters: Option<u64>,
    pub trace_id: Option<String>,
    /// When the text was sent (since process start).
    pub sent_at: Option<Duration>,
}

/// What the synthesizer may rely on.
#[derive(Clone, Copy, Debug)]
pub struct Capabilities {
    /// Each `send` ends with [`Event::SegmentDone`], so a failed segment can be redone
    /// alone. Without it a retry restarts the run, or fails once bytes left.
    pub segment_completion: bool,
    /// The most characters one `send` may carry.
    pub max_segment_chars: usize,
    /// Whether sessions can deliver subtitles.
    pub subtitles: bool,
}

/// A provider.
pub trait Engine {
    type Session: Session;

    fn capabilities(&self) -> Capabilities;

    /// Checks the spec against the provider's rules (before anything is paid for).
    fn check_spec(&self, spec: &SynthesisSpec) -> Result<(), EngineError>;

    /// Checks and cleans text as the provider's server would, before anything is paid.
    fn prepare_text(&self, raw: &str) -> Result<String, EngineError>;

    /// Finds the markup (byte ranges) a segment boundary must not cut.
    fn markup(&self) -> fn(&str) -> Vec<Range<usize>>;

    /// Cleans one piece of live text for sending: what would fail the request is
    /// dropped rather than failing a live stream; `None` when nothing is left to say.
    fn tidy_live(&self, raw: &str) -> Option<String>;

    /// Opens a session for `spec`.
    fn open(
        &self,
        spec: &SynthesisSpec,
    ) -> impl Future<Output = Result<Self::Session, EngineError>>;
}

/// An open synthesis session.
pub trait Session {
    /// Sends one segment of text. With per-segment completion, wait for its
    /// [`Event::SegmentDone`] before the next `send`.
    fn send(&mut self, text: &str) -> impl Future<Output = Result<(), EngineError>>;

    /// The next event of the current segment.
    fn next_event(&mut self) -> impl Future<Output = Result<Event, EngineError>>;

    /// Keeps an idle session open.
    fn keepalive(&mut self) -> impl Future<Output = Result<(), EngineError>>;

    /// Ends the session after the last segment, politely.
    fn finish(self) -> impl Future<Output = Result<(), EngineError>>;

    /// Drops the session at once (after a failure, or to cancel).
    fn close(self) -> impl Future<Output = ()>;
}
