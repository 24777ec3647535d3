//! `speak` happy paths: the bytes written are the bytes served.

use std::fs;

use crate::server::{API_KEY, FinalAudio, audio_for};
use crate::support::TestEnv;

#[test]
fn writes_the_served_audio_to_a_file() {
    let env = TestEnv::new();
    let run = env.run(&["speak", "Hello there.", "-o", "hello.mp3"]);
    run.assert_code(0).assert_stderr("wrote hello.mp3");
    assert_eq!(
        fs::read(env.path("hello.mp3")).unwrap(),
        audio_for("mp3", "Hello there.")
    );
    crate::support::assert_no_temp_files(env.home.path());

    let conns = env.server.connections();
    assert_eq!(conns.len(), 1);
    let conn = &conns[0];
    assert_eq!(
        conn.authorization.as_deref(),
        Some(format!("Bearer {API_KEY}").as_str())
    );
    let events: Vec<&str> = conn
        .messages
        .iter()
        .map(|m| m["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["task_start", "task_continue", "task_finish"]);
    let start = conn.task_start().unwrap();
    assert_eq!(start["model"], "speech-2.8-hd");
    assert_eq!(
        start["voice_setting"]["voice_id"],
        "English_expressive_narrator"
    );
    assert_eq!(start["audio_setting"]["format"], "mp3");
    assert_eq!(start["audio_setting"]["sample_rate"], 32000);
    assert_eq!(conn.texts(), ["Hello there."]);
}

#[test]
fn sends_every_voice_and_audio_option_where_the_api_expects_it() {
    let env = TestEnv::new();
    env.run(&[
        "speak",
        "Options test.",
        "-o",
        "o.mp3",
        "--model",
        "speech-2.6-hd",
        "--voice",
        "my-voice",
        "--speed",
        "1.5",
        "--vol",
        "2",
        "--pitch",
        "-3",
        "--emotion",
        "whisper",
        "--language-boost",
        "english",
        "--pronounce",
        "Omg/Oh my god",
        "--pronounce",
        "处理/(chu3)(li3)",
        "--sample-rate",
        "44100",
        "--bitrate",
        "256000",
        "--channels",
        "2",
        "--english-normalization",
        "--effect-pitch",
        "-20",
        "--effect-intensity",
        "10",
        "--effect-timbre",
        "5",
        "--sound-effect",
        "lofi_telephone",
    ])
    .assert_code(0);
    let conns = env.server.connections();
    let start = conns[0].task_start().unwrap();
    assert_eq!(start["model"], "speech-2.6-hd");
    let voice = &start["voice_setting"];
    assert_eq!(voice["voice_id"], "my-voice");
    assert_eq!(voice["speed"], 1.5);
    assert_eq!(voice["vol"], 2.0);
    assert_eq!(voice["pitch"], -3);
    assert_eq!(voice["emotion"], "whisper");
    assert_eq!(voice["english_normalization"], true);
    assert_eq!(start["language_boost"], "English");
    assert_eq!(
        start["pronunciation_dict"]["tone"],
        serde_json::json!(["Omg/Oh my god", "处理/(chu3)(li3)"])
    );
    let audio = &start["audio_setting"];
    assert_eq!(audio["sample_rate"], 44100);
    assert_eq!(audio["bitrate"], 256000);
    assert_eq!(audio["channel"], 2);
    let modify = &start["voice_modify"];
    assert_eq!(modify["pitch"], -20);
    assert_eq!(modify["intensity"], 10);
    assert_eq!(modify["timbre"], 5);
    assert_eq!(modify["sound_effects"], "lofi_telephone");
    assert!(
        start.get("emotion").is_none(),
        "emotion must sit inside voice_setting"
    );
}

#[test]
fn long_text_is_split_and_synthesized_in_order_on_one_session() {
    let env = TestEnv::new();
    let mut text = String::new();
    let mut n = 0;
    while text.chars().count() < 25_000 {
        n += 1;
        text.push_str(&format!(
            "This is sentence number {n}, which is here to make the text long. "
        ));
        if n % 40 == 0 {
            text.push_str("\n\n");
        }
    }
    fs::write(env.path("long.txt"), &text).unwrap();
    let run = env.run(&["speak", "-f", "long.txt", "-o", "long.mp3", "--json"]);
    run.assert_code(0);

    let conns = env.server.connections();
    assert_eq!(conns.len(), 1, "all segments on one session");
    let texts = conns[0].texts();
    assert!(texts.len() >= 3, "{} segments", texts.len());
    for t in &texts {
        assert!(t.chars().count() < 10_000);
        assert!(
            t.ends_with('.'),
            "segment should end at a sentence: ...{:?}",
            &t[t.len() - 20..]
        );
    }
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        squash(&texts.join(" ")),
        squash(&text),
        "no text lost or repeated"
    );

    let streams: Vec<Vec<u8>> = texts.iter().map(|t| audio_for("mp3", t)).collect();
    let expected = crate::server::joined_mp3_file(&streams);
    assert!(
        fs::read(env.path("long.mp3")).unwrap() == expected,
        "the segments, joined"
    );
    let json = run.json();
    assert_eq!(json["segments"], texts.len());
    assert_eq!(json["bytes"], expected.len());
    // The duration is the joined file's, measured from its frames.
    let frames_ms = crate::server::audio_duration_ms("mp3", &expected);
    assert_eq!(json["audio_ms"], frames_ms.round() as u64);
    let billed: usize = texts.iter().map(|t| t.chars().count()).sum();
    assert_eq!(json["billed_characters"], billed);
}

#[test]
fn stdout_output_is_byte_exact() {
    let env = TestEnv::new();
    let run = env.run(&["speak", "Straight to stdout.", "-o", "-"]);
    run.assert_code(0);
    assert_eq!(run.stdout, audio_for("mp3", "Straight to stdout."));
    assert!(run.stderr.contains("wrote stdout"));
}

#[test]
fn wav_output_is_pcm_with_a_correct_header() {
    let env = TestEnv::new();
    env.run(&[
        "speak",
        "Wave file.",
        "-o",
        "speech.wav",
        "--sample-rate",
        "16000",
    ])
    .assert_code(0);
    let conns = env.server.connections();
    assert_eq!(
        conns[0].task_start().unwrap()["audio_setting"]["format"],
        "pcm"
    );
    let pcm = audio_for("pcm", "Wave file.");
    let wav = fs::read(env.path("speech.wav")).unwrap();
    assert_eq!(&wav[..4], b"RIFF");
    assert_eq!(&wav[8..16], b"WAVEfmt ");
    let u32_at = |i: usize| u32::from_le_bytes(wav[i..i + 4].try_into().unwrap());
    let u16_at = |i: usize| u16::from_le_bytes(wav[i..i + 2].try_into().unwrap());
    assert_eq!(u16_at(20), 1, "PCM");
    assert_eq!(u16_at(22), 1, "mono");
    assert_eq!(u32_at(24), 16000);
    assert_eq!(u16_at(34), 16);
    assert_eq!(u32_at(4) as usize, wav.len() - 8);
    assert_eq!(u32_at(40) as usize, pcm.len());
    assert_eq!(&wav[44..], &pcm[..]);
}

#[test]
fn a_file_name_that_says_another_format_is_refused_on_every_command() {
    let env = TestEnv::new();
    fs::write(env.path("old.mp3"), b"kept").unwrap();
    for args in [
        &["speak", "Hello.", "-o", "old.mp3", "--format", "wav"][..],
        &["stream", "-o", "old.mp3", "--format", "flac"],
        &["async-submit", "Hello.", "-o", "old.mp3", "--format", "wav"],
    ] {
        env.run_with_stdin(args, b"Hello.\n")
            .assert_code(2)
            .assert_stderr("the file name old.mp3 says mp3, but the format asked for is")
            .assert_stderr("make them agree");
    }
    assert!(env.server.connections().is_empty(), "nothing was sent");
    assert_eq!(fs::read(env.path("old.mp3")).unwrap(), b"kept");
}

#[test]
fn pcm_and_flac_formats_follow_the_extension() {
    let env = TestEnv::new();
    env.run(&["speak", "Raw samples.", "-o", "a.pcm"])
        .assert_code(0);
    assert_eq!(
        fs::read(env.path("a.pcm")).unwrap(),
        audio_for("pcm", "Raw samples.")
    );
    env.run(&["speak", "Lossless.", "-o", "a.flac"])
        .assert_code(0);
    assert_eq!(
        fs::read(env.path("a.flac")).unwrap(),
        audio_for("flac", "Lossless.")
    );
    env.run(&["speak", "Forced.", "-o", "a.audio", "--format", "mp3"])
        .assert_code(0);
    assert_eq!(
        fs::read(env.path("a.audio")).unwrap(),
        audio_for("mp3", "Forced.")
    );
    let formats: Vec<String> = env
        .server
        .connections()
        .iter()
        .map(|c| {
            c.task_start().unwrap()["audio_setting"]["format"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(formats, ["pcm", "flac", "mp3"]);
}

#[test]
fn json_result_object() {
    let env = TestEnv::new();
    let run = env.run(&["speak", "Result object.", "-o", "r.mp3", "--json"]);
    run.assert_code(0);
    let json = run.json();
    let audio = audio_for("mp3", "Result object.");
    assert_eq!(json["output"], "r.mp3");
    assert_eq!(json["format"], "mp3");
    assert_eq!(json["bytes"], audio.len());
    assert_eq!(json["segments"], 1);
    assert_eq!(json["billed_characters"], "Result object.".chars().count());
    assert!(json["audio_ms"].as_u64().unwrap() > 300);
    assert_eq!(json["trace_ids"], serde_json::json!(["fake-trace-0"]));
    assert!(
        !run.stderr.contains("wrote"),
        "no human summary with --json"
    );
}

#[test]
fn quiet_prints_nothing() {
    let env = TestEnv::new();
    let run = env.run(&["speak", "Shh.", "-o", "q.mp3", "-q"]);
    run.assert_code(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn final_message_with_the_last_piece_is_appended() {
    let env = TestEnv::new();
    env.server.set_final_audio(FinalAudio::LastPiece);
    env.run(&["speak", "Last piece.", "-o", "l.mp3"])
        .assert_code(0);
    assert_eq!(
        fs::read(env.path("l.mp3")).unwrap(),
        audio_for("mp3", "Last piece.")
    );
}

#[test]
fn aggregated_final_message_is_dropped_not_doubled() {
    let env = TestEnv::new();
    env.server.set_final_audio(FinalAudio::Aggregate);
    let run = env.run(&["speak", "Aggregate.", "-o", "g.mp3"]);
    run.assert_code(0)
        .assert_stderr("repeated the segment's audio");
    assert_eq!(
        fs::read(env.path("g.mp3")).unwrap(),
        audio_for("mp3", "Aggregate.")
    );
}

#[test]
fn existing_output_is_replaced_only_on_success() {
    let env = TestEnv::new();
    fs::write(env.path("keep.mp3"), b"old audio").unwrap();
    env.run(&["speak", "New audio.", "-o", "keep.mp3"])
        .assert_code(0);
    assert_eq!(
        fs::read(env.path("keep.mp3")).unwrap(),
        audio_for("mp3", "New audio.")
    );
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let env = TestEnv::new();
    let mut child = env
        .cmd()
        .args(["speak", "Nobody listens.", "-o", "-"])
        .spawn()
        .unwrap();
    // Close the read end before any audio arrives: every write gets EPIPE.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}

#[test]
fn frames_larger_than_16_mib_are_accepted() {
    let env = TestEnv::new();
    let audio = audio_for("mp3", "Big frame.");
    // One chunk of ~9.5 MB of audio: a text frame of ~19 MB once hex-encoded.
    let repeat = 9_500_000 / audio.len() + 1;
    env.server.set_repeat(repeat);
    env.server.set_chunk_sizes(&[usize::MAX]);
    // Not played: decoding ten minutes of MP3 would only slow the suite down.
    env.run(&["speak", "Big frame.", "-o", "big.mp3", "--play", "never"])
        .assert_code(0);
    let written = fs::read(env.path("big.mp3")).unwrap();
    assert!(written.len() > 9_000_000);
    assert!(
        written == crate::server::repeated("mp3", &audio, repeat),
        "big output differs from what was served"
    );
}

#[test]
fn verbose_logs_protocol_events_without_the_key() {
    let env = TestEnv::new();
    let run = env.run(&["speak", "Verbose.", "-o", "v.mp3", "-v"]);
    // The run helper already fails if the key shows up anywhere.
    run.assert_code(0)
        .assert_stderr("sending task_start (model speech-2.8-hd")
        .assert_stderr("received connected_success")
        .assert_stderr("received task_continued")
        .assert_stderr("sending task_finish");
}

#[test]
fn dev_stdout_works_when_stdout_is_a_socket() {
    use std::io::Read;
    use std::os::fd::OwnedFd;
    let env = TestEnv::new();
    let (ours, theirs) = std::os::unix::net::UnixStream::pair().unwrap();
    let child = env
        .cmd()
        .args([
            "speak",
            "Hello there.",
            "-o",
            "/dev/stdout",
            "--format",
            "mp3",
        ])
        .stdout(std::process::Stdio::from(OwnedFd::from(theirs)))
        .spawn()
        .unwrap();
    let mut received = Vec::new();
    let mut ours = ours;
    let reader = std::thread::spawn(move || {
        ours.read_to_end(&mut received).unwrap();
        received
    });
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(reader.join().unwrap(), audio_for("mp3", "Hello there."));
}
