//! `minimax-tts batch MANIFEST`: every row of a manifest into its own file. Rows are all
//! checked first (nothing is paid for a manifest with a mistake in it); rows whose audio
//! is cached are restored without a request; the rest run on `--jobs` workers that
//! share one pacer (rate-limit answers slow them all) and keep a session open across
//! rows with the same settings.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet, VecDeque};

use crate::audio::duration::file_ms;
use crate::batch::events::{
    self, Billed, DryRunRow, JoinEvent, Report, RowError, RowEvent, SummaryEvent,
};
use crate::batch::manifest;
use crate::batch::plan::{self, Defaults, Plan, PlannedRow};
use crate::cli::BatchArgs;
use crate::commands::production::ProductionPlan;
use crate::engine::pacer::{Pacer, Permit};
use crate::engine::synth::{AudioOut, Synthesizer};
use crate::engine::{ErrorKind, ProviderEngine};
use crate::error::{CliError, Failure};
use crate::exit::ExitStatus;
use crate::io::target::OutputTarget;
use crate::report;
use crate::request::{self, Cached, Found, SessionKey, Start};
use crate::settings::Resolved;
use crate::sink::Sink;
use crate::spec::Provider;
use crate::store::cache::{CUES, Cache};
use crate::store::state::{RunState, Seen};

/// How many rows a batch makes and runs at a time: memory follows this, not the
/// manifest.
const CHUNK_ROWS: usize = 1024;

pub fn run(args: BatchArgs, resolved: Resolved) -> anyhow::Result<()> {
    let manifest = manifest::read(&args.manifest, args.manifest_format)?;
    run_manifest(args, manifest, resolved)
}

