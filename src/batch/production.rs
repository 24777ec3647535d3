//! A production: the rows of a batch (or the lines of a script), rendered each to its own
//! file, joined in order into one, with silence between them, chapters and one clock for
//! the subtitles.
//!
//! It is laid out first, through the same sink and framing as the real file but writing
//! nothing (`Sink::measuring`), so every row's start and end, every chapter and every cue
//! is known to the millisecond before the first byte is written: the chapters can go into
//! the file's header (an ID3v2 tag, a FLAC VORBIS_COMMENT block) even on a pipe. Then it is
//! written, streaming each row's file through: memory stays flat in the production's
//! length.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::audio::finish::FinishAs;
use crate::audio::framing::Framing;
use crate::io::target::{OutputError, OutputTarget};
use crate::request::{Cached, Prepared};
use crate::sink::{Committed, Sink};
use crate::spec::PcmLayout;
use crate::spec::{AudioFormat, WAV_HEADER_LEN};
use crate::store::cache::Cache;
use crate::subtitles::Cue;

/// One row of the production.
pub struct Piece<'a> {
    pub id: String,
    /// Where the row's audio is read from.
    pub source: Source<'a>,
    /// Silence after it (before the next row): its own, else the production's gap.
    pub pause_after_ms: Option<u64>,
    /// A chapter that starts with this row.
    pub chapter: Option<String>,
    /// Its subtitles on its own clock (from 0); `None`: one cue spanning it, with `text`.
    pub cues: Option<Vec<Cue>>,
    pub text: String,
}

/// Where a row's audio is read from.
pub enum Source<'a> {
    /// A file this run wrote (or restored).
    File(PathBuf),
    /// The row's cache entry, verified as it is read: a cached row of a production whose
    /// rows are not kept is never written out.
    Cached {
        cache: &'a Cache,
        request: &'a Prepared,
    },
}

/// Where a row sits in the joined file.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Placed {
    pub id: String,
    pub start_ms: u64,
    pub end_ms: u64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Chapter {
    pub title: String,
    pub start_ms: u64,
    pub end_ms: u64,
}

/// The production, laid out.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    pub rows: Vec<Placed>,
    pub chapters: Vec<Chapter>,
    pub cues: Vec<Cue>,
    pub total_ms: u64,
}

/// What the production is made of.
pub struct Production<'a> {
    pub pieces: &'a [Piece<'a>],
    pub format: AudioFormat,
    /// PCM's layout (WAV and raw PCM), which silence and lengths follow from.
    pub layout: PcmLayout,
    pub gap_ms: u64,
    /// The joined file's finishing (loudness, trim), done after the join.
    pub finishing: crate::spec::Finishing,
}

#[derive(Debug, thiserror::Error)]
pub enum ProductionError {
    #[error("cannot read the audio of row {id} ({from}): {source}")]
    Read {
        id: String,
        /// The file (or the cache entry) it was read from.
        from: String,
        source: std::io::Error,
    },
    #[error("cannot write the production: {0}")]
    Write(std::io::Error),
    #[error(transparent)]
    Sink(#[from] OutputError),
    #[error("{0} audio cannot be joined (there is no way to write it as one stream here)")]
    Unjoinable(&'static str),
    #[error("the chapters cannot be written: {0}")]
    Tag(String),
}

impl Production<'_> {
    /// Lays the production out: each row's start and end, the chapters and the cues,
    /// exactly as [`Production::write`] will write them.
    pub fn lay_out(&self) -> Result<Timeline, ProductionError> {
        let mut sink = Sink::measuring(self.framing(Vec::new(), Vec::new())?.measurer())?;
        let mut timeline = Timeline::default();
        self.play_through(&mut sink, |piece, start, end| {
            timeline.rows.push(Placed {
                id: piece.id.clone(),
                start_ms: start.round() as u64,
                end_ms: end.round() as u64,
            });
            match &piece.cues {
                Some(cues) => timeline
                    .cues
                    .extend(cues.iter().cloned().map(|c| c.shifted(start))),
                None if !piece.text.trim().is_empty() => timeline.cues.push(Cue {
                    text: piece.text.trim().to_string(),
                    start,
                    end,
                    words: Vec::new(),
                }),
                None => {}
            }
        })?;
        timeline.total_ms = sink.measured_ms().unwrap_or(0.0).round() as u64;
        // A chapter runs from its row's start to the next chapter's (or the end).
        let starts: Vec<(String, u64)> = self
            .pieces
            .iter()
            .zip(&timeline.rows)
            .filter_map(|(piece, placed)| piece.chapter.clone().map(|t| (t, placed.start_ms)))
            .collect();
        for (i, (title, start)) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(timeline.total_ms, |next| next.1);
            timeline.chapters.push(Chapter {
                title: title.clone(),
                start_ms: *start,
                end_ms: end,
            });
        }
        Ok(timeline)
    }

