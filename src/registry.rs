//! The local record of submitted async jobs (`jobs.json` under the platform state or data
//! directory), so `fetch` can find them later, list them, and know what is still pending.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

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
pub struct AsyncJob {
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

impl AsyncJob {
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
    pub jobs: Vec<AsyncJob>,
}

/// Holds the registry's lock until dropped.
struct Lock(fs::File);

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// Why the job registry cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("cannot find a directory for the job registry")]
    NoDirectory,
    #[error("cannot lock the job registry {}: {source}", path.display())]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the job registry {} is damaged: {source}", path.display())]
    Damaged {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("cannot read the job registry {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the job registry {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl Registry {
    fn path(at: Option<&Path>) -> Result<&Path, RegistryError> {
        at.ok_or(RegistryError::NoDirectory)
    }

    /// A snapshot for reading (writes are atomic renames, so no lock is needed).
    pub fn load(at: Option<&Path>) -> Result<Registry, RegistryError> {
        Self::load_from(Self::path(at)?)
    }

    /// Checks, before anything is paid for, that a job can be recorded: the directory
    /// can be created, the lock taken, and the file parsed.
    pub fn check_writable(at: Option<&Path>) -> Result<(), RegistryError> {
        Self::update(at, |_| ())
    }

    /// Runs `change` on the current jobs under the lock and saves the result.
    pub fn update<T>(
        at: Option<&Path>,
        change: impl FnOnce(&mut Registry) -> T,
    ) -> Result<T, RegistryError> {
        Self::update_at(Self::path(at)?, change)
    }

    pub fn update_at<T>(
        path: &Path,
        change: impl FnOnce(&mut Registry) -> T,
    ) -> Result<T, RegistryError> {
        let _lock = Self::lock(path)?;
        let mut registry = Self::load_from(path)?;
        let value = change(&mut registry);
        registry.save()?;
        Ok(value)
    }

    fn lock(path: &Path) -> Result<Lock, RegistryError> {
        let fail = |source: std::io::Error| RegistryError::Lock {
            path: path.to_path_buf(),
            source,
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

    pub fn load_from(path: &Path) -> Result<Registry, RegistryError> {
        let jobs = match fs::read(path) {
            Ok(bytes) => {
                serde_json::from_slice(&bytes).map_err(|source| RegistryError::Damaged {
                    path: path.to_path_buf(),
                    source,
                })?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(source) => {
                return Err(RegistryError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        Ok(Registry {
            path: path.to_path_buf(),
            jobs,
        })
    }

    fn save(&self) -> Result<(), RegistryError> {
        let write = |source: Box<dyn std::error::Error + Send + Sync>| RegistryError::Write {
            path: self.path.clone(),
            source,
        };
        if let Some(dir) = self.path.parent() {
            fs::create_dir_all(dir).map_err(|e| write(e.into()))?;
        }
        let json = serde_json::to_vec_pretty(&self.jobs).map_err(|e| write(e.into()))?;
        crate::sink::write_file(&self.path, &json).map_err(|e| write(e.into()))
    }

    pub fn add(&mut self, job: AsyncJob) {
        self.jobs.retain(|j| j.task_id != job.task_id);
        self.jobs.push(job);
    }

    pub fn get(&self, task_id: u64) -> Option<&AsyncJob> {
        self.jobs.iter().find(|j| j.task_id == task_id)
    }

    pub fn latest(&self) -> Option<&AsyncJob> {
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
            reg.add(AsyncJob {
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
