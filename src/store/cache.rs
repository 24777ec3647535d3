//! The audio cache: content-addressed files, so a batch never pays twice for the same
//! line. It is untrusted storage (CI jobs share it and restore it from CI storage):
//!
//! - the layout directory and the shards are opened relative to handles, never through a
//!   symlink; entries are opened with `O_NOFOLLOW` and must be regular files;
//! - an entry starts with a header holding the audio's length and SHA-256, checked on
//!   every restore: a damaged entry (truncated, empty, rewritten) is a miss, replaced by
//!   the next insert;
//! - inserts write an exclusively created temporary file with an unpredictable name and
//!   rename it into place (several processes may share the directory);
//! - `prune` stays inside the layout directory and removes only names this cache writes,
//!   and only regular files;
//! - a claim (a lock on the key's byte of one claims file) keeps two processes on one
//!   machine from paying for the same entry at once.
//!
//! Layout: `<root>/v2/<first two hex digits>/<key>.<ext>` (entries), `.tmp-<random>`
//! (inserts under way), `<root>/v2/.claims` (the claims: never written, only locked, so
//! claiming creates and deletes no file per row).

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde_json::json;
use sha2::{Digest, Sha256};

use super::{Dir, is_regular};
use crate::engine::net::Endpoint;
use crate::io::target::OutputError;
use crate::sink::{self};

/// Bumped whenever what goes into a key, the entry format, or how audio is produced from
/// a spec changes: old entries are then never found again. v2: the key is the hash of the
/// spec's own serialization (v1 listed fields by hand), and entries carry a header.
const LAYOUT: &str = "v2";

/// An entry's header: magic, the audio's length (u64 LE), its SHA-256.
const MAGIC: &[u8; 8] = b"mmtts\x00c2";
const HEADER_LEN: usize = 8 + 8 + 32;

/// No entry is larger (an entry claiming more is damaged).
const MAX_ENTRY: u64 = 2 << 30;

/// The file whose bytes stand for the keys being made.
const CLAIMS: &str = ".claims";
/// How often a claim another process holds is tried again.
const CLAIM_POLL: Duration = Duration::from_millis(50);

/// Temporary files of inserts; removed by `prune` once older than a day.
const TEMP_PREFIX: &str = ".tmp-";
const STALE_TEMP: Duration = Duration::from_secs(86_400);

/// The formats entries are stored in (their extensions).
const EXTENSIONS: &[&str] = &["mp3", "wav", "flac", "pcm", "opus", CUES];
/// A row's subtitles, kept beside its audio under the same key.
pub const CUES: &str = "cues";

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
    /// The directory cannot be created or written.
    #[error("cannot write to the cache directory {}: {source}", root.display())]
    Unwritable { root: PathBuf, source: io::Error },
    #[error("cannot read {} to cache it: {source}", path.display())]
    ReadOutput { path: PathBuf, source: io::Error },
    #[error("cannot read the cache {}: {source}", root.display())]
    Read { root: PathBuf, source: io::Error },
    #[error(transparent)]
    Write(#[from] OutputError),
}

/// A cache key: 32 bytes, shown (and named on disk) as 64 hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CacheKey([u8; 32]);

impl std::fmt::Display for CacheKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl CacheKey {
    /// The key its 64 hex digits name.
    pub fn from_hex(text: &str) -> Option<CacheKey> {
        let mut key = [0u8; 32];
        hex::decode_to_slice(text, &mut key).ok()?;
        Some(CacheKey(key))
    }

    fn shard(&self) -> String {
        hex::encode(&self.0[..1])
    }

    fn entry_name(&self, ext: &str) -> String {
        format!("{self}.{ext}")
    }

    /// The key's byte in the claims file (63 bits of the key: below `i64::MAX`).
    /// The key's first 64 bits (for sets of many keys, where a rare false match only
    /// costs a look at the whole key).
    pub fn short(&self) -> u64 {
        let mut first = [0u8; 8];
        first.copy_from_slice(&self.0[..8]);
        u64::from_be_bytes(first)
    }

    fn claim_offset(&self) -> i64 {
        (self.short() >> 1) as i64
    }
}

