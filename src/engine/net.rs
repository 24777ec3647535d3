//! What every network engine shares: the base URL, TLS with verified certificates, and
//! URLs fit to print.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

pub use super::proxy::ProxySettings;

use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderMap, HeaderName, HeaderValue, header};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream, tungstenite};

/// An open WebSocket, over TLS or (to a local fake or gateway) plain TCP.
pub type WsSocket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Larger than any message either provider sends (their SDKs allow 10–16 MiB).
const MAX_WS_MESSAGE: usize = 64 << 20;

/// Why a WebSocket could not be opened; each engine words it in its own terms.
#[derive(Debug)]
pub enum WsConnectError {
    /// The key cannot go into an HTTP header.
    BadKey,
    /// The URL is not a WebSocket URL.
    BadUrl(String),
    /// The server answered the upgrade with this HTTP status.
    Refused {
        status: u16,
        headers: HeaderMap,
        body: String,
    },
    TimedOut,
    /// TCP, TLS or protocol failure before the upgrade completed.
    Failed(String),
    /// The proxy could not open the tunnel (worded already).
    Proxy(super::EngineError),
}

/// Scheme, host and port of a `ws://` or `wss://` URL.
fn ws_target(url: &str) -> Option<(String, String, u16)> {
    let url = url::Url::parse(url).ok()?;
    let host = host_name(&url)?;
    let port = url.port_or_known_default()?;
    Some((url.scheme().to_string(), host, port))
}

/// A URL's host as a connection takes it: IPv6 without brackets.
pub fn host_name(url: &url::Url) -> Option<String> {
    match url.host()? {
        url::Host::Domain(d) if !d.is_empty() => Some(d.to_string()),
        url::Host::Domain(_) => None,
        url::Host::Ipv4(ip) => Some(ip.to_string()),
        url::Host::Ipv6(ip) => Some(ip.to_string()),
    }
}

