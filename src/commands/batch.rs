//! `minimax-tts batch MANIFEST`: every row of a manifest into its own file. This file
//! checks the command line and hands the run to [`crate::batch::run`], which checks every
//! row before anything is paid for, restores what is cached, and makes the rest on
//! `--jobs` workers that share one pacer.

use std::path::{Path, PathBuf};

use crate::batch::check::ReportTarget;
use crate::batch::join::ProductionPlan;
use crate::batch::manifest::{self, Manifest};
use crate::batch::plan::Defaults;
use crate::batch::run::{Batch, BatchOptions, ReviewPage};
use crate::cli::{BatchArgs, RenderArgs};
use crate::error::CliError;
use crate::io::target::OutputTarget;
use crate::settings::Resolved;

pub fn run(args: BatchArgs, resolved: Resolved) -> anyhow::Result<()> {
    let manifest = manifest::read(&args.manifest, args.manifest_format).map_err(CliError::from)?;
    run_manifest(args, manifest, resolved)
}

/// A batch over a manifest already read (a file's, or a script's lines).
pub fn run_manifest(args: BatchArgs, manifest: Manifest, resolved: Resolved) -> anyhow::Result<()> {
    check_ignored(&args.ignore_columns)?;
    let references = crate::commands::common::load_references(&args.references)?;
    let production = production(&args, &resolved)?;
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
    let review = review_page(&args, production.as_ref())?;
    let report = match &args.render.report {
        Some(path) => Some(ReportTarget::check(path, &args.manifest)?),
        None => None,
    };
    let out_dir = match &production {
        Some(production) => production.rows_dir(),
        None => args.out_dir.clone().unwrap_or_else(|| PathBuf::from(".")),
    };
    let voice = match &production {
        Some(production) => production.voice(&args.voice),
        None => args.voice.clone(),
    };
    let cache = resolved
        .cache(&args.render.cache, args.render.no_cache)
        .map_err(CliError::from)?;
    let batch = Batch {
        options: options(&args.render),
        manifest: &manifest,
        defaults: Defaults {
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
        },
        production: production.as_ref(),
        report,
        review,
        cache,
        state_dir: resolved.state_dir(),
        retry: resolved.api.retry,
    };
    crate::batch::run::run(batch, resolved, crate::checks::runtime)?;
    Ok(())
}

/// The rendering flags, as the runner takes them.
fn options(render: &RenderArgs) -> BatchOptions {
    BatchOptions {
        jobs: render.jobs,
        rpm: render.rpm,
        shard: render.shard,
        force: render.force,
        dry_run: render.dry_run,
        fail_fast: render.fail_fast,
        json: render.json,
    }
}

/// `--ignore-columns` may not name a row's own key.
fn check_ignored(columns: &[String]) -> Result<(), CliError> {
    match columns
        .iter()
        .find(|c| crate::batch::row_keys::ROW_KEYS.contains(&c.as_str()))
    {
        Some(own) => Err(CliError::usage(format!(
            "--ignore-columns {own}: {own} is a row's own key and cannot be ignored"
        ))
        .with_hint("ignore only columns that carry nothing for minimax-tts (notes, speaker, …)")),
        None => Ok(()),
    }
}

/// `--join FILE`, checked; without it, the production's flags are refused and the
/// rows' finishing is checked against the format.
fn production(args: &BatchArgs, resolved: &Resolved) -> Result<Option<ProductionPlan>, CliError> {
    let finishing = resolved.finishing(&args.finish);
    if let Some(path) = &args.join {
        return ProductionPlan::check(
            path,
            &args.production,
            args.out_dir.as_deref(),
            &args.voice,
            finishing,
        )
        .map(Some);
    }
    crate::checks::check_finishing(
        &finishing,
        args.voice.format.unwrap_or(crate::spec::AudioFormat::Mp3),
        None,
    )?;
    let given = &args.production;
    if given.gap.is_some() || given.chapters.is_some() || given.subtitles.is_some() {
        return Err(
            CliError::usage("--gap, --chapters and --subtitles go with --join")
                .with_hint("add --join book.mp3 to join the rows into one file"),
        );
    }
    Ok(None)
}

/// `--review FILE`: an .html file that can be written.
fn review_page(
    args: &BatchArgs,
    production: Option<&ProductionPlan>,
) -> Result<Option<ReviewPage>, CliError> {
    let Some(path) = &args.render.review else {
        return Ok(None);
    };
    let named_html = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    if !named_html || path.as_os_str() == "-" {
        return Err(CliError::usage(format!(
            "the review page {} must be an .html file",
            path.display()
        ))
        .with_hint("e.g. --review review.html"));
    }
    OutputTarget::resolve(path)?;
    let reviewed: &Path = production.map_or(&args.manifest, ProductionPlan::path);
    Ok(Some(ReviewPage {
        path: path.clone(),
        title: format!("Review of {}", reviewed.display()),
    }))
}
