//! Finishing a complete audio file: silence trimmed at both ends, loudness measured as
//! EBU R128 / ITU-R BS.1770 says (the `ebur128` crate: integrated loudness, loudness
//! range, true peak) and brought to a target.
//!
//! PCM, WAV and FLAC get the gain in their samples, never past a true-peak ceiling, and
//! silence is cut to the sample. MP3 is not encoded again (quality, time): it gets
//! ReplayGain 2.0 tags (ID3v2 `TXXX` frames) that players apply, and silence is cut by
//! whole frames. Two passes over the file (measure, then write), so memory stays flat.

use std::io::{Read, Write};
use std::path::Path;

use serde::Serialize;

use id3::TagLike;

use super::duration::parse_header;
use super::join::flac::{SampleEncoder, Shape, decode_file};
use super::join::mp3::Mp3Joiner;
use crate::sink::Framer;
use crate::spec::{AudioFormat, Finishing, PcmLayout, Target, WAV_HEADER_LEN};

/// What finishing measured and did.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct FinishReport {
    /// Integrated loudness (LUFS) and loudness range (LU) as measured (before any gain).
    pub integrated_lufs: Option<f64>,
    pub loudness_range_lu: Option<f64>,
    /// True peak (dBTP) as measured.
    pub true_peak_dbtp: Option<f64>,
    /// The gain applied to the samples, or written as ReplayGain (MP3), in dB.
    pub gain_db: Option<f64>,
    /// `samples` or `replaygain`.
    pub gain_as: Option<&'static str>,
    /// The target could not be reached without passing the ceiling: the gain stops
    /// there (samples), or players will limit it (MP3).
    pub limited: bool,
    /// Silence removed at the start and at the end (ms).
    pub trimmed_start_ms: u64,
    pub trimmed_end_ms: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum FinishError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("the audio cannot be decoded: {0}")]
    Decode(String),
    #[error("the loudness cannot be measured: {0}")]
    Meter(String),
    #[error("{0}")]
    Flac(#[from] super::join::flac::FlacJoinError),
    #[error("Ogg Opus cannot be finished here (there is no Opus decoder)")]
    Opus,
}

/// A meter over interleaved f32 samples, with the ends of what is louder than the
/// trim threshold (in units: frames of samples, or MP3 frames).
struct Meter {
    ebu: ebur128::EbuR128,
    channels: usize,
    threshold: f32,
    units: u64,
    first_loud: Option<u64>,
    last_loud: Option<u64>,
}

impl Meter {
    fn new(channels: usize, rate: u32, threshold_dbfs: f64) -> Result<Meter, FinishError> {
        use ebur128::Mode;
        let ebu = ebur128::EbuR128::new(
            channels as u32,
            rate,
            Mode::I | Mode::LRA | Mode::TRUE_PEAK | Mode::SAMPLE_PEAK,
        )
        .map_err(|e| FinishError::Meter(format!("{e:?}")))?;
        Ok(Meter {
            ebu,
            channels: channels.max(1),
            threshold: 10f32.powf(threshold_dbfs as f32 / 20.0),
            units: 0,
            first_loud: None,
            last_loud: None,
        })
    }

    /// A unit of audio (a frame of samples when `per_frame`, else one MP3 frame).
    fn add(&mut self, samples: &[f32], per_frame: bool) -> Result<(), FinishError> {
        self.ebu
            .add_frames_f32(samples)
            .map_err(|e| FinishError::Meter(format!("{e:?}")))?;
        if per_frame {
            for frame in samples.chunks(self.channels) {
                if frame.iter().any(|s| s.abs() > self.threshold) {
                    self.first_loud.get_or_insert(self.units);
                    self.last_loud = Some(self.units);
                }
                self.units += 1;
            }
        } else {
            if samples.iter().any(|s| s.abs() > self.threshold) {
                self.first_loud.get_or_insert(self.units);
                self.last_loud = Some(self.units);
            }
            self.units += 1;
        }
        Ok(())
    }

