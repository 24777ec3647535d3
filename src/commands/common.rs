//! The skeleton every synthesis run shares (`speak`, `stream`): check everything local,
//! open the device, the output and the session, drive the work to its end (or Ctrl-C),
//! commit the output and the subtitles, and summarize. Plus the helpers the other
//! commands share.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;

use crate::audio::finish;
use crate::audio::{Playback, PlaybackReport};
use crate::cli::{ReferenceArgs, SynthesisArgs};
use crate::engine::synth::{AudioOut, Timings};
use crate::engine::{Engine, SegmentReport};
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::io::target::OutputTarget;
use crate::options::PlaybackOptions;
use crate::report;
use crate::request::{Ask, Planned, Requests};
use crate::settings::PlaybackSettings;
use crate::sink::{self, Sink};
use crate::spec::{AudioFormat, Codec, PlayMode, Reference};
use crate::subtitles::{self, SubtitleFormat};
use crate::timing;

/// What a synthesis command asked for, checked before anything is paid for.
pub struct Request<'a> {
    pub output: Option<&'a Path>,
    /// The `-f` input file, which the output must not overwrite.
    pub input: Option<&'a Path>,
    pub synthesis: &'a SynthesisArgs,
    pub playback: &'a PlaybackOptions,
}

/// A synthesis run, planned: every local check passed.
pub struct SynthesisRun {
    /// The spec and its engine.
    pub planned: Planned,
    pub target: Option<OutputTarget>,
    pub subtitles: Option<(PathBuf, SubtitleFormat)>,
    pub retry: crate::engine::retry::RetryPolicy,
    pub keepalive: Duration,
    playback: PlaybackSettings,
    wants_playback: bool,
    /// The output gets several streams (segments) to join into one file.
    pub joined: bool,
    /// Loudness and trimming of the finished file.
    pub finishing: crate::spec::Finishing,
}

/// How a run ended, for the summary.
pub struct Outcome<T> {
    pub value: T,
    pub timings: Timings,
    pub audio_bytes: u64,
    /// The joined output's length as measured from its frames (MP3, FLAC joins).
    pub measured_ms: Option<f64>,
    /// What finishing (loudness, trim) measured and did.
    pub finished: Option<crate::audio::finish::FinishReport>,
    pub bytes: u64,
    pub playback: Option<PlaybackReport>,
    pub cues: Option<(String, usize)>,
}

impl SynthesisRun {
    /// Plans a run on the default provider of `requests`: the spec, the output, the
    /// subtitles, the device choice and the key, all checked before any request.
    pub fn plan(requests: &mut Requests, request: &Request<'_>) -> Result<SynthesisRun, CliError> {
        let resolved = requests.resolved(requests.default_provider())?;
        let references = load_references(&request.synthesis.references)?;
        let planned = requests.plan(Ask {
            provider: None,
            voice: &request.synthesis.voice,
            references: &references,
            subtitles: request
                .synthesis
                .subtitles
                .as_ref()
                .map(|_| request.synthesis.subtitle_type.unwrap_or_default()),
            output: request.output,
        })?;
        let spec = &planned.spec;
        let target = request.output.map(OutputTarget::resolve).transpose()?;
        if let (Some(target), Some(input)) = (&target, request.input)
            && target.is_same_file(input)
        {
            return Err(CliError::usage(format!(
                "the output {} is the input text file {}",
                target.display(),
                input.display()
            ))
            .with_hint("write the audio to another file, e.g. -o speech.mp3"));
        }
        let subtitles = match &request.synthesis.subtitles {
            Some(path) => Some((path.clone(), crate::checks::check_subtitle_path(path)?)),
            None => None,
        };
        let playback = resolved.playback(request.playback)?;
        let finishing = resolved.finishing(&request.synthesis.finish);
        crate::checks::check_finishing(&finishing, spec.format, target.as_ref())?;
        let playable = spec.format.codec() != Codec::Opus;
        if !playable && playback.mode == PlayMode::Always {
            return Err(CliError::usage(
                "Opus cannot be played here (there is no Opus decoder); it can only be written to a file",
            )
            .with_hint("use --format mp3, wav or pcm to play, or --play auto / never with Opus"));
        }
        let wants_playback = match playback.mode {
            PlayMode::Never => false,
            PlayMode::Always => true,
            PlayMode::Auto => playable && target != Some(OutputTarget::Stdout),
        };
        if !playable && target.is_none() {
            return Err(
                CliError::usage("Opus audio is written, not played: give an output")
                    .with_hint("add -o speech.opus, or use --format mp3 to play"),
            );
        }
        if !wants_playback && target.is_none() {
            return Err(
                CliError::usage("nothing to do: no output file and --play never")
                    .with_hint("write the audio with -o FILE (or -o - for stdout)"),
            );
        }
        if spec.subtitles.is_some() && !planned.engine.as_ref().capabilities().subtitles {
            return Err(CliError::usage("this provider does not deliver subtitles")
                .with_hint("drop --subtitles"));
        }
        Ok(SynthesisRun {
            planned,
            target,
            subtitles,
            retry: resolved.api.retry,
            keepalive: resolved.api.keepalive,
            playback,
            wants_playback,
            joined: false,
            finishing,
        })
    }
}

