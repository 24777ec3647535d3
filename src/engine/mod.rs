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

pub mod advice;
pub mod error;
pub mod fish;
pub mod minimax;
pub mod net;
pub mod pacer;
pub mod proxy;
pub mod retry;
pub mod synth;

use std::ops::Range;
use std::rc::Rc;
use std::time::Duration;

pub use error::{EngineError, ErrorKind, Recovery};

use crate::options::VoiceOptions;
use crate::spec::{AudioFormat, Provider, SubtitleType, SynthesisSpec, Transport};
use crate::subtitles::Cue;
use advice::{Advice, Step};
use minimax::region::RegionProbe;
use net::Endpoint;
use proxy::ProxySettings;

/// What the rest of the program needs to know about a provider, without knowing it.
#[derive(Debug)]
pub struct ProviderInfo {
    /// The environment variable that holds its key.
    pub key_env: &'static str,
    /// The environment variable that names its host.
    pub base_url_env: &'static str,
    /// Its table in the config file (`[fish] `), or "" for the top level.
    pub table: &'static str,
    pub default_base_url: &'static str,
    /// Where to get a key.
    pub key_hint: &'static str,
    /// How it bills text.
    pub billing: Billing,
}

/// What a provider counts when it bills text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Billing {
    /// Unicode characters.
    Characters,
    /// UTF-8 bytes.
    Bytes,
}

impl ProviderInfo {
    pub fn endpoint(&self) -> Endpoint {
        Endpoint::parse(self.default_base_url)
            .unwrap_or_else(|_| unreachable!("the built-in hosts are valid URLs"))
    }

    /// What `text` costs, counted as the provider counts.
    pub fn billed(&self, text: &str) -> u64 {
        match self.billing {
            Billing::Characters => text.chars().count() as u64,
            Billing::Bytes => text.len() as u64,
        }
    }
}

/// A provider's facts.
pub fn info(provider: Provider) -> &'static ProviderInfo {
    match provider {
        Provider::Minimax => &minimax::INFO,
        Provider::Fish => &fish::INFO,
    }
}

/// Gives a spec the samples of a voice to clone instantly (Fish's `references`). They
/// replace the spec's voice: a configured default voice would otherwise win. MiniMax
/// clones once, ahead (`voices clone`), and refuses them.
pub fn with_references(
    mut spec: SynthesisSpec,
    references: Vec<crate::spec::Reference>,
) -> Result<SynthesisSpec, EngineError> {
    if references.is_empty() {
        return Ok(spec);
    }
    let total: u64 = references.iter().map(|r| r.audio.len() as u64).sum();
    if total > crate::spec::MAX_REFERENCES_BYTES {
        return Err(EngineError::option(
            "reference_audio",
            format!(
                "samples hold {:.1} MB together; at most 20 MB travel with each session",
                total as f64 / 1e6
            ),
            Advice::say("use fewer or shorter samples (10 to 30 s each is plenty)").or(Step::say(
                "make a voice model with `minimax-tts voices create --provider fish` and use its id",
            )),
        ));
    }
    match &mut spec.extras {
        crate::spec::ProviderExtras::Fish(fish) => {
            fish.references = references;
            spec.voice = None;
            Ok(spec)
        }
        crate::spec::ProviderExtras::Minimax(_) => Err(EngineError::option(
            "reference_audio",
            "is Fish Audio's instant cloning; MiniMax clones a voice once, ahead",
            Advice::say(
                "clone the voice once with `minimax-tts voices clone SAMPLE --voice-id ID` and speak with its id",
            )
            .or(Step::Provider(Provider::Fish)),
        )),
    }
}

/// The spec `provider` makes of the merged options: its defaults for what is unset,
/// its rules checked, and an option it has no use for refused (naming the option).
pub fn build_spec(
    provider: Provider,
    options: &VoiceOptions,
    format: AudioFormat,
    subtitles: Option<SubtitleType>,
) -> Result<SynthesisSpec, EngineError> {
    let spec = match provider {
        Provider::Minimax => minimax::build_spec(options, format, subtitles)?,
        Provider::Fish => fish::build_spec(options, format, subtitles)?,
    };
    if spec.model.trim().is_empty() {
        return Err(EngineError::input(
            "the model name is empty",
            Advice::to(Step::use_value("model", "speech-2.8-hd (MiniMax)"))
                .or(Step::use_value("model", "s2.1-pro-free (Fish)")),
        ));
    }
    if spec.voice.as_deref().is_some_and(|v| v.trim().is_empty()) {
        return Err(EngineError::input(
            "the voice id is empty",
            Step::ListVoices(provider),
        ));
    }
    match provider {
        Provider::Minimax => minimax::check_spec(&spec)?,
        Provider::Fish => fish::check_spec(&spec)?,
    }
    Ok(spec)
}

/// How an engine reaches its service.
pub struct Connection<'a> {
    pub host: Rc<RegionProbe>,
    pub api_key: &'a str,
    pub timeout: Duration,
    pub proxy: &'a ProxySettings,
}

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

/// The service's trace ids of a run's segments, each once, in order (what its support
/// asks for).
pub fn trace_ids(reports: &[SegmentReport]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for trace in reports.iter().filter_map(|r| r.trace_id.clone()) {
        if !ids.contains(&trace) {
            ids.push(trace);
        }
    }
    ids
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
    /// Whether opening a session is a request to the service (a WebSocket start, which
    /// a request limit counts), not only local preparation (a streamed HTTP session
    /// sends nothing until its first segment).
    pub open_is_request: bool,
}

/// A provider.
pub trait Engine {
    type Session: Session;

    fn capabilities(&self) -> Capabilities;

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

impl ProviderEngine {
    /// The host requests go to now (after a region probe, the region found).
    pub fn host(&self) -> Endpoint {
        match self {
            ProviderEngine::MiniMax(e) => e.host(),
            ProviderEngine::Fish(e) => e.host(),
        }
    }

    /// The engine of `provider`, for `model` (whose text rules may differ).
    pub fn new(
        provider: Provider,
        connection: Connection<'_>,
        transport: Transport,
        model: &str,
    ) -> Result<ProviderEngine, EngineError> {
        Ok(match provider {
            Provider::Minimax => ProviderEngine::MiniMax(minimax::MiniMax::new(
                connection.host,
                connection.api_key,
                connection.timeout,
                transport,
                connection.proxy,
            )?),
            Provider::Fish => ProviderEngine::Fish(fish::Fish::new(
                connection.host.endpoint(),
                connection.api_key,
                connection.timeout,
                model,
                connection.proxy,
            )),
        })
    }
}

impl Engine for ProviderEngine {
    type Session = ProviderSession;

    fn capabilities(&self) -> Capabilities {
        match self {
            ProviderEngine::MiniMax(e) => e.capabilities(),
            ProviderEngine::Fish(e) => e.capabilities(),
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
