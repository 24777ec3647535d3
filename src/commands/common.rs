//! What `speak` and `stream` share: planning the output (file, stdout, playback),
//! opening it, the connection settings, and the result summary.

use std::path::Path;
use std::time::Duration;

use serde_json::json;

use crate::audio::{Backend, DEFAULT_PREROLL, Playback, PlaybackReport, StreamFormat};
use crate::cli::{OutputFormat, PlayMode, PlaybackArgs, VoiceArgs};
use crate::config::{ApiKey, Context};
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::protocol::ws::{SegmentReport, SessionOptions, T2A_PATH};
use crate::report;
use crate::settings::{self, Synthesis};
use crate::sink::{OutputTarget, Sink};
use crate::synth::{Connection, Timings};
use crate::timing;

/// Where the audio of a synthesis goes, decided (and checked) before any request.
pub struct OutputPlan {
    pub synthesis: Synthesis,
    pub target: Option<OutputTarget>,
    play_mode: PlayMode,
    wants_playback: bool,
    backend: Backend,
    preroll: Duration,
}

impl OutputPlan {
    pub fn new(
        format: Option<OutputFormat>,
        output: Option<&Path>,
        voice: &VoiceArgs,
        play: &PlaybackArgs,
        ctx: &Context,
    ) -> Result<OutputPlan, CliError> {
        let format = settings::output_format(format, output, ctx)?;
        let synthesis = Synthesis::build(voice, format, ctx)?;
        let target = output.map(OutputTarget::resolve).transpose()?;
        let play_mode = play.play.or(ctx.file.play).unwrap_or(PlayMode::Auto);
        let wants_playback = match play_mode {
            PlayMode::Never => false,
            PlayMode::Always => true,
            PlayMode::Auto => target != Some(OutputTarget::Stdout),
        };
        if !wants_playback && target.is_none() {
            return Err(
                CliError::usage("nothing to do: no output file and --play never")
                    .with_hint("write the audio with -o FILE (or -o - for stdout)"),
            );
        }
        let backend = Backend::from_env(play.device.clone().or_else(|| ctx.file.device.clone()))
            .map_err(CliError::usage)?;
        let preroll = play
            .preroll
            .or(ctx.file.preroll)
            .map_or(DEFAULT_PREROLL, Duration::from_millis);
        Ok(OutputPlan {
            synthesis,
            target,
            play_mode,
            wants_playback,
            backend,
            preroll,
        })
    }

    /// Refuses to write the audio over the text being read (before any request).
    pub fn check_input(&self, input: Option<&Path>) -> Result<(), CliError> {
        if let (Some(target), Some(input)) = (&self.target, input)
            && target.is_same_file(input)
        {
            return Err(CliError::usage(format!(
                "the output {} is the input text file {}",
                target.display(),
                input.display()
            ))
            .with_hint("write the audio to another file, e.g. -o speech.mp3"));
        }
        Ok(())
    }

    pub fn audio_on_stdout(&self) -> bool {
        self.target == Some(OutputTarget::Stdout)
    }

    /// Opens the audio device (before paying for anything: without one, say so now).
    /// Returns the playback, if any, and the error to end with after writing the file
    /// when playback was required but impossible.
    pub fn start_playback(&self) -> Result<(Option<Playback>, Option<CliError>), CliError> {
        if !self.wants_playback {
            return Ok((None, None));
        }
        let format = stream_format(&self.synthesis);
        match Playback::start(&self.backend, format, self.preroll) {
            Ok(playback) => Ok((Some(playback), None)),
            Err(reason) => {
                let error = CliError::new(ExitStatus::NoDevice, format!("cannot play: {reason}"))
                    .with_hint("write the audio to a file with -o FILE, or pick a device with --device (see `minimax-tts devices`)");
                match (&self.target, self.play_mode) {
                    (None, _) => Err(error),
                    (Some(_), PlayMode::Always) => Ok((None, Some(error))),
                    (Some(target), _) => {
                        crate::report::info(format_args!(
                            "{reason}; writing {} without playing",
                            target.display()
                        ));
                        Ok((None, None))
                    }
                }
            }
        }
    }

    /// Opens the output. A FIFO's open waits for its reader, which may never come: that
    /// wait happens on a thread of its own, so Ctrl-C still ends the run.
    pub fn open_sink(&self, runtime: &tokio::runtime::Runtime) -> anyhow::Result<Sink> {
        let wav = self.synthesis.wav_spec();
        let target = match &self.target {
            None => return Ok(Sink::Discard { written: 0 }),
            Some(target @ OutputTarget::Direct(_)) => target.clone(),
            Some(target) => return Ok(Sink::open(target, wav)?),
        };
        let (tx, rx) = tokio::sync::oneshot::channel();
        std::thread::Builder::new()
            .name("open-output".into())
            .spawn(move || {
                let _ = tx.send(Sink::open(&target, wav));
            })
            .map_err(|e| CliError::failure(format!("cannot start a thread: {e}")))?;
        runtime.block_on(async {
            tokio::select! {
                opened = rx => match opened {
                    Ok(sink) => Ok(sink?),
                    Err(_) => Err(CliError::failure("the output could not be opened").into()),
                },
                interrupted = crate::synth::interrupted() => Err(interrupted.into()),
            }
        })
    }

