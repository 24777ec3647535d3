//! The MCP server (<https://modelcontextprotocol.io>): tools `speak`, `stop` and `voices`
//! over stdio, on the official SDK (`rmcp`). `speak` goes through the [`Speaker`] (cache,
//! pacer, retries), plays on this machine's device as the audio arrives, and writes a
//! file by the usual atomic rules. Stdout carries protocol messages only; a failure is a
//! tool error worded as the CLI words it.
//!
//! Cloning and designing voices are not tools: each spends money (and a clone keeps a
//! voice on the account) on the strength of one sentence from a model; an agent that
//! should do that can run `minimax-tts voices clone` in a shell, where the user sees it.

use std::cell::Cell;
use std::rc::Rc;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, ContentBlock, Implementation, ServerCapabilities, ServerConfig};
use rmcp::{ServerHandler, schemars, tool, tool_handler, tool_router};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::Notify;

use super::outdir::OutDir;
use super::speech::{Speaker, SpeechAsk, Spoken};
use crate::audio::Playback;
use crate::audio::framing::Framing;
use crate::error::{CliError, Failure, Surface};
use crate::exit::ExitStatus;
use crate::io::target::OutputTarget;
use crate::request::{Prepared, Start};
use crate::settings::PlaybackSettings;
use crate::sink::Sink;
use crate::spec::{Codec, Provider};

#[derive(Deserialize, schemars::JsonSchema)]
pub struct SpeakParams {
    /// The text to speak. Billed per character (MiniMax) or UTF-8 byte (Fish Audio), unless the same request was made before (then it comes from the cache, free).
    text: String,
    /// A voice id (see the voices tool) or a speaker of the config file. Default: the configured voice.
    voice: Option<String>,
    /// The model, e.g. speech-2.8-hd or speech-2.8-turbo (MiniMax), s2.1-pro-free (Fish). Default: the configured model.
    model: Option<String>,
    /// Speaking speed, 0.5 to 2. Default 1.
    speed: Option<f64>,
    /// minimax or fish. Default: the configured provider.
    provider: Option<String>,
    /// Also write the audio to this file, a name relative to the server's output directory (the result gives the absolute path), with an audio extension: .mp3, .wav, .flac, .pcm or .opus. Replaced atomically, never left half-written; a file that is not audio is never replaced.
    output: Option<String>,
    /// Play it on this machine's audio device as it arrives. Default: true.
    play: Option<bool>,
    /// true (default): return when all the audio has arrived and the file is written (playback goes on); false: return at once (failures then only reach the server's log).
    wait: Option<bool>,
}

#[derive(Deserialize, schemars::JsonSchema)]
pub struct VoicesParams {
    /// Only voices whose id, name or description contains this (any case).
    filter: Option<String>,
    /// minimax or fish. Default: the configured provider.
    provider: Option<String>,
    /// At most this many voices. Default: 50.
    limit: Option<u64>,
}

/// The MCP server's state: one speaker, one device.
#[derive(Clone)]
pub struct TtsServer {
    shared: Rc<Shared>,
    tool_router: ToolRouter<Self>,
}

struct Shared {
    speaker: Speaker,
    playback: PlaybackSettings,
    /// Where outputs are written, and nowhere else.
    out_dir: OutDir,
    /// The longest text one call may bill.
    max_chars: usize,
    /// One sound at a time: later requests wait for the device, in order.
    device: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// `stop` moves it on; everything playing or waiting to play before stops.
    epoch: Cell<u64>,
    stopped: Notify,
}

impl TtsServer {
    pub fn new(
        speaker: Speaker,
        playback: PlaybackSettings,
        out_dir: OutDir,
        max_chars: usize,
    ) -> TtsServer {
        TtsServer {
            shared: Rc::new(Shared {
                speaker,
                playback,
                out_dir,
                max_chars,
                device: std::sync::Arc::new(tokio::sync::Mutex::new(())),
                epoch: Cell::new(0),
                stopped: Notify::new(),
            }),
            tool_router: Self::tool_router(),
        }
    }
}

/// What `speak` is to do, checked.
struct SpeakJob {
    prepared: Prepared,
    output: Option<OutputTarget>,
    play: bool,
    voice: Option<String>,
}

