//! Turning manifest rows into jobs: each row's settings merged over the command line's
//! (row > flag > environment > config file > default), resolved by the same code as
//! `speak`, checked by its provider's rules, its text prepared and cut into segments, its
//! output path made safe, and its cache key computed. Every problem of every row is
//! collected, so one run lists them all.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use serde::de::{self, MapAccess};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::manifest::{Manifest, RawRow, Rows};
use crate::error::row_problem;
use crate::options::{Combine, FinishOptions, Options, VoiceOptions, unknown_key};
use crate::request::{Ask, Keys, Prepared, Requests};
use crate::settings::{Resolved, SettingsOrEngine};
use crate::spec::{AudioFormat, MAX_PAUSE_MS, Provider, Reference};

/// A row's own keys; the rest are the voice options ([`VoiceOptions::KEYS`]).
pub const ROW_KEYS: &[&str] = &[
    "id",
    "text",
    "text_file",
    "output",
    "provider",
    "reference_audio",
    "reference_text",
    "pause_after",
    "chapter",
];

/// A row's settings, read by the options' reader (one wording for unknown keys, types
/// and ranges, whatever the source).
#[derive(Default)]
struct RowSettings {
    provider: Option<Provider>,
    output: Option<String>,
    /// In a joined production: silence after this row, and a chapter that starts here.
    pause_after_ms: Option<u64>,
    chapter: Option<String>,
    voice: VoiceOptions,
    finish: FinishOptions,
}

/// The file name template (`--name`): literal text and the placeholders `{id}`, `{ext}`,
/// `{provider}` and `{row}`, parsed once (a value is never read as a placeholder).
#[derive(Clone, Debug, PartialEq)]
pub struct Template(Vec<Part>);

#[derive(Clone, Debug, PartialEq)]
enum Part {
    Text(String),
    Id,
    Ext,
    Provider,
    Row,
}

impl FromStr for Template {
    type Err = String;
    fn from_str(s: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            let close = rest[open..]
                .find('}')
                .map(|c| open + c)
                .ok_or_else(|| format!("'{s}' has a {{ that is never closed"))?;
            parts.push(match &rest[open + 1..close] {
                "id" => Part::Id,
                "ext" => Part::Ext,
                "provider" => Part::Provider,
                "row" => Part::Row,
                other => {
                    return Err(format!(
                        "'{s}' has the unknown placeholder {{{other}}}; use {{id}}, {{ext}}, {{provider}} or {{row}}"
                    ));
                }
            });
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        if !parts.iter().any(|p| matches!(p, Part::Id | Part::Row)) {
            return Err(format!(
                "'{s}' names every row's file alike; put {{id}} (or {{row}}) in it"
            ));
        }
        Ok(Template(parts))
    }
}

impl Template {
    /// Whether the extension comes from the format (`{ext}`); otherwise the name's own
    /// extension says the format, as `-o` does for `speak`.
    fn has_ext(&self) -> bool {
        self.0.contains(&Part::Ext)
    }

    fn render(
        &self,
        id: &str,
        format: Option<AudioFormat>,
        provider: Provider,
        row: usize,
    ) -> String {
        let mut out = String::new();
        for part in &self.0 {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Id => out.push_str(id),
                Part::Ext => out.push_str(format.map_or("mp3", AudioFormat::name)),
                Part::Provider => out.push_str(provider.flag_value()),
                Part::Row => out.push_str(&row.to_string()),
            }
        }
        out
    }
}

/// `--shard K/N`: the K-th (1-based) of N slices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("shard '{s}' must be K/N with 1 <= K <= N, e.g. 2/4");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether the row `id` is in this shard: by a hash of the id alone, so a row stays
    /// in its shard however rows are added, removed or reordered.
    pub fn contains(&self, id: &str) -> bool {
        let digest = Sha256::digest(id.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) % self.count == self.index - 1
    }
}

