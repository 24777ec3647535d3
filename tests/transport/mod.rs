//! `--transport http` (MiniMax's streamed HTTP synthesis) and live subtitles on both
//! transports.

use std::fs;

use serde_json::Value;

use crate::server::{Fault, audio_duration_ms, audio_for};
use crate::support::{TestEnv, assert_no_temp_files};

const TEXT: &str = "Hello there.";

/// Text that needs several segments: sentences well past the 9,000-character limit.
fn long_text() -> String {
    (0..700)
        .map(|i| format!("Sentence number {i} is here."))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn http_output_is_byte_exact_and_the_request_is_right() {
    let env = TestEnv::new();
    env.run(&[
        "speak",
        TEXT,
        "-o",
        "out.mp3",
        "--transport",
        "http",
        "--english-normalization",
        "--speed",
        "1.5",
        "--emotion",
        "happy",
        "--pronounce",
        "Omg/Oh my god",
    ])
    .assert_code(0);
    assert_eq!(
        fs::read(env.path("out.mp3")).unwrap(),
        audio_for("mp3", TEXT)
    );
    assert!(env.server.connections().is_empty(), "no WebSocket was used");
    let requests = env.server.sse_requests();
    assert_eq!(requests.len(), 1);
    let body = &requests[0];
    assert_eq!(body["text"], TEXT);
    assert_eq!(body["stream"], true);
    assert_eq!(body["stream_options"]["exclude_aggregated_audio"], true);
    assert_eq!(body["voice_setting"]["text_normalization"], true);
    assert!(body["voice_setting"].get("english_normalization").is_none());
    assert_eq!(body["voice_setting"]["speed"], 1.5);
    assert_eq!(body["voice_setting"]["emotion"], "happy");
    assert_eq!(body["pronunciation_dict"]["tone"][0], "Omg/Oh my god");
    assert_eq!(body["audio_setting"]["format"], "mp3");
    assert_no_temp_files(env.home.path());
}

#[test]
fn http_long_text_is_one_request_per_segment_in_order() {
    let env = TestEnv::new();
    let text = long_text();
    let result = env.run(&[
        "speak",
        &text,
        "-o",
        "long.mp3",
        "--transport",
        "http",
        "--json",
    ]);
    result.assert_code(0);
    let requests = env.server.sse_requests();
    assert!(requests.len() >= 2, "{} requests", requests.len());
    let streams: Vec<Vec<u8>> = requests
        .iter()
        .map(|r| audio_for("mp3", r["text"].as_str().unwrap()))
        .collect();
    let expected = crate::server::joined_mp3_file(&streams);
    assert!(
        fs::read(env.path("long.mp3")).unwrap() == expected,
        "the segments, joined"
    );
    assert_eq!(result.json()["segments"], requests.len());
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let sent: String = requests
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert_eq!(squash(&sent), squash(&text));
}

#[test]
fn the_aggregated_trailer_is_never_written() {
    let env = TestEnv::new();
    // A server that sends the whole audio again in the last event, ignoring the option,
    // behind a proxy that adds `event:`/`id:` lines and `[DONE]`.
    env.server.set_sse_always_aggregate(true);
    env.server.set_sse_proxy_lines(true);
    env.run(&["speak", TEXT, "-o", "out.mp3", "--transport", "http"])
        .assert_code(0);
    assert_eq!(
        fs::read(env.path("out.mp3")).unwrap(),
        audio_for("mp3", TEXT)
    );
    let result = env.run(&["speak", TEXT, "-o", "-", "--transport", "http"]);
    result.assert_code(0);
    assert_eq!(result.stdout, audio_for("mp3", TEXT));
}

#[test]
fn large_events_spanning_many_reads() {
    let env = TestEnv::new();
    env.server.set_repeat(400);
    env.server.set_chunk_sizes(&[3_000_000, 65_536]);
    env.run(&[
        "speak",
        TEXT,
        "-o",
        "big.mp3",
        "--transport",
        "http",
        "--play",
        "never",
    ])
    .assert_code(0);
    let expected = crate::server::repeated("mp3", &audio_for("mp3", TEXT), 400);
    assert!(expected.len() > 3_000_000);
    assert_eq!(fs::read(env.path("big.mp3")).unwrap(), expected);
}

#[test]
fn http_faults_are_retried_with_the_segment_rewound() {
    let faults = [
        Fault::Drop { after_chunks: 2 },
        Fault::InvalidHex { after_chunks: 1 },
        Fault::OnContinue {
            nth: 0,
            after_chunks: 2,
            code: 1002,
        },
        Fault::Handshake(503),
        Fault::Stall { after_chunks: 1 },
    ];
    for fault in faults {
        let env = TestEnv::new();
        env.server.push_fault(fault.clone());
        env.run(&[
            "speak",
            TEXT,
            "-o",
            "out.mp3",
            "--transport",
            "http",
            "--timeout",
            "0.5",
        ])
        .assert_code(0);
        assert_eq!(
            fs::read(env.path("out.mp3")).unwrap(),
            audio_for("mp3", TEXT),
            "{fault:?}"
        );
        assert_eq!(env.server.sse_requests().len(), 2, "{fault:?}");
    }
}

#[test]
fn http_errors_in_band_and_as_a_bare_body() {
    // In an event, after audio began: fatal, nothing left behind.
    let env = TestEnv::new();
    env.server.push_fault(Fault::OnContinue {
        nth: 0,
        after_chunks: 2,
        code: 1026,
    });
    env.run(&["speak", TEXT, "-o", "out.mp3", "--transport", "http"])
        .assert_code(3)
        .assert_stderr("content filter")
        .assert_stderr("status 1026");
    assert!(!env.path("out.mp3").exists());
    assert_no_temp_files(env.home.path());

    // A bare JSON body with HTTP 200 (no `data:` at all).
    let env = TestEnv::new();
    env.server.push_fault(Fault::OnStart(2049));
    env.run(&["speak", TEXT, "-o", "out.mp3", "--transport", "http"])
        .assert_code(3)
        .assert_stderr("invalid API key")
        .assert_stderr("trace id fake-sse-trace");
    assert_eq!(env.server.sse_requests().len(), 1, "not retried");

    // A refused key the same way.
    let env = TestEnv::new();
    let mut cmd = env.cmd();
    cmd.env("MINIMAX_API_KEY", "sk-api-wrong").args([
        "speak",
        TEXT,
        "-o",
        "out.mp3",
        "--transport",
        "http",
    ]);
    crate::support::run(&mut cmd)
        .assert_code(3)
        .assert_stderr("authentication failed");
}

#[test]
fn transport_comes_from_the_config_file_too() {
    let env = TestEnv::new();
    let dir = env.path(".config/minimax-tts");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("config.toml"), "transport = \"http\"\n").unwrap();
    env.run(&["speak", TEXT, "-o", "out.mp3"]).assert_code(0);
    assert_eq!(env.server.sse_requests().len(), 1);
    env.run(&["speak", TEXT, "-o", "out.mp3", "--transport", "ws"])
        .assert_code(0);
    assert_eq!(env.server.connections().len(), 1, "the flag wins");
}

