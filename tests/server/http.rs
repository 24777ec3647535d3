//! The fake's HTTP side (https://platform.minimax.io/docs/guides/speech-t2a-async and
//! .../api-reference/voice-management-get): file upload and retrieval, the async
//! long-text API and the voice list, with MiniMax's quirks: errors as HTTP 200 with a
//! `base_resp`, integer ids (a string `text_file_id` is refused with 2013), capitalized
//! job statuses, a tar whose entries carry a directory prefix, served with a JSON
//! Content-Type.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{State, audio_for, lock_state};

/// How an async job ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobOutcome {
    Success,
    Failed,
    Expired,
}

#[derive(Clone, Debug)]
pub struct FakeJob {
    pub text: String,
    pub format: String,
    pub request: Value,
    pub polls: usize,
    pub output_file: u64,
}

pub struct AsyncState {
    pub jobs: HashMap<u64, FakeJob>,
    pub files: HashMap<u64, Vec<u8>>,
    next_id: u64,
    /// When each async query arrived.
    pub queries: Vec<Instant>,
    /// Every HTTP request: method and path (with query).
    pub requests: Vec<(String, String)>,
    /// Queries answered "Processing" before a job ends.
    pub polls_until_done: usize,
    pub outcome: JobOutcome,
    /// retrieve_content answers with a JSON error instead of the tar.
    pub content_error: bool,
    /// retrieve_content sends only the start of the tar (a damaged transfer).
    pub content_damaged: bool,
    /// A job's audio is its recording this many times over (a long book, for the bench).
    pub audio_repeat: usize,
    /// Uploads: (purpose, filename, part Content-Type, bytes), by file id.
    pub uploads: HashMap<u64, Upload>,
    /// Voices made on this account: cloned and designed (`get_voice` lists them).
    pub cloned: Vec<String>,
    pub designed: Vec<String>,
    /// Only voices that exist may be synthesized with (the system ones, the made ones).
    pub strict_voices: bool,
    /// The next `voice_clone` / `voice_design` answers with this status code.
    pub clone_error: Option<i64>,
    pub design_error: Option<i64>,
    /// Where the clone's demo lives (another host).
    pub demo_url: Option<String>,
    /// Every voice_clone / voice_design / delete_voice body, in order.
    pub voice_requests: Vec<(String, Value)>,
}

#[derive(Clone, Debug)]
pub struct Upload {
    pub purpose: String,
    pub filename: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

/// The system voices the fake lists.
pub const SYSTEM_VOICES: &[&str] = &[
    "English_expressive_narrator",
    "Chinese (Mandarin)_News_Anchor",
    "Japanese_Whisper_Belle",
];

impl AsyncState {
    /// Whether a synthesis may use `voice_id` (always, unless `strict_voices`).
    pub fn voice_known(&self, voice_id: &str) -> bool {
        !self.strict_voices
            || SYSTEM_VOICES.contains(&voice_id)
            || self.cloned.iter().any(|v| v == voice_id)
            || self.designed.iter().any(|v| v == voice_id)
    }

    /// File ids start here (above 2^53 to catch ids passed through a float).
    pub fn set_next_file_id(&mut self, id: u64) {
        self.next_id = id - 1;
    }
}

impl Default for AsyncState {
    fn default() -> Self {
        AsyncState {
            jobs: HashMap::new(),
            files: HashMap::new(),
            next_id: 300_000_000_001,
            queries: Vec::new(),
            requests: Vec::new(),
            polls_until_done: 2,
            outcome: JobOutcome::Success,
            content_error: false,
            content_damaged: false,
            audio_repeat: 1,
            uploads: HashMap::new(),
            cloned: vec!["my-clone-1".to_string()],
            designed: Vec::new(),
            strict_voices: false,
            clone_error: None,
            design_error: None,
            demo_url: None,
            voice_requests: Vec::new(),
        }
    }
}

impl AsyncState {
    fn new_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
}

pub(crate) struct Request {
    pub method: String,
    pub target: String,
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    pub fn query(&self, key: &str) -> Option<String> {
        let query = self.target.split_once('?')?.1;
        query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.to_string())
    }
}

fn base(code: i64, msg: &str) -> Value {
    json!({"status_code": code, "status_msg": msg})
}

fn error_body(code: i64, msg: &str) -> Value {
    json!({"trace_id": "fake-http-trace", "base_resp": base(code, msg)})
}

