//! Making voices: `voices clone` (MiniMax), `voices design` (both) and `voices create`
//! (Fish). Everything that can be checked locally is checked before the first upload;
//! the id of anything made is printed before anything else can fail (a preview, a
//! file), so nothing billed is lost.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::preview::{PreviewPlan, write};
use crate::audio::sample::{self, Sample, SampleFormat};
use crate::cli::{CloneArgs, CreateArgs, DesignArgs};
use crate::engine::EngineError;
use crate::engine::fish::voices::{self as fish_voices, ModelSample, NewModel, Visibility};
use crate::engine::minimax::cloning::{
    self, ClonePrompt, CloneRequest, DesignRequest, PREVIEW_MAX_CHARS, Purpose,
};
use crate::engine::minimax::http::Upload;
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::io::target::OutputTarget;
use crate::report;
use crate::settings::Resolved;
use crate::spec::Provider;

/// What users must be told about a cloned voice (MiniMax's voice-clone guide).
pub const CLONE_RULES: &str = "MiniMax deletes a cloned voice that is not used in a real synthesis \
    (speak, stream, batch, async-submit) within 7 days; the preview does not count. Cloning is billed \
    at the voice's first use.";

/// Whether the 7-day rule covers designed voices is not documented.
const DESIGN_RULES: &str = "MiniMax may delete a designed voice that is not used in a real synthesis \
    within 7 days (documented for cloned voices; unconfirmed for designed ones): use it soon to keep it.";

/// A sample or clip, read and inspected.
struct LocalAudio {
    path: PathBuf,
    bytes: Vec<u8>,
    sample: Sample,
}

/// Reads `path` (at most `max` bytes) and recognizes it as audio.
fn local_audio(path: &Path, what: &str, max: u64) -> Result<LocalAudio, CliError> {
    let bytes = sample::load(path, max)?;
    let inspected = sample::inspect(&bytes).map_err(|e| {
        CliError::usage(format!("the {what} {} {e}", path.display()))
            .with_hint("give a recording in MP3, M4A or WAV")
    })?;
    Ok(LocalAudio {
        path: path.to_path_buf(),
        bytes,
        sample: inspected,
    })
}

/// A local rule of the provider, worded about the file.
fn about(file: &LocalAudio, what: &str, e: EngineError) -> CliError {
    let mut cli = CliError::from(e);
    cli.message = format!("the {what} {} {}", file.path.display(), cli.message);
    cli
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "sample".into())
}

/// The line that reports a result: on stdout, or on stderr when audio is on stdout.
fn result(line: &str, audio_on_stdout: bool) -> Result<(), CliError> {
    report::result_line(line, audio_on_stdout)
        .map_err(|e| CliError::failure(format!("cannot write to stdout: {e}")))
}

fn upload_bar(what: &str) -> indicatif::ProgressBar {
    let bar = report::progress_bar(
        0,
        "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec})",
    );
    bar.set_message(format!("uploading {what}"));
    bar
}

