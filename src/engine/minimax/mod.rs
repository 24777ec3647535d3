//! Everything MiniMax: hosts and regions, wire types, the WebSocket and HTTP-stream
//! transports, the async/files/voices HTTP API, the status table, and its text rules.

pub mod http;
pub mod jobs;
pub mod region;
pub mod rules;
pub mod sse;
pub mod status;
pub mod wire;
pub mod ws;

use std::ops::Range;
use std::rc::Rc;
use std::time::Duration;

use crate::engine::error::{EngineError, list_numbers};
use crate::engine::net::{Endpoint, ProxySettings, http_client};
use crate::engine::{Capabilities, Engine, Event, Session};
use crate::spec::{AudioFormat, Emotion, Region, SynthesisSpec, Transport};

use region::RegionProbe;
use sse::SseSession;
use wire::SynthesisRequest;
use ws::WsSession;

pub const DEFAULT_MODEL: &str = "speech-2.8-hd";
pub const DEFAULT_VOICE: &str = "English_expressive_narrator";

/// Keys from platform.minimax.io work here.
pub const GLOBAL_BASE_URL: &str = "https://api.minimax.io";
/// Keys from platform.minimaxi.com work here (keys are region-locked).
pub const CN_BASE_URL: &str = "https://api.minimaxi.com";

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
    if spec.format == AudioFormat::Opus {
        return Err(EngineError::input(
            "MiniMax does not produce Opus",
            "use --format mp3, wav, pcm or flac, or --provider fish for Opus",
        ));
    }
    if spec.minimax.emotion == Some(Emotion::Whisper) && spec.model.starts_with("speech-2.8") {
        return Err(EngineError::input(
            format!("the {} model does not accept --emotion whisper", spec.model),
            "use --model speech-2.6-hd for whispering, or another emotion",
        ));
    }
    let rate = spec.sample_rate.get();
    if !rules::SAMPLE_RATES.contains(&rate) {
        return Err(EngineError::input(
            format!(
                "sample rate must be one of {}, not {rate}",
                list_numbers(rules::SAMPLE_RATES)
            ),
            "e.g. --sample-rate 32000",
        ));
    }
    let bitrate = spec.bitrate.get();
    if !rules::BITRATES.contains(&bitrate) {
        return Err(EngineError::input(
            format!(
                "bitrate must be one of {}, not {bitrate}",
                list_numbers(rules::BITRATES)
            ),
            "e.g. --bitrate 128000",
        ));
    }
    if let Some(language) = &spec.language
        && rules::language(language.as_str()).is_none()
    {
        return Err(EngineError::input(
            format!("unknown language '{}'", language.as_str()),
            format!("use one of: {}", rules::LANGUAGES.join(", ")),
        ));
    }
    if !spec.minimax.effects.is_empty() && spec.format != AudioFormat::Mp3 {
        return Err(EngineError::input(
            "voice effects (--effect-*, --sound-effect) work only with MP3 output when streaming",
            "use --format mp3 (or an .mp3 output file)",
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
        }
    }

    fn check_spec(&self, spec: &SynthesisSpec) -> Result<(), EngineError> {
        check_spec(spec)
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
            let opened = WsSession::open(
                &self.endpoint.endpoint().ws_url(ws::T2A_PATH),
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
                Err(e) if self.endpoint.switch(&e) => continue,
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
