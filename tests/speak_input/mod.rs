//! `speak` input handling, local validation and configuration: bad input is refused
//! before any request, with a message that says what to do.

use std::fs;

use crate::server::{API_KEY, audio_for};
use crate::support::{TestEnv, bare_cmd, run};

#[test]
fn reads_text_from_a_file_and_from_stdin() {
    let env = TestEnv::new();
    fs::write(env.path("in.txt"), "From a file.\r\n").unwrap();
    env.run(&["speak", "-f", "in.txt", "-o", "a.mp3"])
        .assert_code(0);
    env.run_with_stdin(&["speak", "-o", "b.mp3"], "From a pipe.".as_bytes())
        .assert_code(0);
    env.run_with_stdin(
        &["speak", "-f", "-", "-o", "c.mp3"],
        "Dash means stdin.".as_bytes(),
    )
    .assert_code(0);
    env.run(&["speak", "Several", "words", "joined.", "-o", "d.mp3"])
        .assert_code(0);
    let texts: Vec<String> = env
        .server
        .connections()
        .iter()
        .flat_map(|c| c.texts())
        .collect();
    assert_eq!(
        texts,
        [
            "From a file.",
            "From a pipe.",
            "Dash means stdin.",
            "Several words joined."
        ]
    );
    assert_eq!(
        fs::read(env.path("b.mp3")).unwrap(),
        audio_for("mp3", "From a pipe.")
    );
}

#[test]
fn an_interactive_stdin_without_text_is_a_usage_error() {
    // `script` gives the child a terminal on stdin; without the check it would hang.
    let env = TestEnv::new();
    let bin = env!("CARGO_BIN_EXE_minimax-tts");
    let mut cmd = bare_cmd(env.home.path());
    cmd.env("MINIMAX_API_KEY", API_KEY)
        .env("MINIMAX_BASE_URL", env.server.url())
        .args(["-qec", &format!("{bin} speak -o out.mp3"), "/dev/null"]);
    let mut script = std::process::Command::new("script");
    script.args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            script.env(k, v);
        }
    }
    script
        .env_remove("MINIMAX_TTS_CONFIG")
        .current_dir(env.home.path());
    let output = script
        .output()
        .expect("script(1) from bsdutils is needed for this test");
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(text.contains("no text given"), "{text}");
    assert!(env.server.connections().is_empty());
}

/// Each case must exit with `code`, mention `needle`, and make no request.
fn refused(env: &TestEnv, args: &[&str], code: i32, needle: &str) {
    let run = env.run(args);
    assert_eq!(run.code, code, "{args:?}: stderr:\n{}", run.stderr);
    assert!(
        run.stderr.contains(needle),
        "{args:?}: stderr lacks {needle:?}:\n{}",
        run.stderr
    );
    assert!(
        env.server.connections().is_empty(),
        "{args:?} made a request"
    );
}

#[test]
fn bad_text_is_refused_locally() {
    let env = TestEnv::new();
    refused(&env, &["speak", "   ", "-o", "x.mp3"], 2, "input is empty");
    refused(
        &env,
        &["speak", "\u{1}\u{2}\u{3}abc", "-o", "x.mp3"],
        2,
        "1042",
    );
    refused(
        &env,
        &["speak", "<#1#>Hello", "-o", "x.mp3"],
        2,
        "no text before it",
    );
    refused(
        &env,
        &["speak", "Hello<#1#>", "-o", "x.mp3"],
        2,
        "no text after it",
    );
    refused(
        &env,
        &["speak", "Hi<#1#><#2#>there", "-o", "x.mp3"],
        2,
        "two pause markers in a row",
    );
    refused(
        &env,
        &["speak", "Hi<#100#>there", "-o", "x.mp3"],
        2,
        "0.01 to 99.99",
    );
    refused(
        &env,
        &["speak", "Hi<#0#>there", "-o", "x.mp3"],
        2,
        "0.01 to 99.99",
    );
    let run = env.run_with_stdin(&["speak", "-o", "x.mp3"], b"");
    assert_eq!(run.code, 2);
    fs::write(env.path("latin1.txt"), b"caf\xe9").unwrap();
    refused(
        &env,
        &["speak", "-f", "latin1.txt", "-o", "x.mp3"],
        2,
        "not UTF-8",
    );
    refused(
        &env,
        &["speak", "-f", "missing.txt", "-o", "x.mp3"],
        2,
        "cannot read missing.txt",
    );
    assert!(!env.path("x.mp3").exists());
    crate::support::assert_no_temp_files(env.home.path());
}

