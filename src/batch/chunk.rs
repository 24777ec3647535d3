//! One chunk of a real run: rows the re-run record shows unchanged, rows in the cache,
//! and the rest on the workers; rows with a key made before are copied.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

use super::plan::{Plan, PlannedRow};
use super::queue::Queue;
use super::record::{Progress, Results, RunRecord};
use super::restore::{Made, MadeRow, Restore, Restored, copy_row, restore};
use super::row::{RowResult, RowStatus};
use super::run::BatchOptions;
use super::worker::{WorkerContext, worker};
use crate::engine::pacer::Pacer;
use crate::engine::retry::RetryPolicy;
use crate::error::CliError;
use crate::report;
use crate::store::cache::{CUES, Cache, CacheKey};
use crate::store::state::Seen;

/// What every chunk of a real run shares.
pub struct ChunkRun<'r> {
    pub options: &'r BatchOptions,
    pub cache: Option<&'r Cache>,
    /// Whether new audio is stored (and claims taken).
    pub writable: bool,
    pub retry: RetryPolicy,
    pub pacer: &'r Pacer,
    pub shared: &'r Progress,
    /// The keys more than one row has: the first such row is made, the others copied.
    pub repeated_keys: &'r HashSet<CacheKey>,
    /// Where restored rows go: their files, or (a production's scratch rows) nowhere.
    pub restore: Restore,
}

/// A chunk's rows, sorted by what they need.
struct Sorted<'a> {
    /// Rows the re-run record shows unchanged, with what it holds of them.
    fresh: Vec<(&'a PlannedRow, Seen)>,
    /// Rows in the cache.
    cached: Vec<&'a PlannedRow>,
    /// The rest: to be made.
    pending: Vec<&'a PlannedRow>,
}

/// The pending rows without the copies: those to make, and the rows that copy one.
struct Deduplicated<'a> {
    make: Vec<&'a PlannedRow>,
    /// A row and the row of this chunk with its key.
    copies: Vec<(&'a PlannedRow, &'a PlannedRow)>,
    /// Rows whose key an earlier chunk made.
    copies_before: Vec<&'a PlannedRow>,
}

