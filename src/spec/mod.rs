//! Domain values and the provider-neutral synthesis spec.
//!
//! Each value is checked once, here, by the same code whether it comes from a flag
//! (clap uses `FromStr`) or from the config file (serde uses `TryFrom`). This module
//! depends on nothing else in the crate: everything else builds on it.

use std::fmt;
use std::str::FromStr;

use clap::ValueEnum;
use serde::{Deserialize, Serialize};

/// A float as a message shows it: as typed for everyday values, in exponent form for
/// huge or tiny ones (`1e300`, not three hundred digits).
fn shown(v: f64) -> String {
    if v != 0.0 && (v.abs() >= 1e15 || v.abs() < 1e-4) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

fn number<T: FromStr>(s: &str) -> Result<T, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a number"))
}

/// A value as a settings source gives it: as itself (a TOML or JSON number, switch or
/// list) or spelled in a string (a CSV cell, a JSON string), so every source is checked by
/// the same code.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum Given<T> {
    Value(T),
    Text(String),
    Other(serde::de::IgnoredAny),
}

/// Defines a checked newtype over a number: `TryFrom<raw>` checks it, `FromStr` parses
/// then checks, and serde deserializes a number or its spelling through the same check.
macro_rules! checked_number {
    ($(#[$doc:meta])* $name:ident($raw:ty as $raw_name:literal), default = $default:expr, check = $check:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Serialize)]
        pub struct $name($raw);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                use serde::de::Error;
                match Given::<$raw>::deserialize(d)? {
                    Given::Value(n) => Self::try_from(n),
                    Given::Text(s) => s.parse(),
                    Given::Other(_) => Err(format!("expected a number ({})", $raw_name)),
                }
                .map_err(D::Error::custom)
            }
        }

        impl $name {
            pub const DEFAULT: $name = $name($default);

            pub fn get(self) -> $raw {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::DEFAULT
            }
        }

        impl TryFrom<$raw> for $name {
            type Error = String;
            fn try_from(value: $raw) -> Result<Self, String> {
                let check: fn($raw) -> Result<(), String> = $check;
                check(value).map(|()| $name(value))
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                Self::try_from(number::<$raw>(s)?)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

/// The speeds both providers take.
pub const SPEEDS: std::ops::RangeInclusive<f64> = 0.5..=2.0;

checked_number!(
    /// Speaking speed, 0.5 to 2.
    Speed(f64 as "f64"), default = 1.0, check = |v| {
        if SPEEDS.contains(&v) { Ok(()) } else { Err(format!("speed must be between 0.5 and 2, not {}", shown(v))) }
    }
);

checked_number!(
    /// Volume, above 0 up to 10.
    Volume(f64 as "f64"), default = 1.0, check = |v| {
        if v > 0.0 && v <= 10.0 { Ok(()) } else { Err(format!("volume must be above 0 and at most 10, not {}", shown(v))) }
    }
);

checked_number!(
    /// Pitch in semitones, -12 to 12.
    Pitch(i32 as "i32"), default = 0, check = |v| {
        if (-12..=12).contains(&v) { Ok(()) } else { Err(format!("pitch must be a whole number from -12 to 12, not {v}")) }
    }
);

checked_number!(
    /// Sample rate in Hz (which rates a provider produces is the engine's rule).
    SampleRate(u32 as "u32"), default = 32000, check = |v| {
        if (8000..=192_000).contains(&v) { Ok(()) } else { Err(format!("sample rate must be between 8000 and 192000 Hz (e.g. 32000 or 44100), not {v}")) }
    }
);

checked_number!(
    /// Compressed bitrate in bit/s (which ones a provider offers is the engine's rule).
    Bitrate(u32 as "u32"), default = 128000, check = |v| {
        if (8000..=512_000).contains(&v) { Ok(()) } else { Err(format!("bitrate must be between 8000 and 512000 bit/s (e.g. 128000), not {v}")) }
    }
);

checked_number!(
    /// Audio channels, 1 or 2.
    Channels(u8 as "u8"), default = 1, check = |v| {
        if v == 1 || v == 2 { Ok(()) } else { Err(format!("channels must be 1 or 2, not {v}")) }
    }
);

checked_number!(
    /// A voice effect's amount, -100 to 100.
    EffectAmount(i32 as "i32"), default = 0, check = |v| {
        if (-100..=100).contains(&v) { Ok(()) } else { Err(format!("effect amount must be from -100 to 100, not {v}")) }
    }
);

checked_number!(
    /// Fish Audio's text chunk size (characters synthesized at a time), 100 to 300.
    ChunkLength(u32 as "u32"), default = 200, check = |v| {
        if (100..=300).contains(&v) { Ok(()) } else { Err(format!("chunk length must be from 100 to 300, not {v}")) }
    }
);

checked_number!(
    /// A sampling parameter (temperature, top-p), 0 to 1.
    Unit(f64 as "f64"), default = 0.7, check = |v| {
        if (0.0..=1.0).contains(&v) { Ok(()) } else { Err(format!("must be between 0 and 1, not {}", shown(v))) }
    }
);

checked_number!(
    /// A loudness target in LUFS (integrated, EBU R128), -70 to 0.
    Lufs(f64 as "f64"), default = -16.0, check = |v| {
        if (-70.0..=0.0).contains(&v) { Ok(()) } else { Err(format!("loudness must be from -70 to 0 LUFS (e.g. -16 for podcasts and apps, -23 for broadcast), not {}", shown(v))) }
    }
);

checked_number!(
    /// A level in dB below full scale (a true-peak ceiling, a silence threshold), -120 to 0.
    Decibels(f64 as "f64"), default = -1.0, check = |v| {
        if (-120.0..=0.0).contains(&v) { Ok(()) } else { Err(format!("must be from -120 to 0 dB, not {}", shown(v))) }
    }
);

checked_number!(
    /// Seconds to wait for the server before giving up on a step.
    TimeoutSecs(f64 as "f64"), default = 60.0, check = |v| {
        if v.is_finite() && v > 0.0 && v <= 3600.0 { Ok(()) } else { Err(format!("timeout must be more than 0 and at most 3600 seconds, not {}", shown(v))) }
    }
);

/// A language hint (which names a provider knows, and how it spells them, is the
/// engine's rule).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct Language(String);

impl Language {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Language {
    type Error = String;
    fn try_from(v: String) -> Result<Self, String> {
        let name = v.trim();
        if name.is_empty() {
            return Err("the language is empty; e.g. English, Chinese or auto".into());
        }
        Ok(Language(name.to_string()))
    }
}

impl From<Language> for String {
    fn from(v: Language) -> String {
        v.0
    }
}

impl FromStr for Language {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::try_from(s.to_string())
    }
}

/// A pronunciation rule, `WORD/REPLACEMENT`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct Pronunciation(String);

impl Pronunciation {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Pronunciation {
    type Error = String;
    fn try_from(v: String) -> Result<Self, String> {
        match v.split_once('/') {
            Some((word, replacement))
                if !word.trim().is_empty() && !replacement.trim().is_empty() =>
            {
                Ok(Pronunciation(v))
            }
            _ => Err(format!(
                "pronunciation '{v}' must be WORD/REPLACEMENT, e.g. \"Omg/Oh my god\" or \"处理/(chu3)(li3)\""
            )),
        }
    }
}

impl From<Pronunciation> for String {
    fn from(v: Pronunciation) -> String {
        v.0
    }
}

impl FromStr for Pronunciation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::try_from(s.to_string())
    }
}

/// Which speech service synthesizes.
#[derive(ValueEnum, Deserialize, Serialize, Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// MiniMax's speech API (WebSocket or HTTP stream)
    #[default]
    Minimax,
    /// Fish Audio's live WebSocket
    Fish,
}

impl Provider {
    pub fn name(self) -> &'static str {
        match self {
            Provider::Minimax => "MiniMax",
            Provider::Fish => "Fish Audio",
        }
    }

    /// As `--provider` takes it.
    pub fn flag_value(self) -> &'static str {
        match self {
            Provider::Minimax => "minimax",
            Provider::Fish => "fish",
        }
    }
}