pub(crate) async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Request> {
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target) = (first.next()?.to_string(), first.next()?.to_string());
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    buf.drain(..head_end);
    let body = if headers
        .get("transfer-encoding")
        .is_some_and(|v| v.contains("chunked"))
    {
        let mut body = Vec::new();
        loop {
            let line_end = loop {
                if let Some(p) = buf.windows(2).position(|w| w == b"\r\n") {
                    break p;
                }
                let mut chunk = [0u8; 4096];
                let n = stream.read(&mut chunk).await.ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
            };
            let size =
                usize::from_str_radix(String::from_utf8_lossy(&buf[..line_end]).trim(), 16).ok()?;
            while buf.len() < line_end + 2 + size + 2 {
                let mut chunk = [0u8; 4096];
                let n = stream.read(&mut chunk).await.ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            body.extend_from_slice(&buf[line_end + 2..line_end + 2 + size]);
            buf.drain(..line_end + 2 + size + 2);
            if size == 0 {
                break body;
            }
        }
    } else {
        let len: usize = headers
            .get("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        while buf.len() < len {
            let mut chunk = [0u8; 8192];
            let n = stream.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        buf.drain(..len).collect()
    };
    Some(Request {
        method,
        target,
        headers,
        body,
    })
}

async fn respond(stream: &mut TcpStream, status: u16, content_type: &str, body: &[u8]) -> bool {
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nTrace-Id: fake-http-trace\r\nConnection: keep-alive\r\n\r\n",
        if status == 200 { "OK" } else { "Error" },
        body.len()
    );
    stream.write_all(head.as_bytes()).await.is_ok() && stream.write_all(body).await.is_ok()
}

/// Serves HTTP requests on one connection until the client closes it.
pub async fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>) {
    let mut buf = Vec::new();
    while let Some(request) = read_request(&mut stream, &mut buf).await {
        if request.method == "POST" && request.path() == "/v1/t2a_v2" {
            let auth = request.headers.get("authorization").map(String::as_str);
            if !super::sse::serve(&mut stream, auth, &request.body, &state).await {
                return;
            }
            continue;
        }
        let (status, content_type, body) = handle(&request, &state);
        let close = request
            .headers
            .get("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"));
        if !respond(&mut stream, status, content_type, &body).await || close {
            return;
        }
    }
}

