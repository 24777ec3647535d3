//! The servers as their users' clients meet them: `mcp` driven by the official MCP
//! Python SDK over stdio, `serve` by the official OpenAI Python client (and by raw HTTP
//! where a client would hide what is checked: a huge body, a response cut by SIGTERM).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

mod browser;

use crate::server::{API_KEY, audio_for};
use crate::support::{TestEnv, assert_killed_by, send_signal, tool};

/// The Python interpreter (its real path) when it can import `module`; `None`, saying
/// so, elsewhere. On CI (`CI` set) a missing module fails the test: `.ci/run` installs it.
fn python_with(module: &str) -> Option<PathBuf> {
    let python = tool("python3")?;
    let out = Command::new(&python)
        .args([
            "-c",
            &format!("import sys, {module}; print(sys.executable)"),
        ])
        .output()
        .expect("run python3");
    if !out.status.success() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the Python package {module} is not installed (pip install mcp openai; .ci/run does)"
        );
        eprintln!("SKIPPED: the Python package {module} is not installed (pip install mcp openai)");
        return None;
    }
    Some(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/serve")
        .join(name)
}

/// The hermetic environment of the binary (as `TestEnv::cmd` sets it), for a process
/// that starts it (the MCP client) or for the server itself.
fn hermetic(cmd: &mut Command, env: &TestEnv) {
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.home.path())
        .env("MINIMAX_TTS_BACKOFF_MS", "1")
        .env("MINIMAX_TTS_AUDIO_SINK", "null-fast")
        .env("MINIMAX_API_KEY", API_KEY)
        .env("MINIMAX_BASE_URL", env.server.url())
        .current_dir(env.home.path());
}

