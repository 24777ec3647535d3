//! Proxies for every connection, resolved once: `--proxy URL` (or the config file's
//! `proxy`) for everything, else the environment as curl reads it (`https_proxy` /
//! `HTTPS_PROXY` for https and wss, `http_proxy` / `HTTP_PROXY` for http and ws, then
//! `all_proxy` / `ALL_PROXY`), minus the hosts in `no_proxy` / `NO_PROXY`.
//!
//! HTTP requests go through reqwest's own proxy support, told by [`ProxySettings::apply`];
//! WebSockets are tunnelled here ([`connect`]): HTTP proxies with `CONNECT` (credentials
//! in the URL become Basic auth), SOCKS5 through `tokio-socks` (`socks5h://` lets the proxy
//! resolve names). TLS to the service runs inside the tunnel, verified as always.

use std::time::Duration;

use base64::Engine as _;

use crate::engine::error::{EngineError, ErrorKind, Recovery};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

/// A proxy server.
#[derive(Clone, PartialEq, Eq)]
pub struct Proxy {
    pub kind: ProxyKind,
    pub host: String,
    pub port: u16,
    credentials: Option<(String, String)>,
    /// Where the setting came from, for messages (`--proxy`, `HTTPS_PROXY`, …).
    pub source: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProxyKind {
    /// An HTTP proxy, tunnelled with `CONNECT`.
    Http,
    /// SOCKS5; `remote_dns` (socks5h) sends the host name for the proxy to resolve.
    Socks5 { remote_dns: bool },
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown())
    }
}

impl Proxy {
    /// Parses `http://[user:pass@]host[:port]`, `socks5://…` or `socks5h://…`.
    pub fn parse(url: &str, source: &str) -> Result<Proxy, String> {
        let bad = |why: &str| format!("{source}: proxy URL '{}' {why}", redact(url));
        // curl takes a bare host:port as an HTTP proxy.
        let full = if url.contains("://") {
            url.to_string()
        } else {
            format!("http://{url}")
        };
        let parsed = url::Url::parse(&full).map_err(|e| bad(&format!("is not a URL ({e})")))?;
        let (kind, default_port) = match parsed.scheme() {
            "http" => (ProxyKind::Http, 80),
            "https" => {
                return Err(bad(
                    "uses https://, which is not supported; use http:// (the tunnel to the service is still TLS)",
                ));
            }
            "socks5" => (ProxyKind::Socks5 { remote_dns: false }, 1080),
            "socks5h" => (ProxyKind::Socks5 { remote_dns: true }, 1080),
            _ => return Err(bad("must start with http://, socks5:// or socks5h://")),
        };
        let host = crate::engine::net::host_name(&parsed).ok_or_else(|| bad("has no host"))?;
        let credentials =
            (!parsed.username().is_empty() || parsed.password().is_some()).then(|| {
                (
                    percent_decode(parsed.username()),
                    percent_decode(parsed.password().unwrap_or("")),
                )
            });
        let proxy = Proxy {
            kind,
            host,
            port: parsed.port().unwrap_or(default_port),
            credentials,
            source: source.to_string(),
        };
        // What HTTP calls are told must parse too: a proxy that cannot be used is an
        // error now, never a silent direct connection later.
        reqwest::Url::parse(&proxy.url()).map_err(|e| bad(&format!("cannot be used ({e})")))?;
        Ok(proxy)
    }

    fn scheme(&self) -> &'static str {
        match self.kind {
            ProxyKind::Http => "http",
            ProxyKind::Socks5 { remote_dns: false } => "socks5",
            ProxyKind::Socks5 { remote_dns: true } => "socks5h",
        }
    }

    /// The proxy's URL without its password, for messages and logs.
    pub fn shown(&self) -> String {
        let scheme = self.scheme();
        let user = self
            .credentials
            .as_ref()
            .map(|(u, _)| format!("{u}:***@"))
            .unwrap_or_default();
        format!("{scheme}://{user}{}:{}", bracket(&self.host), self.port)
    }

    /// The URL reqwest takes (with the credentials: reqwest sends them as Basic auth).
    fn url(&self) -> String {
        let scheme = self.scheme();
        let user = self
            .credentials
            .as_ref()
            .map(|(u, p)| format!("{}:{}@", percent_encode(u), percent_encode(p)))
            .unwrap_or_default();
        format!("{scheme}://{user}{}:{}", bracket(&self.host), self.port)
    }
}

