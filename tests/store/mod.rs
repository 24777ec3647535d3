//! The cache as untrusted storage: planted symlinks, damaged entries, a read-only cache,
//! two runs at once, and Ctrl-C while restoring. Nothing outside the test's own temp
//! directory is ever touched (the suite runs as root in CI: a followed link would reach
//! anything).

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::server::audio_for;
use crate::support::{Run, TestEnv, assert_killed_by, run, send_signal};

fn write(env: &TestEnv, name: &str, text: &str) {
    fs::write(env.path(name), text).unwrap();
}

/// The one-row manifest's cache entry path, from a dry run's cache key.
fn entry_of(env: &TestEnv, manifest: &str) -> PathBuf {
    let plan = env
        .run(&["batch", manifest, "--out-dir", "out", "--dry-run", "--json"])
        .json();
    let key = plan["synthesize"][0]["cache_key"]
        .as_str()
        .or_else(|| plan["cached"][0]["cache_key"].as_str())
        .unwrap()
        .to_string();
    env.path(".cache/minimax-tts/v2")
        .join(&key[..2])
        .join(format!("{key}.mp3"))
}

fn one_row(env: &TestEnv) -> PathBuf {
    write(env, "l.jsonl", "{\"id\":\"a\",\"text\":\"Hello there.\"}\n");
    entry_of(env, "l.jsonl")
}

fn batch(env: &TestEnv, extra: &[&str]) -> Run {
    let mut args = vec!["batch", "l.jsonl", "--out-dir", "out"];
    args.extend_from_slice(extra);
    env.run(&args)
}

/// The audio of an entry, after its 48-byte header (checked).
fn entry_audio(path: &Path) -> Vec<u8> {
    let bytes = fs::read(path).unwrap();
    assert!(fs::symlink_metadata(path).unwrap().file_type().is_file());
    let (header, audio) = bytes.split_at(48);
    assert_eq!(&header[8..16], &(audio.len() as u64).to_le_bytes());
    assert_eq!(&header[16..], &Sha256::digest(audio)[..]);
    audio.to_vec()
}

#[test]
fn a_symlink_planted_at_an_entry_is_never_written_through() {
    let env = TestEnv::new();
    let entry = one_row(&env);
    fs::create_dir_all(entry.parent().unwrap()).unwrap();
    let victim = env.path("victim.txt");
    let dangling = env.path("created-by-a-dangling-link");
    // A dangling link first: the old cache created its target.
    symlink(&dangling, &entry).unwrap();
    batch(&env, &[]).assert_code(0);
    assert!(!dangling.exists(), "a dangling link's target was created");
    assert_eq!(entry_audio(&entry), audio_for("mp3", "Hello there."));
    // A link to an existing file, then --force: the old cache overwrote the file.
    fs::write(&victim, "precious").unwrap();
    fs::remove_file(&entry).unwrap();
    symlink(&victim, &entry).unwrap();
    batch(&env, &["--force"]).assert_code(0);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(entry_audio(&entry), audio_for("mp3", "Hello there."));
    // A link as the entry of a cached row is not restored through: the row is made
    // again and the link replaced by a real entry.
    fs::remove_file(&entry).unwrap();
    symlink(&victim, &entry).unwrap();
    fs::remove_file(env.path("out/a.mp3")).unwrap();
    let sent = env.server.texts().len();
    batch(&env, &[]).assert_code(0);
    assert_eq!(env.server.texts().len(), sent + 1);
    assert_eq!(entry_audio(&entry), audio_for("mp3", "Hello there."));
    assert_eq!(
        fs::read(env.path("out/a.mp3")).unwrap(),
        audio_for("mp3", "Hello there.")
    );
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
}

