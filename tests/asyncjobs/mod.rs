//! `async-submit`, `fetch` and `voices` against the fake's HTTP endpoints.

use std::fs;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::server::http::{JobOutcome, job_archive, job_audio};
use crate::support::{TestEnv, run};

fn registry(env: &TestEnv) -> Vec<Value> {
    let path = env.path(".local/state/minimax-tts/jobs.json");
    serde_json::from_slice(&fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .unwrap()
}

fn only_job(env: &TestEnv) -> (u64, crate::server::http::FakeJob) {
    env.server.with_http(|h| {
        assert_eq!(h.jobs.len(), 1, "one job");
        let (id, job) = h.jobs.iter().next().unwrap();
        (*id, job.clone())
    })
}

fn submit(env: &TestEnv, args: &[&str]) -> u64 {
    let mut all = vec!["async-submit", "--json"];
    all.extend_from_slice(args);
    let run = env.run(&all);
    run.assert_code(0);
    // The submission's object comes first (with --wait, the fetch result follows).
    let text = run.stdout_text();
    let first: Value = serde_json::from_str(text.lines().next().expect("a line")).unwrap();
    first["task_id"].as_u64().expect("task_id")
}

#[test]
fn inline_text_submit_poll_and_fetch() {
    let env = TestEnv::new();
    let text = "Chapter one. It was a dark night.";
    let task_id = submit(&env, &[text, "-o", "book.mp3", "--english-normalization"]);
    let (id, job) = only_job(&env);
    assert_eq!(id, task_id);
    assert_eq!(job.text, text);
    let audio = &job.request["audio_setting"];
    assert_eq!(audio["audio_sample_rate"], 32000, "the async name");
    assert!(audio.get("sample_rate").is_none());
    assert_eq!(
        audio["channel"], 1,
        "sent explicitly (the async default is 2)"
    );
    assert_eq!(job.request["voice_setting"]["english_normalization"], true);
    assert!(job.request.get("text_file_id").is_none());

    // Not ready yet: exit 6 for scripts that poll.
    let run = env.run(&["fetch"]);
    run.assert_code(6)
        .assert_stderr("still processing")
        .assert_stderr("--wait");
    assert!(!env.path("book.mp3").exists());

    let run = env.run(&["fetch", "--wait", "--json"]);
    run.assert_code(0);
    let json = run.json();
    assert_eq!(json["task_id"], task_id);
    assert_eq!(json["status"], "success");
    let written = fs::read(env.path("book.mp3")).unwrap();
    assert_eq!(written, job_audio(&job), "the audio in the served tar");
    crate::support::assert_no_temp_files(env.home.path());
    let jobs = registry(&env);
    assert_eq!(jobs[0]["status"], "done");
    assert_eq!(jobs[0]["task_id"], task_id);
}

#[test]
fn uploaded_file_with_subtitles_and_archive() {
    let env = TestEnv::new();
    fs::write(
        env.path("book.txt"),
        "First sentence. Second sentence! Third?",
    )
    .unwrap();
    let task_id = submit(&env, &["-f", "book.txt", "--upload", "-o", "book.mp3"]);
    let (_, job) = only_job(&env);
    assert!(
        job.request["text_file_id"].is_u64(),
        "an integer id: {}",
        job.request
    );
    assert!(job.request.get("text").is_none());
    let uploads = env.server.with_http(|h| {
        h.requests
            .iter()
            .filter(|r| r.1 == "/v1/files/upload")
            .count()
    });
    assert_eq!(uploads, 1);

    let run = env.run(&[
        "fetch",
        &task_id.to_string(),
        "--wait",
        "--subtitles",
        "book.srt",
        "--keep-archive",
    ]);
    run.assert_code(0)
        .assert_stderr("wrote ")
        .assert_stderr("book.mp3 (");
    assert_eq!(fs::read(env.path("book.mp3")).unwrap(), job_audio(&job));
    let srt = fs::read_to_string(env.path("book.srt")).unwrap();
    assert!(srt.starts_with("1\n00:00:00,000 --> "), "{srt}");
    assert!(
        srt.contains("\nFirst sentence.\n") && srt.contains("\n3\n") && srt.contains("Third?"),
        "{srt}"
    );
    assert_eq!(
        fs::read(env.path(&format!("{task_id}.tar"))).unwrap(),
        job_archive(task_id, &job)
    );

    // The same job again, as WebVTT, to another file.
    env.run(&[
        "fetch",
        &task_id.to_string(),
        "-o",
        "again.mp3",
        "--subtitles",
        "book.vtt",
    ])
    .assert_code(0);
    let vtt = fs::read_to_string(env.path("book.vtt")).unwrap();
    assert!(vtt.starts_with("WEBVTT\n\n00:00:00.000 --> "), "{vtt}");
}

#[test]
fn long_text_is_uploaded_automatically() {
    let env = TestEnv::new();
    let text = "A long book sentence goes here. ".repeat(1700);
    assert!(text.chars().count() > 50_000);
    fs::write(env.path("long.txt"), &text).unwrap();
    submit(&env, &["-f", "long.txt"]);
    let (_, job) = only_job(&env);
    assert!(job.request["text_file_id"].is_u64());
    assert_eq!(job.text, text.trim_end_matches('\n'));
}

#[test]
fn wav_output_requests_pcm_and_wraps_it() {
    let env = TestEnv::new();
    submit(
        &env,
        &[
            "Wave it.",
            "-o",
            "out.wav",
            "--sample-rate",
            "16000",
            "--wait",
        ],
    );
    let (_, job) = only_job(&env);
    assert_eq!(job.request["audio_setting"]["format"], "pcm");
    let wav = fs::read(env.path("out.wav")).unwrap();
    assert_eq!(&wav[..4], b"RIFF");
    assert_eq!(u32::from_le_bytes(wav[24..28].try_into().unwrap()), 16000);
    assert_eq!(&wav[44..], &job_audio(&job)[..]);
}

#[test]
fn fetch_all_collects_every_pending_job() {
    let env = TestEnv::new();
    let a = submit(&env, &["Job one.", "-o", "one.mp3"]);
    let b = submit(&env, &["Job two.", "-o", "two.mp3"]);
    env.run(&["fetch", "--all", "--wait"]).assert_code(0);
    assert!(env.path("one.mp3").exists() && env.path("two.mp3").exists());
    assert!(registry(&env).iter().all(|j| j["status"] == "done"));
    let run = env.run(&["fetch", "--list", "--json"]);
    run.assert_code(0);
    let ids: Vec<u64> = run
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["task_id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&a) && ids.contains(&b));
    let run = env.run(&["fetch", "--list"]);
    run.assert_code(0);
    assert!(run.stdout_text().contains("TIME LEFT") && run.stdout_text().contains("done"));
    env.run(&["fetch", "--all"])
        .assert_code(0)
        .assert_stderr("no pending jobs");
}

#[test]
fn failed_and_expired_jobs_exit_3() {
    let env = TestEnv::new();
    env.server.with_http(|h| h.outcome = JobOutcome::Failed);
    submit(&env, &["Doomed."]);
    env.run(&["fetch", "--wait"])
        .assert_code(3)
        .assert_stderr("failed");
    assert_eq!(registry(&env)[0]["status"], "failed");

    let env = TestEnv::new();
    env.server.with_http(|h| h.outcome = JobOutcome::Expired);
    submit(&env, &["Too late."]);
    env.run(&["fetch", "--wait"])
        .assert_code(3)
        .assert_stderr("expired");

    // Older than 9 hours in the registry: expired without asking the server.
    let env = TestEnv::new();
    submit(&env, &["Old job."]);
    let path = env.path(".local/state/minimax-tts/jobs.json");
    let mut jobs = registry(&env);
    jobs[0]["submitted_at"] = Value::from(jobs[0]["submitted_at"].as_u64().unwrap() - 10 * 3600);
    fs::write(&path, serde_json::to_vec(&jobs).unwrap()).unwrap();
    let queries_before = env.server.with_http(|h| h.queries.len());
    env.run(&["fetch"]).assert_code(3).assert_stderr("9 hours");
    assert_eq!(env.server.with_http(|h| h.queries.len()), queries_before);
    assert_eq!(registry(&env)[0]["status"], "expired");
}

#[test]
fn polling_stays_within_ten_queries_per_second() {
    let env = TestEnv::new();
    env.server.with_http(|h| h.polls_until_done = 25);
    let started = Instant::now();
    submit(&env, &["Patience.", "--wait"]);
    let queries = env.server.with_http(|h| h.queries.clone());
    assert!(queries.len() > 20, "{} queries", queries.len());
    for (i, first) in queries.iter().enumerate() {
        let in_window = queries[i..]
            .iter()
            .take_while(|q| q.duration_since(*first) < Duration::from_secs(1))
            .count();
        assert!(in_window <= 10, "{in_window} queries within one second");
    }
    assert!(started.elapsed() > Duration::from_millis(2000));
}

#[test]
fn a_file_id_sent_as_a_string_is_refused_like_the_real_api() {
    let env = TestEnv::new();
    let body = r#"{"model":"speech-2.8-hd","text_file_id":"123","voice_setting":{"voice_id":"v"}}"#;
    let mut stream = std::net::TcpStream::connect(env.server.addr).unwrap();
    write!(
        stream,
        "POST /v1/t2a_async_v2 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        crate::server::API_KEY,
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(
        response.starts_with("HTTP/1.1 200"),
        "errors come as HTTP 200: {response}"
    );
    assert!(response.contains(r#""status_code":2013"#), "{response}");
}

#[test]
fn download_errors_in_json_are_reported() {
    let env = TestEnv::new();
    env.server.with_http(|h| {
        h.content_error = true;
        h.polls_until_done = 0;
    });
    submit(&env, &["Broken download.", "-o", "b.mp3"]);
    let run = env.run(&["fetch", "--retries", "1"]);
    run.assert_code(4)
        .assert_stderr("status 1000")
        .assert_stderr("gave up");
    assert!(!env.path("b.mp3").exists());
    crate::support::assert_no_temp_files(env.home.path());
}

#[test]
fn bad_input_is_refused_before_any_request() {
    let env = TestEnv::new();
    env.run(&["async-submit", "   "])
        .assert_code(2)
        .assert_stderr("empty");
    env.run(&["async-submit", "x", "-o", "-"])
        .assert_code(2)
        .assert_stderr("stdout");
    env.run(&["fetch", "1", "--subtitles", "x.txt"])
        .assert_code(2)
        .assert_stderr(".srt");
    env.run(&["fetch"])
        .assert_code(2)
        .assert_stderr("no task id");
    assert!(env.server.with_http(|h| h.requests.is_empty()));
}

#[test]
fn an_invalid_key_is_explained() {
    let env = TestEnv::new();
    let run = run(env
        .cmd()
        .env("MINIMAX_API_KEY", "sk-api-wrong")
        .args(["voices"]));
    run.assert_code(3)
        .assert_stderr("status 1004")
        .assert_stderr("--region");
}

#[test]
fn voices_table_json_and_filter() {
    let env = TestEnv::new();
    let run = env.run(&["voices", "--json"]);
    run.assert_code(0);
    let voices = run.json();
    let ids: Vec<&str> = voices
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["voice_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "English_expressive_narrator",
            "Chinese (Mandarin)_News_Anchor",
            "Japanese_Whisper_Belle",
            "my-clone-1"
        ]
    );
    assert_eq!(voices[0]["type"], "system");
    assert_eq!(voices[0]["language"], "English");
    assert_eq!(voices[3]["type"], "cloning");
    assert_eq!(
        voices[2]["description"],
        serde_json::json!([]),
        "null description is empty"
    );

    let run = env.run(&["voices", "--filter", "NEWS", "--json"]);
    assert_eq!(run.json().as_array().unwrap().len(), 1);
    let run = env.run(&["voices", "--type", "generation", "--json"]);
    assert_eq!(run.json(), serde_json::json!([]), "a null array is empty");
    let run = env.run(&["voices", "--type", "system"]);
    run.assert_code(0);
    let table = run.stdout_text();
    assert!(table.starts_with("TYPE"), "{table}");
    assert!(table.contains("English_expressive_narrator") && table.contains("A warm storyteller"));
    let kinds: Vec<String> = env
        .server
        .with_http(|h| h.requests.iter().map(|r| r.1.clone()).collect());
    assert!(kinds.iter().all(|k| k == "/v1/get_voice"));
}

#[test]
fn a_refused_connection_at_submit_is_retried_and_is_a_network_failure() {
    let env = TestEnv::new();
    // A port nothing listens on: the connection is refused, nothing was sent.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let result = crate::support::run(env.cmd().env("MINIMAX_BASE_URL", &url).args([
        "async-submit",
        "A book.",
        "--retries",
        "2",
    ]));
    result
        .assert_code(4)
        .assert_stderr("could not connect")
        .assert_stderr("gave up after 3 attempts");
}

#[test]
fn a_damaged_archive_is_a_network_failure_and_leaves_nothing() {
    let env = TestEnv::new();
    env.server.with_http(|h| {
        h.content_damaged = true;
        h.polls_until_done = 0;
    });
    submit(
        &env,
        &["A long enough text to make a real archive.", "-o", "d.mp3"],
    );
    let run = env.run(&["fetch"]);
    run.assert_code(4)
        .assert_stderr("damaged")
        .assert_stderr("fetch it again");
    assert!(!env.path("d.mp3").exists());
    let left: Vec<_> = fs::read_dir(env.home.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("download"))
        .collect();
    assert!(left.is_empty(), "the download was left behind: {left:?}");
    // A good transfer then works, and --keep-archive keeps the whole archive.
    env.server.with_http(|h| h.content_damaged = false);
    env.run(&["fetch", "--keep-archive", "kept.tar"])
        .assert_code(0);
    assert!(env.path("d.mp3").exists());
    assert!(fs::metadata(env.path("kept.tar")).unwrap().len() > 700);
}
