//! One path from settings and text to a paid request, for every surface: `speak`,
//! `stream`, batch rows and scripts, `serve` and `mcp`.
//!
//! [`Requests::plan`] resolves a provider's settings (once per provider) into a spec and
//! picks its engine (one per provider and model, made once); [`Planned::prepare`] splits
//! a text into the segments the engine sends and counts what they bill, the cache keys
//! they are looked up under (this region's and the other's) and the session they can
//! share. [`find_or_claim`] takes the audio from the cache or claims making it, [`make`]
//! drives the synthesizer over the segments, and [`store`] keeps what was made under the
//! host that made it. Nothing else builds a cache key, a session key or an engine.

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use crate::audio::framing::Framing;
use crate::engine::net::Endpoint;
use crate::engine::synth::{AudioOut, FinishedSegment, SynthError, Synthesizer};
use crate::engine::{Engine, EngineError, ProviderEngine, SegmentReport};
use crate::io::target::OutputTarget;
use crate::options::VoiceOptions;
use crate::settings::{Resolved, Settings, SettingsError, SettingsOrEngine};
use crate::sink::Sink;
use crate::spec::{Provider, Reference, SubtitleType, SynthesisSpec, WAV_HEADER_LEN};
use crate::store::cache::{self, CUES, Cache, CacheKey, Claim, Lookup};
use crate::subtitles::Cue;

/// Which open sessions a request can use: its engine and its spec.
pub type SessionKey = (usize, usize);

/// The providers' resolved settings and engines, and the distinct specs, made once
/// however many requests use them.
pub struct Requests {
    settings: Rc<Settings>,
    default_provider: Provider,
    resolved: HashMap<Provider, Result<Rc<Resolved>, SettingsError>>,
    engines: Vec<Rc<ProviderEngine>>,
    engine_index: HashMap<(Provider, String), usize>,
    /// Distinct specs (by engine and identity), shared by the requests that have them.
    specs: HashMap<(usize, String), (usize, Rc<SynthesisSpec>)>,
    keys: Keys,
    /// Providers in use that have no key.
    missing_keys: HashMap<Provider, SettingsError>,
    /// Each provider's lookup endpoints, shared by its requests.
    hosts: HashMap<Provider, Rc<(Endpoint, Option<Endpoint>)>>,
}

/// What is done when a provider in use has no key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keys {
    /// Refused at once (a single request).
    Required,
    /// Noted in [`Requests::missing_keys`] (a batch: its rows the cache answers still
    /// run; the others fail with it).
    Noted,
    /// Not needed (a dry run).
    Unneeded,
}

/// What a request asks for, besides its text.
#[derive(Clone, Copy)]
pub struct Ask<'a> {
    /// The provider, else the default one.
    pub provider: Option<Provider>,
    pub voice: &'a VoiceOptions,
    /// Reference samples to clone the voice from (they replace the voice).
    pub references: &'a [Reference],
    pub subtitles: Option<SubtitleType>,
    /// The output's name, whose extension may name the format.
    pub output: Option<&'a Path>,
}

/// A spec and its engine, checked: nothing paid, no text yet.
#[derive(Clone)]
pub struct Planned {
    pub provider: Provider,
    pub spec: Rc<SynthesisSpec>,
    pub engine: Rc<ProviderEngine>,
    /// The engine's and the spec's numbers: requests with both alike share a session.
    pub session: SessionKey,
    /// The endpoints the audio is looked up under: the one configured and, with no region
    /// set (MiniMax probes for it), the other region's.
    hosts: Rc<(Endpoint, Option<Endpoint>)>,
}

/// A text for a planned spec, ready to send.
#[derive(Clone)]
pub struct Prepared {
    pub planned: Planned,
    /// The segments the engine sends, one request each.
    pub segments: Vec<String>,
    /// Characters billed when it is synthesized, as the provider counts them.
    pub billed: u64,
    /// The key its audio is cached under.
    pub key: CacheKey,
    /// The key the same audio has when made in the other MiniMax region.
    pub other_key: Option<CacheKey>,
}

impl Requests {
    /// Requests whose default provider is `first`'s (others are resolved from the same
    /// settings when first asked for).
    pub fn new(first: Resolved, keys: Keys) -> Requests {
        Requests {
            settings: Rc::clone(&first.settings),
            default_provider: first.provider,
            resolved: HashMap::from([(first.provider, Ok(Rc::new(first)))]),
            engines: Vec::new(),
            engine_index: HashMap::new(),
            specs: HashMap::new(),
            keys,
            missing_keys: HashMap::new(),
            hosts: HashMap::new(),
        }
    }

    pub fn default_provider(&self) -> Provider {
        self.default_provider
    }

