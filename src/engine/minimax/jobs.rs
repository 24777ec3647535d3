//! MiniMax's asynchronous jobs (<https://platform.minimax.io/docs/guides/speech-t2a-async>):
//! how long results are kept, and the layout of the tar a finished job delivers.

use std::io::Read;

use serde_json::Value;

/// MiniMax deletes async output 9 hours after the job.
pub const EXPIRY_SECS: u64 = 9 * 3600;

/// The largest small entry (subtitles, the extra info) read into memory.
const MAX_SMALL_ENTRY: u64 = 64 << 20;

/// What the job's tar holds besides the audio (entries are matched by suffix: they carry
/// a directory prefix). The audio itself is streamed out by [`copy_audio`].
pub struct Contents {
    /// The audio entry's extension (`mp3`, `pcm`, …).
    pub audio_ext: String,
    /// Where the audio entry is (its index among the archive's entries).
    pub audio_entry: usize,
    /// The `.titles` entry: sentence timings as JSON.
    pub titles: Option<Vec<u8>>,
    pub audio_ms: Option<u64>,
    pub sample_rate: Option<u32>,
}

fn audio_ext(name: &str) -> Option<String> {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "mp3" | "pcm" | "flac" | "wav" | "opus" | "ogg"
    )
    .then_some(ext)
}

/// Reads the archive's small entries and finds its audio entry (first pass).
pub fn inspect(archive: impl Read) -> Result<Contents, String> {
    let mut tar = tar::Archive::new(archive);
    let entries = tar
        .entries()
        .map_err(|e| format!("the download is not a tar archive: {e}"))?;
    let (mut audio, mut titles, mut extra) = (None, None, None);
    for (index, entry) in entries.enumerate() {
        let mut entry = entry.map_err(|e| format!("the archive is damaged: {e}"))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        let mut small = || {
            let mut data = Vec::new();
            (&mut entry)
                .take(MAX_SMALL_ENTRY)
                .read_to_end(&mut data)
                .map(|_| data)
                .map_err(|e| format!("cannot read {name} from the archive: {e}"))
        };
        match ext.as_str() {
            "titles" => titles = Some(small()?),
            "extra" => extra = Some(small()?),
            _ => {
                if let Some(ext) = audio_ext(&name) {
                    audio = Some((ext, index));
                }
            }
        }
    }
    let (audio_ext, audio_entry) = audio.ok_or("the archive holds no audio file")?;
    let extra: Option<Value> = extra.and_then(|e| serde_json::from_slice(&e).ok());
    let field = |k: &str| {
        extra
            .as_ref()
            .and_then(|e| e.get(k))
            .and_then(Value::as_u64)
    };
    Ok(Contents {
        audio_ext,
        audio_entry,
        titles,
        audio_ms: field("audio_length"),
        sample_rate: field("audio_sample_rate").and_then(|r| u32::try_from(r).ok()),
    })
}

/// Streams entry `index` (the audio [`inspect`] found) to `write`, a buffer at a time
/// (second pass). Returns the bytes copied.
pub fn copy_audio(
    archive: impl Read,
    index: usize,
    write: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
) -> Result<u64, String> {
    let mut tar = tar::Archive::new(archive);
    let entries = tar
        .entries()
        .map_err(|e| format!("the download is not a tar archive: {e}"))?;
    let mut copied = None;
    for (at, entry) in entries.enumerate() {
        let mut entry = entry.map_err(|e| format!("the archive is damaged: {e}"))?;
        if at != index {
            continue;
        }
        let name = entry
            .path()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut total = 0u64;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = entry
                .read(&mut buf)
                .map_err(|e| format!("cannot read {name} from the archive: {e}"))?;
            if n == 0 {
                break;
            }
            write(&buf[..n]).map_err(|e| format!("cannot write the audio: {e}"))?;
            total += n as u64;
        }
        copied = Some(total);
        break;
    }
    copied.ok_or_else(|| "the archive holds no audio file".to_string())
}
