//! `minimax-tts stream`: speak text as it arrives. Input is read incrementally on its own
//! thread, cut into segments as soon as a sentence is complete (or the input pauses), and
//! each segment goes out on a single session (MiniMax: one `task_continue`; Fish: `text`
//! and `flush`) while earlier audio is still playing.

use std::collections::VecDeque;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::sync::mpsc;

use crate::audio::Playback;
use crate::cli::StreamArgs;
use crate::commands::common::{self, Request, SynthesisRun};
use crate::engine::synth::{SegmentDone, Synthesizer};
use crate::engine::{Engine, SegmentReport};
use crate::error::CliError;
use crate::report;
use crate::request::{Keys, Requests};
use crate::settings::Resolved;
use crate::text::{STREAM_SEGMENT_CHARS, Segmenter};
use crate::timing;

const DEFAULT_FLUSH_AFTER: Duration = Duration::from_millis(800);

pub fn run(args: StreamArgs, resolved: Resolved) -> anyhow::Result<()> {
    let mut requests = Requests::new(resolved, Keys::Required);
    let mut run = SynthesisRun::plan(
        &mut requests,
        &Request {
            output: args.output.as_deref(),
            input: args.file.as_deref(),
            synthesis: &args.synthesis,
            playback: &args.playback,
        },
    )?;
    // Each sentence is a stream of its own: joined into one file as they come.
    run.joined = true;
    check_input_file(args.file.as_deref())?;
    let flush_after = args
        .flush_after
        .map_or(DEFAULT_FLUSH_AFTER, Duration::from_millis);
    let keepalive = run.keepalive;
    let (playback, missing_device) = run.start_playback()?;
    let playback = playback.map(Arc::new);

    if args.file.is_none() && std::io::stdin().is_terminal() {
        report::info(
            "reading from the terminal: each sentence is spoken when you finish it; Ctrl-D ends",
        );
    }
    let mut input = spawn_reader(args.file.clone())?;
    let printer = Printer::spawn(PrinterOptions {
        json: args.json,
        echo: args.echo,
        to_stderr: run.audio_on_stdout(),
        playback: playback.clone(),
    });

    let result = run.execute(playback.as_deref(), async |out| {
        let engine = run.planned.engine.as_ref();
        let mut synth = Synthesizer::new(engine, &run.planned.spec, run.retry);
        // Connect now, while the first sentence is still being written: it costs
        // nothing, saves the handshake later, and a bad key fails at once.
        synth.connect(out).await?;
        let mut segmenter = Segmenter::new(STREAM_SEGMENT_CHARS, engine.markup());
        let tidy = |piece: String| engine.tidy_live(&piece);
        let mut ready: VecDeque<(String, Duration)> = VecDeque::new();
        let mut reports: Vec<SegmentReport> = Vec::new();
        let mut queued: u64 = 0;
        let mut eof = false;
        let mut last_input = Instant::now();
        let mut last_activity = Instant::now();
        let mut last_ping = Instant::now();
        let take_done = |done: Vec<SegmentDone>, reports: &mut Vec<SegmentReport>| {
            for d in done {
                printer.send(PrinterEvent::Synthesized {
                    id: d.id,
                    report: d.report.clone(),
                    first_audio: d.first_audio,
                    last_audio: d.last_audio,
                });
                reports.push(d.report);
            }
        };
        loop {
            while let Ok(message) = input.try_recv() {
                take_input(
                    message,
                    &mut segmenter,
                    &tidy,
                    &mut ready,
                    &mut eof,
                    &mut last_input,
                )?;
            }
            if let Some((text, complete_at)) = ready.pop_front() {
                let id = queued;
                queued += 1;
                printer.send(PrinterEvent::Queued {
                    id,
                    text: text.clone(),
                    complete_at,
                });
                let label = format!("segment {}", id + 1);
                take_done(synth.submit(id, &label, &text, out).await?, &mut reports);
                last_activity = Instant::now();
                continue;
            }
            if eof {
                break;
            }
            let flush_at = last_input + flush_after;
            let ping_at = last_activity.max(last_ping) + keepalive;
            tokio::select! {
                message = input.recv() => {
                    let message = message.unwrap_or(Input::Eof);
                    take_input(message, &mut segmenter, &tidy, &mut ready, &mut eof, &mut last_input)?;
                }
                done = synth.progress(out) => {
                    take_done(done?, &mut reports);
                    last_activity = Instant::now();
                }
                _ = tokio::time::sleep_until(flush_at.into()), if segmenter.has_pending() => {
                    let at = timing::since_start();
                    ready.extend(segmenter.flush().and_then(&tidy).map(|s| (s, at)));
                }
                _ = tokio::time::sleep_until(ping_at.into()), if synth.is_connected() => {
                    if last_activity.elapsed() >= keepalive * 3 {
                        // Close before the server's idle limit; the next text reopens.
                        take_done(synth.release(out).await?, &mut reports);
                    } else {
                        synth.keepalive().await;
                    }
                    last_ping = Instant::now();
                }
            }
        }
        take_done(synth.finish(out).await?, &mut reports);
        if reports.is_empty() {
            return Err(CliError::usage("the input ended without any text to speak")
                .with_hint("pipe some text into `minimax-tts stream`, e.g. echo \"Hello.\" | minimax-tts stream")
                .into());
        }
        anyhow::Ok(reports)
    });
    printer.finish();
    let finished = result?;
    let summary = run.summary(&finished, &finished.value);
    let json_summary = args.json.then(|| {
        let mut object = summary.json();
        object["event"] = json!("summary");
        object
    });
    summary.print(json_summary, run.audio_on_stdout())?;
    common::playback_outcome(playback.as_deref(), missing_device, run.target.as_ref())
}

