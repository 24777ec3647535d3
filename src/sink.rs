//! Where audio bytes go: a regular file written atomically (a unique temporary file in
//! the same directory, renamed over the target on success), or a stream written directly
//! (stdout, a device, a FIFO). WAV output is PCM with a RIFF header in front.

use std::fs::{self, File, OpenOptions};
use std::io::{self, IsTerminal, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::audio::join::flac::FlacJoiner;
use crate::audio::join::mp3::Mp3Joiner;
pub use crate::spec::PcmLayout;

pub use crate::spec::WAV_HEADER_LEN;

/// A RIFF/WAVE header for 16-bit little-endian PCM. `data_len: None` is a stream of
/// unknown length (sizes set to the maximum, as streaming tools do).
pub fn wav_header(spec: PcmLayout, data_len: Option<u64>) -> [u8; WAV_HEADER_LEN] {
    let data_len = data_len.map_or(u32::MAX, |n| u32::try_from(n).unwrap_or(u32::MAX));
    let riff_len = data_len.saturating_add(36);
    let block_align = spec.channels * 2;
    let byte_rate = spec.sample_rate * u32::from(block_align);
    let mut h = [0u8; WAV_HEADER_LEN];
    h[0..4].copy_from_slice(b"RIFF");
    h[4..8].copy_from_slice(&riff_len.to_le_bytes());
    h[8..12].copy_from_slice(b"WAVE");
    h[12..16].copy_from_slice(b"fmt ");
    h[16..20].copy_from_slice(&16u32.to_le_bytes());
    h[20..22].copy_from_slice(&1u16.to_le_bytes()); // PCM
    h[22..24].copy_from_slice(&spec.channels.to_le_bytes());
    h[24..28].copy_from_slice(&spec.sample_rate.to_le_bytes());
    h[28..32].copy_from_slice(&byte_rate.to_le_bytes());
    h[32..34].copy_from_slice(&block_align.to_le_bytes());
    h[34..36].copy_from_slice(&16u16.to_le_bytes());
    h[36..40].copy_from_slice(b"data");
    h[40..44].copy_from_slice(&data_len.to_le_bytes());
    h
}

/// Where the output should go, decided (and checked) before anything is requested.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputTarget {
    Stdout,
    /// A regular file or a new path, written atomically. `path` is where the bytes land
    /// (symlinks resolved, so a link stays a link); `shown` is what the user gave.
    File {
        path: PathBuf,
        shown: PathBuf,
    },
    /// An existing file that is not a regular one (a device, FIFO or socket, or a
    /// `/dev/stdout` / `/dev/fd/N` / `/proc/…/fd/N` path): written directly, in order,
    /// like stdout: no temporary file, no rename, nothing taken back.
    Direct(PathBuf),
}

/// Why an output cannot be used or written. What to do about it is chosen at the top.
#[derive(Debug, thiserror::Error)]
pub enum SinkError {
    /// Audio would go to a terminal (`None`: stdout).
    #[error("refusing to write binary audio to the terminal{}", .0.as_ref().map(|p| format!(" {}", p.display())).unwrap_or_default())]
    Terminal(Option<PathBuf>),
    #[error("output path {} names a directory", .0.display())]
    NamesDirectory(PathBuf),
    #[error("output path {} is a directory", .0.display())]
    IsDirectory(PathBuf),
    #[error("cannot resolve output path {}: {source}", path.display())]
    Resolve { path: PathBuf, source: io::Error },
    #[error("output directory {} does not exist", .0.display())]
    NoDirectory(PathBuf),
    #[error("this output cannot go to stdout")]
    NotStdout,
    #[error("cannot create a temporary file in {}: {source}", dir.display())]
    Temp { dir: PathBuf, source: io::Error },
    #[error("cannot open {} for writing: {source}", path.display())]
    Open { path: PathBuf, source: io::Error },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
}

/// How many symlinks are followed before giving up (as Linux does).
const MAX_LINKS: usize = 40;