#[test]
fn a_symlinked_shard_is_neither_written_nor_pruned() {
    let env = TestEnv::new();
    let entry = one_row(&env);
    let shard = entry.parent().unwrap().to_path_buf();
    let target = env.path("elsewhere");
    fs::create_dir_all(&target).unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(90 * 86_400);
    for name in ["notes.txt", entry.file_name().unwrap().to_str().unwrap()] {
        fs::write(target.join(name), "keep me").unwrap();
        fs::File::options()
            .append(true)
            .open(target.join(name))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    fs::create_dir_all(shard.parent().unwrap()).unwrap();
    symlink(&target, &shard).unwrap();
    // The insert cannot go through the link: the row is written, the cache warns.
    let result = batch(&env, &[]);
    result.assert_code(0).assert_stderr("not cached");
    assert_eq!(
        fs::read(env.path("out/a.mp3")).unwrap(),
        audio_for("mp3", "Hello there.")
    );
    env.run(&["cache", "prune", "--older-than", "1d"])
        .assert_code(0);
    for name in ["notes.txt", entry.file_name().unwrap().to_str().unwrap()] {
        assert_eq!(
            fs::read_to_string(target.join(name)).unwrap(),
            "keep me",
            "{name} outside the cache was touched"
        );
    }
    assert!(
        fs::symlink_metadata(&shard)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn prune_removes_only_its_own_names() {
    let env = TestEnv::new();
    let entry = one_row(&env);
    batch(&env, &[]).assert_code(0);
    let shard = entry.parent().unwrap();
    let stranger = shard.join("README");
    fs::write(&stranger, "not ours").unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(90 * 86_400);
    for path in [&stranger, &entry] {
        fs::File::options()
            .append(true)
            .open(path)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    env.run(&["cache", "prune", "--older-than", "30d"])
        .assert_code(0)
        .assert_stderr("removed 1 entries");
    assert!(!entry.exists());
    assert_eq!(fs::read_to_string(&stranger).unwrap(), "not ours");
}

#[test]
fn truncated_and_empty_entries_are_synthesized_again_and_replaced() {
    let env = TestEnv::new();
    let entry = one_row(&env);
    batch(&env, &[]).assert_code(0);
    let good = fs::read(&entry).unwrap();
    for damaged in [&good[..good.len() / 2], &[][..]] {
        fs::write(&entry, damaged).unwrap();
        fs::remove_file(env.path("out/a.mp3")).unwrap();
        let sent = env.server.texts().len();
        let result = batch(&env, &["--json"]);
        result.assert_code(0).assert_stderr("damaged");
        assert_eq!(env.server.texts().len(), sent + 1, "not synthesized again");
        assert_eq!(
            fs::read(env.path("out/a.mp3")).unwrap(),
            audio_for("mp3", "Hello there.")
        );
        assert_eq!(
            fs::read(&entry).unwrap(),
            good,
            "the entry was not replaced"
        );
    }
}

/// Runs `cmd` as the unprivileged user `nobody` when the suite runs as root (root may
/// write anywhere, so a read-only cache needs another user); otherwise as is.
fn as_unprivileged(cmd: &mut std::process::Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: getuid has no preconditions.
    if unsafe { libc::getuid() } == 0 {
        cmd.uid(65534).gid(65534);
    }
}

fn make_read_only(dir: &Path) {
    for entry in walk(dir) {
        let mode = if entry.is_dir() { 0o555 } else { 0o444 };
        fs::set_permissions(&entry, fs::Permissions::from_mode(mode)).unwrap();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    if dir.is_dir() {
        for e in fs::read_dir(dir).unwrap() {
            out.extend(walk(&e.unwrap().path()));
        }
    }
    out
}

#[test]
fn a_read_only_cache_serves_its_hits() {
    let env = TestEnv::new();
    write(
        &env,
        "l.jsonl",
        "{\"id\":\"a\",\"text\":\"Hello there.\"}\n{\"id\":\"b\",\"text\":\"Goodbye now.\"}\n",
    );
    let cache = env.path("ro-cache");
    let cache_arg = cache.to_string_lossy().to_string();
    env.run(&[
        "batch",
        "l.jsonl",
        "--out-dir",
        "out",
        "--cache-dir",
        &cache_arg,
    ])
    .assert_code(0);
    make_read_only(&cache);
    // Everything the other user needs: the home (config dir), the manifest, an output
    // directory it may write.
    fs::set_permissions(env.path(""), fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(env.path("l.jsonl"), fs::Permissions::from_mode(0o644)).unwrap();
    fs::create_dir_all(env.path("out2")).unwrap();
    fs::set_permissions(env.path("out2"), fs::Permissions::from_mode(0o777)).unwrap();
    let sent = env.server.texts().len();
    // The other user may not reach the build directory (a clone under /root): it runs a
    // copy of the binary from the test's home.
    let bin = env.path("minimax-tts");
    fs::copy(env!("CARGO_BIN_EXE_minimax-tts"), &bin).unwrap();
    fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = crate::support::bare_cmd_of(&bin, env.home.path());
    cmd.env("MINIMAX_API_KEY", crate::server::API_KEY)
        .env("MINIMAX_BASE_URL", env.server.url());
    cmd.args([
        "batch",
        "l.jsonl",
        "--out-dir",
        "out2",
        "--cache-dir",
        &cache_arg,
        "--json",
    ]);
    as_unprivileged(&mut cmd);
    let result = run(&mut cmd);
    result.assert_code(0).assert_stderr("not be stored");
    assert_eq!(env.server.texts().len(), sent, "a cached row was paid for");
    assert_eq!(
        fs::read(env.path("out2/b.mp3")).unwrap(),
        audio_for("mp3", "Goodbye now.")
    );
    // Restored files get the process's normal mode, not the entry's read-only one.
    let mode = fs::metadata(env.path("out2/a.mp3"))
        .unwrap()
        .permissions()
        .mode();
    assert_ne!(mode & 0o200, 0, "mode {mode:o}");
    // A row that is not cached is synthesized, written, and not stored.
    write(
        &env,
        "l.jsonl",
        "{\"id\":\"a\",\"text\":\"Hello there.\"}\n{\"id\":\"c\",\"text\":\"A new line.\"}\n",
    );
    let result = run(&mut cmd);
    result.assert_code(0);
    assert_eq!(
        fs::read(env.path("out2/c.mp3")).unwrap(),
        audio_for("mp3", "A new line.")
    );
    fs::set_permissions(&cache, fs::Permissions::from_mode(0o755)).unwrap();
    for entry in walk(&cache) {
        let _ = fs::set_permissions(&entry, fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn two_runs_at_once_pay_once_for_each_row() {
    let env = TestEnv::new();
    // Slow enough that the runs overlap on every row.
    env.server.set_chunk_delay(Duration::from_millis(15));
    let lines: String = (0..8)
        .map(|i| format!("{{\"id\":\"s{i}\",\"text\":\"Shared line {i}.\"}}\n"))
        .collect();
    write(&env, "lines.jsonl", &lines);
    let children: Vec<_> = ["one", "two"]
        .iter()
        .map(|dir| {
            env.cmd()
                .args(["batch", "lines.jsonl", "--out-dir", dir, "--jobs", "2"])
                .spawn()
                .unwrap()
        })
        .collect();
    crate::support::all_succeed(children);
    let mut texts = env.server.texts();
    texts.sort();
    let mut expected: Vec<String> = (0..8).map(|i| format!("Shared line {i}.")).collect();
    expected.sort();
    assert_eq!(texts, expected, "a row was paid for twice");
    for dir in ["one", "two"] {
        for i in 0..8 {
            assert_eq!(
                fs::read(env.path(&format!("{dir}/s{i}.mp3"))).unwrap(),
                audio_for("mp3", &format!("Shared line {i}."))
            );
        }
    }
}

#[test]
fn identical_rows_in_one_manifest_are_paid_for_once() {
    let env = TestEnv::new();
    write(
        &env,
        "l.jsonl",
        "{\"id\":\"a\",\"text\":\"Same words.\"}\n{\"id\":\"b\",\"text\":\"Same words.\"}\n{\"id\":\"c\",\"text\":\"Same words.\"}\n",
    );
    batch(&env, &["--no-cache"]).assert_code(0);
    assert_eq!(env.server.texts(), ["Same words."]);
    for id in ["a", "b", "c"] {
        assert_eq!(
            fs::read(env.path(&format!("out/{id}.mp3"))).unwrap(),
            audio_for("mp3", "Same words.")
        );
    }
}

#[test]
fn a_manifest_larger_than_a_chunk_runs_whole_and_pays_each_text_once() {
    // More rows than one chunk (1,024), one text repeated across chunks, and a report:
    // every row made, the repeat copied (not paid again) without a cache to find it in,
    // the report in manifest order.
    let env = TestEnv::new();
    let rows = 1100;
    let lines: String = (0..rows)
        .map(|i| {
            let text = if i == rows - 1 {
                "Row 3.".to_string()
            } else {
                format!("Row {i}.")
            };
            format!("{{\"id\":\"r{i}\",\"text\":\"{text}\"}}\n")
        })
        .collect();
    write(&env, "l.jsonl", &lines);
    batch(
        &env,
        &["--no-cache", "--jobs", "4", "--report", "report.json"],
    )
    .assert_code(0);
    let mut texts = env.server.texts();
    assert_eq!(texts.len(), rows - 1, "the repeated text was paid again");
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), rows - 1);
    let last = rows - 1;
    assert_eq!(
        fs::read(env.path(&format!("out/r{last}.mp3"))).unwrap(),
        audio_for("mp3", "Row 3.")
    );
    assert_eq!(fs::read_dir(env.path("out")).unwrap().count(), rows);
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(env.path("report.json")).unwrap()).unwrap();
    let numbers: Vec<u64> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["row"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=rows as u64).collect::<Vec<_>>());
    assert_eq!(report["summary"]["synthesized"], rows - 1);
    assert_eq!(report["summary"]["cached"], 1);
}

#[test]
fn ctrl_c_while_restoring_stops_the_run() {
    let env = TestEnv::new();
    let lines: String = (0..400)
        .map(|i| format!("{{\"id\":\"r{i}\",\"text\":\"Row {i}.\"}}\n"))
        .collect();
    write(&env, "l.jsonl", &lines);
    batch(&env, &["--jobs", "8"]).assert_code(0);
    fs::remove_dir_all(env.path("out")).unwrap();
    let mut child = env
        .cmd()
        .args(["batch", "l.jsonl", "--out-dir", "out", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The first restored row's event, then the signal.
    let mut stdout = child.stdout.take().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !seen.contains(&b'\n') {
        assert!(Instant::now() < deadline, "no row was restored");
        use std::io::Read;
        if stdout.read(&mut byte).unwrap() == 0 {
            break;
        }
        seen.push(byte[0]);
    }
    send_signal(child.id(), libc::SIGINT);
    let output = child.wait_with_output().unwrap();
    assert_killed_by(output.status, libc::SIGINT, &output.stderr);
    let restored = fs::read_dir(env.path("out")).unwrap().count();
    assert!(
        restored < 400,
        "all {restored} rows were restored after Ctrl-C"
    );
}

#[test]
fn an_unchanged_rerun_is_decided_from_stat_and_a_changed_file_gets_the_full_check() {
    let env = TestEnv::new();
    write(
        &env,
        "l.jsonl",
        "{\"id\":\"a\",\"text\":\"Line one.\"}\n{\"id\":\"b\",\"text\":\"Line two.\"}\n",
    );
    batch(&env, &[]).assert_code(0);
    let cache = env.path(".cache/minimax-tts/v2");
    // Every entry goes away (the record stays): a re-run that read entries or files in
    // full would have to synthesize again.
    for shard in fs::read_dir(&cache).unwrap() {
        let shard = shard.unwrap().path();
        if shard.is_dir() && !shard.ends_with("runs") {
            fs::remove_dir_all(shard).unwrap();
        }
    }
    let sent = env.server.texts().len();
    let again = batch(&env, &["--json", "-v"]);
    again.assert_code(0).assert_stderr("2 of 2 files unchanged");
    assert_eq!(
        env.server.texts().len(),
        sent,
        "decided from stat: no request"
    );
    let summary = again.stdout_text();
    assert!(summary.contains("\"cached\":2"), "{summary}");
    assert!(summary.contains("\"audio_ms\":"), "{summary}");
    // The record still holds both after a run decided from it (which records nothing
    // anew): a third run is decided from stat too.
    batch(&env, &["--json", "-v"])
        .assert_code(0)
        .assert_stderr("2 of 2 files unchanged");
    assert_eq!(env.server.texts().len(), sent);

    // A file changed since (its size, then only its time): the full check, which finds
    // no entry, makes that row again and puts the right bytes back.
    fs::write(env.path("out/a.mp3"), b"not the audio").unwrap();
    batch(&env, &[]).assert_code(0);
    assert_eq!(env.server.texts().len(), sent + 1);
    assert_eq!(
        fs::read(env.path("out/a.mp3")).unwrap(),
        audio_for("mp3", "Line one.")
    );
    let later = std::time::SystemTime::now() + Duration::from_secs(60);
    fs::File::options()
        .append(true)
        .open(env.path("out/b.mp3"))
        .unwrap()
        .set_modified(later)
        .unwrap();
    batch(&env, &[]).assert_code(0);
    assert_eq!(
        env.server.texts().len(),
        sent + 2,
        "same size, another time: checked"
    );

    // --force is never answered from the record.
    batch(&env, &["--force"]).assert_code(0);
    assert_eq!(env.server.texts().len(), sent + 4);
}

/// Every `*.state` record under `dir` (searched to any depth).
fn records_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(records_under(&path));
        } else if path.extension().is_some_and(|e| e == "state") {
            found.push(path);
        }
    }
    found
}

#[test]
fn a_record_forged_in_the_shared_cache_never_keeps_stale_audio() {
    let env = TestEnv::new();
    let cache = env.path("shared-cache");
    let state = env.path("state");
    let batch = |args: &[&str]| {
        run(env
            .cmd()
            .env("MINIMAX_TTS_CACHE_DIR", &cache)
            .env("MINIMAX_TTS_STATE_DIR", &state)
            .args(["batch", "lines.jsonl", "--out-dir", "out"])
            .args(args))
    };
    write(
        &env,
        "lines.jsonl",
        "{\"id\": \"a\", \"text\": \"Old words.\"}\n",
    );
    batch(&[]).assert_code(0);
    // The record, wherever it is kept.
    let records: Vec<PathBuf> = [records_under(&state), records_under(&cache)].concat();
    assert_eq!(records.len(), 1, "{records:?}");
    let line = fs::read_to_string(&records[0]).unwrap();

    // The row is about to change; whoever writes the cache knows its next key.
    write(
        &env,
        "lines.jsonl",
        "{\"id\": \"a\", \"text\": \"New words.\"}\n",
    );
    let plan = batch(&["--dry-run", "--json"]).json();
    let new_key = plan["synthesize"][0]["cache_key"]
        .as_str()
        .unwrap()
        .to_string();
    let mut fields: Vec<&str> = line.trim().split(' ').collect();
    fields[1] = &new_key;
    let forged = format!("{}\n", fields.join(" "));
    // Where the record used to live, and where it lives now (a user whose state
    // directory is as writable as the cache is not protected, but the cache alone
    // must not be enough).
    let name = records[0].file_name().unwrap();
    fs::create_dir_all(cache.join("v2/runs")).unwrap();
    fs::write(cache.join("v2/runs").join(name), &forged).unwrap();

    let run = batch(&["--json"]);
    run.assert_code(0);
    let rows: Vec<serde_json::Value> = run
        .stdout_text()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|e: &serde_json::Value| e["event"] == "row")
        .collect();
    assert_eq!(rows[0]["status"], "synthesized", "{rows:?}");
    assert_eq!(
        fs::read(env.path("out/a.mp3")).unwrap(),
        audio_for("mp3", "New words.")
    );
    // Because the record is kept where only the user writes, never in the cache.
    assert!(records[0].starts_with(&state), "{records:?}");
}
