//! `serve` against what a web page can make a browser send: real headless Chromium
//! loads an attacking page from another origin (another port of 127.0.0.1, and a
//! hostname mapped to 127.0.0.1) that tries every request a page can send without a
//! CORS grant, and a DNS-rebinding-style same-origin read. Not one upstream request may
//! be made, and the attempts must have reached the server (else nothing was tested).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Served;
use crate::support::{TestEnv, tool};

/// The page: every attempt's outcome is reported to the report sink, then `done`.
fn attack_page(serve_port: u16, report_port: u16) -> String {
    format!(
        r#"<!doctype html><html><body>
<iframe name="sink" id="sink"></iframe>
<form id="form" method="POST" enctype="text/plain" target="sink"
      action="http://127.0.0.1:{serve_port}/v1/audio/speech">
<input name='{{"model":"tts-1","voice":"alloy","input":"Spent by a form.","x":"' value='"}}'>
</form>
<script>
const report = (k, v) => fetch(`http://127.0.0.1:{report_port}/report?${{k}}=${{encodeURIComponent(v)}}`, {{mode: 'no-cors'}});
const body = JSON.stringify({{model: 'tts-1', voice: 'alloy', input: 'Spent by a web page.'}});
const target = 'http://127.0.0.1:{serve_port}/v1/audio/speech';
async function attempt(name, run) {{
  try {{ await report(name, await run()); }} catch (e) {{ await report(name, 'blocked'); }}
}}
async function main() {{
  await attempt('nocors', async () => 'type-' + (await fetch(target, {{method: 'POST', mode: 'no-cors', body, headers: {{'Content-Type': 'text/plain'}}}})).type);
  await attempt('cors', async () => 'status-' + (await fetch(target, {{method: 'POST', body, headers: {{'Content-Type': 'application/json'}}}})).status);
  await new Promise(done => {{
    document.getElementById('sink').onload = done;
    document.getElementById('form').submit();
    setTimeout(done, 3000);
  }});
  await report('form', 'submitted');
  if (location.hostname === 'attacker.test') {{
    // After a rebinding the page's own origin is the server: reads are same-origin.
    await attempt('models', async () => 'status-' + (await fetch('/v1/models')).status);
    await attempt('speech', async () => 'status-' + (await fetch('/v1/audio/speech', {{method: 'POST', body, headers: {{'Content-Type': 'application/json'}}}})).status);
  }}
  await report('done', '1');
}}
main();
</script></body></html>"#
    )
}

/// Reads one request's head (through the blank line).
fn read_head(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    Some(head)
}

fn request_path(head: &[u8]) -> String {
    String::from_utf8_lossy(head)
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string()
}

/// The attacker's web server: `/attack` is the page; every other path is relayed
/// byte for byte to `serve`, as a rebound name makes the browser connect to it.
fn attacker_site(page: String, serve_addr: String) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind the attacker's site");
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let page = page.clone();
            let serve_addr = serve_addr.clone();
            std::thread::spawn(move || {
                let Some(head) = read_head(&mut stream) else {
                    return;
                };
                if request_path(&head) == "/attack" {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                        page.len()
                    );
                    return;
                }
                let Ok(mut upstream) = TcpStream::connect(&serve_addr) else {
                    return;
                };
                let _ = upstream.write_all(&head);
                let (mut from_browser, mut to_browser) = (stream.try_clone().unwrap(), stream);
                let mut to_serve = upstream.try_clone().unwrap();
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut from_browser, &mut to_serve);
                });
                let _ = std::io::copy(&mut upstream, &mut to_browser);
            });
        }
    });
    port
}

/// Where the page reports: each `k=v` it sends.
fn report_sink() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind the report sink");
    let port = listener.local_addr().unwrap().port();
    let reports = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&reports);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            if let Some(head) = read_head(&mut stream) {
                let path = request_path(&head);
                if let Some(query) = path.strip_prefix("/report?") {
                    sink.lock().unwrap().push(query.to_string());
                }
                let _ = stream.write_all(
                    b"HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n",
                );
            }
        }
    });
    (port, reports)
}

/// Loads `url` in headless Chromium until the page reports `done` (or 60 s pass).
fn visit(chromium: &std::path::Path, url: &str, reports: &Arc<Mutex<Vec<String>>>) {
    let done = |reports: &Arc<Mutex<Vec<String>>>| {
        reports
            .lock()
            .unwrap()
            .iter()
            .filter(|r| *r == "done=1")
            .count()
    };
    let before = done(reports);
    let profile = tempfile::tempdir().expect("a profile directory");
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--host-resolver-rules=MAP attacker.test 127.0.0.1",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let stderr = super::collect(child.stderr.take().expect("stderr"));
    let started = Instant::now();
    while done(reports) == before {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!(
                "the page never finished; reports {:?}; chromium:\n{}",
                reports.lock().unwrap(),
                super::text(&stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_web_page_on_another_origin_cannot_spend_the_key() {
    let Some(chromium) = tool("chromium") else {
        return;
    };
    let env = TestEnv::new();
    let served = Served::start(&env, &[]);
    let serve_port: u16 = served
        .addr
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("the port");
    let (report_port, reports) = report_sink();
    let site = attacker_site(attack_page(serve_port, report_port), served.addr.clone());

    // Another port of 127.0.0.1: a different origin on this machine.
    visit(
        &chromium,
        &format!("http://127.0.0.1:{site}/attack"),
        &reports,
    );
    // A name of the attacker's that resolves to 127.0.0.1 (DNS rebinding).
    visit(
        &chromium,
        &format!("http://attacker.test:{site}/attack"),
        &reports,
    );

    let reports = reports.lock().unwrap().clone();
    assert_eq!(
        env.server.connections().len(),
        0,
        "a web page made upstream requests; reports {reports:?}; log:\n{}",
        served.log()
    );
    // The page could send its simple requests (opaque answers), read nothing back
    // through CORS, and its rebound same-origin reads were refused by Host.
    for expected in [
        "nocors=type-opaque",
        "cors=blocked",
        "form=submitted",
        "models=status-421",
        "speech=status-421",
    ] {
        assert!(
            reports.iter().any(|r| r == expected),
            "no {expected} in {reports:?}"
        );
    }
    let log = served.log();
    let count = |line: &str| log.lines().filter(|l| l.contains(line)).count();
    // Both simple POSTs of each load reached the server and were refused unread: from
    // 127.0.0.1's other port by their type, from the foreign name by their origin.
    assert!(count("POST /v1/audio/speech 415") >= 2, "{log}");
    assert!(count("POST /v1/audio/speech 403") >= 2, "{log}");
    assert!(count("GET /v1/models 421") >= 1, "{log}");
    assert!(!log.contains(" 200 "), "{log}");
}