impl OutputTarget {
    /// Classifies `-o ARG`, checking that it can be written, so a mistake costs no request.
    pub fn resolve(arg: &Path) -> Result<OutputTarget, SinkError> {
        if arg.as_os_str() == "-" {
            if io::stdout().is_terminal() {
                return Err(SinkError::Terminal(None));
            }
            return Ok(OutputTarget::Stdout);
        }
        let shown = arg.to_path_buf();
        if ends_with_separator(arg) {
            return Err(SinkError::NamesDirectory(shown));
        }
        let (path, through_fd) = follow_links(arg).map_err(|source| SinkError::Resolve {
            path: shown.clone(),
            source,
        })?;
        if through_fd {
            return Ok(OutputTarget::Direct(shown));
        }
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => Err(SinkError::IsDirectory(shown)),
            Ok(meta) if !meta.is_file() => Ok(OutputTarget::Direct(shown)),
            _ => {
                let dir = parent_dir(&path);
                if !dir.is_dir() {
                    return Err(SinkError::NoDirectory(dir.to_path_buf()));
                }
                Ok(OutputTarget::File { path, shown })
            }
        }
    }

    pub fn display(&self) -> String {
        match self {
            OutputTarget::Stdout => "-".into(),
            OutputTarget::File { shown, .. } => shown.display().to_string(),
            OutputTarget::Direct(path) => path.display().to_string(),
        }
    }

    /// Whether writing here would overwrite `input` (the same file, by any name).
    pub fn is_same_file(&self, input: &Path) -> bool {
        let output = match self {
            OutputTarget::Stdout => return false,
            OutputTarget::File { path, .. } => path.as_path(),
            OutputTarget::Direct(path) => path.as_path(),
        };
        match (fs::metadata(input), fs::metadata(output)) {
            (Ok(a), Ok(b)) if a.is_file() && b.is_file() => same_inode(&a, &b),
            _ => false,
        }
    }
}

#[cfg(unix)]
fn same_inode(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_inode(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}

fn ends_with_separator(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    bytes
        .last()
        .is_some_and(|&b| std::path::is_separator(char::from(b)))
}

/// Follows a chain of symlinks to the path that will really be written. The second
/// value says whether the chain went through a file-descriptor path (`/dev/fd/N`,
/// `/proc/self/fd/N`, as `/dev/stdout` does): those name an open file of this process,
/// and are written directly rather than replaced.
fn follow_links(path: &Path) -> io::Result<(PathBuf, bool)> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        if is_fd_path(&current) {
            return Ok((current, true));
        }
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = if target.is_absolute() {
                    target
                } else {
                    parent_dir(&current).join(target)
                };
            }
            _ => return Ok((current, false)),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// The descriptor a path such as `/dev/stdout`, `/dev/fd/3` or `/proc/self/fd/3` names.
fn fd_of(path: &Path) -> Option<i32> {
    let text = path.to_str()?;
    match text {
        "/dev/stdout" => Some(1),
        "/dev/stderr" => Some(2),
        _ => text
            .strip_prefix("/dev/fd/")
            .or_else(|| text.strip_prefix("/proc/self/fd/"))
            .and_then(|n| n.parse().ok()),
    }
}

/// A new descriptor for this process's descriptor `fd`, as a file.
#[cfg(unix)]
fn dup_fd(fd: i32) -> io::Result<File> {
    use std::os::fd::FromRawFd;
    // SAFETY: dup only reads the descriptor table; an invalid `fd` gives -1 (EBADF).
    let new = unsafe { libc::dup(fd) };
    if new < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `new` is a fresh descriptor that nothing else owns.
    Ok(unsafe { File::from_raw_fd(new) })
}

/// Windows names no descriptors by path (`/dev/fd/N` is a Unix name).
#[cfg(not(unix))]
fn dup_fd(_: i32) -> io::Result<File> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "descriptor paths are a Unix name",
    ))
}