/// What the reader thread hands over.
enum Input {
    /// Text, with when it arrived.
    Text(String, Duration, Instant),
    Eof,
    Error(String),
    /// The input is not UTF-8 text (refused, as `speak` refuses it).
    NotUtf8 {
        offset: u64,
    },
}

fn take_input(
    message: Input,
    segmenter: &mut Segmenter,
    tidy: &impl Fn(String) -> Option<String>,
    ready: &mut VecDeque<(String, Duration)>,
    eof: &mut bool,
    last_input: &mut Instant,
) -> Result<(), CliError> {
    match message {
        Input::Text(text, at, instant) => {
            *last_input = instant;
            ready.extend(
                segmenter
                    .push(&text)
                    .into_iter()
                    .filter_map(tidy)
                    .map(|s| (s, at)),
            );
        }
        Input::Eof => {
            *eof = true;
            let at = timing::since_start();
            ready.extend(segmenter.flush().and_then(tidy).map(|s| (s, at)));
        }
        Input::Error(e) => return Err(CliError::failure(format!("cannot read the input: {e}"))),
        Input::NotUtf8 { offset } => {
            return Err(CliError::usage(format!(
                "the input is not UTF-8 text (invalid byte at offset {offset})"
            ))
            .with_hint("convert it first, e.g. iconv -t UTF-8"));
        }
    }
    Ok(())
}

/// Checks `-f FILE` before anything starts: a missing file is a usage error, as in `speak`.
fn check_input_file(file: Option<&Path>) -> Result<(), CliError> {
    let Some(path) = file.filter(|p| p.as_os_str() != "-") else {
        return Ok(());
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(CliError::usage(format!(
            "cannot read {}: it is a directory",
            path.display()
        ))
        .with_hint("check the path given to -f")),
        Ok(_) => Ok(()),
        Err(e) => Err(
            CliError::usage(format!("cannot read {}: {e}", path.display()))
                .with_hint("check the path given to -f"),
        ),
    }
}

