//! The file system at the edge of the program: where output goes ([`target`]), files that
//! appear only when complete ([`atomic`]), and opening what the user named for reading.

pub mod atomic;
pub mod target;

use std::fs::File;
use std::io;
use std::path::Path;

/// Opens a file the user named for reading, without waiting on a FIFO or a device (the
/// caller checks that it is a regular file) and, unless `follow`, never through a
/// symlink at its last component.
pub fn open_read(path: &Path, follow: bool) -> io::Result<File> {
    let mut options = File::options();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = if follow { 0 } else { libc::O_NOFOLLOW };
        options.custom_flags(libc::O_NONBLOCK | nofollow);
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // FILE_FLAG_OPEN_REPARSE_POINT: the link itself, not what it names.
        const OPEN_REPARSE_POINT: u32 = 0x0020_0000;
        if !follow {
            options.custom_flags(OPEN_REPARSE_POINT);
        }
    }
    options.open(path)
}