    /// A provider's resolved settings (resolved once; a failure is remembered).
    pub fn resolved(&mut self, provider: Provider) -> Result<Rc<Resolved>, SettingsError> {
        let settings = &self.settings;
        self.resolved
            .entry(provider)
            .or_insert_with(|| settings.resolve(provider).map(Rc::new))
            .clone()
    }

    /// The resolved settings of a provider in use, if it resolved.
    pub fn resolved_in_use(&self, provider: Provider) -> Option<&Resolved> {
        self.resolved.get(&provider)?.as_ref().ok().map(Rc::as_ref)
    }

    /// The one provider in use, if there is just one.
    pub fn sole_provider(&self) -> Option<&Resolved> {
        let mut providers = self.engine_index.keys().map(|(provider, _)| *provider);
        let first = providers.next()?;
        if providers.any(|p| p != first) {
            return None;
        }
        self.resolved_in_use(first)
    }

    /// Providers in use that have no key (noted with [`Keys::Noted`]).
    pub fn missing_keys(&self) -> &HashMap<Provider, SettingsError> {
        &self.missing_keys
    }

    /// The spec and engine for `ask`, checked by the provider's rules.
    pub fn plan(&mut self, ask: Ask<'_>) -> Result<Planned, SettingsOrEngine> {
        let provider = ask.provider.unwrap_or(self.default_provider);
        let resolved = self
            .resolved(provider)
            .map_err(SettingsOrEngine::Settings)?;
        let spec = resolved.synthesis(ask.voice, ask.subtitles, ask.output)?;
        let spec = crate::engine::with_references(spec, ask.references.to_vec())
            .map_err(SettingsOrEngine::Engine)?;
        let engine_at = self.engine_for(&resolved, &spec.model)?;
        let identity = spec.identity();
        let next = self.specs.len();
        let (spec_id, spec) = self
            .specs
            .entry((engine_at, identity))
            .or_insert_with(|| (next, Rc::new(spec)))
            .clone();
        Ok(Planned {
            provider,
            spec,
            engine: Rc::clone(&self.engines[engine_at]),
            session: (engine_at, spec_id),
            hosts: Rc::clone(self.hosts.entry(provider).or_insert_with(|| {
                Rc::new((
                    resolved.api.endpoint.clone(),
                    resolved
                        .api
                        .region_probe
                        .as_ref()
                        .map(|(_, (_, other))| other.clone()),
                ))
            })),
        })
    }

    /// The engine for a provider and model, made when first needed with the provider's
    /// key (without one, as [`Keys`] says).
    fn engine_for(&mut self, resolved: &Resolved, model: &str) -> Result<usize, SettingsOrEngine> {
        let id = (resolved.provider, model.to_string());
        if let Some(&at) = self.engine_index.get(&id) {
            return Ok(at);
        }
        let key = match (resolved.api_key(), self.keys) {
            (Ok(key), _) => key.expose().to_string(),
            (Err(e), Keys::Required) => return Err(SettingsOrEngine::Settings(e)),
            (Err(e), Keys::Noted) => {
                self.missing_keys.entry(resolved.provider).or_insert(e);
                String::new()
            }
            (Err(_), Keys::Unneeded) => String::new(),
        };
        let engine = resolved.engine(model, &key)?;
        self.engines.push(Rc::new(engine));
        self.engine_index.insert(id, self.engines.len() - 1);
        Ok(self.engines.len() - 1)
    }
}

impl Planned {
    /// The text as the engine sends it, in segments, with its bill and keys.
    pub fn prepare(&self, text: &str) -> Result<Prepared, EngineError> {
        let prepared = self.engine.prepare_text(text)?;
        let limit = self.engine.capabilities().max_segment_chars;
        let segments =
            crate::text::split_segments(&prepared, limit, &(self.engine.markup())(&prepared));
        let info = crate::engine::info(self.provider);
        let billed = segments.iter().map(|s| info.billed(s)).sum();
        let (key, other_key) = self.keys(&segments);
        Ok(Prepared {
            planned: self.clone(),
            segments,
            billed,
            key,
            other_key,
        })
    }

    /// The keys `segments` are looked up under (this region's, and the other's).
    fn keys(&self, segments: &[String]) -> (CacheKey, Option<CacheKey>) {
        let identity = self.spec.identity();
        let key = cache::key(&identity, &self.hosts.0, segments);
        let other = self
            .hosts
            .1
            .as_ref()
            .map(|other| cache::key(&identity, other, segments));
        (key, other)
    }

    /// The key `segments` are stored under: the host that made them (a region probe may
    /// have moved it), as a run that names that region computes it.
    fn made_key(&self, segments: &[String]) -> CacheKey {
        cache::key(&self.spec.identity(), &self.engine.host(), segments)
    }
}

impl Prepared {
    pub fn spec(&self) -> &SynthesisSpec {
        &self.planned.spec
    }

