//! The options schema: every setting a user can give, declared once.
//!
//! Each options struct is at the same time the flags (clap reads the doc comments and
//! `#[arg]`s), what the config file and a manifest row are read into (one deserializer,
//! [`Options::take`], so unknown keys, types and ranges are refused by one piece of code
//! with one wording), and a layer that [`Combine`]s with the layers below it. The values
//! are the domain types of `spec`, so a flag and a key are checked by the same function.

// These doc comments are `--help` text (clap reads them), written for a terminal, not
// for rustdoc: `[default: <dir>]` and `[user:pass@]` are what the help shows.
#![allow(rustdoc::invalid_html_tags, rustdoc::broken_intra_doc_links)]

use std::path::PathBuf;

use serde::de::{self, MapAccess};

use crate::spec::{
    AudioFormat, Bitrate, Channels, ChunkLength, Decibels, EffectAmount, Emotion, Given, Language,
    Latency, Lufs, Pitch, PlayMode, Pronunciation, Provider, Region, SampleRate, SoundEffect,
    Speed, TimeoutSecs, Transport, Unit, Volume,
};

/// Layering: `self` (the higher layer) wins, `other` fills what it leaves unset.
pub trait Combine {
    fn combine(self, other: Self) -> Self;
}

/// A value whose higher layer replaces the lower one.
pub trait Replaces {}

impl<T: Replaces> Combine for Option<T> {
    fn combine(self, other: Self) -> Self {
        self.or(other)
    }
}

/// Pronunciation rules add up: the config file's dictionary, then the flags', then a
/// row's (a later rule for the same word wins on the server).
impl Combine for Option<Vec<Pronunciation>> {
    fn combine(self, other: Self) -> Self {
        match (other, self) {
            (Some(mut lower), Some(higher)) => {
                lower.extend(higher);
                Some(lower)
            }
            (lower, higher) => higher.or(lower),
        }
    }
}

/// How a settings source spells a value. Numbers and choices come as themselves or as
/// text (a CSV cell); switches as booleans or `true`/`false`/`yes`/`no`/`1`/`0`; lists
/// as lists or one text with `;` between the items.
pub trait Spelling: Sized {
    fn read<'de, D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

/// Values read by their own `Deserialize` (which takes text too) and replaced, not merged,
/// by a higher layer.
macro_rules! plain_values {
    ($($t:ty),*) => {
        $(
            impl Replaces for $t {}
            impl Spelling for $t {
                fn read<'de, D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    <$t as serde::Deserialize>::deserialize(d)
                }
            }
        )*
    };
}
plain_values!(
    String,
    PathBuf,
    u32,
    u64,
    Provider,
    Region,
    Transport,
    TimeoutSecs,
    PlayMode,
    Speed,
    Volume,
    Pitch,
    Emotion,
    Language,
    AudioFormat,
    SampleRate,
    Bitrate,
    Channels,
    EffectAmount,
    SoundEffect,
    Latency,
    ChunkLength,
    Unit,
    Lufs,
    Decibels
);

impl Replaces for bool {}

impl Spelling for bool {
    fn read<'de, D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match <Given<bool> as serde::Deserialize>::deserialize(d)? {
            Given::Value(b) => Ok(b),
            Given::Text(t) => match t.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => Ok(true),
                "false" | "no" | "0" => Ok(false),
                _ => Err(de::Error::custom(format!("'{t}' is not true or false"))),
            },
            Given::Other(_) => Err(de::Error::custom("expected true or false")),
        }
    }
}

impl Spelling for Vec<Pronunciation> {
    fn read<'de, D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let items = match <Given<Vec<String>> as serde::Deserialize>::deserialize(d)? {
            Given::Value(items) => items,
            Given::Text(text) => text
                .split(';')
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string)
                .collect(),
            Given::Other(_) => {
                return Err(de::Error::custom(
                    "expected a list of WORD/REPLACEMENT rules (or one text with ; between them)",
                ));
            }
        };
        items
            .into_iter()
            .map(|r| r.parse().map_err(de::Error::custom))
            .collect()
    }
}

/// Reads one value through its [`Spelling`].
struct Spelled<T>(T);

