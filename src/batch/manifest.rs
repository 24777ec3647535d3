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

/// A manifest, read but not yet parsed: rows are parsed one at a time
/// ([`Manifest::for_each_row`]), so memory does not grow with raw rows.
pub struct Manifest {
    text: String,
    format: ManifestFormat,
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
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let base_dir = if stdin {
        std::env::current_dir().unwrap_or_default()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    Ok(Manifest {
        text,
        format,
        base_dir,
    })
}

impl Manifest {
    /// Parses the rows in order, handing each (or what is wrong with it) to `row`.
    pub fn for_each_row(&self, row: impl FnMut(Result<RawRow, String>)) -> Result<(), CliError> {
        match self.format {
            ManifestFormat::Jsonl => {
                jsonl(&self.text, row);
                Ok(())
            }
            ManifestFormat::Csv => csv_rows(&self.text, row),
        }
    }
}

fn jsonl(text: &str, mut row: impl FnMut(Result<RawRow, String>)) {
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        row(match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(map)) => Ok(RawRow {
                number,
                fields: map.into_iter().filter(|(_, v)| !v.is_null()).collect(),
            }),
            Ok(_) => Err(format!("line {number}: not a JSON object")),
            Err(e) => Err(format!("line {number}: not JSON ({e})")),
        });
    }
}

fn csv_rows(text: &str, mut row: impl FnMut(Result<RawRow, String>)) -> Result<(), CliError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| CliError::usage(format!("the manifest's CSV header is unreadable: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    for (index, record) in reader.records().enumerate() {
        let number = index + 1;
        row(match record {
            Ok(record) => Ok(RawRow {
                number,
                fields: headers
                    .iter()
                    .zip(record.iter())
                    .filter(|(name, cell)| !name.is_empty() && !cell.trim().is_empty())
                    .map(|(name, cell)| (name.clone(), Value::String(cell.to_string())))
                    .collect(),
            }),
            Err(e) => Err(format!("row {number}: {e}")),
        });
    }
    Ok(())
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

    fn collect(text: &str, format: ManifestFormat) -> Vec<Result<RawRow, String>> {
        let manifest = Manifest {
            text: text.into(),
            format,
            base_dir: PathBuf::new(),
        };
        let mut rows = Vec::new();
        manifest.for_each_row(|r| rows.push(r)).unwrap();
        rows
    }

    #[test]
    fn jsonl_and_csv_read_alike() {
        let jsonl = "{\"id\":\"a\",\"text\":\"Hi\",\"speed\":1.2,\"voice\":null}\n\n// note\n{\"id\":\"b\",\"text\":\"Yo\"}\n";
        let rows: Vec<RawRow> = collect(jsonl, ManifestFormat::Jsonl)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].number, 4);
        assert!(!rows[0].fields.contains_key("voice"));
        let csv = "id,text,speed,notes\na,\"Hi, there\",1.2,\nb,Yo,,x\n";
        let rows: Vec<RawRow> = collect(csv, ManifestFormat::Csv)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows[0].fields["text"], "Hi, there");
        assert!(!rows[0].fields.contains_key("notes"));
        assert!(!rows[1].fields.contains_key("speed"));
        let rows = collect("{\"id\":1}\n[1]\nnope\n", ManifestFormat::Jsonl);
        assert_eq!(rows[1].as_ref().unwrap_err(), "line 2: not a JSON object");
        assert!(
            rows[2]
                .as_ref()
                .unwrap_err()
                .starts_with("line 3: not JSON")
        );
    }
}
