//! The one retry loop, for every transport: exponential backoff with jitter, a bounded
//! number of attempts, and the attempt count carried in the error that ends it.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use super::error::{EngineError, Recovery};
use crate::report;

/// How often and how patiently to retry retryable failures.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 = never retry).
    pub retries: u32,
    /// Delay before the first retry; doubles each time (1 s, 2 s, 4 s by default).
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// Rate limits are not retried in place: the caller puts the work back in a shared,
    /// paced queue (`batch`), which counts the attempts.
    pub requeues_rate_limits: bool,
}

impl RetryPolicy {
    pub const DEFAULT_RETRIES: u32 = 3;

    pub fn new(retries: u32, base_delay: Duration) -> Self {
        RetryPolicy {
            retries,
            base_delay,
            max_delay: Duration::from_secs(30),
            requeues_rate_limits: false,
        }
    }

    /// The longest pause this policy ever waits before a retry (base × 2^retries, capped):
    /// what a shared pause for rate limits may grow to.
    pub fn longest_delay(&self) -> Duration {
        self.base_delay
            .saturating_mul(1u32 << self.retries.min(16))
            .min(self.max_delay)
    }

    /// This policy, with rate limits left to the caller's queue.
    pub fn requeueing_rate_limits(mut self) -> Self {
        self.requeues_rate_limits = true;
        self
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

/// Counts attempts at one piece of work and decides, after each failure, whether to try
/// again (after a backoff) or to give up with the error.
#[derive(Debug)]
pub struct Retrier {
    policy: RetryPolicy,
    attempt: u32,
    retried_once: bool,
}

impl Retrier {
    pub fn new(policy: RetryPolicy) -> Self {
        Retrier {
            policy,
            attempt: 1,
            retried_once: false,
        }
    }

    /// The attempt under way (1 = the first).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Whether `error` would get another attempt.
    pub fn would_retry(&self, error: &EngineError) -> bool {
        if self.policy.requeues_rate_limits && error.kind == super::error::ErrorKind::RateLimit {
            return false;
        }
        let allowed = match error.recovery {
            Recovery::Fatal => false,
            Recovery::RetryOnce => !self.retried_once,
            Recovery::Retry | Recovery::SlowDown | Recovery::NewSession => true,
        };
        allowed && self.attempt <= self.policy.retries
    }

    /// After a failed attempt at `what`: waits out the backoff and returns `Ok` when
    /// another attempt is due, or returns the error (with the attempts made) when not.
    pub async fn after(&mut self, mut error: EngineError, what: &str) -> Result<(), EngineError> {
        if !self.would_retry(&error) {
            error.attempts = self.attempt;
            return Err(error);
        }
        self.retried_once |= error.recovery == Recovery::RetryOnce;
        let delay = self.policy.delay(self.attempt);
        report::info(format_args!(
            "{error}; retrying {what} in {:.1} s (attempt {} of {})",
            delay.as_secs_f64(),
            self.attempt + 1,
            self.policy.retries + 1
        ));
        tokio::time::sleep(delay).await;
        self.attempt += 1;
        Ok(())
    }
}

/// Runs `attempt` until it succeeds, or fails in a way retrying cannot help, or the
/// attempts run out.
pub async fn retry<T>(
    policy: RetryPolicy,
    what: &str,
    mut attempt: impl AsyncFnMut() -> Result<T, EngineError>,
) -> Result<T, EngineError> {
    let mut retrier = Retrier::new(policy);
    loop {
        match attempt().await {
            Ok(value) => return Ok(value),
            Err(error) => retrier.after(error, what).await?,
        }
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