fn is_fd_path(path: &Path) -> bool {
    let text = path.to_string_lossy();
    text.starts_with("/dev/fd/")
        || text.starts_with("/proc/")
        || matches!(text.as_ref(), "/dev/stdout" | "/dev/stderr")
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Writes `bytes` to the file at `path` the way audio is written: a regular file is
/// replaced atomically, keeping its permissions; a device or FIFO is written directly.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), SinkError> {
    let target = OutputTarget::resolve(path)?;
    if target == OutputTarget::Stdout {
        return Err(SinkError::NotStdout);
    }
    let mut sink = Sink::open(&target, None)?;
    sink.write_audio(bytes)
        .and_then(|()| sink.commit())
        .map(|_| ())
        .map_err(|source| SinkError::Write {
            path: path.to_path_buf(),
            source,
        })
}

/// How a sink frames the audio it is given.
#[derive(Clone, Debug, Default)]
pub enum Framing {
    /// As given: one stream.
    #[default]
    Raw,
    /// PCM with a WAV header in front (one header with the real sizes, however many
    /// streams).
    Wav(PcmLayout),
    /// Raw PCM of a known layout (so its length can be measured).
    Pcm(PcmLayout),
    /// Several streams joined into one file (`audio::join`): MP3 without the streams'
    /// own headers and with one Info frame; FLAC decoded and encoded again (`force`:
    /// even a single stream). `lead` is written first (an ID3v2 tag); `comments` go
    /// into a joined FLAC's VORBIS_COMMENT.
    Mp3 { lead: Vec<u8> },
    Flac {
        comments: Vec<(String, String)>,
        force: bool,
    },
}

impl Framing {
    /// The framing of an output of `codec` audio: joined when it gets several streams,
    /// else as given (`wav`: a WAV header in front).
    pub fn of(codec: crate::spec::Codec, wav: Option<PcmLayout>, several: bool) -> Framing {
        if several {
            Framing::joined(codec, wav)
        } else {
            wav.map_or(Framing::Raw, Framing::Wav)
        }
    }

    /// How `codec` audio of several streams is joined (PCM and WAV need nothing: one
    /// header with the real sizes).
    fn joined(codec: crate::spec::Codec, wav: Option<PcmLayout>) -> Framing {
        use crate::spec::Codec;
        match (codec, wav) {
            (_, Some(layout)) => Framing::Wav(layout),
            (Codec::Mp3, None) => Framing::Mp3 { lead: Vec::new() },
            (Codec::Flac, None) => Framing::Flac {
                comments: Vec::new(),
                force: false,
            },
            (Codec::Pcm | Codec::Opus, None) => Framing::Raw,
        }
    }
}

/// Finishes the audio file at `path` (loudness, trim) in place: the result is written
/// to a temporary file beside it and renamed over it, keeping its permissions, so the
/// file is always either as it was or finished.
pub fn finish_in_place(
    path: &Path,
    finishing: &crate::audio::finish::Finishing,
    format: crate::spec::AudioFormat,
    layout: PcmLayout,
) -> io::Result<crate::audio::finish::Finished> {
    let (temp, file) = create_temp(path).map_err(io::Error::other)?;
    drop(file);
    let result = crate::audio::finish::finish_file(path, &temp, format, layout, finishing)
        .map_err(io::Error::other)
        .and_then(|finished| {
            if let Ok(meta) = fs::metadata(path) {
                fs::set_permissions(&temp, meta.permissions())?;
            }
            fs::rename(&temp, path)?;
            Ok(finished)
        });
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Audio output. Bytes are written as they arrive; a file appears at its final path only
/// when [`Sink::commit`] is called, so failures leave nothing behind. Audio comes as
/// streams ([`Sink::start_stream`]), joined by the framing.
pub struct Sink {
    out: Output,
    framer: Framer,
    /// PCM output's layout (WAV or raw), to measure its length.
    pcm: Option<PcmLayout>,
    /// Audio bytes accepted (as given, before framing).
    accepted: u64,
    /// Where the current stream began, to take a failed one back.
    checkpoint: Checkpoint,
}

enum Output {
    File(FileSink),
    /// Stdout or a direct target: written in order, nothing can be taken back.
    Stream(StreamSink),
    /// Playback only: nothing is kept.
    Discard {
        written: u64,
    },
}

enum Framer {
    Raw,
    Mp3(Box<Mp3Joiner>),
    Flac(Box<FlacJoiner>),
}

#[derive(Clone)]
struct Checkpoint {
    accepted: u64,
    written: u64,
    mp3: Option<Box<Mp3Joiner>>,
    flac_pending: usize,
}

impl Output {
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Output::File(f) => f.write_audio(bytes),
            Output::Stream(s) => {
                s.out.write_all(bytes)?;
                s.out.flush()?;
                s.written += bytes.len() as u64;
                Ok(())
            }
            Output::Discard { written } => {
                *written += bytes.len() as u64;
                Ok(())
            }
        }
    }

    /// Bytes written after any WAV header.
    fn written(&self) -> u64 {
        match self {
            Output::File(f) => f.written,
            Output::Stream(s) => s.written,
            Output::Discard { written } => *written,
        }
    }

    fn truncate(&mut self, len: u64) -> io::Result<()> {
        match self {
            Output::File(f) => f.rewind(len),
            Output::Discard { written } => {
                *written = len;
                Ok(())
            }
            Output::Stream(s) if s.written == len => Ok(()),
            Output::Stream(s) => Err(io::Error::other(format!(
                "audio already written to {} cannot be taken back",
                s.name
            ))),
        }
    }

    fn patchable(&self) -> bool {
        matches!(self, Output::File(_))
    }
}

