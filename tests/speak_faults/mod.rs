//! `speak` against a misbehaving server: retries, exit codes, messages, and output that is
//! never truncated, duplicated or clobbered.

use std::fs;

use crate::server::{Fault, audio_for};
use crate::support::{TestEnv, bare_cmd, run};

const TEXT: &str = "Fault injection test.";

/// Runs `speak TEXT -o out.mp3` with an existing `out.mp3` that must survive failures.
fn speak_with_existing(env: &TestEnv, extra: &[&str]) -> crate::support::Run {
    fs::write(env.path("out.mp3"), b"precious").unwrap();
    let mut args = vec!["speak", TEXT, "-o", "out.mp3"];
    args.extend_from_slice(extra);
    env.run(&args)
}

#[track_caller]
fn assert_untouched(env: &TestEnv) {
    assert_eq!(
        fs::read(env.path("out.mp3")).unwrap(),
        b"precious",
        "existing output clobbered"
    );
    crate::support::assert_no_temp_files(env.home.path());
}

#[track_caller]
fn assert_served_audio(env: &TestEnv) {
    assert_eq!(
        fs::read(env.path("out.mp3")).unwrap(),
        audio_for("mp3", TEXT)
    );
    crate::support::assert_no_temp_files(env.home.path());
}

#[test]
fn fatal_codes_exit_3_with_plain_words_and_no_retry() {
    let cases: &[(i64, &str)] = &[
        (1004, "authentication failed"),
        (1008, "balance too low"),
        (1026, "content filter"),
        (1027, "content filter"),
        (1042, "control characters"),
        (2013, "rejected the request parameters"),
        (2042, "cannot use that voice"),
        (2049, "invalid API key"),
        (2056, "usage limit"),
    ];
    for &(code, words) in cases {
        let env = TestEnv::new();
        env.server.push_fault(Fault::OnStart(code));
        let run = speak_with_existing(&env, &[]);
        run.assert_code(3)
            .assert_stderr("minimax-tts: error: ")
            .assert_stderr(words)
            .assert_stderr(&format!("status {code}"))
            .assert_stderr("trace id fake-trace-0")
            .assert_stderr("hint: ");
        assert_eq!(
            env.server.connections().len(),
            1,
            "code {code} must not be retried"
        );
        assert_untouched(&env);
    }
}

#[test]
fn auth_failures_explain_key_sources_and_regions() {
    let env = TestEnv::new();
    let mut cmd = env.cmd();
    cmd.env("MINIMAX_API_KEY", "sk-api-wrong-key")
        .args(["speak", TEXT, "-o", "out.mp3"]);
    let run = run(&mut cmd);
    run.assert_code(3)
        .assert_stderr("status 1004")
        .assert_stderr("MINIMAX_API_KEY")
        .assert_stderr("--region")
        .assert_stderr("region-locked");
    assert!(!run.stderr.contains("sk-api-wrong-key"), "key printed");
}

#[test]
fn retryable_codes_are_retried_then_succeed() {
    for code in [1000, 1001, 1002, 1024, 1033, 1039, 2205] {
        let env = TestEnv::new();
        env.server.push_fault(Fault::OnStart(code));
        let run = speak_with_existing(&env, &[]);
        run.assert_code(0).assert_stderr("retrying segment 1 of 1");
        assert_eq!(env.server.connections().len(), 2, "code {code}");
        assert_served_audio(&env);
    }
}

#[test]
fn exhausted_retries_exit_4() {
    let env = TestEnv::new();
    for _ in 0..3 {
        env.server.push_fault(Fault::OnStart(1002));
    }
    let run = speak_with_existing(&env, &["--retries", "2"]);
    run.assert_code(4)
        .assert_stderr("rate limited")
        .assert_stderr("gave up after 3 attempts")
        .assert_stderr("status 1002");
    assert_eq!(env.server.connections().len(), 3);
    assert_untouched(&env);
}

#[test]
fn retries_can_be_set_in_the_config_file() {
    let env = TestEnv::new();
    fs::create_dir_all(env.path(".config/minimax-tts")).unwrap();
    fs::write(env.path(".config/minimax-tts/config.toml"), "retries = 0\n").unwrap();
    env.server.push_fault(Fault::OnStart(1000));
    speak_with_existing(&env, &[]).assert_code(4);
    assert_eq!(env.server.connections().len(), 1);
}

#[test]
fn mid_audio_failures_resynthesize_the_segment_without_duplicates() {
    let faults = [
        Fault::OnContinue {
            nth: 0,
            after_chunks: 3,
            code: 1000,
        },
        Fault::Drop { after_chunks: 2 },
        Fault::NonJson { after_chunks: 2 },
        Fault::InvalidHex { after_chunks: 4 },
        Fault::MissingFinal,
    ];
    for fault in faults {
        let env = TestEnv::new();
        env.server.push_fault(fault.clone());
        let run = speak_with_existing(&env, &[]);
        run.assert_code(0).assert_stderr("retrying segment 1 of 1");
        assert_eq!(env.server.connections().len(), 2, "{fault:?}");
        assert_served_audio(&env);
    }
}

#[test]
fn a_stalled_server_times_out_and_is_retried() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::Stall { after_chunks: 2 });
    let run = speak_with_existing(&env, &["--timeout", "0.5"]);
    run.assert_code(0)
        .assert_stderr("sent nothing for 0.5 s while waiting for audio");
    assert_served_audio(&env);
}

