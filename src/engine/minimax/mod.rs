//! Everything MiniMax: hosts and regions, wire types, the WebSocket and HTTP-stream
//! transports, the async/files/voices HTTP API, the status table, and its text rules.

pub mod cloning;
pub mod http;
pub mod jobs;
pub mod region;
pub mod rules;
pub mod sse;
pub mod status;
pub mod subtitles;
pub mod voices;
pub mod wire;
pub mod ws;

use std::ops::Range;
use std::rc::Rc;
use std::time::Duration;

use crate::engine::advice::{Advice, Step};
use crate::engine::error::{EngineError, list_numbers};
use crate::engine::net::{Endpoint, ProxySettings, http_client};
use crate::engine::{Billing, Capabilities, Engine, Event, ProviderInfo, Session};
use crate::options::VoiceOptions;
use crate::spec::{
    AudioFormat, Emotion, MiniMaxExtras, Provider, ProviderExtras, Region, SubtitleType,
    SynthesisSpec, Transport, VoiceEffects,
};

use region::RegionProbe;
use sse::SseSession;
use wire::SynthesisRequest;
use ws::WsSession;

pub const DEFAULT_MODEL: &str = "speech-2.8-hd";
/// The speech models MiniMax documents (<https://platform.minimax.io/docs/api-reference/speech-t2a-http>),
/// newest first: what `serve` lists under `GET /v1/models`.
pub const MODELS: &[&str] = &[
    "speech-2.8-hd",
    "speech-2.8-turbo",
    "speech-2.6-hd",
    "speech-2.6-turbo",
    "speech-02-hd",
    "speech-02-turbo",
    "speech-01-hd",
    "speech-01-turbo",
];
pub const DEFAULT_VOICE: &str = "English_expressive_narrator";

/// Keys from platform.minimax.io work here.
pub const GLOBAL_BASE_URL: &str = "https://api.minimax.io";
/// Keys from platform.minimaxi.com work here (keys are region-locked).
pub const CN_BASE_URL: &str = "https://api.minimaxi.com";

pub const INFO: ProviderInfo = ProviderInfo {
    key_env: "MINIMAX_API_KEY",
    base_url_env: "MINIMAX_BASE_URL",
    table: "",
    default_base_url: GLOBAL_BASE_URL,
    key_hint: "keys are region-locked: platform.minimax.io keys use --region global, platform.minimaxi.com keys --region cn",
    billing: Billing::Characters,
};

/// MiniMax's spec from the merged options: its defaults, and Fish's options refused.
pub fn build_spec(
    options: &VoiceOptions,
    format: AudioFormat,
    subtitles: Option<SubtitleType>,
) -> Result<SynthesisSpec, EngineError> {
    let o = options;
    let fish_only = [
        (o.latency.is_some(), "latency"),
        (o.chunk_length.is_some(), "chunk_length"),
        (o.temperature.is_some(), "temperature"),
        (o.top_p.is_some(), "top_p"),
        (o.normalize.is_some(), "normalize"),
    ];
    if let Some((_, key)) = fish_only.iter().find(|(given, _)| *given) {
        return Err(EngineError::option(
            key,
            "is a Fish Audio option; MiniMax has no such setting",
            Advice::to(Step::Drop { option: key }).or(Step::Provider(Provider::Fish)),
        ));
    }
    Ok(SynthesisSpec {
        model: o.model.clone().unwrap_or_else(|| DEFAULT_MODEL.to_string()),
        voice: Some(o.voice.clone().unwrap_or_else(|| DEFAULT_VOICE.to_string())),
        speed: o.speed.unwrap_or_default(),
        volume: o.vol.unwrap_or_default(),
        format,
        sample_rate: o.sample_rate.unwrap_or_default(),
        bitrate: o.bitrate.unwrap_or_default(),
        channels: o.channels.unwrap_or_default(),
        subtitles,
        extras: ProviderExtras::Minimax(MiniMaxExtras {
            pitch: o.pitch.unwrap_or_default(),
            language: o.language_boost.clone(),
            pronunciations: o.pronounce.clone().unwrap_or_default(),
            emotion: o.emotion,
            english_normalization: o.english_normalization.unwrap_or(false),
            effects: VoiceEffects {
                pitch: o.effect_pitch,
                intensity: o.effect_intensity,
                timbre: o.effect_timbre,
                sound: o.sound_effect,
            },
        }),
    })
}

/// The API host of a region.
pub fn region_endpoint(region: Region) -> Endpoint {
    let url = match region {
        Region::Global => GLOBAL_BASE_URL,
        Region::Cn => CN_BASE_URL,
    };
    Endpoint::parse(url).unwrap_or_else(|_| unreachable!("the built-in hosts are valid URLs"))
}

