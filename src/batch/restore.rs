//! Rows that need no request: restored from the cache (the entry verified on the way),
//! or copied from an earlier row with the same cache key.

use super::plan::{Plan, PlannedRow};
use super::row::{RowResult, RowStatus};
use crate::audio::duration::file_ms;
use crate::error::CliError;
use crate::report;
use crate::request::{self, Cached, Found};
use crate::store::cache::Cache;

/// Where a restored row's audio goes: its file, or (a production's row whose files are
/// scratch, and that is not finished on its own) nowhere: the join reads the cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Restore {
    ToFile,
    InCache,
}

impl Restore {
    /// The mode for `job`: a row that is finished needs its file.
    fn for_row(self, job: &PlannedRow) -> Restore {
        match self {
            Restore::InCache if job.finishing.is_none() => Restore::InCache,
            _ => Restore::ToFile,
        }
    }
}

/// What a made (or restored) row leaves for the rows with its key, which copy it.
#[derive(Clone)]
pub struct Made {
    pub cues: Option<Vec<crate::subtitles::Cue>>,
    /// Its audio was left in the cache (no file).
    pub in_cache: bool,
    pub bytes: u64,
    pub audio_ms: Option<u64>,
}

impl Made {
    pub fn of(row: &RowResult) -> Made {
        Made {
            cues: row.cues.clone(),
            in_cache: row.in_cache,
            bytes: row.bytes,
            audio_ms: row.audio_ms,
        }
    }
}

/// A row made (or failed: `made` is `None`) whose key later rows have too.
pub struct MadeRow {
    number: usize,
    id: String,
    output: std::path::PathBuf,
    made: Option<Made>,
}

impl MadeRow {
    pub fn of(plan: &Plan, job: &PlannedRow, made: Option<Made>) -> MadeRow {
        MadeRow {
            number: job.number,
            id: job.id.clone(),
            output: plan.output(job),
            made,
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
pub fn restore<'a>(
    plan: &Plan,
    job: &'a PlannedRow,
    cache: Option<&Cache>,
    mode: Restore,
) -> Restored<'a> {
    let Some(cache) = cache else {
        return Restored::Damaged("no cache".into());
    };
    match request::find(cache, &job.request, false) {
        Cached::Found(found) => Restored::Done(restored(plan, job, cache, found, mode)),
        Cached::Missing => Restored::Damaged("it went away".into()),
        Cached::Damaged(why) => Restored::Damaged(why),
    }
}

/// A row restored from what the cache held: written to its file, or left there.
pub fn restored<'a>(
    plan: &Plan,
    job: &'a PlannedRow,
    cache: &Cache,
    found: Found,
    mode: Restore,
) -> RowResult<'a> {
    let in_cache = mode.for_row(job) == Restore::InCache;
    if !in_cache && let Err(e) = cache.restore(&found.audio, &plan.output(job)) {
        return RowResult::failed(job, e.into());
    }
    RowResult {
        bytes: found.audio.len() as u64,
        audio_ms: file_ms(job.request.spec(), &found.audio),
        cues: found.cues,
        in_cache,
        ..RowResult::new(job, RowStatus::Cached)
    }
}

/// A row with the same cache key as `first`, made before it: its file is a copy, or
/// (`first`'s audio left in the cache) its audio is that entry too. Nothing is paid twice.
pub fn copy_row<'a>(
    plan: &Plan,
    job: &'a PlannedRow,
    first: &MadeRow,
    cache: Option<&Cache>,
    mode: Restore,
) -> RowResult<'a> {
    let Some(made) = &first.made else {
        return RowResult::failed(
            job,
            CliError::failure(format!(
                "row {} (id {}), which has the same text and settings, failed",
                first.number,
                report::sanitized(&first.id)
            )),
        );
    };
    if made.in_cache {
        if mode.for_row(job) == Restore::InCache {
            return RowResult {
                bytes: made.bytes,
                audio_ms: made.audio_ms,
                cues: made.cues.clone(),
                in_cache: true,
                ..RowResult::new(job, RowStatus::Cached)
            };
        }
        // A row finished on its own needs its file: from the entry.
        return match restore(plan, job, cache, Restore::ToFile) {
            Restored::Done(row) => row,
            Restored::Damaged(why) => RowResult::failed(
                job,
                CliError::failure(format!(
                    "the cache entry of row {} (id {}), which has the same text and settings, is damaged: {why}",
                    first.number,
                    report::sanitized(&first.id)
                )),
            ),
        };
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
            cues: made.cues.clone(),
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
    use super::{Made, MadeRow, Restore, copy_row};
    use crate::batch::row::RowStatus;
    use crate::batch::testing;

    fn made(in_cache: bool) -> Option<Made> {
        Some(Made {
            cues: None,
            in_cache,
            bytes: 6400,
            audio_ms: Some(100),
        })
    }

    #[test]
    fn a_copy_is_the_first_rows_file_and_fails_when_the_first_row_did() {
        let planned = testing::plan(concat!(
            "{\"id\":\"a\",\"text\":\"Same.\"}\n",
            "{\"id\":\"b\",\"text\":\"Same.\"}\n",
        ));
        let (first, copy) = (&planned.rows[0], &planned.rows[1]);
        let plan = &planned.plan;
        std::fs::write(plan.output(first), vec![7u8; 6400]).unwrap();
        let first_made = MadeRow::of(plan, first, made(false));
        let copied = copy_row(plan, copy, &first_made, None, Restore::ToFile);
        assert_eq!(copied.status, RowStatus::Cached);
        assert_eq!((copied.bytes, copied.audio_ms), (6400, Some(100)));
        assert!(!copied.in_cache);
        assert_eq!(std::fs::read(plan.output(copy)).unwrap(), vec![7u8; 6400]);

        std::fs::remove_file(plan.output(copy)).unwrap();
        let failed = copy_row(
            plan,
            copy,
            &MadeRow::of(plan, first, None),
            None,
            Restore::ToFile,
        );
        assert_eq!(failed.status, RowStatus::Failed);
        let message = failed.error.map(|e| e.message).unwrap_or_default();
        assert!(message.contains("row 1 (id a)"), "{message}");
        assert!(!plan.output(copy).exists());
    }

    #[test]
    fn a_copy_of_a_row_left_in_the_cache_is_left_there_too_and_writes_no_file() {
        let planned = testing::plan(concat!(
            "{\"id\":\"a\",\"text\":\"Same.\"}\n",
            "{\"id\":\"b\",\"text\":\"Same.\"}\n",
        ));
        let (first, copy) = (&planned.rows[0], &planned.rows[1]);
        let plan = &planned.plan;
        let first_made = MadeRow::of(plan, first, made(true));
        let copied = copy_row(plan, copy, &first_made, None, Restore::InCache);
        assert_eq!(copied.status, RowStatus::Cached);
        assert!(copied.in_cache);
        assert_eq!((copied.bytes, copied.audio_ms), (6400, Some(100)));
        assert!(!plan.output(copy).exists());
        // Where files are wanted, the entry is restored (here there is no cache: it fails).
        let written = copy_row(plan, copy, &first_made, None, Restore::ToFile);
        assert_eq!(written.status, RowStatus::Failed);
    }
}