    /// Writes the production to `target`, with the chapters of `timeline` in its header.
    pub fn write(
        &self,
        target: &OutputTarget,
        timeline: &Timeline,
    ) -> Result<Committed<crate::audio::finish::FinishReport>, ProductionError> {
        let lead = match self.format {
            AudioFormat::Mp3 if !timeline.chapters.is_empty() => id3_chapters(&timeline.chapters)?,
            _ => Vec::new(),
        };
        let comments = match self.format {
            AudioFormat::Flac => vorbis_chapters(&timeline.chapters),
            _ => Vec::new(),
        };
        let mut sink = Sink::open(target, self.framing(lead, comments)?.framer())?;
        // Rows joined, time left: on a terminal only.
        let progress = crate::report::progress_bar(
            self.pieces.len() as u64,
            "joining {bar:30} {pos}/{len} rows, {msg} [{elapsed_precise}, ETA {eta}]",
        );
        self.play_through(&mut sink, |_, _, end| {
            progress.inc(1);
            progress.set_message(format!("{:.1} min of audio", end / 60_000.0));
        })?;
        progress.finish_and_clear();
        sink.commit_finished(&FinishAs {
            finishing: &self.finishing,
            format: self.format,
            layout: self.layout,
        })
        .map_err(ProductionError::Write)
    }

    fn framing(
        &self,
        lead: Vec<u8>,
        comments: Vec<(String, String)>,
    ) -> Result<Framing, ProductionError> {
        Ok(match self.format {
            AudioFormat::Mp3 => Framing::Mp3 { lead },
            AudioFormat::Flac => Framing::Flac {
                comments,
                force: true,
            },
            AudioFormat::Wav => Framing::Wav(self.layout),
            AudioFormat::Pcm => Framing::Pcm(self.layout),
            AudioFormat::Opus => return Err(ProductionError::Unjoinable("Ogg Opus")),
        })
    }

    /// Streams every row's file into `sink` with the pauses between; `placed` learns
    /// each row's start and end (ms on the joined clock).
    fn play_through(
        &self,
        sink: &mut Sink,
        mut placed: impl FnMut(&Piece, f64, f64),
    ) -> Result<(), ProductionError> {
        let skip = match self.format {
            AudioFormat::Wav => WAV_HEADER_LEN as u64,
            _ => 0,
        };
        let clock = |sink: &Sink| sink.measured_ms().unwrap_or(0.0);
        let mut buf = vec![0u8; 64 * 1024];
        for (i, piece) in self.pieces.iter().enumerate() {
            sink.start_stream().map_err(ProductionError::Write)?;
            let start = clock(sink);
            let write = |chunk: &[u8]| sink.write_audio(chunk);
            let streamed = match &piece.source {
                Source::File(path) => stream_file(path, skip, &mut buf, write),
                Source::Cached { cache, request } => stream_cached(cache, request, skip, write),
            };
            streamed.map_err(|source| match source {
                Streamed::Read(source) => ProductionError::Read {
                    id: piece.id.clone(),
                    from: match &piece.source {
                        Source::File(path) => path.display().to_string(),
                        Source::Cached { .. } => "its cache entry".into(),
                    },
                    source,
                },
                Streamed::Write(e) => ProductionError::Write(e),
            })?;
            // The row's stream ends here (a FLAC row is encoded now): its length counts.
            sink.start_stream().map_err(ProductionError::Write)?;
            let end = clock(sink);
            placed(piece, start, end);
            let last = i + 1 == self.pieces.len();
            let pause = piece
                .pause_after_ms
                .unwrap_or(if last { 0 } else { self.gap_ms });
            if pause > 0 && !last {
                sink.silence(pause).map_err(ProductionError::Write)?;
            }
        }
        Ok(())
    }
}

