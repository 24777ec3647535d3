//! [`Settings::load`]: the command line, the environment and the config file (with its
//! profile), read once per run, and each provider's resolution from them.

use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

use super::environment::PROXY_HINT;
use super::file::{ConfigFile, Layer, ProviderTable, expand_home};
use super::key::{is_world_readable, read_key_file};
use super::resolved::{DEFAULT_BACKOFF, DEFAULT_KEEPALIVE, DEFAULT_POLL};
use super::*;
use crate::engine::net::Endpoint;
use crate::engine::proxy::ProxySettings;
use crate::engine::retry::RetryPolicy;
use crate::engine::{self, ProviderInfo};
use crate::options::{AccessOptions, Combine, RunOptions, VoiceOptions};
use crate::spec::{AudioFormat, Provider, Region};

/// Everything read once per run: the command line's settings, the environment, the
/// config file with the profile laid over it.
#[derive(Debug)]
pub struct Settings {
    pub cli: CommandLine,
    pub env: Environment,
    pub config_path: Option<PathBuf>,
    /// How the config file is named in messages.
    shown_config: String,
    pub profile: Option<String>,
    /// The file as written (to tell a profile's setting from the top level's).
    pub file: ConfigFile,
    /// The file's top level with the profile laid over it.
    pub layer: Layer,
    /// The provider the command line (else environment, profile, file) selects.
    pub provider: Provider,
    /// What the user should know about the settings (printed once, at the top).
    pub warnings: Vec<String>,
}

impl Settings {
    /// Reads the environment and the config file, once.
    pub fn load(cli: CommandLine) -> Result<Settings, SettingsError> {
        let env = Environment::read()?;
        let (config_path, explicit) = config_location(&cli);
        let file = match &config_path {
            Some(path) => ConfigFile::read(path, explicit)?,
            None => ConfigFile::default(),
        };
        let shown_config = config_path.as_deref().map_or_else(
            || "the config file".to_string(),
            |p| p.display().to_string(),
        );
        let profile = cli
            .profile
            .clone()
            .or_else(|| env.profile.clone())
            .filter(|p| !p.trim().is_empty());
        let layer = file.layer(profile.as_deref()).map_err(|e| match e {
            SettingsError::UnknownProfile { name, known, .. } => SettingsError::UnknownProfile {
                name,
                known,
                exists: config_path.as_deref().is_some_and(Path::exists),
                file: config_path.clone(),
            },
            other => other,
        })?;
        check_fish_keys_placed(&file, &shown_config)?;
        let mut warnings = Vec::new();
        if let Some(path) = &config_path
            && file.holds_a_key()
            && is_world_readable(path)
        {
            warnings.push(format!(
                "the config file {} holds an API key and every user on this machine can read it; run: chmod 600 {}",
                path.display(),
                path.display()
            ));
        }
        let provider = cli
            .run
            .provider
            .or(env.run.provider)
            .or(layer.run.provider)
            .unwrap_or_default();
        Ok(Settings {
            cli,
            env,
            config_path,
            shown_config,
            profile,
            file,
            layer,
            provider,
            warnings,
        })
    }

    /// The run-wide options, merged: flag > environment > profile > file.
    pub(super) fn run(&self) -> RunOptions {
        self.cli
            .run
            .clone()
            .combine(self.env.run.clone())
            .combine(self.layer.run.clone())
    }

    /// One provider's table of the (profiled) config file.
    fn table(&self, provider: Provider) -> &ProviderTable {
        match provider {
            Provider::Minimax => &self.layer.minimax,
            Provider::Fish => &self.layer.fish,
        }
    }

    /// The config file's voice settings for `provider`: its own table over the top
    /// level's shared ones.
    pub fn file_voice(&self, provider: Provider) -> VoiceOptions {
        match provider {
            Provider::Minimax => self.layer.minimax.voice.clone(),
            Provider::Fish => self
                .layer
                .fish
                .voice
                .clone()
                .combine(self.layer.minimax.voice.shared()),
        }
    }