#[test]
fn bad_options_are_refused_locally() {
    let env = TestEnv::new();
    let t = "Hello.";
    refused(
        &env,
        &["speak", t, "-o", "x.mp3", "--speed", "3"],
        2,
        "between 0.5 and 2",
    );
    refused(
        &env,
        &["speak", t, "-o", "x.mp3", "--vol", "0"],
        2,
        "above 0",
    );
    refused(
        &env,
        &["speak", t, "-o", "x.mp3", "--pitch", "13"],
        2,
        "-12 to 12",
    );
    refused(
        &env,
        &["speak", t, "-o", "x.mp3", "--sample-rate", "48000"],
        2,
        "44100",
    );
    refused(
        &env,
        &["speak", t, "-o", "x.mp3", "--bitrate", "100"],
        2,
        "128000",
    );
    refused(
        &env,
        &["speak", t, "-o", "x.mp3", "--channels", "3"],
        2,
        "1 or 2",
    );
    refused(
        &env,
        &["speak", t, "-o", "x.mp3", "--emotion", "bored"],
        2,
        "possible values",
    );
    refused(
        &env,
        &["speak", t, "-o", "x.mp3", "--language-boost", "Klingon"],
        2,
        "unknown language",
    );
    refused(
        &env,
        &["speak", t, "-o", "x.mp3", "--pronounce", "nope"],
        2,
        "WORD/REPLACEMENT",
    );
    refused(
        &env,
        &["speak", t, "-o", "x.mp3", "--effect-pitch", "101"],
        2,
        "-100 to 100",
    );
    refused(
        &env,
        &["speak", t, "-o", "x.mp3", "--emotion", "whisper"],
        2,
        "does not accept the whisper emotion",
    );
    refused(
        &env,
        &["speak", t, "-o", "x.wav", "--sound-effect", "robotic"],
        2,
        "only with MP3",
    );
    refused(&env, &["speak", t, "-o", "x.m4a"], 2, "extension '.m4a'");
    refused(
        &env,
        &["speak", t, "-o", "x.ogg"],
        2,
        "MiniMax does not produce Opus",
    );
    refused(
        &env,
        &["speak", t, "-o", "no/such/dir/x.mp3"],
        2,
        "does not exist",
    );
    refused(&env, &["speak", t, "--play", "never"], 2, "nothing to do");
    refused(
        &env,
        &["speak", t, "-f", "in.txt", "-o", "x.mp3"],
        2,
        "cannot be used with",
    );
    refused(
        &env,
        &["speak", t, "-o", "x.mp3", "--timeout", "0"],
        2,
        "timeout",
    );
    refused(
        &env,
        &["--region", "mars", "speak", t, "-o", "x.mp3"],
        2,
        "global",
    );
}

#[test]
fn play_never_is_accepted() {
    let env = TestEnv::new();
    env.run(&["speak", "No playback.", "-o", "p.mp3", "--play", "never"])
        .assert_code(0);
}

#[test]
fn a_missing_key_says_where_keys_come_from() {
    let home = tempfile::tempdir().unwrap();
    let run = run(bare_cmd(home.path()).args(["speak", "Hi.", "-o", "x.mp3"]));
    run.assert_code(2)
        .assert_stderr("no MiniMax API key found")
        .assert_stderr("MINIMAX_API_KEY")
        .assert_stderr("--api-key-file")
        .assert_stderr(".config/minimax-tts/config.toml")
        .assert_stderr("--region cn");
}

#[test]
fn key_precedence_flag_then_env_then_config() {
    let env = TestEnv::new();
    let config_dir = env.path(".config/minimax-tts");
    fs::create_dir_all(&config_dir).unwrap();
    fs::write(env.path("good.key"), format!("{API_KEY}\n")).unwrap();
    fs::write(env.path("bad.key"), "sk-api-bad\n").unwrap();

    // Config file only.
    fs::write(
        config_dir.join("config.toml"),
        format!("api_key = \"{API_KEY}\"\n"),
    )
    .unwrap();
    run(env
        .cmd()
        .env_remove("MINIMAX_API_KEY")
        .args(["speak", "One.", "-o", "1.mp3"]))
    .assert_code(0);
    // Config api_key_file.
    fs::write(
        config_dir.join("config.toml"),
        format!("api_key_file = {:?}\n", env.path("good.key")),
    )
    .unwrap();
    run(env
        .cmd()
        .env_remove("MINIMAX_API_KEY")
        .args(["speak", "Two.", "-o", "2.mp3"]))
    .assert_code(0);
    // Env beats config.
    fs::write(config_dir.join("config.toml"), "api_key = \"sk-api-bad\"\n").unwrap();
    run(env.cmd().args(["speak", "Three.", "-o", "3.mp3"])).assert_code(0);
    // Flag beats env.
    run(env.cmd().env("MINIMAX_API_KEY", "sk-api-bad").args([
        "--api-key-file",
        "good.key",
        "speak",
        "Four.",
        "-o",
        "4.mp3",
    ]))
    .assert_code(0);
    run(env
        .cmd()
        .args(["--api-key-file", "bad.key", "speak", "Five.", "-o", "5.mp3"]))
    .assert_code(3);
    let auths: Vec<Option<String>> = env
        .server
        .connections()
        .iter()
        .map(|c| c.authorization.clone())
        .collect();
    let good = Some(format!("Bearer {API_KEY}"));
    assert_eq!(
        auths,
        [
            good.clone(),
            good.clone(),
            good.clone(),
            good,
            Some("Bearer sk-api-bad".into())
        ]
    );
}

