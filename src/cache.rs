//! The audio cache: content-addressed files, so a batch never pays twice for the same
//! line. An entry's name is the SHA-256 of everything that changes the audio (see
//! [`key`]); entries are written through a unique temporary file and renamed into
//! place, so several processes may share one cache directory. Using an entry refreshes
//! its modification time, which is what `cache prune --older-than` goes by.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde_json::json;
use sha2::{Digest, Sha256};

use crate::engine::net::Endpoint;
use crate::sink::{self, SinkError};

/// Bumped whenever what goes into a key, or how audio is produced from a spec, changes:
/// old entries are then simply never found again (and age out with `prune`). v2: the
/// key is the hash of the spec's own serialization (v1 listed fields by hand).
const LAYOUT: &str = "v2";

/// `<cache dir>/minimax-tts` (e.g. `~/.cache/minimax-tts`).
pub fn default_dir() -> Option<PathBuf> {
    dirs::cache_dir().map(|d| d.join("minimax-tts"))
}

/// The cache key of one row: a SHA-256 over the layout, the host, the spec's identity
/// (its whole serialization: model, voice, every voice and audio setting, the format,
/// and the provider with only its own extras) and the exact text of each segment as
/// sent. Never the API key: the same line costs the same whoever pays, and a key must
/// not be guessable from a file name.
pub fn key(spec_identity: &str, endpoint: &Endpoint, segments: &[String]) -> CacheKey {
    let canonical = json!({
        "layout": LAYOUT,
        "host": endpoint.http_url(""),
        "spec": spec_identity,
        "segments": segments,
    });
    // serde_json's maps are sorted by key: the text is canonical.
    CacheKey(Sha256::digest(canonical.to_string().as_bytes()).into())
}

