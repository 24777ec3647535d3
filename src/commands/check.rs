//! `minimax-tts check`: what works, before anything is spent. Each line is ok, fail or
//! warn, with the fix; the exit code is 0 only when everything a synthesis needs works
//! (an audio device is not needed to write files, so its absence only warns).

use std::time::Duration;

use serde_json::json;

use crate::audio::Playback;
use crate::engine::fish::voices::VoiceQuery;
use crate::engine::net::ProxySettings;
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::report;
use crate::settings::Resolved;
use crate::spec::{Codec, Provider, StreamFormat};

#[derive(Clone, Copy, PartialEq, Eq)]
enum CheckStatus {
    Ok,
    Warn,
    Fail,
}

struct Line {
    name: &'static str,
    status: CheckStatus,
    detail: String,
    fix: Option<String>,
}

fn ok(name: &'static str, detail: impl Into<String>) -> Line {
    Line {
        name,
        status: CheckStatus::Ok,
        detail: detail.into(),
        fix: None,
    }
}

fn bad(
    name: &'static str,
    status: CheckStatus,
    detail: impl Into<String>,
    fix: Option<String>,
) -> Line {
    Line {
        name,
        status,
        detail: detail.into(),
        fix,
    }
}

pub fn run(json_out: bool, resolved: &Resolved) -> anyhow::Result<()> {
    let mut lines = vec![
        config_line(resolved),
        ok("provider", resolved.provider.name()),
        proxy_line(&resolved.api.proxy, resolved.api.timeout),
        ok("proxy settings", proxy_settings(&resolved.api.proxy)),
    ];
    let key = resolved.api_key();
    match &key {
        Ok(key) => lines.push(ok("api key", format!("found in {}", key.source))),
        Err(e) => lines.push(bad(
            "api key",
            CheckStatus::Fail,
            e.to_string(),
            crate::error::CliError::from(e.clone()).hint,
        )),
    }
    if key.is_ok() {
        let reached = service(resolved);
        let accepted = reached.status == CheckStatus::Ok;
        lines.push(reached);
        if accepted && resolved.provider == Provider::Fish {
            lines.push(fish_credit(resolved));
        }
    }
    lines.push(device(resolved));

    let failed = lines.iter().any(|l| l.status == CheckStatus::Fail);
    print_lines(&lines, failed, json_out)?;
    if failed {
        return Err(CliError::new(ExitStatus::Failure, "some checks failed")
            .with_hint("see the lines marked FAIL above and their fixes")
            .into());
    }
    Ok(())
}

/// Where the config file is (or would be), and the profile.
fn config_line(resolved: &Resolved) -> Line {
    match resolved.config_path() {
        Some(path) if path.exists() => ok(
            "config file",
            match resolved.profile() {
                Some(p) => format!("{} (profile {p})", path.display()),
                None => path.display().to_string(),
            },
        ),
        Some(path) => ok(
            "config file",
            format!("none at {} (defaults apply)", path.display()),
        ),
        None => ok("config file", "none (no config directory)"),
    }
}

/// The proxies configured, and where each came from.
fn proxy_settings(proxy: &ProxySettings) -> String {
    match proxy {
        ProxySettings::Direct => "none: connecting directly".to_string(),
        ProxySettings::All { proxy, .. } => {
            format!("{} (from {})", proxy.shown(), proxy.source)
        }
        ProxySettings::Env { https, http, .. } => format!(
            "https: {}, http: {}",
            https.as_ref().map_or("none".into(), |p| format!(
                "{} (from {})",
                p.shown(),
                p.source
            )),
            http.as_ref().map_or("none".into(), |p| format!(
                "{} (from {})",
                p.shown(),
                p.source
            )),
        ),
    }
}

/// The lines on stdout: one JSON object, or a line each (with its fix).
fn print_lines(lines: &[Line], failed: bool, json_out: bool) -> std::io::Result<()> {
    if json_out {
        let checks: Vec<_> = lines
            .iter()
            .map(|l| {
                json!({
                    "check": l.name,
                    "status": match l.status { CheckStatus::Ok => "ok", CheckStatus::Warn => "warn", CheckStatus::Fail => "fail" },
                    "detail": l.detail,
                    "fix": l.fix,
                })
            })
            .collect();
        report::stdout_line(&json!({"ok": !failed, "checks": checks}).to_string())?;
    } else {
        for line in lines {
            let mark = match line.status {
                CheckStatus::Ok => "ok  ",
                CheckStatus::Warn => "warn",
                CheckStatus::Fail => "FAIL",
            };
            report::stdout_line(&format!(
                "{mark}  {:<12} {}",
                line.name,
                report::sanitized(&line.detail)
            ))?;
            if let Some(fix) = &line.fix {
                report::stdout_line(&format!("      {:<12} fix: {}", "", report::sanitized(fix)))?;
            }
        }
    }
    Ok(())
}

