//! `--provider fish` against the Fish Audio fake (tests/server/fish.rs): the request as
//! Fish documents it, byte-exact files in every format, live playback, streamed text,
//! every fault's exit code and message, voices, and the checks made before any request.

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::playback::{recording, served_seconds};
use crate::server::API_KEY;
use crate::server::fish::{FishFault, FishServer, piece_audio, wav_header};
use crate::support::{Run, assert_no_temp_files, bare_cmd, run, run_with_stdin};

pub(crate) struct FishEnv {
    pub server: FishServer,
    pub home: tempfile::TempDir,
}

impl FishEnv {
    pub fn new() -> FishEnv {
        FishEnv {
            server: FishServer::start(),
            home: tempfile::tempdir().expect("temp home"),
        }
    }

    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.home.path().join(name)
    }

    /// Writes a file into the home directory; its path as text.
    pub fn write(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.path(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_string()
    }

    /// The binary set to Fish by the environment, as a user's shell profile would.
    pub fn cmd(&self) -> std::process::Command {
        let mut cmd = bare_cmd(self.home.path());
        cmd.env("MINIMAX_TTS_PROVIDER", "fish")
            .env("FISH_API_KEY", API_KEY)
            .env("FISH_BASE_URL", self.server.url());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run(self.cmd().args(args))
    }

    fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
}

/// A WAV file as it must be saved: a header with the real sizes, then the samples.
fn wav_file(rate: u32, pcm: &[u8]) -> Vec<u8> {
    let len = pcm.len() as u32;
    let mut file = wav_header(rate, 36 + len, len);
    file.extend_from_slice(pcm);
    file
}

#[test]
fn speak_sends_every_field_and_saves_mp3_exactly() {
    let env = FishEnv::new();
    env.run(&["speak", "Hello there.", "-o", "out.mp3", "--play", "never"])
        .assert_code(0)
        .assert_stderr("wrote out.mp3");
    assert_eq!(env.read("out.mp3"), piece_audio("mp3", "Hello there."));
    let conns = env.server.connections();
    assert_eq!(conns.len(), 1);
    let conn = &conns[0];
    assert_eq!(conn.model.as_deref(), Some("s2.1-pro-free"));
    assert_eq!(
        conn.authorization.as_deref(),
        Some(&*format!("Bearer {API_KEY}"))
    );
    assert_eq!(conn.events(), ["start", "text", "flush", "stop"]);
    // The server joins text verbatim: each piece ends with a space.
    assert_eq!(conn.texts(), ["Hello there. "]);
    assert_eq!(
        conn.start().unwrap()["request"],
        json!({
            "text": "",
            "reference_id": null,
            "format": "mp3",
            "sample_rate": 44100,
            "mp3_bitrate": 128,
            "latency": "balanced",
            "chunk_length": 200,
            "normalize": true,
            "prosody": {"speed": 1.0, "volume": 0.0},
            "temperature": 0.7,
            "top_p": 0.7,
        })
    );
}

#[test]
fn options_map_onto_the_request() {
    let env = FishEnv::new();
    env.run(&[
        "speak",
        "Hi.",
        "-o",
        "o.mp3",
        "--play",
        "never",
        "--voice",
        "abc123",
        "--model",
        "s1",
        "--speed",
        "1.5",
        "--vol",
        "2",
        "--latency",
        "normal",
        "--chunk-length",
        "120",
        "--temperature",
        "0.3",
        "--top-p",
        "0.9",
        "--no-normalize",
        "--bitrate",
        "192000",
        "--sample-rate",
        "32000",
    ])
    .assert_code(0);
    let conn = &env.server.connections()[0];
    assert_eq!(conn.model.as_deref(), Some("s1"));
    let request = &conn.start().unwrap()["request"];
    assert_eq!(request["reference_id"], "abc123");
    assert_eq!(request["prosody"], json!({"speed": 1.5, "volume": 6.02}));
    assert_eq!(request["latency"], "normal");
    assert_eq!(request["chunk_length"], 120);
    assert_eq!(request["temperature"], 0.3);
    assert_eq!(request["top_p"], 0.9);
    assert_eq!(request["normalize"], false);
    assert_eq!(request["mp3_bitrate"], 192);
    assert_eq!(request["sample_rate"], 32000);
}

