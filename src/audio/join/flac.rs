//! Joining FLAC streams: each stream is a complete FLAC file (its own `fLaC` marker,
//! STREAMINFO and frame numbers from zero), which cannot simply follow another. So the
//! streams are decoded (symphonia) and encoded again as one (flacenc, frame by frame,
//! nothing held but the stream being decoded and one block). A single stream with
//! nothing added goes out as it came, byte for byte.
//!
//! The STREAMINFO of a joined file (total samples, frame sizes, the MD5 of the audio) is
//! known only at the end: patched at commit where the output can be patched, left
//! "unknown" (zero, as the format allows) on a stream.
//!
//! Streams keep their own bit depth (MiniMax does not say which it sends; 16 and 24 are
//! both FLAC). The encoder takes 8 to 24 bits in steps of 4, so a depth between is
//! written at the next step up (the samples shifted, nothing lost), and a depth over 24
//! (the format allows 32) at 24: joining never fails on a depth, after it was paid for.

use flacenc::bitsink::ByteSink;
use flacenc::component::{BitRepr, StreamInfo};
use flacenc::error::Verify;
use flacenc::source::{Context, Fill, FrameBuf};
use std::io;

use crate::sink::{Framer, Out};

/// Samples per channel in each encoded frame (the reference encoder's default).
const BLOCK: usize = 4096;
/// Where STREAMINFO's 34 bytes start: after `fLaC` and the block header.
const STREAMINFO_AT: u64 = 8;

/// The joiner's state.
pub struct FlacJoiner {
    /// Whether the output can be patched at the end (a file).
    patchable: bool,
    /// Vorbis comments to write (chapters); they force a re-encoded output.
    comments: Vec<(String, String)>,
    /// Every stream is encoded, even a single one (a production: its length is known
    /// after each stream).
    force: bool,
    /// Only the samples are counted (a production's first pass lays out its timeline).
    measuring: Option<(u32, u64)>,
    /// The current stream's bytes.
    pending: Vec<u8>,
    /// A finished first stream kept until it is known whether another follows.
    first: Option<Vec<u8>>,
    encoder: Option<Encoder>,
    /// The length of `pending` at the mark (a failed stream is taken back to it).
    marked: usize,
}

/// What a decoded stream is: its rate, channels and bit depth (as the samples handed on
/// are scaled).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    pub rate: u32,
    pub channels: usize,
    pub bits: u32,
}

impl Shape {
    /// The largest magnitude of a sample at this depth (`2^(bits-1)`).
    pub fn full_scale(self) -> f64 {
        2f64.powi(self.bits as i32 - 1)
    }
}

/// The depth the encoder writes a `bits`-deep stream at: 8 to 24, a multiple of 4.
fn encoded_bits(bits: u32) -> u32 {
    bits.clamp(8, 24).div_ceil(4) * 4
}

/// Converts decoded samples (full 32-bit scale, as symphonia gives them) to `bits`.
fn to_depth(samples: &mut [i32], bits: u32) {
    let shift = 32 - bits;
    for s in samples {
        *s >>= shift;
    }
}

struct Encoder {
    config: flacenc::error::Verified<flacenc::config::Encoder>,
    info: StreamInfo,
    frame: FrameBuf,
    context: Context,
    shape: Shape,
    /// Interleaved samples not yet making a whole block.
    carry: Vec<i32>,
    sink: ByteSink,
}

