//! [`Dir`] on Windows, which has no `openat`: the directory's path, and every step
//! refuses a symbolic link or junction (a reparse point) where it finds one; files are
//! opened with `FILE_FLAG_OPEN_REPARSE_POINT`, so a link swapped in between the check and
//! the open is opened as itself (and refused as not a regular file), never followed.

use std::fs::{File, Metadata};
use std::io;
use std::os::windows::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::{Stat, unpredictable};

/// Open the reparse point itself, not what it points to (winbase.h).
pub const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
/// FILE_ATTRIBUTE_REPARSE_POINT (winnt.h): a symlink, a junction, a mount point.
const REPARSE_POINT: u32 = 0x400;

/// An open directory (its path).
#[derive(Debug)]
pub struct Dir {
    path: PathBuf,
}

fn is_link(meta: &Metadata) -> bool {
    meta.file_type().is_symlink() || meta.file_attributes() & REPARSE_POINT != 0
}

fn refused(what: &str) -> io::Error {
    io::Error::other(format!(
        "{what} is a link or junction; refusing to follow it"
    ))
}

impl Dir {
    /// Opens `path` as the user gave it (a link there is the user's own choice),
    /// creating it first when `create`.
    pub fn open_root(path: &Path, create: bool) -> io::Result<Dir> {
        if create {
            std::fs::create_dir_all(path)?;
        }
        if !std::fs::metadata(path)?.is_dir() {
            return Err(io::Error::other("not a directory"));
        }
        Ok(Dir {
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What `name` is here, not following a link.
    fn meta(&self, name: &str) -> io::Result<Option<Metadata>> {
        match std::fs::symlink_metadata(self.path.join(name)) {
            Ok(meta) => Ok(Some(meta)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The subdirectory `name`, never through a link (a planted one is refused with an
    /// error); created first when `create`. `Ok(None)`: it does not exist.
    pub fn sub(&self, name: &str, create: bool) -> io::Result<Option<Dir>> {
        let path = self.path.join(name);
        if create {
            match std::fs::create_dir(&path) {
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
                _ => {}
            }
        }
        match self.meta(name)? {
            None => Ok(None),
            Some(meta) if is_link(&meta) => Err(refused(name)),
            Some(meta) if !meta.is_dir() => Err(io::Error::other("not a directory")),
            Some(_) => Ok(Some(Dir { path })),
        }
    }

    /// What `name` is, without following a link. `Ok(None)`: it does not exist.
    pub fn stat(&self, name: &str) -> io::Result<Option<Stat>> {
        Ok(self.meta(name)?.map(|meta| Stat {
            regular: meta.is_file() && !is_link(&meta),
            size: meta.len(),
            modified: meta.modified().unwrap_or(std::time::UNIX_EPOCH),
        }))
    }

    /// Opens `name` (the reparse point itself, never its target) and checks that it is
    /// a regular file.
    fn open_checked(&self, name: &str, options: &mut std::fs::OpenOptions) -> io::Result<File> {
        let file = options
            .custom_flags(FILE_FLAG_OPEN_REPARSE_POINT)
            .open(self.path.join(name))?;
        let meta = file.metadata()?;
        if is_link(&meta) || !meta.is_file() {
            return Err(io::Error::other("not a regular file"));
        }
        Ok(file)
    }

    /// Opens the regular file `name` for reading, never through a link. `Ok(None)`:
    /// missing.
    pub fn open_regular(&self, name: &str) -> io::Result<Option<File>> {
        match self.open_checked(name, File::options().read(true)) {
            Ok(file) => Ok(Some(file)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Opens (creating) the lock file `name`: never through a link, a regular file.
    pub fn open_lock(&self, name: &str) -> io::Result<File> {
        self.open_checked(name, File::options().read(true).write(true).create(true))
    }

    /// Creates a new file with an unpredictable name starting with `prefix`, exclusively
    /// (never one that exists, never through a link). Returns its name.
    pub fn create_temp(&self, prefix: &str) -> io::Result<(String, File)> {
        let mut attempts = 0;
        loop {
            let name = format!("{prefix}{}", unpredictable());
            let opened = File::options()
                .write(true)
                .create_new(true)
                .custom_flags(FILE_FLAG_OPEN_REPARSE_POINT)
                .open(self.path.join(&name));
            match opened {
                Ok(file) => return Ok((name, file)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempts < 100 => {
                    attempts += 1
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Renames `from` to `to` within this directory (a link at `to` is replaced, never
    /// followed: MoveFileEx replaces the entry itself).
    pub fn rename(&self, from: &str, to: &str) -> io::Result<()> {
        std::fs::rename(self.path.join(from), self.path.join(to))
    }

    /// Removes the file (or link) `name`, never what a link points to.
    pub fn remove_file(&self, name: &str) -> io::Result<()> {
        std::fs::remove_file(self.path.join(name))
    }

    /// Removes the empty directory `name`.
    pub fn remove_dir(&self, name: &str) -> io::Result<()> {
        std::fs::remove_dir(self.path.join(name))
    }

    /// The names in the directory (names that are not UTF-8 are skipped: nothing here
    /// writes them).
    pub fn names(&self) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(&self.path)? {
            if let Ok(name) = entry?.file_name().into_string() {
                names.push(name);
            }
        }
        Ok(names)
    }
}
