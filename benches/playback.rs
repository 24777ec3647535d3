//! Playback benchmarks against the fake server on loopback, run by hand:
//!
//! ```sh
//! cargo bench --bench playback              # everything (plays 10 minutes in real time)
//! cargo bench --bench playback -- latency   # only the latency figures (a few seconds)
//! cargo bench --bench playback -- stream    # `stream` latencies (about 20 s)
//! cargo bench --bench playback -- transport # --transport http vs ws (about 1 min)
//! ```
//!
//! (1) client overhead to first sound: `first_play − first_audio`;
//! (2) process start to `first_play` with a 50 ms first-chunk server delay;
//! (3) CPU seconds and peak RSS for synthesizing and playing 10 minutes of audio (paced
//!     `null` sink), and for saving 60 minutes without playback;
//! (4) `--transport http` vs `ws`: first sound and total time, as ratios.

#[path = "../tests/server/mod.rs"]
mod server;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use server::{API_KEY, FakeServer, audio_for, repeated};

const BIN: &str = env!("CARGO_BIN_EXE_minimax-tts");

struct Measured {
    json: serde_json::Value,
    wall: Duration,
    cpu: Duration,
    peak_rss_kb: i64,
}

/// Runs the binary; waits with wait4 to get its CPU time, and samples its peak RSS.
// The child is reaped by wait4, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run(server: &FakeServer, home: &std::path::Path, sink: &str, args: &[&str]) -> Measured {
    let started = Instant::now();
    let child = Command::new(BIN)
        .env_clear()
        .env("HOME", home)
        .env("MINIMAX_API_KEY", API_KEY)
        .env("MINIMAX_BASE_URL", server.url())
        .env("MINIMAX_TTS_AUDIO_SINK", sink)
        .args(args)
        .arg("--json")
        .current_dir(home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn minimax-tts");
    let pid = child.id() as libc::pid_t;
    // Peak RSS from the child's own high-water mark. (wait4's ru_maxrss is no good here:
    // a child spawned with vfork inherits the parent's high-water mark at exec.)
    let hwm = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(0));
    let watcher = {
        let hwm = hwm.clone();
        std::thread::spawn(move || {
            let path = format!("/proc/{pid}/status");
            while let Ok(status) = std::fs::read_to_string(&path) {
                if let Some(kb) = status
                    .lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<i64>().ok())
                {
                    hwm.fetch_max(kb, std::sync::atomic::Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        })
    };
    let mut stdout = child.stdout.expect("stdout");
    let mut out = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut out).expect("read stdout");
    let mut status = 0;
    // SAFETY: rusage is plain old data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    let wall = started.elapsed();
    let _ = watcher.join();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "minimax-tts failed: {out}"
    );
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Measured {
        json: serde_json::from_str(out.trim()).expect("JSON result"),
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        peak_rss_kb: hwm.load(std::sync::atomic::Ordering::Relaxed),
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn timing(m: &Measured, key: &str) -> f64 {
    m.json["timings"][key].as_f64().unwrap_or(f64::NAN)
}

fn latency(home: &std::path::Path) {
    const RUNS: usize = 21;
    let server = FakeServer::start();
    let mut overhead = Vec::new();
    let extra: Vec<String> = std::env::var("BENCH_ARGS")
        .unwrap_or_default()
        .split_whitespace()
        .map(String::from)
        .collect();
    for _ in 0..RUNS {
        let mut args = vec!["speak", "Hello there."];
        args.extend(extra.iter().map(String::as_str));
        let m = run(&server, home, "null", &args);
        overhead.push(timing(&m, "first_play") - timing(&m, "first_audio"));
    }
    println!(
        "(1) first_play - first_audio, instant server: median {:.1} ms, min {:.1}, max {:.1} ({RUNS} runs; target <= 30 ms)",
        median(overhead.clone()),
        overhead.iter().copied().fold(f64::INFINITY, f64::min),
        overhead.iter().copied().fold(0.0, f64::max)
    );

    server.set_first_chunk_delay(Duration::from_millis(50));
    let (mut start_to_play, mut breakdown) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let m = run(&server, home, "null", &["speak", "Hello there."]);
        start_to_play.push(timing(&m, "first_play"));
        breakdown.push((
            timing(&m, "connected"),
            timing(&m, "first_audio"),
            timing(&m, "first_play"),
        ));
    }
    let mid = median(start_to_play.clone());
    println!(
        "(2) process start -> first_play, 50 ms first-chunk delay: median {mid:.1} ms, min {:.1}, max {:.1} ({RUNS} runs; target <= 100 ms)",
        start_to_play.iter().copied().fold(f64::INFINITY, f64::min),
        start_to_play.iter().copied().fold(0.0, f64::max)
    );
    let c = median(breakdown.iter().map(|b| b.0).collect());
    let a = median(breakdown.iter().map(|b| b.1).collect());
    println!("    medians: connected {c:.1} ms, first_audio {a:.1} ms, first_play {mid:.1} ms");
}