#[test]
fn mcp_server_speaks_through_the_official_python_sdk() {
    let Some(python) = python_with("mcp") else {
        return;
    };
    let env = TestEnv::new();
    let out_dir = env.path("audio");
    let out = out_dir.join("agent.mp3");
    let mut cmd = Command::new(python);
    hermetic(&mut cmd, &env);
    let mut client = cmd
        .arg(script("mcp_client.py"))
        .arg(env!("CARGO_BIN_EXE_minimax-tts"))
        .arg(&out_dir)
        .arg("agent.mp3")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the MCP client");
    let mut stdin = client.stdin.take().expect("stdin");
    let mut lines = BufReader::new(client.stdout.take().expect("stdout")).lines();
    let stderr = collect(client.stderr.take().expect("stderr"));
    let mut next = |expected: &str| -> Value {
        let line = lines
            .next()
            .unwrap_or_else(|| panic!("no {expected} step; stderr:\n{}", text(&stderr)))
            .expect("read a step");
        let step: Value = serde_json::from_str(&line).expect("a JSON step");
        assert_eq!(step["step"], expected, "{step}");
        step["value"].clone()
    };
    let go = |stdin: &mut std::process::ChildStdin| {
        stdin.write_all(b"go\n").expect("release the client");
    };

    let init = next("initialize");
    assert_eq!(init["name"], "minimax-tts");
    go(&mut stdin);
    let tools = next("tools");
    assert_eq!(
        tools["speak"],
        serde_json::json!([
            "model", "output", "play", "provider", "speed", "text", "voice", "wait"
        ])
    );
    assert!(
        tools.get("stop").is_some() && tools.get("voices").is_some(),
        "{tools}"
    );
    assert!(tools.get("clone").is_none(), "{tools}");
    go(&mut stdin);

    let spoken = next("speak");
    assert_eq!(spoken["is_error"], false, "{spoken}");
    let result = &spoken["structured"];
    assert_eq!(result["played"], true, "{result}");
    assert_eq!(result["cached"], false, "{result}");
    assert_eq!(result["billed_characters"], 21, "{result}");
    assert_eq!(result["voice"], "English_expressive_narrator", "{result}");
    assert!(
        result["duration_ms"].as_u64().is_some_and(|ms| ms > 0),
        "{result}"
    );
    assert_eq!(
        result["output"].as_str(),
        Some(out.canonicalize().expect("the file").to_str().unwrap()),
        "the absolute path: {result}"
    );
    assert_eq!(
        std::fs::read(&out).expect("the file is written"),
        audio_for("mp3", "Hello from the agent."),
        "the file holds exactly what the fake served"
    );
    let sessions = env.server.connections().len();
    go(&mut stdin);

    let cached = next("cached");
    assert_eq!(cached["structured"]["cached"], true, "{cached}");
    assert_eq!(cached["structured"]["billed_characters"], 0, "{cached}");
    assert_eq!(
        std::fs::read(out_dir.join("agent.mp3.again.mp3")).expect("the cached copy"),
        audio_for("mp3", "Hello from the agent.")
    );
    assert_eq!(
        env.server.connections().len(),
        sessions,
        "no request for a cached one"
    );
    env.server.set_api_key("sk-api-someone-else");
    go(&mut stdin);

    let refused = next("refused");
    assert_eq!(refused["is_error"], true, "{refused}");
    let message = refused["text"].as_str().unwrap_or_default();
    assert!(message.starts_with("error: "), "{message}");
    assert!(
        message.contains("\n  hint: "),
        "worded as the CLI words it: {message}"
    );
    assert!(message.contains("key"), "{message}");
    assert!(!message.contains(API_KEY), "the key is never in a result");
    env.server.set_api_key(API_KEY);
    go(&mut stdin);

    let bad = next("bad");
    assert_eq!(bad["is_error"], true, "{bad}");
    assert!(
        bad["text"].as_str().unwrap_or_default().contains("speed"),
        "{bad}"
    );
    go(&mut stdin);

    // Advice in the tool's words: its arguments, never a command-line flag.
    let opus = next("opus");
    assert_eq!(opus["is_error"], true, "{opus}");
    let words = opus["text"].as_str().unwrap_or_default();
    assert!(words.contains("MiniMax does not produce Opus"), "{words}");
    assert!(
        words.contains(
            "hint: give the output file the extension mp3, wav, pcm or flac, or set provider to fish"
        ),
        "{words}"
    );
    assert!(!words.contains("--"), "{words}");
    go(&mut stdin);

    let alive = next("alive");
    assert_eq!(
        alive["is_error"], false,
        "the server lives on after failures: {alive}"
    );
    let wav = std::fs::read(out_dir.join("agent.mp3.alive.wav")).expect("the WAV");
    assert_eq!(&wav[..4], b"RIFF");
    go(&mut stdin);

    let background = next("background");
    assert_eq!(background["structured"]["started"], true, "{background}");
    // It returned at once; the file appears when the audio is whole.
    let bg = out_dir.join("agent.mp3.bg.mp3");
    for _ in 0..200 {
        if bg.exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        std::fs::read(&bg).expect("the background speech's file"),
        audio_for("mp3", "Said in the background.")
    );
    go(&mut stdin);

    let voices = next("voices");
    let listed = voices["structured"]["voices"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        listed
            .iter()
            .any(|v| v["voice_id"] == "English_expressive_narrator"),
        "{voices}"
    );
    go(&mut stdin);
    let stopped = next("stop");
    assert_eq!(stopped["structured"]["stopped"], true, "{stopped}");
    // A text file under an audio name, and a link out to a file of the user's.
    std::fs::write(out_dir.join("notes.mp3"), "my notes\n").unwrap();
    std::fs::write(env.path("precious.mp3"), "precious\n").unwrap();
    std::os::unix::fs::symlink(env.path("precious.mp3"), out_dir.join("link.mp3")).unwrap();
    let sessions = env.server.connections().len();
    go(&mut stdin);

    let hostile = next("hostile");
    for (name, res) in hostile.as_object().expect("results") {
        assert_eq!(res["is_error"], true, "{name}: {res}");
    }
    assert!(
        hostile["3,000,000 characters"]["text"]
            .as_str()
            .unwrap_or_default()
            .contains("at most 50000"),
        "{hostile}"
    );
    assert_eq!(
        env.server.connections().len(),
        sessions,
        "nothing was sent for them"
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.join("notes.mp3")).unwrap(),
        "my notes\n"
    );
    assert_eq!(
        std::fs::read_to_string(env.path("precious.mp3")).unwrap(),
        "precious\n"
    );
    assert!(!env.path("escape.mp3").exists() && !env.home.path().join(".profile").exists());
    go(&mut stdin);
    let after = next("after");
    assert_eq!(after["is_error"], false, "the protocol is intact: {after}");
    go(&mut stdin);
    drop(stdin);

    let status = client.wait().expect("the client ends");
    let stderr = text(&stderr);
    assert!(status.success(), "client failed:\n{stderr}");
    assert!(
        !stderr.contains(API_KEY),
        "the key is never logged:\n{stderr}"
    );
}

