//! Playback benchmarks against the fake server on loopback, run by hand:
//!
//! ```sh
//! cargo bench --bench playback              # everything (about 50 min; plays 11 min in real time)
//! cargo bench --bench playback -- latency   # only the latency figures (a few seconds)
//! cargo bench --bench playback -- stream    # `stream` latencies (about 20 s)
//! cargo bench --bench playback -- transport # --transport http vs ws (about 1 min)
//! cargo bench --bench playback -- provider  # Fish Audio vs MiniMax, and the Fish seed (about 30 s)
//! cargo bench --bench playback -- batch     # batch: jobs, shell loop, cache, memory (about 2 min)
//! cargo bench --bench playback -- memory    # (15) peak RSS vs manifest rows, every mode (about 12 min)
//! ```
//!
//! Every figure is a median of several runs, printed with its min–max: sections whose
//! runs are short repeat them 5 to 300 times, the rest 3 times (`REPEATS`) (the real-time
//! playback runs of (3) go at once, since they spend their time waiting for the clock).
//!
//! (1) client overhead to first sound: `first_play − first_audio`;
//! (2) process start to `first_play` with a 50 ms first-chunk server delay;
//! (3) CPU seconds and peak RSS for synthesizing and playing 10 minutes of audio (paced
//!     `null` sink), and for saving 60 minutes without playback;
//! (4) `--transport http` vs `ws`: first sound and total time, as ratios;
//! (5) `--provider fish` vs MiniMax: first sample played; Fish's first *sound* (the first
//!     sample played plus the offset of the first audible one, from a `wav:` recording);
//!     and Fish's own example (Python, websockets + ormsgpack + mpv, `fish_seed.py`)
//!     against the same fake timed the same way, when python3 with those modules and mpv
//!     are installed;
//! (6) `batch`: `--jobs 4` vs `--jobs 1` and vs a shell loop of `speak` on a paced fake; a
//!     fully cached re-run of 1,000 rows (CPU); peak RSS for 10 vs 10,000 rows and for one
//!     row of long audio.
//! (7) `fetch`: peak RSS collecting a small and a large async job (the archive streams to
//!     disk; memory stays flat in the job's size). `cargo bench --bench playback -- fetch`
//! (8) productions: joining 1,000 cached rows into one MP3 (time, peak RSS); the peak RSS
//!     of a 10-hour production against a 1-minute one; FLAC re-encoding as a multiple of
//!     real time. `cargo bench --bench playback -- join` (about 2 min, 1 GB of disk)
//! (9) finishing: loudness measurement and gain (and trim) on 10 minutes of WAV and MP3 as
//!     a multiple of real time; the review page of 1,000 rows (time, size).
//!     `cargo bench --bench playback -- finish`
//! (10) `serve`: time to the first audio byte through the server against the CLI's own
//!     (`speak -o -`, process start included); 32 concurrent clients for 60 s against a
//!     paced fake (requests, errors, the server's peak RSS); the cached path's requests
//!     per second. `cargo bench --bench playback -- serve` (about 2 min)
//! (11) start-up: the binary's size and `--version` from process start to exit, 300 runs.
//!     `cargo bench --bench playback -- startup` (a few seconds)
//! (12) re-runs: a cached re-run of 1,000 rows of 1 s and of 1,000 rows of 1 min, decided
//!     from the re-run record, and the same with the record removed (every entry and file
//!     read in full, as before the record existed). `cargo bench --bench playback --
//!     rerun` (about 3 min, 2 GB of disk)
//! (13) rate limits the tool is not told of: 60 rows, `--jobs 8`, against 30 and 10
//!     requests per 5 s, over WebSocket and HTTP: the run that learns the limit, the next
//!     run (the limit remembered) once the window is clear, one right after it, one right
//!     after that remembering nothing, and a run with the right `--rpm` instead: time against the floor the limit allows,
//!     refusals, requests per window. `cargo bench --bench playback -- ratelimit` (about
//!     25 min)
//! (14) a device without a clock (ALSA's `file` plugin on `null`): CPU and what the device
//!     was given for a 10 s clip, against the paced emulated device.
//!     `cargo bench --bench playback -- clockless` (about 1 min)

#[path = "../tests/server/mod.rs"]
mod server;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use server::fish::FishServer;
use server::{API_KEY, FakeServer, audio_for, repeated};

/// The binary measured: this build's, or another (`BENCH_BIN=path`, e.g. an older
/// release, to compare two builds on the same fakes).
fn bin() -> String {
    std::env::var("BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_minimax-tts").to_string())
}

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
    let env = [
        ("MINIMAX_API_KEY", API_KEY.to_string()),
        ("MINIMAX_BASE_URL", server.url()),
    ];
    run_with(&env, home, sink, args)
}

