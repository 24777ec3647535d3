//! OpenAI's speech endpoint (`POST /v1/audio/speech`, `GET /v1/models`, `GET /healthz`)
//! over HTTP/1.1, on the engines' thread: each request goes through the [`Speaker`]
//! (cache, pacer, retries) and its audio is streamed to the client as it arrives, framed
//! as `speak -o -` writes it. Errors take OpenAI's JSON shape
//! (<https://platform.openai.com/docs/guides/error-codes>).

use std::cell::Cell;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::rc::Rc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{Value, json};
use tokio::sync::{Notify, mpsc};

use super::body::{Body, ChannelWriter, Chunk};
use super::guard::{Guard, Refusal};
use super::speech::{Speaker, SpeechAsk};
use super::speech_request::{SpeechRequest, VoiceField, parse_request};
use crate::audio::framing::Framing;
use crate::engine::ErrorKind;
use crate::error::{CliError, Failure, Surface};
use crate::request::Start;
use crate::sink::Sink;
use crate::spec::{AudioFormat, Provider};
use crate::spec::{MAX_INPUT_CHARS, SPEEDS};

/// The largest request body read (a 50,000-character text fits many times over).
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// How long in-flight responses may run on after SIGTERM/SIGINT.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);
/// How long a request body may take to arrive once its headers have (a client that
/// stops sending must not hold a connection for ever).
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// OpenAI's voice names and the MiniMax system voices they are mapped to (a
/// `[speakers.NAME]` of the config file by the same name wins; with Fish Audio they
/// mean the configured voice). Chosen by how OpenAI describes each voice.
pub const OPENAI_VOICES: &[(&str, &str)] = &[
    ("alloy", "Friendly_Person"),
    ("ash", "Casual_Guy"),
    ("ballad", "Elegant_Man"),
    ("coral", "Lively_Girl"),
    ("echo", "Deep_Voice_Man"),
    ("fable", "English_expressive_narrator"),
    ("onyx", "Imposing_Manner"),
    ("nova", "Inspirational_girl"),
    ("sage", "Wise_Woman"),
    ("shimmer", "Calm_Woman"),
    ("verse", "Patient_Man"),
];

/// OpenAI's model names: each means the provider's configured (or default) model.
pub const OPENAI_MODELS: &[&str] = &["tts-1", "tts-1-hd", "gpt-4o-mini-tts"];

/// One finished request, for the access log.
pub struct Access<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub status: u16,
    pub bytes: u64,
    pub elapsed: Duration,
    /// `cache`, `aborted` (the audio stopped midway), or nothing.
    pub note: Option<&'static str>,
}