/// Why the cache cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// The directory cannot be created or written (found before any request).
    #[error("cannot use the cache directory {}: {source}", root.display())]
    Unusable { root: PathBuf, source: io::Error },
    #[error("cannot read {} to cache it: {source}", path.display())]
    ReadOutput { path: PathBuf, source: io::Error },
    #[error("cannot create the cache directory {}: {source}", path.display())]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("cannot read the cache entry {}: {source}", path.display())]
    ReadEntry { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Write(#[from] SinkError),
}

/// A cache key: 32 bytes, shown (and named on disk) as 64 hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CacheKey([u8; 32]);

impl std::fmt::Display for CacheKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

/// A cache directory.
pub struct Cache {
    root: PathBuf,
}

/// How big a cache is.
#[derive(Debug, Default, Clone, Copy)]
pub struct Usage {
    pub entries: u64,
    pub bytes: u64,
}

impl Cache {
    pub fn new(root: PathBuf) -> Cache {
        Cache { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn entries_dir(&self) -> PathBuf {
        self.root.join(LAYOUT)
    }

    fn entry(&self, key: CacheKey, ext: &str) -> PathBuf {
        let name = key.to_string();
        self.entries_dir()
            .join(&name[..2])
            .join(format!("{name}.{ext}"))
    }

    /// Checks that the cache directory can be created and written, before any request.
    pub fn check_writable(&self) -> Result<(), CacheError> {
        let dir = self.entries_dir();
        fs::create_dir_all(&dir)
            .and_then(|()| tempfile_probe(&dir))
            .map_err(|source| CacheError::Unusable {
                root: self.root.clone(),
                source,
            })
    }

    /// Whether there is an entry for `key` (nothing is touched: a dry run changes no
    /// entry's age).
    pub fn contains(&self, key: CacheKey, ext: &str) -> bool {
        fs::metadata(self.entry(key, ext)).is_ok_and(|m| m.is_file())
    }

    /// The entry for `key`, if there is one (its use is recorded).
    pub fn lookup(&self, key: CacheKey, ext: &str) -> Option<PathBuf> {
        let path = self.entry(key, ext);
        if !fs::metadata(&path).ok()?.is_file() {
            return None;
        }
        // A read-only cache (restored from CI storage) is still a cache.
        let _ = fs::File::options()
            .append(true)
            .open(&path)
            .and_then(|f| f.set_modified(SystemTime::now()));
        Some(path)
    }

    /// Stores the audio in `file` as the entry for `key`.
    pub fn insert(&self, key: CacheKey, ext: &str, file: &Path) -> Result<(), CacheError> {
        let path = self.entry(key, ext);
        let bytes = fs::read(file).map_err(|source| CacheError::ReadOutput {
            path: file.to_path_buf(),
            source,
        })?;
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|source| CacheError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        Ok(sink::write_file(&path, &bytes)?)
    }

    /// Writes the entry's audio to `output` (atomically; an identical file is left as it
    /// is). Returns the audio.
    pub fn restore(&self, entry: &Path, output: &Path) -> Result<Vec<u8>, CacheError> {
        let bytes = fs::read(entry).map_err(|source| CacheError::ReadEntry {
            path: entry.to_path_buf(),
            source,
        })?;
        let same = fs::metadata(output).is_ok_and(|m| m.len() == bytes.len() as u64)
            && fs::read(output).is_ok_and(|existing| existing == bytes);
        if !same {
            sink::write_file(output, &bytes)?;
        }
        Ok(bytes)
    }

    /// Entries and bytes in the cache.
    pub fn usage(&self) -> io::Result<Usage> {
        let mut usage = Usage::default();
        self.walk(false, |_, meta| {
            usage.entries += 1;
            usage.bytes += meta.len();
        })?;
        Ok(usage)
    }

    /// Removes entries not used for `older_than`; returns what was removed.
    pub fn prune(&self, older_than: Duration) -> io::Result<Usage> {
        let cutoff = SystemTime::now()
            .checked_sub(older_than)
            .unwrap_or(SystemTime::UNIX_EPOCH);
        let mut removed = Usage::default();
        self.walk(true, |path, meta| {
            let old = meta.modified().is_ok_and(|t| t < cutoff);
            if old && fs::remove_file(path).is_ok() {
                removed.entries += 1;
                removed.bytes += meta.len();
            }
        })?;
        Ok(removed)
    }

    /// Calls `visit` for every entry file (temporary files of inserts under way are
    /// skipped); a missing cache is an empty one. `tidy` removes emptied directories.
    fn walk(&self, tidy: bool, mut visit: impl FnMut(&Path, &fs::Metadata)) -> io::Result<()> {
        let top = match fs::read_dir(self.entries_dir()) {
            Ok(top) => top,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        for shard in top {
            let shard = shard?.path();
            if !shard.is_dir() {
                continue;
            }
            for entry in fs::read_dir(&shard)? {
                let path = entry?.path();
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                if name.starts_with('.') {
                    continue;
                }
                let meta = fs::symlink_metadata(&path)?;
                if meta.is_file() {
                    visit(&path, &meta);
                }
            }
            if tidy {
                // Fails, harmlessly, when another process has just put an entry there.
                let _ = fs::remove_dir(&shard);
            }
        }
        Ok(())
    }
}

/// Creates and removes a file in `dir` to see that it is writable.
fn tempfile_probe(dir: &Path) -> io::Result<()> {
    let probe = dir.join(format!(".probe.{}", std::process::id()));
    fs::File::create(&probe)?;
    fs::remove_file(&probe)
}

/// Parses `30d`, `12h`, `90m`, `45s` or `2w`.
pub fn parse_age(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("'{text}' is not an age such as 30d, 12h or 90m"))?;
    let seconds = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" | "" => 86_400,
        "w" => 7 * 86_400,
        _ => return Err(format!("'{text}' is not an age such as 30d, 12h or 90m")),
    };
    Ok(Duration::from_secs(n.saturating_mul(seconds)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_parse() {
        assert_eq!(parse_age("30d").unwrap(), Duration::from_secs(30 * 86_400));
        assert_eq!(parse_age("90m").unwrap(), Duration::from_secs(5400));
        assert!(parse_age("soon").is_err() && parse_age("3y").is_err());
    }
}