#[tool_router]
impl TtsServer {
    #[tool(
        description = "Speak text aloud on this machine (as the audio arrives) and/or write it to an audio file. Costs money: the text is billed by the speech service (MiniMax or Fish Audio) unless the identical request was made before. Returns the file, the duration, the characters billed and the voice."
    )]
    async fn speak(&self, Parameters(params): Parameters<SpeakParams>) -> CallToolResult {
        let job = match self.check(&params) {
            Ok(job) => job,
            Err(failure) => return tool_error(&failure.worded(Surface::Mcp, None)),
        };
        if params.wait.unwrap_or(true) {
            return match run(Rc::clone(&self.shared), job).await {
                Ok(result) => CallToolResult::structured(result),
                Err(failure) => tool_error(&failure.worded(Surface::Mcp, None)),
            };
        }
        let shared = Rc::clone(&self.shared);
        // Reported on stderr, which MCP clients keep in the server's log (MCP's own
        // log messages are deprecated by the protocol).
        tokio::task::spawn_local(async move {
            if let Err(failure) = run(shared, job).await {
                crate::report::error(&failure.cli, failure.cli.hint.as_deref());
            }
        });
        CallToolResult::structured(json!({"started": true}))
    }

    #[tool(
        description = "Stop the speech playing now, and any waiting to play. Files being written are still finished."
    )]
    async fn stop(&self) -> CallToolResult {
        let shared = &self.shared;
        shared.epoch.set(shared.epoch.get() + 1);
        shared.stopped.notify_waiters();
        CallToolResult::structured(json!({"stopped": true}))
    }

    #[tool(
        description = "List the voices this API key can use (free), filtered by id, name or description."
    )]
    async fn voices(&self, Parameters(params): Parameters<VoicesParams>) -> CallToolResult {
        let provider = match provider(params.provider.as_deref()) {
            Ok(p) => p.unwrap_or(self.shared.speaker.default_provider()),
            Err(cli) => return tool_error(&cli),
        };
        let resolved = match self.shared.speaker.resolved(provider) {
            Ok(resolved) => resolved,
            Err(failure) => return tool_error(&failure.worded(Surface::Mcp, None)),
        };
        let query = crate::voices::VoiceFilter {
            filter: params.filter,
            limit: Some(params.limit.unwrap_or(50).max(1)),
            ..Default::default()
        };
        match crate::voices::rows(&query, &resolved).await {
            Ok((rows, more)) => CallToolResult::structured(json!({
                "voices": rows.iter().map(crate::voices::row_json).collect::<Vec<_>>(),
                "more": more,
            })),
            Err(cli) => tool_error(&cli),
        }
    }
}

impl TtsServer {
    /// Everything that can be wrong before anything is paid for.
    fn check(&self, params: &SpeakParams) -> Result<SpeakJob, Failure> {
        let provider = provider(params.provider.as_deref())?;
        let chars = params.text.chars().count();
        let max = self.shared.max_chars;
        if chars > max {
            return Err(CliError::usage(format!(
                "the text holds {chars} characters; at most {max} are spoken in one call"
            ))
            .with_hint(
                "split the text into several calls (the server's limit is `mcp --max-chars`)",
            )
            .into());
        }
        let output = match params.output.as_deref() {
            Some("-") => {
                return Err(CliError::usage(
                    "stdout carries the MCP protocol; audio cannot go there",
                )
                .with_hint("give a file name, e.g. speech.mp3")
                .into());
            }
            Some(name) => Some(self.shared.out_dir.resolve(name)?),
            None => None,
        };
        let format = match &output {
            Some(path) => Some(crate::settings::output_format(None, Some(path), None)?),
            None => None,
        };
        let play = params.play.unwrap_or(true);
        if !play && output.is_none() {
            return Err(
                CliError::usage("nothing to do: play is false and there is no output")
                    .with_hint("give an output file, or let it play")
                    .into(),
            );
        }
        let mut keys = std::collections::BTreeMap::new();
        if let Some(model) = &params.model {
            keys.insert("model".to_string(), json!(model));
        }
        if let Some(speed) = params.speed {
            keys.insert("speed".to_string(), json!(speed));
        }
        if let Some(format) = format {
            keys.insert("format".to_string(), json!(format.name()));
        }
        let ask = SpeechAsk {
            text: params.text.clone(),
            voice: params.voice.clone(),
            provider,
            keys,
        };
        let prepared = self.shared.speaker.prepare(&ask)?;
        if play && prepared.spec().format.codec() == Codec::Opus && output.is_none() {
            return Err(CliError::usage("Opus audio is written, not played")
                .with_hint("give an output file, or use .mp3")
                .into());
        }
        let output = output.as_deref().map(OutputTarget::resolve).transpose()?;
        if matches!(output, Some(OutputTarget::Stdout)) {
            return Err(CliError::usage("audio cannot go to stdout here").into());
        }
        Ok(SpeakJob {
            voice: prepared.spec().voice.clone(),
            prepared,
            output,
            play,
        })
    }
}

