use super::*;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .unwrap()
}

#[test]
fn session_refusals_halve_and_successes_grow_back() {
    runtime().block_on(async {
        let pacer = Pacer::new(4, None, RetryPolicy::new(3, Duration::from_millis(1)));
        let permits = [pacer.acquire().await, pacer.acquire().await];
        let t = pacer.before_request().await.unwrap();
        pacer.refused(t, Load::Sessions, None);
        let t = pacer.before_request().await.unwrap();
        pacer.refused(t, Load::Sessions, None);
        assert_eq!(pacer.state.borrow().allowed, 1);
        assert!(pacer.over_quota());
        drop(permits);
        for _ in 0..4 {
            let t = pacer.before_request().await.unwrap();
            pacer.succeeded(t);
        }
        assert_eq!(pacer.state.borrow().allowed, 2);
        let _a = pacer.acquire().await;
        let _b = pacer.acquire().await;
        assert_eq!(pacer.slowdowns(), 2);
        assert!(pacer.learned_limit().is_none());
    });
}

/// A fake service admitting `requests` per sliding `window` (`admitted`: what it
/// counts), driven by one client doing `count` requests of 5 ms each, one after
/// another, paced by `pacer`. How long they took, and how many were refused.
async fn drive(
    pacer: &Pacer,
    admitted: &mut VecDeque<Instant>,
    (requests, window): (usize, Duration),
    count: usize,
) -> (Duration, usize) {
    let start = Instant::now();
    let mut done = 0;
    let mut refusals = 0;
    while done < count {
        let ticket = pacer.before_request().await.unwrap();
        let now = Instant::now();
        while admitted.front().is_some_and(|&t| t + window <= now) {
            admitted.pop_front();
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
        if admitted.len() < requests {
            admitted.push_back(now);
            pacer.succeeded(ticket);
            done += 1;
        } else {
            refusals += 1;
            pacer.refused(ticket, Load::Requests, None);
        }
    }
    (start.elapsed(), refusals)
}

fn one_session() -> Pacer {
    Pacer::new(1, None, RetryPolicy::new(3, Duration::from_secs(1)))
}

fn against(requests: usize, window: Duration, count: usize) -> (Duration, usize, Pacer) {
    let pacer = one_session();
    let (elapsed, refusals) = runtime().block_on(drive(
        &pacer,
        &mut VecDeque::new(),
        (requests, window),
        count,
    ));
    (elapsed, refusals, pacer)
}

#[test]
fn learns_a_sliding_window_limit_and_holds_under_it() {
    let window = Duration::from_secs(5);
    let (elapsed, refusals, pacer) = against(30, window, 120);
    // 120 requests at 30 per 5 s: the last burst starts at 15 s.
    let floor = 15.0;
    assert!(
        elapsed.as_secs_f64() < floor * 1.25,
        "took {elapsed:?}, refused {refusals}"
    );
    let (requests, learned) = pacer.learned_limit().unwrap();
    assert_eq!(requests, 30);
    assert!(learned >= window && learned < window * 5 / 4, "{learned:?}");
    // The refused request, the probes of the first wait (a second apart, then a
    // quarter of the elapsed time: 4 here), a trial while the window's bracket is
    // wider than an eighth of it, and one of the size (one more than the first burst
    // found): 7 in all (with probes half a second apart: 9).
    assert!(refusals <= 7, "refused {refusals} in {elapsed:?}");
    assert!(pacer.known_limit().unwrap().size_proven);
}

#[test]
fn a_known_limit_is_held_from_the_first_request() {
    runtime().block_on(async {
        let limit = (30, Duration::from_secs(5));
        let mut service = VecDeque::new();
        let first = one_session();
        drive(&first, &mut service, limit, 75).await;
        let known = first.known_limit().unwrap();
        assert_eq!(known.requests, 30);
        assert!(known.size_proven);
        // At least the last 15 requests went within the window, and the service
        // counts them.
        assert!(known.recent.len() >= 15, "{known:?}");
        // A run that starts right after, from what the first learned: never refused,
        // as the first one's requests leave the window.
        let next = one_session();
        next.start_from(&known);
        let (elapsed, refusals) = drive(&next, &mut service, limit, 60).await;
        assert_eq!(refusals, 0, "took {elapsed:?}");
        // 15 fit in the window now, 30 in each of the next two: the last burst
        // starts a window after the previous one.
        assert!(
            elapsed < Duration::from_secs(10) * 5 / 4,
            "took {elapsed:?}"
        );
    });
}

#[test]
fn a_limit_found_smaller_by_another_clients_requests_grows_to_the_real_one() {
    runtime().block_on(async {
        // Another client sent 20 of the 30 the window admits just before.
        let mut service: VecDeque<Instant> = std::iter::repeat_n(Instant::now(), 20).collect();
        let pacer = one_session();
        let limit = (30, Duration::from_secs(5));
        let (elapsed, refusals) = drive(&pacer, &mut service, limit, 150).await;
        let known = pacer.known_limit().unwrap();
        assert_eq!(known.requests, 30, "{known:?}");
        assert!(known.size_proven);
        // 150 at 30 per 5 s (after the other client's 20): the last burst at 25 s.
        assert!(
            elapsed < Duration::from_secs(25) * 5 / 4,
            "took {elapsed:?}, refused {refusals}"
        );
    });
}

#[test]
fn a_known_limit_larger_than_the_service_is_learned_again() {
    runtime().block_on(async {
        let pacer = one_session();
        pacer.start_from(&KnownLimit {
            requests: 60,
            shortest: Duration::from_secs(4),
            longest: Duration::from_secs(5),
            size_proven: true,
            recent: Vec::new(),
            age: Duration::from_secs(3600),
        });
        let limit = (30, Duration::from_secs(5));
        let (_, refusals) = drive(&pacer, &mut VecDeque::new(), limit, 90).await;
        assert!(refusals > 0);
        assert_eq!(pacer.learned_limit().unwrap().0, 30);
        // Learned now, not an hour ago.
        assert!(pacer.known_limit().unwrap().age < Duration::from_secs(60));
    });
}

#[test]
fn a_retry_hint_is_waited_exactly_and_a_long_one_at_most_the_longest_gap() {
    runtime().block_on(async {
        let pacer = Pacer::new(1, None, RetryPolicy::new(3, Duration::from_secs(1)));
        let start = Instant::now();
        let t = pacer.before_request().await.unwrap();
        pacer.succeeded(t);
        let t = pacer.before_request().await.unwrap();
        pacer.refused(t, Load::Requests, Some(Duration::from_secs(7)));
        let probe = pacer.before_request().await.unwrap();
        assert_eq!(probe.0 - start, Duration::from_secs(7));
        // A server's hint of an hour is not waited: at most the longest probe gap.
        pacer.refused(probe, Load::Requests, Some(Duration::from_secs(3600)));
        let probe = pacer.before_request().await.unwrap();
        assert_eq!(probe.0 - start, Duration::from_secs(7) + MAX_PROBE_GAP);
    });
}

/// `rows` pieces of work on `sessions` workers against a service that refuses every
/// request, each tried at most `retries` + 1 times (as `batch` requeues them): how
/// long until every one has failed, and how many requests were sent.
fn endless_refusal(rows: usize, sessions: usize, retries: u32) -> (Duration, usize) {
    let policy = RetryPolicy::new(retries, Duration::from_secs(1));
    endless_refusal_of(rows, retries, sessions, Pacer::new(sessions, None, policy))
}

/// [`endless_refusal`] with a given pacer (told `--rpm`, or remembering a limit).
fn endless_refusal_of(
    rows: usize,
    retries: u32,
    sessions: usize,
    pacer: Pacer,
) -> (Duration, usize) {
    runtime().block_on(async {
        let queue: RefCell<VecDeque<(usize, u32)>> =
            RefCell::new((0..rows).map(|r| (r, 0)).collect());
        let sent = std::cell::Cell::new(0usize);
        let start = Instant::now();
        let worker = || async {
            loop {
                let Some((row, tries)) = queue.borrow_mut().pop_front() else {
                    return;
                };
                let _permit = pacer.acquire().await;
                let Ok(ticket) = pacer.before_request().await else {
                    continue; // given up: the row fails
                };
                sent.set(sent.get() + 1);
                tokio::time::sleep(Duration::from_millis(30)).await;
                pacer.refused(ticket, Load::Requests, None);
                if tries < retries {
                    queue.borrow_mut().push_back((row, tries + 1));
                }
            }
        };
        futures_util::future::join_all((0..sessions).map(|_| worker())).await;
        (start.elapsed(), sent.get())
    })
}

#[test]
fn a_refusal_that_never_ends_is_given_up_within_the_retries() {
    // The bound README states: a row is sent at most --retries + 1 times, and the
    // refusal is given up after a minute per retry (plus the probe gap under way,
    // at most 30 s); everything waiting then fails at once.
    for (rows, sessions, retries) in [(4, 4, 0), (4, 4, 1), (4, 4, 3), (200, 8, 1), (200, 8, 3)] {
        let (elapsed, sent) = endless_refusal(rows, sessions, retries);
        let bound = PATIENCE_PER_RETRY * retries + MAX_PROBE_GAP;
        assert!(
            elapsed <= bound,
            "{rows} rows, --retries {retries}: {elapsed:?} (bound {bound:?})"
        );
        assert!(sent <= rows * (retries as usize + 1), "{sent} sent");
        eprintln!(
            "{rows} rows on {sessions} sessions, --retries {retries}: {elapsed:?}, {sent} sent"
        );
    }
    // A few rows with few retries run out of tries within seconds (a probe a second
    // apart at first), long before the pacer's patience.
    let (elapsed, sent) = endless_refusal(4, 4, 1);
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    assert_eq!(sent, 8);
    let (elapsed, sent) = endless_refusal(4, 4, 0);
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
    assert_eq!(sent, 4);
}

#[test]
fn the_bound_holds_when_told_a_rate_or_remembering_a_limit() {
    for retries in [0, 1, 3] {
        let policy = RetryPolicy::new(retries, Duration::from_secs(1));
        let bound = PATIENCE_PER_RETRY * retries + MAX_PROBE_GAP;
        let told = Pacer::new(4, Some(120), policy);
        let (elapsed, sent) = endless_refusal_of(100, retries, 4, told);
        assert!(elapsed <= bound, "--rpm, --retries {retries}: {elapsed:?}");
        assert!(sent <= 100 * (retries as usize + 1));
        let remembering = Pacer::new(4, None, policy);
        remembering.start_from(&KnownLimit {
            requests: 30,
            shortest: Duration::from_secs(4),
            longest: Duration::from_secs(5),
            size_proven: true,
            recent: Vec::new(),
            age: Duration::ZERO,
        });
        let (elapsed, sent) = endless_refusal_of(100, retries, 4, remembering);
        assert!(
            elapsed <= bound,
            "remembered, --retries {retries}: {elapsed:?}"
        );
        assert!(sent <= 100 * (retries as usize + 1));
    }
}

#[test]
fn after_giving_up_requests_fail_for_a_while_then_go_again() {
    runtime().block_on(async {
        let pacer = Pacer::new(2, None, RetryPolicy::new(0, Duration::from_secs(1)));
        let t = pacer.before_request().await.unwrap();
        pacer.refused(t, Load::Requests, None);
        let e = pacer.before_request().await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::RateLimit);
        assert_eq!(e.recovery, Recovery::Fatal);
        tokio::time::sleep(GIVE_UP_FOR).await;
        let t = pacer.before_request().await.unwrap();
        pacer.succeeded(t);
    });
}
