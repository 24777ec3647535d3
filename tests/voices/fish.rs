//! Fish Audio's voices: instant cloning with `references` in every session's `start`
//! (as MessagePack `bin`), persistent models (private unless asked), show and delete,
//! voice design's candidates, and the credit in `check`.

use std::fs;

use serde_json::Value;

use super::{crafted_m4a, tone_wav};
use crate::fish::FishEnv;
use crate::playback::recording;
use crate::server::API_KEY;
use crate::server::fish::FishFault;
use crate::support::run;

/// The references of a session's `start` request: (audio bytes, text); panics unless
/// each audio is MessagePack `bin`.
fn start_references(start: &Value) -> Vec<(Vec<u8>, String)> {
    start["request"]["references"]
        .as_array()
        .map(|refs| {
            refs.iter()
                .map(|r| {
                    let bin = r["audio"]["$bin"]
                        .as_str()
                        .unwrap_or_else(|| panic!("audio is not MessagePack bin: {}", r["audio"]));
                    (
                        hex::decode(bin).unwrap(),
                        r["text"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn references_arrive_byte_exact_in_every_start_and_again_after_a_retry() {
    let env = FishEnv::new();
    let anna = tone_wav(3.0);
    let mut other = crate::server::fixture("world.mp3");
    other.truncate(4000);
    let a = env.write("anna.wav", &anna);
    let b = env.write("anna-2.mp3", &other);
    // The first session fails before any audio: the retry must send the samples again.
    env.server
        .push_fault(FishFault::FinishError { after_chunks: 0 });
    let out = env.path("line.mp3");
    let run = env.run(&[
        "speak",
        "Hello there.",
        "-o",
        out.to_str().unwrap(),
        "--reference-audio",
        &a,
        "--reference-text",
        "What anna says.",
        "--reference-audio",
        &b,
        "--reference-text",
        "And the second one.",
    ]);
    run.assert_code(0);
    let connections = env.server.connections();
    assert_eq!(connections.len(), 2, "one retry");
    for conn in &connections {
        let start = conn.start().unwrap();
        let refs = start_references(start);
        assert_eq!(refs.len(), 2);
        assert!(refs[0].0 == anna, "the first sample, byte for byte");
        assert_eq!(refs[0].1, "What anna says.");
        assert!(refs[1].0 == other);
        assert_eq!(refs[1].1, "And the second one.");
        // The references replace a voice: no reference_id.
        assert!(start["request"]["reference_id"].is_null());
    }
}

#[test]
fn bad_references_are_refused_before_any_session() {
    let env = FishEnv::new();
    let a = env.write("anna.wav", &tone_wav(2.0));
    let notes = env.write("notes.wav", b"not audio at all");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--reference-audio", &a], "--reference-text"),
        (
            vec![
                "--reference-audio",
                &a,
                "--reference-audio",
                &a,
                "--reference-text",
                "x",
            ],
            "2 reference samples but 1 transcripts",
        ),
        (
            vec!["--reference-audio", &notes, "--reference-text", "x"],
            "is not audio",
        ),
        (
            vec!["--reference-audio", &a, "--reference-text", "  "],
            "no transcript",
        ),
        (
            vec![
                "--reference-audio",
                &a,
                "--reference-text",
                "x",
                "--voice",
                "abc",
            ],
            "cannot be used with",
        ),
        (
            vec!["--reference-audio", "missing.wav", "--reference-text", "x"],
            "missing.wav",
        ),
    ];
    for (extra, needle) in cases {
        let mut args = vec!["speak", "Hello.", "-o", "out.mp3"];
        args.extend(extra.iter().copied());
        env.run(&args).assert_code(2).assert_stderr(needle);
    }
    // MiniMax clones ahead: references are refused there, naming the way to do it.
    let run = run(env
        .cmd()
        .env("MINIMAX_TTS_PROVIDER", "minimax")
        .env("MINIMAX_API_KEY", API_KEY)
        .env("MINIMAX_BASE_URL", env.server.url())
        .args([
            "speak",
            "Hello.",
            "-o",
            "out.mp3",
            "--reference-audio",
            &a,
            "--reference-text",
            "x",
        ]));
    run.assert_code(2).assert_stderr("voices clone");
    assert!(env.server.connections().is_empty());
    assert!(!env.path("out.mp3").exists());
}

#[test]
fn batch_rows_carry_their_references_and_the_cache_key_hashes_them() {
    let env = FishEnv::new();
    let dir = env.path("book");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("anna.wav"), tone_wav(2.0)).unwrap();
    fs::write(dir.join("ben.wav"), tone_wav(2.5)).unwrap();
    fs::write(
        dir.join("lines.jsonl"),
        concat!(
            r#"{"id":"a1","text":"One.","reference_audio":"anna.wav","reference_text":"Anna speaking."}"#, "\n",
            r#"{"id":"b1","text":"Two.","reference_audio":["ben.wav"],"reference_text":["Ben speaking."]}"#, "\n",
            r#"{"id":"n1","text":"Three."}"#, "\n",
        ),
    )
    .unwrap();
    let manifest = dir.join("lines.jsonl");
    let out = env.path("out");
    let cache = env.path("cache");
    let batch = |env: &FishEnv| {
        env.run(&[
            "batch",
            manifest.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
            "--cache-dir",
            cache.to_str().unwrap(),
            "--json",
        ])
    };
    batch(&env).assert_code(0);
    let starts: Vec<Value> = env
        .server
        .connections()
        .iter()
        .map(|c| c.start().unwrap().clone())
        .collect();
    let texts: Vec<Vec<String>> = starts
        .iter()
        .map(|s| start_references(s).into_iter().map(|r| r.1).collect())
        .collect();
    assert!(
        texts.contains(&vec!["Anna speaking.".to_string()]),
        "{texts:?}"
    );
    assert!(
        texts.contains(&vec!["Ben speaking.".to_string()]),
        "{texts:?}"
    );
    assert!(texts.contains(&vec![]), "the plain row has none: {texts:?}");
    // Unchanged: all from the cache. One byte of one sample changed: that row only.
    let sessions = env.server.connections().len();
    batch(&env).assert_code(0);
    assert_eq!(env.server.connections().len(), sessions, "all cached");
    let mut ben = tone_wav(2.5);
    ben[100] ^= 1;
    fs::write(dir.join("ben.wav"), ben).unwrap();
    let run = batch(&env);
    run.assert_code(0);
    let fresh: Vec<Value> = run
        .stdout_text()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["event"] == "row" && e["status"] == "synthesized")
        .collect();
    assert_eq!(fresh.len(), 1, "{}", run.stdout_text());
    assert_eq!(fresh[0]["id"], "b1");
    // A row's sample outside the manifest's directory is refused, with nothing sent.
    fs::write(env.path("outside.wav"), tone_wav(1.0)).unwrap();
    fs::write(
        dir.join("bad.jsonl"),
        r#"{"id":"x","text":"Hi.","reference_audio":"../outside.wav","reference_text":"x"}"#,
    )
    .unwrap();
    let before = env.server.connections().len();
    env.run(&[
        "batch",
        dir.join("bad.jsonl").to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--no-cache",
    ])
    .assert_code(2)
    .assert_stderr("leaves the manifest's directory");
    assert_eq!(env.server.connections().len(), before);
}

#[test]
fn create_is_private_unless_asked_and_show_and_delete_work() {
    let env = FishEnv::new();
    let sample = tone_wav(12.0);
    let a = env.write("anna.wav", &sample);
    let run = env.run(&[
        "voices",
        "create",
        "--title",
        "Anna",
        &a,
        "--text",
        "What anna says.",
        "--json",
    ]);
    run.assert_code(0);
    let id = run.json()["id"].as_str().unwrap().to_string();
    assert_eq!(run.json()["visibility"], "private");
    let created = env.server.created();
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].field("visibility"), Some("private"));
    assert_eq!(created[0].field("type"), Some("tts"));
    assert_eq!(created[0].field("train_mode"), Some("fast"));
    assert_eq!(created[0].field("title"), Some("Anna"));
    assert_eq!(created[0].field("texts"), Some("What anna says."));
    assert!(
        created[0].samples == vec![sample.clone()],
        "the sample, byte for byte"
    );
    // Public needs a cover image: refused locally; a count mismatch too.
    env.run(&[
        "voices",
        "create",
        "--title",
        "Anna",
        &a,
        "--visibility",
        "public",
    ])
    .assert_code(2)
    .assert_stderr("cover image");
    env.run(&[
        "voices", "create", "--title", "Anna", &a, &a, "--text", "one",
    ])
    .assert_code(2)
    .assert_stderr("one --text per sample");
    assert_eq!(env.server.created().len(), 1);
    // Show, then delete: gone from the list, and a second delete is exit 3.
    let shown = env.run(&["voices", "show", &id]);
    shown.assert_code(0);
    assert!(
        shown.stdout_text().contains("private"),
        "{}",
        shown.stdout_text()
    );
    env.run(&["voices", "delete", &id])
        .assert_code(2)
        .assert_stderr("--yes");
    env.run(&["voices", "delete", &id, "--yes"]).assert_code(0);
    let listed = env.run(&["voices", "--self", "--json"]);
    assert!(!listed.stdout_text().contains(&id));
    env.run(&["voices", "delete", &id, "--yes"]).assert_code(3);
    env.run(&["voices", "show", "../wallet"]).assert_code(2);
}

#[test]
fn design_saves_every_candidate_and_plays_them() {
    let env = FishEnv::new();
    let trials = env.path("trials");
    fs::create_dir(&trials).unwrap();
    let rec = env.path("played.wav");
    let run = run(env
        .cmd()
        .env(
            "MINIMAX_TTS_AUDIO_SINK",
            format!("wav-fast:{}", rec.display()),
        )
        .args([
            "voices",
            "design",
            "an old sea captain, gravelly",
            "--preview",
            "Ahoy there.",
            "--candidates",
            "3",
            "--seed",
            "7",
            "--out-dir",
            trials.to_str().unwrap(),
        ]));
    run.assert_code(0);
    let lines: Vec<String> = run.stdout_text().lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].ends_with("cand-0"), "{lines:?}");
    run.assert_stderr("voices create");
    let body = &env.server.designs()[0];
    assert_eq!(body["instruction"], "an old sea captain, gravelly");
    assert_eq!(body["reference_text"], "Ahoy there.");
    assert_eq!(body["n"], 3);
    assert_eq!(body["seed"], 7);
    for (i, phrase) in ["hello", "world", "hello"].iter().enumerate() {
        let saved = fs::read(trials.join(format!("trial-{}.wav", i + 1))).unwrap();
        let pcm = crate::server::fixture(&format!("{phrase}.pcm"));
        assert!(
            saved[44..] == pcm[..],
            "candidate {} is the served WAV",
            i + 1
        );
    }
    // All three were played, one after another, 600 ms apart.
    let played = recording(&rec).seconds;
    let served: f64 = ["hello", "world", "hello"]
        .iter()
        .map(|p| crate::server::fixture(&format!("{p}.pcm")).len() as f64 / 32000.0)
        .sum::<f64>()
        + 1.2;
    assert!(
        (played - served).abs() < 0.1,
        "played {played} s of {served} s"
    );
    // The candidate becomes a model with `voices create`.
    let first = trials.join("trial-1.wav");
    env.run(&[
        "voices",
        "create",
        "--title",
        "Captain",
        first.to_str().unwrap(),
        "--text",
        "Ahoy there.",
    ])
    .assert_code(0)
    .assert_stderr("lasts");
}