#[test]
fn a_stall_that_outlasts_the_retries_exits_4() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::Stall { after_chunks: 1 });
    env.server.push_fault(Fault::Stall { after_chunks: 1 });
    let run = speak_with_existing(&env, &["--timeout", "0.3", "--retries", "1"]);
    run.assert_code(4).assert_stderr("raise --timeout");
    assert_untouched(&env);
}

#[test]
fn binary_frames_are_ignored() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::BinaryFrames);
    speak_with_existing(&env, &[]).assert_code(0);
    assert_eq!(env.server.connections().len(), 1);
    assert_served_audio(&env);
}

#[test]
fn a_failure_in_a_later_segment_resumes_from_that_segment() {
    let env = TestEnv::new();
    let first = format!("{} end.", "First part words ".repeat(400));
    let second = format!("{} end.", "Second part words ".repeat(400));
    let text = format!("{first}\n\n{second}");
    fs::write(env.path("two.txt"), &text).unwrap();
    // The second task_continue of the first connection fails after 2 chunks.
    env.server.push_fault(Fault::OnContinue {
        nth: 1,
        after_chunks: 2,
        code: 1001,
    });
    let run = env.run(&["speak", "-f", "two.txt", "-o", "two.mp3"]);
    run.assert_code(0).assert_stderr("retrying segment 2 of 2");
    let conns = env.server.connections();
    assert_eq!(conns.len(), 2);
    assert_eq!(conns[0].texts(), [first.clone(), second.clone()]);
    assert_eq!(
        conns[1].texts(),
        std::slice::from_ref(&second),
        "only the failed segment is resent"
    );
    let expected =
        crate::server::joined_mp3_file(&[audio_for("mp3", &first), audio_for("mp3", &second)]);
    assert!(
        fs::read(env.path("two.mp3")).unwrap() == expected,
        "the segments, joined"
    );
}

#[test]
fn mid_audio_failure_on_stdout_fails_cleanly() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::Drop { after_chunks: 2 });
    let run = env.run(&["speak", TEXT, "-o", "-"]);
    run.assert_code(4)
        .assert_stderr("cannot be taken back")
        .assert_stderr("-o FILE");
    let audio = audio_for("mp3", TEXT);
    assert!(
        audio.starts_with(&run.stdout),
        "stdout holds a prefix of the audio only"
    );
    assert_eq!(env.server.connections().len(), 1);
}

#[test]
fn failure_before_audio_on_stdout_is_retried() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::OnStart(1000));
    let run = env.run(&["speak", TEXT, "-o", "-"]);
    run.assert_code(0);
    assert_eq!(run.stdout, audio_for("mp3", TEXT));
}

#[test]
fn handshake_401_is_retried_once() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::Handshake(401));
    speak_with_existing(&env, &[]).assert_code(0);
    assert_served_audio(&env);

    let env = TestEnv::new();
    env.server.push_fault(Fault::Handshake(401));
    env.server.push_fault(Fault::Handshake(401));
    let run = speak_with_existing(&env, &[]);
    run.assert_code(3)
        .assert_stderr("rejected the API key")
        .assert_stderr("status 401")
        .assert_stderr("trace id fake-trace-1")
        .assert_stderr("--region");
    assert_eq!(env.server.connections().len(), 2);
    assert_untouched(&env);
}

#[test]
fn handshake_statuses() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::Handshake(403));
    speak_with_existing(&env, &[])
        .assert_code(3)
        .assert_stderr("rejected the API key");
    assert_untouched(&env);

    for status in [429, 503] {
        let env = TestEnv::new();
        env.server.push_fault(Fault::Handshake(status));
        speak_with_existing(&env, &[]).assert_code(0);
        assert_served_audio(&env);
    }
}

#[test]
fn wrong_path_is_a_404_with_a_base_url_hint() {
    let env = TestEnv::new();
    let mut cmd = env.cmd();
    cmd.env("MINIMAX_BASE_URL", format!("{}/nested", env.server.url()))
        .args(["speak", TEXT, "-o", "out.mp3"]);
    run(&mut cmd)
        .assert_code(3)
        .assert_stderr("no such endpoint")
        .assert_stderr("--base-url");
}

#[test]
fn connection_refused_exits_4() {
    let home = tempfile::tempdir().unwrap();
    // Bind then drop a listener to get a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let run = run(bare_cmd(home.path())
        .env("MINIMAX_API_KEY", crate::server::API_KEY)
        .env("MINIMAX_BASE_URL", format!("http://127.0.0.1:{port}"))
        .args(["speak", TEXT, "-o", "out.mp3", "--retries", "1"]));
    run.assert_code(4)
        .assert_stderr("could not connect")
        .assert_stderr("gave up after 2 attempts");
    assert!(!home.path().join("out.mp3").exists());
    crate::support::assert_no_temp_files(home.path());
}

#[cfg(unix)]
#[test]
fn ctrl_c_kills_by_sigint_and_leaves_no_partial_file() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::Stall { after_chunks: 2 });
    fs::write(env.path("out.mp3"), b"precious").unwrap();
    let child = env
        .cmd()
        .args(["speak", TEXT, "-o", "out.mp3", "--timeout", "60"])
        .spawn()
        .unwrap();
    crate::support::wait_for_partial_output(env.home.path(), "out.mp3");
    crate::support::send_signal(child.id(), libc::SIGINT);
    let output = child.wait_with_output().unwrap();
    // Died by the signal itself, so a calling shell loop stops too.
    crate::support::assert_killed_by(output.status, libc::SIGINT, &output.stderr);
    assert_untouched(&env);
}
