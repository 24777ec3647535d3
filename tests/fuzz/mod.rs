//! A stable-toolchain fuzzing harness for every parser of untrusted bytes: a seeded
//! mutator (bit flips, interesting integers, cuts, repeats and splices of the test
//! fixtures) feeds each target, and a panic is a failure with its input saved under
//! `target/fuzz-crashes/`. No nightly toolchain can be fetched here, so not cargo-fuzz:
//! coverage is not guided, which the seeds (real audio, real envelopes) make up for.
//!
//! CI runs a short pass of every target ([`SHORT`] inputs each). The long run is
//! `FUZZ_ITERS=200000 cargo test --test cli fuzz -- --ignored --nocapture` (and
//! `FUZZ_SEED=N` for another sequence, `FUZZ_TARGET=name` for one target); it prints
//! the executions per target.

use std::collections::{BTreeMap, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Instant;

use minimax_tts::audio::duration::DurationCounter;
use minimax_tts::audio::join::flac::FlacJoiner;
use minimax_tts::audio::join::mp3::Mp3Joiner;
use minimax_tts::sink::Framer;
use minimax_tts::spec::{Codec, StreamFormat};

/// Inputs per target in the suite's pass.
const SHORT: u64 = 1_500;

/// xorshift64*: the same sequence for the same seed, so a run can be repeated.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Integers that sit on the edges parsers get wrong.
const INTERESTING: &[u64] = &[
    0,
    1,
    0x7F,
    0x80,
    0xFF,
    0x7FFF,
    0x8000,
    0xFFFF,
    0x7FFF_FFFF,
    0x8000_0000,
    0xFFFF_FFFF,
    u64::MAX,
    u64::MAX / 2,
];

/// One mutation of `data` (`seeds` for splicing).
fn mutate(rng: &mut Rng, data: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    let len = data.len();
    match rng.below(9) {
        0 if len > 0 => {
            let at = rng.below(len);
            data[at] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let at = rng.below(len);
            data[at] = rng.next() as u8;
        }
        2 if len > 0 => {
            // An interesting integer, big- or little-endian, 1 to 8 bytes wide.
            let value = INTERESTING[rng.below(INTERESTING.len())];
            let width = [1, 2, 4, 8][rng.below(4)];
            let bytes = if rng.below(2) == 0 {
                value.to_be_bytes()[8 - width..].to_vec()
            } else {
                value.to_le_bytes()[..width].to_vec()
            };
            // Length and count fields sit at aligned offsets more often than not.
            let at = match rng.below(2) {
                0 => rng.below(len),
                _ => rng.below(len) & !(width - 1),
            };
            for (i, b) in bytes.into_iter().enumerate() {
                if let Some(slot) = data.get_mut(at + i) {
                    *slot = b;
                }
            }
        }
        3 if len > 1 => {
            let from = rng.below(len);
            let to = (from + 1 + rng.below(64)).min(len);
            data.drain(from..to);
        }
        4 if len > 0 => {
            let from = rng.below(len);
            let to = (from + 1 + rng.below(256)).min(len);
            let piece = data[from..to].to_vec();
            let at = rng.below(len);
            data.splice(at..at, piece);
        }
        5 => {
            let other = &seeds[rng.below(seeds.len())];
            if !other.is_empty() {
                let from = rng.below(other.len());
                let to = (from + 1 + rng.below(512)).min(other.len());
                let at = rng.below(len + 1);
                data.splice(at..at, other[from..to].iter().copied());
            }
        }
        6 if len > 0 => data.truncate(rng.below(len)),
        7 => {
            let at = rng.below(len + 1);
            let n = 1 + rng.below(16);
            data.splice(at..at, (0..n).map(|_| rng.next() as u8));
        }
        _ if len > 0 => {
            // A digit or a JSON/CSV/TOML structural character, for the text formats.
            let at = rng.below(len);
            let structural = b"0123456789\"{}[],:=\n\\-.eE";
            data[at] = structural[rng.below(structural.len())];
        }
        _ => data.push(rng.next() as u8),
    }
}

fn iterations(default: u64) -> u64 {
    std::env::var("FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Feeds `target` mutated seeds; a panic fails the test with the input saved.
fn fuzz(name: &str, seeds: Vec<Vec<u8>>, iters: u64, target: impl Fn(&[u8])) {
    assert!(!seeds.is_empty(), "{name}: no seeds");
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15u64);
    let mut rng = Rng(seed
        ^ name
            .bytes()
            .fold(0u64, |h, b| h.rotate_left(5) ^ u64::from(b))
        | 1);
    let started = Instant::now();
    // The seeds as they are, first.
    let mut inputs: Vec<Vec<u8>> = seeds.clone();
    let mut executions = 0u64;
    let mut i = 0u64;
    while i < iters {
        let input = match inputs.pop() {
            Some(seed) => seed,
            None => {
                let mut data = seeds[rng.below(seeds.len())].clone();
                for _ in 0..1 + rng.below(8) {
                    mutate(&mut rng, &mut data, &seeds);
                }
                i += 1;
                data
            }
        };
        executions += 1;
        if catch_unwind(AssertUnwindSafe(|| target(&input))).is_err() {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-crashes");
            let _ = std::fs::create_dir_all(&dir);
            let saved = dir.join(format!("{name}-{executions}.bin"));
            let _ = std::fs::write(&saved, &input);
            panic!(
                "fuzz {name}: a panic on input {executions} ({} bytes), saved as {}",
                input.len(),
                saved.display()
            );
        }
    }
    eprintln!(
        "fuzz {name}: {executions} executions in {:.1} s, no panic",
        started.elapsed().as_secs_f64()
    );
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A scratch file per target, rewritten for each input (the manifest reader takes paths).
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-scratch");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn sample_seeds() -> Vec<Vec<u8>> {
    vec![
        fixture("hello.mp3"),
        fixture("hello.flac"),
        fixture("hello24.flac"),
        fixture("hello.opus"),
        crate::voices::tone_wav(0.5),
        crate::voices::crafted_m4a(1000, 12_000),
        // A coarse time scale (whole seconds), as some muxers write.
        crate::voices::crafted_m4a(1, 12),
    ]
}

fn sample_headers(bytes: &[u8]) {
    let _ = minimax_tts::audio::sample::inspect(bytes);
    let _ = minimax_tts::audio::sample::wav_pcm(bytes);
}

fn mp3_frames(bytes: &[u8]) {
    let mut counter = DurationCounter::new(StreamFormat {
        codec: Codec::Mp3,
        sample_rate: 0,
        channels: 1,
    });
    // In two pieces, as a stream arrives.
    let half = bytes.len() / 2;
    counter.feed(&bytes[..half]);
    counter.feed(&bytes[half..]);
    let _ = counter.millis();
    let mut joiner = Mp3Joiner::new(Vec::new());
    let mut out = Vec::new();
    let mut sink = |b: &[u8]| {
        out.extend_from_slice(b);
        Ok(())
    };
    let _ = joiner.begin(true, &mut sink);
    for _ in 0..2 {
        let _ = joiner.start_stream(&mut sink);
        let _ = joiner.feed(bytes, &mut sink);
    }
    let _ = joiner.finish(&mut sink);
    let _ = joiner.info_frame();
}

fn flac_join(bytes: &[u8]) {
    let mut joiner = FlacJoiner::new(vec![("TITLE".into(), "x".into())]);
    let mut sink = |_: &[u8]| Ok(());
    let _ = joiner.begin(true, &mut sink);
    for _ in 0..2 {
        let _ = joiner.start_stream(&mut sink);
        let _ = joiner.feed(bytes, &mut sink);
    }
    let _ = joiner.silence(10, &mut sink);
    let _ = joiner.finish(&mut sink);
    let _ = joiner.millis();
}

fn manifest(ext: &str, bytes: &[u8]) {
    use minimax_tts::batch::manifest::{self, ManifestFormat};
    let path = scratch(&format!("manifest.{ext}"));
    std::fs::write(&path, bytes).unwrap();
    let format = if ext == "csv" {
        ManifestFormat::Csv
    } else {
        ManifestFormat::Jsonl
    };
    if let Ok(manifest) = manifest::read(&path, Some(format))
        && let Ok(rows) = manifest.rows()
    {
        for row in rows.take(10_000) {
            let _ = row;
        }
    }
}

fn script(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let _ = minimax_tts::batch::script::parse(&text, &BTreeMap::new(), 400);
}

fn config(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(file) = minimax_tts::settings::file::ConfigFile::parse(&text, Path::new("c.toml")) {
        let _ = file.layer(None);
        let _ = file.layer(Some("work"));
        let _ = file.holds_a_key();
    }
}

fn minimax_events(bytes: &[u8]) {
    use minimax_tts::engine::minimax::{sse::SseParser, wire::ServerEvent};
    // A WebSocket message: one JSON event.
    if let Ok(event) = serde_json::from_slice::<ServerEvent>(bytes) {
        let _ = event.error_code();
        let _ = event.status_msg();
        let _ = event.trace();
        let _ = event.payload(&mut VecDeque::new());
    }
    // An SSE body, cut at an arbitrary point.
    let mut parser = SseParser::default();
    let cut = bytes.len() / 3;
    let mut payloads = parser.push(&bytes[..cut]);
    payloads.extend(parser.push(&bytes[cut..]));
    let _ = parser.finish();
    for payload in payloads {
        if let Ok(event) = serde_json::from_str::<ServerEvent>(&payload) {
            let _ = event.payload(&mut VecDeque::new());
        }
    }
}

fn fish_events(bytes: &[u8]) {
    use minimax_tts::engine::fish::wire::{ServerEvent, WavHeaderStripper};
    let _ = ServerEvent::decode(bytes);
    let mut stripper = WavHeaderStripper::default();
    let cut = bytes.len() / 2;
    let _ = stripper.feed(bytes[..cut].to_vec(), 44_100);
    let _ = stripper.feed(bytes[cut..].to_vec(), 44_100);
}

fn async_tar(bytes: &[u8]) {
    let _ = minimax_tts::engine::minimax::jobs::inspect(std::io::Cursor::new(bytes));
}

fn tar_seed() -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    let entries: [(&str, &[u8]); 3] = [
        ("out/content-1.mp3", &fixture("hello.mp3")),
        (
            "out/content-1.titles",
            br#"[{"text":"Hello there.","time_begin":0,"time_end":900,"text_begin":0,"text_end":12}]"#,
        ),
        (
            "out/content-1.extra",
            br#"{"audio_length":900,"audio_sample_rate":32000,"audio_size":8064,"bitrate":64000,"word_count":2}"#,
        ),
    ];
    for (name, data) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, name, data).unwrap();
    }
    builder.into_inner().unwrap()
}