/// What a lookup found.
#[derive(Debug)]
pub enum Lookup {
    Hit(Vec<u8>),
    Miss,
    /// There is an entry, but it is not what was stored (or not a regular file): treated
    /// as a miss and replaced by the next insert.
    Damaged(String),
}

/// A cache directory.
pub struct Cache {
    root: PathBuf,
    /// The layout directory, opened once (a run's later operations use this handle, so
    /// a directory swapped in after it was opened is never used).
    layout: std::cell::OnceCell<Dir>,
}

/// How big a cache is.
#[derive(Debug, Default, Clone, Copy)]
pub struct Usage {
    pub entries: u64,
    pub bytes: u64,
}

/// A claim on an entry: while it is held, no other process on this machine synthesizes
/// the same entry (it waits, then finds the entry). Released when dropped (closing the
/// file releases its lock).
pub struct Claim {
    _lock: Option<File>,
}

impl Cache {
    pub fn new(root: PathBuf) -> Cache {
        Cache {
            root,
            layout: std::cell::OnceCell::new(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The layout directory, created when `create`. `Ok(None)`: no cache yet.
    fn layout_dir(&self, create: bool) -> io::Result<Option<&Dir>> {
        if let Some(layout) = self.layout.get() {
            return Ok(Some(layout));
        }
        let root = match Dir::open_root(&self.root, create) {
            Ok(root) => root,
            Err(e) if e.kind() == io::ErrorKind::NotFound && !create => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(root
            .sub(LAYOUT, create)?
            .map(|layout| self.layout.get_or_init(|| layout)))
    }

    fn shard(&self, key: CacheKey, create: bool) -> io::Result<Option<Dir>> {
        match self.layout_dir(create)? {
            Some(layout) => layout.sub(&key.shard(), create),
            None => Ok(None),
        }
    }

    /// Checks that the cache can be written (creating its directories), with a temporary
    /// file of an unpredictable name, created exclusively and removed.
    pub fn check_writable(&self) -> Result<(), CacheError> {
        let unwritable = |source| CacheError::Unwritable {
            root: self.root.clone(),
            source,
        };
        let layout = self
            .layout_dir(true)
            .map_err(unwritable)?
            .ok_or_else(|| unwritable(io::ErrorKind::NotFound.into()))?;
        let (name, file) = layout.create_temp(TEMP_PREFIX).map_err(unwritable)?;
        drop(file);
        layout.remove_file(&name).map_err(unwritable)
    }

    /// Whether there seems to be an entry for `key` (a regular file; nothing is read or
    /// touched). [`Cache::peek`] verifies it.
    pub fn contains(&self, key: CacheKey, ext: &str) -> bool {
        let Ok(Some(shard)) = self.shard(key, false) else {
            return false;
        };
        matches!(shard.stat(&key.entry_name(ext)), Ok(Some(stat)) if is_regular(&stat))
    }

    /// The entry's audio, verified, without recording its use (a dry run changes no
    /// entry's age).
    pub fn peek(&self, key: CacheKey, ext: &str) -> Lookup {
        self.read(key, ext, false)
    }

    /// The entry's audio, verified; its use is recorded (what `prune` goes by) when the
    /// cache is writable.
    pub fn lookup(&self, key: CacheKey, ext: &str) -> Lookup {
        self.read(key, ext, true)
    }

    fn read(&self, key: CacheKey, ext: &str, touch: bool) -> Lookup {
        let shard = match self.shard(key, false) {
            Ok(Some(shard)) => shard,
            Ok(None) => return Lookup::Miss,
            Err(e) => return Lookup::Damaged(format!("its directory cannot be used ({e})")),
        };
        let mut file = match shard.open_regular(&key.entry_name(ext)) {
            Ok(Some(file)) => file,
            Ok(None) => return Lookup::Miss,
            Err(e) => return Lookup::Damaged(e.to_string()),
        };
        match read_entry(&mut file) {
            Ok(audio) => {
                if touch {
                    // A read-only cache (restored from CI storage) is still a cache.
                    let _ = file.set_modified(SystemTime::now());
                }
                Lookup::Hit(audio)
            }
            Err(why) => Lookup::Damaged(why),
        }
    }

    /// Records a use of the entry without reading it (what `prune` goes by): a row whose
    /// file is known to be right still keeps its entry young.
    pub fn touch(&self, key: CacheKey, ext: &str) {
        if let Ok(Some(shard)) = self.shard(key, false)
            && let Ok(Some(file)) = shard.open_regular(&key.entry_name(ext))
        {
            let _ = file.set_modified(SystemTime::now());
        }
    }

    /// Writes `audio` to `output` (atomically; an identical file is left as it is). The
    /// output gets the process's normal permissions, never the entry's.
    pub fn restore(&self, audio: &[u8], output: &Path) -> Result<(), CacheError> {
        let same = fs::metadata(output).is_ok_and(|m| m.is_file() && m.len() == audio.len() as u64)
            && fs::read(output).is_ok_and(|existing| existing == audio);
        if !same {
            sink::write_file(output, audio)?;
        }
        Ok(())
    }

    /// Stores the audio in `file` as the entry for `key`.
    pub fn insert(&self, key: CacheKey, ext: &str, file: &Path) -> Result<(), CacheError> {
        let audio = fs::read(file).map_err(|source| CacheError::ReadOutput {
            path: file.to_path_buf(),
            source,
        })?;
        self.insert_bytes(key, ext, &audio)
    }

    /// Stores `audio` (or any bytes: a row's subtitles) as the entry for `key`.
    pub fn insert_bytes(&self, key: CacheKey, ext: &str, audio: &[u8]) -> Result<(), CacheError> {
        let unwritable = |source| CacheError::Unwritable {
            root: self.root.clone(),
            source,
        };
        let shard = self
            .shard(key, true)
            .map_err(unwritable)?
            .ok_or_else(|| unwritable(io::ErrorKind::NotFound.into()))?;
        let (temp, mut out) = shard.create_temp(TEMP_PREFIX).map_err(unwritable)?;
        let written = out
            .write_all(&header(audio))
            .and_then(|()| out.write_all(audio))
            .and_then(|()| out.sync_all())
            .and_then(|()| shard.rename(&temp, &key.entry_name(ext)));
        if let Err(e) = written {
            let _ = shard.remove_file(&temp);
            return Err(unwritable(e));
        }
        Ok(())
    }

    /// Claims `key` for synthesis: `Some(claim)` when this process may synthesize it
    /// (look the entry up again first: it may have just been stored), `None` while
    /// another process holds it (wait, and try again). Where no claim can be made (a
    /// read-only cache, a system without open-file-description locks) the claim is empty.
    pub fn try_claim(&self, key: CacheKey) -> Option<Claim> {
        let empty = Some(Claim { _lock: None });
        let Ok(Some(layout)) = self.layout_dir(true) else {
            return empty;
        };
        let Ok(file) = layout.open_lock(CLAIMS) else {
            return empty;
        };
        match lock_byte(&file, key.claim_offset()) {
            Ok(true) => Some(Claim { _lock: Some(file) }),
            Ok(false) => None,
            Err(_) => empty,
        }
    }

    /// Claims `key`, waiting while another process holds it (it is making the entry:
    /// look the entry up again once this returns). The one wait for every surface.
    pub async fn claim(&self, key: CacheKey) -> Claim {
        let mut waited = false;
        loop {
            if let Some(claim) = self.try_claim(key) {
                return claim;
            }
            if !std::mem::replace(&mut waited, true) {
                crate::report::debug(
                    "cache",
                    format_args!(
                        "entry {:016x}: another run is making it; waiting",
                        key.short()
                    ),
                );
            }
            tokio::time::sleep(CLAIM_POLL).await;
        }
    }

    /// Entries and bytes in the cache.
    pub fn usage(&self) -> Result<Usage, CacheError> {
        let mut usage = Usage::default();
        self.walk(|_, name, stat| {
            if entry_ext(name).is_some() {
                usage.entries += 1;
                usage.bytes += stat.size;
            }
            false
        })?;
        Ok(usage)
    }

    /// Removes entries (and claims) not used for `older_than`, and temporary files of
    /// inserts that died; returns the entries removed. Only names this cache writes, only
    /// regular files, only inside the layout directory.
    pub fn prune(&self, older_than: Duration) -> Result<Usage, CacheError> {
        let now = SystemTime::now();
        let cutoff = now
            .checked_sub(older_than)
            .unwrap_or(SystemTime::UNIX_EPOCH);
        let stale = now
            .checked_sub(STALE_TEMP)
            .unwrap_or(SystemTime::UNIX_EPOCH);
        let mut removed = Usage::default();
        self.walk(|shard, name, stat| {
            let modified = stat.modified;
            let entry = entry_ext(name).is_some();
            let remove = if entry {
                modified < cutoff
            } else {
                is_temp_name(name) && modified < stale
            };
            if remove && shard.remove_file(name).is_ok() && entry {
                removed.entries += 1;
                removed.bytes += stat.size;
            }
            remove
        })?;
        Ok(removed)
    }

    /// Calls `visit` for every regular file with one of this cache's names in every
    /// shard directory (themselves never reached through a symlink); `visit` returns
    /// whether it removed the file. Shards left empty by removals are removed (this
    /// fails, harmlessly, when another process has just put an entry there). A missing
    /// cache is an empty one.
    fn walk(
        &self,
        mut visit: impl FnMut(&Dir, &str, &super::Stat) -> bool,
    ) -> Result<(), CacheError> {
        let failed = |source| CacheError::Read {
            root: self.root.clone(),
            source,
        };
        let Some(layout) = self.layout_dir(false).map_err(failed)? else {
            return Ok(());
        };
        for shard_name in layout.names().map_err(failed)? {
            if !is_shard_name(&shard_name) {
                continue;
            }
            // A symlink (or anything but a directory) planted as a shard is skipped.
            let Ok(Some(shard)) = layout.sub(&shard_name, false) else {
                continue;
            };
            let mut removed_any = false;
            for name in shard.names().map_err(failed)? {
                if entry_ext(&name).is_none() && !is_temp_name(&name) {
                    continue;
                }
                if let Ok(Some(stat)) = shard.stat(&name)
                    && is_regular(&stat)
                {
                    removed_any |= visit(&shard, &name, &stat);
                }
            }
            if removed_any {
                let _ = layout.remove_dir(&shard_name);
            }
        }
        Ok(())
    }
}

/// The header of an entry holding `audio`.
fn header(audio: &[u8]) -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[..8].copy_from_slice(MAGIC);
    h[8..16].copy_from_slice(&(audio.len() as u64).to_le_bytes());
    h[16..].copy_from_slice(&Sha256::digest(audio));
    h
}

/// Reads and verifies an entry: its header, then exactly the length it names, whose
/// SHA-256 must match. The error says what is wrong.
fn read_entry(file: &mut File) -> Result<Vec<u8>, String> {
    let mut h = [0u8; HEADER_LEN];
    file.read_exact(&mut h)
        .map_err(|_| "it is shorter than its header".to_string())?;
    if &h[..8] != MAGIC {
        return Err("it has no entry header".into());
    }
    let mut len = [0u8; 8];
    len.copy_from_slice(&h[8..16]);
    let len = u64::from_le_bytes(len);
    if len == 0 || len > MAX_ENTRY {
        return Err(format!("its header names {len} bytes"));
    }
    let mut audio = Vec::new();
    file.take(len + 1)
        .read_to_end(&mut audio)
        .map_err(|e| e.to_string())?;
    if audio.len() as u64 != len {
        return Err(format!(
            "it holds {} bytes of audio, not {len}",
            audio.len()
        ));
    }
    if Sha256::digest(&audio)[..] != h[16..] {
        return Err("its audio does not match its checksum".into());
    }
    Ok(audio)
}

fn is_hex(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn is_shard_name(name: &str) -> bool {
    name.len() == 2 && is_hex(name)
}

/// The extension of an entry name (`<64 hex>.<ext>`), if `name` is one.
fn entry_ext(name: &str) -> Option<&str> {
    let (key, ext) = name.split_once('.')?;
    (key.len() == 64 && is_hex(key) && EXTENSIONS.contains(&ext)).then_some(ext)
}

/// Locks byte `offset` of `file` for this open file description (not the process: two
/// claims of one process on different keys never meet, and closing the file releases
/// it). `Ok(false)`: another holds it.
#[cfg(target_os = "linux")]
fn lock_byte(file: &File, offset: i64) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: an all-zero `flock` is a valid value of the plain C struct.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = libc::F_WRLCK as _;
    lock.l_whence = libc::SEEK_SET as _;
    lock.l_start = offset;
    lock.l_len = 1;
    // SAFETY: the descriptor is open for the duration of the call and `lock` outlives it.
    let done = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_OFD_SETLK, &lock) };
    if done == 0 {
        return Ok(true);
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::EAGAIN | libc::EACCES) => Ok(false),
        _ => Err(error),
    }
}

