//! `stream`: text is spoken as it arrives, one `task_continue` per segment on one session.

use std::fs;
use std::io::Write;
use std::process::{Child, ChildStdin, Stdio};
use std::time::{Duration, Instant};

use crate::server::{Fault, audio_for, joined_mp3_file, mp3_audio_frames};
use crate::support::{Run, TestEnv, run_with_stdin};

/// Starts `minimax-tts stream ARGS` with a stdin the test writes to.
fn start(env: &TestEnv, extra_env: &[(&str, &str)], args: &[&str]) -> (Child, ChildStdin) {
    let mut cmd = env.cmd();
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .arg("stream")
        .args(args)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    (child, stdin)
}

fn finish(child: Child) -> Run {
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Waits until the server has received `n` task_continue messages in all.
#[track_caller]
fn wait_for_texts(env: &TestEnv, n: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let texts: Vec<String> = env
            .server
            .connections()
            .iter()
            .flat_map(|c| c.texts())
            .collect();
        if texts.len() >= n {
            return texts;
        }
        assert!(
            Instant::now() < deadline,
            "only {} task_continue arrived: {texts:?}",
            texts.len()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn all_texts(env: &TestEnv) -> Vec<String> {
    env.server
        .connections()
        .iter()
        .flat_map(|c| c.texts())
        .collect()
}

/// The file `stream` writes for these segments: one MP3 joined from their streams.
fn expected_audio(texts: &[String]) -> Vec<u8> {
    let streams: Vec<Vec<u8>> = texts.iter().map(|t| audio_for("mp3", t)).collect();
    joined_mp3_file(&streams)
}

/// What stdout gets: the segments' audio frames, no header (it cannot be patched).
fn expected_stdout(texts: &[String]) -> Vec<u8> {
    let streams: Vec<Vec<u8>> = texts.iter().map(|t| audio_for("mp3", t)).collect();
    mp3_audio_frames(&streams)
}

#[test]
fn speaks_the_first_sentence_before_the_input_is_complete() {
    let env = TestEnv::new();
    let (child, mut stdin) = start(&env, &[], &["-o", "out.mp3"]);
    stdin
        .write_all(b"The first sentence is here. The sec")
        .unwrap();
    stdin.flush().unwrap();
    // The input is still open: the first sentence must go out anyway.
    assert_eq!(wait_for_texts(&env, 1), ["The first sentence is here."]);
    stdin.write_all(b"ond one follows.\n").unwrap();
    drop(stdin);
    let run = finish(child);
    run.assert_code(0);
    let texts = all_texts(&env);
    assert_eq!(
        texts,
        ["The first sentence is here.", "The second one follows."]
    );
    assert_eq!(
        env.server.connections().len(),
        1,
        "one session for the whole stream"
    );
    assert_eq!(
        fs::read(env.path("out.mp3")).unwrap(),
        expected_audio(&texts)
    );
}

#[test]
fn segments_english_chinese_and_mixed_text() {
    let env = TestEnv::new();
    let input = "Dr. Smith measured 3.14 meters, e.g. quite far. Was it?\n\
                 今天天气很好。我们去公园吧！Then we went home. Wait<#0.5#> here. Done";
    let run = run_with_stdin(
        env.cmd().args(["stream", "-o", "mixed.mp3"]),
        input.as_bytes(),
    );
    run.assert_code(0);
    let texts = all_texts(&env);
    assert_eq!(
        texts,
        [
            "Dr. Smith measured 3.14 meters, e.g. quite far.",
            "Was it?",
            "今天天气很好。",
            "我们去公园吧！",
            "Then we went home.",
            "Wait<#0.5#> here.",
            "Done",
        ]
    );
    assert_eq!(
        fs::read(env.path("mixed.mp3")).unwrap(),
        expected_audio(&texts)
    );
}

#[test]
fn a_pending_fragment_is_spoken_after_the_idle_delay() {
    let env = TestEnv::new();
    let (child, mut stdin) = start(&env, &[], &["-o", "idle.mp3", "--flush-after", "200"]);
    stdin.write_all(b"no full stop yet").unwrap();
    stdin.flush().unwrap();
    assert_eq!(wait_for_texts(&env, 1), ["no full stop yet"]);
    drop(stdin);
    finish(child).assert_code(0);
}

#[test]
fn stdout_gets_audio_as_it_arrives() {
    let env = TestEnv::new();
    let run = run_with_stdin(env.cmd().args(["stream", "-o", "-"]), b"One. Two.");
    run.assert_code(0);
    assert_eq!(run.stdout, expected_stdout(&all_texts(&env)));
}

#[test]
fn a_long_pause_is_bridged_by_keepalive_and_reconnecting() {
    let env = TestEnv::new();
    env.server.set_idle_limit(Duration::from_millis(1000));
    // Pings every 200 ms; an idle session is released after 600 ms, before the limit.
    let (child, mut stdin) = start(
        &env,
        &[("MINIMAX_TTS_KEEPALIVE_MS", "200")],
        &["-o", "gap.mp3"],
    );
    stdin.write_all(b"Before the pause. ").unwrap();
    stdin.flush().unwrap();
    wait_for_texts(&env, 1);
    std::thread::sleep(Duration::from_millis(2500));
    stdin.write_all(b"After the pause.").unwrap();
    drop(stdin);
    let run = finish(child);
    run.assert_code(0);
    let conns = env.server.connections();
    assert!(conns[0].pings >= 1, "the idle session was pinged");
    assert!(
        conns.iter().all(|c| !c.idle_closed),
        "the server never had to close a session for idleness"
    );
    assert_eq!(
        conns.last().unwrap().texts(),
        ["After the pause."],
        "reopened transparently"
    );
    let texts = all_texts(&env);
    assert_eq!(texts, ["Before the pause.", "After the pause."]);
    assert_eq!(
        fs::read(env.path("gap.mp3")).unwrap(),
        expected_audio(&texts)
    );
}

#[test]
fn an_idle_close_by_the_server_is_recovered() {
    let env = TestEnv::new();
    env.server.set_idle_limit(Duration::from_millis(500));
    let (child, mut stdin) = start(&env, &[], &["-o", "gap.mp3"]);
    stdin.write_all(b"Before. ").unwrap();
    stdin.flush().unwrap();
    wait_for_texts(&env, 1);
    std::thread::sleep(Duration::from_millis(1200));
    stdin.write_all(b"After.").unwrap();
    drop(stdin);
    let run = finish(child);
    run.assert_code(0);
    assert!(
        env.server.connections()[0].idle_closed,
        "the fake closed the idle session (2201)"
    );
    let texts: Vec<String> = all_texts(&env);
    assert_eq!(texts, ["Before.", "After."]);
    assert_eq!(
        fs::read(env.path("gap.mp3")).unwrap(),
        expected_audio(&texts)
    );
}

#[test]
fn a_failure_mid_stream_resends_only_that_segment() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::OnContinue {
        nth: 1,
        after_chunks: 2,
        code: 1000,
    });
    let run = run_with_stdin(
        env.cmd().args(["stream", "-o", "f.mp3"]),
        b"First one. Second one. Third one.",
    );
    run.assert_code(0).assert_stderr("retrying segment 2");
    let conns = env.server.connections();
    assert_eq!(conns.len(), 2);
    assert_eq!(conns[0].texts(), ["First one.", "Second one."]);
    assert_eq!(conns[1].texts(), ["Second one.", "Third one."]);
    let expected = expected_audio(&[
        "First one.".into(),
        "Second one.".into(),
        "Third one.".into(),
    ]);
    assert_eq!(fs::read(env.path("f.mp3")).unwrap(), expected);
}

#[test]
fn a_fatal_error_mid_stream_leaves_no_file() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::OnContinue {
        nth: 1,
        after_chunks: 1,
        code: 1026,
    });
    let run = run_with_stdin(
        env.cmd().args(["stream", "-o", "f.mp3"]),
        b"Fine. Not fine. Never sent.",
    );
    run.assert_code(3).assert_stderr("content filter");
    assert!(!env.path("f.mp3").exists());
    crate::support::assert_no_temp_files(env.home.path());
}

