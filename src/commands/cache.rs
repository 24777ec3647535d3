//! `minimax-tts cache`: where `batch`'s audio cache is, how big it is, and pruning it.

use serde_json::json;

use crate::cli::{CacheAction, CacheArgs};
use crate::error::CliError;
use crate::report;
use crate::settings::Resolved;
use crate::store::cache::Cache;

pub fn run(args: CacheArgs, resolved: &Resolved) -> anyhow::Result<()> {
    let cache = Cache::new(resolved.cache_dir(&args.cache).map_err(CliError::from)?);
    match args.action {
        CacheAction::Path => report::stdout_line(&cache.root().display().to_string())?,
        CacheAction::Size { json } => {
            let usage = cache.usage()?;
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
            let removed = cache.prune(older_than)?;
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