/// A batch over a manifest already read (a file's, or a script's lines).
pub fn run_manifest(
    args: BatchArgs,
    manifest: manifest::Manifest,
    resolved: Resolved,
) -> anyhow::Result<()> {
    if let Some(own) = args
        .ignore_columns
        .iter()
        .find(|c| plan::ROW_KEYS.contains(&c.as_str()))
    {
        return Err(CliError::usage(format!(
            "--ignore-columns {own}: {own} is a row's own key and cannot be ignored"
        ))
        .with_hint("ignore only columns that carry nothing for minimax-tts (notes, speaker, …)")
        .into());
    }
    let references = crate::commands::common::load_references(&args.references)?;
    let production = match &args.join {
        Some(path) => Some(ProductionPlan::check(
            path,
            &args.production,
            args.out_dir.as_deref(),
            &args.voice,
            resolved.finishing(&args.finish),
        )?),
        None => {
            let given = &args.production;
            crate::commands::common::check_finishing(
                &resolved.finishing(&args.finish),
                args.voice.format.unwrap_or(crate::spec::AudioFormat::Mp3),
                None,
            )?;
            if given.gap.is_some() || given.chapters.is_some() || given.subtitles.is_some() {
                return Err(
                    CliError::usage("--gap, --chapters and --subtitles go with --join")
                        .with_hint("add --join book.mp3 to join the rows into one file")
                        .into(),
                );
            }
            None
        }
    };
    if let (Some(production), Some(input)) = (&production, &manifest.path)
        && production.overwrites(input)
    {
        return Err(CliError::usage(format!(
            "the production would overwrite {}",
            input.display()
        ))
        .with_hint("give the production a file name of its own")
        .into());
    }
    if production.is_some() && args.render.shard.is_some() && args.render.no_cache {
        return Err(CliError::usage(
            "a shard of a production is rendered into the cache, and --no-cache leaves none",
        )
        .with_hint("drop --no-cache, or --shard")
        .into());
    }
    if let Some(review) = &args.render.review {
        let named_html = review
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        if !named_html || review.as_os_str() == "-" {
            return Err(CliError::usage(format!(
                "the review page {} must be an .html file",
                review.display()
            ))
            .with_hint("e.g. --review review.html")
            .into());
        }
        OutputTarget::resolve(review)?;
    }
    let out_dir = match &production {
        Some(production) => production.rows_dir(),
        None => args
            .out_dir
            .clone()
            .unwrap_or_else(|| std::path::PathBuf::from(".")),
    };
    let voice = match &production {
        Some(production) => production.voice(&args.voice),
        None => args.voice.clone(),
    };
    let retry = resolved.api.retry;
    let state_dir = resolved.state_dir();
    let cache = resolved
        .cache(&args.render.cache, args.render.no_cache)
        .map_err(CliError::from)?;
    let defaults = Defaults {
        voice: &voice,
        references: &references,
        subtitles: production
            .as_ref()
            .filter(|p| p.wants_subtitles())
            .map(|_| crate::spec::SubtitleType::Sentence),
        finish: production.is_none().then_some(&args.finish),
        out_dir: &out_dir,
        template: &args.name,
        ignored: &args.ignore_columns,
        need_key: !args.render.dry_run,
    };
    let report_target = match &args.render.report {
        Some(path) => Some(ReportTarget::check(path, &args.manifest)?),
        None => None,
    };
    // What is checked across rows while they are planned (the rows are not kept for it).
    let mut report_clash: Option<(usize, String)> = None;
    let mut unfinishable: Option<(usize, String)> = None;
    let mut layouts = production.as_ref().map(ProductionPlan::layouts);
    let in_shard = |job: &PlannedRow| args.render.shard.is_none_or(|s| s.contains(&job.id));
    let mut dry = DryRun::default();
    // Neither run keeps its rows: a dry run counts them and prints them from further
    // passes over the manifest; a real run counts them, finds the keys that more than
    // one row has (made once, then copied), and runs them from a second pass, a chunk
    // at a time.
    let mut shard_rows = 0usize;
    let mut keys_seen: HashSet<u64> = HashSet::new();
    let mut repeated_keys: HashSet<crate::store::cache::CacheKey> = HashSet::new();
    // A production and its review need every row at once (the join lays them out
    // together); otherwise rows are made and run a chunk at a time.
    let whole = production.is_some() || args.render.review.is_some();
    let chunk_rows = if whole { usize::MAX } else { CHUNK_ROWS };
    let mut kept: Vec<PlannedRow> = Vec::new();
    let mut kept_all = true;
    let mut plan = plan::plan(&manifest, &defaults, resolved, |job| {
        if let Some(target) = &report_target
            && report_clash.is_none()
            && target.is(&out_dir.join(&job.shown))
        {
            report_clash = Some((job.number, job.id.clone()));
        }
        if unfinishable.is_none()
            && job.finishing.is_some()
            && job.request.spec().format == crate::spec::AudioFormat::Opus
        {
            unfinishable = Some((job.number, job.id.clone()));
        }
        if let Some(layouts) = &mut layouts {
            layouts.see(&job);
        }
        let wanted = in_shard(&job);
        if args.render.dry_run {
            if wanted {
                let cached = !args.render.force && cache.as_ref().is_some_and(|c| peek(c, &job));
                dry.count(&job, cached);
            }
            return;
        }
        if wanted {
            shard_rows += 1;
            if !keys_seen.insert(job.request.key.short()) {
                repeated_keys.insert(job.request.key);
            }
        }
        // The first chunk is kept from the check (a manifest of one chunk is read once).
        if kept.len() < chunk_rows {
            kept.push(job);
        } else {
            kept_all = false;
        }
    })?;
    drop(keys_seen);
    if let (Some(target), Some((number, id))) = (&report_target, report_clash) {
        return Err(target
            .bad(format!(
                "is the output of row {number} (id {})",
                report::sanitized(&id)
            ))
            .into());
    }
    if let Some(layouts) = layouts {
        layouts.verdict()?;
    }
    if let Some((number, id)) = unfinishable {
        return Err(CliError::usage(format!(
            "row {number} (id {}): loudness and trim cannot finish Ogg Opus here",
            report::sanitized(&id)
        ))
        .with_hint("use mp3, wav or flac for rows that are finished")
        .into());
    }
    if args.render.dry_run {
        return dry.print(&args, &mut plan, &manifest, &defaults, in_shard);
    }
    // A cache that cannot be written (restored read-only from CI storage) still serves
    // its entries; new audio is then not stored.
    let writable = match &cache {
        Some(cache) => match cache.check_writable() {
            Ok(()) => true,
            Err(e) => {
                report::warn(format_args!(
                    "{e}; cached audio is used, but new audio will not be stored"
                ));
                false
            }
        },
        None => false,
    };
    // Rows whose file `stat` shows as a run left it, holding the row's key: right without
    // reading a byte of it or of its cache entry (store::state). Not for rows that are
    // finished or joined, which are read anyway.
    let mut record = cache
        .as_ref()
        .filter(|_| production.is_none())
        .map(|_| RunRecord::open(state_dir.as_deref(), &plan.out_dir, writable));
    let shared = Shared {
        tally: RefCell::new((0, 0, 0)),
        json: args.render.json,
        progress: report::progress_bar(
            shard_rows as u64,
            "{bar:30} {pos}/{len} rows, {msg} [{elapsed_precise}, ETA {eta}]",
        ),
    };
    let pacer = Pacer::new(args.render.jobs as usize, args.render.rpm, retry);
    let limits = remembered_limits(&plan);
    if let Some((dir, scope)) = &limits
        && let Some(known) = crate::store::limits::load(dir, scope)
    {
        pacer.start_from(&known);
    }
    let runtime = super::common::runtime()?;
    let run = ChunkRun {
        args: &args,
        cache: cache.as_ref(),
        writable,
        retry,
        pacer: &pacer,
        shared: &shared,
        repeated_keys: &repeated_keys,
    };
    let mut summary = BatchSummary::new(args.render.report.is_some());
    let mut made_before: HashMap<crate::store::cache::CacheKey, MadeRow> = HashMap::new();
    let mut joined = None;
    // After the first chunk, the rest from a second pass (past the rows kept).
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
                        let mut rows = manifest.rows()?;
                        rows.by_ref().take(skip).for_each(drop);
                        rows_left.insert(rows)
                    }
                };
                plan.next_jobs(rows, &defaults, chunk_rows)?
            }
        };
        if made.is_empty() {
            break;
        }
        let jobs: Vec<&PlannedRow> = made.iter().filter(|job| in_shard(job)).collect();
        let outcome = runtime.block_on(async {
            tokio::select! {
                rows = run.chunk(&plan, &jobs, &mut made_before, record.as_ref()) => rows,
                signal = crate::signals::received() => Err(CliError::interrupted(signal)),
            }
        });
        let (rows, stopped) = match outcome {
            Ok(done) => done,
            Err(e) => {
                shared.progress.finish_and_clear();
                return Err(e.into());
            }
        };
        if let Some(record) = record.as_mut().filter(|_| writable) {
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
        if whole {
            shared.progress.finish_and_clear();
            joined = match &production {
                Some(production) if args.render.shard.is_none() => {
                    join(production, &plan, &jobs, &rows)?
                }
                Some(_) => {
                    report::info(
                        "this shard's rows are rendered into the cache; join them in a run without --shard",
                    );
                    None
                }
                None => None,
            };
            if let Some(path) = &args.render.review {
                write_review(path, &args, &plan, &rows, joined.as_ref())?;
            }
        }
        summary.add(&rows);
        if stopped {
            break;
        }
    }
    shared.progress.finish_and_clear();
    drop(rows_left);
    drop(manifest);
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
    finish(&args, summary, shard_rows, pacer.slowdowns(), joined)
}

