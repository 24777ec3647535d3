//! Where `mcp` may write: one directory fixed when the server starts. An agent can be
//! steered by what it reads, so a name it gives is confined there: relative, no `..`,
//! an audio extension, no link at the end or leading out, never one of the server's own
//! standard streams, and never over a file that is not audio this tool could have
//! written (a `Makefile.mp3` of text is left alone).

use std::ffi::OsStr;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::error::CliError;
use crate::spec::AudioFormat;

/// The directory outputs are confined to (canonical: links in it resolved once).
#[derive(Debug, Clone)]
pub struct OutDir {
    root: PathBuf,
}

impl OutDir {
    /// The directory `dir` (made if missing, for the user alone).
    pub fn open(dir: &Path) -> Result<OutDir, CliError> {
        let hint = "give a directory this user can write with --out-dir";
        if !dir.exists() {
            make_private_dir(dir).map_err(|e| {
                CliError::usage(format!(
                    "cannot make the output directory {}: {e}",
                    dir.display()
                ))
                .with_hint(hint)
            })?;
        }
        let root = fs::canonicalize(dir).map_err(|e| {
            CliError::usage(format!(
                "cannot use the output directory {}: {e}",
                dir.display()
            ))
            .with_hint(hint)
        })?;
        if !root.is_dir() {
            return Err(
                CliError::usage(format!("{} is not a directory", dir.display())).with_hint(hint),
            );
        }
        Ok(OutDir { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The absolute path `name` means inside the directory, or why it may not be written.
    /// Missing subdirectories are made.
    pub fn resolve(&self, name: &str) -> Result<PathBuf, CliError> {
        let refuse = |why: &str| {
            CliError::usage(format!("output {} {why}", crate::report::sanitized(name))).with_hint(
                format!(
                    "give a relative name with an audio extension inside {}, e.g. speech.mp3",
                    self.root.display()
                ),
            )
        };
        let relative = Path::new(name);
        if name.is_empty() || name.chars().any(crate::report::is_unsafe) {
            return Err(refuse("is not a file name"));
        }
        let mut parts = Vec::new();
        for component in relative.components() {
            match component {
                Component::Normal(part) => parts.push(part),
                Component::CurDir => {}
                Component::ParentDir => return Err(refuse("leads out with `..`")),
                Component::RootDir | Component::Prefix(_) => {
                    return Err(refuse(
                        "is absolute; outputs are written inside the server's directory",
                    ));
                }
            }
        }
        let Some((file, dirs)) = parts.split_last() else {
            return Err(refuse("is not a file name"));
        };
        if Path::new(file)
            .extension()
            .and_then(OsStr::to_str)
            .and_then(AudioFormat::from_extension)
            .is_none()
        {
            return Err(refuse(
                "has no audio extension (.mp3, .wav, .flac, .pcm or .opus)",
            ));
        }
        let mut dir = self.root.clone();
        for part in dirs {
            dir.push(part);
            match fs::symlink_metadata(&dir) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    // A link may stay inside; one that leads out is refused.
                    let target = fs::canonicalize(&dir)
                        .map_err(|_| refuse("passes through a broken link"))?;
                    if !target.starts_with(&self.root) || !target.is_dir() {
                        return Err(refuse("passes through a link that leads out"));
                    }
                }
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => return Err(refuse("passes through something that is not a directory")),
                Err(_) => {
                    make_private_dir(&dir).map_err(|e| refuse(&format!("cannot be made: {e}")))?
                }
            }
        }
        let dir =
            fs::canonicalize(&dir).map_err(|e| refuse(&format!("cannot be resolved: {e}")))?;
        if !dir.starts_with(&self.root) {
            return Err(refuse("leads out of the output directory"));
        }
        let path = dir.join(file);
        match fs::symlink_metadata(&path) {
            Err(_) => Ok(path),
            Ok(meta) if meta.file_type().is_symlink() => {
                Err(refuse("is a link; links are not followed"))
            }
            Ok(meta) if !meta.is_file() => Err(refuse("exists and is not a regular file")),
            Ok(meta) => {
                if is_own_stream(&meta) {
                    return Err(refuse("is the server's own stdin, stdout or stderr"));
                }
                let format = Path::new(file)
                    .extension()
                    .and_then(OsStr::to_str)
                    .and_then(AudioFormat::from_extension);
                if meta.len() > 0 && !format.is_some_and(|f| looks_like(&path, f)) {
                    return Err(refuse(
                        "exists and is not audio this tool wrote; it is not replaced",
                    ));
                }
                Ok(path)
            }
        }
    }
}

fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Whether an existing file starts as `format`'s audio does (raw PCM is anything).
fn looks_like(path: &Path, format: AudioFormat) -> bool {
    use std::io::Read;
    let mut head = [0u8; 12];
    let Ok(n) = fs::File::open(path).and_then(|f| f.take(12).read(&mut head)) else {
        return false;
    };
    let head = &head[..n];
    match format {
        AudioFormat::Mp3 => {
            head.starts_with(b"ID3")
                || (head.len() >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0)
        }
        AudioFormat::Wav => head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WAVE"),
        AudioFormat::Flac => head.starts_with(b"fLaC"),
        AudioFormat::Opus => head.starts_with(b"OggS"),
        AudioFormat::Pcm => true,
    }
}

/// Whether the file is one of this process's standard streams (by device and inode).
#[cfg(unix)]
fn is_own_stream(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    let same = |st: rustix::fs::Stat| st.st_dev == meta.dev() && st.st_ino == meta.ino();
    rustix::fs::fstat(std::io::stdin()).is_ok_and(same)
        || rustix::fs::fstat(std::io::stdout()).is_ok_and(same)
        || rustix::fs::fstat(std::io::stderr()).is_ok_and(same)
}

#[cfg(not(unix))]
fn is_own_stream(_meta: &fs::Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out() -> (tempfile::TempDir, OutDir) {
        let dir = tempfile::tempdir().unwrap();
        let out = OutDir::open(&dir.path().join("out")).unwrap();
        (dir, out)
    }

    #[test]
    fn relative_names_land_inside_with_subdirectories_made() {
        let (_d, out) = out();
        let path = out.resolve("a/b/speech.mp3").unwrap();
        assert_eq!(path, out.root().join("a/b/speech.mp3"));
        assert!(out.root().join("a/b").is_dir());
        assert_eq!(out.resolve("./x.wav").unwrap(), out.root().join("x.wav"));
    }

    #[test]
    fn absolute_parent_and_extensionless_names_are_refused() {
        let (_d, out) = out();
        for name in [
            "/proc/self/fd/1",
            "/dev/fd/1",
            "../x.mp3",
            "a/../../x.mp3",
            ".profile",
            "Makefile",
            "authorized_keys",
            "x.txt",
            "",
            "a\nb.mp3",
        ] {
            assert!(out.resolve(name).is_err(), "{name:?} was accepted");
        }
    }

    #[test]
    fn links_out_and_at_the_end_are_refused() {
        let (d, out) = out();
        let outside = d.path().join("outside");
        fs::create_dir(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, out.root().join("escape")).unwrap();
        assert!(out.resolve("escape/x.mp3").is_err());
        fs::create_dir(out.root().join("real")).unwrap();
        std::os::unix::fs::symlink(out.root().join("real"), out.root().join("inside")).unwrap();
        assert_eq!(
            out.resolve("inside/x.mp3").unwrap(),
            out.root().join("real/x.mp3")
        );
        std::os::unix::fs::symlink(outside.join("t.mp3"), out.root().join("l.mp3")).unwrap();
        assert!(out.resolve("l.mp3").is_err());
    }

    #[test]
    fn only_audio_is_replaced() {
        let (_d, out) = out();
        fs::write(out.root().join("notes.mp3"), "my notes\n").unwrap();
        assert!(out.resolve("notes.mp3").is_err());
        fs::write(out.root().join("old.mp3"), b"ID3\x04\0\0\0\0\0\0").unwrap();
        assert!(out.resolve("old.mp3").is_ok());
        fs::write(out.root().join("old.flac"), b"fLaC\0\0\0\x22").unwrap();
        assert!(out.resolve("old.flac").is_ok());
        fs::write(out.root().join("empty.wav"), b"").unwrap();
        assert!(out.resolve("empty.wav").is_ok());
    }
}