#[test]
fn echo_prints_each_segment_as_it_starts_playing() {
    let env = TestEnv::new();
    let run = run_with_stdin(
        env.cmd().args(["stream", "--echo"]),
        b"Caption one. Caption two.",
    );
    run.assert_code(0);
    assert_eq!(run.stdout_text(), "Caption one.\nCaption two.\n");
    // With audio on stdout, captions go to stderr.
    let run = run_with_stdin(
        env.cmd().args(["stream", "--echo", "-o", "-"]),
        b"On stderr.",
    );
    run.assert_code(0).assert_stderr("On stderr.\n");
    assert_eq!(
        run.stdout,
        mp3_audio_frames(&[audio_for("mp3", "On stderr.")])
    );
}

#[test]
fn json_prints_one_event_per_segment_then_a_summary() {
    let env = TestEnv::new();
    let run = run_with_stdin(
        env.cmd().args(["stream", "--json", "-o", "j.mp3"]),
        b"Alpha one. Beta two.",
    );
    run.assert_code(0);
    let events: Vec<serde_json::Value> = run
        .stdout_text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(events.len(), 3, "{events:?}");
    for (i, text) in ["Alpha one.", "Beta two."].iter().enumerate() {
        let e = &events[i];
        assert_eq!(e["event"], "segment");
        assert_eq!(e["index"], i);
        assert_eq!(e["text"], *text);
        assert_eq!(e["chars"], text.chars().count());
        assert_eq!(e["bytes"], audio_for("mp3", text).len());
        let t = &e["timings"];
        assert!(
            t["sent"].as_f64().unwrap() >= t["input_complete"].as_f64().unwrap(),
            "{t}"
        );
        assert!(
            t["first_audio"].as_f64().unwrap() >= t["sent"].as_f64().unwrap(),
            "{t}"
        );
        assert!(
            t["first_play"].as_f64().is_some(),
            "played through the null sink: {t}"
        );
    }
    let summary = &events[2];
    assert_eq!(summary["event"], "summary");
    assert_eq!(summary["segments"], 2);
    assert_eq!(summary["output"], "j.mp3");
}

