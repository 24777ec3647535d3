//! An in-process fake of Fish Audio's live TTS WebSocket (`/v1/tts/live`,
//! https://docs.fish.audio/features/realtime-streaming) and its voice list (`GET /model`):
//! every message one MessagePack map in a binary frame, audio as `bin` cut across MP3
//! frames, WAV with the placeholder sizes Fish sends, text buffered until `flush` or
//! `stop`, one `finish` then a close. It refuses a missing or unknown `model` header (the
//! real service would silently bill the paid s2.1-pro), and injects faults.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde::Serialize;
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http as ws_http;

use super::{API_KEY, DEFAULT_CHUNKS, Listener, fixture};

pub const MODELS: &[&str] = &["s1", "s2-pro", "s2.1-pro", "s2.1-pro-free"];

/// A fault for one connection.
#[derive(Clone, Debug)]
pub enum FishFault {
    /// Refuse the upgrade with this status and a Fish-style JSON body.
    Handshake(u16),
    /// `finish` with `reason: "error"` after this many audio chunks.
    FinishError { after_chunks: usize },
    /// Drop the TCP connection after this many audio chunks.
    Drop { after_chunks: usize },
    /// Send nothing more after this many audio chunks.
    Stall { after_chunks: usize },
    /// A binary frame that is not MessagePack after this many chunks.
    Garbage { after_chunks: usize },
    /// A text frame and an unknown event mid-stream (to be ignored); the session succeeds.
    Noise,
    /// All audio, then a close without `finish`.
    CloseBeforeFinish,
}

/// What one connection saw.
#[derive(Clone, Debug, Default)]
pub struct FishConnection {
    pub authorization: Option<String>,
    pub model: Option<String>,
    /// Every client message, decoded, with when it arrived.
    pub messages: Vec<Value>,
    pub arrived: Vec<Instant>,
}

impl FishConnection {
    pub fn start(&self) -> Option<&Value> {
        self.messages.iter().find(|m| m["event"] == "start")
    }

