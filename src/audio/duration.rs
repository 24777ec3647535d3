//! How long streamed audio lasts, measured from the bytes themselves as they pass: PCM
//! by its size, MP3 by counting its frames (a header scan, no decoding), Ogg Opus by the
//! granule position of its pages. Subtitles of
//! later segments are offset by this, so hours of audio do not drift the way a sum of
//! rounded or estimated lengths would.

use crate::spec::{Codec, StreamFormat};

/// Enough of a frame's start to read its header and a Xing/Info tag.
const HEAD: usize = 40;

/// Counts the duration of one segment's audio.
#[derive(Debug)]
pub struct DurationCounter {
    format: StreamFormat,
    bytes: u64,
    mp3: Mp3Frames,
    ogg: OggPages,
}

/// The length (ms) of a whole file of `spec`'s audio (a cached row, a restored file):
/// its frames counted after any header.
pub fn file_ms(spec: &crate::spec::SynthesisSpec, bytes: &[u8]) -> Option<u64> {
    let header = spec.header_len() as usize;
    let mut counter = DurationCounter::new(spec.stream_format());
    counter.feed(bytes.get(header..).unwrap_or_default());
    counter.millis().map(|ms| ms.round() as u64)
}

impl DurationCounter {
    pub fn new(format: StreamFormat) -> DurationCounter {
        DurationCounter {
            format,
            bytes: 0,
            mp3: Mp3Frames::default(),
            ogg: OggPages::default(),
        }
    }

    /// Starts over (a new segment, or a failed attempt taken back).
    pub fn reset(&mut self) {
        self.bytes = 0;
        self.mp3 = Mp3Frames::default();
        self.ogg = OggPages::default();
    }

    pub fn feed(&mut self, bytes: &[u8]) {
        self.bytes += bytes.len() as u64;
        match self.format.codec {
            Codec::Mp3 => self.mp3.feed(bytes),
            Codec::Opus => self.ogg.feed(bytes),
            Codec::Pcm | Codec::Flac => {}
        }
    }

    /// Milliseconds of audio so far, when the codec allows measuring it.
    pub fn millis(&self) -> Option<f64> {
        match self.format.codec {
            Codec::Pcm => {
                let per_second = f64::from(self.format.sample_rate)
                    * f64::from(self.format.channels.max(1))
                    * 2.0;
                Some(self.bytes as f64 * 1000.0 / per_second)
            }
            Codec::Mp3 => self.mp3.millis(),
            Codec::Opus => self.ogg.millis(),
            Codec::Flac => None,
        }
    }
}

/// An incremental Ogg page scanner for Opus: the granule position of the last complete
/// page, less the pre-skip of the `OpusHead` packet, is the number of 48 kHz samples.
#[derive(Debug, Default)]
struct OggPages {
    /// Bytes of the page body still to skip.
    skip: u64,
    /// The start of the next page, until its header and segment table are complete.
    head: Vec<u8>,
    granule: u64,
    pre_skip: u64,
    /// The body of the first page, to read `OpusHead` from.
    first_body: Option<Vec<u8>>,
    pages: u64,
    /// The stream stopped looking like Ogg: no duration can be trusted.
    broken: bool,
}

impl OggPages {
    fn feed(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() && !self.broken {
            if self.skip > 0 {
                let n = self.skip.min(bytes.len() as u64) as usize;
                if let Some(body) = self.first_body.as_mut() {
                    body.extend_from_slice(&bytes[..n]);
                }
                self.skip -= n as u64;
                bytes = &bytes[n..];
                if self.skip == 0
                    && let Some(body) = self.first_body.take()
                    && body.starts_with(b"OpusHead")
                    && body.len() >= 12
                {
                    self.pre_skip = u64::from(u16::from_le_bytes([body[10], body[11]]));
                }
                continue;
            }
            let want = if self.head.len() < 27 {
                27
            } else {
                27 + usize::from(self.head[26])
            };
            let n = (want - self.head.len()).min(bytes.len());
            self.head.extend_from_slice(&bytes[..n]);
            bytes = &bytes[n..];
            if self.head.len() < want {
                continue;
            }
            if want == 27 {
                if !self.head.starts_with(b"OggS") {
                    self.broken = true;
                }
                continue;
            }
            let mut granule = [0u8; 8];
            granule.copy_from_slice(&self.head[6..14]);
            // -1 marks a page on which no packet ends.
            if let Ok(granule) = u64::try_from(i64::from_le_bytes(granule)) {
                self.granule = granule;
            }
            self.skip = self.head[27..].iter().map(|&s| u64::from(s)).sum();
            if self.pages == 0 {
                self.first_body = Some(Vec::new());
            }
            self.pages += 1;
            self.head.clear();
        }
    }

