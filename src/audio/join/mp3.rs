//! Joining MP3 streams into one file. Each stream MiniMax (or a cached row, or a Fish
//! flush) sends is a complete MP3 file: it may start with an ID3v2 tag and a Xing/Info
//! frame that gives *its* frame count, and may end with an ID3v1 tag. Concatenated as
//! they are, a player reads the first Info frame and shows the first stream's duration,
//! and the tags in the middle are garbage to a decoder. So the joiner walks the frames:
//! ID3 tags and Xing/Info/VBRI frames are dropped wherever they are, and so are bytes
//! that are no frame (and a frame cut short at a stream's end); every audio frame goes
//! out whole. The joined file gets one Info frame of its own (the whole file's frames
//! and bytes), written at commit where the output can be patched, left out on a stream.

use crate::audio::duration::{id3v2_len, parse_header};
use crate::sink::{Framer, Out};

/// What a frame's start must show before it can be judged (its header, and where a
/// Xing/Info tag would be). Every MP3 frame is longer.
const JUDGE: usize = 40;
/// An ID3v1 tag: "TAG" and 125 more bytes.
const ID3V1_LEN: u64 = 128;

/// The joiner's state; `Clone` so a sink can take a failed stream back.
#[derive(Clone, Debug)]
pub struct Mp3Joiner {
    /// Whether the output gets an Info frame (it can be patched at the end).
    info: bool,
    /// The first audio frame's header (padding bit cleared): the model of the Info
    /// frame and of silence.
    model: Option<[u8; 4]>,
    /// Where the Info frame sits in the output (after a leading tag), once written.
    info_at: Option<u64>,
    /// Bytes given to the output so far.
    written: u64,
    /// Bytes of a tag or info frame still to drop.
    skip: u64,
    /// The frame (or tag) being read: held until it is whole.
    held: Vec<u8>,
    /// The length of the frame in `held`, once its header was judged audio.
    frame_len: Option<usize>,
    /// Audio frames that went out, and their samples.
    frames: u64,
    samples: u64,
    sample_rate: u32,
    /// Written before the first frame (an ID3v2 tag of the production's chapters).
    lead: Vec<u8>,
    /// The state at the current stream's start (a failed stream is taken back).
    mark: Option<Box<Mp3Joiner>>,
}

impl Mp3Joiner {
    /// A joiner that writes `lead` (an ID3v2 tag) first.
    pub fn new(lead: Vec<u8>) -> Mp3Joiner {
        Mp3Joiner {
            info: false,
            model: None,
            info_at: None,
            written: 0,
            skip: 0,
            held: Vec::new(),
            frame_len: None,
            frames: 0,
            samples: 0,
            sample_rate: 0,
            lead,
            mark: None,
        }
    }

    /// With `JUDGE` bytes held at a unit's start: a tag or info frame to drop, an audio
    /// frame to keep, or a byte of garbage to slide over.
    fn judge(&mut self) {
        let head = std::mem::take(&mut self.held);
        let drop = if let Some(len) = id3v2_len(&head) {
            Some(len)
        } else if head.starts_with(b"TAG") {
            Some(ID3V1_LEN)
        } else {
            match parse_header(&head) {
                Some(frame) if frame.len as usize >= JUDGE => {
                    let tag = head.get(frame.tag_offset..frame.tag_offset + 4);
                    let vbri = head.get(36..40) == Some(b"VBRI");
                    if matches!(tag, Some(b"Xing") | Some(b"Info")) || vbri {
                        Some(frame.len)
                    } else {
                        // Audio: held until the whole frame is here.
                        self.frame_len = Some(frame.len as usize);
                        self.held = head;
                        return;
                    }
                }
                _ => {
                    // Not a frame start: slide one byte.
                    self.held = head[1..].to_vec();
                    return;
                }
            }
        };
        if let Some(len) = drop {
            if len >= head.len() as u64 {
                self.skip = len - head.len() as u64;
            } else {
                self.held = head[len as usize..].to_vec();
            }
        }
    }

    fn emit_frame(&mut self, frame: &[u8], out: Out<'_>) -> std::io::Result<()> {
        let Some(header) = parse_header(frame) else {
            return Ok(());
        };
        if self.model.is_none() {
            self.model = Some([frame[0], frame[1], frame[2] & !0x02, frame[3]]);
            if self.info {
                // A placeholder of the first frame's size, patched at commit.
                let placeholder = self.silent_frame().unwrap_or_default();
                self.info_at = Some(self.written);
                out(&placeholder)?;
                self.written += placeholder.len() as u64;
            }
        }
        self.frames += 1;
        self.samples += header.samples;
        self.sample_rate = header.sample_rate;
        self.written += frame.len() as u64;
        out(frame)
    }

