//! Tiny proxies for the tests, on 127.0.0.1: an HTTP proxy (`CONNECT` tunnels, and
//! absolute-form requests forwarded as curl and reqwest send them for `http://` targets)
//! and a SOCKS5 proxy, each optionally demanding a user and password, each logging what
//! it carried.

use std::sync::{Arc, Mutex};

use base64::Engine as _;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::Listener;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Http,
    /// Refuses bad credentials with 401, as a real tinyproxy does (others send 407).
    HttpAnswering401,
    Socks5,
}

pub struct TestProxy {
    listener: Listener,
    kind: Kind,
    auth: Option<(String, String)>,
    log: Arc<Mutex<Vec<String>>>,
}

impl TestProxy {
    /// An HTTP proxy; with `auth`, requests without those credentials get 407.
    pub fn http(auth: Option<(&str, &str)>) -> TestProxy {
        TestProxy::start(Kind::Http, auth)
    }

    /// An HTTP proxy that refuses bad credentials with 401 (as tinyproxy does).
    pub fn http_answering_401(auth: Option<(&str, &str)>) -> TestProxy {
        TestProxy::start(Kind::HttpAnswering401, auth)
    }

    /// A SOCKS5 proxy; with `auth`, only username/password authentication is offered.
    pub fn socks5(auth: Option<(&str, &str)>) -> TestProxy {
        TestProxy::start(Kind::Socks5, auth)
    }

    fn start(kind: Kind, auth: Option<(&str, &str)>) -> TestProxy {
        let auth = auth.map(|(u, p)| (u.to_string(), p.to_string()));
        let log = Arc::new(Mutex::new(Vec::new()));
        let (served_log, served_auth) = (log.clone(), auth.clone());
        let listener = Listener::start(move |stream| {
            let (log, auth) = (served_log.clone(), served_auth.clone());
            async move {
                let _ = match kind {
                    Kind::Http => http(stream, auth, log, false).await,
                    Kind::HttpAnswering401 => http(stream, auth, log, true).await,
                    Kind::Socks5 => socks5(stream, auth, log).await,
                };
            }
        });
        TestProxy {
            listener,
            kind,
            auth,
            log,
        }
    }

    /// The proxy's URL, with `credentials` in it when given.
    pub fn url_with(&self, credentials: Option<(&str, &str)>) -> String {
        let scheme = match self.kind {
            Kind::Http | Kind::HttpAnswering401 => "http",
            Kind::Socks5 => "socks5h",
        };
        let user = credentials
            .map(|(u, p)| format!("{u}:{p}@"))
            .unwrap_or_default();
        format!("{scheme}://{user}{}", self.listener.addr)
    }

    /// The URL with the right credentials (if any are needed).
    pub fn url(&self) -> String {
        self.url_with(self.auth.as_ref().map(|(u, p)| (u.as_str(), p.as_str())))
    }

