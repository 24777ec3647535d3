//! Rows that need no request: restored from the cache (the entry verified on the way),
//! or copied from an earlier row with the same cache key.

use super::plan::{Plan, PlannedRow};
use super::row::{RowResult, RowStatus};
use crate::audio::duration::file_ms;
use crate::error::CliError;
use crate::report;
use crate::request::{self, Cached, Found};
use crate::store::cache::Cache;

/// A row made (or failed) in an earlier chunk whose key later rows have too.
pub struct MadeRow {
    number: usize,
    id: String,
    output: std::path::PathBuf,
    made: bool,
    cues: Option<Vec<crate::subtitles::Cue>>,
}

impl MadeRow {
    pub fn of(
        plan: &Plan,
        job: &PlannedRow,
        made: bool,
        cues: Option<Vec<crate::subtitles::Cue>>,
    ) -> MadeRow {
        MadeRow {
            number: job.number,
            id: job.id.clone(),
            output: plan.output(job),
            made,
            cues,
        }
    }
}

/// What restoring a cached row came to.
pub enum Restored<'a> {
    Done(RowResult<'a>),
    /// The entry is not what was stored: the row is synthesized again.
    Damaged(String),
}

/// Restores a cached row (its entry verified on the way).
pub fn restore<'a>(plan: &Plan, job: &'a PlannedRow, cache: Option<&Cache>) -> Restored<'a> {
    let Some(cache) = cache else {
        return Restored::Damaged("no cache".into());
    };
    match request::find(cache, &job.request, false) {
        Cached::Found(found) => Restored::Done(restored(plan, job, cache, found)),
        Cached::Missing => Restored::Damaged("it went away".into()),
        Cached::Damaged(why) => Restored::Damaged(why),
    }
}

/// A row's file written from what the cache held.
pub fn restored<'a>(
    plan: &Plan,
    job: &'a PlannedRow,
    cache: &Cache,
    found: Found,
) -> RowResult<'a> {
    match cache.restore(&found.audio, &plan.output(job)) {
        Ok(()) => RowResult {
            bytes: found.audio.len() as u64,
            audio_ms: file_ms(job.request.spec(), &found.audio),
            cues: found.cues,
            ..RowResult::new(job, RowStatus::Cached)
        },
        Err(e) => RowResult::failed(job, e.into()),
    }
}

/// A row with the same cache key as `first`, made before it: its file is a copy
/// (nothing is paid twice).
pub fn copy_row<'a>(plan: &Plan, job: &'a PlannedRow, first: &MadeRow) -> RowResult<'a> {
    if !first.made {
        return RowResult::failed(
            job,
            CliError::failure(format!(
                "row {} (id {}), which has the same text and settings, failed",
                first.number,
                report::sanitized(&first.id)
            )),
        );
    }
    let copied = std::fs::read(&first.output)
        .map_err(|e| {
            CliError::failure(format!(
                "cannot read {} to copy it: {e}",
                first.output.display()
            ))
        })
        .and_then(|audio| {
            crate::sink::write_file(&plan.output(job), &audio)
                .map(|()| audio)
                .map_err(CliError::from)
        });
    match copied {
        Ok(audio) => RowResult {
            bytes: audio.len() as u64,
            audio_ms: file_ms(job.request.spec(), &audio),
            cues: first.cues.clone(),
            ..RowResult::new(job, RowStatus::Cached)
        },
        Err(e) => RowResult::failed(job, e),
    }
}

/// Whether a row's audio (and subtitles, when it keeps them) is in the cache. Verified,
/// but not touched: a dry run leaves every entry's age as it was.
pub fn peek(cache: &Cache, job: &PlannedRow) -> bool {
    matches!(request::find(cache, &job.request, true), Cached::Found(_))
}

#[cfg(test)]
mod tests {
    use super::{MadeRow, copy_row};
    use crate::batch::row::RowStatus;
    use crate::batch::testing;

    #[test]
    fn a_copy_is_the_first_rows_file_and_fails_when_the_first_row_did() {
        let planned = testing::plan(concat!(
            "{\"id\":\"a\",\"text\":\"Same.\"}\n",
            "{\"id\":\"b\",\"text\":\"Same.\"}\n",
        ));
        let (first, copy) = (&planned.rows[0], &planned.rows[1]);
        let plan = &planned.plan;
        std::fs::write(plan.output(first), vec![7u8; 6400]).unwrap();
        let copied = copy_row(plan, copy, &MadeRow::of(plan, first, true, None));
        assert_eq!(copied.status, RowStatus::Cached);
        assert_eq!((copied.bytes, copied.audio_ms), (6400, Some(100)));
        assert_eq!(std::fs::read(plan.output(copy)).unwrap(), vec![7u8; 6400]);

        std::fs::remove_file(plan.output(copy)).unwrap();
        let failed = copy_row(plan, copy, &MadeRow::of(plan, first, false, None));
        assert_eq!(failed.status, RowStatus::Failed);
        let message = failed.error.map(|e| e.message).unwrap_or_default();
        assert!(message.contains("row 1 (id a)"), "{message}");
        assert!(!plan.output(copy).exists());
    }
}
