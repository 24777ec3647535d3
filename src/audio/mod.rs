//! Live playback: audio bytes are decoded on their own thread into a lock-free ring of f32
//! samples, which a custom rodio `Source` plays from in the audio callback.
//!
//! ```text
//! session task ──feed()──> channel ──> decode thread (symphonia / PCM) ──> rtrb ring
//!                                            audio callback <── RingSource <──┘
//! ```

pub mod codec;
mod decode;
pub mod duration;
pub mod finish;
pub mod framing;
pub mod join;
pub mod level;
mod output;
mod ring;
pub mod sample;
pub mod wav;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::spec::Codec;

pub use output::{Backend, DeviceInfo, list_devices};

pub use crate::spec::StreamFormat;

/// What the network side hands the decoder.
pub(crate) enum Feed {
    /// The audio that follows belongs to this segment.
    StartSegment(u64),
    /// Audio bytes, in order.
    Data(Vec<u8>),
    /// The current segment's stream is complete (a new MP3/FLAC stream follows).
    EndSegment,
    /// The current segment failed midway and will be sent again from its start.
    AbortSegment,
}

/// Compressed bytes that may wait for the decoder: about a minute of 128 kbit/s MP3.
pub const MAX_BACKLOG: u64 = 1 << 20;

/// State shared by the decoder, the audio callback and the controlling thread; atomics only.
#[derive(Default)]
pub(crate) struct Shared {
    /// Set by Ctrl-C: the source goes silent and ends at once.
    pub stop: AtomicBool,
    /// The decoder has pushed its last sample.
    pub decode_done: AtomicBool,
    /// The source has returned its last sample.
    pub ended: AtomicBool,
    /// Playback ran to its end and was waited for.
    pub finished: AtomicBool,
    /// Times the ring ran dry during playback.
    pub underruns: AtomicU64,
    /// Nanoseconds since process start when the first real sample was played (0 = not yet).
    pub first_play_ns: AtomicU64,
    /// Compressed bytes fed but not yet taken by the decoder.
    pub backlog: AtomicU64,
    /// Samples the source has played (popped from the ring).
    pub played: AtomicU64,
    /// Silent samples the source gave while waiting for audio (underruns).
    pub silent_pulls: AtomicU64,
    /// The device stopped taking audio and playback was given up.
    pub stalled: AtomicBool,
    /// The output thread has finished (its device closed).
    pub output_closed: AtomicBool,
    /// (segment id, ring position of its first sample), written by the decoder.
    pub segment_marks: Mutex<Vec<(u64, u64)>>,
}

/// How playback went, for reports.
#[derive(Clone, Debug, Default)]
pub struct PlaybackReport {
    pub first_play: Option<Duration>,
    pub underruns: u64,
}

/// A running playback pipeline. Feed it bytes; [`Playback::finish`] then waiting on
/// [`Playback::done`] plays everything to the end.
///
/// Every method takes `&self`, so the network side can feed it while the caller holds it
/// to wait or stop (the locks are on the network side only, never in the audio callback).
pub struct Playback {
    feed: Mutex<Option<mpsc::Sender<Feed>>>,
    shared: Arc<Shared>,
    done: Mutex<Option<tokio::sync::oneshot::Receiver<()>>>,
    threads: Vec<JoinHandle<()>>,
}

impl Playback {
    /// Opens the output and starts the decoder and output threads. Fails, without
    /// starting anything, when the output cannot be opened (e.g. no audio device).
    pub fn start(
        backend: &Backend,
        format: StreamFormat,
        preroll: Duration,
        stall: Duration,
        level: Option<crate::spec::Target>,
    ) -> Result<Playback, String> {
        if format.codec == Codec::Opus {
            return Err("Opus audio cannot be played here (there is no Opus decoder)".into());
        }
        let shared = Arc::new(Shared::default());
        let (feed_tx, feed_rx) = mpsc::channel();
        let (spec_tx, spec_rx) = mpsc::sync_channel(1);
        let (done_tx, done_rx) = tokio::sync::oneshot::channel();
        let (producer, consumer) = rtrb::RingBuffer::new(ring::capacity());

        let output = output::spawn(
            backend.clone(),
            consumer,
            spec_rx,
            shared.clone(),
            done_tx,
            preroll,
            stall,
        )?;
        let decoder = decode::spawn(feed_rx, producer, format, spec_tx, shared.clone(), level)
            .map_err(|e| format!("cannot start the decoder thread: {e}"))?;
        Ok(Playback {
            feed: Mutex::new(Some(feed_tx)),
            shared,
            done: Mutex::new(Some(done_rx)),
            threads: vec![output, decoder],
        })
    }

