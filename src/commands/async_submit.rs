//! `minimax-tts async-submit`: start an asynchronous long-text job (inline text, or an
//! uploaded file for long text) and record it in the local registry.

use serde_json::json;

use crate::cli::{AsyncSubmitArgs, FetchArgs};
use crate::commands::fetch;
use crate::engine::minimax::http::{AsyncAudioSetting, AsyncRequest, Upload};
use crate::engine::minimax::rules::{self, ASYNC_FILE_LIMIT, ASYNC_INLINE_LIMIT};
use crate::engine::minimax::{self, wire::SynthesisRequest};
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::io::target::OutputTarget;
use crate::registry::{AsyncJob, JobStatus, Registry, now_secs};
use crate::report;
use crate::settings::Resolved;
use crate::text;

pub fn run(args: AsyncSubmitArgs, resolved: &Resolved) -> anyhow::Result<()> {
    let spec = resolved
        .synthesis(&args.voice, None, args.output.as_deref())
        .map_err(CliError::from)?;
    minimax::check_spec(&spec)?;
    let format = spec.format;
    // Everything that can fail locally fails now: once the job is created, it is paid for.
    if let Some(output) = &args.output {
        if output.as_os_str() == "-" {
            return Err(
                CliError::usage("async audio is collected later and cannot go to stdout")
                    .with_hint("give a file name with -o")
                    .into(),
            );
        }
        let target = OutputTarget::resolve(output)?;
        if let Some(input) = &args.file
            && target.is_same_file(input)
        {
            return Err(CliError::usage(format!(
                "the output {} is the input text file",
                output.display()
            ))
            .with_hint("write the audio to another file")
            .into());
        }
    }
    if let Some(path) = &args.subtitles {
        crate::checks::check_subtitle_path(path)?;
    }
    Registry::check_writable(resolved.registry_path().as_deref())?;
    let raw = text::read_input(&args.text, args.file.as_deref())?;
    let text = rules::prepare(&raw)?;
    let chars = text.chars().count();
    if chars > ASYNC_FILE_LIMIT {
        return Err(CliError::usage(format!(
            "the text has {chars} characters; an async job takes at most {ASYNC_FILE_LIMIT}"
        ))
        .with_hint("split the text into several jobs")
        .into());
    }
    let upload = args.upload || chars > ASYNC_INLINE_LIMIT;
    let mut client = resolved.minimax_http().map_err(CliError::from)?;
    let runtime = crate::checks::runtime()?;

    let request = &SynthesisRequest::from_spec(&spec);
    let mut body = AsyncRequest {
        model: request.model.clone(),
        text: None,
        text_file_id: None,
        voice_setting: request.voice_setting.clone(),
        audio_setting: AsyncAudioSetting {
            audio_sample_rate: request.audio_setting.sample_rate,
            bitrate: request.audio_setting.bitrate,
            format: request.audio_setting.format,
            // Sent explicitly: the async API would default to 2 channels, speak to 1.
            channel: request.audio_setting.channel,
        },
        pronunciation_dict: request.pronunciation_dict.clone(),
        language_boost: request.language_boost.clone(),
        voice_modify: request.voice_modify.clone(),
    };
    let (input_file_id, created) = runtime
        .block_on(async {
            let input_file_id = if upload {
                let file = Upload {
                    filename: "input.txt",
                    content: text.clone().into_bytes(),
                    mime: "text/plain",
                    purpose: "t2a_async_input",
                };
                let id = client
                    .upload(file, &indicatif::ProgressBar::hidden())
                    .await?;
                body.text_file_id = Some(id);
                Some(id)
            } else {
                body.text = Some(text.clone());
                None
            };
            let created = client.create_async(&body).await?;
            Ok::<_, crate::engine::EngineError>((input_file_id, created))
        })
        .map_err(CliError::from)?;
    let Some(task_id) = created.task_id else {
        return Err(CliError::new(
            ExitStatus::Api,
            "MiniMax accepted the job but returned no task id",
        )
        .with_hint("check `minimax-tts fetch --list` and MiniMax's console before submitting again")
        .into());
    };

    // The job exists and is billed: show its id before anything else can fail.
    let line = if args.json {
        json!({
            "task_id": task_id,
            "file_id": created.file_id,
            "input_file_id": input_file_id,
            "billed_characters": created.usage_characters,
            "characters": chars,
            "uploaded": upload,
        })
        .to_string()
    } else {
        task_id.to_string()
    };
    let printed = report::stdout_line(&line);

    let job = AsyncJob {
        task_id,
        file_id: created.file_id,
        submitted_at: now_secs(),
        status: JobStatus::Pending,
        model: request.model.clone(),
        voice: request.voice_setting.voice_id.clone(),
        format: format!("{format:?}").to_lowercase(),
        characters: chars,
        sample_rate: Some(request.audio_setting.sample_rate),
        channels: Some(request.audio_setting.channel),
        output: args
            .output
            .as_ref()
            .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone())),
    };
    Registry::update(resolved.registry_path().as_deref(), |registry| {
        registry.add(job)
    })
    .map_err(|e| {
        let e = CliError::from(e);
        let message = format!("{} (task {task_id} was submitted)", e.message);
        CliError {
            message,
            hint: Some(format!("collect it with: minimax-tts fetch {task_id}")),
            ..e
        }
    })?;
    printed?;

    let billed = created
        .usage_characters
        .map(|n| format!(", {n} characters billed"))
        .unwrap_or_default();
    let how = if upload {
        "uploaded file"
    } else {
        "inline text"
    };
    report::info(format_args!(
        "submitted task {task_id} ({chars} characters as {how}{billed})"
    ));
    if !args.wait {
        report::info(format_args!(
            "collect it with: minimax-tts fetch {task_id}   (results expire after 9 hours)"
        ));
    }
    if args.wait {
        let fetch_args = FetchArgs {
            task_id: Some(task_id),
            output: args.output.clone(),
            subtitles: args.subtitles.clone(),
            wait: true,
            json: args.json,
            ..FetchArgs::default()
        };
        let registry = resolved.registry_path();
        let context = fetch::FetchContext {
            poll_interval: resolved.api.poll_interval,
            registry: registry.as_deref(),
            finishing: resolved.finishing(&args.finish),
        };
        return fetch::run_with(fetch_args, &context, &runtime, &mut client);
    }
    Ok(())
}
