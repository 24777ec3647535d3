//! Request limits learned by earlier runs, so that a run starts paced under its
//! service's limit instead of learning it again from refusals: `limits.json` in the
//! state directory (beside the job registry; never in the cache directory, which CI jobs
//! share, so nobody else's file can slow a user's runs).
//!
//! A limit is kept per provider, endpoint and API key, under a SHA-256 digest of the
//! three: the file holds neither the key nor the host. With each limit go the times of
//! the last requests within its window, which the service still counts when the next run
//! starts right after. A limit is used for a day after it was learned (a run that uses
//! it and is never refused does not make it younger: the service may have raised it); a
//! refusal it does not explain learns it again, and the run saves what it learned.
//!
//! The file is read as untrusted: never through a symlink, only a regular file of at most
//! `MAX_BYTES`, every value range-checked; an entry that fails a check is ignored.
//! Saved under a lock, through a temporary file renamed into place.

use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Dir;
use crate::engine::pacer::KnownLimit;

const FILE: &str = "limits.json";
const LOCK: &str = "limits.json.lock";
const TEMP_PREFIX: &str = "limits.json.tmp-";
const VERSION: u32 = 1;
/// How long a saved limit is used: services change their limits (a plan upgraded).
const LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// The largest file read.
const MAX_BYTES: u64 = 256 << 10;
/// The most scopes kept (the newest).
const MAX_SCOPES: usize = 32;
/// The largest limit kept, and the longest window.
const MAX_REQUESTS: usize = 1_000;
const MAX_WINDOW: Duration = Duration::from_secs(3600);
/// A clock that went back by up to this much is tolerated.
const CLOCK_SLACK: Duration = Duration::from_secs(60);

/// Whose limit: a digest of the provider, the endpoint and the API key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope(String);

