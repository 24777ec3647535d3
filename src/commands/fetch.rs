//! `minimax-tts fetch`: query an async job, wait for it if asked, download its tar,
//! unpack the audio (and subtitles), and keep the registry up to date.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Value, json};

use crate::cli::FetchArgs;
use crate::engine::error::EngineError;
use crate::engine::minimax::http::{HttpClient, JobState};
use crate::engine::minimax::jobs::{self, EXPIRY_SECS};
use crate::engine::minimax::status;
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::io::target::OutputTarget;
use crate::registry::{AsyncJob, JobStatus, Registry, now_secs};
use crate::report;
use crate::settings::Resolved;
use crate::sink::{self, Sink};
use crate::spec::PcmLayout;
use crate::subtitles;

pub fn run(args: FetchArgs, resolved: &Resolved) -> anyhow::Result<()> {
    let registry_path = resolved.registry_path();
    if args.list {
        return list(args.json, registry_path.as_deref());
    }
    let mut client = resolved.minimax_http().map_err(CliError::from)?;
    let runtime = crate::checks::runtime()?;
    let context = FetchContext {
        poll_interval: resolved.api.poll_interval,
        registry: registry_path.as_deref(),
        finishing: resolved.finishing(&args.finish),
    };
    run_with(args, &context, &runtime, &mut client)
}

/// What fetching needs besides the client.
pub struct FetchContext<'a> {
    pub poll_interval: Duration,
    /// Where the job registry is.
    pub registry: Option<&'a std::path::Path>,
    /// Loudness and trimming of the audio written.
    pub finishing: crate::spec::Finishing,
}

