//! `minimax-tts speak`: synthesize text over the WebSocket API into a file or stdout.

use std::io::Write;

use serde_json::json;

use crate::cli::{OutputFormat, PlayMode, SpeakArgs};
use crate::config::Context;
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::protocol::ws::{SegmentReport, SessionOptions, T2A_PATH};
use crate::settings::{self, Synthesis};
use crate::sink::{OutputTarget, Sink};
use crate::synth::{self, Connection};
use crate::text::{self, MAX_SEGMENT_CHARS};

pub fn run(args: SpeakArgs, ctx: &Context) -> anyhow::Result<()> {
    // Everything that can be wrong locally is checked before any request is made.
    let format = settings::output_format(args.format, args.output.as_deref(), ctx)?;
    let synthesis = Synthesis::build(&args.voice, format, ctx)?;
    let play = args.play.or(ctx.file.play).unwrap_or(PlayMode::Auto);
    if play == PlayMode::Always {
        return Err(CliError::new(
            ExitStatus::NoDevice,
            "live playback is not available in this version of minimax-tts",
        )
        .with_hint("write the audio with -o FILE and play it with any player; use --play never")
        .into());
    }
    let target = match args.output.as_deref() {
        Some(path) => OutputTarget::parse(path),
        None => {
            return Err(CliError::usage("no output given")
                .with_hint("write to a file with -o FILE, or to stdout with -o - (live playback is not available in this version)")
                .into());
        }
    };
    target.check()?;

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

    let mut sink = Sink::open(&target, synthesis.wav_spec())?;
    let reports = runtime.block_on(async {
        tokio::select! {
            result = synth::synthesize(&conn, &synthesis.request, &segments, &mut sink) => result,
            interrupted = synth::interrupted() => Err(interrupted.into()),
        }
    })?;
    let audio_bytes = sink.audio_len();
    sink.commit().map_err(|e| {
        CliError::failure(format!("cannot finish writing {}: {e}", target.display()))
    })?;

    let header_bytes = if synthesis.wav_spec().is_some() {
        44
    } else {
        0
    };
    let summary = Summary::new(
        &target,
        &synthesis,
        audio_bytes + header_bytes,
        audio_bytes,
        &reports,
    );
    summary.print(args.json, ctx.global.quiet, target == OutputTarget::Stdout)?;
    Ok(())
}

struct Summary {
    output: String,
    format: OutputFormat,
    bytes: u64,
    audio_ms: Option<u64>,
    billed_characters: Option<u64>,
    segments: usize,
    trace_ids: Vec<String>,
}

impl Summary {
    fn new(
        target: &OutputTarget,
        synthesis: &Synthesis,
        bytes: u64,
        audio_bytes: u64,
        reports: &[SegmentReport],
    ) -> Summary {
        let reported: Option<u64> = reports.iter().map(|r| r.audio_ms).sum();
        // For PCM the duration follows from the size; trust that over a missing field.
        let audio_ms = synthesis
            .pcm_bytes_per_second()
            .map(|rate| audio_bytes * 1000 / rate)
            .or(reported);
        let mut trace_ids: Vec<String> = Vec::new();
        for trace in reports.iter().filter_map(|r| r.trace_id.clone()) {
            if !trace_ids.contains(&trace) {
                trace_ids.push(trace);
            }
        }
        Summary {
            output: target.display(),
            format: synthesis.format,
            bytes,
            audio_ms,
            billed_characters: reports.iter().map(|r| r.billed_characters).sum(),
            segments: reports.len(),
            trace_ids,
        }
    }

    fn print(&self, json: bool, quiet: bool, audio_on_stdout: bool) -> anyhow::Result<()> {
        if json {
            let object = json!({
                "output": self.output,
                "format": format!("{:?}", self.format).to_lowercase(),
                "bytes": self.bytes,
                "audio_ms": self.audio_ms,
                "billed_characters": self.billed_characters,
                "segments": self.segments,
                "trace_ids": self.trace_ids,
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
        let place = if self.output == "-" {
            "stdout".to_string()
        } else {
            self.output.clone()
        };
        eprintln!(
            "minimax-tts: wrote {place}: {}{duration}{billed}, {segments}",
            human_bytes(self.bytes)
        );
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
