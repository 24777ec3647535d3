//! Safe wherever a script points the tool: any output target, parallel runs, signals,
//! closed pipes, and the checks that must happen before anything is paid for.

use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Stdio;

use serde_json::Value;

use crate::server::{API_KEY, Fault, FinalAudio, audio_for};
use crate::support::{
    TestEnv, assert_killed_by, assert_no_temp_files, bare_cmd, run, send_signal,
    wait_for_partial_output,
};

const TEXT: &str = "Hello there.";

fn mkfifo(path: &Path) {
    let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo has no other memory effects.
    let rc = unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) };
    assert_eq!(rc, 0, "mkfifo: {}", std::io::Error::last_os_error());
}

fn registry(env: &TestEnv) -> Vec<Value> {
    let path = env.path(".local/state/minimax-tts/jobs.json");
    serde_json::from_slice(&fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .unwrap()
}

#[test]
fn a_fifo_is_written_through_in_order() {
    let env = TestEnv::new();
    let fifo = env.path("audio-pipe");
    mkfifo(&fifo);
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        fs::File::open(reader_path)
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        bytes
    });
    env.run(&["speak", TEXT, "-o", "audio-pipe"]).assert_code(0);
    assert_eq!(reader.join().unwrap(), audio_for("mp3", TEXT));
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert_no_temp_files(env.home.path());

    // `/dev/stdout` is this process's stdout (here a pipe), written directly too.
    let result = env.run(&["speak", TEXT, "-o", "/dev/stdout", "--format", "mp3"]);
    result.assert_code(0);
    assert_eq!(result.stdout, audio_for("mp3", TEXT));
}

