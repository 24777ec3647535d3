//! `voices delete`: removes voices one made. MiniMax's delete needs the voice's type,
//! looked up in the voice list unless `--type` says it; system voices cannot be
//! deleted. Fish deletes a model by its id. On a terminal it asks first; elsewhere
//! `--yes` must say so.

use std::io::IsTerminal;

use serde_json::json;

use crate::cli::DeleteArgs;
use crate::engine::minimax::cloning::MadeVoice;
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::report;
use crate::settings::Resolved;
use crate::spec::Provider;

pub fn run(args: DeleteArgs, resolved: &Resolved) -> anyhow::Result<()> {
    if resolved.provider == Provider::Fish && args.voice_type.is_some() {
        return Err(CliError::usage("--type is for MiniMax's voices")
            .with_hint("Fish deletes a model by its id alone")
            .into());
    }
    let interactive = std::io::stdin().is_terminal();
    if !args.yes && !interactive {
        return Err(
            CliError::usage("deleting voices needs --yes when stdin is not a terminal")
                .with_hint("add --yes (a deleted voice cannot be restored)")
                .into(),
        );
    }
    let runtime = crate::checks::runtime()?;
    // What each id is, found before anything is deleted (a typo stops the run here).
    let targets: Vec<(String, Option<MadeVoice>)> = match resolved.provider {
        Provider::Minimax => {
            let client = resolved.minimax_http().map_err(CliError::from)?;
            match args.voice_type {
                Some(kind) => args.ids.iter().map(|id| (id.clone(), Some(kind))).collect(),
                None => {
                    let list = runtime
                        .block_on(client.voices("all"))
                        .map_err(CliError::from)?;
                    let mut found = Vec::new();
                    for id in &args.ids {
                        let has = |voices: &[crate::engine::minimax::http::Voice]| {
                            voices.iter().any(|v| &v.voice_id == id)
                        };
                        let kind = if has(&list.voice_cloning) {
                            MadeVoice::Cloned
                        } else if has(&list.voice_generation) {
                            MadeVoice::Designed
                        } else if has(&list.system_voice) {
                            return Err(CliError::usage(format!(
                                "{} is a system voice; only voices you cloned or designed can be deleted",
                                report::sanitized(id)
                            ))
                            .into());
                        } else {
                            return Err(CliError::new(
                                ExitStatus::Api,
                                format!("this account has no voice {}", report::sanitized(id)),
                            )
                            .with_hint("list your voices with `minimax-tts voices --type cloned` (or --type designed)")
                            .into());
                        };
                        found.push((id.clone(), Some(kind)));
                    }
                    found
                }
            }
        }
        Provider::Fish => args.ids.iter().map(|id| (id.clone(), None)).collect(),
    };
    if !args.yes {
        let names: Vec<String> = targets
            .iter()
            .map(|(id, kind)| match kind {
                Some(MadeVoice::Cloned) => format!("{} (cloned)", report::sanitized(id)),
                Some(MadeVoice::Designed) => format!("{} (designed)", report::sanitized(id)),
                None => report::sanitized(id).into_owned(),
            })
            .collect();
        let question = format!(
            "Delete {} {}? It cannot be undone.",
            if names.len() == 1 { "voice" } else { "voices" },
            names.join(", ")
        );
        let yes = report::confirm(&question)
            .map_err(|e| CliError::failure(format!("cannot read the answer: {e}")))?;
        if !yes {
            return Err(CliError::usage("nothing deleted").into());
        }
    }
    let mut deleted = Vec::new();
    let mut failed: Option<CliError> = None;
    for (id, kind) in &targets {
        let outcome = match (resolved.provider, kind) {
            (Provider::Minimax, Some(kind)) => {
                let client = resolved.minimax_http().map_err(CliError::from)?;
                runtime.block_on(client.delete_voice(id, *kind))
            }
            _ => {
                let client = resolved.fish_http().map_err(CliError::from)?;
                runtime.block_on(client.delete_model(id))
            }
        };
        match outcome {
            Ok(()) => {
                if !args.json {
                    report::info(format_args!("deleted {}", report::sanitized(id)));
                }
                deleted.push(id.clone());
            }
            Err(e) => {
                let e = CliError::from(e);
                if targets.len() > 1 {
                    report::warn(format_args!(
                        "{} was not deleted: {}",
                        report::sanitized(id),
                        e.message
                    ));
                }
                failed.get_or_insert(e);
            }
        }
    }
    if args.json {
        report::stdout_line(&json!({ "deleted": deleted }).to_string())?;
    }
    match failed {
        Some(mut e) if targets.len() > 1 => {
            e.message = format!(
                "{} of {} voices could not be deleted; the first: {}",
                targets.len() - deleted.len(),
                targets.len(),
                e.message
            );
            Err(e.into())
        }
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}