    /// One frame of digital silence in the stream's format: its header, then zeros (all
    /// side information zero: no coded audio, which decoders play as silence).
    fn silent_frame(&self) -> Option<Vec<u8>> {
        let model = self.model?;
        let frame = parse_header(&model)?;
        let mut bytes = vec![0u8; frame.len as usize];
        bytes[..4].copy_from_slice(&model);
        Some(bytes)
    }

    /// The Info frame to write at [`Mp3Joiner::info_offset`]: the whole file's frame
    /// and byte counts, as LAME counts them (the audio frames, not the Info frame; the
    /// bytes from the Info frame on). No LAME extension: no gapless trimming claimed.
    pub fn info_frame(&self) -> Option<Vec<u8>> {
        let mut frame = self.silent_frame()?;
        let header = parse_header(&frame[..4])?;
        let at = header.tag_offset;
        let info_at = self.info_at?;
        let fields = [
            *b"Info",
            0x0000_0003u32.to_be_bytes(),
            u32::try_from(self.frames).unwrap_or(u32::MAX).to_be_bytes(),
            u32::try_from(self.written - info_at)
                .unwrap_or(u32::MAX)
                .to_be_bytes(),
        ];
        for (i, field) in fields.iter().enumerate() {
            frame
                .get_mut(at + i * 4..at + i * 4 + 4)?
                .copy_from_slice(field);
        }
        Some(frame)
    }

    pub fn info_offset(&self) -> Option<u64> {
        self.info_at
    }
}

impl Framer for Mp3Joiner {
    /// Writes the lead; an output that can be patched gets an Info frame.
    fn begin(&mut self, seekable: bool, out: Out<'_>) -> std::io::Result<()> {
        out(&self.lead)?;
        self.info = seekable;
        self.written = self.lead.len() as u64;
        Ok(())
    }

    /// A new stream begins: whatever the last one left unfinished (a frame cut short)
    /// is dropped.
    fn start_stream(&mut self, _out: Out<'_>) -> std::io::Result<()> {
        self.held.clear();
        self.frame_len = None;
        self.skip = 0;
        Ok(())
    }

    /// The output is complete: the Info frame goes where its placeholder is.
    fn finish(&mut self, out: Out<'_>) -> std::io::Result<Option<(u64, Vec<u8>)>> {
        self.start_stream(out)?;
        Ok(self.info_offset().zip(self.info_frame()))
    }

    fn feed(&mut self, mut bytes: &[u8], out: Out<'_>) -> std::io::Result<()> {
        while !bytes.is_empty() {
            if self.skip > 0 {
                let n = self.skip.min(bytes.len() as u64) as usize;
                self.skip -= n as u64;
                bytes = &bytes[n..];
                continue;
            }
            let want = self.frame_len.unwrap_or(JUDGE);
            let take = (want - self.held.len()).min(bytes.len());
            self.held.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.held.len() < want {
                continue;
            }
            if self.frame_len.is_some() {
                let frame = std::mem::take(&mut self.held);
                self.frame_len = None;
                self.emit_frame(&frame, out)?;
            } else {
                self.judge();
            }
        }
        Ok(())
    }

    /// Writes about `ms` of silence (whole frames, rounded to the nearest) between
    /// streams. Needs the format of the audio so far: before any, it writes nothing and
    /// says so.
    fn silence(&mut self, ms: u64, out: Out<'_>) -> std::io::Result<bool> {
        self.start_stream(out)?;
        let (Some(frame), Some(model)) = (self.silent_frame(), self.model) else {
            return Ok(false);
        };
        let Some(header) = parse_header(&model) else {
            return Ok(false);
        };
        let frame_ms = header.samples as f64 * 1000.0 / f64::from(header.sample_rate);
        let count = (ms as f64 / frame_ms).round() as u64;
        for _ in 0..count {
            self.emit_frame(&frame, out)?;
        }
        Ok(true)
    }

    /// Milliseconds of audio that went out.
    fn millis(&self) -> Option<f64> {
        if self.sample_rate == 0 {
            return Some(0.0);
        }
        Some(self.samples as f64 * 1000.0 / f64::from(self.sample_rate))
    }

    fn mark(&mut self) {
        let mut here = self.clone();
        here.mark = None;
        self.mark = Some(Box::new(here));
    }

