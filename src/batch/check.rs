//! The check pass: every row planned before anything is paid for, with the checks that
//! span rows (the report is no row's output, every row of a production shares one
//! layout, finished rows can be finished), counted for the progress bar and the dry run.

use std::collections::HashSet;

use super::dry_run::DryRun;
use super::join::{ProductionPlan, RowLayouts};
use super::plan::{self, Plan, PlannedRow};
use super::run::Batch;
use crate::error::CliError;
use crate::report;
use crate::settings::Resolved;
use crate::store::cache::CacheKey;

/// `--report FILE`, checked before anything is paid for: its directory exists, it is
/// not a directory, and it is neither the manifest nor (see [`ReportTarget::is`]) a
/// row's output.
pub struct ReportTarget {
    pub path: std::path::PathBuf,
    /// The report's directory's real path, and its name.
    real_dir: Option<std::path::PathBuf>,
    name: Option<std::ffi::OsString>,
}

impl ReportTarget {
    pub fn check(
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
    pub fn is(&self, output: &std::path::Path) -> bool {
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

/// What the check pass leaves: the plan, the first chunk of rows (kept from the check, so
/// a manifest of one chunk is read once), and what the run or the dry run needs of the
/// others, which are not kept.
pub struct Checked {
    pub plan: Plan,
    pub kept: Vec<PlannedRow>,
    /// Whether `kept` is every row.
    pub kept_all: bool,
    /// The rows of this shard.
    pub shard_rows: usize,
    /// The keys more than one row has: made once, then copied.
    pub repeated_keys: HashSet<CacheKey>,
    /// A dry run's counts (empty in a real run).
    pub dry: DryRun,
}

/// What is checked across rows while they are planned.
struct AcrossRows {
    /// The first row whose output is the report, and the first finished row in Ogg Opus.
    report_clash: Option<(usize, String)>,
    unfinishable: Option<(usize, String)>,
    /// A production's rows' layouts.
    layouts: Option<RowLayouts>,
}

impl AcrossRows {
    fn see(&mut self, report: Option<&ReportTarget>, out_dir: &std::path::Path, job: &PlannedRow) {
        if let Some(layouts) = &mut self.layouts {
            layouts.see(job);
        }
        if let Some(target) = report
            && self.report_clash.is_none()
            && target.is(&out_dir.join(&job.shown))
        {
            self.report_clash = Some((job.number, job.id.clone()));
        }
        if self.unfinishable.is_none()
            && job.finishing.is_some()
            && job.request.spec().format == crate::spec::AudioFormat::Opus
        {
            self.unfinishable = Some((job.number, job.id.clone()));
        }
    }

    fn verdict(self, report: Option<&ReportTarget>) -> Result<(), CliError> {
        if let (Some(target), Some((number, id))) = (report, self.report_clash) {
            return Err(target.bad(format!(
                "is the output of row {number} (id {})",
                report::sanitized(&id)
            )));
        }
        if let Some(layouts) = self.layouts {
            layouts.verdict()?;
        }
        if let Some((number, id)) = self.unfinishable {
            return Err(CliError::usage(format!(
                "row {number} (id {}): loudness and trim cannot finish Ogg Opus here",
                report::sanitized(&id)
            ))
            .with_hint("use mp3, wav or flac for rows that are finished"));
        }
        Ok(())
    }
}

/// Plans every row (all problems at once, nothing paid for a manifest with a mistake in
/// it) and checks what spans rows. Neither run keeps its rows: a dry run counts them
/// (and prints them from further passes); a real run counts them, finds the keys that
/// more than one row has, and keeps the first chunk.
pub fn check(batch: &Batch<'_>, resolved: Resolved) -> Result<Checked, CliError> {
    let options = &batch.options;
    let out_dir = batch.defaults.out_dir;
    let mut across = AcrossRows {
        report_clash: None,
        unfinishable: None,
        layouts: batch.production.map(ProductionPlan::layouts),
    };
    let mut dry = DryRun::default();
    let mut shard_rows = 0usize;
    let mut keys_seen: HashSet<u64> = HashSet::new();
    let mut repeated_keys: HashSet<CacheKey> = HashSet::new();
    let chunk_rows = batch.chunk_rows();
    let mut kept: Vec<PlannedRow> = Vec::new();
    let mut kept_all = true;
    let plan = plan::plan(batch.manifest, &batch.defaults, resolved, |job| {
        across.see(batch.report.as_ref(), out_dir, &job);
        let wanted = batch.in_shard(&job);
        if options.dry_run {
            if wanted {
                let cached = !options.force
                    && batch
                        .cache
                        .as_ref()
                        .is_some_and(|c| super::restore::peek(c, &job));
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
        if kept.len() < chunk_rows {
            kept.push(job);
        } else {
            kept_all = false;
        }
    })?;
    across.verdict(batch.report.as_ref())?;
    Ok(Checked {
        plan,
        kept,
        kept_all,
        shard_rows,
        repeated_keys,
        dry,
    })
}

#[cfg(test)]
mod tests {
    use super::{AcrossRows, ReportTarget};
    use crate::batch::testing;

    #[test]
    fn a_report_that_is_a_rows_output_and_a_finished_opus_row_are_refused() {
        let planned = testing::plan(concat!(
            "{\"id\":\"a\",\"text\":\"One.\"}\n",
            "{\"id\":\"b\",\"text\":\"Two.\",\"provider\":\"fish\",\"format\":\"opus\",\"loudness\":-16}\n",
        ));
        let out = planned.dir.path().join("out");
        let manifest = planned.dir.path().join("rows.jsonl");
        let report = ReportTarget::check(&out.join("a.pcm"), &manifest).unwrap();
        let see = |report: Option<&ReportTarget>| {
            let mut across = AcrossRows {
                report_clash: None,
                unfinishable: None,
                layouts: None,
            };
            for row in &planned.rows {
                across.see(report, &out, row);
            }
            across.verdict(report).map_err(|e| e.message)
        };
        let clash = see(Some(&report)).unwrap_err();
        assert!(clash.ends_with("is the output of row 1 (id a)"), "{clash}");
        let opus = see(None).unwrap_err();
        assert!(
            opus.starts_with("row 2 (id b): loudness and trim"),
            "{opus}"
        );
        // The manifest itself is no report either.
        let manifest_report = ReportTarget::check(&manifest, &manifest).map_err(|e| e.message);
        assert!(manifest_report.is_err_and(|e| e.ends_with("is the manifest")));
    }
}
