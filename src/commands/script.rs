//! `minimax-tts script`: a dialogue script rendered into one finished file. The script
//! is read into rows (`batch::script`), and those are a `batch --join` production: the
//! same planning, cache, concurrency, join, chapters and subtitles.

use std::path::{Path, PathBuf};

use crate::batch::manifest::{Manifest, ManifestError};
use crate::batch::script;
use crate::cli::{BatchArgs, ScriptArgs};
use crate::error::CliError;
use crate::options::ProductionOptions;
use crate::settings::Resolved;

/// Between two lines of dialogue, unless `--gap` says otherwise.
const DEFAULT_GAP_MS: u64 = 300;
/// A paragraph pause is at least this, and at least twice the gap.
const MIN_PARAGRAPH_MS: u64 = 750;

pub fn run(args: ScriptArgs, resolved: Resolved) -> anyhow::Result<()> {
    let gap = args.production.gap.unwrap_or(DEFAULT_GAP_MS);
    let paragraph = args
        .paragraph_gap
        .unwrap_or_else(|| (2 * gap).max(MIN_PARAGRAPH_MS));
    let text = crate::text::read_input(&[], Some(&args.script))?;
    let rows = script::parse(&text, &resolved.settings.file.speakers, paragraph)
        .map_err(|problems| CliError::from(ManifestError::Problems(problems)))?;
    let stdin = args.script.as_os_str() == "-";
    let base_dir = if stdin {
        std::env::current_dir().unwrap_or_default()
    } else {
        args.script
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    };
    let manifest = Manifest::from_rows(rows, base_dir, (!stdin).then(|| args.script.clone()));
    let batch = BatchArgs {
        manifest: args.script.clone(),
        manifest_format: None,
        ignore_columns: Vec::new(),
        out_dir: args.out_dir,
        name: "{id}.{ext}"
            .parse()
            .map_err(|e: String| CliError::failure(format!("the rows' file names: {e}")))?,
        render: args.render,
        join: Some(PathBuf::from(&args.output)),
        production: ProductionOptions {
            gap: Some(gap),
            ..args.production
        },
        voice: args.voice,
        references: Default::default(),
        finish: args.finish,
    };
    crate::commands::batch::run_manifest(batch, manifest, resolved)
}
