//! `minimax-tts speak`: synthesize text, playing it as it arrives and/or writing it to a
//! file or stdout.
//!
//! A text of several segments resumes instead of re-billing: each finished segment is
//! kept in the cache (keyed as `batch` keys a one-segment row), so a run that was
//! interrupted, or failed at segment 9 of 26, requests only what is missing the next
//! time and writes the same file.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::cli::SpeakArgs;
use crate::commands::common::{self, Request, SynthesisRun};
use crate::engine::synth::{FinishedSegment, Synthesizer};
use crate::engine::{Engine, SegmentReport};
use crate::report;
use crate::request::{self, Keys, MadeAudio, Prepared, Requests, Start};
use crate::settings::Resolved;
use crate::store::cache::{Cache, Claim};
use crate::subtitles::Cue;
use crate::text;

pub fn run(args: SpeakArgs, resolved: Resolved) -> anyhow::Result<()> {
    // Everything that can be wrong locally is checked before any request is made.
    let mut requests = Requests::new(resolved, Keys::Required);
    let mut run = SynthesisRun::plan(
        &mut requests,
        &Request {
            output: args.output.as_deref(),
            input: args.file.as_deref(),
            synthesis: &args.synthesis,
            playback: &args.playback,
        },
    )?;
    let raw = text::read_input(&args.text, args.file.as_deref())?;
    let prepared = run.planned.prepare(&raw)?;
    let segments = &prepared.segments;
    let engine = run.planned.engine.as_ref();
    // Each segment is a stream of its own: joined into one file.
    run.joined = segments.len() > 1;
    // Segments are kept where each is its own request (a per-segment failure can be
    // redone alone); a whole-session provider's audio cannot be cut at segment ends.
    let resumable = segments.len() > 1 && engine.capabilities().segment_completion;
    let resolved = requests.resolved(run.planned.provider)?;
    let kept = resolved
        .cache(&args.cache, args.no_cache || !resumable)?
        .map(|cache| Kept::new(cache, &prepared));
    let (playback, missing_device) = run.start_playback()?;
    let finished = run.execute(playback.as_ref(), async |out| {
        if !resumable {
            return Ok(crate::engine::synth::synthesize(
                engine,
                &run.planned.spec,
                run.retry,
                segments,
                out,
            )
            .await?);
        }
        resumed(
            engine,
            &run.planned.spec,
            run.retry,
            segments,
            kept.as_ref(),
            out,
        )
        .await
    })?;
    let summary = run.summary(&finished, &finished.value);
    summary.print(args.json.then(|| summary.json()), run.audio_on_stdout())?;
    common::playback_outcome(playback.as_ref(), missing_device, run.target.as_ref())
}

/// A long text segment by segment, each its own request: a segment an earlier run made
/// (and kept) is replayed, the others are made and kept as they finish.
async fn resumed<E: Engine>(
    engine: &E,
    spec: &crate::spec::SynthesisSpec,
    retry: crate::engine::retry::RetryPolicy,
    segments: &[String],
    kept: Option<&Kept>,
    out: &mut crate::engine::synth::AudioOut<'_>,
) -> anyhow::Result<Vec<SegmentReport>> {
    // Segments done, audio made, time left: on a terminal only.
    let progress = report::progress_bar(
        segments.len() as u64,
        "{bar:30} {pos}/{len} segments, {msg} [{elapsed_precise}, ETA {eta}]",
    );
    out.capture = kept.is_some();
    let mut synthesizer = Synthesizer::new(engine, spec, retry);
    let mut reports = Vec::with_capacity(segments.len());
    let mut reused = 0usize;
    let step = |out: &crate::engine::synth::AudioOut<'_>| {
        progress.inc(1);
        progress.set_message(format!("{:.1} min of audio", out.clock_ms() / 60_000.0));
    };
    for (index, text) in segments.iter().enumerate() {
        let found = match kept {
            Some(kept) => kept.find_or_claim(index).await,
            None => None,
        };
        if let Some((audio, cues)) = found {
            out.replay(index as u64, &audio, cues)?;
            reports.push(SegmentReport {
                audio_bytes: audio.len() as u64,
                billed_characters: Some(0),
                ..SegmentReport::default()
            });
            reused += 1;
            step(out);
            continue;
        }
        let label = format!("segment {} of {}", index + 1, segments.len());
        let done = synthesizer.submit(index as u64, &label, text, out).await?;
        reports.extend(done.into_iter().map(|d| d.report));
        if let Some(kept) = kept {
            for segment in out.take_finished() {
                kept.keep(&segment);
            }
        }
        step(out);
    }
    reports.extend(synthesizer.finish(out).await?.into_iter().map(|d| d.report));
    if let Some(kept) = kept {
        for segment in out.take_finished() {
            kept.keep(&segment);
        }
    }
    progress.finish_and_clear();
    if reused > 0 {
        report::info(format_args!(
            "{reused} of {} segments came from the cache (an earlier run made them)",
            segments.len()
        ));
    }
    Ok(reports)
}

/// Where a long text's finished segments are kept: each as a request of its own (keyed
/// as `batch` keys a one-segment row).
struct Kept {
    cache: Cache,
    segments: Vec<Prepared>,
    /// Claims on the segments this run is making, until each is kept: another run of
    /// the same text waits for them instead of paying for them too (as `batch` claims
    /// its rows).
    claims: RefCell<HashMap<u64, Claim>>,
}

impl Kept {
    fn new(cache: Cache, prepared: &Prepared) -> Kept {
        Kept {
            cache,
            segments: prepared.each_segment(),
            claims: Default::default(),
        }
    }

    /// Segment `index` (its stream and subtitles) as an earlier (or concurrent) run kept
    /// it; else `None`, with this run's claim on making it. Segments are claimed in
    /// order, so two runs never wait for each other in a circle.
    async fn find_or_claim(&self, index: usize) -> Option<(Vec<u8>, Vec<Cue>)> {
        let segment = self.segments.get(index)?;
        match request::find_or_claim(Some(&self.cache), segment, false).await {
            Start::Found(found) => {
                let stream = found.stream(segment.spec()).to_vec();
                Some((stream, found.cues.unwrap_or_default()))
            }
            Start::Make(claim) => {
                if let Some(claim) = claim {
                    self.claims.borrow_mut().insert(index as u64, claim);
                }
                None
            }
        }
    }

    /// Keeps a finished segment; a cache that cannot take it costs a later run only.
    fn keep(&self, segment: &FinishedSegment) {
        let Some(request) = self.segments.get(segment.id as usize) else {
            return;
        };
        let stored = request::store(
            &self.cache,
            request,
            MadeAudio::Stream(&segment.audio),
            Some(&segment.cues),
        );
        if let Err(e) = stored {
            report::debug(
                "cache",
                format_args!("segment {} not kept: {e}", segment.id + 1),
            );
        }
        self.claims.borrow_mut().remove(&segment.id);
    }
}
