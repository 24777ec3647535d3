//! Making voices: `voices clone`, `design`, `show` and `delete` against the fake's
//! voice endpoints (upload, voice_clone, voice_design, delete_voice, get_voice), and
//! Fish's models, design and instant-clone references.

mod fish;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::playback::recording;
use crate::server::fixture;
use crate::server::http::DemoHost;
use crate::support::{TestEnv, run};

/// An M4A whose movie header claims `length` units at `scale` per second (only the
/// boxes a duration is read from: `ftyp`, then `moov` holding a version-1 `mvhd`).
pub fn crafted_m4a(scale: u32, length: u64) -> Vec<u8> {
    let boxed = |kind: &[u8], body: &[u8]| {
        let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend_from_slice(kind);
        b.extend_from_slice(body);
        b
    };
    let mut mvhd = vec![1u8, 0, 0, 0];
    mvhd.extend_from_slice(&[0; 16]);
    mvhd.extend_from_slice(&scale.to_be_bytes());
    mvhd.extend_from_slice(&length.to_be_bytes());
    let mut file = boxed(b"ftyp", b"M4A \0\0\0\0");
    file.extend(boxed(b"moov", &boxed(b"mvhd", &mvhd)));
    file
}

/// [`tone_wav`] with its format chunk's channels and sample rate replaced.
pub fn wav_with(channels: u16, rate: u32) -> Vec<u8> {
    let mut wav = tone_wav(12.0);
    wav[22..24].copy_from_slice(&channels.to_le_bytes());
    wav[24..28].copy_from_slice(&rate.to_le_bytes());
    wav
}

#[test]
fn crafted_sample_headers_are_refused_before_upload_never_a_crash() {
    let env = TestEnv::new();
    let cases = [
        (
            "endless.m4a",
            crafted_m4a(1, u64::MAX),
            "impossible duration",
        ),
        (
            "days.m4a",
            crafted_m4a(1, 100 * 3600),
            "impossible duration",
        ),
        ("mute.wav", wav_with(0, 16_000), "0 channels"),
        ("still.wav", wav_with(1, 0), "a sample rate of 0"),
    ];
    for (name, bytes, needle) in cases {
        let sample = write(&env, name, &bytes);
        let run = env.run(&["voices", "clone", s(&sample), "--voice-id", "narrator-01"]);
        run.assert_code(2).assert_stderr(needle);
    }
    assert!(requests(&env).is_empty(), "{:?}", requests(&env));
}

/// A WAV of `seconds` of a 440 Hz tone at 16 kHz mono (a stand-in recording).
pub fn tone_wav(seconds: f64) -> Vec<u8> {
    let rate = 16000u32;
    let samples = (seconds * f64::from(rate)) as usize;
    let data_len = (samples * 2) as u32;
    let mut wav = Vec::with_capacity(44 + samples * 2);
    wav.extend(b"RIFF");
    wav.extend((36 + data_len).to_le_bytes());
    wav.extend(b"WAVEfmt ");
    wav.extend(16u32.to_le_bytes());
    wav.extend(1u16.to_le_bytes());
    wav.extend(1u16.to_le_bytes());
    wav.extend(rate.to_le_bytes());
    wav.extend((rate * 2).to_le_bytes());
    wav.extend(2u16.to_le_bytes());
    wav.extend(16u16.to_le_bytes());
    wav.extend(b"data");
    wav.extend(data_len.to_le_bytes());
    for i in 0..samples {
        let v =
            (f64::sin(i as f64 * 440.0 * std::f64::consts::TAU / f64::from(rate)) * 8000.0) as i16;
        wav.extend(v.to_le_bytes());
    }
    wav
}

fn write(env: &TestEnv, name: &str, bytes: &[u8]) -> PathBuf {
    let path = env.path(name);
    fs::write(&path, bytes).unwrap();
    path
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The voice ids `voices … --json` listed.
fn listed_ids(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let run = env.run(args);
    run.assert_code(0);
    run.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["voice_id"].as_str().unwrap().to_string())
        .collect()
}

/// Requests the fake's HTTP side received (method and path).
fn requests(env: &TestEnv) -> Vec<(String, String)> {
    env.server.with_http(|h| h.requests.clone())
}

