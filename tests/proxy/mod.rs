//! Every connection through a proxy: the tests start an HTTP proxy (CONNECT and
//! forwarding) and a SOCKS5 proxy on 127.0.0.1 that log what they carried, and check
//! that WebSocket and HTTP synthesis, voices and an async fetch go through them
//! byte-exact; `NO_PROXY` bypasses; credentials are sent, refused and never shown.

use std::fs;

use crate::server::audio_for;
use crate::server::http::job_audio;
use crate::server::proxy::TestProxy;
use crate::support::{Run, TestEnv, run};

fn through(env: &TestEnv, proxy: &str, args: &[&str]) -> Run {
    run(env.cmd().arg("--proxy").arg(proxy).args(args))
}

fn check_everything_goes_through(proxy: &TestProxy) {
    let env = TestEnv::new();
    let url = proxy.url();
    // WebSocket synthesis.
    through(&env, &url, &["speak", "Hello there.", "-o", "ws.mp3", "-v"])
        .assert_code(0)
        .assert_stderr("through proxy");
    assert_eq!(
        fs::read(env.path("ws.mp3")).unwrap(),
        audio_for("mp3", "Hello there.")
    );
    // The streamed HTTP transport.
    through(
        &env,
        &url,
        &[
            "speak",
            "Goodbye now.",
            "-o",
            "http.mp3",
            "--transport",
            "http",
        ],
    )
    .assert_code(0);
    assert_eq!(
        fs::read(env.path("http.mp3")).unwrap(),
        audio_for("mp3", "Goodbye now.")
    );
    // Voices, and an async job submitted and fetched.
    through(&env, &url, &["voices", "--json"]).assert_code(0);
    through(
        &env,
        &url,
        &["async-submit", "A long book.", "-o", "book.mp3", "--wait"],
    )
    .assert_code(0);
    let job = env
        .server
        .with_http(|h| h.jobs.values().next().cloned())
        .unwrap();
    assert_eq!(fs::read(env.path("book.mp3")).unwrap(), job_audio(&job));
    let log = proxy.log();
    let port = env.server.addr.port().to_string();
    assert!(log.iter().all(|l| l.contains(&port)), "{log:?}");
    for needle in [
        "/ws/v1/t2a_v2",
        "/v1/t2a_v2",
        "/v1/get_voice",
        "/v1/t2a_async_v2",
        "/v1/query/t2a_async_query_v2",
    ] {
        let carried = log.iter().any(|l| l.contains(needle))
            // Tunnels (CONNECT, SOCKS) carry hosts, not paths.
            || log.iter().any(|l| l.starts_with("CONNECT") || l.starts_with("SOCKS"));
        assert!(carried, "{needle} not carried: {log:?}");
    }
    assert!(log.len() >= 4, "{log:?}");
}

#[test]
fn an_http_proxy_carries_every_connection() {
    let proxy = TestProxy::http(None);
    check_everything_goes_through(&proxy);
    // The WebSocket went through a CONNECT tunnel, the HTTP calls were forwarded.
    let log = proxy.log();
    assert!(
        log.iter().any(|l| l.starts_with("CONNECT 127.0.0.1:")),
        "{log:?}"
    );
    assert!(
        log.iter().any(|l| l.starts_with("POST http://127.0.0.1:")),
        "{log:?}"
    );
}

#[test]
fn a_socks5_proxy_carries_every_connection() {
    let proxy = TestProxy::socks5(None);
    check_everything_goes_through(&proxy);
    assert!(
        proxy
            .log()
            .iter()
            .all(|l| l.starts_with("SOCKS 127.0.0.1:")),
        "{:?}",
        proxy.log()
    );
}

#[test]
fn proxies_with_credentials() {
    for proxy in [
        TestProxy::http(Some(("me", "pa55word"))),
        TestProxy::socks5(Some(("me", "pa55word"))),
    ] {
        let env = TestEnv::new();
        through(
            &env,
            &proxy.url(),
            &["speak", "Hello there.", "-o", "ok.mp3"],
        )
        .assert_code(0);
        through(&env, &proxy.url(), &["voices"]).assert_code(0);
        let wrong = proxy.url_with(Some(("me", "wrong-secret")));
        let refused = through(
            &env,
            &wrong,
            &["speak", "Hello there.", "-o", "no.mp3", "--retries", "0"],
        );
        refused.assert_code(4).assert_stderr("proxy");
        assert!(
            !refused.stderr.contains("wrong-secret"),
            "{}",
            refused.stderr
        );
        let none = proxy.url_with(None);
        let refused = through(
            &env,
            &none,
            &["speak", "Hello there.", "-o", "no.mp3", "--retries", "0"],
        );
        refused.assert_code(4).assert_stderr(&none);
        assert!(!env.path("no.mp3").exists());
    }
    let http = TestProxy::http(Some(("me", "pa55word")));
    let env = TestEnv::new();
    through(
        &env,
        &http.url_with(None),
        &["speak", "Hi.", "-o", "x.mp3", "--retries", "0"],
    )
    .assert_code(4)
    .assert_stderr("407");
}

