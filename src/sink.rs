//! Where audio bytes go as they arrive: an atomic file (`io::atomic`, in place only on
//! [`Sink::commit`]), or a stream written directly (stdout, a device, a FIFO, a server's
//! response). How the streams are framed into one file (a WAV header, MP3 or FLAC
//! joined) is a [`Framer`], which the audio layer implements; finishing (loudness, trim)
//! is handed in at commit as a [`Finish`].

use std::io::{self, Write};
use std::path::Path;

use crate::io::atomic::AtomicFile;
use crate::io::target::{OutputError, OutputTarget};

/// Where a framer's bytes go.
pub type Out<'a> = &'a mut dyn FnMut(&[u8]) -> io::Result<()>;

/// Frames the streams of audio a sink is given into one output.
pub trait Framer: Send {
    /// Before any audio: writes what leads the output (a header, a tag). `seekable`:
    /// whether the output can be patched at the end (a file; not a stream).
    fn begin(&mut self, seekable: bool, out: Out<'_>) -> io::Result<()>;
    /// A new stream begins (its own headers may be dropped).
    fn start_stream(&mut self, out: Out<'_>) -> io::Result<()>;
    fn feed(&mut self, bytes: &[u8], out: Out<'_>) -> io::Result<()>;
    /// About `ms` of silence; `false` when the format cannot hold it or is not known yet.
    fn silence(&mut self, ms: u64, out: Out<'_>) -> io::Result<bool>;
    /// Ends the output; returns bytes to write at an offset from its start (a header
    /// with the real sizes) when the output is seekable.
    fn finish(&mut self, out: Out<'_>) -> io::Result<Option<(u64, Vec<u8>)>>;
    /// The audio's length so far as the framing measures it.
    fn millis(&self) -> Option<f64>;
    /// Remembers this point (a stream's start), to come back to it.
    fn mark(&mut self);
    /// Back to the last mark (the output is cut back there too).
    fn back_to_mark(&mut self);
}

/// One stream as given: no framing, no measure.
pub struct AsGiven;

impl Framer for AsGiven {
    fn begin(&mut self, _seekable: bool, _out: Out<'_>) -> io::Result<()> {
        Ok(())
    }
    fn start_stream(&mut self, _out: Out<'_>) -> io::Result<()> {
        Ok(())
    }
    fn feed(&mut self, bytes: &[u8], out: Out<'_>) -> io::Result<()> {
        out(bytes)
    }
    fn silence(&mut self, _ms: u64, _out: Out<'_>) -> io::Result<bool> {
        Ok(false)
    }
    fn finish(&mut self, _out: Out<'_>) -> io::Result<Option<(u64, Vec<u8>)>> {
        Ok(None)
    }
    fn millis(&self) -> Option<f64> {
        None
    }
    fn mark(&mut self) {}
    fn back_to_mark(&mut self) {}
}

/// Work done on a finished file before it is moved into place (loudness, trim).
pub trait Finish {
    /// What the work measured and did.
    type Report;
    /// Whether there is nothing to do.
    fn is_empty(&self) -> bool;
    /// Writes the finished audio of the file at `from` to the file at `to`.
    fn finish(&self, from: &Path, to: &Path) -> io::Result<Self::Report>;
    /// How much audio the work cut off (to correct the measured length).
    fn removed_ms(report: &Self::Report) -> f64;
}

/// Audio output. Bytes are written as they arrive; a file appears at its final path only
/// when [`Sink::commit`] is called, so failures leave nothing behind. Audio comes as
/// streams ([`Sink::start_stream`]), joined by the framer.
pub struct Sink {
    out: Destination,
    framer: Box<dyn Framer>,
    /// Audio bytes accepted (as given, before framing).
    accepted: u64,
    /// Where the current stream began, to take a failed one back.
    checkpoint: Checkpoint,
}

enum Destination {
    File(AtomicFile),
    /// Stdout or a direct target: written in order, nothing can be taken back.
    Stream {
        out: Box<dyn Write + Send>,
        name: String,
        written: u64,
    },
    /// Playback only, or measuring: nothing is kept.
    Discard {
        written: u64,
    },
}

#[derive(Clone, Copy)]
struct Checkpoint {
    accepted: u64,
    written: u64,
}

impl Destination {
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Destination::File(f) => f.write_all(bytes),
            Destination::Stream { out, written, .. } => {
                out.write_all(bytes)?;
                out.flush()?;
                *written += bytes.len() as u64;
                Ok(())
            }
            Destination::Discard { written } => {
                *written += bytes.len() as u64;
                Ok(())
            }
        }
    }

    /// Bytes at the target so far.
    fn written(&self) -> u64 {
        match self {
            Destination::File(f) => f.written(),
            Destination::Stream { written, .. } | Destination::Discard { written } => *written,
        }
    }

    fn truncate(&mut self, len: u64) -> io::Result<()> {
        match self {
            Destination::File(f) => f.truncate(len),
            Destination::Discard { written } => {
                *written = len;
                Ok(())
            }
            Destination::Stream { written, .. } if *written == len => Ok(()),
            Destination::Stream { name, .. } => Err(io::Error::other(format!(
                "audio already written to {name} cannot be taken back"
            ))),
        }
    }
}

/// Passes a framer's output on to the target.
fn to(out: &mut Destination) -> impl FnMut(&[u8]) -> io::Result<()> + '_ {
    move |bytes| out.write(bytes)
}

impl Sink {
    /// Opens the target for audio framed by `framer`.
    ///
    /// Opening a FIFO waits for its reader, as a shell redirection does.
    pub fn open(target: &OutputTarget, framer: Box<dyn Framer>) -> Result<Sink, OutputError> {
        let out = match target {
            OutputTarget::Stdout => Destination::Stream {
                out: Box::new(io::stdout()),
                name: "stdout".into(),
                written: 0,
            },
            OutputTarget::Direct(path) => Destination::Stream {
                out: Box::new(OutputTarget::open_direct(path)?),
                name: path.display().to_string(),
                written: 0,
            },
            OutputTarget::File { path, .. } => Destination::File(AtomicFile::create(path)?),
        };
        Sink::with_output(out, framer, &target.display())
    }

    /// Writes to `out` as the audio comes (a server's response), as stdout is: nothing
    /// can be taken back.
    pub fn to_writer(
        out: Box<dyn Write + Send>,
        name: &str,
        framer: Box<dyn Framer>,
    ) -> Result<Sink, OutputError> {
        let output = Destination::Stream {
            out,
            name: name.to_string(),
            written: 0,
        };
        Sink::with_output(output, framer, name)
    }

    /// Playback only: the audio is counted, not kept.
    pub fn discard() -> Sink {
        Sink {
            out: Destination::Discard { written: 0 },
            framer: Box::new(AsGiven),
            accepted: 0,
            checkpoint: Checkpoint {
                accepted: 0,
                written: 0,
            },
        }
    }

    /// Counts what `framer` would write, writing nothing (a production's first pass lays
    /// out its timeline this way, through the same code as the real one).
    pub fn measuring(framer: Box<dyn Framer>) -> Result<Sink, OutputError> {
        Sink::with_output(Destination::Discard { written: 0 }, framer, "nothing")
    }

    fn with_output(
        mut out: Destination,
        mut framer: Box<dyn Framer>,
        shown: &str,
    ) -> Result<Sink, OutputError> {
        let seekable = matches!(out, Destination::File(_));
        framer
            .begin(seekable, &mut to(&mut out))
            .map_err(|source| OutputError::Write {
                path: shown.into(),
                source,
            })?;
        framer.mark();
        let written = out.written();
        Ok(Sink {
            out,
            framer,
            accepted: 0,
            checkpoint: Checkpoint {
                accepted: 0,
                written,
            },
        })
    }

    fn mark(&mut self) {
        self.framer.mark();
        self.checkpoint = Checkpoint {
            accepted: self.accepted,
            written: self.out.written(),
        };
    }

    /// A new stream of audio begins (a new segment from the server, a cached row): its
    /// own headers are dropped by a joining framer, and a failure can take it back.
    pub fn start_stream(&mut self) -> io::Result<()> {
        self.framer.start_stream(&mut to(&mut self.out))?;
        self.mark();
        Ok(())
    }

    pub fn write_audio(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.accepted += bytes.len() as u64;
        self.framer.feed(bytes, &mut to(&mut self.out))
    }

    /// About `ms` of silence in the output's format (between streams). `false` when the
    /// format is not known yet (no audio so far) or cannot hold silence (Opus, unknown
    /// PCM).
    pub fn silence(&mut self, ms: u64) -> io::Result<bool> {
        let written = self.framer.silence(ms, &mut to(&mut self.out))?;
        self.mark();
        Ok(written)
    }

    /// Audio bytes accepted so far (as given, before framing).
    pub fn audio_len(&self) -> u64 {
        self.accepted
    }

    /// Bytes at the target so far (headers and framing included).
    pub fn output_len(&self) -> u64 {
        self.out.written()
    }

    /// Where bytes that cannot be taken back go (`stdout`, a device path), if they do.
    pub fn irrevocable(&self) -> Option<&str> {
        match &self.out {
            Destination::Stream { name, .. } => Some(name),
            _ => None,
        }
    }

    /// Takes the audio back to `len` accepted bytes: the start of the current stream
    /// (a segment is written again from its start).
    pub fn rewind(&mut self, len: u64) -> io::Result<()> {
        if len == self.accepted {
            return Ok(());
        }
        if len != self.checkpoint.accepted {
            return Err(io::Error::other(
                "audio can only be taken back to the start of its stream",
            ));
        }
        self.out.truncate(self.checkpoint.written)?;
        self.framer.back_to_mark();
        self.accepted = len;
        Ok(())
    }

    /// The audio's length as the framing measures it (PCM, MP3 and FLAC joins).
    pub fn measured_ms(&self) -> Option<f64> {
        self.framer.millis()
    }

    /// Ends the output: ends the framing (its header patched in where the output
    /// allows), syncs and moves the file into place.
    pub fn commit(self) -> io::Result<Committed> {
        self.commit_finished(&Unfinished)
    }

    /// [`Sink::commit`], with the audio finished first (loudness, trim) when `finish`
    /// has work: only a file can be (a stream's bytes are gone).
    pub fn commit_finished<F: Finish>(mut self, finish: &F) -> io::Result<Committed<F::Report>> {
        let patch = self.framer.finish(&mut to(&mut self.out))?;
        let mut committed = Committed {
            bytes: self.output_len(),
            measured_ms: self.measured_ms(),
            finished: None,
        };
        match self.out {
            Destination::File(mut file) => {
                if let Some((at, bytes)) = patch {
                    file.patch(at, &bytes)?;
                }
                if !finish.is_empty() {
                    let report = file.rewrite(|from, to| finish.finish(from, to))?;
                    let removed = F::removed_ms(&report);
                    committed.measured_ms = committed.measured_ms.map(|ms| (ms - removed).max(0.0));
                    committed.finished = Some(report);
                    committed.bytes = file.written();
                }
                file.commit()?;
            }
            Destination::Stream { mut out, .. } => out.flush()?,
            Destination::Discard { .. } => {}
        }
        Ok(committed)
    }
}

/// No finishing.
struct Unfinished;

impl Finish for Unfinished {
    type Report = ();
    fn is_empty(&self) -> bool {
        true
    }
    fn finish(&self, _from: &Path, _to: &Path) -> io::Result<()> {
        Ok(())
    }
    fn removed_ms(_: &()) -> f64 {
        0.0
    }
}

/// What a committed output holds.
#[derive(Clone, Debug)]
pub struct Committed<R = ()> {
    /// Bytes at the target, headers included.
    pub bytes: u64,
    /// Its length as the framing measured it (PCM, MP3 and FLAC joins).
    pub measured_ms: Option<f64>,
    /// What finishing measured and did, when asked.
    pub finished: Option<R>,
}

/// Writes `bytes` to the file at `path` the way audio is written: a regular file is
/// replaced atomically, keeping its permissions; a device or FIFO is written directly.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let target = OutputTarget::resolve(path)?;
    if target == OutputTarget::Stdout {
        return Err(OutputError::NotStdout);
    }
    let mut sink = Sink::open(&target, Box::new(AsGiven))?;
    sink.write_audio(bytes)
        .and_then(|()| sink.commit())
        .map(|_| ())
        .map_err(|source| OutputError::Write {
            path: path.to_path_buf(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::path::PathBuf;

    #[test]
    fn file_sink_is_atomic_and_rewinds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.mp3");
        fs::write(&path, b"old").unwrap();
        let target = OutputTarget::resolve(&path).unwrap();
        let mut sink = Sink::open(&target, Box::new(AsGiven)).unwrap();
        sink.start_stream().unwrap();
        sink.write_audio(b"hello").unwrap();
        // A second stream fails part way: taken back to its start.
        sink.start_stream().unwrap();
        sink.write_audio(b"junk").unwrap();
        assert!(sink.rewind(2).is_err(), "only to a stream's start");
        sink.rewind(5).unwrap();
        sink.write_audio(b" world").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"old");
        sink.commit().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"hello world");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);

        let mut failed = Sink::open(&target, Box::new(AsGiven)).unwrap();
        failed.write_audio(b"partial").unwrap();
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            2,
            "a temporary file"
        );
        drop(failed);
        assert_eq!(fs::read(&path).unwrap(), b"hello world");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temporary file removed"
        );
    }

    #[test]
    fn targets_are_classified() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.mp3");
        assert!(matches!(
            OutputTarget::resolve(&file),
            Ok(OutputTarget::File { .. })
        ));
        let slash = PathBuf::from(format!("{}/", dir.path().join("new").display()));
        assert!(OutputTarget::resolve(&slash).is_err());
        assert!(OutputTarget::resolve(dir.path()).is_err());
        assert!(OutputTarget::resolve(&dir.path().join("missing/a.mp3")).is_err());
        assert_eq!(
            OutputTarget::resolve(Path::new("/dev/null")).unwrap(),
            OutputTarget::Direct("/dev/null".into())
        );
        assert_eq!(
            OutputTarget::resolve(Path::new("/dev/stdout")).unwrap(),
            OutputTarget::Direct("/dev/stdout".into())
        );
        #[cfg(unix)]
        {
            let link = dir.path().join("link.mp3");
            std::os::unix::fs::symlink("real.mp3", &link).unwrap();
            match OutputTarget::resolve(&link).unwrap() {
                OutputTarget::File { path, shown } => {
                    assert_eq!(path, dir.path().join("real.mp3"));
                    assert_eq!(shown, link);
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn long_names_and_hard_links() {
        let dir = tempfile::tempdir().unwrap();
        let long = dir.path().join(format!("{}.mp3", "x".repeat(251)));
        write_file(&long, b"abc").unwrap();
        assert_eq!(fs::read(&long).unwrap(), b"abc");

        let other = dir.path().join("other-name.mp3");
        fs::hard_link(&long, &other).unwrap();
        write_file(&long, b"de").unwrap();
        assert_eq!(fs::read(&long).unwrap(), b"de");
        assert_eq!(
            fs::read(&other).unwrap(),
            b"de",
            "the hard link sees the new audio"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