    /// The keys it is looked up under.
    pub fn lookup_keys(&self) -> impl Iterator<Item = CacheKey> {
        std::iter::once(self.key).chain(self.other_key)
    }

    /// Each segment as a request of its own (a long `speak` keeps its segments to
    /// resume).
    pub fn each_segment(&self) -> Vec<Prepared> {
        self.segments
            .iter()
            .map(|segment| {
                let segments = vec![segment.clone()];
                let (key, other_key) = self.planned.keys(&segments);
                Prepared {
                    planned: self.planned.clone(),
                    billed: crate::engine::info(self.planned.provider).billed(segment),
                    segments,
                    key,
                    other_key,
                }
            })
            .collect()
    }

    /// The extension its audio is cached under.
    pub fn ext(&self) -> &'static str {
        self.planned.spec.format.name()
    }

    /// Whether its subtitles are kept with its audio.
    pub fn keeps_cues(&self) -> bool {
        self.planned.spec.subtitles.is_some()
    }
}

/// What the cache holds of a request: its audio and (when it keeps them) subtitles.
pub struct Found {
    /// The audio as a file of the request's format (WAV with its header).
    pub audio: Vec<u8>,
    pub cues: Option<Vec<Cue>>,
}

impl Found {
    /// The audio as the service streams it (WAV without its header), to be replayed into
    /// an output of its own framing.
    pub fn stream(&self, spec: &SynthesisSpec) -> &[u8] {
        let header = usize::try_from(spec.header_len()).unwrap_or(0);
        self.audio.get(header..).unwrap_or_default()
    }
}

/// What a look in the cache found.
pub enum Cached {
    Found(Found),
    Missing,
    /// An entry that failed its checks (or its subtitles did), and why.
    Damaged(String),
}

/// The request's audio (and subtitles) as an earlier run cached them under any of its
/// keys, verified and touched (a hit keeps an entry young); `peek` leaves the entries as
/// they were (a dry run).
pub fn find(cache: &Cache, prepared: &Prepared, peek: bool) -> Cached {
    let look = |ext| {
        let mut found = Lookup::Miss;
        for key in prepared.lookup_keys() {
            found = match peek {
                true => cache.peek(key, ext),
                false => cache.lookup(key, ext),
            };
            if matches!(found, Lookup::Hit(_)) {
                break;
            }
        }
        found
    };
    let audio = match look(prepared.ext()) {
        Lookup::Hit(audio) => audio,
        Lookup::Miss => return Cached::Missing,
        Lookup::Damaged(why) => return Cached::Damaged(why),
    };
    let cues = match (prepared.keeps_cues(), look(CUES)) {
        (false, _) => None,
        (true, Lookup::Hit(bytes)) => match serde_json::from_slice(&bytes) {
            Ok(cues) => Some(cues),
            Err(e) => return Cached::Damaged(format!("its subtitles are not readable ({e})")),
        },
        (true, _) => return Cached::Damaged("its subtitles are missing".into()),
    };
    Cached::Found(Found { audio, cues })
}

/// How a request starts.
pub enum Start {
    /// The cache holds it.
    Found(Found),
    /// It is to be made, holding the claim on its entry (none without a cache).
    Make(Option<Claim>),
}

/// The request's audio from the cache (unless `force`), or a claim on making it:
/// another run (or request) making the same is waited for, and then its audio is taken.
pub async fn find_or_claim(cache: Option<&Cache>, prepared: &Prepared, force: bool) -> Start {
    let Some(cache) = cache else {
        return Start::Make(None);
    };
    let found = || match force {
        true => None,
        false => match find(cache, prepared, false) {
            Cached::Found(found) => Some(found),
            Cached::Missing | Cached::Damaged(_) => None,
        },
    };
    if let Some(found) = found() {
        return Start::Found(found);
    }
    let claim = cache.claim(prepared.key).await;
    // Made while the claim was awaited: taken, not made again.
    match found() {
        Some(found) => Start::Found(found),
        None => Start::Make(Some(claim)),
    }
}

/// What a request's segments produced.
pub struct Made {
    pub reports: Vec<SegmentReport>,
}

impl Made {
    /// Characters billed, as the service reported them (else as counted before).
    pub fn billed(&self, prepared: &Prepared) -> u64 {
        self.reports
            .iter()
            .map(|r| r.billed_characters)
            .sum::<Option<u64>>()
            .unwrap_or(prepared.billed)
    }

    /// The audio's length as the service reported it.
    pub fn reported_ms(&self) -> Option<u64> {
        self.reports.iter().map(|r| r.audio_ms).sum()
    }
}

