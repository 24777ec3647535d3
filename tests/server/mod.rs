//! An in-process fake of MiniMax's speech API, faithful to its WebSocket reference
//! (https://platform.minimax.io/docs/api-reference/speech-t2a-websocket) for
//! `/ws/v1/t2a_v2`: the documented envelope on every event, hex audio from
//! real recordings cut into chunks that split MP3 frames, one `is_final` per
//! `task_continue` with `extra_info`, the server-side checks (2013, 2202, 2203, 2204, 1042,
//! 1004) and switches to inject faults. `http.rs` serves the async, files and voices
//! endpoints, `sse.rs` the streamed HTTP synthesis.

#![allow(dead_code)]

pub mod fish;
pub mod http;
pub mod proxy;
pub mod sse;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http as ws_http;

pub const API_KEY: &str = "sk-api-test-key-0123456789";

/// Chunk sizes the fake cycles through: none is a multiple of the 288-byte MP3 frame of
/// the fixtures, so chunks cut frames in half.
pub const DEFAULT_CHUNKS: &[usize] = &[1000, 777, 1500, 333];

pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

/// What the fake serves for `text` in `format`, FLAC at `flac_bits`.
pub fn served_audio(format: &str, text: &str, flac_bits: u32) -> Vec<u8> {
    match (format, flac_bits) {
        ("flac", 24) => fixture(&format!("{}24.flac", phrase(text))),
        _ => audio_for(format, text),
    }
}

/// Which of the two recordings a text gets.
fn phrase(text: &str) -> &'static str {
    if text.bytes().map(u64::from).sum::<u64>() % 2 == 0 {
        "hello"
    } else {
        "world"
    }
}

/// The recording the fake serves for `text` in `format` ("mp3", "pcm", "flac"): one of
/// two phrases, chosen by the text so a retried segment gets the same audio again.
pub fn audio_for(format: &str, text: &str) -> Vec<u8> {
    fixture(&format!("{}.{format}", phrase(text)))
}

/// What the final (`is_final: true`) message carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FinalAudio {
    /// `"audio": ""` (what the official samples and TEN see).
    Empty,
    /// The last chunk is held back and sent in the final message.
    LastPiece,
    /// The final message repeats the whole audio (the trap the final-message rule guards against).
    Aggregate,
}

/// A fault injected into one connection.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Refuse the WebSocket upgrade with this HTTP status.
    Handshake(u16),
    /// Refuse the upgrade with this status and a MiniMax-style JSON body carrying `code`
    /// (a gateway may put any code there; the HTTP status is what counts).
    HandshakeWithCode(u16, i64),
    /// Answer `task_start` with `task_failed` and this code.
    OnStart(i64),
    /// During the `nth` `task_continue` of the connection (0-based), after `after_chunks`
    /// audio chunks, send `task_failed` with `code`.
    OnContinue {
        nth: usize,
        after_chunks: usize,
        code: i64,
    },
    /// Drop the TCP connection after `after_chunks` chunks of the first `task_continue`.
    Drop { after_chunks: usize },
    /// Send nothing more after `after_chunks` chunks (the client must time out).
    Stall { after_chunks: usize },
    /// Send a text frame that is not JSON after `after_chunks` chunks.
    NonJson { after_chunks: usize },
    /// Send a chunk whose audio is not valid hex after `after_chunks` chunks.
    InvalidHex { after_chunks: usize },
    /// Interleave binary frames (which clients must ignore); the synthesis succeeds.
    BinaryFrames,
    /// Send every chunk but no final message, then close.
    MissingFinal,
}

#[derive(Debug, Default, Clone)]
pub struct ConnectionLog {
    pub authorization: Option<String>,
    /// Every JSON message the client sent, in order.
    pub messages: Vec<Value>,
    /// WebSocket pings received.
    pub pings: usize,
    /// The server closed this session for idleness (2201).
    pub idle_closed: bool,
}