    fn millis(&self) -> Option<f64> {
        (!self.broken && self.pages > 0)
            .then(|| self.granule.saturating_sub(self.pre_skip) as f64 / 48.0)
    }
}

/// An incremental MP3 frame scanner: skips ID3v2 tags and Xing/Info frames (which hold
/// no audio), counts the samples of every other frame, and resynchronizes on garbage.
#[derive(Debug, Default)]
struct Mp3Frames {
    /// Bytes still to skip (the rest of a frame or tag).
    skip: u64,
    /// The start of the next frame or tag, until it can be judged.
    head: Vec<u8>,
    samples: u64,
    sample_rate: u32,
}

pub(crate) struct FrameHeader {
    pub len: u64,
    pub samples: u64,
    pub sample_rate: u32,
    /// Where a Xing/Info tag would sit in this frame.
    pub tag_offset: usize,
}

/// The whole length of the ID3v2 tag that `head` starts with (header, syncsafe size,
/// footer), if it starts with one.
pub(crate) fn id3v2_len(head: &[u8]) -> Option<u64> {
    if !head.starts_with(b"ID3") || head.len() < 10 {
        return None;
    }
    let size = head[6..10]
        .iter()
        .fold(0u64, |acc, &b| (acc << 7) | u64::from(b & 0x7F));
    let footer = if head[5] & 0x10 != 0 { 10 } else { 0 };
    Some(10 + size + footer)
}