/// Where the rate limit of this run's service is remembered: the user's state directory,
/// under a digest of the provider, its endpoint and key. Not for rows of two providers,
/// which share one pacer (neither's limit is the pace of both).
fn remembered_limits(plan: &Plan) -> Option<(std::path::PathBuf, crate::store::limits::Scope)> {
    let resolved = plan.requests.sole_provider()?;
    let key = resolved.api_key().ok()?;
    let scope = crate::store::limits::Scope::new(
        resolved.provider.flag_value(),
        &resolved.api.endpoint.http_url(""),
        key.expose(),
    );
    Some((resolved.state_dir()?, scope))
}

/// What every chunk of a real run shares.
struct ChunkRun<'r> {
    args: &'r BatchArgs,
    cache: Option<&'r Cache>,
    /// Whether new audio is stored (and claims taken).
    writable: bool,
    retry: crate::engine::retry::RetryPolicy,
    pacer: &'r Pacer,
    shared: &'r Shared,
    /// The keys more than one row has: the first such row is made, the others copied.
    repeated_keys: &'r HashSet<crate::store::cache::CacheKey>,
}

/// A row made (or failed) in an earlier chunk whose key later rows have too.
struct MadeRow {
    number: usize,
    id: String,
    output: std::path::PathBuf,
    made: bool,
    cues: Option<Vec<crate::subtitles::Cue>>,
}

