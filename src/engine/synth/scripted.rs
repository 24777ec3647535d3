//! A scripted engine for the tests of what drives engines (the synthesizer, the batch
//! workers): each session plays a script of events and failures, and a log records what
//! was sent. Fast, in-process, and exact.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::ops::Range;
use std::rc::Rc;

use crate::engine::error::EngineError;
use crate::engine::{Capabilities, Engine, Event, SegmentReport, Session};
use crate::spec::SynthesisSpec;

/// What a scripted session's `next_event` yields, in order.
pub enum Step {
    Audio(Vec<u8>),
    Done,
    Fail(EngineError),
}

/// What the synthesizer did, per session (by the order they were opened).
#[derive(Debug, Default, PartialEq)]
pub struct Log {
    pub opened: usize,
    /// (session, text) of every `send`, and `(session, "<end>")` for `end_input`.
    pub sent: Vec<(usize, String)>,
}

pub struct ScriptedEngine {
    segment_completion: bool,
    /// One script per session to be opened: its events, or the failure to open it.
    sessions: RefCell<VecDeque<Result<Vec<Step>, EngineError>>>,
    pub log: Rc<RefCell<Log>>,
}

pub struct ScriptedSession {
    index: usize,
    steps: VecDeque<Step>,
    log: Rc<RefCell<Log>>,
}

impl ScriptedEngine {
    pub fn new(segment_completion: bool, sessions: Vec<Result<Vec<Step>, EngineError>>) -> Self {
        ScriptedEngine {
            segment_completion,
            sessions: RefCell::new(sessions.into()),
            log: Rc::default(),
        }
    }
}

impl Engine for ScriptedEngine {
    type Session = ScriptedSession;

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            segment_completion: self.segment_completion,
            max_segment_chars: 1000,
            subtitles: false,
            open_is_request: true,
        }
    }

    fn prepare_text(&self, raw: &str) -> Result<String, EngineError> {
        Ok(raw.to_string())
    }

    fn markup(&self) -> fn(&str) -> Vec<Range<usize>> {
        |_| Vec::new()
    }

    fn tidy_live(&self, raw: &str) -> Option<String> {
        Some(raw.to_string())
    }

    async fn open(&self, _: &SynthesisSpec) -> Result<ScriptedSession, EngineError> {
        let script = self
            .sessions
            .borrow_mut()
            .pop_front()
            .unwrap_or_else(|| panic!("no script for session {}", self.log.borrow().opened));
        let index = {
            let mut log = self.log.borrow_mut();
            log.opened += 1;
            log.opened - 1
        };
        script.map(|steps| ScriptedSession {
            index,
            steps: steps.into(),
            log: Rc::clone(&self.log),
        })
    }
}

impl Session for ScriptedSession {
    async fn send(&mut self, text: &str) -> Result<(), EngineError> {
        self.log.borrow_mut().sent.push((self.index, text.into()));
        Ok(())
    }

    async fn end_input(&mut self) -> Result<(), EngineError> {
        self.log
            .borrow_mut()
            .sent
            .push((self.index, "<end>".into()));
        Ok(())
    }

    async fn next_event(&mut self) -> Result<Event, EngineError> {
        match self.steps.pop_front() {
            Some(Step::Audio(bytes)) => Ok(Event::Audio(bytes)),
            Some(Step::Done) => Ok(Event::SegmentDone(SegmentReport::default())),
            Some(Step::Fail(e)) => Err(e),
            None => Err(EngineError::protocol("the script ended")),
        }
    }

    async fn keepalive(&mut self) -> Result<(), EngineError> {
        Ok(())
    }

    async fn finish(self) -> Result<(), EngineError> {
        Ok(())
    }

    async fn close(self) {}
}
