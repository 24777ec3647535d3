//! MiniMax's HTTP endpoints: file upload and download, the asynchronous long-text API
//! (<https://platform.minimax.io/docs/guides/speech-t2a-async>) and the voice list
//! (<https://platform.minimax.io/docs/api-reference/voice-management-get>). Every body is
//! judged by its `base_resp` (errors come back as HTTP 200); ids are JSON integers.

use std::rc::Rc;
use std::time::{Duration, Instant};

use reqwest::multipart::{Form, Part};
use reqwest::{Method, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::region::RegionProbe;
use super::status;
use super::wire::{
    BaseResp, PronunciationDict, VoiceModify, VoiceSetting, WireFormat, lenient_u64,
};
use crate::engine::error::EngineError;
use crate::engine::error::truncate;
use crate::engine::net::{ProgressBody, ProxySettings, http_client};
use crate::engine::retry::{Retrier, RetryPolicy, retry};

/// MiniMax allows 10 queries per second on the async query endpoint.
pub const MIN_QUERY_GAP: Duration = Duration::from_millis(100);

/// `audio_setting` as the async API names it (`audio_sample_rate`; channel default 2).
#[derive(Clone, Debug, Serialize)]
pub struct AsyncAudioSetting {
    pub audio_sample_rate: u32,
    pub bitrate: u32,
    pub format: WireFormat,
    pub channel: u8,
}

/// The body of `POST /v1/t2a_async_v2`: `text` or `text_file_id`, never both.
#[derive(Clone, Debug, Serialize)]
pub struct AsyncRequest {
    pub model: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_file_id: Option<u64>,
    pub voice_setting: VoiceSetting,
    pub audio_setting: AsyncAudioSetting,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pronunciation_dict: Option<PronunciationDict>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_boost: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice_modify: Option<VoiceModify>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct FileInfo {
    #[serde(default, deserialize_with = "lenient_u64")]
    pub file_id: Option<u64>,
}

#[derive(Clone, Debug, Default, Deserialize)]
struct FileEnvelope {
    #[serde(default)]
    file: Option<FileInfo>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct AsyncCreated {
    #[serde(default, deserialize_with = "lenient_u64")]
    pub task_id: Option<u64>,
    /// The output file (absent on failure).
    #[serde(default, deserialize_with = "lenient_u64")]
    pub file_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub usage_characters: Option<u64>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct AsyncStatus {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub file_id: Option<u64>,
}

/// A job's state; the API's enum is lower case while live values are capitalized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobState {
    Processing,
    Success,
    Failed,
    Expired,
}

impl AsyncStatus {
    pub fn state(&self) -> Option<JobState> {
        let status = self.status.as_deref()?.trim().to_ascii_lowercase();
        Some(match status.as_str() {
            "processing" | "queueing" | "pending" | "running" => JobState::Processing,
            "success" | "succeeded" | "finished" => JobState::Success,
            "failed" | "fail" | "error" => JobState::Failed,
            "expired" => JobState::Expired,
            _ => return None,
        })
    }
}

/// One voice from `get_voice`.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Voice {
    #[serde(default)]
    pub voice_id: String,
    #[serde(default)]
    pub voice_name: Option<String>,
    #[serde(default, deserialize_with = "lenient_strings")]
    pub description: Vec<String>,
    #[serde(default)]
    pub created_time: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct VoiceList {
    #[serde(default, deserialize_with = "lenient_voices")]
    pub system_voice: Vec<Voice>,
    #[serde(default, deserialize_with = "lenient_voices")]
    pub voice_cloning: Vec<Voice>,
    #[serde(default, deserialize_with = "lenient_voices")]
    pub voice_generation: Vec<Voice>,
}

/// A file to upload: its name, bytes and MIME type, and what it is for (`purpose`:
/// `t2a_async_input`, `voice_clone`, `prompt_audio`).
pub struct Upload<'a> {
    pub filename: &'a str,
    pub content: Vec<u8>,
    pub mime: &'a str,
    pub purpose: &'a str,
}

/// The HTTP side of the API, with retries for failures the server reports as transient.
pub struct HttpClient {
    client: reqwest::Client,
    endpoint: Rc<RegionProbe>,
    proxy: ProxySettings,
    api_key: String,
    pub policy: RetryPolicy,
    timeout: Duration,
    last_query: Option<Instant>,
}

impl HttpClient {
    /// The host requests go to now (after a region probe, the region found).
    pub fn host(&self) -> crate::engine::net::Endpoint {
        self.endpoint.endpoint()
    }

    pub fn new(
        endpoint: Rc<RegionProbe>,
        api_key: &str,
        policy: RetryPolicy,
        timeout: Duration,
        proxy: &ProxySettings,
    ) -> Result<HttpClient, EngineError> {
        let client = http_client(timeout, proxy)
            .map_err(|e| status::connect_failed(&endpoint.endpoint().http_url(""), e))?;
        Ok(HttpClient {
            client,
            endpoint,
            proxy: proxy.clone(),
            api_key: api_key.to_string(),
            policy,
            timeout,
            last_query: None,
        })
    }

    /// `POST /v1/files/upload` (multipart) → the new file's id (a 64-bit integer, kept
    /// exact). `progress` moves as the bytes are sent (a hidden bar off a terminal).
    pub async fn upload(
        &self,
        file: Upload<'_>,
        progress: &indicatif::ProgressBar,
    ) -> Result<u64, EngineError> {
        let content = bytes::Bytes::from(file.content);
        let body: FileEnvelope = self
            .json_call("upload", true, || {
                progress.set_position(0);
                let body = ProgressBody::new(content.clone(), progress.clone());
                let len = body.len();
                let part = Part::stream_with_length(reqwest::Body::wrap(body), len)
                    .file_name(file.filename.to_string());
                let part = match part.mime_str(file.mime) {
                    Ok(part) => part,
                    Err(_) => Part::bytes(content.to_vec()).file_name(file.filename.to_string()),
                };
                let form = Form::new()
                    .text("purpose", file.purpose.to_string())
                    .part("file", part);
                self.request(Method::POST, "/v1/files/upload")
                    .multipart(form)
            })
            .await?;
        body.file
            .and_then(|f| f.file_id)
            .ok_or_else(|| status::malformed("the upload response has no file.file_id"))
    }

    /// `POST /v1/t2a_async_v2`: creates the job. Only failures the server itself reports
    /// are retried: a lost response might mean a job was created (and billed).
    pub async fn create_async(&self, request: &AsyncRequest) -> Result<AsyncCreated, EngineError> {
        let created: AsyncCreated = self
            .json_call("create", false, || {
                self.request(Method::POST, "/v1/t2a_async_v2").json(request)
            })
            .await?;
        if created.task_id.is_none() {
            return Err(status::malformed("the response has no task_id").fatal());
        }
        Ok(created)
    }

    /// `GET /v1/query/t2a_async_query_v2?task_id=…`, never faster than 10 per second.
    pub async fn query_async(&mut self, task_id: u64) -> Result<AsyncStatus, EngineError> {
        if let Some(last) = self.last_query {
            let due = last + MIN_QUERY_GAP;
            tokio::time::sleep_until(due.into()).await;
        }
        self.last_query = Some(Instant::now());
        self.json_call("query", true, || {
            self.request(Method::GET, "/v1/query/t2a_async_query_v2")
                .query(&[("task_id", task_id)])
        })
        .await
    }

    /// `GET /v1/files/retrieve_content?file_id=…`: the raw bytes, streamed into `into`
    /// (emptied first, and again for a retry), so memory stays flat however large the
    /// job. `progress(done, total)` is called as they arrive. A JSON body with a non-zero
    /// `base_resp` is an error, whatever the Content-Type says. Returns the bytes written.
    pub async fn retrieve_content(
        &self,
        file_id: u64,
        into: &mut std::fs::File,
        progress: &mut dyn FnMut(u64, Option<u64>),
    ) -> Result<u64, EngineError> {
        use std::io::{Read, Seek, SeekFrom, Write};
        let wrote = |e: std::io::Error| {
            EngineError::new(
                crate::engine::ErrorKind::Output,
                crate::engine::Recovery::Fatal,
                format!("cannot write the download: {e}"),
            )
        };
        retry(self.policy, "download", async || {
            into.set_len(0).map_err(wrote)?;
            into.seek(SeekFrom::Start(0)).map_err(wrote)?;
            let response = self
                .send(
                    self.request(Method::GET, "/v1/files/retrieve_content")
                        .query(&[("file_id", file_id)]),
                )
                .await?;
            let total = response.content_length();
            let mut response = response;
            let mut written = 0u64;
            let mut first = None;
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| transport_error(e, self.timeout))?
            {
                first = first.or(chunk.first().copied());
                into.write_all(&chunk).map_err(wrote)?;
                written += chunk.len() as u64;
                progress(written, total);
            }
            if first == Some(b'{') {
                // JSON where a tar was expected: an error, or something unusable.
                into.seek(SeekFrom::Start(0)).map_err(wrote)?;
                let mut body = Vec::new();
                (&mut *into)
                    .take(1 << 20)
                    .read_to_end(&mut body)
                    .map_err(wrote)?;
                let value: Value = serde_json::from_slice(&body).map_err(|_| {
                    status::malformed("the download is neither an archive nor JSON")
                })?;
                check_base_resp(&value)?;
                return Err(status::malformed(format!(
                    "the download is JSON, not audio: {}",
                    truncate(&value.to_string(), 120)
                )));
            }
            into.flush().map_err(wrote)?;
            Ok(written)
        })
        .await
    }

    /// `POST /v1/get_voice`.
    pub async fn voices(&self, voice_type: &str) -> Result<VoiceList, EngineError> {
        self.json_call("get_voice", true, || {
            self.request(Method::POST, "/v1/get_voice")
                .json(&serde_json::json!({ "voice_type": voice_type }))
        })
        .await
    }

    pub(super) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, self.endpoint.endpoint().http_url(path))
            .bearer_auth(&self.api_key)
    }

    async fn send(&self, request: RequestBuilder) -> Result<Response, EngineError> {
        let url = self.endpoint.endpoint().http_url("");
        self.send_direct(request)
            .await
            .map_err(|e| crate::engine::proxy::blame(&self.proxy, &url, e))
    }

    async fn send_direct(&self, request: RequestBuilder) -> Result<Response, EngineError> {
        let response = request
            .send()
            .await
            .map_err(|e| transport_error(e, self.timeout))?;
        let status = response.status();
        let url = response.url();
        let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
        crate::report::debug(
            "http",
            format_args!("{}{query} -> HTTP {}", url.path(), status.as_u16()),
        );
        if status.is_success() {
            return Ok(response);
        }
        let trace_id = trace_header(&response);
        let headers = response.headers().clone();
        let body = response.text().await.unwrap_or_default();
        // The HTTP status says what kind of refusal this is (401/403 auth, 429 rate
        // limit, 5xx server); a JSON body only adds MiniMax's words and trace id.
        Err(status::http_refusal(status.as_u16(), trace_id, &body).with_retry_after(&headers))
    }

    /// Sends a request built by `build` and parses its JSON body, retrying retryable
    /// failures. Without `retry_transport`, a failure on the way (a lost connection) is
    /// final: the server may have acted on the request (and billed it).
    pub(super) async fn json_call<T: DeserializeOwned>(
        &self,
        what: &str,
        retry_transport: bool,
        build: impl Fn() -> RequestBuilder,
    ) -> Result<T, EngineError> {
        let mut retrier = Retrier::new(self.policy);
        loop {
            let used = self.endpoint.endpoint();
            let result = async {
                let response = self.send(build()).await?;
                let trace_id = trace_header(&response);
                let text = response
                    .text()
                    .await
                    .map_err(|e| transport_error(e, self.timeout))?;
                let value: Value = serde_json::from_str(&text).map_err(|_| {
                    status::malformed(format!(
                        "the {what} response is not JSON: {:?}",
                        truncate(&text, 80)
                    ))
                })?;
                check_base_resp(&value).map_err(|mut e| {
                    e.trace_id = e.trace_id.or(trace_id);
                    e
                })?;
                serde_json::from_value::<T>(value)
                    .map_err(|e| status::malformed(format!("unexpected {what} response: {e}")))
            }
            .await;
            match result {
                Ok(value) => {
                    self.endpoint.confirm();
                    return Ok(value);
                }
                // A key from the other region: nothing was done here; ask there.
                Err(e) if self.endpoint.switch(&e, &used) => continue,
                // A refused connection sent nothing: retried like anything else.
                Err(e) if !retry_transport && e.status.is_none() && !e.unsent => {
                    return Err(e.fatal());
                }
                Err(e) => retrier.after(e, what).await?,
            }
        }
    }
}