/// Reads stdin or FILE as bytes arrive (never waiting for EOF), decoding UTF-8 across
/// read boundaries, on a thread of its own.
fn spawn_reader(file: Option<PathBuf>) -> Result<mpsc::UnboundedReceiver<Input>, CliError> {
    let file = file.filter(|p| p.as_os_str() != "-");
    let (tx, rx) = mpsc::unbounded_channel();
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            let mut source: Box<dyn Read> = match &file {
                // Opening a FIFO waits for its writer: fine here, on this thread.
                Some(path) => match std::fs::File::open(path) {
                    Ok(f) => Box::new(f),
                    Err(e) => {
                        let _ = tx.send(Input::Error(format!("{}: {e}", path.display())));
                        return;
                    }
                },
                None => Box::new(std::io::stdin()),
            };
            let mut buf = vec![0u8; 8192];
            let mut pending: Vec<u8> = Vec::new();
            let mut offset: u64 = 0;
            loop {
                let n = match source.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        let _ = tx.send(Input::Error(e.to_string()));
                        return;
                    }
                };
                let at = timing::since_start();
                let instant = Instant::now();
                pending.extend_from_slice(&buf[..n]);
                let text = match take_utf8(&mut pending) {
                    Ok(text) => text,
                    Err(valid) => {
                        let _ = tx.send(Input::NotUtf8 {
                            offset: offset + valid as u64,
                        });
                        return;
                    }
                };
                offset += text.len() as u64;
                if !text.is_empty() && tx.send(Input::Text(text, at, instant)).is_err() {
                    return;
                }
            }
            if !pending.is_empty() {
                // The input ended inside a character.
                let _ = tx.send(Input::NotUtf8 { offset });
                return;
            }
            let _ = tx.send(Input::Eof);
        })
        .map_err(|e| CliError::failure(format!("cannot start the input thread: {e}")))?;
    Ok(rx)
}

/// Takes the complete UTF-8 text from `bytes`, leaving an incomplete trailing sequence
/// for the next read. Invalid UTF-8 is an error holding how many bytes were valid.
fn take_utf8(bytes: &mut Vec<u8>) -> Result<String, usize> {
    let valid = match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) if e.error_len().is_none() => e.valid_up_to(),
        Err(e) => return Err(e.valid_up_to()),
    };
    let rest = bytes.split_off(valid);
    let text = String::from_utf8(std::mem::replace(bytes, rest)).map_err(|_| 0usize)?;
    Ok(text)
}

fn print_line(line: &str, to_stderr: bool) {
    if to_stderr {
        report::stderr_line(line);
    } else {
        // A failing stdout (other than closed) must not stop the speech; the summary
        // at the end reports it.
        let _ = report::stdout_line(line);
    }
}

enum PrinterEvent {
    Queued {
        id: u64,
        text: String,
        complete_at: Duration,
    },
    Synthesized {
        id: u64,
        report: SegmentReport,
        first_audio: Option<Duration>,
        last_audio: Option<Duration>,
    },
}

struct PrinterOptions {
    json: bool,
    echo: bool,
    /// Audio goes to stdout: everything printed goes to stderr.
    to_stderr: bool,
    playback: Option<Arc<Playback>>,
}

struct Pending {
    id: u64,
    text: String,
    complete_at: Duration,
    synthesized: Option<(SegmentReport, Option<Duration>, Option<Duration>)>,
    started: Option<Duration>,
    echoed: bool,
}