#[test]
fn proxies_come_from_the_environment_and_no_proxy_bypasses() {
    let proxy = TestProxy::http(None);
    let env = TestEnv::new();
    // ws:// and http:// targets use http_proxy (then ALL_PROXY), as curl does.
    run(env
        .cmd()
        .env("http_proxy", proxy.url())
        .args(["speak", "Hi there.", "-o", "a.mp3"]))
    .assert_code(0);
    assert_eq!(proxy.log().len(), 1, "{:?}", proxy.log());
    run(env.cmd().env("ALL_PROXY", proxy.url()).args(["voices"])).assert_code(0);
    assert_eq!(proxy.log().len(), 2, "{:?}", proxy.log());
    // https_proxy is for https/wss targets only.
    run(env.cmd().env("HTTPS_PROXY", proxy.url()).args(["voices"])).assert_code(0);
    assert_eq!(proxy.log().len(), 2);
    run(env
        .cmd()
        .env("HTTP_PROXY", proxy.url())
        .env("NO_PROXY", "localhost,127.0.0.1")
        .args(["speak", "Hi there.", "-o", "b.mp3", "--transport", "http"]))
    .assert_code(0);
    assert_eq!(proxy.log().len(), 2, "NO_PROXY bypasses: {:?}", proxy.log());
    // --no-proxy and --proxy '' ignore the environment.
    run(env
        .cmd()
        .env("http_proxy", proxy.url())
        .args(["--no-proxy", "voices"]))
    .assert_code(0);
    run(env
        .cmd()
        .env("http_proxy", proxy.url())
        .args(["--proxy", "", "voices"]))
    .assert_code(0);
    assert_eq!(proxy.log().len(), 2);
}

#[test]
fn proxy_failures_name_the_proxy() {
    let env = TestEnv::new();
    // Nothing listens there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://user:topsecret@{}", closed.local_addr().unwrap());
    drop(closed);
    let result = through(
        &env,
        &dead,
        &["speak", "Hi.", "-o", "x.mp3", "--retries", "0"],
    );
    result
        .assert_code(4)
        .assert_stderr("proxy http://user:***@127.0.0.1:");
    assert!(!result.stderr.contains("topsecret"));
    through(
        &env,
        "ftp://proxy.example",
        &["speak", "Hi.", "-o", "x.mp3"],
    )
    .assert_code(2)
    .assert_stderr("must start with http://, socks5:// or socks5h://");
    run(env
        .cmd()
        .env("HTTPS_PROXY", "http://h:notaport")
        .args(["voices"]))
    .assert_code(2)
    .assert_stderr("HTTPS_PROXY");
    assert!(env.server.connections().is_empty());
}

#[test]
fn fish_goes_through_the_proxy_too() {
    let proxy = TestProxy::socks5(None);
    let fish = crate::server::fish::FishServer::start();
    let env = TestEnv::new();
    run(env
        .cmd()
        .env("FISH_API_KEY", crate::server::API_KEY)
        .env("FISH_BASE_URL", fish.url())
        .env("ALL_PROXY", proxy.url())
        .args(["--provider", "fish", "speak", "Hello there.", "-o", "f.mp3"]))
    .assert_code(0);
    assert_eq!(
        fs::read(env.path("f.mp3")).unwrap(),
        crate::server::fish::piece_audio("mp3", "Hello there.")
    );
    let port = fish.addr.port().to_string();
    assert!(
        proxy.log().iter().any(|l| l.ends_with(&port)),
        "{:?}",
        proxy.log()
    );
}

#[test]
fn a_proxy_asking_for_credentials_on_an_http_call_is_a_network_failure() {
    let proxy = TestProxy::http(Some(("me", "pa55word")));
    let env = TestEnv::new();
    let result = through(&env, &proxy.url_with(None), &["voices"]);
    result
        .assert_code(4)
        .assert_stderr(&format!(
            "the proxy {} refused the request",
            proxy.url_with(None)
        ))
        .assert_stderr("http://user:password@host:port");
}

