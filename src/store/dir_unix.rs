//! [`Dir`] on Unix: a directory descriptor, and everything reached relative to it with
//! `openat` and `O_NOFOLLOW`, so a directory or link swapped in later is never used.

use std::ffi::CStr;
use std::fs::File;
use std::io;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};

use rustix::fs::{AtFlags, FileType, Mode, OFlags};

use super::{Stat, unpredictable};

/// An open directory.
#[derive(Debug)]
pub struct Dir {
    pub(super) fd: OwnedFd,
    /// Where it is, for messages.
    path: PathBuf,
}

fn from_errno(e: rustix::io::Errno) -> io::Error {
    io::Error::from_raw_os_error(e.raw_os_error())
}

const READ_DIR: OFlags = OFlags::RDONLY
    .union(OFlags::DIRECTORY)
    .union(OFlags::CLOEXEC)
    .union(OFlags::NOFOLLOW);

impl Dir {
    /// Opens `path` as the user gave it (a symlink there is the user's own choice),
    /// creating it first when `create`.
    pub fn open_root(path: &Path, create: bool) -> io::Result<Dir> {
        if create {
            std::fs::create_dir_all(path)?;
        }
        let fd = rustix::fs::openat(
            rustix::fs::CWD,
            path,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(from_errno)?;
        Ok(Dir {
            fd,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The subdirectory `name`, never through a symlink (a planted link is refused with
    /// an error); created first when `create`. `Ok(None)`: it does not exist.
    pub fn sub(&self, name: &str, create: bool) -> io::Result<Option<Dir>> {
        if create {
            match rustix::fs::mkdirat(&self.fd, name, Mode::from_raw_mode(0o755)) {
                Ok(()) | Err(rustix::io::Errno::EXIST) => {}
                Err(e) => return Err(from_errno(e)),
            }
        }
        match rustix::fs::openat(&self.fd, name, READ_DIR, Mode::empty()) {
            Ok(fd) => Ok(Some(Dir {
                fd,
                path: self.path.join(name),
            })),
            Err(rustix::io::Errno::NOENT) => Ok(None),
            Err(e) => Err(from_errno(e)),
        }
    }

    /// What `name` is, without following a symlink. `Ok(None)`: it does not exist.
    pub fn stat(&self, name: &str) -> io::Result<Option<Stat>> {
        match rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(stat) => Ok(Some(Stat {
                regular: FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile,
                size: stat.st_size as u64,
                modified: std::time::UNIX_EPOCH
                    + std::time::Duration::new(
                        stat.st_mtime.max(0) as u64,
                        stat.st_mtime_nsec as u32,
                    ),
            })),
            Err(rustix::io::Errno::NOENT) => Ok(None),
            Err(e) => Err(from_errno(e)),
        }
    }

    /// Opens the regular file `name` for reading: never through a symlink, and never a
    /// FIFO or a device (opened without blocking, then checked). `Ok(None)`: missing.
    pub fn open_regular(&self, name: &str) -> io::Result<Option<File>> {
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let fd = match rustix::fs::openat(&self.fd, name, flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(rustix::io::Errno::NOENT) => return Ok(None),
            Err(e) => return Err(from_errno(e)),
        };
        let stat = rustix::fs::fstat(&fd).map_err(from_errno)?;
        if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
            return Err(io::Error::other("not a regular file"));
        }
        // Back to blocking reads (a regular file never blocks, but be plain about it).
        rustix::fs::fcntl_setfl(&fd, OFlags::empty()).map_err(from_errno)?;
        Ok(Some(File::from(fd)))
    }

    /// Opens (creating) the lock file `name`: never through a symlink, a regular file.
    pub fn open_lock(&self, name: &str) -> io::Result<File> {
        let flags =
            OFlags::RDWR | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(&self.fd, name, flags, Mode::from_raw_mode(0o644))
            .map_err(from_errno)?;
        let stat = rustix::fs::fstat(&fd).map_err(from_errno)?;
        if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
            return Err(io::Error::other("not a regular file"));
        }
        Ok(File::from(fd))
    }

    /// Creates a new file with an unpredictable name starting with `prefix`, exclusively
    /// (never one that exists, never through a symlink). Returns its name.
    pub fn create_temp(&self, prefix: &str) -> io::Result<(String, File)> {
        let flags =
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let mut attempts = 0;
        loop {
            let name = format!("{prefix}{}", unpredictable());
            match rustix::fs::openat(&self.fd, name.as_str(), flags, Mode::from_raw_mode(0o644)) {
                Ok(fd) => return Ok((name, File::from(fd))),
                Err(rustix::io::Errno::EXIST) if attempts < 100 => attempts += 1,
                Err(e) => return Err(from_errno(e)),
            }
        }
    }

    /// Renames `from` to `to` within this directory (a symlink at `to` is replaced,
    /// never followed).
    pub fn rename(&self, from: &str, to: &str) -> io::Result<()> {
        rustix::fs::renameat(&self.fd, from, &self.fd, to).map_err(from_errno)
    }

    /// Removes the file (or symlink) `name`, never what a symlink points to.
    pub fn remove_file(&self, name: &str) -> io::Result<()> {
        rustix::fs::unlinkat(&self.fd, name, AtFlags::empty()).map_err(from_errno)
    }

    /// Removes the empty directory `name`.
    pub fn remove_dir(&self, name: &str) -> io::Result<()> {
        rustix::fs::unlinkat(&self.fd, name, AtFlags::REMOVEDIR).map_err(from_errno)
    }

    /// The names in the directory (not `.` and `..`; names that are not UTF-8 are
    /// skipped: nothing here writes them).
    pub fn names(&self) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in rustix::fs::Dir::read_from(&self.fd).map_err(from_errno)? {
            let entry = entry.map_err(from_errno)?;
            let name: &CStr = entry.file_name();
            match name.to_str() {
                Ok("." | "..") | Err(_) => {}
                Ok(name) => names.push(name.to_string()),
            }
        }
        Ok(names)
    }
}