#[test]
fn wav_is_saved_with_real_sizes_and_pcm_exactly() {
    let env = FishEnv::new();
    let text = "Hello there.";
    env.run(&[
        "speak",
        text,
        "-o",
        "out.wav",
        "--sample-rate",
        "16000",
        "--play",
        "never",
    ])
    .assert_code(0);
    let pcm = piece_audio("pcm", text);
    assert_eq!(env.read("out.wav"), wav_file(16000, &pcm));
    assert_eq!(
        env.server.connections()[0].start().unwrap()["request"]["format"],
        "wav"
    );

    env.run(&[
        "speak",
        text,
        "-o",
        "out.pcm",
        "--sample-rate",
        "16000",
        "--play",
        "never",
    ])
    .assert_code(0);
    assert_eq!(env.read("out.pcm"), pcm);
}

#[test]
fn opus_is_written_but_never_played() {
    let env = FishEnv::new();
    let result = env.run(&["speak", "Hello there.", "-o", "out.opus", "--json"]);
    result.assert_code(0);
    assert_eq!(env.read("out.opus"), piece_audio("opus", "Hello there."));
    let json = result.json();
    assert_eq!(json["played"], false);
    // The length comes from the Ogg pages (the fixture holds about 1.1 s).
    let ms = json["audio_ms"].as_f64().unwrap();
    assert!((500.0..3000.0).contains(&ms), "audio_ms {ms}");
    let conns = env.server.connections();
    let request = &conns[0].start().unwrap()["request"];
    assert_eq!(
        (
            request["sample_rate"].clone(),
            request["opus_bitrate"].clone()
        ),
        (json!(48000), json!(-1000))
    );

    env.run(&["speak", "Hi.", "-o", "x.opus", "--play", "always"])
        .assert_code(2)
        .assert_stderr("Opus cannot be played");
    env.run(&["speak", "Hi.", "--format", "opus"])
        .assert_code(2)
        .assert_stderr("give an output");
    assert_eq!(env.server.connections().len(), 1);
}

#[test]
fn live_playback_plays_the_whole_stream() {
    for (format, args) in [
        ("mp3", vec!["-o", "out.mp3"]),
        ("pcm", vec!["-o", "out.wav", "--sample-rate", "16000"]),
    ] {
        let env = FishEnv::new();
        let rec = env.path("played.wav");
        let text = "Hello there. Goodbye now.";
        let mut all = vec!["speak", text];
        all.extend(args);
        run(env
            .cmd()
            .env(
                "MINIMAX_TTS_AUDIO_SINK",
                format!("wav-fast:{}", rec.display()),
            )
            .args(&all))
        .assert_code(0)
        .assert_stderr("played and wrote");
        let served = served_seconds(format, &piece_audio(format, text));
        let got = recording(&rec);
        assert!(
            (got.seconds - served).abs() <= 1152.0 / 32000.0,
            "{format}: played {:.3} s of {served:.3} s",
            got.seconds
        );
        assert!(got.peak > 1000, "{format}: silence");
    }
}

#[test]
fn config_file_serves_both_providers() {
    let env = FishEnv::new();
    let config = env.path("config.toml");
    let key_file = env.path("fish.key");
    std::fs::write(&key_file, format!("{API_KEY}\n")).unwrap();
    std::fs::write(
        &config,
        format!(
            "provider = \"fish\"\nvoice = \"English_Graceful_Lady\"\nmodel = \"speech-2.8-hd\"\n\
             [fish]\napi_key_file = \"{}\"\nbase_url = \"{}\"\nvoice = \"fishvoice\"\nmodel = \"s2-pro\"\nlatency = \"normal\"\n",
            key_file.display(),
            env.server.url()
        ),
    )
    .unwrap();
    let result = run(bare_cmd(env.home.path())
        .env("MINIMAX_TTS_CONFIG", &config)
        .args(["speak", "Hi there.", "-o", "o.mp3", "--play", "never"]));
    result.assert_code(0);
    let conn = &env.server.connections()[0];
    assert_eq!(conn.model.as_deref(), Some("s2-pro"));
    let request = &conn.start().unwrap()["request"];
    assert_eq!(
        (request["reference_id"].clone(), request["latency"].clone()),
        (json!("fishvoice"), json!("normal"))
    );
    // MINIMAX_TTS_PROVIDER and --provider outrank the file.
    let result = run(bare_cmd(env.home.path())
        .env("MINIMAX_TTS_CONFIG", &config)
        .env("MINIMAX_TTS_PROVIDER", "minimax")
        .args(["speak", "Hi.", "-o", "o.mp3", "--play", "never"]));
    result
        .assert_code(2)
        .assert_stderr("no MiniMax API key found");
}

