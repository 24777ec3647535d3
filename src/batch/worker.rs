//! The workers: each takes rows from the queue, keeps a session open across rows with
//! the same settings, writes each row's file (atomically) and stores it in the cache;
//! a row refused for load goes back in the queue.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use super::plan::{Plan, PlannedRow};
use super::queue::{Queue, session_key};
use super::record::Results;
use super::restore::{Restore, restored};
use super::row::{RowResult, RowStatus};
use crate::engine::pacer::{Pacer, Permit};
use crate::engine::retry::RetryPolicy;
use crate::engine::synth::{AudioOut, Synthesizer};
use crate::engine::{Engine, ErrorKind};
use crate::error::{CliError, Failure, Surface};
use crate::io::target::OutputTarget;
use crate::report;
use crate::request::{self, SessionKey, Start};
use crate::sink::Sink;
use crate::store::cache::Cache;
use crate::store::cache::Claim;

/// What the workers share: `'a` is the plan's lifetime, `'r` the run's; `E` the engine
/// the rows are made by (the planned rows' own in a run, a scripted one in tests).
pub struct WorkerContext<'r, 'a, E: Engine> {
    pub plan: &'a Plan,
    /// A row's engine, and its retry policy.
    pub engine_of: &'r dyn Fn(&'a PlannedRow) -> &'r E,
    pub policy_of: &'r dyn Fn(&PlannedRow) -> RetryPolicy,
    /// The rows to synthesize; the queue holds indexes into it.
    pub jobs: &'r [&'a PlannedRow],
    pub queue: &'r RefCell<Queue>,
    pub pacer: &'r Pacer,
    pub cache: Option<&'r Cache>,
    /// Whether new audio is stored (and claims taken).
    pub writable: bool,
    /// `--force`: synthesize even what is cached.
    pub force: bool,
    /// Where a row found in the cache after all goes.
    pub restore: Restore,
    pub results: &'r Results<'a, 'r>,
    /// How often each row (by index into `jobs`) was put back for load, over all workers.
    pub requeues: RefCell<HashMap<usize, u32>>,
    pub stop: Cell<bool>,
    pub fail_fast: bool,
}

/// A worker's open session: its settings and the synthesizer holding it.
struct Current<'a, E: Engine> {
    key: SessionKey,
    synth: Synthesizer<'a, E>,
}

impl<'a, E: Engine> Current<'a, E> {
    /// A session for the row's settings, paced with the others; a refusal for load is
    /// left to the queue (the row is put back).
    fn open(job: &'a PlannedRow, engine: &'a E, policy: RetryPolicy, pacer: &'a Pacer) -> Self {
        Current {
            key: session_key(job),
            synth: Synthesizer::new(engine, job.request.spec(), policy.requeueing_rate_limits())
                .with_pacer(pacer),
        }
    }

    async fn close(self) {
        let mut sink = Sink::discard();
        let spec = self.synth.spec();
        let mut out = AudioOut::new(&mut sink, None, spec);
        let _ = self.synth.finish(&mut out).await;
    }
}

impl<'a, E: Engine> WorkerContext<'_, 'a, E> {
    /// Whether a failed row goes back in the queue: a row refused for load does, paced;
    /// over all workers it is tried at most `--retries` + 1 times (`allowed` requeues),
    /// every refusal counted (the pacer's probes and size trials too). A refusal the
    /// pacer gave up on is final.
    fn requeue(&self, index: usize, error: &Failure, allowed: u32) -> bool {
        let mut requeues = self.requeues.borrow_mut();
        let tries = requeues.entry(index).or_insert(0);
        let final_refusal = error
            .engine
            .as_ref()
            .is_some_and(|e| e.recovery == crate::engine::Recovery::Fatal);
        let again = error.kind == Some(ErrorKind::RateLimit) && !final_refusal && *tries < allowed;
        if again {
            *tries += 1;
        }
        again
    }

    /// The claim on making a row's entry (none without a writable cache); `None` when
    /// the row was restored instead: stored since this run looked (unless `--force`),
    /// or by another process on this machine making it, which is waited for.
    async fn claim(&self, job: &'a PlannedRow) -> Option<Option<Claim>> {
        let Some(cache) = self.cache.filter(|_| self.writable) else {
            return Some(None);
        };
        match request::find_or_claim(Some(cache), &job.request, self.force).await {
            Start::Found(found) => {
                let result = restored(self.plan, job, cache, found, self.restore);
                self.results.record(result.finish(self.plan));
                None
            }
            Start::Make(claim) => Some(claim),
        }
    }

    /// A row's failure as the user reads it: an option named by its row key, and an
    /// auth failure naming where the key came from.
    fn row_error(&self, job: &PlannedRow, error: &Failure) -> CliError {
        let resolved = self
            .plan
            .requests
            .resolved_in_use(job.request.spec().provider());
        error.worded(Surface::Manifest, resolved.map(|r| &r.api.key_sources))
    }
}

