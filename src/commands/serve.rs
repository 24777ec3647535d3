//! `minimax-tts serve`: OpenAI's speech endpoint for apps on this machine (or, with a
//! token, beyond it). The server itself is `serve::openai`; here the flags are read, the
//! address bound and announced, and each finished request logged.

use crate::cli::ServeArgs;
use crate::error::CliError;
use crate::report;
use crate::serve::openai::{self, Access};
use crate::serve::speech::Speaker;
use crate::settings::Resolved;

pub fn run(args: ServeArgs, resolved: Resolved) -> anyhow::Result<()> {
    let token = match args.token.as_deref().map(str::trim) {
        Some("") => {
            return Err(CliError::usage("the token is empty")
                .with_hint("give a token of some length, or none on loopback")
                .into());
        }
        token => token.map(str::to_string),
    };
    if let Some(bad) = args.allow_hosts.iter().find(|h| {
        h.is_empty()
            || h.chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '/')
    }) {
        return Err(CliError::usage(format!(
            "--allow-host {} is not a host name",
            report::sanitized(bad)
        ))
        .with_hint(
            "give the name a reverse proxy sends in Host, e.g. --allow-host tts.internal:443",
        )
        .into());
    }
    openai::check_listen(args.listen, token.as_deref())?;
    // Clap prefers the flag to the variable: a token other than the variable's came from
    // the command line.
    let token_in_argv = token.as_deref().is_some_and(|t| {
        std::env::var("MINIMAX_TTS_SERVE_TOKEN")
            .ok()
            .is_none_or(|v| v.trim() != t)
    });
    // A server without a key would refuse every request: say so now.
    resolved.api_key().map_err(CliError::from)?;
    let cache = resolved.cache(&args.cache, args.no_cache)?;
    let runtime = crate::checks::runtime()?;
    let body_timeout = (resolved.settings.env.body_timeout).unwrap_or(openai::BODY_TIMEOUT);
    let speaker = Speaker::new(resolved, cache, args.jobs as usize, args.rpm)?;
    let options = openai::Options {
        token,
        allowed_hosts: args.allow_hosts,
        body_timeout,
        log: Box::new(log),
    };
    let local = tokio::task::LocalSet::new();
    let signal = local.block_on(&runtime, async {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| {
                CliError::failure(format!("cannot listen on {}: {e}", args.listen))
                    .with_hint("pick another address or port, e.g. --listen 127.0.0.1:0")
            })?;
        let addr = listener
            .local_addr()
            .map_err(|e| CliError::failure(format!("cannot read the bound address: {e}")))?;
        // The first line on stderr, always: scripts and tests read the port from it.
        report::stderr_line(&format!("listening on http://{addr}"));
        if token_in_argv {
            report::warn(
                "--token is visible to other users of this machine in `ps`; set MINIMAX_TTS_SERVE_TOKEN instead",
            );
        }
        anyhow::Ok(openai::serve(listener, speaker, options).await)
    })?;
    // In-flight responses are done (or the grace ran out): die by the signal.
    Err(CliError::interrupted(signal).into())
}

/// One access log line per request: method, path, status, bytes, time (never a header:
/// the token and the key stay out).
fn log(access: &Access<'_>) {
    let note = access.note.map(|n| format!(" ({n})")).unwrap_or_default();
    report::info(format_args!(
        "{} {} {} {} bytes {:.1} ms{note}",
        access.method,
        report::sanitized(access.path),
        access.status,
        access.bytes,
        access.elapsed.as_secs_f64() * 1000.0
    ));
}
