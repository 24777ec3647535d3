//! `minimax-tts mcp`: the MCP server on stdio (`serve::mcp`), until the client closes
//! stdin or a signal arrives.

use rmcp::ServiceExt;

use crate::cli::McpArgs;
use crate::error::CliError;
use crate::serve::mcp::TtsServer;
use crate::serve::outdir::OutDir;
use crate::serve::speech::Speaker;
use crate::serve::stdio;
use crate::settings::Resolved;

/// Upstream sessions at once: an agent speaks one thing at a time, a few with wait=false.
const SESSIONS: usize = 4;

pub fn run(args: McpArgs, resolved: Resolved) -> anyhow::Result<()> {
    let out_dir = match &args.out_dir {
        Some(dir) => dir.clone(),
        None => default_out_dir()?,
    };
    let out_dir = OutDir::open(&out_dir)?;
    let playback = resolved.playback(&args.playback)?;
    let cache = resolved.cache(&args.cache, args.no_cache)?;
    let runtime = crate::checks::runtime()?;
    let speaker = Speaker::new(resolved, cache, SESSIONS, None)?;
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, async {
        let server = TtsServer::new(speaker, playback, out_dir, args.max_chars);
        let stdio = stdio::transport(tokio::io::stdin(), tokio::io::stdout());
        let service = server
            .serve(stdio)
            .await
            .map_err(|e| CliError::failure(format!("the MCP session did not start: {e}")))?;
        tokio::select! {
            ended = service.waiting() => {
                ended.map_err(|e| CliError::failure(format!("the MCP session failed: {e}")))?;
                anyhow::Ok(())
            }
            signal = crate::signals::received() => Err(CliError::interrupted(signal).into()),
        }
    })
}

/// `~/.local/share/minimax-tts/audio` (the platform's data directory).
fn default_out_dir() -> Result<std::path::PathBuf, CliError> {
    dirs::data_dir()
        .map(|dir| dir.join("minimax-tts").join("audio"))
        .ok_or_else(|| {
            CliError::usage("this system names no data directory for the outputs")
                .with_hint("give one with --out-dir DIR")
        })
}
