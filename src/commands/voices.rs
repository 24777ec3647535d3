//! `minimax-tts voices`: the voices this key can use, as a table or JSON, in one shape
//! for both providers.

use std::io::IsTerminal;

use serde_json::json;

use crate::cli::{VoiceType, VoicesArgs};
use crate::commands::common;
use crate::engine::fish::{self, voices, voices::VoiceQuery};
use crate::engine::minimax::http::Voice;
use crate::engine::net::http_client;
use crate::error::CliError;
use crate::report;
use crate::settings::Resolved;
use crate::spec::Provider;

/// One row of the table (and one JSON object), whichever the provider.
struct Row {
    kind: String,
    voice_id: String,
    name: Option<String>,
    description: Vec<String>,
    created_time: Option<String>,
    language: Option<String>,
}

pub fn run(args: VoicesArgs, resolved: &Resolved) -> anyhow::Result<()> {
    let (rows, more) = match resolved.provider {
        Provider::Minimax => (minimax_rows(&args, resolved)?, None),
        Provider::Fish => fish_rows(&args, resolved)?,
    };
    print(&args, &rows)?;
    if let Some(total) = more {
        report::info(format_args!(
            "showing {} of {total} voices; narrow with --filter, or raise --limit",
            rows.len()
        ));
    }
    Ok(())
}

fn minimax_rows(args: &VoicesArgs, resolved: &Resolved) -> Result<Vec<Row>, CliError> {
    if args.own {
        return Err(
            CliError::usage("--self is for Fish Audio's voice models").with_hint(
                "with MiniMax, use --type cloning or --type generation for your own voices",
            ),
        );
    }
    let client = common::http_client(resolved)?;
    let runtime = common::runtime()?;
    let list = runtime
        .block_on(client.voices(args.voice_type.api_name()))
        .map_err(CliError::from)?;
    let filter = args.filter.as_deref().map(str::to_lowercase);
    let matches = |v: &Voice| {
        filter.as_deref().is_none_or(|f| {
            v.voice_id.to_lowercase().contains(f)
                || v.voice_name
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase().contains(f))
                || v.description.iter().any(|d| d.to_lowercase().contains(f))
        })
    };
    let limit = args.limit.map_or(usize::MAX, |n| n as usize);
    Ok([
        ("system", &list.system_voice),
        ("cloning", &list.voice_cloning),
        ("generation", &list.voice_generation),
    ]
    .into_iter()
    .flat_map(|(kind, vs)| vs.iter().map(move |v| (kind, v)))
    .filter(|(_, v)| matches(v))
    .take(limit)
    .map(|(kind, v)| Row {
        kind: kind.to_string(),
        voice_id: v.voice_id.clone(),
        name: v.voice_name.clone(),
        description: v.description.clone(),
        created_time: v.created_time.clone(),
        language: Some(crate::engine::minimax::voices::language(&v.voice_id))
            .filter(|l| !l.is_empty())
            .map(str::to_string),
    })
    .collect())
}

/// Fish's public voice models (most used first, `--filter` matched against titles by the
/// server), or the key owner's own with `--self`; `--limit` of them. Also returns the
/// number that matched in all when more were not shown.
fn fish_rows(args: &VoicesArgs, resolved: &Resolved) -> Result<(Vec<Row>, Option<u64>), CliError> {
    if args.voice_type != VoiceType::All {
        return Err(CliError::usage("--type is for MiniMax's voices")
            .with_hint("with Fish Audio, use --self for your own voice models"));
    }
    let api_key = resolved.api_key()?;
    let api = &resolved.api;
    let client = http_client(api.timeout, &api.proxy)
        .map_err(|e| CliError::from(fish::status::connect_failed(&api.endpoint.http_url(""), e)))?;
    let limit = args.limit.map_or(DEFAULT_FISH_LIMIT, |n| n as usize);
    let query = VoiceQuery {
        own: args.own,
        title: args.filter.as_deref(),
        limit,
    };
    let runtime = common::runtime()?;
    let page = runtime
        .block_on(voices::list(
            &client,
            &api.endpoint,
            api_key.expose(),
            api.retry,
            api.timeout,
            &api.proxy,
            &query,
        ))
        .map_err(CliError::from)?;
    let more = page.total.filter(|&t| t > page.voices.len() as u64);
    let rows = page
        .voices
        .into_iter()
        .map(|v| Row {
            kind: if args.own {
                "own".to_string()
            } else {
                v.visibility.clone().unwrap_or_else(|| "public".into())
            },
            voice_id: v.id,
            name: v.title,
            description: v
                .description
                .into_iter()
                .chain(v.author.and_then(|a| a.nickname).map(|n| format!("by {n}")))
                .filter(|d| !d.trim().is_empty())
                .collect(),
            created_time: v.created_at,
            language: v.languages.filter(|l| !l.is_empty()).map(|l| l.join(",")),
        })
        .collect();
    Ok((rows, more))
}

/// Fish's catalogue holds many thousands of public voices: show the most used.
const DEFAULT_FISH_LIMIT: usize = 100;

fn print(args: &VoicesArgs, rows: &[Row]) -> anyhow::Result<()> {
    if args.json {
        let items: Vec<_> = rows
            .iter()
            .map(|v| {
                json!({
                    "type": v.kind,
                    "voice_id": v.voice_id,
                    "voice_name": v.name,
                    "description": v.description,
                    "created_time": v.created_time,
                    "language": v.language,
                })
            })
            .collect();
        report::stdout_line(&serde_json::Value::Array(items).to_string())?;
        return Ok(());
    }
    if rows.is_empty() {
        report::info("no voices match");
        return Ok(());
    }
    let width = rows
        .iter()
        .map(|v| v.voice_id.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    // On a terminal, descriptions are cut to keep one line per voice.
    let cut = std::io::stdout().is_terminal();
    report::stdout_line(&format!(
        "{:<10} {:<width$} {:<10} DESCRIPTION",
        "TYPE", "VOICE ID", "LANGUAGE"
    ))?;
    for v in rows {
        let mut description = v.description.join(" ");
        if let Some(name) = &v.name
            && !name.is_empty()
            && name != &v.voice_id
        {
            description = format!("{name}: {description}");
        }
        if cut && description.chars().count() > 60 {
            description = description.chars().take(59).collect::<String>() + "…";
        }
        // Titles and descriptions are the server's (Fish's public catalogue is written by
        // anyone): escaped, so they cannot drive the terminal or fake rows.
        report::stdout_line(&format!(
            "{:<10} {:<width$} {:<10} {}",
            report::sanitized(&v.kind),
            report::sanitized(&v.voice_id),
            report::sanitized(v.language.as_deref().unwrap_or("")),
            report::sanitized(&description)
        ))?;
    }
    Ok(())
}
