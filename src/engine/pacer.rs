//! Shared pacing for many concurrent sessions (`batch`): at most `allowed` sessions open
//! at once, requests spaced for an optional per-minute cap, and — when the service says
//! "too many" (a rate- or connection-limit answer) — everyone pauses and the number of
//! open sessions is halved, then grows back by one after a run of successes (AIMD, as
//! TCP does), so a burst of refusals becomes a slowdown instead of failures.
//!
//! Single-threaded: the batch runs its workers as futures on one runtime thread.

use std::cell::RefCell;
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use crate::report;

pub struct Pacer {
    state: RefCell<State>,
    changed: Notify,
}

struct State {
    max: usize,
    allowed: usize,
    active: usize,
    paused_until: Option<Instant>,
    base_backoff: Duration,
    backoff: Duration,
    longest: Duration,
    successes: usize,
    spacing: Option<Duration>,
    next_request: Instant,
    slowdowns: u64,
}

/// A slot for one open session; given back when dropped.
pub struct Permit<'a> {
    pacer: &'a Pacer,
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.pacer.state.borrow_mut().active -= 1;
        self.pacer.changed.notify_waiters();
    }
}

impl Pacer {
    /// `sessions` at most at once; `per_minute` requests at most; `backoff` is the first
    /// pause after a refusal, doubling while refusals continue, up to `longest` (so a
    /// service that keeps refusing makes each pause at most `longest`).
    pub fn new(
        sessions: usize,
        per_minute: Option<u32>,
        backoff: Duration,
        longest: Duration,
    ) -> Pacer {
        let sessions = sessions.max(1);
        Pacer {
            state: RefCell::new(State {
                max: sessions,
                allowed: sessions,
                active: 0,
                paused_until: None,
                base_backoff: backoff,
                backoff,
                longest: longest.max(backoff),
                successes: 0,
                spacing: per_minute
                    .filter(|&n| n > 0)
                    .map(|n| Duration::from_secs(60) / n),
                next_request: Instant::now(),
                slowdowns: 0,
            }),
            changed: Notify::new(),
        }
    }

    /// Waits for a session slot.
    pub async fn acquire(&self) -> Permit<'_> {
        loop {
            let notified = self.changed.notified();
            let wake = {
                let mut s = self.state.borrow_mut();
                let paused = s.paused_until.filter(|&t| t > Instant::now());
                if paused.is_none() && s.active < s.allowed {
                    s.active += 1;
                    return Permit { pacer: self };
                }
                paused
            };
            match wake {
                Some(at) => {
                    tokio::select! {
                        _ = notified => {}
                        _ = tokio::time::sleep_until(at.into()) => {}
                    }
                }
                None => notified.await,
            }
        }
    }

    /// Waits until a request may be made: after any pause, and spaced for the cap.
    pub async fn before_request(&self) {
        loop {
            let at = {
                let mut s = self.state.borrow_mut();
                let now = Instant::now();
                let at = s.paused_until.unwrap_or(now).max(s.next_request);
                if at <= now {
                    if let Some(spacing) = s.spacing {
                        s.next_request = now + spacing;
                    }
                    return;
                }
                at
            };
            tokio::time::sleep_until(at.into()).await;
        }
    }

    /// The service refused for load: pause everyone, halve the sessions allowed.
    pub fn rate_limited(&self) {
        let mut s = self.state.borrow_mut();
        let now = Instant::now();
        let backoff = s.backoff;
        s.paused_until = Some(s.paused_until.unwrap_or(now).max(now + backoff));
        s.backoff = (s.backoff * 2).min(s.longest);
        let allowed = (s.allowed / 2).max(1);
        if allowed < s.allowed {
            report::debug(
                "pace",
                format_args!("rate limited: {allowed} sessions at once, pausing {backoff:?}"),
            );
        }
        s.allowed = allowed;
        s.successes = 0;
        s.slowdowns += 1;
    }

    /// A request succeeded: the pause resets, and after a run of successes one more
    /// session is allowed again.
    pub fn succeeded(&self) {
        let grew = {
            let mut s = self.state.borrow_mut();
            s.backoff = s.base_backoff;
            s.successes += 1;
            if s.allowed < s.max && s.successes >= 4 * s.allowed {
                s.allowed += 1;
                s.successes = 0;
                true
            } else {
                false
            }
        };
        if grew {
            self.changed.notify_waiters();
        }
    }

    /// More sessions are open than now allowed: the caller should close its own.
    pub fn over_quota(&self) -> bool {
        let s = self.state.borrow();
        s.active > s.allowed
    }

    /// How often the service asked to slow down.
    pub fn slowdowns(&self) -> u64 {
        self.state.borrow().slowdowns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_halve_and_successes_grow_back() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let pacer = Pacer::new(4, None, Duration::from_millis(1), Duration::from_millis(8));
            let permits = [pacer.acquire().await, pacer.acquire().await];
            pacer.rate_limited();
            pacer.rate_limited();
            assert_eq!(pacer.state.borrow().allowed, 1);
            assert!(pacer.over_quota());
            drop(permits);
            for _ in 0..4 {
                pacer.succeeded();
            }
            assert_eq!(pacer.state.borrow().allowed, 2);
            let _a = pacer.acquire().await;
            let _b = pacer.acquire().await;
            assert_eq!(pacer.slowdowns(), 2);
        });
    }
}