#[test]
fn a_device_node_is_written_directly_and_stays_a_device() {
    let env = TestEnv::new();
    let node = env.path("null-device");
    let c_path = std::ffi::CString::new(node.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid path; makes the same character device as /dev/null (1, 3).
    let rc = unsafe { libc::mknod(c_path.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) };
    if rc != 0 {
        println!(
            "note: skipped, mknod is not permitted here ({})",
            std::io::Error::last_os_error()
        );
        return;
    }
    env.run(&["speak", TEXT, "-o", "null-device"])
        .assert_code(0);
    let meta = fs::symlink_metadata(&node).unwrap();
    assert!(
        meta.file_type().is_char_device(),
        "the device node was replaced"
    );
    assert_no_temp_files(env.home.path());
}

#[test]
fn a_symlink_target_is_written_and_the_link_kept() {
    let env = TestEnv::new();
    fs::create_dir(env.path("real")).unwrap();
    fs::write(env.path("real/speech.mp3"), b"old").unwrap();
    fs::set_permissions(
        env.path("real/speech.mp3"),
        fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    std::os::unix::fs::symlink("real/speech.mp3", env.path("link.mp3")).unwrap();
    env.run(&["speak", TEXT, "-o", "link.mp3"]).assert_code(0);
    let link = fs::symlink_metadata(env.path("link.mp3")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    let target = env.path("real/speech.mp3");
    assert_eq!(fs::read(&target).unwrap(), audio_for("mp3", TEXT));
    assert_eq!(fs::metadata(&target).unwrap().mode() & 0o777, 0o640);
    assert_no_temp_files(env.home.path());
    assert_no_temp_files(&env.path("real"));

    // A dangling link: its target is created, the link still a link.
    std::os::unix::fs::symlink("real/new.mp3", env.path("dangling.mp3")).unwrap();
    env.run(&["speak", TEXT, "-o", "dangling.mp3"])
        .assert_code(0);
    assert!(
        fs::symlink_metadata(env.path("dangling.mp3"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::read(env.path("real/new.mp3")).unwrap(),
        audio_for("mp3", TEXT)
    );
}

#[test]
fn a_replaced_file_keeps_its_permissions_and_hard_links() {
    let env = TestEnv::new();
    let path = env.path("private.mp3");
    fs::write(&path, b"old").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    fs::hard_link(&path, env.path("also.mp3")).unwrap();
    env.run(&["speak", TEXT, "-o", "private.mp3"])
        .assert_code(0);
    assert_eq!(fs::read(&path).unwrap(), audio_for("mp3", TEXT));
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o600);
    assert_eq!(
        fs::read(env.path("also.mp3")).unwrap(),
        audio_for("mp3", TEXT),
        "the other name of the file sees the new audio"
    );

    // A plain replacement keeps the mode too.
    fs::remove_file(env.path("also.mp3")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o604)).unwrap();
    env.run(&["speak", TEXT, "-o", "private.mp3"])
        .assert_code(0);
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o604);
    assert_no_temp_files(env.home.path());
}

#[test]
fn concurrent_runs_on_one_output_never_mix() {
    let env = TestEnv::new();
    // Two texts the fake answers with different recordings, slowly, so the runs overlap.
    let (a, b) = ("Hello there.", "Hello there!");
    assert_ne!(audio_for("mp3", a), audio_for("mp3", b));
    env.server
        .set_chunk_delay(std::time::Duration::from_millis(5));
    for _ in 0..3 {
        let children: Vec<_> = [a, b, a, b]
            .iter()
            .map(|text| {
                env.cmd()
                    .args(["speak", text, "-o", "same.mp3"])
                    .spawn()
                    .unwrap()
            })
            .collect();
        crate::support::all_succeed(children);
        let written = fs::read(env.path("same.mp3")).unwrap();
        assert!(
            written == audio_for("mp3", a) || written == audio_for("mp3", b),
            "the file is a mix of runs ({} bytes)",
            written.len()
        );
        assert_no_temp_files(env.home.path());
    }
}

#[test]
fn parallel_async_submits_keep_every_job() {
    let env = TestEnv::new();
    let children: Vec<_> = (0..8)
        .map(|i| {
            env.cmd()
                .args(["async-submit", &format!("Job number {i}.")])
                .spawn()
                .unwrap()
        })
        .collect();
    let mut printed: Vec<u64> = Vec::new();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        // The task id alone on stdout, for `id=$(minimax-tts async-submit …)`.
        let stdout = String::from_utf8(output.stdout).unwrap();
        printed.push(stdout.trim_end().parse().expect("a task id on stdout"));
    }
    let mut recorded: Vec<u64> = registry(&env)
        .iter()
        .map(|j| j["task_id"].as_u64().unwrap())
        .collect();
    printed.sort_unstable();
    recorded.sort_unstable();
    assert_eq!(recorded, printed);
    assert_eq!(env.server.with_http(|h| h.jobs.len()), 8);
}

#[test]
fn async_submit_into_a_closed_pipe_still_records_the_job() {
    for json in [true, false] {
        let env = TestEnv::new();
        let mut args = vec!["async-submit", "Into the void."];
        if json {
            args.push("--json");
        }
        let mut child = env.cmd().args(&args).spawn().unwrap();
        drop(child.stdout.take()); // like `| head -c0`
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
        assert_eq!(registry(&env).len(), 1, "the job is recorded");
    }
}

#[test]
fn async_submit_checks_everything_local_before_paying() {
    let env = TestEnv::new();
    let state = env.path(".local/state/minimax-tts");
    fs::create_dir_all(&state).unwrap();
    fs::write(state.join("jobs.json"), b"{ not json").unwrap();
    env.run(&["async-submit", "Hello."])
        .assert_code(1)
        .assert_stderr("damaged");
    fs::remove_file(state.join("jobs.json")).unwrap();

    env.run(&[
        "async-submit",
        "Hello.",
        "--wait",
        "--subtitles",
        "missing/x.srt",
    ])
    .assert_code(2)
    .assert_stderr("does not exist");
    env.run(&["async-submit", "Hello.", "-o", "nowhere/x.mp3"])
        .assert_code(2);
    assert_eq!(
        env.server.with_http(|h| h.jobs.len()),
        0,
        "nothing was paid for"
    );
}

#[test]
fn sigterm_and_sighup_end_the_run_by_that_signal() {
    for signal in [libc::SIGTERM, libc::SIGHUP] {
        let env = TestEnv::new();
        env.server.push_fault(Fault::Stall { after_chunks: 2 });
        let child = env
            .cmd()
            .args(["speak", TEXT, "-o", "out.mp3", "--timeout", "60"])
            .spawn()
            .unwrap();
        wait_for_partial_output(env.home.path(), "out.mp3");
        send_signal(child.id(), signal);
        let output = child.wait_with_output().unwrap();
        assert_killed_by(output.status, signal, &output.stderr);
        assert!(!env.path("out.mp3").exists());
        assert_no_temp_files(env.home.path());
    }
}

#[test]
fn a_closed_or_full_stderr_never_stops_the_audio() {
    let env = TestEnv::new();
    let mut child = env
        .cmd()
        .args(["-v", "speak", TEXT, "-o", "out.mp3"])
        .spawn()
        .unwrap();
    drop(child.stderr.take()); // like `2>&1 | head -3` once head has gone
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(
        fs::read(env.path("out.mp3")).unwrap(),
        audio_for("mp3", TEXT)
    );

    if Path::new("/dev/full").exists() {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let status = env
            .cmd()
            .args(["-v", "speak", TEXT, "-o", "full.mp3"])
            .stderr(Stdio::from(full))
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(0));
        assert_eq!(
            fs::read(env.path("full.mp3")).unwrap(),
            audio_for("mp3", TEXT)
        );
    }
}

