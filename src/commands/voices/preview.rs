//! Where a voice's preview goes: played when a device is there, and/or written to `-o`
//! with `speak`'s output rules (checked before anything is requested, written atomically,
//! never over the terminal). Previews arrive whole (a demo URL, hex or base64 in a
//! reply), so they are written first and then played.

use std::path::Path;

use crate::audio::Playback;
use crate::audio::sample::{SampleFormat, wav_pcm};
use crate::cli::PreviewOutput;
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::io::target::OutputTarget;
use crate::report;
use crate::settings::{PlaybackSettings, Resolved};
use crate::sink::Sink;
use crate::spec::{AudioFormat, Codec, PlayMode, StreamFormat};

/// A preview's destinations, checked.
pub struct PreviewPlan {
    pub target: Option<OutputTarget>,
    playback: PlaybackSettings,
    play: bool,
}

impl PreviewPlan {
    /// Checks `-o` (its extension must name `format`) and the playback choice, before
    /// anything is paid for.
    pub fn new(
        resolved: &Resolved,
        out: &PreviewOutput,
        format: SampleFormat,
    ) -> Result<PreviewPlan, CliError> {
        let target = match &out.output {
            Some(path) => {
                check_extension(path, format)?;
                Some(OutputTarget::resolve(path)?)
            }
            None => None,
        };
        let playback = resolved.playback(&out.playback)?;
        let play = match playback.mode {
            PlayMode::Never => false,
            PlayMode::Always => true,
            PlayMode::Auto => target != Some(OutputTarget::Stdout),
        };
        Ok(PreviewPlan {
            target,
            playback,
            play,
        })
    }

    /// Whether the preview goes anywhere at all.
    pub fn wanted(&self) -> bool {
        self.play || self.target.is_some()
    }

    /// Whether the preview audio goes to stdout (results then go to stderr).
    pub fn on_stdout(&self) -> bool {
        self.target == Some(OutputTarget::Stdout)
    }

    /// Writes the audio to the output (if any), then plays it (if wanted).
    pub fn deliver(&self, audio: &[u8], format: SampleFormat) -> Result<(), CliError> {
        if let Some(target) = &self.target {
            write(target, audio)?;
        }
        self.play(audio, format)
    }

    /// Plays `audio` to its end (Ctrl-C stops it). Without a device, `--play always`
    /// fails (exit 5) and `auto` says so and goes on.
    pub fn play(&self, audio: &[u8], format: SampleFormat) -> Result<(), CliError> {
        self.play_in_turn(&[audio], format)
    }

    /// Plays several clips one after another through one device session, with a short
    /// silence between them (so candidates can be told apart). WAV clips must share a
    /// layout; those that do not are played on their own.
    pub fn play_in_turn(&self, clips: &[&[u8]], format: SampleFormat) -> Result<(), CliError> {
        if !self.play || clips.is_empty() {
            return Ok(());
        }
        let (stream, pieces) = match format {
            SampleFormat::Wav => match wav_pieces(clips)? {
                Some(pieces) => pieces,
                // Clips of different rates or layouts: one after the other.
                None => {
                    for clip in clips {
                        self.play_in_turn(&[clip], format)?;
                    }
                    return Ok(());
                }
            },
            _ => (
                StreamFormat {
                    codec: Codec::Mp3,
                    sample_rate: 0,
                    channels: 1,
                },
                clips.to_vec(),
            ),
        };
        let playback = match Playback::start(
            &self.playback.backend,
            stream,
            self.playback.preroll,
            self.playback.stall,
            None,
        ) {
            Ok(playback) => playback,
            Err(reason) if self.playback.mode == PlayMode::Always => {
                return Err(
                    CliError::new(ExitStatus::NoDevice, format!("cannot play: {reason}"))
                        .with_hint("save the preview with -o FILE, or pick a device with --device"),
                );
            }
            Err(reason) => {
                report::info(format_args!("{reason}; the preview is not played"));
                return Ok(());
            }
        };
        // Silence between PCM clips: 600 ms of zero samples.
        let gap = match stream.codec {
            Codec::Pcm => {
                vec![
                    0u8;
                    (stream.sample_rate as usize * usize::from(stream.channels) * 2 * 6 / 10) & !1
                ]
            }
            _ => Vec::new(),
        };
        let runtime = crate::checks::runtime()?;
        let interrupted = runtime.block_on(async {
            for (at, piece) in pieces.iter().enumerate() {
                playback.start_segment(at as u64);
                if at > 0 {
                    playback.feed(&gap);
                }
                playback.feed(piece);
                playback.end_segment();
            }
            playback.finish();
            tokio::select! {
                () = playback.done() => None,
                signal = crate::signals::received() => Some(signal),
            }
        });
        if let Some(signal) = interrupted {
            playback.stop();
            return Err(CliError::interrupted(signal));
        }
        if let Some(failure) = playback.failure() {
            report::warn(format_args!("playback failed: {failure}"));
        }
        Ok(())
    }
}

/// A stream's format and the clips that make it, in turn.
type Pieces<'c> = (StreamFormat, Vec<&'c [u8]>);

/// WAV clips as one PCM stream's pieces (16-bit only); `None` when their rates or
/// layouts differ.
fn wav_pieces<'c>(clips: &[&'c [u8]]) -> Result<Option<Pieces<'c>>, CliError> {
    let mut pcms = Vec::new();
    for clip in clips {
        let pcm = wav_pcm(clip).map_err(|e| {
            CliError::failure(format!("the preview audio cannot be played: it {e}"))
        })?;
        if pcm.bits != 16 {
            return Err(CliError::failure(format!(
                "the preview is {}-bit WAV; only 16-bit WAV is played",
                pcm.bits
            )));
        }
        pcms.push(pcm);
    }
    let Some(first) = pcms.first().map(|p| (p.sample_rate, p.channels)) else {
        return Ok(None);
    };
    if pcms.iter().any(|p| (p.sample_rate, p.channels) != first) {
        return Ok(None);
    }
    let stream = StreamFormat {
        codec: Codec::Pcm,
        sample_rate: first.0,
        channels: first.1,
    };
    Ok(Some((stream, pcms.iter().map(|p| p.data).collect())))
}

/// A preview's file must be named for what it holds (MP3 demos, WAV candidates).
fn check_extension(path: &Path, format: SampleFormat) -> Result<(), CliError> {
    if path.as_os_str() == "-" {
        return Ok(());
    }
    let said = path
        .extension()
        .and_then(|e| AudioFormat::from_extension(&e.to_string_lossy()));
    let holds = match format {
        SampleFormat::Wav => AudioFormat::Wav,
        _ => AudioFormat::Mp3,
    };
    match said {
        Some(said) if said != holds => Err(CliError::usage(format!(
            "the preview is {} audio, but {} says {}",
            holds.name(),
            path.display(),
            said.name()
        ))
        .with_hint(format!("name the file .{}", holds.name()))),
        _ => Ok(()),
    }
}

/// Writes a whole preview the way `speak` writes audio: atomically, nothing left behind
/// on failure.
pub fn write(target: &OutputTarget, audio: &[u8]) -> Result<(), CliError> {
    Sink::open(target, Box::new(crate::sink::AsGiven))
        .map_err(CliError::from)
        .and_then(|mut sink| {
            sink.write_audio(audio)
                .and_then(|()| sink.commit())
                .map(|_| ())
                .map_err(|e| {
                    CliError::failure(format!("cannot write {}: {e}", target.display()))
                        .with_hint("check the output path and free space")
                })
        })
}
