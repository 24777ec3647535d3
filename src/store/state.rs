//! The re-run record: for each file a `batch` run wrote or restored, the cache key it
//! holds and what `stat` said of it then (size, modification time, inode). A later run
//! whose row has the same key finds the file still right from `stat` alone, without
//! reading it or its cache entry; any difference falls back to the full check.
//!
//! Kept in the user's state directory (`<state>/runs/<digest of the output
//! directory>.state`), never in the cache: whoever can write a shared cache could bind a
//! file to the key its row is about to have, and an edited row would then keep its old
//! audio. It is still read as untrusted (through a directory handle, no link followed,
//! only a regular file; a line that does not parse is skipped).
//!
//! The record is never held in memory: its lines are sorted by the path's digest, so a
//! run looks each of its files up in place (a sparse index of every 16th line, made by
//! reading the record once, names the block of lines to read), and what the
//! run records is kept only up to `SPILL_ENTRIES` at a time, then written out sorted;
//! the new record is the merge of the old one with those. A record out of order (forged,
//! or from an older version) only makes lookups miss, which costs the full check, and
//! the merge drops its lines that are out of order.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::UNIX_EPOCH;

use sha2::{Digest, Sha256};

use super::Dir;
use super::cache::CacheKey;

/// How many new entries a run keeps in memory before writing them out (about 100 bytes
/// each; a few in unit tests, so that they merge many spills).
#[cfg(not(test))]
const SPILL_ENTRIES: usize = 16 * 1024;
#[cfg(test)]
const SPILL_ENTRIES: usize = 8;

/// The longest line a record has (the fields are bounded: 32 + 64 hex digits, four
/// numbers); a block of longer lines is not looked in.
const MAX_LINE: usize = 256;

/// The largest record merged from one source (about 400,000 files).
const MAX_SOURCE_BYTES: u64 = 64 << 20;

/// The prefix of the files a run writes its new entries to, and of the new record
/// before it is renamed into place: the cache's temporary names, which `prune` removes
/// once stale.
const SPILL_PREFIX: &str = ".tmp-";

/// What a file held when a run last wrote or found it right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seen {
    pub key: CacheKey,
    pub size: u64,
    pub modified_ns: u128,
    pub inode: u64,
    pub audio_ms: Option<u64>,
}

/// The last run's record: the file, and a sparse index of it (the digest and offset of
/// every [`INDEX_EVERY`]th line in order), so that a lookup reads one block of lines.
struct Old {
    file: File,
    len: u64,
    index: Vec<([u8; 16], u64)>,
}

/// One line in how many is indexed: a lookup reads at most this many lines (about
/// 2.5 KB), and the index holds 24 bytes for every this many files.
const INDEX_EVERY: usize = 16;

/// The record of one output directory, as a run uses it.
#[derive(Default)]
pub struct RunState {
    /// The record the last run left, looked up in place.
    old: Option<Old>,
    /// Where new entries are spilled and the new record written (`None`: nothing is).
    dir: Option<Dir>,
    /// What this run recorded since the last spill, by path digest (`None`: the file
    /// is gone, so its entry is dropped).
    fresh: BTreeMap<[u8; 16], Option<Seen>>,
    /// The spill files, oldest first.
    spills: Vec<String>,
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

/// The directory of records in the user's state directory (made when `create`).
pub fn runs_dir(state_dir: Option<&Path>, create: bool) -> std::io::Result<Option<Dir>> {
    let Some(state_dir) = state_dir else {
        return Ok(None);
    };
    match Dir::open_root(state_dir, create) {
        Ok(root) => root.sub(RUNS, create),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !create => Ok(None),
        Err(e) => Err(e),
    }
}

/// The name of the records' directory in the state directory.
const RUNS: &str = "runs";

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
    /// Opens the record `name` in `dir`; a missing or unreadable one is empty. `dir` is
    /// kept for new entries when `writable`.
    pub fn open(dir: Dir, name: &str, writable: bool) -> RunState {
        let old = dir
            .open_regular(name)
            .ok()
            .flatten()
            .and_then(|file| Old::index(file).ok());
        RunState {
            old,
            dir: writable.then_some(dir),
            fresh: BTreeMap::new(),
            spills: Vec::new(),
        }
    }

    /// The size of the record the last run left, in bytes.
    pub fn known_bytes(&self) -> u64 {
        self.old.as_ref().map_or(0, |old| old.len)
    }