/// One row, ready to run. Kept small (the spec is shared by the rows that have the
/// same settings): a manifest of tens of thousands of rows stays in a few MB.
pub struct PlannedRow {
    /// The row's number in the manifest.
    pub number: usize,
    pub id: String,
    /// The row's request: its spec and engine (shared with the rows that have the same),
    /// segments, bill and cache keys.
    pub request: Prepared,
    /// The output path relative to `--out-dir`, normalized.
    pub shown: String,
    /// In a joined production: the row's own pause after it, and the chapter it starts.
    pub pause_after_ms: Option<u64>,
    pub chapter: Option<String>,
    /// How the row's file is finished (loudness, trim); boxed, as most rows have none
    /// and a manifest may hold 100,000 rows.
    pub finishing: Option<Box<crate::spec::Finishing>>,
}

/// Everything a batch needs to run its rows, from a check of every row. The rows
/// themselves are not kept: [`Plan::next_jobs`] makes them again, a chunk at a time, from
/// the manifest, so memory does not grow with it.
pub struct Plan {
    /// The requests' providers, engines and specs. Providers in use that have no key
    /// (`Requests::missing_keys`): their rows that need a request fail with it (cached
    /// rows are still restored).
    pub requests: Requests,
    pub out_dir: PathBuf,
    base_dir: PathBuf,
    /// The manifest's directory's real path, resolved once (text files must stay in it).
    base_real: Result<PathBuf, String>,
    out_base: PathBuf,
    /// The manifest and every text_file and reference read (digests of their real
    /// paths): no output may be one.
    inputs: HashSet<Digest16>,
    /// Reference samples read for rows, by real path and transcript (read and hashed
    /// once however many rows use them).
    references: HashMap<(PathBuf, String), Reference>,
}

impl Plan {
    /// Where a row's file goes.
    pub fn output(&self, job: &PlannedRow) -> PathBuf {
        self.out_dir.join(&job.shown)
    }

    /// Makes the next jobs again from `rows` (the checked manifest's), in manifest
    /// order: at most `most`, fewer only at the end. A row that no longer plans (its text
    /// file changed) ends the pass with its problem.
    pub fn next_jobs(
        &mut self,
        rows: &mut Rows<'_>,
        defaults: &Defaults<'_>,
        most: usize,
    ) -> Result<Vec<PlannedRow>, super::manifest::ManifestError> {
        let mut jobs = Vec::new();
        while jobs.len() < most
            && let Some(row) = rows.next()
        {
            match row
                .map_err(|p| vec![p])
                .and_then(|row| self.row(defaults, row, None))
            {
                Ok(job) => jobs.push(job),
                Err(found) => {
                    return Err(super::manifest::ManifestError::Problems(
                        found
                            .into_iter()
                            .map(|p| format!("{p} (it changed after the manifest was checked)"))
                            .collect(),
                    ));
                }
            }
        }
        if let Some(e) = rows.take_error() {
            return Err(e);
        }
        Ok(jobs)
    }
}

/// What the command line gives every row.
pub struct Defaults<'a> {
    /// The command's voice flags.
    pub voice: &'a VoiceOptions,
    /// The command's `--reference-audio`/`--reference-text` pairs, read once.
    pub references: &'a [Reference],
    /// Subtitles wanted with each row (a production's merged ones), where the provider
    /// makes them.
    pub subtitles: Option<crate::spec::SubtitleType>,
    /// The flags' finishing, which rows inherit (`None`: a production, whose flags
    /// finish the joined file; a row then finishes by its own keys only).
    pub finish: Option<&'a FinishOptions>,
    pub out_dir: &'a Path,
    pub template: &'a Template,
    pub ignored: &'a [String],
    /// A dry run needs no key.
    pub need_key: bool,
}