#[test]
fn the_input_file_is_never_the_output() {
    let env = TestEnv::new();
    fs::write(env.path("text.txt"), TEXT).unwrap();
    std::os::unix::fs::symlink("text.txt", env.path("alias.txt")).unwrap();
    for (cmd, output) in [
        ("speak", "text.txt"),
        ("speak", "alias.txt"),
        ("stream", "text.txt"),
    ] {
        env.run(&[cmd, "-f", "text.txt", "-o", output, "--format", "mp3"])
            .assert_code(2)
            .assert_stderr("is the input text file");
    }
    assert_eq!(fs::read_to_string(env.path("text.txt")).unwrap(), TEXT);
    assert!(env.server.connections().is_empty());
}

#[test]
fn output_paths_are_checked_before_the_request() {
    let env = TestEnv::new();
    env.run(&["speak", TEXT, "-o", "newdir/"])
        .assert_code(2)
        .assert_stderr("names a directory");
    assert!(env.server.connections().is_empty());

    // The longest file name a file system allows still works (no suffix is appended).
    let long = format!("{}.mp3", "a".repeat(251));
    env.run(&["speak", TEXT, "-o", &long]).assert_code(0);
    assert_eq!(fs::read(env.path(&long)).unwrap(), audio_for("mp3", TEXT));
}

