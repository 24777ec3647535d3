//! Fish Audio's live WebSocket messages (<https://docs.fish.audio/features/realtime-streaming>,
//! `asyncapi.yml` in fishaudio/docs): each one MessagePack map with string keys, in a
//! binary frame; audio arrives as MessagePack `bin`.

use serde::{Deserialize, Serialize};

use crate::spec::{AudioFormat, FishExtras, SynthesisSpec};

/// The TTSRequest of a `start` event. Every field we expose is set explicitly: the
/// API's defaults and its SDKs' defaults differ.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct TtsRequest {
    /// Empty: the text follows in `text` events.
    pub text: String,
    /// `nil` lets Fish choose the voice.
    pub reference_id: Option<String>,
    pub format: &'static str,
    pub sample_rate: u32,
    /// In kbit/s.
    pub mp3_bitrate: u32,
    /// -1000 (automatic): the unit of other values is disputed between spec and SDKs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opus_bitrate: Option<i32>,
    pub latency: &'static str,
    pub chunk_length: u32,
    pub normalize: bool,
    pub prosody: Prosody,
    pub temperature: f64,
    pub top_p: f64,
    /// Instant cloning: each sample as MessagePack `bin`, with its transcript.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<WireReference>,
}

/// One `ReferenceAudio`: `audio` must be `bin` (an array of numbers is not audio).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct WireReference {
    #[serde(serialize_with = "as_bin")]
    pub audio: std::sync::Arc<[u8]>,
    pub text: String,
}

fn as_bin<S: serde::Serializer>(audio: &std::sync::Arc<[u8]>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_bytes(audio)
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Prosody {
    pub speed: f64,
    /// In dB, -20 to 20.
    pub volume: f64,
}

/// The format Fish is asked for: WAV and PCM arrive as Fish's own WAV / raw PCM; the
/// session turns WAV into PCM (the sink writes a header with the right sizes).
pub fn wire_format(format: AudioFormat) -> &'static str {
    match format {
        AudioFormat::Mp3 => "mp3",
        AudioFormat::Wav => "wav",
        AudioFormat::Pcm => "pcm",
        AudioFormat::Opus => "opus",
        // Refused by `check_spec` before a request is made.
        AudioFormat::Flac => "flac",
    }
}

/// `--vol` is a gain factor (1 = unchanged); Fish takes decibels.
pub fn volume_db(gain: f64) -> f64 {
    let db = 20.0 * gain.log10();
    // Rounded so that 1 → 0 dB exactly and the request is stable.
    (db * 100.0).round() / 100.0
}

impl TtsRequest {
    /// The request for `spec` (a Fish spec: `check_spec` has passed).
    pub fn from_spec(spec: &SynthesisSpec, fish: &FishExtras) -> TtsRequest {
        TtsRequest {
            text: String::new(),
            reference_id: spec.voice.clone(),
            format: wire_format(spec.format),
            sample_rate: spec.sample_rate.get(),
            mp3_bitrate: spec.bitrate.get() / 1000,
            opus_bitrate: (spec.format == AudioFormat::Opus).then_some(-1000),
            latency: fish.latency.as_str(),
            chunk_length: fish.chunk_length.get(),
            normalize: fish.normalize,
            prosody: Prosody {
                speed: spec.speed.get(),
                volume: volume_db(spec.volume.get()),
            },
            temperature: fish.temperature.get(),
            top_p: fish.top_p.get(),
            references: fish
                .references
                .iter()
                .map(|r| WireReference {
                    audio: r.audio.clone(),
                    text: r.text.clone(),
                })
                .collect(),
        }
    }
}

/// What the client sends.
#[derive(Serialize, Debug)]
#[serde(tag = "event", rename_all = "lowercase")]
pub enum ClientEvent {
    Start {
        request: Box<TtsRequest>,
    },
    Text {
        text: String,
    },
    Flush,
    /// Synthesize what is left, send `finish`, close.
    Stop,
}

impl ClientEvent {
    /// One MessagePack map (`to_vec_named`: structs as maps, as every Fish client sends).
    pub fn encode(&self) -> Result<Vec<u8>, String> {
        rmp_serde::to_vec_named(self).map_err(|e| e.to_string())
    }

    pub fn name(&self) -> &'static str {
        match self {
            ClientEvent::Start { .. } => "start",
            ClientEvent::Text { .. } => "text",
            ClientEvent::Flush => "flush",
            ClientEvent::Stop => "stop",
        }
    }
}

/// What the server sends: `audio`, `finish`, and events to ignore. Every field may be
/// missing; unknown fields are ignored.
#[derive(Deserialize, Debug, Default)]
pub struct ServerEvent {
    pub event: Option<String>,
    #[serde(default, with = "serde_bytes")]
    pub audio: Option<Vec<u8>>,
    /// `finish`: `stop` (success) or `error`.
    pub reason: Option<String>,
    pub message: Option<String>,
}

impl ServerEvent {
    pub fn decode(bytes: &[u8]) -> Result<ServerEvent, String> {
        rmp_serde::from_slice(bytes).map_err(|e| e.to_string())
    }
}

/// Fish's WAV stream starts with a RIFF header whose sizes are placeholders; what follows
/// the `data` chunk header is 16-bit PCM. This takes the header off the front of a
/// session's stream (it may arrive split over several chunks) and checks its layout.
#[derive(Debug, Default)]
pub struct WavHeaderStripper {
    buffered: Vec<u8>,
    done: bool,
}

