//! The local record of submitted async jobs (`jobs.json` under the platform state or data
//! directory), so `fetch` can find them later, list them, and know what is still pending.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::error::CliError;

use crate::engine::minimax::jobs::EXPIRY_SECS;

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
///
/// Several processes may use it at once (parallel `async-submit` in a CI job): every
/// change is a read-modify-write under an exclusive lock on `jobs.json.lock`, saved
/// through a unique temporary file and a rename, so readers never see a half-written
/// file and no writer's job is lost.
#[derive(Debug)]
pub struct Registry {
    path: PathBuf,
    pub jobs: Vec<Job>,
}

/// Holds the registry's lock until dropped.
struct Lock(fs::File);

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
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

    fn path() -> Result<PathBuf, CliError> {
        Self::default_path().ok_or_else(|| {
            CliError::failure("cannot find a directory for the job registry")
                .with_hint("set MINIMAX_TTS_STATE_DIR to a writable directory")
        })
    }

    /// A snapshot for reading (writes are atomic renames, so no lock is needed).
    pub fn load() -> Result<Registry, CliError> {
        Self::load_from(&Self::path()?)
    }

    /// Checks, before anything is paid for, that a job can be recorded: the directory
    /// can be created, the lock taken, and the file parsed.
    pub fn check_writable() -> Result<(), CliError> {
        Self::update(|_| ())
    }

    /// Runs `change` on the current jobs under the lock and saves the result.
    pub fn update<T>(change: impl FnOnce(&mut Registry) -> T) -> Result<T, CliError> {
        Self::update_at(&Self::path()?, change)
    }

    pub fn update_at<T>(
        path: &Path,
        change: impl FnOnce(&mut Registry) -> T,
    ) -> Result<T, CliError> {
        let _lock = Self::lock(path)?;
        let mut registry = Self::load_from(path)?;
        let value = change(&mut registry);
        registry.save()?;
        Ok(value)
    }

    fn lock(path: &Path) -> Result<Lock, CliError> {
        let fail = |e: std::io::Error| {
            CliError::failure(format!(
                "cannot lock the job registry {}: {e}",
                path.display()
            ))
            .with_hint("check that the directory is writable, or set MINIMAX_TTS_STATE_DIR")
        };
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(fail)?;
        }
        let mut lock_name = path.file_name().unwrap_or_default().to_os_string();
        lock_name.push(".lock");
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path.with_file_name(lock_name))
            .map_err(fail)?;
        file.lock().map_err(fail)?;
        Ok(Lock(file))
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

    fn save(&self) -> Result<(), CliError> {
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir)
                .map_err(|e| CliError::failure(format!("cannot create {}: {e}", dir.display())))?;
        }
        let json =
            serde_json::to_vec_pretty(&self.jobs).map_err(|e| CliError::failure(e.to_string()))?;
        crate::sink::write_file(&self.path, &json).map_err(|e| {
            CliError::failure(format!(
                "cannot write the job registry {}: {}",
                self.path.display(),
                e.message
            ))
        })
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
        let added = Registry::update_at(&path, |reg| {
            reg.set_status(1, JobStatus::Failed, None);
            reg.jobs.len()
        })
        .unwrap();
        assert_eq!(added, 3);
        assert_eq!(
            Registry::load_from(&path).unwrap().get(1).unwrap().status,
            JobStatus::Failed
        );
        let reg = Registry::load_from(&path).unwrap();
        assert_eq!(reg.latest().unwrap().task_id, 2);
        assert_eq!(reg.get(3).unwrap().status, JobStatus::Done);
        assert_eq!(reg.get(3).unwrap().file_id, Some(9));
    }
}