impl ChunkRun<'_> {
    /// Runs one chunk of rows: those a re-run record shows unchanged, those in the
    /// cache, and the rest on the workers; rows with a key made before are copied.
    /// Returns what happened to each, and whether the run stops here (`--fail-fast`).
    pub async fn chunk<'a>(
        &self,
        plan: &'a Plan,
        jobs: &[&'a PlannedRow],
        made_before: &mut HashMap<CacheKey, MadeRow>,
        record: Option<&RunRecord>,
    ) -> Result<(Vec<RowResult<'a>>, bool), CliError> {
        let sorted = self.sort(plan, jobs, record);
        create_dirs(plan, jobs)?;
        let results = Results {
            rows: RefCell::new(Vec::with_capacity(jobs.len())),
            shared: self.shared,
        };
        for (job, seen) in &sorted.fresh {
            if let Some(cache) = self.cache.filter(|_| self.writable) {
                cache.touch(seen.key, job.request.ext());
            }
            results.record(RowResult {
                bytes: seen.size,
                audio_ms: seen.audio_ms,
                from_record: true,
                ..RowResult::new(job, RowStatus::Cached)
            });
        }
        let mut pending = sorted.pending;
        pending.extend(self.restore_cached(plan, &sorted.cached, &results).await);
        let rows = deduplicate(pending, made_before);
        let pending = fail_keyless(plan, rows.make, &results);
        let stopped = self.make(plan, &pending, &results).await;
        let made = made_in(&results);
        remember_repeated(plan, jobs, &made, self.repeated_keys, made_before);
        if !stopped {
            let copy = |job, first: &MadeRow| {
                copy_row(plan, job, first, self.cache, self.restore).finish(plan)
            };
            for (job, first) in rows.copies {
                let done = made.get(&std::ptr::from_ref(first)).cloned();
                results.record(copy(job, &MadeRow::of(plan, first, done)));
            }
            for job in rows.copies_before {
                if let Some(first) = made_before.get(&job.request.key) {
                    results.record(copy(job, first));
                }
            }
        }
        Ok((results.rows.into_inner(), stopped))
    }

    /// Sorts the rows into those the re-run record shows unchanged, those in the cache,
    /// and the rest.
    fn sort<'a>(
        &self,
        plan: &Plan,
        jobs: &[&'a PlannedRow],
        record: Option<&RunRecord>,
    ) -> Sorted<'a> {
        let force = self.options.force;
        let mut sorted = Sorted {
            fresh: Vec::new(),
            cached: Vec::new(),
            pending: Vec::new(),
        };
        for job in jobs {
            let seen = record
                .filter(|_| !force && job.finishing.is_none() && !job.request.keeps_cues())
                .and_then(|r| r.state.unchanged(&plan.output(job)))
                .filter(|seen| job.request.lookup_keys().any(|key| key == seen.key));
            let cached = || {
                !force
                    && self.cache.is_some_and(|c| {
                        job.request.lookup_keys().any(|key| {
                            c.contains(key, job.request.ext())
                                && (!job.request.keeps_cues() || c.contains(key, CUES))
                        })
                    })
            };
            match seen {
                Some(seen) => sorted.fresh.push((*job, seen)),
                None if cached() => sorted.cached.push(*job),
                None => sorted.pending.push(*job),
            }
        }
        if let Some(record) = record {
            report::debug(
                "cache",
                format_args!(
                    "re-run record of {} bytes: {} of {} files unchanged",
                    record.state.known_bytes(),
                    sorted.fresh.len(),
                    jobs.len()
                ),
            );
        }
        sorted
    }

    /// Restores the cached rows; returns those whose entry was damaged (synthesized
    /// again: the insert replaces the entry).
    async fn restore_cached<'a>(
        &self,
        plan: &Plan,
        cached: &[&'a PlannedRow],
        results: &Results<'a, '_>,
    ) -> Vec<&'a PlannedRow> {
        let mut damaged = Vec::new();
        for job in cached {
            match restore(plan, job, self.cache, self.restore) {
                Restored::Done(result) => results.record(result.finish(plan)),
                Restored::Damaged(why) => {
                    if damaged.is_empty() {
                        report::warn(format_args!(
                            "the cache entry of row {} (id {}) is damaged ({why}); synthesizing it again",
                            job.number,
                            report::sanitized(&job.id)
                        ));
                    }
                    damaged.push(*job);
                }
            }
            // Lets Ctrl-C in between restores.
            tokio::task::yield_now().await;
        }
        if damaged.len() > 1 {
            report::warn(format_args!(
                "{} cache entries were damaged and are synthesized again",
                damaged.len()
            ));
        }
        damaged
    }

    /// Makes the rows on the workers; returns whether the run stops (`--fail-fast`).
    async fn make<'a>(
        &self,
        plan: &'a Plan,
        pending: &[&'a PlannedRow],
        results: &Results<'a, '_>,
    ) -> bool {
        let retry = self.retry;
        let policy_of = |job: &PlannedRow| {
            plan.requests
                .resolved_in_use(job.request.spec().provider())
                .map_or(retry, |r| r.api.retry)
        };
        let options = self.options;
        let queue = RefCell::new(Queue::new(pending, options.fail_fast));
        let engine_of = |job: &'a PlannedRow| job.request.planned.engine.as_ref();
        let context = WorkerContext {
            plan,
            engine_of: &engine_of,
            policy_of: &policy_of,
            jobs: pending,
            queue: &queue,
            pacer: self.pacer,
            cache: self.cache,
            writable: self.writable,
            force: options.force,
            restore: self.restore,
            results,
            requeues: RefCell::new(HashMap::new()),
            stop: Cell::new(false),
            fail_fast: options.fail_fast,
        };
        let workers = (0..options.jobs.min(pending.len().max(1) as u32)).map(|_| worker(&context));
        futures_util::future::join_all(workers).await;
        context.stop.get()
    }
}

/// Every row's directory, made before any row is written.
fn create_dirs(plan: &Plan, jobs: &[&PlannedRow]) -> Result<(), CliError> {
    for job in jobs {
        if let Some(dir) = plan.output(job).parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                CliError::usage(format!(
                    "cannot create the directory {}: {e}",
                    dir.display()
                ))
                .with_hint("check --out-dir")
            })?;
        }
    }
    Ok(())
}

