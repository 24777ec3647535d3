//! A file that appears at its path only when it is complete: written under a unique
//! hidden name beside it, synced, then renamed over the path (keeping the permissions of
//! the file it replaces). Dropped before [`AtomicFile::commit`], it leaves nothing behind.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use super::target::{OutputError, parent_dir};

/// A file being written under a unique temporary name next to its final path.
pub struct AtomicFile {
    path: PathBuf,
    temp_path: PathBuf,
    file: Option<File>,
    written: u64,
}

impl AtomicFile {
    /// Creates the temporary file for `path` (whose directory must exist).
    pub fn create(path: &Path) -> Result<AtomicFile, OutputError> {
        let (temp_path, file) = create_temp(path)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp_path,
            file: Some(file),
            written: 0,
        })
    }

    /// Bytes in the file so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    fn file_mut(&mut self) -> io::Result<&mut File> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("output file already closed"))
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file_mut()?.write_all(bytes)?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// Overwrites `bytes` at `at`, leaving the end where it is.
    pub fn patch(&mut self, at: u64, bytes: &[u8]) -> io::Result<()> {
        let file = self.file_mut()?;
        file.seek(SeekFrom::Start(at))?;
        file.write_all(bytes)?;
        file.seek(SeekFrom::End(0))?;
        Ok(())
    }

    /// Cuts the file back to `len` bytes.
    pub fn truncate(&mut self, len: u64) -> io::Result<()> {
        let file = self.file_mut()?;
        file.set_len(len)?;
        file.seek(SeekFrom::Start(len))?;
        self.written = len;
        Ok(())
    }

    /// Replaces the contents by what `make` writes from the current file (its path) to a
    /// new temporary file (its path); the new one is then the file committed. On an
    /// error the new file is removed and this one is as it was.
    pub fn rewrite<T, E: Into<Box<dyn std::error::Error + Send + Sync>>>(
        &mut self,
        make: impl FnOnce(&Path, &Path) -> Result<T, E>,
    ) -> io::Result<T> {
        if let Some(file) = self.file.as_mut() {
            file.flush()?;
        }
        let (new_path, new_file) = create_temp(&self.path).map_err(io::Error::other)?;
        drop(new_file);
        let made = match make(&self.temp_path, &new_path) {
            Ok(made) => made,
            Err(e) => {
                let _ = fs::remove_file(&new_path);
                return Err(io::Error::other(e));
            }
        };
        self.file.take();
        fs::remove_file(&self.temp_path)?;
        self.temp_path = new_path;
        self.file = Some(
            OpenOptions::new()
                .read(true)
                .write(true)
                .open(&self.temp_path)?,
        );
        self.written = fs::metadata(&self.temp_path)?.len();
        Ok(made)
    }

    /// Syncs the file and moves it into place.
    pub fn commit(mut self) -> io::Result<()> {
        let mut file = self
            .file
            .take()
            .ok_or_else(|| io::Error::other("output file already closed"))?;
        match fs::metadata(&self.path) {
            // Other names link to the file: update it in place (only now, after
            // success), so every name sees the new contents.
            Ok(existing) if existing.is_file() && link_count(&existing) > 1 => {
                file.seek(SeekFrom::Start(0))?;
                let mut target = OpenOptions::new().write(true).open(&self.path)?;
                let copied = io::copy(&mut file, &mut target)?;
                target.set_len(copied)?;
                target.sync_all()?;
                drop(file);
                fs::remove_file(&self.temp_path)?;
            }
            existing => {
                // A replaced file keeps its permissions.
                if let Ok(existing) = existing
                    && existing.is_file()
                {
                    file.set_permissions(existing.permissions())?;
                }
                file.sync_all()?;
                drop(file);
                fs::rename(&self.temp_path, &self.path)?;
            }
        }
        // In place: nothing left for Drop to clean up.
        self.temp_path = PathBuf::new();
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        self.file.take();
        if !self.temp_path.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.temp_path);
        }
    }
}

/// Rewrites the existing file at `path` in place: `make` writes the new contents from
/// the file (its path) to a temporary file beside it (its path), which is renamed over
/// it keeping its permissions, so the file is always either as it was or rewritten.
pub fn rewrite_in_place<T, E: Into<Box<dyn std::error::Error + Send + Sync>>>(
    path: &Path,
    make: impl FnOnce(&Path, &Path) -> Result<T, E>,
) -> io::Result<T> {
    let (temp, file) = create_temp(path).map_err(io::Error::other)?;
    drop(file);
    let result = make(path, &temp)
        .map_err(io::Error::other)
        .and_then(|made| {
            if let Ok(meta) = fs::metadata(path) {
                fs::set_permissions(&temp, meta.permissions())?;
            }
            fs::rename(&temp, path)?;
            Ok(made)
        });
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// A hidden, unique temporary name in `path`'s directory. It stays short whatever the
/// target's name (a 255-byte file name must still work), and unique across processes
/// and within one, so parallel runs never share it.
fn temp_candidate(path: &Path, attempt: u32) -> PathBuf {
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let stem: String = name.chars().take(64).collect();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let seq = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    parent_dir(path).join(format!(
        ".{stem}.{}-{nanos:x}-{seq}-{attempt}.part",
        std::process::id()
    ))
}

/// Creates the temporary file exclusively (never reusing another run's).
fn create_temp(path: &Path) -> Result<(PathBuf, File), OutputError> {
    let mut attempt = 0;
    loop {
        let candidate = temp_candidate(path, attempt);
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(file) => return Ok((candidate, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(source) => {
                return Err(OutputError::Temp {
                    dir: parent_dir(path).to_path_buf(),
                    source,
                });
            }
        }
    }
}

#[cfg(unix)]
fn link_count(meta: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn link_count(_: &fs::Metadata) -> u64 {
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.bin");
        fs::write(&path, b"old").unwrap();
        let mut file = AtomicFile::create(&path).unwrap();
        file.write_all(b"hello junk").unwrap();
        file.truncate(5).unwrap();
        file.write_all(b" world").unwrap();
        file.patch(0, b"H").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"old");
        file.commit().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"Hello world");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);

        let mut failed = AtomicFile::create(&path).unwrap();
        failed.write_all(b"partial").unwrap();
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
        drop(failed);
        assert_eq!(fs::read(&path).unwrap(), b"Hello world");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_rewrite_leaves_the_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.wav");
        fs::write(&path, b"audio").unwrap();
        let failed = rewrite_in_place(&path, |_, to| {
            fs::write(to, b"half")?;
            Err::<(), _>(io::Error::other("no"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"audio");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        rewrite_in_place(&path, |from, to| {
            let mut bytes = fs::read(from)?;
            bytes.make_ascii_uppercase();
            fs::write(to, bytes)
        })
        .unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"AUDIO");
    }
}