    /// What the record says of `path`, if that is still what `stat` says of it. (Only
    /// the last run's record is looked in: a run names each of its files once.)
    pub fn unchanged(&self, path: &Path) -> Option<Seen> {
        let seen = self.find(&path_digest(path))?;
        let (size, modified_ns, inode) = stat(path)?;
        (seen.size == size && seen.modified_ns == modified_ns && seen.inode == inode)
            .then_some(seen)
    }

    fn find(&self, digest: &[u8; 16]) -> Option<Seen> {
        self.old.as_ref()?.find(digest)
    }

    /// Records `path` as holding `key`, as `stat` finds it now.
    pub fn record(&mut self, path: &Path, key: CacheKey, audio_ms: Option<u64>) {
        let seen = stat(path).map(|(size, modified_ns, inode)| Seen {
            key,
            size,
            modified_ns,
            inode,
            audio_ms,
        });
        self.fresh.insert(path_digest(path), seen);
        if self.fresh.len() >= SPILL_ENTRIES
            && let Some(dir) = &self.dir
        {
            let entries = std::mem::take(&mut self.fresh);
            match write_sorted(dir, entries.iter().map(|(path, seen)| (*path, *seen))) {
                Ok(name) => self.spills.push(name),
                // Kept in memory for the final write.
                Err(_) => self.fresh = entries,
            }
        }
    }

    /// Writes the new record as `name`: the old one merged with every entry of this run
    /// (a temporary file renamed into place). The spill files are removed either way.
    pub fn save(mut self, name: &str) -> std::io::Result<()> {
        let Some(dir) = self.dir.take() else {
            return Ok(());
        };
        let mut sources: Vec<Source> = Vec::new();
        if let Some(Old { mut file, .. }) = self.old.take()
            && file.seek(SeekFrom::Start(0)).is_ok()
        {
            sources.push(Source::lines(file));
        }
        for spill in &self.spills {
            if let Ok(Some(file)) = dir.open_regular(spill) {
                sources.push(Source::lines(file));
            }
        }
        sources.push(Source::Memory(
            std::mem::take(&mut self.fresh).into_iter().peekable(),
        ));
        let written = write_sorted(&dir, Merge { sources }).and_then(|temp| {
            dir.rename(&temp, name).inspect_err(|_| {
                let _ = dir.remove_file(&temp);
            })
        });
        for spill in self.spills.drain(..) {
            let _ = dir.remove_file(&spill);
        }
        written
    }
}

impl Drop for RunState {
    fn drop(&mut self) {
        // The spills of a run that did not save (it failed, or was interrupted).
        if let Some(dir) = &self.dir {
            for spill in &self.spills {
                let _ = dir.remove_file(spill);
            }
        }
    }
}

impl Old {
    /// Reads the record through once for its index (lines that do not parse, or are not
    /// after the last indexed one, are not indexed: a lookup of them misses).
    fn index(mut file: File) -> std::io::Result<Old> {
        let mut index = Vec::new();
        let mut reader = BufReader::new((&file).take(MAX_SOURCE_BYTES));
        let mut line = Vec::new();
        let (mut offset, mut count) = (0u64, 0usize);
        loop {
            line.clear();
            let read = reader.read_until(b'\n', &mut line)?;
            if read == 0 {
                break;
            }
            if count.is_multiple_of(INDEX_EVERY)
                && let Some(digest) = line_digest(&line)
                && index.last().is_none_or(|(last, _)| digest > *last)
            {
                index.push((digest, offset));
            }
            count += 1;
            offset += read as u64;
        }
        drop(reader);
        file.seek(SeekFrom::Start(0))?;
        Ok(Old {
            file,
            len: offset,
            index,
        })
    }

    /// The entry for `digest`: in the block of lines from the last indexed one not after
    /// it to the next indexed one.
    fn find(&self, digest: &[u8; 16]) -> Option<Seen> {
        let at = self.index.partition_point(|(indexed, _)| indexed <= digest);
        let start = self.index.get(at.checked_sub(1)?)?.1;
        let end = self.index.get(at).map_or(self.len, |(_, offset)| *offset);
        let size = usize::try_from(end.checked_sub(start)?).ok()?;
        if size > INDEX_EVERY * MAX_LINE {
            return None;
        }
        let mut block = vec![0u8; size];
        let mut file = &self.file;
        file.seek(SeekFrom::Start(start)).ok()?;
        file.read_exact(&mut block).ok()?;
        let want = hex::encode(digest);
        block
            .split(|&b| b == b'\n')
            .filter_map(|line| std::str::from_utf8(line).ok())
            .find(|line| line.get(..32) == Some(want.as_str()))
            .and_then(parse_line)
            .map(|(_, seen)| seen)
    }
}