#[test]
fn clone_uploads_the_sample_and_prints_the_voice_id() {
    let env = TestEnv::new();
    let sample = tone_wav(12.0);
    let path = write(&env, "anna.wav", &sample);
    let run = env.run(&[
        "voices",
        "clone",
        s(&path),
        "--voice-id",
        "narrator-anna-01",
    ]);
    run.assert_code(0);
    assert_eq!(run.stdout_text(), "narrator-anna-01\n");
    run.assert_stderr("within 7 days").assert_stderr("billed");
    let (uploads, clone) = env
        .server
        .with_http(|h| (h.uploads.clone(), h.voice_requests.clone()));
    assert_eq!(uploads.len(), 1);
    let upload = uploads.values().next().unwrap();
    assert_eq!(upload.purpose, "voice_clone");
    assert_eq!(upload.filename, "anna.wav");
    assert_eq!(upload.content_type, "audio/wav");
    assert!(
        upload.content == sample,
        "the uploaded bytes are the sample"
    );
    let (name, body) = &clone[0];
    assert_eq!(name, "voice_clone");
    assert_eq!(body["voice_id"], "narrator-anna-01");
    assert!(body.get("clone_prompt").is_none() && body.get("text").is_none());
    assert_eq!(body["need_noise_reduction"], false);
    // The new voice is listed, and usable by speak (the fake refuses unknown voices).
    let ids = listed_ids(&env, &["voices", "--type", "cloned", "--json"]);
    assert!(ids.contains(&"narrator-anna-01".to_string()), "{ids:?}");
    env.server.with_http(|h| h.strict_voices = true);
    let out = env.path("hello.mp3");
    env.run(&[
        "speak",
        "Hello.",
        "--voice",
        "narrator-anna-01",
        "-o",
        s(&out),
    ])
    .assert_code(0);
    assert!(fs::metadata(&out).unwrap().len() > 0);
}

#[test]
fn clone_with_prompt_and_preview_fetches_the_demo_without_the_key() {
    let env = TestEnv::new();
    let demo_audio = fixture("world.mp3");
    let demo = DemoHost::start(demo_audio.clone());
    env.server.with_http(|h| {
        h.demo_url = Some(demo.url.clone());
        // Ids above 2^53 lose their last digits through a float.
        h.set_next_file_id((1 << 53) + 11);
    });
    let sample = write(&env, "anna.wav", &tone_wav(30.0));
    let clip = write(&env, "line.wav", &tone_wav(4.0));
    let rec = env.path("played.wav");
    let preview = env.path("preview.mp3");
    let run = run(env
        .cmd()
        .env(
            "MINIMAX_TTS_AUDIO_SINK",
            format!("wav-fast:{}", rec.display()),
        )
        .args([
            "voices",
            "clone",
            s(&sample),
            "--voice-id",
            "narrator-anna-02",
            "--prompt-audio",
            s(&clip),
            "--prompt-text",
            "Good morning.",
            "--preview",
            "Hello there.",
            "-o",
            s(&preview),
            "--noise-reduction",
            "--normalize-volume",
            "--accuracy",
            "0.6",
            "--json",
        ]));
    run.assert_code(0);
    let result = run.json();
    assert_eq!(result["voice_id"], "narrator-anna-02");
    assert_eq!(result["demo_url"], demo.url.as_str());
    assert!(
        fs::read(&preview).unwrap() == demo_audio,
        "the preview file is the served demo"
    );
    assert!(recording(&rec).seconds > 0.5, "the demo was played");
    let (uploads, clone) = env
        .server
        .with_http(|h| (h.uploads.clone(), h.voice_requests.clone()));
    let sample_id = uploads
        .iter()
        .find(|(_, u)| u.purpose == "voice_clone")
        .map(|(id, _)| *id)
        .unwrap();
    let prompt_id = uploads
        .iter()
        .find(|(_, u)| u.purpose == "prompt_audio")
        .map(|(id, _)| *id)
        .unwrap();
    assert!(sample_id > 1 << 53 && prompt_id > 1 << 53);
    let body = &clone[0].1;
    assert_eq!(body["file_id"].as_u64(), Some(sample_id), "{body}");
    assert_eq!(
        body["clone_prompt"]["prompt_audio"].as_u64(),
        Some(prompt_id)
    );
    assert_eq!(body["clone_prompt"]["prompt_text"], "Good morning.");
    assert_eq!(body["text"], "Hello there.");
    assert_eq!(body["model"], "speech-2.8-hd");
    assert_eq!(body["need_noise_reduction"], true);
    assert_eq!(body["need_volume_normalization"], true);
    assert_eq!(body["accuracy"], 0.6);
    // The storage host got the download, and never the key.
    let seen = demo.requests.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert!(!seen[0].contains_key("authorization"), "{:?}", seen[0]);
    assert!(!format!("{seen:?}").contains(crate::server::API_KEY));
}