    fn finished(&self, target: Option<Target>) -> Result<FinishReport, FinishError> {
        let meter = |e: ebur128::Error| FinishError::Meter(format!("{e:?}"));
        let integrated = self.ebu.loudness_global().map_err(meter)?;
        let range = self.ebu.loudness_range().map_err(meter)?;
        let peak = (0..self.channels as u32)
            .map(|c| self.ebu.true_peak(c))
            .collect::<Result<Vec<f64>, _>>()
            .map_err(meter)?
            .into_iter()
            .fold(0.0f64, f64::max);
        let finite = |v: f64| v.is_finite().then_some(round2(v));
        let peak_db = (peak > 0.0).then(|| 20.0 * peak.log10());
        let mut finished = FinishReport {
            integrated_lufs: finite(integrated),
            loudness_range_lu: finite(range),
            true_peak_dbtp: peak_db.map(round2),
            ..FinishReport::default()
        };
        if let (Some(target), Some(measured)) = (target, finished.integrated_lufs) {
            let mut gain = target.lufs - measured;
            if let Some(peak) = peak_db
                && peak + gain > target.ceiling_dbtp
            {
                gain = target.ceiling_dbtp - peak;
                finished.limited = true;
            }
            finished.gain_db = Some(round2(gain));
        }
        Ok(finished)
    }

    fn sample_peak(&self) -> f64 {
        (0..self.channels as u32)
            .filter_map(|c| self.ebu.sample_peak(c).ok())
            .fold(0.0, f64::max)
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// Finishing for a [`crate::sink::Sink`] to do before its file goes into place: what
/// to do, to audio of this format and layout.
pub struct FinishAs<'a> {
    pub finishing: &'a Finishing,
    pub format: AudioFormat,
    pub layout: PcmLayout,
}

impl crate::sink::Finish for FinishAs<'_> {
    type Report = FinishReport;

    fn is_empty(&self) -> bool {
        self.finishing.is_empty()
    }

    fn finish(&self, from: &Path, to: &Path) -> std::io::Result<FinishReport> {
        finish_file(from, to, self.format, self.layout, self.finishing)
            .map_err(std::io::Error::other)
    }

    fn removed_ms(report: &FinishReport) -> f64 {
        (report.trimmed_start_ms + report.trimmed_end_ms) as f64
    }
}

/// Finishes the audio file at `path` in place (the batch's rows): written to a temporary
/// file beside it and renamed over it, so the file is always as it was or finished.
pub fn finish_in_place(path: &Path, finish: &FinishAs<'_>) -> std::io::Result<FinishReport> {
    crate::io::atomic::rewrite_in_place(path, |from, to| {
        finish_file(from, to, finish.format, finish.layout, finish.finishing)
    })
}

/// Finishes `src` into `dst` (a new file); `layout` is the PCM's (raw PCM has no header
/// to say).
pub fn finish_file(
    src: &Path,
    dst: &Path,
    format: AudioFormat,
    layout: PcmLayout,
    finishing: &Finishing,
) -> Result<FinishReport, FinishError> {
    let threshold = finishing.trim.map_or(-50.0, |t| t.threshold_dbfs);
    match format {
        AudioFormat::Mp3 => finish_mp3(src, dst, finishing, threshold),
        AudioFormat::Opus => Err(FinishError::Opus),
        AudioFormat::Pcm | AudioFormat::Wav | AudioFormat::Flac => {
            finish_samples(src, dst, format, layout, finishing, threshold)
        }
    }
}

