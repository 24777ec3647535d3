//! Where audio bytes go: a file written atomically (`FILE.part`, renamed on success) or
//! stdout. WAV output is PCM with a RIFF header in front.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::error::CliError;

/// The layout of PCM audio, for WAV headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PcmSpec {
    pub sample_rate: u32,
    pub channels: u16,
}

const WAV_HEADER_LEN: u64 = 44;

/// A RIFF/WAVE header for 16-bit little-endian PCM. `data_len: None` is a stream of
/// unknown length (sizes set to the maximum, as streaming tools do).
pub fn wav_header(spec: PcmSpec, data_len: Option<u64>) -> [u8; 44] {
    let data_len = data_len.map_or(u32::MAX, |n| u32::try_from(n).unwrap_or(u32::MAX));
    let riff_len = data_len.saturating_add(36);
    let block_align = spec.channels * 2;
    let byte_rate = spec.sample_rate * u32::from(block_align);
    let mut h = [0u8; 44];
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

/// Where the output should go, decided before anything is requested.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputTarget {
    Stdout,
    File(PathBuf),
}

impl OutputTarget {
    pub fn parse(arg: &Path) -> OutputTarget {
        if arg.as_os_str() == "-" {
            OutputTarget::Stdout
        } else {
            OutputTarget::File(arg.to_path_buf())
        }
    }

    pub fn display(&self) -> String {
        match self {
            OutputTarget::Stdout => "-".into(),
            OutputTarget::File(p) => p.display().to_string(),
        }
    }

    /// Checks that the file can be created where asked, so a mistake costs no request.
    pub fn check(&self) -> Result<(), CliError> {
        let OutputTarget::File(path) = self else {
            return Ok(());
        };
        if path.is_dir() {
            return Err(
                CliError::usage(format!("output path {} is a directory", path.display()))
                    .with_hint("give a file name, e.g. -o speech.mp3"),
            );
        }
        let dir = parent_dir(path);
        if !dir.is_dir() {
            return Err(CliError::usage(format!(
                "output directory {} does not exist",
                dir.display()
            ))
            .with_hint(format!("create it first (mkdir -p {})", dir.display())));
        }
        Ok(())
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Audio output. Bytes are written as they arrive; a file appears at its final path only
/// when [`Sink::commit`] is called, so failures leave nothing behind.
pub enum Sink {
    File(FileSink),
    Stdout(StdoutSink),
    /// Playback only: nothing is kept.
    Discard {
        written: u64,
    },
}

impl Sink {
    /// Opens the target; `wav` adds a WAV header for PCM audio of that layout.
    pub fn open(target: &OutputTarget, wav: Option<PcmSpec>) -> Result<Sink, CliError> {
        match target {
            OutputTarget::Stdout => {
                let mut sink = StdoutSink {
                    out: io::stdout(),
                    written: 0,
                };
                if let Some(spec) = wav {
                    // Length unknown until the end, and stdout cannot seek back.
                    sink.out
                        .write_all(&wav_header(spec, None))
                        .map_err(|e| CliError::failure(format!("cannot write to stdout: {e}")))?;
                }
                Ok(Sink::Stdout(sink))
            }
            OutputTarget::File(path) => FileSink::create(path, wav).map(Sink::File),
        }
    }

    pub fn write_audio(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Sink::File(f) => f.write_audio(bytes),
            Sink::Stdout(s) => {
                s.out.write_all(bytes)?;
                s.out.flush()?;
                s.written += bytes.len() as u64;
                Ok(())
            }
            Sink::Discard { written } => {
                *written += bytes.len() as u64;
                Ok(())
            }
        }
    }

    /// Audio bytes written so far (headers excluded).
    pub fn audio_len(&self) -> u64 {
        match self {
            Sink::File(f) => f.written,
            Sink::Stdout(s) => s.written,
            Sink::Discard { written } => *written,
        }
    }

    /// Whether bytes already written can be taken back (stdout: no).
    pub fn can_rewind(&self) -> bool {
        !matches!(self, Sink::Stdout(_))
    }

    /// Cuts the audio back to `len` bytes, so a segment can be written again from its start.
    pub fn rewind(&mut self, len: u64) -> io::Result<()> {
        match self {
            Sink::File(f) => f.rewind(len),
            Sink::Discard { written } => {
                *written = len;
                Ok(())
            }
            Sink::Stdout(s) if s.written == len => Ok(()),
            Sink::Stdout(_) => Err(io::Error::other(
                "audio already written to stdout cannot be taken back",
            )),
        }
    }

    /// Finishes the output: fixes the WAV header, syncs and renames the file into place.
    pub fn commit(self) -> io::Result<()> {
        match self {
            Sink::File(f) => f.commit(),
            Sink::Stdout(mut s) => s.out.flush(),
            Sink::Discard { .. } => Ok(()),
        }
    }
}

pub struct StdoutSink {
    out: io::Stdout,
    written: u64,
}

/// A file being written as `<name>.part` next to its final path.
pub struct FileSink {
    path: PathBuf,
    part_path: PathBuf,
    file: Option<File>,
    wav: Option<PcmSpec>,
    written: u64,
}

impl FileSink {
    fn create(path: &Path, wav: Option<PcmSpec>) -> Result<FileSink, CliError> {
        let mut part_name = path.file_name().unwrap_or_default().to_os_string();
        part_name.push(".part");
        let part_path = path.with_file_name(part_name);
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&part_path)
            .map_err(|e| {
                CliError::failure(format!("cannot create {}: {e}", part_path.display()))
                    .with_hint("check that the output directory is writable")
            })?;
        let mut sink = FileSink {
            path: path.to_path_buf(),
            part_path,
            file: Some(file),
            wav,
            written: 0,
        };
        if let Some(spec) = wav {
            sink.file_mut()
                .and_then(|f| f.write_all(&wav_header(spec, Some(0))))
                .map_err(|e| {
                    CliError::failure(format!("cannot write {}: {e}", sink.part_path.display()))
                })?;
        }
        Ok(sink)
    }

    fn header_len(&self) -> u64 {
        if self.wav.is_some() {
            WAV_HEADER_LEN
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

    fn rewind(&mut self, len: u64) -> io::Result<()> {
        let total = self.header_len() + len;
        let file = self.file_mut()?;
        file.set_len(total)?;
        file.seek(SeekFrom::Start(total))?;
        self.written = len;
        Ok(())
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
        file.sync_all()?;
        drop(file);
        fs::rename(&self.part_path, &self.path)?;
        // Renamed: nothing left for Drop to clean up.
        self.part_path = PathBuf::new();
        Ok(())
    }
}

impl Drop for FileSink {
    fn drop(&mut self) {
        self.file.take();
        if !self.part_path.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.part_path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wav_header_fields() {
        let h = wav_header(
            PcmSpec {
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
        let target = OutputTarget::File(path.clone());
        let mut sink = Sink::open(&target, None).unwrap();
        sink.write_audio(b"hello").unwrap();
        sink.write_audio(b"junk").unwrap();
        sink.rewind(5).unwrap();
        sink.write_audio(b" world").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"old");
        sink.commit().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"hello world");
        assert!(!dir.path().join("out.mp3.part").exists());

        let mut failed = Sink::open(&target, None).unwrap();
        failed.write_audio(b"partial").unwrap();
        drop(failed);
        assert_eq!(fs::read(&path).unwrap(), b"hello world");
        assert!(!dir.path().join("out.mp3.part").exists());
    }
}