/// Fetches one job (or, with `--all`, every pending one).
pub fn run_with(
    args: FetchArgs,
    context: &FetchContext<'_>,
    runtime: &tokio::runtime::Runtime,
    client: &mut HttpClient,
) -> anyhow::Result<()> {
    if let Some(path) = &args.subtitles {
        crate::checks::check_subtitle_path(path)?;
    }
    if let Some(output) = &args.output {
        if output.as_os_str() == "-" {
            return Err(CliError::usage("fetch writes files; -o - is not supported")
                .with_hint("give a file name with -o")
                .into());
        }
        OutputTarget::resolve(output)?;
    }
    let poll_interval = context.poll_interval;
    let registry = Registry::load(context.registry)?;
    let task_ids = task_ids(&args, &registry)?;
    if task_ids.is_empty() {
        report::info("no pending jobs");
        return Ok(());
    }

    let mut first_error: Option<anyhow::Error> = None;
    // Each job's new status is saved (under the registry's lock, to the registry as it
    // is then, so jobs other processes added meanwhile are kept) before its result is
    // printed.
    let record = |task_id: u64, status: JobStatus, file_id: Option<u64>| {
        Registry::update(context.registry, |registry| {
            registry.set_status(task_id, status, file_id)
        })
    };
    let mut printed = Ok(());
    let interrupted = runtime.block_on(async {
        for task_id in &task_ids {
            let job = registry.get(*task_id).cloned();
            let outcome = tokio::select! {
                outcome = fetch_one(client, *task_id, job.as_ref(), &args, poll_interval, &context.finishing) => outcome,
                signal = crate::signals::received() => return Some(CliError::interrupted(signal)),
            };
            match outcome {
                Ok(fetched) => {
                    if let Err(e) = record(*task_id, JobStatus::Done, fetched.file_id) {
                        first_error.get_or_insert(e.into());
                    }
                    if printed.is_ok() {
                        printed = print_fetched(&fetched, args.json);
                    }
                }
                Err(failure) => {
                    if let Some(status) = failure.registry_status
                        && let Err(e) = record(*task_id, status, None)
                    {
                        first_error.get_or_insert(e.into());
                    }
                    if task_ids.len() > 1 {
                        report::warn(format_args!("task {task_id}: {}", failure.error));
                    }
                    first_error.get_or_insert(failure.error.into());
                }
            }
        }
        None
    });
    printed?;
    if let Some(interrupted) = interrupted {
        return Err(interrupted.into());
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The jobs to fetch: every pending one (`--all`, possibly none), the one given, or the
/// latest submitted from this machine.
fn task_ids(args: &FetchArgs, registry: &Registry) -> Result<Vec<u64>, CliError> {
    if args.all {
        return Ok(registry
            .jobs
            .iter()
            .filter(|j| j.status == JobStatus::Pending)
            .map(|j| j.task_id)
            .collect());
    }
    match args
        .task_id
        .or_else(|| registry.latest().map(|j| j.task_id))
    {
        Some(id) => Ok(vec![id]),
        None => Err(CliError::usage(
            "no task id given, and no job was submitted from this machine",
        )
        .with_hint("give the task id printed by async-submit: minimax-tts fetch TASK_ID")),
    }
}

struct Fetched {
    task_id: u64,
    file_id: Option<u64>,
    output: PathBuf,
    bytes: u64,
    audio_ms: Option<u64>,
    subtitles: Option<PathBuf>,
    archive: Option<PathBuf>,
    /// What finishing (loudness, trim) measured and did.
    finished: Option<crate::audio::finish::FinishReport>,
}

struct FetchFailure {
    error: CliError,
    /// What the registry should now say about the job, if it changed.
    registry_status: Option<JobStatus>,
}

impl From<crate::io::target::OutputError> for FetchFailure {
    fn from(e: crate::io::target::OutputError) -> FetchFailure {
        CliError::from(e).into()
    }
}

impl From<CliError> for FetchFailure {
    fn from(error: CliError) -> Self {
        FetchFailure {
            error,
            registry_status: None,
        }
    }
}

fn print_fetched(f: &Fetched, json: bool) -> std::io::Result<()> {
    if json {
        return report::stdout_line(
            &json!({
                "task_id": f.task_id,
                "status": "success",
                "file_id": f.file_id,
                "output": f.output,
                "bytes": f.bytes,
                "audio_ms": f.audio_ms,
                "subtitles": f.subtitles,
                "archive": f.archive,
                "loudness": f.finished,
            })
            .to_string(),
        );
    }
    {
        let duration = f
            .audio_ms
            .map(|ms| format!(", {:.1} s of audio", ms as f64 / 1000.0))
            .unwrap_or_default();
        report::info(format_args!(
            "task {}: wrote {} ({} bytes{duration})",
            f.task_id,
            f.output.display(),
            f.bytes
        ));
        if let Some(s) = &f.subtitles {
            report::info(format_args!(
                "task {}: wrote subtitles {}",
                f.task_id,
                s.display()
            ));
        }
    }
    Ok(())
}

fn human_age(secs: u64) -> String {
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min", secs / 60),
        _ => format!("{} h {} min", secs / 3600, secs / 60 % 60),
    }
}

async fn fetch_one(
    client: &mut HttpClient,
    task_id: u64,
    job: Option<&AsyncJob>,
    args: &FetchArgs,
    poll_interval: Duration,
    finishing: &crate::spec::Finishing,
) -> Result<Fetched, FetchFailure> {
    let api_error = |e: EngineError| FetchFailure::from(CliError::from(e));
    let now = now_secs();
    // A known job tells what audio will come: refuse a mismatched -o before waiting.
    if let (Some(job), Some(output)) = (job, &args.output) {
        output_wraps_pcm(output, job_audio_ext(&job.format), task_id)?;
    }
    if let Some(job) = job
        && job.expired(now)
    {
        return Err(FetchFailure {
            error: CliError::new(
                ExitStatus::Api,
                format!(
                    "task {task_id} has expired: it was submitted {} ago, and MiniMax deletes results after 9 hours",
                    human_age(job.age_secs(now))
                ),
            )
            .with_hint("submit the text again with async-submit"),
            registry_status: Some(JobStatus::Expired),
        });
    }

    let spinner = spinner(args.wait);
    let started = Instant::now();
    // Slower and slower while the job runs, up to 2.5 times the first interval.
    let (mut interval, max_interval) = (poll_interval, poll_interval.mul_f64(2.5));
    let file_id = loop {
        let status = client.query_async(task_id).await.map_err(api_error)?;
        match status.state() {
            Some(JobState::Success) => {
                break status.file_id.or(job.and_then(|j| j.file_id));
            }
            Some(JobState::Processing) => {
                if !args.wait {
                    let age = job
                        .map(|j| format!(" (submitted {} ago)", human_age(j.age_secs(now))))
                        .unwrap_or_default();
                    return Err(CliError::new(
                        ExitStatus::NotReady,
                        format!("task {task_id} is still processing{age}"),
                    )
                    .with_hint("run fetch again later, or wait for it with --wait")
                    .into());
                }
                spinner.set_message(format!(
                    "task {task_id}: processing ({} elapsed)",
                    human_age(started.elapsed().as_secs())
                ));
                tokio::time::sleep(interval).await;
                interval = interval.mul_f64(1.5).min(max_interval);
            }
            Some(JobState::Failed) => {
                return Err(FetchFailure {
                    error: CliError::new(
                        ExitStatus::Api,
                        format!("task {task_id} failed on MiniMax's side"),
                    )
                    .with_hint("check the text and settings, then submit it again"),
                    registry_status: Some(JobStatus::Failed),
                });
            }
            Some(JobState::Expired) => {
                return Err(FetchFailure {
                    error: CliError::new(
                        ExitStatus::Api,
                        format!("task {task_id} has expired: MiniMax deletes results after 9 hours ({EXPIRY_SECS} s)"),
                    )
                    .with_hint("submit the text again with async-submit"),
                    registry_status: Some(JobStatus::Expired),
                });
            }
            None => {
                return Err(api_error(status::malformed(format!(
                    "unknown job status {:?}",
                    status.status
                ))));
            }
        }
    };
    spinner.finish_and_clear();
    let Some(file_id) = file_id else {
        return Err(api_error(status::malformed(
            "the finished job has no file_id",
        )));
    };

    let output = args
        .output
        .clone()
        .or_else(|| job.and_then(|j| j.output.clone()));
    // The archive goes to a temporary file beside the output (memory stays flat however
    // large the job), is read from there, and is removed (or kept, --keep-archive).
    let beside = output
        .as_deref()
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let download = Download::create(&beside).map_err(|e| {
        CliError::failure(format!(
            "cannot store the download in {}: {e}",
            beside.display()
        ))
    })?;
    let bar = download_bar();
    let mut file = download.file()?;
    client
        .retrieve_content(file_id, &mut file, &mut |done, total| {
            if let Some(total) = total {
                bar.set_length(total);
            }
            bar.set_position(done);
        })
        .await
        .map_err(api_error)?;
    bar.finish_and_clear();
    drop(file);

    // A damaged archive is most likely a damaged transfer: fetching again may help.
    let damaged = |e: String| {
        FetchFailure::from(
            CliError::new(ExitStatus::Network, format!("task {task_id}: {e}")).with_hint(format!(
                "fetch it again (minimax-tts fetch {task_id}); if it persists, keep the archive with --keep-archive and report it"
            )),
        )
    };
    let contents = jobs::inspect(download.reader()?).map_err(damaged)?;
    let format = job.map_or_else(|| contents.audio_ext.clone(), |j| j.format.clone());
    let output = output.unwrap_or_else(|| PathBuf::from(format!("{task_id}.{format}")));
    let wav = output_wraps_pcm(&output, &contents.audio_ext, task_id)?.then(|| PcmLayout {
        sample_rate: contents
            .sample_rate
            .or(job.and_then(|j| j.sample_rate))
            .unwrap_or(32000),
        channels: u16::from(job.and_then(|j| j.channels).unwrap_or(1)),
    });
    let mut sink = Sink::open(
        &OutputTarget::resolve(&output)?,
        crate::audio::framing::Framing::single(wav).framer(),
    )?;
    let audio_bytes = jobs::copy_audio(download.reader()?, contents.audio_entry, &mut |chunk| {
        sink.write_audio(chunk)
    })
    .map_err(damaged)?;
    let audio_format = crate::spec::AudioFormat::from_extension(
        output
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .as_deref()
            .unwrap_or(&format),
    )
    .unwrap_or(crate::spec::AudioFormat::Mp3);
    let layout = wav.unwrap_or(PcmLayout {
        sample_rate: contents.sample_rate.unwrap_or(32000),
        channels: 1,
    });
    let committed = sink
        .commit_finished(&crate::audio::finish::FinishAs {
            finishing,
            format: audio_format,
            layout,
        })
        .map_err(|e| CliError::failure(format!("cannot write {}: {e}", output.display())))?;
    let bytes = committed.bytes.max(audio_bytes);
    if let Some(finished) = &committed.finished {
        crate::audio::finish::warn_limited(&output.display().to_string(), finished, finishing);
    }

    let archive_path = args.keep_archive.as_ref().map(|p| {
        p.clone()
            .unwrap_or_else(|| PathBuf::from(format!("{task_id}.tar")))
    });
    if let Some(path) = &archive_path {
        download.keep(path)?;
    }
    let subtitles = match &args.subtitles {
        Some(path) => {
            let Some(titles) = &contents.titles else {
                return Err(CliError::failure(format!(
                    "task {task_id}: the archive has no subtitles (the audio was written to {})",
                    output.display()
                ))
                .into());
            };
            let cues = crate::engine::minimax::subtitles::parse_titles(titles)
                .map_err(|e| CliError::failure(format!("task {task_id}: {e}")))?;
            sink::write_file(
                path,
                subtitles::render(&cues, crate::checks::check_subtitle_path(path)?).as_bytes(),
            )?;
            Some(path.clone())
        }
        None => None,
    };
    Ok(Fetched {
        task_id,
        file_id: Some(file_id),
        output,
        bytes,
        audio_ms: contents.audio_ms.map(|ms| {
            let trimmed = committed
                .finished
                .as_ref()
                .map_or(0, |f| f.trimmed_start_ms + f.trimmed_end_ms);
            ms.saturating_sub(trimmed)
        }),
        subtitles,
        archive: archive_path,
        finished: committed.finished,
    })
}

/// A downloaded archive, in a hidden temporary file that is removed when dropped.
struct Download {
    path: PathBuf,
}

impl Download {
    fn create(dir: &Path) -> std::io::Result<Download> {
        let dir = crate::store::Dir::open_root(dir, false)?;
        let (name, _) = dir.create_temp(".minimax-tts-download-")?;
        Ok(Download {
            path: dir.path().join(name),
        })
    }

    fn file(&self) -> Result<std::fs::File, CliError> {
        std::fs::File::options()
            .read(true)
            .write(true)
            .open(&self.path)
            .map_err(|e| CliError::failure(format!("cannot open {}: {e}", self.path.display())))
    }

    fn reader(&self) -> Result<std::io::BufReader<std::fs::File>, CliError> {
        std::fs::File::open(&self.path)
            .map(std::io::BufReader::new)
            .map_err(|e| CliError::failure(format!("cannot read {}: {e}", self.path.display())))
    }

    /// Copies the archive to `path` (atomically, streamed).
    fn keep(&self, path: &Path) -> Result<(), CliError> {
        let mut sink = Sink::open(
            &OutputTarget::resolve(path)?,
            Box::new(crate::sink::AsGiven),
        )?;
        let mut reader = self.reader()?;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            use std::io::Read;
            let n = reader
                .read(&mut buf)
                .map_err(|e| CliError::failure(format!("cannot read the download: {e}")))?;
            if n == 0 {
                break;
            }
            sink.write_audio(&buf[..n])
                .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))?;
        }
        sink.commit()
            .map(|_| ())
            .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))
    }
}