/// Whether each proxy in use accepts a connection at all (before any request).
fn proxy_line(proxy: &ProxySettings, timeout: std::time::Duration) -> Line {
    let proxies: Vec<&crate::engine::proxy::Proxy> = match proxy {
        ProxySettings::Direct => return ok("proxy", "none: connecting directly"),
        ProxySettings::All { proxy, .. } => vec![proxy],
        ProxySettings::Env { https, http, .. } => https.iter().chain(http.iter()).collect(),
    };
    for p in proxies {
        let reached = std::net::ToSocketAddrs::to_socket_addrs(&(p.host.as_str(), p.port))
            .map_err(|e| e.to_string())
            .and_then(|mut addrs| addrs.next().ok_or_else(|| "no address".to_string()))
            .and_then(|addr| {
                std::net::TcpStream::connect_timeout(
                    &addr,
                    timeout.min(std::time::Duration::from_secs(10)),
                )
                .map_err(|e| e.to_string())
            });
        if let Err(e) = reached {
            return bad(
                "proxy",
                CheckStatus::Fail,
                format!(
                    "cannot reach the proxy {} (from {}): {e}",
                    p.shown(),
                    p.source
                ),
                Some("check the proxy's address, or connect directly with --no-proxy".into()),
            );
        }
    }
    ok("proxy", "reachable")
}

/// Reaches the service and has it accept the key with a call that costs nothing:
/// MiniMax's voice list (`POST /v1/get_voice`), Fish's list of the key's own models
/// (`GET /model?self=true&page_size=1`).
fn service(resolved: &Resolved) -> Line {
    let mut host = resolved.api.endpoint.shown();
    let runtime = match crate::checks::runtime() {
        Ok(r) => r,
        Err(e) => return bad("service", CheckStatus::Fail, e.message, None),
    };
    let result = match resolved.provider {
        Provider::Minimax => resolved
            .minimax_http()
            .map_err(CliError::from)
            .map_err(|e| e.message)
            .and_then(|client| {
                let answer = runtime
                    .block_on(client.voices("system"))
                    .map(|_| ())
                    .map_err(|e| CliError::from(e).message);
                // After a region probe, the host that answered is the other region's.
                host = client.host().shown();
                answer
            }),
        Provider::Fish => resolved
            .fish_http()
            .map_err(CliError::from)
            .map_err(|e| e.message)
            .and_then(|client| {
                runtime
                    .block_on(client.list_models(&VoiceQuery {
                        own: true,
                        title: None,
                        limit: 1,
                    }))
                    .map(|_| ())
                    .map_err(|e| CliError::from(e).message)
            }),
    };
    match result {
        Ok(()) => ok(
            "service",
            format!("{host} reached; the key was accepted (by a free call)"),
        ),
        Err(message) => {
            let fix = if resolved.provider == Provider::Minimax {
                "check the key and its region (platform.minimax.io keys: --region global; platform.minimaxi.com keys: --region cn), the network and the proxy"
            } else {
                "check the Fish Audio key, the network and the proxy"
            };
            bad(
                "service",
                CheckStatus::Fail,
                format!("{host}: {message}"),
                Some(fix.into()),
            )
        }
    }
}

/// Fish's remaining API credit (`GET /wallet/self/api-credit`, free). MiniMax offers no
/// free balance call.
fn fish_credit(resolved: &Resolved) -> Line {
    let credit = resolved
        .fish_http()
        .map_err(CliError::from)
        .map_err(|e| e.message)
        .and_then(|client| {
            let runtime = crate::checks::runtime().map_err(|e| e.message)?;
            runtime
                .block_on(client.credit())
                .map_err(|e| CliError::from(e).message)
        });
    match credit {
        Ok(credit) => {
            let empty = credit.trim().parse::<f64>().is_ok_and(|c| c <= 0.0);
            let detail = format!("{} remaining", report::sanitized(credit.trim()));
            if empty {
                bad(
                    "credit",
                    CheckStatus::Warn,
                    detail,
                    Some("top up at https://fish.audio/app/billing before paid models or voice design".into()),
                )
            } else {
                ok("credit", detail)
            }
        }
        Err(message) => bad("credit", CheckStatus::Warn, message, None),
    }
}

/// Opens the audio output that playback would use, and closes it again.
fn device(resolved: &Resolved) -> Line {
    let settings = match resolved.playback(&Default::default()) {
        Ok(settings) => settings,
        Err(e) => return bad("audio device", CheckStatus::Warn, e.to_string(), None),
    };
    let format = StreamFormat {
        codec: Codec::Pcm,
        sample_rate: 24000,
        channels: 1,
    };
    match Playback::start(&settings.backend, format, Duration::ZERO, settings.stall, None) {
        Ok(playback) => {
            playback.stop();
            let name = match &settings.device {
                Some(name) => name.clone(),
                None => match &resolved.settings.env.audio_sink {
                    Some(sink) => format!("the emulated sink {sink}"),
                    None => "the system default".into(),
                },
            };
            ok("audio device", format!("{name} opens"))
        }
        Err(reason) => bad(
            "audio device",
            CheckStatus::Warn,
            format!("none: {reason}"),
            Some("playback needs a device (see `minimax-tts devices`); files and stdout work without one".into()),
        ),
    }
}