#[test]
fn host_precedence_flag_then_env_then_config() {
    let env = TestEnv::new();
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let config_dir = env.path(".config/minimax-tts");
    fs::create_dir_all(&config_dir).unwrap();
    let speak = ["speak", "Host.", "-o", "h.mp3", "--retries", "0"];

    // Config base_url is used when nothing else is given.
    fs::write(
        config_dir.join("config.toml"),
        format!("base_url = \"{}\"\n", env.server.url()),
    )
    .unwrap();
    run(env.cmd().env_remove("MINIMAX_BASE_URL").args(speak)).assert_code(0);
    // The environment beats the config file.
    run(env.cmd().env("MINIMAX_BASE_URL", &dead).args(speak)).assert_code(4);
    // The flag beats the environment.
    run(env
        .cmd()
        .env("MINIMAX_BASE_URL", &dead)
        .args(["--base-url", &env.server.url()])
        .args(speak))
    .assert_code(0);
    assert_eq!(env.server.connections().len(), 2);

    let fresh = TestEnv::new();
    refused(
        &fresh,
        &[
            "--base-url",
            "ftp://example.com",
            "speak",
            "x",
            "-o",
            "x.mp3",
        ],
        2,
        "https://",
    );
}

#[test]
fn config_file_defaults_and_flag_overrides() {
    let env = TestEnv::new();
    let config_dir = env.path(".config/minimax-tts");
    fs::create_dir_all(&config_dir).unwrap();
    fs::write(
        config_dir.join("config.toml"),
        "voice = \"cfg-voice\"\nmodel = \"speech-02-hd\"\nspeed = 1.25\nsample_rate = 24000\npronounce = [\"A/ay\"]\n",
    )
    .unwrap();
    env.run(&["speak", "Defaults.", "-o", "a.mp3"])
        .assert_code(0);
    env.run(&[
        "speak",
        "Override.",
        "-o",
        "b.mp3",
        "--voice",
        "flag-voice",
        "--pronounce",
        "B/bee",
    ])
    .assert_code(0);
    let conns = env.server.connections();
    let a = conns[0].task_start().unwrap();
    assert_eq!(a["voice_setting"]["voice_id"], "cfg-voice");
    assert_eq!(a["model"], "speech-02-hd");
    assert_eq!(a["voice_setting"]["speed"], 1.25);
    assert_eq!(a["audio_setting"]["sample_rate"], 24000);
    let b = conns[1].task_start().unwrap();
    assert_eq!(b["voice_setting"]["voice_id"], "flag-voice");
    assert_eq!(
        b["pronunciation_dict"]["tone"],
        serde_json::json!(["A/ay", "B/bee"])
    );
}

#[test]
fn bad_config_files_are_usage_errors() {
    let env = TestEnv::new();
    let config_dir = env.path(".config/minimax-tts");
    fs::create_dir_all(&config_dir).unwrap();
    fs::write(config_dir.join("config.toml"), "vioce = \"typo\"\n").unwrap();
    refused(&env, &["speak", "x", "-o", "x.mp3"], 2, "unknown key vioce");
    fs::write(config_dir.join("config.toml"), "speed = 9\n").unwrap();
    refused(&env, &["speak", "x", "-o", "x.mp3"], 2, "speed");
    refused(
        &env,
        &["--config", "nope.toml", "speak", "x", "-o", "x.mp3"],
        2,
        "cannot read config file",
    );
}

#[test]
fn malformed_test_knobs_are_usage_errors_not_ignored() {
    let env = TestEnv::new();
    for (name, value) in [
        ("MINIMAX_TTS_BACKOFF_MS", "fast"),
        ("MINIMAX_TTS_KEEPALIVE_MS", "-1"),
        ("MINIMAX_TTS_STALL_MS", "5s"),
    ] {
        let run = crate::support::run(
            env.cmd()
                .env(name, value)
                .args(["speak", "Hi", "-o", "x.mp3"]),
        );
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("{name} is '{value}'")),
            "{name}: {}",
            run.stderr
        );
    }
    let run = crate::support::run(
        env.cmd()
            .env("MINIMAX_TTS_AUDIO_SINK", "speaker")
            .args(["speak", "Hi", "-o", "x.mp3"]),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("MINIMAX_TTS_AUDIO_SINK"),
        "{}",
        run.stderr
    );
    assert!(env.server.connections().is_empty());
}
