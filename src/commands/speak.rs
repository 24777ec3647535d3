//! `minimax-tts speak`: synthesize text, playing it as it arrives and/or writing it to a
//! file or stdout.
//!
//! A text of several segments resumes instead of re-billing: each finished segment is
//! kept in the cache (keyed as `batch` keys a one-segment row), so a run that was
//! interrupted, or failed at segment 9 of 26, requests only what is missing the next
//! time and writes the same file.

use crate::cli::SpeakArgs;
use crate::commands::common::{self, Request, Run};
use crate::engine::synth::{FinishedSegment, Synthesizer};
use crate::engine::{Engine, ProviderEngine, SegmentReport};
use crate::report;
use crate::settings::Resolved;
use crate::store::cache::{self, CUES, Cache, CacheKey, Claim, Lookup};
use crate::subtitles::Cue;
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
    // Segments are kept where each is its own request (a per-segment failure can be
    // redone alone); a whole-session provider's audio cannot be cut at segment ends.
    let resumable = segments.len() > 1 && run.engine.capabilities().segment_completion;
    let kept = resolved
        .cache(&args.cache, args.no_cache || !resumable)?
        .map(|cache| Kept::new(cache, &run, &segments));
    let (playback, missing_device) = run.start_playback()?;
    let finished = run.execute(playback.as_ref(), async |out| {
        if !resumable {
            return Ok(crate::engine::synth::synthesize(
                &run.engine,
                &run.spec,
                run.retry,
                &segments,
                out,
            )
            .await?);
        }
        // Segments done, audio made, time left: on a terminal only.
        let progress = report::progress_bar(
            segments.len() as u64,
            "{bar:30} {pos}/{len} segments, {msg} [{elapsed_precise}, ETA {eta}]",
        );
        out.capture = kept.is_some();
        let mut synthesizer = Synthesizer::new(&run.engine, &run.spec, run.retry);
        let mut reports = Vec::with_capacity(segments.len());
        let mut reused = 0usize;
        let step = |out: &crate::engine::synth::AudioOut<'_>| {
            progress.inc(1);
            progress.set_message(format!("{:.1} min of audio", out.clock_ms() / 60_000.0));
        };
        for (index, text) in segments.iter().enumerate() {
            let found = match &kept {
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
            if let Some(kept) = &kept {
                for segment in out.take_finished() {
                    kept.keep(&run.engine, &segment);
                }
            }
            step(out);
        }
        reports.extend(synthesizer.finish(out).await?.into_iter().map(|d| d.report));
        if let Some(kept) = &kept {
            for segment in out.take_finished() {
                kept.keep(&run.engine, &segment);
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
    })?;
    let summary = run.summary(&finished, &finished.value);
    summary.print(args.json.then(|| summary.json()), run.audio_on_stdout())?;
    common::playback_outcome(playback.as_ref(), missing_device, run.target.as_ref())
}

/// Where a long text's finished segments are kept.
struct Kept<'a> {
    cache: Cache,
    segments: &'a [String],
    identity: String,
    /// The keys under the host as planned (a region probe may move it: the segments a
    /// probe's run made are stored under the host that made them).
    keys: Vec<CacheKey>,
    ext: &'static str,
    cues: bool,
    /// Claims on the segments this run is making, until each is kept: another run of
    /// the same text waits for them instead of paying for them too (as `batch` claims
    /// its rows).
    claims: std::cell::RefCell<std::collections::HashMap<u64, Claim>>,
}

impl<'a> Kept<'a> {
    fn new(cache: Cache, run: &Run<ProviderEngine>, segments: &'a [String]) -> Kept<'a> {
        let identity = run.spec.identity();
        let host = run.engine.host();
        let keys = segments
            .iter()
            .map(|s| cache::key(&identity, &host, std::slice::from_ref(s)))
            .collect();
        Kept {
            cache,
            segments,
            identity,
            keys,
            ext: run.spec.format.name(),
            cues: run.spec.subtitles.is_some(),
            claims: Default::default(),
        }
    }

    /// Segment `index` as an earlier (or concurrent) run kept it; else `None`, with this
    /// run's claim on making it. Segments are claimed in order, so two runs never wait
    /// for each other in a circle.
    async fn find_or_claim(&self, index: usize) -> Option<(Vec<u8>, Vec<Cue>)> {
        let key = *self.keys.get(index)?;
        if let Some(found) = self.find(index) {
            return Some(found);
        }
        let claim = self.cache.claim(key).await;
        // Made while the claim was awaited: taken, not made again.
        if let Some(found) = self.find(index) {
            return Some(found);
        }
        self.claims.borrow_mut().insert(index as u64, claim);
        None
    }

    /// Segment `index`'s audio and subtitles, if an earlier run kept them (verified).
    fn find(&self, index: usize) -> Option<(Vec<u8>, Vec<Cue>)> {
        let key = *self.keys.get(index)?;
        let Lookup::Hit(audio) = self.cache.lookup(key, self.ext) else {
            return None;
        };
        let cues = if self.cues {
            let Lookup::Hit(bytes) = self.cache.lookup(key, CUES) else {
                return None;
            };
            serde_json::from_slice(&bytes).ok()?
        } else {
            Vec::new()
        };
        Some((audio, cues))
    }

    /// Keeps a finished segment; a cache that cannot take it costs a later run only.
    fn keep(&self, engine: &ProviderEngine, segment: &FinishedSegment) {
        let Some(text) = self.segments.get(segment.id as usize) else {
            return;
        };
        let key = cache::key(&self.identity, &engine.host(), std::slice::from_ref(text));
        let stored = self
            .cache
            .insert_bytes(key, self.ext, &segment.audio)
            .map_err(|e| e.to_string())
            .and_then(|()| match self.cues {
                true => serde_json::to_vec(&segment.cues)
                    .map_err(|e| e.to_string())
                    .and_then(|b| {
                        self.cache
                            .insert_bytes(key, CUES, &b)
                            .map_err(|e| e.to_string())
                    }),
                false => Ok(()),
            });
        if let Err(e) = stored {
            report::debug(
                "cache",
                format_args!("segment {} not kept: {e}", segment.id + 1),
            );
        }
        self.claims.borrow_mut().remove(&segment.id);
    }
}