pub(crate) fn trace_header(response: &Response) -> Option<String> {
    ["trace-id", "minimax-request-id"]
        .iter()
        .find_map(|name| response.headers().get(*name))
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// A non-zero `base_resp.status_code` anywhere is an error (HTTP 200 is not success).
pub(crate) fn check_base_resp(value: &Value) -> Result<(), EngineError> {
    let Some(base) = value.get("base_resp") else {
        return Ok(());
    };
    let base: BaseResp = serde_json::from_value(base.clone()).unwrap_or_default();
    match base.status_code {
        Some(code) if code != 0 => Err(status::api_error(
            code,
            &base.status_msg.unwrap_or_default(),
            value
                .get("trace_id")
                .and_then(Value::as_str)
                .map(str::to_string)
                .or(base.trace_id),
        )),
        _ => Ok(()),
    }
}

pub(crate) fn transport_error(error: reqwest::Error, timeout: Duration) -> EngineError {
    let url = error.url().map(|u| u.to_string()).unwrap_or_default();
    if error.is_timeout() {
        status::timed_out("an HTTP response", timeout)
    } else if error.is_connect() {
        status::connect_failed(&url, source_chain(&error))
    } else {
        status::dropped(source_chain(&error))
    }
}

fn source_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn lenient_strings<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Value::String(s) if !s.is_empty() => vec![s],
        _ => Vec::new(),
    })
}

