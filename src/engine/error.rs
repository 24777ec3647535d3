//! Errors below the command layer: a provider-neutral kind and a recovery. Exit codes and
//! hints are chosen from these in one place (`crate::error`).

use std::fmt;

use tokio_tungstenite::tungstenite::http::HeaderMap;

use super::advice::Advice;

/// What went wrong, whatever the provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text or settings break a rule of the provider (found before sending).
    Input,
    /// The key was refused.
    Auth,
    /// Balance, quota or plan limits.
    Balance,
    /// Too many requests or connections.
    RateLimit,
    /// The content filter refused the text or the audio.
    Content,
    /// The request was refused as invalid (a parameter, a voice, a model).
    BadRequest,
    /// The service failed or is busy.
    Server,
    /// The service could not be reached, or the connection dropped or stalled.
    Network,
    /// The service sent something its documentation does not allow.
    Protocol,
    /// Writing the audio failed locally.
    Output,
}

/// What the caller should do about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recovery {
    /// Transient: retry after a backoff.
    Retry,
    /// Rate limited: retry after a (longer, growing) backoff.
    SlowDown,
    /// The session is gone (idle close): open a new one and go on.
    NewSession,
    /// Worth exactly one more try (a 401 on a fresh connection has been seen to pass).
    RetryOnce,
    /// Retrying cannot help.
    Fatal,
}

/// A failure with everything the user should be told.
#[derive(Clone, Debug)]
pub struct EngineError {
    pub kind: ErrorKind,
    pub recovery: Recovery,
    /// What happened, in plain words.
    pub message: String,
    /// The provider's status code (or the HTTP status of a refused request).
    pub status: Option<i64>,
    pub trace_id: Option<String>,
    /// The provider-specific advice, if any (the generic one follows from the kind;
    /// boxed: errors travel in `Result`s everywhere).
    pub advice: Option<Box<Advice>>,
    /// Attempts made before giving up (1 = no retry).
    pub attempts: u32,
    /// The option the message is about (`emotion`): the message follows its name, which
    /// is chosen at the top (the flag on a command line, the key in a manifest row).
    pub option: Option<&'static str>,
    /// The request never reached the service (the connection was refused): retrying is
    /// safe even for a request that must not be sent twice.
    pub unsent: bool,
    /// For a load refusal: the limit was on sessions open at once (not on requests).
    pub sessions_limit: bool,
    /// How long the service said to wait (`Retry-After`), in milliseconds (kept small:
    /// errors travel in `Result`s everywhere).
    pub retry_after_ms: Option<std::num::NonZeroU32>,
}

impl EngineError {
    /// The message, after the option it is about as `name` calls it (its flag on a
    /// command line, its key in a manifest row).
    pub fn naming(&self, name: impl Fn(&str) -> String) -> String {
        match self.option {
            Some(option) => format!("{} {}", name(option), self.message),
            None => self.message.clone(),
        }
    }

    pub fn new(kind: ErrorKind, recovery: Recovery, message: impl Into<String>) -> Self {
        EngineError {
            kind,
            recovery,
            message: message.into(),
            status: None,
            trace_id: None,
            advice: None,
            attempts: 1,
            option: None,
            unsent: false,
            sessions_limit: false,
            retry_after_ms: None,
        }
    }

    /// Marks a failure that happened before the request left (a refused connection).
    pub fn unsent(mut self) -> Self {
        self.unsent = true;
        self
    }

    /// An option the provider has no use for: "`key` {problem}".
    pub fn option(
        key: &'static str,
        problem: impl Into<String>,
        advice: impl Into<Advice>,
    ) -> Self {
        let mut e = Self::input(problem, advice);
        e.option = Some(key);
        e
    }

    pub fn input(message: impl Into<String>, advice: impl Into<Advice>) -> Self {
        Self::new(ErrorKind::Input, Recovery::Fatal, message).with_advice(advice)
    }

    pub fn network(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Network, Recovery::Retry, message)
    }

    pub fn protocol(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Protocol, Recovery::Retry, message)
    }

    pub fn with_advice(mut self, advice: impl Into<Advice>) -> Self {
        self.advice = Some(Box::new(advice.into()));
        self
    }

    pub fn with_status(mut self, status: Option<i64>, trace_id: Option<String>) -> Self {
        self.status = status;
        self.trace_id = trace_id;
        self
    }

    /// The same failure, but not to be retried (e.g. a request that may have been billed).
    pub fn fatal(mut self) -> Self {
        self.recovery = Recovery::Fatal;
        self
    }

    /// Notes the service's `Retry-After` hint, if its headers carry one.
    pub fn with_retry_after(mut self, headers: &HeaderMap) -> Self {
        self.retry_after_ms =
            retry_after(headers).and_then(|d| std::num::NonZeroU32::new(d.as_millis() as u32));
        self
    }

    /// How long the service said to wait.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.retry_after_ms
            .map(|ms| std::time::Duration::from_millis(u64::from(ms.get())))
    }
}

/// A `Retry-After` header in seconds (the date form is not used by these services), at
/// most an hour.
pub fn retry_after(headers: &HeaderMap) -> Option<std::time::Duration> {
    let seconds: f64 = headers
        .get("retry-after")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    (seconds.is_finite() && seconds >= 0.0)
        .then(|| std::time::Duration::from_secs_f64(seconds.min(3600.0)))
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(code) = self.status {
            write!(f, " (status {code})")?;
        }
        Ok(())
    }
}

impl std::error::Error for EngineError {}

/// Server text for a message: cut to at most `max` characters (on a character
/// boundary), its control characters escaped (it came from outside).
pub fn truncate(s: &str, max: usize) -> String {
    let cut = match s.char_indices().nth(max) {
        Some((idx, _)) => format!("{}…", &s[..idx]),
        None => s.to_string(),
    };
    crate::report::sanitized(&cut).into_owned()
}

/// `8000, 16000, 24000` for messages listing allowed values.
pub fn list_numbers(values: &[u32]) -> String {
    values
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::truncate;

    #[test]
    fn truncate_respects_char_boundaries() {
        assert_eq!(truncate("héllo", 2), "hé…");
        assert_eq!(truncate("hi", 5), "hi");
    }
}