/// The audio format of the output.
#[derive(ValueEnum, Deserialize, Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum AudioFormat {
    Mp3,
    /// Raw signed 16-bit little-endian samples
    Pcm,
    Flac,
    /// PCM in a WAV container
    Wav,
    /// Opus in an Ogg container (Fish Audio; saved, not played)
    Opus,
}

impl AudioFormat {
    pub fn name(self) -> &'static str {
        match self {
            AudioFormat::Mp3 => "mp3",
            AudioFormat::Pcm => "pcm",
            AudioFormat::Flac => "flac",
            AudioFormat::Wav => "wav",
            AudioFormat::Opus => "opus",
        }
    }

    /// The format an output file's extension names, if it names one.
    pub fn from_extension(ext: &str) -> Option<AudioFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "mp3" => Some(AudioFormat::Mp3),
            "wav" | "wave" => Some(AudioFormat::Wav),
            "flac" => Some(AudioFormat::Flac),
            "pcm" | "raw" => Some(AudioFormat::Pcm),
            "opus" | "ogg" => Some(AudioFormat::Opus),
            _ => None,
        }
    }

    /// What is streamed to produce this format: WAV is PCM with a header added here.
    pub fn codec(self) -> Codec {
        match self {
            AudioFormat::Mp3 => Codec::Mp3,
            AudioFormat::Flac => Codec::Flac,
            AudioFormat::Opus => Codec::Opus,
            AudioFormat::Pcm | AudioFormat::Wav => Codec::Pcm,
        }
    }
}