/// A running `minimax-tts serve` and what it printed on stderr.
struct Served {
    child: Child,
    addr: String,
    stderr: Arc<Mutex<Vec<u8>>>,
}

impl Served {
    fn start(env: &TestEnv, args: &[&str]) -> Served {
        Served::start_with(env, args, &[])
    }

    /// `serve` with more environment (another provider's key and host).
    fn start_with(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> Served {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_minimax-tts"));
        hermetic(&mut cmd, env);
        let mut child = cmd
            .envs(vars.iter().copied())
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start serve");
        let mut err = BufReader::new(child.stderr.take().expect("stderr"));
        let mut first = String::new();
        err.read_line(&mut first).expect("the first line");
        let addr = first
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("first line: {first:?}"))
            .to_string();
        Served {
            child,
            addr,
            stderr: collect(err),
        }
    }

    fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    fn log(&self) -> String {
        text(&self.stderr)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn openai_client(python: &Path, served: &Served, key: &str, args: &[&str]) -> Value {
    let out = Command::new(python)
        .arg(script("openai_client.py"))
        .arg(served.base_url())
        .arg(key)
        .args(args)
        .env_remove("OPENAI_BASE_URL")
        .env_remove("OPENAI_API_KEY")
        .output()
        .expect("run the OpenAI client");
    assert!(
        out.status.success(),
        "client failed: {}\nserver log:\n{}",
        String::from_utf8_lossy(&out.stderr),
        served.log()
    );
    serde_json::from_slice(&out.stdout).expect("the client's JSON")
}

#[test]
fn serve_streams_openai_speech_served_again_from_the_cache() {
    let Some(python) = python_with("openai") else {
        return;
    };
    let env = TestEnv::new();
    // Eight chunks 150 ms apart: the audio takes over a second to arrive.
    env.server
        .set_chunk_sizes(&[600, 700, 800, 900, 1000, 1100, 1200, 5000]);
    env.server.set_chunk_delay(Duration::from_millis(150));
    let served = Served::start(&env, &[]);
    let text = "Streaming to an app built for OpenAI.";
    let out = env.path("openai.mp3");
    let streamed = openai_client(
        &python,
        &served,
        "sk-anything",
        &["stream", out.to_str().unwrap(), "alloy", "mp3", text],
    );
    let expected = audio_for("mp3", text);
    assert_eq!(std::fs::read(&out).expect("the client's file"), expected);
    assert_eq!(streamed["content_type"], "audio/mpeg");
    assert!(streamed["chunks"].as_u64().unwrap_or(0) > 1, "{streamed}");
    // Streamed, not buffered: after the first chunk reached the client, the fake still
    // had most of its paced chunks to send.
    assert!(
        streamed["first_to_end_ms"].as_f64().unwrap_or(0.0) >= 600.0,
        "the first chunk came only with the last: {streamed}"
    );
    // OpenAI's voice name became a MiniMax voice, the model its default.
    let start = env.server.connections()[0]
        .task_start()
        .cloned()
        .expect("task_start");
    assert_eq!(
        start["voice_setting"]["voice_id"], "Friendly_Person",
        "{start}"
    );
    assert_eq!(start["model"], "speech-2.8-hd", "{start}");
    let sessions = env.server.connections().len();

    env.server.set_chunk_delay(Duration::ZERO);
    let again = env.path("again.mp3");
    openai_client(
        &python,
        &served,
        "sk-anything",
        &["stream", again.to_str().unwrap(), "alloy", "mp3", text],
    );
    assert_eq!(std::fs::read(&again).expect("the cached copy"), expected);
    assert_eq!(
        env.server.connections().len(),
        sessions,
        "an identical request makes no upstream request"
    );
    let log = served.log();
    assert!(log.contains("POST /v1/audio/speech 200"), "{log}");
    assert!(log.contains("(cache)"), "{log}");
    assert!(!log.contains(API_KEY), "{log}");

    // Another text with the same settings goes over the session the first one opened.
    let other = env.path("other.mp3");
    openai_client(
        &python,
        &served,
        "sk-anything",
        &[
            "stream",
            other.to_str().unwrap(),
            "alloy",
            "mp3",
            "A second line.",
        ],
    );
    assert_eq!(
        std::fs::read(&other).expect("the second line"),
        audio_for("mp3", "A second line.")
    );
    assert_eq!(
        env.server.connections().len(),
        sessions,
        "the session was kept"
    );
    assert_eq!(env.server.connections()[0].texts().len(), 2);

    // A WAV comes with its header first.
    let wav = env.path("row.wav");
    openai_client(
        &python,
        &served,
        "sk-anything",
        &[
            "stream",
            wav.to_str().unwrap(),
            "fable",
            "wav",
            "A line in WAV.",
        ],
    );
    assert_eq!(&std::fs::read(&wav).expect("the WAV")[..4], b"RIFF");
}

#[test]
fn serve_errors_take_openais_shape() {
    let Some(python) = python_with("openai") else {
        return;
    };
    let env = TestEnv::new();
    env.server.with_http(|s| s.strict_voices = true);
    let served = Served::start(&env, &["--token", "sekret-token"]);
    // A token on the command line works, with a warning that `ps` shows it.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !served.log().contains("visible to other users") {
        assert!(std::time::Instant::now() < deadline, "{}", served.log());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        served.log().contains("MINIMAX_TTS_SERVE_TOKEN"),
        "{}",
        served.log()
    );

    let refused = openai_client(&python, &served, "sk-wrong", &["error", "alloy", "Hi."]);
    assert_eq!(refused["class"], "AuthenticationError", "{refused}");
    assert_eq!(refused["status"], 401, "{refused}");
    assert_eq!(env.server.connections().len(), 0);

    let bad = openai_client(
        &python,
        &served,
        "sekret-token",
        &["error", "No_Such_Voice", "Hello there."],
    );
    assert_eq!(bad["class"], "BadRequestError", "{bad}");
    assert_eq!(bad["status"], 400, "{bad}");
    let message = bad["body"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("voice"), "{bad}");
    assert_eq!(bad["body"]["type"], "invalid_request_error", "{bad}");

    // OpenAI's speeds: 0.25 to 4, clamped to what the providers take (and said so).
    let slowest = openai_client(
        &python,
        &served,
        "sekret-token",
        &["speed", "English_expressive_narrator", "0.25", "Slowly."],
    );
    assert_eq!(slowest["status"], 200, "{slowest}");
    assert_eq!(slowest["speed_applied"], "0.5", "{slowest}");
    assert!(slowest["bytes"].as_u64().unwrap_or(0) > 0, "{slowest}");
    let usual = openai_client(
        &python,
        &served,
        "sekret-token",
        &["speed", "English_expressive_narrator", "1.5", "Briskly."],
    );
    assert_eq!(usual["status"], 200, "{usual}");
    assert_eq!(usual["speed_applied"], Value::Null, "{usual}");
    let too_fast = openai_client(
        &python,
        &served,
        "sekret-token",
        &["speed", "English_expressive_narrator", "4.5", "Too fast."],
    );
    assert_eq!(too_fast["status"], 400, "{too_fast}");
    assert_eq!(too_fast["body"]["param"], "speed", "{too_fast}");
    // A missing or mistyped field is named in `param`.
    for (body, param) in [
        (r#"{"model":"tts-1","voice":"alloy"}"#, "input"),
        (r#"{"model":"tts-1","input":"Hi."}"#, "voice"),
        (r#"{"input":"Hi.","voice":"alloy"}"#, "model"),
        (
            r#"{"model":"tts-1","input":"Hi.","voice":"alloy","speed":"fast"}"#,
            "speed",
        ),
        (
            r#"{"model":"tts-1","input":"Hi.","voice":{"name":"x"}}"#,
            "voice",
        ),
    ] {
        let (status, answer) = post(&served.addr, "sekret-token", body.as_bytes());
        assert_eq!(status, 400, "{body}: {answer}");
        let json = answer.split_once("\r\n\r\n").map_or("", |(_, body)| body);
        let answer: Value = serde_json::from_str(json).expect("a JSON error");
        assert_eq!(answer["error"]["param"], param, "{body}: {answer}");
    }

    // Advice in OpenAI's words: the parameter named (and in `param`), never a flag.
    let opus = openai_client(
        &python,
        &served,
        "sekret-token",
        &["error", "alloy", "In Opus.", "opus"],
    );
    assert_eq!(opus["status"], 400, "{opus}");
    assert_eq!(opus["body"]["param"], "response_format", "{opus}");
    let words = opus["body"]["message"].as_str().unwrap_or_default();
    assert!(
        words.contains(
            "(hint: set response_format to mp3, wav, pcm or flac, or prefix the model with fish/)"
        ),
        "{opus}"
    );
    assert!(!words.contains("--"), "{opus}");

    let slow = openai_client(
        &python,
        &served,
        "sekret-token",
        &["error", "alloy", &"x".repeat(60_000)],
    );
    assert_eq!(slow["status"], 400, "{slow}");
    assert_eq!(slow["body"]["param"], "input", "{slow}");

    // A huge body is refused before it is read.
    let mut stream = TcpStream::connect(&served.addr).expect("connect");
    write!(
        stream,
        "POST /v1/audio/speech HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer sekret-token\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n",
        served.addr
    )
    .expect("send");
    let _ = stream.write_all(&vec![b' '; 65536]);
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).expect("a status line");
    assert_eq!(&head, b"HTTP/1.1 413");

    // Malformed JSON: a 400, and the server lives on.
    let (status, body) = post(&served.addr, "sekret-token", b"{\"model\": ");
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("invalid_request_error"), "{body}");
    let (status, _) = get(&served.addr, "/healthz");
    assert_eq!(status, 200);
}

#[test]
fn serve_refuses_other_machines_without_a_token() {
    let env = TestEnv::new();
    let run = env.run(&["serve", "--listen", "0.0.0.0:0"]);
    run.assert_code(2).assert_stderr("MINIMAX_TTS_SERVE_TOKEN");
    assert_eq!(env.server.connections().len(), 0);
}

#[test]
fn sigterm_lets_the_response_in_flight_finish_then_the_server_dies_by_it() {
    let env = TestEnv::new();
    env.server.set_chunk_sizes(&[500, 500, 500, 500, 500, 500]);
    env.server.set_chunk_delay(Duration::from_millis(150));
    let mut served = Served::start(&env, &[]);
    let text = "Finish me before you go.";
    let mut stream = TcpStream::connect(&served.addr).expect("connect");
    let body = serde_json::json!({"model": "tts-1", "voice": "alloy", "input": text}).to_string();
    write!(
        stream,
        "POST /v1/audio/speech HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        served.addr,
        body.len()
    )
    .expect("send");
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).expect("the status line");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    // The response has begun; the signal comes in the middle of it.
    send_signal(served.child.id(), 15);
    let audio = read_chunked(&mut reader);
    assert_eq!(
        audio,
        audio_for("mp3", text),
        "the whole audio, then the end"
    );
    let exit = served.child.wait().expect("the server ends");
    assert_killed_by(exit, 15, served.log().as_bytes());
    assert!(
        served.log().contains("POST /v1/audio/speech 200"),
        "{}",
        served.log()
    );
}

/// Reads the rest of a response after its status line: headers, then a chunked body.
fn read_chunked(reader: &mut impl BufRead) -> Vec<u8> {
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("a header");
        if line == "\r\n" {
            break;
        }
        assert!(!line.is_empty(), "the headers ended early");
    }
    let mut body = Vec::new();
    loop {
        let mut size = String::new();
        reader.read_line(&mut size).expect("a chunk size");
        let size = usize::from_str_radix(size.trim(), 16)
            .unwrap_or_else(|_| panic!("a chunk size, not {size:?} (the body was cut)"));
        let mut chunk = vec![0u8; size + 2];
        reader.read_exact(&mut chunk).expect("a chunk");
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&chunk[..size]);
    }
}