#[test]
fn check_reports_the_credit() {
    let env = FishEnv::new();
    let run = env.run(&["check", "--json"]);
    let checks = run.json()["checks"].clone();
    let credit = checks
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "credit")
        .cloned()
        .unwrap_or_else(|| panic!("no credit line: {checks}"));
    assert_eq!(credit["status"], "ok");
    assert_eq!(credit["detail"], "12.3400 remaining");
}

#[test]
fn a_crafted_reference_is_refused_in_speak_and_a_dry_run_never_a_crash() {
    let env = FishEnv::new();
    let bad = env.write("endless.m4a", &crafted_m4a(1, u64::MAX));
    let run = env.run(&[
        "speak",
        "Hello there.",
        "-o",
        "line.mp3",
        "--reference-audio",
        &bad,
        "--reference-text",
        "What anna says.",
    ]);
    run.assert_code(2).assert_stderr("impossible duration");
    env.write(
        "rows.jsonl",
        b"{\"id\":\"a\",\"text\":\"Hi.\",\"reference_audio\":\"endless.m4a\",\"reference_text\":\"Hello.\"}\n",
    );
    let run = env.run(&["batch", "rows.jsonl", "--out-dir", "out", "--dry-run"]);
    run.assert_code(2).assert_stderr("impossible duration");
    assert!(env.server.connections().is_empty());
}
