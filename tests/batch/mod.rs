//! `batch` against the fakes: manifests (JSONL, CSV) with overrides, validation that
//! sends nothing, byte-exact files, the cache (a re-run makes no request), shards,
//! rate limits, failures, Ctrl-C and resume, and both providers in one manifest.

use std::fs;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::server::fish::{FishServer, piece_audio};
use crate::server::{API_KEY, audio_for};
use crate::support::{Run, TestEnv, assert_killed_by, assert_no_temp_files, run, send_signal};

fn write(env: &TestEnv, name: &str, text: &str) {
    fs::write(env.path(name), text).unwrap();
}

fn batch(env: &TestEnv, args: &[&str]) -> Run {
    let mut all = vec!["batch"];
    all.extend_from_slice(args);
    env.run(&all)
}

/// NDJSON lines of a run.
fn events(run: &Run) -> Vec<Value> {
    run.stdout_text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn rows_by_status(run: &Run, status: &str) -> Vec<String> {
    let mut ids: Vec<String> = events(run)
        .iter()
        .filter(|e| e["event"] == "row" && e["status"] == status)
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn jsonl_rows_with_overrides_become_exact_files() {
    let env = TestEnv::new();
    write(&env, "c.txt", "Text from a file.");
    write(
        &env,
        "lines.jsonl",
        concat!(
            "{\"id\": \"a\", \"text\": \"Hello there.\"}\n",
            "{\"id\": \"b\", \"text\": \"Goodbye now.\", \"voice\": \"Other_Voice\", \"speed\": 1.25}\n",
            "{\"id\": \"c\", \"text_file\": \"c.txt\", \"format\": \"wav\", \"sample_rate\": 16000}\n",
            "{\"id\": \"sub/d\", \"text\": \"Nested.\", \"output\": \"custom/d-file.mp3\"}\n",
        ),
    );
    let result = batch(
        &env,
        &[
            "lines.jsonl",
            "--out-dir",
            "out",
            "--json",
            "--voice",
            "Flag_Voice",
        ],
    );
    result.assert_code(0);
    assert_eq!(
        fs::read(env.path("out/a.mp3")).unwrap(),
        audio_for("mp3", "Hello there.")
    );
    assert_eq!(
        fs::read(env.path("out/b.mp3")).unwrap(),
        audio_for("mp3", "Goodbye now.")
    );
    let wav = fs::read(env.path("out/c.wav")).unwrap();
    assert_eq!(&wav[44..], &audio_for("pcm", "Text from a file.")[..]);
    assert_eq!(
        u32::from_le_bytes(wav[40..44].try_into().unwrap()) as usize,
        wav.len() - 44
    );
    assert!(env.path("out/custom/d-file.mp3").exists());
    let starts: Vec<Value> = env
        .server
        .connections()
        .iter()
        .filter_map(|c| c.task_start().cloned())
        .collect();
    let voice_of = |speed: f64| {
        starts
            .iter()
            .find(|s| s["voice_setting"]["speed"] == speed)
            .map(|s| s["voice_setting"]["voice_id"].as_str().unwrap().to_string())
    };
    // The row's voice wins over the flag's; rows without one take the flag's.
    assert_eq!(voice_of(1.25).as_deref(), Some("Other_Voice"));
    assert_eq!(voice_of(1.0).as_deref(), Some("Flag_Voice"));
    assert_eq!(
        rows_by_status(&result, "synthesized"),
        ["a", "b", "c", "sub/d"]
    );
    let summary = events(&result).pop().unwrap();
    assert_eq!(summary["event"], "summary");
    assert_eq!(summary["synthesized"], 4);
    assert_no_temp_files(&env.path("out"));
}

#[test]
fn rows_with_the_same_settings_share_one_session() {
    let env = TestEnv::new();
    let lines: String = (0..5)
        .map(|i| format!("{{\"id\":\"l{i}\",\"text\":\"Line number {i}.\"}}\n"))
        .collect();
    write(&env, "lines.jsonl", &lines);
    batch(&env, &["lines.jsonl", "--out-dir", "out", "--jobs", "1"]).assert_code(0);
    let conns = env.server.connections();
    assert_eq!(conns.len(), 1, "one handshake for five rows");
    assert_eq!(conns[0].texts().len(), 5);
    for i in 0..5 {
        let text = format!("Line number {i}.");
        assert_eq!(
            fs::read(env.path(&format!("out/l{i}.mp3"))).unwrap(),
            audio_for("mp3", &text)
        );
    }
}

#[test]
fn a_rerun_is_served_from_the_cache_and_one_change_costs_one_request() {
    let env = TestEnv::new();
    write(&env, "lines.jsonl", &manifest("Third line."));
    batch(&env, &["lines.jsonl", "--out-dir", "out"]).assert_code(0);
    let first: Vec<Vec<u8>> = ["a", "b", "c"]
        .iter()
        .map(|id| fs::read(env.path(&format!("out/{id}.mp3"))).unwrap())
        .collect();
    let texts_before = env.server.texts().len();
    let connections_before = env.server.connections().len();
    fs::remove_file(env.path("out/b.mp3")).unwrap();

    let again = batch(&env, &["lines.jsonl", "--out-dir", "out", "--json"]);
    again.assert_code(0);
    assert_eq!(
        env.server.connections().len(),
        connections_before,
        "no request at all"
    );
    assert_eq!(rows_by_status(&again, "cached"), ["a", "b", "c"]);
    for (id, bytes) in ["a", "b", "c"].iter().zip(&first) {
        assert_eq!(
            &fs::read(env.path(&format!("out/{id}.mp3"))).unwrap(),
            bytes
        );
    }

    write(&env, "lines.jsonl", &manifest("A changed third line."));
    let changed = batch(&env, &["lines.jsonl", "--out-dir", "out", "--json"]);
    changed.assert_code(0);
    assert_eq!(env.server.texts().len(), texts_before + 1);
    assert_eq!(env.server.texts().last().unwrap(), "A changed third line.");
    assert_eq!(rows_by_status(&changed, "synthesized"), ["c"]);

    // --force pays again; --no-cache neither reads nor writes the cache.
    batch(&env, &["lines.jsonl", "--out-dir", "out", "--force"]).assert_code(0);
    assert_eq!(env.server.texts().len(), texts_before + 4);
}

#[test]
fn csv_cells_left_empty_are_unset_and_extra_columns_can_be_ignored() {
    let env = TestEnv::new();
    write(
        &env,
        "lines.csv",
        "id,text,speed,notes\nintro,\"Hello, there.\",1.5,say it warmly\nouter,Goodbye now.,,\n",
    );
    let refused = batch(&env, &["lines.csv", "--out-dir", "out"]);
    refused
        .assert_code(2)
        .assert_stderr("row 1 (id intro): unknown key notes")
        .assert_stderr("--ignore-columns notes");
    assert!(env.server.connections().is_empty());
    batch(
        &env,
        &[
            "lines.csv",
            "--out-dir",
            "out",
            "--ignore-columns",
            "notes",
            "--jobs",
            "1",
        ],
    )
    .assert_code(0);
    let speeds: Vec<Value> = env
        .server
        .connections()
        .iter()
        .filter_map(|c| c.task_start().map(|s| s["voice_setting"]["speed"].clone()))
        .collect();
    assert!(
        speeds.contains(&Value::from(1.5)) && speeds.contains(&Value::from(1.0)),
        "{speeds:?}"
    );
    assert_eq!(
        fs::read(env.path("out/intro.mp3")).unwrap(),
        audio_for("mp3", "Hello, there.")
    );
}

#[test]
fn every_problem_of_a_bad_manifest_is_listed_and_nothing_is_sent() {
    let env = TestEnv::new();
    write(
        &env,
        "bad.jsonl",
        concat!(
            "{\"id\": \"a\", \"text\": \"Fine.\"}\n",
            "{\"id\": \"a\", \"text\": \"Same id.\"}\n",
            "{\"id\": \"empty\", \"text\": \"   \"}\n",
            "{\"id\": \"fast\", \"text\": \"Hi.\", \"speed\": 9}\n",
            "{\"id\": \"opus\", \"text\": \"Hi.\", \"format\": \"opus\"}\n",
            "{\"id\": \"typo\", \"text\": \"Hi.\", \"vioce\": \"x\"}\n",
            "{\"id\": \"../escape\", \"text\": \"Hi.\"}\n",
            "{\"id\": \"abs\", \"text\": \"Hi.\", \"output\": \"/tmp/abs.mp3\"}\n",
            "{\"text\": \"No id.\"}\n",
            "not json\n",
        ),
    );
    let result = batch(&env, &["bad.jsonl", "--out-dir", "out"]);
    result.assert_code(2).assert_stderr("line 10: not JSON");
    assert!(env.server.connections().is_empty());
    // JSON that parses: every row's problem is listed.
    let lines: String = fs::read_to_string(env.path("bad.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| format!("{l}\n"))
        .collect();
    write(&env, "bad.jsonl", &lines);
    let result = batch(&env, &["bad.jsonl", "--out-dir", "out"]);
    result
        .assert_code(2)
        .assert_stderr("row 2 (id a): the id is also used by row 1")
        .assert_stderr("row 3 (id empty): no text to speak")
        .assert_stderr("row 4 (id fast): speed: speed must be between 0.5 and 2")
        // A row's advice names its keys, not the command's flags.
        .assert_stderr("row 5 (id opus): MiniMax does not produce Opus; set format to mp3, wav, pcm or flac, or set provider to fish")
        .assert_stderr("row 6 (id typo): unknown key vioce")
        .assert_stderr("row 7 (id ../escape): output '../escape.mp3' leaves the output directory")
        .assert_stderr("row 8 (id abs): output '/tmp/abs.mp3' is absolute")
        .assert_stderr("row 9: no id");
    assert!(env.server.connections().is_empty());
    assert!(!env.path("out").exists() || fs::read_dir(env.path("out")).unwrap().next().is_none());
}

#[test]
fn symlinks_out_of_the_output_directory_are_refused() {
    let env = TestEnv::new();
    fs::create_dir(env.path("out")).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), env.path("out/link")).unwrap();
    write(&env, "l.jsonl", "{\"id\":\"link/x\",\"text\":\"Hi.\"}\n");
    batch(&env, &["l.jsonl", "--out-dir", "out"])
        .assert_code(2)
        .assert_stderr("leads outside the output directory");
    assert!(env.server.connections().is_empty());
}

#[test]
fn shards_are_disjoint_and_complete() {
    let env = TestEnv::new();
    let ids: Vec<String> = (0..30).map(|i| format!("line-{i}")).collect();
    let lines: String = ids
        .iter()
        .map(|id| format!("{{\"id\":\"{id}\",\"text\":\"Say {id}.\"}}\n"))
        .collect();
    write(&env, "lines.jsonl", &lines);
    let mut seen: Vec<String> = Vec::new();
    for k in 1..=3 {
        let dir = format!("shard{k}");
        let shard = format!("{k}/3");
        batch(
            &env,
            &[
                "lines.jsonl",
                "--out-dir",
                &dir,
                "--shard",
                &shard,
                "--no-cache",
            ],
        )
        .assert_code(0);
        let files: Vec<String> = fs::read_dir(env.path(&dir))
            .map(|d| {
                d.map(|e| {
                    e.unwrap()
                        .file_name()
                        .to_string_lossy()
                        .trim_end_matches(".mp3")
                        .to_string()
                })
                .collect()
            })
            .unwrap_or_default();
        assert!(
            !files.is_empty() && files.len() < 30,
            "shard {k}: {} rows",
            files.len()
        );
        seen.extend(files);
    }
    seen.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(seen, expected, "every row in exactly one shard");
    assert_eq!(env.server.texts().len(), 30);
}

#[test]
fn a_connection_limit_slows_everyone_down_and_every_row_succeeds() {
    let env = TestEnv::new();
    env.server.set_max_sessions(2);
    env.server.set_chunk_delay(Duration::from_millis(2));
    let lines: String = (0..16)
        .map(|i| {
            format!(
                "{{\"id\":\"r{i}\",\"text\":\"Row {i}.\",\"speed\":{}}}\n",
                1.0 + f64::from(i % 4) / 10.0
            )
        })
        .collect();
    write(&env, "lines.jsonl", &lines);
    let result = batch(
        &env,
        &["lines.jsonl", "--out-dir", "out", "--jobs", "4", "--json"],
    );
    result.assert_code(0);
    assert!(env.server.refused_sessions() > 0, "the limit was never hit");
    let summary = events(&result).pop().unwrap();
    assert_eq!(summary["synthesized"], 16, "{summary}");
    assert!(summary["slowdowns"].as_u64().unwrap() > 0, "{summary}");
    for i in 0..16 {
        assert_eq!(
            fs::read(env.path(&format!("out/r{i}.mp3"))).unwrap(),
            audio_for("mp3", &format!("Row {i}."))
        );
    }
}

#[test]
fn a_refused_row_fails_alone_with_its_exit_code_and_report() {
    let env = TestEnv::new();
    write(
        &env,
        "lines.jsonl",
        concat!(
            "{\"id\":\"good1\",\"text\":\"Hello there.\"}\n",
            "{\"id\":\"bad\",\"text\":\"Nope.\",\"model\":\"no-such-model\"}\n",
            "{\"id\":\"good2\",\"text\":\"Goodbye now.\"}\n",
        ),
    );
    let result = batch(
        &env,
        &["lines.jsonl", "--out-dir", "out", "--report", "report.json"],
    );
    result
        .assert_code(3)
        .assert_stderr("1 of 3 rows failed: bad")
        .assert_stderr("row 2 (id bad) failed");
    assert!(env.path("out/good1.mp3").exists() && env.path("out/good2.mp3").exists());
    assert!(!env.path("out/bad.mp3").exists());
    let report: Value =
        serde_json::from_slice(&fs::read(env.path("report.json")).unwrap()).unwrap();
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1]["id"], "bad");
    assert_eq!(rows[1]["status"], "failed");
    assert_eq!(rows[1]["error"]["status"], 2013);
    assert_eq!(rows[1]["error"]["exit"], 3);
    assert_eq!(report["summary"]["failed_ids"], serde_json::json!(["bad"]));
    assert_no_temp_files(&env.path("out"));
}

