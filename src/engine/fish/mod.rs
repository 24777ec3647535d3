//! Everything Fish Audio: its live WebSocket session, MessagePack messages, status
//! table, text and option rules, and voice list.

pub mod http;
pub mod live;
pub mod rules;
pub mod status;
pub mod voices;
pub mod wire;

use std::ops::Range;
use std::time::Duration;

use crate::engine::advice::{Advice, Step};
use crate::engine::error::{EngineError, list_numbers};
use crate::engine::net::{Endpoint, ProxySettings};
use crate::engine::{Billing, Capabilities, Engine, ProviderInfo};
use crate::options::VoiceOptions;
use crate::spec::{
    AudioFormat, ChunkLength, FishExtras, Latency, Provider, ProviderExtras, SampleRate,
    SubtitleType, SynthesisSpec, Unit,
};

use live::FishSession;
use wire::TtsRequest;

pub const BASE_URL: &str = "https://api.fish.audio";
/// Sent whenever nothing else is chosen: a missing `model` header silently selects the
/// paid s2.1-pro, and the free tier of the current model family costs nothing while
/// one finds a voice and settings.
pub const DEFAULT_MODEL: &str = "s2.1-pro-free";

pub const INFO: ProviderInfo = ProviderInfo {
    key_env: "FISH_API_KEY",
    base_url_env: "FISH_BASE_URL",
    table: "[fish] ",
    default_base_url: BASE_URL,
    key_hint: "create a key at https://fish.audio/app/api-keys",
    billing: Billing::Bytes,
};

/// Fish's spec from the merged options: its defaults, and MiniMax's options refused.
///
/// The defaults are Fish's API defaults, except `chunk_length` and `latency`, where the
/// API (300, normal) and its SDKs (200, balanced) disagree: the SDKs' values give
/// earlier audio.
pub fn build_spec(
    options: &VoiceOptions,
    format: AudioFormat,
    subtitles: Option<SubtitleType>,
) -> Result<SynthesisSpec, EngineError> {
    let o = options;
    let minimax_only = [
        (o.pitch.is_some_and(|p| p.get() != 0), "pitch"),
        (o.emotion.is_some(), "emotion"),
        (o.language_boost.is_some(), "language_boost"),
        (
            o.pronounce.as_ref().is_some_and(|p| !p.is_empty()),
            "pronounce",
        ),
        (
            o.english_normalization == Some(true),
            "english_normalization",
        ),
        (o.effect_pitch.is_some(), "effect_pitch"),
        (o.effect_intensity.is_some(), "effect_intensity"),
        (o.effect_timbre.is_some(), "effect_timbre"),
        (o.sound_effect.is_some(), "sound_effect"),
        (subtitles.is_some(), "subtitles"),
    ];
    if let Some((_, key)) = minimax_only.iter().find(|(given, _)| *given) {
        return Err(EngineError::option(
            key,
            "is a MiniMax option; Fish Audio has no such setting",
            Advice::to(Step::Drop { option: key })
                .or(Step::Provider(Provider::Minimax))
                .noting(
                    "with Fish, emotion and delivery are tags in the text: (happy) for s1, [whispers] for S2 models",
                ),
        ));
    }
    let default_rate = if format == AudioFormat::Opus {
        48000
    } else {
        44100
    };
    Ok(SynthesisSpec {
        model: o.model.clone().unwrap_or_else(|| DEFAULT_MODEL.to_string()),
        voice: o.voice.clone(),
        speed: o.speed.unwrap_or_default(),
        volume: o.vol.unwrap_or_default(),
        format,
        sample_rate: match o.sample_rate {
            Some(rate) => rate,
            None => SampleRate::try_from(default_rate).map_err(|e| {
                EngineError::input(
                    e,
                    Step::Give {
                        option: "sample_rate",
                    },
                )
            })?,
        },
        bitrate: o.bitrate.unwrap_or_default(),
        channels: o.channels.unwrap_or_default(),
        subtitles: None,
        extras: ProviderExtras::Fish(FishExtras {
            latency: o.latency.unwrap_or(Latency::Balanced),
            chunk_length: o.chunk_length.unwrap_or(ChunkLength::DEFAULT),
            normalize: o.normalize.unwrap_or(true),
            temperature: o.temperature.unwrap_or(Unit::DEFAULT),
            top_p: o.top_p.unwrap_or(Unit::DEFAULT),
            references: Vec::new(),
        }),
    })
}