fn throughput(home: &std::path::Path) {
    let server = FakeServer::start();
    let text = "Long audio.";
    let clip = audio_for("mp3", text);
    // The fixtures are 64 kbit/s CBR: 8,000 bytes per second of audio.
    let clip_secs = (clip.len() - 288) as f64 / 8000.0;

    let scenarios = [
        (1.0, "null", vec!["speak", text]),
        (10.0, "null", vec!["speak", text]),
        (
            10.0,
            "none",
            vec!["speak", text, "-o", "long10.mp3", "--play", "never"],
        ),
        (
            60.0,
            "none",
            vec!["speak", text, "-o", "long60.mp3", "--play", "never"],
        ),
    ];
    // `BENCH_SKIP_PLAY=1` leaves out the 10-minute real-time run.
    let skip_play = std::env::var_os("BENCH_SKIP_PLAY").is_some();
    for (minutes, sink, args) in scenarios {
        if skip_play && sink == "null" {
            continue;
        }
        let repeat = (minutes * 60.0 / clip_secs) as usize;
        server.set_repeat(repeat);
        let m = run(&server, home, sink, &args);
        let audio_secs = repeat as f64 * clip_secs;
        println!(
            "(3) {:>4.0} min of audio, {}: wall {:.1} s, CPU {:.2} s = {:.2} % of the audio's duration, peak RSS {:.1} MB ({} MB served)",
            audio_secs / 60.0,
            if sink == "null" {
                "synthesized and played (null sink, real time)"
            } else {
                "saved, no playback"
            },
            m.wall.as_secs_f64(),
            m.cpu.as_secs_f64(),
            m.cpu.as_secs_f64() * 100.0 / audio_secs,
            m.peak_rss_kb as f64 / 1024.0,
            repeated("mp3", &clip, repeat).len() / 1_000_000
        );
    }
}

/// `stream`: sentences written to stdin 1.5 s apart (longer than their audio, so the
/// player is idle when each arrives), timed from the NDJSON events.
fn stream(home: &std::path::Path) {
    const SENTENCES: usize = 12;
    let server = FakeServer::start();
    let mut child = Command::new(BIN)
        .env_clear()
        .env("HOME", home)
        .env("MINIMAX_API_KEY", API_KEY)
        .env("MINIMAX_BASE_URL", server.url())
        .env("MINIMAX_TTS_AUDIO_SINK", "null")
        .args(["stream", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn minimax-tts");
    let mut stdin = child.stdin.take().expect("stdin");
    for i in 0..SENTENCES {
        std::io::Write::write_all(
            &mut stdin,
            format!("Sentence number {i} is here. ").as_bytes(),
        )
        .expect("write");
        std::io::Write::flush(&mut stdin).expect("flush");
        std::thread::sleep(Duration::from_millis(1500));
    }
    drop(stdin);
    let output = child.wait_with_output().expect("wait");
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|e: &serde_json::Value| e["event"] == "segment")
        .collect();
    let t = |e: &serde_json::Value, k: &str| e["timings"][k].as_f64().unwrap_or(f64::NAN);
    let to_send: Vec<f64> = events
        .iter()
        .map(|e| t(e, "sent") - t(e, "input_complete"))
        .collect();
    let to_audio: Vec<f64> = events
        .iter()
        .map(|e| t(e, "first_audio") - t(e, "sent"))
        .collect();
    let to_play: Vec<f64> = events
        .iter()
        .map(|e| t(e, "first_play") - t(e, "first_audio"))
        .collect();
    println!(
        "stream: final character read -> task_continue sent: median {:.2} ms, max {:.2} ({} segments; target <= 2 ms)",
        median(to_send.clone()),
        to_send.iter().copied().fold(0.0, f64::max),
        events.len()
    );
    println!(
        "stream: task_continue sent -> first audio byte (fake server on loopback): median {:.2} ms",
        median(to_audio)
    );
    println!(
        "stream: first audio byte -> segment's first sample played: median {:.1} ms, max {:.1} (polled every 5 ms; client share target <= 30 ms)",
        median(to_play.clone()),
        to_play.iter().copied().fold(0.0, f64::max)
    );
}

/// `--transport http` against `ws` in one run, interleaved: first sound and total time
/// for a short text (played), and total time for a three-segment text (saved only).
fn transport(home: &std::path::Path) {
    const RUNS: usize = 21;
    const LONG_RUNS: usize = 7;
    let server = FakeServer::start();
    server.set_first_chunk_delay(Duration::from_millis(50));
    let long: String = (0..700)
        .map(|i| format!("Sentence number {i} is here. "))
        .collect();
    let transports = ["ws", "http"];
    let mut first_play = [Vec::new(), Vec::new()];
    let mut done = [Vec::new(), Vec::new()];
    let mut long_done = [Vec::new(), Vec::new()];
    for run_index in 0..RUNS {
        for (t, name) in transports.iter().enumerate() {
            let m = run(
                &server,
                home,
                "null",
                &["speak", "Hello there.", "--transport", name],
            );
            first_play[t].push(timing(&m, "first_play"));
            done[t].push(timing(&m, "done"));
            if run_index < LONG_RUNS {
                let m = run(
                    &server,
                    home,
                    "null",
                    &[
                        "speak",
                        &long,
                        "-o",
                        "long.mp3",
                        "--play",
                        "never",
                        "--transport",
                        name,
                    ],
                );
                long_done[t].push(timing(&m, "done"));
            }
        }
    }
    let med = |v: &Vec<f64>| median(v.clone());
    for (t, name) in transports.iter().enumerate() {
        println!(
            "transport {name}: process start -> first sample played median {:.1} ms; done (1 s clip played) median {:.1} ms; 3 segments saved median {:.1} ms",
            med(&first_play[t]),
            med(&done[t]),
            med(&long_done[t])
        );
    }
    println!(
        "transport http/ws ratio: first sound {:.3}, short total {:.3}, 3-segment total {:.3} (first chunk 50 ms late; {RUNS} / {LONG_RUNS} runs each, interleaved)",
        med(&first_play[1]) / med(&first_play[0]),
        med(&done[1]) / med(&done[0]),
        med(&long_done[1]) / med(&long_done[0])
    );
}

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    let home = tempfile::tempdir().expect("temp dir");
    if wanted("latency") {
        latency(home.path());
    }
    if wanted("stream") {
        stream(home.path());
    }
    if wanted("transport") {
        transport(home.path());
    }
    if wanted("throughput") {
        throughput(home.path());
    }
}
