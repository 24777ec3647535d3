//! `--dry-run`: what a batch would do, without a request.

use std::io::Write;

use super::events::{self, Billed, DryRunRow};
use super::manifest::ManifestError;
use super::plan::{Plan, PlannedRow};
use super::run::{Batch, CHUNK_ROWS};
use crate::error::CliError;
use crate::report;
use crate::spec::Provider;

/// `--dry-run`: what would happen, without a request. Counted while the rows are
/// checked (a bit a row for whether it is cached), then printed from two more passes
/// over the manifest, the rows to synthesize and then the cached ones: memory does not
/// grow with the manifest.
#[derive(Default)]
pub struct DryRun {
    /// Whether each row of the shard, in order, is cached.
    cached: Vec<bool>,
    cached_rows: usize,
    segments: usize,
    minimax_characters: u64,
    fish_utf8_bytes: u64,
}

impl DryRun {
    pub fn count(&mut self, job: &PlannedRow, cached: bool) {
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

    /// Prints the rows to synthesize, then the cached ones, and the totals (one JSON
    /// object with `--json`). A manifest that changed since the check ends the output
    /// with its error.
    pub fn print(self, batch: &Batch<'_>, plan: &mut Plan) -> Result<(), CliError> {
        let mut passes = Passes {
            batch,
            plan,
            dry: &self,
            changed: None,
        };
        let printed = if batch.options.json {
            report::stdout_stream(|out| passes.json(out))
        } else {
            passes.text()
        };
        if let Some(e) = passes.changed {
            return Err(e.into());
        }
        printed.map_err(CliError::stdout)?;
        if !batch.options.json {
            report::info(format_args!(
                "{} rows: {} to synthesize ({} segments), {} from the cache; would bill MiniMax {} characters, Fish Audio {} UTF-8 bytes",
                self.cached.len(),
                self.pending(),
                self.segments,
                self.cached_rows,
                self.minimax_characters,
                self.fish_utf8_bytes
            ));
        }
        Ok(())
    }

    fn pending(&self) -> usize {
        self.cached.len() - self.cached_rows
    }
}

/// Passes over the manifest for the dry run's list.
struct Passes<'p, 'b> {
    batch: &'p Batch<'b>,
    plan: &'p mut Plan,
    dry: &'p DryRun,
    /// The manifest's error, when it changed since the check.
    changed: Option<ManifestError>,
}

impl Passes<'_, '_> {
    /// Each of the shard's rows that is (or is not) cached, in manifest order.
    fn rows_where(
        &mut self,
        cached: bool,
        each: &mut dyn FnMut(&PlannedRow) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        // (No pass for an empty list.)
        let dry = self.dry;
        if (cached && dry.cached_rows == 0) || (!cached && dry.pending() == 0) {
            return Ok(());
        }
        let batch = self.batch;
        let mut at = 0;
        let mut pass = || -> Result<std::io::Result<()>, ManifestError> {
            let mut rows = batch.manifest.rows()?;
            loop {
                let jobs = self
                    .plan
                    .next_jobs(&mut rows, &batch.defaults, CHUNK_ROWS)?;
                if jobs.is_empty() {
                    return Ok(Ok(()));
                }
                for job in jobs.iter().filter(|job| batch.in_shard(job)) {
                    let is_cached = dry.cached.get(at).copied().unwrap_or(false);
                    at += 1;
                    if is_cached == cached
                        && let Err(e) = each(job)
                    {
                        return Ok(Err(e));
                    }
                }
            }
        };
        match pass() {
            Ok(listed) => listed,
            Err(e) => {
                self.changed = Some(e);
                Err(std::io::Error::other("the manifest changed"))
            }
        }
    }

    /// One object, streamed row by row.
    fn json(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
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
        write!(out, "{{\"rows\":{},\"synthesize\":[", self.dry.cached.len())?;
        for cached in [false, true] {
            if cached {
                out.write_all(b"],\"cached\":[")?;
            }
            let mut first = true;
            self.rows_where(cached, &mut |job| {
                if !std::mem::take(&mut first) {
                    out.write_all(b",")?;
                }
                serde_json::to_writer(&mut *out, &row(job))?;
                Ok(())
            })?;
        }
        let tail = events::value(&Billed {
            minimax_characters: self.dry.minimax_characters,
            fish_utf8_bytes: self.dry.fish_utf8_bytes,
        });
        write!(
            out,
            "],\"segments\":{},\"billed\":{tail}}}",
            self.dry.segments
        )
    }

    /// A line a row.
    fn text(&mut self) -> std::io::Result<()> {
        self.rows_where(false, &mut |job| {
            let segments = job.request.segments.len();
            report::stdout_line(&format!(
                "synthesize  {}  -> {}  ({segments} segment{}, {} {})",
                report::sanitized(&job.id),
                report::sanitized(&job.shown),
                if segments == 1 { "" } else { "s" },
                job.request.billed,
                match job.request.spec().provider() {
                    Provider::Minimax => "characters",
                    Provider::Fish => "bytes",
                }
            ))
        })?;
        self.rows_where(true, &mut |job| {
            report::stdout_line(&format!(
                "cached      {}  -> {}",
                report::sanitized(&job.id),
                report::sanitized(&job.shown)
            ))
        })
    }
}
