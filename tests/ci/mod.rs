//! `scripts/gha-batch`, the logic of the GitHub Action, run as the Action runs it: the
//! `TTS_*` variables, the key in the provider's variable, the `minimax-tts` on PATH, and
//! its outputs appended to the file `GITHUB_OUTPUT` names.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use crate::server::{API_KEY, audio_for};
use crate::support::TestEnv;

fn gha_batch(env: &TestEnv, vars: &[(&str, &str)]) -> (i32, HashMap<String, String>, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/gha-batch");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_minimax-tts"))
        .parent()
        .expect("the binary's directory")
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let outputs = env.path("github-output");
    let _ = std::fs::remove_file(&outputs);
    let out = Command::new("bash")
        .arg(script)
        .env_clear()
        .env("PATH", path)
        .env("HOME", env.home.path())
        .env("MINIMAX_API_KEY", API_KEY)
        .env("MINIMAX_BASE_URL", env.server.url())
        .env("MINIMAX_TTS_BACKOFF_MS", "1")
        .env("GITHUB_OUTPUT", &outputs)
        .envs(vars.iter().copied())
        .current_dir(env.home.path())
        .output()
        .expect("run gha-batch");
    let written = std::fs::read_to_string(&outputs).unwrap_or_default();
    let map = written
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), map, log)
}

#[test]
fn gha_batch_runs_batch_and_writes_the_actions_outputs() {
    let env = TestEnv::new();
    let rows = ["Line one.", "Line two.", "Line three."];
    let manifest: String = rows
        .iter()
        .enumerate()
        .map(|(i, t)| format!("{{\"id\": \"line-{i}\", \"text\": \"{t}\"}}\n"))
        .collect();
    std::fs::write(env.path("lines.jsonl"), manifest).unwrap();
    let vars = [
        ("TTS_MANIFEST", "lines.jsonl"),
        ("TTS_OUT_DIR", "voice"),
        ("TTS_JOBS", "2"),
        ("TTS_PROVIDER", "minimax"),
        ("TTS_DRY_RUN", "false"),
        ("TTS_ARGS", "--retries 2"),
    ];

    let (code, dry, log) = gha_batch(
        &env,
        &[("TTS_MANIFEST", "lines.jsonl"), ("TTS_DRY_RUN", "true")],
    );
    assert_eq!(code, 0, "{log}");
    assert_eq!(dry["synthesized"], "3", "{dry:?}");
    assert_eq!(dry["billed"], "29", "{dry:?}");
    assert_eq!(
        env.server.connections().len(),
        0,
        "a dry run makes no request"
    );

    let (code, first, log) = gha_batch(&env, &vars);
    assert_eq!(code, 0, "{log}");
    assert_eq!(first["synthesized"], "3", "{first:?}");
    assert_eq!(first["cached"], "0");
    assert_eq!(first["failed"], "0");
    assert_eq!(first["billed"], "29");
    assert_eq!(first["billed-minimax"], "29");
    assert_eq!(first["report"], "minimax-tts-report.json");
    assert!(env.path("minimax-tts-report.json").is_file());
    for (i, text) in rows.iter().enumerate() {
        assert_eq!(
            std::fs::read(env.path(&format!("voice/line-{i}.mp3"))).unwrap(),
            audio_for("mp3", text)
        );
    }
    assert!(!log.contains(API_KEY), "the key is never printed");

    let (code, again, _) = gha_batch(&env, &vars);
    assert_eq!(code, 0);
    assert_eq!(again["synthesized"], "0", "{again:?}");
    assert_eq!(again["cached"], "3");
    assert_eq!(again["billed"], "0");

    let (code, sharded, log) = gha_batch(
        &env,
        &[("TTS_MANIFEST", "lines.jsonl"), ("TTS_SHARD", "1/2")],
    );
    assert_eq!(code, 0, "{log}");
    assert_eq!(sharded["report"], "minimax-tts-report-1-of-2.json");

    // A refused row: batch's exit code, the outputs still written, an annotation.
    env.server.with_http(|s| s.strict_voices = true);
    std::fs::write(
        env.path("bad.jsonl"),
        "{\"id\": \"bad\", \"text\": \"A voice nobody has.\", \"voice\": \"No_Such_Voice\"}\n",
    )
    .unwrap();
    let (code, failed, log) = gha_batch(&env, &[("TTS_MANIFEST", "bad.jsonl")]);
    assert_eq!(code, 3, "{log}");
    assert_eq!(failed["failed"], "1", "{failed:?}");
    assert!(log.contains("::error title=minimax-tts::"), "{log}");

    let (code, _, log) = gha_batch(
        &env,
        &[("TTS_MANIFEST", "lines.jsonl"), ("TTS_DRY_RUN", "maybe")],
    );
    assert_eq!(code, 2);
    assert!(log.contains("use true or false"), "{log}");
}

/// A release directory as release.yml lays it out, holding this build's binary; the
/// archive's SHA-256.
fn release_dir(dir: &Path, target: &str) -> String {
    let name = format!("minimax-tts-{target}");
    let inner = dir.join(&name);
    std::fs::create_dir_all(&inner).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_minimax-tts"), inner.join("minimax-tts")).unwrap();
    let archive = format!("{name}.tar.gz");
    let status = Command::new("tar")
        .args(["-czf", &archive, &name])
        .current_dir(dir)
        .status()
        .expect("tar");
    assert!(status.success());
    std::fs::remove_dir_all(&inner).unwrap();
    let sum = Command::new("sha256sum")
        .arg(&archive)
        .current_dir(dir)
        .output()
        .expect("sha256sum");
    std::fs::write(dir.join("SHA256SUMS"), &sum.stdout).unwrap();
    String::from_utf8_lossy(&sum.stdout)[..64].to_string()
}