impl MadeRow {
    fn of(
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

impl ChunkRun<'_> {
    /// Runs one chunk of rows: those a re-run record shows unchanged, those in the
    /// cache, and the rest on the workers; rows with a key made before are copied.
    /// Returns what happened to each, and whether the run stops here (`--fail-fast`).
    async fn chunk<'a>(
        &self,
        plan: &'a Plan,
        jobs: &[&'a PlannedRow],
        made_before: &mut HashMap<crate::store::cache::CacheKey, MadeRow>,
        record: Option<&RunRecord>,
    ) -> Result<(Vec<RowResult<'a>>, bool), CliError> {
        let args = self.args;
        let cache = self.cache;
        let (fresh, jobs_to_check): (Vec<(&PlannedRow, Seen)>, Vec<&PlannedRow>) = {
            let mut fresh = Vec::new();
            let mut rest = Vec::new();
            for job in jobs {
                let seen = record
                    .filter(|_| {
                        !args.render.force && job.finishing.is_none() && !job.request.keeps_cues()
                    })
                    .and_then(|r| r.state.unchanged(&plan.output(job)))
                    .filter(|seen| job.request.lookup_keys().any(|key| key == seen.key));
                match seen {
                    Some(seen) => fresh.push((*job, seen)),
                    None => rest.push(*job),
                }
            }
            if let Some(record) = record {
                report::debug(
                    "cache",
                    format_args!(
                        "re-run record of {} bytes: {} of {} files unchanged",
                        record.state.known_bytes(),
                        fresh.len(),
                        jobs.len()
                    ),
                );
            }
            (fresh, rest)
        };
        let (cached, mut pending): (Vec<&PlannedRow>, Vec<&PlannedRow>) =
            jobs_to_check.iter().copied().partition(|job| {
                !args.render.force
                    && cache.is_some_and(|c| {
                        job.request.lookup_keys().any(|key| {
                            c.contains(key, job.request.ext())
                                && (!job.request.keeps_cues() || c.contains(key, CUES))
                        })
                    })
            });
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
        let results = Results {
            rows: RefCell::new(Vec::with_capacity(jobs.len())),
            shared: self.shared,
        };
        for (job, seen) in &fresh {
            if let Some(cache) = cache.filter(|_| self.writable) {
                cache.touch(seen.key, job.request.ext());
            }
            results.record(RowResult {
                bytes: seen.size,
                audio_ms: seen.audio_ms,
                from_record: true,
                ..RowResult::new(job, RowStatus::Cached)
            });
        }
        let mut damaged = 0usize;
        for job in &cached {
            match restore(plan, job, cache) {
                Restored::Done(result) => results.record(result.finish(plan)),
                Restored::Damaged(why) => {
                    // Synthesized again; the insert replaces the entry.
                    if damaged == 0 {
                        report::warn(format_args!(
                            "the cache entry of row {} (id {}) is damaged ({why}); synthesizing it again",
                            job.number,
                            report::sanitized(&job.id)
                        ));
                    }
                    damaged += 1;
                    pending.push(job);
                }
            }
            // Lets Ctrl-C in between restores.
            tokio::task::yield_now().await;
        }
        if damaged > 1 {
            report::warn(format_args!(
                "{damaged} cache entries were damaged and are synthesized again"
            ));
        }
        // Rows with the same cache key as an earlier one are synthesized once, then
        // copied.
        let mut first_of: HashMap<crate::store::cache::CacheKey, &PlannedRow> = HashMap::new();
        let mut copies: Vec<(&PlannedRow, &PlannedRow)> = Vec::new();
        let mut copies_before: Vec<&PlannedRow> = Vec::new();
        pending.retain(|job| {
            if made_before.contains_key(&job.request.key) {
                copies_before.push(job);
                return false;
            }
            match first_of.get(&job.request.key) {
                Some(first) => {
                    copies.push((job, first));
                    false
                }
                None => {
                    first_of.insert(job.request.key, job);
                    true
                }
            }
        });
        let retry = self.retry;
        let policy_of = |job: &PlannedRow| {
            plan.requests
                .resolved_in_use(job.request.spec().provider())
                .map_or(retry, |r| r.api.retry)
        };
        // Rows of a provider without a key fail now; the others go on.
        let (pending, no_key): (Vec<&PlannedRow>, Vec<&PlannedRow>) =
            pending.iter().copied().partition(|job| {
                !plan
                    .requests
                    .missing_keys()
                    .contains_key(&job.request.spec().provider())
            });
        for job in no_key {
            // Every such row shows where that provider's key is looked for.
            let mut error = CliError::from(
                plan.requests.missing_keys()[&job.request.spec().provider()].clone(),
            );
            if let Some(hint) = &error.hint {
                error.message = format!("{}: {hint}", error.message);
            }
            results.record(RowResult::failed(job, error));
        }
        let queue = RefCell::new(Queue::new(&pending, args.render.fail_fast));
        let context = WorkerContext {
            plan,
            jobs: &pending,
            queue: &queue,
            pacer: self.pacer,
            cache,
            writable: self.writable,
            force: args.render.force,
            results: &results,
            requeues: RefCell::new(HashMap::new()),
            stop: Cell::new(false),
            fail_fast: args.render.fail_fast,
        };
        let workers = (0..args.render.jobs.min(pending.len().max(1) as u32))
            .map(|_| worker(&context, &policy_of));
        futures_util::future::join_all(workers).await;
        let stopped = context.stop.get();
        // The rows that were made (or restored) in this chunk, by identity, once, with
        // their subtitles.
        let made: HashMap<*const PlannedRow, Option<Vec<crate::subtitles::Cue>>> = results
            .rows
            .borrow()
            .iter()
            .filter(|r| r.status != RowStatus::Failed)
            .map(|r| (std::ptr::from_ref(r.job), r.cues.clone()))
            .collect();
        // What later chunks copy: this chunk's first row of each repeated key.
        for job in jobs {
            if self.repeated_keys.contains(&job.request.key)
                && !made_before.contains_key(&job.request.key)
            {
                let done = made.get(&std::ptr::from_ref(*job));
                made_before.insert(
                    job.request.key,
                    MadeRow::of(plan, job, done.is_some(), done.cloned().flatten()),
                );
            }
        }
        if !stopped {
            for (copy, first) in copies {
                let done = made.get(&std::ptr::from_ref(first));
                let first = MadeRow::of(plan, first, done.is_some(), done.cloned().flatten());
                results.record(copy_row(plan, copy, &first).finish(plan));
            }
            for copy in copies_before {
                if let Some(first) = made_before.get(&copy.request.key) {
                    results.record(copy_row(plan, copy, first).finish(plan));
                }
            }
        }
        Ok((results.rows.into_inner(), stopped))
    }
}

/// The review page: every row, in manifest order, playable (a production's rows play
/// their span of the joined file).
fn write_review(
    path: &std::path::Path,
    args: &BatchArgs,
    plan: &Plan,
    rows: &[RowResult],
    joined: Option<&JoinEvent>,
) -> Result<(), CliError> {
    use crate::commands::review::{ReviewRow, bins, write};
    let mut sorted: Vec<&RowResult> = rows.iter().collect();
    sorted.sort_by_key(|r| r.job.number);
    let spans: HashMap<String, (u64, u64)> = joined
        .map(|j| {
            j.timeline
                .iter()
                .map(|r| (r.id.clone(), (r.start_ms, r.end_ms)))
                .collect()
        })
        .unwrap_or_default();
    let review_rows: Vec<ReviewRow> = sorted
        .iter()
        .map(|r| {
            let job = r.job;
            let output = plan.output(job);
            let made = r.status != RowStatus::Failed && output.is_file();
            let overview = made
                .then(|| {
                    crate::audio::finish::overview(
                        &output,
                        job.request.spec().format,
                        job.request.spec().pcm_layout(),
                        bins(),
                    )
                    .ok()
                })
                .flatten();
            let audio = match (&args.join, made) {
                (Some(production), true) if joined.is_some() => Some(production.clone()),
                (None, true) => Some(output.clone()),
                _ => None,
            };
            ReviewRow {
                id: job.id.clone(),
                text: job.request.segments.join(" "),
                voice: format!(
                    "{} {}",
                    job.request.spec().provider().flag_value(),
                    job.request
                        .spec()
                        .voice
                        .as_deref()
                        .unwrap_or("(default voice)")
                ),
                status: r.status.name(),
                error: r.error.as_ref().map(|e| e.message.clone()),
                span: args.join.as_ref().and_then(|_| spans.get(&job.id).copied()),
                audio,
                overview,
            }
        })
        .collect();
    let title = match &args.join {
        Some(production) => format!("Review of {}", production.display()),
        None => format!("Review of {}", args.manifest.display()),
    };
    write(path, &title, &review_rows)
}

/// Joins the rows into the production once every row is there.
fn join(
    production: &ProductionPlan,
    plan: &Plan,
    jobs: &[&PlannedRow],
    rows: &[RowResult],
) -> Result<Option<JoinEvent>, CliError> {
    if rows.len() < jobs.len() || rows.iter().any(|r| r.status == RowStatus::Failed) {
        // The rows' errors are reported below; the production is not made.
        report::warn("the production was not joined: not every row was made");
        return Ok(None);
    }
    let cues: HashMap<usize, Vec<crate::subtitles::Cue>> = rows
        .iter()
        .filter_map(|r| r.cues.clone().map(|c| (r.job.number, c)))
        .collect();
    production.join(plan, jobs, &cues).map(Some)
}

/// `--report FILE`, checked before anything is paid for: its directory exists, it is
/// not a directory, and it is neither the manifest nor (see [`ReportTarget::is`]) a
/// row's output.
struct ReportTarget {
    path: std::path::PathBuf,
    /// The report's directory's real path, and its name.
    real_dir: Option<std::path::PathBuf>,
    name: Option<std::ffi::OsString>,
}

impl ReportTarget {
    fn check(
        report: &std::path::Path,
        manifest: &std::path::Path,
    ) -> Result<ReportTarget, CliError> {
        let target = ReportTarget {
            path: report.to_path_buf(),
            real_dir: None,
            name: report.file_name().map(std::ffi::OsStr::to_os_string),
        };
        let dir = match report.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => std::path::Path::new("."),
        };
        if !dir.is_dir() {
            return Err(target.bad(format!("the directory {} does not exist", dir.display())));
        }
        if report.is_dir() {
            return Err(target.bad("is a directory".into()));
        }
        // Writable: a temporary file of an unpredictable name, created and removed.
        let writable = crate::store::Dir::open_root(dir, false).and_then(|d| {
            let (name, file) = d.create_temp(".minimax-tts-report-")?;
            drop(file);
            d.remove_file(&name)
        });
        if let Err(e) = writable {
            return Err(target.bad(format!("cannot write in {}: {e}", dir.display())));
        }
        let same = |other: &std::path::Path| match (report.canonicalize(), other.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if manifest.as_os_str() != "-" && same(manifest) {
            return Err(target.bad("is the manifest".into()));
        }
        Ok(ReportTarget {
            real_dir: dir.canonicalize().ok(),
            ..target
        })
    }