fn post(addr: &str, token: &str, body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "POST /v1/audio/speech HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .expect("send");
    stream.write_all(body).expect("send the body");
    response(stream)
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    response(stream)
}

fn response(mut stream: TcpStream) -> (u16, String) {
    let mut all = String::new();
    stream.read_to_string(&mut all).expect("the response");
    let status = all
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {all:?}"));
    (status, all)
}

/// Everything a pipe carries, read on a thread of its own.
fn collect(mut pipe: impl Read + Send + 'static) -> Arc<Mutex<Vec<u8>>> {
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&buffer);
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n) = pipe.read(&mut chunk) {
            if n == 0 {
                break;
            }
            sink.lock().expect("buffer").extend_from_slice(&chunk[..n]);
        }
    });
    buffer
}

fn text(buffer: &Arc<Mutex<Vec<u8>>>) -> String {
    String::from_utf8_lossy(&buffer.lock().expect("buffer")).into_owned()
}

/// A speech request over raw HTTP: its status and its body (chunks decoded).
fn speech(addr: &str, request: &Value) -> (u16, Vec<u8>) {
    let body = request.to_string();
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "POST /v1/audio/speech HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).expect("the status line");
    let code = status.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut chunked = false;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("a header");
        if line == "\r\n" || line.is_empty() {
            break;
        }
        chunked |= line.eq_ignore_ascii_case("transfer-encoding: chunked\r\n");
    }
    if chunked {
        let mut rest = Vec::new();
        reader.read_to_end(&mut rest).expect("the body");
        return (code, dechunk(&rest));
    }
    let mut body = Vec::new();
    reader.read_to_end(&mut body).expect("the body");
    (code, body)
}

