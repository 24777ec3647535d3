//! The process exit codes: one enum, documented in README.md and the man page.

use std::process::ExitCode;

use crate::signals::Signal;

/// Every way `minimax-tts` can end. Scripts depend on these numbers; never renumber.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything worked.
    Success,
    /// Any failure not covered below (local I/O errors, bugs).
    Failure,
    /// Bad command line, bad input text, bad configuration: fix the invocation.
    Usage,
    /// MiniMax refused the request and retrying will not help (auth, quota, content filter, bad parameter).
    Api,
    /// Network failure, timeout, or retryable errors that outlasted every retry.
    Network,
    /// Playback was required but no audio device could be opened.
    NoDevice,
    /// An asynchronous job is not finished yet (poll again later).
    NotReady,
    /// Interrupted by Ctrl-C (SIGINT), SIGTERM or SIGHUP. The process re-raises the
    /// signal and dies by it; 128 + its number is the fallback exit code (130 for Ctrl-C).
    Interrupted(Signal),
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Usage => 2,
            ExitStatus::Api => 3,
            ExitStatus::Network => 4,
            ExitStatus::NoDevice => 5,
            ExitStatus::NotReady => 6,
            ExitStatus::Interrupted(signal) => 128 + signal.number() as u8,
        }
    }

    /// The more severe of two failures, for the exit of a run whose parts failed in
    /// different ways (a batch's rows): a problem the user must fix (usage, then a
    /// refusal) above a local failure above one a rerun may cure (the network); on a
    /// tie, `later`.
    pub fn worse(earlier: ExitStatus, later: ExitStatus) -> ExitStatus {
        if later.severity() >= earlier.severity() {
            later
        } else {
            earlier
        }
    }

    fn severity(self) -> u8 {
        match self {
            ExitStatus::Usage => 5,
            ExitStatus::Api => 4,
            ExitStatus::Failure => 3,
            ExitStatus::Network => 2,
            _ => 1,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(status.code())
    }
}

#[cfg(test)]
mod tests {
    use super::ExitStatus;

    #[test]
    fn the_worse_failure_is_the_one_to_fix_first() {
        use ExitStatus::{Api, Failure, Network, NotReady, Usage};
        assert_eq!(ExitStatus::worse(Network, Usage), Usage);
        assert_eq!(ExitStatus::worse(Usage, Network), Usage);
        assert_eq!(ExitStatus::worse(Failure, Api), Api);
        assert_eq!(ExitStatus::worse(Api, Failure), Api);
        assert_eq!(ExitStatus::worse(Network, Failure), Failure);
        assert_eq!(ExitStatus::worse(NotReady, Network), Network);
        // A tie keeps the later one.
        assert_eq!(ExitStatus::worse(Api, Api), Api);
    }
}