/// How connections reach the internet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ProxySettings {
    /// Directly (no proxy configured, or `--proxy ''` / `--no-proxy`).
    #[default]
    Direct,
    /// One proxy for every scheme (`--proxy`, the config file), minus `no_proxy`.
    All { proxy: Proxy, no_proxy: NoProxy },
    /// From the environment, by scheme.
    Env {
        https: Option<Proxy>,
        http: Option<Proxy>,
        no_proxy: NoProxy,
    },
}

impl ProxySettings {
    /// The environment's proxies, as curl reads them.
    pub fn from_env() -> Result<ProxySettings, String> {
        let var = |names: &[&'static str]| {
            names.iter().find_map(|name| {
                std::env::var(name)
                    .ok()
                    .filter(|v| !v.trim().is_empty())
                    .map(|v| (v, *name))
            })
        };
        let all = var(&["all_proxy", "ALL_PROXY"]);
        let parse = |found: Option<(String, &str)>| {
            found
                .or_else(|| all.clone())
                .map(|(url, name)| Proxy::parse(url.trim(), name))
                .transpose()
        };
        let https = parse(var(&["https_proxy", "HTTPS_PROXY"]))?;
        let http = parse(var(&["http_proxy", "HTTP_PROXY"]))?;
        if https.is_none() && http.is_none() {
            return Ok(ProxySettings::Direct);
        }
        Ok(ProxySettings::Env {
            https,
            http,
            no_proxy: NoProxy::from_env(),
        })
    }

    /// One proxy for everything (`--proxy URL`), minus the environment's `no_proxy`.
    pub fn all(url: &str, source: &str) -> Result<ProxySettings, String> {
        Ok(ProxySettings::All {
            proxy: Proxy::parse(url.trim(), source)?,
            no_proxy: NoProxy::from_env(),
        })
    }

    /// The proxy for a connection to `host` over `scheme` (http, https, ws, wss).
    pub fn for_target(&self, scheme: &str, host: &str) -> Option<&Proxy> {
        let (proxy, no_proxy) = match self {
            ProxySettings::Direct => return None,
            ProxySettings::All { proxy, no_proxy } => (Some(proxy), no_proxy),
            ProxySettings::Env {
                https,
                http,
                no_proxy,
            } => {
                let secure = matches!(scheme, "https" | "wss");
                (
                    if secure {
                        https.as_ref()
                    } else {
                        http.as_ref()
                    },
                    no_proxy,
                )
            }
        };
        proxy.filter(|_| !no_proxy.matches(host))
    }

    /// Applies these settings to an HTTP client (the environment is not read again).
    pub fn apply(&self, builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
        let builder = builder.no_proxy();
        if *self == ProxySettings::Direct {
            return builder;
        }
        let settings = self.clone();
        builder.proxy(reqwest::Proxy::custom(move |url| {
            let host = url.host_str()?;
            let proxy = settings.for_target(url.scheme(), host)?;
            crate::report::debug(
                "net",
                format_args!(
                    "{host}: through proxy {} (from {})",
                    proxy.shown(),
                    proxy.source
                ),
            );
            reqwest::Url::parse(&proxy.url()).ok()
        }))
    }
}

/// A failure of a request to `url` made through a proxy: the error names the proxy (never
/// its password), and a proxy's own refusal (HTTP 407) is a network failure, not the
/// service's answer.
pub fn blame(proxy: &ProxySettings, url: &str, mut error: EngineError) -> EngineError {
    let Some(through) = url::Url::parse(url).ok().and_then(|parsed| {
        let host = crate::engine::net::host_name(&parsed)?;
        proxy.for_target(parsed.scheme(), &host)
    }) else {
        return error;
    };
    if error.status == Some(407) {
        // The same credentials are refused again: not retried.
        error.kind = ErrorKind::Network;
        error.recovery = Recovery::Fatal;
        error.message = format!(
            "the proxy {} refused the request: it wants credentials (HTTP 407)",
            through.shown()
        );
        error.advice = Some(Box::new(
            "put the proxy's user and password in its URL: http://user:password@host:port".into(),
        ));
    } else if error.kind == ErrorKind::Network {
        error.message = format!(
            "{} (through the proxy {}, from {})",
            error.message,
            through.shown(),
            through.source
        );
    }
    error
}

/// `no_proxy`: hosts (and their subdomains) reached directly; `*` for all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoProxy {
    all: bool,
    entries: Vec<String>,
}

impl NoProxy {
    pub fn from_env() -> NoProxy {
        let value = std::env::var("no_proxy")
            .or_else(|_| std::env::var("NO_PROXY"))
            .unwrap_or_default();
        NoProxy::parse(&value)
    }