fn dechunk(mut bytes: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = bytes
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("a chunk size line");
        let size = usize::from_str_radix(std::str::from_utf8(&bytes[..line_end]).unwrap(), 16)
            .expect("a chunk size");
        bytes = &bytes[line_end + 2..];
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&bytes[..size]);
        bytes = &bytes[size + 2..];
    }
}

#[test]
fn serve_and_batch_share_one_cache() {
    let env = TestEnv::new();
    // batch makes a row; serve answers the same request from it.
    std::fs::write(
        env.path("lines.jsonl"),
        "{\"id\": \"a\", \"text\": \"Made by batch.\", \"voice\": \"Friendly_Person\"}\n",
    )
    .unwrap();
    env.run(&["batch", "lines.jsonl", "--out-dir", "out"])
        .assert_code(0);
    let made = std::fs::read(env.path("out/a.mp3")).expect("the row's file");
    let sessions = env.server.connections().len();
    let served = Served::start(&env, &[]);
    let request =
        serde_json::json!({"model": "tts-1", "voice": "alloy", "input": "Made by batch."});
    let (status, body) = speech(&served.addr, &request);
    assert_eq!(status, 200);
    assert_eq!(body, made, "batch's file, byte for byte");
    assert_eq!(
        env.server.connections().len(),
        sessions,
        "no upstream request"
    );

    // serve makes a WAV of two segments; batch finds it, as its own row would be.
    let long = format!(
        "{} {}",
        "A first sentence of some length.".repeat(300),
        "The end."
    );
    let request = serde_json::json!({"model": "tts-1", "voice": "fable", "input": long, "response_format": "wav"});
    let (status, streamed) = speech(&served.addr, &request);
    assert_eq!(status, 200);
    assert_eq!(&streamed[..4], b"RIFF");
    let made_by_serve = env.server.connections().len();
    drop(served);
    let row = serde_json::json!({"id": "b", "text": long, "format": "wav"});
    std::fs::write(env.path("wav.jsonl"), format!("{row}\n")).unwrap();
    let run = env.run(&["batch", "wav.jsonl", "--out-dir", "out", "--json"]);
    run.assert_code(0);
    assert!(
        run.stdout_text().contains("\"status\":\"cached\""),
        "{}",
        run.stdout_text()
    );
    assert_eq!(
        env.server.connections().len(),
        made_by_serve,
        "no upstream request"
    );
    let file = std::fs::read(env.path("out/b.wav")).expect("the row's file");
    // The stream's header said "length unknown"; the stored file has the real sizes,
    // and the same audio.
    assert_eq!(file.len(), streamed.len());
    assert_eq!(&file[44..], &streamed[44..]);
}

