//! Both strategies on a scripted engine: each session plays a script of events and
//! failures, and a log records what the synthesizer sent. Fast, in-process, and exact
//! about rewinds, irrevocable targets, redone sessions, boundary estimates and retries.

use std::path::Path;
use std::time::Duration;

use super::whole::expected_ms;
use super::{AudioOut, SynthError, synthesize};
use crate::engine::SegmentReport;
use crate::engine::error::{EngineError, ErrorKind, Recovery};
use crate::engine::retry::RetryPolicy;
use crate::engine::synth::scripted::{Log, ScriptedEngine, Step};
use crate::io::target::OutputTarget;
use crate::options::VoiceOptions;
use crate::sink::Sink;
use crate::spec::{AudioFormat, Provider, SynthesisSpec};

/// 32 kHz mono PCM: 64 bytes a millisecond, so lengths are measured from bytes.
fn pcm_spec() -> SynthesisSpec {
    crate::engine::build_spec(
        Provider::Minimax,
        &VoiceOptions::default(),
        AudioFormat::Pcm,
        None,
    )
    .unwrap()
}

fn audio(byte: u8, len: usize) -> Vec<u8> {
    vec![byte; len]
}

fn dropped() -> EngineError {
    EngineError::network("the connection dropped")
}

/// Runs `segments` through `engine` into `target` with `retries`.
fn run(
    engine: &ScriptedEngine,
    target: &Path,
    retries: u32,
    segments: &[&str],
) -> Result<Vec<SegmentReport>, SynthError> {
    let spec = pcm_spec();
    let target = OutputTarget::resolve(target).unwrap();
    let mut sink = Sink::open(&target, Box::new(crate::sink::AsGiven)).unwrap();
    let segments: Vec<String> = segments.iter().map(|s| s.to_string()).collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let policy = RetryPolicy::new(retries, Duration::from_millis(1));
    let result = runtime.block_on(async {
        let mut out = AudioOut::new(&mut sink, None, &spec);
        synthesize(engine, &spec, policy, &segments, &mut out).await
    });
    if result.is_ok() {
        sink.commit().unwrap();
    }
    result
}

fn sent(log: &Log) -> Vec<(usize, &str)> {
    log.sent.iter().map(|(s, t)| (*s, t.as_str())).collect()
}

#[test]
fn per_segment_a_failure_redoes_that_segment_alone_and_takes_its_audio_back() {
    let dir = tempfile::tempdir().unwrap();
    let engine = ScriptedEngine::new(
        true,
        vec![
            Ok(vec![
                Step::Audio(audio(1, 640)),
                Step::Done,
                Step::Audio(audio(9, 100)),
                Step::Fail(dropped()),
            ]),
            Ok(vec![Step::Audio(audio(2, 320)), Step::Done]),
        ],
    );
    let out = dir.path().join("out.pcm");
    let reports = run(&engine, &out, 3, &["one", "two"]).unwrap();
    assert_eq!(reports.len(), 2);
    let mut expected = audio(1, 640);
    expected.extend(audio(2, 320));
    assert_eq!(std::fs::read(&out).unwrap(), expected);
    let log = engine.log.borrow();
    assert_eq!(sent(&log), [(0, "one"), (0, "two"), (1, "two")]);
}

#[test]
fn per_segment_audio_that_cannot_be_taken_back_ends_the_run() {
    let engine = ScriptedEngine::new(
        true,
        vec![Ok(vec![Step::Audio(audio(1, 100)), Step::Fail(dropped())])],
    );
    let error = run(&engine, Path::new("/dev/null"), 3, &["one"]).unwrap_err();
    let SynthError::Engine(e) = error else {
        panic!("{error}")
    };
    assert!(e.message.contains("cannot be taken back"), "{}", e.message);
    assert_eq!(
        engine.log.borrow().opened,
        1,
        "no retry after irrevocable audio"
    );
}