#[test]
fn bad_options_are_refused_before_any_request() {
    let env = FishEnv::new();
    let cases: &[(&[&str], &str)] = &[
        (&["--model", "s3"], "unknown Fish Audio model 's3'"),
        (&["--model", "speech-1.5"], "retired"),
        (&["--pitch", "2"], "--pitch is a MiniMax option"),
        (&["--emotion", "happy"], "--emotion is a MiniMax option"),
        (&["--subtitles", "x.srt"], "--subtitles is a MiniMax option"),
        (&["--format", "flac"], "does not produce FLAC"),
        (&["--sample-rate", "22050"], "at 32000, 44100 Hz"),
        (&["--format", "wav", "--sample-rate", "48000"], "not 48000"),
        (&["--bitrate", "256000"], "64000, 128000, 192000"),
        (&["--vol", "0.05"], "-20 to 20 dB"),
        (&["--channels", "2"], "mono"),
        (&["--transport", "http"], "--transport http is MiniMax's"),
        (&["--region", "cn"], "--region is MiniMax's"),
        (&["--chunk-length", "50"], "from 100 to 300"),
    ];
    for (args, needle) in cases {
        let mut all = vec!["speak", "Hello.", "-o", "out", "--play", "never"];
        all.extend_from_slice(args);
        let result = env.run(&all);
        assert_eq!(result.code, 2, "{args:?}: {}", result.stderr);
        assert!(
            result.stderr.contains(needle),
            "{args:?}: {}",
            result.stderr
        );
    }
    env.run(&["speak", "(happy) [laughs]", "-o", "o.mp3"])
        .assert_code(2)
        .assert_stderr("only tags");
    env.run(&["speak", "<|speaker:0|>Hi", "-o", "o.mp3", "--model", "s1"])
        .assert_code(2)
        .assert_stderr("S2-family");
    env.run(&["async-submit", "Hello."])
        .assert_code(2)
        .assert_stderr("MiniMax's");
    // Fish options with MiniMax are refused too.
    run(bare_cmd(env.home.path())
        .env("MINIMAX_API_KEY", API_KEY)
        .args(["speak", "Hi.", "-o", "o.mp3", "--latency", "low"]))
    .assert_code(2)
    .assert_stderr("--latency is a Fish Audio option")
    .assert_stderr("hint: drop --latency, or use --provider fish");
    assert!(env.server.connections().is_empty(), "a request was made");
    assert!(!env.path("o.mp3").exists());
}

#[test]
fn missing_key_names_fish_places() {
    let env = FishEnv::new();
    run(bare_cmd(env.home.path()).args(["--provider", "fish", "speak", "Hi.", "-o", "o.mp3"]))
        .assert_code(2)
        .assert_stderr("no Fish Audio API key found")
        .assert_stderr("FISH_API_KEY");
}