/// Passes a framer's output on to the target.
fn to(out: &mut Output) -> impl FnMut(&[u8]) -> io::Result<()> + '_ {
    move |bytes| out.write(bytes)
}

impl Sink {
    /// Opens the target for one stream as given; `wav` adds a WAV header for PCM audio
    /// of that layout.
    ///
    /// Opening a FIFO waits for its reader, as a shell redirection does.
    pub fn open(target: &OutputTarget, wav: Option<PcmLayout>) -> Result<Sink, SinkError> {
        Sink::open_framed(target, wav.map_or(Framing::Raw, Framing::Wav))
    }

    /// Opens the target with a framing (joined streams).
    pub fn open_framed(target: &OutputTarget, framing: Framing) -> Result<Sink, SinkError> {
        let wav = match &framing {
            Framing::Wav(layout) => Some(*layout),
            _ => None,
        };
        let out = match target {
            OutputTarget::Stdout => StreamSink::open(Box::new(io::stdout()), "stdout".into(), wav)?,
            OutputTarget::Direct(path) => {
                let file = match OpenOptions::new().write(true).open(path) {
                    Ok(file) => file,
                    // A socket cannot be opened by name (`/dev/stdout` when stdout is a
                    // socket): write to this process's own descriptor instead.
                    Err(e) if e.raw_os_error() == Some(libc::ENXIO) => match fd_of(path) {
                        Some(fd) => dup_fd(fd).map_err(|source| SinkError::Open {
                            path: path.clone(),
                            source,
                        })?,
                        None => {
                            return Err(SinkError::Open {
                                path: path.clone(),
                                source: e,
                            });
                        }
                    },
                    Err(source) => {
                        return Err(SinkError::Open {
                            path: path.clone(),
                            source,
                        });
                    }
                };
                if file.is_terminal() {
                    return Err(SinkError::Terminal(Some(path.clone())));
                }
                StreamSink::open(Box::new(file), path.display().to_string(), wav)?
            }
            OutputTarget::File { path, .. } => Output::File(FileSink::create(path, wav)?),
        };
        Sink::with_output(out, framing, &target.display())
    }

    /// Writes to `out` as the audio comes (a server's response), framed as stdout is:
    /// nothing can be taken back, a WAV header says "length unknown".
    pub fn to_writer(
        out: Box<dyn Write + Send>,
        name: &str,
        framing: Framing,
    ) -> Result<Sink, SinkError> {
        let wav = match &framing {
            Framing::Wav(layout) => Some(*layout),
            _ => None,
        };
        let output = StreamSink::open(out, name.to_string(), wav)?;
        Sink::with_output(output, framing, name)
    }

