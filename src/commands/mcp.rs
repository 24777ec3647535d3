//! `minimax-tts mcp`: the MCP server on stdio (`serve::mcp`), until the client closes
//! stdin or a signal arrives.

use rmcp::ServiceExt;

use crate::cli::McpArgs;
use crate::commands::common;
use crate::error::CliError;
use crate::serve::mcp::TtsServer;
use crate::serve::speech::Speaker;
use crate::settings::Resolved;

/// Upstream sessions at once: an agent speaks one thing at a time, a few with wait=false.
const SESSIONS: usize = 4;

pub fn run(args: McpArgs, resolved: Resolved) -> anyhow::Result<()> {
    let playback = resolved.playback(&args.playback)?;
    let cache = resolved.cache(&args.cache, args.no_cache)?;
    let runtime = common::runtime()?;
    let speaker = Speaker::new(resolved, cache, SESSIONS, None)?;
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, async {
        let server = TtsServer::new(speaker, playback);
        let service = server
            .serve(rmcp::transport::stdio())
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