impl ConnectionLog {
    pub fn texts(&self) -> Vec<String> {
        self.messages
            .iter()
            .filter(|m| m["event"] == "task_continue")
            .map(|m| m["text"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    pub fn task_start(&self) -> Option<&Value> {
        self.messages.iter().find(|m| m["event"] == "task_start")
    }
}

pub(crate) struct State {
    faults: VecDeque<Fault>,
    /// The fault every connection gets once the queue is empty (a service that keeps
    /// refusing).
    standing_fault: Option<Fault>,
    connections: Vec<ConnectionLog>,
    chunk_sizes: Vec<usize>,
    chunk_delay: Duration,
    /// Extra wait before the first chunk of each segment (synthesis latency).
    first_chunk_delay: Duration,
    final_audio: FinalAudio,
    idle_limit: Duration,
    /// The served audio is the recording repeated this many times (for large frames).
    repeat: usize,
    /// The HTTP endpoints' state.
    pub http: http::AsyncState,
    /// Streamed HTTP synthesis requests, in order.
    sse_requests: Vec<sse::SseRequest>,
    /// Send the aggregated trailer even when the client asked not to.
    sse_always_aggregate: bool,
    /// Add the `event:`/`id:` lines and `[DONE]` a proxy adds.
    sse_proxy_lines: bool,
    /// The key this server accepts (a region accepts only its own keys).
    pub(crate) api_key: String,
    /// Refuse sessions beyond this many at once with 1041, as MiniMax limits connections.
    max_sessions: Option<usize>,
    /// PCM served driven into clipping by the first factor (a flatter, louder signal),
    /// scaled by the second and padded with this much silence at both ends (a quieter or
    /// louder source, one with long silences).
    pcm_shape: Option<(f64, f64, usize)>,
    /// The depth FLAC is served at.
    flac_bits: u32,
    active_sessions: usize,
    /// Sessions refused for that limit.
    refused_sessions: usize,
    /// A request limit, as MiniMax's RPM limit (1002).
    rate_limit: Option<RateLimit>,
}

impl State {
    /// The fault for a new connection or request: the next queued, else the standing one.
    pub(crate) fn next_fault(&mut self) -> Option<Fault> {
        self.faults
            .pop_front()
            .or_else(|| self.standing_fault.clone())
    }
}

/// MiniMax's request limit as the fake models it: at most `requests` admitted in any
/// sliding `window`. Counted as requests: each WebSocket `task_start` and `task_continue`
/// and each HTTP synthesis POST (MiniMax does not say which events its RPM counts; this
/// counts every one that starts work, the strictest reading). A refused request is not
/// counted. Refusals are `1002` in the documented envelope: on WebSocket a `task_failed`,
/// after which the server ends the session (the reference: after `task_failed` the client
/// must close), over HTTP a bare JSON body with HTTP 200.
#[derive(Debug)]
pub struct RateLimit {
    requests: usize,
    window: Duration,
    admitted: VecDeque<std::time::Instant>,
    /// Every request: when (since the limit was set), whether it was admitted, and
    /// whether it was a session start.
    log: Vec<(Duration, bool)>,
    starts: Vec<bool>,
    started: std::time::Instant,
}

impl RateLimit {
    fn admit(&mut self, start: bool) -> bool {
        let now = std::time::Instant::now();
        while self
            .admitted
            .front()
            .is_some_and(|&t| now.duration_since(t) >= self.window)
        {
            self.admitted.pop_front();
        }
        let admitted = self.admitted.len() < self.requests;
        if admitted {
            self.admitted.push_back(now);
        }
        self.log.push((now - self.started, admitted));
        self.starts.push(start);
        admitted
    }
}

/// Counts a request (a session `start` or not) against the rate limit, if one is set.
pub(crate) fn admit(state: &Arc<Mutex<State>>, start: bool) -> bool {
    lock(state)
        .rate_limit
        .as_mut()
        .is_none_or(|limit| limit.admit(start))
}

pub(crate) const RATE_LIMITED: &str = "rate limit exceeded(RPM)";

/// A listener on 127.0.0.1 served by a runtime on a thread of its own; each accepted
/// connection goes to `serve` as a task. Stops when dropped, and then fails the test if a
/// handler panicked (a panicking fake must not pass for a dropped connection).
pub struct Listener {
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    /// Returns the panic messages of the handlers.
    thread: Option<std::thread::JoinHandle<Vec<String>>>,
}

impl Listener {
    pub fn start<F, Fut>(serve: F) -> Listener
    where
        F: Fn(TcpStream) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let addr = listener.local_addr().expect("local addr");
        let (tx, mut rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).expect("listener");
                let mut handlers = tokio::task::JoinSet::new();
                let mut panics = Vec::new();
                loop {
                    tokio::select! {
                        _ = &mut rx => break,
                        accepted = listener.accept() => {
                            let Ok((stream, _)) = accepted else { continue };
                            handlers.spawn(serve(stream));
                        }
                        Some(ended) = handlers.join_next(), if !handlers.is_empty() => {
                            panics.extend(panic_message(ended));
                        }
                    }
                }
                // Handlers still serving are stopped; every one that ended is judged.
                handlers.abort_all();
                while let Some(ended) = handlers.join_next().await {
                    panics.extend(panic_message(ended));
                }
                panics
            })
        });
        Listener {
            addr,
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }
}

/// What a handler's panic said, if it panicked.
fn panic_message(ended: Result<(), tokio::task::JoinError>) -> Option<String> {
    let error = ended.err().filter(|e| e.is_panic())?;
    let payload = error.into_panic();
    Some(
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "(no message)".into()),
    )
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let panics = match self.thread.take().map(|thread| thread.join()) {
            Some(Ok(panics)) => panics,
            Some(Err(_)) => vec!["the fake's runtime itself panicked".into()],
            None => Vec::new(),
        };
        if !panics.is_empty() && !std::thread::panicking() {
            panic!("a fake server's handler panicked: {}", panics.join("; "));
        }
    }
}

