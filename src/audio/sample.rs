//! What a voice sample a user gives is, judged by its bytes (never by its name), and how
//! long it lasts, measured from the audio itself: MP3 by counting its frames, WAV by its
//! data chunk and byte rate, M4A by the movie header (`mvhd`), FLAC by STREAMINFO. This
//! is what lets `voices clone` refuse a 9-second sample before uploading anything.

use std::time::Duration;

use crate::spec::{Codec, StreamFormat};

/// The containers recognized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SampleFormat {
    Mp3,
    Wav,
    M4a,
    Flac,
    Ogg,
}

impl SampleFormat {
    pub fn name(self) -> &'static str {
        match self {
            SampleFormat::Mp3 => "mp3",
            SampleFormat::Wav => "wav",
            SampleFormat::M4a => "m4a",
            SampleFormat::Flac => "flac",
            SampleFormat::Ogg => "ogg",
        }
    }

    /// The MIME type an upload declares.
    pub fn mime(self) -> &'static str {
        match self {
            SampleFormat::Mp3 => "audio/mpeg",
            SampleFormat::Wav => "audio/wav",
            SampleFormat::M4a => "audio/mp4",
            SampleFormat::Flac => "audio/flac",
            SampleFormat::Ogg => "audio/ogg",
        }
    }
}

/// A sample, inspected.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    pub format: SampleFormat,
    /// `None` when the container does not say (an Ogg stream).
    pub duration: Option<Duration>,
}

/// Why bytes are not a usable sample.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SampleError {
    #[error("is not audio this tool recognizes (expected MP3, WAV, M4A, FLAC or Ogg)")]
    Unknown,
    #[error("looks like {0} but is damaged: {1}")]
    Damaged(&'static str, String),
}

/// Why a sample file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a regular file", .0.display())]
    NotRegular(std::path::PathBuf),
    #[error("{} is larger than {} MB", path.display(), max / 1_000_000)]
    TooLarge { path: std::path::PathBuf, max: u64 },
}

/// Reads a file the user named, of at most `max` bytes: a regular file only (a FIFO or
/// a device is refused, not waited on).
pub fn load(path: &std::path::Path, max: u64) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = crate::io::open_read(path, true).map_err(io)?;
    if !file.metadata().map_err(io)?.is_file() {
        return Err(LoadError::NotRegular(path.to_path_buf()));
    }
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > max {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            max,
        });
    }
    Ok(bytes)
}

/// Pairs voice samples (each with the name to show for it) with their transcripts, in
/// order, and checks each pair: recognizable audio, a transcript that says something.
pub fn pair_references(
    samples: Vec<(String, Vec<u8>)>,
    texts: &[String],
) -> Result<Vec<crate::spec::Reference>, String> {
    if samples.len() != texts.len() {
        return Err(format!(
            "{} reference samples but {} transcripts; give one reference text per reference audio, in the same order",
            samples.len(),
            texts.len()
        ));
    }
    samples
        .into_iter()
        .zip(texts)
        .map(|((shown, audio), text)| {
            if !audio.is_empty() {
                inspect(&audio).map_err(|e| format!("reference audio {shown} {e}"))?;
            }
            crate::spec::Reference::new(audio, text)
                .map_err(|e| format!("reference audio {shown} {e}"))
        })
        .collect()
}

/// Longer than any sample can be (20 MB at the lowest bit rate lasts under 6 hours): a
/// header that claims more is damaged or hostile.
const MAX_DURATION: Duration = Duration::from_secs(24 * 3600);

/// `units` over `per_second` as a duration, refused when the header's numbers make
/// no sense (not finite, or longer than [`MAX_DURATION`]): the numbers are untrusted.
fn checked_duration(
    kind: &'static str,
    units: f64,
    per_second: f64,
) -> Result<Duration, SampleError> {
    let seconds = units / per_second;
    match Duration::try_from_secs_f64(seconds) {
        Ok(duration) if duration <= MAX_DURATION => Ok(duration),
        _ => Err(SampleError::Damaged(
            kind,
            format!("its header claims an impossible duration ({units} / {per_second} s)"),
        )),
    }
}

