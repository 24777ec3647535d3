//! Live playback, headless: `MINIMAX_TTS_AUDIO_SINK=wav:PATH` records what would have been
//! played; the recordings must hold exactly the served audio, and playback must start
//! before synthesis ends.

use std::fs;
use std::path::Path;
use std::time::Duration;

use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, TrackType};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;

use crate::server::audio_for;
use crate::support::{TestEnv, run};

/// Seconds of audio in a served stream, decoded independently of the client.
pub(crate) fn served_seconds(format: &str, bytes: &[u8]) -> f64 {
    if format == "pcm" {
        return bytes.len() as f64 / 2.0 / 16000.0;
    }
    let (samples, rate, channels) = decode_all(format, bytes);
    samples.len() as f64 / f64::from(channels.max(1)) / f64::from(rate)
}

/// Every sample of `bytes`, decoded (16-bit, interleaved).
pub(crate) fn decoded_samples(format: &str, bytes: &[u8]) -> Vec<i16> {
    decode_all(format, bytes).0
}

/// Decodes `bytes` with symphonia: the samples, the rate and the channel count.
fn decode_all(format: &str, bytes: &[u8]) -> (Vec<i16>, u32, u32) {
    let stream = MediaSourceStream::new(
        Box::new(std::io::Cursor::new(bytes.to_vec())),
        Default::default(),
    );
    let mut hint = Hint::new();
    hint.with_extension(format);
    let mut reader = symphonia::default::get_probe()
        .probe(
            &hint,
            stream,
            FormatOptions::default(),
            MetadataOptions::default(),
        )
        .unwrap();
    let track = reader.default_track(TrackType::Audio).unwrap();
    let id = track.id;
    let mut decoder = symphonia::default::get_codecs()
        .make_audio_decoder(
            track.codec_params.as_ref().unwrap().audio().unwrap(),
            &AudioDecoderOptions::default(),
        )
        .unwrap();
    let (mut all, mut rate, mut channels) = (Vec::new(), 0u32, 1u32);
    while let Ok(Some(packet)) = reader.next_packet() {
        if packet.track_id != id {
            continue;
        }
        if let Ok(buffer) = decoder.decode(&packet) {
            rate = buffer.spec().rate();
            channels = buffer.spec().channels().count() as u32;
            let mut samples = vec![0i16; buffer.samples_interleaved()];
            buffer.copy_to_slice_interleaved(&mut samples);
            all.extend(samples);
        }
    }
    (all, rate, channels)
}

pub(crate) struct Recording {
    pub seconds: f64,
    pub peak: i16,
}

/// Reads a 48 kHz stereo 16-bit recording made by the emulated device.
pub(crate) fn recording(path: &Path) -> Recording {
    let wav = fs::read(path).unwrap();
    assert_eq!(&wav[..4], b"RIFF");
    let rate = u32::from_le_bytes(wav[24..28].try_into().unwrap());
    let channels = u16::from_le_bytes(wav[22..24].try_into().unwrap());
    let data_len = u32::from_le_bytes(wav[40..44].try_into().unwrap()) as usize;
    assert_eq!(data_len, wav.len() - 44, "header length matches the data");
    let samples: Vec<i16> = wav[44..]
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    Recording {
        seconds: samples.len() as f64 / f64::from(channels) / f64::from(rate),
        peak: samples
            .iter()
            .map(|s| s.saturating_abs())
            .max()
            .unwrap_or(0),
    }
}

/// One MP3 frame at 32 kHz: the tolerance the issue allows.
const ONE_FRAME: f64 = 1152.0 / 32000.0;

fn check_recording(format: &str, args: &[&str], paced: bool) {
    let env = TestEnv::new();
    let rec = env.path("played.wav");
    let sink = format!(
        "{}:{}",
        if paced { "wav" } else { "wav-fast" },
        rec.display()
    );
    let mut all = vec!["speak"];
    all.extend_from_slice(args);
    let result = run(env
        .cmd()
        .env("MINIMAX_TTS_AUDIO_SINK", &sink)
        .args(&all)
        .arg("--json"));
    result.assert_code(0);
    let texts: Vec<String> = env
        .server
        .connections()
        .iter()
        .flat_map(|c| c.texts())
        .collect();
    let served: f64 = texts
        .iter()
        .map(|t| served_seconds(format, &audio_for(format, t)))
        .sum();
    let got = recording(&rec);
    assert!(
        (got.seconds - served).abs() <= ONE_FRAME,
        "{format}: played {:.4} s, served {:.4} s ({} segments)",
        got.seconds,
        served,
        texts.len()
    );
    assert!(got.peak > 1000, "{format}: the recording is silent");
    let json = result.json();
    assert_eq!(json["played"], true);
    assert_eq!(json["underruns"], 0);
}