    /// What was carried: `CONNECT host:port`, `GET http://…`, `SOCKS host:port`, or a refusal.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

fn note(log: &Arc<Mutex<Vec<String>>>, line: String) {
    log.lock().unwrap_or_else(|e| e.into_inner()).push(line);
}

/// Reads up to the end of an HTTP head (byte by byte: nothing past it is consumed).
async fn read_head(stream: &mut (impl AsyncRead + Unpin)) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await.ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    String::from_utf8(head).ok()
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

async fn http(
    mut client: TcpStream,
    auth: Option<(String, String)>,
    log: Arc<Mutex<Vec<String>>>,
    answers_401: bool,
) -> Option<()> {
    let head = read_head(&mut client).await?;
    let request_line = head.lines().next()?.to_string();
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next()?.to_string(), parts.next()?.to_string());
    if let Some((user, pass)) = &auth {
        let expected = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"));
        let given = header(&head, "proxy-authorization");
        if given != Some(&format!("Basic {expected}")) {
            let answer: &[u8] = if answers_401 {
                note(&log, format!("401 {method} {target}"));
                b"HTTP/1.0 401 Unauthorized\r\nServer: tinyproxy/1.11.1\r\nWWW-Authenticate: Basic realm=\"tinyproxy\"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            } else {
                note(&log, format!("407 {method} {target}"));
                b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            };
            let _ = client.write_all(answer).await;
            return None;
        }
    }
    if method == "CONNECT" {
        note(&log, format!("CONNECT {target}"));
        let mut upstream = TcpStream::connect(&target).await.ok()?;
        client
            .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            .await
            .ok()?;
        let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
        return Some(());
    }
    // Forward proxying: `GET http://host:port/path`; each request on the connection has
    // its line rewritten to the origin form the server expects.
    let rest = target.strip_prefix("http://")?;
    let authority = rest.split('/').next()?.to_string();
    let upstream = TcpStream::connect(&authority).await.ok()?;
    let (mut up_read, mut up_write) = upstream.into_split();
    let (mut client_read, mut client_write) = client.into_split();
    let to_client = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut up_read, &mut client_write).await;
    });
    let mut head = head;
    loop {
        let line = head.lines().next().unwrap_or_default().to_string();
        let mut words = line.split_whitespace();
        let (method, target, version) = (
            words.next().unwrap_or_default().to_string(),
            words.next().unwrap_or_default().to_string(),
            words.next().unwrap_or("HTTP/1.1").to_string(),
        );
        note(&log, format!("{method} {target}"));
        let path = target
            .strip_prefix("http://")
            .map(|r| {
                r.find('/')
                    .map_or("/".to_string(), |at| r[at..].to_string())
            })
            .unwrap_or(target.clone());
        let rewritten = format!("{method} {path} {version}{}", &head[line.len()..]);
        let rewritten: String = rewritten
            .split("\r\n")
            .filter(|l| !l.to_ascii_lowercase().starts_with("proxy-authorization:"))
            .collect::<Vec<_>>()
            .join("\r\n");
        up_write.write_all(rewritten.as_bytes()).await.ok()?;
        let length: u64 = header(&head, "content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut body = (&mut client_read).take(length);
        tokio::io::copy(&mut body, &mut up_write).await.ok()?;
        match read_head(&mut client_read).await {
            Some(next) => head = next,
            None => break,
        }
    }
    let _ = up_write.shutdown().await;
    let _ = to_client.await;
    Some(())
}

async fn socks5(
    mut client: TcpStream,
    auth: Option<(String, String)>,
    log: Arc<Mutex<Vec<String>>>,
) -> Option<()> {
    let mut greeting = [0u8; 2];
    client.read_exact(&mut greeting).await.ok()?;
    let mut methods = vec![0u8; usize::from(greeting[1])];
    client.read_exact(&mut methods).await.ok()?;
    let wanted = if auth.is_some() { 0x02 } else { 0x00 };
    if greeting[0] != 5 || !methods.contains(&wanted) {
        note(&log, "SOCKS refused: no acceptable method".into());
        let _ = client.write_all(&[5, 0xff]).await;
        return None;
    }
    client.write_all(&[5, wanted]).await.ok()?;
    if let Some((user, pass)) = &auth {
        let mut version_len = [0u8; 2];
        client.read_exact(&mut version_len).await.ok()?;
        let mut given_user = vec![0u8; usize::from(version_len[1])];
        client.read_exact(&mut given_user).await.ok()?;
        let mut pass_len = [0u8; 1];
        client.read_exact(&mut pass_len).await.ok()?;
        let mut given_pass = vec![0u8; usize::from(pass_len[0])];
        client.read_exact(&mut given_pass).await.ok()?;
        if given_user != user.as_bytes() || given_pass != pass.as_bytes() {
            note(&log, "SOCKS refused: bad credentials".into());
            let _ = client.write_all(&[1, 1]).await;
            return None;
        }
        client.write_all(&[1, 0]).await.ok()?;
    }
    let mut request = [0u8; 4];
    client.read_exact(&mut request).await.ok()?;
    let host = match request[3] {
        1 => {
            let mut ip = [0u8; 4];
            client.read_exact(&mut ip).await.ok()?;
            std::net::Ipv4Addr::from(ip).to_string()
        }
        3 => {
            let mut len = [0u8; 1];
            client.read_exact(&mut len).await.ok()?;
            let mut name = vec![0u8; usize::from(len[0])];
            client.read_exact(&mut name).await.ok()?;
            String::from_utf8(name).ok()?
        }
        _ => return None,
    };
    let mut port = [0u8; 2];
    client.read_exact(&mut port).await.ok()?;
    let port = u16::from_be_bytes(port);
    note(&log, format!("SOCKS {host}:{port}"));
    let mut upstream = TcpStream::connect((host.as_str(), port)).await.ok()?;
    client
        .write_all(&[5, 0, 0, 1, 0, 0, 0, 0, 0, 0])
        .await
        .ok()?;
    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
    Some(())
}