/// Sends the request's segments through `synth` into `out` (`label` names it in
/// messages). With `release`, a provider without per-segment ends is released too, so
/// the request's audio is complete when this returns.
pub async fn make<E: Engine>(
    synth: &mut Synthesizer<'_, E>,
    prepared: &Prepared,
    label: &str,
    out: &mut AudioOut<'_>,
    release: bool,
) -> Result<Made, SynthError> {
    let count = prepared.segments.len();
    let mut reports = Vec::with_capacity(count);
    for (i, text) in prepared.segments.iter().enumerate() {
        let named = match label.is_empty() {
            true => format!("segment {} of {count}", i + 1),
            false => format!("{label}, segment {} of {count}", i + 1),
        };
        let done = synth.submit(i as u64, &named, text, out).await?;
        reports.extend(done.into_iter().map(|d| d.report));
    }
    if release && !synth.completes_segments() {
        reports.extend(synth.release(out).await?.into_iter().map(|d| d.report));
    }
    Ok(Made { reports })
}

/// Where what was made is kept from.
pub enum MadeAudio<'a> {
    /// A file holding it, framed as a request's file is (a batch row's output).
    File(&'a Path),
    /// One segment's stream as it was sent (a request of one segment): framed here as a
    /// file of one stream is (WAV gets its header).
    Stream(&'a [u8]),
    /// Its segments as they were sent (a stream's, framed here into `scratch`, a file
    /// path that is removed after).
    Segments {
        segments: &'a [FinishedSegment],
        scratch: &'a Path,
    },
}

/// Keeps what was made (and its subtitles, when it keeps them) in the cache, under the
/// host that made it. A cache that cannot take it costs a later run only: the error says
/// why, for a warning.
pub fn store(
    cache: &Cache,
    prepared: &Prepared,
    source: MadeAudio<'_>,
    cues: Option<&[Cue]>,
) -> Result<(), String> {
    let key = prepared.planned.made_key(&prepared.segments);
    match source {
        MadeAudio::File(path) => cache
            .insert(key, prepared.ext(), path)
            .map_err(|e| e.to_string())?,
        MadeAudio::Stream(audio) => {
            let file = frame_in_memory(prepared, audio).map_err(|e| e.to_string())?;
            cache
                .insert_bytes(key, prepared.ext(), &file)
                .map_err(|e| e.to_string())?
        }
        MadeAudio::Segments { segments, scratch } => {
            let framed = frame_into(prepared, segments, scratch).and_then(|()| {
                cache
                    .insert(key, prepared.ext(), scratch)
                    .map_err(|e| e.to_string())
            });
            let _ = std::fs::remove_file(scratch);
            framed?;
        }
    }
    if let (true, Some(cues)) = (prepared.keeps_cues(), cues) {
        let bytes = serde_json::to_vec(cues).map_err(|e| e.to_string())?;
        cache
            .insert_bytes(key, CUES, &bytes)
            .map_err(|e| format!("its subtitles: {e}"))?;
    }
    Ok(())
}

/// One stream framed as a file of one stream is, by the same framer a file output uses
/// (WAV: its header with the real sizes patched in).
fn frame_in_memory(prepared: &Prepared, audio: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut framer = Framing::single(prepared.spec().wav_layout()).framer();
    let mut file = Vec::with_capacity(audio.len() + WAV_HEADER_LEN);
    let patch = {
        let mut out = |bytes: &[u8]| {
            file.extend_from_slice(bytes);
            Ok(())
        };
        framer.begin(true, &mut out)?;
        framer.feed(audio, &mut out)?;
        framer.finish(&mut out)?
    };
    if let Some((at, bytes)) = patch {
        let at = usize::try_from(at).unwrap_or(usize::MAX);
        match file.get_mut(at..at.saturating_add(bytes.len())) {
            Some(place) => place.copy_from_slice(&bytes),
            None => return Err(std::io::Error::other("the framing patched past the end")),
        }
    }
    Ok(file)
}

/// Writes `segments` to `path` framed as a request's file is (one WAV header with the
/// real sizes, segments joined).
fn frame_into(
    prepared: &Prepared,
    segments: &[FinishedSegment],
    path: &Path,
) -> Result<(), String> {
    if segments.len() != prepared.segments.len() {
        return Err("the segments did not arrive one by one".into());
    }
    let spec = &prepared.planned.spec;
    let target = OutputTarget::resolve(path).map_err(|e| e.to_string())?;
    let framing = Framing::of(spec.format.codec(), spec.wav_layout(), segments.len() > 1);
    let mut sink = Sink::open(&target, framing.framer()).map_err(|e| e.to_string())?;
    for segment in segments {
        sink.start_stream().map_err(|e| e.to_string())?;
        sink.write_audio(&segment.audio)
            .map_err(|e| e.to_string())?;
    }
    sink.commit().map(|_| ()).map_err(|e| e.to_string())
}