    pub fn texts(&self) -> Vec<String> {
        self.messages
            .iter()
            .filter(|m| m["event"] == "text")
            .map(|m| m["text"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    pub fn events(&self) -> Vec<String> {
        self.messages
            .iter()
            .map(|m| m["event"].as_str().unwrap_or("?").to_string())
            .collect()
    }
}

struct FishState {
    faults: VecDeque<FishFault>,
    connections: Vec<FishConnection>,
    chunk_delay: Duration,
    /// Wait before the first chunk of each flushed piece (synthesis latency).
    first_chunk_delay: Duration,
    voices: Vec<Value>,
    /// Query strings of `GET /model` requests.
    voice_queries: Vec<String>,
    /// The one key this fake accepts.
    api_key: String,
    /// Every HTTP request: method and target.
    http_requests: Vec<(String, String)>,
    /// Models created: their text fields and sample bytes.
    created: Vec<CreatedModel>,
    /// Voice-design request bodies.
    designs: Vec<Value>,
    credit: String,
}

/// What one `POST /model` carried.
#[derive(Clone, Debug, Default)]
pub struct CreatedModel {
    /// The text fields (name, value), in order.
    pub fields: Vec<(String, String)>,
    pub samples: Vec<Vec<u8>>,
}

impl CreatedModel {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

pub struct FishServer {
    pub addr: SocketAddr,
    state: Arc<Mutex<FishState>>,
    _listener: Listener,
}

/// The audio Fish would send for one flushed piece of text in `format`: one of two
/// phrases chosen by the text (as the MiniMax fake does).
pub fn piece_audio(format: &str, text: &str) -> Vec<u8> {
    let phrase = if text.trim().bytes().map(u64::from).sum::<u64>() % 2 == 0 {
        "hello"
    } else {
        "world"
    };
    let name = match format {
        "wav" | "pcm" => "pcm",
        other => other,
    };
    fixture(&format!("{phrase}.{name}"))
}

/// A 16-bit mono WAV header with the given size fields.
pub fn wav_header(rate: u32, riff_len: u32, data_len: u32) -> Vec<u8> {
    let mut h = Vec::with_capacity(44);
    h.extend_from_slice(b"RIFF");
    h.extend_from_slice(&riff_len.to_le_bytes());
    h.extend_from_slice(b"WAVEfmt ");
    h.extend_from_slice(&16u32.to_le_bytes());
    h.extend_from_slice(&1u16.to_le_bytes());
    h.extend_from_slice(&1u16.to_le_bytes());
    h.extend_from_slice(&rate.to_le_bytes());
    h.extend_from_slice(&(rate * 2).to_le_bytes());
    h.extend_from_slice(&2u16.to_le_bytes());
    h.extend_from_slice(&16u16.to_le_bytes());
    h.extend_from_slice(b"data");
    h.extend_from_slice(&data_len.to_le_bytes());
    h
}

/// A WAV header as Fish sends it: the sizes are placeholders (RIFF 4294967076, data
/// 4294967040).
pub fn placeholder_wav_header(rate: u32) -> Vec<u8> {
    wav_header(rate, 4_294_967_076, 4_294_967_040)
}

/// A fault queued and never taken means the test did not test what it says.
impl Drop for FishServer {
    fn drop(&mut self) {
        let unused = std::mem::take(&mut self.lock().faults);
        if !unused.is_empty() && !std::thread::panicking() {
            panic!("faults queued on the fake Fish server were never used: {unused:?}");
        }
    }
}

impl FishServer {
    pub fn start() -> FishServer {
        let state = Arc::new(Mutex::new(FishState {
            faults: VecDeque::new(),
            connections: Vec::new(),
            chunk_delay: Duration::ZERO,
            first_chunk_delay: Duration::ZERO,
            voices: Vec::new(),
            voice_queries: Vec::new(),
            api_key: API_KEY.to_string(),
            http_requests: Vec::new(),
            created: Vec::new(),
            designs: Vec::new(),
            credit: "12.3400".into(),
        }));
        let served = state.clone();
        let listener = Listener::start(move |stream| serve(stream, served.clone()));
        FishServer {
            addr: listener.addr,
            state,
            _listener: listener,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn push_fault(&self, fault: FishFault) -> &Self {
        self.lock().faults.push_back(fault);
        self
    }

    pub fn set_chunk_delay(&self, delay: Duration) {
        self.lock().chunk_delay = delay;
    }

    pub fn set_first_chunk_delay(&self, delay: Duration) {
        self.lock().first_chunk_delay = delay;
    }

    /// Accept only `key` (a fake that refuses every other provider's key).
    pub fn set_api_key(&self, key: &str) {
        self.lock().api_key = key.to_string();
    }

    pub fn set_voices(&self, voices: Vec<Value>) {
        self.lock().voices = voices;
    }

    pub fn voice_queries(&self) -> Vec<String> {
        self.lock().voice_queries.clone()
    }

    pub fn http_requests(&self) -> Vec<(String, String)> {
        self.lock().http_requests.clone()
    }

    pub fn created(&self) -> Vec<CreatedModel> {
        self.lock().created.clone()
    }

    pub fn designs(&self) -> Vec<Value> {
        self.lock().designs.clone()
    }

    pub fn voices(&self) -> Vec<Value> {
        self.lock().voices.clone()
    }

    pub fn connections(&self) -> Vec<FishConnection> {
        self.lock().connections.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FishState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn lock(state: &Arc<Mutex<FishState>>) -> std::sync::MutexGuard<'_, FishState> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

#[derive(Serialize)]
struct AudioEvent<'a> {
    event: &'static str,
    #[serde(with = "serde_bytes")]
    audio: &'a [u8],
}

/// A client message as JSON, with MessagePack `bin` kept apart from an array of
/// numbers: `{"$bin": "<hex>"}` (what references' audio must be).
pub fn decode(bytes: &[u8]) -> Result<Value, String> {
    let value = rmpv::decode::read_value(&mut &bytes[..]).map_err(|e| e.to_string())?;
    Ok(to_json(value))
}

fn to_json(value: rmpv::Value) -> Value {
    use rmpv::Value as M;
    match value {
        M::Nil => Value::Null,
        M::Boolean(b) => Value::Bool(b),
        M::Integer(i) => i
            .as_u64()
            .map(Value::from)
            .or_else(|| i.as_i64().map(Value::from))
            .unwrap_or(Value::Null),
        M::F32(f) => json!(f),
        M::F64(f) => json!(f),
        M::String(s) => Value::String(s.into_str().unwrap_or_default()),
        M::Binary(b) => json!({"$bin": hex::encode(b)}),
        M::Array(items) => Value::Array(items.into_iter().map(to_json).collect()),
        M::Map(entries) => Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), to_json(v)))
                .collect(),
        ),
        M::Ext(..) => Value::Null,
    }
}

fn msgpack(value: &impl Serialize) -> Message {
    Message::binary(rmp_serde::to_vec_named(value).expect("encode"))
}

// The handshake callback's signature is tungstenite's.
#[allow(clippy::result_large_err)]
async fn serve(stream: TcpStream, state: Arc<Mutex<FishState>>) {
    let _ = stream.set_nodelay(true);
    let mut peeked = [0u8; 32];
    let is_live = loop {
        match stream.peek(&mut peeked).await {
            Ok(n) if n >= 20 || n == 0 => break peeked[..n].starts_with(b"GET /v1/tts/live"),
            Ok(_) => tokio::task::yield_now().await,
            Err(_) => return,
        }
    };
    if !is_live {
        return serve_http(stream, state).await;
    }
    let (conn, fault) = {
        let mut s = lock(&state);
        s.connections.push(FishConnection::default());
        (s.connections.len() - 1, s.faults.pop_front())
    };
    let refusal = |status: u16, message: &str| {
        let body = json!({"status": status, "message": message}).to_string();
        let mut response = ErrorResponse::new(Some(body));
        *response.status_mut() = ws_http::StatusCode::from_u16(status).expect("status");
        response
    };
    let callback_state = state.clone();
    let handshake_fault = fault.clone();
    let callback = move |request: &Request, response: Response| {
        let header = |name: &str| {
            request
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let authorization = header("authorization");
        let model = header("model");
        let accepted = {
            let mut s = lock(&callback_state);
            s.connections[conn].authorization = authorization.clone();
            s.connections[conn].model = model.clone();
            format!("Bearer {}", s.api_key)
        };
        if let Some(FishFault::Handshake(status)) = handshake_fault {
            let message = match status {
                401 => "Invalid api key",
                402 => "Insufficient balance",
                429 => "Too many requests",
                _ => "Service unavailable",
            };
            return Err(refusal(status, message));
        }
        if authorization.as_deref() != Some(&accepted) {
            return Err(refusal(401, "Invalid api key"));
        }
        match model.as_deref() {
            None => Err(refusal(
                400,
                "fake: no model header (the real service would bill s2.1-pro)",
            )),
            Some(m) if !MODELS.contains(&m) => Err(refusal(404, "Model not found")),
            Some(_) => Ok(response),
        }
    };
    let Ok(mut ws) = tokio_tungstenite::accept_hdr_async(stream, callback).await else {
        return;
    };
    let log = |value: Value| {
        let mut s = lock(&state);
        s.connections[conn].messages.push(value);
        s.connections[conn].arrived.push(Instant::now());
    };
    // The first frame must be `start`.
    let request = match ws.next().await {
        Some(Ok(Message::Binary(bytes))) => match decode(&bytes) {
            Ok(value) if value["event"] == "start" => {
                log(value.clone());
                value["request"].clone()
            }
            Ok(value) => {
                log(value);
                let _ = ws
                    .send(msgpack(&json!({"event": "finish", "reason": "error"})))
                    .await;
                return;
            }
            Err(_) => return,
        },
        _ => return,
    };
    let format = request["format"].as_str().unwrap_or("mp3").to_string();
    let rate = request["sample_rate"].as_u64().unwrap_or(44100) as u32;
    let (delay, first_delay) = {
        let s = lock(&state);
        (s.chunk_delay, s.first_chunk_delay)
    };
    let mut buffer = String::new();
    let mut sent_chunks = 0usize;
    let mut header_sent = false;
    let mut sizes = DEFAULT_CHUNKS.iter().cycle();
    loop {
        let Some(Ok(message)) = ws.next().await else {
            return;
        };
        let Message::Binary(bytes) = message else {
            continue;
        };
        let Ok(value) = decode(&bytes) else {
            return;
        };
        log(value.clone());
        let event = value["event"].as_str().unwrap_or_default().to_string();
        match event.as_str() {
            "text" => buffer.push_str(value["text"].as_str().unwrap_or_default()),
            "flush" | "stop" => {
                let text = std::mem::take(&mut buffer);
                if !text.trim().is_empty() {
                    let mut audio = Vec::new();
                    if format == "wav" && !header_sent {
                        audio.extend(placeholder_wav_header(rate));
                        header_sent = true;
                    }
                    audio.extend(piece_audio(&format, &text));
                    if !first_delay.is_zero() {
                        tokio::time::sleep(first_delay).await;
                    }
                    let mut at = 0;
                    while at < audio.len() {
                        let size = *sizes.next().expect("cycle");
                        let end = (at + size).min(audio.len());
                        match &fault {
                            Some(FishFault::FinishError { after_chunks })
                                if sent_chunks == *after_chunks =>
                            {
                                let _ = ws
                                    .send(msgpack(&json!({"event": "finish", "reason": "error", "message": "synthesis failed"})))
                                    .await;
                                let _ = ws.close(None).await;
                                return;
                            }
                            Some(FishFault::Drop { after_chunks })
                                if sent_chunks == *after_chunks =>
                            {
                                return;
                            }
                            Some(FishFault::Stall { after_chunks })
                                if sent_chunks == *after_chunks =>
                            {
                                tokio::time::sleep(Duration::from_secs(30)).await;
                                return;
                            }
                            Some(FishFault::Garbage { after_chunks })
                                if sent_chunks == *after_chunks =>
                            {
                                let _ =
                                    ws.send(Message::binary(vec![0xc1, 0x00, 0xff, 0x13])).await;
                            }
                            Some(FishFault::Noise) if sent_chunks == 1 => {
                                let _ = ws
                                    .send(Message::text("{\"event\":\"log\",\"message\":\"hi\"}"))
                                    .await;
                                let _ =
                                    ws.send(msgpack(&json!({"event": "mystery", "x": 1}))).await;
                                let _ = ws
                                    .send(msgpack(
                                        &json!({"event": "log", "message": "debug line"}),
                                    ))
                                    .await;
                            }
                            _ => {}
                        }
                        if ws
                            .send(msgpack(&AudioEvent {
                                event: "audio",
                                audio: &audio[at..end],
                            }))
                            .await
                            .is_err()
                        {
                            return;
                        }
                        sent_chunks += 1;
                        at = end;
                        if !delay.is_zero() {
                            tokio::time::sleep(delay).await;
                        }
                    }
                }
                if event == "stop" {
                    if !matches!(fault, Some(FishFault::CloseBeforeFinish)) {
                        let _ = ws
                            .send(msgpack(&json!({"event": "finish", "reason": "stop"})))
                            .await;
                    }
                    // Fish often closes without a close frame.
                    return;
                }
            }
            _ => {}
        }
    }
}

/// `GET /model?page_size=&page_number=&self=&title=`: `{total, items}` pages.
/// Fish's HTTP side: the model list, create, get and delete, voice design and the
/// API credit. Errors are `{status, message}` bodies or 422 validation arrays.
async fn serve_http(mut stream: TcpStream, state: Arc<Mutex<FishState>>) {
    let mut buf = Vec::new();
    let Some(request) = super::http::read_request(&mut stream, &mut buf).await else {
        return;
    };
    let (status, body) = http_reply(&request, &state);
    let body = if body.is_null() {
        String::new()
    } else {
        body.to_string()
    };
    let reason = if (200..300).contains(&status) {
        "OK"
    } else {
        "Error"
    };
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// A model's id as Fish makes them: 32 hex digits.
fn new_model_id(n: usize) -> String {
    format!(
        "{:032x}",
        0x5eed_0000_0000_0000_0000_0000_0000_0000u128 + n as u128
    )
}

fn http_reply(request: &super::http::Request, state: &Arc<Mutex<FishState>>) -> (u16, Value) {
    let mut s = lock(state);
    let accepted = format!("Bearer {}", s.api_key);
    if request.headers.get("authorization") != Some(&accepted) {
        return (401, json!({"status": 401, "message": "Invalid api key"}));
    }
    let not_found = || (404, json!({"status": 404, "message": "Not found"}));
    let path = request.path().to_string();
    s.http_requests
        .push((request.method.clone(), request.target.clone()));
    match (request.method.as_str(), path.as_str()) {
        ("GET", "/model") => {
            let query = request
                .target
                .split_once('?')
                .map_or("", |(_, q)| q)
                .to_string();
            s.voice_queries.push(query.clone());
            let param = |name: &str| {
                query
                    .split('&')
                    .filter_map(|kv| kv.split_once('='))
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.replace("%20", " ").replace('+', " "))
            };
            let own = param("self").as_deref() == Some("true");
            let title = param("title").map(|t| t.to_lowercase());
            let size: usize = param("page_size")
                .and_then(|v| v.parse().ok())
                .unwrap_or(10);
            let page: usize = param("page_number")
                .and_then(|v| v.parse().ok())
                .unwrap_or(1);
            let matching: Vec<Value> = s
                .voices
                .iter()
                .filter(|v| !own || v["visibility"] == "private" || v["author"]["_id"] == "me")
                .filter(|v| {
                    title.as_deref().is_none_or(|t| {
                        v["title"].as_str().unwrap_or("").to_lowercase().contains(t)
                    })
                })
                .cloned()
                .collect();
            let items: Vec<Value> = matching
                .iter()
                .skip((page - 1) * size)
                .take(size)
                .cloned()
                .collect();
            (200, json!({"total": matching.len(), "items": items}))
        }
        ("POST", "/model") => {
            let Some(boundary) = request
                .headers
                .get("content-type")
                .and_then(|c| c.split("boundary=").nth(1))
                .map(|b| b.trim_matches('"').to_string())
            else {
                return (
                    422,
                    json!([{"loc": ["body"], "msg": "multipart form expected", "type": "value_error"}]),
                );
            };
            let parts = super::http::multipart_parts(&request.body, &boundary).unwrap_or_default();
            let field = |name: &str| {
                parts
                    .iter()
                    .filter(|(head, _)| head.contains(&format!("name=\"{name}\"")))
                    .map(|(head, data)| (head.clone(), data.clone()))
                    .collect::<Vec<_>>()
            };
            let text = |name: &str| {
                field(name)
                    .first()
                    .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
            };
            let mut missing = Vec::new();
            for name in ["type", "title", "train_mode", "voices"] {
                if field(name).is_empty() {
                    missing.push(json!({"loc": ["body", name], "msg": "field required", "type": "value_error.missing"}));
                }
            }
            if !missing.is_empty() {
                return (422, Value::Array(missing));
            }
            // The API's default is public.
            let visibility = text("visibility").unwrap_or_else(|| "public".into());
            if visibility == "public" && field("cover_image").is_empty() {
                return (
                    422,
                    json!([{"loc": ["body", "cover_image"], "msg": "cover image is required for public models", "type": "value_error"}]),
                );
            }
            let id = new_model_id(s.created.len() + 1);
            let samples: Vec<Vec<u8>> = field("voices").into_iter().map(|(_, d)| d).collect();
            let texts: Vec<String> = field("texts")
                .into_iter()
                .map(|(_, d)| String::from_utf8_lossy(&d).into_owned())
                .collect();
            let model = json!({
                "_id": id,
                "type": "tts",
                "title": text("title"),
                "description": text("description").unwrap_or_default(),
                "visibility": visibility,
                "state": "trained",
                "train_mode": text("train_mode"),
                "samples": samples.iter().enumerate().map(|(i, _)| json!({"title": format!("sample {i}"), "text": texts.get(i)})).collect::<Vec<_>>(),
                "languages": ["en"],
                "created_at": "2026-12-01T12:00:00Z",
                "author": {"_id": "me", "nickname": "tester"},
            });
            s.created.push(CreatedModel {
                fields: parts
                    .iter()
                    .filter(|(head, _)| !head.contains("filename="))
                    .map(|(head, data)| {
                        let name = head
                            .split("name=\"")
                            .nth(1)
                            .and_then(|n| n.split('"').next())
                            .unwrap_or("")
                            .to_string();
                        (name, String::from_utf8_lossy(data).into_owned())
                    })
                    .collect(),
                samples,
            });
            s.voices.push(model.clone());
            (201, model)
        }
        ("POST", "/v1/voice-design") => {
            if request.headers.get("model").map(String::as_str) != Some("voice-design-1") {
                return (
                    400,
                    json!({"status": 400, "message": "model header must be voice-design-1"}),
                );
            }
            let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
                return (
                    422,
                    json!([{"loc": ["body"], "msg": "invalid json", "type": "value_error"}]),
                );
            };
            s.designs.push(body.clone());
            let instruction = body["instruction"].as_str().unwrap_or("");
            if instruction.is_empty() || instruction.chars().count() > 2000 {
                return (
                    422,
                    json!([{"loc": ["body", "instruction"], "msg": "1 to 2000 characters", "type": "value_error"}]),
                );
            }
            let n = body["n"].as_u64().unwrap_or(2);
            if !(1..=4).contains(&n) {
                return (
                    422,
                    json!([{"loc": ["body", "n"], "msg": "1 to 4", "type": "value_error"}]),
                );
            }
            use base64::Engine as _;
            let candidates: Vec<Value> = (0..n)
                .map(|i| {
                    let pcm = fixture(if i % 2 == 0 { "hello.pcm" } else { "world.pcm" });
                    let mut wav = wav_header(16000, 36 + pcm.len() as u32, pcm.len() as u32);
                    wav.extend(&pcm);
                    json!({
                        "id": format!("cand-{i}"),
                        "index": i,
                        "audio_base64": base64::engine::general_purpose::STANDARD.encode(&wav),
                        "sample_rate": 16000,
                        "duration_ms": pcm.len() as u64 * 1000 / 32000,
                        "text": body["reference_text"],
                    })
                })
                .collect();
            (200, json!({"candidates": candidates}))
        }
        ("GET", "/wallet/self/api-credit") => (
            200,
            json!({"_id": "w1", "user_id": "me", "credit": s.credit, "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-12-01T00:00:00Z"}),
        ),
        (method, path) if path.starts_with("/model/") => {
            let id = &path["/model/".len()..];
            let at = s.voices.iter().position(|v| v["_id"] == id);
            match (method, at) {
                ("GET", Some(at)) => (200, s.voices[at].clone()),
                ("DELETE", Some(at)) => {
                    s.voices.remove(at);
                    // The reply's body is not documented: an empty one.
                    (200, Value::Null)
                }
                _ => not_found(),
            }
        }
        _ => not_found(),
    }
}
