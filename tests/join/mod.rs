//! Joined audio, checked by the tools players are built on: a long `speak` whose
//! segments are separate MP3 or FLAC streams must come out as one file that ffmpeg
//! decodes without a single error, whose duration ffprobe reads right, and (FLAC) that
//! `flac -t` passes with every sample of every segment in order.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::server::{audio_duration_ms, audio_for};
use crate::support::{TestEnv, tool};

/// Text that the MiniMax engine cuts into exactly `n` segments (409 sentences fit the
/// 9,000-character limit).
fn text_of_segments(n: usize) -> String {
    "A sentence to repeat. ".repeat(409 * (n - 1) + 200)
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
    let test = Command::new(&flac)
        .arg("-t")
        .arg(&book)
        .output()
        .expect("run flac");
    let said = String::from_utf8_lossy(&test.stderr);
    assert!(
        test.status.success() && !said.contains("ERROR") && !said.contains("WARNING"),
        "{said}"
    );
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