/// Makes (or restores) the audio, writes the file, and leaves the playback running.
async fn run(shared: Rc<Shared>, job: SpeakJob) -> Result<serde_json::Value, Failure> {
    let SpeakJob {
        prepared,
        output,
        play,
        voice,
    } = job;
    let epoch = shared.epoch.get();
    // Waiting for the device (another speak still playing) before anything is made, so
    // the audio arrives while it can be heard.
    let device = match play && prepared.spec().format.codec() != Codec::Opus {
        true => Some(std::sync::Arc::clone(&shared.device).lock_owned().await),
        false => None,
    };
    let (playback, note) = match device.is_some() && shared.epoch.get() == epoch {
        true => start_playback(&shared, &prepared, output.is_some())?,
        false => (None, None),
    };
    let played = playback.is_some();
    // A `stop` while the audio is made (the epoch covers one before) silences it; a file
    // being written is still finished.
    let mut stop_seen = shared.epoch.get() != epoch;
    let made = {
        let stopped = shared.stopped.notified();
        let mut stopped = std::pin::pin!(stopped);
        let mut making = Box::pin(make(
            &shared.speaker,
            &prepared,
            output.as_ref(),
            playback.as_ref(),
        ));
        loop {
            tokio::select! {
                made = &mut making => break made,
                () = &mut stopped, if !stop_seen => {
                    stop_seen = true;
                    if let Some(playback) = &playback {
                        playback.stop();
                    }
                }
            }
        }
    };
    let spoken = match made {
        Ok(spoken) => spoken,
        Err(failure) => {
            if let Some(playback) = &playback {
                playback.stop();
            }
            return Err(failure);
        }
    };
    if let Some(playback) = playback
        && !stop_seen
    {
        play_on(shared, playback, device, epoch);
    }
    Ok(json!({
        "output": output.as_ref().map(OutputTarget::display),
        "played": played,
        "note": note,
        "duration_ms": spoken.audio_ms,
        "duration_seconds": spoken.audio_ms.map(|ms| ms as f64 / 1000.0),
        "billed_characters": spoken.billed_characters,
        "cached": spoken.cached,
        "voice": voice,
        "model": prepared.spec().model,
        "provider": prepared.planned.provider.flag_value(),
        "format": prepared.spec().format.name(),
        "bytes": spoken.bytes,
        "trace_ids": spoken.trace_ids,
    }))
}

/// Playback goes on after the result (holding the device); `stop` ends it.
fn play_on(
    shared: Rc<Shared>,
    playback: Playback,
    device: Option<tokio::sync::OwnedMutexGuard<()>>,
    epoch: u64,
) {
    playback.finish();
    tokio::task::spawn_local(async move {
        let _device = device;
        let stopped = shared.stopped.notified();
        // (Nothing ran since the epoch was last read: no stop can be missed.)
        if shared.epoch.get() != epoch {
            playback.stop();
            return;
        }
        tokio::select! {
            () = playback.done() => {}
            () = stopped => playback.stop(),
        }
    });
}

/// The player for a speech: with an output file, a device that cannot open is a note
/// in the result; without one, the failure.
fn start_playback(
    shared: &Shared,
    prepared: &crate::request::Prepared,
    has_output: bool,
) -> Result<(Option<Playback>, Option<String>), Failure> {
    match Playback::start(
        &shared.playback.backend,
        prepared.spec().stream_format(),
        shared.playback.preroll,
        shared.playback.stall,
        None,
    ) {
        Ok(playback) => Ok((Some(playback), None)),
        Err(reason) if has_output => Ok((None, Some(format!("not played: {reason}")))),
        Err(reason) => Err(
            CliError::new(ExitStatus::NoDevice, format!("cannot play: {reason}"))
                .with_hint("give an output file to write the audio instead")
                .into(),
        ),
    }
}

/// The audio into the file (committed only when whole) and the player.
async fn make(
    speaker: &Speaker,
    prepared: &Prepared,
    output: Option<&OutputTarget>,
    playback: Option<&Playback>,
) -> Result<Spoken, Failure> {
    match speaker.start(prepared).await {
        Start::Found(found) => {
            let audio = found.audio;
            if let Some(target) = output {
                crate::sink::write_file(std::path::Path::new(&target.display()), &audio)?;
            }
            if let Some(playback) = playback {
                playback.start_segment(0);
                playback.feed(&audio);
                playback.end_segment();
            }
            Ok(speaker.spoken_from_cache(prepared, &audio))
        }
        Start::Make(claim) => {
            let mut sink = match output {
                Some(target) => Sink::open(
                    target,
                    Framing::of(
                        prepared.spec().format.codec(),
                        prepared.spec().wav_layout(),
                        prepared.segments.len() > 1,
                    )
                    .framer(),
                )?,
                None => Sink::discard(),
            };
            let spoken = speaker
                .synthesize(prepared, &mut sink, playback, claim)
                .await?;
            if output.is_some() {
                sink.commit().map_err(|e| {
                    CliError::failure(format!("cannot finish writing the file: {e}"))
                })?;
            }
            Ok(spoken)
        }
    }
}

fn provider(name: Option<&str>) -> Result<Option<Provider>, CliError> {
    match name.map(str::trim) {
        None | Some("") => Ok(None),
        Some("minimax") => Ok(Some(Provider::Minimax)),
        Some("fish") => Ok(Some(Provider::Fish)),
        Some(other) => Err(CliError::usage(format!(
            "unknown provider {}",
            crate::report::sanitized(other)
        ))
        .with_hint("use minimax or fish")),
    }
}

/// A failure as a tool error, worded as the CLI prints it.
fn tool_error(cli: &CliError) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(crate::report::error_text(
        cli,
        cli.hint.as_deref(),
    ))])
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for TtsServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
        .with_server_info(Implementation::new("minimax-tts", env!("CARGO_PKG_VERSION")))
        .with_instructions(format!(
            "Text to speech with MiniMax (or Fish Audio). `speak` plays text on this machine and/or writes an audio file (inside {}); it costs money per character unless the same request was made before. `stop` silences it; `voices` lists voice ids.",
            self.shared.out_dir.root().display()
        ))
    }
}