/// Fish's rules for a spec, checked before anything is paid for.
pub fn check_spec(spec: &SynthesisSpec) -> Result<(), EngineError> {
    if spec.fish().is_none() {
        return Err(EngineError::input(
            format!(
                "this spec is {}'s, not Fish Audio's",
                spec.provider().name()
            ),
            Step::Provider(Provider::Fish),
        ));
    }
    rules::check_model(&spec.model)?;
    let rates = match spec.format {
        AudioFormat::Mp3 => rules::MP3_RATES,
        AudioFormat::Wav | AudioFormat::Pcm => rules::PCM_RATES,
        AudioFormat::Opus => rules::OPUS_RATES,
        AudioFormat::Flac => {
            return Err(EngineError::input(
                "Fish Audio does not produce FLAC",
                Step::use_value("format", "mp3, wav, pcm or opus"),
            ));
        }
    };
    let rate = spec.sample_rate.get();
    if !rates.contains(&rate) {
        return Err(EngineError::input(
            format!(
                "Fish Audio produces {} at {} Hz, not {rate}",
                spec.format.name(),
                list_numbers(rates)
            ),
            Step::use_value("sample_rate", rates[rates.len() - 1].to_string()),
        ));
    }
    if spec.format == AudioFormat::Mp3 && !rules::MP3_BITRATES.contains(&spec.bitrate.get()) {
        return Err(EngineError::input(
            format!(
                "Fish Audio's MP3 bitrate is one of {} bit/s, not {}",
                list_numbers(rules::MP3_BITRATES),
                spec.bitrate.get()
            ),
            Step::use_value("bitrate", "128000"),
        ));
    }
    let volume = spec.volume.get();
    if !(0.1..=10.0).contains(&volume) {
        return Err(EngineError::input(
            format!(
                "Fish Audio takes volume from -20 to 20 dB (a gain of 0.1 to 10), not {volume}"
            ),
            Step::About {
                option: "vol",
                words: "is a gain factor: 0.5 is about -6 dB, 2 about +6 dB".into(),
            },
        ));
    }
    if spec.channels.get() != 1 {
        return Err(EngineError::input(
            "Fish Audio produces mono audio only",
            Step::Drop { option: "channels" },
        ));
    }
    Ok(())
}

/// The Fish Audio engine for one run.
pub struct Fish {
    endpoint: Endpoint,
    api_key: String,
    timeout: Duration,
    /// The run's model (its text rules differ: s1 has no multi-speaker tags).
    model: String,
    proxy: ProxySettings,
}

impl Fish {
    /// The host requests go to.
    pub fn host(&self) -> Endpoint {
        self.endpoint.clone()
    }

    pub fn new(
        endpoint: Endpoint,
        api_key: &str,
        timeout: Duration,
        model: &str,
        proxy: &ProxySettings,
    ) -> Fish {
        Fish {
            endpoint,
            api_key: api_key.to_string(),
            timeout,
            model: model.to_string(),
            proxy: proxy.clone(),
        }
    }
}

impl Engine for Fish {
    type Session = FishSession;

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            segment_completion: false,
            max_segment_chars: rules::MAX_SEGMENT_CHARS,
            subtitles: false,
            open_is_request: true,
        }
    }

    fn prepare_text(&self, raw: &str) -> Result<String, EngineError> {
        rules::prepare(raw, &self.model)
    }

    fn markup(&self) -> fn(&str) -> Vec<Range<usize>> {
        rules::markup_spans
    }

    fn tidy_live(&self, raw: &str) -> Option<String> {
        rules::tidy_segment(raw)
    }

    async fn open(&self, spec: &SynthesisSpec) -> Result<FishSession, EngineError> {
        check_spec(spec)?;
        let Some(extras) = spec.fish() else {
            unreachable!("check_spec refuses another provider's spec")
        };
        FishSession::open(
            &self.endpoint.ws_url(live::LIVE_PATH),
            &self.api_key,
            &spec.model,
            TtsRequest::from_spec(spec, extras),
            self.timeout,
            &self.proxy,
        )
        .await
    }
}
