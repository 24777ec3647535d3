//! Turning manifest rows into jobs: each row's settings merged over the command line's
//! (row > flag > environment > config file > default), resolved by the same code as
//! `speak`, checked by its provider's rules, its text prepared and cut into segments, its
//! output path made safe, and its cache key computed. Every problem of every row is
//! collected, so one run lists them all.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::manifest::{Manifest, RawRow, Rows};
use super::paths::{
    confine, manifest_dir, read_regular, read_text_file, real_path, row_list, safe_output,
};
use super::row_keys::read_row;
use super::template::Template;
use crate::error::row_problem;
use crate::options::{Combine, FinishOptions, VoiceOptions};
use crate::request::{Ask, Keys, Prepared, Requests};
use crate::settings::{Resolved, SettingsOrEngine};
use crate::spec::{Provider, Reference};

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
