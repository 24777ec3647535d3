//! A batch run, phase by phase: the check pass ([`super::check`]), then chunk after chunk
//! of rows ([`super::chunk`]: restored, copied or made on the workers), each row recorded
//! as it ends ([`super::record`]); a production joined and a review page written once
//! every row is there ([`super::join`], [`super::review`]); and the summary
//! ([`super::summary`]). Memory follows a chunk, not the manifest.

use std::collections::HashMap;
use std::path::PathBuf;

use super::check::{self, Checked, ReportTarget};
use super::chunk::ChunkRun;
use super::events::JoinEvent;
use super::join::ProductionPlan;
use super::manifest::{self, Manifest};
use super::plan::{Defaults, Plan, PlannedRow};
use super::record::{Progress, RunRecord};
use super::restore::{MadeRow, Restore};
use super::row::{RowResult, RowStatus};
use super::summary::{self, BatchSummary};
use super::template::Shard;
use crate::engine::pacer::Pacer;
use crate::engine::retry::RetryPolicy;
use crate::error::CliError;
use crate::report;
use crate::settings::Resolved;
use crate::store::cache::{Cache, CacheKey};
use crate::store::limits::Scope;

/// How many rows a batch makes and runs at a time: memory follows this, not the
/// manifest.
pub const CHUNK_ROWS: usize = 1024;

/// How a batch runs (the command's rendering flags, as values).
#[derive(Clone, Debug, Default)]
pub struct BatchOptions {
    /// Workers (`--jobs`), and the requests a minute they keep to (`--rpm`).
    pub jobs: u32,
    pub rpm: Option<u32>,
    pub shard: Option<Shard>,
    /// Synthesize even what is cached.
    pub force: bool,
    pub dry_run: bool,
    /// Stop at the first failed row.
    pub fail_fast: bool,
    /// A JSON line a row, and one for the summary.
    pub json: bool,
}

/// The review page to write, and its title.
pub struct ReviewPage {
    pub path: PathBuf,
    pub title: String,
}

/// Everything a run needs, checked by the command before it starts.
pub struct Batch<'a> {
    pub options: BatchOptions,
    pub manifest: &'a Manifest,
    pub defaults: Defaults<'a>,
    pub production: Option<&'a ProductionPlan>,
    pub report: Option<ReportTarget>,
    pub review: Option<ReviewPage>,
    pub cache: Option<Cache>,
    /// Where the re-run record and learned rate limits are kept.
    pub state_dir: Option<PathBuf>,
    pub retry: RetryPolicy,
}

impl Batch<'_> {
    pub fn in_shard(&self, job: &PlannedRow) -> bool {
        self.options.shard.is_none_or(|s| s.contains(&job.id))
    }

    /// A production and its review need every row at once (the join lays them out
    /// together); otherwise rows are made and run a chunk at a time.
    pub fn whole(&self) -> bool {
        self.production.is_some() || self.review.is_some()
    }

    /// Where restored rows go: a production's rows whose files are scratch (and that no
    /// review page shows) stay in the cache, where the join reads them; others are written.
    pub fn restore_mode(&self) -> Restore {
        match self.production {
            Some(production) if production.rows_are_scratch() && self.review.is_none() => {
                Restore::InCache
            }
            _ => Restore::ToFile,
        }
    }

    pub fn chunk_rows(&self) -> usize {
        if self.whole() { usize::MAX } else { CHUNK_ROWS }
    }
}

/// Runs the batch: checks every row, then (unless a dry run) makes them; ends with the
/// exit the rows call for.
pub fn run(
    batch: Batch<'_>,
    resolved: Resolved,
    runtime: impl FnOnce() -> Result<tokio::runtime::Runtime, CliError>,
) -> Result<(), CliError> {
    let mut checked = check::check(&batch, resolved)?;
    if batch.options.dry_run {
        let Checked { mut plan, dry, .. } = checked;
        return dry.print(&batch, &mut plan);
    }
    let repeated_keys = std::mem::take(&mut checked.repeated_keys);
    // Signals are caught from here on (not while the rows were checked).
    let runtime = runtime()?;
    let writable = writable(batch.cache.as_ref());
    // Rows whose file `stat` shows as a run left it, holding the row's key: right without
    // reading a byte of it or of its cache entry (store::state). Not for rows that are
    // finished or joined, which are read anyway.
    let mut record = batch
        .cache
        .as_ref()
        .filter(|_| batch.production.is_none())
        .map(|_| RunRecord::open(batch.state_dir.as_deref(), &checked.plan.out_dir, writable));
    let progress = Progress::new(checked.shard_rows, batch.options.json);
    let pacer = Pacer::new(batch.options.jobs as usize, batch.options.rpm, batch.retry);
    let limits = remembered_limits(&checked.plan);
    if let Some((dir, scope)) = &limits
        && let Some(known) = crate::store::limits::load(dir, scope)
    {
        pacer.start_from(&known);
    }
    let run = ChunkRun {
        options: &batch.options,
        cache: batch.cache.as_ref(),
        writable,
        retry: batch.retry,
        pacer: &pacer,
        shared: &progress,
        repeated_keys: &repeated_keys,
        restore: batch.restore_mode(),
    };
    let shard_rows = checked.shard_rows;
    let ended = run_chunks(&batch, checked, &run, &runtime, record.as_mut());
    progress.bar.finish_and_clear();
    let (summary, joined) = ended?;
    if let Some(record) = record
        && let Err(e) = record.save()
    {
        // The files are right; a later run checks them in full.
        report::debug(
            "cache",
            format_args!("the re-run record was not written: {e}"),
        );
    }
    if let (Some((dir, scope)), Some(known)) = (&limits, pacer.known_limit())
        && let Err(e) = crate::store::limits::save(dir, scope, &known)
    {
        // The next run learns it again.
        report::debug(
            "pace",
            format_args!("the learned rate limit was not saved: {e}"),
        );
    }
    let report = batch.report.as_ref().map(|r| r.path.as_path());
    summary::finish(
        &batch.options,
        report,
        summary,
        shard_rows,
        pacer.slowdowns(),
        joined,
    )
}

