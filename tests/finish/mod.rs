//! Finished assets: loudness to a target (checked by ffmpeg's own EBU R128 meter),
//! ReplayGain tags on MP3 with the audio untouched, and silence trimmed (checked by
//! ffmpeg's silencedetect).

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::server::audio_for;
use crate::support::{TestEnv, tool};

/// ffmpeg's EBU R128 summary of `path`: (integrated LUFS, true peak dBTP).
fn ffmpeg_loudness(ffmpeg: &Path, path: &Path) -> (f64, f64) {
    let out = Command::new(ffmpeg)
        .args(["-hide_banner", "-nostats", "-i"])
        .arg(path)
        .args(["-af", "ebur128=peak=true", "-f", "null", "-"])
        .output()
        .expect("run ffmpeg");
    let text = String::from_utf8_lossy(&out.stderr);
    let summary = text.rsplit("Summary:").next().unwrap_or("");
    let value = |label: &str| {
        summary
            .lines()
            .find_map(|l| l.trim().strip_prefix(label))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or_else(|| panic!("no {label} in ffmpeg's summary: {summary}"))
    };
    (value("I:"), value("Peak:"))
}

#[test]
fn wav_and_flac_of_different_loudness_are_brought_to_the_target() {
    let Some(ffmpeg) = tool("ffmpeg") else {
        return;
    };
    // Speech driven into clipping (a flat, speech-shaped signal whose target is reachable
    // under the ceiling), served quiet and loud; the plain recording as FLAC (the fake's
    // FLAC fixture) to broadcast level; and the plain recording to -16, whose peaks stop
    // the gain before the target (reported as limited, not clipped).
    for (drive, gain, ext, target) in [
        (8.0, 0.1, "wav", -16.0),
        (8.0, 1.0, "wav", -16.0),
        (1.0, 1.0, "flac", -23.0),
        (1.0, 0.05, "wav", -16.0),
    ] {
        let env = TestEnv::new();
        env.server.set_pcm_shape(drive, gain, 0);
        let out = env.path(&format!("line.{ext}"));
        let run = env.run(&[
            "speak",
            "Hello there.",
            "-o",
            out.to_str().unwrap(),
            "--loudness",
            &target.to_string(),
            "--sample-rate",
            "16000",
            "--json",
            "--play",
            "never",
        ]);
        run.assert_code(0);
        let (integrated, peak) = ffmpeg_loudness(&ffmpeg, &out);
        let ours = run.json()["loudness"].clone();
        eprintln!(
            "{ext} at gain {gain}: measured by us {} LUFS (gain {} dB), by ffmpeg after: {integrated} LUFS, peak {peak} dBTP",
            ours["integrated_lufs"], ours["gain_db"]
        );
        if drive > 1.0 || ext == "flac" {
            assert_eq!(ours["limited"], false, "{ours}");
            assert!(
                (integrated - target).abs() <= 0.5,
                "{ext} at {gain}: {integrated} LUFS"
            );
        } else {
            assert_eq!(ours["limited"], true, "{ours}");
            run.assert_stderr("cannot be reached without passing the -1 dBTP ceiling");
        }
        assert!(peak <= -1.0 + 0.1, "{ext} at {gain}: true peak {peak} dBTP");
        assert_eq!(ours["gain_as"], "samples");
    }
}

#[test]
fn an_mp3_gets_replaygain_tags_and_keeps_its_audio() {
    let Some(ffmpeg) = tool("ffmpeg") else {
        return;
    };
    let env = TestEnv::new();
    let run = env.run(&[
        "speak",
        "Hello there.",
        "-o",
        "line.mp3",
        "--loudness",
        "-16",
        "--json",
        "--play",
        "never",
    ]);
    run.assert_code(0);
    let file = fs::read(env.path("line.mp3")).unwrap();
    assert!(file.starts_with(b"ID3"));
    let size = 10
        + file[6..10]
            .iter()
            .fold(0usize, |acc, &b| (acc << 7) | usize::from(b & 0x7F));
    assert!(
        file[size..] == audio_for("mp3", "Hello there.")[..],
        "the audio bytes are unchanged"
    );
    let tag = String::from_utf8_lossy(&file[..size]).into_owned();
    assert!(
        tag.contains("REPLAYGAIN_TRACK_GAIN") && tag.contains("REPLAYGAIN_TRACK_PEAK"),
        "{tag}"
    );
    let gain: f64 = tag
        .split("REPLAYGAIN_TRACK_GAIN\0")
        .nth(1)
        .and_then(|rest| rest.split(" dB").next())
        .and_then(|v| v.trim_start_matches('+').parse().ok())
        .expect("a gain in the tag");
    let (theirs, _) = ffmpeg_loudness(&ffmpeg, &env.path("line.mp3"));
    eprintln!(
        "mp3: tag {gain:+.2} dB; ffmpeg measures {theirs} LUFS, so {:+.2} dB",
        -16.0 - theirs
    );
    assert!(
        (gain - (-16.0 - theirs)).abs() <= 0.5,
        "tag {gain} vs ffmpeg {}",
        -16.0 - theirs
    );
    assert_eq!(run.json()["loudness"]["gain_as"], "replaygain");
}

