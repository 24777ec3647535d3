//! The ring between the decoder and the audio callback, and the rodio `Source` that plays
//! from it: no locks and no allocation per sample; silence (counted) when the ring runs dry.

use std::num::NonZero;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use rodio::{ChannelCount, Sample, SampleRate, Source};
use rtrb::Consumer;

use super::Shared;

/// Ring capacity in samples: 4 s of 48 kHz stereo, more than any supported stream needs.
/// The decoder runs ahead by at most this much, which bounds memory whatever the length.
pub(crate) fn capacity() -> usize {
    48_000 * 2 * 4
}

/// Audio buffered again after an underrun before resuming: on a network slower than real
/// time this turns constant stutter into fewer, longer pauses.
pub(crate) const REBUFFER: Duration = Duration::from_millis(250);

pub(crate) fn samples_for(duration: Duration, rate: u32, channels: u16) -> usize {
    (duration.as_secs_f64() * f64::from(rate)) as usize * usize::from(channels)
}

/// Plays samples from the ring.
pub(crate) struct RingSource {
    consumer: Consumer<f32>,
    shared: Arc<Shared>,
    channels: ChannelCount,
    rate: SampleRate,
    /// Samples to buffer again after an underrun.
    rebuffer: usize,
    /// `Some(target)` while refilling after an underrun.
    refilling: Option<usize>,
    /// Position inside the current frame: state changes happen only on frame boundaries.
    frame_pos: u16,
    played_any: bool,
    /// For unpaced test outputs: wait for the decoder instead of playing silence.
    wait_when_empty: bool,
}

impl RingSource {
    pub(crate) fn new(
        consumer: Consumer<f32>,
        shared: Arc<Shared>,
        rate: u32,
        channels: u16,
        wait_when_empty: bool,
    ) -> Option<RingSource> {
        Some(RingSource {
            consumer,
            shared,
            channels: NonZero::new(channels)?,
            rate: NonZero::new(rate)?,
            rebuffer: samples_for(REBUFFER, rate, channels),
            refilling: None,
            frame_pos: 0,
            played_any: false,
            wait_when_empty,
        })
    }

    fn end(&mut self) -> Option<Sample> {
        self.shared.ended.store(true, Ordering::Release);
        None
    }

    fn silence(&mut self) -> Option<Sample> {
        // Counted so the stall watchdog sees a device that is still taking samples.
        self.shared.silent_pulls.fetch_add(1, Ordering::Relaxed);
        self.frame_pos = (self.frame_pos + 1) % self.channels.get();
        Some(0.0)
    }
}

impl Iterator for RingSource {
    type Item = Sample;

    #[inline]
    fn next(&mut self) -> Option<Sample> {
        if self.shared.stop.load(Ordering::Relaxed) {
            return self.end();
        }
        if let Some(target) = self.refilling {
            // Finish the silent frame, and resume only once enough audio is buffered.
            let done = self.shared.decode_done.load(Ordering::Acquire);
            if self.frame_pos != 0 || (self.consumer.slots() < target && !done) {
                return self.silence();
            }
            self.refilling = None;
        }
        loop {
            match self.consumer.pop() {
                Ok(sample) => {
                    if !self.played_any {
                        self.played_any = true;
                        let now = crate::timing::since_start().as_nanos() as u64;
                        self.shared
                            .first_play_ns
                            .store(now.max(1), Ordering::Release);
                    }
                    self.frame_pos = (self.frame_pos + 1) % self.channels.get();
                    self.shared.played.fetch_add(1, Ordering::Release);
                    return Some(sample);
                }
                Err(_) => {
                    // Check `done` after the failed pop, then pop again: the decoder may
                    // have pushed its last samples in between.
                    if self.shared.decode_done.load(Ordering::Acquire) {
                        if let Ok(sample) = self.consumer.pop() {
                            self.frame_pos = (self.frame_pos + 1) % self.channels.get();
                            self.shared.played.fetch_add(1, Ordering::Release);
                            return Some(sample);
                        }
                        return self.end();
                    }
                    if self.wait_when_empty {
                        std::thread::sleep(Duration::from_micros(200));
                        if self.shared.stop.load(Ordering::Relaxed) {
                            return self.end();
                        }
                        continue;
                    }
                    if self.frame_pos == 0 {
                        self.shared.underruns.fetch_add(1, Ordering::Relaxed);
                        self.refilling = Some(self.rebuffer);
                    }
                    return self.silence();
                }
            }
        }
    }
}

impl Source for RingSource {
    fn current_span_len(&self) -> Option<usize> {
        // The layout never changes mid-stream.
        None
    }

    fn channels(&self) -> ChannelCount {
        self.channels
    }

    fn sample_rate(&self) -> SampleRate {
        self.rate
    }

    fn total_duration(&self) -> Option<Duration> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plays_everything_then_ends_and_counts_underruns() {
        let (mut producer, consumer) = rtrb::RingBuffer::new(64);
        let shared = Arc::new(Shared::default());
        let mut source = RingSource::new(consumer, shared.clone(), 1000, 2, false).unwrap();
        for s in [0.1, 0.2, 0.3, 0.4] {
            producer.push(s).unwrap();
        }
        let got: Vec<f32> = (0..4).filter_map(|_| source.next()).collect();
        assert_eq!(got, [0.1, 0.2, 0.3, 0.4]);
        // Dry and not done: silence, one underrun, then refill before resuming.
        assert_eq!(source.next(), Some(0.0));
        assert_eq!(source.next(), Some(0.0));
        assert_eq!(shared.underruns.load(Ordering::Relaxed), 1);
        producer.push(0.5).unwrap();
        producer.push(0.6).unwrap();
        assert_eq!(source.next(), Some(0.0), "still refilling");
        assert_eq!(source.next(), Some(0.0));
        shared.decode_done.store(true, Ordering::Release);
        assert_eq!(source.next(), Some(0.5));
        assert_eq!(source.next(), Some(0.6));
        assert_eq!(source.next(), None);
        assert!(shared.ended.load(Ordering::Acquire));
        assert!(shared.first_play_ns.load(Ordering::Acquire) > 0);
    }
}
