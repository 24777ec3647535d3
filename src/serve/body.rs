//! A response body of the speech endpoint: whole, or streamed from the synthesis as its
//! bytes arrive; logged when done (or cut short: the client went away).

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::Frame;
use tokio::sync::mpsc;

use crate::error::Failure;

/// What the synthesis hands the response.
pub enum Chunk {
    Data(Bytes),
    Failed(Box<Failure>),
}

/// The sink's writer: each write goes to the response as it is.
pub struct ChannelWriter(pub mpsc::UnboundedSender<Chunk>);

impl io::Write for ChannelWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0
            .send(Chunk::Data(Bytes::copy_from_slice(bytes)))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub type LogHook = Box<dyn FnOnce(u64, Option<&'static str>)>;

/// A response body: whole, or streamed from the synthesis. Logged when it is done (or
/// dropped: the client went away).
pub struct Body {
    kind: BodyKind,
    sent: u64,
    /// The last byte was handed to hyper; a body dropped before that was cut short (the
    /// client went away, or the shutdown's grace ran out).
    done: bool,
    pub note: Option<&'static str>,
    pub log: Option<LogHook>,
}

enum BodyKind {
    Full(Option<Bytes>),
    Stream {
        pending: std::collections::VecDeque<Bytes>,
        rx: mpsc::UnboundedReceiver<Chunk>,
    },
}

impl Body {
    pub fn full(bytes: Bytes) -> Body {
        Body {
            kind: BodyKind::Full(Some(bytes)),
            sent: 0,
            done: false,
            note: None,
            log: None,
        }
    }

    pub fn stream(pending: Vec<Bytes>, rx: mpsc::UnboundedReceiver<Chunk>) -> Body {
        Body {
            kind: BodyKind::Stream {
                pending: pending.into(),
                rx,
            },
            sent: 0,
            done: false,
            note: None,
            log: None,
        }
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = &mut *self;
        let next = match &mut this.kind {
            BodyKind::Full(bytes) => Poll::Ready(bytes.take().map(Ok)),
            BodyKind::Stream { pending, rx } => match pending.pop_front() {
                Some(bytes) => Poll::Ready(Some(Ok(bytes))),
                None => match rx.poll_recv(cx) {
                    Poll::Ready(Some(Chunk::Data(bytes))) => Poll::Ready(Some(Ok(bytes))),
                    Poll::Ready(Some(Chunk::Failed(failure))) => {
                        this.note = Some("aborted");
                        // Ends the connection without the last chunk: the client sees a
                        // cut transfer, never a short file that looks whole.
                        Poll::Ready(Some(Err(io::Error::other(failure.cli.to_string()))))
                    }
                    Poll::Ready(None) => Poll::Ready(None),
                    Poll::Pending => Poll::Pending,
                },
            },
        };
        match &next {
            Poll::Ready(Some(Ok(bytes))) => this.sent += bytes.len() as u64,
            Poll::Ready(None) => this.done = true,
            _ => {}
        }
        if matches!(this.kind, BodyKind::Full(None)) {
            this.done = true;
        }
        next.map(|item| item.map(|result| result.map(Frame::data)))
    }

    fn is_end_stream(&self) -> bool {
        matches!(&self.kind, BodyKind::Full(None))
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match &self.kind {
            BodyKind::Full(Some(bytes)) => http_body::SizeHint::with_exact(bytes.len() as u64),
            BodyKind::Full(None) => http_body::SizeHint::with_exact(0),
            BodyKind::Stream { .. } => http_body::SizeHint::default(),
        }
    }
}

impl Drop for Body {
    fn drop(&mut self) {
        if let Some(log) = self.log.take() {
            let note = match self.note {
                None if !self.done => Some("aborted"),
                note => note,
            };
            log(self.sent, note);
        }
    }
}
