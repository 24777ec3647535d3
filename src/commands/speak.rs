//! `minimax-tts speak`: synthesize text over the WebSocket API, playing it as it arrives
//! and/or writing it to a file or stdout.

use crate::cli::{OutputFormat, SpeakArgs};
use crate::commands::common::{self, OutputPlan, Summary};
use crate::config::Context;
use crate::error::CliError;
use crate::synth::{self, AudioOut};
use crate::text::{self, MAX_SEGMENT_CHARS};

pub fn run(args: SpeakArgs, ctx: &Context) -> anyhow::Result<()> {
    // Everything that can be wrong locally is checked before any request is made.
    let plan = OutputPlan::new(
        args.format,
        args.output.as_deref(),
        &args.voice,
        &args.playback,
        ctx,
    )?;
    plan.check_input(args.file.as_deref())?;
    let raw = text::read_input(&args.text, args.file.as_deref())?;
    let text = text::prepare(&raw)?;
    let segments = text::split_segments(&text, MAX_SEGMENT_CHARS);
    if plan.synthesis.format == OutputFormat::Flac && segments.len() > 1 {
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
    let conn = common::connection(ctx, &api_key)?;
    let (playback, missing_device) = plan.start_playback()?;
    let runtime = common::runtime()?;

    let mut sink = plan.open_sink(&runtime)?;
    let mut out = AudioOut::new(&mut sink, playback.as_ref());
    let reports = common::drive(
        &runtime,
        playback.as_ref(),
        synth::synthesize(&conn, &plan.synthesis.request, &segments, &mut out),
    )?;
    let timings = out.timings.clone();
    let audio_bytes = sink.audio_len();
    let bytes = plan.commit(sink)?;

    let summary = Summary::of_run(
        &plan,
        &reports,
        audio_bytes,
        bytes,
        timings,
        playback.as_ref(),
    );
    summary.print(args.json.then(|| summary.json()), plan.audio_on_stdout())?;
    common::playback_outcome(playback.as_ref(), missing_device, plan.target.as_ref())
}