    /// `provider`'s view of the settings.
    pub fn resolve(self: &Rc<Self>, provider: Provider) -> Result<Resolved, SettingsError> {
        let info = engine::info(provider);
        let run = self.run();
        let selected = provider == self.provider;
        let flags = if selected {
            self.cli.access.clone()
        } else {
            AccessOptions::default()
        };
        let env_access = Environment::access(info)?;
        let file_access = &self.table(provider).access;
        let sources = KeySources {
            flag: selected,
            env: info.key_env,
            table: info.table,
            config: self.shown_config.clone(),
        };
        let (endpoint, region_probe) = match provider {
            Provider::Minimax => self.minimax_endpoint(&flags, &env_access, &run)?,
            Provider::Fish => {
                if self.cli.run.region.is_some() {
                    return Err(SettingsError::invalid(
                        "--region is MiniMax's; Fish Audio has one host",
                        "drop --region, or use --base-url for a gateway",
                    ));
                }
                (self.base_url(info, &flags, &env_access, file_access)?, None)
            }
        };
        let api_key = self.api_key(&flags, &env_access, file_access, provider, &sources);
        let retries = run.retries.unwrap_or(RetryPolicy::DEFAULT_RETRIES);
        let timeout = run.timeout.unwrap_or_default();
        let api = ApiSettings {
            endpoint,
            region_probe,
            timeout: Duration::from_secs_f64(timeout.get()),
            retry: RetryPolicy::new(retries, self.env.backoff.unwrap_or(DEFAULT_BACKOFF)),
            key_sources: sources,
            keepalive: self.env.keepalive.unwrap_or(DEFAULT_KEEPALIVE),
            proxy: self.proxy(&run)?,
            poll_interval: self.env.poll.unwrap_or(DEFAULT_POLL),
        };
        Ok(Resolved {
            provider,
            settings: Rc::clone(self),
            api,
            api_key,
        })
    }

    /// `--base-url` (or the provider's variable), else the provider's `base_url` in the
    /// file, else the provider's host.
    fn base_url(
        &self,
        info: &ProviderInfo,
        flags: &AccessOptions,
        env: &AccessOptions,
        file: &AccessOptions,
    ) -> Result<Endpoint, SettingsError> {
        if let Some(url) = flags.base_url.as_ref().or(env.base_url.as_ref()) {
            return Endpoint::parse(url).map_err(|e| {
                SettingsError::invalid(
                    e,
                    format!(
                        "use e.g. --base-url {} (or {})",
                        info.default_base_url, info.base_url_env
                    ),
                )
            });
        }
        match &file.base_url {
            Some(url) => Endpoint::parse(url).map_err(|e| self.file_problem("base_url", info, e)),
            None => Ok(info.endpoint()),
        }
    }

    fn file_problem(&self, key: &str, info: &ProviderInfo, e: String) -> SettingsError {
        SettingsError::invalid(
            format!("{}: {}{key}: {e}", self.shown_config, info.table),
            "fix or remove that setting in the config file",
        )
    }

    /// MiniMax: `--base-url` (or `MINIMAX_BASE_URL`), else `--region` (or
    /// `MINIMAX_REGION`), else the config file's `base_url`, else its `region` (hosts
    /// from `[regions]` when given), else global with a probe of cn.
    fn minimax_endpoint(
        &self,
        flags: &AccessOptions,
        env: &AccessOptions,
        run: &RunOptions,
    ) -> Result<(Endpoint, Option<RegionChoice>), SettingsError> {
        let info = engine::info(Provider::Minimax);
        // A base URL on the command line or in the environment wins over a region; one in
        // the file only when no region is set anywhere.
        if flags.base_url.is_some()
            || env.base_url.is_some()
            || (run.region.is_none() && self.layer.minimax.access.base_url.is_some())
        {
            return self
                .base_url(info, flags, env, &self.layer.minimax.access)
                .map(|e| (e, None));
        }
        let Some(region) = run.region else {
            // Nothing chose a region: start global, and try cn once if the key is refused.
            let other = (Region::Cn, self.region_url(Region::Cn)?);
            return Ok((
                self.region_url(Region::Global)?,
                Some((Region::Global, other)),
            ));
        };
        Ok((self.region_url(region)?, None))
    }