pub fn clone(args: CloneArgs, resolved: &Resolved) -> anyhow::Result<()> {
    resolved.require(Provider::Minimax, "voices clone")?;
    cloning::check_voice_id(&args.voice_id)?;
    let sample =
        local_audio(&args.sample, "sample", cloning::SAMPLE_MAX_BYTES).map_err(|e| {
            match e.message.contains("larger than") {
                true => {
                    e.with_hint("MiniMax takes samples of at most 20 MB: cut it, or save it as MP3")
                }
                false => e,
            }
        })?;
    cloning::check_sample(Purpose::Sample, &sample.sample, sample.bytes.len() as u64)
        .map_err(|e| about(&sample, "sample", e))?;
    let prompt = match (&args.prompt_audio, &args.prompt_text) {
        (Some(path), Some(text)) => {
            if text.trim().is_empty() {
                return Err(CliError::usage("--prompt-text is empty")
                    .with_hint("give the exact words of the --prompt-audio clip")
                    .into());
            }
            let clip = local_audio(path, "prompt clip", cloning::SAMPLE_MAX_BYTES)?;
            cloning::check_sample(Purpose::Prompt, &clip.sample, clip.bytes.len() as u64)
                .map_err(|e| about(&clip, "prompt clip", e))?;
            Some((clip, text.trim().to_string()))
        }
        _ => None,
    };
    let preview_text = match args.preview.as_deref().map(str::trim) {
        Some("") => {
            return Err(CliError::usage("--preview is empty")
                .with_hint("give a sentence for the new voice to say")
                .into());
        }
        other => other.map(str::to_string),
    };
    let plan = PreviewPlan::new(resolved, &args.preview_output, SampleFormat::Mp3)?;
    if args.preview_output.output.is_some() && preview_text.is_none() {
        return Err(
            CliError::usage("-o saves the preview, but no --preview was given")
                .with_hint("add --preview \"a sentence\"")
                .into(),
        );
    }

    let client = resolved.minimax_http().map_err(CliError::from)?;
    let runtime = crate::checks::runtime()?;
    let cloned = runtime
        .block_on(async {
            let file_id = upload(&client, &sample, Purpose::Sample).await?;
            report::debug("clone", format_args!("sample uploaded as file {file_id}"));
            let clone_prompt = match &prompt {
                Some((clip, text)) => Some(ClonePrompt {
                    prompt_audio: upload(&client, clip, Purpose::Prompt).await?,
                    prompt_text: text.clone(),
                }),
                None => None,
            };
            let model = preview_text.as_ref().map(|_| {
                args.model
                    .clone()
                    .unwrap_or_else(|| crate::engine::minimax::DEFAULT_MODEL.to_string())
            });
            client
                .clone_voice(&CloneRequest {
                    file_id,
                    voice_id: args.voice_id.clone(),
                    clone_prompt,
                    text: preview_text.clone(),
                    model,
                    language_boost: args
                        .language_boost
                        .as_ref()
                        .map(crate::engine::minimax::rules::language_boost),
                    need_noise_reduction: args.noise_reduction,
                    need_volume_normalization: args.normalize_volume,
                    accuracy: args.accuracy.map(|a| a.get()),
                })
                .await
        })
        .map_err(CliError::from)?;

    // The voice exists now: say so before anything else can fail.
    let demo = cloned.demo_url().map(str::to_string);
    if args.json {
        let line = json!({
            "voice_id": args.voice_id,
            "type": "cloning",
            "demo_url": demo,
            "preview_output": plan.target.as_ref().map(OutputTarget::display),
            "input_sensitive": cloned.flagged(),
            "expires_unless_used_within_days": 7,
        });
        result(&line.to_string(), plan.on_stdout())?;
    } else {
        result(&args.voice_id, plan.on_stdout())?;
    }
    report::info(CLONE_RULES);
    if cloned.flagged() {
        report::warn("MiniMax flagged the sample or the preview text as sensitive");
    }
    if preview_text.is_none() || !plan.wanted() {
        return Ok(());
    }
    let Some(url) = demo else {
        report::warn("MiniMax returned no preview audio for the new voice");
        return Ok(());
    };
    let audio = runtime.block_on(fetch_demo(&url, resolved))?;
    let format = sample::inspect(&audio)
        .map(|s| s.format)
        .unwrap_or(SampleFormat::Mp3);
    plan.deliver(&audio, format)?;
    Ok(())
}

/// Uploads a sample or clip for `purpose`, with a progress bar on a terminal.
async fn upload(
    client: &crate::engine::minimax::http::HttpClient,
    file: &LocalAudio,
    purpose: Purpose,
) -> Result<u64, EngineError> {
    let name = file_name(&file.path);
    let bar = upload_bar(&name);
    bar.set_length(file.bytes.len() as u64);
    let id = client
        .upload(
            Upload {
                filename: &name,
                content: file.bytes.clone(),
                mime: file.sample.format.mime(),
                purpose: purpose.api_name(),
            },
            &bar,
        )
        .await;
    bar.finish_and_clear();
    id
}

/// The largest demo fetched (a sentence of speech is far smaller).
const MAX_DEMO_BYTES: u64 = 50 << 20;

