//! The end of a batch: what every row came to, gathered chunk by chunk, printed as the
//! summary (and `--report`), and the exit the rows call for.

use std::path::Path;

use super::events::{self, Billed, JoinEvent, Report, RowEvent, SummaryEvent};
use super::row::{RowResult, RowStatus};
use super::run::BatchOptions;
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::report;
use crate::spec::Provider;

/// What the summary and `--report` need of every row, gathered chunk by chunk (the
/// rows themselves are not kept).
pub struct BatchSummary {
    /// Rows with a result.
    done: usize,
    synthesized: usize,
    cached: usize,
    /// The failed rows' ids, and the most severe error.
    failed_ids: Vec<String>,
    worst: Option<Box<CliError>>,
    minimax_characters: u64,
    fish_utf8_bytes: u64,
    bytes: u64,
    /// With `--report`: every row's record, in manifest order.
    report_rows: Option<Vec<RowEvent>>,
}

impl BatchSummary {
    pub fn new(report: bool) -> BatchSummary {
        BatchSummary {
            done: 0,
            synthesized: 0,
            cached: 0,
            failed_ids: Vec::new(),
            worst: None,
            minimax_characters: 0,
            fish_utf8_bytes: 0,
            bytes: 0,
            report_rows: report.then(Vec::new),
        }
    }

    /// Adds a chunk's rows (chunks come in manifest order).
    pub fn add(&mut self, rows: &[RowResult]) {
        for row in rows {
            self.done += 1;
            self.bytes += row.bytes;
            match row.status {
                RowStatus::Synthesized => {
                    self.synthesized += 1;
                    let billed = row.billed.unwrap_or(0);
                    match row.job.request.spec().provider() {
                        Provider::Minimax => self.minimax_characters += billed,
                        Provider::Fish => self.fish_utf8_bytes += billed,
                    }
                }
                RowStatus::Cached => self.cached += 1,
                RowStatus::Failed => {
                    self.failed_ids.push(row.job.id.clone());
                    if let Some(error) = &row.error
                        && self.worst.as_ref().is_none_or(|worst| {
                            ExitStatus::worse(worst.exit, error.exit) == error.exit
                        })
                    {
                        self.worst = Some(error.clone());
                    }
                }
            }
        }
        if let Some(report_rows) = &mut self.report_rows {
            let mut sorted: Vec<&RowResult> = rows.iter().collect();
            sorted.sort_by_key(|r| r.job.number);
            report_rows.extend(sorted.iter().map(|r| r.event()));
        }
    }
}

