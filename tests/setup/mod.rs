//! Regions found by probing, profiles, `config` and `check`, against fakes playing the
//! two MiniMax regions.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use crate::server::{API_KEY, FakeServer, audio_for};
use crate::support::{Run, TestEnv, bare_cmd, run};

/// Two fakes as the two regions: the key belongs to cn; global knows another key.
struct Regions {
    global: FakeServer,
    cn: FakeServer,
    home: tempfile::TempDir,
}

impl Regions {
    fn new() -> Regions {
        let global = FakeServer::start();
        global.set_api_key("sk-api-someone-elses-global-key");
        let regions = Regions {
            global,
            cn: FakeServer::start(),
            home: tempfile::tempdir().unwrap(),
        };
        regions.config("");
        regions
    }

    /// Writes the config file: the two regions' hosts, then `extra`.
    fn config(&self, extra: &str) {
        let dir = self.home.path().join(".config/minimax-tts");
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("config.toml"),
            format!(
                "{extra}\n[regions]\nglobal = \"{}\"\ncn = \"{}\"\n",
                self.global.url(),
                self.cn.url()
            ),
        )
        .unwrap();
    }

    fn run(&self, args: &[&str]) -> Run {
        run(bare_cmd(self.home.path())
            .env("MINIMAX_API_KEY", API_KEY)
            .args(args))
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.home.path().join(name)
    }
}

#[test]
fn a_refused_key_is_tried_in_the_other_region_once() {
    let r = Regions::new();
    r.run(&["speak", "Hello there.", "-o", "ws.mp3"])
        .assert_code(0)
        .assert_stderr("this key belongs to the cn region")
        .assert_stderr("MINIMAX_REGION=cn");
    assert_eq!(
        fs::read(r.path("ws.mp3")).unwrap(),
        audio_for("mp3", "Hello there.")
    );
    assert_eq!(
        r.global.connections().len(),
        1,
        "one refused attempt in global"
    );
    assert_eq!(r.cn.connections().len(), 1);
    // The streamed HTTP transport and the HTTP API probe the same way.
    r.run(&[
        "speak",
        "Goodbye now.",
        "-o",
        "http.mp3",
        "--transport",
        "http",
    ])
    .assert_code(0)
    .assert_stderr("belongs to the cn region");
    assert_eq!(
        fs::read(r.path("http.mp3")).unwrap(),
        audio_for("mp3", "Goodbye now.")
    );
    r.run(&["voices", "--json"])
        .assert_code(0)
        .assert_stderr("belongs to the cn region");
}

#[test]
fn a_chosen_region_or_base_url_is_never_probed() {
    let r = Regions::new();
    r.run(&["speak", "Hi.", "-o", "x.mp3", "--region", "global"])
        .assert_code(3)
        .assert_stderr("--region");
    assert!(r.cn.connections().is_empty());
    run(bare_cmd(r.home.path())
        .env("MINIMAX_API_KEY", API_KEY)
        .env("MINIMAX_REGION", "global")
        .args(["speak", "Hi.", "-o", "x.mp3"]))
    .assert_code(3);
    let base = r.global.url();
    r.run(&["speak", "Hi.", "-o", "x.mp3", "--base-url", &base])
        .assert_code(3);
    r.config("region = \"global\"");
    r.run(&["speak", "Hi.", "-o", "x.mp3"]).assert_code(3);
    assert!(r.cn.connections().is_empty());
    assert!(!r.path("x.mp3").exists());
    // A key refused in both regions stays refused (one probe, no loop).
    r.config("");
    run(bare_cmd(r.home.path())
        .env("MINIMAX_API_KEY", "sk-api-nobodys-key")
        .args(["speak", "Hi.", "-o", "x.mp3"]))
    .assert_code(3);
    assert_eq!(r.cn.connections().len(), 1);
}