/// How streamed audio is encoded: what the decoder must undo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    Mp3,
    Flac,
    /// Signed 16-bit little-endian samples, interleaved.
    Pcm,
    /// Ogg Opus (no decoder here: written, never played).
    Opus,
}

impl Codec {
    pub fn name(self) -> &'static str {
        match self {
            Codec::Mp3 => "mp3",
            Codec::Flac => "flac",
            Codec::Pcm => "pcm",
            Codec::Opus => "opus",
        }
    }
}

/// A codec with the layout raw PCM needs (it has no header to say it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamFormat {
    pub codec: Codec,
    pub sample_rate: u32,
    pub channels: u16,
}

#[derive(ValueEnum, Deserialize, Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PlayMode {
    /// Play when an audio device is available and audio is not going to stdout
    Auto,
    /// Always play; fail (exit 5) without an audio device
    Always,
    /// Never play
    Never,
}

#[derive(ValueEnum, Deserialize, Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    /// api.minimax.io (keys from platform.minimax.io)
    Global,
    /// api.minimaxi.com (keys from platform.minimaxi.com)
    Cn,
}

/// How synthesis requests travel.
#[derive(ValueEnum, Deserialize, Serialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    /// One WebSocket session for all segments
    #[default]
    Ws,
    /// One HTTP request per segment, audio as server-sent events
    Http,
}

/// How finely subtitles are timed.
#[derive(ValueEnum, Deserialize, Serialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum SubtitleType {
    /// One cue per sentence
    #[default]
    Sentence,
    /// Sentences plus the timing of each word (in the JSON output)
    Word,
}

#[derive(ValueEnum, Deserialize, Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Emotion {
    Happy,
    Sad,
    Angry,
    Fearful,
    Disgusted,
    Surprised,
    Calm,
    Fluent,
    /// Not accepted by the speech-2.8 models
    Whisper,
}

impl Emotion {
    pub fn as_str(self) -> &'static str {
        match self {
            Emotion::Happy => "happy",
            Emotion::Sad => "sad",
            Emotion::Angry => "angry",
            Emotion::Fearful => "fearful",
            Emotion::Disgusted => "disgusted",
            Emotion::Surprised => "surprised",
            Emotion::Calm => "calm",
            Emotion::Fluent => "fluent",
            Emotion::Whisper => "whisper",
        }
    }
}

#[derive(ValueEnum, Deserialize, Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
pub enum SoundEffect {
    SpaciousEcho,
    AuditoriumEcho,
    LofiTelephone,
    Robotic,
}

impl SoundEffect {
    pub fn as_str(self) -> &'static str {
        match self {
            SoundEffect::SpaciousEcho => "spacious_echo",
            SoundEffect::AuditoriumEcho => "auditorium_echo",
            SoundEffect::LofiTelephone => "lofi_telephone",
            SoundEffect::Robotic => "robotic",
        }
    }
}

/// Voice effects (MiniMax's `voice_modify`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct VoiceEffects {
    pub pitch: Option<EffectAmount>,
    pub intensity: Option<EffectAmount>,
    pub timbre: Option<EffectAmount>,
    pub sound: Option<SoundEffect>,
}

impl VoiceEffects {
    pub fn is_empty(&self) -> bool {
        *self == VoiceEffects::default()
    }
}

/// Fish Audio's latency mode (a trade of first-audio delay against quality).
#[derive(ValueEnum, Deserialize, Serialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Latency {
    /// Lowest delay (listed in Fish's API spec; least tested)
    Low,
    /// About 500 ms to first audio, best quality
    Normal,
    /// About 300 ms to first audio
    #[default]
    Balanced,
}