    /// Playback only: the audio is counted, not kept.
    pub fn discard() -> Sink {
        Sink {
            out: Output::Discard { written: 0 },
            framer: Framer::Raw,
            pcm: None,
            accepted: 0,
            checkpoint: Checkpoint {
                accepted: 0,
                written: 0,
                mp3: None,
                flac_pending: 0,
            },
        }
    }

    /// Counts what `framing` would write, writing nothing (a production's first pass
    /// lays out its timeline this way, through the same code as the real one).
    pub fn measuring(framing: Framing) -> Result<Sink, SinkError> {
        let framing = match framing {
            Framing::Flac { .. } => {
                let mut sink =
                    Sink::with_output(Output::Discard { written: 0 }, Framing::Raw, "nothing")?;
                sink.framer =
                    Framer::Flac(Box::new(FlacJoiner::new(false, Vec::new()).measuring()));
                return Ok(sink);
            }
            other => other,
        };
        Sink::with_output(Output::Discard { written: 0 }, framing, "nothing")
    }

    fn with_output(mut out: Output, framing: Framing, shown: &str) -> Result<Sink, SinkError> {
        let patchable = out.patchable();
        let pcm = match &framing {
            Framing::Wav(layout) | Framing::Pcm(layout) => Some(*layout),
            _ => None,
        };
        let framer = match framing {
            Framing::Raw | Framing::Wav(_) | Framing::Pcm(_) => Framer::Raw,
            Framing::Mp3 { lead } => {
                out.write(&lead).map_err(|source| SinkError::Write {
                    path: PathBuf::from(shown),
                    source,
                })?;
                Framer::Mp3(Box::new(Mp3Joiner::new(patchable, lead.len() as u64)))
            }
            Framing::Flac { comments, force } => {
                let joiner = FlacJoiner::new(patchable, comments);
                Framer::Flac(Box::new(if force { joiner.forced() } else { joiner }))
            }
        };
        let mut sink = Sink {
            out,
            framer,
            pcm,
            accepted: 0,
            checkpoint: Checkpoint {
                accepted: 0,
                written: 0,
                mp3: None,
                flac_pending: 0,
            },
        };
        sink.checkpoint = sink.here();
        Ok(sink)
    }

    fn here(&self) -> Checkpoint {
        Checkpoint {
            accepted: self.accepted,
            written: self.out.written(),
            mp3: match &self.framer {
                Framer::Mp3(j) => Some(j.clone()),
                _ => None,
            },
            flac_pending: match &self.framer {
                Framer::Flac(j) => j.pending_len(),
                _ => 0,
            },
        }
    }

    /// A new stream of audio begins (a new segment from the server, a cached row): its
    /// own headers are dropped by a joining framing, and a failure can take it back.
    pub fn start_stream(&mut self) -> io::Result<()> {
        match &mut self.framer {
            Framer::Raw => {}
            Framer::Mp3(j) => j.start_stream(&mut to(&mut self.out))?,
            Framer::Flac(j) => j
                .start_stream(&mut to(&mut self.out))
                .map_err(io::Error::other)?,
        }
        self.checkpoint = self.here();
        Ok(())
    }

    pub fn write_audio(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.accepted += bytes.len() as u64;
        match &mut self.framer {
            Framer::Raw => self.out.write(bytes),
            Framer::Mp3(j) => j.feed(bytes, &mut to(&mut self.out)),
            Framer::Flac(j) => {
                j.feed(bytes);
                Ok(())
            }
        }
    }

    /// About `ms` of silence in the output's format (between streams). `false` when the
    /// format is not known yet (no audio so far) or cannot hold silence (Opus, unknown
    /// PCM).
    pub fn silence(&mut self, ms: u64) -> io::Result<bool> {
        let written = match &mut self.framer {
            Framer::Mp3(j) => j.silence(ms, &mut to(&mut self.out))?,
            Framer::Flac(j) => j
                .silence(ms, &mut to(&mut self.out))
                .map_err(io::Error::other)?,
            Framer::Raw => match self.pcm {
                Some(layout) => {
                    let frames = u64::from(layout.sample_rate) * ms / 1000;
                    let zeros = vec![0u8; (frames * u64::from(layout.channels) * 2) as usize];
                    self.out.write(&zeros)?;
                    true
                }
                None => false,
            },
        };
        self.checkpoint = self.here();
        Ok(written)
    }

