//! `minimax-tts cache`: where `batch`'s audio cache is, how big it is, and pruning it.

use serde_json::json;

use crate::cache::Cache;
use crate::cli::{CacheAction, CacheArgs};
use crate::error::CliError;
use crate::report;
use crate::settings::Resolved;

pub fn run(args: CacheArgs, resolved: &Resolved) -> anyhow::Result<()> {
    let cache = Cache::new(resolved.cache_dir(&args.cache).map_err(CliError::from)?);
    let failed = |e: std::io::Error| {
        CliError::failure(format!(
            "cannot read the cache {}: {e}",
            cache.root().display()
        ))
    };
    match args.action {
        CacheAction::Path => report::stdout_line(&cache.root().display().to_string())?,
        CacheAction::Size { json } => {
            let usage = cache.usage().map_err(failed)?;
            let line = if json {
                json!({"path": cache.root(), "entries": usage.entries, "bytes": usage.bytes})
                    .to_string()
            } else {
                format!(
                    "{} entries, {} bytes, in {}",
                    usage.entries,
                    usage.bytes,
                    cache.root().display()
                )
            };
            report::stdout_line(&line)?;
        }
        CacheAction::Prune { older_than } => {
            let removed = cache.prune(older_than).map_err(failed)?;
            report::info(format_args!(
                "removed {} entries ({} bytes) not used for {} s",
                removed.entries,
                removed.bytes,
                older_than.as_secs()
            ));
        }
    }
    Ok(())
}