/// Fetches a clone's demo from the storage link MiniMax returned: a URL of another
/// host, so the API key is never sent with it.
async fn fetch_demo(url: &str, resolved: &Resolved) -> Result<Vec<u8>, CliError> {
    let shown = crate::engine::net::redact_url(url);
    let parsed = url::Url::parse(url)
        .ok()
        .filter(|u| matches!(u.scheme(), "https" | "http"))
        .ok_or_else(|| {
            CliError::new(
                ExitStatus::Api,
                format!(
                    "MiniMax returned a preview link that is not a web address: {}",
                    report::sanitized(&shown)
                ),
            )
        })?;
    let api = &resolved.api;
    let client = crate::engine::net::http_client(api.timeout, &api.proxy)
        .map_err(|e| CliError::failure(format!("cannot set up the download: {e}")))?;
    let fetched = crate::engine::retry::retry(api.retry, "the preview download", async || {
        let response = client
            .get(parsed.clone())
            .send()
            .await
            .map_err(|e| EngineError::network(format!("cannot fetch the preview: {e}")))?;
        let status = response.status().as_u16();
        if status >= 500 || status == 429 {
            return Err(EngineError::network(format!(
                "the preview's host answered HTTP {status}"
            )));
        }
        if !(200..300).contains(&status) {
            return Err(EngineError::new(
                crate::engine::ErrorKind::BadRequest,
                crate::engine::Recovery::Fatal,
                format!("the preview's host refused the download (HTTP {status})"),
            ));
        }
        let mut response = response;
        let mut audio = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| EngineError::network(format!("the preview download broke off: {e}")))?
        {
            audio.extend_from_slice(&chunk);
            if audio.len() as u64 > MAX_DEMO_BYTES {
                return Err(EngineError::protocol("the preview is larger than 50 MiB").fatal());
            }
        }
        Ok(audio)
    })
    .await;
    fetched.map_err(|e| {
        let mut cli = CliError::from(e);
        cli.hint = Some(format!(
            "the voice was made; the preview lives at {} for a while",
            report::sanitized(&shown)
        ));
        cli
    })
}

pub fn design(args: DesignArgs, resolved: &Resolved) -> anyhow::Result<()> {
    let description = args.description.trim();
    if description.is_empty() {
        return Err(CliError::usage("the description is empty")
            .with_hint("describe the voice, e.g. \"a warm, calm narrator\"")
            .into());
    }
    match resolved.provider {
        Provider::Minimax => design_minimax(&args, description, resolved),
        Provider::Fish => design_fish(&args, description, resolved),
    }
}

fn design_minimax(args: &DesignArgs, prompt: &str, resolved: &Resolved) -> anyhow::Result<()> {
    if args.candidates.is_some() || args.seed.is_some() || args.out_dir.is_some() {
        return Err(
            CliError::usage("--candidates, --seed and --out-dir are Fish Audio's")
                .with_hint("MiniMax designs one voice: save its trial with -o FILE")
                .into(),
        );
    }
    let Some(preview) = args
        .preview
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    else {
        return Err(CliError::usage("MiniMax needs a line for the trial audio")
            .with_hint("add --preview \"Welcome back.\"")
            .into());
    };
    let chars = preview.chars().count();
    if chars > PREVIEW_MAX_CHARS {
        return Err(CliError::usage(format!(
            "--preview has {chars} characters; MiniMax takes at most {PREVIEW_MAX_CHARS}"
        ))
        .with_hint("use a sentence or two")
        .into());
    }
    if let Some(id) = &args.voice_id {
        cloning::check_voice_id(id)?;
    }
    let plan = PreviewPlan::new(resolved, &args.preview_output, SampleFormat::Mp3)?;
    let client = resolved.minimax_http().map_err(CliError::from)?;
    let runtime = crate::checks::runtime()?;
    let designed = runtime
        .block_on(client.design_voice(&DesignRequest {
            prompt: prompt.to_string(),
            preview_text: preview.to_string(),
            voice_id: args.voice_id.clone(),
        }))
        .map_err(CliError::from)?;
    let voice_id = designed.voice_id.clone().unwrap_or_default();
    if args.json {
        let line = json!({
            "voice_id": voice_id,
            "type": "generation",
            "trial_output": plan.target.as_ref().map(OutputTarget::display),
        });
        result(&line.to_string(), plan.on_stdout())?;
    } else {
        result(&report::sanitized(&voice_id), plan.on_stdout())?;
    }
    report::info(DESIGN_RULES);
    let trial = designed.trial_audio.as_deref().unwrap_or("").trim();
    if trial.is_empty() {
        report::warn("MiniMax returned no trial audio for the new voice");
        return Ok(());
    }
    let audio = hex::decode(trial).map_err(|e| {
        CliError::new(
            ExitStatus::Api,
            format!("MiniMax's trial audio is not valid hex ({e})"),
        )
        .with_hint("the voice was made; try it with `minimax-tts speak --voice ID`")
    })?;
    plan.deliver(&audio, SampleFormat::Mp3)?;
    Ok(())
}

/// Fish's limits on a design (docs.fish.audio/features/voice-design).
const FISH_INSTRUCTION_MAX: usize = 2000;
const FISH_PREVIEW_MAX: usize = 300;