    /// Audio bytes accepted so far (as given, before framing).
    pub fn audio_len(&self) -> u64 {
        self.accepted
    }

    /// Bytes at the target so far (headers and framing included).
    pub fn output_len(&self) -> u64 {
        match &self.out {
            Output::File(f) => f.header_len() + f.written,
            Output::Stream(s) => s.written,
            Output::Discard { written } => *written,
        }
    }

    /// Where bytes that cannot be taken back go (`stdout`, a device path), if they do.
    pub fn irrevocable(&self) -> Option<&str> {
        match &self.out {
            Output::Stream(s) => Some(&s.name),
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
        let checkpoint = self.checkpoint.clone();
        self.out.truncate(checkpoint.written)?;
        match &mut self.framer {
            Framer::Raw => {}
            Framer::Mp3(j) => {
                if let Some(saved) = checkpoint.mp3 {
                    *j = saved;
                }
            }
            Framer::Flac(j) => j.truncate_pending(checkpoint.flac_pending),
        }
        self.accepted = len;
        Ok(())
    }

    /// The audio's length as measured from the joined frames (MP3 and FLAC joins).
    pub fn measured_ms(&self) -> Option<f64> {
        match &self.framer {
            Framer::Raw => self.pcm.map(|layout| {
                self.out.written() as f64 * 1000.0
                    / (f64::from(layout.sample_rate) * f64::from(layout.channels) * 2.0)
            }),
            Framer::Mp3(j) => Some(j.millis()),
            Framer::Flac(j) => j.millis(),
        }
    }

    /// Finishes the output: ends the framing (its one header patched in where the
    /// output allows), fixes the WAV header, syncs and moves the file into place.
    pub fn commit(self) -> io::Result<Committed> {
        self.commit_finished(None)
    }

    /// [`Sink::commit`], with the audio finished first (loudness, trim) when `finish`
    /// asks: only a file can be (a stream's bytes are gone).
    pub fn commit_finished(
        mut self,
        finish: Option<(
            &crate::audio::finish::Finishing,
            crate::spec::AudioFormat,
            PcmLayout,
        )>,
    ) -> io::Result<Committed> {
        let patch = match &mut self.framer {
            Framer::Raw => None,
            Framer::Mp3(j) => {
                j.finish(&mut to(&mut self.out))?;
                j.info_offset().zip(j.info_frame())
            }
            Framer::Flac(j) => j.finish(&mut to(&mut self.out)).map_err(io::Error::other)?,
        };
        let mut committed = Committed {
            bytes: self.output_len(),
            measured_ms: self.measured_ms(),
            finished: None,
        };
        match self.out {
            Output::File(mut f) => {
                if let Some((at, bytes)) = patch {
                    f.patch(at, &bytes)?;
                }
                if let Some((finishing, format, layout)) = finish
                    && !finishing.is_empty()
                {
                    let finished = f.finish(finishing, format, layout)?;
                    committed.measured_ms = committed.measured_ms.map(|ms| {
                        (ms - (finished.trimmed_start_ms + finished.trimmed_end_ms) as f64).max(0.0)
                    });
                    committed.finished = Some(finished);
                    committed.bytes = f.written;
                }
                f.commit()?;
            }
            Output::Stream(mut s) => s.out.flush()?,
            Output::Discard { .. } => {}
        }
        Ok(committed)
    }
}

/// What a committed output holds.
#[derive(Clone, Debug)]
pub struct Committed {
    /// Bytes at the target, headers included.
    pub bytes: u64,
    /// Its length as measured from joined frames (MP3 and FLAC joins).
    pub measured_ms: Option<f64>,
    /// What finishing measured and did, when asked.
    pub finished: Option<crate::audio::finish::Finished>,
}

/// Stdout, a device, a FIFO: bytes go out in order as they come.
pub struct StreamSink {
    out: Box<dyn Write + Send>,
    name: String,
    written: u64,
}

impl StreamSink {
    fn open(
        mut out: Box<dyn Write + Send>,
        name: String,
        wav: Option<PcmLayout>,
    ) -> Result<Output, SinkError> {
        if let Some(spec) = wav {
            // Length unknown until the end, and a stream cannot seek back.
            out.write_all(&wav_header(spec, None))
                .map_err(|source| SinkError::Write {
                    path: PathBuf::from(&name),
                    source,
                })?;
        }
        Ok(Output::Stream(StreamSink {
            out,
            name,
            written: 0,
        }))
    }
}

/// A file being written under a unique temporary name next to its final path.
pub struct FileSink {
    path: PathBuf,
    temp_path: PathBuf,
    file: Option<File>,
    wav: Option<PcmLayout>,
    written: u64,
}

/// A hidden, unique temporary name in `path`'s directory. It stays short whatever the
/// target's name (a 255-byte file name must still work), and unique across processes
/// and within one, so parallel runs never share it.
fn temp_candidate(path: &Path, attempt: u32) -> PathBuf {
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let stem: String = name.chars().take(64).collect();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let seq = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    parent_dir(path).join(format!(
        ".{stem}.{}-{nanos:x}-{seq}-{attempt}.part",
        std::process::id()
    ))
}

impl FileSink {
    fn create(path: &Path, wav: Option<PcmLayout>) -> Result<FileSink, SinkError> {
        let (temp_path, file) = create_temp(path)?;
        let mut sink = FileSink {
            path: path.to_path_buf(),
            temp_path,
            file: Some(file),
            wav,
            written: 0,
        };
        if let Some(spec) = wav {
            sink.file_mut()
                .and_then(|f| f.write_all(&wav_header(spec, Some(0))))
                .map_err(|source| SinkError::Write {
                    path: sink.temp_path.clone(),
                    source,
                })?;
        }
        Ok(sink)
    }