    fn back_to_mark(&mut self) {
        if let Some(mark) = self.mark.take() {
            *self = (*mark).clone();
            self.mark = Some(mark);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/hello.mp3"
        ))
        .unwrap()
    }

    fn join(streams: &[Vec<u8>], chunk: usize, info: bool) -> (Vec<u8>, Mp3Joiner) {
        let mut joiner = Mp3Joiner::new(Vec::new());
        let mut out = Vec::new();
        let mut sink = |b: &[u8]| {
            out.extend_from_slice(b);
            Ok(())
        };
        joiner.begin(info, &mut sink).unwrap();
        for stream in streams {
            joiner.start_stream(&mut sink).unwrap();
            for piece in stream.chunks(chunk) {
                joiner.feed(piece, &mut sink).unwrap();
            }
        }
        joiner.finish(&mut sink).unwrap();
        (out, joiner)
    }

    #[test]
    fn every_streams_info_frame_and_tags_are_dropped_whatever_the_chunks() {
        let clip = fixture();
        let mut tagged = b"ID3\x04\x00\x00\x00\x00\x00\x05hello".to_vec();
        tagged.extend(&clip);
        let mut v1 = vec![0u8; 128];
        v1[..3].copy_from_slice(b"TAG");
        tagged.extend(&v1);
        // A stream cut short (half a frame) and one with an Info frame in its middle.
        let cut = clip[..clip.len() - 100].to_vec();
        let mut middle = clip.clone();
        middle.extend(&clip);
        // The fixture is an Info frame and then 288-byte audio frames.
        let audio = &clip[288..];
        for chunk in [1, 7, 100, 1000, 100_000] {
            let (out, joiner) = join(&[clip.clone(), tagged.clone(), clip.clone()], chunk, false);
            let expected: Vec<u8> = [audio, audio, audio].concat();
            assert!(
                out == expected,
                "chunks of {chunk}: {} bytes, expected {}",
                out.len(),
                expected.len()
            );
            let (out, _) = join(&[cut.clone(), middle.clone()], chunk, false);
            // The cut stream loses its last frame (cut short), nothing more.
            let whole = audio.len() - 288;
            let expected: Vec<u8> = [&audio[..whole], audio, audio].concat();
            assert!(
                out == expected,
                "chunks of {chunk}: {} bytes, expected {}",
                out.len(),
                expected.len()
            );
            assert_eq!(joiner.frames, 3 * (audio.len() / 288) as u64);
        }
    }

    #[test]
    fn the_info_frame_counts_the_whole_file() {
        let clip = fixture();
        let (out, joiner) = join(&[clip.clone(), clip.clone()], 333, true);
        let audio_frames = 2 * (clip.len() - 288) / 288;
        assert_eq!(
            out.len(),
            288 + 2 * (clip.len() - 288),
            "a placeholder frame first"
        );
        let info = joiner.info_frame().unwrap();
        assert_eq!(joiner.info_offset(), Some(0));
        assert_eq!(info.len(), 288);
        assert_eq!(&info[21..25], b"Info");
        assert_eq!(
            u32::from_be_bytes(info[29..33].try_into().unwrap()) as usize,
            audio_frames
        );
        assert_eq!(
            u32::from_be_bytes(info[33..37].try_into().unwrap()) as usize,
            out.len()
        );
        let mut patched = out.clone();
        patched[..288].copy_from_slice(&info);
        use crate::audio::duration::DurationCounter;
        use crate::spec::{Codec, StreamFormat};
        let mut counter = DurationCounter::new(StreamFormat {
            codec: Codec::Mp3,
            sample_rate: 0,
            channels: 1,
        });
        counter.feed(&patched);
        assert_eq!(
            counter.millis(),
            Some(audio_frames as f64 * 36.0),
            "the Info frame is no audio"
        );
    }

    #[test]
    fn silence_is_whole_frames_of_the_stream_format() {
        let clip = fixture();
        let mut joiner = Mp3Joiner::new(Vec::new());
        let mut out = Vec::new();
        let mut sink = |b: &[u8]| {
            out.extend_from_slice(b);
            Ok(())
        };
        joiner.begin(false, &mut sink).unwrap();
        assert!(
            !joiner.silence(400, &mut sink).unwrap(),
            "no format before audio"
        );
        joiner.start_stream(&mut sink).unwrap();
        joiner.feed(&clip, &mut sink).unwrap();
        joiner.finish(&mut sink).unwrap();
        let before = joiner.millis().unwrap();
        assert!(joiner.silence(400, &mut sink).unwrap());
        // 36 ms frames: 11 of them.
        assert!((joiner.millis().unwrap() - before - 396.0).abs() < 0.01);
    }
}
