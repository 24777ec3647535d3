//! What happened to one row of a batch, and finishing its file (loudness, trim) when
//! its settings ask.

use super::events::{RowError, RowEvent};
use super::plan::{Plan, PlannedRow};
use crate::error::CliError;

/// What happened to one row.
pub struct RowResult<'a> {
    pub job: &'a PlannedRow,
    pub status: RowStatus,
    pub bytes: u64,
    pub audio_ms: Option<u64>,
    pub billed: Option<u64>,
    pub error: Option<Box<CliError>>,
    /// The row's subtitles (kept for a production's merged ones).
    pub cues: Option<Vec<crate::subtitles::Cue>>,
    /// What finishing measured and did (boxed: most rows are not finished).
    pub finished: Option<Box<crate::audio::finish::FinishReport>>,
    /// Decided from the re-run record, which already says what it would record.
    pub from_record: bool,
    /// Restored without a file: the join reads its cache entry (a production's row).
    pub in_cache: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowStatus {
    Synthesized,
    Cached,
    Failed,
}

impl RowStatus {
    pub fn name(self) -> &'static str {
        match self {
            RowStatus::Synthesized => "synthesized",
            RowStatus::Cached => "cached",
            RowStatus::Failed => "failed",
        }
    }
}

impl<'a> RowResult<'a> {
    pub fn new(job: &'a PlannedRow, status: RowStatus) -> RowResult<'a> {
        RowResult {
            job,
            status,
            bytes: 0,
            audio_ms: None,
            billed: None,
            error: None,
            cues: None,
            finished: None,
            from_record: false,
            in_cache: false,
        }
    }

    /// Finishes the row's file (loudness, trim) when its settings ask.
    pub fn finish(mut self, plan: &Plan) -> RowResult<'a> {
        let job = self.job;
        let Some(finishing) = job.finishing.as_deref() else {
            return self;
        };
        if self.status == RowStatus::Failed {
            return self;
        }
        let output = plan.output(job);
        let finish = crate::audio::finish::FinishAs {
            finishing,
            format: job.request.spec().format,
            layout: job.request.spec().pcm_layout(),
        };
        match crate::audio::finish::finish_in_place(&output, &finish) {
            Ok(finished) => {
                crate::audio::finish::warn_limited(
                    &format!("row {} (id {})", job.number, job.id),
                    &finished,
                    finishing,
                );
                if let Some(ms) = self.audio_ms.as_mut() {
                    *ms = ms.saturating_sub(finished.trimmed_start_ms + finished.trimmed_end_ms);
                }
                self.bytes = std::fs::metadata(&output).map_or(self.bytes, |m| m.len());
                self.finished = Some(Box::new(finished));
                self
            }
            Err(e) => RowResult::failed(
                job,
                CliError::failure(format!("cannot finish {}: {e}", output.display())),
            ),
        }
    }

    pub fn failed(job: &'a PlannedRow, error: CliError) -> RowResult<'a> {
        RowResult {
            error: Some(Box::new(error)),
            ..RowResult::new(job, RowStatus::Failed)
        }
    }

    pub fn event(&self) -> RowEvent {
        let job = self.job;
        RowEvent {
            event: "row",
            id: job.id.clone(),
            row: job.number,
            output: job.shown.clone(),
            status: self.status.name(),
            provider: job.request.spec().provider().flag_value(),
            bytes: self.bytes,
            audio_ms: self.audio_ms,
            billed_characters: self.billed,
            cache_key: job.request.key.to_string(),
            loudness: self.finished.as_deref().cloned(),
            error: self.error.as_ref().map(|e| RowError {
                message: e.message.clone(),
                hint: e.hint.clone(),
                exit: e.exit.code(),
                status: e.status_code,
                trace_id: e.trace_id.clone(),
            }),
        }
    }
}