/// How the server was asked to run.
pub struct Options {
    /// Requests must carry `Authorization: Bearer TOKEN`.
    pub token: Option<String>,
    /// `Host` names a reverse proxy in front sends (`--allow-host`).
    pub allowed_hosts: Vec<String>,
    /// How long a request body may take to arrive ([`BODY_TIMEOUT`] unless a test says).
    pub body_timeout: Duration,
    pub log: Box<dyn Fn(&Access<'_>)>,
}

struct State {
    speaker: Speaker,
    options: Options,
    guard: Guard,
    /// Connections open, and a wake-up when one closes (for the shutdown).
    open: Cell<usize>,
    closed: Notify,
}

/// Serves on `listener` until a signal arrives; then in-flight responses finish (for
/// at most [`SHUTDOWN_GRACE`]) and the signal is returned.
pub async fn serve(
    listener: tokio::net::TcpListener,
    speaker: Speaker,
    options: Options,
) -> crate::signals::Signal {
    // The address bound (port 0 resolved) is the one `Host` must name.
    let listen = listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
    let guard = Guard::new(listen, &options.allowed_hosts);
    let state = Rc::new(State {
        speaker,
        guard,
        options,
        open: Cell::new(0),
        closed: Notify::new(),
    });
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let signal = loop {
        tokio::select! {
            accepted = listener.accept() => {
                // A failed accept (out of descriptors) must not end the server.
                let Ok((stream, _)) = accepted else {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                let _ = stream.set_nodelay(true);
                tokio::task::spawn_local(connection(Rc::clone(&state), stream, stop_rx.clone()));
            }
            signal = crate::signals::received() => break signal,
        }
    };
    drop(listener);
    let _ = stop_tx.send(true);
    let deadline = tokio::time::Instant::now() + SHUTDOWN_GRACE;
    while state.open.get() > 0 {
        let closed = state.closed.notified();
        if tokio::time::timeout_at(deadline, closed).await.is_err() {
            break;
        }
    }
    signal
}

async fn connection(
    state: Rc<State>,
    stream: tokio::net::TcpStream,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    state.open.set(state.open.get() + 1);
    let service = {
        let state = Rc::clone(&state);
        hyper::service::service_fn(move |request| handle(Rc::clone(&state), request))
    };
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30))
        .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = stop.wait_for(|stopped| *stopped) => {
            // Finish the response in flight, then close (no more keep-alive requests).
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
    state.open.set(state.open.get() - 1);
    state.closed.notify_waiters();
}

async fn handle(
    state: Rc<State>,
    request: Request<Incoming>,
) -> Result<Response<Body>, Infallible> {
    let started = Instant::now();
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let mut response = route(&state, request).await;
    let status = response.status().as_u16();
    let body = response.body_mut();
    body.log = Some(Box::new({
        let state = Rc::clone(&state);
        move |bytes, note| {
            (state.options.log)(&Access {
                method: &method,
                path: &path,
                status,
                bytes,
                elapsed: started.elapsed(),
                note,
            })
        }
    }));
    Ok(response)
}

async fn route(state: &Rc<State>, request: Request<Incoming>) -> Response<Body> {
    if let Err(refusal) = guard(&state.guard, &request) {
        return refused(refusal);
    }
    let path = request.uri().path();
    if path == "/healthz" {
        return match *request.method() {
            Method::GET | Method::HEAD => text(StatusCode::OK, "ok\n"),
            _ => method_not_allowed("GET"),
        };
    }
    if let Some(token) = &state.options.token
        && !authorized(&request, token)
    {
        let mut response = error(
            StatusCode::UNAUTHORIZED,
            "invalid_request_error",
            Some("invalid_api_key"),
            "this server needs `Authorization: Bearer TOKEN` with its token",
        );
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return response;
    }
    match (request.method(), path) {
        (&Method::GET, "/v1/models") => models(state),
        (_, "/v1/models") => method_not_allowed("GET"),
        (&Method::POST, "/v1/audio/speech") => {
            match read_body(request, state.options.body_timeout).await {
                Ok(body) => speech(state, &body).await,
                Err(response) => *response,
            }
        }
        (_, "/v1/audio/speech") => method_not_allowed("POST"),
        _ => error(
            StatusCode::NOT_FOUND,
            "invalid_request_error",
            Some("unknown_url"),
            "unknown path: this server offers POST /v1/audio/speech, GET /v1/models and GET /healthz",
        ),
    }
}

/// Checks who is asking before anything else is read: see [`Guard`].
fn guard(guard: &Guard, request: &Request<Incoming>) -> Result<(), Refusal> {
    let headers = request.headers();
    let value = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    // HTTP/1.1 requests carry `Host`; an absolute-form target's authority wins (RFC 9112 3.2.2).
    let host = request
        .uri()
        .authority()
        .map(|a| a.as_str())
        .or(value(header::HOST));
    // An `Origin` that is not text names no origin of this machine.
    let origin = headers
        .get(header::ORIGIN)
        .map(|v| v.to_str().unwrap_or("null"));
    let has_body = request.method() == Method::POST;
    guard.check(host, origin, value(header::CONTENT_TYPE), has_body)
}

fn refused(refusal: Refusal) -> Response<Body> {
    match refusal {
        Refusal::Host => error(
            StatusCode::MISDIRECTED_REQUEST,
            "invalid_request_error",
            Some("unknown_host"),
            "the Host header does not name this server; address it as 127.0.0.1 or localhost with its port (a reverse proxy's name needs `serve --allow-host NAME`)",
        ),
        Refusal::Origin => error(
            StatusCode::FORBIDDEN,
            "invalid_request_error",
            Some("foreign_origin"),
            "requests from web pages of other origins are refused: this server is for programs on this machine",
        ),
        Refusal::ContentType => error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid_request_error",
            Some("unsupported_media_type"),
            "send the body as JSON with `Content-Type: application/json`",
        ),
    }
}