    fn close_feed(&self) {
        if let Ok(mut feed) = self.feed.lock() {
            feed.take();
        }
    }

    pub(crate) fn send(&self, feed: Feed) {
        if let Ok(guard) = self.feed.lock()
            && let Some(tx) = guard.as_ref()
        {
            // The decoder only goes away when playback was stopped; nothing to do then.
            let _ = tx.send(feed);
        }
    }

    pub fn feed(&self, bytes: &[u8]) {
        self.shared
            .backlog
            .fetch_add(bytes.len() as u64, Ordering::AcqRel);
        self.send(Feed::Data(bytes.to_vec()));
    }

    /// Waits while more compressed audio than [`MAX_BACKLOG`] is queued for the decoder
    /// (which runs at the speaker's pace). The socket is then simply not read for a
    /// while, as MiniMax's own sample does by writing into mpv's pipe; memory stays flat
    /// however long the audio.
    pub async fn room(&self) {
        while self.shared.backlog.load(Ordering::Acquire) > MAX_BACKLOG
            && !self.shared.stop.load(Ordering::Relaxed)
            && !self.shared.ended.load(Ordering::Acquire)
        {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// The audio that follows belongs to segment `id` (for [`Playback::segment_started`]).
    pub fn start_segment(&self, id: u64) {
        self.send(Feed::StartSegment(id));
    }

    pub fn end_segment(&self) {
        self.send(Feed::EndSegment);
    }

    pub fn abort_segment(&self) {
        self.send(Feed::AbortSegment);
    }

    /// No more audio will come: play what is buffered to the end.
    pub fn finish(&self) {
        self.close_feed();
    }

    /// Resolves when the last sample has been played (and the device drained).
    pub async fn done(&self) {
        let done = self.done.lock().ok().and_then(|mut d| d.take());
        if let Some(done) = done {
            let _ = done.await;
            self.shared.finished.store(true, Ordering::Release);
        }
    }

    /// Stops playback at once (Ctrl-C).
    pub fn stop(&self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.close_feed();
    }

    /// Whether the first sample of segment `id` has been played.
    pub fn segment_started(&self, id: u64) -> bool {
        let played = self.shared.played.load(Ordering::Acquire);
        self.shared
            .segment_marks
            .lock()
            .map(|marks| marks.iter().any(|&(m, pos)| m == id && pos < played))
            .unwrap_or(false)
    }

    /// Why playback failed, if the device stopped taking audio.
    pub fn failure(&self) -> Option<String> {
        self.shared
            .stalled
            .load(Ordering::Acquire)
            .then(|| "the audio device stopped taking audio, so playback was abandoned".to_string())
    }

    pub fn report(&self) -> PlaybackReport {
        let ns = self.shared.first_play_ns.load(Ordering::Acquire);
        PlaybackReport {
            first_play: (ns != 0).then(|| Duration::from_nanos(ns)),
            underruns: self.shared.underruns.load(Ordering::Relaxed),
        }
    }
}

impl Drop for Playback {
    fn drop(&mut self) {
        // Dropped before the end (an error or Ctrl-C): silence the source so the threads end.
        if !self.shared.finished.load(Ordering::Acquire) {
            self.shared.stop.store(true, Ordering::SeqCst);
        }
        self.close_feed();
        let finished = self.shared.finished.load(Ordering::Acquire);
        for thread in self.threads.drain(..) {
            let is_output = thread.thread().name() == Some(output::THREAD_NAME);
            if is_output && !finished {
                // A wedged device can block its thread: wait a moment, then leave it,
                // so Ctrl-C always gets out.
                let deadline = std::time::Instant::now() + Duration::from_secs(1);
                while !self.shared.output_closed.load(Ordering::Acquire)
                    && std::time::Instant::now() < deadline
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
                if !self.shared.output_closed.load(Ordering::Acquire) {
                    continue;
                }
            }
            let _ = thread.join();
        }
    }
}