#[test]
fn profiles_lie_between_the_environment_and_the_file() {
    let r = Regions::new();
    r.config(
        "voice = \"Top_Voice\"\nspeed = 1.5\nregion = \"global\"\n\
         [profiles.work]\nvoice = \"Work_Voice\"\nregion = \"cn\"\n\
         [profiles.home]\nvoice = \"Home_Voice\"\n",
    );
    let voice = |server: &FakeServer| {
        server
            .connections()
            .last()
            .and_then(|c| c.task_start().cloned())
            .unwrap()["voice_setting"]
            .clone()
    };
    r.run(&["--profile", "work", "speak", "Hi.", "-o", "a.mp3"])
        .assert_code(0);
    let work = voice(&r.cn);
    assert_eq!(
        (work["voice_id"].as_str(), work["speed"].as_f64()),
        (Some("Work_Voice"), Some(1.5))
    );
    run(bare_cmd(r.home.path())
        .env("MINIMAX_API_KEY", API_KEY)
        .env("MINIMAX_TTS_PROFILE", "work")
        .args(["speak", "Hi.", "-o", "b.mp3", "--voice", "Flag_Voice"]))
    .assert_code(0);
    assert_eq!(
        voice(&r.cn)["voice_id"],
        "Flag_Voice",
        "the flag wins over the profile"
    );
    // MINIMAX_REGION (environment) wins over the profile's region.
    run(bare_cmd(r.home.path())
        .env("MINIMAX_API_KEY", API_KEY)
        .env("MINIMAX_REGION", "global")
        .args(["--profile", "work", "speak", "Hi.", "-o", "c.mp3"]))
    .assert_code(3);
    r.run(&["--profile", "nope", "speak", "Hi.", "-o", "d.mp3"])
        .assert_code(2)
        .assert_stderr("no profile 'nope'")
        .assert_stderr("known profiles: home, work");
}

#[test]
fn config_init_writes_a_private_starter_and_never_overwrites() {
    let env = TestEnv::new();
    let path = env.path(".config/minimax-tts/config.toml");
    let shown = env.run(&["config", "path"]);
    shown.assert_code(0).assert_stderr("does not exist");
    assert_eq!(shown.stdout_text().trim(), path.display().to_string());
    env.run(&["config", "init"]).assert_code(0);
    let written = fs::read_to_string(&path).unwrap();
    assert!(written.contains("[profiles.work]"));
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // The starter is a valid config file as it is.
    env.run(&["config", "show"]).assert_code(0);
    fs::write(&path, "voice = \"Mine\"\n").unwrap();
    env.run(&["config", "init"])
        .assert_code(2)
        .assert_stderr("already exists");
    assert_eq!(fs::read_to_string(&path).unwrap(), "voice = \"Mine\"\n");
    env.run(&["config", "path"])
        .assert_code(0)
        .assert_stderr("it exists");
}

#[test]
fn config_show_tells_where_each_setting_came_from_and_never_the_key() {
    let r = Regions::new();
    r.config(&format!(
        "api_key = \"{API_KEY}\"\nvoice = \"Top_Voice\"\nretries = 7\n[profiles.work]\nmodel = \"speech-2.6-hd\"\n"
    ));
    let shown = run(bare_cmd(r.home.path())
        .env("MINIMAX_TTS_PROFILE", "work")
        .env("HTTPS_PROXY", "http://user:pw-secret@127.0.0.1:9")
        .args(["config", "show", "--json", "--timeout", "5"]));
    shown.assert_code(0);
    let settings = shown.json();
    let source = |name: &str| settings[name]["source"].as_str().unwrap().to_string();
    let value = |name: &str| settings[name]["value"].as_str().unwrap().to_string();
    assert_eq!(value("api_key"), "set");
    assert_eq!(source("api_key"), "api_key in the config file");
    assert_eq!(source("profile"), "environment (MINIMAX_TTS_PROFILE)");
    assert_eq!(
        (value("model"), source("model")),
        ("speech-2.6-hd".into(), "profile work".into())
    );
    assert_eq!(
        (value("voice"), source("voice")),
        ("Top_Voice".into(), "config file".into())
    );
    assert_eq!(source("retries"), "config file");
    assert_eq!(source("timeout"), "flag");
    assert!(
        value("host").contains("tried if the key is refused"),
        "{}",
        value("host")
    );
    assert!(value("proxy").contains("user:***@"), "{}", value("proxy"));
    assert!(!shown.stdout_text().contains("pw-secret"));
    // The table form too.
    let table = r.run(&["config", "show"]);
    table.assert_code(0);
    assert!(
        table.stdout_text().contains("api key"),
        "{}",
        table.stdout_text()
    );
}

#[test]
fn check_says_what_works_and_what_to_fix() {
    let r = Regions::new();
    let good = r.run(&["check", "--json"]);
    good.assert_code(0);
    let report = good.json();
    assert_eq!(report["ok"], true, "{report}");
    let status = |name: &str| {
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == name)
            .map(|c| c["status"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("no {name} check: {report}"))
    };
    for name in [
        "config file",
        "provider",
        "proxy",
        "api key",
        "service",
        "audio device",
    ] {
        assert_eq!(status(name), "ok", "{name}: {report}");
    }
    // The probe found the key's region, with a free call (no synthesis).
    assert!(r.cn.connections().is_empty());
    assert!(r.cn.with_http(|h| h.requests.iter().any(|(_, t)| t.contains("get_voice"))));

    let no_key = run(bare_cmd(r.home.path()).args(["check"]));
    no_key.assert_code(1);
    assert!(
        no_key.stdout_text().contains("FAIL  api key"),
        "{}",
        no_key.stdout_text()
    );
    assert!(
        no_key.stdout_text().contains("fix: set MINIMAX_API_KEY"),
        "{}",
        no_key.stdout_text()
    );
    let wrong = run(bare_cmd(r.home.path())
        .env("MINIMAX_API_KEY", "sk-api-nobodys-key")
        .env("MINIMAX_TTS_AUDIO_SINK", "none")
        .args(["check"]));
    wrong.assert_code(1);
    let text = wrong.stdout_text();
    assert!(text.contains("FAIL  service"), "{text}");
    assert!(text.contains("warn  audio device"), "{text}");
}