/// Whether the request carries the token (compared in constant time). The scheme's
/// name is case-insensitive (RFC 9110 11.1).
fn authorized(request: &Request<Incoming>, token: &str) -> bool {
    let Some(given) = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim_start().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, credentials)| credentials)
    else {
        return false;
    };
    let (a, b) = (given.trim().as_bytes(), token.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The request body, at most [`MAX_BODY_BYTES`].
async fn read_body(
    request: Request<Incoming>,
    timeout: Duration,
) -> Result<Bytes, Box<Response<Body>>> {
    let too_large = || {
        Box::new(error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "invalid_request_error",
            None,
            &format!("the request body is larger than {MAX_BODY_BYTES} bytes"),
        ))
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    let limited = http_body_util::Limited::new(request.into_body(), MAX_BODY_BYTES);
    let Ok(collected) = tokio::time::timeout(timeout, limited.collect()).await else {
        let mut response = error(
            StatusCode::REQUEST_TIMEOUT,
            "invalid_request_error",
            None,
            &format!(
                "the request body did not arrive within {} s",
                BODY_TIMEOUT.as_secs()
            ),
        );
        // The rest of the body may still come: the connection cannot be reused.
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return Err(Box::new(response));
    };
    match collected {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Err(e) => Err(Box::new(error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            None,
            &format!("the request body could not be read: {e}"),
        ))),
    }
}

/// `POST /v1/audio/speech`: the request checked in OpenAI's terms (each problem naming
/// its parameter), then answered from the cache or streamed as it is made. A speed
/// outside what the providers take is clamped, and the response says so.
async fn speech(state: &Rc<State>, body: &[u8]) -> Response<Body> {
    let request = match parse_request(body) {
        Ok(request) => request,
        Err(refused) => return bad_request(refused.param, &refused.message),
    };
    let chars = request.input.chars().count();
    if chars > MAX_INPUT_CHARS {
        return bad_request(
            Some("input"),
            &format!("input holds {chars} characters; at most {MAX_INPUT_CHARS} are accepted"),
        );
    }
    if request
        .stream_format
        .as_deref()
        .is_some_and(|f| f != "audio")
    {
        return bad_request(
            Some("stream_format"),
            "only stream_format \"audio\" is offered (the audio is streamed as it arrives)",
        );
    }
    let (ask, clamped) = match ask(&state.speaker, &request) {
        Ok(asked) => asked,
        Err(response) => return *response,
    };
    let mut response = respond(state, &ask).await;
    if let Some(applied) = clamped
        && response.status().is_success()
        && let Ok(value) = HeaderValue::from_str(&applied.to_string())
    {
        response.headers_mut().insert(SPEED_APPLIED, value);
    }
    response
}

/// The speed a clamped request was made at (`x-speed-applied: 0.5`).
const SPEED_APPLIED: header::HeaderName = header::HeaderName::from_static("x-speed-applied");

/// OpenAI's speeds; the providers take [`SPEEDS`], to which a speed outside is clamped.
const OPENAI_SPEEDS: std::ops::RangeInclusive<f64> = 0.25..=4.0;

/// The speech for a request settled: from the cache whole, or streamed as it is made.
async fn respond(state: &Rc<State>, ask: &SpeechAsk) -> Response<Body> {
    let prepared = match state.speaker.prepare(ask) {
        Ok(prepared) => prepared,
        Err(failure) => return failed(&failure),
    };
    let format = prepared.spec().format;
    match state.speaker.start(&prepared).await {
        Start::Found(found) => {
            let audio = found.audio;
            let mut response = audio_response(format, Body::full(Bytes::from(audio)));
            response.body_mut().note = Some("cache");
            response
        }
        Start::Make(claim) => {
            let header_len = prepared.spec().header_len();
            let (tx, mut rx) = mpsc::unbounded_channel();
            // The synthesis runs on while hyper sends the body.
            tokio::task::spawn_local(synthesize(Rc::clone(state), prepared, claim, tx));
            // The response head waits for the first audio (or the failure before any):
            // a refusal still gets its status.
            let mut pending = Vec::new();
            let mut received = 0u64;
            loop {
                match rx.recv().await {
                    Some(Chunk::Data(bytes)) => {
                        received += bytes.len() as u64;
                        pending.push(bytes);
                        if received > header_len {
                            break;
                        }
                    }
                    Some(Chunk::Failed(failure)) => return failed(&failure),
                    None => break,
                }
            }
            audio_response(format, Body::stream(pending, rx))
        }
    }
}

