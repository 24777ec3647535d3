//! Voice and audio settings: command-line values merged with config-file defaults,
//! validated locally (with the server's ranges) before anything is sent.

use std::path::Path;

use crate::cli::{OutputFormat, VoiceArgs};
use crate::config::Context;
use crate::error::CliError;
use crate::protocol::types::{
    AudioSetting, PronunciationDict, SynthesisRequest, VoiceModify, VoiceSetting, WireFormat,
};
use crate::sink::PcmSpec;

pub const DEFAULT_MODEL: &str = "speech-2.8-hd";
pub const DEFAULT_VOICE: &str = "English_expressive_narrator";
pub const DEFAULT_SAMPLE_RATE: u32 = 32000;
pub const DEFAULT_BITRATE: u32 = 128000;

pub const SAMPLE_RATES: &[u32] = &[8000, 16000, 22050, 24000, 32000, 44100];
pub const BITRATES: &[u32] = &[32000, 64000, 128000, 256000];

/// `language_boost` values as MiniMax spells them (minimax-api.md §6.1).
pub const LANGUAGES: &[&str] = &[
    "auto",
    "Chinese",
    "Chinese,Yue",
    "English",
    "Arabic",
    "Russian",
    "Spanish",
    "French",
    "Portuguese",
    "German",
    "Turkish",
    "Dutch",
    "Ukrainian",
    "Vietnamese",
    "Indonesian",
    "Japanese",
    "Italian",
    "Korean",
    "Thai",
    "Polish",
    "Romanian",
    "Greek",
    "Czech",
    "Finnish",
    "Hindi",
    "Bulgarian",
    "Danish",
    "Hebrew",
    "Malay",
    "Persian",
    "Slovak",
    "Swedish",
    "Croatian",
    "Filipino",
    "Hungarian",
    "Norwegian",
    "Slovenian",
    "Catalan",
    "Nynorsk",
    "Tamil",
    "Afrikaans",
];

// Checks shared by clap (command-line values) and the config file.

pub fn check_speed(v: f64) -> Result<f64, String> {
    if (0.5..=2.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("speed must be between 0.5 and 2, not {v}"))
    }
}

pub fn check_vol(v: f64) -> Result<f64, String> {
    if v > 0.0 && v <= 10.0 {
        Ok(v)
    } else {
        Err(format!("volume must be above 0 and at most 10, not {v}"))
    }
}

pub fn check_pitch(v: i32) -> Result<i32, String> {
    if (-12..=12).contains(&v) {
        Ok(v)
    } else {
        Err(format!(
            "pitch must be a whole number from -12 to 12, not {v}"
        ))
    }
}

pub fn check_sample_rate(v: u32) -> Result<u32, String> {
    if SAMPLE_RATES.contains(&v) {
        Ok(v)
    } else {
        Err(format!(
            "sample rate must be one of {}, not {v}",
            list(SAMPLE_RATES)
        ))
    }
}

pub fn check_bitrate(v: u32) -> Result<u32, String> {
    if BITRATES.contains(&v) {
        Ok(v)
    } else {
        Err(format!(
            "bitrate must be one of {}, not {v}",
            list(BITRATES)
        ))
    }
}

pub fn check_channels(v: u8) -> Result<u8, String> {
    if v == 1 || v == 2 {
        Ok(v)
    } else {
        Err(format!("channels must be 1 or 2, not {v}"))
    }
}

pub fn check_timeout(v: f64) -> Result<f64, String> {
    if v.is_finite() && v > 0.0 && v <= 3600.0 {
        Ok(v)
    } else {
        Err(format!(
            "timeout must be more than 0 and at most 3600 seconds, not {v}"
        ))
    }
}

pub fn check_language_boost(v: &str) -> Result<String, String> {
    let wanted = v.replace(' ', "");
    LANGUAGES
        .iter()
        .find(|l| l.eq_ignore_ascii_case(&wanted))
        .map(|l| l.to_string())
        .ok_or_else(|| {
            format!(
                "unknown language '{v}'; use one of: {}",
                LANGUAGES.join(", ")
            )
        })
}

pub fn check_pronounce(v: &str) -> Result<String, String> {
    match v.split_once('/') {
        Some((word, replacement)) if !word.trim().is_empty() && !replacement.trim().is_empty() => {
            Ok(v.to_string())
        }
        _ => Err(format!(
            "pronunciation '{v}' must be WORD/REPLACEMENT, e.g. \"Omg/Oh my god\" or \"处理/(chu3)(li3)\""
        )),
    }
}

