//! `minimax-tts voices`: the voices this key can use, as a table or JSON.

use std::io::IsTerminal;

use serde_json::json;

use crate::cli::VoicesArgs;
use crate::commands::common;
use crate::engine::minimax::http::Voice;
use crate::error::CliError;
use crate::report;
use crate::resolve::Resolved;

/// A language guess from the id's prefix (MiniMax has no language field).
fn language(voice_id: &str) -> &'static str {
    let prefix = voice_id
        .split(['_', '-'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match prefix.as_str() {
        "english" => "English",
        "chinese" | "male" | "female" | "presenter" | "audiobook" | "clever" | "cute"
        | "lovely" => "Chinese",
        "cantonese" => "Cantonese",
        "japanese" => "Japanese",
        "korean" => "Korean",
        "spanish" => "Spanish",
        "french" => "French",
        "german" => "German",
        "portuguese" => "Portuguese",
        "russian" => "Russian",
        "italian" => "Italian",
        "arabic" => "Arabic",
        "turkish" => "Turkish",
        "dutch" => "Dutch",
        "ukrainian" => "Ukrainian",
        "vietnamese" => "Vietnamese",
        "indonesian" => "Indonesian",
        "thai" => "Thai",
        "polish" => "Polish",
        "romanian" => "Romanian",
        "greek" => "Greek",
        "czech" => "Czech",
        "finnish" => "Finnish",
        "hindi" => "Hindi",
        _ => "",
    }
}

pub fn run(args: VoicesArgs, resolved: &Resolved) -> anyhow::Result<()> {
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
    let voices: Vec<(&str, &Voice)> = [
        ("system", &list.system_voice),
        ("cloning", &list.voice_cloning),
        ("generation", &list.voice_generation),
    ]
    .into_iter()
    .flat_map(|(kind, vs)| vs.iter().map(move |v| (kind, v)))
    .filter(|(_, v)| matches(v))
    .collect();

    if args.json {
        let items: Vec<_> = voices
            .iter()
            .map(|(kind, v)| {
                json!({
                    "type": kind,
                    "voice_id": v.voice_id,
                    "voice_name": v.voice_name,
                    "description": v.description,
                    "created_time": v.created_time,
                    "language": match language(&v.voice_id) { "" => None, l => Some(l) },
                })
            })
            .collect();
        report::stdout_line(&serde_json::Value::Array(items).to_string())?;
        return Ok(());
    }
    if voices.is_empty() {
        report::info("no voices match");
        return Ok(());
    }
    let width = voices
        .iter()
        .map(|(_, v)| v.voice_id.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    // On a terminal, descriptions are cut to keep one line per voice.
    let cut = std::io::stdout().is_terminal();
    report::stdout_line(&format!(
        "{:<10} {:<width$} {:<10} DESCRIPTION",
        "TYPE", "VOICE ID", "LANGUAGE"
    ))?;
    for (kind, v) in voices {
        let mut description = v.description.join(" ");
        if let Some(name) = &v.voice_name
            && !name.is_empty()
            && name != &v.voice_id
        {
            description = format!("{name}: {description}");
        }
        if cut && description.chars().count() > 60 {
            description = description.chars().take(59).collect::<String>() + "…";
        }
        report::stdout_line(&format!(
            "{kind:<10} {:<width$} {:<10} {description}",
            v.voice_id,
            language(&v.voice_id)
        ))?;
    }
    Ok(())
}