/// Recognizes `bytes` and measures them.
pub fn inspect(bytes: &[u8]) -> Result<Sample, SampleError> {
    let (format, duration) = if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WAVE") {
        (SampleFormat::Wav, Some(wav_duration(bytes)?))
    } else if bytes.get(4..8) == Some(b"ftyp") {
        (SampleFormat::M4a, Some(mp4_duration(bytes)?))
    } else if bytes.starts_with(b"fLaC") {
        (SampleFormat::Flac, Some(flac_duration(bytes)?))
    } else if bytes.starts_with(b"OggS") {
        (SampleFormat::Ogg, None)
    } else if looks_like_mp3(bytes) {
        (SampleFormat::Mp3, Some(mp3_duration(bytes)?))
    } else {
        return Err(SampleError::Unknown);
    };
    Ok(Sample { format, duration })
}

/// An ID3v2 tag, or two MPEG audio frame headers in a row at the start.
fn looks_like_mp3(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"ID3") {
        return true;
    }
    bytes.len() >= 4 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0 && (bytes[1] >> 1) & 3 == 1
}

fn mp3_duration(bytes: &[u8]) -> Result<Duration, SampleError> {
    let mut counter = super::duration::DurationCounter::new(StreamFormat {
        codec: Codec::Mp3,
        sample_rate: 0,
        channels: 1,
    });
    counter.feed(bytes);
    match counter.millis() {
        Some(ms) if ms > 0.0 => checked_duration("MP3", ms, 1000.0),
        _ => Err(SampleError::Damaged("MP3", "no audio frames".into())),
    }
}

fn u32_le(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u32_be(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_be(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// A WAV file's PCM: its layout and its samples.
pub struct WavPcm<'a> {
    pub sample_rate: u32,
    pub channels: u16,
    pub bits: u16,
    byte_rate: u32,
    pub data: &'a [u8],
}

/// Walks a WAV's chunks to its `fmt ` and `data`. A streamed WAV's placeholder data
/// length (0 or 0xFFFFFFFF) means "to the end of the file".
pub fn wav_pcm(bytes: &[u8]) -> Result<WavPcm<'_>, SampleError> {
    let damaged = |why: &str| SampleError::Damaged("WAV", why.to_string());
    let le16 = |at: usize| {
        bytes
            .get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let mut at = 12;
    let mut format = None;
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let len = u32_le(bytes, at + 4).ok_or_else(|| damaged("truncated chunk"))?;
        let body = at + 8;
        if id == b"fmt " {
            format = match (
                le16(body + 2),
                u32_le(bytes, body + 4),
                u32_le(bytes, body + 8),
                le16(body + 14),
            ) {
                (Some(channels), Some(rate), Some(byte_rate), Some(bits)) => {
                    Some((channels, rate, byte_rate, bits))
                }
                _ => return Err(damaged("truncated format chunk")),
            };
        } else if id == b"data" {
            let (channels, sample_rate, byte_rate, bits) =
                format.ok_or_else(|| damaged("no format chunk before the data"))?;
            // What the service would refuse after the upload, refused here.
            if channels == 0 {
                return Err(damaged("0 channels"));
            }
            if sample_rate == 0 || byte_rate == 0 {
                return Err(damaged("a sample rate of 0"));
            }
            if bits == 0 {
                return Err(damaged("0 bits per sample"));
            }
            let available = bytes.len() - body;
            let len = match len {
                0 | 0xFFFF_FFFF => available,
                len => (len as usize).min(available),
            };
            return Ok(WavPcm {
                sample_rate,
                channels,
                bits,
                byte_rate,
                data: &bytes[body..body + len],
            });
        }
        // Chunks are padded to an even length.
        at = body
            .checked_add(len as usize + (len as usize & 1))
            .ok_or_else(|| damaged("chunk length overflows"))?;
    }
    Err(damaged("no data chunk"))
}

fn wav_duration(bytes: &[u8]) -> Result<Duration, SampleError> {
    let pcm = wav_pcm(bytes)?;
    checked_duration("WAV", pcm.data.len() as f64, f64::from(pcm.byte_rate))
}

/// The movie header's duration over its time scale (ISO/IEC 14496-12 §8.2.2).
fn mp4_duration(bytes: &[u8]) -> Result<Duration, SampleError> {
    let damaged = |why: &str| SampleError::Damaged("M4A", why.to_string());
    let moov = find_box(bytes, b"moov").ok_or_else(|| damaged("no moov box"))?;
    let mvhd = find_box(moov, b"mvhd").ok_or_else(|| damaged("no mvhd box"))?;
    let (scale, length) = match mvhd.first() {
        Some(1) => (u32_be(mvhd, 20), u64_be(mvhd, 24)),
        Some(0) => (u32_be(mvhd, 12), u32_be(mvhd, 16).map(u64::from)),
        _ => (None, None),
    };
    match (scale, length) {
        (Some(scale), Some(length)) if scale > 0 => {
            checked_duration("M4A", length as f64, f64::from(scale))
        }
        _ => Err(damaged("unreadable mvhd box")),
    }
}

/// The body of the first box of type `kind` among the boxes in `bytes`.
fn find_box<'a>(bytes: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    let mut at = 0usize;
    while at + 8 <= bytes.len() {
        let size = u32_be(bytes, at)? as u64;
        let (header, size) = match size {
            1 => (16, u64_be(bytes, at + 8)?),
            0 => (8, (bytes.len() - at) as u64),
            size => (8, size),
        };
        let end = at.checked_add(usize::try_from(size).ok()?)?;
        if size < header || end > bytes.len() {
            return None;
        }
        if &bytes[at + 4..at + 8] == kind {
            return bytes.get(at + header as usize..end);
        }
        at = end;
    }
    None
}

