//! The re-run record: for each file a `batch` run wrote or restored, the cache key it
//! holds and what `stat` said of it then (size, modification time, inode). A later run
//! whose row has the same key finds the file still right from `stat` alone, without
//! reading it or its cache entry; any difference falls back to the full check.
//!
//! Kept in the cache (`<cache>/v2/runs/<digest of the output directory>.state`), which is
//! untrusted like the rest of it: read through the cache's directory handle (no link
//! followed, a regular file of bounded size), and a line that does not parse is skipped.
//! A forged record can only make a run skip rewriting a file whose name, size, time and
//! inode it names exactly, which whoever could forge it could have written anyway.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::time::UNIX_EPOCH;

use sha2::{Digest, Sha256};

use super::Dir;
use super::cache::CacheKey;

/// The largest record read (about 400,000 rows).
const MAX_STATE_BYTES: u64 = 64 << 20;

/// What a file held when a run last wrote or found it right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seen {
    pub key: CacheKey,
    pub size: u64,
    pub modified_ns: u128,
    pub inode: u64,
    pub audio_ms: Option<u64>,
}

/// The record of one output directory.
#[derive(Debug, Default)]
pub struct RunState {
    /// By a digest of the file's path.
    files: HashMap<[u8; 16], Seen>,
}

/// A file's identity for the record: a digest of its absolute path (no names are
/// stored; the same file named from another directory is the same file).
fn path_digest(path: &Path) -> [u8; 16] {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let digest = Sha256::digest(absolute.as_os_str().as_encoded_bytes());
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out
}

/// The record's file name for an output directory (by its absolute path, made without
/// touching the file system: the same before and after the first run creates it).
pub fn name_for(out_dir: &Path) -> String {
    format!("{}.state", hex::encode(path_digest(out_dir)))
}

/// What `stat` says of the regular file at `path` now (a link is not followed: `None`).
pub fn stat(path: &Path) -> Option<(u64, u128, u64)> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_file() {
        return None;
    }
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some((meta.len(), modified.as_nanos(), inode))
}

impl RunState {
    /// Reads the record `name` in `dir`; a missing or unreadable one is empty.
    pub fn read(dir: &Dir, name: &str) -> RunState {
        let mut text = String::new();
        let read = dir
            .open_regular(name)
            .ok()
            .flatten()
            .map(|file| file.take(MAX_STATE_BYTES).read_to_string(&mut text));
        if !matches!(read, Some(Ok(_))) {
            return RunState::default();
        }
        let files = text.lines().filter_map(parse_line).collect();
        RunState { files }
    }

    /// How many files it knows.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// What the record says of `path`, if that is still what `stat` says of it.
    pub fn unchanged(&self, path: &Path) -> Option<Seen> {
        let seen = self.files.get(&path_digest(path))?;
        let (size, modified_ns, inode) = stat(path)?;
        (seen.size == size && seen.modified_ns == modified_ns && seen.inode == inode)
            .then_some(*seen)
    }

    /// Records `path` as holding `key`, as `stat` finds it now.
    pub fn record(&mut self, path: &Path, key: CacheKey, audio_ms: Option<u64>) {
        match stat(path) {
            Some((size, modified_ns, inode)) => {
                self.files.insert(
                    path_digest(path),
                    Seen {
                        key,
                        size,
                        modified_ns,
                        inode,
                        audio_ms,
                    },
                );
            }
            None => {
                self.files.remove(&path_digest(path));
            }
        }
    }

    /// Writes the record as `name` in `dir` (a temporary file renamed into place).
    pub fn write(&self, dir: &Dir, name: &str) -> std::io::Result<()> {
        let (temp, file) = dir.create_temp(".tmp-")?;
        let mut out = std::io::BufWriter::new(file);
        let written = (|| {
            for (path, seen) in &self.files {
                writeln!(
                    out,
                    "{} {} {} {} {} {}",
                    hex::encode(path),
                    seen.key,
                    seen.size,
                    seen.modified_ns,
                    seen.inode,
                    seen.audio_ms
                        .map_or_else(|| "-".to_string(), |ms| ms.to_string())
                )?;
            }
            out.flush()
        })();
        drop(out);
        match written.and_then(|()| dir.rename(&temp, name)) {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = dir.remove_file(&temp);
                Err(e)
            }
        }
    }
}

fn parse_line(line: &str) -> Option<([u8; 16], Seen)> {
    let mut parts = line.split(' ');
    let mut path = [0u8; 16];
    hex::decode_to_slice(parts.next()?, &mut path).ok()?;
    let key = CacheKey::from_hex(parts.next()?)?;
    let size = parts.next()?.parse().ok()?;
    let modified_ns = parts.next()?.parse().ok()?;
    let inode = parts.next()?.parse().ok()?;
    let audio_ms = match parts.next()? {
        "-" => None,
        ms => Some(ms.parse().ok()?),
    };
    if parts.next().is_some() {
        return None;
    }
    Some((
        path,
        Seen {
            key,
            size,
            modified_ns,
            inode,
            audio_ms,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_unchanged_until_stat_says_otherwise() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a.mp3");
        std::fs::write(&file, b"audio").unwrap();
        let key = CacheKey::from_hex(&"ab".repeat(32)).unwrap();
        let mut state = RunState::default();
        state.record(&file, key, Some(1200));
        let dir = Dir::open_root(tmp.path(), false).unwrap();
        state.write(&dir, "x.state").unwrap();
        let read = RunState::read(&dir, "x.state");
        assert_eq!(
            read.unchanged(&file).map(|s| (s.key, s.audio_ms)),
            Some((key, Some(1200)))
        );
        std::fs::write(&file, b"other").unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert_eq!(read.unchanged(&file), None, "same size, another time");
        std::fs::write(tmp.path().join("x.state"), "garbage\nzz 1 2\n").unwrap();
        assert!(RunState::read(&dir, "x.state").files.is_empty());
    }
}