fn design_fish(args: &DesignArgs, instruction: &str, resolved: &Resolved) -> anyhow::Result<()> {
    if args.voice_id.is_some() {
        return Err(CliError::usage("--voice-id is MiniMax's")
            .with_hint("Fish's designs are candidates; keep one with `voices create`")
            .into());
    }
    if args.preview_output.output.is_some() {
        return Err(
            CliError::usage("Fish designs several candidates: -o names one file")
                .with_hint("use --out-dir DIR (trial-1.wav, trial-2.wav, …)")
                .into(),
        );
    }
    let chars = instruction.chars().count();
    if chars > FISH_INSTRUCTION_MAX {
        return Err(CliError::usage(format!(
            "the description has {chars} characters; Fish takes at most {FISH_INSTRUCTION_MAX}"
        ))
        .into());
    }
    let preview = args
        .preview
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    if let Some(p) = preview
        && p.chars().count() > FISH_PREVIEW_MAX
    {
        return Err(CliError::usage(format!(
            "--preview has {} characters; Fish takes at most {FISH_PREVIEW_MAX}",
            p.chars().count()
        ))
        .into());
    }
    let out_dir = args.out_dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if !out_dir.is_dir() {
        return Err(CliError::usage(format!(
            "the output directory {} does not exist",
            out_dir.display()
        ))
        .with_hint(format!("create it first (mkdir -p {})", out_dir.display()))
        .into());
    }
    let n = args.candidates.unwrap_or(2);
    // Every candidate's file is checked before the (billed) request.
    let targets = (1..=n)
        .map(|i| OutputTarget::resolve(&out_dir.join(format!("trial-{i}.wav"))))
        .collect::<Result<Vec<_>, _>>()
        .map_err(CliError::from)?;
    let plan = PreviewPlan::new(resolved, &args.preview_output, SampleFormat::Wav)?;
    let client = resolved.fish_http().map_err(CliError::from)?;
    let runtime = crate::checks::runtime()?;
    let candidates = runtime
        .block_on(client.design(&fish_voices::DesignRequest {
            instruction: instruction.to_string(),
            reference_text: preview.map(str::to_string),
            n,
            seed: args.seed,
        }))
        .map_err(CliError::from)?;
    drop(runtime);
    // The audio is what was paid for: every candidate is saved before anything is played.
    let mut saved = Vec::new();
    for (at, candidate) in candidates.iter().enumerate() {
        use base64::Engine as _;
        let audio = base64::engine::general_purpose::STANDARD
            .decode(candidate.audio_base64.trim())
            .map_err(|e| {
                CliError::new(
                    ExitStatus::Api,
                    format!("Fish's candidate {} is not valid base64 ({e})", at + 1),
                )
            })?;
        let target = match targets.get(at) {
            Some(target) => target.clone(),
            None => OutputTarget::resolve(&out_dir.join(format!("trial-{}.wav", at + 1)))
                .map_err(CliError::from)?,
        };
        write(&target, &audio)?;
        saved.push((candidate, target, audio));
    }
    if args.json {
        let items: Vec<_> = saved
            .iter()
            .map(|(c, target, _)| {
                json!({
                    "id": c.id,
                    "file": target.display(),
                    "duration_ms": c.duration_ms,
                    "sample_rate": c.sample_rate,
                    "text": c.text,
                })
            })
            .collect();
        result(&json!({ "candidates": items }).to_string(), false)?;
    } else {
        for (c, target, _) in &saved {
            result(
                &format!(
                    "{}\t{}",
                    target.display(),
                    report::sanitized(c.id.as_deref().unwrap_or("-"))
                ),
                false,
            )?;
        }
    }
    let said = preview.map_or(String::new(), |p| {
        format!(" --text {:?}", report::sanitized(p))
    });
    report::info(format_args!(
        "a design is not a voice yet: keep the one you like with `minimax-tts --provider fish voices create --title NAME {}{said}`",
        saved
            .first()
            .map_or("trial-1.wav".into(), |(_, t, _)| t.display())
    ));
    if saved.len() > 1 {
        report::info(format_args!(
            "playing the {} candidates in turn, in the order above",
            saved.len()
        ));
    }
    let clips: Vec<&[u8]> = saved.iter().map(|(_, _, audio)| audio.as_slice()).collect();
    plan.play_in_turn(&clips, SampleFormat::Wav)?;
    Ok(())
}