#[test]
fn trim_leaves_at_most_the_pad_of_silence_at_each_end() {
    let Some(ffmpeg) = tool("ffmpeg") else {
        return;
    };
    let env = TestEnv::new();
    env.server.set_pcm_shape(1.0, 1.0, 700);
    let run = env.run(&[
        "speak",
        "Hello there.",
        "-o",
        "line.wav",
        "--trim",
        "--sample-rate",
        "16000",
        "--json",
        "--play",
        "never",
    ]);
    run.assert_code(0);
    let json = run.json();
    assert!(
        json["loudness"]["trimmed_start_ms"].as_u64().unwrap() >= 650,
        "{json}"
    );
    assert!(
        json["loudness"]["trimmed_end_ms"].as_u64().unwrap() >= 650,
        "{json}"
    );
    // No silence of 30 ms or more at either end (the pad is 20 ms).
    let out = Command::new(&ffmpeg)
        .args(["-hide_banner", "-nostats", "-i"])
        .arg(env.path("line.wav"))
        .args(["-af", "silencedetect=noise=-50dB:d=0.03", "-f", "null", "-"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        !said.contains("silence_start: 0\n") && !said.contains("silence_start: 0 "),
        "{said}"
    );
    let duration = (fs::metadata(env.path("line.wav")).unwrap().len() - 44) as f64 / 32.0;
    let untrimmed = audio_for("pcm", "Hello there.").len() as f64 / 32.0 + 1400.0;
    assert!(
        duration < untrimmed - 1300.0,
        "{duration} ms of {untrimmed}"
    );
    // Stdout cannot be finished: refused before any request.
    let run = env.run(&["speak", "Hi.", "-o", "-", "--trim"]);
    run.assert_code(2).assert_stderr("finish a file");
}

/// Runs headless Chromium on `page` with `args`; its stdout and stderr.
fn chromium(page: &Path, args: &[&str]) -> Option<(String, String)> {
    let bin = tool("chromium")?;
    let out = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--allow-file-access-from-files",
            "--autoplay-policy=no-user-gesture-required",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=8000",
        ])
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    Some((
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

#[test]
fn a_review_page_plays_every_row_in_a_real_browser() {
    let env = TestEnv::new();
    fs::write(
        env.path("lines.jsonl"),
        concat!(
            r#"{"id":"hello","text":"Hello there.","loudness":-23}"#, "\n",
            r#"{"id":"bye","text":"Goodbye now."}"#, "\n",
            r#"{"id":"bad","text":"A line in a voice that does not exist.","voice":"nobody-voice"}"#, "\n",
        ),
    )
    .unwrap();
    env.server.with_http(|h| h.strict_voices = true);
    fs::create_dir(env.path("audio")).unwrap();
    let run = env.run(&[
        "batch",
        "lines.jsonl",
        "--out-dir",
        "audio",
        "--review",
        "review.html",
        "--report",
        "report.json",
    ]);
    run.assert_code(3);
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(env.path("report.json")).unwrap()).unwrap();
    let hello = &report["rows"][0];
    assert_eq!(hello["loudness"]["gain_as"], "replaygain", "{hello}");
    let page = fs::read_to_string(env.path("review.html")).unwrap();
    assert!(
        page.contains("<audio preload=\"metadata\" src=\"audio/hello.mp3\">"),
        "{page}"
    );
    assert!(page.contains("data-status=\"failed\"") && page.contains("<svg"));
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "no network"
    );
    let Some((dom, log)) = chromium(&env.path("review.html"), &["--dump-dom"]) else {
        return;
    };
    let loaded = dom.matches("data-audio=\"ok\"").count();
    assert_eq!(
        loaded, 2,
        "both made rows' audio loads in the browser: {dom}"
    );
    assert!(!dom.contains("data-audio=\"missing\""), "{dom}");
    assert!(
        !log.contains("Uncaught") && !log.contains(":ERROR:CONSOLE"),
        "console errors: {log}"
    );
    let shot = env.path("review.png");
    let shot_arg = format!("--screenshot={}", shot.display());
    chromium(
        &env.path("review.html"),
        &[&shot_arg, "--window-size=1280,800"],
    );
    let png = fs::read(&shot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a real screenshot"
    );
    if let Ok(dir) = std::env::var("REVIEW_SCREENSHOT_DIR") {
        let _ = fs::copy(&shot, Path::new(&dir).join("review.png"));
    }
}

