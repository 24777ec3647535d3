//! Retry policy: exponential backoff with jitter, a bounded number of attempts.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// How often and how patiently to retry retryable failures.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 = never retry).
    pub retries: u32,
    /// Delay before the first retry; doubles each time (1 s, 2 s, 4 s by default).
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl RetryPolicy {
    pub const DEFAULT_RETRIES: u32 = 3;

    pub fn new(retries: u32, base_delay: Duration) -> Self {
        RetryPolicy {
            retries,
            base_delay,
            max_delay: Duration::from_secs(30),
        }
    }

    /// The pause before retry number `retry` (1-based): base × 2^(retry−1), capped, then
    /// scaled by a random factor in [0.5, 1.0] so many clients don't retry in lockstep.
    pub fn delay(&self, retry: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << retry.saturating_sub(1).min(16))
            .min(self.max_delay);
        exp.mul_f64(0.5 + 0.5 * random_unit())
    }
}

/// A random number in [0, 1) from the standard library's per-process random hash keys
/// (enough for jitter; not for anything secret).
fn random_unit() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_within_jitter_and_cap() {
        let policy = RetryPolicy::new(5, Duration::from_secs(1));
        for (retry, full) in [(1, 1.0), (2, 2.0), (3, 4.0), (10, 30.0)] {
            let d = policy.delay(retry).as_secs_f64();
            assert!(
                d >= full * 0.5 - 1e-9 && d <= full + 1e-9,
                "retry {retry}: {d}"
            );
        }
    }
}