/// Checks every row, handing each job to `inspect` (for the caller's own checks and
/// tallies, or to keep); all problems at once, or the plan.
pub fn plan(
    manifest: &Manifest,
    defaults: &Defaults<'_>,
    first: Resolved,
    mut inspect: impl FnMut(PlannedRow),
) -> Result<Plan, super::manifest::ManifestError> {
    let base = manifest_dir(&manifest.base_dir);
    let mut plan = Plan {
        requests: Requests::new(
            first,
            match defaults.need_key {
                true => Keys::Noted,
                false => Keys::Unneeded,
            },
        ),
        out_dir: defaults.out_dir.to_path_buf(),
        base_dir: manifest.base_dir.clone(),
        base_real: base
            .canonicalize()
            .map_err(|e| format!("the manifest's directory {}: {e}", base.display())),
        out_base: defaults
            .out_dir
            .canonicalize()
            .unwrap_or_else(|_| defaults.out_dir.to_path_buf()),
        inputs: manifest
            .path
            .iter()
            .map(|p| path_digest(&real_path(p)))
            .collect(),
        references: HashMap::new(),
    };
    let mut unique = Unique::default();
    let mut problems = Vec::new();
    let mut count = 0usize;
    let mut rows = manifest.rows()?;
    for row in rows.by_ref() {
        count += 1;
        match row
            .map_err(|p| vec![p])
            .and_then(|row| plan.row(defaults, row, Some(&mut unique)))
        {
            Ok(job) => inspect(job),
            Err(found) => problems.extend(found),
        }
    }
    rows.finish()?;
    if count == 0 {
        problems.push("no rows".into());
    }
    if !problems.is_empty() {
        return Err(super::manifest::ManifestError::Problems(problems));
    }
    Ok(plan)
}

/// What the check remembers of every row to find two rows with one id or one output:
/// a 64-bit digest and the row's number, about 17 bytes a row (a manifest of 100,000
/// rows needs some 4 MB, while the rows themselves are not kept). Two different values
/// share a digest with odds of about one in 10^9 at 100,000 rows; such a pair would be
/// refused as the same, never let through.
#[derive(Default)]
struct Unique {
    ids: HashMap<u64, u32>,
    outputs: HashMap<u64, u32>,
}

fn digest64(bytes: &[u8]) -> u64 {
    let mut first = [0u8; 8];
    first.copy_from_slice(&Sha256::digest(bytes)[..8]);
    u64::from_be_bytes(first)
}

/// The row that had `value` before `number`, or `None` (and `number` is remembered).
fn first_of(seen: &mut HashMap<u64, u32>, value: &[u8], number: usize) -> Option<u32> {
    match seen.entry(digest64(value)) {
        std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(u32::try_from(number).unwrap_or(u32::MAX));
            None
        }
    }
}

/// 128 bits of a SHA-256 of a real path: what the plan keeps of each input file.
type Digest16 = [u8; 16];

fn path_digest(path: &Path) -> Digest16 {
    let mut out = [0u8; 16];
    out.copy_from_slice(&Sha256::digest(path.as_os_str().as_encoded_bytes())[..16]);
    out
}

impl Plan {
    /// A row's own references (`reference_audio` with `reference_text`, in pairs), read
    /// inside the manifest's directory; `None` when the row gives none.
    fn row_references(&mut self, row: &RawRow) -> Result<Option<Vec<Reference>>, String> {
        let (audio, text) = match (
            row.fields.get("reference_audio"),
            row.fields.get("reference_text"),
        ) {
            (None, None) => return Ok(None),
            (Some(audio), Some(text)) => (
                row_list("reference_audio", audio)?,
                row_list("reference_text", text)?,
            ),
            (Some(_), None) => {
                return Err(
                    "reference_audio without reference_text; give what each sample says".into(),
                );
            }
            (None, Some(_)) => return Err("reference_text without reference_audio".into()),
        };
        if audio.len() != text.len() {
            return crate::audio::sample::pair_references(Vec::new(), &text).map(Some);
        }
        let mut references = Vec::new();
        for (name, said) in audio.iter().zip(&text) {
            let real = confine(&self.base_dir, &self.base_real, "reference_audio", name)?;
            self.inputs.insert(path_digest(&real));
            let slot = (real, said.trim().to_string());
            if let Some(known) = self.references.get(&slot) {
                references.push(known.clone());
                continue;
            }
            let bytes = read_regular(
                &slot.0,
                "reference_audio",
                name,
                crate::spec::MAX_REFERENCE_BYTES,
            )?;
            let shown = crate::report::sanitized(name).into_owned();
            let reference = crate::audio::sample::pair_references(
                vec![(shown, bytes)],
                std::slice::from_ref(said),
            )?
            .remove(0);
            self.references.insert(slot, reference.clone());
            references.push(reference);
        }
        Ok(Some(references))
    }