/// Missing, `null` or malformed arrays are empty lists.
fn lenient_voices<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Voice>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect(),
        _ => Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_statuses_parse_leniently() {
        let created: AsyncCreated = serde_json::from_str(
            r#"{"task_id":"95157322514444","file_id":95157322514500,"usage_characters":101}"#,
        )
        .unwrap();
        assert_eq!(created.task_id, Some(95157322514444));
        assert_eq!(created.file_id, Some(95157322514500));
        for (raw, state) in [
            ("Processing", JobState::Processing),
            ("success", JobState::Success),
            ("FAILED", JobState::Failed),
            ("Expired", JobState::Expired),
        ] {
            let status = AsyncStatus {
                status: Some(raw.into()),
                file_id: None,
            };
            assert_eq!(status.state(), Some(state));
        }
        let voices: VoiceList = serde_json::from_str(
            r#"{"system_voice":[{"voice_id":"a","description":["x"]}],"voice_cloning":null}"#,
        )
        .unwrap();
        assert_eq!(voices.system_voice.len(), 1);
        assert!(voices.voice_cloning.is_empty() && voices.voice_generation.is_empty());
    }

    #[test]
    fn file_ids_are_sent_as_integers() {
        let json = serde_json::to_value(AsyncRequest {
            model: "m".into(),
            text: None,
            text_file_id: Some(123456789012),
            voice_setting: VoiceSetting {
                voice_id: "v".into(),
                speed: 1.0,
                vol: 1.0,
                pitch: 0,
                emotion: None,
                english_normalization: false,
            },
            audio_setting: AsyncAudioSetting {
                audio_sample_rate: 32000,
                bitrate: 128000,
                format: WireFormat::Mp3,
                channel: 1,
            },
            pronunciation_dict: None,
            language_boost: None,
            voice_modify: None,
        })
        .unwrap();
        assert!(json["text_file_id"].is_u64());
        assert!(json.get("text").is_none());
        assert_eq!(json["audio_setting"]["audio_sample_rate"], 32000);
    }
}
