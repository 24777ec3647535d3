//! Reading a batch manifest: JSON Lines (one object per line) or CSV (a header row), into
//! rows of raw settings. An empty CSV cell, like a JSON `null`, means "not set". Which
//! keys exist and what their values mean is checked by [`super::plan`].
//!
//! A manifest file is never held in memory: it is checked once as a stream (UTF-8, an
//! unclosed CSV quote), then read row by row on each pass over it, and a pass refuses a
//! file that is not the one checked (another size, time or inode). Only stdin, which
//! cannot be read twice, is held.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The largest manifest read from stdin (it is held in memory).
const MAX_STDIN_BYTES: u64 = 1 << 30;

/// How much of a manifest file is buffered while it is read.
const READ_BUFFER: usize = 64 << 10;

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
    #[error("the manifest on stdin is larger than {} MiB", MAX_STDIN_BYTES >> 20)]
    TooLarge,
    #[error("the manifest {} changed while it was being read", .0.display())]
    Changed(PathBuf),
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

/// A manifest, checked but not yet parsed: rows are parsed one at a time
/// ([`Manifest::rows`]), so memory does not grow with the rows.
pub struct Manifest {
    source: Source,
    /// Where `text_file` paths are relative to.
    pub base_dir: PathBuf,
    /// The manifest file (`None`: stdin), which no output may overwrite.
    pub path: Option<PathBuf>,
}

enum Source {
    /// A file, read again on each pass.
    File {
        path: PathBuf,
        format: ManifestFormat,
        /// What the checked file's metadata said: a pass over another file is refused.
        identity: Identity,
        /// Where a quoted CSV cell opens and is never closed, found by the check.
        unclosed_quote: Option<usize>,
    },
    /// Stdin, held whole.
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
        None if stdin => return Err(ManifestError::FormatOfStdin),
        None => format_of(path)?,
    };
    if stdin {
        return read_stdin(path, format);
    }
    let failed = |source| ManifestError::Read {
        path: path.to_path_buf(),
        source,
    };
    // A FIFO or a device is refused before it is read: it would hang or never end.
    let file = std::fs::File::open(path).map_err(failed)?;
    let meta = file.metadata().map_err(failed)?;
    if !meta.is_file() {
        return Err(ManifestError::NotAFile(path.to_path_buf()));
    }
    let identity = Identity::of(&meta);
    let mut reader = BufReader::with_capacity(READ_BUFFER, file);
    let mut line = Vec::new();
    let mut offset = 0usize;
    let mut quotes = QuoteScan::default();
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line).map_err(failed)?;
        if read == 0 {
            break;
        }
        let text = std::str::from_utf8(&line).map_err(|e| ManifestError::NotUtf8 {
            path: path.to_path_buf(),
            offset: offset + e.valid_up_to(),
        })?;
        if format == ManifestFormat::Csv {
            quotes.feed(if offset == 0 { strip_bom(text) } else { text });
        }
        offset += read;
    }
    Ok(Manifest {
        source: Source::File {
            path: path.to_path_buf(),
            format,
            identity,
            unclosed_quote: quotes.unclosed(),
        },
        base_dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        path: Some(path.to_path_buf()),
    })
}

/// A file's format from its extension.
fn format_of(path: &Path) -> Result<ManifestFormat, ManifestError> {
    match path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .as_deref()
    {
        Some("jsonl" | "ndjson" | "json") => Ok(ManifestFormat::Jsonl),
        Some("csv") => Ok(ManifestFormat::Csv),
        _ => Err(ManifestError::FormatOfFile(path.to_path_buf())),
    }
}

/// Stdin, read whole (at most `MAX_STDIN_BYTES`): it cannot be read twice.
fn read_stdin(path: &Path, format: ManifestFormat) -> Result<Manifest, ManifestError> {
    let failed = |source| ManifestError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_STDIN_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > MAX_STDIN_BYTES {
        return Err(ManifestError::TooLarge);
    }
    let text = String::from_utf8(bytes).map_err(|e| ManifestError::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(Manifest {
        source: Source::Text { text, format },
        base_dir: std::env::current_dir().unwrap_or_default(),
        path: None,
    })
}

/// What a manifest file's metadata says of it: size, modification time and inode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Identity {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
}

