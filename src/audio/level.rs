//! Live loudness: while playing, the gain that brings the audio to the `--loudness`
//! target, from the loudness measured so far (EBU R128 integrated, over what has played).
//! The first seconds play at the service's own level (nothing is known yet); then the
//! gain eases in, and follows the measurement as it settles, never past the true-peak
//! ceiling (judged by the sample peak so far, as a live player cannot look ahead).

use crate::spec::Target;

/// Audio measured before any gain is applied.
const SETTLE_SECONDS: f64 = 3.0;
/// How often the gain is recomputed, and how fast it moves (dB per second).
const UPDATE_SECONDS: f64 = 0.5;
const SLEW_DB_PER_SECOND: f64 = 6.0;

pub struct Leveler {
    target: Target,
    meter: Option<(ebur128::EbuR128, u32, usize)>,
    frames: u64,
    next_update: u64,
    /// The gain now, and where it is heading (dB).
    gain_db: f64,
    wanted_db: f64,
    out: Vec<f32>,
}

impl Leveler {
    pub fn new(target: Target) -> Leveler {
        Leveler {
            target,
            meter: None,
            frames: 0,
            next_update: 0,
            gain_db: 0.0,
            wanted_db: 0.0,
            out: Vec::new(),
        }
    }

    /// The samples, levelled (`rate` Hz, `channels` interleaved).
    pub fn process(&mut self, rate: u32, channels: u16, samples: &[f32]) -> &[f32] {
        let channels = usize::from(channels.max(1));
        let fresh = !matches!(&self.meter, Some((_, r, c)) if *r == rate && *c == channels);
        if fresh {
            use ebur128::Mode;
            self.meter = ebur128::EbuR128::new(channels as u32, rate, Mode::I | Mode::SAMPLE_PEAK)
                .ok()
                .map(|m| (m, rate, channels));
            self.frames = 0;
            self.next_update = (SETTLE_SECONDS * f64::from(rate)) as u64;
        }
        let Some((meter, _, _)) = self.meter.as_mut() else {
            self.out.clear();
            self.out.extend_from_slice(samples);
            return &self.out;
        };
        let _ = meter.add_frames_f32(samples);
        let frames = (samples.len() / channels) as u64;
        self.frames += frames;
        if self.frames >= self.next_update {
            self.next_update = self.frames + (UPDATE_SECONDS * f64::from(rate)) as u64;
            if let Ok(integrated) = meter.loudness_global()
                && integrated.is_finite()
            {
                let peak = (0..channels as u32)
                    .filter_map(|c| meter.sample_peak(c).ok())
                    .fold(0.0f64, f64::max);
                let mut wanted = self.target.lufs - integrated;
                if peak > 0.0 {
                    wanted = wanted.min(self.target.ceiling_dbtp - 20.0 * peak.log10());
                }
                self.wanted_db = wanted.clamp(-30.0, 30.0);
            }
        }
        // Ease toward the wanted gain across this block.
        let step = SLEW_DB_PER_SECOND * frames as f64 / f64::from(rate.max(1));
        let from = self.gain_db;
        let to = from + (self.wanted_db - from).clamp(-step, step);
        self.gain_db = to;
        self.out.clear();
        self.out.reserve(samples.len());
        let frames = frames.max(1) as f64;
        for (i, frame) in samples.chunks(channels).enumerate() {
            let db = from + (to - from) * (i as f64 / frames);
            let factor = 10f64.powf(db / 20.0) as f32;
            self.out
                .extend(frame.iter().map(|s| (s * factor).clamp(-1.0, 1.0)));
        }
        &self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quiet_signal_is_raised_after_it_settles_and_never_clipped() {
        let mut leveler = Leveler::new(Target {
            lufs: -16.0,
            ceiling_dbtp: -1.0,
        });
        let rate = 16000;
        let tone: Vec<f32> = (0..rate / 10)
            .map(|i| (i as f32 * 440.0 * std::f32::consts::TAU / rate as f32).sin() * 0.02)
            .collect();
        let mut first_gain = None;
        for block in 0..200 {
            let out = leveler.process(rate, 1, &tone).to_vec();
            assert!(out.iter().all(|s| s.abs() <= 1.0));
            if block == 20 {
                first_gain = Some(leveler.gain_db);
            }
        }
        assert_eq!(
            first_gain,
            Some(0.0),
            "nothing changes in the first seconds"
        );
        // A 0.02 sine is about -37 LUFS: raised by about 21 dB, within the ceiling.
        assert!(leveler.gain_db > 15.0, "{}", leveler.gain_db);
    }
}