/// Prints captions (`--echo`) when each segment starts playing and NDJSON events once a
/// segment is both synthesized and playing, in order, from a thread that watches playback.
struct Printer {
    tx: Option<std_mpsc::Sender<PrinterEvent>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Printer {
    fn spawn(options: PrinterOptions) -> Printer {
        let (tx, rx) = std_mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("events".into())
            .spawn(move || print_events(rx, options))
            .ok();
        Printer {
            tx: Some(tx),
            thread,
        }
    }

    fn send(&self, event: PrinterEvent) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(event);
        }
    }

    /// Prints whatever is left and waits for the thread.
    fn finish(mut self) {
        self.tx.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn print_events(rx: std_mpsc::Receiver<PrinterEvent>, options: PrinterOptions) {
    let echo_to_stderr = options.to_stderr || options.json;
    let mut pending: VecDeque<Pending> = VecDeque::new();
    let mut closed = false;
    loop {
        match rx.recv_timeout(Duration::from_millis(5)) {
            Ok(PrinterEvent::Queued {
                id,
                text,
                complete_at,
            }) => pending.push_back(Pending {
                id,
                text,
                complete_at,
                synthesized: None,
                started: None,
                echoed: false,
            }),
            Ok(PrinterEvent::Synthesized {
                id,
                report,
                first_audio,
                last_audio,
            }) => {
                if let Some(p) = pending.iter_mut().find(|p| p.id == id) {
                    p.synthesized = Some((report, first_audio, last_audio));
                }
            }
            Err(std_mpsc::RecvTimeoutError::Timeout) => {}
            Err(std_mpsc::RecvTimeoutError::Disconnected) => closed = true,
        }
        let now = timing::since_start();
        for p in pending.iter_mut() {
            if p.started.is_none() {
                p.started = match &options.playback {
                    Some(playback) => (playback.segment_started(p.id)).then_some(now),
                    // Not playing: a segment "starts" when its first audio arrives.
                    None => p.synthesized.as_ref().and_then(|s| s.1),
                };
            }
            if options.echo && !p.echoed && (p.started.is_some() || closed) {
                p.echoed = true;
                print_line(&p.text, echo_to_stderr);
            }
        }
        while let Some(front) = pending.front() {
            let playing_known = options.playback.is_none() || front.started.is_some() || closed;
            if front.synthesized.is_none() || !playing_known {
                break;
            }
            let Some(p) = pending.pop_front() else { break };
            if options.json {
                print_segment(&p, &options);
            }
        }
        if closed && pending.is_empty() {
            return;
        }
        if closed {
            // Events for segments that never got synthesized (an error): drop them.
            pending.retain(|p| p.synthesized.is_some());
        }
    }
}

/// A synthesized segment's `--json` event, with its timings.
fn print_segment(p: &Pending, options: &PrinterOptions) {
    let Some((report, first_audio, last_audio)) = &p.synthesized else {
        return;
    };
    let ms = |d: Option<Duration>| d.map(timing::millis);
    let event = json!({
        "event": "segment",
        "index": p.id,
        "text": p.text,
        "chars": p.text.chars().count(),
        "audio_ms": report.audio_ms,
        "billed_characters": report.billed_characters,
        "bytes": report.audio_bytes,
        "trace_id": report.trace_id,
        "timings": {
            "input_complete": timing::millis(p.complete_at),
            "sent": ms(report.sent_at),
            "first_audio": ms(*first_audio),
            "first_play": ms(options.playback.as_ref().and(p.started)),
            "last_audio": ms(*last_audio),
        },
    });
    print_line(&event.to_string(), options.to_stderr);
}

#[cfg(test)]
mod tests {
    use super::take_utf8;

    #[test]
    fn utf8_is_decoded_across_reads() {
        let bytes = "héllo 你好".as_bytes();
        let mut pending = bytes[..2].to_vec(); // "h" + half of "é"
        assert_eq!(take_utf8(&mut pending), Ok("h".to_string()));
        assert_eq!(pending.len(), 1);
        pending.extend_from_slice(&bytes[2..]);
        assert_eq!(take_utf8(&mut pending), Ok("éllo 你好".to_string()));
        assert!(pending.is_empty());
        let mut bad = b"ab\xffc".to_vec();
        assert_eq!(take_utf8(&mut bad), Err(2));
    }
}