fn long_text(env_path: &Path) -> String {
    // Numbered: no two segments are the same text (a repeated one is made once).
    let text: String = (0..300)
        .map(|i| format!("Here is sentence {i:03} that makes the text long enough to split. "))
        .collect();
    fs::write(env_path, &text).unwrap();
    env_path.display().to_string()
}

#[test]
fn recording_matches_served_audio_mp3() {
    check_recording("mp3", &["Hello there.", "-o", "a.mp3"], false);
}

#[test]
fn recording_matches_served_audio_pcm_and_flac() {
    check_recording(
        "pcm",
        &["Raw.", "-o", "a.pcm", "--sample-rate", "16000"],
        false,
    );
    check_recording(
        "flac",
        &["Lossless.", "-o", "a.flac", "--sample-rate", "16000"],
        false,
    );
}

#[test]
fn recording_matches_served_audio_over_several_segments() {
    let dir = tempfile::tempdir().unwrap();
    let file = long_text(&dir.path().join("long.txt"));
    check_recording("mp3", &["-f", &file, "-o", "long.mp3"], false);
    check_recording(
        "pcm",
        &["-f", &file, "-o", "long.wav", "--sample-rate", "16000"],
        false,
    );
}

#[test]
fn paced_recording_matches_too() {
    check_recording("mp3", &["Hello there."], true);
}

#[test]
fn playback_starts_before_synthesis_ends_and_the_file_is_exact() {
    let env = TestEnv::new();
    // About 10 chunks 80 ms apart: the server is slower than the decoder, faster than real time.
    env.server.set_chunk_delay(Duration::from_millis(80));
    let rec = env.path("played.wav");
    let result = run(env
        .cmd()
        .env("MINIMAX_TTS_AUDIO_SINK", format!("wav:{}", rec.display()))
        .args(["speak", "Hello there.", "-o", "out.mp3", "--json"]));
    result.assert_code(0);
    let json = result.json();
    let t = &json["timings"];
    let ms = |k: &str| {
        t[k].as_f64()
            .unwrap_or_else(|| panic!("timings.{k} missing: {t}"))
    };
    assert!(ms("connected") <= ms("first_audio"), "{t}");
    assert!(ms("first_audio") <= ms("first_play"), "{t}");
    assert!(
        ms("first_play") < ms("last_audio"),
        "playback must start before the last audio arrives: {t}"
    );
    assert!(ms("last_audio") <= ms("done"), "{t}");
    assert_eq!(
        fs::read(env.path("out.mp3")).unwrap(),
        audio_for("mp3", "Hello there.")
    );
    assert!(recording(&rec).peak > 1000);
}

#[test]
fn speak_without_output_just_plays() {
    let env = TestEnv::new();
    let result = env.run(&["speak", "Only play."]);
    result.assert_code(0).assert_stderr("played");
    assert!(fs::read_dir(env.home.path()).unwrap().all(|e| {
        let name = e.unwrap().file_name();
        !name.to_string_lossy().ends_with(".part")
    }));
}

#[test]
fn verbose_prints_timings_in_words() {
    let env = TestEnv::new();
    env.run(&["speak", "Timings.", "-v"])
        .assert_code(0)
        .assert_stderr("first sample played at")
        .assert_stderr("underruns");
}