impl SynthesisRun {
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
        match Playback::start(
            &self.playback.backend,
            self.planned.spec.stream_format(),
            self.playback.preroll,
            self.playback.stall,
            self.finishing.loudness,
        ) {
            Ok(playback) => Ok((Some(playback), None)),
            Err(reason) => {
                let error = CliError::new(ExitStatus::NoDevice, format!("cannot play: {reason}"))
                    .with_hint("write the audio to a file with -o FILE, or pick a device with --device (see `minimax-tts devices`)");
                match (&self.target, self.playback.mode) {
                    (None, _) => Err(error),
                    (Some(_), PlayMode::Always) => Ok((None, Some(error))),
                    (Some(target), _) => {
                        report::info(format_args!(
                            "{reason}; writing {} without playing",
                            target.display()
                        ));
                        Ok((None, None))
                    }
                }
            }
        }
    }

    /// Runs `work` over the output to its end: opens the output, drives the work (and
    /// the playback) with Ctrl-C watched, then commits the audio and the subtitles. On
    /// any failure the sound stops at once and nothing is left at the output path.
    pub fn execute<T>(
        &self,
        playback: Option<&Playback>,
        work: impl AsyncFnOnce(&mut AudioOut<'_>) -> anyhow::Result<T>,
    ) -> anyhow::Result<Outcome<T>> {
        let runtime = crate::checks::runtime()?;
        let mut sink = self.open_sink(&runtime)?;
        let mut out = AudioOut::new(&mut sink, playback, &self.planned.spec);
        let result = runtime.block_on(async {
            let finished = async {
                let value = work(&mut out).await?;
                if let Some(playback) = playback {
                    playback.finish();
                    playback.done().await;
                }
                anyhow::Ok(value)
            };
            tokio::select! {
                result = finished => result,
                signal = crate::signals::received() => Err(CliError::interrupted(signal).into()),
            }
        });
        if result.is_err()
            && let Some(playback) = playback
        {
            playback.stop();
        }
        let value = result?;
        let timings = out.timings.clone();
        let cues = std::mem::take(&mut out.cues);
        drop(out);
        let audio_bytes = sink.audio_len();
        let committed = self.commit(sink)?;
        let (bytes, measured_ms, finished) =
            (committed.bytes, committed.measured_ms, committed.finished);
        let cues = match &self.subtitles {
            Some((path, format)) => {
                sink::write_file(path, subtitles::render(&cues, *format).as_bytes())?;
                Some((path.display().to_string(), cues.len()))
            }
            None => None,
        };
        Ok(Outcome {
            value,
            timings,
            audio_bytes,
            measured_ms,
            finished,
            bytes,
            playback: playback.map(Playback::report),
            cues,
        })
    }

    /// Opens the output. A FIFO's open waits for its reader, which may never come: that
    /// wait happens on a thread of its own, so Ctrl-C still ends the run.
    fn open_sink(&self, runtime: &tokio::runtime::Runtime) -> anyhow::Result<Sink> {
        let wav = self.planned.spec.wav_layout();
        let framing =
            crate::audio::framing::Framing::of(self.planned.spec.format.codec(), wav, self.joined);
        let target = match &self.target {
            None => return Ok(Sink::discard()),
            Some(target @ OutputTarget::Direct(_)) => target.clone(),
            Some(target) => return Ok(Sink::open(target, framing.framer())?),
        };
        let (tx, rx) = tokio::sync::oneshot::channel();
        std::thread::Builder::new()
            .name("open-output".into())
            .spawn(move || {
                let _ = tx.send(Sink::open(&target, framing.framer()));
            })
            .map_err(|e| CliError::failure(format!("cannot start a thread: {e}")))?;
        runtime.block_on(async {
            tokio::select! {
                opened = rx => match opened {
                    Ok(sink) => Ok(sink?),
                    Err(_) => Err(CliError::failure("the output could not be opened").into()),
                },
                signal = crate::signals::received() => Err(CliError::interrupted(signal).into()),
            }
        })
    }

    /// Finishes the output (loudness, trim when asked); returns what it holds.
    fn commit(&self, sink: Sink) -> Result<sink::Committed<finish::FinishReport>, CliError> {
        let Some(target) = &self.target else {
            return Ok(sink::Committed {
                bytes: 0,
                measured_ms: None,
                finished: None,
            });
        };
        let committed = sink
            .commit_finished(&finish::FinishAs {
                finishing: &self.finishing,
                format: self.planned.spec.format,
                layout: self.planned.spec.pcm_layout(),
            })
            .map_err(|e| {
                CliError::failure(format!("cannot finish writing {}: {e}", target.display()))
            })?;
        if let Some(finished) = &committed.finished {
            crate::audio::finish::warn_limited(&target.display(), finished, &self.finishing);
        }
        Ok(committed)
    }

    /// The summary of a finished run.
    pub fn summary<T>(&self, finished: &Outcome<T>, reports: &[SegmentReport]) -> RunSummary {
        RunSummary {
            output: self.target.as_ref().map(OutputTarget::display),
            format: self.planned.spec.format,
            subtitles: finished.cues.clone(),
            bytes: finished.bytes,
            // For PCM the duration follows from the size; trust that over a missing field.
            audio_ms: self
                .planned
                .spec
                .pcm_bytes_per_second()
                .map(|rate| finished.audio_bytes * 1000 / rate)
                .or(finished.measured_ms.map(|ms| ms.round() as u64))
                .or_else(|| reports.iter().map(|r| r.audio_ms).sum()),
            billed_characters: reports.iter().map(|r| r.billed_characters).sum(),
            segments: reports.len(),
            trace_ids: crate::engine::trace_ids(reports),
            finished: finished.finished.clone(),
            timings: finished.timings.clone(),
            playback: finished.playback.clone(),
            done: timing::since_start(),
        }
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

/// Reads the `--reference-audio` samples and pairs them with their `--reference-text`s.
pub fn load_references(args: &ReferenceArgs) -> Result<Vec<Reference>, CliError> {
    let mut samples = Vec::new();
    for path in &args.reference_audio {
        let audio = crate::audio::sample::load(path, crate::spec::MAX_REFERENCE_BYTES)?;
        samples.push((path.display().to_string(), audio));
    }
    crate::audio::sample::pair_references(samples, &args.reference_text).map_err(|e| {
        CliError::usage(e)
            .with_hint("e.g. --reference-audio anna.wav --reference-text \"What anna.wav says.\"")
    })
}

/// The result of a run, printed as one line, or as a JSON object with `--json`.
pub struct RunSummary {
    pub output: Option<String>,
    pub format: AudioFormat,
    /// The subtitle file written, and how many cues it holds.
    pub subtitles: Option<(String, usize)>,
    pub bytes: u64,
    pub audio_ms: Option<u64>,
    pub billed_characters: Option<u64>,
    pub segments: usize,
    pub trace_ids: Vec<String>,
    pub finished: Option<crate::audio::finish::FinishReport>,
    pub timings: Timings,
    pub playback: Option<PlaybackReport>,
    pub done: Duration,
}

impl RunSummary {
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
            "format": self.format.name(),
            "bytes": self.bytes,
            "audio_ms": self.audio_ms,
            "billed_characters": self.billed_characters,
            "segments": self.segments,
            "trace_ids": self.trace_ids,
            "played": self.playback.is_some(),
            "timings": self.timings_json(),
            "underruns": self.playback.as_ref().map(|p| p.underruns),
            "subtitles": self.subtitles.as_ref().map(|(path, _)| path),
            "cues": self.subtitles.as_ref().map(|(_, n)| n),
            "loudness": self.finished,
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
        if let Some((path, cues)) = &self.subtitles {
            report::info(format_args!("wrote subtitles {path}: {cues} cues"));
        }
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