/// Prints the summary (and the production joined), writes `--report`, and ends with the
/// exit the rows call for.
pub fn finish(
    options: &BatchOptions,
    report_path: Option<&Path>,
    summary: BatchSummary,
    total: usize,
    slowdowns: u64,
    joined: Option<JoinEvent>,
) -> Result<(), CliError> {
    let summary_event = summary.event(options, total, slowdowns);
    if let Some(joined) = &joined {
        print_joined(joined, options.json).map_err(CliError::stdout)?;
    }
    if let Some(path) = report_path {
        let report_json = events::value(&Report {
            rows: summary.report_rows.clone().unwrap_or_default(),
            summary: summary_event.clone(),
            production: joined,
        });
        crate::sink::write_file(path, format!("{report_json:#}\n").as_bytes())?;
    }
    if options.json {
        report::stdout_line(&events::value(&summary_event).to_string())
            .map_err(CliError::stdout)?;
    } else {
        report::info(format_args!(
            "batch: {total} rows: {} synthesized, {} from the cache, {} failed; billed {} MiniMax characters, {} Fish Audio bytes; wrote {} bytes{}",
            summary.synthesized,
            summary.cached,
            summary.failed_ids.len(),
            summary.minimax_characters,
            summary.fish_utf8_bytes,
            summary.bytes,
            if slowdowns > 0 {
                format!("; slowed down {slowdowns} times for rate limits")
            } else {
                String::new()
            }
        ));
    }
    match summary.failure(total) {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

fn print_joined(joined: &JoinEvent, json: bool) -> std::io::Result<()> {
    if json {
        return report::stdout_line(&events::value(joined).to_string());
    }
    report::info(format_args!(
        "joined {} rows into {}: {} bytes, {:.1} s of audio, {} chapters",
        joined.timeline.len(),
        report::sanitized(&joined.output),
        joined.bytes,
        joined.audio_ms as f64 / 1000.0,
        joined.chapters.len(),
    ));
    Ok(())
}

impl BatchSummary {
    fn event(&self, options: &BatchOptions, total: usize, slowdowns: u64) -> SummaryEvent {
        SummaryEvent {
            event: "summary",
            rows: total,
            synthesized: self.synthesized,
            cached: self.cached,
            failed: self.failed_ids.len(),
            failed_ids: self.failed_ids.clone(),
            billed: Billed {
                minimax_characters: self.minimax_characters,
                fish_utf8_bytes: self.fish_utf8_bytes,
            },
            bytes: self.bytes,
            slowdowns,
            shard: options.shard.map(|s| format!("{}/{}", s.index, s.count)),
        }
    }

    /// The error a run with failed (or, with `--fail-fast`, unattempted) rows ends with:
    /// the exit of the most severe row's error, and the failed ids.
    fn failure(&self, total: usize) -> Option<CliError> {
        let failed = self.failed_ids.len();
        let unfinished = total - self.done;
        if failed == 0 && unfinished == 0 {
            return None;
        }
        let worst = self.worst.as_deref();
        let exit = worst.map_or(ExitStatus::Failure, |e| e.exit);
        let mut ids: Vec<&str> = self.failed_ids.iter().map(String::as_str).collect();
        ids.sort_unstable();
        let shown: Vec<String> = ids
            .iter()
            .take(20)
            .map(|id| report::sanitized(id).into_owned())
            .collect();
        let more = if ids.len() > shown.len() {
            format!(" and {} more", ids.len() - shown.len())
        } else {
            String::new()
        };
        let skipped = if unfinished > 0 {
            format!("; {unfinished} not attempted (--fail-fast)")
        } else {
            String::new()
        };
        let mut error = CliError::new(
            exit,
            format!(
                "{failed} of {total} rows failed: {}{more}{skipped}",
                shown.join(", ")
            ),
        )
        .with_hint(match exit {
            ExitStatus::Usage => {
                "fix the rows named above, then run the same command again: finished rows come from the cache"
            }
            ExitStatus::Api => {
                "check the key, the balance and the voices and models named above; a rerun sends only the failed rows"
            }
            ExitStatus::Network => {
                "run the same command again later: finished rows come from the cache, only the rest is sent"
            }
            _ => {
                "fix the cause named above, then run the same command again: finished rows come from the cache"
            }
        });
        if let Some(worst) = worst {
            error.status_code = worst.status_code;
            error.trace_id = worst.trace_id.clone();
        }
        Some(error)
    }
}

#[cfg(test)]
mod tests {
    use super::BatchSummary;
    use crate::batch::row::{RowResult, RowStatus};
    use crate::batch::testing;
    use crate::error::CliError;
    use crate::exit::ExitStatus;

    #[test]
    fn the_run_ends_with_the_most_severe_rows_exit_and_the_failed_ids_sorted() {
        let planned = testing::plan(concat!(
            "{\"id\":\"z\",\"text\":\"One.\"}\n",
            "{\"id\":\"m\",\"text\":\"Two.\"}\n",
            "{\"id\":\"a\",\"text\":\"Three.\"}\n",
            "{\"id\":\"ok\",\"text\":\"Four.\"}\n",
        ));
        let rows = &planned.rows;
        let failed = |i: usize, exit: ExitStatus| {
            RowResult::failed(&rows[i], CliError::new(exit, format!("row {i}")))
        };
        let made = RowResult {
            billed: Some(5),
            bytes: 100,
            ..RowResult::new(&rows[3], RowStatus::Synthesized)
        };
        let mut summary = BatchSummary::new(true);
        summary.add(&[
            failed(0, ExitStatus::Network),
            failed(1, ExitStatus::Usage),
            failed(2, ExitStatus::Api),
            made,
        ]);
        assert_eq!((summary.synthesized, summary.minimax_characters), (1, 5));
        assert_eq!(summary.report_rows.as_ref().map(Vec::len), Some(4));
        let error = summary.failure(4).unwrap();
        assert_eq!(error.exit, ExitStatus::Usage);
        assert_eq!(error.message, "3 of 4 rows failed: a, m, z");
        // Rows a --fail-fast run never reached are named too.
        let error = summary.failure(6).unwrap();
        assert!(error.message.ends_with("; 2 not attempted (--fail-fast)"));
    }

    #[test]
    fn a_run_whose_rows_all_ended_well_has_no_failure() {
        let planned = testing::plan("{\"id\":\"a\",\"text\":\"One.\"}\n");
        let mut summary = BatchSummary::new(false);
        summary.add(&[RowResult::new(&planned.rows[0], RowStatus::Cached)]);
        assert!(summary.failure(1).is_none());
        assert_eq!(summary.cached, 1);
    }
}