/// Hands on the file's samples (interleaved, as i32 at the file's depth: 16 bits for WAV
/// and PCM, the stream's own for FLAC), with their shape.
fn each_pcm(
    src: &Path,
    format: AudioFormat,
    layout: PcmLayout,
    mut each: impl FnMut(Shape, &[i32]) -> Result<(), FinishError>,
) -> Result<(), FinishError> {
    match format {
        AudioFormat::Flac => {
            let mut failure = None;
            let decoded = decode_file(src, |shape, samples| {
                each(shape, samples).map_err(|e| {
                    let shown = e.to_string();
                    failure = Some(e);
                    super::join::flac::FlacJoinError::Decode(shown)
                })
            });
            match (decoded, failure) {
                (_, Some(e)) => Err(e),
                (Err(e), None) => Err(e.into()),
                (Ok(()), None) => Ok(()),
            }
        }
        _ => {
            let mut file = std::fs::File::open(src)?;
            if format == AudioFormat::Wav {
                let mut header = [0u8; WAV_HEADER_LEN];
                file.read_exact(&mut header)?;
            }
            let mut buf = vec![0u8; 64 * 1024];
            let mut carry: Option<u8> = None;
            let mut wide = Vec::new();
            loop {
                let n = file.read(&mut buf)?;
                if n == 0 {
                    return Ok(());
                }
                let mut bytes: Vec<u8> = carry.take().into_iter().collect();
                bytes.extend_from_slice(&buf[..n]);
                if bytes.len() % 2 == 1 {
                    carry = bytes.pop();
                }
                wide.clear();
                wide.extend(
                    bytes
                        .chunks_exact(2)
                        .map(|b| i32::from(i16::from_le_bytes([b[0], b[1]]))),
                );
                let shape = Shape {
                    rate: layout.sample_rate,
                    channels: usize::from(layout.channels),
                    bits: 16,
                };
                each(shape, &wide)?;
            }
        }
    }
}

fn finish_samples(
    src: &Path,
    dst: &Path,
    format: AudioFormat,
    layout: PcmLayout,
    finishing: &Finishing,
    threshold: f64,
) -> Result<FinishReport, FinishError> {
    // Pass 1: measure, and find where the sound starts and ends.
    let mut meter: Option<Meter> = None;
    let mut floats = Vec::new();
    let mut shape = Shape {
        rate: layout.sample_rate,
        channels: usize::from(layout.channels),
        bits: 16,
    };
    each_pcm(src, format, layout, |s, samples| {
        if meter.is_none() {
            shape = s;
            meter = Some(Meter::new(s.channels, s.rate, threshold)?);
        }
        let unit = (1.0 / s.full_scale()) as f32;
        floats.clear();
        floats.extend(samples.iter().map(|&v| v as f32 * unit));
        meter.as_mut().map_or(Ok(()), |m| m.add(&floats, true))
    })?;
    let Some(meter) = meter else {
        // No audio at all: nothing to measure, nothing to change.
        std::fs::copy(src, dst)?;
        return Ok(FinishReport::default());
    };
    let (rate, channels) = (shape.rate, shape.channels);
    let mut finished = meter.finished(finishing.loudness)?;
    let total = meter.units;
    let (start, end) = match (finishing.trim, meter.first_loud, meter.last_loud) {
        (Some(trim), Some(first), Some(last)) => {
            let pad = u64::from(rate) * trim.pad_ms / 1000;
            (first.saturating_sub(pad), (last + 1 + pad).min(total))
        }
        _ => (0, total),
    };
    let ms = |frames: u64| frames * 1000 / u64::from(rate.max(1));
    finished.trimmed_start_ms = ms(start);
    finished.trimmed_end_ms = ms(total - end);
    let factor = finished.gain_db.map_or(1.0, |g| 10f64.powf(g / 20.0));
    if finished.gain_db.is_some() {
        finished.gain_as = Some("samples");
    }

    // Pass 2: the kept frames, with the gain, in the same format (and depth).
    let mut out = std::io::BufWriter::new(std::fs::File::create(dst)?);
    let kept_bytes = (end - start) * channels as u64 * 2;
    let mut flac: Option<SampleEncoder> = None;
    let mut sink = Vec::new();
    match format {
        AudioFormat::Wav => out.write_all(&super::wav::wav_header(
            PcmLayout {
                sample_rate: rate,
                channels: channels as u16,
            },
            Some(kept_bytes),
        ))?,
        AudioFormat::Flac => {
            let mut write = |b: &[u8]| sink.write_all(b);
            flac = Some(SampleEncoder::new(shape, &mut write)?);
            out.write_all(&sink)?;
            sink.clear();
        }
        _ => {}
    }
    let mut at = 0u64;
    let mut scaled: Vec<i32> = Vec::new();
    let top = shape.full_scale();
    let (lowest, highest) = (-top as i64, top as i64 - 1);
    each_pcm(src, format, layout, |s, samples| {
        let c = s.channels;
        let frames = (samples.len() / c.max(1)) as u64;
        let from = start.saturating_sub(at).min(frames) as usize * c;
        let to = end.saturating_sub(at).min(frames) as usize * c;
        at += frames;
        if from >= to {
            return Ok(());
        }
        scaled.clear();
        scaled.extend(
            samples[from..to]
                .iter()
                .map(|&v| ((f64::from(v) * factor).round() as i64).clamp(lowest, highest) as i32),
        );
        match flac.as_mut() {
            Some(encoder) => {
                let mut write = |b: &[u8]| sink.write_all(b);
                encoder.push(&scaled, &mut write)?;
                out.write_all(&sink)?;
                sink.clear();
            }
            None => {
                for s in &scaled {
                    out.write_all(&(*s as i16).to_le_bytes())?;
                }
            }
        }
        Ok(())
    })?;
    if let Some(encoder) = flac {
        let mut write = |b: &[u8]| sink.write_all(b);
        let (offset, info) = encoder.finish(&mut write)?;
        out.write_all(&sink)?;
        let mut file = out.into_inner().map_err(|e| e.into_error())?;
        use std::io::{Seek, SeekFrom};
        file.seek(SeekFrom::Start(offset))?;
        file.write_all(&info)?;
        file.sync_all()?;
    } else {
        out.flush()?;
        out.get_ref().sync_all()?;
    }
    Ok(finished)
}