impl<'de, T: Spelling> serde::Deserialize<'de> for Spelled<T> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::read(d).map(Spelled)
    }
}

/// What every options struct can do.
pub trait Options: Combine + Default {
    /// The keys, as the config file and manifests spell them.
    const KEYS: &'static [&'static str];

    /// Reads `key`'s value from `map` into its field. `Ok(false)`: not one of these keys.
    /// A key given twice is an error (a second value never silently wins).
    fn take<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;

    /// Whether the option named `key` has a value.
    fn is_set(&self, key: &str) -> bool;
}

/// Declares an options struct: the fields (each `Option<T>`) with their flags, the keys,
/// the reader and the merge rule, all from one list. A field marked `shared` is one
/// the config file's top level gives every provider (see [`VoiceOptions::shared`]).
macro_rules! options {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                $scope:ident $field:ident : $ty:ty,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(clap::Args, Clone, Debug, Default, PartialEq)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: Option<$ty>, )*
        }

        impl Combine for $name {
            fn combine(self, other: Self) -> Self {
                $name { $( $field: Combine::combine(self.$field, other.$field), )* }
            }
        }

        impl Options for $name {
            const KEYS: &'static [&'static str] = &[$(stringify!($field)),*];

            fn take<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
                match key {
                    $(stringify!($field) => {
                        if self.$field.is_some() {
                            return Err(de::Error::custom(format!("`{key}` is given twice")));
                        }
                        self.$field = Some(map.next_value::<Spelled<$ty>>()?.0);
                        Ok(true)
                    })*
                    _ => Ok(false),
                }
            }

            fn is_set(&self, key: &str) -> bool {
                match key {
                    $(stringify!($field) => self.$field.is_some(),)*
                    _ => false,
                }
            }
        }

        impl $name {
            /// Only the fields marked `shared`.
            #[allow(dead_code)]
            pub fn shared(&self) -> Self {
                $name { $( $field: options!(@shared $scope, self.$field), )* }
            }
        }
    };
    (@shared shared, $value:expr) => { $value.clone() };
    (@shared own, $value:expr) => { None };
}

/// A table of settings read key by key: an options struct, or a table of several (the
/// config file's layers).
pub trait Table: Default {
    /// Reads `key`'s value into its place; `Ok(false)`: not one of this table's keys.
    fn take_key<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;

    /// The keys, for the message about one it does not know.
    fn known() -> Vec<&'static [&'static str]>;
}

impl<T: Options> Table for T {
    fn take_key<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        self.take(key, map)
    }

    fn known() -> Vec<&'static [&'static str]> {
        vec![T::KEYS]
    }
}

/// Reads a map of keys into a [`Table`]; keys it does not know are refused, naming every
/// key it does.
pub struct Reader<T>(pub T);

impl<'de, T: Table> serde::Deserialize<'de> for Reader<T> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<T>(std::marker::PhantomData<T>);
        impl<'de, T: Table> de::Visitor<'de> for Visit<T> {
            type Value = T;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table of settings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
                let mut table = T::default();
                while let Some(key) = map.next_key::<String>()? {
                    if !table.take_key(&key, &mut map)? {
                        return Err(unknown_key(&key, &T::known()));
                    }
                }
                Ok(table)
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
            .map(Reader)
    }
}

/// The one wording for a key no settings source knows.
pub fn unknown_key<E: de::Error>(key: &str, known: &[&[&str]]) -> E {
    let known: Vec<&str> = known.iter().flat_map(|k| k.iter().copied()).collect();
    E::custom(format!("unknown key {key} (known: {})", known.join(", ")))
}