/// A cache that cannot be written (restored read-only from CI storage) still serves its
/// entries; new audio is then not stored.
fn writable(cache: Option<&Cache>) -> bool {
    match cache.map(Cache::check_writable) {
        Some(Ok(())) => true,
        Some(Err(e)) => {
            report::warn(format_args!(
                "{e}; cached audio is used, but new audio will not be stored"
            ));
            false
        }
        None => false,
    }
}

/// Runs the chunks, the first kept from the check and the rest from a second pass over
/// the manifest (past the rows kept); returns the summary and the production joined.
fn run_chunks(
    batch: &Batch<'_>,
    checked: Checked,
    run: &ChunkRun<'_>,
    runtime: &tokio::runtime::Runtime,
    mut record: Option<&mut RunRecord>,
) -> Result<(BatchSummary, Option<JoinEvent>), CliError> {
    let Checked {
        mut plan,
        kept,
        kept_all,
        ..
    } = checked;
    let mut summary = BatchSummary::new(batch.report.is_some());
    let mut made_before: HashMap<CacheKey, MadeRow> = HashMap::new();
    let mut joined = None;
    let skip = kept.len();
    let mut kept = Some(kept);
    let mut rows_left: Option<manifest::Rows<'_>> = None;
    loop {
        let made = match kept.take() {
            Some(first) => first,
            None if kept_all => break,
            None => {
                let rows = match &mut rows_left {
                    Some(rows) => rows,
                    None => {
                        let mut rows = batch.manifest.rows()?;
                        rows.by_ref().take(skip).for_each(drop);
                        rows_left.insert(rows)
                    }
                };
                plan.next_jobs(rows, &batch.defaults, batch.chunk_rows())?
            }
        };
        if made.is_empty() {
            break;
        }
        let jobs: Vec<&PlannedRow> = made.iter().filter(|job| batch.in_shard(job)).collect();
        let (rows, stopped) = runtime.block_on(async {
            tokio::select! {
                rows = run.chunk(&plan, &jobs, &mut made_before, record.as_deref()) => rows,
                signal = crate::signals::received() => Err(CliError::interrupted(signal)),
            }
        })?;
        if let Some(record) = record.as_deref_mut().filter(|_| run.writable) {
            remember(record, &plan, &rows);
        }
        if batch.whole() {
            run.shared.bar.finish_and_clear();
            joined = join_and_review(batch, &plan, &jobs, &rows)?;
        }
        summary.add(&rows);
        if stopped {
            break;
        }
    }
    Ok((summary, joined))
}

/// Adds the chunk's rows to the re-run record (not those it came from, nor rows that
/// are finished or keep subtitles, which are read in full every run).
fn remember(record: &mut RunRecord, plan: &Plan, rows: &[RowResult<'_>]) {
    for row in rows
        .iter()
        .filter(|r| r.status != RowStatus::Failed && r.job.finishing.is_none())
        .filter(|r| !r.job.request.keeps_cues() && !r.from_record)
    {
        record
            .state
            .record(&plan.output(row.job), row.job.request.key, row.audio_ms);
    }
}

/// Once every row is there: the production joined (not in a shard), and the review
/// page written.
fn join_and_review(
    batch: &Batch<'_>,
    plan: &Plan,
    jobs: &[&PlannedRow],
    rows: &[RowResult<'_>],
) -> Result<Option<JoinEvent>, CliError> {
    let joined = match batch.production {
        Some(production) if batch.options.shard.is_none() => {
            super::join::join(production, plan, jobs, rows, batch.cache.as_ref())?
        }
        Some(_) => {
            report::info(
                "this shard's rows are rendered into the cache; join them in a run without --shard",
            );
            None
        }
        None => None,
    };
    if let Some(review) = &batch.review {
        let production = batch.production.map(ProductionPlan::path);
        super::review::write_review(review, production, plan, rows, joined.as_ref())?;
    }
    Ok(joined)
}

/// Where the rate limit of this run's service is remembered: the user's state directory,
/// under a digest of the provider, its endpoint and key. Not for rows of two providers,
/// which share one pacer (neither's limit is the pace of both).
fn remembered_limits(plan: &Plan) -> Option<(PathBuf, Scope)> {
    let resolved = plan.requests.sole_provider()?;
    let key = resolved.api_key().ok()?;
    let scope = Scope::new(
        resolved.provider.flag_value(),
        &resolved.api.endpoint.http_url(""),
        key.expose(),
    );
    Some((resolved.state_dir()?, scope))
}