    fn header_len(&self) -> u64 {
        if self.wav.is_some() {
            WAV_HEADER_LEN as u64
        } else {
            0
        }
    }

    fn file_mut(&mut self) -> io::Result<&mut File> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("output file already closed"))
    }

    fn write_audio(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file_mut()?.write_all(bytes)?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// Overwrites `bytes` at `at` (counted after any WAV header), leaving the end.
    fn patch(&mut self, at: u64, bytes: &[u8]) -> io::Result<()> {
        let start = self.header_len() + at;
        let file = self.file_mut()?;
        file.seek(SeekFrom::Start(start))?;
        file.write_all(bytes)?;
        file.seek(SeekFrom::End(0))?;
        Ok(())
    }

    fn rewind(&mut self, len: u64) -> io::Result<()> {
        let total = self.header_len() + len;
        let file = self.file_mut()?;
        file.set_len(total)?;
        file.seek(SeekFrom::Start(total))?;
        self.written = len;
        Ok(())
    }

    /// Finishes the temporary file's audio (loudness, trim) into a new temporary file,
    /// which is then the one committed.
    fn finish(
        &mut self,
        finishing: &crate::audio::finish::Finishing,
        format: crate::spec::AudioFormat,
        layout: PcmLayout,
    ) -> io::Result<crate::audio::finish::Finished> {
        if let Some(spec) = self.wav.take() {
            let written = self.written;
            let file = self.file_mut()?;
            file.seek(SeekFrom::Start(0))?;
            file.write_all(&wav_header(spec, Some(written)))?;
        }
        if let Some(file) = self.file.as_mut() {
            file.flush()?;
        }
        let (new_path, new_file) = create_temp(&self.path).map_err(io::Error::other)?;
        drop(new_file);
        let finished = crate::audio::finish::finish_file(
            &self.temp_path,
            &new_path,
            format,
            layout,
            finishing,
        );
        let finished = match finished {
            Ok(finished) => finished,
            Err(e) => {
                let _ = fs::remove_file(&new_path);
                return Err(io::Error::other(e));
            }
        };
        self.file.take();
        fs::remove_file(&self.temp_path)?;
        self.temp_path = new_path;
        self.file = Some(
            OpenOptions::new()
                .read(true)
                .write(true)
                .open(&self.temp_path)?,
        );
        self.written = fs::metadata(&self.temp_path)?.len();
        Ok(finished)
    }

    fn commit(mut self) -> io::Result<()> {
        let written = self.written;
        let wav = self.wav;
        let mut file = self
            .file
            .take()
            .ok_or_else(|| io::Error::other("output file already closed"))?;
        if let Some(spec) = wav {
            file.seek(SeekFrom::Start(0))?;
            file.write_all(&wav_header(spec, Some(written)))?;
        }
        match fs::metadata(&self.path) {
            // Other names link to the file: update it in place (only now, after
            // success), so every name sees the new audio.
            Ok(existing) if existing.is_file() && link_count(&existing) > 1 => {
                file.seek(SeekFrom::Start(0))?;
                let mut target = OpenOptions::new().write(true).open(&self.path)?;
                let copied = io::copy(&mut file, &mut target)?;
                target.set_len(copied)?;
                target.sync_all()?;
                drop(file);
                fs::remove_file(&self.temp_path)?;
            }
            existing => {
                // A replaced file keeps its permissions.
                if let Ok(existing) = existing
                    && existing.is_file()
                {
                    file.set_permissions(existing.permissions())?;
                }
                file.sync_all()?;
                drop(file);
                fs::rename(&self.temp_path, &self.path)?;
            }
        }
        // In place: nothing left for Drop to clean up.
        self.temp_path = PathBuf::new();
        Ok(())
    }
}