    /// Finishes the output; returns the bytes written (headers included).
    pub fn commit(&self, sink: Sink) -> Result<u64, CliError> {
        let audio_bytes = sink.audio_len();
        let Some(target) = &self.target else {
            return Ok(0);
        };
        sink.commit().map_err(|e| {
            CliError::failure(format!("cannot finish writing {}: {e}", target.display()))
        })?;
        let header = if self.synthesis.wav_spec().is_some() {
            44
        } else {
            0
        };
        Ok(audio_bytes + header)
    }
}

/// How a run ends once its output is written: with the error of a playback that was
/// required but impossible, or of a device that stopped taking audio midway.
pub fn playback_outcome(
    playback: Option<&Playback>,
    missing_device: Option<CliError>,
    target: Option<&OutputTarget>,
) -> anyhow::Result<()> {
    if let Some(error) = missing_device {
        return Err(error.into());
    }
    if let Some(reason) = playback.and_then(Playback::failure) {
        let saved = target.map_or_else(String::new, |t| {
            format!("; the audio was still written to {}", t.display())
        });
        return Err(
            CliError::new(ExitStatus::NoDevice, format!("{reason}{saved}"))
                .with_hint(
                    "check the audio device (see `minimax-tts devices`), or use --play never",
                )
                .into(),
        );
    }
    Ok(())
}

/// The WebSocket connection settings for this run.
pub fn connection<'a>(ctx: &Context, api_key: &'a ApiKey) -> Result<Connection<'a>, CliError> {
    Ok(Connection {
        url: ctx.endpoint()?.ws_url(T2A_PATH),
        api_key: api_key.expose(),
        options: SessionOptions {
            timeout: ctx.timeout()?,
        },
        policy: ctx.retry_policy(),
        key_sources: ctx.key_sources(),
    })
}

/// The HTTP client for this run.
pub fn http_client(
    ctx: &Context,
    api_key: &ApiKey,
) -> Result<crate::protocol::http::HttpClient, CliError> {
    crate::protocol::http::HttpClient::new(
        ctx.endpoint()?,
        api_key.expose(),
        ctx.retry_policy(),
        ctx.timeout()?,
    )
    .map_err(|e| e.into_cli_error(&ctx.key_sources(), 1))
}

/// Runs a synthesis to its end: `work`, then (when playing) until the last sample has
/// played, all of it stopped by Ctrl-C. On any failure the sound stops at once; the
/// caller's sink, when dropped, removes the partial file.
pub fn drive<T>(
    runtime: &tokio::runtime::Runtime,
    playback: Option<&Playback>,
    work: impl std::future::Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<T> {
    let result = runtime.block_on(async {
        let finished = async {
            let value = work.await?;
            if let Some(playback) = playback {
                playback.finish();
                playback.done().await;
            }
            anyhow::Ok(value)
        };
        tokio::select! {
            result = finished => result,
            interrupted = crate::synth::interrupted() => Err(interrupted.into()),
        }
    });
    if result.is_err()
        && let Some(playback) = playback
    {
        playback.stop();
    }
    result
}

/// A single-threaded runtime (one socket, no need for more), catching signals from now
/// on: create it before anything a signal must clean up (a temporary output file).
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::failure(format!("cannot start the async runtime: {e}")))?;
    crate::signals::install(&runtime);
    Ok(runtime)
}

/// What the decoder needs to know about the stream it will be fed.
pub fn stream_format(synthesis: &Synthesis) -> StreamFormat {
    let audio = &synthesis.request.audio_setting;
    StreamFormat {
        wire: audio.format,
        sample_rate: audio.sample_rate,
        channels: u16::from(audio.channel),
    }
}

pub fn audio_ms(synthesis: &Synthesis, audio_bytes: u64, reports: &[SegmentReport]) -> Option<u64> {
    // For PCM the duration follows from the size; trust that over a missing field.
    synthesis
        .pcm_bytes_per_second()
        .map(|rate| audio_bytes * 1000 / rate)
        .or_else(|| reports.iter().map(|r| r.audio_ms).sum())
}

pub fn trace_ids(reports: &[SegmentReport]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for trace in reports.iter().filter_map(|r| r.trace_id.clone()) {
        if !ids.contains(&trace) {
            ids.push(trace);
        }
    }
    ids
}