#[test]
fn playing_live_eases_the_level_toward_the_target_once_it_is_measured() {
    let env = TestEnv::new();
    // About 8 s of the (quieter than -16 LUFS) recording, played into the emulated device.
    env.server.set_repeat(8);
    let rec = env.path("played.wav");
    let run = crate::support::run(
        env.cmd()
            .env(
                "MINIMAX_TTS_AUDIO_SINK",
                format!("wav-fast:{}", rec.display()),
            )
            .args([
                "speak",
                "Hello there.",
                "--loudness",
                "-16",
                "--format",
                "pcm",
                "--sample-rate",
                "16000",
            ]),
    );
    run.assert_code(0);
    let wav = fs::read(&rec).unwrap();
    let rate = u32::from_le_bytes(wav[24..28].try_into().unwrap()) as usize;
    let channels = u16::from_le_bytes(wav[22..24].try_into().unwrap()) as usize;
    let samples: Vec<f64> = wav[44..]
        .chunks_exact(2)
        .map(|b| f64::from(i16::from_le_bytes([b[0], b[1]])))
        .collect();
    let seconds = samples.len() / rate / channels;
    assert!(seconds >= 7, "{seconds} s played");
    let rms = |from: usize, to: usize| {
        let part = &samples[from * rate * channels..to * rate * channels];
        (part.iter().map(|s| s * s).sum::<f64>() / part.len() as f64).sqrt()
    };
    // The clip repeats: the same audio at the start (unity) and the end (levelled).
    let (start, end) = (rms(0, 2), rms(seconds - 2, seconds));
    assert!(end > start * 1.3, "the level rose: {start:.0} -> {end:.0}");
    assert!(samples.iter().all(|s| s.abs() < 32767.0), "never clipped");
}

#[test]
fn fetched_audio_is_finished_too() {
    let env = TestEnv::new();
    env.server.with_http(|h| h.polls_until_done = 0);
    let run = env.run(&[
        "async-submit",
        "A chapter of a long book.",
        "--wait",
        "-o",
        "book.mp3",
        "--loudness",
        "-16",
        "--json",
    ]);
    run.assert_code(0);
    let fetched: serde_json::Value = run
        .stdout_text()
        .lines()
        .last()
        .map(|l| serde_json::from_str(l).unwrap())
        .unwrap();
    assert_eq!(fetched["loudness"]["gain_as"], "replaygain", "{fetched}");
    assert!(fs::read(env.path("book.mp3")).unwrap().starts_with(b"ID3"));
}

#[test]
fn a_trimmed_mp3_drops_whole_frames_and_still_decodes_cleanly() {
    let (Some(ffmpeg), Some(ffprobe)) = (tool("ffmpeg"), tool("ffprobe")) else {
        return;
    };
    let env = TestEnv::new();
    env.server.set_repeat(3);
    let run = env.run(&[
        "speak",
        "Hello there.",
        "-o",
        "line.mp3",
        "--trim",
        "--trim-threshold",
        "-20",
        "--play",
        "never",
        "--json",
    ]);
    run.assert_code(0);
    let json = run.json();
    let trimmed = json["loudness"]["trimmed_start_ms"].as_u64().unwrap()
        + json["loudness"]["trimmed_end_ms"].as_u64().unwrap();
    assert!(trimmed > 0, "{json}");
    let path = env.path("line.mp3");
    let out = Command::new(&ffmpeg)
        .args(["-v", "error", "-i"])
        .arg(&path)
        .args(["-f", "null", "-"])
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let probe = Command::new(&ffprobe)
        .args([
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
        ])
        .arg(&path)
        .output()
        .unwrap();
    let probed: f64 = String::from_utf8_lossy(&probe.stdout)
        .trim()
        .parse()
        .unwrap();
    let served = 3.0 * crate::server::audio_duration_ms("mp3", &audio_for("mp3", "Hello there."));
    assert!(
        (probed * 1000.0 - (served - trimmed as f64)).abs() <= 36.0,
        "ffprobe {probed} s, served {served} ms less {trimmed} ms"
    );
}