#[test]
fn a_fish_model_prefix_sends_the_request_to_fish_with_fishs_key() {
    let env = TestEnv::new();
    let fish = crate::server::fish::FishServer::start();
    fish.set_api_key("sk-fish-only");
    let fish_url = fish.url();
    let served = Served::start_with(
        &env,
        &[],
        &[
            ("FISH_API_KEY", "sk-fish-only"),
            ("FISH_BASE_URL", &fish_url),
        ],
    );
    let text = "Hello there.";
    let request = serde_json::json!({"model": "fish/s1", "voice": "alloy", "input": text});
    let (status, body) = speech(&served.addr, &request);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert_eq!(body, crate::server::fish::piece_audio("mp3", text));
    let connections = fish.connections();
    assert_eq!(connections.len(), 1);
    let start = connections[0].start().expect("a start event");
    assert_eq!(
        connections[0].model.as_deref(),
        Some("s1"),
        "the model header"
    );
    // An OpenAI voice name means Fish's configured voice (none here), not a MiniMax id.
    assert!(!start.to_string().contains("Friendly_Person"), "{start}");
    assert_eq!(env.server.connections().len(), 0, "MiniMax saw nothing");
}

/// Sends `head` (and `body`) on a fresh connection; the status and the whole response.
fn exchange(addr: &str, head: &str, body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.write_all(head.as_bytes()).expect("send the head");
    stream.write_all(body).expect("send the body");
    response(stream)
}