fn msgpack(value: &serde_json::Value) -> Vec<u8> {
    rmp_serde::to_vec_named(value).unwrap()
}

/// Every target: its name, seeds and function.
type Target = (&'static str, fn() -> Vec<Vec<u8>>, fn(&[u8]));

const TARGETS: &[Target] = &[
    ("sample-headers", sample_seeds, sample_headers),
    (
        "mp3-id3-xing",
        || {
            let mut tagged = b"ID3\x04\0\0\0\0\0\x10".to_vec();
            tagged.extend([0u8; 16]);
            tagged.extend(fixture("world.mp3"));
            vec![fixture("hello.mp3"), tagged]
        },
        mp3_frames,
    ),
    (
        "flac-join",
        || vec![fixture("hello.flac"), fixture("world24.flac")],
        flac_join,
    ),
    (
        "manifest-jsonl",
        || {
            vec![
                br#"{"id":"a","text":"Hello.","voice":"x","speed":1.2,"pause_after":400}
{"id":"b","text":"Bye.","chapter":"One","reference_audio":"a.wav","reference_text":"Hi."}
"#
                .to_vec(),
            ]
        },
        |b| manifest("jsonl", b),
    ),
    (
        "manifest-csv",
        || vec![b"id,text,voice,speed\na,\"Hello, there.\",x,1.2\nb,Bye.,,\n".to_vec()],
        |b| manifest("csv", b),
    ),
    (
        "script",
        || {
            vec![
                b"+++\n[speakers.NARRATOR]\nvoice = \"x\"\n+++\n# Chapter one\nNARRATOR: It was late.\n\nBOB: Hi.\n[pause 2s]\n"
                    .to_vec(),
            ]
        },
        script,
    ),
    (
        "config",
        || {
            vec![
                b"provider = \"minimax\"\nvoice = \"x\"\nspeed = 1.1\n[minimax]\nregion = \"global\"\n[profiles.work]\nformat = \"wav\"\n[speakers.BOB]\nvoice = \"y\"\n"
                    .to_vec(),
            ]
        },
        config,
    ),
    (
        "minimax-events",
        || {
            vec![
                br#"{"event":"task_continued","data":{"audio":"fff3","subtitle_file":null},"is_final":false,"trace_id":"t","base_resp":{"status_code":0,"status_msg":"success"}}"#.to_vec(),
                b"data: {\"data\":{\"audio\":\"49443304\",\"status\":1},\"base_resp\":{\"status_code\":0}}\n\ndata: {\"data\":{\"audio\":\"\",\"status\":2},\"extra_info\":{\"audio_length\":900}}\n\n".to_vec(),
                br#"{"base_resp":{"status_code":1002,"status_msg":"rate limit"}}"#.to_vec(),
            ]
        },
        minimax_events,
    ),
    (
        "fish-events",
        || {
            let mut wav = crate::voices::tone_wav(0.1);
            wav.truncate(400);
            vec![
                msgpack(&serde_json::json!({"event": "audio", "audio": [1, 2, 3]})),
                msgpack(&serde_json::json!({"event": "finish", "reason": "error", "message": "x"})),
                wav,
            ]
        },
        fish_events,
    ),
    ("async-tar", || vec![tar_seed()], async_tar),
];

/// Every target (or only those whose name contains `FUZZ_TARGET`).
fn run_all(iters: u64) {
    let only = std::env::var("FUZZ_TARGET").unwrap_or_default();
    for (name, seeds, target) in TARGETS.iter().filter(|t| t.0.contains(&only)) {
        fuzz(name, seeds(), iters, target);
    }
}

#[test]
fn every_parser_of_untrusted_bytes_survives_a_short_fuzzing_pass() {
    run_all(SHORT);
}

#[test]
#[ignore = "the long run: FUZZ_ITERS=N cargo test --test cli fuzz -- --ignored --nocapture"]
fn every_parser_of_untrusted_bytes_survives_a_long_fuzzing_run() {
    run_all(iterations(100_000));
}
