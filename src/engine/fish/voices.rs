//! Fish Audio's voice models (<https://docs.fish.audio/api-reference/endpoint/model/list-models>
//! and the create, get and delete endpoints beside it), voice design
//! (<https://docs.fish.audio/features/voice-design>) and the API credit
//! (`GET /wallet/self/api-credit`). Replies are parsed leniently (any field may be missing).

use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::http::{FishHttp, Resend};
use super::status;
use crate::audio::sample::SampleFormat;
use crate::engine::advice::Step;
use crate::engine::error::EngineError;
use crate::engine::net::ProgressBody;
use crate::spec::Provider;

/// Models asked for per page.
const PAGE_SIZE: usize = 100;

/// One voice model; `id` is what `--voice` (the `reference_id`) takes.
#[derive(Deserialize, Debug, Clone, Default)]
#[serde(default)]
pub struct FishVoice {
    #[serde(rename = "_id")]
    pub id: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub languages: Option<Vec<String>>,
    pub tags: Option<Vec<String>>,
    /// `public`, `unlist` or `private`.
    pub visibility: Option<String>,
    pub created_at: Option<String>,
    pub author: Option<Author>,
    /// `created`, `training`, `trained`, `failed`.
    pub state: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

#[derive(Deserialize, Debug, Clone, Default)]
#[serde(default)]
pub struct Author {
    pub nickname: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Page {
    total: Option<u64>,
    items: Vec<Value>,
}

/// What to list.
pub struct VoiceQuery<'a> {
    /// Only the key owner's own models.
    pub own: bool,
    /// Title substring (matched by the server).
    pub title: Option<&'a str>,
    /// Stop after this many.
    pub limit: usize,
}

/// Voices found, and how many matched in all.
pub struct VoicePage {
    pub voices: Vec<FishVoice>,
    pub total: Option<u64>,
}

impl FishHttp {
    /// `GET /model`, page by page, until `query.limit` voices or the last page.
    pub async fn list_models(&self, query: &VoiceQuery<'_>) -> Result<VoicePage, EngineError> {
        let mut voices = Vec::new();
        let mut total = None;
        for page_number in 1.. {
            let mut params: Vec<(&str, String)> = vec![
                ("page_size", PAGE_SIZE.to_string()),
                ("page_number", page_number.to_string()),
            ];
            if query.own {
                params.push(("self", "true".into()));
            } else {
                params.push(("sort_by", "task_count".into()));
            }
            if let Some(title) = query.title {
                params.push(("title", title.to_string()));
            }
            let page: Page = self
                .call("the voice list", Resend::Safe, || {
                    self.request(Method::GET, "/model").query(&params)
                })
                .await?;
            total = page.total.or(total);
            let received = page.items.len();
            voices.extend(
                page.items
                    .into_iter()
                    .filter_map(|item| serde_json::from_value::<FishVoice>(item).ok())
                    .filter(|v| !v.id.is_empty()),
            );
            let all_seen = total.is_some_and(|t| (page_number * PAGE_SIZE) as u64 >= t);
            if received == 0 || all_seen || voices.len() >= query.limit {
                break;
            }
        }
        voices.truncate(query.limit);
        Ok(VoicePage { voices, total })
    }

    /// `GET /model/{id}`.
    pub async fn model(&self, id: &str) -> Result<Value, EngineError> {
        let path = model_path(id)?;
        self.call("the voice model", Resend::Safe, || {
            self.request(Method::GET, &path)
        })
        .await
        .map_err(|e| no_such_model(e, id))
    }

    /// `DELETE /model/{id}`. Not resent after a lost reply: the second try would say
    /// "not found" about a voice that was just deleted.
    pub async fn delete_model(&self, id: &str) -> Result<(), EngineError> {
        let path = model_path(id)?;
        let _: Value = self
            .call("deleting the voice model", Resend::OnlyUnsent, || {
                self.request(Method::DELETE, &path)
            })
            .await
            .map_err(|e| no_such_model(e, id))?;
        Ok(())
    }

    /// `POST /model` (multipart): a persistent voice from samples. Not resent after a
    /// lost reply (a second model might be made).
    pub async fn create_model(
        &self,
        model: &NewModel,
        progress: &indicatif::ProgressBar,
    ) -> Result<FishVoice, EngineError> {
        let created: Value = self
            .call("creating the voice model", Resend::OnlyUnsent, || {
                progress.set_position(0);
                self.request(Method::POST, "/model")
                    .multipart(model.form(progress))
            })
            .await?;
        let voice: FishVoice = serde_json::from_value(created)
            .map_err(|e| status::malformed(format!("the created model is unexpected ({e})")))?;
        if voice.id.is_empty() {
            return Err(status::malformed("the created model has no _id").fatal());
        }
        Ok(voice)
    }