options! {
    /// Which service, where and how: the run-wide settings.
    pub struct RunOptions {
        /// Speech service: minimax, or fish (Fish Audio) [env: MINIMAX_TTS_PROVIDER] [default: minimax]
        #[arg(long, global = true, value_enum)]
        own provider: Provider,

        /// MiniMax API region; keys are region-locked (global = api.minimax.io, cn = api.minimaxi.com) [env: MINIMAX_REGION]
        #[arg(long, global = true, value_enum)]
        own region: Region,

        /// MiniMax: how requests travel: ws (one WebSocket session) or http (a streamed HTTP request per segment) [default: ws]
        #[arg(long, global = true, value_enum)]
        own transport: Transport,

        /// Proxy for every connection: http://[user:pass@]host:port, socks5://… or socks5h://…; '' for none [default: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY as curl reads them]
        #[arg(long, global = true, value_name = "URL")]
        own proxy: String,

        /// Retries for transient failures (rate limits, server errors, dropped connections) [default: 3]
        #[arg(long, global = true, value_name = "N")]
        own retries: u32,

        /// Seconds to wait for the server before giving up on a step [default: 60]
        #[arg(long, global = true, value_name = "SECONDS")]
        own timeout: TimeoutSecs,
    }
}

options! {
    /// How to reach one provider: its key and host. The command line's apply to the
    /// provider it selects; the config file has MiniMax's at its top level and Fish's in
    /// `[fish]`.
    pub struct AccessOptions {
        /// (Config file only: a key on the command line would show in the process list.)
        #[arg(skip)]
        own api_key: String,

        /// Read the API key from this file (first line; keeps the key out of the process list)
        #[arg(long, global = true, value_name = "PATH")]
        own api_key_file: PathBuf,

        /// API base URL (https://… or http://host:port); overrides --region [env: MINIMAX_BASE_URL, or FISH_BASE_URL with --provider fish]
        #[arg(long, global = true, value_name = "URL")]
        own base_url: String,
    }
}

options! {
    /// Live playback options.
    pub struct PlaybackOptions {
        /// Play while synthesizing: auto (when a device exists and audio is not on stdout), always, never [default: auto]
        #[arg(long, value_enum, value_name = "WHEN", help_heading = "Playback")]
        own play: PlayMode,

        /// Milliseconds of audio to buffer before playback starts; more rides out a slow network [default: 60]
        #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(0..=60_000), help_heading = "Playback")]
        own preroll: u64,

        /// Audio output device (see `minimax-tts devices`) [default: the system default]
        #[arg(long, value_name = "NAME", help_heading = "Playback")]
        own device: String,
    }
}

options! {
    /// Where `batch` keeps its audio cache.
    pub struct CacheOptions {
        /// Cache directory [env: MINIMAX_TTS_CACHE_DIR] [default: <cache dir>/minimax-tts]
        #[arg(long, global = true, value_name = "DIR")]
        own cache_dir: PathBuf,
    }
}