impl Latency {
    pub fn as_str(self) -> &'static str {
        match self {
            Latency::Low => "low",
            Latency::Normal => "normal",
            Latency::Balanced => "balanced",
        }
    }
}

/// What one synthesis should sound like and produce, whatever the provider.
///
/// Its serialization is its identity: the cache key and the batch's session grouping are
/// both a hash of it, so every field that changes the audio is in it, and a provider's
/// extras carry only that provider's settings (changing a Fish default never changes a
/// MiniMax key).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SynthesisSpec {
    pub model: String,
    /// The voice id; `None` lets the provider choose (Fish without a reference voice).
    pub voice: Option<String>,
    pub speed: Speed,
    pub volume: Volume,
    pub format: AudioFormat,
    pub sample_rate: SampleRate,
    pub bitrate: Bitrate,
    pub channels: Channels,
    /// Timed subtitles wanted alongside the audio.
    pub subtitles: Option<SubtitleType>,
    /// What only one provider has; which provider this spec is for.
    pub extras: ProviderExtras,
}

/// The provider-specific part of a spec.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "provider", rename_all = "lowercase")]
pub enum ProviderExtras {
    Minimax(MiniMaxExtras),
    Fish(FishExtras),
}

/// The provider-specific part of a spec for Fish Audio (its TTSRequest fields).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FishExtras {
    pub latency: Latency,
    pub chunk_length: ChunkLength,
    /// Normalize numbers and the like (English and Chinese).
    pub normalize: bool,
    pub temperature: Unit,
    pub top_p: Unit,
    /// Instant cloning: samples of the voice, sent with every session.
    pub references: Vec<Reference>,
}

/// A sample of a voice and what it says (Fish's `references`, instant cloning). Its
/// identity is a SHA-256 of the audio with the text, so the cache key changes when a
/// byte of a sample does, without the spec holding megabytes of text.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    pub audio: std::sync::Arc<[u8]>,
    pub text: String,
    sha256: [u8; 32],
}

/// The largest reference sample, and the most all of one spec's may hold (they travel
/// in every session's first message; Fish documents no limit).
pub const MAX_REFERENCE_BYTES: u64 = 10_000_000;
pub const MAX_REFERENCES_BYTES: u64 = 20_000_000;

/// Why a reference cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("is empty")]
    EmptyAudio,
    #[error("has no transcript (give what it says with reference_text)")]
    NoText,
}

impl Reference {
    /// A reference from a sample's bytes and transcript (that the bytes are audio is
    /// checked where they are read: `audio::sample::pair_references`).
    pub fn new(audio: Vec<u8>, text: &str) -> Result<Reference, ReferenceError> {
        if audio.is_empty() {
            return Err(ReferenceError::EmptyAudio);
        }
        let text = text.trim();
        if text.is_empty() {
            return Err(ReferenceError::NoText);
        }
        use sha2::Digest;
        let sha256 = sha2::Sha256::digest(&audio).into();
        Ok(Reference {
            audio: audio.into(),
            text: text.to_string(),
            sha256,
        })
    }
}

impl Serialize for Reference {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Reference", 2)?;
        st.serialize_field("sha256", &hex::encode(self.sha256))?;
        st.serialize_field("text", &self.text)?;
        st.end()
    }
}

/// The provider-specific part of a spec for MiniMax.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MiniMaxExtras {
    pub pitch: Pitch,
    pub language: Option<Language>,
    pub pronunciations: Vec<Pronunciation>,
    pub emotion: Option<Emotion>,
    pub english_normalization: bool,
    pub effects: VoiceEffects,
}

/// The length of the WAV header written before PCM audio in a `.wav` output.
pub const WAV_HEADER_LEN: usize = 44;

/// The layout of PCM audio, for WAV headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PcmLayout {
    pub sample_rate: u32,
    pub channels: u16,
}

impl SynthesisSpec {
    pub fn provider(&self) -> Provider {
        match self.extras {
            ProviderExtras::Minimax(_) => Provider::Minimax,
            ProviderExtras::Fish(_) => Provider::Fish,
        }
    }

    /// MiniMax's settings, when this spec is MiniMax's.
    pub fn minimax(&self) -> Option<&MiniMaxExtras> {
        match &self.extras {
            ProviderExtras::Minimax(extras) => Some(extras),
            ProviderExtras::Fish(_) => None,
        }
    }

    /// Fish Audio's settings, when this spec is Fish's.
    pub fn fish(&self) -> Option<&FishExtras> {
        match &self.extras {
            ProviderExtras::Fish(extras) => Some(extras),
            ProviderExtras::Minimax(_) => None,
        }
    }

