//! The local record of submitted async jobs (`jobs.json` under the platform state or data
//! directory), so `fetch` can find them later, list them, and know what is still pending.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::error::CliError;

/// MiniMax deletes async output 9 hours after the job.
pub const EXPIRY_SECS: u64 = 9 * 3600;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    Pending,
    Done,
    Failed,
    Expired,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Job {
    pub task_id: u64,
    /// The output file id, once known.
    #[serde(default)]
    pub file_id: Option<u64>,
    /// Seconds since the Unix epoch.
    pub submitted_at: u64,
    pub status: JobStatus,
    pub model: String,
    pub voice: String,
    pub format: String,
    pub characters: usize,
    /// The PCM layout, for WAV output (PCM is requested and wrapped on fetch).
    #[serde(default)]
    pub sample_rate: Option<u32>,
    #[serde(default)]
    pub channels: Option<u8>,
    /// Where `fetch` should write the audio when no `-o` is given.
    #[serde(default)]
    pub output: Option<PathBuf>,
}

impl Job {
    pub fn age_secs(&self, now: u64) -> u64 {
        now.saturating_sub(self.submitted_at)
    }

    pub fn expired(&self, now: u64) -> bool {
        self.age_secs(now) >= EXPIRY_SECS
    }
}

pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The registry file. `MINIMAX_TTS_STATE_DIR` overrides the directory.
#[derive(Debug)]
pub struct Registry {
    path: PathBuf,
    pub jobs: Vec<Job>,
}

impl Registry {
    pub fn default_path() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("MINIMAX_TTS_STATE_DIR") {
            return Some(PathBuf::from(dir).join("jobs.json"));
        }
        dirs::state_dir()
            .or_else(dirs::data_local_dir)
            .map(|d| d.join("minimax-tts").join("jobs.json"))
    }

    pub fn load() -> Result<Registry, CliError> {
        let path = Self::default_path().ok_or_else(|| {
            CliError::failure("cannot find a directory for the job registry")
                .with_hint("set MINIMAX_TTS_STATE_DIR to a writable directory")
        })?;
        Self::load_from(&path)
    }

    pub fn load_from(path: &Path) -> Result<Registry, CliError> {
        let jobs = match fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                CliError::failure(format!(
                    "the job registry {} is damaged: {e}",
                    path.display()
                ))
                .with_hint("move it aside; jobs can still be fetched by task id")
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => {
                return Err(CliError::failure(format!(
                    "cannot read the job registry {}: {e}",
                    path.display()
                )));
            }
        };
        Ok(Registry {
            path: path.to_path_buf(),
            jobs,
        })
    }

    /// Writes the registry atomically (temp file, then rename).
    pub fn save(&self) -> Result<(), CliError> {
        let fail = |e: std::io::Error| {
            CliError::failure(format!(
                "cannot write the job registry {}: {e}",
                self.path.display()
            ))
        };
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir).map_err(fail)?;
        }
        let tmp = self.path.with_extension("json.tmp");
        let mut file = fs::File::create(&tmp).map_err(fail)?;
        let json =
            serde_json::to_vec_pretty(&self.jobs).map_err(|e| CliError::failure(e.to_string()))?;
        file.write_all(&json)
            .and_then(|_| file.sync_all())
            .map_err(fail)?;
        fs::rename(&tmp, &self.path).map_err(fail)
    }

    pub fn add(&mut self, job: Job) {
        self.jobs.retain(|j| j.task_id != job.task_id);
        self.jobs.push(job);
    }

    pub fn get(&self, task_id: u64) -> Option<&Job> {
        self.jobs.iter().find(|j| j.task_id == task_id)
    }

    pub fn latest(&self) -> Option<&Job> {
        self.jobs.iter().max_by_key(|j| (j.submitted_at, j.task_id))
    }

    pub fn set_status(&mut self, task_id: u64, status: JobStatus, file_id: Option<u64>) {
        if let Some(job) = self.jobs.iter_mut().find(|j| j.task_id == task_id) {
            job.status = status;
            if file_id.is_some() {
                job.file_id = file_id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_finds_the_latest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("jobs.json");
        let mut reg = Registry::load_from(&path).unwrap();
        assert!(reg.jobs.is_empty());
        for (id, at) in [(1, 100), (2, 300), (3, 200)] {
            reg.add(Job {
                task_id: id,
                file_id: None,
                submitted_at: at,
                status: JobStatus::Pending,
                model: "m".into(),
                voice: "v".into(),
                format: "mp3".into(),
                characters: 5,
                sample_rate: None,
                channels: None,
                output: None,
            });
        }
        reg.set_status(3, JobStatus::Done, Some(9));
        reg.save().unwrap();
        let reg = Registry::load_from(&path).unwrap();
        assert_eq!(reg.latest().unwrap().task_id, 2);
        assert_eq!(reg.get(3).unwrap().status, JobStatus::Done);
        assert_eq!(reg.get(3).unwrap().file_id, Some(9));
    }
}