    /// A region's host: the config file's `[regions]` entry, else MiniMax's.
    fn region_url(&self, region: Region) -> Result<Endpoint, SettingsError> {
        let regions = &self.layer.regions;
        let configured = match region {
            Region::Global => regions.global.as_deref(),
            Region::Cn => regions.cn.as_deref(),
        };
        match configured {
            Some(url) => Endpoint::parse(url).map_err(|e| {
                SettingsError::invalid(
                    format!("{}: [regions]: {e}", self.shown_config),
                    "fix or remove that setting in the config file",
                )
            }),
            None => Ok(crate::engine::minimax::region_endpoint(region)),
        }
    }

    /// `--no-proxy` or `--proxy ''` → direct; `--proxy URL` → that proxy for everything;
    /// else the environment's proxies (curl's variables); else the config file's `proxy`.
    fn proxy(&self, run: &RunOptions) -> Result<ProxySettings, SettingsError> {
        let malformed = |e: String| SettingsError::invalid(e, PROXY_HINT);
        if self.cli.no_proxy {
            return Ok(ProxySettings::Direct);
        }
        if let Some(url) = &self.cli.run.proxy {
            return match url.trim() {
                "" => Ok(ProxySettings::Direct),
                url => ProxySettings::all(url, "--proxy").map_err(malformed),
            };
        }
        if self.env.proxy != ProxySettings::Direct {
            return Ok(self.env.proxy.clone());
        }
        match run.proxy.as_deref().map(str::trim) {
            None | Some("") => Ok(ProxySettings::Direct),
            Some(url) => ProxySettings::all(url, "proxy in the config file").map_err(malformed),
        }
    }

    fn api_key(
        &self,
        flags: &AccessOptions,
        env: &AccessOptions,
        file: &AccessOptions,
        provider: Provider,
        sources: &KeySources,
    ) -> Result<ApiKey, SettingsError> {
        let env_name = sources.env;
        if let Some(path) = &flags.api_key_file {
            return read_key_file(path, "--api-key-file", env_name);
        }
        if let Some(value) = &env.api_key {
            return ApiKey::checked(value.clone(), env_name);
        }
        let table = sources.table;
        if let Some(path) = &file.api_key_file {
            let source = format!("{table}api_key_file in the config file");
            return read_key_file(&expand_home(path), &source, env_name);
        }
        if let Some(key) = file.api_key.as_deref().map(str::trim) {
            if key.is_empty() {
                return Err(SettingsError::invalid(
                    format!("{}: {table}api_key is empty", self.shown_config),
                    "fix or remove that setting in the config file",
                ));
            }
            return ApiKey::checked(
                key.to_string(),
                &format!("{table}api_key in the config file"),
            );
        }
        Err(SettingsError::NoKey {
            provider,
            sources: sources.clone(),
        })
    }
}

/// A Fish-only key at the top level (or a profile's) would apply to MiniMax, which
/// refuses it (MiniMax's own rules say which keys those are): refused here, where it is.
fn check_fish_keys_placed(file: &ConfigFile, shown_config: &str) -> Result<(), SettingsError> {
    for (where_, layer) in std::iter::once(("", &file.top)).chain(
        file.profiles
            .iter()
            .map(|(name, layer)| (name.as_str(), layer)),
    ) {
        if let Err(e) = engine::build_spec(
            Provider::Minimax,
            &layer.minimax.voice,
            AudioFormat::Mp3,
            None,
        ) && let Some(key) = e.option
        {
            let table = if where_.is_empty() {
                "at the top level".to_string()
            } else {
                format!("in [profiles.{where_}]")
            };
            let fish_table = if where_.is_empty() {
                "[fish]".to_string()
            } else {
                format!("[profiles.{where_}.fish]")
            };
            return Err(SettingsError::invalid(
                format!("{shown_config}: {key} {table} {}", e.message),
                format!(
                    "the top level holds MiniMax's settings (and format, speed and vol for both): move {key} under {fish_table}"
                ),
            ));
        }
    }
    Ok(())
}
