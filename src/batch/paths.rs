//! The files a manifest names: text files and samples read only inside the manifest's
//! directory (never through a symlink out of it), and outputs kept inside the output
//! directory.

use std::path::{Component, Path, PathBuf};

use serde_json::Value;

/// The largest `text_file` read (far more than any line of speech).
pub const MAX_TEXT_FILE: u64 = 10 << 20;

/// Reads a row's `text_file` as UTF-8 text (see [`read_confined`]).
pub fn read_text_file(
    base: &Path,
    base_real: &Result<PathBuf, String>,
    name: &str,
) -> Result<(String, PathBuf), String> {
    let (bytes, real) = read_confined(base, base_real, "text_file", name, MAX_TEXT_FILE)?;
    let shown = crate::report::sanitized(name);
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "text_file {shown} is not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok((text, real))
}

/// Reads a file a row names under `key`, which must stay inside the manifest's
/// directory: no absolute path, no `..`, no symlink leading out; a regular file of at
/// most `max` bytes (a FIFO or a device is refused, not waited on). Returns the bytes
/// and the file's real path.
pub fn read_confined(
    base: &Path,
    base_real: &Result<PathBuf, String>,
    key: &str,
    name: &str,
    max: u64,
) -> Result<(Vec<u8>, PathBuf), String> {
    let real = confine(base, base_real, key, name)?;
    let bytes = read_regular(&real, key, name, max)?;
    Ok((bytes, real))
}

/// The real path of a file a row names under `key`, if it stays inside the manifest's
/// directory: no absolute path, no `..`, no symlink leading out.
pub fn confine(
    base: &Path,
    base_real: &Result<PathBuf, String>,
    key: &str,
    name: &str,
) -> Result<PathBuf, String> {
    let shown = crate::report::sanitized(name);
    let rel = Path::new(name);
    if name.trim().is_empty() {
        return Err(format!("{key} is empty"));
    }
    for part in rel.components() {
        match part {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => {
                return Err(format!(
                    "{key} {shown} leaves the manifest's directory (..)"
                ));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "{key} {shown} is absolute; give a path inside the manifest's directory"
                ));
            }
        }
    }
    let base_real = base_real.as_ref().map_err(String::clone)?;
    let real = manifest_dir(base)
        .join(rel)
        .canonicalize()
        .map_err(|e| format!("{key} {shown}: {e}"))?;
    if !real.starts_with(base_real) {
        return Err(format!(
            "{key} {shown} leads outside the manifest's directory (through a symlink)"
        ));
    }
    Ok(real)
}

/// Reads a confined file: a regular file of at most `max` bytes (a FIFO or a device is
/// refused, not waited on; a symlink swapped in since is not followed).
pub fn read_regular(real: &Path, key: &str, name: &str, max: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let shown = crate::report::sanitized(name);
    let file = crate::io::open_read(real, false).map_err(|e| format!("{key} {shown}: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("{key} {shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("{key} {shown} is not a regular file"));
    }
    let mut bytes = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{key} {shown}: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "{key} {shown} is larger than {:.0} MB",
            max as f64 / 1e6
        ));
    }
    Ok(bytes)
}

/// A row's list of strings: a JSON list, or one text with `;` between the items (a CSV
/// cell).
pub fn row_list(key: &str, value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::String(text) => Ok(text
            .split(';')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()),
        Value::Array(items) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("{key}: expected a list of strings"))
            })
            .collect(),
        _ => Err(format!(
            "{key}: expected a string or a list of strings (in CSV, ; between them)"
        )),
    }
}

/// The manifest's directory (`.` for a manifest in the current one).
pub fn manifest_dir(base: &Path) -> &Path {
    if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base
    }
}

/// A path as the file system resolves it: its directory's real path and its name (the
/// file itself need not exist yet; a symlink at the end is followed).
pub fn real_path(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => real_path(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
        .join(name),
        _ => path.to_path_buf(),
    }
}

/// The longest file name component and path the file system takes (Linux's NAME_MAX and
/// PATH_MAX); longer names would be paid for, then fail.
pub const MAX_NAME_BYTES: usize = 255;
pub const MAX_PATH_BYTES: usize = 4095;

/// `relative` under `out_dir`, refusing what would leave it: absolute paths, `..`, and
/// existing symlinks (or directories) along the way that resolve outside. Returns the
/// path normalized (no `.` parts), relative to `out_dir`.
pub fn safe_output(out_dir: &Path, out_base: &Path, relative: &str) -> Result<String, String> {
    let shown = crate::report::sanitized(relative);
    if relative.chars().any(crate::report::is_unsafe) {
        return Err(format!(
            "output '{shown}' holds a control character; file names here are printed to terminals and CI logs"
        ));
    }
    let relative = &*shown;
    let rel = Path::new(relative);
    if relative.trim().is_empty() || relative.ends_with('/') {
        return Err(format!("output '{relative}' is not a file name"));
    }
    if let Some(long) = rel
        .components()
        .find(|c| c.as_os_str().len() > MAX_NAME_BYTES)
    {
        return Err(format!(
            "output '{relative}' has a name of {} bytes; file systems take at most {MAX_NAME_BYTES}",
            long.as_os_str().len()
        ));
    }
    if out_base.as_os_str().len() + 1 + relative.len() > MAX_PATH_BYTES {
        return Err(format!(
            "output '{relative}' makes a path longer than {MAX_PATH_BYTES} bytes"
        ));
    }
    for part in rel.components() {
        match part {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => {
                return Err(format!(
                    "output '{relative}' leaves the output directory (..)"
                ));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "output '{relative}' is absolute; give a path inside --out-dir"
                ));
            }
        }
    }
    let mut at = out_dir.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(_) => {
                let real = at
                    .canonicalize()
                    .map_err(|e| format!("output '{relative}': {e}"))?;
                if !real.starts_with(out_base) {
                    return Err(format!(
                        "output '{relative}' leads outside the output directory (through a symlink)"
                    ));
                }
            }
            Err(_) => break,
        }
    }
    let normal: PathBuf = rel
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect();
    if normal.as_os_str().is_empty() {
        return Err(format!("output '{relative}' is not a file name"));
    }
    // A FIFO, a device or a directory where a row's file goes would hang or fail after
    // the audio was paid for.
    if let Ok(meta) = std::fs::metadata(out_dir.join(&normal))
        && !meta.is_file()
    {
        return Err(format!(
            "output '{relative}' exists and is not a regular file"
        ));
    }
    Ok(normal.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_stay_inside() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        assert_eq!(
            safe_output(dir.path(), &base, "./a/b.mp3").unwrap(),
            "a/b.mp3"
        );
        assert!(safe_output(dir.path(), &base, "../x.mp3").is_err());
        assert!(safe_output(dir.path(), &base, "/etc/x.mp3").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/tmp", dir.path().join("out")).unwrap();
            assert!(safe_output(dir.path(), &base, "out/x.mp3").is_err());
        }
    }
}