/// Creates the temporary file exclusively (never reusing another run's).
fn create_temp(path: &Path) -> Result<(PathBuf, File), SinkError> {
    let mut attempt = 0;
    loop {
        let candidate = temp_candidate(path, attempt);
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(file) => return Ok((candidate, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(source) => {
                return Err(SinkError::Temp {
                    dir: parent_dir(path).to_path_buf(),
                    source,
                });
            }
        }
    }
}

#[cfg(unix)]
fn link_count(meta: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn link_count(_: &fs::Metadata) -> u64 {
    1
}

impl Drop for FileSink {
    fn drop(&mut self) {
        self.file.take();
        if !self.temp_path.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.temp_path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wav_header_fields() {
        let h = wav_header(
            PcmLayout {
                sample_rate: 16000,
                channels: 1,
            },
            Some(1000),
        );
        assert_eq!(&h[0..4], b"RIFF");
        assert_eq!(u32::from_le_bytes(h[4..8].try_into().unwrap()), 1036);
        assert_eq!(u32::from_le_bytes(h[24..28].try_into().unwrap()), 16000);
        assert_eq!(u32::from_le_bytes(h[28..32].try_into().unwrap()), 32000);
        assert_eq!(u32::from_le_bytes(h[40..44].try_into().unwrap()), 1000);
    }

    #[test]
    fn file_sink_is_atomic_and_rewinds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.mp3");
        fs::write(&path, b"old").unwrap();
        let target = OutputTarget::resolve(&path).unwrap();
        let mut sink = Sink::open(&target, None).unwrap();
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

        let mut failed = Sink::open(&target, None).unwrap();
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
        let mut sink = Sink::open(&OutputTarget::resolve(&long).unwrap(), None).unwrap();
        sink.write_audio(b"abc").unwrap();
        sink.commit().unwrap();
        assert_eq!(fs::read(&long).unwrap(), b"abc");

        let other = dir.path().join("other-name.mp3");
        fs::hard_link(&long, &other).unwrap();
        let mut sink = Sink::open(&OutputTarget::resolve(&long).unwrap(), None).unwrap();
        sink.write_audio(b"de").unwrap();
        sink.commit().unwrap();
        assert_eq!(fs::read(&long).unwrap(), b"de");
        assert_eq!(
            fs::read(&other).unwrap(),
            b"de",
            "the hard link sees the new audio"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
