//! Reading a batch manifest: JSON Lines (one object per line) or CSV (a header row), into
//! rows of raw settings. An empty CSV cell, like a JSON `null`, means "not set". Which
//! keys exist and what their values mean is checked by [`super::plan`].

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::CliError;

/// The manifest's format.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ManifestFormat {
    /// One JSON object per line
    Jsonl,
    /// Comma-separated values with a header row
    Csv,
}

/// One row: its number as the user counts it (the line in a JSONL file, the record in a
/// CSV file, header not counted) and its settings as given.
#[derive(Debug, Clone)]
pub struct RawRow {
    pub number: usize,
    pub fields: BTreeMap<String, Value>,
}

/// A manifest, read.
pub struct Manifest {
    pub rows: Vec<RawRow>,
    /// Where `text_file` paths are relative to.
    pub base_dir: PathBuf,
}

/// Reads `path` (`-` = stdin, which needs `format`); the format is otherwise told by
/// the extension (`.jsonl`, `.ndjson`, `.json`; `.csv`).
pub fn read(path: &Path, format: Option<ManifestFormat>) -> Result<Manifest, CliError> {
    let stdin = path.as_os_str() == "-";
    let format = match format {
        Some(format) => format,
        None if stdin => {
            return Err(
                CliError::usage("cannot tell the format of a manifest on stdin")
                    .with_hint("add --manifest-format jsonl (or csv)"),
            );
        }
        None => match path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .as_deref()
        {
            Some("jsonl" | "ndjson" | "json") => ManifestFormat::Jsonl,
            Some("csv") => ManifestFormat::Csv,
            _ => {
                return Err(CliError::usage(format!(
                    "cannot tell the format of the manifest {} from its extension",
                    path.display()
                ))
                .with_hint("name it .jsonl or .csv, or pass --manifest-format"));
            }
        },
    };
    let mut bytes = Vec::new();
    let read = if stdin {
        std::io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    read.map_err(|e| {
        CliError::usage(format!("cannot read the manifest {}: {e}", path.display()))
            .with_hint("check the path")
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        CliError::usage(format!(
            "the manifest {} is not UTF-8 (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
        .with_hint("save it as UTF-8")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let rows = match format {
        ManifestFormat::Jsonl => jsonl(text)?,
        ManifestFormat::Csv => csv_rows(text)?,
    };
    let base_dir = if stdin {
        std::env::current_dir().unwrap_or_default()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    Ok(Manifest { rows, base_dir })
}

fn jsonl(text: &str) -> Result<Vec<RawRow>, CliError> {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(map)) => rows.push(RawRow {
                number,
                fields: map.into_iter().filter(|(_, v)| !v.is_null()).collect(),
            }),
            Ok(_) => problems.push(format!("line {number}: not a JSON object")),
            Err(e) => problems.push(format!("line {number}: not JSON ({e})")),
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(manifest_errors(&problems))
    }
}

fn csv_rows(text: &str) -> Result<Vec<RawRow>, CliError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| CliError::usage(format!("the manifest's CSV header is unreadable: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let number = index + 1;
        match record {
            Ok(record) => rows.push(RawRow {
                number,
                fields: headers
                    .iter()
                    .zip(record.iter())
                    .filter(|(name, cell)| !name.is_empty() && !cell.trim().is_empty())
                    .map(|(name, cell)| (name.clone(), Value::String(cell.to_string())))
                    .collect(),
            }),
            Err(e) => problems.push(format!("row {number}: {e}")),
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(manifest_errors(&problems))
    }
}

/// One usage error listing every problem found.
pub fn manifest_errors(problems: &[String]) -> CliError {
    let shown = 50;
    let mut message = format!(
        "the manifest has {} problem{}:",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for problem in problems.iter().take(shown) {
        message.push_str("\n  ");
        message.push_str(problem);
    }
    if problems.len() > shown {
        message.push_str(&format!("\n  … and {} more", problems.len() - shown));
    }
    CliError::usage(message).with_hint("fix the rows named above; nothing was sent")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_and_csv_read_alike() {
        let rows = jsonl("{\"id\":\"a\",\"text\":\"Hi\",\"speed\":1.2,\"voice\":null}\n\n// note\n{\"id\":\"b\",\"text\":\"Yo\"}\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].number, 4);
        assert!(!rows[0].fields.contains_key("voice"));
        let rows = csv_rows("id,text,speed,notes\na,\"Hi, there\",1.2,\nb,Yo,,x\n").unwrap();
        assert_eq!(rows[0].fields["text"], "Hi, there");
        assert!(!rows[0].fields.contains_key("notes"));
        assert!(!rows[1].fields.contains_key("speed"));
        let err = jsonl("{\"id\":1}\n[1]\nnope\n").unwrap_err();
        assert!(
            err.message.contains("line 2: not a JSON object"),
            "{}",
            err.message
        );
        assert!(err.message.contains("line 3: not JSON"), "{}", err.message);
    }
}
