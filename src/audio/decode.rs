//! The decode thread: one continuous decoder per segment stream (MP3 frames depend on
//! earlier bytes, and chunks are not frame-aligned), PCM converted directly, samples pushed
//! into the ring. The reader under symphonia blocks until bytes arrive; returning 0 means the
//! segment's stream ended.

use std::io::{self, Read};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rtrb::Producer;
use symphonia::core::errors::Error as DecodeError;
use symphonia::core::io::ReadOnlySource;

use super::{Feed, Shared, StreamFormat};
use crate::spec::Codec;

/// The layout of decoded samples: (sample rate, channels).
pub(crate) type Spec = (u32, u16);

pub(crate) fn spawn(
    feed: Receiver<Feed>,
    producer: Producer<f32>,
    format: StreamFormat,
    spec_tx: SyncSender<Spec>,
    shared: Arc<Shared>,
    level: Option<crate::spec::Target>,
) -> io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("decode".into())
        .spawn(move || {
            let mut decoder = Decoder {
                reader: Arc::new(Mutex::new(FeedReader::new(feed, shared.clone()))),
                producer,
                spec: None,
                spec_tx: Some(spec_tx),
                shared: shared.clone(),
                samples: Vec::new(),
                warned_spec: false,
                pushed: 0,
                leveler: level.map(crate::audio::level::Leveler::new),
            };
            decoder.run(format);
            shared.decode_done.store(true, Ordering::Release);
        })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SegmentState {
    Open,
    Ended,
    Aborted,
    Closed,
}

/// A blocking `Read` over the feed channel that reports end-of-stream at each segment end.
struct FeedReader {
    rx: Receiver<Feed>,
    buf: Vec<u8>,
    pos: usize,
    state: SegmentState,
    /// A segment id seen in the feed whose first samples are not pushed yet.
    marker: Option<u64>,
    shared: Arc<Shared>,
}

impl FeedReader {
    fn new(rx: Receiver<Feed>, shared: Arc<Shared>) -> Self {
        FeedReader {
            rx,
            buf: Vec::new(),
            pos: 0,
            state: SegmentState::Open,
            marker: None,
            shared,
        }
    }

    /// Blocks for the next message unless the segment is over. Returns false at its end.
    fn fill(&mut self) -> bool {
        while self.pos >= self.buf.len() {
            if self.state != SegmentState::Open {
                return false;
            }
            match self.rx.recv() {
                Ok(Feed::Data(bytes)) => {
                    self.shared
                        .backlog
                        .fetch_sub(bytes.len() as u64, Ordering::AcqRel);
                    self.buf = bytes;
                    self.pos = 0;
                }
                Ok(Feed::StartSegment(id)) => self.marker = Some(id),
                Ok(Feed::EndSegment) => self.state = SegmentState::Ended,
                Ok(Feed::AbortSegment) => self.state = SegmentState::Aborted,
                Err(_) => self.state = SegmentState::Closed,
            }
        }
        true
    }

    /// Skips whatever is left of the current segment and opens the next one. Returns false
    /// when the feed is closed and no segment follows.
    fn next_segment(&mut self) -> bool {
        while self.fill() {
            self.pos = self.buf.len();
        }
        self.buf.clear();
        self.pos = 0;
        if self.state == SegmentState::Closed {
            return false;
        }
        self.state = SegmentState::Open;
        // Peek: a closed feed right after a segment end means there is nothing more.
        self.fill() || self.state != SegmentState::Closed
    }
}

impl Read for FeedReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() || !self.fill() {
            return Ok(0);
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Lets symphonia own a handle to the reader while the decoder keeps one to move on to
/// the next segment. Only the decode thread ever locks it.
struct SharedReader(Arc<Mutex<FeedReader>>);

impl Read for SharedReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let mut reader = self
            .0
            .lock()
            .map_err(|_| io::Error::other("reader poisoned"))?;
        reader.read(out)
    }
}

struct Decoder {
    reader: Arc<Mutex<FeedReader>>,
    producer: Producer<f32>,
    spec: Option<Spec>,
    spec_tx: Option<SyncSender<Spec>>,
    shared: Arc<Shared>,
    samples: Vec<f32>,
    warned_spec: bool,
    /// Samples pushed so far (the ring position of the next sample).
    pushed: u64,
    leveler: Option<crate::audio::level::Leveler>,
}

impl Decoder {
    fn stopped(&self) -> bool {
        self.shared.stop.load(Ordering::Relaxed)
    }

    fn run(&mut self, format: StreamFormat) {
        loop {
            if self.stopped() {
                return;
            }
            match format.codec {
                Codec::Pcm => self.pcm_segment(format),
                Codec::Mp3 | Codec::Flac => self.coded_segment(format.codec),
                // `Playback::start` refuses what cannot be decoded.
                Codec::Opus => return,
            }
            let more = match self.reader.lock() {
                Ok(mut reader) => reader.next_segment(),
                Err(_) => false,
            };
            if !more {
                return;
            }
        }
    }