/// Decodes an MP3 file frame by frame (symphonia), handing on each frame's samples
/// (interleaved f32) with the rate and channels; `None` for a damaged frame.
fn each_mp3_frame(
    src: &Path,
    mut each: impl FnMut(u32, usize, Option<&[f32]>) -> Result<(), FinishError>,
) -> Result<(), FinishError> {
    let mut opened = super::codec::open(Box::new(std::fs::File::open(src)?), "mp3")
        .map_err(FinishError::Decode)?;
    let mut floats: Vec<f32> = Vec::new();
    let (mut rate, mut channels) = (0u32, 1usize);
    while let Some(packet) = opened.next_packet().map_err(FinishError::Decode)? {
        match opened.decoder.decode(&packet) {
            Ok(buffer) => {
                rate = buffer.spec().rate();
                channels = buffer.spec().channels().count();
                floats.resize(buffer.samples_interleaved(), 0.0);
                buffer.copy_to_slice_interleaved(&mut floats);
                each(rate, channels, Some(&floats))?;
            }
            Err(symphonia::core::errors::Error::DecodeError(_)) if rate > 0 => {
                each(rate, channels, None)?;
            }
            Err(e) => return Err(FinishError::Decode(e.to_string())),
        }
    }
    Ok(())
}

/// What a review shows of a file: its peaks over `bins` slices of time, its loudness and
/// true peak, its length.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Overview {
    pub peaks: Vec<f32>,
    pub integrated_lufs: Option<f64>,
    pub true_peak_dbtp: Option<f64>,
    pub duration_ms: u64,
}