#[test]
fn a_proxy_refusing_credentials_is_not_retried_and_says_so() {
    for proxy in [
        TestProxy::http(Some(("me", "pa55word"))),
        TestProxy::http_answering_401(Some(("me", "pa55word"))),
    ] {
        let env = TestEnv::new();
        let wrong = proxy.url_with(Some(("me", "wrong-secret")));
        let refused = through(
            &env,
            &wrong,
            &["speak", "Hello there.", "-o", "no.mp3", "--retries", "3"],
        );
        refused
            .assert_code(4)
            .assert_stderr("refused the credentials in its URL")
            .assert_stderr("check the user and password in the proxy URL");
        assert!(!refused.stderr.contains("--region"), "{}", refused.stderr);
        assert!(
            !refused.stderr.contains("wrong-secret"),
            "{}",
            refused.stderr
        );
        let refusals = proxy
            .log()
            .iter()
            .filter(|l| l.starts_with("401") || l.starts_with("407"))
            .count();
        assert_eq!(refusals, 1, "retried: {:?}", proxy.log());
        let none = through(
            &env,
            &proxy.url_with(None),
            &["speak", "Hello there.", "-o", "no.mp3"],
        );
        none.assert_code(4)
            .assert_stderr("wants credentials")
            .assert_stderr("http://user:password@host:port");
    }
}

/// Debian's tinyproxy, started on a free port with `BasicAuth me pa55word`, logging to
/// `log`. `None` (saying so) where it is not installed; on CI (`CI` set) its absence
/// fails the test, since `.ci/run` installs it.
fn real_tinyproxy(dir: &std::path::Path) -> Option<(std::process::Child, u16, std::path::PathBuf)> {
    let Some(bin) = ["/usr/bin/tinyproxy", "/usr/sbin/tinyproxy"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "tinyproxy is not installed (apt-get install tinyproxy; .ci/run does)"
        );
        eprintln!("SKIPPED: tinyproxy is not installed (apt-get install tinyproxy)");
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let conf = dir.join("tinyproxy.conf");
    let log = dir.join("tinyproxy.log");
    fs::write(
        &conf,
        format!(
            "Port {port}\nListen 127.0.0.1\nTimeout 30\nAllow 127.0.0.1\nBasicAuth me pa55word\nLogLevel Connect\nMaxClients 20\n"
        ),
    )
    .unwrap();
    let child = std::process::Command::new(bin)
        .args(["-d", "-c"])
        .arg(&conf)
        .stdout(fs::File::create(&log).unwrap())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "tinyproxy did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    Some((child, port, log))
}

#[test]
fn through_a_real_tinyproxy_credentials_work_and_refusals_are_not_retried() {
    let env = TestEnv::new();
    let Some((mut proxy, port, log)) = real_tinyproxy(env.home.path()) else {
        return;
    };
    let good = format!("http://me:pa55word@127.0.0.1:{port}");
    through(&env, &good, &["speak", "Hello there.", "-o", "ok.mp3"]).assert_code(0);
    assert_eq!(
        fs::read(env.path("ok.mp3")).unwrap(),
        audio_for("mp3", "Hello there.")
    );
    let tunnels = || {
        fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .filter(|l| l.contains("Request") && l.contains("CONNECT"))
            .count()
    };
    let before = tunnels();
    // tinyproxy answers wrong credentials with 401, missing ones with 407.
    let wrong = format!("http://me:wrong-secret@127.0.0.1:{port}");
    let refused = through(
        &env,
        &wrong,
        &["speak", "Hello there.", "-o", "no.mp3", "--retries", "3"],
    );
    refused
        .assert_code(4)
        .assert_stderr("refused the credentials in its URL");
    assert!(
        !refused.stderr.contains("wrong-secret"),
        "{}",
        refused.stderr
    );
    assert_eq!(tunnels(), before + 1, "the refusal was retried");
    let none = format!("http://127.0.0.1:{port}");
    through(&env, &none, &["speak", "Hello there.", "-o", "no.mp3"])
        .assert_code(4)
        .assert_stderr("wants credentials");
    assert!(!env.path("no.mp3").exists());
    let _ = proxy.kill();
    let _ = proxy.wait();
}