    /// Raw s16le PCM: convert directly, carrying an odd byte across chunks.
    fn pcm_segment(&mut self, format: StreamFormat) {
        let spec = (format.sample_rate, format.channels);
        let mut carry: Option<u8> = None;
        let mut bytes = vec![0u8; 16 * 1024];
        loop {
            let n = match self.reader.lock() {
                Ok(mut reader) => reader.read(&mut bytes).unwrap_or(0),
                Err(_) => 0,
            };
            if n == 0 {
                return;
            }
            let mut data = &bytes[..n];
            self.samples.clear();
            if let Some(low) = carry.take() {
                self.samples
                    .push(f32::from(i16::from_le_bytes([low, data[0]])) / 32768.0);
                data = &data[1..];
            }
            let pairs = data.chunks_exact(2);
            carry = pairs.remainder().first().copied();
            self.samples
                .extend(pairs.map(|p| f32::from(i16::from_le_bytes([p[0], p[1]])) / 32768.0));
            let samples = std::mem::take(&mut self.samples);
            let pushed = self.push(spec, &samples);
            self.samples = samples;
            if !pushed {
                return;
            }
        }
    }

    /// MP3 or FLAC: one symphonia format reader and decoder for the whole segment stream.
    fn coded_segment(&mut self, codec: Codec) {
        let source = ReadOnlySource::new(SharedReader(self.reader.clone()));
        let mut opened = match super::codec::open(Box::new(source), codec.name()) {
            Ok(opened) => opened,
            Err(e) => {
                self.log(format_args!(
                    "cannot decode the {} stream: {e}",
                    codec.name()
                ));
                return;
            }
        };
        loop {
            if self.stopped() {
                return;
            }
            let packet = match opened.next_packet() {
                Ok(Some(packet)) => packet,
                Ok(None) => return,
                Err(e) => {
                    self.log(format_args!("stream error: {e}"));
                    return;
                }
            };
            match opened.decoder.decode(&packet) {
                Ok(buffer) => {
                    let spec = (
                        buffer.spec().rate(),
                        buffer.spec().channels().count() as u16,
                    );
                    let mut samples = std::mem::take(&mut self.samples);
                    samples.resize(buffer.samples_interleaved(), 0.0);
                    buffer.copy_to_slice_interleaved(&mut samples);
                    let pushed = self.push(spec, &samples);
                    self.samples = samples;
                    if !pushed {
                        return;
                    }
                }
                // A damaged frame: skip it, as players do.
                Err(DecodeError::DecodeError(e)) => {
                    self.log(format_args!("skipped a bad frame: {e}"))
                }
                Err(e) => {
                    self.log(format_args!("decoder error: {e}"));
                    return;
                }
            }
        }
    }

    /// Pushes whole frames into the ring, waiting while it is full. Returns false when
    /// playback was stopped.
    fn push(&mut self, spec: Spec, samples: &[f32]) -> bool {
        match self.spec {
            None => {
                self.log(format_args!(
                    "first samples decoded: {} Hz × {} channels",
                    spec.0, spec.1
                ));
                self.spec = Some(spec);
                if let Some(tx) = self.spec_tx.take() {
                    let _ = tx.send(spec);
                }
            }
            Some(current) if current != spec => {
                if !self.warned_spec {
                    crate::report::warn(format_args!(
                        "a segment arrived as {} Hz × {} channels instead of {} Hz × {}; it is saved but not played",
                        spec.0, spec.1, current.0, current.1
                    ));
                    self.warned_spec = true;
                }
                return true;
            }
            Some(_) => {}
        }
        // Brought toward the loudness target as it is measured (`--loudness` while playing).
        let levelled;
        let samples = match self.leveler.as_mut() {
            Some(leveler) => {
                levelled = leveler.process(spec.0, spec.1, samples).to_vec();
                &levelled[..]
            }
            None => samples,
        };
        // The first samples after a segment marker: note where that segment begins.
        let marker = self.reader.lock().ok().and_then(|mut r| r.marker.take());
        if let Some(id) = marker
            && let Ok(mut marks) = self.shared.segment_marks.lock()
        {
            marks.push((id, self.pushed));
        }
        let channels = usize::from(spec.1.max(1));
        let mut rest = &samples[..samples.len() - samples.len() % channels];
        while !rest.is_empty() {
            if self.stopped() {
                return false;
            }
            let free = self.producer.slots();
            let n = (free - free % channels).min(rest.len());
            if n == 0 {
                // The ring holds seconds of audio: wait for the player to make room.
                std::thread::sleep(Duration::from_millis(5));
                continue;
            }
            match self.producer.write_chunk_uninit(n) {
                Ok(chunk) => {
                    chunk.fill_from_iter(rest[..n].iter().copied());
                }
                Err(_) => continue,
            }
            rest = &rest[n..];
            self.pushed += n as u64;
        }
        true
    }

    fn log(&self, args: std::fmt::Arguments<'_>) {
        crate::report::debug("decode", args);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn feed_reader_ends_each_segment() {
        let (tx, rx) = mpsc::channel();
        tx.send(Feed::Data(b"abc".to_vec())).unwrap();
        tx.send(Feed::Data(b"de".to_vec())).unwrap();
        tx.send(Feed::EndSegment).unwrap();
        tx.send(Feed::Data(b"xyz".to_vec())).unwrap();
        tx.send(Feed::AbortSegment).unwrap();
        tx.send(Feed::Data(b"again".to_vec())).unwrap();
        drop(tx);
        let mut reader = FeedReader::new(rx, Arc::new(Shared::default()));
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap();
        assert_eq!(out, b"abcde");
        assert!(reader.next_segment());
        let mut buf = [0u8; 2];
        assert_eq!(reader.read(&mut buf).unwrap(), 2);
        // Skips the rest of an aborted segment.
        assert!(reader.next_segment());
        out.clear();
        reader.read_to_end(&mut out).unwrap();
        assert_eq!(out, b"again");
        assert!(!reader.next_segment());
    }
}