    /// Whether a row's output is the report: the same name in the same (real)
    /// directory (outputs need not exist yet).
    fn is(&self, output: &std::path::Path) -> bool {
        output.file_name() == self.name.as_deref()
            && output
                .parent()
                .and_then(|d| d.canonicalize().ok())
                .is_some_and(|d| Some(d) == self.real_dir)
    }

    fn bad(&self, why: String) -> CliError {
        CliError::usage(format!("--report {}: {why}", self.path.display()))
            .with_hint("give the report a file name of its own, e.g. --report batch-report.json")
    }
}

/// What happened to one row.
struct RowResult<'a> {
    job: &'a PlannedRow,
    status: RowStatus,
    bytes: u64,
    audio_ms: Option<u64>,
    billed: Option<u64>,
    error: Option<Box<CliError>>,
    /// The row's subtitles (kept for a production's merged ones).
    cues: Option<Vec<crate::subtitles::Cue>>,
    /// What finishing measured and did (boxed: most rows are not finished).
    finished: Option<Box<crate::audio::finish::FinishReport>>,
    /// Decided from the re-run record, which already says what it would record.
    from_record: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RowStatus {
    Synthesized,
    Cached,
    Failed,
}

impl RowStatus {
    fn name(self) -> &'static str {
        match self {
            RowStatus::Synthesized => "synthesized",
            RowStatus::Cached => "cached",
            RowStatus::Failed => "failed",
        }
    }
}

impl<'a> RowResult<'a> {
    fn new(job: &'a PlannedRow, status: RowStatus) -> RowResult<'a> {
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
        }
    }

