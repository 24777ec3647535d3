//! What the batch phases' unit tests share: a manifest planned offline (a temporary
//! directory, an empty config file, a key on the command line, an endpoint nothing
//! listens on), and the workers run over its rows with a scripted engine.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::time::Duration;

use super::manifest;
use super::plan::{self, Defaults, Plan, PlannedRow};
use super::queue::Queue;
use super::record::{Progress, Results};
use super::row::RowStatus;
use super::template::Template;
use super::worker::{WorkerContext, worker};
use crate::engine::pacer::Pacer;
use crate::engine::retry::RetryPolicy;
use crate::engine::synth::scripted::ScriptedEngine;
use crate::options::{AccessOptions, FinishOptions, RunOptions, VoiceOptions};
use crate::settings::{CommandLine, Resolved};
use crate::spec::{AudioFormat, Provider};

/// A manifest's rows, planned in a directory of their own (outputs under `out/`, PCM
/// unless a row says otherwise).
pub struct Planned {
    pub dir: tempfile::TempDir,
    pub plan: Plan,
    pub rows: Vec<PlannedRow>,
}

pub fn plan(jsonl: &str) -> Planned {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rows.jsonl");
    std::fs::write(&path, jsonl).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    let manifest = manifest::read(&path, None).unwrap();
    let voice = VoiceOptions {
        format: Some(AudioFormat::Pcm),
        ..VoiceOptions::default()
    };
    let out_dir = dir.path().join("out");
    let template: Template = "{id}.{ext}".parse().unwrap();
    let finish = FinishOptions::default();
    let defaults = Defaults {
        voice: &voice,
        references: &[],
        subtitles: None,
        finish: Some(&finish),
        out_dir: &out_dir,
        template: &template,
        ignored: &[],
        need_key: true,
    };
    let resolved = Resolved::load(CommandLine {
        run: RunOptions {
            provider: Some(Provider::Minimax),
            ..RunOptions::default()
        },
        access: AccessOptions {
            api_key: Some("test-key".into()),
            api_key_file: None,
            base_url: Some("http://127.0.0.1:9".into()),
        },
        no_proxy: true,
        profile: None,
        config: Some(config),
    })
    .unwrap();
    let mut rows = Vec::new();
    let plan = plan::plan(&manifest, &defaults, resolved, |row| rows.push(row)).unwrap();
    std::fs::create_dir_all(&out_dir).unwrap();
    Planned { dir, plan, rows }
}

/// What a row came to: its id, status, bytes written and error message.
#[derive(Debug, PartialEq)]
pub struct Ended {
    pub id: String,
    pub status: RowStatus,
    pub bytes: u64,
    pub error: Option<String>,
}

/// How the workers run in a test.
pub struct Work {
    pub jobs: u32,
    pub retries: u32,
    pub fail_fast: bool,
}

/// Runs every row of `planned` on `work.jobs` workers making them with `engine` (no
/// cache), on paused time; returns the rows in the order they ended.
pub fn work(planned: &Planned, engine: &ScriptedEngine, work: &Work) -> Vec<Ended> {
    let retry = RetryPolicy::new(work.retries, Duration::from_millis(10));
    let pending: Vec<&PlannedRow> = planned.rows.iter().collect();
    let progress = Progress::new(pending.len(), false);
    let results = Results {
        rows: RefCell::new(Vec::new()),
        shared: &progress,
    };
    let queue = RefCell::new(Queue::new(&pending, work.fail_fast));
    let pacer = Pacer::new(work.jobs as usize, None, retry);
    let engine_of = |_: &PlannedRow| engine;
    let policy_of = |_: &PlannedRow| retry;
    let context = WorkerContext {
        plan: &planned.plan,
        engine_of: &engine_of,
        policy_of: &policy_of,
        jobs: &pending,
        queue: &queue,
        pacer: &pacer,
        cache: None,
        writable: false,
        force: false,
        restore: super::restore::Restore::ToFile,
        results: &results,
        requeues: RefCell::new(HashMap::new()),
        stop: Cell::new(false),
        fail_fast: work.fail_fast,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .unwrap();
    runtime.block_on(futures_util::future::join_all(
        (0..work.jobs).map(|_| worker(&context)),
    ));
    results
        .rows
        .into_inner()
        .into_iter()
        .map(|row| Ended {
            id: row.job.id.clone(),
            status: row.status,
            bytes: row.bytes,
            error: row.error.map(|e| e.message),
        })
        .collect()
}