/// A worker: rows from the queue until it is empty (or the run stops), on one session
/// while the rows' settings allow.
pub async fn worker<'r, 'a: 'r, E: Engine>(cx: &'r WorkerContext<'r, 'a, E>) {
    let policy_of = cx.policy_of;
    let mut current: Option<Current<'r, E>> = None;
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
        let Some(claim) = cx.claim(job).await else {
            continue;
        };
        let mut open = match current.take() {
            Some(open) => open,
            None => Current::open(job, (cx.engine_of)(job), policy_of(job), cx.pacer),
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
                if cx.requeue(index, &error, policy_of(job).retries) {
                    // (The synthesizer has told the pacer already.)
                    cx.queue.borrow_mut().put_back(key, index);
                    continue;
                }
                let cli = cx.row_error(job, &error);
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
async fn synthesize_row<'a, E: Engine>(
    synth: &mut Synthesizer<'_, E>,
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

#[cfg(test)]
mod tests {
    use crate::batch::row::RowStatus;
    use crate::batch::testing::{self, Ended, Work};
    use crate::engine::error::{EngineError, ErrorKind, Recovery};
    use crate::engine::synth::scripted::{ScriptedEngine, Step};

    fn pcm(byte: u8, ms: usize) -> Step {
        // 32 kHz mono 16-bit: 64 bytes a millisecond.
        Step::Audio(vec![byte; ms * 64])
    }

    fn made(id: &str, bytes: u64) -> Ended {
        Ended {
            id: id.into(),
            status: RowStatus::Synthesized,
            bytes,
            error: None,
        }
    }

    const ONE: Work = Work {
        jobs: 1,
        retries: 2,
        fail_fast: false,
    };

    #[test]
    fn rows_with_the_same_settings_share_one_session_and_each_gets_its_own_audio() {
        let planned = testing::plan(
            "{\"id\":\"a\",\"text\":\"First.\"}\n{\"id\":\"b\",\"text\":\"Second.\"}\n",
        );
        let engine = ScriptedEngine::new(
            true,
            vec![Ok(vec![pcm(1, 10), Step::Done, pcm(2, 20), Step::Done])],
        );
        let ended = testing::work(&planned, &engine, &ONE);
        assert_eq!(ended, vec![made("a", 640), made("b", 1280)]);
        let log = engine.log.borrow();
        assert_eq!(log.opened, 1);
        assert_eq!(
            log.sent
                .iter()
                .map(|(s, t)| (*s, t.as_str()))
                .collect::<Vec<_>>(),
            vec![(0, "First."), (0, "Second.")]
        );
        let out = planned.dir.path().join("out");
        assert_eq!(std::fs::read(out.join("a.pcm")).unwrap(), vec![1; 640]);
        assert_eq!(std::fs::read(out.join("b.pcm")).unwrap(), vec![2; 1280]);
    }

    #[test]
    fn a_row_refused_for_load_goes_back_in_the_queue_and_is_made_on_a_new_session() {
        let planned = testing::plan("{\"id\":\"a\",\"text\":\"Once more.\"}\n");
        let busy = EngineError::new(
            ErrorKind::RateLimit,
            Recovery::SlowDown,
            "too many requests",
        );
        let engine = ScriptedEngine::new(true, vec![Err(busy), Ok(vec![pcm(3, 5), Step::Done])]);
        let ended = testing::work(&planned, &engine, &ONE);
        assert_eq!(ended, vec![made("a", 320)]);
        assert_eq!(engine.log.borrow().opened, 2);
    }

    #[test]
    fn a_row_refused_for_load_more_often_than_the_retries_allow_fails_with_the_refusal() {
        let planned = testing::plan("{\"id\":\"a\",\"text\":\"Never.\"}\n");
        let busy = || {
            Err(EngineError::new(
                ErrorKind::RateLimit,
                Recovery::SlowDown,
                "too many requests",
            ))
        };
        let engine = ScriptedEngine::new(true, vec![busy(), busy(), busy()]);
        let ended = testing::work(&planned, &engine, &ONE);
        assert_eq!(ended.len(), 1);
        assert_eq!(ended[0].status, RowStatus::Failed);
        assert!(
            ended[0]
                .error
                .as_deref()
                .is_some_and(|e| e.contains("too many requests")),
            "{ended:?}"
        );
        // Tried once and put back twice (--retries 2).
        assert_eq!(engine.log.borrow().opened, 3);
    }

    #[test]
    fn with_fail_fast_a_refused_row_stops_the_run_before_the_next_is_paid_for() {
        let planned = testing::plan(concat!(
            "{\"id\":\"a\",\"text\":\"One.\",\"voice\":\"male-qn-qingse\"}\n",
            "{\"id\":\"b\",\"text\":\"Two.\",\"voice\":\"female-shaonv\"}\n",
        ));
        let refused = EngineError::new(ErrorKind::Auth, Recovery::Fatal, "invalid api key");
        let engine = ScriptedEngine::new(true, vec![Err(refused)]);
        let ended = testing::work(
            &planned,
            &engine,
            &Work {
                fail_fast: true,
                ..ONE
            },
        );
        assert_eq!(ended.len(), 1, "{ended:?}");
        assert_eq!(ended[0].status, RowStatus::Failed);
        assert_eq!(engine.log.borrow().opened, 1);
    }

    #[test]
    fn without_fail_fast_a_failed_row_leaves_the_others_to_be_made() {
        let planned = testing::plan(concat!(
            "{\"id\":\"a\",\"text\":\"One.\",\"voice\":\"male-qn-qingse\"}\n",
            "{\"id\":\"b\",\"text\":\"Two.\",\"voice\":\"female-shaonv\"}\n",
        ));
        let refused = EngineError::new(ErrorKind::BadRequest, Recovery::Fatal, "unknown voice");
        let engine = ScriptedEngine::new(true, vec![Err(refused), Ok(vec![pcm(4, 1), Step::Done])]);
        let ended = testing::work(&planned, &engine, &ONE);
        assert_eq!(ended.len(), 2, "{ended:?}");
        assert_eq!(ended[0].status, RowStatus::Failed);
        assert_eq!(ended[1], made(&ended[1].id, 64));
        assert_ne!(ended[0].id, ended[1].id);
        // The failed row left no file.
        let failed = planned
            .dir
            .path()
            .join("out")
            .join(format!("{}.pcm", ended[0].id));
        assert!(!failed.exists());
    }
}