#[cfg(not(target_os = "linux"))]
fn lock_byte(_: &File, _: i64) -> io::Result<bool> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no open-file-description locks here",
    ))
}

fn is_temp_name(name: &str) -> bool {
    name.strip_prefix(TEMP_PREFIX)
        .is_some_and(|rest| rest.len() == 32 && is_hex(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_of(text: &str) -> CacheKey {
        key(
            "spec",
            &Endpoint::parse("http://127.0.0.1:1").unwrap(),
            &[text.to_string()],
        )
    }

    #[test]
    fn entries_are_verified_and_damage_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("c"));
        let audio = dir.path().join("a.mp3");
        fs::write(&audio, b"some audio bytes").unwrap();
        let k = key_of("one");
        assert!(matches!(cache.lookup(k, "mp3"), Lookup::Miss));
        cache.insert(k, "mp3", &audio).unwrap();
        assert!(cache.contains(k, "mp3"));
        match cache.lookup(k, "mp3") {
            Lookup::Hit(bytes) => assert_eq!(bytes, b"some audio bytes"),
            other => panic!("{other:?}"),
        }
        let entry = dir
            .path()
            .join("c/v2")
            .join(k.shard())
            .join(k.entry_name("mp3"));
        let full = fs::read(&entry).unwrap();
        for damaged in [&full[..full.len() - 1], &[][..], &full[..HEADER_LEN]] {
            fs::write(&entry, damaged).unwrap();
            assert!(
                matches!(cache.lookup(k, "mp3"), Lookup::Damaged(_)),
                "{} bytes",
                damaged.len()
            );
        }
        let mut flipped = full.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        fs::write(&entry, &flipped).unwrap();
        assert!(matches!(cache.lookup(k, "mp3"), Lookup::Damaged(_)));
        cache.insert(k, "mp3", &audio).unwrap();
        assert!(matches!(cache.lookup(k, "mp3"), Lookup::Hit(_)));
    }

    #[test]
    fn a_claim_keeps_a_second_claimer_out_until_it_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let one = Cache::new(dir.path().to_path_buf());
        let two = Cache::new(dir.path().to_path_buf());
        let k = key_of("claimed");
        let claim = one.try_claim(k).unwrap();
        assert!(two.try_claim(k).is_none());
        // Another key is free, even in the same process.
        let other = one.try_claim(key_of("another")).unwrap();
        drop(claim);
        assert!(two.try_claim(k).is_some());
        drop(other);
        // No file per claim: only the one claims file.
        let names: Vec<_> = fs::read_dir(dir.path().join("v2"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, [CLAIMS]);
    }

    #[test]
    fn names_are_recognized_strictly() {
        let k = key_of("x").to_string();
        assert_eq!(entry_ext(&format!("{k}.mp3")), Some("mp3"));
        assert_eq!(entry_ext(&format!("{k}.sh")), None);
        assert_eq!(entry_ext("passwd"), None);
        assert!(is_shard_name("0a") && !is_shard_name("..") && !is_shard_name("0A"));
        assert!(is_temp_name(&format!("{TEMP_PREFIX}{}", &k[..32])));
    }
}