/// MiniMax's rules for a spec, checked before anything is paid for.
pub fn check_spec(spec: &SynthesisSpec) -> Result<(), EngineError> {
    let Some(extras) = spec.minimax() else {
        return Err(EngineError::input(
            format!("this spec is {}'s, not MiniMax's", spec.provider().name()),
            Step::Provider(Provider::Minimax),
        ));
    };
    if spec.format == AudioFormat::Opus {
        return Err(EngineError::input(
            "MiniMax does not produce Opus",
            Advice::to(Step::use_value("format", "mp3, wav, pcm or flac"))
                .or(Step::Provider(Provider::Fish)),
        ));
    }
    if extras.emotion == Some(Emotion::Whisper) && spec.model.starts_with("speech-2.8") {
        return Err(EngineError::input(
            format!(
                "the {} model does not accept the whisper emotion",
                spec.model
            ),
            Advice::to(Step::use_value("model", "speech-2.6-hd"))
                .or(Step::Another { option: "emotion" }),
        ));
    }
    let rate = spec.sample_rate.get();
    if !rules::SAMPLE_RATES.contains(&rate) {
        return Err(EngineError::input(
            format!(
                "sample rate must be one of {}, not {rate}",
                list_numbers(rules::SAMPLE_RATES)
            ),
            Step::use_value("sample_rate", "32000"),
        ));
    }
    let bitrate = spec.bitrate.get();
    if !rules::BITRATES.contains(&bitrate) {
        return Err(EngineError::input(
            format!(
                "bitrate must be one of {}, not {bitrate}",
                list_numbers(rules::BITRATES)
            ),
            Step::use_value("bitrate", "128000"),
        ));
    }
    if let Some(language) = &extras.language
        && rules::language(language.as_str()).is_none()
    {
        return Err(EngineError::input(
            format!("unknown language '{}'", language.as_str()),
            format!("use one of: {}", rules::LANGUAGES.join(", ")),
        ));
    }
    if !extras.effects.is_empty() && spec.format != AudioFormat::Mp3 {
        return Err(EngineError::input(
            "voice effects work only with MP3 output when streaming",
            Step::use_value("format", "mp3"),
        ));
    }
    Ok(())
}

/// The MiniMax engine for one run.
pub struct MiniMax {
    endpoint: Rc<RegionProbe>,
    api_key: String,
    timeout: Duration,
    transport: Transport,
    proxy: ProxySettings,
    /// Shared by every HTTP-stream request of the run (connections are reused).
    http: Option<reqwest::Client>,
}

impl MiniMax {
    /// The host requests go to now.
    pub fn host(&self) -> Endpoint {
        self.endpoint.endpoint()
    }

    pub fn new(
        endpoint: Rc<RegionProbe>,
        api_key: &str,
        timeout: Duration,
        transport: Transport,
        proxy: &ProxySettings,
    ) -> Result<MiniMax, EngineError> {
        let http = match transport {
            Transport::Ws => None,
            Transport::Http => Some(
                http_client(timeout, proxy)
                    .map_err(|e| status::connect_failed(&endpoint.endpoint().http_url(""), e))?,
            ),
        };
        Ok(MiniMax {
            endpoint,
            api_key: api_key.to_string(),
            timeout,
            transport,
            proxy: proxy.clone(),
            http,
        })
    }
}

impl Engine for MiniMax {
    type Session = MiniMaxSession;

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            segment_completion: true,
            max_segment_chars: rules::MAX_SEGMENT_CHARS,
            subtitles: true,
            open_is_request: self.transport != Transport::Http || self.http.is_none(),
        }
    }

    fn prepare_text(&self, raw: &str) -> Result<String, EngineError> {
        rules::prepare(raw)
    }

    fn markup(&self) -> fn(&str) -> Vec<Range<usize>> {
        rules::pause_spans
    }

    fn tidy_live(&self, raw: &str) -> Option<String> {
        rules::tidy_segment(raw)
    }

    async fn open(&self, spec: &SynthesisSpec) -> Result<MiniMaxSession, EngineError> {
        check_spec(spec)?;
        let request = SynthesisRequest::from_spec(spec);
        if let (Some(client), Transport::Http) = (&self.http, self.transport) {
            return Ok(MiniMaxSession::Http(Box::new(SseSession::new(
                client.clone(),
                self.endpoint.clone(),
                self.proxy.clone(),
                &self.api_key,
                request,
                self.timeout,
            ))));
        }
        loop {
            let used = self.endpoint.endpoint();
            let opened = WsSession::open(
                &used.ws_url(ws::T2A_PATH),
                &self.api_key,
                &request,
                self.timeout,
                &self.proxy,
            )
            .await;
            match opened {
                Ok(session) => {
                    self.endpoint.confirm();
                    return Ok(MiniMaxSession::Ws(Box::new(session)));
                }
                Err(e) if self.endpoint.switch(&e, &used) => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

/// A session on either transport.
pub enum MiniMaxSession {
    // Boxed: both hold large buffers, and a session is made once per run (or retry).
    Ws(Box<WsSession>),
    Http(Box<SseSession>),
}

impl Session for MiniMaxSession {
    async fn send(&mut self, text: &str) -> Result<(), EngineError> {
        match self {
            MiniMaxSession::Ws(s) => s.send(text).await,
            MiniMaxSession::Http(s) => s.send(text).await,
        }
    }

    async fn next_event(&mut self) -> Result<Event, EngineError> {
        match self {
            MiniMaxSession::Ws(s) => s.next_event().await,
            MiniMaxSession::Http(s) => s.next_event().await,
        }
    }

    async fn keepalive(&mut self) -> Result<(), EngineError> {
        match self {
            MiniMaxSession::Ws(s) => s.keepalive().await,
            MiniMaxSession::Http(s) => s.keepalive().await,
        }
    }

    async fn finish(self) -> Result<(), EngineError> {
        match self {
            MiniMaxSession::Ws(s) => (*s).finish().await,
            MiniMaxSession::Http(s) => (*s).finish().await,
        }
    }

    async fn close(self) {
        match self {
            MiniMaxSession::Ws(s) => (*s).close().await,
            MiniMaxSession::Http(s) => (*s).close().await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_have_their_hosts() {
        assert_eq!(
            region_endpoint(Region::Global).ws_url(ws::T2A_PATH),
            "wss://api.minimax.io/ws/v1/t2a_v2"
        );
        assert_eq!(
            region_endpoint(Region::Cn).http_url(sse::T2A_PATH),
            "https://api.minimaxi.com/v1/t2a_v2"
        );
    }
}
