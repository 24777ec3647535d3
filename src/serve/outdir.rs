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
        self.checked(name).map_err(|why| {
            CliError::usage(format!("output {} {why}", crate::report::sanitized(name))).with_hint(
                format!(
                    "give a relative name with an audio extension inside {}, e.g. speech.mp3",
                    self.root.display()
                ),
            )
        })
    }

    fn checked(&self, name: &str) -> Result<PathBuf, String> {
        let (dirs, file, format) = split(name)?;
        let dir = self.directory(&dirs)?;
        let path = dir.join(file);
        replaceable(&path, format)?;
        Ok(path)
    }

    /// The subdirectory `dirs` names (made if missing): inside, through links or not.
    fn directory(&self, dirs: &[&OsStr]) -> Result<PathBuf, String> {
        let mut dir = self.root.clone();
        for part in dirs {
            dir.push(part);
            match fs::symlink_metadata(&dir) {
                Ok(meta) if meta.file_type().is_symlink() || meta.is_dir() => {}
                Ok(_) => return Err("passes through something that is not a directory".into()),
                Err(_) => make_private_dir(&dir).map_err(|e| format!("cannot be made: {e}"))?,
            }
        }
        // A link may stay inside; one that leads out is refused.
        let dir = fs::canonicalize(&dir).map_err(|e| format!("cannot be resolved: {e}"))?;
        if !dir.starts_with(&self.root) || !dir.is_dir() {
            return Err("leads out of the output directory".into());
        }
        Ok(dir)
    }
}

/// A name's directories, file name and format, judged by its text alone.
fn split(name: &str) -> Result<(Vec<&OsStr>, &OsStr, AudioFormat), String> {
    if name.is_empty() || name.chars().any(crate::report::is_unsafe) {
        return Err("is not a file name".into());
    }
    let mut parts = Vec::new();
    for component in Path::new(name).components() {
        match component {
            Component::Normal(part) => parts.push(part),
            Component::CurDir => {}
            Component::ParentDir => return Err("leads out with `..`".into()),
            Component::RootDir | Component::Prefix(_) => {
                return Err(
                    "is absolute; outputs are written inside the server's directory".into(),
                );
            }
        }
    }
    let Some((file, dirs)) = parts.split_last() else {
        return Err("is not a file name".into());
    };
    let format = Path::new(file)
        .extension()
        .and_then(OsStr::to_str)
        .and_then(AudioFormat::from_extension)
        .ok_or("has no audio extension (.mp3, .wav, .flac, .pcm or .opus)")?;
    Ok((dirs.to_vec(), file, format))
}

/// Whether what is at `path` may be replaced by `format`'s audio: nothing, an empty file,
/// or a regular file that is such audio already; never a link or this process's stdio.
fn replaceable(path: &Path, format: AudioFormat) -> Result<(), String> {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return Ok(());
    };
    if meta.file_type().is_symlink() {
        return Err("is a link; links are not followed".into());
    }
    if !meta.is_file() {
        return Err("exists and is not a regular file".into());
    }
    if is_own_stream(&meta) {
        return Err("is the server's own stdin, stdout or stderr".into());
    }
    if meta.len() > 0 && !looks_like(path, format) {
        return Err("exists and is not audio this tool wrote; it is not replaced".into());
    }
    Ok(())
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