pub fn check_effect_amount(v: i32) -> Result<i32, String> {
    if (-100..=100).contains(&v) {
        Ok(v)
    } else {
        Err(format!("effect amount must be from -100 to 100, not {v}"))
    }
}

/// A flag value (already checked by clap), else a config value (checked here), else the default.
fn pick<T: Copy>(
    ctx: &Context,
    flag: Option<T>,
    file: Option<T>,
    check: fn(T) -> Result<T, String>,
    key: &str,
    default: T,
) -> Result<T, CliError> {
    match (flag, file) {
        (Some(v), _) => Ok(v),
        (None, Some(v)) => check(v).map_err(|e| ctx.config_error(format!("{key}: {e}"))),
        (None, None) => Ok(default),
    }
}

fn list(values: &[u32]) -> String {
    values
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn number<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a number"))
}

pub fn parse_speed(s: &str) -> Result<f64, String> {
    check_speed(number(s)?)
}
pub fn parse_vol(s: &str) -> Result<f64, String> {
    check_vol(number(s)?)
}
pub fn parse_pitch(s: &str) -> Result<i32, String> {
    check_pitch(number(s)?)
}
pub fn parse_sample_rate(s: &str) -> Result<u32, String> {
    check_sample_rate(number(s)?)
}
pub fn parse_bitrate(s: &str) -> Result<u32, String> {
    check_bitrate(number(s)?)
}
pub fn parse_channels(s: &str) -> Result<u8, String> {
    check_channels(number(s)?)
}
pub fn parse_timeout(s: &str) -> Result<f64, String> {
    check_timeout(number(s)?)
}
pub fn parse_effect_amount(s: &str) -> Result<i32, String> {
    check_effect_amount(number(s)?)
}
pub fn parse_language_boost(s: &str) -> Result<String, String> {
    check_language_boost(s)
}
pub fn parse_pronounce(s: &str) -> Result<String, String> {
    check_pronounce(s)
}

/// The format to produce: `--format`, else the `-o` extension, else the config, else mp3.
pub fn output_format(
    flag: Option<OutputFormat>,
    output: Option<&Path>,
    ctx: &Context,
) -> Result<OutputFormat, CliError> {
    if let Some(format) = flag {
        return Ok(format);
    }
    if let Some(ext) = output
        .filter(|p| p.as_os_str() != "-")
        .and_then(Path::extension)
    {
        let ext = ext.to_string_lossy().to_ascii_lowercase();
        return match ext.as_str() {
            "mp3" => Ok(OutputFormat::Mp3),
            "wav" | "wave" => Ok(OutputFormat::Wav),
            "flac" => Ok(OutputFormat::Flac),
            "pcm" | "raw" => Ok(OutputFormat::Pcm),
            other => Err(CliError::usage(format!(
                "cannot tell the audio format from the extension '.{other}'"
            ))
            .with_hint("use .mp3, .wav, .flac or .pcm, or pass --format")),
        };
    }
    Ok(ctx.file.format.unwrap_or(OutputFormat::Mp3))
}

/// The settings of one synthesis: what goes in `task_start`, and what the output is.
#[derive(Clone, Debug)]
pub struct Synthesis {
    pub request: SynthesisRequest,
    pub format: OutputFormat,
}

impl Synthesis {
    /// For WAV output: the PCM layout that goes in the header.
    pub fn wav_spec(&self) -> Option<PcmSpec> {
        (self.format == OutputFormat::Wav).then(|| PcmSpec {
            sample_rate: self.request.audio_setting.sample_rate,
            channels: u16::from(self.request.audio_setting.channel),
        })
    }

    /// Bytes per second for PCM-based output (to compute durations), `None` otherwise.
    pub fn pcm_bytes_per_second(&self) -> Option<u64> {
        matches!(self.format, OutputFormat::Pcm | OutputFormat::Wav).then(|| {
            u64::from(self.request.audio_setting.sample_rate)
                * u64::from(self.request.audio_setting.channel)
                * 2
        })
    }