impl Drop for Download {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The audio a job submitted as `format` delivers (WAV is requested as PCM and wrapped).
fn job_audio_ext(format: &str) -> &str {
    if format == "wav" { "pcm" } else { format }
}

/// Whether audio of kind `audio_ext` must be wrapped in a WAV header to be what
/// `output`'s extension says; an extension naming another audio format is refused
/// rather than filled with the wrong bytes. Other extensions get the audio as it is.
fn output_wraps_pcm(output: &Path, audio_ext: &str, task_id: u64) -> Result<bool, CliError> {
    let wanted = output
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let same = |a: &str, b: &str| a == b || matches!((a, b), ("ogg", "opus") | ("opus", "ogg"));
    match wanted.as_str() {
        "wav" if audio_ext == "pcm" => Ok(true),
        "mp3" | "pcm" | "flac" | "wav" | "opus" | "ogg" if !same(&wanted, audio_ext) => {
            Err(CliError::usage(format!(
                "task {task_id} delivers {} audio, which cannot be written as {}",
                audio_ext.to_uppercase(),
                output.display()
            ))
            .with_hint(format!(
                "name the output .{audio_ext}{}, or submit the text again with --format {wanted}",
                if audio_ext == "pcm" { " or .wav" } else { "" }
            )))
        }
        _ => Ok(false),
    }
}

fn spinner(active: bool) -> ProgressBar {
    if !active || report::is_quiet() || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

fn download_bar() -> ProgressBar {
    if report::is_quiet() || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("downloading {bytes}/{total_bytes} {wide_bar} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// `fetch --list`: the registry with status, age and time left.
fn list(json_out: bool, at: Option<&std::path::Path>) -> anyhow::Result<()> {
    let registry = Registry::load(at)?;
    let now = now_secs();
    let mut jobs = registry.jobs.clone();
    jobs.sort_by_key(|j| std::cmp::Reverse(j.submitted_at));
    let status = |j: &AsyncJob| {
        if j.status == JobStatus::Pending && j.expired(now) {
            "expired".to_string()
        } else {
            format!("{:?}", j.status).to_lowercase()
        }
    };
    if json_out {
        let items: Vec<Value> = jobs
            .iter()
            .map(|j| {
                json!({
                    "task_id": j.task_id,
                    "status": status(j),
                    "age_s": j.age_secs(now),
                    "expires_in_s": EXPIRY_SECS.saturating_sub(j.age_secs(now)),
                    "characters": j.characters,
                    "model": j.model,
                    "voice": j.voice,
                    "format": j.format,
                    "output": j.output,
                })
            })
            .collect();
        report::stdout_line(&Value::Array(items).to_string())?;
        return Ok(());
    }
    if jobs.is_empty() {
        report::info("no jobs submitted from this machine");
        return Ok(());
    }
    report::stdout_line(&format!(
        "{:<20} {:<10} {:>10} {:>12} {:>10}  OUTPUT",
        "TASK ID", "STATUS", "AGE", "TIME LEFT", "CHARS"
    ))?;
    for j in &jobs {
        let left = EXPIRY_SECS.saturating_sub(j.age_secs(now));
        let left = if left == 0 {
            "-".to_string()
        } else {
            human_age(left)
        };
        let output = j
            .output
            .as_ref()
            .map_or_else(|| "-".to_string(), |p| p.display().to_string());
        // The registry is read as untrusted: its paths are escaped.
        report::stdout_line(&format!(
            "{:<20} {:<10} {:>10} {:>12} {:>10}  {}",
            j.task_id,
            status(j),
            human_age(j.age_secs(now)),
            left,
            j.characters,
            report::sanitized(&output)
        ))?;
    }
    Ok(())
}
