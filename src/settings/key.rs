//! API keys: where each provider's key is looked for, and the key itself (never printed).

use std::path::Path;

use super::*;

/// Where one provider's key is looked for: travels with the errors that need it.
#[derive(Clone, Debug)]
pub struct KeySources {
    /// Whether `--api-key-file` applies to this provider (it does to the selected one).
    pub flag: bool,
    pub env: &'static str,
    /// `[fish] ` for a provider whose keys are in a table.
    pub table: &'static str,
    pub config: String,
}

impl std::fmt::Display for KeySources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.flag {
            f.write_str("--api-key-file, ")?;
        }
        write!(
            f,
            "the {} environment variable, or {}api_key / api_key_file in {}",
            self.env, self.table, self.config
        )
    }
}

/// The API key. Its `Debug` never shows it.
#[derive(Clone)]
pub struct ApiKey {
    pub(super) key: String,
    /// Where it was found (`MINIMAX_API_KEY`, a file, the config file).
    pub source: String,
}

impl ApiKey {
    /// Refuses a key that cannot go into an HTTP header (a control character or space
    /// pasted in with it), naming where it came from, never the key.
    pub(super) fn checked(key: String, source: &str) -> Result<ApiKey, SettingsError> {
        if let Some(bad) = key.chars().find(|c| !c.is_ascii_graphic()) {
            let what = if bad.is_ascii_control() {
                "a control character"
            } else if bad.is_whitespace() {
                "a space"
            } else {
                "a non-ASCII character"
            };
            return Err(SettingsError::BadKey {
                message: format!("the API key from {source} contains {what}"),
                hint: "copy the key again from the provider's console; it is one line of letters, digits and punctuation".into(),
            });
        }
        Ok(ApiKey {
            key,
            source: source.to_string(),
        })
    }

    pub fn expose(&self) -> &str {
        &self.key
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

pub(super) fn read_key_file(path: &Path, source: &str, env: &str) -> Result<ApiKey, SettingsError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        SettingsError::invalid(
            format!(
                "cannot read the API key file {} ({source}): {e}",
                path.display()
            ),
            format!("check the path, or set {env} instead"),
        )
    })?;
    let key = text.lines().next().unwrap_or("").trim();
    if key.is_empty() {
        return Err(SettingsError::invalid(
            format!("the API key file {} is empty", path.display()),
            "put the key on the first line of the file",
        ));
    }
    ApiKey::checked(key.to_string(), &format!("{} ({source})", path.display()))
}

/// Whether others than the owner and the group may read the file. (Windows keeps
/// access in ACLs, which a user's profile directory restores to its owner: not checked.)
#[cfg(unix)]
pub(super) fn is_world_readable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o004 != 0)
}

#[cfg(not(unix))]
pub(super) fn is_world_readable(_: &Path) -> bool {
    false
}