#[test]
fn serve_checks_names_schemes_and_stalled_bodies_and_logs_cut_responses() {
    let env = TestEnv::new();
    env.server.set_api_key("sk-another-key");
    env.server
        .set_chunk_sizes(&[400, 400, 400, 400, 400, 400, 400, 400]);
    env.server.set_chunk_delay(Duration::from_millis(200));
    let served = Served::start_with(
        &env,
        &[],
        &[
            ("MINIMAX_TTS_SERVE_TOKEN", "sekret-token"),
            ("MINIMAX_TTS_BODY_TIMEOUT_MS", "300"),
        ],
    );
    let addr = served.addr.as_str();
    let speech =
        serde_json::json!({"model": "tts-1", "voice": "alloy", "input": "Hello."}).to_string();

    // A rebound name is refused before the token is even looked at.
    let (status, body) = exchange(
        addr,
        &format!(
            "GET /v1/models HTTP/1.1\r\nHost: rebound.example:{}\r\nConnection: close\r\n\r\n",
            addr.rsplit(':').next().unwrap()
        ),
        b"",
    );
    assert_eq!(status, 421, "{body}");
    assert!(!body.contains("Access-Control-Allow"), "{body}");
    // The scheme's name in any case.
    let (status, body) = exchange(
        addr,
        &format!(
            "GET /v1/models HTTP/1.1\r\nHost: {addr}\r\nauthorization: bEaReR sekret-token\r\nConnection: close\r\n\r\n"
        ),
        b"",
    );
    assert_eq!(status, 200, "{body}");

    // A body that stops arriving gets 408, not a connection held for ever.
    let (status, body) = exchange(
        addr,
        &format!(
            "POST /v1/audio/speech HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer sekret-token\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
        ),
        b"{\"model\":",
    );
    assert_eq!(status, 408, "{body}");
    assert_eq!(env.server.connections().len(), 0);

    // The key is refused upstream: the client learns that, not where the key is kept.
    let (status, body) = exchange(
        addr,
        &format!(
            "POST /v1/audio/speech HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer sekret-token\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            speech.len()
        ),
        speech.as_bytes(),
    );
    assert_eq!(status, 502, "{body}");
    let home = env.home.path().to_string_lossy().to_string();
    assert!(
        !body.contains(&home) && !body.contains("config.toml"),
        "{body}"
    );
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        served.log().contains("keys are read from"),
        "{}",
        served.log()
    );

    // A response the client cuts is logged as aborted.
    env.server.set_api_key(API_KEY);
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "POST /v1/audio/speech HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer sekret-token\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{speech}",
        speech.len()
    )
    .expect("send");
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).expect("the status line");
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    drop(reader);
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !served.log().contains("POST /v1/audio/speech 200") {
        assert!(std::time::Instant::now() < deadline, "{}", served.log());
        std::thread::sleep(Duration::from_millis(50));
    }
    let logged = served.log();
    let line = logged
        .lines()
        .find(|l| l.contains("POST /v1/audio/speech 200"))
        .unwrap_or_default();
    assert!(line.ends_with("(aborted)"), "{logged}");
}