#[test]
fn stdout_audio_is_not_played_unless_asked() {
    let env = TestEnv::new();
    let rec = env.path("played.wav");
    let sink = format!("wav-fast:{}", rec.display());
    let result = run(env
        .cmd()
        .env("MINIMAX_TTS_AUDIO_SINK", &sink)
        .args(["speak", "Pipe.", "-o", "-"]));
    result.assert_code(0);
    assert!(
        !rec.exists(),
        "auto must not play when audio goes to stdout"
    );
    assert_eq!(result.stdout, audio_for("mp3", "Pipe."));

    let result = run(env
        .cmd()
        .env("MINIMAX_TTS_AUDIO_SINK", &sink)
        .args(["speak", "Pipe.", "-o", "-", "--play", "always"]));
    result.assert_code(0);
    assert_eq!(result.stdout, audio_for("mp3", "Pipe."));
    assert!(recording(&rec).peak > 1000);
}

#[test]
fn without_a_device_auto_still_writes_the_file() {
    let env = TestEnv::new();
    let result = run(env.cmd().env("MINIMAX_TTS_AUDIO_SINK", "none").args([
        "speak",
        "No device.",
        "-o",
        "n.mp3",
    ]));
    result.assert_code(0);
    let lines: Vec<&str> = result.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        2,
        "one line about the device, one summary: {lines:?}"
    );
    assert!(
        lines[0].contains("no audio device") && lines[0].contains("without playing"),
        "{lines:?}"
    );
    assert_eq!(
        fs::read(env.path("n.mp3")).unwrap(),
        audio_for("mp3", "No device.")
    );
}

#[test]
fn without_a_device_always_writes_the_file_then_exits_5() {
    let env = TestEnv::new();
    let result = run(env.cmd().env("MINIMAX_TTS_AUDIO_SINK", "none").args([
        "speak",
        "No device.",
        "-o",
        "n.mp3",
        "--play",
        "always",
    ]));
    result
        .assert_code(5)
        .assert_stderr("cannot play")
        .assert_stderr("hint:");
    assert_eq!(
        fs::read(env.path("n.mp3")).unwrap(),
        audio_for("mp3", "No device.")
    );
}

#[test]
fn without_a_device_or_output_exits_5_before_any_request() {
    let env = TestEnv::new();
    let result = run(env
        .cmd()
        .env("MINIMAX_TTS_AUDIO_SINK", "none")
        .args(["speak", "No device."]));
    result.assert_code(5).assert_stderr("-o FILE");
    assert!(env.server.connections().is_empty());
}