/// Synthesizes a request into the response's channel; a failure is its last message.
async fn synthesize(
    state: Rc<State>,
    prepared: crate::request::Prepared,
    claim: Option<crate::store::cache::Claim>,
    tx: mpsc::UnboundedSender<Chunk>,
) {
    let framing = Framing::of(
        prepared.spec().format.codec(),
        prepared.spec().wav_layout(),
        false,
    );
    let writer = Box::new(ChannelWriter(tx.clone()));
    let result = match Sink::to_writer(writer, "the response", framing.framer()) {
        Ok(mut sink) => match state
            .speaker
            .synthesize(&prepared, &mut sink, None, claim)
            .await
        {
            Ok(_) => sink.commit().map(|_| ()).map_err(|e| {
                Failure::from(CliError::failure(format!(
                    "cannot finish the response: {e}"
                )))
            }),
            Err(failure) => Err(failure),
        },
        Err(e) => Err(Failure::from(CliError::from(e))),
    };
    if let Err(failure) = result {
        // Where the key came from is the owner's to read (on the server's stderr), not
        // the client's: the response carries no local path.
        if let (Some(e), Some(ErrorKind::Auth)) = (&failure.engine, failure.kind)
            && let Ok(resolved) = state.speaker.resolved(prepared.planned.provider)
        {
            let cli = crate::error::with_key_sources(
                (**e).clone(),
                &resolved.api.key_sources,
                Surface::CommandLine,
            );
            crate::report::warn(crate::report::error_text(&cli, cli.hint.as_deref()));
        }
        let _ = tx.send(Chunk::Failed(Box::new(failure)));
    }
}

/// Settles what to ask the speaker from an OpenAI request: the provider (a `minimax/`
/// or `fish/` prefix of the model), the voice (a configured speaker, an OpenAI name, or
/// a voice id), the model, speed and format.
fn ask(
    speaker: &Speaker,
    request: &SpeechRequest,
) -> Result<(SpeechAsk, Option<f64>), Box<Response<Body>>> {
    let (provider, model) = match request.model.split_once('/') {
        Some(("minimax", model)) => (Some(Provider::Minimax), Some(model)),
        Some(("fish", model)) => (Some(Provider::Fish), Some(model)),
        _ if OPENAI_MODELS.contains(&request.model.as_str()) => (None, None),
        _ => (None, Some(request.model.as_str())),
    };
    let voice = match &request.voice {
        VoiceField::Name(name) | VoiceField::Object { id: name } => name.trim(),
    };
    let configured = speaker.settings().file.speakers.contains_key(voice);
    let voice = match OPENAI_VOICES.iter().find(|(name, _)| *name == voice) {
        Some((_, minimax)) if !configured => match provider.unwrap_or(speaker.default_provider()) {
            Provider::Minimax => Some(minimax.to_string()),
            Provider::Fish => None,
        },
        _ if voice.is_empty() => None,
        _ => Some(voice.to_string()),
    };
    let mut keys = std::collections::BTreeMap::new();
    if let Some(model) = model.filter(|m| !m.is_empty()) {
        keys.insert("model".to_string(), json!(model));
    }
    let mut clamped = None;
    if let Some(speed) = request.speed {
        if !OPENAI_SPEEDS.contains(&speed) {
            return Err(Box::new(bad_request(
                Some("speed"),
                &format!("speed must be between 0.25 and 4, not {speed}"),
            )));
        }
        let applied = speed.clamp(*SPEEDS.start(), *SPEEDS.end());
        if applied != speed {
            clamped = Some(applied);
        }
        keys.insert("speed".to_string(), json!(applied));
    }
    let format = request.response_format.as_deref().unwrap_or("mp3");
    let format = match format {
        "mp3" => AudioFormat::Mp3,
        "wav" => AudioFormat::Wav,
        "flac" => AudioFormat::Flac,
        "pcm" => AudioFormat::Pcm,
        "opus" => AudioFormat::Opus,
        other => {
            return Err(Box::new(bad_request(
                Some("response_format"),
                &format!(
                    "response_format {} is not offered; use mp3, wav, flac, pcm or opus (as the provider allows)",
                    crate::report::sanitized(other)
                ),
            )));
        }
    };
    keys.insert("format".to_string(), json!(format.name()));
    if format == AudioFormat::Pcm {
        // OpenAI's pcm is 24 kHz, 16-bit, mono: what its clients expect to play.
        keys.insert("sample_rate".to_string(), json!(24_000));
    }
    let ask = SpeechAsk {
        text: request.input.clone(),
        voice,
        provider,
        keys,
    };
    Ok((ask, clamped))
}

fn models(state: &State) -> Response<Body> {
    let provider = state.speaker.default_provider();
    let own: Vec<String> = match provider {
        Provider::Minimax => crate::engine::minimax::MODELS
            .iter()
            .map(|m| format!("minimax/{m}"))
            .collect(),
        Provider::Fish => crate::engine::fish::rules::MODELS
            .iter()
            .map(|m| format!("fish/{m}"))
            .collect(),
    };
    let data: Vec<Value> = OPENAI_MODELS
        .iter()
        .map(|m| m.to_string())
        .chain(own)
        .map(|id| json!({"id": id, "object": "model", "created": 0, "owned_by": "minimax-tts"}))
        .collect();
    json_response(StatusCode::OK, &json!({"object": "list", "data": data}))
}

