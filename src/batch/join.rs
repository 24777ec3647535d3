//! A joined production as a batch runs it (`batch --join`, `script`): everything
//! checked before the first request (the output, its format, the chapter and subtitle
//! files, one layout for every row), the rows rendered where the join can read them, and
//! the result reported.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::events::JoinEvent;
use super::plan::{Plan, PlannedRow};
use super::production::{Piece, Production, Source};
use super::row::{RowResult, RowStatus};
use crate::checks::check_subtitle_path;
use crate::error::CliError;
use crate::io::target::OutputTarget;
use crate::options::ProductionOptions;
use crate::options::VoiceOptions;
use crate::report;
use crate::sink::{self};
use crate::spec::{AudioFormat, PcmLayout, SampleRate, SynthesisSpec};
use crate::store::cache::Cache;
use crate::subtitles::{self, Cue, SubtitleFormat};

/// The rate every row of a production is made at unless one is given: what both
/// services produce in every format they share (and MiniMax's default).
const PRODUCTION_RATE: u32 = 32000;

/// A production, checked.
pub struct ProductionPlan {
    path: PathBuf,
    target: OutputTarget,
    pub format: AudioFormat,
    gap_ms: u64,
    chapters: Option<PathBuf>,
    subtitles: Option<(PathBuf, SubtitleFormat)>,
    finishing: crate::spec::Finishing,
    /// Where the rows are rendered: the user's --out-dir (kept), else a private
    /// directory next to the output (removed at the end).
    rows: RowsDir,
}

enum RowsDir {
    Kept(PathBuf),
    Private(PathBuf),
}

