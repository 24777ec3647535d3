//! Everything Fish Audio: its live WebSocket session, MessagePack messages, status
//! table, text and option rules, and voice list.

pub mod live;
pub mod rules;
pub mod status;
pub mod voices;
pub mod wire;

use std::ops::Range;
use std::time::Duration;

use crate::engine::error::{EngineError, list_numbers};
use crate::engine::net::{Endpoint, ProxySettings};
use crate::engine::{Capabilities, Engine};
use crate::spec::{AudioFormat, SynthesisSpec};

use live::FishSession;
use wire::TtsRequest;

pub const BASE_URL: &str = "https://api.fish.audio";
/// Sent whenever nothing else is chosen: a missing `model` header silently selects the
/// paid s2.1-pro, and the free tier of the current model family costs nothing while
/// one finds a voice and settings.
pub const DEFAULT_MODEL: &str = "s2.1-pro-free";

/// The default host.
pub fn endpoint() -> Endpoint {
    Endpoint::parse(BASE_URL).unwrap_or_else(|_| unreachable!("the built-in host is a valid URL"))
}

/// Fish's rules for a spec, checked before anything is paid for.
pub fn check_spec(spec: &SynthesisSpec) -> Result<(), EngineError> {
    rules::check_model(&spec.model)?;
    let rates = match spec.format {
        AudioFormat::Mp3 => rules::MP3_RATES,
        AudioFormat::Wav | AudioFormat::Pcm => rules::PCM_RATES,
        AudioFormat::Opus => rules::OPUS_RATES,
        AudioFormat::Flac => {
            return Err(EngineError::input(
                "Fish Audio does not produce FLAC",
                "use --format mp3, wav, pcm or opus",
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
            format!("e.g. --sample-rate {}", rates[rates.len() - 1]),
        ));
    }
    if spec.format == AudioFormat::Mp3 && !rules::MP3_BITRATES.contains(&spec.bitrate.get()) {
        return Err(EngineError::input(
            format!(
                "Fish Audio's MP3 bitrate is one of {} bit/s, not {}",
                list_numbers(rules::MP3_BITRATES),
                spec.bitrate.get()
            ),
            "e.g. --bitrate 128000",
        ));
    }
    let volume = spec.volume.get();
    if !(0.1..=10.0).contains(&volume) {
        return Err(EngineError::input(
            format!(
                "Fish Audio takes volume from -20 to 20 dB, i.e. --vol 0.1 to 10, not {volume}"
            ),
            "--vol is a gain factor: 0.5 is about -6 dB, 2 about +6 dB",
        ));
    }
    if spec.channels.get() != 1 {
        return Err(EngineError::input(
            "Fish Audio produces mono audio only",
            "drop --channels",
        ));
    }
    let minimax_only = [
        (spec.pitch.get() != 0, "--pitch"),
        (spec.minimax.emotion.is_some(), "--emotion"),
        (spec.language.is_some(), "--language-boost"),
        (!spec.pronunciations.is_empty(), "--pronounce"),
        (
            spec.minimax.english_normalization,
            "--english-normalization",
        ),
        (
            !spec.minimax.effects.is_empty(),
            "--effect-* / --sound-effect",
        ),
        (spec.subtitles.is_some(), "--subtitles"),
    ];
    if let Some((_, flag)) = minimax_only.iter().find(|(given, _)| *given) {
        return Err(EngineError::input(
            format!("{flag} is a MiniMax option; Fish Audio has no such setting"),
            "drop it, or use --provider minimax; with Fish, emotion and delivery are tags in the text: (happy) for s1, [whispers] for S2 models",
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
        }
    }

    fn check_spec(&self, spec: &SynthesisSpec) -> Result<(), EngineError> {
        check_spec(spec)
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
        FishSession::open(
            &self.endpoint.ws_url(live::LIVE_PATH),
            &self.api_key,
            &spec.model,
            TtsRequest::from_spec(spec),
            self.timeout,
            &self.proxy,
        )
        .await
    }
}