#[test]
fn stream_works_over_http() {
    let env = TestEnv::new();
    let result = env.run_with_stdin(
        &["stream", "-o", "s.mp3", "--transport", "http", "--json"],
        b"First sentence here. Second one follows.",
    );
    result.assert_code(0);
    let requests = env.server.sse_requests();
    assert_eq!(requests.len(), 2);
    let streams: Vec<Vec<u8>> = requests
        .iter()
        .map(|r| audio_for("mp3", r["text"].as_str().unwrap()))
        .collect();
    let expected = crate::server::joined_mp3_file(&streams);
    assert!(
        fs::read(env.path("s.mp3")).unwrap() == expected,
        "the segments, joined"
    );
}

/// Parses SRT or VTT cue times (ms) and texts.
fn cue_times(text: &str) -> Vec<(f64, f64, String)> {
    let to_ms = |t: &str| {
        let t = t.trim().replace(',', ".");
        let parts: Vec<&str> = t.split(':').collect();
        let (h, m, s): (f64, f64, f64) = (
            parts[0].parse().unwrap(),
            parts[1].parse().unwrap(),
            parts[2].parse().unwrap(),
        );
        ((h * 3600.0 + m * 60.0 + s) * 1000.0).round()
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut cues = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some((a, b)) = line.split_once(" --> ") {
            cues.push((to_ms(a), to_ms(b), lines[i + 1].to_string()));
        }
    }
    cues
}

fn assert_cues_follow_the_audio(cues: &[(f64, f64, String)], segment_ms: &[f64], sentences: usize) {
    assert_eq!(cues.len(), sentences, "one cue per sentence");
    let total: f64 = segment_ms.iter().sum();
    let mut last_end = 0.0;
    for (start, end, text) in cues {
        assert!(*start <= *end, "{text}: {start} > {end}");
        assert!(
            *start >= last_end - 1.0,
            "{text}: starts at {start} before {last_end}"
        );
        assert!(
            *end <= total + 1.0,
            "{text}: ends at {end} after the audio ({total})"
        );
        last_end = *end;
    }
    // Continuous across segments: the last cue ends where the audio does.
    assert!(
        (last_end - total).abs() <= 2.0,
        "last cue ends at {last_end}, audio at {total}"
    );
}