/// A RIFF header longer than this is not one.
const MAX_HEADER: usize = 64 * 1024;

impl WavHeaderStripper {
    /// Feeds a chunk; returns the PCM that follows the header (empty while the header
    /// is incomplete).
    pub fn feed(&mut self, chunk: Vec<u8>, expected_rate: u32) -> Result<Vec<u8>, String> {
        if self.done {
            return Ok(chunk);
        }
        self.buffered.extend_from_slice(&chunk);
        match parse_header(&self.buffered)? {
            None if self.buffered.len() > MAX_HEADER => {
                Err("no `data` chunk in the first 64 KiB of the WAV stream".into())
            }
            None => Ok(Vec::new()),
            Some(header) => {
                if header.format_tag != 1 || header.bits != 16 || header.channels != 1 {
                    return Err(format!(
                        "the WAV stream is not 16-bit mono PCM (format {}, {} bits, {} channels)",
                        header.format_tag, header.bits, header.channels
                    ));
                }
                if header.sample_rate != expected_rate {
                    return Err(format!(
                        "the WAV stream is at {} Hz, not the {expected_rate} Hz asked for",
                        header.sample_rate
                    ));
                }
                self.done = true;
                Ok(self.buffered.split_off(header.data_start))
            }
        }
    }
}

struct WavHeader {
    format_tag: u16,
    channels: u16,
    sample_rate: u32,
    bits: u16,
    /// Where the samples start.
    data_start: usize,
}

/// Walks the RIFF chunks up to `data`; `None` when more bytes are needed.
fn parse_header(bytes: &[u8]) -> Result<Option<WavHeader>, String> {
    if bytes.len() < 12 {
        return Ok(None);
    }
    if &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return Err("the WAV stream does not start with a RIFF/WAVE header".into());
    }
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    let u32_at =
        |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let mut fmt: Option<(u16, u16, u32, u16)> = None;
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let size = u32_at(at + 4) as usize;
        let body = at + 8;
        if id == b"data" {
            let (format_tag, channels, sample_rate, bits) =
                fmt.ok_or("the WAV stream has no `fmt ` chunk before its data")?;
            return Ok(Some(WavHeader {
                format_tag,
                channels,
                sample_rate,
                bits,
                data_start: body,
            }));
        }
        // Chunks are padded to an even size; a placeholder size here means no data chunk.
        let next = body
            .checked_add(size + (size & 1))
            .filter(|&n| n <= MAX_HEADER)
            .ok_or("a WAV header chunk is impossibly large")?;
        if id == b"fmt " {
            if size < 16 {
                return Err("the WAV `fmt ` chunk is too short".into());
            }
            if body + 16 > bytes.len() {
                return Ok(None);
            }
            fmt = Some((
                u16_at(body),
                u16_at(body + 2),
                u32_at(body + 4),
                u16_at(body + 14),
            ));
        }
        at = next;
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A streamed WAV header (placeholder sizes), as Fish sends.
    fn header(rate: u32) -> Vec<u8> {
        let layout = crate::spec::PcmLayout {
            sample_rate: rate,
            channels: 1,
        };
        crate::audio::wav::wav_header(layout, None).to_vec()
    }

    #[test]
    fn wav_header_is_taken_off_even_when_split() {
        let mut stream = header(16000);
        stream.extend_from_slice(&[1, 2, 3, 4, 5]);
        let mut stripper = WavHeaderStripper::default();
        let mut pcm = Vec::new();
        for piece in stream.chunks(7) {
            pcm.extend(stripper.feed(piece.to_vec(), 16000).unwrap());
        }
        assert_eq!(pcm, vec![1, 2, 3, 4, 5]);
        let mut wrong = WavHeaderStripper::default();
        assert!(wrong.feed(header(24000), 16000).is_err());
        let mut garbage = WavHeaderStripper::default();
        assert!(garbage.feed(b"ID3 not a wav file".to_vec(), 16000).is_err());
    }

    #[test]
    fn events_are_maps_with_string_keys() {
        let bytes = ClientEvent::Text {
            text: "Hello ".into(),
        }
        .encode()
        .unwrap();
        let value: serde_json::Value = rmp_serde::from_slice(&bytes).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"event": "text", "text": "Hello "})
        );
        let stop: serde_json::Value =
            rmp_serde::from_slice(&ClientEvent::Stop.encode().unwrap()).unwrap();
        assert_eq!(stop, serde_json::json!({"event": "stop"}));
        // The first byte is a fixmap, not a fixarray.
        assert_eq!(bytes[0] & 0xf0, 0x80);
    }

    #[test]
    fn audio_arrives_as_bin() {
        #[derive(Serialize)]
        struct Audio<'a> {
            event: &'a str,
            #[serde(with = "serde_bytes")]
            audio: &'a [u8],
        }
        let bytes = rmp_serde::to_vec_named(&Audio {
            event: "audio",
            audio: &[0xff, 0xfb, 0x90],
        })
        .unwrap();
        let event = ServerEvent::decode(&bytes).unwrap();
        assert_eq!(event.audio.as_deref(), Some(&[0xff, 0xfb, 0x90][..]));
        assert!(ServerEvent::decode(b"\xc1garbage").is_err());
    }

    #[test]
    fn gain_becomes_decibels() {
        assert_eq!(volume_db(1.0), 0.0);
        assert_eq!(volume_db(10.0), 20.0);
        assert_eq!(volume_db(0.1), -20.0);
        assert_eq!(volume_db(2.0), 6.02);
    }
}