pub struct FakeServer {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
    _listener: Listener,
}

/// A fault queued and never taken means the test did not test what it says.
impl Drop for FakeServer {
    fn drop(&mut self) {
        let unused = std::mem::take(&mut self.lock().faults);
        if !unused.is_empty() && !std::thread::panicking() {
            panic!("faults queued on the fake MiniMax server were never used: {unused:?}");
        }
    }
}

impl FakeServer {
    pub fn start() -> FakeServer {
        let state = Arc::new(Mutex::new(State {
            faults: VecDeque::new(),
            standing_fault: None,
            connections: Vec::new(),
            chunk_sizes: DEFAULT_CHUNKS.to_vec(),
            chunk_delay: Duration::ZERO,
            first_chunk_delay: Duration::ZERO,
            final_audio: FinalAudio::Empty,
            idle_limit: Duration::from_secs(120),
            repeat: 1,
            http: http::AsyncState::default(),
            sse_requests: Vec::new(),
            sse_always_aggregate: false,
            sse_proxy_lines: false,
            api_key: API_KEY.to_string(),
            max_sessions: None,
            pcm_shape: None,
            flac_bits: 16,
            active_sessions: 0,
            refused_sessions: 0,
            rate_limit: None,
        }));
        let served = state.clone();
        let listener = Listener::start(move |stream| serve(stream, served.clone()));
        FakeServer {
            addr: listener.addr,
            state,
            _listener: listener,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every connection gets `fault` once the queued ones are used (a service that keeps
    /// refusing, however many times it is asked).
    pub fn set_standing_fault(&self, fault: Fault) -> &Self {
        self.lock().standing_fault = Some(fault);
        self
    }

    /// Queues faults: each new connection takes the next one (none left = well-behaved).
    pub fn push_fault(&self, fault: Fault) -> &Self {
        self.lock().faults.push_back(fault);
        self
    }

    pub fn set_chunk_sizes(&self, sizes: &[usize]) {
        self.lock().chunk_sizes = sizes.to_vec();
    }

    pub fn set_chunk_delay(&self, delay: Duration) {
        self.lock().chunk_delay = delay;
    }

    /// FLAC is served at this depth (16 or 24; the API does not document which).
    pub fn set_flac_bits(&self, bits: u32) {
        self.lock().flac_bits = bits;
    }

    pub fn set_first_chunk_delay(&self, delay: Duration) {
        self.lock().first_chunk_delay = delay;
    }

    pub fn set_final_audio(&self, mode: FinalAudio) {
        self.lock().final_audio = mode;
    }

    pub fn set_repeat(&self, times: usize) {
        self.lock().repeat = times;
    }

    pub fn set_idle_limit(&self, limit: Duration) {
        self.lock().idle_limit = limit;
    }

    /// Reads or changes the HTTP side's state.
    pub fn with_http<T>(&self, f: impl FnOnce(&mut http::AsyncState) -> T) -> T {
        f(&mut self.lock().http)
    }

    /// The bodies of the streamed HTTP synthesis requests.
    pub fn sse_requests(&self) -> Vec<Value> {
        self.lock()
            .sse_requests
            .iter()
            .map(|r| r.body.clone())
            .collect()
    }

    pub fn set_sse_always_aggregate(&self, on: bool) {
        self.lock().sse_always_aggregate = on;
    }

    pub fn set_sse_proxy_lines(&self, on: bool) {
        self.lock().sse_proxy_lines = on;
    }

    pub fn connections(&self) -> Vec<ConnectionLog> {
        self.lock().connections.clone()
    }

    /// Accepts only `key` (as one region accepts only its keys).
    pub fn set_api_key(&self, key: &str) {
        self.lock().api_key = key.to_string();
    }

    /// Limits simultaneous WebSocket sessions (more are refused with status 1041).
    /// Serve PCM driven `drive` times into clipping, then at `gain` times that level,
    /// with `pad_ms` of silence at each end.
    pub fn set_pcm_shape(&self, drive: f64, gain: f64, pad_ms: usize) {
        self.lock().pcm_shape = Some((drive, gain, pad_ms));
    }

    pub fn set_max_sessions(&self, limit: usize) {
        self.lock().max_sessions = Some(limit);
    }

    pub fn refused_sessions(&self) -> usize {
        self.lock().refused_sessions
    }

    /// Admits at most `requests` in any `window` (see [`RateLimit`]).
    pub fn set_rate_limit(&self, requests: usize, window: Duration) {
        self.lock().rate_limit = Some(RateLimit {
            requests,
            window,
            admitted: VecDeque::new(),
            log: Vec::new(),
            starts: Vec::new(),
            started: std::time::Instant::now(),
        });
    }

    /// The requests counted against the rate limit: when, and whether admitted.
    pub fn rate_log(&self) -> Vec<(Duration, bool)> {
        self.lock()
            .rate_limit
            .as_ref()
            .map(|r| r.log.clone())
            .unwrap_or_default()
    }

    /// Which of the requests in [`FakeServer::rate_log`] were session starts.
    pub fn rate_starts(&self) -> Vec<bool> {
        self.lock()
            .rate_limit
            .as_ref()
            .map(|r| r.starts.clone())
            .unwrap_or_default()
    }

    /// How many admitted requests were session starts.
    pub fn admitted_starts(&self) -> usize {
        self.lock().rate_limit.as_ref().map_or(0, |r| {
            r.log
                .iter()
                .zip(&r.starts)
                .filter(|((_, admitted), start)| *admitted && **start)
                .count()
        })
    }

    /// Every `task_continue` text received, over all connections.
    pub fn texts(&self) -> Vec<String> {
        self.lock()
            .connections
            .iter()
            .flat_map(|c| c.texts())
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub(crate) fn lock_state(state: &Arc<Mutex<State>>) -> std::sync::MutexGuard<'_, State> {
    lock(state)
}

fn lock(state: &Arc<Mutex<State>>) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

const SESSION_ID: &str = "fake-session-1";

fn trace_id(conn: usize) -> String {
    format!("fake-trace-{conn}")
}

fn envelope(event: &str, conn: usize, code: i64, msg: &str) -> Value {
    json!({
        "event": event,
        "session_id": SESSION_ID,
        "trace_id": trace_id(conn),
        "base_resp": {"status_code": code, "status_msg": msg},
    })
}

fn failed(conn: usize, code: i64, msg: &str) -> Message {
    Message::text(envelope("task_failed", conn, code, msg).to_string())
}

type Ws = WebSocketStream<TcpStream>;

// The handshake callback's signature is tungstenite's.
#[allow(clippy::result_large_err)]
async fn serve(stream: TcpStream, state: Arc<Mutex<State>>) {
    // WebSocket upgrades go to /ws/…; everything else is plain HTTP.
    let mut peeked = [0u8; 16];
    let is_ws = loop {
        match stream.peek(&mut peeked).await {
            Ok(n) if n >= 8 || n == 0 => break peeked[..n].starts_with(b"GET /ws/"),
            Ok(_) => tokio::task::yield_now().await,
            Err(_) => return,
        }
    };
    if !is_ws {
        let _ = stream.set_nodelay(true);
        return http::serve(stream, state).await;
    }
    let (conn, fault) = {
        let mut s = lock(&state);
        s.connections.push(ConnectionLog::default());
        (s.connections.len() - 1, s.next_fault())
    };
    let handshake_status = match fault {
        Some(Fault::Handshake(status)) => {
            Some((status, format!("{{\"error\":\"status {status}\"}}")))
        }
        Some(Fault::HandshakeWithCode(status, code)) => Some((
            status,
            json!({"base_resp": {"status_code": code, "status_msg": "refused by gateway"}})
                .to_string(),
        )),
        _ => None,
    };
    let header_state = state.clone();
    let callback = move |req: &Request, resp: Response| -> Result<Response, ErrorResponse> {
        let auth = req
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        lock(&header_state).connections[conn].authorization = auth;
        if req.uri().path() != "/ws/v1/t2a_v2" {
            return Err(ws_http::Response::builder()
                .status(404)
                .body(Some("404 page not found".into()))
                .expect("response"));
        }
        match &handshake_status {
            Some((status, body)) => Err(ws_http::Response::builder()
                .status(*status)
                .header("Trace-Id", trace_id(conn))
                .body(Some(body.clone()))
                .expect("response")),
            None => Ok(resp),
        }
    };
    // Like production servers: without this, Nagle's algorithm on the server and delayed
    // ACKs on the client hold the second chunk back by ~40 ms.
    let _ = stream.set_nodelay(true);
    let Ok(mut ws) = tokio_tungstenite::accept_hdr_async(stream, callback).await else {
        return;
    };
    let admitted = {
        let mut s = lock(&state);
        let admitted = s.max_sessions.is_none_or(|max| s.active_sessions < max);
        if admitted {
            s.active_sessions += 1;
        } else {
            s.refused_sessions += 1;
        }
        admitted
    };
    if !admitted {
        let _ = send(
            &mut ws,
            failed(conn, 1041, "conn limit: too many connections"),
        )
        .await;
        let _ = ws.close(None).await;
        return;
    }
    let _ = session(&mut ws, conn, fault, &state).await;
    lock(&state).active_sessions -= 1;
}

/// Runs one session; `Err(())` means the connection is over.
async fn session(
    ws: &mut Ws,
    conn: usize,
    fault: Option<Fault>,
    state: &Arc<Mutex<State>>,
) -> Result<(), ()> {
    let authorized = {
        let s = lock(state);
        s.connections[conn].authorization.as_deref() == Some(&format!("Bearer {}", s.api_key))
    };
    if !authorized {
        // Bad keys are refused in-band (the other documented possibility, HTTP 401, is a fault).
        send(ws, failed(conn, 1004, "login fail: Please carry the API secret key in the 'Authorization' field of the request header")).await?;
        let _ = ws.close(None).await;
        return Err(());
    }
    send(
        ws,
        Message::text(envelope("connected_success", conn, 0, "success").to_string()),
    )
    .await?;

    let idle_limit = lock(state).idle_limit;
    let mut format: Option<String> = None;
    let mut continues = 0usize;
    // Whether pings reset MiniMax's idle timer is unconfirmed: assume they do not.
    let mut idle_deadline = tokio::time::Instant::now() + idle_limit;
    loop {
        let message = match tokio::time::timeout_at(idle_deadline, ws.next()).await {
            Err(_) => {
                lock(state).connections[conn].idle_closed = true;
                send(
                    ws,
                    failed(conn, 2201, "no messages received for 120 seconds"),
                )
                .await?;
                let _ = ws.close(None).await;
                return Err(());
            }
            Ok(Some(Ok(m))) => m,
            Ok(_) => return Err(()),
        };
        let text = match message {
            Message::Text(t) => t.to_string(),
            Message::Close(_) => return Err(()),
            Message::Ping(_) => {
                lock(state).connections[conn].pings += 1;
                continue;
            }
            _ => continue,
        };
        let Ok(event) = serde_json::from_str::<Value>(&text) else {
            send(ws, failed(conn, 2013, "invalid json")).await?;
            continue;
        };
        lock(state).connections[conn].messages.push(event.clone());
        match event["event"].as_str().unwrap_or("") {
            "task_start" => {
                if format.is_some() {
                    send(ws, failed(conn, 2202, "task already started")).await?;
                    return Err(());
                }
                if let Err(msg) = check_task_start(&event) {
                    send(ws, failed(conn, 2013, &format!("invalid params, {msg}"))).await?;
                    return Err(());
                }
                if let Some(Fault::OnStart(code)) = fault {
                    send(ws, failed(conn, code, "injected failure")).await?;
                    return Err(());
                }
                if !admit(state, true) {
                    send(ws, failed(conn, 1002, RATE_LIMITED)).await?;
                    let _ = ws.close(None).await;
                    return Err(());
                }
                let voice_id = event["voice_setting"]["voice_id"].as_str().unwrap_or("");
                if !lock(state).http.voice_known(voice_id) {
                    send(ws, failed(conn, 2042, "voice id not exist")).await?;
                    return Err(());
                }
                format = event["audio_setting"]["format"]
                    .as_str()
                    .map(str::to_string)
                    .or(Some("mp3".into()));
                send(
                    ws,
                    Message::text(envelope("task_started", conn, 0, "success").to_string()),
                )
                .await?;
                idle_deadline = tokio::time::Instant::now() + idle_limit;
            }
            "task_continue" => {
                let Some(fmt) = format.clone() else {
                    send(ws, failed(conn, 2202, "task not started")).await?;
                    return Err(());
                };
                let text = event["text"].as_str().unwrap_or("").to_string();
                let chars = text.chars().count();
                let controls = text
                    .chars()
                    .filter(|c| c.is_ascii_control() && *c != '\t' && *c != '\n')
                    .count();
                if text.trim().is_empty() {
                    send(ws, failed(conn, 2203, "empty text")).await?;
                    continue;
                }
                if chars >= 10_000 {
                    send(ws, failed(conn, 2204, "text too long")).await?;
                    continue;
                }
                if controls * 10 > chars {
                    send(ws, failed(conn, 1042, "invisible character ratio too high")).await?;
                    return Err(());
                }
                if !admit(state, false) {
                    send(ws, failed(conn, 1002, RATE_LIMITED)).await?;
                    let _ = ws.close(None).await;
                    return Err(());
                }
                let nth = continues;
                continues += 1;
                let start = lock(state).connections[conn].task_start().cloned();
                let subtitles = start
                    .filter(|s| s["subtitle_enable"] == json!(true))
                    .map(|s| s["subtitle_type"] == json!("word"));
                stream_audio(ws, conn, &fmt, &text, nth, fault.as_ref(), subtitles, state).await?;
                // The limit counts from the last result.
                idle_deadline = tokio::time::Instant::now() + idle_limit;
            }
            "task_finish" => {
                send(
                    ws,
                    Message::text(envelope("task_finished", conn, 0, "success").to_string()),
                )
                .await?;
                let _ = ws.close(None).await;
                return Ok(());
            }
            _ => {
                send(ws, failed(conn, 2202, "unknown event")).await?;
                return Err(());
            }
        }
    }
}

fn check_task_start(event: &Value) -> Result<(), String> {
    let model = event["model"].as_str().unwrap_or("");
    if model.is_empty() {
        return Err("model is required".into());
    }
    if !model.starts_with("speech-") {
        return Err(format!("model {model} does not exist"));
    }
    let voice = &event["voice_setting"];
    if voice["voice_id"].as_str().unwrap_or("").is_empty() {
        return Err("voice_setting.voice_id is required".into());
    }
    if event.get("emotion").is_some() || event.get("text").is_some() {
        return Err("unexpected top-level field".into());
    }
    if let Some(speed) = voice.get("speed").and_then(Value::as_f64)
        && !(0.5..=2.0).contains(&speed)
    {
        return Err("speed out of range".into());
    }
    let audio = &event["audio_setting"];
    if let Some(f) = audio.get("format").and_then(Value::as_str)
        && !["mp3", "pcm", "flac"].contains(&f)
    {
        return Err(format!("format {f} not supported for streaming"));
    }
    if let Some(rate) = audio.get("sample_rate")
        && ![8000, 16000, 22050, 24000, 32000, 44100].contains(&rate.as_u64().unwrap_or(0))
    {
        return Err("sample_rate invalid".into());
    }
    if let Some(dict) = event.get("pronunciation_dict")
        && !dict["tone"].is_array()
    {
        return Err("pronunciation_dict.tone must be an array".into());
    }
    Ok(())
}

fn chunk_event_value(conn: usize, hex_audio: &str) -> Value {
    let mut ev = envelope("task_continued", conn, 0, "success");
    ev["is_final"] = json!(false);
    ev["data"] = json!({"audio": hex_audio});
    ev
}

fn chunk_event(conn: usize, hex_audio: &str) -> Message {
    Message::text(chunk_event_value(conn, hex_audio).to_string())
}

/// How long `audio` plays (ms): PCM (16 kHz mono s16le) by its size, MP3 by its frames
/// (LAME's Info frame holds no audio).
pub fn audio_duration_ms(format: &str, audio: &[u8]) -> f64 {
    match format {
        "pcm" => audio.len() as f64 / 32.0,
        "mp3" => {
            let mut frames = 0u64;
            let mut pos = 0;
            while pos + 4 < audio.len() && audio[pos] == 0xFF {
                let len = mp3_frame_len(&audio[pos..]).expect("no frame header");
                let info = audio.get(pos + 21..pos + 25);
                if !matches!(info, Some(b"Info") | Some(b"Xing")) {
                    frames += 1;
                }
                pos += len;
            }
            // 1152 samples per frame at 32 kHz.
            frames as f64 * 36.0
        }
        // FLAC is one segment only: no later segment depends on its length.
        _ => 0.0,
    }
}

/// MiniMax-shaped subtitle objects for `text`: one per sentence, timed in proportion to
/// its length over `duration_ms`, with word timings in word mode.
pub fn subtitle_objects(text: &str, duration_ms: f64, word: bool) -> Vec<Value> {
    let mut sentences: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(pos, c)) in chars.iter().enumerate() {
        let next_is_space = chars.get(i + 1).is_none_or(|(_, n)| n.is_whitespace());
        if matches!(c, '.' | '!' | '?' | '。') && next_is_space {
            let end = pos + c.len_utf8();
            if !text[start..end].trim().is_empty() {
                sentences.push((start, end));
            }
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        sentences.push((start, text.len()));
    }
    let total: usize = sentences
        .iter()
        .map(|&(a, b)| text[a..b].trim().chars().count())
        .sum::<usize>()
        .max(1);
    let mut at = 0.0;
    sentences
        .iter()
        .map(|&(a, b)| {
            let sentence = text[a..b].trim();
            let share = duration_ms * sentence.chars().count() as f64 / total as f64;
            let (begin, end) = (at, at + share);
            at = end;
            let mut object = json!({
                "text": sentence,
                "text_begin": text[..a].chars().count(),
                "text_end": text[..b].chars().count(),
                "time_begin": begin.round(),
                "time_end": end.round(),
            });
            if word {
                let words: Vec<&str> = sentence.split_whitespace().collect();
                let each = share / words.len().max(1) as f64;
                object["timestamped_words"] = Value::Array(
                    words
                        .iter()
                        .enumerate()
                        .map(|(k, w)| {
                            json!({
                                "word": w,
                                "time_begin": (begin + each * k as f64).round(),
                                "time_end": (begin + each * (k + 1) as f64).round(),
                            })
                        })
                        .collect(),
                );
            }
            object
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
async fn stream_audio(
    ws: &mut Ws,
    conn: usize,
    format: &str,
    text: &str,
    nth: usize,
    fault: Option<&Fault>,
    // Some(word mode) when subtitles were asked for.
    subtitles: Option<bool>,
    state: &Arc<Mutex<State>>,
) -> Result<(), ()> {
    let (sizes, delay, first_delay, final_mode, repeat, shape, flac_bits) = {
        let s = lock(state);
        (
            s.chunk_sizes.clone(),
            s.chunk_delay,
            s.first_chunk_delay,
            s.final_audio,
            s.repeat,
            s.pcm_shape,
            s.flac_bits,
        )
    };
    if !first_delay.is_zero() {
        tokio::time::sleep(first_delay).await;
    }
    let mut audio = repeated(format, &served_audio(format, text, flac_bits), repeat);
    if let (Some((drive, gain, pad_ms)), "pcm") = (shape, format) {
        audio = shaped_pcm(&audio, drive, gain, pad_ms);
    }
    let mut chunks: Vec<&[u8]> = Vec::new();
    let mut rest = &audio[..];
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes[i % sizes.len()].min(rest.len());
        chunks.push(&rest[..n]);
        rest = &rest[n..];
        i += 1;
    }
    let held_back = match final_mode {
        FinalAudio::LastPiece => chunks.pop(),
        _ => None,
    };
    let first_continue = nth == 0;
    let objects =
        subtitles.map(|word| subtitle_objects(text, audio_duration_ms(format, &audio), word));
    let count = chunks.len();
    for (sent, chunk) in chunks.iter().enumerate() {
        match fault {
            Some(Fault::OnContinue {
                nth: at,
                after_chunks,
                code,
            }) if *at == nth && *after_chunks == sent => {
                send(ws, failed(conn, *code, "injected failure")).await?;
                let _ = ws.close(None).await;
                return Err(());
            }
            Some(Fault::Drop { after_chunks }) if first_continue && *after_chunks == sent => {
                return Err(());
            }
            Some(Fault::Stall { after_chunks }) if first_continue && *after_chunks == sent => {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return Err(());
            }
            Some(Fault::NonJson { after_chunks }) if first_continue && *after_chunks == sent => {
                send(ws, Message::text("<html>502 Bad Gateway</html>")).await?;
            }
            Some(Fault::InvalidHex { after_chunks }) if first_continue && *after_chunks == sent => {
                send(ws, chunk_event(conn, "zz-not-hex")).await?;
            }
            Some(Fault::BinaryFrames) => {
                send(ws, Message::binary(vec![0u8, 1, 2, 3])).await?;
            }
            _ => {}
        }
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        let mut event = chunk_event_value(conn, &hex::encode(chunk));
        if let Some(objects) = &objects {
            // Each sentence's timing rides on one of the last audio chunks (never the final).
            let first = count.saturating_sub(objects.len());
            let mine: Vec<Value> = objects
                .iter()
                .enumerate()
                .filter(|(k, _)| (first + k).min(count - 1) == sent)
                .map(|(_, o)| o.clone())
                .collect();
            if mine.len() == 1 {
                event["data"]["subtitle"] = mine[0].clone();
            } else if !mine.is_empty() {
                event["data"]["subtitle"] = Value::Array(mine);
            }
        }
        send(ws, Message::text(event.to_string())).await?;
    }
    if matches!(fault, Some(Fault::MissingFinal)) {
        let _ = ws.close(None).await;
        return Err(());
    }
    let final_audio = match final_mode {
        FinalAudio::Empty => String::new(),
        FinalAudio::LastPiece => held_back.map(hex::encode).unwrap_or_default(),
        FinalAudio::Aggregate => hex::encode(&audio),
    };
    let mut ev = envelope("task_continued", conn, 0, "success");
    ev["is_final"] = json!(true);
    ev["data"] = json!({"audio": final_audio});
    let sample_rate = if format == "mp3" { 32000 } else { 16000 };
    let audio_ms = match format {
        "pcm" => audio.len() as u64 * 1000 / (16000 * 2),
        _ => audio_ms_from_pcm(text),
    };
    ev["extra_info"] = json!({
        "audio_length": audio_ms,
        "audio_sample_rate": sample_rate,
        "audio_size": audio.len(),
        "bitrate": 64000,
        "audio_format": format,
        "audio_channel": 1,
        "invisible_character_ratio": 0,
        "usage_characters": text.chars().count(),
        "word_count": text.split_whitespace().count(),
    });
    send(ws, Message::text(ev.to_string())).await
}

/// `clip` played `times` times as ONE stream, the way a long synthesis arrives. For MP3
/// the clip's first frame, LAME's Info header, is left out: it holds the clip's frame count,
/// which would end a longer stream early (a streaming encoder cannot know the count, so a
/// real long stream has no such header). PCM is simply repeated.
pub fn repeated(format: &str, clip: &[u8], times: usize) -> Vec<u8> {
    if times <= 1 {
        return clip.to_vec();
    }
    let body = match format {
        "mp3" => &clip[mp3_frame_len(clip).expect("no frame header")..],
        "pcm" => clip,
        other => panic!("cannot repeat {other} audio"),
    };
    body.repeat(times)
}

/// 16 kHz mono s16le PCM driven `drive` times into clipping, then at `gain` times that
/// level, with `pad_ms` of silence each end.
pub fn shaped_pcm(pcm: &[u8], drive: f64, gain: f64, pad_ms: usize) -> Vec<u8> {
    let pad = vec![0u8; 16 * 2 * pad_ms];
    let mut out = pad.clone();
    for s in pcm.chunks_exact(2) {
        let driven = (f64::from(i16::from_le_bytes([s[0], s[1]])) * drive).clamp(-32767.0, 32767.0);
        let v = (driven * gain).round();
        out.extend((v.clamp(-32768.0, 32767.0) as i16).to_le_bytes());
    }
    out.extend(pad);
    out
}

/// The duration of the phrase `text` maps to, from its PCM recording (16 kHz mono s16le).
fn audio_ms_from_pcm(text: &str) -> u64 {
    audio_for("pcm", text).len() as u64 * 1000 / (16000 * 2)
}

async fn send(ws: &mut Ws, message: Message) -> Result<(), ()> {
    ws.send(message).await.map_err(|_| ())
}

/// The length of the MPEG-1/2 Layer III frame whose header starts `h`, if it is one.
fn mp3_frame_len(h: &[u8]) -> Option<usize> {
    if h.len() < 4 || h[0] != 0xFF || h[1] & 0xE0 != 0xE0 || (h[1] >> 1) & 3 != 1 {
        return None;
    }
    let mpeg1 = (h[1] >> 3) & 3 == 3;
    let kbps = if mpeg1 {
        [
            0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0,
        ]
    } else {
        [
            0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0,
        ]
    }[usize::from(h[2] >> 4)];
    let rate = [44100, 48000, 32000, 0][usize::from((h[2] >> 2) & 3)] / if mpeg1 { 1 } else { 2 };
    if kbps == 0 || rate == 0 {
        return None;
    }
    let coefficient = if mpeg1 { 144 } else { 72 };
    Some(coefficient * kbps * 1000 / rate + usize::from((h[2] >> 1) & 1))
}

/// The audio frames of MP3 `streams`, without their Xing/Info frames (mono MPEG-1, as
/// the fixtures are: the tag 21 bytes in).
pub fn mp3_audio_frames(streams: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for stream in streams {
        let mut at = 0;
        while let Some(len) = mp3_frame_len(&stream[at..]) {
            let frame = &stream[at..at + len];
            if !matches!(&frame[21..25], b"Info" | b"Xing") {
                out.extend_from_slice(frame);
            }
            at += len;
        }
        assert_eq!(at, stream.len(), "the fixture is whole frames");
    }
    out
}

/// What an MP3 file joined from `streams` must hold: one Info frame giving the whole
/// file's audio frames and bytes (the first audio frame's header, padding cleared), then
/// every stream's audio frames. Written independently of the client's joiner.
pub fn joined_mp3_file(streams: &[Vec<u8>]) -> Vec<u8> {
    let audio = mp3_audio_frames(streams);
    let header = [audio[0], audio[1], audio[2] & !0x02, audio[3]];
    let len = mp3_frame_len(&header).unwrap();
    let mut frames = 0u32;
    let mut at = 0;
    while let Some(n) = mp3_frame_len(&audio[at..]) {
        frames += 1;
        at += n;
    }
    let mut info = vec![0u8; len];
    info[..4].copy_from_slice(&header);
    info[21..25].copy_from_slice(b"Info");
    info[25..29].copy_from_slice(&3u32.to_be_bytes());
    info[29..33].copy_from_slice(&frames.to_be_bytes());
    info[33..37].copy_from_slice(&((len + audio.len()) as u32).to_be_bytes());
    [info, audio].concat()
}

#[test]
fn a_fake_whose_handler_panics_fails_the_test() {
    use std::io::Read;
    let listener = Listener::start(|stream| async move {
        let _open = stream;
        panic!("the handler broke")
    });
    let mut client = std::net::TcpStream::connect(listener.addr).unwrap();
    // The handler's end (its panic) closes the connection.
    let _ = client.read(&mut [0u8; 1]);
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(listener)));
    let message = dropped.expect_err("dropping the fake fails the test");
    let message = message.downcast_ref::<String>().unwrap();
    assert!(message.contains("the handler broke"), "{message}");
}

#[test]
fn a_queued_fault_nobody_took_fails_the_test() {
    let server = FakeServer::start();
    server.push_fault(Fault::OnStart(1002));
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(server)));
    let message = dropped.expect_err("dropping the fake fails the test");
    let message = message.downcast_ref::<String>().unwrap();
    assert!(message.contains("never used: [OnStart(1002)]"), "{message}");
}