#[test]
fn refusals_exit_3_with_fish_words() {
    for (status, needle) in [
        (401, "Fish Audio API key is invalid or missing"),
        (402, "insufficient balance"),
        (403, "denied access"),
        (404, "unknown Fish Audio model or voice"),
        (422, "found the parameters invalid"),
    ] {
        let env = FishEnv::new();
        env.server.push_fault(FishFault::Handshake(status));
        let result = env.run(&["speak", "Hi.", "-o", "o.mp3", "--play", "never"]);
        result.assert_code(3).assert_stderr(needle);
        assert_eq!(
            env.server.connections().len(),
            1,
            "{status} must not be retried"
        );
        assert!(!env.path("o.mp3").exists());
    }
    // A key the fake does not know is refused with the server's own words.
    let env = FishEnv::new();
    run(env
        .cmd()
        .env("FISH_API_KEY", "sk-wrong")
        .args(["speak", "Hi.", "-o", "o.mp3"]))
    .assert_code(3)
    .assert_stderr("Invalid api key")
    .assert_stderr("FISH_API_KEY");
}

#[test]
fn transient_failures_are_retried_and_the_file_is_exact() {
    let text = "Hello there. Goodbye now.";
    let faults = [
        FishFault::Handshake(429),
        FishFault::Handshake(503),
        FishFault::FinishError { after_chunks: 3 },
        FishFault::Drop { after_chunks: 2 },
        FishFault::Garbage { after_chunks: 1 },
        FishFault::CloseBeforeFinish,
        FishFault::Stall { after_chunks: 2 },
    ];
    for fault in faults {
        let env = FishEnv::new();
        env.server.push_fault(fault.clone());
        let result = env.run(&[
            "speak",
            text,
            "-o",
            "out.mp3",
            "--play",
            "never",
            "--timeout",
            "0.5",
        ]);
        result.assert_code(0).assert_stderr("retrying");
        assert_eq!(env.read("out.mp3"), piece_audio("mp3", text), "{fault:?}");
        assert_eq!(env.server.connections().len(), 2, "{fault:?}");
        assert_no_temp_files(env.home.path());
    }
}

#[test]
fn unknown_events_and_text_frames_are_ignored() {
    let env = FishEnv::new();
    env.server.push_fault(FishFault::Noise);
    env.run(&["speak", "Hello there.", "-o", "out.mp3", "--play", "never"])
        .assert_code(0);
    assert_eq!(env.read("out.mp3"), piece_audio("mp3", "Hello there."));
    assert_eq!(env.server.connections().len(), 1);
}

#[test]
fn failures_that_persist_end_with_exit_4_and_no_file() {
    let env = FishEnv::new();
    for _ in 0..4 {
        env.server
            .push_fault(FishFault::FinishError { after_chunks: 1 });
    }
    env.run(&["speak", "Hello.", "-o", "out.mp3", "--play", "never"])
        .assert_code(4)
        .assert_stderr("ended the session with an error: synthesis failed")
        .assert_stderr("gave up after 4 attempts");
    assert!(!env.path("out.mp3").exists());
    assert_no_temp_files(env.home.path());
}

#[test]
fn failure_after_audio_on_stdout_ends_cleanly() {
    let env = FishEnv::new();
    env.server.push_fault(FishFault::Drop { after_chunks: 2 });
    env.run(&["speak", "Hello there.", "-o", "-"])
        .assert_code(4)
        .assert_stderr("cannot be taken back");
    assert_eq!(env.server.connections().len(), 1);
}