fn install(home: &Path, dist: &Path) -> std::process::Output {
    install_with(home, dist, &[])
}

fn install_with(home: &Path, dist: &Path, vars: &[(&str, &str)]) -> std::process::Output {
    Command::new("sh")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/install.sh"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("MINIMAX_TTS_STATIC", "1")
        .env(
            "MINIMAX_TTS_DOWNLOAD_URL",
            format!("file://{}", dist.display()),
        )
        .envs(vars.iter().copied())
        .output()
        .expect("run install.sh")
}

#[test]
fn the_installer_checks_the_archive_and_installs_the_binary() {
    if crate::support::tool("curl").is_none() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let dist = home.path().join("dist");
    let target = format!("{}-unknown-linux-musl", std::env::consts::ARCH);
    release_dir(&dist, &target);
    let out = install(home.path(), &dist);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("installed minimax-tts "), "{said}");
    let installed = home.path().join(".local/bin/minimax-tts");
    let version = Command::new(&installed).arg("--version").output().unwrap();
    assert!(version.status.success());

    // A changed archive is refused, and the installed binary is left alone.
    std::fs::remove_file(&installed).unwrap();
    let archive = dist.join(format!("minimax-tts-{target}.tar.gz"));
    let mut bytes = std::fs::read(&archive).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&archive, bytes).unwrap();
    let out = install(home.path(), &dist);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("not installed"), "{said}");
    assert!(!installed.exists());
}

/// The workflow commands GitHub's runner would act on in `log`: lines that start with
/// `::`, except between `::stop-commands::TOKEN` and `::TOKEN::`.
fn workflow_commands(log: &str) -> Vec<String> {
    let mut stopped: Option<String> = None;
    let mut commands = Vec::new();
    for line in log.lines() {
        if let Some(token) = &stopped {
            if line == format!("::{token}::") {
                stopped = None;
            }
            continue;
        }
        if let Some(token) = line.strip_prefix("::stop-commands::") {
            stopped = Some(token.to_string());
        } else if line.starts_with("::") || line.starts_with("##[") {
            commands.push(line.to_string());
        }
    }
    commands
}

#[test]
fn a_manifest_cannot_forge_workflow_commands_in_the_job_log() {
    let env = TestEnv::new();
    std::fs::write(
        env.path("evil.jsonl"),
        concat!(
            r#"{"id": "a\n::warning::forged by the manifest", "text": "One."}"#,
            "\n",
            r#"{"id": "b\u001b]0;retitled\u0007", "text": "Two."}"#,
            "\n",
            r#"{"id": "c", "text": "Three.", "output": "x\n::error::forged.mp3"}"#,
            "\n",
        ),
    )
    .unwrap();
    let (code, _, log) = gha_batch(
        &env,
        &[("TTS_MANIFEST", "evil.jsonl"), ("TTS_DRY_RUN", "true")],
    );
    assert_eq!(
        code, 2,
        "the ids and the output are refused when checked: {log}"
    );
    assert!(log.contains("control character"), "{log}");
    assert!(!log.contains('\u{1b}') && !log.contains('\u{7}'), "{log:?}");
    assert_eq!(workflow_commands(&log), Vec::<String>::new(), "{log}");
    assert_eq!(env.server.connections().len(), 0);

    // Ids that are fine but look like commands are printed inside the stop.
    std::fs::write(
        env.path("odd.jsonl"),
        "{\"id\": \"::warning::x\", \"text\": \"One.\"}\n",
    )
    .unwrap();
    let (code, _, log) = gha_batch(
        &env,
        &[("TTS_MANIFEST", "odd.jsonl"), ("TTS_DRY_RUN", "true")],
    );
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("::warning::x"), "{log}");
    assert_eq!(workflow_commands(&log), Vec::<String>::new(), "{log}");
}

#[test]
fn the_installer_takes_a_pinned_checksum_and_follows_no_planted_link() {
    if crate::support::tool("curl").is_none() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let dist = home.path().join("dist");
    let target = format!("{}-unknown-linux-musl", std::env::consts::ARCH);
    let sum = release_dir(&dist, &target);
    let bin_dir = home.path().join(".local/bin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    // Links planted where an installer might write: the old fixed temporary name, and
    // the binary's own name, both to a file of the user's.
    let precious = home.path().join("precious");
    std::fs::write(&precious, "precious\n").unwrap();
    std::os::unix::fs::symlink(&precious, bin_dir.join(".minimax-tts.new")).unwrap();
    std::os::unix::fs::symlink(&precious, bin_dir.join("minimax-tts")).unwrap();

    // A pin that differs from the archive: refused, whatever SHA256SUMS says.
    let wrong = format!(
        "{}{}",
        &sum[..63],
        if sum.ends_with('0') { "1" } else { "0" }
    );
    let out = install_with(home.path(), &dist, &[("MINIMAX_TTS_SHA256", &wrong)]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not installed"));
    let out = install_with(home.path(), &dist, &[("MINIMAX_TTS_SHA256", "abc")]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("64 hex digits"));

    // The right pin, with SHA256SUMS gone: installed.
    std::fs::remove_file(dist.join("SHA256SUMS")).unwrap();
    let out = install_with(
        home.path(),
        &dist,
        &[("MINIMAX_TTS_SHA256", &sum.to_uppercase())],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "precious\n");
    let installed = bin_dir.join("minimax-tts");
    assert!(
        std::fs::symlink_metadata(&installed)
            .unwrap()
            .file_type()
            .is_file()
    );
    assert!(
        Command::new(&installed)
            .arg("--version")
            .output()
            .unwrap()
            .status
            .success()
    );
    // No temporary file is left.
    let left: Vec<_> = std::fs::read_dir(&bin_dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".minimax-tts.") && n != ".minimax-tts.new")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