/// Opens a WebSocket to `url` with `Authorization: Bearer <key>` (marked sensitive so it
/// is never logged) and the `extra` headers, within `timeout_after`; certificates are
/// verified with [`tls_config`].
pub async fn connect_ws(
    url: &str,
    api_key: &str,
    extra: &[(&'static str, &str)],
    timeout_after: Duration,
    proxy: &ProxySettings,
) -> Result<(WsSocket, HeaderMap), WsConnectError> {
    let request = ws_request(url, api_key, extra)?;
    let config = WebSocketConfig::default()
        .max_message_size(Some(MAX_WS_MESSAGE))
        .max_frame_size(Some(MAX_WS_MESSAGE));
    let (scheme, host, port) = ws_target(url)
        .ok_or_else(|| WsConnectError::BadUrl(format!("{} has no host", redact_url(url))))?;
    /// Where opening failed: in the proxy's tunnel, or in the WebSocket handshake.
    enum Failure {
        Proxy(super::proxy::ProxyFailure),
        Ws(tungstenite::Error),
    }
    let connecting = async {
        match proxy.for_target(&scheme, &host) {
            Some(through) => {
                crate::report::debug(
                    "net",
                    format_args!(
                        "{host}: through proxy {} (from {})",
                        through.shown(),
                        through.source
                    ),
                );
                let stream = super::proxy::connect(through, &host, port, timeout_after)
                    .await
                    .map_err(Failure::Proxy)?;
                tokio_tungstenite::client_async_tls_with_config(
                    request,
                    stream,
                    Some(config),
                    Some(Connector::Rustls(tls_config())),
                )
                .await
                .map_err(Failure::Ws)
            }
            None => tokio_tungstenite::connect_async_tls_with_config(
                request,
                Some(config),
                true,
                Some(Connector::Rustls(tls_config())),
            )
            .await
            .map_err(Failure::Ws),
        }
    };
    match timeout(timeout_after, connecting).await {
        Err(_) => Err(WsConnectError::TimedOut),
        Ok(Ok((socket, response))) => Ok((socket, response.headers().clone())),
        Ok(Err(Failure::Proxy(failure))) => Err(WsConnectError::Proxy(failure.into_engine_error())),
        Ok(Err(Failure::Ws(tungstenite::Error::Http(response)))) => Err(WsConnectError::Refused {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response
                .body()
                .as_deref()
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default(),
        }),
        Ok(Err(Failure::Ws(tungstenite::Error::Tls(e)))) => {
            Err(WsConnectError::Failed(format!("TLS failed: {e}")))
        }
        Ok(Err(Failure::Ws(e))) => Err(WsConnectError::Failed(e.to_string())),
    }
}

/// The upgrade request: `Authorization: Bearer <key>` (marked sensitive so it is never
/// logged) and the `extra` headers.
fn ws_request(
    url: &str,
    api_key: &str,
    extra: &[(&'static str, &str)],
) -> Result<tungstenite::handshake::client::Request, WsConnectError> {
    let mut request = url
        .into_client_request()
        .map_err(|e| WsConnectError::BadUrl(e.to_string()))?;
    let mut auth =
        HeaderValue::from_str(&format!("Bearer {api_key}")).map_err(|_| WsConnectError::BadKey)?;
    auth.set_sensitive(true);
    request.headers_mut().insert(header::AUTHORIZATION, auth);
    for (name, value) in extra {
        let value = HeaderValue::from_str(value)
            .map_err(|_| WsConnectError::BadUrl(format!("invalid {name} header value")))?;
        request
            .headers_mut()
            .insert(HeaderName::from_static(name), value);
    }
    Ok(request)
}

/// Where the service lives for this run: its default host, or a `--base-url` such as
/// `http://127.0.0.1:8080` (tests, proxies, gateways).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// Scheme, host, port and optional path prefix, without a trailing slash.
    http_base: String,
}

impl Endpoint {
    /// Accepts `http://…` or `https://…` (a trailing slash is ignored).
    pub fn parse(base_url: &str) -> Result<Endpoint, String> {
        let shown = redact_url(base_url.trim());
        let url = url::Url::parse(base_url.trim())
            .map_err(|e| format!("base URL '{shown}' is not a URL ({e})"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!(
                "base URL '{shown}' must start with https:// or http://"
            ));
        }
        if host_name(&url).is_none() {
            return Err(format!("base URL '{shown}' has no host"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!(
                "base URL '{shown}' has a query or fragment; give scheme, host and path only"
            ));
        }
        Ok(Endpoint {
            http_base: url.as_str().trim_end_matches('/').to_string(),
        })
    }

    pub fn http_url(&self, path: &str) -> String {
        format!("{}{path}", self.http_base)
    }

    /// `ws://` for `http://`, `wss://` for `https://`.
    pub fn ws_url(&self, path: &str) -> String {
        let base = match self.http_base.strip_prefix("https://") {
            Some(rest) => format!("wss://{rest}"),
            None => format!("ws://{}", self.http_base.trim_start_matches("http://")),
        };
        format!("{base}{path}")
    }

    /// The base URL for messages: a password in it replaced.
    pub fn shown(&self) -> String {
        redact_url(&self.http_base)
            .trim_end_matches('/')
            .to_string()
    }
}

/// How a close frame reads in a message: ` (code 1011, "reason")`, or nothing.
pub fn close_reason(frame: Option<&tungstenite::protocol::CloseFrame>) -> String {
    frame
        .map(|f| format!(" (code {}, {:?})", u16::from(f.code), f.reason.as_str()))
        .unwrap_or_default()
}

/// An HTTP client for one run: verified TLS, the timeouts, our user agent. `read_timeout`
/// bounds the wait for each piece of a body, so a streamed body may take longer overall.
pub fn http_client(timeout: Duration, proxy: &ProxySettings) -> Result<reqwest::Client, String> {
    proxy
        .apply(reqwest::Client::builder())
        .use_preconfigured_tls((*tls_config()).clone())
        .connect_timeout(timeout)
        .read_timeout(timeout)
        .user_agent(concat!("minimax-tts/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| e.to_string())
}

/// `url` without the `user:password@` part, for messages and logs. Text that does not
/// parse as a URL loses everything before an `@` in what would be its authority.
pub fn redact_url(url: &str) -> String {
    // Without `://`, `user:pw@host` would parse as a URL of scheme `user`.
    let parsed = url::Url::parse(url).ok().filter(|_| url.contains("://"));
    match parsed.ok_or(()) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            let _ = parsed.set_password(None);
            let _ = parsed.set_username("***");
            parsed.to_string()
        }
        Ok(_) => url.to_string(),
        Err(_) => {
            let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            match rest[..end].rfind('@') {
                Some(at) if scheme.is_empty() => format!("***@{}", &rest[at + 1..]),
                Some(at) => format!("{scheme}://***@{}", &rest[at + 1..]),
                None => url.to_string(),
            }
        }
    }
}

/// The TLS configuration for every connection: rustls with the webpki root store,
/// certificates always verified.
pub fn tls_config() -> Arc<rustls::ClientConfig> {
    static CONFIG: OnceLock<Arc<rustls::ClientConfig>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let roots = rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let config = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map(|builder| {
                    builder
                        .with_root_certificates(roots.clone())
                        .with_no_client_auth()
                })
                // The ring provider supports the safe defaults; this branch is unreachable
                // in practice but must not panic.
                .unwrap_or_else(|_| {
                    rustls::ClientConfig::builder()
                        .with_root_certificates(roots)
                        .with_no_client_auth()
                });
            Arc::new(config)
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_derives_websocket_urls() {
        let global = Endpoint::parse("https://api.minimax.io/").unwrap();
        assert_eq!(
            global.ws_url("/ws/v1/t2a_v2"),
            "wss://api.minimax.io/ws/v1/t2a_v2"
        );
        assert_eq!(
            global.http_url("/v1/get_voice"),
            "https://api.minimax.io/v1/get_voice"
        );
        let local = Endpoint::parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            local.ws_url("/ws/v1/t2a_v2"),
            "ws://127.0.0.1:8080/ws/v1/t2a_v2"
        );
        let prefixed = Endpoint::parse("https://proxy.example/minimax").unwrap();
        assert_eq!(
            prefixed.ws_url("/ws/v1/t2a_v2"),
            "wss://proxy.example/minimax/ws/v1/t2a_v2"
        );
        assert!(Endpoint::parse("ftp://x").is_err());
        assert_eq!(
            redact_url("https://user:secret@proxy.example/a@b"),
            "https://***@proxy.example/a@b"
        );
        assert_eq!(redact_url("ws://127.0.0.1:1/x"), "ws://127.0.0.1:1/x");
        assert_eq!(redact_url("me:pw@proxy:8080"), "***@proxy:8080");
        assert!(Endpoint::parse("https://").is_err());
        let secret = Endpoint::parse("https://user:pass@gw.example/").unwrap();
        assert_eq!(secret.shown(), "https://***@gw.example");
        let err = Endpoint::parse("ftp://user:pass@gw.example").unwrap_err();
        assert!(!err.contains("pass"), "{err}");
        assert_eq!(
            ws_target("wss://[::1]:9/x"),
            Some(("wss".into(), "::1".into(), 9))
        );
        assert_eq!(
            ws_target("ws://u:p@h.example/x"),
            Some(("ws".into(), "h.example".into(), 80))
        );
    }
}

/// A request body that reports its progress as the transport takes it: an upload's bar
/// moves with the bytes actually sent, not with the bytes read. Cheap to clone (the
/// bytes are shared), so a retry sends the same body again.
#[derive(Clone)]
pub struct ProgressBody {
    bytes: bytes::Bytes,
    at: usize,
    /// Bytes of the upload before this body (several files under one bar).
    before: u64,
    progress: indicatif::ProgressBar,
}

/// The piece handed to the transport at a time.
const UPLOAD_PIECE: usize = 64 * 1024;

impl ProgressBody {
    pub fn new(bytes: bytes::Bytes, progress: indicatif::ProgressBar) -> ProgressBody {
        Self::after(bytes, 0, progress)
    }

    /// A body whose bytes follow `before` others on the same bar.
    pub fn after(
        bytes: bytes::Bytes,
        before: u64,
        progress: indicatif::ProgressBar,
    ) -> ProgressBody {
        ProgressBody {
            bytes,
            at: 0,
            before,
            progress,
        }
    }

    pub fn len(&self) -> u64 {
        self.bytes.len() as u64
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl http_body::Body for ProgressBody {
    type Data = bytes::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, Self::Error>>> {
        let this = &mut *self;
        if this.at >= this.bytes.len() {
            return std::task::Poll::Ready(None);
        }
        let end = (this.at + UPLOAD_PIECE).min(this.bytes.len());
        let piece = this.bytes.slice(this.at..end);
        this.at = end;
        this.progress.set_position(this.before + end as u64);
        std::task::Poll::Ready(Some(Ok(http_body::Frame::data(piece))))
    }

    fn is_end_stream(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact((self.bytes.len() - self.at) as u64)
    }
}
