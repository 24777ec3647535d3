//! Reading a batch manifest: JSON Lines (one object per line) or CSV (a header row), into
//! rows of raw settings. An empty CSV cell, like a JSON `null`, means "not set". Which
//! keys exist and what their values mean is checked by [`super::plan`].

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The largest manifest read (it is held in memory while its rows are planned).
const MAX_MANIFEST_BYTES: u64 = 1 << 30;

/// Why a manifest cannot be read; what to do is chosen at the top.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("cannot tell the format of a manifest on stdin")]
    FormatOfStdin,
    #[error("cannot tell the format of the manifest {} from its extension", .0.display())]
    FormatOfFile(PathBuf),
    #[error("cannot read the manifest {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the manifest {} is not a regular file", .0.display())]
    NotAFile(PathBuf),
    #[error("the manifest {} is larger than {} MiB", .0.display(), MAX_MANIFEST_BYTES >> 20)]
    TooLarge(PathBuf),
    #[error("the manifest {} is not UTF-8 (invalid byte at offset {offset})", path.display())]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("the manifest's CSV header is unreadable: {0}")]
    CsvHeader(String),
    #[error("the manifest's CSV header has the column {0} twice")]
    CsvDuplicateHeader(String),
    /// Every problem found in the rows (all of them, so one run lists them all).
    #[error("{}", problems_text(.0))]
    Problems(Vec<String>),
}

fn problems_text(problems: &[String]) -> String {
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
    message
}

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
    source: Source,
    /// Where `text_file` paths are relative to.
    pub base_dir: PathBuf,
    /// The manifest file (`None`: stdin), which no output may overwrite.
    pub path: Option<PathBuf>,
}

enum Source {
    Text {
        text: String,
        format: ManifestFormat,
    },
    /// Rows made elsewhere (a script's lines).
    Rows(Vec<RawRow>),
}

/// Reads `path` (`-` = stdin, which needs `format`); the format is otherwise told by
/// the extension (`.jsonl`, `.ndjson`, `.json`; `.csv`).
pub fn read(path: &Path, format: Option<ManifestFormat>) -> Result<Manifest, ManifestError> {
    let stdin = path.as_os_str() == "-";
    let format = match format {
        Some(format) => format,
        None if stdin => {
            return Err(ManifestError::FormatOfStdin);
        }
        None => match path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .as_deref()
        {
            Some("jsonl" | "ndjson" | "json") => ManifestFormat::Jsonl,
            Some("csv") => ManifestFormat::Csv,
            _ => {
                return Err(ManifestError::FormatOfFile(path.to_path_buf()));
            }
        },
    };
    let failed = |source| ManifestError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::new();
    if stdin {
        std::io::stdin()
            .lock()
            .take(MAX_MANIFEST_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(failed)?;
    } else {
        // A FIFO or a device is refused before it is read: it would hang or never end.
        let file = std::fs::File::open(path).map_err(failed)?;
        if !file.metadata().map_err(failed)?.is_file() {
            return Err(ManifestError::NotAFile(path.to_path_buf()));
        }
        file.take(MAX_MANIFEST_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(failed)?;
    }
    if bytes.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(ManifestError::TooLarge(path.to_path_buf()));
    }
    let text = String::from_utf8(bytes).map_err(|e| ManifestError::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
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
        source: Source::Text { text, format },
        base_dir,
        path: (!stdin).then(|| path.to_path_buf()),
    })
}

impl Manifest {
    /// A manifest of rows already made (a script's lines), read from `path` in
    /// `base_dir`.
    pub fn from_rows(rows: Vec<RawRow>, base_dir: PathBuf, path: Option<PathBuf>) -> Manifest {
        Manifest {
            source: Source::Rows(rows),
            base_dir,
            path,
        }
    }

    /// Parses the rows in order, handing each (or what is wrong with it) to `row`.
    pub fn for_each_row(
        &self,
        mut row: impl FnMut(Result<RawRow, String>),
    ) -> Result<(), ManifestError> {
        match &self.source {
            Source::Text {
                text,
                format: ManifestFormat::Jsonl,
            } => {
                jsonl(text, row);
                Ok(())
            }
            Source::Text {
                text,
                format: ManifestFormat::Csv,
            } => csv_rows(text, row),
            Source::Rows(rows) => {
                rows.iter().cloned().for_each(|r| row(Ok(r)));
                Ok(())
            }
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
        row(match serde_json::from_str::<StrictObject>(line) {
            Ok(StrictObject(Some(map))) => Ok(RawRow {
                number,
                fields: map.into_iter().filter(|(_, v)| !v.is_null()).collect(),
            }),
            Ok(StrictObject(None)) => Err(format!("line {number}: not a JSON object")),
            Err(e) => Err(format!("line {number}: not JSON ({e})")),
        });
    }
}

/// A JSON line's top-level object, refusing a key given twice (serde_json would keep the
/// last silently); `None` for any other JSON value.
struct StrictObject(Option<serde_json::Map<String, Value>>);

impl<'de> serde::Deserialize<'de> for StrictObject {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = StrictObject;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<StrictObject, A::Error> {
                let mut out = serde_json::Map::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value: Value = map.next_value()?;
                    if out.insert(key.clone(), value).is_some() {
                        return Err(serde::de::Error::custom(format!(
                            "the key {key} is given twice"
                        )));
                    }
                }
                Ok(StrictObject(Some(out)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<StrictObject, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(StrictObject(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<StrictObject, E> {
                Ok(StrictObject(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<StrictObject, E> {
                Ok(StrictObject(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<StrictObject, E> {
                Ok(StrictObject(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<StrictObject, E> {
                Ok(StrictObject(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<StrictObject, E> {
                Ok(StrictObject(None))
            }
            fn visit_unit<E>(self) -> Result<StrictObject, E> {
                Ok(StrictObject(None))
            }
        }
        d.deserialize_any(Visit)
    }
}

fn csv_rows(text: &str, mut row: impl FnMut(Result<RawRow, String>)) -> Result<(), ManifestError> {
    if let Some(line) = unterminated_quote(text) {
        // The csv crate reads an unclosed quote to the end of the file as one cell:
        // rows would be lost silently and the merged text billed.
        row(Err(format!(
            "line {line}: a quoted cell is never closed (the rest of the file would be one cell)"
        )));
        return Ok(());
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ManifestError::CsvHeader(e.to_string()))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    for (i, name) in headers.iter().enumerate() {
        if !name.is_empty() && headers[..i].contains(name) {
            return Err(ManifestError::CsvDuplicateHeader(name.clone()));
        }
    }
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

/// The line (1-based) where a quoted CSV cell opens and is never closed, if one is.
fn unterminated_quote(text: &str) -> Option<usize> {
    let mut line = 1;
    let mut opened_at = None;
    let mut in_quotes = false;
    let mut at_cell_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                }
                '"' => in_quotes = false,
                '\n' => line += 1,
                _ => {}
            }
            continue;
        }
        match c {
            '"' if at_cell_start => {
                in_quotes = true;
                opened_at = Some(line);
            }
            ',' => {
                at_cell_start = true;
                continue;
            }
            '\n' => {
                line += 1;
                at_cell_start = true;
                continue;
            }
            '\r' => continue,
            _ => {}
        }
        at_cell_start = false;
    }
    if in_quotes { opened_at } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(text: &str, format: ManifestFormat) -> Vec<Result<RawRow, String>> {
        let manifest = Manifest {
            source: Source::Text {
                text: text.into(),
                format,
            },
            base_dir: PathBuf::new(),
            path: None,
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