#[test]
fn subtitles_on_both_transports_across_segments() {
    let text = long_text();
    let sentences = 700;
    for transport in ["ws", "http"] {
        for ext in ["srt", "vtt"] {
            let env = TestEnv::new();
            let subs = format!("subs.{ext}");
            let result = env.run(&[
                "speak",
                &text,
                "-o",
                "out.mp3",
                "--transport",
                transport,
                "--subtitles",
                &subs,
                "--json",
            ]);
            result.assert_code(0);
            assert_eq!(result.json()["cues"], sentences);
            let texts: Vec<String> = if transport == "http" {
                env.server
                    .sse_requests()
                    .iter()
                    .map(|r| r["text"].as_str().unwrap().to_string())
                    .collect()
            } else {
                env.server.connections()[0].texts()
            };
            assert!(texts.len() >= 2);
            let segment_ms: Vec<f64> = texts
                .iter()
                .map(|t| audio_duration_ms("mp3", &audio_for("mp3", t)))
                .collect();
            let written = fs::read_to_string(env.path(&subs)).unwrap();
            if ext == "vtt" {
                assert!(written.starts_with("WEBVTT\n\n"));
            }
            assert_cues_follow_the_audio(&cue_times(&written), &segment_ms, sentences);
            let start = if transport == "http" {
                env.server.sse_requests()[0].clone()
            } else {
                env.server.connections()[0].task_start().unwrap().clone()
            };
            assert_eq!(start["subtitle_enable"], true);
            assert_eq!(start["subtitle_type"], "sentence");
        }
    }
}

#[test]
fn word_subtitles_in_json_and_pcm_durations() {
    let env = TestEnv::new();
    env.run(&[
        "speak",
        "One two three. Four five.",
        "-o",
        "out.pcm",
        "--sample-rate",
        "16000",
        "--subtitles",
        "subs.json",
        "--subtitle-type",
        "word",
    ])
    .assert_code(0);
    let start = env.server.connections()[0].task_start().unwrap().clone();
    assert_eq!(start["subtitle_type"], "word");
    let cues: Value = serde_json::from_slice(&fs::read(env.path("subs.json")).unwrap()).unwrap();
    let cues = cues.as_array().unwrap();
    assert_eq!(cues.len(), 2);
    assert_eq!(cues[0]["text"], "One two three.");
    let words: Vec<&str> = cues[0]["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["word"].as_str().unwrap())
        .collect();
    assert_eq!(words, ["One", "two", "three."]);
    let audio_ms = fs::read(env.path("out.pcm")).unwrap().len() as f64 / 32.0;
    assert!(cues[1]["end"].as_f64().unwrap() <= audio_ms + 1.0);
}

#[test]
fn stream_subtitles_and_checks_before_paying() {
    let env = TestEnv::new();
    env.run_with_stdin(
        &["stream", "-o", "s.mp3", "--subtitles", "s.srt"],
        b"First sentence here. Second one follows.",
    )
    .assert_code(0);
    let cues = cue_times(&fs::read_to_string(env.path("s.srt")).unwrap());
    assert_eq!(cues.len(), 2);
    assert_eq!(cues[1].2, "Second one follows.");
    assert!(cues[1].0 >= cues[0].1 - 1.0);

    // A bad subtitle path or extension costs nothing.
    let env = TestEnv::new();
    env.run(&["speak", TEXT, "-o", "o.mp3", "--subtitles", "x.txt"])
        .assert_code(2)
        .assert_stderr("subtitle format");
    env.run(&["speak", TEXT, "-o", "o.mp3", "--subtitles", "missing/x.srt"])
        .assert_code(2);
    assert!(env.server.connections().is_empty());
    // A failed run writes no subtitles.
    env.server.push_fault(Fault::OnStart(1004));
    env.run(&["speak", TEXT, "-o", "o.mp3", "--subtitles", "x.srt"])
        .assert_code(3);
    assert!(!env.path("x.srt").exists());
}

#[test]
fn http_final_event_audio_that_is_not_a_repeat_is_kept() {
    let env = TestEnv::new();
    env.server
        .set_final_audio(crate::server::FinalAudio::LastPiece);
    env.run(&["speak", "Last piece.", "-o", "l.mp3", "--transport", "http"])
        .assert_code(0);
    assert_eq!(
        std::fs::read(env.path("l.mp3")).unwrap(),
        crate::server::audio_for("mp3", "Last piece.")
    );
}
