//! Untrusted on-disk state (the audio cache, which CI jobs share and restore from CI
//! storage, and the rate limits learned, in the user's state directory): a directory is
//! opened once and everything in it is reached relative to that handle, never through a
//! symlink, and only regular files are read.
//!
//! On Unix the handle is a directory descriptor (`openat`, `O_NOFOLLOW`); on Windows,
//! which has no `openat`, it is the directory's path, and every step refuses a symbolic
//! link or junction (reparse point) where it finds one.

pub mod cache;
#[cfg(unix)]
mod dir_unix;
#[cfg(windows)]
mod dir_windows;
pub mod limits;
pub mod state;

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

#[cfg(unix)]
pub use dir_unix::Dir;
#[cfg(windows)]
pub use dir_windows::Dir;

/// What an entry of a directory is, as [`Dir::stat`] finds it (not following a link).
#[derive(Clone, Copy, Debug)]
pub struct Stat {
    pub regular: bool,
    pub size: u64,
    pub modified: SystemTime,
}

/// Whether `stat` is a regular file.
pub fn is_regular(stat: &Stat) -> bool {
    stat.regular
}

/// 32 hex digits nobody can guess ahead: the standard library's per-process random hash
/// keys over the process id, the time and a counter.
fn unpredictable() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut out = String::with_capacity(32);
    for round in 0..2u64 {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u32(std::process::id());
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        hasher.write_u64(round);
        out.push_str(&format!("{:016x}", hasher.finish()));
    }
    out
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_followed_and_only_regular_files_are_read() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "secret").unwrap();
        let root = Dir::open_root(tmp.path(), false).unwrap();
        std::os::unix::fs::symlink(outside.path(), tmp.path().join("linked")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), tmp.path().join("file")).unwrap();
        assert!(root.sub("linked", false).is_err());
        assert!(root.sub("linked", true).is_err());
        assert!(root.open_regular("file").is_err());
        assert!(root.open_lock("file").is_err());
        assert!(root.open_regular("missing").unwrap().is_none());
        let fifo = std::ffi::CString::new(
            tmp.path()
                .join("fifo")
                .into_os_string()
                .into_encoded_bytes(),
        )
        .unwrap();
        // SAFETY: mkfifo only reads the path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        assert!(
            root.open_regular("fifo").is_err(),
            "a FIFO is refused, not waited on"
        );
        let (name, _) = root.create_temp(".tmp-").unwrap();
        assert_eq!(name.len(), ".tmp-".len() + 32);
        root.rename(&name, "file").unwrap();
        assert_eq!(
            std::fs::read(outside.path().join("secret")).unwrap(),
            b"secret",
            "renaming over a link replaces the link"
        );
        assert!(is_regular(&root.stat("file").unwrap().unwrap()));
        let mut names = root.names().unwrap();
        names.sort();
        assert_eq!(names, ["fifo", "file", "linked"]);
        assert_ne!(unpredictable(), unpredictable());
    }
}
