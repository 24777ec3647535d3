//! The one place that prints. Results go to stdout, diagnostics to stderr; `-q`, `-v`,
//! `--json` and `NO_COLOR` are decided here once, from [`init`].
//!
//! Nothing here can panic on a closed or full stream: a closed stdout is remembered and
//! reported as success (the reader went away on purpose, as with `| head`), and a
//! stderr that cannot be written to is ignored, so diagnostics never stop the audio.

use std::fmt::Display;
use std::io::{self, IsTerminal, Write};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::timing;

/// How diagnostics are shown, resolved once from the global flags and the environment.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub quiet: bool,
    pub verbose: bool,
    /// Colour on stderr (a terminal, no `NO_COLOR`, not `TERM=dumb`).
    pub color: bool,
}

impl Options {
    pub fn new(quiet: bool, verbose: bool) -> Options {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
            || std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        Options {
            quiet,
            verbose,
            color: !no_color && io::stderr().is_terminal(),
        }
    }
}

static OPTIONS: OnceLock<Options> = OnceLock::new();
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Sets the options for the whole process; the first call wins.
pub fn init(options: Options) {
    let _ = OPTIONS.set(options);
}

fn options() -> Options {
    OPTIONS.get().copied().unwrap_or_default()
}

pub fn is_quiet() -> bool {
    options().quiet
}

pub fn is_verbose() -> bool {
    options().verbose
}

/// Whether a write to stdout found it closed (the caller then ends quietly, exit 0).
pub fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}

/// Writes to stderr, ignoring failure: a closed or full stderr must not stop the work.
/// Text that came from outside this program (a server's message, a manifest's id, a
/// voice's title, a proxy's reply), made safe to print: control characters (newlines
/// included), DEL, C1 controls and bidirectional overrides are shown escaped (`\x1b`,
/// `\u{202e}`), as fd and ripgrep do, so they cannot move the cursor, recolour the
/// terminal, fake a line or reorder what is shown.
pub fn sanitized(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, false)
}

/// A character never printed as it is: a control (newline, escape) or a bidirectional
/// override that makes a line read other than it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    let keep = |c: char| keep_newlines && c == '\n';
    if !text.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !is_unsafe(c) || keep(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A message of ours, escaped as a backstop: whatever outside text reached it unescaped
/// cannot drive the terminal (our own line breaks stay).
fn message_text(message: impl Display) -> String {
    let text = message.to_string();
    escape(&text, true).into_owned()
}

fn to_stderr(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

fn paint(label: &str, ansi: &str) -> String {
    if options().color {
        format!("\x1b[{ansi}m{label}\x1b[0m")
    } else {
        label.to_string()
    }
}

/// A progress or status line (`minimax-tts: wrote x.mp3 …`); silent with `-q`.
pub fn info(message: impl Display) {
    if !is_quiet() {
        to_stderr(&format!("minimax-tts: {}\n", message_text(message)));
    }
}

/// Something the user should know that did not stop the run; silent with `-q`.
pub fn warn(message: impl Display) {
    if !is_quiet() {
        to_stderr(&format!(
            "minimax-tts: {} {}\n",
            paint("warning:", "1;33"),
            message_text(message)
        ));
    }
}

/// A `-v` log line, stamped with the time since the process started.
pub fn debug(area: &str, message: impl Display) {
    if is_verbose() {
        to_stderr(&format!(
            "minimax-tts: [{:.1} ms] {area}: {message}\n",
            timing::millis(timing::since_start())
        ));
    }
}

/// The error that ends the run, with its hint; shown even with `-q`.
pub fn error(message: impl Display, hint: Option<&str>) {
    to_stderr(&format!(
        "minimax-tts: {}\n",
        error_lines(&paint("error:", "1;31"), message, hint)
    ));
}

/// An error as the CLI prints it, for a server's reply (a tool error, a JSON message):
/// `error: …` and `  hint: …`, escaped, without colour or the program's name.
pub fn error_text(message: impl Display, hint: Option<&str>) -> String {
    error_lines("error:", message, hint)
}

fn error_lines(label: &str, message: impl Display, hint: Option<&str>) -> String {
    let mut text = format!("{label} {}", message_text(message));
    if let Some(hint) = hint {
        text.push_str(&format!("\n  hint: {}", message_text(hint)));
    }
    text
}

/// Further lines under an error (a cause chain).
pub fn error_detail(line: impl Display) {
    to_stderr(&format!("  {}\n", message_text(line)));
}

/// Text for the user's terminal that is not a diagnostic (captions from `--echo`).
pub fn stderr_line(line: &str) {
    to_stderr(&format!("{line}\n"));
}

/// Asks a yes/no question on the terminal (stderr) and reads the answer from stdin;
/// anything but y/yes is no.
pub fn confirm(question: &str) -> io::Result<bool> {
    to_stderr(&format!("{question} [y/N] "));
    let mut answer = String::new();
    io::stdin().read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// One line of data on stdout (a result, a JSON object, a table row), flushed at once.
///
/// A closed stdout is not an error: it is remembered ([`stdout_closed`]) and the line
/// dropped, so work already paid for (a recorded job) is still finished. Any other
/// failure (a full disk behind a redirect) is returned.
pub fn stdout_line(line: &str) -> io::Result<()> {
    if stdout_closed() {
        return Ok(());
    }
    let mut out = io::stdout().lock();
    let result = out
        .write_all(line.as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        other => other,
    }
}

/// Data on stdout written piece by piece (one large JSON document streamed rather than
/// built in memory), buffered, flushed at the end, with a newline. A closed stdout is
/// handled as [`stdout_line`] does.
pub fn stdout_stream(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    to_stdout(|out| write(out).and_then(|()| out.write_all(b"\n")))
}

/// Bytes on stdout exactly as they are (a completion script, a man page); a closed
/// stdout is handled as [`stdout_line`] does.
pub fn stdout_bytes(bytes: &[u8]) -> io::Result<()> {
    to_stdout(|out| out.write_all(bytes))
}

fn to_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    if stdout_closed() {
        return Ok(());
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let result = write(&mut out).and_then(|()| out.flush());
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        other => other,
    }
}

/// A result line: on stdout, or on stderr when the audio itself is going to stdout.
pub fn result_line(line: &str, audio_on_stdout: bool) -> io::Result<()> {
    if audio_on_stdout {
        to_stderr(&format!("{line}\n"));
        Ok(())
    } else {
        stdout_line(line)
    }
}

/// A progress bar on stderr, drawn only on a terminal and never with `-q` (hidden
/// otherwise, so callers need not care).
pub fn progress_bar(total: u64, template: &str) -> indicatif::ProgressBar {
    if is_quiet() || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}
