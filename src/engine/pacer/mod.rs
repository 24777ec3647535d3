//! Shared pacing for many concurrent sessions (`batch`, `serve`).
//!
//! Two kinds of "too many" answers are paced differently:
//!
//! - **Too many requests** (MiniMax 1002/1039/2045, HTTP 429): the service admits at most
//!   some number of requests in a window of time. The pacer learns that limit from the
//!   refusals, without being told, and then holds every session just under it:
//!   - at the first refusal, everyone waits, and single probes go out at growing gaps
//!     (a quarter of the time since the burst began, at least `MIN_PROBE_GAP`, or exactly
//!     when a `Retry-After` hint says) until one gets through;
//!   - the limit's size is the number of requests admitted in that first burst, and its
//!     window is bracketed by what each request's outcome proves about it (admitted at `t`
//!     with the limit's worth of requests since `t − x` proves the window is at most `x`;
//!     refused proves it is more), so the bracket narrows as the run goes on;
//!   - the size is tried one larger whenever the limit's worth went within less than the
//!     shortest the window can be (all of them still counted): admitted, the limit is one
//!     larger (the first burst found fewer, as another client's requests were still in
//!     the service's window); refused, the size is proven (a free refusal, once);
//!   - from then on a request waits until fewer than the limit were sent in the last
//!     window, a sliding window like the service's (which is also never refused by a
//!     fixed-window counter of the same size and span).
//!
//!   Every refusal counts against the attempts of the work it was for, a probe's and
//!   a size trial's included (`batch` tries a row at most `--retries` + 1 times). And a
//!   refusal that never ends is given up once it has lasted a minute per retry
//!   (MiniMax's limits are per minute; at the first refusal without retries): every
//!   request then waiting fails at once, and so does every request for 30 s after
//!   (`GIVE_UP_FOR`), so a batch of any size ends instead of starting the wait
//!   again row by row (a server takes requests again after it).
//!
//!   Each ordinary refusal also leaves one session fewer open (on WebSocket MiniMax ends
//!   the failed task, and a new session's start is one more counted request); sessions
//!   grow back only while the limit does not set the pace.
//! - **Too many sessions at once** (MiniMax 1041): the number of open sessions is halved,
//!   everyone pauses, and sessions grow back by one after a run of successes (AIMD, as
//!   TCP does).
//!
//! `--rpm` spaces requests evenly on top of that, for users who know their limit.
//!
//! A limit learned once need not be learned again: [`Pacer::known_limit`] gives it (with
//! when its last requests went, which the service still counts) for a later run to
//! [`Pacer::start_from`], paced under it from its first request (`store::limits` keeps
//! it between runs).
//!
//! Single-threaded: the workers run as futures on one runtime thread.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::time::Duration;

use tokio::sync::Notify;
// Tokio's clock (the standard one outside tests), so tests can run on paused time.
use tokio::time::Instant;

use super::error::{EngineError, ErrorKind, Recovery};
use super::retry::RetryPolicy;
use crate::report;

/// The shortest gap between probes while the service refuses: a wait that overshoots a
/// short window by at most a second, and few probes (each a refusal) while the time since
/// the burst is short (a 5-s window costs 4, not 7).
const MIN_PROBE_GAP: Duration = Duration::from_secs(1);
/// The longest gap between probes.
const MAX_PROBE_GAP: Duration = Duration::from_secs(30);
/// Added to the learned window: the service sees a request a little after it is sent.
const MARGIN: Duration = Duration::from_millis(20);
/// How long a refusal is waited out per retry allowed: MiniMax's limits are per minute.
const PATIENCE_PER_RETRY: Duration = Duration::from_secs(60);
/// How long, after giving up on a refusal that did not end, requests fail at once.
const GIVE_UP_FOR: Duration = MAX_PROBE_GAP;
/// How long a probe's outcome may take before another probe is allowed.
const PROBE_TIMEOUT: Duration = Duration::from_secs(60);
/// Requests remembered: the last ten minutes, and at most this many.
const MEMORY: Duration = Duration::from_secs(600);
const MAX_REMEMBERED: usize = 20_000;

pub struct Pacer {
    state: RefCell<State>,
    changed: Notify,
}

