//! Ctrl-C, SIGTERM and SIGHUP: caught while there is work to undo (a temporary file, a
//! playing device), then re-raised with the default action so the process dies *by* the
//! signal. A calling shell loop or CI runner then sees a real interrupt and stops, which
//! it would not for a plain exit code 130.

use std::sync::OnceLock;

use tokio::sync::watch;

/// The signals that end a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    Interrupt,
    Terminate,
    Hangup,
}

impl Signal {
    /// The POSIX signal number.
    pub fn number(self) -> i32 {
        match self {
            Signal::Interrupt => 2,
            Signal::Terminate => 15,
            Signal::Hangup => 1,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Signal::Interrupt => "SIGINT",
            Signal::Terminate => "SIGTERM",
            Signal::Hangup => "SIGHUP",
        }
    }
}

/// The latest signal received, once [`install`] ran (`None` until one arrives).
static RECEIVED: OnceLock<watch::Sender<Option<Signal>>> = OnceLock::new();

/// Starts catching the signals on `runtime`. Call it before creating anything a signal
/// must clean up: from then on a signal is remembered even if nobody is waiting yet.
pub fn install(runtime: &tokio::runtime::Runtime) {
    if RECEIVED.get().is_some() {
        return;
    }
    let (tx, _) = watch::channel(None);
    if RECEIVED.set(tx).is_err() {
        return;
    }
    let _entered = runtime.enter();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let streams = (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        );
        if let (Ok(mut int), Ok(mut term), Ok(mut hup)) = streams {
            runtime.spawn(async move {
                loop {
                    let received = tokio::select! {
                        _ = int.recv() => Signal::Interrupt,
                        _ = term.recv() => Signal::Terminate,
                        _ = hup.recv() => Signal::Hangup,
                    };
                    if let Some(tx) = RECEIVED.get() {
                        tx.send_replace(Some(received));
                    }
                }
            });
        }
    }
    #[cfg(not(unix))]
    runtime.spawn(async {
        if tokio::signal::ctrl_c().await.is_ok()
            && let Some(tx) = RECEIVED.get()
        {
            tx.send_replace(Some(Signal::Interrupt));
        }
    });
}

/// Resolves when a signal arrives (at once if one already did). Never resolves when
/// [`install`] was not called.
pub async fn received() -> Signal {
    let Some(tx) = RECEIVED.get() else {
        return std::future::pending().await;
    };
    let mut rx = tx.subscribe();
    loop {
        if let Some(signal) = *rx.borrow_and_update() {
            return signal;
        }
        if rx.changed().await.is_err() {
            return std::future::pending().await;
        }
    }
}

/// Ends the process by `signal` with its default action. Returns only where that is
/// impossible; the caller then exits with 128 + the signal number.
pub fn die_by(signal: Signal) {
    #[cfg(unix)]
    // SAFETY: restoring the default disposition and raising a signal have no memory
    // effects; this runs on the main thread after all work has been cleaned up.
    unsafe {
        libc::signal(signal.number(), libc::SIG_DFL);
        libc::raise(signal.number());
    }
    #[cfg(not(unix))]
    let _ = signal;
}
