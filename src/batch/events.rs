//! What `batch --json` (and `script --json`) prints, and what `--report` writes: typed
//! shapes, as the CHANGELOG calls them a public interface. Printed through
//! `serde_json::Value`, whose keys are sorted, so a shape's key order does not depend on
//! its field order here.

use serde::Serialize;

use crate::audio::finish::FinishReport;
use crate::batch::production::{Chapter, Placed};

/// One row's result (`"event": "row"`).
#[derive(Clone, Debug, Serialize)]
pub struct RowEvent {
    pub event: &'static str,
    pub id: String,
    pub row: usize,
    pub output: String,
    /// `synthesized`, `cached` or `failed`.
    pub status: &'static str,
    pub provider: &'static str,
    pub bytes: u64,
    pub audio_ms: Option<u64>,
    pub billed_characters: Option<u64>,
    pub cache_key: String,
    pub loudness: Option<FinishReport>,
    pub error: Option<RowError>,
}

/// Why a row failed, as the command line would say it.
#[derive(Clone, Debug, Serialize)]
pub struct RowError {
    pub message: String,
    pub hint: Option<String>,
    /// The exit code this failure alone would give.
    pub exit: u8,
    /// The provider's status code, if it gave one.
    pub status: Option<i64>,
    pub trace_id: Option<String>,
}

/// What a run billed, as each provider counts.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Billed {
    pub minimax_characters: u64,
    pub fish_utf8_bytes: u64,
}

/// The run's totals (`"event": "summary"`).
#[derive(Clone, Debug, Serialize)]
pub struct SummaryEvent {
    pub event: &'static str,
    pub rows: usize,
    pub synthesized: usize,
    pub cached: usize,
    pub failed: usize,
    pub failed_ids: Vec<String>,
    pub billed: Billed,
    pub bytes: u64,
    /// Rate-limit slowdowns the pacer made.
    pub slowdowns: u64,
    /// `INDEX/COUNT` of a sharded run.
    pub shard: Option<String>,
}

/// The joined production (`"event": "join"`).
#[derive(Clone, Debug, Serialize)]
pub struct JoinEvent {
    pub event: &'static str,
    pub output: String,
    pub bytes: u64,
    pub audio_ms: u64,
    pub timeline: Vec<Placed>,
    pub chapters: Vec<Chapter>,
    /// How many subtitle cues it has.
    pub cues: usize,
    pub loudness: Option<FinishReport>,
}

/// A row of a dry run's listing.
#[derive(Clone, Debug, Serialize)]
pub struct DryRunRow {
    pub id: String,
    pub row: usize,
    pub output: String,
    pub provider: &'static str,
    pub segments: usize,
    pub billed_characters: u64,
    pub cache_key: String,
}

/// What `--report FILE` holds.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub rows: Vec<RowEvent>,
    pub summary: SummaryEvent,
    pub production: Option<JoinEvent>,
}

/// A shape as `serde_json` prints it (keys sorted). A shape of plain fields always
/// serializes; `Null` would only stand for a bug.
pub fn value(shape: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(shape).unwrap_or(serde_json::Value::Null)
}
