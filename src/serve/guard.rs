//! Who may use `serve`: the owner's own programs, never a web page. Browsers let any
//! page send "simple" cross-origin requests (a text/plain POST needs no preflight) and,
//! through DNS rebinding, read the answers under a name of the attacker's. So a request
//! is refused unless its `Host` names this server (an IP literal of it, or `localhost`,
//! or a name the owner allowed for a reverse proxy), its `Origin` (when a browser sent
//! one) is this machine, and a `POST` body is declared `application/json`, which a
//! cross-site page can only send after a CORS preflight that is never granted.
//! <https://fetch.spec.whatwg.org/#cors-safelisted-request-header>

use std::net::{IpAddr, SocketAddr};

/// Why a request was refused, with the status it is answered with.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// 421 Misdirected Request: the `Host` is not a name of this server.
    Host,
    /// 403: a browser page from another machine's origin.
    Origin,
    /// 415: a `POST` body that is not `application/json`.
    ContentType,
}

/// The names a request may address this server by.
#[derive(Debug, Clone)]
pub struct Guard {
    listen: SocketAddr,
    /// Extra `Host` values (with or without a port) a reverse proxy sends; lower case.
    allowed_hosts: Vec<String>,
}

impl Guard {
    pub fn new(listen: SocketAddr, allowed_hosts: &[String]) -> Guard {
        Guard {
            listen,
            allowed_hosts: allowed_hosts
                .iter()
                .map(|h| h.to_ascii_lowercase())
                .collect(),
        }
    }

    /// Checks a request's `Host`, `Origin` and (for a body) `Content-Type` headers.
    pub fn check(
        &self,
        host: Option<&str>,
        origin: Option<&str>,
        content_type: Option<&str>,
        has_body: bool,
    ) -> Result<(), Refusal> {
        if !host.is_some_and(|h| self.host_allowed(h)) {
            return Err(Refusal::Host);
        }
        if let Some(origin) = origin
            && !self.origin_allowed(origin)
        {
            return Err(Refusal::Origin);
        }
        if has_body && !content_type.is_some_and(is_json) {
            return Err(Refusal::ContentType);
        }
        Ok(())
    }

    fn host_allowed(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        if self.allowed_hosts.contains(&host) {
            return true;
        }
        let Some((name, port)) = split_host_port(&host) else {
            return false;
        };
        // Without a port the client means 80; only a server on 80 is addressed so.
        if port.unwrap_or(80) != self.listen.port() {
            return false;
        }
        if self.allowed_hosts.contains(&name) {
            return true;
        }
        match name.parse::<IpAddr>() {
            // An IP literal cannot be rebound: it is this server if it is the address
            // listened on, loopback (when listening there), or any address of this
            // machine when listening on all of them.
            Ok(ip) => {
                let listen = self.listen.ip();
                ip == listen
                    || (listen.is_loopback() && ip.is_loopback())
                    || listen.is_unspecified()
            }
            Err(_) => name == "localhost" && self.listen.ip().is_loopback(),
        }
    }

    fn origin_allowed(&self, origin: &str) -> bool {
        // `Origin: null` comes from sandboxed frames and files: a page, not a program.
        let Some(rest) = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
        else {
            return false;
        };
        let authority = rest.trim_end_matches('/').to_ascii_lowercase();
        if authority.contains('/') {
            return false;
        }
        if self.allowed_hosts.contains(&authority) {
            return true;
        }
        let Some((name, _)) = split_host_port(&authority) else {
            return false;
        };
        if self.allowed_hosts.contains(&name) {
            return true;
        }
        match name.parse::<IpAddr>() {
            Ok(ip) => ip.is_loopback(),
            Err(_) => name == "localhost",
        }
    }
}

/// `name[:port]` or `[v6][:port]`, the name without brackets; `None` if malformed.
fn split_host_port(host: &str) -> Option<(String, Option<u16>)> {
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let (v6, after) = rest.split_once(']')?;
        v6.parse::<std::net::Ipv6Addr>().ok()?;
        match after {
            "" => (v6, None),
            _ => (v6, Some(after.strip_prefix(':')?)),
        }
    } else {
        let (name, port) = match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        };
        if name.is_empty() || name.contains(':') {
            return None;
        }
        (name, port)
    };
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok()?),
        None => None,
    };
    Some((name.to_string(), port))
}

/// `application/json`, with or without parameters (`; charset=utf-8`).
fn is_json(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback() -> Guard {
        Guard::new("127.0.0.1:8080".parse().unwrap(), &[])
    }

    #[test]
    fn loopback_names_with_the_port_pass() {
        let g = loopback();
        for host in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
        ] {
            assert_eq!(g.check(Some(host), None, None, false), Ok(()), "{host}");
        }
    }

    #[test]
    fn foreign_or_missing_hosts_are_refused() {
        let g = loopback();
        for host in [
            "evil.example:8080",
            "127.0.0.1:9999",
            "localhost",
            "127.0.0.1.nip.io:8080",
            "",
            "[::1:8080",
        ] {
            assert_eq!(
                g.check(Some(host), None, None, false),
                Err(Refusal::Host),
                "{host}"
            );
        }
        assert_eq!(g.check(None, None, None, false), Err(Refusal::Host));
    }

    #[test]
    fn a_proxy_name_passes_only_when_allowed() {
        let g = Guard::new("127.0.0.1:8080".parse().unwrap(), &["tts.internal".into()]);
        assert_eq!(g.check(Some("tts.internal"), None, None, false), Ok(()));
        assert_eq!(
            g.check(Some("TTS.internal:8080"), None, None, false),
            Ok(())
        );
        assert_eq!(
            g.check(Some("other.internal"), None, None, false),
            Err(Refusal::Host)
        );
    }

    #[test]
    fn all_addresses_accept_ip_literals_but_not_names() {
        let g = Guard::new("0.0.0.0:8080".parse().unwrap(), &[]);
        assert_eq!(g.check(Some("192.168.1.5:8080"), None, None, false), Ok(()));
        assert_eq!(
            g.check(Some("rebound.example:8080"), None, None, false),
            Err(Refusal::Host)
        );
    }

    #[test]
    fn origins_off_this_machine_are_refused() {
        let g = loopback();
        let host = Some("127.0.0.1:8080");
        for origin in [
            "http://127.0.0.1:3000",
            "http://localhost:8080",
            "http://[::1]:1",
        ] {
            assert_eq!(g.check(host, Some(origin), None, false), Ok(()), "{origin}");
        }
        for origin in [
            "http://evil.example",
            "null",
            "http://127.0.0.1.evil:80",
            "file://",
        ] {
            assert_eq!(
                g.check(host, Some(origin), None, false),
                Err(Refusal::Origin),
                "{origin}"
            );
        }
    }

    #[test]
    fn bodies_must_be_declared_json() {
        let g = loopback();
        let host = Some("127.0.0.1:8080");
        assert_eq!(g.check(host, None, Some("application/json"), true), Ok(()));
        assert_eq!(
            g.check(host, None, Some("Application/JSON; charset=utf-8"), true),
            Ok(())
        );
        for ct in [
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
            None,
        ] {
            assert_eq!(
                g.check(host, None, ct, true),
                Err(Refusal::ContentType),
                "{ct:?}"
            );
        }
    }
}