/// The path digest a record line starts with.
fn line_digest(line: &[u8]) -> Option<[u8; 16]> {
    let mut digest = [0u8; 16];
    hex::decode_to_slice(line.get(..32)?, &mut digest).ok()?;
    Some(digest)
}

/// Writes entries, in order, to a new file in `dir` (a `None` entry as a removal);
/// returns its name.
fn write_sorted(
    dir: &Dir,
    entries: impl Iterator<Item = ([u8; 16], Option<Seen>)>,
) -> std::io::Result<String> {
    let (temp, file) = dir.create_temp(SPILL_PREFIX)?;
    let mut out = std::io::BufWriter::new(file);
    let written = (|| {
        for (path, seen) in entries {
            match seen {
                Some(seen) => writeln!(
                    out,
                    "{} {} {} {} {} {}",
                    hex::encode(path),
                    seen.key,
                    seen.size,
                    seen.modified_ns,
                    seen.inode,
                    seen.audio_ms
                        .map_or_else(|| "-".to_string(), |ms| ms.to_string())
                )?,
                None => writeln!(out, "{} -", hex::encode(path))?,
            }
        }
        out.flush()
    })();
    drop(out);
    match written {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = dir.remove_file(&temp);
            Err(e)
        }
    }
}

/// One sorted source of entries for the merge.
enum Source {
    Lines {
        lines: std::io::Lines<BufReader<std::io::Take<File>>>,
        head: Option<([u8; 16], Option<Seen>)>,
        /// The last digest taken: a line not after it is out of order, and skipped.
        last: Option<[u8; 16]>,
    },
    Memory(std::iter::Peekable<std::collections::btree_map::IntoIter<[u8; 16], Option<Seen>>>),
}

impl Source {
    fn lines(file: File) -> Source {
        let mut source = Source::Lines {
            lines: BufReader::new(file.take(MAX_SOURCE_BYTES)).lines(),
            head: None,
            last: None,
        };
        source.advance();
        source
    }

    /// Reads the next entry in order into the head (a line that does not parse, or is
    /// out of order, is skipped).
    fn advance(&mut self) {
        if let Source::Lines { lines, head, last } = self {
            *head = None;
            for line in lines.by_ref() {
                let Ok(line) = line else { return };
                let entry = match parse_line(&line) {
                    Some((path, seen)) => (path, Some(seen)),
                    None => match parse_removal(&line) {
                        Some(path) => (path, None),
                        None => continue,
                    },
                };
                if last.is_some_and(|last| entry.0 <= last) {
                    continue;
                }
                *last = Some(entry.0);
                *head = Some(entry);
                return;
            }
        }
    }

    fn peek(&mut self) -> Option<[u8; 16]> {
        match self {
            Source::Lines { head, .. } => head.as_ref().map(|(path, _)| *path),
            Source::Memory(entries) => entries.peek().map(|(path, _)| *path),
        }
    }

    fn take(&mut self) -> Option<([u8; 16], Option<Seen>)> {
        match self {
            Source::Lines { head, .. } => {
                let taken = head.take();
                self.advance();
                taken
            }
            Source::Memory(entries) => entries.next(),
        }
    }
}

/// The entries of several sorted sources, in order, once each: of the entries for one
/// file the newest source's (the last) wins, and a removal drops the file.
struct Merge {
    sources: Vec<Source>,
}

impl Iterator for Merge {
    type Item = ([u8; 16], Option<Seen>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let least = self.sources.iter_mut().filter_map(Source::peek).min()?;
            let mut newest = None;
            for source in &mut self.sources {
                if source.peek() == Some(least) {
                    newest = source.take();
                }
            }
            if let Some((path, Some(seen))) = newest {
                return Some((path, Some(seen)));
            }
        }
    }
}

