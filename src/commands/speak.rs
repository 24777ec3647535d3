//! `minimax-tts speak`: synthesize text over the WebSocket API into a file or stdout.

use std::io::Write;
use std::time::Duration;

use serde_json::json;

use crate::audio::{Backend, DEFAULT_PREROLL, Playback, PlaybackReport, StreamFormat};
use crate::cli::{OutputFormat, PlayMode, SpeakArgs};
use crate::config::Context;
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::protocol::ws::{SegmentReport, SessionOptions, T2A_PATH};
use crate::settings::{self, Synthesis};
use crate::sink::{OutputTarget, Sink};
use crate::synth::{self, AudioOut, Connection, Timings};
use crate::text::{self, MAX_SEGMENT_CHARS};
use crate::timing;

pub fn run(args: SpeakArgs, ctx: &Context) -> anyhow::Result<()> {
    // Everything that can be wrong locally is checked before any request is made.
    let format = settings::output_format(args.format, args.output.as_deref(), ctx)?;
    let synthesis = Synthesis::build(&args.voice, format, ctx)?;
    let target = args.output.as_deref().map(OutputTarget::parse);
    if let Some(target) = &target {
        target.check()?;
    }
    let play_mode = args.play.or(ctx.file.play).unwrap_or(PlayMode::Auto);
    let wants_playback = match play_mode {
        PlayMode::Never => false,
        PlayMode::Always => true,
        PlayMode::Auto => target != Some(OutputTarget::Stdout),
    };
    if !wants_playback && target.is_none() {
        return Err(
            CliError::usage("nothing to do: no output file and --play never")
                .with_hint("write the audio with -o FILE (or -o - for stdout)")
                .into(),
        );
    }
    let backend = Backend::from_env(args.device.clone().or_else(|| ctx.file.device.clone()))
        .map_err(CliError::usage)?;

    let raw = text::read_input(&args.text, args.file.as_deref())?;
    let text = text::prepare(&raw)?;
    let segments = text::split_segments(&text, MAX_SEGMENT_CHARS);
    if format == OutputFormat::Flac && segments.len() > 1 {
        return Err(CliError::usage(format!(
            "the text needs {} segments, and FLAC streams cannot be joined into one file",
            segments.len()
        ))
        .with_hint(format!(
            "use --format wav or mp3 for text over {MAX_SEGMENT_CHARS} characters, or split the text"
        ))
        .into());
    }
    let api_key = ctx.api_key()?;
    let endpoint = ctx.endpoint()?;

    // Open the audio device before paying for anything: without one, say so now.
    let mut missing_device: Option<CliError> = None;
    let playback = if wants_playback {
        let preroll = args
            .preroll
            .or(ctx.file.preroll)
            .map_or(DEFAULT_PREROLL, Duration::from_millis);
        match Playback::start(
            &backend,
            stream_format(&synthesis),
            preroll,
            ctx.global.verbose,
        ) {
            Ok(playback) => Some(playback),
            Err(reason) => {
                let hint = "write the audio to a file with -o FILE, or pick a device with --device (see `minimax-tts devices`)";
                let error = CliError::new(ExitStatus::NoDevice, format!("cannot play: {reason}"))
                    .with_hint(hint);
                match (&target, play_mode) {
                    (None, _) => return Err(error.into()),
                    (Some(_), PlayMode::Always) => missing_device = Some(error),
                    (Some(target), _) => {
                        if !ctx.global.quiet {
                            eprintln!(
                                "minimax-tts: {reason}; writing {} without playing",
                                target.display()
                            );
                        }
                    }
                }
                None
            }
        }
    } else {
        None
    };

    let conn = Connection {
        url: endpoint.ws_url(T2A_PATH),
        api_key: api_key.expose(),
        options: SessionOptions {
            timeout: ctx.timeout()?,
            verbose: ctx.global.verbose,
        },
        policy: ctx.retry_policy(),
        key_sources: ctx.key_sources(),
        quiet: ctx.global.quiet,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::failure(format!("cannot start the async runtime: {e}")))?;

    let mut sink = match &target {
        Some(target) => Sink::open(target, synthesis.wav_spec())?,
        None => Sink::Discard { written: 0 },
    };
    let mut out = AudioOut::new(&mut sink, playback.as_ref());
    let result = runtime.block_on(async {
        let work = async {
            let reports = synth::synthesize(&conn, &synthesis.request, &segments, &mut out).await?;
            if let Some(playback) = &playback {
                playback.finish();
                playback.done().await;
            }
            anyhow::Ok(reports)
        };
        tokio::select! {
            result = work => result,
            interrupted = synth::interrupted() => Err(interrupted.into()),
        }
    });
    let timings = out.timings.clone();
    let reports = match result {
        Ok(reports) => reports,
        Err(e) => {
            // Stop the sound at once; dropping the sink removes the partial file.
            if let Some(playback) = &playback {
                playback.stop();
            }
            return Err(e);
        }
    };
    let audio_bytes = sink.audio_len();
    if let Some(target) = &target {
        sink.commit().map_err(|e| {
            CliError::failure(format!("cannot finish writing {}: {e}", target.display()))
        })?;
    }

    let header_bytes = if synthesis.wav_spec().is_some() {
        44
    } else {
        0
    };
    let summary = Summary {
        output: target.as_ref().map(OutputTarget::display),
        format: synthesis.format,
        bytes: if target.is_some() {
            audio_bytes + header_bytes
        } else {
            0
        },
        audio_ms: audio_ms(&synthesis, audio_bytes, &reports),
        billed_characters: reports.iter().map(|r| r.billed_characters).sum(),
        segments: reports.len(),
        trace_ids: trace_ids(&reports),
        timings,
        playback: playback.as_ref().map(Playback::report),
        done: crate::timing::since_start(),
    };
    summary.print(
        args.json,
        ctx.global.quiet,
        ctx.global.verbose,
        target == Some(OutputTarget::Stdout),
    )?;
    match missing_device {
        Some(error) => Err(error.into()),
        None => Ok(()),
    }
}