    /// Merges flags with config defaults and validates the combination.
    pub fn build(
        voice: &VoiceArgs,
        format: OutputFormat,
        ctx: &Context,
    ) -> Result<Synthesis, CliError> {
        let file = &ctx.file;
        let speed = pick(ctx, voice.speed, file.speed, check_speed, "speed", 1.0)?;
        let vol = pick(ctx, voice.vol, file.vol, check_vol, "vol", 1.0)?;
        let pitch = pick(ctx, voice.pitch, file.pitch, check_pitch, "pitch", 0)?;
        let sample_rate = pick(
            ctx,
            voice.sample_rate,
            file.sample_rate,
            check_sample_rate,
            "sample_rate",
            DEFAULT_SAMPLE_RATE,
        )?;
        let bitrate = pick(
            ctx,
            voice.bitrate,
            file.bitrate,
            check_bitrate,
            "bitrate",
            DEFAULT_BITRATE,
        )?;
        let channels = pick(
            ctx,
            voice.channels,
            file.channels,
            check_channels,
            "channels",
            1,
        )?;
        let language_boost = match (&voice.language_boost, &file.language_boost) {
            (Some(v), _) => Some(v.clone()),
            (None, Some(v)) => Some(
                check_language_boost(v)
                    .map_err(|e| ctx.config_error(format!("language_boost: {e}")))?,
            ),
            (None, None) => None,
        };
        let mut tone = Vec::new();
        for entry in file.pronounce.iter().flatten() {
            tone.push(
                check_pronounce(entry).map_err(|e| ctx.config_error(format!("pronounce: {e}")))?,
            );
        }
        tone.extend(voice.pronounce.iter().cloned());

        let model = voice
            .model
            .clone()
            .or_else(|| file.model.clone())
            .unwrap_or_else(|| DEFAULT_MODEL.to_string());
        if model.trim().is_empty() {
            return Err(
                CliError::usage("the model name is empty").with_hint("e.g. --model speech-2.8-hd")
            );
        }
        let voice_id = voice
            .voice
            .clone()
            .or_else(|| file.voice.clone())
            .unwrap_or_else(|| DEFAULT_VOICE.to_string());
        if voice_id.trim().is_empty() {
            return Err(CliError::usage("the voice id is empty")
                .with_hint("list voices with `minimax-tts voices`"));
        }
        let emotion = voice.emotion.or(file.emotion);
        if emotion == Some(crate::cli::Emotion::Whisper) && model.starts_with("speech-2.8") {
            return Err(CliError::usage(format!(
                "the {model} model does not accept --emotion whisper"
            ))
            .with_hint("use --model speech-2.6-hd for whispering, or another emotion"));
        }

        let voice_modify = VoiceModify {
            pitch: voice.effect_pitch,
            intensity: voice.effect_intensity,
            timbre: voice.effect_timbre,
            sound_effects: voice.sound_effect.map(|e| e.as_str().to_string()),
        };
        let wire = match format {
            OutputFormat::Mp3 => WireFormat::Mp3,
            OutputFormat::Flac => WireFormat::Flac,
            // WAV is non-streaming only on MiniMax's side: stream PCM and add the header here.
            OutputFormat::Pcm | OutputFormat::Wav => WireFormat::Pcm,
        };
        if !voice_modify.is_empty() && wire != WireFormat::Mp3 {
            return Err(CliError::usage("voice effects (--effect-*, --sound-effect) work only with MP3 output when streaming")
                .with_hint("use --format mp3 (or an .mp3 output file)"));
        }

        Ok(Synthesis {
            request: SynthesisRequest {
                model,
                voice_setting: VoiceSetting {
                    voice_id,
                    speed,
                    vol,
                    pitch,
                    emotion: emotion.map(|e| e.as_str().to_string()),
                    english_normalization: voice.english_normalization
                        || file.english_normalization.unwrap_or(false),
                },
                audio_setting: AudioSetting {
                    sample_rate,
                    bitrate,
                    format: wire,
                    channel: channels,
                },
                pronunciation_dict: (!tone.is_empty()).then_some(PronunciationDict { tone }),
                language_boost,
                voice_modify: (!voice_modify.is_empty()).then_some(voice_modify),
            },
            format,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_checks() {
        assert!(parse_speed("0.5").is_ok() && parse_speed("2").is_ok());
        assert!(parse_speed("2.1").is_err() && parse_speed("fast").is_err());
        assert!(parse_vol("0").is_err() && parse_vol("10").is_ok());
        assert!(parse_pitch("-12").is_ok() && parse_pitch("13").is_err());
        assert!(parse_sample_rate("44100").is_ok() && parse_sample_rate("48000").is_err());
        assert!(parse_channels("3").is_err());
        assert_eq!(parse_language_boost("chinese, yue").unwrap(), "Chinese,Yue");
        assert!(parse_language_boost("Klingon").is_err());
        assert!(parse_pronounce("a/b").is_ok() && parse_pronounce("nope").is_err());
    }
}