pub(crate) fn parse_header(h: &[u8]) -> Option<FrameHeader> {
    if h.len() < 4 || h[0] != 0xFF || h[1] & 0xE0 != 0xE0 {
        return None;
    }
    let version = (h[1] >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
    let layer = (h[1] >> 1) & 3; // 1 = Layer III
    if version == 1 || layer != 1 {
        return None;
    }
    let bitrate_index = usize::from(h[2] >> 4);
    let rate_index = usize::from((h[2] >> 2) & 3);
    if bitrate_index == 0 || bitrate_index == 15 || rate_index == 3 {
        return None;
    }
    const MPEG1_KBPS: [u32; 15] = [
        0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
    ];
    const MPEG2_KBPS: [u32; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    let mpeg1 = version == 3;
    let kbps = if mpeg1 {
        MPEG1_KBPS[bitrate_index]
    } else {
        MPEG2_KBPS[bitrate_index]
    };
    let base_rate = [44100, 48000, 32000][rate_index];
    let sample_rate = match version {
        3 => base_rate,
        2 => base_rate / 2,
        _ => base_rate / 4,
    };
    let padding = u64::from((h[2] >> 1) & 1);
    let mono = (h[3] >> 6) == 3;
    let (coefficient, samples) = if mpeg1 { (144, 1152) } else { (72, 576) };
    let len = u64::from(coefficient * kbps * 1000 / sample_rate) + padding;
    let side_info = match (mpeg1, mono) {
        (true, true) => 17,
        (true, false) => 32,
        (false, true) => 9,
        (false, false) => 17,
    };
    Some(FrameHeader {
        len,
        samples,
        sample_rate,
        tag_offset: 4 + side_info,
    })
}

impl Mp3Frames {
    fn feed(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            if self.skip > 0 {
                let n = (self.skip.min(bytes.len() as u64)) as usize;
                self.skip -= n as u64;
                bytes = &bytes[n..];
                continue;
            }
            let take = (HEAD - self.head.len()).min(bytes.len());
            self.head.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.head.len() < HEAD {
                continue;
            }
            self.judge_head();
        }
    }

    /// Decides what the bytes in `head` start: a tag, a frame, or garbage.
    fn judge_head(&mut self) {
        let head = std::mem::take(&mut self.head);
        if let Some(len) = id3v2_len(&head) {
            self.skip_within(&head, len);
            return;
        }
        match parse_header(&head) {
            Some(frame) if frame.len >= 4 => {
                let tag = head.get(frame.tag_offset..frame.tag_offset + 4);
                let is_info = matches!(tag, Some(b"Xing") | Some(b"Info"));
                if !is_info {
                    self.samples += frame.samples;
                    self.sample_rate = frame.sample_rate;
                }
                self.skip_within(&head, frame.len);
            }
            _ => {
                // Not a frame start: slide one byte and look again.
                self.head = head[1..].to_vec();
            }
        }
    }

    /// Skips `len` bytes from the start of `head` (which holds the first `HEAD` of them
    /// or more); what `head` holds past them is the next thing to judge.
    fn skip_within(&mut self, head: &[u8], len: u64) {
        let held = head.len() as u64;
        if len >= held {
            self.skip = len - held;
        } else {
            let rest = head[len as usize..].to_vec();
            self.feed(&rest);
        }
    }

    fn millis(&self) -> Option<f64> {
        (self.sample_rate > 0).then(|| self.samples as f64 * 1000.0 / f64::from(self.sample_rate))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A silent MPEG-1 Layer III frame header: 128 kbit/s, 32 kHz, mono.
    fn frame(tag: Option<&[u8; 4]>) -> Vec<u8> {
        let header = [0xFF, 0xFB, 0x98, 0xC4];
        let len = 144 * 128_000 / 32_000;
        let mut f = vec![0u8; len];
        f[..4].copy_from_slice(&header);
        if let Some(tag) = tag {
            f[4 + 17..4 + 21].copy_from_slice(tag);
        }
        f
    }

    #[test]
    fn counts_frames_across_any_chunking_and_skips_tags() {
        let mut stream = b"ID3\x04\x00\x00\x00\x00\x00\x05hello".to_vec();
        stream.extend(frame(Some(b"Info")));
        for _ in 0..10 {
            stream.extend(frame(None));
        }
        for chunk in [1, 7, 333, 100_000] {
            let mut counter = DurationCounter::new(StreamFormat {
                codec: Codec::Mp3,
                sample_rate: 32000,
                channels: 1,
            });
            for piece in stream.chunks(chunk) {
                counter.feed(piece);
            }
            // 10 frames of 1152 samples at 32 kHz; the Info frame holds no audio.
            assert_eq!(counter.millis(), Some(360.0), "chunks of {chunk}");
        }
    }

    #[test]
    fn pcm_duration_follows_from_the_size() {
        let mut counter = DurationCounter::new(StreamFormat {
            codec: Codec::Pcm,
            sample_rate: 16000,
            channels: 1,
        });
        counter.feed(&[0; 32000]);
        assert_eq!(counter.millis(), Some(1000.0));
        counter.reset();
        assert_eq!(counter.millis(), Some(0.0));
    }

    #[test]
    fn the_fixtures_last_as_long_as_their_frames_say() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hello.mp3");
        let bytes = std::fs::read(path).unwrap();
        let mut counter = DurationCounter::new(StreamFormat {
            codec: Codec::Mp3,
            sample_rate: 32000,
            channels: 1,
        });
        counter.feed(&bytes);
        let ms = counter.millis().unwrap();
        // 288-byte frames of 36 ms each (128 kbit/s, 32 kHz).
        let frames = (bytes.len() / 288) as f64;
        assert!(
            (ms - frames * 36.0).abs() <= 72.0,
            "{ms} ms for {frames} frames"
        );
    }
}
