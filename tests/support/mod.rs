//! Running the real binary hermetically: a temp HOME, no inherited MINIMAX_* or config,
//! the host pointed at the fake server, stdin closed.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::server::{API_KEY, FakeServer};

pub struct TestEnv {
    pub server: FakeServer,
    pub home: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout_text()))
    }

    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code {} (expected {code}); stderr:\n{}",
            self.code, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn assert_stderr(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            server: FakeServer::start(),
            home: tempfile::tempdir().expect("temp home"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }

    /// The binary with a hermetic environment and the fake server as host.
    pub fn cmd(&self) -> Command {
        let mut cmd = bare_cmd(self.home.path());
        cmd.env("MINIMAX_API_KEY", API_KEY)
            .env("MINIMAX_BASE_URL", self.server.url());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run(self.cmd().args(args))
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &[u8]) -> Run {
        run_with_stdin(self.cmd().args(args), stdin)
    }
}

/// The binary with nothing inherited but PATH; HOME (and so the config dir) is `home`.
pub fn bare_cmd(home: &Path) -> Command {
    bare_cmd_of(Path::new(env!("CARGO_BIN_EXE_minimax-tts")), home)
}

/// [`bare_cmd`] for another copy of the binary (one another user can run).
pub fn bare_cmd_of(program: &Path, home: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        // Retries back off for a millisecond, not seconds.
        .env("MINIMAX_TTS_BACKOFF_MS", "1")
        // Async jobs are polled at the 10-per-second limit, not every 2 s.
        .env("MINIMAX_TTS_POLL_MS", "100")
        // Play through the whole pipeline into an unpaced emulated device.
        .env("MINIMAX_TTS_AUDIO_SINK", "null-fast")
        .current_dir(home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

pub fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().expect("run minimax-tts");
    finish(output)
}

pub fn run_with_stdin(cmd: &mut Command, stdin: &[u8]) -> Run {
    let mut child = cmd
        .stdin(Stdio::piped())
        .spawn()
        .expect("spawn minimax-tts");
    let mut pipe = child.stdin.take().expect("stdin");
    // The binary may refuse before reading its input; a broken pipe is fine then.
    if let Err(e) = pipe.write_all(stdin) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
    }
    drop(pipe);
    finish(child.wait_with_output().expect("wait"))
}

fn finish(output: std::process::Output) -> Run {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    // Whatever happened, the key must never be printed.
    assert!(
        !stderr.contains(API_KEY),
        "stderr shows the API key:\n{stderr}"
    );
    assert!(
        !String::from_utf8_lossy(&output.stdout).contains(API_KEY),
        "stdout shows the API key"
    );
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: output.stdout,
        stderr,
    }
}

/// The temporary files a run writes before renaming (`.NAME.<unique>.part`) in `dir`.
pub fn temp_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    let name = p.file_name().unwrap_or_default().to_string_lossy();
                    name.starts_with('.') && name.ends_with(".part")
                })
                .collect()
        })
        .unwrap_or_default()
}

#[track_caller]
pub fn assert_no_temp_files(dir: &Path) {
    let left = temp_files(dir);
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
}

/// Waits (at most 20 s) until a temporary file for the output `name` in `dir` holds audio.
#[track_caller]
pub fn wait_for_partial_output(dir: &Path, name: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let prefix = format!(".{name}.");
    loop {
        let written = temp_files(dir).iter().any(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
                && std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) > 0
        });
        if written {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no audio was written for {name}"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// Sends `signal` to the process `pid`.
pub fn send_signal(pid: u32, signal: i32) {
    // SAFETY: kill(2) with a child's pid has no memory effects.
    let rc = unsafe { libc::kill(pid as libc::pid_t, signal) };
    assert_eq!(rc, 0, "kill failed");
}

/// Asserts that the process died by `signal` (not that it exited with some code).
#[track_caller]
pub fn assert_killed_by(status: std::process::ExitStatus, signal: i32, stderr: &[u8]) {
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        status.signal(),
        Some(signal),
        "expected death by signal {signal}, got {status:?}; stderr:\n{}",
        String::from_utf8_lossy(stderr)
    );
}

/// The path of an external checking tool (ffmpeg, ffprobe, flac): `None`, saying so,
/// where it is not installed; on CI (`CI` set) its absence fails the test, since
/// `.ci/run` installs it.
pub fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is not installed (apt-get install ffmpeg flac; .ci/run does)"
        );
        eprintln!("SKIPPED: {name} is not installed (apt-get install ffmpeg flac)");
    }
    found
}

/// Waits for processes started at once; each must exit 0 (its stderr shown if not).
pub fn all_succeed(children: Vec<std::process::Child>) {
    for child in children {
        let output = child.wait_with_output().expect("wait");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