    /// `POST /v1/voice-design` (header `model: voice-design-1`): candidates, not voices.
    /// Billed per request, so not resent after a lost reply.
    pub async fn design(&self, request: &DesignRequest) -> Result<Vec<Candidate>, EngineError> {
        let reply: DesignReply = self
            .call("the voice design", Resend::OnlyUnsent, || {
                self.request(Method::POST, "/v1/voice-design")
                    .header("model", DESIGN_MODEL)
                    .json(request)
            })
            .await?;
        let candidates: Vec<Candidate> = reply
            .candidates
            .into_iter()
            .filter_map(|c| serde_json::from_value::<Candidate>(c).ok())
            .filter(|c| !c.audio_base64.is_empty())
            .collect();
        if candidates.is_empty() {
            return Err(status::malformed("the voice design returned no candidate audio").fatal());
        }
        Ok(candidates)
    }

    /// `GET /wallet/self/api-credit`: the remaining API credit (a decimal, as text).
    pub async fn credit(&self) -> Result<String, EngineError> {
        let wallet: Value = self
            .call("the API credit", Resend::Safe, || {
                self.request(Method::GET, "/wallet/self/api-credit")
            })
            .await?;
        match &wallet["credit"] {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            _ => Err(status::malformed("the wallet reply has no credit")),
        }
    }
}

/// A 404 about one model: worded about that model.
fn no_such_model(mut e: EngineError, id: &str) -> EngineError {
    if e.status == Some(404) {
        e.message = format!(
            "Fish Audio has no voice model {}",
            crate::report::sanitized(id)
        );
        e.advice = Some(Box::new(Step::ListOwnVoices(Provider::Fish).into()));
    }
    e
}

/// `/model/{id}`, with an id that cannot change the path.
fn model_path(id: &str) -> Result<String, EngineError> {
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(EngineError::input(
            format!(
                "{:?} is not a Fish Audio model id (letters and digits, e.g. 802e3bc2b27e49c2995d23ef70e6ac89)",
                crate::report::sanitized(id)
            ),
            Step::ListOwnVoices(Provider::Fish),
        ));
    }
    Ok(format!("/model/{id}"))
}

/// Who can find and use a model.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Visibility {
    /// You only
    #[default]
    Private,
    /// Anyone with the id
    Unlist,
    /// Listed in Fish's catalogue (needs a cover image)
    Public,
}

impl Visibility {
    pub fn api_name(self) -> &'static str {
        match self {
            Visibility::Private => "private",
            Visibility::Unlist => "unlist",
            Visibility::Public => "public",
        }
    }
}

/// One sample of a new model.
#[derive(Clone, Debug)]
pub struct ModelSample {
    pub filename: String,
    pub audio: bytes::Bytes,
    pub format: SampleFormat,
    pub text: Option<String>,
}

/// A model to create (the fields of `POST /model`).
#[derive(Clone, Debug)]
pub struct NewModel {
    pub title: String,
    pub samples: Vec<ModelSample>,
    pub description: Option<String>,
    pub visibility: Visibility,
    pub cover_image: Option<(String, bytes::Bytes)>,
    pub enhance_audio_quality: bool,
}

impl NewModel {
    /// The samples' bytes, for a progress bar's length.
    pub fn upload_len(&self) -> u64 {
        self.samples.iter().map(|s| s.audio.len() as u64).sum()
    }

    fn form(&self, progress: &indicatif::ProgressBar) -> Form {
        let mut form = Form::new()
            .text("type", "tts")
            .text("train_mode", "fast")
            .text("title", self.title.clone())
            // Sent always: the API's default is public.
            .text("visibility", self.visibility.api_name())
            .text(
                "enhance_audio_quality",
                self.enhance_audio_quality.to_string(),
            );
        let mut before = 0;
        for sample in &self.samples {
            let body = ProgressBody::after(sample.audio.clone(), before, progress.clone());
            before += body.len();
            let part =
                Part::stream_with_length(reqwest::Body::wrap(body), sample.audio.len() as u64)
                    .file_name(sample.filename.clone());
            let part = match part.mime_str(sample.format.mime()) {
                Ok(part) => part,
                Err(_) => Part::bytes(sample.audio.to_vec()).file_name(sample.filename.clone()),
            };
            form = form.part("voices", part);
        }
        // Transcripts in the samples' order, all or none (the service transcribes).
        if self.samples.iter().all(|s| s.text.is_some()) {
            for sample in &self.samples {
                form = form.text("texts", sample.text.clone().unwrap_or_default());
            }
        }
        if let Some(description) = &self.description {
            form = form.text("description", description.clone());
        }
        if let Some((name, image)) = &self.cover_image {
            form = form.part(
                "cover_image",
                Part::bytes(image.to_vec()).file_name(name.clone()),
            );
        }
        form
    }
}

/// The design model the header names.
pub const DESIGN_MODEL: &str = "voice-design-1";

/// The body of `POST /v1/voice-design`.
#[derive(Clone, Debug, Serialize)]
pub struct DesignRequest {
    pub instruction: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_text: Option<String>,
    pub n: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DesignReply {
    candidates: Vec<Value>,
}

/// One designed candidate: WAV audio (base64 in the reply).
#[derive(Deserialize, Debug, Clone, Default)]
#[serde(default)]
pub struct Candidate {
    pub id: Option<String>,
    pub index: Option<u32>,
    pub audio_base64: String,
    pub sample_rate: Option<u32>,
    pub duration_ms: Option<u64>,
    pub text: Option<String>,
}