options! {
    /// What the speech sounds like and what audio comes out: flags of every synthesis
    /// command, keys of the config file (top level for MiniMax, `[fish]` for Fish Audio;
    /// the `shared` ones at the top level for both) and of manifest rows.
    pub struct VoiceOptions {
        /// Model, e.g. speech-2.8-hd, speech-2.6-hd; Fish: s2.1-pro-free, s2.1-pro, s2-pro, s1 [default: speech-2.8-hd; Fish: s2.1-pro-free]
        #[arg(short, long, value_name = "MODEL", help_heading = "Voice")]
        own model: String,

        /// Voice id (see `minimax-tts voices`) [default: English_expressive_narrator; Fish: its default voice]
        #[arg(long, value_name = "ID", help_heading = "Voice")]
        own voice: String,

        /// Speed, 0.5 to 2 [default: 1]
        #[arg(long, help_heading = "Voice")]
        shared speed: Speed,

        /// Volume as a gain, above 0 up to 10 (Fish: 0.1 to 10, sent as -20 to 20 dB) [default: 1]
        #[arg(long, help_heading = "Voice")]
        shared vol: Volume,

        /// Pitch in semitones, -12 to 12 [default: 0]
        #[arg(long, allow_negative_numbers = true, help_heading = "Voice")]
        own pitch: Pitch,

        /// Emotion [default: chosen by the model]
        #[arg(long, value_enum, help_heading = "Voice")]
        own emotion: Emotion,

        /// Language hint: auto, English, Chinese, "Chinese,Yue", Japanese, …
        #[arg(long, value_name = "LANGUAGE", help_heading = "Voice")]
        own language_boost: Language,

        /// Pronounce WORD as REPLACEMENT (repeatable), e.g. --pronounce "Omg/Oh my god"
        #[arg(long, value_name = "WORD/REPLACEMENT", help_heading = "Voice")]
        own pronounce: Vec<Pronunciation>,

        /// Read numbers, dates and units in English text as words
        #[arg(long, num_args = 0, default_missing_value = "true", help_heading = "Voice")]
        own english_normalization: bool,

        /// Audio format [default: from the output's extension, else mp3]
        #[arg(long, value_enum, help_heading = "Audio")]
        shared format: AudioFormat,

        /// Sample rate in Hz: 8000, 16000, 22050, 24000, 32000, 44100 [default: 32000; Fish: 44100, Opus 48000]
        #[arg(long, value_name = "HZ", help_heading = "Audio")]
        own sample_rate: SampleRate,

        /// MP3 bitrate in bit/s: 32000, 64000, 128000, 256000 (Fish: 64000, 128000, 192000) [default: 128000]
        #[arg(long, value_name = "BPS", help_heading = "Audio")]
        own bitrate: Bitrate,

        /// Channels: 1 or 2 [default: 1]
        #[arg(long, value_name = "N", help_heading = "Audio")]
        own channels: Channels,

        /// Voice effect: shift pitch, -100 (deeper) to 100 (brighter)
        #[arg(long, value_name = "N", allow_negative_numbers = true, help_heading = "Effects")]
        own effect_pitch: EffectAmount,

        /// Voice effect: intensity, -100 (softer) to 100 (stronger)
        #[arg(long, value_name = "N", allow_negative_numbers = true, help_heading = "Effects")]
        own effect_intensity: EffectAmount,

        /// Voice effect: timbre, -100 (fuller) to 100 (crisper)
        #[arg(long, value_name = "N", allow_negative_numbers = true, help_heading = "Effects")]
        own effect_timbre: EffectAmount,

        /// Voice effect: a sound effect (MP3 output only)
        #[arg(long, value_enum, value_name = "EFFECT", help_heading = "Effects")]
        own sound_effect: SoundEffect,

        /// Fish: latency mode; lower gives earlier audio [default: balanced]
        #[arg(long, value_enum, help_heading = "Fish Audio")]
        own latency: Latency,

        /// Fish: characters synthesized at a time, 100 to 300; smaller gives earlier audio [default: 200]
        #[arg(long, value_name = "N", help_heading = "Fish Audio")]
        own chunk_length: ChunkLength,

        /// Fish: sampling temperature, 0 to 1 [default: 0.7]
        #[arg(long, value_name = "T", help_heading = "Fish Audio")]
        own temperature: Unit,

        /// Fish: nucleus sampling top-p, 0 to 1 [default: 0.7]
        #[arg(long, value_name = "P", help_heading = "Fish Audio")]
        own top_p: Unit,

        /// Fish: do not normalize numbers and the like before speaking (key: normalize = false)
        #[arg(long = "no-normalize", num_args = 0, default_missing_value = "false", help_heading = "Fish Audio")]
        own normalize: bool,
    }
}

options! {
    /// How a finished file is finished: loudness to a target, silence trimmed. Flags of
    /// every command that writes audio, keys of the config file and of manifest rows.
    pub struct FinishOptions {
        /// Bring each file to this integrated loudness, in LUFS (EBU R128): -16 podcasts and apps, -23 broadcast, -14 streaming (MP3: ReplayGain tags)
        #[arg(long, value_name = "LUFS", allow_negative_numbers = true, help_heading = "Finishing")]
        own loudness: Lufs,

        /// With --loudness: the true-peak ceiling the gain never passes, in dBTP [default: -1]
        #[arg(long, value_name = "DBTP", allow_negative_numbers = true, help_heading = "Finishing")]
        own true_peak: Decibels,

        /// Remove silence at the start and the end (MP3: whole frames)
        #[arg(long, num_args = 0, default_missing_value = "true", help_heading = "Finishing")]
        own trim: bool,

        /// With --trim: what counts as silence, in dBFS [default: -50]
        #[arg(long, value_name = "DBFS", allow_negative_numbers = true, help_heading = "Finishing")]
        own trim_threshold: Decibels,

        /// With --trim: the silence kept at each end, in ms [default: 20]
        #[arg(long, value_name = "MS", help_heading = "Finishing")]
        own trim_pad: u64,
    }
}