impl Identity {
    fn of(meta: &std::fs::Metadata) -> Identity {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        Identity {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode,
        }
    }
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
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

    /// The rows in order, each parsed when it is asked for (or what is wrong with it);
    /// see [`Rows::finish`] for what ends the reading early.
    pub fn rows(&self) -> Result<Rows<'_>, ManifestError> {
        let reading = match &self.source {
            Source::File {
                path,
                format,
                identity,
                unclosed_quote,
            } => {
                let changed = || ManifestError::Changed(path.clone());
                let file = std::fs::File::open(path).map_err(|_| changed())?;
                let meta = file.metadata().map_err(|_| changed())?;
                if Identity::of(&meta) != *identity {
                    return Err(changed());
                }
                let mut reader = BufReader::with_capacity(READ_BUFFER, file);
                // The byte-order mark, which the check allowed.
                if reader
                    .fill_buf()
                    .map_err(|_| changed())?
                    .starts_with(b"\xef\xbb\xbf")
                {
                    reader.consume(3);
                }
                match (format, unclosed_quote) {
                    (ManifestFormat::Jsonl, _) => Reading::JsonlFile {
                        reader,
                        line: Vec::new(),
                    },
                    (ManifestFormat::Csv, Some(line)) => {
                        Reading::Problem(Some(unclosed_quote_problem(*line)))
                    }
                    (ManifestFormat::Csv, None) => csv_reading(Box::new(reader))?,
                }
            }
            Source::Text {
                text,
                format: ManifestFormat::Jsonl,
            } => Reading::JsonlText(text.lines()),
            Source::Text {
                text,
                format: ManifestFormat::Csv,
            } => {
                let mut quotes = QuoteScan::default();
                quotes.feed(text);
                match quotes.unclosed() {
                    Some(line) => Reading::Problem(Some(unclosed_quote_problem(line))),
                    None => csv_reading(Box::new(text.as_bytes()))?,
                }
            }
            Source::Rows(rows) => Reading::Given(rows.iter()),
        };
        Ok(Rows {
            reading,
            number: 0,
            path: self.path.clone(),
            error: None,
        })
    }
}

/// A manifest's rows, read one at a time.
pub struct Rows<'m> {
    reading: Reading<'m>,
    /// The last line (JSONL) or record (CSV) read.
    number: usize,
    path: Option<PathBuf>,
    /// What ended the reading early.
    error: Option<ManifestError>,
}

enum Reading<'m> {
    JsonlFile {
        reader: BufReader<std::fs::File>,
        line: Vec<u8>,
    },
    JsonlText(std::str::Lines<'m>),
    Csv {
        headers: Vec<String>,
        records: csv::StringRecordsIntoIter<Box<dyn Read + 'm>>,
    },
    /// What is wrong with the whole manifest, as its one row problem.
    Problem(Option<String>),
    Given(std::slice::Iter<'m, RawRow>),
}

impl Rows<'_> {
    /// Whether every row was read: a file that could not be read to its end (it changed
    /// since its check) is an error, even when the rows read were fine.
    pub fn finish(mut self) -> Result<(), ManifestError> {
        self.take_error().map_or(Ok(()), Err)
    }

    /// What ended the reading early, if anything has.
    pub fn take_error(&mut self) -> Option<ManifestError> {
        self.error.take()
    }
}

