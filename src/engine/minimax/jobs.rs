//! MiniMax's asynchronous jobs (https://platform.minimax.io/docs/guides/speech-t2a-async):
//! how long results are kept, and the layout of the tar a finished job delivers.

use std::io::Read;

use serde_json::Value;

/// MiniMax deletes async output 9 hours after the job.
pub const EXPIRY_SECS: u64 = 9 * 3600;

/// What the job's tar holds (entries are matched by suffix: they carry a directory prefix).
pub struct Contents {
    pub audio: Vec<u8>,
    /// The audio entry's extension (`mp3`, `pcm`, …).
    pub audio_ext: String,
    /// The `.titles` entry: sentence timings as JSON.
    pub titles: Option<Vec<u8>>,
    pub audio_ms: Option<u64>,
    pub sample_rate: Option<u32>,
}

pub fn unpack(archive: &[u8]) -> Result<Contents, String> {
    let mut tar = tar::Archive::new(archive);
    let entries = tar
        .entries()
        .map_err(|e| format!("the download is not a tar archive: {e}"))?;
    let (mut audio, mut titles, mut extra) = (None, None, None);
    for entry in entries {
        let mut entry = entry.map_err(|e| format!("the archive is damaged: {e}"))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut data = Vec::new();
        entry
            .read_to_end(&mut data)
            .map_err(|e| format!("cannot read {name} from the archive: {e}"))?;
        let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        match ext.as_str() {
            "titles" => titles = Some(data),
            "extra" => extra = Some(data),
            "mp3" | "pcm" | "flac" | "wav" | "opus" | "ogg" => audio = Some((data, ext)),
            _ => {}
        }
    }
    let (audio, audio_ext) = audio.ok_or("the archive holds no audio file")?;
    let extra: Option<Value> = extra.and_then(|e| serde_json::from_slice(&e).ok());
    let field = |k: &str| {
        extra
            .as_ref()
            .and_then(|e| e.get(k))
            .and_then(Value::as_u64)
    };
    Ok(Contents {
        audio,
        audio_ext,
        titles,
        audio_ms: field("audio_length"),
        sample_rate: field("audio_sample_rate").and_then(|r| u32::try_from(r).ok()),
    })
}