impl Scope {
    pub fn new(provider: &str, endpoint: &str, api_key: &str) -> Scope {
        let mut hash = Sha256::new();
        for part in [provider, endpoint, api_key] {
            // Length-prefixed, so that no two triples hash alike.
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part.as_bytes());
        }
        Scope(hex::encode(hash.finalize()))
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct LimitsFile {
    version: u32,
    limits: Vec<Entry>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Entry {
    scope: String,
    /// When it was saved, in milliseconds since the Unix epoch.
    saved_ms: u64,
    /// When it was learned from refusals (it is used for a day after that).
    learned_ms: u64,
    requests: usize,
    /// The window's bracket, in microseconds: longer than `shortest_us`, at most `longest_us`.
    shortest_us: u64,
    longest_us: u64,
    /// Whether one more request than `requests` was refused (else later runs still try).
    size_proven: bool,
    /// When the last requests within the window were sent, in milliseconds since the
    /// Unix epoch, oldest first.
    recent_ms: Vec<u64>,
}

fn epoch_ms(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl Entry {
    fn new(scope: &Scope, known: &KnownLimit, now: SystemTime) -> Entry {
        let now_ms = epoch_ms(now);
        let micros = |d: Duration| u64::try_from(d.as_micros()).unwrap_or(u64::MAX);
        Entry {
            scope: scope.0.clone(),
            saved_ms: now_ms,
            learned_ms: now_ms
                .saturating_sub(u64::try_from(known.age.as_millis()).unwrap_or(u64::MAX)),
            requests: known.requests,
            shortest_us: micros(known.shortest),
            // Rounded up: it is a bound the window is within.
            longest_us: micros(known.longest) + 1,
            size_proven: known.size_proven,
            recent_ms: known
                .recent
                .iter()
                .map(|age| now_ms.saturating_sub(u64::try_from(age.as_millis()).unwrap_or(0)))
                .collect(),
        }
    }

    /// Whether it is still to be used at `now`.
    fn fresh(&self, now_ms: u64) -> bool {
        let lifetime = LIFETIME.as_millis() as u64;
        let slack = CLOCK_SLACK.as_millis() as u64;
        self.learned_ms <= self.saved_ms
            && self.saved_ms <= now_ms + slack
            && now_ms.saturating_sub(self.learned_ms) < lifetime
    }

    /// The limit, if every value is one a run could have saved and it is fresh.
    fn known(&self, now_ms: u64) -> Option<KnownLimit> {
        let shortest = Duration::from_micros(self.shortest_us);
        let longest = Duration::from_micros(self.longest_us);
        let plausible = self.fresh(now_ms)
            && (1..=MAX_REQUESTS).contains(&self.requests)
            && shortest <= longest
            && !longest.is_zero()
            && longest <= MAX_WINDOW
            && self.recent_ms.len() <= self.requests
            && self.recent_ms.is_sorted()
            && self.recent_ms.iter().all(|&t| t <= self.saved_ms);
        if !plausible {
            return None;
        }
        // Ages now; those past the window are no longer counted by the service.
        let recent = self
            .recent_ms
            .iter()
            .map(|&t| Duration::from_millis(now_ms.saturating_sub(t)))
            .filter(|&age| age <= longest)
            .collect();
        Some(KnownLimit {
            requests: self.requests,
            shortest,
            longest,
            size_proven: self.size_proven,
            recent,
            age: Duration::from_millis(now_ms.saturating_sub(self.learned_ms)),
        })
    }
}

/// The file's entries, or none if it is missing, not a regular file (a symlink is not
/// followed), too large or not what a run writes.
fn read(dir: &Dir) -> Vec<Entry> {
    let Ok(Some(file)) = dir.open_regular(FILE) else {
        return Vec::new();
    };
    let mut bytes = Vec::new();
    if file.take(MAX_BYTES + 1).read_to_end(&mut bytes).is_err() || bytes.len() as u64 > MAX_BYTES {
        return Vec::new();
    }
    match serde_json::from_slice::<LimitsFile>(&bytes) {
        Ok(file) if file.version == VERSION => file.limits,
        _ => Vec::new(),
    }
}

/// The limit learned for `scope` by an earlier run, if one is saved and still fresh.
pub fn load(state_dir: &Path, scope: &Scope) -> Option<KnownLimit> {
    let dir = Dir::open_root(state_dir, false).ok()?;
    let now_ms = epoch_ms(SystemTime::now());
    let entry = read(&dir).into_iter().find(|e| e.scope == scope.0)?;
    let known = entry.known(now_ms);
    if known.is_none() {
        crate::report::debug(
            "pace",
            format_args!("the saved rate limit is stale or damaged; learning it again"),
        );
    }
    known
}

/// Saves `known` as `scope`'s limit, keeping the other fresh scopes' (at most
/// `MAX_SCOPES`, the newest).
pub fn save(state_dir: &Path, scope: &Scope, known: &KnownLimit) -> std::io::Result<()> {
    let dir = Dir::open_root(state_dir, true)?;
    let lock = dir.open_lock(LOCK)?;
    lock.lock()?;
    let now = SystemTime::now();
    let now_ms = epoch_ms(now);
    let mut limits: Vec<Entry> = read(&dir)
        .into_iter()
        .filter(|e| e.scope != scope.0 && e.known(now_ms).is_some())
        .collect();
    limits.push(Entry::new(scope, known, now));
    limits.sort_by_key(|e| std::cmp::Reverse(e.saved_ms));
    limits.truncate(MAX_SCOPES);
    let json = serde_json::to_vec_pretty(&LimitsFile {
        version: VERSION,
        limits,
    })
    .map_err(std::io::Error::other)?;
    let (temp, mut file) = dir.create_temp(TEMP_PREFIX)?;
    let written = file
        .write_all(&json)
        .and_then(|()| file.sync_all())
        .and_then(|()| dir.rename(&temp, FILE));
    if written.is_err() {
        let _ = dir.remove_file(&temp);
    }
    let _ = lock.unlock();
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> KnownLimit {
        KnownLimit {
            requests: 30,
            shortest: Duration::from_millis(4_600),
            longest: Duration::from_millis(5_100),
            size_proven: true,
            recent: vec![Duration::from_millis(900), Duration::from_millis(100)],
            age: Duration::from_secs(600),
        }
    }

    #[test]
    fn a_saved_limit_comes_back_for_its_scope_only() {
        let dir = tempfile::tempdir().unwrap();
        let scope = Scope::new("minimax", "https://api.minimax.io", "key-a");
        save(dir.path(), &scope, &known()).unwrap();
        let back = load(dir.path(), &scope).unwrap();
        assert_eq!(back.requests, 30);
        assert_eq!(back.shortest, Duration::from_millis(4_600));
        assert!(back.longest >= Duration::from_millis(5_100));
        assert_eq!(back.recent.len(), 2);
        // Its age counts from when it was learned, not from the save.
        assert!(back.age >= Duration::from_secs(600) && back.age < Duration::from_secs(660));
        assert!(back.recent[0] >= back.recent[1]);
        for other in [
            Scope::new("minimax", "https://api.minimax.io", "key-b"),
            Scope::new("fish", "https://api.minimax.io", "key-a"),
            Scope::new("minimax", "https://api.minimaxi.com", "key-a"),
        ] {
            assert!(load(dir.path(), &other).is_none());
        }
        let text = std::fs::read_to_string(dir.path().join(FILE)).unwrap();
        assert!(
            !text.contains("key-a") && !text.contains("minimax.io"),
            "{text}"
        );
    }

    #[test]
    fn implausible_stale_or_damaged_entries_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let scope = Scope::new("minimax", "https://api.minimax.io", "key");
        let now_ms = epoch_ms(SystemTime::now());
        let good = Entry::new(&scope, &known(), SystemTime::now());
        let forged = [
            Entry {
                requests: 0,
                ..good.clone()
            },
            Entry {
                requests: MAX_REQUESTS + 1,
                ..good.clone()
            },
            Entry {
                shortest_us: good.longest_us + 1,
                ..good.clone()
            },
            Entry {
                longest_us: 0,
                shortest_us: 0,
                ..good.clone()
            },
            Entry {
                longest_us: MAX_WINDOW.as_micros() as u64 + 1,
                ..good.clone()
            },
            Entry {
                learned_ms: now_ms - LIFETIME.as_millis() as u64 - 1,
                ..good.clone()
            },
            Entry {
                learned_ms: now_ms + 1,
                ..good.clone()
            },
            Entry {
                saved_ms: now_ms + 3_600_000,
                ..good.clone()
            },
            Entry {
                recent_ms: vec![now_ms, now_ms - 5],
                ..good.clone()
            },
            Entry {
                recent_ms: vec![now_ms; 31],
                ..good.clone()
            },
        ];
        for entry in forged {
            assert!(entry.known(now_ms).is_none(), "{entry:?}");
        }
        assert!(good.known(now_ms).is_some());
        for text in ["not json", "{\"version\":2,\"limits\":[]}", ""] {
            std::fs::write(dir.path().join(FILE), text).unwrap();
            assert!(load(dir.path(), &scope).is_none());
            // Saving over it works, and it then reads back.
            save(dir.path(), &scope, &known()).unwrap();
            assert!(load(dir.path(), &scope).is_some());
        }
        let big = format!(
            "{{\"version\":1,\"limits\":[],\"x\":\"{}\"}}",
            "a".repeat(300_000)
        );
        std::fs::write(dir.path().join(FILE), big).unwrap();
        assert!(load(dir.path(), &scope).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_file_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let scope = Scope::new("minimax", "https://api.minimax.io", "key");
        save(elsewhere.path(), &scope, &known()).unwrap();
        let target = elsewhere.path().join(FILE);
        let before = std::fs::read(&target).unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join(FILE)).unwrap();
        assert!(load(dir.path(), &scope).is_none());
        save(dir.path(), &scope, &known()).unwrap();
        // The link was replaced, not written through.
        assert_eq!(std::fs::read(&target).unwrap(), before);
        assert!(
            !std::fs::symlink_metadata(dir.path().join(FILE))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
}