fn parse_removal(line: &str) -> Option<[u8; 16]> {
    let (path, rest) = line.split_once(' ')?;
    let mut digest = [0u8; 16];
    hex::decode_to_slice(path, &mut digest).ok()?;
    (rest == "-").then_some(digest)
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

    fn key(byte: u8) -> CacheKey {
        CacheKey::from_hex(&format!("{byte:02x}").repeat(32)).unwrap()
    }

    #[test]
    fn a_file_is_unchanged_until_stat_says_otherwise() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a.mp3");
        std::fs::write(&file, b"audio").unwrap();
        let dir = || Dir::open_root(tmp.path(), false).unwrap();
        let mut state = RunState::open(dir(), "x.state", true);
        state.record(&file, key(0xab), Some(1200));
        state.save("x.state").unwrap();
        let read = RunState::open(dir(), "x.state", false);
        assert_eq!(
            read.unchanged(&file).map(|s| (s.key, s.audio_ms)),
            Some((key(0xab), Some(1200)))
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
        // Garbage, lines far too long, lines out of order: lookups miss, nothing breaks.
        let long = "f".repeat(4 * MAX_LINE);
        std::fs::write(
            tmp.path().join("x.state"),
            format!("garbage\nzz 1 2\n{long}\n"),
        )
        .unwrap();
        let forged = RunState::open(dir(), "x.state", false);
        assert_eq!(forged.find(&[0u8; 16]), None);
        assert_eq!(forged.find(&[0xff; 16]), None);
    }

    #[test]
    fn many_runs_merge_into_one_sorted_record_that_finds_every_file() {
        let tmp = tempfile::tempdir().unwrap();
        let files: Vec<std::path::PathBuf> = (0..100)
            .map(|i| {
                let path = tmp.path().join(format!("{i}.mp3"));
                std::fs::write(&path, format!("audio {i}")).unwrap();
                path
            })
            .collect();
        let dir = || Dir::open_root(tmp.path(), false).unwrap();
        // A first run records 0..60, a second 40..100 with other keys, and the file 7
        // goes away before the second records it again.
        let mut first = RunState::open(dir(), "r.state", true);
        for path in &files[..60] {
            first.record(path, key(1), Some(1));
        }
        first.save("r.state").unwrap();
        std::fs::remove_file(&files[7]).unwrap();
        let mut second = RunState::open(dir(), "r.state", true);
        assert_eq!(second.unchanged(&files[59]).map(|s| s.key), Some(key(1)));
        for path in files[40..].iter().chain([&files[7]]) {
            second.record(path, key(2), Some(2));
        }
        assert!(second.spills.len() > 3, "{} spills", second.spills.len());
        second.save("r.state").unwrap();
        let record = std::fs::read_to_string(tmp.path().join("r.state")).unwrap();
        let digests: Vec<&str> = record.lines().map(|l| &l[..32]).collect();
        let mut sorted = digests.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(digests, sorted, "sorted, each file once");
        assert_eq!(digests.len(), 99);
        let read = RunState::open(dir(), "r.state", false);
        assert_eq!(read.old.as_ref().map(|old| old.index.len()), Some(7));
        for (i, path) in files.iter().enumerate() {
            let expected = match i {
                7 => None,
                0..40 => Some(key(1)),
                _ => Some(key(2)),
            };
            assert_eq!(read.unchanged(path).map(|s| s.key), expected, "file {i}");
        }
        // No spill is left behind.
        let left: Vec<String> = dir()
            .names()
            .unwrap()
            .into_iter()
            .filter(|n| n.starts_with(SPILL_PREFIX))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn a_record_out_of_order_is_mended_by_the_next_save() {
        let tmp = tempfile::tempdir().unwrap();
        let a = tmp.path().join("a.mp3");
        std::fs::write(&a, b"audio").unwrap();
        let dir = || Dir::open_root(tmp.path(), false).unwrap();
        let mut state = RunState::open(dir(), "o.state", true);
        state.record(&a, key(3), None);
        state.save("o.state").unwrap();
        let line = std::fs::read_to_string(tmp.path().join("o.state")).unwrap();
        // An older version's unsorted record: a later digest first.
        let late = format!("{} {} 1 2 3 -\n", "f".repeat(32), key(9));
        std::fs::write(tmp.path().join("o.state"), format!("{late}{line}")).unwrap();
        let state = RunState::open(dir(), "o.state", true);
        state.save("o.state").unwrap();
        let mended = std::fs::read_to_string(tmp.path().join("o.state")).unwrap();
        assert_eq!(mended, late, "the line out of order is dropped");
    }
}