    /// One row's job, or what is wrong with it (each problem says which row). `unique`
    /// is the check's memory of ids and outputs (`None`: rows checked already).
    fn row(
        &mut self,
        defaults: &Defaults<'_>,
        row: RawRow,
        unique: Option<&mut Unique>,
    ) -> Result<PlannedRow, Vec<String>> {
        let id = row
            .fields
            .get("id")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        let here = match &id {
            Some(id) => format!("row {} (id {})", row.number, crate::report::sanitized(id)),
            None => format!("row {}", row.number),
        };
        self.job(defaults, &row, id, unique).map_err(|problems| {
            problems
                .into_iter()
                .map(|p| format!("{here}: {p}"))
                .collect()
        })
    }

    fn job(
        &mut self,
        defaults: &Defaults<'_>,
        row: &RawRow,
        id: Option<String>,
        mut unique: Option<&mut Unique>,
    ) -> Result<PlannedRow, Vec<String>> {
        let mut problems = Vec::new();
        let settings = read_row(row, defaults.ignored, &mut problems);
        let id = match (row.fields.get("id"), id) {
            (_, Some(id)) => Some(id),
            (Some(value), None) if !value.is_string() => {
                problems.push("id: expected a string".into());
                None
            }
            _ => {
                problems.push("no id".into());
                None
            }
        };
        let text = match (row.fields.get("text"), row.fields.get("text_file")) {
            (Some(_), Some(_)) => Err("both text and text_file; give one".to_string()),
            (Some(Value::String(text)), None) => Ok(text.clone()),
            (Some(_), None) => Err("text: expected a string".to_string()),
            (None, Some(Value::String(file))) => {
                read_text_file(&self.base_dir, &self.base_real, file).map(|(text, real)| {
                    self.inputs.insert(path_digest(&real));
                    text
                })
            }
            (None, Some(_)) => Err("text_file: expected a string".to_string()),
            (None, None) => Err("no text (give text or text_file)".to_string()),
        };
        // An id is printed (to terminals and CI logs) and becomes a file name: a control
        // character (a newline that starts a `::` workflow command, an escape that
        // retitles a terminal) has no place in it.
        let id = match id {
            Some(id) if id.chars().any(crate::report::is_unsafe) => {
                problems.push(format!(
                    "the id {} holds a control character; use letters, digits and punctuation",
                    crate::report::sanitized(&id)
                ));
                None
            }
            id => id,
        };
        let (Some(id), Ok(text)) = (id, &text) else {
            if let Err(e) = text {
                problems.push(e);
            }
            return Err(problems);
        };
        if let Some(unique) = unique.as_deref_mut()
            && let Some(first) = first_of(&mut unique.ids, id.as_bytes(), row.number)
        {
            problems.push(format!("the id is also used by row {first}"));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let text = text.clone();
        let fail = |message: String| vec![message];

        let row_references = self.row_references(row).map_err(fail)?;
        if row_references.is_some() && settings.voice.voice.is_some() {
            return Err(fail(
                "both voice and reference_audio; give one (the references replace the voice)"
                    .into(),
            ));
        }
        let provider = settings
            .provider
            .unwrap_or(self.requests.default_provider());
        // A name whose extension is not the format's placeholder says the format, by the
        // rule `-o` follows (`settings::output_format`).
        let named = match &settings.output {
            Some(path) => Some(path.clone()),
            None if !defaults.template.has_ext() => {
                Some(defaults.template.render(&id, None, provider, row.number))
            }
            None => None,
        };
        let voice = settings.voice.combine(defaults.voice.clone());
        let references = row_references.unwrap_or_else(|| defaults.references.to_vec());
        let planned = self
            .requests
            .plan(Ask {
                provider: Some(provider),
                voice: &voice,
                references: &references,
                // Only MiniMax times its speech; Fish rows get one cue each in a
                // production.
                subtitles: defaults.subtitles.filter(|_| provider == Provider::Minimax),
                output: named.as_deref().map(Path::new),
            })
            .map_err(|e| fail(row_problem(e)))?;
        let request = planned
            .prepare(&text)
            .map_err(|e| fail(row_problem(SettingsOrEngine::Engine(e))))?;
        let spec = &request.planned.spec;
        let relative = match named {
            Some(path) => path,
            None => defaults
                .template
                .render(&id, Some(spec.format), provider, row.number),
        };
        let shown = safe_output(defaults.out_dir, &self.out_base, &relative).map_err(fail)?;
        // The same file by another name (through a symlinked directory), the manifest
        // or a text file: refused before anything is paid for.
        let real = real_path(&defaults.out_dir.join(&shown));
        if self.inputs.contains(&path_digest(&real)) {
            return Err(fail(format!(
                "output {} would overwrite the manifest or a text_file",
                crate::report::sanitized(&shown)
            )));
        }
        if let Some(unique) = unique
            && let Some(first) = first_of(
                &mut unique.outputs,
                real.as_os_str().as_encoded_bytes(),
                row.number,
            )
        {
            return Err(fail(format!("writes the same file as row {first}")));
        }
        let finishing = match defaults.finish {
            Some(flags) => {
                let resolved = self
                    .requests
                    .resolved(provider)
                    .map_err(|e| fail(row_problem(SettingsOrEngine::Settings(e))))?;
                resolved.finishing(&settings.finish.clone().combine(flags.clone()))
            }
            None => settings.finish.finishing(),
        };
        Ok(PlannedRow {
            number: row.number,
            id,
            request,
            shown,
            pause_after_ms: settings.pause_after_ms,
            chapter: settings.chapter.clone(),
            finishing: Some(finishing).filter(|f| !f.is_empty()).map(Box::new),
        })
    }
}

/// The provider and voice settings given as manifest keys elsewhere (a server's
/// request, a configured speaker), read by the row reader: the same checks and the same
/// wording as in a manifest. Keys that only make sense for a row (its output, pause,
/// chapter, finishing) are left out.
pub fn read_voice_keys(
    fields: &BTreeMap<String, Value>,
) -> Result<(Option<Provider>, VoiceOptions), Vec<String>> {
    let mut problems = Vec::new();
    let row = RawRow {
        number: 0,
        fields: fields.clone(),
    };
    let settings = read_row(&row, &[], &mut problems);
    match problems.is_empty() {
        true => Ok((settings.provider, settings.voice)),
        false => Err(problems),
    }
}

/// Reads a row's settings through the options' reader, one key at a time so that each
/// problem names its key; the row's own keys (`id`, `text`, …) and ignored columns are
/// left to the caller.
fn read_row(row: &RawRow, ignored: &[String], problems: &mut Vec<String>) -> RowSettings {
    let mut settings = RowSettings::default();
    for (key, value) in &row.fields {
        if ignored.iter().any(|i| i == key) {
            continue;
        }
        if let Err(e) = read_key(&mut settings, key, value) {
            problems.push(e.to_string());
        }
    }
    settings
}

/// One key of a row: the row's own, or a voice option.
fn read_key(settings: &mut RowSettings, key: &str, value: &Value) -> Result<(), serde_json::Error> {
    let named = |e: serde_json::Error| de::Error::custom(format!("{key}: {e}"));
    match key {
        "id" | "text" | "text_file" | "reference_audio" | "reference_text" => Ok(()),
        "provider" => {
            settings.provider = Some(serde_json::from_value(value.clone()).map_err(named)?);
            Ok(())
        }
        "output" => match value {
            Value::String(path) => {
                settings.output = Some(path.clone());
                Ok(())
            }
            _ => Err(de::Error::custom("output: expected a string")),
        },
        "pause_after" => {
            settings.pause_after_ms = pause_after(value)?;
            Ok(())
        }
        "chapter" => match value {
            Value::String(title) if title.trim().is_empty() => Ok(()),
            Value::String(title) => {
                settings.chapter = Some(title.trim().to_string());
                Ok(())
            }
            _ => Err(de::Error::custom("chapter: expected a title")),
        },
        _ => {
            let mut one = One {
                key: Some(key),
                value,
            };
            let _ = one.next_key::<String>()?;
            if settings.voice.take(key, &mut one).map_err(named)?
                || settings.finish.take(key, &mut one).map_err(named)?
            {
                Ok(())
            } else {
                let unknown: serde_json::Error =
                    unknown_key(key, &[ROW_KEYS, VoiceOptions::KEYS, FinishOptions::KEYS]);
                Err(de::Error::custom(format!(
                    "{unknown}; or --ignore-columns {key}"
                )))
            }
        }
    }
}

/// One key and its value, read by the options' reader as a map of one entry.
struct One<'a> {
    key: Option<&'a str>,
    value: &'a Value,
}
impl<'de, 'a> MapAccess<'de> for One<'a> {
    type Error = serde_json::Error;
    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match self.key.take() {
            Some(key) => seed
                .deserialize(de::value::StrDeserializer::<serde_json::Error>::new(key))
                .map(Some),
            None => Ok(None),
        }
    }
    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        seed.deserialize(self.value.clone())
    }
}