#[test]
fn per_segment_a_failure_before_audio_is_retried_even_on_a_stream() {
    let engine = ScriptedEngine::new(
        true,
        vec![
            Ok(vec![Step::Fail(dropped())]),
            Ok(vec![Step::Audio(audio(1, 100)), Step::Done]),
        ],
    );
    run(&engine, Path::new("/dev/null"), 3, &["one"]).unwrap();
    assert_eq!(engine.log.borrow().opened, 2);
}

#[test]
fn whole_session_a_failure_redoes_the_session_with_everything_sent_again() {
    let dir = tempfile::tempdir().unwrap();
    let engine = ScriptedEngine::new(
        false,
        vec![
            Ok(vec![Step::Audio(audio(9, 500)), Step::Fail(dropped())]),
            Ok(vec![Step::Audio(audio(1, 700)), Step::Done]),
        ],
    );
    let out = dir.path().join("out.pcm");
    let reports = run(&engine, &out, 3, &["one", "two"]).unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(std::fs::read(&out).unwrap(), audio(1, 700));
    let log = engine.log.borrow();
    assert_eq!(
        sent(&log),
        [
            (0, "one"),
            (0, "two"),
            (0, "<end>"),
            (1, "one"),
            (1, "two"),
            (1, "<end>")
        ]
    );
}

#[test]
fn whole_session_audio_that_cannot_be_taken_back_ends_the_run() {
    let engine = ScriptedEngine::new(
        false,
        vec![Ok(vec![Step::Audio(audio(1, 100)), Step::Fail(dropped())])],
    );
    let error = run(&engine, Path::new("/dev/null"), 3, &["one", "two"]).unwrap_err();
    assert!(
        error.to_string().contains("cannot be taken back"),
        "{error}"
    );
    assert_eq!(engine.log.borrow().opened, 1);
}

#[test]
fn whole_session_boundaries_follow_the_expected_length_of_each_text() {
    let dir = tempfile::tempdir().unwrap();
    // 100 ms chunks; "Hello there" is expected to take 650 ms, so the boundary moves
    // once 80 % of that (520 ms) has been heard: after the sixth chunk.
    assert_eq!(expected_ms("Hello there", 1.0), 650.0);
    let mut steps: Vec<Step> = (0..10).map(|_| Step::Audio(audio(1, 6400))).collect();
    steps.push(Step::Done);
    let engine = ScriptedEngine::new(false, vec![Ok(steps)]);
    let out = dir.path().join("out.pcm");
    let reports = run(&engine, &out, 0, &["Hello there", "Bye"]).unwrap();
    let bytes: Vec<u64> = reports.iter().map(|r| r.audio_bytes).collect();
    assert_eq!(bytes, [6 * 6400, 4 * 6400]);
    let ms: Vec<Option<u64>> = reports.iter().map(|r| r.audio_ms).collect();
    assert_eq!(ms, [Some(600), Some(400)]);
    assert!(reports.iter().all(|r| r.sent_at.is_some()));
}

#[test]
fn retries_are_bounded_and_fatal_failures_are_not_retried() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.pcm");
    for segment_completion in [true, false] {
        let engine =
            ScriptedEngine::new(segment_completion, (0..3).map(|_| Err(dropped())).collect());
        let error = run(&engine, &out, 2, &["one"]).unwrap_err();
        let SynthError::Engine(e) = error else {
            panic!("{error}")
        };
        assert_eq!((e.kind, e.attempts), (ErrorKind::Network, 3));
        assert_eq!(engine.log.borrow().opened, 3);

        let refused = EngineError::new(ErrorKind::Auth, Recovery::Fatal, "invalid key");
        let engine = ScriptedEngine::new(segment_completion, vec![Err(refused)]);
        let error = run(&engine, &out, 5, &["one"]).unwrap_err();
        assert!(error.to_string().contains("invalid key"));
        assert_eq!(engine.log.borrow().opened, 1);
    }
    assert!(!out.exists(), "a failed run leaves no file");
}

#[test]
fn expected_length_follows_script_and_speed() {
    assert_eq!(expected_ms("Hello", 1.0), 325.0);
    assert_eq!(expected_ms("Hello", 2.0), 162.5);
    assert_eq!(expected_ms("你好", 1.0), 440.0);
}
