//! The process clock: every reported timing is milliseconds since the process started.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

static START: OnceLock<Instant> = OnceLock::new();

/// Marks the process start; `main` calls it first. Later calls change nothing.
pub fn start() {
    START.get_or_init(Instant::now);
}

/// Time since [`start`] (or since the first call, if `start` was never called).
pub fn since_start() -> Duration {
    START.get_or_init(Instant::now).elapsed()
}

/// Milliseconds with 0.1 ms precision, for reports.
pub fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 10_000.0).round() / 10.0
}