#[test]
fn a_batch_finds_the_region_once_for_all_workers_and_caches_as_the_advice_names_it() {
    let r = Regions::new();
    let lines: String = (0..8)
        .map(|i| format!("{{\"id\":\"r{i}\",\"text\":\"Row number {i}.\"}}\n"))
        .collect();
    fs::write(r.path("l.jsonl"), lines).unwrap();
    let first = r.run(&[
        "batch",
        "l.jsonl",
        "--out-dir",
        "out",
        "--jobs",
        "4",
        "--json",
    ]);
    first
        .assert_code(0)
        .assert_stderr("belongs to the cn region");
    for i in 0..8 {
        assert_eq!(
            fs::read(r.path(&format!("out/r{i}.mp3"))).unwrap(),
            audio_for("mp3", &format!("Row number {i}."))
        );
    }
    // Every worker may have been refused once before the switch, never more: no row
    // failed, and cn synthesized each row once.
    assert!(
        r.global.connections().len() <= 4,
        "{}",
        r.global.connections().len()
    );
    assert_eq!(r.cn.texts().len(), 8);
    // Following the advice (--region cn) finds everything in the cache; so does the
    // next probing run.
    for extra in [&["--region", "cn"][..], &[][..]] {
        let mut args = vec!["batch", "l.jsonl", "--out-dir", "out2", "--json"];
        args.extend_from_slice(extra);
        let again = r.run(&args);
        again.assert_code(0);
        assert_eq!(r.cn.texts().len(), 8, "{extra:?} paid again");
    }
}

#[test]
fn config_show_never_prints_a_password_and_warns_of_a_readable_key() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join(".config/minimax-tts");
    fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.toml");
    fs::write(
        &config,
        "api_key = \"sk-in-the-file\"\nbase_url = \"https://me:hunter2@gw.example/minimax\"\n[fish]\nbase_url = \"https://fish:tr0ub4dor@gw.example/fish\"\n",
    )
    .unwrap();
    fs::set_permissions(&config, fs::Permissions::from_mode(0o644)).unwrap();
    for provider in ["minimax", "fish"] {
        for json in [false, true] {
            let mut args = vec!["--provider", provider, "config", "show"];
            if json {
                args.push("--json");
            }
            let shown = run(bare_cmd(home.path()).args(&args));
            shown.assert_code(0).assert_stderr("chmod 600");
            for secret in ["hunter2", "tr0ub4dor", "sk-in-the-file"] {
                assert!(
                    !shown.stdout_text().contains(secret) && !shown.stderr.contains(secret),
                    "{provider} json={json}: {secret} shown:\n{}{}",
                    shown.stdout_text(),
                    shown.stderr
                );
            }
            assert!(
                shown.stdout_text().contains("***@gw.example"),
                "{}",
                shown.stdout_text()
            );
        }
    }
    fs::set_permissions(&config, fs::Permissions::from_mode(0o600)).unwrap();
    let quiet = run(bare_cmd(home.path()).args(["config", "show"]));
    assert!(!quiet.stderr.contains("chmod"), "{}", quiet.stderr);
}

#[test]
fn check_credits_the_region_that_answered_and_fails_an_unreachable_proxy() {
    let r = Regions::new();
    let report = r.run(&["check", "--json"]).json();
    let detail = |report: &serde_json::Value, name: &str| {
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == name)
            .map(|c| {
                (
                    c["status"].as_str().unwrap().to_string(),
                    c["detail"].as_str().unwrap().to_string(),
                )
            })
            .unwrap()
    };
    let (status, service) = detail(&report, "service");
    assert_eq!(status, "ok");
    assert!(service.starts_with(&r.cn.url()), "{service}");
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let run = r.run(&["check", "--json", "--proxy", &proxy]);
    let report = run.json();
    let (status, message) = detail(&report, "proxy");
    assert_eq!(status, "fail", "{report}");
    assert!(message.contains("cannot reach the proxy"), "{message}");
}