/// When a request was sent: given back with its outcome, so that the pacer knows which
/// request a refusal or success belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ticket(Instant);

/// A learned request limit, as a later run can start from it.
#[derive(Clone, Debug, PartialEq)]
pub struct KnownLimit {
    /// How many requests the window admits.
    pub requests: usize,
    /// The window is longer than this…
    pub shortest: Duration,
    /// …and at most this.
    pub longest: Duration,
    /// Whether `requests` is known to be the limit (one more was refused), not only what
    /// the first burst found admitted (fewer when another client's requests were still
    /// in the service's window).
    pub size_proven: bool,
    /// How long ago each of the last requests within the window was sent, oldest first
    /// (at most `requests`): the service still counts them.
    pub recent: Vec<Duration>,
    /// How long ago the limit was learned from refusals (not when it was last used: a
    /// limit that is never refused again might have been raised).
    pub age: Duration,
}

/// Whose a refused request was: an ordinary one (its session may be gone), or a probe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Charge {
    /// A request sent in the ordinary way was refused (its session may be gone).
    Work,
    /// A probe of the pacer's was refused.
    Probe,
}

/// Which limit a load refusal was about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Load {
    Requests,
    Sessions,
}

struct State {
    max: usize,
    allowed: usize,
    active: usize,
    successes: usize,
    /// The pause after a refusal for too many sessions.
    paused_until: Option<Instant>,
    base_backoff: Duration,
    backoff: Duration,
    longest: Duration,
    spacing: Option<Duration>,
    next_request: Instant,
    /// How long a refusal may last before it is given up (a minute per retry allowed).
    patience: Duration,
    /// Until when requests fail at once: a refusal that did not end was given up, with
    /// how many were refused in a row and for how long.
    gave_up: Option<(Instant, u32, Duration)>,
    /// Requests sent and not refused, oldest first.
    sent: VecDeque<Instant>,
    /// Where the current burst began: the pacer's start, or the last probe that got through.
    since: Instant,
    limit: Option<Limit>,
    /// When the limit was learned: an instant, and how old it was then.
    learned_at: (Instant, Duration),
    probing: Option<Probing>,
    /// The request trying the limit one larger, while it is out.
    size_trial: Option<Instant>,
    /// Until when the learned limit, not the sessions, sets the pace (a request waited
    /// for it within the last window): more sessions would only cost session starts.
    rate_bound_until: Option<Instant>,
    slowdowns: u64,
}

/// The request limit as learned: `requests` in a window between `shortest` and `longest`.
#[derive(Clone, Copy, Debug)]
struct Limit {
    requests: usize,
    /// The window is more than this (a request was refused with the limit's worth sent
    /// within this span).
    shortest: Duration,
    /// The window is at most this (a request got through with the limit's worth sent
    /// within this span).
    longest: Duration,
    /// Whether the window may be tried shorter than proven (costing a refusal when it is
    /// not): not for a limit an earlier run learned, which a run starts from to be
    /// refused never.
    trials: bool,
    /// Whether one more than `requests` was refused with `requests` surely counted.
    size_proven: bool,
}

impl Limit {
    /// The window to pace by: the proven bound, or halfway into the bracket while it is
    /// still wide (a trial: refused, it moves the lower bound up).
    fn window(&self) -> Duration {
        let gap = self.longest.saturating_sub(self.shortest);
        // Trials stop within an eighth of the window: each is a refusal, and pacing by
        // the proven bound then costs at most an eighth of the rate.
        let narrow = (self.longest / 8).max(Duration::from_millis(50));
        let window = if self.trials && gap > narrow {
            self.shortest + gap / 2
        } else {
            self.longest
        };
        window + MARGIN
    }
}

/// Whether a request may go.
enum Turn {
    Go {
        /// It tries the limit one larger.
        size_trial: bool,
    },
    /// Not yet: until then, or (`None`) until woken.
    Wait(Option<Instant>),
}

/// The service is refusing: one probe at a time.
#[derive(Clone, Copy, Debug)]
struct Probing {
    /// The first refusal.
    began: Instant,
    /// What the probe gaps grow from: the start of the refused burst.
    anchor: Instant,
    next: Instant,
    in_flight: Option<Instant>,
    /// The last refused request sent since the burst began.
    last_refused: Instant,
    /// Requests refused since the burst began.
    refused: u32,
}