/// Runs the binary with `env` (the provider's key and host).
#[allow(clippy::zombie_processes)]
fn run_with(env: &[(&str, String)], home: &std::path::Path, sink: &str, args: &[&str]) -> Measured {
    let started = Instant::now();
    let child = Command::new(bin())
        .env_clear()
        .env("HOME", home)
        .envs(env.iter().map(|(k, v)| (k, v)))
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
        // The result object, or the summary that ends NDJSON output.
        json: serde_json::from_str(out.trim().lines().last().unwrap_or("")).expect("JSON result"),
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        peak_rss_kb: hwm.load(std::sync::atomic::Ordering::Relaxed),
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// How many times the sections whose runs are long repeat each measurement.
const REPEATS: usize = 3;

/// One figure over several runs.
struct Sample(Vec<f64>);

impl Sample {
    fn median(&self) -> f64 {
        median(self.0.clone())
    }

    fn min(&self) -> f64 {
        self.0.iter().copied().fold(f64::INFINITY, f64::min)
    }

    fn max(&self) -> f64 {
        self.0.iter().copied().fold(f64::NEG_INFINITY, f64::max)
    }

    /// "M (A–B)": the median, then min–max, with `digits` decimals.
    fn show(&self, digits: usize) -> String {
        let (min, max) = (self.min(), self.max());
        format!("{:.digits$} ({min:.digits$}–{max:.digits$})", self.median())
    }
}

/// Several runs of one command line.
struct Runs(Vec<Measured>);

impl Runs {
    /// `n` runs, one after another.
    fn of(n: usize, mut once: impl FnMut() -> Measured) -> Runs {
        Runs((0..n).map(|_| once()).collect())
    }

    /// `n` runs at once: for runs paced by the clock (playing in real time), which use a
    /// few percent of a core each, so they do not contend for the CPU.
    fn at_once(n: usize, once: impl Fn() -> Measured + Sync) -> Runs {
        std::thread::scope(|scope| {
            let runs: Vec<_> = (0..n).map(|_| scope.spawn(&once)).collect();
            Runs(runs.into_iter().map(|r| r.join().expect("a run")).collect())
        })
    }

    fn figure(&self, of: impl Fn(&Measured) -> f64) -> Sample {
        Sample(self.0.iter().map(of).collect())
    }

    fn cpu(&self) -> Sample {
        self.figure(|m| m.cpu.as_secs_f64())
    }

    fn wall(&self) -> Sample {
        self.figure(|m| m.wall.as_secs_f64())
    }

    fn rss_mb(&self) -> Sample {
        self.figure(|m| m.peak_rss_kb as f64 / 1024.0)
    }

    fn last(&self) -> &Measured {
        self.0.last().expect("at least one run")
    }
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
        Sample(overhead.clone()).min(),
        Sample(overhead.clone()).max()
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
        Sample(start_to_play.clone()).min(),
        Sample(start_to_play.clone()).max()
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
    // `BENCH_SKIP_PLAY=1` leaves out the real-time runs.
    let skip_play = std::env::var_os("BENCH_SKIP_PLAY").is_some();
    for (minutes, sink, args) in scenarios {
        if skip_play && sink == "null" {
            continue;
        }
        let repeat = (minutes * 60.0 / clip_secs) as usize;
        server.set_repeat(repeat);
        let once = || run(&server, home, sink, &args);
        // Played runs take the audio's length: theirs go at once.
        let runs = if sink == "null" {
            Runs::at_once(REPEATS, once)
        } else {
            Runs::of(REPEATS, once)
        };
        let audio_secs = repeat as f64 * clip_secs;
        let percent = runs.figure(|m| m.cpu.as_secs_f64() * 100.0 / audio_secs);
        println!(
            "(3) {:>4.0} min of audio, {} ({REPEATS} runs{}, medians (min–max)): wall {} s, CPU {} s = {} % of the audio's duration, peak RSS {} MB ({} MB served)",
            audio_secs / 60.0,
            if sink == "null" {
                "synthesized and played (null sink, real time)"
            } else {
                "saved, no playback"
            },
            if sink == "null" { " at once" } else { "" },
            runs.wall().show(1),
            runs.cpu().show(2),
            percent.show(2),
            runs.rss_mb().show(1),
            repeated("mp3", &clip, repeat).len() / 1_000_000
        );
    }
}

/// `stream`: sentences written to stdin 1.5 s apart (longer than their audio, so the
/// player is idle when each arrives), timed from the NDJSON events.
fn stream(home: &std::path::Path) {
    const SENTENCES: usize = 12;
    let server = FakeServer::start();
    let mut child = Command::new(bin())
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
        "stream: final character read -> task_continue sent: median (min–max) {} ms ({} segments; target <= 2 ms)",
        Sample(to_send).show(2),
        events.len()
    );
    println!(
        "stream: task_continue sent -> first audio byte (fake server on loopback): median (min–max) {} ms",
        Sample(to_audio).show(2)
    );
    println!(
        "stream: first audio byte -> segment's first sample played: median (min–max) {} ms (polled every 5 ms; client share target <= 30 ms)",
        Sample(to_play).show(1)
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
            "transport {name}, medians (min–max): process start -> first sample played {} ms; done (1 s clip played) {} ms; 3 segments saved {} ms",
            Sample(first_play[t].clone()).show(1),
            Sample(done[t].clone()).show(1),
            Sample(long_done[t].clone()).show(1)
        );
    }
    println!(
        "transport http/ws ratio: first sound {:.3}, short total {:.3}, 3-segment total {:.3} (first chunk 50 ms late; {RUNS} / {LONG_RUNS} runs each, interleaved)",
        med(&first_play[1]) / med(&first_play[0]),
        med(&done[1]) / med(&done[0]),
        med(&long_done[1]) / med(&long_done[0])
    );
}

/// Time to first sound for `speak --provider fish` next to MiniMax, each fake waiting
/// 50 ms before its first chunk (interleaved runs); then Fish's own Python example.
fn provider(home: &std::path::Path) {
    const RUNS: usize = 21;
    let minimax = FakeServer::start();
    minimax.set_first_chunk_delay(Duration::from_millis(50));
    let fish = FishServer::start();
    fish.set_first_chunk_delay(Duration::from_millis(50));
    let fish_env = [
        ("MINIMAX_TTS_PROVIDER", "fish".to_string()),
        ("FISH_API_KEY", API_KEY.to_string()),
        ("FISH_BASE_URL", fish.url()),
    ];
    let (mut m_play, mut f_play, mut f_audio) = (Vec::new(), Vec::new(), Vec::new());
    let mut f_sound = Vec::new();
    let recording = home.join("provider-first-sound.wav");
    let wav_sink = format!("wav:{}", recording.display());
    for _ in 0..RUNS {
        let m = run(&minimax, home, "null", &["speak", "Hello there."]);
        m_play.push(timing(&m, "first_play"));
        let f = run_with(&fish_env, home, "null", &["speak", "Hello there."]);
        f_play.push(timing(&f, "first_play"));
        f_audio.push(timing(&f, "first_audio"));
        // First *sound*: the first sample played plus how far into the played stream
        // the first audible sample is (what a listener hears first), as for the seed.
        let f = run_with(&fish_env, home, &wav_sink, &["speak", "Hello there."]);
        let wav = std::fs::read(&recording).expect("recording");
        let offset = first_loud_ms(&wav).expect("the recording is silent");
        f_sound.push(timing(&f, "first_play") + offset);
    }
    let (m, f) = (median(m_play.clone()), median(f_play.clone()));
    println!(
        "(5) process start -> first sample played, 50 ms synthesis delay, medians (min–max): minimax {} ms, fish {} ms (fish first audio byte {} ms); fish/minimax {:.3} ({RUNS} runs each, interleaved)",
        Sample(m_play).show(1),
        Sample(f_play).show(1),
        Sample(f_audio).show(1),
        f / m
    );
    let sound = stats(&f_sound);
    println!("    fish: process start -> first sound (first audible sample played) {sound}");
    seed(home, &fish, median(f_sound));
}

/// "median M ms (N runs, min A, max B)".
fn stats(v: &[f64]) -> String {
    let sample = Sample(v.to_vec());
    let (min, max) = (sample.min(), sample.max());
    format!(
        "median {:.1} ms ({} runs, min {min:.1}, max {max:.1})",
        median(v.to_vec()),
        v.len()
    )
}

/// Where in a WAV stream (16-bit or float) the first audible sample is, in ms from the
/// stream's start.
fn first_loud_ms(wav: &[u8]) -> Option<f64> {
    let tag = u16::from_le_bytes(wav.get(20..22)?.try_into().ok()?);
    let channels = usize::from(u16::from_le_bytes(wav.get(22..24)?.try_into().ok()?));
    let rate = u32::from_le_bytes(wav.get(24..28)?.try_into().ok()?);
    let bits = u16::from_le_bytes(wav.get(34..36)?.try_into().ok()?);
    let data = wav.windows(4).position(|w| w == b"data")? + 8;
    let body = wav.get(data..)?;
    let width = usize::from(bits / 8);
    let loud = body.chunks_exact(width).position(|b| match (tag, bits) {
        (1, 16) => f32::from(i16::from_le_bytes([b[0], b[1]])).abs() / 32768.0 > 0.01,
        (3, 32) => f32::from_le_bytes([b[0], b[1], b[2], b[3]]).abs() > 0.01,
        (0xFFFE, 32) => f32::from_le_bytes([b[0], b[1], b[2], b[3]]).abs() > 0.01,
        (0xFFFE, 16) => f32::from(i16::from_le_bytes([b[0], b[1]])).abs() / 32768.0 > 0.01,
        _ => false,
    })?;
    Some((loud / channels.max(1)) as f64 * 1000.0 / f64::from(rate))
}

