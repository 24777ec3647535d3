//! The one request path of the servers (`serve`, `mcp`): a request's settings read as a
//! manifest row's are (the same checks and wording), a configured speaker's settings
//! under them, the batch cache looked up (and claimed, so two identical requests do not
//! both pay), the engine driven with one pacer and the retry policy for every request,
//! and what was made stored in the cache exactly as `batch` stores a row.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Duration;

use serde_json::Value;

use crate::audio::Playback;
use crate::engine::pacer::Pacer;
use crate::engine::synth::{AudioOut, FinishedSegment, Synthesizer};
use crate::engine::{Engine, ErrorKind, ProviderEngine, Session};
use crate::error::{CliError, Failure};
use crate::request::{self, Keys, Requests, SessionKey};
use crate::request::{Prepared, Start};
use crate::settings::{Resolved, Settings, SettingsError, SettingsOrEngine};
use crate::sink::Sink;
use crate::spec::Provider;
use crate::store::cache::{Cache, Claim};

/// Sessions kept open between requests (over all settings), and for how long: a request
/// with the same settings then skips the connection and the session's start (MiniMax
/// closes a session idle for 120 s).
const IDLE_SESSIONS: usize = 4;
const IDLE_FOR: Duration = Duration::from_secs(60);

/// What a client asks for.
#[derive(Clone, Debug, Default)]
pub struct SpeechAsk {
    pub text: String,
    /// A speaker of the config file (`[speakers.NAME]`), else a voice id.
    pub voice: Option<String>,
    pub provider: Option<Provider>,
    /// Further settings as manifest keys (`model`, `speed`, `format`, `sample_rate`…),
    /// over the speaker's.
    pub keys: BTreeMap<String, Value>,
}

/// What a request produced.
#[derive(Clone, Debug)]
pub struct Spoken {
    /// Audio bytes produced (as the provider sent them, or as cached).
    pub bytes: u64,
    pub audio_ms: Option<u64>,
    /// Characters billed for this request (0 from the cache).
    pub billed_characters: u64,
    pub cached: bool,
    pub trace_ids: Vec<String>,
}

/// The engines, pacer and cache that every request of a server shares.
pub struct Speaker {
    settings: Rc<Settings>,
    requests: RefCell<Requests>,
    pacer: Pacer,
    cache: Option<Cache>,
    scratch: Option<Scratch>,
    /// Sessions idle since their last request, newest last.
    idle: RefCell<Vec<Idle>>,
}

/// A session kept open for the next request with the same engine and spec.
struct Idle {
    key: SessionKey,
    since: std::time::Instant,
    session: <ProviderEngine as Engine>::Session,
}

impl Speaker {
    /// A speaker for `resolved`'s provider (others are resolved when first asked for),
    /// with at most `sessions` upstream sessions at once and `rpm` requests a minute.
    pub fn new(
        resolved: Resolved,
        cache: Option<Cache>,
        sessions: usize,
        rpm: Option<u32>,
    ) -> Result<Speaker, CliError> {
        let retry = resolved.api.retry;
        let scratch = match &cache {
            Some(cache) => {
                cache.check_writable()?;
                Some(Scratch::create()?)
            }
            None => None,
        };
        Ok(Speaker {
            settings: Rc::clone(&resolved.settings),
            requests: RefCell::new(Requests::new(resolved, Keys::Required)),
            pacer: Pacer::new(sessions, rpm, retry),
            cache,
            scratch,
            idle: RefCell::new(Vec::new()),
        })
    }

    pub fn default_provider(&self) -> Provider {
        self.requests.borrow().default_provider()
    }

    /// The settings the server was started with (the config file's speakers among them).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// A provider's resolved settings (resolved once).
    pub fn resolved(&self, provider: Provider) -> Result<Rc<Resolved>, Failure> {
        Ok(self
            .requests
            .borrow_mut()
            .resolved(provider)
            .map_err(CliError::from)?)
    }

    /// Checks a request as a manifest row is checked: settings, the provider's rules,
    /// the text, the key. Nothing is paid for a request refused here.
    pub fn prepare(&self, ask: &SpeechAsk) -> Result<Prepared, Failure> {
        let mut fields = BTreeMap::new();
        match ask
            .voice
            .as_ref()
            .and_then(|name| self.settings.file.speakers.get(name))
        {
            Some(speaker) => fields.extend(speaker.clone()),
            None => {
                if let Some(voice) = &ask.voice {
                    fields.insert("voice".to_string(), Value::String(voice.clone()));
                }
            }
        }
        fields.extend(ask.keys.clone());
        let (said, voice) = crate::batch::row_keys::read_voice_keys(&fields)
            .map_err(|problems| input(CliError::usage(problems.join("; "))))?;
        let provider = match (ask.provider, said) {
            (Some(asked), Some(speaker)) if asked != speaker => {
                return Err(input(
                    CliError::usage(format!(
                        "the voice {} is a {} speaker, and {} was asked for",
                        crate::report::sanitized(ask.voice.as_deref().unwrap_or_default()),
                        speaker.name(),
                        asked.name()
                    ))
                    .with_hint("drop the provider, or use a voice of that provider"),
                ));
            }
            (asked, speaker) => asked.or(speaker).unwrap_or(self.default_provider()),
        };
        let planned = self
            .requests
            .borrow_mut()
            .plan(request::Ask {
                provider: Some(provider),
                voice: &voice,
                references: &[],
                subtitles: None,
                output: None,
            })
            .map_err(|e| match e {
                SettingsOrEngine::Engine(e) => Failure::from(e),
                // No key for the provider is the server's to fix, not the client's.
                SettingsOrEngine::Settings(e @ SettingsError::NoKey { .. }) => {
                    Failure::from(CliError::from(e))
                }
                SettingsOrEngine::Settings(e) => input(CliError::from(e)),
            })?;
        if ask.text.trim().is_empty() {
            return Err(input(
                CliError::usage("there is no text to speak").with_hint("give some text"),
            ));
        }
        Ok(planned.prepare(&ask.text)?)
    }