#[test]
fn mcp_answers_a_line_that_is_not_json_with_a_parse_error() {
    let env = TestEnv::new();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_minimax-tts"));
    hermetic(&mut cmd, &env);
    let mut child = cmd
        .args(["mcp", "--out-dir"])
        .arg(env.path("audio"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mcp");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    stdin.write_all(b"this is not JSON\n").expect("send");
    let reply: Value =
        serde_json::from_str(&lines.next().expect("a reply").expect("read")).expect("JSON");
    assert_eq!(reply["error"]["code"], -32700, "{reply}");
    assert_eq!(reply["id"], Value::Null, "{reply}");
    // The session goes on.
    stdin
        .write_all(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#)
        .and_then(|()| stdin.write_all(b"\n"))
        .expect("send");
    let reply: Value =
        serde_json::from_str(&lines.next().expect("a reply").expect("read")).expect("JSON");
    assert_eq!(reply["id"], 1, "{reply}");
    assert_eq!(
        reply["result"]["serverInfo"]["name"], "minimax-tts",
        "{reply}"
    );
    drop(stdin);
    let _ = child.wait();
}

/// The official OpenAI Node SDK, installed by `.ci/run` under `target/ci-tools` (where
/// the workflow linters are); `None`, saying so, elsewhere (a failure on CI).
fn node_openai() -> Option<(PathBuf, PathBuf)> {
    let node = crate::support::tool("node")?;
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-tools/node_modules");
    if !modules.join("openai/package.json").is_file() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the openai npm package is not installed (.ci/run installs it in target/ci-tools)"
        );
        eprintln!("SKIPPED: npm install --prefix target/ci-tools openai");
        return None;
    }
    Some((node, modules))
}

#[test]
fn serve_works_unchanged_with_the_official_node_sdk() {
    let Some((node, modules)) = node_openai() else {
        return;
    };
    let env = TestEnv::new();
    let served = Served::start_with(&env, &[], &[("MINIMAX_TTS_SERVE_TOKEN", "node-token")]);
    let out = env.path("node.mp3");
    let text = "Hello from Node.";
    let run = Command::new(node)
        .arg(script("openai_client.cjs"))
        .arg(served.base_url())
        .arg("node-token")
        .arg(&out)
        .arg(text)
        .env("NODE_PATH", modules)
        .output()
        .expect("run node");
    assert!(
        run.status.success(),
        "{}\nserver log:\n{}",
        String::from_utf8_lossy(&run.stderr),
        served.log()
    );
    let result: Value = serde_json::from_slice(&run.stdout).expect("the client's JSON");
    assert_eq!(result["content_type"], "audio/mpeg", "{result}");
    assert_eq!(std::fs::read(&out).unwrap(), audio_for("mp3", text));
    assert!(
        result["models"]
            .as_array()
            .is_some_and(|m| m.iter().any(|id| id == "tts-1")),
        "{result}"
    );
    assert_eq!(result["refused"]["status"], 400, "{result}");
    assert_eq!(result["refused"]["param"], "input", "{result}");
}

#[test]
fn mcp_never_writes_into_its_own_stderr_whatever_it_is_called() {
    let env = TestEnv::new();
    let out_dir = env.path("audio");
    std::fs::create_dir(&out_dir).unwrap();
    // The server's stderr is a file inside its output directory, named as audio.
    let log = std::fs::File::create(out_dir.join("log.mp3")).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_minimax-tts"));
    hermetic(&mut cmd, &env);
    let mut child = cmd
        .args(["mcp", "--out-dir"])
        .arg(&out_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .expect("start mcp");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut send = |message: Value| {
        stdin
            .write_all(format!("{message}\n").as_bytes())
            .expect("send");
    };
    send(
        serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}),
    );
    let _ = lines.next();
    send(serde_json::json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
    send(
        serde_json::json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
        "name": "speak", "arguments": {"text": "Into the log?", "output": "log.mp3", "play": false}}}),
    );
    let reply: Value =
        serde_json::from_str(&lines.next().expect("a reply").expect("read")).expect("JSON");
    assert_eq!(reply["id"], 2, "{reply}");
    assert_eq!(reply["result"]["isError"], true, "{reply}");
    let text = reply["result"]["content"][0]["text"]
        .as_str()
        .unwrap_or_default();
    assert!(text.contains("stdin, stdout or stderr"), "{reply}");
    assert_eq!(env.server.connections().len(), 0);
    drop(stdin);
    let _ = child.wait();
}