    /// The canonical text of everything in the spec (serde_json writes fields in
    /// declaration order and has no floating-point ambiguity for one value).
    pub fn identity(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| unreachable!("a spec always serializes"))
    }

    /// What the decoder is fed.
    pub fn stream_format(&self) -> StreamFormat {
        StreamFormat {
            codec: self.format.codec(),
            sample_rate: self.sample_rate.get(),
            channels: u16::from(self.channels.get()),
        }
    }

    /// For WAV output: the PCM layout that goes in the header.
    pub fn wav_layout(&self) -> Option<PcmLayout> {
        (self.format == AudioFormat::Wav).then(|| self.pcm_layout())
    }

    /// Bytes in the output before the audio (the WAV header), 0 for other formats.
    pub fn header_len(&self) -> u64 {
        if self.format == AudioFormat::Wav {
            WAV_HEADER_LEN as u64
        } else {
            0
        }
    }

    pub fn pcm_layout(&self) -> PcmLayout {
        PcmLayout {
            sample_rate: self.sample_rate.get(),
            channels: u16::from(self.channels.get()),
        }
    }

    /// Bytes per second of PCM-based output (durations follow from sizes), else `None`.
    pub fn pcm_bytes_per_second(&self) -> Option<u64> {
        (self.format.codec() == Codec::Pcm)
            .then(|| u64::from(self.sample_rate.get()) * u64::from(self.channels.get()) * 2)
    }
}

/// What to do to a finished file.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Finishing {
    pub trim: Option<Trim>,
    pub loudness: Option<Target>,
}

impl Finishing {
    pub fn is_empty(&self) -> bool {
        self.trim.is_none() && self.loudness.is_none()
    }
}

/// Silence below `threshold_dbfs` at the ends is removed, all but `pad_ms` of it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Trim {
    pub threshold_dbfs: f64,
    pub pad_ms: u64,
}

/// Integrated loudness to reach, never past a true peak of `ceiling_dbtp`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    pub lufs: f64,
    pub ceiling_dbtp: f64,
}

/// The longest text one request may bill, for `serve` and `mcp` alike (about an hour of
/// speech; OpenAI's own limit is 4,096): a client, or an agent steered by what it reads,
/// cannot spend without bound in one call.
pub const MAX_INPUT_CHARS: usize = 50_000;

/// The one duration grammar, for every option and key that takes a duration: a number
/// and a unit, `ms`, `s`, `m` (minutes), `h`, `d` or `w` (`400ms`, `1.5s`, `90m`, `30d`).
/// A bare number is refused rather than guessed (milliseconds for a pause, days for an
/// age: a wrong guess prunes a cache or stretches a pause a thousandfold).
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let example = "a duration such as 400ms, 1.5s, 90m or 30d";
    let value: f64 = match number.parse() {
        Ok(value) if number.chars().next().is_some_and(|c| c.is_ascii_digit()) => value,
        _ => return Err(format!("'{text}' is not {example}")),
    };
    let seconds = match unit.trim() {
        "ms" => 0.001,
        "s" => 1.0,
        "m" => 60.0,
        "h" => 3600.0,
        "d" => 86_400.0,
        "w" => 7.0 * 86_400.0,
        "" => {
            return Err(format!(
                "'{text}' needs a unit: {number}ms, {number}s, {number}m or {number}d"
            ));
        }
        _ => return Err(format!("'{text}' is not {example}")),
    };
    // At most about 300 years: beyond that a duration is a typing error.
    std::time::Duration::try_from_secs_f64(value * seconds)
        .ok()
        .filter(|d| d.as_secs() < 10_000_000_000)
        .ok_or_else(|| format!("'{text}' is too long"))
}

/// The longest pause between rows or lines of a production.
pub const MAX_PAUSE_MS: u64 = 600_000;

/// A pause in a production (`--gap`, `--paragraph-gap`, a row's `pause_after`): a
/// duration up to ten minutes, in whole milliseconds.
pub fn parse_pause_ms(text: &str) -> Result<u64, String> {
    let pause = parse_duration(text)?;
    let ms = pause.as_secs_f64() * 1000.0;
    if ms > MAX_PAUSE_MS as f64 {
        return Err(format!("{} is not between 0 and 10 minutes", text.trim()));
    }
    Ok(ms.round() as u64)
}

#[cfg(test)]
mod tests;