#[test]
fn bad_samples_and_ids_are_refused_before_any_request() {
    let env = TestEnv::new();
    let short = write(&env, "short.wav", &tone_wav(9.0));
    let long = write(&env, "long.wav", &tone_wav(301.0));
    let good = write(&env, "good.wav", &tone_wav(11.0));
    let text = write(&env, "notes.mp3", b"these are my notes, not audio");
    let mut big = fixture("hello.mp3");
    big.resize(20_000_001, 0);
    let big = write(&env, "big.mp3", &big);
    let clip = write(&env, "clip.wav", &tone_wav(8.5));
    let flac = write(&env, "sample.flac", &fixture("hello.flac"));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec![s(&short), "--voice-id", "narrator-01"], "lasts 9.0 s"),
        (vec![s(&long), "--voice-id", "narrator-01"], "10 s to 5 min"),
        (vec![s(&text), "--voice-id", "narrator-01"], "is not audio"),
        (vec![s(&big), "--voice-id", "narrator-01"], "20 MB"),
        (
            vec![s(&flac), "--voice-id", "narrator-01"],
            "MP3, M4A or WAV",
        ),
        (vec![s(&good), "--voice-id", "short"], "8 to 256 characters"),
        (
            vec![s(&good), "--voice-id", "1narrator"],
            "start with a letter",
        ),
        (
            vec![s(&good), "--voice-id", "narrator one"],
            "letters, digits, - and _",
        ),
        (
            vec![
                s(&good),
                "--voice-id",
                "narrator-01",
                "--prompt-audio",
                s(&clip),
                "--prompt-text",
                "Hi.",
            ],
            "under 8 s",
        ),
        (
            vec!["missing.wav", "--voice-id", "narrator-01"],
            "missing.wav",
        ),
        (
            vec![
                s(&good),
                "--voice-id",
                "narrator-01",
                "--preview",
                "Hi.",
                "-o",
                "preview.wav",
            ],
            "name the file .mp3",
        ),
    ];
    for (args, needle) in cases {
        let mut all = vec!["voices", "clone"];
        all.extend(args.iter().copied());
        let run = env.run(&all);
        run.assert_code(2).assert_stderr(needle);
    }
    assert!(requests(&env).is_empty(), "{:?}", requests(&env));
}

#[test]
fn documented_clone_errors_get_their_own_messages() {
    let env = TestEnv::new();
    let sample = write(&env, "anna.wav", &tone_wav(12.0));
    for (code, needle) in [
        (1043, "lower --accuracy"),
        (1044, "same speaker"),
        (2037, "10 s to 5 min"),
        (2042, "no access to the voice id narrator-x1"),
        (2048, "under 8 s"),
        (20132, "refused the samples or the voice id"),
    ] {
        env.server.with_http(|h| h.clone_error = Some(code));
        let run = env.run(&["voices", "clone", s(&sample), "--voice-id", "narrator-x1"]);
        run.assert_code(3).assert_stderr(needle);
        assert!(run.stdout.is_empty());
    }
    // A duplicate id (the fake knows my-clone-1's owner's clones): a hint to pick another.
    let run = env.run(&["voices", "clone", s(&sample), "--voice-id", "my-clone-1"]);
    run.assert_code(3)
        .assert_stderr("already exists")
        .assert_stderr("minimax-tts voices delete my-clone-1");
    // Each refusal is final: one clone request per attempt, no retry.
    let clones = env.server.with_http(|h| {
        h.voice_requests
            .iter()
            .filter(|(n, _)| n == "voice_clone")
            .count()
    });
    assert_eq!(clones, 7);
}