impl Iterator for Rows<'_> {
    type Item = Result<RawRow, String>;

    fn next(&mut self) -> Option<Result<RawRow, String>> {
        loop {
            if self.error.is_some() {
                return None;
            }
            match &mut self.reading {
                Reading::JsonlFile { reader, line } => {
                    line.clear();
                    let read = reader.read_until(b'\n', line);
                    let text = match read {
                        Ok(0) => return None,
                        Ok(_) => std::str::from_utf8(line).ok(),
                        Err(_) => None,
                    };
                    let Some(text) = text else {
                        let path = self.path.clone().unwrap_or_default();
                        self.error = Some(ManifestError::Changed(path));
                        return None;
                    };
                    self.number += 1;
                    if let Some(row) = jsonl_line(self.number, text) {
                        return Some(row);
                    }
                }
                Reading::JsonlText(lines) => {
                    let text = lines.next()?;
                    self.number += 1;
                    if let Some(row) = jsonl_line(self.number, text) {
                        return Some(row);
                    }
                }
                Reading::Csv { headers, records } => {
                    let record = records.next()?;
                    self.number += 1;
                    let number = self.number;
                    return Some(match record {
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
                Reading::Problem(problem) => return problem.take().map(Err),
                Reading::Given(rows) => return rows.next().cloned().map(Ok),
            }
        }
    }
}

/// One line of a JSONL manifest (`None`: a blank line or a `//` comment).
fn jsonl_line(number: usize, line: &str) -> Option<Result<RawRow, String>> {
    let line = line.trim();
    if line.is_empty() || line.starts_with("//") {
        return None;
    }
    Some(match serde_json::from_str::<StrictObject>(line) {
        Ok(StrictObject(Some(map))) => Ok(RawRow {
            number,
            fields: map.into_iter().filter(|(_, v)| !v.is_null()).collect(),
        }),
        Ok(StrictObject(None)) => Err(format!("line {number}: not a JSON object")),
        Err(e) => Err(format!("line {number}: not JSON ({e})")),
    })
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

fn unclosed_quote_problem(line: usize) -> String {
    // The csv crate reads an unclosed quote to the end of the file as one cell: rows
    // would be lost silently and the merged text billed.
    format!("line {line}: a quoted cell is never closed (the rest of the file would be one cell)")
}

/// A CSV manifest's header, checked, and its records to come.
fn csv_reading<'m>(input: Box<dyn Read + 'm>) -> Result<Reading<'m>, ManifestError> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
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
    Ok(Reading::Csv {
        headers,
        records: reader.into_records(),
    })
}

/// Finds where a quoted CSV cell opens and is never closed, fed the text in pieces.
struct QuoteScan {
    line: usize,
    opened_at: Option<usize>,
    in_quotes: bool,
    at_cell_start: bool,
    /// A quote inside quotes, which a quote at the start of the next piece escapes.
    quote_pending: bool,
}

impl Default for QuoteScan {
    fn default() -> QuoteScan {
        QuoteScan {
            line: 1,
            opened_at: None,
            in_quotes: false,
            at_cell_start: true,
            quote_pending: false,
        }
    }
}

impl QuoteScan {
    fn feed(&mut self, text: &str) {
        for c in text.chars() {
            if self.quote_pending {
                self.quote_pending = false;
                if c == '"' {
                    // An escaped quote: still inside.
                    continue;
                }
                self.in_quotes = false;
            }
            if self.in_quotes {
                match c {
                    '"' => self.quote_pending = true,
                    '\n' => self.line += 1,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' if self.at_cell_start => {
                    self.in_quotes = true;
                    self.opened_at = Some(self.line);
                }
                ',' => {
                    self.at_cell_start = true;
                    continue;
                }
                '\n' => {
                    self.line += 1;
                    self.at_cell_start = true;
                    continue;
                }
                '\r' => continue,
                _ => {}
            }
            self.at_cell_start = false;
        }
    }

    /// The line (1-based) where the unclosed quoted cell opens, if one is.
    fn unclosed(&self) -> Option<usize> {
        (self.in_quotes && !self.quote_pending)
            .then_some(self.opened_at)
            .flatten()
    }
}

/// A manifest's error as the user reads it: what to fix.
impl From<ManifestError> for crate::error::CliError {
    fn from(e: ManifestError) -> crate::error::CliError {
        let hint = match &e {
            ManifestError::FormatOfStdin => "add --manifest-format jsonl (or csv)",
            ManifestError::FormatOfFile(_) => "name it .jsonl or .csv, or pass --manifest-format",
            ManifestError::Read { .. } => "check the path",
            ManifestError::NotAFile(_) => {
                "give a regular file (a FIFO or device cannot be planned before it is read)"
            }
            ManifestError::TooLarge => {
                "save it to a file and give its path (a file is read row by row, not held)"
            }
            ManifestError::Changed(_) => {
                "run again once nothing is writing to the manifest; nothing was sent for its rows"
            }
            ManifestError::NotUtf8 { .. } => "save it as UTF-8",
            ManifestError::CsvHeader(_) | ManifestError::CsvDuplicateHeader(_) => {
                "fix the header row: one name per column, each once"
            }
            ManifestError::Problems(_) => "fix the rows named above; nothing was sent",
        };
        crate::error::CliError::usage(e.to_string()).with_hint(hint)
    }
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
        collect_rows(&manifest)
    }

    fn collect_rows(manifest: &Manifest) -> Vec<Result<RawRow, String>> {
        let mut rows = manifest.rows().unwrap();
        let collected = rows.by_ref().collect();
        rows.finish().unwrap();
        collected
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

    fn file_rows(manifest: &Manifest) -> Vec<Result<RawRow, String>> {
        collect_rows(manifest)
    }

    #[test]
    fn a_file_is_read_row_by_row_as_stdin_text_is() {
        let dir = tempfile::tempdir().unwrap();
        // A byte-order mark, a quoted cell over two lines, CRLF line ends.
        let csv = "\u{feff}id,text\r\na,\"one\r\ntwo, \"\"three\"\"\"\r\nb,Yo\r\n";
        let path = dir.path().join("m.csv");
        std::fs::write(&path, csv).unwrap();
        let from_file = file_rows(&read(&path, None).unwrap());
        let from_text = collect(csv.trim_start_matches('\u{feff}'), ManifestFormat::Csv);
        assert_eq!(format!("{from_file:?}"), format!("{from_text:?}"));
        let first = from_file[0].as_ref().unwrap();
        assert_eq!(first.fields["id"], "a");
        assert_eq!(first.fields["text"], "one\r\ntwo, \"three\"");
        assert_eq!(from_file.len(), 2);

        let jsonl =
            "\u{feff}{\"id\":\"a\",\"text\":\"Hi\"}\r\n\n// note\n{\"id\":\"b\",\"text\":\"Yo\"}";
        let path = dir.path().join("m.jsonl");
        std::fs::write(&path, jsonl).unwrap();
        let rows = file_rows(&read(&path, None).unwrap());
        let numbers: Vec<usize> = rows.iter().map(|r| r.as_ref().unwrap().number).collect();
        assert_eq!(numbers, [1, 4]);
    }

    #[test]
    fn a_file_is_checked_whole_before_any_row_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.jsonl");
        let mut bytes = b"{\"id\":\"a\",\"text\":\"Hi\"}\n{\"id\":\"b\",\"text\":\"".to_vec();
        bytes.extend([0xff, b'"', b'}', b'\n']);
        std::fs::write(&path, &bytes).unwrap();
        match read(&path, None) {
            Err(ManifestError::NotUtf8 { offset, .. }) => assert_eq!(offset, 41),
            other => panic!("{:?}", other.err()),
        }
        // A quote opened on line 2 and never closed, found by the check, reported as a
        // row problem (and no row is read).
        let path = dir.path().join("open.csv");
        std::fs::write(&path, "id,text\na,\"never\nb,closed\n").unwrap();
        let rows = file_rows(&read(&path, None).unwrap());
        assert_eq!(rows.len(), 1);
        assert!(
            rows[0]
                .as_ref()
                .unwrap_err()
                .starts_with("line 2: a quoted cell is never closed")
        );
    }

    #[test]
    fn a_manifest_changed_after_its_check_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.jsonl");
        std::fs::write(&path, "{\"id\":\"a\",\"text\":\"Hi\"}\n").unwrap();
        let manifest = read(&path, None).unwrap();
        assert_eq!(file_rows(&manifest).len(), 1);
        std::fs::write(
            &path,
            "{\"id\":\"a\",\"text\":\"Hi\"}\n{\"id\":\"b\",\"text\":\"x\"}\n",
        )
        .unwrap();
        let read_again = manifest.rows().map(|_| ());
        assert!(
            matches!(read_again, Err(ManifestError::Changed(_))),
            "{read_again:?}"
        );
    }
}
