//! Joined audio, checked by the tools players are built on: a long `speak` whose
//! segments are separate MP3 or FLAC streams must come out as one file that ffmpeg
//! decodes without a single error, whose duration ffprobe reads right, and (FLAC) that
//! `flac -t` passes with every sample of every segment in order.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::server::{audio_duration_ms, audio_for};
use crate::support::{TestEnv, tool};

/// Text that the MiniMax engine cuts into exactly `n` segments, each different (391
/// numbered sentences of 23 characters fit the 9,000-character limit).
fn text_of_segments(n: usize) -> String {
    (0..391 * (n - 1) + 200)
        .map(|i| format!("Line {i:06} is spoken. "))
        .collect()
}

/// The texts the fake received, in order (one session).
fn segment_texts(env: &TestEnv) -> Vec<String> {
    env.server
        .connections()
        .iter()
        .flat_map(|c| c.texts())
        .collect()
}

/// ffmpeg's errors decoding `path` (empty: none).
fn ffmpeg_errors(ffmpeg: &Path, path: &Path) -> String {
    let out = Command::new(ffmpeg)
        .args(["-v", "error", "-i"])
        .arg(path)
        .args(["-f", "null", "-"])
        .output()
        .expect("run ffmpeg");
    assert!(
        out.status.success(),
        "ffmpeg failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// ffprobe's duration of `path`, in ms.
fn ffprobe_ms(ffprobe: &Path, path: &Path) -> f64 {
    let out = Command::new(ffprobe)
        .args([
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
        ])
        .arg(path)
        .output()
        .expect("run ffprobe");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse::<f64>()
        .expect("a duration")
        * 1000.0
}

/// `flac -t` passes `path` with neither an error nor a warning.
fn assert_flac_clean(flac: &Path, path: &Path) {
    let test = Command::new(flac)
        .arg("-t")
        .arg(path)
        .output()
        .expect("run flac");
    let said = String::from_utf8_lossy(&test.stderr);
    assert!(
        test.status.success() && !said.contains("ERROR") && !said.contains("WARNING"),
        "{said}"
    );
}

/// The chapters ffprobe reads from `path`.
fn ffprobe_chapters(ffprobe: &Path, path: &Path) -> Vec<serde_json::Value> {
    let probe = Command::new(ffprobe)
        .args(["-v", "error", "-show_chapters", "-of", "json"])
        .arg(path)
        .output()
        .expect("run ffprobe");
    let probed: serde_json::Value = serde_json::from_slice(&probe.stdout).unwrap();
    probed["chapters"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_14_segment_mp3_decodes_cleanly_and_lasts_the_sum_of_its_segments() {
    let (Some(ffmpeg), Some(ffprobe)) = (tool("ffmpeg"), tool("ffprobe")) else {
        return;
    };
    let env = TestEnv::new();
    fs::write(env.path("book.txt"), text_of_segments(14)).unwrap();
    let run = env.run(&[
        "speak", "-f", "book.txt", "-o", "book.mp3", "--json", "--play", "never",
    ]);
    run.assert_code(0);
    let texts = segment_texts(&env);
    assert_eq!(texts.len(), 14);
    let book = env.path("book.mp3");
    assert_eq!(ffmpeg_errors(&ffmpeg, &book), "", "ffmpeg reports no error");
    let segments_ms: f64 = texts
        .iter()
        .map(|t| audio_duration_ms("mp3", &audio_for("mp3", t)))
        .sum();
    let probed = ffprobe_ms(&ffprobe, &book);
    assert!(
        (probed - segments_ms).abs() < 1.0,
        "ffprobe {probed} ms, segments {segments_ms} ms"
    );
    assert_eq!(
        run.json()["audio_ms"],
        segments_ms.round() as u64,
        "the tool's own figure"
    );
    // The same text to stdout: no header can be patched there, and it still decodes.
    let run = env.run(&["speak", "-f", "book.txt", "-o", "-", "--play", "never"]);
    run.assert_code(0);
    fs::write(env.path("piped.mp3"), &run.stdout).unwrap();
    assert_eq!(ffmpeg_errors(&ffmpeg, &env.path("piped.mp3")), "");
}

#[test]
fn a_joined_flac_passes_flac_t_and_keeps_every_sample_in_order() {
    let (Some(flac), Some(ffmpeg)) = (tool("flac"), tool("ffmpeg")) else {
        return;
    };
    let env = TestEnv::new();
    fs::write(env.path("book.txt"), text_of_segments(3)).unwrap();
    let run = env.run(&[
        "speak",
        "-f",
        "book.txt",
        "-o",
        "book.flac",
        "--json",
        "--play",
        "never",
    ]);
    run.assert_code(0);
    let texts = segment_texts(&env);
    assert_eq!(texts.len(), 3);
    let book = env.path("book.flac");
    assert_flac_clean(&flac, &book);
    assert_eq!(ffmpeg_errors(&ffmpeg, &book), "");
    // Every sample of every segment, in order (decoded independently, by symphonia).
    let decoded = crate::playback::decoded_samples("flac", &fs::read(&book).unwrap());
    let expected: Vec<i16> = texts
        .iter()
        .flat_map(|t| crate::playback::decoded_samples("flac", &audio_for("flac", t)))
        .collect();
    assert!(
        decoded == expected,
        "{} samples, expected {}",
        decoded.len(),
        expected.len()
    );
}

/// A manifest of three rows: two chapters, a pause of its own on the second row.
fn production_manifest(env: &TestEnv) -> std::path::PathBuf {
    let path = env.path("book.jsonl");
    fs::write(
        &path,
        concat!(
            r#"{"id":"r1","text":"Hello there.","chapter":"Chapter one"}"#,
            "\n",
            r#"{"id":"r2","text":"Goodbye now.","pause_after":1000}"#,
            "\n",
            r#"{"id":"r3","text":"Hello there again.","chapter":"Chapter two"}"#,
            "\n",
        ),
    )
    .unwrap();
    path
}

#[test]
fn a_joined_production_has_gaps_chapters_and_subtitles_on_one_clock() {
    let (Some(ffmpeg), Some(ffprobe)) = (tool("ffmpeg"), tool("ffprobe")) else {
        return;
    };
    let env = TestEnv::new();
    let manifest = production_manifest(&env);
    let run = env.run(&[
        "batch",
        manifest.to_str().unwrap(),
        "--join",
        "book.mp3",
        "--gap",
        "400ms",
        "--chapters",
        "book.chapters.json",
        "--subtitles",
        "book.srt",
        "--json",
        "--review",
        "book.html",
    ]);
    run.assert_code(0);
    // The review page plays each row's span of the joined file.
    let page = fs::read_to_string(env.path("book.html")).unwrap();
    assert!(page.contains("src=\"book.mp3#t=0.000,"), "{page}");
    assert_eq!(page.matches("<audio").count(), 3);
    let book = env.path("book.mp3");
    assert_eq!(ffmpeg_errors(&ffmpeg, &book), "");
    let events: Vec<serde_json::Value> = run
        .stdout_text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let joined = events
        .iter()
        .find(|e| e["event"] == "join")
        .expect("a join event");
    let timeline = joined["timeline"].as_array().unwrap();
    // Each row lasts its audio (whole 36 ms frames); gaps are whole frames too.
    let lengths: Vec<f64> = ["Hello there.", "Goodbye now.", "Hello there again."]
        .iter()
        .map(|t| audio_duration_ms("mp3", &audio_for("mp3", t)))
        .collect();
    let frame = 36.0;
    let gap = (400.0_f64 / frame).round() * frame;
    let pause = (1000.0_f64 / frame).round() * frame;
    let starts = [0.0, lengths[0] + gap, lengths[0] + gap + lengths[1] + pause];
    for (i, row) in timeline.iter().enumerate() {
        assert_eq!(row["start_ms"], starts[i].round() as u64, "row {i}: {row}");
        assert_eq!(
            row["end_ms"],
            (starts[i] + lengths[i]).round() as u64,
            "row {i}"
        );
    }
    let total = starts[2] + lengths[2];
    assert_eq!(joined["audio_ms"], total.round() as u64);
    let probed = ffprobe_ms(&ffprobe, &book);
    assert!(
        (probed - total).abs() < 1.0,
        "ffprobe {probed} ms, timeline {total} ms"
    );
    // Chapters: the JSON file, and the ID3 CHAP frames ffprobe reads, agree with the rows.
    let chapters: serde_json::Value =
        serde_json::from_slice(&fs::read(env.path("book.chapters.json")).unwrap()).unwrap();
    assert_eq!(chapters[0]["title"], "Chapter one");
    assert_eq!(chapters[0]["start_ms"], 0);
    assert_eq!(chapters[1]["title"], "Chapter two");
    assert_eq!(chapters[1]["start_ms"], timeline[2]["start_ms"]);
    assert_eq!(chapters[1]["end_ms"], joined["audio_ms"]);
    let probed = ffprobe_chapters(&ffprobe, &book);
    assert_eq!(probed.len(), 2, "{probed:?}");
    assert_eq!(probed[1]["tags"]["title"], "Chapter two");
    let start: f64 = probed[1]["start_time"].as_str().unwrap().parse().unwrap();
    assert!((start * 1000.0 - chapters[1]["start_ms"].as_f64().unwrap()).abs() < 1.0);
    // Subtitles: MiniMax's sentence cues, each shifted by the audio (and gaps) before it.
    let srt = fs::read_to_string(env.path("book.srt")).unwrap();
    assert!(srt.contains("Goodbye now."), "{srt}");
    let third_start = format_srt(starts[2]);
    assert!(srt.contains(&third_start), "{srt} lacks {third_start}");
    // No private directory is left behind.
    let left: Vec<_> = fs::read_dir(env.home.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".rows-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

fn format_srt(ms: f64) -> String {
    let ms = ms.round() as u64;
    format!(
        "{:02}:{:02}:{:02},{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

#[test]
fn changing_one_row_rebills_that_row_only_and_the_join_is_redone() {
    let env = TestEnv::new();
    let manifest = production_manifest(&env);
    let join = |env: &TestEnv| {
        env.run(&[
            "batch",
            manifest.to_str().unwrap(),
            "--join",
            "book.mp3",
            "--json",
        ])
    };
    join(&env).assert_code(0);
    let first = fs::read(env.path("book.mp3")).unwrap();
    let before = env.server.connections().len();
    // A cached row is joined from its cache entry, not written out first.
    env.run(&[
        "-v",
        "batch",
        manifest.to_str().unwrap(),
        "--join",
        "book.mp3",
    ])
    .assert_code(0)
    .assert_stderr("join: 0 rows from their files, 3 from the cache");
    assert_eq!(env.server.connections().len(), before, "all from the cache");
    assert!(
        fs::read(env.path("book.mp3")).unwrap() == first,
        "the same file again"
    );
    let changed = fs::read_to_string(&manifest)
        .unwrap()
        .replace("Goodbye now.", "Goodbye for now.");
    fs::write(&manifest, changed).unwrap();
    let run = join(&env);
    run.assert_code(0);
    let texts: Vec<String> = env.server.connections()[before..]
        .iter()
        .flat_map(|c| c.texts())
        .collect();
    assert_eq!(texts.len(), 1, "one row synthesized: {texts:?}");
    assert!(texts[0].contains("Goodbye for now."));
    assert!(
        fs::read(env.path("book.mp3")).unwrap() != first,
        "the join is redone"
    );
}

#[test]
fn a_flac_production_carries_its_chapters_as_vorbis_comments() {
    let (Some(flac), Some(ffprobe)) = (tool("flac"), tool("ffprobe")) else {
        return;
    };
    let env = TestEnv::new();
    let manifest = production_manifest(&env);
    let run = env.run(&[
        "batch",
        manifest.to_str().unwrap(),
        "--join",
        "book.flac",
        "--gap",
        "400ms",
        "--json",
    ]);
    run.assert_code(0);
    let book = env.path("book.flac");
    assert_flac_clean(&flac, &book);
    let probed = ffprobe_chapters(&ffprobe, &book);
    let titles: Vec<&str> = probed
        .iter()
        .map(|c| c["tags"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Chapter one", "Chapter two"]);
    // The second chapter starts where the third row does: two rows (16 kHz PCM
    // fixtures), a 400 ms gap and the second row's own 1 s pause before it.
    let rows: f64 = ["Hello there.", "Goodbye now."]
        .iter()
        .map(|t| audio_for("pcm", t).len() as f64 / 32.0)
        .sum();
    let start: f64 = probed[1]["start_time"].as_str().unwrap().parse().unwrap();
    assert!(
        (start * 1000.0 - (rows + 400.0 + 1000.0)).abs() < 1.5,
        "{start}"
    );
}

#[test]
fn a_script_with_three_speakers_on_two_providers_renders_one_file() {
    let env = TestEnv::new();
    let fish = crate::server::fish::FishServer::start();
    let script = concat!(
        "+++\n",
        "[speakers.NARRATOR]\nvoice = \"English_expressive_narrator\"\n",
        "[speakers.BOB]\nvoice = \"my-clone-1\"\nspeed = 1.1\n",
        "[speakers.ALICE]\nprovider = \"fish\"\nvoice = \"alice-model\"\n",
        "+++\n",
        "# Chapter one\n",
        "NARRATOR: It was late when\n",
        "the phone rang.\n",
        "ALICE: Who is this?\n",
        "\n",
        "# Chapter two\n",
        "BOB: It is me.\n",
    );
    fs::write(env.path("play.txt"), script).unwrap();
    let run = crate::support::run(
        env.cmd()
            .env("FISH_API_KEY", crate::server::API_KEY)
            .env("FISH_BASE_URL", fish.url())
            .args([
                "script",
                "play.txt",
                "-o",
                "play.mp3",
                "--chapters",
                "play.json",
                "--json",
            ]),
    );
    run.assert_code(0);
    let minimax: Vec<String> = env
        .server
        .connections()
        .iter()
        .flat_map(|c| c.texts())
        .collect();
    let joined = minimax.join(" ");
    assert!(
        joined.contains("It was late when the phone rang."),
        "{minimax:?}"
    );
    assert!(joined.contains("It is me."));
    let fish_texts: Vec<String> = fish.connections().iter().flat_map(|c| c.texts()).collect();
    assert_eq!(fish_texts.concat().trim(), "Who is this?");
    let connections = fish.connections();
    let start = connections[0].start().unwrap();
    assert_eq!(start["request"]["reference_id"], "alice-model");
    let chapters: serde_json::Value =
        serde_json::from_slice(&fs::read(env.path("play.json")).unwrap()).unwrap();
    assert_eq!(chapters[1]["title"], "Chapter two");
    let events: Vec<serde_json::Value> = run
        .stdout_text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let timeline = events.iter().find(|e| e["event"] == "join").unwrap()["timeline"].clone();
    assert_eq!(timeline.as_array().unwrap().len(), 3);
    // The blank line is a paragraph pause (750 ms, as whole frames) before BOB's line.
    let pause = timeline[2]["start_ms"].as_u64().unwrap() - timeline[1]["end_ms"].as_u64().unwrap();
    assert!(
        (pause as f64 - (750.0_f64 / 36.0).round() * 36.0).abs() <= 1.0,
        "{pause}"
    );
    assert_eq!(chapters[1]["start_ms"], timeline[2]["start_ms"]);
    if let Some(ffmpeg) = tool("ffmpeg") {
        assert_eq!(ffmpeg_errors(&ffmpeg, &env.path("play.mp3")), "");
    }
}

#[test]
fn a_script_with_an_unknown_speaker_is_refused_before_any_request() {
    let env = TestEnv::new();
    fs::write(
        env.path("play.txt"),
        "+++\n[speakers.NARRATOR]\n+++\nNARRATOR: Hello.\nEVE: Who?\nloose text\n",
    )
    .unwrap();
    let run = env.run(&["script", "play.txt", "-o", "play.mp3"]);
    run.assert_code(2)
        .assert_stderr("line 5: unknown speaker EVE")
        .assert_stderr("known: NARRATOR");
    assert!(env.server.connections().is_empty());
    assert!(!env.path("play.mp3").exists());
}

/// The texts each run sent, per run: the fake's connections from `from` on.
fn texts_since(env: &TestEnv, from: usize) -> Vec<String> {
    env.server.connections()[from..]
        .iter()
        .flat_map(|c| c.texts())
        .collect()
}

#[test]
fn a_long_speak_that_failed_resumes_with_only_the_missing_segments() {
    let env = TestEnv::new();
    fs::write(env.path("book.txt"), text_of_segments(5)).unwrap();
    // The third segment is refused (a fatal error): two are finished.
    env.server.push_fault(crate::server::Fault::OnContinue {
        nth: 2,
        after_chunks: 1,
        code: 1026,
    });
    let run = env.run(&[
        "speak", "-f", "book.txt", "-o", "book.mp3", "--play", "never",
    ]);
    run.assert_code(3);
    assert!(!env.path("book.mp3").exists(), "no partial file");
    let first = texts_since(&env, 0);
    assert_eq!(first.len(), 3);
    let before = env.server.connections().len();
    let run = env.run(&[
        "speak", "-f", "book.txt", "-o", "book.mp3", "--play", "never", "--json",
    ]);
    run.assert_code(0)
        .assert_stderr("2 of 5 segments came from the cache");
    let second = texts_since(&env, before);
    assert_eq!(second.len(), 3, "segments 3 to 5 only: {second:?}");
    assert_eq!(second[0], first[2]);
    // The same file as an uninterrupted run's.
    let all: Vec<Vec<u8>> = [&first[..2], &second[..]]
        .concat()
        .iter()
        .map(|t| audio_for("mp3", t))
        .collect();
    assert!(fs::read(env.path("book.mp3")).unwrap() == crate::server::joined_mp3_file(&all));
    assert_eq!(
        run.json()["billed_characters"],
        second.iter().map(|t| t.chars().count()).sum::<usize>()
    );
    // --no-cache: everything again, nothing kept.
    let before = env.server.connections().len();
    env.run(&[
        "speak",
        "-f",
        "book.txt",
        "-o",
        "again.mp3",
        "--play",
        "never",
        "--no-cache",
    ])
    .assert_code(0);
    assert_eq!(texts_since(&env, before).len(), 5);
}

#[test]
fn a_long_speak_stopped_by_ctrl_c_resumes_where_it_stopped() {
    let env = TestEnv::new();
    fs::write(env.path("book.txt"), text_of_segments(6)).unwrap();
    env.server
        .set_chunk_delay(std::time::Duration::from_millis(15));
    let child = env
        .cmd()
        .args([
            "speak", "-f", "book.txt", "-o", "book.mp3", "--play", "never",
        ])
        .spawn()
        .unwrap();
    // Wait until two segments are finished (the third has been sent), then Ctrl-C.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while texts_since(&env, 0).len() < 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "the run did not get going"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    crate::support::send_signal(child.id(), libc::SIGINT);
    let output = child.wait_with_output().unwrap();
    crate::support::assert_killed_by(output.status, libc::SIGINT, &output.stderr);
    assert!(!env.path("book.mp3").exists());
    let sent = texts_since(&env, 0);
    env.server.set_chunk_delay(std::time::Duration::ZERO);
    let before = env.server.connections().len();
    env.run(&[
        "speak", "-f", "book.txt", "-o", "book.mp3", "--play", "never",
    ])
    .assert_code(0);
    let resumed = texts_since(&env, before);
    // At least the two finished segments were not asked for again; every segment was
    // asked for once at least over both runs.
    assert!(
        resumed.len() <= 4,
        "{} segments requested again",
        resumed.len()
    );
    let kept = 6 - resumed.len();
    assert!(sent.len() > kept, "only finished segments are kept");
    let all: Vec<Vec<u8>> = [&sent[..kept], &resumed[..]]
        .concat()
        .iter()
        .map(|t| audio_for("mp3", t))
        .collect();
    assert!(fs::read(env.path("book.mp3")).unwrap() == crate::server::joined_mp3_file(&all));
}

/// `path`'s samples as `flac -d` decodes them: raw little-endian bytes at its depth.
fn flac_raw(flac: &Path, path: &Path) -> Vec<u8> {
    let out = Command::new(flac)
        .args([
            "-d",
            "-s",
            "-c",
            "--force-raw-format",
            "--endian=little",
            "--sign=signed",
        ])
        .arg(path)
        .output()
        .expect("run flac -d");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn flac_bits(ffprobe: &Path, path: &Path) -> String {
    let out = Command::new(ffprobe)
        .args([
            "-v",
            "error",
            "-show_entries",
            "stream=bits_per_raw_sample",
            "-of",
            "csv=p=0",
        ])
        .arg(path)
        .output()
        .expect("run ffprobe");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn a_24_bit_flac_is_joined_finished_and_resumed_at_its_own_depth() {
    let (Some(flac), Some(ffprobe)) = (tool("flac"), tool("ffprobe")) else {
        return;
    };
    let env = TestEnv::new();
    env.server.set_flac_bits(24);
    fs::write(env.path("book.txt"), text_of_segments(3)).unwrap();
    env.run(&[
        "speak",
        "-f",
        "book.txt",
        "-o",
        "book.flac",
        "--play",
        "never",
    ])
    .assert_code(0);
    let book = env.path("book.flac");
    assert_flac_clean(&flac, &book);
    assert_eq!(flac_bits(&ffprobe, &book), "24");
    // Every 24-bit sample of every segment, in order: nothing was cut to 16 bits.
    let texts = segment_texts(&env);
    let mut expected = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let segment = env.path(&format!("segment{i}.flac"));
        fs::write(&segment, crate::server::served_audio("flac", text, 24)).unwrap();
        expected.extend(flac_raw(&flac, &segment));
    }
    assert!(flac_raw(&flac, &book) == expected, "the samples differ");

    // Finished (loudness and trim) at its depth.
    env.run(&[
        "speak",
        "-f",
        "book.txt",
        "-o",
        "loud.flac",
        "--play",
        "never",
        "--loudness",
        "-16",
        "--trim",
    ])
    .assert_code(0);
    assert_flac_clean(&flac, &env.path("loud.flac"));
    assert_eq!(flac_bits(&ffprobe, &env.path("loud.flac")), "24");

    // A production, stopped by a refused row and resumed: every row joined at 24 bits.
    let manifest = production_manifest(&env);
    env.server.push_fault(crate::server::Fault::OnContinue {
        nth: 0,
        after_chunks: 1,
        code: 1026,
    });
    let join = || {
        env.run(&[
            "batch",
            manifest.to_str().unwrap(),
            "--join",
            "prod.flac",
            "--gap",
            "400ms",
        ])
    };
    assert_ne!(join().code, 0);
    assert!(!env.path("prod.flac").exists(), "no partial file");
    join().assert_code(0);
    let prod = env.path("prod.flac");
    assert_flac_clean(&flac, &prod);
    assert_eq!(flac_bits(&ffprobe, &prod), "24");
}

#[test]
fn two_long_speak_runs_of_one_text_pay_once_for_each_segment() {
    let env = TestEnv::new();
    fs::write(env.path("book.txt"), text_of_segments(4)).unwrap();
    // Slow enough that the runs overlap on every segment.
    env.server
        .set_chunk_delay(std::time::Duration::from_millis(20));
    let children: Vec<_> = ["one.mp3", "two.mp3"]
        .iter()
        .map(|out| {
            env.cmd()
                .args(["speak", "-f", "book.txt", "-o", out, "--play", "never"])
                .spawn()
                .unwrap()
        })
        .collect();
    crate::support::all_succeed(children);
    let mut texts = segment_texts(&env);
    let sent = texts.len();
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), 4);
    assert_eq!(sent, 4, "a segment was paid for twice");
    assert!(fs::read(env.path("one.mp3")).unwrap() == fs::read(env.path("two.mp3")).unwrap());
}

#[test]
fn every_duration_takes_one_grammar_and_a_bare_number_is_refused() {
    let env = TestEnv::new();
    let manifest = production_manifest(&env);
    let manifest = manifest.to_str().unwrap();
    fs::write(env.path("play.txt"), "A: Hello.\n").unwrap();
    for args in [
        &["batch", manifest, "--join", "book.mp3", "--gap", "400"][..],
        &[
            "script",
            "play.txt",
            "-o",
            "play.mp3",
            "--paragraph-gap",
            "2",
        ],
        &["cache", "prune", "--older-than", "30"],
    ] {
        env.run(args).assert_code(2).assert_stderr("needs a unit");
    }
    // The production's name follows the one rule for names and formats.
    env.run(&["batch", manifest, "--join", "book.mp3", "--format", "wav"])
        .assert_code(2)
        .assert_stderr("the file name book.mp3 says mp3, but the format asked for is wav");
    // Minutes are minutes everywhere (a pause of 11 minutes is too long, not 11 ms).
    env.run(&["batch", manifest, "--join", "book.mp3", "--gap", "11m"])
        .assert_code(2)
        .assert_stderr("between 0 and 10 minutes");
    // A row's pause: a count is milliseconds (its key's unit), text is a duration.
    let rows = env.path("rows.jsonl");
    fs::write(
        &rows,
        concat!(
            r#"{"id":"a","text":"Hello there.","pause_after":"1.5s"}"#,
            "\n",
            r#"{"id":"b","text":"Goodbye now.","pause_after":"soon"}"#,
            "\n",
        ),
    )
    .unwrap();
    env.run(&["batch", rows.to_str().unwrap(), "--join", "rows.mp3"])
        .assert_code(2)
        .assert_stderr("pause_after: 'soon' is not a duration");
    assert!(env.server.connections().is_empty(), "nothing was sent");
    fs::write(
        &rows,
        concat!(
            r#"{"id":"a","text":"Hello there.","pause_after":"1.5s"}"#,
            "\n",
            r#"{"id":"b","text":"Goodbye now.","pause_after":"250"}"#,
            "\n",
        ),
    )
    .unwrap();
    let run = env.run(&[
        "batch",
        rows.to_str().unwrap(),
        "--join",
        "rows.mp3",
        "--json",
    ]);
    run.assert_code(0);
    let join = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .find(|event| event["event"] == "join")
        .expect("a join event");
    let timeline = join["timeline"].as_array().unwrap();
    let gap = timeline[1]["start_ms"].as_f64().unwrap() - timeline[0]["end_ms"].as_f64().unwrap();
    // 1.5 s of silence, in whole MP3 frames (36 ms at 32 kHz).
    assert!((gap - 1500.0).abs() <= 36.0, "{join}");
}

/// A long WAV `speak` keeps its segments as the cache keeps every entry (a WAV file with
/// its header, as a batch row of that text would find it) and replays them without it.
#[test]
fn a_long_wav_speak_resumes_into_one_header_and_shares_its_entries_with_batch() {
    let env = TestEnv::new();
    fs::write(env.path("book.txt"), text_of_segments(3)).unwrap();
    env.server.push_fault(crate::server::Fault::OnContinue {
        nth: 1,
        after_chunks: 1,
        code: 1026,
    });
    let speak = [
        "speak", "-f", "book.txt", "-o", "book.wav", "--play", "never",
    ];
    env.run(&speak).assert_code(3);
    let first = texts_since(&env, 0);
    let before = env.server.connections().len();
    env.run(&speak)
        .assert_code(0)
        .assert_stderr("1 of 3 segments came from the cache");
    let second = texts_since(&env, before);
    assert_eq!(second.len(), 2, "segments 2 and 3 only: {second:?}");
    let pcm: Vec<u8> = [&first[..1], &second[..]]
        .concat()
        .iter()
        .flat_map(|t| audio_for("pcm", t))
        .collect();
    let wav = fs::read(env.path("book.wav")).unwrap();
    assert_eq!(&wav[..4], b"RIFF");
    assert_eq!(
        u32::from_le_bytes(wav[40..44].try_into().unwrap()) as usize,
        pcm.len()
    );
    assert!(
        wav[44..] == pcm[..],
        "one header, then every segment's samples"
    );
    // The first segment's entry is a whole WAV file: a batch row of that text restores it.
    let row = serde_json::json!({"id": "one", "text": first[0]});
    fs::write(env.path("one.jsonl"), format!("{row}\n")).unwrap();
    let before = env.server.connections().len();
    env.run(&["batch", "one.jsonl", "--out-dir", "rows", "--format", "wav"])
        .assert_code(0);
    assert_eq!(env.server.connections().len(), before, "restored, not made");
    let restored = fs::read(env.path("rows/one.wav")).unwrap();
    assert_eq!(&restored[..4], b"RIFF");
    assert!(restored[44..] == audio_for("pcm", &first[0])[..]);
}