#[test]
fn a_bad_sink_setting_is_a_usage_error() {
    let env = TestEnv::new();
    let result = run(env
        .cmd()
        .env("MINIMAX_TTS_AUDIO_SINK", "speakers")
        .args(["speak", "x", "-o", "x.mp3"]));
    result
        .assert_code(2)
        .assert_stderr("MINIMAX_TTS_AUDIO_SINK");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_playback_at_once() {
    use std::time::Instant;
    let env = TestEnv::new();
    env.server.set_chunk_delay(Duration::from_millis(100));
    let child = env
        .cmd()
        .env("MINIMAX_TTS_AUDIO_SINK", "null")
        .args(["speak", "Interrupt me.", "-o", "i.mp3"])
        .spawn()
        .unwrap();
    crate::support::wait_for_partial_output(env.home.path(), "i.mp3");
    let sent = Instant::now();
    crate::support::send_signal(child.id(), libc::SIGINT);
    let output = child.wait_with_output().unwrap();
    crate::support::assert_killed_by(output.status, libc::SIGINT, &output.stderr);
    assert!(
        sent.elapsed() < Duration::from_secs(5),
        "took {:?} to stop",
        sent.elapsed()
    );
    assert!(!env.path("i.mp3").exists());
    crate::support::assert_no_temp_files(env.home.path());
}

/// The real device path (cpal → ALSA), through ALSA's `file` plugin configured in a temp
/// `~/.asoundrc`: what the device receives is written to a WAV file.
#[cfg(all(feature = "device", target_os = "linux"))]
#[test]
fn the_real_device_path_plays_through_alsa() {
    let env = TestEnv::new();
    let captured = env.path("alsa-capture.wav");
    // `plug` converts whatever cpal picks to S16_LE: ALSA's WAV writer mislabels float data.
    fs::write(
        env.path(".asoundrc"),
        format!(
            "pcm.!default {{\n    type plug\n    slave {{ pcm \"capture\"\n format S16_LE }}\n}}\n\
             pcm.capture {{\n    type file\n    slave.pcm \"null\"\n    file \"{}\"\n    format \"wav\"\n}}\n",
            captured.display()
        ),
    )
    .unwrap();
    // The null slave has no clock: it takes samples as fast as they are made. The tool
    // holds it to real time (rodio's mixer would otherwise make silence as fast as the
    // CPU can, gigabytes of it), and with the ordinary preroll the audio still arrives
    // whole. The fake sends its chunks 20 ms apart, so the clip arrives over ~0.3 s.
    env.server
        .set_chunk_delay(std::time::Duration::from_millis(20));
    let result = run(env.cmd().env_remove("MINIMAX_TTS_AUDIO_SINK").args([
        "speak",
        "Hello there.",
        "-o",
        "dev.mp3",
        "--play",
        "always",
        "--json",
    ]));
    result.assert_code(0);
    assert_eq!(result.json()["played"], true);
    let wav = fs::read(&captured).expect("ALSA's file plugin wrote nothing");
    assert_eq!(&wav[..4], b"RIFF", "not a WAV file");
    let data = wav
        .windows(4)
        .position(|w| w == b"data")
        .expect("no data chunk")
        + 8;
    let tag = u16::from_le_bytes(wav[20..22].try_into().unwrap());
    let channels = usize::from(u16::from_le_bytes(wav[22..24].try_into().unwrap()));
    let rate = u32::from_le_bytes(wav[24..28].try_into().unwrap());
    let bits = u16::from_le_bytes(wav[34..36].try_into().unwrap());
    let body = &wav[data..];
    let samples: Vec<f32> = match (tag, bits) {
        (1, 16) => body
            .chunks_exact(2)
            .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
            .collect(),
        other => panic!("unexpected sample format {other:?}"),
    };
    let loud = |s: f32| s.abs() > 0.01;
    let frames: Vec<bool> = samples
        .chunks_exact(channels)
        .map(|f| f.iter().any(|&s| loud(s)))
        .collect();
    let first = frames
        .iter()
        .position(|&l| l)
        .expect("the device received only silence");
    let last = frames.iter().rposition(|&l| l).unwrap();
    let heard = (last - first) as f64 / f64::from(rate);
    // The same threshold applied to what was served (its PCM twin: same recording).
    let served: Vec<f32> = audio_for("pcm", "Hello there.")
        .chunks_exact(2)
        .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
        .collect();
    let s_first = served.iter().position(|&s| loud(s)).unwrap();
    let s_last = served.iter().rposition(|&s| loud(s)).unwrap();
    let expected = (s_last - s_first) as f64 / 16000.0;
    assert!(
        (heard - expected).abs() < 0.05,
        "the device received {heard:.3} s of sound ({channels} ch, {rate} Hz, format {tag}/{bits}), the served audio has {expected:.3} s"
    );
    // Not an endless stream of silence: the clip, the time before it arrived, the
    // device's lead (0.5 s) and the drain. Unheld, this file grew by hundreds of MB a
    // second.
    let total = frames.len() as f64 / f64::from(rate);
    assert!(
        total < expected + 3.0,
        "the device was given {total:.1} s of samples for {expected:.1} s of audio"
    );
}

#[test]
fn a_server_slower_than_real_time_pauses_playback_and_says_so() {
    let env = TestEnv::new();
    // 1000-byte chunks hold 125 ms of 64 kbit/s audio; one every 250 ms is half speed.
    env.server.set_chunk_sizes(&[1000]);
    env.server.set_chunk_delay(Duration::from_millis(250));
    let rec = env.path("slow.wav");
    let result = run(env
        .cmd()
        .env("MINIMAX_TTS_AUDIO_SINK", format!("wav:{}", rec.display()))
        .args(["speak", "Hello there.", "-o", "slow.mp3"]));
    result.assert_code(0).assert_stderr("playback paused");
    // The file is still exact; the recording holds the speech plus the pauses.
    assert_eq!(
        fs::read(env.path("slow.mp3")).unwrap(),
        audio_for("mp3", "Hello there.")
    );
    let served = served_seconds("mp3", &audio_for("mp3", "Hello there."));
    assert!(
        recording(&rec).seconds > served + 0.2,
        "no pause was recorded"
    );
}