#[test]
fn fail_fast_stops_at_the_first_failure() {
    let env = TestEnv::new();
    let mut lines =
        String::from("{\"id\":\"bad\",\"text\":\"Nope.\",\"model\":\"no-such-model\"}\n");
    for i in 0..5 {
        lines.push_str(&format!("{{\"id\":\"ok{i}\",\"text\":\"Fine {i}.\",\"model\":\"no-such-model\",\"speed\":1.{i}}}\n"));
    }
    write(&env, "lines.jsonl", &lines);
    batch(
        &env,
        &[
            "lines.jsonl",
            "--out-dir",
            "out",
            "--jobs",
            "1",
            "--fail-fast",
        ],
    )
    .assert_code(3)
    .assert_stderr("not attempted (--fail-fast)");
}

#[test]
fn ctrl_c_keeps_finished_files_and_a_rerun_resumes() {
    let env = TestEnv::new();
    env.server.set_chunk_delay(Duration::from_millis(40));
    let lines: String = (0..6)
        .map(|i| format!("{{\"id\":\"r{i}\",\"text\":\"Row number {i}.\"}}\n"))
        .collect();
    write(&env, "lines.jsonl", &lines);
    let child = env
        .cmd()
        .args(["batch", "lines.jsonl", "--out-dir", "out", "--jobs", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !env.path("out/r0.mp3").exists() {
        assert!(Instant::now() < deadline, "no row finished");
        std::thread::sleep(Duration::from_millis(5));
    }
    send_signal(child.id(), libc::SIGINT);
    let output = child.wait_with_output().unwrap();
    assert_killed_by(output.status, libc::SIGINT, &output.stderr);
    assert_no_temp_files(&env.path("out"));
    let finished: Vec<_> = fs::read_dir(env.path("out")).unwrap().collect();
    assert!(
        !finished.is_empty() && finished.len() < 6,
        "{} files",
        finished.len()
    );
    env.server.set_chunk_delay(Duration::ZERO);
    let again = batch(&env, &["lines.jsonl", "--out-dir", "out", "--json"]);
    again.assert_code(0);
    assert!(!rows_by_status(&again, "cached").is_empty());
    for i in 0..6 {
        assert_eq!(
            fs::read(env.path(&format!("out/r{i}.mp3"))).unwrap(),
            audio_for("mp3", &format!("Row number {i}."))
        );
    }
}

#[test]
fn both_providers_in_one_manifest() {
    let env = TestEnv::new();
    let fish = FishServer::start();
    write(
        &env,
        "mixed.jsonl",
        concat!(
            "{\"id\":\"mm\",\"text\":\"Hello there.\"}\n",
            "{\"id\":\"fish1\",\"text\":\"Goodbye now.\",\"provider\":\"fish\",\"latency\":\"normal\"}\n",
            "{\"id\":\"fish2\",\"text\":\"Hello there.\",\"provider\":\"fish\",\"format\":\"wav\",\"sample_rate\":16000}\n",
        ),
    );
    let result = run(env
        .cmd()
        .env("FISH_API_KEY", API_KEY)
        .env("FISH_BASE_URL", fish.url())
        .args(["batch", "mixed.jsonl", "--out-dir", "out", "--json"]));
    result.assert_code(0);
    assert_eq!(
        fs::read(env.path("out/mm.mp3")).unwrap(),
        audio_for("mp3", "Hello there.")
    );
    assert_eq!(
        fs::read(env.path("out/fish1.mp3")).unwrap(),
        piece_audio("mp3", "Goodbye now.")
    );
    let wav = fs::read(env.path("out/fish2.wav")).unwrap();
    assert_eq!(&wav[44..], &piece_audio("pcm", "Hello there.")[..]);
    assert_eq!(fish.connections().len(), 2);
    assert_eq!(env.server.connections().len(), 1);
    let fish1 = events(&result)
        .into_iter()
        .find(|e| e["id"] == "fish1")
        .unwrap();
    assert_eq!(fish1["provider"], "fish");
    assert_eq!(fish1["billed_characters"], "Goodbye now.".len());
}

#[test]
fn dry_run_tells_what_would_be_paid_without_a_request() {
    let env = TestEnv::new();
    write(
        &env,
        "lines.jsonl",
        "{\"id\":\"a\",\"text\":\"Hello there.\"}\n{\"id\":\"b\",\"text\":\"你好。\"}\n",
    );
    batch(&env, &["lines.jsonl", "--out-dir", "out", "--jobs", "1"]).assert_code(0);
    let requests = env.server.connections().len();
    write(
        &env,
        "lines.jsonl",
        "{\"id\":\"a\",\"text\":\"Hello there.\"}\n{\"id\":\"b\",\"text\":\"你好。\"}\n{\"id\":\"c\",\"text\":\"New line.\"}\n",
    );
    let result = batch(
        &env,
        &["lines.jsonl", "--out-dir", "out", "--dry-run", "--json"],
    );
    result.assert_code(0);
    let plan = result.json();
    assert_eq!(plan["synthesize"].as_array().unwrap().len(), 1);
    assert_eq!(plan["synthesize"][0]["id"], "c");
    assert_eq!(plan["synthesize"][0]["output"], "c.mp3");
    assert_eq!(plan["cached"].as_array().unwrap().len(), 2);
    assert_eq!(plan["billed"]["minimax_characters"], 9);
    assert_eq!(env.server.connections().len(), requests);
    assert!(!env.path("out/c.mp3").exists());
}

#[test]
fn cache_size_and_prune() {
    let env = TestEnv::new();
    let cache = env.path("cache");
    write(
        &env,
        "l.jsonl",
        "{\"id\":\"a\",\"text\":\"Hello there.\"}\n",
    );
    let dir = cache.to_string_lossy().to_string();
    batch(&env, &["l.jsonl", "--cache-dir", &dir]).assert_code(0);
    let size = env.run(&["cache", "size", "--json", "--cache-dir", &dir]);
    size.assert_code(0);
    assert_eq!(size.json()["entries"], 1);
    // On disk: the audio and its entry header (length and SHA-256, 48 bytes).
    assert_eq!(
        size.json()["bytes"],
        audio_for("mp3", "Hello there.").len() + 48
    );
    env.run(&["cache", "prune", "--older-than", "1d", "--cache-dir", &dir])
        .assert_code(0);
    assert_eq!(
        env.run(&["cache", "size", "--json", "--cache-dir", &dir])
            .json()["entries"],
        1
    );
    env.run(&["cache", "prune", "--older-than", "0s", "--cache-dir", &dir])
        .assert_code(0)
        .assert_stderr("removed 1 entries");
    assert_eq!(
        env.run(&["cache", "size", "--json", "--cache-dir", &dir])
            .json()["entries"],
        0
    );
}

#[test]
fn two_processes_can_share_one_cache() {
    let env = TestEnv::new();
    let lines: String = (0..12)
        .map(|i| format!("{{\"id\":\"s{i}\",\"text\":\"Shared line {i}.\"}}\n"))
        .collect();
    write(&env, "lines.jsonl", &lines);
    let cache = env.path("shared-cache").to_string_lossy().to_string();
    let children: Vec<_> = ["one", "two"]
        .iter()
        .map(|dir| {
            env.cmd()
                .args([
                    "batch",
                    "lines.jsonl",
                    "--out-dir",
                    dir,
                    "--cache-dir",
                    &cache,
                ])
                .spawn()
                .unwrap()
        })
        .collect();
    crate::support::all_succeed(children);
    let size = env
        .run(&["cache", "size", "--json", "--cache-dir", &cache])
        .json();
    assert_eq!(size["entries"], 12);
    for shard in fs::read_dir(env.path("shared-cache/v2")).unwrap() {
        let shard = shard.unwrap().path();
        if shard.is_dir() {
            assert_no_temp_files(&shard);
        }
    }
    for i in 0..12 {
        let expected = audio_for("mp3", &format!("Shared line {i}."));
        assert_eq!(
            fs::read(env.path(&format!("one/s{i}.mp3"))).unwrap(),
            expected
        );
        assert_eq!(
            fs::read(env.path(&format!("two/s{i}.mp3"))).unwrap(),
            expected
        );
    }
}

/// Two fakes that each accept only their own key, and a manifest using both.
fn two_keyed_fakes(env: &TestEnv) -> FishServer {
    env.server.set_api_key("sk-minimax-only");
    write(env, "minimax.key", "sk-minimax-only\n");
    let fish = FishServer::start();
    fish.set_api_key("sk-fish-only");
    write(
        env,
        "mixed.jsonl",
        concat!(
            "{\"id\":\"m1\",\"text\":\"Hello there.\"}\n",
            "{\"id\":\"f1\",\"text\":\"Goodbye now.\",\"provider\":\"fish\"}\n",
            "{\"id\":\"m2\",\"text\":\"Goodbye now.\"}\n",
            "{\"id\":\"f2\",\"text\":\"Hello there.\",\"provider\":\"fish\"}\n",
        ),
    );
    fish
}

#[test]
fn mixed_batch_sends_each_provider_its_own_key() {
    let env = TestEnv::new();
    let fish = two_keyed_fakes(&env);
    let result = run(env
        .cmd()
        .env_remove("MINIMAX_API_KEY")
        .env("FISH_API_KEY", "sk-fish-only")
        .env("FISH_BASE_URL", fish.url())
        .args([
            "batch",
            "mixed.jsonl",
            "--out-dir",
            "out",
            "--api-key-file",
            "minimax.key",
            "--json",
        ]));
    result.assert_code(0);
    assert_eq!(
        rows_by_status(&result, "synthesized"),
        ["f1", "f2", "m1", "m2"]
    );
    let fish_keys: Vec<Option<String>> = fish
        .connections()
        .into_iter()
        .map(|c| c.authorization)
        .collect();
    assert!(!fish_keys.is_empty());
    assert!(
        fish_keys
            .iter()
            .all(|k| k.as_deref() == Some("Bearer sk-fish-only")),
        "{fish_keys:?}"
    );
    let minimax_keys: Vec<Option<String>> = env
        .server
        .connections()
        .into_iter()
        .map(|c| c.authorization)
        .collect();
    assert!(
        minimax_keys
            .iter()
            .all(|k| k.as_deref() == Some("Bearer sk-minimax-only")),
        "{minimax_keys:?}"
    );
    assert_eq!(
        fs::read(env.path("out/f1.mp3")).unwrap(),
        piece_audio("mp3", "Goodbye now.")
    );
}

#[test]
fn mixed_batch_without_the_other_providers_key_fails_only_its_rows() {
    let env = TestEnv::new();
    let fish = two_keyed_fakes(&env);
    let result = run(env
        .cmd()
        .env_remove("MINIMAX_API_KEY")
        .env("FISH_BASE_URL", fish.url())
        .args([
            "batch",
            "mixed.jsonl",
            "--out-dir",
            "out",
            "--api-key-file",
            "minimax.key",
            "--json",
        ]));
    result.assert_code(2).assert_stderr("FISH_API_KEY");
    assert_eq!(rows_by_status(&result, "synthesized"), ["m1", "m2"]);
    assert_eq!(rows_by_status(&result, "failed"), ["f1", "f2"]);
    assert!(
        fish.connections().is_empty(),
        "the MiniMax key went to Fish"
    );
    for row in events(&result).iter().filter(|e| e["status"] == "failed") {
        let message = row["error"]["message"].as_str().unwrap();
        assert!(message.contains("FISH_API_KEY"), "{message}");
        assert!(!message.contains("MINIMAX_API_KEY"), "{message}");
        assert!(!message.contains("--api-key-file"), "{message}");
    }
    assert!(!env.path("out/f1.mp3").exists());
}

/// Every cache entry under `dir` and its modification time.
fn entry_times(dir: &std::path::Path) -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
    let mut out = Vec::new();
    // The shards (the claims file beside them is never written; `runs` holds the re-run
    // records, not entries).
    for shard in fs::read_dir(dir).unwrap() {
        let shard = shard.unwrap().path();
        if !shard.is_dir() || shard.ends_with("runs") {
            continue;
        }
        for entry in fs::read_dir(shard).unwrap() {
            let path = entry.unwrap().path();
            let modified = fs::metadata(&path).unwrap().modified().unwrap();
            out.push((path, modified));
        }
    }
    out.sort();
    out
}

#[test]
fn a_dry_run_leaves_the_cache_untouched() {
    let env = TestEnv::new();
    write(&env, "lines.jsonl", &manifest("A third line."));
    batch(&env, &["lines.jsonl", "--out-dir", "out"]).assert_code(0);
    let entries = env.path(".cache/minimax-tts/v2");
    let old = std::time::SystemTime::now() - Duration::from_secs(40 * 86_400);
    for (path, _) in entry_times(&entries) {
        fs::File::options()
            .append(true)
            .open(&path)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let before = entry_times(&entries);
    assert_eq!(before.len(), 3);
    let dry = batch(
        &env,
        &["lines.jsonl", "--out-dir", "out", "--dry-run", "--json"],
    );
    dry.assert_code(0);
    assert_eq!(
        entry_times(&entries),
        before,
        "the dry run touched the cache"
    );
    // A real re-run restores the rows and records their use.
    batch(&env, &["lines.jsonl", "--out-dir", "out"]).assert_code(0);
    assert!(entry_times(&entries).iter().all(|(_, t)| *t > old));
}

#[test]
fn a_fish_setting_does_not_change_minimax_cache_keys() {
    let env = TestEnv::new();
    let config = env.path(".config/minimax-tts/config.toml");
    fs::create_dir_all(config.parent().unwrap()).unwrap();
    fs::write(&config, "[fish]\nlatency = \"normal\"\n").unwrap();
    write(&env, "lines.jsonl", &manifest("A third line."));
    let first = batch(&env, &["lines.jsonl", "--out-dir", "out", "--json"]);
    first.assert_code(0);
    let sent = env.server.texts().len();
    fs::write(
        &config,
        "[fish]\nlatency = \"low\"\nchunk_length = 150\ntemperature = 0.5\n",
    )
    .unwrap();
    let again = batch(&env, &["lines.jsonl", "--out-dir", "out", "--json"]);
    again.assert_code(0);
    assert_eq!(rows_by_status(&again, "cached"), ["a", "b", "c"]);
    assert_eq!(env.server.texts().len(), sent);
    let key = |run: &Run| {
        events(run)
            .iter()
            .filter(|e| e["event"] == "row")
            .map(|e| e["cache_key"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&first), key(&again));
}

#[test]
fn a_bad_value_reads_the_same_from_a_row_a_flag_and_the_config_file() {
    let env = TestEnv::new();
    let range = "speed must be between 0.5 and 2, not 9";
    let spelling = "'fast' is not a number";
    for (value, expected) in [("9", range), ("\"9\"", range), ("\"fast\"", spelling)] {
        write(
            &env,
            "bad.jsonl",
            &format!("{{\"id\":\"a\",\"text\":\"Hi.\",\"speed\":{value}}}\n"),
        );
        batch(&env, &["bad.jsonl", "--out-dir", "out"])
            .assert_code(2)
            .assert_stderr(&format!("row 1 (id a): speed: {expected}"));
    }
    write(&env, "bad.csv", "id,text,speed\na,Hi.,9\nb,Hi.,fast\n");
    batch(&env, &["bad.csv", "--out-dir", "out"])
        .assert_code(2)
        .assert_stderr(&format!("row 1 (id a): speed: {range}"))
        .assert_stderr(&format!("row 2 (id b): speed: {spelling}"));
    env.run(&["speak", "Hi.", "-o", "x.mp3", "--speed", "9"])
        .assert_code(2)
        .assert_stderr(range);
    env.run(&["speak", "Hi.", "-o", "x.mp3", "--speed", "fast"])
        .assert_code(2)
        .assert_stderr(spelling);
    let config = env.path(".config/minimax-tts/config.toml");
    fs::create_dir_all(config.parent().unwrap()).unwrap();
    for (value, expected) in [("9", range), ("\"fast\"", spelling)] {
        fs::write(&config, format!("speed = {value}\n")).unwrap();
        env.run(&["speak", "Hi.", "-o", "x.mp3"])
            .assert_code(2)
            .assert_stderr(&format!("(line 1): {expected}"));
    }
    // A wrong type reads alike from a row and from the file too.
    fs::remove_file(&config).unwrap();
    write(
        &env,
        "bad.jsonl",
        "{\"id\":\"a\",\"text\":\"Hi.\",\"speed\":true}\n",
    );
    let row = batch(&env, &["bad.jsonl", "--out-dir", "out"]);
    row.assert_code(2).assert_stderr("speed: expected a number");
    fs::write(&config, "speed = true\n").unwrap();
    env.run(&["speak", "Hi.", "-o", "x.mp3"])
        .assert_code(2)
        .assert_stderr("(line 1): expected a number");
    assert!(env.server.connections().is_empty());
}

/// Three rows, a, b and c, the last with `third` as its text.
fn manifest(third: &str) -> String {
    format!(
        "{{\"id\":\"a\",\"text\":\"Hello there.\"}}\n{{\"id\":\"b\",\"text\":\"Goodbye now.\"}}\n{{\"id\":\"c\",\"text\":\"{third}\"}}\n"
    )
}

#[test]
fn text_files_stay_inside_the_manifests_directory() {
    let env = TestEnv::new();
    fs::create_dir_all(env.path("project/lines")).unwrap();
    fs::write(env.path("secret"), "MINIMAX_API_KEY=sk-do-not-speak").unwrap();
    fs::write(env.path("project/lines/ok.txt"), "Fine words.").unwrap();
    std::os::unix::fs::symlink(env.path("secret"), env.path("project/lines/link.txt")).unwrap();
    let fifo = env.path("project/lines/pipe.txt");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid path and mode.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    for (file, problem) in [
        ("/proc/self/environ", "is absolute"),
        ("../secret", "leaves the manifest's directory"),
        ("lines/../../secret", "leaves the manifest's directory"),
        ("lines/link.txt", "leads outside the manifest's directory"),
        ("lines/pipe.txt", "is not a regular file"),
    ] {
        write(
            &env,
            "project/l.jsonl",
            &format!(
                "{{\"id\":\"a\",\"text_file\":\"{file}\"}}\n{{\"id\":\"b\",\"text_file\":\"lines/ok.txt\"}}\n"
            ),
        );
        batch(&env, &["project/l.jsonl", "--out-dir", "out"])
            .assert_code(2)
            .assert_stderr(&format!("row 1 (id a): text_file {file} {problem}"));
        assert!(
            env.server.connections().is_empty(),
            "{file}: a request was made"
        );
    }
    write(
        &env,
        "project/l.jsonl",
        "{\"id\":\"b\",\"text_file\":\"lines/ok.txt\"}\n",
    );
    batch(&env, &["project/l.jsonl", "--out-dir", "out"]).assert_code(0);
    assert_eq!(env.server.texts(), ["Fine words."]);
}

#[test]
fn names_that_cannot_be_saved_are_refused_before_any_request() {
    let env = TestEnv::new();
    let long = "x".repeat(300);
    write(
        &env,
        "l.jsonl",
        &format!(
            "{{\"id\":\"{long}\",\"text\":\"Hi.\"}}\n{{\"id\":\"dot\",\"text\":\"Hi.\",\"output\":\".\"}}\n{{\"id\":\"me\",\"text\":\"Hi.\",\"output\":\"../l.jsonl\"}}\n"
        ),
    );
    batch(&env, &["l.jsonl", "--out-dir", "."])
        .assert_code(2)
        .assert_stderr("has a name of 304 bytes; file systems take at most 255")
        .assert_stderr("row 2 (id dot): output '.' is not a file name");
    // The manifest itself, as a row's output (inside --out-dir).
    write(
        &env,
        "l.jsonl",
        "{\"id\":\"me\",\"text\":\"Hi.\",\"output\":\"l.jsonl\",\"format\":\"mp3\"}\n",
    );
    batch(&env, &["l.jsonl", "--out-dir", "."])
        .assert_code(2)
        .assert_stderr("would overwrite the manifest");
    // A FIFO where a row's file goes.
    fs::create_dir_all(env.path("out")).unwrap();
    let c = std::ffi::CString::new(env.path("out/a.mp3").to_str().unwrap()).unwrap();
    // SAFETY: a valid path and mode.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    write(&env, "l.jsonl", "{\"id\":\"a\",\"text\":\"Hi.\"}\n");
    batch(&env, &["l.jsonl", "--out-dir", "out"])
        .assert_code(2)
        .assert_stderr("exists and is not a regular file");
    // Two rows writing one file through a symlinked directory.
    fs::create_dir_all(env.path("real")).unwrap();
    std::os::unix::fs::symlink(env.path("real"), env.path("real-link")).unwrap();
    write(
        &env,
        "l.jsonl",
        "{\"id\":\"a\",\"text\":\"Hi.\",\"output\":\"real/x.mp3\"}\n{\"id\":\"b\",\"text\":\"Ho.\",\"output\":\"real-link/x.mp3\"}\n",
    );
    batch(&env, &["l.jsonl", "--out-dir", "."])
        .assert_code(2)
        .assert_stderr("row 2 (id b): writes the same file as row 1");
    // The report may not overwrite the manifest.
    write(&env, "l.jsonl", "{\"id\":\"z\",\"text\":\"Hi.\"}\n");
    batch(
        &env,
        &["l.jsonl", "--out-dir", "out2", "--report", "l.jsonl"],
    )
    .assert_code(2)
    .assert_stderr("--report l.jsonl: is the manifest");
    batch(
        &env,
        &["l.jsonl", "--out-dir", "out2", "--ignore-columns", "id"],
    )
    .assert_code(2)
    .assert_stderr("cannot be ignored");
    assert!(env.server.connections().is_empty());
}

#[test]
fn a_csv_quote_that_never_closes_is_an_error_not_a_merged_row() {
    let env = TestEnv::new();
    write(
        &env,
        "l.csv",
        "id,text\na,\"Hello, there.\"\nb,\"Never closed\nc,Lost row.\nd,Another.\n",
    );
    batch(&env, &["l.csv", "--out-dir", "out"])
        .assert_code(2)
        .assert_stderr("line 3: a quoted cell is never closed");
    write(&env, "dup.csv", "id,text,voice,voice\na,Hi.,x,y\n");
    batch(&env, &["dup.csv", "--out-dir", "out"])
        .assert_code(2)
        .assert_stderr("the column voice twice");
    write(
        &env,
        "dup.jsonl",
        "{\"id\":\"a\",\"text\":\"Hi.\",\"text\":\"Ho.\"}\n",
    );
    batch(&env, &["dup.jsonl", "--out-dir", "out"])
        .assert_code(2)
        .assert_stderr("the key text is given twice");
    write(
        &env,
        "types.jsonl",
        "{\"id\":{\"a\":1},\"text\":\"Hi.\"}\n{\"id\":\"b\",\"text\":[\"x\"]}\n{\"id\":\"c\",\"text\":\"Hi.\",\"voice\":{\"x\":1}}\n",
    );
    batch(&env, &["types.jsonl", "--out-dir", "out"])
        .assert_code(2)
        .assert_stderr("row 1: id: expected a string")
        .assert_stderr("row 2 (id b): text: expected a string")
        .assert_stderr("row 3 (id c): voice: invalid type: map");
    assert!(env.server.connections().is_empty());
}

#[test]
fn the_name_templates_extension_sets_the_format() {
    let env = TestEnv::new();
    write(
        &env,
        "l.jsonl",
        "{\"id\":\"a\",\"text\":\"Hello there.\"}\n",
    );
    batch(&env, &["l.jsonl", "--out-dir", "out", "--name", "{id}.wav"]).assert_code(0);
    let wav = fs::read(env.path("out/a.wav")).unwrap();
    assert_eq!(&wav[..4], b"RIFF");
    assert_eq!(&wav[44..], &audio_for("pcm", "Hello there.")[..]);
    batch(
        &env,
        &[
            "l.jsonl",
            "--out-dir",
            "out",
            "--name",
            "{id}.wav",
            "--format",
            "mp3",
        ],
    )
    .assert_code(2)
    .assert_stderr("the file name a.wav says wav, but the format asked for is mp3");
    env.run(&["batch", "l.jsonl", "--name", "{id}.{type}"])
        .assert_code(2)
        .assert_stderr("unknown placeholder {type}");
    // An id with a placeholder in it is just text.
    write(
        &env,
        "l.jsonl",
        "{\"id\":\"x{ext}\",\"text\":\"Hello there.\"}\n",
    );
    batch(&env, &["l.jsonl", "--out-dir", "out"]).assert_code(0);
    assert!(env.path("out/x{ext}.mp3").exists());
}

/// A service that refuses every request for load, and `batch` of `rows` rows on `jobs`
/// with `retries`: the run, the requests sent, and the seconds it took (reported, never
/// asserted).
fn endless_refusal(rows: usize, jobs: &str, retries: &str) -> (Run, usize, f64) {
    use crate::server::Fault;
    let env = TestEnv::new();
    env.server.set_standing_fault(Fault::OnStart(1002));
    let lines: String = (0..rows)
        .map(|i| format!("{{\"id\":\"r{i}\",\"text\":\"Row {i}.\"}}\n"))
        .collect();
    write(&env, "lines.jsonl", &lines);
    let started = std::time::Instant::now();
    let args = [
        "lines.jsonl",
        "--out-dir",
        "out",
        "--retries",
        retries,
        "--jobs",
        jobs,
    ];
    let result = batch(&env, &args);
    let seconds = started.elapsed().as_secs_f64();
    (result, env.server.connections().len(), seconds)
}

#[test]
fn a_rate_limit_without_retries_ends_at_once_and_says_so() {
    // --retries 0: at most one attempt per row, and the first refusal is given up at
    // once (rows not yet sent fail without a request).
    let (result, sent, _) = endless_refusal(5, "2", "0");
    result
        .assert_code(4)
        .assert_stderr("5 of 5 rows failed")
        .assert_stderr("later");
    assert!((1..=2).contains(&sent), "{sent} sent on 2 jobs");
}

#[test]
fn a_refusal_that_never_ends_stops_within_the_retries() {
    for (retries, most) in [("0", 4), ("1", 8)] {
        let (result, sent, seconds) = endless_refusal(4, "4", retries);
        result.assert_code(4).assert_stderr("4 of 4 rows failed");
        // Every request counts against a row's attempts, the pacer's probes too.
        assert!(sent <= most, "--retries {retries}: {sent} requests");
        eprintln!("--retries {retries}: {sent} requests, {seconds:.2} s");
    }
}

/// 24 rows on four sessions against a limit
/// the tool is not told of: every row is made, the refusals are few, and the tool ends up
/// pacing at the limit (no second wait once it has learned it). A run right after starts
/// from the limit the first one learned and saved: never refused.
fn rate_limited_batch(transport: &str) {
    let env = TestEnv::new();
    env.server.set_rate_limit(8, Duration::from_millis(1500));
    let rows = |run: &str| -> String {
        (0..24)
            .map(|i| format!("{{\"id\":\"{run}{i}\",\"text\":\"Row {run}{i}.\"}}\n"))
            .collect()
    };
    let run_rows = |run: &str| {
        write(&env, "lines.jsonl", &rows(run));
        let result = batch(
            &env,
            &[
                "lines.jsonl",
                "--out-dir",
                "out",
                "--jobs",
                "4",
                "--transport",
                transport,
                "--json",
            ],
        );
        result.assert_code(0);
        let summary = events(&result).pop().unwrap();
        assert_eq!(summary["synthesized"], 24, "{summary}");
        for i in 0..24 {
            assert_eq!(
                fs::read(env.path(&format!("out/{run}{i}.mp3"))).unwrap(),
                audio_for("mp3", &format!("Row {run}{i}.")),
                "row {run}{i}"
            );
        }
        summary
    };
    let summary = run_rows("r");
    let log = env.server.rate_log();
    let refused = log.iter().filter(|(_, admitted)| !admitted).count();
    assert!(refused > 0, "the limit was never hit");
    // The first burst's refusals (at most one per worker) and the probes of the first
    // wait (a quarter of the elapsed time apart, at least 1 s: 2 within 1.5 s), plus
    // a trial while the window is bracketed: never one per row.
    assert!(refused <= 12, "{refused} refusals: {log:?}");
    // Session starts are counted requests: the workers' first ones, the probe's and one
    // per refused trial of the window, at most (a refused request ends MiniMax's task;
    // the pacer then carries on with one session fewer instead of paying a new start,
    // and a worker takes a row only once it has a slot). Before that, this run made 11.
    let starts = env.server.admitted_starts();
    let most = if transport == "ws" { 8 } else { 0 };
    assert!(starts <= most, "{starts} session starts admitted");
    assert!(summary["slowdowns"].as_u64().unwrap() > 0, "{summary}");

    // Saved in the user's state directory, without the key.
    let saved = env.path(".local/state/minimax-tts/limits.json");
    let text = fs::read_to_string(&saved).unwrap();
    assert!(text.contains("\"requests\": 8"), "{text}");
    assert!(!text.contains(API_KEY), "{text}");
    // A run right after starts under the saved limit, counting the first run's requests
    // still in the window. (At most one refusal: a request the fake sees more than the
    // pacer's 20-ms margin late, on a loaded machine. Learning it again, as a run that
    // remembers nothing does, costs one per worker in flight and the probes.)
    let summary = run_rows("s");
    let again = &env.server.rate_log()[log.len()..];
    let refused_again = again.iter().filter(|(_, admitted)| !admitted).count();
    assert!(
        refused_again <= 1,
        "refused {refused_again} after the limit was saved: {again:?}"
    );
    assert!(summary["slowdowns"].as_u64().unwrap() <= 1, "{summary}");

    // A damaged file is ignored: the limit is learned again (refusals), and saved anew.
    fs::write(&saved, "{\"version\":1,\"limits\":[{\"scope\":1}]}").unwrap();
    let before = env.server.rate_log().len();
    let summary = run_rows("t");
    assert!(summary["slowdowns"].as_u64().unwrap() > 0, "{summary}");
    assert!(
        env.server.rate_log()[before..]
            .iter()
            .any(|(_, admitted)| !admitted),
        "a damaged file paced the run"
    );
    let text = fs::read_to_string(&saved).unwrap();
    assert!(text.contains("\"requests\": "), "{text}");
}

#[test]
fn a_rate_limit_is_learned_and_every_row_succeeds() {
    rate_limited_batch("ws");
}

#[test]
fn a_rate_limit_is_learned_over_http_too() {
    rate_limited_batch("http");
}

#[test]
fn fail_fast_tries_every_settings_group_before_paying_for_the_rest() {
    use crate::server::fish::FishFault;
    let env = TestEnv::new();
    let fish = FishServer::start();
    fish.push_fault(FishFault::Handshake(402));
    let mut lines: String = (0..6)
        .map(|i| format!("{{\"id\":\"m{i}\",\"text\":\"MiniMax line {i}.\"}}\n"))
        .collect();
    lines.push_str("{\"id\":\"f\",\"text\":\"Fish line.\",\"provider\":\"fish\"}\n");
    write(&env, "lines.jsonl", &lines);
    let result = run(env
        .cmd()
        .env("FISH_API_KEY", API_KEY)
        .env("FISH_BASE_URL", fish.url())
        .args([
            "batch",
            "lines.jsonl",
            "--out-dir",
            "out",
            "--fail-fast",
            "--jobs",
            "1",
        ]));
    result
        .assert_code(3)
        .assert_stderr("not attempted (--fail-fast)");
    assert_eq!(
        env.server.texts().len(),
        1,
        "the failing group ran after the others were paid for"
    );
}