/// Rows with the same cache key as an earlier one are synthesized once, then copied.
fn deduplicate<'a>(
    pending: Vec<&'a PlannedRow>,
    made_before: &HashMap<CacheKey, MadeRow>,
) -> Deduplicated<'a> {
    let mut first_of: HashMap<CacheKey, &PlannedRow> = HashMap::new();
    let mut rows = Deduplicated {
        make: Vec::with_capacity(pending.len()),
        copies: Vec::new(),
        copies_before: Vec::new(),
    };
    for job in pending {
        if made_before.contains_key(&job.request.key) {
            rows.copies_before.push(job);
        } else if let Some(first) = first_of.get(&job.request.key) {
            rows.copies.push((job, first));
        } else {
            first_of.insert(job.request.key, job);
            rows.make.push(job);
        }
    }
    rows
}

/// Rows of a provider without a key fail now (each showing where that provider's key is
/// looked for); the others are returned.
fn fail_keyless<'a>(
    plan: &Plan,
    pending: Vec<&'a PlannedRow>,
    results: &Results<'a, '_>,
) -> Vec<&'a PlannedRow> {
    let missing = plan.requests.missing_keys();
    let (keyed, keyless): (Vec<&PlannedRow>, Vec<&PlannedRow>) = pending
        .into_iter()
        .partition(|job| !missing.contains_key(&job.request.spec().provider()));
    for job in keyless {
        let mut error = CliError::from(missing[&job.request.spec().provider()].clone());
        if let Some(hint) = &error.hint {
            error.message = format!("{}: {hint}", error.message);
        }
        results.record(RowResult::failed(job, error));
    }
    keyed
}

/// The rows of this chunk that were made (or restored), by identity, with what their
/// copies take.
fn made_in(results: &Results<'_, '_>) -> HashMap<*const PlannedRow, Made> {
    results
        .rows
        .borrow()
        .iter()
        .filter(|r| r.status != RowStatus::Failed)
        .map(|r| (std::ptr::from_ref(r.job), Made::of(r)))
        .collect()
}

/// What later chunks copy: this chunk's first row of each repeated key.
fn remember_repeated(
    plan: &Plan,
    jobs: &[&PlannedRow],
    made: &HashMap<*const PlannedRow, Made>,
    repeated_keys: &HashSet<CacheKey>,
    made_before: &mut HashMap<CacheKey, MadeRow>,
) {
    for job in jobs {
        if repeated_keys.contains(&job.request.key) && !made_before.contains_key(&job.request.key) {
            let done = made.get(&std::ptr::from_ref(*job)).cloned();
            made_before.insert(job.request.key, MadeRow::of(plan, job, done));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::deduplicate;
    use crate::batch::plan::PlannedRow;
    use crate::batch::restore::MadeRow;
    use crate::batch::testing;

    fn ids(rows: &[&PlannedRow]) -> Vec<String> {
        rows.iter().map(|r| r.id.clone()).collect()
    }

    #[test]
    fn rows_with_one_key_are_made_once_and_copied_and_an_earlier_chunks_key_is_copied() {
        let planned = testing::plan(concat!(
            "{\"id\":\"a\",\"text\":\"Same.\"}\n",
            "{\"id\":\"b\",\"text\":\"Other.\"}\n",
            "{\"id\":\"c\",\"text\":\"Same.\"}\n",
            "{\"id\":\"d\",\"text\":\"Earlier.\"}\n",
        ));
        let rows: Vec<&PlannedRow> = planned.rows.iter().collect();
        let mut made_before = HashMap::new();
        let earlier = rows[3];
        made_before.insert(
            earlier.request.key,
            MadeRow::of(&planned.plan, earlier, None),
        );
        let sorted = deduplicate(rows.clone(), &made_before);
        assert_eq!(ids(&sorted.make), vec!["a", "b"]);
        assert_eq!(
            sorted
                .copies
                .iter()
                .map(|(copy, first)| (copy.id.as_str(), first.id.as_str()))
                .collect::<Vec<_>>(),
            vec![("c", "a")]
        );
        assert_eq!(ids(&sorted.copies_before), vec!["d"]);
    }
}