#[test]
fn empty_input_is_a_usage_error_and_flac_is_written() {
    let env = TestEnv::new();
    let run = run_with_stdin(env.cmd().args(["stream", "-o", "e.mp3"]), b"   \n");
    run.assert_code(2).assert_stderr("without any text");
    assert!(!env.path("e.mp3").exists());
    // FLAC joins now; one sentence is its stream unchanged.
    let run = run_with_stdin(env.cmd().args(["stream", "-o", "e.flac"]), b"x");
    run.assert_code(0);
    assert!(fs::read(env.path("e.flac")).unwrap() == audio_for("flac", "x"));
}

#[cfg(unix)]
#[test]
fn reads_a_fifo_and_ctrl_c_ends_cleanly() {
    let env = TestEnv::new();
    let fifo = env.path("in.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let mut child = env
        .cmd()
        .args(["stream", "-f", fifo.to_str().unwrap(), "-o", "c.mp3"])
        .spawn()
        .unwrap();
    let mut writer = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    writer.write_all(b"From a fifo. ").unwrap();
    writer.flush().unwrap();
    assert_eq!(wait_for_texts(&env, 1), ["From a fifo."]);
    crate::support::send_signal(child.id(), libc::SIGINT);
    let status = child.wait().unwrap();
    crate::support::assert_killed_by(status, libc::SIGINT, b"");
    assert!(!env.path("c.mp3").exists());
    crate::support::assert_no_temp_files(env.home.path());
}