    pub fn parse(list: &str) -> NoProxy {
        let mut no_proxy = NoProxy::default();
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if entry == "*" {
                no_proxy.all = true;
            } else {
                let entry = entry.trim_start_matches("*.").trim_start_matches('.');
                // A port is ignored, as curl does for matching.
                let host = match split_host_port(entry) {
                    Some((host, _)) => host,
                    None => entry.to_string(),
                };
                no_proxy.entries.push(host.to_ascii_lowercase());
            }
        }
        no_proxy
    }

    /// `host` is listed, or is a subdomain of a listed name.
    pub fn matches(&self, host: &str) -> bool {
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase();
        self.all
            || self.entries.iter().any(|entry| {
                host == *entry
                    || (host.len() > entry.len()
                        && host.ends_with(entry.as_str())
                        && host.as_bytes()[host.len() - entry.len() - 1] == b'.')
            })
    }
}

/// Why a tunnel through a proxy could not be opened.
#[derive(Debug)]
pub enum ProxyFailure {
    /// The proxy wants credentials, or refused the ones in its URL.
    Credentials {
        shown: String,
        answer: String,
        given: bool,
    },
    Other(String),
}

impl From<String> for ProxyFailure {
    fn from(message: String) -> Self {
        ProxyFailure::Other(message)
    }
}

impl ProxyFailure {
    /// The neutral failure: a credentials refusal is final (the same credentials are
    /// refused again) with a hint about them; anything else is a network failure.
    pub fn into_engine_error(self) -> EngineError {
        match self {
            ProxyFailure::Credentials {
                shown,
                answer,
                given,
            } => EngineError::new(
                ErrorKind::Network,
                Recovery::Fatal,
                format!(
                    "the proxy {shown} {} ({answer})",
                    if given {
                        "refused the credentials in its URL"
                    } else {
                        "wants credentials"
                    }
                ),
            )
            .with_advice(if given {
                "check the user and password in the proxy URL (http://user:password@host:port; special characters percent-encoded)"
            } else {
                "put the proxy's user and password in its URL: http://user:password@host:port"
            }),
            ProxyFailure::Other(message) => EngineError::network(message)
                .with_advice(crate::engine::advice::Step::Proxy),
        }
    }
}

/// Opens a TCP connection to `host:port` through `proxy` (a tunnel the caller then
/// speaks TLS and WebSocket over).
pub async fn connect(
    proxy: &Proxy,
    host: &str,
    port: u16,
    within: Duration,
) -> Result<TcpStream, ProxyFailure> {
    let shown = proxy.shown();
    let tunnel = async {
        match proxy.kind {
            ProxyKind::Http => connect_http(proxy, host, port).await,
            ProxyKind::Socks5 { remote_dns } => connect_socks(proxy, host, port, remote_dns).await,
        }
    };
    timeout(within, tunnel).await.map_err(|_| {
        ProxyFailure::Other(format!(
            "the proxy {shown} did not answer within {:.1} s",
            within.as_secs_f64()
        ))
    })?
}

async fn connect_http(proxy: &Proxy, host: &str, port: u16) -> Result<TcpStream, ProxyFailure> {
    let shown = proxy.shown();
    let mut stream = TcpStream::connect((proxy.host.as_str(), proxy.port))
        .await
        .map_err(|e| format!("cannot connect to the proxy {shown}: {e}"))?;
    let _ = stream.set_nodelay(true);
    let target = format!("{}:{port}", bracket(host));
    let mut request = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
    if let Some((user, pass)) = &proxy.credentials {
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"));
        request.push_str(&format!("Proxy-Authorization: Basic {token}\r\n"));
    }
    request.push_str("\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| format!("the proxy {shown} closed the connection: {e}"))?;
    // The answer's head, byte by byte so no byte of the tunnel is read past it.
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 16 * 1024 {
            return Err(format!("the proxy {shown} sent an oversized answer to CONNECT").into());
        }
        let n = stream
            .read(&mut byte)
            .await
            .map_err(|e| format!("the proxy {shown} closed the connection: {e}"))?;
        if n == 0 {
            return Err(format!("the proxy {shown} closed the connection during CONNECT").into());
        }
        head.push(byte[0]);
    }
    let status_line = String::from_utf8_lossy(&head)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    let status = status_line.split_whitespace().nth(1).unwrap_or("");
    if status.starts_with('2') {
        return Ok(stream);
    }
    let answer = crate::report::sanitized(status_line.trim()).into_owned();
    Err(match status {
        // A proxy that refuses the credentials (or wants some) refuses them again: not
        // worth a retry. Tinyproxy answers 401 where others send 407.
        "401" | "407" => ProxyFailure::Credentials {
            shown,
            answer,
            given: proxy.credentials.is_some(),
        },
        _ => ProxyFailure::Other(format!(
            "the proxy {shown} refused the tunnel to {target}: {answer}"
        )),
    })
}