fn handle(request: &Request, state: &Arc<Mutex<State>>) -> (u16, &'static str, Vec<u8>) {
    let json_type = "application/json; charset=utf-8";
    let mut guard = lock_state(state);
    let key = guard.api_key.clone();
    let s = &mut guard.http;
    s.requests
        .push((request.method.clone(), request.target.clone()));
    let ok = |v: Value| (200, json_type, v.to_string().into_bytes());
    if request.headers.get("authorization").map(String::as_str) != Some(&format!("Bearer {key}")) {
        return ok(error_body(
            1004,
            "login fail: Please carry the API secret key in the 'Authorization' field",
        ));
    }
    match (request.method.as_str(), request.path()) {
        ("POST", "/v1/files/upload") => {
            let Some(part) = parse_multipart(request) else {
                return ok(error_body(2013, "invalid params, multipart body expected"));
            };
            let purpose = part.purpose.clone();
            if !["t2a_async_input", "voice_clone", "prompt_audio"].contains(&purpose.as_str()) {
                return ok(error_body(2013, "invalid params, purpose"));
            }
            let id = s.new_id();
            let bytes = part.content.len();
            s.files.insert(id, part.content.clone());
            let filename = part.filename.clone();
            s.uploads.insert(id, part);
            ok(json!({
                "file": {"file_id": id, "bytes": bytes, "created_at": 1700000000, "filename": filename, "purpose": purpose},
                "base_resp": base(0, "success"),
            }))
        }
        ("POST", "/v1/voice_clone") => {
            let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
                return ok(error_body(2013, "invalid params, body is not JSON"));
            };
            s.voice_requests.push(("voice_clone".into(), body.clone()));
            if let Some(code) = s.clone_error.take() {
                return ok(error_body(code, "injected clone failure"));
            }
            // The ids are int64: a string or a float is refused, as the reference types them.
            let Some(file_id) = body["file_id"].as_u64() else {
                return ok(error_body(
                    2013,
                    "invalid params, file_id must be an integer",
                ));
            };
            if s.uploads.get(&file_id).map(|u| u.purpose.as_str()) != Some("voice_clone") {
                return ok(error_body(20132, "invalid samples or voice_id"));
            }
            let voice_id = body["voice_id"].as_str().unwrap_or("").to_string();
            let well_formed = (8..=256).contains(&voice_id.chars().count())
                && voice_id.starts_with(|c: char| c.is_ascii_alphabetic())
                && voice_id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !well_formed {
                return ok(error_body(20132, "invalid samples or voice_id"));
            }
            if s.cloned.contains(&voice_id) || s.designed.contains(&voice_id) {
                return ok(error_body(2039, "voice clone voice id duplicate"));
            }
            if let Some(prompt) = body.get("clone_prompt") {
                let prompt_file = prompt["prompt_audio"].as_u64();
                if prompt_file
                    .and_then(|id| s.uploads.get(&id))
                    .map(|u| u.purpose.as_str())
                    != Some("prompt_audio")
                    || prompt["prompt_text"].as_str().unwrap_or("").is_empty()
                {
                    return ok(error_body(2013, "invalid params, clone_prompt"));
                }
            }
            let text = body["text"].as_str().unwrap_or("");
            if !text.is_empty() && body["model"].as_str().unwrap_or("").is_empty() {
                return ok(error_body(
                    2013,
                    "invalid params, model is required with text",
                ));
            }
            s.cloned.push(voice_id);
            let demo = if text.is_empty() {
                String::new()
            } else {
                s.demo_url.clone().unwrap_or_default()
            };
            ok(json!({
                "input_sensitive": false,
                "input_sensitive_type": 0,
                "demo_audio": demo,
                "base_resp": base(0, "success"),
            }))
        }
        ("POST", "/v1/voice_design") => {
            let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
                return ok(error_body(2013, "invalid params, body is not JSON"));
            };
            s.voice_requests.push(("voice_design".into(), body.clone()));
            if let Some(code) = s.design_error.take() {
                return ok(error_body(code, "injected design failure"));
            }
            if body["prompt"].as_str().unwrap_or("").is_empty()
                || body["preview_text"].as_str().unwrap_or("").is_empty()
            {
                return ok(error_body(
                    2013,
                    "invalid params, prompt and preview_text are required",
                ));
            }
            let voice_id = match body["voice_id"].as_str() {
                Some(id) => id.to_string(),
                None => format!("ttv-voice-{}", s.new_id()),
            };
            if s.cloned.contains(&voice_id) || s.designed.contains(&voice_id) {
                return ok(error_body(2039, "voice id duplicate"));
            }
            s.designed.push(voice_id.clone());
            ok(json!({
                "voice_id": voice_id,
                "trial_audio": hex::encode(super::fixture("hello.mp3")),
                "base_resp": base(0, "success"),
            }))
        }
        ("POST", "/v1/delete_voice") => {
            let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
                return ok(error_body(2013, "invalid params, body is not JSON"));
            };
            s.voice_requests.push(("delete_voice".into(), body.clone()));
            let voice_id = body["voice_id"].as_str().unwrap_or("").to_string();
            let list = match body["voice_type"].as_str() {
                Some("voice_cloning") => &mut s.cloned,
                Some("voice_generation") => &mut s.designed,
                _ => return ok(error_body(2013, "invalid params, voice_type")),
            };
            let Some(at) = list.iter().position(|v| *v == voice_id) else {
                return ok(error_body(2042, "You don't have access to this voice_id"));
            };
            list.remove(at);
            ok(
                json!({"voice_id": voice_id, "created_time": "2025-08-20", "base_resp": base(0, "success")}),
            )
        }
        ("POST", "/v1/t2a_async_v2") => {
            let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
                return ok(error_body(2013, "invalid params, body is not JSON"));
            };
            if body["model"].as_str().unwrap_or("").is_empty()
                || body["voice_setting"]["voice_id"]
                    .as_str()
                    .unwrap_or("")
                    .is_empty()
            {
                return ok(error_body(
                    2013,
                    "invalid params, model and voice_setting.voice_id are required",
                ));
            }
            let text = match (&body["text"], &body["text_file_id"]) {
                (Value::String(t), Value::Null) => {
                    if t.chars().count() > 50_000 {
                        return ok(error_body(2013, "invalid params, text too long"));
                    }
                    t.clone()
                }
                (Value::Null, Value::Number(n)) => match n.as_u64().and_then(|id| s.files.get(&id))
                {
                    Some(content) => String::from_utf8_lossy(content).into_owned(),
                    None => return ok(error_body(2013, "invalid params, text_file_id not found")),
                },
                // A string id, both fields, or neither: refused as the real API does.
                _ => return ok(error_body(2013, "invalid params, text_file_id")),
            };
            let format = body["audio_setting"]["format"]
                .as_str()
                .unwrap_or("mp3")
                .to_string();
            let task_id = s.new_id();
            let output_file = s.new_id();
            let chars = text.chars().count();
            s.jobs.insert(
                task_id,
                FakeJob {
                    text,
                    format,
                    request: body.clone(),
                    polls: 0,
                    output_file,
                },
            );
            ok(json!({
                "task_id": task_id,
                "task_token": "fake-token",
                "file_id": output_file,
                "usage_characters": chars,
                "base_resp": base(0, "success"),
            }))
        }
        ("GET", "/v1/query/t2a_async_query_v2") => {
            s.queries.push(Instant::now());
            let Some(task_id) = request.query("task_id").and_then(|v| v.parse::<u64>().ok()) else {
                return ok(error_body(2013, "invalid params, task_id"));
            };
            let (until, outcome) = (s.polls_until_done, s.outcome);
            let Some(job) = s.jobs.get_mut(&task_id) else {
                return ok(error_body(2013, "invalid params, task not found"));
            };
            job.polls += 1;
            let status = if job.polls <= until {
                "Processing"
            } else {
                match outcome {
                    JobOutcome::Success => "Success",
                    JobOutcome::Failed => "Failed",
                    JobOutcome::Expired => "Expired",
                }
            };
            let file_id = job.output_file;
            ok(
                json!({"task_id": task_id, "status": status, "file_id": file_id, "base_resp": base(0, "success")}),
            )
        }
        ("GET", "/v1/files/retrieve") => {
            let id = request
                .query("file_id")
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
            ok(json!({
                "file": {"file_id": id, "bytes": 0, "created_at": 1700000000, "filename": format!("{id}.tar"),
                         "purpose": "t2a_async", "download_url": "https://example.invalid/download"},
                "base_resp": base(0, "success"),
            }))
        }
        ("GET", "/v1/files/retrieve_content") => {
            if s.content_error {
                return ok(error_body(1000, "file retrieval failed"));
            }
            let id = request
                .query("file_id")
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
            let Some((task_id, job)) = s.jobs.iter().find(|(_, j)| j.output_file == id) else {
                return ok(error_body(2013, "invalid params, file not found"));
            };
            // The Content-Type says JSON even for the tar (a documented quirk).
            let mut archive = job_archive_repeated(*task_id, job, s.audio_repeat);
            if s.content_damaged {
                archive.truncate(700);
            }
            (200, json_type, archive)
        }
        ("POST", "/v1/get_voice") => {
            let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
            let kind = body["voice_type"].as_str().unwrap_or("");
            let system = json!([
                {"voice_id": SYSTEM_VOICES[0], "voice_name": "Expressive Narrator", "description": ["A warm storyteller"], "created_time": "1970-01-01"},
                {"voice_id": SYSTEM_VOICES[1], "voice_name": "News Anchor", "description": ["Formal news voice"], "created_time": "1970-01-01"},
                {"voice_id": SYSTEM_VOICES[2], "voice_name": null, "description": null, "created_time": "1970-01-01"},
            ]);
            let made = |ids: &[String]| {
                // Missing and null arrays both occur: an empty list is sent as null.
                if ids.is_empty() {
                    Value::Null
                } else {
                    ids.iter()
                        .map(|id| json!({"voice_id": id, "description": [], "created_time": "2025-08-20"}))
                        .collect()
                }
            };
            let cloning = made(&s.cloned);
            let generation = made(&s.designed);
            match kind {
                "system" => ok(json!({"system_voice": system, "base_resp": base(0, "success")})),
                "voice_cloning" => {
                    ok(json!({"voice_cloning": cloning, "base_resp": base(0, "success")}))
                }
                "voice_generation" => {
                    ok(json!({"voice_generation": generation, "base_resp": base(0, "success")}))
                }
                "all" => ok(
                    json!({"system_voice": system, "voice_cloning": cloning, "voice_generation": generation, "base_resp": base(0, "success")}),
                ),
                _ => ok(error_body(2013, "invalid params, voice_type")),
            }
        }
        _ => (404, "text/plain", b"404 page not found".to_vec()),
    }
}

