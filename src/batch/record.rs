//! Recording rows as they end: each printed (a `--json` line, a warning for a failure)
//! and counted on the progress bar; and the re-run record of the output directory.

use std::cell::RefCell;

use super::events;
use super::row::{RowResult, RowStatus};
use crate::report;
use crate::store::state::RunState;

/// What a run's chunks share for showing progress.
pub struct Progress {
    /// Rows cached, rows failed, characters billed: for the progress bar.
    pub tally: RefCell<(u64, u64, u64)>,
    pub json: bool,
    pub bar: indicatif::ProgressBar,
}

impl Progress {
    /// A progress bar over `rows` rows (hidden when stderr is no terminal, or with
    /// `--quiet`).
    pub fn new(rows: usize, json: bool) -> Progress {
        Progress {
            tally: RefCell::new((0, 0, 0)),
            json,
            bar: report::progress_bar(
                rows as u64,
                "{bar:30} {pos}/{len} rows, {msg} [{elapsed_precise}, ETA {eta}]",
            ),
        }
    }
}

/// A chunk's results so far, printed as they come.
pub struct Results<'a, 'r> {
    pub rows: RefCell<Vec<RowResult<'a>>>,
    pub shared: &'r Progress,
}

impl<'a> Results<'a, '_> {
    pub fn record(&self, result: RowResult<'a>) {
        let shared = self.shared;
        if shared.json {
            let _ = report::stdout_line(&events::value(&result.event()).to_string());
        }
        if let Some(e) = &result.error {
            let line = format!(
                "row {} (id {}) failed: {}",
                result.job.number,
                report::sanitized(&result.job.id),
                e.message
            );
            shared.bar.suspend(|| report::warn(line));
        }
        let (cached, failed, chars) = {
            let mut tally = shared.tally.borrow_mut();
            match result.status {
                RowStatus::Cached => tally.0 += 1,
                RowStatus::Failed => tally.1 += 1,
                RowStatus::Synthesized => tally.2 += result.billed.unwrap_or(0),
            }
            *tally
        };
        self.rows.borrow_mut().push(result);
        if !shared.bar.is_hidden() {
            shared.bar.set_message(format!(
                "{cached} cached, {failed} failed, {chars} characters"
            ));
        }
        shared.bar.inc(1);
    }
}

/// The re-run record of the output directory, in the user's state directory: never in
/// the cache, which others (CI jobs) may write, as a forged record would make a stale
/// file pass for the row's new audio.
pub struct RunRecord {
    name: String,
    pub state: RunState,
}

impl RunRecord {
    /// The record, to look in and (when `writable`) to add to.
    pub fn open(
        state_dir: Option<&std::path::Path>,
        out_dir: &std::path::Path,
        writable: bool,
    ) -> RunRecord {
        let name = crate::store::state::name_for(out_dir);
        let state = match crate::store::state::runs_dir(state_dir, writable) {
            Ok(Some(dir)) => RunState::open(dir, &name, writable),
            _ => RunState::default(),
        };
        RunRecord { name, state }
    }

    pub fn save(self) -> std::io::Result<()> {
        self.state.save(&self.name)
    }
}