impl FinishOptions {
    /// What to do, with the defaults filled in.
    pub fn finishing(&self) -> crate::spec::Finishing {
        use crate::spec::{Finishing, Target, Trim};
        Finishing {
            trim: (self.trim == Some(true)).then(|| Trim {
                threshold_dbfs: self.trim_threshold.map_or(-50.0, Decibels::get),
                pad_ms: self.trim_pad.unwrap_or(20).min(10_000),
            }),
            loudness: self.loudness.map(|lufs| Target {
                lufs: lufs.get(),
                ceiling_dbtp: self.true_peak.map_or(-1.0, Decibels::get),
            }),
        }
    }
}

/// The flag that sets option `key`, for messages about a flag.
pub fn flag_name(key: &str) -> String {
    match key {
        "normalize" => "--no-normalize".into(),
        key => format!("--{}", key.replace('_', "-")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_reader_for_files_and_rows() {
        let from_toml: Reader<VoiceOptions> =
            toml::from_str("speed = 1.5\npronounce = [\"a/b\"]\nnormalize = false\n").unwrap();
        let from_csv: Reader<VoiceOptions> = serde_json::from_value(serde_json::json!({
            "speed": "1.5", "pronounce": "a/b", "normalize": "no"
        }))
        .unwrap();
        assert_eq!(from_toml.0, from_csv.0);
        assert_eq!(from_toml.0.speed.map(|s| s.get()), Some(1.5));
        let bad_toml = toml::from_str::<Reader<VoiceOptions>>("speed = 9")
            .err()
            .unwrap();
        let bad_row =
            serde_json::from_value::<Reader<VoiceOptions>>(serde_json::json!({"speed": "9"}))
                .err()
                .unwrap();
        let flag = "9".parse::<Speed>().unwrap_err();
        assert!(bad_toml.to_string().contains(&flag), "{bad_toml}");
        assert!(bad_row.to_string().contains(&flag), "{bad_row}");
        let unknown =
            serde_json::from_value::<Reader<VoiceOptions>>(serde_json::json!({"vioce": "x"}))
                .err()
                .unwrap();
        assert!(
            unknown
                .to_string()
                .starts_with("unknown key vioce (known: model, voice")
        );
        assert!(
            serde_json::from_value::<Reader<VoiceOptions>>(serde_json::json!({"voice": {"x": 1}}))
                .is_err()
        );
    }

    #[test]
    fn higher_layers_win_and_lists_add_up() {
        let file = VoiceOptions {
            speed: Some(Speed::try_from(1.5).unwrap()),
            voice: Some("file".into()),
            pronounce: Some(vec!["a/b".parse().unwrap()]),
            ..VoiceOptions::default()
        };
        let flag = VoiceOptions {
            voice: Some("flag".into()),
            pronounce: Some(vec!["c/d".parse().unwrap()]),
            ..VoiceOptions::default()
        };
        let merged = flag.combine(file);
        assert_eq!(merged.voice.as_deref(), Some("flag"));
        assert_eq!(merged.speed.map(|s| s.get()), Some(1.5));
        let rules: Vec<&str> = merged
            .pronounce
            .iter()
            .flatten()
            .map(|p| p.as_str())
            .collect();
        assert_eq!(rules, ["a/b", "c/d"]);
        assert_eq!(merged.shared().voice, None);
        assert!(merged.shared().speed.is_some());
    }
}

/// How the lines of a production are put together.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ProductionOptions {
    /// Silence between rows, e.g. 400ms, 1.5s (a row's pause_after wins) [default: 0]
    #[arg(long, value_name = "DURATION", value_parser = crate::spec::parse_pause_ms, help_heading = "Production")]
    pub gap: Option<u64>,

    /// Also write the chapters (title, start_ms, end_ms) as JSON to FILE
    #[arg(long, value_name = "FILE", help_heading = "Production")]
    pub chapters: Option<PathBuf>,

    /// Also write subtitles on the joined file's clock: .srt, .vtt or .json (MiniMax rows: its sentence timings; Fish rows: one cue each)
    #[arg(long, value_name = "FILE", help_heading = "Production")]
    pub subtitles: Option<PathBuf>,
}