async fn connect_socks(
    proxy: &Proxy,
    host: &str,
    port: u16,
    remote_dns: bool,
) -> Result<TcpStream, ProxyFailure> {
    use tokio_socks::tcp::Socks5Stream;
    let shown = proxy.shown();
    let proxy_addr = (proxy.host.as_str(), proxy.port);
    let target: tokio_socks::TargetAddr<'_> = if remote_dns {
        tokio_socks::TargetAddr::Domain(host.into(), port)
    } else {
        let addr = tokio::net::lookup_host((host, port))
            .await
            .ok()
            .and_then(|mut addrs| addrs.next())
            .ok_or_else(|| {
                format!("cannot resolve {host} (to reach it through the proxy {shown})")
            })?;
        tokio_socks::TargetAddr::Ip(addr)
    };
    let stream = match &proxy.credentials {
        Some((user, pass)) => {
            Socks5Stream::connect_with_password(proxy_addr, target, user, pass).await
        }
        None => Socks5Stream::connect(proxy_addr, target).await,
    }
    .map_err(|e| format!("the SOCKS proxy {shown} could not reach {host}:{port}: {e}"))?;
    let stream = stream.into_inner();
    let _ = stream.set_nodelay(true);
    Ok(stream)
}

fn bracket(host: &str) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_string()
    }
}

/// `host[:port]`, `[v6][:port]`.
fn split_host_port(text: &str) -> Option<(String, Option<&str>)> {
    if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        let port = after.strip_prefix(':');
        return (!host.is_empty()).then(|| (host.to_string(), port));
    }
    let (host, port) = match text.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => (host, Some(port)),
        _ => (text, None),
    };
    (!host.is_empty()).then(|| (host.to_string(), port))
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Everything but unreserved characters escaped, for user info in a URL.
const USERINFO: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn percent_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, USERINFO).to_string()
}

/// A proxy URL for messages: the password replaced.
fn redact(url: &str) -> String {
    crate::engine::net::redact_url(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_urls_parse_and_never_show_passwords() {
        let p = Proxy::parse("http://me:s%40cret@proxy.corp:3128", "--proxy").unwrap();
        assert_eq!(
            (p.host.as_str(), p.port, p.kind),
            ("proxy.corp", 3128, ProxyKind::Http)
        );
        assert_eq!(p.credentials, Some(("me".into(), "s@cret".into())));
        assert_eq!(p.shown(), "http://me:***@proxy.corp:3128");
        assert!(!format!("{p:?}").contains("cret"));
        let s = Proxy::parse("socks5h://10.0.0.1", "ALL_PROXY").unwrap();
        assert_eq!(
            (s.port, s.kind),
            (1080, ProxyKind::Socks5 { remote_dns: true })
        );
        assert_eq!(
            Proxy::parse("proxy:8080", "x").unwrap().kind,
            ProxyKind::Http
        );
        let err = Proxy::parse("ftp://u:pw@x", "--proxy").unwrap_err();
        assert!(!err.contains("pw"), "{err}");
        assert!(Proxy::parse("http://:80", "x").is_err());
        assert!(Proxy::parse("http://h:99999", "x").is_err());
    }

    #[test]
    fn no_proxy_matches_hosts_and_subdomains() {
        let n = NoProxy::parse("localhost, .internal.corp,10.1.2.3:8080");
        assert!(n.matches("localhost") && n.matches("api.internal.corp"));
        assert!(n.matches("internal.corp") && n.matches("10.1.2.3"));
        assert!(!n.matches("notinternal.corp") && !n.matches("api.minimax.io"));
        assert!(NoProxy::parse("*").matches("anything"));
    }

    #[test]
    fn settings_pick_by_scheme() {
        let http = Proxy::parse("http://h:1", "http_proxy").unwrap();
        let settings = ProxySettings::Env {
            https: None,
            http: Some(http.clone()),
            no_proxy: NoProxy::parse("skip.me"),
        };
        assert_eq!(settings.for_target("ws", "a.b"), Some(&http));
        assert_eq!(settings.for_target("wss", "a.b"), None);
        assert_eq!(settings.for_target("http", "skip.me"), None);
    }
}