/// Decodes `path` once for its [`Overview`].
pub fn overview(
    path: &Path,
    format: AudioFormat,
    layout: PcmLayout,
    bins: usize,
) -> Result<Overview, FinishError> {
    // Peaks per 10 ms, folded into `bins` at the end (the length is known then).
    let mut meter: Option<Meter> = None;
    let mut fine: Vec<f32> = Vec::new();
    let mut slot = (0usize, 0.0f32, 0usize);
    let mut rate_seen = 0u32;
    let mut add = |rate: u32, channels: usize, samples: &[f32]| -> Result<(), FinishError> {
        if meter.is_none() {
            meter = Some(Meter::new(channels, rate, -50.0)?);
            rate_seen = rate;
        }
        if let Some(m) = meter.as_mut() {
            m.ebu
                .add_frames_f32(samples)
                .map_err(|e| FinishError::Meter(format!("{e:?}")))?;
        }
        let per_slot = (rate as usize / 100).max(1);
        for frame in samples.chunks(channels.max(1)) {
            let peak = frame.iter().fold(0.0f32, |p, s| p.max(s.abs()));
            slot.1 = slot.1.max(peak);
            slot.2 += 1;
            slot.0 += 1;
            if slot.2 == per_slot {
                fine.push(slot.1);
                slot.1 = 0.0;
                slot.2 = 0;
            }
        }
        Ok(())
    };
    match format {
        AudioFormat::Mp3 => each_mp3_frame(path, |rate, channels, samples| match samples {
            Some(samples) => add(rate, channels, samples),
            None => Ok(()),
        })?,
        AudioFormat::Opus => return Err(FinishError::Opus),
        _ => {
            let mut floats = Vec::new();
            each_pcm(path, format, layout, |shape, samples| {
                let unit = (1.0 / shape.full_scale()) as f32;
                floats.clear();
                floats.extend(samples.iter().map(|&v| v as f32 * unit));
                add(shape.rate, shape.channels, &floats)
            })?;
        }
    }
    if slot.2 > 0 {
        fine.push(slot.1);
    }
    let Some(meter) = meter else {
        return Ok(Overview::default());
    };
    let finished = meter.finished(None)?;
    let bins = bins.max(1);
    let peaks = (0..bins)
        .map(|b| {
            let from = b * fine.len() / bins;
            let to = ((b + 1) * fine.len() / bins).max(from + 1).min(fine.len());
            fine.get(from..to)
                .map_or(0.0, |s| s.iter().fold(0.0f32, |p, v| p.max(*v)))
        })
        .collect();
    Ok(Overview {
        peaks,
        integrated_lufs: finished.integrated_lufs,
        true_peak_dbtp: finished.true_peak_dbtp,
        duration_ms: (slot.0 as u64 * 1000) / u64::from(rate_seen.max(1)),
    })
}

