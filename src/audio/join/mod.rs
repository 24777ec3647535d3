//! Joining several streams of one format into one file that every player reads right:
//! MP3 without the per-stream headers and with one Info frame (`mp3.rs`), FLAC decoded
//! and encoded again as one stream (`flac.rs`); PCM and WAV need nothing (the sink
//! writes one header with the real sizes).

pub mod flac;
pub mod mp3;