/// Fish's example client against the same fake: from its start to the first sample mpv
/// writes out (mpv's `--ao=pcm` into a FIFO: a WAV header, then samples).
fn seed(home: &std::path::Path, fish: &FishServer, ours_ms: f64) {
    const RUNS: usize = 11;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/fish_seed.py");
    let usable = Command::new("python3")
        .args(["-c", "import websockets, ormsgpack"])
        .status()
        .is_ok_and(|s| s.success())
        && Command::new("mpv")
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .is_ok();
    if !usable {
        println!("    seed (python3 + websockets + ormsgpack + mpv): not installed, skipped");
        return;
    }
    let ws_url = fish.url().replace("http://", "ws://") + "/v1/tts/live";
    let mut firsts = Vec::new();
    let mut sounds = Vec::new();
    for i in 0..RUNS {
        let fifo = home.join(format!("seed-{i}.pcm"));
        let c_path = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).expect("path");
        // SAFETY: mkfifo with a valid C string.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0, "mkfifo");
        let started = Instant::now();
        let mut child = Command::new("python3")
            .args([script, &ws_url, API_KEY, &fifo.to_string_lossy()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3");
        let mut pipe = std::fs::File::open(&fifo).expect("open fifo");
        let mut output = Vec::new();
        let mut first = None;
        let mut buf = [0u8; 4096];
        loop {
            let n = std::io::Read::read(&mut pipe, &mut buf).expect("read fifo");
            if n == 0 {
                break;
            }
            output.extend_from_slice(&buf[..n]);
            if first.is_none() && output.len() > 44 {
                first = Some(started.elapsed());
            }
        }
        assert!(
            child.wait().expect("wait").success(),
            "the seed client failed"
        );
        let first = first.expect("mpv wrote no samples").as_secs_f64() * 1000.0;
        // mpv's `pcm` output has no clock: a device would play the first audible sample
        // this long after the first one, as for minimax-tts above.
        let offset = first_loud_ms(&output).expect("mpv wrote only silence");
        firsts.push(first);
        sounds.push(first + offset);
    }
    println!(
        "    seed (python3 websockets + ormsgpack -> mpv): start -> first sample out {}; first sound {}; minimax-tts/seed first sound {:.3}",
        stats(&firsts),
        stats(&sounds),
        ours_ms / median(sounds.clone())
    );
}

/// Writes a JSONL manifest of `rows` short lines; returns its path.
fn manifest(home: &std::path::Path, name: &str, rows: usize) -> std::path::PathBuf {
    let path = home.join(name);
    let lines: String = (0..rows)
        .map(|i| format!("{{\"id\":\"row-{i}\",\"text\":\"This is line number {i}.\"}}\n"))
        .collect();
    std::fs::write(&path, lines).expect("manifest");
    path
}

fn batch(home: &std::path::Path) {
    let server = FakeServer::start();
    // Paced: each chunk 15 ms apart, about 9 chunks a row (a row takes ~150 ms).
    server.set_chunk_delay(Duration::from_millis(15));
    let rows = 16;
    let lines = manifest(home, "paced.jsonl", rows);
    let lines = lines.to_string_lossy().to_string();
    // Interleaved runs of --jobs 1 and --jobs 4, then of the shell loop: medians.
    const RUNS: usize = 5;
    let mut walls: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for run_index in 0..RUNS {
        for (slot, jobs) in ["1", "4"].into_iter().enumerate() {
            let out = home.join(format!("paced-{jobs}-{run_index}"));
            let m = run(
                &server,
                home,
                "null",
                &[
                    "batch",
                    &lines,
                    "--no-cache",
                    "--jobs",
                    jobs,
                    "--out-dir",
                    &out.to_string_lossy(),
                ],
            );
            walls[slot].push(m.wall.as_secs_f64() * 1000.0);
            let _ = std::fs::remove_dir_all(out);
        }
    }
    for (slot, jobs) in ["1", "4"].into_iter().enumerate() {
        println!(
            "(6) batch {rows} rows, paced fake, --jobs {jobs}: wall {}",
            stats(&walls[slot])
        );
    }
    let (one, four) = (median(walls[0].clone()), median(walls[1].clone()));
    println!(
        "    --jobs 4 speed-up over --jobs 1 (medians): {:.2}x",
        one / four
    );
    let shell = format!(
        "for i in $(seq 0 {}); do {} speak \"This is line number $i.\" -o loop-$i.mp3 --play never || exit 1; done",
        rows - 1,
        bin()
    );
    let mut shell_walls = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let status = Command::new("sh")
            .args(["-c", &shell])
            .env_clear()
            .env("HOME", home)
            .env("MINIMAX_API_KEY", API_KEY)
            .env("MINIMAX_BASE_URL", server.url())
            .current_dir(home)
            .stderr(Stdio::null())
            .status()
            .expect("sh");
        assert!(status.success(), "shell loop failed");
        shell_walls.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let shell_wall = median(shell_walls.clone());
    println!(
        "    shell loop of speak over the same {rows} rows: wall {}; batch --jobs 4 is {:.2}x faster, --jobs 1 {:.2}x (medians)",
        stats(&shell_walls),
        shell_wall / four,
        shell_wall / one
    );

    // A fully cached re-run of 1,000 rows.
    let fast = FakeServer::start();
    let thousand = manifest(home, "thousand.jsonl", 1000);
    let thousand = thousand.to_string_lossy().to_string();
    let cache = home.join("bench-cache");
    let cache = cache.to_string_lossy().to_string();
    let out = home.join("thousand");
    let out = out.to_string_lossy().to_string();
    let cached_args = ["batch", &thousand, "--cache-dir", &cache, "--out-dir", &out];
    let first = run(&fast, home, "null", &cached_args);
    let again = Runs::of(5, || {
        let m = run(&fast, home, "null", &cached_args);
        assert_eq!(m.json["cached"], 1000, "{}", m.json);
        m
    });
    println!(
        "    1,000 rows: first run {:.2} s wall; fully cached re-run (5 runs, medians (min–max)) {} s CPU, {} s wall, peak RSS {} MB",
        first.wall.as_secs_f64(),
        again.cpu().show(3),
        again.wall().show(3),
        again.rss_mb().show(1)
    );

    // Memory against rows (synthesized, no cache) and against audio length.
    for rows in [10, 10_000] {
        let lines = manifest(home, &format!("mem-{rows}.jsonl"), rows);
        let out = home.join(format!("mem-{rows}"));
        let runs = synthesized_runs(&fast, home, &lines, &out);
        println!(
            "    {rows} rows synthesized ({REPEATS} runs, medians (min–max)): peak RSS {} MB, {} s CPU, {} s wall",
            runs.rss_mb().show(1),
            runs.cpu().show(2),
            runs.wall().show(1)
        );
    }
    let long = FakeServer::start();
    // One row of about 10 minutes of audio.
    long.set_repeat(550);
    let one = manifest(home, "long.jsonl", 1);
    let out = home.join("long");
    let runs = synthesized_runs(&long, home, &one, &out);
    println!(
        "    1 row of {:.1} MB of audio ({REPEATS} runs): peak RSS {} MB",
        runs.last().json["bytes"].as_f64().unwrap_or(0.0) / 1e6,
        runs.rss_mb().show(1)
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
    if wanted("provider") {
        provider(home.path());
    }
    if wanted("batch") {
        batch(home.path());
    }
    if wanted("throughput") {
        throughput(home.path());
    }
    if wanted("fetch") {
        fetch(home.path());
    }
    if wanted("join") {
        join(home.path());
    }
    if wanted("script") {
        script(home.path());
    }
    if wanted("finish") {
        finish(home.path());
    }
    if wanted("serve") {
        serve(home.path());
    }
    if wanted("startup") {
        startup(home.path());
    }
    if wanted("rerun") {
        rerun(home.path());
    }
    if wanted("ratelimit") {
        ratelimit(home.path());
    }
    if wanted("clockless") {
        clockless(home.path());
    }
    if wanted("memory") {
        memory(home.path());
    }
}

/// `REPEATS` runs of `args`, each writing the file `out` anew (removed before each).
fn runs_into(
    server: &FakeServer,
    home: &std::path::Path,
    out: &std::path::Path,
    args: &[&str],
) -> Runs {
    Runs::of(REPEATS, || {
        let _ = std::fs::remove_file(out);
        run(server, home, "null", args)
    })
}

/// `REPEATS` runs of a batch of `lines` without a cache into `out` (removed after each).
fn synthesized_runs(
    server: &FakeServer,
    home: &std::path::Path,
    lines: &std::path::Path,
    out: &std::path::Path,
) -> Runs {
    Runs::of(REPEATS, || {
        let m = run(
            server,
            home,
            "null",
            &[
                "batch",
                &lines.to_string_lossy(),
                "--no-cache",
                "--out-dir",
                &out.to_string_lossy(),
            ],
        );
        let _ = std::fs::remove_dir_all(out);
        m
    })
}

/// (15) Peak RSS against the manifest's rows, in each batch mode: a dry run (its JSON
/// streamed), a first run that synthesizes every row into the cache (and writes the re-run
/// record), the re-run decided from that record, and a run without a cache.
fn memory(home: &std::path::Path) {
    let server = FakeServer::start();
    for rows in [1_000, 100_000] {
        let lines = manifest(home, &format!("rows-{rows}.jsonl"), rows);
        let lines = lines.to_string_lossy().to_string();
        let cache = home.join(format!("rows-{rows}-cache"));
        let cache = cache.to_string_lossy().to_string();
        let out = home.join(format!("rows-{rows}-out"));
        let out = out.to_string_lossy().to_string();
        // `REPEATS` runs of `args`, the directories `fresh` removed before each; each
        // run must have counted every row as `counted`.
        let runs = |args: &[&str], counted: &str, fresh: &[&str]| {
            Runs::of(REPEATS, || {
                for dir in fresh {
                    let _ = std::fs::remove_dir_all(dir);
                }
                let m = run(&server, home, "null", args);
                assert_eq!(m.json[counted], rows, "{}", m.json);
                m
            })
        };
        let dry = runs(&["batch", &lines, "--dry-run", "--no-cache"], "rows", &[]);
        let into_cache = [
            "batch",
            &lines,
            "--cache-dir",
            &cache,
            "--out-dir",
            &out,
            "--jobs",
            "4",
        ];
        let first = runs(&into_cache, "synthesized", &[&out, &cache]);
        let from_record = ["batch", &lines, "--cache-dir", &cache, "--out-dir", &out];
        let again = runs(&from_record, "cached", &[]);
        let no_cache = [
            "batch",
            &lines,
            "--no-cache",
            "--out-dir",
            &out,
            "--jobs",
            "4",
        ];
        let bare = runs(&no_cache, "synthesized", &[&out]);
        println!(
            "(15) {rows} rows, peak RSS ({REPEATS} runs each, medians (min–max)): --dry-run --json {} MB ({} s CPU); first run into the cache {} MB ({} s wall); re-run from the record {} MB ({} s CPU); --no-cache {} MB",
            dry.rss_mb().show(1),
            dry.cpu().show(2),
            first.rss_mb().show(1),
            first.wall().show(1),
            again.rss_mb().show(1),
            again.cpu().show(2),
            bare.rss_mb().show(1)
        );
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_dir_all(&cache);
    }
}

/// (14) Playing a 10 s clip that arrives at real time on a device without a clock (ALSA's
/// `file` plugin on `null`, through `plug`): CPU and what the device was given, against
/// the emulated real-time device (`null`: the same decoding and mixing, paced).
fn clockless(home: &std::path::Path) {
    let server = FakeServer::start();
    // The recording 16 times (~10 s), in 1000-byte chunks (125 ms of audio) sent 100 ms
    // apart: faster than real time, as the service sends.
    server.set_repeat(16);
    server.set_chunk_sizes(&[1000]);
    server.set_chunk_delay(Duration::from_millis(100));
    let captured = home.join("clockless.wav");
    let asoundrc = home.join(".asoundrc");
    std::fs::write(
        &asoundrc,
        format!(
            "pcm.!default {{\n    type plug\n    slave {{ pcm \"capture\"\n format S16_LE }}\n}}\n\
             pcm.capture {{\n    type file\n    slave.pcm \"null\"\n    file \"{}\"\n    format \"wav\"\n}}\n",
            captured.display()
        ),
    )
    .expect(".asoundrc");
    let args = [
        "speak",
        "Hello there.",
        "-o",
        "clockless.mp3",
        "--play",
        "always",
    ];
    let mut cpu = Vec::new();
    let mut wall = Vec::new();
    let mut given = Vec::new();
    for _ in 0..3 {
        let m = run(&server, home, "device", &args);
        cpu.push(m.cpu.as_secs_f64());
        wall.push(m.wall.as_secs_f64());
        given.push(std::fs::metadata(&captured).map(|m| m.len()).unwrap_or(0) as f64 / 1e6);
    }
    let _ = std::fs::remove_file(&asoundrc);
    let mut reference = Vec::new();
    for _ in 0..3 {
        reference.push(run(&server, home, "null", &args).cpu.as_secs_f64());
    }
    println!(
        "(14) clockless device (ALSA file plugin on null), the fixture 16 times (15.6 s by ffprobe), runs of up to {:.1} s: {:.3} s CPU (median of 3, {:.3}–{:.3}), {:.2} s wall, device given {:.2} MB of S16 48 kHz stereo ({:.1} s); the paced emulated device: {:.3} s CPU ({:.2}x)",
        Sample(wall.clone()).max(),
        median(cpu.clone()),
        Sample(cpu.clone()).min(),
        Sample(cpu.clone()).max(),
        median(wall),
        median(given.clone()),
        median(given) * 1e6 / 192_000.0,
        median(reference.clone()),
        median(cpu) / median(reference)
    );
}

/// (13) Batches against a request limit the tool is not told of: time against the floor
/// the limit allows, the refusals, and the requests the fake took per window.
fn ratelimit(home: &std::path::Path) {
    let rows = 60;
    let jobs = 8;
    let lines = manifest(home, "limited.jsonl", rows);
    let lines = lines.to_string_lossy().to_string();
    let state = home.join("limits-state");
    for transport in ["ws", "http"] {
        // Unlimited first: what the rows take when nothing holds them back.
        let free = {
            let server = FakeServer::start();
            run_limited(&server, home, &state, &lines, transport, jobs, None)
                .wall
                .as_secs_f64()
        };
        for (limit, window) in [(30usize, 5u64), (10, 5)] {
            let window = Duration::from_secs(window);
            // The fewest requests any client sends: one per row, and a session start per
            // worker on WebSocket. The last of them can go after this many full windows.
            let needed = rows + if transport == "ws" { jobs } else { 0 };
            let windows = needed.div_ceil(limit) - 1;
            let floor = windows as f64 * window.as_secs_f64() + free;
            let config = format!(
                "{rows} rows, --jobs {jobs}, --transport {transport}, limit {limit} per {} s",
                window.as_secs()
            );
            // Without --rpm: the first run learns the limit (nothing remembered), the
            // second starts from what it saved once the service's window is clear, the
            // third right after the second (the window still holds its requests), and a
            // fourth right after the third with nothing remembered (as after another
            // client's requests on the key).
            let mut kinds: [Vec<Limited>; 4] = Default::default();
            let forgetful = home.join("limits-state-empty");
            for _ in 0..REPEATS {
                let _ = std::fs::remove_dir_all(&state);
                let server = FakeServer::start();
                server.set_rate_limit(limit, window);
                let mut from = 0;
                for (kind, runs) in kinds.iter_mut().enumerate() {
                    if kind == 1 {
                        std::thread::sleep(window);
                    }
                    let _ = std::fs::remove_dir_all(&forgetful);
                    let remembering = if kind == 3 { &forgetful } else { &state };
                    let m = run_limited(&server, home, remembering, &lines, transport, jobs, None);
                    assert_eq!(m.json["synthesized"], rows as u64, "rows failed");
                    let log = server.rate_log();
                    runs.push(Limited::of(m.wall, &log[from..], window));
                    from = log.len();
                }
            }
            for (kind, runs) in [
                "learning it",
                "remembered, window clear",
                "remembered, right after",
                "right after, nothing remembered",
            ]
            .iter()
            .zip(&kinds)
            {
                println!(
                    "(13) {config} ({kind}; {REPEATS} runs, medians (min–max)): {}",
                    Limited::show(runs, floor, kind.contains("right after"))
                );
            }
            // With the right --rpm given by hand (nothing learned, nothing remembered).
            let rpm = limit as u64 * 60 / window.as_secs();
            let mut runs = Vec::new();
            for _ in 0..REPEATS {
                let _ = std::fs::remove_dir_all(&state);
                let server = FakeServer::start();
                server.set_rate_limit(limit, window);
                let m = run_limited(&server, home, &state, &lines, transport, jobs, Some(rpm));
                assert_eq!(m.json["synthesized"], rows as u64, "rows failed");
                runs.push(Limited::of(m.wall, &server.rate_log(), window));
            }
            println!(
                "(13) {config}, --rpm {rpm} ({REPEATS} runs, medians (min–max)): {}",
                Limited::show(&runs, floor, false)
            );
        }
    }
}

/// One rate-limited run: its time, and what the fake took.
struct Limited {
    wall: f64,
    refused: f64,
    requests: f64,
    windows: String,
}

impl Limited {
    fn of(wall: Duration, log: &[(Duration, bool)], window: Duration) -> Limited {
        Limited {
            wall: wall.as_secs_f64(),
            refused: log.iter().filter(|(_, ok)| !ok).count() as f64,
            requests: log.len() as f64,
            windows: per_window(log, window),
        }
    }

    /// Medians with their ranges; against the floor unless the runs began with the
    /// window holding earlier requests (the floor does not apply then).
    fn show(runs: &[Limited], floor: f64, no_floor: bool) -> String {
        let walls = Sample(runs.iter().map(|r| r.wall).collect());
        let against = if no_floor {
            String::new()
        } else {
            let ratios = Sample(runs.iter().map(|r| r.wall / floor).collect());
            format!(", floor {floor:.2} s ({}x)", ratios.show(2))
        };
        format!(
            "{} s wall{against}, {} refused of {} requests; per window admitted+refused, each run: {}",
            walls.show(2),
            Sample(runs.iter().map(|r| r.refused).collect()).show(0),
            Sample(runs.iter().map(|r| r.requests).collect()).show(0),
            runs.iter()
                .map(|r| r.windows.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        )
    }
}

/// The requests the fake took in each window of its log from its first request,
/// "admitted+refused" each.
fn per_window(log: &[(Duration, bool)], window: Duration) -> String {
    let Some(&(origin, _)) = log.first() else {
        return String::new();
    };
    let windows: Vec<String> = (0u32..)
        .map(|w| {
            let from = origin + window * w;
            let to = from + window;
            log.iter().filter(|(t, _)| *t >= from && *t < to).fold(
                (0, 0),
                |(ok, no), (_, admitted)| {
                    if *admitted {
                        (ok + 1, no)
                    } else {
                        (ok, no + 1)
                    }
                },
            )
        })
        .take_while(|&(ok, no)| ok + no > 0)
        .map(|(ok, no)| format!("{ok}+{no}"))
        .collect();
    windows.join(" ")
}

/// One rate-limited batch of `lines` (its files removed afterwards), remembering limits
/// in `state`.
fn run_limited(
    server: &FakeServer,
    home: &std::path::Path,
    state: &std::path::Path,
    lines: &str,
    transport: &str,
    jobs: usize,
    rpm: Option<u64>,
) -> Measured {
    let out = home.join("limited");
    let out_dir = out.to_string_lossy().to_string();
    let jobs = jobs.to_string();
    let rpm = rpm.map(|r| r.to_string());
    let mut args = vec![
        "batch",
        lines,
        "--no-cache",
        "--out-dir",
        &out_dir,
        "--transport",
        transport,
        "--jobs",
        &jobs,
    ];
    if let Some(rpm) = &rpm {
        args.extend(["--rpm", rpm]);
    }
    let env = [
        ("MINIMAX_API_KEY", API_KEY.to_string()),
        ("MINIMAX_BASE_URL", server.url()),
        ("MINIMAX_TTS_STATE_DIR", state.to_string_lossy().to_string()),
    ];
    let m = run_with(&env, home, "null", &args);
    let _ = std::fs::remove_dir_all(&out);
    m
}

/// (12) What an unchanged re-run costs, by the rows' length.
fn rerun(home: &std::path::Path) {
    let server = FakeServer::start();
    let rows = 1000;
    let lines = manifest(home, "rerun.jsonl", rows);
    let lines = lines.to_string_lossy().to_string();
    for (label, repeat) in [("1 s", 1usize), ("1 min", 60)] {
        server.set_repeat(repeat);
        let out = home.join(format!("rerun-{repeat}"));
        let out = out.to_string_lossy().to_string();
        let cache = home.join(format!("rerun-cache-{repeat}"));
        let cache = cache.to_string_lossy().to_string();
        let args = [
            "batch",
            &lines,
            "--out-dir",
            &out,
            "--cache-dir",
            &cache,
            "--jobs",
            "8",
        ];
        let first = run(&server, home, "null", &args);
        let bytes = first.json["bytes"].as_u64().unwrap_or(0);
        let mut cpu = Vec::new();
        let mut wall = Vec::new();
        for _ in 0..5 {
            let m = run(&server, home, "null", &args);
            assert_eq!(m.json["cached"], rows as u64, "not all cached");
            cpu.push(m.cpu.as_secs_f64());
            wall.push(m.wall.as_secs_f64());
        }
        let mut full_cpu = Vec::new();
        for _ in 0..3 {
            // Without the record (in the user's state directory, never in the cache):
            // every entry verified and every file compared.
            let _ = std::fs::remove_dir_all(home.join(".local/state/minimax-tts/runs"));
            let m = run(&server, home, "null", &args);
            full_cpu.push(m.cpu.as_secs_f64());
        }
        let range = |v: &[f64]| {
            let sample = Sample(v.to_vec());
            (sample.min(), sample.max())
        };
        let (cpu_min, cpu_max) = range(&cpu);
        let (full_min, full_max) = range(&full_cpu);
        println!(
            "(12) re-run of {rows} cached rows of {label} ({:.0} MB): {:.3} s CPU (median of 5, {cpu_min:.3}–{cpu_max:.3}), {:.3} s wall; with the record removed (full check): {:.3} s CPU ({full_min:.3}–{full_max:.3})",
            bytes as f64 / 1e6,
            median(cpu),
            median(wall),
            median(full_cpu)
        );
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_dir_all(&cache);
    }
}

/// (11) Size on disk and the cold start of `--version`.
fn startup(home: &std::path::Path) {
    let bin = bin();
    let size = std::fs::metadata(&bin).map_or(0, |m| m.len());
    let mut walls = Vec::new();
    for _ in 0..300 {
        let started = Instant::now();
        let status = Command::new(&bin)
            .arg("--version")
            .env_clear()
            .env("HOME", home)
            .stdout(Stdio::null())
            .status()
            .expect("run --version");
        walls.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(status.success());
    }
    let min = Sample(walls.clone()).min();
    let max = Sample(walls.clone()).max();
    println!(
        "(11) binary {:.1} MB; --version from spawn to exit: median {:.2} ms (300 runs, min {min:.2}, max {max:.2})",
        size as f64 / 1e6,
        median(walls)
    );
}

/// A running `minimax-tts serve` for the benchmark.
struct Server {
    child: std::process::Child,
    addr: String,
}

impl Server {
    fn start(home: &std::path::Path, fake: &FakeServer, args: &[&str]) -> Server {
        let mut child = Command::new(bin())
            .env_clear()
            .env("HOME", home)
            .env("MINIMAX_API_KEY", API_KEY)
            .env("MINIMAX_BASE_URL", fake.url())
            .args(["-q", "serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .current_dir(home)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn serve");
        let mut line = String::new();
        let mut err = std::io::BufReader::new(child.stderr.take().expect("stderr"));
        std::io::BufRead::read_line(&mut err, &mut line).expect("listening line");
        let addr = line
            .trim()
            .trim_start_matches("listening on http://")
            .to_string();
        std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
        Server { child, addr }
    }

    fn peak_rss_mb(&self) -> f64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            })
            .map_or(f64::NAN, |kb| kb / 1024.0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One `POST /v1/audio/speech` over a fresh connection: (status, body bytes, time to the
/// first body byte, total time).
fn speech_request(addr: &str, text: &str) -> (u16, usize, Duration, Duration) {
    use std::io::{Read, Write};
    let body = serde_json::json!({"model": "tts-1", "voice": "alloy", "input": text}).to_string();
    let started = Instant::now();
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    let _ = stream.set_nodelay(true);
    write!(
        stream,
        "POST /v1/audio/speech HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut all = Vec::new();
    let mut chunk = [0u8; 16384];
    let mut first = None;
    let mut head_end = None;
    loop {
        let n = stream.read(&mut chunk).unwrap_or(0);
        if n == 0 {
            break;
        }
        all.extend_from_slice(&chunk[..n]);
        if head_end.is_none() {
            head_end = all.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4);
        }
        // The first chunk of the body: past the head and a chunk-size line.
        if first.is_none() && head_end.is_some_and(|h| all.len() > h + 8) {
            first = Some(started.elapsed());
        }
    }
    let status = std::str::from_utf8(all.get(9..12).unwrap_or(b"000"))
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = head_end.map_or(0, |h| all.len() - h);
    (status, body, first.unwrap_or_default(), started.elapsed())
}

/// (10) The OpenAI-compatible server: first byte, load, cache.
fn serve(home: &std::path::Path) {
    // First byte: the server against the CLI writing to a pipe, same fake, same text.
    let fake = FakeServer::start();
    let server = Server::start(home, &fake, &["--no-cache"]);
    let mut served = Vec::new();
    let mut cli = Vec::new();
    for i in 0..15 {
        let text = format!("First byte number {i}.");
        let (status, _, first, _) = speech_request(&server.addr, &text);
        assert_eq!(status, 200, "serve refused the bench's request");
        served.push(first.as_secs_f64() * 1000.0);
        let started = Instant::now();
        let mut child = Command::new(bin())
            .env_clear()
            .env("HOME", home)
            .env("MINIMAX_API_KEY", API_KEY)
            .env("MINIMAX_BASE_URL", fake.url())
            .args(["speak", &text, "-o", "-", "--play", "never"])
            .current_dir(home)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn speak");
        let mut byte = [0u8; 1];
        let mut out = child.stdout.take().expect("stdout");
        std::io::Read::read_exact(&mut out, &mut byte).expect("a first byte");
        cli.push(started.elapsed().as_secs_f64() * 1000.0);
        let _ = std::io::copy(&mut out, &mut std::io::sink());
        let _ = child.wait();
    }
    let (s, c) = (median(served.clone()), median(cli.clone()));
    println!(
        "(10) serve, first audio byte at the client: {s:.1} ms (median of 15, min {:.1}, max {:.1}) vs the CLI's first byte on a pipe {c:.1} ms (process start included; min {:.1}, max {:.1}): {:.2}x",
        Sample(served.clone()).min(),
        Sample(served.clone()).max(),
        Sample(cli.clone()).min(),
        Sample(cli.clone()).max(),
        s / c
    );
    drop(server);

    // Load: 32 clients, each request a new text, against a paced fake; a server each run.
    let paced = FakeServer::start();
    paced.set_chunk_delay(Duration::from_millis(15));
    let cache = home.join("serve-cache");
    let cache = cache.to_string_lossy().to_string();
    let seconds = std::env::var("SERVE_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20u64);
    let (mut rates, mut megabytes, mut errors, mut firsts, mut rss) =
        (Vec::new(), Vec::new(), 0, Vec::new(), Vec::new());
    for run_index in 0..REPEATS {
        let server = Server::start(home, &paced, &["--jobs", "32", "--cache-dir", &cache]);
        let until = Instant::now() + Duration::from_secs(seconds);
        let clients: Vec<_> = (0..32)
            .map(|client| {
                let addr = server.addr.clone();
                std::thread::spawn(move || {
                    let (mut ok, mut errors, mut bytes, mut firsts) =
                        (0u64, 0u64, 0u64, Vec::new());
                    let mut i = 0;
                    while Instant::now() < until {
                        let text = format!("Run {run_index}: client {client} says line {i}.");
                        let (status, body, first, _) = speech_request(&addr, &text);
                        i += 1;
                        if status == 200 && body > 0 {
                            ok += 1;
                            bytes += body as u64;
                            firsts.push(first.as_secs_f64() * 1000.0);
                        } else {
                            errors += 1;
                        }
                    }
                    (ok, errors, bytes, firsts)
                })
            })
            .collect();
        let (mut ok, mut bytes, mut run_firsts) = (0, 0, Vec::new());
        for client in clients {
            let (o, e, b, f) = client.join().expect("a client");
            ok += o;
            errors += e;
            bytes += b;
            run_firsts.extend(f);
        }
        rates.push(ok as f64 / seconds as f64);
        megabytes.push(bytes as f64 / 1e6);
        firsts.push(median(run_firsts));
        rss.push(server.peak_rss_mb());
    }
    println!(
        "     32 clients for {seconds} s, paced fake (15 ms a chunk; {REPEATS} runs, medians (min–max)): {} responses/s ({} MB), {errors} errors in all, first byte median {} ms; server peak RSS {} MB",
        Sample(rates).show(1),
        Sample(megabytes).show(1),
        Sample(firsts).show(1),
        Sample(rss).show(1)
    );

    // The cached path: one text, answered from the cache, 32 clients for 10 s.
    let (mut rates, mut errors, mut upstream, mut rss) = (Vec::new(), 0, 0, Vec::new());
    for _ in 0..REPEATS {
        let server = Server::start(home, &paced, &["--cache-dir", &cache]);
        let warm = speech_request(&server.addr, "One line, asked again and again.");
        assert_eq!(warm.0, 200, "warm-up failed");
        let sessions = paced.connections().len();
        let until = Instant::now() + Duration::from_secs(10);
        let clients: Vec<_> = (0..32)
            .map(|_| {
                let addr = server.addr.clone();
                std::thread::spawn(move || {
                    let (mut ok, mut errors) = (0u64, 0u64);
                    while Instant::now() < until {
                        match speech_request(&addr, "One line, asked again and again.").0 {
                            200 => ok += 1,
                            _ => errors += 1,
                        }
                    }
                    (ok, errors)
                })
            })
            .collect();
        let mut ok = 0;
        for client in clients {
            let (o, e) = client.join().expect("a client");
            ok += o;
            errors += e;
        }
        rates.push(ok as f64 / 10.0);
        upstream += paced.connections().len() - sessions;
        rss.push(server.peak_rss_mb());
    }
    println!(
        "     cached: {} requests/s over 10 s (32 clients, a new connection each; {REPEATS} runs, medians (min–max)), {errors} errors, {upstream} upstream sessions in all; server peak RSS {} MB",
        Sample(rates).show(0),
        Sample(rss).show(1)
    );
}

/// (9) Finishing and review pages.
fn finish(home: &std::path::Path) {
    // Ten minutes of audio, written plain and finished: the difference is finishing's.
    let server = FakeServer::start();
    server.set_repeat(620);
    for (ext, extra) in [
        ("wav", "--sample-rate=16000"),
        ("mp3", "--sample-rate=32000"),
    ] {
        let plain = home.join(format!("ten.{ext}"));
        let finished = home.join(format!("ten-finished.{ext}"));
        let runs = 3;
        let (mut plain_cpu, mut finished_cpu) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let m = run(
                &server,
                home,
                "null",
                &[
                    "speak",
                    "Hello there.",
                    "-o",
                    &plain.to_string_lossy(),
                    "--play",
                    "never",
                    extra,
                ],
            );
            plain_cpu.push(m.cpu.as_secs_f64());
            let m = run(
                &server,
                home,
                "null",
                &[
                    "speak",
                    "Hello there.",
                    "-o",
                    &finished.to_string_lossy(),
                    "--play",
                    "never",
                    extra,
                    "--loudness",
                    "-16",
                    "--trim",
                ],
            );
            finished_cpu.push(m.cpu.as_secs_f64());
        }
        let audio_s = 620.0 * 0.972;
        // Each finished run against the plain run just before it.
        let extra: Vec<f64> = finished_cpu
            .iter()
            .zip(&plain_cpu)
            .map(|(finished, plain)| (finished - plain).max(1e-6))
            .collect();
        let speed = Sample(extra.iter().map(|e| audio_s / e).collect());
        println!(
            "(9) --loudness -16 --trim on {:.1} min of {ext} ({runs} interleaved runs, medians (min–max)): {} s CPU more than writing it plain ({} s vs {} s): {}x real time",
            audio_s / 60.0,
            Sample(extra).show(3),
            Sample(finished_cpu).show(3),
            Sample(plain_cpu).show(3),
            speed.show(0)
        );
    }
    // The review page of 1,000 cached rows: the run's time with the page and without.
    let fast = FakeServer::start();
    let lines = manifest(home, "review-thousand.jsonl", 1000);
    let lines = lines.to_string_lossy().to_string();
    let cache = home.join("review-cache").to_string_lossy().to_string();
    let out = home.join("review-out").to_string_lossy().to_string();
    let page = home.join("review.html");
    let base = [
        "batch",
        lines.as_str(),
        "--cache-dir",
        cache.as_str(),
        "--out-dir",
        out.as_str(),
    ];
    run(&fast, home, "null", &base);
    let mut with_page: Vec<&str> = base.to_vec();
    let page_arg = page.to_string_lossy().to_string();
    with_page.extend(["--review", page_arg.as_str()]);
    // Interleaved: the cached run without the page, then with it.
    let (mut without, mut with) = (Vec::new(), Vec::new());
    for _ in 0..REPEATS {
        without.push(run(&fast, home, "null", &base));
        with.push(run(&fast, home, "null", &with_page));
    }
    let (without, with) = (Runs(without), Runs(with));
    let more = |of: fn(&Measured) -> f64| {
        Sample(
            with.0
                .iter()
                .zip(&without.0)
                .map(|(w, o)| of(w) - of(o))
                .collect(),
        )
    };
    println!(
        "    review page of 1,000 rows ({REPEATS} interleaved runs each, medians (min–max)): {} s wall more than the cached run ({} s vs {} s), {} s CPU more; page {:.0} kB",
        more(|m| m.wall.as_secs_f64()).show(2),
        with.wall().show(2),
        without.wall().show(2),
        more(|m| m.cpu.as_secs_f64()).show(2),
        std::fs::metadata(&page).map_or(0, |m| m.len()) as f64 / 1000.0
    );
}

/// (8) Productions: the join from the cache, memory against length, FLAC encoding.
fn join(home: &std::path::Path) {
    let fast = FakeServer::start();
    let cache = home.join("join-cache");
    let cache = cache.to_string_lossy().to_string();
    let thousand = manifest(home, "join-thousand.jsonl", 1000);
    let thousand = thousand.to_string_lossy().to_string();
    for ext in ["mp3", "flac"] {
        let out = home.join(format!("join-thousand.{ext}"));
        let out = out.to_string_lossy().to_string();
        let args = ["batch", &thousand, "--cache-dir", &cache, "--join", &out];
        // Synthesizing (the cache emptied before each), then from the cache.
        let first = Runs::of(REPEATS, || {
            let _ = std::fs::remove_dir_all(&cache);
            run(&fast, home, "null", &args)
        });
        let again = Runs::of(REPEATS, || {
            let m = run(&fast, home, "null", &args);
            assert_eq!(m.json["cached"], 1000, "{}", m.json);
            m
        });
        let joined = std::fs::metadata(&out).map_or(0, |m| m.len());
        let audio_ms: f64 = (0..1000)
            .map(|i| {
                let text = format!("This is line number {i}.");
                match ext {
                    "mp3" => server::audio_duration_ms("mp3", &audio_for("mp3", &text)),
                    _ => audio_for("pcm", &text).len() as f64 / 32.0,
                }
            })
            .sum();
        println!(
            "(8) 1,000 rows into one {ext} ({:.1} MB, {:.1} min; {REPEATS} runs each, medians (min–max)): first run {} s wall; from the cache {} s wall, {} s CPU, peak RSS {} MB{}",
            joined as f64 / 1e6,
            audio_ms / 60_000.0,
            first.wall().show(2),
            again.wall().show(2),
            again.cpu().show(3),
            again.rss_mb().show(1),
            if ext == "flac" {
                format!(
                    "; FLAC decoded, laid out and re-encoded at {} x real time (CPU)",
                    again
                        .figure(|m| audio_ms / 1000.0 / m.cpu.as_secs_f64())
                        .show(0)
                )
            } else {
                String::new()
            }
        );
    }
    // Peak RSS against the production's length: 1 minute vs 10 hours (60 rows of 10 min).
    for (rows, repeat, label) in [(1usize, 62usize, "1-minute"), (60, 620, "10-hour")] {
        let server = FakeServer::start();
        server.set_repeat(repeat);
        let lines = manifest(home, &format!("join-{label}.jsonl"), rows);
        let out = home.join(format!("join-{label}.mp3"));
        let runs = runs_into(
            &server,
            home,
            &out,
            &[
                "batch",
                &lines.to_string_lossy(),
                "--no-cache",
                "--join",
                &out.to_string_lossy(),
            ],
        );
        let size = std::fs::metadata(&out).map_or(0, |m| m.len());
        println!(
            "    {label} production ({rows} rows, {:.1} MB; {REPEATS} runs, medians (min–max)): {} s wall, {} s CPU, peak RSS {} MB",
            size as f64 / 1e6,
            runs.wall().show(1),
            runs.cpu().show(2),
            runs.rss_mb().show(1)
        );
        let _ = std::fs::remove_file(out);
    }
}

/// (8) A fully cached `script` of 1,000 lines against `batch --join` of the same rows:
/// the same production, one from a script, one from a manifest (interleaved).
fn script(home: &std::path::Path) {
    let fast = FakeServer::start();
    let cache = home.join("script-cache").to_string_lossy().to_string();
    let lines = manifest(home, "script-thousand.jsonl", 1000);
    let lines = lines.to_string_lossy().to_string();
    let play = home.join("script-thousand.txt");
    let text: String = (0..1000)
        .map(|i| format!("A: This is line number {i}.\n"))
        .collect();
    std::fs::write(&play, format!("+++\n[speakers.A]\n+++\n{text}")).expect("write the script");
    let play = play.to_string_lossy().to_string();
    let from_script = home
        .join("script-thousand.mp3")
        .to_string_lossy()
        .to_string();
    let from_batch = home
        .join("batch-thousand.mp3")
        .to_string_lossy()
        .to_string();
    let script_args = [
        "script",
        &play,
        "-o",
        &from_script,
        "--cache-dir",
        &cache,
        "--gap",
        "0s",
    ];
    let batch_args = [
        "batch",
        &lines,
        "--cache-dir",
        &cache,
        "--join",
        &from_batch,
    ];
    // Made once (each fills the cache for the other), then every run is from the cache.
    run(&fast, home, "null", &script_args);
    run(&fast, home, "null", &batch_args);
    let (mut scripts, mut batches) = (Vec::new(), Vec::new());
    for _ in 0..REPEATS {
        let m = run(&fast, home, "null", &script_args);
        assert_eq!(m.json["cached"], 1000, "{}", m.json);
        scripts.push(m);
        let m = run(&fast, home, "null", &batch_args);
        assert_eq!(m.json["cached"], 1000, "{}", m.json);
        batches.push(m);
    }
    let (scripts, batches) = (Runs(scripts), Runs(batches));
    let ratio = Sample(
        scripts
            .0
            .iter()
            .zip(&batches.0)
            .map(|(s, b)| s.wall.as_secs_f64() / b.wall.as_secs_f64())
            .collect(),
    );
    println!(
        "(8) fully cached, 1,000 lines into one mp3 ({REPEATS} interleaved runs each, medians (min–max)): script {} s wall, {} s CPU; batch --join {} s wall, {} s CPU; script / batch wall {}x",
        scripts.wall().show(3),
        scripts.cpu().show(3),
        batches.wall().show(3),
        batches.cpu().show(3),
        ratio.show(2)
    );
}

/// (7) Peak RSS of `async-submit --wait` (submit, poll, download, unpack) for a small and
/// a large job.
fn fetch(home: &std::path::Path) {
    for repeat in [1usize, 4000] {
        let server = FakeServer::start();
        server.with_http(|h| {
            h.polls_until_done = 0;
            h.audio_repeat = repeat;
        });
        let out = home.join(format!("book-{repeat}.mp3"));
        let runs = runs_into(
            &server,
            home,
            &out,
            &[
                "async-submit",
                "A chapter of a long book.",
                "--wait",
                "-o",
                &out.to_string_lossy(),
            ],
        );
        let size = std::fs::metadata(&out).map_or(0, |m| m.len());
        println!(
            "(7) fetch of a {:.1} MB job ({REPEATS} runs, medians (min–max)): {} s wall, {} s CPU, peak RSS {} MB",
            size as f64 / 1e6,
            runs.wall().show(2),
            runs.cpu().show(3),
            runs.rss_mb().show(1)
        );
    }
}
