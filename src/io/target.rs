//! Where output goes, decided and checked before anything is paid for: stdout, a regular
//! file (written atomically, `io::atomic`), or an existing file that is not a regular one
//! (a device, a FIFO, `/dev/stdout`, `/dev/fd/N`), written directly.

use std::fs::{self, File, OpenOptions};
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

/// Where the output should go, decided (and checked) before anything is requested.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputTarget {
    Stdout,
    /// A regular file or a new path, written atomically. `path` is where the bytes land
    /// (symlinks resolved, so a link stays a link); `shown` is what the user gave.
    File {
        path: PathBuf,
        shown: PathBuf,
    },
    /// An existing file that is not a regular one (a device, FIFO or socket, or a
    /// `/dev/stdout` / `/dev/fd/N` / `/proc/…/fd/N` path): written directly, in order,
    /// like stdout: no temporary file, no rename, nothing taken back.
    Direct(PathBuf),
}

/// Why an output cannot be used or written. What to do about it is chosen at the top.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// Audio would go to a terminal (`None`: stdout).
    #[error("refusing to write binary audio to the terminal{}", .0.as_ref().map(|p| format!(" {}", p.display())).unwrap_or_default())]
    Terminal(Option<PathBuf>),
    #[error("output path {} names a directory", .0.display())]
    NamesDirectory(PathBuf),
    #[error("output path {} is a directory", .0.display())]
    IsDirectory(PathBuf),
    #[error("cannot resolve output path {}: {source}", path.display())]
    Resolve { path: PathBuf, source: io::Error },
    #[error("output directory {} does not exist", .0.display())]
    NoDirectory(PathBuf),
    #[error("this output cannot go to stdout")]
    NotStdout,
    #[error("cannot create a temporary file in {}: {source}", dir.display())]
    Temp { dir: PathBuf, source: io::Error },
    #[error("cannot open {} for writing: {source}", path.display())]
    Open { path: PathBuf, source: io::Error },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
}

/// How many symlinks are followed before giving up (as Linux does).
const MAX_LINKS: usize = 40;

impl OutputTarget {
    /// Classifies `-o ARG`, checking that it can be written, so a mistake costs no request.
    pub fn resolve(arg: &Path) -> Result<OutputTarget, OutputError> {
        if arg.as_os_str() == "-" {
            if io::stdout().is_terminal() {
                return Err(OutputError::Terminal(None));
            }
            return Ok(OutputTarget::Stdout);
        }
        let shown = arg.to_path_buf();
        if ends_with_separator(arg) {
            return Err(OutputError::NamesDirectory(shown));
        }
        let (path, through_fd) = follow_links(arg).map_err(|source| OutputError::Resolve {
            path: shown.clone(),
            source,
        })?;
        if through_fd {
            return Ok(OutputTarget::Direct(shown));
        }
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => Err(OutputError::IsDirectory(shown)),
            Ok(meta) if !meta.is_file() => Ok(OutputTarget::Direct(shown)),
            _ => {
                let dir = parent_dir(&path);
                if !dir.is_dir() {
                    return Err(OutputError::NoDirectory(dir.to_path_buf()));
                }
                Ok(OutputTarget::File { path, shown })
            }
        }
    }

    pub fn display(&self) -> String {
        match self {
            OutputTarget::Stdout => "-".into(),
            OutputTarget::File { shown, .. } => shown.display().to_string(),
            OutputTarget::Direct(path) => path.display().to_string(),
        }
    }

    /// Opens a [`OutputTarget::Direct`] path for writing (a device, FIFO, or one of this
    /// process's descriptors). Opening a FIFO waits for its reader, as a shell
    /// redirection does.
    pub fn open_direct(path: &Path) -> Result<File, OutputError> {
        let opened = match OpenOptions::new().write(true).open(path) {
            Ok(file) => Ok(file),
            // A socket cannot be opened by name (`/dev/stdout` when stdout is a socket):
            // write to this process's own descriptor instead.
            Err(e) if e.raw_os_error() == Some(libc::ENXIO) => match fd_of(path) {
                Some(fd) => dup_fd(fd),
                None => Err(e),
            },
            Err(e) => Err(e),
        };
        let file = opened.map_err(|source| OutputError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        if file.is_terminal() {
            return Err(OutputError::Terminal(Some(path.to_path_buf())));
        }
        Ok(file)
    }

    /// Whether writing here would overwrite `input` (the same file, by any name).
    pub fn is_same_file(&self, input: &Path) -> bool {
        let output = match self {
            OutputTarget::Stdout => return false,
            OutputTarget::File { path, .. } => path.as_path(),
            OutputTarget::Direct(path) => path.as_path(),
        };
        match (fs::metadata(input), fs::metadata(output)) {
            (Ok(a), Ok(b)) if a.is_file() && b.is_file() => same_inode(&a, &b),
            _ => false,
        }
    }
}

#[cfg(unix)]
fn same_inode(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_inode(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}

fn ends_with_separator(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    bytes
        .last()
        .is_some_and(|&b| std::path::is_separator(char::from(b)))
}

/// Follows a chain of symlinks to the path that will really be written. The second
/// value says whether the chain went through a file-descriptor path (`/dev/fd/N`,
/// `/proc/self/fd/N`, as `/dev/stdout` does): those name an open file of this process,
/// and are written directly rather than replaced.
fn follow_links(path: &Path) -> io::Result<(PathBuf, bool)> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        if is_fd_path(&current) {
            return Ok((current, true));
        }
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = if target.is_absolute() {
                    target
                } else {
                    parent_dir(&current).join(target)
                };
            }
            _ => return Ok((current, false)),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// The descriptor a path such as `/dev/stdout`, `/dev/fd/3` or `/proc/self/fd/3` names.
fn fd_of(path: &Path) -> Option<i32> {
    let text = path.to_str()?;
    match text {
        "/dev/stdout" => Some(1),
        "/dev/stderr" => Some(2),
        _ => text
            .strip_prefix("/dev/fd/")
            .or_else(|| text.strip_prefix("/proc/self/fd/"))
            .and_then(|n| n.parse().ok()),
    }
}

/// A new descriptor for this process's descriptor `fd`, as a file.
#[cfg(unix)]
fn dup_fd(fd: i32) -> io::Result<File> {
    use std::os::fd::FromRawFd;
    // SAFETY: dup only reads the descriptor table; an invalid `fd` gives -1 (EBADF).
    let new = unsafe { libc::dup(fd) };
    if new < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `new` is a fresh descriptor that nothing else owns.
    Ok(unsafe { File::from_raw_fd(new) })
}

/// Windows names no descriptors by path (`/dev/fd/N` is a Unix name).
#[cfg(not(unix))]
fn dup_fd(_: i32) -> io::Result<File> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "descriptor paths are a Unix name",
    ))
}

fn is_fd_path(path: &Path) -> bool {
    let text = path.to_string_lossy();
    text.starts_with("/dev/fd/")
        || text.starts_with("/proc/")
        || matches!(text.as_ref(), "/dev/stdout" | "/dev/stderr")
}

/// The directory a file of `path` lives in (`.` for a bare name).
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}