impl State {
    /// The `n`-th request sent before `at` (1 = the last one), if there were that many.
    fn nth_before(&self, at: Instant, n: usize) -> Option<Instant> {
        let before = self.sent.partition_point(|&t| t < at);
        before.checked_sub(n).map(|i| self.sent[i])
    }

    /// Whether a request may go now (and if so, whether it is a trial of the size).
    fn turn(&mut self, now: Instant) -> Turn {
        if let Some(at) = self.paused_until.filter(|&t| t > now) {
            return Turn::Wait(Some(at));
        }
        if let Some(probing) = &self.probing {
            if let Some(sent) = probing.in_flight
                && now < sent + PROBE_TIMEOUT
            {
                return Turn::Wait(Some(sent + PROBE_TIMEOUT));
            }
            if now < probing.next {
                return Turn::Wait(Some(probing.next));
            }
            return Turn::Go { size_trial: false };
        }
        if self.spacing.is_some() && self.next_request > now {
            return Turn::Wait(Some(self.next_request));
        }
        if let Some(limit) = self.limit {
            let window = limit.window();
            // The limit's worth sent within the window: wait until the oldest of them leaves it.
            if let Some(oldest) = self.nth_before(now + Duration::from_nanos(1), limit.requests)
                && oldest + window > now
            {
                // All of them within less than the window can be: the service counts
                // them all, so one more is a trial of the size.
                if !limit.size_proven && self.size_trial.is_none() && now - oldest < limit.shortest
                {
                    return Turn::Go { size_trial: true };
                }
                self.rate_bound_until = Some(oldest + window * 4);
                return Turn::Wait(Some(oldest + window));
            }
        }
        Turn::Go { size_trial: false }
    }

    fn send(&mut self, now: Instant, size_trial: bool) -> Ticket {
        if let Some(probing) = &mut self.probing {
            probing.in_flight = Some(now);
        }
        if let Some(spacing) = self.spacing {
            self.next_request = now + spacing;
        }
        // Monotonic, so the log stays sorted.
        let at = self.sent.back().map_or(now, |&last| last.max(now));
        self.sent.push_back(at);
        if size_trial {
            self.size_trial = Some(at);
        }
        while self.sent.len() > MAX_REMEMBERED
            || self
                .sent
                .front()
                .is_some_and(|&t| t + MEMORY < now && t < self.since)
        {
            self.sent.pop_front();
        }
        Ticket(at)
    }

    /// Forgets a refused request: the service did not count it.
    fn forget(&mut self, ticket: Ticket) {
        if let Some(i) = self.sent.iter().rposition(|&t| t == ticket.0) {
            self.sent.remove(i);
        }
    }

    /// What an outcome proves about the window, given the limit's size.
    fn bound(&mut self, ticket: Ticket, admitted: bool) {
        let Some(requests) = self.limit.map(|l| l.requests) else {
            return;
        };
        let Some(nth) = self.nth_before(ticket.0, requests) else {
            return;
        };
        let span = ticket.0 - nth;
        let Some(limit) = &mut self.limit else { return };
        if admitted {
            if span >= limit.shortest {
                limit.longest = limit.longest.min(span);
            }
        } else if span < limit.longest {
            limit.shortest = limit.shortest.max(span);
        } else {
            // Refused although as many got through in a longer span: the limit is
            // smaller than learned. Learn it again from this burst.
            self.limit = None;
        }
    }
}