#[test]
fn design_makes_a_voice_that_speak_can_use() {
    let env = TestEnv::new();
    let trial = env.path("trial.mp3");
    let run = env.run(&[
        "voices",
        "design",
        "a warm, calm narrator with a slight British accent",
        "--preview",
        "Welcome back.",
        "--voice-id",
        "warm-narrator-01",
        "-o",
        s(&trial),
        "--play",
        "never",
    ]);
    run.assert_code(0);
    assert_eq!(run.stdout_text(), "warm-narrator-01\n");
    assert!(
        fs::read(&trial).unwrap() == fixture("hello.mp3"),
        "the trial is the reply's hex"
    );
    let body = env.server.with_http(|h| h.voice_requests[0].1.clone());
    assert_eq!(
        body["prompt"],
        "a warm, calm narrator with a slight British accent"
    );
    assert_eq!(body["preview_text"], "Welcome back.");
    env.server.with_http(|h| h.strict_voices = true);
    let out = env.path("line.mp3");
    env.run(&[
        "speak",
        "Hello.",
        "--voice",
        "warm-narrator-01",
        "-o",
        s(&out),
    ])
    .assert_code(0);
    // Without a preview line, MiniMax cannot design: refused locally.
    env.run(&["voices", "design", "a voice"])
        .assert_code(2)
        .assert_stderr("--preview");
    // A balance refusal says what design needs.
    env.server.with_http(|h| h.design_error = Some(1008));
    env.run(&[
        "voices",
        "design",
        "a voice",
        "--preview",
        "Hi.",
        "--play",
        "never",
    ])
    .assert_code(3)
    .assert_stderr("pay-as-you-go");
}

#[test]
fn delete_looks_the_type_up_and_needs_yes_without_a_terminal() {
    let env = TestEnv::new();
    env.run(&[
        "voices",
        "design",
        "a voice",
        "--preview",
        "Hi.",
        "--voice-id",
        "designed-01",
        "--play",
        "never",
    ])
    .assert_code(0);
    // No terminal, no --yes: refused, nothing deleted.
    env.run(&["voices", "delete", "my-clone-1"])
        .assert_code(2)
        .assert_stderr("--yes");
    let run = env.run(&[
        "voices",
        "delete",
        "my-clone-1",
        "designed-01",
        "--yes",
        "--json",
    ]);
    run.assert_code(0);
    assert_eq!(
        run.json()["deleted"],
        serde_json::json!(["my-clone-1", "designed-01"])
    );
    let deletes: Vec<Value> = env.server.with_http(|h| {
        h.voice_requests
            .iter()
            .filter(|(n, _)| n == "delete_voice")
            .map(|(_, b)| b.clone())
            .collect()
    });
    assert_eq!(deletes[0]["voice_type"], "voice_cloning");
    assert_eq!(deletes[1]["voice_type"], "voice_generation");
    let ids = listed_ids(&env, &["voices", "--json"]);
    assert!(
        !ids.iter().any(|i| i == "my-clone-1" || i == "designed-01"),
        "{ids:?}"
    );
    // Gone: a clear error, exit 3; a system voice: refused locally.
    env.run(&["voices", "delete", "my-clone-1", "--yes"])
        .assert_code(3)
        .assert_stderr("no voice my-clone-1");
    env.run(&["voices", "delete", "English_expressive_narrator", "--yes"])
        .assert_code(2)
        .assert_stderr("system voice");
    // With --type, the server's refusal of an unknown id is exit 3 too.
    env.run(&[
        "voices",
        "delete",
        "nobody-voice",
        "--type",
        "cloned",
        "--yes",
    ])
    .assert_code(3);
}

#[test]
fn show_prints_one_voice() {
    let env = TestEnv::new();
    let run = env.run(&["voices", "show", "my-clone-1", "--json"]);
    run.assert_code(0);
    assert_eq!(run.json()["type"], "cloning");
    env.run(&["voices", "show", "my-clone-1"])
        .assert_code(0)
        .assert_stderr("");
    env.run(&["voices", "show", "nobody"]).assert_code(3);
}
