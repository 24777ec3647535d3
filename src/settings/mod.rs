//! The one resolution of settings: row > flag > environment > profile > config file >
//! default, over the one options schema ([`crate::options`]).
//!
//! [`Settings::load`] reads the config file once and the environment once; [`Resolved`]
//! is one provider's view of them (its host, key, retry policy), made as often as a
//! batch needs providers without reading anything again. Nothing below this module
//! looks at the command line's or the config file's structs.

pub mod describe;
mod environment;
mod error;
pub mod file;
mod key;
mod load;
mod resolved;

pub use environment::{CommandLine, Environment, config_location, default_config_path, env_value};
pub use error::{SettingsError, SettingsOrEngine};
pub use key::{ApiKey, KeySources};
pub use load::Settings;
pub use resolved::{ApiSettings, PlaybackSettings, RegionChoice, Resolved, output_format};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::AudioFormat;
    use std::path::Path;

    #[test]
    fn keys_with_control_characters_are_refused() {
        assert!(ApiKey::checked("sk-api-abc".into(), "test").is_ok());
        for bad in ["sk\u{1b}x", "sk x", "sk\tx", "ключ"] {
            let err = ApiKey::checked(bad.into(), "test").unwrap_err();
            assert!(!err.to_string().contains(bad));
        }
    }

    #[test]
    fn api_key_debug_is_redacted() {
        let key = ApiKey {
            key: "secret".into(),
            source: "test".into(),
        };
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
    }

    #[test]
    fn key_sources_name_the_flag_only_for_the_selected_provider() {
        let mut sources = KeySources {
            flag: true,
            env: "FISH_API_KEY",
            table: "[fish] ",
            config: "c.toml".into(),
        };
        assert!(
            sources
                .to_string()
                .starts_with("--api-key-file, the FISH_API_KEY")
        );
        sources.flag = false;
        assert!(sources.to_string().starts_with("the FISH_API_KEY"));
    }

    #[test]
    fn format_follows_flag_then_extension_then_config() {
        let mp3 = Some(Path::new("a.mp3"));
        // A name that says another format than the one asked for is refused.
        let lie = output_format(Some(AudioFormat::Wav), mp3, None).unwrap_err();
        assert!(
            lie.to_string()
                .contains("a.mp3 says mp3, but the format asked for is wav")
        );
        assert_eq!(
            output_format(Some(AudioFormat::Mp3), Some(Path::new("A.MP3")), None).unwrap(),
            AudioFormat::Mp3
        );
        assert_eq!(
            output_format(Some(AudioFormat::Wav), Some(Path::new("a.bin")), None).unwrap(),
            AudioFormat::Wav
        );
        assert_eq!(output_format(None, mp3, None).unwrap(), AudioFormat::Mp3);
        assert_eq!(
            output_format(None, Some(Path::new("-")), Some(AudioFormat::Pcm)).unwrap(),
            AudioFormat::Pcm
        );
        assert!(output_format(None, Some(Path::new("a.m4a")), None).is_err());
        assert_eq!(
            output_format(None, Some(Path::new("a.ogg")), None).unwrap(),
            AudioFormat::Opus
        );
    }
}