/// What the decoder needs to know about the stream it will be fed.
fn stream_format(synthesis: &Synthesis) -> StreamFormat {
    let audio = &synthesis.request.audio_setting;
    StreamFormat {
        wire: audio.format,
        sample_rate: audio.sample_rate,
        channels: u16::from(audio.channel),
    }
}

fn audio_ms(synthesis: &Synthesis, audio_bytes: u64, reports: &[SegmentReport]) -> Option<u64> {
    // For PCM the duration follows from the size; trust that over a missing field.
    synthesis
        .pcm_bytes_per_second()
        .map(|rate| audio_bytes * 1000 / rate)
        .or_else(|| reports.iter().map(|r| r.audio_ms).sum())
}

fn trace_ids(reports: &[SegmentReport]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for trace in reports.iter().filter_map(|r| r.trace_id.clone()) {
        if !ids.contains(&trace) {
            ids.push(trace);
        }
    }
    ids
}

struct Summary {
    output: Option<String>,
    format: OutputFormat,
    bytes: u64,
    audio_ms: Option<u64>,
    billed_characters: Option<u64>,
    segments: usize,
    trace_ids: Vec<String>,
    timings: Timings,
    playback: Option<PlaybackReport>,
    done: Duration,
}

impl Summary {
    fn timings_json(&self) -> serde_json::Value {
        let ms = |d: Option<Duration>| d.map(timing::millis);
        json!({
            "connected": ms(self.timings.connected),
            "first_audio": ms(self.timings.first_audio),
            "first_play": ms(self.playback.as_ref().and_then(|p| p.first_play)),
            "last_audio": ms(self.timings.last_audio),
            "done": timing::millis(self.done),
        })
    }

    fn print(
        &self,
        json: bool,
        quiet: bool,
        verbose: bool,
        audio_on_stdout: bool,
    ) -> anyhow::Result<()> {
        if json {
            let object = json!({
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
            });
            // Audio owns stdout when it goes there; the result object moves to stderr.
            if audio_on_stdout {
                eprintln!("{object}");
            } else {
                let mut out = std::io::stdout().lock();
                writeln!(out, "{object}")?;
                out.flush()?;
            }
            return Ok(());
        }
        if verbose {
            let at = |d: Option<Duration>| {
                d.map_or_else(
                    || "never".to_string(),
                    |d| format!("at {:.1} ms", timing::millis(d)),
                )
            };
            eprintln!(
                "minimax-tts: timings: connected {}, first audio byte {}, first sample played {}, last audio byte {}, done at {:.1} ms; {} underruns",
                at(self.timings.connected),
                at(self.timings.first_audio),
                at(self.playback.as_ref().and_then(|p| p.first_play)),
                at(self.timings.last_audio),
                timing::millis(self.done),
                self.playback.as_ref().map_or(0, |p| p.underruns)
            );
        }
        if quiet {
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
        eprintln!("minimax-tts: {what}{duration}{billed}, {segments}{underruns}");
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
