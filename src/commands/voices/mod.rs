//! `minimax-tts voices`: the voices this key can use, as a table or JSON, in one shape
//! for both providers; and the voices one makes (`clone`, `design`, `create`, `show`,
//! `delete`).

mod delete;
mod make;
mod preview;

use std::io::IsTerminal;

use serde_json::json;

use crate::cli::{ShowArgs, VoiceListArgs, VoiceType, VoicesAction, VoicesArgs};
use crate::commands::common;
use crate::engine::fish::voices::VoiceQuery;
use crate::engine::minimax::http::Voice;
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::report;
use crate::settings::Resolved;
use crate::spec::Provider;

pub use make::CLONE_RULES;

/// One row of the table (and one JSON object), whichever the provider.
pub struct Row {
    kind: String,
    voice_id: String,
    name: Option<String>,
    description: Vec<String>,
    created_time: Option<String>,
    language: Option<String>,
}

pub fn run(args: VoicesArgs, resolved: &Resolved) -> anyhow::Result<()> {
    match args.action {
        None => list(&args.list, resolved),
        Some(VoicesAction::Clone(a)) => make::clone(*a, resolved),
        Some(VoicesAction::Design(a)) => make::design(*a, resolved),
        Some(VoicesAction::Create(a)) => make::create(*a, resolved),
        Some(VoicesAction::Show(a)) => show(&a, resolved),
        Some(VoicesAction::Delete(a)) => delete::run(a, resolved),
    }
}

fn list(args: &VoiceListArgs, resolved: &Resolved) -> anyhow::Result<()> {
    let (rows, more) = common::runtime()?.block_on(rows(args, resolved))?;
    print(args, &rows)?;
    if let Some(total) = more {
        report::info(format_args!(
            "showing {} of {total} voices; narrow with --filter, or raise --limit",
            rows.len()
        ));
    }
    Ok(())
}

/// The voices `args` asks for, and (Fish) how many matched in all when more were left
/// out.
pub async fn rows(
    args: &VoiceListArgs,
    resolved: &Resolved,
) -> Result<(Vec<Row>, Option<u64>), CliError> {
    match resolved.provider {
        Provider::Minimax => Ok((minimax_rows(args, resolved).await?, None)),
        Provider::Fish => fish_rows(args, resolved).await,
    }
}

/// A voice as `voices --json` prints it.
pub fn row_json(v: &Row) -> serde_json::Value {
    json!({
        "type": v.kind,
        "voice_id": v.voice_id,
        "voice_name": v.name,
        "description": v.description,
        "created_time": v.created_time,
        "language": v.language,
    })
}

async fn minimax_rows(args: &VoiceListArgs, resolved: &Resolved) -> Result<Vec<Row>, CliError> {
    if args.own {
        return Err(
            CliError::usage("--self is for Fish Audio's voice models").with_hint(
                "with MiniMax, use --type cloning or --type generation for your own voices",
            ),
        );
    }
    let client = common::http_client(resolved)?;
    let list = client
        .voices(args.voice_type.api_name())
        .await
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
async fn fish_rows(
    args: &VoiceListArgs,
    resolved: &Resolved,
) -> Result<(Vec<Row>, Option<u64>), CliError> {
    if args.voice_type != VoiceType::All {
        return Err(CliError::usage("--type is for MiniMax's voices")
            .with_hint("with Fish Audio, use --self for your own voice models"));
    }
    let client = common::fish_http(resolved)?;
    let limit = args.limit.map_or(DEFAULT_FISH_LIMIT, |n| n as usize);
    let query = VoiceQuery {
        own: args.own,
        title: args.filter.as_deref(),
        limit,
    };
    let page = client.list_models(&query).await.map_err(CliError::from)?;
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

fn print(args: &VoiceListArgs, rows: &[Row]) -> anyhow::Result<()> {
    if args.json {
        let items: Vec<_> = rows.iter().map(row_json).collect();
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

/// `voices show ID`: MiniMax's entry from the voice list, or Fish's model.
fn show(args: &ShowArgs, resolved: &Resolved) -> anyhow::Result<()> {
    let runtime = common::runtime()?;
    match resolved.provider {
        Provider::Minimax => {
            let client = common::http_client(resolved)?;
            let list = runtime
                .block_on(client.voices("all"))
                .map_err(CliError::from)?;
            let found = [
                ("system", &list.system_voice),
                ("cloning", &list.voice_cloning),
                ("generation", &list.voice_generation),
            ]
            .into_iter()
            .find_map(|(kind, vs)| vs.iter().find(|v| v.voice_id == args.id).map(|v| (kind, v)));
            let Some((kind, voice)) = found else {
                return Err(CliError::new(
                    ExitStatus::Api,
                    format!("this account has no voice {}", report::sanitized(&args.id)),
                )
                .with_hint("list the voices with `minimax-tts voices`")
                .into());
            };
            if args.json {
                let line = json!({
                    "type": kind,
                    "voice_id": voice.voice_id,
                    "voice_name": voice.voice_name,
                    "description": voice.description,
                    "created_time": voice.created_time,
                });
                report::stdout_line(&line.to_string())?;
            } else {
                let mut lines = vec![
                    ("voice id", voice.voice_id.clone()),
                    ("type", kind.to_string()),
                ];
                lines.extend(voice.voice_name.clone().map(|n| ("name", n)));
                if !voice.description.is_empty() {
                    lines.push(("description", voice.description.join(" ")));
                }
                lines.extend(voice.created_time.clone().map(|t| ("created", t)));
                if kind == "cloning" {
                    lines.push(("note", CLONE_RULES.to_string()));
                }
                print_fields(&lines)?;
            }
        }
        Provider::Fish => {
            let client = common::fish_http(resolved)?;
            let model = runtime
                .block_on(client.model(&args.id))
                .map_err(CliError::from)?;
            if args.json {
                report::stdout_line(&model.to_string())?;
            } else {
                let text = |key: &str| model[key].as_str().map(str::to_string);
                let mut lines = vec![("id", text("_id").unwrap_or_else(|| args.id.clone()))];
                for (label, key) in [
                    ("title", "title"),
                    ("visibility", "visibility"),
                    ("state", "state"),
                    ("description", "description"),
                    ("created", "created_at"),
                ] {
                    lines.extend(text(key).filter(|v| !v.is_empty()).map(|v| (label, v)));
                }
                if let Some(languages) = model["languages"].as_array() {
                    let names: Vec<&str> = languages.iter().filter_map(|l| l.as_str()).collect();
                    if !names.is_empty() {
                        lines.push(("languages", names.join(", ")));
                    }
                }
                if let Some(samples) = model["samples"].as_array() {
                    lines.push(("samples", samples.len().to_string()));
                }
                print_fields(&lines)?;
            }
        }
    }
    Ok(())
}

/// `label: value` lines, the values escaped (they are the server's).
fn print_fields(lines: &[(&str, String)]) -> std::io::Result<()> {
    for (label, value) in lines {
        report::stdout_line(&format!(
            "{:<12} {}",
            format!("{label}:"),
            report::sanitized(value)
        ))?;
    }
    Ok(())
}