#[test]
fn audio_is_not_poured_into_a_terminal() {
    let env = TestEnv::new();
    let bin = env!("CARGO_BIN_EXE_minimax-tts");
    let mut script = std::process::Command::new("script");
    script
        .args(["-qec", &format!("{bin} speak hello -o -"), "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.home.path())
        .env("MINIMAX_API_KEY", API_KEY)
        .env("MINIMAX_BASE_URL", env.server.url())
        .current_dir(env.home.path());
    let output = script
        .output()
        .expect("script(1) from bsdutils is needed for this test");
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(text.contains("terminal") && text.contains("hint"), "{text}");
    assert!(env.server.connections().is_empty());
}

#[test]
fn refused_upgrades_are_classified_by_their_http_status() {
    // A gateway's 403 whose body says 1000 is an auth refusal, not a retryable 1000.
    let env = TestEnv::new();
    env.server.push_fault(Fault::HandshakeWithCode(403, 1000));
    env.run(&["speak", TEXT, "-o", "out.mp3"])
        .assert_code(3)
        .assert_stderr("rejected the API key")
        .assert_stderr("status 403")
        .assert_stderr("trace id fake-trace-0")
        .assert_stderr("refused by gateway");
    assert_eq!(env.server.connections().len(), 1, "not retried");

    // A 429 is a rate limit, shown as one, and retried.
    let env = TestEnv::new();
    env.server.push_fault(Fault::HandshakeWithCode(429, 1002));
    env.run(&["--retries", "0", "speak", TEXT, "-o", "out.mp3"])
        .assert_code(4)
        .assert_stderr("rate limited")
        .assert_stderr("status 429");
    let env = TestEnv::new();
    env.server.push_fault(Fault::HandshakeWithCode(429, 1002));
    env.run(&["speak", TEXT, "-o", "out.mp3"]).assert_code(0);
}

#[test]
fn too_many_connections_is_retried() {
    let env = TestEnv::new();
    env.server.push_fault(Fault::OnStart(1041));
    env.run(&["speak", TEXT, "-o", "out.mp3"]).assert_code(0);
    assert_eq!(
        fs::read(env.path("out.mp3")).unwrap(),
        audio_for("mp3", TEXT)
    );
}

#[test]
fn a_key_with_a_control_character_is_a_usage_error() {
    let env = TestEnv::new();
    let mut cmd = env.cmd();
    cmd.env("MINIMAX_API_KEY", "sk-api-\u{1b}oops")
        .args(["speak", TEXT, "-o", "out.mp3"]);
    run(&mut cmd)
        .assert_code(2)
        .assert_stderr("control character");
    assert!(env.server.connections().is_empty());
}

#[test]
fn api_key_file_in_the_config_may_start_with_a_tilde() {
    let env = TestEnv::new();
    fs::write(env.path("key.txt"), format!("{API_KEY}\n")).unwrap();
    let config = env.path("config.toml");
    fs::write(&config, "api_key_file = \"~/key.txt\"\n").unwrap();
    let mut cmd = bare_cmd(env.home.path());
    cmd.env("MINIMAX_BASE_URL", env.server.url())
        .env("MINIMAX_TTS_CONFIG", &config)
        .args(["speak", TEXT, "-o", "out.mp3"]);
    run(&mut cmd).assert_code(0);
}

#[test]
fn verbose_logs_show_no_internals_or_credentials() {
    let env = TestEnv::new();
    let url = env.server.url().replace("http://", "http://user:hunter2@");
    let mut cmd = env.cmd();
    cmd.env("MINIMAX_BASE_URL", url)
        .args(["-v", "speak", TEXT, "-o", "out.mp3"]);
    let result = run(&mut cmd);
    assert!(!result.stderr.contains("Some("), "{}", result.stderr);
    assert!(!result.stderr.contains("None"), "{}", result.stderr);
    assert!(!result.stderr.contains("hunter2"), "{}", result.stderr);
}

#[test]
fn quiet_silences_warnings() {
    let env = TestEnv::new();
    env.server.set_final_audio(FinalAudio::Aggregate);
    let result = env.run(&["-q", "speak", TEXT, "-o", "out.mp3"]);
    result.assert_code(0);
    assert_eq!(result.stderr, "");
}

#[test]
fn stream_input_is_checked_like_speak() {
    let env = TestEnv::new();
    env.run(&["stream", "-f", "missing.txt", "-o", "out.mp3"])
        .assert_code(2)
        .assert_stderr("missing.txt");
    env.run_with_stdin(
        &["stream", "-o", "out.mp3"],
        b"Good start. \xff\xfe bad bytes.",
    )
    .assert_code(2)
    .assert_stderr("not UTF-8");
    assert!(!env.path("out.mp3").exists());
}

#[test]
fn a_device_that_stops_taking_audio_ends_playback_with_an_error() {
    let env = TestEnv::new();
    let mut cmd = env.cmd();
    cmd.env("MINIMAX_TTS_AUDIO_SINK", "stall")
        .env("MINIMAX_TTS_STALL_MS", "300")
        .args(["speak", TEXT, "-o", "out.mp3"]);
    run(&mut cmd)
        .assert_code(5)
        .assert_stderr("stopped taking audio")
        .assert_stderr("written to out.mp3");
    // The audio was paid for and complete: it is kept.
    assert_eq!(
        fs::read(env.path("out.mp3")).unwrap(),
        audio_for("mp3", TEXT)
    );
}

#[test]
fn fetch_refuses_an_output_of_another_format() {
    let env = TestEnv::new();
    env.run(&["async-submit", "An mp3 job.", "--json"])
        .assert_code(0);
    let polls = env.server.with_http(|h| h.queries.len());
    env.run(&["fetch", "-o", "x.wav"])
        .assert_code(2)
        .assert_stderr("MP3")
        .assert_stderr(".mp3");
    assert_eq!(
        env.server.with_http(|h| h.queries.len()),
        polls,
        "refused before any query"
    );
    assert!(!env.path("x.wav").exists());
}

#[cfg(all(feature = "device", target_os = "linux"))]
#[test]
fn devices_lists_the_ids_device_takes_and_marks_the_default() {
    let env = TestEnv::new();
    fs::write(
        env.path(".asoundrc"),
        "pcm.!default {\n    type plug\n    slave.pcm \"null\"\n}\n",
    )
    .unwrap();
    let result = run(env
        .cmd()
        .env_remove("MINIMAX_TTS_AUDIO_SINK")
        .arg("devices"));
    result.assert_code(0);
    let text = result.stdout_text();
    let default: Vec<&str> = text.lines().filter(|l| l.starts_with("* ")).collect();
    assert_eq!(default.len(), 1, "one default, marked: {text}");
    assert!(default[0][2..].starts_with("default "), "{text}");
    // Every listed id is accepted by --device.
    for line in text.lines() {
        let id = line[2..].split_whitespace().next().unwrap();
        run(env.cmd().env_remove("MINIMAX_TTS_AUDIO_SINK").args([
            "speak", TEXT, "--play", "always", "--device", id, "-o", "d.mp3",
        ]))
        .assert_code(0);
    }
}

#[test]
fn listings_escape_what_came_from_outside() {
    let env = TestEnv::new();
    let dir = env.path(".config/minimax-tts");
    std::fs::create_dir_all(&dir).unwrap();
    // A config value with a terminal escape (retitles the terminal) and a bidi override.
    std::fs::write(
        dir.join("config.toml"),
        "voice = \"narrator\\u001b]0;pwned\\u0007\\u202e\"\n",
    )
    .unwrap();
    let run = env.run(&["config", "show"]);
    run.assert_code(0);
    let shown = run.stdout_text();
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}') && !shown.contains('\u{202e}'),
        "{shown:?}"
    );
    assert!(
        shown.contains("narrator\\x1b]0;pwned\\x07\\u{202e}"),
        "{shown}"
    );
}