impl Summary {
    /// The summary of a finished synthesis run.
    pub fn of_run(
        plan: &OutputPlan,
        reports: &[SegmentReport],
        audio_bytes: u64,
        bytes: u64,
        timings: Timings,
        playback: Option<&Playback>,
    ) -> Summary {
        Summary {
            output: plan.target.as_ref().map(OutputTarget::display),
            format: plan.synthesis.format,
            bytes,
            audio_ms: audio_ms(&plan.synthesis, audio_bytes, reports),
            billed_characters: reports.iter().map(|r| r.billed_characters).sum(),
            segments: reports.len(),
            trace_ids: trace_ids(reports),
            timings,
            playback: playback.map(Playback::report),
            done: timing::since_start(),
        }
    }
}

/// The result of a run, printed as one line, or as a JSON object with `--json`.
pub struct Summary {
    pub output: Option<String>,
    pub format: OutputFormat,
    pub bytes: u64,
    pub audio_ms: Option<u64>,
    pub billed_characters: Option<u64>,
    pub segments: usize,
    pub trace_ids: Vec<String>,
    pub timings: Timings,
    pub playback: Option<PlaybackReport>,
    pub done: Duration,
}

impl Summary {
    pub fn timings_json(&self) -> serde_json::Value {
        let ms = |d: Option<Duration>| d.map(timing::millis);
        json!({
            "connected": ms(self.timings.connected),
            "first_audio": ms(self.timings.first_audio),
            "first_play": ms(self.playback.as_ref().and_then(|p| p.first_play)),
            "last_audio": ms(self.timings.last_audio),
            "done": timing::millis(self.done),
        })
    }

    pub fn json(&self) -> serde_json::Value {
        json!({
            "output": self.output,
            "format": format!("{:?}", self.format).to_lowercase(),
            "bytes": self.bytes,
            "audio_ms": self.audio_ms,
            "billed_characters": self.billed_characters,
            "segments": self.segments,
            "trace_ids": self.trace_ids,
            "played": self.playback.is_some(),
            "timings": self.timings_json(),
            "underruns": self.playback.as_ref().map(|p| p.underruns),
        })
    }

    /// Prints the result: the JSON object (`json`, on stdout unless the audio went
    /// there) or one human line on stderr, plus the timings with `-v`.
    pub fn print(
        &self,
        json: Option<serde_json::Value>,
        audio_on_stdout: bool,
    ) -> anyhow::Result<()> {
        let json_given = json.is_some();
        if let Some(object) = json {
            // Audio owns stdout when it goes there; the result object moves to stderr.
            report::result_line(&object.to_string(), audio_on_stdout)?;
        }
        if report::is_verbose() {
            let at = |d: Option<Duration>| {
                d.map_or_else(
                    || "never".to_string(),
                    |d| format!("at {:.1} ms", timing::millis(d)),
                )
            };
            report::debug(
                "run",
                format_args!(
                    "timings: connected {}, first audio byte {}, first sample played {}, last audio byte {}, done at {:.1} ms; {} underruns",
                    at(self.timings.connected),
                    at(self.timings.first_audio),
                    at(self.playback.as_ref().and_then(|p| p.first_play)),
                    at(self.timings.last_audio),
                    timing::millis(self.done),
                    self.playback.as_ref().map_or(0, |p| p.underruns)
                ),
            );
        }
        if json_given {
            return Ok(());
        }
        let duration = self
            .audio_ms
            .map(|ms| format!(", {:.1} s of audio", ms as f64 / 1000.0))
            .unwrap_or_default();
        let billed = self
            .billed_characters
            .map(|n| format!(", {n} characters billed"))
            .unwrap_or_default();
        let segments = if self.segments == 1 {
            "1 segment".to_string()
        } else {
            format!("{} segments", self.segments)
        };
        let underruns = match &self.playback {
            Some(p) if p.underruns > 0 => format!(
                " (playback paused {} times waiting for audio: the network was slower than real time)",
                p.underruns
            ),
            _ => String::new(),
        };
        let what = match (self.output.as_deref(), self.playback.is_some()) {
            (Some("-"), true) => format!("played and wrote stdout: {}", human_bytes(self.bytes)),
            (Some("-"), false) => format!("wrote stdout: {}", human_bytes(self.bytes)),
            (Some(path), true) => format!("played and wrote {path}: {}", human_bytes(self.bytes)),
            (Some(path), false) => format!("wrote {path}: {}", human_bytes(self.bytes)),
            (None, _) => "played".to_string(),
        };
        report::info(format_args!(
            "{what}{duration}{billed}, {segments}{underruns}"
        ));
        Ok(())
    }
}

fn human_bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} bytes"),
        1_000..1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}