impl Drop for RowsDir {
    fn drop(&mut self) {
        if let RowsDir::Private(dir) = self {
            // Only what this run wrote is in it.
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

impl ProductionPlan {
    pub fn check(
        path: &Path,
        args: &ProductionOptions,
        out_dir: Option<&Path>,
        voice: &VoiceOptions,
        finishing: crate::spec::Finishing,
    ) -> Result<ProductionPlan, CliError> {
        // The one rule for a name against the format asked for (`settings::output_format`).
        let format = crate::settings::output_format(voice.format, Some(path), None)?;
        if format == AudioFormat::Opus {
            return Err(
                CliError::usage("Ogg Opus productions cannot be joined here")
                    .with_hint("join into .mp3, .flac, .wav or .pcm"),
            );
        }
        let target = OutputTarget::resolve(path)?;
        crate::checks::check_finishing(&finishing, format, Some(&target))?;
        let chapters = match &args.chapters {
            Some(file) => {
                if file.as_os_str() == "-" {
                    return Err(CliError::usage("--chapters is written to a file")
                        .with_hint("e.g. --chapters book.chapters.json"));
                }
                OutputTarget::resolve(file)?;
                Some(file.clone())
            }
            None => None,
        };
        let subtitles = match &args.subtitles {
            Some(file) => Some((file.clone(), check_subtitle_path(file)?)),
            None => None,
        };
        let rows = match out_dir {
            Some(dir) => RowsDir::Kept(dir.to_path_buf()),
            None => RowsDir::Private(private_dir(path)?),
        };
        Ok(ProductionPlan {
            path: path.to_path_buf(),
            target,
            format,
            gap_ms: args.gap.unwrap_or(0),
            chapters,
            subtitles,
            finishing,
            rows,
        })
    }

    /// The production's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the production would overwrite `input` (the manifest, the script).
    pub fn overwrites(&self, input: &Path) -> bool {
        self.target.is_same_file(input)
    }

    /// Whether the rows' files are this run's alone (a private directory, removed at the
    /// end): a cached row is then read from the cache, never written out.
    pub fn rows_are_scratch(&self) -> bool {
        matches!(self.rows, RowsDir::Private(_))
    }

    /// Where the rows' own files go.
    pub fn rows_dir(&self) -> PathBuf {
        match &self.rows {
            RowsDir::Kept(dir) | RowsDir::Private(dir) => dir.clone(),
        }
    }

    /// The flags' voice options for a production: the format of the output, and one
    /// sample rate for every row unless one is given.
    pub fn voice(&self, flags: &VoiceOptions) -> VoiceOptions {
        let mut voice = flags.clone();
        voice.format = Some(self.format);
        if voice.sample_rate.is_none() {
            voice.sample_rate = SampleRate::try_from(PRODUCTION_RATE).ok();
        }
        voice
    }

    /// Whether rows need their subtitles kept (MiniMax gives sentence timings).
    pub fn wants_subtitles(&self) -> bool {
        self.subtitles.is_some()
    }

    /// Every row must share the production's layout: one format, rate and channel
    /// count (and MP3 bitrate), or the join would not be one stream. Shown each row
    /// while the manifest is checked.
    pub fn layouts(&self) -> RowLayouts {
        RowLayouts::default()
    }

    /// Joins the rendered rows, writes the chapters and subtitles, and returns what to
    /// report.
    pub fn join(
        &self,
        plan: &Plan,
        jobs: &[&PlannedRow],
        rows: &Joined<'_>,
    ) -> Result<JoinEvent, CliError> {
        let pieces: Vec<Piece> = jobs
            .iter()
            .map(|job| piece(plan, job, &rows.cues, rows.cache, &rows.in_cache))
            .collect();
        let cached = pieces
            .iter()
            .filter(|p| matches!(p.source, Source::Cached { .. }))
            .count();
        report::debug(
            "join",
            format_args!(
                "{} rows from their files, {cached} from the cache",
                pieces.len() - cached
            ),
        );
        let layout = jobs
            .first()
            .map(|job| job.request.spec().pcm_layout())
            .unwrap_or(PcmLayout {
                sample_rate: PRODUCTION_RATE,
                channels: 1,
            });
        let production = Production {
            pieces: &pieces,
            format: self.format,
            layout,
            gap_ms: self.gap_ms,
            finishing: self.finishing,
        };
        let failed = |e: crate::batch::production::ProductionError| {
            CliError::failure(format!("cannot join {}: {e}", self.path.display()))
        };
        let timeline = production.lay_out().map_err(failed)?;
        let committed = production.write(&self.target, &timeline).map_err(failed)?;
        if let Some(path) = &self.chapters {
            let chapters = serde_json::to_string_pretty(&timeline.chapters)
                .map_err(|e| CliError::failure(format!("cannot write the chapters: {e}")))?;
            sink::write_file(path, format!("{chapters}\n").as_bytes())?;
        }
        if let Some((path, format)) = &self.subtitles {
            sink::write_file(path, subtitles::render(&timeline.cues, *format).as_bytes())?;
        }
        if let Some(finished) = &committed.finished {
            crate::audio::finish::warn_limited(
                &self.path.display().to_string(),
                finished,
                &self.finishing,
            );
        }
        Ok(JoinEvent {
            event: "join",
            output: self.target.display(),
            bytes: committed.bytes,
            audio_ms: timeline.total_ms,
            cues: timeline.cues.len(),
            timeline: timeline.rows,
            chapters: timeline.chapters,
            loudness: committed.finished,
        })
    }
}

/// A format, rate, channel count and (MP3) bitrate.
type Layout = (AudioFormat, u32, u8, Option<u32>);

fn layout(spec: &SynthesisSpec) -> Layout {
    (
        spec.format,
        spec.sample_rate.get(),
        spec.channels.get(),
        (spec.format == AudioFormat::Mp3).then(|| spec.bitrate.get()),
    )
}

/// The first row's layout, and (up to 10) rows that differ from it.
#[derive(Default)]
pub struct RowLayouts {
    first: Option<(usize, Layout)>,
    odd: Vec<String>,
}

impl RowLayouts {
    pub fn see(&mut self, job: &PlannedRow) {
        let this = layout(job.request.spec());
        match self.first {
            None => self.first = Some((job.number, this)),
            Some((_, wanted)) if wanted != this && self.odd.len() < 10 => {
                self.odd.push(format!(
                    "row {} (id {}): {} at {} Hz × {}",
                    job.number,
                    report::sanitized(&job.id),
                    this.0.name(),
                    this.1,
                    this.2
                ));
            }
            Some(_) => {}
        }
    }

    pub fn verdict(self) -> Result<(), CliError> {
        let Some((number, wanted)) = self.first.filter(|_| !self.odd.is_empty()) else {
            return Ok(());
        };
        Err(CliError::usage(format!(
            "the rows of a production must share one audio layout ({} at {} Hz × {}, as row {number}); these differ: {}",
            wanted.0.name(),
            wanted.1,
            wanted.2,
            self.odd.join("; ")
        ))
        .with_hint("give --sample-rate (and --bitrate, --channels) once for all rows, not per row"))
    }
}

/// A row of the production: read from its cache entry when it was restored without a
/// file (`in_cache`), else from its file.
fn piece<'a>(
    plan: &Plan,
    job: &'a PlannedRow,
    cues: &HashMap<usize, Vec<Cue>>,
    cache: Option<&'a Cache>,
    in_cache: &HashSet<usize>,
) -> Piece<'a> {
    let source = match cache {
        Some(cache) if in_cache.contains(&job.number) => Source::Cached {
            cache,
            request: &job.request,
        },
        _ => Source::File(plan.output(job)),
    };
    Piece {
        id: job.id.clone(),
        source,
        pause_after_ms: job.pause_after_ms,
        chapter: job.chapter.clone(),
        cues: cues.get(&job.number).cloned(),
        text: job.request.segments.join(" "),
    }
}

/// A private directory for the rows, next to the production (so restoring and joining
/// stay on one file system), of an unpredictable name, created here (never reused).
fn private_dir(production: &Path) -> Result<PathBuf, CliError> {
    let parent = match production.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = production
        .file_name()
        .map(|n| n.to_string_lossy().chars().take(40).collect::<String>())
        .unwrap_or_default();
    for attempt in 0..100u32 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = parent.join(format!(
            ".{name}.rows-{}-{nanos:x}-{attempt}",
            std::process::id()
        ));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(CliError::usage(format!(
                    "cannot create a directory for the rows in {}: {e}",
                    parent.display()
                ))
                .with_hint("check that the production's directory exists and is writable"));
            }
        }
    }
    Err(CliError::failure(
        "cannot find a free name for the rows' directory",
    ))
}

/// What the join needs of the rows made: their subtitles (by row number), and which
/// are read from the cache (restored without a file).
pub struct Joined<'c> {
    pub cues: HashMap<usize, Vec<Cue>>,
    pub in_cache: HashSet<usize>,
    pub cache: Option<&'c Cache>,
}

/// Joins the rows into the production once every row is there.
pub fn join(
    production: &ProductionPlan,
    plan: &Plan,
    jobs: &[&PlannedRow],
    rows: &[RowResult],
    cache: Option<&Cache>,
) -> Result<Option<JoinEvent>, CliError> {
    if rows.len() < jobs.len() || rows.iter().any(|r| r.status == RowStatus::Failed) {
        // The rows' errors are reported below; the production is not made.
        report::warn("the production was not joined: not every row was made");
        return Ok(None);
    }
    let joined = Joined {
        cues: rows
            .iter()
            .filter_map(|r| r.cues.clone().map(|c| (r.job.number, c)))
            .collect(),
        in_cache: rows
            .iter()
            .filter(|r| r.in_cache)
            .map(|r| r.job.number)
            .collect(),
        cache,
    };
    production.join(plan, jobs, &joined).map(Some)
}