    /// Finishes the row's file (loudness, trim) when its settings ask.
    fn finish(mut self, plan: &Plan) -> RowResult<'a> {
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
                crate::commands::common::warn_limited(
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

    fn failed(job: &'a PlannedRow, error: CliError) -> RowResult<'a> {
        RowResult {
            error: Some(Box::new(error)),
            ..RowResult::new(job, RowStatus::Failed)
        }
    }

    fn event(&self) -> RowEvent {
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

/// What a run's chunks share for showing progress.
struct Shared {
    /// Rows cached, rows failed, characters billed: for the progress bar.
    tally: RefCell<(u64, u64, u64)>,
    json: bool,
    progress: indicatif::ProgressBar,
}

/// A chunk's results so far, printed as they come.
struct Results<'a, 'r> {
    rows: RefCell<Vec<RowResult<'a>>>,
    shared: &'r Shared,
}

impl<'a> Results<'a, '_> {
    fn record(&self, result: RowResult<'a>) {
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
            shared.progress.suspend(|| report::warn(line));
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
        if !shared.progress.is_hidden() {
            shared.progress.set_message(format!(
                "{cached} cached, {failed} failed, {chars} characters"
            ));
        }
        shared.progress.inc(1);
    }
}

/// What the summary and `--report` need of every row, gathered chunk by chunk (the
/// rows themselves are not kept).
struct BatchSummary {
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
    fn new(report: bool) -> BatchSummary {
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
    fn add(&mut self, rows: &[RowResult]) {
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
                        && self
                            .worst
                            .as_ref()
                            .is_none_or(|worst| severity(error.exit) >= severity(worst.exit))
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

/// What restoring a cached row came to.
enum Restored<'a> {
    Done(RowResult<'a>),
    /// The entry is not what was stored: the row is synthesized again.
    Damaged(String),
}

/// Restores a cached row (its entry verified on the way).
fn restore<'a>(plan: &Plan, job: &'a PlannedRow, cache: Option<&Cache>) -> Restored<'a> {
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
fn restored<'a>(plan: &Plan, job: &'a PlannedRow, cache: &Cache, found: Found) -> RowResult<'a> {
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
fn copy_row<'a>(plan: &Plan, job: &'a PlannedRow, first: &MadeRow) -> RowResult<'a> {
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

/// The re-run record of the output directory, in the user's state directory: never in
/// the cache, which others (CI jobs) may write, as a forged record would make a stale
/// file pass for the row's new audio.
struct RunRecord {
    name: String,
    state: RunState,
}

impl RunRecord {
    /// The record, to look in and (when `writable`) to add to.
    fn open(
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

    fn save(self) -> std::io::Result<()> {
        self.state.save(&self.name)
    }
}

/// Pending rows grouped by session settings, so a worker can stay on one session.
struct Queue {
    groups: Vec<(SessionKey, VecDeque<usize>)>,
    /// `--fail-fast`: every settings group's first row goes before any group's second,
    /// so a group that fails is found before the others are paid for.
    probe_groups: bool,
    /// Groups whose first row was handed out.
    started: Vec<bool>,
}

/// Rows with the same engine and spec can share a session.
fn session_key(job: &PlannedRow) -> SessionKey {
    job.request.planned.session
}

impl Queue {
    fn new(pending: &[&PlannedRow], probe_groups: bool) -> Queue {
        let mut groups: Vec<(SessionKey, VecDeque<usize>)> = Vec::new();
        let mut index: HashMap<SessionKey, usize> = HashMap::new();
        for (i, job) in pending.iter().enumerate() {
            let key = session_key(job);
            let at = *index.entry(key).or_insert_with(|| {
                groups.push((key, VecDeque::new()));
                groups.len() - 1
            });
            groups[at].1.push_back(i);
        }
        let started = vec![false; groups.len()];
        Queue {
            groups,
            probe_groups,
            started,
        }
    }

    /// The next row: with `--fail-fast`, first one row of each group not started yet;
    /// then of the worker's current group if any is left, else of the largest.
    fn next(&mut self, current: Option<SessionKey>) -> Option<usize> {
        if self.probe_groups
            && let Some(at) =
                (0..self.groups.len()).find(|&g| !self.started[g] && !self.groups[g].1.is_empty())
        {
            self.started[at] = true;
            return self.groups[at].1.pop_front();
        }
        if let Some(current) = current
            && let Some((_, rows)) = self.groups.iter_mut().find(|(k, _)| *k == current)
            && let Some(row) = rows.pop_front()
        {
            return Some(row);
        }
        self.groups
            .iter_mut()
            .max_by_key(|(_, rows)| rows.len())
            .and_then(|(_, rows)| rows.pop_front())
    }

    fn put_back(&mut self, key: SessionKey, row: usize) {
        if let Some((_, rows)) = self.groups.iter_mut().find(|(k, _)| *k == key) {
            rows.push_back(row);
        }
    }
}

/// What the workers share: `'a` is the plan's lifetime, `'r` the run's.
struct WorkerContext<'r, 'a> {
    plan: &'a Plan,
    /// The rows to synthesize; the queue holds indexes into it.
    jobs: &'r [&'a PlannedRow],
    queue: &'r RefCell<Queue>,
    pacer: &'r Pacer,
    cache: Option<&'r Cache>,
    /// Whether new audio is stored (and claims taken).
    writable: bool,
    /// `--force`: synthesize even what is cached.
    force: bool,
    results: &'r Results<'a, 'r>,
    /// How often each row (by index into `jobs`) was put back for load, over all workers.
    requeues: RefCell<HashMap<usize, u32>>,
    stop: Cell<bool>,
    fail_fast: bool,
}

/// A worker's open session: its settings and the synthesizer holding it.
struct Current<'a> {
    key: SessionKey,
    synth: Synthesizer<'a, ProviderEngine>,
}

impl Current<'_> {
    async fn close(self) {
        let mut sink = Sink::discard();
        let spec = self.synth.spec();
        let mut out = AudioOut::new(&mut sink, None, spec);
        let _ = self.synth.finish(&mut out).await;
    }
}

async fn worker<'r, 'a: 'r>(
    cx: &'r WorkerContext<'r, 'a>,
    policy_of: &impl Fn(&PlannedRow) -> crate::engine::retry::RetryPolicy,
) {
    let mut current: Option<Current<'r>> = None;
    // The pacer's slot for this worker's session. Taken before a row is: a row held while
    // waiting for a slot would need a session (a counted start) of its own once it came.
    let mut permit: Option<Permit<'r>> = None;
    loop {
        if cx.stop.get() {
            break;
        }
        if permit.is_none() {
            permit = Some(cx.pacer.acquire().await);
            if cx.stop.get() {
                break;
            }
        }
        let next = cx.queue.borrow_mut().next(current.as_ref().map(|c| c.key));
        let Some(index) = next else { break };
        let job = cx.jobs[index];
        let key = session_key(job);
        if current.as_ref().is_some_and(|c| c.key != key)
            && let Some(open) = current.take()
        {
            open.close().await;
        }
        // Another process on this machine may be making the same entry: wait for it,
        // then take its audio from the cache.
        // It may have been stored since this run looked (unless --force); another
        // process making it is waited for.
        let claim = match cx.cache.filter(|_| cx.writable) {
            Some(cache) => {
                match request::find_or_claim(Some(cache), &job.request, cx.force).await {
                    Start::Found(found) => {
                        let result = restored(cx.plan, job, cache, found);
                        cx.results.record(result.finish(cx.plan));
                        continue;
                    }
                    Start::Make(claim) => claim,
                }
            }
            None => None,
        };
        let mut open = match current.take() {
            Some(open) => open,
            None => {
                let engine = job.request.planned.engine.as_ref();
                Current {
                    key,
                    synth: Synthesizer::new(
                        engine,
                        job.request.spec(),
                        policy_of(job).requeueing_rate_limits(),
                    )
                    .with_pacer(cx.pacer),
                }
            }
        };
        let cache = cx.cache.filter(|_| cx.writable);
        let synthesized = synthesize_row(&mut open.synth, &cx.plan.output(job), job, cache).await;
        drop(claim);
        match synthesized {
            Ok(result) => {
                cx.results.record(result.finish(cx.plan));
                current = Some(open);
            }
            Err(error) => {
                // The session may hold the failed row's state: start afresh (with a new
                // slot, as the pacer may now allow fewer).
                drop(open);
                permit = None;
                // A row refused for load goes back in the queue, paced; over all workers
                // it is tried at most `--retries` + 1 times, every refusal counted (the
                // pacer's probes and size trials too). A refusal the pacer gave up on is
                // final.
                let requeue = {
                    let mut requeues = cx.requeues.borrow_mut();
                    let tries = requeues.entry(index).or_insert(0);
                    let allowed = policy_of(job).retries;
                    let final_refusal = error
                        .engine
                        .as_ref()
                        .is_some_and(|e| e.recovery == crate::engine::Recovery::Fatal);
                    let again = error.kind == Some(ErrorKind::RateLimit)
                        && !final_refusal
                        && *tries < allowed;
                    if again {
                        *tries += 1;
                    }
                    again
                };
                if requeue {
                    // (The synthesizer has told the pacer already.)
                    cx.queue.borrow_mut().put_back(key, index);
                    continue;
                }
                let cli = match error.engine {
                    Some(e) => match cx
                        .plan
                        .requests
                        .resolved_in_use(job.request.spec().provider())
                    {
                        Some(r) => crate::error::with_key_sources(*e, &r.api.key_sources),
                        None => (*e).into(),
                    },
                    None => error.cli,
                };
                cx.results.record(RowResult::failed(job, cli));
                if cx.fail_fast {
                    cx.stop.set(true);
                }
            }
        }
        if cx.pacer.over_quota()
            && let Some(open) = current.take()
        {
            open.close().await;
            permit = None;
        }
    }
    if let Some(open) = current {
        open.close().await;
    }
}