/// MP3: measured and trimmed by its decoded frames; the gain goes into ReplayGain tags.
fn finish_mp3(
    src: &Path,
    dst: &Path,
    finishing: &Finishing,
    threshold: f64,
) -> Result<FinishReport, FinishError> {
    // Pass 1: decode every frame (symphonia), for the meter and the silent frames.
    let mut meter: Option<Meter> = None;
    let mut frame_ms = 0.0f64;
    each_mp3_frame(src, |rate, channels, samples| {
        if meter.is_none() {
            meter = Some(Meter::new(channels, rate, threshold)?);
        }
        let Some(m) = meter.as_mut() else {
            return Ok(());
        };
        match samples {
            Some(samples) => {
                frame_ms =
                    (samples.len() / channels.max(1)) as f64 * 1000.0 / f64::from(rate.max(1));
                m.add(samples, false)
            }
            // A damaged frame counts as a (silent) frame, as a player skips it.
            None => {
                m.units += 1;
                Ok(())
            }
        }
    })?;
    let Some(meter) = meter else {
        std::fs::copy(src, dst)?;
        return Ok(FinishReport::default());
    };
    let mut finished = meter.finished(finishing.loudness)?;
    let total = meter.units;
    let (start, end) = match (finishing.trim, meter.first_loud, meter.last_loud) {
        (Some(trim), Some(first), Some(last)) => {
            // Whole frames; two more before the sound, whose bits the first loud frame
            // may borrow (the bit reservoir).
            let pad = (trim.pad_ms as f64 / frame_ms.max(1.0)).ceil() as u64;
            (first.saturating_sub(pad + 2), (last + 1 + pad).min(total))
        }
        _ => (0, total),
    };
    finished.trimmed_start_ms = (start as f64 * frame_ms).round() as u64;
    finished.trimmed_end_ms = ((total - end) as f64 * frame_ms).round() as u64;

    // The tag: what the file had (chapters of a production), and ReplayGain.
    let bytes_in = std::fs::metadata(src)?.len();
    let mut file = std::fs::File::open(src)?;
    let mut head = [0u8; 10];
    let tag_len = match file.read_exact(&mut head) {
        Ok(()) => super::duration::id3v2_len(&head).unwrap_or(0),
        Err(_) => 0,
    };
    let mut tag = if tag_len > 0 {
        id3::Tag::read_from2(std::fs::File::open(src)?).unwrap_or_default()
    } else {
        id3::Tag::new()
    };
    if let (Some(target), Some(gain)) = (finishing.loudness, finished.gain_db) {
        // Players apply the whole gain and use the peak to avoid clipping; the gain is
        // the one to the target, not limited.
        let full = finished
            .integrated_lufs
            .map_or(gain, |measured| round2(target.lufs - measured));
        tag.add_frame(id3::frame::ExtendedText {
            description: "REPLAYGAIN_TRACK_GAIN".into(),
            value: format!("{full:+.2} dB"),
        });
        tag.add_frame(id3::frame::ExtendedText {
            description: "REPLAYGAIN_TRACK_PEAK".into(),
            value: format!("{:.6}", meter.sample_peak()),
        });
        tag.add_frame(id3::frame::ExtendedText {
            description: "REPLAYGAIN_REFERENCE_LOUDNESS".into(),
            value: format!("{:.2} LUFS", target.lufs),
        });
        finished.gain_db = Some(full);
        finished.gain_as = Some("replaygain");
    }
    let mut lead = Vec::new();
    if tag.frames().next().is_some() {
        tag.write_to(&mut lead, id3::Version::Id3v24)
            .map_err(|e| FinishError::Decode(format!("the tag cannot be written: {e}")))?;
    }

    // Pass 2: the new tag, then the audio: as it was, or the kept frames.
    let mut out = std::io::BufWriter::new(std::fs::File::create(dst)?);
    use std::io::{Seek, SeekFrom};
    file.seek(SeekFrom::Start(tag_len))?;
    if start == 0 && end == total {
        out.write_all(&lead)?;
        std::io::copy(&mut (&mut file).take(bytes_in - tag_len), &mut out)?;
        out.flush()?;
        out.get_ref().sync_all()?;
        return Ok(finished);
    }
    let mut rest = Vec::new();
    file.read_to_end(&mut rest)?;
    let mut joiner = Mp3Joiner::new(lead);
    let mut emit = |b: &[u8]| out.write_all(b);
    joiner.begin(true, &mut emit)?;
    joiner.start_stream(&mut emit)?;
    let mut at = 0usize;
    let mut index = 0u64;
    while at + 4 <= rest.len() {
        let Some(header) = parse_header(&rest[at..]) else {
            at += 1;
            continue;
        };
        let len = header.len as usize;
        let Some(frame) = rest.get(at..at + len) else {
            break;
        };
        let tag_at = header.tag_offset;
        let is_info = matches!(frame.get(tag_at..tag_at + 4), Some(b"Xing") | Some(b"Info"));
        if !is_info {
            if index >= start && index < end {
                joiner.feed(frame, &mut emit)?;
            }
            index += 1;
        }
        at += len;
    }
    let info = joiner.finish(&mut emit)?;
    let mut file = out.into_inner().map_err(|e| e.into_error())?;
    if let Some((offset, info)) = info {
        file.seek(SeekFrom::Start(offset))?;
        file.write_all(&info)?;
    }
    file.sync_all()?;
    Ok(finished)
}
/// A file that could not reach its loudness target without passing the ceiling.
pub fn warn_limited(what: &str, finished: &FinishReport, finishing: &crate::spec::Finishing) {
    if let (true, Some(target)) = (finished.limited, finishing.loudness) {
        crate::report::warn(format_args!(
            "{}: {} LUFS cannot be reached without passing the {} dBTP ceiling (measured {} LUFS, true peak {} dBTP); {}",
            crate::report::sanitized(what),
            target.lufs,
            target.ceiling_dbtp,
            finished
                .integrated_lufs
                .map_or("?".into(), |v| v.to_string()),
            finished
                .true_peak_dbtp
                .map_or("?".into(), |v| v.to_string()),
            match finished.gain_as {
                Some("replaygain") => "players will limit the gain".to_string(),
                _ => format!(
                    "the gain stops at {:+.2} dB",
                    finished.gain_db.unwrap_or(0.0)
                ),
            }
        ));
    }
}