enum Streamed {
    Read(std::io::Error),
    Write(std::io::Error),
}

/// Streams a row's file (one this run wrote or restored; a symlink is not followed)
/// past its first `skip` bytes.
fn stream_file(
    path: &Path,
    skip: u64,
    buf: &mut [u8],
    mut write: impl FnMut(&[u8]) -> std::io::Result<()>,
) -> Result<(), Streamed> {
    let mut file = crate::io::open_read(path, false).map_err(Streamed::Read)?;
    let mut skipped = 0u64;
    loop {
        let n = file.read(buf).map_err(Streamed::Read)?;
        if n == 0 {
            return Ok(());
        }
        let from = (skip.saturating_sub(skipped)).min(n as u64) as usize;
        skipped += from as u64;
        if from < n {
            write(&buf[from..n]).map_err(Streamed::Write)?;
        }
    }
}

/// Streams a row's cache entry (verified; not touched: its row's restore did) past its
/// first `skip` bytes.
fn stream_cached(
    cache: &Cache,
    request: &Prepared,
    skip: u64,
    mut write: impl FnMut(&[u8]) -> std::io::Result<()>,
) -> Result<(), Streamed> {
    match crate::request::find(cache, request, true) {
        Cached::Found(found) => {
            let from = (skip as usize).min(found.audio.len());
            write(&found.audio[from..]).map_err(Streamed::Write)
        }
        Cached::Missing => Err(Streamed::Read(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "it went away since the row was restored; run again",
        ))),
        Cached::Damaged(why) => Err(Streamed::Read(std::io::Error::other(format!(
            "it changed since the row was restored ({why}); run again"
        )))),
    }
}

/// An ID3v2.4 tag with a table of contents (CTOC) and one CHAP frame per chapter, its
/// title in a TIT2 sub-frame (ID3v2 Chapter Frame Addendum).
fn id3_chapters(chapters: &[Chapter]) -> Result<Vec<u8>, ProductionError> {
    use id3::TagLike;
    use id3::frame::{Chapter as Chap, Content, Frame, TableOfContents};
    let mut tag = id3::Tag::new();
    let ids: Vec<String> = (0..chapters.len()).map(|i| format!("chp{i}")).collect();
    tag.add_frame(TableOfContents {
        element_id: "toc".into(),
        top_level: true,
        ordered: true,
        elements: ids.clone(),
        frames: Vec::new(),
    });
    for (chapter, id) in chapters.iter().zip(ids) {
        tag.add_frame(Chap {
            element_id: id,
            start_time: u32::try_from(chapter.start_ms).unwrap_or(u32::MAX),
            end_time: u32::try_from(chapter.end_ms).unwrap_or(u32::MAX),
            // Byte offsets unknown: times only.
            start_offset: u32::MAX,
            end_offset: u32::MAX,
            frames: vec![Frame::with_content(
                "TIT2",
                Content::Text(chapter.title.clone()),
            )],
        });
    }
    let mut bytes = Vec::new();
    tag.write_to(&mut bytes, id3::Version::Id3v24)
        .map_err(|e| ProductionError::Tag(e.to_string()))?;
    Ok(bytes)
}

/// Chapters as Vorbis comments (`CHAPTER001=00:00:00.000`, `CHAPTER001NAME=…`), the
/// convention ffmpeg and most players read from FLAC.
fn vorbis_chapters(chapters: &[Chapter]) -> Vec<(String, String)> {
    chapters
        .iter()
        .enumerate()
        .flat_map(|(i, chapter)| {
            let ms = chapter.start_ms;
            let time = format!(
                "{:02}:{:02}:{:02}.{:03}",
                ms / 3_600_000,
                ms / 60_000 % 60,
                ms / 1000 % 60,
                ms % 1000
            );
            [
                (format!("CHAPTER{:03}", i + 1), time),
                (format!("CHAPTER{:03}NAME", i + 1), chapter.title.clone()),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vorbis_chapter_times_are_hours_minutes_seconds_millis() {
        let chapters = vorbis_chapters(&[Chapter {
            title: "Two".into(),
            start_ms: 3_723_045,
            end_ms: 4_000_000,
        }]);
        assert_eq!(chapters[0], ("CHAPTER001".into(), "01:02:03.045".into()));
        assert_eq!(chapters[1], ("CHAPTER001NAME".into(), "Two".into()));
    }
}
