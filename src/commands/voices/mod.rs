//! `minimax-tts voices`: the voices this key can use, as a table or JSON, in one shape
//! for both providers; and the voices one makes (`clone`, `design`, `create`, `show`,
//! `delete`).

mod delete;
mod make;
mod preview;

use std::io::IsTerminal;

use serde_json::json;

use crate::cli::{ShowArgs, VoiceListArgs, VoicesAction, VoicesArgs};
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::report;
use crate::settings::Resolved;
use crate::spec::Provider;
use crate::voices::{Row, row_json, rows};

pub use make::CLONE_RULES;

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
    let (rows, more) = crate::checks::runtime()?.block_on(rows(&args.query(), resolved))?;
    print(args, &rows)?;
    if let Some(total) = more {
        report::info(format_args!(
            "showing {} of {total} voices; narrow with --filter, or raise --limit",
            rows.len()
        ));
    }
    Ok(())
}

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
    let runtime = crate::checks::runtime()?;
    match resolved.provider {
        Provider::Minimax => show_minimax(args, resolved, &runtime),
        Provider::Fish => show_fish(args, resolved, &runtime),
    }
}

/// A MiniMax voice of the account's, found in its list.
fn show_minimax(
    args: &ShowArgs,
    resolved: &Resolved,
    runtime: &tokio::runtime::Runtime,
) -> anyhow::Result<()> {
    let client = resolved.minimax_http().map_err(CliError::from)?;
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
    Ok(())
}

/// A Fish Audio voice model, as the service describes it.
fn show_fish(
    args: &ShowArgs,
    resolved: &Resolved,
    runtime: &tokio::runtime::Runtime,
) -> anyhow::Result<()> {
    let client = resolved.fish_http().map_err(CliError::from)?;
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