/// STREAMINFO's total samples over its sample rate.
fn flac_duration(bytes: &[u8]) -> Result<Duration, SampleError> {
    let info = bytes
        .get(8..26)
        .ok_or_else(|| SampleError::Damaged("FLAC", "truncated STREAMINFO".into()))?;
    let rate =
        (u32::from(info[10]) << 12) | (u32::from(info[11]) << 4) | (u32::from(info[12]) >> 4);
    let total = (u64::from(info[13] & 0x0F) << 32)
        | u64::from(u32::from_be_bytes([info[14], info[15], info[16], info[17]]));
    if rate == 0 {
        return Err(SampleError::Damaged("FLAC", "no sample rate".into()));
    }
    checked_duration("FLAC", total as f64, f64::from(rate))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn wav_lasts_its_data_over_its_byte_rate() {
        let pcm = vec![0u8; 16000 * 2 * 3];
        let mut wav = crate::audio::wav::wav_header(
            crate::spec::PcmLayout {
                sample_rate: 16000,
                channels: 1,
            },
            Some(pcm.len() as u64),
        )
        .to_vec();
        wav.extend(&pcm);
        let sample = inspect(&wav).unwrap();
        assert_eq!(sample.format, SampleFormat::Wav);
        assert_eq!(sample.duration, Some(Duration::from_secs(3)));
    }

    #[test]
    fn mp3_and_flac_fixtures_are_measured() {
        let mp3 = inspect(&fixture("hello.mp3")).unwrap();
        assert_eq!(mp3.format, SampleFormat::Mp3);
        // 28 frames of 36 ms.
        let ms = mp3.duration.unwrap().as_millis();
        assert!((900..1100).contains(&ms), "{ms} ms");
        let flac = inspect(&fixture("hello.flac")).unwrap();
        assert_eq!(flac.format, SampleFormat::Flac);
        // The same phrase as the PCM fixture: 28852 bytes of 16-bit mono at 16 kHz.
        let expected = 28852.0 / 32000.0;
        let got = flac.duration.unwrap().as_secs_f64();
        assert!((got - expected).abs() < 0.05, "{got} s");
    }

    #[test]
    fn m4a_duration_comes_from_the_movie_header() {
        let mut mvhd = vec![0u8; 100];
        mvhd[12..16].copy_from_slice(&1000u32.to_be_bytes());
        mvhd[16..20].copy_from_slice(&12_500u32.to_be_bytes());
        let boxed = |kind: &[u8], body: &[u8]| {
            let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
            b.extend(kind);
            b.extend(body);
            b
        };
        let mut file = boxed(b"ftyp", b"M4A \0\0\0\0M4A mp42");
        file.extend(boxed(b"free", &[0; 3]));
        file.extend(boxed(b"moov", &boxed(b"mvhd", &mvhd)));
        let sample = inspect(&file).unwrap();
        assert_eq!(sample.format, SampleFormat::M4a);
        assert_eq!(sample.duration, Some(Duration::from_millis(12_500)));
        // Cut inside the moov box: damaged, not a panic.
        assert!(matches!(
            inspect(&file[..file.len() - 10]),
            Err(SampleError::Damaged("M4A", _))
        ));
    }

    #[test]
    fn text_and_truncated_headers_are_refused_without_panicking() {
        assert_eq!(inspect(b"hello, this is text"), Err(SampleError::Unknown));
        assert_eq!(inspect(b""), Err(SampleError::Unknown));
        for cut in [
            b"RIFF\0\0\0\0WAVE".as_slice(),
            b"fLaC\0\0",
            b"\0\0\0\x08ftyp",
        ] {
            assert!(matches!(inspect(cut), Err(SampleError::Damaged(..))));
        }
    }

    /// An `ftyp` then a `moov` holding a version-1 `mvhd` with `scale` and `length`.
    fn m4a(scale: u32, length: u64) -> Vec<u8> {
        let mut mvhd = vec![1u8, 0, 0, 0];
        mvhd.extend_from_slice(&[0; 16]);
        mvhd.extend_from_slice(&scale.to_be_bytes());
        mvhd.extend_from_slice(&length.to_be_bytes());
        let boxed = |kind: &[u8], body: &[u8]| {
            let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
            b.extend_from_slice(kind);
            b.extend_from_slice(body);
            b
        };
        let mut file = boxed(b"ftyp", b"M4A \0\0\0\0");
        file.extend(boxed(b"moov", &boxed(b"mvhd", &mvhd)));
        file
    }

    #[test]
    fn impossible_durations_are_damaged_not_a_panic() {
        assert!(matches!(
            inspect(&m4a(1, u64::MAX)),
            Err(SampleError::Damaged("M4A", _))
        ));
        assert!(matches!(
            inspect(&m4a(1, 100 * 3600)),
            Err(SampleError::Damaged("M4A", _))
        ));
        assert_eq!(
            inspect(&m4a(1000, 12_500)).unwrap().duration,
            Some(Duration::from_millis(12_500))
        );
    }

    #[test]
    fn a_wav_of_no_channels_or_rate_is_refused() {
        let header = |channels: u16, rate: u32, byte_rate: u32| {
            let mut w = b"RIFF\0\0\0\0WAVEfmt \x10\0\0\0\x01\0".to_vec();
            w.extend_from_slice(&channels.to_le_bytes());
            w.extend_from_slice(&rate.to_le_bytes());
            w.extend_from_slice(&byte_rate.to_le_bytes());
            w.extend_from_slice(&[2, 0, 16, 0]);
            w.extend_from_slice(b"data\x04\0\0\0\0\0\0\0");
            w
        };
        assert!(inspect(&header(1, 16_000, 32_000)).is_ok());
        for bad in [
            header(0, 16_000, 32_000),
            header(1, 0, 32_000),
            header(1, 16_000, 0),
        ] {
            assert!(matches!(inspect(&bad), Err(SampleError::Damaged("WAV", _))));
        }
    }
}