/// Synthesizes one row into its file (atomically) and caches it.
async fn synthesize_row<'a>(
    synth: &mut Synthesizer<'_, ProviderEngine>,
    output: &std::path::Path,
    job: &'a PlannedRow,
    cache: Option<&Cache>,
) -> Result<RowResult<'a>, Failure> {
    let spec = job.request.spec();
    let target = OutputTarget::resolve(output)?;
    let framing = crate::audio::framing::Framing::of(
        spec.format.codec(),
        spec.wav_layout(),
        job.request.segments.len() > 1,
    );
    let mut sink = Sink::open(&target, framing.framer())?;
    let mut out = AudioOut::new(&mut sink, None, spec);
    let label = format!("row {} (id {})", job.number, job.id);
    // No per-segment end: the row's audio is complete when its session is.
    let made = request::make(synth, &job.request, &label, &mut out, true).await?;
    let cues = job
        .request
        .keeps_cues()
        .then(|| std::mem::take(&mut out.cues));
    drop(out);
    let audio_bytes = sink.audio_len();
    let committed = sink.commit().map_err(|e| {
        CliError::failure(format!("cannot finish writing {}: {e}", output.display()))
    })?;
    if let Some(cache) = cache
        && let Err(e) = request::store(
            cache,
            &job.request,
            request::MadeAudio::File(output),
            cues.as_deref(),
        )
    {
        // The row's file is written: a cache that fails costs a later run, not this row.
        report::warn(format_args!(
            "row {} (id {}): not cached: {e}",
            job.number,
            report::sanitized(&job.id)
        ));
    }
    let mut result = RowResult::new(job, RowStatus::Synthesized);
    result.cues = cues;
    result.bytes = committed.bytes;
    result.audio_ms = match spec.pcm_bytes_per_second() {
        Some(rate) => Some(audio_bytes * 1000 / rate),
        None => committed
            .measured_ms
            .map(|ms| ms.round() as u64)
            .or_else(|| made.reported_ms()),
    };
    result.billed = Some(made.billed(&job.request));
    Ok(result)
}

/// Whether a row's audio (and subtitles, when it keeps them) is in the cache. Verified,
/// but not touched: a dry run leaves every entry's age as it was.
fn peek(cache: &Cache, job: &PlannedRow) -> bool {
    matches!(request::find(cache, &job.request, true), Cached::Found(_))
}

/// `--dry-run`: what would happen, without a request. Counted while the rows are
/// checked (a bit a row for whether it is cached), then printed from two more passes
/// over the manifest, the rows to synthesize and then the cached ones: memory does not
/// grow with the manifest.
#[derive(Default)]
struct DryRun {
    /// Whether each row of the shard, in order, is cached.
    cached: Vec<bool>,
    cached_rows: usize,
    segments: usize,
    minimax_characters: u64,
    fish_utf8_bytes: u64,
}

impl DryRun {
    fn count(&mut self, job: &PlannedRow, cached: bool) {
        self.cached.push(cached);
        if cached {
            self.cached_rows += 1;
            return;
        }
        self.segments += job.request.segments.len();
        match job.request.spec().provider() {
            Provider::Minimax => self.minimax_characters += job.request.billed,
            Provider::Fish => self.fish_utf8_bytes += job.request.billed,
        }
    }