/// The job's result: `<task_id>/content-<task_id>.<fmt>`, `.titles` and `.extra`.
pub fn job_archive(task_id: u64, job: &FakeJob) -> Vec<u8> {
    job_archive_repeated(task_id, job, 1)
}

/// The archive with the job's audio `times` over.
pub fn job_archive_repeated(task_id: u64, job: &FakeJob, times: usize) -> Vec<u8> {
    let audio = super::repeated(&job.format, &job_audio(job), times);
    let duration_ms = super::audio_ms_from_pcm(&job.text);
    let sentences: Vec<&str> = job
        .text
        .split_inclusive(['.', '!', '?'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let step = duration_ms as f64 / sentences.len().max(1) as f64;
    let titles: Vec<Value> = sentences
        .iter()
        .enumerate()
        .map(|(i, s)| json!({"text": s, "pronounce_text": s, "time_begin": i as f64 * step, "time_end": (i + 1) as f64 * step, "text_begin": 0, "text_end": s.chars().count()}))
        .collect();
    let extra = json!({"audio_length": duration_ms, "audio_sample_rate": if job.format == "mp3" { 32000 } else { 16000 }, "audio_size": audio.len(), "bitrate": 64000, "vol": 1, "word_count": job.text.split_whitespace().count()});
    let mut builder = tar::Builder::new(Vec::new());
    let mut add = |name: String, data: &[u8]| {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, name, data)
            .expect("tar entry");
    };
    add(
        format!("{task_id}/content-{task_id}.{}", job.format),
        &audio,
    );
    add(
        format!("{task_id}/content-{task_id}.titles"),
        Value::Array(titles).to_string().as_bytes(),
    );
    add(
        format!("{task_id}/content-{task_id}.extra"),
        extra.to_string().as_bytes(),
    );
    builder.into_inner().expect("tar")
}

/// The audio a job produces: the recording chosen by its text, as for WebSocket.
pub fn job_audio(job: &FakeJob) -> Vec<u8> {
    audio_for(&job.format, &job.text)
}

/// The upload's form: `purpose` and the `file` part (its name, Content-Type and bytes).
fn parse_multipart(request: &Request) -> Option<Upload> {
    let content_type = request.headers.get("content-type")?;
    let boundary = content_type.split("boundary=").nth(1)?.trim_matches('"');
    let (mut purpose, mut file) = (None, None);
    for (head, data) in multipart_parts(&request.body, boundary)? {
        if head.contains("name=\"purpose\"") {
            purpose = Some(String::from_utf8_lossy(&data).into_owned());
        } else if head.contains("name=\"file\"") {
            let filename = head
                .split("filename=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("")
                .to_string();
            let content_type = head
                .lines()
                .find_map(|l| {
                    l.strip_prefix("content-type: ")
                        .or(l.strip_prefix("Content-Type: "))
                })
                .unwrap_or("")
                .trim()
                .to_string();
            file = Some((filename, content_type, data));
        }
    }
    let (filename, content_type, content) = file?;
    Some(Upload {
        purpose: purpose?,
        filename,
        content_type,
        content,
    })
}

/// A multipart body's parts: each part's head (as text) and data.
pub fn multipart_parts(body: &[u8], boundary: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut start = find(body, delimiter.as_bytes(), 0)? + delimiter.len();
    while let Some(next) = find(body, delimiter.as_bytes(), start) {
        let part = &body[start..next];
        start = next + delimiter.len();
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let head_end = find(part, b"\r\n\r\n", 0)?;
        let head = String::from_utf8_lossy(&part[..head_end]).into_owned();
        let data = &part[head_end + 4..];
        let data = data.strip_suffix(b"\r\n").unwrap_or(data);
        parts.push((head, data.to_vec()));
    }
    Some(parts)
}

/// A storage host for clone demos: serves `audio` at any path and records each request's
/// headers (the API key must never arrive here).
pub struct DemoHost {
    pub url: String,
    pub requests: Arc<Mutex<Vec<HashMap<String, String>>>>,
    _listener: super::Listener,
}

impl DemoHost {
    pub fn start(audio: Vec<u8>) -> DemoHost {
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        let audio = Arc::new(audio);
        let listener = super::Listener::start(move |mut stream| {
            let seen = seen.clone();
            let audio = audio.clone();
            async move {
                let mut buf = Vec::new();
                while let Some(request) = read_request(&mut stream, &mut buf).await {
                    seen.lock().unwrap().push(request.headers.clone());
                    if !respond(&mut stream, 200, "audio/mpeg", &audio).await {
                        return;
                    }
                }
            }
        });
        DemoHost {
            url: format!(
                "http://{}/voice_clone/demo-audio.mp3?Expires=1&Signature=x",
                listener.addr
            ),
            requests,
            _listener: listener,
        }
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}
