//! The static no-device binary (`scripts/build-static`, whose path `.ci/run` passes in
//! MINIMAX_TTS_STATIC_BINARY) where a `FROM scratch` container runs it: a root holding
//! only the binary and /dev/null, /dev/random, /dev/urandom. Its TLS verifies with the
//! roots built in; a root with no /dev at all is no reason to panic. Needs root (chroot,
//! mknod); `.ci/run` is root.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use crate::server::{API_KEY, FakeServer, audio_for};

/// The static binary, or `None` (saying so) where none was built; on CI its absence
/// fails the test.
fn static_binary() -> Option<PathBuf> {
    let given = std::env::var_os("MINIMAX_TTS_STATIC_BINARY").map(PathBuf::from);
    let usable = given.filter(|_| unsafe { libc::geteuid() } == 0);
    if usable.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "set MINIMAX_TTS_STATIC_BINARY to scripts/build-static's binary and run as root (.ci/run does)"
        );
        eprintln!(
            "SKIPPED: needs root and MINIMAX_TTS_STATIC_BINARY (the path scripts/build-static prints)"
        );
    }
    usable
}

/// A root holding the binary at /minimax-tts and, with `devices`, the three device nodes
/// a `FROM scratch` container gets.
fn root(binary: &Path, devices: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a root");
    std::fs::copy(binary, dir.path().join("minimax-tts")).expect("copy the binary");
    if devices {
        std::fs::create_dir(dir.path().join("dev")).unwrap();
        for (name, minor) in [("null", 3), ("random", 8), ("urandom", 9)] {
            let path = std::ffi::CString::new(
                dir.path()
                    .join("dev")
                    .join(name)
                    .as_os_str()
                    .as_encoded_bytes(),
            )
            .unwrap();
            // SAFETY: mknod reads the path only; the node is a character device.
            let made = unsafe {
                libc::mknod(
                    path.as_ptr(),
                    libc::S_IFCHR | 0o666,
                    libc::makedev(1, minor),
                )
            };
            assert_eq!(
                made,
                0,
                "mknod /dev/{name}: {}",
                std::io::Error::last_os_error()
            );
        }
    }
    dir
}

fn chrooted(root: &Path, base_url: &str, args: &[&str]) -> Output {
    // Found on this process's PATH (the child's environment is cleared).
    let chroot = crate::support::tool("chroot").expect("chroot (coreutils)");
    Command::new(chroot)
        .arg(root)
        .arg("/minimax-tts")
        .args(args)
        .env_clear()
        .env("HOME", "/")
        .env("MINIMAX_API_KEY", API_KEY)
        .env("MINIMAX_BASE_URL", base_url)
        .env("MINIMAX_TTS_BACKOFF_MS", "1")
        .output()
        .expect("run chroot")
}

#[test]
fn the_static_binary_runs_in_a_scratch_root_and_verifies_tls() {
    let Some(binary) = static_binary() else {
        return;
    };
    let server = FakeServer::start();
    let root = root(&binary, true);

    let version = chrooted(root.path(), &server.url(), &["--version"]);
    assert!(version.status.success(), "{version:?}");
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("minimax-tts "));

    let spoken = chrooted(
        root.path(),
        &server.url(),
        &["speak", "Hello from scratch.", "-o", "/out.mp3"],
    );
    assert!(
        spoken.status.success(),
        "{}",
        String::from_utf8_lossy(&spoken.stderr)
    );
    assert_eq!(
        std::fs::read(root.path().join("out.mp3")).expect("the file"),
        audio_for("mp3", "Hello from scratch.")
    );

    // A TLS host whose certificate no built-in root vouches for is refused for that
    // reason: certificates are checked, with roots the binary carries (the root has no
    // /etc/ssl).
    let tls = untrusted_tls_server();
    let refused = chrooted(
        root.path(),
        &format!("https://{tls}"),
        &["--retries", "0", "speak", "Hello.", "-o", "/tls.mp3"],
    );
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{stderr}");
    assert!(
        stderr.to_lowercase().contains("certificate"),
        "refused for its certificate: {stderr}"
    );
    assert!(!root.path().join("tls.mp3").exists());
}

#[test]
fn a_root_without_dev_is_no_reason_to_panic() {
    let Some(binary) = static_binary() else {
        return;
    };
    let server = FakeServer::start();
    let root = root(&binary, false);
    let version = chrooted(root.path(), &server.url(), &["--version"]);
    assert!(version.status.success(), "{version:?}");
    let spoken = chrooted(
        root.path(),
        &server.url(),
        &["speak", "No devices here.", "-o", "/out.mp3"],
    );
    let stderr = String::from_utf8_lossy(&spoken.stderr);
    assert_ne!(spoken.status.code(), Some(101), "a panic: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(spoken.status.code().is_some(), "killed: {stderr}");
    if spoken.status.success() {
        assert_eq!(
            std::fs::read(root.path().join("out.mp3")).expect("the file"),
            audio_for("mp3", "No devices here.")
        );
    } else {
        assert!(stderr.contains("error:"), "a clean failure: {stderr}");
    }
}

/// A TLS listener on loopback with a self-signed certificate (tests/fixtures/tls),
/// completing handshakes for as long as the test runs.
fn untrusted_tls_server() -> String {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls");
    let certs = vec![CertificateDer::from_pem_file(fixtures.join("cert.pem")).expect("cert")];
    let key = PrivateKeyDer::from_pem_file(fixtures.join("key.pem")).expect("key");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .expect("server config"),
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let config = Arc::clone(&config);
            std::thread::spawn(move || {
                let Ok(mut conn) = rustls::ServerConnection::new(config) else {
                    return;
                };
                // Until the client gives up on the certificate.
                while conn.complete_io(&mut stream).is_ok() && conn.is_handshaking() {}
            });
        }
    });
    addr
}