    fn print(
        self,
        args: &BatchArgs,
        plan: &mut Plan,
        manifest: &manifest::Manifest,
        defaults: &Defaults<'_>,
        in_shard: impl Fn(&PlannedRow) -> bool,
    ) -> anyhow::Result<()> {
        let rows = self.cached.len();
        let pending = rows - self.cached_rows;
        // Each of the shard's rows that is (or is not) cached, in manifest order. A
        // manifest that changed since the check ends the output (the error is kept).
        let mut changed: Option<manifest::ManifestError> = None;
        let mut rows_where = |cached: bool,
                              each: &mut dyn FnMut(&PlannedRow) -> std::io::Result<()>|
         -> std::io::Result<()> {
            // (No pass for an empty list.)
            if (cached && self.cached_rows == 0) || (!cached && pending == 0) {
                return Ok(());
            }
            let mut at = 0;
            let mut pass = || -> Result<std::io::Result<()>, manifest::ManifestError> {
                let mut rows = manifest.rows()?;
                loop {
                    let jobs = plan.next_jobs(&mut rows, defaults, CHUNK_ROWS)?;
                    if jobs.is_empty() {
                        return Ok(Ok(()));
                    }
                    for job in jobs.iter().filter(|job| in_shard(job)) {
                        let is_cached = self.cached.get(at).copied().unwrap_or(false);
                        at += 1;
                        if is_cached == cached
                            && let Err(e) = each(job)
                        {
                            return Ok(Err(e));
                        }
                    }
                }
            };
            pass().unwrap_or_else(|e| {
                changed = Some(e);
                Err(std::io::Error::other("the manifest changed"))
            })
        };
        if args.render.json {
            let row = |job: &PlannedRow| {
                events::value(&DryRunRow {
                    id: job.id.clone(),
                    row: job.number,
                    output: job.shown.clone(),
                    provider: job.request.spec().provider().flag_value(),
                    segments: job.request.segments.len(),
                    billed_characters: job.request.billed,
                    cache_key: job.request.key.to_string(),
                })
            };
            // One object, streamed row by row.
            let streamed = report::stdout_stream(|out| {
                write!(out, "{{\"rows\":{rows},\"synthesize\":[")?;
                for cached in [false, true] {
                    if cached {
                        out.write_all(b"],\"cached\":[")?;
                    }
                    let mut first = true;
                    rows_where(cached, &mut |job| {
                        if !std::mem::take(&mut first) {
                            out.write_all(b",")?;
                        }
                        serde_json::to_writer(&mut *out, &row(job))?;
                        Ok(())
                    })?;
                }
                let tail = events::value(&Billed {
                    minimax_characters: self.minimax_characters,
                    fish_utf8_bytes: self.fish_utf8_bytes,
                });
                write!(out, "],\"segments\":{},\"billed\":{tail}}}", self.segments)
            });
            return match changed {
                Some(e) => Err(e.into()),
                None => Ok(streamed?),
            };
        }
        let listed = rows_where(false, &mut |job| {
            report::stdout_line(&format!(
                "synthesize  {}  -> {}  ({} segment{}, {} {})",
                report::sanitized(&job.id),
                report::sanitized(&job.shown),
                job.request.segments.len(),
                if job.request.segments.len() == 1 {
                    ""
                } else {
                    "s"
                },
                job.request.billed,
                match job.request.spec().provider() {
                    Provider::Minimax => "characters",
                    Provider::Fish => "bytes",
                }
            ))
        })
        .and_then(|()| {
            rows_where(true, &mut |job| {
                report::stdout_line(&format!(
                    "cached      {}  -> {}",
                    report::sanitized(&job.id),
                    report::sanitized(&job.shown)
                ))
            })
        });
        if let Some(e) = changed {
            return Err(e.into());
        }
        listed?;
        report::info(format_args!(
            "{rows} rows: {pending} to synthesize ({} segments), {} from the cache; would bill MiniMax {} characters, Fish Audio {} UTF-8 bytes",
            self.segments, self.cached_rows, self.minimax_characters, self.fish_utf8_bytes
        ));
        Ok(())
    }
}

/// How severe a failure class is, for the exit code of a batch with failed rows: a
/// problem the user must fix (2, 3) above a local failure (1) above one a rerun may
/// cure (4).
fn severity(exit: ExitStatus) -> u8 {
    match exit {
        ExitStatus::Usage => 5,
        ExitStatus::Api => 4,
        ExitStatus::Failure => 3,
        ExitStatus::Network => 2,
        _ => 1,
    }
}

/// Prints the summary, writes `--report`, and ends with the exit code the rows call for.
fn finish(
    args: &BatchArgs,
    summary: BatchSummary,
    total: usize,
    slowdowns: u64,
    joined: Option<JoinEvent>,
) -> anyhow::Result<()> {
    let failed = summary.failed_ids.len();
    let bytes = summary.bytes;
    let summary_event = SummaryEvent {
        event: "summary",
        rows: total,
        synthesized: summary.synthesized,
        cached: summary.cached,
        failed,
        failed_ids: summary.failed_ids.clone(),
        billed: Billed {
            minimax_characters: summary.minimax_characters,
            fish_utf8_bytes: summary.fish_utf8_bytes,
        },
        bytes,
        slowdowns,
        shard: args
            .render
            .shard
            .map(|s| format!("{}/{}", s.index, s.count)),
    };
    if let Some(joined) = &joined {
        if args.render.json {
            report::stdout_line(&events::value(joined).to_string())?;
        } else {
            report::info(format_args!(
                "joined {} rows into {}: {} bytes, {:.1} s of audio, {} chapters",
                joined.timeline.len(),
                report::sanitized(&joined.output),
                joined.bytes,
                joined.audio_ms as f64 / 1000.0,
                joined.chapters.len(),
            ));
        }
    }
    if let Some(path) = &args.render.report {
        let report_json = events::value(&Report {
            rows: summary.report_rows.clone().unwrap_or_default(),
            summary: summary_event.clone(),
            production: joined.clone(),
        });
        crate::sink::write_file(path, format!("{report_json:#}\n").as_bytes())?;
    }
    if args.render.json {
        report::stdout_line(&events::value(&summary_event).to_string())?;
    } else {
        report::info(format_args!(
            "batch: {total} rows: {} synthesized, {} from the cache, {failed} failed; billed {} MiniMax characters, {} Fish Audio bytes; wrote {bytes} bytes{}",
            summary.synthesized,
            summary.cached,
            summary.minimax_characters,
            summary.fish_utf8_bytes,
            if slowdowns > 0 {
                format!("; slowed down {slowdowns} times for rate limits")
            } else {
                String::new()
            }
        ));
    }
    let unfinished = total - summary.done;
    if failed == 0 && unfinished == 0 {
        return Ok(());
    }
    let worst = summary.worst.as_deref();
    let exit = worst.map_or(ExitStatus::Failure, |e| e.exit);
    let mut ids: Vec<&str> = summary.failed_ids.iter().map(String::as_str).collect();
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
        _ => "fix the cause named above, then run the same command again: finished rows come from the cache",
    });
    if let Some(worst) = worst {
        error.status_code = worst.status_code;
        error.trace_id = worst.trace_id.clone();
    }
    Err(error.into())
}
