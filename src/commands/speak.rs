//! `minimax-tts speak`: synthesize text, playing it as it arrives and/or writing it to a
//! file or stdout.

use crate::cli::SpeakArgs;
use crate::commands::common::{self, Request, Run};
use crate::engine::Engine;
use crate::engine::synth;
use crate::settings::Resolved;
use crate::text;

pub fn run(args: SpeakArgs, resolved: &Resolved) -> anyhow::Result<()> {
    // Everything that can be wrong locally is checked before any request is made.
    let mut run = Run::plan(
        resolved,
        &Request {
            output: args.output.as_deref(),
            input: args.file.as_deref(),
            synthesis: &args.synthesis,
            playback: &args.playback,
        },
    )?;
    let raw = text::read_input(&args.text, args.file.as_deref())?;
    let text = run.engine.prepare_text(&raw)?;
    let limit = run.engine.capabilities().max_segment_chars;
    let segments = text::split_segments(&text, limit, &(run.engine.markup())(&text));
    // Each segment is a stream of its own: joined into one file.
    run.joined = segments.len() > 1;
    let (playback, missing_device) = run.start_playback()?;
    let finished = run.execute(playback.as_ref(), async |out| {
        Ok(synth::synthesize(&run.engine, &run.spec, run.retry, &segments, out).await?)
    })?;
    let summary = run.summary(&finished, &finished.value);
    summary.print(args.json.then(|| summary.json()), run.audio_on_stdout())?;
    common::playback_outcome(playback.as_ref(), missing_device, run.target.as_ref())
}
