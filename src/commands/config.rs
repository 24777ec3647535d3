//! `minimax-tts config`: where the config file is, a commented starter file, and the
//! settings in effect with where each came from.

use std::io::Write;
use std::path::Path;

use serde_json::json;

use crate::cli::{ConfigAction, ConfigArgs, GlobalArgs};
use crate::error::CliError;
use crate::report;
use crate::settings::{Resolved, config_location};

/// The starter file: every key, commented out, grouped as README's Configuration.
const STARTER: &str = r#"## minimax-tts configuration. Every setting here is a default: flags and environment
## variables win over it. Uncomment what you need. Keys are refused when misspelled.

# provider = "minimax"            # or "fish" (Fish Audio)

## --- MiniMax ---
# api_key_file = "~/.secrets/minimax.key"   # first line of the file; or set MINIMAX_API_KEY
# region = "global"               # "global" (platform.minimax.io keys) or "cn" (platform.minimaxi.com keys)
# base_url = "https://api.minimax.io"       # a gateway; overrides region
# transport = "ws"                # or "http"
# voice = "English_expressive_narrator"
# model = "speech-2.8-hd"
# pitch = 0
# emotion = "calm"
# language_boost = "English"
# pronounce = ["MiniMax/Mini Max"]
# sample_rate = 32000
# bitrate = 128000
# channels = 1

## --- Both providers ---
# format = "mp3"                  # mp3, wav, pcm, flac (MiniMax), opus (Fish)
# speed = 1.0
# vol = 1.0
# play = "auto"                   # auto, always, never
# device = "default"
# preroll = 60
# retries = 3
# timeout = 60
# proxy = "http://proxy.example:3128"       # or socks5h://host:1080; "" for none
# cache_dir = "~/.cache/minimax-tts"        # batch's audio cache

## --- Fish Audio (provider = "fish") ---
# [fish]
# api_key_file = "~/.secrets/fish.key"      # or set FISH_API_KEY
# model = "s2.1-pro-free"
# voice = "VOICE_ID"              # from `minimax-tts --provider fish voices`
# latency = "balanced"
# chunk_length = 200

## --- A gateway per MiniMax region ---
# [regions]
# global = "https://api.minimax.io"
# cn = "https://api.minimaxi.com"

## --- Profiles: --profile NAME (or MINIMAX_TTS_PROFILE) lays one over the settings above ---
# [profiles.work]
# api_key_file = "~/.secrets/work-minimax.key"
# region = "cn"
# voice = "Chinese (Mandarin)_News_Anchor"

# [profiles.fish]
# provider = "fish"
"#;

pub fn run(
    args: ConfigArgs,
    global: &GlobalArgs,
    resolved: Option<&Resolved>,
) -> anyhow::Result<()> {
    let (path, _) = config_location(&global.settings());
    let path = path.ok_or_else(|| {
        CliError::usage("there is no config directory on this system")
            .with_hint("name a file with --config PATH or MINIMAX_TTS_CONFIG")
    })?;
    match args.action {
        ConfigAction::Path => {
            report::stdout_line(&path.display().to_string())?;
            report::info(if path.exists() {
                "it exists".to_string()
            } else {
                "it does not exist yet: `minimax-tts config init` writes a commented starter"
                    .to_string()
            });
            Ok(())
        }
        ConfigAction::Init => init(&path),
        ConfigAction::Show { json } => {
            let Some(resolved) = resolved else {
                return Ok(());
            };
            let settings = resolved.describe();
            if json {
                let object: serde_json::Map<String, serde_json::Value> = settings
                    .iter()
                    .map(|s| {
                        (
                            s.name.replace(' ', "_"),
                            json!({"value": s.value, "source": s.source}),
                        )
                    })
                    .collect();
                report::stdout_line(&serde_json::Value::Object(object).to_string())?;
                return refused_by_every_command(resolved);
            }
            let width = settings.iter().map(|s| s.name.len()).max().unwrap_or(0);
            for s in settings {
                report::stdout_line(&format!(
                    "{:<width$}  {}  ({})",
                    s.name,
                    report::sanitized(&s.value),
                    report::sanitized(&s.source)
                ))?;
            }
            refused_by_every_command(resolved)
        }
    }
}

/// The settings shown, but refused by every synthesis command (an empty model, a Fish
/// option at MiniMax's top level, a sample rate the provider lacks): exit 2, saying why.
fn refused_by_every_command(resolved: &Resolved) -> anyhow::Result<()> {
    match resolved.synthesis(&Default::default(), None, None) {
        Ok(_) => Ok(()),
        Err(e) => {
            let mut error = CliError::from(e);
            error.message = format!(
                "these settings are refused by every synthesis command: {}",
                error.message
            );
            Err(error.into())
        }
    }
}

/// Writes the starter file; an existing file is never touched. Readable by its owner
/// only (it may come to hold a key).
fn init(path: &Path) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::failure(format!("cannot create {}: {e}", dir.display())))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(CliError::usage(format!(
                "{} already exists; it was left as it is",
                path.display()
            ))
            .with_hint("edit it, or move it away to write a new starter")
            .into());
        }
        Err(e) => {
            return Err(CliError::failure(format!("cannot create {}: {e}", path.display())).into());
        }
    };
    file.write_all(STARTER.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))?;
    report::info(format_args!("wrote {}", path.display()));
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_starter_parses_once_uncommented() {
        let uncommented: String = super::STARTER
            .lines()
            .filter(|l| !l.starts_with("##"))
            .map(|l| l.strip_prefix("# ").unwrap_or(l))
            .map(|l| format!("{l}\n"))
            .collect();
        let parsed =
            crate::settings::file::ConfigFile::parse(&uncommented, std::path::Path::new("starter"));
        assert!(parsed.is_ok(), "{parsed:?}\n{uncommented}");
    }
}