    /// Whether the request's audio is cached; if not, a claim on making it (waiting while
    /// another request or process makes the same, then taking its audio).
    pub async fn start(&self, prepared: &Prepared) -> Start {
        request::find_or_claim(self.cache.as_ref(), prepared, false).await
    }

    /// What a cached request holds.
    pub fn spoken_from_cache(&self, prepared: &Prepared, audio: &[u8]) -> Spoken {
        Spoken {
            bytes: audio.len() as u64,
            audio_ms: crate::audio::duration::file_ms(prepared.spec(), audio),
            billed_characters: 0,
            cached: true,
            trace_ids: Vec::new(),
        }
    }

    /// Synthesizes the request into `sink` (and `playback`), with the shared pacer and the
    /// retry policy, then stores the audio in the cache as `batch` stores a row. The
    /// caller commits the sink.
    pub async fn synthesize(
        &self,
        prepared: &Prepared,
        sink: &mut Sink,
        playback: Option<&Playback>,
        claim: Option<Claim>,
    ) -> Result<Spoken, Failure> {
        let _permit = self.pacer.acquire().await;
        let planned = &prepared.planned;
        let retry = self.resolved(planned.provider)?.api.retry;
        let mut synth = Synthesizer::new(planned.engine.as_ref(), prepared.spec(), retry)
            .with_pacer(&self.pacer);
        if let Some(session) = self.take_idle(planned.session).await {
            synth = synth.with_session(session);
        }
        let mut out = AudioOut::new(sink, playback, prepared.spec());
        out.capture = self.cache.is_some();
        let made = request::make(&mut synth, prepared, "", &mut out, false).await?;
        if let Some(session) = synth.into_session(&mut out).await? {
            self.keep_idle(planned.session, session).await;
        }
        let measured = out.clock_ms();
        let finished = out.take_finished();
        drop(out);
        let spoken = Spoken {
            bytes: sink.audio_len(),
            audio_ms: match measured > 0.0 {
                true => Some(measured.round() as u64),
                false => made.reported_ms(),
            },
            billed_characters: made.billed(prepared),
            cached: false,
            trace_ids: crate::engine::trace_ids(&made.reports),
        };
        if let Err(e) = self.store(prepared, &finished) {
            // The client has its audio: a cache that fails costs a later request only.
            crate::report::warn(format_args!("not cached: {e}"));
        }
        drop(claim);
        Ok(spoken)
    }

    /// An idle session for `key`, if one is kept; sessions idle too long are closed.
    async fn take_idle(&self, key: SessionKey) -> Option<<ProviderEngine as Engine>::Session> {
        let (found, expired) = {
            let mut idle = self.idle.borrow_mut();
            let (expired, kept): (Vec<Idle>, Vec<Idle>) =
                idle.drain(..).partition(|i| i.since.elapsed() >= IDLE_FOR);
            *idle = kept;
            let found = idle
                .iter()
                .rposition(|i| i.key == key)
                .map(|at| idle.remove(at).session);
            (found, expired)
        };
        for old in expired {
            old.session.close().await;
        }
        found
    }

    /// Keeps a session open for the next request with the same settings (the oldest is
    /// closed when too many are kept).
    async fn keep_idle(&self, key: SessionKey, session: <ProviderEngine as Engine>::Session) {
        let oldest = {
            let mut idle = self.idle.borrow_mut();
            idle.push(Idle {
                key,
                since: std::time::Instant::now(),
                session,
            });
            (idle.len() > IDLE_SESSIONS).then(|| idle.remove(0))
        };
        if let Some(old) = oldest {
            old.session.close().await;
        }
    }

    /// Stores what was made, framed as `batch` frames a row's file.
    fn store(&self, prepared: &Prepared, segments: &[FinishedSegment]) -> Result<(), String> {
        let (Some(cache), Some(scratch)) = (&self.cache, &self.scratch) else {
            return Ok(());
        };
        let scratch = scratch.next(prepared.ext());
        request::store(
            cache,
            prepared,
            request::MadeAudio::Segments {
                segments,
                scratch: &scratch,
            },
            None,
        )
    }
}

/// A request that is wrong as asked (the client's to fix).
fn input(cli: CliError) -> Failure {
    Failure {
        kind: Some(ErrorKind::Input),
        cli,
        engine: None,
    }
}

/// A private directory (created new, owner only) where cache entries are framed before
/// they are stored; removed when the server ends.
struct Scratch {
    dir: PathBuf,
    next: Cell<u64>,
}

impl Scratch {
    fn create() -> Result<Scratch, CliError> {
        let base = std::env::temp_dir();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = base.join(format!(
            "minimax-tts-serve.{}.{nanos:08x}",
            std::process::id()
        ));
        let mut builder = std::fs::DirBuilder::new();
        // Owner only (Windows: the temp directory's ACL, which is the user's own).
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        #[cfg(not(unix))]
        let builder = &mut builder;
        // `create` fails on anything already there (a planted directory or link).
        builder.create(&dir).map_err(|e| {
            CliError::failure(format!(
                "cannot create a private directory in {}: {e}",
                base.display()
            ))
            .with_hint("set TMPDIR to a writable directory, or pass --no-cache")
        })?;
        Ok(Scratch {
            dir,
            next: Cell::new(0),
        })
    }

    fn next(&self, ext: &str) -> PathBuf {
        let n = self.next.get();
        self.next.set(n + 1);
        self.dir.join(format!("{n}.{ext}"))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