impl Pacer {
    /// `sessions` at most at once; `per_minute` requests at most; the retry policy's
    /// first backoff is the first pause after a refusal for too many sessions, doubling
    /// while they continue, up to its longest; its retries give the patience with
    /// refused probes (a minute each).
    pub fn new(sessions: usize, per_minute: Option<u32>, retry: RetryPolicy) -> Pacer {
        let backoff = retry.base_delay;
        let longest = retry.longest_delay();
        let sessions = sessions.max(1);
        let now = Instant::now();
        Pacer {
            state: RefCell::new(State {
                max: sessions,
                allowed: sessions,
                active: 0,
                successes: 0,
                paused_until: None,
                base_backoff: backoff,
                backoff,
                longest: longest.max(backoff),
                spacing: per_minute
                    .filter(|&n| n > 0)
                    .map(|n| Duration::from_secs(60) / n),
                next_request: now,
                patience: PATIENCE_PER_RETRY * retry.retries,
                gave_up: None,
                sent: VecDeque::new(),
                since: now,
                limit: None,
                learned_at: (now, Duration::ZERO),
                probing: None,
                size_trial: None,
                rate_bound_until: None,
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
            sleep_or_notified(notified, wake).await;
        }
    }

    /// Waits until a request may be sent, and notes that it is: the ticket goes back with
    /// its outcome ([`Pacer::succeeded`], [`Pacer::refused`], [`Pacer::failed`]). Fails
    /// (a final rate-limit error) when the service's refusal was given up.
    pub async fn before_request(&self) -> Result<Ticket, EngineError> {
        loop {
            let notified = self.changed.notified();
            let wake = {
                let mut s = self.state.borrow_mut();
                let now = Instant::now();
                if let Some((until, refused, over)) = s.gave_up {
                    if now < until {
                        return Err(gave_up_error(refused, over));
                    }
                    s.gave_up = None;
                }
                match s.turn(now) {
                    Turn::Go { size_trial } => return Ok(s.send(now, size_trial)),
                    Turn::Wait(at) => at,
                }
            };
            sleep_or_notified(notified, wake).await;
        }
    }

    /// The service refused the request of `ticket` for load; `hint` is how long it said
    /// to wait, if it did (at most the longest probe gap, 30 s, is waited).
    pub fn refused(&self, ticket: Ticket, load: Load, hint: Option<Duration>) {
        let hint = hint.map(|h| h.min(MAX_PROBE_GAP));
        {
            let mut s = self.state.borrow_mut();
            s.slowdowns += 1;
            s.successes = 0;
            match load {
                Load::Sessions => {
                    s.forget(ticket);
                    fewer_sessions(&mut s);
                }
                Load::Requests if s.size_trial == Some(ticket.0) => {
                    // One more than the limit, with the limit's worth counted: the size
                    // is proven. Nothing else changes; the pacer's own trial is free.
                    s.size_trial = None;
                    s.forget(ticket);
                    if let Some(limit) = &mut s.limit {
                        limit.size_proven = true;
                        report::debug(
                            "pace",
                            format_args!("the limit is {} requests", limit.requests),
                        );
                    }
                }
                Load::Requests => {
                    s.bound(ticket, false);
                    s.forget(ticket);
                    let charge = refused_request(&mut s, ticket, hint);
                    if charge == Charge::Work {
                        // A refused request may have cost its session (MiniMax ends a
                        // WebSocket task that fails), and a new one costs a counted start:
                        // carry on with one session fewer.
                        s.allowed = (s.allowed - 1).max(1);
                    }
                }
            }
        }
        self.changed.notify_waiters();
    }

    /// The request of `ticket` failed for another reason (it may have been counted).
    pub fn failed(&self, ticket: Ticket) {
        let mut s = self.state.borrow_mut();
        if s.size_trial == Some(ticket.0) {
            s.size_trial = None;
        }
        if let Some(probing) = &mut s.probing
            && ticket.0 >= probing.began
        {
            probing.in_flight = None;
            drop(s);
            self.changed.notify_waiters();
        }
    }

    /// The request of `ticket` went through: what it proves about the limit is noted, a
    /// probe that got through ends the wait, and after a run of successes one more session
    /// is allowed again.
    pub fn succeeded(&self, ticket: Ticket) {
        {
            let mut s = self.state.borrow_mut();
            s.backoff = s.base_backoff;
            s.bound(ticket, true);
            if s.size_trial == Some(ticket.0) {
                s.size_trial = None;
                if let Some(limit) = &mut s.limit {
                    limit.requests = (limit.requests + 1).min(MAX_REMEMBERED);
                    report::debug(
                        "pace",
                        format_args!("the limit is at least {} requests", limit.requests),
                    );
                }
            }
            if let Some(probing) = s.probing
                && ticket.0 >= probing.began
            {
                learned(&mut s, ticket, probing);
            }
            s.successes += 1;
            let rate_bound = s.rate_bound_until.is_some_and(|t| t > Instant::now());
            if s.allowed < s.max && s.successes >= 4 * s.allowed && !rate_bound {
                s.allowed += 1;
                s.successes = 0;
                report::debug("pace", format_args!("{} sessions at once again", s.allowed));
            }
        }
        self.changed.notify_waiters();
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

    /// The request limit learned, with the ages of the requests still within its window.
    pub fn known_limit(&self) -> Option<KnownLimit> {
        let s = self.state.borrow();
        let limit = s.limit?;
        let now = Instant::now();
        let window = limit.longest + MARGIN;
        let mut recent: Vec<Duration> = s
            .sent
            .iter()
            .rev()
            .take(limit.requests)
            .take_while(|&&t| t + window > now)
            .map(|&t| now.saturating_duration_since(t))
            .collect();
        recent.reverse();
        let (at, age) = s.learned_at;
        Some(KnownLimit {
            requests: limit.requests,
            shortest: limit.shortest,
            longest: limit.longest,
            size_proven: limit.size_proven,
            recent,
            age: age + now.saturating_duration_since(at),
        })
    }

    /// Paces from the first request under a limit an earlier run learned, counting the
    /// requests it sent within the window. Only before any request of this pacer's; a
    /// refusal the limit does not explain learns it again.
    pub fn start_from(&self, known: &KnownLimit) {
        let mut s = self.state.borrow_mut();
        if s.limit.is_some()
            || !s.sent.is_empty()
            || known.requests == 0
            || known.requests > MAX_REMEMBERED
            || known.shortest > known.longest
        {
            return;
        }
        s.limit = Some(Limit {
            requests: known.requests,
            shortest: known.shortest,
            longest: known.longest,
            trials: false,
            size_proven: known.size_proven,
        });
        let now = Instant::now();
        s.learned_at = (now, known.age);
        let mut sent: Vec<Instant> = known
            .recent
            .iter()
            .filter(|&&age| age <= known.longest + MARGIN)
            .filter_map(|&age| now.checked_sub(age))
            .collect();
        sent.sort();
        let skip = sent.len().saturating_sub(known.requests);
        s.sent.extend(sent.into_iter().skip(skip));
        report::debug(
            "pace",
            format_args!(
                "starting under the limit learned before: {} requests per {:.2}–{:.2} s, {} of them sent in the last window",
                known.requests,
                known.shortest.as_secs_f64(),
                known.longest.as_secs_f64(),
                s.sent.len()
            ),
        );
    }

    /// The request limit learned so far: how many in what window.
    #[cfg(test)]
    pub fn learned_limit(&self) -> Option<(usize, Duration)> {
        let s = self.state.borrow();
        s.limit.map(|l| (l.requests, l.window() - MARGIN))
    }
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

async fn sleep_or_notified(notified: tokio::sync::futures::Notified<'_>, wake: Option<Instant>) {
    match wake {
        Some(at) => {
            tokio::select! {
                _ = notified => {}
                _ = tokio::time::sleep_until(at) => {}
            }
        }
        None => notified.await,
    }
}

/// Too many sessions: halve them and pause everyone, longer while it goes on.
fn fewer_sessions(s: &mut State) {
    let now = Instant::now();
    let backoff = s.backoff;
    s.paused_until = Some(s.paused_until.unwrap_or(now).max(now + backoff));
    s.backoff = (s.backoff * 2).min(s.longest);
    let allowed = (s.allowed / 2).max(1);
    if allowed < s.allowed {
        report::debug(
            "pace",
            format_args!("too many sessions: {allowed} at once, pausing {backoff:?}"),
        );
    }
    s.allowed = allowed;
}

/// Too many requests: start probing (or schedule the next probe).
fn refused_request(s: &mut State, ticket: Ticket, hint: Option<Duration>) -> Charge {
    let now = Instant::now();
    match &mut s.probing {
        Some(probing) if ticket.0 >= probing.began => {
            probing.in_flight = None;
            probing.last_refused = probing.last_refused.max(ticket.0);
            let window = s.limit.map(|l| l.longest);
            probing.next = now + hint.unwrap_or_else(|| probe_gap(now, probing.anchor, window));
            probing.refused += 1;
            if now - probing.began > s.patience {
                give_up(s, now);
            }
            Charge::Probe
        }
        // Sent before the refusals began: one of the burst, already counted.
        Some(_) => Charge::Work,
        None => {
            // The burst began where the limit's worth of requests before this one did,
            // or (nothing learned yet) with the first request since the last wait.
            let anchor = s
                .limit
                .and_then(|l| s.nth_before(ticket.0, l.requests))
                .or_else(|| s.sent.iter().copied().find(|&t| t >= s.since))
                .unwrap_or(s.since);
            let next =
                now + hint.unwrap_or_else(|| probe_gap(now, anchor, s.limit.map(|l| l.longest)));
            report::debug(
                "pace",
                format_args!(
                    "rate limited after {} requests in {:.2} s; probing in {:.2} s",
                    s.sent.iter().filter(|&&t| t >= anchor).count(),
                    (now - anchor).as_secs_f64(),
                    (next - now).as_secs_f64()
                ),
            );
            s.probing = Some(Probing {
                began: now,
                anchor,
                next,
                in_flight: None,
                last_refused: ticket.0,
                refused: 1,
            });
            if s.patience.is_zero() {
                give_up(s, now);
            }
            Charge::Work
        }
    }
}

/// The refusal has outlasted the patience: requests fail for [`GIVE_UP_FOR`], and the
/// next one after starts afresh.
fn give_up(s: &mut State, now: Instant) {
    if let Some(probing) = s.probing.take() {
        let refused = probing.refused;
        report::debug(
            "pace",
            format_args!("giving up after {refused} refusals in a row"),
        );
        s.gave_up = Some((now + GIVE_UP_FOR, refused, now - probing.anchor));
        s.since = now;
    }
}

/// What a request waiting when the refusal was given up fails with: final (not retried).
fn gave_up_error(refused: u32, over: Duration) -> EngineError {
    EngineError::new(
        ErrorKind::RateLimit,
        Recovery::Fatal,
        format!(
            "the service kept refusing for load ({refused} refusal{} in a row over {:.1} s); not waiting longer",
            if refused == 1 { "" } else { "s" },
            over.as_secs_f64()
        ),
    )
    .with_advice(
        "try again later, with fewer sessions at once, or allow more retries (each waits up to a minute longer)",
    )
}

/// The wait before the next probe: a quarter of the time since the refused burst began,
/// so the wait overshoots the service's window by at most about a quarter of it; never
/// past the end of a window already proven (`window`), where a probe gets through.
fn probe_gap(now: Instant, anchor: Instant, window: Option<Duration>) -> Duration {
    let gap = ((now - anchor) / 4).clamp(MIN_PROBE_GAP, MAX_PROBE_GAP);
    match window {
        Some(window) => gap.min((anchor + window + MARGIN).saturating_duration_since(now)),
        None => gap,
    }
}

/// A probe got through: the limit is learned (or its window bracketed tighter), and the
/// next burst begins.
fn learned(s: &mut State, ticket: Ticket, probing: Probing) {
    if s.limit.is_none() {
        // The first burst's admitted requests are the limit's size; the window is longer
        // than the burst's refused span and at most the probe's.
        let requests = s
            .sent
            .iter()
            .filter(|&&t| t >= probing.anchor && t < probing.began)
            .count()
            .max(1);
        s.learned_at = (ticket.0, Duration::ZERO);
        s.limit = Some(Limit {
            requests,
            shortest: probing
                .last_refused
                .saturating_duration_since(probing.anchor),
            longest: ticket.0 - probing.anchor,
            trials: true,
            size_proven: false,
        });
    }
    if let Some(limit) = s.limit {
        report::debug(
            "pace",
            format_args!(
                "learned: {} requests per {:.2}–{:.2} s",
                limit.requests,
                limit.shortest.as_secs_f64(),
                limit.longest.as_secs_f64()
            ),
        );
    }
    s.probing = None;
    s.since = ticket.0;
    // The limit has just set the pace: no new sessions until it stops doing so.
    if let Some(limit) = s.limit {
        s.rate_bound_until = Some(ticket.0 + limit.window() * 4);
    }
}

#[cfg(test)]
mod tests;