/// A row's `pause_after`: none when blank.
fn pause_after(value: &Value) -> Result<Option<u64>, serde_json::Error> {
    // A count is milliseconds (the key's unit, and all a CSV cell can say as a
    // number); text is a duration in the one grammar (`400ms`, `1.5s`).
    let ms = match value {
        Value::Number(n) => n.as_u64().ok_or_else(String::new),
        Value::String(s) if s.trim().is_empty() => return Ok(None),
        Value::String(s) => match s.trim().parse::<u64>() {
            Ok(ms) => Ok(ms),
            Err(_) => crate::spec::parse_pause_ms(s),
        },
        _ => Err(String::new()),
    };
    match ms {
        Ok(ms) if ms <= MAX_PAUSE_MS => Ok(Some(ms)),
        Err(why) if !why.is_empty() => Err(de::Error::custom(format!("pause_after: {why}"))),
        _ => Err(de::Error::custom(format!(
            "pause_after: expected milliseconds from 0 to {MAX_PAUSE_MS} (or a duration such as 1.5s)"
        ))),
    }
}

/// The largest `text_file` read (far more than any line of speech).
const MAX_TEXT_FILE: u64 = 10 << 20;

/// Reads a row's `text_file` as UTF-8 text (see [`read_confined`]).
fn read_text_file(
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
fn read_confined(
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
fn confine(
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
fn read_regular(real: &Path, key: &str, name: &str, max: u64) -> Result<Vec<u8>, String> {
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
fn row_list(key: &str, value: &Value) -> Result<Vec<String>, String> {
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
fn manifest_dir(base: &Path) -> &Path {
    if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base
    }
}

/// A path as the file system resolves it: its directory's real path and its name (the
/// file itself need not exist yet; a symlink at the end is followed).
fn real_path(path: &Path) -> PathBuf {
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
const MAX_NAME_BYTES: usize = 255;
const MAX_PATH_BYTES: usize = 4095;

/// `relative` under `out_dir`, refusing what would leave it: absolute paths, `..`, and
/// existing symlinks (or directories) along the way that resolve outside. Returns the
/// path normalized (no `.` parts), relative to `out_dir`.
fn safe_output(out_dir: &Path, out_base: &Path, relative: &str) -> Result<String, String> {
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
    fn shards_are_disjoint_and_cover_everything() {
        let ids: Vec<String> = (0..1000).map(|i| format!("line-{i}")).collect();
        let shards: Vec<Shard> = (1..=4).map(|k| Shard { index: k, count: 4 }).collect();
        for id in &ids {
            assert_eq!(shards.iter().filter(|s| s.contains(id)).count(), 1, "{id}");
        }
        let first = ids.iter().filter(|id| shards[0].contains(id)).count();
        assert!((180..320).contains(&first), "{first}");
        assert!("0/4".parse::<Shard>().is_err() && "5/4".parse::<Shard>().is_err());
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
    }

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