/// A failure as OpenAI's error shape, its status chosen by whose it is; an option is named
/// (and `param` filled) as OpenAI's parameter where a client can set it.
fn failed(failure: &Failure) -> Response<Body> {
    let cli = &failure.worded(Surface::OpenAi, None);
    let (status, kind, code) = match failure.kind {
        Some(ErrorKind::Input | ErrorKind::BadRequest) => {
            (StatusCode::BAD_REQUEST, "invalid_request_error", None)
        }
        Some(ErrorKind::Content) => (
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            Some("content_policy_violation"),
        ),
        Some(ErrorKind::RateLimit) => (
            StatusCode::TOO_MANY_REQUESTS,
            "requests",
            Some("rate_limit_exceeded"),
        ),
        Some(ErrorKind::Balance) => (
            StatusCode::TOO_MANY_REQUESTS,
            "insufficient_quota",
            Some("insufficient_quota"),
        ),
        Some(ErrorKind::Auth | ErrorKind::Server | ErrorKind::Network | ErrorKind::Protocol) => {
            (StatusCode::BAD_GATEWAY, "upstream_error", None)
        }
        Some(ErrorKind::Output) | None => (StatusCode::INTERNAL_SERVER_ERROR, "server_error", None),
    };
    let mut message = cli.to_string();
    if let Some(hint) = &cli.hint {
        message.push_str(&format!(" (hint: {hint})"));
    }
    let param = failure
        .engine
        .as_ref()
        .and_then(|e| e.option.or_else(|| e.advice.as_ref()?.option()))
        .and_then(|key| Surface::OpenAi.option(key));
    error_with_param(
        status,
        kind,
        code,
        param.as_deref(),
        &without_local_names(&message),
    )
}

/// A message for a client: this machine's home directory and user name (which a path
/// in a cache or config error carries) are replaced.
fn without_local_names(message: &str) -> String {
    let mut message = message.to_string();
    if let Some(home) = dirs::home_dir().and_then(|h| h.to_str().map(str::to_string))
        && home.len() > 1
    {
        message = message.replace(home.trim_end_matches('/'), "~");
    }
    for var in ["USER", "LOGNAME", "USERNAME"] {
        if let Ok(user) = std::env::var(var)
            && user.len() >= 2
        {
            message = message.replace(&user, "<user>");
        }
    }
    message
}

fn bad_request(param: Option<&str>, message: &str) -> Response<Body> {
    error_with_param(
        StatusCode::BAD_REQUEST,
        "invalid_request_error",
        None,
        param,
        message,
    )
}

fn method_not_allowed(allowed: &'static str) -> Response<Body> {
    let mut response = error(
        StatusCode::METHOD_NOT_ALLOWED,
        "invalid_request_error",
        None,
        &format!("use {allowed} here"),
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allowed));
    response
}

fn error(status: StatusCode, kind: &str, code: Option<&str>, message: &str) -> Response<Body> {
    error_with_param(status, kind, code, None, message)
}

fn error_with_param(
    status: StatusCode,
    kind: &str,
    code: Option<&str>,
    param: Option<&str>,
    message: &str,
) -> Response<Body> {
    json_response(
        status,
        &json!({"error": {"message": message, "type": kind, "param": param, "code": code}}),
    )
}

fn json_response(status: StatusCode, value: &Value) -> Response<Body> {
    let mut response = Response::new(Body::full(Bytes::from(value.to_string())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn text(status: StatusCode, body: &'static str) -> Response<Body> {
    let mut response = Response::new(Body::full(Bytes::from_static(body.as_bytes())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn audio_response(format: AudioFormat, body: Body) -> Response<Body> {
    let mut response = Response::new(body);
    let mime = match format {
        AudioFormat::Mp3 => "audio/mpeg",
        AudioFormat::Wav => "audio/wav",
        AudioFormat::Flac => "audio/flac",
        AudioFormat::Pcm => "audio/pcm",
        AudioFormat::Opus => "audio/ogg",
    };
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    response
}

/// The address a `--listen` value names, refusing an address beyond this machine
/// without a token.
pub fn check_listen(addr: SocketAddr, token: Option<&str>) -> Result<(), CliError> {
    if !addr.ip().is_loopback() && token.is_none() {
        return Err(CliError::usage(format!(
            "listening on {addr} would let other machines spend this API key"
        ))
        .with_hint("set a token with --token or MINIMAX_TTS_SERVE_TOKEN (clients send it as their API key), or listen on 127.0.0.1"));
    }
    Ok(())
}