/// Why a stream cannot be joined.
#[derive(Debug, thiserror::Error)]
pub enum FlacJoinError {
    #[error("a FLAC segment cannot be decoded: {0}")]
    Decode(String),
    #[error("FLAC segments differ in format ({0}); they cannot be joined")]
    Mismatch(String),
    #[error("the FLAC encoder failed: {0}")]
    Encode(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl FlacJoiner {
    /// A joiner; `comments` go into the joined file's VORBIS_COMMENT.
    pub fn new(comments: Vec<(String, String)>) -> FlacJoiner {
        FlacJoiner {
            patchable: false,
            comments,
            force: false,
            measuring: None,
            pending: Vec::new(),
            first: None,
            encoder: None,
            marked: 0,
        }
    }

    /// Every stream encoded as it ends (nothing kept back).
    pub fn forced(mut self) -> FlacJoiner {
        self.force = true;
        self
    }

    /// Decodes and counts the samples, encodes nothing.
    pub fn measuring(mut self) -> FlacJoiner {
        self.measuring = Some((0, 0));
        self.force = true;
        self
    }

    fn end_stream(&mut self, out: Out<'_>) -> Result<(), FlacJoinError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let stream = std::mem::take(&mut self.pending);
        if self.encoder.is_none() && self.first.is_none() && self.comments.is_empty() && !self.force
        {
            // Perhaps the only one: kept as it is until another follows.
            self.first = Some(stream);
            return Ok(());
        }
        self.encode_stream(&stream, out)
    }

    fn encode_stream(&mut self, stream: &[u8], out: Out<'_>) -> Result<(), FlacJoinError> {
        if let Some(first) = self.first.take() {
            self.encode_stream(&first, out)?;
        }
        if let Some(measured) = self.measuring.as_mut() {
            return decode(stream, |shape, samples| {
                *measured = (
                    shape.rate,
                    measured.1 + (samples.len() / shape.channels.max(1)) as u64,
                );
                Ok(())
            });
        }
        decode(stream, |shape, samples| {
            let encoder = self.encoder_for(shape, out)?;
            encoder.push(samples, out)
        })
    }

    /// The encoder, started (and the header written) at the first audio.
    fn encoder_for(&mut self, shape: Shape, out: Out<'_>) -> Result<&mut Encoder, FlacJoinError> {
        if let Some(encoder) = &self.encoder
            && encoder.shape != shape
        {
            let was = encoder.shape;
            return Err(FlacJoinError::Mismatch(format!(
                "{} Hz × {} at {} bits and {} Hz × {} at {} bits",
                was.rate, was.channels, was.bits, shape.rate, shape.channels, shape.bits
            )));
        }
        if self.encoder.is_none() {
            let encoder = Encoder::new(shape)?;
            let header = header(&encoder.info, &self.comments)?;
            out(&header)?;
            self.encoder = Some(encoder);
        }
        self.encoder
            .as_mut()
            .ok_or_else(|| FlacJoinError::Encode("no encoder".into()))
    }

    /// About `ms` of silence, in the format of the audio so far (nothing before any).
    fn add_silence(&mut self, ms: u64, out: Out<'_>) -> Result<bool, FlacJoinError> {
        self.end_stream(out)?;
        if let Some(first) = self.first.take() {
            self.encode_stream(&first, out)?;
        }
        if let Some((rate, samples)) = self.measuring.as_mut() {
            *samples += u64::from(*rate) * ms / 1000;
            return Ok(*rate > 0);
        }
        let Some(encoder) = self.encoder.as_mut() else {
            return Ok(false);
        };
        let frames = (u64::from(encoder.shape.rate) * ms / 1000) as usize;
        let zeros = vec![0i32; frames * encoder.shape.channels];
        encoder.push(&zeros, out)?;
        Ok(true)
    }

    /// Ends the output. Returns the STREAMINFO to patch in at [`STREAMINFO_AT`] when the
    /// output was encoded here and can be patched.
    fn end(&mut self, out: Out<'_>) -> Result<Option<(u64, Vec<u8>)>, FlacJoinError> {
        self.end_stream(out)?;
        if let Some(only) = self.first.take() {
            // One stream, nothing added: it goes out unchanged.
            out(&only)?;
            return Ok(None);
        }
        let Some(encoder) = self.encoder.as_mut() else {
            return Ok(None);
        };
        encoder.flush(out)?;
        if !self.patchable {
            return Ok(None);
        }
        encoder.info.set_md5_digest(&encoder.context.md5_digest());
        // A fixed-block-size stream: the last, shorter block does not count (as the
        // reference encoder writes it).
        encoder
            .info
            .set_block_sizes(BLOCK, BLOCK)
            .map_err(|e| FlacJoinError::Encode(format!("{e:?}")))?;
        let mut sink = ByteSink::new();
        encoder
            .info
            .write(&mut sink)
            .map_err(|e| FlacJoinError::Encode(format!("{e:?}")))?;
        Ok(Some((STREAMINFO_AT, sink.into_inner())))
    }
}

impl Framer for FlacJoiner {
    /// Writes nothing yet (the header comes with the first audio); a STREAMINFO with the
    /// totals is patched in at the end only where the output can be.
    fn begin(&mut self, seekable: bool, _out: Out<'_>) -> io::Result<()> {
        self.patchable = seekable;
        Ok(())
    }

    fn start_stream(&mut self, out: Out<'_>) -> io::Result<()> {
        self.end_stream(out).map_err(io::Error::other)
    }

    /// A stream is decoded whole when it ends (held until then).
    fn feed(&mut self, bytes: &[u8], _out: Out<'_>) -> io::Result<()> {
        self.pending.extend_from_slice(bytes);
        Ok(())
    }

    fn silence(&mut self, ms: u64, out: Out<'_>) -> io::Result<bool> {
        self.add_silence(ms, out).map_err(io::Error::other)
    }

    fn finish(&mut self, out: Out<'_>) -> io::Result<Option<(u64, Vec<u8>)>> {
        self.end(out).map_err(io::Error::other)
    }

    /// Milliseconds of audio encoded so far.
    fn millis(&self) -> Option<f64> {
        if let Some((rate, samples)) = self.measuring {
            return (rate > 0).then(|| samples as f64 * 1000.0 / f64::from(rate));
        }
        let encoder = self.encoder.as_ref()?;
        Some(encoder.context.total_samples() as f64 * 1000.0 / f64::from(encoder.shape.rate))
    }

    fn mark(&mut self) {
        self.marked = self.pending.len();
    }

    fn back_to_mark(&mut self) {
        self.pending.truncate(self.marked);
    }
}

/// A FLAC file written from samples (a finished file: gain applied, silence trimmed).
pub struct SampleEncoder {
    encoder: Encoder,
}

impl SampleEncoder {
    /// Writes the header (totals unknown yet) and returns the encoder, for samples of
    /// `shape` (as [`decode_file`] hands them on).
    pub fn new(shape: Shape, out: Out<'_>) -> Result<SampleEncoder, FlacJoinError> {
        let encoder = Encoder::new(shape)?;
        out(&header(&encoder.info, &[])?)?;
        Ok(SampleEncoder { encoder })
    }

    pub fn push(&mut self, samples: &[i32], out: Out<'_>) -> Result<(), FlacJoinError> {
        self.encoder.push(samples, out)
    }

    /// Ends the stream; returns the STREAMINFO to write at its offset.
    pub fn finish(mut self, out: Out<'_>) -> Result<(u64, Vec<u8>), FlacJoinError> {
        self.encoder.flush(out)?;
        let info = &mut self.encoder.info;
        info.set_md5_digest(&self.encoder.context.md5_digest());
        info.set_block_sizes(BLOCK, BLOCK)
            .map_err(|e| FlacJoinError::Encode(format!("{e:?}")))?;
        let mut sink = ByteSink::new();
        info.write(&mut sink)
            .map_err(|e| FlacJoinError::Encode(format!("{e:?}")))?;
        Ok((STREAMINFO_AT, sink.into_inner()))
    }
}

/// Decodes a FLAC file (any size: read as it decodes), handing on its interleaved
/// samples at the stream's own depth, with its shape.
pub fn decode_file(
    path: &std::path::Path,
    each: impl FnMut(Shape, &[i32]) -> Result<(), FlacJoinError>,
) -> Result<(), FlacJoinError> {
    let file = std::fs::File::open(path)?;
    decode_source(Box::new(file), each)
}

impl Encoder {
    fn new(shape: Shape) -> Result<Encoder, FlacJoinError> {
        let failed = |e: &dyn std::fmt::Debug| FlacJoinError::Encode(format!("{e:?}"));
        let config = flacenc::config::Encoder::default()
            .into_verified()
            .map_err(|e| failed(&e))?;
        let (channels, bits) = (shape.channels, encoded_bits(shape.bits) as usize);
        let mut info =
            StreamInfo::new(shape.rate as usize, channels, bits).map_err(|e| failed(&e))?;
        info.set_block_sizes(BLOCK, BLOCK).map_err(|e| failed(&e))?;
        Ok(Encoder {
            config,
            info,
            frame: FrameBuf::with_size(channels, BLOCK).map_err(|e| failed(&e))?,
            context: Context::new(bits, channels),
            shape,
            carry: Vec::with_capacity(BLOCK * channels),
            sink: ByteSink::new(),
        })
    }

    /// Takes samples at the stream's depth; they are written at the encoder's.
    fn push(&mut self, mut samples: &[i32], out: Out<'_>) -> Result<(), FlacJoinError> {
        let whole = BLOCK * self.shape.channels;
        let (from, to) = (self.shape.bits, encoded_bits(self.shape.bits));
        while !samples.is_empty() {
            let take = (whole - self.carry.len()).min(samples.len());
            let piece = &samples[..take];
            // Most streams are written at their own depth: copied as they are.
            match to.cmp(&from) {
                std::cmp::Ordering::Equal => self.carry.extend_from_slice(piece),
                std::cmp::Ordering::Greater => {
                    self.carry.extend(piece.iter().map(|&s| s << (to - from)))
                }
                std::cmp::Ordering::Less => {
                    self.carry.extend(piece.iter().map(|&s| s >> (from - to)))
                }
            }
            samples = &samples[take..];
            if self.carry.len() == whole {
                self.encode_carry(out)?;
            }
        }
        Ok(())
    }

    fn flush(&mut self, out: Out<'_>) -> Result<(), FlacJoinError> {
        if self.carry.is_empty() {
            return Ok(());
        }
        self.encode_carry(out)
    }

    fn encode_carry(&mut self, out: Out<'_>) -> Result<(), FlacJoinError> {
        let failed = |e: &dyn std::fmt::Debug| FlacJoinError::Encode(format!("{e:?}"));
        (&mut self.frame, &mut self.context)
            .fill_interleaved(&self.carry)
            .map_err(|e| failed(&e))?;
        self.carry.clear();
        let number = self.context.current_frame_number().unwrap_or(0);
        let frame = flacenc::encode_fixed_size_frame(&self.config, &self.frame, number, &self.info)
            .map_err(|e| failed(&e))?;
        self.info.update_frame_info(&frame);
        self.sink.clear();
        frame.write(&mut self.sink).map_err(|e| failed(&e))?;
        out(self.sink.as_slice())?;
        Ok(())
    }
}

/// `fLaC`, STREAMINFO (totals unknown yet) and, with comments, a VORBIS_COMMENT block.
fn header(info: &StreamInfo, comments: &[(String, String)]) -> Result<Vec<u8>, FlacJoinError> {
    let mut out = b"fLaC".to_vec();
    let mut sink = ByteSink::new();
    info.write(&mut sink)
        .map_err(|e| FlacJoinError::Encode(format!("{e:?}")))?;
    let streaminfo = sink.into_inner();
    let last = comments.is_empty();
    out.push(if last { 0x80 } else { 0x00 });
    out.extend_from_slice(&(streaminfo.len() as u32).to_be_bytes()[1..]);
    out.extend_from_slice(&streaminfo);
    if !last {
        let block = vorbis_comments(comments);
        out.push(0x80 | 4);
        out.extend_from_slice(&(block.len() as u32).to_be_bytes()[1..]);
        out.extend_from_slice(&block);
    }
    Ok(out)
}

/// A VORBIS_COMMENT block's body (little-endian lengths, `KEY=value` entries).
pub fn vorbis_comments(comments: &[(String, String)]) -> Vec<u8> {
    let vendor = concat!("minimax-tts ", env!("CARGO_PKG_VERSION"));
    let mut out = Vec::new();
    out.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
    out.extend_from_slice(vendor.as_bytes());
    out.extend_from_slice(&(comments.len() as u32).to_le_bytes());
    for (key, value) in comments {
        let entry = format!("{key}={value}");
        out.extend_from_slice(&(entry.len() as u32).to_le_bytes());
        out.extend_from_slice(entry.as_bytes());
    }
    out
}

/// Decodes one FLAC stream, handing its interleaved samples (at its depth) on.
fn decode(
    stream: &[u8],
    each: impl FnMut(Shape, &[i32]) -> Result<(), FlacJoinError>,
) -> Result<(), FlacJoinError> {
    decode_source(Box::new(std::io::Cursor::new(stream.to_vec())), each)
}

fn decode_source(
    source: Box<dyn symphonia::core::io::MediaSource>,
    mut each: impl FnMut(Shape, &[i32]) -> Result<(), FlacJoinError>,
) -> Result<(), FlacJoinError> {
    let mut opened = crate::audio::codec::open(source, "flac").map_err(FlacJoinError::Decode)?;
    // STREAMINFO always gives the depth; the format allows 4 to 32 bits.
    let bits = opened
        .bits
        .filter(|b| (4..=32).contains(b))
        .ok_or_else(|| FlacJoinError::Decode("no valid bit depth in STREAMINFO".into()))?;
    let mut wide: Vec<i32> = Vec::new();
    while let Some(packet) = opened.next_packet().map_err(FlacJoinError::Decode)? {
        let buffer = opened
            .decoder
            .decode(&packet)
            .map_err(|e| FlacJoinError::Decode(e.to_string()))?;
        let shape = Shape {
            rate: buffer.spec().rate(),
            channels: buffer.spec().channels().count(),
            bits,
        };
        if shape.channels == 0 || shape.rate == 0 {
            return Err(FlacJoinError::Decode(
                "a frame of no channels or rate".into(),
            ));
        }
        wide.resize(buffer.samples_interleaved(), 0);
        buffer.copy_to_slice_interleaved(&mut wide);
        to_depth(&mut wide, bits);
        each(shape, &wide)?;
    }
    Ok(())
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

    fn samples(flac: &[u8]) -> Vec<i32> {
        let mut all = Vec::new();
        decode(flac, |_, s| {
            all.extend_from_slice(s);
            Ok(())
        })
        .unwrap();
        all
    }

    fn join(streams: &[Vec<u8>], patchable: bool) -> Vec<u8> {
        let mut joiner = FlacJoiner::new(Vec::new());
        let mut out = Vec::new();
        let mut sink = |b: &[u8]| {
            out.extend_from_slice(b);
            Ok(())
        };
        joiner.begin(patchable, &mut sink).unwrap();
        for stream in streams {
            joiner.start_stream(&mut sink).unwrap();
            joiner.feed(stream, &mut sink).unwrap();
        }
        let patch = joiner.finish(&mut sink).unwrap();
        if let Some((at, bytes)) = patch {
            out[at as usize..at as usize + bytes.len()].copy_from_slice(&bytes);
        }
        out
    }

    #[test]
    fn one_stream_goes_out_unchanged() {
        let hello = fixture("hello.flac");
        assert!(join(std::slice::from_ref(&hello), true) == hello);
    }

    #[test]
    fn joined_streams_decode_to_the_segments_samples_in_order() {
        let (hello, world) = (fixture("hello.flac"), fixture("world.flac"));
        let joined = join(&[hello.clone(), world.clone(), hello.clone()], true);
        let expected: Vec<i32> = [samples(&hello), samples(&world), samples(&hello)].concat();
        assert!(samples(&joined) == expected, "the samples, in order");
        // STREAMINFO: 16 kHz mono, the total of the three.
        let info = &joined[8..42];
        let total = (u64::from(info[13] & 0x0F) << 32)
            | u64::from(u32::from_be_bytes(info[14..18].try_into().unwrap()));
        assert_eq!(total as usize, expected.len());
        assert_ne!(&info[18..34], &[0u8; 16], "the MD5 is set");
    }
}