#[test]
fn stream_sends_text_as_it_arrives_on_one_session() {
    let env = FishEnv::new();
    let mut child = env
        .cmd()
        .args(["stream", "-o", "out.mp3", "--play", "never", "--json"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"Hello there. ").unwrap();
    stdin.flush().unwrap();
    // The first sentence goes out (with its flush) while the input is still open.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !env
        .server
        .connections()
        .first()
        .is_some_and(|c| c.events().contains(&"flush".to_string()))
    {
        assert!(
            Instant::now() < deadline,
            "nothing sent before the input ended"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    stdin.write_all(b"Goodbye now.\n").unwrap();
    drop(stdin);
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let conns = env.server.connections();
    assert_eq!(conns.len(), 1);
    assert_eq!(conns[0].texts(), ["Hello there. ", "Goodbye now. "]);
    assert_eq!(
        conns[0].events(),
        ["start", "text", "flush", "text", "flush", "stop"]
    );
    // Each flush is a file of its own: joined into one.
    let pieces = [
        piece_audio("mp3", "Hello there."),
        piece_audio("mp3", "Goodbye now."),
    ];
    let expected = crate::server::joined_mp3_file(&pieces);
    assert!(env.read("out.mp3") == expected, "one joined MP3");
    let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let segments: Vec<&Value> = lines.iter().filter(|l| l["event"] == "segment").collect();
    assert_eq!(segments.len(), 2, "{lines:?}");
    assert_eq!(segments[0]["text"], "Hello there.");
    // Each segment's bytes are what the service sent for it.
    let bytes: u64 = segments.iter().map(|s| s["bytes"].as_u64().unwrap()).sum();
    assert_eq!(bytes, pieces.iter().map(|p| p.len() as u64).sum::<u64>());
    assert_eq!(lines.last().unwrap()["event"], "summary");
}

#[test]
fn stream_redoes_the_session_after_a_failure() {
    let env = FishEnv::new();
    env.server
        .push_fault(FishFault::FinishError { after_chunks: 4 });
    let result = run_with_stdin(
        env.cmd().args([
            "stream",
            "-o",
            "out.wav",
            "--sample-rate",
            "16000",
            "--play",
            "never",
        ]),
        b"Hello there. Goodbye now.\n",
    );
    result.assert_code(0).assert_stderr("retrying");
    let conns = env.server.connections();
    assert_eq!(conns.len(), 2);
    // The new session is sent everything again (and what came after the failure).
    assert_eq!(conns[1].texts(), ["Hello there. ", "Goodbye now. "]);
    assert!(conns[1].texts().starts_with(&conns[0].texts()));
    let mut pcm = Vec::new();
    for text in conns[1].texts() {
        pcm.extend(piece_audio("pcm", &text));
    }
    assert_eq!(env.read("out.wav"), wav_file(16000, &pcm));
}

fn voice(id: &str, title: &str, visibility: &str) -> Value {
    json!({
        "_id": id, "type": "tts", "title": title, "description": format!("{title} voice"),
        "languages": ["en"], "visibility": visibility, "state": "trained",
        "author": {"_id": "a1", "nickname": "someone"}, "created_at": "2026-01-02T03:04:05Z",
        "like_count": 3, "samples": []
    })
}

#[test]
fn voices_lists_models_in_the_common_shape() {
    let env = FishEnv::new();
    env.server.set_voices(vec![
        voice("pub1", "Energetic Narrator", "public"),
        voice("pub2", "Calm Teacher", "public"),
        voice("mine", "My Clone", "private"),
        json!({"title": "no id, skipped"}),
    ]);
    let result = env.run(&["voices", "--json"]);
    result.assert_code(0);
    let list = result.json();
    assert_eq!(list.as_array().unwrap().len(), 3, "{list}");
    assert_eq!(
        list[0],
        json!({
            "type": "public", "voice_id": "pub1", "voice_name": "Energetic Narrator",
            "description": ["Energetic Narrator voice", "by someone"],
            "created_time": "2026-01-02T03:04:05Z", "language": "en"
        })
    );
    let mine = env.run(&["voices", "--self", "--json"]).json();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(
        (mine[0]["voice_id"].clone(), mine[0]["type"].clone()),
        (json!("mine"), json!("own"))
    );
    let table = env.run(&["voices", "--filter", "calm"]);
    table.assert_code(0);
    let text = table.stdout_text();
    assert!(text.contains("pub2") && !text.contains("pub1"), "{text}");
    assert!(
        env.server
            .voice_queries()
            .iter()
            .any(|q| q.contains("title=calm"))
    );
    env.run(&["voices", "--type", "system"]).assert_code(2);
}

#[test]
fn voices_walks_the_pages_up_to_the_limit() {
    let env = FishEnv::new();
    env.server.set_voices(
        (0..150)
            .map(|i| voice(&format!("v{i}"), "Voice", "public"))
            .collect(),
    );
    let result = env.run(&["voices", "--json", "--limit", "120"]);
    result.assert_code(0).assert_stderr("showing 120 of 150");
    assert_eq!(result.json().as_array().unwrap().len(), 120);
    assert_eq!(env.server.voice_queries().len(), 2);
    let all = env.run(&["voices", "--json", "--limit", "1000"]);
    assert_eq!(all.json().as_array().unwrap().len(), 150);
}

#[test]
fn flags_choose_fish_and_minimax_settings_stay_out() {
    let env = FishEnv::new();
    // MiniMax's host and key in the environment must not leak into a Fish run.
    let result = run(bare_cmd(env.home.path())
        .env("MINIMAX_BASE_URL", "http://127.0.0.1:9")
        .env("MINIMAX_API_KEY", "sk-minimax-not-for-fish")
        .env("FISH_API_KEY", API_KEY)
        .args(["--provider", "fish", "--base-url", &env.server.url()])
        .args([
            "speak",
            "Hello there.",
            "-o",
            "o.mp3",
            "--play",
            "never",
            "-v",
        ]));
    result.assert_code(0).assert_stderr("model s2.1-pro-free");
    assert!(!result.stderr.contains("sk-minimax"), "{}", result.stderr);
    assert_eq!(env.read("o.mp3"), piece_audio("mp3", "Hello there."));
}

#[test]
fn stream_echo_prints_every_segment_in_order() {
    let env = FishEnv::new();
    let result = run_with_stdin(
        env.cmd().args(["stream", "--echo"]),
        b"Hello there. Goodbye now. See you.\n",
    );
    result.assert_code(0);
    assert_eq!(
        result.stdout_text().lines().collect::<Vec<_>>(),
        ["Hello there.", "Goodbye now.", "See you."]
    );
}

#[test]
fn check_verifies_a_fish_key_with_a_free_call() {
    let env = FishEnv::new();
    let good = env.run(&["check", "--json"]);
    good.assert_code(0);
    let report = good.json();
    assert_eq!(report["ok"], true, "{report}");
    assert!(env.server.connections().is_empty(), "no synthesis session");
    assert!(
        env.server
            .voice_queries()
            .iter()
            .any(|q| q.contains("self=true"))
    );
    let wrong = run(env.cmd().env("FISH_API_KEY", "sk-wrong").args(["check"]));
    wrong.assert_code(1);
    let text = wrong.stdout_text();
    assert!(
        text.contains("FAIL  service") && text.contains("Invalid api key"),
        "{text}"
    );
}

#[test]
fn control_characters_in_served_voice_titles_are_escaped() {
    let env = FishEnv::new();
    let hostile = "Nice\u{1b}[2J\u{1b}]0;pwned\u{7}\nFAKE ROW\u{202e}txt.exe";
    env.server
        .set_voices(vec![voice("pub1\u{1b}[31m", hostile, "public")]);
    let table = env.run(&["voices"]);
    table.assert_code(0);
    let text = table.stdout_text();
    for raw in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(
            !text.contains(raw),
            "{raw:?} reached the terminal: {text:?}"
        );
    }
    assert_eq!(text.lines().count(), 2, "a fake row appeared: {text:?}");
    assert!(
        text.contains("\\x1b[2J") && text.contains("\\u{202e}"),
        "{text}"
    );
    // JSON keeps the server's text exactly (escaped by JSON itself).
    let json = env.run(&["voices", "--json"]).json();
    assert_eq!(json[0]["voice_name"], hostile);
}

#[test]
fn a_fish_setting_at_the_top_level_of_the_config_file_is_refused_where_it_is() {
    let env = FishEnv::new();
    let dir = env.path(".config/minimax-tts");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "latency = \"low\"\n").unwrap();
    env.run(&["speak", "Hi.", "-o", "x.mp3"])
        .assert_code(2)
        .assert_stderr("latency at the top level is a Fish Audio option")
        .assert_stderr("move latency under [fish]");
    std::fs::write(
        dir.join("config.toml"),
        "[fish]\nlatency = \"low\"\n[profiles.p]\ntop_p = 0.5\n",
    )
    .unwrap();
    env.run(&["speak", "Hi.", "-o", "x.mp3", "--profile", "p"])
        .assert_code(2)
        .assert_stderr("top_p in [profiles.p] is a Fish Audio option")
        .assert_stderr("[profiles.p.fish]");
    assert!(env.server.connections().is_empty());
}
