//! The engine seam: a provider-neutral spec goes in, a session of events comes out.
//!
//! An [`Engine`] opens [`Session`]s for a [`SynthesisSpec`]; a session takes text
//! ([`Session::send`]) and yields [`Event`]s (audio bytes, subtitles, segment done),
//! can be kept alive, and is finished. The synthesizer above it ([`synth`]) is generic:
//! it tees audio to the sink and the player, keeps timings, and runs the one retry loop
//! ([`retry`]). Engines say what the synthesizer may rely on in their [`Capabilities`].
//!
//! Engines are used through generics (the providers through [`ProviderEngine`], the
//! transports of one engine through one enum): no trait objects and no extra copy on the
//! audio path.

pub mod error;
pub mod fish;
pub mod minimax;
pub mod net;
pub mod pacer;
pub mod proxy;
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
    /// alone. Without it, text is sent as it comes while audio is read, the one
    /// `SegmentDone` follows [`Session::end_input`], and a retry restarts the session.
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

    /// No more text will come: the session is to deliver the rest of the audio and then
    /// one [`Event::SegmentDone`] for everything since it opened. (Only used without
    /// per-segment completion; sessions with it have nothing to do.)
    fn end_input(&mut self) -> impl Future<Output = Result<(), EngineError>> {
        async { Ok(()) }
    }

    /// The next event of the current segment.
    fn next_event(&mut self) -> impl Future<Output = Result<Event, EngineError>>;

    /// Keeps an idle session open.
    fn keepalive(&mut self) -> impl Future<Output = Result<(), EngineError>>;

    /// Ends the session after the last segment, politely.
    fn finish(self) -> impl Future<Output = Result<(), EngineError>>;

    /// Drops the session at once (after a failure, or to cancel).
    fn close(self) -> impl Future<Output = ()>;
}

/// The provider chosen for a run.
pub enum ProviderEngine {
    MiniMax(minimax::MiniMax),
    Fish(fish::Fish),
}

/// A session of either provider.
pub enum ProviderSession {
    MiniMax(minimax::MiniMaxSession),
    Fish(Box<fish::live::FishSession>),
}

impl Engine for ProviderEngine {
    type Session = ProviderSession;

    fn capabilities(&self) -> Capabilities {
        match self {
            ProviderEngine::MiniMax(e) => e.capabilities(),
            ProviderEngine::Fish(e) => e.capabilities(),
        }
    }

    fn check_spec(&self, spec: &SynthesisSpec) -> Result<(), EngineError> {
        match self {
            ProviderEngine::MiniMax(e) => e.check_spec(spec),
            ProviderEngine::Fish(e) => e.check_spec(spec),
        }
    }

    fn prepare_text(&self, raw: &str) -> Result<String, EngineError> {
        match self {
            ProviderEngine::MiniMax(e) => e.prepare_text(raw),
            ProviderEngine::Fish(e) => e.prepare_text(raw),
        }
    }

    fn markup(&self) -> fn(&str) -> Vec<Range<usize>> {
        match self {
            ProviderEngine::MiniMax(e) => e.markup(),
            ProviderEngine::Fish(e) => e.markup(),
        }
    }

    fn tidy_live(&self, raw: &str) -> Option<String> {
        match self {
            ProviderEngine::MiniMax(e) => e.tidy_live(raw),
            ProviderEngine::Fish(e) => e.tidy_live(raw),
        }
    }

    async fn open(&self, spec: &SynthesisSpec) -> Result<ProviderSession, EngineError> {
        match self {
            ProviderEngine::MiniMax(e) => e.open(spec).await.map(ProviderSession::MiniMax),
            ProviderEngine::Fish(e) => e
                .open(spec)
                .await
                .map(|s| ProviderSession::Fish(Box::new(s))),
        }
    }
}

impl Session for ProviderSession {
    async fn send(&mut self, text: &str) -> Result<(), EngineError> {
        match self {
            ProviderSession::MiniMax(s) => s.send(text).await,
            ProviderSession::Fish(s) => s.send(text).await,
        }
    }

    async fn end_input(&mut self) -> Result<(), EngineError> {
        match self {
            ProviderSession::MiniMax(s) => s.end_input().await,
            ProviderSession::Fish(s) => s.end_input().await,
        }
    }

    async fn next_event(&mut self) -> Result<Event, EngineError> {
        match self {
            ProviderSession::MiniMax(s) => s.next_event().await,
            ProviderSession::Fish(s) => s.next_event().await,
        }
    }

    async fn keepalive(&mut self) -> Result<(), EngineError> {
        match self {
            ProviderSession::MiniMax(s) => s.keepalive().await,
            ProviderSession::Fish(s) => s.keepalive().await,
        }
    }

    async fn finish(self) -> Result<(), EngineError> {
        match self {
            ProviderSession::MiniMax(s) => s.finish().await,
            ProviderSession::Fish(s) => (*s).finish().await,
        }
    }

    async fn close(self) {
        match self {
            ProviderSession::MiniMax(s) => s.close().await,
            ProviderSession::Fish(s) => (*s).close().await,
        }
    }
}