/// A Fish sample's size limit (Fish documents none; 30–45 s of WAV is a few MB).
const FISH_SAMPLE_MAX_BYTES: u64 = 50_000_000;
/// Fish asks for at least 10 s per sample.
const FISH_SAMPLE_MIN: std::time::Duration = std::time::Duration::from_secs(10);
/// A cover image's size limit.
const COVER_MAX_BYTES: u64 = 10_000_000;

/// The samples of a new Fish model, read and checked (each with its transcript, if
/// given).
fn model_samples(args: &CreateArgs) -> Result<Vec<ModelSample>, CliError> {
    let mut samples = Vec::new();
    for (at, path) in args.samples.iter().enumerate() {
        let audio = local_audio(path, "sample", FISH_SAMPLE_MAX_BYTES)?;
        if audio.sample.duration.is_some_and(|d| d < FISH_SAMPLE_MIN) {
            report::warn(format_args!(
                "{} lasts {:.1} s; Fish asks for at least 10 s per sample (30 to 45 s works well)",
                path.display(),
                audio.sample.duration.unwrap_or_default().as_secs_f64()
            ));
        }
        samples.push(ModelSample {
            filename: file_name(path),
            audio: bytes::Bytes::from(audio.bytes),
            format: audio.sample.format,
            text: args.text.get(at).map(|t| t.trim().to_string()),
        });
    }
    Ok(samples)
}

/// A cover image: PNG, JPEG or WebP, at most `COVER_MAX_BYTES`.
fn cover_image(path: &std::path::Path) -> Result<bytes::Bytes, CliError> {
    let image = sample::load(path, COVER_MAX_BYTES)?;
    let is_image = image.starts_with(b"\x89PNG")
        || image.starts_with(b"\xFF\xD8\xFF")
        || (image.starts_with(b"RIFF") && image.get(8..12) == Some(b"WEBP"));
    if !is_image {
        return Err(CliError::usage(format!(
            "the cover image {} is not a PNG, JPEG or WebP image",
            path.display()
        )));
    }
    Ok(bytes::Bytes::from(image))
}

pub fn create(args: CreateArgs, resolved: &Resolved) -> anyhow::Result<()> {
    resolved.require(Provider::Fish, "voices create")?;
    let title = args.title.trim();
    if title.is_empty() {
        return Err(CliError::usage("--title is empty").into());
    }
    if !args.text.is_empty() && args.text.len() != args.samples.len() {
        return Err(CliError::usage(format!(
            "{} samples but {} --text; give one --text per sample, in order, or none",
            args.samples.len(),
            args.text.len()
        ))
        .with_hint("without --text, Fish transcribes the samples itself")
        .into());
    }
    if args.text.iter().any(|t| t.trim().is_empty()) {
        return Err(CliError::usage("a --text is empty").into());
    }
    let visibility = args.visibility;
    if visibility == Visibility::Public && args.cover_image.is_none() {
        return Err(CliError::usage("a public model needs a cover image")
            .with_hint("add --cover-image IMAGE, or keep it --visibility private / unlist")
            .into());
    }
    let samples = model_samples(&args)?;
    let cover_image = match &args.cover_image {
        Some(path) => Some((file_name(path), cover_image(path)?)),
        None => None,
    };
    let model = NewModel {
        title: title.to_string(),
        samples,
        description: args.description.clone(),
        visibility,
        cover_image,
        enhance_audio_quality: !args.no_enhance,
    };
    let client = resolved.fish_http().map_err(CliError::from)?;
    let runtime = crate::checks::runtime()?;
    let bar = upload_bar(&format!("{} sample(s)", model.samples.len()));
    bar.set_length(model.upload_len());
    let created = runtime.block_on(client.create_model(&model, &bar));
    bar.finish_and_clear();
    let created = created.map_err(CliError::from)?;
    if args.json {
        let line = json!({
            "id": created.id,
            "title": created.title,
            "visibility": created.visibility.as_deref().unwrap_or(visibility.api_name()),
            "state": created.state,
        });
        result(&line.to_string(), false)?;
    } else {
        result(&report::sanitized(&created.id), false)?;
    }
    report::info(format_args!(
        "{} voice model created; speak with it: minimax-tts --provider fish speak --voice {} \"Hello\"",
        created
            .visibility
            .as_deref()
            .unwrap_or(visibility.api_name()),
        report::sanitized(&created.id)
    ));
    Ok(())
}
